package geo

// Sub-cells: a third grid level under the boundary cells.
//
// A point in a boundary cell runs the exact test, which costs far more
// than its instructions: it waits on a chain of dependent reads (the
// area's row table, the run's headers and segment ids, the coordinates).
// Most of a boundary cell is nevertheless away from the edge: split into
// subSide × subSide sub-cells, a cell crossed by one edge has sub-cells
// that no edge touches on both sides of it. So, for a fine cell whose list
// needs the exact test for exactly one area, the index keeps a word of two
// bits per sub-cell: exact (an edge of that area touches the sub-cell grown
// by the grid's margin), inside or outside (no edge does: covers() of its
// centre, which then holds for the whole sub-cell). LocateAll (cellsOf)
// maps a point in such a cell to its sub-cell and replaces the cell's list
// by the list with that area inside or left out, which it answers without
// a test. Locate keeps the two-level lookup.
//
// Per block, a mask of its cells that have a word and the index of the
// first word (the cell's word follows the words of the cells before it in
// the mask); per list with one exact area, the two replacement lists, in
// its qlist's unused inline slots. A cell keeps no word when the segments
// near it are not at hand (its area keeps no runs and its slabs there hold
// many segments), when the word would be all exact, or beyond subWordsPerSeg words per segment of all
// areas, which bounds the memory.

