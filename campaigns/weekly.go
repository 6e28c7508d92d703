package campaigns

import "time"

// The office enters the providers' sign-up counts once a week (the
// "Monday form"). The dashboard names the areas whose count of the
// current week is still missing.

// WeekStart is the Monday of day's week (weeks run Monday to Sunday, as
// in Germany), as a day.
func WeekStart(day time.Time) time.Time {
	d := Day(day)
	back := (int(d.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return d.AddDate(0, 0, -back)
}

// WeekFiguresMissing reports whether an area's count of today's week is
// missing: the area runs (running or extended) since before this week
// (start: the campaign's start) and its last count is older than this
// week's Monday (or there is none).
func WeekFiguresMissing(a AreaFigures, start, today time.Time) bool {
	monday := WeekStart(today)
	if !a.Status.Active() || !Day(start).Before(monday) {
		return false
	}
	return a.LastEntry.IsZero() || Day(a.LastEntry).Before(monday)
}
