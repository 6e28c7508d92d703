package web

// Vector tiles for the citizens' map and the office's map.
//
//	GET /tiles/{z}/{x}/{y}.pbf
//
// Mapbox Vector Tiles (MVT 2.1, extent 4096, buffer 64), zoom 0–18:
//
//   - municipality: the outline; id, name.
//   - districts (Ortsteile): id, name, addresses, households, and the area's
//     best campaign figures (see areaFigures): status, statusLabel, state,
//     campaign, provider, quota, threshold, progress (quota ÷ threshold,
//     at most 1), label (German text, e.g. "Vorvermarktung läuft: 27 % von
//     33 %"), areaState and areaStateLabel (campaigns.AreaStateOf: running,
//     reached, missed, built, none; the map's colour). Without a campaign:
//     status "none", areaState "none", quota/threshold/progress 0.
//   - zones (Gewerbegebiete): id, name, businesses, addresses and the same
//     campaign figures.
//   - addresses, only at zoom ≥ 15: a point per address with id, label
//     ("Hauptstraße 12a") and state, the address's coverage state
//     (campaigns.CoverageState: live, construction, committed,
//     premarketing, funding, funding_candidate, none), as /api/v1/addresses/{id}/coverage
//     decides it (funding projects included: campaigns.ApplyFunding).
//
// A tile with nothing in it is 200 with an empty body (a valid MVT with no
// layers), not 204: one code path, cacheable like any other tile.
//
// Responses carry Content-Type application/vnd.mapbox-vector-tile,
// Cache-Control "public, max-age=300", Vary: Accept-Encoding and a strong
// ETag made of the data version (Server.DataVersion), z/x/y and the
// encoding; a matching If-None-Match gets 304 without touching the tile.
// The body is gzip-compressed (Content-Encoding: gzip) when the client
// accepts gzip, identity otherwise. Bad coordinates (not numbers, zoom
// above 18, x or y ≥ 2^z) get 400; a last segment without ".pbf" gets 404.
//
// Caching: the data version is computed at most once a second. For each
// version the tile index (geo.TileIndex: areas, figures and the coverage
// state of every address) is built once, on the first tile request;
// rendered tiles are kept gzip-compressed in an LRU of tileCacheSize tiles
// keyed by version and z/x/y, emptied when the version changes.

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

const (
	// tileCacheSize bounds the rendered-tile LRU.
	tileCacheSize = 2000
	// addressMinZoom is the first zoom with the addresses layer.
	addressMinZoom = 15
	// versionTTL is how long a computed data version is trusted.
	versionTTL = time.Second
	mvtType    = "application/vnd.mapbox-vector-tile"
)

// tileRoutes registers vector tiles (/tiles/{z}/{x}/{y}.pbf).
func (s *Server) tileRoutes(r *gin.Engine) *tileServer {
	ts := newTileServer(s, tileCacheSize)
	ts.routes(r)
	return ts
}

// DataVersion returns a short fingerprint of the data the map tiles show:
// the store's data generation (bumped by every committed change of
// addresses, areas or assignments, also one that changes no count: a
// boundary moved, an address corrected) and counts, every campaign's ID
// and version (bumped on every status, deadline or denominator change),
// the number and latest ID of each campaign's sign-up entries, every
// funding project's ID, version and frozen addresses, and today's date
// (figures are as of today).
//
// It does not see a facility contract recorded without an entry; such a
// change shows after the next change that is seen.
func (s *Server) DataVersion(ctx context.Context) (string, error) {
	counts, err := s.store.Counts(ctx)
	if err != nil {
		return "", err
	}
	gen, err := s.store.DataGeneration(ctx)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "g%d a%d h%d b%d as%d u%d", gen, counts.Addresses, counts.Households, counts.Businesses, counts.Assignments, counts.Unassigned)
	for _, k := range geo.AreaKinds {
		fmt.Fprintf(h, " %s%d", k, counts.Areas[k])
	}
	camps, err := s.camps.Store.Campaigns(ctx)
	if err != nil {
		return "", err
	}
	for _, c := range camps {
		es, err := s.camps.Store.Entries(ctx, c.ID, 0)
		if err != nil {
			return "", err
		}
		var last int64
		for _, e := range es {
			last = max(last, e.ID)
		}
		fmt.Fprintf(h, "|c%d v%d e%d l%d", c.ID, c.Version, len(es), last)
	}
	if s.camps.Funding != nil {
		// A funding milestone changes the state of its project's addresses.
		ps, err := s.camps.Funding.FundingProjects(ctx)
		if err != nil {
			return "", err
		}
		for _, p := range ps {
			fmt.Fprintf(h, "|f%d v%d n%d", p.ID, p.Version, len(p.Addresses))
		}
	}
	now := time.Now
	if s.camps.Now != nil {
		now = s.camps.Now
	}
	fmt.Fprintf(h, "|%s", campaigns.Today(now()).Format(time.DateOnly))
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// tileServer holds the tile state of one Server.
type tileServer struct {
	s     *Server
	cache *tileCache // nil: no cache

	mu      sync.Mutex // guards version and checked
	version string
	checked time.Time

	buildMu sync.Mutex // one index build at a time; guards ix
	ix      *versionedIndex
}

