package reports

// The chart sheet of a running campaign: the quota of each area over time
// up to the deadline, readable in black and white.

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
)

// Line styles of the areas' series: each area gets its own marker and
// dash pattern (and colour, on screen), so that a black-and-white print
// tells them apart; the name at each line's end says which is which.
var (
	chartMarkers = []string{"circle", "square", "triangle", "diamond", "x", "star", "plus", "dash"}
	chartDashes  = []excelize.LineDashType{excelize.LineDashSolid, excelize.LineDashDash, excelize.LineDashSysDot, excelize.LineDashLgDash,
		excelize.LineDashDot, excelize.LineDashLgDashDot, excelize.LineDashSysDash, excelize.LineDashLgDashDotDot}
	// palette colours the areas' series: dark enough to print as grey.
	palette = []string{"1F4E79", "C55A11", "375623", "7030A0", "843C0C", "2F5597", "525252", "806000", "0E6655", "A50021"}
)

// chartAreas is the most areas one chart sheet draws: each line gets a
// marker and dash pattern of its own (chartMarkers), so that a
// black-and-white print tells every line apart, and the table beside it
// has at most 1 + 8 columns. A campaign with more areas gets one sheet per
// group of chartAreas, in the order of its figures.
const chartAreas = 8

// chartSheets writes the chart sheets of one running campaign.
func (r *council) chartSheets(cf campaignFigures) {
	parts := (len(cf.f.Areas) + chartAreas - 1) / chartAreas
	if parts <= 1 {
		r.chartSheet(cf, r.chartSheetName(cf.c.Name), "")
		return
	}
	for i := range parts {
		f := *cf.f
		f.Areas = cf.f.Areas[i*chartAreas : min((i+1)*chartAreas, len(cf.f.Areas))]
		part := cf
		part.f = &f
		r.chartSheet(part, r.chartSheetName(fmt.Sprintf("%s (%d)", cf.c.Name, i+1)),
			fmt.Sprintf("Teil %d von %d: %s bis %s", i+1, parts, f.Areas[0].AreaName, f.Areas[len(f.Areas)-1].AreaName))
	}
}

// chartSheet writes one running campaign's history (or that of part of its
// areas, named by part) on sheet s: a table of the quota per area on each
// reported date, the lines of the threshold and the deadline, the outreach
// events, and a chart of the quota over time from the start to the
// deadline with the threshold and a deadline marker.
func (r *council) chartSheet(cf campaignFigures, s, part string) {
	c, f := cf.c, cf.f
	_, err := r.f.NewSheet(s)
	r.fail(err)
	r.charts = append(r.charts, s)
	title := fmt.Sprintf("Verlauf der Quote – %s (%s), Stand %s, Frist %s", c.Name, c.Provider, r.asOf.Format("02.01.2006"),
		f.Deadline.Format("02.01.2006"))
	if part != "" {
		title += " – " + part
	}
	r.set(s, 1, 1, title, cellStyle{caption: true})
	hr := campaignsHeaderRow
	heads := []string{"Datum"}
	for _, a := range f.Areas {
		heads = append(heads, a.AreaName)
	}
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
	}
	top := c.Threshold
	lastRow := map[int]int{} // per area (index): the row of its latest count
	for i, a := range f.Areas {
		for _, x := range a.History {
			// Facilities' contracts count from the start, as in the figures.
			q := campaigns.ShownShare(campaigns.Quota(x.Count+a.Facilities, a.Denominator))
			top = max(top, q)
			r.set(s, 2+i, rowOf[x.Date], q, cellStyle{numFmt: numFmtPercent})
			lastRow[i] = max(lastRow[i], rowOf[x.Date])
		}
	}
	row := hr + len(sorted) + 2
	if len(sorted) == 0 {
		r.set(s, 1, hr+1, "Noch keine Verträge erfasst.", cellStyle{italic: true})
		row = hr + 3
	}

	// The lines of threshold and deadline, as the chart draws them.
	ymax := math.Min(1, math.Ceil((top*1.1+0.01)*20)/20)
	start, deadline := campaigns.Day(c.Start), campaigns.Day(f.Deadline)
	r.set(s, 1, row, "Linien im Diagramm", cellStyle{caption: true})
	row++
	lh := row
	r.header(s, lh, "Linie", "Datum", "Quote")
	deadlineName := "Frist " + deadline.Format("02.01.2006")
	lines := []struct {
		name string
		day  time.Time
		v    float64
	}{{"Schwelle", start, c.Threshold}, {"Schwelle", deadline, c.Threshold}, {deadlineName, deadline, 0}, {deadlineName, deadline, ymax}}
	for i, l := range lines {
		r.set(s, 1, lh+1+i, l.name, cellStyle{})
		r.set(s, 2, lh+1+i, l.day, cellStyle{numFmt: numFmtDate})
		r.set(s, 3, lh+1+i, l.v, cellStyle{numFmt: numFmtPercent})
	}
	row = lh + len(lines) + 2

	// The outreach events.
	r.set(s, 1, row, "Öffentlichkeitsarbeit", cellStyle{caption: true})
	row++
	r.set(s, 1, row, "Datum", cellStyle{header: true})
	r.set(s, 2, row, "Titel", cellStyle{header: true})
	for _, o := range f.Outreach {
		row++
		r.set(s, 1, row, o.Date, cellStyle{numFmt: numFmtDate})
		r.set(s, 2, row, o.Title, cellStyle{spill: true})
	}
	if len(f.Outreach) == 0 {
		row++
		r.set(s, 1, row, "keine erfasst", cellStyle{italic: true})
	}
	r.freeze(s, hr+1)
	r.fitColumns(s, 9, 45)
	r.fitRowsScaled(s, textPerWidth)

	if len(sorted) > 0 {
		// The chart on a page of its own, a row below its top: anchored on
		// the break itself, LibreOffice also draws it, clipped, at the
		// foot of the page before.
		r.fail(r.f.InsertPageBreak(s, cell(1, row+2)))
		r.lineChart(s, cell(1, row+3), cf, part, hr, hr+len(sorted), lh, lastRow, ymax)
	}
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), r.municipality, CouncilTitle, r.asOf)
}

