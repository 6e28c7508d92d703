package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"gigaplan/data/internal/sqlstore"
)

func TestRebind(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"none", `SELECT 1`, `SELECT 1`},
		{"numbered", `SELECT a FROM t WHERE b = $1 AND c < $2`, `SELECT a FROM t WHERE b = ?1 AND c < ?2`},
		{"repeated keeps the number", `VALUES ($1, $2, $1)`, `VALUES (?1, ?2, ?1)`},
		{"two digits", `VALUES ($10, $9)`, `VALUES (?10, ?9)`},
		{"every digit", `$0 $1 $2 $3 $4 $5 $6 $7 $8 $9`, `?0 ?1 ?2 ?3 ?4 ?5 ?6 ?7 ?8 ?9`},
		{"at the end", `LIMIT $3`, `LIMIT ?3`},
		{"dollar without digit", `SELECT '$' || x, $a FROM t`, `SELECT '$' || x, $a FROM t`},
		{"lone dollar at the end", `SELECT $`, `SELECT $`},
		{"inside a string", `SELECT 'costs $1' WHERE a = $1`, `SELECT 'costs $1' WHERE a = ?1`},
		{"inside a quoted name", `SELECT "col$1" FROM t WHERE x = $2`, `SELECT "col$1" FROM t WHERE x = ?2`},
		{"escaped quote in a string", `SELECT 'it''s $1', $1`, `SELECT 'it''s $1', ?1`},
		{"string then placeholder", `SELECT 'a' || $1`, `SELECT 'a' || ?1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rebind(tt.in); got != tt.want {
				t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := rebind(tt.in); got != tt.want { // from the cache
				t.Errorf("cached rebind(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestDialectIsUnique provokes real violations: the column is read from
// SQLite's message, and other errors are no unique violations.
func TestDialectIsUnique(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := dialect{s}
	if _, err := s.db.Exec(`CREATE TABLE u (id INTEGER PRIMARY KEY, a TEXT UNIQUE, b TEXT UNIQUE, c TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`INSERT INTO u (id, a, b, c) VALUES (1, 'x', 'y', 'z')`); err != nil {
		t.Fatal(err)
	}
	_, dupA := s.db.Exec(`INSERT INTO u (id, a, b, c) VALUES (2, 'x', 'q', 'z')`)
	_, dupPK := s.db.Exec(`INSERT INTO u (id, a, b, c) VALUES (1, 'p', 'q', 'z')`)
	_, notNull := s.db.Exec(`INSERT INTO u (id, a, b, c) VALUES (3, 'p', 'q', NULL)`)
	_, syntax := s.db.Exec(`INSERT INTO nowhere VALUES (1)`)
	tests := []struct {
		name   string
		err    error
		column string
		want   bool
	}{
		{"unique column named", dupA, "u.a", true},
		{"unique, any column", dupA, "", true},
		{"unique, other column", dupA, "u.b", false},
		{"primary key", dupPK, "u.id", true},
		{"not null is no unique violation", notNull, "", false},
		{"other error", syntax, "", false},
		{"no error", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.IsUnique(tt.err, tt.column); got != tt.want {
				t.Errorf("IsUnique(%v, %q) = %v, want %v", tt.err, tt.column, got, tt.want)
			}
		})
	}
}

// TestInsert: the bulk insert needs BulkTx's transaction, and a row the
// table refuses is named by its number.
func TestInsert(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := dialect{s}
	if _, err := s.db.Exec(`CREATE TABLE t (x INTEGER NOT NULL UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	rows := func(xs ...any) func() ([]any, error) {
		return func() ([]any, error) {
			if len(xs) == 0 {
				return nil, nil
			}
			x := xs[0]
			xs = xs[1:]
			return []any{x}, nil
		}
	}
	if _, err := d.Insert(ctx, d.Pool(), "t", []string{"x"}, rows(1)); err == nil || !strings.Contains(err.Error(), "outside a transaction") {
		t.Errorf("Insert on the pool: %v", err)
	}
	err = d.BulkTx(ctx, func(q sqlstore.Querier) error {
		_, err := d.Insert(ctx, q, "t", []string{"x"}, rows(1, 2, 2, 3))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "insert row 3 into t") {
		t.Errorf("duplicate in row 3: %v", err)
	}
	var n int64
	err = d.BulkTx(ctx, func(q sqlstore.Querier) error {
		var err error
		n, err = d.Insert(ctx, q, "t", []string{"x"}, rows(1, 2, 3))
		return err
	})
	if err != nil || n != 3 {
		t.Errorf("Insert of 3 rows: %d, %v", n, err)
	}
}
