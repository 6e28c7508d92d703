package geo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestBenchRunStats(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		d := make([]time.Duration, len(v))
		for i, x := range v {
			d[i] = time.Duration(x) * time.Millisecond
		}
		return d
	}
	for _, tc := range []struct {
		name               string
		run                BenchRun
		median, minD, maxD time.Duration
		pps                float64
		ran                bool
	}{
		{"odd", BenchRun{Points: 1000, Passes: ms(30, 10, 20)}, 20 * time.Millisecond, 10 * time.Millisecond, 30 * time.Millisecond, 50_000, true},
		{"even", BenchRun{Points: 1000, Passes: ms(40, 10, 20, 30)}, 25 * time.Millisecond, 10 * time.Millisecond, 40 * time.Millisecond, 40_000, true},
		{"one", BenchRun{Points: 500, Passes: ms(100)}, 100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond, 5_000, true},
		{"no passes", BenchRun{Points: 500}, 0, 0, 0, 0, false},
		{"unavailable", BenchRun{Points: 500, Passes: ms(10), Unavailable: "kein shapely"}, 10 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.run
			if r.Median() != tc.median || r.Min() != tc.minD || r.Max() != tc.maxD || r.PPS() != tc.pps || r.Ran() != tc.ran {
				t.Errorf("median %v min %v max %v pps %v ran %v, want %v %v %v %v %v",
					r.Median(), r.Min(), r.Max(), r.PPS(), r.Ran(), tc.median, tc.minD, tc.maxD, tc.pps, tc.ran)
			}
		})
	}
}

func TestBenchRunCompare(t *testing.T) {
	want := [][]int32{{0}, {0, 1}, nil, {1}}
	var r BenchRun
	r.Compare([][]int32{{0}, {0, 1}, nil, {1}}, want)
	if !r.Checked || r.Mismatches != 0 || r.Hits != 4 {
		t.Errorf("equal: %+v", r)
	}
	r.Compare([][]int32{{0}, {1}, {0}}, want)
	if r.Mismatches != 3 || r.Hits != 3 {
		t.Errorf("two differ, one missing: %+v", r)
	}
}

// TestBenchRunCompareInterior checks that a peer with contains semantics
// is not blamed for a point on an area's edge, but is for any other
// difference.
func TestBenchRunCompareInterior(t *testing.T) {
	sq := func(x0, y0 float64) Area {
		return Area{Name: "q", Geometry: orb.MultiPolygon{{{{x0, y0}, {x0 + 1, y0}, {x0 + 1, y0 + 1}, {x0, y0 + 1}, {x0, y0}}}}}
	}
	areas := []Area{sq(0, 0), sq(1, 0)}
	pts := []orb.Point{{0.5, 0.5}, {1, 0.5}, {0, 0}, {1.5, 0.5}, {0.5, 0.5}}
	want := [][]int32{{0}, {0, 1}, {0}, {1}, {0}}
	got := [][]int32{{0}, nil, nil, {1}, {0, 1}} // point 1 on the shared edge, point 2 on a corner: left out; point 4: a wrong extra area
	var r BenchRun
	if err := r.CompareInterior(got, want, areas, pts); err != nil {
		t.Fatal(err)
	}
	if r.Boundary != 3 || r.Mismatches != 1 {
		t.Errorf("boundary %d, mismatches %d; want 3, 1", r.Boundary, r.Mismatches)
	}
	got[0] = nil // an interior point left out
	if err := r.CompareInterior(got, want, areas, pts); err != nil {
		t.Fatal(err)
	}
	if r.Boundary != 3 || r.Mismatches != 2 {
		t.Errorf("boundary %d, mismatches %d; want 3, 2", r.Boundary, r.Mismatches)
	}
}

// TestBenchInProcess checks the bookkeeping: every in-process method gets
// the same number of passes over the same points, its answer is checked
// against the engine's, and GOMAXPROCS is back afterwards.
func TestBenchInProcess(t *testing.T) {
	areas, pts := SyntheticBench(5000, 6, 120, 3)
	// Points on vertices: on the boundary, covered.
	for _, a := range areas[:3] {
		pts = append(pts, a.Geometry[0][0][0], a.Geometry[0][0][5])
	}
	before := runtime.GOMAXPROCS(0)
	res, err := BenchInProcess(areas, pts, 4)
	if err != nil {
		t.Fatal(err)
	}
	if after := runtime.GOMAXPROCS(0); after != before {
		t.Errorf("GOMAXPROCS %d after the bench, %d before", after, before)
	}
	if len(res.Runs) != 4 || res.Build <= 0 || res.BuildSub <= 0 || len(res.Assign) != len(pts) {
		t.Fatalf("result %d runs, build %v (with sub-cells %v), %d answers", len(res.Runs), res.Build, res.BuildSub, len(res.Assign))
	}
	for _, r := range res.Runs {
		if len(r.Passes) != 4 || r.Points != len(pts) || !r.Checked || r.Mismatches != 0 || r.Hits == 0 || r.PPS() <= 0 {
			t.Errorf("%s: %d passes, %d points, checked %v, %d mismatches, %d hits", r.Method, len(r.Passes), r.Points, r.Checked, r.Mismatches, r.Hits)
		}
	}
	for i := range 6 {
		if len(res.Assign[5000+i]) == 0 {
			t.Errorf("vertex point %d covered by no area", i)
		}
	}
	if _, err := BenchInProcess(areas, pts, 0); ErrorCode(err) != EINVALID {
		t.Errorf("0 passes: err %v, want %s", err, EINVALID)
	}
}

