package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"gigaplan/data/sqlite"
	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// TestMigrationTotals checks that migration 0006 fills the totals from the
// data of a store that had none: it takes them out again (as before 0006)
// and reopens the store.
func TestMigrationTotals(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gigaplan.db")
	open := func() *sqlite.Store {
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s := open()
	undo := func() error {
		for _, q := range []string{
			`DROP TABLE store_totals`,
			`ALTER TABLE areas DROP COLUMN total_addresses`,
			`ALTER TABLE areas DROP COLUMN total_households`,
			`ALTER TABLE areas DROP COLUMN total_businesses`,
			`DELETE FROM migrations WHERE name = '0006_totals.sql'`,
		} {
			if _, err := s.DB().ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	}
	storetest.MigrationTotals(t, s, undo, func() geo.Store { return open() })
}

// BenchmarkTotalsFile times Counts and Areas on the database file named by
// GIGAPLAN_BENCH_SQLITE (skipped if unset), e.g. a copy of a scale run.
// Opening it applies any pending migration, which is reported once.
func BenchmarkTotalsFile(b *testing.B) {
	path := os.Getenv("GIGAPLAN_BENCH_SQLITE")
	if path == "" {
		b.Skip("GIGAPLAN_BENCH_SQLITE not set")
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.Run("Counts", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Counts(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, kind := range []geo.AreaKind{geo.KindMunicipality, ""} {
		b.Run("Areas/"+string(kind), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Areas(ctx, kind); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
