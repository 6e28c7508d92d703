package geo

// Vector tiles: a TileIndex is built once per data version from areas and
// address points that the caller has already decorated with their
// properties (campaign figures, coverage states: geo knows nothing of
// campaigns), and renders Mapbox Vector Tiles (MVT 2.1) with orb's
// encoding/mvt.
//
// Everything is kept in Web Mercator "world" coordinates (0..1 from the
// antimeridian west and the north edge), so rendering a tile is a scale and
// a shift, not a projection per vertex:
//   - areas: one geometry per zoom level, simplified (SimplifyMultiPolygon:
//     snapped to the grid, then Douglas-Peucker in bounded runs) at one
//     tile unit of that zoom (4096 units per tile) when a tile of that zoom
//     first needs it, rings oriented as MVT wants them (exterior clockwise
//     on screen), with their bounds for a quick reject;
//   - points: sorted by the Morton (Z-order) key of their 32-bit world
//     coordinates, so every tile of every zoom is one contiguous range of
//     keys found by binary search; a tile reads its own range and those of
//     its eight neighbours (for the buffer), never all points.

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// Tile limits.
const (
	// MaxTileZoom is the deepest zoom served.
	MaxTileZoom = 18
	// TileExtent is the number of units across a tile (the MVT default).
	TileExtent = 4096
	// TileBuffer is how far, in tile units, geometry reaches beyond the tile
	// edge so that outlines and point symbols are not cut at the seams.
	TileBuffer = 64
)

// TileArea is one polygon feature of a tile layer.
type TileArea struct {
	ID       int64
	Geometry orb.MultiPolygon // WGS84
	// Properties are copied into every tile the area appears in; values
	// must be strings, numbers or booleans. Do not change the map after
	// NewTileIndex.
	Properties map[string]any
}

// TileAreaLayer is a named layer of polygons.
type TileAreaLayer struct {
	Name    string
	MinZoom int // the layer is left out of tiles below this zoom
	Areas   []TileArea
}

// TilePoint is one address point.
type TilePoint struct {
	ID       int64
	Lon, Lat float64
	Label    string // e.g. "Hauptstraße 12a"
	State    uint8  // index into TilePointLayer.States
}

// TilePointLayer is a named layer of points, each with the properties id,
// label and state (the name States[p.State]).
type TilePointLayer struct {
	Name    string
	MinZoom int
	States  []string
	Points  []TilePoint
}

// TileSource is what a TileIndex is built from.
type TileSource struct {
	Areas  []TileAreaLayer // in drawing order
	Points *TilePointLayer // optional; drawn last
}

// TileIndex renders vector tiles. It is immutable after NewTileIndex and
// safe for concurrent use.
type TileIndex struct {
	areaLayers []areaLayer
	points     *pointLayer
}

type areaLayer struct {
	name    string
	minZoom int
	areas   []*indexedArea
}

type indexedArea struct {
	id    int64
	props geojson.Properties
	bound orb.Bound // world coordinates
	world orb.MultiPolygon
	full  []worldPolygon // world with bounds
	// levels[z] is the geometry for zoom z, simplified for it when a tile
	// of zoom z first needs it (the index is built in linear time; a
	// level costs linear time once).
	levels [MaxTileZoom + 1]struct {
		once sync.Once
		g    []worldPolygon
	}
}

// level returns the area's geometry for zoom z.
func (a *indexedArea) level(z int) []worldPolygon {
	if z > MaxTileZoom {
		return a.full
	}
	l := &a.levels[z]
	l.once.Do(func() {
		s := SimplifyMultiPolygon(a.world, 1/(float64(uint64(1)<<z)*TileExtent))
		if Vertices(s) >= Vertices(a.world) {
			l.g = a.full
			return
		}
		l.g = withBounds(s) // nil: too small to show at this zoom
	})
	return l.g
}

// worldPolygon is a polygon in world coordinates with the bound of each
// ring.
type worldPolygon struct {
	rings  []orb.Ring
	bounds []orb.Bound
}

