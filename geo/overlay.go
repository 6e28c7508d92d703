package geo

// The overlay engine: a point-in-polygon index that tells which areas cover a
// point.
//
// Design (pure Go, immutable after NewIndex, no C memory):
//
//   - Exact predicate. covers(area, p) replicates GEOS's point location
//     (PointLocator / RayCrossingCounter, the code behind Geometry::covers and
//     PreparedGeometry::covers for a point argument) rule for rule: a point is
//     covered if it is in the interior or on the boundary of any polygon of
//     the area; a polygon is shell-located first, then its holes in order
//     (hole interior → exterior, hole boundary → boundary). The orientation
//     test uses GEOS's floating-point filter and falls back to exact
//     arithmetic (math/big), so it returns the true sign, as GEOS's
//     double-double arithmetic does for any realistic coordinates. Segments
//     are bucketed into horizontal slabs per area so a test looks at the
//     few segments whose y-range contains the point. The slab count is
//     about half the segment count, but lowered so that the slabs hold at
//     most about 3.5 entries per segment: long edges close together (a
//     comb) would otherwise be stored once per slab each, O(n²) in all;
//     such an area then has fewer, fuller slabs. A point in a boundary cell
//     is tested against the segments of its run of boundary cells instead
//     (overlay_runs.go): fewer segments, in one stretch of memory, with the
//     parity beyond the run taken from the known cell right of it; the
//     slabs remain for what a run does not decide.
//
//   - Grid. One global two-level grid over the bounding box of all areas.
//     Fine cells have side h, chosen from the total edge length and the box
//     area so that about 1.25 % of the box lies in cells touched by an edge
//     (up to 5 % where that keeps the coarse table, which every point
//     reads, within 2¹⁸ cells: 512 KB of 16-bit codes). A coarse cell
//     groups cellBlock×cellBlock fine cells; a coarse cell that no edge
//     touches stores its list of covering areas directly, otherwise it
//     points to a block of fine cells. Each (cell, area) pair is "inside"
//     (answer without a test) or "boundary" (run the exact test);
//     "outside" areas are not listed. Cells are classified conservatively:
//     a cell counts as inside/outside only if no edge of the area touches
//     the closed cell grown by a margin (larger than any rounding in the
//     point → cell mapping), and the state of such a cell is the exact
//     covers() result of its centre. Blocks whose cells use at most four
//     distinct lists (nearly all) are stored with 2 bits per cell, and the
//     coarse codes in 16 bits where they fit. Blocks lie in the order of
//     their coarse cells along a Hilbert curve, so that points near each
//     other read memory near each other. On request (IndexOptions.SubCells)
//     a third level splits boundary cells into 4 × 4 sub-cells for
//     LocateAll (overlay_sub.go).
//
//   - Build (overlay_raster.go). Per area, edges mark the boundary cells
//     they touch; then one scanline per fine row collects the crossings of
//     the row's centre line with the area's edges (an active-edge sweep
//     over the edges sorted by y, with locateInRing's half-open rule),
//     buckets them by column and sweeps left to right, toggling ring
//     parities: a non-boundary cell's state is covers() of its centre
//     without a point test. The work is a sort of the edges plus the
//     (edge, cell) incidences, and h is chosen so that those are at most
//     crossingsPerSeg per segment and the grid at most cellsPerSeg cells
//     per segment (and 2^26): the build is O(n log n) in time and O(n) in
//     memory for any shape, not only for boundaries made of short edges.
//
// Lists of areas are deduplicated, so the grid itself is a few MB even for
// large inputs. Bulk lookups (LocateAll, overlay_stream.go) first map a
// batch of points to cells, then answer them, so that the CPU overlaps the
// cache misses; on amd64 with AVX-512 the mapping takes eight points at a
// time (overlay_simd_amd64.s), the scalar loop elsewhere.

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"gigaplan/geo/internal/hilbert"
)

// cellBlock is the number of fine cells per side of a coarse cell.
const cellBlock = 8

// Limits that bound the grid's memory and the build's work for very large,
// sparse or long-edged inputs. The per-segment limits keep both linear in
// the number of segments; the absolute ones cap the grid for huge inputs.
const (
	maxFineCells     = 1 << 26 // virtual fine cells of the global grid
	maxAreaCellsSum  = 1 << 26 // sum over areas of fine cells in the area's bounding box (build scratch)
	minCellBudget    = 1 << 16 // the per-segment limits never go below this
	cellsPerSeg      = 1024    // fine cells (and area-window cells) per segment
	crossingsPerSeg  = 64      // segment/cell incidences per segment: Σ(|dx|+|dy|)/h ≤ crossingsPerSeg·segments
	boundaryFraction = 0.0125  // target share of the box in boundary cells (up to 4× that, see maxCoarseCells)
	maxCoarseCells   = 1 << 18 // coarse table within 512 KB with 16-bit codes, if the boundary share grows at most 4×
	fineBlockFlag    = 1 << 31 // build's coarse code: a block of fine cells
	smallBlockFlag   = 1 << 30 // with fineBlockFlag: a block with at most 4 distinct lists (ix.small)
	blockIndexMask   = smallBlockFlag - 1
)

