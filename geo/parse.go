package geo

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseOptions tell the readers what the file itself does not.
type ParseOptions struct {
	// CRS of the coordinates. 0 means: from the file (the legacy GeoJSON
	// crs member, the zone prefix of HK-DE eastings) or the format default
	// (GeoJSON: WGS84; CSV: guessed from the values, with a warning).
	CRS CRS
	// Map overrides the column (CSV) or property (GeoJSON) of a canonical
	// field, as given by --map field=column. The canonical fields are key,
	// street, number, suffix, postcode, city, locality, x, y, households,
	// businesses, type, ags and streetkey (see Fields).
	Map map[string]string
	// NameField is the property holding an area's name (ReadAreas);
	// empty means the first of name, bezeichnung, ortsteil, stadtteil,
	// stadtbezirk, STB_NAME, … that a feature has.
	NameField string
	// Kind is given to every area read (ReadAreas).
	Kind AreaKind
	// Encoding of a CSV file: "" detects it (UTF-8, else Windows-1252),
	// see ParseEncoding.
	Encoding string
	// TypeValues maps values of the file's type column (lower case) to
	// address types, before the German spellings and ALKIS codes.
	TypeValues map[string]AddressType
	// Limits bound fields, records and geometries; zero values take
	// DefaultLimits.
	Limits Limits
	// Layer is the layer (GeoPackage, GML, OSM) or sheet (XLSX) to read;
	// empty reads every fitting layer, or the first sheet.
	Layer string
	// Where keeps only the features whose property (any case) has the
	// value given, as --where admin_level=10 (areas).
	Where map[string]string
	// Municipality places every area read (of a kind other than
	// municipality) in the stored municipality with this AGS or name; empty
	// places each in the municipality that contains it (ImportAreas).
	Municipality string
	// Within (an AGS or name) places every area read by containment, as
	// without Municipality, and refuses with EFORBIDDEN one that does not
	// lie in that municipality: an office of one town imports only its
	// own areas.
	Within string
	// AGS is given to every municipality read; empty reads it from the
	// property AGSField, else from one named like AGS, RS or GKZ.
	AGS      string
	AGSField string
	// RemoveMissing removes, after an area import, the areas of its kind in
	// the municipalities it touched that it did not hold (ImportAreas
	// reports them either way).
	RemoveMissing bool
	// LocalFiles says that file names are paths on this machine (the
	// command line): a Shapefile's .shp is then read with the .shx, .dbf,
	// .prj and .cpg next to it. Uploads leave it false: a name from a
	// browser must never open a file on the server.
	LocalFiles bool
	// AllowDuplicates lets an import go on when more than 1 % of its
	// records share their key with an earlier record (they are skipped).
	AllowDuplicates bool
}

// Fields lists the canonical field names ParseOptions.Map accepts.
// "address" is a combined "street number" column, read when there is no
// street column.
var Fields = []string{"key", "street", "number", "suffix", "address", "postcode", "city", "locality", "x", "y", "households", "businesses", "type", "ags", "streetkey"}

