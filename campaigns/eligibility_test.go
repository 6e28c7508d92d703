package campaigns

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"gigaplan/geo"
)

func mustRuleSet(t *testing.T, name string) RuleSet {
	t.Helper()
	rs, err := RuleSetByName(name, DefaultRuleSets)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestDefaultRuleSets(t *testing.T) {
	gigabitTechs := []string{"FTTH", "FTTB", "FTTB/H", "DOCSIS 3.1"}
	tests := []struct {
		name             string
		thresholds       []Threshold
		techs            []string
		hMin, hMax, hDef int
		cofunding        int
		validFrom        time.Time
		sourceDate       string // the date the source must name
	}{
		{"gigabit-2025", []Threshold{{300, 150}}, gigabitTechs, 3, 7, 3, 0, Date(2025, 1, 13), "13.01.2025"},
		{"gigabit-2024", []Threshold{{300, 150}}, gigabitTechs, 3, 7, 3, 0, Date(2024, 4, 30), "30.04.2024"},
		{"bw-gigabitmitfinanzierung-2023", []Threshold{{300, 150}}, gigabitTechs, 3, 7, 3, 3, Date(2023, 7, 27), "26.07.2023"},
		{"gigabit-2023", []Threshold{{200, 200}, {500, 0}}, gigabitTechs, 3, 3, 3, 0, Date(2023, 3, 31), "31.03.2023"},
		{"grau-2021", []Threshold{{100, 0}}, nil, 3, 3, 3, 0, Date(2021, 4, 26), "26.04.2021"},
		{"weiss-2015", []Threshold{{30, 0}}, nil, 3, 3, 3, 0, Date(2015, 10, 22), "22.10.2015"},
	}
	if len(DefaultRuleSets) != len(tests) {
		t.Errorf("%d built-in rule sets, want %d", len(DefaultRuleSets), len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := mustRuleSet(t, tt.name)
			if !reflect.DeepEqual(rs.Thresholds, tt.thresholds) || !reflect.DeepEqual(rs.ExcludedTechnologies, tt.techs) ||
				rs.HorizonMinYears != tt.hMin || rs.HorizonMaxYears != tt.hMax || rs.HorizonDefaultYears != tt.hDef ||
				len(rs.Cofunding) != tt.cofunding || !rs.ExcludeCampaigns || !rs.ValidFrom.Equal(tt.validFrom) || rs.Title == rs.Name {
				t.Errorf("rule set = %+v", rs)
			}
			if !strings.Contains(rs.Source, tt.sourceDate) {
				t.Errorf("source does not name %s: %q", tt.sourceDate, rs.Source)
			}
			if i < len(DefaultRuleSets) && DefaultRuleSets[i].Name != tt.name {
				t.Errorf("position %d holds %s: built-ins are newest first", i, DefaultRuleSets[i].Name)
			}
			for _, c := range rs.Cofunding {
				if err := rs.CheckShares(c); err != nil {
					t.Errorf("built-in split %s: %v", c, err)
				}
			}
		})
	}
}

// TestCurrentRuleSet: the federal rule set valid on a day is the newest
// valid_from not after it; the Land's co-funding rule is never chosen by
// date; DefaultRuleSet is the one valid on 2 December 2026.
func TestCurrentRuleSet(t *testing.T) {
	tests := []struct {
		day  time.Time
		want string
	}{
		{Date(2026, 12, 2), DefaultRuleSet},
		{Date(2026, 12, 2), "gigabit-2025"},
		{Date(2025, 1, 13), "gigabit-2025"},
		{Date(2025, 1, 12), "gigabit-2024"},
		{Date(2024, 4, 30), "gigabit-2024"},
		{Date(2024, 4, 29), "gigabit-2023"},
		{Date(2023, 8, 1), "gigabit-2023"}, // not bw-gigabitmitfinanzierung-2023 (27.07.2023)
		{Date(2023, 3, 30), "grau-2021"},
		{Date(2021, 4, 25), "weiss-2015"},
		{Date(2015, 10, 21), ""},
	}
	for _, tt := range tests {
		t.Run(tt.day.Format(time.DateOnly), func(t *testing.T) {
			rs, ok := CurrentRuleSet(DefaultRuleSets, tt.day)
			if rs.Name != tt.want || ok != (tt.want != "") {
				t.Errorf("CurrentRuleSet(%s) = %q, %v; want %q", tt.day.Format(time.DateOnly), rs.Name, ok, tt.want)
			}
		})
	}
}

func TestRuleSetByName(t *testing.T) {
	if rs, err := RuleSetByName(" GIGABIT-2024 ", DefaultRuleSets); err != nil || rs.Name != "gigabit-2024" {
		t.Errorf("case-insensitive lookup = %+v, %v", rs, err)
	}
	_, err := RuleSetByName("gigabit-2030", DefaultRuleSets)
	if geo.ErrorCode(err) != geo.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	for _, want := range []string{"gigabit-2030", "gigabit-2025", "gigabit-2024", "gigabit-2023", "grau-2021", "weiss-2015", "bw-gigabitmitfinanzierung-2023"} {
		if !strings.Contains(geo.ErrorMessage(err), want) {
			t.Errorf("message %q lacks %q", geo.ErrorMessage(err), want)
		}
	}
	// grau-2018 was misdated: refused, naming its replacement and why.
	_, err = RuleSetByName("Grau-2018", DefaultRuleSets)
	if geo.ErrorCode(err) != geo.EINVALID {
		t.Fatalf("grau-2018: err = %v, want EINVALID", err)
	}
	for _, want := range []string{`"grau-2018" gibt es nicht mehr`, "26.04.2021", `"grau-2021"`} {
		if !strings.Contains(geo.ErrorMessage(err), want) {
			t.Errorf("grau-2018 message %q lacks %q", geo.ErrorMessage(err), want)
		}
	}
	// An office's own set of that name is still found.
	own := append([]RuleSet{{Name: "grau-2018", Thresholds: []Threshold{{MinDown: 100}}}}, DefaultRuleSets...)
	if rs, err := RuleSetByName("grau-2018", own); err != nil || rs.Name != "grau-2018" {
		t.Errorf("own grau-2018 = %+v, %v", rs, err)
	}
}

