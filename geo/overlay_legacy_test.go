package geo

// The query paths as they were before LocateAll (commit d0e8cee), kept as
// the baseline the query benchmarks compare against in the same run.

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

const legacyNoCell = math.MaxUint32

func (ix *Index) legacyLocate(p orb.Point, dst []int) []int {
	x, y := p[0], p[1]
	code, ok := ix.legacyCell(x, y)
	if !ok {
		return dst
	}
	for _, e := range ix.entries[ix.listOff[code]:ix.listOff[code+1]] {
		a := e >> 1
		if e&1 == 0 || ix.exact[a].covers(x, y) {
			dst = append(dst, int(a))
		}
	}
	return dst
}
func (ix *Index) legacyCell(x, y float64) (uint32, bool) {
	// Negated comparisons so that NaN falls out.
	if ix.empty || !(x >= ix.minX && x <= ix.maxX && y >= ix.minY && y <= ix.maxY) {
		return 0, false
	}
	gx := uint((x - ix.minX) * ix.inv) // ≥ 0 here
	gy := uint((y - ix.minY) * ix.inv)
	gx = min(gx, uint(ix.nfx-1))
	gy = min(gy, uint(ix.nfy-1))
	if ix.coarse16 != nil { // the coarse table's layout changed since
		return cellList(ix, ix.coarse16, gx, gy), true
	}
	return cellList(ix, ix.coarse32, gx, gy), true
}
func (ix *Index) legacyAssignAll(points []orb.Point, workers int) [][]int32 {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const chunk = 1 << 14
	nchunks := (len(points) + chunk - 1) / chunk
	type part struct {
		counts []int32
		areas  []int32
	}
	parts := make([]part, nchunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, max(nchunks, 1)) {
		wg.Go(func() {
			var codes [256]uint32
			for {
				c := int(next.Add(1) - 1)
				if c >= nchunks {
					return
				}
				pts := points[c*chunk : min((c+1)*chunk, len(points))]
				pr := part{counts: make([]int32, len(pts)), areas: make([]int32, 0, len(pts))}
				for b := 0; b < len(pts); b += len(codes) {
					batch := pts[b:min(b+len(codes), len(pts))]
					ix.legacyCells(batch, codes[:])
					for i, p := range batch {
						n := len(pr.areas)
						if code := codes[i]; code != legacyNoCell {
							for _, e := range ix.entries[ix.listOff[code]:ix.listOff[code+1]] {
								if a := e >> 1; e&1 == 0 || ix.exact[a].covers(p[0], p[1]) {
									pr.areas = append(pr.areas, int32(a))
								}
							}
						}
						pr.counts[b+i] = int32(len(pr.areas) - n)
					}
				}
				parts[c] = pr
			}
		})
	}
	wg.Wait()
	total := 0
	for _, pr := range parts {
		total += len(pr.areas)
	}
	flat := make([]int32, 0, total)
	for _, pr := range parts {
		flat = append(flat, pr.areas...)
	}
	out := make([][]int32, len(points))
	i, off := 0, 0
	for _, pr := range parts {
		for _, n := range pr.counts {
			end := off + int(n)
			out[i] = flat[off:end:end]
			i, off = i+1, end
		}
	}
	return out
}
func (ix *Index) legacyCells(pts []orb.Point, codes []uint32) {
	for i, p := range pts {
		c, ok := ix.legacyCell(p[0], p[1])
		if !ok {
			c = legacyNoCell
		}
		codes[i] = c
	}
}
