package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/web"
)

// access is who may use a route.
type access int

const (
	anyone   access = iota // no session needed
	viewer                 // signed in, role viewer or above
	editor                 // signed in, role editor or above
	admin                  // signed in, role admin
	apiToken               // a provider's Bearer token; no session, whatever its role, will do
)

func (a access) String() string {
	return [...]string{"anyone", "viewer", "editor", "admin", "API token"}[a]
}

// identities are the people the matrix sends requests as, in the order
// of access (identities[viewer] is vera): rank is the access level their
// role reaches.
var identities = []struct {
	name string // fixture user; "" is anonymous
	rank access
}{{"", anyone}, {"vera", viewer}, {"erik", editor}, {"alma", admin}}

// matrixRow is one route with the access it needs and an effective
// request: one that, sent by someone allowed, changes the store (unsafe
// methods) or answers (GET, HEAD). Refused, it must change nothing.
//
// Placeholders in path, form names and values and formFrom: {campaign},
// {nord} (area IDs), {ziel} (a viewer the user actions target),
// {gesperrt} (a disabled viewer), {token} (an API token's ID),
// {project} (a funding project's ID), {municipality} (a municipality's area ID), {address}, {asset} (a citizens' static file), {css} (the office's
// stylesheet).
type matrixRow struct {
	route    string // method and path as Server.Routes lists them; the stylesheet's hash as {hash}
	variant  string // what sets this row apart from others of the route
	min      access
	path     string
	formFrom string     // a page whose form fields (read by an admin) the form starts from
	form     url.Values // an urlencoded form (unsafe methods)
	upload   []part     // a multipart form (POST /buero/import), then file with content
	file     string
	content  string
	json     string // a JSON body
}

func (r matrixRow) name() string {
	if r.variant == "" {
		return r.route
	}
	return r.route + " (" + r.variant + ")"
}

func (r matrixRow) method() string { m, _, _ := strings.Cut(r.route, " "); return m }

func (r matrixRow) unsafe() bool {
	return r.method() != http.MethodGet && r.method() != http.MethodHead
}

