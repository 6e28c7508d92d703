package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
)

// exportFixture is the campaign fixture (districts Nord and Süd, campaign
// "DG Test" over both) plus the commercial zone and two more addresses: one
// with a placeholder street, one with umlauts, both in Nord.
func exportFixture(t *testing.T) *cli {
	t.Helper()
	c := campaignFixture(t)
	c.mustRun("import", "areas", "--kind", "zone", "testdata/gewerbe.geojson")
	extra := filepath.Join(t.TempDir(), "extra.csv")
	if err := os.WriteFile(extra, []byte("strasse;hnr;zusatz;plz;ort;lon;lat;we;betriebe;gebaeudeart\n"+
		"### Straßenname unbekannt;7;;77654;Musterstadt;7,925;48,485;2;0;\n"+
		"Königsträßle;4;b;77654;Musterstadt;7,915;48,49;1;0;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.mustRun("import", "addresses", "--accept-changes", extra) // Nord's households grow under the running campaign
	c.mustRun("survey", "add", "--area", "Nord", "--from", "2026-01-05", "--to", "2026-02-16", "--horizon", "5y")
	c.mustRun("import", "supply", "--operator", "Telekom", "testdata/supply.csv")
	return c
}

// readCSV parses an export into a map per row keyed by column name.
func readCSV(t *testing.T, path string, comma rune) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

func byStreet(rows []map[string]string, street, number string) map[string]string {
	for _, r := range rows {
		if r["street"] == street && r["number"] == number {
			return r
		}
	}
	return nil
}

// cliOgrinfo runs ogrinfo, skipping without GDAL, failing on warnings.
func cliOgrinfo(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not on PATH (apt-get install gdal-bin)")
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if s := string(out); strings.Contains(s, "Warning") || strings.Contains(s, "ERROR") {
		t.Errorf("ogrinfo %s reports problems:\n%s", strings.Join(args, " "), s)
	}
	return string(out)
}

func TestCLIExportAddressesCSV(t *testing.T) {
	c := exportFixture(t)
	out := filepath.Join(t.TempDir(), "adressen.csv")
	msg := c.mustRun("export", "addresses", "--out", out) // format from the extension
	if !strings.Contains(msg, "9 Adressen exportiert") {
		t.Errorf("summary: %s", msg)
	}
	rows := readCSV(t, out, ',')
	if len(rows) != 9 {
		t.Fatalf("%d rows, want 9", len(rows))
	}
	tests := []struct {
		name, street, number string
		want                 map[string]string
	}{
		{"in Nord, running campaign", "Hauptstraße", "1", map[string]string{
			"district": "Nord", "zones": "", "households": "3", "coverage": "premarketing", "type": "private",
			// two operators reported it; the better supply counts: Vodafone's DOCSIS 3.1 cable is
			// gigabit-capable and excludes it although its 50 Mbit/s upload is below 150
			"eligible": "false", "download": "1000.0", "upload": "50.0", "operator": "Vodafone",
			"reason": "nicht förderfähig: gigabitfähiges Netz (DOCSIS 3.1) von Vodafone gemeldet (1000/50 Mbit/s)"}},
		{"in the zone", "Gewerbestraße", "10", map[string]string{
			"district": "Nord", "zones": "Gewerbegebiet Nord", "businesses": "4", "type": "business", "coverage": "premarketing",
			"eligible": "false", "reason": "nicht förderfähig: gigabitfähiges Netz (FTTH) von Stadtwerke gemeldet (1000/1000 Mbit/s)"}},
		{"outside every district", "Außenhof", "1", map[string]string{
			"district": "", "coverage": "none", "coverage_text": "noch keine Planung",
			"eligible": "true", "reason": "förderfähig: keine Versorgung gemeldet (unter 300/150 Mbit/s)", "download": ""}},
		{"suffix and umlauts", "Königsträßle", "4", map[string]string{"suffix": "b", "district": "Nord", "lon": "7.915", "lat": "48.49"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := byStreet(rows, tt.street, tt.number)
			if r == nil {
				t.Fatalf("no row for %s %s", tt.street, tt.number)
			}
			for k, v := range tt.want {
				if r[k] != v {
					t.Errorf("%s = %q, want %q", k, r[k], v)
				}
			}
			if tt.want["coverage"] == "premarketing" && !strings.HasPrefix(r["coverage_text"], "Vorvermarktung") {
				t.Errorf("coverage_text %q", r["coverage_text"])
			}
			lon, _ := strconv.ParseFloat(r["lon"], 64)
			lat, _ := strconv.ParseFloat(r["lat"], 64)
			e, n, err := geo.UTM32.FromWGS84(lon, lat)
			if err != nil {
				t.Fatal(err)
			}
			east, _ := strconv.ParseFloat(r["east"], 64)
			north, _ := strconv.ParseFloat(r["north"], 64)
			if math.Abs(east-e) > 0.006 || math.Abs(north-n) > 0.006 {
				t.Errorf("east/north %v/%v, want %.2f/%.2f", east, north, e, n)
			}
		})
	}
}

func TestCLIExportAddressesGeoJSONArea(t *testing.T) {
	c := exportFixture(t)
	out := filepath.Join(t.TempDir(), "sued.json")
	c.mustRun("export", "addresses", "--format", "geojson", "--area", "Süd", "--out", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	var streets []string
	for _, f := range fc.Features {
		streets = append(streets, f.Properties["street"].(string))
		if f.Properties["district"] != "Süd" || f.Geometry.Type != "Point" || len(f.Geometry.Coordinates) != 2 {
			t.Errorf("feature %v %v", f.Geometry, f.Properties)
		}
	}
	slices.Sort(streets)
	if want := []string{"Hauptstraße", "Rathausplatz", "Schulweg"}; !slices.Equal(streets, want) {
		t.Errorf("streets in Süd %v, want %v", streets, want)
	}
	info := cliOgrinfo(t, "-al", "-so", out)
	if !strings.Contains(info, "Feature Count: 3") || !strings.Contains(info, "Geometry: Point") {
		t.Errorf("ogrinfo:\n%s", info)
	}
}

func TestCLIExportGPKG(t *testing.T) {
	c := exportFixture(t)
	dir := t.TempDir()
	addr := filepath.Join(dir, "adressen.gpkg")
	areas := filepath.Join(dir, "gebiete.gpkg")
	c.mustRun("export", "addresses", "--format", "gpkg", "--out", addr)
	c.mustRun("export", "areas", "--format", "gpkg", "--out", areas)

	info := cliOgrinfo(t, "-al", "-so", addr)
	for _, w := range []string{"Layer name: addresses", "Geometry: Point", "Feature Count: 9", "district: String", "east: Real", "eligible: Integer(Boolean)"} {
		if !strings.Contains(info, w) {
			t.Errorf("ogrinfo -so addresses lacks %q:\n%s", w, info)
		}
	}
	full := cliOgrinfo(t, "-al", "-where", "street = 'Gewerbestraße'", addr)
	for _, w := range []string{"Feature Count: 1", "zones (String) = Gewerbegebiet Nord", "businesses (Integer64) = 4",
		"coverage (String) = premarketing", "POINT (7.94 48.49)"} {
		if !strings.Contains(full, w) {
			t.Errorf("ogrinfo addresses lacks %q:\n%s", w, full)
		}
	}

	// Nord and Süd each in DG Test, the zone in no campaign.
	info = cliOgrinfo(t, "-al", areas)
	for _, w := range []string{"Geometry: Multi Polygon", "Feature Count: 3", "name (String) = Nord", "campaign (String) = DG Test",
		"provider (String) = Glasfaser Süd", "status (String) = running", "threshold (Real) = 0.33", "deadline (Date) = 2026/03/30",
		"name (String) = Gewerbegebiet Nord", "campaign (String) = (null)", "households (Integer64) = 8"} {
		if !strings.Contains(info, w) {
			t.Errorf("ogrinfo areas lacks %q:\n%s", w, info)
		}
	}
	if v := "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"; fileExists(v) {
		for _, f := range []string{addr, areas} {
			if out, err := exec.Command("python3", v, f).CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) > 0 {
				t.Errorf("validate_gpkg.py %s: %v\n%s", f, err, out)
			}
		}
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func TestCLIExportAreasGeoJSON(t *testing.T) {
	c := exportFixture(t)
	out := filepath.Join(t.TempDir(), "ortsteile.geojson")
	c.mustRun("export", "areas", "--kind", "district", "--out", out)
	var fc struct {
		Features []struct{ Properties map[string]any }
	}
	b, _ := os.ReadFile(out)
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 2 {
		t.Fatalf("%d features, want Nord and Süd", len(fc.Features))
	}
	p := fc.Features[0].Properties
	if p["name"] != "Nord" || p["campaign"] != "DG Test" || p["addresses"] != 5.0 || p["signups"] != 0.0 || p["quota"] != 0.0 {
		t.Errorf("Nord: %v", p)
	}
}

func TestCLIExportMailMerge(t *testing.T) {
	c := exportFixture(t)
	out := filepath.Join(t.TempDir(), "briefe.csv")
	msg := c.mustRun("export", "mailmerge", "--area", "Nord", "--out", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasPrefix(s, "\uFEFFAnrede;Straße und Hausnummer;PLZ und Ort;Ortsteil\r\n") {
		t.Errorf("no BOM or wrong header:\n%q", s)
	}
	if strings.Contains(s, "###") || strings.Contains(s, "unbekannt") {
		t.Errorf("placeholder street in the letters:\n%s", s)
	}
	rows := readCSV(t, out, ';')
	var got []string
	for _, r := range rows {
		if r["Anrede"] != "An die Bewohner" || r["PLZ und Ort"] != "77654 Musterstadt" || r["Ortsteil"] != "Nord" {
			t.Errorf("row %v", r)
		}
		got = append(got, r["Straße und Hausnummer"])
	}
	slices.Sort(got)
	// Nord: Hauptstraße 1, Mühlenweg 5 (on the edge), Gewerbestraße 10
	// (businesses only), Königsträßle 4b; not the placeholder street.
	want := []string{"Gewerbestraße 10", "Hauptstraße 1", "Königsträßle 4b", "Mühlenweg 5"}
	if !slices.Equal(got, want) {
		t.Errorf("letters to %v, want %v", got, want)
	}
	if !strings.Contains(msg, "4 Anschriften") {
		t.Errorf("summary: %s", msg)
	}
}

func TestCLIExportErrors(t *testing.T) {
	c := exportFixture(t)
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"no subcommand", []string{"export"}, 2, "addresses, areas"},
		{"unknown subcommand", []string{"export", "roads", "--out", "x.csv"}, 2, "roads"},
		{"no out", []string{"export", "addresses", "--format", "csv"}, 2, "--out"},
		{"bad format", []string{"export", "addresses", "--format", "shp", "--out", filepath.Join(dir, "a.shp")}, 2, "--format"},
		{"no format, unknown extension", []string{"export", "areas", "--out", filepath.Join(dir, "a.txt")}, 2, "--format"},
		{"areas as csv", []string{"export", "areas", "--format", "csv", "--out", filepath.Join(dir, "a.csv")}, 2, "--format"},
		{"gpkg to stdout", []string{"export", "addresses", "--format", "gpkg", "--out", "-"}, 2, "GeoPackage"},
		{"mailmerge without area", []string{"export", "mailmerge", "--out", filepath.Join(dir, "m.csv")}, 2, "--area"},
		{"unknown area", []string{"export", "addresses", "--area", "Atlantis", "--out", filepath.Join(dir, "x.csv")}, 1, "Atlantis"},
		{"missing directory", []string{"export", "addresses", "--out", filepath.Join(dir, "nope", "x.csv")}, 1, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := c.run(tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, tt.code, tt.inStderr)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("failed exports left files: %v", entries)
	}
	// Standard output works for CSV.
	if out := c.mustRun("export", "addresses", "--area", "Gewerbegebiet Nord", "--format", "csv", "--out", "-"); strings.Count(out, "\n") != 2 || !strings.Contains(out, "Gewerbestraße") {
		t.Errorf("export to stdout:\n%s", out)
	}
}

// TestCLIExportAddressesExcelCSV: --format csv-excel writes the rows of
// the GIS CSV in the form German Excel opens in columns.
func TestCLIExportAddressesExcelCSV(t *testing.T) {
	c := exportFixture(t)
	dir := t.TempDir()
	c.mustRun("export", "addresses", "--format", "csv-excel", "--out", filepath.Join(dir, "excel.csv"))
	c.mustRun("export", "addresses", "--format", "csv", "--out", filepath.Join(dir, "gis.csv"))
	b, err := os.ReadFile(filepath.Join(dir, "excel.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte(reports.ExcelBOM)) || !bytes.Contains(b, []byte("\r\n")) {
		t.Fatalf("no BOM or CRLF: %q", b[:min(len(b), 40)])
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(reports.ExcelBOM))))
	r.Comma = ';'
	excel, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	gis := readCSV(t, filepath.Join(dir, "gis.csv"), ',')
	if len(excel) != len(gis)+1 {
		t.Fatalf("%d Excel lines, %d GIS rows", len(excel), len(gis))
	}
	if excel[0][4] != "Straße" || excel[0][15] != "Breite" {
		t.Errorf("header %q", excel[0])
	}
	for _, rec := range excel[1:] {
		if rec[4] == "Königsträßle" && rec[15] != "48,49" {
			t.Errorf("lat %q, want 48,49", rec[15])
		}
		if rec[21] != "ja" && rec[21] != "nein" {
			t.Errorf("förderfähig %q, want ja or nein", rec[21])
		}
	}
}

// TestCLIExportAddressesHorizon: the export of an area decides eligibility
// by that area's survey horizon, as the funding workbook does, unless
// --horizon says otherwise: a build planned in about four years rules an
// address out under the survey's five years, not under three.
func TestCLIExportAddressesHorizon(t *testing.T) {
	c := supplyFixture(t) // survey of Nord, horizon 5 years
	planned := campaigns.Today(time.Now()).AddDate(4, 0, 0).Format("2006-01-02")
	mev := filepath.Join(t.TempDir(), "telekom.csv")
	if err := os.WriteFile(mev, []byte("Strasse;HNr;PLZ;Download;Upload;Technologie;geplant_betreiber;geplant_bis\n"+
		"Hauptstraße;1;77654;16;2;ADSL;Telekom;"+planned+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.mustRun("supply", "import", mev, "--operator", "Telekom")
	eligible := func(extra ...string) (string, string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "nord.csv")
		c.mustRun(append([]string{"export", "addresses", "--area", "Nord", "--out", out}, extra...)...)
		r := byStreet(readCSV(t, out, ','), "Hauptstraße", "1")
		if r == nil {
			t.Fatal("no row for Hauptstraße 1")
		}
		return r["eligible"], r["reason"]
	}
	if e, why := eligible(); e != "false" || !strings.Contains(why, "Telekom") {
		t.Errorf("with the survey's 5 years: eligible %s (%s), want false for Telekom's plan", e, why)
	}
	if e, why := eligible("--horizon", "3y"); e != "true" {
		t.Errorf("with --horizon 3y: eligible %s (%s), want true (the plan lies beyond 3 years)", e, why)
	}
	if code, _, errs := c.run("export", "addresses", "--area", "Nord", "--horizon", "9y", "--out", filepath.Join(t.TempDir(), "x.csv")); code == 0 || !strings.Contains(errs, "--horizon") {
		t.Errorf("--horizon 9y: exit %d, %s", code, errs)
	}
}
