package web

// GET /api/v1/areas: the areas as a GeoJSON FeatureCollection, bounded.
//
//	?kind=       municipality, district, zone, build_area (default: all)
//	?gemeinde=   AGS: the municipality and the areas placed in it
//	?precision=  decimal places of the coordinates, 0–6 (default 5, about
//	             1 m); geometry is simplified to 10^-precision degrees
//	             (geo.SimplifyMultiPolygon)
//	?limit=      areas per page, 1–1000 (default 500)
//	?after=      the last area ID of the previous page (default 0)
//
// Areas come in ID order. A page ends after limit areas or once it holds
// areasPageVertices vertices, whichever comes first; when more follow, the
// collection's "next" member (and a Link header, rel="next") is the URL of
// the next page. An area that alone has more vertices than a page may
// hold is simplified further, a decimal place at a time, and its
// "precision" property says to how many places (null geometry if nothing
// is left at precision 0). So a response is at most a few megabytes
// whatever was imported.
//
// Responses are built once per data version (the tiles' DataVersion) and
// query, kept gzip-compressed in a small LRU (areasCacheSize), and carry
// a strong ETag; one response is built at a time. The version does not
// see a boundary moved without any count changing (see DataVersion), so
// entries also expire after areasCacheTTL.

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"gigaplan/geo"
)

const (
	areasDefaultPrecision = 5
	areasMaxPrecision     = 6
	areasDefaultLimit     = 500
	areasMaxLimit         = 1000
	// areasPageVertices bounds the vertices of one page (about 20 bytes
	// of JSON each).
	areasPageVertices = 100_000
	areasCacheSize    = 32
	areasCacheTTL     = 5 * time.Minute
)

// areasServer holds the cache of GET /api/v1/areas.
type areasServer struct {
	s     *Server
	tiles *tileServer // its data version
	cache *lruCache[*areasPage]
	build sync.Mutex // one response built at a time
}

type areasQuery struct {
	kind      geo.AreaKind
	gemeinde  string
	precision int
	limit     int
	after     int64
}

