package sqlite

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// TestImportNamesRowTheDatabaseRefuses: a row that passes the checks in
// Go but not the table's (a NaN longitude becomes NULL in SQLite) fails
// a multi-row statement; the error names that row's key, and nothing is
// written.
func TestImportNamesRowTheDatabaseRefuses(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, bad := range []int{0, stmtRows - 1, stmtRows + stmtRows/2, importBatch + 1} {
		t.Run(fmt.Sprint(bad), func(t *testing.T) {
			as := make([]geo.Address, importBatch+stmtRows)
			for i := range as {
				as[i] = storetest.Addr(fmt.Sprintf("k%d", i), "Weg", fmt.Sprint(i+1), 1, 0)
			}
			as[bad].Lon = math.NaN()
			_, err := s.ImportAddresses(ctx, geo.Values(as))
			if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(err.Error(), fmt.Sprintf("%q", as[bad].Key)) {
				t.Errorf("err = %v, want EINVALID naming %q", err, as[bad].Key)
			}
			if n, err := countRows(ctx, s.db, "addresses"); err != nil || n != 0 {
				t.Errorf("%d addresses after the failed import (%v), want 0", n, err)
			}
		})
	}
}

// TestImportKeepsIndexes: an import into an empty table drops the search
// key index and builds it again; after it, and after a failed one, the
// index is there.
func TestImportKeepsIndexes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hasIndex := func() bool {
		t.Helper()
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'addresses_search_key'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	bad := storetest.Addr("k2", "Weg", "2", 1, 0)
	bad.Lon = math.NaN()
	if _, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{storetest.Addr("k1", "Weg", "1", 1, 0), bad})); err == nil {
		t.Fatal("import with a NaN longitude succeeded")
	}
	if !hasIndex() {
		t.Error("no search key index after a failed import into an empty table")
	}
	if _, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{storetest.Addr("k1", "Weg", "1", 1, 0)})); err != nil {
		t.Fatal(err)
	}
	if !hasIndex() {
		t.Error("no search key index after an import into an empty table")
	}
	rows, err := s.db.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT id FROM addresses WHERE search_key >= 'weg' AND search_key < 'weh'`)
	if err != nil {
		t.Fatal(err)
	}
	var plan string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "; "
	}
	rows.Close()
	if !strings.Contains(plan, "addresses_search_key") {
		t.Errorf("search does not use the index: %s", plan)
	}
}
