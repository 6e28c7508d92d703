package demo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestBaseMap: the addresses stand along their streets, each on its
// building, so that the demo map reads as a town.
func TestBaseMap(t *testing.T) {
	tw := defaultTown(t)
	n := NewNeighbour(tw, DefaultSeed)
	// Local metres around the centre, for distances.
	m := func(p orb.Point) orb.Point { return orb.Point{(p[0] - lon0) * mPerDegLon, (p[1] - lat0) * mPerDegLat} }
	for _, c := range []struct {
		name      string
		streets   []Street
		buildings []orb.Polygon
		n         int // addresses with a footprint
	}{
		{TownName, tw.Streets, tw.Buildings, len(tw.Addresses) - 2}, // not the two placeholders
		{NeighbourName, n.Streets, n.Buildings, len(n.Addresses)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if len(c.buildings) != c.n {
				t.Errorf("%d buildings for %d addresses", len(c.buildings), c.n)
			}
			byName := map[string][]orb.LineString{}
			majors := 0
			for _, s := range c.streets {
				if len(s.Line) < 2 {
					t.Errorf("street %q has %d points", s.Name, len(s.Line))
				}
				if s.Kind == RoadMajor {
					majors++
				}
				byName[s.Name] = append(byName[s.Name], s.Line)
			}
			if majors == 0 {
				t.Error("no roads between the Ortsteile")
			}
			for _, b := range c.buildings {
				if len(b) != 1 || len(b[0]) != 5 || planar.Area(b) <= 0 {
					t.Fatalf("building %v: want a counter-clockwise rectangle", b)
				}
			}
			var as []orb.Point
			far := 0
			for _, a := range tw.Addresses {
				if c.name != TownName {
					break
				}
				if a.Placeholder || a.Street == "Sonnenhof" {
					continue
				}
				as = append(as, orb.Point{a.Lon, a.Lat})
				best := math.Inf(1)
				for _, l := range byName[a.Street] {
					ml := make(orb.LineString, len(l))
					for i, p := range l {
						ml[i] = m(p)
					}
					best = min(best, planar.DistanceFrom(ml, m(orb.Point{a.Lon, a.Lat})))
				}
				// Houses stand 9–17 m from their street, in the
				// Gewerbegebiete up to 40 m.
				if best > 45 {
					far++
					if far <= 5 {
						t.Errorf("%s %s: %.0f m from its street", a.Street, a.HouseNumber, best)
					}
				}
			}
			if far > 5 {
				t.Errorf("%d addresses far from their streets", far)
			}
			// Every address lies on a building.
			if c.name != TownName {
				for _, a := range n.Addresses {
					as = append(as, orb.Point{a.Lon, a.Lat})
				}
			}
			// A grid of 1e-4° cells (≈ 10 m) over the footprints' centres.
			type cell struct{ x, y int }
			key := func(p orb.Point) cell { return cell{int(math.Floor(p[0] * 1e4)), int(math.Floor(p[1] * 1e4))} }
			grid := map[cell][]int{}
			for i, b := range c.buildings {
				k := key(b.Bound().Center())
				grid[k] = append(grid[k], i)
			}
			on := 0
			for _, p := range as {
				k := key(p)
			search:
				for dx := -1; dx <= 1; dx++ {
					for dy := -1; dy <= 1; dy++ {
						for _, i := range grid[cell{k.x + dx, k.y + dy}] {
							if planar.PolygonContains(c.buildings[i], p) {
								on++
								break search
							}
						}
					}
				}
			}
			if on < len(as)*99/100 {
				t.Errorf("%d of %d addresses lie on their building", on, len(as))
			}
		})
	}
}