// Index answers which areas cover a point.
//
// It is built once per area set by NewIndex and is immutable afterwards: all
// methods are safe for concurrent use by any number of goroutines, so one
// Index serves one worker per core without copies. It holds no C (GEOS)
// memory; everything is reclaimed by the Go garbage collector.
type Index struct {
	exact []areaIndex // per area, the exact predicate

	empty                  bool
	minX, minY, maxX, maxY float64
	inv                    float64 // 1/h, h the side of a fine cell
	h                      float64
	nfx, nfy               int                  // fine cells per axis (multiples of cellBlock)
	ncx, ncy               int                  // coarse cells per axis
	coarse16               []uint16             // coarse cells (codes below), when every code fits 16 bits
	coarse32               []uint32             // … otherwise
	nlists                 uint32               // coarse codes below are list ids, the others blocks
	small                  []smallBlock         // blocks of fine cells with at most 4 distinct lists
	fine                   []uint32             // other blocks: cellBlock² list ids each
	blockSubs              []blockSub           // per block (numbered as blockList's), its sub-cell words; empty without sub-cells (overlay_sub.go)
	sub                    []uint32             // sub-cell words
	subAlt                 map[uint32][3]uint32 // list → its replacements for sub-cells (build only)
	listOff                []uint32             // list id → entries[listOff[id]:listOff[id+1]]
	entries                []uint32             // area<<1 | 1 if the exact test is needed
	qlists                 []qlist              // list id → query form (prepareQuery)
	emptyList              uint32               // id of an empty qlist
	runBudget              int                  // bytes per segment an area's runs may take (build only)
	opt                    IndexOptions
}

// IndexStats describes the grid of an Index (for benchmarks and logs).
type IndexStats struct {
	Areas, Segments     int
	FineCell            float64 // side of a fine cell, in degrees
	FineX, FineY        int     // fine cells per axis
	CoarseCells, Blocks int     // coarse cells, blocks of fine cells
	SmallBlocks         int     // blocks stored in the compact form
	Bytes               int     // approximate size of the grid and the exact-test data
	Lists, ListEntries  int     // distinct area lists and their total length
	BoundaryShare       float64 // share of the box's area in fine cells that need an exact test for some area
	ExactShare          float64 // … in the (sub-)cells where LocateAll runs an exact test
	SubWords            int     // fine cells refined by sub-cells (overlay_sub.go)
}

// NewIndex builds the index for areas. Indices returned by Locate and
// AssignAll refer to positions in areas. Rings need not be closed (they are
// closed implicitly) but must have at least four positions once closed, as
// GEOS requires, and finite coordinates; otherwise the error is EINVALID.
// Areas with an empty geometry cover nothing. Geometries are not validated
// further (see Locate for invalid ones) and not referenced after the call.
func NewIndex(areas []Area) (*Index, error) {
	return newIndex(areas, runBytesPerSeg, IndexOptions{})
}

// IndexOptions are NewIndexWith's choices.
type IndexOptions struct {
	// SubCells refines the boundary cells for LocateAll (overlay_sub.go):
	// 1.1–1.2× the points per second, for up to twice the build time and
	// up to 36 more bytes per segment. It pays for an index that locates
	// many more points than one build's worth: on the synthetic
	// benchmark's 50,000 vertices the extra build (0.16 s on two cores,
	// 0.28 s on one) is worth 150–250 million points; the overlay step,
	// which builds an index per import for at most a few million
	// addresses, does without.
	SubCells bool

	subWordsPerSeg int // the sub-cells' memory bound, if not subWordsPerSeg (tests)
}

// NewIndexWith is NewIndex with options.
func NewIndexWith(areas []Area, opt IndexOptions) (*Index, error) {
	return newIndex(areas, runBytesPerSeg, opt)
}

// newIndex is NewIndexWith with runBudget bytes per segment for an area's
// runs (tests lift it to exercise runs on shapes that exceed it).
func newIndex(areas []Area, runBudget int, opt IndexOptions) (*Index, error) {
	if len(areas) >= 1<<30 {
		return nil, Errorf(EINVALID, "overlay: too many areas (%d)", len(areas))
	}
	ix := &Index{exact: make([]areaIndex, len(areas)), runBudget: runBudget, opt: opt}
	bb := emptyBox()
	for i, a := range areas {
		if err := ix.exact[i].build(a.Geometry); err != nil {
			return nil, Errorf(EINVALID, "overlay: area %d (%s %q): %w", i, a.Kind, a.Name, err)
		}
		if ix.exact[i].nseg > 0 {
			bb.extend(ix.exact[i].box)
		}
	}
	if bb.minX > bb.maxX {
		ix.empty = true
	} else {
		ix.buildGrid(bb)
	}
	for i := range ix.exact {
		ix.exact[i].rings = nil // build scratch
	}
	ix.prepareQuery()
	return ix, nil
}

// Len returns the number of areas the index was built from.
func (ix *Index) Len() int { return len(ix.exact) }

// Locate appends to dst the indices (into the areas passed to NewIndex) of
// all areas covering p, in ascending order, and returns the extended slice.
// Covering includes the boundary: a point on an edge or vertex of an area,
// or on the edge of one of its holes, is covered; a point inside a hole is
// not. For valid geometries the result is identical to go-geos
// Geom.Covers(point) and PrepGeom.Covers(point) for every area. For invalid
// ones (bow ties, spikes, overlapping parts, holes outside their shell) it
// follows GEOS's PointLocator: a point is covered if any polygon of the
// area covers it, by ray-crossing parity per ring (unprepared GEOS may
// throw there, and prepared GEOS counts crossings over all rings at once).
// Locate does not allocate when dst has room.
func (ix *Index) Locate(p orb.Point, dst []int) []int {
	x, y := p[0], p[1]
	code, ok := ix.cell(x, y)
	if !ok {
		return dst
	}
	if l := &ix.qlists[code]; l.n >= 0 {
		for _, a := range l.a[:l.n] {
			dst = append(dst, int(a))
		}
		return dst
	}
	for _, e := range ix.entries[ix.listOff[code]:ix.listOff[code+1]] {
		a := e >> 1
		if e&1 == 0 || ix.coversAt(a, x, y) {
			dst = append(dst, int(a))
		}
	}
	return dst
}

