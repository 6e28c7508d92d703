package reports

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestFundingLibreOffice converts the funding workbook with LibreOffice
// and checks what LibreOffice sees: every address row, and the summary and
// cost formulas recalculated to the figures of the rows.
func TestFundingLibreOffice(t *testing.T) {
	fixFundingClock(t)
	const n = 300
	opt := fundingTestOptions()
	_, sum, b := mustFunding(t, fundingTestRows(n), opt)
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

	// The first "Summe" row of the summary is by Ortsteil: B is eligible
	// addresses, H all addresses, both SUM formulas.
	var total []string
	for _, r := range sheets[FundingSheetSummary] {
		if len(r) > 7 && r[0] == "Summe" {
			total = r
			break
		}
	}
	if total == nil {
		t.Fatalf("Zusammenfassung: no Summe row in %q", sheets[FundingSheetSummary])
	}
	if total[1] != strconv.Itoa(sum.Eligible) || total[7] != strconv.Itoa(n) {
		t.Errorf("Zusammenfassung Summe: eligible %s, all %s; want %d, %d", total[1], total[7], sum.Eligible, n)
	}

	// Kosten: eligible connections × cost per connection.
	var cost string
	for _, r := range sheets[FundingSheetCost] {
		if len(r) > 1 && strings.HasPrefix(r[0], "Gesamtkosten") {
			cost = r[1]
		}
	}
	want := float64(sum.Eligible) * opt.CostPerConnection
	if got, err := strconv.ParseFloat(cost, 64); err != nil || got != want {
		t.Errorf("Kosten: Gesamtkosten %q, want %v", cost, want)
	}
}
