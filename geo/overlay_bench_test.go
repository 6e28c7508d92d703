package geo

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// Benchmark sizes: 1M points against 50 polygons of 1,000 vertices.
const (
	benchPoints   = 1_000_000
	benchPolygons = 50
	benchVertices = 1000
)

func benchData(tb testing.TB) ([]Area, []orb.Point) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 0x6f7665726c6179))
	return SyntheticAreas(rng, benchPolygons, benchVertices), SyntheticPoints(rng, benchPoints)
}

// BenchmarkOverlay times Index.AssignAll with one worker, the bulk path
// (build outside the timer, reported as build-ms).
func BenchmarkOverlay(b *testing.B) {
	areas, pts := benchData(b)
	start := time.Now()
	ix, err := NewIndex(areas)
	if err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	hits := 0
	b.ResetTimer()
	for range b.N {
		res := ix.AssignAll(pts, 1)
		hits = len(res)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)*float64(len(pts))/b.Elapsed().Seconds(), "points/s")
	b.ReportMetric(float64(build.Microseconds())/1e3, "build-ms")
	b.ReportMetric(0, "ns/op")
	_ = hits
}

// BenchmarkOverlayLocate times Index.Locate point by point on one
// goroutine.
func BenchmarkOverlayLocate(b *testing.B) {
	areas, pts := benchData(b)
	start := time.Now()
	ix, err := NewIndex(areas)
	if err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	var buf []int
	hits := 0
	b.ResetTimer()
	for range b.N {
		hits = 0
		for _, p := range pts {
			buf = ix.Locate(p, buf[:0])
			hits += len(buf)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)*float64(len(pts))/b.Elapsed().Seconds(), "points/s")
	b.ReportMetric(float64(build.Microseconds())/1e3, "build-ms")
	b.ReportMetric(float64(hits)/float64(len(pts)), "hits/point")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkOverlayParallel times AssignAll with GOMAXPROCS workers.
func BenchmarkOverlayParallel(b *testing.B) {
	areas, pts := benchData(b)
	ix, err := NewIndex(areas)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		ix.AssignAll(pts, 0)
	}
	b.ReportMetric(float64(b.N)*float64(len(pts))/b.Elapsed().Seconds(), "points/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkOverlayBaselineGEOS times the go-geos prepared geometry baseline
// (bbox prefilter, a point geometry per point, PrepGeom.Covers) on one
// goroutine.
func BenchmarkOverlayBaselineGEOS(b *testing.B) {
	areas, pts := benchData(b)
	base, err := newGEOSBaseline(areas)
	if err != nil {
		b.Fatal(err)
	}
	var buf []int
	b.ResetTimer()
	for range b.N {
		for _, p := range pts {
			buf = base.locate(p, buf[:0])
		}
	}
	b.ReportMetric(float64(b.N)*float64(len(pts))/b.Elapsed().Seconds(), "points/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkOverlayBuild times NewIndex on the synthetic bench data, without
// and with sub-cells.
func BenchmarkOverlayBuild(b *testing.B) {
	areas, _ := benchData(b)
	for _, opt := range []struct {
		name string
		opt  IndexOptions
	}{{"plain", IndexOptions{}}, {"subcells", IndexOptions{SubCells: true}}} {
		b.Run(opt.name, func(b *testing.B) {
			for range b.N {
				if _, err := NewIndexWith(areas, opt.opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// queryCase is a point set for the query benchmarks: the index and the
// points, in the order a caller would pass them.
type queryCase struct {
	name     string
	ix       *Index
	pts      []orb.Point
	bulkOnly bool // only LocateAll is timed
}

var (
	queryCasesOnce sync.Once
	queryCasesVal  []queryCase
)

// queryCases returns the benchmark cases, built once per process: the
// synthetic bench data (50 polygons of 1,000 vertices, 1M points uniform
// over the box) and the Cologne districts with 1M points in their box,
// each in random order, sorted along a Hilbert curve, and (Cologne) as
// "streets": short runs of nearby points, the runs in random order, as an
// address file sorted by street name gives them; then the same with
// indexes built with sub-cells (IndexOptions.SubCells), LocateAll only.
func queryCases(tb testing.TB) []queryCase {
	tb.Helper()
	queryCasesOnce.Do(func() {
		areas, pts := benchData(tb)
		synIx, err := NewIndex(areas)
		if err != nil {
			tb.Fatal(err)
		}
		cologne := MustLoadCologneDistricts(tb)
		colIx, err := NewIndex(cologne)
		if err != nil {
			tb.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(9, 9))
		bb := colIx.bound()
		colPts := randomPoints(rng, benchPoints, bb.Min[0], bb.Min[1], bb.Max[0], bb.Max[1])
		synSub, err := NewIndexWith(areas, IndexOptions{SubCells: true})
		if err != nil {
			tb.Fatal(err)
		}
		colSub, err := NewIndexWith(cologne, IndexOptions{SubCells: true})
		if err != nil {
			tb.Fatal(err)
		}
		synHilbert := SortHilbert(pts, synIx.bound())
		colHilbert := SortHilbert(colPts, bb)
		colStreets := streetPoints(rng, benchPoints, bb)
		queryCasesVal = []queryCase{
			{"synthetic/random", synIx, pts, false},
			{"synthetic/hilbert", synIx, synHilbert, false},
			{"cologne/random", colIx, colPts, false},
			{"cologne/hilbert", colIx, colHilbert, false},
			{"cologne/streets", colIx, colStreets, false},
			// The same points, indexes with sub-cells (bulk path only).
			{"synthetic+sub/random", synSub, pts, true},
			{"synthetic+sub/hilbert", synSub, synHilbert, true},
			{"cologne+sub/random", colSub, colPts, true},
			{"cologne+sub/hilbert", colSub, colHilbert, true},
			{"cologne+sub/streets", colSub, colStreets, true},
		}
	})
	if queryCasesVal == nil {
		tb.Fatal("query cases failed to build")
	}
	return queryCasesVal
}

// bound returns the box of the index's grid.
func (ix *Index) bound() orb.Bound {
	return orb.Bound{Min: orb.Point{ix.minX, ix.minY}, Max: orb.Point{ix.maxX, ix.maxY}}
}

// streetPoints returns n points in bb as runs of 5–60 "houses" about
// 15 m apart along a straight street in a random direction, each street
// starting at a random place: the order of an address file sorted by
// street name.
func streetPoints(rng *rand.Rand, n int, bb orb.Bound) []orb.Point {
	const step = 15.0 / 111_000 // degrees, roughly
	pts := make([]orb.Point, 0, n)
	for len(pts) < n {
		x := bb.Min[0] + (bb.Max[0]-bb.Min[0])*rng.Float64()
		y := bb.Min[1] + (bb.Max[1]-bb.Min[1])*rng.Float64()
		dir := 2 * math.Pi * rng.Float64()
		dx, dy := step*math.Cos(dir)*1.5, step*math.Sin(dir) // 1.5: longitude degrees are shorter
		for range min(5+rng.IntN(56), n-len(pts)) {
			pts = append(pts, orb.Point{x, y})
			x += dx * (0.7 + 0.6*rng.Float64())
			y += dy * (0.7 + 0.6*rng.Float64())
		}
	}
	return pts
}

// reportPPS reports points per second of wall time and of process CPU
// time since cpu0 (cpuNow at the start of the timed loop).
func reportPPS(b *testing.B, n int, cpu0 time.Duration) {
	pts := float64(b.N) * float64(n)
	b.ReportMetric(pts/b.Elapsed().Seconds(), "points/s")
	if cpu := cpuNow() - cpu0; cpu0 > 0 && cpu > 0 {
		b.ReportMetric(pts/cpu.Seconds(), "points/cpu-s")
	}
	b.ReportMetric(0, "ns/op")
}

// BenchmarkOverlayQuery times the query paths on one goroutine over the
// query cases: LocateAll streaming into reused buffers, AssignAll with one
// worker (results materialised as [][]int32), Locate point by point, and
// the AssignAll and Locate of commit d0e8cee (legacy*, the baseline).
func BenchmarkOverlayQuery(b *testing.B) {
	for _, qc := range queryCases(b) {
		b.Run(qc.name+"/LocateAll", func(b *testing.B) {
			counts := make([]int32, len(qc.pts))
			areas := qc.ix.LocateAll(qc.pts, counts, nil)
			b.ResetTimer()
			cpu0 := cpuNow()
			for range b.N {
				areas = qc.ix.LocateAll(qc.pts, counts, areas[:0])
			}
			reportPPS(b, len(qc.pts), cpu0)
			b.ReportMetric(float64(len(areas))/float64(len(qc.pts)), "hits/point")
		})
		if qc.bulkOnly {
			continue
		}
		b.Run(qc.name+"/AssignAll", func(b *testing.B) {
			cpu0 := cpuNow()
			for range b.N {
				qc.ix.AssignAll(qc.pts, 1)
			}
			reportPPS(b, len(qc.pts), cpu0)
		})
		b.Run(qc.name+"/LegacyAssignAll", func(b *testing.B) {
			cpu0 := cpuNow()
			for range b.N {
				qc.ix.legacyAssignAll(qc.pts, 1)
			}
			reportPPS(b, len(qc.pts), cpu0)
		})
		b.Run(qc.name+"/Locate", func(b *testing.B) {
			buf := make([]int, 0, 64)
			cpu0 := cpuNow()
			for range b.N {
				for _, p := range qc.pts {
					buf = qc.ix.Locate(p, buf[:0])
				}
			}
			reportPPS(b, len(qc.pts), cpu0)
		})
		b.Run(qc.name+"/LegacyLocate", func(b *testing.B) {
			buf := make([]int, 0, 64)
			cpu0 := cpuNow()
			for range b.N {
				for _, p := range qc.pts {
					buf = qc.ix.legacyLocate(p, buf[:0])
				}
			}
			reportPPS(b, len(qc.pts), cpu0)
		})
	}
}
