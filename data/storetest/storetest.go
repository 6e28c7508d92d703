// Package storetest is the conformance suite every geo.Store must pass:
// data/sqlite always, data/postgres when a test database is configured.
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) geo.Store { return MustOpen(t) })
//	}
//
// open must return a new, empty, migrated store for each call; Run closes
// it when the subtest ends. Area names are ASCII so that the expected order
// does not depend on a database's collation.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/geo"
)

// Run runs the suite; each subtest gets its own store from open.
func Run(t *testing.T, open func(t *testing.T) geo.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s geo.Store)
	}{
		{"ImportAddressesCounts", testImportAddressesCounts},
		{"ImportAddressesInvalid", testImportAddressesInvalid},
		{"ImportAddressesRollback", testImportAddressesRollback},
		{"ImportAddressesCancel", testImportAddressesCancel},
		{"ImportAddressesConcurrent", testImportAddressesConcurrent},
		{"ImportAreasCounts", testImportAreasCounts},
		{"ImportAreasRollback", testImportAreasRollback},
		{"GeometryRoundTrip", testGeometryRoundTrip},
		{"Search", testSearch},
		{"SearchWords", testSearchWords},
		{"AreasAfterReplaceAssignments", testAreasAfterReplaceAssignments},
		{"ReplaceAssignmentsInvalid", testReplaceAssignmentsInvalid},
		{"TotalsAfterAddressReimport", testTotalsAfterAddressReimport},
		{"TotalsAfterAreaReimport", testTotalsAfterAreaReimport},
		{"TotalsAfterFailedImports", testTotalsAfterFailedImports},
		{"AddressesFilter", testAddressesFilter},
		{"AddressesByStreet", testAddressesByStreet},
		{"AddressesBrief", testAddressesBrief},
		{"ReadsCancelled", testReadsCancelled},
		{"AddressNotFound", testAddressNotFound},
		{"Points", testPoints},
		{"AreaByName", testAreaByName},
		{"OverlayStale", testOverlayStale},
		{"DataGeneration", testDataGeneration},
		{"SourceFrame", testSourceFrame},
		{"AreaIdentity", testAreaIdentity},
		{"IncrementalOverlay", testIncrementalOverlay},
		{"IncrementalCatchUp", testIncrementalCatchUp},
		{"AssignmentsIn", testAssignmentsIn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

var errBoom = errors.New("storetest: iterator failed")

// seq yields items and then, if fail is not nil, fail in place of the last
// item (so every item but the last is written before the failure).
func seq[T any](items []T, fail error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for i, it := range items {
			if fail != nil && i == len(items)-1 {
				var zero T
				yield(zero, fail)
				return
			}
			if !yield(it, nil) {
				return
			}
		}
	}
}

// Addr returns an address with the given key, street and number; the
// number may carry a one-letter suffix after a space ("12 a").
func Addr(key, street, number string, households, businesses int) geo.Address {
	a := geo.Address{
		Key: key, Street: street, HouseNumber: number, Postcode: "77652", City: "Offenburg",
		Lon: 7.94, Lat: 48.47, Households: households, Businesses: businesses,
		Type: geo.TypePrivate, Quality: "A", Source: "storetest",
	}
	if n := len(number); n > 2 && number[n-2] == ' ' {
		a.HouseNumber, a.Suffix = number[:n-2], number[n-1:]
	}
	return a
}

// Square returns a one-polygon multipolygon: the square [x0,x1]×[y0,y1].
func Square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

func mustImportAddresses(t *testing.T, s geo.Store, as ...geo.Address) geo.WriteStats {
	t.Helper()
	st, err := s.ImportAddresses(context.Background(), seq(as, nil))
	if err != nil {
		t.Fatalf("ImportAddresses: %v", err)
	}
	return st
}

func mustImportAreas(t *testing.T, s geo.Store, as ...geo.Area) geo.WriteStats {
	t.Helper()
	st, err := s.ImportAreas(context.Background(), seq(as, nil))
	if err != nil {
		t.Fatalf("ImportAreas: %v", err)
	}
	return st
}

// all collects the addresses matching f.
func all(t *testing.T, s geo.Store, f geo.AddressFilter) []geo.Address {
	t.Helper()
	var out []geo.Address
	for a, err := range s.Addresses(context.Background(), f) {
		if err != nil {
			t.Fatalf("Addresses(%+v): %v", f, err)
		}
		out = append(out, a)
	}
	return out
}

func keys(as []geo.Address) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Key
	}
	return out
}

// byKey returns the stored address with key.
func byKey(t *testing.T, s geo.Store, key string) geo.Address {
	t.Helper()
	for a, err := range s.Addresses(context.Background(), geo.AddressFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Key == key {
			return a
		}
	}
	t.Fatalf("no address with key %q", key)
	return geo.Address{}
}

func mustCounts(t *testing.T, s geo.Store) geo.Counts {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	return c
}

func mustArea(t *testing.T, s geo.Store, kind geo.AreaKind, name string) geo.Area {
	t.Helper()
	a, err := s.AreaByName(context.Background(), kind, name)
	if err != nil {
		t.Fatalf("AreaByName(%q, %q): %v", kind, name, err)
	}
	return a
}

