package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"gigaplan/data/demo"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
)

// TestImportKillConsistency kills `gigaplan import addresses` of 300,000
// HK-DE rows with SIGKILL at several moments — while parsing and writing,
// and right after the import's commit while its overlay runs —
// and checks that the next start leaves the old or the new state, each
// consistent: every address assigned as a fresh overlay would assign it,
// the totals as counted, the overlay not stale.
func TestImportKillConsistency(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and imports 300,000 rows several times")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "gigaplan")
	// A build without -race: the import runs as in production.
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const rows = 300_000
	t.Logf("generating %d HK-DE rows", rows)
	file := filepath.Join(dir, "hausko.txt")
	town := demo.New(demo.DefaultSeed)
	if err := writeHKDE(file, rows, town.Municipality.Geometry.Bound()); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "base.db")
	if out, err := exec.Command(bin, "--db", base, "demo").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	oldCount := addressCount(t, base)

	// The whole import, not killed: the new state, and how long it takes.
	full := filepath.Join(dir, "full.db")
	copyDB(t, base, full)
	start := time.Now()
	if out, err := exec.Command(bin, "--db", full, "import", "addresses", "--accept-changes", file).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	took := time.Since(start)
	newCount := addressCount(t, full)
	if newCount <= oldCount {
		t.Fatalf("the import added nothing: %d → %d", oldCount, newCount)
	}
	checkConsistent(t, full)

	// Kill points spread over the import (HK-DE parsing and writing take
	// most of it), and one right after its commit, during the overlay.
	tests := []struct {
		name string
		kill func(t *testing.T, cmd *exec.Cmd, db string)
	}{
		{"early", afterDelay(took / 20)},
		{"at a third", afterDelay(took / 3)},
		{"at two thirds", afterDelay(took * 2 / 3)},
		{"after the commit, during the overlay", whenStale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "gigaplan.db")
			copyDB(t, base, db)
			cmd := exec.Command(bin, "--db", db, "import", "addresses", "--accept-changes", file)
			cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			tt.kill(t, cmd, db)
			err := <-done
			// The next start: any command opens the store and catches up.
			if out, err := exec.Command(bin, "--db", db, "areas", "--format", "csv").CombinedOutput(); err != nil {
				t.Fatalf("restart: %v\n%s", err, out)
			}
			n := addressCount(t, db)
			if n != oldCount && n != newCount {
				t.Fatalf("%d addresses: neither the old %d nor the new %d", n, oldCount, newCount)
			}
			checkConsistent(t, db)
			t.Logf("killed: %v; %d addresses after restart", err != nil, n)
		})
	}
}

// afterDelay kills the process after d (if it still runs).
func afterDelay(d time.Duration) func(*testing.T, *exec.Cmd, string) {
	return func(t *testing.T, cmd *exec.Cmd, _ string) {
		time.Sleep(d)
		cmd.Process.Signal(syscall.SIGKILL)
	}
}

// whenStale kills the process as soon as the import's commit marked the
// overlay stale, i.e. while the overlay runs.
func whenStale(t *testing.T, cmd *exec.Cmd, db string) {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if stale, ok := peekStale(db); ok && stale {
			cmd.Process.Signal(syscall.SIGKILL)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Error("the overlay never became stale")
	cmd.Process.Signal(syscall.SIGKILL)
}

// peekStale reads the overlay mark of the database at path while another
// process writes it; ok is false when it could not be read.
func peekStale(path string) (stale, ok bool) {
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		return false, false
	}
	defer st.Close()
	stale, err = st.OverlayStale(context.Background())
	return stale, err == nil
}

func addressCount(t *testing.T, path string) int {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ids, _, err := st.Points(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ids)
}

// checkConsistent checks that the store at path is not stale, that a fresh
// overlay assigns exactly as stored, and that the totals are as counted.
func checkConsistent(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if stale, err := st.OverlayStale(ctx); err != nil || stale {
		t.Fatalf("after restart: overlay stale %v (%v)", stale, err)
	}
	read := func() []geo.Assignment {
		var out []geo.Assignment
		for a, err := range st.Assignments(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, a)
		}
		return out
	}
	stored := read()
	counts, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&geo.Service{Store: st}).Reassign(ctx); err != nil {
		t.Fatal(err)
	}
	if fresh := read(); !slices.Equal(stored, fresh) {
		t.Errorf("stored assignments (%d) differ from a fresh overlay (%d)", len(stored), len(fresh))
	}
	if again, err := st.Counts(ctx); err != nil || !reflect.DeepEqual(again, counts) {
		t.Errorf("totals %+v, recounted %+v (%v)", counts, again, err)
	}
	if counts.Assignments != len(stored) {
		t.Errorf("totals say %d assignments, %d stored", counts.Assignments, len(stored))
	}
}

func copyDB(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(from + ext); err == nil && !strings.HasSuffix(from, ext) {
			t.Fatalf("%s%s left behind: the base database was not closed cleanly", from, ext)
		}
	}
}
