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
	// Since is the date of the previous report; zero leaves out the change
	// columns. It must lie before AsOf.
	Since time.Time
	// Now returns the current time (for "today" and the document's
	// creation date); nil means the service's clock, else time.Now.
	Now func() time.Time
}

// Sheet names of the council workbook.
const (
	SheetCover     = "Übersicht"
	SheetCampaigns = "Kampagnen"
	SheetZones     = "Gewerbegebiete"
	SheetBuild     = "Ausbau"
	// ChartSheetPrefix starts the name of each running campaign's chart
	// sheet, followed by the campaign name (cut to 31 characters).
	ChartSheetPrefix = "Verlauf "
)

// CouncilTitle is the workbook's title.
const CouncilTitle = "Breitbandausbau – Stand der Vorvermarktung"

// ModelPrivate is the funding model of every pre-marketing campaign: the
// provider builds at its own cost.
const ModelPrivate = "eigenwirtschaftlich"

// Columns of the Kampagnen sheet (from 1). The change columns follow
// colStatus when CouncilOptions.Since is set; the reason of the latest
// extension is always last.
const (
	colProvider = iota + 1
	colCampaign
	colModel
	colArea
	colKind
	colCounting
	colDenominator
	colSigned
	colQuota
	colThreshold
	colNeeded
	colDeadline
	colExtensions
	colDaysLeft
	colForecast
	colRating
	colStatus
	colChangeSigned // with Since only
	colChangeQuota  // with Since only
)

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

	r := &council{book: newBook(), municipality: municipality, coverName: coverName, asOf: asOf, since: since, cfs: cfs}
	defer r.f.Close()
	r.fail(r.f.SetDefaultFont(defaultFont))
	r.fail(r.f.SetSheetName("Sheet1", SheetCover))
	r.campaignsSheet()
	for _, cf := range cfs {
		if cf.f.Status.Active() {
			r.chartSheet(cf)
		}
	}
	r.zonesSheet()
	r.buildSheet()
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
		if !since.Before(asOf) {
			return nil, asOf, since, geo.Errorf(geo.EINVALID, "council report: the previous report's date %s must lie before the report date %s",
				since.Format("02.01.2006"), asOf.Format("02.01.2006"))
		}
	}
	return now, asOf, since, nil
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
	charts       []string // names of the chart sheets, for the cover
}

