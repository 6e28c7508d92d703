package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/geo"
)

const benchOverlayHelp = `gigaplan bench overlay – Überlagerung (Punkt in Fläche) gegen Vergleichsverfahren messen

Aufruf:
  gigaplan bench overlay [--points N] [--polygons M] [--vertices V] [--seed S] [--passes 3]
                         [--order given|hilbert|both] [--pg URL] [--python PFAD]
                         [--real [--real-areas DATEI] [--real-points DATEI] [--real-where k=v]]

Gemessen wird streng auf einem Kern: im Prozess mit GOMAXPROCS=1 und einem Worker
(Engine gebündelt, Engine Punkt für Punkt, go-geos prepared), shapely als eigener
Python-Prozess (ein Thread), PostGIS mit einem Backend ohne parallele Worker
(max_parallel_workers_per_gather = 0), ohne und mit ST_Subdivide(geom, 256).
Jedes Verfahren läuft gleich oft (--passes) über dieselben Punkte; berichtet wird der
Median (min … max), Punkte/s, das Verhältnis Engine/Verfahren und die Abweichungen
von der Engine. Laden, Indexaufbau, Python-Start und Datenübergabe sind nicht in der
Zeit. Ein Verfahren, das hier nicht läuft (kein shapely, kein --pg, kein PostGIS),
steht als »nicht verfügbar« mit Grund da.

Fall 1 ist synthetisch (--points, --polygons, --vertices, --seed). --real misst
zusätzlich echte Flächen (--real-areas, Vorgabe: die 86 Kölner Stadtteile aus
../shared/data) gegen --real-points (eine Adressdatei) oder, ohne sie, --points
Punkte gleichverteilt im umschließenden Rechteck der Flächen.

Reihenfolge (--order): »given« misst die Punkte, wie sie kommen (synthetisch und
ohne --real-points gleichverteilt in zufälliger Reihenfolge, sonst in der Reihenfolge
der Datei), »hilbert« dieselben Punkte entlang einer Hilbert-Kurve über dem Rechteck
der Flächen sortiert (benachbarte Punkte nacheinander, wie in einer nach Straßen
sortierten Adressdatei), »both« (Vorgabe) beides, jedes mit allen Verfahren.

Randregel: ein Punkt auf einer Kante gehört zur Fläche (covers). Das gilt in dem
Koordinatensystem, in dem die Überlagerung rechnet: im projizierten Quellsystem der
Flächen, wenn alle dasselbe haben, sonst in WGS84. Ein Punkt, der in EPSG:25832 genau
auf einer Kante liegt, kann nach der Umrechnung nach WGS84 daneben liegen und
umgekehrt.

Optionen:
`

// benchOverlay is "gigaplan bench overlay".
func benchOverlay(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("bench overlay")
	points := fs.Int("points", 1_000_000, "Anzahl der Punkte (synthetisch; real ohne --real-points)")
	polygons := fs.Int("polygons", 50, "Anzahl der synthetischen Flächen")
	vertices := fs.Int("vertices", 1000, "Ecken je synthetischer Fläche")
	seed := fs.Int64("seed", 1, "Zufallsstartwert")
	passes := fs.Int("passes", 3, "Durchgänge je Verfahren (Median, min, max)")
	var pgURL string
	fs.StringVar(&pgURL, "pg", "", "PostGIS-Datenbank für die PostGIS-Vergleiche (postgres://…)")
	fs.StringVar(&pgURL, "postgis", "", "wie --pg")
	python := fs.String("python", "", "Python mit shapely und numpy (Vorgabe: python3, dann /usr/bin/python3)")
	real := fs.Bool("real", false, "zusätzlich den Fall mit echten Daten messen")
	realAreas := fs.String("real-areas", "../shared/data/koeln/stadtteile.kml", "Flächendatei des echten Falls")
	realPoints := fs.String("real-points", "", "Adressdatei des echten Falls (leer: --points Punkte gleichverteilt)")
	order := fs.String("order", "both", "Reihenfolge der Punkte: given, hilbert oder both")
	realWhere := mapFlag{}
	fs.Var(realWhere, "real-where", "nur Flächen mit Eigenschaft k=v (wie import areas --where)")
	if err := noArgs(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stderr, benchOverlayHelp)
			fs.SetOutput(e.stderr)
			fs.PrintDefaults()
			return nil
		}
		return err
	}
	if *points < 1 || *polygons < 1 || *vertices < 3 || *passes < 1 {
		return usagef("bench overlay: --points ≥ 1, --polygons ≥ 1, --vertices ≥ 3, --passes ≥ 1")
	}
	orders, err := benchOrders(*order)
	if err != nil {
		return err
	}
	if err := checkPostGISURL(pgURL); err != nil {
		return err
	}
	py, pyReason := findShapelyPython(ctx, *python)
	peers := benchPeers{url: pgURL, python: py, pythonReason: pyReason, passes: *passes, orders: orders}

	areas, pts := geo.SyntheticBench(*points, *polygons, *vertices, *seed)
	title := fmt.Sprintf("synthetisch, %d Punkte × %d Flächen × %d Ecken (Seed %d), gerechnet in WGS84", *points, *polygons, *vertices, *seed)
	failed := false
	if err := peers.runOrders(ctx, e.stdout, title, "gleichverteilt, zufällige Reihenfolge", areas, pts); err != nil {
		if !errors.Is(err, errBenchMismatch) {
			return err
		}
		failed = true
	}
	if *real {
		bc, err := geo.LoadBenchCase(*realAreas, geo.ParseOptions{Where: realWhere}, *realPoints, *points, *seed)
		if err != nil {
			return err
		}
		frame := "WGS84"
		if bc.Frame != 0 {
			frame = bc.Frame.String()
		}
		title := fmt.Sprintf("echte Daten, %d Flächen (%d Ecken) aus %s, %d Punkte (%s), gerechnet in %s",
			len(bc.Areas), bc.Vertices, *realAreas, len(bc.Points), bc.PointsFrom, frame)
		given := "gleichverteilt, zufällige Reihenfolge"
		if *realPoints != "" {
			given = "wie in der Datei"
		}
		fmt.Fprintln(e.stdout)
		if err := peers.runOrders(ctx, e.stdout, title, given, bc.Areas, bc.Points); err != nil {
			if !errors.Is(err, errBenchMismatch) {
				return err
			}
			failed = true
		}
	}
	if failed {
		return geo.Errorf(geo.EINTERNAL, "bench overlay: a method disagrees with the overlay engine (see Abweichungen)")
	}
	return nil
}

