package campaigns

import (
	"testing"
	"time"
)

func TestWeekStart(t *testing.T) {
	for day, want := range map[string]string{
		"2026-11-30": "2026-11-30", // Monday
		"2026-12-03": "2026-11-30", // Thursday
		"2026-12-06": "2026-11-30", // Sunday
		"2027-01-01": "2026-12-28", // across the year
	} {
		d, _ := time.Parse(time.DateOnly, day)
		if got := WeekStart(d).Format(time.DateOnly); got != want {
			t.Errorf("WeekStart(%s) = %s, want %s", day, got, want)
		}
	}
}

// TestWeekFiguresMissing: running areas without a count since Monday are
// named; finished areas, campaigns that started this week and areas
// counted this week are not.
func TestWeekFiguresMissing(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	today := d("2026-12-03") // Thursday; Monday is 30.11.
	start := d("2026-10-05")
	tests := []struct {
		name  string
		a     AreaFigures
		start time.Time
		want  bool
	}{
		{"counted last week", AreaFigures{Status: StatusRunning, LastEntry: d("2026-11-27")}, start, true},
		{"counted on Monday", AreaFigures{Status: StatusRunning, LastEntry: d("2026-11-30")}, start, false},
		{"counted today", AreaFigures{Status: StatusExtended, LastEntry: today}, start, false},
		{"never counted", AreaFigures{Status: StatusRunning}, start, true},
		{"extended, counted last week", AreaFigures{Status: StatusExtended, LastEntry: d("2026-11-23")}, start, true},
		{"reached and decided", AreaFigures{Status: StatusReached, LastEntry: d("2026-11-01")}, start, false},
		{"missed", AreaFigures{Status: StatusMissed}, start, false},
		{"planned", AreaFigures{Status: StatusPlanned}, start, false},
		{"started this week", AreaFigures{Status: StatusRunning}, d("2026-12-01"), false},
		{"started last Sunday", AreaFigures{Status: StatusRunning}, d("2026-11-29"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WeekFiguresMissing(tt.a, tt.start, today); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