// cover writes the sheet "Übersicht": title, date, one paragraph per
// campaign and a legend.
func (r *council) cover() {
	s := SheetCover
	const width = 8 // columns A:H carry the merged paragraphs
	r.fail(r.f.SetColWidth(s, "A", colName(width), 14))
	r.set(s, 1, 1, CouncilTitle, cellStyle{title: true})
	r.set(s, 1, 2, r.coverName, cellStyle{bold: true})
	r.set(s, 1, 3, "Stand: "+r.asOf.Format("02.01.2006"), cellStyle{})
	row := 4
	if !r.since.IsZero() {
		r.set(s, 1, row, "Vorheriger Bericht: "+r.since.Format("02.01.2006"), cellStyle{})
		row++
	}
	row++
	r.set(s, 1, row, "Zusammenfassung", cellStyle{bold: true})
	row++
	paragraph := func(text string, st cellStyle) {
		st.wrap = true
		r.set(s, 1, row, text, st)
		r.fail(r.f.MergeCell(s, cell(1, row), cell(width, row)))
		// fitRows does not see merged cells: the paragraph spans width
		// columns of 14 characters.
		lines := wrapLines(text, width*14, st.bold)
		r.fail(r.f.SetRowHeight(s, row, float64(lines)*13+3))
		row++
	}
	if len(r.cfs) == 0 {
		paragraph("Es sind keine Vorvermarktungskampagnen erfasst.", cellStyle{})
	}
	for _, cf := range r.cfs {
		paragraph(r.summary(cf), cellStyle{})
	}
	row++
	r.set(s, 1, row, "Inhalt", cellStyle{bold: true})
	row++
	contents := []string{SheetCampaigns + ": jedes Gebiet jeder Kampagne mit Quote, Frist, Prognose und Status; je Kampagne eine Summenzeile."}
	for _, name := range r.charts {
		contents = append(contents, name+": Verlauf der Quote je Gebiet mit der Schwelle und der Öffentlichkeitsarbeit.")
	}
	if r.hasZones() {
		contents = append(contents, SheetZones+": Kampagnen in Gewerbegebieten, gezählt werden Unternehmen.")
	}
	if len(r.building()) > 0 {
		contents = append(contents, SheetBuild+": Gebiete mit Ausbauzusage, im Bau oder in Betrieb.")
	}
	for _, c := range contents {
		paragraph(c, cellStyle{})
	}
	row++
	r.set(s, 1, row, "Erläuterungen", cellStyle{bold: true})
	row++
	paragraph("Quote = unterschriebene Verträge ÷ Haushalte (in Gewerbegebieten: Unternehmen) im Gebiet; Verträge städtischer "+
		"Einrichtungen zählen mit, wo die Kampagne das vorsieht. Jedes Gebiet wird für sich an der Schwelle gemessen.", cellStyle{})
	paragraph("Ampel der Quote: grün ab der Schwelle, gelb ab 80 % der Schwelle, rot darunter. Bewertung der laufenden Gebiete: "+
		"»im Plan« – die Prognose erreicht die Schwelle bis zur Frist; »gefährdet« – kurz nach der Frist, eine Verlängerung könnte "+
		"reichen; »unwahrscheinlich« – deutlich später oder gar nicht.", cellStyle{})
	paragraph("Alle Vorvermarktungen sind eigenwirtschaftlich: der Anbieter baut auf eigene Kosten, wenn die Quote erreicht ist. "+
		"Eine erreichte Quote ist noch keine Ausbauzusage.", cellStyle{italic: true})
	r.printSetup(s, false, "", r.municipality, CouncilTitle, r.asOf)
}

