package reports

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/geo"
)

// TestFundingWithoutSurvey: without a market survey, an address eligible
// only because nobody reported it is "ungeklärt", counted apart, and the
// cover says so in red.
func TestFundingWithoutSurvey(t *testing.T) {
	fixFundingClock(t)
	const n = 400
	opt := fundingTestOptions()
	opt.WithoutSurvey = true
	f, sum, _ := mustFunding(t, fundingTestRows(n), opt)
	var eligible, open int
	for i := range n {
		r := fundingTestRow(i, n)
		switch {
		case r.Eligible && !r.HasSupply:
			open++
		case r.Eligible:
			eligible++
		}
	}
	if open == 0 || sum.Undecided != open || sum.Eligible != eligible {
		t.Fatalf("summary %+v, want %d eligible, %d undecided", sum, eligible, open)
	}
	if sum.Cost != float64(eligible+open)*opt.CostPerConnection {
		t.Errorf("cost %v counts %d connections, want the upper bound %d", sum.Cost, sum.Connections(), eligible+open)
	}
	rows, err := f.GetRows(FundingSheetAddresses)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	verdict, reason, class := fundingAddressCol("förderfähig")-1, fundingAddressCol("Begründung")-1, fundingAddressCol("Versorgungsklasse")-1
	for _, r := range rows[1:] {
		if r[verdict] == fundingLabelOpen {
			got++
			if r[reason] != fundingReasonOpen {
				t.Errorf("undecided row with reason %q", r[reason])
			}
			if r[class] != "ungeklärt" {
				t.Errorf("undecided row with supply class %q", r[class])
			}
		}
		if strings.Contains(r[reason], "keine Meldung") && r[verdict] == "ja" {
			t.Errorf("eligible for lack of reports: %q", r)
		}
	}
	if got != open {
		t.Errorf("%d rows say %s, want %d", got, fundingLabelOpen, open)
	}
	cover := coverValues(t, f)
	if cover["davon ungeklärt (keine Markterkundung)"] != strconv.Itoa(open) {
		t.Errorf("cover undecided = %q, want %d", cover["davon ungeklärt (keine Markterkundung)"], open)
	}
	a2, _ := f.GetCellValue(FundingSheetCover, "A3")
	if a2 != fundingNoSurveyTitle {
		t.Errorf("cover A3 = %q, want the warning", a2)
	}
	st, _ := f.GetCellStyle(FundingSheetCover, "A3")
	if style, _ := f.GetStyle(st); style == nil || style.Font == nil || style.Font.Color != "C00000" || !style.Font.Bold {
		t.Errorf("warning style = %+v", style)
	}
	// Summary: the undecided column counts "ungeklärt".
	total := 0
	srows, _ := f.GetRows(FundingSheetSummary, excelize.Options{RawCellValue: true})
	for i, r := range srows {
		if len(r) > 0 && r[0] == "Summe" {
			total = i + 1
			break
		}
	}
	if got := mustCell(t, f, FundingSheetSummary, fundingCell(8, total)); got != strconv.Itoa(open) {
		t.Errorf("summary undecided total = %s, want %d", got, open)
	}
	if h := mustCell(t, f, FundingSheetSummary, "H5"); !strings.HasPrefix(h, "ungeklärte") {
		t.Errorf("summary H5 = %q", h)
	}
	calc, err := f.CalcCellValue(FundingSheetSummary, fundingCell(8, total-1))
	if cached := mustCell(t, f, FundingSheetSummary, fundingCell(8, total-1)); err != nil || calc != cached {
		t.Errorf("undecided formula calculates to %q, cached %q (%v)", calc, cached, err)
	}
}

