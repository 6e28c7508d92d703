package reports

// The council workbook's cover: what is to be decided next, what changed
// since the last meeting, and a table and a bar chart per campaign, with
// the Ortsteile named in every statement.

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// coverWidths are the widths (in characters) of the cover's columns A:F:
// the campaign tables use them as Ortsteil | Quote | Ziel | Status |
// change of the quota | change of the contracts; paragraphs span all of
// them. Their sum fits a portrait A4 page at 10 pt.
var coverWidths = []float64{22, 9, 9, 24, 13, 13}

// Cover table columns (from 1).
const (
	cvArea = iota + 1
	cvQuota
	cvThreshold
	cvStatus
	cvChangeQuota   // with Since only
	cvChangeSigned  // with Since only
	cvCols          = cvChangeSigned
	coverLineHeight = 13.0 // points per line of 10 pt text
)

// CoverCampaignPrefix starts the caption above each campaign's table on
// the cover, followed by the campaign's name in »«.
const CoverCampaignPrefix = "Kampagne »"

// Headings of the cover's sections.
const (
	CoverAgendaHeading  = "Nächste Termine und Entscheidungen"
	CoverChangesHeading = "Was hat sich geändert"
)

// cover writes the sheet "Übersicht": title and dates, the next deadlines
// and decisions, the changes since the last meeting, a table (and for a
// running campaign a bar chart) per campaign, the contents and a legend.
func (r *council) cover() {
	s := SheetCover
	for i, w := range coverWidths {
		r.fail(r.f.SetColWidth(s, colName(i+1), colName(i+1), w))
	}
	r.set(s, 1, 1, CouncilTitle, cellStyle{title: true})
	r.set(s, 1, 2, r.coverName, cellStyle{bold: true})
	r.set(s, 1, 3, "Stand: "+r.asOf.Format("02.01.2006"), cellStyle{})
	row := 4
	if !r.since.IsZero() {
		r.set(s, 1, row, "Letzte Sitzung (vorheriger Bericht): "+r.since.Format("02.01.2006"), cellStyle{})
		row++
	}
	if r.feedback != nil {
		row = r.paragraph(s, row, FeedbackLine(*r.feedback, r.since, r.asOf), cellStyle{})
	}
	row++
	if len(r.cfs) == 0 {
		row = r.paragraph(s, row, "Es sind keine Vorvermarktungskampagnen erfasst.", cellStyle{})
	} else {
		row = r.heading(s, row, CoverAgendaHeading)
		row = r.datedList(s, row, r.agenda(), "Keine Fristen oder Entscheidungen offen.")
		row++
		head := CoverChangesHeading
		if !r.since.IsZero() {
			head += " seit der letzten Sitzung am " + r.since.Format("02.01.2006")
		}
		row = r.heading(s, row, head)
		if r.since.IsZero() {
			row = r.paragraph(s, row, "Ohne das Datum der letzten Sitzung (Befehl: --since, Büro: »Änderungen seit«) kann der Bericht keine Änderungen auflisten.", cellStyle{italic: true})
		} else {
			row = r.datedList(s, row, r.changes(), "Seit der letzten Sitzung wurde nichts entschieden und keine Zählung erfasst.")
		}
		row++
		// The campaigns start a new page; a campaign's block (caption,
		// summary, table, chart) that would run over a page's end starts
		// the next one, so that no chart is cut in two.
		r.fail(r.f.InsertPageBreak(s, cell(1, row)))
		r.coverBreak = row
		row = r.heading(s, row, "Stand je Kampagne (laufende zuerst)")
		for _, cf := range r.cfs {
			start := row
			row = r.coverCampaign(s, row, cf)
			if span := r.coverSpan(start, row); r.coverPageTop(start)+span > coverPageHeight && span <= coverPageHeight {
				r.fail(r.f.InsertPageBreak(s, cell(1, start)))
				r.coverBreak = start
			}
			row++
		}
	}
	row = r.heading(s, row, "Inhalt")
	contents := []string{
		SheetCampaigns + ": jedes Gebiet jeder Kampagne mit Verträgen, Quote, Schwelle, Frist und Status; je Kampagne eine Summenzeile.",
		SheetDetails + ": Prognose, Bewertung, Tage bis zur Frist und Verlängerungen je Gebiet.",
	}
	for _, name := range r.charts {
		contents = append(contents, name+": Verlauf der Quote je Gebiet bis zur Frist, mit der Schwelle und der Öffentlichkeitsarbeit.")
	}
	if r.hasZones() {
		contents = append(contents, SheetZones+": Kampagnen in Gewerbegebieten, gezählt werden Unternehmen.")
	}
	if len(r.building()) > 0 || len(r.buildingProjects()) > 0 {
		contents = append(contents, SheetBuild+": Gebiete mit Ausbauzusage, im Bau oder in Betrieb, und Förderprojekte ab dem Zuschlag: Zusage "+
			"(bei Förderprojekten der Zuschlag), Baubeginn, Homes Passed, Connected und Activated mit dem Tag der Meldung, erwartete Fertigstellung.")
	}
	if len(r.sites) > 0 {
		contents = append(contents, SheetSites+": die eigenen Liegenschaften der Stadt (Schulen, Rathaus, Ortsverwaltungen …) mit ihrem Anschlussstand.")
	}
	if len(r.funding) > 0 {
		contents = append(contents, SheetFunding+": Förderprojekte mit letztem und nächstem Meilenstein, Kosten je Anteil (beantragt oder bewilligt, wie die Spalte Mittel sagt), ausgegebenen Mitteln und dem Anteil der Gemeinde.")
	}
	for _, c := range contents {
		row = r.paragraph(s, row, c, cellStyle{})
	}
	row++
	row = r.heading(s, row, "Erläuterungen")
	row = r.paragraph(s, row, "Quote = unterschriebene Verträge ÷ Haushalte (in Gewerbegebieten: Unternehmen) im Gebiet; Verträge städtischer "+
		"Einrichtungen zählen mit, wo die Kampagne das vorsieht. Jedes Gebiet wird für sich an der Schwelle (Ziel) gemessen. "+
		"Pp. = Prozentpunkte.", cellStyle{})
	row = r.paragraph(s, row, "Ampel der Quote: grün ab der Schwelle, gelb ab 80 % der Schwelle, rot darunter. Bewertung der laufenden Gebiete: "+
		"»im Plan« – die Prognose erreicht die Schwelle bis zur Frist; »gefährdet« – kurz nach der Frist, eine Verlängerung könnte "+
		"reichen; »unwahrscheinlich« – deutlich später oder gar nicht.", cellStyle{})
	r.paragraph(s, row, "Alle Vorvermarktungen sind eigenwirtschaftlich: der Anbieter baut auf eigene Kosten, wenn die Quote erreicht ist. "+
		"Eine erreichte Quote ist noch keine Ausbauzusage.", cellStyle{italic: true})
	r.printSetup(s, false, "", r.municipality, CouncilTitle, r.asOf)
}

