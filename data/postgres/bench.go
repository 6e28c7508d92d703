package postgres

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"

	"gigaplan/geo"
)

// CoversBench is the result of BenchCovers.
type CoversBench struct {
	PostGIS string        // postgis_full_version() up to the GEOS part, e.g. "POSTGIS=3.3.2 …"
	Load    time.Duration // schema, COPY of polygons and points, ST_Subdivide, GiST indexes, ANALYZE
	Pieces  int           // rows of the subdivided polygon table
	// Plain is the ST_Covers join on the polygons as they are,
	// Subdivided the one on their ST_Subdivide pieces.
	Plain, Subdivided CoversJoin
}

// CoversJoin is one join of BenchCovers, run for every pass.
type CoversJoin struct {
	// Run holds the passes: each the join's time including reading every
	// result row, not the load.
	Run  geo.BenchRun
	Rows int64 // (point, polygon) pairs the last pass returned
	// Assign holds, per point, the indices (into polys) of the polygons
	// that cover it, ascending: the same shape as geo.Index.AssignAll.
	Assign [][]int32
	Plan   []string // EXPLAIN of the join, one line per plan line
}

// Subdivide is the vertex limit BenchCovers gives ST_Subdivide.
const Subdivide = 256

// BenchCovers loads polys and points into PostGIS on the database at url
// once and times, passes times each, the joins that find for every point
// the polygons that cover it (ST_Covers: a point on an edge belongs to the
// polygon, as in geo.Index): once on the polygons as they are, once on
// their ST_Subdivide(geom, Subdivide) pieces (DISTINCT point and polygon,
// since a point on a cut is covered by both pieces).
//
// The data goes into a new schema gigaplan_bench_<random> that is dropped
// at the end, even on failure: unlogged tables with geometry(MultiPolygon)
// and geometry(Point) columns filled by binary COPY (EWKB), the pieces
// table, a GiST index on each, ANALYZE; none of it timed. The SRID is 4326
// for any input: ST_Covers is planar, so projected coordinates work alike.
// The joins run on one backend without parallel workers
// (max_parallel_workers_per_gather = 0), to compare with the single-core
// engine figure; a pass's time includes reading every result row (the
// client decodes them in its own process meanwhile). PostGIS must be
// installed in the database.
func BenchCovers(ctx context.Context, url string, polys []orb.MultiPolygon, points []orb.Point, passes int) (CoversBench, error) {
	var res CoversBench
	if len(polys) == 0 || len(points) == 0 || passes < 1 {
		return res, geo.Errorf(geo.EINVALID, "postgis bench: no polygons, no points or passes < 1")
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return res, geo.Errorf(geo.EINVALID, "postgis bench: connect to %s: %v", Redact(url), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))

	var geomOID *uint32
	if err := conn.QueryRow(ctx, `SELECT to_regtype('geometry')::oid`).Scan(&geomOID); err != nil {
		return res, fmt.Errorf("postgres: bench: look up the geometry type: %w", err)
	}
	if geomOID == nil || *geomOID == 0 {
		return res, geo.Errorf(geo.EINVALID, "postgis bench: PostGIS is not installed in %s (CREATE EXTENSION postgis)", Redact(url))
	}
	// Binary COPY sends geometry values as EWKB, which PostGIS's binary
	// input function reads: bytea's codec passes the bytes through.
	conn.TypeMap().RegisterType(&pgtype.Type{Name: "geometry", OID: *geomOID, Codec: pgtype.ByteaCodec{}})
	var version string
	if err := conn.QueryRow(ctx, `SELECT postgis_full_version()`).Scan(&version); err != nil {
		return res, fmt.Errorf("postgres: bench: PostGIS version: %w", err)
	}
	if i := strings.Index(version, ` GEOS="`); i > 0 {
		if j := strings.Index(version[i+7:], `"`); j > 0 {
			version = version[:i+7+j+1]
		}
	}
	res.PostGIS = version

	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return res, err
	}
	schema := "gigaplan_bench_" + hex.EncodeToString(rnd[:])
	start := time.Now()
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		return res, fmt.Errorf("postgres: bench: create schema: %w", err)
	}
	defer func() {
		// Also after a cancelled ctx: leave nothing behind.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 60*time.Second)
		defer cancel()
		conn.Exec(dctx, `DROP SCHEMA `+schema+` CASCADE`)
	}()
	for _, q := range []string{
		`CREATE UNLOGGED TABLE ` + schema + `.polys (id int NOT NULL, geom geometry(MultiPolygon, 4326) NOT NULL)`,
		`CREATE UNLOGGED TABLE ` + schema + `.pts (id int NOT NULL, geom geometry(Point, 4326) NOT NULL)`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return res, fmt.Errorf("postgres: bench: create tables: %w", err)
		}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{schema, "polys"}, []string{"id", "geom"},
		pgx.CopyFromSlice(len(polys), func(i int) ([]any, error) {
			b, err := ewkb.Marshal(polys[i], 4326)
			return []any{int32(i), b}, err
		})); err != nil {
		return res, fmt.Errorf("postgres: bench: copy polygons: %w", err)
	}
	buf := make([]byte, 25)
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{schema, "pts"}, []string{"id", "geom"},
		pgx.CopyFromSlice(len(points), func(i int) ([]any, error) {
			// Encoded before the next row is asked for: one buffer does.
			return []any{int32(i), pointEWKB(buf, points[i])}, nil
		})); err != nil {
		return res, fmt.Errorf("postgres: bench: copy points: %w", err)
	}
	for _, q := range []string{
		`CREATE UNLOGGED TABLE ` + schema + `.pieces AS SELECT id, ST_Subdivide(geom, ` + fmt.Sprint(Subdivide) + `) AS geom FROM ` + schema + `.polys`,
		`CREATE INDEX ON ` + schema + `.polys USING gist (geom)`,
		`CREATE INDEX ON ` + schema + `.pieces USING gist (geom)`,
		`CREATE INDEX ON ` + schema + `.pts USING gist (geom)`,
		`ANALYZE ` + schema + `.polys`,
		`ANALYZE ` + schema + `.pieces`,
		`ANALYZE ` + schema + `.pts`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return res, fmt.Errorf("postgres: bench: %s: %w", strings.ReplaceAll(q, schema+".", ""), err)
		}
	}
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM `+schema+`.pieces`).Scan(&res.Pieces); err != nil {
		return res, fmt.Errorf("postgres: bench: count pieces: %w", err)
	}
	res.Load = time.Since(start)

	if _, err := conn.Exec(ctx, `SET max_parallel_workers_per_gather = 0`); err != nil {
		return res, fmt.Errorf("postgres: bench: %w", err)
	}
	const note = "1 Backend, max_parallel_workers_per_gather = 0, GiST-Indizes, Zeit mit Lesen aller Paare"
	res.Plain.Run = geo.BenchRun{Method: "postgis ST_Covers", Note: note, Points: len(points)}
	res.Subdivided.Run = geo.BenchRun{Method: fmt.Sprintf("postgis ST_Subdivide(%d)", Subdivide), Note: note, Points: len(points)}
	for _, j := range []struct {
		join *CoversJoin
		sql  string
	}{
		{&res.Plain, `SELECT pt.id, pg.id FROM ` + schema + `.polys pg JOIN ` + schema + `.pts pt ON ST_Covers(pg.geom, pt.geom)`},
		{&res.Subdivided, `SELECT DISTINCT pt.id, pc.id FROM ` + schema + `.pieces pc JOIN ` + schema + `.pts pt ON ST_Covers(pc.geom, pt.geom)`},
	} {
		if err := runJoin(ctx, conn, j.join, j.sql, schema, len(points), len(polys), passes); err != nil {
			return res, err
		}
	}
	return res, nil
}

// runJoin explains sql and runs it passes times, keeping the last pass's
// answer.
func runJoin(ctx context.Context, conn *pgx.Conn, j *CoversJoin, sql, schema string, npts, npolys, passes int) error {
	rows, err := conn.Query(ctx, `EXPLAIN `+sql)
	if err != nil {
		return fmt.Errorf("postgres: bench: explain: %w", err)
	}
	j.Plan, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("postgres: bench: explain: %w", err)
	}
	for i, l := range j.Plan {
		j.Plan[i] = strings.ReplaceAll(l, schema+".", "")
	}
	for range passes {
		j.Assign = make([][]int32, npts)
		j.Rows = 0
		start := time.Now()
		rows, err = conn.Query(ctx, sql)
		if err != nil {
			return fmt.Errorf("postgres: bench: join: %w", err)
		}
		var pt, pg int32
		_, err = pgx.ForEachRow(rows, []any{&pt, &pg}, func() error {
			if pt < 0 || int(pt) >= npts || pg < 0 || int(pg) >= npolys {
				return fmt.Errorf("postgres: bench: join returned ids (%d, %d) out of range", pt, pg)
			}
			j.Assign[pt] = append(j.Assign[pt], pg)
			j.Rows++
			return nil
		})
		if err != nil {
			return fmt.Errorf("postgres: bench: join: %w", err)
		}
		j.Run.Passes = append(j.Run.Passes, time.Since(start))
	}
	for _, a := range j.Assign {
		slices.Sort(a)
	}
	return nil
}

// pointEWKB writes p as little-endian EWKB with SRID 4326 into buf (25
// bytes) and returns it.
func pointEWKB(buf []byte, p orb.Point) []byte {
	buf[0] = 1                                           // little endian
	binary.LittleEndian.PutUint32(buf[1:], 0x20000000|1) // Point, with SRID
	binary.LittleEndian.PutUint32(buf[5:], 4326)
	binary.LittleEndian.PutUint64(buf[9:], math.Float64bits(p[0]))
	binary.LittleEndian.PutUint64(buf[17:], math.Float64bits(p[1]))
	return buf
}
