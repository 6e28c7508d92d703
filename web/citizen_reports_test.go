package web_test

import (
	"context"
	"fmt"
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

// reportFixture is the office fixture with the citizens' reports on.
func reportFixture(t *testing.T, minAge time.Duration, limits web.RateLimits) (*officeFixture, geo.Address) {
	t.Helper()
	f := newOfficeFixture(t)
	svc := &campaigns.Service{Geo: f.st, Store: f.st, Now: func() time.Time { return f.now }}
	f.srv = web.New(web.Config{Users: f.st, Reports: f.st, ReportMinAge: minAge, RateLimits: limits}, f.st, svc)
	var a geo.Address
	for x, err := range f.st.Addresses(context.Background(), geo.AddressFilter{Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		a = x
	}
	if a.ID == 0 {
		t.Fatal("no address in the fixture")
	}
	return f, a
}

// reportForm opens the form (for the address id, 0: none) and returns
// its fields.
func reportFormOf(t *testing.T, b *browser, id int64) url.Values {
	t.Helper()
	path := "/meldung"
	if id != 0 {
		path += "?adresse=" + strconv.FormatInt(id, 10)
	}
	rec := b.get(path)
	wantBody(t, rec, http.StatusOK, "Angabe falsch? Adresse fehlt?", "E-Mail (freiwillig)", "Höchstens 1.000 Zeichen")
	checkCSPSafe(t, rec.Body.String())
	form, _ := formOf(t, rec.Body.String())
	if form.Get("csrf") == "" {
		t.Fatalf("the report form has no CSRF token:\n%s", rec.Body)
	}
	return form
}

func storedReports(t *testing.T, f *officeFixture) []campaigns.CitizenReport {
	t.Helper()
	rs, err := f.st.CitizenReports(context.Background(), campaigns.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestCitizenReportFlow: the answer links to the form with its address; a
// report sent lands in the office's queue with the address and its map
// position; an editor closes it with an answer (CSRF, audit entry), a
// viewer cannot, and a second close is a conflict.
func TestCitizenReportFlow(t *testing.T) {
	f, a := reportFixture(t, -1, web.RateLimits{})
	citizen := f.browser(t, "192.0.2.10")
	wantBody(t, citizen.get(fmt.Sprintf("/adresse/%d", a.ID)), http.StatusOK,
		fmt.Sprintf(`href="/meldung?adresse=%d"`, a.ID), "Angabe falsch? Adresse fehlt?")

	form := reportFormOf(t, citizen, a.ID)
	if form.Get("adresse") != a.Label() || form.Get("adresse_id") != strconv.FormatInt(a.ID, 10) || form.Get("position") != "1" {
		t.Errorf("form for %s: %v", a.Label(), form)
	}
	form.Set("art", string(campaigns.ReportWrongStatus))
	form.Set("text", "Bei uns liegt schon Glasfaser.\r\nSeit Mai.")
	rec := citizen.post("/meldung", form)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/meldung/danke?nr=") {
		t.Fatalf("send: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	rs := storedReports(t, f)
	if len(rs) != 1 {
		t.Fatalf("%d reports stored, want 1", len(rs))
	}
	r := rs[0]
	if r.AddressID != a.ID || r.Address != a.Label() || !r.HasPosition || r.Text != "Bei uns liegt schon Glasfaser.\nSeit Mai." || r.Email != "" || !r.Open() {
		t.Errorf("stored %+v", r)
	}
	if d := r.Lon - a.Lon; d > 1e-6 || d < -1e-6 {
		t.Errorf("position %f, want the address's %f", r.Lon, a.Lon)
	}
	wantBody(t, citizen.get(rec.Header().Get("Location")), http.StatusOK, "Danke für Ihre Meldung", fmt.Sprintf("<strong>%d</strong>", r.ID))

	// The office: the queue lists it; the viewer may not close it.
	vera := f.browser(t, "192.0.2.20")
	vera.mustLogin("vera")
	wantBody(t, vera.get("/buero/meldungen"), http.StatusOK, a.Label(), "Status falsch", "Bei uns liegt schon Glasfaser.",
		fmt.Sprintf(`href="/adresse/%d"`, a.ID), "Offen: <strong>1</strong>")
	page := vera.get("/buero/meldungen").Body.String()
	if strings.Contains(page, "Als erledigt schließen") {
		t.Error("a viewer is offered to close a report")
	}
	vf, _ := formOf(t, page)
	closePath := fmt.Sprintf("/buero/meldungen/%d/erledigt", r.ID)
	if rec := vera.post(closePath, url.Values{"csrf": {vf.Get("csrf")}, "antwort": {"x"}}); rec.Code != http.StatusForbidden {
		t.Errorf("viewer closes: %d, want 403", rec.Code)
	}

	erik := f.browser(t, "192.0.2.21")
	erik.mustLogin("erik")
	page = erik.get("/buero/meldungen").Body.String()
	if !strings.Contains(page, "Als erledigt schließen") {
		t.Fatalf("the editor is not offered to close:\n%s", page)
	}
	ef, _ := formOf(t, page)
	if rec := erik.post(closePath, url.Values{"antwort": {"ohne Token"}}); rec.Code != http.StatusForbidden {
		t.Errorf("close without CSRF: %d, want 403", rec.Code)
	}
	if got := storedReports(t, f)[0]; !got.Open() {
		t.Fatal("a refused close closed the report")
	}
	rec = erik.post(closePath, url.Values{"csrf": {ef.Get("csrf")}, "antwort": {"Geprüft: Anschluss ist gebucht, Status korrigiert."}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("close: %d\n%s", rec.Code, rec.Body)
	}
	got := storedReports(t, f)[0]
	if got.Open() || got.ClosedBy != "erik" || got.Answer != "Geprüft: Anschluss ist gebucht, Status korrigiert." || !got.ClosedAt.Equal(f.now) {
		t.Errorf("closed %+v", got)
	}
	wantBody(t, erik.get(rec.Header().Get("Location")), http.StatusOK, fmt.Sprintf("Meldung %d ist erledigt.", r.ID), "Keine Meldungen offen.")
	wantBody(t, erik.get("/buero/meldungen?status=erledigt"), http.StatusOK, "von erik", "Status korrigiert.")
	if acts := f.auditActions(t); len(acts) == 0 || acts[0] != "erik "+campaigns.AuditReportClose {
		t.Errorf("audit %v, want erik %s first", acts, campaigns.AuditReportClose)
	}
	wantBody(t, erik.post(closePath, url.Values{"csrf": {ef.Get("csrf")}}), http.StatusConflict, "ist schon erledigt")
	wantBody(t, erik.get("/buero/meldungen?status=bald"), http.StatusBadRequest, "Unbekannter Filter „bald“")
}

// TestCitizenReportRefusals: the honeypot, the token, the time check and
// the field checks each refuse (German, at the field) and store nothing.
func TestCitizenReportRefusals(t *testing.T) {
	tests := []struct {
		name   string
		minAge time.Duration
		edit   func(v url.Values)
		status int
		want   string
	}{
		{"honeypot filled", -1, func(v url.Values) { v.Set("website", "http://spam.example") }, http.StatusSeeOther, ""},
		{"no token", -1, func(v url.Values) { v.Del("csrf") }, http.StatusForbidden, "Das Formular ist abgelaufen"},
		{"forged token", -1, func(v url.Values) { v.Set("csrf", "1."+strings.Repeat("a", 43)+".x") }, http.StatusForbidden, "Das Formular ist abgelaufen"},
		{"sent at once", time.Hour, func(url.Values) {}, http.StatusOK, "sehr schnell gesendet"},
		{"no kind", -1, func(v url.Values) { v.Del("art") }, http.StatusOK, `<a href="#report-kind">Art der Meldung`},
		{"no address", -1, func(v url.Values) { v.Set("adresse", " ") }, http.StatusOK, `<a href="#report-address">Adresse: bitte`},
		{"text too long", -1, func(v url.Values) { v.Set("text", strings.Repeat("x", 1001)) }, http.StatusOK, "höchstens 1.000 Zeichen (eingegeben: 1.001)"},
		{"bad e-mail", -1, func(v url.Values) { v.Set("email", "anna(at)example") }, http.StatusOK, `<a href="#report-email">E-Mail: „anna(at)example“ ist keine E-Mail-Adresse`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := reportFixture(t, tt.minAge, web.RateLimits{})
			b := f.browser(t, "192.0.2.30")
			form := reportFormOf(t, b, 0)
			form.Set("art", string(campaigns.ReportMissingAddress))
			form.Set("adresse", "Neubaugebiet Am Hang 7, 77654 Offenburg")
			form.Set("text", "Neubau, seit März bewohnt.")
			tt.edit(form)
			rec := b.post("/meldung", form)
			if tt.want != "" {
				wantBody(t, rec, tt.status, tt.want)
			} else if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if rs := storedReports(t, f); len(rs) != 0 {
				t.Errorf("stored %+v", rs)
			}
			if tt.status == http.StatusOK && !strings.Contains(rec.Body.String(), "Neubau, seit März bewohnt.") && tt.name != "text too long" {
				t.Error("the form lost what was entered")
			}
		})
	}
	// Waiting the minimum age with the same form is fine.
	f, _ := reportFixture(t, 50*time.Millisecond, web.RateLimits{})
	b := f.browser(t, "192.0.2.31")
	form := reportFormOf(t, b, 0)
	form.Set("art", string(campaigns.ReportMissingAddress))
	form.Set("adresse", "Am Hang 7")
	form.Set("email", "anna@example.org")
	time.Sleep(60 * time.Millisecond)
	if rec := b.post("/meldung", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("after the minimum age: %d\n%s", rec.Code, rec.Body)
	}
	if rs := storedReports(t, f); len(rs) != 1 || rs[0].AddressID != 0 || rs[0].HasPosition || rs[0].Email != "anna@example.org" {
		t.Errorf("typed address: %+v", rs)
	}
}

// TestCitizenReportRateLimit: a client address gets ReportsPerHour
// reports; the next is 429 with Retry-After, another address goes on.
func TestCitizenReportRateLimit(t *testing.T) {
	f, a := reportFixture(t, -1, web.RateLimits{ReportsPerHour: 2})
	send := func(b *browser) int {
		form := reportFormOf(t, b, a.ID)
		form.Set("art", string(campaigns.ReportOther))
		form.Set("text", "Frage zum Ausbau")
		rec := b.post("/meldung", form)
		if rec.Code == http.StatusTooManyRequests {
			if ra := rec.Header().Get("Retry-After"); ra == "" {
				t.Error("429 without Retry-After")
			}
			wantBody(t, rec, http.StatusTooManyRequests, "Von Ihrem Anschluss kamen gerade viele Meldungen", "Frage zum Ausbau")
		}
		return rec.Code
	}
	one := f.browser(t, "192.0.2.40")
	for i, want := range []int{http.StatusSeeOther, http.StatusSeeOther, http.StatusTooManyRequests} {
		if got := send(one); got != want {
			t.Errorf("report %d: %d, want %d", i+1, got, want)
		}
	}
	if got := send(f.browser(t, "192.0.2.41")); got != http.StatusSeeOther {
		t.Errorf("another client: %d, want 303", got)
	}
	if n := len(storedReports(t, f)); n != 3 {
		t.Errorf("%d reports stored, want 3", n)
	}
}

// TestCitizenReportEnglish: the form and its refusals in English.
func TestCitizenReportEnglish(t *testing.T) {
	f, a := reportFixture(t, -1, web.RateLimits{})
	b := f.browser(t, "192.0.2.50")
	wantBody(t, b.get(fmt.Sprintf("/adresse/%d?lang=en", a.ID)), http.StatusOK, fmt.Sprintf(`href="/meldung?adresse=%d&lang=en"`, a.ID), "Information wrong? Address missing?")
	rec := b.get(fmt.Sprintf("/meldung?adresse=%d&lang=en", a.ID))
	wantBody(t, rec, http.StatusOK, "What would you like to report?", "E-mail (optional)", `action="/meldung?lang=en"`)
	form, _ := formOf(t, rec.Body.String())
	form.Set("art", string(campaigns.ReportOther))
	form.Set("email", "nope")
	form.Set("text", "?")
	wantBody(t, b.post("/meldung?lang=en", form), http.StatusOK, "This is not an e-mail address")
}
