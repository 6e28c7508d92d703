package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"gigaplan/data/sqlite"
	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// MustOpen opens a new store in a temporary directory, closed with the test.
func MustOpen(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "gigaplan.db"))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) geo.Store { return MustOpen(t) })
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gigaplan.db")
	migrations := func(s *sqlite.Store) []string {
		t.Helper()
		rows, err := s.DB().QueryContext(ctx, `SELECT name FROM migrations ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			names = append(names, n)
		}
		return names
	}

	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	first := migrations(s)
	if len(first) == 0 || first[0] != "0001_init.sql" {
		t.Fatalf("migrations = %v, want 0001_init.sql first", first)
	}
	if _, err := s.ImportAddresses(ctx, func(yield func(geo.Address, error) bool) {
		yield(storetest.Addr("k1", "Hauptstraße", "1", 1, 0), nil)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Opening again applies nothing and keeps the data.
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer s.Close()
	if again := migrations(s); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Errorf("migrations after second Open = %v, want %v", again, first)
	}
	if c, err := s.Counts(ctx); err != nil || c.Addresses != 1 {
		t.Errorf("Counts after reopen = %+v, %v", c, err)
	}
}

func TestPragmas(t *testing.T) {
	s := MustOpen(t)
	defer s.Close()
	ctx := context.Background()
	// Every connection of the pool has the settings, not just the first.
	conns := make([]interface{ Close() error }, 0, 3)
	for i := range 3 {
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		for _, tt := range []struct {
			pragma string
			want   string
		}{
			{"journal_mode", "wal"},
			{"foreign_keys", "1"},
			{"busy_timeout", "5000"},
			{"synchronous", "1"}, // NORMAL
		} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("conn %d: PRAGMA %s = %s, want %s", i, tt.pragma, got, tt.want)
			}
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestOpenPathWithSpecialCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a b?c#d%e.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "a b?c#d%e.db")); len(matches) != 1 {
		t.Errorf("database file %q not created", path)
	}
}

// addresses yields n synthetic addresses; gen changes their data.
func addresses(n, gen int) func(yield func(geo.Address, error) bool) {
	return func(yield func(geo.Address, error) bool) {
		for i := range n {
			a := storetest.Addr(fmt.Sprintf("08317096|%05d|%d", i%5000, i), fmt.Sprintf("Straße %d", i%5000), fmt.Sprint(i%300+1), i%4+gen, i%2)
			if !yield(a, nil) {
				return
			}
		}
	}
}

// BenchmarkImportAddresses imports 100k new addresses, then the same 100k
// again (all updates), each into a fresh database.
func BenchmarkImportAddresses(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		prefill bool
	}{{"insert", false}, {"update", true}} {
		b.Run(tt.name, func(b *testing.B) {
			runs := 0
			for b.Loop() {
				b.StopTimer()
				s := MustOpen(b)
				if tt.prefill {
					if _, err := s.ImportAddresses(ctx, addresses(n, 0)); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				st, err := s.ImportAddresses(ctx, addresses(n, 1))
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if st.Inserted+st.Updated != n {
					b.Fatalf("stats %+v", st)
				}
				s.Close()
				runs++
				b.StartTimer()
			}
			b.ReportMetric(float64(n*runs)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkReplaceAssignments replaces 200k assignments (two per address),
// all of them or none.
func BenchmarkReplaceAssignments(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	s := MustOpen(b)
	defer s.Close()
	if _, err := s.ImportAddresses(ctx, addresses(n, 0)); err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportAreas(ctx, func(yield func(geo.Area, error) bool) {
		_ = yield(geo.Area{Kind: geo.KindDistrict, Name: "D", Geometry: storetest.Square(0, 0, 1, 1)}, nil) &&
			yield(geo.Area{Kind: geo.KindZone, Name: "Z", Geometry: storetest.Square(0, 0, 1, 1)}, nil)
	}); err != nil {
		b.Fatal(err)
	}
	d, _ := s.AreaByName(ctx, geo.KindDistrict, "D")
	z, _ := s.AreaByName(ctx, geo.KindZone, "Z")
	var as []geo.Assignment
	for a, err := range s.Addresses(ctx, geo.AddressFilter{}) {
		if err != nil {
			b.Fatal(err)
		}
		as = append(as, geo.Assignment{AddressID: a.ID, AreaID: d.ID}, geo.Assignment{AddressID: a.ID, AreaID: z.ID})
	}
	// ReplaceAssignments writes only the difference to what is stored:
	// "rewrite" alternates between all assignments and none, so that
	// every call inserts or deletes all of them; "unchanged" stores the
	// same set again (the overlay after an import that moved nothing).
	for _, tc := range []struct {
		name string
		sets [][]geo.Assignment
	}{
		{"rewrite", [][]geo.Assignment{as, nil}},
		{"unchanged", [][]geo.Assignment{as}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			if err := s.ReplaceAssignments(ctx, as); err != nil {
				b.Fatal(err)
			}
			runs := 0
			for b.Loop() {
				if err := s.ReplaceAssignments(ctx, tc.sets[(runs+1)%len(tc.sets)]); err != nil {
					b.Fatal(err)
				}
				runs++
			}
			b.ReportMetric(float64(len(as)*runs)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkSearch measures address search at 300,000 addresses:
//
//	go test ./data/sqlite -run '^$' -bench Search -benchmem
func BenchmarkSearch(b *testing.B) {
	storetest.BenchSearch(b, MustOpen(b), 300_000)
}

func TestImportBatches(t *testing.T) {
	storetest.RunImportBatches(t, func(t *testing.T) geo.Store { return MustOpen(t) }, sqlite.ImportBatchSizes...)
}