// coverWidth is the width of cover columns from…to (from 1), in
// characters.
func coverWidth(from, to int) float64 {
	w := 0.0
	for _, x := range coverWidths[from-1 : to] {
		w += x
	}
	return w
}

// coverChars is how many characters of 10 pt text fit a column w
// characters wide: the width unit is a digit's width, and text averages
// narrower (measured in LibreOffice on the demo's cover: about 1.25).
func coverChars(w float64) float64 { return w * 1.2 }

// paragraph writes text wrapped over the cover's full width at row and
// returns the next row.
func (r *council) paragraph(s string, row int, text string, st cellStyle) int {
	return r.merged(s, 1, row, text, st)
}

// merged writes text wrapped over the cover's columns from col to the
// last one and returns the next row. fitRows does not see merged cells:
// the row gets its height here.
func (r *council) merged(s string, col, row int, text string, st cellStyle) int {
	st.wrap = true
	r.set(s, col, row, text, st)
	r.fail(r.f.MergeCell(s, cell(col, row), cell(cvCols, row)))
	r.coverRowHeight(s, row, float64(wrapLines(text, coverChars(coverWidth(col, cvCols)), st.bold))*coverLineHeight+3)
	return row + 1
}

// heading writes a section heading and returns the next row.
func (r *council) heading(s string, row int, text string) int {
	r.set(s, 1, row, text, cellStyle{bold: true, caption: true})
	r.coverRowHeight(s, row, 18)
	return row + 1
}

