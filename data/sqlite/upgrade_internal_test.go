package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// TestUpgradeFromRelease opens a database in the schema of the release
// before the shared store code (migrations 0001–0006), with rows written
// the way that release wrote them, and checks that Open upgrades it in
// place: the audit log's user column becomes username, API tokens'
// ” (never used, not revoked) become NULL, and a campaign's statuses,
// extensions and provider denominators become dated events.
// schemaBefore creates a database file holding the schema of the steps
// before step `before`, recorded as applied, and returns its path and an
// open handle (closed when the test ends).
func schemaBefore(t *testing.T, before string) (string, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	steps, err := sqlstore.Steps(sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')`); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if st.Name >= before {
			break
		}
		if _, err := db.Exec(st.SQL); err != nil {
			t.Fatalf("%s: %v", st.Name, err)
		}
		if _, err := db.Exec(`INSERT INTO migrations (name) VALUES (?)`, st.Name); err != nil {
			t.Fatal(err)
		}
	}
	return path, db
}

func TestUpgradeFromRelease(t *testing.T) {
	ctx := context.Background()
	path, db := schemaBefore(t, "0007")
	at := time.Date(2026, 11, 30, 8, 15, 0, 0, time.UTC)
	for _, stmt := range []string{
		`INSERT INTO audit_log (at, user, action, detail) VALUES ('` + fmtTS(at) + `', 'anna', 'login', '')`,
		`INSERT INTO campaigns (id, provider, name, name_fold, counting, threshold, count_facilities, start, deadline, created_at, version)
			VALUES (1, 'DG', 'DG Nord', 'dg nord', 'households', 0.33, 0, '2026-01-01', '2026-03-31', '` + fmtTS(at) + `', 1)`,
		`INSERT INTO areas (id, kind, name, geom, min_lon, min_lat, max_lon, max_lat) VALUES
			(1, 'district', 'Nord', x'00', 0, 0, 1, 1), (2, 'district', 'Süd', x'00', 0, 0, 1, 1), (3, 'district', 'West', x'00', 0, 0, 1, 1)`,
		`INSERT INTO campaign_areas (campaign_id, area_id, position, status, provider_denominator) VALUES
			(1, 1, 0, 'reached', 380), (1, 2, 1, 'extended', 0), (1, 3, 2, 'planned', 0)`,
		`INSERT INTO addresses (id, key, lon, lat, households) VALUES (1, 'a1', 0.5, 0.5, 3), (2, 'a2', 0.5, 0.5, 1)`,
		`INSERT INTO assignments (address_id, area_id) VALUES (1, 1), (2, 3)`,
		`INSERT INTO campaign_extensions (campaign_id, deadline, decided, reason) VALUES
			(1, '2026-04-30', '2026-03-20', 'Ferien'), (1, '2026-05-31', '2026-04-25', 'Infoabend')`,
		`INSERT INTO api_tokens (name, name_fold, campaign_id, token_hash, created_at, created_by, last_used, revoked_at)
			VALUES ('Neu', 'neu', 1, x'01', '` + fmtTS(at) + `', 'anna', '', '')`,
		`INSERT INTO api_tokens (name, name_fold, campaign_id, token_hash, created_at, created_by, last_used, revoked_at)
			VALUES ('Alt', 'alt', 1, x'02', '` + fmtTS(at) + `', 'anna', '` + fmtTS(at.Add(time.Hour)) + `', '` + fmtTS(at.Add(2*time.Hour)) + `')`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
	}
	db.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	audit, err := s.Audit(ctx, 10)
	if err != nil || len(audit) != 1 || audit[0].User != "anna" || !audit[0].At.Equal(at) {
		t.Fatalf("audit after upgrade: %+v %v", audit, err)
	}
	toks, err := s.Tokens(ctx)
	if err != nil || len(toks) != 2 {
		t.Fatalf("tokens after upgrade: %+v %v", toks, err)
	}
	alt, neu := toks[0], toks[1]
	if !neu.LastUsed.IsZero() || !neu.RevokedAt.IsZero() || !alt.LastUsed.Equal(at.Add(time.Hour)) || !alt.RevokedAt.Equal(at.Add(2*time.Hour)) {
		t.Errorf("tokens after upgrade: %+v", toks)
	}
	// The campaign's state became dated events (0009): its extensions on
	// their decision days, its statuses running from the start and, where
	// further, on the day of the upgrade; the provider denominator from the
	// start. Today's state is unchanged.
	c, err := s.Campaign(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Extensions) != 2 || c.CurrentDeadline().Format(time.DateOnly) != "2026-05-31" || c.Extensions[0].Reason != "Ferien" ||
		c.Extensions[0].Decided.Format(time.DateOnly) != "2026-03-20" {
		t.Errorf("extensions after upgrade: %+v", c.Extensions)
	}
	if st := []string{string(c.Areas[0].Status), string(c.Areas[1].Status), string(c.Areas[2].Status)}; st[0] != "reached" || st[1] != "extended" ||
		st[2] != "planned" || c.Areas[0].ProviderDenominator != 380 {
		t.Errorf("areas after upgrade: %+v", c.Areas)
	}
	if len(c.Events) != 7 {
		t.Errorf("events after upgrade: %d, want 2 deadline + 2 running + 2 further + 1 denominator: %+v", len(c.Events), c.Events)
	}
	before := c.AsOf(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	if before.Areas[0].Status != "running" || before.Areas[1].Status != "running" || before.Areas[2].Status != "planned" ||
		len(before.Extensions) != 0 || before.Areas[0].ProviderDenominator != 380 {
		t.Errorf("as of 2026-02-01 after upgrade: %+v, extensions %+v", before.Areas, before.Extensions)
	}
	if mid := c.AsOf(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)); mid.CurrentDeadline().Format(time.DateOnly) != "2026-04-30" {
		t.Errorf("deadline as of 2026-04-01: %v", mid.CurrentDeadline())
	}

	// The areas table was rebuilt (0012) with its IDs: the assignments and
	// campaign areas that reference it are all still there.
	var as []geo.Assignment
	for a, err := range s.Assignments(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		as = append(as, a)
	}
	if len(as) != 2 || as[0] != (geo.Assignment{AddressID: 1, AreaID: 1}) || as[1] != (geo.Assignment{AddressID: 2, AreaID: 3}) {
		t.Errorf("assignments after the rebuild of areas: %+v", as)
	}
	var fk int
	if err := s.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys after the migrations: %d %v, want on", fk, err)
	}

	// The unused token works and is marked used; the revoked one does not.
	if u, err := s.UseToken(ctx, []byte{1}, at.Add(3*time.Hour)); err != nil || !u.LastUsed.Equal(at.Add(3*time.Hour)) {
		t.Errorf("use the upgraded token: %+v %v", u, err)
	}
	if _, err := s.UseToken(ctx, []byte{2}, at.Add(3*time.Hour)); err == nil {
		t.Error("the revoked token works after the upgrade")
	}
}
