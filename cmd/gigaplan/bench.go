package main

import (
	"context"
	"fmt"

	"gigaplan/geo"
)

func cmdBench(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) > 0 && args[0] == "import" {
		return benchImport(ctx, cfg, args[1:], e)
	}
	if len(args) > 0 && args[0] == "scale-data" {
		return benchScaleData(args[1:], e)
	}
	if len(args) == 0 || args[0] != "overlay" {
		return usagef("bench: »bench overlay« oder »bench import«")
	}
	fs := newFlagSet("bench overlay")
	points := fs.Int("points", 1_000_000, "number of random points")
	polygons := fs.Int("polygons", 50, "number of polygons")
	vertices := fs.Int("vertices", 1000, "vertices per polygon")
	seed := fs.Int64("seed", 1, "random seed")
	postgis := fs.String("postgis", "", "also time PostGIS ST_Covers on this database (postgres://…)")
	if err := noArgs(fs, args[1:]); err != nil {
		return err
	}
	if *points < 1 || *polygons < 1 || *vertices < 3 {
		return usagef("bench overlay: --points ≥ 1, --polygons ≥ 1, --vertices ≥ 3")
	}
	if err := checkPostGISURL(*postgis); err != nil {
		return err
	}
	r, err := geo.BenchOverlay(*points, *polygons, *vertices, *seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "overlay: %d points × %d polygons × %d vertices, 1 core\n", r.Points, r.Polygons, r.Vertices)
	fmt.Fprintf(e.stdout, "index build:        %s\n", r.BuildTime.Round(1e5))
	fmt.Fprintf(e.stdout, "engine:             %.2f M points/s\n", r.EnginePPS/1e6)
	fmt.Fprintf(e.stdout, "go-geos prepared:   %.2f M points/s (baseline, bbox prefilter)\n", r.BaselinePPS/1e6)
	fmt.Fprintf(e.stdout, "ratio:              %.1f×\n", r.Ratio)
	fmt.Fprintf(e.stdout, "mismatches:         %d\n", r.Mismatches)
	if r.Mismatches != 0 {
		return geo.Errorf(geo.EINTERNAL, "overlay engine disagrees with the go-geos reference on %d points", r.Mismatches)
	}
	if *postgis != "" {
		return benchPostGIS(ctx, *postgis, r, *seed, e)
	}
	return nil
}
