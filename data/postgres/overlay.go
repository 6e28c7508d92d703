package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// noteMovedAddresses runs before an import's upsert into a non-empty
// table: it notes the existing addresses whose position the staged rows
// change (the last row of a key wins, as in upsertAddresses) as pending
// overlay work; the upsert notes the ones it inserts (notePendingInsert).
const noteMovedAddresses = `INSERT INTO overlay_pending (kind, ref_id)
	SELECT 'address', a.id FROM addresses a
	JOIN (SELECT DISTINCT ON (key) key, lon, lat, src_crs, src_x, src_y
		FROM import_addresses ORDER BY key, ord DESC) i ON i.key = a.key
	WHERE a.lon <> i.lon OR a.lat <> i.lat OR a.src_crs <> i.src_crs OR a.src_x <> i.src_x OR a.src_y <> i.src_y`

// noteChangedAGS sets the kept count of AGS mismatches unknown when the
// staged rows change an existing address's AGS.
const noteChangedAGS = sqlstore.UnknownAGSMismatches + ` WHERE EXISTS (SELECT 1 FROM addresses a
	JOIN import_addresses i ON i.key = a.key WHERE a.ags <> i.ags)`

// notePendingInsert is the part of the upsert statements that notes the
// inserted addresses as pending overlay work (up: the upsert's rows).
const notePendingInsert = `, pending AS (
	INSERT INTO overlay_pending (kind, ref_id) SELECT 'address', id FROM up WHERE inserted
)`

// noteOverlayWork notes the overlay's work of an address import before
// its upsert: every address when the table is empty, else the moved ones.
func (s *Store) noteOverlayWork(ctx context.Context, tx pgx.Tx, empty bool) error {
	if empty {
		return sqlstore.NoteAll(ctx, dialect{s}, sharedQ{tx})
	}
	if _, err := tx.Exec(ctx, noteMovedAddresses); err != nil {
		return stmtErr(ctx, err, "note overlay work")
	}
	if _, err := tx.Exec(ctx, noteChangedAGS); err != nil {
		return stmtErr(ctx, err, "note overlay work")
	}
	return nil
}

// UpdateOverlay implements geo.Store: a Full update as ReplaceAssignments,
// else sqlstore.UpdateIncremental.
func (s *Store) UpdateOverlay(ctx context.Context, u geo.OverlayUpdate) error {
	if u.Full {
		return s.replaceAssignments(ctx, u)
	}
	return sqlstore.UpdateIncremental(ctx, dialect{s}, u)
}

// TempTable is a temporary table dropped at the commit.
func (dialect) TempTable(name, cols string) []string {
	return []string{`CREATE TEMP TABLE ` + name + ` (` + cols + `) ON COMMIT DROP`}
}
