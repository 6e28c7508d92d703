package geo

import (
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// TestSubCellsMatchCovers checks every sub-cell word of several indexes:
// the list that replaces the cell's in a sub-cell keeps the cell's
// "inside" areas and lists each of its exact areas as exact, inside or
// not at all; an area so decided is covered, or not, at the sub-cell's
// four corners, its centre and random points (the closed sub-cell, as the
// margin guarantees).
func TestSubCellsMatchCovers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	synthetic, _ := SyntheticBench(1, 20, 500, 1)
	for _, tt := range []struct {
		name    string
		areas   []Area
		decided int // at least this many (sub-cell, area) pairs decided: the test is not vacuous
		shared  int // … of them in cells with several exact areas
	}{
		{"synthetic", synthetic, 10_000, 100},
		{"cologne", MustLoadCologneDistricts(t), 10_000, 10_000},
		{"lattice", latticeAreas(), 10, 0},
		{"invalid", invalidAreas(), 10, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := NewIndexWith(tt.areas, IndexOptions{SubCells: true})
			if err != nil {
				t.Fatal(err)
			}
			decided, shared := 0, 0
			q := ix.h / subSide
			for b, o := range ix.blockOrigins() {
				s := ix.blockSubOf(uint(b))
				for m := s.mask; m != 0; m &= m - 1 {
					k := uint(bits.TrailingZeros64(m))
					gx, gy := o[0]+k%cellBlock, o[1]+k/cellBlock
					id := ix.blockList(uint(b), gx, gy)
					ents := ix.entries[ix.listOff[id]:ix.listOff[id+1]]
					nexact := 0
					for _, e := range ents {
						nexact += int(e & 1)
					}
					if nexact == 0 || nexact > subMaxExact {
						t.Fatalf("cell (%d, %d): sub-cells for a list with %d exact areas", gx, gy, nexact)
					}
					w := ix.sub[s.base+uint32(bits.OnesCount64(s.mask&(1<<k-1)))]
					for i := range uint(subSide * subSide) {
						st := w >> (2 * i) & 3
						if st == 0 {
							continue
						}
						alt := ix.entries[ix.listOff[ix.qlists[id].a[st]]:ix.listOff[ix.qlists[id].a[st]+1]]
						x0 := ix.minX + float64(gx)*ix.h + float64(i%subSide)*q
						y0 := ix.minY + float64(gy)*ix.h + float64(i/subSide)*q
						pts := []orb.Point{{x0, y0}, {x0 + q, y0}, {x0, y0 + q}, {x0 + q, y0 + q}, {x0 + q/2, y0 + q/2}}
						for range 3 {
							pts = append(pts, orb.Point{x0 + q*rng.Float64(), y0 + q*rng.Float64()})
						}
						j := 0 // alt[j:] is yet to match
						for _, e := range ents {
							var got uint32 = 2 // not listed
							if j < len(alt) && alt[j]>>1 == e>>1 {
								got = alt[j] & 1
								j++
							}
							if e&1 == 0 {
								if got != 0 {
									t.Fatalf("cell (%d, %d) sub-cell %d: area %d inside in the cell, not in the sub-cell's list %v", gx, gy, i, e>>1, alt)
								}
								continue
							}
							if got == 1 {
								continue // still exact
							}
							decided++
							if nexact > 1 {
								shared++
							}
							for _, p := range pts {
								if c := ix.exact[e>>1].covers(p[0], p[1]); c != (got == 0) {
									t.Fatalf("cell (%d, %d) sub-cell %d: area %d listed %v, but covers(%.17g, %.17g) = %v", gx, gy, i, e>>1, got == 0, p[0], p[1], c)
								}
							}
						}
						if j != len(alt) {
							t.Fatalf("cell (%d, %d) sub-cell %d: list %v has areas the cell's %v has not", gx, gy, i, alt, ents)
						}
					}
				}
			}
			if decided < tt.decided || shared < tt.shared {
				t.Errorf("%d decided (%d in cells of several exact areas), want at least %d (%d)", decided, shared, tt.decided, tt.shared)
			}
			t.Logf("%d (sub-cell, area) pairs decided, %d in cells of several exact areas", decided, shared)
		})
	}
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

// TestSubCellsBounded: with room for fewer words than the cells need, the
// blocks first along the curve keep theirs, within the bound, the others
// none, and LocateAll still answers as Locate.
func TestSubCellsBounded(t *testing.T) {
	synthetic, pts := SyntheticBench(20_000, 20, 500, 1)
	full, err := NewIndexWith(synthetic, IndexOptions{SubCells: true})
	if err != nil {
		t.Fatal(err)
	}
	capped, err := NewIndexWith(synthetic, IndexOptions{SubCells: true, subWordsPerSeg: 2})
	if err != nil {
		t.Fatal(err)
	}
	nseg := capped.Stats().Segments
	if n := len(capped.sub); n == 0 || n > 2*nseg || n >= len(full.sub) {
		t.Fatalf("%d words with room for %d (uncapped %d)", n, 2*nseg, len(full.sub))
	}
	refined := 0
	for _, s := range capped.blockSubs {
		if s.mask != 0 {
			refined++
		}
	}
	if refined == 0 || refined == len(capped.blockSubs) {
		t.Fatalf("%d of %d blocks refined, want some", refined, len(capped.blockSubs))
	}
	rng := rand.New(rand.NewPCG(8, 8))
	pts = append(pts, subGridLinePoints(capped, synthetic, rng, 5_000)...)
	checkLocateAll(t, capped, hilbertSorted(pts, capped.bound()))
}
