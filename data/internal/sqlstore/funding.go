package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// FundingStore implements campaigns.FundingStore over a Dialect: the
// funding projects of migration 0019 with their areas, frozen project
// area, milestones and budget, and their construction progress and
// expected dates (migration 0023).
//
// UpdateFundingProject locks the project row (Dialect.Lock) before it
// compares the version, so of two writers of the same version one wins
// and the other gets ECONFLICT.
type FundingStore struct {
	D Dialect
}

var _ campaigns.FundingStore = FundingStore{}

// AddFundingProject implements campaigns.FundingStore.
func (s FundingStore) AddFundingProject(ctx context.Context, p campaigns.FundingProject) (*campaigns.FundingProject, error) {
	p.Name = strings.TrimSpace(p.Name)
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if len(p.Milestones) > 0 || len(p.Addresses) > 0 || !p.Budget.Empty() {
		return nil, geo.Errorf(geo.EINVALID, "Förderprojekt %q: Meilensteine, Projektgebiet und Budget kommen nach dem Anlegen", p.Name)
	}
	created := p.CreatedAt
	if created.IsZero() {
		created = time.Now()
	}
	var id int64
	err := s.D.WriteTx(ctx, func(q Querier) error {
		if p.SurveyID != 0 {
			var n int
			if err := q.QueryRow(ctx, `SELECT count(*) FROM surveys WHERE id = $1`, p.SurveyID).Scan(&n); err != nil {
				return s.D.Err(ctx, err, "read survey %d", p.SurveyID)
			}
			if n == 0 {
				return geo.Errorf(geo.EINVALID, "Förderprojekt %q: Markterkundung %d gibt es nicht", p.Name, p.SurveyID)
			}
		}
		err := q.QueryRow(ctx, `INSERT INTO funding_projects (name, name_key, municipalities, rule_set, survey_id, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.Name, NameFold(p.Name), strings.Join(p.Municipalities, ","),
			p.RuleSet, nullID(p.SurveyID), s.D.Time(created), p.CreatedBy).Scan(&id)
		if s.D.IsUnique(err, "funding_projects.name_key") {
			return geo.Errorf(geo.ECONFLICT, "Es gibt schon ein Förderprojekt „%s“.", p.Name)
		}
		if err != nil {
			return s.D.Err(ctx, err, "insert funding project")
		}
		for _, a := range p.Areas {
			var n int
			if err := q.QueryRow(ctx, `SELECT count(*) FROM areas WHERE id = $1`, a).Scan(&n); err != nil {
				return s.D.Err(ctx, err, "read area %d", a)
			}
			if n == 0 {
				return geo.Errorf(geo.EINVALID, "Förderprojekt %q: Gebiet %d gibt es nicht", p.Name, a)
			}
			if _, err := q.Exec(ctx, `INSERT INTO funding_project_areas (project_id, area_id) VALUES ($1, $2)`, id, a); err != nil {
				if s.D.IsUnique(err, "") {
					return geo.Errorf(geo.EINVALID, "Förderprojekt %q: Gebiet %d doppelt angegeben", p.Name, a)
				}
				return s.D.Err(ctx, err, "insert funding project area")
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.FundingProject(ctx, id)
}

// FundingProject implements campaigns.FundingStore.
func (s FundingStore) FundingProject(ctx context.Context, id int64) (*campaigns.FundingProject, error) {
	return s.load(ctx, s.D.Pool(), id, false, true)
}

// FundingProjectByName implements campaigns.FundingStore.
func (s FundingStore) FundingProjectByName(ctx context.Context, name string) (*campaigns.FundingProject, error) {
	var id int64
	err := s.D.Pool().QueryRow(ctx, `SELECT id FROM funding_projects WHERE name_key = $1`, NameFold(name)).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return nil, geo.Errorf(geo.ENOTFOUND, "Förderprojekt „%s“ gibt es nicht (gigaplan funding list zeigt alle)", name)
	}
	if err != nil {
		return nil, s.D.Err(ctx, err, "find funding project %q", name)
	}
	return s.FundingProject(ctx, id)
}

// FundingProjects implements campaigns.FundingStore.
func (s FundingStore) FundingProjects(ctx context.Context) ([]*campaigns.FundingProject, error) {
	return s.loadAll(ctx, true, `SELECT id FROM funding_projects ORDER BY id`)
}

// FundingProjectsOfAddress implements campaigns.FundingStore. The projects
// come without their Addresses: coverage asks per address.
func (s FundingStore) FundingProjectsOfAddress(ctx context.Context, addressID int64) ([]*campaigns.FundingProject, error) {
	return s.loadAll(ctx, false, `SELECT project_id FROM funding_project_addresses WHERE address_id = $1 ORDER BY project_id`, addressID)
}

func (s FundingStore) loadAll(ctx context.Context, addresses bool, query string, args ...any) ([]*campaigns.FundingProject, error) {
	ids, err := queryAll(ctx, s.D, s.D.Pool(), "list funding projects", func(r Rows) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	}, query, args...)
	if err != nil {
		return nil, err
	}
	out := make([]*campaigns.FundingProject, 0, len(ids))
	for _, id := range ids {
		p, err := s.load(ctx, s.D.Pool(), id, false, addresses)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	campaigns.SortProjects(out)
	return out, nil
}

func (s FundingStore) load(ctx context.Context, q Querier, id int64, lock, addresses bool) (*campaigns.FundingProject, error) {
	p := &campaigns.FundingProject{ID: id}
	var munis string
	query := `SELECT name, municipalities, rule_set, coalesce(survey_id, 0), frozen_on, budget_total, version, created_at, created_by
		FROM funding_projects WHERE id = $1`
	if lock {
		query += s.D.Lock()
	}
	err := q.QueryRow(ctx, query, id).Scan(&p.Name, &munis, &p.RuleSet, &p.SurveyID, Date{&p.FrozenOn}, &p.Budget.Total,
		&p.Version, Time{&p.CreatedAt}, &p.CreatedBy)
	if errors.Is(err, ErrNoRows) {
		return nil, geo.Errorf(geo.ENOTFOUND, "Förderprojekt %d gibt es nicht", id)
	}
	if err != nil {
		return nil, s.D.Err(ctx, err, "read funding project %d", id)
	}
	if munis != "" {
		p.Municipalities = strings.Split(munis, ",")
	}
	scanID := func(r Rows) (int64, error) {
		var v int64
		err := r.Scan(&v)
		return v, err
	}
	if p.Areas, err = queryAll(ctx, s.D, q, "read funding project areas", scanID,
		`SELECT area_id FROM funding_project_areas WHERE project_id = $1 ORDER BY area_id`, id); err != nil {
		return nil, err
	}
	if addresses {
		if p.Addresses, err = queryAll(ctx, s.D, q, "read funding project addresses", scanID,
			`SELECT address_id FROM funding_project_addresses WHERE project_id = $1 ORDER BY address_id`, id); err != nil {
			return nil, err
		}
	}
	if p.Milestones, err = queryAll(ctx, s.D, q, "read funding milestones", func(r Rows) (campaigns.MilestoneEvent, error) {
		var e campaigns.MilestoneEvent
		var kind, model string
		err := r.Scan(&e.ID, &kind, Date{&e.Day}, &e.Operator, &model, &e.Corrects, &e.Note, &e.EnteredBy, Time{&e.EnteredAt})
		e.ProjectID, e.Kind, e.Model = id, campaigns.Milestone(kind), campaigns.FundingModel(model)
		return e, err
	}, `SELECT id, kind, day, operator, model, coalesce(corrects, 0), note, entered_by, entered_at
		FROM funding_milestones WHERE project_id = $1 ORDER BY id`, id); err != nil {
		return nil, err
	}
	if p.Budget.Lines, err = queryAll(ctx, s.D, q, "read funding budget", func(r Rows) (campaigns.BudgetLine, error) {
		var l campaigns.BudgetLine
		var share string
		err := r.Scan(&share, &l.Approved, &l.Actual)
		l.Share = campaigns.Share(share)
		return l, err
	}, `SELECT share, approved, actual FROM funding_budget WHERE project_id = $1`, id); err != nil {
		return nil, err
	}
	slices.SortFunc(p.Budget.Lines, func(a, b campaigns.BudgetLine) int {
		return slices.Index(campaigns.Shares, a.Share) - slices.Index(campaigns.Shares, b.Share)
	})
	if p.Budget.Years, err = queryAll(ctx, s.D, q, "read funding budget years", func(r Rows) (campaigns.YearAmount, error) {
		var y campaigns.YearAmount
		var year int64
		err := r.Scan(&year, &y.Cents)
		y.Year = int(year)
		return y, err
	}, `SELECT year, amount FROM funding_budget_years WHERE project_id = $1 ORDER BY year`, id); err != nil {
		return nil, err
	}
	if p.Progress, err = queryAll(ctx, s.D, q, "read funding progress", func(r Rows) (campaigns.Progress, error) {
		var x campaigns.Progress
		err := r.Scan(&x.ID, &x.Street, Date{&x.AsOf}, &x.Passed, &x.Connected, &x.Activated, &x.Source, &x.EnteredBy, Time{&x.EnteredAt})
		x.ProjectID = id
		return x, err
	}, `SELECT id, street, as_of, passed, connected, activated, source, entered_by, entered_at
		FROM funding_progress WHERE project_id = $1 ORDER BY id`, id); err != nil {
		return nil, err
	}
	if p.BuildDates, err = queryAll(ctx, s.D, q, "read funding build dates", func(r Rows) (campaigns.BuildDate, error) {
		var d campaigns.BuildDate
		var kind string
		err := r.Scan(&d.ID, &kind, Date{&d.Expected}, Date{&d.Reported}, &d.Reason, &d.EnteredBy, Time{&d.EnteredAt})
		d.ProjectID, d.Kind = id, campaigns.BuildDateKind(kind)
		return d, err
	}, `SELECT id, kind, expected, reported, reason, entered_by, entered_at
		FROM funding_build_dates WHERE project_id = $1 ORDER BY id`, id); err != nil {
		return nil, err
	}
	if len(p.Progress) == 0 {
		p.Progress = nil
	}
	if len(p.BuildDates) == 0 {
		p.BuildDates = nil
	}
	if len(p.Budget.Lines) == 0 {
		p.Budget.Lines = nil
	}
	if len(p.Budget.Years) == 0 {
		p.Budget.Years = nil
	}
	if len(p.Milestones) == 0 {
		p.Milestones = nil
	}
	if len(p.Addresses) == 0 {
		p.Addresses = nil
	}
	if len(p.Areas) == 0 {
		p.Areas = nil
	}
	return p, nil
}

// UpdateFundingProject implements campaigns.FundingStore.
func (s FundingStore) UpdateFundingProject(ctx context.Context, id, version int64,
	change func(p *campaigns.FundingProject) error) (*campaigns.FundingProject, error) {
	err := s.D.CallbackTx(ctx, func(q Querier) error {
		p, err := s.load(ctx, q, id, true, true)
		if err != nil {
			return err
		}
		if p.Version != version {
			return geo.Errorf(geo.ECONFLICT, "Förderprojekt „%s“ wurde inzwischen geändert (Stand %d, nicht %d): bitte neu laden und noch einmal eingeben",
				p.Name, p.Version, version)
		}
		old := slices.Clone(p.Milestones)
		oldProgress, oldDates := slices.Clone(p.Progress), slices.Clone(p.BuildDates)
		oldBudget := p.Budget
		oldBudget.Lines, oldBudget.Years = slices.Clone(p.Budget.Lines), slices.Clone(p.Budget.Years)
		wasFrozen := len(p.Addresses) > 0
		oldAddresses := slices.Clone(p.Addresses)
		if err := change(p); err != nil {
			return err
		}
		if len(p.Milestones) < len(old) || !slices.Equal(p.Milestones[:len(old)], old) {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: erfasste Meilensteine bleiben, wie sie sind; ein Fehler wird durch eine Korrektur berichtigt", p.Name)
		}
		if len(p.Progress) < len(oldProgress) || !slices.Equal(p.Progress[:len(oldProgress)], oldProgress) ||
			len(p.BuildDates) < len(oldDates) || !slices.Equal(p.BuildDates[:len(oldDates)], oldDates) {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: erfasste Fortschrittsmeldungen und Termine bleiben, wie sie sind; eine Korrektur ist eine neue Meldung", p.Name)
		}
		if wasFrozen && !slices.Equal(p.Addresses, oldAddresses) {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: das Projektgebiet ist seit %s eingefroren", p.Name, campaigns.GermanDate(p.FrozenOn))
		}
		if err := p.Budget.Validate(); err != nil {
			return err
		}
		for _, e := range p.Milestones[len(old):] {
			if e.ID != 0 || e.Kind.Index() < 0 || e.Day.IsZero() {
				return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: ungültiger neuer Meilenstein %q", p.Name, e.Kind)
			}
			at := e.EnteredAt
			if at.IsZero() {
				at = time.Now()
			}
			if _, err := q.Exec(ctx, `INSERT INTO funding_milestones (project_id, kind, day, operator, model, corrects, note, entered_by, entered_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, string(e.Kind), s.D.Date(e.Day), e.Operator, string(e.Model),
				nullID(e.Corrects), e.Note, e.EnteredBy, s.D.Time(at)); err != nil {
				return s.D.Err(ctx, err, "insert funding milestone")
			}
		}
		if err := s.insertBuild(ctx, q, id, p.Name, p.Progress[len(oldProgress):], p.BuildDates[len(oldDates):]); err != nil {
			return err
		}
		if !wasFrozen && len(p.Addresses) > 0 {
			if p.FrozenOn.IsZero() {
				p.FrozenOn = campaigns.Today(time.Now())
			}
			if err := s.insertAddresses(ctx, q, id, p.Addresses); err != nil {
				return err
			}
		}
		if !slices.Equal(p.Budget.Lines, oldBudget.Lines) || !slices.Equal(p.Budget.Years, oldBudget.Years) || p.Budget.Total != oldBudget.Total {
			if err := s.writeBudget(ctx, q, id, p.Budget); err != nil {
				return err
			}
		}
		var frozen any
		if len(p.Addresses) > 0 {
			frozen = s.D.Date(p.FrozenOn)
		}
		if _, err := q.Exec(ctx, `UPDATE funding_projects SET frozen_on = $1, budget_total = $2, version = version + 1 WHERE id = $3`,
			frozen, p.Budget.Total, id); err != nil {
			return s.D.Err(ctx, err, "update funding project %d", id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.FundingProject(ctx, id)
}

// insertBuild appends a project's new progress reports and expected
// dates (those without ID, of this project); entered_at is kept when set
// (a copied store), else now.
func (s FundingStore) insertBuild(ctx context.Context, q Querier, id int64, name string, ps []campaigns.Progress, ds []campaigns.BuildDate) error {
	now := time.Now()
	at := func(t time.Time) any {
		if t.IsZero() {
			t = now
		}
		return s.D.Time(t)
	}
	for _, x := range ps {
		if x.ID != 0 || (x.ProjectID != 0 && x.ProjectID != id) || x.CampaignID != 0 || x.AreaID != 0 || x.AsOf.IsZero() {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: ungültige neue Fortschrittsmeldung vom %s", name, campaigns.GermanDate(x.AsOf))
		}
		if x.Passed < 0 || x.Connected < 0 || x.Activated < 0 || x.Connected > x.Passed || x.Activated > x.Connected {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: Meldung vom %s: es gilt 0 ≤ aktiviert ≤ angeschlossen ≤ Homes Passed",
				name, campaigns.GermanDate(x.AsOf))
		}
		if _, err := q.Exec(ctx, `INSERT INTO funding_progress (project_id, street, as_of, passed, connected, activated, source, entered_by,
			entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, x.Street, s.D.Date(x.AsOf), x.Passed, x.Connected, x.Activated,
			x.Source, x.EnteredBy, at(x.EnteredAt)); err != nil {
			return s.D.Err(ctx, err, "insert funding progress")
		}
	}
	for _, d := range ds {
		if d.ID != 0 || (d.ProjectID != 0 && d.ProjectID != id) || d.CampaignID != 0 || d.AreaID != 0 || d.Expected.IsZero() || d.Reported.IsZero() ||
			(d.Kind != campaigns.BuildStart && d.Kind != campaigns.BuildCompletion) {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: ungültiger neuer Termin %q", name, d.Kind)
		}
		if _, err := q.Exec(ctx, `INSERT INTO funding_build_dates (project_id, kind, expected, reported, reason, entered_by, entered_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, string(d.Kind), s.D.Date(d.Expected), s.D.Date(d.Reported), d.Reason, d.EnteredBy,
			at(d.EnteredAt)); err != nil {
			return s.D.Err(ctx, err, "insert funding build date")
		}
	}
	return nil
}

// insertAddresses stores the frozen project area: the distinct address
// IDs, in multi-row INSERTs of up to 400 rows.
func (s FundingStore) insertAddresses(ctx context.Context, q Querier, project int64, ids []int64) error {
	sorted := slices.Compact(slices.Sorted(slices.Values(ids)))
	for len(sorted) > 0 {
		n := min(len(sorted), 400)
		var b strings.Builder
		args := make([]any, 0, 2*n)
		b.WriteString(`INSERT INTO funding_project_addresses (project_id, address_id) VALUES `)
		for i, a := range sorted[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "($%d, $%d)", 2*i+1, 2*i+2)
			args = append(args, project, a)
		}
		if _, err := q.Exec(ctx, b.String(), args...); err != nil {
			return s.D.Err(ctx, err, "freeze the project area")
		}
		sorted = sorted[n:]
	}
	return nil
}

func (s FundingStore) writeBudget(ctx context.Context, q Querier, id int64, b campaigns.Budget) error {
	for _, stmt := range []string{`DELETE FROM funding_budget WHERE project_id = $1`, `DELETE FROM funding_budget_years WHERE project_id = $1`} {
		if _, err := q.Exec(ctx, stmt, id); err != nil {
			return s.D.Err(ctx, err, "clear funding budget")
		}
	}
	for _, l := range b.Lines {
		if _, err := q.Exec(ctx, `INSERT INTO funding_budget (project_id, share, approved, actual) VALUES ($1, $2, $3, $4)`,
			id, string(l.Share), l.Approved, l.Actual); err != nil {
			return s.D.Err(ctx, err, "insert funding budget line")
		}
	}
	for _, y := range b.Years {
		if _, err := q.Exec(ctx, `INSERT INTO funding_budget_years (project_id, year, amount) VALUES ($1, $2, $3)`,
			id, y.Year, y.Cents); err != nil {
			return s.D.Err(ctx, err, "insert funding budget year")
		}
	}
	return nil
}
