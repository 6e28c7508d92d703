package geo_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"gigaplan/geo"
)

func TestLabelPoint(t *testing.T) {
	square := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}
	// A U shape: its centroid lies in the gap, outside.
	u := orb.Polygon{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}
	big := orb.Polygon{{{10, 10}, {20, 10}, {20, 20}, {10, 20}, {10, 10}}}
	tests := []struct {
		name   string
		mp     orb.MultiPolygon
		ok     bool
		inside orb.Polygon
	}{
		{name: "square", mp: orb.MultiPolygon{square}, ok: true, inside: square},
		{name: "U shape", mp: orb.MultiPolygon{u}, ok: true, inside: u},
		{name: "largest part", mp: orb.MultiPolygon{square, big}, ok: true, inside: big},
		{name: "empty", mp: nil},
		{name: "degenerate ring", mp: orb.MultiPolygon{{{{0, 0}, {1, 1}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := geo.LabelPoint(tt.mp)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if ok && !planar.PolygonContains(tt.inside, p) {
				t.Errorf("label point %v not inside %v", p, tt.inside)
			}
		})
	}
}
