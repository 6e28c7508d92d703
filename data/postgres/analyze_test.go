package postgres_test

import (
	"context"
	"strconv"
	"testing"

	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// TestImportAreasAnalyzes: an area import gathers the statistics of areas
// when the table has none or when it changed as much as would make
// autovacuum analyze it (50 rows plus a tenth), and not for a few areas.
func TestImportAreasAnalyzes(t *testing.T) {
	ctx := context.Background()
	s, conn := storeAndConn(t)
	next := 0
	importN := func(n int) {
		t.Helper()
		var areas []geo.Area
		for range n {
			x := float64(next % 100)
			y := float64(next / 100)
			areas = append(areas, geo.Area{Kind: geo.KindDistrict, Name: "D" + strconv.Itoa(next), Geometry: storetest.Square(x, y, x+1, y+1)})
			next++
		}
		if _, err := s.ImportAreas(ctx, geo.Values(areas)); err != nil {
			t.Fatal(err)
		}
	}
	tuples := func() float64 {
		t.Helper()
		var n float64
		if err := conn.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'areas'::regclass`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, step := range []struct {
		add  int
		want float64
	}{
		{3, 3},    // no statistics yet: gathered
		{40, 3},   // 40 ≤ 50 + 0.3
		{60, 103}, // 60 > 50 + 0.3
		{55, 103}, // 55 ≤ 50 + 10.3
		{70, 228}, // 70 > 50 + 10.3
	} {
		importN(step.add)
		if got := tuples(); got != step.want {
			t.Fatalf("after adding %d areas (%d in all): areas has statistics for %v rows, want %v", step.add, next, got, step.want)
		}
	}
}
