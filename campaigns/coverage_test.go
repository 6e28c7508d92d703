package campaigns

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

func TestCoverageMessage(t *testing.T) {
	today := d("2026-11-23")
	running := Coverage{State: CoveragePreMarketing, Status: StatusRunning, Quota: 0.274, Threshold: 0.33, Needed: 412,
		Start: d("2026-09-01"), Deadline: d("2026-11-26")}
	tests := []struct {
		name string
		c    Coverage
		want string
	}{
		{"live", Coverage{State: CoverageLive}, "Glasfaser verfügbar"},
		{"live since", Coverage{State: CoverageLive, LiveSince: d("2026-03-01")}, "Glasfaser verfügbar seit 01.03.2026"},
		{"construction", Coverage{State: CoverageConstruction}, "Glasfaser im Bau"},
		{"construction, completion expected", Coverage{State: CoverageConstruction, Completion: d("2027-06-30")},
			"Glasfaser im Bau, Fertigstellung voraussichtlich 2027"},
		{"committed", Coverage{State: CoverageCommitted}, "Ausbau zugesagt"},
		{"missed", Coverage{State: CoverageFundingCandidate}, "Vorvermarktung nicht erreicht: Förderung wird geprüft"},
		{"none", Coverage{State: CoverageNone}, "noch keine Planung"},
		{"running", running, "Vorvermarktung läuft: 27,4 % von 33 %, noch 412 Verträge bis 26.11.2026"},
		{"one contract", func() Coverage { c := running; c.Needed = 1; return c }(), "Vorvermarktung läuft: 27,4 % von 33 %, noch 1 Vertrag bis 26.11.2026"},
		{"32.9 % is not 33 %", func() Coverage { c := running; c.Quota = 0.3299; c.Needed = 1; return c }(), "Vorvermarktung läuft: 32,9 % von 33 %, noch 1 Vertrag bis 26.11.2026"},
		{"deadline passed, outcome not recorded", func() Coverage { c := running; c.Deadline = d("2026-11-20"); return c }(),
			"Vorvermarktung bis 20.11.2026 beendet: 27,4 % von 33 %, das Ergebnis wird ausgewertet"},
		{"reached", func() Coverage { c := running; c.Status = StatusReached; c.Quota = 0.35; return c }(),
			"Vorvermarktung erfolgreich: 35 % von 33 % erreicht, Ausbauentscheidung steht aus"},
		{"planned", Coverage{State: CoveragePreMarketing, Status: StatusPlanned, Start: d("2027-01-11")}, "Vorvermarktung geplant ab 11.01.2027"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.message(today); got != tt.want {
				t.Errorf("message = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestProgressTargetZero: an area with target 0 (threshold 0: the
// provider builds without a quota; or denominator 0) never yields NaN,
// and with threshold 0 it counts as at or beyond its threshold.
func TestProgressTargetZero(t *testing.T) {
	tests := []struct {
		name        string
		c           Coverage
		atThreshold bool // progress must be ≥ 1
	}{
		{"no quota, nothing signed", Coverage{Threshold: 0, Quota: 0}, true},
		{"no quota, some signed", Coverage{Threshold: 0, Quota: 0.27}, true},
		{"denominator 0", Coverage{Threshold: 0.33, Quota: Quota(0, 0)}, false},
		{"exactly at threshold", Coverage{Threshold: 0.33, Quota: 0.33}, true},
		{"below threshold", Coverage{Threshold: 0.33, Quota: 0.2}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := progress(tt.c)
			if math.IsNaN(p) {
				t.Fatalf("progress(quota %v, threshold %v) is NaN", tt.c.Quota, tt.c.Threshold)
			}
			if got := p >= 1; got != tt.atThreshold {
				t.Errorf("progress(quota %v, threshold %v) = %v: at or beyond threshold %v, want %v", tt.c.Quota, tt.c.Threshold, p, got, tt.atThreshold)
			}
		})
	}
}

// betterSide is one campaign compared by better.
type betterSide struct {
	c     Coverage
	start time.Time
	id    int64
}

func (s betterSide) String() string {
	return fmt.Sprintf("{%s quota %v of %v, start %s, ID %d}", s.c.State, s.c.Quota, s.c.Threshold, s.start.Format(time.DateOnly), s.id)
}

// TestBetterOrder checks the rule documented at better: the best state
// wins (live, construction, committed, pre-marketing, funding candidate,
// none); among pre-marketing campaigns the one closest to its threshold;
// among others the one that started last; ties: the lower campaign ID.
func TestBetterOrder(t *testing.T) {
	order := []CoverageState{CoverageLive, CoverageConstruction, CoverageCommitted, CoveragePreMarketing, CoverageFundingCandidate, CoverageNone}
	early, late := d("2026-01-05"), d("2026-09-01")
	type test struct {
		name string
		a, b betterSide
		want bool // better(a, b)
	}
	var tests []test
	// Every pair of different states: the better state wins although the
	// other started later, is closer to its threshold and has the lower
	// ID, and never the other way round.
	for i, hi := range order {
		for _, lo := range order[i+1:] {
			good := betterSide{Coverage{State: hi, Threshold: 0.33, Quota: 0}, early, 2}
			bad := betterSide{Coverage{State: lo, Threshold: 0.33, Quota: 0.9}, late, 1}
			tests = append(tests,
				test{string(hi) + " beats " + string(lo), good, bad, true},
				test{string(lo) + " loses to " + string(hi), bad, good, false})
		}
	}
	pre := func(quota, threshold float64) Coverage {
		return Coverage{State: CoveragePreMarketing, Quota: quota, Threshold: threshold}
	}
	committed, missed := Coverage{State: CoverageCommitted}, Coverage{State: CoverageFundingCandidate}
	tests = append(tests, []test{
		// Same state, not pre-marketing: the later start wins, then the lower ID.
		{"committed: later start wins", betterSide{committed, late, 2}, betterSide{committed, early, 1}, true},
		{"committed: earlier start loses", betterSide{committed, early, 1}, betterSide{committed, late, 2}, false},
		{"missed: same start, lower ID wins", betterSide{missed, early, 1}, betterSide{missed, early, 2}, true},
		{"missed: same start, higher ID loses", betterSide{missed, early, 2}, betterSide{missed, early, 1}, false},
		// Pre-marketing: closest to its threshold wins, whatever the start.
		{"pre-marketing: closer to threshold wins", betterSide{pre(0.30, 0.33), early, 2}, betterSide{pre(0.35, 0.40), late, 1}, true},
		{"pre-marketing: farther from threshold loses", betterSide{pre(0.35, 0.40), late, 1}, betterSide{pre(0.30, 0.33), early, 2}, false},
		{"pre-marketing: share of threshold, not raw quota", betterSide{pre(0.20, 0.25), early, 2}, betterSide{pre(0.30, 0.40), late, 1}, true},
		{"pre-marketing: equal progress, lower ID wins, start ignored", betterSide{pre(0.20, 0.40), early, 1}, betterSide{pre(0.10, 0.20), late, 2}, true},
		{"pre-marketing: equal progress, higher ID loses", betterSide{pre(0.10, 0.20), late, 2}, betterSide{pre(0.20, 0.40), early, 1}, false},
		// Target 0: a campaign without a quota is at or beyond its
		// threshold, so it beats one still below its threshold.
		{"no quota beats below threshold", betterSide{pre(0, 0), early, 2}, betterSide{pre(0.32, 0.33), late, 1}, true},
		{"below threshold loses to no quota", betterSide{pre(0.32, 0.33), late, 1}, betterSide{pre(0, 0), early, 2}, false},
		{"two without quota: lower ID wins", betterSide{pre(0, 0), early, 1}, betterSide{pre(0.5, 0), late, 2}, true},
		{"two without quota: higher ID loses", betterSide{pre(0.5, 0), late, 2}, betterSide{pre(0, 0), early, 1}, false},
		{"denominator 0 loses to a running count", betterSide{pre(Quota(0, 0), 0.33), late, 1}, betterSide{pre(0.1, 0.33), early, 2}, false},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := better(tt.a.c, tt.b.c, tt.a.start, tt.b.start, tt.a.id, tt.b.id); got != tt.want {
				t.Errorf("better(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// TestCoverageMessageTargetZero: for an area with target 0 the citizen
// gets a sensible German message: no NaN or Inf, no "noch 0 Verträge",
// no "von 0 %" for a campaign without a quota, no claim of success for
// an area whose quota (0 of a 0 denominator) is below its threshold, and
// the deadline while it runs.
func TestCoverageMessageTargetZero(t *testing.T) {
	today := d("2026-11-23")
	noQuota := Coverage{State: CoveragePreMarketing, Status: StatusRunning, Quota: 0.274, Threshold: 0, Signed: 137, Target: 0, Needed: 0,
		Start: d("2026-09-01"), Deadline: d("2026-11-26")}
	noDen := Coverage{State: CoveragePreMarketing, Status: StatusRunning, Quota: Quota(0, 0), Threshold: 0.33, Target: Target(0.33, 0),
		Needed: Needed(0.33, 0, 0), Start: d("2026-09-01"), Deadline: d("2026-11-26")}
	tests := []struct {
		name     string
		c        Coverage
		contains []string
	}{
		{"no quota, running", noQuota, []string{"Vorvermarktung läuft", "27,4 %", "26.11."}},
		{"no quota, nothing signed", func() Coverage { c := noQuota; c.Quota, c.Signed = 0, 0; return c }(), []string{"Vorvermarktung läuft", "0 %", "26.11."}},
		{"no quota, extended", func() Coverage { c := noQuota; c.Status = StatusExtended; return c }(), []string{"Vorvermarktung läuft", "26.11."}},
		{"no quota, deadline passed", func() Coverage { c := noQuota; c.Deadline = d("2026-11-20"); return c }(), []string{"beendet", "20.11."}},
		{"no quota, reached recorded", func() Coverage { c := noQuota; c.Status = StatusReached; return c }(), []string{"erfolgreich", "27,4 %"}},
		{"denominator 0, running", noDen, []string{"Vorvermarktung läuft", "26.11."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.c.message(today)
			for _, bad := range []string{"NaN", "Inf", "noch 0 ", "noch -"} {
				if strings.Contains(got, bad) {
					t.Errorf("message %q contains %q", got, bad)
				}
			}
			if tt.c.Threshold == 0 && strings.Contains(got, "von 0 %") {
				t.Errorf("message %q names a threshold of 0 %% for a campaign without a quota", got)
			}
			if tt.c.Status != StatusReached && tt.c.Quota < tt.c.Threshold && strings.Contains(got, "erfolgreich") {
				t.Errorf("message %q claims success at %v of %v", got, tt.c.Quota, tt.c.Threshold)
			}
			for _, w := range tt.contains {
				if !strings.Contains(got, w) {
					t.Errorf("message %q lacks %q", got, w)
				}
			}
		})
	}
}
