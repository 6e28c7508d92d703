package geo

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

// testTileIndex: district "Nord" (with a hole) and "Süd", a zone, and
// three address points.
func testTileIndex() *TileIndex {
	nord := orb.MultiPolygon{{square(7.90, 48.47, 7.95, 48.50), square(7.93, 48.48, 7.94, 48.49)}}
	// Süd is given clockwise (against RFC 7946): the index must fix it.
	sued := square(7.90, 48.44, 7.95, 48.47)
	slices.Reverse(sued)
	return NewTileIndex(TileSource{
		Areas: []TileAreaLayer{
			{Name: "districts", Areas: []TileArea{
				{ID: 1, Geometry: nord, Properties: map[string]any{"name": "Nord", "quota": 0.25}},
				{ID: 2, Geometry: orb.MultiPolygon{{sued}}, Properties: map[string]any{"name": "Süd", "quota": 0.0}},
			}},
			{Name: "zones", Areas: []TileArea{
				{ID: 3, Geometry: orb.MultiPolygon{{square(7.91, 48.45, 7.915, 48.455)}}, Properties: map[string]any{"name": "Gewerbe Süd"}},
			}},
		},
		Points: &TilePointLayer{Name: "addresses", MinZoom: 15, States: []string{"none", "live"}, Points: []TilePoint{
			{ID: 10, Lon: 7.92, Lat: 48.48, Label: "Hauptstraße 12a", State: 1},
			{ID: 11, Lon: 7.9201, Lat: 48.4801, Label: "Hauptstraße 14", State: 0},
			{ID: 12, Lon: 7.92, Lat: 48.45, Label: "Mühlenweg 3", State: 1},
		}},
	})
}

func decodeTile(t *testing.T, ix *TileIndex, tile maptile.Tile) map[string]*mvt.Layer {
	t.Helper()
	b, err := ix.Tile(uint32(tile.Z), tile.X, tile.Y)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := mvt.Unmarshal(b)
	if err != nil {
		t.Fatalf("tile %v: %v", tile, err)
	}
	out := map[string]*mvt.Layer{}
	for _, l := range ls {
		out[l.Name] = l
		if l.Extent != TileExtent || l.Version != 2 {
			t.Errorf("layer %s: extent %d version %d", l.Name, l.Extent, l.Version)
		}
	}
	return out
}

func TestTileLayers(t *testing.T) {
	ix := testTileIndex()
	at := func(lon, lat float64, z maptile.Zoom) maptile.Tile { return maptile.At(orb.Point{lon, lat}, z) }
	tests := []struct {
		name   string
		tile   maptile.Tile
		layers []string
		names  []string // districts
		points []int64
	}{
		{"z12 over the zone", at(7.912, 48.452, 12), []string{"districts", "zones"}, []string{"Süd"}, nil},
		{"z14 no addresses", at(7.92, 48.48, 14), []string{"districts"}, []string{"Nord"}, nil},
		{"z16 addresses", at(7.92, 48.48, 16), []string{"addresses", "districts"}, []string{"Nord"}, []int64{10, 11}},
		{"z18 one address", at(7.92, 48.45, 18), []string{"addresses", "districts"}, []string{"Süd"}, []int64{12}},
		{"outside", at(9.0, 50.0, 12), nil, nil, nil},
		// At zoom 0 the town is smaller than a tile unit: simplified away.
		{"z0 world", maptile.New(0, 0, 0), nil, nil, nil},
		{"z8", at(7.92, 48.47, 8), []string{"districts", "zones"}, []string{"Nord", "Süd"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := decodeTile(t, ix, tt.tile)
			var names []string
			for n := range ls {
				names = append(names, n)
			}
			slices.Sort(names)
			if !slices.Equal(names, tt.layers) {
				t.Fatalf("layers %v, want %v", names, tt.layers)
			}
			var districts []string
			if l := ls["districts"]; l != nil {
				for _, f := range l.Features {
					districts = append(districts, f.Properties.MustString("name"))
					if _, ok := f.Properties["quota"].(float64); !ok {
						t.Errorf("%s: quota %T", f.Properties["name"], f.Properties["quota"])
					}
					switch f.Geometry.(type) {
					case orb.Polygon, orb.MultiPolygon:
					default:
						t.Errorf("%s: geometry %T", f.Properties["name"], f.Geometry)
					}
				}
			}
			slices.Sort(districts)
			if !slices.Equal(districts, tt.names) {
				t.Errorf("districts %v, want %v", districts, tt.names)
			}
			var ids []int64
			if l := ls["addresses"]; l != nil {
				for _, f := range l.Features {
					ids = append(ids, int64(f.Properties.MustFloat64("id")))
					if f.Properties.MustString("label") == "" || f.Properties.MustString("state") == "" {
						t.Errorf("point properties %v", f.Properties)
					}
					p := f.Geometry.(orb.Point)
					if p[0] < -TileBuffer || p[0] > TileExtent+TileBuffer || p[1] < -TileBuffer || p[1] > TileExtent+TileBuffer {
						t.Errorf("point %v outside the buffered tile", p)
					}
				}
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tt.points) {
				t.Errorf("points %v, want %v", ids, tt.points)
			}
		})
	}
}

