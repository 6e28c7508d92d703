package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"gigaplan/geo"
)

// SupplyStore implements geo.SupplyStore over a Dialect: the surveys
// (migration 0017), their operators, and the supply rows keyed by
// (survey, address, operator).
type SupplyStore struct {
	D Dialect
}

var supplyCols = []string{"survey_id", "address_id", "answered_by", "operator", "download", "upload", "technology",
	"planned_operator", "planned_date", "source"}

// ValidBandwidth reports whether v is a non-negative finite Mbit/s figure.
func ValidBandwidth(v float64) bool { return v >= 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }

func (s SupplyStore) nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return s.D.Date(t)
}

const surveyCols = `id, name, coalesce(area_id, 0), period_from, period_to, published, horizon_years,
	branchendialog, created_at, created_by`

func scanSurvey(r Row) (sv geo.Survey, err error) {
	var h int64
	err = r.Scan(&sv.ID, &sv.Name, &sv.AreaID, Date{&sv.From}, Date{&sv.To}, Date{&sv.Published}, &h,
		Date{&sv.Branchendialog}, Time{&sv.CreatedAt}, &sv.CreatedBy)
	sv.HorizonYears = int(h)
	return sv, err
}

// AddSurvey implements geo.SupplyStore.
func (s SupplyStore) AddSurvey(ctx context.Context, sv geo.Survey) (geo.Survey, error) {
	if err := sv.Validate(); err != nil {
		return geo.Survey{}, err
	}
	sv.Name = strings.TrimSpace(sv.Name)
	created := time.Now()
	err := s.D.WriteTx(ctx, func(q Querier) error {
		if sv.AreaID != 0 {
			var n int
			if err := q.QueryRow(ctx, `SELECT count(*) FROM areas WHERE id = $1`, sv.AreaID).Scan(&n); err != nil {
				return s.D.Err(ctx, err, "read area %d", sv.AreaID)
			}
			if n == 0 {
				return geo.Errorf(geo.EINVALID, "Markterkundung: Gebiet %d gibt es nicht", sv.AreaID)
			}
		}
		if err := q.QueryRow(ctx, `INSERT INTO surveys (name, area_id, period_from, period_to, published,
			horizon_years, branchendialog, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			sv.Name, nullID(sv.AreaID), s.nullDate(sv.From), s.nullDate(sv.To), s.nullDate(sv.Published),
			sv.HorizonYears, s.nullDate(sv.Branchendialog), s.D.Time(created), sv.CreatedBy).Scan(&sv.ID); err != nil {
			return s.D.Err(ctx, err, "insert survey")
		}
		for _, o := range sv.Operators {
			if _, err := q.Exec(ctx, `INSERT INTO survey_operators (survey_id, operator, asked, answered_on)
				VALUES ($1, $2, $3, $4)`, sv.ID, strings.TrimSpace(o.Name), o.Asked, s.nullDate(o.AnsweredOn)); err != nil {
				if s.D.IsUnique(err, "") {
					return geo.Errorf(geo.EINVALID, "Markterkundung: Betreiber %q doppelt angegeben", o.Name)
				}
				return s.D.Err(ctx, err, "insert survey operator")
			}
		}
		return nil
	})
	if err != nil {
		return geo.Survey{}, err
	}
	return s.Survey(ctx, sv.ID)
}

// Surveys implements geo.SupplyStore.
func (s SupplyStore) Surveys(ctx context.Context) ([]geo.Survey, error) {
	out, err := queryAll(ctx, s.D, s.D.Pool(), "read surveys", func(r Rows) (geo.Survey, error) { return scanSurvey(r) },
		`SELECT `+surveyCols+` FROM surveys ORDER BY id`)
	if err != nil {
		return nil, err
	}
	ops, err := s.operators(ctx, 0)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Operators = ops[out[i].ID]
	}
	return out, nil
}

// Survey implements geo.SupplyStore.
func (s SupplyStore) Survey(ctx context.Context, id int64) (geo.Survey, error) {
	sv, err := scanSurvey(s.D.Pool().QueryRow(ctx, `SELECT `+surveyCols+` FROM surveys WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return geo.Survey{}, geo.Errorf(geo.ENOTFOUND, "Markterkundung %d gibt es nicht", id)
	}
	if err != nil {
		return geo.Survey{}, s.D.Err(ctx, err, "read survey %d", id)
	}
	ops, err := s.operators(ctx, id)
	if err != nil {
		return geo.Survey{}, err
	}
	sv.Operators = ops[id]
	return sv, nil
}

// operators reads the operators of survey (0: of every survey) by survey.
func (s SupplyStore) operators(ctx context.Context, survey int64) (map[int64][]geo.SurveyOperator, error) {
	type row struct {
		survey int64
		op     geo.SurveyOperator
	}
	q := `SELECT survey_id, operator, asked, answered_on FROM survey_operators`
	var args []any
	if survey != 0 {
		q += ` WHERE survey_id = $1`
		args = append(args, survey)
	}
	rows, err := queryAll(ctx, s.D, s.D.Pool(), "read survey operators", func(r Rows) (x row, err error) {
		err = r.Scan(&x.survey, &x.op.Name, &x.op.Asked, Date{&x.op.AnsweredOn})
		return x, err
	}, q+` ORDER BY survey_id, operator`, args...)
	if err != nil {
		return nil, err
	}
	out := map[int64][]geo.SurveyOperator{}
	for _, r := range rows {
		out[r.survey] = append(out[r.survey], r.op)
	}
	return out, nil
}

// surveyExists is ENOTFOUND unless survey exists; q is the transaction.
func (s SupplyStore) surveyExists(ctx context.Context, q Querier, survey int64) error {
	var n int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM surveys WHERE id = $1`, survey).Scan(&n); err != nil {
		return s.D.Err(ctx, err, "read survey %d", survey)
	}
	if n == 0 {
		return geo.Errorf(geo.ENOTFOUND, "Markterkundung %d gibt es nicht", survey)
	}
	return nil
}

// upsertOperator adds operator to survey or updates it: asked (when not
// nil) and answered (when not zero).
func (s SupplyStore) upsertOperator(ctx context.Context, q Querier, survey int64, operator string, asked *bool, answered time.Time) error {
	n, err := q.Exec(ctx, `UPDATE survey_operators SET asked = coalesce($3, asked), answered_on = coalesce($4, answered_on)
		WHERE survey_id = $1 AND operator = $2`, survey, operator, asked, s.nullDate(answered))
	if err != nil {
		return s.D.Err(ctx, err, "update survey operator")
	}
	if n > 0 {
		return nil
	}
	a := false
	if asked != nil {
		a = *asked
	}
	if _, err := q.Exec(ctx, `INSERT INTO survey_operators (survey_id, operator, asked, answered_on) VALUES ($1, $2, $3, $4)`,
		survey, operator, a, s.nullDate(answered)); err != nil {
		return s.D.Err(ctx, err, "insert survey operator")
	}
	return nil
}

// SetSurveyOperators implements geo.SupplyStore.
func (s SupplyStore) SetSurveyOperators(ctx context.Context, survey int64, names []string, asked bool) error {
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			return geo.Errorf(geo.EINVALID, "Markterkundung: Betreiber ohne Namen")
		}
	}
	return s.D.WriteTx(ctx, func(q Querier) error {
		if err := s.surveyExists(ctx, q, survey); err != nil {
			return err
		}
		for _, n := range names {
			if err := s.upsertOperator(ctx, q, survey, strings.TrimSpace(n), &asked, time.Time{}); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReplaceOperatorSupply implements geo.SupplyStore. The rows are checked
// (bandwidths, addresses given twice) as they are read, then written in
// one transaction that locks the supply table against other writers and
// deletes the operator's earlier answer first. An unknown address is
// found, after the insert failed, by looking the rows' addresses up.
func (s SupplyStore) ReplaceOperatorSupply(ctx context.Context, survey int64, operator string, answered time.Time, seq iter.Seq2[geo.Supply, error]) (int, error) {
	operator = strings.TrimSpace(operator)
	if operator == "" {
		return 0, geo.Errorf(geo.EINVALID, "Versorgungsdaten: Betreiber fehlt")
	}
	if answered.IsZero() {
		return 0, geo.Errorf(geo.EINVALID, "Versorgungsdaten von %s: Datum der Antwort fehlt", operator)
	}
	var rows []geo.Supply
	first := map[int64]string{} // address → the Source that gave it first
	for sp, err := range seq {
		if err != nil {
			return 0, err
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		where := rowName(sp)
		if !ValidBandwidth(sp.Download) || !ValidBandwidth(sp.Upload) {
			return 0, geo.Errorf(geo.EINVALID, "%s: Bandbreite %v/%v Mbit/s ist keine nicht-negative Zahl", where, sp.Download, sp.Upload)
		}
		if src, dup := first[sp.AddressID]; dup {
			return 0, geo.Errorf(geo.EINVALID, "%s: Adresse %d steht in der Antwort von %s doppelt (zuerst %s)", where, sp.AddressID, operator, src)
		}
		first[sp.AddressID] = where
		rows = append(rows, sp)
	}
	var n int64
	err := s.D.BulkTx(ctx, func(q Querier) error {
		if err := s.D.LockTable(ctx, q, "supply"); err != nil {
			return err
		}
		if err := s.surveyExists(ctx, q, survey); err != nil {
			return err
		}
		if err := s.upsertOperator(ctx, q, survey, operator, nil, answered); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM supply WHERE survey_id = $1 AND answered_by = $2`, survey, operator); err != nil {
			return s.D.Err(ctx, err, "delete supply")
		}
		i := 0
		var err error
		n, err = s.D.Insert(ctx, q, "supply", supplyCols, func() ([]any, error) {
			if i == len(rows) {
				return nil, nil
			}
			if i%CheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			sp := rows[i]
			i++
			if sp.Operator == "" {
				sp.Operator = operator
			}
			return []any{survey, sp.AddressID, operator, sp.Operator, sp.Download, sp.Upload, sp.Technology,
				sp.PlannedOperator, s.nullDate(sp.PlannedDate), sp.Source}, nil
		})
		if err != nil {
			return err
		}
		return RecordImport(ctx, s.D, q, int(n))
	})
	switch {
	case err == nil:
		return int(n), nil
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return 0, err
	case geo.ErrorCode(err) == geo.EINVALID:
		if bad, ok := s.firstUnknown(ctx, rows); ok {
			return 0, geo.Errorf(geo.EINVALID, "%s: Adresse %d gibt es nicht (mehr) in der Datenbank", rowName(bad), bad.AddressID)
		}
		return 0, geo.Errorf(geo.EINVALID, "Versorgungsdaten von %s nicht gespeichert: %s", operator, geo.ErrorMessage(err))
	}
	return 0, err
}

