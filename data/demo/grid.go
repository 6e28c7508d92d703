package demo

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// The partition is built on a raster of square cells in a local metric frame
// (metres east and north of the town centre). Every cell carries a label: -1
// outside the municipality, 0..10 the district. Boundaries are traced along
// cell edges, split into chains between nodes (grid vertices where three or
// more labels meet), jittered and smoothed once per chain and assembled into
// rings per region. A chain shared by two districts is therefore the same
// coordinate list on both sides: the districts tile the municipality with no
// slivers and no gaps, and the municipality outline is built from the very
// same chains.

const (
	cellSize = 100.0 // metres
	gridNX   = 160   // 16 km east-west
	gridNY   = 140   // 14 km north-south
	gridX0   = -cellSize * gridNX / 2
	gridY0   = -cellSize * gridNY / 2
	outside  = -1
)

// grid is a label raster.
type grid struct {
	lab []int
}

func newGrid() *grid {
	g := &grid{lab: make([]int, gridNX*gridNY)}
	for i := range g.lab {
		g.lab[i] = outside
	}
	return g
}

func (g *grid) at(i, j int) int {
	if i < 0 || j < 0 || i >= gridNX || j >= gridNY {
		return outside
	}
	return g.lab[j*gridNX+i]
}

func (g *grid) set(i, j, l int) { g.lab[j*gridNX+i] = l }

func cellCentre(i, j int) (x, y float64) {
	return gridX0 + (float64(i)+0.5)*cellSize, gridY0 + (float64(j)+0.5)*cellSize
}

func cellOf(x, y float64) (i, j int) {
	return int(math.Floor((x - gridX0) / cellSize)), int(math.Floor((y - gridY0) / cellSize))
}

// noise is smooth 2-D value noise on an infinite lattice, keyed by a seed.
type noise struct {
	key   uint64
	scale float64
}

func (n noise) lattice(ix, iy int64) float64 {
	h := n.key ^ uint64(ix)*0x9E3779B97F4A7C15 ^ uint64(iy)*0xC2B2AE3D27D4EB4F
	h ^= h >> 30
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 27
	h *= 0x94D049BB133111EB
	h ^= h >> 31
	return float64(h>>11)/float64(1<<53)*2 - 1
}

// at returns a value in about [-1, 1].
func (n noise) at(x, y float64) float64 {
	fx, fy := x/n.scale, y/n.scale
	ix, iy := math.Floor(fx), math.Floor(fy)
	tx, ty := fx-ix, fy-iy
	tx = tx * tx * (3 - 2*tx)
	ty = ty * ty * (3 - 2*ty)
	x0, y0 := int64(ix), int64(iy)
	a := n.lattice(x0, y0)
	b := n.lattice(x0+1, y0)
	c := n.lattice(x0, y0+1)
	d := n.lattice(x0+1, y0+1)
	return (a*(1-tx)+b*tx)*(1-ty) + (c*(1-tx)+d*tx)*ty
}

// components labels the 4-connected components of cells with label l and
// returns them as lists of cell indices, largest first (ties: first cell).
func (g *grid) components(l int) [][]int {
	seen := make([]bool, len(g.lab))
	var comps [][]int
	stack := []int{}
	for s := range g.lab {
		if g.lab[s] != l || seen[s] {
			continue
		}
		var comp []int
		seen[s] = true
		stack = append(stack[:0], s)
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			comp = append(comp, c)
			i, j := c%gridNX, c/gridNX
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				ni, nj := i+d[0], j+d[1]
				if ni < 0 || nj < 0 || ni >= gridNX || nj >= gridNY {
					continue
				}
				n := nj*gridNX + ni
				if g.lab[n] == l && !seen[n] {
					seen[n] = true
					stack = append(stack, n)
				}
			}
		}
		comps = append(comps, comp)
	}
	// stable sort by size, descending
	for a := 1; a < len(comps); a++ {
		for b := a; b > 0 && len(comps[b]) > len(comps[b-1]); b-- {
			comps[b], comps[b-1] = comps[b-1], comps[b]
		}
	}
	return comps
}

// touchesEdge reports whether a component contains a cell on the grid border.
func touchesEdge(comp []int) bool {
	for _, c := range comp {
		i, j := c%gridNX, c/gridNX
		if i == 0 || j == 0 || i == gridNX-1 || j == gridNY-1 {
			return true
		}
	}
	return false
}

