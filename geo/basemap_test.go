package geo_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"gigaplan/geo"
)

func TestFeatureTiles(t *testing.T) {
	road := orb.LineString{{7.93, 48.47}, {7.95, 48.471}}
	house := orb.Polygon{{{7.9400, 48.4700}, {7.9402, 48.4700}, {7.9402, 48.4701}, {7.9400, 48.4701}, {7.9400, 48.4700}}}
	ft := geo.NewFeatureTiles([]geo.FeatureLayer{
		{Name: "roads", MinZoom: 10, Features: []geo.Feature{{Geometry: road, Properties: map[string]any{"kind": "minor_road", "name": "Am Bach"}}}},
		{Name: "buildings", MinZoom: 14, Features: []geo.Feature{{Geometry: house, Properties: map[string]any{"kind": "building"}}}},
	})
	if b := ft.Bound(); b.Min != (orb.Point{7.93, 48.47}) || b.Max != (orb.Point{7.95, 48.471}) {
		t.Errorf("bound %v", b)
	}
	at := func(z maptile.Zoom) maptile.Tile { return maptile.At(orb.Point{7.9401, 48.47005}, z) }
	tests := []struct {
		name   string
		tile   maptile.Tile
		layers map[string]int // features per layer
	}{
		{"below every layer", at(9), nil},
		{"roads only", at(12), map[string]int{"roads": 1}},
		{"roads and buildings", at(16), map[string]int{"roads": 1, "buildings": 1}},
		{"elsewhere", maptile.At(orb.Point{13.4, 52.5}, 16), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ft.Tile(uint32(tt.tile.Z), tt.tile.X, tt.tile.Y)
			if err != nil {
				t.Fatal(err)
			}
			if tt.layers == nil {
				if len(b) != 0 {
					t.Errorf("%d bytes, want an empty tile", len(b))
				}
				return
			}
			ls, err := mvt.Unmarshal(b)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, l := range ls {
				got[l.Name] = len(l.Features)
			}
			if len(got) != len(tt.layers) {
				t.Errorf("layers %v, want %v", got, tt.layers)
			}
			for name, n := range tt.layers {
				if got[name] != n {
					t.Errorf("layer %s: %d features, want %d", name, got[name], n)
				}
			}
			for _, l := range ls {
				if l.Name == "roads" && l.Features[0].Properties["name"] != "Am Bach" {
					t.Errorf("road properties %v", l.Features[0].Properties)
				}
			}
		})
	}
	if _, err := ft.Tile(19, 0, 0); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("zoom 19: %v, want EINVALID", err)
	}
}
