package campaigns

// Rule sets: the dated, sourced funding rules (Förderkulisse) and the one
// JSON parser that reads both the built-in sets (rulesets.json, embedded)
// and an office's own file. What each built-in set rests on, and what
// could not be verified, is in testdata/rulesets/README.md.

import (
	"bytes"
	_ "embed"
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
// An address is eligible when no network of an excluded (gigabit-capable)
// technology reaches it, no network reliably delivers any of Thresholds,
// no private build is planned within the market survey's time horizon,
// and (with ExcludeCampaigns) no campaign has secured a build.
type RuleSet struct {
	Name      string    // "gigabit-2025", "grau-2021", "weiss-2015"
	Title     string    // German, e.g. "Gigabit-Richtlinie des Bundes 2.0 (…)"
	ValidFrom time.Time // the date the rules apply from
	// Source cites the published text: title, date, Bundesanzeiger or
	// Amtsblatt reference, paragraph; and says what was not verified.
	Source string
	// Thresholds: a network reliably delivering at least one of them
	// makes an address ineligible ("Aufgreifschwelle"). The Gigabit-RL
	// 2.0 of 2023 has two (200/200 symmetric, or 500 down), later
	// versions one (300/150).
	Thresholds []Threshold
	// ExcludedTechnologies: a reported network of one of these
	// technologies (FTTH, FTTB, DOCSIS 3.1) excludes the address whatever
	// its reported rates. Compared by NormTechnology.
	ExcludedTechnologies []string
	// HorizonMinYears..HorizonMaxYears is the range the market survey's
	// relevant time horizon must lie in; HorizonDefaultYears is used when
	// no survey gives one. A private build planned to be finished within
	// the horizon excludes the address. All three 0: plans are not
	// considered.
	HorizonMinYears, HorizonMaxYears, HorizonDefaultYears int
	// ExcludeCampaigns: a successful or committed campaign (coverage state
	// committed, construction or live, or a campaign area whose status is
	// reached) excludes the address.
	ExcludeCampaigns bool
	// Cofunding lists the permitted splits of the eligible costs between
	// Bund, Land and municipality (each summing to 100 %); empty for a
	// rule set that says nothing about shares.
	Cofunding []Cofunding
}

// Threshold is a supply a network must reliably deliver (Mbit/s) to make
// an address ineligible; MinUp 0 sets no upload condition.
type Threshold struct {
	MinDown, MinUp float64
}

// Met reports whether down/up reach t (exactly at the threshold counts).
func (t Threshold) Met(down, up float64) bool {
	return down >= t.MinDown && (t.MinUp <= 0 || up >= t.MinUp)
}

// String is "300/150 Mbit/s" or "500 Mbit/s" (no upload condition).
func (t Threshold) String() string { return t.short() + " Mbit/s" }

func (t Threshold) short() string {
	if t.MinUp > 0 {
		return mbit(t.MinDown) + "/" + mbit(t.MinUp)
	}
	return mbit(t.MinDown)
}

// Cofunding is one split of the eligible costs, in percent.
type Cofunding struct {
	BundPercent, LandPercent, KommunePercent int
}

// Sum is the total of the three shares; a valid split sums to 100.
func (c Cofunding) Sum() int { return c.BundPercent + c.LandPercent + c.KommunePercent }

// String is "Bund 50 % / Land 40 % / Kommune 10 %".
func (c Cofunding) String() string {
	return fmt.Sprintf("Bund %d %% / Land %d %% / Kommune %d %%", c.BundPercent, c.LandPercent, c.KommunePercent)
}

// CheckShares checks a split of the costs against the rule set: the
// shares must sum to 100 % and, when the rule set lists splits, be one of
// them. EINVALID with a German message otherwise. The funding workbook's
// cost sheet and the CLI use it, so both say the same.
func (rs RuleSet) CheckShares(c Cofunding) error {
	if c.BundPercent < 0 || c.LandPercent < 0 || c.KommunePercent < 0 {
		return geo.Errorf(geo.EINVALID, "Finanzierungsanteile (%s): kein Anteil darf negativ sein", c)
	}
	if s := c.Sum(); s != 100 {
		return geo.Errorf(geo.EINVALID, "Finanzierungsanteile (%s) ergeben %d %%, nicht 100 %%", c, s)
	}
	if len(rs.Cofunding) == 0 {
		return nil
	}
	var allowed []string
	for _, a := range rs.Cofunding {
		if a == c {
			return nil
		}
		allowed = append(allowed, a.String())
	}
	return geo.Errorf(geo.EINVALID, "Finanzierungsanteile (%s) sieht der Regelsatz %s nicht vor (zulässig: %s)",
		c, rs.Name, strings.Join(allowed, "; "))
}

// CheckShareFractions is CheckShares for shares given as fractions (0.5,
// 0.4, 0.1), as the workbook options hold them: a rule set listing splits
// takes only whole percents.
func (rs RuleSet) CheckShareFractions(bund, land, kommune float64) error {
	pct := func(v float64) (int, bool) {
		p := math.Round(v * 100)
		return int(p), !math.IsNaN(v) && math.Abs(v*100-p) < 1e-6
	}
	b, okB := pct(bund)
	l, okL := pct(land)
	k, okK := pct(kommune)
	if !okB || !okL || !okK {
		if len(rs.Cofunding) > 0 {
			return geo.Errorf(geo.EINVALID, "Finanzierungsanteile: der Regelsatz %s sieht nur ganze Prozentanteile vor", rs.Name)
		}
		if s := (bund + land + kommune) * 100; math.Abs(s-100) > 1e-6 {
			return geo.Errorf(geo.EINVALID, "Finanzierungsanteile ergeben %s %%, nicht 100 %%", mbit(math.Round(s*1000)/1000))
		}
		return nil
	}
	return rs.CheckShares(Cofunding{BundPercent: b, LandPercent: l, KommunePercent: k})
}

// Horizon returns the time horizon (years) for a survey that set years:
// the rule's default for 0, else years if it lies in the rule's range.
// EINVALID, naming the range and the rule set, otherwise.
func (rs RuleSet) Horizon(years int) (int, error) {
	if years == 0 {
		return rs.HorizonDefaultYears, nil
	}
	if years < rs.HorizonMinYears || years > rs.HorizonMaxYears {
		if rs.HorizonMinYears == rs.HorizonMaxYears {
			return 0, geo.Errorf(geo.EINVALID, "Zeithorizont %d Jahre: der Regelsatz %s sieht genau %d Jahre vor",
				years, rs.Name, rs.HorizonMinYears)
		}
		return 0, geo.Errorf(geo.EINVALID, "Zeithorizont %d Jahre liegt nicht zwischen %d und %d Jahren (Regelsatz %s)",
			years, rs.HorizonMinYears, rs.HorizonMaxYears, rs.Name)
	}
	return years, nil
}

// Excludes reports whether technology is one of the rule's excluded
// (gigabit-capable) technologies.
func (rs RuleSet) Excludes(technology string) bool {
	n := NormTechnology(technology)
	if n == "" {
		return false
	}
	for _, t := range rs.ExcludedTechnologies {
		if NormTechnology(t) == n {
			return true
		}
	}
	return false
}

// NormTechnology is the form technologies are compared in: upper case,
// without spaces, '-' and '_' ("docsis 3.1" = "DOCSIS3.1").
func NormTechnology(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '\t':
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(s)))
}

