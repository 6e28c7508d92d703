package web_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/web"
)

// Tests of the rules in auth.go, csrf.go, users.go and security.go at
// their boundaries.

func noLimits(c *web.Config) { c.RateLimits = web.NoRateLimits }

// droppedSession reports whether the response deletes the session cookie.
func droppedSession(rec *httptest.ResponseRecorder) bool {
	for _, c := range rec.Result().Cookies() {
		if c.Name == "gigaplan_session" && c.MaxAge < 0 {
			return true
		}
	}
	return false
}

// TestSessionLimits: a session ends after 8 hours without a request and 7
// days after it began, exactly at those limits; the browser is then told
// to drop the cookie.
func TestSessionLimits(t *testing.T) {
	f := newOfficeFixture(t)
	start := f.now

	idle := f.browser(t, "192.0.2.101")
	idle.mustLogin("erik")
	f.now = start.Add(8*time.Hour - time.Second)
	if rec := idle.get("/buero"); rec.Code != http.StatusOK {
		t.Fatalf("idle 8 h less a second: %d", rec.Code)
	}
	idle2 := f.browser(t, "192.0.2.102")
	f.now = start
	idle2.mustLogin("vera")
	f.now = start.Add(8 * time.Hour)
	rec := idle2.get("/buero")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
		t.Fatalf("idle exactly 8 h: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if !droppedSession(rec) {
		t.Error("expired session: the cookie is not dropped")
	}

	// Used every 7 hours, a session still ends 7 days after it began.
	f.now = start
	abs := f.browser(t, "192.0.2.103")
	abs.mustLogin("alma")
	for h := 7; h < 7*24; h += 7 {
		f.now = start.Add(time.Duration(h) * time.Hour)
		if rec := abs.get("/buero"); rec.Code != http.StatusOK {
			t.Fatalf("after %d h: %d", h, rec.Code)
		}
	}
	f.now = start.Add(7*24*time.Hour - time.Second)
	if rec := abs.get("/buero"); rec.Code != http.StatusOK {
		t.Fatalf("7 days less a second: %d", rec.Code)
	}
	f.now = start.Add(7 * 24 * time.Hour)
	rec = abs.get("/buero")
	if rec.Code != http.StatusSeeOther || !droppedSession(rec) {
		t.Fatalf("exactly 7 days: %d, dropped %v", rec.Code, droppedSession(rec))
	}
}

// TestSessionUnknownCookie: an unknown session cookie is dropped; the
// server reads cookies of up to 100 characters as session tokens.
func TestSessionUnknownCookie(t *testing.T) {
	f := newOfficeFixture(t)
	for _, n := range []int{43, 100} {
		b := f.browser(t, "192.0.2.104")
		b.cookies["gigaplan_session"] = strings.Repeat("A", n)
		rec := b.get("/buero")
		if rec.Code != http.StatusSeeOther || !droppedSession(rec) {
			t.Errorf("unknown %d-character cookie: %d, dropped %v", n, rec.Code, droppedSession(rec))
		}
	}
	b := f.browser(t, "192.0.2.104")
	b.cookies["gigaplan_session"] = strings.Repeat("A", 101)
	if rec := b.get("/buero"); rec.Code != http.StatusSeeOther {
		t.Errorf("101-character cookie: %d", rec.Code)
	}
}

// TestLoginThrottleWait: the waits grow with the failures of a name from
// one address (1, 2, 4 … s, at most 15 minutes); the page names the wait,
// in minutes once it is long, and Retry-After its seconds, after which a
// new attempt is let through.
func TestLoginThrottleWait(t *testing.T) {
	f := newAdminFixture(t, noLimits)
	b := f.browser(t, "192.0.2.110")
	want := []int{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900}
	fail := func(n int) {
		if rec := b.login("erik", "falsch-falsch-falsch"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", n, rec.Code)
		}
	}
	for i := range campaigns.ThrottleFree {
		fail(i + 1)
	}
	for i, w := range want {
		rec := b.login("erik", testPassword)
		ra, err := strconv.Atoi(rec.Header().Get("Retry-After"))
		if rec.Code != http.StatusTooManyRequests || err != nil || ra != w {
			t.Fatalf("after %d failures: %d, Retry-After %q, want %d", i+campaigns.ThrottleFree, rec.Code, rec.Header().Get("Retry-After"), w)
		}
		if w >= 90 {
			wantBody(t, rec, http.StatusTooManyRequests, fmt.Sprintf("Bitte warten Sie %d Minuten", (w+59)/60))
		}
		f.now = f.now.Add(time.Duration(ra) * time.Second)
		if i < len(want)-1 {
			fail(i + campaigns.ThrottleFree + 1)
		}
	}
	b.mustLogin("erik")
}

