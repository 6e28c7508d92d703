package campaigns

import (
	"math"
	"sort"
	"time"
)

// Sample is one point of a cumulative sign-up history: Count signed
// contracts as of Date (a calendar day, UTC midnight).
type Sample struct {
	Date  time.Time
	Count int
}

// Day truncates t to its calendar day (UTC midnight).
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DaysBetween returns the calendar days from a to b (negative if b is
// before a).
func DaysBetween(a, b time.Time) int {
	return int(math.Round(Day(b).Sub(Day(a)).Hours() / 24))
}

// Quota is signed ÷ denominator; 0 when the denominator is 0.
func Quota(signed, denominator int) float64 {
	if denominator <= 0 {
		return 0
	}
	return float64(signed) / float64(denominator)
}

// Target is the number of contracts that reaches threshold: the smallest n
// with n ≥ threshold × denominator.
func Target(threshold float64, denominator int) int {
	if denominator <= 0 || threshold <= 0 {
		return 0
	}
	// The epsilon keeps 0.33 × 300 = 99 from becoming 100 by rounding error.
	return int(math.Ceil(threshold*float64(denominator) - 1e-9))
}

// Needed is the number of contracts still missing to reach threshold (0
// once reached).
func Needed(threshold float64, denominator, signed int) int {
	return max(0, Target(threshold, denominator)-signed)
}

// DaysLeft is the number of calendar days from asOf to the deadline; 0 on
// and after the deadline day.
func DaysLeft(asOf, deadline time.Time) int {
	return max(0, DaysBetween(asOf, deadline))
}

// PaceNeeded is the contracts per day needed to reach the threshold by the
// deadline: needed ÷ days left. On the deadline day the day itself counts
// as one day; after it, a positive need gives +Inf.
func PaceNeeded(needed int, asOf, deadline time.Time) float64 {
	if needed <= 0 {
		return 0
	}
	d := DaysBetween(asOf, deadline)
	switch {
	case d < 0:
		return math.Inf(1)
	case d == 0:
		return float64(needed)
	}
	return float64(needed) / float64(d)
}

// CountAt returns the cumulative count on day d, interpolating linearly
// between samples, from 0 at the campaign start; after the last sample the
// last count holds. Samples must be sorted by date (see SortSamples).
func CountAt(history []Sample, start, d time.Time) float64 {
	prevDate, prev := Day(start), 0.0
	if !Day(d).After(prevDate) {
		return 0
	}
	for _, s := range history {
		if !s.Date.After(d) {
			prevDate, prev = s.Date, float64(s.Count)
			continue
		}
		span := s.Date.Sub(prevDate).Hours()
		if span <= 0 {
			return float64(s.Count)
		}
		f := d.Sub(prevDate).Hours() / span
		return prev + f*(float64(s.Count)-prev)
	}
	return prev
}

// RecentPaceWindow is the window of RecentPace.
const RecentPaceWindow = 14

// RecentPace is the contracts per day over the last RecentPaceWindow days
// of the history, ending at the last sample on or before asOf (the office
// may not have entered this week's count yet). A shorter history counts
// from the campaign start. 0 without samples.
func RecentPace(history []Sample, start, asOf time.Time) float64 {
	end := time.Time{}
	for _, s := range history {
		if !s.Date.After(asOf) {
			end = s.Date
		}
	}
	if end.IsZero() {
		return 0
	}
	from := end.AddDate(0, 0, -RecentPaceWindow)
	if from.Before(Day(start)) {
		from = Day(start)
	}
	days := DaysBetween(from, end)
	if days <= 0 {
		return 0
	}
	return (CountAt(history, start, end) - CountAt(history, start, from)) / float64(days)
}

// SortSamples sorts a history by date.
func SortSamples(h []Sample) {
	sort.SliceStable(h, func(i, j int) bool { return h[i].Date.Before(h[j].Date) })
}
