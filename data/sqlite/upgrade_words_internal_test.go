package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/data/storetest"
)

// TestUpgradeSearchWords opens a database in the schema before the word
// index (migrations 0001–0013) holding addresses, and checks that Open
// fills address_words (0014) as sqlstore.SearchWords splits the keys.
func TestUpgradeSearchWords(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	steps, err := sqlstore.Steps(sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')`); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if st.Name >= "0014" {
			break
		}
		if _, err := db.Exec(st.SQL); err != nil {
			t.Fatalf("%s: %v", st.Name, err)
		}
		if _, err := db.Exec(`INSERT INTO migrations (name) VALUES (?)`, st.Name); err != nil {
			t.Fatal(err)
		}
	}
	for i, k := range storetest.UpgradeSearchKeys {
		if _, err := db.Exec(`INSERT INTO addresses (id, key, lon, lat, search_key) VALUES (?, ?, 0.5, 0.5, ?)`, i+1, k, k); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := db.Query(`SELECT address_id, word, search_key FROM address_words ORDER BY address_id, length(word) DESC`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
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
