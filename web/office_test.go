package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
	"gigaplan/web"
)

const testPassword = "richtig-geheim-123"

// officeFixture is campaignServer's store and campaign with the office
// pages on: users alma (admin), erik (editor) and vera (viewer), all with
// testPassword, and a clock the test moves.
type officeFixture struct {
	srv *web.Server
	st  *sqlite.Store
	now time.Time
}

func newOfficeFixture(t *testing.T) *officeFixture {
	t.Helper()
	st := campaignServer(t).Store().(*sqlite.Store)
	f := &officeFixture{st: st, now: time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC)}
	svc := &campaigns.Service{Geo: st, Store: st, Now: func() time.Time { return f.now }}
	// A cheap hash keeps the tests fast; production hashes use cost 12.
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for name, role := range map[string]campaigns.Role{"alma": campaigns.RoleAdmin, "erik": campaigns.RoleEditor, "vera": campaigns.RoleViewer} {
		if _, err := st.CreateUser(context.Background(), campaigns.User{Name: name, Role: role, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	f.srv = web.New(web.Config{Users: st}, st, svc)
	return f
}

// browser keeps cookies between requests, like a browser on one address.
type browser struct {
	t       *testing.T
	h       http.Handler
	ip      string
	cookies map[string]string
	header  http.Header
}

func (f *officeFixture) browser(t *testing.T, ip string) *browser {
	return &browser{t: t, h: f.srv, ip: ip, cookies: map[string]string{}, header: http.Header{}}
}

func (b *browser) do(req *http.Request) *httptest.ResponseRecorder {
	b.t.Helper()
	req.RemoteAddr = b.ip + ":40000"
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return rec
}

func (b *browser) get(path string) *httptest.ResponseRecorder {
	b.t.Helper()
	return b.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (b *browser) post(path string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var (
	hiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
	inputRe  = regexp.MustCompile(`<input id="[^"]+" name="([^"]+)"(?: type="([^"]*)")? value="([^"]*)"([^>]*)>`)
	areaRe   = regexp.MustCompile(`<label for="count_(\d+)">([^<]+)</label>`)
)

// formOf returns the hidden and text fields of the page's (first and
// only relevant) form, with the area names mapped to their count fields.
func formOf(t *testing.T, body string) (url.Values, map[string]string) {
	t.Helper()
	v := url.Values{}
	for _, m := range hiddenRe.FindAllStringSubmatch(body, -1) {
		if m[1] == "csrf" && v.Get("csrf") != "" {
			continue // the logout form's token comes first; both are equal
		}
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range inputRe.FindAllStringSubmatch(body, -1) {
		if m[2] == "checkbox" && !strings.Contains(m[4], " checked") {
			continue // a browser sends only checked boxes
		}
		v.Set(m[1], html.UnescapeString(m[3]))
	}
	areas := map[string]string{}
	for _, m := range areaRe.FindAllStringSubmatch(body, -1) {
		areas[html.UnescapeString(m[2])] = m[1]
	}
	return v, areas
}

// login signs in through the form and returns the response to the POST.
func (b *browser) login(name, pw string) *httptest.ResponseRecorder {
	b.t.Helper()
	rec := b.get("/login")
	if rec.Code != http.StatusOK {
		b.t.Fatalf("GET /login: %d", rec.Code)
	}
	form, _ := formOf(b.t, rec.Body.String())
	form.Set("name", name)
	form.Set("password", pw)
	return b.post("/login", form)
}

func (b *browser) mustLogin(name string) {
	b.t.Helper()
	if rec := b.login(name, testPassword); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero" {
		b.t.Fatalf("login %s: %d %s\n%s", name, rec.Code, rec.Header().Get("Location"), rec.Body)
	}
}

func (f *officeFixture) auditActions(t *testing.T) []string {
	t.Helper()
	es, err := f.st.Audit(context.Background(), 200)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.User+" "+e.Action)
	}
	return out
}

func wantBody(t *testing.T, rec *httptest.ResponseRecorder, status int, parts ...string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d\n%s", rec.Code, status, rec.Body)
	}
	body := html.UnescapeString(rec.Body.String())
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("body lacks %q:\n%s", p, body)
		}
	}
}