// cell returns the list id of the fine cell containing (x, y).
func (ix *Index) cell(x, y float64) (uint32, bool) {
	// Negated comparisons so that NaN falls out.
	if ix.empty || !(x >= ix.minX && x <= ix.maxX && y >= ix.minY && y <= ix.maxY) {
		return 0, false
	}
	gx := min(uint(int((x-ix.minX)*ix.inv)), uint(ix.nfx-1)) // ≥ 0 here
	gy := min(uint(int((y-ix.minY)*ix.inv)), uint(ix.nfy-1))
	if ix.coarse16 != nil {
		return cellList(ix, ix.coarse16, gx, gy), true
	}
	return cellList(ix, ix.coarse32, gx, gy), true
}

// A coarse code below ix.nlists is a list id; a larger code c is block
// b = c-nlists: ix.small[b] if b < len(ix.small), else the
// b-len(ix.small)-th block of ix.fine. The codes take 16 bits where every
// list and block is numbered below 65,536 (the coarse table stays half as
// big in the cache), else 32.
type coarseCode interface{ ~uint16 | ~uint32 }

// cellList returns the list id of fine cell (gx, gy), a cell of the grid.
func cellList[T coarseCode](ix *Index, coarse []T, gx, gy uint) uint32 {
	c := uint(coarse[(gy/cellBlock)*uint(ix.ncx)+gx/cellBlock])
	if nl := uint(ix.nlists); c >= nl {
		return ix.blockList(c-nl, gx, gy)
	}
	return uint32(c)
}

// blockList returns the list id of the cell in column gx%cellBlock, row
// gy%cellBlock of block b.
func (ix *Index) blockList(b, gx, gy uint) uint32 {
	if b < uint(len(ix.small)) {
		return ix.small[b].at(gx, gy)
	}
	b -= uint(len(ix.small))
	return ix.fine[b*cellBlock*cellBlock+(gy%cellBlock)*cellBlock+gx%cellBlock]
}

// smallBlock is a block of fine cells using at most four lists: two bits
// per cell select one of pal. 32 bytes instead of 256 for the full block,
// so the grid stays cache-resident.
type smallBlock struct {
	rows [cellBlock]uint16 // per row, 2 bits per cell (column x at bit 2x): its index into pal
	pal  [4]uint32
}

// at returns the list id of the cell in column cx%cellBlock, row
// cy%cellBlock of the block.
func (b *smallBlock) at(cx, cy uint) uint32 {
	return b.pal[(b.rows[cy%cellBlock]>>(cx%cellBlock*2))&3]
}

// Stats describes the index's grid.
func (ix *Index) Stats() IndexStats {
	nblocks := len(ix.small) + len(ix.fine)/(cellBlock*cellBlock)
	st := IndexStats{
		Areas: len(ix.exact), FineCell: ix.h, FineX: ix.nfx, FineY: ix.nfy,
		CoarseCells: len(ix.coarse16) + len(ix.coarse32), Blocks: nblocks,
		Lists: max(len(ix.listOff)-1, 0), ListEntries: len(ix.entries),
		SmallBlocks: len(ix.small),
		Bytes:       2*len(ix.coarse16) + 4*(len(ix.coarse32)+len(ix.fine)+len(ix.listOff)+len(ix.entries)) + 32*len(ix.small) + 32*len(ix.qlists) + 24*len(ix.blockSubs) + 4*len(ix.sub),
	}
	for i := range ix.exact {
		a := &ix.exact[i]
		st.Segments += a.nseg
		st.Bytes += 16*len(a.pts) + 4*len(a.segRing) + 4*len(a.slabSeg) + 4*len(a.slabOff) + 5*len(a.ringOf) + a.runs.bytes()
	}
	if ix.empty {
		return st
	}
	hasBoundary := func(code uint32) bool {
		for _, e := range ix.entries[ix.listOff[code]:ix.listOff[code+1]] {
			if e&1 != 0 {
				return true
			}
		}
		return false
	}
	nb, nx := 0, 0.0
	for b := range uint(nblocks) {
		s := ix.blockSubOf(b)
		for k := range uint(cellBlock * cellBlock) {
			id := ix.blockList(b, k%cellBlock, k/cellBlock)
			if !hasBoundary(id) {
				continue
			}
			nb++
			if s.mask>>k&1 == 0 {
				nx++
				continue
			}
			// The share of the cell's sub-cells (or points on an 8 × 8 grid
			// of a line word's cell) whose list needs an exact test.
			w := ix.sub[s.base+uint32(bits.OnesCount64(s.mask&(1<<k-1)))]
			if s.line>>k&1 != 0 {
				for i := range 64 {
					u, v := (float64(i%8)+0.5)/8-0.5, (float64(i/8)+0.5)/8-0.5
					if hasBoundary(uint32(ix.qlists[id].a[lineCode(w, u, v)])) {
						nx += 1.0 / 64
					}
				}
				continue
			}
			for i := range subSide * subSide {
				if hasBoundary(uint32(ix.qlists[id].a[w>>(2*i)&3])) {
					nx += 1.0 / (subSide * subSide)
				}
			}
		}
	}
	st.SubWords = len(ix.sub)
	st.BoundaryShare = float64(nb) / float64(ix.nfx*ix.nfy)
	st.ExactShare = nx / float64(ix.nfx*ix.nfy)
	return st
}

