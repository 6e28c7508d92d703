package storetest

import (
	"context"
	"strings"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// committed creates campaign name over West and East with West decided
// reached and then committed on 2026-02-01 (against the figures, with a
// reason).
func (f *campFixture) committed(t *testing.T, name string) *campaigns.Campaign {
	t.Helper()
	ctx := context.Background()
	c := f.create(t, name, "West", "East")
	d := campaigns.Decision{On: day("2026-02-01"), By: "test", Reason: "Zusage des Anbieters", Override: true}
	c, err := f.svc.SetStatus(ctx, c, campaigns.StatusReached, d, "West")
	if err != nil {
		t.Fatal(err)
	}
	if c, err = f.svc.SetStatus(ctx, c, campaigns.StatusCommitted, d, "West"); err != nil {
		t.Fatal(err)
	}
	return c
}

func statusOf(c *campaigns.Campaign, area string) campaigns.Status {
	a, _ := c.AreaByName(area)
	return a.Status
}

// testProgressMoves: reports are appended; the first homes passed move a
// committed area to construction and enough activated homes to live,
// each a dated status event; an area not committed does not move; the
// expected completion is kept with its history; the citizens' answer
// follows.
func testProgressMoves(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.committed(t, "Bau")
	rows := []campaigns.ProgressRow{
		{Line: 2, Area: "West", AsOf: day("2026-02-10")},
		{Line: 3, Area: "West", AsOf: day("2026-02-15"), Passed: 5, Connected: 2, Activated: 1, ExpectedCompletion: day("2027-06-30")},
		{Line: 4, Area: "east", Street: "Weg", AsOf: day("2026-02-15"), Passed: 3},
	}
	res, err := f.svc.AddProgress(ctx, c, "bau.csv", rows, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Moves) != 1 || res.Moves[0].ToStatus() != campaigns.StatusConstruction || !res.Moves[0].Effective.Equal(day("2026-02-15")) {
		t.Fatalf("moves = %+v", res.Moves)
	}
	if got := res.MovesGerman(); len(got) != 1 || got[0] != "West: Ausbau zugesagt → im Bau ab 15.02.2026" {
		t.Errorf("MovesGerman = %q", got)
	}
	stored, err := f.s.Campaign(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if statusOf(stored, "West") != campaigns.StatusConstruction || statusOf(stored, "East") != campaigns.StatusRunning {
		t.Errorf("statuses after the reports: West %s, East %s", statusOf(stored, "West"), statusOf(stored, "East"))
	}
	if stored.Version != c.Version+1 {
		t.Errorf("version %d, want %d", stored.Version, c.Version+1)
	}
	last, ok := stored.LastEvent(campaigns.EventStatus, f.areaID(t, stored, "West"), day("2026-02-15"))
	if !ok || last.ToStatus() != campaigns.StatusConstruction || !strings.Contains(last.Reason, "5 Homes Passed") || last.EnteredBy != "anna" {
		t.Errorf("the move's event: %+v", last)
	}
	ps, err := f.s.Progress(ctx, c.ID)
	if err != nil || len(ps) != 3 {
		t.Fatalf("Progress = %+v, %v", ps, err)
	}
	if p := ps[2]; p.Street != "Weg" || p.Passed != 3 || !p.AsOf.Equal(day("2026-02-15")) || p.Source != "bau.csv:4" || p.EnteredBy != "anna" {
		t.Errorf("stored report: %+v", p)
	}
	cov, err := f.svc.Coverage(ctx, f.addr["w1"].ID)
	if err != nil || cov.State != campaigns.CoverageConstruction || cov.Message != "Glasfaser im Bau, Fertigstellung voraussichtlich 2027" {
		t.Errorf("coverage in construction: %+v %v", cov.Message, err)
	}

	// The provider revises the completion and activates enough homes.
	f.today = day("2026-03-20")
	rows = []campaigns.ProgressRow{
		{Line: 2, Area: "West", AsOf: day("2026-03-01"), Passed: 10, Connected: 6, Activated: 3, ExpectedCompletion: day("2026-12-31")},
		{Line: 3, Area: "West", AsOf: day("2026-03-02"), Passed: 10, Connected: 6, Activated: 3, ExpectedCompletion: day("2026-12-31")},
	}
	res, err = f.svc.AddProgress(ctx, stored, "bau2.csv", rows, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Moves) != 1 || res.Moves[0].ToStatus() != campaigns.StatusLive || !res.Moves[0].Effective.Equal(day("2026-03-01")) {
		t.Fatalf("moves = %+v", res.Moves)
	}
	if res.Dates != 1 {
		t.Errorf("an unchanged expected date is recorded once: %d", res.Dates)
	}
	ds, err := f.s.BuildDates(ctx, c.ID)
	if err != nil || len(ds) != 2 || !ds[0].Expected.Equal(day("2027-06-30")) || !ds[1].Expected.Equal(day("2026-12-31")) ||
		ds[1].Kind != campaigns.BuildCompletion || !ds[1].Reported.Equal(day("2026-03-01")) {
		t.Fatalf("BuildDates = %+v, %v", ds, err)
	}
	builds, err := f.svc.Build(ctx, res.Campaign, day("2026-02-20"))
	if err != nil {
		t.Fatal(err)
	}
	west := builds[f.areaID(t, res.Campaign, "West")]
	if !west.ExpectedCompletion.Equal(day("2027-06-30")) || west.Passed != 5 || !west.StartedOn.Equal(day("2026-02-15")) || !west.LiveOn.IsZero() {
		t.Errorf("West as of 20.02.: %+v", west)
	}
	east := builds[f.areaID(t, res.Campaign, "East")]
	if east.Passed != 3 || len(east.Streets) != 1 {
		t.Errorf("East (street reports only) as of 20.02.: %+v", east)
	}
	cov, err = f.svc.Coverage(ctx, f.addr["w1"].ID)
	if err != nil || cov.State != campaigns.CoverageLive || cov.Message != "Glasfaser verfügbar seit 01.03.2026" {
		t.Errorf("coverage live: %+v %v", cov.Message, err)
	}
	_, err = f.s.Progress(ctx, 999)
	wantCode(t, err, geo.ENOTFOUND)
	_, err = f.s.BuildDates(ctx, 999)
	wantCode(t, err, geo.ENOTFOUND)
}

func (f *campFixture) areaID(t *testing.T, c *campaigns.Campaign, name string) int64 {
	t.Helper()
	a, ok := c.AreaByName(name)
	if !ok {
		t.Fatalf("campaign %s has no area %s", c.Name, name)
	}
	return a.AreaID
}

// testProgressAllOrNone: a bad last row, an unknown area or a date in
// the future change nothing: no report, no date, no status.
func testProgressAllOrNone(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.committed(t, "Bau")
	good := []campaigns.ProgressRow{
		{Line: 2, Area: "West", AsOf: day("2026-02-15"), Passed: 5, Connected: 2, Activated: 1, ExpectedStart: day("2026-02-01")},
		{Line: 3, Area: "East", AsOf: day("2026-02-15"), Passed: 3},
	}
	tests := []struct {
		name string
		bad  campaigns.ProgressRow
		want string
	}{
		{"activated above connected", campaigns.ProgressRow{Line: 4, Area: "West", AsOf: day("2026-02-16"), Passed: 5, Connected: 2, Activated: 3},
			"f.csv:4: Gebiet West: 3 aktiviert, aber nur 2 angeschlossen"},
		{"unknown area", campaigns.ProgressRow{Line: 4, Area: "Nord", AsOf: day("2026-02-16")}, "f.csv:4: das Gebiet \"Nord\" gehört nicht zur Kampagne Bau"},
		{"future", campaigns.ProgressRow{Line: 4, Area: "West", AsOf: day("2026-03-03")}, "f.csv:4: Gebiet West: das Datum 03.03.2026 liegt in der Zukunft"},
		{"before the start", campaigns.ProgressRow{Line: 4, Area: "West", AsOf: day("2025-12-31")}, "liegt vor dem Beginn der Kampagne"},
		{"no area in a campaign of two", campaigns.ProgressRow{Line: 4, AsOf: day("2026-02-16")}, "f.csv:4: das Gebiet fehlt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.AddProgress(ctx, c, "f.csv", append(append([]campaigns.ProgressRow{}, good...), tt.bad), "anna")
			if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.want) {
				t.Fatalf("error %v, want EINVALID with %q", err, tt.want)
			}
			ps, err := f.s.Progress(ctx, c.ID)
			if err != nil || len(ps) != 0 {
				t.Errorf("reports after the failed import: %+v %v", ps, err)
			}
			ds, err := f.s.BuildDates(ctx, c.ID)
			if err != nil || len(ds) != 0 {
				t.Errorf("dates after the failed import: %+v %v", ds, err)
			}
			stored, _ := f.s.Campaign(ctx, c.ID)
			if statusOf(stored, "West") != campaigns.StatusCommitted || stored.Version != c.Version {
				t.Errorf("campaign after the failed import: West %s, version %d", statusOf(stored, "West"), stored.Version)
			}
		})
	}
	// The store itself refuses a report of an area outside the campaign.
	_, err := f.s.AddProgress(ctx, c.ID, []campaigns.Progress{{AreaID: 99999, AsOf: day("2026-02-15")}}, nil,
		func(*campaigns.Campaign, []campaigns.Progress) ([]campaigns.Event, error) { return nil, nil })
	wantCode(t, err, geo.EINVALID)
	_, err = f.s.AddProgress(ctx, 999, nil, nil, func(*campaigns.Campaign, []campaigns.Progress) ([]campaigns.Event, error) { return nil, nil })
	wantCode(t, err, geo.ENOTFOUND)
}

