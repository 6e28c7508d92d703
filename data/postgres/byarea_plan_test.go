package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// TestByAreaPlan checks that the reads of a report over one area (its
// assignments, its supply and its addresses in street order) start from
// the area index and reach the other rows by key, with no sequential
// scan of assignments, addresses or supply, for the literal values and
// for the generic plan that a prepared statement may fall back to.
func TestByAreaPlan(t *testing.T) {
	ctx := context.Background()
	s, conn := storeAndConn(t)
	munis := storetest.PlanFixture(t, s, 30000, 600)
	if _, err := conn.Exec(ctx, `ANALYZE addresses; ANALYZE assignments; ANALYZE supply`); err != nil {
		t.Fatal(err)
	}
	addresses, args := sqlstore.AddressesQuery(geo.AddressFilter{AreaID: munis[3], ByStreet: true})
	for _, generic := range []string{"auto", "force_generic_plan"} {
		if _, err := conn.Exec(ctx, `SET plan_cache_mode = `+generic); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name, query string
			args        []any
		}{
			{"AssignmentsIn", sqlstore.AssignmentsInQuery, []any{munis[3]}},
			{"SupplyIn", sqlstore.SupplyInQuery, []any{munis[3], int64(1)}},
			{"Addresses", addresses, args},
		} {
			rows, err := conn.Query(ctx, `EXPLAIN `+tt.query, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(plan, "\n")
			if !strings.Contains(text, "assignments_area") {
				t.Errorf("%s, %s: the area index is not used:\n%s", generic, tt.name, text)
			}
			if strings.Contains(text, "Seq Scan") {
				t.Errorf("%s, %s: sequential scan:\n%s", generic, tt.name, text)
			}
			t.Logf("%s, %s:\n%s", generic, tt.name, text)
		}
	}
}
