package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// SheetFunding is the council workbook's sheet of funding projects
// (issue 17): per project its last and next milestone with dates, the
// approved and spent money per share, the municipality's share and its
// years, and the next steps. Every figure comes from
// campaigns.FundingProject.Overview, as on the office pages and in
// "gigaplan funding list".
const SheetFunding = "Förderung"

// councilFunding reads the funding projects the workbook shows, as they
// stood on asOf (FundingProject.On: no milestone of a later day, no
// project entered later): those filed for the workbook's municipality or
// with an area in it (scope; nil: every project). None without a
// FundingStore.
func councilFunding(ctx context.Context, svc *campaigns.Service, scope map[int64]bool, asOf time.Time) ([]*campaigns.FundingProject, error) {
	if svc.Funding == nil {
		return nil, nil
	}
	all, err := svc.Funding.FundingProjects(ctx)
	if err != nil {
		return nil, err
	}
	var ps []*campaigns.FundingProject
	for _, p := range all {
		if q, ok := p.On(asOf); ok {
			ps = append(ps, q)
		}
	}
	if scope == nil {
		return ps, nil
	}
	refs, err := svc.Geo.AreaRefs(ctx)
	if err != nil {
		return nil, err
	}
	var ags []string
	for _, a := range refs {
		if a.Kind == geo.KindMunicipality && scope[a.ID] && a.AGS != "" {
			ags = append(ags, a.AGS)
		}
	}
	return slices.DeleteFunc(ps, func(p *campaigns.FundingProject) bool {
		return !slices.ContainsFunc(p.Areas, func(id int64) bool { return scope[id] }) &&
			!slices.ContainsFunc(p.Municipalities, func(a string) bool { return slices.Contains(ags, a) })
	}), nil
}

// fundingAreas are the areas of the workbook's funding projects: no
// longer funding candidates but projects.
func (r *council) fundingAreas() map[int64]bool {
	out := map[int64]bool{}
	for _, p := range r.funding {
		for _, a := range p.Areas {
			out[a] = true
		}
	}
	return out
}

// fundingAgenda is a project's line under "Nächste Termine und
// Entscheidungen": its state, the next step, the cost and the
// municipality's share with its years; dated by its last milestone.
func fundingAgenda(p *campaigns.FundingProject, order int) dated {
	o := p.Overview()
	text := fmt.Sprintf("Förderprojekt »%s«: %s. Nächster Schritt: %s.", o.Name, o.Phase, o.NextText())
	if o.Budget.Approved > 0 {
		text += fmt.Sprintf(" Kosten %s (%s), Anteil der Gemeinde %s", campaigns.Euro(o.Budget.Approved), o.MoneyText(), campaigns.Euro(o.Budget.Municipality))
		if len(o.Budget.Years) > 0 {
			var ys []string
			for _, y := range o.Budget.Years {
				ys = append(ys, fmt.Sprintf("%d: %s", y.Year, campaigns.Euro(y.Cents)))
			}
			text += " (" + strings.Join(ys, "; ") + ")"
		}
		text += "."
	} else {
		text += " Kosten und Anteil der Gemeinde sind noch nicht erfasst."
	}
	return dated{date: o.LastDay(), order: order, text: text, bold: o.Next == campaigns.MilestoneProvisional || o.Next == campaigns.MilestoneFinal}
}

// Columns of the Förderung sheet (from 1).
// The amounts are applied for or granted as "Mittel" says
// (FundingOverview.MoneyText): a column headed "bewilligt" would call the
// amounts of a pending application granted.
var fundingSheetHead = []string{"Förderprojekt", "Gemeinden (AGS)", "Adressen im Projektgebiet", "zuletzt", "am", "als Nächstes",
	"Mittel", "Kosten gesamt", "ausgegeben gesamt", "Bund", "Bund ausgegeben", "Land", "Land ausgegeben",
	"Kommune", "Kommune ausgegeben", "Betreiber/Sonstige", "Betreiber/Sonstige ausgegeben", "Stand und nächste Schritte"}

