package reports

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// CouncilOptions configure the council workbook.
type CouncilOptions struct {
	// Municipality is named on the cover and in the page headers. When a
	// stored municipality has this AGS or name, the workbook is that
	// municipality's: its name and AGS on the cover, only the campaigns
	// with an area in it. "" means the one municipality in the store (all
	// of them when there are several), else "Gemeinde".
	Municipality string
	// AsOf is the date of the figures; zero means today.
	AsOf time.Time
	// Since is the date of the last council meeting (the previous
	// report): the cover lists what changed after it, and the tables get
	// change columns. Zero leaves both out. It must lie before AsOf.
	Since time.Time
	// Now returns the current time (for "today" and the document's
	// creation date); nil means the service's clock, else time.Now.
	Now func() time.Time
}

// Sheet names of the council workbook.
const (
	SheetCover     = "Übersicht"
	SheetCampaigns = "Kampagnen"
	// SheetDetails holds the figures of each campaign area that do not
	// fit on the Kampagnen sheet's printed page.
	SheetDetails = "Kampagnen-Details"
	SheetZones   = "Gewerbegebiete"
	SheetBuild   = "Ausbau"
	// ChartSheetPrefix starts the name of each running campaign's chart
	// sheet, followed by the campaign name, when both fit Excel's 31
	// characters; else the sheet has the campaign's name alone, or is cut
	// after a whole word (see chartSheetName).
	ChartSheetPrefix = "Verlauf "
)

// CouncilTitle is the workbook's title.
const CouncilTitle = "Breitbandausbau – Stand der Vorvermarktung"

// ModelPrivate is the funding model of every pre-marketing campaign: the
// provider builds at its own cost.
const ModelPrivate = "eigenwirtschaftlich"

// Columns of the Kampagnen sheet (from 1): at most 12, so that the
// table prints legibly on one A4 page wide. The change columns follow
// colStatus when CouncilOptions.Since is set. The other figures of an
// area (rating, forecast, extensions, …) are on the detail sheet.
const (
	colProvider = iota + 1
	colCampaign
	colArea
	colDenominator
	colSigned
	colQuota
	colThreshold
	colNeeded
	colDeadline
	colStatus
	colChangeSigned // with Since only
	colChangeQuota  // with Since only
)

// Columns of the Kampagnen-Details sheet (from 1).
const (
	detCampaign = iota + 1
	detArea
	detKind
	detCounting
	detDaysLeft
	detForecast
	detRating
	detExtensions
	detReason
)

// textPerWidth is how many characters of 10 pt text the council sheets
// count on per unit of column width when they wrap text (measured in
// LibreOffice on the demo: about 1.25; a little less, so that nothing is
// cut).
const textPerWidth = 1.15

// campaignsHeaderRow is the header row of the table sheets; row 1 holds
// the sheet's title.
const campaignsHeaderRow = 2

// campaignFigures are one campaign's figures now and at the previous
// report.
type campaignFigures struct {
	c    *campaigns.Campaign
	f    *campaigns.Figures
	prev *campaigns.Figures // nil without Since
}

