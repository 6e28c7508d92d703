package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"gigaplan/geo"
)

// The sheet "Zusammenfassung": counts per Ortsteil, address type and
// reason as live formulas (COUNTIFS, SUMIFS) over the address list, so
// that they follow when someone edits the list. Each formula carries the
// value the writer counted itself (fundingAgg) as its cached result, for
// readers that do not recalculate; the two agree by construction, and
// the LibreOffice test (funding_lo_test.go) checks that they do.

// fundingLiveMaxRows is the largest address list whose summary is
// written as formulas: each summary cell scans the whole list, and a
// workbook recalculated on opening (FullCalcOnLoad) of a county or a
// state with thousands of Ortsteile would take minutes. Beyond it the
// summary holds the counted values, and its note says so.
var fundingLiveMaxRows = 250_000

// fundingAddressCol returns the 1-based column of the address list with
// this header; it panics on an unknown header (a programming error that
// every test run finds).
func fundingAddressCol(header string) int {
	for i, c := range fundingAddressCols {
		if c.header == header {
			return i + 1
		}
	}
	panic("funding workbook: no address column " + header)
}

// fundingCriterion is a COUNTIFS criterion matching cells equal to v as
// a formula string literal: "=" with the wildcards * ? ~ escaped, so that
// a name such as "<Nord>" or "Feld*" is not read as a comparison or a
// pattern. For "" it is "=", which matches empty cells in Excel,
// LibreOffice and excelize alike (the criterion "" does not in excelize).
func fundingCriterion(v string) string {
	if v == "" {
		return `"="`
	}
	v = strings.NewReplacer("~", "~~", "*", "~*", "?", "~?").Replace(v)
	return `"` + strings.ReplaceAll("="+v, `"`, `""`) + `"`
}

// fundingCond is one condition of a COUNTIFS/SUMIFS: the address column
// and the criterion (a formula literal from fundingCriterion).
type fundingCond struct {
	col  int
	crit string
}

// overAddresses returns COUNTIFS (sumCol 0) or SUMIFS over sumCol of the
// address rows matching every condition, summed over the address
// sheets: "COUNTIFS('Adressliste'!$H$2:$H$301,"=Bohlsau",…)".
func (fw *fundingWriter) overAddresses(sumCol int, conds ...fundingCond) string {
	var parts []string
	for i, sh := range fw.addressSheets {
		last := fw.addressLast[i]
		if last < 2 {
			continue // header only
		}
		rng := func(col int) string {
			c := fundingColName(col)
			return fmt.Sprintf("%s!$%s$2:$%s$%d", fundingQuote(sh), c, c, last)
		}
		var args []string
		if sumCol > 0 {
			args = append(args, rng(sumCol))
		}
		for _, c := range conds {
			args = append(args, rng(c.col), c.crit)
		}
		fn := "COUNTIFS"
		if sumCol > 0 {
			fn = "SUMIFS"
		}
		parts = append(parts, fn+"("+strings.Join(args, ",")+")")
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "+")
}

// fundingMeasure is one numeric column of the summary tables.
type fundingMeasure struct {
	header  string
	verdict string // label of the column "förderfähig" counted
	sumOf   string // address column summed; "" counts addresses
	value   func(a *fundingAgg) int
}

// measures are the numeric columns of the summary tables before "Adressen
// gesamt": the undecided column only without a market survey.
func (fw *fundingWriter) measures() []fundingMeasure {
	ms := []fundingMeasure{
		{"förderfähige Adressen", fundingLabelYes, "", func(a *fundingAgg) int { return a.elig }},
		{"Wohneinheiten (förderfähig)", fundingLabelYes, "Wohneinheiten", func(a *fundingAgg) int { return a.eligHH }},
		{"Unternehmen (förderfähig)", fundingLabelYes, "Unternehmen", func(a *fundingAgg) int { return a.eligBiz }},
		{"nicht förderfähige Adressen", fundingLabelNo, "", func(a *fundingAgg) int { return a.not }},
		{"Wohneinheiten (nicht förderfähig)", fundingLabelNo, "Wohneinheiten", func(a *fundingAgg) int { return a.notHH }},
		{"Unternehmen (nicht förderfähig)", fundingLabelNo, "Unternehmen", func(a *fundingAgg) int { return a.notBiz }},
	}
	if fw.opt.WithoutSurvey {
		ms = append(ms, fundingMeasure{"ungeklärte Adressen (ohne MEV)", fundingLabelOpen, "", func(a *fundingAgg) int { return a.open }})
	}
	return ms
}

// fundingSummaryRow is one row of a summary table: the label shown, the
// value of the address column it counts, and the counts.
type fundingSummaryRow struct {
	label, match string
	agg          *fundingAgg
}

// Summary column widths: the label column, then each count.
const (
	fundingSummaryLabelWidth = 46
	fundingSummaryWidth      = 13
)

