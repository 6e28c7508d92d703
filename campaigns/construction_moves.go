package campaigns

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gigaplan/geo"
)

// DefaultLiveShare is the share of the homes passed that must be
// activated before a campaign area in construction counts as live, when
// Service.LiveShare is 0.
const DefaultLiveShare = 0.3

func (s *Service) liveShare() float64 {
	if s.LiveShare > 0 && s.LiveShare <= 1 {
		return s.LiveShare
	}
	return DefaultLiveShare
}

// ProgressResult is what AddProgress recorded.
type ProgressResult struct {
	Campaign *Campaign
	Reports  int // progress reports
	Dates    int // new expected dates (unchanged ones are not recorded again)
	// Moves are the status events the reports brought about.
	Moves []Event
}

// MovesGerman describes the moves for people: "Gewerbepark Nord: Ausbau
// zugesagt → im Bau ab 12.03.2026".
func (r ProgressResult) MovesGerman() []string {
	var out []string
	for _, e := range r.Moves {
		out = append(out, fmt.Sprintf("%s: %s → %s ab %s", areaName(r.Campaign, e.AreaID), e.FromStatus().German(),
			e.ToStatus().German(), GermanDate(e.Effective)))
	}
	return out
}

// AddProgress records the rows of a provider's progress file (read by
// ReadProgress from file) for campaign c in one transaction, all or
// none: each row's area is one of c's by name (a file without an area
// column serves a campaign of one area), its counts are checked by
// CheckProgress, and its expected dates are recorded where they differ
// from those known. The areas move as the reports say (AreaMoves), each
// move a dated status event entered by by. A bad row fails with an
// EINVALID error naming file and line.
func (s *Service) AddProgress(ctx context.Context, c *Campaign, file string, rows []ProgressRow, by string) (ProgressResult, error) {
	today := s.today()
	known, err := s.Store.BuildDates(ctx, c.ID)
	if err != nil {
		return ProgressResult{}, err
	}
	ps, ds, lines, err := progressRecords(file, rows, known, by, today, func(r ProgressRow, where string) (Progress, error) {
		var a *CampaignArea
		switch {
		case r.Area == "" && len(c.Areas) == 1:
			a = &c.Areas[0]
		case r.Area == "":
			return Progress{}, geo.Errorf(geo.EINVALID, "%s: das Gebiet fehlt (die Kampagne %s hat %d Gebiete: %s)", where, c.Name,
				len(c.Areas), areaNames(c))
		default:
			var err error
			if a, err = areaOf(c, r.Area); err != nil {
				return Progress{}, geo.Errorf(geo.EINVALID, "%s: das Gebiet %q gehört nicht zur Kampagne %s (Gebiete: %s)", where,
					r.Area, c.Name, areaNames(c))
			}
		}
		return Progress{CampaignID: c.ID, AreaID: a.AreaID}, nil
	})
	if err != nil {
		return ProgressResult{}, err
	}
	var moves []Event
	saved, err := s.Store.AddProgress(ctx, c.ID, ps, ds, func(c *Campaign, before []Progress) ([]Event, error) {
		for i, p := range ps {
			if err := CheckProgress(p, c, today); err != nil {
				return nil, geo.Errorf(geo.EINVALID, "%s: %s", lines[i], geo.ErrorMessage(err))
			}
		}
		moves = s.AreaMoves(c, before, ps, by)
		return moves, nil
	})
	if err != nil {
		return ProgressResult{}, err
	}
	return ProgressResult{Campaign: saved, Reports: len(ps), Dates: len(ds), Moves: moves}, nil
}

// progressRecords turns the rows of a progress file into reports and
// expected dates, for a campaign's areas and a funding project alike:
// place gives each row's place (a Progress with CampaignID and AreaID, or
// ProjectID, set; where is the row's "file:line") or refuses the row. An
// expected date is recorded only where it differs from the one known
// (reported last) for its place and kind, and is checked by
// CheckBuildDate. lines gives each report's "file:line" by its index;
// the reports' own checks are the caller's (inside the store's
// transaction).
func progressRecords(file string, rows []ProgressRow, known []BuildDate, by string, today time.Time,
	place func(r ProgressRow, where string) (Progress, error)) (ps []Progress, ds []BuildDate, lines []string, err error) {
	key := func(area, project int64, kind BuildDateKind) string {
		return fmt.Sprintf("%d/%d/%s", area, project, kind)
	}
	latest := map[string]BuildDate{} // place/kind → the latest date known
	keep := func(d BuildDate) {
		k := key(d.AreaID, d.ProjectID, d.Kind)
		if cur, ok := latest[k]; !ok || !d.Reported.Before(cur.Reported) {
			latest[k] = d
		}
	}
	for _, d := range known {
		keep(d)
	}
	for _, r := range rows {
		where := fmt.Sprintf("%s:%d", file, r.Line)
		p, err := place(r, where)
		if err != nil {
			return nil, nil, nil, err
		}
		p.Street, p.AsOf, p.Passed, p.Connected, p.Activated = r.Street, Day(r.AsOf), r.Passed, r.Connected, r.Activated
		p.Source, p.EnteredBy = where, by
		lines = append(lines, where)
		ps = append(ps, p)
		for _, x := range []struct {
			kind BuildDateKind
			t    time.Time
		}{{BuildStart, r.ExpectedStart}, {BuildCompletion, r.ExpectedCompletion}} {
			if x.t.IsZero() {
				continue
			}
			d := BuildDate{CampaignID: p.CampaignID, AreaID: p.AreaID, ProjectID: p.ProjectID, Kind: x.kind, Expected: Day(x.t),
				Reported: Day(r.AsOf), Reason: "Fortschrittsmeldung " + where, EnteredBy: by}
			if cur, ok := latest[key(p.AreaID, p.ProjectID, x.kind)]; ok && cur.Expected.Equal(d.Expected) {
				continue
			}
			if err := CheckBuildDate(d, today); err != nil {
				return nil, nil, nil, geo.Errorf(geo.EINVALID, "%s: %s", where, geo.ErrorMessage(err))
			}
			keep(d)
			ds = append(ds, d)
		}
	}
	return ps, ds, lines, nil
}

