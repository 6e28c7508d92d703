package sqlite

import (
	"context"
	"fmt"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The campaign store is the shared code's (data/internal/sqlstore); only
// what reads addresses is here.
var _ campaigns.Store = (*Store)(nil)

const dateLayout = time.DateOnly

func fmtDate(t time.Time) string { return t.Format(dateLayout) }

func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqlite: bad date %q in database: %w", s, err)
	}
	return t, nil
}

// AddressesOutside implements campaigns.Store.
func (s *Store) AddressesOutside(ctx context.Context, a, b int64) ([]geo.Address, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+addressCols+` FROM addresses a
		WHERE a.id IN (SELECT address_id FROM assignments WHERE area_id = ?)
		AND a.id NOT IN (SELECT address_id FROM assignments WHERE area_id = ?) ORDER BY a.search_key, a.id`, a, b)
	if err != nil {
		return nil, wrapErr(err, "list addresses outside")
	}
	defer rows.Close()
	return appendAddresses(nil, rows)
}