// fundingWrapLines estimates the lines text takes in a wrapped cell of
// width (in characters of the default font), breaking at spaces.
func fundingWrapLines(text string, width float64) int {
	capacity := max(int(width), 1)
	lines, cur := 1, 0
	for word := range strings.FieldsSeq(text) {
		n := utf8.RuneCountInString(word)
		switch {
		case cur == 0:
			cur = n
		case cur+1+n <= capacity:
			cur += 1 + n
		default:
			lines++
			cur = n
		}
		for cur > capacity { // a word longer than the column breaks
			lines++
			cur -= capacity
		}
	}
	return lines
}

// fundingRowHeight is the height in points of a row of lines lines of
// the 10-point font.
func fundingRowHeight(lines int) float64 {
	return math.Ceil(float64(lines)*12.75 + 3)
}

// summaryTable writes one table (header, rows, SUM totals) counting the
// address column col, and returns the row of the totals.
func (fw *fundingWriter) summaryTable(s *fundingSheet, first string, col int, rows []fundingSummaryRow) (int, error) {
	st := fw.st
	ms := fw.measures()
	verdictCol := fundingAddressCol("förderfähig")
	hdr := []any{excelize.Cell{StyleID: st.header, Value: first}}
	lines := 1
	for _, m := range ms {
		hdr = append(hdr, excelize.Cell{StyleID: st.header, Value: m.header})
		lines = max(lines, fundingWrapLines(m.header, fundingSummaryWidth))
	}
	hdr = append(hdr, excelize.Cell{StyleID: st.header, Value: "Adressen gesamt"})
	if _, err := s.addHeight(fundingRowHeight(lines), hdr...); err != nil {
		return 0, err
	}
	firstRow := s.row + 1
	totalCol := len(ms) + 2
	for _, r := range rows {
		row := s.row + 1
		match := fundingCond{col, fundingCriterion(r.match)}
		vals := []any{excelize.Cell{StyleID: st.wrap, Value: r.label}}
		for _, m := range ms {
			var sumCol int
			if m.sumOf != "" {
				sumCol = fundingAddressCol(m.sumOf)
			}
			formula := ""
			if fw.sum.Rows <= fundingLiveMaxRows {
				formula = fw.overAddresses(sumCol, match, fundingCond{verdictCol, fundingCriterion(m.verdict)})
			}
			vals = append(vals, excelize.Cell{StyleID: st.integer, Value: m.value(r.agg), Formula: formula})
		}
		// All addresses: the counts of the three verdicts added up, so
		// that an address whose verdict was edited to something else
		// shows as a gap against the list's length.
		var sum []string
		for i, m := range ms {
			if m.sumOf == "" {
				sum = append(sum, fundingCell(i+2, row))
			}
		}
		vals = append(vals, excelize.Cell{StyleID: st.integer, Value: r.agg.total(), Formula: strings.Join(sum, "+")})
		height := 0.0
		if n := fundingWrapLines(r.label, fundingSummaryLabelWidth); n > 1 {
			height = fundingRowHeight(n)
		}
		if _, err := s.addHeight(height, vals...); err != nil {
			return 0, err
		}
	}
	lastRow := s.row
	vals := []any{excelize.Cell{StyleID: st.totalLabel, Value: "Summe"}}
	for c := 2; c <= totalCol; c++ {
		var tot int
		for _, r := range rows {
			if c == totalCol {
				tot += r.agg.total()
			} else {
				tot += ms[c-2].value(r.agg)
			}
		}
		col := fundingColName(c)
		formula := fmt.Sprintf("SUM(%s%d:%s%d)", col, firstRow, col, lastRow)
		if lastRow < firstRow {
			formula = "0"
		}
		vals = append(vals, excelize.Cell{StyleID: st.totalInt, Value: tot, Formula: formula})
	}
	return s.add(vals...)
}

// Positions of the first table's totals on the summary sheet, which the
// cover and the cost sheet refer to.
func (fw *fundingWriter) summaryRef(col int) string {
	return fundingQuote(FundingSheetSummary) + "!" + fundingCell(col, fw.summaryTotalRow)
}

// summaryEligibleRef, summaryOpenRef (undecided; "" with a market survey)
// and summaryAllRef are the totals of eligible, undecided and all
// addresses; the households and businesses of the eligible follow the
// eligible count (columns C, D).
func (fw *fundingWriter) summaryEligibleRef() string { return fw.summaryRef(2) }
func (fw *fundingWriter) summaryOpenRef() string {
	for i, m := range fw.measures() {
		if m.verdict == fundingLabelOpen {
			return fw.summaryRef(i + 2)
		}
	}
	return ""
}
func (fw *fundingWriter) summaryAllRef() string { return fw.summaryRef(len(fw.measures()) + 2) }

