package campaigns

import (
	"strings"
	"testing"
	"time"
)

// TestProjectBuildOfSameAsArea: a funding project's figures come from the
// same derivation as a campaign area's (latest per street, the project's
// own report unless a street was reported after it, the date reported
// last), and its construction days from its milestones.
func TestProjectBuildOfSameAsArea(t *testing.T) {
	c := &Campaign{ID: 1, Areas: []CampaignArea{{AreaID: 5, AreaName: "Nord"}}}
	p := projectWith(MilestoneConstruction)
	reports := []Progress{
		{ID: 1, AsOf: d("2026-02-02"), Passed: 10, Connected: 2},
		{ID: 2, Street: "A-Weg", AsOf: d("2026-03-01"), Passed: 8, Connected: 3, Activated: 1},
		{ID: 3, Street: "B-Weg", AsOf: d("2026-03-02"), Passed: 7, Connected: 1},
		{ID: 4, Street: "a-weg", AsOf: d("2026-03-05"), Passed: 9, Connected: 4, Activated: 2},
	}
	dates := []BuildDate{
		{ID: 1, Kind: BuildCompletion, Expected: d("2026-12-31"), Reported: d("2026-01-10")},
		{ID: 2, Kind: BuildCompletion, Expected: d("2027-06-30"), Reported: d("2026-03-01")},
	}
	var ps []Progress
	var ds []BuildDate
	for _, r := range reports {
		r.AreaID = 5
		ps = append(ps, r)
		r.AreaID, r.ProjectID = 0, p.ID
		p.Progress = append(p.Progress, r)
	}
	for _, x := range dates {
		x.AreaID = 5
		ds = append(ds, x)
		x.AreaID, x.ProjectID = 0, p.ID
		p.BuildDates = append(p.BuildDates, x)
	}
	// Another project's and a campaign area's records do not count.
	p.Progress = append(p.Progress, Progress{ID: 9, ProjectID: 2, AsOf: d("2026-03-06"), Passed: 99},
		Progress{ID: 10, AreaID: 5, AsOf: d("2026-03-06"), Passed: 77})
	for _, asOf := range []string{"2026-02-10", "2026-03-02", "2026-03-05", ""} {
		var day time.Time
		if asOf != "" {
			day = d(asOf)
		}
		a, b := BuildOf(c, 5, ps, ds, day), ProjectBuildOf(p, day)
		if a.Passed != b.Passed || a.Connected != b.Connected || a.Activated != b.Activated || !a.ReportedOn.Equal(b.ReportedOn) ||
			!a.ExpectedCompletion.Equal(b.ExpectedCompletion) || len(a.Streets) != len(b.Streets) || !a.FirstPassedOn.Equal(b.FirstPassedOn) {
			t.Errorf("as of %q: area %+v, project %+v", asOf, a, b)
		}
	}
	b := ProjectBuildOf(p, time.Time{})
	if b.Passed != 16 || b.Activated != 2 || !b.ExpectedCompletion.Equal(d("2027-06-30")) || !b.FirstPassedOn.Equal(d("2026-02-02")) {
		t.Errorf("ProjectBuildOf = %+v", b)
	}
	award, _ := p.Reached(MilestoneAward)
	start, _ := p.Reached(MilestoneConstruction)
	if !b.CommittedOn.Equal(award.Day) || !b.StartedOn.Equal(start.Day) || !b.LiveOn.IsZero() {
		t.Errorf("milestone days: %+v", b)
	}
	if h := p.BuildHint(b); h != "" {
		t.Errorf("BuildHint with the construction start recorded = %q", h)
	}
	q := projectWith(MilestoneFinal)
	q.Progress = []Progress{{ID: 1, ProjectID: 1, AsOf: d("2026-02-02"), Passed: 3}}
	if h := q.BuildHint(ProjectBuildOf(q, time.Time{})); !strings.Contains(h, "02.02.2026") || !strings.Contains(h, "nicht als Meilenstein") {
		t.Errorf("BuildHint = %q", h)
	}
	if len(q.Milestones) != len(projectWith(MilestoneFinal).Milestones) {
		t.Error("the hint recorded a milestone")
	}
}

