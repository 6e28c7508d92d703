package reports

import (
	"archive/zip"
	"cmp"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"gigaplan/geo"
)

// FundingOptions describe a funding application (Förderantrag Bund/Land)
// workbook.
type FundingOptions struct {
	// Title heads the cover sheet and the printed pages, e.g.
	// "Förderantrag Gigabitrichtlinie 2.0 – Projektgebiet Bohlsau, Elgershofen".
	// Empty: "Förderantrag <Municipality>".
	Title        string
	Municipality string
	AGS          string
	// Areas names the project areas (Ortsteile etc.). Empty: the Ortsteile
	// found in the rows.
	Areas     []string
	RuleSet   string // name of the rule set, e.g. "gigabit-2.0"
	RuleTitle string // its title for people, e.g. "Gigabitrichtlinie 2.0 (2024)"
	// AsOf is the "Stand" of the data. Zero: now.
	AsOf time.Time

	// CostPerConnection > 0 adds the sheet "Kosten": EUR per eligible
	// address (connection).
	CostPerConnection float64
	// Funding shares, e.g. 0.5, 0.4, 0.1. They must lie in [0, 1] and sum
	// to 1 when CostPerConnection > 0 (or when any of them is set).
	ShareBund, ShareLand, ShareMunicipality float64

	// Survey, when set, adds the sheet "Markterkundung" (funding_survey.go):
	// the survey block (SurveyArea names its project area) and each
	// operator's answer per address (OperatorSupply, by address ID, as
	// geo.SupplyStore.OperatorSupplyIn returns it).
	Survey         *geo.Survey
	SurveyArea     string
	OperatorSupply map[int64][]geo.Supply
}

// FundingSummary holds the totals of a written funding workbook.
type FundingSummary struct {
	Rows     int // addresses written
	Eligible int // eligible addresses
	// Households and Businesses count the dwelling units and businesses of
	// the eligible addresses.
	Households, Businesses int
	// Cost is Eligible × CostPerConnection (0 without a cost estimate).
	Cost float64
}

// Sheet names of the funding workbook.
const (
	FundingSheetCover     = "Deckblatt"
	FundingSheetAddresses = "Adressliste" // continued as "Adressliste 2", …
	FundingSheetSummary   = "Zusammenfassung"
	FundingSheetSpecial   = "Besondere Standorte"
	FundingSheetCost      = "Kosten"
)

// fundingMaxRows is the number of rows per address sheet, header included
// (Excel's limit). Tests lower it to exercise the split.
var fundingMaxRows = excelize.TotalRows

// fundingCompression is the deflate level of the workbook. Measured on
// 200,000 rows: level 4 is as fast as BestSpeed (about 40,000 rows/s) and
// 15 % smaller; the default level 6 is 50 % slower for 12 % less.
var fundingCompression = 4

// fundingNow is the clock for the document properties and a zero AsOf.
var fundingNow = time.Now

// fundingCol describes one column of the address list.
type fundingCol struct {
	header string
	width  float64 // minimum width; the header may widen it
}

// fundingAddressCols are the columns of the address list, in order. The
// row writer (fundingAddressValues) must follow the same order.
var fundingAddressCols = []fundingCol{
	{"Adressschlüssel", 26},
	{"AGS", 10},
	{"Straße", 26},
	{"Hausnummer", 8},
	{"Zusatz", 6},
	{"PLZ", 7},
	{"Ort", 18},
	{"Ortsteil", 18},
	{"Ostwert (EPSG:25832)", 12},
	{"Nordwert (EPSG:25832)", 12},
	{"Breite (WGS84)", 11},
	{"Länge (WGS84)", 11},
	{"Wohneinheiten", 8},
	{"Unternehmen", 8},
	{"Adresstyp", 11},
	{"Download (Mbit/s)", 9},
	{"Upload (Mbit/s)", 9},
	{"Technologie", 12},
	{"Betreiber", 18},
	{"Eigenausbau geplant", 22},
	{"förderfähig", 8},
	{"Begründung", 48},
}

// fundingColWidth derives a fixed column width from the header: headers
// wrap, so a long header needs only about half its length, but never less
// than its longest word.
func fundingColWidth(c fundingCol) float64 {
	w := c.width
	longest := 0
	for word := range strings.FieldsSeq(c.header) {
		longest = max(longest, utf8.RuneCountInString(word))
	}
	w = max(w, float64(longest)+2, float64(utf8.RuneCountInString(c.header))/2+2)
	return min(w, 60)
}

// fundingTypeLabel is the German label of an address type.
func fundingTypeLabel(t geo.AddressType) string {
	switch t {
	case geo.TypePrivate, "":
		return "privat"
	case geo.TypeBusiness:
		return "Gewerbe"
	case geo.TypeSchool:
		return "Schule"
	case geo.TypeHospital:
		return "Krankenhaus"
	case geo.TypePublic:
		return "öffentlich"
	}
	return string(t)
}

