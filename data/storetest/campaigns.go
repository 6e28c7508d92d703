package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Store is a store that keeps both addresses and campaigns.
type Store interface {
	geo.Store
	campaigns.Store
}

// RunCampaigns runs the campaign part of the suite; each subtest gets its
// own store from open.
func RunCampaigns(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, f *campFixture)
	}{
		{"CreateAndRead", testCampaignCreateAndRead},
		{"UpdateVersionConflict", testCampaignUpdateConflict},
		{"UpdateFields", testCampaignUpdateFields},
		{"EntriesAppendOnly", testEntriesAppendOnly},
		{"EntryBasedOnConflict", testEntryBasedOnConflict},
		{"EntriesConcurrent", testEntriesConcurrent},
		{"AddEntriesAllOrNone", testAddEntriesAllOrNone},
		{"DenominatorsAndBuildArea", testDenominatorsAndBuildArea},
		{"FacilityContracts", testFacilityContracts},
		{"CreatedAtKept", testCampaignCreatedAtKept},
		{"EntryEnteredAtKept", testEntryEnteredAtKept},
		{"CoverageRule", testCoverageRule},
		{"ProgressMoves", testProgressMoves},
		{"ProgressAllOrNone", testProgressAllOrNone},
		{"Sites", testSites},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, newCampFixture(t, s))
		})
	}
}

