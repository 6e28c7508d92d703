package campaigns_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// addFacility adds a municipal facility (an address of type public, no
// households) in Nord to the fixture's store and returns its ID.
func (f *storeFixture) addFacility(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	a := geo.Address{Street: "Rathausplatz", HouseNumber: "1", Postcode: "77654", City: "Musterstadt", Lon: 7.93, Lat: 48.49, Type: geo.TypePublic}
	a.Key = geo.AddressKey(a)
	if _, err := f.svc.Geo.ImportAddresses(ctx, geo.Values([]geo.Address{a})); err != nil {
		t.Fatal(err)
	}
	if _, err := (&geo.Service{Store: f.svc.Geo}).Reassign(ctx); err != nil {
		t.Fatal(err)
	}
	for x, err := range f.svc.Geo.Addresses(ctx, geo.AddressFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if x.Street == "Rathausplatz" {
			return x.ID
		}
	}
	t.Fatal("facility not stored")
	return 0
}

// setStatus moves the named areas of c through the given statuses today,
// overriding the figures where they disagree (the fixtures set statuses
// without counts).
func (f *storeFixture) setStatus(t *testing.T, c *campaigns.Campaign, area string, to ...campaigns.Status) *campaigns.Campaign {
	t.Helper()
	for _, s := range to {
		var err error
		d := campaigns.Decision{Override: true, Reason: "Testfall ohne passende Zahlen"}
		if c, err = f.svc.SetStatus(context.Background(), c, s, d, area); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func areaFigures(t *testing.T, fig *campaigns.Figures, name string) campaigns.AreaFigures {
	t.Helper()
	for _, a := range fig.Areas {
		if a.AreaName == name {
			return a
		}
	}
	t.Fatalf("figures have no area %s", name)
	return campaigns.AreaFigures{}
}

// TestFiguresRules checks Figures against the rules documented at Figures,
// AreaFigures and derive on a campaign over Nord (100 households) and Süd
// (50 households), threshold 0.33, 05.01.–30.03.2026, today 16.02.2026:
//
//	Nord 02.02. 5, 09.02. 6   (target 33: far behind, no pace to make it)
//	Süd  26.01. 17            (target 17: reached)
func TestFiguresRules(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*storeFixture, *campaigns.Campaign) {
		f := newStoreFixture(t)
		c := f.create(t, "DG", 0.33, "Nord", "Süd")
		f.add(t, c, "Nord", "2026-02-02", 5, "amt")
		f.add(t, c, "Nord", "2026-02-09", 6, "amt")
		f.add(t, c, "Süd", "2026-01-26", 17, "amt")
		return f, c
	}
	tests := []struct {
		name  string
		asOf  string // "": zero, i.e. today
		areas map[string]campaigns.Status
		check func(t *testing.T, fig *campaigns.Figures)
	}{
		{
			name: "zero as-of date means today",
			check: func(t *testing.T, fig *campaigns.Figures) {
				if want := campaigns.Day(storeToday); !fig.AsOf.Equal(want) {
					t.Errorf("AsOf %s, want %s", fig.AsOf.Format(time.DateOnly), want.Format(time.DateOnly))
				}
				if n := areaFigures(t, fig, "Nord"); n.Signed != 6 {
					t.Errorf("Nord signed %d, want 6", n.Signed)
				}
			},
		},
		{
			name: "a past as-of date ignores later entries",
			asOf: "2026-02-05",
			check: func(t *testing.T, fig *campaigns.Figures) {
				if want := mustDay(t, "2026-02-05"); !fig.AsOf.Equal(want) {
					t.Errorf("AsOf %s, want 2026-02-05", fig.AsOf.Format(time.DateOnly))
				}
				n := areaFigures(t, fig, "Nord")
				if n.Signed != 5 || !n.LastEntry.Equal(mustDay(t, "2026-02-02")) || n.DaysLeft != 53 {
					t.Errorf("Nord signed %d, last entry %s, %d days left; want 5, 2026-02-02, 53", n.Signed, n.LastEntry.Format(time.DateOnly), n.DaysLeft)
				}
			},
		},
		{
			name: "totals: latest entry of any area, pooled history, not mixed",
			check: func(t *testing.T, fig *campaigns.Figures) {
				if want := mustDay(t, "2026-02-09"); !fig.Total.LastEntry.Equal(want) {
					t.Errorf("total last entry %s, want 2026-02-09", fig.Total.LastEntry.Format(time.DateOnly))
				}
				// Nord interpolated on 26.01.: 5 × 21/28 = 3.75, plus Süd's 17.
				want := []campaigns.Sample{{Date: mustDay(t, "2026-01-26"), Count: 21}, {Date: mustDay(t, "2026-02-02"), Count: 22}, {Date: mustDay(t, "2026-02-09"), Count: 23}}
				if !samplesEqual(fig.Total.History, want) {
					t.Errorf("pooled history %v, want %v", fig.Total.History, want)
				}
				if fig.Total.Signed != 23 || fig.Total.Denominator != 150 {
					t.Errorf("total %d of %d, want 23 of 150", fig.Total.Signed, fig.Total.Denominator)
				}
				if fig.Mixed || fig.Status != campaigns.StatusRunning {
					t.Errorf("status %s, mixed %v; want running, not mixed", fig.Status, fig.Mixed)
				}
			},
		},
		{
			name: "running areas: rating from the forecast, on track once the target is reached",
			check: func(t *testing.T, fig *campaigns.Figures) {
				n, s := areaFigures(t, fig, "Nord"), areaFigures(t, fig, "Süd")
				if n.Target != 33 || n.Needed != 27 || n.DaysLeft != 42 || n.Rating != campaigns.Unlikely {
					t.Errorf("Nord target %d, needed %d, %d days left, rating %s; want 33, 27, 42, unlikely", n.Target, n.Needed, n.DaysLeft, n.Rating)
				}
				if s.Target != 17 || s.Needed != 0 || s.Rating != campaigns.OnTrack || s.Forecast.Model != campaigns.ModelReached ||
					!s.Forecast.Date.Equal(mustDay(t, "2026-01-26")) {
					t.Errorf("Süd target %d, needed %d, rating %s, forecast %+v; want 17, 0, on track, reached on 26.01.", s.Target, s.Needed, s.Rating, s.Forecast)
				}
			},
		},
		{
			name:  "finished areas have no time left, no rating and only a reached forecast",
			areas: map[string]campaigns.Status{"Nord": campaigns.StatusMissed, "Süd": campaigns.StatusReached},
			check: func(t *testing.T, fig *campaigns.Figures) {
				n, s := areaFigures(t, fig, "Nord"), areaFigures(t, fig, "Süd")
				if n.DaysLeft != 0 || n.PaceNeeded != 0 || n.Rating != "" || n.Forecast.Model != campaigns.ModelNone || n.Forecast.Reachable {
					t.Errorf("missed Nord: %d days left, pace needed %v, rating %q, forecast %+v", n.DaysLeft, n.PaceNeeded, n.Rating, n.Forecast)
				}
				if s.DaysLeft != 0 || s.Rating != "" || s.Forecast.Model != campaigns.ModelReached {
					t.Errorf("reached Süd: %d days left, rating %q, forecast %+v", s.DaysLeft, s.Rating, s.Forecast)
				}
				if !fig.Mixed {
					t.Error("missed and reached areas: not mixed")
				}
			},
		},
		{
			name:  "one area reached: mixed, still running",
			areas: map[string]campaigns.Status{"Süd": campaigns.StatusReached},
			check: func(t *testing.T, fig *campaigns.Figures) {
				n := areaFigures(t, fig, "Nord")
				if !fig.Mixed || fig.Status != campaigns.StatusRunning {
					t.Errorf("status %s, mixed %v; want running, mixed", fig.Status, fig.Mixed)
				}
				if n.DaysLeft != 42 || n.Rating != campaigns.Unlikely {
					t.Errorf("running Nord: %d days left, rating %q", n.DaysLeft, n.Rating)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c := setup(t)
			for area, st := range tt.areas {
				c = f.setStatus(t, c, area, st)
			}
			var asOf time.Time
			if tt.asOf != "" {
				asOf = mustDay(t, tt.asOf)
			}
			fig, err := f.svc.Figures(ctx, c, asOf)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, fig)
		})
	}
}

// TestFiguresPlannedArea: a planned area is not finished: it shows its
// days left and a rating.
func TestFiguresPlannedArea(t *testing.T) {
	f := newStoreFixture(t)
	c := f.createWith(t, campaigns.NewCampaign{Name: "Später", Threshold: 0.33, Areas: []string{"Nord"}, Status: campaigns.StatusPlanned})
	fig, err := f.svc.Figures(context.Background(), c, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	n := areaFigures(t, fig, "Nord")
	if n.Status != campaigns.StatusPlanned || n.DaysLeft != 42 || n.Rating != campaigns.Unlikely || n.PaceNeeded == 0 {
		t.Errorf("planned Nord: status %s, %d days left, rating %q, pace needed %v; want planned, 42, unlikely, > 0", n.Status, n.DaysLeft, n.Rating, n.PaceNeeded)
	}
}

func samplesEqual(a, b []campaigns.Sample) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Date.Equal(b[i].Date) || a[i].Count != b[i].Count {
			return false
		}
	}
	return true
}