// TestFundingCoverApplicant: the AGS comes from the rows when the option
// has none; the contact and the sources' missing supply import are shown.
func TestFundingCoverApplicant(t *testing.T) {
	fixFundingClock(t)
	opt := fundingTestOptions()
	opt.AGS, opt.Contact = "", "Stabsstelle Breitband, 0781 82-0"
	f, _, _ := mustFunding(t, fundingTestRows(30), opt)
	cover := coverValues(t, f)
	if got := cover["Amtlicher Gemeindeschlüssel (AGS)"]; got != "08317096 (aus den Adressdaten)" {
		t.Errorf("AGS = %q", got)
	}
	if got := cover["Ansprechpartner"]; got != opt.Contact {
		t.Errorf("contact = %q", got)
	}
	opt.Contact = ""
	f, _, _ = mustFunding(t, func(yield func(AddressRow, error) bool) {
		for i := range 5 {
			r := fundingTestRow(i, 5)
			r.AGS = ""
			if !yield(r, nil) {
				return
			}
		}
	}, opt)
	cover = coverValues(t, f)
	if got := cover["Amtlicher Gemeindeschlüssel (AGS)"]; !strings.HasPrefix(got, "nicht bekannt") {
		t.Errorf("AGS without any = %q", got)
	}
	if got := cover["Ansprechpartner"]; got != "nicht angegeben" {
		t.Errorf("contact = %q", got)
	}
}

// TestFundingCostCheck: the cost sheet's check cell is a formula over the
// shares' sum that says when they miss 100 %, and a conditional format
// turns it red.
func TestFundingCostCheck(t *testing.T) {
	fixFundingClock(t)
	f, _, _ := mustFunding(t, fundingTestRows(50), fundingTestOptions())
	check := fundingCell(2, costRowCheck)
	if got := mustCell(t, f, FundingSheetCost, "A"+strconv.Itoa(costRowCheck)); got != "Prüfung der Anteile" {
		t.Fatalf("check label = %q", got)
	}
	if got := mustCell(t, f, FundingSheetCost, check); got != fundingShareCheckOK {
		t.Errorf("check cached = %q", got)
	}
	for _, tt := range []struct {
		name             string
		bund, land, komm float64
		ok               bool
	}{
		{"50/40/10", 0.5, 0.4, 0.1, true},
		{"70/20/10 in float", 0.7, 0.2, 0.1, true},
		{"50/40/20", 0.5, 0.4, 0.2, false},
		{"50/30/10", 0.5, 0.3, 0.1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for i, v := range []float64{tt.bund, tt.land, tt.komm} {
				if err := f.SetCellValue(FundingSheetCost, fundingCell(2, costRowShare+i), v); err != nil {
					t.Fatal(err)
				}
			}
			got, err := f.CalcCellValue(FundingSheetCost, check)
			if err != nil {
				t.Fatal(err)
			}
			if (got == fundingShareCheckOK) != tt.ok || (!tt.ok && !strings.HasPrefix(got, "FEHLER")) {
				t.Errorf("check = %q, ok %v", got, tt.ok)
			}
		})
	}
	cf, err := f.GetConditionalFormats(FundingSheetCost)
	if err != nil {
		t.Fatal(err)
	}
	rng := "A" + strconv.Itoa(costRowSum) + ":C" + strconv.Itoa(costRowCheck)
	if opts := cf[rng]; len(opts) != 1 || opts[0].Type != "formula" || !strings.Contains(opts[0].Criteria, "ABS($B$12-1)>0.000001") {
		t.Errorf("conditional formats = %+v", cf)
	}
}

