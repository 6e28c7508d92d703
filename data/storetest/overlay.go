package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"gigaplan/geo"
)

// overlayState is what an overlay leaves, for comparing the incremental
// path with a full one.
type overlayState struct {
	Assignments []geo.Assignment
	Counts      geo.Counts
	Totals      map[int64][3]int // area ID → addresses, households, businesses
	Unassigned  int
	AGS         int
	AGSExamples []int64
	Overlaps    []string
}

func snapshotOverlay(t *testing.T, s geo.Store, sum geo.OverlaySummary) overlayState {
	t.Helper()
	ctx := context.Background()
	var st overlayState
	for a, err := range s.Assignments(ctx) {
		if err != nil {
			t.Fatalf("Assignments: %v", err)
		}
		st.Assignments = append(st.Assignments, a)
	}
	st.Counts = mustCounts(t, s)
	areas, err := s.Areas(ctx, "")
	if err != nil {
		t.Fatalf("Areas: %v", err)
	}
	st.Totals = map[int64][3]int{}
	for _, a := range areas {
		st.Totals[a.ID] = [3]int{a.Addresses, a.Households, a.Businesses}
	}
	st.Unassigned, st.AGS = sum.Unassigned, sum.AGSMismatches
	for _, m := range sum.AGSExamples {
		st.AGSExamples = append(st.AGSExamples, m.Address.ID)
	}
	for _, o := range sum.Overlaps {
		st.Overlaps = append(st.Overlaps, fmt.Sprintf("%s %s(%d) %s(%d) %.3f %d", o.Kind, o.A, o.AID, o.B, o.BID, o.AreaM2, len(o.Geometry)))
	}
	return st
}

