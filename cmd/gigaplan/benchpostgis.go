package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/data/postgres"
	"gigaplan/geo"
)

// benchPostGIS times PostGIS's ST_Covers join on the data of the overlay
// benchmark r (regenerated from the same sizes and seed), compares its
// assignment with the engine's and prints both throughputs and their ratio.
func benchPostGIS(ctx context.Context, url string, r geo.OverlayBench, seed int64, e env) error {
	areas, pts := geo.SyntheticBench(r.Points, r.Polygons, r.Vertices, seed)
	polys := make([]orb.MultiPolygon, len(areas))
	for i, a := range areas {
		polys[i] = a.Geometry
	}
	pg, err := postgres.BenchCovers(ctx, url, polys, pts)
	if err != nil {
		return err
	}
	mismatches := 0
	for i := range pts {
		if !slices.Equal(pg.Assign[i], r.Assign[i]) {
			mismatches++
		}
	}
	fmt.Fprintf(e.stdout, "postgis:            %s\n", pg.PostGIS)
	fmt.Fprintf(e.stdout, "postgis load:       %s (COPY, GiST indexes, ANALYZE; not in the join figure)\n", pg.Load.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "postgis plan:       %s\n", planSummary(pg.Plan))
	fmt.Fprintf(e.stdout, "postgis ST_Covers:  %.2f M points/s (join %s incl. reading %d rows, 1 backend, no parallel workers)\n",
		pg.PPS()/1e6, pg.Join.Round(time.Millisecond), pg.Rows)
	fmt.Fprintf(e.stdout, "engine / postgis:   %.1f×\n", r.EnginePPS/pg.PPS())
	fmt.Fprintf(e.stdout, "postgis mismatches: %d (of %d engine hits)\n", mismatches, r.Hits)
	if mismatches != 0 {
		return geo.Errorf(geo.EINTERNAL, "PostGIS ST_Covers disagrees with the overlay engine on %d points", mismatches)
	}
	return nil
}

// checkPostGISURL refuses a --postgis value that is not a PostgreSQL URL
// ("" is fine: no PostGIS run), before the benchmark starts.
func checkPostGISURL(url string) error {
	if url != "" && !postgres.IsURL(url) {
		return usagef("bench overlay: --postgis will eine URL postgres://…")
	}
	return nil
}

// planSummary shortens an EXPLAIN to its node names: "Nested Loop ←
// Seq Scan on polys pg, Index Scan using pts_geom_idx on pts pt".
func planSummary(plan []string) string {
	var nodes []string
	for _, l := range plan {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "->"))
		if l == "" || strings.Contains(l, ":") && !strings.Contains(l, "(cost=") {
			continue // Index Cond:, Filter: …
		}
		if i := strings.Index(l, "  (cost="); i >= 0 {
			l = l[:i]
		}
		nodes = append(nodes, l)
	}
	return strings.Join(nodes, " → ")
}
