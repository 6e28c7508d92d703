// Package demo builds "Musterstadt", a synthetic demo municipality shaped
// like a real one: a town of about 62,000 inhabitants in the Ortenau
// (Baden-Württemberg, around 48.47 N, 7.94 E, UTM zone 32) with 11 Ortsteile,
// 8 Gewerbegebiete, 2 provider build areas and about 16,000 address points.
//
// Everything is derived from one seed through math/rand/v2's PCG generator,
// so New(seed) returns byte-identical output for the same seed. Nothing in
// the output depends on map iteration order.
//
// Geometry: the Ortsteile are built on a 100 m raster (nearest jittered seed
// point with smooth noise, clipped to an irregular outline); their common
// boundaries are traced once, jittered and smoothed once, and shared by both
// neighbours, so the districts tile the municipality exactly — no overlaps,
// no gaps, no slivers.
//
// The hole: one village Ortsteil has an interior ring. The hole is an
// exclave of a neighbouring Ortsteil (a hamlet with a few dozen addresses),
// stored as the second polygon of that neighbour's MultiPolygon. So exactly
// one district has a hole, exactly one district is a two-part MultiPolygon,
// the union of the districts is the municipality, and the addresses in the
// hole belong to the exclave's Ortsteil — an overlay that ignores holes
// assigns them twice.
//
// Addresses: every address lies inside exactly one district, at least one
// raster cell (100 m) away from any district boundary, except three
// deliberate outsiders ("Sonnenhof", an Aussiedlerhof whose points lie a few
// hundred metres beyond the municipal boundary), so that "addresses outside
// every district" has something to list. Two addresses carry the placeholder
// street "### Straßenname unbekannt".
//
// Base map: the streets the houses were laid out along, roads between the
// Ortsteile and a footprint under every address (basemap.go), so that the
// demo map looks like a town without any network.
package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"gigaplan/geo"
)

// Town is the generated municipality.
type Town struct {
	Name         string
	AGS          string
	Municipality geo.Area   // Kind municipality, the outer boundary
	Districts    []geo.Area // 11 Ortsteile, Kind district
	Zones        []geo.Area // 8 Gewerbegebiete, Kind zone
	BuildAreas   []geo.Area // 2 provider build areas, Kind buildarea
	Addresses    []geo.Address
	// Streets and Buildings are the town's generated base map: the
	// streets the addresses were laid out along, the roads between the
	// Ortsteile, and a footprint under every address (basemap.go).
	Streets   []Street
	Buildings []orb.Polygon
}

// DefaultSeed is the seed of the demo town shipped with Gigaplan.
const DefaultSeed int64 = 2026

// Fixed identity of the demo town.
const (
	TownName = "Musterstadt"
	TownAGS  = "08317999" // fictional key in the Ortenaukreis (08317)
	Source   = "demo"
)

// Centre of the local metric frame.
const (
	lon0 = 7.94
	lat0 = 48.47
)

type districtKind int

const (
	kindCentre districtKind = iota
	kindUrban
	kindVillage
)

type districtSpec struct {
	name     string
	postcode string
	kind     districtKind
	angle    float64 // seed direction in degrees from the centre (0 = east)
	radius   float64 // seed distance in metres
	target   int     // addresses (residential streets)
}

var districtSpecs = []districtSpec{
	{"Altstadt", "77652", kindCentre, 0, 0, 3300},
	{"Nordweststadt", "77656", kindUrban, 140, 2200, 2500},
	{"Oststadt", "77654", kindUrban, 15, 2100, 2100},
	{"Kinzigvorstadt", "77652", kindUrban, -80, 2000, 1900},
	{"Windschlägen", "77651", kindVillage, 95, 4000, 900},
	{"Rammersweiler", "77653", kindVillage, 45, 4300, 750},
	{"Zell-Rebbach", "77655", kindVillage, -5, 4500, 950},
	{"Fessental", "77657", kindVillage, -55, 4300, 700},
	{"Elgershofen", "77658", kindVillage, -115, 4000, 1000},
	{"Bühlweier", "77659", kindVillage, 190, 4600, 850},
	{"Bohlsau", "77656", kindVillage, 145, 4700, 650},
}