type versionedIndex struct {
	version string
	ix      *geo.TileIndex
}

// newTileServer returns the tile handlers of s with an LRU of cacheSize
// tiles (0: no cache).
func newTileServer(s *Server, cacheSize int) *tileServer {
	ts := &tileServer{s: s}
	if cacheSize > 0 {
		ts.cache = newTileCache(cacheSize)
	}
	return ts
}

func (ts *tileServer) routes(r *gin.Engine) {
	r.GET("/tiles/:z/:x/:y", ts.s.handle(ts.tile))
	r.HEAD("/tiles/:z/:x/:y", ts.s.handle(ts.tile))
}

// tile serves one tile.
func (ts *tileServer) tile(c *gin.Context) error {
	y, ok := strings.CutSuffix(c.Param("y"), ".pbf")
	if !ok {
		return geo.Errorf(geo.ENOTFOUND, "nicht gefunden: Kacheln heißen /tiles/{z}/{x}/{y}.pbf")
	}
	z, x, yy, err := parseTile(c.Param("z"), c.Param("x"), y)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	version, err := ts.currentVersion(ctx)
	if err != nil {
		return err
	}
	return serveGzipped(c, fmt.Sprintf("%s-%d-%d-%d", version, z, x, yy), "public, max-age=300", mvtType,
		func() ([]byte, error) { return ts.gzipped(ctx, version, z, x, yy) })
}

// serveGzipped answers with a body kept gzip-compressed: a strong ETag
// (tag, plus "-gz" for the compressed encoding), Cache-Control and Vary:
// Accept-Encoding; 304 without calling gzipped when If-None-Match
// matches; else the body, compressed (Content-Encoding: gzip) if the
// client accepts gzip, decompressed otherwise.
func serveGzipped(c *gin.Context, tag, cacheControl, contentType string, gzipped func() ([]byte, error)) error {
	gz := acceptsGzip(c.GetHeader("Accept-Encoding"))
	etag := `"` + tag
	if gz {
		etag += `-gz"`
	} else {
		etag += `"`
	}
	h := c.Writer.Header()
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", etag)
	h.Set("Vary", "Accept-Encoding")
	if etagMatches(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return nil
	}
	body, err := gzipped()
	if err != nil {
		return err
	}
	if gz {
		h.Set("Content-Encoding", "gzip")
	} else if body, err = gunzip(body); err != nil {
		return err
	}
	c.Data(http.StatusOK, contentType, body)
	return nil
}

// parseTile parses and checks tile coordinates (EINVALID).
func parseTile(zs, xs, ys string) (z, x, y uint32, err error) {
	var v [3]uint64
	for i, s := range []string{zs, xs, ys} {
		if v[i], err = strconv.ParseUint(s, 10, 32); err != nil {
			return 0, 0, 0, geo.Errorf(geo.EINVALID, "ungültige Kachel %s/%s/%s: Zoom, x und y müssen ganze Zahlen sein", zs, xs, ys)
		}
	}
	z, x, y = uint32(v[0]), uint32(v[1]), uint32(v[2])
	return z, x, y, geo.CheckTile(z, x, y)
}

// currentVersion returns the data version, recomputed at most once per
// versionTTL.
func (ts *tileServer) currentVersion(ctx context.Context) (string, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.version != "" && time.Since(ts.checked) < versionTTL {
		return ts.version, nil
	}
	v, err := ts.s.DataVersion(ctx)
	if err != nil {
		return "", err
	}
	ts.version, ts.checked = v, time.Now()
	return v, nil
}

// gzipped returns the gzip-compressed tile, from the cache or rendered.
func (ts *tileServer) gzipped(ctx context.Context, version string, z, x, y uint32) ([]byte, error) {
	key := fmt.Sprintf("%s/%d/%d/%d", version, z, x, y)
	if b, ok := ts.cache.get(key); ok {
		return b, nil
	}
	ix, err := ts.index(ctx, version)
	if err != nil {
		return nil, err
	}
	raw, err := ix.Tile(z, x, y)
	if err != nil {
		return nil, err
	}
	b, err := gzipBytes(raw)
	if err != nil {
		return nil, err
	}
	ts.cache.add(key, b)
	return b, nil
}

