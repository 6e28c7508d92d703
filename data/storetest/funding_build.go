package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// testFundingProgress: a funding project's progress reports and expected
// dates (migration 0023) are appended under its version, all or none
// (a bad last row stores nothing and leaves the version), read back with
// the project (also by address), never changed afterwards; the address
// answer of a project in construction names the expected completion.
func testFundingProgress(t *testing.T, f *fundFixture) {
	ctx := context.Background()
	w1 := f.addr["w1"].ID
	p := f.project(t, "Glasfaser West")
	for _, m := range []campaigns.Milestone{campaigns.MilestoneBranchendialog, campaigns.MilestoneSurveyPublished, campaigns.MilestoneSurveyClosed} {
		p = f.mustMilestone(t, p, m, "2025-10-06")
	}
	rows := []campaigns.ProgressRow{
		{Line: 2, AsOf: day("2026-01-20"), Passed: 40, Connected: 10, ExpectedCompletion: day("2027-06-30")},
		{Line: 3, Street: "Weg", AsOf: day("2026-02-20"), Passed: 25, Connected: 12, Activated: 4},
	}
	// No report before the application is recorded.
	_, err := campaigns.AddProjectProgress(ctx, f.fs, p.ID, p.Version, "fortschritt.csv", rows, "test", f.today)
	wantCode(t, err, geo.EINVALID)
	p = f.mustMilestone(t, p, campaigns.MilestoneApplication, "2025-11-03", w1)
	for _, m := range []campaigns.Milestone{campaigns.MilestoneProvisional, campaigns.MilestoneTender, campaigns.MilestoneAward,
		campaigns.MilestoneFinal, campaigns.MilestoneConstruction} {
		p = f.mustMilestone(t, p, m, "2026-01-05")
	}

	// A bad last row: nothing stored, the version unchanged.
	bad := append(append([]campaigns.ProgressRow(nil), rows...),
		campaigns.ProgressRow{Line: 4, AsOf: day("2026-02-21"), Passed: 5, Connected: 6})
	_, err = campaigns.AddProjectProgress(ctx, f.fs, p.ID, p.Version, "fortschritt.csv", bad, "test", f.today)
	wantCode(t, err, geo.EINVALID)
	if err == nil || !strings.Contains(geo.ErrorMessage(err), "fortschritt.csv:4") {
		t.Errorf("bad last row: %v", err)
	}
	// A row for another project or area: refused.
	other := []campaigns.ProgressRow{{Line: 2, Area: "Ost", AsOf: day("2026-01-20"), Passed: 1}}
	_, err = campaigns.AddProjectProgress(ctx, f.fs, p.ID, p.Version, "fortschritt.csv", other, "test", f.today)
	wantCode(t, err, geo.EINVALID)
	if got, _ := f.fs.FundingProject(ctx, p.ID); got.Version != p.Version || got.Progress != nil || got.BuildDates != nil {
		t.Fatalf("after the failed imports: version %d (was %d), %d reports, %d dates", got.Version, p.Version, len(got.Progress), len(got.BuildDates))
	}

	// The area column may name the project.
	rows[0].Area = " glasfaser WEST"
	res, err := campaigns.AddProjectProgress(ctx, f.fs, p.ID, p.Version, "fortschritt.csv", rows, "test", f.today)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reports != 2 || res.Dates != 1 || res.Project.Version != p.Version+1 || len(res.Project.Progress) != 2 || len(res.Project.BuildDates) != 1 {
		t.Fatalf("AddProjectProgress = %+v", res)
	}
	got := res.Project.Progress[1]
	if got.ID == 0 || got.ProjectID != p.ID || got.CampaignID != 0 || got.Street != "Weg" || !got.AsOf.Equal(day("2026-02-20")) ||
		got.Passed != 25 || got.Connected != 12 || got.Activated != 4 || got.Source != "fortschritt.csv:3" || got.EnteredBy != "test" ||
		got.EnteredAt.IsZero() {
		t.Errorf("stored report: %+v", got)
	}
	d := res.Project.BuildDates[0]
	if d.ID == 0 || d.ProjectID != p.ID || d.Kind != campaigns.BuildCompletion || !d.Expected.Equal(day("2027-06-30")) ||
		!d.Reported.Equal(day("2026-01-20")) || d.Reason != "Fortschrittsmeldung fortschritt.csv:2" {
		t.Errorf("stored date: %+v", d)
	}
	b := campaigns.ProjectBuildOf(res.Project, time.Time{})
	if b.Passed != 25 || b.Connected != 12 || b.Activated != 4 || !b.ReportedOn.Equal(day("2026-02-20")) ||
		!b.ExpectedCompletion.Equal(day("2027-06-30")) || !b.StartedOn.Equal(day("2026-01-05")) {
		t.Errorf("ProjectBuildOf = %+v", b)
	}
	// The same file again: the reports are appended, the unchanged date is not.
	p = res.Project
	again, err := campaigns.AddProjectProgress(ctx, f.fs, p.ID, p.Version, "fortschritt.csv", rows, "test", f.today)
	if err != nil || again.Reports != 2 || again.Dates != 0 {
		t.Fatalf("again: %+v, %v", again, err)
	}
	p = again.Project

	// Under an old version: refused.
	_, _, err = campaigns.SetProjectBuildDate(ctx, f.fs, p.ID, p.Version-1, campaigns.BuildStart, day("2026-01-01"),
		campaigns.Decision{By: "test", Reason: "Brief"}, f.today)
	wantCode(t, err, geo.ECONFLICT)
	p, detail, err := campaigns.SetProjectBuildDate(ctx, f.fs, p.ID, p.Version, campaigns.BuildCompletion, day("2027-09-30"),
		campaigns.Decision{By: "test", Reason: "Bauzeitenplan"}, f.today)
	if err != nil || !strings.Contains(detail, "Fertigstellung voraussichtlich 30.09.2027") || len(p.BuildDates) != 2 ||
		!p.BuildDates[1].Reported.Equal(f.today) {
		t.Fatalf("SetProjectBuildDate = %v %q, %v", p.BuildDates, detail, err)
	}
	// Stored records stay as they are.
	_, err = f.fs.UpdateFundingProject(ctx, p.ID, p.Version, func(q *campaigns.FundingProject) error {
		q.Progress[0].Passed = 41
		return nil
	})
	wantCode(t, err, geo.EINVALID)
	_, err = f.fs.UpdateFundingProject(ctx, p.ID, p.Version, func(q *campaigns.FundingProject) error {
		q.BuildDates = q.BuildDates[:1]
		return nil
	})
	wantCode(t, err, geo.EINVALID)

	// Read back alike: by ID, by name, in the list, by address.
	byName, err := f.fs.FundingProjectByName(ctx, "Glasfaser West")
	if err != nil || !reflect.DeepEqual(byName, p) {
		t.Errorf("FundingProjectByName = %+v, %v; want %+v", byName, err, p)
	}
	ofAddr, err := f.fs.FundingProjectsOfAddress(ctx, w1)
	if err != nil || len(ofAddr) != 1 || !reflect.DeepEqual(ofAddr[0].Progress, p.Progress) || !reflect.DeepEqual(ofAddr[0].BuildDates, p.BuildDates) {
		t.Errorf("FundingProjectsOfAddress = %+v, %v", ofAddr, err)
	}
	cov, err := f.svc.Coverage(ctx, w1)
	if err != nil {
		t.Fatal(err)
	}
	if cov.State != campaigns.CoverageConstruction || cov.Message != "Glasfaser im Bau (Förderprojekt), Fertigstellung voraussichtlich 2027" ||
		!cov.Completion.Equal(day("2027-09-30")) {
		t.Errorf("coverage: %+v", cov)
	}
}