// fundingSpecial reports whether an address is a socio-economic focal point
// (sozioökonomischer Schwerpunkt) listed separately.
func fundingSpecial(t geo.AddressType) bool {
	return t == geo.TypeSchool || t == geo.TypeHospital || t == geo.TypePublic
}

// fundingPlanned formats the private build plan: "Telekom bis 06/2027".
func fundingPlanned(r *AddressRow) string {
	op := strings.TrimSpace(r.PlannedOperator)
	if r.PlannedDate.IsZero() {
		return op
	}
	d := "bis " + r.PlannedDate.Format("01/2006")
	if op == "" {
		return d
	}
	return op + " " + d
}

func fundingYesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nein"
}

// fundingAgg aggregates addresses of one Ortsteil or address type.
type fundingAgg struct {
	elig, eligHH, eligBiz int
	not, notHH, notBiz    int
}

func (a *fundingAgg) add(r *AddressRow) {
	if r.Eligible {
		a.elig++
		a.eligHH += r.Households
		a.eligBiz += r.Businesses
	} else {
		a.not++
		a.notHH += r.Households
		a.notBiz += r.Businesses
	}
}

// fundingStyles are the cell styles of the workbook.
type fundingStyles struct {
	title, subtitle, header, label, text, wrap, note int
	integer, utm, deg, mbitInt, mbitDec              int
	date, euro, percent, input, inputPercent         int
	totalLabel, totalInt, totalEuro, totalPercent    int
}

func newFundingStyles(f *excelize.File) (*fundingStyles, error) {
	var s fundingStyles
	var errs []error
	mk := func(dst *int, st *excelize.Style) {
		id, err := f.NewStyle(st)
		errs = append(errs, err)
		*dst = id
	}
	thin := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	top := []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	euroFmt := `#,##0.00 "€"`
	degFmt := "0.0000000"
	mbitFmt := "0.0"
	inputFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}

	mk(&s.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	mk(&s.subtitle, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}})
	mk(&s.header, &excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Border:    thin,
	})
	mk(&s.label, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}})
	mk(&s.text, &excelize.Style{NumFmt: 49}) // "@": keys, AGS, postcodes stay text
	mk(&s.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	mk(&s.note, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	mk(&s.integer, &excelize.Style{NumFmt: 3}) // #,##0
	mk(&s.utm, &excelize.Style{NumFmt: 2})     // 0.00
	mk(&s.deg, &excelize.Style{CustomNumFmt: &degFmt})
	mk(&s.mbitInt, &excelize.Style{NumFmt: 1}) // 0
	mk(&s.mbitDec, &excelize.Style{CustomNumFmt: &mbitFmt})
	mk(&s.date, &excelize.Style{NumFmt: 14, Alignment: &excelize.Alignment{Horizontal: "left"}})
	mk(&s.euro, &excelize.Style{CustomNumFmt: &euroFmt})
	mk(&s.percent, &excelize.Style{NumFmt: 10}) // 0.00%
	mk(&s.input, &excelize.Style{CustomNumFmt: &euroFmt, Fill: inputFill, Protection: &excelize.Protection{Locked: false}})
	mk(&s.inputPercent, &excelize.Style{NumFmt: 10, Fill: inputFill, Protection: &excelize.Protection{Locked: false}})
	mk(&s.totalLabel, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: top})
	mk(&s.totalInt, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, NumFmt: 3})
	mk(&s.totalEuro, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, CustomNumFmt: &euroFmt})
	mk(&s.totalPercent, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, NumFmt: 10})
	return &s, errors.Join(errs...)
}

// fundingValidate checks the options and fills in defaults.
func fundingValidate(opt *FundingOptions) error {
	if math.IsNaN(opt.CostPerConnection) || math.IsInf(opt.CostPerConnection, 0) || opt.CostPerConnection < 0 {
		return geo.Errorf(geo.EINVALID, "Förderantrag: Kosten je Anschluss müssen eine Zahl ≥ 0 sein (%v)", opt.CostPerConnection)
	}
	shares := []struct {
		name string
		v    float64
	}{{"Bund", opt.ShareBund}, {"Land", opt.ShareLand}, {"Kommune", opt.ShareMunicipality}}
	sum, set := 0.0, false
	for _, s := range shares {
		if math.IsNaN(s.v) || s.v < 0 || s.v > 1 {
			return geo.Errorf(geo.EINVALID, "Förderantrag: Anteil %s muss zwischen 0 und 1 liegen (%v)", s.name, s.v)
		}
		sum += s.v
		set = set || s.v != 0
	}
	if (opt.CostPerConnection > 0 || set) && math.Abs(sum-1) > 1e-9 {
		return geo.Errorf(geo.EINVALID, "Förderantrag: die Anteile Bund (%g), Land (%g) und Kommune (%g) ergeben %g statt 1",
			opt.ShareBund, opt.ShareLand, opt.ShareMunicipality, sum)
	}
	if strings.TrimSpace(opt.Title) == "" {
		opt.Title = strings.TrimSpace("Förderantrag " + opt.Municipality)
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = fundingNow()
	}
	return nil
}

