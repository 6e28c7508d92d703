package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/geo/pmtiles"
	"gigaplan/web"
)

// basemapCentre is where the fixture's tiles lie: the demo town.
var basemapCentre = orb.Point{7.94, 48.47}

// writeBaseMapFixture writes a PMTiles file of gzip-compressed vector
// tiles: for zooms 10–14 the tile over basemapCentre, with a "roads" layer
// holding one road through it (and, at 14, a "buildings" layer).
func writeBaseMapFixture(t *testing.T) string {
	t.Helper()
	var tiles []pmtiles.Tile
	for z := maptile.Zoom(10); z <= 14; z++ {
		tile := maptile.At(basemapCentre, z)
		fcs := map[string]*geojson.FeatureCollection{"roads": geojson.NewFeatureCollection()}
		road := geojson.NewFeature(orb.LineString{{7.93, 48.47}, {7.95, 48.47}})
		road.Properties["kind"] = "major_road"
		fcs["roads"].Append(road)
		if z == 14 {
			fcs["buildings"] = geojson.NewFeatureCollection()
			fcs["buildings"].Append(geojson.NewFeature(orb.Polygon{{{7.9400, 48.4702}, {7.9402, 48.4702}, {7.9402, 48.4703}, {7.9400, 48.4703}, {7.9400, 48.4702}}}))
		}
		ls := mvt.NewLayers(fcs)
		ls.ProjectToTile(tile)
		b, err := mvt.MarshalGzipped(ls)
		if err != nil {
			t.Fatal(err)
		}
		tiles = append(tiles, pmtiles.Tile{Z: uint8(z), X: tile.X, Y: tile.Y, Data: b})
	}
	var buf bytes.Buffer
	if err := pmtiles.Write(&buf, tiles, pmtiles.WriteOptions{TileType: pmtiles.TileTypeMVT, TileCompression: pmtiles.CompressionGzip,
		MinLon: 7.8, MinLat: 48.4, MaxLon: 8.1, MaxLat: 48.55, CenterZoom: 13}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "basemap.pmtiles")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// emptyServer serves an empty store with cfg.
func emptyServer(t *testing.T, cfg web.Config) *web.Server {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return web.New(cfg, st, &campaigns.Service{Geo: st, Store: st})
}

func request(h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestBaseMapPMTiles(t *testing.T) {
	bm, err := web.OpenPMTilesBaseMap(writeBaseMapFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	defer bm.Close()
	if info := bm.Info(); info.MinZoom != 10 || info.MaxZoom != 14 || info.Bounds != [4]float64{7.8, 48.4, 8.1, 48.55} {
		t.Errorf("info %+v", info)
	}
	srv := emptyServer(t, web.Config{VectorBaseMap: bm, BaseMapAttribution: "© OpenStreetMap"})

	// The style: one vector source with the app's tile URL, muted layers
	// under the districts, no labels (no glyphs are vendored).
	rec := request(srv, "/basemap/style.json")
	if rec.Code != http.StatusOK {
		t.Fatalf("style: %d %s", rec.Code, rec.Body)
	}
	var style struct {
		Version int
		Glyphs  string
		Sources map[string]struct {
			Type        string
			Tiles       []string
			MinZoom     int `json:"minzoom"`
			MaxZoom     int `json:"maxzoom"`
			Attribution string
		}
		Layers []struct {
			ID, Type, Source string
			SourceLayer      string `json:"source-layer"`
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &style); err != nil {
		t.Fatal(err)
	}
	src := style.Sources["basemap"]
	if style.Version != 8 || len(style.Sources) != 1 || src.Type != "vector" || len(src.Tiles) != 1 || src.Tiles[0] != "/basemap/{z}/{x}/{y}.mvt" ||
		src.MinZoom != 10 || src.MaxZoom != 14 || src.Attribution != "© OpenStreetMap" {
		t.Errorf("style source %+v", style.Sources)
	}
	drawn := map[string]bool{}
	for _, l := range style.Layers {
		if !strings.HasPrefix(l.ID, "basemap-") || l.Source != "basemap" {
			t.Errorf("layer %+v: want id basemap-… on source basemap", l)
		}
		if l.Type == "symbol" {
			t.Errorf("layer %s draws text: no glyphs are served", l.ID)
		}
		drawn[l.SourceLayer] = true
	}
	for _, want := range []string{"roads", "buildings", "water", "landuse", "transportation", "building"} {
		if !drawn[want] {
			t.Errorf("no style layer draws %q", want)
		}
	}

	tile := maptile.At(basemapCentre, 14)
	path := "/basemap/14/" + strconv.Itoa(int(tile.X)) + "/" + strconv.Itoa(int(tile.Y)) + ".mvt"
	tests := []struct {
		name     string
		path     string
		header   []string
		status   int
		gzipped  bool
		layers   []string // nil: no body check
		emptyMVT bool
	}{
		{"gzip", path, []string{"Accept-Encoding", "gzip"}, 200, true, []string{"buildings", "roads"}, false},
		{"identity", path, nil, 200, false, []string{"buildings", "roads"}, false},
		{"not in the extract", "/basemap/14/0/0.mvt", []string{"Accept-Encoding", "gzip"}, 200, true, nil, true},
		{"above the extract's zooms", "/basemap/16/0/0.mvt", nil, 200, false, nil, true},
		{"no .mvt", "/basemap/14/1/1.png", nil, 404, false, nil, false},
		{"bad coordinates", "/basemap/3/9/0.mvt", nil, 400, false, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := request(srv, tt.path, tt.header...)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 {
				return
			}
			h := rec.Header()
			if ct := h.Get("Content-Type"); ct != "application/vnd.mapbox-vector-tile" {
				t.Errorf("Content-Type %q", ct)
			}
			if cc := h.Get("Cache-Control"); cc != "public, max-age=86400" {
				t.Errorf("Cache-Control %q", cc)
			}
			if h.Get("ETag") == "" {
				t.Error("no ETag")
			}
			body := rec.Body.Bytes()
			if (h.Get("Content-Encoding") == "gzip") != tt.gzipped {
				t.Fatalf("Content-Encoding %q, want gzip %v", h.Get("Content-Encoding"), tt.gzipped)
			}
			if tt.gzipped {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if tt.emptyMVT {
				if len(body) != 0 {
					t.Errorf("%d bytes, want an empty tile", len(body))
				}
				return
			}
			ls, err := mvt.Unmarshal(body)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, l := range ls {
				names = append(names, l.Name)
			}
			slices.Sort(names)
			if strings.Join(names, ",") != strings.Join(tt.layers, ",") {
				t.Errorf("layers %v, want %v", names, tt.layers)
			}
			// The same tile again with its ETag: 304.
			again := request(srv, tt.path, append(tt.header, "If-None-Match", h.Get("ETag"))...)
			if again.Code != http.StatusNotModified {
				t.Errorf("If-None-Match: status %d, want 304", again.Code)
			}
		})
	}

	// The citizens' page points the map at the style, not at a raster URL,
	// and allows no third-party origin.
	rec = request(srv, "/")
	page := rec.Body.String()
	if !strings.Contains(page, `data-basemap-style="/basemap/style.json"`) || !strings.Contains(page, `data-basemap=""`) {
		t.Errorf("the page's map does not use the vector base map")
	}
	if csp := rec.Header().Get("Content-Security-Policy"); strings.Contains(csp, "https://") {
		t.Errorf("CSP names another origin: %s", csp)
	}
}

func TestBaseMapNone(t *testing.T) {
	srv := emptyServer(t, web.Config{})
	for _, path := range []string{"/basemap/style.json", "/basemap/14/0/0.mvt"} {
		if rec := request(srv, path); rec.Code != http.StatusNotFound {
			t.Errorf("%s without a vector base map: %d, want 404", path, rec.Code)
		}
	}
}

func TestBaseMapOpenErrors(t *testing.T) {
	dir := t.TempDir()
	raster := filepath.Join(dir, "raster.pmtiles")
	var buf bytes.Buffer
	if err := pmtiles.Write(&buf, []pmtiles.Tile{{Z: 0, Data: []byte("png")}}, pmtiles.WriteOptions{TileType: pmtiles.TileTypePNG}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(raster, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.pmtiles")
	if err := os.WriteFile(garbage, []byte("not a pmtiles file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "missing.pmtiles"), "no such file"},
		{"raster tiles", raster, "want vector tiles"},
		{"not PMTiles", garbage, "invalid archive"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := web.OpenPMTilesBaseMap(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestBaseMapDemo: the demo's streets and buildings as the background,
// and the banner on citizen and office pages while the demo is loaded.
func TestBaseMapDemo(t *testing.T) {
	town := demo.New(demo.DefaultSeed)
	n := demo.NewNeighbour(town, demo.DefaultSeed)
	bm := web.NewFeatureBaseMap(geo.NewFeatureTiles(demo.BaseMapLayers(town, n)), "2026")
	a := town.Addresses[len(town.Addresses)/2]
	tile := maptile.At(orb.Point{a.Lon, a.Lat}, 16)
	raw, gz, err := bm.Tile(16, tile.X, tile.Y)
	if err != nil || !gz {
		t.Fatalf("tile: gzipped %v, %v", gz, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	ls, err := mvt.Unmarshal(body)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, l := range ls {
		got[l.Name] = len(l.Features)
	}
	if got["roads"] == 0 || got["buildings"] == 0 {
		t.Errorf("the tile over %s has %v: want roads and buildings", a.Label(), got)
	}

	for _, tt := range []struct {
		name   string
		ags    []string
		banner bool
	}{
		{"demo loaded", []string{demo.TownAGS, demo.NeighbourAGS}, true},
		{"other data", []string{"01001000"}, false},
		{"not configured", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, _, _ := demoServer(t, web.Config{DemoAGS: tt.ags, Users: nil})
			for _, path := range []string{"/", "/?lang=en", "/adresse/" + "1"} {
				body := request(srv, path).Body.String()
				has := strings.Contains(body, "Demodaten – fiktive Gemeinde") || strings.Contains(body, "Demo data – fictitious municipality")
				if has != tt.banner {
					t.Errorf("%s: banner %v, want %v", path, has, tt.banner)
				}
			}
		})
	}
}
