package reports_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/reports"
)

// TestCouncilFeedbackLine: the cover counts the citizens' reports since
// the last meeting (received, closed, open at the report's day); without
// any report there is no line.
func TestCouncilFeedbackLine(t *testing.T) {
	ctx := context.Background()
	svc, err := loadDemo(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	coverText := func() string {
		t.Helper()
		var buf bytes.Buffer
		if err := reports.Council(ctx, svc, reports.CouncilOptions{Since: since}, &buf); err != nil {
			t.Fatal(err)
		}
		return strings.Join(sheetText(t, openBook(t, buf.Bytes()), reports.SheetCover), "\n")
	}
	if txt := coverText(); strings.Contains(txt, "Meldungen aus der Adressauskunft") {
		t.Errorf("a cover without reports has the line:\n%s", txt)
	}
	rs, ok := svc.Store.(campaigns.CitizenReportStore)
	if !ok {
		t.Fatalf("%T keeps no citizens' reports", svc.Store)
	}
	before := since.Add(-48 * time.Hour)
	after := since.Add(36 * time.Hour)
	add := func(at time.Time) int64 {
		r, err := rs.AddCitizenReport(ctx, campaigns.CitizenReport{Kind: campaigns.ReportOther, Address: "Kirchweg 1", Text: "?", CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	closeAt := func(id int64, at time.Time) {
		if _, err := rs.CloseCitizenReport(ctx, id, "", "anna", at); err != nil {
			t.Fatal(err)
		}
	}
	old1, old2 := add(before), add(before)
	closeAt(old1, before.Add(time.Hour)) // closed before the meeting: not counted
	closeAt(old2, after)                 // closed since: counted as closed
	new1 := add(after)
	add(after.Add(time.Hour))
	closeAt(new1, after.Add(2*time.Hour))
	add(today.Add(240 * time.Hour)) // after the report's day: not counted

	want := "Meldungen aus der Adressauskunft („Angabe falsch? Adresse fehlt?“) seit der letzten Sitzung: 2 eingegangen, 2 erledigt, 1 offen am 07.07.2026."
	if txt := coverText(); !strings.Contains(txt, want) {
		t.Errorf("cover lacks %q:\n%s", want, txt)
	}
}
