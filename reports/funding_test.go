package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// fundingTestDistricts are the Ortsteile of the synthetic rows, in the
// order the rows come; "" is the remainder outside every Ortsteil.
var fundingTestDistricts = []string{"Bohlsau", "Elgershofen", "Kernstadt", "Zell am Bach", ""}

var fundingTestStreets = []string{"Hauptstraße", "Kirchweg", "Am Mühlbach", "Schulstraße", "Lindenallee", "Gewerbering", "Im Grün"}

// fundingTestRow returns the i-th of n synthetic addresses. It depends on
// i and n only, so tests and the benchmark can regenerate any row.
func fundingTestRow(i, n int) AddressRow {
	h := uint64(i)*0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 32
	d := i * len(fundingTestDistricts) / max(n, 1)
	district := fundingTestDistricts[d]
	street := fundingTestStreets[(i/40)%len(fundingTestStreets)]
	number := strconv.Itoa(i%40 + 1)
	suffix := ""
	if h%13 == 0 {
		suffix = "a"
	}
	r := AddressRow{
		ID:          int64(i + 1),
		AGS:         "08317096",
		Street:      street,
		HouseNumber: number,
		Suffix:      suffix,
		Postcode:    strconv.Itoa(77652 + d),
		City:        "Offenburg",
		District:    district,
		East:        415000 + float64(i%1000)*3.137 + float64(h%100)/100,
		North:       5370000 + float64(i/1000)*2.713 + float64(h%7)/10,
		Households:  1 + int(h%6),
		Type:        geo.TypePrivate,
	}
	r.Key = fmt.Sprintf("%s|%05d|%s|%s", r.AGS, 100+(i/40)%len(fundingTestStreets), number, suffix)
	r.Lat = 48.4773798 + (r.North-5370000)/111200
	r.Lon = 7.8498611 + (r.East-415000)/73800
	switch {
	case i%97 == 5:
		r.Type, r.Households, r.Businesses = geo.TypeSchool, 0, 1
	case i%211 == 7:
		r.Type, r.Households, r.Businesses = geo.TypeHospital, 0, 1
	case i%53 == 3:
		r.Type, r.Households, r.Businesses = geo.TypePublic, 0, 1
	case i%7 == 0 || street == "Gewerbering":
		r.Type, r.Households, r.Businesses = geo.TypeBusiness, int(h%2), 1+int(h>>8%4)
	}
	r.RuleSet = "gigabit-2.0"
	switch h >> 16 % 10 {
	case 0: // nobody reported the address
		r.Eligible, r.Reason = true, "keine Meldung im Markterkundungsverfahren (weißer Fleck)"
	case 1, 2, 3, 4:
		r.HasSupply, r.Download, r.Upload, r.Technology, r.Operator = true, 50, 10, "VDSL2", "Telekom"
		if h%3 == 0 {
			r.Download, r.Upload = 16.5, 2.4
		}
		r.Eligible, r.Reason = true, "unter 300 Mbit/s Download oder 150 Mbit/s Upload"
	case 5, 6:
		r.HasSupply, r.Download, r.Upload, r.Technology, r.Operator = true, 1000, 50, "DOCSIS 3.1", "Vodafone"
		r.Eligible, r.Reason = true, "Upload unter 150 Mbit/s"
	case 7:
		r.HasSupply, r.Download, r.Upload, r.Technology, r.Operator = true, 1000, 1000, "FTTH", "Stadtwerke"
		r.Eligible, r.Reason = false, "gigabitfähig versorgt (≥ 300/150 Mbit/s)"
	default:
		r.HasSupply, r.Download, r.Upload, r.Technology, r.Operator = true, 100, 40, "VDSL2", "Telekom"
		r.PlannedOperator, r.PlannedDate = "Telekom", time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
		r.Eligible, r.Reason = false, "eigenwirtschaftlicher Ausbau innerhalb von 3 Jahren geplant"
	}
	return r
}

// fundingTestRows yields n synthetic addresses.
func fundingTestRows(n int) iter.Seq2[AddressRow, error] {
	return func(yield func(AddressRow, error) bool) {
		for i := range n {
			if !yield(fundingTestRow(i, n), nil) {
				return
			}
		}
	}
}

func fundingTestOptions() FundingOptions {
	return FundingOptions{
		Title:             "Förderantrag Gigabitrichtlinie 2.0 – Projektgebiet Bohlsau, Elgershofen & Zell",
		Municipality:      "Offenburg",
		AGS:               "08317096",
		Areas:             []string{"Bohlsau", "Elgershofen", "Kernstadt", "Zell am Bach"},
		RuleSet:           "gigabit-2.0",
		RuleTitle:         "Gigabitrichtlinie 2.0 (Fassung 30.04.2024)",
		AsOf:              time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		CostPerConnection: 4500,
		ShareBund:         0.5, ShareLand: 0.4, ShareMunicipality: 0.1,
	}
}

