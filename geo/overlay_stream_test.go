package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// checkLocateAll checks that LocateAll answers every point as Locate does,
// appending after what areas already holds, over several splits of pts
// into calls that reuse the buffers.
func checkLocateAll(t *testing.T, ix *Index, pts []orb.Point) {
	t.Helper()
	want := make([][]int, len(pts))
	for i, p := range pts {
		want[i] = ix.Locate(p, nil)
	}
	prefix := []int32{7, 8, 9}
	var counts []int32
	var areas []int32
	for _, split := range []int{len(pts) + 1, 1000, 7, 1} {
		for lo := 0; lo < len(pts); lo += split {
			hi := min(lo+split, len(pts))
			counts = slices.Grow(counts[:0], hi-lo)[:hi-lo]
			for i := range counts {
				counts[i] = -1
			}
			areas = ix.LocateAll(pts[lo:hi], counts, append(areas[:0], prefix...))
			if !slices.Equal(areas[:len(prefix)], prefix) {
				t.Fatalf("split %d: LocateAll changed the areas it was given: %v", split, areas[:len(prefix)])
			}
			off := len(prefix)
			for i, c := range counts {
				p := pts[lo+i]
				if c < 0 || off+int(c) > len(areas) {
					t.Fatalf("split %d, point %d (%.17g, %.17g): count %d, %d areas left", split, lo+i, p[0], p[1], c, len(areas)-off)
				}
				got := areas[off : off+int(c)]
				off += int(c)
				if len(got) != len(want[lo+i]) || !slices.EqualFunc(got, want[lo+i], func(a int32, b int) bool { return int(a) == b }) {
					t.Fatalf("split %d, point %d (%.17g, %.17g): LocateAll %v, Locate %v", split, lo+i, p[0], p[1], got, want[lo+i])
				}
			}
			if off != len(areas) {
				t.Fatalf("split %d: %d areas returned, counts sum to %d", split, len(areas), off)
			}
		}
	}
}

// withStrays mixes points outside the grid and NaN/Inf points into pts.
func withStrays(pts []orb.Point) []orb.Point {
	out := make([]orb.Point, 0, len(pts)+len(pts)/50+4)
	strays := []orb.Point{{math.NaN(), 48}, {7.5, math.NaN()}, {math.Inf(1), 48}, {0, 0}, {-180, -90}}
	for i, p := range pts {
		if i%50 == 25 {
			out = append(out, strays[i%len(strays)])
		}
		out = append(out, p)
	}
	return out
}

