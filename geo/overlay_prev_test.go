package geo

import (
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// The bulk query path of commit 633c69c (cell mapping, answer loop, exact
// test with locateInRing), verbatim but for the compact blocks' bit
// layout and the coarse table's codes: the baseline BenchmarkOverlayQueryPrev compares LocateAll with
// in the same process, so that load on a shared machine hits both alike.
func (ix *Index) prevCellsOf(pts []orb.Point, ids []uint32) {
	ids = ids[:len(pts)]
	minX, minY, maxX, maxY, inv := ix.minX, ix.minY, ix.maxX, ix.maxY, ix.inv
	lastX, lastY := uint(ix.nfx-1), uint(ix.nfy-1)
	for j := range pts {
		x, y := pts[j][0], pts[j][1]
		id := ix.emptyList
		if x >= minX && x <= maxX && y >= minY && y <= maxY {
			gx := min(uint(int((x-minX)*inv)), lastX)
			gy := min(uint(int((y-minY)*inv)), lastY)
			if ix.coarse16 != nil { // the coarse table's layout changed since
				id = cellList(ix, ix.coarse16, gx, gy)
			} else {
				id = cellList(ix, ix.coarse32, gx, gy)
			}
		}
		ids[j] = id
	}
}

func (ix *Index) prevLocateAll(pts []orb.Point, counts []int32, areas []int32) []int32 {
	counts = counts[:len(pts)]
	lists := ix.qlists
	n := len(areas)
	buf := areas[:cap(areas)]
	var ids [qbatch]uint32
	for lo := 0; lo < len(pts); lo += qbatch {
		batch := pts[lo:min(lo+qbatch, len(pts))]
		ix.prevCellsOf(batch, ids[:len(batch)])
		cnt := counts[lo : lo+len(batch)]
		if len(buf)-n < qlistInline*len(batch) {
			buf = grow(buf, n, qlistInline*len(batch))
		}
		for j := range cnt {
			l := &lists[ids[j]]
			if l.n >= 0 {
				*(*[qlistInline]int32)(buf[n : n+qlistInline]) = l.a
				cnt[j] = l.n
				n += int(l.n)
				continue
			}
			start := n
			buf, n = ix.prevExactAnswers(l, batch[j], buf, n, qlistInline*(len(cnt)-j))
			cnt[j] = int32(n - start)
		}
	}
	return buf[:n]
}

func (ix *Index) prevExactAnswers(l *qlist, p orb.Point, buf []int32, n, room int) ([]int32, int) {
	ents := ix.entries[l.off:l.end]
	if len(buf)-n < len(ents)+room {
		buf = grow(buf, n, len(ents)+room)
	}
	for _, e := range ents {
		if a := e >> 1; e&1 == 0 || ix.exact[a].prevCovers(p[0], p[1]) {
			buf[n] = int32(a)
			n++
		}
	}
	return buf, n
}

func (a *areaIndex) prevCovers(x, y float64) bool {
	if !(x >= a.box.minX && x <= a.box.maxX && y >= a.box.minY && y <= a.box.maxY) {
		return false
	}
	s := 0
	if a.slabInv != 0 {
		s = int((y - a.box.minY) * a.slabInv)
		if s >= len(a.slabOff)-1 {
			s = len(a.slabOff) - 2
		}
	}
	segs := a.slabSeg[a.slabOff[s]:a.slabOff[s+1]]
	curPoly := int32(-1)
	polyInterior := false
	for i := 0; i < len(segs); {
		r := a.segRing[segs[i]]
		j := i + 1
		for j < len(segs) && a.segRing[segs[j]] == r {
			j++
		}
		p := a.ringOf[r]
		if p != curPoly {
			if polyInterior {
				return true
			}
			curPoly, polyInterior = p, false
			if a.isHole[r] {
				i = j
				continue
			}
		} else if !polyInterior {
			i = j
			continue
		}
		loc := locateInRing(a.pts, segs[i:j], x, y)
		if loc == locBoundary {
			return true
		}
		if a.isHole[r] {
			if loc == locInterior {
				polyInterior = false
			}
		} else {
			polyInterior = loc == locInterior
		}
		i = j
	}
	return polyInterior
}

// BenchmarkOverlayQueryPrev times LocateAll against prevLocateAll on the
// query cases, on groups of four chunks of 8,192 points run new, prev,
// prev, new (each chunk once per pass, as in one LocateAll over all
// points): speedup is the median over the groups of time(prev)/time(new),
// q1 and q3 its quartiles, robust to preemption by other load.
func BenchmarkOverlayQueryPrev(b *testing.B) {
	for _, qc := range queryCases(b) {
		ix := qc.ix
		b.Run(qc.name, func(b *testing.B) {
			const chunk = 8192
			counts := make([]int32, chunk)
			counts2 := make([]int32, chunk)
			areas := make([]int32, 0, 8*chunk)
			areas2 := make([]int32, 0, 8*chunk)
			var ratios []float64
			var sumNew, sumPrev time.Duration
			for range b.N {
				// Groups of four chunks, new-prev-prev-new: each chunk runs
				// once per pass, as in LocateAll over all points.
				for c0 := 0; c0+4*chunk <= len(qc.pts); c0 += 4 * chunk {
					var d [2]time.Duration
					for k, w := range [4]int{0, 1, 1, 0} {
						pts := qc.pts[c0+k*chunk : c0+(k+1)*chunk]
						t0 := time.Now()
						if w == 0 {
							areas = ix.LocateAll(pts, counts, areas[:0])
						} else {
							areas2 = ix.prevLocateAll(pts, counts2, areas2[:0])
						}
						d[w] += time.Since(t0)
					}
					ratios = append(ratios, float64(d[1])/float64(d[0]))
					sumNew += d[0]
					sumPrev += d[1]
				}
			}
			{
				// Same answers on all points.
				c1 := make([]int32, len(qc.pts))
				c2 := make([]int32, len(qc.pts))
				a1 := ix.LocateAll(qc.pts, c1, nil)
				a2 := ix.prevLocateAll(qc.pts, c2, nil)
				if !slices.Equal(a1, a2) || !slices.Equal(c1, c2) {
					b.Fatal("answers differ")
				}
			}
			slices.Sort(ratios)
			b.ReportMetric(ratios[len(ratios)/2], "speedup")
			b.ReportMetric(ratios[len(ratios)/4], "q1")
			b.ReportMetric(ratios[3*len(ratios)/4], "q3")
			b.ReportMetric(float64(len(ratios)*chunk*2)/sumNew.Seconds(), "new-points/s")
			b.ReportMetric(float64(len(ratios)*chunk*2)/sumPrev.Seconds(), "prev-points/s")
			b.ReportMetric(0, "ns/op")
		})
	}
}
