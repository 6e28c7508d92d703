package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// ReportStore implements campaigns.CitizenReportStore over a Dialect.
type ReportStore struct {
	D Dialect
}

const reportCols = `id, kind, address_id, address, has_position, lon, lat, body, email, municipality,
	created_at, closed_at, closed_by, answer`

func scanReport(r Row) (campaigns.CitizenReport, error) {
	var x campaigns.CitizenReport
	var kind string
	var addr sql.NullInt64
	err := r.Scan(&x.ID, &kind, &addr, &x.Address, &x.HasPosition, &x.Lon, &x.Lat, &x.Text, &x.Email, &x.Municipality,
		Time{&x.CreatedAt}, Time{&x.ClosedAt}, &x.ClosedBy, &x.Answer)
	x.Kind, x.AddressID = campaigns.ReportKind(kind), addr.Int64
	return x, err
}

// AddCitizenReport implements campaigns.CitizenReportStore.
func (s ReportStore) AddCitizenReport(ctx context.Context, r campaigns.CitizenReport) (campaigns.CitizenReport, error) {
	r, err := campaigns.CleanReport(r)
	if err != nil {
		return campaigns.CitizenReport{}, err
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now()
	}
	r.CreatedAt = r.CreatedAt.UTC().Truncate(time.Microsecond)
	r.ClosedAt, r.ClosedBy, r.Answer = time.Time{}, "", ""
	err = s.D.WriteTx(ctx, func(q Querier) error {
		if err := q.QueryRow(ctx, `INSERT INTO citizen_reports (kind, address_id, address, has_position, lon, lat, body, email,
			municipality, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			string(r.Kind), nullID(r.AddressID), r.Address, r.HasPosition, r.Lon, r.Lat, r.Text, r.Email,
			r.Municipality, s.D.Time(r.CreatedAt)).Scan(&r.ID); err != nil {
			return s.D.Err(ctx, err, "insert citizen report")
		}
		return nil
	})
	if err != nil {
		return campaigns.CitizenReport{}, err
	}
	return r, nil
}

// CitizenReport implements campaigns.CitizenReportStore.
func (s ReportStore) CitizenReport(ctx context.Context, id int64) (campaigns.CitizenReport, error) {
	r, err := scanReport(s.D.Pool().QueryRow(ctx, `SELECT `+reportCols+` FROM citizen_reports WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return campaigns.CitizenReport{}, geo.Errorf(geo.ENOTFOUND, "Meldung %d gibt es nicht", id)
	}
	if err != nil {
		return campaigns.CitizenReport{}, s.D.Err(ctx, err, "read citizen report %d", id)
	}
	return r, nil
}

// CitizenReports implements campaigns.CitizenReportStore.
func (s ReportStore) CitizenReports(ctx context.Context, f campaigns.ReportFilter) ([]campaigns.CitizenReport, error) {
	q := `SELECT ` + reportCols + ` FROM citizen_reports WHERE ($1 = 0 OR municipality = $1)`
	switch f.State {
	case campaigns.ReportsOpen:
		q += ` AND closed_at IS NULL`
	case campaigns.ReportsClosed:
		q += ` AND closed_at IS NOT NULL`
	case "":
	default:
		return nil, geo.Errorf(geo.EINVALID, "Meldungen: unbekannter Filter %q (offen oder erledigt)", f.State)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = campaigns.DefaultReportLimit
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT $2`
	return queryAll(ctx, s.D, s.D.Pool(), "read citizen reports", func(r Rows) (campaigns.CitizenReport, error) {
		return scanReport(r)
	}, q, f.Municipality, limit)
}

// CloseCitizenReport implements campaigns.CitizenReportStore.
func (s ReportStore) CloseCitizenReport(ctx context.Context, id int64, answer, by string, at time.Time) (campaigns.CitizenReport, error) {
	answer, err := campaigns.CleanAnswer(answer)
	if err != nil {
		return campaigns.CitizenReport{}, err
	}
	if at.IsZero() {
		at = time.Now()
	}
	at = at.UTC().Truncate(time.Microsecond)
	var out campaigns.CitizenReport
	err = s.D.WriteTx(ctx, func(q Querier) error {
		r, err := scanReport(q.QueryRow(ctx, `SELECT `+reportCols+` FROM citizen_reports WHERE id = $1`+s.D.Lock(), id))
		if errors.Is(err, sql.ErrNoRows) {
			return geo.Errorf(geo.ENOTFOUND, "Meldung %d gibt es nicht", id)
		}
		if err != nil {
			return s.D.Err(ctx, err, "read citizen report %d", id)
		}
		if !r.Open() {
			return geo.Errorf(geo.ECONFLICT, "Meldung %d ist schon erledigt (am %s von %s)", id,
				r.ClosedAt.In(campaigns.Location).Format("02.01.2006 15:04"), r.ClosedBy)
		}
		if _, err := q.Exec(ctx, `UPDATE citizen_reports SET closed_at = $1, closed_by = $2, answer = $3 WHERE id = $4`,
			s.D.Time(at), by, answer, id); err != nil {
			return s.D.Err(ctx, err, "close citizen report %d", id)
		}
		r.ClosedAt, r.ClosedBy, r.Answer = at, by, answer
		out = r
		return nil
	})
	if err != nil {
		return campaigns.CitizenReport{}, err
	}
	return out, nil
}
