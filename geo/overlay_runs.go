package geo

// Exact tests per run of boundary cells.
//
// A point in a boundary cell used to be tested against the segments of
// its area's slab: a horizontal band holding every segment that crosses
// it, 7–17 on real and synthetic boundaries, scattered over the ring's
// memory. A fine cell is crossed by one to three. In one row of fine
// cells, an area's boundary cells form runs; the cell right of a run is
// not a boundary cell, so its state is known and no segment of the area
// comes near it (grown by the grid's margin). The ray that GEOS casts from
// a point to the right therefore crosses, before that cell, only segments
// that touch the run, and beyond it exactly what the ray from the cell's
// centre q crosses. Per run the index keeps those segments and, when they
// all belong to one ring R, a two-entry table: whether the area covers a
// point whose ray crosses them an even or an odd number of times, which
// is the area's covers() at q with R's parity flipped or not (the other
// rings do not touch the run or q's cell, so their parity is that at q).
// The query counts the crossings with crossRing (for runs of more than
// runShort segments stopping at the first segment wholly left of the
// point; locateInRing for long runs), and falls back to covers() wherever
// those report a point on or very near an edge, or a run touches several
// rings: the result is the same as covers() for every point, as GEOS's
// ray-crossing parity equals the ring's winding parity at any point off
// the ring.

import (
	"cmp"
	"math"
	"slices"
)

// incidence is a segment marking a cell in a row of the area's raster
// window (row and column relative to the window).
type incidence struct {
	row, col int32
	seg      uint32
}

// areaRuns lists, per row of fine cells in an area's window, the runs of
// the area's boundary cells and, per run, the segments touching it, in one
// array so that a query reads one stretch of memory before the segments'
// coordinates: per row the runs' header words (first column relative to
// gx0 in bits 0–15, number of segments in bits 16–28, flags in bits
// 29–31), then their segment ids run after run. A query finds its run by
// counting the headers that start at or left of its column, without a
// branch per run.
type areaRuns struct {
	gx0, gy0 int      // the window's first column and row (fine cells)
	row      []uint32 // window row y → its headers and segments data[row[y]:row[y+1]]; nil: no runs kept
	nrun     []uint8  // window row y → its number of runs (≤ runMaxRuns)
	data     []uint32 // per row: headers, then segment ids (per run by descending maxX)
}

// maxX is the larger x of segment k's ends.
func (a *areaIndex) maxX(k uint32) float64 { return max(a.pts[k][0], a.pts[k+1][0]) }

const (
	runIfEven   = 1 << 29 // covered when the run's segments are crossed an even number of times
	runIfOdd    = 1 << 30 // … an odd number of times
	runFallback = 1 << 31 // the run touches several rings: covers()
	runMaxSegs  = 1<<13 - 1
	runMaxRuns  = 64 // runs in a row, at most (a query reads every header)
	// runShort is the longest run whose segments a query tests all, with
	// no branch on where to stop: a loop of fixed length mispredicts less
	// than the stop (the synthetic stars' runs hold 2.8 segments, 1.1×).
	runShort = 4
	// runBytesPerSeg bounds an area's runs: if they would take more bytes
	// per segment (long edges close together), none are kept and its
	// points use covers(), so the index stays within its memory bound.
	runBytesPerSeg = 64
)

// bytes returns the memory the runs take.
func (ru *areaRuns) bytes() int {
	return 4*len(ru.row) + len(ru.nrun) + 4*len(ru.data)
}

// forEach calls f for every run: its window row, header and segments.
func (ru *areaRuns) forEach(f func(y int, h uint32, segs []uint32)) {
	for y := range ru.nrun {
		i := ru.row[y]
		hs := ru.data[i : i+uint32(ru.nrun[y])]
		s := i + uint32(len(hs))
		for _, h := range hs {
			n := h >> 16 & runMaxSegs
			f(y, h, ru.data[s:s+n])
			s += n
		}
	}
}

