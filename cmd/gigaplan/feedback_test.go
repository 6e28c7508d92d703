package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
)

// TestCLIFeedback: list shows the open reports; close answers one, writes
// the audit log and moves it to the closed ones; a second close, an
// unknown number and a bad status are refused in German.
func TestCLIFeedback(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for _, r := range []campaigns.CitizenReport{
		{Kind: campaigns.ReportWrongStatus, Address: "Hauptstraße 1, 77654 Offenburg", Text: "Hier liegt\nschon Glasfaser.", CreatedAt: at},
		{Kind: campaigns.ReportMissingAddress, Address: "Am Hang 7", CreatedAt: at.Add(time.Hour)},
	} {
		if _, err := st.AddCitizenReport(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	out := c.mustRun("feedback", "list")
	for _, want := range []string{"Nr.", "30.11.2026 10:00", "Status falsch", "Hauptstraße 1, 77654 Offenburg", "Hier liegt schon Glasfaser.", "Adresse fehlt", "offen"} {
		if !strings.Contains(out, want) {
			t.Errorf("feedback list lacks %q:\n%s", want, out)
		}
	}
	if out := c.mustRun("feedback", "close", "1", "--answer", "Status korrigiert", "--as", "Anna"); out != "Meldung 1 erledigt.\n" {
		t.Errorf("close: %q", out)
	}
	if out := c.mustRun("feedback", "list"); strings.Contains(out, "Hauptstraße 1") || !strings.Contains(out, "Am Hang 7") {
		t.Errorf("open after close:\n%s", out)
	}
	if out := c.mustRun("feedback", "list", "--status", "closed", "--format", "json"); !strings.Contains(out, `"closedBy": "Anna"`) || !strings.Contains(out, `"answer": "Status korrigiert"`) {
		t.Errorf("closed as JSON:\n%s", out)
	}
	st, err = sqlite.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	es, err := st.Audit(ctx, 10)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 || es[0].Action != campaigns.AuditReportClose || es[0].User != "Anna" || !strings.Contains(es[0].Detail, "Meldung 1 (Status falsch, Hauptstraße 1, 77654 Offenburg) erledigt: Status korrigiert") {
		t.Errorf("audit %+v", es)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"feedback", "close", "1"}, "Meldung 1 ist schon erledigt"},
		{[]string{"feedback", "close", "99"}, "Meldung 99 gibt es nicht"},
		{[]string{"feedback", "close", "eins"}, "keine Nummer einer Meldung"},
		{[]string{"feedback", "list", "--status", "bald"}, "--status open, closed oder all"},
		{[]string{"feedback", "drucken"}, "unbekannter Befehl"},
	} {
		code, _, errs := c.run(tt.args...)
		if code == 0 || !strings.Contains(errs, tt.want) {
			t.Errorf("gigaplan %s: exit %d, stderr %q, want %q", strings.Join(tt.args, " "), code, errs, tt.want)
		}
	}
}
