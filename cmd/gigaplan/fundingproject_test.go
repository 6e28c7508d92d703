package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
)

// fundingFixture: the survey fixture's addresses and districts inside the
// municipality Osthausen (08317002), a market survey of Nord with
// Telekom's answer, and the project "Weiße Flecken Nord" over Nord.
func fundingFixture(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t)
	dir := writeFiles(t, map[string]string{"gemeinden.geojson": munisGeoJSON})
	c.mustRun("import", "areas", "--kind", "municipality", filepath.Join(dir, "gemeinden.geojson"))
	c.mustRun("import", "areas", "--kind", "district", "testdata/ortsteile.geojson")
	c.mustRun("import", "addresses", "--allow-duplicates", "testdata/adressen.csv")
	c.mustRun("survey", "add", "--area", "Nord", "--from", "2026-01-05", "--to", "2026-02-16", "--horizon", "5y", "--operators", "Telekom")
	c.mustRun("supply", "import", "testdata/supply_telekom.csv", "--survey", "1", "--operator", "Telekom", "--answered", "2026-02-01")
	out := c.mustRun("funding", "add", "--name", "Weiße Flecken Nord", "--municipalities", "08317002, Westheim", "--areas", "Nord",
		"--survey", "1", "--rules", "gigabit-2025", "--as", "Anna")
	if want := `Förderprojekt "Weiße Flecken Nord" angelegt (ID 1): 2 Gemeinde(n), 1 Gebiet(e), Regelwerk gigabit-2025`; !strings.Contains(out, want) {
		t.Fatalf("funding add:\n%s\nwant %q", out, want)
	}
	return c
}

// fail runs a command that must fail with exit code 1 and a message
// containing want.
func (c *cli) fail(want string, args ...string) {
	c.t.Helper()
	code, out, errs := c.run(args...)
	if code != 1 || !strings.Contains(errs, want) {
		c.t.Errorf("gigaplan %s: exit %d, stderr %q, stdout %q; want exit 1 with %q", strings.Join(args, " "), code, errs, out, want)
	}
}