// Council writes the council workbook for all campaigns to w: a cover
// sheet with a summary in words, a table of every campaign area with its
// quota, deadline, forecast and status (with totals as formulas), a chart
// of the quota over time per running campaign, the business parks and the
// areas being built.
func Council(ctx context.Context, svc *campaigns.Service, opt CouncilOptions, w io.Writer) error {
	now, asOf, since, err := councilDates(svc, opt)
	if err != nil {
		return err
	}
	municipality, coverName, scope, err := councilScope(ctx, svc, opt.Municipality)
	if err != nil {
		return err
	}

	all, err := svc.Store.Campaigns(ctx)
	if err != nil {
		return err
	}
	if scope != nil {
		all = slices.DeleteFunc(all, func(c *campaigns.Campaign) bool {
			return !slices.ContainsFunc(c.Areas, func(a campaigns.CampaignArea) bool { return scope[a.AreaID] })
		})
	}
	cfs, err := councilFigures(ctx, svc, all, asOf, since)
	if err != nil {
		return err
	}

	sortCouncil(cfs)
	feedback, err := feedbackCounts(ctx, svc, scope, since, asOf)
	if err != nil {
		return err
	}
	projects, err := councilFunding(ctx, svc, scope, asOf)
	if err != nil {
		return err
	}

	r := &council{book: newBook(), municipality: municipality, coverName: coverName, asOf: asOf, since: since, cfs: cfs, feedback: feedback, funding: projects}
	defer r.f.Close()
	r.fail(r.f.SetDefaultFont(defaultFont))
	r.fail(r.f.SetSheetName("Sheet1", SheetCover))
	r.campaignsSheet()
	r.detailsSheet()
	for _, cf := range r.cfs {
		if cf.f.Status.Active() {
			r.chartSheets(cf)
		}
	}
	r.zonesSheet()
	r.buildSheet()
	if r.sites, err = svc.SiteViewsOn(ctx, asOf); err != nil {
		return err
	}
	r.sitesSheet()
	r.fundingSheet()
	r.cover() // last: it lists the sheets
	return r.write(w, "council workbook", CouncilTitle,
		"Mitteilung an den Gemeinderat: Vorvermarktung des Glasfaserausbaus in "+municipality+", Stand "+asOf.Format("02.01.2006"),
		"Breitband, Glasfaser, Vorvermarktung, Gemeinderat", now())
}

// write sets the workbook's properties and writes it to w: what is the
// name for errors. The totals are formulas that carry the value the
// report computed (the same: each area is judged on its own, gaps add
// up); Excel computes them anew on opening all the same.
func (r *council) write(w io.Writer, what, title, subject, keywords string, now time.Time) error {
	r.fail(r.f.SetDocProps(&excelize.DocProperties{
		Title:       title,
		Subject:     subject,
		Creator:     "Gigaplan",
		Description: "Erzeugt von Gigaplan aus den erfassten Vorvermarktungszahlen.",
		Keywords:    keywords,
		Language:    "de-DE",
		Created:     now.UTC().Format("2006-01-02T15:04:05Z"),
		Modified:    now.UTC().Format("2006-01-02T15:04:05Z"),
	}))
	full := true
	r.fail(r.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}))
	withNumericFormulas(r.f)
	r.f.SetActiveSheet(0)
	if r.err != nil {
		return fmt.Errorf("%s: %w", what, r.err)
	}
	if _, err := r.f.WriteTo(w); err != nil {
		return fmt.Errorf("%s: write: %w", what, err)
	}
	return nil
}

// councilDates returns the clock, the report's day and the previous
// report's (zero without one) of opt.
func councilDates(svc *campaigns.Service, opt CouncilOptions) (now func() time.Time, asOf, since time.Time, err error) {
	now = opt.Now
	if now == nil {
		now = svc.Now
	}
	if now == nil {
		now = time.Now
	}
	asOf = campaigns.Today(now())
	if !opt.AsOf.IsZero() {
		asOf = campaigns.Day(opt.AsOf)
	}
	if !opt.Since.IsZero() {
		since = campaigns.Day(opt.Since)
		if err := CheckSince(since, asOf); err != nil {
			return nil, asOf, since, err
		}
	}
	return now, asOf, since, nil
}

// CheckSince refuses a previous council report's date (since; zero: none)
// that does not lie before the report's day: the workbook lists the
// changes from the one to the other. The command line and the office's
// form say it alike.
func CheckSince(since, day time.Time) error {
	if since.IsZero() || since.Before(day) {
		return nil
	}
	return geo.Errorf(geo.EINVALID, "Der vorige Bericht (%s) muss vor dem Stand (%s) liegen.", since.Format("02.01.2006"), day.Format("02.01.2006"))
}

