package ogr

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// Jena's 30 Ortsteile, converted from the OSM GeoJSON to Gauss-Krüger
// zone 4 (EPSG:31468) with ogr2ogr (see testdata/README.md).

// jenaFirstVertex holds the first vertex of some Ortsteile as the original
// GeoJSON (WGS 84) has it.
var jenaFirstVertex = map[string]orb.Point{
	"Wenigenjena":           {11.5948517, 50.92673},
	"Kernberge":             {11.583976, 50.9196188},
	"Drackendorf":           {11.6425106, 50.8811754},
	"Jenaprießnitz / Wogau": {11.6521551, 50.9039212},
}

func checkJena(t *testing.T, d *Dataset) {
	t.Helper()
	if d.Driver() != DriverGPKG || d.LayerCount() != 1 {
		t.Fatalf("driver %s, %d layers", d.Driver(), d.LayerCount())
	}
	l := d.Layer(0)
	if l.Name() != "jena_ortsteile" || l.GeometryType() != "Polygon" || l.FeatureCount() != 30 {
		t.Errorf("layer %s, %s, %d features", l.Name(), l.GeometryType(), l.FeatureCount())
	}
	fields := l.Fields()
	for _, f := range []string{"@id", "admin_level", "name", "wikipedia:de"} {
		if !slices.Contains(fields, f) {
			t.Errorf("no field %q in %q", f, fields)
		}
	}
	fs := readLayer(t, l)
	if len(fs) != 30 {
		t.Fatalf("%d features", len(fs))
	}
	// Optional OSM keys are nulls in GeoPackage.
	if f := byName(fs, "name", "Wenigenjena"); len(f) != 1 || !f[0].null["wikipedia:de"] || f[0].values["@id"] != "relation/162811" {
		t.Errorf("Wenigenjena: %+v", f)
	}

	srs := l.SRS()
	defer srs.Close()
	if srs.EPSG() != 31468 || srs.Name() != "DHDN / 3-degree Gauss-Kruger zone 4" {
		t.Errorf("SRS %d %q", srs.EPSG(), srs.Name())
	}
	tr, err := NewToWGS84(srs)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	for name, want := range jenaFirstVertex {
		f := byName(fs, "name", name)
		if len(f) != 1 {
			t.Errorf("no Ortsteil %q", name)
			continue
		}
		p := f[0].geom.(orb.Polygon)[0][0]
		if p[0] < 4.4e6 || p[0] > 4.5e6 {
			t.Errorf("%s: easting %.1f is not Gauss-Krüger zone 4", name, p[0])
		}
		xs, ys := []float64{p[0]}, []float64{p[1]}
		if err := tr.Apply(xs, ys); err != nil {
			t.Fatal(err)
		}
		// 1e-5° is about 0.7 m east and 1.1 m north here; the round trip
		// through the BETA2007 grid is far better than that.
		if !near(xs[0], want[0], 1e-5) || !near(ys[0], want[1], 1e-5) {
			t.Errorf("%s: back to WGS 84 (%.7f, %.7f); want %v", name, xs[0], ys[0], want)
		}
	}
}

func TestGeoPackage(t *testing.T) {
	d, err := Open("testdata/jena_ortsteile_31468.gpkg")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	checkJena(t, d)
}

func TestGeoPackageBytes(t *testing.T) {
	d, err := OpenBytes("jena.gpkg", readFile(t, "jena_ortsteile_31468.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	checkJena(t, d)
	d.Close()
	if left := ourMemFiles(); len(left) > 0 {
		t.Errorf("memory files left: %v", left)
	}
}