// DefaultRuleSet names the rule set used when none is named: the federal
// one valid on 2 December 2026, the newest valid_from not after that day
// (CurrentRuleSet; a test keeps the two in step).
const DefaultRuleSet = "gigabit-2025"

//go:embed rulesets.json
var builtinRuleSets []byte

// DefaultRuleSets are the built-in rule sets, newest first, read from
// rulesets.json by LoadRuleSets. Each carries its source; see
// testdata/rulesets/README.md for what was read and where.
var DefaultRuleSets = mustLoadRuleSets(builtinRuleSets)

func mustLoadRuleSets(b []byte) []RuleSet {
	sets, err := LoadRuleSets(bytes.NewReader(b))
	if err != nil {
		panic("campaigns: rulesets.json: " + err.Error())
	}
	return sets
}

// CurrentRuleSet returns the federal rule set valid on day: of the sets
// without co-funding shares (a Land's co-funding rule is chosen on
// purpose, never by date), the one with the newest ValidFrom not after
// day. false if none is valid yet.
func CurrentRuleSet(sets []RuleSet, day time.Time) (RuleSet, bool) {
	var best RuleSet
	found := false
	for _, rs := range sets {
		if len(rs.Cofunding) > 0 || rs.ValidFrom.After(Day(day)) {
			continue
		}
		if !found || rs.ValidFrom.After(best.ValidFrom) {
			best, found = rs, true
		}
	}
	return best, found
}