// TestCheckProjectProgress: the counts as for a campaign area, no day
// before the application, none in the future, no report before an
// application is recorded.
func TestCheckProjectProgress(t *testing.T) {
	today := Date(2026, 3, 2)
	p := projectWith(MilestoneAward) // application on 22.09.2025
	tests := []struct {
		name string
		p    *FundingProject
		r    Progress
		want string // part of the message; "" for none
	}{
		{"fine", p, Progress{AsOf: d("2026-01-05"), Passed: 10, Connected: 5, Activated: 2}, ""},
		{"on the application's day", p, Progress{AsOf: d("2025-09-22"), Passed: 1}, ""},
		{"before the application", p, Progress{AsOf: d("2025-09-21"), Passed: 1}, "liegt vor dem Förderantrag (22.09.2025)"},
		{"in the future", p, Progress{AsOf: d("2026-03-03"), Passed: 1}, "liegt in der Zukunft"},
		{"connected above passed", p, Progress{AsOf: d("2026-01-05"), Passed: 2, Connected: 3}, "3 angeschlossen, aber nur 2 Homes Passed"},
		{"activated above connected", p, Progress{Street: "A-Weg", AsOf: d("2026-01-05"), Passed: 5, Connected: 3, Activated: 4},
			"Förderprojekt „P“, A-Weg: 4 aktiviert, aber nur 3 angeschlossen"},
		{"negative", p, Progress{AsOf: d("2026-01-05"), Passed: -1}, "negativ"},
		{"no date", p, Progress{Passed: 1}, "das Datum fehlt"},
		{"no application", projectWith(MilestoneSurveyClosed), Progress{AsOf: d("2026-01-05"), Passed: 1}, "erst nach dem Förderantrag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckProjectProgress(tt.r, tt.p, today)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("CheckProjectProgress = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestFundingCoverageExpectedCompletion: an address in a project in
// construction reads the year of the expected completion reported last,
// in German and English; without one the construction start.
func TestFundingCoverageExpectedCompletion(t *testing.T) {
	p := projectWith(MilestoneConstruction)
	p.BuildDates = []BuildDate{
		{ID: 1, ProjectID: 1, Kind: BuildCompletion, Expected: d("2026-12-31"), Reported: d("2025-10-01")},
		{ID: 2, ProjectID: 1, Kind: BuildCompletion, Expected: d("2027-06-30"), Reported: d("2026-01-15")},
		{ID: 3, ProjectID: 1, Kind: BuildStart, Expected: d("2028-01-01"), Reported: d("2026-02-01")},
	}
	cov := ApplyFunding(Coverage{State: CoveragePreMarketing}, []*FundingProject{p}, nil)
	if cov.State != CoverageConstruction || cov.Message != "Glasfaser im Bau (Förderprojekt), Fertigstellung voraussichtlich 2027" ||
		cov.MessageEN != "Fibre under construction (publicly funded project), completion expected in 2027" ||
		!cov.Completion.Equal(d("2027-06-30")) || cov.FundingProject != "P" {
		t.Errorf("ApplyFunding = %+v", cov)
	}
	// An expected completion before the construction start: the start.
	p = projectWith(MilestoneFinal)
	p.BuildDates = []BuildDate{{ID: 1, ProjectID: 1, Kind: BuildCompletion, Expected: d("2027-06-30"), Reported: d("2025-10-01")}}
	if _, msg := p.FundingCoverage(); msg != "Förderprojekt endgültig bewilligt am 20.10.2025; Baubeginn steht aus" {
		t.Errorf("before the construction start: %q", msg)
	}
	p = projectWith(MilestoneConstruction)
	if _, msg := p.FundingCoverage(); msg != "Glasfaser im Bau (Förderprojekt, Baubeginn 27.10.2025)" {
		t.Errorf("without an expected completion: %q", msg)
	}
}

// TestProjectOnBuild: a project as it stood on a day keeps the progress
// reports and expected dates reported by then, and derives the same
// figures as ProjectBuildOf as of that day.
func TestProjectOnBuild(t *testing.T) {
	p := projectWith(MilestoneConstruction)
	p.Progress = []Progress{{ID: 1, ProjectID: 1, AsOf: d("2026-02-02"), Passed: 10}, {ID: 2, ProjectID: 1, AsOf: d("2026-03-02"), Passed: 20}}
	p.BuildDates = []BuildDate{{ID: 1, ProjectID: 1, Kind: BuildCompletion, Expected: d("2027-06-30"), Reported: d("2026-03-01")}}
	q, ok := p.On(d("2026-02-15"))
	if !ok || len(q.Progress) != 1 || len(q.BuildDates) != 0 || len(p.Progress) != 2 || len(p.BuildDates) != 1 {
		t.Fatalf("On: %+v / %+v", q, p)
	}
	if a, b := ProjectBuildOf(q, time.Time{}), ProjectBuildOf(p, d("2026-02-15")); a.Passed != 10 || a.Passed != b.Passed ||
		!a.ExpectedCompletion.Equal(b.ExpectedCompletion) {
		t.Errorf("On's figures %+v, ProjectBuildOf's %+v", a, b)
	}
}
