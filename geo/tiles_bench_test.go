package geo_test

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"gigaplan/data/demo"
	"gigaplan/geo"
)

// demoTileIndex indexes the demo town like the web server does (the
// properties are stand-ins of the same shape; coverage states cycle).
func demoTileIndex(tb testing.TB) (*geo.TileIndex, orb.Bound) {
	tb.Helper()
	town := demo.New(demo.DefaultSeed)
	props := func(a geo.Area) map[string]any {
		return map[string]any{"id": a.ID, "name": a.Name, "status": "running", "quota": 0.27, "threshold": 0.33,
			"progress": 0.27 / 0.33, "label": "Vorvermarktung läuft: 27 % von 33 %"}
	}
	layer := func(name string, areas []geo.Area) geo.TileAreaLayer {
		l := geo.TileAreaLayer{Name: name}
		for i, a := range areas {
			l.Areas = append(l.Areas, geo.TileArea{ID: int64(i + 1), Geometry: a.Geometry, Properties: props(a)})
		}
		return l
	}
	pts := make([]geo.TilePoint, len(town.Addresses))
	for i, a := range town.Addresses {
		pts[i] = geo.TilePoint{ID: int64(i + 1), Lon: a.Lon, Lat: a.Lat, Label: a.Street + " " + a.HouseNumber + a.Suffix, State: uint8(i % 6)}
	}
	ix := geo.NewTileIndex(geo.TileSource{
		Areas: []geo.TileAreaLayer{
			layer("municipality", []geo.Area{town.Municipality}),
			layer("districts", town.Districts),
			layer("zones", town.Zones),
		},
		Points: &geo.TilePointLayer{Name: "addresses", MinZoom: 15,
			States: []string{"live", "construction", "committed", "premarketing", "funding_candidate", "none"}, Points: pts},
	})
	return ix, town.Municipality.Geometry.Bound()
}

// tilesOver lists the tiles of zoom z covering bound b.
func tilesOver(b orb.Bound, z maptile.Zoom) []maptile.Tile {
	lo := maptile.At(orb.Point{b.Min[0], b.Max[1]}, z)
	hi := maptile.At(orb.Point{b.Max[0], b.Min[1]}, z)
	var out []maptile.Tile
	for y := lo.Y; y <= hi.Y; y++ {
		for x := lo.X; x <= hi.X; x++ {
			out = append(out, maptile.New(x, y, z))
		}
	}
	return out
}

// BenchmarkTile renders every tile over the demo town at zoom 12 and 16,
// cold (the TileIndex caches no tiles), encoded and gzip-compressed as
// served. Run: go test ./geo -run '^$' -bench Tile -benchmem
func BenchmarkTile(b *testing.B) {
	ix, bound := demoTileIndex(b)
	for _, z := range []maptile.Zoom{12, 16} {
		tiles := tilesOver(bound, z)
		b.Run("z"+string(rune('0'+z/10))+string(rune('0'+z%10)), func(b *testing.B) {
			var bytesOut int64
			var gz bytes.Buffer
			zw := gzip.NewWriter(&gz)
			n := 0
			for b.Loop() {
				t := tiles[n%len(tiles)]
				n++
				raw, err := ix.Tile(uint32(t.Z), t.X, t.Y)
				if err != nil {
					b.Fatal(err)
				}
				gz.Reset()
				zw.Reset(&gz)
				zw.Write(raw)
				zw.Close()
				bytesOut += int64(gz.Len())
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tiles/s")
			b.ReportMetric(float64(bytesOut)/float64(n), "gzB/tile")
			b.ReportMetric(float64(len(tiles)), "tiles/town")
		})
	}
}

// BenchmarkTileIndex measures building the index for the demo town.
func BenchmarkTileIndex(b *testing.B) {
	for b.Loop() {
		demoTileIndex(b)
	}
}
