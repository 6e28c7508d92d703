package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/geo"
)

// This file holds the exports for GIS users (CSV, GeoJSON; the CLI writes
// GeoPackage from the same columns and values) and the mail-merge file for
// letters to residents.

// Column is one attribute of an export, named in stable English snake_case,
// with its GeoPackage type: TEXT, INTEGER, REAL, BOOLEAN or DATE.
type Column struct {
	Name string
	Type string
}

// ListSeparator joins the names of several zones or build areas in one
// export column.
const ListSeparator = "; "

// AddressColumns are the columns of the address exports, in order.
var AddressColumns = []Column{
	{"id", "INTEGER"}, {"key", "TEXT"}, {"ags", "TEXT"}, {"municipality", "TEXT"},
	{"street", "TEXT"}, {"number", "TEXT"}, {"suffix", "TEXT"}, {"postcode", "TEXT"}, {"city", "TEXT"},
	{"district", "TEXT"}, {"zones", "TEXT"}, {"build_areas", "TEXT"},
	{"east", "REAL"}, {"north", "REAL"}, {"lon", "REAL"}, {"lat", "REAL"},
	{"households", "INTEGER"}, {"businesses", "INTEGER"}, {"type", "TEXT"},
	{"coverage", "TEXT"}, {"coverage_text", "TEXT"}, {"eligible", "BOOLEAN"}, {"reason", "TEXT"},
	{"download", "REAL"}, {"upload", "REAL"}, {"technology", "TEXT"}, {"operator", "TEXT"},
}

// AddressValues returns the values of r in AddressColumns order: int64,
// float64, string, bool, or nil where there is no value (download and
// upload without supply data). UTM coordinates are rounded to the
// centimetre, WGS84 ones to 7 decimals (about 1 cm).
func AddressValues(r AddressRow) []any {
	var down, up any
	if r.HasSupply {
		down, up = r.Download, r.Upload
	}
	return []any{
		r.ID, r.Key, r.AGS, r.Municipality,
		r.Street, r.HouseNumber, r.Suffix, r.Postcode, r.City,
		r.District, strings.Join(r.Zones, ListSeparator), strings.Join(r.BuildAreas, ListSeparator),
		round(r.East, 2), round(r.North, 2), round(r.Lon, 7), round(r.Lat, 7),
		int64(r.Households), int64(r.Businesses), string(r.Type),
		string(r.Coverage), r.CoverageText, r.Eligible, r.Reason,
		down, up, r.Technology, r.Operator,
	}
}

// AreaRow is an area with its counts and, for a campaign covering it, the
// campaign's figures. An area in several campaigns has one row per
// campaign; an area in none has one row with the campaign fields empty.
type AreaRow struct {
	ID   int64
	Kind geo.AreaKind
	Name string
	// Municipality is the name of the area's municipality (its own for a
	// municipality; "" for none) and AGS that municipality's key.
	Municipality, AGS                 string
	Geometry                          orb.MultiPolygon
	Addresses, Households, Businesses int

	Campaign, Provider, Status string // "" when no campaign covers the area
	Signups                    int
	Quota, Threshold           float64
	Deadline                   time.Time // zero if none
}

// AreaColumns are the columns of the area exports, in order.
var AreaColumns = []Column{
	{"area_id", "INTEGER"}, {"kind", "TEXT"}, {"name", "TEXT"}, {"municipality", "TEXT"}, {"ags", "TEXT"},
	{"addresses", "INTEGER"}, {"households", "INTEGER"}, {"businesses", "INTEGER"},
	{"campaign", "TEXT"}, {"provider", "TEXT"}, {"status", "TEXT"},
	{"signups", "INTEGER"}, {"quota", "REAL"}, {"threshold", "REAL"}, {"deadline", "DATE"},
}

// AreaValues returns the values of r in AreaColumns order. Without a
// campaign, its fields are nil; the deadline is "YYYY-MM-DD" or nil.
func AreaValues(r AreaRow) []any {
	v := []any{r.ID, string(r.Kind), r.Name, r.Municipality, r.AGS, int64(r.Addresses), int64(r.Households), int64(r.Businesses),
		nil, nil, nil, nil, nil, nil, nil}
	if r.Campaign != "" {
		v[8], v[9], v[10] = r.Campaign, r.Provider, r.Status
		v[11], v[12], v[13] = int64(r.Signups), round(r.Quota, 4), r.Threshold
		if !r.Deadline.IsZero() {
			v[14] = r.Deadline.Format(time.DateOnly)
		}
	}
	return v
}