// fieldAliases are the column and property names recognised for each
// canonical field, compared case-insensitively, best first.
var fieldAliases = map[string][]string{
	"key":        {"key", "id", "oi", "adressid", "adress_id", "address_id", "addressid", "adresse_id", "hauskoordinate_id", "hk_id", "uuid"},
	"street":     {"strasse", "straße", "strassenname", "straßenname", "strname", "str_name", "stn", "street", "addr:street", "str", "lagebezeichnung"},
	"number":     {"hnr", "hsnr", "hausnummer", "hausnr", "addr:housenumber", "housenumber", "nr", "number", "hno"},
	"suffix":     {"zusatz", "adz", "hausnummerzusatz", "hnrzusatz", "hnr_zusatz", "hsnrzusatz", "hsnr_zusatz", "hsnrzu", "hnrzu", "hnrz", "hausnrzusatz", "hausnr_zusatz", "hausnummer_zusatz", "adressierungszusatz", "zus", "suffix", "housenumber_suffix"},
	"address":    {"adresse", "anschrift", "address", "addr:full", "strasse_hnr", "strasse_hausnummer", "straße_hausnummer", "str_hnr"},
	"postcode":   {"plz", "postleitzahl", "postcode", "addr:postcode", "zip", "psn"},
	"city":       {"ort", "city", "addr:city", "gemeinde", "gemeindename", "onm", "ortsname"},
	"locality":   {"ortsteil", "ott", "pot", "addr:suburb", "addr:place", "stadtteil", "ortsteilname"},
	"x":          {"x", "rechtswert", "east", "easting", "ost", "lon", "lng", "long", "longitude", "laenge", "länge"},
	"y":          {"y", "hochwert", "north", "northing", "nord", "lat", "latitude", "breite"},
	"households": {"we", "wohneinheiten", "households", "haushalte", "anzahl_we", "anz_we"},
	"businesses": {"betriebe", "businesses", "unternehmen", "firmen", "gewerbeeinheiten", "ge", "anzahl_ge"},
	"type":       {"gebaeudeart", "gebäudeart", "nutzung", "nutzungsart", "gebaeudefunktion", "gebäudefunktion", "gfk", "type", "typ", "art", "adresstyp", "kategorie"},
	"ags":        {"ags", "gemeindeschluessel", "gemeindeschlüssel", "gkz", "gemeindekennziffer", "rs", "regionalschluessel", "regionalschlüssel"},
	"streetkey":  {"sss", "strschl", "strassenschluessel", "straßenschlüssel", "strschluessel", "str_schl", "strkey"},
}

// degreeNames are x/y column names that mean WGS84 degrees.
var degreeNames = []string{"lon", "lng", "long", "longitude", "laenge", "länge", "lat", "latitude", "breite"}

// Issue is a problem with one row or feature.
type Issue struct {
	File    string
	Line    int // 1-based line (the CSV header is line 1); 0 if not applicable
	Feature int // 0-based GeoJSON feature index; -1 if not applicable
	Field   string
	Message string
}

// String formats the issue for people: "adressen.csv:12: field hnr: not a
// number", "ortsteile.geojson: feature 3: field geometry: …".
func (i Issue) String() string {
	var b strings.Builder
	b.WriteString(i.File)
	if i.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(i.Line))
	}
	b.WriteString(": ")
	if i.Line <= 0 && i.Feature >= 0 {
		fmt.Fprintf(&b, "feature %d: ", i.Feature)
	}
	if i.Field != "" {
		fmt.Fprintf(&b, "field %s: ", i.Field)
	}
	b.WriteString(i.Message)
	return b.String()
}

// ParseError is a fatal problem with a row, feature or the whole file; it
// aborts the import. Its Error is the Issue's String.
//
// Error codes: a *ParseError unwraps to an *Error with code EINVALID and
// the same message (so errors.As(err, &*geo.Error), ErrorCode and
// ErrorMessage work), which in turn unwraps to the cause Err, if any (e.g.
// ErrOutOfRange or ErrUnknownCRS for errors.Is).
type ParseError struct {
	Issue
	Err error // cause, may be nil
}

func (e *ParseError) Error() string { return e.Issue.String() }

// Unwrap returns an *Error with code EINVALID wrapping the cause; its
// message, the one ErrorMessage shows people, is the issue in German
// (Issue.German).
func (e *ParseError) Unwrap() error {
	return &Error{Code: EINVALID, Message: e.Issue.German(), Err: e.Err}
}

// maxIssues caps the issues a Report stores per list; the counts stay
// accurate.
const maxIssues = 100