// roleMatrix lists every route the server has. A new route fails
// TestRouteRoleMatrix until it is added here with the access it needs.
var roleMatrix = []matrixRow{
	// The citizens' pages, the public API, tiles and assets.
	{route: "GET /", min: anyone, path: "/"},
	{route: "GET /suche", min: anyone, path: "/suche?q=Hauptstra%C3%9Fe"},
	{route: "GET /adresse/:id", min: anyone, path: "/adresse/{address}"},
	{route: "GET /adresse/:id/auskunft", min: anyone, path: "/adresse/{address}/auskunft"},
	{route: "GET /:ags", min: anyone, path: "/08317999"},
	{route: "GET /:ags/wappen", min: anyone, path: "/08317999/wappen"},
	{route: "GET /static/*path", min: anyone, path: "{asset}"},
	{route: "HEAD /static/*path", min: anyone, path: "{asset}"},
	{route: "GET /favicon.ico", min: anyone, path: "/favicon.ico"},
	{route: "GET /healthz", min: anyone, path: "/healthz"},
	{route: "GET /api/v1/openapi.yaml", min: anyone, path: "/api/v1/openapi.yaml"},
	{route: "GET /api/v1/areas", min: anyone, path: "/api/v1/areas"},
	{route: "GET /api/v1/addresses/search", min: anyone, path: "/api/v1/addresses/search?q=Hauptstra%C3%9Fe+12"},
	{route: "GET /api/v1/addresses/:id", min: anyone, path: "/api/v1/addresses/{address}"},
	{route: "GET /api/v1/addresses/:id/coverage", min: anyone, path: "/api/v1/addresses/{address}/coverage"},
	{route: "GET /api/v1/campaigns", min: anyone, path: "/api/v1/campaigns"},
	{route: "GET /api/v1/campaigns/:id", min: anyone, path: "/api/v1/campaigns/{campaign}"},
	{route: "GET /tiles/:z/:x/:y", min: anyone, path: "/tiles/0/0/0.pbf"},
	{route: "HEAD /tiles/:z/:x/:y", min: anyone, path: "/tiles/0/0/0.pbf"},
	{route: "GET /basemap/style.json", min: anyone, path: "/basemap/style.json"},
	{route: "GET /basemap/:z/:x/:y", min: anyone, path: "/basemap/0/0/0.mvt"},
	{route: "HEAD /basemap/:z/:x/:y", min: anyone, path: "/basemap/0/0/0.mvt"},
	{route: "GET /buero/static/office.{hash}.css", min: anyone, path: "{css}"},
	{route: "GET /login", min: anyone, path: "/login"},
	// Its CSRF pairs are TestLoginCSRFPairs'.
	{route: "POST /login", min: anyone, path: "/login"},

	// The provider API.
	{route: "POST /api/v1/campaigns/:id/entries", min: apiToken, path: "/api/v1/campaigns/{campaign}/entries",
		json: `{"entries":[{"area":"Nord","date":"2026-02-01","count":3}]}`},

	// Every signed-in user.
	{route: "POST /logout", min: viewer, path: "/logout"},
	{route: "GET /api/v1/session", min: viewer, path: "/api/v1/session"},
	{route: "GET /buero", min: viewer, path: "/buero"},
	{route: "GET /buero/kampagnen", min: viewer, path: "/buero/kampagnen"},
	{route: "GET /buero/kampagnen/:id", min: viewer, path: "/buero/kampagnen/{campaign}"},
	{route: "GET /buero/berichte", min: viewer, path: "/buero/berichte"},
	{route: "GET /buero/foerderung", min: viewer, path: "/buero/foerderung"},
	{route: "GET /buero/foerderung/:id", min: viewer, path: "/buero/foerderung/{project}"},
	{route: "GET /buero/berichte/sachstand", min: viewer, path: "/buero/berichte/sachstand"},
	{route: "GET /buero/berichte/kreis", min: viewer, path: "/buero/berichte/kreis"},
	{route: "GET /buero/berichte/foerderantrag", min: viewer, path: "/buero/berichte/foerderantrag?gebiet={nord}&ohne_markterkundung=1"},
	{route: "GET /buero/berichte/adressen", min: viewer, path: "/buero/berichte/adressen"},
	{route: "GET /buero/berichte/gebiete", min: viewer, path: "/buero/berichte/gebiete?art=district"},
	{route: "GET /buero/berichte/serienbrief", min: viewer, path: "/buero/berichte/serienbrief?gebiet={nord}"},
	{route: "GET /buero/liegenschaften", min: viewer, path: "/buero/liegenschaften"},

	// Editors.
	{route: "GET /buero/kampagnen/neu", min: editor, path: "/buero/kampagnen/neu"},
	{route: "POST /buero/kampagnen", min: editor, path: "/buero/kampagnen", form: url.Values{"provider": {"Netz AG"}, "name": {"Glasfaser Nord"},
		"counting": {"households"}, "threshold": {"35 %"}, "start": {"01.03.2026"}, "deadline": {"2026-05-31"}, "area": {"{nord}"}}},
	{route: "GET /buero/kampagnen/:id/bearbeiten", min: editor, path: "/buero/kampagnen/{campaign}/bearbeiten"},
	{route: "POST /buero/kampagnen/:id/bearbeiten", min: editor, path: "/buero/kampagnen/{campaign}/bearbeiten",
		formFrom: "/buero/kampagnen/{campaign}/bearbeiten", form: url.Values{"counting": {"households"}, "name": {"DG Nord-Süd"}}},
	{route: "POST /buero/kampagnen/:id/verlaengerung", min: editor, path: "/buero/kampagnen/{campaign}/verlaengerung",
		formFrom: "/buero/kampagnen/{campaign}", form: url.Values{"deadline": {"30.04.2026"}, "decided": {"2026-02-01"}, "reason": {"Sommerferien"}}},
	{route: "POST /buero/kampagnen/:id/status", min: editor, path: "/buero/kampagnen/{campaign}/status",
		formFrom: "/buero/kampagnen/{campaign}", form: url.Values{"status_{nord}": {"reached"}}},
	{route: "POST /buero/kampagnen/:id/aktionen", min: editor, path: "/buero/kampagnen/{campaign}/aktionen",
		form: url.Values{"kind": {"info"}, "date": {"28.01.2026"}, "title": {"Infoabend in der Festhalle"}, "area": {"{nord}"}}},
	{route: "POST /buero/foerderung", min: editor, path: "/buero/foerderung",
		formFrom: "/buero/foerderung", form: url.Values{"name": {"Schulnetz"}, "municipality": {"{municipality}"}, "areas": {"Nord"}, "rules": {"gigabit-2025"}}},
	{route: "POST /buero/foerderung/:id/meilensteine", min: editor, path: "/buero/foerderung/{project}/meilensteine",
		formFrom: "/buero/foerderung/{project}", form: url.Values{"kind": {"branchendialog"}, "date": {"2026-01-20"}}},
	{route: "POST /buero/foerderung/:id/budget", min: editor, path: "/buero/foerderung/{project}/budget",
		formFrom: "/buero/foerderung/{project}", form: url.Values{"total": {"100.000"}, "approved_bund": {"100.000"}}},
	{route: "POST /buero/foerderung/:id/termin", min: editor, path: "/buero/foerderung/{project}/termin",
		formFrom: "/buero/foerderung/{project}", form: url.Values{"build_kind": {"completion"}, "expected": {"2027-06-30"}, "reason": {"Bauzeitenplan"}}},
	{route: "GET /buero/kampagnen/:id/zahlen", min: editor, path: "/buero/kampagnen/{campaign}/zahlen"},
	{route: "POST /buero/kampagnen/:id/zahlen", min: editor, path: "/buero/kampagnen/{campaign}/zahlen",
		formFrom: "/buero/kampagnen/{campaign}/zahlen", form: url.Values{"count_{nord}": {"3"}}},
	{route: "POST /buero/liegenschaften/stand", min: editor, path: "/buero/liegenschaften/stand",
		form: url.Values{"site": {"Rathaus"}, "state": {"ordered"}, "date": {"2026-02-01"}}},
	{route: "GET /buero/import", min: editor, path: "/buero/import"},
	{route: "POST /buero/import", variant: "sites", min: editor, path: "/buero/import",
		upload: []part{{"kind", "sites"}}, file: "liegenschaften.csv", content: "Liegenschaft;Art\nSchule Süd;Schule\n"},
	{route: "POST /buero/import", variant: "signups", min: editor, path: "/buero/import",
		upload: []part{{"kind", "signups"}}, file: "zahlen.csv", content: signupsCSV},
	// Imports of the base data are the admins'.
	{route: "POST /buero/import", variant: "addresses", min: admin, path: "/buero/import",
		upload: []part{{"kind", "addresses"}, {"accept_changes", "1"}}, file: "adressen.csv", content: addressesCSV},
	{route: "POST /buero/import", variant: "areas", min: admin, path: "/buero/import",
		upload: []part{{"kind", "areas"}, {"area_kind", "district"}, {"name_field", "bez"}}, file: "ortsteile.geojson", content: districtsGeoJSON},
	{route: "POST /buero/import", variant: "supply", min: admin, path: "/buero/import",
		upload: []part{{"kind", "supply"}, {"operator", "Telekom"}}, file: "mev.csv", content: supplyCSV},

	// Admins.
	{route: "GET /buero/protokoll", min: admin, path: "/buero/protokoll"},
	{route: "GET /buero/tokens", min: admin, path: "/buero/tokens"},
	{route: "POST /buero/tokens", min: admin, path: "/buero/tokens", form: url.Values{"name": {"Neues Token"}, "campaign": {"{campaign}"}}},
	{route: "POST /buero/tokens/:id/widerrufen", min: admin, path: "/buero/tokens/{token}/widerrufen"},
	{route: "GET /buero/benutzer", min: admin, path: "/buero/benutzer"},
	{route: "POST /buero/benutzer", min: admin, path: "/buero/benutzer",
		form: url.Values{"name": {"neu"}, "role": {"admin"}, "password": {testPassword}, "password2": {testPassword}}},
	{route: "POST /buero/benutzer/:id/rolle", min: admin, path: "/buero/benutzer/{ziel}/rolle", form: url.Values{"role": {"admin"}}},
	{route: "POST /buero/benutzer/:id/sperren", min: admin, path: "/buero/benutzer/{ziel}/sperren"},
	{route: "POST /buero/benutzer/:id/entsperren", min: admin, path: "/buero/benutzer/{gesperrt}/entsperren"},
	{route: "POST /buero/benutzer/:id/freigeben", min: admin, path: "/buero/benutzer/{ziel}/freigeben"},
	{route: "POST /buero/benutzer/:id/passwort", min: admin, path: "/buero/benutzer/{ziel}/passwort",
		form: url.Values{"password": {"ganz-neues-passwort"}, "password2": {"ganz-neues-passwort"}}},
}

