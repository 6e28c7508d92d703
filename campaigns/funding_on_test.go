package campaigns

import (
	"testing"
	"time"
)

// TestFundingProjectOn: a project as it stood on a day keeps the
// milestones of that day and before, its frozen area only if frozen by
// then, and is absent before its entry and first milestone; the state of
// its money follows the milestones (planned, applied for, granted).
func TestFundingProjectOn(t *testing.T) {
	p := projectWith(MilestoneFinal) // Mondays from 2025-09-01, one milestone a week
	app, _ := p.Reached(MilestoneApplication)
	prov, _ := p.Reached(MilestoneProvisional)
	final, _ := p.Reached(MilestoneFinal)
	p.Addresses, p.FrozenOn = []int64{4, 5, 6}, app.Day
	p.CreatedAt = Date(2025, 8, 20).Add(10 * time.Hour)
	// A correction: the tender really started a day later, entered with
	// its own day.
	tender, _ := p.Reached(MilestoneTender)
	p.Milestones = append(p.Milestones, MilestoneEvent{ID: 99, Kind: MilestoneTender, Day: tender.Day.AddDate(0, 0, 1), Corrects: tender.ID})

	for _, tt := range []struct {
		name      string
		day       time.Time
		ok        bool
		last      Milestone
		addresses int
		money     MoneyState
		moneyOn   time.Time
	}{
		{"today (zero day)", time.Time{}, true, MilestoneFinal, 3, MoneyFinal, final.Day},
		{"before the entry", Date(2025, 8, 19), false, "", 0, "", time.Time{}},
		{"entered, no milestone", Date(2025, 8, 25), true, "", 0, MoneyPlanned, time.Time{}},
		{"the day before the application", app.Day.AddDate(0, 0, -1), true, MilestoneSurveyClosed, 0, MoneyPlanned, time.Time{}},
		{"the application's day", app.Day, true, MilestoneApplication, 3, MoneyApplied, app.Day},
		{"granted provisionally", prov.Day.AddDate(0, 0, 2), true, MilestoneProvisional, 3, MoneyProvisional, prov.Day},
		{"the tender's first day, before its correction's", tender.Day, true, MilestoneTender, 3, MoneyProvisional, prov.Day},
		{"granted finally", final.Day, true, MilestoneFinal, 3, MoneyFinal, final.Day},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, ok := p.On(tt.day)
			if ok != tt.ok {
				t.Fatalf("On(%v): ok %v, want %v", tt.day, ok, tt.ok)
			}
			if !ok {
				return
			}
			last, has := q.Last()
			if has != (tt.last != "") || last.Kind != tt.last {
				t.Errorf("last milestone %q (%v), want %q", last.Kind, has, tt.last)
			}
			if len(q.Addresses) != tt.addresses {
				t.Errorf("%d addresses, want %d", len(q.Addresses), tt.addresses)
			}
			if st, on := q.Money(); st != tt.money || !on.Equal(tt.moneyOn) {
				t.Errorf("money %s %v, want %s %v", st, on, tt.money, tt.moneyOn)
			}
		})
	}
	if len(p.Milestones) != int(MilestoneFinal.Index())+2 || len(p.Addresses) != 3 {
		t.Error("On changed the project")
	}
	// The corrected tender counts from its own day.
	if q, _ := p.On(tender.Day.AddDate(0, 0, 1)); q != nil {
		if e, _ := q.Reached(MilestoneTender); e.ID != 99 {
			t.Errorf("the day of the correction: tender %d, want the correction", e.ID)
		}
	}
}

func TestMoneyText(t *testing.T) {
	d := Date(2026, 6, 2)
	for st, want := range map[MoneyState]string{
		MoneyPlanned:     "geplant, nicht beantragt",
		MoneyApplied:     "beantragt am 02.06.2026, nicht bewilligt",
		MoneyProvisional: "vorläufig bewilligt am 02.06.2026",
		MoneyFinal:       "endgültig bewilligt am 02.06.2026",
	} {
		if got := MoneyText(st, d); got != want {
			t.Errorf("%s: %q, want %q", st, got, want)
		}
	}
}
