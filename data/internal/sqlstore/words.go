package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// The word index of migration 0014: address_words holds, for each address,
// one row per later word of its search key, the word being the rest of the
// key from there ("alten markt 5", "markt 5" and "5" for "am alten markt
// 5"), so that the second part of a search ("a later word starts with q")
// is a range scan of its primary key (word, search_key, address_id)
// instead of a LIKE over every address. Whatever writes an address's
// search key rewrites its words with WriteSearchWords; SearchWords is the
// one place that splits a key (the migration's backfill does the same in
// SQL, and a test holds the two together).

// SearchWords returns the words of address_words for a search key: the
// rest of the key after each space, in order. A key as geo.NormalizeSearch
// writes it (words joined by single spaces) gives non-empty words that do
// not start with a space; a key of one word gives none.
func SearchWords(searchKey string) []string {
	var words []string
	for i := 0; i < len(searchKey); i++ {
		if searchKey[i] == ' ' {
			words = append(words, searchKey[i+1:])
		}
	}
	return words
}

// searchWordsBatch is the number of addresses WriteSearchWords reads
// before it writes their words.
const searchWordsBatch = 50_000

// WriteSearchWords replaces the words of the addresses whose IDs the table
// ids lists (its primary key id; a temporary table of the caller) in
// BulkTx's transaction q: their old words are deleted and those of their
// current search keys inserted (Dialect.Insert), in batches read along
// ids's key. An ID without an address is skipped.
func WriteSearchWords(ctx context.Context, d Dialect, q Querier, ids string) error {
	if _, err := q.Exec(ctx, `DELETE FROM address_words WHERE address_id IN (SELECT id FROM `+ids+`)`); err != nil {
		return d.Err(ctx, err, "delete search words")
	}
	type addr struct {
		id  int64
		key string
	}
	type word struct {
		word, key string
		id        int64
	}
	batch := make([]addr, 0, searchWordsBatch)
	var words []word
	last := int64(-1 << 63)
	for {
		batch = batch[:0]
		rows, err := q.Query(ctx, `SELECT c.id, a.search_key FROM `+ids+` c JOIN addresses a ON a.id = c.id
			WHERE c.id > $1 ORDER BY c.id LIMIT $2`, last, searchWordsBatch)
		if err != nil {
			return d.Err(ctx, err, "read search keys")
		}
		for rows.Next() {
			var a addr
			if err := rows.Scan(&a.id, &a.key); err != nil {
				rows.Close()
				return d.Err(ctx, err, "read search keys")
			}
			batch = append(batch, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return d.Err(ctx, err, "read search keys")
		}
		if len(batch) == 0 {
			return nil
		}
		last = batch[len(batch)-1].id
		// In index order, so that the inserts append to the index's pages
		// instead of landing all over it.
		words = words[:0]
		for _, a := range batch {
			for _, w := range SearchWords(a.key) {
				words = append(words, word{w, a.key, a.id})
			}
		}
		slices.SortFunc(words, func(x, y word) int {
			return cmp.Or(strings.Compare(x.word, y.word), strings.Compare(x.key, y.key), cmp.Compare(x.id, y.id))
		})
		i, row := 0, make([]any, 3)
		_, err = d.Insert(ctx, q, "address_words", []string{"word", "search_key", "address_id"}, func() ([]any, error) {
			if i == len(words) {
				return nil, nil
			}
			w := words[i]
			row[0], row[1], row[2] = w.word, w.key, w.id
			i++
			return row, nil
		})
		if err != nil {
			return err
		}
		if len(batch) < searchWordsBatch {
			return nil
		}
	}
}