func TestLocateAllMatchesLocate(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 20_000
	}
	rng := rand.New(rand.NewPCG(11, 11))
	syn := SyntheticAreas(rng, 14, 300)
	synIx, err := NewIndex(syn)
	if err != nil {
		t.Fatal(err)
	}
	cologne := MustLoadCologneDistricts(t)
	colIx, err := NewIndex(cologne)
	if err != nil {
		t.Fatal(err)
	}
	lattice := latticeAreas()
	latIx, err := NewIndex(lattice)
	if err != nil {
		t.Fatal(err)
	}
	invIx, err := NewIndex(invalidAreas())
	if err != nil {
		t.Fatal(err)
	}
	emptyIx, err := NewIndex(nil)
	if err != nil {
		t.Fatal(err)
	}
	synRandom := SyntheticPoints(rng, n)
	cb := colIx.bound()
	colRandom := randomPoints(rng, n, cb.Min[0], cb.Min[1], cb.Max[0], cb.Max[1])
	tests := []struct {
		name   string
		ix     *Index
		points []orb.Point
	}{
		{"lattice/exact points", latIx, latticePoints()},
		{"lattice/grid lines", latIx, gridLinePoints(latIx, lattice[:5], rng, 5_000)},
		{"invalid/exact points", invIx, latticePoints()},
		{"empty index", emptyIx, latticePoints()},
		{"synthetic/random", synIx, withStrays(synRandom)},
		{"synthetic/hilbert", synIx, withStrays(SortHilbert(synRandom, synIx.bound()))},
		{"synthetic/vertices and edge midpoints", synIx, vertexAndEdgePoints(syn)},
		{"synthetic/grid lines", synIx, gridLinePoints(synIx, syn, rng, 8_000)},
		{"synthetic/sub-cell lines, sorted", synIx, SortHilbert(subGridLinePoints(synIx, syn, rng, 8_000), synIx.bound())},
		{"cologne/random", colIx, withStrays(colRandom)},
		{"cologne/hilbert", colIx, SortHilbert(colRandom, cb)},
		{"cologne/streets", colIx, withStrays(streetPoints(rng, n, cb))},
		{"cologne/vertices and edge midpoints", colIx, vertexAndEdgePoints(cologne)},
		{"cologne/grid lines, sorted", colIx, SortHilbert(gridLinePoints(colIx, cologne, rng, 5_000), cb)},
		{"cologne/sub-cell lines", colIx, withStrays(subGridLinePoints(colIx, cologne, rng, 5_000))},
	}
	// The same with sub-cells.
	refined := map[*Index]*Index{emptyIx: emptyIx}
	for _, x := range []struct {
		ix    *Index
		areas []Area
	}{{synIx, syn}, {colIx, cologne}, {latIx, lattice}, {invIx, invalidAreas()}} {
		if refined[x.ix], err = NewIndexWith(x.areas, IndexOptions{SubCells: true}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range tests[:len(tests):len(tests)] {
		tests = append(tests, struct {
			name   string
			ix     *Index
			points []orb.Point
		}{"sub-cells/" + tt.name, refined[tt.ix], tt.points})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkLocateAll(t, tt.ix, tt.points)
		})
	}
}

// TestLocateAllAllocs checks that LocateAll allocates nothing once its
// buffers are large enough, so a caller streaming batches through reused
// buffers costs nothing per point. (AssignAll allocates a slice header per
// point and its result arrays on every call.)
func TestLocateAllAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	areas := SyntheticAreas(rng, 10, 200)
	ix, err := NewIndex(areas)
	if err != nil {
		t.Fatal(err)
	}
	pts := SyntheticPoints(rng, 10_000)
	counts := make([]int32, len(pts))
	buf := ix.LocateAll(pts, counts, nil) // sizes the buffer
	hits := len(buf)
	allocs := testing.AllocsPerRun(10, func() {
		buf = ix.LocateAll(pts, counts, buf[:0])
	})
	if allocs != 0 {
		t.Errorf("LocateAll allocates %.1f times per %d points with preallocated buffers", allocs, len(pts))
	}
	if hits == 0 || len(buf) != hits {
		t.Errorf("hits %d, then %d", hits, len(buf))
	}
}

func TestLocateAllShortCounts(t *testing.T) {
	ix, err := NewIndex(latticeAreas())
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("LocateAll with too few counts did not panic")
		}
	}()
	ix.LocateAll(latticePoints(), make([]int32, 3), nil)
}