type zoneSpec struct {
	name   string
	hosts  []string // one district, or two for the zone across a boundary
	dx, dy float64  // preferred direction from the host's core
	ha     float64
}

var zoneSpecs = []zoneSpec{
	{"Industriegebiet Hafen", []string{"Bühlweier"}, -1, 0, 55},
	{"Gewerbegebiet West", []string{"Nordweststadt"}, -1, 0.3, 40},
	{"Gewerbepark Elgershofen", []string{"Elgershofen"}, 0, 1, 30},
	{"Gewerbegebiet Kinzigtal", []string{"Kinzigvorstadt"}, 0, -1, 35},
	{"Gewerbegebiet Nord", []string{"Windschlägen"}, 0, -1, 25},
	{"Gewerbegebiet Ost", []string{"Oststadt"}, 1, 0, 28},
	{"Gewerbegebiet Güterbahnhof", []string{"Altstadt", "Kinzigvorstadt"}, 0, 0, 15},
	{"Gewerbepark Rammersweiler", []string{"Rammersweiler"}, -1, -1, 12},
}

// zone is a Gewerbegebiet in the local frame: a rectangle of w × h metres
// rotated by theta around (cx, cy), with a chamfered corner.
type zone struct {
	name        string
	cx, cy      float64
	w, h, theta float64
	radius      float64 // clearance disk
	ring        orb.Ring
	hosts       []int
}

// local returns p in the zone's frame (u along w, v along h).
func (z *zone) local(x, y float64) (u, v float64) {
	dx, dy := x-z.cx, y-z.cy
	c, s := math.Cos(z.theta), math.Sin(z.theta)
	return dx*c + dy*s, -dx*s + dy*c
}

func (z *zone) world(u, v float64) orb.Point {
	c, s := math.Cos(z.theta), math.Sin(z.theta)
	return orb.Point{z.cx + u*c - v*s, z.cy + u*s + v*c}
}

// near reports whether (x, y) lies within margin metres of the zone's
// rectangle.
func (z *zone) near(x, y, margin float64) bool {
	u, v := z.local(x, y)
	return math.Abs(u) <= z.w/2+margin && math.Abs(v) <= z.h/2+margin
}

// builder carries the state of one generation.
type builder struct {
	r       *rand.Rand
	g       *grid
	dist    []int
	seeds   []orb.Point
	cores   []orb.Point
	holder  int // district with the hole
	owner   int // district owning the exclave
	exclave orb.Point
	zones   []*zone
	// The layout behind the addresses, for the base map (basemap.go).
	streets []street
	houses  []house
}

// New generates the town for a seed.
func New(seed int64) *Town {
	b := &builder{r: rand.New(rand.NewPCG(uint64(seed), 0x4d75737465727374))}
	b.outline()
	b.districts()
	b.carveExclave()
	b.findCores()
	b.placeZones()

	t := &Town{Name: TownName, AGS: TownAGS}
	jt := newJitter(b.r, 0.22*cellSize)
	chains := b.g.chains(jt)
	t.Municipality = geo.Area{Kind: geo.KindMunicipality, Name: TownName, AGS: TownAGS, Source: Source,
		Geometry: toWGS84(assemble(chains, func(l int) bool { return l != outside }))}
	for k, d := range districtSpecs {
		t.Districts = append(t.Districts, geo.Area{Kind: geo.KindDistrict, Name: d.name, Source: Source,
			Geometry: toWGS84(assemble(chains, func(l int) bool { return l == k }))})
	}
	for _, z := range b.zones {
		t.Zones = append(t.Zones, geo.Area{Kind: geo.KindZone, Name: z.name, Source: Source,
			Geometry: toWGS84(orb.MultiPolygon{{z.ring}})})
	}
	t.BuildAreas = b.buildAreas()
	t.Addresses = b.addresses()
	b.baseMap(t, seed)
	return t
}

