package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"gigaplan/data/internal/sqlstore"
)

// noteSearchKeys runs before an import's upsert: it lists the staged keys
// that are new or whose search key changes (the last row of a key wins,
// as in upsertAddresses) in a temporary table; writeSearchWords rewrites
// their words after the upsert.
const noteSearchKeys = `CREATE TEMP TABLE search_changed_keys ON COMMIT DROP AS
	SELECT i.key FROM (SELECT DISTINCT ON (key) key, search_key
		FROM import_addresses ORDER BY key, ord DESC) i
	LEFT JOIN addresses a ON a.key = i.key
	WHERE a.search_key IS DISTINCT FROM i.search_key`

// searchChanged are the IDs of the keys noteSearchKeys listed, once they
// are upserted, keyed for sqlstore.WriteSearchWords's batches.
var searchChanged = []string{
	`CREATE TEMP TABLE search_changed ON COMMIT DROP AS
		SELECT a.id FROM search_changed_keys k JOIN addresses a ON a.key = k.key`,
	`ALTER TABLE search_changed ADD PRIMARY KEY (id)`,
	`ANALYZE search_changed`,
}

// writeSearchWords rewrites the words of the addresses noteSearchKeys
// listed; with all, of every address (after an import into an empty
// table, which noted nothing).
func (s *Store) writeSearchWords(ctx context.Context, tx pgx.Tx, all bool) error {
	if all {
		return writeAllSearchWords(ctx, tx)
	}
	for _, q := range searchChanged {
		if _, err := tx.Exec(ctx, q); err != nil {
			return stmtErr(ctx, err, "note changed search keys")
		}
	}
	return sqlstore.WriteSearchWords(ctx, dialect{s}, sharedQ{tx}, "search_changed")
}

// insertAllWords is migration 0014's backfill: every address's words, split
// as sqlstore.SearchWords does (the upgrade test compares the backfill
// with it).
const insertAllWords = `INSERT INTO address_words (word, search_key, address_id)
SELECT array_to_string(p.parts[i:], ' '), a.search_key, a.id
FROM addresses a
CROSS JOIN LATERAL (SELECT string_to_array(a.search_key, ' ') AS parts) p
CROSS JOIN LATERAL generate_series(2, cardinality(p.parts)) i`

// writeAllSearchWords writes the words of every address into an empty
// address_words in one statement on the server; its keys and index are
// dropped for it and built again afterwards (a sort and one join instead
// of a B-tree insert and a foreign-key check per word).
func writeAllSearchWords(ctx context.Context, tx pgx.Tx) error {
	rebuild, err := dropConstraints(ctx, tx, "address_words", "p", "f")
	if err != nil {
		return err
	}
	indexes, err := dropIndexes(ctx, tx, "address_words", "address_words_address")
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, insertAllWords); err != nil {
		return stmtErr(ctx, err, "write search words")
	}
	return createIndexes(ctx, tx, append(rebuild, indexes...))
}
