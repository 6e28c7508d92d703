package web

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"gigaplan/geo"
)

type areasResponse struct {
	Type     string `json:"type"`
	Next     string `json:"next"`
	Features []struct {
		ID       int64 `json:"id"`
		Geometry *struct {
			Type        string          `json:"type"`
			Coordinates [][][][]float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties struct {
			Name      string `json:"name"`
			Kind      string `json:"kind"`
			Precision int    `json:"precision"`
		} `json:"properties"`
	} `json:"features"`
}

func (r areasResponse) vertices() int {
	n := 0
	for _, f := range r.Features {
		if f.Geometry == nil {
			continue
		}
		for _, p := range f.Geometry.Coordinates {
			for _, ring := range p {
				n += len(ring)
			}
		}
	}
	return n
}

func getAreas(t *testing.T, h http.Handler, path string, header ...string) (*httptest.ResponseRecorder, areasResponse) {
	t.Helper()
	rec := getTile(t, h, path, header...)
	var r areasResponse
	if rec.Code == http.StatusOK {
		body := rec.Body.Bytes()
		if rec.Header().Get("Content-Encoding") == "gzip" {
			var err error
			if body, err = gunzip(body); err != nil {
				t.Fatal(err)
			}
		}
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	return rec, r
}

// areasRouter serves /api/v1/areas of srv with its own tile server, so a
// test can expire the data version.
func areasRouter(srv *Server) (*gin.Engine, *tileServer, *areasServer) {
	r := gin.New()
	ts := newTileServer(srv, 0)
	as := &areasServer{s: srv, tiles: ts, cache: newLRU[*areasPage](areasCacheSize)}
	r.GET("/api/v1/areas", srv.handle(as.areas))
	return r, ts, as
}

// Following "next" from page to page yields every area once, in ID
// order, and the Link header says the same.
func TestAreasPages(t *testing.T) {
	srv, _ := mustDemoStore(t)
	_, all := getAreas(t, srv, "/api/v1/areas")
	if all.Next != "" || len(all.Features) < 10 {
		t.Fatalf("one page: %d features, next %q", len(all.Features), all.Next)
	}
	var ids []int64
	path := "/api/v1/areas?limit=4"
	pages := 0
	for path != "" {
		rec, page := getAreas(t, srv, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		if len(page.Features) > 4 {
			t.Fatalf("%s: %d features", path, len(page.Features))
		}
		link := rec.Header().Get("Link")
		if (page.Next == "") != (link == "") || (link != "" && link != "<"+page.Next+`>; rel="next"`) {
			t.Errorf("%s: next %q, Link %q", path, page.Next, link)
		}
		for _, f := range page.Features {
			ids = append(ids, f.ID)
		}
		path = page.Next
		if pages++; pages > 100 {
			t.Fatal("no last page")
		}
	}
	if want := (len(all.Features) + 3) / 4; pages != want {
		t.Errorf("%d pages, want %d", pages, want)
	}
	var want []int64
	for _, f := range all.Features {
		want = append(want, f.ID)
	}
	if !slices.Equal(ids, want) || !slices.IsSorted(ids) {
		t.Errorf("pages gave %v, one page %v", ids, want)
	}
}

// ?precision= rounds and simplifies the coordinates; bad parameters are
// 400 with a German message naming the parameter.
func TestAreasPrecision(t *testing.T) {
	srv, _ := mustDemoStore(t)
	_, full := getAreas(t, srv, "/api/v1/areas?kind=district&precision=6")
	_, coarse := getAreas(t, srv, "/api/v1/areas?kind=district&precision=2")
	if len(coarse.Features) != len(full.Features) {
		t.Fatalf("%d features at precision 2, %d at 6", len(coarse.Features), len(full.Features))
	}
	for _, f := range coarse.Features {
		if f.Properties.Precision != 2 {
			t.Errorf("%s: precision %d", f.Properties.Name, f.Properties.Precision)
		}
		if f.Geometry == nil {
			continue
		}
		for _, p := range f.Geometry.Coordinates {
			for _, r := range p {
				for _, c := range r {
					for _, v := range c {
						if math.Abs(v*100-math.Round(v*100)) > 1e-6 {
							t.Fatalf("%s: coordinate %v at precision 2", f.Properties.Name, v)
						}
					}
				}
			}
		}
	}
	if coarse.vertices() >= full.vertices() {
		t.Errorf("precision 2 has %d vertices, precision 6 %d", coarse.vertices(), full.vertices())
	}
	for _, q := range []string{"precision=7", "precision=-1", "precision=x", "limit=0", "limit=1001", "after=-3", "after=1e3"} {
		rec := getTile(t, srv, "/api/v1/areas?"+q)
		name, _, _ := strings.Cut(q, "=")
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), name+"=") || !strings.Contains(rec.Body.String(), "ganze Zahl") {
			t.Errorf("?%s: %d %s", q, rec.Code, rec.Body)
		}
	}
}

// comb is a zone with teeth 2 m apart: n vertices that survive
// simplification at 1 m.
func comb(lon, lat float64, n int) orb.MultiPolygon {
	const dx = 2e-5
	ring := orb.Ring{{lon, lat}}
	for i := range n / 4 {
		x := lon + float64(i)*dx
		ring = append(ring, orb.Point{x, lat + 0.002}, orb.Point{x + dx/2, lat + 0.002}, orb.Point{x + dx/2, lat + 0.0001}, orb.Point{x + dx, lat + 0.0001})
	}
	ring = append(ring, orb.Point{lon + float64(n/4)*dx, lat}, orb.Point{lon, lat})
	return orb.MultiPolygon{{ring}}
}

// A response stays bounded whatever was imported: an area of 400,000
// vertices comes simplified below the page's vertex budget, saying to
// which precision.
func TestAreasBounded(t *testing.T) {
	srv, _ := mustDemoStore(t)
	ctx := context.Background()
	big := geo.Area{Kind: geo.KindZone, Name: "Kamm", Geometry: comb(7.0, 48.0, 400_000)}
	small := geo.Area{Kind: geo.KindZone, Name: "Klein", Geometry: orb.MultiPolygon{{{{7.0, 47.9}, {7.01, 47.9}, {7.01, 47.91}, {7.0, 47.91}, {7.0, 47.9}}}}}
	if _, err := srv.store.ImportAreas(ctx, geo.Values([]geo.Area{big, small})); err != nil {
		t.Fatal(err)
	}
	var seen []string
	path := "/api/v1/areas?kind=zone"
	for path != "" {
		rec, page := getAreas(t, srv, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		if n := page.vertices(); n > areasPageVertices {
			t.Errorf("%s: %d vertices, at most %d allowed", path, n, areasPageVertices)
		}
		for _, f := range page.Features {
			seen = append(seen, f.Properties.Name)
			if f.Properties.Name == "Kamm" {
				if f.Properties.Precision >= areasDefaultPrecision || f.Geometry == nil {
					t.Errorf("Kamm at precision %d, geometry %v", f.Properties.Precision, f.Geometry != nil)
				}
			}
		}
		path = page.Next
	}
	if !slices.Contains(seen, "Kamm") || !slices.Contains(seen, "Klein") {
		t.Errorf("zones seen: %v", seen)
	}
}

// A page is built once per data version: the same request is served from
// the cache with the same ETag (304 with If-None-Match), and a change of
// the data builds it anew.
func TestAreasCache(t *testing.T) {
	srv, _ := mustDemoStore(t)
	r, ts, as := areasRouter(srv)
	first, fr := getAreas(t, r, "/api/v1/areas?kind=zone", "Accept-Encoding", "gzip")
	if first.Code != http.StatusOK || first.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, encoding %q", first.Code, first.Header().Get("Content-Encoding"))
	}
	if len(fr.Features) == 0 {
		t.Fatal("no zones")
	}
	etag := first.Header().Get("ETag")
	if as.cache.len() != 1 {
		t.Fatalf("cache holds %d pages", as.cache.len())
	}
	if again := getTile(t, r, "/api/v1/areas?kind=zone", "If-None-Match", etag, "Accept-Encoding", "gzip"); again.Code != http.StatusNotModified {
		t.Fatalf("If-None-Match: status %d", again.Code)
	}
	_, plain := getAreas(t, r, "/api/v1/areas?kind=zone")
	n := len(plain.Features)
	zone := geo.Area{Kind: geo.KindZone, Name: "Neues Gewerbegebiet", Geometry: orb.MultiPolygon{{{{7.0, 47.9}, {7.01, 47.9}, {7.01, 47.91}, {7.0, 47.91}, {7.0, 47.9}}}}}
	if _, err := srv.store.ImportAreas(context.Background(), geo.Values([]geo.Area{zone})); err != nil {
		t.Fatal(err)
	}
	ts.mu.Lock()
	ts.checked = time.Time{} // as if a second had passed
	ts.mu.Unlock()
	second, after := getAreas(t, r, "/api/v1/areas?kind=zone")
	if second.Header().Get("ETag") == etag || len(after.Features) != n+1 {
		t.Errorf("after a new zone: ETag %q (was %q), %d zones (were %d)", second.Header().Get("ETag"), etag, len(after.Features), n)
	}
}