// campFixture: districts West [0,1]×[0,1] and East [1,2]×[0,1], a build
// area [0.5,1.5]×[0,1] straddling both, and addresses:
//
//	w1 (0.25,0.5) West, 10 households
//	w2 (0.75,0.5) West + build area, 20 households, public facility
//	e1 (1.25,0.5) East + build area, 30 households
//	e2 (1.75,0.5) East, 40 households, 2 businesses
type campFixture struct {
	s     Store
	svc   *campaigns.Service
	addr  map[string]geo.Address
	today time.Time
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func newCampFixture(t *testing.T, s Store) *campFixture {
	t.Helper()
	ctx := context.Background()
	mustImportAreas(t, s,
		geo.Area{Kind: geo.KindDistrict, Name: "West", Geometry: Square(0, 0, 1, 1)},
		geo.Area{Kind: geo.KindDistrict, Name: "East", Geometry: Square(1, 0, 2, 1)},
		geo.Area{Kind: geo.KindBuildArea, Name: "Build", Geometry: Square(0.5, 0, 1.5, 1)},
	)
	mk := func(key string, x float64, hh, biz int, typ geo.AddressType) geo.Address {
		a := Addr(key, "Weg", key[1:], hh, biz)
		a.Lon, a.Lat, a.Type = x, 0.5, typ
		return a
	}
	mustImportAddresses(t, s, mk("w1", 0.25, 10, 0, geo.TypePrivate), mk("w2", 0.75, 20, 0, geo.TypePublic),
		mk("e1", 1.25, 30, 0, geo.TypePrivate), mk("e2", 1.75, 40, 2, geo.TypePrivate))
	if _, err := (&geo.Service{Store: s}).Reassign(ctx); err != nil {
		t.Fatal(err)
	}
	f := &campFixture{s: s, addr: map[string]geo.Address{}, today: day("2026-03-02")}
	for _, k := range []string{"w1", "w2", "e1", "e2"} {
		f.addr[k] = byKey(t, s, k)
	}
	f.svc = &campaigns.Service{Geo: s, Store: s, Now: func() time.Time { return f.today.Add(9 * time.Hour) }}
	return f
}

func (f *campFixture) create(t *testing.T, name string, areas ...string) *campaigns.Campaign {
	t.Helper()
	c, err := f.svc.Create(context.Background(), campaigns.NewCampaign{Provider: "P", Name: name, Areas: areas,
		Threshold: 0.33, Start: day("2026-01-05"), Deadline: day("2026-03-30")})
	if err != nil {
		t.Fatalf("Create %s: %v", name, err)
	}
	return c
}

func (f *campFixture) add(t *testing.T, campaign, area, date string, n int, comment string) {
	t.Helper()
	if _, err := f.svc.AddEntry(context.Background(), campaigns.NewEntry{Campaign: campaign, Area: area, AsOf: day(date),
		Count: n, Comment: comment, EnteredBy: "test", BasedOn: -1}); err != nil {
		t.Fatalf("AddEntry %s %s %s %d: %v", campaign, area, date, n, err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := geo.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func testCampaignCreateAndRead(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "DG West-Ost", "West", "East")
	if c.ID == 0 || len(c.Areas) != 2 || c.Areas[0].AreaName != "West" || c.Areas[1].AreaKind != geo.KindDistrict {
		t.Fatalf("created campaign: %+v", c)
	}
	if c.Areas[0].Status != campaigns.StatusRunning {
		t.Errorf("a started campaign's areas are running, got %s", c.Areas[0].Status)
	}
	byName, err := f.s.CampaignByName(ctx, "dg west-ost")
	if err != nil || byName.ID != c.ID {
		t.Fatalf("CampaignByName case-insensitive: %v %+v", err, byName)
	}
	_, err = f.s.CampaignByName(ctx, "nope")
	wantCode(t, err, geo.ENOTFOUND)
	_, err = f.s.Campaign(ctx, 999)
	wantCode(t, err, geo.ENOTFOUND)
	_, err = f.svc.Create(ctx, campaigns.NewCampaign{Provider: "Q", Name: "DG WEST-OST", Areas: []string{"West"},
		Threshold: 0.4, Start: day("2026-01-05"), Deadline: day("2026-03-30")})
	wantCode(t, err, geo.ECONFLICT)
	_, err = f.svc.Create(ctx, campaigns.NewCampaign{Provider: "Q", Name: "X", Areas: []string{"Atlantis"},
		Threshold: 0.4, Start: day("2026-01-05"), Deadline: day("2026-03-30")})
	wantCode(t, err, geo.ENOTFOUND)
	all, err := f.s.Campaigns(ctx)
	if err != nil || len(all) != 1 {
		t.Fatalf("Campaigns: %v, %d", err, len(all))
	}
	// A rename onto another campaign's name that passes the service's
	// check (two people at once) is refused by the store in the same
	// words, so the office's form shows it at the name.
	other := f.create(t, "Zweite", "West")
	_, err = f.s.UpdateCampaign(ctx, other.ID, other.Version, func(c *campaigns.Campaign) error { c.Name = "dg west-ost"; return nil })
	wantCode(t, err, geo.ECONFLICT)
	if msg := geo.ErrorMessage(err); !strings.HasPrefix(msg, "Es gibt schon eine Kampagne") {
		t.Errorf("rename onto an existing name: %q", msg)
	}
}

func testCampaignUpdateConflict(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "C", "West")
	// Two people load the campaign; the first extends, the second's change
	// is refused instead of overwriting.
	first, second := *c, *c
	if _, err := f.svc.Extend(ctx, &first, day("2026-04-30"), campaigns.Decision{Reason: "mehr Zeit"}); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.SetStatus(ctx, &second, campaigns.StatusMissed, campaigns.Decision{})
	wantCode(t, err, geo.ECONFLICT)
	got, err := f.s.Campaign(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Areas[0].Status != campaigns.StatusExtended || !got.CurrentDeadline().Equal(day("2026-04-30")) || got.Version != c.Version+1 {
		t.Errorf("after extension: status %s, deadline %s, version %d", got.Areas[0].Status, got.CurrentDeadline(), got.Version)
	}
	// Illegal transitions are refused and change nothing.
	_, err = f.svc.SetStatus(ctx, got, campaigns.StatusLive, campaigns.Decision{})
	wantCode(t, err, geo.EINVALID)
	again, _ := f.s.Campaign(ctx, c.ID)
	if again.Version != got.Version {
		t.Errorf("refused transition bumped the version")
	}
}

func testEntriesAppendOnly(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "C", "West")
	f.add(t, "C", "West", "2026-01-12", 5, "")
	f.add(t, "C", "West", "2026-01-19", 9, "")
	f.add(t, "C", "West", "2026-01-19", 8, "Tippfehler korrigiert") // supersedes 9
	es, err := f.s.Entries(ctx, c.ID, 0)
	if err != nil || len(es) != 3 {
		t.Fatalf("Entries: %v, %d entries, want 3", err, len(es))
	}
	if es[1].Count != 9 || es[2].Count != 8 || es[2].Comment != "Tippfehler korrigiert" || es[2].EnteredBy != "test" || es[2].EnteredAt.IsZero() {
		t.Errorf("history: %+v", es)
	}
	h := campaigns.Effective(es)
	if len(h) != 2 || h[1].Count != 8 {
		t.Errorf("effective history %v", h)
	}
	// A later count below the latest one needs a comment.
	_, err = f.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: "C", Area: "West", AsOf: day("2026-01-26"), Count: 7, BasedOn: -1})
	wantCode(t, err, geo.EINVALID)
	// Counts above the denominator (West: 30 households) are refused.
	_, err = f.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: "C", Area: "West", AsOf: day("2026-01-26"), Count: 31, BasedOn: -1})
	wantCode(t, err, geo.EINVALID)
	// Future dates are refused.
	_, err = f.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: "C", Area: "West", AsOf: f.today.AddDate(0, 0, 1), Count: 10, BasedOn: -1})
	wantCode(t, err, geo.EINVALID)
	if es2, _ := f.s.Entries(ctx, c.ID, 0); len(es2) != 3 {
		t.Errorf("refused entries were stored: %d entries", len(es2))
	}
}

