package geo

import (
	"archive/zip"
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// The tests in this file read real published files (testdata/real, see
// its README for sources and licences), as a broadband office receives
// them.

func realFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "real", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestRealHamburgSchools reads Hamburg's 581 schools as GeoJSON in
// EPSG:25832 metres without a crs member: refused with what the
// coordinates look like, read with --crs; "Adresse" combines street and
// number, "Ort" postcode and city.
func TestRealHamburgSchools(t *testing.T) {
	data := realFixture(t, "hamburg_schulen.geojson")
	_, _, err := readAll(t, "schulen.geojson", data, ParseOptions{})
	if err == nil || !strings.Contains(err.Error(), "looks like projected metres") {
		t.Fatalf("without --crs: err %v, want the metres hint", err)
	}
	opt := ParseOptions{CRS: UTM32, Map: map[string]string{"type": "Schulform"},
		TypeValues: map[string]AddressType{"grundschulen": TypeSchool, "stadtteilschulen": TypeSchool, "gymnasien": TypeSchool,
			"berufliche schulen": TypeSchool, "sonderschulen": TypeSchool, "langformschulen": TypeSchool}}
	as, rep, err := readAll(t, "schulen.geojson", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 581 || rep.Read != 581 {
		t.Fatalf("%d addresses of %d read, want 581", len(as), rep.Read)
	}
	want := map[string][3]string{ // Adresse → street, number, suffix
		"Norderstraße 163- 165": {"Norderstraße", "163-165", ""},
		"Ohlenkamp 15 a":        {"Ohlenkamp", "15", "a"},
		"Landwehr 11/13":        {"Landwehr", "11/13", ""},
		"Frahmstraße 15a/b":     {"Frahmstraße", "15", "a/b"},
		"Krieterstraße 2 b":     {"Krieterstraße", "2", "b"},
		"Wendenstraße 35-43":    {"Wendenstraße", "35-43", ""},
	}
	found := map[string]bool{}
	for _, a := range as {
		if a.Type != TypeSchool {
			t.Fatalf("%s: type %q, want school", a.Source, a.Type)
		}
		if len(a.Postcode) != 5 || a.City != "Hamburg" {
			t.Fatalf("%s: postcode %q city %q, want the Ort split", a.Source, a.Postcode, a.City)
		}
		if a.HouseNumber == "" || a.Street == "" {
			t.Fatalf("%s: street %q number %q", a.Source, a.Street, a.HouseNumber)
		}
		if a.Lon < 8.49 || a.Lon > 10.28 || a.Lat < 53.40 || a.Lat > 53.92 {
			t.Fatalf("%s: (%v, %v) is not in Hamburg", a.Source, a.Lon, a.Lat)
		}
		for line, w := range want {
			if a.Street == w[0] && a.HouseNumber == w[1] && a.Suffix == w[2] {
				found[line] = true
			}
		}
	}
	for line := range want {
		if !found[line] {
			t.Errorf("%q not split as %v", line, want[line])
		}
	}
	if !strings.Contains(strings.Join(rep.Mapping, " "), "address=Adresse") {
		t.Errorf("mapping %v, want address=Adresse", rep.Mapping)
	}
}

// TestRealLeipzigCSV reads the Leipzig address table: coordinate columns
// named ETRS_UTM33N_X/Y (EPSG:25833 from the name), 12 rows without
// coordinates skipped, "0" as a house number flagged, the present-day
// address mapped with --map.
func TestRealLeipzigCSV(t *testing.T) {
	data := realFixture(t, "leipzig_1912.csv")
	opt := ParseOptions{Map: map[string]string{"street": "STR_NAME_2018", "number": "HNR_2018", "postcode": "PLZ_2018", "locality": "OT_NAME_2018"}}
	as, rep, err := readAll(t, "leipzig.csv", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.CRS != UTM33 {
		t.Errorf("CRS %s, want EPSG:25833 from the column names", rep.CRS)
	}
	if rep.Read != 2181 || rep.SkippedCount != 12 || len(as) != 2169 {
		t.Errorf("read %d, skipped %d, addresses %d; want 2181, 12, 2169", rep.Read, rep.SkippedCount, len(as))
	}
	if rep.NoNumberCount != 807 {
		t.Errorf("%d without house number, want 807 (803 \"0\" and 16 empty, less the 12 rows without coordinates)", rep.NoNumberCount)
	}
	if rep.PlaceholderCount != 37 {
		t.Errorf("%d placeholder streets, want the 37 \"--\"", rep.PlaceholderCount)
	}
	for _, a := range as {
		if a.Lon < 12.31 || a.Lon > 12.461 || a.Lat < 51.28 || a.Lat > 51.376 {
			t.Fatalf("%s: (%v, %v) is not in Leipzig", a.Source, a.Lon, a.Lat)
		}
		if a.Postcode != "" && (len(a.Postcode) != 5 || a.Postcode[0] != '0') {
			t.Fatalf("%s: postcode %q", a.Source, a.Postcode)
		}
	}
	if as[0].Street != "Georg-Schumann-Straße" || as[0].HouseNumber != "22" || as[0].Postcode != "04155" || as[0].Locality != "Zentrum-Nord" {
		t.Errorf("first address %+v", as[0])
	}
}

// TestRealLeipzigPandasExport reads the pandas round trip of the table:
// postcodes "4155.0" are repaired to 04155 with a remark.
func TestRealLeipzigPandasExport(t *testing.T) {
	data := realFixture(t, "leipzig_1912_kurz.csv")
	opt := ParseOptions{Map: map[string]string{"street": "STR_NAME_2018", "number": "HNR_2018", "postcode": "PLZ_2018"}}
	as, rep, err := readAll(t, "kurz.csv", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 15 || as[0].Postcode != "04155" {
		t.Fatalf("%d addresses, first postcode %q", len(as), as[0].Postcode)
	}
	var remark bool
	for _, w := range rep.Warnings {
		remark = remark || strings.Contains(w.String(), `postcode "4155.0" read as 04155`)
	}
	if !remark {
		t.Errorf("no remark on the repaired postcode: %v", rep.Warnings)
	}
}

// TestRealHamburgStadtteile reads an overpass-turbo export of Hamburg's
// Stadtteile (a real extract): boundary lines, nodes and a nameless state
// border polygon are skipped with a reason, the Stadtteile are read (one a
// MultiPolygon, one with a hole); --where admin_level=10 keeps only them.
func TestRealHamburgStadtteile(t *testing.T) {
	data := realFixture(t, "hamburg_stadtteile_auszug.geojson")
	areas, rep, err := readAreas(t, "hamburg.geojson", data, ParseOptions{Kind: KindDistrict})
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != 12 || rep.SkippedCount != 26 {
		t.Fatalf("%d areas, %d skipped (%v); want 12 and 26", len(areas), rep.SkippedCount, rep.Skipped)
	}
	byName := map[string]Area{}
	for _, a := range areas {
		byName[a.Name] = a
	}
	if v := byName["Volksdorf"]; len(v.Geometry) != 2 {
		t.Errorf("Volksdorf has %d parts, want 2", len(v.Geometry))
	}
	if d := byName["Duvenstedt"]; len(d.Geometry) != 1 || len(d.Geometry[0]) != 2 {
		t.Errorf("Duvenstedt: want one polygon with a hole")
	}
	areas, rep, err = readAreas(t, "hamburg.geojson", data, ParseOptions{Kind: KindDistrict, Where: map[string]string{"admin_level": "10"}})
	if err != nil || len(areas) != 12 || rep.SkippedCount != 9 || rep.FilteredCount != 17 {
		t.Fatalf("--where: %d areas, %d skipped, %d filtered, %v", len(areas), rep.SkippedCount, rep.FilteredCount, err)
	}
}

// TestRealKoelnKML reads Cologne's Stadtteile as KML (an excerpt of the
// city's file as KoelnAPI converted it): the names only in SimpleData, the
// Schema where KML does not allow it; Marienburg self-intersects and is
// repaired with a warning; the cathedral lies in Altstadt/Nord. The same
// file zipped as a KMZ reads the same.
func TestRealKoelnKML(t *testing.T) {
	data := realFixture(t, "koeln_stadtteile_auszug.kml")
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("doc.kml")
	w.Write(data)
	zw.Close()
	for _, tc := range []struct {
		name, format string
		data         []byte
	}{{"stadtteile.kml", "KML", data}, {"stadtteile.kmz", "KMZ", zbuf.Bytes()}} {
		areas, rep, err := readAreas(t, tc.name, tc.data, ParseOptions{Kind: KindDistrict})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Format != tc.format || len(areas) != 6 {
			t.Fatalf("%s: format %q, %d areas", tc.name, rep.Format, len(areas))
		}
		names := map[string]Area{}
		for _, a := range areas {
			names[a.Name] = a
		}
		for _, n := range []string{"Altstadt/Nord", "Marienburg", "Neustadt/Süd", "Bocklemünd/Mengenich", "Weiß", "Rath/Heumar"} {
			if _, ok := names[n]; !ok {
				t.Errorf("%s: no area %q (have %v)", tc.name, n, slices.Collect(maps.Keys(names)))
			}
		}
		if !planar.MultiPolygonContains(names["Altstadt/Nord"].Geometry, orb.Point{6.9581, 50.9413}) {
			t.Errorf("%s: the cathedral is not in Altstadt/Nord", tc.name)
		}
		if rep.WarningCount != 1 || !strings.Contains(rep.Warnings[0].String(), "invalid polygon repaired") {
			t.Errorf("%s: warnings %v, want Marienburg repaired", tc.name, rep.Warnings)
		}
	}
}

// TestRealConvertedCRS reads real files converted into the systems the
// published files lack (README: Conversions) and compares every position
// with the original's: Gauss-Krüger zones 2 and 3 (DHDN, through PROJ with
// the BeTA2007 grid) and LAEA Europe, to about 1 cm.
func TestRealConvertedCRS(t *testing.T) {
	const tol = 1e-7 // degrees, about 1 cm
	t.Run("EPSG:31466 areas", func(t *testing.T) {
		got, rep, err := readAreas(t, "nippes.geojson", realFixture(t, "koeln_nippes_31466.geojson"), ParseOptions{Kind: KindDistrict})
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := readAreas(t, "nippes.geojson", MustOpenFixture(t, "koeln_one_bezirk.geojson"), ParseOptions{Kind: KindDistrict})
		if err != nil {
			t.Fatal(err)
		}
		if rep.CRS != GK2 || len(got) != 1 || got[0].Name != "Nippes" || got[0].SrcCRS != GK2 {
			t.Fatalf("CRS %s, %d areas", rep.CRS, len(got))
		}
		g, w := got[0].Geometry[0][0], want[0].Geometry[0][0]
		if len(g) != len(w) {
			t.Fatalf("%d vertices, want %d", len(g), len(w))
		}
		for i := range g {
			if !near(g[i][0], w[i][0], tol) || !near(g[i][1], w[i][1], tol) {
				t.Fatalf("vertex %d: %v, want %v", i, g[i], w[i])
			}
		}
	})
	t.Run("EPSG:31467 addresses", func(t *testing.T) {
		got, rep, err := readAll(t, "schulen.geojson", realFixture(t, "hamburg_schulen40_31467.geojson"), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := readAll(t, "schulen.gml", ogrFixture(t, "schulen_40.gml"), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.CRS != GK3 || len(got) != 40 || len(want) != 40 {
			t.Fatalf("CRS %s, %d and %d addresses", rep.CRS, len(got), len(want))
		}
		for i := range got {
			if !near(got[i].Lon, want[i].Lon, tol) || !near(got[i].Lat, want[i].Lat, tol) || got[i].Key != want[i].Key {
				t.Fatalf("%s: (%v, %v), want (%v, %v)", got[i].Source, got[i].Lon, got[i].Lat, want[i].Lon, want[i].Lat)
			}
		}
	})
	opt := ParseOptions{Map: map[string]string{"street": "STR_NAME_2018", "number": "HNR_2018", "postcode": "PLZ_2018"}}
	want, _, err := readAll(t, "kurz.csv", realFixture(t, "leipzig_1912_kurz.csv"), opt)
	if err != nil || len(want) != 15 {
		t.Fatal(len(want), err)
	}
	t.Run("EPSG:3035 table", func(t *testing.T) {
		o := opt
		o.CRS = LAEA
		got, _, err := readAll(t, "laea.csv", realFixture(t, "leipzig_kurz_3035.csv"), o)
		if err != nil || len(got) != 15 {
			t.Fatal(len(got), err)
		}
		for i := range got {
			if !near(got[i].Lon, want[i].Lon, tol) || !near(got[i].Lat, want[i].Lat, tol) {
				t.Fatalf("%s: (%v, %v), want (%v, %v)", got[i].Source, got[i].Lon, got[i].Lat, want[i].Lon, want[i].Lat)
			}
		}
	})
	t.Run("XLSX saved by LibreOffice", func(t *testing.T) {
		got, rep, err := readAll(t, "kurz.xlsx", realFixture(t, "leipzig_1912_kurz.xlsx"), opt)
		if err != nil || len(got) != 15 {
			t.Fatal(len(got), err)
		}
		if !strings.HasPrefix(rep.Format, "XLSX") || rep.CRS != UTM33 {
			t.Errorf("format %q, CRS %s", rep.Format, rep.CRS)
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.Street != w.Street || g.HouseNumber != w.HouseNumber || g.Postcode != w.Postcode || !near(g.Lon, w.Lon, 1e-9) || !near(g.Lat, w.Lat, 1e-9) {
				t.Fatalf("row %d: %+v\nwant %+v", i, g, w)
			}
		}
	})
}