// ---------------------------------------------------------------------------
// Grid construction.

type box struct{ minX, minY, maxX, maxY float64 }

func emptyBox() box { return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

func (b *box) extend(o box) {
	b.minX = min(b.minX, o.minX)
	b.minY = min(b.minY, o.minY)
	b.maxX = max(b.maxX, o.maxX)
	b.maxY = max(b.maxY, o.maxY)
}

// Fine-cell states in the per-area scratch rasters.
const (
	stUnknown  = 0
	stBoundary = 1
	stInside   = 2
	stOutside  = 3
)

// areaRaster is one area's classification of the fine cells in its window.
type areaRaster struct {
	gx0, gy0, w, h int // window in fine cells
	st             []uint8
}

func (r *areaRaster) at(gx, gy int) uint8 {
	gx -= r.gx0
	gy -= r.gy0
	if gx < 0 || gy < 0 || gx >= r.w || gy >= r.h {
		return stOutside
	}
	return r.st[gy*r.w+gx]
}

func (ix *Index) buildGrid(bb box) {
	ix.minX, ix.minY, ix.maxX, ix.maxY = bb.minX, bb.minY, bb.maxX, bb.maxY
	W, H := bb.maxX-bb.minX, bb.maxY-bb.minY
	totalLen, totalL1, nseg := 0.0, 0.0, 0
	for i := range ix.exact {
		a := &ix.exact[i]
		totalLen += a.length
		totalL1 += a.l1
		nseg += a.nseg
	}
	// Boundary cells ≈ 1.3·L/h of A/h² cells: h = f·A/(1.3·L).
	h := 0.0
	if W > 0 && H > 0 && totalLen > 0 {
		h = boundaryFraction * W * H / (1.3 * totalLen)
	}
	if !(h > 0) {
		h = max(W, H) / 64
	}
	if !(h > 0) {
		h = 1e-9 * (1 + math.Abs(bb.minX) + math.Abs(bb.minY))
	}
	// Bound the build's work: a segment touches about (|dx|+|dy|)/h + 2
	// cells, in the boundary marking and in the rasteriser's scanlines alike.
	// Long edges close together (a comb) would otherwise make both
	// quadratic; for them a finer grid gains nothing, as their cells are all
	// boundary anyway.
	h = max(h, totalL1/(crossingsPerSeg*float64(nseg)))
	// Every point reads the coarse table, only boundary points run an
	// exact test: keep the table within a core's cache at the price of
	// up to four times the boundary points (Cologne's 9 Stadtbezirke keep
	// 1 %, the synthetic benchmark's 50 stars of 1,000 vertices get 2.9 %).
	if fine := W * H / (h * h); fine > maxCoarseCells*cellBlock*cellBlock {
		h *= min(math.Sqrt(fine/(maxCoarseCells*cellBlock*cellBlock)), 4)
	}
	// Respect the memory limits, per segment and absolute.
	cellCap := float64(min(maxFineCells, max(minCellBudget, cellsPerSeg*nseg)))
	areaCellCap := float64(min(maxAreaCellsSum, max(minCellBudget, cellsPerSeg*nseg)))
	for {
		// At least one column (row) beyond the box: (maxX-minX)·inv may
		// round up to the next integer, and cellsOf relies on it being
		// below nfx.
		nfx := ((int(W/h)+1)/cellBlock + 1) * cellBlock
		nfy := ((int(H/h)+1)/cellBlock + 1) * cellBlock
		sum := 0.0
		for i := range ix.exact {
			if a := &ix.exact[i]; a.nseg > 0 {
				sum += ((a.box.maxX-a.box.minX)/h + 3) * ((a.box.maxY-a.box.minY)/h + 3)
			}
		}
		if float64(nfx)*float64(nfy) <= cellCap && sum <= areaCellCap {
			ix.nfx, ix.nfy = nfx, nfy
			break
		}
		h *= 1.25
	}
	ix.h, ix.inv = h, 1/h
	ix.ncx, ix.ncy = ix.nfx/cellBlock, ix.nfy/cellBlock
	maxAbs := max(math.Abs(bb.minX), math.Abs(bb.maxX), math.Abs(bb.minY), math.Abs(bb.maxY))
	// The margin dominates every rounding error of the point → cell mapping
	// (≈1e-16·index cells) and of the segment → cell walk.
	margin := 1e-6*h + 1e-12*(1+maxAbs)

	// Rasterise every area (in parallel; the exact index is read-only).
	rasters := make([]areaRaster, len(ix.exact))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(ix.exact) {
					return
				}
				if ix.exact[i].nseg > 0 {
					rasters[i] = ix.rasterise(&ix.exact[i], margin)
				}
			}
		})
	}
	wg.Wait()

	// Per coarse cell, the areas that touch it: area<<2 | state.
	const cInside, cMixed = 1, 2
	// Collected as (coarse cell, entry) pairs, then grouped by cell (CSR)
	// with a stable counting sort, so each cell's entries stay in area order.
	type pair struct{ k, e uint32 }
	var pairs []pair
	for i := range rasters {
		r := &rasters[i]
		if r.st == nil {
			continue
		}
		cx0, cy0 := r.gx0/cellBlock, r.gy0/cellBlock
		cx1, cy1 := (r.gx0+r.w-1)/cellBlock, (r.gy0+r.h-1)/cellBlock
		for cy := cy0; cy <= cy1; cy++ {
			for cx := cx0; cx <= cx1; cx++ {
				first := r.at(cx*cellBlock, cy*cellBlock)
				state := uint32(0)
				if first == stInside {
					state = cInside
				}
				if first == stBoundary {
					state = cMixed
				} else {
				scan:
					for fy := cy * cellBlock; fy < (cy+1)*cellBlock; fy++ {
						for fx := cx * cellBlock; fx < (cx+1)*cellBlock; fx++ {
							if r.at(fx, fy) != first {
								state = cMixed
								break scan
							}
						}
					}
				}
				if state != 0 {
					pairs = append(pairs, pair{uint32(cy*ix.ncx + cx), uint32(i)<<2 | state})
				}
			}
		}
	}

	// Deduplicated lists; list 0 is the empty list.
	ix.listOff = []uint32{0, 0}
	lists := map[string]uint32{"": 0}
	var key []byte
	var ents []uint32
	intern := func(ents []uint32) uint32 {
		key = key[:0]
		for _, e := range ents {
			key = append(key, byte(e), byte(e>>8), byte(e>>16), byte(e>>24))
		}
		if id, ok := lists[string(key)]; ok {
			return id
		}
		id := uint32(len(ix.listOff) - 1)
		lists[string(key)] = id
		ix.entries = append(ix.entries, ents...)
		ix.listOff = append(ix.listOff, uint32(len(ix.entries)))
		return id
	}
	ncoarse := ix.ncx * ix.ncy
	cellOff := make([]uint32, ncoarse+1)
	for _, p := range pairs {
		cellOff[p.k+1]++
	}
	for k := range ncoarse {
		cellOff[k+1] += cellOff[k]
	}
	cellEnts := make([]uint32, len(pairs))
	fill := slices.Clone(cellOff[:ncoarse])
	for _, p := range pairs {
		cellEnts[fill[p.k]] = p.e
		fill[p.k]++
	}
	pairs = nil
	isMixed := func(e uint32) bool { return e&3 == cMixed }
	nmixed := 0
	for k := range ncoarse {
		if slices.ContainsFunc(cellEnts[cellOff[k]:cellOff[k+1]], isMixed) {
			nmixed++
		}
	}
	ix.fine = make([]uint32, 0, nmixed*cellBlock*cellBlock)
	coarse := make([]uint32, ncoarse)
	blkCell := make([]int, 0, nmixed) // block → its coarse cell
	for k := range ncoarse {
		pc := cellEnts[cellOff[k]:cellOff[k+1]]
		mixed := false
		ents = ents[:0]
		for _, e := range pc {
			if e&3 == cMixed {
				mixed = true
			} else {
				ents = append(ents, (e>>2)<<1)
			}
		}
		if !mixed {
			coarse[k] = intern(ents)
			continue
		}
		blk := len(ix.fine) / (cellBlock * cellBlock)
		coarse[k] = uint32(blk) | fineBlockFlag
		blkCell = append(blkCell, k)
		cx, cy := k%ix.ncx, k/ix.ncx
		prev, prevID := []uint32(nil), uint32(0)
		for fy := cy * cellBlock; fy < (cy+1)*cellBlock; fy++ {
			for fx := cx * cellBlock; fx < (cx+1)*cellBlock; fx++ {
				ents = ents[:0]
				for _, e := range pc {
					a := e >> 2
					if e&3 == cInside {
						ents = append(ents, a<<1)
						continue
					}
					switch rasters[a].at(fx, fy) {
					case stInside:
						ents = append(ents, a<<1)
					case stBoundary:
						ents = append(ents, a<<1|1)
					}
				}
				if prev == nil || !slices.Equal(prev, ents) { // neighbours mostly share their list
					prevID = intern(ents)
					prev = append(prev[:0], ents...)
				}
				ix.fine = append(ix.fine, prevID)
			}
		}
	}
	// Blocks in the order of their coarse cells along a Hilbert curve, so
	// that points near each other read blocks (and sub-cell words) near
	// each other in memory: a street's points, or points sorted by any
	// space-filling curve, stream through the grid instead of jumping
	// between rows (cellsOf's sub-cell word missed the cache for most
	// boundary points of Hilbert-sorted input in row order).
	// The curve is hilbertBox's over the box of the areas, the one along
	// which LocateAll's callers may sort points (and the benchmark does).
	order := make([]int, len(blkCell))
	keys := make([]uint64, len(blkCell))
	for blk, k := range blkCell {
		order[blk] = blk
		keys[blk] = hilbertBox(bb, ix.minX+(float64(k%ix.ncx)+0.5)*cellBlock*h, ix.minY+(float64(k/ix.ncx)+0.5)*cellBlock*h)
	}
	slices.SortFunc(order, func(p, q int) int { return cmp.Compare(keys[p], keys[q]) })
	subs := make([]blockSub, len(blkCell))
	if ix.opt.SubCells {
		subs = ix.buildSub(ix.fine, blkCell, order, intern, margin, nseg)
	}
	// Compact the blocks that use at most four lists.
	full := ix.fine
	ix.fine = nil
	const n = cellBlock * cellBlock
	var smallSubs, fineSubs []blockSub
	for _, blk := range order {
		k := blkCell[blk]
		cells := full[blk*n:][:n]
		var b smallBlock
		npal := 0
		for i, id := range cells {
			j := slices.Index(b.pal[:npal], id)
			if j < 0 {
				if npal == len(b.pal) {
					npal = -1
					break
				}
				j = npal
				b.pal[j] = id
				npal++
			}
			b.rows[i/cellBlock] |= uint16(j) << (i % cellBlock * 2)
		}
		if npal < 0 {
			coarse[k] = fineBlockFlag | uint32(len(ix.fine)/n)
			ix.fine = append(ix.fine, cells...)
			fineSubs = append(fineSubs, subs[blk])
		} else {
			coarse[k] = fineBlockFlag | smallBlockFlag | uint32(len(ix.small))
			ix.small = append(ix.small, b)
			smallSubs = append(smallSubs, subs[blk])
		}
	}
	if ix.opt.SubCells {
		ix.blockSubs = append(smallSubs, fineSubs...)
	}
	ix.setCoarse(coarse, len(ix.listOff)-1)
}

