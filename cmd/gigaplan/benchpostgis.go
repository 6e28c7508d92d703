package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/data/postgres"
	"gigaplan/geo"
)

// benchPostGIS runs the PostGIS peers (ST_Covers on the polygons as they
// are and on their ST_Subdivide pieces) on areas and pts, passes times
// each, and compares their answers with the engine's (want). A database
// that cannot be reached or lacks PostGIS makes both peers unavailable,
// with the reason; info gets the lines on version, load and plans.
func benchPostGIS(ctx context.Context, url string, areas []geo.Area, pts []orb.Point, passes int, want [][]int32) (runs []geo.BenchRun, info []string, err error) {
	plain := geo.BenchRun{Method: "postgis ST_Covers", Points: len(pts)}
	sub := geo.BenchRun{Method: fmt.Sprintf("postgis ST_Subdivide(%d)", postgres.Subdivide), Points: len(pts)}
	if url == "" {
		plain.Unavailable = "keine Datenbank angegeben (--pg postgres://…)"
		sub.Unavailable = plain.Unavailable
		return []geo.BenchRun{plain, sub}, nil, nil
	}
	polys := make([]orb.MultiPolygon, len(areas))
	for i, a := range areas {
		polys[i] = a.Geometry
	}
	pg, err := postgres.BenchCovers(ctx, url, polys, pts, passes)
	if geo.ErrorCode(err) == geo.EINVALID {
		plain.Unavailable = geo.ErrorMessage(err)
		sub.Unavailable = plain.Unavailable
		return []geo.BenchRun{plain, sub}, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	pg.Plain.Run.Compare(pg.Plain.Assign, want)
	pg.Subdivided.Run.Compare(pg.Subdivided.Assign, want)
	info = []string{
		"postgis:            " + pg.PostGIS,
		fmt.Sprintf("postgis Laden:      %s (COPY, ST_Subdivide zu %d Teilstücken, GiST-Indizes, ANALYZE; nicht in der Zeit)", pg.Load.Round(time.Millisecond), pg.Pieces),
		"postgis Plan:       " + planSummary(pg.Plain.Plan),
		"postgis Plan (256): " + planSummary(pg.Subdivided.Plan),
	}
	return []geo.BenchRun{pg.Plain.Run, pg.Subdivided.Run}, info, nil
}

// checkPostGISURL refuses a --pg value that is not a PostgreSQL URL ("" is
// fine: no PostGIS run), before the benchmark starts.
func checkPostGISURL(url string) error {
	if url != "" && !postgres.IsURL(url) {
		return usagef("bench overlay: --pg/--postgis will eine URL postgres://…")
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