// Funding streams rows into a funding-application workbook (Förderantrag
// Bund/Land) written to w. Rows come in the order the list should show
// (usually by Ortsteil, street, number).
//
// The sheets: "Deckblatt" (cover with counts and sources), "Adressliste"
// (one row per address; continued on "Adressliste 2" etc. beyond Excel's
// row limit), "Zusammenfassung" (per Ortsteil and per address type, with
// SUM totals), "Besondere Standorte" (schools, hospitals, municipal
// facilities) and, when opt.CostPerConnection > 0, "Kosten" (cost estimate
// with the funding shares as formulas over editable input cells).
//
// Memory stays bounded: the address rows go through excelize's stream
// writer (spilling to a temporary file), the summaries are aggregated on
// the fly and only the special sites are kept. Nothing is written to w
// until every row has been read, so an error from rows or a cancelled ctx
// leaves w untouched; an error while writing leaves a truncated, unusable
// file. Invalid options return an EINVALID error.
func Funding(ctx context.Context, rows iter.Seq2[AddressRow, error], opt FundingOptions, w io.Writer) (FundingSummary, error) {
	var sum FundingSummary
	if err := fundingValidate(&opt); err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	f := excelize.NewFile()
	defer f.Close()
	fw := &fundingWriter{f: f, opt: opt}
	var err error
	if fw.st, err = newFundingStyles(f); err != nil {
		return sum, fmt.Errorf("funding workbook: styles: %w", err)
	}
	if err := f.SetSheetName("Sheet1", FundingSheetCover); err != nil {
		return sum, fmt.Errorf("funding workbook: %w", err)
	}
	// The cover is the active sheet. Set now, while it is the only one:
	// later, excelize would read every streamed sheet back into memory to
	// clear its selection, and write it out again (2.7 s of the 3.6 s of a
	// workbook of 10,000 addresses).
	f.SetActiveSheet(0)
	if err := fw.addresses(ctx, rows); err != nil {
		return sum, err
	}
	sum = fw.sum
	if opt.CostPerConnection > 0 {
		sum.Cost = float64(sum.Eligible) * opt.CostPerConnection
	}
	for _, step := range []func() error{fw.summarySheet, fw.specialSheet, fw.costSheet, fw.surveySheet, fw.coverSheet, fw.props} {
		if err := step(); err != nil {
			return FundingSummary{}, fmt.Errorf("funding workbook: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return FundingSummary{}, err
	}
	// Stream the zip straight to w instead of excelize's in-memory buffer.
	cw := &fundingCtxWriter{ctx: ctx, w: w}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(cw)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, fundingCompression)
		})
		return zw
	})
	if _, err := f.WriteTo(io.Discard); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return FundingSummary{}, cerr
		}
		return FundingSummary{}, fmt.Errorf("funding workbook: write: %w", err)
	}
	return sum, nil
}

// fundingCtxWriter fails writes once ctx is done, so a cancelled write
// stops early.
type fundingCtxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c *fundingCtxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// fundingWriter holds the state of one workbook being written.
type fundingWriter struct {
	f   *excelize.File
	opt FundingOptions
	st  *fundingStyles

	sum           FundingSummary
	addressSheets []string
	districts     map[string]*fundingAgg
	districtOrder []string
	types         map[geo.AddressType]*fundingAgg
	special       []AddressRow

	surveyRows []surveyAddress // addresses an operator answered for (noteSurvey)

	summaryTotalRow int // row of the eligible total on the summary sheet
	costTotalCell   string
}

// fundingPrint applies the print setup: A4 landscape, fit to width,
// header with title and "Stand", footer with page numbers. Call it before
// the sheet's stream writer is created.
func (fw *fundingWriter) fundingPrint(sheet string, repeatHeaderRow int) error {
	f := fw.f
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	size, orient, one, zero := 9, "landscape", 1, 0 // 9 = A4
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero,
	}); err != nil {
		return err
	}
	title := fw.opt.Title
	if utf8.RuneCountInString(title) > 120 {
		title = string([]rune(title)[:119]) + "…"
	}
	esc := func(s string) string { return strings.ReplaceAll(s, "&", "&&") }
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + esc(title) + "&RStand: " + fw.opt.AsOf.Format("02.01.2006"),
		OddFooter: "&L" + esc(sheet) + "&CSeite &P von &N&RGigaplan",
	}); err != nil {
		return err
	}
	if repeatHeaderRow > 0 {
		r := strconv.Itoa(repeatHeaderRow)
		return f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: fundingQuote(sheet) + "!$" + r + ":$" + r,
			Scope:    sheet,
		})
	}
	return nil
}

