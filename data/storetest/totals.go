package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"gigaplan/geo"
)

// The stores keep the totals of Areas and Counts instead of aggregating
// on every call; these tests change the data in each way that could leave
// them stale, and compare them with totals recomputed from Addresses and
// Assignments (what the aggregating queries returned).

// wantTotals recomputes every area's totals and the store's counts from
// the addresses and assignments.
func wantTotals(t *testing.T, s geo.Store) ([]areaTotals, geo.Counts) {
	t.Helper()
	ctx := context.Background()
	byID := map[int64]geo.Address{}
	c := geo.Counts{Areas: map[geo.AreaKind]int{}}
	for _, k := range geo.AreaKinds {
		c.Areas[k] = 0
	}
	for _, a := range all(t, s, geo.AddressFilter{}) {
		byID[a.ID] = a
		c.Addresses++
		c.Households += a.Households
		c.Businesses += a.Businesses
	}
	sums, err := s.Areas(ctx, "")
	if err != nil {
		t.Fatalf("Areas: %v", err)
	}
	kindOf := map[int64]geo.AreaKind{}
	per := map[int64]*areaTotals{}
	out := []areaTotals{}
	for _, a := range sums {
		kindOf[a.ID] = a.Kind
		c.Areas[a.Kind]++
		out = append(out, areaTotals{Kind: a.Kind, Name: a.Name})
	}
	for i, a := range sums {
		per[a.ID] = &out[i]
	}
	districted := map[int64]bool{}
	for as, err := range s.Assignments(ctx) {
		if err != nil {
			t.Fatalf("Assignments: %v", err)
		}
		c.Assignments++
		p, ok := per[as.AreaID]
		if !ok {
			t.Fatalf("assignment %+v to an area Areas does not list", as)
		}
		a := byID[as.AddressID]
		p.Addresses++
		p.Households += a.Households
		p.Businesses += a.Businesses
		if kindOf[as.AreaID] == geo.KindDistrict {
			districted[as.AddressID] = true
		}
	}
	c.Unassigned = c.Addresses - len(districted)
	return out, c
}

// checkTotals fails t if the stored totals differ from recomputed ones.
func checkTotals(t *testing.T, s geo.Store, when string) {
	t.Helper()
	want, wantCounts := wantTotals(t, s)
	if got := totals(t, s, ""); !reflect.DeepEqual(got, want) {
		t.Errorf("Areas %s:\n got %+v\nwant %+v (recomputed)", when, got, want)
	}
	if got := mustCounts(t, s); !reflect.DeepEqual(got, wantCounts) {
		t.Errorf("Counts %s:\n got %+v\nwant %+v (recomputed)", when, got, wantCounts)
	}
}

func testTotalsAfterAddressReimport(t *testing.T, s geo.Store) {
	assignFixture(t, s)
	checkTotals(t, s, "after the fixture")
	// a1 (Nord, Z) gets more households and businesses, a3 (Sued) fewer,
	// a5 is new and in no area.
	st := mustImportAddresses(t, s,
		Addr("a1", "Hauptstraße", "1", 10, 3),
		Addr("a3", "Hauptstraße", "3", 0, 0),
		Addr("a5", "Hauptstraße", "5", 4, 4),
	)
	if st != (geo.WriteStats{Inserted: 1, Updated: 2}) {
		t.Errorf("stats = %+v", st)
	}
	want := []areaTotals{
		{geo.KindDistrict, "Leer", 0, 0, 0},
		{geo.KindDistrict, "Nord", 2, 13, 3},
		{geo.KindDistrict, "Sued", 1, 0, 0},
		{geo.KindZone, "Z", 2, 17, 7},
	}
	if got := totals(t, s, ""); !reflect.DeepEqual(got, want) {
		t.Errorf("Areas after re-import:\n got %+v\nwant %+v", got, want)
	}
	c := mustCounts(t, s)
	if c.Addresses != 5 || c.Households != 10+3+0+7+4 || c.Businesses != 3+0+0+4+4 || c.Assignments != 5 || c.Unassigned != 2 {
		t.Errorf("Counts after re-import = %+v", c)
	}
	checkTotals(t, s, "after re-import")
}

