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
	// municipality and its AGS, as the overlay placed the address.
	municipality, ags        string
	districts, zones, builds []string
	key                      int // the combination's index: the key of the coverage cache
}

// assignIndex maps addresses to their areas. Few distinct combinations of
// areas exist (one per district × zone × build area overlap), so each
// address keeps only the index of its combination: 12 bytes per address in
// two sorted slices, searched by binary search.
type assignIndex struct {
	ids    []int64 // address ids, ascending
	combo  []int32 // combination of ids[i]
	combos []*assigned
}

// of returns the areas of an address; an address without areas gets an
// empty combination.
func (x *assignIndex) of(id int64) *assigned {
	if i, ok := slices.BinarySearch(x.ids, id); ok {
		return x.combos[x.combo[i]]
	}
	return &assigned{key: -1}
}

// index reads assignments in one ordered pass (by address, then area:
// geo.Store.Assignments or AssignmentsIn) into an assignIndex. Each
// address's areas are ordered by kind and name. The combinations are the
// row builder's, shared by every index it makes, so that a combination
// keeps its key (and its cached coverage) from one project area to the
// next.
func (rb *rowBuilder) index(seq iter.Seq2[geo.Assignment, error]) (*assignIndex, error) {
	x := &assignIndex{}
	var cur []int // positions of the current address's areas
	curID := int64(-1)
	var key []byte
	flush := func() {
		if len(cur) == 0 {
			return
		}
		slices.Sort(cur)
		key = key[:0]
		for _, p := range cur {
			key = strconv.AppendInt(key, int64(p), 10)
			key = append(key, ',')
		}
		c, ok := rb.comboOf[string(key)]
		if !ok {
			as := &assigned{key: len(rb.combos)}
			for _, p := range cur {
				switch ar := rb.areas[p]; ar.Kind {
				case geo.KindMunicipality:
					as.municipality, as.ags = ar.Name, ar.AGS
				case geo.KindDistrict:
					as.districts = append(as.districts, ar.Name)
				case geo.KindZone:
					as.zones = append(as.zones, ar.Name)
				case geo.KindBuildArea:
					as.builds = append(as.builds, ar.Name)
				}
			}
			c = int32(len(rb.combos))
			rb.combos = append(rb.combos, as)
			rb.comboOf[string(key)] = c
		}
		x.ids = append(x.ids, curID)
		x.combo = append(x.combo, c)
		cur = cur[:0]
	}
	for a, err := range seq {
		if err != nil {
			return nil, err
		}
		if a.AddressID != curID {
			flush()
			curID = a.AddressID
		}
		if p, ok := rb.pos[a.AreaID]; ok {
			cur = append(cur, p)
		}
	}
	flush()
	x.combos = rb.combos
	return x, nil
}

// RowOptions says what an address row carries besides the address and
// its areas.
type RowOptions struct {
	Coverage bool
	// Rules, when set, fills supply and eligibility from the stored
	// market survey as of AsOf.
	Rules *campaigns.RuleSet
	AsOf  time.Time
	// HorizonYears is the market survey's time horizon for the
	// eligibility (campaigns.EligibilityInput); 0: the rule set's
	// default. EINVALID from the row functions if outside its range.
	HorizonYears int
	// Municipality, when not 0, is the municipality (area ID) whose areas
	// ProjectRows' names mean; 0: names must be unique over all areas.
	Municipality int64
	// Survey is the market survey (ID) whose supply the rows carry; 0:
	// the latest survey covering each area read (geo.SupplyStore).
	Survey int64
}

// AddressRows yields the rows of the addresses matching filter, in the
// filter's order, with their areas and, as opt says, coverage, supply and
// eligibility. With filter.AreaID, only that area's assignments and
// supply are read (geo.Store.AssignmentsIn, geo.SupplyStore.SurveySupply):
// the rows of one municipality cost its addresses, not the store's.
func (src Source) AddressRows(ctx context.Context, filter geo.AddressFilter, opt RowOptions) (iter.Seq2[AddressRow, error], error) {
	rb, err := src.newRowBuilder(ctx, opt)
	if err != nil {
		return nil, err
	}
	sc, err := rb.scope(ctx, filter.AreaID)
	if err != nil {
		return nil, err
	}
	return rb.rows(ctx, filter, func() (*scope, error) { return sc, nil }), nil
}

