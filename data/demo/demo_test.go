package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/planar"
	"github.com/twpayne/go-geos"

	"gigaplan/geo"
)

var update = flag.Bool("update", false, "rewrite testdata/summary.golden")

var (
	townOnce sync.Once
	town     *Town
)

func defaultTown(t *testing.T) *Town {
	t.Helper()
	townOnce.Do(func() { town = New(DefaultSeed) })
	return town
}

func digest(t *testing.T, tw *Town) string {
	t.Helper()
	b, err := json.Marshal(tw)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestDeterministic(t *testing.T) {
	a := digest(t, New(DefaultSeed))
	b := digest(t, New(DefaultSeed))
	if a != b {
		t.Fatalf("same seed, different output: %s vs %s", a, b)
	}
	if c := digest(t, New(DefaultSeed+1)); c == a {
		t.Fatalf("different seeds, same output %s", c)
	}
}

// BenchmarkNew measures the demo town's generation (it runs on every
// serve with an empty store): go test ./data/demo -run XXX -bench New
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		New(DefaultSeed)
	}
}

// degree² to m² at the town's latitude
var m2PerDeg2 = mPerDegLon * mPerDegLat

func toGeos(t *testing.T, ctx *geos.Context, mp orb.MultiPolygon) *geos.Geom {
	t.Helper()
	b, err := wkb.Marshal(mp)
	if err != nil {
		t.Fatal(err)
	}
	g, err := ctx.NewGeomFromWKB(b)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestStructure(t *testing.T) {
	tw := defaultTown(t)
	checkTown(t, tw)
}

// Other seeds must give a town that passes the same checks.
func TestOtherSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, seed := range []int64{1, 7, 42, 1234} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { checkTown(t, New(seed)) })
	}
}

