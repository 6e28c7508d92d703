package geo

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geos"
)

// OverlayBench is the result of BenchOverlay.
type OverlayBench struct {
	Points, Polygons, Vertices int
	BuildTime                  time.Duration // NewIndex
	EnginePPS                  float64       // points per second, Index.AssignAll with one worker (batched lookups, results materialised), median pass
	LocatePPS                  float64       // points per second, Index.Locate point by point, median pass
	BaselinePPS                float64       // points per second, go-geos prepared Covers + bbox prefilter, median pass
	Ratio                      float64       // EnginePPS / BaselinePPS
	Workers                    int           // goroutines used for every figure (1: per core)
	Passes                     int           // passes per method
	Mismatches                 int           // points whose area lists differ between engine and baseline (or Locate)
	Hits                       int           // (point, area) pairs found by the engine
	// Assign is the engine's answer: per point, the indices of the areas
	// (of SyntheticBench's) that cover it, ascending.
	Assign [][]int32
	// Runs holds the passes of engine, engine Locate and go-geos prepared.
	Runs []BenchRun
}

func (b OverlayBench) String() string {
	return fmt.Sprintf("%d points × %d polygons × %d vertices: build %v, engine %.2f M points/s (Locate %.2f M/s), GEOS prepared baseline %.3f M points/s, ratio %.1f×, workers %d, median of %d passes, hits %d, mismatches %d",
		b.Points, b.Polygons, b.Vertices, b.BuildTime.Round(time.Millisecond), b.EnginePPS/1e6, b.LocatePPS/1e6, b.BaselinePPS/1e6, b.Ratio, b.Workers, b.Passes, b.Hits, b.Mismatches)
}

// BenchOverlay runs the overlay benchmark on synthetic data: it makes
// polygons wobbly star-shaped areas of vertices vertices each (some
// overlapping, some with holes, some with two parts) over a county-sized
// region around 48.5N 8E and points uniform over the region's box
// (deterministic from seed; see SyntheticAreas) and runs BenchInProcess
// on them with three passes per method.
func BenchOverlay(points, polygons, vertices int, seed int64) (OverlayBench, error) {
	if points < 1 || polygons < 1 || vertices < 3 {
		return OverlayBench{}, Errorf(EINVALID, "bench overlay: need points ≥ 1, polygons ≥ 1, vertices ≥ 3")
	}
	areas, pts := SyntheticBench(points, polygons, vertices, seed)
	res := OverlayBench{Points: points, Polygons: polygons, Vertices: vertices, Workers: 1, Passes: 3}
	ip, err := BenchInProcess(areas, pts, res.Passes)
	if err != nil {
		return res, err
	}
	res.BuildTime, res.Assign, res.Runs = ip.Build, ip.Assign, ip.Runs
	res.EnginePPS, res.LocatePPS, res.BaselinePPS = ip.Runs[0].PPS(), ip.Runs[2].PPS(), ip.Runs[3].PPS()
	res.Ratio = res.EnginePPS / res.BaselinePPS
	res.Hits = int(ip.Runs[0].Hits)
	res.Mismatches = ip.Runs[1].Mismatches + ip.Runs[2].Mismatches + ip.Runs[3].Mismatches
	return res, nil
}

// InProcessBench is the result of BenchInProcess.
type InProcessBench struct {
	Build    time.Duration // NewIndex
	BuildSub time.Duration // NewIndexWith(areas, IndexOptions{SubCells: true})
	// Runs are, in this order: the engine's bulk path (engineBulk), the
	// same on an index with sub-cells, the engine point by point
	// (Index.Locate) and go-geos prepared geometries.
	Runs []BenchRun
	// Assign is the engine's answer: per point, the indices (into areas)
	// of the areas that cover it, ascending.
	Assign [][]int32
}