// retiredRuleSets maps names no longer built in to their replacement and
// why; RuleSetByName refuses them with that text.
var retiredRuleSets = map[string]struct{ next, why string }{
	"grau-2018": {"grau-2021", "das Graue-Flecken-Programm des Bundes gilt ab 26.04.2021 (Gigabit-Richtlinie des Bundes vom 26.04.2021), nicht ab 2018"},
}

// RuleSetByName returns the set named name (case-insensitive) from sets.
// EINVALID, listing the known names, if there is none; for a retired
// built-in name (grau-2018) the message names its replacement.
func RuleSetByName(name string, sets []RuleSet) (RuleSet, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	var names []string
	for _, rs := range sets {
		if rs.Name == key {
			return rs, nil
		}
		names = append(names, rs.Name)
	}
	if r, ok := retiredRuleSets[key]; ok {
		return RuleSet{}, geo.Errorf(geo.EINVALID, "Regelsatz %q gibt es nicht mehr: %s; bitte %q verwenden", key, r.why, r.next)
	}
	return RuleSet{}, geo.Errorf(geo.EINVALID, "unbekannter Regelsatz %q (bekannt: %s)", name, strings.Join(names, ", "))
}

// ruleSetJSON is the file form of a RuleSet; pointers tell absent fields.
// min_down, min_up and planned_years are the older form of one threshold
// and a fixed horizon; they may not be mixed with the newer fields.
type ruleSetJSON struct {
	Name                 string          `json:"name"`
	Title                string          `json:"title,omitempty"`
	ValidFrom            string          `json:"valid_from"`
	Source               string          `json:"source,omitempty"`
	Thresholds           []thresholdJSON `json:"thresholds,omitempty"`
	MinDown              *float64        `json:"min_down,omitempty"`
	MinUp                *float64        `json:"min_up,omitempty"`
	ExcludedTechnologies []string        `json:"excluded_technologies,omitempty"`
	HorizonMinYears      *int            `json:"horizon_min_years,omitempty"`
	HorizonMaxYears      *int            `json:"horizon_max_years,omitempty"`
	HorizonDefaultYears  *int            `json:"horizon_default_years,omitempty"`
	PlannedYears         *int            `json:"planned_years,omitempty"`
	ExcludeCampaigns     *bool           `json:"exclude_campaigns,omitempty"`
	Cofunding            []cofundingJSON `json:"cofunding,omitempty"`
}

type thresholdJSON struct {
	MinDown *float64 `json:"min_down"`
	MinUp   *float64 `json:"min_up,omitempty"`
}

type cofundingJSON struct {
	Bund    *int `json:"bund_percent"`
	Land    *int `json:"land_percent"`
	Kommune *int `json:"kommune_percent"`
}

