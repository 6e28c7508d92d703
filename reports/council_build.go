package reports

import (
	"fmt"

	"gigaplan/campaigns"
)

// SheetSites is the council workbook's sheet of the municipality's own
// sites (after SheetBuild).
const SheetSites = "Liegenschaften"

// buildArea is a campaign area with a build commitment or beyond.
type buildArea struct {
	cf campaignFigures
	a  campaigns.AreaFigures
}

// building lists the areas committed, under construction or live.
func (r *council) building() []buildArea {
	var out []buildArea
	for _, cf := range r.cfs {
		for _, a := range cf.f.Areas {
			switch a.Status {
			case campaigns.StatusCommitted, campaigns.StatusConstruction, campaigns.StatusLive:
				out = append(out, buildArea{cf, a})
			}
		}
	}
	return out
}

// buildProject is a funding project being built (campaigns.ProjectBuilding)
// with its construction state as of the workbook's day.
type buildProject struct {
	p *campaigns.FundingProject
	b campaigns.AreaBuild
}

// buildingProjects lists the workbook's funding projects being built.
func (r *council) buildingProjects() []buildProject {
	var out []buildProject
	for _, p := range r.funding {
		if b, ok := campaigns.ProjectBuilding(p, r.asOf); ok {
			out = append(out, buildProject{p, b})
		}
	}
	return out
}

// Columns of the Ausbau sheet (from 1).
const (
	buildName = iota + 1
	buildProvider
	buildStatus
	buildCommitted
	buildStarted
	buildPassed
	buildConnected
	buildActivated
	buildReported
	buildCompletion
	buildCols = buildCompletion
)

// buildSheet writes the areas and the funding projects being built, if
// any: per area the day of the commitment, the construction start (the
// day the area went into construction, else the expected start, marked
// so), the homes passed, connected and activated of the latest reports
// with their day, and the expected completion reported last
// (campaigns.AreaBuild, as of the report's day). A funding project being
// built (awarded, or with progress or expected dates) has a row below the
// areas in the same columns, so that the council reads every
// construction in one table: its operator, its state ("im Bau" …), the
// award (Zuschlag) as its commitment and its construction start
// milestone, its figures by the same derivation (campaigns.ProjectBuildOf).
// The Förderung sheet keeps the projects' milestones and money.
func (r *council) buildSheet() {
	areas, projects := r.building(), r.buildingProjects()
	if len(areas) == 0 && len(projects) == 0 {
		return
	}
	s := SheetBuild
	_, err := r.f.NewSheet(s)
	r.fail(err)
	r.set(s, 1, 1, "Ausbau – Stand "+r.asOf.Format("02.01.2006"), cellStyle{caption: true})
	hr := campaignsHeaderRow
	r.header(s, hr, "Gebiet", "Anbieter / Kampagne", "Status", "Ausbau zugesagt am", "Baubeginn", "Homes Passed", "Homes Connected",
		"Homes Activated", "Stand der Meldung", "Fertigstellung voraussichtlich")
	for i, x := range areas {
		row := hr + 1 + i
		r.set(s, buildName, row, x.a.AreaName+" ("+x.a.AreaKind.German()+")", cellStyle{wrap: true})
		r.set(s, buildProvider, row, x.cf.c.Provider+": "+x.cf.c.Name, cellStyle{wrap: true})
		r.set(s, buildStatus, row, x.a.Status.German(), cellStyle{fill: statusFill(x.a.Status)})
		r.buildFigures(s, row, x.a.Build)
	}
	for i, x := range projects {
		row := hr + 1 + len(areas) + i
		operator := "Betreiber noch offen"
		if aw, ok := x.p.Awarded(); ok && !aw.Day.After(r.asOf) {
			operator = aw.Operator
		}
		st := campaigns.StatusCommitted
		switch {
		case !x.b.LiveOn.IsZero():
			st = campaigns.StatusLive
		case !x.b.StartedOn.IsZero():
			st = campaigns.StatusConstruction
		}
		r.set(s, buildName, row, x.p.Name+" (Förderprojekt)", cellStyle{wrap: true})
		r.set(s, buildProvider, row, operator+": Förderprojekt", cellStyle{wrap: true})
		r.set(s, buildStatus, row, x.p.BuildStatus(x.b), cellStyle{fill: statusFill(st)})
		r.buildFigures(s, row, x.b)
	}
	last := hr + len(areas) + len(projects)
	r.fail(r.f.AutoFilter(s, cell(1, hr)+":"+cell(buildCols, last), nil))
	r.freeze(s, hr+1)
	r.fitColumns(s, 8, 40)
	r.fitRowsScaled(s, textPerWidth)
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), r.municipality, CouncilTitle, r.asOf)
}