// testSites: sites are added all or none with their first state, listed
// by name with their record, and change state as dated records.
func testSites(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "Schulen", "West")
	first := []campaigns.Site{
		{Name: "Grundschule West", Kind: "Schule", AddressID: f.addr["w2"].ID, CampaignID: c.ID,
			Changes: []campaigns.SiteChange{{State: campaigns.SiteOrdered, Effective: day("2026-02-01"), EnteredBy: "anna"}}},
		{Name: "Kita Sonnenschein", Kind: "Kita", ProjectID: 7,
			Changes: []campaigns.SiteChange{{State: campaigns.SitePlanned, Effective: day("2026-01-15")}}},
	}
	ids, err := f.s.AddSites(ctx, first)
	if err != nil || len(ids) != 2 || ids[0] == 0 {
		t.Fatalf("AddSites = %v, %v", ids, err)
	}
	// All or none: the second site's name exists (case-insensitive).
	_, err = f.s.AddSites(ctx, []campaigns.Site{{Name: "Rathaus", Kind: "Rathaus"}, {Name: "kita sonnenschein", Kind: "Kita"}})
	wantCode(t, err, geo.ECONFLICT)
	_, err = f.s.AddSites(ctx, []campaigns.Site{{Name: "Feuerwehr", Kind: "Feuerwehr", AddressID: 99999}})
	wantCode(t, err, geo.ENOTFOUND)
	if err := f.s.AddSiteChange(ctx, campaigns.SiteChange{SiteID: ids[0], State: campaigns.SiteConnected, Effective: day("2026-02-20")}); err != nil {
		t.Fatal(err)
	}
	err = f.s.AddSiteChange(ctx, campaigns.SiteChange{SiteID: 99999, State: campaigns.SiteConnected, Effective: day("2026-02-20")})
	wantCode(t, err, geo.ENOTFOUND)
	ss, err := f.s.Sites(ctx)
	if err != nil || len(ss) != 2 {
		t.Fatalf("Sites = %+v, %v", ss, err)
	}
	g := ss[0]
	if g.Name != "Grundschule West" || g.Kind != "Schule" || g.AddressID != f.addr["w2"].ID || g.CampaignID != c.ID || len(g.Changes) != 2 {
		t.Fatalf("first site: %+v", g)
	}
	if st, since := g.State(); st != campaigns.SiteConnected || !since.Equal(day("2026-02-20")) {
		t.Errorf("state = %s since %v", st, since)
	}
	if g.Changes[0].EnteredBy != "anna" || !g.Changes[0].Effective.Equal(day("2026-02-01")) {
		t.Errorf("first change: %+v", g.Changes[0])
	}
	if k := ss[1]; k.ProjectID != 7 || k.AddressID != 0 || k.CampaignID != 0 {
		t.Errorf("second site: %+v", k)
	}

	// The service: a state change dated before the last one is refused;
	// the views show the facility contract of the serving campaign.
	_, err = f.svc.SetSiteState(ctx, "kita sonnenschein", campaigns.SiteOrdered, campaigns.Decision{On: day("2026-01-10"), By: "anna"})
	wantCode(t, err, geo.EINVALID)
	if _, err := f.svc.SetSiteState(ctx, "Kita Sonnenschein", campaigns.SiteOrdered, campaigns.Decision{On: day("2026-02-10"), By: "anna"}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetFacilityContract(ctx, c.ID, f.addr["w2"].ID, true, day("2026-01-20")); err != nil {
		t.Fatal(err)
	}
	vs, err := f.svc.SiteViews(ctx)
	if err != nil || len(vs) != 2 {
		t.Fatalf("SiteViews = %+v, %v", vs, err)
	}
	if v := vs[0]; v.Campaign != "Schulen" || !v.ContractOn.Equal(day("2026-01-20")) || v.Address != "Weg 2" || v.State != campaigns.SiteConnected {
		t.Errorf("view of the school: %+v", v)
	}
	if v := vs[1]; v.State != campaigns.SiteOrdered || !v.Since.Equal(day("2026-02-10")) {
		t.Errorf("view of the Kita: %+v", v)
	}
}
