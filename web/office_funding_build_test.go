package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

const projectProgressCSV = "Gebiet;Straße;Datum;Homes Passed;Homes Connected;Homes Activated;Fertigstellung\n" +
	"Glasfaser Nord;;26.01.2026;2;0;0;06/2027\n;Hauptstraße;02.02.2026;3;1;0;\n"

// appliedProject is fundingProject with the application recorded on
// 01.10.2025 (a project takes progress reports from its application on).
func (f *officeFixture) appliedProject(t *testing.T, name string) *campaigns.FundingProject {
	t.Helper()
	p := f.fundingProject(t, name, true)
	p, err := f.st.UpdateFundingProject(context.Background(), p.ID, p.Version, func(p *campaigns.FundingProject) error {
		p.Milestones = append(p.Milestones, campaigns.MilestoneEvent{Kind: campaigns.MilestoneApplication,
			Day: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), EnteredBy: "test"})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportProjectProgress: the import page offers the funding projects
// for a progress file (the project's page links to it, preselected); a
// bad last row changes nothing, the area column must be empty or the
// project's name, a good file is stored, audited and shown on the
// project's page with the expected completion and the hint at the
// construction start; a viewer may not upload; a user of another town
// neither sees nor fills another town's project.
func TestImportProjectProgress(t *testing.T) {
	f := newAdminFixture(t, nil)
	ctx := context.Background()
	p := f.appliedProject(t, "Glasfaser Nord")
	other, err := f.st.AddFundingProject(ctx, campaigns.FundingProject{Name: "Fremdes Projekt", Municipalities: []string{"08317555"}})
	if err != nil {
		t.Fatal(err)
	}
	opt := "projekt:" + strconv.FormatInt(p.ID, 10)
	page := fmt.Sprintf("/buero/foerderung/%d", p.ID)

	b := f.browser(t, "192.0.2.7")
	b.mustLogin("erik")
	wantBody(t, b.get(page), http.StatusOK, "Baufortschritt", "Noch keine Fortschrittsmeldung erfasst",
		fmt.Sprintf(`<a href="/buero/import?projekt=%d">Fortschrittsmeldung importieren</a>`, p.ID))
	wantBody(t, b.get("/buero/import?projekt="+strconv.FormatInt(p.ID, 10)), http.StatusOK, `<optgroup label="Förderprojekte`,
		`<option value="`+opt+`" selected>Glasfaser Nord</option>`, `value="progress" checked`)
	csrf := csrfOf(t, b, "/buero/import")
	count := func() int {
		t.Helper()
		return len(f.project(t, p.ID).Progress)
	}
	tests := []struct {
		name    string
		fields  []part
		content string
		status  int
		want    []string
		reports int
		audit   string
	}{
		{"bad last row", []part{{"csrf", csrf}, {"kind", "progress"}, {"campaign", opt}}, projectProgressCSV + ";Mühlenweg;02.02.2026;1;0;1;\n",
			422, []string{"bau.csv:4: Förderprojekt „Glasfaser Nord“, Mühlenweg: 1 aktiviert, aber nur 0 angeschlossen", "Nichts wurde gespeichert"},
			0, "erik import_failed"},
		{"another area", []part{{"csrf", csrf}, {"kind", "progress"}, {"campaign", opt}}, strings.Replace(projectProgressCSV, "Glasfaser Nord", "Süd", 1),
			422, []string{"bau.csv:2: das Gebiet \"Süd\" ist nicht das Förderprojekt „Glasfaser Nord“"}, 0, "erik import_failed"},
		{"a project that does not exist", []part{{"csrf", csrf}, {"kind", "progress"}, {"campaign", "projekt:999"}}, projectProgressCSV,
			422, []string{"Das Förderprojekt 999 gibt es nicht."}, 0, "erik import_failed"},
		{"good", []part{{"csrf", csrf}, {"kind", "progress"}, {"campaign", opt}}, projectProgressCSV,
			200, []string{"Import abgeschlossen", "Förderprojekt Glasfaser Nord: 2 Fortschrittsmeldungen, 1 neue Termine",
				"Stand jetzt: 3 Homes Passed, 1 angeschlossen, 0 aktiviert (Meldung vom 02.02.2026)",
				"Hinweis: Erste Homes Passed am 26.01.2026 gemeldet"}, 2, "erik import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n0, audit0 := count(), len(f.auditActions(t))
			wantBody(t, b.upload(tt.fields, "bau.csv", tt.content, false), tt.status, tt.want...)
			if got := count() - n0; got != tt.reports {
				t.Errorf("new reports %d, want %d", got, tt.reports)
			}
			if acts := f.auditActions(t); len(acts) != audit0+1 || acts[0] != tt.audit {
				t.Errorf("audit %v, want %q first", acts, tt.audit)
			}
		})
	}
	wantBody(t, b.get(page), http.StatusOK, "<dt>Homes Passed</dt><dd>3</dd>", "<dt>Homes Connected</dt><dd>1</dd>",
		"<dt>Meldung vom</dt><dd>02.02.2026</dd>", "<dt>Fertigstellung</dt><dd>voraussichtlich 30.06.2027</dd>",
		"Erste Homes Passed am 26.01.2026 gemeldet; der Baubeginn ist noch nicht als Meilenstein erfasst",
		"<th scope=\"row\">Hauptstraße</th>", "26.01.2026: Fertigstellung voraussichtlich 30.06.2027 (Fortschrittsmeldung bau.csv:2)")
	if got := f.project(t, p.ID); len(got.Milestones) != 4 {
		t.Errorf("the upload recorded a milestone: %+v", got.Milestones)
	}

	// A viewer may not upload.
	v := f.browser(t, "192.0.2.8")
	v.mustLogin("vera")
	if rec := v.upload([]part{{"csrf", csrfOf(t, v, page)}, {"kind", "progress"}, {"campaign", opt}}, "bau.csv", projectProgressCSV, false); rec.Code != http.StatusForbidden {
		t.Errorf("viewer's upload: %d, want 403", rec.Code)
	}

	// A user of one town: its project only.
	munis, err := f.st.Areas(ctx, geo.KindMunicipality)
	if err != nil || len(munis) == 0 || munis[0].AGS == "08317555" || munis[0].AGS == "08317096" {
		t.Fatalf("municipalities: %v %v", munis, err)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateUser(ctx, campaigns.User{Name: "mona", Role: campaigns.RoleEditor, PasswordHash: hash, Municipality: munis[0].ID}); err != nil {
		t.Fatal(err)
	}
	m := f.browser(t, "192.0.2.9")
	m.mustLogin("mona")
	if body := m.get("/buero/import").Body.String(); strings.Contains(body, "Fremdes Projekt") {
		t.Error("the import page offers another town's project")
	}
	n0 := len(f.project(t, other.ID).Progress)
	wantBody(t, m.upload([]part{{"csrf", csrfOf(t, m, "/buero/import")}, {"kind", "progress"}, {"campaign", "projekt:" + strconv.FormatInt(other.ID, 10)}},
		"bau.csv", strings.ReplaceAll(projectProgressCSV, "Glasfaser Nord", ""), false), http.StatusForbidden, "gehört nicht zu")
	if len(f.project(t, other.ID).Progress) != n0 {
		t.Error("another town's project took the upload")
	}
}

// TestFundingBuildDateForm: editors record an expected construction start
// or completion on the project's page (CSRF, version, German errors with
// the input kept, audited); the page shows it, the history keeps every
// revision; a viewer may not.
func TestFundingBuildDateForm(t *testing.T) {
	f := newOfficeFixture(t)
	p := f.appliedProject(t, "Glasfaser Nord")
	path := fmt.Sprintf("/buero/foerderung/%d", p.ID)

	vera := f.browser(t, "10.0.0.1")
	vera.mustLogin("vera")
	if strings.Contains(vera.get(path).Body.String(), "Bautermin erfassen") {
		t.Error("a viewer sees the date form")
	}
	if rec := vera.post(path+"/termin", with(pageForm(t, vera, path), "build_kind", "completion", "expected", "2027-06-30", "reason", "x")); rec.Code != http.StatusForbidden {
		t.Errorf("viewer's date: %d, want 403", rec.Code)
	}

	erik := f.browser(t, "10.0.0.2")
	erik.mustLogin("erik")
	wantBody(t, erik.get(path), http.StatusOK, "Bautermin erfassen")
	form := pageForm(t, erik, path)
	noCSRF := with(form, "build_kind", "completion", "expected", "2027-06-30", "reason", "Bauzeitenplan")
	noCSRF.Del("csrf")
	if rec := erik.post(path+"/termin", noCSRF); rec.Code != http.StatusForbidden {
		t.Errorf("date without CSRF: %d, want 403", rec.Code)
	}
	tests := []struct {
		name   string
		fields []string
		status int
		want   []string
	}{
		{"no reason", []string{"build_kind", "completion", "expected", "2027-06-30"}, http.StatusUnprocessableEntity,
			[]string{"Bitte angeben, woher der Termin stammt", `value="2027-06-30"`}},
		{"not a date", []string{"build_kind", "start", "expected", "bald", "reason", "Brief"}, http.StatusUnprocessableEntity,
			[]string{"„bald“ ist kein Datum", `<option value="start" selected>Baubeginn</option>`}},
		{"reported in the future", []string{"build_kind", "completion", "expected", "2027-06-30", "reported", "2026-02-03", "reason", "Brief"},
			http.StatusUnprocessableEntity, []string{"das Datum der Meldung 03.02.2026 liegt in der Zukunft"}},
		{"an implausible year", []string{"build_kind", "completion", "expected", "2207-06-30", "reason", "Brief"},
			http.StatusUnprocessableEntity, []string{"das Jahr 2207 ist unplausibel"}},
		{"an old version", []string{"build_kind", "completion", "expected", "2027-06-30", "reason", "Brief", "version", "1"},
			http.StatusConflict, []string{"Jemand hat das Förderprojekt inzwischen geändert", `value="Brief"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantBody(t, erik.post(path+"/termin", with(form, tt.fields...)), tt.status, tt.want...)
			if got := f.project(t, p.ID); got.BuildDates != nil {
				t.Errorf("stored: %+v", got.BuildDates)
			}
		})
	}
	for _, x := range [][]string{
		{"build_kind", "completion", "expected", "2027-06-30", "reported", "2026-01-15", "reason", "Bauzeitenplan NetCo"},
		{"build_kind", "completion", "expected", "2027-09-30", "reason", "Verzug Tiefbau"},
	} {
		rec := erik.post(path+"/termin", with(pageForm(t, erik, path), x...))
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?gespeichert=termin" {
			t.Fatalf("date: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
	}
	wantBody(t, erik.get(path+"?gespeichert=termin"), http.StatusOK, "Termin gespeichert.",
		"<dt>Fertigstellung</dt><dd>voraussichtlich 30.09.2027</dd>",
		"02.02.2026: Fertigstellung voraussichtlich 30.09.2027 (Verzug Tiefbau)",
		"15.01.2026: Fertigstellung voraussichtlich 30.06.2027 (Bauzeitenplan NetCo)")
	es := f.auditOf(t, campaigns.AuditProgress)
	if len(es) != 2 || es[0].User != "erik" || !strings.Contains(es[0].Detail, "Förderprojekt Glasfaser Nord: Fertigstellung voraussichtlich 30.09.2027") ||
		!strings.Contains(es[0].Detail, "Grund: Verzug Tiefbau") {
		t.Errorf("audit: %+v", es)
	}
}