// Report collects what happened while reading one file.
type Report struct {
	File   string
	Format string // "HK-DE 4.2", "HK-DE 3.1", "CSV", "GeoJSON"
	// CRS is the coordinate system the coordinates were read in (given,
	// declared by the file or assumed; see Warnings).
	CRS CRS
	// CRSName is the name of the file's declared system (from a .prj,
	// GML or GeoPackage), which may have no EPSG code.
	CRSName string
	// Read counts the records (rows, features) read, skipped ones included.
	Read int
	// Skipped lists records left out with the reason (e.g. HK-DE records
	// marked deleted), at most 100; SkippedCount counts all.
	Skipped      []Issue
	SkippedCount int
	// Warnings lists records imported with a remark (placeholder street,
	// assumed CRS, repaired polygon), at most 100; WarningCount counts all.
	Warnings     []Issue
	WarningCount int
	// PlaceholderCount counts addresses with a placeholder street.
	PlaceholderCount int
	// NoNumberCount counts addresses without a house number (imported
	// and flagged).
	NoNumberCount int
	// RepairedCount counts values that were encoded as UTF-8 twice and
	// were repaired.
	RepairedCount int
	// Encoding is the text encoding a CSV file was read in.
	Encoding string
	// Mapping tells which column or property each canonical field was read
	// from ("street=STR_NAME_2018"), in Fields order.
	Mapping []string
	// Unmapped lists the columns or properties no field was read from.
	Unmapped []string
	// kinds counts the warnings by kind (see warningKind).
	kinds map[string]*WarningKind
	// DuplicateCount counts records skipped because their key came before.
	DuplicateCount int
	// FilteredCount counts features left out by ParseOptions.Where.
	FilteredCount int
}