// TestLoginClientAddress: a client that talks to the server directly is
// counted under its own address, whatever X-Forwarded-For it sends; only a
// proxy on this host (loopback) may name the client, and without the
// header the proxy's address counts.
func TestLoginClientAddress(t *testing.T) {
	f := newAdminFixture(t, noLimits)
	direct := f.browser(t, "192.0.2.120")
	// As many failures as an address may have, each of another name.
	for i := range campaigns.ThrottleFreeIP {
		direct.header.Set("X-Forwarded-For", "198.51.100."+strconv.Itoa(i+1))
		if rec := direct.login(f.cheapUser(t, i), "falsch-falsch-falsch"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, rec.Code)
		}
	}
	direct.header.Set("X-Forwarded-For", "198.51.100.77")
	wantBody(t, direct.login("vera", testPassword), http.StatusTooManyRequests, "Bitte warten Sie")
	// The forged addresses were not counted.
	forged := f.browser(t, "127.0.0.1")
	forged.header.Set("X-Forwarded-For", "198.51.100.1")
	forged.mustLogin("vera")

	// A local proxy without X-Forwarded-For: its own address counts.
	local := f.browser(t, "127.0.0.2")
	local.mustLogin("erik")
	local = f.browser(t, "127.0.0.2")
	for i := range campaigns.ThrottleFreeIP {
		if rec := local.login(f.cheapUser(t, i), "falsch-falsch-falsch"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("local failure %d: %d", i+1, rec.Code)
		}
	}
	wantBody(t, local.login("alma", testPassword), http.StatusTooManyRequests, "Bitte warten Sie")
}

// TestLoginCSRFSigned: the login form's token must be one this
// installation signed recently. A value planted in both the cookie and
// the form (what another site or a sibling host can do) is refused, and
// so are a token of another installation, an old one and a changed one;
// a valid cookie is kept, anything else replaced.
func TestLoginCSRFSigned(t *testing.T) {
	f := newAdminFixture(t, noLimits)
	other := newAdminFixture(t, noLimits) // another installation: another key
	loginCookie := func(rec *httptest.ResponseRecorder) *http.Cookie {
		for _, c := range rec.Result().Cookies() {
			if c.Name == "gigaplan_login_csrf" {
				return c
			}
		}
		return nil
	}
	issued := func(f *officeFixture, ip string) string {
		c := loginCookie(f.browser(t, ip).get("/login"))
		if c == nil {
			t.Fatal("no login cookie")
		}
		return c.Value
	}
	own := issued(f, "192.0.2.120")
	foreign := issued(other, "192.0.2.121")
	f.now = f.now.Add(-13 * time.Hour)
	old := issued(f, "192.0.2.122")
	f.now = f.now.Add(13 * time.Hour)
	for _, tc := range []struct {
		name, token string
		ok          bool
	}{
		{"issued here", own, true},
		{"planted: 43 random-looking characters", strings.Repeat("k", 43), false},
		{"planted: the old format's 32 characters", strings.Repeat("k", 32), false},
		{"signed by another installation", foreign, false},
		{"signed 13 hours ago", old, false},
		{"signature changed", flip(own), false},
		{"time changed", "1" + own, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := f.browser(t, "192.0.2.130")
			b.cookies["gigaplan_login_csrf"] = tc.token
			rec := b.get("/login")
			form, _ := formOf(t, rec.Body.String())
			if c := loginCookie(rec); tc.ok != (c == nil) || (c != nil && (c.Value == tc.token || form.Get("csrf") != c.Value)) {
				t.Errorf("GET /login with cookie %q: new cookie %v, form token %q", tc.token, c, form.Get("csrf"))
			}
			// Send the planted value as cookie and field, as an attacker
			// who can set cookies would.
			b.cookies["gigaplan_login_csrf"] = tc.token
			form.Set("csrf", tc.token)
			form.Set("name", "erik")
			form.Set("password", testPassword)
			rec = b.post("/login", form)
			if tc.ok && rec.Code != http.StatusSeeOther {
				t.Fatalf("login with %s: %d", tc.name, rec.Code)
			}
			if !tc.ok && (rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "Sicherheitsprüfung")) {
				t.Fatalf("login with %s: %d, want 403", tc.name, rec.Code)
			}
		})
	}
	c := loginCookie(f.browser(t, "192.0.2.131").get("/login"))
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/login" || c.Secure {
		t.Errorf("login cookie: %+v", c)
	}
	// Behind https, the login cookie is Secure.
	s := f.browser(t, "192.0.2.132")
	s.header.Set("X-Forwarded-Proto", "https")
	if c := loginCookie(s.get("/login")); c == nil || !c.Secure {
		t.Errorf("login cookie over https: %+v", c)
	}
}

