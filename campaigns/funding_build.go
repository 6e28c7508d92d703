package campaigns

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gigaplan/geo"
)

// Construction progress of a funding project: the operator's progress
// reports (homes passed, connected, activated, for the project or per
// street) and the expected construction start and completion, appended to
// the project's record under its Version like a milestone
// (FundingStore.UpdateFundingProject). The figures are derived by the same
// code as a campaign area's (buildFigures). Unlike a campaign area, a
// project does not move by its reports: its construction start and
// completion are milestones, decisions with their dates, which the office
// records; the first homes passed are only shown as a hint
// (AreaBuild.FirstPassedOn).
//
// A report may not predate the project's application (Förderantrag): a
// funded project must not begin before it is applied for (Verbot des
// vorzeitigen Maßnahmenbeginns; an early start can at most be allowed
// once the application is filed), so a report before the application, or
// for a project with none recorded, is an error in the file or the record.

// ProjectBuildOf derives the construction state of p as of asOf (zero:
// everything) from its reports and expected dates, as BuildOf does for a
// campaign area; CommittedOn, StartedOn and LiveOn are the days of its
// award (Zuschlag), construction start and completion milestones, when
// reached by asOf.
func ProjectBuildOf(p *FundingProject, asOf time.Time) AreaBuild {
	b := buildFigures(p.Progress, p.BuildDates, asOf, func(area, project int64) bool { return area == 0 && project == p.ID })
	for m, dst := range map[Milestone]*time.Time{MilestoneAward: &b.CommittedOn, MilestoneConstruction: &b.StartedOn,
		MilestoneCompletion: &b.LiveOn} {
		if e, ok := p.Reached(m); ok && (asOf.IsZero() || !e.Day.After(Day(asOf))) {
			*dst = e.Day
		}
	}
	return b
}

// ProjectBuilding is p's construction state as of asOf (zero:
// everything, ProjectBuildOf), and whether p belongs among the projects
// being built by then: its award (Zuschlag) is recorded, or construction
// progress or an expected date is.
func ProjectBuilding(p *FundingProject, asOf time.Time) (AreaBuild, bool) {
	b := ProjectBuildOf(p, asOf)
	return b, !b.CommittedOn.IsZero() || b.Reported() || !b.ExpectedStart.IsZero() || !b.ExpectedCompletion.IsZero()
}

// BuildStatus names p's construction state by b (ProjectBuildOf) for
// people: "fertiggestellt", "im Bau", or the last milestone reached
// ("Zuschlag").
func (p *FundingProject) BuildStatus(b AreaBuild) string {
	switch {
	case !b.LiveOn.IsZero():
		return "fertiggestellt"
	case !b.StartedOn.IsZero():
		return "im Bau"
	}
	if last, ok := p.Last(); ok {
		return last.Kind.Label()
	}
	return "in Vorbereitung"
}

// BuildHint is the hint a project's page shows when reports pass homes
// but its construction start is not recorded: "Erste Homes Passed am
// 03.03.2026 gemeldet; der Baubeginn ist noch nicht als Meilenstein
// erfasst" ("" otherwise). It records nothing.
func (p *FundingProject) BuildHint(b AreaBuild) string {
	if b.FirstPassedOn.IsZero() {
		return ""
	}
	if _, ok := p.Reached(MilestoneConstruction); ok {
		return ""
	}
	return fmt.Sprintf("Erste Homes Passed am %s gemeldet; der Baubeginn ist noch nicht als Meilenstein erfasst", GermanDate(b.FirstPassedOn))
}

// CheckProjectProgress checks a report of project p: checkFigures, with
// the day of p's application (Förderantrag) as the earliest day; a
// project without an application takes no report.
func CheckProjectProgress(r Progress, p *FundingProject, today time.Time) error {
	app, ok := p.Reached(MilestoneApplication)
	if !ok {
		return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: Baufortschritt erst nach dem Förderantrag erfassen (noch kein Förderantrag erfasst)", p.Name)
	}
	return checkFigures(r, "Förderprojekt „"+p.Name+"“", Day(app.Day), "dem Förderantrag", today)
}

// ProjectProgressResult is what AddProjectProgress recorded.
type ProjectProgressResult struct {
	Project *FundingProject
	Reports int // progress reports
	Dates   int // new expected dates (unchanged ones are not recorded again)
	// Detail is the audit entry's German detail.
	Detail string
}

// AddProjectProgress records the rows of a progress file (read by
// ReadProgress from file) for funding project id in one transaction, all
// or none, if its Version is still version (ECONFLICT otherwise). A row's
// area column, where the file has one, must be empty or the project's
// name: a file for several projects or areas would otherwise be summed
// into one. Each report is checked by CheckProjectProgress; expected
// dates are recorded where they differ from those known. A bad row fails
// with an EINVALID error naming file and line.
func AddProjectProgress(ctx context.Context, st FundingStore, id, version int64, file string, rows []ProgressRow, by string,
	today time.Time) (ProjectProgressResult, error) {
	var res ProjectProgressResult
	p, err := st.UpdateFundingProject(ctx, id, version, func(p *FundingProject) error {
		ps, ds, lines, err := progressRecords(file, rows, p.BuildDates, by, today, func(r ProgressRow, where string) (Progress, error) {
			if a := strings.TrimSpace(r.Area); a != "" && !strings.EqualFold(a, strings.TrimSpace(p.Name)) {
				return Progress{}, geo.Errorf(geo.EINVALID, "%s: das Gebiet %q ist nicht das Förderprojekt „%s“ (die Spalte leer lassen "+
					"oder den Projektnamen eintragen; eine Datei je Projekt)", where, r.Area, p.Name)
			}
			return Progress{ProjectID: p.ID}, nil
		})
		if err != nil {
			return err
		}
		for i, r := range ps {
			if err := CheckProjectProgress(r, p, today); err != nil {
				return geo.Errorf(geo.EINVALID, "%s: %s", lines[i], geo.ErrorMessage(err))
			}
		}
		p.Progress = append(p.Progress, ps...)
		p.BuildDates = append(p.BuildDates, ds...)
		res.Reports, res.Dates = len(ps), len(ds)
		res.Detail = fmt.Sprintf("Förderprojekt %s: %d Meldungen, %d Termine aus %s", p.Name, len(ps), len(ds), file)
		return nil
	})
	if err != nil {
		return ProjectProgressResult{}, err
	}
	res.Project = p
	return res, nil
}

// SetProjectBuildDate records an expected construction start or
// completion of funding project id, decided or reported on d.On (today if
// zero), as a new record under the project's version; it returns the
// project as stored and the audit entry's detail.
func SetProjectBuildDate(ctx context.Context, st FundingStore, id, version int64, kind BuildDateKind, expected time.Time, d Decision,
	today time.Time) (*FundingProject, string, error) {
	on := d.On
	if on.IsZero() {
		on = today
	}
	var detail string
	p, err := st.UpdateFundingProject(ctx, id, version, func(p *FundingProject) error {
		bd := BuildDate{ProjectID: p.ID, Kind: kind, Expected: Day(expected), Reported: Day(on), Reason: d.Reason, EnteredBy: d.By}
		if err := CheckBuildDate(bd, today); err != nil {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: %s", p.Name, geo.ErrorMessage(err))
		}
		p.BuildDates = append(p.BuildDates, bd)
		detail = fmt.Sprintf("Förderprojekt %s: %s voraussichtlich %s (gemeldet am %s)", p.Name, kind.German(), GermanDate(bd.Expected),
			GermanDate(bd.Reported))
		return nil
	})
	return p, detail, err
}