func round(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(v*p) / p
}

// text formats an export value for CSV: nil is empty, bools are true and
// false, numbers use '.' and no exponent.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return formatReal(x)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// germanText formats an export value for German spreadsheets: like text,
// with a decimal comma and "ja"/"nein".
func germanText(v any) string {
	switch x := v.(type) {
	case float64:
		return strings.Replace(text(x), ".", ",", 1)
	case bool:
		if x {
			return "ja"
		}
		return "nein"
	}
	return text(v)
}

// formatReal formats a REAL value with '.', no exponent and at least one
// decimal ("16.0"), so that GIS software reading CSV or GeoJSON detects the
// column as real for every value, not as integer when the first is whole.
func formatReal(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

func columnNames(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// WriteAddressesCSV writes rows as RFC 4180 CSV for GIS: UTF-8 without BOM,
// comma-separated, '.' decimals, a header of AddressColumns. It returns
// the number of rows written (without the header). An error from rows
// stops the export and is returned as is.
func WriteAddressesCSV(w io.Writer, rows iter.Seq2[AddressRow, error]) (int, error) {
	bw := bufio.NewWriter(w)
	cw := NewCSVWriter(bw)
	return writeAddressesCSV(bw, cw, columnNames(AddressColumns), text, rows)
}

// AddressColumnsGerman are the headers of the address CSV for Excel, in
// AddressColumns order.
var AddressColumnsGerman = []string{
	"ID", "Adressschlüssel", "AGS", "Gemeinde",
	"Straße", "Hausnummer", "Zusatz", "PLZ", "Ort",
	"Ortsteil", "Gewerbegebiete", "Ausbaugebiete",
	"Ostwert", "Nordwert", "Länge", "Breite",
	"Haushalte", "Unternehmen", "Art",
	"Versorgung (Schlüssel)", "Versorgung", "förderfähig", "Begründung",
	"Download (Mbit/s)", "Upload (Mbit/s)", "Technik", "Betreiber",
}

// WriteAddressesExcelCSV writes rows as CSV for German Excel and
// LibreOffice (NewExcelCSVWriter: BOM, ';', CRLF) with German headers,
// decimal commas and "ja"/"nein", so that a double click opens it in
// columns. Same rows and values as WriteAddressesCSV.
func WriteAddressesExcelCSV(w io.Writer, rows iter.Seq2[AddressRow, error]) (int, error) {
	bw, cw, err := bufferedExcel(w)
	if err != nil {
		return 0, err
	}
	return writeAddressesCSV(bw, cw, AddressColumnsGerman, germanText, rows)
}

func writeAddressesCSV(bw *bufio.Writer, cw *CSVWriter, header []string, format func(any) string, rows iter.Seq2[AddressRow, error]) (int, error) {
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	n := 0
	rec := make([]string, len(AddressColumns))
	for r, err := range rows {
		if err != nil {
			return n, err
		}
		for i, v := range AddressValues(r) {
			rec[i] = format(v)
		}
		if err := cw.Write(rec); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// WriteAddressesGeoJSON writes rows as an RFC 7946 FeatureCollection of
// Points (WGS84, 7 decimals) with the AddressColumns as properties, one
// feature per line. It streams: memory does not grow with the number of
// rows. It returns the number of features written.
func WriteAddressesGeoJSON(w io.Writer, rows iter.Seq2[AddressRow, error]) (int, error) {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	n := 0
	var buf []byte
	for r, err := range rows {
		if err != nil {
			return n, err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		buf = append(buf[:0], `{"type":"Feature","geometry":`...)
		if finite(r.Lon, r.Lat) {
			buf = append(buf, `{"type":"Point","coordinates":`...)
			buf = appendPosition(buf, orb.Point{r.Lon, r.Lat})
			buf = append(buf, '}')
		} else {
			buf = append(buf, "null"...)
		}
		buf, err = appendProperties(buf, AddressColumns, AddressValues(r))
		if err != nil {
			return n, err
		}
		buf = append(buf, '}')
		if _, err := bw.Write(buf); err != nil {
			return n, err
		}
		n++
	}
	bw.WriteString("\n]}\n")
	return n, bw.Flush()
}

// WriteAreasGeoJSON writes rows as an RFC 7946 FeatureCollection of
// MultiPolygons (WGS84, 7 decimals, exterior rings counterclockwise and
// holes clockwise) with the AreaColumns as properties.
func WriteAreasGeoJSON(w io.Writer, rows []AreaRow) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	var buf []byte
	for i, r := range rows {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		buf = append(buf[:0], `{"type":"Feature","geometry":`...)
		if len(r.Geometry) == 0 {
			buf = append(buf, "null"...)
		} else {
			buf = append(buf, `{"type":"MultiPolygon","coordinates":`...)
			buf = appendMultiPolygon(buf, r.Geometry)
			buf = append(buf, '}')
		}
		var err error
		buf, err = appendProperties(buf, AreaColumns, AreaValues(r))
		if err != nil {
			return err
		}
		buf = append(buf, '}')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

func appendProperties(buf []byte, cols []Column, vals []any) ([]byte, error) {
	buf = append(buf, `,"properties":{`...)
	for i, c := range cols {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSON(buf, c.Name)
		buf = append(buf, ':')
		v := vals[i]
		if f, ok := v.(float64); ok {
			if !finite(f) {
				buf = append(buf, "null"...)
			} else {
				buf = append(buf, formatReal(f)...)
			}
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			return buf, fmt.Errorf("reports: property %s: %w", c.Name, err)
		}
		buf = append(buf, b...)
	}
	return append(buf, '}'), nil
}

func appendJSON(buf []byte, s string) []byte {
	b, _ := json.Marshal(s)
	return append(buf, b...)
}

// appendCoord formats a coordinate with at most 7 decimals.
func appendCoord(buf []byte, v float64) []byte {
	s := strconv.FormatFloat(v, 'f', 7, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		s = "0"
	}
	return append(buf, s...)
}

func appendPosition(buf []byte, p orb.Point) []byte {
	buf = append(buf, '[')
	buf = appendCoord(buf, p[0])
	buf = append(buf, ',')
	buf = appendCoord(buf, p[1])
	return append(buf, ']')
}

func appendMultiPolygon(buf []byte, mp orb.MultiPolygon) []byte {
	buf = append(buf, '[')
	for i, p := range mp {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		for j, ring := range p {
			if j > 0 {
				buf = append(buf, ',')
			}
			// RFC 7946 3.1.6: exterior rings counterclockwise, holes
			// clockwise.
			want := orb.CCW
			if j > 0 {
				want = orb.CW
			}
			reverse := ring.Orientation() == -want
			buf = append(buf, '[')
			for k := range ring {
				if k > 0 {
					buf = append(buf, ',')
				}
				idx := k
				if reverse {
					idx = len(ring) - 1 - k
				}
				buf = appendPosition(buf, ring[idx])
			}
			buf = append(buf, ']')
		}
		buf = append(buf, ']')
	}
	return append(buf, ']')
}

func finite(v ...float64) bool {
	for _, f := range v {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

// The mail-merge columns, as Word and LibreOffice show them in the field
// list.
var mailMergeHeader = []string{"Anrede", "Straße und Hausnummer", "PLZ und Ort", "Ortsteil"}

// MailMergeSalutation is the Anrede of every letter: the export holds
// address lines only, no names or other personal data.
const MailMergeSalutation = "An die Bewohner"

// WriteMailMerge writes the data source for letters to residents: CSV with
// ';' as delimiter and CRLF line ends, UTF-8 with a byte-order mark (so
// that Word's and LibreOffice's mail merge read the umlauts), the columns
// Anrede, Straße und Hausnummer, PLZ und Ort and Ortsteil. It writes one
// row per address with households or businesses, skipping addresses with a
// placeholder street, and returns the number of rows (without the header).
func WriteMailMerge(w io.Writer, rows iter.Seq2[AddressRow, error]) (int, error) {
	bw, cw, err := bufferedExcel(w)
	if err != nil {
		return 0, err
	}
	if err := cw.Write(mailMergeHeader); err != nil {
		return 0, err
	}
	n := 0
	for r, err := range rows {
		if err != nil {
			return n, err
		}
		if r.Households <= 0 && r.Businesses <= 0 {
			continue
		}
		if r.Placeholder || geo.IsPlaceholderStreet(r.Street) || strings.TrimSpace(r.Street) == "" {
			continue
		}
		street := r.Street
		if r.HouseNumber != "" {
			street += " " + r.HouseNumber + r.Suffix
		}
		if err := cw.Write([]string{MailMergeSalutation, street, strings.TrimSpace(r.Postcode + " " + r.City), r.District}); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}