func (fw *fundingWriter) summarySheet() error {
	st := fw.st
	ms := fw.measures()
	widths := []float64{fundingSummaryLabelWidth}
	for range len(ms) + 1 {
		widths = append(widths, fundingSummaryWidth)
	}
	s, err := fw.newSheet(FundingSheetSummary, widths, 0)
	if err != nil {
		return err
	}
	if _, err := s.add(excelize.Cell{StyleID: st.title, Value: "Zusammenfassung: förderfähige Adressen"}); err != nil {
		return err
	}
	if _, err := s.add(excelize.Cell{StyleID: st.subtitle, Value: fw.ruleLine()}); err != nil {
		return err
	}
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.label, Value: "Nach Ortsteil"}); err != nil {
		return err
	}
	// Ortsteile in the order of the rows; addresses outside every Ortsteil last.
	order := slices.Clone(fw.districtOrder)
	slices.SortStableFunc(order, func(a, b string) int {
		return cmp.Compare(fundingBool(a == ""), fundingBool(b == ""))
	})
	var rows []fundingSummaryRow
	for _, d := range order {
		label := d
		if d == "" {
			label = "(ohne Ortsteil)"
		}
		rows = append(rows, fundingSummaryRow{label, d, fw.districts[d]})
	}
	if fw.summaryTotalRow, err = fw.summaryTable(s, "Ortsteil", fundingAddressCol("Ortsteil"), rows); err != nil {
		return err
	}
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.label, Value: "Nach Adresstyp"}); err != nil {
		return err
	}
	types := slices.Clone(geo.AddressTypes)
	for t := range fw.types {
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	slices.SortStableFunc(types[len(geo.AddressTypes):], func(a, b geo.AddressType) int { return cmp.Compare(a, b) })
	rows = rows[:0]
	for _, t := range types {
		rows = append(rows, fundingSummaryRow{fundingTypeLabel(t), fundingTypeLabel(t), fw.types[t]})
	}
	if _, err := fw.summaryTable(s, "Adresstyp", fundingAddressCol("Adresstyp"), rows); err != nil {
		return err
	}
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.label, Value: "Nach Versorgungsklasse"}); err != nil {
		return err
	}
	// Weiße Flecken: unter 30 Mbit/s; graue: unter 100; dunkelgraue:
	// unter der Aufgreifschwelle des Regelwerks; gigabitfähig: FTTB/H,
	// DOCSIS 3.1 oder mindestens 1000/150 Mbit/s (campaigns.SupplyClassOf).
	rows = rows[:0]
	for _, cl := range fundingClassOrder {
		if a := fw.classes[cl]; a != nil {
			rows = append(rows, fundingSummaryRow{cl, cl, a})
		}
	}
	if _, err := fw.summaryTable(s, "Versorgungsklasse", fundingAddressCol("Versorgungsklasse"), rows); err != nil {
		return err
	}
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.label, Value: "Nach Begründung"}); err != nil {
		return err
	}
	// Reasons: the eligible first, then by number of addresses, then by
	// text.
	reasons := slices.Clone(fw.reasonOrder)
	slices.SortStableFunc(reasons, func(a, b string) int {
		ra, rb := fw.reasons[a], fw.reasons[b]
		return cmp.Or(cmp.Compare(fundingBool(ra.elig == 0), fundingBool(rb.elig == 0)),
			cmp.Compare(rb.total(), ra.total()), cmp.Compare(a, b))
	})
	rows = rows[:0]
	for _, r := range reasons {
		label := r
		if r == "" {
			label = "(ohne Begründung)"
		}
		rows = append(rows, fundingSummaryRow{label, r, fw.reasons[r]})
	}
	if _, err := fw.summaryTable(s, "Begründung", fundingAddressCol("Begründung"), rows); err != nil {
		return err
	}
	s.skip(1)
	note := "Alle Zahlen sind Formeln (ZÄHLENWENNS, SUMMEWENNS) über die Adressliste: wird dort eine Adresse geändert, " +
		"rechnet die Zusammenfassung nach. "
	if fw.sum.Rows > fundingLiveMaxRows {
		note = fmt.Sprintf("Die Zahlen sind feste Werte: bei mehr als %s Adressen wären Formeln über die Adressliste beim Öffnen zu langsam. ",
			formatIntDE(fundingLiveMaxRows))
	}
	note += "Wohneinheiten und Unternehmen: Summe über die Adressen. " +
		"Förderfähigkeit je Adresse nach dem genannten Regelwerk; die Begründung steht in der Adressliste."
	if _, err := s.addHeight(fundingRowHeight(fundingWrapLines(note, fundingSummaryLabelWidth+float64(len(ms)+1)*fundingSummaryWidth)),
		excelize.Cell{StyleID: st.note, Value: note}); err != nil {
		return err
	}
	if err := s.sw.MergeCell(fundingCell(1, s.row), fundingCell(len(ms)+2, s.row)); err != nil {
		return err
	}
	return s.sw.Flush()
}
