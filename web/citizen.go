package web

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The citizens' page needs no login and works without JavaScript:
//
//	GET /               the search form, and the map
//	GET /suche?q=       matches as links (the form's fallback)
//	GET /adresse/{id}   the answer for one address (the permalink)
//
// With JavaScript, static/app.js adds autocomplete and answers in place (the
// same markup, from the JSON API), and static/map.js the MapLibre map. The
// text answer always carries the whole information; the map is extra.
//
// No inline scripts, styles or on* attributes anywhere, so that a CSP of
// "script-src 'self'; style-src 'self'" holds. The map additionally needs
// worker-src 'self' and, for the base map, its origin (baseMapOrigin) in
// img-src and connect-src, plus img-src blob: data:.
//
// Browser tests (browser_test.go, chromedp and headless Chromium): typing
// with the ASCII spelling of umlauts and ß, the live region's count,
// Escape, picking with the arrow keys and Enter, the answer in place and
// the form sent again; the map's pixels and tile requests; the office's
// Monday form reaching the citizens' answer; clicking a point on the map
// answers it; the label, visible focus and the answer without JavaScript;
// no console error (CSP violations included) on any page; axe-core finds
// nothing on the answer, the login, the dashboard and the Monday form.

// DefaultBaseMapURL is the official German base map (basemap.de, BKG) as
// raster tiles in Web Mercator; note its {z}/{y}/{x} order.
const DefaultBaseMapURL = "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png"

// DefaultBaseMapAttribution credits DefaultBaseMapURL.
const DefaultBaseMapAttribution = "© basemap.de / BKG"

// baseMap returns the base map tile URL and attribution; an empty URL means
// none.
func (s *Server) baseMap() (tiles, attribution string) {
	switch u := strings.TrimSpace(s.cfg.BaseMapURL); {
	case s.cfg.VectorBaseMap != nil:
		return "", s.cfg.BaseMapAttribution
	case u == "":
		a := s.cfg.BaseMapAttribution
		if a == "" {
			a = DefaultBaseMapAttribution
		}
		return DefaultBaseMapURL, a
	case strings.EqualFold(u, "none"):
		return "", ""
	default:
		return u, s.cfg.BaseMapAttribution
	}
}

// baseMapOrigin is the origin ("https://host") the map loads base tiles
// from, for the CSP (img-src, connect-src); "" when there is no base map.
func (s *Server) baseMapOrigin() string {
	tiles, _ := s.baseMap()
	if tiles == "" {
		return ""
	}
	u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(tiles))
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// citizen holds what the citizens' handlers share.
type citizen struct {
	s      *Server
	assets *assets
	page   *template.Template // layout + citizen.html
	errs   *template.Template // layout + error.html
}

// citizenRoutes registers the citizens' page, static assets and the OpenAPI file.
func (s *Server) citizenRoutes(r *gin.Engine) {
	a, err := loadAssets()
	if err != nil {
		panic(err) // embedded files: a broken build, not a runtime condition
	}
	h := &citizen{s: s, assets: a}
	if h.page, err = parseTemplates(a, "citizen.html"); err != nil {
		panic(err)
	}
	if h.errs, err = parseTemplates(a, "error.html"); err != nil {
		panic(err)
	}
	r.GET("/", h.index)
	r.GET("/suche", s.limitSearch, h.search)
	r.GET("/adresse/:id", h.address)
	r.GET("/:ags", h.townPage)
	r.GET("/:ags/wappen", h.townLogo)
	r.GET("/static/*path", func(c *gin.Context) { a.serveStatic(c.Writer, c.Request) })
	r.HEAD("/static/*path", func(c *gin.Context) { a.serveStatic(c.Writer, c.Request) })
	r.GET("/api/v1/openapi.yaml", func(c *gin.Context) {
		a.byName["openapi.yaml"].serve(c.Writer, c.Request, "no-cache")
	})
	// Browsers ask for /favicon.ico on pages that name no icon (the office
	// pages): the same SVG, not a 404 in their console.
	r.GET("/favicon.ico", func(c *gin.Context) {
		a.byName["favicon.svg"].serve(c.Writer, c.Request, "public, max-age=86400")
	})
}

