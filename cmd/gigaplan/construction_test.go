package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/data/sqlite"
)

// buildFixture: campaignFixture with Nord committed on 2026-01-20.
func buildFixture(t *testing.T) *cli {
	t.Helper()
	c := campaignFixture(t)
	for _, st := range []string{"reached", "committed"} {
		c.mustRun("campaign", "set-status", "DG Test", "--status", st, "--areas", "Nord", "--on", "2026-01-20",
			"--override", "--reason", "Zusage des Anbieters", "--as", "Anna")
	}
	return c
}

func (c *cli) auditActions() map[string]string {
	c.t.Helper()
	st, err := sqlite.Open(context.Background(), c.db)
	if err != nil {
		c.t.Fatal(err)
	}
	defer st.Close()
	es, err := st.Audit(context.Background(), 50)
	if err != nil {
		c.t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range es {
		out[e.Action] += e.Detail + "\n"
	}
	return out
}

// TestCLIProgress: a progress file moves Nord into construction; a file
// with a bad last row changes nothing; --map names other columns; the
// expected completion is revised with a reason and both stay in the
// history; the citizens' answer names the year.
func TestCLIProgress(t *testing.T) {
	c := buildFixture(t)
	code, _, errs := c.run("progress", "import", "testdata/fortschritt_bad_last.csv", "--campaign", "DG Test")
	if code != 1 || !strings.Contains(errs, "fortschritt_bad_last.csv:5: Gebiet Nord, Mühlenweg: 2 aktiviert, aber nur 1 angeschlossen") ||
		!strings.Contains(errs, "Import abgebrochen: nichts wurde eingetragen.") {
		t.Fatalf("bad last row: exit %d, %s", code, errs)
	}
	if out := c.mustRun("progress", "show", "--campaign", "DG Test"); !strings.Contains(out, "Ausbau zugesagt") || strings.Contains(out, "Termine") {
		t.Errorf("after the failed import:\n%s", out)
	}
	out := c.mustRun("progress", "import", "testdata/fortschritt.csv", "--campaign", "1", "--by", "Anna")
	for _, want := range []string{"3 Fortschrittsmeldungen und 1 neue Termine aus fortschritt.csv für DG Test übernommen",
		"Status: Nord: Ausbau zugesagt → im Bau ab 02.03.2026"} {
		if !strings.Contains(out, want) {
			t.Errorf("import:\n%s\nwant %q", out, want)
		}
	}
	if got := c.mustRun("coverage", "Mühlenweg 5"); !strings.Contains(got, "Glasfaser im Bau, Fertigstellung voraussichtlich 2027") {
		t.Errorf("coverage in construction:\n%s", got)
	}
	code, _, errs = c.run("progress", "import", "testdata/fortschritt_mapped.csv", "--campaign", "DG Test")
	if code != 1 || !strings.Contains(errs, "die Spalte Datum fehlt") || !strings.Contains(errs, "--map date=SPALTE") {
		t.Errorf("unmapped file: exit %d, %s", code, errs)
	}
	out = c.mustRun("progress", "import", "testdata/fortschritt_mapped.csv", "--campaign", "DG Test",
		"--map", "area=Bauabschnitt-Nr", "--map", "date=Meldung vom", "--map", "passed=Anschlussbereit", "--map", "connected=Kunden angeschlossen",
		"--map", "activated=Kunden aktiv", "--live-share", "0.4")
	if !strings.Contains(out, "Status: Nord: im Bau → in Betrieb ab 16.03.2026") {
		t.Errorf("mapped import with a live share of 40 %%:\n%s", out)
	}
	if got := c.mustRun("coverage", "Mühlenweg 5"); !strings.Contains(got, "Glasfaser verfügbar seit 16.03.2026") {
		t.Errorf("coverage live:\n%s", got)
	}
	c.mustRun("progress", "expect", "--campaign", "DG Test", "--area", "Süd", "--start", "2027-04-01", "--date", "2026-03-20",
		"--reason", "Schreiben des Anbieters vom 18.03.2026")
	if code, _, errs := c.run("progress", "expect", "--campaign", "DG Test", "--area", "Süd", "--start", "2027-04-01"); code != 2 || !strings.Contains(errs, "--reason") {
		t.Errorf("expect without a reason: exit %d %s", code, errs)
	}
	out = c.mustRun("progress", "show", "--campaign", "DG Test")
	for _, want := range []string{"Nord", "in Betrieb", "20.01.2026", "02.03.2026", "16.03.2026", "31.12.2027",
		"02.02.2026  Nord: Fertigstellung voraussichtlich 31.12.2027 (Fortschrittsmeldung fortschritt.csv:2)",
		"20.03.2026  Süd: Baubeginn voraussichtlich 01.04.2027 (Schreiben des Anbieters vom 18.03.2026)", "erw. 01.04.2027"} {
		if !strings.Contains(out, want) {
			t.Errorf("progress show:\n%s\nwant %q", out, want)
		}
	}
	audit := c.auditActions()[campaigns.AuditProgress]
	if !strings.Contains(audit, "DG Test: 3 Meldungen, 1 Termine aus fortschritt.csv; Nord: Ausbau zugesagt → im Bau ab 02.03.2026 (Befehlszeile)") ||
		!strings.Contains(audit, "Grund: Schreiben des Anbieters") {
		t.Errorf("audit:\n%s", audit)
	}
}

// TestCLISites: sites are imported all or none, listed with their state,
// address, campaign and contract, and change state with a date.
func TestCLISites(t *testing.T) {
	c := campaignFixture(t)
	code, _, errs := c.run("sites", "import", "testdata/liegenschaften_bad.csv")
	if code != 1 || !strings.Contains(errs, "liegenschaften_bad.csv:3: Spalte Adresse: \"Nirgendwo 99\" nicht gefunden") {
		t.Fatalf("bad sites file: exit %d, %s", code, errs)
	}
	if out := c.mustRun("sites", "list"); !strings.Contains(out, "0 Liegenschaften") {
		t.Errorf("after the failed import:\n%s", out)
	}
	// The Kita is served by a funding project, named in the file.
	dir := writeFiles(t, map[string]string{"projekt.csv": "Liegenschaft;Art;Förderprojekt\nKita Sonnenschein;Kita;Schulnetz\n"})
	if code, _, errs := c.run("sites", "import", filepath.Join(dir, "projekt.csv")); code != 1 || !strings.Contains(errs, "projekt.csv:2: Spalte Förderprojekt: kein Förderprojekt \"Schulnetz\"") {
		t.Fatalf("sites file naming a project that does not exist: exit %d, %s", code, errs)
	}
	munis := writeFiles(t, map[string]string{"gemeinden.geojson": munisGeoJSON})
	c.mustRun("import", "areas", "--kind", "municipality", filepath.Join(munis, "gemeinden.geojson"))
	c.mustRun("funding", "add", "--name", "Schulnetz", "--municipalities", "08317002", "--areas", "Nord")
	if out := c.mustRun("sites", "import", "testdata/liegenschaften.csv", "--by", "Anna"); !strings.Contains(out, "3 Liegenschaften aus liegenschaften.csv angelegt") {
		t.Errorf("import: %s", out)
	}
	if code, _, errs := c.run("sites", "import", "testdata/liegenschaften.csv"); code != 1 || !strings.Contains(errs, "Es gibt schon eine Liegenschaft") {
		t.Errorf("import again: exit %d %s", code, errs)
	}
	c.mustRun("campaign", "facility", "DG Test", "--address", c.addressID("Rathausplatz 1"), "--date", "2026-01-25")
	c.mustRun("sites", "set", "Grundschule am Schulweg", "--state", "im Bau", "--date", "2026-03-01", "--reason", "Tiefbau begonnen")
	if code, _, errs := c.run("sites", "set", "Rathaus", "--state", "angeschlossen", "--date", "2026-01-01"); code != 1 || !strings.Contains(errs, "schon ein späterer Stand") {
		t.Errorf("a change before the last: exit %d %s", code, errs)
	}
	if code, _, errs := c.run("sites", "set", "Rathaus", "--state", "fertig"); code != 1 || !strings.Contains(errs, "unbekannter Anschlussstand") {
		t.Errorf("unknown state: exit %d %s", code, errs)
	}
	out := c.mustRun("sites", "list")
	for _, want := range []string{"Grundschule am Schulweg  Schule", "Schulweg 3", "im Bau", "01.03.2026", "25.01.2026",
		"Schulnetz", "3 Liegenschaften: 2 geplant, 0 beauftragt, 1 im Bau, 0 angeschlossen"} {
		if !strings.Contains(out, want) {
			t.Errorf("sites list:\n%s\nwant %q", out, want)
		}
	}
	csv := c.mustRun("sites", "list", "--format", "csv")
	if !strings.HasPrefix(csv, "Liegenschaft,Art,Adresse,Anschlussstand,seit,Kampagne,Vertrag vom,Förderprojekt\n") || strings.Count(csv, "\n") != 4 {
		t.Errorf("csv:\n%s", csv)
	}
	audit := c.auditActions()
	if !strings.Contains(audit[campaigns.AuditSites], "3 Liegenschaften aus liegenschaften.csv") ||
		!strings.Contains(audit[campaigns.AuditSiteSet], "Grundschule am Schulweg: im Bau seit 01.03.2026") {
		t.Errorf("audit: %v", audit)
	}
}

// addressID is the ID of the address "street number", as text.
func (c *cli) addressID(q string) string {
	c.t.Helper()
	st, err := sqlite.Open(context.Background(), c.db)
	if err != nil {
		c.t.Fatal(err)
	}
	defer st.Close()
	as, err := st.SearchAddresses(context.Background(), q, 2)
	if err != nil || len(as) != 1 {
		c.t.Fatalf("address %q: %v %v", q, as, err)
	}
	return strconv.FormatInt(as[0].ID, 10)
}

// checkDemoConstruction: the demo holds a business park in construction
// with its provider's reports and the schools network (called by
// TestCLIDemoCampaign, which loads the demo once).
func checkDemoConstruction(t *testing.T, c *cli) {
	t.Helper()
	out := c.mustRun("progress", "show", "--campaign", demo.CampaignZones)
	if !strings.Contains(out, "im Bau") || !strings.Contains(out, "Fertigstellung voraussichtlich 31.12.") ||
		!strings.Contains(out, "Fertigstellung voraussichtlich 30.06.") {
		t.Errorf("progress show:\n%s", out)
	}
	out = c.mustRun("sites", "list")
	for _, want := range []string{"Rathaus", "Schule Oststadt", "angeschlossen", "Ortsverwaltung", demo.CampaignFTTH} {
		if !strings.Contains(out, want) {
			t.Errorf("sites list:\n%s\nwant %q", out, want)
		}
	}
}
