package postgres_test

import (
	"context"
	"fmt"
	"testing"

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
	s := MustOpen(t, url)
	undo := func() error {
		for _, q := range []string{
			`DROP TABLE store_totals`,
			`ALTER TABLE areas DROP COLUMN total_addresses, DROP COLUMN total_households, DROP COLUMN total_businesses`,
			`DELETE FROM migrations WHERE name = '0006_totals.sql'`,
		} {
			if _, err := s.Pool().Exec(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	}
	storetest.MigrationTotals(t, s, undo, func() geo.Store {
		s := MustOpen(t, url)
		t.Cleanup(func() { s.Close() })
		return s
	})
}
