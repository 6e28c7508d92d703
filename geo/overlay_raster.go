package geo

// Rasterising one area onto the fine grid: boundary marking, then a
// scanline per fine row that classifies the other cells.

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// rasterise classifies the fine cells of a's window: boundary where an edge
// touches the cell grown by margin, otherwise inside or outside as the
// exact covers() of the cell's centre (see scanRows).
func (ix *Index) rasterise(a *areaIndex, margin float64) areaRaster {
	gx0, gx1 := ix.fineX(a.box.minX-margin), ix.fineX(a.box.maxX+margin)
	gy0, gy1 := ix.fineY(a.box.minY-margin), ix.fineY(a.box.maxY+margin)
	r := areaRaster{gx0: gx0, gy0: gy0, w: gx1 - gx0 + 1, h: gy1 - gy0 + 1}
	r.st = make([]uint8, r.w*r.h)
	mark := func(cx0, cx1, cy0, cy1 int) {
		cx0, cx1 = max(cx0, gx0), min(cx1, gx1)
		cy0, cy1 = max(cy0, gy0), min(cy1, gy1)
		for cy := cy0; cy <= cy1; cy++ {
			row := r.st[(cy-gy0)*r.w:]
			for cx := cx0; cx <= cx1; cx++ {
				row[cx-gx0] = stBoundary
			}
		}
	}
	var inc []incidence // (row, column, segment) of every marked cell's row, for the runs
	for k := 0; k+1 < len(a.pts); k++ {
		if a.segRing[k] != a.segRing[k+1] {
			continue // a ring's closing vertex starts no segment
		}
		x1, y1, x2, y2 := a.pts[k][0], a.pts[k][1], a.pts[k+1][0], a.pts[k+1][1]
		lx, hx := min(x1, x2), max(x1, x2)
		ly, hy := min(y1, y2), max(y1, y2)
		c0, c1 := ix.fineX(lx-margin), ix.fineX(hx+margin)
		r0, r1 := ix.fineY(ly-margin), ix.fineY(hy+margin)
		if c1-c0 <= 1 || r1-r0 <= 1 || x1 == x2 {
			mark(c0, c1, r0, r1) // the bounding box: conservative
			for cy := max(r0, gy0); cy <= min(r1, gy1); cy++ {
				inc = append(inc, incidence{int32(cy - gy0), int32(max(c0, gx0) - gx0), uint32(k)})
			}
			continue
		}
		// Long diagonal segment: walk its columns and mark, per column, the
		// rows of its y-range over the column's x-range (grown by margin and
		// by a bound on the interpolation's rounding error).
		e := newEdgeSpan(a.pts[k], a.pts[k+1], ix.h)
		for c := c0; c <= c1; c++ {
			lo, hi := e.columnY(ix.minX+float64(c)*ix.h-margin, ix.minX+float64(c+1)*ix.h+margin, margin)
			rlo, rhi := ix.fineY(lo), ix.fineY(hi)
			mark(c, c, rlo, rhi)
			if c >= gx0 && c <= gx1 {
				for cy := max(rlo, gy0); cy <= min(rhi, gy1); cy++ {
					inc = append(inc, incidence{int32(cy - gy0), int32(c - gx0), uint32(k)})
				}
			}
		}
	}
	ix.scanRows(a, &r)
	ix.buildRuns(a, &r, inc)
	return r
}

// edgeSpan is a segment prepared for columnY.
type edgeSpan struct {
	x1, y1, lx, hx, ly, hy float64
	slope, errY            float64 // a non-vertical segment's dy/dx, and a bound on the rounding of y interpolated along it
}

// newEdgeSpan prepares segment p1–p2 for columns up to h wide.
func newEdgeSpan(p1, p2 orb.Point, h float64) edgeSpan {
	x1, y1, x2, y2 := p1[0], p1[1], p2[0], p2[1]
	e := edgeSpan{x1: x1, y1: y1, lx: min(x1, x2), hx: max(x1, x2), ly: min(y1, y2), hy: max(y1, y2)}
	if x1 != x2 {
		e.slope = (y2 - y1) / (x2 - x1)
		e.errY = 1e-13 * (1 + math.Abs(y1) + math.Abs(y2) + (math.Abs(x1)+math.Abs(x2)+h)*math.Abs(e.slope))
	}
	return e
}

// columnY returns the y-range the segment takes over the column
// [colLo, colHi] (its sides already grown by margin), grown by margin and
// by the interpolation's rounding bound, within its own y-range grown by
// margin (all of it for a vertical segment): conservative, whatever the
// rounding. The fine cells (rasterise) and the sub-cells (subTouched) are
// marked by it.
func (e *edgeSpan) columnY(colLo, colHi, margin float64) (lo, hi float64) {
	lo, hi = e.ly-margin, e.hy+margin
	if e.lx == e.hx {
		return lo, hi
	}
	xa := min(max(colLo, e.lx), e.hx)
	xb := min(max(colHi, e.lx), e.hx)
	ya := e.y1 + (xa-e.x1)*e.slope
	yb := e.y1 + (xb-e.x1)*e.slope
	return max(min(ya, yb)-margin-e.errY, lo), min(max(ya, yb)+margin+e.errY, hi)
}

