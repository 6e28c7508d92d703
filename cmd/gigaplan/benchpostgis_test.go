package main

import (
	"strings"
	"testing"

	"gigaplan/data/postgres/pgtest"
)

func TestCLIBenchOverlayPostGIS(t *testing.T) {
	url := pgtest.URL(t)
	c := newCLI(t)
	out := c.mustRun("bench", "overlay", "--points", "4000", "--polygons", "6", "--vertices", "80", "--postgis", url)
	for _, want := range []string{
		"engine:", "mismatches:         0",
		"postgis load:", "postgis ST_Covers:", " M points/s", "engine / postgis:", "postgis mismatches: 0 (of ",
		"Index Scan on pts_geom_idx",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "gigaplan_bench_") {
		t.Errorf("output shows the temporary schema's name:\n%s", out)
	}
}

func TestCLIBenchOverlayPostGISBadURL(t *testing.T) {
	c := newCLI(t)
	code, _, errs := c.run("bench", "overlay", "--points", "10", "--polygons", "2", "--vertices", "10", "--postgis", "gigaplan.db")
	if code != 2 || !strings.Contains(errs, "--postgis will eine URL") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
}
