package sqlite

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// TestReplaceAssignmentsBulk takes the bulk path (area index dropped and
// rebuilt) and the row-by-row path in turn: both store the same set, the
// index exists afterwards and the totals follow.
func TestReplaceAssignmentsBulk(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	areas := []geo.Area{
		{Kind: geo.KindDistrict, Name: "Nord", Geometry: storetest.Square(0, 0, 1, 1)},
		{Kind: geo.KindZone, Name: "Z", Geometry: storetest.Square(0, 0, 1, 1)},
	}
	if _, err := s.ImportAreas(ctx, geo.Values(areas)); err != nil {
		t.Fatal(err)
	}
	var addrs []geo.Address
	for i, k := range []string{"a", "b", "c"} {
		addrs = append(addrs, geo.Address{Key: k, Street: "Weg", HouseNumber: k, Lon: 0.5, Lat: 0.5, Households: i + 1, Type: geo.TypePrivate})
	}
	if _, err := s.ImportAddresses(ctx, geo.Values(addrs)); err != nil {
		t.Fatal(err)
	}
	nord, _ := s.AreaByName(ctx, geo.KindDistrict, "Nord")
	z, _ := s.AreaByName(ctx, geo.KindZone, "Z")
	var ids []int64
	for a, err := range s.Addresses(ctx, geo.AddressFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	pair := func(addr, area int64) geo.Assignment { return geo.Assignment{AddressID: addr, AreaID: area} }
	defer func(n int) { bulkAssignments = n }(bulkAssignments)
	for _, tc := range []struct {
		name string
		bulk int
		as   []geo.Assignment
	}{
		{"bulk into empty", 1, []geo.Assignment{pair(ids[0], nord.ID), pair(ids[1], nord.ID), pair(ids[2], z.ID), pair(ids[0], z.ID)}},
		{"row by row", 100, []geo.Assignment{pair(ids[0], nord.ID), pair(ids[2], nord.ID), pair(ids[2], z.ID)}},
		{"bulk over existing", 1, []geo.Assignment{pair(ids[1], z.ID), pair(ids[0], nord.ID), pair(ids[1], nord.ID), pair(ids[2], nord.ID)}},
		{"unchanged", 1, []geo.Assignment{pair(ids[1], z.ID), pair(ids[0], nord.ID), pair(ids[1], nord.ID), pair(ids[2], nord.ID)}},
		{"none", 1, nil},
	} {
		bulkAssignments = tc.bulk
		if err := s.ReplaceAssignments(ctx, tc.as); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []geo.Assignment
		for a, err := range s.Assignments(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, a)
		}
		if want := geo.SortedAssignments(tc.as); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%s: stored %v, want %v", tc.name, got, want)
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'assignments_area'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: index assignments_area: %d, %v", tc.name, n, err)
		}
		sums, err := s.Areas(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for _, a := range tc.as {
			for i, id := range ids {
				if id == a.AddressID {
					name := map[int64]string{nord.ID: "Nord", z.ID: "Z"}[a.AreaID]
					want[name] += addrs[i].Households
				}
			}
		}
		for _, a := range sums {
			if a.Households != want[a.Name] {
				t.Errorf("%s: %s has %d households, want %d", tc.name, a.Name, a.Households, want[a.Name])
			}
		}
	}
}