// councilFigures are the campaigns' figures as of asOf (and since, when
// not zero), each campaign as it stood on the report's day.
func councilFigures(ctx context.Context, svc *campaigns.Service, all []*campaigns.Campaign, asOf, since time.Time) ([]campaignFigures, error) {
	var cfs []campaignFigures
	for _, c := range all {
		cf := campaignFigures{}
		var err error
		if cf.f, err = svc.Figures(ctx, c, asOf); err != nil {
			return nil, err
		}
		// Its statuses, extensions and threshold from the events
		// effective by then.
		cf.c = cf.f.Campaign
		if !since.IsZero() {
			if cf.prev, err = svc.Figures(ctx, c, since); err != nil {
				return nil, err
			}
		}
		cfs = append(cfs, cf)
	}
	return cfs, nil
}

// councilScope resolves CouncilOptions.Municipality: the name for the
// page headers, the line for the cover ("Offenburg (AGS 08317096)") and,
// for a stored municipality, the IDs of its areas (nil: every campaign).
// Without a name: the one municipality in the store, "N Gemeinden" for
// several, else "Gemeinde".
func councilScope(ctx context.Context, svc *campaigns.Service, name string) (string, string, map[int64]bool, error) {
	name = strings.TrimSpace(name)
	if svc.Geo == nil {
		name = cmp.Or(name, "Gemeinde")
		return name, name, nil, nil
	}
	if name == "" {
		refs, err := svc.Geo.AreaRefs(ctx) // names only: no municipality's geometry
		if err != nil {
			return "", "", nil, err
		}
		var ms []geo.Area
		for _, a := range refs {
			if a.Kind == geo.KindMunicipality {
				ms = append(ms, a)
			}
		}
		switch len(ms) {
		case 0:
			return "Gemeinde", "Gemeinde", nil, nil
		case 1:
			return ms[0].Name, withAGS(ms[0]), nil, nil
		}
		n := fmt.Sprintf("%d Gemeinden", len(ms))
		return n, n, nil, nil
	}
	m, scope, err := geo.ScopeOf(ctx, svc.Geo, name)
	if geo.ErrorCode(err) == geo.ENOTFOUND {
		return name, name, nil, nil // a name for the cover only, as before municipalities
	}
	if err != nil {
		return "", "", nil, err
	}
	return m.Name, withAGS(m), scope, nil
}

// withAGS names a municipality with its AGS, when known.
func withAGS(m geo.Area) string {
	if m.AGS == "" {
		return m.Name
	}
	return m.Name + " (AGS " + m.AGS + ")"
}

// council writes the council workbook.
type council struct {
	*book
	municipality string
	coverName    string // the municipality with its AGS, for the cover
	asOf, since  time.Time
	cfs          []campaignFigures
	sites        []campaigns.SiteView // the sites network (council_build.go)
	charts       []string             // names of the chart sheets, for the cover
	// coverHeights are the heights of the cover's rows set so far, and
	// coverBreak the row of its last manual page break: for keeping its
	// charts on one page.
	coverHeights map[int]float64
	coverBreak   int
	// feedback counts the citizens' reports (nil: none kept).
	feedback *campaigns.ReportCounts
	// funding are the funding projects of the workbook (council_funding.go).
	funding []*campaigns.FundingProject
}

// campaignsSheet writes the table of all campaign areas.
func (r *council) campaignsSheet() { r.campaignsSheetFor(SheetCampaigns, r.municipality, r.cfs) }

