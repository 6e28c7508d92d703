package campaigns_test

// The tests of this package run the campaign use cases on a real store.
// They live in the external test package because data/sqlite imports
// campaigns.

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
)

// storeToday is the pinned date of storeFixture's service.
var storeToday = time.Date(2026, 2, 16, 10, 0, 0, 0, time.UTC)

// storeFixture is a fresh SQLite store with the districts Nord (two
// addresses, 60 + 40 households, no businesses) and Süd (one address, 50
// households), and a service on it whose clock stands at storeToday.
type storeFixture struct {
	svc   *campaigns.Service
	addr  map[string]int64 // address ID by "Nord" (the first one) and "Süd"
	start time.Time        // start of the campaigns created by create
}

func newStoreFixture(t *testing.T) *storeFixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "campaigns.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sq := func(x0, y0, x1, y1 float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
	}
	areas := []geo.Area{
		{Kind: geo.KindDistrict, Name: "Nord", Geometry: sq(7.90, 48.47, 7.95, 48.50)},
		{Kind: geo.KindDistrict, Name: "Süd", Geometry: sq(7.90, 48.44, 7.95, 48.47)},
	}
	addrs := []geo.Address{
		{Street: "Hauptstraße", HouseNumber: "12", Postcode: "77654", City: "Musterstadt", Lon: 7.92, Lat: 48.48, Households: 60, Type: geo.TypePrivate},
		{Street: "Hauptstraße", HouseNumber: "14", Postcode: "77654", City: "Musterstadt", Lon: 7.921, Lat: 48.481, Households: 40, Type: geo.TypePrivate},
		{Street: "Mühlenweg", HouseNumber: "3", Postcode: "77654", City: "Musterstadt", Lon: 7.92, Lat: 48.45, Households: 50, Type: geo.TypePrivate},
	}
	for i := range addrs {
		addrs[i].Key = geo.AddressKey(addrs[i])
	}
	if _, err := st.ImportAreas(ctx, geo.Values(areas)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportAddresses(ctx, geo.Values(addrs)); err != nil {
		t.Fatal(err)
	}
	if _, err := (&geo.Service{Store: st}).Reassign(ctx); err != nil {
		t.Fatal(err)
	}
	f := &storeFixture{
		svc:   &campaigns.Service{Geo: st, Store: st, Now: func() time.Time { return storeToday }},
		addr:  map[string]int64{},
		start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
	}
	for a, err := range st.Addresses(ctx, geo.AddressFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		switch a.Street + " " + a.HouseNumber {
		case "Hauptstraße 12":
			f.addr["Nord"] = a.ID
		case "Mühlenweg 3":
			f.addr["Süd"] = a.ID
		}
	}
	if len(f.addr) != 2 {
		t.Fatalf("addresses not found: %v", f.addr)
	}
	return f
}

// create makes a running campaign (start 05.01.2026, deadline 30.03.2026)
// counting households.
func (f *storeFixture) create(t *testing.T, name string, threshold float64, areas ...string) *campaigns.Campaign {
	t.Helper()
	return f.createWith(t, campaigns.NewCampaign{Name: name, Threshold: threshold, Areas: areas})
}

// createWith makes a campaign from n, filling in provider, counting,
// start and deadline where n leaves them empty.
func (f *storeFixture) createWith(t *testing.T, n campaigns.NewCampaign) *campaigns.Campaign {
	t.Helper()
	if n.Provider == "" {
		n.Provider = "Glasfaser Süd"
	}
	if n.Start.IsZero() {
		n.Start = f.start
	}
	if n.Deadline.IsZero() {
		n.Deadline = time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)
	}
	c, err := f.svc.Create(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// add records a count without the based-on check, as the CLI does.
func (f *storeFixture) add(t *testing.T, c *campaigns.Campaign, area, date string, count int, by string) campaigns.Entry {
	t.Helper()
	e, err := f.svc.AddEntry(context.Background(), campaigns.NewEntry{Campaign: c.Name, Area: area, AsOf: mustDay(t, date),
		Count: count, EnteredBy: by, Comment: "Korrektur", BasedOn: -1})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// log returns the campaign's whole sign-up log.
func (f *storeFixture) log(t *testing.T, c *campaigns.Campaign) []campaigns.Entry {
	t.Helper()
	es, err := f.svc.Store.Entries(context.Background(), c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// areaID returns the ID of a campaign's area by name.
func areaID(t *testing.T, c *campaigns.Campaign, name string) int64 {
	t.Helper()
	for _, a := range c.Areas {
		if a.AreaName == name {
			return a.AreaID
		}
	}
	t.Fatalf("campaign %s has no area %s", c.Name, name)
	return 0
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
