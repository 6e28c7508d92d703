package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

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

// querier is what reading a campaign needs: the pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func nameFold(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// CreateCampaign implements campaigns.Store.
func (s *Store) CreateCampaign(ctx context.Context, c *campaigns.Campaign) (int64, error) {
	var id int64
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM campaigns WHERE name_fold = ?`, nameFold(c.Name)).Scan(&n); err != nil {
			return wrapErr(err, "check campaign name")
		}
		if n > 0 {
			return geo.Errorf(geo.ECONFLICT, "a campaign named %q exists already", c.Name)
		}
		for _, a := range c.Areas {
			for _, aid := range []int64{a.AreaID, a.BuildAreaID} {
				if aid == 0 {
					continue
				}
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM areas WHERE id = ?`, aid).Scan(&n); err != nil {
					return wrapErr(err, "check area")
				}
				if n == 0 {
					return geo.Errorf(geo.ENOTFOUND, "area %d (%s) not found", aid, a.AreaName)
				}
			}
		}
		created := c.CreatedAt
		if created.IsZero() {
			created = time.Now()
		}
		now := created.UTC().Format(time.RFC3339Nano)
		res, err := tx.ExecContext(ctx, `INSERT INTO campaigns (provider, name, name_fold, counting, threshold, count_facilities,
			start, deadline, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			c.Provider, c.Name, nameFold(c.Name), string(c.Counting), c.Threshold, c.CountFacilities,
			fmtDate(c.Start), fmtDate(c.Deadline), now)
		if err != nil {
			return wrapErr(err, "insert campaign %q", c.Name)
		}
		if id, err = res.LastInsertId(); err != nil {
			return wrapErr(err, "insert campaign %q", c.Name)
		}
		for i, a := range c.Areas {
			st := a.Status
			if st == "" {
				st = campaigns.StatusPlanned
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_areas (campaign_id, area_id, build_area_id, position, status,
				provider_denominator) VALUES (?, ?, ?, ?, ?, ?)`, id, a.AreaID, nullID(a.BuildAreaID), i, string(st), a.ProviderDenominator); err != nil {
				return wrapErr(err, "insert campaign area %s", a.AreaName)
			}
		}
		return insertExtensions(ctx, tx, id, c.Extensions)
	})
	return id, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func insertExtensions(ctx context.Context, tx *sql.Tx, id int64, exts []campaigns.Extension) error {
	for _, x := range exts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_extensions (campaign_id, deadline, decided, reason) VALUES (?, ?, ?, ?)`,
			id, fmtDate(x.Deadline), fmtDate(x.Decided), x.Reason); err != nil {
			return wrapErr(err, "insert extension")
		}
	}
	return nil
}

// loadCampaign reads one campaign with its areas and extensions.
func loadCampaign(ctx context.Context, q querier, id int64) (*campaigns.Campaign, error) {
	c := &campaigns.Campaign{ID: id}
	var counting, start, deadline, created string
	err := q.QueryRowContext(ctx, `SELECT provider, name, counting, threshold, count_facilities, start, deadline, version, created_at
		FROM campaigns WHERE id = ?`, id).Scan(&c.Provider, &c.Name, &counting, &c.Threshold, &c.CountFacilities, &start, &deadline, &c.Version, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, geo.Errorf(geo.ENOTFOUND, "campaign %d not found", id)
	}
	if err != nil {
		return nil, wrapErr(err, "read campaign %d", id)
	}
	c.Counting = campaigns.Counting(counting)
	if c.Start, err = parseDate(start); err != nil {
		return nil, err
	}
	if c.Deadline, err = parseDate(deadline); err != nil {
		return nil, err
	}
	c.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)

	rows, err := q.QueryContext(ctx, `SELECT ca.area_id, r.name, r.kind, coalesce(ca.build_area_id, 0), ca.status, ca.provider_denominator
		FROM campaign_areas ca JOIN areas r ON r.id = ca.area_id WHERE ca.campaign_id = ? ORDER BY ca.position`, id)
	if err != nil {
		return nil, wrapErr(err, "read campaign areas")
	}
	defer rows.Close()
	for rows.Next() {
		var a campaigns.CampaignArea
		var kind, status string
		if err := rows.Scan(&a.AreaID, &a.AreaName, &kind, &a.BuildAreaID, &status, &a.ProviderDenominator); err != nil {
			return nil, wrapErr(err, "read campaign area")
		}
		a.AreaKind, a.Status = geo.AreaKind(kind), campaigns.Status(status)
		c.Areas = append(c.Areas, a)
	}
	if err := rows.Err(); err != nil {
		return nil, wrapErr(err, "read campaign areas")
	}
	rows.Close()

	rows, err = q.QueryContext(ctx, `SELECT deadline, decided, reason FROM campaign_extensions WHERE campaign_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, wrapErr(err, "read extensions")
	}
	defer rows.Close()
	for rows.Next() {
		var x campaigns.Extension
		var d, dec string
		if err := rows.Scan(&d, &dec, &x.Reason); err != nil {
			return nil, wrapErr(err, "read extension")
		}
		if x.Deadline, err = parseDate(d); err != nil {
			return nil, err
		}
		if x.Decided, err = parseDate(dec); err != nil {
			return nil, err
		}
		c.Extensions = append(c.Extensions, x)
	}
	if err := rows.Err(); err != nil {
		return nil, wrapErr(err, "read extensions")
	}
	return c, nil
}