func testTotalsAfterAreaReimport(t *testing.T, s geo.Store) {
	_, area := assignFixture(t, s)
	before := totals(t, s, "")
	// Nord gets another boundary and keeps its ID and assignments (the
	// next overlay run moves them); Neu is new.
	st := mustImportAreas(t, s,
		geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 1, 2, 3)},
		geo.Area{Kind: geo.KindDistrict, Name: "Neu", Geometry: Square(7, 7, 8, 8)},
	)
	if st != (geo.WriteStats{Inserted: 1, Updated: 1}) {
		t.Errorf("stats = %+v", st)
	}
	if got := mustArea(t, s, geo.KindDistrict, "Nord"); got.ID != area["Nord"].ID {
		t.Errorf("Nord's ID changed from %d to %d", area["Nord"].ID, got.ID)
	}
	want := append([]areaTotals{before[0], {geo.KindDistrict, "Neu", 0, 0, 0}}, before[1:]...)
	if got := totals(t, s, ""); !reflect.DeepEqual(got, want) {
		t.Errorf("Areas after re-import:\n got %+v\nwant %+v", got, want)
	}
	checkTotals(t, s, "after re-import of an area")

	// The next overlay assigns a2 to Neu instead of Nord.
	var as []geo.Assignment
	for a, err := range s.Assignments(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if a.AreaID == area["Nord"].ID && a.AddressID != mustAddrID(t, s, "a1") {
			a.AreaID = mustArea(t, s, geo.KindDistrict, "Neu").ID
		}
		as = append(as, a)
	}
	if err := s.ReplaceAssignments(context.Background(), as); err != nil {
		t.Fatal(err)
	}
	want = []areaTotals{
		{geo.KindDistrict, "Leer", 0, 0, 0},
		{geo.KindDistrict, "Neu", 1, 3, 0},
		{geo.KindDistrict, "Nord", 1, 2, 1},
		{geo.KindDistrict, "Sued", 1, 5, 2},
		{geo.KindZone, "Z", 2, 9, 5},
	}
	if got := totals(t, s, ""); !reflect.DeepEqual(got, want) {
		t.Errorf("Areas after the next overlay:\n got %+v\nwant %+v", got, want)
	}
	checkTotals(t, s, "after the next overlay")
}

func mustAddrID(t *testing.T, s geo.Store, key string) int64 {
	t.Helper()
	return byKey(t, s, key).ID
}

