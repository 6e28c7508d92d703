package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geos"
)

// combRing returns a closed comb-shaped ring of about n vertices around
// (x0, y0): a base strip of height 0.01 and n/4 teeth of height 0.1 over a
// width of 0.1 degrees, each tooth a third as wide as its pitch. The teeth's
// long edges make every horizontal line cross O(n) segments: the shape
// that made the old build quadratic. horizontal swaps the axes (teeth
// pointing right); down mirrors the teeth to hang from a strip at the top.
func combRing(n int, x0, y0 float64, horizontal, down bool) orb.Ring {
	teeth := max(n/4, 1)
	const width, base, height = 0.1, 0.01, 0.1
	p := width / float64(teeth)
	w := p / 3
	pt := func(u, v float64) orb.Point {
		if down {
			v = base + height - v
		}
		if horizontal {
			return orb.Point{x0 + v, y0 + u}
		}
		return orb.Point{x0 + u, y0 + v}
	}
	top := base + height
	r := orb.Ring{pt(0, 0), pt(float64(teeth-1)*p+w, 0)}
	for i := teeth - 1; i >= 0; i-- {
		xl := float64(i) * p
		r = append(r, pt(xl+w, top), pt(xl, top))
		if i > 0 {
			r = append(r, pt(xl, base), pt(xl-p+w, base))
		}
	}
	return append(r, r[0])
}

// combAreas are the adversarial shapes of the comb tests, each about n
// vertices in total.
func combAreas(n int) []struct {
	name  string
	areas []Area
} {
	const x0, y0 = 7.5, 48.0
	square := func(x, y, s float64) orb.Ring {
		return orb.Ring{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
	}
	// Two interlocking combs: teeth up from the bottom, teeth down from the
	// top into the gaps, shifted by half a pitch so they never touch.
	shift := 0.1 / float64(max(n/8, 1)) / 2
	return []struct {
		name  string
		areas []Area
	}{
		{"vertical teeth", []Area{{Kind: KindZone, Name: "comb", Geometry: orb.MultiPolygon{{combRing(n, x0, y0, false, false)}}}}},
		{"horizontal teeth", []Area{{Kind: KindZone, Name: "comb", Geometry: orb.MultiPolygon{{combRing(n, x0, y0, true, false)}}}}},
		{"comb as a hole", []Area{
			{Kind: KindDistrict, Name: "square with comb hole", Geometry: orb.MultiPolygon{{
				square(x0-0.01, y0-0.01, 0.13), combRing(n, x0, y0, false, false)}}},
			{Kind: KindZone, Name: "comb filling the hole", Geometry: orb.MultiPolygon{{combRing(n, x0, y0, false, false)}}},
		}},
		{"interlocking two-part comb", []Area{{Kind: KindZone, Name: "two combs", Geometry: orb.MultiPolygon{
			{combRing(n/2, x0, y0, false, false)},
			{combRing(n/2, x0+shift, y0+0.015, false, true)},
		}}}},
	}
}

// areaVertices counts the positions of all rings.
func areaVertices(areas []Area) int {
	n := 0
	for _, a := range areas {
		for _, poly := range a.Geometry {
			for _, r := range poly {
				n += len(r)
			}
		}
	}
	return n
}

// BenchmarkIndexComb times NewIndex on a comb of n vertices and reports the
// retained index size and the bytes allocated during the build, per vertex.
func BenchmarkIndexComb(b *testing.B) {
	for _, n := range []int{1_000, 2_500, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			areas := []Area{{Kind: KindZone, Name: "comb", Geometry: orb.MultiPolygon{{combRing(n, 7.5, 48, false, false)}}}}
			nv := float64(areaVertices(areas))
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			start := time.Now()
			var ix *Index
			for range b.N {
				var err error
				if ix, err = NewIndex(areas); err != nil {
					b.Fatal(err)
				}
			}
			el := time.Since(start)
			runtime.ReadMemStats(&ms1)
			b.ReportMetric(float64(ix.Stats().Bytes)/nv, "bytes/vertex")
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(b.N)/nv, "alloc-bytes/vertex")
			b.ReportMetric(el.Seconds()/float64(b.N)*1e3, "build-ms")
		})
	}
}