// index returns the tile index of version, building it if the current one
// is older. The cache is emptied when a new index replaces an old one.
func (ts *tileServer) index(ctx context.Context, version string) (*geo.TileIndex, error) {
	ts.buildMu.Lock()
	defer ts.buildMu.Unlock()
	if ts.ix != nil && ts.ix.version == version {
		return ts.ix.ix, nil
	}
	ix, err := ts.s.buildTileIndex(ctx)
	if err != nil {
		return nil, err
	}
	ts.ix = &versionedIndex{version: version, ix: ix}
	ts.cache.keepOnly(version + "/")
	return ix, nil
}

// coverageStates are the address states of the addresses layer; a point's
// state is its index here. Best first, as campaigns ranks them.
var coverageStates = []campaigns.CoverageState{
	campaigns.CoverageLive, campaigns.CoverageConstruction, campaigns.CoverageCommitted,
	campaigns.CoveragePreMarketing, campaigns.CoverageFundingCandidate, campaigns.CoverageNone,
	campaigns.CoverageFunding, // last: the indices of the states before it stay as they were
}

func stateIndex(s campaigns.CoverageState) uint8 {
	if i := slices.Index(coverageStates, s); i >= 0 {
		return uint8(i)
	}
	return uint8(slices.Index(coverageStates, campaigns.CoverageNone))
}

// areaFigures are an area's best campaign figures.
type areaFigures struct {
	campaign *campaigns.Campaign
	f        campaigns.AreaFigures
	state    campaigns.CoverageState
	progress float64
}

// better reports whether a beats b as an area's figures. The rule is the
// one campaigns.Coverage applies to an address: the most advanced coverage
// state (live, construction, committed, pre-marketing — planned, running,
// extended or reached —, funding candidate — missed or cancelled); among
// pre-marketing campaigns the highest progress (quota ÷ threshold); among
// others the campaign that started last; ties go to the lower campaign ID.
func (a *areaFigures) better(b *areaFigures) bool {
	if ra, rb := stateIndex(a.state), stateIndex(b.state); ra != rb {
		return ra < rb
	}
	if a.state == campaigns.CoveragePreMarketing {
		if a.progress != b.progress {
			return a.progress > b.progress
		}
	} else if !a.campaign.Start.Equal(b.campaign.Start) {
		return a.campaign.Start.After(b.campaign.Start)
	}
	return a.campaign.ID < b.campaign.ID
}

// progress is quota ÷ threshold, at most 1; 1 for a campaign without a
// threshold.
func progress(quota, threshold float64) float64 {
	if threshold <= 0 {
		return 1
	}
	return min(1, quota/threshold)
}

// props returns the tile properties of an area's figures (nil: no
// campaign).
func (a *areaFigures) props(p map[string]any) {
	if a == nil {
		p["status"], p["statusLabel"], p["state"] = "none", "keine Vorvermarktung", string(campaigns.CoverageNone)
		p["campaign"], p["provider"] = "", ""
		p["quota"], p["threshold"], p["progress"] = 0.0, 0.0, 0.0
		p["label"] = "noch keine Planung"
		p["areaState"], p["areaStateLabel"] = string(campaigns.AreaNone), campaigns.AreaNone.German()
		return
	}
	f := a.f
	st := a.areaState()
	p["areaState"], p["areaStateLabel"] = string(st), st.German()
	p["status"], p["statusLabel"], p["state"] = string(f.Status), f.Status.German(), string(a.state)
	p["campaign"], p["provider"] = a.campaign.Name, a.campaign.Provider
	p["quota"], p["threshold"], p["progress"] = f.Quota, f.Threshold, a.progress
	p["label"] = figuresLabel(f.Status, f.Quota, f.Threshold)
}

// areaState is the area's state on the map and in its table (nil: no
// campaign).
func (a *areaFigures) areaState() campaigns.AreaState {
	if a == nil {
		return campaigns.AreaNone
	}
	return campaigns.AreaStateOf(a.f.Status, a.f.Needed, a.f.Target)
}

