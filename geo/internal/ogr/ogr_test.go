package ogr

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// feature is a Feature with its values by field name and its geometry.
type feature struct {
	fid    int64
	values map[string]string
	null   map[string]bool
	geom   orb.Geometry
}

// readLayer reads all features of l.
func readLayer(t testing.TB, l *Layer) []feature {
	t.Helper()
	fields := l.Fields()
	var out []feature
	for f, err := range l.Features() {
		if err != nil {
			t.Fatalf("layer %s: %v", l.Name(), err)
		}
		if len(f.Values) != len(fields) || len(f.Null) != len(fields) {
			t.Fatalf("layer %s: %d values, %d null flags for %d fields", l.Name(), len(f.Values), len(f.Null), len(fields))
		}
		r := feature{fid: f.FID, values: map[string]string{}, null: map[string]bool{}}
		for i, name := range fields {
			r.values[name] = f.Values[i]
			r.null[name] = f.Null[i]
			if f.Null[i] && f.Values[i] != "" {
				t.Fatalf("layer %s: null field %s has value %q", l.Name(), name, f.Values[i])
			}
		}
		if f.WKB != nil {
			g, err := wkb.Unmarshal(f.WKB)
			if err != nil {
				t.Fatalf("layer %s, feature %d: WKB: %v", l.Name(), f.FID, err)
			}
			r.geom = g
		}
		out = append(out, r)
	}
	return out
}

// byName returns the features whose field key equals value.
func byName(fs []feature, key, value string) []feature {
	var out []feature
	for _, f := range fs {
		if f.values[key] == value {
			out = append(out, f)
		}
	}
	return out
}

// coords returns all coordinates of g.
func coords(g orb.Geometry) (xs, ys []float64) {
	add := func(ps ...orb.Point) {
		for _, p := range ps {
			xs = append(xs, p[0])
			ys = append(ys, p[1])
		}
	}
	var walk func(orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.Point:
			add(g)
		case orb.MultiPoint:
			add(g...)
		case orb.LineString:
			add(g...)
		case orb.MultiLineString:
			for _, l := range g {
				add(l...)
			}
		case orb.Polygon:
			for _, r := range g {
				add(r...)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				walk(p)
			}
		case orb.Collection:
			for _, c := range g {
				walk(c)
			}
		}
	}
	walk(g)
	return xs, ys
}

// toWGS84 transforms the coordinates of g with tr and returns their bounds.
func toWGS84(t testing.TB, tr *Transform, g orb.Geometry) orb.Bound {
	t.Helper()
	xs, ys := coords(g)
	if len(xs) == 0 {
		t.Fatalf("geometry without coordinates: %v", g)
	}
	if err := tr.Apply(xs, ys); err != nil {
		t.Fatal(err)
	}
	b := orb.Bound{Min: orb.Point{xs[0], ys[0]}, Max: orb.Point{xs[0], ys[0]}}
	for i := range xs {
		b = b.Extend(orb.Point{xs[i], ys[i]})
	}
	return b
}

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// zipFiles builds a zip archive from name → content.
func zipFiles(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(files[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ourMemFiles returns the /vsimem/ files this package made.
func ourMemFiles() []string {
	var out []string
	for _, f := range memFiles() {
		if strings.HasPrefix(f, "gigaplan-ogr-") {
			out = append(out, f)
		}
	}
	return out
}

func TestNetworkIsOff(t *testing.T) {
	msg := httpProbe("http://example.com/schema.xsd")
	if !strings.Contains(msg, "network access is disabled") {
		t.Fatalf("GDAL's HTTP layer answered %q; want the network block", msg)
	}
}

func TestOpenErrors(t *testing.T) {
	notGeo := t.TempDir() + "/notes.txt"
	if err := os.WriteFile(notGeo, []byte("just text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want error
	}{
		{"missing file", "testdata/nope.shp", fs.ErrNotExist},
		{"missing zip", "testdata/nope.zip", fs.ErrNotExist},
		{"empty path", "", ErrUnsupported},
		{"URL", "http://example.com/a.gml", ErrUnsupported},
		{"vsicurl", "/vsicurl/http://example.com/a.gml", ErrUnsupported},
		{"vsicurl in vsizip", "/vsizip//vsicurl/http://example.com/a.zip", ErrUnsupported},
		{"vsis3", "/vsis3/bucket/a.gpkg", ErrUnsupported},
		{"text file", notGeo, ErrUnsupported},
		{"prj only", "testdata/Stadtteil.prj", ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Open(tt.path)
			if err == nil {
				d.Close()
				t.Fatalf("Open(%q) succeeded", tt.path)
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open(%q) = %v; want %v", tt.path, err, tt.want)
			}
		})
	}
}

func TestOpenBytesRejectsOtherFormats(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		// Hand-made minimal files: KML and GeoJSON are read elsewhere, never
		// through GDAL.
		{"a.kml", `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Point><coordinates>6.95,50.94</coordinates></Point></Placemark></kml>`},
		{"a.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[6.95,50.94]}}]}`},
		{"a.csv", "x,y\n6.95,50.94\n"},
		{"empty.gml", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := OpenBytes(tt.name, []byte(tt.data))
			if err == nil {
				t.Fatalf("OpenBytes(%s) opened it with %s", tt.name, d.Driver())
			}
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("OpenBytes(%s) = %v; want ErrUnsupported", tt.name, err)
			}
		})
	}
	if left := ourMemFiles(); len(left) > 0 {
		t.Fatalf("memory files left after failed opens: %v", left)
	}
}

func TestOpenBytesGDALError(t *testing.T) {
	// A GeoPackage cut short: the driver recognises it, then fails.
	data := readFile(t, "jena_ortsteile_31468.gpkg")[:2048]
	d, err := OpenBytes("cut.gpkg", data)
	if err == nil {
		d.Close()
		t.Fatal("a truncated GeoPackage opened")
	}
	var ge *Error
	if !errors.As(err, &ge) || ge.Msg == "" {
		t.Fatalf("error %v (%T) carries no GDAL message", err, err)
	}
	t.Logf("GDAL says: %v", err)
}

func TestClosedObjects(t *testing.T) {
	d, err := Open("testdata/jena_ortsteile_31468.gpkg")
	if err != nil {
		t.Fatal(err)
	}
	l := d.Layer(0)
	srs := l.SRS()
	tr, err := NewToWGS84(srs)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	d.Close()
	srs.Close()
	srs.Close()
	tr.Close()
	tr.Close()

	if n := d.LayerCount(); n != 0 {
		t.Errorf("LayerCount after Close = %d", n)
	}
	if d.Layer(0) != nil {
		t.Error("Layer(0) after Close is not nil")
	}
	if l.Fields() != nil || l.SRS() != nil || l.FeatureCount() != -1 {
		t.Error("a layer of a closed dataset still answers")
	}
	for _, err := range l.Features() {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("Features after Close: %v; want ErrClosed", err)
		}
	}
	if srs.WKT() != "" || srs.EPSG() != 0 || srs.Name() != "" || srs.IsGeographic() {
		t.Error("a closed SRS still answers")
	}
	if err := tr.Apply([]float64{1}, []float64{2}); !errors.Is(err, ErrClosed) {
		t.Errorf("Apply after Close = %v; want ErrClosed", err)
	}
	if _, err := NewToWGS84(srs); !errors.Is(err, ErrClosed) {
		t.Errorf("NewToWGS84(closed) = %v; want ErrClosed", err)
	}
}