func testImportAddressesCounts(t *testing.T, s geo.Store) {
	st := mustImportAddresses(t, s,
		Addr("k1", "Hauptstraße", "1", 2, 0),
		Addr("k2", "Hauptstraße", "2", 1, 1),
		Addr("k3", "Mühlenweg", "3", 4, 0),
	)
	if want := (geo.WriteStats{Inserted: 3}); st != want {
		t.Errorf("first import: %+v, want %+v", st, want)
	}
	changed := Addr("k2", "Hauptstraße", "2 b", 5, 2)
	changed.Type = geo.TypeBusiness
	changed.Placeholder = true
	changed.OI, changed.AGS, changed.StreetKey, changed.Locality = "DEBW123", "08317096", "00123", "Nord"
	st = mustImportAddresses(t, s, Addr("k1", "Hauptstraße", "1", 2, 0), changed, Addr("k4", "Ringstraße", "9", 1, 0))
	if want := (geo.WriteStats{Inserted: 1, Updated: 2}); st != want {
		t.Errorf("second import: %+v, want %+v", st, want)
	}
	got := byKey(t, s, "k2")
	changed.ID = got.ID
	if got != changed {
		t.Errorf("updated address:\n got %+v\nwant %+v", got, changed)
	}
	one, err := s.Address(context.Background(), got.ID)
	if err != nil || one != got {
		t.Errorf("Address(%d) = %+v, %v; want %+v", got.ID, one, err, got)
	}
	c := mustCounts(t, s)
	if c.Addresses != 4 || c.Households != 2+5+4+1 || c.Businesses != 2 || c.Unassigned != 4 || c.Assignments != 0 {
		t.Errorf("Counts = %+v", c)
	}
	if ids := all(t, s, geo.AddressFilter{}); !slices.IsSortedFunc(ids, func(a, b geo.Address) int { return int(a.ID - b.ID) }) || len(ids) != 4 {
		t.Errorf("Addresses not 4 ordered by ID: %v", keys(ids))
	}
	if got := all(t, s, geo.AddressFilter{Limit: 2}); len(got) != 2 {
		t.Errorf("Limit 2: got %d addresses", len(got))
	}
}

func testImportAddressesInvalid(t *testing.T, s geo.Store) {
	mustImportAddresses(t, s, Addr("k1", "Hauptstraße", "1", 2, 0))
	bad := Addr("k9", "Hauptstraße", "9", 1, 0)
	bad.Type = "castle"
	for _, tt := range []struct {
		name string
		a    geo.Address
		// wantMsg is what the message must name so that the user can
		// find the row ("" for no check).
		wantMsg string
	}{
		{"empty key", Addr("", "Hauptstraße", "2", 1, 0), "Schlüssel fehlt"},
		{"unknown type", bad, "k9: unbekannte Art „castle“"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.ImportAddresses(context.Background(), seq([]geo.Address{Addr("k2", "Weg", "1", 1, 0), tt.a}, nil))
			if code := geo.ErrorCode(err); code != geo.EINVALID {
				t.Errorf("err = %v (code %q), want code %q", err, code, geo.EINVALID)
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %v, want the message to name %s", err, tt.wantMsg)
			}
			if c := mustCounts(t, s); c.Addresses != 1 {
				t.Errorf("after failed import: %d addresses, want 1", c.Addresses)
			}
		})
	}
}

func testImportAddressesRollback(t *testing.T, s geo.Store) {
	mustImportAddresses(t, s, Addr("k1", "Hauptstraße", "1", 2, 0), Addr("k2", "Hauptstraße", "2", 1, 1))
	before := mustCounts(t, s)
	sample := byKey(t, s, "k1")

	st, err := s.ImportAddresses(context.Background(), seq([]geo.Address{
		Addr("k1", "Bahnhofstraße", "7", 9, 9), // update
		Addr("k3", "Mühlenweg", "3", 4, 0),     // insert
		Addr("k4", "Mühlenweg", "4", 4, 0),     // replaced by the error
	}, errBoom))
	if err != errBoom && !errors.Is(err, errBoom) {
		t.Fatalf("err = %v, want %v", err, errBoom)
	}
	if st != (geo.WriteStats{}) {
		t.Errorf("stats after failure = %+v, want zero", st)
	}
	if after := mustCounts(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("counts changed by a failed import:\nbefore %+v\n after %+v", before, after)
	}
	if got := byKey(t, s, "k1"); got != sample {
		t.Errorf("address changed by a failed import:\nbefore %+v\n after %+v", sample, got)
	}
	if got := keys(all(t, s, geo.AddressFilter{})); !slices.Equal(got, []string{"k1", "k2"}) {
		t.Errorf("keys after failed import = %v", got)
	}
}