// cleanup makes every label in labels one 4-connected component (except
// cells listed in keep, whose components survive), fills outside islands and
// removes diagonal pinches, until stable.
func (g *grid) cleanup(labels []int, keep map[int]bool) {
	for iter := 0; iter < 50; iter++ {
		changed := false
		// Outside: the component touching the edge stays, others are filled.
		for _, comp := range g.components(outside) {
			if touchesEdge(comp) {
				continue
			}
			g.absorb(comp)
			changed = true
		}
		for _, l := range labels {
			comps := g.components(l)
			for k, comp := range comps {
				if k == 0 || keepsAny(comp, keep) {
					continue
				}
				g.absorb(comp)
				changed = true
			}
		}
		if g.fixPinches() {
			changed = true
		}
		if !changed {
			return
		}
	}
}

func keepsAny(comp []int, keep map[int]bool) bool {
	if keep == nil {
		return false
	}
	for _, c := range comp {
		if keep[c] {
			return true
		}
	}
	return false
}

// absorb gives a component the most common label around it (inside labels
// preferred over outside).
func (g *grid) absorb(comp []int) {
	own := g.lab[comp[0]]
	count := map[int]int{}
	best, bestN := outside, -1
	var order []int
	for _, c := range comp {
		i, j := c%gridNX, c/gridNX
		for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
			l := g.at(i+d[0], j+d[1])
			if l == own {
				continue
			}
			if _, ok := count[l]; !ok {
				order = append(order, l)
			}
			count[l]++
		}
	}
	for _, l := range order {
		n := count[l]
		if l == outside {
			n = 0 // only when nothing else borders it
		}
		if n > bestN {
			best, bestN = l, n
		}
	}
	for _, c := range comp {
		g.lab[c] = best
	}
}

// fixPinches removes 2x2 blocks where a label touches itself only
// diagonally, for the labels and for inside/outside.
func (g *grid) fixPinches() bool {
	changed := false
	in := func(l int) bool { return l != outside }
	for j := 0; j+1 < gridNY; j++ {
		for i := 0; i+1 < gridNX; i++ {
			a, b := g.at(i, j), g.at(i+1, j)
			c, d := g.at(i, j+1), g.at(i+1, j+1)
			switch {
			case a == d && b != a && c != a:
				if a == outside {
					g.set(i, j, b)
				} else {
					g.set(i+1, j, a)
				}
				changed = true
			case b == c && a != b && d != b:
				if b == outside {
					g.set(i+1, j, a)
				} else {
					g.set(i, j, b)
				}
				changed = true
			case in(a) == in(d) && in(b) != in(a) && in(c) != in(a):
				if in(a) {
					g.set(i+1, j, a)
				} else {
					g.set(i, j, b)
				}
				changed = true
			case in(b) == in(c) && in(a) != in(b) && in(d) != in(b):
				if in(b) {
					g.set(i, j, b)
				} else {
					g.set(i+1, j, a)
				}
				changed = true
			}
		}
	}
	return changed
}

// distance returns, per cell, the number of 8-neighbour steps to the nearest
// cell whose label differs from its own (0 on a boundary).
func (g *grid) distance() []int {
	dist := make([]int, len(g.lab))
	queue := make([]int, 0, len(g.lab))
	for c := range g.lab {
		dist[c] = -1
		i, j := c%gridNX, c/gridNX
		l := g.lab[c]
	scan:
		for dj := -1; dj <= 1; dj++ {
			for di := -1; di <= 1; di++ {
				if g.at(i+di, j+dj) != l {
					dist[c] = 0
					queue = append(queue, c)
					break scan
				}
			}
		}
	}
	for q := 0; q < len(queue); q++ {
		c := queue[q]
		i, j := c%gridNX, c/gridNX
		for dj := -1; dj <= 1; dj++ {
			for di := -1; di <= 1; di++ {
				ni, nj := i+di, j+dj
				if ni < 0 || nj < 0 || ni >= gridNX || nj >= gridNY {
					continue
				}
				n := nj*gridNX + ni
				if dist[n] < 0 && g.lab[n] == g.lab[c] {
					dist[n] = dist[c] + 1
					queue = append(queue, n)
				}
			}
		}
	}
	return dist
}

// jitter displaces grid vertices so boundaries do not follow the raster.
type jitter struct {
	dx, dy []float64
}

func newJitter(r *rand.Rand, amp float64) jitter {
	n := (gridNX + 1) * (gridNY + 1)
	jt := jitter{dx: make([]float64, n), dy: make([]float64, n)}
	for v := 0; v < n; v++ {
		jt.dx[v] = (r.Float64()*2 - 1) * amp
		jt.dy[v] = (r.Float64()*2 - 1) * amp
	}
	return jt
}

