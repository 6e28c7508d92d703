package postgres_test

import (
	"context"
	"reflect"
	"testing"

	"gigaplan/data/postgres"
	"gigaplan/data/postgres/pgtest"
	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// TestMigrationTotals checks that migration 0006 fills the totals from the
// data of a store that had none: it takes them out again (as before 0006)
// and reopens the store.
func TestMigrationTotals(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	s, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportAddresses(ctx, func(yield func(geo.Address, error) bool) {
		_ = yield(storetest.Addr("a1", "Hauptstraße", "1", 2, 1), nil) &&
			yield(storetest.Addr("a2", "Hauptstraße", "2", 3, 0), nil) &&
			yield(storetest.Addr("a3", "Hauptstraße", "3", 5, 2), nil)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportAreas(ctx, func(yield func(geo.Area, error) bool) {
		_ = yield(geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: storetest.Square(0, 0, 1, 1)}, nil) &&
			yield(geo.Area{Kind: geo.KindZone, Name: "Z", Geometry: storetest.Square(0, 0, 1, 1)}, nil) &&
			yield(geo.Area{Kind: geo.KindDistrict, Name: "Leer", Geometry: storetest.Square(0, 0, 1, 1)}, nil)
	}); err != nil {
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
	for _, q := range []string{
		`DROP TABLE store_totals`,
		`ALTER TABLE areas DROP COLUMN total_addresses, DROP COLUMN total_households, DROP COLUMN total_businesses`,
		`DELETE FROM migrations WHERE name = '0006_totals.sql'`,
	} {
		if _, err := s.Pool().Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()

	s = MustOpen(t, url)
	defer s.Close()
	if got, err := s.Areas(ctx, ""); err != nil || !reflect.DeepEqual(got, wantAreas) {
		t.Errorf("Areas after migration = %+v, %v\nwant %+v", got, err, wantAreas)
	}
	if got, err := s.Counts(ctx); err != nil || !reflect.DeepEqual(got, wantCounts) {
		t.Errorf("Counts after migration = %+v, %v\nwant %+v", got, err, wantCounts)
	}
}
