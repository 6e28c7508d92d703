package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// txFixture opens a store with addresses a1, a2 in district D and returns
// it with the IDs.
func txFixture(t *testing.T) (s *Store, a1, a2, d int64) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "tx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{
		storetest.Addr("a1", "Weg", "1", 2, 0), storetest.Addr("a2", "Weg", "2", 3, 1),
	})); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportAreas(ctx, geo.Values([]geo.Area{{Kind: geo.KindDistrict, Name: "D", Geometry: storetest.Square(0, 0, 1, 1)}})); err != nil {
		t.Fatal(err)
	}
	area, err := s.AreaByName(ctx, geo.KindDistrict, "D")
	if err != nil {
		t.Fatal(err)
	}
	ids, _, err := s.Points(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceAssignments(ctx, []geo.Assignment{{AddressID: ids[0], AreaID: area.ID}}); err != nil {
		t.Fatal(err)
	}
	return s, ids[0], ids[1], area.ID
}

// rowCount counts a table's rows behind the store's back.
func rowCount(t *testing.T, s *Store, table string) int {
	t.Helper()
	n, err := countRows(context.Background(), s.db, table)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWritesFailInsideTheirTransaction makes a statement of each write's
// transaction fail where no check of the caller's input could see it
// coming: the write must return an error and leave the store as it was
// (all or nothing), never report success.
func TestWritesFailInsideTheirTransaction(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// breakIt damages the store (behind its back).
		breakIt string
		write   func(s *Store, a1, a2, d int64) error
		// unchanged reads what the failed write must not have changed.
		unchanged func(t *testing.T, s *Store) any
	}{
		{
			name:    "address import, store totals row missing",
			breakIt: `DELETE FROM store_totals`,
			write: func(s *Store, _, _, _ int64) error {
				_, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{storetest.Addr("a3", "Weg", "3", 1, 0)}))
				return err
			},
			unchanged: func(t *testing.T, s *Store) any { return rowCount(t, s, "addresses") },
		},
		{
			name:    "assignments, store totals row missing",
			breakIt: `DELETE FROM store_totals`,
			write: func(s *Store, a1, a2, d int64) error {
				return s.ReplaceAssignments(ctx, []geo.Assignment{{AddressID: a1, AreaID: d}, {AddressID: a2, AreaID: d}})
			},
			unchanged: func(t *testing.T, s *Store) any { return rowCount(t, s, "assignments") },
		},
		{
			// An address import that changes the households of an
			// assigned address refreshes its district's totals; that
			// refresh fails here.
			name: "address import, area totals refresh fails",
			breakIt: `CREATE TRIGGER break_totals BEFORE UPDATE OF total_households ON areas
				BEGIN SELECT RAISE(ABORT, 'totals refresh broken by the test'); END`,
			write: func(s *Store, _, _, _ int64) error {
				_, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{storetest.Addr("a1", "Weg", "1", 7, 0)}))
				return err
			},
			unchanged: func(t *testing.T, s *Store) any {
				var hh int
				if err := s.db.QueryRow(`SELECT households FROM addresses WHERE key = 'a1'`).Scan(&hh); err != nil {
					t.Fatal(err)
				}
				return hh
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, a1, a2, d := txFixture(t)
			if _, err := s.db.ExecContext(ctx, tt.breakIt); err != nil {
				t.Fatal(err)
			}
			before := tt.unchanged(t, s)
			if err := tt.write(s, a1, a2, d); err == nil {
				t.Errorf("write succeeded on a broken store")
			}
			if after := tt.unchanged(t, s); after != before {
				t.Errorf("failed write changed the store: %v, before %v", after, before)
			}
		})
	}
}

// TestWritesOnClosedStore: every write on a closed store fails; none
// reports success without having written.
func TestWritesOnClosedStore(t *testing.T) {
	ctx := context.Background()
	s, a1, _, d := txFixture(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		write func() error
	}{
		{"ImportAddresses", func() error {
			_, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{storetest.Addr("a3", "Weg", "3", 1, 0)}))
			return err
		}},
		{"ImportAreas", func() error {
			_, err := s.ImportAreas(ctx, geo.Values([]geo.Area{{Kind: geo.KindZone, Name: "Z", Geometry: storetest.Square(0, 0, 1, 1)}}))
			return err
		}},
		{"ReplaceAssignments", func() error { return s.ReplaceAssignments(ctx, []geo.Assignment{{AddressID: a1, AreaID: d}}) }},
		{"ReplaceOperatorSupply", func() error {
			_, err := s.ReplaceOperatorSupply(ctx, 1, "Telekom", time.Now(), geo.Values([]geo.Supply{{AddressID: a1, Download: 1}}))
			return err
		}},
		{"AddSurvey", func() error {
			_, err := s.AddSurvey(ctx, geo.Survey{Name: "MEV", HorizonYears: 3})
			return err
		}},
		{"DeleteSession", func() error { return s.DeleteSession(ctx, []byte("x")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.write(); err == nil {
				t.Errorf("%s on a closed store: no error", tt.name)
			}
		})
	}
}

// TestParseTS: the user tables' timestamps are written fixed-width
// (fmtTS); RFC 3339 text, as written by hand or by the sqlite3 shell's
// strftime, is read too.
func TestParseTS(t *testing.T) {
	at := time.Date(2026, 2, 2, 9, 30, 15, 250_000_000, time.UTC)
	tests := []struct {
		name string
		in   string
		want time.Time
	}{
		{"fixed width", fmtTS(at), at},
		{"RFC 3339 with milliseconds", "2026-02-02T09:30:15.250Z", at},
		{"RFC 3339 without fraction", "2026-02-02T09:30:15Z", at.Truncate(time.Second)},
		{"RFC 3339 with offset", "2026-02-02T10:30:15.25+01:00", at},
		{"not a time", "gestern", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseTS(tt.in); !got.Equal(tt.want) {
				t.Errorf("parseTS(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestCheckCopyRefusesCorruptCopy: a copy that fails PRAGMA
// integrity_check is refused, even with all its tables there.
func TestCheckCopyRefusesCorruptCopy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "corrupt.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// An index that claims to be on another column than it was built
	// on: one entry that integrity_check cannot find ("row 1 missing
	// from index"), one message.
	db, err := sql.Open("sqlite3", "file:"+uriEscaper.Replace(path))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE TABLE t (a INTEGER, b INTEGER)`,
		`CREATE INDEX t_a ON t (a)`,
		`INSERT INTO t VALUES (1, 2)`,
		`PRAGMA writable_schema = ON`,
		`UPDATE sqlite_schema SET sql = 'CREATE INDEX t_a ON t (b)' WHERE name = 't_a'`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	var info BackupInfo
	if err := checkCopy(ctx, path, &info); err == nil {
		t.Errorf("checkCopy accepted a corrupt copy: %+v", info)
	}
}

// TestBackupFailureLeavesNoTemporaryFile: a backup that fails after the
// copy was written (here the rename onto a directory) removes the copy.
func TestBackupFailureLeavesNoTemporaryFile(t *testing.T) {
	ctx := context.Background()
	s, _, _, _ := txFixture(t)
	dir := t.TempDir()
	dst := filepath.Join(dir, "sicherung.db")
	if err := os.Mkdir(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(ctx, dst, true); err == nil {
		t.Fatalf("backup onto a directory succeeded")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
	if fi, err := os.Stat(dst); err != nil || !fi.IsDir() {
		t.Errorf("the target was changed: %v, %v", fi, err)
	}
}