// fixFundingClock makes the document dates deterministic.
func fixFundingClock(tb testing.TB) {
	tb.Helper()
	old := fundingNow
	fundingNow = func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) }
	tb.Cleanup(func() { fundingNow = old })
}

// mustFunding writes a funding workbook and reopens it.
func mustFunding(tb testing.TB, rows iter.Seq2[AddressRow, error], opt FundingOptions) (*excelize.File, FundingSummary, []byte) {
	tb.Helper()
	var buf bytes.Buffer
	sum, err := Funding(context.Background(), rows, opt, &buf)
	if err != nil {
		tb.Fatalf("Funding: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		tb.Fatalf("reopen: %v", err)
	}
	tb.Cleanup(func() { f.Close() })
	return f, sum, buf.Bytes()
}

func mustCell(tb testing.TB, f *excelize.File, sheet, cell string) string {
	tb.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		tb.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

// numFmt describes a cell's number format: the built-in id or the custom
// format code.
func numFmt(tb testing.TB, f *excelize.File, sheet, cell string) string {
	tb.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		tb.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		tb.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return strconv.Itoa(st.NumFmt)
}

type fundingAggTest struct{ elig, eligHH, eligBiz, not, notHH, notBiz int }

func TestFunding(t *testing.T) {
	fixFundingClock(t)
	const n = 1200
	opt := fundingTestOptions()
	f, sum, _ := mustFunding(t, fundingTestRows(n), opt)

	// Independent aggregates.
	var want FundingSummary
	byDistrict := map[string]*fundingAggTest{}
	byType := map[geo.AddressType]*fundingAggTest{}
	var special []AddressRow
	for i := range n {
		r := fundingTestRow(i, n)
		want.Rows++
		for _, a := range []**fundingAggTest{ptrAgg(byDistrict, r.District), ptrAggT(byType, r.Type)} {
			if r.Eligible {
				(*a).elig++
				(*a).eligHH += r.Households
				(*a).eligBiz += r.Businesses
			} else {
				(*a).not++
				(*a).notHH += r.Households
				(*a).notBiz += r.Businesses
			}
		}
		if r.Eligible {
			want.Eligible++
			want.Households += r.Households
			want.Businesses += r.Businesses
		}
		if r.Type == geo.TypeSchool || r.Type == geo.TypeHospital || r.Type == geo.TypePublic {
			special = append(special, r)
		}
	}
	want.Cost = float64(want.Eligible) * opt.CostPerConnection
	if sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}
	if want.Eligible == 0 || want.Eligible == n || len(special) < 10 {
		t.Fatalf("generator too uniform: %+v, %d special", want, len(special))
	}

	t.Run("sheets", func(t *testing.T) {
		got := f.GetSheetList()
		wantSheets := []string{"Deckblatt", "Adressliste", "Zusammenfassung", "Besondere Standorte", "Kosten"}
		if !slices.Equal(got, wantSheets) {
			t.Errorf("sheets = %q, want %q", got, wantSheets)
		}
		props, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if props.Title != opt.Title || props.Creator != "Gigaplan" || !strings.HasPrefix(props.Created, "2026-03-02") {
			t.Errorf("doc props = %+v", props)
		}
	})

	t.Run("address list", func(t *testing.T) {
		const sh = "Adressliste"
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != n+1 {
			t.Fatalf("%d rows, want %d", len(rows), n+1)
		}
		wantHeader := []string{"Adressschlüssel", "AGS", "Straße", "Hausnummer", "Zusatz", "PLZ", "Ort", "Ortsteil",
			"Ostwert (EPSG:25832)", "Nordwert (EPSG:25832)", "Breite (WGS84)", "Länge (WGS84)", "Wohneinheiten",
			"Unternehmen", "Adresstyp", "Platzhalter", "Download (Mbit/s)", "Upload (Mbit/s)", "Technologie", "Betreiber",
			"Eigenausbau geplant", "Versorgungsklasse", "förderfähig", "Begründung"}
		if !slices.Equal(rows[0], wantHeader) {
			t.Errorf("header = %q", rows[0])
		}
		// Check a few rows of each kind against the generator.
		checked := map[string]bool{}
		for i := range n {
			r := fundingTestRow(i, n)
			kind := string(r.Type) + "/" + r.Technology + "/" + fundingYesNo(r.Eligible) + "/" + strconv.FormatBool(r.PlannedOperator != "")
			if checked[kind] && i != 0 && i != n-1 {
				continue
			}
			checked[kind] = true
			got := rows[i+1]
			for len(got) < len(wantHeader) {
				got = append(got, "")
			}
			typ := map[geo.AddressType]string{geo.TypePrivate: "privat", geo.TypeBusiness: "Gewerbe",
				geo.TypeSchool: "Schule", geo.TypeHospital: "Krankenhaus", geo.TypePublic: "öffentlich"}[r.Type]
			mbit := func(v float64) string {
				if !r.HasSupply {
					return ""
				}
				return strconv.FormatFloat(v, 'f', -1, 64)
			}
			planned := ""
			if r.PlannedOperator != "" {
				planned = r.PlannedOperator + " bis 06/2027"
			}
			exp := []string{r.Key, r.AGS, r.Street, r.HouseNumber, r.Suffix, r.Postcode, r.City, r.District,
				"", "", "", "", strconv.Itoa(r.Households), strconv.Itoa(r.Businesses), typ, fundingPlaceholder(&r),
				mbit(r.Download), mbit(r.Upload), r.Technology, r.Operator, planned, fundingClassLabel(&r, false), fundingYesNo(r.Eligible), r.Reason}
			for c := range exp {
				if c >= 8 && c <= 11 {
					continue // coordinates: compared numerically below
				}
				if got[c] != exp[c] {
					t.Errorf("row %d col %s = %q, want %q", i+2, wantHeader[c], got[c], exp[c])
				}
			}
			for c, v := range map[int]struct {
				want float64
				tol  float64
			}{8: {r.East, 0.0051}, 9: {r.North, 0.0051}, 10: {r.Lat, 5.1e-8}, 11: {r.Lon, 5.1e-8}} {
				g, err := strconv.ParseFloat(got[c], 64)
				if err != nil || math.Abs(g-v.want) > v.tol {
					t.Errorf("row %d col %s = %q, want %.8f", i+2, wantHeader[c], got[c], v.want)
				}
			}
			// Number formats and types.
			row := strconv.Itoa(i + 2)
			for col, wantFmt := range map[string]string{"A": "49", "B": "49", "F": "49", "I": "0.00", "J": "0.00", "K": "0.0000000", "L": "0.0000000", "M": "#,##0", "N": "#,##0"} {
				if got := numFmt(t, f, sh, col+row); got != wantFmt {
					t.Errorf("%s%s format %s, want %s", col, row, got, wantFmt)
				}
			}
			if r.HasSupply {
				wantFmt := "0"
				if r.Download != math.Trunc(r.Download) {
					wantFmt = "0.0"
				}
				if got := numFmt(t, f, sh, "Q"+row); got != wantFmt {
					t.Errorf("Q%s format %s, want %s (%v)", row, got, wantFmt, r.Download)
				}
				if typ, _ := f.GetCellType(sh, "Q"+row); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Errorf("Q%s type %v, want number", row, typ)
				}
			}
		}
		if len(checked) < 8 {
			t.Errorf("only %d row kinds checked", len(checked))
		}
		panes, err := f.GetPanes(sh)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("panes = %+v, %v", panes, err)
		}
		if got := fundingDefinedName(f, "_xlnm._FilterDatabase", sh); got != fmt.Sprintf("'Adressliste'!$A$1:$X$%d", n+1) && got != fmt.Sprintf("'Adressliste'!A1:X%d", n+1) {
			t.Errorf("autofilter = %q", got)
		}
		if got := fundingDefinedName(f, "_xlnm.Print_Titles", sh); got != "'Adressliste'!$1:$1" {
			t.Errorf("print titles = %q", got)
		}
		pl, err := f.GetPageLayout(sh)
		if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 8 || // A3
			pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
			t.Errorf("page layout = %+v, %v", pl, err)
		}
		hf, err := f.GetHeaderFooter(sh)
		if err != nil || !strings.Contains(hf.OddHeader, "Stand: 01.03.2026") || !strings.Contains(hf.OddHeader, "&& Zell") ||
			!strings.Contains(hf.OddFooter, "Seite &P von &N") {
			t.Errorf("header/footer = %+v, %v", hf, err)
		}
	})

	t.Run("summary", func(t *testing.T) {
		const sh = "Zusammenfassung"
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		find := func(from int, label string) int {
			for i := from; i < len(rows); i++ {
				if len(rows[i]) > 0 && rows[i][0] == label {
					return i
				}
			}
			t.Fatalf("row %q not found", label)
			return 0
		}
		check := func(rowIdx int, a fundingAggTest) {
			t.Helper()
			want := []int{a.elig, a.eligHH, a.eligBiz, a.not, a.notHH, a.notBiz, a.elig + a.not}
			for c, w := range want {
				cell := fundingCell(c+2, rowIdx+1)
				if got := mustCell(t, f, sh, cell); got != strconv.Itoa(w) {
					t.Errorf("%s (%s) = %s, want %d", cell, rows[rowIdx][0], got, w)
				}
			}
		}
		start := find(0, "Ortsteil")
		var tot fundingAggTest
		for _, d := range fundingTestDistricts {
			label := d
			if d == "" {
				label = "(ohne Ortsteil)"
			}
			a := *byDistrict[d]
			check(find(start, label), a)
			tot = fundingAggTest{tot.elig + a.elig, tot.eligHH + a.eligHH, tot.eligBiz + a.eligBiz, tot.not + a.not, tot.notHH + a.notHH, tot.notBiz + a.notBiz}
		}
		// Districts in row order, "(ohne Ortsteil)" last.
		for k, d := range fundingTestDistricts[:len(fundingTestDistricts)-1] {
			if rows[start+1+k][0] != d {
				t.Errorf("district row %d = %q, want %q", k, rows[start+1+k][0], d)
			}
		}
		totRow := find(start, "Summe")
		check(totRow, tot)
		firstData, lastData := start+2, totRow // 1-based rows of the data
		for c := 2; c <= 8; c++ {
			cell := fundingCell(c, totRow+1)
			formula, err := f.GetCellFormula(sh, cell)
			col := fundingColName(c)
			if wantF := fmt.Sprintf("SUM(%s%d:%s%d)", col, firstData, col, lastData); err != nil || formula != wantF {
				t.Errorf("%s formula = %q, want %q", cell, formula, wantF)
			}
			calc, err := f.CalcCellValue(sh, cell, excelize.Options{RawCellValue: true})
			if cached := mustCell(t, f, sh, cell); err != nil || calc != cached {
				t.Errorf("%s calculates to %q, cached %q (%v)", cell, calc, cached, err)
			}
		}
		tstart := find(totRow, "Adresstyp")
		for _, typ := range geo.AddressTypes {
			a := byType[typ]
			if a == nil {
				a = &fundingAggTest{}
			}
			check(find(tstart, fundingTypeLabel(typ)), *a)
		}
		check(find(tstart, "Summe"), tot)
		if tot.elig != want.Eligible || tot.eligHH != want.Households {
			t.Errorf("district totals %+v disagree with %+v", tot, want)
		}
	})

	t.Run("special sites", func(t *testing.T) {
		const sh = "Besondere Standorte"
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if rows[3][0] != "Adresstyp" || rows[3][1] != "Name der Einrichtung" || rows[3][3] != "Adresse" {
			t.Fatalf("header = %q", rows[3])
		}
		got := rows[4:]
		if len(got) != len(special) {
			t.Fatalf("%d special sites, want %d", len(got), len(special))
		}
		order := map[geo.AddressType]int{geo.TypeSchool: 0, geo.TypeHospital: 1, geo.TypePublic: 2}
		slices.SortStableFunc(special, func(a, b AddressRow) int { return order[a.Type] - order[b.Type] })
		for i, r := range special {
			g := got[i]
			for len(g) < 14 {
				g = append(g, "")
			}
			label := fmt.Sprintf("%s %s%s, %s %s", r.Street, r.HouseNumber, r.Suffix, r.Postcode, r.City)
			if g[0] != fundingTypeLabel(r.Type) || g[1] != "" || g[2] != r.Key || g[3] != label || g[4] != r.District ||
				g[9] != r.Technology || g[10] != r.Operator || g[12] != fundingYesNo(r.Eligible) || g[13] != r.Reason {
				t.Errorf("special %d = %q, want %+v", i, g, r)
			}
		}
		if got := fundingDefinedName(f, "_xlnm.Print_Titles", sh); got != "'Besondere Standorte'!$4:$4" {
			t.Errorf("print titles = %q", got)
		}
	})

	t.Run("cost", func(t *testing.T) {
		const sh = "Kosten"
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		find := func(label string) int {
			for i, r := range rows {
				if len(r) > 0 && r[0] == label {
					return i + 1
				}
			}
			t.Fatalf("row %q not found", label)
			return 0
		}
		rConn, rPer, rTot := find("Förderfähige Anschlüsse (Adressen)"), find("Kosten je Anschluss"), find("Gesamtkosten (geschätzt)")
		if got := mustCell(t, f, sh, fundingCell(2, rConn)); got != strconv.Itoa(want.Eligible) {
			t.Errorf("connections = %s, want %d", got, want.Eligible)
		}
		if formula, _ := f.GetCellFormula(sh, fundingCell(2, rConn)); !strings.HasPrefix(formula, "'Zusammenfassung'!B") {
			t.Errorf("connections formula = %q", formula)
		}
		if formula, _ := f.GetCellFormula(sh, fundingCell(2, rTot)); formula != fmt.Sprintf("B%d*B%d", rConn, rPer) {
			t.Errorf("total formula = %q", formula)
		}
		shares := map[string]float64{"Bund": 0.5, "Land": 0.4, "Kommune (Eigenanteil)": 0.1}
		for label, share := range shares {
			r := find(label)
			if formula, _ := f.GetCellFormula(sh, fundingCell(3, r)); formula != fmt.Sprintf("$B$%d*B%d", rTot, r) {
				t.Errorf("%s formula = %q", label, formula)
			}
			if got := mustCell(t, f, sh, fundingCell(3, r)); !fundingNear(got, want.Cost*share) {
				t.Errorf("%s cached = %s, want %v", label, got, want.Cost*share)
			}
		}
		rSum := find("Summe")
		if formula, _ := f.GetCellFormula(sh, fundingCell(3, rSum)); !strings.HasPrefix(formula, "SUM(C") {
			t.Errorf("sum formula = %q", formula)
		}
		// The council changes the cost per connection and a share: the
		// amounts follow.
		if err := f.SetCellValue(sh, fundingCell(2, rPer), 6000.0); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue(sh, fundingCell(2, find("Bund")), 0.7); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue(sh, fundingCell(2, find("Land")), 0.2); err != nil {
			t.Fatal(err)
		}
		for label, share := range map[string]float64{"Bund": 0.7, "Land": 0.2, "Kommune (Eigenanteil)": 0.1} {
			got, err := f.CalcCellValue(sh, fundingCell(3, find(label)), excelize.Options{RawCellValue: true})
			if w := float64(want.Eligible) * 6000 * share; err != nil || !fundingNear(got, w) {
				t.Errorf("%s after change = %s, want %v (%v)", label, got, w, err)
			}
		}
		if got, err := f.CalcCellValue(sh, fundingCell(2, rSum), excelize.Options{RawCellValue: true}); err != nil || !fundingNear(got, 1) {
			t.Errorf("share sum = %s (%v)", got, err)
		}
	})

	t.Run("cover", func(t *testing.T) {
		const sh = "Deckblatt"
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		vals := map[string]string{}
		for _, r := range rows {
			if len(r) >= 2 {
				vals[r[0]] = r[1]
			}
		}
		if rows[0][0] != opt.Title {
			t.Errorf("title = %q", rows[0][0])
		}
		for label, w := range map[string]string{
			"Gemeinde":                                 "Offenburg",
			"Amtlicher Gemeindeschlüssel (AGS)":        "08317096",
			"Projektgebiet":                            "Bohlsau, Elgershofen, Kernstadt, Zell am Bach",
			"Förderregelwerk":                          opt.RuleTitle,
			"Regelwerk (Kennung)":                      "gigabit-2.0",
			"Adressen im Projektgebiet":                strconv.Itoa(n),
			"davon förderfähig":                        strconv.Itoa(want.Eligible),
			"Wohneinheiten der förderfähigen Adressen": strconv.Itoa(want.Households),
			"Unternehmen der förderfähigen Adressen":   strconv.Itoa(want.Businesses),
		} {
			if vals[label] != w {
				t.Errorf("cover %q = %q, want %q", label, vals[label], w)
			}
		}
		if stand := vals["Stand der Bewertung"]; stand == "" {
			t.Errorf("no Stand")
		}
		// No imports recorded: the sources say so instead of naming
		// sources that may not have been used.
		if !strings.Contains(vals["Adressen"], "nicht erfasst") || !strings.Contains(vals["Versorgung (Markterkundung)"], "nicht erfasst") {
			t.Errorf("sources = %q / %q", vals["Adressen"], vals["Versorgung (Markterkundung)"])
		}
		// The key figures are formulas over the summary's totals.
		for r, row := range rows {
			if len(row) > 1 && row[0] == "davon förderfähig" {
				if formula, _ := f.GetCellFormula(sh, fundingCell(2, r+1)); !strings.HasPrefix(formula, "'Zusammenfassung'!B") {
					t.Errorf("eligible on the cover = %q, want a reference to the summary", formula)
				}
			}
		}
	})
}

