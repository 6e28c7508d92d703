package geo

import (
	"slices"
	"time"
)

// BenchRun is one method's timings in an overlay benchmark: the same
// number of passes over the same points for every method, summarised by
// the median (and min, max), never by the best pass.
type BenchRun struct {
	Method string // "engine", "go-geos prepared", "shapely", …
	Note   string // how it was run, for people (German), e.g. "1 Backend, ohne parallele Worker"
	Points int    // points per pass
	Passes []time.Duration
	// Unavailable is the reason the method did not run (German, for
	// people: "kein python3 mit shapely gefunden"); empty when it ran.
	Unavailable string
	// Mismatches counts the points whose areas differ from the engine's;
	// Checked is false when the method's answer was not compared.
	Mismatches int
	Checked    bool
	// Boundary counts (point, area) pairs the engine has and the method
	// leaves out because the point lies on the area's boundary (a peer
	// with contains semantics); they are not Mismatches.
	Boundary int
	// Hits counts the (point, area) pairs the method found.
	Hits int64
}

// Ran reports whether the method ran and has passes.
func (r BenchRun) Ran() bool { return r.Unavailable == "" && len(r.Passes) > 0 }

// Median is the median pass time (the mean of the middle two for an even
// number of passes); 0 without passes.
func (r BenchRun) Median() time.Duration {
	if len(r.Passes) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(r.Passes))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Min is the fastest pass; 0 without passes.
func (r BenchRun) Min() time.Duration {
	if len(r.Passes) == 0 {
		return 0
	}
	return slices.Min(r.Passes)
}

// Max is the slowest pass; 0 without passes.
func (r BenchRun) Max() time.Duration {
	if len(r.Passes) == 0 {
		return 0
	}
	return slices.Max(r.Passes)
}

// PPS is the throughput of the median pass in points per second; 0 when
// the method did not run.
func (r BenchRun) PPS() float64 {
	m := r.Median()
	if !r.Ran() || m <= 0 {
		return 0
	}
	return float64(r.Points) / m.Seconds()
}

// Compare counts the points whose areas in got differ from want (both
// per point, indices ascending) into r.Mismatches and sets r.Checked and
// r.Hits. A length difference counts every missing point.
func (r *BenchRun) Compare(got, want [][]int32) {
	r.Checked = true
	r.Mismatches, r.Hits = 0, 0
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) {
			r.Mismatches++
			continue
		}
		r.Hits += int64(len(got[i]))
		if !slices.Equal(got[i], want[i]) {
			r.Mismatches++
		}
	}
}

// timePasses runs f passes times and records each pass's wall time.
func timePasses(passes int, f func()) []time.Duration {
	d := make([]time.Duration, passes)
	for i := range d {
		start := time.Now()
		f()
		d[i] = time.Since(start)
	}
	return d
}
