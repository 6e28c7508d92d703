package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// BenchSchema creates a new, empty schema gigaplan_bench_<random> on the
// database at base and returns the URL with search_path set to it (then
// public, where PostGIS lives), and a function that drops the schema with
// everything in it: for the import benchmark, which opens a store there.
func BenchSchema(ctx context.Context, base string) (schemaURL string, drop func(), err error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, geo.Errorf(geo.EINVALID, "postgres bench: %s: %v", Redact(base), err)
	}
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return "", nil, err
	}
	schema := "gigaplan_bench_" + hex.EncodeToString(rnd[:])
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", nil, geo.Errorf(geo.EINVALID, "postgres bench: connect to %s: %v", Redact(base), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public`); err != nil {
		return "", nil, fmt.Errorf("postgres: bench: create extension postgis: %w", err)
	}
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		return "", nil, fmt.Errorf("postgres: bench: create schema: %w", err)
	}
	drop = func() {
		// Also after a cancelled ctx: leave nothing behind.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 120*time.Second)
		defer cancel()
		if conn, err := pgx.Connect(dctx, base); err == nil {
			conn.Exec(dctx, `DROP SCHEMA `+schema+` CASCADE`)
			conn.Close(dctx)
		}
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// CopyAddressesCSV loads CSV rows of sqlstore.AddressImportCols (no
// header; text quoted, so that an empty text is not NULL) into the
// addresses table with one COPY, in a transaction of its own, and returns
// the number of rows: the store's own bulk path, the import benchmark's
// baseline.
func (s *Store) CopyAddressesCSV(ctx context.Context, r io.Reader) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Conn().PgConn().CopyFrom(ctx, r, `COPY addresses (`+strings.Join(sqlstore.AddressImportCols, ", ")+`) FROM STDIN WITH (FORMAT csv)`)
		if err != nil {
			return stmtErr(ctx, err, "copy addresses")
		}
		n = tag.RowsAffected()
		return nil
	})
	return n, err
}