// campaignsSheetFor writes the table of cfs's areas into the new sheet s,
// headed for municipality when printed.
func (r *council) campaignsSheetFor(s, municipality string, cfs []campaignFigures) {
	_, err := r.f.NewSheet(s)
	r.fail(err)
	heads := []string{"Anbieter", "Kampagne", "Gebiet", "Haushalte / Unternehmen", "Verträge", "Quote", "Schwelle",
		"fehlende Verträge", "Frist", "Status"}
	if !r.since.IsZero() {
		d := r.since.Format("02.01.")
		heads = append(heads, "Verträge seit "+d, "Quote seit "+d)
	}
	r.set(s, 1, 1, "Vorvermarktung je Gebiet – Stand "+r.asOf.Format("02.01.2006"), cellStyle{caption: true})
	hr := campaignsHeaderRow
	r.header(s, hr, heads...)
	row := hr + 1
	for _, cf := range cfs {
		c, f := cf.c, cf.f
		first := row
		for _, a := range f.Areas {
			r.campaignRow(s, row, c, f, a, cellStyle{})
			if cf.prev != nil {
				signed, pp := cf.change(a, false)
				r.set(s, colChangeSigned, row, signed, cellStyle{numFmt: numFmtSigned})
				r.set(s, colChangeQuota, row, pp, cellStyle{numFmt: numFmtPoints})
			}
			row++
		}
		// The totals row: sums and the quota as formulas.
		tot := cellStyle{total: true}
		r.campaignRow(s, row, c, f, f.Total, tot)
		last := row - 1
		sum := func(col int) string {
			return fmt.Sprintf("SUM(%s:%s)", cell(col, first), cell(col, last))
		}
		r.formula(s, colDenominator, row, sum(colDenominator), cellStyle{total: true, numFmt: numFmtInt}, displayWidth(f.Total.Denominator, tot))
		r.formula(s, colSigned, row, sum(colSigned), cellStyle{total: true, numFmt: numFmtInt}, displayWidth(f.Total.Signed, tot))
		r.formula(s, colQuota, row, fmt.Sprintf("IF(%[1]s>0,ROUNDDOWN(%[2]s/%[1]s,3),0)", cell(colDenominator, row), cell(colSigned, row)),
			cellStyle{total: true, numFmt: numFmtPercent}, 7)
		r.formula(s, colNeeded, row, sum(colNeeded), cellStyle{total: true, numFmt: numFmtInt}, 6)
		if cf.prev != nil {
			signed, pp := cf.change(f.Total, true)
			r.set(s, colChangeSigned, row, signed, cellStyle{total: true, numFmt: numFmtSigned})
			r.formula(s, colChangeSigned, row, sum(colChangeSigned), cellStyle{total: true, numFmt: numFmtSigned}, 6)
			r.set(s, colChangeQuota, row, pp, cellStyle{total: true, numFmt: numFmtPoints})
		}
		row++
	}
	last := max(row-1, hr+1)
	r.trafficLight(s, colQuota, colThreshold, hr+1, last)
	r.fail(r.f.AutoFilter(s, cell(1, hr)+":"+cell(len(heads), last), nil))
	r.freeze(s, hr+1)
	// Long texts wrap, so that the table prints legibly on A4.
	for col, w := range map[int]float64{colProvider: 14, colCampaign: 16, colArea: 16, colStatus: 16} {
		r.capWidth(s, col, w)
	}
	r.fitColumns(s, 6, 40)
	r.fitRowsScaled(s, textPerWidth)
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), municipality, CouncilTitle, r.asOf)
}

// change is the change of area a (or, with total, of the campaign's
// pooled line) since the last meeting: contracts and the quota in
// percentage points. Every sheet and sentence that shows a change takes
// it from here. Without Since it is zero.
func (cf campaignFigures) change(a campaigns.AreaFigures, total bool) (signed int, pp float64) {
	if cf.prev == nil {
		return 0, 0
	}
	p := cf.prev.Total
	if !total {
		p = campaigns.AreaFigures{}
		for _, x := range cf.prev.Areas {
			if x.AreaID == a.AreaID {
				p = x
			}
		}
	}
	return a.Signed - p.Signed, points(a.Quota, p.Quota)
}

