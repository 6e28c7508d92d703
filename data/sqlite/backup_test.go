package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"gigaplan/data/sqlite"
	"gigaplan/geo"
)

func TestBackup(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	defer s.Close()
	dir := t.TempDir()
	dst := filepath.Join(dir, "copy.db")

	info, err := s.Backup(ctx, dst, false)
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if info.Integrity != "ok" || info.Bytes == 0 || info.Addresses != 0 {
		t.Errorf("Backup: %+v", info)
	}
	// The copy is one file in rollback-journal mode and opens as a store.
	if _, err := os.Stat(dst + "-wal"); err == nil {
		t.Errorf("backup left a -wal file")
	}
	c, err := sqlite.Open(ctx, dst)
	if err != nil {
		t.Fatalf("open the copy: %v", err)
	}
	c.Close()

	tests := []struct {
		name      string
		dst       string
		overwrite bool
		wantErr   error
	}{
		{"exists", dst, false, sqlite.ErrBackupExists},
		{"exists, overwrite", dst, true, nil},
		{"the database itself", s.Path(), true, nil},
		{"no such directory", filepath.Join(dir, "nope", "x.db"), false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Backup(ctx, tt.dst, tt.overwrite)
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) || geo.ErrorCode(err) != geo.EINVALID {
					t.Errorf("err = %v, want %v (invalid)", err, tt.wantErr)
				}
			case tt.name == "exists, overwrite":
				if err != nil {
					t.Errorf("err = %v", err)
				}
			default:
				if geo.ErrorCode(err) != geo.EINVALID {
					t.Errorf("err = %v, want an invalid-input error", err)
				}
			}
		})
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}
