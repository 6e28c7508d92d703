package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/data/postgres"
	"gigaplan/data/postgres/pgtest"
)

// schemaBefore creates a test schema holding the steps before step
// `before`, recorded as applied, and returns its URL and a connection
// (closed when the test ends).
func schemaBefore(t *testing.T, before string) (string, *pgx.Conn) {
	t.Helper()
	url := pgtest.URL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	steps, err := sqlstore.Steps(sqlstore.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if st.Name >= before {
			break
		}
		if st.SQL != "" {
			if _, err := conn.Exec(ctx, st.SQL); err != nil {
				t.Fatalf("%s: %v", st.Name, err)
			}
		}
		if _, err := conn.Exec(ctx, `INSERT INTO migrations (name) VALUES ($1)`, st.Name); err != nil {
			t.Fatal(err)
		}
	}
	return url, conn
}

// TestUpgradeCampaignEvents opens a database in the schema before the
// dated record (migrations 0001–0008) holding a campaign with statuses,
// extensions and a provider denominator, and checks that Open turns them
// into events (0009) without changing today's state.
func TestUpgradeCampaignEvents(t *testing.T) {
	ctx := context.Background()
	url, conn := schemaBefore(t, "0009")
	square := `ST_GeomFromText('MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)))', 4326)`
	for _, stmt := range []string{
		`INSERT INTO campaigns (id, provider, name, name_fold, counting, threshold, start, deadline)
			VALUES (1, 'DG', 'DG Nord', 'dg nord', 'households', 0.33, '2026-01-01', '2026-03-31')`,
		`INSERT INTO areas (id, kind, name, geom) VALUES (1, 'district', 'Nord', ` + square + `), (2, 'district', 'Süd', ` + square + `)`,
		`INSERT INTO campaign_areas (campaign_id, area_id, position, status, provider_denominator) VALUES
			(1, 1, 0, 'committed', 380), (1, 2, 1, 'extended', 0)`,
		`INSERT INTO campaign_extensions (campaign_id, deadline, decided, reason) VALUES (1, '2026-04-30', '2026-03-20', 'Ferien')`,
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
	}
	s, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.Campaign(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Events) != 6 || c.Areas[0].Status != "committed" || c.Areas[1].Status != "extended" || c.Areas[0].ProviderDenominator != 380 ||
		c.CurrentDeadline().Format(time.DateOnly) != "2026-04-30" || c.Extensions[0].Decided.Format(time.DateOnly) != "2026-03-20" {
		t.Fatalf("after upgrade: areas %+v, extensions %+v, %d events", c.Areas, c.Extensions, len(c.Events))
	}
	then := c.AsOf(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	if then.Areas[0].Status != "running" || then.Areas[1].Status != "running" || len(then.Extensions) != 0 {
		t.Errorf("as of 2026-02-01: %+v %+v", then.Areas, then.Extensions)
	}
}
