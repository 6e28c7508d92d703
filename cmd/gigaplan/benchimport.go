package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/data/demo"
	"gigaplan/data/postgres"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
)

// benchImport generates an HK-DE 4.2 file of n addresses spread over the
// demo town, imports it into a new database holding the demo town's areas
// (SQLite, or a new schema on a PostgreSQL database), and reports the
// times: parse and write (one transaction), then the overlay. As the
// baseline it loads the same addresses, as CSV of the imported columns,
// into a second new database with the store's own bulk path (the sqlite3
// shell's .import, PostgreSQL's COPY) and reports the ratio of the import
// (parse, write and overlay) to that load.
func benchImport(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("bench import")
	rows := fs.Int("rows", 1_000_000, "number of HK-DE rows")
	keep := fs.String("keep", "", "keep the generated HK-DE file at this path")
	storeKind := fs.String("store", "sqlite", "sqlite or postgres")
	pgURL := fs.String("pg", "", "PostgreSQL database for --store postgres (postgres://…; default: --db or GIGAPLAN_DB if it is one)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the import (parse, write, overlay) to this file")
	noBaseline := fs.Bool("no-baseline", false, "skip the baseline load")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *rows < 1 {
		return usagef("bench import: --rows ≥ 1")
	}
	switch *storeKind {
	case "sqlite":
	case "postgres":
		if *pgURL == "" && postgres.IsURL(cfg.DBPath) {
			*pgURL = cfg.DBPath
		}
		if !postgres.IsURL(*pgURL) {
			return usagef("bench import: --store postgres braucht eine PostgreSQL-Datenbank (--pg postgres://… oder --db/GIGAPLAN_DB)")
		}
	default:
		return usagef("bench import: --store sqlite oder postgres, nicht %q", *storeKind)
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

	// open opens a new, empty store: a file in dir, or a schema that
	// the returned function drops.
	open := func(name string) (geo.Store, func(), error) {
		if *storeKind == "sqlite" {
			st, err := sqlite.Open(ctx, filepath.Join(dir, name+".db"))
			if err != nil {
				return nil, nil, err
			}
			return st, func() { st.Close() }, nil
		}
		u, drop, err := postgres.BenchSchema(ctx, *pgURL)
		if err != nil {
			return nil, nil, err
		}
		st, err := postgres.Open(ctx, u)
		if err != nil {
			drop()
			return nil, nil, err
		}
		return st, func() { st.Close(); drop() }, nil
	}
	st, closeStore, err := open("bench")
	if err != nil {
		return err
	}
	defer func() { closeStore() }() // the one set last
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
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start = time.Now()
	sum, err := svc.ImportAddresses(ctx, []geo.Source{{Name: file, R: bar.reader(f)}}, geo.ParseOptions{})
	bar.finish()
	if err != nil {
		return err
	}
	total := time.Since(start)
	if *cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	load := total - sum.Overlay.Duration
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Fprintf(e.stdout, "store:              %s\n", *storeKind)
	fmt.Fprintf(e.stdout, "HK-DE file:         %s rows, %.0f MB, generated in %s\n", formatInt(int64(*rows)), float64(fi.Size())/1e6, gen.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "parse + write:      %s (%s rows/s, one transaction)\n", load.Round(time.Millisecond), formatInt(int64(float64(sum.Imported)/load.Seconds())))
	fmt.Fprintf(e.stdout, "overlay:            %s (%s assignments against %d areas)\n", sum.Overlay.Duration.Round(time.Millisecond),
		formatInt(int64(sum.Overlay.Assignments)), sum.Overlay.Areas)
	fmt.Fprintf(e.stdout, "import total:       %s\n", total.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "peak memory (RSS):  %d MB\n", ru.Maxrss/1024)
	if *noBaseline {
		return nil
	}
	closeStore()
	closeStore = func() {}

	csvFile := filepath.Join(dir, "addresses.csv")
	n, err := writeAddressCSV(ctx, file, csvFile, *storeKind == "sqlite")
	if err != nil {
		return err
	}
	base, closeBase, err := open("baseline")
	if err != nil {
		return err
	}
	defer closeBase()
	var took time.Duration
	var how string
	switch b := base.(type) {
	case *sqlite.Store:
		how = "sqlite3 .import"
		sqlite3, err := exec.LookPath("sqlite3")
		if err != nil {
			fmt.Fprintf(e.stdout, "baseline:           skipped: the sqlite3 shell is not installed (apt-get install sqlite3)\n")
			return nil
		}
		path := b.Path()
		b.Close()
		start = time.Now()
		cmd := exec.CommandContext(ctx, sqlite3, path)
		cmd.Stdin = strings.NewReader(".mode csv\n.import " + csvFile + " addresses\n")
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			return fmt.Errorf("baseline: sqlite3 .import: %v: %s", err, out)
		}
		took = time.Since(start)
	case *postgres.Store:
		how = "COPY … FROM STDIN (csv)"
		cf, err := os.Open(csvFile)
		if err != nil {
			return err
		}
		defer cf.Close()
		start = time.Now()
		if _, err := b.CopyAddressesCSV(ctx, cf); err != nil {
			return err
		}
		took = time.Since(start)
	}
	fmt.Fprintf(e.stdout, "baseline:           %s (%s rows by %s into an empty addresses table, same schema)\n", took.Round(time.Millisecond), formatInt(n), how)
	fmt.Fprintf(e.stdout, "ratio:              %.1f× (import total / baseline)\n", total.Seconds()/took.Seconds())
	return nil
}

