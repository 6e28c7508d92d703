package sqlite

import (
	"context"
	"database/sql"

	"gigaplan/data/internal/sqlstore"
)

// An address import notes the addresses it inserts, and those whose
// search key it changes, in the temporary table search_changed, by
// temporary triggers that live only in the import's transaction; their
// words (sqlstore.WriteSearchWords) are rewritten after the upserts.
const (
	createSearchChanged       = `CREATE TEMP TABLE IF NOT EXISTS search_changed (id INTEGER PRIMARY KEY)`
	clearSearchChanged        = `DELETE FROM temp.search_changed`
	createSearchInsertTrigger = `CREATE TEMP TRIGGER search_changed_insert AFTER INSERT ON main.addresses
		BEGIN INSERT OR IGNORE INTO search_changed (id) VALUES (new.id); END`
	createSearchUpdateTrigger = `CREATE TEMP TRIGGER search_changed_update AFTER UPDATE OF search_key ON main.addresses
		WHEN old.search_key <> new.search_key
		BEGIN INSERT OR IGNORE INTO search_changed (id) VALUES (new.id); END`
	dropSearchInsertTrigger = `DROP TRIGGER temp.search_changed_insert`
	dropSearchUpdateTrigger = `DROP TRIGGER temp.search_changed_update`
)

// noteSearchKeys starts noting the addresses whose words change in tx.
func noteSearchKeys(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{createSearchChanged, clearSearchChanged, createSearchInsertTrigger, createSearchUpdateTrigger} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return stmtErr(ctx, err, "note changed search keys")
		}
	}
	return nil
}

// writeSearchWords stops noting and rewrites the words of the addresses
// noted since noteSearchKeys; with all, of every address (after an import
// into an empty table, which noted nothing).
func (s *Store) writeSearchWords(ctx context.Context, tx *sql.Tx, all bool) error {
	if all {
		return writeAllSearchWords(ctx, tx)
	}
	for _, q := range []string{dropSearchInsertTrigger, dropSearchUpdateTrigger} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return stmtErr(ctx, err, "note changed search keys")
		}
	}
	if err := sqlstore.WriteSearchWords(ctx, dialect{s}, sharedQ{tx}, "temp.search_changed"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, clearSearchChanged); err != nil {
		return stmtErr(ctx, err, "note changed search keys")
	}
	return nil
}

// insertAllWords is migration 0014's backfill: every address's words, in
// the primary key's order, so that the WITHOUT ROWID table is written
// front to back. It splits as sqlstore.SearchWords does (the upgrade test
// compares the backfill with it).
const insertAllWords = `INSERT INTO address_words (word, search_key, address_id)
WITH RECURSIVE w (id, key, rest) AS (
	SELECT id, search_key, substr(search_key, instr(search_key, ' ') + 1)
	FROM addresses WHERE instr(search_key, ' ') > 0
	UNION ALL
	SELECT id, key, substr(rest, instr(rest, ' ') + 1) FROM w WHERE instr(rest, ' ') > 0
)
SELECT rest, key, id FROM w ORDER BY rest, key, id`

// writeAllSearchWords writes the words of every address into an empty
// address_words in one statement inside SQLite (no row crosses cgo), its
// secondary index built once at the end.
func writeAllSearchWords(ctx context.Context, tx *sql.Tx) error {
	rebuild, err := dropIndexes(ctx, tx, "address_words")
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(context.WithoutCancel(ctx), insertAllWords); err != nil {
		return stmtErr(ctx, err, "write search words")
	}
	return createIndexes(ctx, tx, rebuild)
}