// TestFiguresFacilities: a municipal facility's signed contract counts
// toward the quota, from the start, only in a campaign that counts
// facilities. Nord: 100 households, threshold 0.05 (target 5), 4 signed.
func TestFiguresFacilities(t *testing.T) {
	tests := []struct {
		name       string
		count      bool // CountFacilities
		facilities int
		signed     int
		model      campaigns.Model
	}{
		{name: "facilities counted: the target is reached", count: true, facilities: 1, signed: 5, model: campaigns.ModelReached},
		{name: "facilities not counted", count: false, facilities: 0, signed: 4, model: campaigns.ModelLinear},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			f := newStoreFixture(t)
			rathaus := f.addFacility(t)
			c := f.createWith(t, campaigns.NewCampaign{Name: "K", Threshold: 0.05, Areas: []string{"Nord"}, CountFacilities: tt.count})
			f.add(t, c, "Nord", "2026-02-02", 4, "amt")
			if err := f.svc.Store.SetFacilityContract(ctx, c.ID, rathaus, true, mustDay(t, "2026-01-20")); err != nil {
				t.Fatal(err)
			}
			fig, err := f.svc.Figures(ctx, c, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			n := areaFigures(t, fig, "Nord")
			if n.Facilities != tt.facilities || n.Signed != tt.signed || n.Denominator != 100 || n.Target != 5 {
				t.Errorf("facilities %d, signed %d of %d (target %d); want %d, %d of 100 (target 5)", n.Facilities, n.Signed, n.Denominator, n.Target,
					tt.facilities, tt.signed)
			}
			if n.Forecast.Model != tt.model {
				t.Errorf("forecast %+v, want model %s", n.Forecast, tt.model)
			}
			if tt.model == campaigns.ModelReached && !n.Forecast.Date.Equal(mustDay(t, "2026-02-02")) {
				t.Errorf("reached on %s, want 2026-02-02 (4 counted + 1 facility)", n.Forecast.Date.Format(time.DateOnly))
			}
		})
	}
}

