package reports

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Source is where report rows come from: the stores and the campaign
// service. The CLI and the web pages build the same rows through it.
type Source struct {
	Geo       geo.Store
	Supply    geo.SupplyStore
	Campaigns *campaigns.Service
}

// assigned are the areas an address is assigned to.
type assigned struct {
	districts, zones, builds []string
	ids                      []int64 // every assigned area: the key of the coverage cache
}

// assignments collects the areas of every address (of only those in
// filter.AreaID, if set) in one query per area instead of one query per
// address.
func assignments(ctx context.Context, st geo.Store, filter geo.AddressFilter) (map[int64]*assigned, error) {
	var keep map[int64]bool
	if filter.AreaID != 0 {
		keep = map[int64]bool{}
		for ad, err := range st.Addresses(ctx, geo.AddressFilter{AreaID: filter.AreaID}) {
			if err != nil {
				return nil, err
			}
			keep[ad.ID] = true
		}
	}
	areas, err := st.Areas(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[int64]*assigned{}
	for _, ar := range areas { // ordered by kind and name: the lists come out sorted
		if ar.Addresses == 0 || ar.Kind == geo.KindMunicipality {
			continue // no campaign covers a whole municipality, no column shows it
		}
		for ad, err := range st.Addresses(ctx, geo.AddressFilter{AreaID: ar.ID}) {
			if err != nil {
				return nil, err
			}
			if keep != nil && !keep[ad.ID] {
				continue
			}
			as := out[ad.ID]
			if as == nil {
				as = &assigned{}
				out[ad.ID] = as
			}
			as.ids = append(as.ids, ar.ID)
			switch ar.Kind {
			case geo.KindDistrict:
				as.districts = append(as.districts, ar.Name)
			case geo.KindZone:
				as.zones = append(as.zones, ar.Name)
			case geo.KindBuildArea:
				as.builds = append(as.builds, ar.Name)
			}
		}
	}
	return out, nil
}

// RowOptions says what an address row carries besides the address and
// its areas.
type RowOptions struct {
	Coverage bool
	// Rules, when set, fills supply and eligibility from the stored
	// market survey as of AsOf.
	Rules *campaigns.RuleSet
	AsOf  time.Time
}

// AddressRows yields the rows of the addresses matching filter, in the
// filter's order, with their areas and, as opt says, coverage, supply and
// eligibility.
func (src Source) AddressRows(ctx context.Context, filter geo.AddressFilter, opt RowOptions) (iter.Seq2[AddressRow, error], error) {

	assign, err := assignments(ctx, src.Geo, filter)
	if err != nil {
		return nil, err
	}
	var supply map[int64]geo.Supply
	if opt.Rules != nil {
		if supply, err = src.Supply.SupplyAll(ctx); err != nil {
			return nil, err
		}
	}
	// Coverage depends on an address only through the areas it is
	// assigned to (campaigns.Store.CampaignsOfAddress), so it is computed
	// once per distinct set of areas, not once per address:
	// Service.Coverage computes the figures of every pre-marketing campaign
	// on each call.
	covCache := map[string]campaigns.Coverage{}
	return func(yield func(AddressRow, error) bool) {
		for ad, err := range src.Geo.Addresses(ctx, filter) {
			if err != nil {
				yield(AddressRow{}, err)
				return
			}
			r := AddressRow{
				ID: ad.ID, Key: ad.Key, AGS: ad.AGS, Street: ad.Street, HouseNumber: ad.HouseNumber, Suffix: ad.Suffix,
				Postcode: ad.Postcode, City: ad.City, Lon: ad.Lon, Lat: ad.Lat,
				Households: ad.Households, Businesses: ad.Businesses, Type: ad.Type, Placeholder: ad.Placeholder,
			}
			as := assign[ad.ID]
			if as == nil {
				as = &assigned{}
			}
			r.District = strings.Join(as.districts, ListSeparator)
			r.Zones, r.BuildAreas = as.zones, as.builds
			if r.East, r.North, err = geo.UTM32.FromWGS84(ad.Lon, ad.Lat); err != nil {
				yield(AddressRow{}, fmt.Errorf("address %d (%s): %w", ad.ID, ad.Label(), err))
				return
			}
			var cov campaigns.Coverage
			if opt.Coverage || opt.Rules != nil {
				key := coverageKey(as.ids)
				var ok bool
				if cov, ok = covCache[key]; !ok {
					if cov, err = src.Campaigns.Coverage(ctx, ad.ID); err != nil {
						yield(AddressRow{}, err)
						return
					}
					covCache[key] = cov
				}
				r.Coverage, r.CoverageText = cov.State, cov.Message
			}
			if opt.Rules != nil {
				var sp *geo.Supply
				if s, ok := supply[ad.ID]; ok {
					sp = &s
					r.HasSupply, r.Download, r.Upload, r.Technology, r.Operator = true, s.Download, s.Upload, s.Technology, s.Operator
					r.PlannedOperator, r.PlannedDate = s.PlannedOperator, s.PlannedDate
				}
				el := campaigns.EvaluateCoverage(*opt.Rules, opt.AsOf, sp, cov)
				r.Eligible, r.Reason, r.RuleSet = el.Eligible, el.Reason, opt.Rules.Name
			}
			if !yield(r, nil) {
				return
			}
		}
	}, nil
}

func coverageKey(ids []int64) string {
	s := slices.Clone(ids)
	slices.Sort(s)
	var b strings.Builder
	for _, id := range s {
		b.WriteString(strconv.FormatInt(id, 10))
		b.WriteByte(',')
	}
	return b.String()
}

// AreaRows returns every area of kind (all if empty) with its counts, one
// row per campaign covering it (one row without campaign if none does),
// with the campaign's current figures.
func (src Source) AreaRows(ctx context.Context, kind geo.AreaKind) ([]AreaRow, error) {

	areas, err := src.Geo.Areas(ctx, kind)
	if err != nil {
		return nil, err
	}
	camps, err := src.Campaigns.Store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	type campaignFigures struct {
		campaign, provider, status string
		signups                    int
		quota, threshold           float64
		deadline                   time.Time
	}
	byArea := map[int64][]campaignFigures{}
	for _, c := range camps {
		figs, err := src.Campaigns.Figures(ctx, c, time.Time{})
		if err != nil {
			return nil, err
		}
		for _, f := range figs.Areas {
			byArea[f.AreaID] = append(byArea[f.AreaID], campaignFigures{c.Name, c.Provider, string(f.Status),
				f.Signed, f.Quota, f.Threshold, figs.Deadline})
		}
	}
	var rows []AreaRow
	for _, ar := range areas {
		base := AreaRow{ID: ar.ID, Kind: ar.Kind, Name: ar.Name, Geometry: ar.Geometry,
			Addresses: ar.Addresses, Households: ar.Households, Businesses: ar.Businesses}
		fs := byArea[ar.ID]
		if len(fs) == 0 {
			rows = append(rows, base)
			continue
		}
		for _, f := range fs {
			r := base
			r.Campaign, r.Provider, r.Status = f.campaign, f.provider, f.status
			r.Signups, r.Quota, r.Threshold, r.Deadline = f.signups, f.quota, f.threshold, f.deadline
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// ProjectRows yields the rows of every address in the named areas (a
// funding project), area by area and within an area by street, each
// address once.
func (src Source) ProjectRows(ctx context.Context, names []string, opt RowOptions) (iter.Seq2[AddressRow, error], error) {
	var seqs []iter.Seq2[AddressRow, error]
	for _, n := range names {
		ar, err := src.Geo.AreaByName(ctx, "", n)
		if err != nil {
			return nil, err
		}
		rows, err := src.AddressRows(ctx, geo.AddressFilter{AreaID: ar.ID, ByStreet: true}, opt)
		if err != nil {
			return nil, err
		}
		seqs = append(seqs, rows)
	}
	return func(yield func(AddressRow, error) bool) {
		seen := map[int64]bool{}
		for _, rows := range seqs {
			for r, err := range rows {
				if err != nil {
					yield(r, err)
					return
				}
				if seen[r.ID] {
					continue
				}
				seen[r.ID] = true
				if !yield(r, nil) {
					return
				}
			}
		}
	}, nil
}
