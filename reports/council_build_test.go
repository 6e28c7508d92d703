package reports_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// TestCouncilBuildFundingProject: a funding project in construction has
// a row on the Ausbau sheet below the campaign areas, in their columns:
// its operator, "im Bau", the award as its commitment, its construction
// start, the homes passed, connected and activated of its latest reports
// (campaigns.ProjectBuildOf: the latest per street summed) with the
// report's day, and the expected completion reported last. Read back
// through LibreOffice (de-DE); the project awaiting its approval (the
// demo's) has no row.
func TestCouncilBuildFundingProject(t *testing.T) {
	xlsx, _ := fundingCouncil(t)
	path := filepath.Join(t.TempDir(), "ohne.xlsx")
	if err := os.WriteFile(path, xlsx, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, r := range reports.LibreOfficeShownCSV(t, path, "de-DE")[reports.SheetBuild] {
		if len(r) > 0 && strings.HasSuffix(r[0], "(Förderprojekt)") {
			t.Errorf("a project awaiting its approval on the Ausbau sheet: %q", r)
		}
	}

	day := func(d int) time.Time { return time.Date(2026, 7, d, 0, 0, 0, 0, time.UTC) }
	xlsx, p := fundingCouncilWith(t, func(p *campaigns.FundingProject) error {
		for _, m := range []struct {
			kind campaigns.Milestone
			day  int
		}{{campaigns.MilestoneProvisional, 5}, {campaigns.MilestoneTender, 5}, {campaigns.MilestoneAward, 6}, {campaigns.MilestoneFinal, 6},
			{campaigns.MilestoneConstruction, 7}} {
			e := campaigns.MilestoneEvent{Kind: m.kind, Day: day(m.day), EnteredBy: "test"}
			if m.kind == campaigns.MilestoneAward {
				e.Operator, e.Model = "NetCo", campaigns.ModelGap
			}
			p.Milestones = append(p.Milestones, e)
		}
		p.Progress = append(p.Progress,
			campaigns.Progress{AsOf: day(5), Passed: 1200, Connected: 300, Activated: 40, Source: "t:2", EnteredBy: "test"},
			campaigns.Progress{Street: "Lindenweg", AsOf: day(6), Passed: 700, Connected: 210, Activated: 35, Source: "t:3", EnteredBy: "test"},
			campaigns.Progress{Street: "Ahornweg", AsOf: day(7), Passed: 650, Connected: 120, Activated: 12, Source: "t:4", EnteredBy: "test"},
			campaigns.Progress{Street: "Ahornweg", AsOf: day(8), Passed: 999, Source: "t:5", EnteredBy: "test"}) // after the workbook's day
		p.BuildDates = append(p.BuildDates,
			campaigns.BuildDate{Kind: campaigns.BuildCompletion, Expected: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), Reported: day(5), EnteredBy: "test"},
			campaigns.BuildDate{Kind: campaigns.BuildCompletion, Expected: time.Date(2027, 9, 30, 0, 0, 0, 0, time.UTC), Reported: day(6), EnteredBy: "test"})
		return nil
	})
	path = filepath.Join(t.TempDir(), "mit.xlsx")
	if err := os.WriteFile(path, xlsx, 0o600); err != nil {
		t.Fatal(err)
	}
	b := campaigns.ProjectBuildOf(p, today)
	if b.Passed != 1350 || b.Connected != 330 || b.Activated != 47 {
		t.Fatalf("ProjectBuildOf = %+v", b)
	}
	sheets := reports.LibreOfficeShownCSV(t, path, "de-DE")
	var row []string
	for _, r := range sheets[reports.SheetBuild] {
		if len(r) > 0 && r[0] == p.Name+" (Förderprojekt)" {
			row = r
		}
	}
	want := []string{p.Name + " (Förderprojekt)", "NetCo: Förderprojekt", "im Bau", "06.07.2026", "07.07.2026", "1.350", "330", "47",
		"07.07.2026", "30.09.2027"}
	if len(row) < len(want) {
		t.Fatalf("Ausbau: no row of the project in %q", sheets[reports.SheetBuild])
	}
	for i := range want {
		if row[i] != want[i] {
			t.Errorf("Ausbau, the project's column %d: %q, want %q", i+1, row[i], want[i])
		}
	}
	var cover string
	for _, r := range sheets[reports.SheetCover] {
		cover += strings.Join(r, " ") + "\n"
	}
	if !strings.Contains(cover, "und Förderprojekte ab dem Zuschlag") {
		t.Errorf("the cover's contents lack the projects on the Ausbau sheet:\n%s", cover)
	}
}
