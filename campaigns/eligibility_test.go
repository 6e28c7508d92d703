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
	tests := []struct {
		name             string
		minDown, minUp   float64
		plannedYears     int
		excludeCampaigns bool
		validFrom        time.Time
	}{
		{"gigabit-2024", 300, 150, 3, true, Date(2024, 4, 30)},
		{"grau-2018", 100, 0, 3, true, Date(2018, 1, 1)},
		{"weiss-2015", 30, 0, 3, true, Date(2015, 10, 22)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := mustRuleSet(t, tt.name)
			if rs.MinDown != tt.minDown || rs.MinUp != tt.minUp || rs.PlannedYears != tt.plannedYears ||
				rs.ExcludeCampaigns != tt.excludeCampaigns || !rs.ValidFrom.Equal(tt.validFrom) || rs.Title == "" {
				t.Errorf("rule set = %+v", rs)
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
	for _, want := range []string{"gigabit-2030", "gigabit-2024", "grau-2018", "weiss-2015"} {
		if !strings.Contains(geo.ErrorMessage(err), want) {
			t.Errorf("message %q lacks %q", geo.ErrorMessage(err), want)
		}
	}
}

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
		// gigabit-2024: 300/150.
		{"gigabit: VDSL below", "gigabit-2024", sup(50, 10, "VDSL2", "Telekom"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 50/10 Mbit/s unter 300/150 Mbit/s"}},
		{"gigabit: FTTH delivers", "gigabit-2024", sup(1000, 500, "FTTH", "Telekom"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: FTTH von Telekom mit 1000/500 Mbit/s"}},
		{"gigabit: exactly 300/150 is not eligible", "gigabit-2024", sup(300, 150, "FTTB", "X"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: FTTB von X mit 300/150 Mbit/s"}},
		{"gigabit: 299 down is eligible", "gigabit-2024", sup(299, 150, "FTTB", "X"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 299/150 Mbit/s unter 300/150 Mbit/s"}},
		{"gigabit: 149.9 up is eligible", "gigabit-2024", sup(300, 149.9, "FTTB", "X"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 300/149,9 Mbit/s unter 300/150 Mbit/s"}},
		{"gigabit: cable 1000/50 fails the upload", "gigabit-2024", sup(1000, 50, "DOCSIS 3.1", "Vodafone"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 1000/50 Mbit/s unter 300/150 Mbit/s"}},
		{"gigabit: no technology or operator", "gigabit-2024", sup(500, 200, "", ""), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Versorgung mit 500/200 Mbit/s"}},
		{"gigabit: nil supply", "gigabit-2024", nil, CoverageNone, "",
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 300/150 Mbit/s)"}},
		{"gigabit: committed campaign", "gigabit-2024", sup(50, 10, "VDSL2", "Telekom"), CoverageCommitted, "Glasfaser Nord",
			Eligibility{false, "nicht förderfähig: Ausbau zugesagt (Kampagne Glasfaser Nord)"}},
		{"gigabit: construction, nil supply", "gigabit-2024", nil, CoverageConstruction, "Glasfaser Nord",
			Eligibility{false, "nicht förderfähig: Glasfaser im Bau (Kampagne Glasfaser Nord)"}},
		{"gigabit: live campaign without name", "gigabit-2024", nil, CoverageLive, "",
			Eligibility{false, "nicht förderfähig: Glasfaser verfügbar"}},
		{"gigabit: running pre-marketing does not exclude", "gigabit-2024", nil, CoveragePreMarketing, "Glasfaser Süd",
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 300/150 Mbit/s)"}},
		{"gigabit: missed campaign does not exclude", "gigabit-2024", nil, CoverageFundingCandidate, "Glasfaser Süd",
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 300/150 Mbit/s)"}},
		{"gigabit: supply reason before campaign", "gigabit-2024", sup(1000, 1000, "FTTH", "Stadtwerke"), CoverageLive, "Glasfaser Nord",
			Eligibility{false, "nicht förderfähig: FTTH von Stadtwerke mit 1000/1000 Mbit/s"}},
		{"gigabit: campaign reason before plan", "gigabit-2024", planned("X", Date(2027, 6, 30)), CoverageCommitted, "Glasfaser Nord",
			Eligibility{false, "nicht förderfähig: Ausbau zugesagt (Kampagne Glasfaser Nord)"}},
		{"gigabit: plan within 3 years", "gigabit-2024", planned("Deutsche Glasfaser", Date(2027, 6, 30)), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau von Deutsche Glasfaser bis 06/2027 geplant"}},
		{"gigabit: plan on the last day of the window", "gigabit-2024", planned("X", Date(2029, 3, 2)), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau von X bis 03/2029 geplant"}},
		{"gigabit: plan one day after the window", "gigabit-2024", planned("X", Date(2029, 3, 3)), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 50/10 Mbit/s unter 300/150 Mbit/s"}},
		{"gigabit: overdue plan still counts", "gigabit-2024", planned("X", Date(2025, 12, 31)), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau von X bis 12/2025 geplant"}},
		{"gigabit: plan without date", "gigabit-2024", planned("X", time.Time{}), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau von X innerhalb von 3 Jahren geplant (ohne Datum)"}},
		{"gigabit: plan without operator", "gigabit-2024", planned("", Date(2027, 1, 31)), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: Eigenausbau bis 01/2027 geplant"}},

		// grau-2018: < 100 down, no upload condition.
		{"grau: 99.5 down eligible", "grau-2018", sup(99.5, 40, "VDSL2", "Telekom"), CoverageNone, "",
			Eligibility{true, "förderfähig: beste Versorgung 99,5/40 Mbit/s unter 100 Mbit/s"}},
		{"grau: exactly 100 not eligible", "grau-2018", sup(100, 40, "VDSL2", "Telekom"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: VDSL2 von Telekom mit 100/40 Mbit/s"}},
		{"grau: cable passes despite low upload", "grau-2018", sup(1000, 50, "DOCSIS 3.1", "Vodafone"), CoverageNone, "",
			Eligibility{false, "nicht förderfähig: DOCSIS 3.1 von Vodafone mit 1000/50 Mbit/s"}},
		{"grau: nil supply", "grau-2018", nil, CoverageNone, "",
			Eligibility{true, "förderfähig: keine Versorgung gemeldet (unter 100 Mbit/s)"}},
		{"grau: committed", "grau-2018", sup(16, 1, "ADSL", "Telekom"), CoverageCommitted, "K",
			Eligibility{false, "nicht förderfähig: Ausbau zugesagt (Kampagne K)"}},

		// weiss-2015: < 30 down.
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

func TestEvaluateRuleOptions(t *testing.T) {
	asOf := Date(2026, 3, 2)
	s := &geo.Supply{Download: 50, Upload: 10, PlannedOperator: "X", PlannedDate: Date(2027, 1, 31)}
	tests := []struct {
		name     string
		rs       RuleSet
		coverage CoverageState
		eligible bool
	}{
		{"plans ignored with PlannedYears 0", RuleSet{MinDown: 300, MinUp: 150}, CoverageNone, true},
		{"plan within a one-year window", RuleSet{MinDown: 300, PlannedYears: 1, ExcludeCampaigns: true}, CoverageNone, false},
		{"campaigns ignored without ExcludeCampaigns", RuleSet{MinDown: 300}, CoverageLive, true},
		{"campaigns counted with ExcludeCampaigns", RuleSet{MinDown: 300, ExcludeCampaigns: true}, CoverageLive, false},
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
	rs := mustRuleSet(t, "gigabit-2024")
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
	good := `[{"name": "land-bw-2025", "title": "Landesförderung BW", "valid_from": "2025-01-01", "min_down": 300, "min_up": 150, "planned_years": 2, "exclude_campaigns": false},
	          {"name": "mini", "valid_from": "2020-05-01", "min_down": 50}]`
	got, err := LoadRuleSets(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	want := []RuleSet{
		{Name: "land-bw-2025", Title: "Landesförderung BW", ValidFrom: Date(2025, 1, 1), MinDown: 300, MinUp: 150, PlannedYears: 2},
		{Name: "mini", Title: "mini", ValidFrom: Date(2020, 5, 1), MinDown: 50, PlannedYears: 3, ExcludeCampaigns: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadRuleSets:\n got %+v\nwant %+v", got, want)
	}

	// The defaults survive a round trip.
	b, err := MarshalRuleSets(DefaultRuleSets)
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadRuleSets(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("LoadRuleSets(MarshalRuleSets(defaults)): %v\n%s", err, b)
	}
	if !reflect.DeepEqual(back, DefaultRuleSets) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, DefaultRuleSets)
	}
}

func TestLoadRuleSetsInvalid(t *testing.T) {
	const ok = `"name": "a", "valid_from": "2025-01-01", "min_down": 300`
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
		{"missing valid_from", `[{"name": "a", "min_down": 300}]`, "valid_from fehlt"},
		{"bad valid_from", `[{"name": "a", "valid_from": "01.01.2025", "min_down": 300}]`, "kein Datum"},
		{"missing min_down", `[{"name": "a", "valid_from": "2025-01-01"}]`, "min_down fehlt"},
		{"zero min_down", `[{"name": "a", "valid_from": "2025-01-01", "min_down": 0}]`, "min_down 0"},
		{"negative min_up", `[{` + ok + `, "min_up": -1}]`, "min_up -1"},
		{"min_down as string", `[{"name": "a", "valid_from": "2025-01-01", "min_down": "300"}]`, "falschen Typ"},
		{"planned_years too large", `[{` + ok + `, "planned_years": 11}]`, "planned_years 11"},
		{"planned_years negative", `[{` + ok + `, "planned_years": -1}]`, "planned_years -1"},
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
// title, a date, 0 < min_down ≤ MaxBandwidth, 0 ≤ min_up ≤ MaxBandwidth,
// planned_years 0..10) and that survive MarshalRuleSets and LoadRuleSets
// unchanged. Seeds: testdata/fuzz/FuzzLoadRuleSets (the built-in sets as
// MarshalRuleSets writes them, the documented example, broken variants)
// and the built-in sets written now.
func FuzzLoadRuleSets(f *testing.F) {
	b, err := MarshalRuleSets(DefaultRuleSets)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
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
			case !(rs.MinDown > 0 && rs.MinDown <= geo.MaxBandwidth):
				t.Errorf("set %d: min_down %v", i, rs.MinDown)
			case !(rs.MinUp >= 0 && rs.MinUp <= geo.MaxBandwidth):
				t.Errorf("set %d: min_up %v", i, rs.MinUp)
			case rs.PlannedYears < 0 || rs.PlannedYears > 10:
				t.Errorf("set %d: planned_years %d", i, rs.PlannedYears)
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
