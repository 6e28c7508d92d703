package campaigns

// The funding decision for one address under a RuleSet, and the supply
// class (white, grey, dark grey, gigabit) reports print beside it.

import (
	"fmt"
	"strings"
	"time"

	"gigaplan/geo"
)

// Eligibility is the funding verdict for one address.
type Eligibility struct {
	Eligible bool
	// Reason says why, in German: "förderfähig: beste Versorgung 50/10
	// Mbit/s unter 300/150 Mbit/s", "förderfähig: beste Versorgung
	// 1000/50 Mbit/s, Upload unter 150 Mbit/s", "nicht förderfähig:
	// gigabitfähiges Netz (DOCSIS 3.1) von Vodafone gemeldet", "nicht
	// förderfähig: Eigenausbau von X bis 06/2027 geplant", "nicht
	// förderfähig: Ausbau zugesagt (Kampagne …)".
	Reason string
}

// EligibilityInput is what the decision for one address reads.
type EligibilityInput struct {
	// AsOf is the day the survey's time horizon counts from: the market
	// survey's date when there is one, else the report's day.
	AsOf time.Time
	// Supply is the market survey's merged report for the address; nil
	// means no operator reported it, which counts as no supply (and the
	// reason says so).
	Supply *geo.Supply
	// Coverage is the address's coverage by campaigns (zero: none).
	Coverage Coverage
	// HorizonYears is the survey's relevant time horizon; 0 takes the
	// rule set's default. It must lie in the rule set's range.
	HorizonYears int
}

// Decide decides whether an address is eligible under rs. EINVALID (and
// no verdict) if in.HorizonYears lies outside the rule set's range.
//
// The checks, in this order, the first that applies giving the reason:
//  1. a reported network of one of rs.ExcludedTechnologies (FTTH, FTTB,
//     DOCSIS 3.1: gigabit-capable) excludes the address whatever its
//     reported rates;
//  2. current supply meeting one of rs.Thresholds (Threshold.Met:
//     download ≥ MinDown and, if MinUp > 0, upload ≥ MinUp; exactly
//     300/150 is not eligible under 300/150);
//  3. with ExcludeCampaigns, coverage committed, construction or live, or
//     any campaign touching the address whose area is committed, under
//     construction, live or has reached its quota (the best such
//     campaign names the reason);
//  4. a private build planned to be finished on or before AsOf plus the
//     horizon (a plan finishing exactly at the horizon's end excludes); a
//     plan without a date counts as within the horizon, since operators
//     report only plans within it.
//
// Otherwise the address is eligible. rs.ValidFrom is not checked: the
// caller picks the rule set.
func Decide(rs RuleSet, in EligibilityInput) (Eligibility, error) {
	years, err := rs.Horizon(in.HorizonYears)
	if err != nil {
		return Eligibility{}, err
	}
	cov := in.Coverage
	why, camp := coverageExclusion(cov.State, cov.Status), cov.Campaign
	for _, it := range cov.Campaigns {
		w := coverageExclusion(it.State, it.Status)
		if exclusionRank[w] > exclusionRank[why] {
			why, camp = w, it.Campaign
		}
	}
	return evaluate(rs, in.AsOf, years, in.Supply, why, camp), nil
}

// Evaluate is Decide with the rule set's default horizon and only the
// deciding coverage state and its campaign's name (for a campaign area
// that has reached its quota, use EvaluateCoverage, which sees the area's
// status).
func Evaluate(rs RuleSet, asOf time.Time, supply *geo.Supply, coverage CoverageState, campaign string) Eligibility {
	return evaluate(rs, asOf, rs.HorizonDefaultYears, supply, coverageExclusion(coverage, ""), campaign)
}

// EvaluateCoverage is Decide with the rule set's default horizon and the
// address's whole coverage.
func EvaluateCoverage(rs RuleSet, asOf time.Time, supply *geo.Supply, cov Coverage) Eligibility {
	el, err := Decide(rs, EligibilityInput{AsOf: asOf, Supply: supply, Coverage: cov})
	if err != nil { // the default horizon is always in range (LoadRuleSets)
		return Eligibility{Reason: "Regelsatz fehlerhaft: " + geo.ErrorMessage(err)}
	}
	return el
}