func checkTown(t *testing.T, tw *Town) {
	if tw.Name != "Musterstadt" || tw.AGS != "08317999" {
		t.Errorf("identity %q %q", tw.Name, tw.AGS)
	}
	if len(tw.Districts) != 11 || len(tw.Zones) != 8 || len(tw.BuildAreas) != 2 {
		t.Fatalf("districts %d zones %d build areas %d", len(tw.Districts), len(tw.Zones), len(tw.BuildAreas))
	}
	if n := len(tw.Addresses); n < 15000 || n > 17000 {
		t.Errorf("%d addresses, want 15000..17000", n)
	}
	kinds := map[geo.AreaKind][]geo.Area{
		geo.KindMunicipality: {tw.Municipality},
		geo.KindDistrict:     tw.Districts,
		geo.KindZone:         tw.Zones,
		geo.KindBuildArea:    tw.BuildAreas,
	}
	ctx := geos.NewContext()
	geoms := map[string]*geos.Geom{}
	for _, kind := range geo.AreaKinds {
		for _, a := range kinds[kind] {
			if a.Kind != kind || a.Source != "demo" || a.Name == "" {
				t.Errorf("area %q: kind %q source %q", a.Name, a.Kind, a.Source)
			}
			for _, poly := range a.Geometry {
				for r, ring := range poly {
					if !ring.Closed() || len(ring) < 4 {
						t.Errorf("%s: ring %d not closed or too short", a.Name, r)
					}
					want := orb.CCW
					if r > 0 {
						want = orb.CW
					}
					if ring.Orientation() != want {
						t.Errorf("%s: ring %d orientation %v, want %v", a.Name, r, ring.Orientation(), want)
					}
				}
			}
			g := toGeos(t, ctx, a.Geometry)
			if !g.IsValid() {
				t.Errorf("%s %s invalid: %s", kind, a.Name, g.IsValidReason())
			}
			geoms[string(kind)+"/"+a.Name] = g
		}
	}
	muni := geoms["municipality/Musterstadt"]
	areaM2 := muni.Area() * m2PerDeg2
	if areaM2 < 70e6 || areaM2 > 160e6 {
		t.Errorf("municipality area %.1f km²", areaM2/1e6)
	}
	// Districts: one hole in exactly one district, exactly one two-part
	// district (the exclave), no overlaps, union = municipality.
	holes, multi := 0, 0
	var dg []*geos.Geom
	for _, d := range tw.Districts {
		for _, poly := range d.Geometry {
			holes += len(poly) - 1
		}
		if len(d.Geometry) > 1 {
			multi++
		}
		if len(d.Geometry) > 2 {
			t.Errorf("%s has %d parts", d.Name, len(d.Geometry))
		}
		dg = append(dg, geoms["district/"+d.Name])
	}
	if holes != 1 || multi != 1 {
		t.Errorf("districts: %d holes and %d multi-part, want exactly 1 and 1", holes, multi)
	}
	for i := range dg {
		for j := i + 1; j < len(dg); j++ {
			if a := dg[i].Intersection(dg[j]).Area() * m2PerDeg2; a > 1 {
				t.Errorf("%s and %s overlap by %.1f m²", tw.Districts[i].Name, tw.Districts[j].Name, a)
			}
		}
	}
	var fresh []*geos.Geom
	for _, d := range tw.Districts {
		fresh = append(fresh, toGeos(t, ctx, d.Geometry))
	}
	union := ctx.NewCollection(geos.TypeIDGeometryCollection, fresh).UnaryUnion()
	if d := math.Abs(union.Area()-muni.Area()) / muni.Area(); d > 0.001 {
		t.Errorf("union of districts differs from municipality by %.3f %%", d*100)
	}
	if sym := union.SymDifference(muni).Area() * m2PerDeg2; sym > 0.001*areaM2 {
		t.Errorf("districts and municipality differ by %.0f m²", sym)
	}
	for _, z := range tw.Zones {
		ha := geoms["zone/"+z.Name].Area() * m2PerDeg2 / 1e4
		if ha < 8 || ha > 66 {
			t.Errorf("zone %s: %.1f ha", z.Name, ha)
		}
		if !muni.Covers(geoms["zone/"+z.Name]) {
			t.Errorf("zone %s not inside the municipality", z.Name)
		}
	}
	// Zones in more than one district: at most one.
	spanning := 0
	for _, z := range tw.Zones {
		n := 0
		for _, d := range dg {
			if geoms["zone/"+z.Name].Intersection(d).Area()*m2PerDeg2 > 100 {
				n++
			}
		}
		if n > 1 {
			spanning++
		}
	}
	if spanning > 1 {
		t.Errorf("%d zones span a district boundary, want at most 1", spanning)
	}
	// Build areas must not coincide with a district.
	for _, ba := range tw.BuildAreas {
		g := geoms["buildarea/"+ba.Name]
		best := 0.0
		for _, d := range dg {
			best = math.Max(best, g.SymDifference(d).Area()/g.Area())
		}
		if best < 0.05 {
			t.Errorf("build area %s matches a district", ba.Name)
		}
	}

	// Addresses: each in exactly one district, except the three outsiders.
	prep := make([]*geos.PrepGeom, len(dg))
	bounds := make([]orb.Bound, len(dg))
	for k := range dg {
		prep[k] = dg[k].Prepare()
		bounds[k] = tw.Districts[k].Geometry.Bound()
	}
	var holeRing orb.Polygon
	holder := ""
	for _, d := range tw.Districts {
		for _, poly := range d.Geometry {
			if len(poly) > 1 {
				holeRing = orb.Polygon{poly[1].Clone()}
				holder = d.Name
			}
		}
	}
	var hole *geos.PrepGeom
	if holeRing != nil {
		r := holeRing[0]
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		hole = toGeos(t, ctx, orb.MultiPolygon{holeRing}).Prepare()
	}
	keys := map[string]bool{}
	outsiders, inHole, business, zoneAddr, placeholders := 0, 0, 0, 0, 0
	zp := make([]*geos.PrepGeom, len(tw.Zones))
	for k, z := range tw.Zones {
		zp[k] = geoms["zone/"+z.Name].Prepare()
	}
	types := map[geo.AddressType]int{}
	for _, a := range tw.Addresses {
		if keys[a.Key] {
			t.Errorf("duplicate key %s", a.Key)
		}
		keys[a.Key] = true
		if a.Key != geo.AddressKey(a) || a.AGS != tw.AGS || a.City != "Musterstadt" || a.Quality != "A" || a.Source != "demo" {
			t.Errorf("address fields: %+v", a)
		}
		if a.Lon != math.Round(a.Lon*1e7)/1e7 || a.Lat != math.Round(a.Lat*1e7)/1e7 {
			t.Errorf("%s: coordinates not rounded to 7 decimals", a.Label())
		}
		if !strings.HasPrefix(a.Postcode, "7765") || len(a.Postcode) != 5 {
			t.Errorf("%s: postcode", a.Label())
		}
		if a.Placeholder != geo.IsPlaceholderStreet(a.Street) {
			t.Errorf("%s: placeholder flag %v", a.Label(), a.Placeholder)
		}
		if a.Placeholder {
			placeholders++
		} else if len(a.StreetKey) != 5 {
			t.Errorf("%s: street key %q", a.Label(), a.StreetKey)
		}
		types[a.Type]++
		pt := ctx.NewPointFromXY(a.Lon, a.Lat)
		in := 0
		for k := range prep {
			if bounds[k].Contains(a.Point()) && prep[k].Covers(pt) {
				in++
				if tw.Districts[k].Name != a.Locality {
					t.Errorf("%s lies in %s but says %s", a.Label(), tw.Districts[k].Name, a.Locality)
				}
				if tw.Districts[k].Name == holder && hole != nil && hole.Covers(pt) {
					t.Errorf("%s: covered by %s inside its hole", a.Label(), holder)
				}
			}
		}
		if hole != nil && hole.Covers(pt) {
			inHole++
		}
		switch in {
		case 0:
			outsiders++
			if muni.Covers(pt) {
				t.Errorf("%s: in the municipality but in no district", a.Label())
			}
		case 1:
		default:
			t.Errorf("%s: in %d districts", a.Label(), in)
		}
		for k := range zp {
			if zp[k].Covers(pt) {
				zoneAddr++
				if a.Type == geo.TypeBusiness {
					business++
				}
			}
		}
	}
	if outsiders != 3 {
		t.Errorf("%d addresses outside every district, want 3", outsiders)
	}
	if inHole == 0 {
		t.Errorf("no address in the exclave")
	}
	if zoneAddr < 100 || business*10 < zoneAddr*8 {
		t.Errorf("zones: %d addresses, %d business", zoneAddr, business)
	}
	if placeholders < 1 || placeholders > 3 {
		t.Errorf("%d placeholder addresses", placeholders)
	}
	if types[geo.TypeHospital] != 1 || types[geo.TypeSchool] != 8 || types[geo.TypePublic] < 25 || types[geo.TypePublic] > 35 {
		t.Errorf("facilities: %v", types)
	}
}