func (r *Report) warn(i Issue) {
	r.WarningCount++
	if len(r.Warnings) < maxIssues {
		r.Warnings = append(r.Warnings, i)
	}
	if r.kinds == nil {
		r.kinds = map[string]*WarningKind{}
	}
	k := warningKind(i.Message)
	wk := r.kinds[k]
	if wk == nil {
		if len(r.kinds) >= maxIssues {
			return
		}
		wk = &WarningKind{Message: k}
		r.kinds[k] = wk
	}
	wk.Count++
	if len(wk.Examples) < 3 {
		wk.Examples = append(wk.Examples, i)
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// warningKind is a warning's message with quoted values and numbers
// replaced by "…", so that warnings of one kind count together.
func warningKind(m string) string {
	var b strings.Builder
	for i := 0; i < len(m); i++ {
		switch c := m[i]; {
		case c == '"':
			j := strings.IndexByte(m[i+1:], '"')
			if j < 0 {
				b.WriteString(m[i:])
				return b.String()
			}
			b.WriteString("…")
			i += j + 1
		case c >= '0' && c <= '9' && (i == 0 || !isWordByte(m[i-1])):
			for i+1 < len(m) && (m[i+1] >= '0' && m[i+1] <= '9' || m[i+1] == '.' || m[i+1] == ',') {
				i++
			}
			b.WriteString("…")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (r *Report) skip(i Issue) {
	r.SkippedCount++
	if len(r.Skipped) < maxIssues {
		r.Skipped = append(r.Skipped, i)
	}
}

// The formats ReadAddresses detects.
const (
	formatGeoJSON = "GeoJSON"
	formatCSV     = "CSV"
	formatHKDE42  = "HK-DE 4.2"
	formatHKDE31  = "HK-DE 3.1"
)

// peekSize is how much of a file is looked at to detect format and encoding.
const peekSize = 64 << 10

// ReadAddresses reads the addresses of one file, detecting the format from
// the content: GeoJSON (first non-space byte '{'), HK-DE (no header, 18
// semicolon-separated fields of which the 4th to 7th are numeric keys; 4.2
// is UTF-8, 3.1 ISO-8859-1) or else CSV with a header row (delimiter ';',
// ',' or tab; UTF-8, or Windows-1252 when the start is not valid UTF-8).
//
// Reading streams: the file is never held in memory as a whole. Every
// address yielded has WGS84 coordinates, a Key (HK-DE: AGS, street key,
// number and suffix; else the file's key column, else AddressKey) and a
// Source "name:line" (CSV, HK-DE) or "name#feature" (GeoJSON). A fatal
// problem yields (Address{}, *ParseError) once and ends the sequence;
// records skipped and warnings go to rep (which may be nil). The sequence
// reads r and can be ranged over once.
func ReadAddresses(name string, r io.Reader, opt ParseOptions, rep *Report) iter.Seq2[Address, error] {
	return func(yield func(Address, error) bool) {
		if rep == nil {
			rep = &Report{}
		}
		rep.File = name
		p := &parser{name: name, opt: opt, limits: opt.Limits.withDefaults(), rep: rep, yield: yield}
		if err := p.checkOptions(); err != nil {
			yield(Address{}, err)
			return
		}
		br := bufio.NewReaderSize(r, peekSize)
		head, err := peekHead(br)
		if err != nil {
			yield(Address{}, p.fileErr("", err, "cannot read: %v", err))
			return
		}
		defer p.closeAll()
		switch kind := sniff(head); kind {
		case sniffGeoJSON:
			rep.Format = formatGeoJSON
			p.readGeoJSONAddresses(br)
		case sniffKML:
			p.readVectorAddresses(p.kmlSource(br, formatKML))
		case sniffText:
			if looksHKDE(head) {
				p.readHKDE(br, head)
				return
			}
			rep.Format = formatCSV
			p.readCSV(br, head)
		default:
			src, table, closeFn, err := p.openVector(kind, br, false)
			if err != nil {
				p.fail(err)
				return
			}
			defer closeFn()
			if table != nil {
				p.readTable(*table)
				return
			}
			p.readVectorAddresses(src)
		}
	}
}

// ReadAreas reads the areas of one GeoJSON file: Polygon and MultiPolygon
// features, named by opt.NameField or the first name-like property, given
// kind opt.Kind. Geometry is transformed to WGS84 and checked with GEOS;
// an invalid polygon is repaired (MakeValid) with a warning, and one that
// has no area left is a *ParseError. Errors and streaming as
// ReadAddresses.
func ReadAreas(name string, r io.Reader, opt ParseOptions, rep *Report) iter.Seq2[Area, error] {
	return func(yield func(Area, error) bool) {
		if rep == nil {
			rep = &Report{}
		}
		rep.File = name
		p := &parser{name: name, opt: opt, limits: opt.Limits.withDefaults(), rep: rep}
		if err := p.checkOptions(); err != nil {
			yield(Area{}, err)
			return
		}
		br := bufio.NewReaderSize(r, peekSize)
		head, err := peekHead(br)
		if err != nil {
			yield(Area{}, p.fileErr("", err, "cannot read: %v", err))
			return
		}
		defer p.closeAll()
		switch kind := sniff(head); kind {
		case sniffGeoJSON:
			rep.Format = formatGeoJSON
			p.readGeoJSONAreas(br, yield)
		case sniffKML:
			p.readVectorAreas(p.kmlSource(br, formatKML), yield)
		case sniffText:
			yield(Area{}, p.fileErr("", nil, "areas must be GeoJSON, KML/KMZ, a zipped Shapefile, GeoPackage, GML or OSM; this looks like a text table"))
		default:
			src, table, closeFn, err := p.openVector(kind, br, true)
			if err != nil {
				yield(Area{}, err)
				return
			}
			defer closeFn()
			if table != nil {
				yield(Area{}, p.fileErr("", nil, "a workbook holds no areas; areas must be GeoJSON, KML/KMZ, a zipped Shapefile, GeoPackage, GML or OSM"))
				return
			}
			p.readVectorAreas(src, yield)
		}
	}
}

// parser holds the state of reading one file.
type parser struct {
	name   string
	opt    ParseOptions
	limits Limits
	// decoded is set when the file was decoded from Windows-1252.
	decoded bool
	rep     *Report
	yield   func(Address, error) bool
	// stopped is set when the consumer stops or an error was yielded.
	stopped bool
	// closers release what the reading holds (GDAL transformations).
	closers []func()
}

func (p *parser) closeAll() {
	for _, c := range p.closers {
		c()
	}
	p.closers = nil
}

// emit finishes an address and yields it; it returns false when reading
// must stop.
func (p *parser) emit(a Address, iss Issue) bool {
	if a.Placeholder = IsPlaceholderStreet(a.Street); a.Placeholder {
		p.rep.PlaceholderCount++
		iss.Field = "street"
		iss.Message = fmt.Sprintf("placeholder street %q: imported and flagged", a.Street)
		p.rep.warn(iss)
	}
	if a.Key == "" {
		a.Key = AddressKey(a)
	}
	if !p.yield(a, nil) {
		p.stopped = true
		return false
	}
	return true
}

// fail yields a fatal error and stops.
func (p *parser) fail(err error) {
	p.stopped = true
	p.yield(Address{}, err)
}

func (p *parser) fileErr(field string, cause error, format string, args ...any) *ParseError {
	return &ParseError{Issue: Issue{File: p.name, Feature: -1, Field: field, Message: fmt.Sprintf(format, args...)}, Err: cause}
}

// issueErr makes a *ParseError from an issue and a cause whose message
// becomes the issue's message.
func issueErr(iss Issue, cause error) *ParseError {
	iss.Message = causeMessage(cause)
	return &ParseError{Issue: iss, Err: cause}
}

func causeMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return err.Error()
}

func (p *parser) checkOptions() error {
	if p.opt.CRS != 0 && !p.opt.CRS.valid() {
		return p.fileErr("", ErrUnknownCRS, "Koordinatensystem %s wird nicht unterstützt (möglich: z. B. EPSG:4326, EPSG:25832, EPSG:25833, EPSG:4647, EPSG:31467 oder EPSG:3857)", p.opt.CRS)
	}
	for f := range p.opt.Map {
		if !slices.Contains(Fields, f) {
			return p.fileErr("", nil, "unknown field %q in --map (known fields: %s)", f, strings.Join(Fields, ", "))
		}
	}
	return nil
}

// peekHead strips a UTF-8 byte order mark and returns up to peekSize bytes
// of the start without consuming them.
func peekHead(br *bufio.Reader) ([]byte, error) {
	if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	head, err := br.Peek(peekSize)
	if err == io.EOF || err == bufio.ErrBufferFull {
		err = nil
	}
	return head, err
}

func firstNonSpace(b []byte) byte {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c
	}
	return 0
}

// validUTF8Head reports whether head is valid UTF-8, ignoring a rune cut
// off at the end of a full peek buffer.
func validUTF8Head(head []byte) bool {
	if len(head) >= peekSize {
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i]
		} else {
			for k := 0; k < utf8.UTFMax && len(head) > 0 && !utf8.Valid(head); k++ {
				head = head[:len(head)-1]
			}
		}
	}
	return utf8.Valid(head)
}

// firstLine returns the first line of head that is not empty, without
// the line end: a file may start with empty lines, which the CSV and
// HK-DE readers skip.
func firstLine(head []byte) []byte {
	for len(head) > 0 {
		line, rest := head, []byte(nil)
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, rest = head[:i], head[i+1:]
		}
		if line = bytes.TrimRight(line, "\r"); len(line) > 0 {
			return line
		}
		head = rest
	}
	return nil
}