// summary describes one campaign in a few German sentences.
func (r *council) summary(cf campaignFigures) string {
	c, f := cf.c, cf.f
	var b strings.Builder
	head := fmt.Sprintf("Kampagne »%s« (%s, Schwelle %s)", c.Name, c.Provider, campaigns.Percent(c.Threshold))
	deadline := f.Deadline.Format("02.01.2006")
	if len(f.Areas) == 1 {
		a := f.Areas[0]
		fmt.Fprintf(&b, "%s im %s %s: %s", head, a.AreaKind.German(), a.AreaName, a.Status.German())
		if a.Status.Active() {
			fmt.Fprintf(&b, " bis %s", deadline)
		}
		b.WriteString(".")
	} else {
		// Count the areas per status, in lifecycle order.
		n := map[campaigns.Status]int{}
		for _, a := range f.Areas {
			n[a.Status]++
		}
		type phrase struct{ one, many, rest string }
		phrases := map[campaigns.Status]phrase{
			campaigns.StatusReached:      {"hat", "haben", "die Quote erreicht"},
			campaigns.StatusCommitted:    {"hat", "haben", "eine Ausbauzusage"},
			campaigns.StatusConstruction: {"ist", "sind", "im Bau"},
			campaigns.StatusLive:         {"ist", "sind", "in Betrieb"},
			campaigns.StatusMissed:       {"ist", "sind", "geparkt (Quote nicht erreicht)"},
			campaigns.StatusRunning:      {"läuft", "laufen", "noch bis " + deadline},
			campaigns.StatusExtended:     {"läuft", "laufen", "verlängert bis " + deadline},
			campaigns.StatusPlanned:      {"ist", "sind", "geplant"},
			campaigns.StatusCancelled:    {"wurde", "wurden", "abgebrochen"},
		}
		order := []campaigns.Status{campaigns.StatusReached, campaigns.StatusCommitted, campaigns.StatusConstruction,
			campaigns.StatusLive, campaigns.StatusMissed, campaigns.StatusRunning, campaigns.StatusExtended,
			campaigns.StatusPlanned, campaigns.StatusCancelled}
		var parts []string
		for _, st := range order {
			k := n[st]
			if k == 0 {
				continue
			}
			p := phrases[st]
			verb := p.many
			if k == 1 {
				verb = p.one
			}
			if len(parts) == 0 { // after "Von 8 Ortsteilen …" the verb comes first
				parts = append(parts, fmt.Sprintf("%s %d %s", verb, k, p.rest))
			} else {
				parts = append(parts, fmt.Sprintf("%d %s %s", k, verb, p.rest))
			}
		}
		fmt.Fprintf(&b, "Von %d %s der %s %s.", len(f.Areas), kindsDative(f.Areas), head, strings.Join(parts, ", "))
	}
	t := f.Total
	fmt.Fprintf(&b, " Insgesamt %s %s bei %s %s (%s).", thousands(t.Signed), contracts(t.Signed), thousands(t.Denominator),
		countingDative(c.Counting), campaigns.Percent(t.Quota))
	if k := len(c.Extensions); k > 0 {
		last := c.Extensions[k-1]
		fmt.Fprintf(&b, " Die Frist wurde %s verlängert, zuletzt am %s bis %s: %s.", times(k), last.Decided.Format("02.01.2006"),
			last.Deadline.Format("02.01.2006"), strings.TrimSuffix(last.Reason, "."))
	}
	for _, a := range f.Areas {
		if !a.Status.Active() {
			continue
		}
		fmt.Fprintf(&b, " %s: %s (%s), ", a.AreaName, campaigns.Percent(a.Quota), a.Status.German())
		if a.Needed > 0 {
			fmt.Fprintf(&b, "es %s noch %s %s bei %d %s bis zur Frist; Bewertung: %s", plural(a.Needed, "fehlt", "fehlen"), thousands(a.Needed),
				contracts(a.Needed), a.DaysLeft, plural(a.DaysLeft, "Tag", "Tagen"), a.Rating.German())
			if a.Forecast.Reachable {
				fmt.Fprintf(&b, " (Prognose: Quote am %s)", a.Forecast.Date.Format("02.01.2006"))
			}
			b.WriteString(".")
		} else {
			b.WriteString("die Quote ist erreicht.")
		}
	}
	if cf.prev != nil {
		d := t.Signed - cf.prev.Total.Signed
		since := r.since.Format("02.01.2006")
		switch {
		case d > 0:
			fmt.Fprintf(&b, " Seit dem letzten Bericht (%s) %s %s %s hinzu.", since, plural(d, "kam", "kamen"), thousands(d), contracts(d))
		case d < 0:
			fmt.Fprintf(&b, " Seit dem letzten Bericht (%s) ging die Zahl der Verträge um %s zurück.", since, thousands(-d))
		default:
			fmt.Fprintf(&b, " Seit dem letzten Bericht (%s) kamen keine Verträge hinzu.", since)
		}
	}
	return b.String()
}

// campaignsSheet writes the table of all campaign areas.
func (r *council) campaignsSheet() { r.campaignsSheetFor(SheetCampaigns, r.municipality, r.cfs) }