// fundingQuote quotes a sheet name for a reference.
func fundingQuote(sheet string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
}

// newAddressSheet creates the next address sheet and its stream writer
// with widths, frozen header and the header row.
func (fw *fundingWriter) newAddressSheet() (*excelize.StreamWriter, error) {
	name := FundingSheetAddresses
	if n := len(fw.addressSheets); n > 0 {
		name = fmt.Sprintf("%s %d", FundingSheetAddresses, n+1)
	}
	if _, err := fw.f.NewSheet(name); err != nil {
		return nil, err
	}
	fw.addressSheets = append(fw.addressSheets, name)
	if err := fw.fundingPrint(name, 1); err != nil {
		return nil, err
	}
	sw, err := fw.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, c := range fundingAddressCols {
		if err := sw.SetColWidth(i+1, i+1, fundingColWidth(c)); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	header := make([]any, len(fundingAddressCols))
	for i, c := range fundingAddressCols {
		header[i] = excelize.Cell{StyleID: fw.st.header, Value: c.header}
	}
	return sw, sw.SetRow("A1", header, excelize.RowOpts{Height: 32})
}

// finishAddressSheet sets the autofilter over the written table and
// flushes the stream.
func (fw *fundingWriter) finishAddressSheet(sw *excelize.StreamWriter, lastRow int) error {
	lastCol, _ := excelize.ColumnNumberToName(len(fundingAddressCols))
	if err := fw.f.AutoFilter(sw.Sheet, fmt.Sprintf("A1:%s%d", lastCol, lastRow), nil); err != nil {
		return err
	}
	return sw.Flush()
}

func fundingRound(v float64, decimals int) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	p := math.Pow10(decimals)
	return math.Round(v*p) / p
}

// fundingCoord returns a coordinate cell, or nil for a missing (0, NaN)
// coordinate.
func fundingCoord(v float64, decimals, style int) any {
	if v == 0 {
		return nil
	}
	r := fundingRound(v, decimals)
	if r == nil {
		return nil
	}
	return excelize.Cell{StyleID: style, Value: r}
}

// fundingMbit returns a bandwidth cell with 0 or 1 decimals.
func (st *fundingStyles) fundingMbit(has bool, v float64) any {
	if !has {
		return nil
	}
	r, ok := fundingRound(v, 1).(float64)
	if !ok {
		return nil
	}
	if r == math.Trunc(r) {
		return excelize.Cell{StyleID: st.mbitInt, Value: r}
	}
	return excelize.Cell{StyleID: st.mbitDec, Value: r}
}

// fundingText returns a text cell, nil for "".
func fundingText(s string, style int) any {
	if s == "" {
		return nil
	}
	if style == 0 {
		return s
	}
	return excelize.Cell{StyleID: style, Value: s}
}

// fundingAddressValues fills vals with the cells of one address row.
func (fw *fundingWriter) fundingAddressValues(vals []any, r *AddressRow) {
	st := fw.st
	tech, op := "", ""
	if r.HasSupply {
		tech, op = r.Technology, r.Operator
	}
	vals[0] = fundingText(r.Key, st.text)
	vals[1] = fundingText(r.AGS, st.text)
	vals[2] = fundingText(r.Street, 0)
	vals[3] = fundingText(r.HouseNumber, st.text)
	vals[4] = fundingText(r.Suffix, st.text)
	vals[5] = fundingText(r.Postcode, st.text)
	vals[6] = fundingText(r.City, 0)
	vals[7] = fundingText(r.District, 0)
	vals[8] = fundingCoord(r.East, 2, st.utm)
	vals[9] = fundingCoord(r.North, 2, st.utm)
	vals[10] = fundingCoord(r.Lat, 7, st.deg)
	vals[11] = fundingCoord(r.Lon, 7, st.deg)
	vals[12] = excelize.Cell{StyleID: st.integer, Value: r.Households}
	vals[13] = excelize.Cell{StyleID: st.integer, Value: r.Businesses}
	vals[14] = fundingTypeLabel(r.Type)
	vals[15] = st.fundingMbit(r.HasSupply, r.Download)
	vals[16] = st.fundingMbit(r.HasSupply, r.Upload)
	vals[17] = fundingText(tech, 0)
	vals[18] = fundingText(op, 0)
	vals[19] = fundingText(fundingPlanned(r), 0)
	vals[20] = fundingYesNo(r.Eligible)
	vals[21] = fundingText(r.Reason, 0)
}

