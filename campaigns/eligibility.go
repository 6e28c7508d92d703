package campaigns

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
)

// RuleSet is one dated set of funding eligibility rules (Förderkulisse).
// An address is eligible when no network reliably delivers at least
// MinDown/MinUp Mbit/s, no private build is planned within PlannedYears,
// and (with ExcludeCampaigns) no campaign has secured a build.
type RuleSet struct {
	Name      string    // "gigabit-2024", "grau-2018", "weiss-2015"
	Title     string    // German, e.g. "Gigabitrichtlinie 2.0 (Bund, Fassung 30.04.2024)"
	ValidFrom time.Time // the date the rules apply from
	// MinDown and MinUp (Mbit/s) are what a network must reliably deliver
	// to make an address ineligible; MinUp 0 sets no upload condition.
	MinDown float64
	MinUp   float64
	// PlannedYears: a private build planned to be finished within this
	// many years of the as-of date excludes the address (0: plans are not
	// considered).
	PlannedYears int
	// ExcludeCampaigns: a successful or committed campaign (coverage state
	// committed, construction or live, or a campaign area whose status is
	// reached) excludes the address.
	ExcludeCampaigns bool
}

// DefaultRuleSet names the rule set used when none is named: the current
// federal one.
const DefaultRuleSet = "gigabit-2024"

// DefaultRuleSets are the built-in rule sets, newest first. The dates:
//
//   - gigabit-2024: Gigabitrichtlinie 2.0 of the Bund, in the version of
//     30 April 2024 (first issued 2023): eligible below 300 Mbit/s down or
//     150 up ("Aufgreifschwelle"), no private build within 3 years.
//   - grau-2018: grey spots (graue Flecken), below 100 Mbit/s down; dated
//     1 January 2018, the year the name carries – the office should put
//     the exact date of the programme it applies in its own rules file.
//   - weiss-2015: white spots (weiße Flecken), below 30 Mbit/s down: the
//     Bundesförderprogramm Breitband's guideline of 22 October 2015.
//
// All three exclude addresses with a private build planned within three
// years (the market survey's horizon) and addresses a campaign has
// secured. An office configures other sets with LoadRuleSets.
var DefaultRuleSets = []RuleSet{
	{Name: "gigabit-2024", Title: "Gigabitrichtlinie 2.0 (Bund, Fassung 30.04.2024)", ValidFrom: Date(2024, 4, 30),
		MinDown: 300, MinUp: 150, PlannedYears: 3, ExcludeCampaigns: true},
	{Name: "grau-2018", Title: "Graue Flecken (unter 100 Mbit/s im Download)", ValidFrom: Date(2018, 1, 1),
		MinDown: 100, PlannedYears: 3, ExcludeCampaigns: true},
	{Name: "weiss-2015", Title: "Weiße Flecken (unter 30 Mbit/s im Download, Bundesförderprogramm 22.10.2015)", ValidFrom: Date(2015, 10, 22),
		MinDown: 30, PlannedYears: 3, ExcludeCampaigns: true},
}

// Date returns the UTC midnight of a calendar day.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// RuleSetByName returns the set named name (case-insensitive) from sets.
// EINVALID, listing the known names, if there is none.
func RuleSetByName(name string, sets []RuleSet) (RuleSet, error) {
	var names []string
	for _, rs := range sets {
		if strings.EqualFold(rs.Name, strings.TrimSpace(name)) {
			return rs, nil
		}
		names = append(names, rs.Name)
	}
	return RuleSet{}, geo.Errorf(geo.EINVALID, "unbekannter Regelsatz %q (bekannt: %s)", name, strings.Join(names, ", "))
}

// ruleSetJSON is the file form of a RuleSet; pointers tell absent fields.
type ruleSetJSON struct {
	Name             string   `json:"name"`
	Title            string   `json:"title,omitempty"`
	ValidFrom        string   `json:"valid_from"`
	MinDown          *float64 `json:"min_down"`
	MinUp            *float64 `json:"min_up,omitempty"`
	PlannedYears     *int     `json:"planned_years,omitempty"`
	ExcludeCampaigns *bool    `json:"exclude_campaigns,omitempty"`
}