// reaches reports whether the activated homes reach share of the homes
// passed (with a margin for the float product: 2 of 5 reach 40 %).
func reaches(b AreaBuild, share float64) bool {
	return b.Passed > 0 && float64(b.Activated) >= share*float64(b.Passed)-1e-9
}

func areaNames(c *Campaign) string {
	names := make([]string, len(c.Areas))
	for i, a := range c.Areas {
		names[i] = a.AreaName
	}
	return strings.Join(names, ", ")
}

// AreaMoves returns the status events that the new reports fresh bring
// about for c's areas, given the reports stored before: on the day of a
// report, an area committed moves to construction when homes are passed,
// and an area in construction moves to live when the activated homes
// reach the live share of the homes passed (Service.LiveShare, default
// DefaultLiveShare). Each move is dated with its report's day, or with
// the area's last status change when that is later. c's statuses are
// updated as the events are recorded. Other statuses do not move: a
// commitment, or a completion without the figures, is a decision.
func (s *Service) AreaMoves(c *Campaign, before, fresh []Progress, by string) []Event {
	all := slices.Concat(before, fresh)
	share := s.liveShare()
	var days []time.Time
	for _, p := range fresh {
		days = append(days, Day(p.AsOf))
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	days = slices.Compact(days)
	var out []Event
	now := time.Now()
	for _, day := range days {
		for i := range c.Areas {
			a := c.Areas[i]
			touched := false
			for _, p := range fresh {
				touched = touched || (p.AreaID == a.AreaID && Day(p.AsOf).Equal(day))
			}
			if !touched {
				continue
			}
			b := BuildOf(c, a.AreaID, all, nil, day)
			var to Status
			var why string
			switch {
			case a.Status == StatusCommitted && b.Passed > 0:
				to, why = StatusConstruction, fmt.Sprintf("Fortschrittsmeldung vom %s: %s Homes Passed", GermanDate(day), Thousands(int64(b.Passed)))
			case a.Status == StatusConstruction && b.Passed > 0 && reaches(b, share):
				to, why = StatusLive, fmt.Sprintf("Fortschrittsmeldung vom %s: %s von %s Homes Passed aktiviert (ab %s gilt das Gebiet als in Betrieb)",
					GermanDate(day), Thousands(int64(b.Activated)), Thousands(int64(b.Passed)), Percent(share))
			default:
				continue
			}
			on := day
			if last, ok := c.LastEvent(EventStatus, a.AreaID, time.Time{}); ok && last.Effective.After(on) {
				on = last.Effective
			}
			e := Event{AreaID: a.AreaID, Kind: EventStatus, Effective: on, From: string(a.Status), To: string(to),
				Reason: why, EnteredBy: by, EnteredAt: now}
			c.record(e)
			out = append(out, e)
			// A report that passes homes and activates enough of them
			// takes the area through construction to live at once.
			if to == StatusConstruction && reaches(b, share) && b.Activated > 0 {
				live := e
				live.From, live.To = string(StatusConstruction), string(StatusLive)
				live.Reason = fmt.Sprintf("Fortschrittsmeldung vom %s: %s von %s Homes Passed aktiviert (ab %s gilt das Gebiet als in Betrieb)",
					GermanDate(day), Thousands(int64(b.Activated)), Thousands(int64(b.Passed)), Percent(share))
				c.record(live)
				out = append(out, live)
			}
		}
	}
	return out
}

// SetBuildDate records an expected construction start or completion of
// the named area of c, decided or reported on d.On (today if zero), as a
// new record: the earlier ones stay in the history.
func (s *Service) SetBuildDate(ctx context.Context, c *Campaign, area string, kind BuildDateKind, expected time.Time, d Decision) (BuildDate, error) {
	a, err := areaOf(c, area)
	if err != nil {
		return BuildDate{}, err
	}
	on := d.On
	if on.IsZero() {
		on = s.today()
	}
	bd := BuildDate{CampaignID: c.ID, AreaID: a.AreaID, Kind: kind, Expected: Day(expected), Reported: Day(on), Reason: d.Reason, EnteredBy: d.By}
	if err := CheckBuildDate(bd, s.today()); err != nil {
		return BuildDate{}, err
	}
	if _, err := s.Store.AddProgress(ctx, c.ID, nil, []BuildDate{bd}, func(*Campaign, []Progress) ([]Event, error) { return nil, nil }); err != nil {
		return BuildDate{}, err
	}
	return bd, nil
}
