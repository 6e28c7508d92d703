package main

import (
	"strings"
	"testing"

	"gigaplan/data/postgres/pgtest"
)

func TestCLIBenchOverlayPostGIS(t *testing.T) {
	url := pgtest.URL(t)
	c := newCLI(t)
	out := c.mustRun("bench", "overlay", "--points", "4000", "--polygons", "6", "--vertices", "400", "--passes", "2", "--pg", url)
	for _, want := range []string{
		"engine    ", "go-geos prepared ",
		"postgis Laden:", "postgis ST_Covers    ", "postgis ST_Subdivide(256) ", " M Punkte/s", "Engine/Verfahren ",
		"max_parallel_workers_per_gather = 0",
		"Index Scan using pts_geom_idx",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "postgis ST_") && !strings.Contains(l, "Abweichungen 0") {
			t.Errorf("PostGIS line without 0 mismatches: %s", l)
		}
	}
	if strings.Contains(out, "gigaplan_bench_") {
		t.Errorf("output shows the temporary schema's name:\n%s", out)
	}
	// The old flag name still works.
	c.mustRun("bench", "overlay", "--points", "500", "--polygons", "2", "--vertices", "40", "--passes", "1", "--postgis", url)
}

func TestCLIBenchOverlayPostGISBadURL(t *testing.T) {
	c := newCLI(t)
	code, _, errs := c.run("bench", "overlay", "--points", "10", "--polygons", "2", "--vertices", "10", "--postgis", "gigaplan.db")
	if code != 2 || !strings.Contains(errs, "--postgis will eine URL") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
}
