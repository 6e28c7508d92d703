package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gigaplan/data/sqlite"
	"gigaplan/geo"
)

// supplyOf reads the stored supply data, keyed by "street number".
func (c *cli) supplyOf() map[string]geo.Supply {
	c.t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, c.db)
	if err != nil {
		c.t.Fatal(err)
	}
	defer st.Close()
	all, err := st.SupplyAll(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	out := map[string]geo.Supply{}
	for id, s := range all {
		a, err := st.Address(ctx, id)
		if err != nil {
			c.t.Fatal(err)
		}
		out[a.Street+" "+a.HouseNumber+a.Suffix] = s
	}
	return out
}

func supplyFixture(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t)
	c.mustRun("import", "areas", "--kind", "district", "testdata/ortsteile.geojson")
	c.mustRun("import", "addresses", "--allow-duplicates", "testdata/adressen.csv")
	c.mustRun("survey", "add", "--area", "Nord", "--from", "2026-01-05", "--to", "2026-02-16", "--horizon", "5y", "--operators", "Telekom,Vodafone")
	return c
}

func TestCLIImportSupply(t *testing.T) {
	c := supplyFixture(t)
	forgotten := filepath.Join(t.TempDir(), "vergessen.csv")
	out := c.mustRun("import", "supply", "--operator", "Telekom", "--rules", "gigabit-2024", "--as-of", "2026-03-02", "--forgotten", forgotten, "testdata/supply.csv")
	for _, want := range []string{
		"testdata/supply.csv: 8 Zeilen gelesen",
		"Gelesen: 8, zugeordnet: 7, nicht zugeordnet: 1, zusammengeführt: 1",
		"Nicht zugeordnet (1):",
		`testdata/supply.csv:9: Musterweg 3, 77654: Straße "Musterweg" in PLZ 77654 unbekannt`,
		"Nicht gemeldet: 1 von 7 amtlichen Adressen",
		"Gespeichert: Antwort von Telekom zur Markterkundung",
		"Versorgungsdaten für 6 Adressen (die bisherige Antwort von Telekom ersetzt, andere Betreiber unverändert)",
		// Cable DOCSIS 3.1 (Hauptstraße 1 at 1000/50, Schulweg 3 at 250/25)
		// is gigabit-capable and excludes whatever its rates; FTTH and FTTB
		// too; Hauptstraße 2a has a plan: Mühlenweg 5 and Außenhof 1 remain.
		// The count uses the survey's time horizon (5 years).
		"Förderfähig nach gigabit-2024 (Gigabit-Richtlinie 2.0 des Bundes (Fassung 30.04.2024)), Stand 02.03.2026, Zeithorizont 5 Jahre: 2 von 7 Adressen",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	got := c.supplyOf()
	if len(got) != 6 {
		t.Errorf("stored supply for %d addresses, want 6: %v", len(got), got)
	}
	h1 := got["Hauptstraße 1"]
	if h1.Download != 1000 || h1.Upload != 50 || h1.Operator != "Vodafone" || h1.Source != "testdata/supply.csv:2, testdata/supply.csv:8" {
		t.Errorf("Hauptstraße 1 (two reports merged) = %+v", h1)
	}
	h2 := got["Hauptstraße 2a"]
	if h2.Download != 50 || h2.PlannedOperator != "Deutsche Glasfaser" || h2.PlannedDate.Format("2006-01-02") != "2027-06-30" {
		t.Errorf("Hauptstraße 2a (\"HAUPTSTRASSE 2 A\") = %+v", h2)
	}
	for _, k := range []string{"Mühlenweg 5", "Gewerbestraße 10", "Schulweg 3", "Rathausplatz 1"} {
		if _, ok := got[k]; !ok {
			t.Errorf("%s not matched", k)
		}
	}
	if _, ok := got["Außenhof 1"]; ok {
		t.Errorf("Außenhof 1 has supply, but nobody reported it")
	}
	b, err := os.ReadFile(forgotten)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[0], "id,key,street") || !strings.Contains(lines[1], "Außenhof") {
		t.Errorf("forgotten file:\n%s", b)
	}

	// grau-2021 knows only three years: the survey's five are refused
	// before anything is written, with the way out named.
	if code, _, errs := c.run("import", "supply", "--operator", "Telekom", "--rules", "grau-2021", "testdata/supply.csv"); code != 1 ||
		!strings.Contains(errs, "hat einen Zeithorizont von 5 Jahren") || !strings.Contains(errs, "bitte mit --horizon") {
		t.Errorf("grau-2021 with the survey's 5 years: exit %d, %s", code, errs)
	}
	// Other rule sets count differently: grey spots (< 100 down) are
	// Mühlenweg (16) and Außenhof (none); Hauptstraße 2a's plan excludes it.
	out = c.mustRun("import", "supply", "--operator", "Telekom", "--rules", "grau-2021", "--horizon", "3", "--as-of", "2026-03-02", "testdata/supply.csv")
	if !strings.Contains(out, "Stand 02.03.2026, Zeithorizont 3 Jahre: 2 von 7 Adressen") {
		t.Errorf("grau-2021 count:\n%s", out)
	}
	// With the plan (30.06.2027) outside three years, Hauptstraße 2a is a
	// grey spot too.
	out = c.mustRun("import", "supply", "--operator", "Telekom", "--rules", "grau-2021", "--horizon", "3", "--as-of", "2024-03-02", "testdata/supply.csv")
	if !strings.Contains(out, "Stand 02.03.2024, Zeithorizont 3 Jahre: 3 von 7 Adressen") {
		t.Errorf("grau-2021 count as of 2024:\n%s", out)
	}
	// The survey's horizon: five years reach the plan again (gigabit-2025
	// allows 3 to 7 years).
	out = c.mustRun("import", "supply", "--operator", "Telekom", "--rules", "gigabit-2025", "--horizon", "5y", "--as-of", "2024-03-02", "testdata/supply.csv")
	if !strings.Contains(out, "Stand 02.03.2024, Zeithorizont 5 Jahre: 2 von 7 Adressen") {
		t.Errorf("gigabit-2025 with a 5-year horizon as of 2024:\n%s", out)
	}
	out = c.mustRun("import", "supply", "--operator", "Telekom", "--rules", "gigabit-2025", "--horizon", "3", "--as-of", "2024-03-02", "testdata/supply.csv")
	if !strings.Contains(out, "Stand 02.03.2024, Zeithorizont 3 Jahre: 3 von 7 Adressen") {
		t.Errorf("gigabit-2025 with a 3-year horizon as of 2024:\n%s", out)
	}
}

