package campaigns

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gigaplan/geo"
)

// Construction after the build commitment: the providers report homes
// passed, connected and activated per campaign area (and some per
// street), and expected dates of construction start and completion. Both
// are appended records, never overwritten: a later report is a new
// record, a revised date a new BuildDate. A campaign area moves from
// committed to construction with its first homes passed and from
// construction to live once the activated homes reach Service.LiveShare of
// the homes passed (AreaMoves); each move is a dated status event like an
// office decision.

// Progress is one progress report: the homes passed, connected and
// activated in a campaign area or a funding project, or in one street of
// it, as of a date. A campaign area's report has CampaignID and AreaID, a
// funding project's ProjectID only (FundingProject.Progress).
type Progress struct {
	ID         int64
	CampaignID int64
	AreaID     int64
	ProjectID  int64
	// Street is the street the provider reported for ("" for the whole
	// area).
	Street    string
	AsOf      time.Time // a date (UTC midnight)
	Passed    int       // homes passed
	Connected int       // homes connected
	Activated int       // homes activated
	// Source says where the figures come from: "bericht.xlsx:7" for an
	// import's line, or "Büro" for a count entered by hand.
	Source    string
	EnteredBy string
	EnteredAt time.Time
}

// BuildDateKind is what a BuildDate expects.
type BuildDateKind string

// Kinds of expected dates.
const (
	BuildStart      BuildDateKind = "start"      // Baubeginn
	BuildCompletion BuildDateKind = "completion" // Fertigstellung
)

// German names the kind.
func (k BuildDateKind) German() string {
	if k == BuildStart {
		return "Baubeginn"
	}
	return "Fertigstellung"
}

// BuildDate is an expected construction start or completion of a campaign
// area (CampaignID and AreaID) or a funding project (ProjectID) as
// reported (or decided) on a day. A revision is a new BuildDate; the one
// reported last counts.
type BuildDate struct {
	ID         int64
	CampaignID int64
	AreaID     int64
	ProjectID  int64
	Kind       BuildDateKind
	Expected   time.Time // the expected day
	Reported   time.Time // the day it was reported or decided
	Reason     string
	EnteredBy  string
	EnteredAt  time.Time
}

// BuildStore persists construction progress and expected dates.
// Implementations: data/sqlite and data/postgres.
type BuildStore interface {
	// AddProgress appends the reports ps and the expected dates ds of
	// campaign campaignID in one transaction, all or none. With the
	// campaign row locked it calls plan with the campaign and the reports
	// stored before; plan checks the new records (its error aborts and is
	// returned unchanged) and returns the status events that the records
	// bring about, which are recorded and applied to the areas as
	// UpdateCampaign does (the Version is bumped when there are any).
	// It returns the campaign as stored afterwards. ENOTFOUND if there is
	// no such campaign; EINVALID for a record of an area outside it.
	AddProgress(ctx context.Context, campaignID int64, ps []Progress, ds []BuildDate,
		plan func(c *Campaign, before []Progress) ([]Event, error)) (*Campaign, error)

	// Progress returns the reports of a campaign, ordered by ID.
	// ENOTFOUND if there is no such campaign.
	Progress(ctx context.Context, campaignID int64) ([]Progress, error)

	// BuildDates returns the expected dates of a campaign, ordered by ID.
	// ENOTFOUND if there is no such campaign.
	BuildDates(ctx context.Context, campaignID int64) ([]BuildDate, error)
}

// CheckProgress checks a report against its campaign: the area is one of
// the campaign's, and checkFigures with the campaign's start as the
// earliest day. The message names the area (and street).
func CheckProgress(p Progress, c *Campaign, today time.Time) error {
	area := ""
	for _, a := range c.Areas {
		if a.AreaID == p.AreaID {
			area = a.AreaName
		}
	}
	if area == "" {
		return geo.Errorf(geo.EINVALID, "das Gebiet %d gehört nicht zur Kampagne %s", p.AreaID, c.Name)
	}
	return checkFigures(p, "Gebiet "+area, Day(c.Start), "dem Beginn der Kampagne", today)
}

