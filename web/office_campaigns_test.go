package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// areaID returns the ID of a district of the fixture.
func (f *officeFixture) areaID(t *testing.T, name string) string {
	t.Helper()
	a, err := f.st.AreaByName(context.Background(), geo.KindDistrict, name)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(a.ID, 10)
}

func (f *officeFixture) campaign(t *testing.T, id int64) *campaigns.Campaign {
	t.Helper()
	c, err := f.st.Campaign(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *officeFixture) campaignCount(t *testing.T) int {
	t.Helper()
	all, err := f.st.Campaigns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// auditOf returns the audit log entries of one action, newest first.
func (f *officeFixture) auditOf(t *testing.T, action string) []campaigns.AuditEntry {
	t.Helper()
	es, err := f.st.Audit(context.Background(), 200)
	if err != nil {
		t.Fatal(err)
	}
	var out []campaigns.AuditEntry
	for _, e := range es {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// pageForm loads path as b and returns the hidden fields of its forms
// (csrf, version, base).
func pageForm(t *testing.T, b *browser, path string) url.Values {
	t.Helper()
	rec := b.get(path)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, rec.Code, rec.Body)
	}
	v, _ := formOf(t, rec.Body.String())
	return v
}

// with returns a copy of base with the fields of kv (name, value, …) set.
func with(base url.Values, kv ...string) url.Values {
	v := url.Values{}
	for k, vs := range base {
		v[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestCampaignPagesAccess(t *testing.T) {
	f := newOfficeFixture(t)
	routes := []struct {
		method, path string
		editor       bool
	}{
		{"GET", "/buero/kampagnen", false},
		{"GET", "/buero/kampagnen/1", false},
		{"GET", "/buero/kampagnen/neu", true},
		{"POST", "/buero/kampagnen", true},
		{"GET", "/buero/kampagnen/1/bearbeiten", true},
		{"POST", "/buero/kampagnen/1/bearbeiten", true},
		{"POST", "/buero/kampagnen/1/verlaengerung", true},
		{"POST", "/buero/kampagnen/1/status", true},
		{"POST", "/buero/kampagnen/1/aktionen", true},
		{"GET", "/buero/berichte", false},
		{"GET", "/buero/berichte/sachstand", false},
		{"GET", "/buero/berichte/foerderantrag", false},
		{"GET", "/buero/berichte/adressen", false},
		{"GET", "/buero/berichte/gebiete", false},
		{"GET", "/buero/berichte/serienbrief", false},
	}
	anon := f.browser(t, "192.0.2.70")
	vera := f.browser(t, "192.0.2.71")
	vera.mustLogin("vera")
	erik := f.browser(t, "192.0.2.72")
	erik.mustLogin("erik")
	csrf := pageForm(t, vera, "/buero").Get("csrf")
	for _, r := range routes {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			var rec = anon.get(r.path)
			if r.method == "POST" {
				rec = anon.post(r.path, url.Values{})
			}
			if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
				t.Errorf("anonymous: %d %q", rec.Code, rec.Header().Get("Location"))
			}
			if r.method == "GET" && rec.Header().Get("Location") != "/login?next="+url.QueryEscape(r.path) {
				t.Errorf("anonymous: Location %q", rec.Header().Get("Location"))
			}
			if r.editor {
				rec = vera.get(r.path)
				if r.method == "POST" {
					rec = vera.post(r.path, url.Values{"csrf": {csrf}})
				}
				wantBody(t, rec, http.StatusForbidden, "Berechtigung", "Lesen")
			} else if r.method == "GET" {
				if rec := vera.get(r.path); rec.Code == http.StatusForbidden || rec.Code == http.StatusSeeOther {
					t.Errorf("viewer: %d", rec.Code)
				}
			}
			if r.method == "POST" {
				for name, tok := range map[string][]string{"missing": nil, "wrong": {flip(csrf)}} {
					t.Run(name+" CSRF", func(t *testing.T) {
						v := url.Values{"version": {"1"}, "name": {"X"}, "provider": {"Y"}, "kind": {"letter"}, "title": {"Z"}, "date": {"2026-02-01"}}
						if tok != nil {
							v["csrf"] = tok
						}
						wantBody(t, erik.post(r.path, v), http.StatusForbidden, "CSRF")
					})
				}
			}
		})
	}
	if c := f.campaign(t, 1); c.Version != 1 || c.Name != "DG" {
		t.Errorf("refused requests changed the campaign: %+v", c)
	}
	if n := f.campaignCount(t); n != 1 {
		t.Errorf("%d campaigns after refused requests", n)
	}
	for _, a := range []string{campaigns.AuditCampaignCreate, campaigns.AuditCampaignEdit, campaigns.AuditCampaignExtend,
		campaigns.AuditCampaignStatus, campaigns.AuditOutreach} {
		if es := f.auditOf(t, a); len(es) > 0 {
			t.Errorf("audit %s after refused requests: %+v", a, es)
		}
	}
}

func TestCampaignListAndDetail(t *testing.T) {
	f := newOfficeFixture(t)
	vera := f.browser(t, "192.0.2.73")
	vera.mustLogin("vera")
	rec := vera.get("/buero/kampagnen")
	wantBody(t, rec, http.StatusOK, `href="/buero/kampagnen/1"`, "DG", "Glasfaser Süd", "Nord, Süd", "läuft", "33 %", "2 von 3", "30.03.2026",
		`href="/buero/kampagnen"`, `href="/buero/berichte"`)
	if strings.Contains(rec.Body.String(), "Neue Kampagne") {
		t.Error("a viewer is offered to create a campaign")
	}
	rec = vera.get("/buero/kampagnen/1")
	wantBody(t, rec, http.StatusOK, "Zahlen je Gebiet", "Nord", "Süd", "(Ortsteil)", "50 %", "0 %", "Gesamt", "Tempo nötig <span class=\"muted\">je Woche</span>",
		"Schwelle erreicht am 26.01.2026", "Verlauf", "2 Verträge", "1 Vertrag", "26.01.2026", "12.01.2026", "Keine Verlängerung", "Haushalte")
	for _, s := range []string{"Status ändern", "Frist verlängern", "Aktion eintragen", "Angaben bearbeiten"} {
		if strings.Contains(rec.Body.String(), s) {
			t.Errorf("a viewer sees %q", s)
		}
	}
	wantBody(t, vera.get("/buero/kampagnen/99"), http.StatusNotFound)
	wantBody(t, vera.get("/buero/kampagnen/abc"), http.StatusBadRequest, "ungültige Kampagnen-ID")

	erik := f.browser(t, "192.0.2.74")
	erik.mustLogin("erik")
	rec = erik.get("/buero/kampagnen/1")
	wantBody(t, rec, http.StatusOK, "Status ändern", "Frist verlängern", "Aktion eintragen", `name="version" value="1"`)
	body := rec.Body.String()
	// Only legal transitions are offered: running → extended, reached,
	// missed, cancelled.
	nord := f.areaID(t, "Nord")
	sel := regexp.MustCompile(`(?s)<select id="status_` + nord + `".*?</select>`).FindString(body)
	for _, want := range []string{`value="reached"`, `value="missed"`, `value="cancelled"`, `value="extended"`} {
		if !strings.Contains(sel, want) {
			t.Errorf("status select lacks %s:\n%s", want, sel)
		}
	}
	for _, not := range []string{`value="live"`, `value="planned"`, `value="construction"`, `value="committed"`} {
		if strings.Contains(sel, not) {
			t.Errorf("status select offers %s", not)
		}
	}
}

// createForm is a valid new campaign over Nord.
func createForm(t *testing.T, f *officeFixture, b *browser) url.Values {
	t.Helper()
	rec := b.get("/buero/kampagnen/neu")
	wantBody(t, rec, http.StatusOK, "Neue Kampagne", "Ortsteile", "Nord", "Süd", `value="33"`)
	v, _ := formOf(t, rec.Body.String())
	return with(url.Values{"csrf": {v.Get("csrf")}}, "provider", "Netz AG", "name", "Glasfaser Nord", "counting", "households",
		"threshold", "35 %", "start", "01.03.2026", "deadline", "2026-05-31", "area", f.areaID(t, "Nord"))
}

func TestCreateCampaign(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.75")
	erik.mustLogin("erik")
	base := createForm(t, f, erik)

	tests := []struct {
		name string
		kv   []string
		want []string
	}{
		{"empty name", []string{"name", " "}, []string{"Bitte einen Namen angeben."}},
		{"empty provider", []string{"provider", ""}, []string{"Bitte den Anbieter angeben."}},
		{"threshold not a number", []string{"threshold", "viel"}, []string{"Prozentzahl zwischen 0 und 100", `value="viel"`}},
		{"threshold above 100", []string{"threshold", "120 %"}, []string{"Prozentzahl zwischen 0 und 100"}},
		{"bad date", []string{"start", "32.13.2026"}, []string{"„32.13.2026“ ist kein Datum", `value="32.13.2026"`, `value="2026-05-31"`}},
		{"deadline before start", []string{"deadline", "2026-02-15"}, []string{"Die Frist muss nach dem Beginn liegen."}},
		{"no areas", []string{"area", ""}, []string{"Bitte mindestens ein Gebiet wählen."}},
		{"unknown area", []string{"area", "999"}, []string{"gibt es nicht mehr"}},
		{"unknown counting", []string{"counting", "sheep"}, []string{"Bitte wählen, was gezählt wird."}},
		{"name in use", []string{"name", "dg"}, []string{"Es gibt schon eine Kampagne „dg“"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := with(base, tt.kv...)
			if v.Get("area") == "" {
				v.Del("area")
			}
			want := append([]string{"Nichts wurde gespeichert", "field-error"}, tt.want...)
			wantBody(t, erik.post("/buero/kampagnen", v), http.StatusUnprocessableEntity, want...)
			if n := f.campaignCount(t); n != 1 {
				t.Fatalf("%d campaigns: something was stored", n)
			}
		})
	}
	if es := f.auditOf(t, campaigns.AuditCampaignCreate); len(es) != 0 {
		t.Errorf("audit after refused creates: %+v", es)
	}

	rec := erik.post("/buero/kampagnen", base)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero/kampagnen/2?gespeichert=neu" {
		t.Fatalf("create: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	c := f.campaign(t, 2)
	if c.Name != "Glasfaser Nord" || c.Provider != "Netz AG" || c.Threshold != 0.35 || c.Counting != campaigns.CountHouseholds ||
		c.Start.Format(time.DateOnly) != "2026-03-01" || c.Deadline.Format(time.DateOnly) != "2026-05-31" ||
		len(c.Areas) != 1 || c.Areas[0].AreaName != "Nord" || c.Areas[0].Status != campaigns.StatusPlanned {
		t.Errorf("stored campaign: %+v", c)
	}
	wantBody(t, erik.get(rec.Header().Get("Location")), http.StatusOK, "Die Kampagne wurde angelegt.", "Glasfaser Nord", "geplant", "35 %")
	es := f.auditOf(t, campaigns.AuditCampaignCreate)
	if len(es) != 1 || es[0].User != "erik" || !strings.Contains(es[0].Detail, "Kampagne Glasfaser Nord (Nr. 2)") || !strings.Contains(es[0].Detail, "Nord") {
		t.Errorf("audit: %+v", es)
	}
}

func TestParseThresholdForms(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.76")
	erik.mustLogin("erik")
	base := createForm(t, f, erik)
	for i, tt := range []struct {
		in   string
		want float64
	}{{"33", 0.33}, {"33 %", 0.33}, {"33,5%", 0.335}, {"0", 0}, {" 40 % ", 0.4}} {
		name := "K" + strconv.Itoa(i)
		rec := erik.post("/buero/kampagnen", with(base, "threshold", tt.in, "name", name))
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("%q: %d\n%s", tt.in, rec.Code, rec.Body)
		}
		c, err := f.st.CampaignByName(context.Background(), name)
		if err != nil || c.Threshold != tt.want {
			t.Errorf("%q: threshold %v, want %v (%v)", tt.in, c.Threshold, tt.want, err)
		}
	}
}

func TestEditCampaign(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.77")
	erik.mustLogin("erik")
	alma := f.browser(t, "192.0.2.78")
	alma.mustLogin("alma")
	rec := erik.get("/buero/kampagnen/1/bearbeiten")
	wantBody(t, rec, http.StatusOK, "Kampagne bearbeiten", `value="DG"`, `value="Glasfaser Süd"`, `value="33"`, `value="2026-01-05"`, `value="2026-03-30"`,
		`name="version" value="1"`)
	erikForm, _ := formOf(t, rec.Body.String())
	erikForm.Set("counting", "households")
	almaForm, _ := formOf(t, alma.get("/buero/kampagnen/1/bearbeiten").Body.String())
	almaForm.Set("counting", "households")

	for _, tt := range []struct {
		name string
		kv   []string
		want string
	}{
		{"bad threshold", []string{"threshold", "abc"}, "Prozentzahl"},
		{"empty name", []string{"name", ""}, "Bitte einen Namen angeben."},
		{"start after a count", []string{"start", "2026-01-20"}, "ist schon eine Zahl erfasst"},
		{"sign-up page no URL", []string{"signup_url", "www.glasfaser-sued.example"}, "keine Web-Adresse (http:// oder https://)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantBody(t, erik.post("/buero/kampagnen/1/bearbeiten", with(erikForm, tt.kv...)), http.StatusUnprocessableEntity, "Nichts wurde gespeichert", tt.want)
			if c := f.campaign(t, 1); c.Version != 1 {
				t.Errorf("version %d after a refused edit", c.Version)
			}
		})
	}
	// A form without its version is incomplete.
	v := with(erikForm)
	v.Del("version")
	wantBody(t, erik.post("/buero/kampagnen/1/bearbeiten", v), http.StatusBadRequest, "unvollständig")

	rec = erik.post("/buero/kampagnen/1/bearbeiten", with(erikForm, "name", "DG Nord-Süd", "threshold", "40 %"))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero/kampagnen/1?gespeichert=bearbeitet" {
		t.Fatalf("edit: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	c := f.campaign(t, 1)
	if c.Name != "DG Nord-Süd" || c.Threshold != 0.4 || c.Version != 2 || c.Provider != "Glasfaser Süd" {
		t.Errorf("after edit: %+v", c)
	}
	es := f.auditOf(t, campaigns.AuditCampaignEdit)
	if len(es) != 1 || es[0].User != "erik" || !strings.Contains(es[0].Detail, "Name: „DG“ → „DG Nord-Süd“") || !strings.Contains(es[0].Detail, "Schwelle: „33 %“ → „40 %“") {
		t.Errorf("audit: %+v", es)
	}

	// alma's form is stale: refused, with what changed and who changed it.
	rec = alma.post("/buero/kampagnen/1/bearbeiten", with(almaForm, "provider", "Glasfaser Süd GmbH"))
	wantBody(t, rec, http.StatusConflict, "Die Kampagne wurde inzwischen geändert (zuletzt von erik am", "Nichts wurde gespeichert",
		"Name: „DG“ → „DG Nord-Süd“", "Schwelle: „33 %“ → „40 %“", `value="Glasfaser Süd GmbH"`, `name="version" value="2"`)
	if c := f.campaign(t, 1); c.Provider != "Glasfaser Süd" || c.Version != 2 {
		t.Errorf("stale edit saved: %+v", c)
	}
	// The form shown again is the new version with alma's own change on
	// top: saving it changes the provider and keeps erik's name and
	// threshold.
	again, _ := formOf(t, rec.Body.String())
	again.Set("counting", "households")
	if again.Get("name") != "DG Nord-Süd" || again.Get("threshold") != "40" || again.Get("provider") != "Glasfaser Süd GmbH" {
		t.Fatalf("form after the conflict: %v", again)
	}
	if rec := alma.post("/buero/kampagnen/1/bearbeiten", again); rec.Code != http.StatusSeeOther {
		t.Fatalf("second attempt: %d\n%s", rec.Code, rec.Body)
	}
	if c := f.campaign(t, 1); c.Provider != "Glasfaser Süd GmbH" || c.Name != "DG Nord-Süd" || c.Threshold != 0.4 || c.Version != 3 {
		t.Errorf("after alma's edit: %+v", c)
	}
	if es := f.auditOf(t, campaigns.AuditCampaignEdit); len(es) != 2 || es[0].User != "alma" || es[0].Detail != "Kampagne DG Nord-Süd (Nr. 1): Anbieter: „Glasfaser Süd“ → „Glasfaser Süd GmbH“" {
		t.Errorf("audit: %+v", es)
	}

	// The provider's sign-up page: saved, audited, shown in the form.
	form := pageForm(t, alma, "/buero/kampagnen/1/bearbeiten")
	form.Set("counting", "households")
	if rec := alma.post("/buero/kampagnen/1/bearbeiten", with(form, "signup_url", "https://glasfaser-sued.example/vertrag")); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-up page: %d\n%s", rec.Code, rec.Body)
	}
	if c := f.campaign(t, 1); c.SignupURL != "https://glasfaser-sued.example/vertrag" {
		t.Errorf("sign-up page %q", c.SignupURL)
	}
	if es := f.auditOf(t, campaigns.AuditCampaignEdit); len(es) != 3 || !strings.Contains(es[0].Detail, "Vertragsseite: „“ → „https://glasfaser-sued.example/vertrag“") {
		t.Errorf("audit of the sign-up page: %+v", es[0])
	}
	wantBody(t, alma.get("/buero/kampagnen/1/bearbeiten"), http.StatusOK, `value="https://glasfaser-sued.example/vertrag"`)

	// Both change the threshold: alma's stale input wins only when she
	// saves again, and the field says what it is now.
	erikForm = pageForm(t, erik, "/buero/kampagnen/1/bearbeiten")
	almaForm = pageForm(t, alma, "/buero/kampagnen/1/bearbeiten")
	erikForm.Set("counting", "households")
	almaForm.Set("counting", "households")
	if rec := erik.post("/buero/kampagnen/1/bearbeiten", with(erikForm, "threshold", "35")); rec.Code != http.StatusSeeOther {
		t.Fatalf("erik: %d\n%s", rec.Code, rec.Body)
	}
	rec = alma.post("/buero/kampagnen/1/bearbeiten", with(almaForm, "threshold", "30"))
	wantBody(t, rec, http.StatusConflict, "Schwelle: „40 %“ → „35 %“", "Auch inzwischen geändert: jetzt „35 %“. Beim Speichern gilt Ihre Eingabe.", `value="30"`)
	if c := f.campaign(t, 1); c.Threshold != 0.35 {
		t.Errorf("threshold %v after the refused save", c.Threshold)
	}
}

func TestExtendCampaign(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.79")
	erik.mustLogin("erik")
	form := pageForm(t, erik, "/buero/kampagnen/1")
	if form.Get("version") != "1" || form.Get("base") == "" || form.Get("decided") != "2026-02-02" {
		t.Fatalf("form: %v", form)
	}
	ok := with(form, "deadline", "30.04.2026", "decided", "2026-02-01", "reason", "Sommerferien")
	for _, tt := range []struct {
		name string
		kv   []string
		want string
	}{
		{"not after the deadline", []string{"deadline", "2026-03-30"}, "Die neue Frist muss nach der bisherigen (30.03.2026) liegen."},
		{"no deadline", []string{"deadline", ""}, "Bitte ein Datum angeben"},
		{"decided in the future", []string{"decided", "2026-02-03"}, "nicht in der Zukunft"},
		{"no reason", []string{"reason", " "}, "Bitte einen Grund angeben."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantBody(t, erik.post("/buero/kampagnen/1/verlaengerung", with(ok, tt.kv...)), http.StatusUnprocessableEntity,
				"Nichts wurde gespeichert", tt.want, "field-error")
			if c := f.campaign(t, 1); len(c.Extensions) != 0 || c.Version != 1 {
				t.Errorf("refused extension saved: %+v", c)
			}
		})
	}
	rec := erik.post("/buero/kampagnen/1/verlaengerung", ok)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero/kampagnen/1?gespeichert=verlaengert" {
		t.Fatalf("extend: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	c := f.campaign(t, 1)
	if len(c.Extensions) != 1 || c.Extensions[0].Deadline.Format(time.DateOnly) != "2026-04-30" || c.Extensions[0].Decided.Format(time.DateOnly) != "2026-02-01" ||
		c.Extensions[0].Reason != "Sommerferien" || c.Areas[0].Status != campaigns.StatusExtended {
		t.Errorf("after extension: %+v", c)
	}
	wantBody(t, erik.get("/buero/kampagnen/1?gespeichert=verlaengert"), http.StatusOK, "Die Verlängerung wurde gespeichert.",
		"30.04.2026", "(ursprünglich 30.03.2026)", "Sommerferien", "verlängert")
	if es := f.auditOf(t, campaigns.AuditCampaignExtend); len(es) != 1 || !strings.Contains(es[0].Detail, "Frist 30.03.2026 → 30.04.2026") {
		t.Errorf("audit: %+v", es)
	}
	// The same form again is stale now.
	rec = erik.post("/buero/kampagnen/1/verlaengerung", with(ok, "deadline", "2026-05-31"))
	wantBody(t, rec, http.StatusConflict, "inzwischen geändert", "Verlängert bis 30.04.2026 (Grund: Sommerferien)", "Status Nord: „läuft“ → „verlängert“",
		`value="2026-05-31"`)
	if c := f.campaign(t, 1); len(c.Extensions) != 1 {
		t.Errorf("stale extension saved: %+v", c.Extensions)
	}
}

func TestCampaignStatus(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.80")
	erik.mustLogin("erik")
	form := pageForm(t, erik, "/buero/kampagnen/1")
	nord, sued := "status_"+f.areaID(t, "Nord"), "status_"+f.areaID(t, "Süd")
	for _, tt := range []struct {
		name   string
		kv     []string
		status int
		want   string
	}{
		{"illegal", []string{nord, "live"}, http.StatusUnprocessableEntity, "Nord kann nicht von „läuft“ zu „in Betrieb“ wechseln (möglich: „verlängert“, „Quote erreicht“"},
		{"illegal for all", []string{"status_all", "committed"}, http.StatusUnprocessableEntity, "Süd kann nicht von „läuft“ zu „Ausbau zugesagt“"},
		{"unknown", []string{nord, "fertig"}, http.StatusUnprocessableEntity, "Unbekannter Status „fertig“"},
		{"nothing chosen", nil, http.StatusUnprocessableEntity, "kein neuer Status gewählt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantBody(t, erik.post("/buero/kampagnen/1/status", with(form, tt.kv...)), tt.status, tt.want, "Nichts wurde gespeichert")
			if c := f.campaign(t, 1); c.Version != 1 {
				t.Errorf("refused status change saved: %+v", c.Areas)
			}
		})
	}
	rec := erik.post("/buero/kampagnen/1/status", with(form, nord, "reached"))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero/kampagnen/1?gespeichert=status" {
		t.Fatalf("status: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	c := f.campaign(t, 1)
	if c.Areas[0].Status != campaigns.StatusReached || c.Areas[1].Status != campaigns.StatusRunning {
		t.Errorf("after status change: %+v", c.Areas)
	}
	if es := f.auditOf(t, campaigns.AuditCampaignStatus); len(es) != 1 || !strings.Contains(es[0].Detail, "Nord: läuft → Quote erreicht") {
		t.Errorf("audit: %+v", es)
	}
	wantBody(t, erik.get("/buero/kampagnen"), http.StatusOK, "1 × läuft, 1 × Quote erreicht")
	// Süd is running still: reached is offered for it, not for Nord.
	body := erik.get("/buero/kampagnen/1").Body.String()
	if sel := regexp.MustCompile(`(?s)<select id="` + nord + `".*?</select>`).FindString(body); strings.Contains(sel, `value="reached"`) || !strings.Contains(sel, `value="committed"`) {
		t.Errorf("Nord's choices after reaching the quota:\n%s", sel)
	}
	// The old form is stale.
	wantBody(t, erik.post("/buero/kampagnen/1/status", with(form, sued, "missed")), http.StatusConflict,
		"inzwischen geändert", "Status Nord: „läuft“ → „Quote erreicht“")
	if c := f.campaign(t, 1); c.Areas[1].Status != campaigns.StatusRunning {
		t.Errorf("stale status change saved: %+v", c.Areas)
	}
	// All areas at once: cancelled is legal from reached and running.
	form = pageForm(t, erik, "/buero/kampagnen/1")
	if rec := erik.post("/buero/kampagnen/1/status", with(form, "status_all", "cancelled")); rec.Code != http.StatusSeeOther {
		t.Fatalf("status for all: %d\n%s", rec.Code, rec.Body)
	}
	if c := f.campaign(t, 1); c.Areas[0].Status != campaigns.StatusCancelled || c.Areas[1].Status != campaigns.StatusCancelled {
		t.Errorf("after cancelling: %+v", c.Areas)
	}
}

func TestAddOutreach(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.81")
	erik.mustLogin("erik")
	form := pageForm(t, erik, "/buero/kampagnen/1")
	ok := with(url.Values{"csrf": {form.Get("csrf")}}, "kind", "info", "date", "28.01.2026", "title", "Infoabend in der Festhalle", "area", f.areaID(t, "Nord"))
	for _, tt := range []struct {
		name string
		kv   []string
		want string
	}{
		{"no title", []string{"title", ""}, "Bitte einen Titel angeben"},
		{"bad date", []string{"date", "morgen"}, "„morgen“ ist kein Datum"},
		{"unknown kind", []string{"kind", "party"}, "Bitte eine Art wählen."},
		{"foreign area", []string{"area", "999"}, "Bitte ein Gebiet der Kampagne wählen."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantBody(t, erik.post("/buero/kampagnen/1/aktionen", with(ok, tt.kv...)), http.StatusUnprocessableEntity, "Nichts wurde gespeichert", tt.want)
			if evs, _ := f.st.Outreach(context.Background(), 1); len(evs) != 0 {
				t.Errorf("refused event saved: %+v", evs)
			}
		})
	}
	rec := erik.post("/buero/kampagnen/1/aktionen", ok)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero/kampagnen/1?gespeichert=aktion" {
		t.Fatalf("outreach: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	evs, err := f.st.Outreach(context.Background(), 1)
	if err != nil || len(evs) != 1 || evs[0].Kind != campaigns.OutreachInfoEvening || evs[0].Title != "Infoabend in der Festhalle" ||
		evs[0].Date.Format(time.DateOnly) != "2026-01-28" || strconv.FormatInt(evs[0].AreaID, 10) != f.areaID(t, "Nord") {
		t.Fatalf("stored events: %v %+v", err, evs)
	}
	wantBody(t, erik.get("/buero/kampagnen/1"), http.StatusOK, "Infoabend: Infoabend in der Festhalle", "28.01.2026")
	if es := f.auditOf(t, campaigns.AuditOutreach); len(es) != 1 || !strings.Contains(es[0].Detail, "Infoabend am 28.01.2026 (Nord)") {
		t.Errorf("audit: %+v", es)
	}
}

func TestEditProviderDenominator(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.82")
	erik.mustLogin("erik")
	rec := erik.get("/buero/kampagnen/1/bearbeiten")
	wantBody(t, rec, http.StatusOK, "Nenner laut Anbieter", "4 Haushalte", "2 Haushalte")
	form, _ := formOf(t, rec.Body.String())
	form.Set("counting", "households")
	nord, sued := "denom_"+f.areaID(t, "Nord"), "denom_"+f.areaID(t, "Süd")
	if _, ok := form[nord]; !ok {
		t.Fatalf("no field %s in %v", nord, form)
	}
	wantBody(t, erik.post("/buero/kampagnen/1/bearbeiten", with(form, nord, "zehn")), http.StatusUnprocessableEntity,
		"Nichts wurde gespeichert", `keine ganze Zahl: "zehn"`, `value="zehn"`)
	wantBody(t, erik.post("/buero/kampagnen/1/bearbeiten", with(form, nord, "-3")), http.StatusUnprocessableEntity, "nicht negativ")
	if c := f.campaign(t, 1); c.Version != 1 || c.Areas[0].ProviderDenominator != 0 {
		t.Fatalf("refused denominator saved: %+v", c)
	}
	if rec := erik.post("/buero/kampagnen/1/bearbeiten", with(form, nord, "1.000", sued, "")); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", rec.Code, rec.Body)
	}
	if c := f.campaign(t, 1); c.Areas[0].ProviderDenominator != 1000 || c.Areas[1].ProviderDenominator != 0 {
		t.Errorf("after saving: %+v", c.Areas)
	}
	wantBody(t, erik.get("/buero/kampagnen/1"), http.StatusOK, "1.000", "Angabe des Anbieters; laut Adressdaten 4 Haushalte", "0 %")
	if es := f.auditOf(t, campaigns.AuditCampaignEdit); len(es) != 1 || es[0].Detail != "Kampagne DG (Nr. 1): Nenner laut Anbieter Nord: „–“ → „1.000“" {
		t.Errorf("audit: %+v", es)
	}
	// Saving the unchanged form changes nothing and logs nothing.
	form = pageForm(t, erik, "/buero/kampagnen/1/bearbeiten")
	form.Set("counting", "households")
	rec = erik.post("/buero/kampagnen/1/bearbeiten", form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero/kampagnen/1?gespeichert=unveraendert" {
		t.Fatalf("unchanged save: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	wantBody(t, erik.get(rec.Header().Get("Location")), http.StatusOK, "Keine Änderung: nichts wurde gespeichert.")
	if c := f.campaign(t, 1); c.Version != 2 {
		t.Errorf("an unchanged save bumped the version to %d", c.Version)
	}
	if es := f.auditOf(t, campaigns.AuditCampaignEdit); len(es) != 1 {
		t.Errorf("an unchanged save was logged: %+v", es)
	}
}

// TestCampaignStatusOverride: a decision against the figures is refused
// with the quota named; with the box ticked and a reason it is saved as
// an override, dated and signed, and shown as such.
func TestCampaignStatusOverride(t *testing.T) {
	f := newOfficeFixture(t)
	erik := f.browser(t, "192.0.2.81")
	erik.mustLogin("erik")
	form := pageForm(t, erik, "/buero/kampagnen/1")
	if form.Get("status_on") != "2026-02-02" || form.Has("status_override") {
		t.Fatalf("status form defaults: on %q, override %v", form.Get("status_on"), form.Has("status_override"))
	}
	nord := "status_" + f.areaID(t, "Nord")
	// Nord has 2 contracts of 4 households (50 %): "missed" contradicts the figures.
	wantBody(t, erik.post("/buero/kampagnen/1/status", with(form, nord, "missed")), http.StatusUnprocessableEntity,
		"Nichts wurde gespeichert", "Kampagne DG, Nord: die Quote liegt am 02.02.2026 mit 50 % nicht unter der Schwelle von 33 %")
	wantBody(t, erik.post("/buero/kampagnen/1/status", with(form, nord, "missed", "status_override", "1")), http.StatusUnprocessableEntity,
		"eine Übersteuerung braucht eine Begründung")
	if c := f.campaign(t, 1); c.Version != 1 || c.Areas[0].Status != campaigns.StatusRunning {
		t.Fatalf("refused decision saved: %+v", c.Areas)
	}
	rec := erik.post("/buero/kampagnen/1/status", with(form, nord, "missed", "status_override", "1",
		"status_reason", "Anbieter zieht sich zurück", "status_on", "2026-02-01"))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("override: %d\n%s", rec.Code, rec.Body)
	}
	c := f.campaign(t, 1)
	last := c.Events[len(c.Events)-1]
	if c.Areas[0].Status != campaigns.StatusMissed || !last.Override || last.EnteredBy != "erik" || last.Reason != "Anbieter zieht sich zurück" ||
		last.Effective.Format(time.DateOnly) != "2026-02-01" {
		t.Errorf("override saved as %+v, areas %+v", last, c.Areas)
	}
	wantBody(t, erik.get("/buero/kampagnen/1"), http.StatusOK, "Status: läuft → nicht erreicht (geparkt) (Übersteuerung)",
		"Anbieter zieht sich zurück")
	// The page as it stood the day before: Nord still running, read-only.
	past := erik.get("/buero/kampagnen/1?stand=2026-01-31")
	wantBody(t, past, http.StatusOK, "so, wie es an diesem Tag galt", `value="2026-01-31"`)
	if b := past.Body.String(); strings.Contains(b, "Status speichern") || strings.Contains(b, "nicht erreicht (geparkt)</td>") {
		t.Errorf("the page as of 31.01. offers forms or shows the later decision")
	}
	// A date that is no date is refused.
	form = pageForm(t, erik, "/buero/kampagnen/1")
	wantBody(t, erik.post("/buero/kampagnen/1/status", with(form, "status_"+f.areaID(t, "Süd"), "reached", "status_on", "morgen")),
		http.StatusUnprocessableEntity, "„morgen“ ist kein Datum.")
}
