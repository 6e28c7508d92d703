// Command storebench times the bulk writes of both stores: the import of
// an HK-DE file of n addresses (parse and write in one transaction), the
// overlay that follows it, and ReplaceAssignments on its own (a full
// replacement into an empty table, an unchanged set, and a small change).
//
// It uses only the stores' public API, so the same file builds against an
// earlier commit: scripts/storebench.sh runs it on two commits in one go
// (data/README.md has the figures).
//
//	go run ./data/storebench --rows 1000000 --postgres 'postgres://postgres@127.0.0.1:5432/gigaplan_bench?sslmode=disable'
//
// The PostgreSQL database is emptied first (schema public dropped and made
// anew): give it one of its own.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"gigaplan/data/demo"
	"gigaplan/data/postgres"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
)

// store is what the benchmark needs of either store.
type store interface {
	geo.Store
	Close() error
}

func main() {
	rows := flag.Int("rows", 1_000_000, "number of HK-DE rows")
	pgURL := flag.String("postgres", "", "also time PostgreSQL on this database (emptied first)")
	label := flag.String("label", "", "prefix of every output line")
	flag.Parse()
	if err := run(context.Background(), *rows, *pgURL, *label); err != nil {
		fmt.Fprintln(os.Stderr, "storebench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, rows int, pgURL, label string) error {
	dir, err := os.MkdirTemp("", "storebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "hausko.txt")
	t := demo.New(demo.DefaultSeed)
	if err := writeHKDE(file, rows, t.Municipality.Geometry.Bound()); err != nil {
		return err
	}
	areas := append(append([]geo.Area{t.Municipality}, t.Districts...), t.Zones...)

	st, err := sqlite.Open(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		return err
	}
	if err := bench(ctx, label+"sqlite", st, file, areas); err != nil {
		return err
	}
	if pgURL == "" {
		return nil
	}
	if err := resetSchema(ctx, pgURL); err != nil {
		return err
	}
	pg, err := postgres.Open(ctx, pgURL)
	if err != nil {
		return err
	}
	return bench(ctx, label+"postgres", pg, file, areas)
}

func bench(ctx context.Context, name string, st store, file string, areas []geo.Area) error {
	defer st.Close()
	if _, err := st.ImportAreas(ctx, geo.Values(areas)); err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	svc := &geo.Service{Store: st}
	start := time.Now()
	sum, err := svc.ImportAddresses(ctx, []geo.Source{{Name: file, R: f}}, geo.ParseOptions{})
	if err != nil {
		return err
	}
	total := time.Since(start)
	report := func(what string, d time.Duration, n int) {
		fmt.Printf("%-16s %-26s %8.2f s %10.0f rows/s\n", name, what, d.Seconds(), float64(n)/d.Seconds())
	}
	report("import (parse + write)", total-sum.Overlay.Duration, sum.Imported)
	report("overlay (incl. replace)", sum.Overlay.Duration, sum.Overlay.Assignments)

	var all []geo.Assignment
	for a, err := range st.Assignments(ctx) {
		if err != nil {
			return err
		}
		all = append(all, a)
	}
	if err := st.ReplaceAssignments(ctx, nil); err != nil {
		return err
	}
	start = time.Now()
	if err := st.ReplaceAssignments(ctx, all); err != nil {
		return err
	}
	report("replace: empty → all", time.Since(start), len(all))
	start = time.Now()
	if err := st.ReplaceAssignments(ctx, all); err != nil {
		return err
	}
	report("replace: unchanged", time.Since(start), len(all))
	// A small change: every 100th assignment gone.
	some := make([]geo.Assignment, 0, len(all))
	for i, a := range all {
		if i%100 != 0 {
			some = append(some, a)
		}
	}
	start = time.Now()
	if err := st.ReplaceAssignments(ctx, some); err != nil {
		return err
	}
	report("replace: 1 % removed", time.Since(start), len(all))
	return nil
}

// resetSchema empties the database at url.
func resetSchema(ctx context.Context, url string) error {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, `DROP SCHEMA public CASCADE; CREATE SCHEMA public`)
	return err
}

var streets = []string{"Hauptstraße", "Kirchstraße", "Schulstraße", "Bahnhofstraße", "Mühlenweg", "Lindenstraße",
	"Gartenstraße", "Am Bach", "Weinbergstraße", "Rheinstraße", "Goethestraße", "Schillerstraße", "Im Gässle", "Talstraße"}

// writeHKDE writes n HK-DE 4.2 records with points uniformly inside b, as
// gigaplan bench import does.
func writeHKDE(path string, n int, b orb.Bound) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		lon := b.Left() + rng.Float64()*(b.Right()-b.Left())
		lat := b.Bottom() + rng.Float64()*(b.Top()-b.Bottom())
		x, y, err := geo.UTM32.FromWGS84(lon, lat)
		if err != nil {
			f.Close()
			return err
		}
		street := i / 200
		fmt.Fprintf(w, "N;DEBWL%011d;A;08;3;17;999;%04d;%05d;%d;;32%s;%s;%s;7765%d;Musterstadt;;Ortsteil %d\n",
			i, street%11, street%100000, i%200+1, comma(x), comma(y), streets[street%len(streets)], street%10, street%11)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func comma(v float64) string { return strings.Replace(fmt.Sprintf("%.3f", v), ".", ",", 1) }
