package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
)

// TestCLIBackupWhileWriting backs up the demo database while another
// connection keeps adding sign-up entries, then restores the copy and
// checks that the CLI reads the same campaigns from it.
func TestCLIBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	c := newCLI(t)
	c.mustRun("demo")

	st, err := sqlite.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	camps, err := st.Campaigns(ctx)
	if err != nil || len(camps) == 0 {
		t.Fatalf("demo campaigns: %v, %d", err, len(camps))
	}
	before := countEntries(t, st)

	// The writer: one entry after another until the backup is done.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written int
	var werr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		camp := camps[0]
		for {
			select {
			case <-stop:
				return
			default:
			}
			e := campaigns.Entry{CampaignID: camp.ID, AreaID: camp.Areas[written%len(camp.Areas)].AreaID,
				AsOf: time.Now(), Count: 1_000_000, Source: campaigns.SourceManual, EnteredBy: "test", Comment: "backup test"}
			if _, err := st.AddEntry(ctx, e, -1, func(*campaigns.Campaign, *campaigns.Entry) error { return nil }); err != nil {
				werr = err
				return
			}
			written++
		}
	}()
	// Let the writer get going, then back up while it runs.
	for deadline := time.Now().Add(5 * time.Second); countEntries(t, st) < before+5 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	out := filepath.Join(t.TempDir(), "sicherung.db")
	got := c.mustRun("backup", "--out", out)
	close(stop)
	wg.Wait()
	if werr != nil {
		t.Fatalf("writer: %v", werr)
	}
	after := countEntries(t, st)
	t.Logf("entries: %d before, %d after, %d written during the test\n%s", before, after, written, got)

	m := regexp.MustCompile(`integrity_check ok; ([\d.]+) Adressen, (\d+) Gebiete, (\d+) Kampagnen, ([\d.]+) Einträge`).FindStringSubmatch(got)
	if m == nil || !strings.HasPrefix(got, "Sicherung geschrieben: "+out) {
		t.Fatalf("backup output:\n%s", got)
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(m[4], ".", ""))
	if n < before+5 || n > after {
		t.Errorf("backup has %d entries; want between %d and %d (a snapshot taken while writing)", n, before+5, after)
	}

	// Restore: copy the file back in place of a database and use it.
	restored := &cli{t: t, db: filepath.Join(t.TempDir(), "restored.db")}
	copyFile(t, out, restored.db)
	if a, b := restored.mustRun("campaign", "list", "--format", "csv"), c.mustRun("campaign", "list", "--format", "csv"); a != b {
		t.Errorf("campaign list after restore:\n%s\noriginal:\n%s", a, b)
	}
	if a, b := restored.mustRun("areas", "--format", "csv"), c.mustRun("areas", "--format", "csv"); a != b {
		t.Errorf("areas after restore:\n%s\noriginal:\n%s", a, b)
	}
	rst, err := sqlite.Open(ctx, restored.db)
	if err != nil {
		t.Fatal(err)
	}
	defer rst.Close()
	if got := countEntries(t, rst); got != n {
		t.Errorf("restored database has %d entries, the backup said %d", got, n)
	}
}

func TestCLIBackupRefusals(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo")
	out := filepath.Join(t.TempDir(), "b.db")
	if err := os.WriteFile(out, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := c.run("backup", "--out", out)
	if code != 1 || !strings.Contains(errs, "gibt es schon (--force überschreibt)") {
		t.Errorf("backup onto an existing file: exit %d, stderr:\n%s", code, errs)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me" {
		t.Errorf("existing file changed: %q", b)
	}
	if got := c.mustRun("backup", "--out", out, "--force"); !strings.Contains(got, "integrity_check ok") {
		t.Errorf("backup --force:\n%s", got)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".b.db.tmp-*")); len(matches) > 0 {
		t.Errorf("temporary files left behind: %v", matches)
	}

	tests := []struct {
		name     string
		db       string
		args     []string
		code     int
		inStderr []string
		notIn    string
	}{
		{"no --out", c.db, []string{"backup"}, 2, []string{"--out DATEI fehlt"}, ""},
		{"missing database", filepath.Join(t.TempDir(), "nope.db"), []string{"backup", "--out", filepath.Join(t.TempDir(), "x.db")}, 1, []string{"gibt es nicht"}, ""},
		{"postgres", "postgres://gp:geheim@db.example:5432/gigaplan?sslmode=require&search_path=gigaplan,public&pool_max_conns=20",
			[]string{"backup", "--out", "/var/backups/gigaplan.dump"}, 1,
			[]string{"pg_dump", `PGPASSWORD='xxxxx' pg_dump -Fc --exclude-table-data=public.spatial_ref_sys --schema='gigaplan' -d 'postgres://gp@db.example:5432/gigaplan?sslmode=require' -f '/var/backups/gigaplan.dump'`},
			"geheim"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cc := &cli{t: t, db: tt.db}
			code, _, errs := cc.run(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			for _, w := range tt.inStderr {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if tt.notIn != "" && strings.Contains(errs, tt.notIn) {
				t.Errorf("stderr shows %q:\n%s", tt.notIn, errs)
			}
		})
	}
}

func countEntries(t *testing.T, st *sqlite.Store) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(`SELECT count(*) FROM signup_entries`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