// chartSheetName names the chart sheet of the campaign called name:
// ChartSheetPrefix and the name when that fits 31 characters, else the
// campaign's name alone when that fits, else the former cut after a
// whole word (shortSheetName).
func (r *council) chartSheetName(name string) string {
	for _, s := range []string{ChartSheetPrefix + name, name} {
		if n := r.sheetName(s); n == strings.Join(strings.Fields(s), " ") {
			return n
		}
	}
	return r.sheetName(ChartSheetPrefix + name)
}

// lineChart draws the quota over time: one line per area (columns B… of
// rows hr+1…last), the threshold and the deadline from the lines table
// with header row lh, each area's name at the end of its line (its latest
// count in row lastRow[i]).
func (r *council) lineChart(s, at string, cf campaignFigures, part string, hr, last, lh int, lastRow map[int]int, ymax float64) {
	if r.err != nil {
		return
	}
	c, f := cf.c, cf.f
	q := quoteSheet(s)
	rng := func(col, from, to int) string {
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", q, colName(col), from, colName(col), to)
	}
	solid := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	var series, labels []excelize.ChartSeries
	for i := range f.Areas {
		color := palette[i%len(palette)]
		dash := chartDashes[i%len(chartDashes)]
		name := fmt.Sprintf("%s!$%s$%d", q, colName(2+i), hr)
		series = append(series, excelize.ChartSeries{
			Name: name, Categories: rng(1, hr+1, last), Values: rng(2+i, hr+1, last),
			Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 1.75, Dash: dash}, Fill: solid(color),
			Marker: excelize.ChartMarker{Symbol: chartMarkers[i%len(chartMarkers)], Size: 6, Fill: solid("FFFFFF"),
				Border: excelize.LineOptions{Type: excelize.LineSolid, Fill: solid(color)}},
		})
		if lr, ok := lastRow[i]; ok {
			// A point on the line's end, labelled with the area's name.
			labels = append(labels, excelize.ChartSeries{
				Name: name, Categories: rng(1, lr, lr), Values: rng(2+i, lr, lr),
				Line: excelize.LineOptions{Type: excelize.LineNone}, Marker: excelize.ChartMarker{Symbol: "none"},
			})
		}
	}
	// The threshold named at its start, the deadline at its top.
	labels = append(labels,
		excelize.ChartSeries{Name: fmt.Sprintf("%s!$A$%d", q, lh+1), Categories: rng(2, lh+1, lh+1), Values: rng(3, lh+1, lh+1),
			Line: excelize.LineOptions{Type: excelize.LineNone}, Marker: excelize.ChartMarker{Symbol: "none"}},
		excelize.ChartSeries{Name: fmt.Sprintf("%s!$A$%d", q, lh+4), Categories: rng(2, lh+4, lh+4), Values: rng(3, lh+4, lh+4),
			Line: excelize.LineOptions{Type: excelize.LineNone}, Marker: excelize.ChartMarker{Symbol: "none"}})
	series = append(series,
		excelize.ChartSeries{
			Name: fmt.Sprintf("%s!$A$%d", q, lh+1), Categories: rng(2, lh+1, lh+2), Values: rng(3, lh+1, lh+2),
			Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 2.5, Dash: excelize.LineDashDash}, Fill: solid("000000"),
			Marker: excelize.ChartMarker{Symbol: "none"},
		},
		excelize.ChartSeries{
			Name: fmt.Sprintf("%s!$A$%d", q, lh+3), Categories: rng(2, lh+3, lh+4), Values: rng(3, lh+3, lh+4),
			Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 2.25}, Fill: solid("000000"),
			Marker: excelize.ChartMarker{Symbol: "none"},
		})
	// A scatter chart with lines: its x axis is a value axis of dates,
	// spaced by time (a line chart's category axis of dates shows a label
	// per day in LibreOffice). It runs from the start to a little past the
	// deadline, so that the deadline line stands free.
	zero := 0.0
	xmin, xmax := excelSerial(c.Start), excelSerial(f.Deadline)+7
	if lastDay := excelSerial(f.AsOf); lastDay+7 > xmax {
		xmax = lastDay + 7
	}
	axisFont := excelize.Font{Color: "000000", Size: 9, Family: defaultFont}
	chart := &excelize.Chart{
		Type:   excelize.Scatter,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: strings.TrimSuffix("Quote je Gebiet bis zur Frist – "+c.Name+" – "+part, " – "),
			Font: &excelize.Font{Size: 11, Bold: true, Family: defaultFont}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 1000, Height: 520},
		XAxis: excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "DD.MM.YY"}, Minimum: &xmin, Maximum: &xmax,
			Font: axisFont},
		YAxis: excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0 %"}, MajorGridLines: true, Minimum: &zero, Maximum: &ymax,
			Font: axisFont},
		Format: excelize.GraphicOptions{AltText: fmt.Sprintf("Verlauf der Quote je Gebiet der Kampagne %s bis zur Frist am %s, mit der Schwelle von %s",
			c.Name, f.Deadline.Format("02.01.2006"), campaigns.Percent(c.Threshold))},
		ShowBlanksAs: "span",
	}
	// The names at the lines' ends: a second scatter chart of one point
	// per line, on the same axes, labelled with the series' name.
	labelled := &excelize.Chart{Type: excelize.Scatter, Series: labels, XAxis: chart.XAxis, YAxis: chart.YAxis,
		PlotArea: excelize.ChartPlotArea{ShowSerName: true}}
	n := r.countCharts() + 1
	r.fail(r.f.AddChart(s, at, chart, labelled))
	// The label points name their lines: no second legend entry for them.
	r.hideLegendEntries(n, len(series), len(series)+len(labels))
}

