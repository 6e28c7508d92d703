package geo

// Sub-cells: a third grid level under the boundary cells.
//
// A point in a boundary cell runs the exact test, which costs far more
// than its instructions: it waits on a chain of dependent reads (the
// area's row table, the run's headers and segment ids, the coordinates).
// Most of a boundary cell is nevertheless away from the edge: split into
// subSide × subSide sub-cells, a cell crossed by one edge has sub-cells
// that no edge touches on both sides of it. So, for a fine cell whose list
// needs the exact test for 1 to subMaxExact areas, the index decides per
// sub-cell and area: exact (an edge of that area touches the sub-cell
// grown by the grid's margin), inside or outside (no edge does: covers()
// of its centre, which then holds for the whole sub-cell). Such a
// decision names a list: the cell's, with the decided areas inside or
// left out. Per list the three most frequent of these get a number, 1–3
// (a cell on the shared edge of two districts needs two: one side, the
// other side), and a cell keeps a word of two bits per sub-cell, the
// number or 0 for "keep the cell's list". LocateAll (cellsOf) maps a point
// in such a cell to its sub-cell and takes that list, which it mostly
// answers without a test. Locate keeps the two-level lookup.
//
// Per block, a mask of its cells that have a word and the index of the
// first word (the cell's word follows the words of the cells before it in
// the mask); per refined list, the replacement lists in its qlist's unused
// inline slots. A cell keeps no word when the segments near it are not at
// hand (its area keeps no runs and its slabs there hold many segments),
// when no sub-cell of it is decided, or beyond subWordsPerSeg words per
// segment of all areas, which bounds the memory.