// campaignsSheetFor writes the table of cfs's areas into the new sheet s,
// headed for municipality when printed.
func (r *council) campaignsSheetFor(s, municipality string, cfs []campaignFigures) {
	_, err := r.f.NewSheet(s)
	r.fail(err)
	heads := []string{"Anbieter", "Kampagne", "Modell", "Gebiet", "Art", "gezählt", "Haushalte / Unternehmen", "Verträge", "Quote",
		"Schwelle", "fehlende Verträge", "Frist", "Verlängerungen", "Tage übrig", "Prognose", "Bewertung", "Status"}
	if !r.since.IsZero() {
		d := r.since.Format("02.01.")
		heads = append(heads, "Verträge seit "+d, "Quote seit "+d)
	}
	colReason := len(heads) + 1
	heads = append(heads, "Grund der letzten Verlängerung")
	r.set(s, 1, 1, "Vorvermarktung je Gebiet – Stand "+r.asOf.Format("02.01.2006"), cellStyle{caption: true})
	hr := campaignsHeaderRow
	r.header(s, hr, heads...)
	row := hr + 1
	for _, cf := range cfs {
		c, f := cf.c, cf.f
		first := row
		prev := map[int64]campaigns.AreaFigures{}
		if cf.prev != nil {
			for _, a := range cf.prev.Areas {
				prev[a.AreaID] = a
			}
		}
		for _, a := range f.Areas {
			r.campaignRow(s, row, c, f, a, cellStyle{})
			if cf.prev != nil {
				p := prev[a.AreaID]
				r.set(s, colChangeSigned, row, a.Signed-p.Signed, cellStyle{numFmt: numFmtSigned})
				r.set(s, colChangeQuota, row, points(a.Quota, p.Quota), cellStyle{numFmt: numFmtPoints})
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
			r.set(s, colChangeSigned, row, f.Total.Signed-cf.prev.Total.Signed, cellStyle{total: true, numFmt: numFmtSigned})
			r.formula(s, colChangeSigned, row, sum(colChangeSigned), cellStyle{total: true, numFmt: numFmtSigned}, 6)
			r.set(s, colChangeQuota, row, points(f.Total.Quota, cf.prev.Total.Quota), cellStyle{total: true, numFmt: numFmtPoints})
		}
		if k := len(c.Extensions); k > 0 {
			r.set(s, colReason, row, c.Extensions[k-1].Reason, cellStyle{total: true, wrap: true})
		} else {
			r.set(s, colReason, row, nil, tot)
		}
		row++
	}
	last := max(row-1, hr+1)
	r.trafficLight(s, colQuota, colThreshold, hr+1, last)
	r.fail(r.f.AutoFilter(s, cell(1, hr)+":"+cell(len(heads), last), nil))
	r.freeze(s, hr+1)
	// Long texts wrap, so that the table prints legibly on A4.
	for col, w := range map[int]float64{colProvider: 16, colCampaign: 18, colArea: 20, colStatus: 16, colReason: 32} {
		r.capWidth(s, col, w)
	}
	r.fitColumns(s, 6, 40)
	r.fitRows(s)
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), municipality, CouncilTitle, r.asOf)
}

