package reports

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Rows of the sheet "Kosten", fixed so that the conditional formats,
// which go into the worksheet before its rows are streamed, know them.
const (
	costRowConn   = 4
	costRowPer    = 5
	costRowTotal  = 6
	costRowHeader = 8
	costRowShare  = 9 // Bund, Land, Kommune: 9–11
	costRowSum    = 12
	costRowCheck  = 13
	costRowNote   = 15
)

// fundingShareCheckOK is what the check cell says when the shares sum to
// 100 %.
const fundingShareCheckOK = "in Ordnung: Anteile ergeben 100 %"

// costSheet writes the sheet "Kosten": inputs (yellow) and formulas, and
// a check cell that turns red when the shares do not sum to 100 %.
func (fw *fundingWriter) costSheet() error {
	if fw.opt.CostPerConnection <= 0 {
		return nil
	}
	st, opt := fw.st, fw.opt
	notHundred := fmt.Sprintf("ABS($B$%d-1)>0.000001", costRowSum)
	redFormat := func() error {
		red, err := fw.f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Bold: true, Color: "9C0006", Family: fundingFont},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
		})
		if err != nil {
			return err
		}
		return fw.f.SetConditionalFormat(FundingSheetCost, fmt.Sprintf("A%d:C%d", costRowSum, costRowCheck),
			[]excelize.ConditionalFormatOptions{{Type: "formula", Criteria: notHundred, Format: &red}})
	}
	s, err := fw.newSheet(FundingSheetCost, []float64{46, 18, 34}, 0, redFormat)
	if err != nil {
		return err
	}
	if _, err := s.add(excelize.Cell{StyleID: st.title, Value: "Kostenschätzung und Finanzierung"}); err != nil {
		return err
	}
	sub := "Gelbe Zellen sind Eingaben: Kosten je Anschluss und Anteile können hier geändert werden, die Beträge rechnen sich neu."
	if _, err := s.addHeight(fundingRowHeight(fundingWrapLines(sub, 46+18+34)), excelize.Cell{StyleID: st.subtitle, Value: sub}); err != nil {
		return err
	}
	if err := s.sw.MergeCell("A2", "C2"); err != nil {
		return err
	}
	s.skip(1)
	label, formula := "Förderfähige Anschlüsse (Adressen)", fw.summaryEligibleRef()
	if open := fw.summaryOpenRef(); open != "" {
		label, formula = "Förderfähige und ungeklärte Anschlüsse (Obergrenze: keine Markterkundung)", formula+"+"+open
	}
	conn := fw.sum.Connections()
	if _, err := s.addHeight(fundingRowHeight(fundingWrapLines(label, 46)), excelize.Cell{StyleID: st.label, Value: label},
		excelize.Cell{StyleID: st.integer, Value: conn, Formula: formula}); err != nil {
		return err
	}
	if _, err := s.add(excelize.Cell{StyleID: st.label, Value: "Kosten je Anschluss"},
		excelize.Cell{StyleID: st.input, Value: opt.CostPerConnection}); err != nil {
		return err
	}
	total := float64(conn) * opt.CostPerConnection
	if _, err := s.add(excelize.Cell{StyleID: st.totalLabel, Value: "Gesamtkosten (geschätzt)"},
		excelize.Cell{StyleID: st.totalEuro, Value: total, Formula: fmt.Sprintf("B%d*B%d", costRowConn, costRowPer)}); err != nil {
		return err
	}
	fw.costTotalCell = fundingQuote(FundingSheetCost) + "!" + fundingCell(2, costRowTotal)
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.header, Value: "Finanzierung"},
		excelize.Cell{StyleID: st.header, Value: "Anteil"},
		excelize.Cell{StyleID: st.header, Value: "Betrag"}); err != nil {
		return err
	}
	absTot := "$B$" + strconv.Itoa(costRowTotal)
	for _, sh := range []struct {
		label string
		v     float64
	}{{"Bund", opt.ShareBund}, {"Land", opt.ShareLand}, {"Kommune (Eigenanteil)", opt.ShareMunicipality}} {
		row := s.row + 1
		if _, err := s.add(sh.label,
			excelize.Cell{StyleID: st.inputPercent, Value: sh.v},
			excelize.Cell{StyleID: st.euro, Value: total * sh.v, Formula: absTot + "*" + fundingCell(2, row)}); err != nil {
			return err
		}
	}
	if _, err := s.add(excelize.Cell{StyleID: st.totalLabel, Value: "Summe"},
		excelize.Cell{StyleID: st.totalPercent, Value: opt.ShareBund + opt.ShareLand + opt.ShareMunicipality,
			Formula: fmt.Sprintf("SUM(B%d:B%d)", costRowShare, costRowSum-1)},
		excelize.Cell{StyleID: st.totalEuro, Value: total, Formula: fmt.Sprintf("SUM(C%d:C%d)", costRowShare, costRowSum-1)}); err != nil {
		return err
	}
	// The check: validation refuses shares that do not sum to 1, so the
	// cached answer is the good one; an edit of the yellow cells turns it
	// (and the sum row) red.
	if _, err := s.add(excelize.Cell{StyleID: st.check, Value: "Prüfung der Anteile"},
		excelize.Cell{StyleID: st.check, Value: fundingShareCheckOK,
			Formula: fmt.Sprintf(`IF(%s,"FEHLER: Anteile ergeben nicht 100 %%","%s")`, notHundred, fundingShareCheckOK)}); err != nil {
		return err
	}
	if err := s.sw.MergeCell(fundingCell(2, costRowCheck), fundingCell(3, costRowCheck)); err != nil {
		return err
	}
	s.skip(1)
	note := "Schätzung mit einem pauschalen Betrag je förderfähigem Anschluss; " +
		"maßgeblich sind die Kosten aus dem Auswahlverfahren. Die Anteile müssen zusammen 100 % ergeben."
	if _, err := s.addHeight(fundingRowHeight(fundingWrapLines(note, 46+18+34)), excelize.Cell{StyleID: st.note, Value: note}); err != nil {
		return err
	}
	if s.row != costRowNote {
		return fmt.Errorf("cost sheet: note on row %d, want %d", s.row, costRowNote)
	}
	if err := s.sw.MergeCell(fundingCell(1, s.row), fundingCell(3, s.row)); err != nil {
		return err
	}
	return s.sw.Flush()
}