import (
	"cmp"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

const (
	subSide        = 4  // sub-cells per side of a fine cell: 2 bits each in a uint32
	subExact       = 0  // an area's sub-cell needs its exact test
	subInside      = 1  // … is covered by it, all of it
	subOutside     = 2  // … is not covered by it
	subMaxSlabSegs = 64 // segments near a cell at most, taken from slabs
	subMaxExact    = 4  // exact areas of a list at most that sub-cells refine (2 bits each in a byte)
	subWordsPerSeg = 9  // sub-cell words per segment at most (36 bytes)
)

// blockSub locates the sub-cell words of a block's cells.
type blockSub struct {
	mask uint64 // bit y·cellBlock+x: the block's cell (x, y) has a word
	base uint32 // index in Index.sub of the block's first word
}

// blockSubOf returns block b's blockSub (b numbered as blockList's): the
// empty one for an index without sub-cells.
func (ix *Index) blockSubOf(b uint) blockSub {
	if b < uint(len(ix.blockSubs)) {
		return ix.blockSubs[b]
	}
	return blockSub{}
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
	bx0, by0, bx1, by1 := x0-margin, y0-margin, x0+ix.h+margin, y0+ix.h+margin
	for _, k := range segs {
		p1, p2 := a.pts[k], a.pts[k+1]
		if max(p1[0], p2[0]) < bx0 || min(p1[0], p2[0]) > bx1 || max(p1[1], p2[1]) < by0 || min(p1[1], p2[1]) > by1 {
			continue // a segment of the run away from this cell of it
		}
		touched |= subTouched(p1, p2, x0, y0, q, ix.h, margin)
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
// the segment's y-range over it (columnY, as rasterise marks fine cells).
func subTouched(p1, p2 orb.Point, x0, y0, q, h, margin float64) uint16 {
	e := newEdgeSpan(p1, p2, h)
	var m uint16
	for sx := range subSide {
		colLo := x0 + float64(sx)*q - margin
		colHi := x0 + float64(sx+1)*q + margin
		if e.hx < colLo || e.lx > colHi {
			continue
		}
		lo, hi := e.columnY(colLo, colHi, margin)
		for sy := range subSide {
			if hi >= y0+float64(sy)*q && lo <= y0+float64(sy+1)*q {
				m |= 1 << (sy*subSide + sx)
			}
		}
	}
	return m
}

// segsAt returns the segments of the run holding fine cell (gx, gy), and
// false where the area keeps no runs or the cell is in none. coversRun
// finds the run in its own lines: as a function shared by both (cost 136,
// beyond the inliner's 80) the exact test measured 0.94–0.99×.
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
//
// A cell whose list needs the exact test for 1 to subMaxExact areas gets,
// per sub-cell, a key: per exact area (in the list's order) two bits,
// subExact, subInside or subOutside. A key names the list the sub-cell
// may use instead: the cell's, with each area that is decided there
// inside or left out. Per list, the three keys found in most sub-cells
// get a replacement list each (a cell on the shared edge of two districts
// has two: the one side and the other); a word holds per sub-cell the
// number of its key's replacement, 0 for none.
func (ix *Index) buildSub(full []uint32, cells, order []int, intern func([]uint32) uint32, margin float64, nseg int) []blockSub {
	const n = cellBlock * cellBlock
	nblk := len(full) / n
	// Per list, its exact areas, if 1 to subMaxExact.
	nl := len(ix.listOff) - 1
	exactOf := make([][]uint32, nl)
	for id := range nl {
		var ex []uint32
		for _, e := range ix.entries[ix.listOff[id]:ix.listOff[id+1]] {
			if e&1 != 0 {
				ex = append(ex, e>>1)
			}
		}
		if len(ex) <= subMaxExact {
			exactOf[id] = ex
		}
	}
	// Per block, the keys of its cells' sub-cells, in parallel.
	type cellKeys struct {
		k    int // the cell in its block
		keys [subSide * subSide]uint8
	}
	// Per block, its cells that may get a word: keys[off[blk]:off[blk+1]].
	off := make([]int, nblk+1)
	for blk := range nblk {
		off[blk+1] = off[blk]
		for _, id := range full[blk*n : (blk+1)*n] {
			if len(exactOf[id]) > 0 {
				off[blk+1]++
			}
		}
	}
	keys := make([]cellKeys, off[nblk])
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
				j := off[blk]
				for k, id := range full[blk*n : (blk+1)*n] {
					if len(exactOf[id]) == 0 {
						continue
					}
					c := &keys[j]
					j++
					c.k = k
					for i, ai := range exactOf[id] {
						w, ok := ix.subWord(ai, cx*cellBlock+k%cellBlock, cy*cellBlock+k/cellBlock, margin)
						if !ok {
							continue
						}
						for s := range c.keys {
							c.keys[s] |= uint8(w>>(2*s)&3) << (2 * i)
						}
					}
				}
			}
		})
	}
	wg.Wait()
	blkKeys := func(blk int) []cellKeys { return keys[off[blk]:off[blk+1]] }
	// The blocks whose words fit the memory bound, in order; per list the
	// number of sub-cells per key.
	limit := subWordsPerSeg * nseg
	if ix.opt.subWordsPerSeg > 0 {
		limit = ix.opt.subWordsPerSeg * nseg
	}
	kept, words := 0, 0
	for _, blk := range order {
		nw := 0
		for _, c := range blkKeys(blk) {
			if c.keys != ([subSide * subSide]uint8{}) {
				nw++
			}
		}
		if words+nw > limit {
			break
		}
		words += nw
		kept++
	}
	count := make([]*[1 << (2 * subMaxExact)]int32, nl) // list → sub-cells per key
	for _, blk := range order[:kept] {
		for _, c := range blkKeys(blk) {
			id := full[blk*n+c.k]
			if count[id] == nil {
				count[id] = new([1 << (2 * subMaxExact)]int32)
			}
			for _, key := range c.keys {
				count[id][key]++
			}
		}
	}
	// Per list, its three most frequent keys but 0 (ties: the smaller key)
	// and their replacement lists.
	palette := make([]*[1 << (2 * subMaxExact)]uint8, nl) // list → key → its replacement's number, 0 for none
	ix.subAlt = map[uint32][3]uint32{}
	var alt []uint32
	for id, cnt := range count {
		if cnt == nil {
			continue
		}
		var top []uint8
		for key := 1; key < len(cnt); key++ {
			if cnt[key] > 0 {
				top = append(top, uint8(key))
			}
		}
		slices.SortStableFunc(top, func(a, b uint8) int { return cmp.Compare(cnt[b], cnt[a]) })
		top = top[:min(len(top), 3)]
		palette[id] = new([1 << (2 * subMaxExact)]uint8)
		for r, key := range top {
			palette[id][key] = uint8(r + 1)
		}
		repl := [3]uint32{uint32(id), uint32(id), uint32(id)}
		for r, key := range top {
			alt = alt[:0]
			i := 0
			for _, e := range ix.entries[ix.listOff[id]:ix.listOff[id+1]] {
				if e&1 == 0 {
					alt = append(alt, e)
					continue
				}
				switch key >> (2 * i) & 3 {
				case subExact:
					alt = append(alt, e)
				case subInside:
					alt = append(alt, e&^1)
				}
				i++
			}
			repl[r] = intern(alt)
		}
		ix.subAlt[uint32(id)] = repl
	}
	// The words: per sub-cell its key's place in the palette, plus one.
	subs := make([]blockSub, nblk)
	for _, blk := range order[:kept] {
		sb := blockSub{base: uint32(len(ix.sub))}
		for _, c := range blkKeys(blk) {
			pal := palette[full[blk*n+c.k]]
			w := uint32(0)
			for s, key := range c.keys {
				w |= uint32(pal[key]) << (2 * s)
			}
			if w != 0 {
				sb.mask |= 1 << c.k
				ix.sub = append(ix.sub, w)
			}
		}
		subs[blk] = sb
	}
	return subs
}

// subCell returns the sub-cell column (row) of grid coordinate f in fine
// column (row) g = int(f): at least subSide (wrapped around) for f below
// g's first sub-cell (see subList).
func subCell(f float64, g uint) uint {
	return uint(int(f*subSide)) - g*subSide
}

// subList returns the list of the point's sub-cell in fine cell (gx, gy),
// the block's cell k, which has a word: the list the word numbers for the
// sub-cell, or id itself for 0. fx and fy are the point's grid
// coordinates ((x-minX)/h), whose truncation gave gx and gy. Scaled by
// subSide (exactly, a power of two) and truncated, they give the
// sub-cell, except for a point left of or below the grid's first column or
// row (truncation maps it there, see cellsOf): up to a sub-cell away, it
// lands in that column's or row's first sub-cells, where no area is
// decided inside (grown by the margin, they reach beyond the box of every
// area) and the cell's list has no inside area, and farther away, it
// keeps id. Not inlined: cellsOf's loop keeps its
// registers for the common path.
//
//go:noinline
func (ix *Index) subList(id uint32, mask uint64, base uint32, k, gx, gy uint, fx, fy float64) uint32 {
	sx, sy := subCell(fx, gx), subCell(fy, gy)
	if sx|sy >= subSide {
		return id
	}
	w := ix.sub[base+uint32(bits.OnesCount64(mask&(1<<k-1)))]
	return uint32(ix.qlists[id].a[w>>(2*(sy*subSide+sx))&3])
}
