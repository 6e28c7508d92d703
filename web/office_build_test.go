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
)

const (
	progressCSV     = "Ortsteil;Straße;Datum;Homes Passed;Homes Connected;Homes Activated;Fertigstellung\nNord;;26.01.2026;0;0;0;06/2027\nNord;Hauptstraße;02.02.2026;2;1;0;\n"
	progressBadLast = progressCSV + "Nord;Mühlenweg;02.02.2026;1;0;1;\n"
	progressMapped  = "Los;Meldung vom;Anschlussbereit;Kunden angeschlossen;Kunden aktiv\nNord;02.02.2026;3;1;0\n"
	sitesCSV        = "Liegenschaft;Art;Kampagne;Förderprojekt;Status;Datum\nGrundschule Nord;Schule;DG;;beauftragt;20.01.2026\nKita Süd;Kita;;;geplant;\n"
	sitesProject    = "Liegenschaft;Art;Förderprojekt\nKita Nord;Kita;Schulnetz\n"
	sitesBad        = "Liegenschaft;Art;Kampagne;Status\nRathaus;Rathaus;;geplant\nFeuerwehr;Feuerwehr;Gibtsnicht;geplant\n"
)

// commitNord decides DG's Nord reached and committed on 20.01.2026.
func (f *officeFixture) commitNord(t *testing.T) *campaigns.Campaign {
	t.Helper()
	svc := &campaigns.Service{Geo: f.st, Store: f.st, Now: func() time.Time { return f.now }}
	c := f.mustCampaign(t)
	d := campaigns.Decision{On: time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC), By: "test", Reason: "Zusage", Override: true}
	var err error
	for _, st := range []campaigns.Status{campaigns.StatusReached, campaigns.StatusCommitted} {
		if c, err = svc.SetStatus(context.Background(), c, st, d, "Nord"); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func (f *officeFixture) progressCount(t *testing.T, id int64) int {
	t.Helper()
	ps, err := f.st.Progress(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return len(ps)
}

// TestImportProgressAndSites: an editor uploads a provider's progress
// file into a campaign (all or none; the area moves into construction)
// and the sites list; failed uploads change nothing and are recorded as
// failed.
func TestImportProgressAndSites(t *testing.T) {
	f := newAdminFixture(t, nil)
	camp := f.commitNord(t)
	id := strconv.FormatInt(camp.ID, 10)
	b := f.browser(t, "192.0.2.7")
	b.mustLogin("erik")
	wantBody(t, b.get("/buero/import"), http.StatusOK, "Baufortschritt eines Anbieters", "Liegenschaften der Stadt",
		`<select id="campaign" name="campaign">`, `<option value="`+id+`">DG (Glasfaser Süd)</option>`)
	csrf := csrfOf(t, b, "/buero/import")
	tests := []struct {
		name     string
		fields   []part
		file     string
		content  string
		status   int
		want     []string
		progress int
		sites    int
		audit    string
	}{
		{"progress without a campaign", []part{{"csrf", csrf}, {"kind", "progress"}}, "bau.csv", progressCSV,
			422, []string{"Bitte wählen Sie die Kampagne", "Nichts wurde gespeichert"}, 0, 0, "erik import_failed"},
		{"progress, bad last row", []part{{"csrf", csrf}, {"kind", "progress"}, {"campaign", id}}, "bau.csv", progressBadLast,
			422, []string{"bau.csv:4: Gebiet Nord, Mühlenweg: 1 aktiviert, aber nur 0 angeschlossen", "Nichts wurde gespeichert"}, 0, 0, "erik import_failed"},
		{"progress", []part{{"csrf", csrf}, {"kind", "progress"}, {"campaign", id}}, "bau.csv", progressCSV,
			200, []string{"Import abgeschlossen", "Kampagne DG: 2 Fortschrittsmeldungen, 1 neue Termine", "Status: Nord: Ausbau zugesagt → im Bau ab 02.02.2026"},
			2, 0, "erik import"},
		{"progress, unmapped columns", []part{{"csrf", csrf}, {"kind", "progress"}, {"campaign", id}}, "los.csv", progressMapped,
			422, []string{"die Spalte Datum fehlt"}, 0, 0, "erik import_failed"},
		{"progress, mapped", []part{{"csrf", csrf}, {"kind", "progress"}, {"campaign", id},
			{"map", "area=Los, date=Meldung vom, passed=Anschlussbereit, connected=Kunden angeschlossen, activated=Kunden aktiv"}}, "los.csv", progressMapped,
			200, []string{"Kampagne DG: 1 Fortschrittsmeldungen, 0 neue Termine"}, 1, 0, "erik import"},
		{"progress, bad mapping", []part{{"csrf", csrf}, {"kind", "progress"}, {"campaign", id}, {"map", "datum"}}, "los.csv", progressMapped,
			422, []string{"hat nicht die Form feld=Spalte"}, 0, 0, "erik import_failed"},
		{"sites, unknown campaign in the last row", []part{{"csrf", csrf}, {"kind", "sites"}}, "liegenschaften.csv", sitesBad,
			422, []string{"liegenschaften.csv:3: Spalte Kampagne: keine Kampagne", "Nichts wurde gespeichert"}, 0, 0, "erik import_failed"},
		{"sites naming a funding project that does not exist", []part{{"csrf", csrf}, {"kind", "sites"}}, "liegenschaften.csv", sitesProject,
			422, []string{"liegenschaften.csv:2: Spalte Förderprojekt:", "Schulnetz", "Nichts wurde gespeichert"}, 0, 0, "erik import_failed"},
		{"sites", []part{{"csrf", csrf}, {"kind", "sites"}}, "liegenschaften.csv", sitesCSV,
			200, []string{"2 Liegenschaften angelegt"}, 0, 2, "erik import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p0 := f.progressCount(t, camp.ID)
			s0, _ := f.st.Sites(context.Background())
			audit0 := len(f.auditActions(t))
			wantBody(t, b.upload(tt.fields, tt.file, tt.content, false), tt.status, tt.want...)
			s1, _ := f.st.Sites(context.Background())
			if got := f.progressCount(t, camp.ID) - p0; got != tt.progress || len(s1)-len(s0) != tt.sites {
				t.Errorf("new reports %d, sites %d; want %d, %d", got, len(s1)-len(s0), tt.progress, tt.sites)
			}
			if acts := f.auditActions(t); len(acts) != audit0+1 || acts[0] != tt.audit {
				t.Errorf("audit %v, want %q first", acts, tt.audit)
			}
		})
	}
	if got := f.campaign(t, camp.ID); got.Areas[0].Status != campaigns.StatusConstruction {
		t.Errorf("Nord after the upload: %s", got.Areas[0].Status)
	}
}

// TestSitesPage: everyone signed in sees the sites with their record;
// editors change a state (CSRF, dated, audited), viewers may not; a date
// before the last change is refused and changes nothing.
func TestSitesPage(t *testing.T) {
	f := newAdminFixture(t, nil)
	ctx := context.Background()
	c := f.mustCampaign(t)
	if _, err := f.st.AddSites(ctx, []campaigns.Site{
		{Name: "Grundschule Nord", Kind: "Schule", CampaignID: c.ID, Changes: []campaigns.SiteChange{
			{State: campaigns.SitePlanned, Effective: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), Reason: "Liste des Schulamts"},
			{State: campaigns.SiteOrdered, Effective: time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)}}},
		{Name: "Rathaus", Kind: "Rathaus", ProjectID: 2, Changes: []campaigns.SiteChange{{State: campaigns.SitePlanned, Effective: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)}}},
	}); err != nil {
		t.Fatal(err)
	}
	viewer := f.browser(t, "192.0.2.8")
	viewer.mustLogin("vera")
	wantBody(t, viewer.get("/buero/liegenschaften"), http.StatusOK, "Liegenschaften der Stadt", "<th scope=\"row\">Grundschule Nord</th>",
		"10.01.2026 geplant (Liste des Schulamts); 20.01.2026 beauftragt", "#2", "1 geplant, 1 beauftragt, 0 im Bau, 0 angeschlossen")
	if body := viewer.get("/buero/liegenschaften").Body.String(); strings.Contains(body, "Anschlussstand ändern") {
		t.Error("a viewer sees the form")
	}
	vcsrf := csrfOf(t, viewer, "/buero/liegenschaften")
	rec := viewer.post("/buero/liegenschaften/stand", url.Values{"csrf": {vcsrf}, "site": {"Rathaus"}, "state": {"ordered"}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("viewer's change: %d", rec.Code)
	}

	b := f.browser(t, "192.0.2.9")
	b.mustLogin("erik")
	csrf := csrfOf(t, b, "/buero/liegenschaften")
	if rec := b.post("/buero/liegenschaften/stand", url.Values{"site": {"Rathaus"}, "state": {"ordered"}}); rec.Code != http.StatusForbidden {
		t.Errorf("without CSRF: %d", rec.Code)
	}
	wantBody(t, b.post("/buero/liegenschaften/stand", url.Values{"csrf": {csrf}, "site": {"Grundschule Nord"}, "state": {"construction"},
		"date": {"2026-01-15"}}), http.StatusUnprocessableEntity, "schon ein späterer Stand erfasst", `<option value="construction" selected>`)
	wantBody(t, b.post("/buero/liegenschaften/stand", url.Values{"csrf": {csrf}, "site": {"Grundschule Nord"}, "state": {"construction"},
		"date": {"2026-02-03"}}), http.StatusUnprocessableEntity, "liegt in der Zukunft")
	rec = b.post("/buero/liegenschaften/stand", url.Values{"csrf": {csrf}, "site": {"Grundschule Nord"}, "state": {"construction"},
		"date": {"2026-02-01"}, "reason": {"Tiefbau begonnen"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/buero/liegenschaften?gespeichert=1" {
		t.Fatalf("change: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	wantBody(t, b.get("/buero/liegenschaften?gespeichert=1"), http.StatusOK, "Der Anschlussstand wurde gespeichert",
		"01.02.2026 im Bau (Tiefbau begonnen)")
	es := f.auditOf(t, campaigns.AuditSiteSet)
	if len(es) != 1 || es[0].User != "erik" || es[0].Detail != "Grundschule Nord: im Bau seit 01.02.2026, Grund: Tiefbau begonnen" {
		t.Errorf("audit: %+v", es)
	}
}
