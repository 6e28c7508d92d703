package web

// The citizens' map background, served by the app itself:
//
//	GET /basemap/style.json        a MapLibre style (version 8) for the tiles
//	GET /basemap/{z}/{x}/{y}.mvt   vector tiles (MVT)
//
// The tiles come from a VectorBaseMap: a PMTiles extract (serve --basemap
// FILE.pmtiles, OpenPMTilesBaseMap) or the demo town's generated streets
// and buildings (FeatureBaseMap). Responses carry Content-Type
// application/vnd.mapbox-vector-tile, Cache-Control "public,
// max-age=86400", a strong ETag of the base map's version and z/x/y, and
// gzip like /tiles (serveGzipped); a tile the base map does not have is
// 200 with an empty body. Without a vector base map both paths are 404.
//
// The style draws land use, water, roads and buildings in muted greys
// under the districts, for the Protomaps basemap schema (earth, landuse,
// landcover, water, roads, buildings: what `pmtiles extract` cuts from
// the Protomaps builds) and the OpenMapTiles schema (landuse, landcover,
// park, water, waterway, transportation, building). It has no labels:
// MapLibre draws text only with glyphs from a glyph server, and no font
// glyphs are vendored. The map names places through the districts'
// popups and the text answer instead.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/gin-gonic/gin"

	"gigaplan/geo"
	"gigaplan/geo/pmtiles"
)

// VectorBaseMap is a vector base map the app serves at /basemap.
type VectorBaseMap interface {
	// Tile returns tile z/x/y as MVT, gzip-compressed when gzipped is
	// true; nil data when the base map has no such tile.
	Tile(z uint8, x, y uint32) (data []byte, gzipped bool, err error)
	// Info describes the tiles.
	Info() BaseMapInfo
}

// BaseMapInfo describes a VectorBaseMap.
type BaseMapInfo struct {
	MinZoom, MaxZoom int
	// Bounds are west, south, east, north in degrees; all zero: the world.
	Bounds [4]float64
	// Version changes whenever the tiles change: it is part of the ETag.
	Version string
}

// PMTilesBaseMap is a PMTiles file of vector tiles.
type PMTilesBaseMap struct {
	f    *pmtiles.File
	info BaseMapInfo
}

// OpenPMTilesBaseMap opens a PMTiles archive of vector tiles (MVT,
// uncompressed or gzip).
func OpenPMTilesBaseMap(path string) (*PMTilesBaseMap, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("base map: %w", err)
	}
	f, err := pmtiles.Open(path)
	if err != nil {
		return nil, fmt.Errorf("base map: %w", err)
	}
	h := f.Header()
	if h.TileType != pmtiles.TileTypeMVT {
		f.Close()
		return nil, fmt.Errorf("base map %s: tile type %d, want vector tiles (MVT, type 1)", path, h.TileType)
	}
	if h.TileCompression != pmtiles.CompressionNone && h.TileCompression != pmtiles.CompressionGzip {
		f.Close()
		return nil, fmt.Errorf("base map %s: tile compression %d, want gzip or none", path, h.TileCompression)
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s|%d|%d", path, fi.Size(), fi.ModTime().UnixNano()))
	return &PMTilesBaseMap{f: f, info: BaseMapInfo{
		MinZoom: int(h.MinZoom), MaxZoom: int(h.MaxZoom),
		Bounds:  [4]float64{h.MinLon, h.MinLat, h.MaxLon, h.MaxLat},
		Version: "p" + hex.EncodeToString(sum[:6]),
	}}, nil
}

// Tile implements VectorBaseMap.
func (p *PMTilesBaseMap) Tile(z uint8, x, y uint32) ([]byte, bool, error) {
	b, err := p.f.Tile(z, x, y)
	return b, p.f.Header().TileCompression == pmtiles.CompressionGzip, err
}

// Info implements VectorBaseMap.
func (p *PMTilesBaseMap) Info() BaseMapInfo { return p.info }

// Close closes the file.
func (p *PMTilesBaseMap) Close() error { return p.f.Close() }

// FeatureBaseMap serves generated features (the demo's streets and
// buildings), rendering each tile once into an LRU.
type FeatureBaseMap struct {
	ft    *geo.FeatureTiles
	info  BaseMapInfo
	cache *tileCache
}