func (jt jitter) xy(v int) orb.Point {
	i, j := v%(gridNX+1), v/(gridNX+1)
	return orb.Point{gridX0 + float64(i)*cellSize + jt.dx[v], gridY0 + float64(j)*cellSize + jt.dy[v]}
}

// chain is a boundary polyline between two nodes (or a closed loop) with
// one label on its left and another on its right.
type chain struct {
	left, right int
	from, to    int // vertex indices; equal for closed loops
	closed      bool
	pts         []orb.Point
}

// edge directions from a vertex
const (
	dirE = iota
	dirN
	dirW
	dirS
)

func vid(i, j int) int { return j*(gridNX+1) + i }

// sides returns the labels left and right of the unit edge leaving vertex
// (i, j) in direction d.
func (g *grid) sides(i, j, d int) (left, right int) {
	switch d {
	case dirE:
		return g.at(i, j), g.at(i, j-1)
	case dirN:
		return g.at(i-1, j), g.at(i, j)
	case dirW:
		return g.at(i-1, j-1), g.at(i-1, j)
	default:
		return g.at(i, j-1), g.at(i-1, j-1)
	}
}

func step(i, j, d int) (int, int) {
	switch d {
	case dirE:
		return i + 1, j
	case dirN:
		return i, j + 1
	case dirW:
		return i - 1, j
	default:
		return i, j - 1
	}
}

// edgeID numbers the undirected unit edge leaving (i, j) in direction d.
func edgeID(i, j, d int) int {
	switch d {
	case dirE:
		return 2 * vid(i, j)
	case dirN:
		return 2*vid(i, j) + 1
	case dirW:
		return 2 * vid(i-1, j)
	default:
		return 2*vid(i, j-1) + 1
	}
}

func (g *grid) isBoundary(i, j, d int) bool {
	l, r := g.sides(i, j, d)
	return l != r
}

func (g *grid) degree(i, j int) int {
	n := 0
	for d := dirE; d <= dirS; d++ {
		if g.isBoundary(i, j, d) {
			n++
		}
	}
	return n
}

// chains traces every boundary of the grid into chains, smoothed with
// the given jitter. The result depends only on the labels and the jitter.
func (g *grid) chains(jt jitter) []chain {
	visited := make([]bool, 2*(gridNX+1)*(gridNY+1))
	var out []chain
	walk := func(i0, j0, d0 int) chain {
		l, r := g.sides(i0, j0, d0)
		c := chain{left: l, right: r, from: vid(i0, j0)}
		verts := []int{vid(i0, j0)}
		i, j, d := i0, j0, d0
		for {
			visited[edgeID(i, j, d)] = true
			i, j = step(i, j, d)
			verts = append(verts, vid(i, j))
			if g.degree(i, j) != 2 || (i == i0 && j == j0) {
				break
			}
			next := -1
			for nd := dirE; nd <= dirS; nd++ {
				if g.isBoundary(i, j, nd) && !visited[edgeID(i, j, nd)] {
					next = nd
					break
				}
			}
			if next < 0 {
				break
			}
			d = next
		}
		c.to = verts[len(verts)-1]
		// A loop through a node keeps the node fixed: only node-free loops
		// are smoothed as closed rings.
		c.closed = c.to == c.from && g.degree(i0, j0) == 2
		pts := make([]orb.Point, len(verts))
		for k, v := range verts {
			pts[k] = jt.xy(v)
		}
		c.pts = smooth(pts, c.closed)
		return c
	}
	for j := 0; j <= gridNY; j++ {
		for i := 0; i <= gridNX; i++ {
			deg := g.degree(i, j)
			if deg == 0 || deg == 2 {
				continue
			}
			for d := dirE; d <= dirS; d++ {
				if g.isBoundary(i, j, d) && !visited[edgeID(i, j, d)] {
					out = append(out, walk(i, j, d))
				}
			}
		}
	}
	// closed loops without nodes
	for j := 0; j <= gridNY; j++ {
		for i := 0; i <= gridNX; i++ {
			for d := dirE; d <= dirN; d++ {
				if g.isBoundary(i, j, d) && !visited[edgeID(i, j, d)] {
					out = append(out, walk(i, j, d))
				}
			}
		}
	}
	return out
}