// scanRows sets every non-boundary cell of r to stInside or stOutside: the
// exact covers() of its centre, computed for a whole row at once.
//
// The horizontal line through a row's cell centres is crossed by the
// edges whose y-range contains it under GEOS's half-open rule
// (min(y1, y2) ≤ y < max(y1, y2), as in locateInRing); a sweep over the
// rows keeps exactly those edges active, so the work is the number of
// (edge, row) crossings plus a sort of the edges by y. A non-boundary
// cell's centre is farther than the margin from every edge, so no boundary
// case of locateInRing applies there, and an edge crossing the line in
// column c (which is a boundary cell) lies right of the centre of a
// non-boundary cell in column i exactly when c > i: the margin dwarfs the
// rounding of the crossing's x and of its column. The crossings of a row
// are bucketed by column and swept left to right, toggling the parity of
// their ring; a ring is crossed an even number of times by a line, so the
// parity of the crossings left of a centre is that of those right of it,
// which GEOS counts. covers() at such a centre is then "some polygon has
// an odd shell and no odd hole", kept as a count of such polygons so that
// each toggle is O(1). If a crossing's column is not a boundary cell
// (the marking and this sweep disagree by rounding), the row falls back
// to covers() per run of non-boundary cells.
func (ix *Index) scanRows(a *areaIndex, r *areaRaster) {
	// Non-horizontal edges, by lower y.
	type edge struct {
		ly, hy, x1, y1, x2, y2 float64
		ring                   int32
	}
	var edges []edge
	for ri, ring := range a.rings {
		for i := 1; i < len(ring); i++ {
			x1, y1, x2, y2 := ring[i-1][0], ring[i-1][1], ring[i][0], ring[i][1]
			if y1 != y2 {
				edges = append(edges, edge{min(y1, y2), max(y1, y2), x1, y1, x2, y2, int32(ri)})
			}
		}
	}
	slices.SortFunc(edges, func(p, q edge) int { return cmp.Compare(p.ly, q.ly) })

	npoly := 0
	for _, p := range a.ringOf {
		npoly = max(npoly, int(p)+1)
	}
	odd := make([]bool, len(a.rings)) // ring: odd number of crossings so far
	shellOdd := make([]bool, npoly)   // polygon: its shell is odd
	oddHoles := make([]int32, npoly)  // polygon: number of odd holes
	inside := 0                       // polygons with an odd shell and no odd hole
	in := func(p int32) bool { return shellOdd[p] && oddHoles[p] == 0 }
	toggle := func(ring int32) {
		p := a.ringOf[ring]
		was := in(p)
		odd[ring] = !odd[ring]
		if !a.isHole[ring] {
			shellOdd[p] = odd[ring]
		} else if odd[ring] {
			oddHoles[p]++
		} else {
			oddHoles[p]--
		}
		if now := in(p); now != was {
			if now {
				inside++
			} else {
				inside--
			}
		}
	}

	var active []int32 // edges crossing the current row's line
	colOff := make([]int32, r.w+1)
	var byCol []int32 // crossings' rings, grouped by column
	var cols []int32  // crossing → column
	next := 0
	for cy := r.gy0; cy < r.gy0+r.h; cy++ {
		row := r.st[(cy-r.gy0)*r.w : (cy-r.gy0+1)*r.w]
		yc := ix.minY + (float64(cy)+0.5)*ix.h
		for next < len(edges) && edges[next].ly <= yc {
			active = append(active, int32(next))
			next++
		}
		k := 0
		for _, e := range active {
			if edges[e].hy > yc {
				active[k] = e
				k++
			}
		}
		active = active[:k]
		if !slices.ContainsFunc(row, func(s uint8) bool { return s != stBoundary }) {
			continue
		}

		// Bucket the crossings by column (counting sort).
		clear(colOff)
		cols = cols[:0]
		fallback := false
		for _, ei := range active {
			e := &edges[ei]
			t := (yc - e.y1) / (e.y2 - e.y1)
			c := ix.fineX(e.x1+t*(e.x2-e.x1)) - r.gx0
			c = clampInt(c, 0, r.w-1)
			if row[c] != stBoundary {
				fallback = true
				break
			}
			cols = append(cols, int32(c))
			colOff[c+1]++
		}
		if fallback {
			ix.fillRuns(a, row, r.gx0, yc)
			continue
		}
		for c := range r.w {
			colOff[c+1] += colOff[c]
		}
		byCol = slices.Grow(byCol[:0], len(cols))[:len(cols)]
		for i, ei := range active {
			c := cols[i]
			byCol[colOff[c]] = edges[ei].ring
			colOff[c]++
		}
		// colOff[c] is now the end of column c's crossings.

		start := int32(0)
		for i := 0; i < len(row); i++ {
			if row[i] != stBoundary { // a run; its columns hold no crossings
				s := uint8(stOutside)
				if inside > 0 {
					s = stInside
				}
				for ; i < len(row) && row[i] != stBoundary; i++ {
					row[i] = s
				}
				if i == len(row) {
					break
				}
			}
			for _, ring := range byCol[start:colOff[i]] {
				toggle(ring)
			}
			start = colOff[i]
		}
		// Every ring was crossed an even number of times: all parities
		// are even again.
		if inside != 0 {
			panic("overlay: odd crossing count on a closed ring")
		}
	}
}

// fillRuns classifies the non-boundary cells of one row by an exact test
// of one point per run (two adjacent non-boundary cells are connected
// without crossing an edge, so they share their state).
func (ix *Index) fillRuns(a *areaIndex, row []uint8, gx0 int, yc float64) {
	for i := 0; i < len(row); {
		if row[i] == stBoundary {
			i++
			continue
		}
		xc := ix.minX + (float64(gx0+i)+0.5)*ix.h
		s := uint8(stOutside)
		if a.covers(xc, yc) {
			s = stInside
		}
		for ; i < len(row) && row[i] != stBoundary; i++ {
			row[i] = s
		}
	}
}
