package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/export")

func exportRows() []AddressRow {
	return []AddressRow{
		{ID: 1, Key: "08317096|00123|1|", AGS: "08317096", Municipality: "Offenburg", Street: "Hauptstraße", HouseNumber: "1", Postcode: "77654", City: "Musterstadt",
			District: "Nord", Zones: []string{"Gewerbegebiet Nord", "Mischgebiet, Ost"}, BuildAreas: []string{"Los 1"},
			East: 420560.123456, North: 5370080.987654, Lon: 7.92, Lat: 48.48, Households: 3, Type: geo.TypePrivate,
			HasSupply: true, Download: 16, Upload: 2.4, Technology: "VDSL2", Operator: "Telekom",
			Coverage: campaigns.CoveragePreMarketing, CoverageText: "Vorvermarktung läuft: 40 % von 33 %", Eligible: true, Reason: "unter 100 Mbit/s"},
		{ID: 2, Key: "k2", Street: "Mühlenweg", HouseNumber: "5", Suffix: "a", Postcode: "77654", City: "Musterstadt", District: "Süd",
			Lon: 7.930000049, Lat: 48.47000004, Households: 0, Businesses: 2, Type: geo.TypeBusiness,
			Coverage: campaigns.CoverageNone, CoverageText: "noch keine Planung"},
		{ID: 3, Key: "k3", Street: "### Straßenname unbekannt", HouseNumber: "1", Postcode: "77654", City: "Musterstadt",
			Lon: 7.99, Lat: 48.48, Households: 1, Placeholder: true, Type: geo.TypePrivate, Coverage: campaigns.CoverageNone},
		{ID: 4, Key: "k4", Street: "Schulweg", HouseNumber: "3", Postcode: "77654", City: "Musterstadt", District: "Süd",
			Lon: 7.91, Lat: 48.46, Type: geo.TypeSchool, Coverage: campaigns.CoverageNone, CoverageText: `Text mit "Anführungszeichen"`},
	}
}

