package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"gigaplan/geo"
)

// testSourceFrame imports a district and addresses from files in EPSG:25832
// with the addresses exactly on the district's edges (a slanted one and
// a straight one): in the file's metres every one is covered, so the
// overlay, running in that system, assigns all of them. In WGS84 the
// transform bends edges and points apart and a share falls outside: the
// test checks that too, so that it keeps testing what it claims.
func testSourceFrame(t *testing.T, s geo.Store) {
	ctx := context.Background()
	svc := &geo.Service{Store: s}
	const district = `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:25832"}},"features":[
{"type":"Feature","properties":{"name":"Schräg"},"geometry":{"type":"Polygon","coordinates":[[[415000,5370000],[415100,5370000],[415100,5370100],[415000,5370000]]]}}]}`
	if _, err := svc.ImportAreas(ctx, []geo.Source{{Name: "ortsteil.geojson", R: strings.NewReader(district)}}, geo.ParseOptions{Kind: geo.KindDistrict}); err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("strasse;hnr;x;y\n")
	n := 0
	for k := 1; k < 100; k++ {
		fmt.Fprintf(&csv, "Schrägweg;%d;%d;%d\n", k, 415000+k, 5370000+k) // on the hypotenuse
		fmt.Fprintf(&csv, "Randweg;%d;415100;%d.5\n", k, 5370000+k)       // on the eastern edge
		n += 2
	}
	sum, err := svc.ImportAddresses(ctx, []geo.Source{{Name: "adressen.csv", R: strings.NewReader(csv.String())}}, geo.ParseOptions{CRS: geo.UTM32})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Overlay.Frame != geo.UTM32 || sum.Overlay.Unassigned != 0 || sum.Overlay.Assignments != n {
		t.Fatalf("overlay in %s: %d of %d assigned, %d outside; want all in EPSG:25832", sum.Overlay.Frame, sum.Overlay.Assignments, n, sum.Overlay.Unassigned)
	}
	a := mustArea(t, s, geo.KindDistrict, "Schräg")
	if a.SrcCRS != geo.UTM32 || a.SrcGeometry[0][0][2] != (orb.Point{415100, 5370100}) {
		t.Fatalf("source geometry not stored: %s %v", a.SrcCRS, a.SrcGeometry)
	}
	addrs := all(t, s, geo.AddressFilter{})
	outside := 0
	ix, err := geo.NewIndex([]geo.Area{a})
	if err != nil {
		t.Fatal(err)
	}
	for _, ad := range addrs {
		if ad.SrcCRS != geo.UTM32 || ad.SrcX < 415000 || ad.SrcX > 415100 {
			t.Fatalf("source coordinates not stored: %+v", ad)
		}
		if len(ix.Locate(ad.Point(), nil)) == 0 {
			outside++
		}
	}
	if outside == 0 {
		t.Errorf("in WGS84 no point on an edge falls outside: the test no longer shows why the overlay runs in the file's system")
	}
	t.Logf("in WGS84, %d of %d points on the edges would fall outside", outside, n)
	// An address from a WGS84 file joins the frame transformed.
	sum, err = svc.ImportAddresses(ctx, []geo.Source{{Name: "wgs.csv", R: strings.NewReader("strasse;hnr;lon;lat\nMitte;1;7.8510;48.4779\n")}}, geo.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Overlay.Frame != geo.UTM32 || sum.Overlay.Assignments != n+1 {
		t.Errorf("after a WGS84 address: frame %s, %d assignments, want %d", sum.Overlay.Frame, sum.Overlay.Assignments, n+1)
	}
	// An area without a projected source puts the overlay back into WGS84.
	const wgs = `{"type":"Feature","properties":{"name":"Gewerbe"},"geometry":{"type":"Polygon","coordinates":[[[7.84,48.47],[7.86,48.47],[7.86,48.49],[7.84,48.47]]]}}`
	sum, err = svc.ImportAreas(ctx, []geo.Source{{Name: "zone.geojson", R: strings.NewReader(wgs)}}, geo.ParseOptions{Kind: geo.KindZone})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Overlay.Frame != 0 {
		t.Errorf("frame %s with a WGS84 area, want WGS84 (0)", sum.Overlay.Frame)
	}
}

// testAreaIdentity: names are unique within (municipality, kind), with a
// municipality's AGS: two towns each keep a district "Porz" through a
// re-import of either; DeleteAreas removes one with its assignments.
func testAreaIdentity(t *testing.T, s geo.Store) {
	ctx := context.Background()
	mustImportAreas(t, s,
		geo.Area{Kind: geo.KindMunicipality, Name: "Westheim", AGS: "08317001", Geometry: Square(0, 0, 1, 1)},
		geo.Area{Kind: geo.KindMunicipality, Name: "Osthausen", AGS: "08317002", Geometry: Square(1, 0, 2, 1)},
		// Two municipalities of one name differ by AGS.
		geo.Area{Kind: geo.KindMunicipality, Name: "Neustadt", AGS: "07335001", Geometry: Square(5, 5, 6, 6)},
		geo.Area{Kind: geo.KindMunicipality, Name: "Neustadt", AGS: "09575001", Geometry: Square(7, 7, 8, 8)},
	)
	munis, err := s.Areas(ctx, geo.KindMunicipality)
	if err != nil || len(munis) != 4 {
		t.Fatalf("%d municipalities, %v", len(munis), err)
	}
	west, err := geo.FindMunicipality(munis, "08317001")
	if err != nil {
		t.Fatal(err)
	}
	east, err := geo.FindMunicipality(munis, "Osthausen")
	if err != nil {
		t.Fatal(err)
	}
	if west.AGS != "08317001" || east.AGS != "08317002" {
		t.Fatalf("AGS not stored: %+v %+v", west, east)
	}
	st := mustImportAreas(t, s,
		geo.Area{Kind: geo.KindDistrict, Name: "Porz", Municipality: west.ID, Geometry: Square(0, 0, 0.5, 1)},
		geo.Area{Kind: geo.KindDistrict, Name: "Porz", Municipality: east.ID, Geometry: Square(1, 0, 2, 1)},
	)
	if st != (geo.WriteStats{Inserted: 2}) {
		t.Fatalf("two Porz: %+v", st)
	}
	st = mustImportAreas(t, s, geo.Area{Kind: geo.KindDistrict, Name: "Porz", Municipality: west.ID, Geometry: Square(0, 0, 1, 1), Source: "neu"})
	if st != (geo.WriteStats{Updated: 1}) {
		t.Fatalf("re-import of West's Porz: %+v", st)
	}
	ds, err := s.Areas(ctx, geo.KindDistrict)
	if err != nil || len(ds) != 2 {
		t.Fatalf("%d districts, %v", len(ds), err)
	}
	for _, d := range ds {
		switch d.Municipality {
		case west.ID:
			if !orb.Equal(d.Geometry, Square(0, 0, 1, 1)) || d.Source != "neu" {
				t.Errorf("West's Porz not updated: %+v", d.Area)
			}
		case east.ID:
			if !orb.Equal(d.Geometry, Square(1, 0, 2, 1)) {
				t.Errorf("Osthausen's Porz changed: %+v", d.Area)
			}
		default:
			t.Errorf("Porz in municipality %d", d.Municipality)
		}
	}
	for _, m := range []geo.Area{west, east} {
		if a, err := s.AreaIn(ctx, m.ID, "", "Porz"); err != nil || a.Municipality != m.ID || a.Kind != geo.KindDistrict {
			t.Errorf("AreaIn(%s, Porz) = %+v, %v", m.Name, a, err)
		}
	}
	if _, err := s.AreaIn(ctx, west.ID, geo.KindZone, "Porz"); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("AreaIn of a zone Porz: %v, want ENOTFOUND", err)
	}
	// AreaRefs: every area as Areas lists it, without the geometry.
	full, err := s.Areas(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	refs, err := s.AreaRefs(ctx)
	if err != nil || len(refs) != len(full) {
		t.Fatalf("AreaRefs: %d areas, %v; Areas: %d", len(refs), err, len(full))
	}
	for i, r := range refs {
		f := full[i].Area
		if r.ID != f.ID || r.Kind != f.Kind || r.Name != f.Name || r.Municipality != f.Municipality || r.AGS != f.AGS || r.Source != f.Source || r.Geometry != nil {
			t.Errorf("AreaRefs[%d] = %+v, Areas has %+v", i, r, f)
		}
	}
	mustImportAddresses(t, s, Addr("a", "Weg", "1", 1, 0))
	if err := s.ReplaceAssignments(ctx, []geo.Assignment{{AddressID: byKey(t, s, "a").ID, AreaID: ds[0].ID}}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAreas(ctx, []int64{ds[0].ID}); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.Areas(ctx, geo.KindDistrict); len(left) != 1 || left[0].ID != ds[1].ID {
		t.Errorf("after DeleteAreas: %+v", left)
	}
	for a, err := range s.Assignments(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		t.Errorf("assignment %+v outlived its area", a)
	}
	if stale, err := s.OverlayStale(ctx); err != nil || !stale {
		t.Errorf("overlay stale after DeleteAreas: %v %v", stale, err)
	}

	// An address whose AGS is not its municipality's is counted.
	b := Addr("b", "Weg", "2", 1, 0)
	b.AGS = "08317002"
	mustImportAddresses(t, s, b)
	if err := s.ReplaceAssignments(ctx, []geo.Assignment{{AddressID: byKey(t, s, "b").ID, AreaID: west.ID}}); err != nil {
		t.Fatal(err)
	}
	n, ex, err := s.AGSMismatches(ctx, 5)
	if err != nil || n != 1 || len(ex) != 1 || ex[0].Address.Key != "b" || ex[0].Municipality != "Westheim" || ex[0].AGS != "08317001" {
		t.Errorf("AGS mismatches: %d %+v %v", n, ex, err)
	}
	// The examples are the first mismatches by address ID, at most limit:
	// a matching AGS (d) and an address without AGS (e) in between are
	// passed over.
	var more []geo.Address
	for i, ags := range []string{"08317002", "08317001", "", "08317003", "08317004"} {
		m := Addr(fmt.Sprintf("m%d", i), "Gasse", fmt.Sprint(10+i), 1, 0)
		m.AGS = ags
		more = append(more, m)
	}
	mustImportAddresses(t, s, more...)
	as := []geo.Assignment{{AddressID: byKey(t, s, "b").ID, AreaID: west.ID}}
	for _, m := range more {
		as = append(as, geo.Assignment{AddressID: byKey(t, s, m.Key).ID, AreaID: west.ID})
	}
	if err := s.ReplaceAssignments(ctx, as); err != nil {
		t.Fatal(err)
	}
	n, ex, err = s.AGSMismatches(ctx, 3)
	var exKeys []string
	for _, e := range ex {
		exKeys = append(exKeys, e.Address.Key)
	}
	if err != nil || n != 4 || strings.Join(exKeys, " ") != "b m0 m3" {
		t.Errorf("AGS mismatches (limit 3): %d %v %v; want 4, examples b m0 m3", n, exKeys, err)
	}
	if err := s.ReplaceAssignments(ctx, as[:1]); err != nil {
		t.Fatal(err)
	}

	// Search within one municipality: b (and a, in none) in all, b in
	// Westheim, nothing in Osthausen.
	for _, tc := range []struct {
		muni int64
		want string
	}{{0, "a b"}, {west.ID, "b"}, {east.ID, ""}} {
		got, err := s.SearchAddressesIn(ctx, tc.muni, "weg", 10)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, a := range got {
			keys = append(keys, a.Key)
		}
		if strings.Join(keys, " ") != tc.want {
			t.Errorf("SearchAddressesIn(%d, weg) = %v, want %q", tc.muni, keys, tc.want)
		}
		// The second pass (a word inside the street) filters too.
		if got, err := s.SearchAddressesIn(ctx, tc.muni, "2", 10); err != nil || (len(got) == 1) != strings.Contains(tc.want, "b") {
			t.Errorf("SearchAddressesIn(%d, 2) = %v %v", tc.muni, got, err)
		}
	}
}