// addresses streams the address sheets and aggregates as it goes.
func (fw *fundingWriter) addresses(ctx context.Context, rows iter.Seq2[AddressRow, error]) error {
	fw.districts = map[string]*fundingAgg{}
	fw.types = map[geo.AddressType]*fundingAgg{}
	for _, t := range geo.AddressTypes {
		fw.types[t] = &fundingAgg{}
	}
	perSheet := fundingMaxRows - 1
	if perSheet < 1 {
		return fmt.Errorf("funding workbook: row limit %d too small", fundingMaxRows)
	}
	sw, err := fw.newAddressSheet()
	if err != nil {
		return fmt.Errorf("funding workbook: %w", err)
	}
	vals := make([]any, len(fundingAddressCols))
	row, n := 1, 0
	for r, err := range rows {
		if err != nil {
			return fmt.Errorf("funding workbook: reading address %d: %w", n+1, err)
		}
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if row > perSheet {
			if err := fw.finishAddressSheet(sw, row); err != nil {
				return fmt.Errorf("funding workbook: %w", err)
			}
			if sw, err = fw.newAddressSheet(); err != nil {
				return fmt.Errorf("funding workbook: %w", err)
			}
			row = 1
		}
		row++
		n++
		fw.fundingAddressValues(vals, &r)
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, vals); err != nil {
			return fmt.Errorf("funding workbook: address %d (%s): %w", n, r.Key, err)
		}
		fw.aggregate(&r)
		fw.noteSurvey(&r)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := fw.finishAddressSheet(sw, row); err != nil {
		return fmt.Errorf("funding workbook: %w", err)
	}
	return nil
}

func (fw *fundingWriter) aggregate(r *AddressRow) {
	fw.sum.Rows++
	if r.Eligible {
		fw.sum.Eligible++
		fw.sum.Households += r.Households
		fw.sum.Businesses += r.Businesses
	}
	d := fw.districts[r.District]
	if d == nil {
		d = &fundingAgg{}
		fw.districts[r.District] = d
		fw.districtOrder = append(fw.districtOrder, r.District)
	}
	d.add(r)
	t := r.Type
	if t == "" {
		t = geo.TypePrivate
	}
	a := fw.types[t]
	if a == nil {
		a = &fundingAgg{}
		fw.types[t] = a
	}
	a.add(r)
	if fundingSpecial(r.Type) {
		s := *r
		s.Zones, s.BuildAreas = nil, nil // not shown; don't keep them
		fw.special = append(fw.special, s)
	}
}

// fundingSheet is a small helper around a stream writer for the short
// sheets: rows are appended one after the other.
type fundingSheet struct {
	sw  *excelize.StreamWriter
	row int
}

func (fw *fundingWriter) newSheet(name string, widths []float64, repeatHeaderRow int) (*fundingSheet, error) {
	if _, err := fw.f.NewSheet(name); err != nil {
		return nil, err
	}
	if err := fw.fundingPrint(name, repeatHeaderRow); err != nil {
		return nil, err
	}
	sw, err := fw.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	return &fundingSheet{sw: sw}, nil
}

// add appends a row and returns its number.
func (s *fundingSheet) add(vals ...any) (int, error) {
	s.row++
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	return s.row, s.sw.SetRow(cell, vals)
}

// skip leaves n empty rows.
func (s *fundingSheet) skip(n int) { s.row += n }

func fundingCell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func fundingColName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

// fundingSummaryHeaders are the columns of both summary tables after the
// first (Ortsteil / Adresstyp).
var fundingSummaryHeaders = []string{
	"förderfähige Adressen", "Wohneinheiten (förderfähig)", "Unternehmen (förderfähig)",
	"nicht förderfähige Adressen", "Wohneinheiten (nicht förderfähig)", "Unternehmen (nicht förderfähig)",
	"Adressen gesamt",
}

// summaryTable writes one table (header, rows, SUM totals) and returns the
// row of the totals.
func (fw *fundingWriter) summaryTable(s *fundingSheet, first string, labels []string, aggs []*fundingAgg) (int, error) {
	st := fw.st
	hdr := []any{excelize.Cell{StyleID: st.header, Value: first}}
	for _, h := range fundingSummaryHeaders {
		hdr = append(hdr, excelize.Cell{StyleID: st.header, Value: h})
	}
	if _, err := s.add(hdr...); err != nil {
		return 0, err
	}
	firstRow := s.row + 1
	for i, a := range aggs {
		row := s.row + 1
		if _, err := s.add(labels[i],
			excelize.Cell{StyleID: st.integer, Value: a.elig},
			excelize.Cell{StyleID: st.integer, Value: a.eligHH},
			excelize.Cell{StyleID: st.integer, Value: a.eligBiz},
			excelize.Cell{StyleID: st.integer, Value: a.not},
			excelize.Cell{StyleID: st.integer, Value: a.notHH},
			excelize.Cell{StyleID: st.integer, Value: a.notBiz},
			excelize.Cell{StyleID: st.integer, Value: a.elig + a.not,
				Formula: fmt.Sprintf("%s+%s", fundingCell(2, row), fundingCell(5, row))},
		); err != nil {
			return 0, err
		}
	}
	var tot fundingAgg
	for _, a := range aggs {
		tot.elig += a.elig
		tot.eligHH += a.eligHH
		tot.eligBiz += a.eligBiz
		tot.not += a.not
		tot.notHH += a.notHH
		tot.notBiz += a.notBiz
	}
	lastRow := s.row
	totals := []int{tot.elig, tot.eligHH, tot.eligBiz, tot.not, tot.notHH, tot.notBiz, tot.elig + tot.not}
	vals := []any{excelize.Cell{StyleID: st.totalLabel, Value: "Summe"}}
	for i, v := range totals {
		col := fundingColName(i + 2)
		formula := fmt.Sprintf("SUM(%s%d:%s%d)", col, firstRow, col, lastRow)
		if lastRow < firstRow {
			formula = "0"
		}
		vals = append(vals, excelize.Cell{StyleID: st.totalInt, Value: v, Formula: formula})
	}
	return s.add(vals...)
}