// TestEvaluate: the cases follow the rule texts cited in each set's
// source (rulesets.json; testdata/rulesets/README.md): as of 2 March
// 2026, with each rule set's default horizon.
func TestEvaluate(t *testing.T) {
	asOf := Date(2026, 3, 2)
	sup := func(down, up float64, tech, op string) *geo.Supply {
		return &geo.Supply{AddressID: 1, Download: down, Upload: up, Technology: tech, Operator: op}
	}
	planned := func(op string, d time.Time) *geo.Supply {
		return &geo.Supply{AddressID: 1, Download: 50, Upload: 10, Technology: "VDSL2", Operator: "Telekom", PlannedOperator: op, PlannedDate: d}
	}
	tests := []struct {
		name     string
		rules    string
		supply   *geo.Supply
		coverage CoverageState
		campaign string
		want     Eligibility
	}{
		// gigabit-2025 and gigabit-2024: eligible below 300 down and 150
		// up; a gigabit-capable network excludes whatever its rates.
		{"gigabit: VDSL below", "gigabit-2025", sup(50, 10, "VDSL2", "Telekom"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 50/10 Mbit/s unter 300/150 Mbit/s"}},
		{"gigabit: FTTH excludes", "gigabit-2025", sup(1000, 500, "FTTH", "Telekom"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: gigabitfähiges Netz (FTTH) von Telekom gemeldet (1000/500 Mbit/s)"}},
		{"gigabit: cable DOCSIS 3.1 1000/50 excludes despite the upload", "gigabit-2024", sup(1000, 50, "DOCSIS 3.1", "Vodafone"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: gigabitfähiges Netz (DOCSIS 3.1) von Vodafone gemeldet (1000/50 Mbit/s)"}},
		{"gigabit: DOCSIS 3.1 spelt otherwise, booked 250/25", "gigabit-2025", sup(250, 25, "docsis3.1", "Vodafone"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: gigabitfähiges Netz (docsis3.1) von Vodafone gemeldet (250/25 Mbit/s)"}},
		{"gigabit: FTTB reported with 16 Mbit/s still excludes", "gigabit-2025", sup(16, 1, "FTTB", "X"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: gigabitfähiges Netz (FTTB) von X gemeldet (16/1 Mbit/s)"}},
		{"gigabit: 1000/50 of unknown technology fails the upload", "gigabit-2025", sup(1000, 50, "", "Y"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 1000/50 Mbit/s, Upload unter 150 Mbit/s"}},
		{"gigabit: DOCSIS 3.0 1000/50 fails the upload", "gigabit-2025", sup(1000, 50, "DOCSIS 3.0", "Vodafone"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 1000/50 Mbit/s, Upload unter 150 Mbit/s"}},
		{"gigabit: exactly 300/150 is not eligible", "gigabit-2025", sup(300, 150, "VDSL2", "X"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: VDSL2 von X mit 300/150 Mbit/s"}},
		{"gigabit: 299.9 down is eligible", "gigabit-2025", sup(299.9, 150, "LTE", "X"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 299,9/150 Mbit/s unter 300/150 Mbit/s"}},
		{"gigabit: 149.9 up is eligible", "gigabit-2025", sup(300, 149.9, "VDSL2", "X"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 300/149,9 Mbit/s, Upload unter 150 Mbit/s"}},
		{"gigabit: no technology or operator", "gigabit-2025", sup(500, 200, "", ""), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Versorgung mit 500/200 Mbit/s"}},
		{"gigabit: nil supply", "gigabit-2025", nil, CoverageNone, "",
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 300/150 Mbit/s)"}},
		{"gigabit: committed campaign", "gigabit-2025", sup(50, 10, "VDSL2", "Telekom"), CoverageCommitted, "Glasfaser Nord",
			Eligibility{false, "nicht förderfähig: Ausbau zugesagt (Kampagne Glasfaser Nord)"}},
		{"gigabit: construction, nil supply", "gigabit-2025", nil, CoverageConstruction, "Glasfaser Nord",
			Eligibility{false, "nicht förderfähig: Glasfaser im Bau (Kampagne Glasfaser Nord)"}},
		{"gigabit: live campaign without name", "gigabit-2025", nil, CoverageLive, "",
			Eligibility{false, "nicht förderfähig: Glasfaser verfügbar"}},
		{"gigabit: running pre-marketing does not exclude", "gigabit-2025", nil, CoveragePreMarketing, "Glasfaser Süd",
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 300/150 Mbit/s)"}},
		{"gigabit: missed campaign does not exclude", "gigabit-2025", nil, CoverageFundingCandidate, "Glasfaser Süd",
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 300/150 Mbit/s)"}},
		{"gigabit: technology reason before campaign", "gigabit-2025", sup(1000, 1000, "FTTH", "Stadtwerke"), CoverageLive, "Glasfaser Nord",
			Eligibility{false, "nicht förderfähig: gigabitfähiges Netz (FTTH) von Stadtwerke gemeldet (1000/1000 Mbit/s)"}},
		{"gigabit: campaign reason before plan", "gigabit-2025", planned("X", Date(2027, 6, 30)), CoverageCommitted, "Glasfaser Nord",
			Eligibility{false, "nicht förderfähig: Ausbau zugesagt (Kampagne Glasfaser Nord)"}},
		{"gigabit: plan within 3 years", "gigabit-2025", planned("Deutsche Glasfaser", Date(2027, 6, 30)), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau von Deutsche Glasfaser bis 06/2027 geplant"}},
		{"gigabit: plan exactly at the horizon's end", "gigabit-2025", planned("X", Date(2029, 3, 2)), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau von X bis 03/2029 geplant"}},
		{"gigabit: plan one day after the horizon", "gigabit-2025", planned("X", Date(2029, 3, 3)), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 50/10 Mbit/s unter 300/150 Mbit/s; Eigenausbau erst 03/2029 geplant, nach dem Zeithorizont von 3 Jahren"}},
		{"gigabit: overdue plan still counts", "gigabit-2025", planned("X", Date(2025, 12, 31)), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau von X bis 12/2025 geplant"}},
		{"gigabit: plan without date", "gigabit-2025", planned("X", time.Time{}), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau von X innerhalb von 3 Jahren geplant (ohne Datum)"}},
		{"gigabit: plan without operator", "gigabit-2025", planned("", Date(2027, 1, 31)), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau bis 01/2027 geplant"}},
		{"bw: the Bund's Förderkulisse", "bw-gigabitmitfinanzierung-2023", sup(1000, 50, "DOCSIS 3.1", "Vodafone"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: gigabitfähiges Netz (DOCSIS 3.1) von Vodafone gemeldet (1000/50 Mbit/s)"}},

		// gigabit-2023: "dunkelgraue Flecken", not reliably 200 Mbit/s
		// symmetric nor 500 Mbit/s down.
		{"2023: 200/200 symmetric is not eligible", "gigabit-2023", sup(200, 200, "VDSL2", "X"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: VDSL2 von X mit 200/200 Mbit/s"}},
		{"2023: 500 down without upload is not eligible", "gigabit-2023", sup(500, 20, "LTE", "X"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: LTE von X mit 500/20 Mbit/s"}},
		{"2023: 300/150 is eligible", "gigabit-2023", sup(300, 150, "VDSL2", "X"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 300/150 Mbit/s unter 200/200 bzw. 500 Mbit/s"}},
		{"2023: 499.9/199.9 is eligible", "gigabit-2023", sup(499.9, 199.9, "", ""), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 499,9/199,9 Mbit/s unter 200/200 bzw. 500 Mbit/s"}},
		{"2023: cable excludes", "gigabit-2023", sup(1000, 50, "DOCSIS 3.1", "Vodafone"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: gigabitfähiges Netz (DOCSIS 3.1) von Vodafone gemeldet (1000/50 Mbit/s)"}},
		{"2023: nil supply", "gigabit-2023", nil, CoverageNone, "",
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 200/200 bzw. 500 Mbit/s)"}},

		// grau-2021: below 100 Mbit/s down, no upload condition.
		{"grau: 99.5 down eligible", "grau-2021", sup(99.5, 40, "VDSL2", "Telekom"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 99,5/40 Mbit/s unter 100 Mbit/s"}},
		{"grau: exactly 100 not eligible", "grau-2021", sup(100, 40, "VDSL2", "Telekom"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: VDSL2 von Telekom mit 100/40 Mbit/s"}},
		{"grau: cable passes by its rate", "grau-2021", sup(1000, 50, "DOCSIS 3.1", "Vodafone"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: DOCSIS 3.1 von Vodafone mit 1000/50 Mbit/s"}},
		{"grau: nil supply", "grau-2021", nil, CoverageNone, "",
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 100 Mbit/s)"}},
		{"grau: committed", "grau-2021", sup(16, 1, "ADSL", "Telekom"), CoverageCommitted, "K",
			Eligibility{false, "nicht förderfähig: Ausbau zugesagt (Kampagne K)"}},

		// weiss-2015: below 30 Mbit/s down.
		{"weiss: 16 eligible", "weiss-2015", sup(16, 1, "ADSL", "Telekom"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 16/1 Mbit/s unter 30 Mbit/s"}},
		{"weiss: 29.99 eligible", "weiss-2015", sup(29.99, 1, "ADSL", "Telekom"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 29,99/1 Mbit/s unter 30 Mbit/s"}},
		{"weiss: exactly 30 not eligible", "weiss-2015", sup(30, 0, "LTE", "O2"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: LTE von O2 mit 30/0 Mbit/s"}},
		{"weiss: VDSL 50 not eligible", "weiss-2015", sup(50, 10, "VDSL2", "Telekom"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: VDSL2 von Telekom mit 50/10 Mbit/s"}},
		{"weiss: plan", "weiss-2015", &geo.Supply{Download: 6, PlannedOperator: "Telekom", PlannedDate: Date(2026, 6, 30)}, CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau von Telekom bis 06/2026 geplant"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate(mustRuleSet(t, tt.rules), asOf, tt.supply, tt.coverage, tt.campaign)
			if got != tt.want {
				t.Errorf("Evaluate:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestDecideHorizon: the survey's time horizon must lie in the rule
// set's range (3 to 7 years for gigabit-2025, exactly 3 for grau-2021);
// a plan finishing exactly at its end excludes, one a day later does not.
func TestDecideHorizon(t *testing.T) {
	asOf := Date(2026, 3, 2)
	plan := func(d time.Time) *geo.Supply {
		return &geo.Supply{Download: 50, Upload: 10, PlannedOperator: "X", PlannedDate: d}
	}
	tests := []struct {
		name     string
		rules    string
		years    int
		supply   *geo.Supply
		eligible bool
		wantErr  string
	}{
		{"default is 3 years: plan at 3 years excludes", "gigabit-2025", 0, plan(Date(2029, 3, 2)), false, ""},
		{"default is 3 years: plan at 5 years is after", "gigabit-2025", 0, plan(Date(2031, 3, 2)), true, ""},
		{"horizon 3: end exactly", "gigabit-2025", 3, plan(Date(2029, 3, 2)), false, ""},
		{"horizon 3: one day after", "gigabit-2025", 3, plan(Date(2029, 3, 3)), true, ""},
		{"horizon 5: plan at 5 years excludes", "gigabit-2025", 5, plan(Date(2031, 3, 2)), false, ""},
		{"horizon 7: end exactly", "gigabit-2025", 7, plan(Date(2033, 3, 2)), false, ""},
		{"horizon 7: one day after", "gigabit-2025", 7, plan(Date(2033, 3, 3)), true, ""},
		{"horizon 2 is below the range", "gigabit-2025", 2, plan(Date(2027, 1, 1)), false, "Zeithorizont 2 Jahre liegt nicht zwischen 3 und 7 Jahren (Regelsatz gigabit-2025)"},
		{"horizon 8 is above the range", "gigabit-2024", 8, plan(Date(2027, 1, 1)), false, "Zeithorizont 8 Jahre liegt nicht zwischen 3 und 7 Jahren (Regelsatz gigabit-2024)"},
		{"grau-2021 knows only 3 years", "grau-2021", 5, plan(Date(2027, 1, 1)), false, "der Regelsatz grau-2021 sieht genau 3 Jahre vor"},
		{"grau-2021 with 3 years", "grau-2021", 3, plan(Date(2029, 3, 2)), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decide(mustRuleSet(t, tt.rules), EligibilityInput{AsOf: asOf, Supply: tt.supply, HorizonYears: tt.years})
			if tt.wantErr != "" {
				if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.wantErr) {
					t.Fatalf("Decide = %+v, %v; want EINVALID %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got.Eligible != tt.eligible {
				t.Errorf("Decide = %+v, %v; want eligible %v", got, err, tt.eligible)
			}
		})
	}
	// The undated plan's reason names the survey's horizon.
	got, err := Decide(mustRuleSet(t, "gigabit-2025"), EligibilityInput{AsOf: asOf, HorizonYears: 7,
		Supply: &geo.Supply{Download: 50, Upload: 10, PlannedOperator: "X"}})
	if want := "nicht förderfähig: Eigenausbau von X innerhalb von 7 Jahren geplant (ohne Datum)"; err != nil || got.Reason != want {
		t.Errorf("undated plan, 7 years = %+v, %v; want %q", got, err, want)
	}
}

// TestSupplyClassOf: white < 30 ≤ grey < 100 ≤ dark grey < the rule's
// threshold ≤ served; gigabit by technology or ≥ 1000/150.
func TestSupplyClassOf(t *testing.T) {
	sup := func(down, up float64, tech string) *geo.Supply {
		return &geo.Supply{Download: down, Upload: up, Technology: tech}
	}
	tests := []struct {
		name   string
		rules  string
		supply *geo.Supply
		want   SupplyClass
	}{
		{"nothing reported", "gigabit-2025", nil, SupplyWhite},
		{"29.99", "gigabit-2025", sup(29.99, 5, "ADSL"), SupplyWhite},
		{"exactly 30", "gigabit-2025", sup(30, 5, "VDSL2"), SupplyGrey},
		{"99.99", "gigabit-2025", sup(99.99, 40, "VDSL2"), SupplyGrey},
		{"exactly 100", "gigabit-2025", sup(100, 40, "VDSL2"), SupplyDarkGrey},
		{"299/150 under 300/150", "gigabit-2025", sup(299, 150, "VDSL2"), SupplyDarkGrey},
		{"300/149 under 300/150", "gigabit-2025", sup(300, 149, "VDSL2"), SupplyDarkGrey},
		{"exactly 300/150", "gigabit-2025", sup(300, 150, "VDSL2"), SupplyServed},
		{"999.9 unknown technology", "gigabit-2025", sup(999.9, 200, ""), SupplyServed},
		{"exactly 1000/150, any technology", "gigabit-2025", sup(1000, 150, "DOCSIS 3.0"), SupplyGigabit},
		{"1000/149.9 misses the gigabit upload", "gigabit-2025", sup(1000, 149.9, "DOCSIS 3.0"), SupplyDarkGrey},
		{"1024/10 VDSL2 (as reported) is dark grey", "gigabit-2025", sup(1024, 10, "VDSL2"), SupplyDarkGrey},
		{"1000/50 unnamed under grau is served", "grau-2021", sup(1000, 50, ""), SupplyServed},
		{"DOCSIS 3.1 at 250", "gigabit-2025", sup(250, 25, "DOCSIS 3.1"), SupplyGigabit},
		{"FTTH reported at 16", "weiss-2015", sup(16, 1, "ftth"), SupplyGigabit},
		{"FTTB/H under grau", "grau-2021", sup(100, 100, "FTTB/H"), SupplyGigabit},
		{"grau: 100 is served", "grau-2021", sup(100, 10, "VDSL2"), SupplyServed},
		{"weiss: 50 is still a grey spot", "weiss-2015", sup(50, 10, "VDSL2"), SupplyGrey},
		{"2023: 300/150 dark grey", "gigabit-2023", sup(300, 150, "VDSL2"), SupplyDarkGrey},
		{"2023: 200/200 served", "gigabit-2023", sup(200, 200, "VDSL2"), SupplyServed},
		{"2023: 500/20 served", "gigabit-2023", sup(500, 20, "LTE"), SupplyServed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SupplyClassOf(mustRuleSet(t, tt.rules), tt.supply); got != tt.want {
				t.Errorf("SupplyClassOf = %v (%s), want %v (%s)", got, got.Label(), tt.want, tt.want.Label())
			}
		})
	}
	labels := map[SupplyClass]string{SupplyWhite: "weißer Fleck", SupplyGrey: "grauer Fleck", SupplyDarkGrey: "dunkelgrauer Fleck",
		SupplyServed: "versorgt über der Aufgreifschwelle", SupplyGigabit: "gigabitfähig", 0: "unbekannt"}
	for c, want := range labels {
		if c.Label() != want {
			t.Errorf("%d.Label() = %q, want %q", c, c.Label(), want)
		}
	}
}

// TestCheckShares: the shares of a cost split sum to 100 % and, under the
// BW co-funding rule, are one of its splits (Land raises the Bund's 50,
// 60 or 70 % to 90 %).
func TestCheckShares(t *testing.T) {
	bw := mustRuleSet(t, "bw-gigabitmitfinanzierung-2023")
	bund := mustRuleSet(t, "gigabit-2025")
	tests := []struct {
		name    string
		rs      RuleSet
		c       Cofunding
		wantErr string
	}{
		{"bw 50/40/10", bw, Cofunding{50, 40, 10}, ""},
		{"bw 60/30/10", bw, Cofunding{60, 30, 10}, ""},
		{"bw 70/20/10", bw, Cofunding{70, 20, 10}, ""},
		{"bw 50/40/5 sums to 95", bw, Cofunding{50, 40, 5}, "Finanzierungsanteile (Bund 50 % / Land 40 % / Kommune 5 %) ergeben 95 %, nicht 100 %"},
		{"bw 50/30/20 is not a split of the VwV", bw, Cofunding{50, 30, 20}, "sieht der Regelsatz bw-gigabitmitfinanzierung-2023 nicht vor (zulässig: Bund 50 % / Land 40 % / Kommune 10 %;"},
		{"negative share", bund, Cofunding{110, -20, 10}, "kein Anteil darf negativ sein"},
		{"bund without list: any 100", bund, Cofunding{50, 30, 20}, ""},
		{"bund 60/0/40", bund, Cofunding{60, 0, 40}, ""},
		{"bund 60/0/30", bund, Cofunding{60, 0, 30}, "ergeben 90 %"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rs.CheckShares(tt.c)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("CheckShares(%s) = %v", tt.c, err)
				}
				return
			}
			if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.wantErr) {
				t.Errorf("CheckShares(%s) = %v, want EINVALID %q", tt.c, err, tt.wantErr)
			}
		})
	}
}

// TestCheckShareFractions: the workbook's fractions are checked as whole
// percents; a rule without splits takes any fractions summing to 1.
func TestCheckShareFractions(t *testing.T) {
	bw := mustRuleSet(t, "bw-gigabitmitfinanzierung-2023")
	bund := mustRuleSet(t, "gigabit-2025")
	tests := []struct {
		name             string
		rs               RuleSet
		bund, land, komm float64
		wantErr          string
	}{
		{"bw 0.5/0.4/0.1", bw, 0.5, 0.4, 0.1, ""},
		{"bw 0.7/0.2/0.1", bw, 0.7, 0.2, 0.1, ""},
		{"bw 0.5/0.3/0.2", bw, 0.5, 0.3, 0.2, "nicht vor"},
		{"bw fractions of a percent", bw, 0.505, 0.395, 0.1, "nur ganze Prozentanteile"},
		{"bund 0.505/0.395/0.1", bund, 0.505, 0.395, 0.1, ""},
		{"bund 0.505/0.395/0.2", bund, 0.505, 0.395, 0.2, "ergeben 110 %, nicht 100 %"},
		{"bund 0.5/0.4/0.2", bund, 0.5, 0.4, 0.2, "ergeben 110 %, nicht 100 %"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rs.CheckShareFractions(tt.bund, tt.land, tt.komm)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("CheckShareFractions = %v", err)
				}
				return
			}
			if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.wantErr) {
				t.Errorf("CheckShareFractions = %v, want EINVALID %q", err, tt.wantErr)
			}
		})
	}
}

func TestEvaluateRuleOptions(t *testing.T) {
	asOf := Date(2026, 3, 2)
	s := &geo.Supply{Download: 50, Upload: 10, PlannedOperator: "X", PlannedDate: Date(2027, 1, 31)}
	th := []Threshold{{MinDown: 300, MinUp: 150}}
	tests := []struct {
		name     string
		rs       RuleSet
		coverage CoverageState
		eligible bool
	}{
		{"plans ignored with horizon 0", RuleSet{Thresholds: th}, CoverageNone, true},
		{"plan within a one-year horizon", RuleSet{Thresholds: th, HorizonMinYears: 1, HorizonMaxYears: 1, HorizonDefaultYears: 1, ExcludeCampaigns: true}, CoverageNone, false},
		{"campaigns ignored without ExcludeCampaigns", RuleSet{Thresholds: th}, CoverageLive, true},
		{"campaigns counted with ExcludeCampaigns", RuleSet{Thresholds: th, ExcludeCampaigns: true}, CoverageLive, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Evaluate(tt.rs, asOf, s, tt.coverage, "K"); got.Eligible != tt.eligible {
				t.Errorf("Evaluate = %+v, want eligible %v", got, tt.eligible)
			}
		})
	}
}

func TestEvaluateCoverage(t *testing.T) {
	rs := mustRuleSet(t, "gigabit-2025")
	asOf := Date(2026, 3, 2)
	tests := []struct {
		name string
		cov  Coverage
		want Eligibility
	}{
		{"reached campaign excludes",
			Coverage{State: CoveragePreMarketing, Status: StatusReached, Campaign: "Nord",
				Campaigns: []CoverageItem{{Campaign: "Nord", Status: StatusReached, State: CoveragePreMarketing}}},
			Eligibility{false, "nicht förderfähig: Vorvermarktung erfolgreich (Kampagne Nord)"}},
		{"reached campaign not deciding still excludes",
			Coverage{State: CoveragePreMarketing, Status: StatusRunning, Campaign: "Süd",
				Campaigns: []CoverageItem{{Campaign: "Süd", Status: StatusRunning, State: CoveragePreMarketing},
					{Campaign: "Nord", Status: StatusReached, State: CoveragePreMarketing}}},
			Eligibility{false, "nicht förderfähig: Vorvermarktung erfolgreich (Kampagne Nord)"}},
		{"best exclusion names the campaign",
			Coverage{State: CoverageLive, Status: StatusLive, Campaign: "Alt",
				Campaigns: []CoverageItem{{Campaign: "Neu", Status: StatusReached, State: CoveragePreMarketing},
					{Campaign: "Alt", Status: StatusLive, State: CoverageLive}}},
			Eligibility{false, "nicht förderfähig: Glasfaser verfügbar (Kampagne Alt)"}},
		{"running campaign does not exclude",
			Coverage{State: CoveragePreMarketing, Status: StatusRunning, Campaign: "Süd",
				Campaigns: []CoverageItem{{Campaign: "Süd", Status: StatusRunning, State: CoveragePreMarketing}}},
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 300/150 Mbit/s)"}},
		{"no campaign", Coverage{State: CoverageNone},
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 300/150 Mbit/s)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EvaluateCoverage(rs, asOf, nil, tt.cov); got != tt.want {
				t.Errorf("EvaluateCoverage:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLoadRuleSets(t *testing.T) {
	good := `[{"name": "land-bw-2025", "title": "Landesförderung BW", "valid_from": "2025-01-01", "source": " VwV … Nr. 5 ",
	           "thresholds": [{"min_down": 300, "min_up": 150}, {"min_down": 1000}],
	           "excluded_technologies": [" FTTH ", "DOCSIS 3.1"],
	           "horizon_min_years": 3, "horizon_max_years": 7, "horizon_default_years": 5, "exclude_campaigns": false,
	           "cofunding": [{"bund_percent": 50, "land_percent": 40, "kommune_percent": 10}]},
	          {"name": "mini", "valid_from": "2020-05-01", "thresholds": [{"min_down": 50}], "horizon_min_years": 2, "horizon_max_years": 4},
	          {"name": "legacy", "valid_from": "2020-05-01", "min_down": 50, "min_up": 10, "planned_years": 2},
	          {"name": "legacy-defaults", "valid_from": "2020-05-01", "min_down": 50},
	          {"name": "no-plans", "valid_from": "2020-05-01", "min_down": 50, "horizon_min_years": 0, "horizon_max_years": 0}]`
	got, err := LoadRuleSets(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	want := []RuleSet{
		{Name: "land-bw-2025", Title: "Landesförderung BW", ValidFrom: Date(2025, 1, 1), Source: "VwV … Nr. 5",
			Thresholds: []Threshold{{300, 150}, {1000, 0}}, ExcludedTechnologies: []string{"FTTH", "DOCSIS 3.1"},
			HorizonMinYears: 3, HorizonMaxYears: 7, HorizonDefaultYears: 5, Cofunding: []Cofunding{{50, 40, 10}}},
		{Name: "mini", Title: "mini", ValidFrom: Date(2020, 5, 1), Thresholds: []Threshold{{50, 0}},
			HorizonMinYears: 2, HorizonMaxYears: 4, HorizonDefaultYears: 2, ExcludeCampaigns: true},
		{Name: "legacy", Title: "legacy", ValidFrom: Date(2020, 5, 1), Thresholds: []Threshold{{50, 10}},
			HorizonMinYears: 2, HorizonMaxYears: 2, HorizonDefaultYears: 2, ExcludeCampaigns: true},
		{Name: "legacy-defaults", Title: "legacy-defaults", ValidFrom: Date(2020, 5, 1), Thresholds: []Threshold{{50, 0}},
			HorizonMinYears: 3, HorizonMaxYears: 3, HorizonDefaultYears: 3, ExcludeCampaigns: true},
		{Name: "no-plans", Title: "no-plans", ValidFrom: Date(2020, 5, 1), Thresholds: []Threshold{{50, 0}}, ExcludeCampaigns: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadRuleSets:\n got %+v\nwant %+v", got, want)
	}

	// The defaults and the sets above survive a round trip.
	for _, sets := range [][]RuleSet{DefaultRuleSets, got} {
		b, err := MarshalRuleSets(sets)
		if err != nil {
			t.Fatal(err)
		}
		back, err := LoadRuleSets(strings.NewReader(string(b)))
		if err != nil {
			t.Fatalf("LoadRuleSets(MarshalRuleSets(sets)): %v\n%s", err, b)
		}
		if !reflect.DeepEqual(back, sets) {
			t.Errorf("round trip:\n got %+v\nwant %+v", back, sets)
		}
	}
}

func TestLoadRuleSetsInvalid(t *testing.T) {
	const ok = `"name": "a", "valid_from": "2025-01-01", "min_down": 300`
	const okNew = `"name": "a", "valid_from": "2025-01-01", "thresholds": [{"min_down": 300, "min_up": 150}]`
	tests := []struct {
		name    string
		in      string
		wantMsg string
	}{
		{"empty input", ``, "leer"},
		{"not JSON", `{name: a}`, "kein gültiges JSON"},
		{"object, not array", `{` + ok + `}`, "kein gültiges JSON"},
		{"empty array", `[]`, "keinen Regelsatz"},
		{"trailing data", `[{` + ok + `}] []`, "folgt noch"},
		{"unknown field", `[{` + ok + `, "min_dwon": 3}]`, "min_dwon"},
		{"missing name", `[{"valid_from": "2025-01-01", "min_down": 300}]`, "Regelsatz 1: name"},
		{"bad name", `[{"name": "Gigabit 2024", "valid_from": "2025-01-01", "min_down": 300}]`, "name fehlt oder ist ungültig"},
		{"duplicate name", `[{` + ok + `}, {` + ok + `}]`, `Regelsatz 2 "a": name kommt doppelt vor`},
		{"missing valid_from", `[{"name": "a", "min_down": 300}]`, `Regelsatz 1 "a": valid_from fehlt`},
		{"bad valid_from", `[{"name": "a", "valid_from": "01.01.2025", "min_down": 300}]`, "kein Datum"},
		{"no threshold at all", `[{"name": "a", "valid_from": "2025-01-01"}]`, `Regelsatz 1 "a": thresholds fehlt`},
		{"zero min_down", `[{"name": "a", "valid_from": "2025-01-01", "min_down": 0}]`, "min_down 0"},
		{"negative min_up", `[{` + ok + `, "min_up": -1}]`, "min_up -1"},
		{"min_down as string", `[{"name": "a", "valid_from": "2025-01-01", "min_down": "300"}]`, "falschen Typ"},
		{"planned_years too large", `[{` + ok + `, "planned_years": 11}]`, "planned_years 11"},
		{"planned_years negative", `[{` + ok + `, "planned_years": -1}]`, "planned_years -1"},
		{"empty thresholds", `[{"name": "a", "valid_from": "2025-01-01", "thresholds": []}]`, "thresholds ist leer"},
		{"threshold without min_down", `[{"name": "a", "valid_from": "2025-01-01", "thresholds": [{"min_up": 150}]}]`, `Regelsatz 1 "a": thresholds 1: min_down fehlt`},
		{"second threshold bad", `[{"name": "a", "valid_from": "2025-01-01", "thresholds": [{"min_down": 300}, {"min_down": 500, "min_up": 100001}]}]`, "thresholds 2: min_up 100001"},
		{"five thresholds", `[{"name": "a", "valid_from": "2025-01-01", "thresholds": [{"min_down": 1}, {"min_down": 2}, {"min_down": 3}, {"min_down": 4}, {"min_down": 5}]}]`, "höchstens 4 Schwellen"},
		{"thresholds and min_down", `[{` + okNew + `, "min_down": 300}]`, "thresholds und min_down/min_up schließen sich aus"},
		{"horizon and planned_years", `[{` + okNew + `, "planned_years": 3, "horizon_min_years": 3, "horizon_max_years": 7}]`, "horizon_* und planned_years"},
		{"horizon max without min", `[{` + okNew + `, "horizon_max_years": 7}]`, "horizon_min_years und horizon_max_years gehören zusammen"},
		{"horizon min above max", `[{` + okNew + `, "horizon_min_years": 7, "horizon_max_years": 3}]`, "horizon_min_years 7 ist größer als horizon_max_years 3"},
		{"horizon max above 10", `[{` + okNew + `, "horizon_min_years": 3, "horizon_max_years": 11}]`, "horizon_max_years 11 liegt nicht zwischen 0 und 10"},
		{"horizon min 0 with max 7", `[{` + okNew + `, "horizon_min_years": 0, "horizon_max_years": 7}]`, "horizon_min_years 0: mindestens 1 Jahr"},
		{"horizon default outside", `[{` + okNew + `, "horizon_min_years": 3, "horizon_max_years": 7, "horizon_default_years": 8}]`, "horizon_default_years 8 liegt nicht zwischen horizon_min_years 3 und horizon_max_years 7"},
		{"horizon 0 with default", `[{` + okNew + `, "horizon_min_years": 0, "horizon_max_years": 0, "horizon_default_years": 3}]`, "horizon_max_years 0"},
		{"empty technology", `[{` + okNew + `, "excluded_technologies": ["FTTH", " "]}]`, `Regelsatz 1 "a": excluded_technologies 2 ist leer`},
		{"technology twice", `[{` + okNew + `, "excluded_technologies": ["DOCSIS 3.1", "docsis3.1"]}]`, `excluded_technologies 2 "docsis3.1" kommt doppelt vor`},
		{"technology as number", `[{` + okNew + `, "excluded_technologies": [31]}]`, "falschen Typ"},
		{"cofunding not 100", `[{` + okNew + `, "cofunding": [{"bund_percent": 50, "land_percent": 40, "kommune_percent": 5}]}]`, `Regelsatz 1 "a": cofunding 1: die Anteile (Bund 50 % / Land 40 % / Kommune 5 %) müssen nicht negativ sein und 100 % ergeben`},
		{"cofunding negative", `[{` + okNew + `, "cofunding": [{"bund_percent": 120, "land_percent": -30, "kommune_percent": 10}]}]`, "cofunding 1: die Anteile"},
		{"cofunding share missing", `[{` + okNew + `, "cofunding": [{"bund_percent": 50, "land_percent": 50}]}]`, "cofunding 1: bund_percent, land_percent und kommune_percent sind alle nötig"},
		{"cofunding twice", `[{` + okNew + `, "cofunding": [{"bund_percent": 50, "land_percent": 40, "kommune_percent": 10}, {"bund_percent": 50, "land_percent": 40, "kommune_percent": 10}]}]`, "cofunding 2 (Bund 50 % / Land 40 % / Kommune 10 %) kommt doppelt vor"},
		{"cofunding fraction", `[{` + okNew + `, "cofunding": [{"bund_percent": 50.5, "land_percent": 39.5, "kommune_percent": 10}]}]`, "falschen Typ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadRuleSets(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("LoadRuleSets = %+v, want an error", got)
			}
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Errorf("code = %q, want EINVALID", geo.ErrorCode(err))
			}
			if !strings.Contains(geo.ErrorMessage(err), tt.wantMsg) {
				t.Errorf("message %q lacks %q", geo.ErrorMessage(err), tt.wantMsg)
			}
		})
	}
}

// FuzzLoadRuleSets: LoadRuleSets never panics; it refuses with EINVALID
// or returns rule sets that keep to its own rules (a valid unique name, a
// title, a date, 1 to 4 thresholds with 0 < min_down ≤ MaxBandwidth and
// 0 ≤ min_up ≤ MaxBandwidth, a horizon min ≤ default ≤ max in 0..10,
// distinct non-empty technologies, co-funding splits summing to 100) and
// that survive MarshalRuleSets and LoadRuleSets unchanged. Seeds:
// testdata/fuzz/FuzzLoadRuleSets (the built-in sets as MarshalRuleSets
// writes them, the documented example, the older form, broken variants)
// and the built-in sets written now.
func FuzzLoadRuleSets(f *testing.F) {
	b, err := MarshalRuleSets(DefaultRuleSets)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(builtinRuleSets)
	f.Fuzz(func(t *testing.T, in []byte) {
		sets, err := LoadRuleSets(bytes.NewReader(in))
		if err != nil {
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("error without code invalid: %v", err)
			}
			return
		}
		if len(sets) == 0 {
			t.Fatal("no error and no rule set")
		}
		seen := map[string]bool{}
		for i, rs := range sets {
			switch {
			case !ruleSetName.MatchString(rs.Name) || seen[rs.Name]:
				t.Errorf("set %d: name %q invalid or repeated", i, rs.Name)
			case rs.Title == "" || rs.Title != strings.TrimSpace(rs.Title):
				t.Errorf("set %d: title %q", i, rs.Title)
			case !rs.ValidFrom.Equal(Day(rs.ValidFrom)) || rs.ValidFrom.Location() != time.UTC:
				t.Errorf("set %d: valid_from %v is not a UTC date", i, rs.ValidFrom)
			case len(rs.Thresholds) < 1 || len(rs.Thresholds) > maxThresholds:
				t.Errorf("set %d: %d thresholds", i, len(rs.Thresholds))
			case rs.HorizonMinYears < 0 || rs.HorizonMinYears > rs.HorizonDefaultYears ||
				rs.HorizonDefaultYears > rs.HorizonMaxYears || rs.HorizonMaxYears > maxHorizonYears ||
				(rs.HorizonMaxYears > 0 && rs.HorizonMinYears < 1):
				t.Errorf("set %d: horizon %d..%d default %d", i, rs.HorizonMinYears, rs.HorizonMaxYears, rs.HorizonDefaultYears)
			}
			for _, th := range rs.Thresholds {
				if !(th.MinDown > 0 && th.MinDown <= geo.MaxBandwidth) || !(th.MinUp >= 0 && th.MinUp <= geo.MaxBandwidth) {
					t.Errorf("set %d: threshold %+v", i, th)
				}
			}
			techs := map[string]bool{}
			for _, tech := range rs.ExcludedTechnologies {
				n := NormTechnology(tech)
				if n == "" || techs[n] {
					t.Errorf("set %d: technology %q empty or repeated", i, tech)
				}
				techs[n] = true
			}
			for _, c := range rs.Cofunding {
				if err := rs.CheckShares(c); err != nil {
					t.Errorf("set %d: split %s: %v", i, c, err)
				}
			}
			if _, err := rs.Horizon(0); err != nil {
				t.Errorf("set %d: default horizon refused: %v", i, err)
			}
			seen[rs.Name] = true
		}
		out, err := MarshalRuleSets(sets)
		if err != nil {
			t.Fatalf("MarshalRuleSets: %v", err)
		}
		back, err := LoadRuleSets(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("LoadRuleSets(MarshalRuleSets(sets)): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back, sets) {
			t.Errorf("round trip:\n got %+v\nwant %+v", back, sets)
		}
	})
}
