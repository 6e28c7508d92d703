package ogr

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// gdalMapped reports whether libgdal is mapped into this process.
func gdalMapped(t *testing.T) bool {
	t.Helper()
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Skipf("no /proc/self/maps: %v", err)
	}
	return strings.Contains(string(maps), "/libgdal.so")
}

// TestGDALLoadedOnFirstUse runs TestGDALLoadChild in a fresh process of
// this test binary: there, GDAL is not in memory until the first Open.
func TestGDALLoadedOnFirstUse(t *testing.T) {
	if os.Getenv("GIGAPLAN_OGR_LOAD_CHILD") != "" {
		t.Skip("in the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestGDALLoadChild$", "-test.v")
	cmd.Env = append(os.Environ(), "GIGAPLAN_OGR_LOAD_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestGDALLoadChild") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

func TestGDALLoadChild(t *testing.T) {
	if os.Getenv("GIGAPLAN_OGR_LOAD_CHILD") == "" {
		t.Skip("run by TestGDALLoadedOnFirstUse")
	}
	if gdalMapped(t) {
		t.Fatal("libgdal is loaded at start: the package should open it on first use")
	}
	d, err := Open("testdata/jena_ortsteile_31468.gpkg")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.LayerCount() == 0 {
		t.Fatal("no layers")
	}
	if !gdalMapped(t) {
		t.Fatal("libgdal not mapped after Open")
	}
}