// buildRuns derives a's runs from its final raster r and the marking's
// incidences.
func (ix *Index) buildRuns(a *areaIndex, r *areaRaster, inc []incidence) {
	if r.w > math.MaxUint16 || len(inc) == 0 {
		return
	}
	// Runs per row: their first columns (cols[rowRuns[y]:rowRuns[y+1]]).
	var cols []uint16
	rowRuns := make([]uint32, r.h+1)
	for y := range r.h {
		row := r.st[y*r.w : (y+1)*r.w]
		for x := range row {
			if row[x] == stBoundary && (x == 0 || row[x-1] != stBoundary) {
				cols = append(cols, uint16(x))
			}
		}
		rowRuns[y+1] = uint32(len(cols))
		if rowRuns[y+1]-rowRuns[y] > runMaxRuns {
			return
		}
	}
	type runSeg struct{ run, seg uint32 }
	pairs := make([]runSeg, len(inc))
	for i, in := range inc {
		lo := rowRuns[in.row]
		j, found := slices.BinarySearch(cols[lo:rowRuns[in.row+1]], uint16(in.col))
		if !found {
			j-- // the run starting left of the column
		}
		if j < 0 {
			return // unreachable: a marked cell is a boundary cell
		}
		pairs[i] = runSeg{lo + uint32(j), in.seg}
	}
	slices.SortFunc(pairs, func(p, q runSeg) int {
		return cmp.Or(cmp.Compare(p.run, q.run), cmp.Compare(p.seg, q.seg))
	})
	pairs = slices.Compact(pairs)
	nrun := len(cols)
	if 4*(r.h+1)+r.h+4*(nrun+len(pairs)) > ix.runBudget*a.nseg {
		return
	}
	ru := areaRuns{gx0: r.gx0, gy0: r.gy0, row: make([]uint32, r.h+1), nrun: make([]uint8, r.h), data: make([]uint32, 0, nrun+len(pairs))}
	next := 0
	for y := range r.h {
		row := r.st[y*r.w : (y+1)*r.w]
		r0, r1 := rowRuns[y], rowRuns[y+1]
		hdr := len(ru.data)
		ru.data = append(ru.data, make([]uint32, r1-r0)...)
		ru.nrun[y] = uint8(r1 - r0)
		for run := r0; run < r1; run++ {
			first := next
			for next < len(pairs) && pairs[next].run == run {
				next++
			}
			if next-first > runMaxSegs {
				return
			}
			h := hdr + int(run-r0)
			s := len(ru.data)
			for _, p := range pairs[first:next] {
				ru.data = append(ru.data, p.seg)
			}
			segs := ru.data[s:]
			// Rightmost first, so that a query stops at the first segment
			// wholly left of its point (crossRing).
			slices.SortFunc(segs, func(k, l uint32) int {
				return cmp.Or(cmp.Compare(a.maxX(l), a.maxX(k)), cmp.Compare(k, l))
			})
			ru.data[h] = uint32(cols[run]) | uint32(len(segs))<<16 | ix.runFlags(a, segs, row, int(cols[run]), r.gx0, r.gy0+y)
		}
		ru.row[y+1] = uint32(len(ru.data))
	}
	a.runs = ru
}

// runFlags returns the flags of the run starting at column x0 of row (fine
// row gy, window column 0 at fine column gx0) whose segments are segs.
func (ix *Index) runFlags(a *areaIndex, segs []uint32, row []uint8, x0, gx0, gy int) uint32 {
	if len(segs) == 0 {
		return runFallback
	}
	ring := a.segRing[segs[0]]
	for _, k := range segs {
		if a.segRing[k] != ring {
			return runFallback
		}
	}
	t := x0
	for t < len(row) && row[t] == stBoundary {
		t++
	}
	// q: the centre of the first cell right of the run (beyond the window:
	// outside every ring).
	qx := ix.minX + (float64(gx0+t)+0.5)*ix.h
	qy := ix.minY + (float64(gy)+0.5)*ix.h
	var f uint32
	if a.coversFlipped(qx, qy, ring, false) {
		f |= runIfEven
	}
	if a.coversFlipped(qx, qy, ring, true) {
		f |= runIfOdd
	}
	return f
}

