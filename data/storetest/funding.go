package storetest

import (
	"context"
	"reflect"
	"slices"
	"sync"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// FundingStore is a store that keeps addresses, campaigns and funding
// projects.
type FundingStore interface {
	Store
	campaigns.FundingStore
}

// RunFunding runs the funding-project part of the suite (migrations 0019
// and 0023);
// each subtest gets its own store from open.
func RunFunding(t *testing.T, open func(t *testing.T) FundingStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, f *fundFixture)
	}{
		{"CreateAndRead", testFundingCreateAndRead},
		{"MilestonesAppendOnly", testFundingMilestonesAppendOnly},
		{"VersionConflict", testFundingVersionConflict},
		{"FreezeAndCoverage", testFundingFreezeAndCoverage},
		{"BudgetAllOrNone", testFundingBudget},
		{"Progress", testFundingProgress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			f := &fundFixture{campFixture: newCampFixture(t, s), fs: s}
			f.svc.Funding = s
			tt.fn(t, f)
		})
	}
}

type fundFixture struct {
	*campFixture
	fs FundingStore
}

func (f *fundFixture) project(t *testing.T, name string) *campaigns.FundingProject {
	t.Helper()
	west := mustArea(t, f.s, geo.KindDistrict, "West")
	east := mustArea(t, f.s, geo.KindDistrict, "East")
	p, err := f.fs.AddFundingProject(context.Background(), campaigns.FundingProject{Name: name,
		Municipalities: []string{"08317096", "08317001"}, Areas: []int64{west.ID, east.ID}, RuleSet: "gigabit-2025", CreatedBy: "test"})
	if err != nil {
		t.Fatalf("AddFundingProject %s: %v", name, err)
	}
	return p
}

// milestone appends e (checked as the office does) under p's version.
func (f *fundFixture) milestone(p *campaigns.FundingProject, e campaigns.MilestoneEvent, freeze []int64) (*campaigns.FundingProject, error) {
	return f.fs.UpdateFundingProject(context.Background(), p.ID, p.Version, func(q *campaigns.FundingProject) error {
		if err := q.CheckMilestone(e, f.today); err != nil {
			return err
		}
		e.EnteredBy = "test"
		q.Milestones = append(q.Milestones, e)
		if len(q.Addresses) == 0 && freeze != nil {
			q.Addresses, q.FrozenOn = freeze, e.Day
		}
		return nil
	})
}

func (f *fundFixture) mustMilestone(t *testing.T, p *campaigns.FundingProject, kind campaigns.Milestone, date string, freeze ...int64) *campaigns.FundingProject {
	t.Helper()
	e := campaigns.MilestoneEvent{Kind: kind, Day: day(date)}
	if kind == campaigns.MilestoneAward {
		e.Operator, e.Model = "NetCo", campaigns.ModelGap
	}
	q, err := f.milestone(p, e, freeze)
	if err != nil {
		t.Fatalf("milestone %s %s: %v", kind, date, err)
	}
	return q
}