type pointLayer struct {
	name    string
	minZoom int
	states  []string
	// Sorted by key.
	keys   []uint64
	ids    []int64
	labels []string
	state  []uint8
}

// NewTileIndex projects and indexes src. Geometry is copied; src may be
// reused afterwards (except the property maps).
func NewTileIndex(src TileSource) *TileIndex {
	ix := &TileIndex{}
	for _, l := range src.Areas {
		al := areaLayer{name: l.Name, minZoom: l.MinZoom}
		for _, a := range l.Areas {
			w := worldMultiPolygon(a.Geometry)
			if len(w) == 0 {
				continue
			}
			al.areas = append(al.areas, &indexedArea{
				id: a.ID, props: geojson.Properties(a.Properties), bound: w.Bound(), world: w, full: withBounds(w),
			})
		}
		ix.areaLayers = append(ix.areaLayers, al)
	}
	if p := src.Points; p != nil {
		n := len(p.Points)
		order := make([]int, n)
		keys := make([]uint64, n)
		for i, pt := range p.Points {
			order[i] = i
			x, y := worldXY(pt.Lon, pt.Lat)
			keys[i] = morton(worldInt(x), worldInt(y))
		}
		slices.SortFunc(order, func(a, b int) int {
			return cmp.Or(cmp.Compare(keys[a], keys[b]), cmp.Compare(p.Points[a].ID, p.Points[b].ID))
		})
		states := slices.Clone(p.States)
		if len(states) < 256 {
			states = append(states, make([]string, 256-len(states))...) // unknown state index: ""
		}
		pl := &pointLayer{name: p.Name, minZoom: p.MinZoom, states: states,
			keys: make([]uint64, n), ids: make([]int64, n), labels: make([]string, n), state: make([]uint8, n)}
		for i, j := range order {
			pl.keys[i], pl.ids[i], pl.labels[i], pl.state[i] = keys[j], p.Points[j].ID, p.Points[j].Label, p.Points[j].State
		}
		ix.points = pl
	}
	return ix
}

// CheckTile validates tile coordinates: zoom 0 to MaxTileZoom, x and y
// below 2^z. The error has code EINVALID.
func CheckTile(z, x, y uint32) error {
	if z > MaxTileZoom {
		return Errorf(EINVALID, "Zoomstufe %d außerhalb von 0 bis %d", z, MaxTileZoom)
	}
	if n := uint32(1) << z; x >= n || y >= n {
		return Errorf(EINVALID, "Kachel %d/%d/%d gibt es nicht: x und y müssen unter %d liegen", z, x, y, n)
	}
	return nil
}

// Layers returns the layers of tile t in tile coordinates (0..TileExtent,
// y down), ready for mvt.Marshal. Layers without features are left out, so
// a tile outside the data has none.
func (ix *TileIndex) Layers(t maptile.Tile) mvt.Layers {
	var out mvt.Layers
	z := int(t.Z)
	scale := float64(uint64(1)<<t.Z) * TileExtent
	ox, oy := float64(t.X)*TileExtent, float64(t.Y)*TileExtent
	// The buffered tile in world coordinates, for the quick reject.
	wb := orb.Bound{
		Min: orb.Point{(ox - TileBuffer) / scale, (oy - TileBuffer) / scale},
		Max: orb.Point{(ox + TileExtent + TileBuffer) / scale, (oy + TileExtent + TileBuffer) / scale},
	}
	for _, l := range ix.areaLayers {
		if z < l.minZoom {
			continue
		}
		var feats []*geojson.Feature
		for _, a := range l.areas {
			if !a.bound.Intersects(wb) {
				continue
			}
			g := a.level(z)
			mp := tileMultiPolygon(g, wb, scale, ox, oy)
			if len(mp) == 0 {
				continue
			}
			feats = append(feats, &geojson.Feature{ID: a.id, Geometry: mp, Properties: a.props})
		}
		if len(feats) > 0 {
			out = append(out, &mvt.Layer{Name: l.name, Version: 2, Extent: TileExtent, Features: feats})
		}
	}
	if p := ix.points; p != nil && z >= p.minZoom {
		if feats := p.features(t); len(feats) > 0 {
			out = append(out, &mvt.Layer{Name: p.name, Version: 2, Extent: TileExtent, Features: feats})
		}
	}
	return out
}

