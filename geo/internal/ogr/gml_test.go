package ogr

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// Hamburg's schools: the first 40 features of a WFS 1.1 GetFeature answer
// (GML 3.1.1, deegree) whose xsi:schemaLocation points to the internet.

func checkSchools(t *testing.T, d *Dataset) {
	t.Helper()
	if d.Driver() != DriverGML || d.LayerCount() != 1 {
		t.Fatalf("driver %s, %d layers", d.Driver(), d.LayerCount())
	}
	l := d.Layer(0)
	if l.Name() != "hh_schulen_dwh" || l.GeometryType() != "Point" {
		t.Errorf("layer %s, %s", l.Name(), l.GeometryType())
	}
	fields := l.Fields()
	for _, f := range []string{"gml_id", "Name", "Adresse", "Ort", "stadtteil", "schueleranzahl"} {
		if !slices.Contains(fields, f) {
			t.Errorf("no field %q in %q", f, fields)
		}
	}
	fs := readLayer(t, l)
	if len(fs) != 40 {
		t.Fatalf("%d features; want 40", len(fs))
	}
	first := fs[0]
	if first.values["Name"] != "Zukunftsschule Alsterpalais (Stadtteilschule)" ||
		first.values["Adresse"] != "Alsterdorfer Straße 523" || first.values["Ort"] != "22337 Hamburg" ||
		first.values["stadtteil"] != "Alsterdorf" || first.values["gml_id"] != "APP_HH_SCHULEN_DWH_45808" {
		t.Errorf("first school: %v", first.values)
	}
	if p, ok := first.geom.(orb.Point); !ok || p != (orb.Point{567991, 5941534}) {
		t.Errorf("first school at %v", first.geom)
	}
	// Elements left out are nulls, not empty strings.
	nulls := 0
	for _, f := range fs {
		if f.null["FAX"] {
			nulls++
		}
	}
	t.Logf("%d of 40 schools without FAX", nulls)

	srs := l.SRS()
	if srs == nil {
		t.Fatal("no SRS")
	}
	defer srs.Close()
	if srs.EPSG() != 25832 {
		t.Errorf("EPSG %d; want 25832", srs.EPSG())
	}
	tr, err := NewToWGS84(srs)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	hamburg := orb.Bound{Min: orb.Point{8.4, 53.3}, Max: orb.Point{10.3, 54.0}}
	for _, f := range fs {
		if b := toWGS84(t, tr, f.geom); !hamburg.Contains(b.Min) {
			t.Errorf("%s at %v, outside Hamburg", f.values["Name"], b.Min)
		}
	}
	for _, w := range d.Warnings() {
		if strings.Contains(w, "http") || strings.Contains(w, "resolve") {
			t.Errorf("GDAL tried the network: %s", w)
		}
	}
}

func TestGML(t *testing.T) {
	// Work on a copy, so that a .gfs file written anyway would show.
	dir := t.TempDir()
	p := filepath.Join(dir, "schulen.gml")
	if err := os.WriteFile(p, readFile(t, "schulen_40.gml"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	checkSchools(t, d)
	d.Close()
	for _, dir := range []string{dir, "testdata"} {
		gfs, _ := filepath.Glob(filepath.Join(dir, "*.gfs"))
		if len(gfs) > 0 {
			t.Errorf("GDAL wrote %v", gfs)
		}
	}
}

func TestGMLBytes(t *testing.T) {
	d, err := OpenBytes("schulen.gml", readFile(t, "schulen_40.gml"))
	if err != nil {
		t.Fatal(err)
	}
	mem := ourMemFiles()
	checkSchools(t, d)
	if len(mem) != 2 || !strings.HasSuffix(mem[1], "/schulen.gml") {
		t.Errorf("memory files %v; want the folder and the .gml only", mem)
	}
	d.Close()
	if left := ourMemFiles(); len(left) > 0 {
		t.Errorf("memory files left: %v", left)
	}
}

func TestGMLBroken(t *testing.T) {
	data := readFile(t, "schulen_40.gml")
	// Cut in the middle of the second school: not well-formed XML. GDAL
	// reports it while opening, then would read no feature at all.
	cut := data[:strings.Index(string(data), "Christian- Morgenstern")]
	d, err := OpenBytes("cut.gml", cut)
	if err == nil {
		d.Close()
		t.Fatal("a cut GML file opened")
	}
	if !strings.Contains(err.Error(), "XML parsing of GML file failed") {
		t.Errorf("error %q lacks GDAL's message", err)
	}
	if left := ourMemFiles(); len(left) > 0 {
		t.Errorf("memory files left: %v", left)
	}
}