// setCoarse stores the build's coarse codes (fineBlockFlag, smallBlockFlag
// and an index into small or fine) as the query's (see coarseCode), in 16
// bits each when lists and blocks together number at most 65,536.
func (ix *Index) setCoarse(coarse []uint32, lists int) {
	ix.nlists = uint32(lists)
	nsmall := uint32(len(ix.small))
	code := func(c uint32) uint32 {
		switch {
		case c&fineBlockFlag == 0:
			return c
		case c&smallBlockFlag != 0:
			return ix.nlists + c&blockIndexMask
		default:
			return ix.nlists + nsmall + c&blockIndexMask
		}
	}
	if blocks := len(ix.small) + len(ix.fine)/(cellBlock*cellBlock); lists+blocks <= 1<<16 {
		ix.coarse16 = make([]uint16, len(coarse), len(coarse)+1) // room for cellsOf8's 4-byte reads
		for k, c := range coarse {
			ix.coarse16[k] = uint16(code(c))
		}
		return
	}
	ix.coarse32 = make([]uint32, len(coarse))
	for k, c := range coarse {
		ix.coarse32[k] = code(c)
	}
}

// hilbertBox is the distance of (x, y) along a Hilbert curve of
// 2¹⁶ × 2¹⁶ cells over b (points outside b count as in its nearest cell).
func hilbertBox(b box, x, y float64) uint64 {
	const n = 1 << 16
	cx := uint32(min(max((x-b.minX)/(b.maxX-b.minX)*n, 0), n-1))
	cy := uint32(min(max((y-b.minY)/(b.maxY-b.minY)*n, 0), n-1))
	return hilbert.D(n, uint64(cx), uint64(cy))
}