func TestLoginAndLogout(t *testing.T) {
	f := newOfficeFixture(t)
	b := f.browser(t, "192.0.2.10")

	rec := b.login("erik", "falsch-falsch-falsch")
	wantBody(t, rec, http.StatusUnauthorized, "Benutzername oder Passwort ist falsch", `value="erik"`)
	if _, ok := b.cookies["gigaplan_session"]; ok {
		t.Fatal("a failed login set a session cookie")
	}

	rec = b.login("Erik", testPassword)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero" {
		t.Fatalf("login: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	var sc *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "gigaplan_session" {
			sc = c
		}
	}
	if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure || sc.Path != "/" || len(sc.Value) != 43 || sc.MaxAge != 7*24*3600 {
		t.Fatalf("session cookie: %+v", sc)
	}
	wantBody(t, b.get("/buero"), http.StatusOK, "Laufende Vorvermarktungen", "DG", "<strong>33,3 %</strong> von 33 %", "keine Prognose möglich", "Zahlen eintragen", "erik")

	// The database keeps the token's hash only.
	var n int
	if err := f.st.DB().QueryRow(`SELECT count(*) FROM sessions WHERE token_hash = ?`, sc.Value).Scan(&n); err != nil || n != 0 {
		t.Errorf("raw token stored: %d %v", n, err)
	}

	// Logout needs the CSRF token.
	wantBody(t, b.post("/logout", url.Values{}), http.StatusForbidden, "Sicherheitsprüfung")
	form, _ := formOf(t, b.get("/buero").Body.String())
	rec = b.post("/logout", url.Values{"csrf": {form.Get("csrf")}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login" {
		t.Fatalf("logout: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	// The old cookie no longer works.
	b.cookies["gigaplan_session"] = sc.Value
	if rec := b.get("/buero"); rec.Code != http.StatusSeeOther {
		t.Errorf("after logout: %d", rec.Code)
	}
	got := strings.Join(f.auditActions(t), ", ")
	if got != "erik logout, erik login, erik login_failed" {
		t.Errorf("audit: %s", got)
	}

	// Over https (behind a proxy), the cookie is Secure.
	https := f.browser(t, "192.0.2.11")
	https.header.Set("X-Forwarded-Proto", "https")
	rec = https.login("vera", testPassword)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "gigaplan_session" && !c.Secure {
			t.Errorf("cookie over https is not Secure")
		}
	}
	if rec.Header().Get("Strict-Transport-Security") == "" {
		t.Errorf("no HSTS over https")
	}
}

// TestLoginThrottle: failures for a name from one address delay further
// attempts of that pair, growing; they never keep the user out from
// another address (a lock per name could be set off by anyone); an admin
// lifts the delay; many names from one address slow the address.
func TestLoginThrottle(t *testing.T) {
	f := newAdminFixture(t, noLimits)
	b := f.browser(t, "192.0.2.20")
	for i := range campaigns.ThrottleFree {
		if rec := b.login("erik", "falsch-falsch-falsch"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, rec.Code)
		}
	}
	// Throttled: even the right password waits, from this address.
	rec := b.login("erik", testPassword)
	wantBody(t, rec, http.StatusTooManyRequests, "Zu viele fehlgeschlagene Anmeldeversuche", "Bitte warten Sie 1 Sekunde")
	if rec.Header().Get("Retry-After") != "1" {
		t.Errorf("Retry-After %q, want 1", rec.Header().Get("Retry-After"))
	}
	// The user from another address is not kept out.
	f.browser(t, "192.0.2.21").mustLogin("erik")
	// Each further failure doubles the wait: 2 s after the fourth.
	f.now = f.now.Add(time.Second)
	if rec := b.login("erik", "falsch-falsch-falsch"); rec.Code != http.StatusUnauthorized {
		t.Fatalf("fourth failure: %d", rec.Code)
	}
	if rec := b.login("erik", testPassword); rec.Header().Get("Retry-After") != "2" {
		t.Errorf("after the fourth failure: %d, Retry-After %q, want 2", rec.Code, rec.Header().Get("Retry-After"))
	}
	// The admin lifts it.
	admin := f.browser(t, "192.0.2.23")
	admin.mustLogin("alma")
	tok := csrfOf(t, admin, "/buero/benutzer")
	if rec := admin.post("/buero/benutzer/"+itoa(f.user(t, "erik").ID)+"/freigeben", url.Values{"csrf": {tok}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("unlock: %d %s", rec.Code, rec.Body)
	}
	b.mustLogin("erik")
	if got := f.auditOf(t, campaigns.AuditUserUnlock); len(got) != 1 || !strings.Contains(got[0].Detail, "erik (4 Fehlversuche vergessen)") {
		t.Errorf("audit of the unlock: %+v", got)
	}

	// Many names from one address slow the address down, for every name.
	ip := f.browser(t, "192.0.2.30")
	for i := range campaigns.ThrottleFreeIP {
		if rec := ip.login(f.cheapUser(t, i), "x"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, rec.Code)
		}
	}
	wantBody(t, ip.login("alma", testPassword), http.StatusTooManyRequests, "Bitte warten Sie")
	// Behind a local proxy, the address the proxy appended counts, not a forged one.
	proxied := f.browser(t, "127.0.0.1")
	proxied.header.Set("X-Forwarded-For", "192.0.2.99, 192.0.2.30")
	wantBody(t, proxied.login("alma", testPassword), http.StatusTooManyRequests, "Bitte warten Sie")
	proxied.header.Set("X-Forwarded-For", "192.0.2.30, 192.0.2.31")
	proxied.mustLogin("alma")
	// The wait is over after a second.
	f.now = f.now.Add(time.Second)
	ip.mustLogin("alma")
}