// Tile renders tile z/x/y as an uncompressed MVT. A tile without features
// is empty (zero bytes), which is a valid tile. Coordinates are checked by
// CheckTile.
func (ix *TileIndex) Tile(z, x, y uint32) ([]byte, error) {
	if err := CheckTile(z, x, y); err != nil {
		return nil, err
	}
	b, err := mvt.Marshal(ix.Layers(maptile.New(x, y, maptile.Zoom(z))))
	if err != nil {
		return nil, fmt.Errorf("geo: encode tile %d/%d/%d: %w", z, x, y, err)
	}
	return b, nil
}

// features returns the points of tile t and its buffer.
func (p *pointLayer) features(t maptile.Tile) []*geojson.Feature {
	z := uint32(t.Z)
	shift := 32 - z         // world int → tile at zoom z
	unitShift := shift - 12 // world int → tile unit (TileExtent = 2^12)
	n := uint32(1) << z
	tx0, ty0 := int64(t.X)<<shift, int64(t.Y)<<shift
	var feats []*geojson.Feature
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			nx, ny := int64(t.X)+int64(dx), int64(t.Y)+int64(dy)
			if nx < 0 || ny < 0 || nx >= int64(n) || ny >= int64(n) {
				continue
			}
			lo, hi := p.span(uint32(nx), uint32(ny), z)
			for i := lo; i < hi; i++ {
				wx, wy := unmorton(p.keys[i])
				px := (int64(wx) - tx0) >> unitShift
				py := (int64(wy) - ty0) >> unitShift
				if px < -TileBuffer || py < -TileBuffer || px > TileExtent+TileBuffer || py > TileExtent+TileBuffer {
					continue
				}
				feats = append(feats, &geojson.Feature{
					ID:       p.ids[i],
					Geometry: orb.Point{float64(px), float64(py)},
					Properties: geojson.Properties{
						"id": p.ids[i], "label": p.labels[i], "state": p.states[p.state[i]],
					},
				})
			}
		}
	}
	return feats
}

// span returns the index range of the points in tile x/y at zoom z.
func (p *pointLayer) span(x, y, z uint32) (int, int) {
	if z == 0 {
		return 0, len(p.keys)
	}
	s := 2 * (32 - z)
	lo := morton(x, y) << s // x, y < 2^z: the interleaved prefix
	hi := lo + (uint64(1) << s)
	i, _ := slices.BinarySearch(p.keys, lo)
	j := len(p.keys)
	if hi > lo { // no overflow
		j, _ = slices.BinarySearch(p.keys, hi)
	}
	return i, j
}

// tileMultiPolygon turns world geometry into clipped, rounded tile
// coordinates, leaving out polygons outside the buffered tile (wb, in world
// coordinates) and rings that collapse.
func tileMultiPolygon(g []worldPolygon, wb orb.Bound, scale, ox, oy float64) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, poly := range g {
		if !poly.bounds[0].Intersects(wb) {
			continue
		}
		var tp orb.Polygon
		for ri, r := range poly.rings {
			rb := poly.bounds[ri]
			if ri > 0 && !rb.Intersects(wb) {
				continue
			}
			// Clip in world coordinates first: a tile deep inside a
			// large detailed ring transforms only what it shows.
			if !(wb.Contains(rb.Min) && wb.Contains(rb.Max)) {
				// clip.Ring uses its input as scratch space; the
				// index's rings are shared, so it gets a copy.
				r = clip.Ring(wb, slices.Clone(r))
			}
			tr := make(orb.Ring, len(r))
			for i, pt := range r {
				tr[i] = orb.Point{pt[0]*scale - ox, pt[1]*scale - oy}
			}
			tr = roundRing(tr)
			if tr == nil {
				if ri == 0 {
					break // the exterior vanished: so does the polygon
				}
				continue
			}
			tp = append(tp, tr)
		}
		if len(tp) > 0 {
			out = append(out, tp)
		}
	}
	return out
}

