package storetest

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"gigaplan/geo"
)

// byAreaFixture: two municipalities, West (districts W1, W2; zones Z1
// and Z2, which overlap) and East (district E1), and one without
// addresses (Leer). Addresses, imported so that their IDs do not follow
// their areas:
//   - w2 in West, W2;
//   - w1 in West, W1, Z1 and Z2 (several zones);
//   - rand on the border: the overlay put it in East, but also in West's
//     W1 (whose polygon reaches over the line);
//   - e1 in East, E1;
//   - none in no area.
func byAreaFixture(t *testing.T, s geo.Store) (addr map[string]int64, area map[string]int64, as []geo.Assignment) {
	t.Helper()
	ctx := context.Background()
	mustImportAddresses(t, s,
		Addr("w2", "Bahnhofstraße", "2", 1, 0),
		Addr("e1", "Ostweg", "1", 1, 0),
		Addr("rand", "Grenzweg", "1", 1, 0),
		Addr("w1", "Am Markt", "1", 2, 1),
		Addr("none", "Feldweg", "9", 1, 0),
	)
	mustImportAreas(t, s,
		geo.Area{Kind: geo.KindMunicipality, Name: "West", AGS: "08317001", Geometry: Square(0, 0, 1, 1)},
		geo.Area{Kind: geo.KindMunicipality, Name: "East", AGS: "08317002", Geometry: Square(1, 0, 2, 1)},
		geo.Area{Kind: geo.KindMunicipality, Name: "Leer", AGS: "08317003", Geometry: Square(5, 5, 6, 6)},
	)
	area = map[string]int64{}
	for _, n := range []string{"West", "East", "Leer"} {
		area[n] = mustArea(t, s, geo.KindMunicipality, n).ID
	}
	mustImportAreas(t, s,
		geo.Area{Kind: geo.KindDistrict, Name: "W1", Municipality: area["West"], Geometry: Square(0, 0, 0.5, 1)},
		geo.Area{Kind: geo.KindDistrict, Name: "W2", Municipality: area["West"], Geometry: Square(0.5, 0, 1, 1)},
		geo.Area{Kind: geo.KindDistrict, Name: "E1", Municipality: area["East"], Geometry: Square(1, 0, 2, 1)},
		geo.Area{Kind: geo.KindZone, Name: "Z1", Municipality: area["West"], Geometry: Square(0, 0, 0.3, 0.3)},
		geo.Area{Kind: geo.KindZone, Name: "Z2", Municipality: area["West"], Geometry: Square(0, 0, 0.4, 0.4)},
	)
	for _, n := range []string{"W1", "W2", "E1", "Z1", "Z2"} {
		area[n] = mustArea(t, s, "", n).ID
	}
	addr = map[string]int64{}
	for _, k := range []string{"w1", "w2", "rand", "e1", "none"} {
		addr[k] = byKey(t, s, k).ID
	}
	for _, p := range [][2]string{
		{"w2", "West"}, {"w2", "W2"},
		{"w1", "West"}, {"w1", "W1"}, {"w1", "Z1"}, {"w1", "Z2"},
		{"rand", "East"}, {"rand", "W1"},
		{"e1", "East"}, {"e1", "E1"},
	} {
		as = append(as, geo.Assignment{AddressID: addr[p[0]], AreaID: area[p[1]]})
	}
	if err := s.ReplaceAssignments(ctx, as); err != nil {
		t.Fatalf("ReplaceAssignments: %v", err)
	}
	return addr, area, as
}

