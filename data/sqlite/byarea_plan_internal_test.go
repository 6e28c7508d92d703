package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// TestByAreaPlan checks that the reads of a report over one area (its
// assignments, its supply and its addresses in street order) search the
// area index and then each table by key: no SCAN of assignments,
// addresses or supply, whose cost would be the store's, not the area's.
func TestByAreaPlan(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	munis := storetest.PlanFixture(t, s, 30000, 600)
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	addresses, args := sqlstore.AddressesQuery(geo.AddressFilter{AreaID: munis[3], ByStreet: true})
	for _, tt := range []struct {
		name, query string
		args        []any
		want        string // a line of the plan
	}{
		{"AssignmentsIn", sqlstore.AssignmentsInQuery, []any{munis[3]}, "SEARCH m USING COVERING INDEX assignments_area (area_id=?)"},
		{"SupplyIn", sqlstore.SupplyInQuery, []any{munis[3], int64(1)}, "SEARCH m USING COVERING INDEX assignments_area (area_id=?)"},
		{"Addresses", addresses, args, "USING COVERING INDEX assignments_area (area_id=?)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := dialect{s}.Pool().Query(ctx, `EXPLAIN QUERY PLAN `+tt.query, tt.args...)
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
			if !strings.Contains(text, tt.want) {
				t.Errorf("no %q in the plan:\n%s", tt.want, text)
			}
			for _, p := range plan {
				if strings.HasPrefix(p, "SCAN") {
					t.Errorf("%s in\n%s", p, text)
				}
			}
			t.Logf("plan:\n%s", text)
		})
	}
}