// Campaign implements campaigns.Store.
func (s *Store) Campaign(ctx context.Context, id int64) (*campaigns.Campaign, error) {
	return loadCampaign(ctx, s.db, id)
}

// CampaignByName implements campaigns.Store.
func (s *Store) CampaignByName(ctx context.Context, name string) (*campaigns.Campaign, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM campaigns WHERE name_fold = ?`, nameFold(name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, geo.Errorf(geo.ENOTFOUND, "campaign %q not found", name)
	}
	if err != nil {
		return nil, wrapErr(err, "find campaign %q", name)
	}
	return loadCampaign(ctx, s.db, id)
}

// Campaigns implements campaigns.Store.
func (s *Store) Campaigns(ctx context.Context) ([]*campaigns.Campaign, error) {
	ids, err := s.ids(ctx, `SELECT id FROM campaigns ORDER BY start, name_fold`)
	if err != nil {
		return nil, err
	}
	out := make([]*campaigns.Campaign, 0, len(ids))
	for _, id := range ids {
		c, err := loadCampaign(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (s *Store) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrapErr(err, "list ids")
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, wrapErr(err, "list ids")
		}
		ids = append(ids, id)
	}
	return ids, wrapRowsErr(rows.Err())
}

func wrapRowsErr(err error) error {
	if err != nil {
		return wrapErr(err, "read rows")
	}
	return nil
}

// UpdateCampaign implements campaigns.Store.
func (s *Store) UpdateCampaign(ctx context.Context, id int64, version int, change func(*campaigns.Campaign) error) (*campaigns.Campaign, error) {
	var out *campaigns.Campaign
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		c, err := loadCampaign(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Version != version {
			return geo.Errorf(geo.ECONFLICT, "campaign %s was changed by someone else meanwhile (version %d, not %d): reload and try again",
				c.Name, c.Version, version)
		}
		oldExt := len(c.Extensions)
		oldAreas := make(map[int64]bool, len(c.Areas))
		for _, a := range c.Areas {
			oldAreas[a.AreaID] = true
		}
		if err := change(c); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if len(c.Extensions) < oldExt {
			return geo.Errorf(geo.EINVALID, "campaign %s: extensions cannot be removed", c.Name)
		}
		if len(c.Areas) != len(oldAreas) {
			return geo.Errorf(geo.EINVALID, "campaign %s: its areas cannot be changed", c.Name)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET provider = ?, name = ?, name_fold = ?, counting = ?, threshold = ?,
			count_facilities = ?, start = ?, deadline = ?, version = version + 1 WHERE id = ?`,
			c.Provider, c.Name, nameFold(c.Name), string(c.Counting), c.Threshold, c.CountFacilities, fmtDate(c.Start), fmtDate(c.Deadline), id); err != nil {
			return wrapErr(err, "update campaign %s", c.Name)
		}
		for _, a := range c.Areas {
			if !oldAreas[a.AreaID] {
				return geo.Errorf(geo.EINVALID, "campaign %s: its areas cannot be changed", c.Name)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE campaign_areas SET status = ?, provider_denominator = ?, build_area_id = ?
				WHERE campaign_id = ? AND area_id = ?`, string(a.Status), a.ProviderDenominator, nullID(a.BuildAreaID), id, a.AreaID); err != nil {
				return wrapErr(err, "update campaign area %s", a.AreaName)
			}
		}
		if err := insertExtensions(ctx, tx, id, c.Extensions[oldExt:]); err != nil {
			return err
		}
		out, err = loadCampaign(ctx, tx, id)
		return err
	})
	return out, err
}

const entryCols = `id, campaign_id, area_id, as_of, count, source, entered_by, entered_at, comment`

func scanEntry(r scanner) (campaigns.Entry, error) {
	var e campaigns.Entry
	var asOf, at, src string
	if err := r.Scan(&e.ID, &e.CampaignID, &e.AreaID, &asOf, &e.Count, &src, &e.EnteredBy, &at, &e.Comment); err != nil {
		return e, wrapErr(err, "read sign-up entry")
	}
	var err error
	if e.AsOf, err = parseDate(asOf); err != nil {
		return e, err
	}
	e.Source = campaigns.Source(src)
	e.EnteredAt, _ = time.Parse(time.RFC3339Nano, at)
	return e, nil
}

// latestBefore returns the effective entry of an area on or before asOf:
// the latest date, and of that date the last entered.
func latestBefore(ctx context.Context, q querier, campaignID, areaID int64, asOf time.Time) (*campaigns.Entry, error) {
	e, err := scanEntry(q.QueryRowContext(ctx, `SELECT `+entryCols+` FROM signup_entries
		WHERE campaign_id = ? AND area_id = ? AND as_of <= ? ORDER BY as_of DESC, id DESC LIMIT 1`, campaignID, areaID, fmtDate(asOf)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// insertEntry validates e against its campaign (read in tx) and appends it.
func insertEntry(ctx context.Context, tx *sql.Tx, e campaigns.Entry, c *campaigns.Campaign, check func(prev *campaigns.Entry) error) (campaigns.Entry, error) {
	found := false
	for _, a := range c.Areas {
		found = found || a.AreaID == e.AreaID
	}
	if !found {
		return e, geo.Errorf(geo.ENOTFOUND, "campaign %s has no area %d", c.Name, e.AreaID)
	}
	prev, err := latestBefore(ctx, tx, e.CampaignID, e.AreaID, e.AsOf)
	if err != nil {
		return e, err
	}
	if err := check(prev); err != nil {
		return e, err
	}
	if e.EnteredAt.IsZero() {
		e.EnteredAt = time.Now().UTC()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO signup_entries (campaign_id, area_id, as_of, count, source, entered_by, entered_at, comment)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.CampaignID, e.AreaID, fmtDate(e.AsOf), e.Count, string(e.Source), e.EnteredBy,
		e.EnteredAt.UTC().Format(time.RFC3339Nano), e.Comment)
	if err != nil {
		return e, wrapErr(err, "insert sign-up entry")
	}
	e.ID, err = res.LastInsertId()
	return e, wrapErrNil(err, "insert sign-up entry")
}

func wrapErrNil(err error, what string) error {
	if err != nil {
		return wrapErr(err, "%s", what)
	}
	return nil
}

// AddEntry implements campaigns.Store.
func (s *Store) AddEntry(ctx context.Context, e campaigns.Entry, basedOn int64, check func(c *campaigns.Campaign, prev *campaigns.Entry) error) (campaigns.Entry, error) {
	var out campaigns.Entry
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		c, err := loadCampaign(ctx, tx, e.CampaignID)
		if err != nil {
			return err
		}
		if basedOn >= 0 {
			var latest int64
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM signup_entries WHERE campaign_id = ? AND area_id = ?`,
				e.CampaignID, e.AreaID).Scan(&latest); err != nil {
				return wrapErr(err, "read latest entry")
			}
			if latest != basedOn {
				return geo.Errorf(geo.ECONFLICT, "campaign %s: someone else entered a count for this area meanwhile; reload to see it and enter again", c.Name)
			}
		}
		out, err = insertEntry(ctx, tx, e, c, func(prev *campaigns.Entry) error { return check(c, prev) })
		return err
	})
	return out, err
}