// TestCrossOriginRefused: a browser's unsafe request from another site is
// refused before any form check, at the login and behind a session; the
// same request from the app's own pages (or from a client that sends no
// such headers) goes through.
func TestCrossOriginRefused(t *testing.T) {
	f := newAdminFixture(t, noLimits)
	sessionCSRF := func(b *browser) string {
		form, _ := formOf(t, b.get("/buero").Body.String())
		return form.Get("csrf")
	}
	for _, tc := range []struct {
		name   string
		header map[string]string
		ok     bool
	}{
		{"no browser headers", nil, true},
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"}, true},
		{"cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, false},
		{"same-site sibling", map[string]string{"Sec-Fetch-Site": "same-site"}, false},
		{"other Origin", map[string]string{"Origin": "https://evil.example"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := f.browser(t, "192.0.2.140")
			form, _ := formOf(t, b.get("/login").Body.String())
			form.Set("name", "erik")
			form.Set("password", testPassword)
			for k, v := range tc.header {
				b.header.Set(k, v)
			}
			rec := b.post("/login", form)
			if tc.ok != (rec.Code == http.StatusSeeOther) {
				t.Fatalf("login: %d", rec.Code)
			}
			if !tc.ok {
				if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "anderen Website") {
					t.Fatalf("login: %d %s", rec.Code, rec.Body)
				}
				return
			}
			// Signed in: a form behind the session.
			rec = b.post("/logout", url.Values{"csrf": {sessionCSRF(b)}})
			if rec.Code != http.StatusSeeOther {
				t.Errorf("logout: %d", rec.Code)
			}
		})
	}
	// Behind a session too: a signed-in browser's cross-site logout.
	b := f.browser(t, "192.0.2.141")
	if rec := b.login("erik", testPassword); rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d", rec.Code)
	}
	b.header.Set("Sec-Fetch-Site", "cross-site")
	if rec := b.post("/logout", url.Values{"csrf": {sessionCSRF(b)}}); rec.Code != http.StatusForbidden {
		t.Errorf("cross-site logout: %d", rec.Code)
	}
}

