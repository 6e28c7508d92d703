package campaigns

import (
	"slices"
	"time"
)

// On returns the project as it stood on day (the zero day: p itself):
// only the milestones that took effect by then (an event's Day, as the
// campaigns' status events count by their effective day; a correction
// counts from its own day), the progress reports and expected dates
// reported by then, and the frozen project area only if it was frozen by
// then. ok is false when the project was not yet on record
// that day: no milestone by then and entered later. The budget has no
// dates and is kept; FundingOverview.Money says whether it was applied
// for or granted on that day.
func (p *FundingProject) On(day time.Time) (q *FundingProject, ok bool) {
	if day.IsZero() {
		return p, true
	}
	day = Day(day)
	c := *p
	c.Milestones = slices.DeleteFunc(slices.Clone(p.Milestones), func(e MilestoneEvent) bool { return e.Day.After(day) })
	c.Progress = slices.DeleteFunc(slices.Clone(p.Progress), func(r Progress) bool { return r.AsOf.After(day) })
	c.BuildDates = slices.DeleteFunc(slices.Clone(p.BuildDates), func(d BuildDate) bool { return d.Reported.After(day) })
	if !c.FrozenOn.IsZero() && c.FrozenOn.After(day) {
		c.Addresses, c.FrozenOn = nil, time.Time{}
	}
	if len(c.Milestones) == 0 && !p.CreatedAt.IsZero() && Day(p.CreatedAt.In(Location)).After(day) {
		return nil, false
	}
	return &c, true
}

// MoneyState says what the budget's amounts are on the project's record:
// planned, applied for or granted (provisionally or finally).
type MoneyState string

// Money states, in the order a project reaches them.
const (
	MoneyPlanned     MoneyState = "planned"     // no application filed
	MoneyApplied     MoneyState = "applied"     // applied for, no grant yet
	MoneyProvisional MoneyState = "provisional" // vorläufiger Bescheid
	MoneyFinal       MoneyState = "final"       // endgültiger Bescheid
)

// Money is the state of p's money with the day it was reached (zero for
// planned).
func (p *FundingProject) Money() (MoneyState, time.Time) {
	if e, ok := p.Reached(MilestoneFinal); ok {
		return MoneyFinal, e.Day
	}
	if e, ok := p.Reached(MilestoneProvisional); ok {
		return MoneyProvisional, e.Day
	}
	if e, ok := p.Reached(MilestoneApplication); ok {
		return MoneyApplied, e.Day
	}
	return MoneyPlanned, time.Time{}
}

// MoneyText is the German line for the state of the money:
// "beantragt am 30.11.2026, nicht bewilligt", "vorläufig bewilligt am
// 02.06.2026".
func MoneyText(st MoneyState, day time.Time) string {
	switch st {
	case MoneyApplied:
		return "beantragt am " + GermanDate(day) + ", nicht bewilligt"
	case MoneyProvisional:
		return "vorläufig bewilligt am " + GermanDate(day)
	case MoneyFinal:
		return "endgültig bewilligt am " + GermanDate(day)
	}
	return "geplant, nicht beantragt"
}
