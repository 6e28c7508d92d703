package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// fundingProject adds a project over Nord to the office fixture with the
// milestones up to the survey's close; frozen, its area holds Nord's
// addresses.
func (f *officeFixture) fundingProject(t *testing.T, name string, frozen bool) *campaigns.FundingProject {
	t.Helper()
	ctx := context.Background()
	nord, err := f.st.AreaByName(ctx, geo.KindDistrict, "Nord")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.st.AddFundingProject(ctx, campaigns.FundingProject{Name: name, Municipalities: []string{"08317096"},
		Areas: []int64{nord.ID}, RuleSet: "gigabit-2025", CreatedBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for a, err := range f.st.Addresses(ctx, geo.AddressFilter{AreaID: nord.ID}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	p, err = f.st.UpdateFundingProject(ctx, p.ID, p.Version, func(p *campaigns.FundingProject) error {
		for i, m := range campaigns.Milestones[:3] {
			p.Milestones = append(p.Milestones, campaigns.MilestoneEvent{Kind: m, Day: time.Date(2025, 9, 1+7*i, 0, 0, 0, 0, time.UTC), EnteredBy: "test"})
		}
		if frozen {
			p.Addresses = ids
			p.FrozenOn = time.Date(2025, 9, 20, 0, 0, 0, 0, time.UTC)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *officeFixture) project(t *testing.T, id int64) *campaigns.FundingProject {
	t.Helper()
	p, err := f.st.FundingProject(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOfficeFundingPages(t *testing.T) {
	f := newOfficeFixture(t)
	p := f.fundingProject(t, "Weiße Flecken Nord", true)
	path := fmt.Sprintf("/buero/foerderung/%d", p.ID)

	vera := f.browser(t, "10.0.0.1")
	vera.mustLogin("vera")
	wantBody(t, vera.get("/buero/foerderung"), http.StatusOK, "Förderprojekte", "Weiße Flecken Nord", "Markterkundung abgeschlossen", "Förderantrag gestellt")
	rec := vera.get(path)
	wantBody(t, rec, http.StatusOK, "Markterkundung abgeschlossen am 15.09.2025; Förderantrag wird vorbereitet", "Branchendialog", "Noch kein Budget erfasst")
	if strings.Contains(rec.Body.String(), "Meilenstein erfassen") {
		t.Error("a viewer sees the milestone form")
	}
	form := pageForm(t, vera, path)
	if rec := vera.post(path+"/meilensteine", with(form, "kind", "application", "date", "2026-01-20")); rec.Code != http.StatusForbidden {
		t.Errorf("viewer's milestone: %d, want 403", rec.Code)
	}
	wantBody(t, vera.get("/buero/foerderung/999"), http.StatusNotFound)

	erik := f.browser(t, "10.0.0.2")
	erik.mustLogin("erik")
	form = pageForm(t, erik, path)
	if form.Get("version") != fmt.Sprint(p.Version) {
		t.Fatalf("form version %q, want %d", form.Get("version"), p.Version)
	}
	noCSRF := with(form, "kind", "application", "date", "2026-01-20")
	noCSRF.Del("csrf")
	if rec := erik.post(path+"/meilensteine", noCSRF); rec.Code != http.StatusForbidden {
		t.Errorf("milestone without CSRF: %d, want 403", rec.Code)
	}
	tests := []struct {
		name   string
		fields []string
		status int
		want   string
	}{
		{"award before the tender", []string{"kind", "award", "date", "2026-01-20", "operator", "NetCo", "model", "gap"}, http.StatusUnprocessableEntity,
			"Zuschlag: zuerst Förderantrag gestellt, vorläufiger Bescheid, Ausschreibung erfassen"},
		{"in the future", []string{"kind", "application", "date", "2026-02-03"}, http.StatusUnprocessableEntity, "das Datum liegt in der Zukunft"},
		{"no date", []string{"kind", "application", "date", ""}, http.StatusUnprocessableEntity, "Bitte ein Datum angeben"},
		{"award without model", []string{"kind", "award", "date", "2026-01-20", "operator", "NetCo"}, http.StatusUnprocessableEntity,
			"Bitte das Fördermodell des Zuschlags wählen."},
		{"stale version", []string{"kind", "application", "date", "2026-01-20", "version", "1"}, http.StatusConflict,
			"Jemand hat das Förderprojekt inzwischen geändert"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := erik.post(path+"/meilensteine", with(form, tt.fields...))
			wantBody(t, rec, tt.status, tt.want)
			if got := f.project(t, p.ID); got.Version != p.Version || len(got.Milestones) != 3 {
				t.Errorf("refused milestone changed the project: %+v", got)
			}
		})
	}
	rec = erik.post(path+"/meilensteine", with(form, "kind", "application", "date", "2026-01-20", "note", "über die Kreisagentur"))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?gespeichert=meilenstein" {
		t.Fatalf("milestone: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	wantBody(t, erik.get(path+"?gespeichert=meilenstein"), http.StatusOK, "Meilenstein gespeichert.",
		"Förderantrag gestellt am 20.01.2026, Bescheid steht aus", "über die Kreisagentur", "(Eintrag 4, erik)")
	if au := f.auditOf(t, campaigns.AuditFundingMilestone); len(au) != 1 || au[0].User != "erik" ||
		au[0].Detail != "Förderprojekt Weiße Flecken Nord: Förderantrag gestellt am 20.01.2026" {
		t.Errorf("audit: %+v", au)
	}

	// Budget: shares must sum to the total; a bad amount names its field.
	form = pageForm(t, erik, path)
	budget := func(kv ...string) []string {
		return append([]string{"total", "2.000.000,00", "approved_bund", "1.000.000", "approved_land", "800.000", "approved_kommune", "200.000",
			"actual_bund", "50.000,50", "years", "2026=80.000\n2027: 120.000,00"}, kv...)
	}
	wantBody(t, erik.post(path+"/budget", with(form, budget("approved_land", "700.000")...)), http.StatusUnprocessableEntity,
		"die Anteile ergeben 1.900.000,00 €, die Gesamtsumme ist 2.000.000,00 €")
	wantBody(t, erik.post(path+"/budget", with(form, budget("actual_land", "viel")...)), http.StatusUnprocessableEntity,
		"„viel“ ist kein Betrag")
	wantBody(t, erik.post(path+"/budget", with(form, budget("years", "2026=80.000")...)), http.StatusUnprocessableEntity,
		"die Haushaltsjahre ergeben 80.000,00 €, der Anteil der Kommune ist 200.000,00 €")
	if got := f.project(t, p.ID); !got.Budget.Empty() {
		t.Fatalf("refused budgets stored: %+v", got.Budget)
	}
	if rec := erik.post(path+"/budget", with(form, budget()...)); rec.Code != http.StatusSeeOther {
		t.Fatalf("budget: %d\n%s", rec.Code, rec.Body)
	}
	got := f.project(t, p.ID).Budget.Figures()
	if got.Approved != 2_000_000_00 || got.Actual != 50_000_50 || got.Municipality != 200_000_00 || len(got.Years) != 2 {
		t.Errorf("stored budget: %+v", got)
	}
	wantBody(t, erik.get(path), http.StatusOK, "1.000.000,00 €", "50 %", "2027: 120.000,00 €")
	wantBody(t, erik.get("/buero/foerderung"), http.StatusOK, "2.000.000,00 €", "200.000,00 €")
	if au := f.auditOf(t, campaigns.AuditFundingBudget); len(au) != 1 || !strings.Contains(au[0].Detail, "Kosten 0,00 € → 2.000.000,00 €") {
		t.Errorf("budget audit: %+v", au)
	}
	// The form based on the old version is refused, keeping the input.
	wantBody(t, erik.post(path+"/budget", with(form, budget("approved_kommune", "300.000")...)), http.StatusConflict,
		"Jemand hat das Förderprojekt inzwischen geändert", `value="300.000"`)
}

// TestOfficeFundingApplicationFreezes: the application of a project whose
// area is not frozen freezes the eligible list; an empty list refuses it.
func TestOfficeFundingApplicationFreezes(t *testing.T) {
	f := newOfficeFixture(t)
	p := f.fundingProject(t, "Ohne Gebiet", false)
	path := fmt.Sprintf("/buero/foerderung/%d", p.ID)
	erik := f.browser(t, "10.0.0.2")
	erik.mustLogin("erik")
	form := pageForm(t, erik, path)
	// Without a market survey nobody reported Nord's addresses: none is
	// eligible, so there is no project area to freeze.
	wantBody(t, erik.post(path+"/meilensteine", with(form, "kind", "application", "date", "2026-01-20")), http.StatusUnprocessableEntity,
		"das Projektgebiet ist leer")
	if got := f.project(t, p.ID); len(got.Milestones) != 3 || got.Addresses != nil {
		t.Errorf("refused application changed the project: %+v", got)
	}
}

// TestOfficeFundingAdd: an editor adds a project on the list page (the
// CLI's funding add): all errors at once in German and nothing stored,
// then stored with the municipality's AGS, its Ortsteil and rule set,
// audited, and on to the project's page; a second of that name is
// refused; a viewer sees no form and may not post.
func TestOfficeFundingAdd(t *testing.T) {
	f := newOfficeFixture(t)
	ctx := context.Background()
	munis, err := f.st.Areas(ctx, geo.KindMunicipality)
	if err != nil || len(munis) == 0 {
		t.Fatalf("municipalities: %v %v", munis, err)
	}
	muni := munis[0]
	mid := fmt.Sprint(muni.ID)
	erik := f.browser(t, "10.0.0.2")
	erik.mustLogin("erik")
	form := pageForm(t, erik, "/buero/foerderung")
	wantBody(t, erik.get("/buero/foerderung"), http.StatusOK, "Neues Förderprojekt", "Gigabit")

	rec := erik.post("/buero/foerderung", with(form, "name", " ", "municipality", mid, "areas", "Nord, Nirgendwo", "rules", "gibt-es-nicht"))
	wantBody(t, rec, http.StatusUnprocessableEntity, "Das Projekt wurde nicht angelegt", "Kein Ortsteil „Nirgendwo“ in "+muni.Name,
		"Bitte ein Regelwerk aus der Liste wählen.", `href="#new_name"`)
	if ps, _ := f.st.FundingProjects(ctx); len(ps) != 0 {
		t.Fatalf("a refused form stored %d projects", len(ps))
	}

	rec = erik.post("/buero/foerderung", with(form, "name", "Weiße Flecken Nord", "municipality", mid, "areas", "Nord", "rules", "gigabit-2024"))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", rec.Code, rec.Body)
	}
	ps, err := f.st.FundingProjects(ctx)
	if err != nil || len(ps) != 1 {
		t.Fatalf("projects %v %v", ps, err)
	}
	p := ps[0]
	nord, _ := f.st.AreaByName(ctx, geo.KindDistrict, "Nord")
	if p.Name != "Weiße Flecken Nord" || len(p.Municipalities) != 1 || p.Municipalities[0] != muni.AGS || len(p.Areas) != 1 || p.Areas[0] != nord.ID ||
		p.RuleSet != "gigabit-2024" || p.CreatedBy != "erik" {
		t.Errorf("stored project %+v", p)
	}
	if loc := rec.Header().Get("Location"); loc != fmt.Sprintf("/buero/foerderung/%d", p.ID) {
		t.Errorf("redirect to %q", loc)
	}
	audit, err := f.st.Audit(ctx, 10)
	if err != nil || len(audit) == 0 || audit[0].Action != campaigns.AuditFundingAdd || !strings.Contains(audit[0].Detail, "Weiße Flecken Nord") {
		t.Errorf("audit %+v %v", audit, err)
	}
	rec = erik.post("/buero/foerderung", with(form, "name", "Weiße Flecken Nord", "municipality", mid, "areas", "Süd", "rules", "gigabit-2024"))
	wantBody(t, rec, http.StatusUnprocessableEntity, "Das Projekt wurde nicht angelegt")

	vera := f.browser(t, "10.0.0.1")
	vera.mustLogin("vera")
	if body := vera.get("/buero/foerderung").Body.String(); strings.Contains(body, "Neues Förderprojekt") {
		t.Error("a viewer sees the form")
	}
	if rec := vera.post("/buero/foerderung", with(pageForm(t, vera, "/buero/foerderung"), "name", "X", "municipality", mid, "areas", "Nord")); rec.Code != http.StatusForbidden {
		t.Errorf("viewer's post: %d, want 403", rec.Code)
	}
}
