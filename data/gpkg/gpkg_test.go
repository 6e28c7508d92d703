package gpkg_test

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/data/gpkg"
)

// Ogrinfo runs ogrinfo with args, skipping the test if GDAL is not
// installed, and fails on a non-zero exit or any warning or error.
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

var square = orb.Polygon{
	{{7.90, 48.47}, {7.95, 48.47}, {7.95, 48.50}, {7.90, 48.50}, {7.90, 48.47}},
	{{7.91, 48.48}, {7.91, 48.49}, {7.92, 48.49}, {7.92, 48.48}, {7.91, 48.48}}, // hole
}

func writeSample(t *testing.T, path string) {
	t.Helper()
	w, err := gpkg.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			w.Abort()
			t.Fatal(err)
		}
	}
	must(w.AddLayer(gpkg.Layer{Name: "addresses", GeometryType: "POINT", Fields: []gpkg.Field{
		{Name: "street", Type: "TEXT"}, {Name: "households", Type: "INTEGER"}, {Name: "download", Type: "REAL"},
		{Name: "eligible", Type: "BOOLEAN"},
	}}))
	must(w.AddLayer(gpkg.Layer{Name: "areas", GeometryType: "MULTIPOLYGON", Fields: []gpkg.Field{
		{Name: "name", Type: "TEXT"}, {Name: "deadline", Type: "DATE"},
	}}))
	must(w.Add("addresses", orb.Point{7.92, 48.48}, "Hauptstraße", 3, 16.5, true))
	must(w.Add("addresses", orb.Point{7.93, 48.47}, "Mühlenweg", 2, nil, false))
	must(w.Add("addresses", nil, "ohne Lage", 0, nil, nil))
	must(w.Add("areas", square, "Nord", time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)))
	must(w.Add("areas", orb.MultiPolygon{square, {{{8.0, 48.0}, {8.1, 48.0}, {8.1, 48.1}, {8.0, 48.0}}}}, "Zwei Teile", time.Time{}))
	must(w.Close())
}

func TestWriteOgrinfo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.gpkg")
	writeSample(t, path)

	summary := ogrinfo(t, "-al", "-so", path)
	for _, want := range []string{
		"Layer name: addresses", "Geometry: Point", "Feature Count: 3",
		"Layer name: areas", "Geometry: Multi Polygon", "Feature Count: 2",
		"Extent: (7.900000, 48.000000) - (8.100000, 48.500000)",
		"street: String", "households: Integer64", "download: Real", "eligible: Integer(Boolean)", "deadline: Date",
		`ID["EPSG",4326]`,
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("ogrinfo -al -so lacks %q:\n%s", want, summary)
		}
	}
	full := ogrinfo(t, "-al", path)
	for _, want := range []string{
		"street (String) = Hauptstraße", "households (Integer64) = 3", "download (Real) = 16.5", "eligible (Integer(Boolean)) = 1",
		"POINT (7.92 48.48)", "download (Real) = (null)",
		"deadline (Date) = 2026/03/30",
		"MULTIPOLYGON (((7.9 48.47,7.95 48.47,7.95 48.5,7.9 48.5,7.9 48.47),(7.91 48.48,7.91 48.49,7.92 48.49,7.92 48.48,7.91 48.48)))",
	} {
		if !strings.Contains(full, want) {
			t.Errorf("ogrinfo -al lacks %q:\n%s", want, full)
		}
	}
	// The spatial index is used: a spatial filter finds only the feature
	// inside it.
	filtered := ogrinfo(t, "-al", "-so", "-spat", "7.925", "48.465", "7.935", "48.475", path, "addresses")
	if !strings.Contains(filtered, "Feature Count: 1") {
		t.Errorf("spatial filter: want 1 feature:\n%s", filtered)
	}
	// Modifying the file with GDAL keeps the index consistent (the
	// triggers run with GDAL's ST_ functions).
	ogrinfo(t, "-q", path, "-sql", "DELETE FROM addresses WHERE street = 'Mühlenweg'")
	if got := ogrinfo(t, "-al", "-so", path, "addresses"); !strings.Contains(got, "Feature Count: 2") {
		t.Errorf("after delete: %s", got)
	}
}

func TestValidateGPKG(t *testing.T) {
	const script = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
	if _, err := os.Stat(script); err != nil {
		t.Skip("GDAL's validate_gpkg.py not installed")
	}
	path := filepath.Join(t.TempDir(), "out.gpkg")
	writeSample(t, path)
	out, err := exec.Command("python3", script, path).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("validate_gpkg.py: %v\n%s", err, out)
	}
}