// summary is a human-readable digest of the town for the golden file.
func summary(tw *Town) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", tw.Name, tw.AGS)
	type tot struct{ n, hh, biz int }
	by := map[string]*tot{}
	var all tot
	types := map[geo.AddressType]int{}
	for _, a := range tw.Addresses {
		t := by[a.Locality]
		if t == nil {
			t = &tot{}
			by[a.Locality] = t
		}
		t.n++
		t.hh += a.Households
		t.biz += a.Businesses
		all.n++
		all.hh += a.Households
		all.biz += a.Businesses
		types[a.Type]++
	}
	fmt.Fprintf(&b, "districts (addresses by Ortsteil, households, businesses):\n")
	for _, d := range tw.Districts {
		t := by[d.Name]
		if t == nil {
			t = &tot{}
		}
		parts, holes := len(d.Geometry), 0
		for _, p := range d.Geometry {
			holes += len(p) - 1
		}
		fmt.Fprintf(&b, "  %-16s %5d %6d %4d  parts %d holes %d\n", d.Name, t.n, t.hh, t.biz, parts, holes)
	}
	count := func(mp orb.MultiPolygon) (n, hh, biz int) {
		bd := mp.Bound()
		for _, a := range tw.Addresses {
			if bd.Contains(a.Point()) && planar.MultiPolygonContains(mp, a.Point()) {
				n, hh, biz = n+1, hh+a.Households, biz+a.Businesses
			}
		}
		return
	}
	fmt.Fprintf(&b, "zones (addresses, households, businesses):\n")
	for _, z := range tw.Zones {
		n, hh, biz := count(z.Geometry)
		fmt.Fprintf(&b, "  %-28s %4d %4d %4d\n", z.Name, n, hh, biz)
	}
	fmt.Fprintf(&b, "build areas (addresses, households, businesses):\n")
	for _, z := range tw.BuildAreas {
		n, hh, biz := count(z.Geometry)
		fmt.Fprintf(&b, "  %-28s %4d %5d %4d\n", z.Name, n, hh, biz)
	}
	fmt.Fprintf(&b, "types:")
	for _, ty := range geo.AddressTypes {
		fmt.Fprintf(&b, " %s %d", ty, types[ty])
	}
	fmt.Fprintf(&b, "\ntotal: %d addresses, %d households, %d businesses\n", all.n, all.hh, all.biz)
	return b.String()
}

func TestGolden(t *testing.T) {
	got := summary(defaultTown(t))
	path := filepath.Join("testdata", "summary.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./data/demo -update)", err)
	}
	if got != string(want) {
		t.Errorf("summary differs from %s (run go test ./data/demo -update if intended):\n--- got\n%s--- want\n%s", path, got, want)
	}
}
