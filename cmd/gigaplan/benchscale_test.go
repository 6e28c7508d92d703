package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchScaleData generates a small state and imports it: the counts
// come out exactly, districts tile every municipality without overlap (no
// overlap reported, every address in exactly one district and one
// municipality), and the campaigns and sign-ups import.
func TestBenchScaleData(t *testing.T) {
	dir := t.TempDir()
	c := newCLI(t)
	out := c.mustRun("bench", "scale-data", "--out", dir, "--addresses", "5000", "--municipalities", "23", "--districts", "200", "--campaigns", "3")
	if !strings.Contains(out, "5.000 Adressen, 23 Gemeinden, 200 Ortsteile") {
		t.Errorf("summary: %s", out)
	}
	for _, name := range []string{"gemeinden.geojson", "ortsteile.geojson"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var fc struct{ Features []json.RawMessage }
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := map[string]int{"gemeinden.geojson": 23, "ortsteile.geojson": 200}[name]; len(fc.Features) != want {
			t.Errorf("%s: %d features, want %d", name, len(fc.Features), want)
		}
	}
	out = c.mustRun("import", "areas", "--kind", "municipality", filepath.Join(dir, "gemeinden.geojson"))
	out += c.mustRun("import", "areas", "--kind", "district", filepath.Join(dir, "ortsteile.geojson"))
	out += c.mustRun("import", "addresses", filepath.Join(dir, "hausko.txt"))
	if strings.Contains(out, "berlapp") || strings.Contains(out, "repariert") {
		t.Errorf("generated areas overlap or needed repair:\n%s", out)
	}
	if !strings.Contains(out, "Verschneidung: 5.000 Adressen, 223 Gebiete, 10.000 Zuordnungen") {
		t.Errorf("want every address in one district and one municipality:\n%s", out)
	}
	if got := c.mustRun("addresses", "--unassigned", "--format", "csv"); strings.Count(got, "\n") != 1 {
		t.Errorf("addresses outside every district:\n%s", got)
	}
	f, err := os.Open(filepath.Join(dir, "kampagnen.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("%d campaigns, want 3", len(recs))
	}
	for _, rec := range recs {
		c.mustRun("campaign", "add", "--provider", rec[1], "--name", rec[0], "--areas", rec[2], "--start", rec[3], "--deadline", rec[4])
	}
	c.mustRun("signups", "import", filepath.Join(dir, "vertraege.csv"))
	if got := c.mustRun("campaign", "status", recs[0][0], "--format", "csv", "--as-of", "2026-10-24"); strings.Count(got, "\n") < 5 {
		t.Errorf("status of %s:\n%s", recs[0][0], got)
	}
}