// TestCombMatchesGEOS compares the index with GEOS on comb shapes: the
// long parallel edges that once made the build quadratic.
func TestCombMatchesGEOS(t *testing.T) {
	sizes := []int{1_000, 10_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	rng := rand.New(rand.NewPCG(18, 1))
	for _, n := range sizes {
		for _, c := range combAreas(n) {
			t.Run(fmt.Sprintf("%s/%d", c.name, n), func(t *testing.T) {
				ix, err := NewIndexWith(c.areas, IndexOptions{SubCells: true}) // the larger
				if err != nil {
					t.Fatal(err)
				}
				b := orb.Bound{Min: orb.Point{7.48, 47.98}, Max: orb.Point{7.64, 48.14}}
				pts := vertexAndEdgePoints(c.areas)
				pts = append(pts, randomPoints(rng, 5_000, b.Min[0], b.Min[1], b.Max[0], b.Max[1])...)
				pts = append(pts, gridLinePoints(ix, c.areas, rng, 2_000)...)
				ctx := geos.NewContext()
				for i, a := range c.areas {
					if g, err := newGEOSMultiPolygon(ctx, a.Geometry); err != nil || !g.IsValid() {
						t.Fatalf("area %d is not a valid geometry (%v)", i, err)
					}
				}
				checkAgainst(t, ix, c.areas, pts, geosReference(t, c.areas, pts, true))
				// Unprepared GEOS computes a full relate per point, whose
				// sweep is quadratic for a comb (seconds for 10,000
				// vertices): a sample.
				sample := make([]orb.Point, 200_000/n)
				for i := range sample {
					sample[i] = pts[rng.IntN(len(pts))]
				}
				checkAgainst(t, ix, c.areas, sample, geosReference(t, c.areas, sample, false))
			})
		}
	}
}

// TestCombBoundedWork checks, without timing, that the build's work and
// the index's size stay linear in the vertices for comb shapes: each
// segment is stored in about 3.5 slabs at most, the grid is small, and
// the retained index is at most 150 bytes per vertex (plus the grid's
// fixed minimum for the small combs).
func TestCombBoundedWork(t *testing.T) {
	for _, n := range []int{1_000, 10_000} {
		for _, c := range combAreas(n) {
			t.Run(fmt.Sprintf("%s/%d", c.name, n), func(t *testing.T) {
				ix, err := NewIndexWith(c.areas, IndexOptions{SubCells: true}) // the larger
				if err != nil {
					t.Fatal(err)
				}
				for i := range ix.exact {
					a := &ix.exact[i]
					nslab := len(a.slabOff) - 1
					if 2*len(a.slabSeg) > 7*a.nseg+2*nslab {
						t.Errorf("area %d: %d slab entries for %d segments in %d slabs, want ≤ 3.5·segments+slabs", i, len(a.slabSeg), a.nseg, nslab)
					}
				}
				st := ix.Stats()
				nv := areaVertices(c.areas)
				if cells := st.FineX * st.FineY; cells > max(1<<16, 1024*st.Segments) {
					t.Errorf("%d fine cells for %d segments", cells, st.Segments)
				}
				limit := 150 * nv
				if n < 10_000 {
					limit += 1 << 14 // the grid's fixed minimum (minCellBudget cells)
				}
				if st.Bytes > limit {
					t.Errorf("index holds %d bytes for %d vertices (%.0f per vertex), want ≤ %d", st.Bytes, nv, float64(st.Bytes)/float64(nv), limit)
				}
				t.Logf("%d vertices: %.0f bytes/vertex, grid %d×%d, boundary share %.2f", nv, float64(st.Bytes)/float64(nv), st.FineX, st.FineY, st.BoundaryShare)
			})
		}
	}
}

// fuzzBytes hands out the fuzz input one value at a time (zeros once it is
// used up).
type fuzzBytes []byte

func (b *fuzzBytes) next() int {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return int(v)
}

// fuzzAreas builds one to four areas from the fuzz input: lattice rings
// (any order of lattice points: collinear, duplicate and crossing
// vertices), combs, spirals, stars, rectangles with holes (touching or
// crossing the shell), and rectangles sharing edges. Coordinates are
// multiples of 2⁻¹⁰ around 7.5E 48N, except the stars', so vertices and
// edges of different shapes meet exactly.
func fuzzAreas(data []byte) []Area {
	in := fuzzBytes(data)
	c := func(u, v float64) orb.Point { return orb.Point{7.5 + u/128, 48 + v/128} }
	closed := func(r orb.Ring) orb.Ring { return append(r, r[0]) }
	rect := func(u0, v0, u1, v1 float64) orb.Ring {
		return orb.Ring{c(u0, v0), c(u1, v0), c(u1, v1), c(u0, v1), c(u0, v0)}
	}
	var areas []Area
	nareas := 1 + in.next()%4
	for range nareas {
		var mp orb.MultiPolygon
		nparts := 1 + in.next()%2
		for range nparts {
			u0, v0 := float64(in.next()%16), float64(in.next()%16)
			var poly orb.Polygon
			switch in.next() % 7 {
			case 0: // lattice ring
				k := 3 + in.next()%10
				var r orb.Ring
				for range k {
					r = append(r, c(float64(in.next()%16), float64(in.next()%16)))
				}
				poly = orb.Polygon{closed(r)}
			case 1: // comb
				teeth := 1 + in.next()%64
				ring := combRing(4*teeth, 0, 0, in.next()%2 == 1, in.next()%2 == 1)
				s := float64(1+in.next()%8) / 0.11 // 0.11: the comb's size
				for i, p := range ring {
					ring[i] = c(u0+p[0]*s, v0+p[1]*s)
				}
				poly = orb.Polygon{ring}
			case 2: // rectangular spiral: a corridor of width 1 winding inwards
				turns := 2 + in.next()%6
				var left, right orb.Ring
				lo, hi := 0.0, float64(2*turns+2)
				for t := range turns {
					d := float64(t)
					left = append(left, c(u0+lo+d, v0+lo+d), c(u0+hi-d, v0+lo+d), c(u0+hi-d, v0+hi-d), c(u0+lo+d+2, v0+hi-d))
					right = append(right, c(u0+lo+d+1, v0+lo+d+1), c(u0+hi-d-1, v0+lo+d+1), c(u0+hi-d-1, v0+hi-d-1), c(u0+lo+d+3, v0+hi-d-1))
				}
				r := left
				for i := len(right) - 1; i >= 0; i-- {
					r = append(r, right[i])
				}
				poly = orb.Polygon{closed(r)}
			case 3: // star, off the lattice
				k := 3 + in.next()%40
				r1, r2 := float64(1+in.next()%8), float64(in.next()%8)/8
				var r orb.Ring
				for i := range 2 * k {
					rr := r1
					if i%2 == 1 {
						rr *= r2
					}
					a := math.Pi * float64(i) / float64(k)
					r = append(r, c(u0+rr*math.Cos(a), v0+rr*math.Sin(a)))
				}
				poly = orb.Polygon{closed(r)}
			case 4: // rectangle with holes, possibly touching, crossing or outside it
				w, h := float64(2+in.next()%10), float64(2+in.next()%10)
				poly = orb.Polygon{rect(u0, v0, u0+w, v0+h)}
				for range in.next() % 4 {
					hu, hv := u0+float64(in.next()%12)-1, v0+float64(in.next()%12)-1
					poly = append(poly, rect(hu, hv, hu+float64(1+in.next()%4), hv+float64(1+in.next()%4)))
				}
			case 5: // collinear and duplicate vertices on a rectangle
				w, h := float64(1+in.next()%10), float64(1+in.next()%10)
				r := orb.Ring{c(u0, v0)}
				for i := range 1 + in.next()%6 {
					r = append(r, c(u0+w*float64(i)/6, v0)) // repeats the first
				}
				r = append(r, c(u0+w, v0), c(u0+w, v0), c(u0+w, v0+h/2), c(u0+w, v0+h), c(u0, v0+h), c(u0, v0+h/2))
				poly = orb.Polygon{closed(r)}
			case 6: // two rectangles sharing an edge, as parts or as neighbours
				w, h := float64(1+in.next()%8), float64(1+in.next()%8)
				poly = orb.Polygon{rect(u0, v0, u0+w, v0+h)}
				areas = append(areas, Area{Kind: KindZone, Name: "neighbour", Geometry: orb.MultiPolygon{{rect(u0+w, v0, u0+2*w, v0+h)}}})
			}
			mp = append(mp, poly)
		}
		areas = append(areas, Area{Kind: KindZone, Name: "fuzz", Geometry: mp})
	}
	return areas
}

// naiveCovers is covers() without slabs or grid: GEOS's PointLocator over
// all segments of each ring.
func naiveCovers(mp orb.MultiPolygon, x, y float64) bool {
	locate := func(r orb.Ring) int {
		pts := append(slices.Clone([]orb.Point(r)), r[0])
		segs := make([]uint32, len(r))
		for i := range segs {
			segs[i] = uint32(i)
		}
		return locateInRing(pts, segs, x, y)
	}
	for _, poly := range mp {
		if len(poly) == 0 || len(poly[0]) == 0 {
			continue
		}
		loc := locate(poly[0])
		for _, hole := range poly[1:] {
			if loc != locInterior {
				break
			}
			switch locate(hole) {
			case locBoundary:
				loc = locBoundary
			case locInterior:
				loc = locExterior
			}
		}
		if loc != locExterior {
			return true
		}
	}
	return false
}

// FuzzIndexMatchesGEOS checks Locate on random and adversarial shapes
// (fuzzAreas) at their vertices, edge midpoints, lattice points, grid
// lines and random points. Valid areas must match go-geos Covers, prepared
// and unprepared. Invalid ones (where unprepared GEOS may throw and
// prepared GEOS counts crossings over all rings at once, see
// TestIndexInvalidPolygons) must match GEOS's PointLocator rules
// (naiveCovers), and prepared GEOS too when they are one ring.
func FuzzIndexMatchesGEOS(f *testing.F) {
	f.Add([]byte{0, 0, 2, 2, 0, 5, 3, 5, 3, 12, 7, 12, 7, 3, 5, 9})               // lattice ring
	f.Add([]byte{1, 0, 1, 1, 1, 40, 0, 0, 3})                                     // comb
	f.Add([]byte{1, 0, 1, 4, 1, 63, 1, 1, 7})                                     // horizontal hanging comb
	f.Add([]byte{0, 1, 0, 0, 2, 4, 2, 2, 1, 9, 1, 0, 3})                          // spiral, and a comb in it
	f.Add([]byte{1, 0, 8, 8, 3, 30, 5, 3})                                        // star
	f.Add([]byte{0, 0, 1, 1, 4, 9, 9, 3, 1, 1, 2, 2, 3, 3, 1, 1, 0, 0, 9, 9})     // holes touching and outside
	f.Add([]byte{2, 0, 2, 2, 5, 6, 5, 4, 0, 3, 3, 6, 4, 4})                       // collinear/duplicates, shared edges
	f.Add([]byte{0, 1, 2, 2, 0, 4, 0, 0, 4, 4, 4, 0, 0, 4, 9, 9, 1, 20, 0, 0, 2}) // bow tie and a comb part
	f.Add([]byte{3, 1, 0, 0, 1, 10, 0, 1, 8, 0, 4, 4, 1, 10, 0, 0, 8, 1, 0, 0, 6, 3, 3, 1, 4, 4, 0, 2, 2, 5, 7})
	f.Fuzz(checkFuzzInput)
}

func checkFuzzInput(t *testing.T, data []byte) {
	{
		if len(data) > 200 {
			return
		}
		areas := fuzzAreas(data)
		ix, err := NewIndex(areas)
		if err != nil {
			t.Fatal(err)
		}
		b := emptyBox()
		for _, a := range areas {
			bb := a.Geometry.Bound()
			b.extend(box{bb.Min[0], bb.Min[1], bb.Max[0], bb.Max[1]})
		}
		rng := rand.New(rand.NewPCG(uint64(len(data)), 18))
		pts := vertexAndEdgePoints(areas)
		for u := math.Floor((b.minX-7.5)*128) - 1; u <= (b.maxX-7.5)*128+1; u += 0.5 {
			for v := math.Floor((b.minY-48)*128) - 1; v <= (b.maxY-48)*128+1; v += 0.5 {
				pts = append(pts, orb.Point{7.5 + u/128, 48 + v/128})
			}
		}
		pts = append(pts, randomPoints(rng, 500, b.minX, b.minY, b.maxX, b.maxY)...)
		pts = append(pts, gridLinePoints(ix, areas, rng, 500)...)
		pts = append(pts, subGridLinePoints(ix, areas, rng, 500)...)

		ctx := geos.NewContext()
		type ref struct {
			g        *geos.Geom
			p        *geos.PrepGeom
			valid    bool
			prepared bool // prepared GEOS answers as PointLocator
		}
		refs := make([]ref, len(areas))
		for i, a := range areas {
			g, err := newGEOSMultiPolygon(ctx, a.Geometry)
			if err != nil {
				t.Fatal(err)
			}
			refs[i] = ref{g: g, p: g.Prepare(), valid: g.IsValid(),
				prepared: len(a.Geometry) == 1 && len(a.Geometry[0]) == 1}
		}
		// Unprepared GEOS runs a full relate per point (slow for combs):
		// a sample of about 200 points.
		stride := max(len(pts)/200, 1)
		var got []int
		for k, p := range pts {
			got = ix.Locate(p, got[:0])
			pt := ctx.NewPointFromXY(p[0], p[1])
			for i, a := range areas {
				in := slices.Contains(got, i)
				r := refs[i]
				if r.valid || r.prepared {
					if want := r.p.Covers(pt); in != want {
						t.Fatalf("area %d (%v), point (%.17g, %.17g): engine %v, prepared GEOS %v", i, a.Geometry, p[0], p[1], in, want)
					}
				}
				if r.valid {
					if k%stride != 0 {
						continue
					}
					if want := r.g.Covers(pt); in != want {
						t.Fatalf("area %d (%v), point (%.17g, %.17g): engine %v, GEOS %v", i, a.Geometry, p[0], p[1], in, want)
					}
				} else if want := naiveCovers(a.Geometry, p[0], p[1]); in != want {
					t.Fatalf("area %d (%v, invalid), point (%.17g, %.17g): engine %v, PointLocator %v", i, a.Geometry, p[0], p[1], in, want)
				}
			}
		}
		// The bulk path (run lookup by counting; sub-cells) answers as Locate.
		sub, err := NewIndexWith(areas, IndexOptions{SubCells: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, bulk := range []*Index{ix, sub} {
			counts := make([]int32, len(pts))
			flat := bulk.LocateAll(pts, counts, nil)
			off := 0
			for k, p := range pts {
				got = ix.Locate(p, got[:0])
				all := flat[off : off+int(counts[k])]
				off += int(counts[k])
				if !slices.EqualFunc(all, got, func(a int32, b int) bool { return int(a) == b }) {
					t.Fatalf("point (%.17g, %.17g): LocateAll %v (sub-cells %v), Locate %v", p[0], p[1], all, bulk == sub, got)
				}
			}
		}
	}
}

// TestIndexBytesPerVertex keeps the retained index at most 150 bytes per
// vertex for ordinary inputs too: the synthetic benchmark's wobbly stars
// (their segments lie in ~3.5 slabs each, which cost 199 bytes per vertex
// while every slab held a 40-byte copy of its segments) and the Cologne
// districts.
func TestIndexBytesPerVertex(t *testing.T) {
	synthetic, _ := SyntheticBench(1, 50, 1000, 1)
	for _, tt := range []struct {
		name  string
		areas []Area
	}{
		{"synthetic", synthetic},
		{"cologne", MustLoadCologneDistricts(t)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, sub := range []bool{false, true} {
				ix, err := NewIndexWith(tt.areas, IndexOptions{SubCells: sub})
				if err != nil {
					t.Fatal(err)
				}
				v := 0
				for _, a := range tt.areas {
					v += Vertices(a.Geometry)
				}
				if bpv := float64(ix.Stats().Bytes) / float64(v); bpv > 150 {
					t.Errorf("sub-cells %v: %d bytes for %d vertices: %.1f bytes per vertex, want ≤ 150", sub, ix.Stats().Bytes, v, bpv)
				}
				t.Logf("sub-cells %v: %.1f bytes per vertex", sub, float64(ix.Stats().Bytes)/float64(v))
			}
		})
	}
}
