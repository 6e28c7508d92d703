package geo

// Bulk point location: LocateAll streams answers into caller-owned
// buffers; AssignAll and locateParallel split large inputs over workers.
//
// The hot path reads the grid built by buildGrid (coarse → block → list id)
// and a query form of the area lists made once by prepareQuery: per list,
// up to qlistInline area indices stored inline, so a point whose cell needs
// no exact test is answered with one 16-byte copy and no branch on the
// number of areas. Points are mapped to cells a batch at a time (cellsOf)
// before they are answered, so the grid's cache misses overlap; sorted
// input (address files sorted by street) mostly hits the cache.

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/paulmach/orb"
)

// qlistInline is the number of area indices a qlist holds inline.
const qlistInline = 4

// qlist is the query form of one area list.
type qlist struct {
	a   [qlistInline]int32 // the areas, when n ≥ 0 (the rest is padding); for a list refined by sub-cells, itself and its replacements (subList)
	n   int32              // number of areas, or -1: take entries[off:end] (exact tests or long list)
	off uint32
	end uint32
	_   uint32 // 32 bytes
}

// prepareQuery derives the query tables from the grid; NewIndex calls it last.
func (ix *Index) prepareQuery() {
	if ix.empty {
		return
	}
	nl := len(ix.listOff) - 1
	ix.qlists = make([]qlist, nl, nl+1)
	ix.emptyList = uint32(nl) // for points outside the grid
	ix.qlists = append(ix.qlists, qlist{})
	for id := range nl {
		l := &ix.qlists[id]
		l.off, l.end = ix.listOff[id], ix.listOff[id+1]
		ents := ix.entries[l.off:l.end]
		if len(ents) > qlistInline {
			l.n = -1
			continue
		}
		for k, e := range ents {
			if e&1 != 0 {
				l.n = -1
				break
			}
			l.a[k] = int32(e >> 1)
			l.n++
		}
	}
	// A list refined by sub-cells needs an exact test (n = -1), so its
	// inline slots are free: by a sub-cell's number in the word, the list
	// to use (subList): 0 the list itself, 1–3 its replacements.
	for id, alt := range ix.subAlt {
		ix.qlists[id].a = [qlistInline]int32{int32(id), int32(alt[0]), int32(alt[1]), int32(alt[2])}
	}
	ix.subAlt = nil
}

// LocateAll locates every point of pts, as Locate does: counts[i] is set
// to the number of areas covering pts[i], and their indices are appended
// to areas, ascending per point and point after point. It returns the
// extended areas. counts must have at least len(pts) elements.
//
// LocateAll does not allocate when areas has room for the answers plus
// 1,024 spare elements (it may write, like append, beyond the returned
// length within areas' capacity), so a caller that passes the returned
// slice back (as areas[:0]) allocates nothing in the steady state. It is
// fastest when consecutive points lie near each other.
func (ix *Index) LocateAll(pts []orb.Point, counts []int32, areas []int32) []int32 {
	counts = counts[:len(pts)]
	if ix.empty {
		clear(counts)
		return areas
	}
	lists := ix.qlists
	n := len(areas)
	buf := areas[:cap(areas)]
	var ids [qbatch]uint32
	for lo := 0; lo < len(pts); lo += qbatch {
		batch := pts[lo:min(lo+qbatch, len(pts))]
		bids := ids[:len(batch)]
		ix.cellsOf(batch, bids)
		cnt := counts[lo:][:len(bids)]
		// Room for the inline copies of the whole batch; exactAnswers keeps it.
		if len(buf)-n < qlistInline*len(batch) {
			buf = grow(buf, n, qlistInline*len(batch))
		}
		for j := 0; j < len(bids); j++ {
			if j, n = answerInline(lists, bids, cnt, buf, j, n); j == len(bids) {
				break
			}
			start := n
			buf, n = ix.exactAnswers(&lists[bids[j]], batch[j], buf, n, qlistInline*(len(bids)-j))
			cnt[j] = int32(n - start)
		}
	}
	return buf[:n]
}

// answerInline answers the points ids[j:] whose lists need no exact test
// (into cnt and buf[n:], which has room), up to the first that does, and
// returns its index (len(ids) if none) and the new length of buf. A loop
// of its own, without a call, keeps n in a register.
func answerInline(lists []qlist, ids []uint32, cnt, buf []int32, j, n int) (int, int) {
	for ; uint(j) < uint(len(ids)); j++ { // unsigned: no bounds check on ids[j]
		l := &lists[ids[j]]
		ln := l.n // in a register: the store to buf may alias lists, for all the compiler knows
		if ln < 0 {
			break
		}
		*(*[qlistInline]int32)(buf[n : n+qlistInline]) = l.a
		cnt[j] = ln
		n += int(ln)
	}
	return j, n
}

