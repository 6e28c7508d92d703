package campaigns

import (
	"testing"
	"time"
)

// TestSiteStateOn: a site's state on a past day is the last change in
// effect that day; before its first change the site is not on record.
func TestSiteStateOn(t *testing.T) {
	d := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	s := Site{Name: "Grundschule", CreatedAt: d("2026-11-20").Add(9 * time.Hour), Changes: []SiteChange{
		{State: SitePlanned, Effective: d("2026-03-01")},
		{State: SiteOrdered, Effective: d("2026-06-15")},
		{State: SiteConstruction, Effective: d("2026-10-01")},
	}}
	bare := Site{Name: "Kita", CreatedAt: d("2026-11-20").Add(9 * time.Hour)}
	for _, tt := range []struct {
		name  string
		site  Site
		day   string
		state SiteState
		since string
		ok    bool
	}{
		{"today", s, "", SiteConstruction, "2026-10-01", true},
		{"before the record", s, "2026-02-28", "", "", false},
		{"first day", s, "2026-03-01", SitePlanned, "2026-03-01", true},
		{"the day before a change", s, "2026-06-14", SitePlanned, "2026-03-01", true},
		{"the day of a change", s, "2026-06-15", SiteOrdered, "2026-06-15", true},
		{"after the last", s, "2026-12-01", SiteConstruction, "2026-10-01", true},
		{"no changes, entered later", bare, "2026-11-19", "", "", false},
		{"no changes, entered that day", bare, "2026-11-20", SitePlanned, "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var day time.Time
			if tt.day != "" {
				day = d(tt.day)
			}
			st, since, ok := tt.site.StateOn(day)
			if ok != tt.ok || st != tt.state {
				t.Fatalf("StateOn(%s) = %s, %v, %v; want %s, %v", tt.day, st, since, ok, tt.state, tt.ok)
			}
			if tt.since != "" && !since.Equal(d(tt.since)) || tt.since == "" && !since.IsZero() {
				t.Errorf("since %v, want %s", since, tt.since)
			}
		})
	}
}
