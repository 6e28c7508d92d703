package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/geo"
)

// What the funding workbook shows of the market survey (MEV): the survey
// block (SurveyBlock, also printed by "gigaplan survey show") and, per
// address, each operator's own answer (OperatorColumns), not only the
// merged best the address list carries. The workbook writes them on the
// sheet FundingSheetSurvey when FundingOptions.Survey is set.

// FundingSheetSurvey is the funding workbook's sheet of the market survey.
const FundingSheetSurvey = "Markterkundung"

// SurveyRow is one line of the survey block: a German label and its value.
type SurveyRow struct{ Label, Value string }

// surveyDay is t as DD.MM.YYYY, or none for the zero day.
func surveyDay(t time.Time, none string) string {
	if t.IsZero() {
		return none
	}
	return t.Format("02.01.2006")
}

// SurveyBlock returns the survey block of sv, for the workbook and the
// CLI: Markterkundung, Projektgebiet (area, the name of sv.AreaID),
// Zeitraum, Veröffentlicht am, Zeithorizont (Jahre), Betreiber angefragt,
// geantwortet (with the day) and ohne Antwort, Branchendialog.
func SurveyBlock(sv geo.Survey, area string) []SurveyRow {
	day := surveyDay
	period := "nicht erfasst"
	if !sv.From.IsZero() || !sv.To.IsZero() {
		period = day(sv.From, "?") + " – " + day(sv.To, "?")
	}
	names := func(ns []string) string {
		if len(ns) == 0 {
			return "keine"
		}
		return fmt.Sprintf("%d: %s", len(ns), strings.Join(ns, ", "))
	}
	var answered []string
	unasked := 0
	for _, o := range sv.Operators {
		if o.Answered() {
			a := o.Name + " (" + o.AnsweredOn.Format("02.01.2006")
			if !o.Asked {
				a += ", Anfrage nicht erfasst"
				unasked++
			}
			answered = append(answered, a+")")
		}
	}
	asked := names(sv.Asked())
	if len(sv.Asked()) == 0 && unasked > 0 {
		// Answers came in (e.g. a supply import) without the request
		// being recorded: "keine" would say nobody was asked.
		asked = "nicht erfasst"
	}
	return []SurveyRow{
		{"Markterkundung", sv.Name},
		{"Projektgebiet", area},
		{"Zeitraum", period},
		{"Veröffentlicht am", day(sv.Published, "nicht erfasst")},
		{"Zeithorizont (Jahre)", strconv.Itoa(sv.HorizonYears)},
		{"Betreiber angefragt", asked},
		{"Betreiber geantwortet", names(answered)},
		{"Betreiber ohne Antwort", names(sv.NotAnswered())},
		{"Branchendialog", day(sv.Branchendialog, "keiner")},
	}
}

// OperatorColumn is one column of the per-address operator answers.
type OperatorColumn struct {
	Operator string
	Header   string // e.g. "Telekom: Versorgung"
	Planned  bool   // the column holds the plan, not the current supply
}

// OperatorColumns returns two columns (current supply, planned build) per
// operator that answered sv, in the survey's operator order.
func OperatorColumns(sv geo.Survey) []OperatorColumn {
	var out []OperatorColumn
	for _, o := range sv.Operators {
		if !o.Answered() {
			continue
		}
		out = append(out, OperatorColumn{o.Name, o.Name + ": Versorgung", false}, OperatorColumn{o.Name, o.Name + ": geplant", true})
	}
	return out
}

// OperatorCells returns the cells of cols for one address's answers (as
// SupplyStore.OperatorSupplyIn returns them): "250/40 Mbit/s VDSL2" and
// "Deutsche Glasfaser bis 06/2027", "keine Meldung" for an operator that
// did not report the address, "keine Versorgung gemeldet" for an answer
// with a plan only.
func OperatorCells(cols []OperatorColumn, answers []geo.Supply) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = "keine Meldung"
		for _, a := range answers {
			if a.AnsweredBy != c.Operator {
				continue
			}
			if c.Planned {
				r := AddressRow{PlannedOperator: a.PlannedOperator, PlannedDate: a.PlannedDate}
				out[i] = fundingPlanned(&r)
				if out[i] == "" {
					out[i] = "nichts geplant"
				}
				continue
			}
			if a.Download == 0 && a.Upload == 0 && a.Technology == "" {
				out[i] = "keine Versorgung gemeldet"
				continue
			}
			out[i] = strings.TrimSpace(fmt.Sprintf("%s/%s Mbit/s %s", mbit(a.Download), mbit(a.Upload), a.Technology))
			if a.Operator != "" && a.Operator != a.AnsweredBy {
				out[i] += " (" + a.Operator + ")"
			}
		}
	}
	return out
}

// mbit formats a bandwidth the German way: "50", "50,5".
func mbit(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// noteSurvey keeps what the survey sheet lists of row r: its label and
// Ortsteil, when an operator answered for it.
func (fw *fundingWriter) noteSurvey(r *AddressRow) {
	if fw.opt.Survey == nil || len(fw.opt.OperatorSupply[r.ID]) == 0 {
		return
	}
	fw.surveyRows = append(fw.surveyRows, surveyAddress{id: r.ID, key: r.Key, label: fundingLabel(r), district: r.District})
}

type surveyAddress struct {
	id                   int64
	key, label, district string
}

// surveySheet writes the sheet "Markterkundung": the survey block, then
// per address of the workbook that an operator reported, each operator's
// answer. Without FundingOptions.Survey it writes nothing.
func (fw *fundingWriter) surveySheet() error {
	sv := fw.opt.Survey
	if sv == nil {
		return nil
	}
	st := fw.st
	cols := OperatorColumns(*sv)
	widths := []float64{24, 40, 18}
	for range cols {
		widths = append(widths, 28)
	}
	block := SurveyBlock(*sv, fw.opt.SurveyArea)
	headerRow := 3 + len(block) + 2
	s, err := fw.newSheet(FundingSheetSurvey, widths, headerRow)
	if err != nil {
		return err
	}
	if _, err := s.add(excelize.Cell{StyleID: st.title, Value: "Markterkundungsverfahren"}); err != nil {
		return err
	}
	s.skip(1)
	for _, b := range block {
		if _, err := s.add(excelize.Cell{StyleID: st.label, Value: b.Label}, excelize.Cell{StyleID: st.wrap, Value: b.Value}); err != nil {
			return err
		}
	}
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.subtitle, Value: "Antworten je Betreiber und Adresse (nicht zusammengeführt)"}); err != nil {
		return err
	}
	hdr := []any{excelize.Cell{StyleID: st.header, Value: "Adressschlüssel"}, excelize.Cell{StyleID: st.header, Value: "Adresse"},
		excelize.Cell{StyleID: st.header, Value: "Ortsteil"}}
	for _, c := range cols {
		hdr = append(hdr, excelize.Cell{StyleID: st.header, Value: c.Header})
	}
	if _, err := s.add(hdr...); err != nil {
		return err
	}
	for _, a := range fw.surveyRows {
		vals := []any{fundingText(a.key, st.text), fundingText(a.label, 0), fundingText(a.district, 0)}
		for _, c := range OperatorCells(cols, fw.opt.OperatorSupply[a.id]) {
			vals = append(vals, c)
		}
		if _, err := s.add(vals...); err != nil {
			return err
		}
	}
	if len(fw.surveyRows) == 0 {
		if _, err := s.add(excelize.Cell{StyleID: st.note, Value: "Kein Betreiber hat eine Adresse des Projektgebiets gemeldet."}); err != nil {
			return err
		}
	}
	return s.sw.Flush()
}
