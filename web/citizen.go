package web

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gigaplan/geo"
)

// The citizens' page needs no login and works without JavaScript:
//
//	GET /               the search form, and the map
//	GET /suche?q=       matches as links (the form's fallback)
//	GET /adresse/{id}   the answer for one address (the permalink)
//	GET /adresse/{id}/auskunft  the answer alone (answer.go)
//
// With JavaScript, static/app.js adds autocomplete and answers in place (the
// answer alone, the same template), and static/map.js the MapLibre map,
// coloured by area state and labelled from the table "Ortsteile im
// Überblick" (overview.go). The text answer always carries the whole
// information; the map is extra.
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
// browser_answer_test.go: the state legend, map colours and labels, the
// Ortsteil table (1280 and 390 px, without JavaScript) and the answer's
// Stand, deadline, sign-up link, info evening, contact, green badge,
// outside-district text and English page.

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
	if h.page, err = parseTemplates(a, "citizen.html", "report_link.html"); err != nil {
		panic(err)
	}
	if h.errs, err = parseTemplates(a, "error.html"); err != nil {
		panic(err)
	}
	r.GET("/", h.index)
	r.GET("/suche", s.limitSearch, h.search)
	r.GET("/adresse/:id", h.address)
	h.reportRoutes(r)
	r.GET("/adresse/:id/auskunft", h.answerPart)
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
	Town    *townView
	Towns   []*townView
	Address *addressView
	Answer  *answerView
	Map     mapData
	// Overview is the table "Ortsteile im Überblick" (and the map's
	// labels): the town's areas, or every area on a county's /.
	Overview   []overviewRow
	Demo       bool // the demo town is loaded: the banner says so
	ErrorTitle string
	ErrorText  string
	LangQuery  string // "?lang=en" or ""
	// ReportURL is the report form's ("Angabe falsch? Adresse fehlt?"),
	// "" without one (citizen_reports.go).
	ReportURL string
	// muni is the ID of the town's municipality area (0: none), whose
	// areas the overview lists.
	muni int64
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
	d := &pageData{Lang: lang, Title: title, HomeURL: "/"}
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
	d.ReportURL = h.reportURL(c, lang)
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
	// The table of a town's areas; a county's / lists the towns instead.
	if t == h.page && (d.muni != 0 || len(d.Towns) == 0) {
		rows, err := h.s.overviewOf(c.Request.Context(), d.muni, d.Lang)
		if err != nil {
			h.s.log.Error("overview", "path", c.Request.URL.Path, "err", err)
		}
		d.Overview = rows
	}
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
	if d.Towns == nil {
		// An installation for one municipality: its name, contact and
		// legal pages on / too.
		if m, ok := h.onlyTown(c); ok {
			d.Town, d.muni = h.townView(m), m.ID
			d.Title = siteTitle(d)
		}
	}
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
	d, err := h.addressPage(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, h.page, http.StatusOK, d)
}

// answerPart serves GET /adresse/{id}/auskunft: the answer alone, the
// markup app.js puts in place when a citizen picks an address.
func (h *citizen) answerPart(c *gin.Context) {
	d, err := h.addressPage(c)
	if err != nil {
		status := http.StatusInternalServerError
		if code := geo.ErrorCode(err); code == geo.ENOTFOUND || code == geo.EINVALID {
			status = http.StatusNotFound
		} else {
			h.s.log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		}
		c.String(status, translate(pageLang(c.Query("lang")), "error.text"))
		return
	}
	var b bytes.Buffer
	if err := h.page.ExecuteTemplate(&b, "answer", d); err != nil {
		h.s.log.Error("render answer", "path", c.Request.URL.Path, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", b.Bytes())
}

// addressPage reads the address of /adresse/{id} with its areas and
// coverage into the page's data.
func (h *citizen) addressPage(c *gin.Context) (*pageData, error) {
	id, err := addressID(c.Param("id"))
	if err != nil {
		return nil, err
	}
	ctx := c.Request.Context()
	a, err := h.s.store.Address(ctx, id)
	if err != nil {
		return nil, err
	}
	areas, err := h.s.store.AssignmentsOf(ctx, id)
	if err != nil {
		return nil, err
	}
	cov, err := h.s.camps.Coverage(ctx, id)
	if err != nil {
		return nil, err
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
	if d.Town == nil {
		// Outside every municipal boundary (an Aussiedlerhof a few hundred
		// metres beyond it): the town the address file names (its AGS)
		// answers, with its contact; else the installation's one town.
		if m, v, ok := h.town(c, a.AGS); ok {
			d.Town, d.muni = v, m.ID
		} else if m, ok := h.onlyTown(c); ok {
			d.Town, d.muni = h.townView(m), m.ID
		}
	}
	if d.Answer, err = h.s.answer(ctx, cov, d.Address.District != "", d.Lang); err != nil {
		return nil, err
	}
	d.Map.Lon = strconv.FormatFloat(a.Lon, 'f', 7, 64)
	d.Map.Lat = strconv.FormatFloat(a.Lat, 'f', 7, 64)
	d.Map.AddressID = a.ID
	d.Title = a.Label() + " – " + siteTitle(d)
	return d, nil
}

// siteTitle is the page title's last part: the site, with the town.
func siteTitle(d *pageData) string {
	t := translate(d.Lang, "title")
	if d.Town != nil {
		t += " – " + d.Town.Name
	}
	return t
}
