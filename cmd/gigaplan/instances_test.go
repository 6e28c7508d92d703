package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/data/postgres"
	"gigaplan/data/postgres/pgtest"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/web"
)

// instance is one app instance: its own store connection, campaign service
// and web server, as `gigaplan serve` wires them.
type instance struct {
	st  store
	svc *campaigns.Service
	srv *web.Server
}

func newInstance(st store) *instance {
	svc := &campaigns.Service{Geo: st, Store: st}
	return &instance{st: st, svc: svc, srv: web.New(web.Config{Users: st, Tokens: st}, st, svc)}
}

// campaignFigures is the part of GET /api/v1/campaigns/{id} the test reads.
type campaignFigures struct {
	Areas []struct {
		AreaID  int64 `json:"areaId"`
		Signups int   `json:"signups"`
		History []struct {
			Date  string `json:"date"`
			Count int    `json:"count"`
		} `json:"history"`
	} `json:"areas"`
}

func (in *instance) figures(t *testing.T, id int64) campaignFigures {
	t.Helper()
	rec := httptest.NewRecorder()
	in.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/v1/campaigns/%d", id), nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/campaigns/%d: %d %s", id, rec.Code, rec.Body)
	}
	var f campaignFigures
	if err := json.Unmarshal(rec.Body.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestTwoInstancesPostgres runs two app instances, each with its own
// connection pool, on one PostgreSQL schema.
func TestTwoInstancesPostgres(t *testing.T) {
	url := pgtest.URL(t)
	open := func() store {
		st, err := postgres.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	testTwoInstances(t, open(), open())
}

// TestTwoInstancesSQLite runs two app instances on one SQLite file (two
// processes' worth of connections; the file lock serialises writers).
func TestTwoInstancesSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	open := func() store {
		st, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	testTwoInstances(t, open(), open())
}

func testTwoInstances(t *testing.T, stA, stB store) {
	ctx := context.Background()
	if _, err := loadDemo(ctx, stA); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	a, b := newInstance(stA), newInstance(stB)
	c, err := stB.CampaignByName(ctx, demo.CampaignFTTH)
	if err != nil {
		t.Fatal(err)
	}
	today := campaigns.Today(time.Now())
	latest := func(areaID int64) campaigns.Entry {
		t.Helper()
		es, err := stB.Entries(ctx, c.ID, areaID)
		if err != nil || len(es) == 0 {
			t.Fatalf("Entries of area %d: %v, %d", areaID, err, len(es))
		}
		return es[len(es)-1]
	}
	signups := func(f campaignFigures, areaID int64) int {
		for _, a := range f.Areas {
			if a.AreaID == areaID {
				return a.Signups
			}
		}
		t.Fatalf("area %d missing from the figures", areaID)
		return 0
	}

	// 1. Entered through A, seen at once through B.
	area := c.Areas[0]
	prev := latest(area.AreaID)
	e, err := a.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: c.Name, Area: area.AreaName, AsOf: today,
		Count: prev.Count + 1, EnteredBy: "instanz-a", BasedOn: prev.ID})
	if err != nil {
		t.Fatalf("AddEntry through A: %v", err)
	}
	if got := signups(b.figures(t, c.ID), area.AreaID); got != prev.Count+1 {
		t.Errorf("B shows %d sign-ups in %s right after A entered %d", got, area.AreaName, prev.Count+1)
	}

	// 2. 2×20 writers on different areas and dates: nothing is lost.
	before, err := stB.Entries(ctx, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	const perInstance = 20
	type slot struct {
		area  campaigns.CampaignArea
		asOf  time.Time
		count int
	}
	slots := make([]slot, 2*perInstance)
	for j := range slots {
		ar := c.Areas[j%len(c.Areas)]
		slots[j] = slot{ar, today.AddDate(0, 0, -1-j/len(c.Areas)), latest(ar.AreaID).Count}
	}
	ids := make([]int64, len(slots))
	errs := make([]error, len(slots))
	var wg sync.WaitGroup
	for j, sl := range slots {
		in := a
		if j >= perInstance {
			in = b
		}
		wg.Go(func() {
			e, err := in.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: c.Name, Area: sl.area.AreaName, AsOf: sl.asOf,
				Count: sl.count, Comment: "Nachmeldung", EnteredBy: fmt.Sprintf("writer-%d", j), BasedOn: -1})
			ids[j], errs[j] = e.ID, err
		})
	}
	wg.Wait()
	for j, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", j, err)
		}
	}
	after, err := stA.Entries(ctx, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+len(slots) {
		t.Errorf("%d entries after %d concurrent writes, had %d", len(after), len(slots), len(before))
	}
	byID := map[int64]campaigns.Entry{}
	for _, e := range after {
		byID[e.ID] = e
	}
	for j, sl := range slots {
		got, ok := byID[ids[j]]
		if !ok || got.AreaID != sl.area.AreaID || !got.AsOf.Equal(sl.asOf) || got.Count != sl.count {
			t.Errorf("writer %d: entry %d = %+v (found %v), want area %d on %s count %d", j, ids[j], got, ok,
				sl.area.AreaID, sl.asOf.Format(time.DateOnly), sl.count)
		}
	}
	// B's history shows every new sample.
	f := b.figures(t, c.ID)
	for j, sl := range slots {
		found := false
		for _, fa := range f.Areas {
			if fa.AreaID != sl.area.AreaID {
				continue
			}
			for _, h := range fa.History {
				found = found || (h.Date == sl.asOf.Format(time.DateOnly) && h.Count == sl.count)
			}
		}
		if !found {
			t.Errorf("writer %d: %s on %s missing from B's history", j, sl.area.AreaName, sl.asOf.Format(time.DateOnly))
		}
	}

	// 3. 2×10 writers on the same area, all based on the entry they saw:
	// exactly one wins, the others get ECONFLICT.
	base := latest(area.AreaID)
	if base.Count < e.Count {
		base.Count = e.Count // today's count, so that no racer's is lower
	}
	const racers = 20
	raceErrs := make([]error, racers)
	for g := range racers {
		in := a
		if g%2 == 1 {
			in = b
		}
		wg.Go(func() {
			_, raceErrs[g] = in.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: c.Name, Area: area.AreaName, AsOf: today,
				Count: base.Count + 1 + g, EnteredBy: fmt.Sprintf("racer-%d", g), BasedOn: base.ID})
		})
	}
	wg.Wait()
	won := -1
	for g, err := range raceErrs {
		switch {
		case err == nil && won >= 0:
			t.Errorf("racers %d and %d both stored an entry based on %d", won, g, base.ID)
		case err == nil:
			won = g
		case geo.ErrorCode(err) != geo.ECONFLICT:
			t.Errorf("racer %d: %v, want ECONFLICT", g, err)
		}
	}
	if won < 0 {
		t.Fatal("no racer stored its entry")
	}
	if last := latest(area.AreaID); last.EnteredBy != fmt.Sprintf("racer-%d", won) || last.Count != base.Count+1+won {
		t.Errorf("latest entry %+v, want racer %d's", last, won)
	}
	if all, _ := stB.Entries(ctx, c.ID, 0); len(all) != len(after)+1 {
		t.Errorf("%d entries after the race, want %d", len(all), len(after)+1)
	}
	if got := signups(a.figures(t, c.ID), area.AreaID); got != base.Count+1+won {
		t.Errorf("A shows %d sign-ups after the race, want %d", got, base.Count+1+won)
	}

	testTwoInstancesJSON(t, a, b)
	testTwoInstancesSession(t, a, b)
}