// matrix is newAdminFixture (every optional route on, no rate limits)
// with the targets of roleMatrix's requests and browsers.
type matrix struct {
	f       *officeFixture
	dir     string // uploads
	vars    map[string]string
	secret  string // the API token {token}
	routes  []web.Route
	browser map[string]*browser // by user name; "" is anonymous
	csrf    map[string]string
	ip      int
}

// newMatrix returns a matrix with browsers for the users names ("" is
// anonymous), signed in; as adds others later.
func newMatrix(t *testing.T, names ...string) *matrix {
	t.Helper()
	ctx := context.Background()
	m := &matrix{dir: t.TempDir(), browser: map[string]*browser{}, csrf: map[string]string{}}
	m.f = newAdminFixture(t, func(c *web.Config) {
		c.UploadDir = m.dir
		c.RateLimits = web.NoRateLimits
		c.Towns = mustTowns(t)
		c.VectorBaseMap = web.NewFeatureBaseMap(geo.NewFeatureTiles(nil), "matrix")
	})
	f := m.f
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	ziel, err := f.st.CreateUser(ctx, campaigns.User{Name: "ziel", Role: campaigns.RoleViewer, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	gesperrt, err := f.st.CreateUser(ctx, campaigns.User{Name: "gesperrt", Role: campaigns.RoleViewer, PasswordHash: hash, Disabled: true})
	if err != nil {
		t.Fatal(err)
	}
	camp := f.mustCampaign(t)
	secret, tokHash, err := campaigns.NewAPIToken()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := f.st.CreateToken(ctx, campaigns.APIToken{Name: "Anbieter", CampaignID: camp.ID, Hash: tokHash, CreatedAt: f.now, CreatedBy: "alma"})
	if err != nil {
		t.Fatal(err)
	}
	m.secret = secret
	if _, err := f.st.AddSites(ctx, []campaigns.Site{{Name: "Rathaus", Kind: "Rathaus",
		Changes: []campaigns.SiteChange{{State: campaigns.SitePlanned, Effective: f.now.AddDate(0, 0, -20)}}}}); err != nil {
		t.Fatal(err)
	}
	proj, err := f.st.AddFundingProject(ctx, campaigns.FundingProject{Name: "Weiße Flecken", Municipalities: []string{"08317096"}})
	if err != nil {
		t.Fatal(err)
	}
	addrs, _ := firstAddresses(t, f.st)
	munis, err := f.st.Areas(ctx, geo.KindMunicipality)
	if err != nil || len(munis) == 0 {
		t.Fatalf("the matrix's store has no municipality: %v", err)
	}
	m.vars = map[string]string{
		"municipality": strconv.FormatInt(munis[0].ID, 10),
		"campaign":     strconv.FormatInt(camp.ID, 10),
		"nord":         f.areaID(t, "Nord"),
		"ziel":         strconv.FormatInt(ziel, 10),
		"gesperrt":     strconv.FormatInt(gesperrt, 10),
		"token":        strconv.FormatInt(tok, 10),
		"address":      strconv.FormatInt(addrs[0].ID, 10),
		"project":      strconv.FormatInt(proj.ID, 10),
	}
	m.routes = f.srv.Routes()
	for _, r := range m.routes {
		if cssRoute.MatchString(r.Path) {
			m.vars["css"] = r.Path
		}
	}
	asset := regexp.MustCompile(`"(/static/[^"]+)"`).FindStringSubmatch(get(t, f.srv, "/").Body.String())
	if asset == nil {
		t.Fatal("the citizens' page links no static file")
	}
	m.vars["asset"] = asset[1]
	for _, name := range names {
		m.as(t, name)
	}
	return m
}

// cssRoute matches the office stylesheet's content-hashed path.
var cssRoute = regexp.MustCompile(`^/buero/static/office\.[0-9a-f]+\.css$`)

// as returns the browser of a fixture user, signed in on first use with
// t, which it keeps; "" is an anonymous browser.
func (m *matrix) as(t *testing.T, name string) *browser {
	t.Helper()
	if b, ok := m.browser[name]; ok {
		return b
	}
	m.ip++
	b := m.f.browser(t, fmt.Sprintf("192.0.2.%d", 100+m.ip))
	if name != "" {
		b.mustLogin(name)
		m.csrf[name] = csrfOf(t, b, "/buero")
	}
	m.browser[name] = b
	return b
}

func (m *matrix) expand(s string) string {
	for k, v := range m.vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// csrfVia is how a request carries its CSRF token.
type csrfVia int

const (
	viaField  csrfVia = iota // the form field csrf (or its multipart part, first)
	viaHeader                // the header X-CSRF-Token
	viaNone                  // not at all
)

// request builds the row's request with the CSRF token tok; bearer adds
// the API token. Forms with formFrom start from the page as an admin
// reads it.
func (m *matrix) request(t *testing.T, r matrixRow, tok string, via csrfVia, bearer bool) *http.Request {
	t.Helper()
	path := m.expand(r.path)
	var req *http.Request
	switch {
	case !r.unsafe():
		req = httptest.NewRequest(r.method(), path, nil)
	case r.json != "":
		req = httptest.NewRequest(r.method(), path, strings.NewReader(r.json))
		req.Header.Set("Content-Type", "application/json")
	case r.upload != nil:
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		if via == viaField {
			w.WriteField("csrf", tok)
		}
		for _, p := range r.upload {
			w.WriteField(p.name, p.value)
		}
		fw, _ := w.CreateFormFile("file", r.file)
		io.WriteString(fw, r.content)
		w.Close()
		req = httptest.NewRequest(r.method(), path, &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
	default:
		v := url.Values{}
		if r.formFrom != "" {
			v = pageForm(t, m.as(t, "alma"), m.expand(r.formFrom))
		}
		for k, vs := range r.form {
			for i, x := range vs {
				if i == 0 {
					v.Del(m.expand(k))
				}
				v.Add(m.expand(k), m.expand(x))
			}
		}
		v.Del("csrf")
		if via == viaField {
			v.Set("csrf", tok)
		}
		req = httptest.NewRequest(r.method(), path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if via == viaHeader {
		req.Header.Set("X-CSRF-Token", tok)
	}
	if bearer {
		req.Header.Set("Authorization", "Bearer "+m.secret)
	}
	return req
}

// dbState is every table of the store, as sorted rows of text; sessions
// without last_seen, which every signed-in request moves.
func dbState(t *testing.T, f *officeFixture) map[string][]string {
	t.Helper()
	db := f.st.DB()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	state := map[string][]string{}
	for _, table := range tables {
		q := `SELECT * FROM "` + table + `"`
		if table == "sessions" {
			q = `SELECT hex(token_hash), user_id, created_at, expires_at FROM sessions`
		}
		rs, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rs.Columns()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if i > 0 {
					b.WriteString(" | ")
				}
				if bs, ok := v.([]byte); ok {
					fmt.Fprintf(&b, "%q", bs)
				} else {
					fmt.Fprint(&b, v)
				}
			}
			out = append(out, b.String())
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		rs.Close()
		slices.Sort(out)
		state[table] = out
	}
	return state
}

// stateDiff describes what changed between two dbStates; "" is nothing.
func stateDiff(before, after map[string][]string) string {
	var b strings.Builder
	tables := map[string]bool{}
	for k := range before {
		tables[k] = true
	}
	for k := range after {
		tables[k] = true
	}
	for _, table := range slices.Sorted(func(yield func(string) bool) {
		for k := range tables {
			if !yield(k) {
				return
			}
		}
	}) {
		var gone, added []string
		for _, r := range before[table] {
			if !slices.Contains(after[table], r) {
				gone = append(gone, r)
			}
		}
		for _, r := range after[table] {
			if !slices.Contains(before[table], r) {
				added = append(added, r)
			}
		}
		if len(gone)+len(added) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n  %s:", table)
		for _, r := range gone {
			fmt.Fprintf(&b, "\n    - %.160s", r)
		}
		for _, r := range added {
			fmt.Fprintf(&b, "\n    + %.160s", r)
		}
	}
	return b.String()
}

// normRoute is a route as roleMatrix names it.
func normRoute(r web.Route) string {
	if cssRoute.MatchString(r.Path) {
		return r.Method + " /buero/static/office.{hash}.css"
	}
	return r.Method + " " + r.Path
}

// isLoginRedirect says whether rec sends the browser to /login.
func isLoginRedirect(rec *httptest.ResponseRecorder) bool {
	return rec.Code == http.StatusSeeOther && strings.HasPrefix(rec.Header().Get("Location"), "/login")
}

// TestRouteRoleMatrix sends every route's effective request as every
// identity below the route's access, with a valid CSRF token of its own
// session: each is refused because of its role (anonymous: to /login or
// 401; signed in: 403, or 401 on the token API) and changes nothing in
// the store. Then it is sent as the least identity allowed, which is not
// refused; an unsafe request then changes the store (on a fresh store),
// so the refusals above are refusals of requests that would have worked.
func TestRouteRoleMatrix(t *testing.T) {
	m := newMatrix(t, "", "vera", "erik", "alma")

	// The table classifies every route, and only routes that exist.
	served := map[string]bool{}
	for _, r := range m.routes {
		served[normRoute(r)] = true
	}
	listed := map[string]bool{}
	for _, r := range roleMatrix {
		listed[r.route] = true
		if !served[r.route] {
			t.Errorf("roleMatrix lists %s, which the server does not serve", r.route)
		}
	}
	for r := range served {
		if !listed[r] {
			t.Errorf("route %s is not in roleMatrix: add it with the access it needs (anyone, viewer, editor, admin, API token)", r)
		}
	}

	for _, r := range roleMatrix {
		t.Run(r.name(), func(t *testing.T) {
			for _, id := range identities {
				if id.rank >= r.min && r.min != apiToken {
					continue
				}
				who := id.name
				if who == "" {
					who = "anonymous"
				}
				t.Run(who, func(t *testing.T) {
					b := m.as(t, id.name)
					req := m.request(t, r, m.csrf[id.name], viaField, false)
					before := dbState(t, m.f)
					rec := b.do(req)
					wantRoleRefusal(t, r, id.name, req, rec)
					if d := stateDiff(before, dbState(t, m.f)); d != "" {
						t.Errorf("%s as %s (answered %d) changed the store:%s", r.name(), who, rec.Code, d)
					}
					emptyDir(t, m.dir)
				})
			}
			t.Run("allowed", func(t *testing.T) {
				if r.route == "POST /login" {
					t.Skip("TestLoginCSRFPairs signs in")
				}
				x := m
				if r.unsafe() {
					x = newMatrix(t) // a fresh store, to see the change
				}
				var rec *httptest.ResponseRecorder
				before := dbState(t, x.f)
				if r.min == apiToken {
					rec = x.as(t, "").do(x.request(t, r, "", viaNone, true))
				} else {
					name := identities[r.min].name
					b := x.as(t, name)
					rec = b.do(x.request(t, r, x.csrf[name], viaField, false))
				}
				// (POST /logout's answer is the redirect to /login; an
				// unsafe request must change the store, below.)
				if rec.Code >= 400 || (!r.unsafe() && isLoginRedirect(rec)) {
					t.Fatalf("%s as the least allowed (%s): %d %s\n%.500s", r.name(), r.min, rec.Code, rec.Header().Get("Location"), rec.Body)
				}
				if r.unsafe() && stateDiff(before, dbState(t, x.f)) == "" {
					t.Errorf("%s as %s (%d) changed nothing: the row's request is not effective, so its refusals prove nothing", r.name(), r.min, rec.Code)
				}
			})
		})
	}
}

// wantRoleRefusal checks that rec refuses the request of user name ("":
// anonymous) for lack of a role.
func wantRoleRefusal(t *testing.T, r matrixRow, name string, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	api := strings.HasPrefix(req.URL.Path, "/api/")
	switch {
	case name == "" && !api:
		if !isLoginRedirect(rec) {
			t.Errorf("%s anonymous: %d %q, want 303 to /login", r.name(), rec.Code, rec.Header().Get("Location"))
		} else if !r.unsafe() && rec.Header().Get("Location") != "/login?next="+url.QueryEscape(req.URL.RequestURI()) {
			t.Errorf("%s anonymous: Location %q", r.name(), rec.Header().Get("Location"))
		}
	case name == "" || r.min == apiToken:
		if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"code":"unauthorized"`) {
			t.Errorf("%s as %q: %d %s, want 401 unauthorized", r.name(), name, rec.Code, rec.Body)
		}
	case api:
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), `"code":"forbidden"`) {
			t.Errorf("%s as %s: %d %s, want 403 forbidden", r.name(), name, rec.Code, rec.Body)
		}
	default:
		body := html.UnescapeString(rec.Body.String())
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s as %s: status %d, want 403\n%.500s", r.name(), name, rec.Code, body)
			return
		}
		if !strings.Contains(body, "Berechtigung") || strings.Contains(body, "Sicherheitsprüfung") {
			t.Errorf("%s as %s: 403, but not for the role:\n%.500s", r.name(), name, body)
		}
	}
}