// countCharts is the number of charts in the workbook so far (excelize
// names the next one xl/charts/chart<count+1>.xml).
func (r *council) countCharts() int {
	n := 0
	r.f.Pkg.Range(func(k, _ any) bool {
		if strings.HasPrefix(k.(string), "xl/charts/chart") {
			n++
		}
		return true
	})
	return n
}

// hideLegendEntries hides the legend entries of the series first…last-1
// of the workbook's n-th chart, which excelize cannot: it adds a
// <legendEntry> with <delete val="1"> for each to the chart's XML.
func (r *council) hideLegendEntries(n, first, last int) {
	if r.err != nil || first >= last {
		return
	}
	key := "xl/charts/chart" + strconv.Itoa(n) + ".xml"
	v, _ := r.f.Pkg.Load(key)
	b, ok := v.([]byte)
	var entries strings.Builder
	for i := first; i < last; i++ {
		fmt.Fprintf(&entries, `<legendEntry><idx val="%d"></idx><delete val="1"></delete></legendEntry>`, i)
	}
	out := bytes.Replace(b, []byte("</legendPos>"), []byte("</legendPos>"+entries.String()), 1)
	if !ok || bytes.Equal(out, b) {
		r.fail(fmt.Errorf("chart %s: no legend to hide entries in", key))
		return
	}
	r.f.Pkg.Store(key, out)
}