// roundRing rounds a ring to whole tile units and drops repeated points;
// nil if fewer than three distinct points or no area remain.
func roundRing(r orb.Ring) orb.Ring {
	if len(r) == 0 {
		return nil
	}
	out := r[:0]
	for _, p := range r {
		q := orb.Point{math.Round(p[0]), math.Round(p[1])}
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	if len(out) < 3 {
		return nil
	}
	out = append(out, out[0])
	if ringArea(out) == 0 {
		return nil
	}
	return out
}

// ringArea is the surveyor's formula in tile coordinates (y down):
// positive for a ring that runs clockwise on screen, which MVT wants for
// exterior rings.
func ringArea(r orb.Ring) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

// worldMultiPolygon projects WGS84 geometry to world coordinates and orients
// the rings: exterior rings positive by ringArea, holes negative.
func worldMultiPolygon(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, 0, len(mp))
	for _, poly := range mp {
		var wp orb.Polygon
		for ri, r := range poly {
			if len(r) < 4 {
				if ri == 0 {
					break
				}
				continue
			}
			wr := make(orb.Ring, len(r), len(r)+1)
			for i, pt := range r {
				x, y := worldXY(pt[0], pt[1])
				wr[i] = orb.Point{x, y}
			}
			if wr[0] != wr[len(wr)-1] {
				wr = append(wr, wr[0])
			}
			if a := ringArea(wr); (ri == 0) != (a > 0) {
				slices.Reverse(wr)
			}
			wp = append(wp, wr)
		}
		if len(wp) > 0 {
			out = append(out, wp)
		}
	}
	return out
}

func withBounds(mp orb.MultiPolygon) []worldPolygon {
	out := make([]worldPolygon, 0, len(mp))
	for _, p := range mp {
		if len(p) == 0 {
			continue
		}
		wp := worldPolygon{rings: p, bounds: make([]orb.Bound, len(p))}
		for i, r := range p {
			wp.bounds[i] = r.Bound()
		}
		out = append(out, wp)
	}
	return out
}

// Vertices counts the points of mp's rings.
func Vertices(mp orb.MultiPolygon) int {
	n := 0
	for _, p := range mp {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

// worldXY projects lon/lat to Web Mercator world coordinates in [0, 1],
// y down; latitudes beyond ±85.0511° are clamped.
func worldXY(lon, lat float64) (float64, float64) {
	const maxLat = 85.05112877980659
	lat = max(-maxLat, min(maxLat, lat))
	x := lon/360 + 0.5
	s := math.Sin(lat * math.Pi / 180)
	y := 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
	return x, y
}

// worldInt scales a world coordinate to 32 bits.
func worldInt(v float64) uint32 {
	f := math.Floor(v * (1 << 32))
	if f < 0 {
		return 0
	}
	if f > math.MaxUint32 {
		return math.MaxUint32
	}
	return uint32(f)
}

// morton interleaves the bits of x and y (x in the even bits), so that the
// key's top 2z bits are the zoom-z tile's x/y interleaved.
func morton(x, y uint32) uint64 { return spread(x) | spread(y)<<1 }

func unmorton(k uint64) (uint32, uint32) { return squash(k), squash(k >> 1) }

func spread(v uint32) uint64 {
	x := uint64(v)
	x = (x | x<<16) & 0x0000FFFF0000FFFF
	x = (x | x<<8) & 0x00FF00FF00FF00FF
	x = (x | x<<4) & 0x0F0F0F0F0F0F0F0F
	x = (x | x<<2) & 0x3333333333333333
	x = (x | x<<1) & 0x5555555555555555
	return x
}

func squash(x uint64) uint32 {
	x &= 0x5555555555555555
	x = (x | x>>1) & 0x3333333333333333
	x = (x | x>>2) & 0x0F0F0F0F0F0F0F0F
	x = (x | x>>4) & 0x00FF00FF00FF00FF
	x = (x | x>>8) & 0x0000FFFF0000FFFF
	x = (x | x>>16) & 0x00000000FFFFFFFF
	return uint32(x)
}