// checkFigures is the check every progress report passes, a campaign
// area's or a funding project's: the counts are not negative, activated
// ≤ connected ≤ passed, the date lies between earliest (named by
// earliestWhat, "dem Beginn der Kampagne") and today, and the street name
// is not absurdly long. where names the place for the message.
func checkFigures(p Progress, where string, earliest time.Time, earliestWhat string, today time.Time) error {
	if p.Street != "" {
		where += ", " + p.Street
	}
	switch {
	case p.Passed < 0 || p.Connected < 0 || p.Activated < 0:
		return geo.Errorf(geo.EINVALID, "%s: eine Zahl ist negativ", where)
	case p.Connected > p.Passed:
		return geo.Errorf(geo.EINVALID, "%s: %s angeschlossen, aber nur %s Homes Passed", where,
			Thousands(int64(p.Connected)), Thousands(int64(p.Passed)))
	case p.Activated > p.Connected:
		return geo.Errorf(geo.EINVALID, "%s: %s aktiviert, aber nur %s angeschlossen", where,
			Thousands(int64(p.Activated)), Thousands(int64(p.Connected)))
	case p.AsOf.IsZero():
		return geo.Errorf(geo.EINVALID, "%s: das Datum fehlt", where)
	case p.AsOf.Before(earliest):
		return geo.Errorf(geo.EINVALID, "%s: das Datum %s liegt vor %s (%s)", where, GermanDate(p.AsOf), earliestWhat, GermanDate(earliest))
	case p.AsOf.After(Day(today)):
		return geo.Errorf(geo.EINVALID, "%s: das Datum %s liegt in der Zukunft", where, GermanDate(p.AsOf))
	case len(p.Street) > 200:
		return geo.Errorf(geo.EINVALID, "%s: der Straßenname ist länger als 200 Zeichen", where)
	}
	return nil
}

// CheckBuildDate checks an expected date: a known kind, an expected day,
// and a day reported that is not in the future.
func CheckBuildDate(d BuildDate, today time.Time) error {
	switch {
	case d.Kind != BuildStart && d.Kind != BuildCompletion:
		return geo.Errorf(geo.EINVALID, "unbekannte Art des Termins %q (start oder completion)", d.Kind)
	case d.Expected.IsZero():
		return geo.Errorf(geo.EINVALID, "%s: das erwartete Datum fehlt", d.Kind.German())
	case d.Reported.IsZero():
		return geo.Errorf(geo.EINVALID, "%s: das Datum der Meldung fehlt", d.Kind.German())
	case d.Reported.After(Day(today)):
		return geo.Errorf(geo.EINVALID, "%s: das Datum der Meldung %s liegt in der Zukunft", d.Kind.German(), GermanDate(d.Reported))
	case d.Expected.Year() < 2000 || d.Expected.Year() > 2100:
		return geo.Errorf(geo.EINVALID, "%s: das Jahr %d ist unplausibel", d.Kind.German(), d.Expected.Year())
	}
	return nil
}

// AreaBuild is the construction state of one campaign area, or of one
// funding project, as of a day (BuildOf, ProjectBuildOf).
type AreaBuild struct {
	// The figures of the latest reports on or before the day: the area's
	// (project's) own latest report, unless a street was reported after
	// it; then the sum of its streets' latest.
	Passed, Connected, Activated int
	ReportedOn                   time.Time  // the day of the latest report counted (zero: none)
	Streets                      []Progress // each street's latest report, by street name
	// FirstPassedOn is the day of the first report with homes passed
	// (zero: none yet): for a funding project a hint at its construction
	// start, never recorded as the milestone by itself.
	FirstPassedOn time.Time
	// The expected dates reported last on or before the day (zero: none).
	ExpectedStart, ExpectedCompletion time.Time
	// The days the area's status became committed, construction and live
	// (the effective dates of the status events; zero: not (yet)). For a
	// funding project: the award (Zuschlag), the construction start and
	// the completion milestones.
	CommittedOn, StartedOn, LiveOn time.Time
}

// Reported says whether any progress was reported.
func (b AreaBuild) Reported() bool { return !b.ReportedOn.IsZero() }

// BuildOf derives the construction state of area areaID of c as of day
// asOf (the zero day: everything) from the reports ps, the expected dates
// ds (buildFigures) and the campaign's status events.
func BuildOf(c *Campaign, areaID int64, ps []Progress, ds []BuildDate, asOf time.Time) AreaBuild {
	b := buildFigures(ps, ds, asOf, func(area, project int64) bool { return area == areaID && project == 0 })
	in := func(t time.Time) bool { return asOf.IsZero() || !t.After(Day(asOf)) }
	for _, e := range effectiveEvents(c.Events) {
		if e.Kind != EventStatus || e.AreaID != areaID || !in(e.Effective) {
			continue
		}
		switch e.ToStatus() {
		case StatusCommitted:
			b.CommittedOn = e.Effective
		case StatusConstruction:
			b.StartedOn = e.Effective
		case StatusLive:
			b.LiveOn = e.Effective
		}
	}
	return b
}

