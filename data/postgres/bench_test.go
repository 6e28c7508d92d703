package postgres_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"gigaplan/data/postgres"
	"gigaplan/data/postgres/pgtest"
	"gigaplan/geo"
)

// TestBenchCovers checks that PostGIS's ST_Covers joins, as BenchCovers
// runs them (plain and on ST_Subdivide pieces), assign the synthetic points as the overlay engine does, uses
// the points' GiST index and leaves no schema behind.
func TestBenchCovers(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	areas, pts := geo.SyntheticBench(3000, 9, 600, 7) // 600 vertices: ST_Subdivide cuts every polygon
	// A point on a vertex belongs to the area (covers); one near an edge's
	// midpoint (rounded, so on either side) must be decided alike.
	ring := areas[0].Geometry[0][0]
	pts = append(pts, ring[0], orb.Point{(ring[1][0] + ring[2][0]) / 2, (ring[1][1] + ring[2][1]) / 2})
	polys := make([]orb.MultiPolygon, len(areas))
	for i, a := range areas {
		polys[i] = a.Geometry
	}
	ix, err := geo.NewIndex(areas)
	if err != nil {
		t.Fatal(err)
	}
	want := ix.AssignAll(pts, 1)

	before := benchSchemas(t, url)
	res, err := postgres.BenchCovers(ctx, url, polys, pts, 2)
	if err != nil {
		t.Fatalf("BenchCovers: %v", err)
	}
	for _, tc := range []struct {
		name  string
		join  postgres.CoversJoin
		index string
	}{{"plain", res.Plain, "pts_geom_idx"}, {"subdivided", res.Subdivided, "pts_geom_idx"}} {
		t.Run(tc.name, func(t *testing.T) {
			j := tc.join
			var hits int64
			for i := range pts {
				hits += int64(len(want[i]))
				if !slices.Equal(j.Assign[i], want[i]) {
					t.Errorf("point %d %v: PostGIS %v, engine %v", i, pts[i], j.Assign[i], want[i])
				}
			}
			if j.Rows != hits || hits == 0 {
				t.Errorf("rows %d, engine hits %d", j.Rows, hits)
			}
			if v := j.Assign[len(pts)-2]; !slices.Contains(v, 0) {
				t.Errorf("vertex of area 0 not covered by it: %v", v)
			}
			if plan := strings.Join(j.Plan, "\n"); !strings.Contains(plan, tc.index) {
				t.Errorf("join does not use the points' GiST index:\n%s", plan)
			}
			if len(j.Run.Passes) != 2 || j.Run.Median() <= 0 || j.Run.PPS() <= 0 || j.Run.Points != len(pts) {
				t.Errorf("run %+v", j.Run)
			}
		})
	}
	if res.Load <= 0 || res.Pieces < 2*len(polys) || !strings.Contains(res.PostGIS, "POSTGIS=") {
		t.Errorf("result: load %v, pieces %d, version %q", res.Load, res.Pieces, res.PostGIS)
	}
	// The temporary schema is gone (other benchmarks running meanwhile
	// could add one of theirs, never leave one more of ours).
	if after := benchSchemas(t, url); len(after) > len(before) {
		t.Errorf("bench schemas before %v, after %v", before, after)
	}

	if _, err := postgres.BenchCovers(ctx, url, nil, pts, 1); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("no polygons: err %v, want invalid", err)
	}
}

func benchSchemas(t *testing.T, url string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, _ := conn.Query(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'gigaplan\_bench\_%'`)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return names
}