// outline marks the cells of an irregular, roughly 12 km × 10 km municipality.
func (b *builder) outline() {
	b.g = newGrid()
	type harmonic struct{ k, amp, phase float64 }
	var hs []harmonic
	for k := 2; k <= 6; k++ {
		hs = append(hs, harmonic{float64(k), (0.5 + 0.5*b.r.Float64()) * 0.16 / float64(k-1), b.r.Float64() * 2 * math.Pi})
	}
	n := noise{key: b.r.Uint64(), scale: 900}
	rot := (b.r.Float64()*2 - 1) * 0.25
	for j := 0; j < gridNY; j++ {
		for i := 0; i < gridNX; i++ {
			x, y := cellCentre(i, j)
			c, s := math.Cos(rot), math.Sin(rot)
			u, v := x*c+y*s, -x*s+y*c
			th := math.Atan2(v/5000, u/6000)
			lim := 1.0
			for _, h := range hs {
				lim += h.amp * math.Cos(h.k*th+h.phase)
			}
			lim += 0.1 * n.at(x, y)
			if math.Hypot(u/6000, v/5000) < lim {
				b.g.set(i, j, 0)
			}
		}
	}
	b.g.cleanup([]int{0}, nil)
}

// districts assigns every inside cell to the nearest seed, weighted and
// disturbed by noise.
func (b *builder) districts() {
	b.seeds = make([]orb.Point, len(districtSpecs))
	for k, d := range districtSpecs {
		a := (d.angle + (b.r.Float64()*2-1)*10) * math.Pi / 180
		rad := d.radius * (0.92 + 0.16*b.r.Float64())
		p := orb.Point{rad * math.Cos(a) * 1.1, rad * math.Sin(a) * 0.95}
		if d.kind == kindCentre {
			p = orb.Point{(b.r.Float64()*2 - 1) * 200, (b.r.Float64()*2 - 1) * 200}
		}
		// pull a seed that fell outside the outline towards the centre
		for f := 1.0; f > 0.3; f -= 0.05 {
			q := orb.Point{p[0] * f, p[1] * f}
			i, j := cellOf(q[0], q[1])
			if b.g.at(i, j) != outside {
				p = q
				break
			}
		}
		b.seeds[k] = p
	}
	weight := map[districtKind]float64{kindCentre: 1.35, kindUrban: 1.1, kindVillage: 1.0}
	noises := make([]noise, len(districtSpecs))
	for k := range noises {
		noises[k] = noise{key: b.r.Uint64(), scale: 1300}
	}
	for j := 0; j < gridNY; j++ {
		for i := 0; i < gridNX; i++ {
			if b.g.at(i, j) == outside {
				continue
			}
			x, y := cellCentre(i, j)
			best, bestS := 0, math.Inf(1)
			for k, s := range b.seeds {
				sc := dist(orb.Point{x, y}, s)*weight[districtSpecs[k].kind] + 420*noises[k].at(x, y)
				if sc < bestS {
					best, bestS = k, sc
				}
			}
			b.g.set(i, j, best)
		}
	}
	// every seed keeps at least its own cell
	for k, s := range b.seeds {
		i, j := cellOf(s[0], s[1])
		b.g.set(i, j, k)
	}
	b.g.cleanup(allDistricts(), nil)
}

func allDistricts() []int {
	l := make([]int, len(districtSpecs))
	for k := range l {
		l[k] = k
	}
	return l
}

