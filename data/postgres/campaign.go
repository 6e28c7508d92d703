package postgres

import (
	"context"

	"gigaplan/geo"
)

// The campaign store is the shared code's (data/internal/sqlstore); only
// what reads addresses is here.

// AddressesOutside implements campaigns.Store.
func (s *Store) AddressesOutside(ctx context.Context, a, b int64) ([]geo.Address, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+addressCols+` FROM addresses a
		WHERE a.id IN (SELECT address_id FROM assignments WHERE area_id = $1)
		AND a.id NOT IN (SELECT address_id FROM assignments WHERE area_id = $2) ORDER BY a.search_key, a.id`, a, b)
	if err != nil {
		return nil, stmtErr(ctx, err, "list addresses outside")
	}
	out, err := appendAddresses(nil, rows)
	if err != nil {
		return nil, stmtErr(ctx, err, "list addresses outside")
	}
	return out, nil
}
