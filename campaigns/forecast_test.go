package campaigns

import (
	"math"
	"testing"
	"time"
)

// surge is a synthetic course with the typical end-of-campaign surge:
// share of the final count at normalised time t.
func surge(t float64) float64 { return 0.4*t + 0.6*math.Pow(t, 4) }

// synthHistory returns weekly samples of a campaign following surge,
// reaching final sign-ups at the deadline.
func synthHistory(start time.Time, weeks int, final float64, upToWeek int) []Sample {
	var h []Sample
	for w := 1; w <= upToWeek; w++ {
		t := float64(w) / float64(weeks)
		h = append(h, Sample{start.AddDate(0, 0, 7*w), int(math.Round(final * surge(t)))})
	}
	return h
}

func TestFitShape(t *testing.T) {
	var done []Finished
	for i, final := range []float64{300, 800, 1500} {
		start := d("2025-01-06").AddDate(0, i, 0)
		done = append(done, Finished{Start: start, End: start.AddDate(0, 0, 84), History: synthHistory(start, 12, final, 12)})
	}
	s, ok := FitShape(done)
	if !ok {
		t.Fatal("FitShape: not ok")
	}
	if len(s) != ShapeKnots || s[0] != 0 || s[len(s)-1] != 1 {
		t.Fatalf("shape ends: %v", s)
	}
	for _, x := range []float64{0.25, 0.5, 0.75, 0.9} {
		if got, want := s.At(x), surge(x); math.Abs(got-want) > 0.03 {
			t.Errorf("shape(%v) = %.3f, want ≈ %.3f", x, got, want)
		}
	}
	if _, ok := FitShape([]Finished{{Start: d("2025-01-01"), End: d("2025-01-01")}}); ok {
		t.Error("FitShape accepted a campaign without duration or history")
	}
}

func TestPredict(t *testing.T) {
	start := d("2026-09-07")
	deadline := start.AddDate(0, 0, 84) // 12 weeks
	var done []Finished
	for i := range 3 {
		s := d("2025-03-03").AddDate(0, 2*i, 0)
		done = append(done, Finished{Start: s, End: s.AddDate(0, 0, 84), History: synthHistory(s, 12, 500+200*float64(i), 12)})
	}
	shape, _ := FitShape(done)

	// A campaign following the surge to 1000 at the deadline, target 800:
	// surge(t) = 0.8 at t ≈ 0.936, i.e. day 79.
	trueDay := 0
	for i := 0; i <= 84; i++ {
		if 1000*surge(float64(i)/84) >= 800 {
			trueDay = i
			break
		}
	}
	h := synthHistory(start, 12, 1000, 6)
	asOf := h[len(h)-1].Date

	tests := []struct {
		name      string
		in        ForecastInput
		model     Model
		reachable bool
		near      time.Time // expected date
		tol       int       // days
		rating    Rating
	}{
		{
			name:  "shape model finds the surge",
			in:    ForecastInput{Start: start, Deadline: deadline, AsOf: asOf, History: h, Target: 800, Shape: shape},
			model: ModelShape, reachable: true, near: start.AddDate(0, 0, trueDay), tol: 3, rating: OnTrack,
		},
		{
			name:  "linear fallback is too pessimistic for a surging campaign",
			in:    ForecastInput{Start: start, Deadline: deadline, AsOf: asOf, History: h, Target: 800},
			model: ModelLinear, reachable: true, near: time.Time{}, rating: Unlikely,
		},
		{
			name: "linear on an even pace",
			in: ForecastInput{Start: start, Deadline: deadline, AsOf: start.AddDate(0, 0, 28), Target: 330,
				History: []Sample{{start.AddDate(0, 0, 14), 70}, {start.AddDate(0, 0, 28), 140}}},
			model: ModelLinear, reachable: true, near: start.AddDate(0, 0, 28+38), tol: 0, rating: OnTrack, // (330-140)/5 = 38 days
		},
		{
			name: "already reached",
			in: ForecastInput{Start: start, Deadline: deadline, AsOf: start.AddDate(0, 0, 21), Target: 100,
				History: []Sample{{start.AddDate(0, 0, 7), 50}, {start.AddDate(0, 0, 14), 120}, {start.AddDate(0, 0, 21), 130}}},
			model: ModelReached, reachable: true, near: start.AddDate(0, 0, 14), tol: 0, rating: OnTrack,
		},
		{
			name:  "no sign-ups",
			in:    ForecastInput{Start: start, Deadline: deadline, AsOf: start.AddDate(0, 0, 10), Target: 100},
			model: ModelNone, rating: Unlikely,
		},
		{
			name: "stalled after a first count: average pace since start",
			in: ForecastInput{Start: start, Deadline: deadline, AsOf: start.AddDate(0, 0, 42), Target: 200,
				History: []Sample{{start.AddDate(0, 0, 7), 30}, {start.AddDate(0, 0, 28), 84}, {start.AddDate(0, 0, 42), 84}}},
			model: ModelLinear, reachable: true, near: start.AddDate(0, 0, 42+58), tol: 0, rating: AtRisk, // 84/42 = 2 a day; 116/2 = 58
		},
		{
			name: "hopeless",
			in: ForecastInput{Start: start, Deadline: deadline, AsOf: start.AddDate(0, 0, 70), Target: 5000,
				History: []Sample{{start.AddDate(0, 0, 56), 10}, {start.AddDate(0, 0, 70), 12}}},
			model: ModelLinear, reachable: false, rating: Unlikely, // beyond the horizon
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Predict(tt.in)
			if f.Model != tt.model || f.Reachable != tt.reachable {
				t.Fatalf("Predict = %+v, want model %s reachable %v", f, tt.model, tt.reachable)
			}
			if !tt.near.IsZero() {
				if diff := DaysBetween(tt.near, f.Date); diff < -tt.tol || diff > tt.tol {
					t.Errorf("forecast %s, want %s ± %d days", f.Date.Format(time.DateOnly), tt.near.Format(time.DateOnly), tt.tol)
				}
			}
			if r := Rate(f, tt.in.Start, tt.in.Deadline); r != tt.rating {
				t.Errorf("Rate = %s, want %s (forecast %s)", r, tt.rating, f.Date.Format(time.DateOnly))
			}
		})
	}
}
