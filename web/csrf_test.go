package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The login form's double-submit check: a login goes through only with
// the cookie gigaplan_login_csrf and the form field csrf both present and
// equal. Every case uses the right password, so a refusal is the CSRF
// check's; a refused login creates no session and changes nothing.
func TestLoginCSRFPairs(t *testing.T) {
	const (
		own     = "own"     // the value this browser got with the form
		other   = "other"   // another browser's cookie value
		flipped = "flipped" // own with its first character changed
		empty   = "empty"   // present, but ""
		none    = "none"    // not sent
	)
	tests := []struct {
		name          string
		cookie, token string
		ok            bool
	}{
		{"correct pair", own, own, true},
		{"cookie missing", none, own, false},
		{"token missing", own, none, false},
		{"both present but different", own, flipped, false},
		{"token from another browser's cookie", own, other, false},
		{"cookie from another browser", other, own, false},
		{"token empty", own, empty, false},
		{"cookie empty", empty, own, false},
		{"both empty", empty, empty, false},
		{"neither", none, none, false},
	}
	m := newMatrix(t)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			otherB := m.f.browser(t, "198.51.100.200")
			otherB.get("/login")
			values := map[string]string{other: otherB.cookies["gigaplan_login_csrf"]}

			b := m.f.browser(t, fmt.Sprintf("198.51.100.%d", 10+i))
			rec := b.get("/login")
			form, _ := formOf(t, rec.Body.String())
			values[own] = b.cookies["gigaplan_login_csrf"]
			if values[own] == "" || form.Get("csrf") != values[own] || values[other] == "" || values[other] == values[own] {
				t.Fatalf("login form: cookie %q, field %q, other browser's cookie %q", values[own], form.Get("csrf"), values[other])
			}
			values[flipped] = flip(values[own])
			switch tt.cookie {
			case none:
				delete(b.cookies, "gigaplan_login_csrf")
			default:
				b.cookies["gigaplan_login_csrf"] = values[tt.cookie]
			}
			form.Del("csrf")
			if tt.token != none {
				form.Set("csrf", values[tt.token])
			}
			form.Set("name", "erik")
			form.Set("password", testPassword)

			before := dbState(t, m.f)
			rec = b.post("/login", form)
			var session bool
			for _, c := range rec.Result().Cookies() {
				session = session || (c.Name == "gigaplan_session" && c.Value != "")
			}
			diff := stateDiff(before, dbState(t, m.f))
			if tt.ok {
				if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero" || !session {
					t.Fatalf("correct pair: %d %q, session cookie %v\n%s", rec.Code, rec.Header().Get("Location"), session, rec.Body)
				}
				if !strings.Contains(diff, "erik | login") || !strings.Contains(diff, "sessions:") {
					t.Errorf("correct pair: no session or audit entry stored:%s", diff)
				}
				return
			}
			if rec.Code != http.StatusForbidden || session || !strings.Contains(rec.Body.String(), "Sicherheitsprüfung") {
				t.Errorf("%s: %d %q, session cookie %v; want 403 Sicherheitsprüfung and no session", tt.name, rec.Code, rec.Header().Get("Location"), session)
			}
			if diff != "" {
				t.Errorf("%s: the login (answered %d) changed the store:%s", tt.name, rec.Code, diff)
			}
		})
	}
}

// The office forms' CSRF check, for every unsafe route behind a session:
// sent by an admin, who may use all of them, the effective request of
// roleMatrix with any token but the session's own is refused with 403
// and changes nothing.
func TestSessionCSRF(t *testing.T) {
	m := newMatrix(t, "alma", "erik")
	alma, erik := m.as(t, "alma"), m.as(t, "erik")
	// alma in a second browser: the token belongs to the session, not to
	// the user.
	alma2 := m.f.browser(t, "192.0.2.250")
	alma2.mustLogin("alma")
	own := m.csrf["alma"]
	bad := []struct {
		name string
		tok  string
		via  csrfVia
	}{
		{"missing", "", viaNone},
		{"empty", "", viaField},
		{"wrong", flip(own), viaField},
		{"another user's session", m.csrf["erik"], viaField},
		{"same user's other session", csrfOf(t, alma2, "/buero"), viaField},
		{"the session cookie itself", alma.cookies["gigaplan_session"], viaField},
		{"the login form's token", alma.cookies["gigaplan_login_csrf"], viaField},
		{"another session's in the header", m.csrf["erik"], viaHeader},
		{"wrong in the header", flip(own), viaHeader},
	}
	if erik.cookies["gigaplan_session"] == "" || alma.cookies["gigaplan_login_csrf"] == "" {
		t.Fatalf("fixture: cookies %v %v", erik.cookies, alma.cookies)
	}
	// Logout last: if it went through, alma would be signed out for the rest.
	var rows, logout []matrixRow
	for _, r := range roleMatrix {
		switch {
		case !r.unsafe() || r.min == anyone || r.min == apiToken:
		case r.route == "POST /logout":
			logout = append(logout, r)
		default:
			rows = append(rows, r)
		}
	}
	rows = append(rows, logout...)
	for _, r := range rows {
		t.Run(r.name(), func(t *testing.T) {
			for _, tt := range bad {
				t.Run(tt.name, func(t *testing.T) {
					req := m.request(t, r, tt.tok, tt.via, false)
					before := dbState(t, m.f)
					rec := alma.do(req)
					if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "Sicherheitsprüfung") {
						t.Errorf("%s, token %s: %d, want 403 Sicherheitsprüfung\n%.300s", r.name(), tt.name, rec.Code, rec.Body)
					}
					if d := stateDiff(before, dbState(t, m.f)); d != "" {
						t.Errorf("%s, token %s (answered %d) changed the store:%s", r.name(), tt.name, rec.Code, d)
					}
					emptyDir(t, m.dir)
				})
			}
		})
	}
}

// The token may come in the header X-CSRF-Token instead of the form.
func TestSessionCSRFHeader(t *testing.T) {
	for _, r := range roleMatrix {
		switch r.name() {
		case "POST /buero/kampagnen/:id/zahlen", "POST /buero/benutzer/:id/rolle", "POST /buero/import (signups)":
		default:
			continue
		}
		t.Run(r.name(), func(t *testing.T) {
			m := newMatrix(t)
			b := m.as(t, identities[r.min].name)
			req := m.request(t, r, m.csrf[identities[r.min].name], viaHeader, false)
			before := dbState(t, m.f)
			rec := b.do(req)
			if rec.Code >= 400 {
				t.Fatalf("token in the header: %d\n%.300s", rec.Code, rec.Body)
			}
			if stateDiff(before, dbState(t, m.f)) == "" {
				t.Errorf("token in the header: %d, nothing changed", rec.Code)
			}
		})
	}
}