var ruleSetName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// Limits LoadRuleSets keeps to.
const (
	maxHorizonYears = 10
	maxThresholds   = 4
	maxTechnologies = 16
	maxTechLen      = 40
	maxCofunding    = 8
	maxSourceLen    = 4000
)

// LoadRuleSets reads rule sets from a JSON array such as
//
//	[{"name": "gigabit-2025", "title": "Gigabit-RL 2.0 …", "valid_from": "2025-01-13",
//	  "source": "Richtlinie … vom 31.03.2023, geändert 13.01.2025, Nr. …",
//	  "thresholds": [{"min_down": 300, "min_up": 150}],
//	  "excluded_technologies": ["FTTH", "FTTB", "DOCSIS 3.1"],
//	  "horizon_min_years": 3, "horizon_max_years": 7, "horizon_default_years": 3,
//	  "exclude_campaigns": true,
//	  "cofunding": [{"bund_percent": 50, "land_percent": 40, "kommune_percent": 10}]}]
//
// name (lower case letters, digits, '.', '_', '-'; unique), valid_from
// (YYYY-MM-DD) and at least one threshold are required. A threshold has
// min_down (> 0) and min_up (≥ 0, default 0), both at most
// geo.MaxBandwidth; up to 4 thresholds. The older form min_down/min_up
// (one threshold) and planned_years (a fixed horizon) is still read, but
// not mixed with thresholds or horizon_*. title defaults to the name,
// source to "", the horizon to 3 years (min = max = default); horizon
// years lie in 0..10 with min ≤ default ≤ max, min ≥ 1 unless all are 0
// (plans not considered); default defaults to min. excluded_technologies
// are non-empty and distinct (NormTechnology); exclude_campaigns
// defaults to true; each cofunding split has three non-negative shares
// summing to 100. Unknown fields are refused. Errors are EINVALID and
// name the set and the field.
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
		rs, err := x.ruleSet()
		if err != nil {
			what := fmt.Sprintf("Regelsatz %d", i+1)
			if x.Name != "" {
				what += fmt.Sprintf(" %q", x.Name)
			}
			return nil, geo.Errorf(geo.EINVALID, "%s: %s", what, err.Error())
		}
		if seen[rs.Name] {
			return nil, geo.Errorf(geo.EINVALID, "Regelsatz %d %q: name kommt doppelt vor", i+1, x.Name)
		}
		seen[rs.Name] = true
		out = append(out, rs)
	}
	return out, nil
}

