package geo

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// The files of geo/internal/ogr/testdata (real published files, see its
// README) read through ReadAddresses and ReadAreas: format detection, the
// declared coordinate system (.prj, GeoPackage, GML srsName), the mapping.

func ogrFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("internal", "ogr", "testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// zipOf builds a zip archive of the named ogr fixtures.
func zipOf(tb testing.TB, names ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create("Stadtteil/" + n)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(ogrFixture(tb, n))
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestRealKoelnShapefile reads Cologne's Stadtteile as the city published
// them: zipped, and as a .shp next to its siblings on disk. The .prj's odd
// false easting (2,500,000) is taken as written, the Windows-1252 DBF
// decoded, Marienburg's self-intersection repaired with a warning.
func TestRealKoelnShapefile(t *testing.T) {
	check := func(t *testing.T, areas []Area, rep *Report) {
		t.Helper()
		if rep.Format != "Shapefile" || len(areas) != 86 {
			t.Fatalf("format %q, %d areas", rep.Format, len(areas))
		}
		if !strings.Contains(rep.CRSName, "UTM") || rep.CRS != 0 {
			t.Errorf("CRS %s %q, want the .prj's system without an EPSG code", rep.CRS, rep.CRSName)
		}
		byName := map[string]Area{}
		for _, a := range areas {
			byName[a.Name] = a
		}
		for _, n := range []string{"Neustadt/Süd", "Bocklemünd/Mengenich", "Weiß", "Rath/Heumar", "Marienburg"} {
			if _, ok := byName[n]; !ok {
				t.Errorf("no area %q", n)
			}
		}
		if !planar.MultiPolygonContains(byName["Altstadt/Nord"].Geometry, orb.Point{6.9581, 50.9413}) {
			t.Error("the cathedral is not in Altstadt/Nord")
		}
		if rep.WarningCount != 1 || !strings.Contains(rep.Warnings[0].String(), "invalid polygon repaired") {
			t.Errorf("warnings %v, want Marienburg repaired", rep.Warnings)
		}
	}
	t.Run("zipped", func(t *testing.T) {
		data := zipOf(t, "Stadtteil.shp", "Stadtteil.shx", "Stadtteil.dbf", "Stadtteil.prj")
		areas, rep, err := readAreas(t, "stadtteile.zip", data, ParseOptions{Kind: KindDistrict})
		if err != nil {
			t.Fatal(err)
		}
		check(t, areas, rep)
	})
	t.Run("loose on disk", func(t *testing.T) {
		path := filepath.Join("internal", "ogr", "testdata", "Stadtteil.shp")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var areas []Area
		rep := &Report{}
		for a, err := range ReadAreas(path, f, ParseOptions{Kind: KindDistrict, LocalFiles: true}, rep) {
			if err != nil {
				t.Fatal(err)
			}
			areas = append(areas, a)
		}
		check(t, areas, rep)
	})
	t.Run("an upload named like a file on the server", func(t *testing.T) {
		path := filepath.Join("internal", "ogr", "testdata", "Stadtteil.shp")
		_, _, err := readAreas(t, path, ogrFixture(t, "Stadtteil.shp"), ParseOptions{Kind: KindDistrict})
		if err == nil || !strings.Contains(err.Error(), "as one .zip") {
			t.Fatalf("err %v: an upload's name opened a file on disk", err)
		}
	})
	t.Run("a .shp alone", func(t *testing.T) {
		_, _, err := readAreas(t, "upload.shp", ogrFixture(t, "Stadtteil.shp"), ParseOptions{Kind: KindDistrict})
		if err == nil || !strings.Contains(err.Error(), "give the .shp, .shx, .dbf and .prj together as one .zip") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("without .prj", func(t *testing.T) {
		data := zipOf(t, "Stadtteil.shp", "Stadtteil.shx", "Stadtteil.dbf")
		_, _, err := readAreas(t, "ohne_prj.zip", data, ParseOptions{Kind: KindDistrict})
		if err == nil || !strings.Contains(err.Error(), "declares no coordinate system (a Shapefile without .prj?): give it with --crs") {
			t.Fatalf("err %v", err)
		}
	})
}

// TestRealJenaGeoPackageGaussKrueger reads Jena's Ortsteile from a
// GeoPackage in EPSG:31468 (Gauss-Krüger zone 4, DHDN): transformed with
// PROJ (BeTA2007 grid) back to the positions of the WGS84 original.
func TestRealJenaGeoPackageGaussKrueger(t *testing.T) {
	areas, rep, err := readAreas(t, "jena.gpkg", ogrFixture(t, "jena_ortsteile_31468.gpkg"), ParseOptions{Kind: KindDistrict})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != "GeoPackage" || rep.CRS != GK4 || len(areas) != 30 {
		t.Fatalf("format %q, CRS %s, %d areas", rep.Format, rep.CRS, len(areas))
	}
	found := false
	for _, a := range areas {
		found = found || a.Name == "Jenaprießnitz / Wogau"
		b := a.Geometry.Bound()
		if b.Min[0] < 11.49 || b.Max[0] > 11.68 || b.Min[1] < 50.85 || b.Max[1] > 50.99 {
			t.Errorf("%s: %v is not in Jena", a.Name, b)
		}
	}
	if !found {
		t.Error("no Jenaprießnitz / Wogau")
	}
}

// TestRealHamburgGML reads schools from a WFS's GML (offline): points in
// EPSG:25832 from srsName, Adresse split into street and number.
func TestRealHamburgGML(t *testing.T) {
	as, rep, err := readAll(t, "schulen.gml", ogrFixture(t, "schulen_40.gml"), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != "GML" || rep.CRS != UTM32 || len(as) != 40 {
		t.Fatalf("format %q, CRS %s, %d addresses", rep.Format, rep.CRS, len(as))
	}
	for _, a := range as {
		if a.Street == "" || a.HouseNumber == "" || a.City != "Hamburg" || len(a.Postcode) != 5 {
			t.Errorf("%s: %+v", a.Source, a)
		}
		if a.Lon < 8.49 || a.Lon > 10.28 || a.Lat < 53.40 || a.Lat > 53.92 {
			t.Errorf("%s: (%v, %v) is not in Hamburg", a.Source, a.Lon, a.Lat)
		}
	}
}

// TestRealOSM reads an OSM API answer: the building's addr:* tags make an
// address at its centroid, as XML and as PBF.
func TestRealOSM(t *testing.T) {
	for _, name := range []string{"erlangen_way_31361386.osm", "erlangen_way_31361386.osm.pbf"} {
		as, rep, err := readAll(t, name, ogrFixture(t, name), ParseOptions{})
		if err != nil {
			t.Fatal(name, err)
		}
		if rep.Format != "OSM" || len(as) != 1 {
			t.Fatalf("%s: format %q, %d addresses", name, rep.Format, len(as))
		}
		a := as[0]
		if a.Street != "Badstraße" || a.HouseNumber != "30" || a.Postcode != "91052" || a.City != "Erlangen" {
			t.Errorf("%s: %+v", name, a)
		}
		if !near(a.Lon, 11.015512, 1e-5) || !near(a.Lat, 49.583366, 1e-5) {
			t.Errorf("%s: (%v, %v), want the centroid of the building", name, a.Lon, a.Lat)
		}
	}
}