// TestServiceShapeSources: the shape is fitted from finished campaign
// areas (reached or beyond, or missed) with a history; running, planned
// and cancelled ones do not count, and without any the shape is
// LinearShape.
func TestServiceShapeSources(t *testing.T) {
	// finished makes a campaign of 12 weeks in autumn 2025 with a
	// surging course and moves Nord through the statuses.
	finished := func(t *testing.T, f *storeFixture, name string, to ...campaigns.Status) {
		start := mustDay(t, "2025-09-01")
		c := f.createWith(t, campaigns.NewCampaign{Name: name, Threshold: 0.33, Areas: []string{"Nord"}, Start: start, Deadline: start.AddDate(0, 0, 84)})
		for w, n := range []int{2, 3, 5, 6, 8, 10, 13, 17, 22, 29, 38, 50} {
			f.add(t, c, "Nord", start.AddDate(0, 0, 7*(w+1)).Format(time.DateOnly), n, "amt")
		}
		f.setStatus(t, c, "Nord", to...)
	}
	tests := []struct {
		name   string
		setup  func(t *testing.T, f *storeFixture)
		fitted bool
	}{
		{name: "no campaigns", setup: func(t *testing.T, f *storeFixture) {}},
		{name: "a running campaign with sign-ups", setup: func(t *testing.T, f *storeFixture) { finished(t, f, "Läuft") }},
		{name: "an extended campaign with sign-ups", setup: func(t *testing.T, f *storeFixture) {
			finished(t, f, "Verlängert", campaigns.StatusExtended)
		}},
		{name: "a cancelled campaign with sign-ups", setup: func(t *testing.T, f *storeFixture) {
			finished(t, f, "Abgebrochen", campaigns.StatusCancelled)
		}},
		{name: "a missed campaign", setup: func(t *testing.T, f *storeFixture) { finished(t, f, "Verfehlt", campaigns.StatusMissed) }, fitted: true},
		{name: "a live campaign", setup: func(t *testing.T, f *storeFixture) {
			finished(t, f, "Fertig", campaigns.StatusReached, campaigns.StatusCommitted, campaigns.StatusConstruction, campaigns.StatusLive)
		}, fitted: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newStoreFixture(t)
			tt.setup(t, f)
			s, err := f.svc.Shape(context.Background(), storeToday)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.fitted {
				if len(s) != len(campaigns.LinearShape) || s[0] != 0 || s[1] != 1 {
					t.Errorf("shape %v, want LinearShape", s)
				}
				return
			}
			if len(s) != campaigns.ShapeKnots || s[0] != 0 || s[len(s)-1] != 1 {
				t.Fatalf("shape %v, want a fitted one of %d knots", s, campaigns.ShapeKnots)
			}
			// The course surges: half the time gives well under half the sign-ups.
			if mid := s.At(0.5); mid <= 0.1 || mid >= 0.3 {
				t.Errorf("fitted shape at 0.5 = %v, want the course's 10/50 = 0.2", mid)
			}
		})
	}
}

// TestEntryStampedWithServiceClock: an entry's EnteredAt is the service's
// clock (pinned in tests) in UTC.
func TestEntryStampedWithServiceClock(t *testing.T) {
	f := newStoreFixture(t)
	c := f.create(t, "DG", 0.33, "Nord")
	f.add(t, c, "Nord", "2026-02-02", 5, "amt")
	log := f.log(t, c)
	if len(log) != 1 || !log[0].EnteredAt.Equal(storeToday) || log[0].EnteredAt.Location() != time.UTC {
		t.Errorf("log %+v, want one entry entered at %s", log, storeToday)
	}
}