func TestCloseInsideLoop(t *testing.T) {
	d, err := Open("testdata/jena_ortsteile_31468.gpkg")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var last error
	for _, err := range d.Layer(0).Features() {
		if err != nil {
			last = err
			continue
		}
		n++
		d.Close()
	}
	if n != 1 || !errors.Is(last, ErrClosed) {
		t.Fatalf("after Close in the loop: %d features, error %v; want 1 and ErrClosed", n, last)
	}
}

// TestConcurrent reads every fixture from several goroutines at once;
// with -race it checks that distinct objects share no Go state.
func TestConcurrent(t *testing.T) {
	shp := map[string][]byte{}
	for _, ext := range []string{"shp", "shx", "dbf", "prj"} {
		shp["Stadtteil."+ext] = readFile(t, "Stadtteil."+ext)
	}
	zipped := zipFiles(t, shp)
	open := []func() (*Dataset, error){
		func() (*Dataset, error) { return Open("testdata/Stadtteil.shp") },
		func() (*Dataset, error) { return OpenBytes("stadtteile.zip", zipped) },
		func() (*Dataset, error) { return Open("testdata/jena_ortsteile_31468.gpkg") },
		func() (*Dataset, error) { return OpenBytes("s.gml", readFile(t, "schulen_40.gml")) },
		func() (*Dataset, error) { return Open("testdata/kentucky_map.osm") },
	}
	want := []int{86, 86, 30, 40, 1}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(open))
	for range 4 {
		for i, o := range open {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d, err := o()
				if err != nil {
					errs <- err
					return
				}
				defer d.Close()
				l := d.Layer(0)
				if d.Driver() == DriverOSM {
					l = d.Layer(3) // multipolygons
				}
				srs := l.SRS()
				defer srs.Close()
				tr, err := NewToWGS84(srs)
				if err != nil {
					errs <- err
					return
				}
				defer tr.Close()
				n := 0
				for f, err := range l.Features() {
					if err != nil {
						errs <- err
						return
					}
					g, err := wkb.Unmarshal(f.WKB)
					if err != nil {
						errs <- err
						return
					}
					xs, ys := coords(g)
					if err := tr.Apply(xs, ys); err != nil {
						errs <- err
						return
					}
					n++
				}
				if n != want[i] {
					errs <- errors.New(d.Driver() + ": wrong feature count")
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