// Route is one registered route.
type Route struct {
	Method string
	Path   string // gin syntax: /api/v1/addresses/:id
}

// Routes lists the registered routes, for documentation checks (the
// OpenAPI test) and diagnostics.
func (s *Server) Routes() []Route {
	var out []Route
	for _, r := range s.router.Routes() {
		out = append(out, Route{Method: r.Method, Path: r.Path})
	}
	return out
}

// pageData is what the templates see.
type pageData struct {
	Lang      string
	Title     string
	SwitchURL string // the same page in the other language
	HomeURL   string
	Query     string
	Searched  bool
	Results   []resultLink
	MoreText  string // set when the search found more than Results holds
	// Town is the municipality whose page this is (nil: the county's);
	// Towns are the municipalities / offers.
	Town       *townView
	Towns      []*townView
	Address    *addressView
	Answer     *answerView
	Map        mapData
	Demo       bool // the demo town is loaded: the banner says so
	ErrorTitle string
	ErrorText  string
	LangQuery  string // "?lang=en" or ""
	OpenAPIURL string
}

type resultLink struct {
	URL      string
	Label    string
	District string // Ortsteil, "" outside every district
}

type addressView struct {
	ID        int64
	Label     string
	District  string
	Permalink string
	Lon, Lat  float64
}

type answerView struct {
	State       string
	Headline    string
	Message     string
	MessageLang string // "de" on the English page, else ""
	Provider    string
	Campaign    string
	Area        string
	// Pre-marketing only:
	PreMarketing  bool
	Quota         string // "27 %"
	Threshold     string // "33 %"
	ProgressValue string // quota in percent points, for <progress value>
	ProgressMax   string // threshold in percent points, for <progress max>
}

type mapData struct {
	Areas       string // the GeoJSON URL of the first view's extent
	BaseMapURL  string
	StyleURL    string // the app's own vector base map (basemap.go), "" for none
	Attribution string
	Lon, Lat    string // selected address, "" for none
	AddressID   int64
}

func (h *citizen) data(c *gin.Context, title string) *pageData {
	lang := pageLang(c.Query("lang"))
	d := &pageData{Lang: lang, Title: title, HomeURL: "/", OpenAPIURL: "/api/v1/openapi.yaml"}
	if lang == langEN {
		d.LangQuery = "?lang=en"
		d.HomeURL = "/?lang=en"
	}
	// The switch keeps path and query, toggling only lang.
	q := c.Request.URL.Query()
	if lang == langEN {
		q.Del("lang")
	} else {
		q.Set("lang", langEN)
	}
	d.SwitchURL = c.Request.URL.Path
	if enc := q.Encode(); enc != "" {
		d.SwitchURL += "?" + enc
	}
	d.Map.BaseMapURL, d.Map.Attribution = h.s.baseMap()
	d.Map.StyleURL = h.s.baseMapStyleURL()
	d.Demo = h.s.demoLoaded(c.Request.Context())
	d.Map.Areas = "/api/v1/areas?kind=municipality"
	if d.Title == "" {
		d.Title = translate(lang, "title")
	}
	return d
}