// parseNumber reads a decimal number with a decimal point or comma
// ("415000,123"). Thousands separators are refused; so are NaN and Inf.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty")
	}
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !finite(v) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// parseCount reads a non-negative count such as households.
func parseCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	n, err := strconv.Atoi(s)
	if err != nil {
		// "3,0" or "3.0" from spreadsheets.
		f, ferr := parseNumber(s)
		if ferr != nil || f != float64(int(f)) || f > 1e6 {
			return 0, fmt.Errorf("%q is not a whole number", s)
		}
		n = int(f)
	}
	if n < 0 || n > 1e6 {
		return 0, fmt.Errorf("%q is out of range (0..1000000)", s)
	}
	return n, nil
}

// fields resolves canonical fields to names present in a header or a
// feature's property names.
type fieldMap struct {
	names []string       // as found, original spelling
	index map[string]int // canonical field → index into names
}

// normName folds a column or property name for matching.
func normName(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "\uFEFF")
	return strings.ToLower(s)
}

// resolveFields maps the canonical fields to the given names: opt.Map
// first (a mapped name that is absent is an error naming it), then the
// aliases. preferDegrees puts lon/lat before x/y.
func resolveFields(names []string, override map[string]string, preferDegrees bool) (fieldMap, error) {
	fm := fieldMap{names: names, index: make(map[string]int)}
	pos := make(map[string]int, len(names))
	for i, n := range names {
		k := normName(n)
		if _, dup := pos[k]; !dup {
			pos[k] = i
		}
	}
	used := make(map[int]bool)
	for _, f := range Fields {
		if col, ok := override[f]; ok {
			i, found := pos[normName(col)]
			if !found {
				return fm, fmt.Errorf("column %q given for field %s in --map is not there (found: %s)", col, f, strings.Join(names, ", "))
			}
			fm.index[f] = i
			used[i] = true
		}
	}
	for _, f := range Fields {
		if _, done := fm.index[f]; done {
			continue
		}
		aliases := fieldAliases[f]
		if preferDegrees && (f == "x" || f == "y") {
			aliases = preferDegreeAliases(aliases)
		}
		for _, a := range aliases {
			if i, ok := pos[a]; ok && !used[i] {
				fm.index[f] = i
				used[i] = true
				break
			}
		}
	}
	if !fm.has("x") && !fm.has("y") {
		xi, okx := coordSuffixed(pos, used, "x")
		yi, oky := coordSuffixed(pos, used, "y")
		if okx && oky {
			fm.index["x"], fm.index["y"] = xi, yi
		}
	}
	return fm, nil
}