// rowBuilder holds what building address rows needs besides the address
// and the reads of its area (scope): read once per report, shared by
// every area of a project.
type rowBuilder struct {
	src Source
	opt RowOptions
	// areas are every area without geometry, in kind and name order;
	// pos maps an area ID to its position.
	areas []geo.Area
	pos   map[int64]int
	// The distinct combinations of areas, shared by the indexes of every
	// area (index).
	comboOf map[string]int32
	combos  []*assigned
	// Coverage depends on an address only through the areas it is
	// assigned to (campaigns.Store.CampaignsOfAddress), so it is computed
	// once per distinct combination of areas, not once per address:
	// Service.Coverage computes the figures of every pre-marketing campaign
	// on each call.
	covCache map[int]campaigns.Coverage
}

// scope is what the rows of one filter read besides the addresses: the
// areas of its addresses and their supply.
type scope struct {
	assign *assignIndex
	supply map[int64]geo.Supply
}

func (src Source) newRowBuilder(ctx context.Context, opt RowOptions) (*rowBuilder, error) {
	if opt.Rules != nil {
		if _, err := opt.Rules.Horizon(opt.HorizonYears); err != nil {
			return nil, err
		}
	}
	areas, err := src.Geo.AreaRefs(ctx) // ordered by kind and name, without geometry
	if err != nil {
		return nil, err
	}
	rb := &rowBuilder{src: src, opt: opt, areas: areas, pos: make(map[int64]int, len(areas)),
		comboOf: map[string]int32{}, covCache: map[int]campaigns.Coverage{}}
	for i, ar := range areas {
		rb.pos[ar.ID] = i
	}
	return rb, nil
}

