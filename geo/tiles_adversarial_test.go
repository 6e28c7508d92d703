package geo_test

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"gigaplan/geo"
)

// The shapes below are what one careless (or hostile) upload within the
// import's vertex limit looks like: a million vertices in a few hundred
// metres. Douglas-Peucker is quadratic on a spiral (every split cuts off
// one vertex).

// spiral is a closed polygon of n vertices: an Archimedean spiral band
// around (lon, lat), radius up to r degrees.
func spiral(lon, lat, r float64, n int) orb.MultiPolygon {
	half := n / 2
	ring := make(orb.Ring, 0, n+1)
	turns := 50.0
	for i := range half {
		t := float64(i) / float64(half)
		a := t * turns * 2 * math.Pi
		ring = append(ring, orb.Point{lon + r*t*math.Cos(a), lat + r*t*math.Sin(a)*0.6})
	}
	for i := half - 1; i >= 0; i-- {
		t := float64(i) / float64(half)
		a := t * turns * 2 * math.Pi
		rr := r*t + r/(turns*4)
		ring = append(ring, orb.Point{lon + rr*math.Cos(a), lat + rr*math.Sin(a)*0.6})
	}
	ring = append(ring, ring[0])
	return orb.MultiPolygon{{ring}}
}

// comb is a closed polygon with teeth: n vertices, teeth 1 m apart.
func comb(lon, lat float64, n int) orb.MultiPolygon {
	teeth := n / 4
	dx := 1e-5
	ring := orb.Ring{{lon, lat}}
	for i := range teeth {
		x := lon + float64(i)*dx
		ring = append(ring, orb.Point{x, lat + 0.002}, orb.Point{x + dx/2, lat + 0.002}, orb.Point{x + dx/2, lat + 0.0001}, orb.Point{x + dx, lat + 0.0001})
	}
	ring = append(ring, orb.Point{lon + float64(teeth)*dx, lat}, orb.Point{lon, lat})
	return orb.MultiPolygon{{ring}}
}

func adversarialIndex(mp orb.MultiPolygon) *geo.TileIndex {
	return geo.NewTileIndex(geo.TileSource{Areas: []geo.TileAreaLayer{{Name: "zones",
		Areas: []geo.TileArea{{ID: 1, Geometry: mp, Properties: map[string]any{"name": "x"}}}}}})
}

// BenchmarkTileAdversarial builds the index of one adversarial area and
// renders the tiles over it at zoom 10, 14 and 18 (the first tile a map
// asks for pays for the index).
// Run: go test ./geo -run '^$' -bench TileAdversarial -benchtime 1x
func BenchmarkTileAdversarial(b *testing.B) {
	for _, c := range []struct {
		name string
		mp   orb.MultiPolygon
	}{
		{"spiral-200k", spiral(9.18, 48.78, 0.01, 200_000)},
		{"comb-1M", comb(9.18, 48.78, 1_000_000)},
		{"spiral-1M", spiral(9.18, 48.78, 0.01, 1_000_000)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				ix := adversarialIndex(c.mp)
				for _, z := range []uint32{10, 14, 18} {
					t := tilesOver(c.mp.Bound(), maptileZoom(z))
					if len(t) > 64 {
						t = t[:64]
					}
					for _, tt := range t {
						if _, err := ix.Tile(z, tt.X, tt.Y); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
		})
	}
}

func maptileZoom(z uint32) maptile.Zoom { return maptile.Zoom(z) }

// TestTileRenderLeavesIndex renders tiles cut from one large area twice
// and concurrently: clipping must not use the index's shared rings as
// scratch space (the second render, or a neighbour, would draw garbage).
func TestTileRenderLeavesIndex(t *testing.T) {
	mp := spiral(9.18, 48.78, 0.01, 20_000)
	ix := adversarialIndex(mp)
	tiles := tilesOver(mp.Bound(), 15)
	first := make([][]byte, len(tiles))
	for i, tt := range tiles {
		b, err := ix.Tile(15, tt.X, tt.Y)
		if err != nil {
			t.Fatal(err)
		}
		first[i] = b
	}
	done := make(chan error, len(tiles))
	for i, tt := range tiles {
		go func() {
			b, err := ix.Tile(15, tt.X, tt.Y)
			if err == nil && !bytes.Equal(b, first[i]) {
				err = fmt.Errorf("tile %v differs on the second render", tt)
			}
			done <- err
		}()
	}
	for range tiles {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	fresh := adversarialIndex(mp)
	for i, tt := range tiles {
		if b, _ := fresh.Tile(15, tt.X, tt.Y); !bytes.Equal(b, first[i]) {
			t.Fatalf("tile %v differs from a fresh index's", tt)
		}
	}
	if len(tiles) < 4 {
		t.Fatalf("only %d tiles over the spiral: the test needs tiles that cut it", len(tiles))
	}
}