// qbatch is the number of points LocateAll maps to cells before it
// answers them, so that the cache misses of the grid lookups overlap.
const qbatch = 256

// cellsOf stores in ids the list id of each point's fine cell (the empty
// list for points outside the grid). It keeps no state from point to
// point: for sorted points the lookups hit the cache and every branch is
// predicted, and a "same cell as before" test measured slower (it costs
// registers, and mispredicts where cells change every few points).
//
// A point is looked up when its cell's column and row, truncated toward
// zero, lie in the grid, which extends beyond the box of the areas by at
// least one cell right and above (buildGrid), so every point of the box
// maps to a cell without clamping; one unsigned comparison per axis
// rejects the rest (negative indices wrap around; NaN, ±Inf and huge
// values convert to math.MinInt64 on amd64, see nanMapsOut). A point
// outside the box but in a cell of the grid (up to a cell left of or
// below it, by the truncation) gets the empty list or, in a cell at the
// box's edge, a list of exact tests, which reject it: no area is "inside"
// in a cell that reaches outside the box of all areas. The loop keeps
// what a point in a whole coarse cell needs in registers; a point in a
// block reads the blocks through ix.
//
// On amd64 with AVX-512 (useSIMD) cellsOfSIMD does the same eight points
// at a time, with the same arithmetic: its conversion to int32 gives
// 0x80000000 for NaN, ±Inf and whatever lies beyond int32, which the
// unsigned comparison rejects as it rejects math.MinInt64 (the grid has
// fewer than 2³¹ cells per axis). TestCellsOfSIMD and FuzzCellsOfSIMD
// compare the two.
func (ix *Index) cellsOf(pts []orb.Point, ids []uint32) {
	// cellsOf8 reads a 16-bit coarse table four bytes at a time, so it
	// needs one element of room beyond its end (setCoarse makes it).
	if useSIMD && (ix.coarse16 == nil || cap(ix.coarse16) > len(ix.coarse16)) {
		ix.cellsOfSIMD(pts, ids)
		return
	}
	ix.cellsOfScalar(pts, ids)
}

// cellsOfScalar is cellsOf one point at a time.
func (ix *Index) cellsOfScalar(pts []orb.Point, ids []uint32) {
	if ix.coarse16 != nil {
		cellsOf(ix, ix.coarse16, pts, ids)
	} else {
		cellsOf(ix, ix.coarse32, pts, ids)
	}
}

// cellsOfSIMD is cellsOf with cellsOf8 (AVX-512, overlay_simd_amd64.s):
// eight points at a time to their coarse cell's list, or to emptyList;
// for a point in a block it leaves the block's code, which inBlock
// resolves here. The last few points go through cellsOfScalar.
func (ix *Index) cellsOfSIMD(pts []orb.Point, ids []uint32) {
	ids = ids[:len(pts)]
	prm := simdParams{
		minX: ix.minX, minY: ix.minY, inv: ix.inv,
		nfx: uint32(ix.nfx), nfy: uint32(ix.nfy), ncx: uint32(ix.ncx),
		nlists: ix.nlists, emptyList: ix.emptyList, bit: 0xffff,
	}
	coarse := unsafe.Pointer(unsafe.SliceData(ix.coarse16))
	if ix.coarse16 == nil {
		coarse = unsafe.Pointer(unsafe.SliceData(ix.coarse32))
		prm.bit, prm.shift = 0xffffffff, 1
	}
	minX, minY, inv, nl := ix.minX, ix.minY, ix.inv, uint(ix.nlists)
	var blk [qbatch / 8]uint8
	for lo := 0; lo < len(pts); lo += qbatch {
		p := pts[lo:min(lo+qbatch, len(pts))]
		id := ids[lo:][:len(p)]
		n8 := len(p) &^ 7
		if n8 > 0 {
			cellsOf8(&p[0], n8, &id[0], &blk[0], &prm, coarse)
		}
		for g, m := range blk[:n8/8] {
			for ; m != 0; m &= m - 1 {
				j := g*8 + bits.TrailingZeros8(m)
				// cellsOf's mapping: the same cell as cellsOf8's.
				fx := (p[j][0] - minX) * inv
				fy := (p[j][1] - minY) * inv
				id[j] = ix.inBlock(uint(id[j])-nl, uint(int(fx)), uint(int(fy)), fx, fy)
			}
		}
		if n8 < len(p) {
			ix.cellsOfScalar(p[n8:], id[n8:])
		}
	}
}

