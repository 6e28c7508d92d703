package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"gigaplan/data/internal/sqlstore"
)

// TestMigrateTxForeignKeys: a migration transaction that changes something
// must leave every foreign key intact, or it is rolled back; one that
// changes nothing (the up-to-date store at every start) skips the check of
// the whole file.
func TestMigrateTxForeignKeys(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "fk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// A dangling assignment, as only a broken step could leave one.
	c, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(ctx, `INSERT INTO assignments (address_id, area_id) VALUES (999, 999)`); err != nil {
		t.Fatal(err)
	}
	c.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	c.Close()

	var n int
	if err := (dialect{s}).MigrateTx(ctx, func(q sqlstore.Querier) error {
		return q.QueryRow(ctx, `SELECT count(*) FROM migrations`).Scan(&n)
	}); err != nil || n == 0 {
		t.Errorf("a reading migration transaction: %v (%d steps)", err, n)
	}
	err = (dialect{s}).MigrateTx(ctx, func(q sqlstore.Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO migrations (name) VALUES ('9999_test.sql')`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "foreign key of assignments") {
		t.Fatalf("a changing step over a broken foreign key: %v", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = '9999_test.sql'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the refused step is recorded: %d %v", n, err)
	}
	// Opening the store again applies nothing and succeeds.
	s2, err := Open(ctx, s.path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	s2.Close()
}
