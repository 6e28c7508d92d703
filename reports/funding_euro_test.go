package reports

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// fundingMoneyCell is a cell of the funding workbook that holds an amount
// in EUR: the cell in column col of the row labelled label.
type fundingMoneyCell struct {
	name         string
	sheet, label string
	col          int
	want         func(sum FundingSummary, opt FundingOptions) float64
}

// fundingMoneyCells are the amounts in EUR of the funding workbook: the
// cost sheet's inputs and results, and the total on the cover.
var fundingMoneyCells = []fundingMoneyCell{
	{"cost per connection", FundingSheetCost, "Kosten je Anschluss", 2,
		func(_ FundingSummary, o FundingOptions) float64 { return o.CostPerConnection }},
	{"total cost", FundingSheetCost, "Gesamtkosten (geschätzt)", 2,
		func(s FundingSummary, o FundingOptions) float64 { return float64(s.Eligible) * o.CostPerConnection }},
	{"Bund amount", FundingSheetCost, "Bund", 3,
		func(s FundingSummary, o FundingOptions) float64 {
			return float64(s.Eligible) * o.CostPerConnection * o.ShareBund
		}},
	{"Land amount", FundingSheetCost, "Land", 3,
		func(s FundingSummary, o FundingOptions) float64 {
			return float64(s.Eligible) * o.CostPerConnection * o.ShareLand
		}},
	{"municipality amount", FundingSheetCost, "Kommune (Eigenanteil)", 3,
		func(s FundingSummary, o FundingOptions) float64 {
			return float64(s.Eligible) * o.CostPerConnection * o.ShareMunicipality
		}},
	{"sum of amounts", FundingSheetCost, "Summe", 3,
		func(s FundingSummary, o FundingOptions) float64 { return float64(s.Eligible) * o.CostPerConnection }},
	{"total cost on the cover", FundingSheetCover, "Geschätzte Gesamtkosten (siehe Blatt Kosten)", 2,
		func(s FundingSummary, o FundingOptions) float64 { return float64(s.Eligible) * o.CostPerConnection }},
}

// fundingEuroOptions are the test options with a cost per connection
// that shows thousands and cents: 1.234,50 €.
func fundingEuroOptions() FundingOptions {
	opt := fundingTestOptions()
	opt.CostPerConnection = 1234.5
	return opt
}

// euroFormatProblem checks a number format code against the rule for
// amounts in EUR: the format of positive numbers (the first section) has
// a thousands separator, exactly two decimals and the € sign. It returns
// what is wrong, or "".
func euroFormatProblem(code string) string {
	// The first section, up to an unquoted ';'.
	section, quoted := code, false
	for i, r := range code {
		if r == '"' {
			quoted = !quoted
		} else if r == ';' && !quoted {
			section = code[:i]
			break
		}
	}
	if !strings.Contains(section, "€") {
		return "no € sign"
	}
	// The placeholders outside quotes and brackets ([$€-407], [Red]).
	var digits strings.Builder
	depth := 0
	quoted = false
	for _, r := range section {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0 && strings.ContainsRune("0#?.,", r):
			digits.WriteRune(r)
		}
	}
	p := digits.String()
	intPart, frac, ok := strings.Cut(p, ".")
	switch {
	case !strings.Contains(intPart, ","):
		return "no thousands separator"
	case !ok || strings.Trim(frac, ",") != "00":
		return "not exactly two decimals"
	}
	return ""
}

func TestEuroFormatProblem(t *testing.T) {
	tests := []struct {
		name, code string
		ok         bool
	}{
		{"the funding format", `#,##0.00 "€"`, true},
		{"currency bracket", `#,##0.00 [$€-407];[Red]-#,##0.00 [$€-407]`, true},
		{"no decimals", `#,##0 "€"`, false},
		{"no €", `#,##0.00`, false},
		{"one decimal", `#,##0.0 "€"`, false},
		{"three decimals", `#,##0.000 "€"`, false},
		{"no grouping", `0.00 "€"`, false},
		{"€ only in the negative section", `#,##0.00;-#,##0.00 "€"`, false},
		{"built-in #,##0.00", "4", false},
		{"general", "0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := euroFormatProblem(tt.code); (got == "") != tt.ok {
				t.Errorf("euroFormatProblem(%q) = %q, want ok %v", tt.code, got, tt.ok)
			}
		})
	}
}

