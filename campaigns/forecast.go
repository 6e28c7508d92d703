package campaigns

import (
	"math"
	"time"
)

// Shape is the typical course of a campaign: Shape[i] is the share of the
// final sign-ups reached at normalised time i/(len-1), where time 0 is the
// start and 1 the (last) deadline. It starts at 0, ends at 1 and never
// falls. Real campaigns surge near the deadline, so a fitted shape is
// convex towards the end.
type Shape []float64

// LinearShape is the fallback when no finished campaign is known: sign-ups
// at an even pace.
var LinearShape = Shape{0, 1}

// ShapeKnots is the resolution of a fitted shape.
const ShapeKnots = 21

// At interpolates the shape at normalised time t (clamped to [0, 1]).
func (s Shape) At(t float64) float64 {
	if len(s) < 2 {
		return math.Max(0, math.Min(1, t))
	}
	switch {
	case t <= 0:
		return s[0]
	case t >= 1:
		return s[len(s)-1]
	}
	x := t * float64(len(s)-1)
	i := int(x)
	f := x - float64(i)
	return s[i] + f*(s[i+1]-s[i])
}

// Finished is the history of a finished campaign area, for fitting a
// shape.
type Finished struct {
	Start, End time.Time // start and final deadline
	History    []Sample  // sorted
}

// FitShape averages the normalised courses of finished campaign areas
// (count ÷ final count over time ÷ duration) on ShapeKnots knots. Areas
// with no sign-ups or no duration are ignored; ok is false when none is
// left, and the caller falls back to LinearShape.
func FitShape(done []Finished) (s Shape, ok bool) {
	sum := make([]float64, ShapeKnots)
	n := 0
	for _, f := range done {
		dur := f.End.Sub(f.Start)
		if dur <= 0 || len(f.History) == 0 {
			continue
		}
		final := CountAt(f.History, f.Start, f.End)
		if final <= 0 {
			continue
		}
		for i := range sum {
			d := f.Start.Add(time.Duration(float64(dur) * float64(i) / float64(ShapeKnots-1)))
			sum[i] += math.Min(1, CountAt(f.History, f.Start, d)/final)
		}
		n++
	}
	if n == 0 {
		return LinearShape, false
	}
	s = make(Shape, ShapeKnots)
	for i := range sum {
		s[i] = sum[i] / float64(n)
		if i > 0 && s[i] < s[i-1] {
			s[i] = s[i-1]
		}
	}
	s[0], s[ShapeKnots-1] = 0, 1
	return s, true
}

// Model names the forecast model used.
type Model string

// Forecast models.
const (
	ModelReached Model = "reached" // the target is already reached
	ModelShape   Model = "shape"   // scaled from the shape of finished campaigns
	ModelLinear  Model = "linear"  // extrapolated at the recent pace
	ModelNone    Model = "none"    // no sign-ups to extrapolate from
)

// ForecastInput is what a forecast needs.
type ForecastInput struct {
	Start, Deadline time.Time
	AsOf            time.Time
	History         []Sample // sorted
	Target          int      // contracts that reach the threshold
	Shape           Shape    // nil or LinearShape: linear model only
}

// Forecast is the expected date of reaching the target.
type Forecast struct {
	Date      time.Time // zero when not reachable within Horizon
	Reachable bool
	Model     Model
}

// Horizon bounds a forecast: a date further than this after asOf is
// reported as not reachable.
const Horizon = 3 * 365 * 24 * time.Hour

// MinShapeShare is the least share of the shape that must lie behind the
// last sample for the shape model to be used; earlier, scaling by a tiny
// share would be noise, and the linear model serves.
const MinShapeShare = 0.05

// Predict forecasts the date the target is reached.
//
// The model: if the target is reached, the first sample at or above it.
// Otherwise, with a fitted shape and at least MinShapeShare of it behind
// the last sample (at normalised time t0, count c), the course ahead is
// c × Shape(t)/Shape(t0): the first day on which that reaches the target,
// if before the deadline. Past the deadline (or with no fitted shape) the
// count grows linearly at the recent pace (RecentPace; the average pace
// since the start where the recent pace is 0), starting from the shape's
// projected final count at the deadline or from the last sample.
func Predict(in ForecastInput) Forecast {
	for _, s := range in.History {
		if s.Count >= in.Target && in.Target > 0 {
			return Forecast{Date: s.Date, Reachable: true, Model: ModelReached}
		}
	}
	if len(in.History) == 0 {
		return Forecast{Model: ModelNone}
	}
	last := in.History[len(in.History)-1]
	for _, s := range in.History {
		if !s.Date.After(in.AsOf) {
			last = s
		}
	}
	c := float64(last.Count)
	pace := RecentPace(in.History, in.Start, last.Date)
	if pace <= 0 {
		if d := DaysBetween(in.Start, last.Date); d > 0 {
			pace = c / float64(d)
		}
	}
	from, base, model := last.Date, c, ModelLinear

	dur := in.Deadline.Sub(in.Start)
	if len(in.Shape) > 2 && dur > 0 && last.Date.Before(in.Deadline) {
		t0 := float64(last.Date.Sub(in.Start)) / float64(dur)
		if s0 := in.Shape.At(t0); s0 >= MinShapeShare && c > 0 {
			model = ModelShape
			days := DaysBetween(last.Date, in.Deadline)
			for i := 1; i <= days; i++ {
				d := last.Date.AddDate(0, 0, i)
				t := float64(d.Sub(in.Start)) / float64(dur)
				if c*in.Shape.At(t)/s0 >= float64(in.Target) {
					return Forecast{Date: d, Reachable: true, Model: model}
				}
			}
			from, base = Day(in.Deadline), c/s0
		}
	}
	if pace <= 0 {
		return Forecast{Model: model}
	}
	days := math.Ceil((float64(in.Target) - base) / pace)
	if days < 0 {
		days = 0
	}
	if time.Duration(days)*24*time.Hour > Horizon {
		return Forecast{Model: model}
	}
	d := from.AddDate(0, 0, int(days))
	if in.Target > 0 && !d.After(in.AsOf) {
		// The counts went stale: a target not reached by the last count
		// is not reached in the past either; the earliest it can be is
		// tomorrow.
		d = Day(in.AsOf).AddDate(0, 0, 1)
	}
	return Forecast{Date: d, Reachable: true, Model: model}
}

// Rating judges a running campaign area.
type Rating string

// Ratings.
const (
	OnTrack  Rating = "on_track" // reached, or forecast on or before the deadline
	AtRisk   Rating = "at_risk"  // forecast within the grace period after the deadline: an extension could save it
	Unlikely Rating = "unlikely" // forecast later than that, or not reachable
)

// Grace is how far past the deadline a forecast may lie and still be rated
// at risk rather than unlikely: a quarter of the campaign's duration, at
// least 14 days (about what an extension gives).
func Grace(start, deadline time.Time) time.Duration {
	return max(deadline.Sub(start)/4, 14*24*time.Hour)
}

// Rate rates a forecast against the deadline.
func Rate(f Forecast, start, deadline time.Time) Rating {
	switch {
	case !f.Reachable:
		return Unlikely
	case !f.Date.After(Day(deadline)):
		return OnTrack
	case !f.Date.After(Day(deadline).Add(Grace(start, deadline))):
		return AtRisk
	}
	return Unlikely
}
