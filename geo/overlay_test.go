package geo

import (
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/twpayne/go-geos"
)

// MustLoadCologneDistricts reads the 9 Cologne Stadtbezirke fixture
// (Stadt Köln, CC-BY) as district areas, in file order.
func MustLoadCologneDistricts(tb testing.TB) []Area {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "overlay", "stadtbezirke.geojson"))
	if err != nil {
		tb.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		tb.Fatal(err)
	}
	var areas []Area
	for i, f := range fc.Features {
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		default:
			tb.Fatalf("feature %d: unexpected geometry %T", i, g)
		}
		areas = append(areas, Area{ID: int64(i + 1), Kind: KindDistrict, Name: f.Properties.MustString("STB_NAME"), Geometry: mp})
	}
	if len(areas) != 9 {
		tb.Fatalf("got %d districts, want 9", len(areas))
	}
	return areas
}

// geosReference locates points with unprepared go-geos geometries, one
// point geometry per test: the reference the engine must match exactly.
// It splits the points over goroutines, each with its own geos.Context.
func geosReference(tb testing.TB, areas []Area, pts []orb.Point, prepared bool) [][]int {
	tb.Helper()
	out := make([][]int, len(pts))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			ctx := geos.NewContext()
			gs := make([]*geos.Geom, len(areas))
			ps := make([]*geos.PrepGeom, len(areas))
			for i, a := range areas {
				g, err := newGEOSMultiPolygon(ctx, a.Geometry)
				if err != nil {
					errs[w] = err
					return
				}
				gs[i] = g
				if prepared {
					ps[i] = g.Prepare()
				}
			}
			for k := w; k < len(pts); k += workers {
				pt := ctx.NewPointFromXY(pts[k][0], pts[k][1])
				var r []int
				for i := range areas {
					var ok bool
					if prepared {
						ok = ps[i].Covers(pt)
					} else {
						ok = gs[i].Covers(pt)
					}
					if ok {
						r = append(r, i)
					}
				}
				out[k] = r
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// vertexAndEdgePoints returns every vertex of the areas and the
// floating-point midpoint of every edge.
func vertexAndEdgePoints(areas []Area) []orb.Point {
	var pts []orb.Point
	for _, a := range areas {
		for _, poly := range a.Geometry {
			for _, ring := range poly {
				for i, p := range ring {
					pts = append(pts, p)
					q := ring[(i+1)%len(ring)]
					pts = append(pts, orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2})
				}
			}
		}
	}
	return pts
}

// holePoints returns the vertices and edge midpoints of the holes only,
// and points just inside and outside them.
func holePoints(areas []Area) []orb.Point {
	var pts []orb.Point
	for _, a := range areas {
		for _, poly := range a.Geometry {
			for _, ring := range poly[1:] {
				for i, p := range ring {
					q := ring[(i+1)%len(ring)]
					pts = append(pts, p, orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2},
						orb.Point{math.Nextafter(p[0], math.Inf(1)), p[1]},
						orb.Point{math.Nextafter(p[0], math.Inf(-1)), p[1]},
						orb.Point{p[0], math.Nextafter(p[1], math.Inf(1))})
				}
			}
		}
	}
	return pts
}

func randomPoints(rng *rand.Rand, n int, minX, minY, maxX, maxY float64) []orb.Point {
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{minX + (maxX-minX)*rng.Float64(), minY + (maxY-minY)*rng.Float64()}
	}
	return pts
}

// gridLinePoints returns points exactly on the fine-grid lines of ix near
// the areas' vertices: the places where a sloppy cell classification or
// point → cell mapping would go wrong.
func gridLinePoints(ix *Index, areas []Area, rng *rand.Rand, n int) []orb.Point {
	return gridLinePointsBy(ix, areas, rng, n, 1)
}

// subGridLinePoints is gridLinePoints on the lines between sub-cells
// (overlay_sub.go).
func subGridLinePoints(ix *Index, areas []Area, rng *rand.Rand, n int) []orb.Point {
	return gridLinePointsBy(ix, areas, rng, n, subSide)
}

// gridLinePointsBy is gridLinePoints on a grid div times finer.
func gridLinePointsBy(ix *Index, areas []Area, rng *rand.Rand, n, div int) []orb.Point {
	verts := vertexAndEdgePoints(areas)
	pts := make([]orb.Point, 0, n)
	inv, h := ix.inv*float64(div), ix.h/float64(div)
	for range n {
		v := verts[rng.IntN(len(verts))]
		gx := math.Floor((v[0]-ix.minX)*inv) + float64(rng.IntN(3*div))
		gy := math.Floor((v[1]-ix.minY)*inv) + float64(rng.IntN(3*div))
		x, y := ix.minX+gx*h, ix.minY+gy*h
		switch rng.IntN(3) {
		case 0:
			pts = append(pts, orb.Point{x, v[1]})
		case 1:
			pts = append(pts, orb.Point{v[0], y})
		default:
			pts = append(pts, orb.Point{x, y})
		}
	}
	return pts
}

