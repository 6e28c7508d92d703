package campaigns

import (
	"math"
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestQuotaTargetNeeded(t *testing.T) {
	tests := []struct {
		name           string
		threshold      float64
		denom, signed  int
		quota          float64
		target, needed int
	}{
		{"typical", 0.33, 1000, 250, 0.25, 330, 80},
		{"exact product", 0.33, 300, 99, 0.33, 99, 0},
		{"rounds up", 0.33, 301, 99, 99.0 / 301, 100, 1},
		{"reached beyond", 0.4, 100, 55, 0.55, 40, 0},
		{"empty area", 0.33, 0, 0, 0, 0, 0},
		{"no quota", 0, 500, 10, 0.02, 0, 0},
		{"35 percent", 0.35, 1234, 0, 0, 432, 432},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if q := Quota(tt.signed, tt.denom); math.Abs(q-tt.quota) > 1e-12 {
				t.Errorf("Quota = %v, want %v", q, tt.quota)
			}
			if g := Target(tt.threshold, tt.denom); g != tt.target {
				t.Errorf("Target = %d, want %d", g, tt.target)
			}
			if n := Needed(tt.threshold, tt.denom, tt.signed); n != tt.needed {
				t.Errorf("Needed = %d, want %d", n, tt.needed)
			}
		})
	}
}

// TestTargetRule checks Target against the rule in integer arithmetic:
// for a threshold of p percent, the target is the smallest n with
// 100·n ≥ p·denominator. Floating-point products such as 0.55 × 100 =
// 55.00000000000001 or 0.34 × 150 = 51.00000000000001 must not round up.
func TestTargetRule(t *testing.T) {
	for _, tt := range []struct {
		threshold float64
		denom     int
		want      int
	}{
		{0.55, 100, 55},
		{0.34, 150, 51},
		{0.33, 300, 99},
		{0.35, 20, 7},
		{0.4, 1, 1},
		{1, 1234, 1234},
	} {
		if got := Target(tt.threshold, tt.denom); got != tt.want {
			t.Errorf("Target(%v, %d) = %d, want %d", tt.threshold, tt.denom, got, tt.want)
		}
	}
	for p := 1; p <= 100; p++ {
		threshold := float64(p) / 100
		for denom := 1; denom <= 2000; denom++ {
			want := (p*denom + 99) / 100
			if got := Target(threshold, denom); got != want {
				t.Fatalf("Target(%v, %d) = %d, want %d (smallest n with 100·n ≥ %d·%d)", threshold, denom, got, want, p, denom)
			}
			if got := Needed(threshold, denom, want); got != 0 {
				t.Fatalf("Needed(%v, %d, %d) = %d, want 0", threshold, denom, want, got)
			}
			if got := Needed(threshold, denom, want-1); got != 1 {
				t.Fatalf("Needed(%v, %d, %d) = %d, want 1", threshold, denom, want-1, got)
			}
		}
	}
}

func TestDaysLeftAndPaceNeeded(t *testing.T) {
	tests := []struct {
		name           string
		asOf, deadline string
		needed         int
		days           int
		pace           float64
	}{
		{"ten days", "2026-11-16", "2026-11-26", 50, 10, 5},
		{"deadline day", "2026-11-26", "2026-11-26", 7, 0, 7},
		{"past deadline", "2026-11-27", "2026-11-26", 7, 0, math.Inf(1)},
		{"reached", "2026-11-01", "2026-11-26", 0, 25, 0},
		{"across DST change", "2026-10-20", "2026-11-03", 14, 14, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DaysLeft(d(tt.asOf), d(tt.deadline)); got != tt.days {
				t.Errorf("DaysLeft = %d, want %d", got, tt.days)
			}
			if got := PaceNeeded(tt.needed, d(tt.asOf), d(tt.deadline)); got != tt.pace {
				t.Errorf("PaceNeeded = %v, want %v", got, tt.pace)
			}
		})
	}
}

func TestCountAtAndRecentPace(t *testing.T) {
	start := d("2026-09-01")
	h := []Sample{
		{d("2026-09-08"), 70},
		{d("2026-09-15"), 140},
		{d("2026-09-29"), 420},
	}
	countTests := []struct {
		name string
		day  string
		want float64
	}{
		{"before start", "2026-08-30", 0},
		{"start", "2026-09-01", 0},
		{"between start and first", "2026-09-04", 30},
		{"on a sample", "2026-09-15", 140},
		{"between samples", "2026-09-22", 280},
		{"after last", "2026-10-10", 420},
	}
	for _, tt := range countTests {
		t.Run("CountAt/"+tt.name, func(t *testing.T) {
			if got := CountAt(h, start, d(tt.day)); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("CountAt(%s) = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
	paceTests := []struct {
		name string
		asOf string
		want float64
	}{
		{"last 14 days", "2026-09-29", 20},           // 420-140 over 14 days
		{"asOf after last sample", "2026-10-03", 20}, // window ends at the last sample
		{"short history from start", "2026-09-08", 10},
		{"before any sample", "2026-09-05", 0},
	}
	for _, tt := range paceTests {
		t.Run("RecentPace/"+tt.name, func(t *testing.T) {
			if got := RecentPace(h, start, d(tt.asOf)); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("RecentPace(%s) = %v, want %v", tt.asOf, got, tt.want)
			}
		})
	}
}