// figuresLabel phrases an area's campaign state in German for the map.
func figuresLabel(st campaigns.Status, quota, threshold float64) string {
	of := campaigns.Percent(quota)
	if threshold > 0 {
		of += " von " + campaigns.Percent(threshold)
	}
	switch st {
	case campaigns.StatusPlanned:
		return "Vorvermarktung geplant"
	case campaigns.StatusRunning:
		return "Vorvermarktung läuft: " + of
	case campaigns.StatusExtended:
		return "Vorvermarktung verlängert: " + of
	case campaigns.StatusReached:
		return "Quote erreicht: " + of
	case campaigns.StatusMissed:
		return "Quote nicht erreicht: " + of
	case campaigns.StatusCommitted:
		return "Ausbau zugesagt"
	case campaigns.StatusConstruction:
		return "Glasfaser im Bau"
	case campaigns.StatusLive:
		return "Glasfaser verfügbar"
	case campaigns.StatusCancelled:
		return "Vorvermarktung abgebrochen"
	}
	return st.German()
}

// bestFigures returns every campaign, each one's figures as of today by
// campaign ID, and each campaign area's best figures (areaFigures.better)
// by area ID: what the map's tiles and the table "Ortsteile im Überblick"
// show.
func (s *Server) bestFigures(ctx context.Context) ([]*campaigns.Campaign, map[int64]*campaigns.Figures, map[int64]*areaFigures, error) {
	camps, err := s.camps.Store.Campaigns(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	best := map[int64]*areaFigures{}
	figsOf := map[int64]*campaigns.Figures{}
	for _, c := range camps {
		figs, err := s.camps.Figures(ctx, c, time.Time{})
		if err != nil {
			return nil, nil, nil, err
		}
		figsOf[c.ID] = figs
		for _, f := range figs.Areas {
			cand := &areaFigures{campaign: c, f: f, state: campaigns.StateOf(f.Status), progress: progress(f.Quota, f.Threshold)}
			if b := best[f.AreaID]; b == nil || cand.better(b) {
				best[f.AreaID] = cand
			}
		}
	}
	return camps, figsOf, best, nil
}

// buildTileIndex reads areas, campaign figures and addresses and builds
// the tile index.
//
// Figures: each campaign's Figures once. Address coverage: it depends on
// an address only through the campaign areas (and build areas) it is
// assigned to (campaigns.Store.CampaignsOfAddress), so Service.Coverage
// runs once per distinct set of them, as in reports.Source.AddressRows,
// and only the addresses of campaign areas are read for the assignment.
func (s *Server) buildTileIndex(ctx context.Context) (*geo.TileIndex, error) {
	areas, err := s.store.Areas(ctx, "")
	if err != nil {
		return nil, err
	}
	camps, figsOf, best, err := s.bestFigures(ctx)
	if err != nil {
		return nil, err
	}
	var projects []*campaigns.FundingProject
	if s.camps.Funding != nil {
		if projects, err = s.camps.Funding.FundingProjects(ctx); err != nil {
			return nil, err
		}
	}
	relevant := map[int64]bool{} // areas and build areas of campaigns, areas of funding projects
	for _, p := range projects {
		for _, a := range p.Areas {
			relevant[a] = true
		}
	}
	for _, c := range camps {
		for _, a := range c.Areas {
			relevant[a.AreaID] = true
			if a.BuildAreaID != 0 {
				relevant[a.BuildAreaID] = true
			}
		}
	}

	layers := map[geo.AreaKind]*geo.TileAreaLayer{
		geo.KindMunicipality: {Name: "municipality"},
		geo.KindDistrict:     {Name: "districts"},
		geo.KindZone:         {Name: "zones"},
	}
	for _, a := range areas {
		l := layers[a.Kind]
		if l == nil {
			continue
		}
		p := map[string]any{"id": a.ID, "name": a.Name}
		switch a.Kind {
		case geo.KindDistrict:
			p["addresses"], p["households"] = a.Addresses, a.Households
			best[a.ID].props(p)
		case geo.KindZone:
			p["addresses"], p["businesses"] = a.Addresses, a.Businesses
			best[a.ID].props(p)
		}
		l.Areas = append(l.Areas, geo.TileArea{ID: a.ID, Geometry: a.Geometry, Properties: p})
	}

	// Assignments to campaign areas, from one ordered pass over the
	// assignments (two integers a row), each address's areas in ID order.
	member := map[int64][]int64{}
	for as, err := range s.store.Assignments(ctx) {
		if err != nil {
			return nil, err
		}
		if relevant[as.AreaID] {
			member[as.AddressID] = append(member[as.AddressID], as.AreaID)
		}
	}
	// Funding projects decide for the addresses of their frozen areas,
	// and for those they left out, by the answer's rule
	// (campaigns.ApplyFunding).
	funded := map[int64][]*campaigns.FundingProject{}
	for _, p := range projects {
		for _, id := range p.Addresses {
			funded[id] = append(funded[id], p)
		}
	}
	stateOf := map[string]uint8{"": stateIndex(campaigns.CoverageNone)}
	covOf := map[string]campaigns.Coverage{"": {State: campaigns.CoverageNone}}
	var pts []geo.TilePoint
	for ad, err := range s.store.Addresses(ctx, geo.AddressFilter{Brief: true}) {
		if err != nil {
			return nil, err
		}
		key := coverageKey(member[ad.ID])
		st, ok := stateOf[key]
		if !ok {
			cov, err := s.camps.CoverageOfAreas(camps, figsOf, member[ad.ID])
			if err != nil {
				return nil, err
			}
			st = stateIndex(cov.State)
			stateOf[key], covOf[key] = st, cov
		}
		if ps := funded[ad.ID]; len(ps) > 0 {
			st = stateIndex(campaigns.ApplyFunding(covOf[key], ps, nil).State)
		} else if out := campaigns.FundingLeftOut(projects, ad.ID, member[ad.ID]); len(out) > 0 {
			st = stateIndex(campaigns.ApplyFunding(covOf[key], nil, out).State)
		}
		label := ad.Street
		if ad.HouseNumber != "" {
			label += " " + ad.HouseNumber + ad.Suffix
		}
		pts = append(pts, geo.TilePoint{ID: ad.ID, Lon: ad.Lon, Lat: ad.Lat, Label: label, State: st})
	}
	names := make([]string, len(coverageStates))
	for i, st := range coverageStates {
		names[i] = string(st)
	}
	return geo.NewTileIndex(geo.TileSource{
		Areas:  []geo.TileAreaLayer{*layers[geo.KindMunicipality], *layers[geo.KindDistrict], *layers[geo.KindZone]},
		Points: &geo.TilePointLayer{Name: "addresses", MinZoom: addressMinZoom, States: names, Points: pts},
	}), nil
}

// coverageKey is the sorted list of area IDs (ids is sorted already: the
// areas are read in ID order).
func coverageKey(ids []int64) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(strconv.FormatInt(id, 10))
		b.WriteByte(',')
	}
	return b.String()
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip
// (gzip or * with a non-zero q).
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "x-gzip" && name != "*" {
			continue
		}
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if q > 0 {
			return true
		}
	}
	return false
}