func testEntryBasedOnConflict(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "C", "West")
	// Both saw no entry; both enter. The second is told, not silently superseding.
	e1, err := f.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: "C", Area: "West", AsOf: day("2026-01-12"), Count: 5, BasedOn: 0})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: "C", Area: "West", AsOf: day("2026-01-12"), Count: 6, BasedOn: 0})
	wantCode(t, err, geo.ECONFLICT)
	if _, err := f.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: "C", Area: "West", AsOf: day("2026-01-12"), Count: 6, BasedOn: e1.ID}); err != nil {
		t.Fatalf("entry based on the latest: %v", err)
	}
	es, _ := f.s.Entries(ctx, c.ID, 0)
	if len(es) != 2 {
		t.Errorf("%d entries, want 2", len(es))
	}
}

func testEntriesConcurrent(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "C", "West", "East")
	// 40 entries from 8 goroutines at once: none is lost.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			area := []string{"West", "East"}[g%2]
			for i := range 5 {
				_, err := f.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: "C", Area: area, AsOf: day("2026-01-12").AddDate(0, 0, g*5+i),
					Count: g + i, Comment: fmt.Sprintf("g%d i%d", g, i), BasedOn: -1})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent AddEntry: %v", err)
		}
	}
	es, err := f.s.Entries(ctx, c.ID, 0)
	if err != nil || len(es) != 40 {
		t.Fatalf("Entries: %v, %d, want 40", err, len(es))
	}
	// Five people all based on the same latest entry: exactly one wins,
	// the others get a conflict.
	latest := map[int64]int64{}
	for _, e := range es {
		latest[e.AreaID] = max(latest[e.AreaID], e.ID)
	}
	west := c.Areas[0].AreaID
	var ok, conflict int
	var mu sync.Mutex
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.AddEntry(ctx, campaigns.NewEntry{Campaign: "C", Area: "West", AsOf: day("2026-02-20"), Count: 30, BasedOn: latest[west]})
			mu.Lock()
			defer mu.Unlock()
			switch geo.ErrorCode(err) {
			case "":
				ok++
			case geo.ECONFLICT:
				conflict++
			default:
				t.Errorf("AddEntry: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 1 || conflict != 4 {
		t.Errorf("%d succeeded, %d conflicts; want 1 and 4", ok, conflict)
	}
}

func testAddEntriesAllOrNone(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "C", "West", "East")
	where := func(i int) string { return fmt.Sprintf("row %d", i+1) }
	batch := []campaigns.NewEntry{
		{Campaign: "C", Area: "West", AsOf: day("2026-01-12"), Count: 5},
		{Campaign: "C", Area: "East", AsOf: day("2026-01-12"), Count: 7},
		{Campaign: "C", Area: "West", AsOf: day("2026-01-19"), Count: 4}, // below row 1 without a comment
	}
	err := f.svc.AddEntries(ctx, batch, where)
	wantCode(t, err, geo.EINVALID)
	if es, _ := f.s.Entries(ctx, c.ID, 0); len(es) != 0 {
		t.Fatalf("a failed batch stored %d entries", len(es))
	}
	if got := err.Error(); got[:5] != "row 3" {
		t.Errorf("error %q does not name row 3", got)
	}
	batch[2].Comment = "2 Widerrufe"
	if err := f.svc.AddEntries(ctx, batch, where); err != nil {
		t.Fatal(err)
	}
	if es, _ := f.s.Entries(ctx, c.ID, 0); len(es) != 3 {
		t.Errorf("%d entries, want 3", len(es))
	}
}

