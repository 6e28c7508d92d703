package postgres

import (
	"context"
	"iter"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// addressImportCols are the columns an import writes, in COPY order (after
// ord, the row's position in the import).
var addressImportCols = []string{"key", "oi", "ags", "street_key", "street", "house_number", "suffix",
	"postcode", "city", "locality", "lon", "lat", "households", "businesses", "type", "quality",
	"placeholder", "source", "search_key"}

// createAddressImport is the per-transaction staging table that an import
// COPYs into.
const createAddressImport = `CREATE TEMP TABLE import_addresses (
	ord bigint NOT NULL, key text NOT NULL, oi text NOT NULL, ags text NOT NULL, street_key text NOT NULL,
	street text NOT NULL, house_number text NOT NULL, suffix text NOT NULL, postcode text NOT NULL,
	city text NOT NULL, locality text NOT NULL, lon double precision NOT NULL, lat double precision NOT NULL,
	households integer NOT NULL, businesses integer NOT NULL, type text NOT NULL, quality text NOT NULL,
	placeholder boolean NOT NULL, source text NOT NULL, search_key text NOT NULL
) ON COMMIT DROP`

// upsertAddresses moves the staged rows into addresses and returns how many
// were inserted. Of a key staged twice the last row wins; new addresses get
// their IDs in the order of their first row, as row-by-row upserts would.
// (xmax = 0) is true for a row the INSERT created, false for one that ON
// CONFLICT updated.
var upsertAddresses = `WITH src AS (
	SELECT DISTINCT ON (key) *, min(ord) OVER (PARTITION BY key) AS first
	FROM import_addresses ORDER BY key, ord DESC
), up AS (
	INSERT INTO addresses (` + strings.Join(addressImportCols, ", ") + `)
	SELECT ` + strings.Join(addressImportCols, ", ") + ` FROM src ORDER BY first
	ON CONFLICT (key) DO UPDATE SET
	oi = excluded.oi, ags = excluded.ags, street_key = excluded.street_key, street = excluded.street,
	house_number = excluded.house_number, suffix = excluded.suffix, postcode = excluded.postcode,
	city = excluded.city, locality = excluded.locality, lon = excluded.lon, lat = excluded.lat,
	households = excluded.households, businesses = excluded.businesses, type = excluded.type,
	quality = excluded.quality, placeholder = excluded.placeholder, source = excluded.source,
	search_key = excluded.search_key
	RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) FROM up`

func scanAddress(r pgx.Row) (geo.Address, error) { return sqlstore.ScanAddress(r) }

// ImportAddresses upserts every address of seq by Key in one transaction:
// the rows are COPYed into a temporary table and then inserted with ON
// CONFLICT (key) DO UPDATE. As in data/sqlite, an address whose key occurs
// twice in seq counts once as inserted and once as updated, an empty Type
// is stored as private, and an empty key or unknown type is EINVALID. An
// error from seq, or the context's error, is returned unchanged after the
// rollback. Concurrent imports do not disturb each other's counts.
func (s *Store) ImportAddresses(ctx context.Context, seq iter.Seq2[geo.Address, error]) (geo.WriteStats, error) {
	var stats geo.WriteStats
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, createAddressImport); err != nil {
			return stmtErr(ctx, err, "create import table")
		}
		next, stop := iter.Pull2(seq)
		defer stop()
		var n int64
		row := make([]any, 0, len(addressImportCols)+1)
		copied, err := copyRows(ctx, tx, "import_addresses", append([]string{"ord"}, addressImportCols...), func() ([]any, error) {
			a, err, ok := next()
			if !ok {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			if strings.TrimSpace(a.Key) == "" {
				return nil, geo.Errorf(geo.EINVALID, "address %q: empty key", a.Label())
			}
			if a.Type == "" {
				a.Type = geo.TypePrivate
			}
			if !slices.Contains(geo.AddressTypes, a.Type) {
				return nil, geo.Errorf(geo.EINVALID, "address %q: unknown type %q", a.Key, a.Type)
			}
			n++
			row = append(row[:0], n, a.Key, a.OI, a.AGS, a.StreetKey, a.Street, a.HouseNumber, a.Suffix,
				a.Postcode, a.City, a.Locality, a.Lon, a.Lat, a.Households, a.Businesses, string(a.Type),
				a.Quality, a.Placeholder, a.Source, geo.SearchKey(a))
			return row, nil
		})
		if err != nil {
			return err
		}
		// Lock the totals only now, so that concurrent imports COPY
		// side by side and queue for the upsert and the refresh.
		if err := lockTotals(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, noteChangedAddresses); err != nil {
			return stmtErr(ctx, err, "note changed addresses")
		}
		var inserted int
		if err := tx.QueryRow(ctx, upsertAddresses).Scan(&inserted); err != nil {
			return stmtErr(ctx, err, "insert addresses")
		}
		stats = geo.WriteStats{Inserted: inserted, Updated: int(copied) - inserted}
		if err := refreshTotals(ctx, tx, refreshAddressTotalsSQL); err != nil {
			return err
		}
		// An updated address may have changed its households or
		// businesses, and with them the totals of its areas; new
		// addresses have no assignments yet.
		return refreshChangedAreaTotals(ctx, tx)
	})
	if err != nil {
		return geo.WriteStats{}, err
	}
	return stats, nil
}