// fineX maps a coordinate to a fine column, clamped to the grid.
func (ix *Index) fineX(x float64) int {
	return clampInt(int(math.Floor((x-ix.minX)*ix.inv)), 0, ix.nfx-1)
}

func (ix *Index) fineY(y float64) int {
	return clampInt(int(math.Floor((y-ix.minY)*ix.inv)), 0, ix.nfy-1)
}

func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// ---------------------------------------------------------------------------
// The exact predicate.

// areaIndex answers covers(p) exactly for one area: its rings' vertices
// in one array (segment k runs from pts[k] to pts[k+1]), and per
// horizontal slab the ids of the segments that reach into it, ascending, so
// each slab's segments are grouped by ring in ring order. A segment is
// stored once (16 bytes per vertex plus 4 for its ring) and listed in its
// slabs by a 4-byte id, so even an area whose segments lie in several slabs
// each stays small.
type areaIndex struct {
	box     box
	nseg    int
	length  float64 // Euclidean length of all rings
	l1      float64 // Σ(|dx|+|dy|) over all segments (build's work estimate)
	ringOf  []int32 // ring → polygon
	isHole  []bool  // ring → hole?
	slabInv float64
	slabOff []uint32
	slabSeg []uint32      // per slab, segment ids (slabOff), ascending
	pts     []orb.Point   // the closed rings, one after the other
	segRing []int32       // segment id → ring (the closing vertex of a ring starts no segment)
	rings   [][]orb.Point // closed rings; only during NewIndex
	runs    areaRuns      // per row of fine cells, the runs of boundary cells (overlay_runs.go)
}

// errRing reports a ring GEOS would refuse.
var errRing = errors.New("ring has fewer than 4 positions")