// coverValues maps the cover's labels to their values.
func coverValues(tb testing.TB, f *excelize.File) map[string]string {
	tb.Helper()
	rows, err := f.GetRows(FundingSheetCover, excelize.Options{RawCellValue: true})
	if err != nil {
		tb.Fatal(err)
	}
	vals := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			vals[r[0]] = r[1]
		}
	}
	return vals
}

func fundingYesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nein"
}

func ptrAgg(m map[string]*fundingAggTest, k string) **fundingAggTest {
	if m[k] == nil {
		m[k] = &fundingAggTest{}
	}
	p := m[k]
	return &p
}

func ptrAggT(m map[geo.AddressType]*fundingAggTest, k geo.AddressType) **fundingAggTest {
	if m[k] == nil {
		m[k] = &fundingAggTest{}
	}
	p := m[k]
	return &p
}

func fundingNear(s string, want float64) bool {
	v, err := strconv.ParseFloat(s, 64)
	return err == nil && math.Abs(v-want) < 1e-6*math.Max(1, math.Abs(want))
}

func fundingDefinedName(f *excelize.File, name, scope string) string {
	for _, d := range f.GetDefinedName() {
		if d.Name == name && d.Scope == scope {
			return d.RefersTo
		}
	}
	return ""
}

func TestFundingNoCost(t *testing.T) {
	fixFundingClock(t)
	opt := fundingTestOptions()
	opt.CostPerConnection, opt.ShareBund, opt.ShareLand, opt.ShareMunicipality = 0, 0, 0, 0
	opt.Areas, opt.Title, opt.AsOf = nil, "", time.Time{}
	f, sum, _ := mustFunding(t, fundingTestRows(50), opt)
	if sum.Cost != 0 {
		t.Errorf("cost = %v", sum.Cost)
	}
	if got := f.GetSheetList(); slices.Contains(got, "Kosten") {
		t.Errorf("sheets = %q", got)
	}
	if got := mustCell(t, f, "Deckblatt", "A1"); got != "Förderantrag Offenburg" {
		t.Errorf("default title = %q", got)
	}
	if got := coverValues(t, f)["Projektgebiet"]; got != "Bohlsau, Elgershofen, Kernstadt, Zell am Bach" {
		t.Errorf("areas from rows = %q", got)
	}
}