// buildFigures writes the Ausbau sheet's columns from the commitment on
// of one row: a campaign area's or a funding project's.
func (r *council) buildFigures(s string, row int, b campaigns.AreaBuild) {
	r.set(s, buildCommitted, row, b.CommittedOn, cellStyle{})
	switch {
	case !b.StartedOn.IsZero():
		r.set(s, buildStarted, row, b.StartedOn, cellStyle{})
	case !b.ExpectedStart.IsZero():
		r.set(s, buildStarted, row, "erwartet "+campaigns.GermanDate(b.ExpectedStart), cellStyle{italic: true})
	default:
		r.set(s, buildStarted, row, nil, cellStyle{})
	}
	if b.Reported() {
		r.set(s, buildPassed, row, b.Passed, cellStyle{numFmt: numFmtInt})
		r.set(s, buildConnected, row, b.Connected, cellStyle{numFmt: numFmtInt})
		r.set(s, buildActivated, row, b.Activated, cellStyle{numFmt: numFmtInt})
		r.set(s, buildReported, row, b.ReportedOn, cellStyle{})
	} else {
		r.set(s, buildPassed, row, "keine Meldung", cellStyle{italic: true})
	}
	r.set(s, buildCompletion, row, b.ExpectedCompletion, cellStyle{})
}

// sitesSheet writes the sites network, if there are sites: each site
// with its address, connection state and since when, the campaign that
// serves it with the day its facility contract was signed, and the
// funding project; below, how many sites are in which state.
func (r *council) sitesSheet() {
	if len(r.sites) == 0 {
		return
	}
	s := SheetSites
	_, err := r.f.NewSheet(s)
	r.fail(err)
	r.set(s, 1, 1, "Liegenschaften der Stadt – Anschlussstand am "+r.asOf.Format("02.01.2006"), cellStyle{caption: true})
	hr := campaignsHeaderRow
	r.header(s, hr, "Liegenschaft", "Art", "Adresse", "Anschlussstand", "seit", "Kampagne", "Vertrag unterzeichnet am", "Förderprojekt")
	for i, v := range r.sites {
		row := hr + 1 + i
		r.set(s, 1, row, v.Name, cellStyle{wrap: true})
		r.set(s, 2, row, v.Kind, cellStyle{})
		r.set(s, 3, row, v.Address, cellStyle{})
		r.set(s, 4, row, v.State.German(), cellStyle{fill: siteFill(v.State)})
		r.set(s, 5, row, v.Since, cellStyle{})
		r.set(s, 6, row, v.Campaign, cellStyle{wrap: true})
		r.set(s, 7, row, v.ContractOn, cellStyle{})
		if v.Project != "" {
			r.set(s, 8, row, v.Project, cellStyle{})
		} else {
			r.set(s, 8, row, nil, cellStyle{})
		}
	}
	last := hr + len(r.sites)
	r.fail(r.f.AutoFilter(s, cell(1, hr)+":"+cell(8, last), nil))
	row := last + 2
	n := campaigns.SiteCounts(r.sites)
	for _, st := range campaigns.SiteStates {
		// The count as the report computed it, and as a formula.
		r.set(s, 3, row, st.German(), cellStyle{bold: true})
		r.set(s, 4, row, n[st], cellStyle{numFmt: numFmtInt})
		r.formula(s, 4, row, fmt.Sprintf(`COUNTIF(%s:%s,"%s")`, cell(4, hr+1), cell(4, last), st.German()), cellStyle{numFmt: numFmtInt}, 4)
		row++
	}
	r.freeze(s, hr+1)
	r.fitColumns(s, 8, 40)
	r.fitRowsScaled(s, textPerWidth)
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), r.municipality, CouncilTitle, r.asOf)
}

func siteFill(s campaigns.SiteState) string {
	switch s {
	case campaigns.SiteConnected:
		return colorGreen
	case campaigns.SiteConstruction, campaigns.SiteOrdered:
		return colorBlue
	}
	return colorGrey
}
