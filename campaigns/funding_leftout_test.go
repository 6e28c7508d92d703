package campaigns

import (
	"strings"
	"testing"
)

// TestFundingLeftOut: an address in a project's Ortsteil but not in its
// frozen area is no longer a funding candidate; the answer says why. A
// project not yet frozen, another Ortsteil, an address in the area, or a
// campaign's better state keep the answer as it was.
func TestFundingLeftOut(t *testing.T) {
	frozen := projectWith(MilestoneApplication)
	frozen.Name, frozen.Areas, frozen.Addresses, frozen.FrozenOn = "Weiße Flecken", []int64{10, 11}, []int64{100, 102, 104}, Date(2026, 11, 30)
	open := projectWith(MilestoneSurveyClosed)
	open.Name, open.Areas = "In Vorbereitung", []int64{10}
	candidate := Coverage{State: CoverageFundingCandidate, Message: "Vorvermarktung nicht erreicht: Förderung wird geprüft",
		Campaign: "Glasfaser 2026", Provider: "NetCo", Area: "Nord"}
	for _, tt := range []struct {
		name    string
		address int64
		areas   []int64
		cov     Coverage
		out     int // projects left out
		state   CoverageState
		message string
	}{
		{"left out of its Ortsteil's project", 101, []int64{10, 55}, candidate, 1, CoverageNone, "Nicht im Förderprojekt »Weiße Flecken« (Projektgebiet festgelegt am 30.11.2026)"},
		{"no campaign either", 103, []int64{11}, Coverage{State: CoverageNone}, 1, CoverageNone, "laut Markterkundung"},
		{"in the project area", 102, []int64{10}, candidate, 0, CoverageFundingCandidate, "Förderung wird geprüft"},
		{"another Ortsteil", 101, []int64{12}, candidate, 0, CoverageFundingCandidate, "Förderung wird geprüft"},
		{"a provider's commitment ranks above", 101, []int64{10}, Coverage{State: CoverageCommitted, Message: "Ausbau zugesagt"}, 1, CoverageCommitted, "Ausbau zugesagt"},
		{"pre-marketing running ranks above", 101, []int64{10}, Coverage{State: CoveragePreMarketing, Message: "Vorvermarktung läuft"}, 1, CoveragePreMarketing, "Vorvermarktung läuft"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := FundingLeftOut([]*FundingProject{frozen, open}, tt.address, tt.areas)
			if len(out) != tt.out {
				t.Fatalf("left out by %d projects, want %d", len(out), tt.out)
			}
			cov := ApplyFunding(tt.cov, nil, out)
			if cov.State != tt.state || !strings.Contains(cov.Message, tt.message) {
				t.Errorf("%s %q, want %s with %q", cov.State, cov.Message, tt.state, tt.message)
			}
			if cov.State == CoverageNone && tt.out > 0 {
				if !strings.Contains(cov.MessageEN, "Not in the publicly funded project") {
					t.Errorf("English: %q", cov.MessageEN)
				}
				if cov.Campaign != "" || cov.Provider != "" || cov.FundingProject != "" {
					t.Errorf("the missed campaign or the project still decides: %+v", cov)
				}
			}
		})
	}
}