// campaignRow writes the columns of one area (or, with st.total, of the
// campaign's total; the caller then overwrites the sums with formulas).
func (r *council) campaignRow(s string, row int, c *campaigns.Campaign, f *campaigns.Figures, a campaigns.AreaFigures, st cellStyle) {
	with := func(numFmt string) cellStyle { x := st; x.numFmt = numFmt; return x }
	fill := func(color string) cellStyle { x := st; x.fill = color; return x }
	wrap := st
	wrap.wrap = true
	r.set(s, colProvider, row, c.Provider, wrap)
	r.set(s, colCampaign, row, c.Name, wrap)
	r.set(s, colArea, row, a.AreaName, wrap)
	r.set(s, colDenominator, row, a.Denominator, with(numFmtInt))
	r.set(s, colSigned, row, a.Signed, with(numFmtInt))
	r.set(s, colQuota, row, campaigns.ShownShare(a.Quota), with(numFmtPercent))
	r.set(s, colThreshold, row, c.Threshold, with(numFmtPercent))
	r.set(s, colNeeded, row, a.Needed, with(numFmtInt))
	r.set(s, colDeadline, row, f.Deadline, with(numFmtDate))
	stStatus := fill(statusFill(a.Status))
	stStatus.wrap = true
	r.set(s, colStatus, row, statusLabel(a, st.total && f.Mixed), stStatus)
}

// detailsSheet writes the figures of each campaign area that the
// Kampagnen sheet leaves out: model, kind, what is counted, days left,
// forecast, rating, extensions and the reason of the latest one.
func (r *council) detailsSheet() {
	s := SheetDetails
	_, err := r.f.NewSheet(s)
	r.fail(err)
	r.set(s, 1, 1, "Vorvermarktung je Gebiet: Prognose und Fristen – Stand "+r.asOf.Format("02.01.2006")+"; Modell aller Kampagnen: "+
		ModelPrivate+" (der Anbieter baut auf eigene Kosten)", cellStyle{caption: true})
	hr := campaignsHeaderRow
	r.header(s, hr, "Kampagne", "Gebiet", "Art", "gezählt", "Tage übrig", "Prognose", "Bewertung", "Verlängerungen",
		"Grund der letzten Verlängerung")
	row := hr + 1
	for _, cf := range r.cfs {
		c, f := cf.c, cf.f
		for i, a := range append(slices.Clone(f.Areas), f.Total) {
			st := cellStyle{total: i == len(f.Areas)}
			with := func(numFmt string) cellStyle { x := st; x.numFmt = numFmt; return x }
			dash := st // "–": not applicable
			dash.center = true
			wrap := st
			wrap.wrap = true
			r.set(s, detCampaign, row, c.Name, wrap)
			r.set(s, detArea, row, a.AreaName, wrap)
			if st.total {
				r.set(s, detKind, row, nil, st)
			} else {
				r.set(s, detKind, row, a.AreaKind.German(), st)
			}
			r.set(s, detCounting, row, c.Counting.German(), st)
			active := a.Status.Active()
			if active || a.Status == campaigns.StatusPlanned {
				r.set(s, detDaysLeft, row, a.DaysLeft, with(numFmtInt))
			} else {
				r.set(s, detDaysLeft, row, "–", dash)
			}
			if a.Forecast.Reachable {
				r.set(s, detForecast, row, a.Forecast.Date, with(numFmtDate))
			} else {
				r.set(s, detForecast, row, "–", dash)
			}
			if active {
				x := st
				x.fill = ratingFill(a.Rating)
				r.set(s, detRating, row, a.Rating.German(), x)
			} else {
				r.set(s, detRating, row, "–", dash)
			}
			r.set(s, detExtensions, row, len(c.Extensions), with(numFmtInt))
			if k := len(c.Extensions); k > 0 && st.total {
				r.set(s, detReason, row, c.Extensions[k-1].Reason, wrap)
			} else {
				r.set(s, detReason, row, nil, st)
			}
			row++
		}
	}
	r.fail(r.f.AutoFilter(s, cell(1, hr)+":"+cell(detReason, max(row-1, hr+1)), nil))
	r.freeze(s, hr+1)
	for col, w := range map[int]float64{detCampaign: 18, detArea: 16, detReason: 28} {
		r.capWidth(s, col, w)
	}
	r.fitColumns(s, 6, 40)
	r.fitRowsScaled(s, textPerWidth)
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), r.municipality, CouncilTitle, r.asOf)
}