func TestCLIFundingProject(t *testing.T) {
	c := fundingFixture(t)
	p := "Weiße Flecken Nord"
	c.fail("Förderantrag gestellt: zuerst Branchendialog, Markterkundung veröffentlicht, Markterkundung abgeschlossen erfassen",
		"funding", "milestone", p, "--kind", "application", "--date", "2026-03-12")
	c.fail("das Datum liegt in der Zukunft", "funding", "milestone", p, "--kind", "branchendialog", "--date", "2999-01-01")
	c.fail("unbekannter Meilenstein", "funding", "milestone", p, "--kind", "party", "--date", "2026-01-01")
	c.fail("Förderprojekt „Nirgendwo“ gibt es nicht", "funding", "status", "Nirgendwo")
	c.mustRun("funding", "milestone", p, "--kind", "branchendialog", "--date", "2025-11-03")
	c.mustRun("funding", "milestone", p, "--kind", "Markterkundung veröffentlicht", "--date", "2026-01-05")
	c.fail("Markterkundung abgeschlossen am 04.01.2026 liegt vor Markterkundung veröffentlicht am 05.01.2026",
		"funding", "milestone", p, "--kind", "survey_closed", "--date", "2026-01-04")
	c.mustRun("funding", "milestone", p, "--kind", "survey_closed", "--date", "2026-02-16")
	out := c.mustRun("funding", "milestone", p, "--kind", "application", "--date", "2026-03-12", "--as", "Anna")
	if !strings.Contains(out, "Förderprojekt Weiße Flecken Nord: Förderantrag gestellt am 12.03.2026; Projektgebiet mit 3 Adressen eingefroren") ||
		!strings.Contains(out, "Stand jetzt: Förderantrag gestellt am 12.03.2026, Bescheid steht aus") {
		t.Errorf("application:\n%s", out)
	}
	// Nord's three addresses are in the project; Hauptstraße 2a (Süd) is not.
	out = c.mustRun("coverage", "Mühlenweg 5")
	if !strings.Contains(out, "Förderprojekt beantragt am 12.03.2026, Bescheid steht aus") {
		t.Errorf("coverage in the project area:\n%s", out)
	}
	if out = c.mustRun("coverage", "Hauptstraße 2a"); strings.Contains(out, "Förderprojekt") {
		t.Errorf("coverage outside the project area:\n%s", out)
	}
	c.fail("Zuschlag: zuerst vorläufiger Bescheid, Ausschreibung erfassen",
		"funding", "milestone", p, "--kind", "award", "--date", "2026-04-01", "--operator", "NetCo", "--model", "gap")
	c.mustRun("funding", "milestone", p, "--kind", "provisional_approval", "--date", "2026-05-04")
	c.mustRun("funding", "milestone", p, "--kind", "tender", "--date", "2026-06-01")
	c.fail("Zuschlag am 31.05.2026 liegt vor Ausschreibung am 01.06.2026",
		"funding", "milestone", p, "--kind", "award", "--date", "2026-05-31", "--operator", "NetCo", "--model", "gap")
	c.fail("das Fördermodell fehlt", "funding", "milestone", p, "--kind", "award", "--date", "2026-07-01", "--operator", "NetCo")
	c.fail("Ausschreibung ist schon am 01.06.2026 erfasst (Eintrag 6)", "funding", "milestone", p, "--kind", "tender", "--date", "2026-06-02")
	c.mustRun("funding", "milestone", p, "--kind", "tender", "--date", "2026-06-02", "--corrects", "6", "--note", "Datum der Bekanntmachung")
	// A stale version is refused.
	c.fail("wurde inzwischen geändert (Stand 8, nicht 3)", "funding", "milestone", p, "--kind", "award", "--date", "2026-07-01",
		"--operator", "NetCo", "--model", "gap", "--version", "3")
	c.mustRun("funding", "milestone", p, "--kind", "award", "--date", "2026-07-01", "--operator", "NetCo", "--model", "Betreibermodell", "--version", "8")

	// Budget: shares must sum to the total; a refused budget changes nothing.
	c.fail("Budget: die Anteile ergeben 900.000,00 €, die Gesamtsumme ist 1.000.000,00 €",
		"funding", "budget", p, "--total", "1.000.000", "--bund", "500.000", "--land", "400.000")
	c.fail(`--bund: "5x" ist kein Euro-Betrag`, "funding", "budget", p, "--bund", "5x")
	out = c.mustRun("funding", "budget", p, "--total", "1.000.000,00", "--bund", "500000", "--land", "400.000", "--kommune", "100000",
		"--year", "2026=40.000", "--year", "2027=60.000,00")
	if want := "Budget von Weiße Flecken Nord gespeichert: Kosten 1.000.000,00 € (vorläufig bewilligt am 04.05.2026), ausgegeben 0,00 € (0 %), Anteil der Kommune 100.000,00 €"; !strings.Contains(out, want) {
		t.Errorf("budget:\n%s\nwant %q", out, want)
	}
	c.fail("die Haushaltsjahre ergeben 40.000,00 €", "funding", "budget", p, "--year", "2026=40.000")
	c.mustRun("funding", "budget", p, "--spent-bund", "125.000", "--spent-kommune", "25000")

	out = c.mustRun("funding", "status", p)
	// The list's ID finds the project too; an unknown one is refused in German.
	if byID := c.mustRun("funding", "status", "1"); byID != out {
		t.Errorf("funding status 1:\n%s\nwant as by name:\n%s", byID, out)
	}
	if code, _, errs := c.run("funding", "status", "99"); code != 1 || !strings.Contains(errs, "Förderprojekt „99“ gibt es nicht") {
		t.Errorf("funding status 99: exit %d, %s", code, errs)
	}
	for _, want := range []string{
		"Förderprojekt 1: Weiße Flecken Nord (Stand 11)",
		"Gemeinden: 08317002, 08317001",
		"Projektgebiet: 3 Adressen, eingefroren am 12.03.2026",
		"Stand: Zuschlag am 01.07.2026 an NetCo (Betreibermodell); endgültiger Bescheid steht aus",
		"Nächster Schritt: endgültiger Bescheid",
		"korrigiert Eintrag 6; Datum der Bekanntmachung",
		"NetCo, Betreibermodell",
		"Bund       500.000,00 €         50 %  125.000,00 €              25 %",
		"Kommune 2027: 60.000,00 €",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("funding status lacks %q:\n%s", want, out)
		}
	}
	out = c.mustRun("funding", "list", "--format", "csv")
	want := "id,name,municipalities,last_milestone,last_date,next_milestone,addresses,approved_eur,actual_eur,municipality_eur,version\n" +
		"1,Weiße Flecken Nord,\"08317002, 08317001\",Zuschlag,2026-07-01,endgültiger Bescheid,3,1000000.00,150000.00,100000.00,11\n"
	if out != want {
		t.Errorf("funding list --format csv:\n%s\nwant\n%s", out, want)
	}
	var rows []fundingRow
	if err := json.Unmarshal([]byte(c.mustRun("funding", "list", "--format", "json")), &rows); err != nil || len(rows) != 1 ||
		rows[0].KommuneCents != 100_000_00 || rows[0].ActualCents != 150_000_00 || rows[0].Next != "endgültiger Bescheid" {
		t.Errorf("funding list --format json: %+v %v", rows, err)
	}
	if out := c.mustRun("funding", "list"); !strings.Contains(out, "Weiße Flecken Nord") || !strings.Contains(out, "1.000.000,00 €") {
		t.Errorf("funding list:\n%s", out)
	}

	// Every write is in the audit log.
	st, err := sqlite.Open(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	audit, err := st.Audit(context.Background(), 50)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, a := range audit {
		count[a.Action]++
	}
	if count[campaigns.AuditFundingAdd] != 1 || count[campaigns.AuditFundingMilestone] != 8 || count[campaigns.AuditFundingBudget] != 2 {
		t.Errorf("audit entries: %v", count)
	}
}

func TestCLIFundingUsage(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{
		{"funding"},
		{"funding", "nothing"},
		{"funding", "add", "--name", "X"},
		{"funding", "milestone", "X", "--date", "2026-01-01"},
		{"funding", "budget", "X"},
		{"funding", "status"},
		{"funding", "list", "--format", "xml"},
	} {
		if code, _, _ := c.run(args...); code != 2 {
			t.Errorf("gigaplan %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}