func preferDegreeAliases(a []string) []string {
	var deg, rest []string
	for _, n := range a {
		if slices.Contains(degreeNames, n) {
			deg = append(deg, n)
		} else {
			rest = append(rest, n)
		}
	}
	return append(deg, rest...)
}

// describe tells which name each found field was read from, in Fields
// order ("street=STR_NAME_2018"), and which names were not used.
func (fm fieldMap) describe() (mapping, unmapped []string) {
	used := make(map[int]bool, len(fm.index))
	for _, f := range Fields {
		if i, ok := fm.index[f]; ok {
			mapping = append(mapping, f+"="+fm.names[i])
			used[i] = true
		}
	}
	for i, n := range fm.names {
		if !used[i] && n != "" {
			unmapped = append(unmapped, n)
		}
	}
	return mapping, unmapped
}

// coordSuffixed finds the one name that ends or starts with an x or y
// marker ("ETRS_UTM33N_X", "utm_x", "x_gk"), for files whose coordinate
// columns carry the system in their name.
func coordSuffixed(pos map[string]int, used map[int]bool, axis string) (int, bool) {
	found, n := -1, 0
	for name, i := range pos {
		if used[i] {
			continue
		}
		if strings.HasSuffix(name, "_"+axis) || strings.HasPrefix(name, axis+"_") || strings.HasSuffix(name, "-"+axis) {
			found, n = i, n+1
		}
	}
	return found, n == 1
}

// crsFromNames reads a coordinate system from the names of the x and y
// columns ("ETRS_UTM33N_X" → EPSG:25833, "GK3_Rechtswert" → EPSG:31467)
// and returns the remark for the report; 0 when the names say nothing.
func crsFromNames(x, y string) (CRS, string) {
	n := strings.ToLower(x + " " + y)
	n = strings.NewReplacer("_", "", "-", "", " ", "").Replace(n)
	for _, c := range []struct {
		marks []string
		crs   CRS
	}{
		{[]string{"25832", "utm32", "etrs32"}, UTM32},
		{[]string{"25833", "utm33", "etrs33"}, UTM33},
		{[]string{"4647"}, UTM32Zoned},
		{[]string{"31466", "gk2"}, GK2},
		{[]string{"31467", "gk3"}, GK3},
		{[]string{"31468", "gk4"}, GK4},
		{[]string{"31469", "gk5"}, GK5},
		{[]string{"3035", "laea"}, LAEA},
		{[]string{"wgs84", "4326"}, WGS84},
	} {
		for _, m := range c.marks {
			if strings.Contains(n, m) {
				return c.crs, fmt.Sprintf("coordinate system %s taken from the column names %s and %s", c.crs, x, y)
			}
		}
	}
	return 0, ""
}

