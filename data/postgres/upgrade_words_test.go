package postgres_test

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/data/postgres"
	"gigaplan/data/postgres/pgtest"
	"gigaplan/data/storetest"
)

// TestUpgradeSearchWords opens a database in the schema before the word
// index (migrations 0001–0013) holding addresses, and checks that Open
// fills address_words (0014) as sqlstore.SearchWords splits the keys.
func TestUpgradeSearchWords(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	steps, err := sqlstore.Steps(sqlstore.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if st.Name >= "0014" {
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
	for i, k := range storetest.UpgradeSearchKeys {
		if _, err := conn.Exec(ctx, `INSERT INTO addresses (id, key, lon, lat, search_key) VALUES ($1, $2, 0.5, 0.5, $2)`, i+1, k); err != nil {
			t.Fatal(err)
		}
	}
	s, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := conn.Query(ctx, `SELECT address_id, word, search_key FROM address_words ORDER BY address_id, length(word) DESC`)
	if err != nil {
		t.Fatal(err)
	}
	got := make([][]string, len(storetest.UpgradeSearchKeys))
	for rows.Next() {
		var id int
		var w, k string
		if err := rows.Scan(&id, &w, &k); err != nil {
			t.Fatal(err)
		}
		if k != storetest.UpgradeSearchKeys[id-1] {
			t.Errorf("word %q of address %d has search key %q", w, id, k)
		}
		got[id-1] = append(got[id-1], w)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for i, k := range storetest.UpgradeSearchKeys {
		if want := sqlstore.SearchWords(k); !slices.Equal(got[i], want) {
			t.Errorf("words of %q = %q, want %q", k, got[i], want)
		}
	}
	if got, err := s.SearchAddresses(ctx, "alten", 10); err != nil || len(got) != 1 || got[0].Key != "am alten markt 5" {
		t.Errorf("search after upgrade: %v %v", got, err)
	}
}