// TestLoadBenchCaseReal loads the real-data cases from ../shared/data: the
// 581 Hamburg schools (EPSG:25832) against the 99 Stadtteile of the OSM
// export (WGS84, so the overlay runs in WGS84): 566 of them fall in one
// (see the folder's README), the engine and go-geos agree. And Cologne's
// 86 Stadtteile with uniform points.
func TestLoadBenchCaseReal(t *testing.T) {
	const dir = "../../shared/data/"
	hh, err := LoadBenchCase(dir+"hamburg/hamburg.geojson", ParseOptions{Where: map[string]string{"admin_level": "10"}}, dir+"hamburg/schulen.gml", 0, 1)
	if ErrorCode(err) == EINVALID && !fileExists(dir+"hamburg/hamburg.geojson") {
		t.Skip("no ../shared/data:", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(hh.Areas) != 99 || len(hh.Points) != 581 || hh.Frame != 0 {
		t.Fatalf("Hamburg: %d areas, %d points, frame %v", len(hh.Areas), len(hh.Points), hh.Frame)
	}
	res, err := BenchInProcess(hh.Areas, hh.Points, 1)
	if err != nil {
		t.Fatal(err)
	}
	if h := res.Runs[0].Hits; h != 566 || res.Runs[1].Mismatches != 0 || res.Runs[3].Mismatches != 0 {
		t.Errorf("Hamburg: %d hits (want 566), %d sub-cell and %d go-geos mismatches", h, res.Runs[1].Mismatches, res.Runs[3].Mismatches)
	}

	k, err := LoadBenchCase(dir+"koeln/stadtteile.kml", ParseOptions{}, "", 2000, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Areas) != 86 || len(k.Points) != 2000 || k.Vertices < 38_000 {
		t.Errorf("Köln: %d areas, %d points, %d vertices", len(k.Areas), len(k.Points), k.Vertices)
	}
}

func fileExists(name string) bool { _, err := os.Stat(name); return err == nil }

// TestSortHilbert: a permutation of the points, in curve order, each
// point next to the one before it on a fine grid.
func TestSortHilbert(t *testing.T) {
	bb := orb.Bound{Min: orb.Point{6.8, 50.8}, Max: orb.Point{7.2, 51.1}}
	rng := rand.New(rand.NewPCG(3, 4))
	pts := make([]orb.Point, 0, 4096+3)
	for range 4096 {
		pts = append(pts, orb.Point{bb.Min[0] + 0.4*rng.Float64(), bb.Min[1] + 0.3*rng.Float64()})
	}
	pts = append(pts, orb.Point{0, 0}, orb.Point{90, 90}, bb.Max) // outside: clamped, kept
	// Ties (one cell of the curve) keep their order: x falls as they come.
	tie := orb.Point{7.000003, 50.9} // inside a cell, not on its edge
	for i := range 5 {
		pts = append(pts, orb.Point{tie[0] - float64(i)*1e-9, tie[1]})
	}
	got := SortHilbert(pts, bb)
	var ties []orb.Point
	for _, p := range got {
		if math.Abs(p[0]-tie[0]) < 1e-8 && p[1] == tie[1] {
			ties = append(ties, p)
		}
	}
	if len(ties) != 5 || !slices.IsSortedFunc(ties, func(a, b orb.Point) int { return cmp.Compare(b[0], a[0]) }) {
		t.Errorf("ties out of input order: %v", ties)
	}
	if len(got) != len(pts) {
		t.Fatalf("%d points, want %d", len(got), len(pts))
	}
	b := box{bb.Min[0], bb.Min[1], bb.Max[0], bb.Max[1]}
	for i := 1; i < len(got); i++ {
		if hilbertBox(b, got[i-1][0], got[i-1][1]) > hilbertBox(b, got[i][0], got[i][1]) {
			t.Fatalf("points %d and %d out of curve order: %v, %v", i-1, i, got[i-1], got[i])
		}
	}
	key := func(p orb.Point) [2]float64 { return [2]float64{p[0], p[1]} }
	seen := map[[2]float64]int{}
	for _, p := range pts {
		seen[key(p)]++
	}
	for _, p := range got {
		seen[key(p)]--
	}
	for p, n := range seen {
		if n != 0 {
			t.Errorf("point %v: count differs by %d", p, n)
		}
	}
	// Sorted, the walk from point to point is much shorter than in random
	// order: the property the benchmark's sorted case stands for.
	walk := func(ps []orb.Point) (d float64) {
		var prev orb.Point
		for i, p := range slices.DeleteFunc(slices.Clone(ps), func(p orb.Point) bool { return !bb.Contains(p) }) {
			if i > 0 {
				d += math.Hypot(p[0]-prev[0], p[1]-prev[1])
			}
			prev = p
		}
		return d
	}
	if r, s := walk(pts), walk(got); s*10 > r {
		t.Errorf("walk sorted %.3f, random %.3f: want at least 10× shorter", s, r)
	}
}