// smooth applies two rounds of Chaikin corner cutting (endpoints fixed for
// open chains) and drops points that deviate less than 2 m from a line.
func smooth(p []orb.Point, closed bool) []orb.Point {
	for it := 0; it < 2; it++ {
		var q []orb.Point
		if closed {
			n := len(p) - 1 // last == first
			for k := 0; k < n; k++ {
				a, b := p[k], p[k+1]
				q = append(q, lerp(a, b, 0.25), lerp(a, b, 0.75))
			}
			q = append(q, q[0])
		} else {
			q = append(q, p[0])
			for k := 0; k+1 < len(p); k++ {
				a, b := p[k], p[k+1]
				if k > 0 {
					q = append(q, lerp(a, b, 0.25))
				}
				if k+2 < len(p) {
					q = append(q, lerp(a, b, 0.75))
				}
			}
			q = append(q, p[len(p)-1])
		}
		p = q
	}
	return douglasPeucker(p, 2)
}

func lerp(a, b orb.Point, t float64) orb.Point {
	return orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}
}

func douglasPeucker(p []orb.Point, tol float64) []orb.Point {
	if len(p) < 3 {
		return p
	}
	keep := make([]bool, len(p))
	keep[0], keep[len(p)-1] = true, true
	var rec func(a, b int)
	rec = func(a, b int) {
		if b-a < 2 {
			return
		}
		best, bestD := -1, tol
		for k := a + 1; k < b; k++ {
			if d := segDist(p[k], p[a], p[b]); d > bestD {
				best, bestD = k, d
			}
		}
		if best < 0 {
			return
		}
		keep[best] = true
		rec(a, best)
		rec(best, b)
	}
	if p[0] == p[len(p)-1] {
		// closed: split at the farthest point from the start
		far, fd := 1, -1.0
		for k := 1; k < len(p)-1; k++ {
			if d := dist(p[k], p[0]); d > fd {
				far, fd = k, d
			}
		}
		keep[far] = true
		rec(0, far)
		rec(far, len(p)-1)
	} else {
		rec(0, len(p)-1)
	}
	var out []orb.Point
	for k, ok := range keep {
		if ok {
			out = append(out, p[k])
		}
	}
	return out
}

func dist(a, b orb.Point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

func segDist(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return dist(p, a)
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

// assemble builds the polygons of the region whose labels satisfy in, from
// the chains: outer rings counter-clockwise, holes clockwise, in local
// metres.
func assemble(chains []chain, in func(int) bool) orb.MultiPolygon {
	type oriented struct {
		from, to int
		pts      []orb.Point
	}
	var parts []oriented
	byStart := map[int][]int{}
	for _, c := range chains {
		li, ri := in(c.left), in(c.right)
		if li == ri {
			continue
		}
		o := oriented{from: c.from, to: c.to, pts: c.pts}
		if !li {
			o.from, o.to = c.to, c.from
			o.pts = reversed(c.pts)
		}
		byStart[o.from] = append(byStart[o.from], len(parts))
		parts = append(parts, o)
	}
	used := make([]bool, len(parts))
	var rings []orb.Ring
	for k := range parts {
		if used[k] {
			continue
		}
		used[k] = true
		ring := append(orb.Ring{}, parts[k].pts...)
		start, end := parts[k].from, parts[k].to
		for end != start {
			next := -1
			for _, n := range byStart[end] {
				if !used[n] {
					next = n
					break
				}
			}
			if next < 0 {
				panic("demo: open ring while assembling boundaries")
			}
			used[next] = true
			ring = append(ring, parts[next].pts[1:]...)
			end = parts[next].to
		}
		rings = append(rings, ring)
	}
	var mp orb.MultiPolygon
	var holes []orb.Ring
	for _, r := range rings {
		if ringArea(r) > 0 {
			mp = append(mp, orb.Polygon{r})
		} else {
			holes = append(holes, r)
		}
	}
	for _, h := range holes {
		for k := range mp {
			if ringContains(mp[k][0], h[0]) {
				mp[k] = append(mp[k], h)
				break
			}
		}
	}
	// largest polygon first
	for a := 1; a < len(mp); a++ {
		for b := a; b > 0 && ringArea(mp[b][0]) > ringArea(mp[b-1][0]); b-- {
			mp[b], mp[b-1] = mp[b-1], mp[b]
		}
	}
	return mp
}

func reversed(p []orb.Point) []orb.Point {
	q := make([]orb.Point, len(p))
	for k := range p {
		q[len(p)-1-k] = p[k]
	}
	return q
}

// ringArea is the signed shoelace area (positive: counter-clockwise).
func ringArea(r orb.Ring) float64 {
	s := 0.0
	for k := 0; k+1 < len(r); k++ {
		s += r[k][0]*r[k+1][1] - r[k+1][0]*r[k][1]
	}
	return s / 2
}

func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for k, l := 0, len(r)-1; k < len(r); l, k = k, k+1 {
		a, b := r[k], r[l]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}
