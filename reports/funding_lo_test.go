package reports

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestFundingLibreOffice converts the funding workbook with LibreOffice
// and checks what LibreOffice sees: every address row, and the summary and
// cost formulas recalculated to the figures of the rows.
func TestFundingLibreOffice(t *testing.T) {
	fixFundingClock(t)
	const n = 300
	opt := fundingTestOptions()
	f, sum, b := mustFunding(t, fundingTestRows(n), opt)
	path := filepath.Join(t.TempDir(), "foerderantrag.xlsx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	sheets := LibreOfficeCSV(t, path)

	list := sheets[FundingSheetAddresses]
	if len(list) != n+1 {
		t.Fatalf("Adressliste: %d rows in LibreOffice, want %d", len(list), n+1)
	}
	eligible := 0
	for _, r := range list[1:] {
		if r[len(r)-2] == "ja" {
			eligible++
		}
	}
	if eligible != sum.Eligible {
		t.Errorf("Adressliste: %d rows say ja, the summary %d", eligible, sum.Eligible)
	}

	// The first "Summe" row of the summary is by Ortsteil: LibreOffice's
	// recalculated COUNTIFS/SUMIFS give FundingSummary's figures.
	total := loRow(t, sheets[FundingSheetSummary], "Summe")
	for col, want := range map[int]int{1: sum.Eligible, 2: sum.Households, 3: sum.Businesses, 7: n} {
		if total[col] != strconv.Itoa(want) {
			t.Errorf("Zusammenfassung Summe column %d = %s, want %d", col+1, total[col], want)
		}
	}

	// Kosten: eligible connections × cost per connection.
	cost := loRow(t, sheets[FundingSheetCost], "Gesamtkosten (geschätzt)")[1]
	want := float64(sum.Eligible) * opt.CostPerConnection
	if got, err := strconv.ParseFloat(cost, 64); err != nil || got != want {
		t.Errorf("Kosten: Gesamtkosten %q, want %v", cost, want)
	}
	if got := loRow(t, sheets[FundingSheetCost], "Prüfung der Anteile")[1]; got != fundingShareCheckOK {
		t.Errorf("Kosten: check %q", got)
	}

	// Every formula LibreOffice recalculated equals the value cached with
	// it, which is what a reader without recalculation sees.
	loFormulasMatch(t, f, sheets)
}

// TestFundingLibreOfficeWithoutSurvey: without a market survey the
// undecided addresses are counted by formulas LibreOffice agrees with.
func TestFundingLibreOfficeWithoutSurvey(t *testing.T) {
	fixFundingClock(t)
	const n = 120
	opt := fundingTestOptions()
	opt.WithoutSurvey = true
	f, sum, b := mustFunding(t, fundingTestRows(n), opt)
	if sum.Undecided == 0 {
		t.Fatal("no undecided address in the test rows")
	}
	path := filepath.Join(t.TempDir(), "ohne-mev.xlsx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	sheets := LibreOfficeCSV(t, path)
	total := loRow(t, sheets[FundingSheetSummary], "Summe")
	if total[7] != strconv.Itoa(sum.Undecided) || total[8] != strconv.Itoa(n) {
		t.Errorf("Summe: undecided %s, all %s; want %d, %d", total[7], total[8], sum.Undecided, n)
	}
	loFormulasMatch(t, f, sheets)
}

// TestFundingLibreOfficeFormats: the number formats are explicit codes,
// so a German LibreOffice shows German numbers and dates and an English
// one the same digits with its own separators (the date stays
// DD.MM.YYYY), and LibreOffice renders the named font (Arial) as
// Liberation Sans, never a serif fallback.
func TestFundingLibreOfficeFormats(t *testing.T) {
	fixFundingClock(t)
	opt := fundingTestOptions()
	_, sum, b := mustFunding(t, fundingTestRows(1200), opt)
	path := filepath.Join(t.TempDir(), "foerderantrag.xlsx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cost := float64(sum.Eligible) * opt.CostPerConnection
	for _, tt := range []struct {
		locale                       string
		rows, cost, share, date, per string
	}{
		{"de-DE", formatIntDE(sum.Rows), germanEuro(cost), "50,0 %", "01.03.2026", "4.500,00 €"},
		{"en-US", strings.ReplaceAll(formatIntDE(sum.Rows), ".", ","), englishEuro(cost), "50.0 %", "01.03.2026", "4,500.00 €"},
	} {
		t.Run(tt.locale, func(t *testing.T) {
			sheets := LibreOfficeShownCSV(t, path, tt.locale)
			cover := map[string]string{}
			for _, r := range sheets[FundingSheetCover] {
				if len(r) > 1 {
					cover[r[0]] = r[1]
				}
			}
			if got := cover["Adressen im Projektgebiet"]; got != tt.rows {
				t.Errorf("Adressen %q, want %q", got, tt.rows)
			}
			if got := cover["Stand der Bewertung"]; got != tt.date {
				t.Errorf("Stand %q, want %q", got, tt.date)
			}
			kosten := sheets[FundingSheetCost]
			if got := loRow(t, kosten, "Gesamtkosten (geschätzt)")[1]; got != tt.cost {
				t.Errorf("Gesamtkosten %q, want %q", got, tt.cost)
			}
			if got := loRow(t, kosten, "Kosten je Anschluss")[1]; got != tt.per {
				t.Errorf("Kosten je Anschluss %q, want %q", got, tt.per)
			}
			if got := loRow(t, kosten, "Bund")[1]; got != tt.share {
				t.Errorf("Anteil Bund %q, want %q", got, tt.share)
			}
		})
	}

	t.Run("font", func(t *testing.T) {
		fonts := libreOfficePDFFonts(t, path)
		if len(fonts) == 0 {
			t.Fatal("no fonts in the PDF")
		}
		for _, name := range fonts {
			if !strings.Contains(name, "LiberationSans") && !strings.Contains(name, "Arial") {
				t.Errorf("LibreOffice rendered font %q, want Liberation Sans (Arial)", name)
			}
		}
	})
}

// loRow returns the first row of a LibreOffice CSV sheet whose first cell
// is label, padded to 12 cells.
func loRow(tb testing.TB, rows [][]string, label string) []string {
	tb.Helper()
	for _, r := range rows {
		if len(r) > 0 && r[0] == label {
			for len(r) < 12 {
				r = append(r, "")
			}
			return r
		}
	}
	tb.Fatalf("no row %q", label)
	return nil
}

// loFormulasMatch checks every formula cell of the short sheets: the value
// LibreOffice computes equals the cached one.
func loFormulasMatch(t *testing.T, f *excelize.File, sheets map[string][][]string) {
	t.Helper()
	checked := 0
	for _, sh := range []string{FundingSheetCover, FundingSheetSummary, FundingSheetCost} {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		lo := sheets[sh]
		for r := range rows {
			for c := range rows[r] {
				cell := fundingCell(c+1, r+1)
				formula, _ := f.GetCellFormula(sh, cell)
				if formula == "" {
					continue
				}
				checked++
				cached := rows[r][c]
				got := ""
				if r < len(lo) && c < len(lo[r]) {
					got = lo[r][c]
				}
				cv, err1 := strconv.ParseFloat(cached, 64)
				gv, err2 := strconv.ParseFloat(got, 64)
				if p, ok := strings.CutSuffix(got, "%"); ok { // raw CSV keeps the percent sign
					gv, err2 = strconv.ParseFloat(p, 64)
					gv /= 100
				}
				switch {
				case err1 == nil && err2 == nil:
					if math.Abs(cv-gv) > 1e-6*math.Max(1, math.Abs(cv)) {
						t.Errorf("%s!%s = %s in LibreOffice, cached %s (%s)", sh, cell, got, cached, formula)
					}
				case got != cached:
					t.Errorf("%s!%s = %q in LibreOffice, cached %q (%s)", sh, cell, got, cached, formula)
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d formulas checked", checked)
	}
}

// libreOfficePDFFonts converts xlsx to PDF with LibreOffice and lists the
// fonts of the PDF (pdffonts, poppler-utils); skips without them.
func libreOfficePDFFonts(t *testing.T, xlsx string) []string {
	t.Helper()
	lo := ""
	for _, name := range []string{"libreoffice", "soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			lo = p
			break
		}
	}
	pf, err := exec.LookPath("pdffonts")
	if lo == "" || err != nil || testing.Short() {
		t.Skip("LibreOffice or pdffonts not on PATH, or -short")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, lo, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")), "--headless",
		"--convert-to", "pdf", "--outdir", dir, xlsx)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, strings.TrimSuffix(filepath.Base(xlsx), filepath.Ext(xlsx))+".pdf")
	out, err := exec.CommandContext(ctx, pf, pdf).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	var fonts []string
	for i, line := range strings.Split(string(out), "\n") {
		if i < 2 || strings.TrimSpace(line) == "" {
			continue // the header and its rule
		}
		name := strings.Fields(line)[0]
		if _, sub, ok := strings.Cut(name, "+"); ok {
			name = sub // subset prefix ABCDEF+
		}
		fonts = append(fonts, name)
	}
	return fonts
}

// englishEuro formats v as #,##0.00 "€" in English: "1,234.50 €".
func englishEuro(v float64) string {
	g := strings.TrimSuffix(germanEuro(v), " €")
	g = strings.NewReplacer(".", ",", ",", ".").Replace(g)
	return g + " €"
}
