package main

import (
	"context"
	"strings"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
)

// surveyFixture: the supply fixture's addresses and districts, without a
// survey.
func surveyFixture(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t)
	c.mustRun("import", "areas", "--kind", "district", "testdata/ortsteile.geojson")
	c.mustRun("import", "addresses", "--allow-duplicates", "testdata/adressen.csv")
	return c
}

// TestCLISurveyOperatorsKeptApart: importing Vodafone's answer after
// Telekom's keeps Telekom's (before migration 0017 the second import
// replaced all supply data); survey show lists who answered and who did
// not.
func TestCLISurveyOperatorsKeptApart(t *testing.T) {
	c := surveyFixture(t)
	out := c.mustRun("survey", "add", "--area", "Nord", "--from", "2026-01-05", "--to", "2026-02-16", "--horizon", "5 Jahre",
		"--published", "2026-01-05", "--branchendialog", "2026-03-02", "--operators", "Telekom, Vodafone,EnBW", "--as", "Anna")
	if want := `Markterkundung "MEV Nord 05.01.2026–16.02.2026" angelegt (ID 1): 05.01.2026–16.02.2026, Gebiet Nord, Zeithorizont 5 Jahre, 3 Betreiber angefragt`; !strings.Contains(out, want) {
		t.Errorf("survey add:\n%s\nwant %q", out, want)
	}
	c.mustRun("supply", "import", "testdata/supply_telekom.csv", "--survey", "1", "--operator", "Telekom", "--answered", "2026-02-01")
	out = c.mustRun("supply", "import", "testdata/supply_vodafone.csv", "--operator", "Vodafone", "--answered", "2026-02-14")
	if !strings.Contains(out, "Antwort von Vodafone zur Markterkundung MEV Nord 05.01.2026–16.02.2026 (#1) vom 14.02.2026: Versorgungsdaten für 2 Adressen") {
		t.Errorf("second import:\n%s", out)
	}
	sup := c.supplyOf()
	if got := sup["Hauptstraße 2a"]; got.Download != 50 || got.Operator != "Telekom" {
		t.Errorf("Telekom's Hauptstraße 2a after Vodafone's import = %+v, want kept", got)
	}
	if got := sup["Hauptstraße 1"]; got.Download != 1000 || got.Operator != "Vodafone" || got.Source != "testdata/supply_telekom.csv:2, testdata/supply_vodafone.csv:2" {
		t.Errorf("Hauptstraße 1 = %+v, want Vodafone's 1000 Mbit/s merged with Telekom's report", got)
	}
	if got := sup["Schulweg 3"]; got.PlannedOperator != "Vodafone" {
		t.Errorf("Schulweg 3 = %+v, want Vodafone's plan", got)
	}
	// Nord holds Hauptstraße 1, Mühlenweg 5 and Gewerbestraße 10: Vodafone
	// reported only Hauptstraße 1 of them.
	if !strings.Contains(out, "Projektgebiet Nord: 2 von 3 Adressen nicht gemeldet") ||
		!strings.Contains(out, "Hinweis: 1 gemeldete Adressen liegen außerhalb des Projektgebiets Nord") {
		t.Errorf("second import, project area:\n%s", out)
	}
	if len(sup) != 3 {
		t.Errorf("supply of %d addresses, want 3: %v", len(sup), sup)
	}

	out = c.mustRun("survey", "show", "1")
	for _, want := range []string{
		"Markterkundung 1: MEV Nord 05.01.2026–16.02.2026",
		"Projektgebiet: Nord",
		"Zeitraum: 05.01.2026 – 16.02.2026",
		"Veröffentlicht am: 05.01.2026",
		"Zeithorizont (Jahre): 5",
		"Betreiber angefragt: 3: EnBW, Telekom, Vodafone",
		"Betreiber geantwortet: 2: Telekom (01.02.2026), Vodafone (14.02.2026)",
		"Betreiber ohne Antwort: 1: EnBW",
		"Branchendialog: 02.03.2026",
		"angelegt: ", "von Anna",
		"Ohne Antwort (1): EnBW",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("survey show lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "EnBW") || !strings.Contains(out, "keine Antwort") {
		t.Errorf("survey show: EnBW without an answer not listed:\n%s", out)
	}
	out = c.mustRun("survey", "list")
	if !strings.Contains(out, "MEV Nord 05.01.2026–16.02.2026") || !strings.Contains(out, "5 J.") {
		t.Errorf("survey list:\n%s", out)
	}

	// A second survey: an import without --survey is refused, naming both.
	c.mustRun("survey", "add", "--area", "Süd", "--from", "2026-04-01", "--to", "2026-05-15", "--horizon", "3", "--name", "MEV Süd")
	code, _, errs := c.run("supply", "import", "testdata/supply_telekom.csv", "--operator", "Telekom")
	if code != 1 || !strings.Contains(errs, "Es gibt 2 Markterkundungen; bitte eine angeben: 1 „MEV Nord") || !strings.Contains(errs, "2 „MEV Süd“") {
		t.Errorf("import without --survey among two: exit %d\n%s", code, errs)
	}
	c.mustRun("survey", "ask", "2", "--operators", "Telekom")
	if out := c.mustRun("survey", "show", "2"); !strings.Contains(out, "Ohne Antwort (1): Telekom") {
		t.Errorf("survey show 2 after ask:\n%s", out)
	}

	// Every write is in the audit log, with its author.
	st, err := sqlite.Open(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	audit, err := st.AuditFiltered(context.Background(), campaigns.AuditFilter{User: "Anna"})
	if err != nil || len(audit) != 1 || audit[0].Action != campaigns.AuditSurvey ||
		!strings.HasPrefix(audit[0].Detail, "Markterkundung MEV Nord 05.01.2026–16.02.2026 (#1) angelegt") {
		t.Errorf("audit of survey add: %+v %v", audit, err)
	}
	all, err := st.AuditFiltered(context.Background(), campaigns.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	imports := 0
	for _, a := range all {
		if a.Action == campaigns.AuditImport && strings.Contains(a.Detail, "Antwort von") {
			imports++
		}
	}
	if imports != 2 {
		t.Errorf("audit: %d supply imports, want 2", imports)
	}
}

func TestCLISurveyErrors(t *testing.T) {
	c := surveyFixture(t)
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"no subcommand", []string{"survey"}, 2, "add, list, show"},
		{"horizon 8", []string{"survey", "add", "--area", "Nord", "--from", "2026-01-05", "--to", "2026-02-16", "--horizon", "8y"}, 1, "Zeithorizont \"8y\": erlaubt sind 3 bis 7 Jahre"},
		{"horizon 2", []string{"survey", "add", "--area", "Nord", "--from", "2026-01-05", "--to", "2026-02-16", "--horizon", "2"}, 1, "erlaubt sind 3 bis 7 Jahre"},
		{"horizon in months", []string{"survey", "add", "--area", "Nord", "--from", "2026-01-05", "--to", "2026-02-16", "--horizon", "36 Monate"}, 1, "ganze Zahl von Jahren"},
		{"no horizon", []string{"survey", "add", "--area", "Nord", "--from", "2026-01-05", "--to", "2026-02-16"}, 2, "--horizon"},
		{"period backwards", []string{"survey", "add", "--area", "Nord", "--from", "2026-03-05", "--to", "2026-02-16", "--horizon", "5y"}, 1, "endet (16.02.2026) vor seinem Beginn"},
		{"bad date", []string{"survey", "add", "--area", "Nord", "--from", "5.1.26", "--to", "2026-02-16", "--horizon", "5y"}, 1, "--from"},
		{"unknown area", []string{"survey", "add", "--area", "Atlantis", "--from", "2026-01-05", "--to", "2026-02-16", "--horizon", "5y"}, 1, "Atlantis"},
		{"show unknown", []string{"survey", "show", "7"}, 1, "Markterkundung 7 gibt es nicht"},
		{"show no id", []string{"survey", "show", "eins"}, 2, "keine ID"},
		{"import without survey", []string{"supply", "import", "testdata/supply_telekom.csv", "--operator", "Telekom"}, 1, "Es gibt noch keine Markterkundung"},
		{"import without operator", []string{"supply", "import", "testdata/supply_telekom.csv"}, 2, "--operator NAME fehlt"},
		{"supply without import", []string{"supply", "list"}, 2, "supply import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := c.run(tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("exit %d, want %d; stderr lacks %q?\n%s", code, tt.code, tt.inStderr, errs)
			}
		})
	}
	if out := c.mustRun("survey", "list"); !strings.Contains(out, "Noch keine Markterkundung") {
		t.Errorf("refused surveys were stored:\n%s", out)
	}
}