func testImportAddressesCancel(t *testing.T, s geo.Store) {
	mustImportAddresses(t, s, Addr("k0", "Hauptstraße", "1", 2, 0))
	before := mustCounts(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const n, cancelAt = 5000, 2500
	yielded := 0
	it := func(yield func(geo.Address, error) bool) {
		for i := range n {
			if i == cancelAt {
				cancel()
			}
			yielded++
			if !yield(Addr(fmt.Sprintf("c%d", i), "Weg", fmt.Sprint(i), 1, 0), nil) {
				return
			}
		}
	}
	_, err := s.ImportAddresses(ctx, it)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if after := mustCounts(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("counts changed by a cancelled import:\nbefore %+v\n after %+v", before, after)
	}
	if yielded == n {
		t.Logf("the store read the whole iterator after cancellation (allowed, but slow)")
	}
	// The store is still usable.
	if st := mustImportAddresses(t, s, Addr("k1", "Weg", "1", 1, 0)); st.Inserted != 1 {
		t.Errorf("import after cancel: %+v", st)
	}
}

func testImportAddressesConcurrent(t *testing.T, s geo.Store) {
	const per = 3000
	var wg sync.WaitGroup
	errs := make([]error, 2)
	stats := make([]geo.WriteStats, 2)
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			it := func(yield func(geo.Address, error) bool) {
				for i := range per {
					if i == per/2 {
						time.Sleep(50 * time.Millisecond) // let the other writer try
					}
					if !yield(Addr(fmt.Sprintf("g%d-%d", g, i), fmt.Sprintf("Straße %d", g), fmt.Sprint(i), 1, 0), nil) {
						return
					}
				}
			}
			stats[g], errs[g] = s.ImportAddresses(context.Background(), it)
		}()
	}
	wg.Wait()
	for g, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", g, err)
		} else if stats[g] != (geo.WriteStats{Inserted: per}) {
			t.Errorf("writer %d: %+v, want %d inserted", g, stats[g], per)
		}
	}
	if c := mustCounts(t, s); c.Addresses != 2*per {
		t.Errorf("%d addresses after two concurrent imports of %d, want %d", c.Addresses, per, 2*per)
	}
}

func testImportAreasCounts(t *testing.T, s geo.Store) {
	st := mustImportAreas(t, s,
		geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 1, 1, 2), Source: "a.geojson"},
		geo.Area{Kind: geo.KindDistrict, Name: "Sued", Geometry: Square(0, 0, 1, 1), Source: "a.geojson"},
		geo.Area{Kind: geo.KindZone, Name: "Nord", Geometry: Square(0, 1, 1, 2), Source: "z.geojson"},
	)
	if want := (geo.WriteStats{Inserted: 3}); st != want {
		t.Errorf("first import: %+v, want %+v", st, want)
	}
	st = mustImportAreas(t, s,
		geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 1, 2, 3), Source: "b.geojson"},
		geo.Area{Kind: geo.KindBuildArea, Name: "BA 1", Geometry: Square(0, 0, 3, 3), Source: "ba.geojson"},
	)
	if want := (geo.WriteStats{Inserted: 1, Updated: 1}); st != want {
		t.Errorf("second import: %+v, want %+v", st, want)
	}
	nord := mustArea(t, s, geo.KindDistrict, "Nord")
	if !orb.Equal(nord.Geometry, Square(0, 1, 2, 3)) || nord.Source != "b.geojson" {
		t.Errorf("updated area = %+v", nord)
	}
	c := mustCounts(t, s)
	want := map[geo.AreaKind]int{geo.KindMunicipality: 0, geo.KindDistrict: 2, geo.KindZone: 1, geo.KindBuildArea: 1}
	for k, n := range want {
		if c.Areas[k] != n {
			t.Errorf("Counts.Areas[%s] = %d, want %d (%v)", k, c.Areas[k], n, c.Areas)
		}
	}
	_, err := s.ImportAreas(context.Background(), seq([]geo.Area{{Kind: "county", Name: "X", Geometry: Square(0, 0, 1, 1)}}, nil))
	if geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("unknown kind: err = %v, want code %s", err, geo.EINVALID)
	}
}

// testOverlayStale: an address or area import marks the overlay stale in
// its transaction (a failed one does not), ReplaceAssignments clears it,
// even when nothing changes.
func testOverlayStale(t *testing.T, s geo.Store) {
	ctx := context.Background()
	stale := func() bool {
		t.Helper()
		v, err := s.OverlayStale(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if stale() {
		t.Fatal("a new store is stale")
	}
	mustImportAreas(t, s, geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 1, 1, 2)})
	if !stale() {
		t.Error("not stale after an area import")
	}
	if err := s.ReplaceAssignments(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if stale() {
		t.Error("stale after ReplaceAssignments with nothing to change")
	}
	if _, err := s.ImportAddresses(ctx, seq([]geo.Address{{Key: "k1", Street: "A", HouseNumber: "1", Lon: 0.5, Lat: 1.5}}, errBoom)); !errors.Is(err, errBoom) {
		t.Fatalf("failing import: %v", err)
	}
	if stale() {
		t.Error("stale after a failed import")
	}
	if _, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{{Key: "k1", Street: "A", HouseNumber: "1", Lon: 0.5, Lat: 1.5}})); err != nil {
		t.Fatal(err)
	}
	if !stale() {
		t.Error("not stale after an address import")
	}
	if _, err := (&geo.Service{Store: s}).Reassign(ctx); err != nil {
		t.Fatal(err)
	}
	if stale() {
		t.Error("stale after the overlay")
	}
}