func TestHeader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.gpkg")
	writeSample(t, path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// SQLite header: application_id at offset 68, user_version at 60, big-endian.
	if got := string(b[68:72]); got != "GPKG" {
		t.Errorf("application_id %q, want GPKG", got)
	}
	if uv := int(b[60])<<24 | int(b[61])<<16 | int(b[62])<<8 | int(b[63]); uv != gpkg.UserVersion {
		t.Errorf("user_version %d, want %d", uv, gpkg.UserVersion)
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	db.QueryRow(`SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (-1, 0, 4326)`).Scan(&n)
	if n != 3 {
		t.Errorf("gpkg_spatial_ref_sys has %d of the 3 required rows", n)
	}
	db.QueryRow(`SELECT count(*) FROM rtree_areas_geom`).Scan(&n)
	if n != 2 {
		t.Errorf("rtree_areas_geom has %d rows, want 2", n)
	}
	var blob []byte
	db.QueryRow(`SELECT geom FROM areas WHERE fid = 1`).Scan(&blob)
	if len(blob) < 40 || string(blob[:2]) != "GP" || blob[2] != 0 || blob[3] != 0b011 {
		t.Errorf("geometry header % x", blob[:min(len(blob), 8)])
	}
}

func TestEncodePoint(t *testing.T) {
	b, env, ok, err := gpkg.Encode(orb.Point{7.5, 48.25})
	if err != nil || !ok {
		t.Fatal(err, ok)
	}
	// GP, version 0, flags little-endian without envelope, srs 4326, then
	// WKB point (little-endian, type 1).
	want := []byte{'G', 'P', 0, 1, 0xe6, 0x10, 0, 0, 1, 1, 0, 0, 0}
	if !bytes.Equal(b[:len(want)], want) || len(b) != len(want)+16 {
		t.Errorf("Encode(point) = % x", b)
	}
	if env.Min != (orb.Point{7.5, 48.25}) {
		t.Errorf("envelope %v", env)
	}
	b, _, ok, err = gpkg.Encode(orb.MultiPolygon{})
	if err != nil || ok || b[3] != 0b10001 {
		t.Errorf("Encode(empty): % x %v %v", b, ok, err)
	}
}

func TestErrorsRemoveFile(t *testing.T) {
	tests := []struct {
		name string
		do   func(w *gpkg.Writer) error
	}{
		{"bad layer name", func(w *gpkg.Writer) error { return w.AddLayer(gpkg.Layer{Name: "1x", GeometryType: "POINT"}) }},
		{"reserved name", func(w *gpkg.Writer) error { return w.AddLayer(gpkg.Layer{Name: "gpkg_x", GeometryType: "POINT"}) }},
		{"bad type", func(w *gpkg.Writer) error {
			return w.AddLayer(gpkg.Layer{Name: "x", GeometryType: "POINT", Fields: []gpkg.Field{{"a", "BLOB"}}})
		}},
		{"wrong geometry", func(w *gpkg.Writer) error {
			if err := w.AddLayer(gpkg.Layer{Name: "x", GeometryType: "POINT"}); err != nil {
				return nil
			}
			return w.Add("x", square)
		}},
		{"wrong value", func(w *gpkg.Writer) error {
			if err := w.AddLayer(gpkg.Layer{Name: "x", GeometryType: "POINT", Fields: []gpkg.Field{{"n", "INTEGER"}}}); err != nil {
				return nil
			}
			return w.Add("x", orb.Point{1, 2}, "drei")
		}},
		{"value count", func(w *gpkg.Writer) error {
			if err := w.AddLayer(gpkg.Layer{Name: "x", GeometryType: "POINT", Fields: []gpkg.Field{{"n", "INTEGER"}}}); err != nil {
				return nil
			}
			return w.Add("x", orb.Point{1, 2})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.gpkg")
			w, err := gpkg.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.do(w); !errors.Is(err, gpkg.ErrInvalid) {
				t.Errorf("error %v, want ErrInvalid", err)
			}
			if err := w.Close(); err == nil {
				t.Error("Close after a failed call succeeded")
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("file left behind: %v", err)
			}
		})
	}
	// Create refuses to overwrite a file with content.
	path := filepath.Join(t.TempDir(), "x.gpkg")
	os.WriteFile(path, []byte("data"), 0o644)
	if _, err := gpkg.Create(path); err == nil {
		t.Error("Create overwrote an existing file")
	}
}