// NewFeatureBaseMap serves ft; version names the data (the demo's seed).
func NewFeatureBaseMap(ft *geo.FeatureTiles, version string) *FeatureBaseMap {
	b := ft.Bound()
	return &FeatureBaseMap{ft: ft, cache: newTileCache(tileCacheSize), info: BaseMapInfo{
		MinZoom: 0, MaxZoom: geo.MaxTileZoom, Bounds: [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}, Version: "f" + version,
	}}
}

// Tile implements VectorBaseMap.
func (f *FeatureBaseMap) Tile(z uint8, x, y uint32) ([]byte, bool, error) {
	key := fmt.Sprintf("%d/%d/%d", z, x, y)
	if b, ok := f.cache.get(key); ok {
		return b, true, nil
	}
	raw, err := f.ft.Tile(uint32(z), x, y)
	if err != nil {
		return nil, false, err
	}
	b, err := gzipBytes(raw)
	if err != nil {
		return nil, false, err
	}
	f.cache.add(key, b)
	return b, true, nil
}

// Info implements VectorBaseMap.
func (f *FeatureBaseMap) Info() BaseMapInfo { return f.info }

// baseMapRoutes registers /basemap.
func (s *Server) baseMapRoutes(r *gin.Engine) {
	r.GET("/basemap/style.json", s.handle(s.baseMapStyleJSON))
	r.GET("/basemap/:z/:x/:y", s.handle(s.baseMapTile))
	r.HEAD("/basemap/:z/:x/:y", s.handle(s.baseMapTile))
}

// baseMapStyleURL is the style's URL, "" without a vector base map.
func (s *Server) baseMapStyleURL() string {
	if s.cfg.VectorBaseMap == nil {
		return ""
	}
	return "/basemap/style.json"
}

func (s *Server) baseMapTile(c *gin.Context) error {
	bm := s.cfg.VectorBaseMap
	if bm == nil {
		return geo.Errorf(geo.ENOTFOUND, "nicht gefunden: keine eigene Hintergrundkarte eingerichtet")
	}
	y, ok := strings.CutSuffix(c.Param("y"), ".mvt")
	if !ok {
		return geo.Errorf(geo.ENOTFOUND, "nicht gefunden: Hintergrundkacheln heißen /basemap/{z}/{x}/{y}.mvt")
	}
	z, x, yy, err := parseTile(c.Param("z"), c.Param("x"), y)
	if err != nil {
		return err
	}
	tag := fmt.Sprintf("%s-%d-%d-%d", bm.Info().Version, z, x, yy)
	return serveGzipped(c, tag, "public, max-age=86400", mvtType, func() ([]byte, error) {
		b, gz, err := bm.Tile(uint8(z), x, yy)
		switch {
		case err != nil:
			return nil, err
		case gz && len(b) > 0:
			return b, nil
		}
		return gzipBytes(b) // an empty tile when the base map has none
	})
}

func (s *Server) baseMapStyleJSON(c *gin.Context) error {
	bm := s.cfg.VectorBaseMap
	if bm == nil {
		return geo.Errorf(geo.ENOTFOUND, "nicht gefunden: keine eigene Hintergrundkarte eingerichtet")
	}
	c.Header("Cache-Control", "no-cache")
	c.JSON(http.StatusOK, baseMapStyle(bm.Info(), s.cfg.BaseMapAttribution))
	return nil
}

// Muted colours of the base map: it stays behind the districts.
const (
	bmGreen    = "#e3e9dc"
	bmBuilt    = "#ecebe7"
	bmIndustry = "#e9e6ec"
	bmWater    = "#cddce8"
	bmRoad     = "#ffffff"
	bmCasing   = "#bdb6ab"
	bmBuilding = "#dcd8d1"
	bmOutline  = "#c9c4bb"
)