// buildFigures is the one derivation of construction figures, for a
// campaign area and a funding project alike: from the reports ps and the
// expected dates ds of the place that of selects (by a record's AreaID
// and ProjectID), as of day asOf (zero: everything). Per street the
// latest report counts (street names case-insensitive; of one day the
// one entered last); the place's own latest report (street "") counts
// unless a street was reported after it, else the sum of the streets'.
// Of the expected dates the one reported last counts, per kind.
func buildFigures(ps []Progress, ds []BuildDate, asOf time.Time, of func(areaID, projectID int64) bool) AreaBuild {
	var b AreaBuild
	in := func(t time.Time) bool { return asOf.IsZero() || !t.After(Day(asOf)) }
	latest := map[string]Progress{}
	for _, p := range ps {
		if !of(p.AreaID, p.ProjectID) || !in(p.AsOf) {
			continue
		}
		if p.Passed > 0 && (b.FirstPassedOn.IsZero() || p.AsOf.Before(b.FirstPassedOn)) {
			b.FirstPassedOn = p.AsOf
		}
		key := strings.ToLower(p.Street)
		if cur, ok := latest[key]; !ok || p.AsOf.After(cur.AsOf) || (p.AsOf.Equal(cur.AsOf) && p.ID > cur.ID) {
			latest[key] = p
		}
	}
	var streetsOn time.Time
	for k, p := range latest {
		if k == "" {
			continue
		}
		b.Streets = append(b.Streets, p)
		b.Passed, b.Connected, b.Activated = b.Passed+p.Passed, b.Connected+p.Connected, b.Activated+p.Activated
		if p.AsOf.After(streetsOn) {
			streetsOn = p.AsOf
		}
	}
	b.ReportedOn = streetsOn
	// The place's own report counts when no street was reported after it.
	if whole, ok := latest[""]; ok && !whole.AsOf.Before(streetsOn) {
		b.Passed, b.Connected, b.Activated, b.ReportedOn = whole.Passed, whole.Connected, whole.Activated, whole.AsOf
	}
	slices.SortFunc(b.Streets, func(x, y Progress) int { return strings.Compare(x.Street, y.Street) })
	var start, done BuildDate
	for _, d := range ds {
		if !of(d.AreaID, d.ProjectID) || !in(d.Reported) {
			continue
		}
		cur := &start
		if d.Kind == BuildCompletion {
			cur = &done
		}
		if cur.ID == 0 || d.Reported.After(cur.Reported) || (d.Reported.Equal(cur.Reported) && d.ID > cur.ID) {
			*cur = d
		}
	}
	b.ExpectedStart, b.ExpectedCompletion = start.Expected, done.Expected
	return b
}

// Build returns the construction state of every area of c as of asOf
// (zero: today), by area ID.
func (s *Service) Build(ctx context.Context, c *Campaign, asOf time.Time) (map[int64]AreaBuild, error) {
	if asOf.IsZero() {
		asOf = s.today()
	}
	ps, err := s.Store.Progress(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	ds, err := s.Store.BuildDates(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]AreaBuild, len(c.Areas))
	for _, a := range c.Areas {
		out[a.AreaID] = BuildOf(c, a.AreaID, ps, ds, asOf)
	}
	return out, nil
}

// Audit log actions of the construction records.
const (
	AuditProgress = "progress"   // a progress file imported, an expected date recorded
	AuditSites    = "sites"      // sites added
	AuditSiteSet  = "site_state" // a site's connection state changed
)

// Summary says the figures in one German line, as the command line and
// the audit log show them: "1.234 Homes Passed, 456 angeschlossen, 120
// aktiviert (Meldung vom 20.02.2026)", or "keine Fortschrittsmeldung".
func (b AreaBuild) Summary() string {
	if !b.Reported() {
		return "keine Fortschrittsmeldung"
	}
	return fmt.Sprintf("%s Homes Passed, %s angeschlossen, %s aktiviert (Meldung vom %s)", Thousands(int64(b.Passed)),
		Thousands(int64(b.Connected)), Thousands(int64(b.Activated)), GermanDate(b.ReportedOn))
}
