package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gigaplan/geo"
)

// BackupInfo describes a backup written by Store.Backup, as read back from
// the copy.
type BackupInfo struct {
	Path      string
	Bytes     int64
	Duration  time.Duration // snapshot, check and rename
	Integrity string        // the copy's PRAGMA integrity_check: "ok"
	// Row counts of the copy.
	Addresses, Areas, Campaigns, Entries int64
}

// ErrBackupExists is returned (wrapped in a geo.EINVALID error) by Backup
// when the target file exists and overwrite is false.
var ErrBackupExists = errors.New("sqlite: backup file exists")

// Backup writes a consistent copy of the database to dst while other
// connections and processes go on reading and writing (VACUUM INTO: one
// read transaction, so the copy is the database as of one moment; writers
// are not blocked in WAL mode).
//
// The copy is written next to dst under a temporary name, switched to
// rollback journal mode so that it is one self-contained file, checked
// (PRAGMA integrity_check, row counts), synced and only then renamed to
// dst. An existing dst is refused (geo.EINVALID wrapping ErrBackupExists)
// unless overwrite is set; a failed backup leaves dst as it was.
func (s *Store) Backup(ctx context.Context, dst string, overwrite bool) (BackupInfo, error) {
	start := time.Now()
	info := BackupInfo{Path: dst}
	if dst == "" {
		return info, geo.Errorf(geo.EINVALID, "Sicherung: keine Zieldatei angegeben")
	}
	if same, err := sameFile(s.path, dst); err == nil && same {
		return info, geo.Errorf(geo.EINVALID, "Sicherung: das Ziel %s ist die Datenbank selbst", dst)
	}
	if !overwrite {
		if _, err := os.Lstat(dst); err == nil {
			return info, geo.Errorf(geo.EINVALID, "backup: %s exists: %w", dst, ErrBackupExists)
		}
	}
	dir := filepath.Dir(dst)
	tmpf, err := os.CreateTemp(dir, "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return info, geo.Errorf(geo.EINVALID, "Sicherung: in %s kann nicht geschrieben werden: %v", dir, err)
	}
	tmp := tmpf.Name()
	tmpf.Close()
	// VACUUM INTO wants a file that does not exist (or is empty).
	os.Remove(tmp)
	done := false
	defer func() {
		if !done {
			os.Remove(tmp)
			os.Remove(tmp + "-journal")
		}
	}()

	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return info, cerr
		}
		return info, wrapErr(err, "backup: VACUUM INTO %s", tmp)
	}
	if err := checkCopy(ctx, tmp, &info); err != nil {
		return info, err
	}
	if err := syncFile(tmp); err != nil {
		return info, fmt.Errorf("sqlite: backup: sync %s: %w", tmp, err)
	}
	if overwrite {
		err = os.Rename(tmp, dst)
	} else {
		// Link refuses an existing target, so a file that appeared
		// meanwhile is not overwritten either.
		if err = os.Link(tmp, dst); err == nil {
			os.Remove(tmp)
		} else if errors.Is(err, os.ErrExist) {
			return info, geo.Errorf(geo.EINVALID, "backup: %s exists: %w", dst, ErrBackupExists)
		}
	}
	if err != nil {
		return info, fmt.Errorf("sqlite: backup: rename to %s: %w", dst, err)
	}
	done = true
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	if fi, err := os.Stat(dst); err == nil {
		info.Bytes = fi.Size()
	}
	info.Duration = time.Since(start)
	return info, nil
}

// checkCopy opens the fresh copy at path on its own, makes it a single file
// (journal_mode=DELETE), runs the integrity check and counts its rows into
// info.
func checkCopy(ctx context.Context, path string, info *BackupInfo) error {
	db, err := sql.Open("sqlite3", "file:"+uriEscaper.Replace(path)+"?_busy_timeout=5000")
	if err != nil {
		return fmt.Errorf("sqlite: backup: open copy: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var mode string
	if err := db.QueryRowContext(ctx, `PRAGMA journal_mode=DELETE`).Scan(&mode); err != nil {
		return wrapErr(err, "backup: copy: journal mode")
	}
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return wrapErr(err, "backup: copy: integrity check")
	}
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			rows.Close()
			return wrapErr(err, "backup: copy: integrity check")
		}
		msgs = append(msgs, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return wrapErr(err, "backup: copy: integrity check")
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("sqlite: backup: the copy fails the integrity check: %v", msgs)
	}
	info.Integrity = msgs[0]
	for _, c := range []struct {
		table string
		n     *int64
	}{
		{"addresses", &info.Addresses},
		{"areas", &info.Areas},
		{"campaigns", &info.Campaigns},
		{"signup_entries", &info.Entries},
	} {
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+c.table).Scan(c.n); err != nil {
			return wrapErr(err, "backup: copy: count %s", c.table)
		}
	}
	return nil
}

// uriEscaper escapes a path for a file: URI, as dsn does.
var uriEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}