// testDataGeneration: the generation grows with every committed change of
// addresses, areas or assignments, also one that leaves every count as it
// was (a boundary moved, an address moved), and not with a failed import.
func testDataGeneration(t *testing.T, s geo.Store) {
	ctx := context.Background()
	gen := func() int64 {
		t.Helper()
		g, err := s.DataGeneration(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	reassign := func() {
		t.Helper()
		if _, err := (&geo.Service{Store: s}).Reassign(ctx); err != nil {
			t.Fatal(err)
		}
	}
	last := gen()
	step := func(what string, wantChange bool) {
		t.Helper()
		g := gen()
		if changed := g != last; changed != wantChange {
			t.Errorf("%s: generation %d → %d, want changed = %v", what, last, g, wantChange)
		}
		if g < last {
			t.Errorf("%s: generation went down, %d → %d", what, last, g)
		}
		last = g
	}
	mustImportAreas(t, s, geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 0, 2, 2)})
	step("area import", true)
	if _, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{{Key: "k1", Street: "A", HouseNumber: "1", Lon: 0.5, Lat: 0.5}})); err != nil {
		t.Fatal(err)
	}
	step("address import", true)
	reassign()
	step("overlay", true)
	counts := mustCounts(t, s)
	// The boundary moves, every count stays.
	mustImportAreas(t, s, geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 0, 3, 3)})
	reassign()
	step("boundary moved", true)
	// The address moves within the district.
	if _, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{{Key: "k1", Street: "A", HouseNumber: "1", Lon: 1.5, Lat: 1.5}})); err != nil {
		t.Fatal(err)
	}
	reassign()
	step("address moved", true)
	if got := mustCounts(t, s); !reflect.DeepEqual(got, counts) {
		t.Fatalf("counts changed: %+v, want %+v (the case the generation is for)", got, counts)
	}
	if _, err := s.ImportAddresses(ctx, seq([]geo.Address{{Key: "k2", Street: "B", HouseNumber: "2", Lon: 0.5, Lat: 0.5}}, errBoom)); !errors.Is(err, errBoom) {
		t.Fatalf("failing import: %v", err)
	}
	step("failed address import", false)
	if _, err := s.ImportAreas(ctx, seq([]geo.Area{{Kind: geo.KindZone, Name: "Z", Geometry: Square(0, 0, 1, 1)}}, errBoom)); !errors.Is(err, errBoom) {
		t.Fatalf("failing import: %v", err)
	}
	step("failed area import", false)
	if _, err := s.Counts(ctx); err != nil {
		t.Fatal(err)
	}
	step("reads", false)
	mustImportAreas(t, s, geo.Area{Kind: geo.KindZone, Name: "Z", Geometry: Square(0, 0, 1, 1)})
	z := mustArea(t, s, geo.KindZone, "Z")
	last = gen()
	if err := s.DeleteAreas(ctx, []int64{z.ID}); err != nil {
		t.Fatal(err)
	}
	step("area deleted", true)
}

func testImportAreasRollback(t *testing.T, s geo.Store) {
	mustImportAreas(t, s, geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 1, 1, 2)})
	before := mustCounts(t, s)
	sample := mustArea(t, s, geo.KindDistrict, "Nord")
	_, err := s.ImportAreas(context.Background(), seq([]geo.Area{
		{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(5, 5, 6, 6)},
		{Kind: geo.KindZone, Name: "Z", Geometry: Square(5, 5, 6, 6)},
		{Kind: geo.KindZone, Name: "never"},
	}, errBoom))
	if !errors.Is(err, errBoom) {
		t.Fatalf("err = %v, want %v", err, errBoom)
	}
	if after := mustCounts(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("counts changed by a failed import:\nbefore %+v\n after %+v", before, after)
	}
	if got := mustArea(t, s, geo.KindDistrict, "Nord"); !reflect.DeepEqual(got, sample) {
		t.Errorf("area changed by a failed import:\nbefore %+v\n after %+v", sample, got)
	}
}

func testGeometryRoundTrip(t *testing.T, s geo.Store) {
	// A polygon with a hole, and a second polygon; coordinates that do not
	// survive a decimal round trip.
	g := orb.MultiPolygon{
		{
			{{7.9, 48.4}, {7.95, 48.4}, {7.95, 48.45}, {7.9, 48.45}, {7.9, 48.4}},
			{{7.91, 48.41}, {7.91, 48.42}, {7.92, 48.42}, {7.92, 48.41}, {7.91, 48.41}},
		},
		{
			{{7.1 / 3, 48.0 + 1.0/7}, {7.1/3 + 0.01, 48.0 + 1.0/7}, {7.1 / 3, 48.0 + 1.0/7 + 0.01}, {7.1 / 3, 48.0 + 1.0/7}},
		},
	}
	mustImportAreas(t, s, geo.Area{Kind: geo.KindBuildArea, Name: "Ausbau 1", Geometry: g, Source: "x"})
	got := mustArea(t, s, geo.KindBuildArea, "Ausbau 1")
	if !reflect.DeepEqual(got.Geometry, g) {
		t.Errorf("geometry changed:\n got %v\nwant %v", got.Geometry, g)
	}
	sums, err := s.Areas(context.Background(), geo.KindBuildArea)
	if err != nil || len(sums) != 1 || !reflect.DeepEqual(sums[0].Geometry, g) {
		t.Errorf("Areas geometry = %v, %v", sums, err)
	}
}

