package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// rect returns an axis-aligned rectangle area in units of 0.01° from
// (7.00E, 50.90N).
func rect(kind AreaKind, name string, u0, v0, u1, v1 float64) Area {
	c := func(u, v float64) orb.Point { return orb.Point{7 + u/100, 50.9 + v/100} }
	return Area{Kind: kind, Name: name, Geometry: orb.MultiPolygon{{orb.Ring{
		c(u0, v0), c(u1, v0), c(u1, v1), c(u0, v1), c(u0, v0)}}}}
}

func TestOverlaps(t *testing.T) {
	// 0.01° × 0.02° at 50.9N: about 702 m × 2224 m.
	cellM2 := 0.01 * 111320 * math.Cos(50.91*math.Pi/180) * 0.02 * 111195
	type pair struct{ A, B string }
	tests := []struct {
		name  string
		areas []Area
		want  []pair
	}{
		{name: "overlapping districts", areas: []Area{
			rect(KindDistrict, "West", 0, 0, 2, 2), rect(KindDistrict, "Ost", 1, 0, 3, 2)},
			want: []pair{{"West", "Ost"}}},
		{name: "touching districts", areas: []Area{
			rect(KindDistrict, "West", 0, 0, 2, 2), rect(KindDistrict, "Ost", 2, 0, 4, 2)}},
		{name: "corner touch", areas: []Area{
			rect(KindMunicipality, "A", 0, 0, 2, 2), rect(KindMunicipality, "B", 2, 2, 4, 4)}},
		{name: "different kinds", areas: []Area{
			rect(KindDistrict, "West", 0, 0, 2, 2), rect(KindMunicipality, "Stadt", 1, 0, 3, 2)}},
		{name: "zones may overlap", areas: []Area{
			rect(KindZone, "Z1", 0, 0, 2, 2), rect(KindZone, "Z2", 1, 0, 3, 2), rect(KindBuildArea, "B1", 0, 0, 3, 2)}},
		{name: "three municipalities", areas: []Area{
			rect(KindMunicipality, "A", 0, 0, 2, 2), rect(KindZone, "Z", 0, 0, 9, 9),
			rect(KindMunicipality, "B", 1, 0, 3, 2), rect(KindMunicipality, "C", 2.5, 0, 4, 2)},
			want: []pair{{"A", "B"}, {"B", "C"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Overlaps(tt.areas)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d overlaps %+v, want %v", len(got), got, tt.want)
			}
			for i, o := range got {
				if (pair{o.A, o.B}) != tt.want[i] {
					t.Errorf("overlap %d: %s/%s, want %v", i, o.A, o.B, tt.want[i])
				}
				if len(o.Geometry) == 0 || !o.Kind.Exclusive() {
					t.Errorf("overlap %d: kind %s, geometry %v", i, o.Kind, o.Geometry)
				}
			}
			if tt.name == "overlapping districts" {
				if o := got[0]; math.Abs(o.AreaM2-cellM2)/cellM2 > 0.01 {
					t.Errorf("area %.0f m², want about %.0f m²", o.AreaM2, cellM2)
				}
				if b := got[0].Geometry.Bound(); math.Abs(b.Min[0]-7.01) > 1e-12 || math.Abs(b.Max[0]-7.02) > 1e-12 {
					t.Errorf("intersection bounds %v, want x from 7.01 to 7.02", b)
				}
			}
		})
	}
}

func TestOverlapsCologne(t *testing.T) {
	areas := MustLoadCologneDistricts(t)
	got, err := Overlaps(areas)
	if err != nil {
		t.Fatal(err)
	}
	// The districts share their boundaries; what GEOS finds beyond 1 m² is
	// digitising noise. Report it, and fail if anything is significant.
	for _, o := range got {
		t.Logf("%s / %s: %.1f m²", o.A, o.B, o.AreaM2)
		if o.AreaM2 > 1000 {
			t.Errorf("%s / %s overlap by %.0f m²", o.A, o.B, o.AreaM2)
		}
	}
	// Sanity: the same districts moved onto each other do overlap.
	moved := []Area{areas[1], areas[2]}
	moved[1].Geometry = areas[1].Geometry.Clone()
	for _, poly := range moved[1].Geometry {
		for _, ring := range poly {
			for i := range ring {
				ring[i][0] += 0.001
			}
		}
	}
	moved[1].Name = "Innenstadt (shifted)"
	got, err = Overlaps(moved)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].AreaM2 < 1e6 {
		t.Fatalf("shifted Innenstadt: got %+v, want one overlap of most of its %.0f km²", got, 16.4)
	}
}
