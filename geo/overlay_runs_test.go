package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// boundaryCells calls f for every fine cell (gx, gy) that the grid lists
// area ai as boundary for.
func boundaryCells(ix *Index, ai uint32, f func(gx, gy int)) {
	a := &ix.exact[ai]
	if a.nseg == 0 {
		return
	}
	gx0, gx1 := ix.fineX(a.box.minX)-1, ix.fineX(a.box.maxX)+1
	gy0, gy1 := ix.fineY(a.box.minY)-1, ix.fineY(a.box.maxY)+1
	for gy := max(gy0, 0); gy <= min(gy1, ix.nfy-1); gy++ {
		for gx := max(gx0, 0); gx <= min(gx1, ix.nfx-1); gx++ {
			code, ok := ix.cell(ix.minX+(float64(gx)+0.5)*ix.h, ix.minY+(float64(gy)+0.5)*ix.h)
			if !ok {
				continue
			}
			for _, e := range ix.entries[ix.listOff[code]:ix.listOff[code+1]] {
				if e == ai<<1|1 {
					f(gx, gy)
				}
			}
		}
	}
}

// checkRuns fails where the run of a boundary cell decides differently
// from covers(): at random points of every boundary cell of every area,
// at the cells' corners and edges, and at the areas' vertices, edge
// midpoints and points a few ulps off them (those in a boundary cell of
// their area). It returns how many random points the runs decided and how
// many there were.
func checkRuns(t *testing.T, name string, areas []Area, rng *rand.Rand) (decided, random int) {
	t.Helper()
	ix, err := newIndex(areas, math.MaxInt32, IndexOptions{SubCells: true}) // runs for every area, whatever they take
	if err != nil {
		t.Fatal(err)
	}
	if ix.empty {
		return 0, 0
	}
	check := func(ai uint32, p orb.Point) bool {
		c, ok := ix.cell(p[0], p[1])
		if !ok {
			return false
		}
		listed := false
		for _, e := range ix.entries[ix.listOff[c]:ix.listOff[c+1]] {
			listed = listed || e == ai<<1|1
		}
		if !listed {
			return false
		}
		got, ok := ix.coversRun(ai, p[0], p[1])
		if !ok {
			return false
		}
		if want := ix.exact[ai].covers(p[0], p[1]); got != want {
			t.Fatalf("%s, area %d (%s), point (%.17g, %.17g): run says %v, covers() %v", name, ai, areas[ai].Name, p[0], p[1], got, want)
		}
		return true
	}
	for ai := range uint32(len(areas)) {
		boundaryCells(ix, ai, func(gx, gy int) {
			x0, y0 := ix.minX+float64(gx)*ix.h, ix.minY+float64(gy)*ix.h
			for _, p := range []orb.Point{{x0, y0}, {x0 + ix.h/2, y0}, {x0, y0 + ix.h/2}, {x0 + ix.h/2, y0 + ix.h/2}} {
				check(ai, p)
			}
			for range 4 {
				random++
				if check(ai, orb.Point{x0 + ix.h*rng.Float64(), y0 + ix.h*rng.Float64()}) {
					decided++
				}
			}
		})
		for _, v := range vertexAndEdgePoints(areas[ai : ai+1]) {
			for _, p := range []orb.Point{v,
				{math.Nextafter(v[0], math.Inf(1)), v[1]}, {math.Nextafter(v[0], math.Inf(-1)), v[1]},
				{v[0], math.Nextafter(v[1], math.Inf(1))}, {v[0], math.Nextafter(v[1], math.Inf(-1))},
			} {
				check(ai, p)
			}
		}
	}
	return decided, random
}

// TestRunsMatchCovers: wherever a run decides, it agrees with covers() (the
// GEOS rules, checked against GEOS by TestIndexMatchesGEOS and the fuzz
// target), on real boundaries, the synthetic stars, combs, holes, invalid
// shapes and the fuzz seeds' lattice shapes; and it decides nearly all
// random points of boundary cells, or the runs would be pointless.
func TestRunsMatchCovers(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 29))
	synthetic, _ := SyntheticBench(1, 10, 300, 3)
	type set struct {
		name  string
		areas []Area
		most  bool // runs must decide ≥ 90 % (their runs touch one ring each)
	}
	sets := []set{
		{"cologne", MustLoadCologneDistricts(t), true},
		{"synthetic", synthetic, true},
		{"lattice", latticeAreas(), true},
		{"invalid", invalidAreas(), true},
	}
	for _, c := range combAreas(400) {
		// The interlocking combs' runs touch both parts: covers() decides.
		sets = append(sets, set{"comb " + c.name, c.areas, c.name != "interlocking two-part comb"})
	}
	for i, seed := range [][]byte{
		{1, 0, 1, 1, 1, 40, 0, 0, 3},
		{0, 0, 1, 1, 4, 9, 9, 3, 1, 1, 2, 2, 3, 3, 1, 1, 0, 0, 9, 9},
		{2, 0, 2, 2, 5, 6, 5, 4, 0, 3, 3, 6, 4, 4},
		{0, 1, 2, 2, 0, 4, 0, 0, 4, 4, 4, 0, 0, 4, 9, 9, 1, 20, 0, 0, 2},
	} {
		sets = append(sets, set{"fuzz seed " + string(rune('a'+i)), fuzzAreas(seed), false})
	}
	for _, s := range sets {
		decided, random := checkRuns(t, s.name, s.areas, rng)
		t.Logf("%s: runs decided %d of %d random points in boundary cells", s.name, decided, random)
		if s.most && decided < random*9/10 {
			t.Errorf("%s: runs decided %d of %d random points in boundary cells, want ≥ 90 %%", s.name, decided, random)
		}
	}
}

// TestRunsSeveralRings: a run that touches a shell and its hole, or two
// polygons of one area, is left to covers() and the answers stay exact.
func TestRunsSeveralRings(t *testing.T) {
	sq := func(x, y, s float64) orb.Ring {
		return orb.Ring{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
	}
	// A frame whose hole leaves a wall thinner than a fine cell, and two
	// squares a hair apart in one area; a second, large area sets the
	// grid's cell size.
	areas := []Area{
		{Kind: KindZone, Name: "thin frame", Geometry: orb.MultiPolygon{{sq(7.5, 48, 0.01), sq(7.500001, 48.000001, 0.009998)}}},
		{Kind: KindZone, Name: "two squares", Geometry: orb.MultiPolygon{{sq(7.52, 48, 0.01)}, {sq(7.530001, 48, 0.01)}}},
		{Kind: KindDistrict, Name: "box", Geometry: orb.MultiPolygon{{sq(7.49, 47.99, 0.06)}}},
	}
	ix, err := newIndex(areas, math.MaxInt32, IndexOptions{SubCells: true})
	if err != nil {
		t.Fatal(err)
	}
	for ai := range 2 {
		ru := &ix.exact[ai].runs
		fallback := 0
		ru.forEach(func(_ int, h uint32, _ []uint32) {
			if h&runFallback != 0 {
				fallback++
			}
		})
		if fallback == 0 {
			t.Errorf("%s: no run left to covers(), want those touching two rings", areas[ai].Name)
		}
	}
	checkRuns(t, "several rings", areas, rand.New(rand.NewPCG(3, 4)))
	want := geosReference(t, areas, append(vertexAndEdgePoints(areas), holePoints(areas)...), false)
	checkAgainst(t, ix, areas, append(vertexAndEdgePoints(areas), holePoints(areas)...), want)
}