func testSearch(t *testing.T, s geo.Store) {
	mustImportAddresses(t, s,
		Addr("h12a", "Hauptstraße", "12 a", 1, 0),
		Addr("h12", "Hauptstraße", "12", 1, 0),
		Addr("h2", "Hauptstraße", "2", 1, 0),
		Addr("m3", "Mühlenweg", "3", 1, 0),
		Addr("b5", "Am Mühlbach", "5", 1, 0),
		Addr("k4", "Kirchstr.", "4", 1, 0),
		Addr("x1", "Obere Hauptstraße", "1", 1, 0),
		Addr("p1", "Weg_100%", "1", 1, 0),
		Addr("u7", "Untere Hauptstraße", "7", 1, 0),
		Addr("w2", "Mühlbachweg", "2", 1, 0),
	)
	for _, tt := range []struct {
		name  string
		q     string
		limit int
		want  []string // keys in order; nil: none
	}{
		{"strasse for ß with suffix", "hauptstrasse 12a", 10, []string{"h12a"}},
		{"upper case and spaced suffix", "HAUPTSTRASSE 12 A", 10, []string{"h12a"}},
		{"ß in the query", "Hauptstraße 12", 10, []string{"h12", "h12a"}},
		{"str abbreviation", "hauptstr 2", 10, []string{"h2"}},
		{"prefix hits before middle hits", "hauptstr", 10, []string{"h12", "h12a", "h2", "x1", "u7"}},
		{"limit", "hauptstr", 2, []string{"h12", "h12a"}},
		{"limit exactly the prefix hits", "hauptstr", 3, []string{"h12", "h12a", "h2"}},
		{"limit across both groups", "hauptstr", 4, []string{"h12", "h12a", "h2", "x1"}},
		// Both stores document limit <= 0 as their DefaultSearchLimit.
		{"limit 0 is the default limit", "hauptstr", 0, []string{"h12", "h12a", "h2", "x1", "u7"}},
		{"negative limit is the default limit", "hauptstr", -1, []string{"h12", "h12a", "h2", "x1", "u7"}},
		{"umlaut as u", "muhlen", 10, []string{"m3"}},
		{"umlaut as ue", "muehlen", 10, []string{"m3"}},
		{"umlaut", "Mühlenweg 3", 10, []string{"m3"}},
		{"prefix hit before a middle hit that sorts first", "muhlbach", 10, []string{"w2", "b5"}},
		{"several words", "am muhlbach", 10, []string{"b5"}},
		{"abbreviated stored street", "kirchstrasse 4", 10, []string{"k4"}},
		{"no match", "bahnhof", 10, nil},
		{"empty query", "  ", 10, nil},
		{"wildcards are literal", "weg 100", 10, []string{"p1"}},
		{"wildcard only", "%", 10, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.SearchAddresses(context.Background(), tt.q, tt.limit)
			if err != nil {
				t.Fatalf("SearchAddresses(%q): %v", tt.q, err)
			}
			if k := keys(got); !slices.Equal(k, tt.want) && !(len(k) == 0 && len(tt.want) == 0) {
				t.Errorf("SearchAddresses(%q, %d) = %v, want %v", tt.q, tt.limit, k, tt.want)
			}
		})
	}
}

// assignFixture imports four addresses and three areas and assigns
// a1, a2 to district Nord, a3 to district Sued, a1 and a4 to zone Z;
// district Leer gets none.
func assignFixture(t *testing.T, s geo.Store) (addr map[string]geo.Address, area map[string]geo.Area) {
	t.Helper()
	mustImportAddresses(t, s,
		Addr("a1", "Hauptstraße", "1", 2, 1),
		Addr("a2", "Hauptstraße", "2", 3, 0),
		Addr("a3", "Hauptstraße", "3", 5, 2),
		Addr("a4", "Hauptstraße", "4", 7, 4),
	)
	mustImportAreas(t, s,
		geo.Area{Kind: geo.KindZone, Name: "Z", Geometry: Square(0, 0, 1, 1)},
		geo.Area{Kind: geo.KindDistrict, Name: "Sued", Geometry: Square(0, 0, 1, 1)},
		geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 1, 1, 2)},
		geo.Area{Kind: geo.KindDistrict, Name: "Leer", Geometry: Square(5, 5, 6, 6)},
	)
	addr, area = map[string]geo.Address{}, map[string]geo.Area{}
	for _, a := range all(t, s, geo.AddressFilter{}) {
		addr[a.Key] = a
	}
	for _, n := range []string{"Z", "Sued", "Nord", "Leer"} {
		area[n] = mustArea(t, s, "", n)
	}
	as := []geo.Assignment{
		{AddressID: addr["a1"].ID, AreaID: area["Nord"].ID},
		{AddressID: addr["a2"].ID, AreaID: area["Nord"].ID},
		{AddressID: addr["a3"].ID, AreaID: area["Sued"].ID},
		{AddressID: addr["a1"].ID, AreaID: area["Z"].ID},
		{AddressID: addr["a4"].ID, AreaID: area["Z"].ID},
	}
	if err := s.ReplaceAssignments(context.Background(), as); err != nil {
		t.Fatalf("ReplaceAssignments: %v", err)
	}
	return addr, area
}