// campaignRow writes the columns of one area (or, with st.total, of the
// campaign's total; the caller then overwrites the sums with formulas).
func (r *council) campaignRow(s string, row int, c *campaigns.Campaign, f *campaigns.Figures, a campaigns.AreaFigures, st cellStyle) {
	with := func(numFmt string) cellStyle { x := st; x.numFmt = numFmt; return x }
	fill := func(color string) cellStyle { x := st; x.fill = color; return x }
	wrap := st
	wrap.wrap = true
	dash := st // "–": not applicable
	dash.center = true
	r.set(s, colProvider, row, c.Provider, wrap)
	r.set(s, colCampaign, row, c.Name, wrap)
	r.set(s, colModel, row, ModelPrivate, st)
	r.set(s, colArea, row, a.AreaName, wrap)
	if st.total {
		r.set(s, colKind, row, nil, st)
	} else {
		r.set(s, colKind, row, a.AreaKind.German(), st)
	}
	r.set(s, colCounting, row, c.Counting.German(), st)
	r.set(s, colDenominator, row, a.Denominator, with(numFmtInt))
	r.set(s, colSigned, row, a.Signed, with(numFmtInt))
	r.set(s, colQuota, row, campaigns.ShownShare(a.Quota), with(numFmtPercent))
	r.set(s, colThreshold, row, c.Threshold, with(numFmtPercent))
	r.set(s, colNeeded, row, a.Needed, with(numFmtInt))
	r.set(s, colDeadline, row, f.Deadline, with(numFmtDate))
	r.set(s, colExtensions, row, len(c.Extensions), with(numFmtInt))
	active := a.Status.Active()
	if active || a.Status == campaigns.StatusPlanned {
		r.set(s, colDaysLeft, row, a.DaysLeft, with(numFmtInt))
	} else {
		r.set(s, colDaysLeft, row, "–", dash)
	}
	if a.Forecast.Reachable {
		r.set(s, colForecast, row, a.Forecast.Date, with(numFmtDate))
	} else {
		r.set(s, colForecast, row, "–", dash)
	}
	if active {
		r.set(s, colRating, row, a.Rating.German(), fill(ratingFill(a.Rating)))
	} else {
		r.set(s, colRating, row, "–", dash)
	}
	status := statusLabel(a, st.total && f.Mixed)
	stStatus := fill(statusFill(a.Status))
	stStatus.wrap = true
	r.set(s, colStatus, row, status, stStatus)
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

// chartSheet writes one running campaign's history: a table of the quota
// per area on each reported date with the threshold, the outreach events
// beside it and a line chart of the table.
func (r *council) chartSheet(cf campaignFigures) {
	c, f := cf.c, cf.f
	s := r.sheetName(ChartSheetPrefix + c.Name)
	_, err := r.f.NewSheet(s)
	r.fail(err)
	r.charts = append(r.charts, s)
	r.set(s, 1, 1, fmt.Sprintf("Verlauf der Quote – %s (%s), Stand %s", c.Name, c.Provider, r.asOf.Format("02.01.2006")), cellStyle{caption: true})
	hr := campaignsHeaderRow
	heads := []string{"Datum"}
	for _, a := range f.Areas {
		heads = append(heads, a.AreaName)
	}
	heads = append(heads, "Schwelle")
	r.header(s, hr, heads...)

	// One row per date on which any area has a count.
	dates := map[time.Time]bool{}
	for _, a := range f.Areas {
		for _, x := range a.History {
			dates[x.Date] = true
		}
	}
	sorted := make([]campaigns.Sample, 0, len(dates))
	for d := range dates {
		sorted = append(sorted, campaigns.Sample{Date: d})
	}
	campaigns.SortSamples(sorted)
	rowOf := map[time.Time]int{}
	for i, x := range sorted {
		row := hr + 1 + i
		rowOf[x.Date] = row
		r.set(s, 1, row, x.Date, cellStyle{numFmt: numFmtDate})
		r.set(s, len(heads), row, c.Threshold, cellStyle{numFmt: numFmtPercent})
	}
	for i, a := range f.Areas {
		for _, x := range a.History {
			// Facilities' contracts count from the start, as in the figures.
			r.set(s, 2+i, rowOf[x.Date], campaigns.ShownShare(campaigns.Quota(x.Count+a.Facilities, a.Denominator)), cellStyle{numFmt: numFmtPercent})
		}
	}
	lastRow := hr + len(sorted)

	// The outreach events beside the table.
	oc := len(heads) + 2
	r.set(s, oc, 1, "Öffentlichkeitsarbeit", cellStyle{caption: true})
	r.set(s, oc, hr, "Datum", cellStyle{header: true})
	r.set(s, oc+1, hr, "Titel", cellStyle{header: true})
	for i, o := range f.Outreach {
		r.set(s, oc, hr+1+i, o.Date, cellStyle{numFmt: numFmtDate})
		r.set(s, oc+1, hr+1+i, o.Title, cellStyle{})
	}
	if len(f.Outreach) == 0 {
		r.set(s, oc, hr+1, "keine erfasst", cellStyle{italic: true})
	}
	r.freeze(s, hr+1)
	r.fitColumns(s, 9, 45)
	r.fitRows(s)

	if len(sorted) > 0 {
		ref := func(col int) string {
			return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(s), colName(col), hr+1, colName(col), lastRow)
		}
		var series []excelize.ChartSeries
		for i := range f.Areas {
			series = append(series, excelize.ChartSeries{
				Name: fmt.Sprintf("%s!$%s$%d", quoteSheet(s), colName(2+i), hr), Categories: ref(1), Values: ref(2 + i),
				Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 1.75}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{palette[i%len(palette)]}},
				Marker: excelize.ChartMarker{Symbol: "none"},
			})
		}
		series = append(series, excelize.ChartSeries{
			Name: fmt.Sprintf("%s!$%s$%d", quoteSheet(s), colName(len(heads)), hr), Categories: ref(1), Values: ref(len(heads)),
			Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 2.5, Dash: excelize.LineDashDash}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}},
			Marker: excelize.ChartMarker{Symbol: "none"},
		})
		// A scatter chart with lines: its x axis is a value axis of
		// dates, spaced by time (a line chart's category axis of dates
		// shows a label per day in LibreOffice).
		zero := 0.0
		xmin, xmax := excelSerial(c.Start), excelSerial(f.Deadline)
		if last := excelSerial(sorted[len(sorted)-1].Date); last > xmax {
			xmax = last
		}
		axisFont := excelize.Font{Color: "404040", Size: 9}
		r.fail(r.f.AddChart(s, cell(1, max(lastRow, hr+len(f.Outreach))+3), &excelize.Chart{
			Type:      excelize.Scatter,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Quote je Gebiet – " + c.Name}}},
			Legend:    excelize.ChartLegend{Position: "right"},
			Dimension: excelize.ChartDimension{Width: 1000, Height: 480},
			XAxis: excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "DD.MM.YY"}, Minimum: &xmin, Maximum: &xmax,
				Font: axisFont},
			YAxis: excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0 %"}, MajorGridLines: true, Minimum: &zero,
				Font: axisFont},
			Format:       excelize.GraphicOptions{AltText: "Verlauf der Quote je Gebiet mit der Schwelle"},
			ShowBlanksAs: "span",
		}))
	} else {
		r.set(s, 1, hr+1, "Noch keine Verträge erfasst.", cellStyle{italic: true})
	}
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), r.municipality, CouncilTitle, r.asOf)
}

