package campaigns

import (
	"strings"
	"time"
)

// FundingOverview is a project's state of play as every surface shows it
// (funding list, the office's project list, the council workbook's
// "Förderung" sheet and cover): one computation, one wording.
type FundingOverview struct {
	ID             int64
	Name           string
	Municipalities string // AGS, comma-separated
	// Last is the latest milestone reached (HasLast false: none); Next
	// the next to reach ("" when the proof of use is in).
	Last    MilestoneEvent
	HasLast bool
	Next    Milestone
	Phase   string // FundingProject.Phase
	Budget  BudgetFigures
	// Addresses is the size of the frozen project area (0: not frozen),
	// FrozenOn the day it was frozen.
	Addresses int
	FrozenOn  time.Time
	Version   int64
	// Money is what the budget's amounts are (planned, applied for,
	// granted), MoneyOn the day of that milestone; MoneyText says it.
	Money   MoneyState
	MoneyOn time.Time
}

// Overview computes p's overview.
func (p *FundingProject) Overview() FundingOverview {
	o := FundingOverview{ID: p.ID, Name: p.Name, Municipalities: strings.Join(p.Municipalities, ", "), Next: p.Next(),
		Phase: p.Phase(), Budget: p.Budget.Figures(), Addresses: len(p.Addresses), FrozenOn: p.FrozenOn, Version: p.Version}
	o.Last, o.HasLast = p.Last()
	o.Money, o.MoneyOn = p.Money()
	return o
}

// MoneyText is "beantragt am 30.11.2026, nicht bewilligt", "vorläufig
// bewilligt am 02.06.2026": what the budget's amounts are.
func (o FundingOverview) MoneyText() string { return MoneyText(o.Money, o.MoneyOn) }

// LastText is "Förderantrag gestellt" ("–" for none); LastDay its day.
func (o FundingOverview) LastText() string {
	if !o.HasLast {
		return "–"
	}
	return o.Last.Kind.Label()
}

// LastDay is the last milestone's day (zero for none).
func (o FundingOverview) LastDay() time.Time {
	if !o.HasLast {
		return time.Time{}
	}
	return o.Last.Day
}

// NextText names the next step: "vorläufiger Bescheid", "abgeschlossen".
func (o FundingOverview) NextText() string {
	if o.Next == "" {
		return "abgeschlossen"
	}
	return o.Next.Label()
}