// carveExclave cuts an elliptic exclave of a neighbour out of the deepest
// village.
func (b *builder) carveExclave() {
	b.dist = b.g.distance()
	depth := make([]int, len(districtSpecs))
	deep := make([]int, len(districtSpecs))
	for c, l := range b.g.lab {
		if l != outside && b.dist[c] > depth[l] {
			depth[l], deep[l] = b.dist[c], c
		}
	}
	b.holder = -1
	for k, d := range districtSpecs {
		if d.kind == kindVillage && (b.holder < 0 || depth[k] > depth[b.holder]) {
			b.holder = k
		}
	}
	// owner: the neighbour (not the centre) sharing the longest boundary
	b.owner = b.neighbour(b.holder, func(k int) bool { return districtSpecs[k].kind != kindCentre })
	ci, cj := deep[b.holder]%gridNX, deep[b.holder]/gridNX
	cx, cy := cellCentre(ci, cj)
	maxR := float64(depth[b.holder]-3) * cellSize
	ra := math.Min(320+130*b.r.Float64(), maxR)
	rb := math.Min(260+100*b.r.Float64(), maxR)
	keep := map[int]bool{}
	for j := 0; j < gridNY; j++ {
		for i := 0; i < gridNX; i++ {
			x, y := cellCentre(i, j)
			if (x-cx)*(x-cx)/(ra*ra)+(y-cy)*(y-cy)/(rb*rb) < 1 && b.g.at(i, j) == b.holder {
				b.g.set(i, j, b.owner)
				keep[j*gridNX+i] = true
			}
		}
	}
	b.exclave = orb.Point{cx, cy}
	b.g.cleanup(allDistricts(), keep)
}

// neighbour returns the district accepted by ok that shares the longest
// boundary with district x (-1 if none).
func (b *builder) neighbour(x int, ok func(int) bool) int {
	shared := make([]int, len(districtSpecs))
	for j := 0; j < gridNY; j++ {
		for i := 0; i < gridNX; i++ {
			if b.g.at(i, j) != x {
				continue
			}
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				if l := b.g.at(i+d[0], j+d[1]); l != outside && l != x {
					shared[l]++
				}
			}
		}
	}
	best := -1
	for k := range shared {
		if ok(k) && shared[k] > 0 && (best < 0 || shared[k] > shared[best]) {
			best = k
		}
	}
	return best
}

// findCores puts each district's core on its deepest cell (ties: nearest to
// the seed).
func (b *builder) findCores() {
	b.dist = b.g.distance()
	b.cores = make([]orb.Point, len(districtSpecs))
	best := make([]float64, len(districtSpecs))
	for k := range best {
		best[k] = math.Inf(-1)
	}
	for c, l := range b.g.lab {
		if l == outside {
			continue
		}
		x, y := cellCentre(c%gridNX, c/gridNX)
		p := orb.Point{x, y}
		if l == b.owner && dist(p, b.exclave) < 1000 {
			continue // the exclave is not the owner's core
		}
		score := float64(min(b.dist[c], 8))*1000 - dist(p, b.seeds[l])
		if score > best[l] {
			best[l], b.cores[l] = score, p
		}
	}
}

func districtIndex(name string) int {
	for k, d := range districtSpecs {
		if d.name == name {
			return k
		}
	}
	panic("demo: unknown district " + name)
}

// placeZones fits the Gewerbegebiete into their host districts.
func (b *builder) placeZones() {
	for _, zs := range zoneSpecs {
		hosts := make([]int, len(zs.hosts))
		for k, n := range zs.hosts {
			hosts[k] = districtIndex(n)
		}
		if len(hosts) > 1 {
			// across the boundary to the neighbour sharing the longest one
			hosts[1] = b.neighbour(hosts[0], func(k int) bool { return districtSpecs[k].kind != kindVillage })
		}
		area := zs.ha * 10000 * (0.9 + 0.2*b.r.Float64())
		ratio := 1.3 + 0.7*b.r.Float64()
		theta := (b.r.Float64()*2 - 1) * math.Pi / 4
		var z *zone
		for try := 0; try < 8 && z == nil; try++ {
			w := math.Sqrt(area * ratio)
			h := area / w
			z = b.fitZone(zs, hosts, w, h, theta)
			area *= 0.8
		}
		if z == nil {
			panic("demo: cannot place " + zs.name)
		}
		z.name = zs.name
		z.hosts = hosts
		// outline: rectangle with one chamfered corner and a kink on a long side
		cut := math.Min(z.w, z.h) * (0.15 + 0.15*b.r.Float64())
		kink := z.h * 0.06 * (b.r.Float64()*2 - 1)
		hw, hh := z.w/2, z.h/2
		corners := []orb.Point{{-hw, -hh}, {hw - cut, -hh}, {hw, -hh + cut}, {hw, hh}, {0, hh + kink}, {-hw, hh}, {-hw, -hh}}
		for _, c := range corners {
			z.ring = append(z.ring, z.world(c[0], c[1]))
		}
		b.zones = append(b.zones, z)
	}
}