type areaTotals struct {
	Kind                              geo.AreaKind
	Name                              string
	Addresses, Households, Businesses int
}

func totals(t *testing.T, s geo.Store, kind geo.AreaKind) []areaTotals {
	t.Helper()
	sums, err := s.Areas(context.Background(), kind)
	if err != nil {
		t.Fatalf("Areas(%q): %v", kind, err)
	}
	out := []areaTotals{}
	for _, a := range sums {
		out = append(out, areaTotals{a.Kind, a.Name, a.Addresses, a.Households, a.Businesses})
	}
	return out
}

func testAreasAfterReplaceAssignments(t *testing.T, s geo.Store) {
	addr, area := assignFixture(t, s)
	want := []areaTotals{
		{geo.KindDistrict, "Leer", 0, 0, 0},
		{geo.KindDistrict, "Nord", 2, 5, 1},
		{geo.KindDistrict, "Sued", 1, 5, 2},
		{geo.KindZone, "Z", 2, 9, 5},
	}
	if got := totals(t, s, ""); !reflect.DeepEqual(got, want) {
		t.Errorf("Areas(all):\n got %+v\nwant %+v", got, want)
	}
	if got := totals(t, s, geo.KindZone); !reflect.DeepEqual(got, want[3:]) {
		t.Errorf("Areas(zone) = %+v, want %+v", got, want[3:])
	}
	if got := totals(t, s, geo.KindMunicipality); len(got) != 0 {
		t.Errorf("Areas(municipality) = %+v, want none", got)
	}
	if _, err := s.Areas(context.Background(), "county"); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("Areas(county): err = %v, want code %s", err, geo.EINVALID)
	}
	c := mustCounts(t, s)
	if c.Assignments != 5 || c.Unassigned != 1 || c.Addresses != 4 || c.Households != 17 || c.Businesses != 7 {
		t.Errorf("Counts = %+v", c)
	}
	of, err := s.AssignmentsOf(context.Background(), addr["a1"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(of) != 2 || of[0].ID != area["Nord"].ID || of[1].ID != area["Z"].ID || !orb.Equal(of[1].Geometry, Square(0, 0, 1, 1)) {
		t.Errorf("AssignmentsOf(a1) = %+v, want Nord, Z", of)
	}
	ids := []int64{addr["a1"].ID, addr["a2"].ID, addr["a3"].ID, addr["a4"].ID, 1 << 40}
	for _, tc := range []struct {
		kind geo.AreaKind
		want map[int64]string
	}{
		{geo.KindDistrict, map[int64]string{addr["a1"].ID: "Nord", addr["a2"].ID: "Nord", addr["a3"].ID: "Sued"}},
		{geo.KindZone, map[int64]string{addr["a1"].ID: "Z", addr["a4"].ID: "Z"}},
		{geo.KindBuildArea, map[int64]string{}},
	} {
		got, err := s.AreaNamesOf(context.Background(), ids, tc.kind)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("AreaNamesOf(%s) = %v, %v; want %v", tc.kind, got, err, tc.want)
		}
	}
	if got, err := s.AreaNamesOf(context.Background(), nil, geo.KindDistrict); err != nil || len(got) != 0 {
		t.Errorf("AreaNamesOf(none) = %v, %v", got, err)
	}

	n := 0
	last := geo.Assignment{}
	for a, err := range s.Assignments(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if a.AddressID < last.AddressID || (a.AddressID == last.AddressID && a.AreaID <= last.AreaID) {
			t.Errorf("Assignments: %+v after %+v, want ordered by address, then area", a, last)
		}
		last = a
		n++
	}
	if n != 5 {
		t.Errorf("Assignments yielded %d, want 5", n)
	}

	// Replace: a4 moves to Sued, the zone loses everyone; a duplicate pair
	// is stored once.
	as := []geo.Assignment{
		{AddressID: addr["a1"].ID, AreaID: area["Nord"].ID},
		{AddressID: addr["a4"].ID, AreaID: area["Sued"].ID},
		{AddressID: addr["a4"].ID, AreaID: area["Sued"].ID},
	}
	if err := s.ReplaceAssignments(context.Background(), as); err != nil {
		t.Fatal(err)
	}
	want = []areaTotals{
		{geo.KindDistrict, "Leer", 0, 0, 0},
		{geo.KindDistrict, "Nord", 1, 2, 1},
		{geo.KindDistrict, "Sued", 1, 7, 4},
		{geo.KindZone, "Z", 0, 0, 0},
	}
	if got := totals(t, s, ""); !reflect.DeepEqual(got, want) {
		t.Errorf("Areas after replace:\n got %+v\nwant %+v", got, want)
	}
	var all []geo.Assignment
	for a, err := range s.Assignments(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, a)
	}
	wantAll := []geo.Assignment{as[0], as[1]}
	if wantAll[0].AddressID > wantAll[1].AddressID {
		wantAll[0], wantAll[1] = wantAll[1], wantAll[0]
	}
	if !reflect.DeepEqual(all, wantAll) {
		t.Errorf("Assignments after replace = %+v, want %+v (ordered by address)", all, wantAll)
	}
	if c := mustCounts(t, s); c.Assignments != 2 || c.Unassigned != 2 {
		t.Errorf("Counts after replace = %+v", c)
	}
	if err := s.ReplaceAssignments(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if c := mustCounts(t, s); c.Assignments != 0 || c.Unassigned != 4 {
		t.Errorf("Counts after clearing = %+v", c)
	}
	checkTotals(t, s, "after clearing")
}