// palette colours the chart's area series; the threshold is dark red.
var palette = []string{"1F77B4", "FF7F0E", "2CA02C", "9467BD", "8C564B", "E377C2", "7F7F7F", "BCBD22", "17BECF", "AEC7E8"}

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
	r.header(s, hr, "Gewerbegebiet", "Anbieter", "Kampagne", "Unternehmen gesamt", "unterschrieben", "Quote", "Schwelle", "Frist", "Status")
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
	r.fitRows(s)
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), r.municipality, CouncilTitle, r.asOf)
}

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

// buildSheet writes the areas being built, if any.
func (r *council) buildSheet() {
	areas := r.building()
	if len(areas) == 0 {
		return
	}
	s := SheetBuild
	_, err := r.f.NewSheet(s)
	r.fail(err)
	r.set(s, 1, 1, "Ausbau – Stand "+r.asOf.Format("02.01.2006"), cellStyle{caption: true})
	hr := campaignsHeaderRow
	r.header(s, hr, "Gebiet", "Art", "Anbieter", "Kampagne", "Status", "gezählt", "Haushalte / Unternehmen", "Verträge", "Quote")
	for i, x := range areas {
		row := hr + 1 + i
		r.set(s, 1, row, x.a.AreaName, cellStyle{})
		r.set(s, 2, row, x.a.AreaKind.German(), cellStyle{})
		r.set(s, 3, row, x.cf.c.Provider, cellStyle{})
		r.set(s, 4, row, x.cf.c.Name, cellStyle{})
		r.set(s, 5, row, x.a.Status.German(), cellStyle{fill: statusFill(x.a.Status)})
		r.set(s, 6, row, x.cf.c.Counting.German(), cellStyle{})
		r.set(s, 7, row, x.a.Denominator, cellStyle{numFmt: numFmtInt})
		r.set(s, 8, row, x.a.Signed, cellStyle{numFmt: numFmtInt})
		r.set(s, 9, row, campaigns.ShownShare(x.a.Quota), cellStyle{numFmt: numFmtPercent})
	}
	r.fail(r.f.AutoFilter(s, cell(1, hr)+":"+cell(9, hr+len(areas)), nil))
	r.freeze(s, hr+1)
	r.fitColumns(s, 8, 40)
	r.fitRows(s)
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
