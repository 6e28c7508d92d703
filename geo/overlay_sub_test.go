package geo

import (
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// TestSubCellsMatchCovers checks every sub-cell word of several indexes:
// a sub-cell marked inside or outside is covered, or not, by its cell's
// exact area at its four corners, its centre and random points (the
// closed sub-cell, as the margin guarantees), and the list that replaces
// the cell's for it has that area inside or left out and the cell's other
// areas unchanged.
func TestSubCellsMatchCovers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	synthetic, _ := SyntheticBench(1, 20, 500, 1)
	for _, tt := range []struct {
		name    string
		areas   []Area
		decided int // at least this many sub-cells decided: the test is not vacuous
	}{
		{"synthetic", synthetic, 10_000},
		{"cologne", MustLoadCologneDistricts(t), 10_000},
		{"lattice", latticeAreas(), 10},
		{"invalid", invalidAreas(), 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := NewIndex(tt.areas)
			if err != nil {
				t.Fatal(err)
			}
			decided := 0
			q := ix.h / subSide
			origin := ix.blockOrigins()
			for b, o := range origin {
				s := ix.blockSubOf(uint(b))
				gx0, gy0 := o[0], o[1]
				for m := s.mask; m != 0; m &= m - 1 {
					k := uint(bits.TrailingZeros64(m))
					gx, gy := gx0+k%cellBlock, gy0+k/cellBlock
					id := ix.blockList(uint(b), gx, gy)
					ents := ix.entries[ix.listOff[id]:ix.listOff[id+1]]
					exactArea, nexact := uint32(0), 0
					for _, e := range ents {
						if e&1 != 0 {
							exactArea, nexact = e>>1, nexact+1
						}
					}
					if nexact != 1 {
						t.Fatalf("cell (%d, %d): sub-cells for a list with %d exact areas", gx, gy, nexact)
					}
					w := ix.sub[s.base+uint32(bits.OnesCount64(s.mask&(1<<k-1)))]
					for i := range uint(subSide * subSide) {
						st := w >> (2 * i) & 3
						if st == subExact {
							continue
						}
						if st != subInside && st != subOutside {
							t.Fatalf("cell (%d, %d) sub-cell %d: state %d", gx, gy, i, st)
						}
						decided++
						x0 := ix.minX + float64(gx)*ix.h + float64(i%subSide)*q
						y0 := ix.minY + float64(gy)*ix.h + float64(i/subSide)*q
						pts := []orb.Point{{x0, y0}, {x0 + q, y0}, {x0, y0 + q}, {x0 + q, y0 + q}, {x0 + q/2, y0 + q/2}}
						for range 3 {
							pts = append(pts, orb.Point{x0 + q*rng.Float64(), y0 + q*rng.Float64()})
						}
						for _, p := range pts {
							if got := ix.exact[exactArea].covers(p[0], p[1]); got != (st == subInside) {
								t.Fatalf("cell (%d, %d) sub-cell %d marked %d, but covers(%.17g, %.17g) = %v for area %d", gx, gy, i, st, p[0], p[1], got, exactArea)
							}
						}
						// The replacement list: the cell's, with the area inside or gone.
						alt := uint32(ix.qlists[id].a[st])
						var want []uint32
						for _, e := range ents {
							switch {
							case e&1 == 0:
								want = append(want, e)
							case st == subInside:
								want = append(want, e&^1)
							}
						}
						if got := ix.entries[ix.listOff[alt]:ix.listOff[alt+1]]; !equalU32(got, want) {
							t.Fatalf("cell (%d, %d) sub-cell %d (state %d): list %v, want %v", gx, gy, i, st, got, want)
						}
					}
				}
			}
			if decided < tt.decided {
				t.Errorf("%d sub-cells decided, want at least %d", decided, tt.decided)
			}
			t.Logf("%d sub-cells decided", decided)
		})
	}
}

func equalU32(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// blockOrigins returns per block (numbered as blockList's) its first fine
// column and row.
func (ix *Index) blockOrigins() [][2]uint {
	out := make([][2]uint, len(ix.small)+len(ix.fine)/(cellBlock*cellBlock))
	for k := range ix.ncx * ix.ncy {
		var c uint
		if ix.coarse16 != nil {
			c = uint(ix.coarse16[k])
		} else {
			c = uint(ix.coarse32[k])
		}
		if c >= uint(ix.nlists) {
			out[c-uint(ix.nlists)] = [2]uint{uint(k%ix.ncx) * cellBlock, uint(k/ix.ncx) * cellBlock}
		}
	}
	return out
}
