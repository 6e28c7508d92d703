package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/web"
)

var secretRe = regexp.MustCompile(`<code class="secret">(gpt_[A-Za-z0-9_-]{43})</code>`)

// mustCampaign returns the fixture's campaign DG.
func (f *officeFixture) mustCampaign(t *testing.T) *campaigns.Campaign {
	t.Helper()
	c, err := f.st.CampaignByName(context.Background(), "DG")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// createToken creates a token through the page and returns its secret.
func createToken(t *testing.T, f *officeFixture, b *browser, name string, campaignID int64) string {
	t.Helper()
	csrf := csrfOf(t, b, "/buero/tokens")
	rec := b.post("/buero/tokens", url.Values{"csrf": {csrf}, "name": {name}, "campaign": {strconv.FormatInt(campaignID, 10)}})
	wantBody(t, rec, http.StatusCreated, "nur dieses eine Mal angezeigt")
	m := secretRe.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("no secret on the page:\n%s", rec.Body)
	}
	return m[1]
}

func TestTokensPage(t *testing.T) {
	f := newAdminFixture(t, nil)
	camp := f.mustCampaign(t)
	anon := f.browser(t, "192.0.2.1")
	if rec := anon.get("/buero/tokens"); rec.Code != http.StatusSeeOther {
		t.Errorf("not logged in: %d", rec.Code)
	}
	erik := f.browser(t, "192.0.2.2")
	erik.mustLogin("erik")
	wantBody(t, erik.get("/buero/tokens"), http.StatusForbidden, "Berechtigung")
	ecsrf := csrfOf(t, erik, "/buero")
	wantBody(t, erik.post("/buero/tokens", url.Values{"csrf": {ecsrf}, "name": {"x"}, "campaign": {strconv.FormatInt(camp.ID, 10)}}), http.StatusForbidden, "Berechtigung")

	b := f.browser(t, "192.0.2.3")
	b.mustLogin("alma")
	wantBody(t, b.get("/buero/tokens"), http.StatusOK, "Noch keine Tokens", "DG (Glasfaser Süd)")
	csrf := csrfOf(t, b, "/buero/tokens")
	tests := []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"missing CSRF", url.Values{"name": {"Anbieter"}, "campaign": {strconv.FormatInt(camp.ID, 10)}, "csrf": {"falsch"}}, 403, "Sicherheitsprüfung"},
		{"empty name", url.Values{"name": {""}, "campaign": {strconv.FormatInt(camp.ID, 10)}}, 422, "Name des Tokens fehlt"},
		{"long name", url.Values{"name": {strings.Repeat("x", 81)}, "campaign": {strconv.FormatInt(camp.ID, 10)}}, 422, "zu lang"},
		{"no campaign", url.Values{"name": {"Anbieter"}, "campaign": {""}}, 422, "Bitte wählen Sie eine Kampagne"},
		{"unknown campaign", url.Values{"name": {"Anbieter"}, "campaign": {"999"}}, 422, "Bitte wählen Sie eine Kampagne"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.form.Has("csrf") {
				tt.form.Set("csrf", csrf)
			}
			wantBody(t, b.post("/buero/tokens", tt.form), tt.status, tt.want)
			if all, _ := f.st.Tokens(context.Background()); len(all) != 0 {
				t.Errorf("refused token stored: %+v", all)
			}
		})
	}

	secret := createToken(t, f, b, "Glasfaser Süd Export", camp.ID)
	all, err := f.st.Tokens(context.Background())
	if err != nil || len(all) != 1 {
		t.Fatalf("tokens: %v %+v", err, all)
	}
	tok := all[0]
	if tok.Name != "Glasfaser Süd Export" || tok.CampaignID != camp.ID || tok.CreatedBy != "alma" || string(tok.Hash) != string(campaigns.HashAPIToken(secret)) {
		t.Errorf("stored %+v", tok)
	}
	// The secret is shown once: the list does not show it again.
	rec := b.get("/buero/tokens")
	wantBody(t, rec, http.StatusOK, "Glasfaser Süd Export", "gültig", "Widerrufen")
	if strings.Contains(rec.Body.String(), secret) {
		t.Error("the list shows the secret")
	}
	// The name is taken.
	wantBody(t, b.post("/buero/tokens", url.Values{"csrf": {csrf}, "name": {"glasfaser süd export"}, "campaign": {strconv.FormatInt(camp.ID, 10)}}),
		http.StatusConflict, "schon ein Token")

	// Revoke: CSRF needed, admin only, unknown ID 404.
	revoke := "/buero/tokens/" + strconv.FormatInt(tok.ID, 10) + "/widerrufen"
	wantBody(t, b.post(revoke, url.Values{}), http.StatusForbidden, "Sicherheitsprüfung")
	wantBody(t, erik.post(revoke, url.Values{"csrf": {ecsrf}}), http.StatusForbidden, "Berechtigung")
	wantBody(t, b.post("/buero/tokens/999/widerrufen", url.Values{"csrf": {csrf}}), http.StatusNotFound, "gibt es nicht")
	if all, _ := f.st.Tokens(context.Background()); all[0].Revoked() {
		t.Fatal("revoked by a refused request")
	}
	if rec := b.post(revoke, url.Values{"csrf": {csrf}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("revoke: %d\n%s", rec.Code, rec.Body)
	}
	if all, _ := f.st.Tokens(context.Background()); !all[0].Revoked() {
		t.Fatal("not revoked")
	}
	wantBody(t, b.get("/buero/tokens?widerrufen=1"), http.StatusOK, "Das Token wurde widerrufen.", "widerrufen am")
	acts := strings.Join(f.auditActions(t), ",")
	for _, want := range []string{"alma token_add", "alma token_revoke"} {
		if !strings.Contains(acts, want) {
			t.Errorf("audit lacks %q: %s", want, acts)
		}
	}
}

