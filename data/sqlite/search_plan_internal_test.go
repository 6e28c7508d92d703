package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// TestSearchWordsPlan checks that the second part of a search range-scans
// address_words and reads addresses by ID: no SCAN of either table.
func TestSearchWordsPlan(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var as []geo.Address
	for i := range 2000 {
		as = append(as, storetest.Addr(fmt.Sprint(i), fmt.Sprintf("Am Weg %d", i%50), fmt.Sprint(i), 1, 0))
	}
	if _, err := s.ImportAddresses(ctx, geo.Values(as)); err != nil {
		t.Fatal(err)
	}
	for _, muni := range []int64{0, 7} {
		rows, err := dialect{s}.Pool().Query(ctx, `EXPLAIN QUERY PLAN `+sqlstore.SearchWordsSQL,
			"weg 1", sqlstore.PrefixUpper("weg 1"), 20, muni, "weg 1", "", int64(-1<<63))
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		text := strings.Join(plan, "\n")
		if !strings.Contains(text, "SEARCH w USING PRIMARY KEY (word>? AND word<?)") {
			t.Errorf("municipality %d: no range scan of address_words:\n%s", muni, text)
		}
		for _, p := range plan {
			if strings.HasPrefix(p, "SCAN") {
				t.Errorf("municipality %d: %s in\n%s", muni, p, text)
			}
		}
	}
}