func checkAgainst(t *testing.T, ix *Index, areas []Area, pts []orb.Point, want [][]int) {
	t.Helper()
	bad := 0
	var got []int
	for i, p := range pts {
		got = ix.Locate(p, got[:0])
		if !slices.Equal(got, want[i]) {
			if bad < 10 {
				t.Errorf("point %d (%.17g, %.17g): engine %v, GEOS %v", i, p[0], p[1], got, want[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d points differ from GEOS", bad, len(pts))
	}
	// LocateAll and AssignAll must agree with Locate.
	counts := make([]int32, len(pts))
	flat := ix.LocateAll(pts, counts, nil)
	off := 0
	for i, c := range counts {
		g := flat[off : off+int(c)]
		off += int(c)
		if !slices.EqualFunc(g, want[i], func(a int32, b int) bool { return int(a) == b }) {
			t.Fatalf("LocateAll point %d: %v, want %v", i, g, want[i])
		}
	}
	all := ix.AssignAll(pts, 3)
	for i := range pts {
		w := want[i]
		g := all[i]
		if len(g) != len(w) {
			t.Fatalf("AssignAll point %d: %v, want %v", i, g, w)
		}
		for k := range g {
			if int(g[k]) != w[k] {
				t.Fatalf("AssignAll point %d: %v, want %v", i, g, w)
			}
		}
	}
}

// latticeAreas are axis-aligned and diagonal polygons on exactly
// representable coordinates (multiples of 2⁻¹⁰ around 7.5E 48N), with
// horizontal and vertical edges, a hole, a shared edge, long diagonals and
// an overlap; latticePoints hits their vertices and edges exactly.
func latticeAreas() []Area {
	c := func(u, v float64) orb.Point { return orb.Point{7.5 + u/128, 48 + v/128} }
	ring := func(uv ...float64) orb.Ring {
		var r orb.Ring
		for i := 0; i < len(uv); i += 2 {
			r = append(r, c(uv[i], uv[i+1]))
		}
		return append(r, r[0])
	}
	return []Area{
		{Kind: KindDistrict, Name: "square with hole", Geometry: orb.MultiPolygon{{
			ring(0, 0, 4, 0, 4, 4, 0, 4), ring(1, 1, 1, 2, 2, 2, 2, 1)}}},
		{Kind: KindDistrict, Name: "L", Geometry: orb.MultiPolygon{{
			ring(4, 0, 8, 0, 8, 2, 6, 2, 6, 4, 4, 4)}}},
		{Kind: KindZone, Name: "triangle", Geometry: orb.MultiPolygon{{
			ring(0, 4, 8, 4, 0, 8)}}},
		{Kind: KindZone, Name: "overlap", Geometry: orb.MultiPolygon{{
			ring(3, 3, 5, 3, 5, 5, 3, 5)}}},
		{Kind: KindBuildArea, Name: "two parts, open rings", Geometry: orb.MultiPolygon{
			{ring(-1, -1, -0.5, -1, -0.5, 9)[:3]},
			{ring(8.5, 0, 9, 9, 8.5, 9)}}},
		{Kind: KindBuildArea, Name: "empty"},
	}
}

// invalidAreas are geometries that are not OGC-valid but occur in real
// files: a bow tie, a repeated vertex, a spike. Unprepared GEOS may throw a
// TopologyException on them; the engine must answer as prepared GEOS does.
// (For overlapping parts and holes outside their shell, prepared GEOS
// counts crossings over all rings together while the engine, like GEOS's
// PointLocator, takes the union of the polygons; see
// TestIndexInvalidPolygons.)
func invalidAreas() []Area {
	c := func(u, v float64) orb.Point { return orb.Point{7.5 + u/128, 48 + v/128} }
	ring := func(uv ...float64) orb.Ring {
		var r orb.Ring
		for i := 0; i < len(uv); i += 2 {
			r = append(r, c(uv[i], uv[i+1]))
		}
		return append(r, r[0])
	}
	return []Area{
		{Kind: KindZone, Name: "bow tie", Geometry: orb.MultiPolygon{{ring(0, 0, 4, 4, 4, 0, 0, 4)}}},
		{Kind: KindZone, Name: "repeated vertex and spike", Geometry: orb.MultiPolygon{{
			ring(5, 0, 8, 0, 8, 0, 8, 2, 9, 2, 8, 2, 8, 4, 5, 4)}}},
	}
}

func latticePoints() []orb.Point {
	var pts []orb.Point
	for u := -1.5; u <= 9.5; u += 1.0 / 8 {
		for v := -1.5; v <= 9.5; v += 1.0 / 8 {
			pts = append(pts, orb.Point{7.5 + u/128, 48 + v/128})
		}
	}
	return pts
}

func TestIndexMatchesGEOS(t *testing.T) {
	nRandom := 100_000
	if testing.Short() {
		nRandom = 20_000
	}
	rng := rand.New(rand.NewPCG(7, 7))
	syn := SyntheticAreas(rng, 14, 300)
	cologne := MustLoadCologneDistricts(t)
	cb := orb.MultiPolygon{}
	for _, a := range cologne {
		cb = append(cb, a.Geometry...)
	}
	cbb := cb.Bound()

	synIx, err := NewIndex(syn)
	if err != nil {
		t.Fatal(err)
	}
	colIx, err := NewIndex(cologne)
	if err != nil {
		t.Fatal(err)
	}
	lattice := latticeAreas()
	latIx, err := NewIndex(lattice)
	if err != nil {
		t.Fatal(err)
	}
	sub := IndexOptions{SubCells: true}
	synSub, err := NewIndexWith(syn, sub)
	if err != nil {
		t.Fatal(err)
	}
	colSub, err := NewIndexWith(cologne, sub)
	if err != nil {
		t.Fatal(err)
	}
	latSub, err := NewIndexWith(lattice, sub)
	if err != nil {
		t.Fatal(err)
	}
	invalid := invalidAreas()
	invIx, err := NewIndex(invalid)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		areas    []Area
		ix       *Index
		points   []orb.Point
		prepared bool // reference: prepared instead of unprepared geometry
	}{
		{name: "lattice/exact points", areas: lattice, ix: latIx, points: latticePoints()},
		{name: "lattice/grid lines", areas: lattice, ix: latIx,
			points: gridLinePoints(latIx, lattice[:5], rng, 5_000)},
		{name: "invalid/exact points prepared reference", areas: invalid, ix: invIx, points: latticePoints(), prepared: true},
		{name: "synthetic/random", areas: syn, ix: synIx,
			points: SyntheticPoints(rng, nRandom)},
		{name: "synthetic/vertices and edge midpoints", areas: syn, ix: synIx,
			points: vertexAndEdgePoints(syn)},
		{name: "synthetic/hole boundaries", areas: syn, ix: synIx,
			points: holePoints(syn)},
		{name: "synthetic/grid lines", areas: syn, ix: synIx,
			points: gridLinePoints(synIx, syn, rng, 8_000)},
		{name: "synthetic/sub-cell lines", areas: syn, ix: synIx,
			points: subGridLinePoints(synIx, syn, rng, 8_000)},
		{name: "synthetic/sub-cell lines, sub-cells", areas: syn, ix: synSub,
			points: subGridLinePoints(synIx, syn, rng, 8_000)},
		{name: "synthetic/random, sub-cells", areas: syn, ix: synSub,
			points: SyntheticPoints(rng, nRandom)},
		{name: "synthetic/random prepared reference", areas: syn, ix: synIx,
			points: SyntheticPoints(rng, nRandom), prepared: true},
		{name: "cologne/random", areas: cologne, ix: colIx,
			points: randomPoints(rng, nRandom/10, cbb.Min[0], cbb.Min[1], cbb.Max[0], cbb.Max[1])},
		{name: "cologne/vertices and edge midpoints", areas: cologne, ix: colIx,
			points: vertexAndEdgePoints(cologne)},
		{name: "cologne/grid lines", areas: cologne, ix: colIx,
			points: gridLinePoints(colIx, cologne, rng, 5_000)},
		{name: "cologne/sub-cell lines", areas: cologne, ix: colIx,
			points: subGridLinePoints(colIx, cologne, rng, 5_000)},
		{name: "cologne/sub-cell lines, sub-cells", areas: cologne, ix: colSub,
			points: subGridLinePoints(colIx, cologne, rng, 5_000)},
		{name: "cologne/vertices and edge midpoints, sub-cells", areas: cologne, ix: colSub,
			points: vertexAndEdgePoints(cologne)},
		{name: "lattice/grid lines, sub-cells", areas: lattice, ix: latSub,
			points: subGridLinePoints(latIx, lattice[:5], rng, 5_000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := geosReference(t, tt.areas, tt.points, tt.prepared)
			checkAgainst(t, tt.ix, tt.areas, tt.points, want)
		})
	}
}

func TestIndexInvalidPolygons(t *testing.T) {
	c := func(u, v float64) orb.Point { return orb.Point{7.5 + u/128, 48 + v/128} }
	sq := func(u0, v0, u1, v1 float64) orb.Ring {
		return orb.Ring{c(u0, v0), c(u1, v0), c(u1, v1), c(u0, v1), c(u0, v0)}
	}
	areas := []Area{
		{Kind: KindZone, Name: "overlapping parts", Geometry: orb.MultiPolygon{{sq(1, 1, 5, 5)}, {sq(3, 3, 7, 7)}}},
		{Kind: KindZone, Name: "hole crossing shell", Geometry: orb.MultiPolygon{{sq(0, 10, 4, 14), sq(2, 11, 6, 13)}}},
	}
	ix, err := NewIndex(areas)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		p    orb.Point
		want []int
	}{
		{"in both parts", c(4, 4), []int{0}},
		{"in one part", c(2, 2), []int{0}},
		{"on an inner edge of one part", c(5, 4), []int{0}},
		{"in the hole inside the shell", c(3, 12), nil},
		{"in the hole outside the shell", c(5, 12), nil},
		{"on the hole's edge outside the shell", c(6, 12), nil},
		{"on the hole's edge inside the shell", c(2, 12), []int{1}},
		{"in the shell outside the hole", c(1, 12), []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.Locate(tt.p, nil); !slices.Equal(got, tt.want) {
				t.Errorf("Locate = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNewIndexErrors(t *testing.T) {
	pt := func(x, y float64) orb.Point { return orb.Point{x, y} }
	tests := []struct {
		name string
		geom orb.MultiPolygon
	}{
		{"two positions", orb.MultiPolygon{{{pt(8, 48), pt(8.1, 48)}}}},
		{"closed triangle missing a position", orb.MultiPolygon{{{pt(8, 48), pt(8.1, 48), pt(8, 48)}}}},
		{"NaN", orb.MultiPolygon{{{pt(8, 48), pt(math.NaN(), 48), pt(8, 48.1), pt(8, 48)}}}},
		{"infinite hole", orb.MultiPolygon{{
			{pt(8, 48), pt(8.1, 48), pt(8, 48.1), pt(8, 48)},
			{pt(8, 48), pt(math.Inf(1), 48), pt(8, 48.1), pt(8, 48)}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewIndex([]Area{{Kind: KindZone, Name: "bad", Geometry: tt.geom}})
			if ErrorCode(err) != EINVALID {
				t.Fatalf("err = %v, want %s", err, EINVALID)
			}
		})
	}
}

func TestIndexEmptyAndOutside(t *testing.T) {
	for _, areas := range [][]Area{nil, {{Kind: KindZone, Name: "empty"}}} {
		ix, err := NewIndex(areas)
		if err != nil {
			t.Fatal(err)
		}
		if got := ix.Locate(orb.Point{8, 48}, nil); len(got) != 0 {
			t.Errorf("empty index: %v", got)
		}
		if got := ix.AssignAll([]orb.Point{{8, 48}}, 0); len(got) != 1 || len(got[0]) != 0 {
			t.Errorf("empty index AssignAll: %v", got)
		}
	}
	ix, err := NewIndex(latticeAreas())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []orb.Point{{math.NaN(), 48}, {7.5, math.NaN()}, {math.Inf(1), 48}, {0, 0}, {7.49, 48.01}} {
		if got := ix.Locate(p, nil); len(got) != 0 {
			t.Errorf("Locate(%v) = %v, want none", p, got)
		}
	}
	if got := ix.AssignAll(nil, 4); len(got) != 0 {
		t.Errorf("AssignAll(nil) = %v", got)
	}
}

// TestLocateAllocs checks that the hot path allocates nothing: a
// long-lived Index costs nothing per call.
func TestLocateAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	areas := SyntheticAreas(rng, 10, 200)
	ix, err := NewIndex(areas)
	if err != nil {
		t.Fatal(err)
	}
	pts := SyntheticPoints(rng, 1000)
	dst := make([]int, 0, len(areas))
	allocs := testing.AllocsPerRun(10, func() {
		for _, p := range pts {
			dst = ix.Locate(p, dst[:0])
		}
	})
	if allocs != 0 {
		t.Errorf("Locate allocates %.1f times per 1000 points", allocs)
	}
}

// TestAssignAllConcurrent runs AssignAll and Locate from several
// goroutines on one Index (run with -race).
func TestAssignAllConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	areas := SyntheticAreas(rng, 12, 100)
	ix, err := NewIndex(areas)
	if err != nil {
		t.Fatal(err)
	}
	pts := SyntheticPoints(rng, 40_000)
	want := ix.AssignAll(pts, 1)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			got := ix.AssignAll(pts, w+2)
			for i := range pts {
				if !slices.Equal(got[i], want[i]) {
					t.Errorf("workers %d, point %d: %v, want %v", w+2, i, got[i], want[i])
					return
				}
			}
		})
	}
	wg.Go(func() {
		var buf []int
		for i, p := range pts[:5000] {
			buf = ix.Locate(p, buf[:0])
			if len(buf) != len(want[i]) {
				t.Errorf("Locate point %d: %v, want %v", i, buf, want[i])
				return
			}
		}
	})
	wg.Wait()
}

func TestBenchOverlay(t *testing.T) {
	res, err := BenchOverlay(20_000, 10, 200, 42)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res)
	if res.Mismatches != 0 {
		t.Errorf("%d mismatches between engine and GEOS baseline", res.Mismatches)
	}
	if res.Hits == 0 || res.EnginePPS <= 0 || res.BaselinePPS <= 0 || res.Workers != 1 {
		t.Errorf("implausible result %+v", res)
	}
	if _, err := BenchOverlay(0, 1, 3, 1); ErrorCode(err) != EINVALID {
		t.Errorf("BenchOverlay(0 points): err = %v, want %s", err, EINVALID)
	}
}

// TestOrientation checks the filtered orientation test against exact
// rational arithmetic on nearly collinear triples, where the filter fails
// and the exact fallback decides.
func TestOrientation(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	exact := func(p1x, p1y, p2x, p2y, qx, qy float64) int {
		r := func(v float64) *big.Rat { return new(big.Rat).SetFloat64(v) }
		sub := func(a, b float64) *big.Rat { return new(big.Rat).Sub(r(a), r(b)) }
		l := new(big.Rat).Mul(sub(p2x, p1x), sub(qy, p1y))
		rr := new(big.Rat).Mul(sub(p2y, p1y), sub(qx, p1x))
		return l.Cmp(rr)
	}
	counts := map[int]int{}
	for i := range 20000 {
		p1x, p1y := 7+rng.Float64(), 48+rng.Float64()
		p2x, p2y := 7+rng.Float64(), 48+rng.Float64()
		f := rng.Float64()
		qx, qy := p1x+f*(p2x-p1x), p1y+f*(p2y-p1y) // on the line, up to rounding
		switch i % 4 {
		case 1:
			qx = math.Nextafter(qx, math.Inf(1))
		case 2:
			qy = math.Nextafter(qy, math.Inf(-1))
		case 3:
			qx, qy = p1x+0.5*(p2x-p1x), p1y+0.5*(p2y-p1y)
		}
		want := exact(p1x, p1y, p2x, p2y, qx, qy)
		counts[want]++
		if got := orientation(p1x, p1y, p2x, p2y, qx, qy); got != want {
			t.Fatalf("orientation(%v %v %v %v %v %v) = %d, want %d", p1x, p1y, p2x, p2y, qx, qy, got, want)
		}
	}
	if counts[0] == 0 || counts[1] == 0 || counts[-1] == 0 {
		t.Errorf("cases not covered: %v", counts)
	}
	t.Logf("signs: %v", counts)
}

// TestCologneSharedBoundaries: every vertex of a district is covered by
// that district, and a vertex on a boundary shared by two districts is
// covered by both.
func TestCologneSharedBoundaries(t *testing.T) {
	areas := MustLoadCologneDistricts(t)
	ix, err := NewIndex(areas)
	if err != nil {
		t.Fatal(err)
	}
	shared := 0
	var got []int
	for i, a := range areas {
		for _, ring := range a.Geometry[0] {
			for _, p := range ring {
				got = ix.Locate(p, got[:0])
				if !slices.Contains(got, i) {
					t.Fatalf("vertex %v of %s: covered by %v, not by its own district", p, a.Name, got)
				}
				if len(got) > 1 {
					shared++
				}
			}
		}
	}
	if shared < 1000 {
		t.Errorf("only %d vertices covered by two or more districts; the districts share long boundaries", shared)
	}
	t.Logf("%d vertices on shared boundaries", shared)
}
