package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestDashboardWeekFigures: on Monday 2 February both Ortsteile of the
// running campaign lack the week's count; after Nord's count of that day
// only Süd does, and the next Monday Nord does again.
func TestDashboardWeekFigures(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.70")
	erik.mustLogin("erik")
	wantBody(t, erik.get("/buero"), http.StatusOK, "Zahlen dieser Woche fehlen für 2 Ortsteile (Woche ab 02.02.2026).",
		"Zahlen dieser Woche fehlen:</strong> Nord, Süd", "<strong>Nord</strong> ", "letzte Zahl 26.01.2026 · ")

	form, area := countsForm(t, erik)
	form.Set("count_"+area["Nord"], "3")
	if rec := erik.post("/buero/kampagnen/1/zahlen", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", rec.Code, rec.Body)
	}
	page := erik.get("/buero").Body.String()
	wantBody(t, erik.get("/buero"), http.StatusOK, "Zahlen dieser Woche fehlen für 1 Ortsteil (Woche ab 02.02.2026).", "Zahlen dieser Woche fehlen:</strong> Süd")
	if strings.Contains(page, "fehlen: Nord") {
		t.Error("Nord, counted this week, is named as missing")
	}

	f.now = f.now.AddDate(0, 0, 7) // the next Monday
	erik = f.browser(t, "192.0.2.71")
	erik.mustLogin("erik")
	wantBody(t, erik.get("/buero"), http.StatusOK, "Zahlen dieser Woche fehlen für 2 Ortsteile (Woche ab 09.02.2026).", "Zahlen dieser Woche fehlen:</strong> Nord, Süd")
}