// testIncrementalOverlay runs random imports of addresses (new, moved,
// changed households or AGS, unchanged), of areas (new, changed outline,
// unchanged) and removals of areas; after each, the incremental overlay
// must leave what a full one leaves on the same data.
func testIncrementalOverlay(t *testing.T, s geo.Store) {
	ctx := context.Background()
	svc := &geo.Service{Store: s, Workers: 2}
	rng := rand.New(rand.NewPCG(18, 3))
	// A municipality of 4 × 4 district cells of 0.01°, and a zone.
	const x0, y0, cell = 9.0, 48.0, 0.01
	mustImportAreas(t, s, geo.Area{Kind: geo.KindMunicipality, Name: "Stadt", AGS: "08000001", Geometry: Square(x0, y0, x0+4*cell, y0+4*cell)})
	muni := mustArea(t, s, geo.KindMunicipality, "Stadt").ID
	var base []geo.Area
	for i := range 4 {
		for j := range 4 {
			x, y := x0+float64(i)*cell, y0+float64(j)*cell
			base = append(base, geo.Area{Kind: geo.KindDistrict, Name: fmt.Sprintf("Ortsteil %d-%d", i, j), Municipality: muni,
				Geometry: Square(x, y, x+cell, y+cell)})
		}
	}
	base = append(base, geo.Area{Kind: geo.KindZone, Name: "Gewerbe", Municipality: muni, Geometry: Square(x0+0.5*cell, y0+0.5*cell, x0+1.5*cell, y0+1.5*cell)})
	mustImportAreas(t, s, base...)
	// point is a random position in and around the municipality; a
	// quarter of them on a grid line (an edge of a district).
	point := func() (float64, float64) {
		x, y := x0-cell/2+rng.Float64()*5*cell, y0-cell/2+rng.Float64()*5*cell
		if rng.IntN(4) == 0 {
			x = x0 + float64(rng.IntN(5))*cell
		}
		return x, y
	}
	var addrs []geo.Address
	newAddr := func() geo.Address {
		n := len(addrs)
		a := Addr(fmt.Sprintf("k%05d", n), "Weg", fmt.Sprint(n), rng.IntN(5), rng.IntN(2))
		a.Lon, a.Lat = point()
		a.AGS = []string{"08000001", "08000002", ""}[rng.IntN(3)]
		addrs = append(addrs, a)
		return a
	}
	for range 400 {
		newAddr()
	}
	mustImportAddresses(t, s, addrs...)
	if _, err := svc.Reassign(ctx); err != nil {
		t.Fatalf("Reassign: %v", err)
	}
	incremental, located := 0, 0
	for round := range 40 {
		var what string
		switch op := rng.IntN(6); {
		case op < 3:
			var batch []geo.Address
			for range 1 + rng.IntN(12) {
				switch rng.IntN(5) {
				case 0:
					batch = append(batch, newAddr())
				case 1: // moved
					i := rng.IntN(len(addrs))
					addrs[i].Lon, addrs[i].Lat = point()
					batch = append(batch, addrs[i])
				case 2: // households only
					i := rng.IntN(len(addrs))
					addrs[i].Households = rng.IntN(9)
					batch = append(batch, addrs[i])
				case 3: // AGS only
					i := rng.IntN(len(addrs))
					addrs[i].AGS = []string{"08000001", "08000002"}[rng.IntN(2)]
					batch = append(batch, addrs[i])
				default: // unchanged
					batch = append(batch, addrs[rng.IntN(len(addrs))])
				}
			}
			what = fmt.Sprintf("import of %d addresses", len(batch))
			mustImportAddresses(t, s, batch...)
		case op < 5:
			// An outline changed (it may now overlap others), a new
			// district or zone, or one imported again unchanged.
			var batch []geo.Area
			for range 1 + rng.IntN(2) {
				x, y := point()
				w, h := cell*(0.3+rng.Float64()), cell*(0.3+rng.Float64())
				switch rng.IntN(3) {
				case 0:
					i := rng.IntN(len(base))
					base[i].Geometry = Square(x, y, x+w, y+h)
					batch = append(batch, base[i])
				case 1:
					a := geo.Area{Kind: []geo.AreaKind{geo.KindDistrict, geo.KindZone}[rng.IntN(2)], Name: fmt.Sprintf("Neu %d", round),
						Municipality: muni, Geometry: Square(x, y, x+w, y+h)}
					base = append(base, a)
					batch = append(batch, a)
				default:
					batch = append(batch, base[rng.IntN(len(base))])
				}
			}
			what = fmt.Sprintf("import of %d areas", len(batch))
			mustImportAreas(t, s, batch...)
		default:
			i := rng.IntN(len(base))
			a := mustArea(t, s, base[i].Kind, base[i].Name)
			if err := s.DeleteAreas(ctx, []int64{a.ID}); err != nil {
				t.Fatalf("DeleteAreas: %v", err)
			}
			base = slices.Delete(base, i, i+1)
			what = "removal of " + a.Name
		}
		inc, err := svc.Reassign(ctx)
		if err != nil {
			t.Fatalf("round %d, %s: Reassign: %v", round, what, err)
		}
		if inc.Incremental {
			incremental++
			located += inc.Located
		}
		got := snapshotOverlay(t, s, inc)
		// The same data, every address located: ReplaceAssignments
		// forgets the frame, so the next overlay is a full one.
		if err := s.ReplaceAssignments(ctx, got.Assignments); err != nil {
			t.Fatalf("ReplaceAssignments: %v", err)
		}
		full, err := svc.Reassign(ctx)
		if err != nil {
			t.Fatalf("round %d, %s: full Reassign: %v", round, what, err)
		}
		if full.Incremental || full.Located != len(addrs) {
			t.Fatalf("round %d: full overlay: Incremental %v, Located %d, want false, %d", round, full.Incremental, full.Located, len(addrs))
		}
		want := snapshotOverlay(t, s, full)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d, after %s: incremental overlay (located %d) differs from full:\n got %+v\nwant %+v", round, what, inc.Located, got, want)
		}
		if inc.Addresses != full.Addresses || inc.Assignments != full.Assignments || inc.Areas != full.Areas {
			t.Fatalf("round %d, after %s: summary %d addresses, %d assignments, %d areas; full %d, %d, %d", round, what,
				inc.Addresses, inc.Assignments, inc.Areas, full.Addresses, full.Assignments, full.Areas)
		}
	}
	// Most rounds are small enough for the incremental path, and it
	// locates few addresses.
	if incremental < 20 || located > incremental*len(addrs)/4 {
		t.Errorf("%d of 40 overlays incremental, locating %d addresses; want ≥ 20, each under a quarter of %d", incremental, located, len(addrs))
	}
}