type apiResp struct {
	Error     string `json:"error"`
	Code      string `json:"code"`
	Added     int    `json:"added"`
	Unchanged int    `json:"unchanged"`
	Entries   []struct {
		Index int    `json:"index"`
		Error string `json:"error"`
		ID    int64  `json:"id"`
		Area  string `json:"area"`
		Date  string `json:"date"`
		Count int    `json:"count"`
	} `json:"entries"`
}

func postAPI(t *testing.T, h http.Handler, path, auth, body string, cookies ...*http.Cookie) (*httptest.ResponseRecorder, apiResp) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var r apiResp
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, rec.Body)
		}
	}
	return rec, r
}

func TestEntriesAPI(t *testing.T) {
	f := newAdminFixture(t, nil)
	camp := f.mustCampaign(t)
	ctx := context.Background()
	// A second campaign, for the wrong-campaign case.
	svc := &campaigns.Service{Geo: f.st, Store: f.st, Now: func() time.Time { return f.now }}
	other, err := svc.Create(ctx, campaigns.NewCampaign{Provider: "X", Name: "Andere", Areas: []string{"Süd"}, Threshold: 0.4,
		Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Deadline: time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	b := f.browser(t, "192.0.2.3")
	b.mustLogin("alma")
	secret := createToken(t, f, b, "Anbieter", camp.ID)
	revoked := createToken(t, f, b, "Alt", camp.ID)
	all, _ := f.st.Tokens(ctx)
	for _, tk := range all {
		if tk.Name == "Alt" {
			if err := f.st.RevokeToken(ctx, tk.ID, f.now); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := "/api/v1/campaigns/" + strconv.FormatInt(camp.ID, 10) + "/entries"
	auth := "Bearer " + secret
	entries := func(es ...string) string { return `{"entries":[` + strings.Join(es, ",") + `]}` }
	countOf := func() int {
		es, err := f.st.Entries(ctx, camp.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	start := countOf() // Nord 1 on 12.01., 2 on 26.01.

	tests := []struct {
		name      string
		path      string
		auth      string
		body      string
		status    int
		code      string
		perEntry  map[int]string // index → part of the message
		added     int
		unchanged int
	}{
		{"no token", path, "", entries(`{"area":"Nord","date":"2026-02-01","count":3}`), 401, "unauthorized", nil, 0, 0},
		{"not bearer", path, "Basic YWxtYTp4", entries(`{"area":"Nord","date":"2026-02-01","count":3}`), 401, "unauthorized", nil, 0, 0},
		{"unknown token", path, "Bearer gpt_falsch", entries(`{"area":"Nord","date":"2026-02-01","count":3}`), 401, "unauthorized", nil, 0, 0},
		{"revoked token", path, "Bearer " + revoked, entries(`{"area":"Nord","date":"2026-02-01","count":3}`), 401, "unauthorized", nil, 0, 0},
		{"wrong campaign", "/api/v1/campaigns/" + strconv.FormatInt(other.ID, 10) + "/entries", auth, entries(`{"area":"Süd","date":"2026-02-01","count":3}`), 403, "forbidden", nil, 0, 0},
		{"bad JSON", path, auth, `{"entries":[{"area":"Nord",`, 400, "invalid", nil, 0, 0},
		{"unknown field", path, auth, `{"entries":[{"area":"Nord","date":"2026-02-01","count":3,"zahl":4}]}`, 400, "invalid", nil, 0, 0},
		{"no entries", path, auth, `{"entries":[]}`, 422, "invalid", nil, 0, 0},
		{"invalid entries", path, auth, entries(
			`{"area":"Nord","date":"2026-02-01","count":3}`,
			`{"area":"West","date":"2026-02-01","count":3}`,
			`{"area":"Süd","date":"01.02.2026","count":3}`,
			`{"area":"Süd","date":"2026-02-01"}`,
		), 422, "invalid", map[int]string{1: `kein Gebiet "West"`, 2: "JJJJ-MM-TT", 3: "count fehlt"}, 0, 0},
		{"checked entries", path, auth, entries(
			`{"area":"Nord","date":"2026-02-01","count":1}`,
			`{"area":"Süd","date":"2026-02-03","count":1}`,
			`{"area":"Süd","date":"2026-02-01","count":99999}`,
		), 422, "invalid", map[int]string{0: "bitte im Kommentar begründen", 1: "liegt in der Zukunft", 2: "größer als die Zahl der Haushalte"}, 0, 0},
		{"duplicate in batch", path, auth, entries(
			`{"area":"Süd","date":"2026-02-01","count":1}`,
			`{"area":"süd","date":"2026-02-01","count":2}`,
		), 422, "invalid", map[int]string{1: "stehen schon in Eintrag 0"}, 0, 0},
		{"stale", path, auth, entries(
			`{"area":"Süd","date":"2026-02-01","count":1}`,
			`{"area":"Nord","date":"2026-01-20","count":2}`,
		), 409, "conflict", map[int]string{1: "veraltet"}, 0, 0},
		{"contradicting", path, auth, entries(
			`{"area":"Nord","date":"2026-01-26","count":5}`,
		), 409, "conflict", map[int]string{0: "Widerspruch"}, 0, 0},
		{"ok", path, auth, entries(
			`{"area":"Nord","date":"2026-02-01","count":3,"comment":"KW 5"}`,
			`{"area":"Süd","date":"2026-02-01","count":1}`,
		), 201, "", nil, 2, 0},
		{"retry is harmless", path, auth, entries(
			`{"area":"Nord","date":"2026-02-01","count":3,"comment":"KW 5"}`,
			`{"area":"Süd","date":"2026-02-01","count":1}`,
		), 200, "", nil, 0, 2},
		{"repeat and new", path, auth, entries(
			`{"area":"Nord","date":"2026-02-01","count":3}`,
			`{"area":"Nord","date":"2026-02-02","count":4}`,
		), 201, "", nil, 1, 1},
	}
	want := start
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, r := postAPI(t, f.srv, tt.path, tt.auth, tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body)
			}
			if r.Code != tt.code {
				t.Errorf("code %q, want %q", r.Code, tt.code)
			}
			if tt.status == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", rec.Header().Get("WWW-Authenticate"))
			}
			if len(tt.perEntry) > 0 {
				got := map[int]string{}
				for _, e := range r.Entries {
					got[e.Index] = e.Error
				}
				if len(got) != len(tt.perEntry) {
					t.Errorf("entry errors %v, want %v", got, tt.perEntry)
				}
				for i, part := range tt.perEntry {
					if !strings.Contains(got[i], part) {
						t.Errorf("entry %d: %q lacks %q", i, got[i], part)
					}
				}
			}
			want += tt.added
			if n := countOf(); n != want {
				t.Errorf("%d entries stored, want %d (all or none)", n, want)
			}
			if r.Added != tt.added || r.Unchanged != tt.unchanged {
				t.Errorf("added %d unchanged %d, want %d %d", r.Added, r.Unchanged, tt.added, tt.unchanged)
			}
		})
	}
	es, _ := f.st.Entries(ctx, camp.ID, 0)
	last := es[len(es)-1]
	if last.Source != campaigns.SourceProvider || last.EnteredBy != "token:Anbieter" || last.Count != 4 {
		t.Errorf("last entry %+v", last)
	}
	all, _ = f.st.Tokens(ctx)
	for _, tk := range all {
		if tk.Name == "Anbieter" && !tk.LastUsed.Equal(f.now) {
			t.Errorf("last used %v, want %v", tk.LastUsed, f.now)
		}
	}
	if acts := strings.Join(f.auditActions(t), ","); !strings.Contains(acts, "token:Anbieter api_entries") {
		t.Errorf("audit: %s", acts)
	}
	// The page shows when a token was last used.
	wantBody(t, b.get("/buero/tokens"), http.StatusOK, "02.02.2026 11:00")
}

// A session cookie is no substitute for a token, and the API needs no
// CSRF token.
func TestEntriesAPINoCookies(t *testing.T) {
	f := newAdminFixture(t, nil)
	camp := f.mustCampaign(t)
	b := f.browser(t, "192.0.2.3")
	b.mustLogin("alma")
	path := "/api/v1/campaigns/" + strconv.FormatInt(camp.ID, 10) + "/entries"
	body := `{"entries":[{"area":"Nord","date":"2026-02-01","count":3}]}`
	rec, _ := postAPI(t, f.srv, path, "", body, &http.Cookie{Name: "gigaplan_session", Value: b.cookies["gigaplan_session"]})
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("with a session cookie only: %d", rec.Code)
	}
	// Without a token store there is no such route.
	g := newAdminFixture(t, func(c *web.Config) { c.Tokens = nil })
	if rec, _ := postAPI(t, g.srv, path, "Bearer x", body); rec.Code != http.StatusNotFound {
		t.Errorf("without a token store: %d", rec.Code)
	}
}