func TestLoginCSRF(t *testing.T) {
	f := newOfficeFixture(t)
	b := f.browser(t, "192.0.2.40")
	// Without the login form's cookie and token: refused.
	rec := b.post("/login", url.Values{"name": {"erik"}, "password": {testPassword}})
	wantBody(t, rec, http.StatusForbidden, "Sicherheitsprüfung")
	if _, ok := b.cookies["gigaplan_session"]; ok {
		t.Error("session without CSRF token")
	}
	// An open redirect via next is not followed.
	rec = b.get("/login")
	form, _ := formOf(t, rec.Body.String())
	form.Set("name", "erik")
	form.Set("password", testPassword)
	form.Set("next", "//evil.example/")
	if rec := b.post("/login", form); rec.Header().Get("Location") != "/buero" {
		t.Errorf("next=//evil.example/: Location %q", rec.Header().Get("Location"))
	}
}

func TestOfficeAccess(t *testing.T) {
	f := newOfficeFixture(t)
	anon := f.browser(t, "192.0.2.50")
	rec := anon.get("/buero/kampagnen/1/zahlen")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?next=%2Fbuero%2Fkampagnen%2F1%2Fzahlen" {
		t.Errorf("anonymous page: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = anon.get("/api/v1/session")
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "Anmeldung erforderlich") {
		t.Errorf("anonymous API: %d %s", rec.Code, rec.Body)
	}
	if rec := anon.post("/buero/kampagnen/1/zahlen", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Errorf("anonymous POST: %d", rec.Code)
	}

	vera := f.browser(t, "192.0.2.51")
	vera.mustLogin("vera")
	wantBody(t, vera.get("/buero"), http.StatusOK, "DG")
	if strings.Contains(vera.get("/buero").Body.String(), "Zahlen eintragen") {
		t.Error("a viewer is offered the form")
	}
	wantBody(t, vera.get("/buero/kampagnen/1/zahlen"), http.StatusForbidden, "Berechtigung", "Lesen")
	wantBody(t, vera.get("/buero/protokoll"), http.StatusForbidden, "Berechtigung")
	rec = vera.get("/api/v1/session")
	var me struct{ Name, Role string }
	if err := json.Unmarshal(rec.Body.Bytes(), &me); err != nil || me.Name != "vera" || me.Role != "viewer" {
		t.Errorf("session API: %s %v", rec.Body, err)
	}

	erik := f.browser(t, "192.0.2.52")
	erik.mustLogin("erik")
	wantBody(t, erik.get("/buero/kampagnen/1/zahlen"), http.StatusOK, "Nord", "Süd")
	wantBody(t, erik.get("/buero/protokoll"), http.StatusForbidden, "Berechtigung")
	wantBody(t, erik.get("/buero/kampagnen/9/zahlen"), http.StatusNotFound)

	alma := f.browser(t, "192.0.2.53")
	alma.mustLogin("alma")
	wantBody(t, alma.get("/buero/protokoll"), http.StatusOK, "Protokoll", "erik", "Anmeldung")
	// Filtered by user and day, German labels, as CSV.
	page := alma.get("/buero/protokoll?benutzer=erik&von=2026-02-02&bis=2026-02-02")
	wantBody(t, page, http.StatusOK, "<td>erik</td>", "Anmeldung", `href="/buero/protokoll?benutzer=erik&bis=2026-02-02&format=csv&von=2026-02-02"`)
	if strings.Contains(page.Body.String(), "<td>alma</td>") || strings.Contains(page.Body.String(), "<td>vera</td>") {
		t.Errorf("the user filter lets others through:\n%s", page.Body)
	}
	wantBody(t, alma.get("/buero/protokoll?benutzer=erik&von=2026-02-03"), http.StatusOK, "0 Einträge")
	wantBody(t, alma.get("/buero/protokoll?von=gestern"), http.StatusUnprocessableEntity, "„gestern“ ist kein Datum")
	csvRec := alma.get("/buero/protokoll?benutzer=erik&format=csv")
	if ct := csvRec.Header().Get("Content-Type"); csvRec.Code != http.StatusOK || !strings.HasPrefix(ct, "text/csv") ||
		!strings.HasPrefix(csvRec.Body.String(), "\uFEFFZeit;Benutzer;Aktion;Aktion (Schlüssel);Details\r\n") || !strings.Contains(csvRec.Body.String(), ";erik;Anmeldung;login;") {
		t.Errorf("audit CSV: %d %q\n%s", csvRec.Code, ct, csvRec.Body)
	}
}