func testFundingCreateAndRead(t *testing.T, f *fundFixture) {
	ctx := context.Background()
	p := f.project(t, "Weiße Flecken Nord")
	if p.ID == 0 || p.Version != 1 || !slices.Equal(p.Municipalities, []string{"08317096", "08317001"}) || len(p.Areas) != 2 ||
		p.RuleSet != "gigabit-2025" || p.CreatedBy != "test" || p.CreatedAt.IsZero() || p.Milestones != nil || !p.Budget.Empty() {
		t.Fatalf("created: %+v", p)
	}
	byName, err := f.fs.FundingProjectByName(ctx, "  weiße flecken NORD ")
	if err != nil || !reflect.DeepEqual(byName, p) {
		t.Errorf("FundingProjectByName = %+v, %v; want %+v", byName, err, p)
	}
	_, err = f.fs.AddFundingProject(ctx, campaigns.FundingProject{Name: "WEISSE", Municipalities: []string{"08317096"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.fs.AddFundingProject(ctx, campaigns.FundingProject{Name: "Weiße Flecken NORD", Municipalities: []string{"08317096"}})
	wantCode(t, err, geo.ECONFLICT)
	_, err = f.fs.AddFundingProject(ctx, campaigns.FundingProject{Name: "Ohne MEV", Municipalities: []string{"08317096"}, SurveyID: 999})
	wantCode(t, err, geo.EINVALID)
	_, err = f.fs.AddFundingProject(ctx, campaigns.FundingProject{Name: "Ohne Gebiet", Municipalities: []string{"08317096"}, Areas: []int64{999}})
	wantCode(t, err, geo.EINVALID)
	_, err = f.fs.AddFundingProject(ctx, campaigns.FundingProject{Name: "Falscher AGS", Municipalities: []string{"8317096"}})
	wantCode(t, err, geo.EINVALID)
	ps, err := f.fs.FundingProjects(ctx)
	if err != nil || len(ps) != 2 || ps[0].Name != "WEISSE" || ps[1].Name != "Weiße Flecken Nord" {
		t.Errorf("FundingProjects = %v, %v", ps, err)
	}
	_, err = f.fs.FundingProject(ctx, 999)
	wantCode(t, err, geo.ENOTFOUND)
	_, err = f.fs.FundingProjectByName(ctx, "nichts")
	wantCode(t, err, geo.ENOTFOUND)
}

func testFundingMilestonesAppendOnly(t *testing.T, f *fundFixture) {
	ctx := context.Background()
	p := f.project(t, "P")
	p = f.mustMilestone(t, p, campaigns.MilestoneBranchendialog, "2025-09-01")
	p = f.mustMilestone(t, p, campaigns.MilestoneSurveyPublished, "2025-10-01")
	if p.Version != 3 || len(p.Milestones) != 2 || p.Milestones[0].ID == 0 || p.Milestones[1].Day != day("2025-10-01") ||
		p.Milestones[0].EnteredBy != "test" || p.Milestones[0].EnteredAt.IsZero() {
		t.Fatalf("after two milestones: %+v", p)
	}
	// A milestone before its predecessor is refused and changes nothing.
	_, err := f.milestone(p, campaigns.MilestoneEvent{Kind: campaigns.MilestoneSurveyClosed, Day: day("2025-09-15")}, nil)
	wantCode(t, err, geo.EINVALID)
	// Changing a recorded milestone is refused by the store itself.
	_, err = f.fs.UpdateFundingProject(ctx, p.ID, p.Version, func(q *campaigns.FundingProject) error {
		q.Milestones[0].Day = day("2025-08-01")
		return nil
	})
	wantCode(t, err, geo.EINVALID)
	// A correction is a new event naming the old one.
	first := p.Milestones[0]
	p, err = f.milestone(p, campaigns.MilestoneEvent{Kind: campaigns.MilestoneBranchendialog, Day: day("2025-08-20"), Corrects: first.ID, Note: "Tippfehler"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Milestones) != 3 || p.Milestones[0] != first || p.Milestones[2].Corrects != first.ID {
		t.Fatalf("record after the correction: %+v", p.Milestones)
	}
	if e, ok := p.Reached(campaigns.MilestoneBranchendialog); !ok || e.Day != day("2025-08-20") || e.Note != "Tippfehler" {
		t.Errorf("effective Branchendialog = %+v", e)
	}
	got, err := f.fs.FundingProject(ctx, p.ID)
	if err != nil || !reflect.DeepEqual(got, p) {
		t.Errorf("read back:\n got %+v\nwant %+v", got, p)
	}
}

func testFundingVersionConflict(t *testing.T, f *fundFixture) {
	p := f.project(t, "P")
	if _, err := f.milestone(p, campaigns.MilestoneEvent{Kind: campaigns.MilestoneBranchendialog, Day: day("2025-09-01")}, nil); err != nil {
		t.Fatal(err)
	}
	_, err := f.milestone(p, campaigns.MilestoneEvent{Kind: campaigns.MilestoneBranchendialog, Day: day("2025-09-02")}, nil)
	wantCode(t, err, geo.ECONFLICT)

	// Two writers of one version: exactly one wins.
	q, err := f.fs.FundingProject(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.milestone(q, campaigns.MilestoneEvent{Kind: campaigns.MilestoneSurveyPublished, Day: day("2025-10-01")}, nil)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch geo.ErrorCode(err) {
		case "":
			won++
		case geo.ECONFLICT:
		default:
			t.Errorf("concurrent writer: %v", err)
		}
	}
	if got, _ := f.fs.FundingProject(context.Background(), p.ID); won != 1 || len(got.Milestones) != 2 {
		t.Errorf("%d writers won, %d milestones; want 1 and 2", won, len(got.Milestones))
	}
}

func testFundingFreezeAndCoverage(t *testing.T, f *fundFixture) {
	ctx := context.Background()
	w1, w2, e1 := f.addr["w1"].ID, f.addr["w2"].ID, f.addr["e1"].ID
	missed := f.create(t, "Vorvermarktung West", "West")
	if _, err := f.svc.SetStatus(ctx, missed, campaigns.StatusMissed, campaigns.Decision{}); err != nil {
		t.Fatal(err)
	}
	p := f.project(t, "Ortsteile West")
	for _, m := range []campaigns.Milestone{campaigns.MilestoneBranchendialog, campaigns.MilestoneSurveyPublished, campaigns.MilestoneSurveyClosed} {
		p = f.mustMilestone(t, p, m, "2025-11-03")
	}
	// A failing freeze (an address that does not exist) leaves the
	// project as it was.
	if _, err := f.milestone(p, campaigns.MilestoneEvent{Kind: campaigns.MilestoneApplication, Day: day("2026-02-12")}, []int64{w1, 99999}); err == nil {
		t.Fatal("freeze with an unknown address: no error")
	}
	if got, _ := f.fs.FundingProject(ctx, p.ID); got.Version != p.Version || len(got.Milestones) != 3 || got.Addresses != nil {
		t.Fatalf("after the failed freeze: %+v", got)
	}
	p = f.mustMilestone(t, p, campaigns.MilestoneApplication, "2026-02-12", w2, w1, w1)
	if !slices.Equal(p.Addresses, []int64{min(w1, w2), max(w1, w2)}) || p.FrozenOn != day("2026-02-12") {
		t.Fatalf("frozen area %v on %v", p.Addresses, p.FrozenOn)
	}
	_, err := f.fs.UpdateFundingProject(ctx, p.ID, p.Version, func(q *campaigns.FundingProject) error {
		q.Addresses = append(q.Addresses, e1)
		return nil
	})
	wantCode(t, err, geo.EINVALID)
	if ps, err := f.fs.FundingProjectsOfAddress(ctx, w1); err != nil || len(ps) != 1 || ps[0].ID != p.ID {
		t.Errorf("FundingProjectsOfAddress(w1) = %v, %v", ps, err)
	}
	if ps, err := f.fs.FundingProjectsOfAddress(ctx, e1); err != nil || len(ps) != 0 {
		t.Errorf("FundingProjectsOfAddress(e1) = %v, %v", ps, err)
	}

	// The applied project ranks above the missed campaign.
	cov, err := f.svc.Coverage(ctx, w1)
	if err != nil {
		t.Fatal(err)
	}
	if cov.State != campaigns.CoverageFunding || cov.FundingProject != "Ortsteile West" || len(cov.Campaigns) != 2 ||
		cov.Message != "Förderprojekt beantragt am 12.02.2026, Bescheid steht aus" {
		t.Errorf("coverage in the applied project: %+v", cov)
	}
	if cov, _ := f.svc.Coverage(ctx, e1); cov.State != campaigns.CoverageNone {
		t.Errorf("coverage outside: %+v", cov)
	}
	p = f.mustMilestone(t, p, campaigns.MilestoneProvisional, "2026-02-20")
	p = f.mustMilestone(t, p, campaigns.MilestoneTender, "2026-02-27")
	if cov, _ := f.svc.Coverage(ctx, w1); cov.Message != "Förderprojekt bewilligt am 20.02.2026; Ausschreibung läuft" {
		t.Errorf("in tender: %q", cov.Message)
	}
	// A provider's build commitment ranks above the funding project.
	second := f.create(t, "Zweiter Anlauf", "West")
	for _, st := range []campaigns.Status{campaigns.StatusReached, campaigns.StatusCommitted} {
		var err error
		if second, err = f.svc.SetStatus(ctx, second, st, campaigns.Decision{Override: true, Reason: "Test"}); err != nil {
			t.Fatal(err)
		}
	}
	if cov, _ := f.svc.Coverage(ctx, w1); cov.State != campaigns.CoverageCommitted || cov.FundingProject != "" || len(cov.Campaigns) != 3 {
		t.Errorf("committed campaign and funding project: %+v", cov)
	}
	_ = p
}

func testFundingBudget(t *testing.T, f *fundFixture) {
	ctx := context.Background()
	p := f.project(t, "P")
	b := campaigns.Budget{Total: 100_000_00, Lines: []campaigns.BudgetLine{
		{Share: campaigns.ShareKommune, Approved: 10_000_00, Actual: 2_500_00},
		{Share: campaigns.ShareBund, Approved: 50_000_00, Actual: 12_345_67},
		{Share: campaigns.ShareLand, Approved: 40_000_00},
	}, Years: []campaigns.YearAmount{{Year: 2027, Cents: 6_000_00}, {Year: 2026, Cents: 4_000_00}}}
	p, err := f.fs.UpdateFundingProject(ctx, p.ID, p.Version, func(q *campaigns.FundingProject) error { q.Budget = b; return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := campaigns.Budget{Total: b.Total, Lines: []campaigns.BudgetLine{b.Lines[1], b.Lines[2], b.Lines[0]},
		Years: []campaigns.YearAmount{b.Years[1], b.Years[0]}}
	if !reflect.DeepEqual(p.Budget, want) {
		t.Errorf("budget read back:\n got %+v\nwant %+v", p.Budget, want)
	}
	bad := b
	bad.Total = 100_000_01
	_, err = f.fs.UpdateFundingProject(ctx, p.ID, p.Version, func(q *campaigns.FundingProject) error { q.Budget = bad; return nil })
	wantCode(t, err, geo.EINVALID)
	if got, _ := f.fs.FundingProject(ctx, p.ID); got.Version != p.Version || !reflect.DeepEqual(got.Budget, want) {
		t.Errorf("after the refused budget: %+v", got)
	}
}