// statusLabel is an area's status as the workbook shows it: with
// "Entscheidung fällig" past the deadline, "Übersteuerung" for a decision
// against the figures, "gemischt" for a pooled line over areas in
// different statuses.
func statusLabel(a campaigns.AreaFigures, mixed bool) string {
	s := a.Status.German()
	if a.DecisionDue {
		s += " – Entscheidung fällig"
	}
	if a.Override {
		s += " (Übersteuerung)"
	}
	if mixed {
		s += " (gemischt)"
	}
	return s
}

// trafficLight colours the quota cells of rows first…last against the
// threshold in the same row: green from the threshold, amber from 80 % of
// it, red below. Real conditional formats, so that they follow edits.
func (r *council) trafficLight(s string, quotaCol, thresholdCol, first, last int) {
	if r.err != nil {
		return
	}
	q := cell(quotaCol, first)
	t := "$" + colName(thresholdCol) + strconv.Itoa(first)
	rules := []struct{ color, criteria string }{
		{colorGreen, fmt.Sprintf("AND(ISNUMBER(%s),%s>=%s)", q, q, t)},
		{colorAmber, fmt.Sprintf("AND(ISNUMBER(%s),%s>=0.8*%s)", q, q, t)},
		{colorRed, fmt.Sprintf("ISNUMBER(%s)", q)},
	}
	var opts []excelize.ConditionalFormatOptions
	for _, rule := range rules {
		id, err := r.f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{rule.color}}})
		r.fail(err)
		opts = append(opts, excelize.ConditionalFormatOptions{Type: "formula", Criteria: rule.criteria, Format: &id, StopIfTrue: true})
	}
	r.fail(r.f.SetConditionalFormat(s, q+":"+cell(quotaCol, last), opts))
}

// hasZones reports whether any campaign counts businesses.
func (r *council) hasZones() bool {
	for _, cf := range r.cfs {
		if cf.c.Counting == campaigns.CountBusinesses {
			return true
		}
	}
	return false
}