// ruleSet checks x; its errors are the German text after "Regelsatz n:".
func (x ruleSetJSON) ruleSet() (RuleSet, error) {
	bad := func(format string, args ...any) (RuleSet, error) {
		return RuleSet{}, fmt.Errorf(format, args...)
	}
	if !ruleSetName.MatchString(x.Name) {
		return bad("name fehlt oder ist ungültig (Kleinbuchstaben, Ziffern, '.', '_', '-')")
	}
	rs := RuleSet{Name: x.Name, Title: strings.TrimSpace(x.Title), Source: strings.TrimSpace(x.Source), ExcludeCampaigns: true}
	if rs.Title == "" {
		rs.Title = rs.Name
	}
	if len(rs.Source) > maxSourceLen {
		return bad("source ist länger als %d Zeichen", maxSourceLen)
	}
	if x.ValidFrom == "" {
		return bad("valid_from fehlt (JJJJ-MM-TT)")
	}
	t, err := time.Parse(time.DateOnly, x.ValidFrom)
	if err != nil {
		return bad("valid_from %q ist kein Datum (JJJJ-MM-TT)", x.ValidFrom)
	}
	rs.ValidFrom = t

	// Thresholds, in the newer or the older form.
	switch {
	case len(x.Thresholds) > 0 && (x.MinDown != nil || x.MinUp != nil):
		return bad("thresholds und min_down/min_up schließen sich aus (bitte nur thresholds)")
	case x.Thresholds != nil && len(x.Thresholds) == 0:
		return bad("thresholds ist leer (mindestens eine Schwelle mit min_down)")
	case len(x.Thresholds) > maxThresholds:
		return bad("thresholds: höchstens %d Schwellen", maxThresholds)
	case len(x.Thresholds) > 0:
		for j, th := range x.Thresholds {
			t, err := threshold(th.MinDown, th.MinUp)
			if err != nil {
				return bad("thresholds %d: %v", j+1, err)
			}
			rs.Thresholds = append(rs.Thresholds, t)
		}
	default:
		if x.MinDown == nil {
			return bad("thresholds fehlt (oder min_down, Mbit/s)")
		}
		t, err := threshold(x.MinDown, x.MinUp)
		if err != nil {
			return bad("%v", err)
		}
		rs.Thresholds = []Threshold{t}
	}

	// The survey's time horizon, in the newer or the older form.
	newer := x.HorizonMinYears != nil || x.HorizonMaxYears != nil || x.HorizonDefaultYears != nil
	switch {
	case newer && x.PlannedYears != nil:
		return bad("horizon_* und planned_years schließen sich aus (bitte nur horizon_*)")
	case x.PlannedYears != nil:
		p := *x.PlannedYears
		if p < 0 || p > maxHorizonYears {
			return bad("planned_years %d liegt nicht zwischen 0 und %d", p, maxHorizonYears)
		}
		rs.HorizonMinYears, rs.HorizonMaxYears, rs.HorizonDefaultYears = p, p, p
	case newer:
		if x.HorizonMinYears == nil || x.HorizonMaxYears == nil {
			return bad("horizon_min_years und horizon_max_years gehören zusammen")
		}
		rs.HorizonMinYears, rs.HorizonMaxYears = *x.HorizonMinYears, *x.HorizonMaxYears
		rs.HorizonDefaultYears = rs.HorizonMinYears
		if x.HorizonDefaultYears != nil {
			rs.HorizonDefaultYears = *x.HorizonDefaultYears
		}
		for _, f := range []struct {
			name string
			v    int
		}{{"horizon_min_years", rs.HorizonMinYears}, {"horizon_max_years", rs.HorizonMaxYears}, {"horizon_default_years", rs.HorizonDefaultYears}} {
			if f.v < 0 || f.v > maxHorizonYears {
				return bad("%s %d liegt nicht zwischen 0 und %d", f.name, f.v, maxHorizonYears)
			}
		}
		switch {
		case rs.HorizonMaxYears == 0 && (rs.HorizonMinYears != 0 || rs.HorizonDefaultYears != 0):
			return bad("horizon_max_years 0 (Planungen nicht berücksichtigt) verlangt auch horizon_min_years und horizon_default_years 0")
		case rs.HorizonMaxYears > 0 && rs.HorizonMinYears < 1:
			return bad("horizon_min_years %d: mindestens 1 Jahr, wenn horizon_max_years > 0", rs.HorizonMinYears)
		case rs.HorizonMinYears > rs.HorizonMaxYears:
			return bad("horizon_min_years %d ist größer als horizon_max_years %d", rs.HorizonMinYears, rs.HorizonMaxYears)
		case rs.HorizonDefaultYears < rs.HorizonMinYears || rs.HorizonDefaultYears > rs.HorizonMaxYears:
			return bad("horizon_default_years %d liegt nicht zwischen horizon_min_years %d und horizon_max_years %d",
				rs.HorizonDefaultYears, rs.HorizonMinYears, rs.HorizonMaxYears)
		}
	default:
		rs.HorizonMinYears, rs.HorizonMaxYears, rs.HorizonDefaultYears = 3, 3, 3
	}

	if len(x.ExcludedTechnologies) > maxTechnologies {
		return bad("excluded_technologies: höchstens %d Einträge", maxTechnologies)
	}
	techs := map[string]bool{}
	for j, tech := range x.ExcludedTechnologies {
		tech = strings.TrimSpace(tech)
		n := NormTechnology(tech)
		switch {
		case n == "":
			return bad("excluded_technologies %d ist leer", j+1)
		case len(tech) > maxTechLen:
			return bad("excluded_technologies %d ist länger als %d Zeichen", j+1, maxTechLen)
		case techs[n]:
			return bad("excluded_technologies %d %q kommt doppelt vor", j+1, tech)
		}
		techs[n] = true
		rs.ExcludedTechnologies = append(rs.ExcludedTechnologies, tech)
	}

	if x.ExcludeCampaigns != nil {
		rs.ExcludeCampaigns = *x.ExcludeCampaigns
	}

	if len(x.Cofunding) > maxCofunding {
		return bad("cofunding: höchstens %d Aufteilungen", maxCofunding)
	}
	for j, c := range x.Cofunding {
		if c.Bund == nil || c.Land == nil || c.Kommune == nil {
			return bad("cofunding %d: bund_percent, land_percent und kommune_percent sind alle nötig", j+1)
		}
		cf := Cofunding{BundPercent: *c.Bund, LandPercent: *c.Land, KommunePercent: *c.Kommune}
		if cf.BundPercent < 0 || cf.LandPercent < 0 || cf.KommunePercent < 0 || cf.Sum() != 100 {
			return bad("cofunding %d: die Anteile (%s) müssen nicht negativ sein und 100 %% ergeben", j+1, cf)
		}
		for _, prev := range rs.Cofunding {
			if prev == cf {
				return bad("cofunding %d (%s) kommt doppelt vor", j+1, cf)
			}
		}
		rs.Cofunding = append(rs.Cofunding, cf)
	}
	return rs, nil
}