// rowName names a supply row for people: its Source (file:line) or its
// address.
func rowName(sp geo.Supply) string {
	if sp.Source != "" {
		return sp.Source
	}
	return fmt.Sprintf("Adresse %d", sp.AddressID)
}

// firstUnknown returns the first row whose address is not in the store.
func (s SupplyStore) firstUnknown(ctx context.Context, rows []geo.Supply) (geo.Supply, bool) {
	for chunk := range slices.Chunk(rows, 500) {
		args := make([]any, len(chunk))
		ph := make([]string, len(chunk))
		for i, sp := range chunk {
			args[i] = sp.AddressID
			ph[i] = fmt.Sprintf("$%d", i+1)
		}
		ids, err := queryAll(ctx, s.D, s.D.Pool(), "look addresses up", func(r Rows) (id int64, err error) {
			err = r.Scan(&id)
			return id, err
		}, `SELECT id FROM addresses WHERE id IN (`+strings.Join(ph, ", ")+`)`, args...)
		if err != nil {
			return geo.Supply{}, false
		}
		for _, sp := range chunk {
			if !slices.Contains(ids, sp.AddressID) {
				return sp, true
			}
		}
	}
	return geo.Supply{}, false
}

// LatestSurvey implements geo.SupplyStore.
func (s SupplyStore) LatestSurvey(ctx context.Context, area int64) (geo.Survey, error) {
	var id int64
	var err error
	if area == 0 {
		err = s.D.Pool().QueryRow(ctx, `SELECT s.id FROM surveys s WHERE `+surveyAnswered+` ORDER BY s.id DESC LIMIT 1`).Scan(&id)
	} else {
		err = s.D.Pool().QueryRow(ctx, LatestSurveyQuery, area).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return geo.Survey{}, geo.Errorf(geo.ENOTFOUND, "keine Markterkundung für dieses Gebiet")
	}
	if err != nil {
		return geo.Survey{}, s.D.Err(ctx, err, "find the latest survey of area %d", area)
	}
	return s.Survey(ctx, id)
}