// TestLatestCurrentIsLatestDate: Current is the effective count of the
// latest date, LatestID the entry entered last whatever its date.
func TestLatestCurrentIsLatestDate(t *testing.T) {
	f := newStoreFixture(t)
	c := f.create(t, "DG", 0.33, "Nord")
	f.add(t, c, "Nord", "2026-02-02", 20, "amt")
	later := f.add(t, c, "Nord", "2026-02-09", 25, "amt")
	f.add(t, c, "Nord", "2026-02-02", 18, "kollegin") // a back-dated correction
	log := f.log(t, c)
	latest, err := f.svc.Latest(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	l := latest[areaID(t, c, "Nord")]
	if l.Current.Count != 25 || !l.Current.AsOf.Equal(later.AsOf) {
		t.Errorf("current %d of %s, want 25 of 2026-02-09", l.Current.Count, l.Current.AsOf.Format(time.DateOnly))
	}
	if last := log[len(log)-1]; l.LatestID != last.ID || l.Latest.Count != 18 {
		t.Errorf("latest ID %d (count %d), want %d (18)", l.LatestID, l.Latest.Count, last.ID)
	}
}

// TestAddFormEntriesRows: a first count of 0 is a count; an invalid row
// anywhere in the form, also the last, saves nothing, and every invalid
// row is named.
func TestAddFormEntriesRows(t *testing.T) {
	tests := []struct {
		name    string
		counts  []int // Nord, Süd (households 100, 50)
		invalid []string
	}{
		{name: "first counts of 0", counts: []int{0, 0}},
		{name: "exactly the denominators", counts: []int{100, 50}},
		{name: "only the last row invalid", counts: []int{25, 51}, invalid: []string{"Süd"}},
		{name: "only the first row invalid", counts: []int{101, 10}, invalid: []string{"Nord"}},
		{name: "both rows invalid", counts: []int{101, 51}, invalid: []string{"Nord", "Süd"}},
		{name: "a negative count", counts: []int{-1, 10}, invalid: []string{"Nord"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newStoreFixture(t)
			c := f.create(t, "DG", 0.33, "Nord", "Süd")
			var rows []campaigns.FormEntry
			for i, a := range c.Areas {
				rows = append(rows, campaigns.FormEntry{AreaID: a.AreaID, Count: tt.counts[i]})
			}
			err := f.svc.AddFormEntries(context.Background(), c, storeToday, rows, "formular")
			log := f.log(t, c)
			if tt.invalid == nil {
				if err != nil || len(log) != 2 || log[0].Count != tt.counts[0] || log[1].Count != tt.counts[1] {
					t.Errorf("AddFormEntries: %v, log %+v; want both rows saved", err, log)
				}
				return
			}
			var re *campaigns.RowErrors
			if !errors.As(err, &re) || geo.ErrorCode(err) != geo.EINVALID || len(re.Rows) != len(tt.invalid) {
				t.Fatalf("AddFormEntries: %v, want a *RowErrors for %v", err, tt.invalid)
			}
			for _, name := range tt.invalid {
				if re.Rows[areaID(t, c, name)] == "" {
					t.Errorf("no message for %s: %v", name, re.Rows)
				}
			}
			if len(log) != 0 {
				t.Errorf("refused form saved %+v", log)
			}
			// The message lists the rows in the form's (area) order.
			if msg := err.Error(); len(tt.invalid) == 2 && strings.Index(msg, "Süd:") < strings.Index(msg, "Nord:") {
				t.Errorf("message %q lists Süd before Nord", msg)
			}
		})
	}
}

// TestSetStatusAllAreas: with no area named, every area changes.
func TestSetStatusAllAreas(t *testing.T) {
	f := newStoreFixture(t)
	c := f.create(t, "DG", 0.33, "Nord", "Süd")
	c, err := f.svc.SetStatus(context.Background(), c, campaigns.StatusExtended, campaigns.Decision{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range c.Areas {
		if a.Status != campaigns.StatusExtended {
			t.Errorf("%s is %s, want extended", a.AreaName, a.Status)
		}
	}
}

// TestSetProviderDenominator: the provider's figure replaces the
// overlay's in the quota, both are shown with their difference, and 0
// removes it; an unknown area is ENOTFOUND, a negative figure EINVALID.
func TestSetProviderDenominator(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		area     string
		n        int
		wantCode string
		den, pro int // Nord's denominator and provider figure afterwards
	}{
		{name: "provider figure", area: "Nord", n: 120, den: 120, pro: 120},
		{name: "case-insensitive area name", area: " nord ", n: 80, den: 80, pro: 80},
		{name: "0 removes it", area: "Nord", n: 0, den: 100, pro: 0},
		{name: "unknown area", area: "West", n: 120, wantCode: geo.ENOTFOUND, den: 110, pro: 110},
		{name: "negative", area: "Nord", n: -1, wantCode: geo.EINVALID, den: 110, pro: 110},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newStoreFixture(t)
			c := f.create(t, "DG", 0.33, "Nord", "Süd")
			c, err := f.svc.SetProviderDenominator(ctx, c, "Nord", 110, campaigns.Decision{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.svc.SetProviderDenominator(ctx, c, tt.area, tt.n, campaigns.Decision{})
			if geo.ErrorCode(err) != tt.wantCode {
				t.Fatalf("SetProviderDenominator: %v, want code %q", err, tt.wantCode)
			}
			if err == nil {
				c = got
			}
			fig, err := f.svc.Figures(ctx, c, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			n := areaFigures(t, fig, "Nord")
			diff := 0
			if tt.pro > 0 {
				diff = tt.pro - 100
			}
			if n.Denominator != tt.den || n.ProviderDenominator != tt.pro || n.OverlayDenominator != 100 || n.DenominatorDiff != diff {
				t.Errorf("Nord: denominator %d, provider %d, overlay %d, diff %d; want %d, %d, 100, %d", n.Denominator, n.ProviderDenominator,
					n.OverlayDenominator, n.DenominatorDiff, tt.den, tt.pro, diff)
			}
		})
	}
}

// TestAddAPIEntriesChecks covers the rules documented at AddAPIEntries on
// a fresh campaign (empty log): the batch size limit, the comment limit,
// the checks AddEntry makes (for any entry of the batch), and that the
// result names the IDs the entries were stored under.
func TestAddAPIEntriesChecks(t *testing.T) {
	e := func(area, date string, count int) campaigns.APIEntry {
		return campaigns.APIEntry{Area: area, Date: date, Count: &count}
	}
	many := func(n int) []campaigns.APIEntry {
		in := make([]campaigns.APIEntry, n)
		for i := range in {
			in[i] = e("Nord", "kein Datum", 1)
		}
		return in
	}
	withComment := func(n int) []campaigns.APIEntry {
		x := e("Nord", "2026-02-16", 5)
		x.Comment = strings.Repeat("ü", n)
		return []campaigns.APIEntry{x}
	}
	tests := []struct {
		name      string
		in        []campaigns.APIEntry
		wantIdx   []int // entries refused with *EntryErrors
		wantLimit bool  // refused as too many
	}{
		{name: "exactly MaxAPIEntries entries are checked one by one", in: many(campaigns.MaxAPIEntries), wantIdx: seq(campaigns.MaxAPIEntries)},
		{name: "one more than MaxAPIEntries", in: many(campaigns.MaxAPIEntries + 1), wantLimit: true},
		{name: "a comment of exactly MaxCommentLen characters", in: withComment(campaigns.MaxCommentLen)},
		{name: "a comment one character longer", in: withComment(campaigns.MaxCommentLen + 1), wantIdx: []int{0}},
		{name: "the only entry above the denominator", in: []campaigns.APIEntry{e("Nord", "2026-02-16", 101)}, wantIdx: []int{0}},
		{name: "the only entry in the future", in: []campaigns.APIEntry{e("Nord", "2026-02-17", 5)}, wantIdx: []int{0}},
		{name: "the last entry above the denominator", in: []campaigns.APIEntry{e("Süd", "2026-02-16", 25), e("Nord", "2026-02-16", 101)}, wantIdx: []int{1}},
		{name: "the first entry above the denominator", in: []campaigns.APIEntry{e("Nord", "2026-02-16", 101), e("Süd", "2026-02-16", 25)}, wantIdx: []int{0}},
		{name: "exactly the denominators", in: []campaigns.APIEntry{e("Nord", "2026-02-16", 100), e("Süd", "2026-02-16", 50)}},
		{name: "the same count for two areas", in: []campaigns.APIEntry{e("Nord", "2026-02-16", 25), e("Süd", "2026-02-16", 25)}},
		{name: "the same count on two dates", in: []campaigns.APIEntry{e("Süd", "2026-02-12", 25), e("Süd", "2026-02-16", 25)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newStoreFixture(t)
			c := f.create(t, "DG", 0.33, "Nord", "Süd")
			res, err := f.svc.AddAPIEntries(context.Background(), c, tt.in, "api")
			log := f.log(t, c)
			switch {
			case tt.wantLimit:
				var ee *campaigns.EntryErrors
				if geo.ErrorCode(err) != geo.EINVALID || errors.As(err, &ee) || !strings.Contains(err.Error(), "zu viele") {
					t.Errorf("error %v, want the batch refused as too large", err)
				}
			case tt.wantIdx != nil:
				var ee *campaigns.EntryErrors
				if !errors.As(err, &ee) || geo.ErrorCode(err) != geo.EINVALID || len(ee.Errors) != len(tt.wantIdx) {
					t.Fatalf("error %v, want an *EntryErrors for %d entries", err, len(tt.wantIdx))
				}
				for _, i := range tt.wantIdx {
					if ee.Errors[i] == "" {
						t.Errorf("entry %d not named: %v", i, ee.Errors)
					}
				}
			default:
				if err != nil {
					t.Fatalf("AddAPIEntries: %v", err)
				}
				if len(res.Added) != len(tt.in) || len(log) != len(tt.in) {
					t.Fatalf("%d added, %d stored; want %d", len(res.Added), len(log), len(tt.in))
				}
				for k, a := range res.Added {
					if a.ID == 0 || a.ID != log[k].ID || a.Count != log[k].Count || !a.AsOf.Equal(log[k].AsOf) || a.AreaID != log[k].AreaID {
						t.Errorf("result %d: %+v, stored as %+v", k, a, log[k])
					}
				}
				return
			}
			if len(log) != 0 {
				t.Errorf("refused post stored %+v", log)
			}
		})
	}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// interleavingStore runs meanwhile once just before the next write
// transaction (another person entering a count after the service has
// read what it needs), and records reads of denominators made while a
// write transaction is open.
type interleavingStore struct {
	campaigns.Store
	meanwhile func()

	mu          sync.Mutex
	inWrite     bool
	readsInside int
}

func (s *interleavingStore) beginWrite() {
	if m := s.meanwhile; m != nil {
		s.meanwhile = nil
		m()
	}
	s.mu.Lock()
	s.inWrite = true
	s.mu.Unlock()
}

func (s *interleavingStore) endWrite() {
	s.mu.Lock()
	s.inWrite = false
	s.mu.Unlock()
}

func (s *interleavingStore) AddEntry(ctx context.Context, e campaigns.Entry, basedOn int64, check func(*campaigns.Campaign, *campaigns.Entry) error) (campaigns.Entry, error) {
	s.beginWrite()
	defer s.endWrite()
	return s.Store.AddEntry(ctx, e, basedOn, check)
}

func (s *interleavingStore) AddEntries(ctx context.Context, es []campaigns.Entry, check func(int, *campaigns.Campaign, campaigns.Entry, *campaigns.Entry) error) error {
	s.beginWrite()
	defer s.endWrite()
	return s.Store.AddEntries(ctx, es, check)
}

func (s *interleavingStore) Denominators(ctx context.Context, campaignID, areaID, buildAreaID int64) (campaigns.Denominators, error) {
	s.mu.Lock()
	if s.inWrite {
		s.readsInside++
	}
	s.mu.Unlock()
	return s.Store.Denominators(ctx, campaignID, areaID, buildAreaID)
}

// interleaved returns a service on f's store whose writes run meanwhile
// first.
func (f *storeFixture) interleaved(meanwhile func()) (*campaigns.Service, *interleavingStore) {
	st := &interleavingStore{Store: f.svc.Store, meanwhile: meanwhile}
	return &campaigns.Service{Geo: f.svc.Geo, Store: st, Now: f.svc.Now}, st
}

// TestAddAPIEntriesChangedMeanwhile: when the log of the post's areas
// changes after the post was compared with it, before it is written, the
// post is compared again with the new log (and written, or refused, all or
// none): an identical repeat that got in first makes it "unchanged"
// (documented as 200, it was a 409), another count on its date contradicts
// it, an earlier one leaves it new.
func TestAddAPIEntriesChangedMeanwhile(t *testing.T) {
	n := 55
	post := []campaigns.APIEntry{{Area: "Nord", Date: "2026-02-16", Count: &n}}
	tests := []struct {
		name          string
		meanwhile     func(f *storeFixture, c *campaigns.Campaign)
		wantStale     bool
		wantAdded     int
		wantUnchanged int
	}{
		{"an earlier count meanwhile", func(f *storeFixture, c *campaigns.Campaign) { f.add(t, c, "Nord", "2026-02-10", 52, "kollegin") }, false, 1, 0},
		{"another count on the post's date", func(f *storeFixture, c *campaigns.Campaign) { f.add(t, c, "Nord", "2026-02-16", 53, "kollegin") }, true, 0, 0},
		{"the same post got in first", func(f *storeFixture, c *campaigns.Campaign) {
			if _, err := f.svc.AddAPIEntries(context.Background(), c, post, "api"); err != nil {
				t.Fatal(err)
			}
		}, false, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newStoreFixture(t)
			c := f.create(t, "DG", 0.33, "Nord", "Süd")
			f.add(t, c, "Nord", "2026-02-09", 50, "amt")
			svc, _ := f.interleaved(func() { tt.meanwhile(f, c) })
			before := len(f.log(t, c))
			res, err := svc.AddAPIEntries(context.Background(), c, post, "api")
			var se *campaigns.StaleError
			switch {
			case tt.wantStale:
				if !errors.As(err, &se) || geo.ErrorCode(err) != geo.ECONFLICT || se.Conflicts[0] == "" {
					t.Fatalf("error %v, want a *StaleError for entry 0", err)
				}
			case err != nil:
				t.Fatalf("AddAPIEntries: %v", err)
			case len(res.Added) != tt.wantAdded || res.Unchanged != tt.wantUnchanged:
				t.Errorf("added %d, unchanged %d; want %d, %d", len(res.Added), res.Unchanged, tt.wantAdded, tt.wantUnchanged)
			}
			meanwhileRows := 1
			if got := len(f.log(t, c)) - before - meanwhileRows; got != tt.wantAdded {
				t.Errorf("%d entries of the post stored, want %d", got, tt.wantAdded)
			}
		})
	}
}

// TestProviderFigureRemovedMeanwhile: the denominator that limits a count
// is the one in force when the count is written: if the provider's figure
// is removed meanwhile, the overlay's applies.
func TestProviderFigureRemovedMeanwhile(t *testing.T) {
	ctx := context.Background()
	f := newStoreFixture(t)
	c := f.create(t, "DG", 0.33, "Nord")
	c, err := f.svc.SetProviderDenominator(ctx, c, "Nord", 200, campaigns.Decision{})
	if err != nil {
		t.Fatal(err)
	}
	svc, _ := f.interleaved(func() {
		if _, err := f.svc.SetProviderDenominator(ctx, c, "Nord", 0, campaigns.Decision{}); err != nil {
			t.Error(err)
		}
	})
	_, err = svc.AddEntry(ctx, campaigns.NewEntry{Campaign: c.Name, Area: "Nord", AsOf: mustDay(t, "2026-02-16"), Count: 150, BasedOn: -1})
	if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(err.Error(), "größer als die Zahl der Haushalte") {
		t.Errorf("AddEntry of 150 with 100 households: %v, want EINVALID (above the denominator)", err)
	}
	if log := f.log(t, c); len(log) != 0 {
		t.Errorf("stored %+v", log)
	}
}

// TestNoDenominatorReadsInsideWrites: the checks inside a write
// transaction do not read through the store (see overlayDenominators):
// the denominators are read before, for every way of entering counts.
func TestNoDenominatorReadsInsideWrites(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		write func(t *testing.T, svc *campaigns.Service, c *campaigns.Campaign) error
	}{
		{name: "AddEntry, second area", write: func(t *testing.T, svc *campaigns.Service, c *campaigns.Campaign) error {
			_, err := svc.AddEntry(ctx, campaigns.NewEntry{Campaign: c.Name, Area: "Süd", AsOf: mustDay(t, "2026-02-16"), Count: 10, BasedOn: -1})
			return err
		}},
		{name: "AddEntry, first area", write: func(t *testing.T, svc *campaigns.Service, c *campaigns.Campaign) error {
			_, err := svc.AddEntry(ctx, campaigns.NewEntry{Campaign: c.Name, Area: "Nord", AsOf: mustDay(t, "2026-02-16"), Count: 10, BasedOn: -1})
			return err
		}},
		{name: "AddEntries", write: func(t *testing.T, svc *campaigns.Service, c *campaigns.Campaign) error {
			return svc.AddEntries(ctx, []campaigns.NewEntry{
				{Campaign: c.Name, Area: "Nord", AsOf: mustDay(t, "2026-02-16"), Count: 10, BasedOn: -1},
				{Campaign: c.Name, Area: "Süd", AsOf: mustDay(t, "2026-02-16"), Count: 10, BasedOn: -1},
			}, func(i int) string { return "zaehlungen.csv" })
		}},
		{name: "AddFormEntries", write: func(t *testing.T, svc *campaigns.Service, c *campaigns.Campaign) error {
			return svc.AddFormEntries(ctx, c, storeToday, []campaigns.FormEntry{{AreaID: c.Areas[0].AreaID, Count: 10}, {AreaID: c.Areas[1].AreaID, Count: 10}}, "formular")
		}},
		{name: "AddAPIEntries", write: func(t *testing.T, svc *campaigns.Service, c *campaigns.Campaign) error {
			n := 10
			_, err := svc.AddAPIEntries(ctx, c, []campaigns.APIEntry{{Area: "Süd", Date: "2026-02-16", Count: &n}, {Area: "Nord", Date: "2026-02-16", Count: &n}}, "api")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newStoreFixture(t)
			c := f.create(t, "DG", 0.33, "Nord", "Süd")
			svc, st := f.interleaved(nil)
			if err := tt.write(t, svc, c); err != nil {
				t.Fatal(err)
			}
			if st.readsInside != 0 {
				t.Errorf("%d denominator reads inside the write transaction", st.readsInside)
			}
			if n := len(f.log(t, c)); n == 0 {
				t.Error("nothing stored")
			}
		})
	}
}

// TestCoverageKeepsTheBetterEarlierCampaign: the best state wins whatever
// the campaigns' order; a better campaign with the lower ID is not
// replaced by a later, worse one.
func TestCoverageKeepsTheBetterEarlierCampaign(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, f *storeFixture)
		want  string
		state campaigns.CoverageState
	}{
		{
			name: "committed first, running second",
			setup: func(t *testing.T, f *storeFixture) {
				f.setStatus(t, f.create(t, "Zugesagt", 0.33, "Nord"), "Nord", campaigns.StatusReached, campaigns.StatusCommitted)
				f.create(t, "Läuft", 0.33, "Nord")
			},
			want: "Zugesagt", state: campaigns.CoverageCommitted,
		},
		{
			name: "running first, committed second",
			setup: func(t *testing.T, f *storeFixture) {
				f.create(t, "Läuft", 0.33, "Nord")
				f.setStatus(t, f.create(t, "Zugesagt", 0.33, "Nord"), "Nord", campaigns.StatusReached, campaigns.StatusCommitted)
			},
			want: "Zugesagt", state: campaigns.CoverageCommitted,
		},
		{
			name: "closer to its threshold first",
			setup: func(t *testing.T, f *storeFixture) {
				f.add(t, f.create(t, "Dreißig", 0.33, "Nord"), "Nord", "2026-02-09", 30, "amt")
				f.add(t, f.create(t, "Fünf", 0.33, "Nord"), "Nord", "2026-02-09", 5, "amt")
			},
			want: "Dreißig", state: campaigns.CoveragePreMarketing,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newStoreFixture(t)
			tt.setup(t, f)
			cov, err := f.svc.Coverage(context.Background(), f.addr["Nord"])
			if err != nil {
				t.Fatal(err)
			}
			if cov.Campaign != tt.want || cov.State != tt.state || len(cov.Campaigns) != 2 {
				t.Errorf("coverage by %q (%s, %d campaigns), want %q (%s, 2)", cov.Campaign, cov.State, len(cov.Campaigns), tt.want, tt.state)
			}
		})
	}
}