// has reports whether field f was found.
func (fm fieldMap) has(f string) bool { _, ok := fm.index[f]; return ok }

// name returns the name field f was found under.
func (fm fieldMap) name(f string) string {
	if i, ok := fm.index[f]; ok {
		return fm.names[i]
	}
	return f
}

// missing returns the required fields that were not found.
func (fm fieldMap) missing(required ...string) []string {
	var out []string
	for _, f := range required {
		if !fm.has(f) {
			out = append(out, f)
		}
	}
	return out
}

// degrees reports whether the x and y names say degrees (lon/lat).
func (fm fieldMap) degrees() bool {
	return slices.Contains(degreeNames, normName(fm.name("x"))) && slices.Contains(degreeNames, normName(fm.name("y")))
}

// record gives access to one row's or feature's values by canonical field.
type record interface {
	get(f string) (string, bool)
}

// rowSpec says where one record's values come from, for messages.
type rowSpec struct {
	fm  fieldMap
	iss Issue // File, Line, Feature filled in
}

// fillAddress reads the non-coordinate fields of an address from rec:
// every value checked (checkText), a combined "street number" split, the
// number split from its suffix, the postcode and AGS checked, the type
// read from German values. It returns an error naming the field for a bad
// value; what it repairs or leaves out goes to the report as a warning.
func (p *parser) fillAddress(a *Address, rec record, spec rowSpec) *ParseError {
	bad := func(f string, err error) *ParseError {
		iss := spec.iss
		iss.Field = spec.fm.name(f)
		iss.Message = err.Error()
		return &ParseError{Issue: iss, Err: err}
	}
	warn := func(f, msg string) {
		iss := spec.iss
		iss.Field = spec.fm.name(f)
		iss.Message = msg
		p.rep.warn(iss)
	}
	var perr *ParseError
	get := func(f string) string {
		v, _ := rec.get(f)
		if perr != nil || v == "" {
			return ""
		}
		c, err := checkText(v, p.limits.Field, p.decoded)
		if err != nil {
			perr = bad(f, err)
			return ""
		}
		if c.repaired {
			p.rep.RepairedCount++
			warn(f, fmt.Sprintf("%q was encoded as UTF-8 twice; read as %q", v, c.value))
		}
		return c.value
	}
	a.Key = get("key")
	a.Street = get("street")
	a.HouseNumber = get("number")
	a.Suffix = strings.ToLower(get("suffix"))
	a.Postcode = get("postcode")
	a.City = get("city")
	a.Locality = get("locality")
	a.AGS = get("ags")
	a.StreetKey = get("streetkey")
	typ := get("type")
	hh, bu := get("households"), get("businesses")
	line := ""
	if a.Street == "" {
		line = get("address")
	}
	if perr != nil {
		return perr
	}
	if line != "" {
		street, number, ok := splitAddressLine(line)
		a.Street = street
		if ok && a.HouseNumber == "" {
			a.HouseNumber = number
		}
	}
	if a.HouseNumber != "" && a.Suffix == "" {
		a.HouseNumber, a.Suffix = splitNumber(a.HouseNumber)
	} else {
		a.HouseNumber = compactRange(a.HouseNumber)
	}
	if noNumber(a.HouseNumber) {
		a.HouseNumber, a.Suffix = "", ""
		p.rep.NoNumberCount++
		warn("number", "no house number: imported and flagged")
	}
	if a.Postcode == "" && a.City != "" {
		if pc, city, ok := splitPlaceLine(a.City); ok {
			a.Postcode, a.City = pc, city
		}
	}
	pc, remark, err := normalizePostcode(a.Postcode)
	if err != nil {
		warn("postcode", err.Error())
	} else if remark != "" {
		warn("postcode", remark)
	}
	a.Postcode = pc
	if a.AGS != "" {
		ags, remark, err := normalizeAGS(a.AGS)
		if err != nil {
			warn("ags", err.Error()+"; the address is imported without it")
		} else if remark != "" {
			warn("ags", remark)
		}
		a.AGS = ags
	}
	t, mixed, err := readType(typ, p.opt.TypeValues)
	if err != nil {
		return bad("type", err)
	}
	a.Type = t
	a.Households = 0
	if t == TypePrivate {
		a.Households = 1
	}
	a.Businesses = 0
	if t == TypeBusiness || mixed {
		a.Businesses = 1
	}
	if hh != "" {
		if a.Households, err = parseCount(hh); err != nil {
			return bad("households", err)
		}
	}
	if bu != "" {
		if a.Businesses, err = parseCount(bu); err != nil {
			return bad("businesses", err)
		}
	}
	return nil
}