// testAssignmentsIn: every assignment of the area's addresses, other
// kinds and municipalities included, in address, then area order; nothing
// for an area without addresses or an unknown ID.
func testAssignmentsIn(t *testing.T, s geo.Store) {
	addr, area, as := byAreaFixture(t, s)
	of := func(keys ...string) []geo.Assignment {
		var out []geo.Assignment
		for _, a := range as {
			for _, k := range keys {
				if a.AddressID == addr[k] {
					out = append(out, a)
				}
			}
		}
		return geo.SortedAssignments(out)
	}
	for _, tt := range []struct {
		name string
		area int64
		want []geo.Assignment
	}{
		{"municipality", area["West"], of("w1", "w2")},
		{"municipality, border address", area["East"], of("rand", "e1")},
		{"district reaching over the border", area["W1"], of("w1", "rand")},
		{"one of two zones", area["Z2"], of("w1")},
		{"municipality without addresses", area["Leer"], nil},
		{"unknown id", area["Leer"] + area["Z2"] + 1000, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []geo.Assignment
			for a, err := range s.AssignmentsIn(context.Background(), tt.area) {
				if err != nil {
					t.Fatalf("AssignmentsIn(%d): %v", tt.area, err)
				}
				got = append(got, a)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("AssignmentsIn(%d) = %v, want %v", tt.area, got, tt.want)
			}
			if !slices.IsSortedFunc(got, geo.CompareAssignments) {
				t.Errorf("AssignmentsIn(%d) not ordered by address, then area: %v", tt.area, got)
			}
		})
	}
	// Stopping early releases the rows.
	for range s.AssignmentsIn(context.Background(), area["West"]) {
		break
	}
	if _, err := s.Counts(context.Background()); err != nil {
		t.Errorf("Counts after stopping AssignmentsIn early: %v", err)
	}
}

// PlanFixture fills s for the adapters' query-plan tests of the reads by
// area: n addresses in m municipalities (blocks of n/m consecutive IDs,
// so that one is a small share of the store, as in a state), each
// address also in one of 10 districts that span the state, and supply
// for every address (a market survey reports nearly all) in survey 1. It
// returns the municipalities' IDs.
func PlanFixture(tb testing.TB, s interface {
	geo.Store
	geo.SupplyStore
}, n, m int) []int64 {
	tb.Helper()
	ctx := context.Background()
	as := make([]geo.Address, n)
	for i := range as {
		as[i] = Addr(strconv.Itoa(i), "Weg "+strconv.Itoa(i%97), strconv.Itoa(i), 1, 0)
	}
	if _, err := s.ImportAddresses(ctx, geo.Values(as)); err != nil {
		tb.Fatal(err)
	}
	var areas []geo.Area
	for j := range m {
		areas = append(areas, geo.Area{Kind: geo.KindMunicipality, Name: "M" + strconv.Itoa(j), Geometry: Square(float64(j), 0, float64(j)+1, 1)})
	}
	for k := range 10 {
		areas = append(areas, geo.Area{Kind: geo.KindDistrict, Name: "D" + strconv.Itoa(k), Geometry: Square(float64(k), 0, float64(k)+1, 1)})
	}
	if _, err := s.ImportAreas(ctx, geo.Values(areas)); err != nil {
		tb.Fatal(err)
	}
	refs, err := s.AreaRefs(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	id := map[string]int64{}
	for _, r := range refs {
		id[r.Name] = r.ID
	}
	var munis []int64
	for j := range m {
		munis = append(munis, id["M"+strconv.Itoa(j)])
	}
	var asg []geo.Assignment
	var sup []geo.Supply
	i := 0
	for a, err := range s.Addresses(ctx, geo.AddressFilter{}) {
		if err != nil {
			tb.Fatal(err)
		}
		asg = append(asg, geo.Assignment{AddressID: a.ID, AreaID: munis[i*m/n]},
			geo.Assignment{AddressID: a.ID, AreaID: id["D"+strconv.Itoa(i%10)]})
		sup = append(sup, geo.Supply{AddressID: a.ID, Download: float64(16 + i%100), Upload: 10, Technology: "VDSL2", Operator: "Telekom"})
		i++
	}
	if err := s.ReplaceAssignments(ctx, asg); err != nil {
		tb.Fatal(err)
	}
	MustSupply(tb, s, "Telekom", sup...)
	return munis
}