func TestFundingEmpty(t *testing.T) {
	fixFundingClock(t)
	f, sum, _ := mustFunding(t, fundingTestRows(0), fundingTestOptions())
	if sum != (FundingSummary{}) {
		t.Errorf("summary = %+v", sum)
	}
	rows, err := f.GetRows("Adressliste")
	if err != nil || len(rows) != 1 {
		t.Errorf("address rows = %d, %v", len(rows), err)
	}
	rows, err = f.GetRows("Besondere Standorte")
	if err != nil || len(rows) != 5 || !strings.HasPrefix(rows[4][0], "Keine Schulen") {
		t.Errorf("special = %q, %v", rows, err)
	}
}

func TestFundingValidation(t *testing.T) {
	tests := []struct {
		name string
		edit func(*FundingOptions)
	}{
		{"shares sum to 1.1", func(o *FundingOptions) { o.ShareMunicipality = 0.2 }},
		{"shares sum to 0.9", func(o *FundingOptions) { o.ShareLand = 0.3 }},
		{"cost without shares", func(o *FundingOptions) { o.ShareBund, o.ShareLand, o.ShareMunicipality = 0, 0, 0 }},
		{"negative share", func(o *FundingOptions) { o.ShareBund, o.ShareLand = 1.2, -0.3 }},
		{"shares without cost", func(o *FundingOptions) { o.CostPerConnection, o.ShareLand = 0, 0.1 }},
		{"negative cost", func(o *FundingOptions) { o.CostPerConnection = -1 }},
		{"NaN cost", func(o *FundingOptions) { o.CostPerConnection = math.NaN() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := fundingTestOptions()
			tt.edit(&opt)
			var buf bytes.Buffer
			_, err := Funding(context.Background(), fundingTestRows(10), opt, &buf)
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("err = %v (%s), want EINVALID", err, geo.ErrorCode(err))
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written", buf.Len())
			}
		})
	}
	t.Run("shares 0.7/0.2/0.1 in float", func(t *testing.T) {
		opt := fundingTestOptions()
		opt.ShareBund, opt.ShareLand, opt.ShareMunicipality = 0.7, 0.2, 0.1
		if _, err := Funding(context.Background(), fundingTestRows(10), opt, io.Discard); err != nil {
			t.Fatal(err)
		}
	})
}