func TestTilePointProperties(t *testing.T) {
	ix := testTileIndex()
	ls := decodeTile(t, ix, maptile.At(orb.Point{7.92, 48.48}, 16))
	got := map[string]string{}
	for _, f := range ls["addresses"].Features {
		got[f.Properties.MustString("label")] = f.Properties.MustString("state")
	}
	want := map[string]string{"Hauptstraße 12a": "live", "Hauptstraße 14": "none"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: state %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

// A polygon's hole survives, exteriors come out as exteriors whatever the
// input's winding, and a polygon larger than the tile is clipped to the
// buffered tile.
func TestTilePolygonShape(t *testing.T) {
	ix := testTileIndex()
	// z14 tile around the hole of Nord (7.93–7.94, 48.48–48.49).
	ls := decodeTile(t, ix, maptile.At(orb.Point{7.935, 48.485}, 14))
	f := ls["districts"].Features[0]
	p, ok := f.Geometry.(orb.Polygon)
	if !ok || len(p) != 2 {
		t.Fatalf("Nord at z14: %T with %d rings, want a polygon with a hole", f.Geometry, len(p))
	}
	// z17 inside Süd, far from its edges: the buffered tile itself.
	ls = decodeTile(t, ix, maptile.At(orb.Point{7.925, 48.46}, 17))
	p, ok = ls["districts"].Features[0].Geometry.(orb.Polygon)
	if !ok || len(p) != 1 {
		t.Fatalf("Süd at z17: %v", ls["districts"].Features[0].Geometry)
	}
	b := p.Bound()
	want := orb.Bound{Min: orb.Point{-TileBuffer, -TileBuffer}, Max: orb.Point{TileExtent + TileBuffer, TileExtent + TileBuffer}}
	if b != want {
		t.Errorf("clipped bound %v, want %v", b, want)
	}
}

func TestTileEmpty(t *testing.T) {
	ix := testTileIndex()
	b, err := ix.Tile(10, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 0 {
		t.Errorf("empty tile has %d bytes", len(b))
	}
	ls, err := mvt.Unmarshal(b)
	if err != nil || len(ls) != 0 {
		t.Errorf("decode empty tile: %v layers, %v", len(ls), err)
	}
}

func TestCheckTile(t *testing.T) {
	tests := []struct {
		name    string
		z, x, y uint32
		ok      bool
	}{
		{"z0", 0, 0, 0, true},
		{"z0 x1", 0, 1, 0, false},
		{"z12", 12, 4095, 4095, true},
		{"z12 x too big", 12, 4096, 0, false},
		{"z12 y too big", 12, 0, 4096, false},
		{"z18", 18, 1 << 17, 1 << 17, true},
		{"z19", 19, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTile(tt.z, tt.x, tt.y)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckTile(%d, %d, %d) = %v", tt.z, tt.x, tt.y, err)
			}
			if err != nil && ErrorCode(err) != EINVALID {
				t.Errorf("code %q", ErrorCode(err))
			}
		})
	}
}

// The Morton ranges find exactly the points a scan finds.
func TestTilePointSpan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var pts []TilePoint
	for i := range 5000 {
		pts = append(pts, TilePoint{ID: int64(i), Lon: 7.8 + 0.3*r.Float64(), Lat: 48.3 + 0.3*r.Float64()})
	}
	ix := NewTileIndex(TileSource{Points: &TilePointLayer{Name: "p", States: []string{"x"}, Points: pts}})
	for i := range pts[:200] {
		x, y := worldXY(pts[i].Lon, pts[i].Lat)
		wx, wy := unmorton(morton(worldInt(x), worldInt(y)))
		if wx != worldInt(x) || wy != worldInt(y) {
			t.Fatalf("morton round trip %d", i)
		}
	}
	for _, z := range []uint32{0, 5, 10, 14, 16, 18} {
		tile := maptile.At(orb.Point{pts[0].Lon, pts[0].Lat}, maptile.Zoom(z))
		lo, hi := ix.points.span(tile.X, tile.Y, z)
		want := 0
		for _, p := range pts {
			if maptile.At(orb.Point{p.Lon, p.Lat}, maptile.Zoom(z)) == tile {
				want++
			}
		}
		// maptile.At and the 32-bit grid may disagree for a point within
		// a centimetre of a tile edge; with random points they do not.
		if hi-lo != want {
			t.Errorf("z%d: span has %d points, scan %d", z, hi-lo, want)
		}
	}
}