func (b *builder) fitZone(zs zoneSpec, hosts []int, w, h, theta float64) *zone {
	radius := math.Hypot(w, h)/2 + 120
	dir := orb.Point{zs.dx, zs.dy}
	if l := math.Hypot(dir[0], dir[1]); l > 0 {
		dir = orb.Point{dir[0] / l, dir[1] / l}
	}
	isHost := func(l int) int {
		for k, hl := range hosts {
			if hl == l {
				return k
			}
		}
		return -1
	}
	rc := int(math.Ceil(radius/cellSize)) + 1
	var best *zone
	bestScore := math.Inf(-1)
	for c, l := range b.g.lab {
		if l != hosts[0] || (len(hosts) == 1 && b.dist[c] < 2) {
			continue
		}
		ci, cj := c%gridNX, c/gridNX
		cx, cy := cellCentre(ci, cj)
		p := orb.Point{cx, cy}
		ok := true
		for _, hl := range hosts {
			if dist(p, b.cores[hl]) < radius+350-150*float64(len(hosts)-1) {
				ok = false
			}
		}
		if dist(p, b.exclave) < radius+600 {
			ok = false
		}
		for _, o := range b.zones {
			if math.Hypot(o.cx-cx, o.cy-cy) < radius+o.radius {
				ok = false
			}
		}
		if !ok {
			continue
		}
		count := make([]int, len(hosts))
		for dj := -rc; dj <= rc && ok; dj++ {
			for di := -rc; di <= rc; di++ {
				x, y := cellCentre(ci+di, cj+dj)
				if math.Hypot(x-cx, y-cy) > radius {
					continue
				}
				k := isHost(b.g.at(ci+di, cj+dj))
				if k < 0 {
					ok = false
					break
				}
				count[k]++
			}
		}
		if !ok {
			continue
		}
		var score float64
		if len(hosts) > 1 {
			tot := count[0] + count[1]
			if count[0]*10 < tot*3 || count[1]*10 < tot*3 {
				continue
			}
			score = -dist(p, b.cores[hosts[0]])
		} else {
			score = (cx-b.cores[hosts[0]][0])*dir[0] + (cy-b.cores[hosts[0]][1])*dir[1]
		}
		if score > bestScore {
			bestScore = score
			best = &zone{cx: cx, cy: cy, w: w, h: h, theta: theta, radius: radius}
		}
	}
	return best
}

