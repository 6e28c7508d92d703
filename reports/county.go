package reports

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// SheetCounty is the first sheet of the county workbook.
const SheetCounty = "Kreis"

// CountyTitle is the county workbook's title.
const CountyTitle = "Breitbandausbau im Kreis – Stand der Vorvermarktung"

// countyCols are the columns of the county sheet's table, one line per
// municipality.
var countyCols = []string{"Gemeinde", "AGS", "Adressen", "Haushalte", "Unternehmen", "Kampagnen", "Gebiete",
	"davon laufend", "Quote erreicht", "nicht erreicht", "Zusage, Bau, Betrieb", "Verträge", "fehlende Verträge (laufend)", "Blatt"}

// countyLine is one municipality's line of the county sheet.
type countyLine struct {
	muni  geo.AreaSummary // zero ID: the campaigns in no municipality
	sheet string
	cfs   []campaignFigures
}

// CouncilCounty writes the county workbook to w: on its first sheet a
// line per stored municipality (addresses, households, campaigns, areas by
// state, contracts and the contracts still missing in running areas, with
// totals as formulas), then a sheet per municipality with campaigns, the
// table of its campaigns' areas as in the council workbook. A campaign
// belongs to the municipality of its areas. opt.Municipality is ignored.
func CouncilCounty(ctx context.Context, svc *campaigns.Service, opt CouncilOptions, w io.Writer) error {
	if svc.Geo == nil {
		return geo.Errorf(geo.EINVALID, "county report: no area store")
	}
	now, asOf, since, err := councilDates(svc, opt)
	if err != nil {
		return err
	}
	munis, err := svc.Geo.Areas(ctx, geo.KindMunicipality)
	if err != nil {
		return err
	}
	refs, err := svc.Geo.AreaRefs(ctx)
	if err != nil {
		return err
	}
	muniOf := map[int64]int64{}
	for _, a := range refs {
		muniOf[a.ID] = a.Municipality
		if a.Kind == geo.KindMunicipality {
			muniOf[a.ID] = a.ID
		}
	}
	all, err := svc.Store.Campaigns(ctx)
	if err != nil {
		return err
	}
	cfs, err := councilFigures(ctx, svc, all, asOf, since)
	if err != nil {
		return err
	}
	lines := make([]*countyLine, 0, len(munis)+1)
	byID := map[int64]*countyLine{}
	for _, m := range munis {
		l := &countyLine{muni: m}
		lines = append(lines, l)
		byID[m.ID] = l
	}
	slices.SortStableFunc(lines, func(a, b *countyLine) int { return cmp.Compare(a.muni.Name, b.muni.Name) })
	for _, cf := range cfs {
		id := int64(0)
		if len(cf.c.Areas) > 0 {
			id = muniOf[cf.c.Areas[0].AreaID]
		}
		l := byID[id]
		if l == nil {
			l = &countyLine{}
			byID[id] = l
			lines = append(lines, l)
		}
		l.cfs = append(l.cfs, cf)
	}

	r := &council{book: newBook(), municipality: fmt.Sprintf("%d Gemeinden", len(munis)), asOf: asOf, since: since, cfs: cfs}
	defer r.f.Close()
	r.fail(r.f.SetDefaultFont(defaultFont))
	r.fail(r.f.SetSheetName("Sheet1", SheetCounty))
	for _, l := range lines {
		if len(l.cfs) == 0 {
			continue
		}
		name := l.muni.Name
		if l.muni.ID == 0 {
			name = "ohne Gemeinde"
		}
		l.sheet = r.sheetName(name)
		r.campaignsSheetFor(l.sheet, name, l.cfs)
	}
	r.countySheet(lines)
	return r.write(w, "county workbook", CountyTitle,
		fmt.Sprintf("Vorvermarktung des Glasfaserausbaus in %d Gemeinden, Stand %s", len(munis), asOf.Format("02.01.2006")),
		"Breitband, Glasfaser, Vorvermarktung, Kreis", now())
}

// countySheet writes the county sheet: a line per municipality and a
// totals line of formulas.
func (r *council) countySheet(lines []*countyLine) {
	s := SheetCounty
	r.set(s, 1, 1, "Vorvermarktung je Gemeinde – Stand "+r.asOf.Format("02.01.2006"), cellStyle{caption: true})
	hr := campaignsHeaderRow
	r.header(s, hr, countyCols...)
	row := hr + 1
	sums := make([]int, len(countyCols)+1)
	for _, l := range lines {
		var camps, areas, running, reached, missed, built, signed, needed int
		for _, cf := range l.cfs {
			camps++
			for _, a := range cf.f.Areas {
				areas++
				signed += a.Signed
				switch a.Status {
				case campaigns.StatusRunning, campaigns.StatusExtended:
					running++
					needed += a.Needed
				case campaigns.StatusReached:
					reached++
				case campaigns.StatusMissed:
					missed++
				case campaigns.StatusCommitted, campaigns.StatusConstruction, campaigns.StatusLive:
					built++
				}
			}
		}
		name, ags := l.muni.Name, l.muni.AGS
		if l.muni.ID == 0 {
			name = "ohne Gemeinde"
		}
		vals := []any{name, ags, l.muni.Addresses, l.muni.Households, l.muni.Businesses, camps, areas, running, reached, missed, built, signed, needed}
		for i, v := range vals {
			st := cellStyle{}
			if i >= 2 {
				st.numFmt = numFmtInt
				sums[i+1] += v.(int)
			}
			r.set(s, i+1, row, v, st)
		}
		if l.sheet != "" {
			col := len(vals) + 1
			r.set(s, col, row, l.sheet, cellStyle{})
			r.fail(r.f.SetCellHyperLink(s, cell(col, row), "'"+l.sheet+"'!A1", "Location"))
		} else {
			r.set(s, len(vals)+1, row, "–", cellStyle{})
		}
		row++
	}
	first, last := hr+1, row-1
	tot := cellStyle{total: true}
	r.set(s, 1, row, "Kreis insgesamt", tot)
	r.set(s, 2, row, nil, tot)
	for col := 3; col <= len(countyCols)-1; col++ {
		// The value the formula computes, cached for readers that do not
		// calculate.
		r.set(s, col, row, sums[col], cellStyle{total: true, numFmt: numFmtInt})
		r.formula(s, col, row, fmt.Sprintf("SUM(%s:%s)", cell(col, first), cell(col, last)), cellStyle{total: true, numFmt: numFmtInt}, 8)
	}
	r.set(s, len(countyCols), row, nil, tot)
	r.fail(r.f.AutoFilter(s, cell(1, hr)+":"+cell(len(countyCols), last), nil))
	r.freeze(s, hr+1)
	r.capWidth(s, 1, 24)
	r.fitColumns(s, 6, 30)
	r.fitRows(s)
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), r.municipality, CountyTitle, r.asOf)
}