// datedList writes items as lines of date (column A) and text (B:F) and
// returns the next row; none is written when there are no items.
func (r *council) datedList(s string, row int, items []dated, none string) int {
	if len(items) == 0 {
		return r.paragraph(s, row, none, cellStyle{italic: true})
	}
	for _, it := range items {
		if it.date.IsZero() {
			r.set(s, 1, row, "–", cellStyle{center: true})
		} else {
			r.set(s, 1, row, it.date, cellStyle{numFmt: numFmtDate, center: true})
		}
		row = r.merged(s, 2, row, it.text, cellStyle{bold: it.bold})
	}
	return row
}

// coverCampaign writes one campaign's block on the cover: a caption, the
// summary in words, a table of its areas (with a total for several) and,
// while it runs, a bar chart of the quotas against the threshold. It
// returns the next free row.
func (r *council) coverCampaign(s string, row int, cf campaignFigures) int {
	c, f := cf.c, cf.f
	caption := fmt.Sprintf("%s%s« – %s, Schwelle %s, ", CoverCampaignPrefix, c.Name, c.Provider, campaigns.Percent(c.Threshold))
	if cf.running() {
		caption += fmt.Sprintf("Frist %s (%s)", f.Deadline.Format("02.01.2006"), daysText(f.Total.DaysLeft, f.Total.DecisionDue))
	} else {
		caption += "Frist war " + f.Deadline.Format("02.01.2006")
	}
	block := row
	row = r.merged(s, 1, row, caption, cellStyle{bold: true})
	row = r.paragraph(s, row, r.summary(cf), cellStyle{})

	heads := []string{areaHeader(f.Areas), "Quote", "Ziel", "Status"}
	if cf.prev != nil {
		d := r.since.Format("02.01.2006")
		heads = append(heads, "Änderung Quote seit "+d, "Änderung Verträge seit "+d)
	}
	hr := row
	r.header(s, hr, heads...)
	r.coverRowHeight(s, hr, 3*coverLineHeight+4)
	lines := append([]campaigns.AreaFigures{}, f.Areas...)
	if len(f.Areas) > 1 {
		lines = append(lines, f.Total)
	}
	for i, a := range lines {
		row++
		total := i == len(f.Areas)
		st := cellStyle{total: total}
		with := func(numFmt string) cellStyle { x := st; x.numFmt = numFmt; return x }
		r.set(s, cvArea, row, a.AreaName, st)
		r.set(s, cvQuota, row, campaigns.ShownShare(a.Quota), with(numFmtPercent))
		r.set(s, cvThreshold, row, c.Threshold, with(numFmtPercent))
		status := statusLabel(a, total && f.Mixed)
		if !total && a.Status.Active() {
			// The pooled line has no rating of its own: a parked area
			// counts as unlikely there.
			status += ", " + a.Rating.German()
		}
		x := st
		x.fill, x.wrap = statusFill(a.Status), true
		r.set(s, cvStatus, row, status, x)
		if n := wrapLines(status, coverChars(coverWidths[cvStatus-1]), st.total); n > 1 {
			r.coverRowHeight(s, row, float64(n)*coverLineHeight+2)
		}
		if cf.prev != nil {
			signed, pp := cf.change(a, total)
			r.set(s, cvChangeQuota, row, pp, with(numFmtPoints))
			r.set(s, cvChangeSigned, row, signed, with(numFmtSigned))
		}
	}
	r.trafficLight(s, cvQuota, cvThreshold, hr+1, row)
	row++
	if cf.running() && len(f.Areas) > 0 {
		// A block longer than a page (the caller moves shorter ones
		// whole): the chart starts a new page if it would run over the
		// page's end.
		chart := coverChartRows * coverChartRowHeight
		if r.coverSpan(block, row)+chart > coverPageHeight && r.coverPageTop(row)+chart > coverPageHeight {
			// A row below the break: anchored on it, LibreOffice also
			// draws the chart, clipped, at the foot of the page before.
			r.fail(r.f.InsertPageBreak(s, cell(1, row)))
			r.coverBreak = row
			row++
		}
		row = r.coverChart(s, row, cf, hr) + 1
	}
	return row
}