func TestFundingAbort(t *testing.T) {
	t.Run("ctx cancelled mid-stream", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rows := func(yield func(AddressRow, error) bool) {
			for i := range 100000 {
				if i == 3000 {
					cancel()
				}
				if !yield(fundingTestRow(i, 100000), nil) {
					return
				}
			}
		}
		var buf bytes.Buffer
		_, err := Funding(ctx, rows, fundingTestOptions(), &buf)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if buf.Len() != 0 {
			t.Errorf("%d bytes written after cancel", buf.Len())
		}
	})
	t.Run("ctx cancelled while writing", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		w := &fundingCancelWriter{cancel: cancel, after: 1000}
		_, err := Funding(ctx, fundingTestRows(5000), fundingTestOptions(), w)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if _, err := zip.NewReader(bytes.NewReader(w.buf.Bytes()), int64(w.buf.Len())); err == nil {
			t.Errorf("truncated output is a readable zip")
		}
	})
	t.Run("row error", func(t *testing.T) {
		boom := errors.New("boom")
		rows := func(yield func(AddressRow, error) bool) {
			for i := range 100 {
				if !yield(fundingTestRow(i, 100), nil) {
					return
				}
			}
			yield(AddressRow{}, boom)
		}
		var buf bytes.Buffer
		_, err := Funding(context.Background(), rows, fundingTestOptions(), &buf)
		if !errors.Is(err, boom) || !strings.Contains(err.Error(), "address 101") {
			t.Fatalf("err = %v, want boom at address 101", err)
		}
		if buf.Len() != 0 {
			t.Errorf("%d bytes written after error", buf.Len())
		}
	})
}