// scope reads the assignments of the addresses of area, with every area
// each of them is in, and their supply if the rows need it; area 0: of
// every address.
func (rb *rowBuilder) scope(ctx context.Context, area int64) (*scope, error) {
	src := rb.src
	assignments := src.Geo.Assignments(ctx)
	if area != 0 {
		assignments = src.Geo.AssignmentsIn(ctx, area)
	}
	sc := &scope{}
	var err error
	if sc.assign, err = rb.index(assignments); err != nil {
		return nil, err
	}
	if rb.opt.Rules != nil {
		// The given survey, or the latest covering the area (area 0:
		// the latest of all).
		if sc.supply, err = src.Supply.SurveySupply(ctx, rb.opt.Survey, area); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// rows yields the rows of the addresses matching filter, in its order,
// with what read returns, called when the rows are first ranged over.
func (rb *rowBuilder) rows(ctx context.Context, filter geo.AddressFilter, read func() (*scope, error)) iter.Seq2[AddressRow, error] {
	src, opt, covCache := rb.src, rb.opt, rb.covCache
	return func(yield func(AddressRow, error) bool) {
		sc, err := read()
		if err != nil {
			yield(AddressRow{}, err)
			return
		}
		assign, supply := sc.assign, sc.supply
		addrs := src.Geo.Addresses(ctx, filter)
		if filter.ByStreet {
			addrs = naturalByStreet(addrs)
		}
		for ad, err := range addrs {
			if err != nil {
				yield(AddressRow{}, err)
				return
			}
			r := AddressRow{
				ID: ad.ID, Key: ad.Key, AGS: ad.AGS, Street: ad.Street, HouseNumber: ad.HouseNumber, Suffix: ad.Suffix,
				Postcode: ad.Postcode, City: ad.City, Lon: ad.Lon, Lat: ad.Lat,
				Households: ad.Households, Businesses: ad.Businesses, Type: ad.Type, Placeholder: ad.Placeholder,
			}
			as := assign.of(ad.ID)
			r.Municipality = as.municipality
			if as.ags != "" {
				r.AGS = as.ags // the municipality the address lies in; the file's may differ (reported at import)
			}
			r.District = strings.Join(as.districts, ListSeparator)
			r.Zones, r.BuildAreas = as.zones, as.builds
			if r.East, r.North, err = geo.UTM32.FromWGS84(ad.Lon, ad.Lat); err != nil {
				yield(AddressRow{}, fmt.Errorf("address %d (%s): %w", ad.ID, ad.Label(), err))
				return
			}
			var cov campaigns.Coverage
			if opt.Coverage || opt.Rules != nil {
				var ok bool
				if cov, ok = covCache[as.key]; !ok {
					if cov, err = src.Campaigns.Coverage(ctx, ad.ID); err != nil {
						yield(AddressRow{}, err)
						return
					}
					covCache[as.key] = cov
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
				// The horizon was checked in newRowBuilder.
				el, _ := campaigns.Decide(*opt.Rules, campaigns.EligibilityInput{AsOf: opt.AsOf, Supply: sp, Coverage: cov, HorizonYears: opt.HorizonYears})
				r.Eligible, r.Reason, r.RuleSet = el.Eligible, el.Reason, opt.Rules.Name
				r.SupplyClass = campaigns.SupplyClassOf(*opt.Rules, sp)
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// naturalByStreet puts addresses that come in the stores' ByStreet
// order (postcode, then the search key "hauptstr 10" < "hauptstr 2") into
// geo.CompareByStreet's order, house numbers natural: each run of one
// postcode and street is collected and sorted, so memory stays one
// street's addresses.
func naturalByStreet(seq iter.Seq2[geo.Address, error]) iter.Seq2[geo.Address, error] {
	return func(yield func(geo.Address, error) bool) {
		var run []geo.Address
		var key string
		flush := func() bool {
			slices.SortStableFunc(run, geo.CompareByStreet)
			for _, a := range run {
				if !yield(a, nil) {
					return false
				}
			}
			run = run[:0]
			return true
		}
		for a, err := range seq {
			if err != nil {
				yield(geo.Address{}, err)
				return
			}
			k := a.Postcode + "\x00" + geo.NormalizeSearch(a.Street)
			if len(run) > 0 && k != key && !flush() {
				return
			}
			key = k
			run = append(run, a)
		}
		flush()
	}
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
	refs, err := src.Geo.AreaRefs(ctx)
	if err != nil {
		return nil, err
	}
	munis := map[int64]geo.Area{}
	for _, a := range refs {
		if a.Kind == geo.KindMunicipality {
			munis[a.ID] = a
		}
	}
	var rows []AreaRow
	for _, ar := range areas {
		base := AreaRow{ID: ar.ID, Kind: ar.Kind, Name: ar.Name, Geometry: ar.Geometry,
			Addresses: ar.Addresses, Households: ar.Households, Businesses: ar.Businesses}
		m := munis[ar.Municipality]
		if ar.Kind == geo.KindMunicipality {
			m = ar.Area
		}
		base.Municipality, base.AGS = m.Name, m.AGS
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
// address once. Each area's assignments and supply are read by area when
// its rows start, so that a project costs its own addresses.
func (src Source) ProjectRows(ctx context.Context, names []string, opt RowOptions) (iter.Seq2[AddressRow, error], error) {
	var seqs []iter.Seq2[AddressRow, error]
	var rb *rowBuilder
	for _, n := range names {
		ar, err := geo.AreaNamed(ctx, src.Geo, opt.Municipality, n)
		if err != nil {
			return nil, err
		}
		if rb == nil {
			if rb, err = src.newRowBuilder(ctx, opt); err != nil {
				return nil, err
			}
		}
		// Each area's assignments and supply are read when its rows
		// start: memory for one area at a time.
		seqs = append(seqs, rb.rows(ctx, geo.AddressFilter{AreaID: ar.ID, ByStreet: true},
			func() (*scope, error) { return rb.scope(ctx, ar.ID) }))
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
