package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"gigaplan/web"
)

func searchFrom(t *testing.T, h http.Handler, path, ip string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = ip + ":40000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func wantRetryAfter(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429\n%s", rec.Code, rec.Body)
	}
	if n, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || n < 1 {
		t.Errorf("Retry-After %q", rec.Header().Get("Retry-After"))
	}
}

func TestSearchRateLimit(t *testing.T) {
	f := newAdminFixture(t, func(c *web.Config) { c.RateLimits = web.RateLimits{SearchPerSecond: 0.01, SearchBurst: 2} })
	for _, path := range []string{"/api/v1/addresses/search?q=haupt", "/suche?q=haupt"} {
		t.Run(path, func(t *testing.T) {
			f := newAdminFixture(t, func(c *web.Config) { c.RateLimits = web.RateLimits{SearchPerSecond: 0.01, SearchBurst: 2} })
			for i := range 2 {
				if rec := searchFrom(t, f.srv, path, "192.0.2.7"); rec.Code != http.StatusOK {
					t.Fatalf("request %d: %d", i+1, rec.Code)
				}
			}
			rec := searchFrom(t, f.srv, path, "192.0.2.7")
			wantRetryAfter(t, rec)
			wantBody(t, rec, http.StatusTooManyRequests, "Zu viele Suchanfragen. Bitte warten Sie")
			if rec.Header().Get("Retry-After") != "100" {
				t.Errorf("Retry-After %q, want 100 (one token at 0.01/s)", rec.Header().Get("Retry-After"))
			}
			// Another client is not affected.
			if rec := searchFrom(t, f.srv, path, "192.0.2.8"); rec.Code != http.StatusOK {
				t.Errorf("another address: %d", rec.Code)
			}
		})
	}
	// The API answers in JSON.
	for range 2 {
		searchFrom(t, f.srv, "/api/v1/addresses/search?q=haupt", "192.0.2.9")
	}
	rec := searchFrom(t, f.srv, "/api/v1/addresses/search?q=haupt", "192.0.2.9")
	var body struct{ Error, Code string }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Code != "rate_limited" || body.Error == "" {
		t.Errorf("JSON %s: %v", rec.Body, err)
	}
	// Other routes are not limited.
	if rec := searchFrom(t, f.srv, "/api/v1/areas", "192.0.2.9"); rec.Code != http.StatusOK {
		t.Errorf("areas: %d", rec.Code)
	}
}

func TestRateLimitsDefaultsAndOff(t *testing.T) {
	tests := []struct {
		name   string
		limits web.RateLimits
		n      int  // requests in a row
		want   bool // some were refused
	}{
		{"default burst", web.RateLimits{}, web.DefaultSearchBurst, false},
		// The bucket refills at 20/s meanwhile: well past the burst, some
		// requests are refused however slow the machine.
		{"default past burst", web.RateLimits{}, web.DefaultSearchBurst + 150, true},
		{"off", web.NoRateLimits, 500, false},
		{"search off, logins on", web.RateLimits{SearchPerSecond: -1}, 500, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAdminFixture(t, func(c *web.Config) { c.RateLimits = tt.limits })
			refused := 0
			for range tt.n {
				switch rec := searchFrom(t, f.srv, "/api/v1/addresses/search?q=haupt", "127.0.0.1"); rec.Code {
				case http.StatusTooManyRequests:
					refused++
				case http.StatusOK:
				default:
					t.Fatalf("status %d", rec.Code)
				}
			}
			if (refused > 0) != tt.want {
				t.Errorf("%d of %d refused", refused, tt.n)
			}
		})
	}
}

// TestLoginRateLimit: logins are limited per address and per (name,
// address); one name from several addresses is not limited as such, so
// that nobody elsewhere can keep its user out.
func TestLoginRateLimit(t *testing.T) {
	tests := []struct {
		name string
		// ips and names of the attempts, in turn.
		ips, names []string
		limited    bool // the fourth attempt (from ips[0] as names[0])
	}{
		{"one address, several names", []string{"192.0.2.20"}, []string{"alma", "erik", "vera"}, true},
		{"one address, one name", []string{"192.0.2.24"}, []string{"erik"}, true},
		{"one name, several addresses", []string{"192.0.2.21", "192.0.2.22", "192.0.2.23"}, []string{"erik"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAdminFixture(t, func(c *web.Config) { c.RateLimits = web.RateLimits{LoginPerMinute: 3} })
			// Three successful logins pass; the throttling of failed
			// logins is not involved.
			for i := range 3 {
				b := f.browser(t, tt.ips[i%len(tt.ips)])
				if rec := b.login(tt.names[i%len(tt.names)], testPassword); rec.Code != http.StatusSeeOther {
					t.Fatalf("attempt %d: %d\n%s", i+1, rec.Code, rec.Body)
				}
			}
			b := f.browser(t, tt.ips[0])
			rec := b.login(tt.names[0], testPassword)
			if !tt.limited {
				if rec.Code != http.StatusSeeOther {
					t.Errorf("fourth login from the first address: %d, want it let through", rec.Code)
				}
				return
			}
			wantRetryAfter(t, rec)
			wantBody(t, rec, http.StatusTooManyRequests, "Zu viele Anmeldeversuche in kurzer Zeit", "Sekunden")
			if _, ok := b.cookies["gigaplan_session"]; ok {
				t.Error("a refused login set a session")
			}
			// The same name from elsewhere can still log in.
			if rec := f.browser(t, "198.51.100.1").login(tt.names[0], testPassword); rec.Code != http.StatusSeeOther {
				t.Errorf("the same user from another address: %d", rec.Code)
			}
		})
	}
	t.Run("off", func(t *testing.T) {
		f := newAdminFixture(t, func(c *web.Config) { c.RateLimits = web.NoRateLimits })
		for i := range 15 {
			if rec := f.browser(t, "192.0.2.30").login("alma", testPassword); rec.Code != http.StatusSeeOther {
				t.Fatalf("attempt %d: %d", i+1, rec.Code)
			}
		}
	})
}
