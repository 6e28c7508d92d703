package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/web"
)

// mustServer returns a server on a fresh store with three addresses in two
// districts.
func mustServer(t *testing.T) *web.Server {
	t.Helper()
	areas := []geo.Area{
		{Kind: geo.KindMunicipality, Name: "Musterstadt", AGS: "08317999", Geometry: square(7.85, 48.40, 8.00, 48.55)},
		{Kind: geo.KindDistrict, Name: "Nord", Geometry: square(7.90, 48.47, 7.95, 48.50)},
		{Kind: geo.KindDistrict, Name: "Süd", Geometry: square(7.90, 48.44, 7.95, 48.47)},
	}
	addrs := []geo.Address{
		{Street: "Hauptstraße", HouseNumber: "12", Suffix: "a", Postcode: "77654", City: "Musterstadt", Lon: 7.92, Lat: 48.48, Households: 3, Type: geo.TypePrivate},
		{Street: "Hauptstraße", HouseNumber: "14", Postcode: "77654", City: "Musterstadt", Lon: 7.921, Lat: 48.481, Households: 1, Type: geo.TypePrivate},
		{Street: "Mühlenweg", HouseNumber: "3", Postcode: "77654", City: "Musterstadt", Lon: 7.92, Lat: 48.45, Households: 2, Type: geo.TypePrivate},
	}
	return serverWith(t, areas, addrs)
}

// square is the axis-parallel rectangle from (x0, y0) to (x1, y1).
func square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