// coverageExclusion phrases the campaign state that excludes an address
// from funding, "" if none does.
func coverageExclusion(state CoverageState, status Status) string {
	switch {
	case state == CoverageLive:
		return "Glasfaser verfügbar"
	case state == CoverageConstruction:
		return "Glasfaser im Bau"
	case state == CoverageCommitted:
		return "Ausbau zugesagt"
	case status == StatusReached:
		return "Vorvermarktung erfolgreich"
	}
	return ""
}

var exclusionRank = map[string]int{"": 0, "Vorvermarktung erfolgreich": 1, "Ausbau zugesagt": 2, "Glasfaser im Bau": 3, "Glasfaser verfügbar": 4}

// ThresholdText is the rule set's thresholds as reports print them:
// "300/150 Mbit/s", "200/200 bzw. 500 Mbit/s".
func (rs RuleSet) ThresholdText() string {
	if len(rs.Thresholds) == 0 {
		return "keine Schwelle"
	}
	parts := make([]string, len(rs.Thresholds))
	for i, t := range rs.Thresholds {
		parts[i] = t.short()
	}
	return strings.Join(parts, " bzw. ") + " Mbit/s"
}

// meets reports whether down/up reach one of the rule set's thresholds.
func (rs RuleSet) meets(down, up float64) bool {
	for _, t := range rs.Thresholds {
		if t.Met(down, up) {
			return true
		}
	}
	return false
}

func evaluate(rs RuleSet, asOf time.Time, years int, s *geo.Supply, campaignWhy, campaign string) Eligibility {
	threshold := rs.ThresholdText()
	if s != nil && rs.Excludes(s.Technology) {
		what := "gigabitfähiges Netz (" + strings.TrimSpace(s.Technology) + ")"
		if s.Operator != "" {
			what += " von " + s.Operator
		}
		return Eligibility{Reason: fmt.Sprintf("nicht förderfähig: %s gemeldet (%s/%s Mbit/s)", what, mbit(s.Download), mbit(s.Upload))}
	}
	if s != nil && rs.meets(s.Download, s.Upload) {
		what := s.Technology
		if what == "" {
			what = "Versorgung"
		}
		if s.Operator != "" {
			what += " von " + s.Operator
		}
		return Eligibility{Reason: fmt.Sprintf("nicht förderfähig: %s mit %s/%s Mbit/s", what, mbit(s.Download), mbit(s.Upload))}
	}
	if rs.ExcludeCampaigns && campaignWhy != "" {
		if campaign != "" {
			campaignWhy += " (Kampagne " + campaign + ")"
		}
		return Eligibility{Reason: "nicht förderfähig: " + campaignWhy}
	}
	late := ""
	if s != nil && years > 0 && s.HasPlan() {
		end := Day(asOf).AddDate(years, 0, 0)
		if s.PlannedDate.IsZero() || !Day(s.PlannedDate).After(end) {
			var b strings.Builder
			b.WriteString("nicht förderfähig: Eigenausbau")
			if s.PlannedOperator != "" {
				b.WriteString(" von " + s.PlannedOperator)
			}
			if s.PlannedDate.IsZero() {
				fmt.Fprintf(&b, " innerhalb von %d Jahren geplant (ohne Datum)", years)
			} else {
				b.WriteString(" bis " + s.PlannedDate.Format("01/2006") + " geplant")
			}
			return Eligibility{Reason: b.String()}
		}
		late = fmt.Sprintf("; Eigenausbau erst %s geplant, nach dem Zeithorizont von %d Jahren", s.PlannedDate.Format("01/2006"), years)
	}
	if s == nil {
		return Eligibility{Eligible: true, Reason: "förderfähig: keine Versorgung gemeldet (unter " + threshold + ")"}
	}
	// One threshold whose download is reached: the upload is what fails.
	if len(rs.Thresholds) == 1 && s.Download >= rs.Thresholds[0].MinDown {
		return Eligibility{Eligible: true, Reason: fmt.Sprintf("förderfähig: beste Versorgung %s/%s Mbit/s, Upload unter %s Mbit/s%s",
			mbit(s.Download), mbit(s.Upload), mbit(rs.Thresholds[0].MinUp), late)}
	}
	return Eligibility{Eligible: true, Reason: fmt.Sprintf("förderfähig: beste Versorgung %s/%s Mbit/s unter %s%s",
		mbit(s.Download), mbit(s.Upload), threshold, late)}
}