import (
	"math"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

const (
	subSide        = 4  // sub-cells per side of a fine cell: 2 bits each in a uint32
	subExact       = 0  // the sub-cell needs the exact test (keep the cell's list)
	subInside      = 1  // the area covers the whole sub-cell
	subOutside     = 2  // the area covers none of it
	subMaxSlabSegs = 64 // segments near a cell at most, taken from slabs
	subWordsPerSeg = 9  // sub-cell words per segment at most (36 bytes)
)

// blockSub locates the sub-cell words of a block's cells.
type blockSub struct {
	mask uint64 // bit y·cellBlock+x: the block's cell (x, y) has a word
	base uint32 // index in Index.sub of the block's first word
}

// blockSubOf returns block b's blockSub (b numbered as blockList's).
func (ix *Index) blockSubOf(b uint) *blockSub {
	if b < uint(len(ix.small)) {
		return &ix.small[b].sub
	}
	return &ix.fineSub[b-uint(len(ix.small))]
}

// subWord returns the sub-cell states of fine cell (gx, gy), a boundary
// cell of area ai (sub-cell (sx, sy) at bits 2·(sy·subSide+sx)), and false
// where the segments near the cell are not at hand: the run's, or else
// those of the slabs it reaches into, if at most subMaxSlabSegs.
func (ix *Index) subWord(ai uint32, gx, gy int, margin float64) (uint32, bool) {
	a := &ix.exact[ai]
	segs, ok := a.runs.segsAt(gx, gy)
	if !ok {
		// No runs kept (an area with few segments on a fine grid, or long
		// edges close together): the segments of the slabs the cell grown by
		// the margin reaches into, when they are few.
		y0 := ix.minY + float64(gy)*ix.h
		lo, hi := a.slabIndex(y0-margin), a.slabIndex(y0+ix.h+margin)
		if a.slabOff[hi+1]-a.slabOff[lo] > subMaxSlabSegs {
			return 0, false
		}
		segs = a.slabSeg[a.slabOff[lo]:a.slabOff[hi+1]] // a segment may repeat
	}
	q := ix.h / subSide
	x0 := ix.minX + float64(gx)*ix.h
	y0 := ix.minY + float64(gy)*ix.h
	var touched uint16 // bit sy·subSide+sx
	for _, k := range segs {
		touched |= subTouched(a.pts[k], a.pts[k+1], x0, y0, q, ix.h, margin)
	}
	if touched == 1<<(subSide*subSide)-1 {
		return 0, true
	}
	// Neighbouring untouched sub-cells share their state: the two closed
	// sub-cells, grown by the margin, hold the segment between their
	// centres and no edge.
	var st [subSide * subSide]uint32
	w := uint32(0)
	for sy := range subSide {
		for sx := range subSide {
			i := sy*subSide + sx
			switch {
			case touched>>i&1 != 0:
				st[i] = subExact
			case sx > 0 && touched>>(i-1)&1 == 0:
				st[i] = st[i-1]
			case sy > 0 && touched>>(i-subSide)&1 == 0:
				st[i] = st[i-subSide]
			default:
				cx := x0 + (float64(sx)+0.5)*q
				cy := y0 + (float64(sy)+0.5)*q
				st[i] = subOutside
				if ix.coversAt(ai, cx, cy) {
					st[i] = subInside
				}
			}
			w |= st[i] << (2 * i)
		}
	}
	return w, true
}

// subTouched returns the sub-cells (bit sy·subSide+sx) of the cell with
// lower left corner (x0, y0) and sub-cell side q that segment p1–p2
// touches, each sub-cell grown by margin: conservatively, per sub-column
// the segment's y-range over the column's x-range, grown by margin and a
// bound on the interpolation's rounding (as rasterise marks fine cells).
func subTouched(p1, p2 orb.Point, x0, y0, q, h, margin float64) uint16 {
	x1, y1, x2, y2 := p1[0], p1[1], p2[0], p2[1]
	lx, hx := min(x1, x2), max(x1, x2)
	ly, hy := min(y1, y2), max(y1, y2)
	slope, errY := 0.0, 0.0
	if x1 != x2 {
		slope = (y2 - y1) / (x2 - x1)
		errY = 1e-13 * (1 + math.Abs(y1) + math.Abs(y2) + (math.Abs(x1)+math.Abs(x2)+h)*math.Abs(slope))
	}
	var m uint16
	for sx := range subSide {
		colLo := x0 + float64(sx)*q - margin
		colHi := x0 + float64(sx+1)*q + margin
		if hx < colLo || lx > colHi {
			continue
		}
		lo, hi := ly-margin, hy+margin
		if x1 != x2 {
			xa := min(max(colLo, lx), hx)
			xb := min(max(colHi, lx), hx)
			ya := y1 + (xa-x1)*slope
			yb := y1 + (xb-x1)*slope
			lo = max(min(ya, yb)-margin-errY, lo)
			hi = min(max(ya, yb)+margin+errY, hi)
		}
		for sy := range subSide {
			if hi >= y0+float64(sy)*q && lo <= y0+float64(sy+1)*q {
				m |= 1 << (sy*subSide + sx)
			}
		}
	}
	return m
}

// segsAt returns the segments of the run holding fine cell (gx, gy), and
// false where the area keeps no runs or the cell is in none.
func (ru *areaRuns) segsAt(gx, gy int) ([]uint32, bool) {
	cx, cy := gx-ru.gx0, gy-ru.gy0
	if ru.row == nil || cy < 0 || cy >= len(ru.nrun) || cx < 0 {
		return nil, false
	}
	i := ru.row[cy]
	hs := ru.data[i:][:ru.nrun[cy]]
	s := i + uint32(len(hs))
	var segs []uint32
	for _, h := range hs {
		n := h >> 16 & runMaxSegs
		if int(h&0xffff) > cx {
			break
		}
		segs = ru.data[s:][:n]
		s += n
	}
	return segs, segs != nil
}

// buildSub computes the sub-cell words of the blocks of full (the build's
// blocks, cellBlock² list ids each, block blk of coarse cell cells[blk])
// and the replacement lists of the lists they refine (via intern). It
// returns per block its blockSub; the words go to ix.sub, block after
// block in the given order, the replacements to ix.subAlt.
func (ix *Index) buildSub(full []uint32, cells, order []int, intern func([]uint32) uint32, margin float64, nseg int) []blockSub {
	const n = cellBlock * cellBlock
	nblk := len(full) / n
	// Lists with exactly one exact area: that area, else -1.
	nl := len(ix.listOff) - 1
	one := make([]int32, nl)
	for id := range nl {
		one[id] = -1
		for _, e := range ix.entries[ix.listOff[id]:ix.listOff[id+1]] {
			if e&1 == 0 {
				continue
			}
			if one[id] >= 0 {
				one[id] = -1
				break
			}
			one[id] = int32(e >> 1)
		}
	}
	// Per block, its mask and words, in parallel.
	masks := make([]uint64, nblk)
	words := make([][]uint32, nblk)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				blk := int(next.Add(1) - 1)
				if blk >= nblk {
					return
				}
				cx, cy := cells[blk]%ix.ncx, cells[blk]/ix.ncx
				for k, id := range full[blk*n : (blk+1)*n] {
					ai := one[id]
					if ai < 0 {
						continue
					}
					w, ok := ix.subWord(uint32(ai), cx*cellBlock+k%cellBlock, cy*cellBlock+k/cellBlock, margin)
					if !ok || w == 0 {
						continue
					}
					masks[blk] |= 1 << k
					words[blk] = append(words[blk], w)
				}
			}
		})
	}
	wg.Wait()
	// Concatenate, block by block, within the memory bound.
	subs := make([]blockSub, nblk)
	limit := subWordsPerSeg * nseg
	for _, blk := range order {
		if len(ix.sub)+len(words[blk]) > limit {
			break
		}
		subs[blk] = blockSub{masks[blk], uint32(len(ix.sub))}
		ix.sub = append(ix.sub, words[blk]...)
		m := masks[blk]
		for m != 0 {
			k := bits.TrailingZeros64(m)
			m &= m - 1
			id := full[blk*n+k]
			if ix.subAlt == nil {
				ix.subAlt = map[uint32][2]uint32{}
			}
			if _, done := ix.subAlt[id]; done {
				continue
			}
			ents := append([]uint32(nil), ix.entries[ix.listOff[id]:ix.listOff[id+1]]...)
			in := make([]uint32, 0, len(ents))
			out := make([]uint32, 0, len(ents))
			for _, e := range ents {
				in = append(in, e&^1)
				if e&1 == 0 {
					out = append(out, e)
				}
			}
			ix.subAlt[id] = [2]uint32{intern(in), intern(out)}
		}
	}
	ix.sub = append(ix.sub, 0) // cellsOf reads a word for every block cell
	return subs
}

// subList returns the list of the point's sub-cell in fine cell (gx, gy),
// the block's cell k, which has a word: list id with its exact area
// inside, left out, or id itself. fx and fy are the point's grid
// coordinates ((x-minX)/h), whose truncation gave gx and gy. Scaled by
// subSide (exactly, a power of two) and truncated, they give the
// sub-cell, except for a point left of or below the grid's first column or
// row (truncation maps it there, see cellsOf): up to a sub-cell away, it
// lands in that column's or row's first sub-cells, which are never inside
// (grown by the margin, they reach beyond the box of every area), and
// farther away, it keeps id. Not inlined: cellsOf's loop keeps its
// registers for the common path.
//
//go:noinline
func (ix *Index) subList(id uint32, mask uint64, base uint32, k, gx, gy uint, fx, fy float64) uint32 {
	sx := uint(int(fx*subSide)) - gx*subSide
	sy := uint(int(fy*subSide)) - gy*subSide
	if sx|sy >= subSide {
		return id
	}
	w := ix.sub[base+uint32(bits.OnesCount64(mask&(1<<k-1)))]
	return uint32(ix.qlists[id].a[w>>(2*(sy*subSide+sx))&3])
}
