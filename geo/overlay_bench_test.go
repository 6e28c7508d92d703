package geo

import (
	"math/rand/v2"
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

// BenchmarkOverlayBuild times NewIndex.
func BenchmarkOverlayBuild(b *testing.B) {
	areas, _ := benchData(b)
	for range b.N {
		if _, err := NewIndex(areas); err != nil {
			b.Fatal(err)
		}
	}
}
