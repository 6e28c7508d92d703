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