// writeAddressCSV parses the HK-DE file in and writes its addresses to out
// as CSV rows of the columns an import writes (sqlstore.AddressImportCols),
// without a header, every text quoted. For SQLite, whose shell's .import
// fills every column of the table in order, each row starts with its ID
// (1, 2, …, as the import assigns them) and booleans are 0/1; for
// PostgreSQL booleans are t/f. It returns the number of rows.
func writeAddressCSV(ctx context.Context, in, out string, forSQLite bool) (int64, error) {
	f, err := os.Open(in)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	o, err := os.Create(out)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(o, 1<<20)
	var n int64
	var buf []byte
	for a, err := range geo.ReadAddresses(in, f, geo.ParseOptions{}, &geo.Report{File: in}) {
		if err != nil {
			o.Close()
			return 0, err
		}
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				o.Close()
				return 0, err
			}
		}
		if a.Type == "" {
			a.Type = geo.TypePrivate
		}
		buf = buf[:0]
		if forSQLite {
			buf = strconv.AppendInt(buf, n+1, 10)
			buf = append(buf, ',')
		}
		for i, v := range []any{a.Key, a.OI, a.AGS, a.StreetKey, a.Street, a.HouseNumber, a.Suffix,
			a.Postcode, a.City, a.Locality, a.Lon, a.Lat, a.Households, a.Businesses, string(a.Type),
			a.Quality, a.Placeholder, a.Source, geo.SearchKey(a), int64(a.SrcCRS), a.SrcX, a.SrcY} {
			if i > 0 {
				buf = append(buf, ',')
			}
			switch v := v.(type) {
			case string:
				buf = append(buf, '"')
				buf = append(buf, strings.ReplaceAll(v, `"`, `""`)...)
				buf = append(buf, '"')
			case float64:
				buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
			case int:
				buf = strconv.AppendInt(buf, int64(v), 10)
			case int64:
				buf = strconv.AppendInt(buf, v, 10)
			case bool:
				switch {
				case forSQLite && v:
					buf = append(buf, '1')
				case forSQLite:
					buf = append(buf, '0')
				case v:
					buf = append(buf, 't')
				default:
					buf = append(buf, 'f')
				}
			}
		}
		buf = append(buf, '\n')
		w.Write(buf)
		n++
	}
	if err := w.Flush(); err != nil {
		o.Close()
		return 0, err
	}
	return n, o.Close()
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
