package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"gigaplan/data/postgres"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
)

// backuper is a store that can copy itself while the app runs.
type backuper interface {
	Backup(ctx context.Context, dst string, overwrite bool) (sqlite.BackupInfo, error)
}

var _ backuper = (*sqlite.Store)(nil)

// cmdBackup writes a consistent copy of an SQLite store (gigaplan backup
// --out FILE [--force]) and reports the copy's check. A PostgreSQL store is
// backed up with pg_dump: the command says how.
func cmdBackup(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("backup")
	out := fs.String("out", "", "backup file (SQLite)")
	force := fs.Bool("force", false, "overwrite an existing backup file")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("backup: --out DATEI fehlt")
	}
	if postgres.IsURL(cfg.DBPath) {
		return geo.Errorf(geo.EINVALID, "backup: eine PostgreSQL-Datenbank sichern Sie mit pg_dump, zum Beispiel:\n  %s\n"+
			"Zurückspielen in eine leere Datenbank mit PostGIS: pg_restore --no-owner --no-comments -d ZIEL-URL %s (siehe docs/deploy.md)",
			postgres.DumpCommand(cfg.DBPath, *out), *out)
	}
	// Opening a missing file would create an empty database and back that up.
	if _, err := os.Stat(cfg.DBPath); errors.Is(err, os.ErrNotExist) {
		return geo.Errorf(geo.EINVALID, "backup: Datenbank %s gibt es nicht", cfg.DBPath)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	b, ok := st.(backuper)
	if !ok {
		return geo.Errorf(geo.EINVALID, "backup: dieser Speicher kann sich nicht selbst sichern")
	}
	info, err := b.Backup(ctx, *out, *force)
	if errors.Is(err, sqlite.ErrBackupExists) {
		return geo.Errorf(geo.EINVALID, "backup: %s gibt es schon (--force überschreibt)", *out)
	}
	if err != nil {
		return err
	}
	mb := strings.Replace(fmt.Sprintf("%.1f", float64(info.Bytes)/1e6), ".", ",", 1)
	fmt.Fprintf(e.stdout, "Sicherung geschrieben: %s (%s MB in %s)\n", info.Path, mb, info.Duration.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "Prüfung der Kopie: integrity_check %s; %s Adressen, %s Gebiete, %s Kampagnen, %s Einträge\n",
		info.Integrity, formatInt(info.Addresses), formatInt(info.Areas), formatInt(info.Campaigns), formatInt(info.Entries))
	return nil
}