// TestEntriesAPIConcurrentRepeats: a provider's system that sends the
// same request several times at once (a retry after a timeout) gets one
// 201 and otherwise "200 unchanged", never a 409: the documented answer to
// an exact repeat holds however the requests interleave.
func TestEntriesAPIConcurrentRepeats(t *testing.T) {
	f := newAdminFixture(t, noLimits)
	camp := f.mustCampaign(t)
	b := f.browser(t, "192.0.2.150")
	b.mustLogin("alma")
	secret := createToken(t, f, b, "Wiederholer", camp.ID)
	path := "/api/v1/campaigns/" + strconv.FormatInt(camp.ID, 10) + "/entries"
	body := `{"entries":[{"area":"Nord","date":"2026-02-01","count":3},{"area":"Süd","date":"2026-02-01","count":1}]}`
	const n = 8
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+secret)
			req.RemoteAddr = "192.0.2.151:40000"
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, req)
			codes <- rec.Code
			if rec.Code != http.StatusCreated && rec.Code != http.StatusOK {
				t.Errorf("a repeat answered %d: %s", rec.Code, rec.Body)
			}
		}()
	}
	wg.Wait()
	close(codes)
	created := 0
	for c := range codes {
		if c == http.StatusCreated {
			created++
		}
	}
	if created != 1 {
		t.Errorf("%d requests created entries, want 1", created)
	}
}