func TestFundingCriterion(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", `"="`},
		{"Bohlsau", `"=Bohlsau"`},
		{"Zell am Bach", `"=Zell am Bach"`},
		{"Feld*", `"=Feld~*"`},
		{"Wer?", `"=Wer~?"`},
		{"a~b", `"=a~~b"`},
		{`Der "Kern"`, `"=Der ""Kern"""`},
		{"<Nord>", `"=<Nord>"`},
	} {
		if got := fundingCriterion(tt.in); got != tt.want {
			t.Errorf("fundingCriterion(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestFundingSummaryValuesBeyondLimit: above fundingLiveMaxRows the
// summary holds values, not formulas over the list, and says so.
func TestFundingSummaryValuesBeyondLimit(t *testing.T) {
	fixFundingClock(t)
	old := fundingLiveMaxRows
	fundingLiveMaxRows = 20
	t.Cleanup(func() { fundingLiveMaxRows = old })
	f, sum, _ := mustFunding(t, fundingTestRows(50), fundingTestOptions())
	if formula, _ := f.GetCellFormula(FundingSheetSummary, "B6"); formula != "" {
		t.Errorf("B6 formula %q beyond the limit", formula)
	}
	rows, _ := f.GetRows(FundingSheetSummary, excelize.Options{RawCellValue: true})
	var tot, note string
	for _, r := range rows {
		if len(r) > 1 && r[0] == "Summe" && tot == "" {
			tot = r[1]
		}
		if len(r) == 1 && strings.HasPrefix(r[0], "Die Zahlen sind feste Werte") {
			note = r[0]
		}
	}
	if tot != strconv.Itoa(sum.Eligible) || note == "" {
		t.Errorf("total %q (want %d), note %q", tot, sum.Eligible, note)
	}
}

// TestFundingSources: the sources block lists the imports given, and says
// when there was no supply import instead of naming a market survey.
func TestFundingSources(t *testing.T) {
	fixFundingClock(t)
	at := time.Date(2026, 2, 27, 13, 5, 0, 0, time.UTC)
	addr := geo.Import{Kind: geo.ImportAddresses, File: "hk-de_08317096.csv", SHA256: "0123456789abcdef0123", Rows: 16043, ImportedAt: at, By: "vera"}
	areas := geo.Import{Kind: geo.ImportAreas, AreaKind: geo.KindDistrict, File: "ortsteile.geojson", Rows: 12, ImportedAt: at}
	supply := geo.Import{Kind: geo.ImportSupply, File: "mev-2026.csv", Rows: 15877, ImportedAt: at.Add(24 * time.Hour)}
	for _, tt := range []struct {
		name          string
		imports       []geo.Import
		withoutSurvey bool
		want          map[string]string
	}{
		{"all recorded", []geo.Import{supply, addr, areas}, false, map[string]string{
			"Adressen":                    "hk-de_08317096.csv · 16.043 Datensätze · importiert am 27.02.2026 14:05 von vera · SHA-256 0123456789abcdef…",
			"Gebiete: Ortsteile":          "ortsteile.geojson · 12 Datensätze · importiert am 27.02.2026 14:05",
			"Versorgung (Markterkundung)": "mev-2026.csv · 15.877 Datensätze · importiert am 28.02.2026 14:05",
			"Stand der Adressdaten":       "46080", // 27.02.2026 as a date cell
			"Markterkundungsverfahren":    "Versorgungsdaten für das Projektgebiet liegen vor: mev-2026.csv (28.02.2026)",
		}},
		{"no supply import", []geo.Import{addr}, true, map[string]string{
			"Versorgung (Markterkundung)": "keine Versorgungsdaten importiert: keine Markterkundung",
			"Markterkundungsverfahren":    "keines: für das Projektgebiet liegen keine Versorgungsdaten vor",
		}},
		{"nothing recorded", nil, false, map[string]string{
			"Adressen":              "Import nicht erfasst (vor der Aufzeichnung der Importe oder als Demo-Daten geladen)",
			"Stand der Adressdaten": "nicht erfasst",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opt := fundingTestOptions()
			opt.Imports, opt.WithoutSurvey = tt.imports, tt.withoutSurvey
			f, _, _ := mustFunding(t, fundingTestRows(20), opt)
			cover := coverValues(t, f)
			for label, want := range tt.want {
				if cover[label] != want {
					t.Errorf("%s = %q, want %q", label, cover[label], want)
				}
			}
			for _, r := range cover {
				if strings.Contains(r, "HK-DE") {
					t.Errorf("cover names HK-DE: %q", r)
				}
			}
		})
	}
}