// coversFlipped is covers() at (x, y), which lies on no ring, with the
// parity of ring flipped when flip is set.
func (a *areaIndex) coversFlipped(x, y float64, ring int32, flip bool) bool {
	type parity struct {
		ring int32
		odd  bool
	}
	var ps []parity
	seen := false
	segs := a.slabOf(y)
	for i := 0; i < len(segs); {
		r := a.segRing[segs[i]]
		j := i + 1
		for j < len(segs) && a.segRing[segs[j]] == r {
			j++
		}
		if r > ring && !seen {
			ps = append(ps, parity{ring, flip})
			seen = true
		}
		odd := locateInRing(a.pts, segs[i:j], x, y) == locInterior
		if r == ring {
			odd = odd != flip
			seen = true
		}
		ps = append(ps, parity{r, odd})
		i = j
	}
	if !seen {
		ps = append(ps, parity{ring, flip})
	}
	// Rings of a polygon are consecutive: a polygon covers the point when
	// its shell is odd and none of its holes is.
	for i := 0; i < len(ps); {
		p := a.ringOf[ps[i].ring]
		shell, hole := false, false
		for ; i < len(ps) && a.ringOf[ps[i].ring] == p; i++ {
			if a.isHole[ps[i].ring] {
				hole = hole || ps[i].odd
			} else {
				shell = ps[i].odd
			}
		}
		if shell && !hole {
			return true
		}
	}
	return false
}

// coversAt is covers() of area ai at (x, y), a point in a fine cell that
// the grid lists area ai as boundary for: by the cell's run where that
// decides.
func (ix *Index) coversAt(ai uint32, x, y float64) bool {
	if covered, ok := ix.coversRun(ai, x, y); ok {
		return covered
	}
	return ix.exact[ai].covers(x, y)
}

// coversRun is covers() of area ai at (x, y) by the run of the point's
// cell; ok is false where the run does not decide (no runs kept, a run
// touching several rings, a point on or very near a segment).
func (ix *Index) coversRun(ai uint32, x, y float64) (covered, ok bool) {
	a := &ix.exact[ai]
	ru := &a.runs
	if ru.row == nil {
		return false, false
	}
	// The point's cell, as cellsOf and cell compute it.
	cx := int((x-ix.minX)*ix.inv) - ru.gx0
	cy := int((y-ix.minY)*ix.inv) - ru.gy0
	if cy < 0 || cy >= len(ru.nrun) || cx < 0 {
		return false, false // unreachable for a boundary cell
	}
	// The run: the last one starting at or left of the cell, found by
	// counting the row's headers that start there (cy < len(nrun) above),
	// its segments after those of the runs before it.
	i := ru.row[cy]
	hs := ru.data[i:][:ru.nrun[cy]]
	k, before := uint(0), uint32(0)
	for _, h := range hs {
		le := b2u(int(h&0xffff) <= cx)
		k += le
		before += uint32(le) * (h >> 16 & runMaxSegs)
	}
	if k == 0 {
		return false, false // left of every run: unreachable for a boundary cell
	}
	h := hs[k-1]
	if h&runFallback != 0 {
		return false, false // several rings
	}
	n := h >> 16 & runMaxSegs
	s := i + uint32(len(hs)) + before - n
	segs := ru.data[s:][:n]
	loc := locBoundary
	if len(segs) <= crossRingMax {
		loc, ok = crossRing(a.pts, segs, x, y, len(segs) > runShort)
	}
	if !ok {
		if loc = locateInRing(a.pts, segs, x, y); loc == locBoundary {
			return false, false // on the ring: covers() applies GEOS's rules for it
		}
	}
	return h&(runIfEven<<b2u(loc == locInterior)) != 0, true
}
