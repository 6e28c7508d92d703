package demo

// The demo's base map: streets and building footprints generated with the
// addresses, so that the demo map looks like a town without any network
// (the app renders them as vector tiles, geo.FeatureTiles). Drawn from its
// own random stream after the addresses, so that the addresses are the
// same with or without it.

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"

	"gigaplan/geo"
)

// Road kinds, as the Protomaps basemap schema names them (the app's base
// map style draws both that schema and ours with one set of layers).
const (
	RoadMajor = "major_road" // the roads between the Ortsteile
	RoadMinor = "minor_road" // the streets of the Ortsteile
)

// Street is a line of the demo's base map.
type Street struct {
	Name string         `json:",omitempty"`
	Kind string         // RoadMajor or RoadMinor
	Line orb.LineString // WGS84
}

// baseMap fills t.Streets and t.Buildings from the layout behind the
// addresses.
func (b *builder) baseMap(t *Town, seed int64) {
	r := rand.New(rand.NewPCG(uint64(seed), 0x626173656d6170))
	// Roads between the Ortsteile: a minimum spanning tree over the
	// district cores (Prim), each edge a gentle curve.
	cs := b.cores
	in := make([]bool, len(cs))
	in[0] = true
	for range len(cs) - 1 {
		bi, bj, bd := -1, -1, math.Inf(1)
		for i := range cs {
			if !in[i] {
				continue
			}
			for j := range cs {
				if !in[j] && dist(cs[i], cs[j]) < bd {
					bi, bj, bd = i, j, dist(cs[i], cs[j])
				}
			}
		}
		in[bj] = true
		t.Streets = append(t.Streets, Street{Kind: RoadMajor, Line: curve(cs[bi], cs[bj], (r.Float64()*2-1)*0.12)})
	}
	for _, s := range b.streets {
		if len(s.pts) < 2 {
			continue
		}
		line := make(orb.LineString, len(s.pts))
		for i, p := range s.pts {
			line[i] = wgs84(p)
		}
		t.Streets = append(t.Streets, Street{Name: s.name, Kind: RoadMinor, Line: line})
	}
	for _, h := range b.houses {
		w, d := footprint(r, h.typ, h.households, h.businesses)
		t.Buildings = append(t.Buildings, rectangle(h.p, h.tan, w, d, wgs84))
	}
}

// footprint returns a building's width along the street and its depth, in
// metres.
func footprint(r *rand.Rand, typ geo.AddressType, households, businesses int) (w, d float64) {
	u := func(lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }
	switch {
	case typ == geo.TypeSchool || typ == geo.TypeHospital:
		return u(40, 60), u(20, 30)
	case typ == geo.TypePublic:
		return u(18, 30), u(12, 18)
	case typ == geo.TypeBusiness || businesses > 1:
		return u(20, 45), u(15, 30)
	case households >= 6:
		return u(18, 28), u(11, 14)
	default:
		return u(8, 12), u(8, 11)
	}
}

// rectangle is a w × d rectangle centred on p (local metres), its width
// along direction tan, exterior ring counter-clockwise, projected by proj.
func rectangle(p orb.Point, tan, w, d float64, proj func(orb.Point) orb.Point) orb.Polygon {
	c, s := math.Cos(tan), math.Sin(tan)
	corner := func(u, v float64) orb.Point { return proj(orb.Point{p[0] + u*c - v*s, p[1] + u*s + v*c}) }
	ring := orb.Ring{corner(-w/2, -d/2), corner(w/2, -d/2), corner(w/2, d/2), corner(-w/2, d/2)}
	ring = append(ring, ring[0])
	return orb.Polygon{ring}
}

// curve is a quadratic Bézier from a to b (local metres) whose control
// point lies bend × |ab| beside the middle, in WGS84.
func curve(a, b orb.Point, bend float64) orb.LineString {
	mx, my := (a[0]+b[0])/2, (a[1]+b[1])/2
	dx, dy := b[0]-a[0], b[1]-a[1]
	ctl := orb.Point{mx - dy*bend, my + dx*bend}
	const n = 16
	out := make(orb.LineString, 0, n+1)
	for i := 0; i <= n; i++ {
		t := float64(i) / n
		out = append(out, wgs84(orb.Point{
			(1-t)*(1-t)*a[0] + 2*(1-t)*t*ctl[0] + t*t*b[0],
			(1-t)*(1-t)*a[1] + 2*(1-t)*t*ctl[1] + t*t*b[1],
		}))
	}
	return out
}

// BaseMapLayers are the layers of the demo's base map for towns t and n,
// named and tagged like the Protomaps basemap schema ("roads" with kind,
// "buildings"), which the app's base map style draws.
func BaseMapLayers(t *Town, n *Neighbour) []geo.FeatureLayer {
	var roads, buildings []geo.Feature
	streets := slices.Concat(t.Streets, n.Streets)
	// Major roads last, so that they draw over the streets.
	major := func(s Street) int {
		if s.Kind == RoadMajor {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(streets, func(a, b Street) int { return cmp.Compare(major(a), major(b)) })
	for _, s := range streets {
		p := map[string]any{"kind": s.Kind}
		if s.Name != "" {
			p["name"] = s.Name
		}
		roads = append(roads, geo.Feature{Geometry: s.Line, Properties: p})
	}
	for _, bl := range slices.Concat(t.Buildings, n.Buildings) {
		buildings = append(buildings, geo.Feature{Geometry: bl, Properties: map[string]any{"kind": "building"}})
	}
	return []geo.FeatureLayer{
		{Name: "roads", MinZoom: 10, Features: roads},
		{Name: "buildings", MinZoom: 14, Features: buildings},
	}
}