// cellsOf is Index.cellsOf over a coarse table of T codes, compiled once
// per width.
func cellsOf[T coarseCode](ix *Index, coarse []T, pts []orb.Point, ids []uint32) {
	ids = ids[:len(pts)]
	minX, minY, inv := ix.minX, ix.minY, ix.inv
	nfx, nfy := uint(ix.nfx), uint(ix.nfy)
	ncx := uint(ix.ncx)
	nl := uint(ix.nlists)
	for j := range pts {
		fx := (pts[j][0] - minX) * inv
		fy := (pts[j][1] - minY) * inv
		gx, gy := uint(int(fx)), uint(int(fy))
		if gx >= nfx || gy >= nfy || !nanMapsOut && (fx != fx || fy != fy) {
			ids[j] = ix.emptyList
			continue
		}
		// cellList's mapping, with ncx and nlists held in registers
		// (calling cellList here measured 0.8× on every case).
		c := uint(coarse[(gy/cellBlock)*ncx+gx/cellBlock])
		if c < nl { // a whole coarse cell: its list
			ids[j] = uint32(c)
			continue
		}
		// A block: ix.small and ix.fine are read there only (hoisted, they
		// took two registers and the common path spilled, about 5 %).
		ids[j] = ix.inBlock(c-nl, gx, gy, fx, fy)
	}
}

// inBlock returns the list id of fine cell (gx, gy) in block b (numbered
// as blockList's), at (fx, fy) in cell units: the cell's list, or its
// sub-cell's (overlay_sub.go).
func (ix *Index) inBlock(b, gx, gy uint, fx, fy float64) uint32 {
	id := ix.blockList(b, gx, gy)
	if b < uint(len(ix.blockSubs)) { // an index with sub-cells
		k := gy%cellBlock*cellBlock + gx%cellBlock
		if s := &ix.blockSubs[b]; s.mask>>k&1 != 0 {
			id = ix.subList(id, s, k, gx, gy, fx, fy)
		}
	}
	return id
}

// exactAnswers appends to buf[:n] the areas of list l that cover p, with
// the exact test where l needs it, and returns buf resliced to its
// capacity and the new length, leaving room for room more elements.
func (ix *Index) exactAnswers(l *qlist, p orb.Point, buf []int32, n, room int) ([]int32, int) {
	ents := ix.entries[l.off:l.end]
	if len(buf)-n < len(ents)+room {
		buf = grow(buf, n, len(ents)+room)
	}
	out := buf[n:][:len(ents)]
	k := 0
	for _, e := range ents {
		a := e >> 1
		out[k] = int32(a)
		// Without a branch on the answer, which the CPU cannot predict.
		k += int(b2u(e&1 == 0 || ix.coversAt(a, p[0], p[1])))
	}
	return buf, n + k
}

// grow returns buf[:n] grown to room for k more, resliced to its capacity.
func grow(buf []int32, n, k int) []int32 {
	buf = slices.Grow(buf[:n], k)
	return buf[:cap(buf)]
}

// AssignAll locates every point using workers goroutines (0 or less:
// GOMAXPROCS) and returns, per point, the indices of all covering areas in
// ascending order (as Locate; no exclusivity applied). The per-point slices
// share one backing array and are capped, so appending to one is safe.
// LocateAll does the same without a slice per point.
func (ix *Index) AssignAll(points []orb.Point, workers int) [][]int32 {
	return perPoint(ix.locateParallel(points, workers))
}

// perPoint splits LocateAll's flat answer into one capped slice per point.
func perPoint(counts, areas []int32) [][]int32 {
	out := make([][]int32, len(counts))
	off := 0
	for i, c := range counts {
		end := off + int(c)
		out[i] = areas[off:end:end]
		off = end
	}
	return out
}

// locateParallel is LocateAll over all points with workers goroutines (0
// or less: GOMAXPROCS), into fresh buffers.
func (ix *Index) locateParallel(points []orb.Point, workers int) (counts, areas []int32) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	counts = make([]int32, len(points))
	const chunk = 1 << 14
	nchunks := (len(points) + chunk - 1) / chunk
	if workers == 1 || nchunks <= 1 {
		return counts, ix.LocateAll(points, counts, make([]int32, 0, len(points)+qlistInline*qbatch))
	}
	parts := make([][]int32, nchunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, nchunks) {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= nchunks {
					return
				}
				lo, hi := c*chunk, min((c+1)*chunk, len(points))
				parts[c] = ix.LocateAll(points[lo:hi], counts[lo:hi], make([]int32, 0, hi-lo+qlistInline*qbatch))
			}
		})
	}
	wg.Wait()
	return counts, slices.Concat(parts...)
}