// SupplyClass is the usual name of an address's supply in the funding
// programmes. The zero value is not a class.
type SupplyClass int

// The classes, by the reported best download (Mbit/s) and technology:
const (
	// SupplyWhite, "weißer Fleck": download below 30 Mbit/s (also no
	// supply reported): the Aufgreifschwelle of the white-spot programme
	// (weiss-2015).
	SupplyWhite SupplyClass = iota + 1
	// SupplyGrey, "grauer Fleck": 30 ≤ download < 100 Mbit/s: the
	// grey-spot programme's threshold (grau-2021).
	SupplyGrey
	// SupplyDarkGrey, "dunkelgrauer Fleck": download ≥ 100 Mbit/s but
	// below every threshold of the rule set applied (e.g. under 300/150
	// Mbit/s for gigabit-2025); none under grau-2021 or weiss-2015.
	SupplyDarkGrey
	// SupplyServed, "versorgt über der Aufgreifschwelle": download ≥ 100
	// Mbit/s, meeting a threshold of the rule set, not gigabit-capable.
	SupplyServed
	// SupplyGigabit, "gigabitfähig": a gigabit-capable technology
	// (GigabitTechnologies or the rule set's excluded technologies)
	// whatever its reported rates, or at least 1000 Mbit/s down and 150
	// Mbit/s up (the EU Breitbandleitlinien 2023's market-failure
	// threshold, 1 Gbit/s down and 150 Mbit/s up). 1000/50 Mbit/s of an
	// unnamed technology is not gigabit: it misses the upload.
	SupplyGigabit
)

// GigabitTechnologies are the technologies SupplyClassOf counts as
// gigabit-capable under any rule set (compared by NormTechnology).
var GigabitTechnologies = []string{"FTTH", "FTTB", "FTTB/H", "FTTH/B", "DOCSIS 3.1"}

// Class boundaries in Mbit/s download (see SupplyClass).
const (
	WhiteBelow      = 30
	GreyBelow       = 100
	GigabitDownFrom = 1000
	GigabitUpFrom   = 150
)

// SupplyClassOf classifies s (nil: nothing reported) under rs. The one
// function the workbooks, the CLI and the pages use for the class.
func SupplyClassOf(rs RuleSet, s *geo.Supply) SupplyClass {
	if s == nil {
		return SupplyWhite
	}
	if (s.Download >= GigabitDownFrom && s.Upload >= GigabitUpFrom) || rs.Excludes(s.Technology) {
		return SupplyGigabit
	}
	n := NormTechnology(s.Technology)
	for _, t := range GigabitTechnologies {
		if n != "" && NormTechnology(t) == n {
			return SupplyGigabit
		}
	}
	switch {
	case s.Download < WhiteBelow:
		return SupplyWhite
	case s.Download < GreyBelow:
		return SupplyGrey
	case !rs.meets(s.Download, s.Upload):
		return SupplyDarkGrey
	}
	return SupplyServed
}

// Label is the German name of the class.
func (c SupplyClass) Label() string {
	switch c {
	case SupplyWhite:
		return "weißer Fleck"
	case SupplyGrey:
		return "grauer Fleck"
	case SupplyDarkGrey:
		return "dunkelgrauer Fleck"
	case SupplyServed:
		return "versorgt über der Aufgreifschwelle"
	case SupplyGigabit:
		return "gigabitfähig"
	}
	return "unbekannt"
}