// buildAreas derives the two provider polygons from the raster, traced with
// their own jitter so that they never follow a district boundary exactly.
func (b *builder) buildAreas() []geo.Area {
	jt := newJitter(b.r, 0.3*cellSize)
	var out []geo.Area

	// 1: most of a village plus a strip of its largest neighbour.
	x := districtIndex("Windschlägen")
	y := b.neighbour(x, func(int) bool { return true })
	away := orb.Point{b.cores[x][0] - b.cores[y][0], b.cores[x][1] - b.cores[y][1]}
	al := math.Hypot(away[0], away[1])
	away = orb.Point{away[0] / al, away[1] / al}
	var proj []float64
	for c, l := range b.g.lab {
		if l == x {
			cx, cy := cellCentre(c%gridNX, c/gridNX)
			proj = append(proj, (cx-b.cores[x][0])*away[0]+(cy-b.cores[x][1])*away[1])
		}
	}
	slices.Sort(proj)
	cutoff := proj[len(proj)*82/100]
	ba := newGrid()
	strip := make([]int, len(b.g.lab))
	for c := range strip {
		strip[c] = -1
	}
	var queue []int
	for c, l := range b.g.lab {
		if l != x {
			continue
		}
		cx, cy := cellCentre(c%gridNX, c/gridNX)
		if (cx-b.cores[x][0])*away[0]+(cy-b.cores[x][1])*away[1] <= cutoff {
			ba.lab[c] = 0
		}
		strip[c] = 0
		queue = append(queue, c)
	}
	for q := 0; q < len(queue); q++ {
		c := queue[q]
		if strip[c] >= 4 {
			continue
		}
		i, j := c%gridNX, c/gridNX
		for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
			ni, nj := i+d[0], j+d[1]
			if b.g.at(ni, nj) != y {
				continue
			}
			n := nj*gridNX + ni
			if strip[n] < 0 {
				strip[n] = strip[c] + 1
				ba.lab[n] = 0
				queue = append(queue, n)
			}
		}
	}
	ba.cleanup([]int{0}, nil)
	out = append(out, geo.Area{Kind: geo.KindBuildArea, Name: "Ausbaugebiet " + districtSpecs[x].name, Source: Source,
		Geometry: toWGS84(assemble(ba.chains(jt), func(l int) bool { return l == 0 }))})

	// 2: the northern part of an urban district, clear of its boundary.
	z := districtIndex("Oststadt")
	ba = newGrid()
	for c, l := range b.g.lab {
		_, cy := cellCentre(c%gridNX, c/gridNX)
		if l == z && b.dist[c] >= 2 && cy >= b.cores[z][1]-150 {
			ba.lab[c] = 0
		}
	}
	ba.cleanup([]int{0}, nil)
	out = append(out, geo.Area{Kind: geo.KindBuildArea, Name: "Ausbaugebiet " + districtSpecs[z].name + "-Nord", Source: Source,
		Geometry: toWGS84(assemble(ba.chains(jt), func(l int) bool { return l == 0 }))})
	return out
}

// Local metres to WGS84 (equirectangular around the centre; good to a few
// decimetres over the town).
var (
	mPerDegLat = 111132.954 - 559.822*math.Cos(2*lat0*math.Pi/180) + 1.175*math.Cos(4*lat0*math.Pi/180)
	mPerDegLon = 111412.84*math.Cos(lat0*math.Pi/180) - 93.5*math.Cos(3*lat0*math.Pi/180)
)

func round7(v float64) float64 { return math.Round(v*1e7) / 1e7 }

func wgs84(p orb.Point) orb.Point {
	return orb.Point{round7(lon0 + p[0]/mPerDegLon), round7(lat0 + p[1]/mPerDegLat)}
}

func toWGS84(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for k, poly := range mp {
		out[k] = make(orb.Polygon, len(poly))
		for r, ring := range poly {
			nr := make(orb.Ring, 0, len(ring))
			for _, p := range ring {
				q := wgs84(p)
				if len(nr) > 0 && nr[len(nr)-1] == q {
					continue
				}
				nr = append(nr, q)
			}
			out[k][r] = nr
		}
	}
	return out
}

// sortAddresses orders addresses like an official file: by street key,
// house number and suffix; placeholders (no street key) last.
func sortAddresses(as []geo.Address) {
	slices.SortStableFunc(as, func(a, b geo.Address) int {
		ka, kb := a.StreetKey, b.StreetKey
		if ka == "" {
			ka = "~"
		}
		if kb == "" {
			kb = "~"
		}
		if c := cmp.Compare(ka, kb); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Postcode, b.Postcode); c != 0 {
			return c
		}
		na, _ := strconv.Atoi(a.HouseNumber)
		nb, _ := strconv.Atoi(b.HouseNumber)
		if c := cmp.Compare(na, nb); c != 0 {
			return c
		}
		return cmp.Compare(a.Suffix, b.Suffix)
	})
}
