package ogr

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// Two real OSM API answers (see testdata/README.md): one building in
// Erlangen with its address, and a /map bounding-box call in Kentucky with
// a barn, two building parts and two fences.

var osmLayers = []string{"points", "lines", "multilinestrings", "multipolygons", "other_relations"}

func layerNames(d *Dataset) []string {
	var out []string
	for i := range d.LayerCount() {
		out = append(out, d.Layer(i).Name())
	}
	return out
}

func TestOSMAddress(t *testing.T) {
	for _, src := range []string{"erlangen_way_31361386.osm", "erlangen_way_31361386.osm.pbf"} {
		t.Run(src, func(t *testing.T) {
			d, err := Open("testdata/" + src)
			if err != nil {
				t.Fatal(err)
			}
			checkErlangen(t, d)
			d.Close()
			d, err = OpenBytes("upload."+src, readFile(t, src))
			if err != nil {
				t.Fatal(err)
			}
			checkErlangen(t, d)
			d.Close()
		})
	}
}

func checkErlangen(t *testing.T, d *Dataset) {
	t.Helper()
	if d.Driver() != DriverOSM || !slices.Equal(layerNames(d), osmLayers) {
		t.Fatalf("driver %s, layers %q", d.Driver(), layerNames(d))
	}
	mp := d.Layer(3)
	if mp.GeometryType() != "MultiPolygon" || mp.FeatureCount() != -1 {
		t.Errorf("multipolygons: %s, count %d", mp.GeometryType(), mp.FeatureCount())
	}
	srs := mp.SRS()
	defer srs.Close()
	if srs.EPSG() != 4326 || !srs.IsGeographic() {
		t.Errorf("SRS %d %q", srs.EPSG(), srs.Name())
	}
	fs := readLayer(t, mp)
	if len(fs) != 1 {
		t.Fatalf("%d multipolygons; want 1", len(fs))
	}
	f := fs[0]
	if f.fid != 31361386 || f.values["osm_way_id"] != "31361386" || f.values["building"] != "detached" {
		t.Errorf("building: fid %d, %v", f.fid, f.values)
	}
	tags := ParseOtherTags(f.values["other_tags"])
	want := map[string]string{
		"addr:city": "Erlangen", "addr:country": "DE", "addr:housenumber": "30",
		"addr:postcode": "91052", "addr:street": "Badstraße",
		"building:levels": "1", "roof:levels": "2", "roof:shape": "gabled",
	}
	if !maps.Equal(tags, want) {
		t.Errorf("other_tags %q parsed to %v", f.values["other_tags"], tags)
	}
	// OSM geometries are lon/lat as they are, whatever the CRS axis order.
	wantBound := orb.Bound{Min: orb.Point{11.0154519, 49.583313}, Max: orb.Point{11.0155721, 49.5834188}}
	if b := f.geom.Bound(); b != wantBound {
		t.Errorf("bound %v; want %v", b, wantBound)
	}
	tr, err := NewToWGS84(srs)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if b := toWGS84(t, tr, f.geom); b != wantBound {
		t.Errorf("WGS 84 to WGS 84 moved the bound to %v", b)
	}
	// Untagged nodes make no points.
	if n := len(readLayer(t, d.Layer(0))); n != 0 {
		t.Errorf("%d points; want 0", n)
	}
}

func TestOSMLayersOneAtATime(t *testing.T) {
	d, err := OpenBytes("map.osm", readFile(t, "kentucky_map.osm"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ids := func(l *Layer) []int64 {
		var out []int64
		for _, f := range readLayer(t, l) {
			out = append(out, f.fid)
		}
		return out
	}
	wantLines := []int64{581703511, 581703513, 915308717, 915563505}
	wantPolys := []int64{579354478}
	// Read in any order, and again: each pass re-reads the file.
	for range 2 {
		if got := ids(d.Layer(3)); !slices.Equal(got, wantPolys) {
			t.Errorf("multipolygons %v; want %v", got, wantPolys)
		}
		if got := ids(d.Layer(1)); !slices.Equal(got, wantLines) {
			t.Errorf("lines %v; want %v", got, wantLines)
		}
		if got := ids(d.Layer(0)); len(got) != 0 {
			t.Errorf("points %v", got)
		}
	}
	fence := readLayer(t, d.Layer(1))[0]
	if fence.values["barrier"] != "fence" || ParseOtherTags(fence.values["other_tags"])["material"] != "wood" {
		t.Errorf("fence: %v", fence.values)
	}
	if ls, ok := fence.geom.(orb.LineString); !ok || len(ls) != 8 {
		t.Errorf("fence geometry %v", fence.geom)
	}
	// Stop early, then read the layer in full.
	for range d.Layer(1).Features() {
		break
	}
	if got := ids(d.Layer(1)); !slices.Equal(got, wantLines) {
		t.Errorf("lines after an early stop %v", got)
	}
}

func TestOSMBroken(t *testing.T) {
	data := string(readFile(t, "kentucky_map.osm"))
	cut := data[:strings.Index(data, "<way id=\"581703513\"")+30]
	d, err := OpenBytes("cut.osm", []byte(cut))
	if err != nil {
		t.Logf("open: %v", err)
		return
	}
	defer d.Close()
	var readErr error
	for _, err := range d.Layer(1).Features() {
		if err != nil {
			readErr = err
		}
	}
	if readErr == nil {
		t.Error("a cut OSM file read without error")
	}
	t.Logf("read: %v", readErr)
}