// countsForm loads the form as b and returns its fields and area IDs.
func countsForm(t *testing.T, b *browser) (url.Values, map[string]string) {
	t.Helper()
	rec := b.get("/buero/kampagnen/1/zahlen")
	if rec.Code != http.StatusOK {
		t.Fatalf("form: %d %s", rec.Code, rec.Body)
	}
	return formOf(t, rec.Body.String())
}

func entryCount(t *testing.T, f *officeFixture) int {
	t.Helper()
	es, err := f.st.Entries(context.Background(), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestCountsFormSave(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.60")
	erik.mustLogin("erik")
	rec := erik.get("/buero/kampagnen/1/zahlen")
	wantBody(t, rec, http.StatusOK, "Zahlen eintragen", `value="2026-02-02"`, "26.01.2026")
	form, area := formOf(t, rec.Body.String())
	if form.Get("as_of") != "2026-02-02" || form.Get("based_"+area["Nord"]) == "0" || form.Get("based_"+area["Süd"]) != "0" {
		t.Fatalf("form fields: %v %v", form, area)
	}
	form.Set("count_"+area["Nord"], "3")
	form.Set("comment_"+area["Nord"], "Infoabend")
	// Süd stays empty: skipped.
	rec = erik.post("/buero/kampagnen/1/zahlen", form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero/kampagnen/1/zahlen?gespeichert=1" {
		t.Fatalf("save: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	es, _ := f.st.Entries(context.Background(), 1, 0)
	if len(es) != 3 {
		t.Fatalf("%d entries, want 3", len(es))
	}
	last := es[2]
	if last.Count != 3 || last.EnteredBy != "erik" || last.Comment != "Infoabend" || last.AsOf.Format(time.DateOnly) != "2026-02-02" {
		t.Errorf("stored entry: %+v", last)
	}
	wantBody(t, erik.get(rec.Header().Get("Location")), http.StatusOK, "1 Zahl gespeichert")
	audit, _ := f.st.Audit(context.Background(), 1)
	if len(audit) != 1 || audit[0].Action != campaigns.AuditSignups || audit[0].User != "erik" || audit[0].Detail != "DG, Stand 02.02.2026: Nord 3" {
		t.Errorf("audit: %+v", audit)
	}
}

func TestCountsFormCSRF(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.61")
	erik.mustLogin("erik")
	form, area := countsForm(t, erik)
	form.Set("count_"+area["Nord"], "3")
	for name, tok := range map[string][]string{"missing": nil, "wrong": {flip(form.Get("csrf"))}, "empty": {""}} {
		t.Run(name, func(t *testing.T) {
			v := url.Values{}
			for k, vs := range form {
				v[k] = vs
			}
			v["csrf"] = tok
			if tok == nil {
				v.Del("csrf")
			}
			wantBody(t, erik.post("/buero/kampagnen/1/zahlen", v), http.StatusForbidden, "CSRF")
		})
	}
	// Another session's token does not fit either.
	alma := f.browser(t, "192.0.2.62")
	alma.mustLogin("alma")
	almaForm, _ := countsForm(t, alma)
	form.Set("csrf", almaForm.Get("csrf"))
	wantBody(t, erik.post("/buero/kampagnen/1/zahlen", form), http.StatusForbidden)
	if n := entryCount(t, f); n != 2 {
		t.Errorf("%d entries after refused posts, want 2", n)
	}
}

// flip changes a token's first character.
func flip(s string) string {
	if strings.HasPrefix(s, "A") {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

func TestCountsFormInvalid(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.63")
	erik.mustLogin("erik")
	form, area := countsForm(t, erik)
	tests := []struct {
		name        string
		nord, sued  string
		asOf        string
		want        []string
		wantNotSeen string
	}{
		{"above denominator", "9", "1", "", []string{"die Zahl 9 ist größer als die Zahl der Haushalte im Gebiet (4)", `value="9"`, `value="1"`, "Nichts wurde gespeichert"}, ""},
		{"lower without comment", "1", "", "", []string{"die Zahl 1 ist kleiner als 2 am", "bitte im Kommentar begründen"}, ""},
		{"not a number", "drei", "1", "", []string{"keine ganze Zahl", `value="drei"`}, ""},
		{"negative", "-1", "", "", []string{"nicht negativ"}, ""},
		{"future date", "3", "", "2026-02-03", []string{`<li><a href="#as_of">Stand vom: Das Datum 03.02.2026 liegt in der Zukunft.</a></li>`, `aria-describedby="as_of_err"`}, `id="err_`},
		// Every bad row and the date in one summary that opens focused,
		// each linked to its field.
		{"summary of all errors", "9", "-1", "", []string{`class="error-summary" role="alert" tabindex="-1" autofocus`,
			`<a href="#count_` + area["Nord"] + `">Nord: die Zahl 9 ist größer`, `<a href="#count_` + area["Süd"] + `">Süd: `}, ""},
		{"bad date", "3", "", "gestern", []string{"Bitte ein Datum angeben", `value="gestern"`}, ""},
		{"nothing entered", "", "", "", []string{"Keine neue Zahl"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{}
			for k, vs := range form {
				v[k] = vs
			}
			v.Set("count_"+area["Nord"], tt.nord)
			v.Set("count_"+area["Süd"], tt.sued)
			if tt.asOf != "" {
				v.Set("as_of", tt.asOf)
			}
			rec := erik.post("/buero/kampagnen/1/zahlen", v)
			wantBody(t, rec, http.StatusUnprocessableEntity, tt.want...)
			if tt.wantNotSeen != "" && strings.Contains(rec.Body.String(), tt.wantNotSeen) {
				t.Errorf("page has %q", tt.wantNotSeen)
			}
			if n := entryCount(t, f); n != 2 {
				t.Errorf("%d entries, want 2: something was stored", n)
			}
		})
	}
}

func TestCountsFormConflict(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.64")
	erik.mustLogin("erik")
	alma := f.browser(t, "192.0.2.65")
	alma.mustLogin("alma")
	erikForm, area := countsForm(t, erik)
	almaForm, _ := countsForm(t, alma)

	erikForm.Set("count_"+area["Nord"], "3")
	if rec := erik.post("/buero/kampagnen/1/zahlen", erikForm); rec.Code != http.StatusSeeOther {
		t.Fatalf("first save: %d\n%s", rec.Code, rec.Body)
	}
	almaForm.Set("count_"+area["Nord"], "4")
	almaForm.Set("count_"+area["Süd"], "1")
	rec := alma.post("/buero/kampagnen/1/zahlen", almaForm)
	wantBody(t, rec, http.StatusConflict, "Inzwischen hat erik für Nord 3 (Stand 02.02.2026) eingetragen.", "Nichts wurde gespeichert",
		`value="4"`, `value="1"`)
	es, _ := f.st.Entries(context.Background(), 1, 0)
	if len(es) != 3 || es[2].EnteredBy != "erik" {
		t.Fatalf("after the refused save: %d entries %+v", len(es), es)
	}
	// The form shown again is based on erik's entry: saving it again is a
	// decision made knowing his count, and goes through.
	again, _ := formOf(t, rec.Body.String())
	if again.Get("based_"+area["Nord"]) != "3" || again.Get("count_"+area["Nord"]) != "4" {
		t.Fatalf("form after conflict: %v", again)
	}
	if rec := alma.post("/buero/kampagnen/1/zahlen", again); rec.Code != http.StatusSeeOther {
		t.Fatalf("second attempt: %d\n%s", rec.Code, rec.Body)
	}
	if n := entryCount(t, f); n != 5 {
		t.Errorf("%d entries, want 5", n)
	}
}

func TestBodyTooLarge(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.66")
	erik.mustLogin("erik")
	form, area := countsForm(t, erik)
	form.Set("comment_"+area["Nord"], strings.Repeat("x", 2<<20))
	form.Set("count_"+area["Nord"], "3")
	if rec := erik.post("/buero/kampagnen/1/zahlen", form); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB form: %d", rec.Code)
	}
	// Without Content-Length (chunked), the limit holds while reading.
	req := httptest.NewRequest(http.MethodPost, "/buero/kampagnen/1/zahlen", strings.NewReader(form.Encode()))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if rec := erik.do(req); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB chunked form: %d", rec.Code)
	}
	if rec := f.browser(t, "192.0.2.67").post("/login", url.Values{"name": {strings.Repeat("x", 2<<20)}}); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB login: %d", rec.Code)
	}
	if n := entryCount(t, f); n != 2 {
		t.Errorf("%d entries, want 2", n)
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newOfficeFixture(t)
	for _, path := range []string{"/", "/api/v1/campaigns", "/login", "/buero", "/healthz", "/nirgends"} {
		rec := get(t, f.srv, path)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
			"form-action 'self'", "worker-src 'self' blob:", "img-src 'self' data: blob:"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, " https:;") || strings.Contains(csp, " https: ") {
			t.Errorf("%s: CSP %q allows every https host", path, csp)
		}
		if !strings.Contains(csp, "img-src 'self' data: blob: https://sgx.geodatenzentrum.de;") ||
			!strings.Contains(csp, "connect-src 'self' https://sgx.geodatenzentrum.de;") {
			t.Errorf("%s: CSP %q does not name the default base map's origin", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
	// The office's stylesheet is served at its hashed URL.
	rec := get(t, f.srv, "/login")
	m := regexp.MustCompile(`href="(/buero/static/office\.[0-9a-f]{16}\.css)"`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("login page links no stylesheet:\n%s", rec.Body)
	}
	css := get(t, f.srv, m[1])
	if css.Code != 200 || !strings.HasPrefix(css.Header().Get("Content-Type"), "text/css") || !strings.Contains(css.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("stylesheet: %d %v", css.Code, css.Header())
	}
}
