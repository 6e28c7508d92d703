package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Two towns side by side, each with a district "Porz" (issue 13: importing
// the neighbour's Porz replaced Cologne's).
const (
	munisGeoJSON = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"GEN":"Westheim","AGS":"08317001"},"geometry":{"type":"Polygon","coordinates":[[[7.80,48.40],[7.90,48.40],[7.90,48.50],[7.80,48.50],[7.80,48.40]]]}},
{"type":"Feature","properties":{"GEN":"Osthausen","AGS":"08317002"},"geometry":{"type":"Polygon","coordinates":[[[7.90,48.40],[8.00,48.40],[8.00,48.50],[7.90,48.50],[7.90,48.40]]]}}]}`
	westDistricts = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Porz"},"geometry":{"type":"Polygon","coordinates":[[[7.80,48.40],[7.85,48.40],[7.85,48.50],[7.80,48.50],[7.80,48.40]]]}},
{"type":"Feature","properties":{"name":"Mitte"},"geometry":{"type":"Polygon","coordinates":[[[7.85,48.40],[7.90,48.40],[7.90,48.50],[7.85,48.50],[7.85,48.40]]]}}]}`
	eastDistricts = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Porz"},"geometry":{"type":"Polygon","coordinates":[[[7.90,48.40],[8.00,48.40],[8.00,48.50],[7.90,48.50],[7.90,48.40]]]}}]}`
	// West's Porz again, only its northern half.
	westAgain = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Porz"},"geometry":{"type":"Polygon","coordinates":[[[7.80,48.45],[7.85,48.45],[7.85,48.50],[7.80,48.50],[7.80,48.45]]]}},
{"type":"Feature","properties":{"name":"Mitte"},"geometry":{"type":"Polygon","coordinates":[[[7.85,48.40],[7.90,48.40],[7.90,48.50],[7.85,48.50],[7.85,48.40]]]}}]}`
	straddles        = `{"type":"Feature","properties":{"name":"Grenzpark"},"geometry":{"type":"Polygon","coordinates":[[[7.88,48.41],[7.92,48.41],[7.92,48.42],[7.88,48.42],[7.88,48.41]]]}}`
	twoTownAddresses = "strasse;hnr;lon;lat;we\nWestweg;1;7.82;48.42;10\nWestweg;2;7.82;48.47;5\nOstweg;1;7.95;48.45;7\n"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestCLITwoMunicipalitiesOneDistrictName: two municipalities with a
// district of the same name keep both, with their own counts and
// campaigns, through a re-import of either; an area straddling both needs
// --municipality.
func TestCLITwoMunicipalitiesOneDistrictName(t *testing.T) {
	c := newCLI(t)
	dir := writeFiles(t, map[string]string{"gemeinden.geojson": munisGeoJSON, "west.geojson": westDistricts, "ost.geojson": eastDistricts,
		"west2.geojson": westAgain, "grenz.geojson": straddles, "adressen.csv": twoTownAddresses})
	f := func(n string) string { return filepath.Join(dir, n) }
	c.mustRun("import", "areas", "--kind", "municipality", f("gemeinden.geojson"))
	c.mustRun("import", "areas", "--kind", "district", f("west.geojson"))
	c.mustRun("import", "areas", "--kind", "district", f("ost.geojson"))
	c.mustRun("import", "addresses", f("adressen.csv"))
	want := "kind,name,addresses,households,businesses,municipality,ags\n" +
		"municipality,Osthausen,1,7,0,,08317002\n" +
		"municipality,Westheim,2,15,0,,08317001\n" +
		"district,Mitte,0,0,0,Westheim,\n" +
		"district,Porz,2,15,0,Westheim,\n" +
		"district,Porz,1,7,0,Osthausen,\n"
	if got := c.mustRun("areas", "--format", "csv"); !sameLines(got, want) {
		t.Fatalf("areas:\n%s\nwant (any order):\n%s", got, want)
	}
	c.mustRun("campaign", "add", "--provider", "DG", "--name", "DG Ost", "--areas", "Porz", "--municipality", "Osthausen",
		"--start", "2026-01-01", "--deadline", "2026-12-31")
	c.mustRun("campaign", "add", "--provider", "DG", "--name", "DG West", "--areas", "Porz", "--municipality", "08317001",
		"--start", "2026-01-01", "--deadline", "2026-12-31")
	if code, _, errs := c.run("campaign", "add", "--provider", "DG", "--name", "DG ?", "--areas", "Porz",
		"--start", "2026-01-01", "--deadline", "2026-12-31"); code != 1 || !strings.Contains(errs, `„Porz“ ist mehrdeutig: 2 Gebiete der Art Ortsteil`) {
		t.Errorf("campaign without --municipality: exit %d, %s", code, errs)
	}

	if got := c.mustRun("addresses", "--municipality", "Osthausen", "--area", "Porz"); strings.Count(got, "\n") != 2 || !strings.Contains(got, "Ostweg") {
		t.Errorf("addresses of Osthausen's Porz:\n%s", got)
	}
	if got := c.mustRun("addresses", "--municipality", "08317001"); strings.Count(got, "\n") != 3 || strings.Contains(got, "Ostweg") {
		t.Errorf("addresses of Westheim:\n%s", got)
	}

	if got := c.mustRun("campaign", "list", "--municipality", "Westheim", "--format", "csv"); !strings.Contains(got, "DG West") || strings.Contains(got, "DG Ost") {
		t.Errorf("campaign list --municipality Westheim:\n%s", got)
	}
	// Osthausen's council workbook: its name and AGS, only its campaign.
	out := filepath.Join(dir, "rat_ost.xlsx")
	c.mustRun("report", "council", "--out", out, "--municipality", "Osthausen")
	wb, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	cover, _ := wb.GetCellValue("Übersicht", "A2")
	rows, _ := wb.GetRows("Kampagnen")
	wb.Close()
	text := fmt.Sprint(rows)
	if cover != "Osthausen (AGS 08317002)" || !strings.Contains(text, "DG Ost") || strings.Contains(text, "DG West") {
		t.Errorf("Osthausen's workbook: cover %q, campaigns sheet %v", cover, rows)
	}

	// The county workbook: a line per municipality, a sheet of each.
	kreis := filepath.Join(dir, "kreis.xlsx")
	if msg := c.mustRun("report", "council", "--county", "--out", kreis); !strings.Contains(msg, "Bericht für den Kreis geschrieben") {
		t.Errorf("report council --county: %s", msg)
	}
	kb, err := excelize.OpenFile(kreis)
	if err != nil {
		t.Fatal(err)
	}
	if got := kb.GetSheetList(); fmt.Sprint(got) != "[Kreis Osthausen Westheim]" {
		t.Errorf("county sheets %v", got)
	}
	krows, _ := kb.GetRows("Kreis", excelize.Options{RawCellValue: true})
	ost, _ := kb.GetRows("Osthausen")
	kb.Close()
	// Gemeinde, AGS, Adressen, Haushalte, Unternehmen, Kampagnen, Gebiete, …
	if len(krows) != 5 || fmt.Sprint(krows[2][:7]) != "[Osthausen 08317002 1 7 0 1 1]" || fmt.Sprint(krows[3][:7]) != "[Westheim 08317001 2 15 0 1 1]" ||
		krows[4][0] != "Kreis insgesamt" || krows[4][2] != "3" || krows[4][11] != "0" || krows[4][12] != "8" {
		t.Errorf("county sheet rows: %v", krows)
	}
	if s := fmt.Sprint(ost); !strings.Contains(s, "DG Ost") || strings.Contains(s, "DG West") {
		t.Errorf("Osthausen's sheet: %v", ost)
	}
	if code, _, errs := c.run("report", "council", "--county", "--municipality", "Osthausen", "--out", kreis); code != 2 || !strings.Contains(errs, "nicht beides") {
		t.Errorf("--county with --municipality: exit %d %s", code, errs)
	}

	// Exports of one municipality.
	if got := c.mustRun("export", "addresses", "--municipality", "Osthausen", "--area", "Porz", "--out", "-", "--format", "csv"); !strings.Contains(got, "Ostweg") || strings.Contains(got, "Westweg") ||
		!strings.Contains(got, ",08317002,Osthausen,Ostweg,") {
		t.Errorf("export addresses of Osthausen's Porz (with the town's AGS and name):\n%s", got)
	}
	if got := c.mustRun("export", "areas", "--municipality", "Westheim", "--out", "-", "--format", "geojson"); !strings.Contains(got, `"Westheim"`) || strings.Contains(got, `"Osthausen"`) || strings.Count(got, `"Porz"`) != 1 ||
		!strings.Contains(got, `"name":"Porz","municipality":"Westheim","ags":"08317001"`) {
		t.Errorf("export areas of Westheim:\n%.600s", got)
	}

	// A funding application for West's Mitte names Westheim and its AGS.
	fund := filepath.Join(dir, "foerder.xlsx")
	c.mustRun("report", "funding", "--out", fund, "--area", "Mitte", "--without-survey")
	fb, err := excelize.OpenFile(fund)
	if err != nil {
		t.Fatal(err)
	}
	coverRows, _ := fb.GetRows(fb.GetSheetName(0))
	fb.Close()
	if s := fmt.Sprint(coverRows); !strings.Contains(s, "08317001") || !strings.Contains(s, "Westheim") || strings.Contains(s, "Osthausen") {
		t.Errorf("funding cover: %v", coverRows)
	}

	// Osthausen's Porz as a funding project: named within its municipality.
	c.mustRun("report", "funding", "--out", fund, "--area", "Porz", "--municipality", "08317002", "--without-survey")
	fb, err = excelize.OpenFile(fund)
	if err != nil {
		t.Fatal(err)
	}
	sheets := fb.GetSheetList()
	var all []string
	for _, sh := range sheets {
		rows, _ := fb.GetRows(sh)
		all = append(all, fmt.Sprint(rows))
	}
	fb.Close()
	if s := strings.Join(all, " "); !strings.Contains(s, "08317002") || !strings.Contains(s, "Ostweg") || strings.Contains(s, "Westweg") {
		t.Errorf("funding workbook for Osthausen's Porz: %.2000s", s)
	}

	// The municipality itself as the project area: the cover names it.
	c.mustRun("report", "funding", "--out", fund, "--area", "Osthausen", "--without-survey")
	fb, err = excelize.OpenFile(fund)
	if err != nil {
		t.Fatal(err)
	}
	coverRows, _ = fb.GetRows(fb.GetSheetName(0))
	fb.Close()
	if s := fmt.Sprint(coverRows); !strings.Contains(s, "08317002") || strings.Contains(s, "Westheim") {
		t.Errorf("funding cover for the municipality Osthausen: %v", coverRows)
	}

	// West's districts again: its Porz shrinks, Osthausen's is untouched.
	c.mustRun("import", "areas", "--kind", "district", "--accept-changes", f("west2.geojson"))
	want = "district,Porz,1,5,0,Westheim,\ndistrict,Porz,1,7,0,Osthausen,\n"
	if got := c.mustRun("areas", "--format", "csv", "--kind", "district"); !strings.Contains(got, "district,Porz,1,5,0,Westheim,") || !strings.Contains(got, "district,Porz,1,7,0,Osthausen,") {
		t.Errorf("after West's re-import:\n%s\nwant lines:\n%s", got, want)
	}
	if out := c.mustRun("campaign", "status", "DG Ost", "--format", "csv"); !strings.Contains(out, "Porz") || !strings.Contains(out, ",7,") {
		t.Errorf("DG Ost after West's re-import:\n%s", out)
	}
	if got := c.mustRun("areas", "--format", "csv", "--municipality", "Osthausen"); strings.Contains(got, "Westheim") || !strings.Contains(got, "district,Porz,1,7,0,Osthausen,") {
		t.Errorf("areas --municipality Osthausen:\n%s", got)
	}

	// Users of one town and of the county.
	if code, out, errs := c.runStdin("ein-langes-Passwort\n", "user", "add", "olga", "--role", "editor", "--municipality", "Osthausen"); code != 0 ||
		!strings.Contains(out, "Benutzer olga angelegt (Rolle editor, Osthausen)") {
		t.Errorf("user add --municipality: exit %d, %q %q", code, out, errs)
	}
	c.runStdin("ein-langes-Passwort\n", "user", "add", "kurt", "--role", "admin")
	if got := c.mustRun("user", "list", "--format", "csv"); !strings.Contains(got, ",olga,editor,") || !strings.Contains(got, ",false,08317002\n") ||
		!strings.Contains(got, ",kurt,admin,") {
		t.Errorf("user list:\n%s", got)
	}
	if got := c.mustRun("user", "list"); !strings.Contains(got, "Osthausen") || !strings.Contains(got, "kreisweit") {
		t.Errorf("user list table:\n%s", got)
	}

	// An area on the border is placed only when told where it belongs.
	code, _, errs := c.run("import", "areas", "--kind", "zone", f("grenz.geojson"))
	if code != 1 || !strings.Contains(errs, `Gewerbegebiet "Grenzpark" liegt in zwei Gemeinden (Westheim 50,0 %, Osthausen 50,0 %): bitte die Gemeinde angeben (Befehl: --municipality`) {
		t.Errorf("straddling zone: exit %d, %s", code, errs)
	}
	c.mustRun("import", "areas", "--kind", "zone", "--municipality", "Osthausen", f("grenz.geojson"))
	if got := c.mustRun("areas", "--format", "csv", "--kind", "zone"); !strings.Contains(got, "zone,Grenzpark,0,0,0,Osthausen,") {
		t.Errorf("zone placed by --municipality:\n%s", got)
	}
}

// sameLines reports whether a and b hold the same lines in any order.
func sameLines(a, b string) bool {
	la, lb := strings.Split(strings.TrimSpace(a), "\n"), strings.Split(strings.TrimSpace(b), "\n")
	if len(la) != len(lb) {
		return false
	}
	seen := map[string]int{}
	for _, l := range la {
		seen[l]++
	}
	for _, l := range lb {
		if seen[l] == 0 {
			return false
		}
		seen[l]--
	}
	return true
}

// TestCLIRemoveMissingAreas: a re-import reports the districts its file no
// longer holds, in the municipality it touches only; --remove-missing
// removes them, except one a campaign uses.
func TestCLIRemoveMissingAreas(t *testing.T) {
	c := newCLI(t)
	westOnlyMitte := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Mitte"},"geometry":{"type":"Polygon","coordinates":[[[7.85,48.40],[7.90,48.40],[7.90,48.50],[7.85,48.50],[7.85,48.40]]]}}]}`
	dir := writeFiles(t, map[string]string{"gemeinden.geojson": munisGeoJSON, "west.geojson": westDistricts, "ost.geojson": eastDistricts,
		"west_mitte.geojson": westOnlyMitte})
	f := func(n string) string { return filepath.Join(dir, n) }
	c.mustRun("import", "areas", "--kind", "municipality", f("gemeinden.geojson"))
	c.mustRun("import", "areas", "--kind", "district", f("west.geojson"))
	c.mustRun("import", "areas", "--kind", "district", f("ost.geojson"))

	out := c.mustRun("import", "areas", "--kind", "district", "--check", f("west_mitte.geojson"))
	if !strings.Contains(out, "Nicht mehr in der Datei, aber noch gespeichert (1): Porz – entfernen mit --remove-missing") {
		t.Errorf("check:\n%s", out)
	}
	c.mustRun("campaign", "add", "--provider", "DG", "--name", "DG West", "--areas", "Porz", "--municipality", "Westheim",
		"--start", "2026-01-01", "--deadline", "2026-12-31")
	code, out, errs := c.run("import", "areas", "--kind", "district", "--remove-missing", f("west_mitte.geojson"))
	if code != 1 || !strings.Contains(errs, `Der Import ist gespeichert, die in der Datei fehlenden Gebiete bleiben aber: Gebiet „Porz“ gehört zur Kampagne „DG West“ und wird nicht entfernt`) {
		t.Fatalf("removing a campaign's area: exit %d\n%s\n%s", code, out, errs)
	}
	if got := c.mustRun("areas", "--format", "csv", "--kind", "district"); strings.Count(got, "district,Porz,") != 2 {
		t.Errorf("both Porz must stay:\n%s", got)
	}
	c.mustRun("import", "areas", "--kind", "district", f("west.geojson"))
	eastMitte := strings.ReplaceAll(eastDistricts, `"Porz"`, `"Ostmitte"`)
	if err := os.WriteFile(f("ost2.geojson"), []byte(eastMitte), 0o600); err != nil {
		t.Fatal(err)
	}
	out = c.mustRun("import", "areas", "--kind", "district", "--remove-missing", f("ost2.geojson"))
	if !strings.Contains(out, "Entfernt, weil nicht mehr in der Datei (1): Porz") {
		t.Errorf("remove Osthausen's Porz:\n%s", out)
	}
	got := c.mustRun("areas", "--format", "csv", "--kind", "district")
	if !strings.Contains(got, "district,Porz,0,0,0,Westheim,") || strings.Count(got, "district,Porz,") != 1 || !strings.Contains(got, "district,Ostmitte,0,0,0,Osthausen,") {
		t.Errorf("after removing Osthausen's Porz:\n%s", got)
	}
}

// TestCLIAGSMismatch: an address whose own AGS (here from an ags column,
// as HK-DE's) is not that of the municipality the overlay puts it in is
// reported after the import.
func TestCLIAGSMismatch(t *testing.T) {
	c := newCLI(t)
	dir := writeFiles(t, map[string]string{"gemeinden.geojson": munisGeoJSON,
		"adressen.csv": "strasse;hnr;ags;lon;lat\nWestweg;1;08317001;7.82;48.42\nOstweg;1;08317001;7.95;48.45\nOstweg;2;08317002;7.95;48.46\n"})
	c.mustRun("import", "areas", "--kind", "municipality", filepath.Join(dir, "gemeinden.geojson"))
	out := c.mustRun("import", "addresses", filepath.Join(dir, "adressen.csv"))
	if !strings.Contains(out, "Adressen, deren AGS nicht zur Gemeinde der Verschneidung passt: 1\n  Ostweg 1 ("+filepath.Join(dir, "adressen.csv")+":3): AGS 08317001, liegt in Osthausen (AGS 08317002)") {
		t.Errorf("import summary:\n%s", out)
	}
}
