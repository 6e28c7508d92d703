package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/data/demo"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
)

// benchImport generates an HK-DE 4.2 file of n addresses spread over the
// demo town, imports it into a new database holding the demo town's areas,
// and reports the times: parse and write (one transaction), then the
// overlay.
func benchImport(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("bench import")
	rows := fs.Int("rows", 1_000_000, "number of HK-DE rows")
	keep := fs.String("keep", "", "keep the generated HK-DE file at this path")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *rows < 1 {
		return usagef("bench import: --rows ≥ 1")
	}
	dir, err := os.MkdirTemp("", "gigaplan-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := *keep
	if file == "" {
		file = filepath.Join(dir, "hausko.txt")
	}
	t := demo.New(demo.DefaultSeed)
	start := time.Now()
	if err := writeHKDE(file, *rows, t.Municipality.Geometry.Bound()); err != nil {
		return err
	}
	gen := time.Since(start)
	fi, _ := os.Stat(file)

	st, err := sqlite.Open(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	areas := append(append([]geo.Area{t.Municipality}, t.Districts...), t.Zones...)
	if _, err := st.ImportAreas(ctx, geo.Values(areas)); err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	bar := newProgress(e.stderr, "Import", fi.Size())
	svc := &geo.Service{Store: st}
	start = time.Now()
	sum, err := svc.ImportAddresses(ctx, []geo.Source{{Name: file, R: bar.reader(f)}}, geo.ParseOptions{})
	bar.finish()
	if err != nil {
		return err
	}
	total := time.Since(start)
	load := total - sum.Overlay.Duration
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Fprintf(e.stdout, "HK-DE file:         %s rows, %.0f MB, generated in %s\n", formatInt(int64(*rows)), float64(fi.Size())/1e6, gen.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "parse + write:      %s (%s rows/s, one transaction)\n", load.Round(time.Millisecond), formatInt(int64(float64(sum.Imported)/load.Seconds())))
	fmt.Fprintf(e.stdout, "overlay:            %s (%s assignments against %d areas)\n", sum.Overlay.Duration.Round(time.Millisecond),
		formatInt(int64(sum.Overlay.Assignments)), sum.Overlay.Areas)
	fmt.Fprintf(e.stdout, "import total:       %s\n", total.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "peak memory (RSS):  %d MB\n", ru.Maxrss/1024)
	return nil
}

var benchStreets = []string{"Hauptstraße", "Kirchstraße", "Schulstraße", "Bahnhofstraße", "Mühlenweg", "Lindenstraße",
	"Gartenstraße", "Am Bach", "Weinbergstraße", "Rheinstraße", "Goethestraße", "Schillerstraße", "Im Gässle", "Talstraße"}

// writeHKDE writes n HK-DE 4.2 records with points uniformly inside b
// (WGS84), eastings zone-prefixed as in the official files.
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
		num := i%200 + 1
		fmt.Fprintf(w, "N;DEBWL%011d;A;08;3;17;999;%04d;%05d;%d;;32%s;%s;%s;7765%d;Musterstadt;;Ortsteil %d\n",
			i, street%11, street%100000, num, comma(x), comma(y), benchStreets[street%len(benchStreets)], street%10, street%11)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// comma formats a coordinate with three decimals and a decimal comma.
func comma(v float64) string { return strings.Replace(fmt.Sprintf("%.3f", v), ".", ",", 1) }
