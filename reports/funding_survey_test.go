package reports

import (
	"reflect"
	"testing"
	"time"

	"gigaplan/geo"
)

func surveyTestSurvey() geo.Survey {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	return geo.Survey{ID: 3, Name: "MEV Bohlsau 2026", From: d("2026-01-05"), To: d("2026-02-16"), Published: d("2026-01-05"),
		HorizonYears: 5, Branchendialog: d("2026-03-02"),
		Operators: []geo.SurveyOperator{
			{Name: "EnBW", Asked: true},
			{Name: "Telekom", Asked: true, AnsweredOn: d("2026-02-01")},
			{Name: "Vodafone", Asked: true, AnsweredOn: d("2026-02-14")},
		}}
}

func TestSurveyBlock(t *testing.T) {
	want := []SurveyRow{
		{"Markterkundung", "MEV Bohlsau 2026"},
		{"Projektgebiet", "Bohlsau"},
		{"Zeitraum", "05.01.2026 – 16.02.2026"},
		{"Veröffentlicht am", "05.01.2026"},
		{"Zeithorizont (Jahre)", "5"},
		{"Betreiber angefragt", "3: EnBW, Telekom, Vodafone"},
		{"Betreiber geantwortet", "2: Telekom (01.02.2026), Vodafone (14.02.2026)"},
		{"Betreiber ohne Antwort", "1: EnBW"},
		{"Branchendialog", "02.03.2026"},
	}
	if got := SurveyBlock(surveyTestSurvey(), "Bohlsau"); !reflect.DeepEqual(got, want) {
		t.Errorf("SurveyBlock:\n got %q\nwant %q", got, want)
	}
	// What the migration of old data leaves: nothing recorded but the horizon.
	got := SurveyBlock(geo.Survey{Name: "Bestand (vor Migration 0017)", HorizonYears: 3}, "alle Adressen")
	for i, w := range []string{"Bestand (vor Migration 0017)", "alle Adressen", "nicht erfasst", "nicht erfasst", "3", "keine", "keine", "keine", "keiner"} {
		if got[i].Value != w {
			t.Errorf("%s = %q, want %q", got[i].Label, got[i].Value, w)
		}
	}
}

// TestSurveyBlockUnasked: an operator whose answer was imported without
// the request being recorded is not hidden behind "angefragt: keine".
func TestSurveyBlockUnasked(t *testing.T) {
	sv := geo.Survey{Name: "MEV", HorizonYears: 3, Operators: []geo.SurveyOperator{
		{Name: "Telekom", AnsweredOn: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}}}
	got := map[string]string{}
	for _, r := range SurveyBlock(sv, "Nord") {
		got[r.Label] = r.Value
	}
	if got["Betreiber angefragt"] != "nicht erfasst" || got["Betreiber geantwortet"] != "1: Telekom (01.02.2026, Anfrage nicht erfasst)" || got["Betreiber ohne Antwort"] != "keine" {
		t.Errorf("survey block %q", got)
	}
}

func TestOperatorCells(t *testing.T) {
	cols := OperatorColumns(surveyTestSurvey())
	var heads []string
	for _, c := range cols {
		heads = append(heads, c.Header)
	}
	if want := []string{"Telekom: Versorgung", "Telekom: geplant", "Vodafone: Versorgung", "Vodafone: geplant"}; !reflect.DeepEqual(heads, want) {
		t.Errorf("columns %q, want %q (only operators that answered)", heads, want)
	}
	answers := []geo.Supply{
		{AnsweredBy: "Telekom", Operator: "Telekom", Download: 50.5, Upload: 10, Technology: "VDSL2",
			PlannedOperator: "Deutsche Glasfaser", PlannedDate: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)},
	}
	if got, want := OperatorCells(cols, answers), []string{"50,5/10 Mbit/s VDSL2", "Deutsche Glasfaser bis 06/2027", "keine Meldung", "keine Meldung"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cells %q, want %q", got, want)
	}
	answers = append(answers, geo.Supply{AnsweredBy: "Vodafone", Operator: "Kabel BW", Download: 1000, Upload: 50, Technology: "DOCSIS 3.1"})
	if got := OperatorCells(cols, answers); got[2] != "1000/50 Mbit/s DOCSIS 3.1 (Kabel BW)" || got[3] != "nichts geplant" {
		t.Errorf("Vodafone's cells %q", got[2:])
	}
	planOnly := []geo.Supply{{AnsweredBy: "Vodafone", PlannedOperator: "Vodafone", PlannedDate: time.Date(2028, 12, 31, 0, 0, 0, 0, time.UTC)}}
	if got := OperatorCells(cols, planOnly); got[2] != "keine Versorgung gemeldet" || got[3] != "Vodafone bis 12/2028" {
		t.Errorf("plan-only cells %q", got[2:])
	}
}

// TestFundingSurveySheet: with a survey the workbook has the sheet
// "Markterkundung" with the block and each operator's answer for the
// addresses of the workbook that an operator reported.
func TestFundingSurveySheet(t *testing.T) {
	fixFundingClock(t)
	opt := fundingTestOptions()
	sv := surveyTestSurvey()
	opt.Survey, opt.SurveyArea = &sv, "Bohlsau"
	opt.OperatorSupply = map[int64][]geo.Supply{
		2:    {{AnsweredBy: "Telekom", Operator: "Telekom", Download: 100, Upload: 40, Technology: "VDSL2"}},
		5:    {{AnsweredBy: "Telekom", Operator: "Telekom", Download: 16, Upload: 1}, {AnsweredBy: "Vodafone", Operator: "Vodafone", Download: 1000, Upload: 50, Technology: "DOCSIS 3.1"}},
		9999: {{AnsweredBy: "Telekom", Download: 1}}, // not in the workbook
	}
	f, _, _ := mustFunding(t, fundingTestRows(20), opt)
	if i, _ := f.GetSheetIndex(FundingSheetSurvey); i < 0 {
		t.Fatalf("no sheet %q: %v", FundingSheetSurvey, f.GetSheetList())
	}
	for cell, want := range map[string]string{
		"A1": "Markterkundungsverfahren",
		"A3": "Markterkundung", "B3": "MEV Bohlsau 2026",
		"A7": "Zeithorizont (Jahre)", "B7": "5",
		"A10": "Betreiber ohne Antwort", "B10": "1: EnBW",
		"A14": "Adressschlüssel", "D14": "Telekom: Versorgung", "G14": "Vodafone: geplant",
		"D15": "100/40 Mbit/s VDSL2", "F15": "keine Meldung",
		"D16": "16/1 Mbit/s", "F16": "1000/50 Mbit/s DOCSIS 3.1",
		"A17": "",
	} {
		if got := mustCell(t, f, FundingSheetSurvey, cell); got != want {
			t.Errorf("%s!%s = %q, want %q", FundingSheetSurvey, cell, got, want)
		}
	}
	if b := mustCell(t, f, FundingSheetSurvey, "B15"); b == "" {
		t.Error("address label of the first reported address missing")
	}

	// Without a survey: no such sheet.
	f, _, _ = mustFunding(t, fundingTestRows(20), fundingTestOptions())
	if i, _ := f.GetSheetIndex(FundingSheetSurvey); i >= 0 {
		t.Errorf("sheet %q written without a survey", FundingSheetSurvey)
	}
}
