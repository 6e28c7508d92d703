package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"gigaplan/campaigns"
	"gigaplan/web"
)

// TestBusyStoreAnswers503: while another process holds SQLite's write
// lock past the busy timeout (a long import from the CLI), a write of the
// server (here the session of a login) answers 503 with Retry-After and a
// German message, not 500; afterwards the same login works.
func TestBusyStoreAnswers503(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the busy timeout")
	}
	f := newAdminFixture(t, noLimits)
	db, err := sql.Open("sqlite3", "file:"+f.st.Path()+"?_txlock=immediate&_busy_timeout=100")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE store_totals SET overlay_stale = overlay_stale`); err != nil {
		t.Fatal(err)
	}
	b := f.browser(t, "192.0.2.140")
	rec := b.login("erik", testPassword)
	wantBody(t, rec, http.StatusServiceUnavailable, "Die Datenbank ist gerade belegt")
	if rec.Header().Get("Retry-After") != "10" {
		t.Errorf("Retry-After %q", rec.Header().Get("Retry-After"))
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	b.mustLogin("erik")
}

// TestClientGoneIsNoError: a browser that goes away mid-request (the
// request's context cancelled) is logged at debug level, not as an error
// of the server.
func TestClientGoneIsNoError(t *testing.T) {
	var logs bytes.Buffer
	f := newAdminFixture(t, func(c *web.Config) {
		c.RateLimits = web.NoRateLimits
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	})
	b := f.browser(t, "192.0.2.141")
	b.mustLogin("vera")
	for _, path := range []string{"/buero", "/buero/kampagnen", "/buero/berichte/sachstand", "/api/v1/areas"} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		b.do(httptest.NewRequest(http.MethodGet, path, nil).WithContext(ctx))
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a cancelled request logged an error:\n%s", logs.String())
	}
}

// cheapUser returns the name of the i-th extra user, created on first use
// with a cheap hash: a wrong password for a known name costs bcrypt at its
// hash's cost, for an unknown one at full cost (slow under -race).
func (f *officeFixture) cheapUser(t *testing.T, i int) string {
	t.Helper()
	name := fmt.Sprintf("nutzer-%d", i)
	if _, err := f.st.UserByName(context.Background(), name); err == nil {
		return name
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateUser(context.Background(), campaigns.User{Name: name, Role: campaigns.RoleViewer, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return name
}
