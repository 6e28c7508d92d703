package reports_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/reports"
)

// buildWorkbook is the council workbook of the demo with its construction
// records (demo.LoadConstruction): the business park in construction with
// its reports and the sites network.
func buildWorkbook(t *testing.T) (*campaigns.Service, string) {
	t.Helper()
	ctx := context.Background()
	svc, err := loadDemo(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Store.(interface{ Close() error }).Close() })
	if err := demo.LoadConstruction(ctx, svc, demo.New(demo.DefaultSeed), today); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := reports.Council(ctx, svc, reports.CouncilOptions{}, &buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gemeinderat.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return svc, path
}

// TestCouncilBuildSheets: the Ausbau sheet has a row per area committed or
// beyond with the day of the commitment, the construction start, the
// latest reported homes passed, connected and activated with the report's
// day, and the expected completion; the Liegenschaften sheet lists every
// site with its state and counts them per state by formula. Read back
// through LibreOffice as a German reader sees them, so the dates and
// numbers are cells, not text, and the formulas compute.
func TestCouncilBuildSheets(t *testing.T) {
	svc, path := buildWorkbook(t)
	ctx := context.Background()
	zone := demo.ZoneInConstruction(demo.New(demo.DefaultSeed))
	c, err := svc.Store.CampaignByName(ctx, demo.CampaignZones)
	if err != nil {
		t.Fatal(err)
	}
	figs, err := svc.Figures(ctx, c, today)
	if err != nil {
		t.Fatal(err)
	}
	var b campaigns.AreaBuild
	for _, a := range figs.Areas {
		if a.AreaName == zone {
			b = a.Build
		}
	}
	if b.Passed == 0 || b.StartedOn.IsZero() || b.ExpectedCompletion.IsZero() {
		t.Fatalf("the demo's business park has no construction figures: %+v", b)
	}
	views, err := svc.SiteViews(ctx)
	if err != nil || len(views) < 10 {
		t.Fatalf("the demo's sites: %d, %v", len(views), err)
	}

	sheets := reports.LibreOfficeShownCSV(t, path, "de-DE")
	build := sheets[reports.SheetBuild]
	if len(build) < 4 {
		t.Fatalf("Ausbau: %q", build)
	}
	wantHead := []string{"Gebiet", "Anbieter / Kampagne", "Status", "Ausbau zugesagt am", "Baubeginn", "Homes Passed", "Homes Connected",
		"Homes Activated", "Stand der Meldung", "Fertigstellung voraussichtlich"}
	for i, h := range wantHead {
		if build[1][i] != h {
			t.Errorf("Ausbau header %d: %q, want %q", i, build[1][i], h)
		}
	}
	var row, oststadt []string
	for _, r := range build[2:] {
		switch r[0] {
		case zone + " (Gewerbegebiet)":
			row = r
		case "Oststadt (Ortsteil)":
			oststadt = r
		}
	}
	want := []string{zone + " (Gewerbegebiet)", demo.ProviderZones + ": " + demo.CampaignZones, "im Bau",
		campaigns.GermanDate(b.CommittedOn), campaigns.GermanDate(b.StartedOn), campaigns.Thousands(int64(b.Passed)),
		campaigns.Thousands(int64(b.Connected)), campaigns.Thousands(int64(b.Activated)), campaigns.GermanDate(b.ReportedOn),
		campaigns.GermanDate(b.ExpectedCompletion)}
	if len(row) < len(want) {
		t.Fatalf("Ausbau: no row of %s in %q", zone, build)
	}
	for i := range want {
		if row[i] != want[i] {
			t.Errorf("Ausbau %s, column %s: %q, want %q", zone, wantHead[i], row[i], want[i])
		}
	}
	// The Oststadt was decided into construction without any report.
	if len(oststadt) < 6 || oststadt[2] != "im Bau" || oststadt[5] != "keine Meldung" || oststadt[3] == "" {
		t.Errorf("Ausbau Oststadt: %q", oststadt)
	}

	t.Logf("Ausbau %s: %q", zone, row)
	sites := sheets[reports.SheetSites]
	if len(sites) < len(views)+2 {
		t.Fatalf("Liegenschaften: %d rows for %d sites", len(sites), len(views))
	}
	for i, v := range views {
		r := sites[2+i]
		if r[0] != v.Name || r[2] != v.Address || r[3] != v.State.German() || r[4] != campaigns.GermanDate(v.Since) || r[5] != v.Campaign {
			t.Errorf("Liegenschaften row %d: %q, want %s", i+3, r, v.Name)
		}
	}
	counts := campaigns.SiteCounts(views)
	found := 0
	for _, r := range sites[2+len(views):] {
		for _, st := range campaigns.SiteStates {
			if len(r) > 3 && r[2] == st.German() {
				found++
				if r[3] != strconv.Itoa(counts[st]) {
					t.Errorf("Liegenschaften: %s counted %q by LibreOffice, want %d", st.German(), r[3], counts[st])
				}
			}
		}
	}
	if found != len(campaigns.SiteStates) {
		t.Errorf("Liegenschaften: %d count rows, want %d: %q", found, len(campaigns.SiteStates), sites[2+len(views):])
	}
}

// TestCouncilSitesAsOf: the workbook for a past meeting shows the sites
// network as it stood that day: each site's state then and since when,
// no site entered later, no state that took effect later.
func TestCouncilSitesAsOf(t *testing.T) {
	svc, _ := buildWorkbook(t)
	ctx := context.Background()
	now, err := svc.SiteViews(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The day before the latest change: some site's state differs then.
	var latest time.Time
	for _, v := range now {
		if v.Since.After(latest) {
			latest = v.Since
		}
	}
	if latest.IsZero() {
		t.Fatal("the demo's sites have no dated states")
	}
	asOf := latest.AddDate(0, 0, -1)
	var buf bytes.Buffer
	if err := reports.Council(ctx, svc, reports.CouncilOptions{AsOf: asOf}, &buf); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, buf.Bytes())
	rows, err := f.GetRows(reports.SheetSites)
	if err != nil {
		t.Fatal(err)
	}
	nameCol, stateCol, sinceCol := column(t, f, reports.SheetSites, "Liegenschaft")-1, column(t, f, reports.SheetSites, "Anschlussstand")-1,
		column(t, f, reports.SheetSites, "seit")
	shown := map[string]string{}
	for i, r := range rows[2:] {
		if len(r) <= stateCol || r[nameCol] == "" {
			break
		}
		shown[r[nameCol]] = r[stateCol]
		if v := raw(t, f, reports.SheetSites, sinceCol, i+3); v != "" {
			serial, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: seit %q is not a date cell", r[nameCol], v)
			}
			if day := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(serial)); day.After(asOf) {
				t.Errorf("%s: seit %s, after the report's day %s", r[nameCol], day.Format(time.DateOnly), asOf.Format(time.DateOnly))
			}
		}
	}
	differs := 0
	for _, v := range now {
		st, _, ok := v.StateOn(asOf)
		got, listed := shown[v.Name]
		switch {
		case !ok && listed:
			t.Errorf("%s listed on %s, before it was on record", v.Name, asOf.Format(time.DateOnly))
		case ok && !listed:
			t.Errorf("%s missing on %s", v.Name, asOf.Format(time.DateOnly))
		case ok && got != st.German():
			t.Errorf("%s on %s: %q, want %q", v.Name, asOf.Format(time.DateOnly), got, st.German())
		}
		if !ok || st != v.State {
			differs++
		}
	}
	if differs == 0 {
		t.Fatalf("no site's state differs on %s: the test proves nothing", asOf.Format(time.DateOnly))
	}
}