// Page geometry of the cover, in points, for placing its charts: the
// body of a portrait A4 page (LibreOffice prints about 760 between header
// and footer), with a reserve, as the row heights set for wrapped text
// come out about 5 % taller than LibreOffice lays them out; the height of
// a row without one of its own (LibreOffice's for 10 pt Arial is 12.8); a
// chart row's.
const (
	coverPageHeight     = 720.0
	coverDefaultRow     = 12.8
	coverChartRowHeight = 15.0
)

// coverRowHeight sets a cover row's height and remembers it for the page
// layout.
func (r *council) coverRowHeight(s string, row int, h float64) {
	r.fail(r.f.SetRowHeight(s, row, h))
	if r.coverHeights == nil {
		r.coverHeights = map[int]float64{}
	}
	r.coverHeights[row] = h
}

// coverSpan is the height of cover rows from…to-1.
func (r *council) coverSpan(from, to int) float64 {
	h := 0.0
	for row := from; row < to; row++ {
		h += r.coverRowOf(row)
	}
	return h
}

func (r *council) coverRowOf(row int) float64 {
	if h, ok := r.coverHeights[row]; ok {
		return h
	}
	if row == 1 {
		return 21 // the 16 pt title
	}
	return coverDefaultRow
}

// coverPageTop is where row starts on its printed page: the rows since
// the last manual page break laid out as LibreOffice does, a row that
// does not fit starting the next page.
func (r *council) coverPageTop(row int) float64 {
	y := 0.0
	for x := max(1, r.coverBreak); x < row; x++ {
		h := r.coverRowOf(x)
		if y+h > coverPageHeight {
			y = 0
		}
		y += h
	}
	return y
}

// coverChartRows is the number of rows of default height the bar chart
// covers.
const coverChartRows = 15

// coverChart draws a bar chart of the quota of each area in the table
// whose header is row hr, with the threshold as a dashed line: readable in
// black and white (grey bars with their values written on them, a black
// dashed line, a legend naming both). It returns the first row below it.
func (r *council) coverChart(s string, row int, cf campaignFigures, hr int) int {
	if r.err != nil {
		return row
	}
	first, last := hr+1, hr+len(cf.f.Areas)
	ref := func(col int) string {
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(s), colName(col), first, colName(col), last)
	}
	top := cf.c.Threshold
	for _, a := range cf.f.Areas {
		top = max(top, campaigns.ShownShare(a.Quota))
	}
	// Room above the highest bar for its label, in steps of 10 %.
	ymax, zero := math.Min(1, math.Ceil((top*1.15+0.02)*10)/10), 0.0
	axisFont := excelize.Font{Color: "000000", Size: 8, Family: defaultFont}
	bars := &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name: fmt.Sprintf("%s!$%s$%d", quoteSheet(s), colName(cvQuota), hr), Categories: ref(cvArea), Values: ref(cvQuota),
			Fill:              excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"A6A6A6"}},
			Line:              excelize.LineOptions{Type: excelize.LineSolid, Width: 0.75, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"000000"}}},
			DataLabel:         excelize.ChartDataLabel{Font: excelize.Font{Size: 9, Bold: true, Color: "000000", Family: defaultFont}},
			DataLabelPosition: excelize.ChartDataLabelsPositionOutsideEnd,
		}},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Quote je Gebiet und Schwelle – " + cf.c.Name,
			Font: &excelize.Font{Size: 10, Bold: true, Family: defaultFont}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 660, Height: coverChartRows*coverChartRowHeight*4/3 - 10},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: numFmtPercent}},
		XAxis:     excelize.ChartAxis{Font: axisFont, Alignment: excelize.Alignment{TextRotation: labelRotation(cf.f.Areas)}},
		YAxis: excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0 %"}, MajorGridLines: true, Minimum: &zero, Maximum: &ymax,
			Font: axisFont},
		Format: excelize.GraphicOptions{AltText: fmt.Sprintf("Balkendiagramm: Quote je Gebiet der Kampagne %s gegen die Schwelle von %s",
			cf.c.Name, campaigns.Percent(cf.c.Threshold))},
	}
	threshold := &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{
			Name: fmt.Sprintf("%s!$%s$%d", quoteSheet(s), colName(cvThreshold), hr), Categories: ref(cvArea), Values: ref(cvThreshold),
			Line:   excelize.LineOptions{Type: excelize.LineSolid, Width: 2.25, Dash: excelize.LineDashDash},
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"000000"}},
			Marker: excelize.ChartMarker{Symbol: "dash", Size: 9, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"000000"}}},
		}},
		XAxis: bars.XAxis, YAxis: bars.YAxis,
	}
	r.fail(r.f.AddChart(s, cell(1, row), bars, threshold))
	for x := row; x < row+coverChartRows; x++ {
		r.coverRowHeight(s, x, coverChartRowHeight)
	}
	return row + coverChartRows
}