// numFmtEuro shows an amount in euro with cents: 1.234.567,89 €.
const numFmtEuro = `[$-407]#,##0.00 "€"`

func euroValue(cents int64) float64 { return float64(cents) / 100 }

// fundingSheet writes the Förderung sheet when the workbook has projects.
func (r *council) fundingSheet() {
	if len(r.funding) == 0 {
		return
	}
	s := SheetFunding
	_, err := r.f.NewSheet(s)
	r.fail(err)
	r.set(s, 1, 1, "Förderprojekte – Stand "+r.asOf.Format("02.01.2006"), cellStyle{caption: true})
	hr := campaignsHeaderRow
	r.header(s, hr, fundingSheetHead...)
	money := cellStyle{numFmt: numFmtEuro}
	row := hr
	for _, p := range r.funding {
		o := p.Overview()
		row++
		r.set(s, 1, row, o.Name, cellStyle{bold: true, wrap: true})
		r.set(s, 2, row, o.Municipalities, cellStyle{})
		r.set(s, 3, row, o.Addresses, cellStyle{numFmt: numFmtInt})
		r.set(s, 4, row, o.LastText(), cellStyle{})
		if o.HasLast {
			r.set(s, 5, row, o.Last.Day, cellStyle{numFmt: numFmtDate})
		} else {
			r.set(s, 5, row, "–", cellStyle{center: true})
		}
		r.set(s, 6, row, o.NextText(), cellStyle{})
		r.set(s, 7, row, o.MoneyText(), cellStyle{wrap: true})
		share := map[campaigns.Share]campaigns.BudgetRow{}
		for _, b := range o.Budget.Rows {
			share[b.Share] = b
		}
		other := share[campaigns.ShareOperator]
		other.Approved += share[campaigns.ShareOtherFund].Approved
		other.Actual += share[campaigns.ShareOtherFund].Actual
		for i, v := range []int64{o.Budget.Approved, o.Budget.Actual, share[campaigns.ShareBund].Approved, share[campaigns.ShareBund].Actual,
			share[campaigns.ShareLand].Approved, share[campaigns.ShareLand].Actual, o.Budget.Municipality, o.Budget.MunicipalityActual,
			other.Approved, other.Actual} {
			r.set(s, 8+i, row, euroValue(v), money)
		}
		r.set(s, 18, row, o.Phase, cellStyle{wrap: true})
	}
	if len(r.funding) > 1 {
		row++
		r.set(s, 1, row, "Summe", cellStyle{total: true})
		for _, c := range []int{8, 9, 14, 15} {
			r.formula(s, c, row, fmt.Sprintf("SUM(%s:%s)", cell(c, hr+1), cell(c, row-1)), cellStyle{numFmt: numFmtEuro, total: true}, 16)
		}
	}
	r.capWidth(s, 1, 28)
	r.capWidth(s, 7, 24)
	r.capWidth(s, 18, 36)
	r.freeze(s, hr+1)

	// The municipality's share by year, per project.
	row += 2
	r.set(s, 1, row, "Anteil der Gemeinde nach Haushaltsjahr", cellStyle{caption: true})
	row++
	r.header(s, row, "Förderprojekt", "Haushaltsjahr", "Anteil der Gemeinde")
	has := false
	for _, p := range r.funding {
		for _, y := range p.Budget.Figures().Years {
			row++
			has = true
			r.set(s, 1, row, p.Name, cellStyle{wrap: true})
			r.set(s, 2, row, y.Year, cellStyle{})
			r.set(s, 3, row, euroValue(y.Cents), money)
		}
	}
	if !has {
		row++
		r.set(s, 1, row, "Noch keine Haushaltsjahre erfasst.", cellStyle{italic: true, spill: true})
	}
	r.fitColumns(s, 8, 22)
	r.fitRowsScaled(s, textPerWidth)
	r.printSetup(s, true, fmt.Sprintf("$%d:$%d", hr, hr), r.municipality, CouncilTitle, r.asOf)
}