var ruleSetName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// LoadRuleSets reads rule sets from a JSON array such as
//
//	[{"name": "land-bw-2025", "title": "Landesförderung …", "valid_from": "2025-01-01",
//	  "min_down": 300, "min_up": 150, "planned_years": 3, "exclude_campaigns": true}]
//
// name (lower case letters, digits, '.', '_', '-'; unique), valid_from
// (YYYY-MM-DD) and min_down (> 0) are required; title defaults to the
// name, min_up to 0, planned_years to 3 (0..10) and exclude_campaigns to
// true. Unknown fields are refused. Errors are EINVALID and name the set.
func LoadRuleSets(r io.Reader) ([]RuleSet, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var raw []ruleSetJSON
	if err := dec.Decode(&raw); err != nil {
		return nil, geo.Errorf(geo.EINVALID, "Regelsätze: kein gültiges JSON-Array von Regelsätzen: %v", jsonErr(err))
	}
	if dec.More() {
		return nil, geo.Errorf(geo.EINVALID, "Regelsätze: nach dem Array folgt noch etwas")
	}
	if len(raw) == 0 {
		return nil, geo.Errorf(geo.EINVALID, "Regelsätze: die Datei enthält keinen Regelsatz")
	}
	out := make([]RuleSet, 0, len(raw))
	seen := map[string]bool{}
	for i, x := range raw {
		bad := func(format string, args ...any) error {
			what := fmt.Sprintf("Regelsatz %d", i+1)
			if x.Name != "" {
				what += fmt.Sprintf(" %q", x.Name)
			}
			return geo.Errorf(geo.EINVALID, "%s: %s", what, fmt.Sprintf(format, args...))
		}
		if !ruleSetName.MatchString(x.Name) {
			return nil, bad("name fehlt oder ist ungültig (Kleinbuchstaben, Ziffern, '.', '_', '-')")
		}
		if seen[x.Name] {
			return nil, bad("name kommt doppelt vor")
		}
		seen[x.Name] = true
		rs := RuleSet{Name: x.Name, Title: strings.TrimSpace(x.Title), PlannedYears: 3, ExcludeCampaigns: true}
		if rs.Title == "" {
			rs.Title = rs.Name
		}
		if x.ValidFrom == "" {
			return nil, bad("valid_from fehlt (JJJJ-MM-TT)")
		}
		t, err := time.Parse(time.DateOnly, x.ValidFrom)
		if err != nil {
			return nil, bad("valid_from %q ist kein Datum (JJJJ-MM-TT)", x.ValidFrom)
		}
		rs.ValidFrom = t
		if x.MinDown == nil {
			return nil, bad("min_down fehlt (Mbit/s)")
		}
		if rs.MinDown = *x.MinDown; !(rs.MinDown > 0 && rs.MinDown <= geo.MaxBandwidth) {
			return nil, bad("min_down %v liegt nicht zwischen 0 und %d Mbit/s", rs.MinDown, geo.MaxBandwidth)
		}
		if x.MinUp != nil {
			if rs.MinUp = *x.MinUp; !(rs.MinUp >= 0 && rs.MinUp <= geo.MaxBandwidth) {
				return nil, bad("min_up %v liegt nicht zwischen 0 und %d Mbit/s", rs.MinUp, geo.MaxBandwidth)
			}
		}
		if x.PlannedYears != nil {
			if rs.PlannedYears = *x.PlannedYears; rs.PlannedYears < 0 || rs.PlannedYears > 10 {
				return nil, bad("planned_years %d liegt nicht zwischen 0 und 10", rs.PlannedYears)
			}
		}
		if x.ExcludeCampaigns != nil {
			rs.ExcludeCampaigns = *x.ExcludeCampaigns
		}
		out = append(out, rs)
	}
	return out, nil
}

// jsonErr phrases a decoding error briefly.
func jsonErr(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("Syntaxfehler bei Byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		return fmt.Sprintf("Feld %q hat den falschen Typ (%s statt %s)", te.Field, te.Value, te.Type)
	case errors.Is(err, io.EOF):
		return "die Datei ist leer"
	}
	return err.Error()
}