func (fw *fundingWriter) summarySheet() error {
	st := fw.st
	widths := []float64{28}
	for _, h := range fundingSummaryHeaders {
		widths = append(widths, fundingColWidth(fundingCol{header: h, width: 12}))
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
	labels := make([]string, len(order))
	aggs := make([]*fundingAgg, len(order))
	for i, d := range order {
		labels[i], aggs[i] = d, fw.districts[d]
		if d == "" {
			labels[i] = "(ohne Ortsteil)"
		}
	}
	if fw.summaryTotalRow, err = fw.summaryTable(s, "Ortsteil", labels, aggs); err != nil {
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
	labels, aggs = labels[:0], aggs[:0]
	for _, t := range types {
		labels = append(labels, fundingTypeLabel(t))
		aggs = append(aggs, fw.types[t])
	}
	if _, err := fw.summaryTable(s, "Adresstyp", labels, aggs); err != nil {
		return err
	}
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.note, Value: "Wohneinheiten und Unternehmen: Summe über die Adressen. " +
		"Förderfähigkeit je Adresse nach dem genannten Regelwerk; die Begründung steht in der Adressliste."}); err != nil {
		return err
	}
	return s.sw.Flush()
}

func fundingBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (fw *fundingWriter) ruleLine() string {
	var b strings.Builder
	b.WriteString("Regelwerk: ")
	switch {
	case fw.opt.RuleTitle != "" && fw.opt.RuleSet != "":
		fmt.Fprintf(&b, "%s (%s)", fw.opt.RuleTitle, fw.opt.RuleSet)
	case fw.opt.RuleTitle != "":
		b.WriteString(fw.opt.RuleTitle)
	case fw.opt.RuleSet != "":
		b.WriteString(fw.opt.RuleSet)
	default:
		b.WriteString("nicht angegeben")
	}
	b.WriteString(" · Stand: ")
	b.WriteString(fw.opt.AsOf.Format("02.01.2006"))
	return b.String()
}

// fundingSpecialCols are the columns of the special-sites sheet.
var fundingSpecialCols = []fundingCol{
	{"Adresstyp", 12},
	{"Adressschlüssel", 26},
	{"Adresse", 36},
	{"Ortsteil", 18},
	{"Wohneinheiten", 8},
	{"Unternehmen", 8},
	{"Download (Mbit/s)", 9},
	{"Upload (Mbit/s)", 9},
	{"Technologie", 12},
	{"Betreiber", 18},
	{"Eigenausbau geplant", 22},
	{"förderfähig", 8},
	{"Begründung", 48},
}

func fundingLabel(r *AddressRow) string {
	a := geo.Address{Street: r.Street, HouseNumber: r.HouseNumber, Suffix: r.Suffix, Postcode: r.Postcode, City: r.City}
	return a.Label()
}

