package demo_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/reports"
)

// TestLoadFunding: the demo's funding project covers the two parked
// Ortsteile, is applied for and awaits its approval, with a budget whose
// shares sum to the total; loading it twice changes nothing.
func TestLoadFunding(t *testing.T) {
	ctx := context.Background()
	today := time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)
	st, svc, town, p := loadFunding(t, today)
	if again, err := demo.LoadFunding(ctx, st, svc, town, today, reports.Source{Geo: st, Supply: st, Campaigns: svc}.EligibleByRule); err != nil || again.Version != p.Version {
		t.Errorf("second load: %v, version %d → %d", err, p.Version, again.Version)
	}
	if !strings.HasPrefix(p.Name, "Weiße Flecken ") || len(p.Areas) != 2 || len(p.Addresses) == 0 || p.Municipalities[0] != demo.TownAGS {
		t.Errorf("project: %s, areas %v, %d addresses", p.Name, p.Areas, len(p.Addresses))
	}
	if got, want := p.Phase(), "Förderantrag gestellt am 13.03.2026, Bescheid steht aus"; got != want {
		t.Errorf("phase %q, want %q", got, want)
	}
	f := p.Budget.Figures()
	if err := p.Budget.Validate(); err != nil || f.Approved != int64(len(p.Addresses))*demo.FundingCostPerAddress ||
		f.Rows[0].Part != 0.5 || f.Municipality != f.Approved/10 || len(f.Years) != 2 {
		t.Errorf("budget %+v: %v", f, err)
	}
	// The project area is the funding workbook's eligible list under the
	// project's survey on the day of the application, and not every
	// address of the two Ortsteile (cable in some streets).
	if p.SurveyID == 0 {
		t.Fatal("the project names no market survey")
	}
	app, _ := p.Reached(campaigns.MilestoneApplication)
	eligible, err := reports.Source{Geo: st, Supply: st, Campaigns: svc}.EligibleByRule(ctx, p, app.Day)
	if err != nil || !slices.Equal(eligible, p.Addresses) {
		t.Errorf("project area %d addresses, the workbook's eligible list %d (%v)", len(p.Addresses), len(eligible), err)
	}
	all := 0
	for _, id := range p.Areas {
		for _, err := range st.Addresses(ctx, geo.AddressFilter{AreaID: id}) {
			if err != nil {
				t.Fatal(err)
			}
			all++
		}
	}
	if len(p.Addresses) >= all {
		t.Errorf("all %d addresses of the Ortsteile eligible: the survey's cable answers count for nothing", all)
	}
	cov, err := svc.Coverage(ctx, p.Addresses[0])
	if err != nil || cov.State != campaigns.CoverageFunding || cov.Message != "Förderprojekt beantragt am 13.03.2026, Bescheid steht aus" {
		t.Errorf("coverage in the project area: %+v %v", cov, err)
	}
}

// loadFunding loads the demo county (demo.Load) into a new store with now
// as the clock and the loaders' today, and returns the town's funding
// project.
func loadFunding(t *testing.T, now time.Time) (*sqlite.Store, *campaigns.Service, *demo.Town, *campaigns.FundingProject) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	_, svc, err := demo.Load(ctx, st, now, func(svc *campaigns.Service) demo.Eligible {
		return reports.Source{Geo: st, Supply: st, Campaigns: svc}.EligibleByRule
	})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := st.FundingProjects(ctx)
	if err != nil || len(ps) != 1 {
		t.Fatalf("funding projects: %v, %v", ps, err)
	}
	town := demo.New(demo.DefaultSeed)
	p := ps[0]
	return st, svc, town, p
}

// TestLoadFundingBerlinDay: loaded at 00:30 in Berlin (23:30 UTC the day
// before), the demo dates its events from Berlin's day, the day the
// office's pages call today (campaigns.Today), not from the UTC day: the
// application three days ago is the 13th for a load on the 16th.
func TestLoadFundingBerlinDay(t *testing.T) {
	now := time.Date(2026, 3, 15, 23, 30, 0, 0, time.UTC) // 16.03.2026 00:30 in Berlin (CET)
	_, _, _, p := loadFunding(t, now)
	if got, want := p.Phase(), "Förderantrag gestellt am 13.03.2026, Bescheid steht aus"; got != want {
		t.Errorf("phase %q, want %q", got, want)
	}
	if want := time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC); !p.FrozenOn.Equal(want) {
		t.Errorf("frozen on %v, want %v", p.FrozenOn, want)
	}
}