func (a *areaIndex) build(mp orb.MultiPolygon) error {
	a.box = emptyBox()
	sumDY := 0.0
	for pi, poly := range mp {
		for ri, ring := range poly {
			if len(ring) == 0 {
				if ri == 0 {
					break // empty polygon; GEOS ignores its holes too
				}
				continue
			}
			r := make([]orb.Point, 0, len(ring)+1)
			for _, p := range ring {
				if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
					return fmt.Errorf("polygon %d ring %d: coordinate not finite", pi, ri)
				}
				r = append(r, p)
			}
			if r[0] != r[len(r)-1] {
				r = append(r, r[0])
			}
			if len(r) < 4 {
				return fmt.Errorf("polygon %d ring %d: %w", pi, ri, errRing)
			}
			a.ringOf = append(a.ringOf, int32(pi))
			a.isHole = append(a.isHole, ri > 0)
			a.rings = append(a.rings, r)
			for i, p := range r {
				a.box.extend(box{p[0], p[1], p[0], p[1]})
				if i > 0 {
					dx, dy := math.Abs(p[0]-r[i-1][0]), math.Abs(p[1]-r[i-1][1])
					a.length += math.Hypot(dx, dy)
					a.l1 += dx + dy
					sumDY += dy
				}
			}
			a.nseg += len(r) - 1
		}
	}
	if a.nseg == 0 {
		a.rings = nil
		return nil
	}
	// Slabs: about two segments per slab on average, but few enough that a
	// segment is stored at most about 3.5 times on average: a segment lies
	// in about dy·nslab/H + 1 slabs, so the entries sum to about
	// nseg + nslab·S with S = Σdy/H, and nslab ≤ 2.5·nseg/S keeps that
	// ≤ 3.5·nseg. (Long edges close together, as in a comb, would otherwise
	// be stored O(nseg) times each.) Real boundaries (Cologne: S ≈ 3) keep
	// nseg/2 slabs; the synthetic benchmark's wobbly stars (S ≈ 9) get
	// about 0.3·nseg slabs of about 12 instead of 11 entries.
	H := a.box.maxY - a.box.minY
	nslab := max(1, min(a.nseg/2, 1<<20))
	if S := sumDY / H; H > 0 && S > 0 {
		nslab = max(1, min(nslab, int(2.5*float64(a.nseg)/S)))
	}
	if !(H > 0) {
		nslab = 1
	}
	if nslab > 1 {
		a.slabInv = float64(nslab) / H
	}
	maxAbs := max(math.Abs(a.box.minY), math.Abs(a.box.maxY))
	margin := 1e-9*H + 1e-12*(1+maxAbs)
	slabOf := func(y float64) int {
		return clampInt(int(math.Floor((y-a.box.minY)*a.slabInv)), 0, nslab-1)
	}
	counts := make([]uint32, nslab+1)
	for _, r := range a.rings {
		for i := 1; i < len(r); i++ {
			ly, hy := min(r[i-1][1], r[i][1]), max(r[i-1][1], r[i][1])
			for s := slabOf(ly - margin); s <= slabOf(hy+margin); s++ {
				counts[s+1]++
			}
		}
	}
	for s := 1; s <= nslab; s++ {
		counts[s] += counts[s-1]
	}
	a.slabOff = slices.Clone(counts)
	a.slabSeg = make([]uint32, counts[nslab])
	a.pts = make([]orb.Point, 0, a.nseg+len(a.rings))
	a.segRing = make([]int32, 0, a.nseg+len(a.rings))
	fill := counts[:nslab]
	for ri, r := range a.rings { // ring order → each slab grouped by ring, in order
		base := uint32(len(a.pts))
		a.pts = append(a.pts, r...)
		for range r {
			a.segRing = append(a.segRing, int32(ri))
		}
		for i := 1; i < len(r); i++ {
			ly, hy := min(r[i-1][1], r[i][1]), max(r[i-1][1], r[i][1])
			for s := slabOf(ly - margin); s <= slabOf(hy+margin); s++ {
				a.slabSeg[fill[s]] = base + uint32(i-1)
				fill[s]++
			}
		}
	}
	return nil
}

// Point locations as in GEOS.
const (
	locExterior = iota
	locBoundary
	locInterior
)

// covers reports whether the area covers (x, y), exactly as GEOS's
// PointLocator: union over polygons; per polygon the shell, then the holes
// in order.
func (a *areaIndex) covers(x, y float64) bool {
	if !(x >= a.box.minX && x <= a.box.maxX && y >= a.box.minY && y <= a.box.maxY) {
		return false
	}
	segs := a.slabOf(y)
	curPoly := int32(-1)
	polyInterior := false // current polygon: shell interior and no hole decided otherwise
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
			if a.isHole[r] { // shell has no segment here: polygon exterior
				i = j
				continue
			}
		} else if !polyInterior {
			i = j // polygon already decided exterior
			continue
		}
		loc, ok := 0, false
		if j-i <= crossRingMax {
			loc, ok = crossRing(a.pts, segs[i:j], x, y, false)
		}
		if !ok {
			loc = locateInRing(a.pts, segs[i:j], x, y)
		}
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

// slabOf returns the segments of the slab holding y (the first or last
// slab for y below or above the area's box).
func (a *areaIndex) slabOf(y float64) []uint32 {
	s := a.slabIndex(y)
	return a.slabSeg[a.slabOff[s]:a.slabOff[s+1]]
}

// slabIndex returns the slab holding y, as slabOf.
func (a *areaIndex) slabIndex(y float64) int {
	if a.slabInv == 0 {
		return 0
	}
	return min(max(int((y-a.box.minY)*a.slabInv), 0), len(a.slabOff)-2)
}

// locateInRing is GEOS's RayCrossingCounter over the ring's segments that
// can touch the horizontal line through (x, y): segment k runs from pts[k]
// to pts[k+1].
func locateInRing(pts []orb.Point, segs []uint32, x, y float64) int {
	crossings := 0
	for _, k := range segs {
		p, q := pts[k], pts[k+1]
		x1, y1, x2, y2 := p[0], p[1], q[0], q[1]
		if x1 < x && x2 < x {
			continue
		}
		if x == x2 && y == y2 {
			return locBoundary
		}
		if y1 == y && y2 == y {
			if x >= min(x1, x2) && x <= max(x1, x2) {
				return locBoundary
			}
			continue
		}
		if (y1 > y && y2 <= y) || (y2 > y && y1 <= y) {
			o := orientation(x1, y1, x2, y2, x, y)
			if o == 0 {
				return locBoundary
			}
			if y2 < y1 {
				o = -o
			}
			if o > 0 {
				crossings++
			}
		}
	}
	if crossings&1 == 1 {
		return locInterior
	}
	return locExterior
}