// zonesSheet writes the campaigns counting businesses, one row per
// business park and a total per campaign.
func (r *council) zonesSheet() {
	if !r.hasZones() {
		return
	}
	s := SheetZones
	_, err := r.f.NewSheet(s)
	r.fail(err)
	r.set(s, 1, 1, "Gewerbegebiete – Stand "+r.asOf.Format("02.01.2006"), cellStyle{caption: true})
	hr := campaignsHeaderRow
	r.header(s, hr, "Gewerbegebiet", "Anbieter", "Kampagne", "Unternehmen gesamt", "Verträge", "Quote", "Schwelle", "Frist", "Status")
	row := hr + 1
	for _, cf := range r.cfs {
		if cf.c.Counting != campaigns.CountBusinesses {
			continue
		}
		first := row
		write := func(a campaigns.AreaFigures, st cellStyle) {
			with := func(numFmt string) cellStyle { x := st; x.numFmt = numFmt; return x }
			r.set(s, 1, row, a.AreaName, st)
			r.set(s, 2, row, cf.c.Provider, st)
			r.set(s, 3, row, cf.c.Name, st)
			r.set(s, 4, row, a.Denominator, with(numFmtInt))
			r.set(s, 5, row, a.Signed, with(numFmtInt))
			r.set(s, 6, row, campaigns.ShownShare(a.Quota), with(numFmtPercent))
			r.set(s, 7, row, cf.c.Threshold, with(numFmtPercent))
			r.set(s, 8, row, cf.f.Deadline, with(numFmtDate))
			status := statusLabel(a, st.total && cf.f.Mixed)
			x := st
			x.fill = statusFill(a.Status)
			r.set(s, 9, row, status, x)
		}
		for _, a := range cf.f.Areas {
			write(a, cellStyle{})
			row++
		}
		tot := cellStyle{total: true}
		write(cf.f.Total, tot)
		r.formula(s, 4, row, fmt.Sprintf("SUM(%s:%s)", cell(4, first), cell(4, row-1)), cellStyle{total: true, numFmt: numFmtInt}, 6)
		r.formula(s, 5, row, fmt.Sprintf("SUM(%s:%s)", cell(5, first), cell(5, row-1)), cellStyle{total: true, numFmt: numFmtInt}, 6)
		r.formula(s, 6, row, fmt.Sprintf("IF(%[1]s>0,%[2]s/%[1]s,0)", cell(4, row), cell(5, row)), cellStyle{total: true, numFmt: numFmtPercent}, 7)
		row++
	}
	r.trafficLight(s, 6, 7, hr+1, row-1)
	r.fail(r.f.AutoFilter(s, cell(1, hr)+":"+cell(9, row-1), nil))
	r.freeze(s, hr+1)
	r.fitColumns(s, 8, 40)
	r.fitRowsScaled(s, textPerWidth)
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), r.municipality, CouncilTitle, r.asOf)
}

// excelSerial is a day's serial number in a workbook (days since
// 30.12.1899), as a chart axis needs it.
func excelSerial(d time.Time) float64 {
	return float64(campaigns.DaysBetween(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC), d))
}

// points is the change of a quota in percentage points, rounded to 0.01.
func points(now, before float64) float64 { return math.Round((now-before)*1e4) / 100 }

func statusFill(s campaigns.Status) string {
	switch s {
	case campaigns.StatusReached, campaigns.StatusCommitted, campaigns.StatusConstruction, campaigns.StatusLive:
		return colorGreen
	case campaigns.StatusRunning, campaigns.StatusExtended:
		return colorBlue
	case campaigns.StatusMissed:
		return colorRed
	}
	return colorGrey
}

func ratingFill(r campaigns.Rating) string {
	switch r {
	case campaigns.OnTrack:
		return colorGreen
	case campaigns.AtRisk:
		return colorAmber
	case campaigns.Unlikely:
		return colorRed
	}
	return ""
}

// kindsDative names the areas' kind in the dative plural ("Ortsteilen"),
// or "Gebieten" when they differ.
func kindsDative(areas []campaigns.AreaFigures) string {
	words := map[geo.AreaKind]string{geo.KindDistrict: "Ortsteilen", geo.KindZone: "Gewerbegebieten", geo.KindBuildArea: "Ausbaugebieten"}
	for _, a := range areas[1:] {
		if a.AreaKind != areas[0].AreaKind {
			return "Gebieten"
		}
	}
	if w, ok := words[areas[0].AreaKind]; ok {
		return w
	}
	return "Gebieten"
}

// countingDative is Counting.German in the dative plural ("bei 1.200
// Haushalten").
func countingDative(c campaigns.Counting) string {
	switch c {
	case campaigns.CountBusinesses:
		return "Unternehmen"
	case campaigns.CountBuildings:
		return "Gebäuden"
	}
	return "Haushalten"
}

func contracts(n int) string { return plural(n, "Vertrag", "Verträge") }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// times says how often: "einmal", "zweimal", "dreimal", "4-mal".
func times(n int) string {
	switch n {
	case 1:
		return "einmal"
	case 2:
		return "zweimal"
	case 3:
		return "dreimal"
	}
	return strconv.Itoa(n) + "-mal"
}

func thousands(n int) string { return campaigns.Thousands(int64(n)) }