// fundingRowOf returns the 1-based row of the first row of rows whose
// first cell is label.
func fundingRowOf(tb testing.TB, rows [][]string, sheet, label string) int {
	tb.Helper()
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			return i + 1
		}
	}
	tb.Fatalf("%s: no row %q", sheet, label)
	return 0
}

// TestFundingEuroFormat: every amount in EUR of the funding workbook is a
// number whose format has two decimals, a thousands separator and the €
// sign; and every cell formatted with € anywhere in the workbook keeps to
// the same rule.
func TestFundingEuroFormat(t *testing.T) {
	fixFundingClock(t)
	opt := fundingEuroOptions()
	f, sum, _ := mustFunding(t, fundingTestRows(60), opt)
	if sum.Eligible == 0 {
		t.Fatal("no eligible address: no amounts to check")
	}
	rowsOf := map[string][][]string{}
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		rowsOf[sh] = rows
	}
	for _, mc := range fundingMoneyCells {
		t.Run(mc.name, func(t *testing.T) {
			cell := fundingCell(mc.col, fundingRowOf(t, rowsOf[mc.sheet], mc.sheet, mc.label))
			code := numFmt(t, f, mc.sheet, cell)
			if p := euroFormatProblem(code); p != "" {
				t.Errorf("%s!%s: number format %q: %s", mc.sheet, cell, code, p)
			}
			raw := mustCell(t, f, mc.sheet, cell)
			v, err := strconv.ParseFloat(raw, 64)
			if err != nil {
				t.Fatalf("%s!%s = %q: not a number", mc.sheet, cell, raw)
			}
			if want := mc.want(sum, opt); math.Abs(v-want) > 0.005 {
				t.Errorf("%s!%s = %v, want %v", mc.sheet, cell, v, want)
			}
		})
	}
	t.Run("every € format", func(t *testing.T) {
		for sh, rows := range rowsOf {
			for r, row := range rows {
				for c := range row {
					cell := fundingCell(c+1, r+1)
					if code := numFmt(t, f, sh, cell); strings.Contains(code, "€") {
						if p := euroFormatProblem(code); p != "" {
							t.Errorf("%s!%s: number format %q: %s", sh, cell, code, p)
						}
					}
				}
			}
		}
	})
}

// germanEuro writes an amount as a German reader expects it: "1.234,50 €".
func germanEuro(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	whole, cents := s[:len(s)-3], s[len(s)-2:]
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String() + "," + cents + " €"
}

func TestGermanEuro(t *testing.T) {
	tests := []struct {
		name string
		v    float64
		want string
	}{
		{"cents", 0.5, "0,50 €"},
		{"thousands", 1234.5, "1.234,50 €"},
		{"millions", 1234567.891, "1.234.567,89 €"},
		{"hundreds", 999, "999,00 €"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := germanEuro(tt.v); got != tt.want {
				t.Errorf("germanEuro(%v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

// TestFundingEuroLibreOffice opens the funding workbook in LibreOffice in
// the German locale and reads the amounts as shown: "1.234,50 €".
func TestFundingEuroLibreOffice(t *testing.T) {
	fixFundingClock(t)
	opt := fundingEuroOptions()
	_, sum, b := mustFunding(t, fundingTestRows(60), opt)
	path := filepath.Join(t.TempDir(), "foerderantrag.xlsx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	sheets := LibreOfficeShownCSV(t, path, "de-DE")
	for _, mc := range fundingMoneyCells {
		t.Run(mc.name, func(t *testing.T) {
			rows := sheets[mc.sheet]
			row := rows[fundingRowOf(t, rows, mc.sheet, mc.label)-1]
			got := ""
			if len(row) >= mc.col {
				got = row[mc.col-1]
			}
			if want := germanEuro(mc.want(sum, opt)); got != want {
				t.Errorf("%s, %s: LibreOffice shows %q, want %q", mc.sheet, mc.label, got, want)
			}
		})
	}
	// The known amount, spelled out.
	rows := sheets[FundingSheetCost]
	if row := rows[fundingRowOf(t, rows, FundingSheetCost, "Kosten je Anschluss")-1]; len(row) < 2 || row[1] != "1.234,50 €" {
		t.Errorf("Kosten je Anschluss: LibreOffice shows %q, want 1.234,50 €", row)
	}
}