func testTotalsAfterFailedImports(t *testing.T, s geo.Store) {
	assignFixture(t, s)
	before, beforeCounts := totals(t, s, ""), mustCounts(t, s)
	unchanged := func(what string) {
		t.Helper()
		if got := totals(t, s, ""); !reflect.DeepEqual(got, before) {
			t.Errorf("Areas after %s:\n got %+v\nwant %+v", what, got, before)
		}
		if got := mustCounts(t, s); !reflect.DeepEqual(got, beforeCounts) {
			t.Errorf("Counts after %s:\n got %+v\nwant %+v", what, got, beforeCounts)
		}
		checkTotals(t, s, "after "+what)
	}

	// Halfway: a1 and a2 are written (a1 with other households, a5 new),
	// then the source fails.
	_, err := s.ImportAddresses(context.Background(), seq([]geo.Address{
		Addr("a1", "Hauptstraße", "1", 20, 20),
		Addr("a5", "Hauptstraße", "5", 4, 4),
		Addr("a2", "Hauptstraße", "2", 30, 30),
		Addr("a6", "Hauptstraße", "6", 1, 1), // replaced by the error
	}, errBoom))
	if !errors.Is(err, errBoom) {
		t.Fatalf("ImportAddresses: err = %v, want %v", err, errBoom)
	}
	unchanged("a failed address import")

	// An invalid row after valid ones fails in the store itself.
	_, err = s.ImportAddresses(context.Background(), seq([]geo.Address{
		Addr("a1", "Hauptstraße", "1", 20, 20),
		{Key: "bad", Type: "castle"},
	}, nil))
	if geo.ErrorCode(err) != geo.EINVALID {
		t.Fatalf("ImportAddresses(invalid): err = %v, want code %s", err, geo.EINVALID)
	}
	unchanged("an invalid address import")

	_, err = s.ImportAreas(context.Background(), seq([]geo.Area{
		{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(5, 5, 6, 6)},
		{Kind: geo.KindZone, Name: "Neu", Geometry: Square(5, 5, 6, 6)},
		{Kind: geo.KindZone, Name: "never"},
	}, errBoom))
	if !errors.Is(err, errBoom) {
		t.Fatalf("ImportAreas: err = %v, want %v", err, errBoom)
	}
	unchanged("a failed area import")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.ReplaceAssignments(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("ReplaceAssignments(cancelled): err = %v, want context.Canceled", err)
	}
	unchanged("a cancelled ReplaceAssignments")
}

// MigrationTotals checks that the migration keeping the totals fills them
// from a store that had none. It fills s, records Areas and Counts, calls
// undo (which must put the store back as before that migration: totals
// removed, the migration unrecorded), closes s, and compares the store
// reopen returns (which runs the migration again) with the record. The
// caller closes the reopened store.
func MigrationTotals(t *testing.T, s geo.Store, undo func() error, reopen func() geo.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{
		Addr("a1", "Hauptstraße", "1", 2, 1),
		Addr("a2", "Hauptstraße", "2", 3, 0),
		Addr("a3", "Hauptstraße", "3", 5, 2),
	})); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportAreas(ctx, geo.Values([]geo.Area{
		{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 0, 1, 1)},
		{Kind: geo.KindZone, Name: "Z", Geometry: Square(0, 0, 1, 1)},
		{Kind: geo.KindDistrict, Name: "Leer", Geometry: Square(0, 0, 1, 1)},
	})); err != nil {
		t.Fatal(err)
	}
	id := map[string]int64{}
	for a, err := range s.Addresses(ctx, geo.AddressFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		id[a.Key] = a.ID
	}
	for _, n := range []string{"Nord", "Z"} {
		a, err := s.AreaByName(ctx, "", n)
		if err != nil {
			t.Fatal(err)
		}
		id[n] = a.ID
	}
	if err := s.ReplaceAssignments(ctx, []geo.Assignment{
		{AddressID: id["a1"], AreaID: id["Nord"]}, {AddressID: id["a2"], AreaID: id["Nord"]},
		{AddressID: id["a2"], AreaID: id["Z"]}, {AddressID: id["a3"], AreaID: id["Z"]},
	}); err != nil {
		t.Fatal(err)
	}
	wantAreas, err := s.Areas(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	wantCounts, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if wantCounts.Unassigned != 1 || wantAreas[1].Name != "Nord" || wantAreas[1].Households != 5 {
		t.Fatalf("before: Counts = %+v, Areas = %+v", wantCounts, wantAreas)
	}
	if err := undo(); err != nil {
		t.Fatalf("undo the totals migration: %v", err)
	}
	s.Close()

	s = reopen()
	if got, err := s.Areas(ctx, ""); err != nil || !reflect.DeepEqual(got, wantAreas) {
		t.Errorf("Areas after migration = %+v, %v\nwant %+v", got, err, wantAreas)
	}
	if got, err := s.Counts(ctx); err != nil || !reflect.DeepEqual(got, wantCounts) {
		t.Errorf("Counts after migration = %+v, %v\nwant %+v", got, err, wantCounts)
	}
}
