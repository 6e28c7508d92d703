package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// TestSearchWordsPlan checks that the second part of a search is an index
// scan of address_words's primary key, with no sequential scan of it or
// of addresses, for the literal values and for the generic plan that a
// prepared statement may fall back to.
func TestSearchWordsPlan(t *testing.T) {
	ctx := context.Background()
	s, conn := storeAndConn(t)
	var as []geo.Address
	for i := range 5000 {
		as = append(as, storetest.Addr(fmt.Sprint(i), fmt.Sprintf("Am Weg %d", i%50), fmt.Sprint(i), 1, 0))
	}
	if _, err := s.ImportAddresses(ctx, geo.Values(as)); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `ANALYZE addresses; ANALYZE address_words`); err != nil {
		t.Fatal(err)
	}
	for _, generic := range []string{"auto", "force_generic_plan"} {
		if _, err := conn.Exec(ctx, `SET plan_cache_mode = `+generic); err != nil {
			t.Fatal(err)
		}
		for _, muni := range []int64{0, 7} {
			rows, err := conn.Query(ctx, `EXPLAIN `+sqlstore.SearchWordsSQL,
				"weg 1", sqlstore.PrefixUpper("weg 1"), 20, muni, "weg 1", "", int64(-1<<63))
			if err != nil {
				t.Fatal(err)
			}
			plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(plan, "\n")
			if !strings.Contains(text, "Index Scan using address_words_pkey on address_words") &&
				!strings.Contains(text, "Index Only Scan using address_words_pkey on address_words") {
				t.Errorf("%s, municipality %d: no index scan of address_words:\n%s", generic, muni, text)
			}
			if strings.Contains(text, "Seq Scan on address") {
				t.Errorf("%s, municipality %d: sequential scan:\n%s", generic, muni, text)
			}
		}
	}
}
