package web

import (
	"context"
	"slices"

	"gigaplan/geo"
)

// foundAddress is one address the search found, with its Ortsteil: seven
// "Am Bach 1" in one city differ by postcode and Ortsteil, not by street.
type foundAddress struct {
	geo.Address
	District string
}

// placeFetchFactor: a query with a postcode or town reads this many times
// the results it shows (at most placeFetchMax) and keeps those in the
// place, since the index matches street and number only.
const (
	placeFetchFactor = 10
	placeFetchMax    = 500
)

// findAddresses is the address search of the citizens' page and the API:
// geo.ParseAddressQuery splits off postcode and town ("Marktweg 1, 51065
// Köln"), the store finds street and number, the place filters, the exact
// house number comes first (then the same number with a suffix, then the
// rest, each in the store's order), and every result gets its Ortsteil.
// It returns at most limit addresses and whether there were more. A query
// whose place matches nothing is searched again as a whole, so that
// "Hauptstraße 12345" still finds house number 12345.
func (s *Server) findAddresses(ctx context.Context, muni int64, q string, limit int) ([]foundAddress, bool, error) {
	pq := geo.ParseAddressQuery(q)
	found, more, err := s.searchPlace(ctx, muni, pq, limit)
	if err != nil {
		return nil, false, err
	}
	if len(found) == 0 && pq.HasPlace() {
		pq = geo.AddressQuery{Street: q}
		if found, more, err = s.searchPlace(ctx, muni, pq, limit); err != nil {
			return nil, false, err
		}
	}
	// Rank against the street part actually searched, once per address.
	key := geo.NormalizeSearch(pq.Street)
	rank := make(map[int64]int, len(found))
	for _, a := range found {
		rank[a.ID] = geo.SearchRank(a, key)
	}
	slices.SortStableFunc(found, func(a, b geo.Address) int { return rank[a.ID] - rank[b.ID] })
	ids := make([]int64, len(found))
	for i, a := range found {
		ids[i] = a.ID
	}
	districts, err := s.store.AreaNamesOf(ctx, ids, geo.KindDistrict)
	if err != nil {
		return nil, false, err
	}
	out := make([]foundAddress, len(found))
	for i, a := range found {
		out[i] = foundAddress{Address: a, District: districts[a.ID]}
	}
	return out, more, nil
}

// searchPlace returns the first limit addresses matching pq's street and
// lying in its place, and whether there were more.
func (s *Server) searchPlace(ctx context.Context, muni int64, pq geo.AddressQuery, limit int) ([]geo.Address, bool, error) {
	fetch := limit + 1
	if pq.HasPlace() {
		fetch = min(fetch*placeFetchFactor, placeFetchMax)
	}
	found, err := s.store.SearchAddressesIn(ctx, muni, pq.Street, fetch)
	if err != nil {
		return nil, false, err
	}
	capped := len(found) == fetch
	if pq.HasPlace() {
		found = slices.DeleteFunc(found, func(a geo.Address) bool { return !pq.Matches(a) })
	}
	if len(found) > limit {
		return found[:limit], true, nil
	}
	// A place query that read its maximum may have missed matches beyond it.
	return found, capped && pq.HasPlace(), nil
}