// etagMatches applies If-None-Match's weak comparison.
func etagMatches(header, etag string) bool {
	for part := range strings.SplitSeq(header, ",") {
		t := strings.TrimSpace(part)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

func gzipBytes(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("web: gzip tile: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("web: gzip tile: %w", err)
	}
	return buf.Bytes(), nil
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("web: gunzip tile: %w", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("web: gunzip tile: %w", err)
	}
	return out, nil
}

// lruCache is a bounded LRU keyed by strings. A nil *lruCache caches
// nothing.
type lruCache[V any] struct {
	mu  sync.Mutex
	max int
	ll  *list.List // front: most recently used
	m   map[string]*list.Element
}

// tileCache is the LRU of gzip-compressed tiles.
type tileCache = lruCache[[]byte]

type lruEntry[V any] struct {
	key string
	v   V
}

func newLRU[V any](max int) *lruCache[V] {
	return &lruCache[V]{max: max, ll: list.New(), m: map[string]*list.Element{}}
}

func newTileCache(max int) *tileCache { return newLRU[[]byte](max) }

func (c *lruCache[V]) get(key string) (V, bool) {
	var zero V
	if c == nil {
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok {
		return zero, false
	}
	c.ll.MoveToFront(e)
	return e.Value.(*lruEntry[V]).v, true
}

func (c *lruCache[V]) add(key string, v V) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		e.Value.(*lruEntry[V]).v = v
		c.ll.MoveToFront(e)
		return
	}
	c.m[key] = c.ll.PushFront(&lruEntry[V]{key, v})
	for c.ll.Len() > c.max {
		e := c.ll.Back()
		c.ll.Remove(e)
		delete(c.m, e.Value.(*lruEntry[V]).key)
	}
}

// keepOnly drops every entry whose key does not start with prefix.
func (c *lruCache[V]) keepOnly(prefix string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.ll.Front(); e != nil; {
		next := e.Next()
		if k := e.Value.(*lruEntry[V]).key; !strings.HasPrefix(k, prefix) {
			c.ll.Remove(e)
			delete(c.m, k)
		}
		e = next
	}
}

func (c *lruCache[V]) len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}