// TestExtend: the new deadline must lie after the current one (the same
// day is refused), an extension needs a reason, the decision date is
// today (Extend) or a given day not in the future (ExtendOn), and running
// or extended areas become extended while finished ones keep their
// status.
func TestExtend(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		deadline string
		decided  string // ExtendOn's decision date; "": Extend
		reason   string
		wantCode string
		wantDec  string // the recorded decision date
	}{
		{name: "one day after the deadline", deadline: "2026-03-31", reason: " Infoabende nachgeholt ", wantDec: "2026-02-16"},
		{name: "on the deadline day", deadline: "2026-03-30", reason: "x", wantCode: geo.EINVALID},
		{name: "without a reason", deadline: "2026-04-30", reason: "  ", wantCode: geo.EINVALID},
		{name: "decided today", deadline: "2026-04-30", decided: "2026-02-16", reason: "x", wantDec: "2026-02-16"},
		{name: "decided earlier", deadline: "2026-04-30", decided: "2026-02-10", reason: "x", wantDec: "2026-02-10"},
		{name: "decided tomorrow", deadline: "2026-04-30", decided: "2026-02-17", reason: "x", wantCode: geo.EINVALID},
		{name: "decided earlier, on the deadline day", deadline: "2026-03-30", decided: "2026-02-10", reason: "x", wantCode: geo.EINVALID},
		{name: "decided earlier, without a reason", deadline: "2026-04-30", decided: "2026-02-10", reason: "", wantCode: geo.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newStoreFixture(t)
			c := f.create(t, "DG", 0.33, "Nord", "Süd")
			c = f.setStatus(t, c, "Süd", campaigns.StatusReached)
			var got *campaigns.Campaign
			var err error
			if tt.decided == "" {
				got, err = f.svc.Extend(ctx, c, mustDay(t, tt.deadline), campaigns.Decision{Reason: tt.reason})
			} else {
				got, err = f.svc.Extend(ctx, c, mustDay(t, tt.deadline), campaigns.Decision{On: mustDay(t, tt.decided), Reason: tt.reason})
			}
			if tt.wantCode != "" {
				if geo.ErrorCode(err) != tt.wantCode {
					t.Fatalf("error %v, want code %s", err, tt.wantCode)
				}
				stored, err := f.svc.Store.Campaign(ctx, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(stored.Extensions) != 0 || stored.Areas[0].Status != campaigns.StatusRunning {
					t.Errorf("refused extension changed the campaign: %+v", stored)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !got.CurrentDeadline().Equal(mustDay(t, tt.deadline)) || len(got.Extensions) != 1 {
				t.Fatalf("deadline %s, extensions %+v", got.CurrentDeadline().Format(time.DateOnly), got.Extensions)
			}
			if x := got.Extensions[0]; !x.Decided.Equal(mustDay(t, tt.wantDec)) || x.Reason != strings.TrimSpace(tt.reason) {
				t.Errorf("extension %+v, want decided %s, reason %q", x, tt.wantDec, strings.TrimSpace(tt.reason))
			}
			for _, a := range got.Areas {
				want := map[string]campaigns.Status{"Nord": campaigns.StatusExtended, "Süd": campaigns.StatusReached}[a.AreaName]
				if a.Status != want {
					t.Errorf("%s is %s, want %s", a.AreaName, a.Status, want)
				}
			}
		})
	}
}
