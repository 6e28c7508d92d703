package main

import (
	"strings"
	"testing"

	"gigaplan/data/demo"
	"gigaplan/data/postgres/pgtest"
)

// TestCLIPostgres runs the CLI against PostgreSQL (a fresh schema of the
// database in GIGAPLAN_TEST_POSTGRES; skipped without it) and compares
// its output with the same commands on SQLite.
func TestCLIPostgres(t *testing.T) {
	pg := &cli{t: t, db: pgtest.URL(t)}
	lite := newCLI(t)
	for _, c := range []*cli{pg, lite} {
		if out := c.mustRun("demo"); !strings.HasPrefix(out, "Demo-Gemeinden Musterstadt und Kleinbach geladen") {
			t.Fatalf("demo on %s: %s", c.db, out)
		}
	}

	areas := pg.mustRun("areas", "--format", "csv")
	if n := strings.Count(areas, "\ndistrict,"); n != 13 {
		t.Errorf("areas --format csv: %d districts, want 11 in Musterstadt and 2 in Kleinbach:\n%s", n, areas)
	}
	if want := lite.mustRun("areas", "--format", "csv"); areas != want {
		t.Errorf("areas --format csv on PostgreSQL:\n%s\non SQLite:\n%s", areas, want)
	}

	list := pg.mustRun("campaign", "list", "--format", "csv")
	if want := lite.mustRun("campaign", "list", "--format", "csv"); list != want {
		t.Errorf("campaign list on PostgreSQL:\n%s\non SQLite:\n%s", list, want)
	}
	if lines := strings.Split(strings.TrimSpace(list), "\n"); len(lines) < 3 {
		t.Errorf("campaign list: want the demo campaigns, got:\n%s", list)
	}

	// Figures, search and coverage agree with SQLite.
	for _, args := range [][]string{
		{"campaign", "status", demo.CampaignFTTH, "--format", "csv"},
		{"campaign", "status", demo.CampaignZones, "--format", "csv"},
		{"coverage", "Hauptstr 1"},
		{"addresses", "--unassigned"},
	} {
		if got, want := pg.mustRun(args...), lite.mustRun(args...); got != want {
			t.Errorf("%s on PostgreSQL:\n%s\non SQLite:\n%s", strings.Join(args, " "), got, want)
		}
	}

	// Loading the demo again updates in place.
	pg.mustRun("demo")
	if again := pg.mustRun("areas", "--format", "csv"); again != areas {
		t.Errorf("areas after a second demo load:\n%s\nbefore:\n%s", again, areas)
	}
}