// TestBodyTooLargeBoundary: a form of exactly 1 MiB is accepted, one byte
// more is 413.
func TestBodyTooLargeBoundary(t *testing.T) {
	f := newAdminFixture(t, noLimits)
	for _, extra := range []int{0, 1} {
		b := f.browser(t, "192.0.2.140")
		form, _ := formOf(t, b.get("/login").Body.String())
		form.Set("name", "erik")
		form.Set("password", testPassword)
		base := form.Encode() + "&pad="
		body := base + strings.Repeat("x", 1<<20-len(base)+extra)
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if req.ContentLength != 1<<20+int64(extra) {
			t.Fatalf("Content-Length %d", req.ContentLength)
		}
		rec := b.do(req)
		want := http.StatusSeeOther
		if extra > 0 {
			want = http.StatusRequestEntityTooLarge
		}
		if rec.Code != want {
			t.Errorf("1 MiB + %d bytes: %d, want %d", extra, rec.Code, want)
		}
	}
}

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLoginAuditFailure: a failure to write the audit log is logged, not
// shown; a successful write logs no error.
func TestLoginAuditFailure(t *testing.T) {
	var logs syncBuffer
	f := newAdminFixture(t, func(c *web.Config) {
		noLimits(c)
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	f.browser(t, "192.0.2.150").mustLogin("erik")
	if strings.Contains(logs.String(), "write audit log") {
		t.Fatalf("audit write logged as failed:\n%s", logs.String())
	}
	if _, err := f.st.DB().Exec(`DROP TABLE audit_log`); err != nil {
		t.Fatal(err)
	}
	f.browser(t, "192.0.2.151").mustLogin("vera")
	if !strings.Contains(logs.String(), "write audit log") {
		t.Errorf("failed audit write not logged:\n%s", logs.String())
	}
}

// TestUsersAddNameRules: a user name has at most 100 bytes and no control
// characters; a refused form comes back as entered, with a message that
// starts with a capital letter.
func TestUsersAddNameRules(t *testing.T) {
	f := newAdminFixture(t, nil)
	b := f.browser(t, "192.0.2.160")
	b.mustLogin("alma")
	csrf := csrfOf(t, b, "/buero/benutzer")
	add := func(name string) *httptest.ResponseRecorder {
		return b.post("/buero/benutzer", url.Values{"csrf": {csrf}, "name": {name}, "role": {"viewer"},
			"password": {testPassword}, "password2": {testPassword}})
	}
	for _, name := range []string{strings.Repeat("n", 100), "Nora Neu"} {
		if rec := add(name); rec.Code != http.StatusSeeOther {
			t.Errorf("%q: %d\n%s", name, rec.Code, rec.Body)
		} else if u := f.user(t, name); u.Name != name {
			t.Errorf("%q stored as %q", name, u.Name)
		}
	}
	for _, name := range []string{strings.Repeat("n", 101), "a\tb", "a\x1fb", "a\x7fb", "a\x00b"} {
		wantBody(t, add(name), http.StatusUnprocessableEntity, "Der Benutzername ist zu lang oder enthält Steuerzeichen.")
	}
	// Taken: 409 on the users page, the form as entered.
	wantBody(t, add("Erik"), http.StatusConflict, `Es gibt schon einen Benutzer "Erik".`, `value="Erik"`, "Neuer Benutzer")
	rec := b.post("/buero/benutzer", url.Values{"csrf": {csrf}, "name": {"kurzpw"}, "role": {"editor"},
		"password": {"kurz"}, "password2": {"kurz"}})
	wantBody(t, rec, http.StatusUnprocessableEntity, "Das Passwort ist zu kurz: mindestens 12 Zeichen", `value="kurzpw"`)
}

// TestUsersActionBadID: user IDs are positive integers; anything else is
// 400.
func TestUsersActionBadID(t *testing.T) {
	f := newAdminFixture(t, nil)
	b := f.browser(t, "192.0.2.161")
	b.mustLogin("alma")
	csrf := csrfOf(t, b, "/buero/benutzer")
	for _, id := range []string{"0", "-1", "99999999999999999999", "abc"} {
		wantBody(t, b.post("/buero/benutzer/"+id+"/rolle", url.Values{"csrf": {csrf}, "role": {"admin"}}),
			http.StatusBadRequest, "ungültige Benutzer-ID")
	}
}

// TestUsersPageDates: the admin pages show dates in Berlin time and "–"
// where there is none (a token never used).
func TestUsersPageDates(t *testing.T) {
	f := newAdminFixture(t, nil)
	b := f.browser(t, "192.0.2.162")
	b.mustLogin("alma")
	csrf := csrfOf(t, b, "/buero/benutzer")
	if rec := b.post("/buero/benutzer", url.Values{"csrf": {csrf}, "name": {"nora"}, "role": {"viewer"},
		"password": {testPassword}, "password2": {testPassword}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("add: %d", rec.Code)
	}
	body := b.get("/buero/benutzer").Body.String()
	if !regexpRow(body, "nora", "02.02.2026") {
		t.Errorf("users page dates:\n%s", body)
	}
	if rec := b.post("/buero/tokens", url.Values{"csrf": {csrf}, "name": {"Portal"}, "campaign": {"1"}}); rec.Code != http.StatusCreated {
		t.Fatalf("create token: %d\n%s", rec.Code, rec.Body)
	}
	wantBody(t, b.get("/buero/tokens"), http.StatusOK, "<td>Portal</td>", "<td>DG</td><td>02.02.2026 11:00</td><td>alma</td><td>–</td>")
}

// regexpRow reports whether the users table row of name shows date in the
// "angelegt" column.
func regexpRow(body, name, date string) bool {
	i := strings.Index(body, "<td>"+name+"</td>")
	if i < 0 {
		return false
	}
	row := body[i:]
	if j := strings.Index(row, "</tr>"); j >= 0 {
		row = row[:j]
	}
	return strings.Contains(row, "<td>"+date+"</td>")
}
