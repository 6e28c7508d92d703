package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/reports"
)

// demoFixture is the demo town in a SQLite store, as cmd/gigaplan's
// loadDemo loads it.
type demoFixture struct {
	srv  *Server
	town *demo.Town
}

// mustDemoStore opens a fresh demo store (about a second: the read-only
// tests share one, see TestTiles).
func mustDemoStore(tb testing.TB) (*Server, *demo.Town) {
	tb.Helper()
	st, town, err := loadDemoStore(context.Background(), filepath.Join(tb.TempDir(), "demo.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return New(Config{}, st, &campaigns.Service{Geo: st, Store: st}), town
}

// loadDemoStore is cmd/gigaplan's loadDemo on a new SQLite store.
func loadDemoStore(ctx context.Context, path string) (*sqlite.Store, *demo.Town, error) {
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	t := demo.New(demo.DefaultSeed)
	areas := []geo.Area{t.Municipality}
	areas = append(areas, t.Districts...)
	areas = append(areas, t.Zones...)
	areas = append(areas, t.BuildAreas...)
	if _, err := st.ImportAreas(ctx, geo.Values(areas)); err != nil {
		return nil, nil, err
	}
	if _, err := st.ImportAddresses(ctx, geo.Values(t.Addresses)); err != nil {
		return nil, nil, err
	}
	if _, err := (&geo.Service{Store: st}).Reassign(ctx); err != nil {
		return nil, nil, err
	}
	camps := &campaigns.Service{Geo: st, Store: st}
	if err := demo.LoadCampaigns(ctx, camps, t, time.Now()); err != nil {
		return nil, nil, err
	}
	return st, t, nil
}

func getTile(tb testing.TB, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// decodeTileResponse checks the headers of a 200 tile and decodes it.
func decodeTileResponse(tb testing.TB, rec *httptest.ResponseRecorder, gzipped bool) map[string]*mvt.Layer {
	tb.Helper()
	if rec.Code != http.StatusOK {
		tb.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	h := rec.Header()
	if ct := h.Get("Content-Type"); ct != mvtType {
		tb.Errorf("Content-Type %q", ct)
	}
	if cc := h.Get("Cache-Control"); cc != "public, max-age=300" {
		tb.Errorf("Cache-Control %q", cc)
	}
	if ce := h.Get("Content-Encoding"); (ce == "gzip") != gzipped {
		tb.Errorf("Content-Encoding %q, want gzip: %v", ce, gzipped)
	}
	var ls mvt.Layers
	var err error
	if gzipped {
		ls, err = mvt.UnmarshalGzipped(rec.Body.Bytes())
	} else {
		ls, err = mvt.Unmarshal(rec.Body.Bytes())
	}
	if err != nil {
		tb.Fatalf("decode tile: %v", err)
	}
	out := map[string]*mvt.Layer{}
	for _, l := range ls {
		out[l.Name] = l
	}
	return out
}

func tilePath(t maptile.Tile) string {
	return fmt.Sprintf("/tiles/%d/%d/%d.pbf", t.Z, t.X, t.Y)
}

// tilesOver lists the tiles of zoom z covering bound b.
func tilesOver(b orb.Bound, z maptile.Zoom) []maptile.Tile {
	lo := maptile.At(orb.Point{b.Min[0], b.Max[1]}, z)
	hi := maptile.At(orb.Point{b.Max[0], b.Min[1]}, z)
	var out []maptile.Tile
	for y := lo.Y; y <= hi.Y; y++ {
		for x := lo.X; x <= hi.X; x++ {
			out = append(out, maptile.New(x, y, z))
		}
	}
	return out
}

// TestTiles runs the read-only tile tests on one demo store.
func TestTiles(t *testing.T) {
	srv, town := mustDemoStore(t)
	fx := demoFixture{srv, town}
	t.Run("districts at z12", func(t *testing.T) { testTilesDistrictsAtZ12(t, fx) })
	t.Run("addresses at z16", func(t *testing.T) { testTilesAddressesAtZ16(t, fx) })
	t.Run("encoding and ETag", func(t *testing.T) { testTilesEncodingAndETag(t, fx) })
	t.Run("bad coordinates", func(t *testing.T) { testTilesBadCoordinates(t, fx) })
	t.Run("empty", func(t *testing.T) { testTilesEmpty(t, fx) })
}

func testTilesDistrictsAtZ12(t *testing.T, fx demoFixture) {
	districts := map[string]geojson.Properties{}
	zones := map[string]geojson.Properties{}
	municipality := false
	for _, tile := range tilesOver(fx.town.Municipality.Geometry.Bound(), 12) {
		ls := decodeTileResponse(t, getTile(t, fx.srv, tilePath(tile), "Accept-Encoding", "gzip, deflate, br"), true)
		if ls["addresses"] != nil {
			t.Errorf("%v: addresses layer below zoom 15", tile)
		}
		if ls["municipality"] != nil {
			municipality = true
		}
		for name, into := range map[string]map[string]geojson.Properties{"districts": districts, "zones": zones} {
			if l := ls[name]; l != nil {
				for _, f := range l.Features {
					into[f.Properties.MustString("name")] = f.Properties
				}
			}
		}
	}
	if !municipality {
		t.Error("no municipality outline")
	}
	if len(districts) != len(fx.town.Districts) || len(zones) != len(fx.town.Zones) {
		t.Fatalf("%d districts, %d zones; want %d, %d", len(districts), len(zones), len(fx.town.Districts), len(fx.town.Zones))
	}
	withQuota := 0
	for name, p := range districts {
		for _, k := range []string{"status", "label", "state", "statusLabel", "areaState", "areaStateLabel"} {
			if _, ok := p[k].(string); !ok {
				t.Errorf("%s: %s is %T", name, k, p[k])
			}
		}
		for _, k := range []string{"quota", "threshold", "progress", "addresses", "households"} {
			if _, ok := p[k].(float64); !ok {
				t.Errorf("%s: %s is %T", name, k, p[k])
			}
		}
		if pr := p.MustFloat64("progress"); pr < 0 || pr > 1 {
			t.Errorf("%s: progress %v", name, pr)
		}
		if p["quota"].(float64) > 0 {
			withQuota++
		}
	}
	// The demo: 8 of 11 Ortsteile in the household campaign, Oststadt
	// under construction, Altstadt and Nordweststadt without a campaign.
	if withQuota < 8 {
		t.Errorf("%d districts with a quota, want ≥ 8: %v", withQuota, districts)
	}
	if p := districts["Altstadt"]; p["status"] != "none" || p["label"] != "noch keine Planung" {
		t.Errorf("Altstadt: %v", p)
	}
	if p := districts["Oststadt"]; p["status"] != string(campaigns.StatusConstruction) || p["label"] != "Glasfaser im Bau" {
		t.Errorf("Oststadt: %v", p)
	}
	// The map's colour: the area state, as campaigns.AreaStateOf decides.
	for name, want := range map[string]campaigns.AreaState{"Altstadt": campaigns.AreaNone, "Oststadt": campaigns.AreaBuilt} {
		if p := districts[name]; p["areaState"] != string(want) || p["areaStateLabel"] != want.German() {
			t.Errorf("%s: area state %v %v, want %s", name, p["areaState"], p["areaStateLabel"], want)
		}
	}
	for name, p := range districts {
		var want campaigns.AreaState
		switch campaigns.Status(p.MustString("status")) {
		case campaigns.StatusMissed:
			want = campaigns.AreaMissed
		case campaigns.StatusReached:
			want = campaigns.AreaReached
		default:
			continue
		}
		if p["areaState"] != string(want) {
			t.Errorf("%s (%s): area state %v, want %s", name, p["status"], p["areaState"], want)
		}
	}
	for name, p := range districts {
		switch p["status"] {
		case string(campaigns.StatusReached), string(campaigns.StatusMissed), string(campaigns.StatusExtended):
			if !strings.Contains(p.MustString("label"), " % von 33 %") {
				t.Errorf("%s: label %q", name, p["label"])
			}
		}
	}
	for name, p := range zones {
		if _, ok := p["businesses"].(float64); !ok || p["status"] == "none" {
			t.Errorf("zone %s: %v", name, p)
		}
	}
}

// At zoom 16 the addresses carry the state /api/v1/addresses/{id}/coverage
// gives them.
func testTilesAddressesAtZ16(t *testing.T, fx demoFixture) {
	ctx := context.Background()
	// A tile in an Ortsteil of the household campaign, one in the
	// Oststadt (build area under construction).
	states := map[string]int{}
	ftth, err := fx.srv.camps.Store.CampaignByName(ctx, demo.CampaignFTTH)
	if err != nil {
		t.Fatal(err)
	}
	var reached string
	for _, a := range ftth.Areas {
		if a.Status == campaigns.StatusReached {
			reached = a.AreaName
		}
	}
	for _, tc := range []struct {
		area string
		want campaigns.CoverageState
	}{
		{reached, campaigns.CoveragePreMarketing},
		{"Ausbaugebiet Oststadt-Nord", campaigns.CoverageConstruction},
	} {
		ar, err := fx.srv.store.AreaByName(ctx, "", tc.area)
		if err != nil {
			t.Fatal(err)
		}
		var pt orb.Point
		for ad, err := range fx.srv.store.Addresses(ctx, geo.AddressFilter{AreaID: ar.ID, Limit: 1}) {
			if err != nil {
				t.Fatal(err)
			}
			if cov, err := fx.srv.camps.Coverage(ctx, ad.ID); err != nil || cov.State != tc.want {
				t.Fatalf("address %d in %s: %s, %v; want %s", ad.ID, tc.area, cov.State, err, tc.want)
			}
			pt = ad.Point()
		}
		ls := decodeTileResponse(t, getTile(t, fx.srv, tilePath(maptile.At(pt, 16)), "Accept-Encoding", "gzip"), true)
		l := ls["addresses"]
		if l == nil || len(l.Features) == 0 {
			t.Fatalf("no addresses layer at z16 around %v", pt)
		}
		for i, f := range l.Features {
			if _, ok := f.Geometry.(orb.Point); !ok {
				t.Fatalf("address geometry %T", f.Geometry)
			}
			st := f.Properties.MustString("state")
			states[st]++
			if f.Properties.MustString("label") == "" {
				t.Errorf("address without label: %v", f.Properties)
			}
			if i < 15 {
				id := int64(f.Properties.MustFloat64("id"))
				cov, err := fx.srv.camps.Coverage(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if string(cov.State) != st {
					t.Errorf("address %d: tile state %s, coverage %s", id, st, cov.State)
				}
			}
		}
		if ls["districts"] == nil {
			t.Error("no districts at z16")
		}
	}
	if states[string(campaigns.CoverageConstruction)] == 0 || states[string(campaigns.CoveragePreMarketing)]+states[string(campaigns.CoverageFundingCandidate)] == 0 {
		t.Errorf("states seen: %v", states)
	}
	// Zoom 14 and 15 around the same point: addresses from 15 on.
	pt := fx.town.Addresses[0].Point()
	if ls := decodeTileResponse(t, getTile(t, fx.srv, tilePath(maptile.At(pt, 14)), "Accept-Encoding", "gzip"), true); ls["addresses"] != nil {
		t.Error("addresses layer at z14")
	}
	if ls := decodeTileResponse(t, getTile(t, fx.srv, tilePath(maptile.At(pt, 15)), "Accept-Encoding", "gzip"), true); ls["addresses"] == nil {
		t.Error("no addresses layer at z15")
	}
}

func testTilesEncodingAndETag(t *testing.T, fx demoFixture) {
	path := tilePath(maptile.At(fx.town.Addresses[0].Point(), 13))
	gz := getTile(t, fx.srv, path, "Accept-Encoding", "gzip")
	decodeTileResponse(t, gz, true)
	plain := getTile(t, fx.srv, path)
	lsPlain := decodeTileResponse(t, plain, false)
	if len(lsPlain) == 0 {
		t.Fatal("identity tile has no layers")
	}
	refused := getTile(t, fx.srv, path, "Accept-Encoding", "gzip;q=0, identity")
	decodeTileResponse(t, refused, false)

	etagGz, etagPlain := gz.Header().Get("ETag"), plain.Header().Get("ETag")
	if etagGz == "" || etagPlain == "" || etagGz == etagPlain || strings.HasPrefix(etagGz, "W/") {
		t.Fatalf("ETags %q (gzip) and %q (identity): want two different strong ones", etagGz, etagPlain)
	}
	if v := gz.Header().Get("Vary"); v != "Accept-Encoding" {
		t.Errorf("Vary %q", v)
	}
	tests := []struct {
		name        string
		ifNoneMatch string
		gzip        bool
		status      int
	}{
		{"gzip etag", etagGz, true, http.StatusNotModified},
		{"weak form", "W/" + etagGz, true, http.StatusNotModified},
		{"in a list", `"other", ` + etagGz, true, http.StatusNotModified},
		{"star", "*", true, http.StatusNotModified},
		{"identity etag", etagPlain, false, http.StatusNotModified},
		{"identity etag, gzip asked", etagPlain, true, http.StatusOK},
		{"stale", `"0000-13-1-1"`, true, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := []string{"If-None-Match", tt.ifNoneMatch}
			if tt.gzip {
				hdr = append(hdr, "Accept-Encoding", "gzip")
			}
			rec := getTile(t, fx.srv, path, hdr...)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.status == http.StatusNotModified {
				if rec.Body.Len() != 0 || rec.Header().Get("ETag") == "" {
					t.Errorf("304 with %d bytes, ETag %q", rec.Body.Len(), rec.Header().Get("ETag"))
				}
			}
		})
	}
}

func testTilesBadCoordinates(t *testing.T, fx demoFixture) {
	tests := []struct {
		path   string
		status int
	}{
		{"/tiles/19/0/0.pbf", 400},
		{"/tiles/12/4096/0.pbf", 400},
		{"/tiles/12/0/4096.pbf", 400},
		{"/tiles/0/1/0.pbf", 400},
		{"/tiles/a/0/0.pbf", 400},
		{"/tiles/-1/0/0.pbf", 400},
		{"/tiles/12/0/.pbf", 400},
		{"/tiles/12/1.5/0.pbf", 400},
		{"/tiles/12/0/0.png", 404},
		{"/tiles/12/0/0", 404},
		{"/tiles/12/0/0/1.pbf", 404},
		{"/tiles/0/0/0.pbf", 200},
		{"/tiles/18/262143/262143.pbf", 200},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := getTile(t, fx.srv, tt.path)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
		})
	}
}

// A tile away from the town is 200 with no layers.
func testTilesEmpty(t *testing.T, fx demoFixture) {
	for _, enc := range []string{"gzip", ""} {
		rec := getTile(t, fx.srv, "/tiles/12/100/100.pbf", "Accept-Encoding", enc)
		if ls := decodeTileResponse(t, rec, enc == "gzip"); len(ls) != 0 {
			t.Errorf("%q: %d layers", enc, len(ls))
		}
		if enc == "" && rec.Body.Len() != 0 {
			t.Errorf("empty identity tile has %d bytes", rec.Body.Len())
		}
	}
}

// A change of the data changes the version: new ETags, new figures, the
// cache emptied.
func TestTilesVersionChange(t *testing.T) {
	srv, town := mustDemoStore(t)
	ts := newTileServer(srv, 100)
	r := gin.New()
	ts.routes(r)
	ctx := context.Background()

	var district string
	c, err := srv.camps.Store.CampaignByName(ctx, demo.CampaignFTTH)
	if err != nil {
		t.Fatal(err)
	}
	district = c.Areas[0].AreaName
	var pt orb.Point
	for _, d := range town.Districts {
		if d.Name == district {
			pt = d.Geometry[0][0][0]
		}
	}
	path := tilePath(maptile.At(pt, 12))
	quotaIn := func(rec *httptest.ResponseRecorder) float64 {
		for _, f := range decodeTileResponse(t, rec, true)["districts"].Features {
			if f.Properties.MustString("name") == district {
				return f.Properties.MustFloat64("quota")
			}
		}
		t.Fatalf("%s not in %s", district, path)
		return 0
	}
	first := getTile(t, r, path, "Accept-Encoding", "gzip")
	q0 := quotaIn(first)
	if ts.cache.len() != 1 {
		t.Errorf("cache holds %d tiles", ts.cache.len())
	}
	// Within the second, the version is not even recomputed.
	if again := getTile(t, r, path, "Accept-Encoding", "gzip", "If-None-Match", first.Header().Get("ETag")); again.Code != http.StatusNotModified {
		t.Fatalf("status %d", again.Code)
	}

	if _, err := srv.camps.SetProviderDenominator(ctx, c, district, 100000, campaigns.Decision{}); err != nil {
		t.Fatal(err)
	}
	ts.mu.Lock()
	ts.checked = time.Time{} // as if a second had passed
	ts.mu.Unlock()
	second := getTile(t, r, path, "Accept-Encoding", "gzip", "If-None-Match", first.Header().Get("ETag"))
	if second.Code != http.StatusOK || second.Header().Get("ETag") == first.Header().Get("ETag") {
		t.Fatalf("after a change: status %d, ETag %q (was %q)", second.Code, second.Header().Get("ETag"), first.Header().Get("ETag"))
	}
	if q1 := quotaIn(second); q1 >= q0 {
		t.Errorf("quota of %s %v → %v, want lower with a larger denominator", district, q0, q1)
	}
	if ts.cache.len() != 1 {
		t.Errorf("cache holds %d tiles after the version change, want only the new one", ts.cache.len())
	}
}

func TestTileCacheLRU(t *testing.T) {
	c := newTileCache(2)
	c.add("v/1", []byte("1"))
	c.add("v/2", []byte("2"))
	c.get("v/1") // 2 is now the least recently used
	c.add("v/3", []byte("3"))
	if _, ok := c.get("v/2"); ok {
		t.Error("v/2 not evicted")
	}
	for _, k := range []string{"v/1", "v/3"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
	c.add("w/1", []byte("w"))
	c.keepOnly("w/")
	if c.len() != 1 {
		t.Errorf("keepOnly left %d", c.len())
	}
	var none *tileCache
	none.add("x", nil)
	if _, ok := none.get("x"); ok {
		t.Error("nil cache hit")
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"gzip, deflate, br", true},
		{"br;q=1.0, gzip;q=0.8", true},
		{"gzip;q=0", false},
		{"gzip; q=0.0, identity", false},
		{"*", true},
		{"identity", false},
		{"deflate", false},
	}
	for _, tt := range tests {
		if got := acceptsGzip(tt.header); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v", tt.header, got)
		}
	}
}

// BenchmarkTiles serves every tile over the demo town at zoom 12 and 16
// through the router with the tile cache off (cold: each request renders,
// encodes and compresses its tile; the index is built once before). Run:
//
//	go test ./web -run '^$' -bench Tiles -benchmem
func BenchmarkTiles(b *testing.B) {
	srv, town := mustDemoStore(b)
	fx := demoFixture{srv, town}
	ts := newTileServer(fx.srv, 0)
	r := gin.New()
	ts.routes(r)
	for _, z := range []maptile.Zoom{12, 16} {
		tiles := tilesOver(fx.town.Municipality.Geometry.Bound(), z)
		paths := make([]string, len(tiles))
		for i, t := range tiles {
			paths[i] = tilePath(t)
		}
		getTile(b, r, paths[0], "Accept-Encoding", "gzip") // build the index
		b.Run(fmt.Sprintf("z%d", z), func(b *testing.B) {
			n := 0
			var bytes int64
			for b.Loop() {
				rec := getTile(b, r, paths[n%len(paths)], "Accept-Encoding", "gzip")
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
				bytes += int64(rec.Body.Len())
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tiles/s")
			b.ReportMetric(float64(bytes)/float64(n), "gzB/tile")
		})
	}
}

// BenchmarkTileIndexBuild measures building the tile index of the demo
// town from the store: areas, figures, coverage of 16,000 addresses.
func BenchmarkTileIndexBuild(b *testing.B) {
	srv, _ := mustDemoStore(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := srv.buildTileIndex(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCoverageOfAreasMatchesCoverage: the tiles decide an address's state
// from its areas (campaigns.CoverageOfAreas, no query per address); for
// the addresses of the demo towns, up to three of each combination of
// areas, that gives what /api/v1/addresses/{id}/coverage gives
// (campaigns.Coverage): state, message and campaigns.
func TestCoverageOfAreasMatchesCoverage(t *testing.T) {
	srv, _ := mustDemoStore(t)
	ctx := context.Background()
	camps, err := srv.camps.Store.Campaigns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	figs := map[int64]*campaigns.Figures{}
	for _, c := range camps {
		if figs[c.ID], err = srv.camps.Figures(ctx, c, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	areasOf := map[int64][]int64{}
	for as, err := range srv.store.Assignments(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		areasOf[as.AddressID] = append(areasOf[as.AddressID], as.AreaID)
	}
	states := map[campaigns.CoverageState]int{}
	perKey := map[string]int{}
	n := 0
	for ad, err := range srv.store.Addresses(ctx, geo.AddressFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if k := coverageKey(areasOf[ad.ID]); perKey[k] < 3 {
			perKey[k]++
		} else {
			continue
		}
		want, err := srv.camps.Coverage(ctx, ad.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := srv.camps.CoverageOfAreas(camps, figs, areasOf[ad.ID])
		if err != nil {
			t.Fatal(err)
		}
		if got.State != want.State || got.Message != want.Message || !reflect.DeepEqual(got.Campaigns, want.Campaigns) {
			t.Fatalf("address %d (%s): CoverageOfAreas %s %q %v, Coverage %s %q %v", ad.ID, ad.Label(),
				got.State, got.Message, got.Campaigns, want.State, want.Message, want.Campaigns)
		}
		states[got.State]++
		n++
	}
	if len(states) < 3 || len(perKey) < 20 {
		t.Errorf("only %d combinations of areas (%d addresses) in %d states: %v", len(perKey), n, len(states), states)
	}
}

// TestTilesFundingState: an address in a funding project's frozen area
// shows on the map in the state its answer gives (funding), and a new
// milestone changes the data version.
func TestTilesFundingState(t *testing.T) {
	ctx := context.Background()
	st, town, err := loadDemoStore(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := &campaigns.Service{Geo: st, Store: st, Funding: st}
	if _, err := demo.LoadFunding(ctx, st, svc, town, time.Now(), reports.Source{Geo: st, Supply: st, Campaigns: svc}.EligibleByRule); err != nil {
		t.Fatal(err)
	}
	srv := New(Config{}, st, svc)
	ps, err := st.FundingProjects(ctx)
	if err != nil || len(ps) == 0 || len(ps[0].Addresses) == 0 {
		t.Fatalf("demo funding projects: %v %v", ps, err)
	}
	id := ps[0].Addresses[0]
	cov, err := svc.Coverage(ctx, id)
	if err != nil || cov.State != campaigns.CoverageFunding {
		t.Fatalf("address %d: %s %v, want funding", id, cov.State, err)
	}
	ad, err := st.Address(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	ls := decodeTileResponse(t, getTile(t, srv, tilePath(maptile.At(ad.Point(), 16)), "Accept-Encoding", "gzip"), true)
	found := false
	for _, f := range ls["addresses"].Features {
		if int64(f.Properties.MustFloat64("id")) == id {
			found = true
			if s := f.Properties.MustString("state"); s != string(campaigns.CoverageFunding) {
				t.Errorf("address %d on the map: %s, answer %s", id, s, cov.State)
			}
		}
	}
	if !found {
		t.Fatalf("address %d not in its tile", id)
	}
	// An address of the project's Ortsteile that the eligible list left
	// out (cable in its street): no longer a funding candidate, on the
	// map as in the answer.
	var left int64
	for _, area := range ps[0].Areas {
		for ad, err := range st.Addresses(ctx, geo.AddressFilter{AreaID: area}) {
			if err != nil {
				t.Fatal(err)
			}
			if _, in := slices.BinarySearch(ps[0].Addresses, ad.ID); !in && left == 0 {
				left = ad.ID
			}
		}
	}
	if left == 0 {
		t.Fatal("the demo project left no address of its Ortsteile out")
	}
	lc, err := svc.Coverage(ctx, left)
	if err != nil || lc.State != campaigns.CoverageNone || !strings.Contains(lc.Message, "Nicht im Förderprojekt") {
		t.Fatalf("left-out address %d: %s %q %v", left, lc.State, lc.Message, err)
	}
	la, err := st.Address(ctx, left)
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, f := range decodeTileResponse(t, getTile(t, srv, tilePath(maptile.At(la.Point(), 16)), "Accept-Encoding", "gzip"), true)["addresses"].Features {
		if int64(f.Properties.MustFloat64("id")) == left {
			seen = true
			if s := f.Properties.MustString("state"); s != string(lc.State) {
				t.Errorf("left-out address %d on the map: %s, answer %s", left, s, lc.State)
			}
		}
	}
	if !seen {
		t.Fatalf("address %d not in its tile", left)
	}

	v1, err := srv.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdateFundingProject(ctx, ps[0].ID, ps[0].Version, func(p *campaigns.FundingProject) error { return nil }); err != nil {
		t.Skipf("no version bump through UpdateFundingProject: %v", err)
	}
	if v2, err := srv.DataVersion(ctx); err != nil || v2 == v1 {
		t.Errorf("data version %s → %s (%v): a changed funding project must change it", v1, v2, err)
	}
}

// TestTilesVersionBoundaryMoved: a re-import that moves a boundary and
// leaves every count as it was still changes the data version (the tiles
// would otherwise show the old boundary until some count changed).
func TestTilesVersionBoundaryMoved(t *testing.T) {
	srv, town := mustDemoStore(t)
	ctx := context.Background()
	v1, err := srv.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before, err := srv.store.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The first zone, a hundredth of a millimetre further east.
	z := town.Zones[0]
	moved := orb.Clone(z.Geometry).(orb.MultiPolygon)
	for _, poly := range moved {
		for _, ring := range poly {
			for i := range ring {
				ring[i][0] += 1e-10
			}
		}
	}
	z.Geometry = moved
	if _, err := srv.store.ImportAreas(ctx, geo.Values([]geo.Area{z})); err != nil {
		t.Fatal(err)
	}
	if _, err := (&geo.Service{Store: srv.store}).Reassign(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := srv.store.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("counts changed (%+v → %+v): not the case under test", before, after)
	}
	if v2, err := srv.DataVersion(ctx); err != nil || v2 == v1 {
		t.Errorf("data version %s → %s (%v) after a boundary moved", v1, v2, err)
	}
}