var hiddenField = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// testTwoInstancesSession signs in through A and uses the session on B,
// then signs out through B: sessions live in the store.
func testTwoInstancesSession(t *testing.T, a, b *instance) {
	ctx := context.Background()
	hash, err := campaigns.HashPassword("ein-langes-passwort")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.st.CreateUser(ctx, campaigns.User{Name: "erik", Role: campaigns.RoleEditor, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	cookies := map[string]string{}
	do := func(in *instance, method, path string, form url.Values) *httptest.ResponseRecorder {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req := httptest.NewRequest(method, path, body)
		req.RemoteAddr = "192.0.2.7:40000"
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for k, v := range cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		rec := httptest.NewRecorder()
		in.srv.ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			if c.MaxAge < 0 {
				delete(cookies, c.Name)
			} else {
				cookies[c.Name] = c.Value
			}
		}
		return rec
	}
	form := func(body string) url.Values {
		v := url.Values{}
		for _, m := range hiddenField.FindAllStringSubmatch(body, -1) {
			v.Set(m[1], html.UnescapeString(m[2]))
		}
		return v
	}
	rec := do(a, http.MethodGet, "/login", nil)
	f := form(rec.Body.String())
	f.Set("name", "erik")
	f.Set("password", "ein-langes-passwort")
	if rec = do(a, http.MethodPost, "/login", f); rec.Code != http.StatusSeeOther {
		t.Fatalf("login through A: %d %s", rec.Code, rec.Body)
	}
	rec = do(b, http.MethodGet, "/buero", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "erik") {
		t.Fatalf("GET /buero through B with A's session: %d", rec.Code)
	}
	if rec = do(b, http.MethodPost, "/logout", form(rec.Body.String())); rec.Code != http.StatusSeeOther {
		t.Fatalf("logout through B: %d %s", rec.Code, rec.Body)
	}
	if rec = do(a, http.MethodGet, "/buero", nil); rec.Code == http.StatusOK {
		t.Errorf("GET /buero through A after logout through B: %d", rec.Code)
	}
	audit, err := b.st.Audit(ctx, 10)
	if err != nil || len(audit) < 2 || audit[0].Action != campaigns.AuditLogout || audit[1].Action != campaigns.AuditLogin {
		t.Errorf("audit log: %+v %v", audit, err)
	}
}

// post sends sign-up counts through the provider API with a bearer token.
func (in *instance) post(t *testing.T, campaignID int64, token, area, date string, count int) (int, string) {
	t.Helper()
	body := fmt.Sprintf(`{"entries":[{"area":%q,"date":%q,"count":%d}]}`, area, date, count)
	req := httptest.NewRequest(http.MethodPost, fmt.Sprintf("/api/v1/campaigns/%d/entries", campaignID), strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	in.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// testTwoInstancesJSON posts counts through the JSON API of both
// instances (POST /api/v1/campaigns/{id}/entries with an API token).
func testTwoInstancesJSON(t *testing.T, a, b *instance) {
	ctx := context.Background()
	c, err := a.st.CampaignByName(ctx, demo.CampaignZones)
	if err != nil {
		t.Fatal(err)
	}
	secret, hash, err := campaigns.NewAPIToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.st.CreateToken(ctx, campaigns.APIToken{Name: "crm", CampaignID: c.ID, Hash: hash, CreatedAt: time.Now(), CreatedBy: "test"}); err != nil {
		t.Fatal(err)
	}
	latest, err := a.svc.Latest(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	today := campaigns.Today(time.Now()).Format(time.DateOnly)

	// Posted to B (token created through A), seen through A at once.
	first := c.Areas[0]
	want := latest[first.AreaID].Current.Count + 1
	if code, body := b.post(t, c.ID, secret, first.AreaName, today, want); code != http.StatusCreated {
		t.Fatalf("POST through B: %d %s", code, body)
	}
	for _, fa := range a.figures(t, c.ID).Areas {
		if fa.AreaID == first.AreaID && fa.Signups != want {
			t.Errorf("A shows %d sign-ups in %s right after B took %d", fa.Signups, first.AreaName, want)
		}
	}

	// The other areas from both instances at once, two posts each (A and
	// B), for the same date with different counts: per area one is
	// stored, the other is refused with 409 ECONFLICT.
	rest := c.Areas[1:]
	codes := make([][2]int, len(rest))
	var wg sync.WaitGroup
	for i, ar := range rest {
		for k, in := range []*instance{a, b} {
			wg.Go(func() {
				n := latest[ar.AreaID].Current.Count + k // 0 or 1 more
				code, body := in.post(t, c.ID, secret, ar.AreaName, today, n)
				if code != http.StatusCreated && !(code == http.StatusConflict && strings.Contains(body, `"code":"conflict"`)) {
					t.Errorf("POST %s through instance %d: %d %s", ar.AreaName, k, code, body)
				}
				codes[i][k] = code
			})
		}
	}
	wg.Wait()
	got, err := b.svc.Latest(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, ar := range rest {
		created := 0
		for _, code := range codes[i] {
			if code == http.StatusCreated {
				created++
			}
		}
		if created != 1 {
			t.Errorf("%s: %d posts stored (codes %v), want exactly 1", ar.AreaName, created, codes[i])
		}
		cur := got[ar.AreaID].Current
		winner := 0
		if codes[i][1] == http.StatusCreated {
			winner = 1
		}
		if cur.AsOf.Format(time.DateOnly) != today || cur.Count != latest[ar.AreaID].Current.Count+winner {
			t.Errorf("%s: current entry %+v, want today's count of instance %d", ar.AreaName, cur, winner)
		}
	}
}