func (fw *fundingWriter) specialSheet() error {
	st := fw.st
	widths := make([]float64, len(fundingSpecialCols))
	for i, c := range fundingSpecialCols {
		widths[i] = fundingColWidth(c)
	}
	const headerRow = 4
	s, err := fw.newSheet(FundingSheetSpecial, widths, headerRow)
	if err != nil {
		return err
	}
	if _, err := s.add(excelize.Cell{StyleID: st.title, Value: "Besondere Standorte (sozioökonomische Schwerpunkte)"}); err != nil {
		return err
	}
	if _, err := s.add(excelize.Cell{StyleID: st.subtitle, Value: "Schulen, Krankenhäuser und kommunale Einrichtungen im Projektgebiet · " + fw.ruleLine()}); err != nil {
		return err
	}
	s.skip(1)
	hdr := make([]any, len(fundingSpecialCols))
	for i, c := range fundingSpecialCols {
		hdr[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if _, err := s.add(hdr...); err != nil {
		return err
	}
	order := map[geo.AddressType]int{geo.TypeSchool: 0, geo.TypeHospital: 1, geo.TypePublic: 2}
	slices.SortStableFunc(fw.special, func(a, b AddressRow) int { return cmp.Compare(order[a.Type], order[b.Type]) })
	for i := range fw.special {
		r := &fw.special[i]
		tech, op := "", ""
		if r.HasSupply {
			tech, op = r.Technology, r.Operator
		}
		if _, err := s.add(
			fundingTypeLabel(r.Type),
			fundingText(r.Key, st.text),
			fundingText(fundingLabel(r), 0),
			fundingText(r.District, 0),
			excelize.Cell{StyleID: st.integer, Value: r.Households},
			excelize.Cell{StyleID: st.integer, Value: r.Businesses},
			st.fundingMbit(r.HasSupply, r.Download),
			st.fundingMbit(r.HasSupply, r.Upload),
			fundingText(tech, 0),
			fundingText(op, 0),
			fundingText(fundingPlanned(r), 0),
			fundingYesNo(r.Eligible),
			fundingText(r.Reason, 0),
		); err != nil {
			return err
		}
	}
	if len(fw.special) == 0 {
		if _, err := s.add(excelize.Cell{StyleID: st.note, Value: "Keine Schulen, Krankenhäuser oder kommunalen Einrichtungen im Projektgebiet."}); err != nil {
			return err
		}
	} else {
		last := fundingColName(len(fundingSpecialCols))
		if err := fw.f.AutoFilter(FundingSheetSpecial, fmt.Sprintf("A%d:%s%d", headerRow, last, s.row), nil); err != nil {
			return err
		}
	}
	return s.sw.Flush()
}

// cost writes the sheet "Kosten": inputs (yellow) and formulas.
func (fw *fundingWriter) costSheet() error {
	if fw.opt.CostPerConnection <= 0 {
		return nil
	}
	st, opt := fw.st, fw.opt
	s, err := fw.newSheet(FundingSheetCost, []float64{34, 16, 20}, 0)
	if err != nil {
		return err
	}
	if _, err := s.add(excelize.Cell{StyleID: st.title, Value: "Kostenschätzung und Finanzierung"}); err != nil {
		return err
	}
	if _, err := s.add(excelize.Cell{StyleID: st.subtitle, Value: "Gelbe Zellen sind Eingaben: Kosten je Anschluss und Anteile können hier geändert werden, die Beträge rechnen sich neu."}); err != nil {
		return err
	}
	s.skip(1)
	eligRef := fundingQuote(FundingSheetSummary) + "!" + fundingCell(2, fw.summaryTotalRow)
	rConn, err := s.add(excelize.Cell{StyleID: st.label, Value: "Förderfähige Anschlüsse (Adressen)"},
		excelize.Cell{StyleID: st.integer, Value: fw.sum.Eligible, Formula: eligRef})
	if err != nil {
		return err
	}
	rPer, err := s.add(excelize.Cell{StyleID: st.label, Value: "Kosten je Anschluss"},
		excelize.Cell{StyleID: st.input, Value: opt.CostPerConnection})
	if err != nil {
		return err
	}
	total := float64(fw.sum.Eligible) * opt.CostPerConnection
	totalF := fmt.Sprintf("%s*%s", fundingCell(2, rConn), fundingCell(2, rPer))
	rTot, err := s.add(excelize.Cell{StyleID: st.totalLabel, Value: "Gesamtkosten (geschätzt)"},
		excelize.Cell{StyleID: st.totalEuro, Value: total, Formula: totalF})
	if err != nil {
		return err
	}
	fw.costTotalCell = fundingQuote(FundingSheetCost) + "!" + fundingCell(2, rTot)
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.header, Value: "Finanzierung"},
		excelize.Cell{StyleID: st.header, Value: "Anteil"},
		excelize.Cell{StyleID: st.header, Value: "Betrag"}); err != nil {
		return err
	}
	absTot := "$B$" + strconv.Itoa(rTot)
	first := s.row + 1
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
	last := s.row
	if _, err := s.add(excelize.Cell{StyleID: st.totalLabel, Value: "Summe"},
		excelize.Cell{StyleID: st.totalPercent, Value: opt.ShareBund + opt.ShareLand + opt.ShareMunicipality,
			Formula: fmt.Sprintf("SUM(B%d:B%d)", first, last)},
		excelize.Cell{StyleID: st.totalEuro, Value: total, Formula: fmt.Sprintf("SUM(C%d:C%d)", first, last)}); err != nil {
		return err
	}
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.note, Value: "Schätzung mit einem pauschalen Betrag je förderfähigem Anschluss; " +
		"maßgeblich sind die Kosten aus dem Auswahlverfahren. Die Anteile müssen zusammen 100 % ergeben."}); err != nil {
		return err
	}
	if err := s.sw.MergeCell(fundingCell(1, s.row), fundingCell(3, s.row)); err != nil {
		return err
	}
	if err := s.sw.MergeCell("A2", "C2"); err != nil {
		return err
	}
	return s.sw.Flush()
}

