package sqlstore

import (
	"context"
	"strings"
)

// clearTables are the data tables, children before the tables they
// reference, so that deleting in this order breaks no foreign key.
var clearTables = []string{
	"sessions", "login_failures", "audit_log", "api_tokens", "citizen_reports",
	"site_changes", "sites", "construction_progress", "construction_dates",
	"funding_progress", "funding_build_dates", "funding_budget_years", "funding_budget", "funding_milestones", "funding_project_addresses", "funding_project_areas", "funding_projects",
	"facility_contracts", "signup_entries", "outreach", "campaign_events", "campaign_areas", "campaigns",
	"imports", "supply", "survey_operators", "surveys", "assignments", "area_overlaps", "overlay_pending", "address_words", "addresses", "areas", "users",
}

// Clear empties the store in one transaction: every table but the schema's
// record (migrations), with the kept totals back at zero. gigaplan migrate
// uses it to leave a target that was empty as it was when a copy fails.
func (s AreaStore) Clear(ctx context.Context) error {
	// The sign-up log refuses deletes and truncation (append-only,
	// migration 0002): the guard is lifted for this transaction only.
	// PostgreSQL truncates and restarts the identities, so that a copy
	// into the emptied store hands out the same IDs as into a new one;
	// SQLite's rowids start again from the largest left, none.
	if n, ok := s.D.(interface{ Name() string }); ok && n.Name() == SQLite {
		return s.D.WriteTx(ctx, func(q Querier) error {
			stmts := []string{`DROP TRIGGER signup_entries_no_delete`}
			for _, t := range clearTables {
				stmts = append(stmts, `DELETE FROM `+t)
			}
			stmts = append(stmts, `CREATE TRIGGER signup_entries_no_delete BEFORE DELETE ON signup_entries
BEGIN
	SELECT RAISE(ABORT, 'signup entries are append-only');
END`, zeroTotals)
			return execAll(ctx, s.D, q, stmts)
		})
	}
	return s.D.WriteTx(ctx, func(q Querier) error {
		return execAll(ctx, s.D, q, []string{
			`ALTER TABLE signup_entries DISABLE TRIGGER USER`,
			`TRUNCATE ` + strings.Join(clearTables, ", ") + ` RESTART IDENTITY`,
			`ALTER TABLE signup_entries ENABLE TRIGGER USER`,
			zeroTotals,
		})
	})
}

const zeroTotals = `UPDATE store_totals SET addresses = 0, households = 0, businesses = 0, assignments = 0, unassigned = 0,
	overlay_stale = (1 = 0), overlay_frame = -1, ags_mismatches = -1, generation = generation + 1`

func execAll(ctx context.Context, d Dialect, q Querier, stmts []string) error {
	for _, st := range stmts {
		if _, err := q.Exec(ctx, st); err != nil {
			return d.Err(ctx, err, "clear the store: %.40s", st)
		}
	}
	return nil
}