// fundingCancelWriter cancels its context after a number of bytes.
type fundingCancelWriter struct {
	buf    bytes.Buffer
	cancel context.CancelFunc
	after  int
}

func (w *fundingCancelWriter) Write(p []byte) (int, error) {
	n, _ := w.buf.Write(p)
	if w.buf.Len() >= w.after {
		w.cancel()
	}
	return n, nil
}

func TestFundingSplit(t *testing.T) {
	fixFundingClock(t)
	old := fundingMaxRows
	fundingMaxRows = 11 // header + 10 addresses per sheet
	t.Cleanup(func() { fundingMaxRows = old })
	const n = 25
	f, sum, _ := mustFunding(t, fundingTestRows(n), fundingTestOptions())
	if sum.Rows != n {
		t.Errorf("rows = %d", sum.Rows)
	}
	wantSheets := []string{"Deckblatt", "Adressliste", "Adressliste 2", "Adressliste 3", "Zusammenfassung", "Besondere Standorte", "Kosten"}
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Fatalf("sheets = %q, want %q", got, wantSheets)
	}
	i := 0
	for k, sh := range wantSheets[1:4] {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		wantRows := []int{10, 10, 5}[k]
		if len(rows) != wantRows+1 || rows[0][0] != "Adressschlüssel" {
			t.Fatalf("%s: %d rows, header %q", sh, len(rows), rows[0])
		}
		for _, r := range rows[1:] {
			if want := fundingTestRow(i, n).Key; r[0] != want {
				t.Errorf("%s: key %q, want %q (address %d)", sh, r[0], want, i)
			}
			i++
		}
		if got, want := fundingDefinedName(f, "_xlnm._FilterDatabase", sh), fmt.Sprintf("'%s'!$A$1:$X$%d", sh, wantRows+1); got != want {
			t.Errorf("%s autofilter = %q, want %q", sh, got, want)
		}
		if got := fundingDefinedName(f, "_xlnm.Print_Titles", sh); got != fmt.Sprintf("'%s'!$1:$1", sh) {
			t.Errorf("%s print titles = %q", sh, got)
		}
	}
	if i != n {
		t.Errorf("%d addresses over the sheets, want %d", i, n)
	}
	rows, _ := f.GetRows("Deckblatt")
	found := false
	for _, r := range rows {
		found = found || (len(r) > 1 && strings.HasPrefix(r[1], "Adressliste, Adressliste 2, Adressliste 3"))
	}
	if !found {
		t.Errorf("cover does not name the address sheets")
	}
	// The summary's formulas count over all three sheets: every one
	// calculates to its cached value, and the first refers to each sheet.
	if formula, _ := f.GetCellFormula(FundingSheetSummary, "B6"); strings.Count(formula, "COUNTIFS(") != 3 ||
		!strings.Contains(formula, "'Adressliste 3'!$H$2:$H$6") {
		t.Errorf("B6 = %q, want COUNTIFS over the three address sheets", formula)
	}
	srows, _ := f.GetRows(FundingSheetSummary, excelize.Options{RawCellValue: true})
	checked := 0
	for r, row := range srows {
		for c := range row {
			cell := fundingCell(c+1, r+1)
			if formula, _ := f.GetCellFormula(FundingSheetSummary, cell); formula == "" {
				continue
			}
			checked++
			if calc, err := f.CalcCellValue(FundingSheetSummary, cell, excelize.Options{RawCellValue: true}); err != nil || calc != row[c] {
				t.Errorf("%s calculates to %q, cached %q (%v)", cell, calc, row[c], err)
			}
		}
	}
	if checked < 50 {
		t.Errorf("%d summary formulas checked", checked)
	}
}