// baseMapStyle is the MapLibre style of a vector base map: one source
// "basemap", every layer's id starting with "basemap-".
func baseMapStyle(info BaseMapInfo, attribution string) map[string]any {
	src := map[string]any{
		"type": "vector", "tiles": []string{"/basemap/{z}/{x}/{y}.mvt"},
		"minzoom": info.MinZoom, "maxzoom": info.MaxZoom,
	}
	if info.Bounds != ([4]float64{}) {
		src["bounds"] = info.Bounds
	}
	if attribution != "" {
		src["attribution"] = attribution
	}
	fill := func(id, layer string, filter []any, color string, minzoom int) map[string]any {
		l := map[string]any{"id": "basemap-" + id, "type": "fill", "source": "basemap", "source-layer": layer,
			"minzoom": minzoom, "paint": map[string]any{"fill-color": color}}
		if filter != nil {
			l["filter"] = filter
		}
		return l
	}
	// width grows with the zoom, from w px at 12 to 8w at 18.
	width := func(w float64) []any {
		return []any{"interpolate", []any{"exponential", 1.5}, []any{"zoom"}, 12, w, 18, w * 8}
	}
	line := func(id, layer string, filter []any, color string, w float64, minzoom int) map[string]any {
		return map[string]any{"id": "basemap-" + id, "type": "line", "source": "basemap", "source-layer": layer,
			"minzoom": minzoom, "filter": filter, "layout": map[string]any{"line-cap": "round", "line-join": "round"},
			"paint": map[string]any{"line-color": color, "line-width": width(w)}}
	}
	kinds := func(key string, vs ...string) []any {
		return []any{"in", []any{"get", key}, []any{"literal", vs}}
	}
	green := []string{"park", "forest", "wood", "grass", "meadow", "farmland", "garden", "nature_reserve", "cemetery", "recreation_ground", "golf_course", "orchard", "vineyard", "scrub"}
	built := []string{"residential", "neighbourhood", "suburb", "school", "hospital", "university", "college"}
	industry := []string{"industrial", "commercial", "retail", "railway", "military", "quarry"}
	pmMajor := kinds("kind", "highway", "major_road")
	pmMinor := kinds("kind", "minor_road", "other")
	omtMajor := kinds("class", "motorway", "trunk", "primary", "secondary", "tertiary")
	omtMinor := kinds("class", "minor", "service", "track")
	layers := []any{
		// Protomaps basemap schema.
		fill("pm-green", "landuse", kinds("kind", green...), bmGreen, 0),
		fill("pm-landcover", "landcover", nil, bmGreen, 0),
		fill("pm-built", "landuse", kinds("kind", built...), bmBuilt, 0),
		fill("pm-industry", "landuse", kinds("kind", industry...), bmIndustry, 0),
		// OpenMapTiles schema.
		fill("omt-landcover", "landcover", kinds("class", "wood", "grass", "farmland", "wetland"), bmGreen, 0),
		fill("omt-park", "park", nil, bmGreen, 0),
		fill("omt-built", "landuse", kinds("class", built...), bmBuilt, 0),
		fill("omt-industry", "landuse", kinds("class", industry...), bmIndustry, 0),
		// Water (both schemas name the layer "water").
		fill("water", "water", []any{"==", []any{"geometry-type"}, "Polygon"}, bmWater, 0),
		line("waterway", "waterway", []any{"has", "class"}, bmWater, 0.6, 10),
		// Roads: casings first, then the roads; minor below major.
		line("pm-minor-casing", "roads", pmMinor, bmCasing, 1.9, 13),
		line("omt-minor-casing", "transportation", omtMinor, bmCasing, 1.9, 13),
		line("pm-major-casing", "roads", pmMajor, bmCasing, 2.9, 8),
		line("omt-major-casing", "transportation", omtMajor, bmCasing, 2.9, 8),
		line("pm-minor", "roads", pmMinor, bmRoad, 1.2, 13),
		line("omt-minor", "transportation", omtMinor, bmRoad, 1.2, 13),
		line("pm-major", "roads", pmMajor, bmRoad, 2.0, 8),
		line("omt-major", "transportation", omtMajor, bmRoad, 2.0, 8),
		// Buildings.
		map[string]any{"id": "basemap-pm-buildings", "type": "fill", "source": "basemap", "source-layer": "buildings", "minzoom": 14,
			"paint": map[string]any{"fill-color": bmBuilding, "fill-outline-color": bmOutline}},
		map[string]any{"id": "basemap-omt-building", "type": "fill", "source": "basemap", "source-layer": "building", "minzoom": 14,
			"paint": map[string]any{"fill-color": bmBuilding, "fill-outline-color": bmOutline}},
	}
	return map[string]any{
		"version": 8,
		"name":    "Gigaplan Hintergrundkarte",
		"sources": map[string]any{"basemap": src},
		"layers":  layers,
	}
}