// labelRotation turns the bar chart's area names by 45° when they would
// not fit side by side (LibreOffice would break them inside a word).
func labelRotation(areas []campaigns.AreaFigures) int {
	longest := 0
	for _, a := range areas {
		longest = max(longest, utf8.RuneCountInString(a.AreaName))
	}
	// About 5 px per character of 8 pt text; the plot is about 600 px wide.
	if longest*5 > 600/max(1, len(areas))-8 {
		return -45
	}
	return 0
}

// areaHeader names the areas' kind for a table header: "Ortsteil",
// "Gewerbegebiet", "Ausbaugebiet", or "Gebiet" when they differ.
func areaHeader(areas []campaigns.AreaFigures) string {
	words := map[geo.AreaKind]string{geo.KindDistrict: "Ortsteil", geo.KindZone: "Gewerbegebiet", geo.KindBuildArea: "Ausbaugebiet"}
	if len(areas) == 0 {
		return "Gebiet"
	}
	for _, a := range areas[1:] {
		if a.AreaKind != areas[0].AreaKind {
			return "Gebiet"
		}
	}
	if w, ok := words[areas[0].AreaKind]; ok {
		return w
	}
	return "Gebiet"
}

// daysText says how far a deadline is: "noch 21 Tage", "heute", or
// "abgelaufen – Entscheidung fällig".
func daysText(daysLeft int, due bool) string {
	switch {
	case due:
		return "abgelaufen – Entscheidung fällig"
	case daysLeft == 0:
		return "heute"
	}
	return fmt.Sprintf("noch %d %s", daysLeft, plural(daysLeft, "Tag", "Tage"))
}

// summary describes one campaign in a few German sentences, naming the
// areas in each status.
func (r *council) summary(cf campaignFigures) string {
	c, f := cf.c, cf.f
	var b strings.Builder
	deadline := f.Deadline.Format("02.01.2006")
	if len(f.Areas) == 1 {
		a := f.Areas[0]
		fmt.Fprintf(&b, "Im %s %s: %s", a.AreaKind.German(), a.AreaName, a.Status.German())
		if a.Status.Active() {
			fmt.Fprintf(&b, " bis %s", deadline)
		}
		b.WriteString(".")
	} else {
		// The areas per status, in lifecycle order, by name.
		names := map[campaigns.Status][]string{}
		for _, a := range f.Areas {
			names[a.Status] = append(names[a.Status], a.AreaName)
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
			ns := names[st]
			k := len(ns)
			if k == 0 {
				continue
			}
			p := phrases[st]
			verb := p.many
			if k == 1 {
				verb = p.one
			}
			list := strings.Join(ns, ", ")
			if k == len(f.Areas) {
				list = "alle"
			}
			if len(parts) == 0 { // after "Von 8 Ortsteilen …" the verb comes first
				parts = append(parts, fmt.Sprintf("%s %d %s: %s", verb, k, p.rest, list))
			} else {
				parts = append(parts, fmt.Sprintf("%d %s %s: %s", k, verb, p.rest, list))
			}
		}
		fmt.Fprintf(&b, "Von %d %s %s.", len(f.Areas), kindsDative(f.Areas), strings.Join(parts, "; "))
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
	return b.String()
}