// AddEntries implements campaigns.Store.
func (s *Store) AddEntries(ctx context.Context, es []campaigns.Entry, check func(i int, c *campaigns.Campaign, e campaigns.Entry, prev *campaigns.Entry) error) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		loaded := map[int64]*campaigns.Campaign{}
		for i, e := range es {
			c, ok := loaded[e.CampaignID]
			if !ok {
				var err error
				if c, err = loadCampaign(ctx, tx, e.CampaignID); err != nil {
					return err
				}
				loaded[e.CampaignID] = c
			}
			if _, err := insertEntry(ctx, tx, e, c, func(prev *campaigns.Entry) error { return check(i, c, e, prev) }); err != nil {
				return err
			}
		}
		return nil
	})
}

// Entries implements campaigns.Store.
func (s *Store) Entries(ctx context.Context, campaignID, areaID int64) ([]campaigns.Entry, error) {
	q := `SELECT ` + entryCols + ` FROM signup_entries WHERE campaign_id = ?`
	args := []any{campaignID}
	if areaID != 0 {
		q += ` AND area_id = ?`
		args = append(args, areaID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, wrapErr(err, "read sign-up entries")
	}
	defer rows.Close()
	var out []campaigns.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, wrapRowsErr(rows.Err())
}

// AddOutreach implements campaigns.Store.
func (s *Store) AddOutreach(ctx context.Context, o campaigns.Outreach) (int64, error) {
	var id int64
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := loadCampaign(ctx, tx, o.CampaignID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO outreach (campaign_id, area_id, date, kind, title) VALUES (?, ?, ?, ?, ?)`,
			o.CampaignID, nullID(o.AreaID), fmtDate(o.Date), string(o.Kind), o.Title)
		if err != nil {
			return wrapErr(err, "insert outreach event")
		}
		id, err = res.LastInsertId()
		return wrapErrNil(err, "insert outreach event")
	})
	return id, err
}

// Outreach implements campaigns.Store.
func (s *Store) Outreach(ctx context.Context, campaignID int64) ([]campaigns.Outreach, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, campaign_id, coalesce(area_id, 0), date, kind, title FROM outreach
		WHERE campaign_id = ? ORDER BY date, id`, campaignID)
	if err != nil {
		return nil, wrapErr(err, "read outreach")
	}
	defer rows.Close()
	var out []campaigns.Outreach
	for rows.Next() {
		var o campaigns.Outreach
		var d, kind string
		if err := rows.Scan(&o.ID, &o.CampaignID, &o.AreaID, &d, &kind, &o.Title); err != nil {
			return nil, wrapErr(err, "read outreach")
		}
		if o.Date, err = parseDate(d); err != nil {
			return nil, err
		}
		o.Kind = campaigns.OutreachKind(kind)
		out = append(out, o)
	}
	return out, wrapRowsErr(rows.Err())
}

// SetFacilityContract implements campaigns.Store.
func (s *Store) SetFacilityContract(ctx context.Context, campaignID, addressID int64, signed bool, on time.Time) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := loadCampaign(ctx, tx, campaignID); err != nil {
			return err
		}
		var typ string
		err := tx.QueryRowContext(ctx, `SELECT type FROM addresses WHERE id = ?`, addressID).Scan(&typ)
		if errors.Is(err, sql.ErrNoRows) {
			return geo.Errorf(geo.ENOTFOUND, "address %d not found", addressID)
		}
		if err != nil {
			return wrapErr(err, "read address %d", addressID)
		}
		if geo.AddressType(typ) != geo.TypePublic {
			return geo.Errorf(geo.EINVALID, "address %d is of type %s, not a municipal facility (public)", addressID, typ)
		}
		if !signed {
			_, err = tx.ExecContext(ctx, `DELETE FROM facility_contracts WHERE campaign_id = ? AND address_id = ?`, campaignID, addressID)
			return wrapErrNil(err, "delete facility contract")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO facility_contracts (campaign_id, address_id, signed_on) VALUES (?, ?, ?)
			ON CONFLICT (campaign_id, address_id) DO UPDATE SET signed_on = excluded.signed_on`, campaignID, addressID, fmtDate(on))
		return wrapErrNil(err, "insert facility contract")
	})
}

// FacilityContracts implements campaigns.Store.
func (s *Store) FacilityContracts(ctx context.Context, campaignID int64) ([]campaigns.FacilityContract, error) {
	if _, err := loadCampaign(ctx, s.db, campaignID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT address_id, signed_on FROM facility_contracts WHERE campaign_id = ? ORDER BY address_id`, campaignID)
	if err != nil {
		return nil, wrapErr(err, "read facility contracts")
	}
	defer rows.Close()
	var out []campaigns.FacilityContract
	for rows.Next() {
		var f campaigns.FacilityContract
		var on string
		if err := rows.Scan(&f.AddressID, &on); err != nil {
			return nil, wrapErr(err, "read facility contract")
		}
		if f.SignedOn, err = parseDate(on); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, wrapRowsErr(rows.Err())
}

// inArea is the filter of addresses assigned to area ?1 and, unless ?2 is
// 0, to area ?2 too.
const inArea = `a.id IN (SELECT address_id FROM assignments WHERE area_id = ?1)
	AND (?2 = 0 OR a.id IN (SELECT address_id FROM assignments WHERE area_id = ?2))`

// Denominators implements campaigns.Store.
func (s *Store) Denominators(ctx context.Context, campaignID, areaID, buildAreaID int64) (campaigns.Denominators, error) {
	var d campaigns.Denominators
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(sum(a.households), 0), coalesce(sum(a.businesses), 0), count(*),
		(SELECT count(*) FROM facility_contracts f JOIN addresses a ON a.id = f.address_id WHERE f.campaign_id = ?3 AND `+inArea+`)
		FROM addresses a WHERE `+inArea, areaID, buildAreaID, campaignID).Scan(&d.Households, &d.Businesses, &d.Buildings, &d.Facilities)
	if err != nil {
		return d, wrapErr(err, "count denominators of area %d", areaID)
	}
	return d, nil
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

// CampaignsOfAddress implements campaigns.Store.
func (s *Store) CampaignsOfAddress(ctx context.Context, addressID int64) ([]campaigns.AddressCampaign, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT ca.campaign_id, ca.area_id FROM campaign_areas ca
		JOIN assignments s ON s.area_id = ca.area_id AND s.address_id = ?1
		WHERE ca.build_area_id IS NULL
		   OR EXISTS (SELECT 1 FROM assignments b WHERE b.address_id = ?1 AND b.area_id = ca.build_area_id)
		ORDER BY ca.campaign_id, ca.position`, addressID)
	if err != nil {
		return nil, wrapErr(err, "campaigns of address %d", addressID)
	}
	type pair struct{ c, a int64 }
	var ps []pair
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.c, &p.a); err != nil {
			rows.Close()
			return nil, wrapErr(err, "campaigns of address %d", addressID)
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrapErr(err, "campaigns of address %d", addressID)
	}
	out := make([]campaigns.AddressCampaign, 0, len(ps))
	for _, p := range ps {
		c, err := loadCampaign(ctx, s.db, p.c)
		if err != nil {
			return nil, err
		}
		out = append(out, campaigns.AddressCampaign{Campaign: c, AreaID: p.a})
	}
	return out, nil
}
