package geo

import (
	"math"
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
		decided int // at least this many (sub-cell or point, area) pairs decided: the test is not vacuous
		shared  int // … of them in cells with several exact areas
		lines   int // line words at least
	}{
		{"synthetic", synthetic, 10_000, 100, 1000},
		{"cologne", MustLoadCologneDistricts(t), 10_000, 10_000, 1000},
		{"lattice", latticeAreas(), 10, 0, 0},
		{"invalid", invalidAreas(), 10, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := NewIndexWith(tt.areas, IndexOptions{SubCells: true})
			if err != nil {
				t.Fatal(err)
			}
			decided, shared, lines := 0, 0, 0
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
					// check checks the list alt that replaces the cell's at pts
					// (in sub-cell or on side i).
					check := func(i uint, alt []uint32, pts []orb.Point) {
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
					listOf := func(l int32) []uint32 { return ix.entries[ix.listOff[l]:ix.listOff[l+1]] }
					w := ix.sub[s.base+uint32(bits.OnesCount64(s.mask&(1<<k-1)))]
					if s.line>>k&1 != 0 {
						lines++
						// A line word: the lists LocateAll takes at random points
						// of the cell, its corners, and points just beyond lineT
						// from the stored line on both sides.
						x0, y0 := ix.minX+float64(gx)*ix.h, ix.minY+float64(gy)*ix.h
						pts := []orb.Point{{x0, y0}, {x0 + ix.h, y0}, {x0, y0 + ix.h}, {x0 + ix.h, y0 + ix.h}}
						for range 24 {
							pts = append(pts, orb.Point{x0 + ix.h*rng.Float64(), y0 + ix.h*rng.Float64()})
						}
						a, b, c := float64(int8(w)), float64(int8(w>>8)), float64(int32(w<<4)>>20)/lineC
						for range 8 {
							// A point of the stored line in the cell, moved along (a, b).
							u := rng.Float64() - 0.5
							v := -(a*u + c) / b
							if math.Abs(b) < math.Abs(a) {
								v = rng.Float64() - 0.5
								u = -(b*v + c) / a
							}
							for _, d := range []float64{lineT * 1.0001, -lineT * 1.0001, lineT * 1.1, -lineT * 1.1} {
								f := d / (a*a + b*b)
								pu, pv := u+f*a, v+f*b
								if math.Abs(pu) <= 0.5 && math.Abs(pv) <= 0.5 {
									pts = append(pts, orb.Point{x0 + (pu+0.5)*ix.h, y0 + (pv+0.5)*ix.h})
								}
							}
						}
						for _, p := range pts {
							fx, fy := (p[0]-ix.minX)*ix.inv, (p[1]-ix.minY)*ix.inv
							if uint(fx) != gx || uint(fy) != gy {
								continue // rounded into the next cell
							}
							sb := s
							if l := ix.subList(id, &sb, k, gx, gy, fx, fy); l != id {
								check(0, listOf(int32(l)), []orb.Point{p})
							}
						}
						continue
					}
					for i := range uint(subSide * subSide) {
						st := w >> (2 * i) & 3
						if st == 0 {
							continue
						}
						x0 := ix.minX + float64(gx)*ix.h + float64(i%subSide)*q
						y0 := ix.minY + float64(gy)*ix.h + float64(i/subSide)*q
						pts := []orb.Point{{x0, y0}, {x0 + q, y0}, {x0, y0 + q}, {x0 + q, y0 + q}, {x0 + q/2, y0 + q/2}}
						for range 3 {
							pts = append(pts, orb.Point{x0 + q*rng.Float64(), y0 + q*rng.Float64()})
						}
						check(i, listOf(ix.qlists[id].a[st]), pts)
					}
				}
			}
			if decided < tt.decided || shared < tt.shared || lines < tt.lines {
				t.Errorf("%d decided (%d in cells of several exact areas), %d line words, want at least %d (%d), %d", decided, shared, lines, tt.decided, tt.shared, tt.lines)
			}
			t.Logf("%d (sub-cell or point, area) pairs decided, %d in cells of several exact areas; %d line words", decided, shared, lines)
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
	checkLocateAll(t, capped, SortHilbert(pts, capped.bound()))
}

// TestSubTouchedMapping: a segment's end a few ulps beside a sub-cell
// line, on either side, lies in a sub-cell that subTouched marks, as
// LocateAll maps the point (subCell), although the build computes the
// line's position by other arithmetic (x0 + sx·q) than the query (the
// point's grid coordinate times subSide): the margin covers the rounding.
func TestSubTouchedMapping(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	minX, minY, h := 7.123456789, 48.98765431, 1.234567e-4
	inv := 1 / h
	margin := 1e-6*h + 1e-12*(1+49)
	q := h / subSide
	checked := 0
	for range 20_000 {
		gx, gy := rng.IntN(8000), rng.IntN(8000)
		x0, y0 := minX+float64(gx)*h, minY+float64(gy)*h
		s := 1 + rng.IntN(subSide-1) // an inner sub-cell line
		vertical := rng.IntN(2) == 0
		line := x0 + float64(s)*q
		if !vertical {
			line = y0 + float64(s)*q
		}
		for ulps := -3; ulps <= 3; ulps++ {
			v := line
			for range max(ulps, -ulps) {
				if ulps > 0 {
					v = math.Nextafter(v, math.Inf(1))
				} else {
					v = math.Nextafter(v, math.Inf(-1))
				}
			}
			// The end p1 at v on the line's axis, the segment going away
			// from the line on the side of v.
			other := (0.1 + 0.8*rng.Float64()) * h
			dir := 0.05 * h * float64(1+rng.IntN(5))
			if ulps < 0 {
				dir = -dir
			}
			p1, p2 := orb.Point{v, y0 + other}, orb.Point{v + dir, y0 + other + 0.3*dir}
			if !vertical {
				p1, p2 = orb.Point{x0 + other, v}, orb.Point{x0 + other + 0.3*dir, v + dir}
			}
			fx, fy := (p1[0]-minX)*inv, (p1[1]-minY)*inv
			if int(fx) != gx || int(fy) != gy {
				continue // another fine cell: the fine grid's marking answers for it
			}
			checked++
			sx, sy := subCell(fx, uint(gx)), subCell(fy, uint(gy))
			if m := subTouched(p1, p2, x0, y0, q, h, margin); m>>(sy*subSide+sx)&1 == 0 {
				t.Fatalf("segment %v–%v in cell (%d, %d): its end maps to sub-cell (%d, %d), not marked (%016b)", p1, p2, gx, gy, sx, sy, m)
			}
		}
	}
	if checked < 100_000 {
		t.Errorf("%d ends checked, want at least 100,000", checked)
	}
}
