package main

import (
	"context"
	"strings"
	"testing"

	"gigaplan/geo"
)

// TestCLIBenchOverlayUnavailable checks that peers that cannot run here
// are reported with their reason, not as an error, and that every method
// that ran shows its median over the same passes.
func TestCLIBenchOverlayUnavailable(t *testing.T) {
	c := newCLI(t)
	out := c.mustRun("bench", "overlay", "--points", "3000", "--polygons", "4", "--vertices", "60", "--passes", "5", "--python", "/nonexistent/python3")
	for _, want := range []string{
		"streng 1 Kern, 5 Durchgänge je Verfahren",
		"shapely                    nicht verfügbar: kein Python mit shapely und numpy (/nonexistent/python3: nicht gefunden)",
		"postgis ST_Covers          nicht verfügbar: keine Datenbank angegeben (--pg postgres://…)",
		"postgis ST_Subdivide(256)  nicht verfügbar: keine Datenbank angegeben",
		"GOMAXPROCS=1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, m := range []string{"engine ", "engine mit Teilzellen ", "engine Locate ", "go-geos prepared "} {
		found := false
		for _, l := range strings.Split(out, "\n") {
			found = found || strings.HasPrefix(l, m) && strings.Contains(l, " M Punkte/s  Median ")
		}
		if !found {
			t.Errorf("no timed line for %q:\n%s", m, out)
		}
	}
}

func TestCLIBenchOverlayHelp(t *testing.T) {
	c := newCLI(t)
	code, _, errs := c.run("bench", "overlay", "--help")
	for _, want := range []string{"Randregel", "EPSG:25832", "sonst in WGS84", "-passes", "-real-areas"} {
		if !strings.Contains(errs, want) {
			t.Errorf("help lacks %q:\n%s", want, errs)
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
}

// TestBenchShapely runs the shapely peer, when a Python with shapely is
// installed, on a small case with points on vertices (on the boundary):
// its answer must match the engine's (shapely 1.8's contains leaves the
// boundary points out, which is counted apart, not as a mismatch).
func TestBenchShapely(t *testing.T) {
	ctx := context.Background()
	py, reason := findShapelyPython(ctx, "")
	if py == "" {
		t.Skip(reason)
	}
	areas, pts := geo.SyntheticBench(4000, 7, 90, 5)
	for _, a := range areas {
		pts = append(pts, a.Geometry[0][0][0], a.Geometry[0][0][3])
	}
	ip, err := geo.BenchInProcess(areas, pts, 1)
	if err != nil {
		t.Fatal(err)
	}
	run, err := benchShapely(ctx, py, areas, pts, 2, ip.Assign)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %s, %v, boundary %d", run.Method, run.Note, run.Passes, run.Boundary)
	if !run.Ran() || len(run.Passes) != 2 || !run.Checked || run.Mismatches != 0 || run.Hits == 0 {
		t.Errorf("shapely run %+v", run)
	}
	if strings.Contains(run.Note, "contains-Semantik") && run.Boundary < 2*len(areas) {
		t.Errorf("contains semantics but only %d boundary pairs for %d vertex points", run.Boundary, 2*len(areas))
	}
	if _, why := findShapelyPython(ctx, "/nonexistent/python3"); !strings.Contains(why, "nicht gefunden") {
		t.Errorf("reason %q", why)
	}
}
