package main

import (
	"path/filepath"
	"strings"
	"testing"

	"gigaplan/campaigns"
)

// TestCLIProjectProgress: progress import, show and expect for a funding
// project: no report before the application, a bad last row changes
// nothing, the area column empty or the project's name, a stale version
// refused; the figures in progress show and funding status, the hint at
// the construction start (never recorded by itself), the citizens'
// answer with the expected completion's year, the audit log.
func TestCLIProjectProgress(t *testing.T) {
	c := fundingFixture(t)
	p := "Weiße Flecken Nord"
	dir := writeFiles(t, map[string]string{
		"good.csv": "Gebiet;Straße;Datum;Homes Passed;Homes Connected;Homes Activated;Fertigstellung voraussichtlich\n" +
			"Weiße Flecken Nord;;01.09.2026;2;0;0;06/2027\n" +
			";Mühlenweg;15.09.2026;2;1;1;\n",
		"bad_last.csv": "Straße;Datum;Homes Passed;Homes Connected;Homes Activated\n" +
			";01.09.2026;2;0;0\n" +
			"Mühlenweg;15.09.2026;1;2;0\n",
		"other.csv": "Gebiet;Datum;Homes Passed;Homes Connected;Homes Activated\n" +
			"Süd;01.09.2026;2;0;0\n",
	})
	good, bad, other := filepath.Join(dir, "good.csv"), filepath.Join(dir, "bad_last.csv"), filepath.Join(dir, "other.csv")
	c.fail("Baufortschritt erst nach dem Förderantrag erfassen", "progress", "import", good, "--project", p)
	for _, m := range [][2]string{{"branchendialog", "2025-11-03"}, {"survey_published", "2026-01-05"}, {"survey_closed", "2026-02-16"},
		{"application", "2026-03-12"}, {"provisional_approval", "2026-05-04"}, {"tender", "2026-06-01"}} {
		c.mustRun("funding", "milestone", p, "--kind", m[0], "--date", m[1])
	}
	c.mustRun("funding", "milestone", p, "--kind", "award", "--date", "2026-07-01", "--operator", "NetCo", "--model", "gap")
	c.mustRun("funding", "milestone", p, "--kind", "final_approval", "--date", "2026-07-15")

	c.fail("bad_last.csv:3: Förderprojekt „Weiße Flecken Nord“, Mühlenweg: 2 angeschlossen, aber nur 1 Homes Passed",
		"progress", "import", bad, "--project", p)
	c.fail(`other.csv:2: das Gebiet "Süd" ist nicht das Förderprojekt „Weiße Flecken Nord“`, "progress", "import", other, "--project", p)
	c.fail("wurde inzwischen geändert (Stand 9, nicht 3)", "progress", "import", good, "--project", p, "--version", "3")
	if out := c.mustRun("progress", "show", "--project", p); !strings.Contains(out, "Baufortschritt: keine Fortschrittsmeldung") ||
		strings.Contains(out, "Termine") {
		t.Errorf("after the refused imports:\n%s", out)
	}

	out := c.mustRun("progress", "import", good, "--project", "1", "--version", "9", "--by", "Anna")
	for _, want := range []string{"2 Fortschrittsmeldungen und 1 neue Termine aus good.csv für das Förderprojekt Weiße Flecken Nord übernommen",
		"Stand jetzt: 2 Homes Passed, 1 angeschlossen, 1 aktiviert (Meldung vom 15.09.2026)",
		"Hinweis: Erste Homes Passed am 01.09.2026 gemeldet; der Baubeginn ist noch nicht als Meilenstein erfasst"} {
		if !strings.Contains(out, want) {
			t.Errorf("import:\n%s\nwant %q", out, want)
		}
	}
	// The hint records nothing: the project awaits its construction start.
	if out := c.mustRun("coverage", "Mühlenweg 5"); !strings.Contains(out, "Baubeginn steht aus") {
		t.Errorf("coverage before the construction start:\n%s", out)
	}
	c.mustRun("funding", "milestone", p, "--kind", "construction_start", "--date", "2026-08-24")
	if out := c.mustRun("coverage", "Mühlenweg 5"); !strings.Contains(out, "Glasfaser im Bau (Förderprojekt), Fertigstellung voraussichtlich 2027") {
		t.Errorf("coverage in construction:\n%s", out)
	}
	out = c.mustRun("progress", "expect", "--project", p, "--completion", "2028-03-31", "--date", "2026-10-01", "--reason", "Bauzeitenplan NetCo")
	if !strings.Contains(out, "Förderprojekt Weiße Flecken Nord: Fertigstellung voraussichtlich 31.03.2028 (gemeldet am 01.10.2026)") {
		t.Errorf("expect:\n%s", out)
	}
	out = c.mustRun("progress", "show", "--project", p)
	for _, want := range []string{"Baufortschritt Förderprojekt Weiße Flecken Nord (NetCo)", "Stand: im Bau", "Zuschlag: 01.07.2026",
		"Baubeginn: 24.08.2026", "Fertigstellung: erw. 31.03.2028", "Baufortschritt: 2 Homes Passed, 1 angeschlossen, 1 aktiviert (Meldung vom 15.09.2026)",
		"Mühlenweg", "01.09.2026  Fertigstellung voraussichtlich 30.06.2027 (Fortschrittsmeldung good.csv:2)",
		"01.10.2026  Fertigstellung voraussichtlich 31.03.2028 (Bauzeitenplan NetCo)"} {
		if !strings.Contains(out, want) {
			t.Errorf("progress show lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Hinweis") {
		t.Errorf("hint after the construction start:\n%s", out)
	}
	if out := c.mustRun("progress", "show", "--project", p, "--as-of", "2026-09-10"); !strings.Contains(out, "2 Homes Passed, 0 angeschlossen, 0 aktiviert (Meldung vom 01.09.2026)") {
		t.Errorf("progress show --as-of:\n%s", out)
	}
	out = c.mustRun("funding", "status", p)
	if !strings.Contains(out, "Baufortschritt: 2 Homes Passed, 1 angeschlossen, 1 aktiviert (Meldung vom 15.09.2026)") ||
		!strings.Contains(out, "Fertigstellung: erw. 31.03.2028") {
		t.Errorf("funding status:\n%s", out)
	}
	if a := c.auditActions()[campaigns.AuditProgress]; !strings.Contains(a, "Förderprojekt Weiße Flecken Nord: 2 Meldungen, 1 Termine aus good.csv") ||
		!strings.Contains(a, "Grund: Bauzeitenplan NetCo") {
		t.Errorf("audit:\n%s", a)
	}
	for _, args := range [][]string{
		{"progress", "import", good},
		{"progress", "import", good, "--campaign", "X", "--project", p},
		{"progress", "import", good, "--project", p, "--live-share", "0.4"},
		{"progress", "show"},
		{"progress", "show", "--campaign", "X", "--project", p},
		{"progress", "expect", "--project", p, "--reason", "x"},
		{"progress", "expect", "--project", p, "--area", "Nord", "--completion", "2028-03-31", "--reason", "x"},
		{"progress", "expect", "--campaign", "X", "--area", "Nord", "--completion", "2028-03-31", "--reason", "x", "--version", "2"},
	} {
		if code, _, _ := c.run(args...); code != 2 {
			t.Errorf("gigaplan %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}