// normalizeAGS checks an Amtlicher Gemeindeschlüssel: eight digits. A
// twelve-digit Regionalschlüssel is shortened to its AGS; seven digits
// lost a leading zero to a spreadsheet.
func normalizeAGS(s string) (ags, remark string, err error) {
	s = strings.ReplaceAll(s, " ", "")
	switch {
	case len(s) == 8 && isDigits(s):
		return s, "", nil
	case len(s) == 12 && isDigits(s):
		return s[:5] + s[9:], "", nil
	case len(s) == 7 && isDigits(s):
		return "0" + s, fmt.Sprintf("AGS %q read as %s (a spreadsheet had made a number of it)", s, "0"+s), nil
	}
	return "", "", fmt.Errorf("AGS %q is not eight digits", s)
}

// guessCRS decides the coordinate system of a file with no declared one
// from its first coordinate. It returns a warning when the choice is an
// assumption.
func guessCRS(x, y float64, degreeNames bool) (CRS, string, error) {
	switch {
	case math.Abs(x) <= 180 && math.Abs(y) <= 90:
		if degreeNames {
			return WGS84, "", nil
		}
		return WGS84, "no coordinate system given; the values look like degrees, assumed EPSG:4326 (WGS84)", nil
	case x >= 32e6 && x < 33e6:
		return UTM32Zoned, "no coordinate system given; eastings prefixed with 32 assumed EPSG:4647 (UTM zone 32)", nil
	case x >= 33e6 && x < 34e6:
		return UTM33, "no coordinate system given; eastings prefixed with 33 assumed EPSG:25833 (UTM zone 33)", nil
	case x >= 1e5 && x < 1e6 && y >= 5.2e6 && y <= 6.2e6:
		return UTM32, "no coordinate system given; assumed EPSG:25832 (UTM zone 32, e.g. Baden-Württemberg); give --crs EPSG:25833 for UTM zone 33", nil
	}
	return 0, "", fmt.Errorf("cannot tell the coordinate system of x=%s, y=%s: give it with --crs (e.g. EPSG:25832)", fmtCoord(x), fmtCoord(y))
}

// toWGS84 converts a point read from a file and checks it, naming what is
// wrong. Degrees that look swapped for a German address are refused.
func toWGS84(c CRS, x, y float64) (lon, lat float64, err error) {
	if c == WGS84 && swappedInGermany(x, y) {
		return 0, 0, errSwapped(x, y)
	}
	lon, lat, err = c.ToWGS84(x, y)
	if err != nil {
		return 0, 0, err
	}
	if !finite(lon, lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return 0, 0, outOfRange("coordinate (%s, %s) in %s is outside the valid range", fmtCoord(x), fmtCoord(y), c)
	}
	return lon, lat, nil
}
