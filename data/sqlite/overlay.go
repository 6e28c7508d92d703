package sqlite

import (
	"context"
	"database/sql"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// An address import into a non-empty table notes the addresses it
// inserts or moves as pending overlay work (sqlstore's overlay_pending),
// by temporary triggers that live only in the import's transaction.
const (
	createOverlayInsertTrigger = `CREATE TEMP TRIGGER overlay_note_insert
		AFTER INSERT ON main.addresses
		BEGIN INSERT INTO overlay_pending (kind, ref_id) VALUES ('address', new.id); END`
	createOverlayMoveTrigger = `CREATE TEMP TRIGGER overlay_note_move
		AFTER UPDATE OF lon, lat, src_crs, src_x, src_y ON main.addresses
		WHEN old.lon <> new.lon OR old.lat <> new.lat OR old.src_crs <> new.src_crs
			OR old.src_x <> new.src_x OR old.src_y <> new.src_y
		BEGIN INSERT INTO overlay_pending (kind, ref_id) VALUES ('address', new.id); END`
	createOverlayAGSTrigger = `CREATE TEMP TRIGGER overlay_note_ags
		AFTER UPDATE OF ags ON main.addresses WHEN old.ags <> new.ags
		BEGIN UPDATE store_totals SET ags_mismatches = -1; END`
	dropOverlayTriggers = `DROP TRIGGER IF EXISTS temp.overlay_note_insert; DROP TRIGGER IF EXISTS temp.overlay_note_move;
		DROP TRIGGER IF EXISTS temp.overlay_note_ags`
)

// noteOverlayWork starts noting the overlay's work in an address import's
// transaction: every address, when the table is empty (before is its
// size), else the inserted and moved ones, and an AGS changed (the kept
// count of mismatches is then unknown); the returned function stops.
func (s *Store) noteOverlayWork(ctx context.Context, tx *sql.Tx, before int) (stop func() error, err error) {
	if before == 0 {
		return func() error { return nil }, sqlstore.NoteAll(ctx, dialect{s}, sharedQ{tx})
	}
	for _, q := range []string{dropOverlayTriggers, createOverlayInsertTrigger, createOverlayMoveTrigger, createOverlayAGSTrigger} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, stmtErr(ctx, err, "note overlay work")
		}
	}
	return func() error {
		if _, err := tx.ExecContext(context.WithoutCancel(ctx), dropOverlayTriggers); err != nil {
			return stmtErr(ctx, err, "note overlay work")
		}
		return nil
	}, nil
}

// UpdateOverlay implements geo.Store: a Full update as ReplaceAssignments,
// else sqlstore.UpdateIncremental.
func (s *Store) UpdateOverlay(ctx context.Context, u geo.OverlayUpdate) error {
	if u.Full {
		return s.replaceAssignments(ctx, u)
	}
	return sqlstore.UpdateIncremental(ctx, dialect{s}, u)
}

// TempTable is a temporary table of the connection, emptied for each use.
func (dialect) TempTable(name, cols string) []string {
	return []string{`CREATE TEMP TABLE IF NOT EXISTS ` + name + ` (` + cols + `)`, `DELETE FROM temp.` + name}
}