// fundingLayout dumps the layout of a funding workbook: sheets, headers,
// column widths, number formats, panes, print setup and defined names.
func fundingLayout(tb testing.TB, f *excelize.File) string {
	tb.Helper()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s\n", sh)
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			tb.Fatal(err)
		}
		width := 0
		for _, r := range rows {
			width = max(width, len(r))
		}
		widths := make([]string, width)
		for c := range width {
			w, _ := f.GetColWidth(sh, fundingColName(c+1))
			widths[c] = strconv.FormatFloat(w, 'f', -1, 64)
		}
		fmt.Fprintf(&b, "widths: %s\n", strings.Join(widths, " "))
		panes, _ := f.GetPanes(sh)
		if panes.Freeze {
			fmt.Fprintf(&b, "freeze: %s\n", panes.TopLeftCell)
		}
		pl, _ := f.GetPageLayout(sh)
		props, _ := f.GetSheetProps(sh)
		fmt.Fprintf(&b, "page: size=%d %s fitToPage=%v width=%d height=%d\n", deref(pl.Size), deref(pl.Orientation),
			deref(props.FitToPage), deref(pl.FitToWidth), deref(pl.FitToHeight))
		hf, _ := f.GetHeaderFooter(sh)
		if hf != nil {
			fmt.Fprintf(&b, "header: %s\nfooter: %s\n", hf.OddHeader, hf.OddFooter)
		}
		// Each row of the short sheets, and the header and first data
		// row of the address lists: label columns and the number format
		// of every cell.
		limit := len(rows)
		if strings.HasPrefix(sh, "Adressliste") {
			limit = min(limit, 2)
		}
		for i := range limit {
			var cells []string
			for c := range rows[i] {
				cell := fundingCell(c+1, i+1)
				v := rows[i][c]
				if _, err := strconv.ParseFloat(v, 64); err == nil && i > 0 {
					v = "#" // numbers vary with the data
				}
				if formula, _ := f.GetCellFormula(sh, cell); formula != "" {
					v = "=" + formula
				}
				if v == "" {
					cells = append(cells, "")
					continue
				}
				cells = append(cells, v+" ["+numFmt(tb, f, sh, cell)+"]")
			}
			fmt.Fprintf(&b, "%d: %s\n", i+1, strings.Join(cells, " | "))
		}
	}
	b.WriteString("== defined names\n")
	for _, d := range f.GetDefinedName() {
		fmt.Fprintf(&b, "%s [%s] = %s\n", d.Name, d.Scope, d.RefersTo)
	}
	return b.String()
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func TestFundingLayoutGolden(t *testing.T) {
	fixFundingClock(t)
	f, _, _ := mustFunding(t, fundingTestRows(300), fundingTestOptions())
	got := fundingLayout(t, f)
	golden := filepath.Join("testdata", "funding", "layout.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run TestFundingLayoutGolden -update)", err)
	}
	if got != string(want) {
		t.Errorf("layout differs from %s (rerun with -update if intended):\n%s", golden, fundingDiff(string(want), got))
	}
}

