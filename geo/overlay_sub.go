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
	"math"
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
	line uint64 // … and it is a line word (lineWord), not sub-cells
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
	segs, ok := ix.segsNear(ai, gx, gy, margin)
	if !ok {
		return 0, false
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

// segsNear returns the segments of area ai near fine cell (gx, gy): every
// segment touching the cell grown by the margin is among them. They are
// the run's, or else those of the slabs the grown cell reaches into, if at
// most subMaxSlabSegs (a segment may repeat); false otherwise.
func (ix *Index) segsNear(ai uint32, gx, gy int, margin float64) ([]uint32, bool) {
	a := &ix.exact[ai]
	if segs, ok := a.runs.segsAt(gx, gy); ok {
		return segs, true
	}
	// No runs kept (an area with few segments on a fine grid, or long
	// edges close together): the segments of the slabs, when they are few.
	y0 := ix.minY + float64(gy)*ix.h
	lo, hi := a.slabIndex(y0-margin), a.slabIndex(y0+ix.h+margin)
	if a.slabOff[hi+1]-a.slabOff[lo] > subMaxSlabSegs {
		return nil, false
	}
	return a.slabSeg[a.slabOff[lo]:a.slabOff[hi+1]], true
}

// Line words. A cell that one segment crosses, and no other segment of its
// exact areas comes near (grown by the margin), is split by the segment's
// line into two halves, each free of those areas' boundaries: each area
// covers all of a half or none of it. Districts sharing an edge share the
// segment (the same two vertices), so the cell on it needs no exact test
// on either side. Instead of sub-cells such a cell keeps the line, in
// cell units from the cell's centre, as a·u + b·v + c = 0 with small
// integers a, b and c in eighths, and a replacement list per side; only
// points within lineT of the stored line (about 1–2 % of the cell's side,
// where the rounded line and the true one may disagree) keep the exact
// test, instead of the 4–7 sub-cells of 16 the segment touches.
//
// The word: a (bits 0–7) and b (8–15) as int8, c·lineC (16–27, 12 bits
// signed), the replacement's number for the side a·u + b·v + c > lineT
// (28–29) and for < −lineT (30–31).
const (
	lineAB = 127 // max(|a|, |b|)
	lineC  = 8   // c's unit: 1/lineC
	lineT  = 2.0 // |a·u + b·v + c| beyond which a point's side is certain
)

// lineCode returns the number that line word w gives a point at (u, v),
// in cell units from the cell's centre: the replacement of its side, 0
// (the cell's list) near the line.
// Without a branch on the side, which the CPU cannot predict.
func lineCode(w uint32, u, v float64) uint32 {
	d := float64(int8(w))*u + float64(int8(w>>8))*v + float64(int32(w<<4)>>20)*(1.0/lineC)
	side := b2u(d > lineT) | b2u(d < -lineT)<<1 // 0 near the line, 1 or 2
	// The codes for side 1 (bits 28–29) and 2 (30–31) above two zero bits.
	return uint32(uint(w>>28)<<2>>(2*side)) & 3
}

// lineWord returns the line of fine cell (gx, gy) (the word's bits 0–27)
// and per side the key of the exact areas exs (as in buildSub: two bits
// per area, subExact, subInside or subOutside), when one segment, shared
// by all of exs that come near the cell, is the only one near it (grown
// by the margin) and its rounded line is certain beyond lineT.
//
// Beyond lineT the side is certain: the stored line's affine function
// (normalised) differs from the true line's signed distance by at most e
// over the cell grown by the margin (an affine function's extreme on a
// square is at a corner), and a point's grid coordinates differ from its
// true ones by less than the margin; so a point with |a·u + b·v + c| >
// lineT lies, truly, strictly on that side when lineT/|(a, b)| > e + 2·margin
// (in cells). Each half of the grown cell is convex and holds no boundary
// of exs, so covers() at one corner of the cell decides it.
func (ix *Index) lineWord(exs []uint32, gx, gy int, margin float64) (w uint32, plus, minus uint8, ok bool) {
	h := ix.h
	x0, y0 := ix.minX+float64(gx)*h, ix.minY+float64(gy)*h
	var p1, p2 orb.Point
	found := false
	for _, ai := range exs {
		segs, ok := ix.segsNear(ai, gx, gy, margin)
		if !ok {
			return 0, 0, 0, false
		}
		a := &ix.exact[ai]
		for _, k := range segs {
			q1, q2 := a.pts[k], a.pts[k+1]
			if subTouched(q1, q2, x0, y0, h/subSide, h, margin) == 0 {
				continue
			}
			switch {
			case !found:
				p1, p2, found = q1, q2, true
			case q1 == p1 && q2 == p2 || q1 == p2 && q2 == p1:
			default:
				return 0, 0, 0, false
			}
		}
	}
	if !found {
		return 0, 0, 0, false
	}
	// In cells from the cell's centre.
	cx, cy := x0+h/2, y0+h/2
	l1x, l1y := (p1[0]-cx)/h, (p1[1]-cy)/h
	dx, dy := (p2[0]-cx)/h-l1x, (p2[1]-cy)/h-l1y
	nx, ny := -dy, dx
	nn := max(math.Abs(nx), math.Abs(ny))
	if !(nn > 0) {
		return 0, 0, 0, false
	}
	a, b := math.Round(nx/nn*lineAB), math.Round(ny/nn*lineAB)
	t := -(l1x*dx + l1y*dy) / (dx*dx + dy*dy) // the line's point nearest the centre
	c := math.Round(-(a*(l1x+t*dx) + b*(l1y+t*dy)) * lineC)
	if math.Abs(c) >= 1<<11 {
		return 0, 0, 0, false
	}
	nq, nt := math.Hypot(a, b), math.Hypot(nx, ny)
	mg := margin / h
	e := 0.0
	for _, px := range []float64{-0.5 - mg, 0.5 + mg} {
		for _, py := range []float64{-0.5 - mg, 0.5 + mg} {
			dq := (a*px + b*py + c/lineC) / nq
			dt := (nx*(px-l1x) + ny*(py-l1y)) / nt
			e = max(e, math.Abs(dq-dt))
		}
	}
	if !(lineT/nq > e+2*mg+1e-9) {
		return 0, 0, 0, false
	}
	w = uint32(uint8(int8(a))) | uint32(uint8(int8(b)))<<8 | (uint32(int32(c))&0xfff)<<16
	// Per side, the cell's corner farthest from the line, if beyond lineT.
	var far [2]orb.Point // 0: the + side, 1: the − side
	var fd [2]float64
	for i := range 4 {
		px, py := float64(i&1)-0.5, float64(i>>1)-0.5
		d := a*px + b*py + c/lineC
		if d > fd[0] {
			fd[0], far[0] = d, orb.Point{x0 + float64(i&1)*h, y0 + float64(i>>1)*h}
		}
		if -d > fd[1] {
			fd[1], far[1] = -d, orb.Point{x0 + float64(i&1)*h, y0 + float64(i>>1)*h}
		}
	}
	var keys [2]uint8
	for side := range 2 {
		if fd[side] <= lineT {
			continue // this side's part of the cell is all within lineT: exact
		}
		for i, ai := range exs {
			st := uint8(subOutside)
			if ix.coversAt(ai, far[side][0], far[side][1]) {
				st = subInside
			}
			keys[side] |= st << (2 * i)
		}
	}
	return w, keys[0], keys[1], true
}

// subTouched returns the sub-cells (bit sy·subSide+sx) of the cell with
// lower left corner (x0, y0) and sub-cell side q that segment p1–p2
// touches, each sub-cell grown by margin: conservatively, per sub-column
// the segment's y-range over it (columnY, as rasterise marks fine cells).
func subTouched(p1, p2 orb.Point, x0, y0, q, h, margin float64) uint16 {
	if max(p1[0], p2[0]) < x0-margin || min(p1[0], p2[0]) > x0+h+margin || max(p1[1], p2[1]) < y0-margin || min(p1[1], p2[1]) > y0+h+margin {
		return 0 // a segment away from the grown cell (a run's or slab's other cells)
	}
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
		k      int // the cell in its block
		keys   [subSide * subSide]uint8
		line   uint32 // a line word's line (lineWord); keys[0] and keys[subSide*subSide-1] its sides' keys
		isLine bool
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
					gx, gy := cx*cellBlock+k%cellBlock, cy*cellBlock+k/cellBlock
					if lw, kp, km, ok := ix.lineWord(exactOf[id], gx, gy, margin); ok && kp|km != 0 {
						// Half the cell each side, for the count of keys.
						c.line, c.isLine = lw, true
						for s := range c.keys {
							c.keys[s] = kp
							if s >= len(c.keys)/2 {
								c.keys[s] = km
							}
						}
						continue
					}
					for i, ai := range exactOf[id] {
						w, ok := ix.subWord(ai, gx, gy, margin)
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
			if c.isLine {
				plus, minus := pal[c.keys[0]], pal[c.keys[len(c.keys)-1]]
				if plus|minus != 0 {
					sb.mask |= 1 << c.k
					sb.line |= 1 << c.k
					ix.sub = append(ix.sub, c.line|uint32(plus)<<28|uint32(minus)<<30)
				}
				continue
			}
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
func (ix *Index) subList(id uint32, s *blockSub, k, gx, gy uint, fx, fy float64) uint32 {
	w := ix.sub[s.base+uint32(bits.OnesCount64(s.mask&(1<<k-1)))]
	// Both readings of the word, then the one it is: a branch on the kind
	// of word, or on the side of a line, is one the CPU cannot predict.
	// fx-gx is exact (Sterbenz), in [0, 1) but for a point left of the
	// grid's first column, which keeps id under a line word.
	u, v := fx-float64(gx), fy-float64(gy)
	lc := lineCode(w, u-0.5, v-0.5)
	sx, sy := subCell(fx, gx), subCell(fy, gy)
	sc := w >> (2 * (sy*subSide + sx)) & 3 // unused when sx or sy is out of range
	line := uint32(s.line >> k & 1)
	code := sc ^ (sc^lc)&-line
	out := b2u(u < 0 || v < 0)&uint(line) | b2u(sx|sy >= subSide)&uint(1-line)
	if out != 0 {
		return id
	}
	return uint32(ix.qlists[id].a[code])
}
