package web

import (
	"testing"
	"time"
)

func TestLimiterBucket(t *testing.T) {
	now := time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC)
	l := newLimiter(2, 3, func() time.Time { return now }) // 2/s, burst 3
	steps := []struct {
		name    string
		advance time.Duration
		key     string
		ok      bool
		wait    time.Duration
	}{
		{"burst 1", 0, "a", true, 0},
		{"burst 2", 0, "a", true, 0},
		{"burst 3", 0, "a", true, 0},
		{"empty", 0, "a", false, 500 * time.Millisecond},
		{"other key", 0, "b", true, 0},
		{"half refilled", 250 * time.Millisecond, "a", false, 250 * time.Millisecond},
		{"refilled one", 250 * time.Millisecond, "a", true, 0},
		{"empty again", 0, "a", false, 500 * time.Millisecond},
		{"full after long", time.Hour, "a", true, 0},
		{"burst caps refill 2", 0, "a", true, 0},
		{"burst caps refill 3", 0, "a", true, 0},
		{"burst caps refill 4", 0, "a", false, 500 * time.Millisecond},
	}
	for _, s := range steps {
		now = now.Add(s.advance)
		ok, wait := l.allow(s.key)
		if ok != s.ok || wait != s.wait {
			t.Errorf("%s: allow %v, wait %v; want %v, %v", s.name, ok, wait, s.ok, s.wait)
		}
	}
	if got := retryAfter(250 * time.Millisecond); got != 1 {
		t.Errorf("retryAfter(250ms) = %d, want 1", got)
	}
	if got := retryAfter(2100 * time.Millisecond); got != 3 {
		t.Errorf("retryAfter(2.1s) = %d, want 3", got)
	}
}

func TestLimiterSweep(t *testing.T) {
	now := time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC)
	l := newLimiter(1, 2, func() time.Time { return now })
	for _, k := range []string{"a", "b", "c"} {
		l.allow(k)
	}
	now = now.Add(2 * time.Minute) // every bucket refilled: forgotten
	l.allow("d")
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets after the sweep, want 1", len(l.buckets))
	}
	var nilLimiter *limiter
	if ok, _ := nilLimiter.allow("x"); !ok {
		t.Error("no limiter refused")
	}
}

func TestNewLimiters(t *testing.T) {
	tests := []struct {
		name          string
		cfg           RateLimits
		login, search bool
		searchRate    float64
		searchBurst   float64
		loginBurst    float64
	}{
		{"defaults", RateLimits{}, true, true, DefaultSearchPerSecond, DefaultSearchBurst, DefaultLoginPerMinute},
		{"own", RateLimits{LoginPerMinute: 5, SearchPerSecond: 100, SearchBurst: 200}, true, true, 100, 200, 5},
		{"off", NoRateLimits, false, false, 0, 0, 0},
		{"search off", RateLimits{SearchPerSecond: -1}, true, false, 0, 0, DefaultLoginPerMinute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := newLimiters(tt.cfg, nil)
			if (ls.login != nil) != tt.login || (ls.search != nil) != tt.search {
				t.Fatalf("login %v search %v", ls.login != nil, ls.search != nil)
			}
			if ls.search != nil && (ls.search.rate != tt.searchRate || ls.search.burst != tt.searchBurst) {
				t.Errorf("search %v/s burst %v", ls.search.rate, ls.search.burst)
			}
			if ls.login != nil && ls.login.burst != tt.loginBurst {
				t.Errorf("login burst %v", ls.login.burst)
			}
		})
	}
}