// fundingDiff shows the first differing lines.
func fundingDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 10; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, w, g)
			shown++
		}
	}
	return b.String()
}

// TestFundingSpecialSiteNames: the special-sites sheet names the
// institution from the sites list, and a site at an address of another
// type (a Kita in a residential building) is listed with its kind.
func TestFundingSpecialSiteNames(t *testing.T) {
	fixFundingClock(t)
	const n = 200
	var school, private AddressRow
	for i := range n {
		r := fundingTestRow(i, n)
		if r.Type == geo.TypeSchool && school.ID == 0 {
			school = r
		}
		if r.Type == geo.TypePrivate && private.ID == 0 {
			private = r
		}
	}
	if school.ID == 0 || private.ID == 0 {
		t.Fatal("the generator gave no school or no private address")
	}
	opt := fundingTestOptions()
	opt.Sites = SitesByAddress([]campaigns.SiteView{
		{Site: campaigns.Site{Name: "Grundschule am Bach", Kind: "Schule", AddressID: school.ID}},
		{Site: campaigns.Site{Name: "Kita Sonnenschein", Kind: "Kita", AddressID: private.ID}},
		{Site: campaigns.Site{Name: "Bauhof", Kind: "Bauhof"}}, // no address: not listed
	})
	f, _, _ := mustFunding(t, fundingTestRows(n), opt)
	rows, err := f.GetRows(FundingSheetSpecial, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string][]string{}
	for _, r := range rows[4:] {
		if len(r) > 2 {
			byKey[r[2]] = r
		}
	}
	if g := byKey[school.Key]; len(g) < 2 || g[0] != "Schule" || g[1] != "Grundschule am Bach" {
		t.Errorf("school row %q, want its name from the sites list", g)
	}
	if g := byKey[private.Key]; len(g) < 2 || g[0] != "Kita" || g[1] != "Kita Sonnenschein" {
		t.Errorf("Kita row %q, want the site listed with its kind and name", g)
	}
}
