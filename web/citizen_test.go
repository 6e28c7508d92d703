package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/reports"
	"gigaplan/web"
)

// These tests cover everything the server decides; browser_test.go runs
// the pages in Chromium.

// townPage is the demo town's citizens' page: / lists the county's two
// towns (demo.Load).
const townPage = "/" + demo.TownAGS

// demoServer loads the demo county (demo.Load), as `gigaplan serve` does
// on an empty store.
func demoServer(t *testing.T, cfg web.Config) (*web.Server, *sqlite.Store, *campaigns.Service) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	_, svc, err := demo.Load(ctx, st, time.Now(), func(svc *campaigns.Service) demo.Eligible {
		return reports.Source{Geo: st, Supply: st, Campaigns: svc}.EligibleByRule
	})
	if err != nil {
		t.Fatal(err)
	}
	return web.New(cfg, st, svc), st, svc
}

// runningAddress finds an address in a district whose pre-marketing is
// still running: the answer with a progress bar.
func runningAddress(t *testing.T, st *sqlite.Store, svc *campaigns.Service) (geo.Address, campaigns.Coverage) {
	t.Helper()
	addrs, _ := firstAddresses(t, st)
	for _, a := range addrs {
		cov, err := svc.Coverage(context.Background(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cov.State == campaigns.CoveragePreMarketing && strings.HasPrefix(cov.Message, "Vorvermarktung läuft") {
			return a, cov
		}
	}
	t.Fatal("demo town: no address with a running pre-marketing")
	return geo.Address{}, campaigns.Coverage{}
}

var (
	scriptTag = regexp.MustCompile(`(?is)<script\b[^>]*>`)
	inlineCSS = regexp.MustCompile(`(?is)<[a-z][^>]*\sstyle\s*=|<style\b`)
	onHandler = regexp.MustCompile(`(?is)<[a-z][^>]*\son[a-z]+\s*=`)
	hashedURL = regexp.MustCompile(`/static/[a-z0-9/_-]+\.[0-9a-f]{16}\.[a-z]+`)
)

// checkCSPSafe fails on inline scripts, style attributes or elements, and
// on* handler attributes: the page must work under script-src 'self' and
// style-src 'self'.
func checkCSPSafe(t *testing.T, body string) {
	t.Helper()
	for _, tag := range scriptTag.FindAllString(body, -1) {
		if !strings.Contains(tag, " src=") {
			t.Errorf("inline script: %s", tag)
		}
	}
	if m := inlineCSS.FindString(body); m != "" {
		t.Errorf("inline style: %s", m)
	}
	if m := onHandler.FindString(body); m != "" {
		t.Errorf("event handler attribute: %s", m)
	}
}

func isHTML(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q, want text/html", ct)
	}
}

func TestCitizenPages(t *testing.T) {
	srv, st, svc := demoServer(t, web.Config{})

	t.Run("county", func(t *testing.T) {
		// Two towns: / lists them, each links to its page.
		body := get(t, srv, "/").Body.String()
		for _, want := range []string{`<h1 id="page-title">Glasfaser an meiner Adresse?</h1>`, `<h2 id="towns-title">Gemeinden</h2>`,
			`<a href="` + townPage + `">Musterstadt</a>`, `>Kleinbach</a>`} {
			if !strings.Contains(body, want) {
				t.Errorf("GET / lacks %s", want)
			}
		}
	})

	t.Run("home", func(t *testing.T) {
		rec := get(t, srv, townPage)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", townPage, rec.Code)
		}
		isHTML(t, rec)
		body := rec.Body.String()
		for _, want := range []string{
			`<html lang="de">`,
			// The town's page: its name in the title.
			`<h1 id="page-title">Glasfaser an meiner Adresse? <span class="town">Musterstadt</span></h1>`,
			`<label for="q">Straße und Hausnummer</label>`,
			`<form class="search" action="/suche" method="get" role="search">`,
			`class="skip-link" href="#main"`,
			`aria-live="polite"`,
			`data-tiles="/tiles/{z}/{x}/{y}.pbf"`,
			`data-basemap="` + html.EscapeString(web.DefaultBaseMapURL) + `"`,
			`href="` + townPage + `?lang=en"`,
			`<h2 id="overview-title">Ortsteile im Überblick</h2>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET / lacks %s", want)
			}
		}
		// The footer links people to pages, not to the API's YAML file.
		if strings.Contains(body, "openapi.yaml") {
			t.Error("GET / links the OpenAPI YAML file")
		}
		checkCSPSafe(t, body)
		// Nothing from third-party hosts: every script and stylesheet is ours.
		for _, m := range regexp.MustCompile(`(?i)(?:src|href)="(https?:)?//[^"]*"`).FindAllString(body, -1) {
			t.Errorf("third-party reference: %s", m)
		}
		urls := hashedURL.FindAllString(body, -1)
		for _, want := range []string{"/static/app.", "/static/map.", "/static/app.", "/static/vendor/maplibre-gl-csp.", "/static/vendor/maplibre-gl-csp-worker.", "/static/vendor/maplibre-gl."} {
			if !slices.ContainsFunc(urls, func(u string) bool { return strings.HasPrefix(u, want) }) {
				t.Errorf("GET / links no hashed %s…", want)
			}
		}
		for _, u := range urls {
			if rec := get(t, srv, u); rec.Code != http.StatusOK {
				t.Errorf("GET %s: %d", u, rec.Code)
			}
		}
	})

	t.Run("english", func(t *testing.T) {
		rec := get(t, srv, "/?lang=en")
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "Fibre at my address?") ||
			!strings.Contains(body, `<input type="hidden" name="lang" value="en">`) || !strings.Contains(body, `href="/" hreflang="de"`) {
			t.Fatalf("GET /?lang=en: %d\n%s", rec.Code, body)
		}
	})

	t.Run("outside the boundary", func(t *testing.T) {
		// Sonnenhof lies beyond Musterstadt's boundary, in no municipality;
		// its AGS (from the address file) makes it Musterstadt's: the
		// town's search and contact, not none of the county's two.
		var outside geo.Address
		for a, err := range st.Addresses(context.Background(), geo.AddressFilter{Unassigned: true}) {
			if err != nil {
				t.Fatal(err)
			}
			if a.AGS == demo.TownAGS {
				outside = a
				break
			}
		}
		if outside.ID == 0 {
			t.Fatal("the demo has no address of the town outside its boundary")
		}
		body := get(t, srv, "/adresse/"+itoa(outside.ID)).Body.String()
		for _, want := range []string{`<input type="hidden" name="gemeinde" value="` + demo.TownAGS + `">`,
			`– Glasfaser an meiner Adresse? – Musterstadt</title>`} {
			if !strings.Contains(body, want) {
				t.Errorf("GET /adresse/%d (%s) lacks %s", outside.ID, outside.Label(), want)
			}
		}
	})

	a, cov := runningAddress(t, st, svc)
	id := itoa(a.ID)

	t.Run("address permalink", func(t *testing.T) {
		rec := get(t, srv, "/api/v1/addresses/"+id+"/coverage")
		var api struct {
			State   string `json:"state"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &api); err != nil || rec.Code != 200 {
			t.Fatalf("coverage API: %d %v", rec.Code, err)
		}
		if api.Message != cov.Message {
			t.Fatalf("API message %q, service %q", api.Message, cov.Message)
		}

		rec = get(t, srv, "/adresse/"+id)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /adresse/%s: %d", id, rec.Code)
		}
		isHTML(t, rec)
		body := rec.Body.String()
		for _, want := range []string{
			`<h2 id="answer-title">` + html.EscapeString(a.Label()) + `</h2>`,
			`<p class="message">` + html.EscapeString(api.Message) + `</p>`,
			`<progress id="answer-progress"`,
			`<dt>Anbieter</dt><dd>` + html.EscapeString(cov.Provider) + `</dd>`,
			`<dt>Vermarktung</dt><dd>` + html.EscapeString(cov.Campaign) + `</dd>`,
			`data-address="` + id + `"`,
			`href="/adresse/` + id + `"`,
			`<title>` + html.EscapeString(a.Label()) + ` – Glasfaser an meiner Adresse? – Musterstadt</title>`,
			`<input type="hidden" name="gemeinde" value="08317999">`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET /adresse/%s lacks %s", id, want)
			}
		}
		checkCSPSafe(t, body)

		// English: the key sentence in English too, no German left.
		body = get(t, srv, "/adresse/"+id+"?lang=en").Body.String()
		if !strings.Contains(body, `<p class="message">Pre-marketing running: `) || strings.Contains(body, html.EscapeString(api.Message)) ||
			!strings.Contains(body, `<dt>Provider</dt>`) || strings.Contains(body, `<p class="message" lang=`) {
			t.Errorf("GET /adresse/%s?lang=en: no English answer", id)
		}

		// The answer alone, as app.js puts it in place: the same markup.
		part := get(t, srv, "/adresse/"+id+"/auskunft")
		if part.Code != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(part.Body.String()), `<article class="answer state-premarketing"`) ||
			!strings.Contains(part.Body.String(), `data-lon=`) {
			t.Errorf("GET /adresse/%s/auskunft: %d\n%s", id, part.Code, part.Body.String())
		}
		if rec := get(t, srv, "/adresse/999999999/auskunft"); rec.Code != http.StatusNotFound {
			t.Errorf("GET /adresse/999999999/auskunft: %d, want 404", rec.Code)
		}
	})

	t.Run("every state renders", func(t *testing.T) {
		// One address per district: the states of the demo campaigns
		// (reached, missed, extended, construction, none) all render.
		addrs, districts := firstAddresses(t, st)
		seen := map[campaigns.CoverageState]bool{}
		for i, a := range addrs {
			cov, err := svc.Coverage(context.Background(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			seen[cov.State] = true
			rec := get(t, srv, "/adresse/"+itoa(a.ID))
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), html.EscapeString(cov.Message)) ||
				!strings.Contains(rec.Body.String(), "Ortsteil: "+html.EscapeString(districts[i])) {
				t.Errorf("/adresse/%d (%s): %d, message %q or district missing", a.ID, cov.State, rec.Code, cov.Message)
			}
		}
		if len(seen) < 3 {
			t.Errorf("only states %v in the demo districts", seen)
		}
	})

	t.Run("search fallback", func(t *testing.T) {
		rec := get(t, srv, "/suche?q=hauptstrasse")
		if rec.Code != 200 {
			t.Fatalf("GET /suche: %d", rec.Code)
		}
		body := rec.Body.String()
		links := regexp.MustCompile(`<li><a href="/adresse/(\d+)">Hauptstraße [^<]*</a>(?: <span class="result-district">· Ortsteil [^<]+</span>)?</li>`).FindAllStringSubmatch(body, -1)
		if len(links) < 2 {
			t.Fatalf("/suche?q=hauptstrasse lists %d Hauptstraße links:\n%s", len(links), body)
		}
		if !strings.Contains(body, `value="hauptstrasse"`) {
			t.Errorf("the query is not kept in the field")
		}
		checkCSPSafe(t, body)
		// The links lead to answers.
		if rec := get(t, srv, "/adresse/"+links[0][1]); rec.Code != 200 {
			t.Errorf("first result %s: %d", links[0][1], rec.Code)
		}
		// Same matches as the JSON API.
		var api struct {
			Results []struct{ ID int64 } `json:"results"`
		}
		rec = get(t, srv, "/api/v1/addresses/search?q=hauptstrasse&limit=1")
		if err := json.Unmarshal(rec.Body.Bytes(), &api); err != nil || len(api.Results) != 1 || itoa(api.Results[0].ID) != links[0][1] {
			t.Errorf("API's first match %s, page's %s", rec.Body, links[0][1])
		}

		for _, tc := range []struct{ name, path, want string }{
			{"nothing found", "/suche?q=gibtsnichtweg", "Keine Adresse gefunden"},
			{"empty", "/suche?q=", "Bitte geben Sie Straße und Hausnummer ein."},
			{"english", "/suche?q=hauptstrasse&lang=en", `<a href="/adresse/` + links[0][1] + `?lang=en">`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rec := get(t, srv, tc.path)
				if rec.Code != 200 || !strings.Contains(rec.Body.String(), tc.want) {
					t.Errorf("GET %s: %d, want %q", tc.path, rec.Code, tc.want)
				}
			})
		}
	})

	t.Run("not found", func(t *testing.T) {
		for _, path := range []string{"/adresse/99999999", "/adresse/0", "/adresse/abc"} {
			rec := get(t, srv, path)
			if rec.Code != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, rec.Code)
				continue
			}
			isHTML(t, rec)
			body := rec.Body.String()
			if !strings.Contains(body, `<html lang="de">`) || !strings.Contains(body, "<h1>Nicht gefunden</h1>") ||
				!strings.Contains(body, `action="/suche"`) {
				t.Errorf("GET %s: no German 404 page:\n%s", path, body)
			}
			checkCSPSafe(t, body)
		}
	})
}

func TestBaseMapConfig(t *testing.T) {
	st := mustServer(t).Store()
	camps := &campaigns.Service{Geo: st.(*sqlite.Store), Store: st.(*sqlite.Store)}
	for _, tc := range []struct {
		name           string
		cfg            web.Config
		basemap, attrs string
	}{
		{"default", web.Config{}, web.DefaultBaseMapURL, web.DefaultBaseMapAttribution},
		{"none", web.Config{BaseMapURL: "none"}, "", ""},
		{"own", web.Config{BaseMapURL: "https://tiles.example.org/{z}/{x}/{y}.png", BaseMapAttribution: "© Stadt"},
			"https://tiles.example.org/{z}/{x}/{y}.png", "© Stadt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := get(t, web.New(tc.cfg, st, camps), "/").Body.String()
			want := `data-basemap="` + html.EscapeString(tc.basemap) + `" data-attribution="` + html.EscapeString(tc.attrs) + `"`
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %s", want)
			}
		})
	}
}

func TestStaticAssets(t *testing.T) {
	srv := mustServer(t)
	page := get(t, srv, "/").Body.String()
	appJS := regexp.MustCompile(`/static/app\.[0-9a-f]{16}\.js`).FindString(page)
	if appJS == "" {
		t.Fatal("GET / links no hashed app.js")
	}

	rec := get(t, srv, appJS)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", appJS, rec.Code)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", cc)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("Content-Type %q", ct)
	}
	etag := rec.Header().Get("ETag")
	if etag == "" || !strings.Contains(rec.Body.String(), "gigaplan:select") {
		t.Fatalf("ETag %q, body %.80q", etag, rec.Body)
	}

	// Revalidation and compression.
	req := httptest.NewRequest(http.MethodGet, appJS, nil)
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", rec.Code)
	}
	req = httptest.NewRequest(http.MethodGet, appJS, nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("gzip: %d %q %q", rec.Code, rec.Header().Get("Content-Encoding"), rec.Header().Get("Vary"))
	}

	// Wrong, missing or no hash, unknown files: 404 (no redirect; see assets.go).
	for _, path := range []string{
		"/static/app.0000000000000000.js",
		"/static/app.js",
		"/static/nope.0123456789abcdef.js",
		"/static/../web.go",
		"/static/",
	} {
		if rec := get(t, srv, path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, rec.Code)
		}
	}

	// /favicon.ico, which browsers request for pages that name no icon.
	if rec := get(t, srv, "/favicon.ico"); rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/svg+xml" {
		t.Errorf("GET /favicon.ico: %d %q, want 200 image/svg+xml", rec.Code, rec.Header().Get("Content-Type"))
	}
}

func TestOpenAPI(t *testing.T) {
	srv := mustServer(t)
	rec := get(t, srv, "/api/v1/openapi.yaml")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.yaml: %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
		t.Errorf("Content-Type %q", ct)
	}
	var doc struct {
		OpenAPI string                    `yaml:"openapi"`
		Paths   map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	// Every public GET route is documented: the /api/v1 routes, the tiles
	// and the health check (gin's :id becomes OpenAPI's {id}).
	param := regexp.MustCompile(`[:*]([a-zA-Z]+)`)
	for _, r := range srv.Routes() {
		if r.Method != http.MethodGet || !(strings.HasPrefix(r.Path, "/api/v1/") || strings.HasPrefix(r.Path, "/tiles/") || r.Path == "/healthz") {
			continue
		}
		p := param.ReplaceAllString(r.Path, "{$1}")
		if strings.HasPrefix(p, "/tiles/") {
			p = "/tiles/{z}/{x}/{y}.pbf"
		}
		if _, ok := doc.Paths[p]["get"]; !ok {
			t.Errorf("route GET %s is not in openapi.yaml (as %s)", r.Path, p)
		}
	}
	// And nothing documented that is not served.
	for p := range doc.Paths {
		if strings.Contains(p, "{") {
			continue
		}
		if rec := get(t, srv, p+"?q=x"); rec.Code == http.StatusNotFound {
			t.Errorf("documented %s: 404", p)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// firstAddresses returns the first address of every district, with the
// district's name; not of another municipality's districts than the demo
// town's (the neighbour's in demo.Load).
func firstAddresses(t *testing.T, st *sqlite.Store) (addrs []geo.Address, districts []string) {
	t.Helper()
	ctx := context.Background()
	munis, err := st.Areas(ctx, geo.KindMunicipality)
	if err != nil {
		t.Fatal(err)
	}
	town := int64(-1) // a store without the demo town: every district
	for _, m := range munis {
		if m.AGS == demo.TownAGS {
			town = m.ID
		}
	}
	ds, err := st.Areas(ctx, geo.KindDistrict)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if town >= 0 && d.Municipality != 0 && d.Municipality != town {
			continue // the neighbour's
		}
		for a, err := range st.Addresses(ctx, geo.AddressFilter{AreaID: d.ID, Limit: 1}) {
			if err != nil {
				t.Fatal(err)
			}
			addrs, districts = append(addrs, a), append(districts, d.Name)
		}
	}
	return addrs, districts
}
