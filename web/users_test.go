package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/web"
)

// newAdminFixture is newOfficeFixture with the admin pages' stores and
// mod applied to the configuration.
func newAdminFixture(t *testing.T, mod func(*web.Config)) *officeFixture {
	t.Helper()
	f := newOfficeFixture(t)
	// One market survey, so that a supply upload has one to go into.
	if _, err := f.st.AddSurvey(context.Background(), geo.Survey{Name: "MEV 2026", HorizonYears: 5,
		Operators: []geo.SurveyOperator{{Name: "Telekom", Asked: true}, {Name: "Vodafone", Asked: true}}}); err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{Users: f.st, Tokens: f.st, Supply: f.st, UploadDir: t.TempDir()}
	if mod != nil {
		mod(&cfg)
	}
	svc := &campaigns.Service{Geo: f.st, Store: f.st, Now: func() time.Time { return f.now }}
	f.srv = web.New(cfg, f.st, svc)
	return f
}

// csrfOf returns the CSRF token of a page.
func csrfOf(t *testing.T, b *browser, path string) string {
	t.Helper()
	rec := b.get(path)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, rec.Code, rec.Body)
	}
	form, _ := formOf(t, rec.Body.String())
	if form.Get("csrf") == "" {
		t.Fatalf("GET %s: no CSRF token", path)
	}
	return form.Get("csrf")
}

