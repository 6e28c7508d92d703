package sqlstore

import (
	"context"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The construction records (migration 0020): campaigns.BuildStore and
// campaigns.SiteStore, on CampaignStore since progress moves the
// campaign areas' statuses in the same transaction.

var (
	_ campaigns.BuildStore = CampaignStore{}
	_ campaigns.SiteStore  = CampaignStore{}
)

const progressCols = `id, campaign_id, area_id, street, as_of, passed, connected, activated, source, entered_by, entered_at`

func scanProgress(r Rows) (campaigns.Progress, error) {
	var p campaigns.Progress
	err := r.Scan(&p.ID, &p.CampaignID, &p.AreaID, &p.Street, Date{&p.AsOf}, &p.Passed, &p.Connected, &p.Activated,
		&p.Source, &p.EnteredBy, Time{&p.EnteredAt})
	return p, err
}

func (s CampaignStore) progress(ctx context.Context, q Querier, campaignID int64) ([]campaigns.Progress, error) {
	return queryAll(ctx, s.D, q, "read construction progress", scanProgress,
		`SELECT `+progressCols+` FROM construction_progress WHERE campaign_id = $1 ORDER BY id`, campaignID)
}

// AddProgress implements campaigns.BuildStore.
func (s CampaignStore) AddProgress(ctx context.Context, campaignID int64, ps []campaigns.Progress, ds []campaigns.BuildDate,
	plan func(c *campaigns.Campaign, before []campaigns.Progress) ([]campaigns.Event, error)) (*campaigns.Campaign, error) {
	var out *campaigns.Campaign
	err := s.D.CallbackTx(ctx, func(q Querier) error {
		c, err := s.load(ctx, q, campaignID, true)
		if err != nil {
			return err
		}
		in := map[int64]bool{}
		for _, a := range c.Areas {
			in[a.AreaID] = true
		}
		before, err := s.progress(ctx, q, campaignID)
		if err != nil {
			return err
		}
		oldEvents := len(c.Events)
		events, err := plan(c, before)
		if err != nil {
			return err
		}
		now := time.Now()
		for _, p := range ps {
			if !in[p.AreaID] {
				return geo.Errorf(geo.EINVALID, "Gebiet %d gehört nicht zur Kampagne %s", p.AreaID, c.Name)
			}
			entered := p.EnteredAt
			if entered.IsZero() {
				entered = now
			}
			if _, err := q.Exec(ctx, `INSERT INTO construction_progress (campaign_id, area_id, street, as_of, passed, connected,
				activated, source, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				campaignID, p.AreaID, p.Street, s.D.Date(p.AsOf), p.Passed, p.Connected, p.Activated, p.Source, p.EnteredBy,
				s.D.Time(entered)); err != nil {
				return s.D.Err(ctx, err, "insert construction progress")
			}
		}
		for _, d := range ds {
			if !in[d.AreaID] {
				return geo.Errorf(geo.EINVALID, "Gebiet %d gehört nicht zur Kampagne %s", d.AreaID, c.Name)
			}
			entered := d.EnteredAt
			if entered.IsZero() {
				entered = now
			}
			if _, err := q.Exec(ctx, `INSERT INTO construction_dates (campaign_id, area_id, kind, expected, reported, reason,
				entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				campaignID, d.AreaID, string(d.Kind), s.D.Date(d.Expected), s.D.Date(d.Reported), d.Reason, d.EnteredBy,
				s.D.Time(entered)); err != nil {
				return s.D.Err(ctx, err, "insert construction date")
			}
		}
		if len(events) > 0 {
			// plan may have recorded them on c already (Campaign.record);
			// the statuses are derived from every event either way.
			c.Events = append(c.Events[:oldEvents], events...)
			cur := c.AsOf(time.Time{})
			for _, a := range cur.Areas {
				if _, err := q.Exec(ctx, `UPDATE campaign_areas SET status = $1 WHERE campaign_id = $2 AND area_id = $3`,
					string(a.Status), campaignID, a.AreaID); err != nil {
					return s.D.Err(ctx, err, "update campaign area %s", a.AreaName)
				}
			}
			if _, err := s.insertEvents(ctx, q, campaignID, events, nil); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `UPDATE campaigns SET version = version + 1 WHERE id = $1`, campaignID); err != nil {
				return s.D.Err(ctx, err, "update campaign %s", c.Name)
			}
		}
		out, err = s.load(ctx, q, campaignID, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Progress implements campaigns.BuildStore.
func (s CampaignStore) Progress(ctx context.Context, campaignID int64) ([]campaigns.Progress, error) {
	if err := s.exists(ctx, campaignID); err != nil {
		return nil, err
	}
	return s.progress(ctx, s.D.Pool(), campaignID)
}

// BuildDates implements campaigns.BuildStore.
func (s CampaignStore) BuildDates(ctx context.Context, campaignID int64) ([]campaigns.BuildDate, error) {
	if err := s.exists(ctx, campaignID); err != nil {
		return nil, err
	}
	return queryAll(ctx, s.D, s.D.Pool(), "read construction dates", func(r Rows) (campaigns.BuildDate, error) {
		var d campaigns.BuildDate
		var kind string
		err := r.Scan(&d.ID, &d.CampaignID, &d.AreaID, &kind, Date{&d.Expected}, Date{&d.Reported}, &d.Reason, &d.EnteredBy, Time{&d.EnteredAt})
		d.Kind = campaigns.BuildDateKind(kind)
		return d, err
	}, `SELECT id, campaign_id, area_id, kind, expected, reported, reason, entered_by, entered_at
		FROM construction_dates WHERE campaign_id = $1 ORDER BY id`, campaignID)
}

// exists returns ENOTFOUND if there is no campaign id.
func (s CampaignStore) exists(ctx context.Context, id int64) error {
	var n int
	if err := s.D.Pool().QueryRow(ctx, `SELECT count(*) FROM campaigns WHERE id = $1`, id).Scan(&n); err != nil {
		return s.D.Err(ctx, err, "read campaign %d", id)
	}
	if n == 0 {
		return geo.Errorf(geo.ENOTFOUND, "Kampagne %d nicht gefunden", id)
	}
	return nil
}

// AddSites implements campaigns.SiteStore.
func (s CampaignStore) AddSites(ctx context.Context, ss []campaigns.Site) ([]int64, error) {
	ids := make([]int64, 0, len(ss))
	err := s.D.WriteTx(ctx, func(q Querier) error {
		ids = ids[:0]
		now := time.Now()
		for _, st := range ss {
			var n int
			if err := q.QueryRow(ctx, `SELECT count(*) FROM sites WHERE name_fold = $1`, NameFold(st.Name)).Scan(&n); err != nil {
				return s.D.Err(ctx, err, "check site name")
			}
			if n > 0 {
				return geo.Errorf(geo.ECONFLICT, "Es gibt schon eine Liegenschaft %s", st.Name)
			}
			for _, ref := range []struct {
				table, what string
				id          int64
			}{
				{"addresses", "Adresse", st.AddressID}, {"campaigns", "Kampagne", st.CampaignID},
			} {
				if ref.id == 0 {
					continue
				}
				if err := q.QueryRow(ctx, `SELECT count(*) FROM `+ref.table+` WHERE id = $1`, ref.id).Scan(&n); err != nil {
					return s.D.Err(ctx, err, "check %s", ref.table)
				}
				if n == 0 {
					return geo.Errorf(geo.ENOTFOUND, "%s %d gibt es nicht", ref.what, ref.id)
				}
			}
			created := st.CreatedAt
			if created.IsZero() {
				created = now
			}
			var id int64
			err := q.QueryRow(ctx, `INSERT INTO sites (name, name_fold, kind, address_id, campaign_id, project_id, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, st.Name, NameFold(st.Name), st.Kind, nullID(st.AddressID),
				nullID(st.CampaignID), nullID(st.ProjectID), s.D.Time(created)).Scan(&id)
			if s.D.IsUnique(err, "sites.name_fold") {
				return geo.Errorf(geo.ECONFLICT, "Es gibt schon eine Liegenschaft %s", st.Name)
			}
			if err != nil {
				return s.D.Err(ctx, err, "insert site %s", st.Name)
			}
			for _, ch := range st.Changes {
				ch.SiteID = id
				if err := s.insertSiteChange(ctx, q, ch, now); err != nil {
					return err
				}
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

func (s CampaignStore) insertSiteChange(ctx context.Context, q Querier, ch campaigns.SiteChange, now time.Time) error {
	entered := ch.EnteredAt
	if entered.IsZero() {
		entered = now
	}
	if _, err := q.Exec(ctx, `INSERT INTO site_changes (site_id, state, effective, reason, entered_by, entered_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, ch.SiteID, string(ch.State), s.D.Date(ch.Effective), ch.Reason, ch.EnteredBy,
		s.D.Time(entered)); err != nil {
		return s.D.Err(ctx, err, "insert site change")
	}
	return nil
}

// Sites implements campaigns.SiteStore.
func (s CampaignStore) Sites(ctx context.Context) ([]campaigns.Site, error) {
	ss, err := queryAll(ctx, s.D, s.D.Pool(), "read sites", func(r Rows) (campaigns.Site, error) {
		var st campaigns.Site
		err := r.Scan(&st.ID, &st.Name, &st.Kind, &st.AddressID, &st.CampaignID, &st.ProjectID, Time{&st.CreatedAt})
		return st, err
	}, `SELECT id, name, kind, coalesce(address_id, 0), coalesce(campaign_id, 0), coalesce(project_id, 0), created_at
		FROM sites ORDER BY name_fold, id`)
	if err != nil {
		return nil, err
	}
	chs, err := queryAll(ctx, s.D, s.D.Pool(), "read site changes", func(r Rows) (campaigns.SiteChange, error) {
		var ch campaigns.SiteChange
		var state string
		err := r.Scan(&ch.ID, &ch.SiteID, &state, Date{&ch.Effective}, &ch.Reason, &ch.EnteredBy, Time{&ch.EnteredAt})
		ch.State = campaigns.SiteState(state)
		return ch, err
	}, `SELECT id, site_id, state, effective, reason, entered_by, entered_at FROM site_changes ORDER BY effective, id`)
	if err != nil {
		return nil, err
	}
	idx := make(map[int64]int, len(ss))
	for i, st := range ss {
		idx[st.ID] = i
	}
	for _, ch := range chs {
		if i, ok := idx[ch.SiteID]; ok {
			ss[i].Changes = append(ss[i].Changes, ch)
		}
	}
	return ss, nil
}

// AddSiteChange implements campaigns.SiteStore.
func (s CampaignStore) AddSiteChange(ctx context.Context, ch campaigns.SiteChange) error {
	return s.D.WriteTx(ctx, func(q Querier) error {
		var n int
		if err := q.QueryRow(ctx, `SELECT count(*) FROM sites WHERE id = $1`, ch.SiteID).Scan(&n); err != nil {
			return s.D.Err(ctx, err, "read site %d", ch.SiteID)
		}
		if n == 0 {
			return geo.Errorf(geo.ENOTFOUND, "Liegenschaft %d nicht gefunden", ch.SiteID)
		}
		return s.insertSiteChange(ctx, q, ch, time.Now())
	})
}