// BenchInProcess builds the Index of areas and times, strictly on one
// core, the methods that run inside this process, each passes times over
// the same points:
//   - the engine's bulk path (engineBulk: one worker, into output buffers
//     sized by one call before the passes);
//   - the same on the index built with sub-cells (IndexOptions.SubCells),
//     which a caller locating many more points than one import would
//     build;
//   - the engine point by point (Index.Locate into one reused buffer);
//   - the go-geos baseline: a bbox prefilter, then one point geometry per
//     point and PrepGeom.Covers (a cgo call per point and area), results
//     materialised like the engine's.
//
// Strictly one core: runtime.GOMAXPROCS(1) for the whole call (restored
// afterwards), so that neither the engine nor the garbage collector uses a
// second core. The passes go round robin (engine, Locate, go-geos, engine,
// …), so that load from other processes hits every method alike; a
// runtime.GC before each pass, outside the timing, leaves no garbage of the
// previous one behind. The answers of Locate and go-geos are compared with
// the engine's (Mismatches, must be 0); Locate's outside the timing.
//
// The edge rule (a point on an edge is covered) holds in the coordinates
// given: areas and points must be in the same system, the one the overlay
// runs in (see overlayFrame).
func BenchInProcess(areas []Area, pts []orb.Point, passes int) (InProcessBench, error) {
	var res InProcessBench
	if len(areas) == 0 || len(pts) == 0 || passes < 1 {
		return res, Errorf(EINVALID, "bench overlay: need areas, points and passes ≥ 1")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	start := time.Now()
	ix, err := NewIndex(areas)
	if err != nil {
		return res, err
	}
	res.Build = time.Since(start)
	start = time.Now()
	sub, err := NewIndexWith(areas, IndexOptions{SubCells: true})
	if err != nil {
		return res, err
	}
	res.BuildSub = time.Since(start)
	base, err := newGEOSBaseline(areas)
	if err != nil {
		return res, err
	}

	const note = "1 Kern (GOMAXPROCS=1), 1 Worker"
	eng := BenchRun{Method: "engine", Note: note + ", LocateAll in wiederverwendete Puffer", Points: len(pts)}
	engSub := BenchRun{Method: "engine mit Teilzellen", Note: note + ", LocateAll, Index mit Teilzellen (IndexOptions.SubCells)", Points: len(pts)}
	loc := BenchRun{Method: "engine Locate", Note: note + ", Punkt für Punkt in einen Puffer", Points: len(pts)}
	gg := BenchRun{Method: "go-geos prepared", Note: note + ", bbox-Vorfilter, PrepGeom.Covers je Punkt (cgo)", Points: len(pts)}
	var geosAssign [][]int32
	var buf []int
	// The output buffers, sized by one call outside the timing: the
	// engine's passes reuse them as Reassign does, so that no pass pays for
	// growing them.
	counts := make([]int32, len(pts))
	areasBuf := engineBulk(ix, pts, counts, nil)
	countsSub := make([]int32, len(pts))
	areasSub := engineBulk(sub, pts, countsSub, nil)
	for range passes {
		runtime.GC()
		eng.Passes = append(eng.Passes, timePasses(1, func() { areasBuf = engineBulk(ix, pts, counts, areasBuf[:0]) })...)
		runtime.GC()
		engSub.Passes = append(engSub.Passes, timePasses(1, func() { areasSub = engineBulk(sub, pts, countsSub, areasSub[:0]) })...)
		runtime.GC()
		loc.Passes = append(loc.Passes, timePasses(1, func() {
			for _, p := range pts {
				buf = ix.Locate(p, buf[:0])
			}
		})...)
		geosAssign = nil
		runtime.GC()
		gg.Passes = append(gg.Passes, timePasses(1, func() { geosAssign = base.assignAll(pts) })...)
	}
	engine := perPoint(counts, areasBuf)
	eng.Compare(engine, engine)
	engSub.Compare(perPoint(countsSub, areasSub), engine)
	gg.Compare(geosAssign, engine)
	geosAssign = nil
	loc.Checked = true
	for i, p := range pts {
		buf = ix.Locate(p, buf[:0])
		loc.Hits += int64(len(buf))
		if !equalInts(buf, engine[i]) {
			loc.Mismatches++
		}
	}
	res.Runs = []BenchRun{eng, engSub, loc, gg}
	res.Assign = engine
	return res, nil
}

// SortHilbert returns a copy of pts sorted by their position on a
// Hilbert curve of 2¹⁶ × 2¹⁶ cells over bb (a point outside bb counts
// as in bb's nearest cell): points near each other come one after the other, as in an
// address file sorted by street, and the index's blocks are laid out
// along the same curve (buildGrid). Ties keep their order.
func SortHilbert(pts []orb.Point, bb orb.Bound) []orb.Point {
	if uint64(len(pts)) > math.MaxUint32 {
		panic("geo: SortHilbert: more than 2³² points")
	}
	// The curve position (below 2³², see hilbertBox) above the point's
	// index: one sort of plain integers, unique keys, ties in input order
	// (the stable sort of keyed points took 2 s for 1 M points).
	ks := make([]uint64, len(pts))
	b := box{bb.Min[0], bb.Min[1], bb.Max[0], bb.Max[1]}
	for i, p := range pts {
		ks[i] = hilbertBox(b, p[0], p[1])<<32 | uint64(i)
	}
	slices.Sort(ks)
	out := make([]orb.Point, len(pts))
	for i, k := range ks {
		out[i] = pts[uint32(k)]
	}
	return out
}

// engineBulk is the engine's bulk path as the benchmark times it: the
// streaming LocateAll on one goroutine, into buffers reused from pass to
// pass (as Reassign uses it). The one place to switch to another bulk API.
func engineBulk(ix *Index, pts []orb.Point, counts, areas []int32) []int32 {
	return ix.LocateAll(pts, counts, areas)
}

func equalInts(a []int, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != int(b[i]) {
			return false
		}
	}
	return true
}