func (f *officeFixture) user(t *testing.T, name string) campaigns.User {
	t.Helper()
	u, err := f.st.UserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestUsersPageAccess(t *testing.T) {
	f := newAdminFixture(t, nil)
	anon := f.browser(t, "192.0.2.1")
	if rec := anon.get("/buero/benutzer"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
		t.Errorf("not logged in: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if rec := anon.post("/buero/benutzer", url.Values{"name": {"x"}}); rec.Code != http.StatusSeeOther {
		t.Errorf("not logged in, POST: %d", rec.Code)
	}
	for _, name := range []string{"erik", "vera"} {
		b := f.browser(t, "192.0.2.2")
		b.mustLogin(name)
		wantBody(t, b.get("/buero/benutzer"), http.StatusForbidden, "Berechtigung")
		csrf := csrfOf(t, b, "/buero")
		wantBody(t, b.post("/buero/benutzer", url.Values{"csrf": {csrf}, "name": {"neu"}, "role": {"admin"},
			"password": {testPassword}, "password2": {testPassword}}), http.StatusForbidden, "Berechtigung")
	}
	if _, err := f.st.UserByName(context.Background(), "neu"); err == nil {
		t.Fatal("a non-admin created a user")
	}
	admin := f.browser(t, "192.0.2.3")
	admin.mustLogin("alma")
	wantBody(t, admin.get("/buero/benutzer"), http.StatusOK, "alma", "erik", "vera", "Bearbeitung", "Neuer Benutzer", `href="/buero/benutzer"`)
	// Without the CSRF token: 403, nothing created.
	wantBody(t, admin.post("/buero/benutzer", url.Values{"name": {"neu"}, "role": {"viewer"},
		"password": {testPassword}, "password2": {testPassword}}), http.StatusForbidden, "Sicherheitsprüfung")
	if _, err := f.st.UserByName(context.Background(), "neu"); err == nil {
		t.Fatal("created without CSRF token")
	}
}

func TestUsersAdd(t *testing.T) {
	f := newAdminFixture(t, nil)
	b := f.browser(t, "192.0.2.3")
	b.mustLogin("alma")
	csrf := csrfOf(t, b, "/buero/benutzer")
	tests := []struct {
		name         string
		form         url.Values
		status       int
		want         string
		wantPassword string // the user exists with this password afterwards
	}{
		{"empty name", url.Values{"name": {" "}, "role": {"viewer"}, "password": {testPassword}, "password2": {testPassword}}, 422, "Benutzernamen", ""},
		{"bad role", url.Values{"name": {"neu"}, "role": {"boss"}, "password": {testPassword}, "password2": {testPassword}}, 422, "Rolle", ""},
		{"short password", url.Values{"name": {"neu"}, "role": {"viewer"}, "password": {"kurz"}, "password2": {"kurz"}}, 422, "mindestens 12 Zeichen", ""},
		{"mismatch", url.Values{"name": {"neu"}, "role": {"viewer"}, "password": {testPassword}, "password2": {testPassword + "x"}}, 422, "stimmen nicht überein", ""},
		{"taken", url.Values{"name": {"Erik"}, "role": {"viewer"}, "password": {testPassword}, "password2": {testPassword}}, 409, "schon einen Benutzer", ""},
		{"ok", url.Values{"name": {"Nora"}, "role": {"editor"}, "password": {"ein-langes-passwort"}, "password2": {"ein-langes-passwort"}}, 303, "", "ein-langes-passwort"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.form.Set("csrf", csrf)
			rec := b.post("/buero/benutzer", tt.form)
			if tt.status == http.StatusSeeOther {
				if rec.Code != tt.status || rec.Header().Get("Location") != "/buero/benutzer?ok=angelegt" {
					t.Fatalf("%d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
				}
			} else {
				wantBody(t, rec, tt.status, tt.want)
			}
			if tt.wantPassword != "" {
				u := f.user(t, tt.form.Get("name"))
				if u.Role != campaigns.Role(tt.form.Get("role")) || !campaigns.CheckPassword(u.PasswordHash, tt.wantPassword) {
					t.Errorf("stored %+v", u)
				}
			} else if _, err := f.st.UserByName(context.Background(), "neu"); err == nil {
				t.Error("refused user stored")
			}
		})
	}
	wantBody(t, b.get("/buero/benutzer?ok=angelegt"), http.StatusOK, "Der Benutzer wurde angelegt.", "Nora")
	nora := f.browser(t, "192.0.2.4")
	if rec := nora.login("nora", "ein-langes-passwort"); rec.Code != http.StatusSeeOther {
		t.Errorf("the new user cannot log in: %d", rec.Code)
	}
	if acts := strings.Join(f.auditActions(t), ","); !strings.Contains(acts, "alma user_add") {
		t.Errorf("audit: %s", acts)
	}
}

func TestUsersChange(t *testing.T) {
	f := newAdminFixture(t, nil)
	b := f.browser(t, "192.0.2.3")
	b.mustLogin("alma")
	csrf := csrfOf(t, b, "/buero/benutzer")
	alma, erik, vera := f.user(t, "alma"), f.user(t, "erik"), f.user(t, "vera")
	path := func(u campaigns.User, action string) string {
		return "/buero/benutzer/" + strconv.FormatInt(u.ID, 10) + "/" + action
	}
	// Vera is signed in; her session ends when she is disabled.
	vb := f.browser(t, "192.0.2.5")
	vb.mustLogin("vera")

	tests := []struct {
		name   string
		path   string
		form   url.Values
		status int
		want   string
		check  func(t *testing.T)
	}{
		{"missing CSRF", path(erik, "rolle"), url.Values{"role": {"admin"}, "csrf": {""}}, 403, "Sicherheitsprüfung", func(t *testing.T) {
			if f.user(t, "erik").Role != campaigns.RoleEditor {
				t.Error("changed without CSRF")
			}
		}},
		{"bad id", "/buero/benutzer/abc/rolle", url.Values{"role": {"admin"}}, 400, "ungültige Benutzer-ID", nil},
		{"unknown user", "/buero/benutzer/999/rolle", url.Values{"role": {"admin"}}, 404, "gibt es nicht", nil},
		{"bad role", path(erik, "rolle"), url.Values{"role": {"boss"}}, 422, "Bitte wählen Sie eine Rolle", nil},
		{"role", path(erik, "rolle"), url.Values{"role": {"viewer"}}, 303, "", func(t *testing.T) {
			if f.user(t, "erik").Role != campaigns.RoleViewer {
				t.Error("role not changed")
			}
		}},
		{"last admin demoted", path(alma, "rolle"), url.Values{"role": {"editor"}}, 422, "letzte aktive Benutzer mit der Rolle Verwaltung", func(t *testing.T) {
			if f.user(t, "alma").Role != campaigns.RoleAdmin {
				t.Error("the last admin was demoted")
			}
		}},
		{"disable self", path(alma, "sperren"), url.Values{}, 422, "nicht selbst sperren", nil},
		{"disable", path(vera, "sperren"), url.Values{}, 303, "", func(t *testing.T) {
			if !f.user(t, "vera").Disabled {
				t.Error("not disabled")
			}
			if rec := vb.get("/buero"); rec.Code != http.StatusSeeOther {
				t.Errorf("the disabled user's session lives on: %d", rec.Code)
			}
		}},
		{"enable", path(vera, "entsperren"), url.Values{}, 303, "", func(t *testing.T) {
			if f.user(t, "vera").Disabled {
				t.Error("still disabled")
			}
		}},
		{"short password", path(vera, "passwort"), url.Values{"password": {"kurz"}, "password2": {"kurz"}}, 422, "mindestens 12 Zeichen", nil},
		{"password mismatch", path(vera, "passwort"), url.Values{"password": {testPassword}, "password2": {"anders-anders-anders"}}, 422, "stimmen nicht überein", nil},
		{"password", path(vera, "passwort"), url.Values{"password": {"ganz-neues-passwort"}, "password2": {"ganz-neues-passwort"}}, 303, "", func(t *testing.T) {
			if !campaigns.CheckPassword(f.user(t, "vera").PasswordHash, "ganz-neues-passwort") {
				t.Error("password not set")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.form.Has("csrf") {
				tt.form.Set("csrf", csrf)
			}
			rec := b.post(tt.path, tt.form)
			if tt.status == http.StatusSeeOther {
				if rec.Code != tt.status || !strings.HasPrefix(rec.Header().Get("Location"), "/buero/benutzer?ok=") {
					t.Fatalf("%d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
				}
			} else {
				wantBody(t, rec, tt.status, tt.want)
			}
			if tt.check != nil {
				tt.check(t)
			}
		})
	}
	acts := strings.Join(f.auditActions(t), ",")
	for _, want := range []string{"alma user_role", "alma user_disable", "alma user_enable", "alma password"} {
		if !strings.Contains(acts, want) {
			t.Errorf("audit lacks %q: %s", want, acts)
		}
	}
}