func parseAreasQuery(c *gin.Context) (areasQuery, error) {
	q := areasQuery{precision: areasDefaultPrecision, limit: areasDefaultLimit}
	if k := c.Query("kind"); k != "" {
		var err error
		if q.kind, err = geo.ParseAreaKind(k); err != nil {
			return q, err
		}
	}
	q.gemeinde = c.Query("gemeinde")
	intParam := func(name string, lo, hi int64, dst *int64) error {
		v := c.Query(name)
		if v == "" {
			return nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < lo || n > hi {
			return geo.Errorf(geo.EINVALID, "%s=%q: erwartet wird eine ganze Zahl von %d bis %d", name, v, lo, hi)
		}
		*dst = n
		return nil
	}
	p, l, a := int64(q.precision), int64(q.limit), int64(0)
	for _, e := range []error{
		intParam("precision", 0, areasMaxPrecision, &p),
		intParam("limit", 1, areasMaxLimit, &l),
		intParam("after", 0, math.MaxInt64, &a),
	} {
		if e != nil {
			return q, e
		}
	}
	q.precision, q.limit, q.after = int(p), int(l), a
	return q, nil
}

// key is the query's cache key, in a canonical order.
func (q areasQuery) key() string {
	return fmt.Sprintf("k=%s&g=%s&p=%d&l=%d&a=%d", q.kind, q.gemeinde, q.precision, q.limit, q.after)
}

// url is the query's URL with after set to after.
func (q areasQuery) url(after int64) string {
	v := url.Values{}
	if q.kind != "" {
		v.Set("kind", string(q.kind))
	}
	if q.gemeinde != "" {
		v.Set("gemeinde", q.gemeinde)
	}
	v.Set("precision", strconv.Itoa(q.precision))
	v.Set("limit", strconv.Itoa(q.limit))
	v.Set("after", strconv.FormatInt(after, 10))
	return "/api/v1/areas?" + v.Encode()
}

type areasPage struct {
	gz   []byte
	next string
	at   time.Time
}

// areas serves GET /api/v1/areas.
func (as *areasServer) areas(c *gin.Context) error {
	q, err := parseAreasQuery(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	version, err := as.tiles.currentVersion(ctx)
	if err != nil {
		return err
	}
	page, err := as.page(c, version+"|"+q.key(), q)
	if err != nil {
		return err
	}
	if page.next != "" {
		c.Header("Link", "<"+page.next+`>; rel="next"`)
	}
	qh := fnv.New64a()
	qh.Write([]byte(q.key()))
	return serveGzipped(c, fmt.Sprintf("%s-%x", version, qh.Sum64()), "public, max-age=60", "application/geo+json",
		func() ([]byte, error) { return page.gz, nil })
}

// page returns the cached page of key or builds it.
func (as *areasServer) page(c *gin.Context, key string, q areasQuery) (*areasPage, error) {
	get := func() *areasPage {
		if p, ok := as.cache.get(key); ok {
			if time.Since(p.at) < areasCacheTTL {
				return p
			}
		}
		return nil
	}
	if p := get(); p != nil {
		return p, nil
	}
	as.build.Lock()
	defer as.build.Unlock()
	if p := get(); p != nil {
		return p, nil
	}
	p, err := as.buildPage(c, q)
	if err != nil {
		return nil, err
	}
	as.cache.add(key, p)
	return p, nil
}

// buildPage reads the areas and renders one page.
func (as *areasServer) buildPage(c *gin.Context, q areasQuery) (*areasPage, error) {
	areas, err := as.s.store.Areas(c.Request.Context(), q.kind)
	if err != nil {
		return nil, err
	}
	var muni int64
	if q.gemeinde != "" {
		m, err := as.s.municipalityByAGS(c, q.gemeinde)
		if err != nil {
			return nil, err
		}
		muni = m.ID
	}
	slices.SortFunc(areas, func(a, b geo.AreaSummary) int { return cmp.Compare(a.ID, b.ID) })
	fc := geojson.NewFeatureCollection()
	vertices := 0
	var last int64
	more := false
	for _, a := range areas {
		if a.ID <= q.after || (muni != 0 && a.ID != muni && a.Municipality != muni) {
			continue
		}
		if len(fc.Features) == q.limit {
			more = true
			break
		}
		g, prec := areaGeometry(a.Geometry, q.precision, areasPageVertices)
		n := geo.Vertices(g)
		if len(fc.Features) > 0 && vertices+n > areasPageVertices {
			more = true
			break
		}
		vertices += n
		var geom orb.Geometry
		if len(g) > 0 {
			geom = g
		}
		f := geojson.NewFeature(geom)
		f.ID = a.ID
		f.Properties = geojson.Properties{
			"id":         a.ID,
			"kind":       a.Kind,
			"name":       a.Name,
			"addresses":  a.Addresses,
			"households": a.Households,
			"businesses": a.Businesses,
			"precision":  prec,
		}
		fc.Append(f)
		last = a.ID
	}
	p := &areasPage{at: time.Now()}
	if more {
		p.next = q.url(last)
		fc.ExtraMembers = geojson.Properties{"next": p.next}
	}
	b, err := fc.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("web: encode areas: %w", err)
	}
	if p.gz, err = gzipBytes(b); err != nil {
		return nil, err
	}
	return p, nil
}

// areaGeometry simplifies mp to precision decimal places, and further,
// a place at a time, until it has at most maxVertices vertices; it
// returns the geometry and the precision it has.
func areaGeometry(mp orb.MultiPolygon, precision, maxVertices int) (orb.MultiPolygon, int) {
	for p := precision; ; p-- {
		g := geo.SimplifyMultiPolygon(mp, math.Pow10(-p))
		if geo.Vertices(g) <= maxVertices || p == 0 {
			return g, p
		}
	}
}