func testReplaceAssignmentsInvalid(t *testing.T, s geo.Store) {
	addr, area := assignFixture(t, s)
	before := totals(t, s, "")
	err := s.ReplaceAssignments(context.Background(), []geo.Assignment{
		{AddressID: addr["a1"].ID, AreaID: area["Sued"].ID},
		{AddressID: addr["a1"].ID, AreaID: 1 << 40},
	})
	if geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("unknown area: err = %v, want code %s", err, geo.EINVALID)
	}
	if after := totals(t, s, ""); !reflect.DeepEqual(after, before) {
		t.Errorf("failed ReplaceAssignments changed the totals:\nbefore %+v\n after %+v", before, after)
	}
}

func testAddressesFilter(t *testing.T, s geo.Store) {
	_, area := assignFixture(t, s)
	for _, tt := range []struct {
		name string
		f    geo.AddressFilter
		want []string
	}{
		{"all", geo.AddressFilter{}, []string{"a1", "a2", "a3", "a4"}},
		{"district", geo.AddressFilter{AreaID: area["Nord"].ID}, []string{"a1", "a2"}},
		{"zone", geo.AddressFilter{AreaID: area["Z"].ID}, []string{"a1", "a4"}},
		{"empty area", geo.AddressFilter{AreaID: area["Leer"].ID}, nil},
		{"unknown area", geo.AddressFilter{AreaID: 1 << 40}, nil},
		{"unassigned: in a zone but no district", geo.AddressFilter{Unassigned: true}, []string{"a4"}},
		{"area and unassigned", geo.AddressFilter{AreaID: area["Z"].ID, Unassigned: true}, []string{"a4"}},
		{"limit", geo.AddressFilter{Limit: 3}, []string{"a1", "a2", "a3"}},
		{"area and limit", geo.AddressFilter{AreaID: area["Z"].ID, Limit: 1}, []string{"a1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := keys(all(t, s, tt.f)); !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Addresses(%+v) = %v, want %v", tt.f, got, tt.want)
			}
		})
	}
	// Stopping early is allowed and releases the rows.
	for range s.Addresses(context.Background(), geo.AddressFilter{}) {
		break
	}
	if c := mustCounts(t, s); c.Addresses != 4 {
		t.Errorf("Counts after an early break = %+v", c)
	}
}

func testAddressNotFound(t *testing.T, s geo.Store) {
	mustImportAddresses(t, s, Addr("a1", "Hauptstraße", "1", 1, 0))
	a, err := s.Address(context.Background(), 1<<40)
	if code := geo.ErrorCode(err); code != geo.ENOTFOUND {
		t.Errorf("Address(unknown) = %+v, %v (code %q), want code %q", a, err, code, geo.ENOTFOUND)
	}
}

func testAreaByName(t *testing.T, s geo.Store) {
	mustImportAreas(t, s,
		geo.Area{Kind: geo.KindDistrict, Name: "Mitte", Geometry: Square(0, 0, 1, 1)},
		geo.Area{Kind: geo.KindZone, Name: "Mitte", Geometry: Square(0, 0, 2, 2)},
		geo.Area{Kind: geo.KindZone, Name: "Hafen", Geometry: Square(3, 3, 4, 4)},
	)
	for _, tt := range []struct {
		name     string
		kind     geo.AreaKind
		area     string
		wantCode string
		wantKind geo.AreaKind
		// wantMsg: what the error must tell the user ("" for no check).
		wantMsg string
	}{
		{"by kind", geo.KindDistrict, "Mitte", "", geo.KindDistrict, ""},
		{"other kind", geo.KindZone, "Mitte", "", geo.KindZone, ""},
		{"unique without kind", "", "Hafen", "", geo.KindZone, ""},
		{"ambiguous without kind", "", "Mitte", geo.EINVALID, "", ""},
		{"not found", "", "Nirgendwo", geo.ENOTFOUND, "", `Gebiet „Nirgendwo“ nicht gefunden`},
		{"not found in kind", geo.KindDistrict, "Hafen", geo.ENOTFOUND, "", `Ortsteil „Hafen“ nicht gefunden`},
		{"unknown kind", "county", "Hafen", geo.EINVALID, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := s.AreaByName(context.Background(), tt.kind, tt.area)
			if code := geo.ErrorCode(err); code != tt.wantCode {
				t.Fatalf("AreaByName(%q, %q) = %+v, %v (code %q), want code %q", tt.kind, tt.area, a, err, code, tt.wantCode)
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("AreaByName(%q, %q): err = %v, want it to name %s", tt.kind, tt.area, err, tt.wantMsg)
			}
			if err == nil && (a.Kind != tt.wantKind || a.Name != tt.area || a.ID == 0) {
				t.Errorf("AreaByName(%q, %q) = %+v", tt.kind, tt.area, a)
			}
		})
	}
}