// TestLocateAllBoxEdges: cellsOf maps points without clamping, relying on
// the grid's spare column and row beyond the areas' box. Points on the
// box's edges and corners (where an area's vertex or edge lies, so they
// are covered) and a few ulps outside (covered by nothing) get the same
// answers from LocateAll and Locate, for grids whose width is just below,
// at and just above a whole number of cells.
func TestLocateAllBoxEdges(t *testing.T) {
	for _, w := range []float64{1, 1 - 1e-15, 1 + 1e-15, 0.7, 3.999999999999999, 1e-7} {
		sq := orb.Ring{{7, 48}, {7 + w, 48}, {7 + w, 48 + w/2}, {7, 48 + w/2}, {7, 48}}
		tri := orb.Ring{{7, 48}, {7 + w, 48 + w/2}, {7, 48 + w/2}, {7, 48}}
		ix, err := NewIndex([]Area{
			{Kind: KindZone, Name: "square", Geometry: orb.MultiPolygon{{sq}}},
			{Kind: KindZone, Name: "triangle", Geometry: orb.MultiPolygon{{tri}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		var pts []orb.Point
		for _, x := range []float64{7, 7 + w, 7 + w/2} {
			for _, y := range []float64{48, 48 + w/2, 48 + w/4} {
				for _, dx := range []float64{-1, 0, 1} {
					for _, dy := range []float64{-1, 0, 1} {
						p := orb.Point{x, y}
						if dx != 0 {
							p[0] = math.Nextafter(x, x+dx)
						}
						if dy != 0 {
							p[1] = math.Nextafter(y, y+dy)
						}
						pts = append(pts, p)
					}
				}
			}
		}
		corner := orb.Point{7 + w, 48 + w/2}
		if got := ix.Locate(corner, nil); !slices.Equal(got, []int{0, 1}) {
			t.Errorf("width %g: corner %v: Locate %v, want [0 1]", w, corner, got)
		}
		checkLocateAll(t, ix, withStrays(pts))
	}
}

// TestGridSpareCell: the grid has a column and a row beyond the cell of
// the box's right (top) edge, which cellsOf relies on (see
// TestLocateAllBoxEdges for the answers there).
func TestGridSpareCell(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 2))
	for range 200 {
		w, h := 0.01+rng.Float64(), 0.01+rng.Float64()
		r := orb.Ring{{7, 48}, {7 + w, 48}, {7 + w, 48 + h}, {7 + w/2, 48 + h/3}, {7, 48 + h}, {7, 48}}
		ix, err := NewIndex([]Area{{Kind: KindZone, Name: "z", Geometry: orb.MultiPolygon{{r}}}})
		if err != nil {
			t.Fatal(err)
		}
		if gx := int((ix.maxX - ix.minX) * ix.inv); gx+1 >= ix.nfx {
			t.Fatalf("width %g: the box's right edge is in column %d of %d", w, gx, ix.nfx)
		}
		if gy := int((ix.maxY - ix.minY) * ix.inv); gy+1 >= ix.nfy {
			t.Fatalf("height %g: the box's top edge is in row %d of %d", h, gy, ix.nfy)
		}
	}
}

// widened returns a copy of ix whose coarse table holds 32-bit codes, as
// an index with more than 65,536 lists and blocks gets.
func widened(ix *Index) *Index {
	w := *ix
	w.coarse32 = make([]uint32, len(ix.coarse16))
	for k, c := range ix.coarse16 {
		w.coarse32[k] = uint32(c)
	}
	w.coarse16 = nil
	return &w
}

// TestCoarseCodes: setCoarse numbers lists first, then small blocks, then
// full blocks, in 16-bit codes while lists and blocks number at most
// 65,536 and in 32-bit ones beyond; both widths answer alike.
func TestCoarseCodes(t *testing.T) {
	ix := &Index{ncx: 4, small: make([]smallBlock, 2), fine: make([]uint32, 2*cellBlock*cellBlock)}
	ix.small[1].pal[0], ix.fine[cellBlock*cellBlock] = 11, 13
	build := []uint32{7, fineBlockFlag | smallBlockFlag | 1, fineBlockFlag | 1, 0}
	const lists = 1<<16 - 4 // with 4 blocks, the most that 16 bits hold
	ix.setCoarse(build, lists)
	if want := []uint16{7, lists + 1, lists + 3, 0}; !slices.Equal(ix.coarse16, want) || ix.coarse32 != nil {
		t.Errorf("16-bit codes %v (32-bit %v), want %v", ix.coarse16, ix.coarse32, want)
	}
	for cx, want := range []uint32{7, 11, 13, 0} { // the lists, small block 1's, full block 1's
		if got := cellList(ix, ix.coarse16, uint(cx*cellBlock), 0); got != want {
			t.Errorf("coarse cell %d: list %d, want %d", cx, got, want)
		}
	}
	ix.coarse16 = nil
	ix.setCoarse(build, lists+1)
	if want := []uint32{7, lists + 2, lists + 4, 0}; !slices.Equal(ix.coarse32, want) || ix.coarse16 != nil {
		t.Errorf("32-bit codes %v (16-bit %v), want %v", ix.coarse32, ix.coarse16, want)
	}

	synthetic, pts := SyntheticBench(50_000, 20, 500, 1)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tt := range []struct {
		name  string
		areas []Area
		pts   []orb.Point
		sub   bool
	}{
		{"synthetic", synthetic, pts, false},
		{"cologne", MustLoadCologneDistricts(t), nil, false},
		{"synthetic with sub-cells", synthetic, pts, true},
	} {
		ix, err := NewIndexWith(tt.areas, IndexOptions{SubCells: tt.sub})
		if err != nil {
			t.Fatal(err)
		}
		if ix.coarse16 == nil {
			t.Fatalf("%s: 32-bit coarse codes for %d lists and %d blocks", tt.name, len(ix.qlists), ix.Stats().Blocks)
		}
		pts := append(slices.Clone(tt.pts), vertexAndEdgePoints(tt.areas)...)
		pts = append(pts, gridLinePoints(ix, tt.areas, rng, 20_000)...)
		pts = append(pts, subGridLinePoints(ix, tt.areas, rng, 20_000)...)
		w := widened(ix)
		c16, c32 := make([]int32, len(pts)), make([]int32, len(pts))
		a16 := ix.LocateAll(pts, c16, nil)
		a32 := w.LocateAll(pts, c32, nil)
		if !slices.Equal(c16, c32) || !slices.Equal(a16, a32) {
			t.Errorf("%s: 16- and 32-bit coarse codes answer differently", tt.name)
		}
		for _, p := range pts[:1000] {
			if got, want := w.Locate(p, nil), ix.Locate(p, nil); !slices.Equal(got, want) {
				t.Fatalf("%s: Locate(%v) %v with 32-bit codes, %v with 16", tt.name, p, got, want)
			}
		}
	}
}

// TestLocateAllBesideBox: points up to two cells left of, below, right
// of and above the box of the areas cover nothing. Left and below, the
// bulk path truncates their cell index to the first column or row (a
// cell at the box's edge, whose lists hold no "inside" areas).
func TestLocateAllBesideBox(t *testing.T) {
	synthetic, _ := SyntheticBench(0, 20, 500, 1)
	for _, tt := range []struct {
		name  string
		areas []Area
	}{
		{"synthetic", synthetic},
		{"cologne", MustLoadCologneDistricts(t)},
		{"lattice", latticeAreas()},
	} {
		for _, sub := range []bool{false, true} {
			ix, err := NewIndexWith(tt.areas, IndexOptions{SubCells: sub})
			if err != nil {
				t.Fatal(err)
			}
			checkBesideBox(t, tt.name, ix)
		}
	}
}

// checkBesideBox checks TestLocateAllBesideBox's points on ix.
func checkBesideBox(t *testing.T, name string, ix *Index) {
	t.Helper()
	var pts []orb.Point
	for _, f := range []float64{1e-6, 0.1, 0.2, 0.25, 0.26, 0.5, 0.999, 1, 1.5, 2} { // sub-cells are quarters
		d := f * ix.h
		for k := range 200 {
			u := float64(k) / 199
			x := ix.minX + u*(ix.maxX-ix.minX)
			y := ix.minY + u*(ix.maxY-ix.minY)
			pts = append(pts,
				orb.Point{ix.minX - d, y}, orb.Point{x, ix.minY - d},
				orb.Point{ix.maxX + d, y}, orb.Point{x, ix.maxY + d},
				orb.Point{ix.minX - d, ix.minY - d})
		}
	}
	counts := make([]int32, len(pts))
	if got := ix.LocateAll(pts, counts, nil); len(got) != 0 {
		for i, c := range counts {
			if c != 0 {
				t.Fatalf("%s: LocateAll(%v) found %d areas, want none", name, pts[i], c)
			}
		}
	}
}
