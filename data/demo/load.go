package demo

import (
	"context"
	"slices"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Store is what Load writes the demo county into; both stores are one.
type Store interface {
	geo.Store
	geo.SupplyStore
	campaigns.Store
	campaigns.FundingStore
}

// Load writes the demo county into st, as "gigaplan demo" and "gigaplan
// serve --demo" do, and the tests that need the demo town use it, so
// that they test what a person sees (idempotent: keys and area names are
// stable, so a second load updates in place): the town Musterstadt
// (DefaultSeed) and its smaller neighbour Kleinbach, each with its areas
// placed in it; it brings the overlay up to date and adds the demo
// campaigns with dates relative to now, the market survey, the funding
// project and the construction records. eligible makes the funding
// workbook's eligible list for a campaigns service
// (reports.Source.EligibleByRule; passed in because reports' tests load
// the demo). It returns the overlay's summary and the campaigns service
// it used, whose clock stands at now.
func Load(ctx context.Context, st Store, now time.Time, eligible func(*campaigns.Service) Eligible) (geo.OverlaySummary, *campaigns.Service, error) {
	t := New(DefaultSeed)
	n := NewNeighbour(t, DefaultSeed)
	svc := &campaigns.Service{Geo: st, Store: st, Funding: st, Now: func() time.Time { return now }}
	if _, err := st.ImportAreas(ctx, geo.Values([]geo.Area{t.Municipality, n.Municipality})); err != nil {
		return geo.OverlaySummary{}, svc, err
	}
	munis, err := st.Areas(ctx, geo.KindMunicipality)
	if err != nil {
		return geo.OverlaySummary{}, svc, err
	}
	var areas []geo.Area
	for _, m := range munis {
		var own []geo.Area
		switch m.AGS {
		case t.AGS:
			own = slices.Concat(t.Districts, t.Zones, t.BuildAreas)
		case n.Municipality.AGS:
			own = n.Districts
		}
		for _, a := range own {
			a.Municipality = m.ID
			areas = append(areas, a)
		}
	}
	if _, err := st.ImportAreas(ctx, geo.Values(areas)); err != nil {
		return geo.OverlaySummary{}, svc, err
	}
	if _, err := st.ImportAddresses(ctx, geo.Values(slices.Concat(t.Addresses, n.Addresses))); err != nil {
		return geo.OverlaySummary{}, svc, err
	}
	o, err := (&geo.Service{Store: st}).Reassign(ctx)
	if err != nil {
		return o, svc, err
	}
	if err := LoadCampaigns(ctx, svc, t, now); err != nil {
		return o, svc, err
	}
	// The funding project first: the sites in its area are linked to it.
	if _, err := LoadFunding(ctx, st, svc, t, now, eligible(svc)); err != nil {
		return o, svc, err
	}
	if err := LoadConstruction(ctx, svc, t, now); err != nil {
		return o, svc, err
	}
	return o, svc, LoadNeighbourCampaign(ctx, svc, n, now)
}