// errBenchMismatch is returned by benchPeers.run when a method's answer
// differs from the engine's.
var errBenchMismatch = errors.New("bench overlay: mismatches")

// benchPeers runs every method of one case and prints it.
type benchPeers struct {
	url          string // PostGIS; "" none
	python       string // with shapely; "" none, pythonReason says why
	pythonReason string
	passes       int
	orders       []string // "given", "hilbert": the orders of the points to time, each a case of its own
}

// benchOrders parses --order.
func benchOrders(v string) ([]string, error) {
	switch v {
	case "given", "hilbert":
		return []string{v}, nil
	case "both":
		return []string{"given", "hilbert"}, nil
	}
	return nil, usagef("bench overlay: --order %q: erlaubt sind given, hilbert und both", v)
}

// runOrders runs the case once per order of b.orders: the points as
// given (described by given), then sorted along a Hilbert curve over the
// areas' box; errBenchMismatch when a method disagrees in either, after
// both.
func (b benchPeers) runOrders(ctx context.Context, w io.Writer, title, given string, areas []geo.Area, pts []orb.Point) error {
	var failed error
	for i, o := range b.orders {
		p, desc := pts, given
		if o == "hilbert" {
			var bb orb.Bound
			for k, a := range areas {
				if k == 0 {
					bb = a.Geometry.Bound()
				} else {
					bb = bb.Union(a.Geometry.Bound())
				}
			}
			p, desc = geo.SortHilbert(pts, bb), "entlang einer Hilbert-Kurve sortiert"
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		err := b.run(ctx, w, title+"; Reihenfolge: "+desc, areas, p)
		if err != nil && !errors.Is(err, errBenchMismatch) {
			return err
		}
		failed = cmp.Or(failed, err)
	}
	return failed
}

// run times every method on areas and pts (in the system the overlay runs
// in) and prints the case; errBenchMismatch when a method disagrees with
// the engine, after printing.
func (b benchPeers) run(ctx context.Context, w io.Writer, title string, areas []geo.Area, pts []orb.Point) error {
	fmt.Fprintf(w, "overlay: %s\n", title)
	fmt.Fprintf(w, "Messung:            streng 1 Kern, %d Durchgänge je Verfahren über dieselben Punkte, Median (min … max)\n", b.passes)
	fmt.Fprintf(w, "Randregel:          Punkt auf einer Kante gehört zur Fläche (covers), im System, in dem gerechnet wird\n")
	ip, err := geo.BenchInProcess(areas, pts, b.passes)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Indexaufbau:        %s, mit Teilzellen %s (nicht in der Zeit)\n", fmtDur(ip.Build), fmtDur(ip.BuildSub))
	runs := ip.Runs
	sh := geo.BenchRun{Method: "shapely", Unavailable: b.pythonReason}
	if b.python != "" {
		if sh, err = benchShapely(ctx, b.python, areas, pts, b.passes, ip.Assign); err != nil {
			return err
		}
	}
	runs = append(runs, sh)
	pg, info, err := benchPostGIS(ctx, b.url, areas, pts, b.passes, ip.Assign)
	if err != nil {
		return err
	}
	runs = append(runs, pg...)
	printBenchRuns(w, runs)
	for _, l := range info {
		fmt.Fprintln(w, l)
	}
	for _, r := range runs {
		if r.Mismatches != 0 {
			return errBenchMismatch
		}
	}
	return nil
}

// printBenchRuns prints one line per method (the first is the engine,
// the reference of the ratios and mismatches) and its note below.
func printBenchRuns(w io.Writer, runs []geo.BenchRun) {
	engine := runs[0].PPS()
	for i, r := range runs {
		if !r.Ran() {
			fmt.Fprintf(w, "%-26s nicht verfügbar: %s\n", r.Method, r.Unavailable)
			continue
		}
		line := fmt.Sprintf("%-26s %8.3f M Punkte/s  Median %s (%s … %s)", r.Method, r.PPS()/1e6, fmtDur(r.Median()), fmtDur(r.Min()), fmtDur(r.Max()))
		if i > 0 {
			line += fmt.Sprintf("  Engine/Verfahren %.1f×", engine/r.PPS())
			if r.Checked {
				line += fmt.Sprintf("  Abweichungen %d", r.Mismatches)
				if r.Boundary > 0 {
					line += fmt.Sprintf(" (dazu %d Punkte auf dem Rand, die contains auslässt)", r.Boundary)
				}
			}
		}
		fmt.Fprintln(w, line)
		if r.Note != "" {
			fmt.Fprintf(w, "%-26s   %s\n", "", r.Note)
		}
	}
}

// fmtDur rounds a duration for the bench output: µs below a second.
func fmtDur(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Microsecond).String()
	}
	return d.Round(time.Millisecond).String()
}