func testPoints(t *testing.T, s geo.Store) {
	ids, pts, err := s.Points(context.Background())
	if err != nil || len(ids) != 0 || len(pts) != 0 {
		t.Fatalf("Points on an empty store: %v %v %v", ids, pts, err)
	}
	a, b := Addr("p1", "Weg", "1", 1, 0), Addr("p2", "Weg", "2", 1, 0)
	a.Lon, a.Lat, b.Lon, b.Lat = 7.1234567, 48.7654321, 8.5, 49.25
	mustImportAddresses(t, s, a, b)
	ids, pts, err = s.Points(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []orb.Point{{a.Lon, a.Lat}, {b.Lon, b.Lat}}
	if len(ids) != 2 || ids[0] != byKey(t, s, "p1").ID || ids[1] != byKey(t, s, "p2").ID || !reflect.DeepEqual(pts, want) {
		t.Errorf("Points = %v %v, want IDs of p1, p2 and %v", ids, pts, want)
	}
}

// testAddressesByStreet: ByStreet orders by postcode, street and number,
// whatever the order of import (and so of the IDs).
func testAddressesByStreet(t *testing.T, s geo.Store) {
	birke := Addr("b1", "Birkenweg", "1", 1, 0)
	birke.Postcode = "77600"
	mustImportAddresses(t, s,
		Addr("z1", "Zeppelinstraße", "1", 1, 0),
		Addr("a2", "Ahornweg", "2", 1, 0),
		Addr("a1", "Ahornweg", "1", 1, 0),
		birke,
	)
	for _, tt := range []struct {
		name string
		f    geo.AddressFilter
		want []string
	}{
		{"by ID", geo.AddressFilter{}, []string{"z1", "a2", "a1", "b1"}},
		{"by street", geo.AddressFilter{ByStreet: true}, []string{"b1", "a1", "a2", "z1"}},
		{"by street, limit", geo.AddressFilter{ByStreet: true, Limit: 2}, []string{"b1", "a1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := keys(all(t, s, tt.f)); !slices.Equal(got, tt.want) {
				t.Errorf("Addresses(%+v) = %v, want %v", tt.f, got, tt.want)
			}
		})
	}
}

// testAddressesBrief: a brief read gives every address, in the same order,
// with ID, street, number, suffix and position as the full read, and
// nothing else; the filters apply as to the full read.
func testAddressesBrief(t *testing.T, s geo.Store) {
	a := Addr("a1", "Am Alten Markt", "5", 2, 1)
	a.Suffix, a.Postcode, a.City = "b", "77654", "Musterstadt"
	mustImportAddresses(t, s, a, Addr("z1", "Zeppelinstraße", "1", 1, 0), Addr("a2", "Ahornweg", "2", 1, 0))
	for _, f := range []geo.AddressFilter{{}, {Limit: 2}, {ByStreet: true}} {
		full := all(t, s, f)
		brief := f
		brief.Brief = true
		got := all(t, s, brief)
		if len(got) != len(full) || len(full) == 0 {
			t.Fatalf("%+v: %d brief, %d full", f, len(got), len(full))
		}
		for i, w := range full {
			want := geo.Address{ID: w.ID, Street: w.Street, HouseNumber: w.HouseNumber, Suffix: w.Suffix, Lon: w.Lon, Lat: w.Lat}
			if got[i] != want {
				t.Errorf("%+v, row %d: brief %+v, want %+v", f, i, got[i], want)
			}
		}
	}
}

// testReadsCancelled: a read with a cancelled context returns the
// context's error and no data.
func testReadsCancelled(t *testing.T, s geo.Store) {
	assignFixture(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name string
		read func() (n int, err error)
	}{
		{"Addresses", func() (n int, err error) {
			for _, err := range s.Addresses(ctx, geo.AddressFilter{}) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
		{"Assignments", func() (n int, err error) {
			for _, err := range s.Assignments(ctx) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
		{"AssignmentsIn", func() (n int, err error) {
			for _, err := range s.AssignmentsIn(ctx, mustArea(t, s, "", "Nord").ID) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
		{"Points", func() (int, error) {
			ids, _, err := s.Points(ctx)
			return len(ids), err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n, err := tt.read()
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
			if n != 0 {
				t.Errorf("%d items before the error, want none", n)
			}
		})
	}
}