// threshold checks one threshold's fields.
func threshold(down, up *float64) (Threshold, error) {
	if down == nil {
		return Threshold{}, errors.New("min_down fehlt (Mbit/s)")
	}
	t := Threshold{MinDown: *down}
	if !(t.MinDown > 0 && t.MinDown <= geo.MaxBandwidth) {
		return Threshold{}, fmt.Errorf("min_down %v liegt nicht zwischen 0 und %d Mbit/s", t.MinDown, geo.MaxBandwidth)
	}
	if up != nil {
		if t.MinUp = *up; !(t.MinUp >= 0 && t.MinUp <= geo.MaxBandwidth) {
			return Threshold{}, fmt.Errorf("min_up %v liegt nicht zwischen 0 und %d Mbit/s", t.MinUp, geo.MaxBandwidth)
		}
	}
	return t, nil
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

// MarshalRuleSets writes sets in the form LoadRuleSets reads (the newer
// fields only), e.g. to give an office DefaultRuleSets as a starting
// point.
func MarshalRuleSets(sets []RuleSet) ([]byte, error) {
	raw := make([]ruleSetJSON, len(sets))
	for i, rs := range sets {
		x := ruleSetJSON{Name: rs.Name, Title: rs.Title, ValidFrom: rs.ValidFrom.Format(time.DateOnly), Source: rs.Source,
			ExcludedTechnologies: rs.ExcludedTechnologies,
			HorizonMinYears:      &rs.HorizonMinYears, HorizonMaxYears: &rs.HorizonMaxYears, HorizonDefaultYears: &rs.HorizonDefaultYears,
			ExcludeCampaigns: &rs.ExcludeCampaigns}
		for _, t := range rs.Thresholds {
			x.Thresholds = append(x.Thresholds, thresholdJSON{MinDown: &t.MinDown, MinUp: &t.MinUp})
		}
		for _, c := range rs.Cofunding {
			x.Cofunding = append(x.Cofunding, cofundingJSON{Bund: &c.BundPercent, Land: &c.LandPercent, Kommune: &c.KommunePercent})
		}
		raw[i] = x
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(raw); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// mbit formats a bandwidth the German way: "300", "50,5".
func mbit(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "?"
	}
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// Date returns the UTC midnight of a calendar day.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