// cover writes the sheet "Deckblatt", which exists from the start (the
// first sheet) and is filled last, when the counts are known.
func (fw *fundingWriter) coverSheet() error {
	st, opt := fw.st, fw.opt
	if err := fw.fundingPrint(FundingSheetCover, 0); err != nil {
		return err
	}
	sw, err := fw.f.NewStreamWriter(FundingSheetCover)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 36); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 80); err != nil {
		return err
	}
	s := &fundingSheet{sw: sw}
	if _, err := s.add(excelize.Cell{StyleID: st.title, Value: opt.Title}); err != nil {
		return err
	}
	s.skip(1)
	areas := opt.Areas
	if len(areas) == 0 {
		for _, d := range fw.districtOrder {
			if d != "" {
				areas = append(areas, d)
			}
		}
	}
	rule := opt.RuleTitle
	if rule == "" {
		rule = "nicht angegeben"
	}
	pairs := []struct {
		label string
		value any
	}{
		{"Gemeinde", fundingText(opt.Municipality, 0)},
		{"Amtlicher Gemeindeschlüssel (AGS)", fundingText(opt.AGS, st.text)},
		{"Projektgebiet", excelize.Cell{StyleID: st.wrap, Value: strings.Join(areas, ", ")}},
		{"Förderregelwerk", rule},
		{"Regelwerk (Kennung)", fundingText(opt.RuleSet, 0)},
		{"Stand", excelize.Cell{StyleID: st.date, Value: opt.AsOf}},
	}
	for _, p := range pairs {
		if _, err := s.add(excelize.Cell{StyleID: st.label, Value: p.label}, p.value); err != nil {
			return err
		}
	}
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.title, Value: "Kennzahlen"}); err != nil {
		return err
	}
	counts := []struct {
		label string
		v     int
	}{
		{"Adressen im Projektgebiet", fw.sum.Rows},
		{"davon förderfähig", fw.sum.Eligible},
		{"Wohneinheiten der förderfähigen Adressen", fw.sum.Households},
		{"Unternehmen der förderfähigen Adressen", fw.sum.Businesses},
		{"Besondere Standorte (Schulen, Krankenhäuser, kommunale Einrichtungen)", len(fw.special)},
	}
	for _, c := range counts {
		if _, err := s.add(excelize.Cell{StyleID: st.label, Value: c.label},
			excelize.Cell{StyleID: st.integer, Value: c.v}); err != nil {
			return err
		}
	}
	if fw.costTotalCell != "" {
		if _, err := s.add(excelize.Cell{StyleID: st.label, Value: "Geschätzte Gesamtkosten (siehe Blatt Kosten)"},
			excelize.Cell{StyleID: st.euro, Value: float64(fw.sum.Eligible) * opt.CostPerConnection, Formula: fw.costTotalCell}); err != nil {
			return err
		}
	}
	if len(fw.addressSheets) > 1 {
		if _, err := s.add(excelize.Cell{StyleID: st.label, Value: "Adresslisten"},
			excelize.Cell{StyleID: st.wrap, Value: strings.Join(fw.addressSheets, ", ") + " (Zeilenlimit von Excel)"}); err != nil {
			return err
		}
	}
	s.skip(1)
	if _, err := s.add(excelize.Cell{StyleID: st.title, Value: "Quellen"}); err != nil {
		return err
	}
	sources := []struct{ label, text string }{
		{"Adressen", "Amtliche Hauskoordinaten (HK-DE) der Vermessungsverwaltung; Koordinaten in ETRS89/UTM32 (EPSG:25832) und WGS84."},
		{"Versorgung", "Markterkundungsverfahren (MEV): gemeldete Bandbreiten, Technologien und eigenwirtschaftliche Ausbauplanungen der Netzbetreiber (3 Jahre)."},
		{"Förderfähigkeit", "Je Adresse nach dem oben genannten Regelwerk bewertet; Begründung in der Adressliste."},
		{"Erstellt mit", "Gigaplan am " + fundingNow().Format("02.01.2006")},
	}
	for _, src := range sources {
		if _, err := s.add(excelize.Cell{StyleID: st.label, Value: src.label},
			excelize.Cell{StyleID: st.wrap, Value: src.text}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func (fw *fundingWriter) props() error {
	if err := fw.f.SetDocProps(&excelize.DocProperties{
		Title:          fw.opt.Title,
		Subject:        "Förderantrag – Adressliste",
		Creator:        "Gigaplan",
		LastModifiedBy: "Gigaplan",
		Created:        fundingNow().UTC().Format(time.RFC3339),
		Modified:       fundingNow().UTC().Format(time.RFC3339),
		Language:       "de-DE",
		Keywords:       strings.TrimSpace(fw.opt.RuleSet + " " + fw.opt.AGS),
	}); err != nil {
		return err
	}
	full := true
	if err := fw.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	return nil
}