// geosBaseline is the comparison method: per area a bounding box and a
// go-geos prepared geometry; per point one point geometry and Covers
// (never PrepGeom.ContainsXY/IntersectsXY, stubs on GEOS 3.11). Not safe for
// concurrent use: it owns one geos.Context.
type geosBaseline struct {
	ctx   *geos.Context
	boxes []box
	prep  []*geos.PrepGeom
}

func newGEOSBaseline(areas []Area) (*geosBaseline, error) {
	b := &geosBaseline{ctx: geos.NewContext()}
	for _, a := range areas {
		g, err := newGEOSMultiPolygon(b.ctx, a.Geometry)
		if err != nil {
			return nil, Errorf(EINVALID, "baseline: area %q: %w", a.Name, err)
		}
		bd := a.Geometry.Bound()
		b.boxes = append(b.boxes, box{bd.Min[0], bd.Min[1], bd.Max[0], bd.Max[1]})
		b.prep = append(b.prep, g.Prepare())
	}
	return b, nil
}

// assignAll locates every point, with the engine's result shape.
func (b *geosBaseline) assignAll(pts []orb.Point) [][]int32 {
	out := make([][]int32, len(pts))
	var got []int
	for i, p := range pts {
		got = b.locate(p, got[:0])
		if len(got) > 0 {
			a := make([]int32, len(got))
			for j, v := range got {
				a[j] = int32(v)
			}
			out[i] = a
		}
	}
	return out
}

func (b *geosBaseline) locate(p orb.Point, dst []int) []int {
	var pt *geos.Geom
	for i, bx := range b.boxes {
		if p[0] < bx.minX || p[0] > bx.maxX || p[1] < bx.minY || p[1] > bx.maxY {
			continue
		}
		if pt == nil {
			pt = b.ctx.NewPointFromXY(p[0], p[1])
		}
		if b.prep[i].Covers(pt) {
			dst = append(dst, i)
		}
	}
	return dst
}

// CompareInterior is BenchRun.Compare for a method with contains
// semantics, where a point on an area's boundary is not in the area: a
// (point, area) pair that want has and got lacks counts in r.Boundary when
// the point lies on that area's boundary (GEOS Touches), as a mismatch
// otherwise; so does any pair got has and want lacks. areas and pts are
// the data both answers refer to, in the system the answers were found in.
func (r *BenchRun) CompareInterior(got, want [][]int32, areas []Area, pts []orb.Point) error {
	r.Compare(got, want)
	r.Boundary = 0
	if r.Mismatches == 0 {
		return nil
	}
	if len(got) != len(pts) || len(want) != len(pts) {
		return nil // Compare counted the missing points
	}
	ctx := geos.NewContext()
	geoms := map[int32]*geos.Geom{}
	r.Mismatches = 0
	for i, p := range pts {
		g, w := got[i], want[i]
		if slices.Equal(g, w) {
			continue
		}
		bad, onEdge := false, 0
		for _, a := range g {
			bad = bad || !slices.Contains(w, a)
		}
		for _, a := range w {
			if slices.Contains(g, a) {
				continue
			}
			gm, ok := geoms[a]
			if !ok {
				var err error
				if gm, err = newGEOSMultiPolygon(ctx, areas[a].Geometry); err != nil {
					return Errorf(EINVALID, "bench overlay: area %q: %w", areas[a].Name, err)
				}
				geoms[a] = gm
			}
			if gm.Touches(ctx.NewPointFromXY(p[0], p[1])) {
				onEdge++
			} else {
				bad = true
			}
		}
		if bad {
			r.Mismatches++
		} else {
			r.Boundary += onEdge
		}
	}
	return nil
}