// serverWith serves a new SQLite store holding areas and addresses (keys
// derived), overlaid.
func serverWith(t *testing.T, areas []geo.Area, addrs []geo.Address) *web.Server {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i := range addrs {
		addrs[i].Key = geo.AddressKey(addrs[i])
	}
	if _, err := st.ImportAreas(ctx, geo.Values(areas)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportAddresses(ctx, geo.Values(addrs)); err != nil {
		t.Fatal(err)
	}
	if _, err := (&geo.Service{Store: st}).Reassign(ctx); err != nil {
		t.Fatal(err)
	}
	return web.New(web.Config{}, st, &campaigns.Service{Geo: st, Store: st})
}

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestHealthz(t *testing.T) {
	srv := mustServer(t)
	rec := get(t, srv, "/healthz")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var body struct {
		Status string     `json:"status"`
		Counts geo.Counts `json:"counts"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if body.Status != "ok" || body.Counts.Addresses != 3 || body.Counts.Areas[geo.KindDistrict] != 2 {
		t.Errorf("healthz body: %s", rec.Body)
	}

	// An import committed without its overlay (a crash between the two):
	// "stale" with 503 until the overlay has run.
	st := srv.Store()
	ctx := context.Background()
	a := geo.Address{Street: "Mühlenweg", HouseNumber: "5", Postcode: "77654", City: "Musterstadt", Lon: 7.92, Lat: 48.45, Households: 1}
	a.Key = geo.AddressKey(a)
	if _, err := st.ImportAddresses(ctx, geo.Values([]geo.Address{a})); err != nil {
		t.Fatal(err)
	}
	if rec := get(t, srv, "/healthz"); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"status":"stale"`) {
		t.Errorf("after an import without overlay: %d %s", rec.Code, rec.Body)
	}
	if _, ran, err := (&geo.Service{Store: st}).CatchUp(ctx); err != nil || !ran {
		t.Fatalf("catch up: ran %v, %v", ran, err)
	}
	if rec := get(t, srv, "/healthz"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status":"ok"`) {
		t.Errorf("after catching up: %d %s", rec.Code, rec.Body)
	}
	if _, ran, err := (&geo.Service{Store: st}).CatchUp(ctx); err != nil || ran {
		t.Errorf("catch up when up to date: ran %v, %v", ran, err)
	}
}

func TestAreasGeoJSON(t *testing.T) {
	srv := mustServer(t)
	tests := []struct {
		name   string
		path   string
		status int
		names  []string
	}{
		{"all", "/api/v1/areas", 200, []string{"Musterstadt", "Nord", "Süd"}},
		{"districts", "/api/v1/areas?kind=district", 200, []string{"Nord", "Süd"}},
		{"one municipality", "/api/v1/areas?kind=municipality&gemeinde=08317999", 200, []string{"Musterstadt"}},
		{"unknown municipality", "/api/v1/areas?gemeinde=08317000", 404, nil},
		{"bad AGS", "/api/v1/areas?gemeinde=Musterstadt", 400, nil},
		{"zones", "/api/v1/areas?kind=zone", 200, nil},
		{"bad kind", "/api/v1/areas?kind=county", 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, srv, tt.path)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 {
				return
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/geo+json" {
				t.Errorf("content type %q", ct)
			}
			var fc struct {
				Type     string `json:"type"`
				Features []struct {
					Geometry   struct{ Type string } `json:"geometry"`
					Properties map[string]any        `json:"properties"`
				} `json:"features"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil {
				t.Fatal(err)
			}
			if fc.Type != "FeatureCollection" || len(fc.Features) != len(tt.names) {
				t.Fatalf("got %d features, want %d: %s", len(fc.Features), len(tt.names), rec.Body)
			}
			for i, f := range fc.Features {
				if f.Properties["name"] != tt.names[i] {
					t.Errorf("feature %d name %v, want %s", i, f.Properties["name"], tt.names[i])
				}
				if f.Geometry.Type != "MultiPolygon" {
					t.Errorf("feature %d geometry %s", i, f.Geometry.Type)
				}
			}
			if tt.name == "districts" {
				if hh := fc.Features[0].Properties["households"]; hh != float64(4) {
					t.Errorf("Nord households = %v, want 4", hh)
				}
			}
		})
	}
}

func TestSearch(t *testing.T) {
	srv := mustServer(t)
	tests := []struct {
		name   string
		q      string
		status int
		labels []string
	}{
		{"ss for ß", "hauptstrasse 12a", 200, []string{"Hauptstraße 12a, 77654 Musterstadt"}},
		{"prefix", "Hauptstr", 200, []string{"Hauptstraße 12a, 77654 Musterstadt", "Hauptstraße 14, 77654 Musterstadt"}},
		{"umlaut dropped", "muhlen", 200, []string{"Mühlenweg 3, 77654 Musterstadt"}},
		{"umlaut as ue", "MUEHLENWEG 3", 200, []string{"Mühlenweg 3, 77654 Musterstadt"}},
		{"none", "Bahnhofstraße", 200, nil},
		{"empty", "", 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, srv, "/api/v1/addresses/search?q="+url.QueryEscape(tt.q))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 {
				if !strings.Contains(rec.Body.String(), `"error"`) {
					t.Errorf("error body lacks a message: %s", rec.Body)
				}
				return
			}
			var body struct {
				Results []struct {
					ID    int64  `json:"id"`
					Label string `json:"label"`
				} `json:"results"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range body.Results {
				got = append(got, r.Label)
			}
			if strings.Join(got, "|") != strings.Join(tt.labels, "|") {
				t.Errorf("results %q, want %q", got, tt.labels)
			}
		})
	}
}

func TestAddressByID(t *testing.T) {
	srv := mustServer(t)
	rec := get(t, srv, "/api/v1/addresses/1")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"name":"Nord"`) {
		t.Errorf("address 1: %d %s", rec.Code, rec.Body)
	}
	for path, want := range map[string]int{"/api/v1/addresses/999": 404, "/api/v1/addresses/abc": 400, "/nope": 404} {
		if rec := get(t, srv, path); rec.Code != want {
			t.Errorf("%s: status %d, want %d", path, rec.Code, want)
		}
	}
}

// TestCancelledRequest: a request whose client went away (a map tile the
// browser no longer needs) fails in the store, but is not logged as an
// error.
func TestCancelledRequest(t *testing.T) {
	st := mustServer(t).Store().(*sqlite.Store)
	var logs bytes.Buffer
	srv := web.New(web.Config{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))},
		st, &campaigns.Service{Geo: st, Store: st})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/areas", nil).WithContext(ctx))
	if rec.Code != 499 || !strings.Contains(logs.String(), "request cancelled") {
		t.Errorf("cancelled request: %d, log:\n%s", rec.Code, logs.String())
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("cancelled request logged as an error:\n%s", logs.String())
	}
}
