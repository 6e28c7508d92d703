package geo

// Bulk point location: LocateAll streams answers into caller-owned
// buffers; AssignAll and locateParallel split large inputs over workers.
//
// The hot path reads the grid built by buildGrid (coarse → block → list id)
// and a query form of the area lists made once by prepareQuery: per list,
// up to qlistInline area indices stored inline, so a point whose cell needs
// no exact test is answered with one 16-byte copy and no branch on the
// number of areas. Consecutive points in the same coarse cell without a
// block (or in the same fine cell of a block) reuse the previous lookup:
// address files sorted by street mostly are.

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

// qlistInline is the number of area indices a qlist holds inline.
const qlistInline = 4

// qlist is the query form of one area list.
type qlist struct {
	a   [qlistInline]int32 // the areas, when n ≥ 0; the rest is padding
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
	ix.qlists = make([]qlist, nl)
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
}

// LocateAll locates every point of pts, as Locate does: counts[i] is set
// to the number of areas covering pts[i], and their indices are appended
// to areas, ascending per point and point after point. It returns the
// extended areas. counts must have at least len(pts) elements.
//
// LocateAll does not allocate when areas has room for the answers plus
// four spare elements (it may write, like append, beyond the returned
// length within areas' capacity), so a caller that passes the returned
// slice back (as areas[:0]) allocates nothing in the steady state. It is
// fastest when consecutive points lie near each other.
func (ix *Index) LocateAll(pts []orb.Point, counts []int32, areas []int32) []int32 {
	counts = counts[:len(pts)]
	if ix.empty {
		clear(counts)
		return areas
	}
	minX, minY, maxX, maxY, inv := ix.minX, ix.minY, ix.maxX, ix.maxY, ix.inv
	lastX, lastY := uint(ix.nfx-1), uint(ix.nfy-1)
	ncx := uint(ix.ncx)
	coarse, lists := ix.coarse, ix.qlists
	n := len(areas)
	buf := areas[:cap(areas)]
	// The current run: fine cells [rx, rx+rw) × [ry, ry+rw) share list run.
	var rx, ry, rw uint
	run := &lists[0]
	for i := range pts {
		x, y := pts[i][0], pts[i][1]
		// Negated comparisons so that NaN falls out.
		if !(x >= minX && x <= maxX && y >= minY && y <= maxY) {
			counts[i] = 0
			continue
		}
		gx := min(uint(int((x-minX)*inv)), lastX)
		gy := min(uint(int((y-minY)*inv)), lastY)
		if gx-rx >= rw || gy-ry >= rw {
			code := coarse[(gy/cellBlock)*ncx+gx/cellBlock]
			if code&fineBlockFlag == 0 {
				rx, ry, rw = gx&^(cellBlock-1), gy&^(cellBlock-1), cellBlock
			} else {
				code = ix.blockCell(code, (gy%cellBlock)*cellBlock+gx%cellBlock)
				rx, ry, rw = gx, gy, 1
			}
			run = &lists[code]
		}
		if run.n >= 0 {
			if len(buf)-n < qlistInline {
				buf = grow(buf, n, qlistInline)
			}
			*(*[qlistInline]int32)(buf[n : n+qlistInline]) = run.a
			counts[i] = run.n
			n += int(run.n)
			continue
		}
		start := n
		for _, e := range ix.entries[run.off:run.end] {
			if a := e >> 1; e&1 == 0 || ix.exact[a].covers(x, y) {
				if n == len(buf) {
					buf = grow(buf, n, 1)
				}
				buf[n] = int32(a)
				n++
			}
		}
		counts[i] = int32(n - start)
	}
	return buf[:n]
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
	counts, areas := ix.locateParallel(points, workers)
	out := make([][]int32, len(points))
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
		return counts, ix.LocateAll(points, counts, make([]int32, 0, len(points)+qlistInline))
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
				parts[c] = ix.LocateAll(points[lo:hi], counts[lo:hi], make([]int32, 0, hi-lo+qlistInline))
			}
		})
	}
	wg.Wait()
	return counts, slices.Concat(parts...)
}
