package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// simdIndexes returns indexes whose cell mapping cellsOfSIMD must give as
// cellsOfScalar does: the synthetic stars with and without sub-cells,
// Cologne's districts, one square, and the synthetic stars again with the
// coarse table widened to 32 bits.
func simdIndexes(t *testing.T) map[string]*Index {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	syn := SyntheticAreas(rng, 12, 300)
	out := map[string]*Index{}
	for name, opt := range map[string]IndexOptions{"synthetic": {}, "synthetic+sub": {SubCells: true}} {
		ix, err := NewIndexWith(syn, opt)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = ix
	}
	col, err := NewIndexWith(MustLoadCologneDistricts(t), IndexOptions{SubCells: true})
	if err != nil {
		t.Fatal(err)
	}
	out["cologne+sub"] = col
	sq, err := NewIndex([]Area{{ID: 1, Kind: KindDistrict, Name: "sq", Geometry: orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	out["square"] = sq
	wide, err := NewIndexWith(syn, IndexOptions{SubCells: true})
	if err != nil {
		t.Fatal(err)
	}
	if wide.coarse16 == nil {
		t.Fatal("synthetic index has a 32-bit coarse table")
	}
	wide.coarse32 = make([]uint32, len(wide.coarse16))
	for i, c := range wide.coarse16 {
		wide.coarse32[i] = uint32(c)
	}
	wide.coarse16 = nil
	out["synthetic+sub, 32 bits"] = wide
	return out
}

// simdPoints returns points in and around ix's grid, on cell borders, and
// coordinates the conversion to a cell index must reject (NaN, ±Inf,
// beyond int32 and int64 in cells).
func simdPoints(ix *Index, rng *rand.Rand, n int) []orb.Point {
	w, h := ix.maxX-ix.minX, ix.maxY-ix.minY
	odd := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e300, -1e300,
		ix.minX + 0x1p31*ix.h, ix.minX - 0x1p31*ix.h, ix.minX + 0x1p32*ix.h, ix.minX + 0x1p63*ix.h,
		ix.minX, ix.maxX, ix.minX - ix.h/2, ix.minX - ix.h, ix.minX + float64(ix.nfx)*ix.h}
	pts := make([]orb.Point, n)
	for i := range pts {
		x := ix.minX - 0.1*w + 1.2*w*rng.Float64()
		y := ix.minY - 0.1*h + 1.2*h*rng.Float64()
		switch rng.IntN(8) {
		case 0: // on a cell border
			x = ix.minX + float64(rng.IntN(ix.nfx+2)-1)*ix.h
		case 1:
			y = ix.minY + float64(rng.IntN(ix.nfy+2)-1)*ix.h
		case 2:
			x = odd[rng.IntN(len(odd))] - ix.minX + ix.minX
		case 3:
			y = odd[rng.IntN(len(odd))] - ix.minX + ix.minY
		}
		pts[i] = orb.Point{x, y}
	}
	return pts
}

func TestCellsOfSIMD(t *testing.T) {
	if !useSIMD {
		t.Skip("no AVX-512 here: cellsOf runs the scalar loop only")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for name, ix := range simdIndexes(t) {
		t.Run(name, func(t *testing.T) {
			pts := simdPoints(ix, rng, 20_000)
			sorted := SortHilbert(pts, ix.bound())
			for _, n := range []int{0, 1, 7, 8, 9, 255, 256, 257, 1000, len(pts)} {
				for _, ps := range [][]orb.Point{pts[:n], sorted[:n]} {
					want := make([]uint32, n)
					got := make([]uint32, n)
					ix.cellsOfScalar(ps, want)
					ix.cellsOfSIMD(ps, got)
					if i := mismatch(got, want); i >= 0 {
						t.Fatalf("%d points: point %d %v: cell list %d, scalar %d", n, i, ps[i], got[i], want[i])
					}
				}
			}
			// The whole query, with and without.
			counts, countsScalar := make([]int32, len(pts)), make([]int32, len(pts))
			areas := ix.LocateAll(pts, counts, nil)
			useSIMD = false // no test of this package runs in parallel
			areasScalar := ix.LocateAll(pts, countsScalar, nil)
			useSIMD = true
			if !slices.Equal(counts, countsScalar) || !slices.Equal(areas, areasScalar) {
				t.Fatal("LocateAll answers differently without SIMD")
			}
		})
	}
}

func mismatch(got, want []uint32) int {
	for i := range want {
		if got[i] != want[i] {
			return i
		}
	}
	return -1
}

// FuzzCellsOfSIMD checks one point in each place of a group of eight
// against the scalar loop, on the synthetic stars with sub-cells.
func FuzzCellsOfSIMD(f *testing.F) {
	if !useSIMD {
		f.Skip("no AVX-512 here")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	ix, err := NewIndexWith(SyntheticAreas(rng, 12, 300), IndexOptions{SubCells: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(8.0, 48.5, uint8(0))
	f.Add(math.NaN(), 48.5, uint8(3))
	f.Add(ix.minX, ix.minY, uint8(7))
	f.Add(ix.maxX, ix.maxY, uint8(5))
	f.Fuzz(func(t *testing.T, x, y float64, at uint8) {
		pts := simdPoints(ix, rand.New(rand.NewPCG(uint64(at), 1)), 9)
		pts[at%8] = orb.Point{x, y}
		want, got := make([]uint32, len(pts)), make([]uint32, len(pts))
		ix.cellsOfScalar(pts, want)
		ix.cellsOfSIMD(pts, got)
		if i := mismatch(got, want); i >= 0 {
			t.Fatalf("point %d %v: cell list %d, scalar %d", i, pts[i], got[i], want[i])
		}
	})
}