func testDenominatorsAndBuildArea(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c, err := f.svc.Create(ctx, campaigns.NewCampaign{Provider: "P", Name: "B", Areas: []string{"West", "East"}, BuildArea: "Build",
		Threshold: 0.33, Start: day("2026-01-05"), Deadline: day("2026-03-30"), CountFacilities: true})
	if err != nil {
		t.Fatal(err)
	}
	west, east := c.Areas[0], c.Areas[1]
	d, err := f.s.Denominators(ctx, c.ID, west.AreaID, 0)
	if err != nil || d != (campaigns.Denominators{Households: 30, Businesses: 0, Buildings: 2}) {
		t.Errorf("West whole: %+v %v", d, err)
	}
	d, _ = f.s.Denominators(ctx, c.ID, east.AreaID, east.BuildAreaID)
	if d != (campaigns.Denominators{Households: 30, Buildings: 1}) {
		t.Errorf("East within build area: %+v", d)
	}
	if err := f.s.SetFacilityContract(ctx, c.ID, f.addr["w2"].ID, true, day("2026-02-01")); err != nil {
		t.Fatal(err)
	}
	wantCode(t, f.s.SetFacilityContract(ctx, c.ID, f.addr["w1"].ID, true, day("2026-02-01")), geo.EINVALID)
	d, _ = f.s.Denominators(ctx, c.ID, west.AreaID, west.BuildAreaID)
	if d != (campaigns.Denominators{Households: 20, Buildings: 1, Facilities: 1}) {
		t.Errorf("West within build area with facility: %+v", d)
	}
	// The whole area (its kept totals) counts the facility too.
	d, _ = f.s.Denominators(ctx, c.ID, west.AreaID, 0)
	if d != (campaigns.Denominators{Households: 30, Buildings: 2, Facilities: 1}) {
		t.Errorf("West whole with facility: %+v", d)
	}
	if d, err := f.s.Denominators(ctx, c.ID, 999_999, 0); err != nil || d != (campaigns.Denominators{}) {
		t.Errorf("an unknown area: %+v %v", d, err)
	}
	out, err := f.s.AddressesOutside(ctx, west.AreaID, west.BuildAreaID)
	if err != nil || len(out) != 1 || out[0].Key != "w1" {
		t.Errorf("West outside build area: %v %v", keys(out), err)
	}
	out, _ = f.s.AddressesOutside(ctx, west.BuildAreaID, west.AreaID)
	if len(out) != 1 || out[0].Key != "e1" {
		t.Errorf("build area outside West: %v", keys(out))
	}
	// An address outside the build area is not covered by the campaign.
	acs, _ := f.s.CampaignsOfAddress(ctx, f.addr["w1"].ID)
	if len(acs) != 0 {
		t.Errorf("w1 lies outside the build area but has campaigns %v", acs)
	}
	acs, _ = f.s.CampaignsOfAddress(ctx, f.addr["e1"].ID)
	if len(acs) != 1 || acs[0].AreaID != east.AreaID {
		t.Errorf("e1: %+v", acs)
	}
	// Figures: the facility counts toward West's quota.
	f.add(t, "B", "West", "2026-02-02", 3, "")
	figs, err := f.svc.Figures(ctx, c, day("2026-02-02"))
	if err != nil {
		t.Fatal(err)
	}
	w := figs.Areas[0]
	if w.Denominator != 20 || w.Signed != 4 || w.Facilities != 1 || w.Needed != 3 {
		t.Errorf("West figures: %+v", w)
	}
	if figs.Total.Denominator != 50 || figs.Total.Signed != 4 {
		t.Errorf("total: %+v", figs.Total)
	}
}

func testCoverageRule(t *testing.T, f *campFixture) {
	ctx := context.Background()
	w1 := f.addr["w1"].ID
	cov, err := f.svc.Coverage(ctx, w1)
	if err != nil || cov.State != campaigns.CoverageNone || cov.Message != "noch keine Planung" {
		t.Fatalf("no campaign: %+v %v", cov, err)
	}
	first := f.create(t, "Erster Versuch", "West")
	if _, err := f.svc.SetStatus(ctx, first, campaigns.StatusMissed, campaigns.Decision{}); err != nil {
		t.Fatal(err)
	}
	cov, _ = f.svc.Coverage(ctx, w1)
	if cov.State != campaigns.CoverageFundingCandidate {
		t.Errorf("missed campaign: %s", cov.State)
	}
	f.create(t, "Zweiter Versuch", "West")
	f.add(t, "Zweiter Versuch", "West", "2026-02-23", 8, "")
	cov, _ = f.svc.Coverage(ctx, w1)
	if cov.State != campaigns.CoveragePreMarketing || cov.Campaign != "Zweiter Versuch" || cov.Needed != 2 || len(cov.Campaigns) != 2 {
		t.Errorf("second attempt running: %+v", cov)
	}
	if want := "Vorvermarktung läuft: 26,6 % von 33 %, noch 2 Verträge bis 30.03.2026"; cov.Message != want {
		t.Errorf("message %q, want %q", cov.Message, want)
	}
	_, err = f.svc.Coverage(ctx, 9999)
	wantCode(t, err, geo.ENOTFOUND)
}