func TestCLIImportSupplyCampaignExcludes(t *testing.T) {
	c := supplyFixture(t)
	c.mustRun("import", "supply", "--operator", "Telekom", "testdata/supply.csv")
	// District Nord holds Hauptstraße 1, Mühlenweg 5 and Gewerbestraße 10.
	c.mustRun("campaign", "add", "--provider", "P", "--name", "Nord-Kampagne", "--areas", "Nord",
		"--start", "2026-01-05", "--deadline", "2026-03-30")
	out := c.mustRun("import", "supply", "--operator", "Telekom", "--rules", "gigabit-2024", "--as-of", "2026-03-02", "testdata/supply.csv")
	if !strings.Contains(out, "2 von 7 Adressen") {
		t.Errorf("running campaign must not exclude:\n%s", out)
	}
	c.mustRun("campaign", "set-status", "Nord-Kampagne", "--status", "running", "--on", "2026-01-05")
	c.mustRun("campaign", "set-status", "Nord-Kampagne", "--status", "reached", "--on", "2026-03-01", "--override", "--reason", "Zusage ohne erfasste Zahlen")
	out = c.mustRun("import", "supply", "--operator", "Telekom", "--rules", "gigabit-2024", "--as-of", "2026-03-02", "testdata/supply.csv")
	if !strings.Contains(out, "1 von 7 Adressen") {
		t.Errorf("reached campaign must exclude Mühlenweg 5:\n%s", out)
	}
}

func TestCLIImportSupplyBadRowLeavesStoreUnchanged(t *testing.T) {
	c := supplyFixture(t)
	c.mustRun("import", "supply", "--operator", "Telekom", "testdata/supply.csv")
	before := c.supplyOf()
	code, _, errs := c.run("import", "supply", "--operator", "Telekom", "testdata/supply.csv", "testdata/supply_bad_last.csv")
	if code != 1 {
		t.Fatalf("bad import: exit %d, want 1; stderr:\n%s", code, errs)
	}
	for _, want := range []string{"supply_bad_last.csv:4", "download", "schnell", "unverändert"} {
		if !strings.Contains(errs, want) {
			t.Errorf("bad import message lacks %q:\n%s", want, errs)
		}
	}
	if after := c.supplyOf(); !reflect.DeepEqual(after, before) {
		t.Errorf("supply changed by a failed import:\n%v\nwas:\n%v", after, before)
	}
}

