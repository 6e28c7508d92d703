package web

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/campaigns"
)

// TestOverviewRow: each state gets its colour class, text, quota, label
// and deadline as the table and the map show them.
func TestOverviewRow(t *testing.T) {
	today := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	square := orb.MultiPolygon{{{{7.9, 48.4}, {8.0, 48.4}, {8.0, 48.5}, {7.9, 48.5}, {7.9, 48.4}}}}
	camp := &campaigns.Campaign{ID: 1, Provider: "Glasfaser Südbaden GmbH", Name: "FTTH 2026",
		Start: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), Deadline: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Extensions: []campaigns.Extension{{Deadline: time.Date(2026, 12, 22, 0, 0, 0, 0, time.UTC)}}}
	fig := func(st campaigns.Status, quota float64, signed, target int) *areaFigures {
		return &areaFigures{campaign: camp, f: campaigns.AreaFigures{Status: st, Quota: quota, Threshold: 0.33,
			Signed: signed, Target: target, Needed: max(0, target-signed)}}
	}
	tests := []struct {
		name      string
		lang      string
		b         *areaFigures
		state     string
		stateText string
		label     string
		quota     string
		value     string
		deadline  string
		daysLeft  string
	}{
		{name: "no campaign", lang: langDE, b: nil, state: "none", stateText: "keine Planung", label: "Windschlägen"},
		{name: "running", lang: langDE, b: fig(campaigns.StatusExtended, 0.3194, 131, 136), state: "running",
			stateText: "Vorvermarktung läuft", label: "Windschlägen · 31,9 % von 33 %", quota: "31,9 %", value: "31.9",
			deadline: "22.12.2026", daysLeft: "noch 19 Tage"},
		{name: "running in English", lang: langEN, b: fig(campaigns.StatusRunning, 0.3194, 131, 136), state: "running",
			stateText: "Pre-marketing running", label: "Windschlägen · 31,9 % of 33 %", quota: "31,9 %", value: "31.9",
			deadline: "22.12.2026", daysLeft: "19 days left"},
		{name: "running, target met", lang: langDE, b: fig(campaigns.StatusRunning, 0.35, 140, 136), state: "reached",
			stateText: "Quote erreicht", label: "Windschlägen · 35 % von 33 %", quota: "35 %", value: "33",
			deadline: "22.12.2026", daysLeft: "noch 19 Tage"},
		{name: "reached", lang: langDE, b: fig(campaigns.StatusReached, 0.36, 150, 136), state: "reached",
			stateText: "Quote erreicht", label: "Windschlägen · 36 % von 33 %", quota: "36 %", value: "33"},
		// Elgershofen in the issue: 25 % of 33 % and parked, not "75–100 %".
		{name: "missed", lang: langDE, b: fig(campaigns.StatusMissed, 0.25, 100, 132), state: "missed",
			stateText: "Quote nicht erreicht", label: "Windschlägen · 25 % von 33 %", quota: "25 %", value: "25"},
		{name: "cancelled", lang: langDE, b: fig(campaigns.StatusCancelled, 0.1, 10, 100), state: "missed",
			stateText: "Vorvermarktung abgebrochen", label: "Windschlägen · 10 % von 33 %", quota: "10 %", value: "10"},
		{name: "construction", lang: langDE, b: fig(campaigns.StatusConstruction, 0, 0, 0), state: "built",
			stateText: "Glasfaser im Bau", label: "Windschlägen · Glasfaser im Bau"},
		{name: "live in English", lang: langEN, b: fig(campaigns.StatusLive, 0, 0, 0), state: "built",
			stateText: "Fibre available", label: "Windschlägen · Fibre available"},
		{name: "planned", lang: langDE, b: fig(campaigns.StatusPlanned, 0, 0, 136), state: "running",
			stateText: "Vorvermarktung geplant", label: "Windschlägen · Vorvermarktung geplant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := overviewRowOf("Windschlägen", false, square, tt.b, tt.lang, today)
			if r.State != tt.state || r.StateText != tt.stateText || r.Label != tt.label {
				t.Errorf("state %q %q, label %q; want %q %q, %q", r.State, r.StateText, r.Label, tt.state, tt.stateText, tt.label)
			}
			if r.Quota != tt.quota || r.ProgressValue != tt.value || r.HasQuota != (tt.quota != "") {
				t.Errorf("quota %q (bar %q, has %v), want %q (bar %q)", r.Quota, r.ProgressValue, r.HasQuota, tt.quota, tt.value)
			}
			if r.HasQuota && (r.Threshold != "33 %" || r.ProgressMax != "33") {
				t.Errorf("threshold %q, bar max %q", r.Threshold, r.ProgressMax)
			}
			if r.Deadline != tt.deadline || r.DaysLeft != tt.daysLeft {
				t.Errorf("deadline %q %q, want %q %q", r.Deadline, r.DaysLeft, tt.deadline, tt.daysLeft)
			}
			if r.Lon == "" || r.Lat == "" {
				t.Error("no label position")
			}
		})
	}
}

func TestDaysLeftText(t *testing.T) {
	today := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		deadline time.Time
		de, en   string
	}{
		{today.AddDate(0, 0, 19), "noch 19 Tage", "19 days left"},
		{today.AddDate(0, 0, 1), "noch 1 Tag", "1 day left"},
		{today, "endet heute", "ends today"},
		{today.AddDate(0, 0, -1), "", ""},
		{today.AddDate(3, 0, 0), "noch 1.096 Tage", "1.096 days left"},
	}
	for _, tt := range tests {
		if got := daysLeftText(tt.deadline, today, langDE); got != tt.de {
			t.Errorf("%s: %q, want %q", tt.deadline.Format(time.DateOnly), got, tt.de)
		}
		if got := daysLeftText(tt.deadline, today, langEN); got != tt.en {
			t.Errorf("%s in English: %q, want %q", tt.deadline.Format(time.DateOnly), got, tt.en)
		}
	}
}