// copyRows COPYs the rows next returns (nil at the end) into table and
// returns their number. An error from next, and the cancellation of ctx
// (checked every ctxCheckEvery rows), abort the COPY and are returned
// unchanged; the transaction must then be rolled back. The COPY itself
// runs uncancelled, so that an abort leaves the connection usable.
func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, next func() ([]any, error)) (int64, error) {
	var srcErr error
	i := 0
	n, err := tx.CopyFrom(context.WithoutCancel(ctx), pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				srcErr = err
				return nil, err
			}
		}
		i++
		row, err := next()
		if err != nil {
			srcErr = err
		}
		return row, err
	}))
	if srcErr != nil {
		return 0, srcErr
	}
	if err != nil {
		return 0, stmtErr(ctx, err, "copy into %s", table)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return n, nil
}

// Addresses streams the addresses matching f, ordered by ID (or by
// postcode, search key and ID with f.ByStreet). The rows are read while
// the caller ranges, on a connection of the pool; stopping early releases
// it.
func (s *Store) Addresses(ctx context.Context, f geo.AddressFilter) iter.Seq2[geo.Address, error] {
	return func(yield func(geo.Address, error) bool) {
		q, args := sqlstore.AddressesQuery(f)
		rows, err := s.pool.Query(ctx, q, args...)
		if err != nil {
			yield(geo.Address{}, stmtErr(ctx, err, "list addresses"))
			return
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAddress(rows)
			if err != nil {
				yield(geo.Address{}, stmtErr(ctx, err, "scan address"))
				return
			}
			if !yield(a, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(geo.Address{}, stmtErr(ctx, err, "list addresses"))
		}
	}
}

// Points implements geo.Store: one query of id, lon and lat.
func (s *Store) Points(ctx context.Context) ([]int64, []orb.Point, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM addresses`).Scan(&n); err != nil {
		return nil, nil, stmtErr(ctx, err, "count addresses")
	}
	ids, pts := make([]int64, 0, n), make([]orb.Point, 0, n)
	rows, err := s.pool.Query(ctx, `SELECT id, lon, lat FROM addresses ORDER BY id`)
	if err != nil {
		return nil, nil, stmtErr(ctx, err, "list points")
	}
	defer rows.Close()
	var id int64
	var p orb.Point
	for rows.Next() {
		if err := rows.Scan(&id, &p[0], &p[1]); err != nil {
			return nil, nil, stmtErr(ctx, err, "scan point")
		}
		ids, pts = append(ids, id), append(pts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, stmtErr(ctx, err, "list points")
	}
	return ids, pts, nil
}