// render executes a template into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (h *citizen) render(c *gin.Context, t *template.Template, status int, d *pageData) {
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", d); err != nil {
		h.s.log.Error("render page", "path", c.Request.URL.Path, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

// fail renders the error page for err: 404 for not found and invalid input
// (an address ID that cannot exist), 500 (logged) for the rest.
func (h *citizen) fail(c *gin.Context, err error) {
	d := h.data(c, "")
	status := http.StatusNotFound
	switch geo.ErrorCode(err) {
	case geo.ENOTFOUND, geo.EINVALID:
		d.ErrorTitle, d.ErrorText = translate(d.Lang, "notfound.title"), translate(d.Lang, "notfound.text")
	default:
		status = http.StatusInternalServerError
		h.s.log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		d.ErrorTitle, d.ErrorText = translate(d.Lang, "error.title"), translate(d.Lang, "error.text")
	}
	d.Title = d.ErrorTitle
	h.render(c, h.errs, status, d)
}

func (h *citizen) index(c *gin.Context) {
	if ags := h.hostTown(c); ags != "" {
		h.townIndex(c, ags)
		return
	}
	d := h.data(c, "")
	d.Towns = h.towns(c)
	h.render(c, h.page, http.StatusOK, d)
}

// search serves the form's fallback: GET /suche?q= lists matches as links.
func (h *citizen) search(c *gin.Context) {
	d := h.data(c, "")
	d.Query = strings.TrimSpace(c.Query("q"))
	d.Searched = true
	var muni int64
	if ags := cmp.Or(c.Query("gemeinde"), h.hostTown(c)); ags != "" {
		m, v, ok := h.town(c, ags)
		if !ok {
			h.fail(c, geo.Errorf(geo.ENOTFOUND, "no municipality %q", ags))
			return
		}
		h.inTown(d, m, v)
		muni = m.ID
	}
	if d.Query != "" && len(d.Query) <= 200 {
		found, more, err := h.s.findAddresses(c.Request.Context(), muni, d.Query, maxSearchResults)
		if err != nil {
			h.fail(c, err)
			return
		}
		if more {
			d.MoreText = fmt.Sprintf(translate(d.Lang, "search.more"), maxSearchResults, len(found))
		}
		for _, a := range found {
			d.Results = append(d.Results, resultLink{URL: "/adresse/" + strconv.FormatInt(a.ID, 10) + d.LangQuery, Label: a.Label(), District: a.District})
		}
	}
	d.Title = translate(d.Lang, "search.results") + " – " + siteTitle(d)
	h.render(c, h.page, http.StatusOK, d)
}

// address serves the permalink GET /adresse/{id}: the address and its answer.
func (h *citizen) address(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		h.fail(c, geo.Errorf(geo.EINVALID, "ungültige Adress-ID %q", c.Param("id")))
		return
	}
	ctx := c.Request.Context()
	a, err := h.s.store.Address(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	areas, err := h.s.store.AssignmentsOf(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	cov, err := h.s.camps.Coverage(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	d := h.data(c, a.Label())
	// The field shows what the search understands (no postcode and city).
	d.Query = strings.TrimSpace(a.Street + " " + a.HouseNumber + a.Suffix)
	d.Address = &addressView{ID: a.ID, Label: a.Label(), Lon: a.Lon, Lat: a.Lat,
		Permalink: "/adresse/" + strconv.FormatInt(a.ID, 10) + d.LangQuery}
	for _, ar := range areas {
		switch ar.Kind {
		case geo.KindDistrict:
			d.Address.District = ar.Name
		case geo.KindMunicipality:
			// The address's town: its name, contact and legal pages.
			h.inTown(d, ar, h.townView(ar))
		}
	}
	d.Answer = answerOf(cov, d.Lang)
	d.Map.Lon = strconv.FormatFloat(a.Lon, 'f', 7, 64)
	d.Map.Lat = strconv.FormatFloat(a.Lat, 'f', 7, 64)
	d.Map.AddressID = a.ID
	d.Title = a.Label() + " – " + siteTitle(d)
	h.render(c, h.page, http.StatusOK, d)
}

// answerOf turns a coverage into what the page shows. The message is the
// same text the JSON API returns.
func answerOf(cov campaigns.Coverage, lang string) *answerView {
	v := &answerView{State: string(cov.State), Headline: translate(lang, "state."+string(cov.State)), Message: cov.Message,
		Provider: cov.Provider, Campaign: cov.Campaign, Area: cov.Area}
	if lang != langDE {
		v.MessageLang = langDE
	}
	if cov.State == campaigns.CoveragePreMarketing && cov.Threshold > 0 {
		v.PreMarketing = true
		v.Quota, v.Threshold = campaigns.Percent(cov.Quota), campaigns.Percent(cov.Threshold)
		v.ProgressMax = strconv.FormatFloat(math.Round(cov.Threshold*1000)/10, 'f', -1, 64)
		v.ProgressValue = strconv.FormatFloat(math.Min(math.Round(cov.Quota*1000)/10, math.Round(cov.Threshold*1000)/10), 'f', -1, 64)
	}
	return v
}

// siteTitle is the page title's last part: the site, with the town.
func siteTitle(d *pageData) string {
	t := translate(d.Lang, "title")
	if d.Town != nil {
		t += " – " + d.Town.Name
	}
	return t
}