func seq(rows []AddressRow) iter.Seq2[AddressRow, error] {
	return func(yield func(AddressRow, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// A square with a hole, the exterior given clockwise and the hole
// counterclockwise: the GeoJSON must turn both.
var holed = orb.MultiPolygon{{
	{{7.90, 48.47}, {7.90, 48.50}, {7.95, 48.50}, {7.95, 48.47}, {7.90, 48.47}},
	{{7.91, 48.48}, {7.92, 48.48}, {7.92, 48.49}, {7.91, 48.49}, {7.91, 48.48}},
}}

func areaRows() []AreaRow {
	return []AreaRow{
		{ID: 7, Kind: geo.KindDistrict, Name: "Nord", Municipality: "Offenburg", AGS: "08317096", Geometry: holed, Addresses: 3, Households: 5, Businesses: 4,
			Campaign: "DG Test", Provider: "Glasfaser Süd", Status: "running", Signups: 2, Quota: 0.4, Threshold: 0.33,
			Deadline: time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)},
		{ID: 8, Kind: geo.KindZone, Name: "Gewerbegebiet Nord", Geometry: orb.MultiPolygon{orb.Bound{Min: orb.Point{7.935, 48.485}, Max: orb.Point{7.945, 48.495}}.ToPolygon()},
			Addresses: 1, Businesses: 4},
	}
}

// golden compares got with testdata/export/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "export", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./reports -update to accept):\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

// ogrinfo runs GDAL's ogrinfo, skipping the test if it is not installed,
// and fails on a non-zero exit or any warning or error message.
func ogrinfo(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not on PATH (apt-get install gdal-bin)")
	}
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s\n%s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	all := out.String() + errb.String()
	for _, bad := range []string{"Warning", "ERROR"} {
		if strings.Contains(all, bad) {
			t.Errorf("ogrinfo %s reports %q:\n%s", strings.Join(args, " "), bad, all)
		}
	}
	return out.String()
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWriteAddressesCSV(t *testing.T) {
	var b bytes.Buffer
	n, err := WriteAddressesCSV(&b, seq(exportRows()))
	if err != nil || n != 4 {
		t.Fatalf("WriteAddressesCSV = %d, %v", n, err)
	}
	golden(t, "addresses.csv", b.Bytes())
	if bytes.HasPrefix(b.Bytes(), []byte("\uFEFF")) {
		t.Error("GIS CSV starts with a BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := "id,key,ags,municipality,street,number,suffix,postcode,city,district,zones,build_areas,east,north,lon,lat,households,businesses,type,coverage,coverage_text,eligible,reason,download,upload,technology,operator"
	if got := strings.Join(recs[0], ","); got != head {
		t.Errorf("header\n got %s\nwant %s", got, head)
	}
	col := func(row int, name string) string { return recs[row][slices.Index(recs[0], name)] }
	for _, c := range []struct {
		row       int
		col, want string
	}{
		{1, "zones", "Gewerbegebiet Nord; Mischgebiet, Ost"},
		{1, "east", "420560.12"}, {1, "north", "5370080.99"}, {1, "download", "16.0"}, {1, "upload", "2.4"}, {1, "eligible", "true"},
		{2, "lon", "7.93"}, {2, "lat", "48.47"}, {2, "download", ""}, {2, "suffix", "a"}, {2, "eligible", "false"},
		{4, "coverage_text", `Text mit "Anführungszeichen"`},
	} {
		if got := col(c.row, c.col); got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.col, got, c.want)
		}
	}

	out := ogrinfo(t, "-al", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "AUTODETECT_TYPE=YES",
		writeTemp(t, "addresses.csv", b.Bytes()))
	for _, want := range []string{"Feature Count: 4", "Geometry: Point", "street (String) = Mühlenweg", "POINT (7.92 48.48)",
		"households (Integer) = 3", "download (Real) = 16", "zones (String) = Gewerbegebiet Nord; Mischgebiet, Ost"} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo on the CSV lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteAddressesGeoJSON(t *testing.T) {
	var b bytes.Buffer
	n, err := WriteAddressesGeoJSON(&b, seq(exportRows()))
	if err != nil || n != 4 {
		t.Fatalf("WriteAddressesGeoJSON = %d, %v", n, err)
	}
	golden(t, "addresses.geojson", b.Bytes())
	var fc struct {
		Type     string
		Features []struct {
			Type     string
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 4 {
		t.Fatalf("decoded %s with %d features", fc.Type, len(fc.Features))
	}
	f := fc.Features[1]
	if f.Geometry.Type != "Point" || !slices.Equal(f.Geometry.Coordinates, []float64{7.93, 48.47}) {
		t.Errorf("feature 2 geometry %+v (want 7 decimals: 7.93, 48.47)", f.Geometry)
	}
	if f.Properties["download"] != nil || f.Properties["street"] != "Mühlenweg" || f.Properties["businesses"] != 2.0 || f.Properties["eligible"] != false {
		t.Errorf("feature 2 properties %v", f.Properties)
	}
	if len(f.Properties) != len(AddressColumns) {
		t.Errorf("%d properties, want %d", len(f.Properties), len(AddressColumns))
	}
	out := ogrinfo(t, "-al", writeTemp(t, "addresses.geojson", b.Bytes()))
	for _, want := range []string{"Feature Count: 4", "Geometry: Point", "street (String) = Hauptstraße", "POINT (7.93 48.47)",
		"eligible (Integer(Boolean)) = 1", "download (Real) = 16", "download (Real) = (null)"} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo on the GeoJSON lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteAreasGeoJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteAreasGeoJSON(&b, areaRows()); err != nil {
		t.Fatal(err)
	}
	golden(t, "areas.geojson", b.Bytes())
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates [][][][2]float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	g := fc.Features[0].Geometry
	toRing := func(c [][2]float64) orb.Ring {
		r := make(orb.Ring, len(c))
		for i, p := range c {
			r[i] = p
		}
		return r
	}
	if g.Type != "MultiPolygon" || len(g.Coordinates[0]) != 2 {
		t.Fatalf("geometry %+v", g)
	}
	if toRing(g.Coordinates[0][0]).Orientation() != orb.CCW || toRing(g.Coordinates[0][1]).Orientation() != orb.CW {
		t.Error("rings not oriented by RFC 7946 (exterior counterclockwise, holes clockwise)")
	}
	p := fc.Features[1].Properties
	if p["campaign"] != nil || p["deadline"] != nil || p["name"] != "Gewerbegebiet Nord" {
		t.Errorf("area without campaign: %v", p)
	}
	out := ogrinfo(t, "-al", writeTemp(t, "areas.geojson", b.Bytes()))
	for _, want := range []string{"Feature Count: 2", "Geometry: Multi Polygon", "quota (Real) = 0.4", "deadline (Date) = 2026/03/30",
		"name (String) = Gewerbegebiet Nord", "campaign (String) = (null)", "(7.91 48.48,7.91 48.49,7.92 48.49,7.92 48.48,7.91 48.48)"} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo on the areas lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteMailMerge(t *testing.T) {
	var b bytes.Buffer
	n, err := WriteMailMerge(&b, seq(exportRows()))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "mailmerge.csv", b.Bytes())
	// Hauptstraße 1 (households) and Mühlenweg 5a (businesses); not the
	// placeholder street, not the school without households or businesses.
	if n != 2 {
		t.Errorf("%d rows, want 2", n)
	}
	s := b.String()
	if !strings.HasPrefix(s, "\uFEFFAnrede;Straße und Hausnummer;PLZ und Ort;Ortsteil\r\n") {
		t.Errorf("no BOM or wrong header: %q", s[:min(len(s), 80)])
	}
	if !strings.Contains(s, "\r\nAn die Bewohner;Mühlenweg 5a;77654 Musterstadt;Süd\r\n") {
		t.Errorf("Mühlenweg row missing or wrong:\n%s", s)
	}
	if strings.Contains(s, "###") || strings.Contains(s, "unbekannt") || strings.Contains(s, "Schulweg") {
		t.Errorf("placeholder street or empty building in the mail merge:\n%s", s)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\uFEFF")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 3 || len(recs[1]) != 4 {
		t.Errorf("parse back: %v, %q", err, recs)
	}
}

func TestExportStopsOnError(t *testing.T) {
	boom := errors.New("boom")
	bad := func(yield func(AddressRow, error) bool) {
		if yield(exportRows()[0], nil) {
			yield(AddressRow{}, boom)
		}
	}
	for name, f := range map[string]func(*bytes.Buffer) (int, error){
		"csv":       func(b *bytes.Buffer) (int, error) { return WriteAddressesCSV(b, bad) },
		"geojson":   func(b *bytes.Buffer) (int, error) { return WriteAddressesGeoJSON(b, bad) },
		"mailmerge": func(b *bytes.Buffer) (int, error) { return WriteMailMerge(b, bad) },
	} {
		var b bytes.Buffer
		if n, err := f(&b); !errors.Is(err, boom) || n != 1 {
			t.Errorf("%s: %d, %v; want 1, boom", name, n, err)
		}
	}
}