// crossRing is locateInRing for the common case, without a branch per
// segment: the crossings of the ray to the right of (x, y) counted with
// the same floating-point determinant as orientation. It reports ok =
// false, and the caller runs locateInRing, when a segment has an end on
// the ray's line (a vertex hit, a horizontal segment on the line, or a
// crossing at a vertex) or when the determinant's sign is not certain by
// orientation's filter for a segment crossing the line (the point may lie
// on it; a segment that does not cross the line, such as one of zero
// length, is irrelevant then). Otherwise no
// rule of locateInRing but the crossing applies: a segment crossing the
// line has ends strictly above and below it, and for it orientation
// would return sign(det) (the filter passes whenever |det| exceeds the
// error bound, whatever the signs of its two products), so the count and
// the result are those of locateInRing. Segments left of the point and
// those not crossing the line are masked out, not skipped.
//
// It pays where a slab holds a few segments of the ring, whose branches
// the CPU cannot predict. Long runs (a comb's slabs hold thousands) go to
// locateInRing, which skips the segments left of the point for less.
//
// With sorted, the segments come rightmost first (a run's, overlay_runs.go)
// and the count stops at the first segment wholly left of the point: all
// after it are too, and such segments neither count (their crossings lie
// left of the point) nor hold the point.
func crossRing(pts []orb.Point, segs []uint32, x, y float64, sorted bool) (loc int, ok bool) {
	odd, bad := uint(0), uint(0)
	for _, k := range segs {
		if int(k)+1 >= len(pts) {
			return 0, false // unreachable: segment ids are below len(pts)-1
		}
		x1, y1, x2, y2 := pts[k][0], pts[k][1], pts[k+1][0], pts[k+1][1]
		if sorted && x1 < x && x2 < x {
			break
		}
		det, detLeft, detRight := orientDet(x1, y1, x2, y2, x, y)
		// As in locateInRing: a crossing counts when orientation is > 0
		// for an upward segment, < 0 for a downward one.
		above1, above2 := b2u(y1 > y), b2u(y2 > y)
		straddle := above1 ^ above2
		right := 1 - b2u(x1 < x)&b2u(x2 < x)
		odd ^= straddle & right & (1 ^ b2u(det > 0) ^ above2)
		certain := b2u(math.Abs(det) > dpSafeEpsilon*(math.Abs(detLeft)+math.Abs(detRight)))
		bad |= b2u(y1 == y) | b2u(y2 == y) | straddle&(1^certain)
	}
	if bad != 0 {
		return 0, false
	}
	// locInterior when odd, else locExterior: no branch on the answer.
	return int(odd) * locInterior, true
}

// crossRingMax is the longest run of a ring's segments in a slab that
// covers tests with crossRing (TestCombMatchesGEOS: 2.2× the CPU time
// with crossRing on its runs of 5,000 segments).
const crossRingMax = 64

// b2u is 1 for true, 0 for false (the compiler emits a SETcc, no branch).
func b2u(b bool) uint {
	if b {
		return 1
	}
	return 0
}

// orientDet returns the determinant of orientation and its two products,
// each rounded to float64 (no fused multiply-add, on any architecture),
// so that crossRing and orientation see the same values.
func orientDet(p1x, p1y, p2x, p2y, qx, qy float64) (det, detLeft, detRight float64) {
	detLeft = float64((p1x - qx) * (p2y - qy))
	detRight = float64((p1y - qy) * (p2x - qx))
	return detLeft - detRight, detLeft, detRight
}

// dpSafeEpsilon is the relative error bound of orientation's filter
// (GEOS's CGAlgorithmsDD::orientationIndexFilter).
const dpSafeEpsilon = 1e-15

// orientation returns the sign of the turn p1 → p2 → q: 1 left
// (counter-clockwise), -1 right, 0 collinear. It uses GEOS's
// floating-point filter (CGAlgorithmsDD::orientationIndexFilter) and exact
// arithmetic when the filter cannot decide.
func orientation(p1x, p1y, p2x, p2y, qx, qy float64) int {
	det, detLeft, detRight := orientDet(p1x, p1y, p2x, p2y, qx, qy)
	var detSum float64
	switch {
	case detLeft > 0:
		if detRight <= 0 {
			return sign(det)
		}
		detSum = detLeft + detRight
	case detLeft < 0:
		if detRight >= 0 {
			return sign(det)
		}
		detSum = -detLeft - detRight
	default:
		return sign(det)
	}
	if errBound := dpSafeEpsilon * detSum; det >= errBound || -det >= errBound {
		return sign(det)
	}
	return orientationExact(p1x, p1y, p2x, p2y, qx, qy)
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// orientationExact computes the sign of (p2-p1) × (q-p1) exactly. 2200
// bits hold the difference of any two finite doubles, 4400 their product.
func orientationExact(p1x, p1y, p2x, p2y, qx, qy float64) int {
	const prec = 4600
	f := func(v float64) *big.Float { return new(big.Float).SetPrec(prec).SetFloat64(v) }
	sub := func(a, b float64) *big.Float { return new(big.Float).SetPrec(prec).Sub(f(a), f(b)) }
	dx1, dy1 := sub(p2x, p1x), sub(p2y, p1y)
	dx2, dy2 := sub(qx, p1x), sub(qy, p1y)
	l := new(big.Float).SetPrec(prec).Mul(dx1, dy2)
	r := new(big.Float).SetPrec(prec).Mul(dy1, dx2)
	return l.Cmp(r)
}
