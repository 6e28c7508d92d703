package sqlite

import (
	"context"
	"testing"

	"gigaplan/data/storetest"
)

// TestUpgradeSearchWords opens a database in the schema before the word
// index (migrations 0001–0013) holding addresses, and checks that Open
// fills address_words (0014) as sqlstore.SearchWords splits the keys.
func TestUpgradeSearchWords(t *testing.T) {
	ctx := context.Background()
	path, db := schemaBefore(t, "0014")
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
	var words []storetest.WordRow
	for rows.Next() {
		var w storetest.WordRow
		if err := rows.Scan(&w.AddressID, &w.Word, &w.SearchKey); err != nil {
			t.Fatal(err)
		}
		words = append(words, w)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	storetest.CheckUpgradeWords(t, s, words)
}