// MarshalRuleSets writes sets in the form LoadRuleSets reads, e.g. to
// give an office DefaultRuleSets as a starting point.
func MarshalRuleSets(sets []RuleSet) ([]byte, error) {
	raw := make([]ruleSetJSON, len(sets))
	for i, rs := range sets {
		raw[i] = ruleSetJSON{Name: rs.Name, Title: rs.Title, ValidFrom: rs.ValidFrom.Format(time.DateOnly),
			MinDown: &rs.MinDown, MinUp: &rs.MinUp, PlannedYears: &rs.PlannedYears, ExcludeCampaigns: &rs.ExcludeCampaigns}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(raw); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Eligibility is the funding verdict for one address.
type Eligibility struct {
	Eligible bool
	// Reason says why, in German: "förderfähig: beste Versorgung 50/10
	// Mbit/s unter 300/150 Mbit/s", "nicht förderfähig: FTTH von Telekom
	// mit 1000/500 Mbit/s", "nicht förderfähig: Eigenausbau von X bis
	// 06/2027 geplant", "nicht förderfähig: Ausbau zugesagt (Kampagne …)".
	Reason string
}

// Evaluate decides whether an address is eligible under rs as of asOf.
// supply is the market survey's merged report for the address; nil means
// no operator reported it, which counts as no supply (and the reason says
// so). coverage is the address's coverage state and campaign the name of
// the campaign deciding it.
//
// The checks, in this order, the first that applies giving the reason:
//  1. current supply: Download ≥ MinDown and (MinUp = 0 or Upload ≥
//     MinUp) – exactly 300/150 is not eligible under 300/150;
//  2. with ExcludeCampaigns, coverage committed, construction or live
//     (for a campaign area that has reached its quota, use
//     EvaluateCoverage, which sees the area's status);
//  3. a private build planned to be finished on or before asOf plus
//     PlannedYears years; a plan without a date counts as within the
//     window, since operators report only plans within the survey's
//     horizon.
//
// Otherwise the address is eligible. rs.ValidFrom is not checked: the
// caller picks the rule set.
func Evaluate(rs RuleSet, asOf time.Time, supply *geo.Supply, coverage CoverageState, campaign string) Eligibility {
	return evaluate(rs, asOf, supply, coverageExclusion(coverage, ""), campaign)
}

// EvaluateCoverage is Evaluate with the address's whole coverage: besides
// the deciding state, any campaign touching the address whose area is
// committed, under construction, live or has reached its quota excludes
// it (the best such campaign names the reason).
func EvaluateCoverage(rs RuleSet, asOf time.Time, supply *geo.Supply, cov Coverage) Eligibility {
	why, camp := coverageExclusion(cov.State, cov.Status), cov.Campaign
	for _, it := range cov.Campaigns {
		w := coverageExclusion(it.State, it.Status)
		if exclusionRank[w] > exclusionRank[why] {
			why, camp = w, it.Campaign
		}
	}
	return evaluate(rs, asOf, supply, why, camp)
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

func evaluate(rs RuleSet, asOf time.Time, s *geo.Supply, campaignWhy, campaign string) Eligibility {
	threshold := mbit(rs.MinDown)
	if rs.MinUp > 0 {
		threshold += "/" + mbit(rs.MinUp)
	}
	threshold += " Mbit/s"
	if s != nil && s.Download >= rs.MinDown && (rs.MinUp <= 0 || s.Upload >= rs.MinUp) {
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
	if s != nil && rs.PlannedYears > 0 && s.HasPlan() {
		end := Day(asOf).AddDate(rs.PlannedYears, 0, 0)
		if s.PlannedDate.IsZero() || !Day(s.PlannedDate).After(end) {
			var b strings.Builder
			b.WriteString("nicht förderfähig: Eigenausbau")
			if s.PlannedOperator != "" {
				b.WriteString(" von " + s.PlannedOperator)
			}
			if s.PlannedDate.IsZero() {
				fmt.Fprintf(&b, " innerhalb von %d Jahren geplant (ohne Datum)", rs.PlannedYears)
			} else {
				b.WriteString(" bis " + s.PlannedDate.Format("01/2006") + " geplant")
			}
			return Eligibility{Reason: b.String()}
		}
	}
	if s == nil {
		return Eligibility{Eligible: true, Reason: "förderfähig: keine Versorgung gemeldet (unter " + threshold + ")"}
	}
	return Eligibility{Eligible: true, Reason: fmt.Sprintf("förderfähig: beste Versorgung %s/%s Mbit/s unter %s", mbit(s.Download), mbit(s.Upload), threshold)}
}

// mbit formats a bandwidth the German way: "300", "50,5".
func mbit(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "?"
	}
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}