// testIncrementalCatchUp: an import commits and the process stops before
// its overlay; CatchUp then does the noted work, incrementally.
func testIncrementalCatchUp(t *testing.T, s geo.Store) {
	ctx := context.Background()
	svc := &geo.Service{Store: s}
	mustImportAreas(t, s, geo.Area{Kind: geo.KindDistrict, Name: "West", Geometry: Square(7.0, 48.0, 7.5, 49.0)},
		geo.Area{Kind: geo.KindDistrict, Name: "Ost", Geometry: Square(7.5, 48.0, 8.0, 49.0)})
	var as []geo.Address
	for i := range 100 {
		a := Addr(fmt.Sprintf("c%03d", i), "Weg", fmt.Sprint(i), 1, 0)
		a.Lon, a.Lat = 7.01+float64(i)*0.0098, 48.5
		as = append(as, a)
	}
	mustImportAddresses(t, s, as...)
	first, err := svc.Reassign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if first.Incremental || first.Located != 100 {
		t.Fatalf("first overlay: Incremental %v, Located %d; want a full one of 100", first.Incremental, first.Located)
	}
	// The "crash": the store's import commits, no overlay runs.
	moved := as[0]
	moved.Lon = 7.9
	added := Addr("c999", "Weg", "999", 3, 0)
	added.Lon, added.Lat = 7.2, 48.5
	mustImportAddresses(t, s, moved, added)
	if stale, err := s.OverlayStale(ctx); err != nil || !stale {
		t.Fatalf("OverlayStale = %v, %v; want true", stale, err)
	}
	sum, ran, err := svc.CatchUp(ctx)
	if err != nil || !ran {
		t.Fatalf("CatchUp = %v, %v", ran, err)
	}
	if !sum.Incremental || sum.Located != 2 {
		t.Errorf("CatchUp: Incremental %v, Located %d; want true, 2", sum.Incremental, sum.Located)
	}
	if stale, err := s.OverlayStale(ctx); err != nil || stale {
		t.Errorf("OverlayStale after CatchUp = %v, %v; want false", stale, err)
	}
	ost := mustArea(t, s, geo.KindDistrict, "Ost")
	for _, key := range []string{"c000", "c999"} {
		a := byKey(t, s, key)
		got, err := s.AssignmentsOf(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := "West"
		if key == "c000" {
			want = "Ost"
		}
		if len(got) != 1 || got[0].Name != want {
			t.Errorf("%s assigned to %v, want %s", key, got, want)
		}
	}
	sums, err := s.Areas(ctx, geo.KindDistrict)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range sums {
		if a.ID == ost.ID && (a.Addresses != 50 || a.Households != 50) {
			t.Errorf("Ost: %d addresses, %d households; want 50, 50", a.Addresses, a.Households)
		}
	}
	if c := mustCounts(t, s); c.Addresses != 101 || c.Assignments != 101 || c.Unassigned != 0 {
		t.Errorf("Counts = %+v; want 101 addresses, 101 assignments, 0 unassigned", c)
	}
	// Nothing pending: the next overlay locates nobody.
	again, err := svc.Reassign(ctx)
	if err != nil || !again.Incremental || again.Located != 0 || again.Assignments != 101 {
		t.Errorf("Reassign with nothing pending = %+v, %v; want incremental, 0 located, 101 assignments", again, err)
	}
}
