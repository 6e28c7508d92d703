// Package driverbench measures bulk writes into SQLite through the
// database/sql drivers Gigaplan could use: github.com/mattn/go-sqlite3 (cgo),
// modernc.org/sqlite (C transpiled to Go) and github.com/ncruces/go-sqlite3
// (SQLite compiled to WebAssembly, then to Go).
//
// It is a separate module so that the main module does not depend on the
// drivers it did not pick. Each driver lives in its own sub-package because
// mattn and ncruces both register the driver name "sqlite3".
//
// See README.md for the command and the figures.
package driverbench

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
)

// Schema mirrors the addresses table of data/sqlite (18 data columns, a
// unique key and an index on search_key).
const Schema = `
CREATE TABLE addresses (
	id           INTEGER PRIMARY KEY,
	key          TEXT NOT NULL UNIQUE,
	oi           TEXT NOT NULL DEFAULT '',
	ags          TEXT NOT NULL DEFAULT '',
	street_key   TEXT NOT NULL DEFAULT '',
	street       TEXT NOT NULL DEFAULT '',
	house_number TEXT NOT NULL DEFAULT '',
	suffix       TEXT NOT NULL DEFAULT '',
	postcode     TEXT NOT NULL DEFAULT '',
	city         TEXT NOT NULL DEFAULT '',
	locality     TEXT NOT NULL DEFAULT '',
	lon          REAL NOT NULL,
	lat          REAL NOT NULL,
	households   INTEGER NOT NULL DEFAULT 0,
	businesses   INTEGER NOT NULL DEFAULT 0,
	type         TEXT NOT NULL DEFAULT 'private'
	             CHECK (type IN ('private','business','school','hospital','public')),
	quality      TEXT NOT NULL DEFAULT '',
	placeholder  INTEGER NOT NULL DEFAULT 0,
	source       TEXT NOT NULL DEFAULT '',
	search_key   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX addresses_search_key ON addresses (search_key);
`

const insertSQL = `INSERT INTO addresses (key, oi, ags, street_key, street, house_number, suffix,
	postcode, city, locality, lon, lat, households, businesses, type, quality, placeholder, source, search_key)
	VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`

const upsertSQL = insertSQL + `
	ON CONFLICT (key) DO UPDATE SET oi=excluded.oi, ags=excluded.ags, street_key=excluded.street_key,
	street=excluded.street, house_number=excluded.house_number, suffix=excluded.suffix,
	postcode=excluded.postcode, city=excluded.city, locality=excluded.locality, lon=excluded.lon,
	lat=excluded.lat, households=excluded.households, businesses=excluded.businesses, type=excluded.type,
	quality=excluded.quality, placeholder=excluded.placeholder, source=excluded.source,
	search_key=excluded.search_key`

// Driver names a database/sql driver.
type Driver struct {
	Name string // sql.Open driver name
	// DSN turns a file path into a data source name.
	DSN func(path string) string
}

// Open opens a file database with the pragmas Gigaplan uses: WAL,
// synchronous=NORMAL, foreign keys, a busy timeout; one connection.
func Open(tb testing.TB, d Driver, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open(d.Name, d.DSN(path))
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	for _, p := range []string{"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000", "PRAGMA cache_size=-65536"} {
		if _, err := db.Exec(p); err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
	}
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		tb.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	if _, err := db.Exec(Schema); err != nil {
		tb.Fatal(err)
	}
	return db
}

// row is one synthetic address; the strings are built once per row index.
func args(i int, gen int) []any {
	n := strconv.Itoa(i)
	street := "Hauptstraße " + strconv.Itoa(i%5000)
	return []any{
		"08317096|" + n, "DEBWL" + n, "08317096", strconv.Itoa(i % 5000), street,
		strconv.Itoa(i%300 + 1), "", "77652", "Offenburg", "Innenstadt",
		7.9 + float64(i%1000)/10000, 48.4 + float64(i/1000%1000)/10000, i%4 + gen, i % 2,
		"private", "A", 0, "hk-de.csv", "hauptstr " + strconv.Itoa(i%300+1),
	}
}

// write runs one transaction with a prepared statement over rows rows.
// With check, each row is preceded by a prepared SELECT by key (the
// cost of counting inserts and updates row by row).
func write(ctx context.Context, db *sql.DB, query string, rows, gen int, check bool) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	defer st.Close()
	var sel *sql.Stmt
	if check {
		if sel, err = tx.PrepareContext(ctx, `SELECT 1 FROM addresses WHERE key = ?`); err != nil {
			return err
		}
		defer sel.Close()
	}
	var one int
	for i := range rows {
		a := args(i, gen)
		if check {
			if err := sel.QueryRowContext(ctx, a[0]).Scan(&one); err != nil && err != sql.ErrNoRows {
				return err
			}
		}
		if _, err := st.ExecContext(ctx, a...); err != nil {
			return fmt.Errorf("row %d: %w", i, err)
		}
	}
	return tx.Commit()
}

// Sizes are the row counts benchmarked.
var Sizes = []int{100_000, 1_000_000}

// Bench runs the sub-benchmarks for one driver:
//
//	insert          plain prepared INSERT into an empty table
//	upsert          INSERT ... ON CONFLICT(key) DO UPDATE into an empty table
//	upsert-existing the same upsert over a table that has every key (all
//	                updates; 100k only)
//	upsert-select   upsert preceded by a prepared SELECT by key (empty
//	                table; 100k only)
//
// Each iteration writes into a fresh database file; the setup is not timed.
func Bench(b *testing.B, d Driver) {
	type variant struct {
		name    string
		query   string
		prefill bool
		check   bool
		maxRows int
	}
	variants := []variant{
		{name: "insert", query: insertSQL},
		{name: "upsert", query: upsertSQL},
		{name: "upsert-existing", query: upsertSQL, prefill: true, maxRows: 100_000},
		{name: "upsert-select", query: upsertSQL, check: true, maxRows: 100_000},
	}
	ctx := context.Background()
	for _, size := range Sizes {
		for _, v := range variants {
			if v.maxRows > 0 && size > v.maxRows {
				continue
			}
			b.Run(fmt.Sprintf("rows=%s/op=%s", label(size), v.name), func(b *testing.B) {
				n := 0
				for b.Loop() {
					n++
					b.StopTimer()
					db := Open(b, d, filepath.Join(b.TempDir(), "bench.db"))
					if v.prefill {
						if err := write(ctx, db, insertSQL, size, 0, false); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
					if err := write(ctx, db, v.query, size, 1, v.check); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					var n int
					if err := db.QueryRow(`SELECT count(*) FROM addresses`).Scan(&n); err != nil || n != size {
						b.Fatalf("count = %d, %v; want %d", n, err, size)
					}
					db.Close()
					b.StartTimer()
				}
				b.ReportMetric(float64(size)*float64(n)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}

func label(n int) string {
	if n%1_000_000 == 0 {
		return strconv.Itoa(n/1_000_000) + "M"
	}
	return strconv.Itoa(n/1000) + "k"
}