func TestCLIImportSupplyErrors(t *testing.T) {
	c := supplyFixture(t)
	empty := newCLI(t)
	noMatch := filepath.Join(t.TempDir(), "fremd.csv")
	if err := os.WriteFile(noMatch, []byte("strasse;hnr;plz;download\nIrgendwo;1;11111;50\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		c        *cli
		args     []string
		code     int
		inStderr string
	}{
		{"no file", c, nil, 2, "keine Datei"},
		{"unknown rule set", c, []string{"--rules", "gigabit-2099", "testdata/supply.csv"}, 1, "grau-2021"},
		{"retired grau-2018", c, []string{"--rules", "grau-2018", "testdata/supply.csv"}, 1, `bitte "grau-2021" verwenden`},
		{"horizon outside the rule's range", c, []string{"--rules", "gigabit-2025", "--horizon", "8y", "testdata/supply.csv"}, 1,
			`--horizon "8y": Zeithorizont 8 Jahre liegt nicht zwischen 3 und 7 Jahren (Regelsatz gigabit-2025)`},
		{"horizon of grey spots is fixed", c, []string{"--rules", "grau-2021", "--horizon", "5 Jahre", "testdata/supply.csv"}, 1, "sieht genau 3 Jahre vor"},
		{"horizon not a number", c, []string{"--rules", "gigabit-2025", "--horizon", "bald", "testdata/supply.csv"}, 1, "erwartet eine ganze Zahl von Jahren"},
		{"horizon without rules", c, []string{"--horizon", "5y", "testdata/supply.csv"}, 2, "--horizon braucht --rules"},
		{"rules file without rules", c, []string{"--rules-file", "x.json", "testdata/supply.csv"}, 2, "--rules"},
		{"missing file", c, []string{"testdata/gibtsnicht.csv"}, 1, "gibtsnicht.csv"},
		{"bad as-of", c, []string{"--rules", "gigabit-2024", "--as-of", "morgen", "testdata/supply.csv"}, 1, "--as-of"},
		{"no official addresses", empty, []string{"testdata/supply.csv"}, 1, "import addresses"},
		{"nothing matched", c, []string{noMatch}, 1, "keine Zeile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := tt.c.run(append([]string{"import", "supply", "--operator", "Telekom"}, tt.args...)...)
			if code != tt.code || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("exit %d, want %d; stderr lacks %q?\n%s", code, tt.code, tt.inStderr, errs)
			}
		})
	}
	if got := c.supplyOf(); len(got) != 0 {
		t.Errorf("failed imports stored supply: %v", got)
	}
}

func TestCLIImportSupplyRulesFile(t *testing.T) {
	c := supplyFixture(t)
	rules := filepath.Join(t.TempDir(), "regeln.json")
	if err := os.WriteFile(rules, []byte(`[{"name": "streng", "title": "Streng", "valid_from": "2026-01-01", "min_down": 2000}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := c.mustRun("import", "supply", "--operator", "Telekom", "--rules-file", rules, "--rules", "streng", "--horizon", "3", "--as-of", "2026-03-02", "testdata/supply.csv")
	// Only Hauptstraße 2a (planned build) is not eligible below 2000 Mbit/s.
	if !strings.Contains(out, "Förderfähig nach streng (Streng), Stand 02.03.2026, Zeithorizont 3 Jahre: 6 von 7 Adressen") {
		t.Errorf("own rule set:\n%s", out)
	}
	// The built-in sets stay available next to the file's.
	c.mustRun("import", "supply", "--operator", "Telekom", "--rules-file", rules, "--rules", "weiss-2015", "--horizon", "3", "testdata/supply.csv")

	bad := filepath.Join(t.TempDir(), "kaputt.json")
	if err := os.WriteFile(bad, []byte(`[{"name": "x"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := c.run("import", "supply", "--operator", "Telekom", "--rules-file", bad, "--rules", "x", "testdata/supply.csv"); code != 1 || !strings.Contains(errs, "kaputt.json") || !strings.Contains(errs, "valid_from") {
		t.Errorf("bad rules file: exit %d\n%s", code, errs)
	}
}