// surveyAnswered is the condition on surveys s that an operator answered.
const surveyAnswered = `EXISTS (SELECT 1 FROM survey_operators o WHERE o.survey_id = s.id AND o.answered_on IS NOT NULL)`

// LatestSurveyQuery finds the latest survey covering area $1 that an
// operator answered: its own project area, one sharing an address with it,
// or the whole store.
const LatestSurveyQuery = `SELECT s.id FROM surveys s
	WHERE (s.area_id IS NULL OR s.area_id = $1 OR EXISTS (
		SELECT 1 FROM assignments a JOIN assignments b ON b.address_id = a.address_id AND b.area_id = $1
		WHERE a.area_id = s.area_id)) AND ` + surveyAnswered + `
	ORDER BY s.id DESC LIMIT 1`

// resolve returns survey, or the latest covering area when survey is 0
// (0, false when there is none).
func (s SupplyStore) resolve(ctx context.Context, survey, area int64) (int64, bool, error) {
	if survey != 0 {
		return survey, true, nil
	}
	sv, err := s.LatestSurvey(ctx, area)
	if geo.ErrorCode(err) == geo.ENOTFOUND {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return sv.ID, true, nil
}

// OperatorSupplyIn implements geo.SupplyStore.
func (s SupplyStore) OperatorSupplyIn(ctx context.Context, survey, area int64) (map[int64][]geo.Supply, error) {
	out := make(map[int64][]geo.Supply)
	survey, ok, err := s.resolve(ctx, survey, area)
	if err != nil || !ok {
		return out, err
	}
	query, args := `SELECT `+supplyReadCols+` FROM supply p WHERE p.survey_id = $1`, []any{survey}
	if area != 0 {
		query, args = SupplyInQuery, []any{area, survey}
	}
	for sp, err := range stream(ctx, s.D, "read supply", func(r Rows) (sp geo.Supply, err error) {
		err = r.Scan(&sp.AddressID, &sp.Download, &sp.Upload, &sp.Technology, &sp.Operator,
			&sp.PlannedOperator, Date{&sp.PlannedDate}, &sp.Source, &sp.AnsweredBy)
		return sp, err
	}, query, args...) {
		if err != nil {
			return nil, err
		}
		out[sp.AddressID] = append(out[sp.AddressID], sp)
	}
	for _, ss := range out {
		if len(ss) > 1 {
			slices.SortFunc(ss, func(a, b geo.Supply) int { return cmp.Compare(a.AnsweredBy, b.AnsweredBy) })
		}
	}
	return out, nil
}

// SurveySupply implements geo.SupplyStore.
func (s SupplyStore) SurveySupply(ctx context.Context, survey, area int64) (map[int64]geo.Supply, error) {
	per, err := s.OperatorSupplyIn(ctx, survey, area)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]geo.Supply, len(per))
	for id, ss := range per {
		m := ss[0]
		for _, sp := range ss[1:] {
			m = geo.MergeSupply(m, sp)
		}
		m.AnsweredBy = ""
		out[id] = m
	}
	return out, nil
}

// SupplyAll implements geo.SupplyStore.
func (s SupplyStore) SupplyAll(ctx context.Context) (map[int64]geo.Supply, error) {
	return s.SurveySupply(ctx, 0, 0)
}

// SupplyIn implements geo.SupplyStore.
func (s SupplyStore) SupplyIn(ctx context.Context, area int64) (map[int64]geo.Supply, error) {
	return s.SurveySupply(ctx, 0, area)
}

// supplyReadCols are the columns a supply read scans, from alias p.
const supplyReadCols = `p.address_id, p.download, p.upload, p.technology, p.operator,
	p.planned_operator, p.planned_date, p.source, p.answered_by`

// SupplyInQuery reads one survey's supply rows of an area's addresses ($1:
// the area ID, $2: the survey ID), through the area index and the supply
// table's primary key; for the adapters' query-plan tests.
const SupplyInQuery = `SELECT ` + supplyReadCols + `
	FROM assignments m JOIN supply p ON p.survey_id = $2 AND p.address_id = m.address_id
	WHERE m.area_id = $1`
