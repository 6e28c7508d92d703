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

	"gigaplan/campaigns"
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
	// RuleSource cites the rule set's published text (campaigns.RuleSet
	// Source); HorizonYears is the survey's time horizon applied. Both
	// are printed on the cover when set.
	RuleSource   string
	HorizonYears int
	// AsOf is the "Stand" of the data. Zero: now.
	AsOf time.Time

	// CostPerConnection > 0 adds the sheet "Kosten": EUR per eligible
	// address (connection).
	CostPerConnection float64
	// Funding shares, e.g. 0.5, 0.4, 0.1. They must lie in [0, 1] and sum
	// to 1 when CostPerConnection > 0 (or when any of them is set).
	ShareBund, ShareLand, ShareMunicipality float64

	// WithoutSurvey says the workbook is made although no market survey
	// covers the project area (see Source.CheckSurvey): the cover says so
	// in red, and an address that would be eligible only because no
	// operator reported it is "ungeklärt", not eligible.
	WithoutSurvey bool

	// Contact is the applicant's contact person or office (name, phone,
	// e-mail), shown on the cover.
	Contact string
	// Sites are the municipality's own sites by address ID (SitesByAddress):
	// the special-sites sheet names the institution, and a site's address
	// is a special site whatever its address type.
	Sites map[int64]SiteName
	// Imports are the imports that feed the workbook (addresses, areas,
	// supply), newest first: the cover's sources block lists them and
	// takes the date of the address data from them. Empty: the sources
	// block says the imports are not recorded.
	Imports []geo.Import

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
	// Undecided counts the addresses whose eligibility is open because
	// the workbook was made without a market survey
	// (FundingOptions.WithoutSurvey): they would be eligible only because
	// no operator reported them, and no operator was asked.
	Undecided int
	// Households and Businesses count the dwelling units and businesses of
	// the eligible addresses.
	Households, Businesses int
	// Cost is Connections() × CostPerConnection (0 without a cost
	// estimate).
	Cost float64
}

// Connections is the number of connections the cost estimate counts:
// the eligible addresses, plus the undecided ones as an upper bound when
// there is no market survey.
func (s FundingSummary) Connections() int { return s.Eligible + s.Undecided }

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
	{"Platzhalter", 8},
	{"Download (Mbit/s)", 9},
	{"Upload (Mbit/s)", 9},
	{"Technologie", 12},
	{"Betreiber", 18},
	{"Eigenausbau geplant", 22},
	{"Versorgungsklasse", 16},
	{"förderfähig", 8},
	{"Begründung", 48},
}

// fundingClassLabel is the supply class an address list shows: the
// rule's class (campaigns.SupplyClassOf), or "ungeklärt" for an address
// nobody reported when no market survey covers the project area.
func fundingClassLabel(r *AddressRow, withoutSurvey bool) string {
	if withoutSurvey && !r.HasSupply {
		return "ungeklärt"
	}
	return r.SupplyClass.Label()
}

// fundingPlaceholder marks an address whose street is a placeholder
// ("### Straßenname unbekannt"): "ja", else empty.
func fundingPlaceholder(r *AddressRow) string {
	if r.Placeholder || geo.IsPlaceholderStreet(r.Street) {
		return "ja"
	}
	return ""
}

// fundingClassOrder is the order of the summary's supply classes.
var fundingClassOrder = []string{
	campaigns.SupplyWhite.Label(), campaigns.SupplyGrey.Label(), campaigns.SupplyDarkGrey.Label(),
	campaigns.SupplyServed.Label(), campaigns.SupplyGigabit.Label(), "ungeklärt",
	campaigns.SupplyClass(0).Label(), // rows read without a rule set
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

// fundingVerdict is what the column "förderfähig" says of an address.
type fundingVerdict int

const (
	verdictNo fundingVerdict = iota
	verdictYes
	verdictOpen // no market survey: not decided
)

// Labels of the column "förderfähig"; the summary's formulas count them.
const (
	fundingLabelYes  = "ja"
	fundingLabelNo   = "nein"
	fundingLabelOpen = "ungeklärt"
	// fundingReasonOpen replaces "förderfähig: keine Versorgung gemeldet"
	// when no operator was asked.
	fundingReasonOpen = "ungeklärt (keine Markterkundung)"
)

func (v fundingVerdict) label() string {
	switch v {
	case verdictYes:
		return fundingLabelYes
	case verdictOpen:
		return fundingLabelOpen
	}
	return fundingLabelNo
}

// fundingVerdictOf is the verdict and reason shown for r: without a
// market survey, an address eligible only because nobody reported it is
// open.
func fundingVerdictOf(r *AddressRow, withoutSurvey bool) (fundingVerdict, string) {
	switch {
	case r.Eligible && withoutSurvey && !r.HasSupply:
		return verdictOpen, fundingReasonOpen
	case r.Eligible:
		return verdictYes, r.Reason
	}
	return verdictNo, r.Reason
}

// fundingAgg aggregates addresses of one Ortsteil, address type or
// reason.
type fundingAgg struct {
	elig, eligHH, eligBiz int
	not, notHH, notBiz    int
	open                  int
}

func (a *fundingAgg) add(v fundingVerdict, r *AddressRow) {
	switch v {
	case verdictYes:
		a.elig++
		a.eligHH += r.Households
		a.eligBiz += r.Businesses
	case verdictOpen:
		a.open++
	default:
		a.not++
		a.notHH += r.Households
		a.notBiz += r.Businesses
	}
}

func (a *fundingAgg) total() int { return a.elig + a.not + a.open }

// fundingFont is the font of every style: a named font that Excel has
// and that LibreOffice maps to the metric-compatible Liberation Sans, so
// that widths and wraps come out alike (an unnamed font falls back to a
// serif in LibreOffice).
const fundingFont = "Arial"

// Number format codes of the workbook, written explicitly: a built-in
// format id means the reader's locale format (id 14 is "12/3/2026" in an
// English LibreOffice), a code is shown with the reader's separators
// (1.234,50 € in German, 1,234.50 € in English) but the same digits.
const (
	fundingFmtInt     = "#,##0"
	fundingFmtUTM     = "0.00"
	fundingFmtDeg     = "0.0000000"
	fundingFmtMbit    = "0"
	fundingFmtMbitDec = "0.0"
	fundingFmtDate    = "DD.MM.YYYY"
	fundingFmtEuro    = `#,##0.00 "€"`
	fundingFmtPercent = "0.0 %"
)

// fundingStyles are the cell styles of the workbook.
type fundingStyles struct {
	title, subtitle, header, label, text, wrap, note, plain int
	integer, utm, deg, mbitInt, mbitDec                     int
	date, euro, percent, input, inputPercent, inputText     int
	totalLabel, totalInt, totalEuro, totalPercent           int
	warning, warningText, check, section                    int
	textLeft, integerLeft, integerLeftRed, euroLeft         int
}

func newFundingStyles(f *excelize.File) (*fundingStyles, error) {
	var s fundingStyles
	var errs []error
	// Unstyled cells use the workbook's default font.
	errs = append(errs, f.SetDefaultFont(fundingFont))
	font := func(fn excelize.Font) *excelize.Font {
		fn.Family = fundingFont
		if fn.Size == 0 {
			fn.Size = 10
		}
		return &fn
	}
	mk := func(dst *int, st *excelize.Style) {
		if st.Font == nil {
			st.Font = font(excelize.Font{})
		}
		id, err := f.NewStyle(st)
		errs = append(errs, err)
		*dst = id
	}
	code := func(c string) *string { return &c }
	thin := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	top := []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	inputFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
	wrapTop := &excelize.Alignment{WrapText: true, Vertical: "top"}

	mk(&s.title, &excelize.Style{Font: font(excelize.Font{Bold: true, Size: 14})})
	mk(&s.subtitle, &excelize.Style{Font: font(excelize.Font{Italic: true, Color: "595959"})})
	mk(&s.header, &excelize.Style{
		Font:      font(excelize.Font{Bold: true}),
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: wrapTop,
		Border:    thin,
	})
	mk(&s.label, &excelize.Style{Font: font(excelize.Font{Bold: true}), Alignment: wrapTop})
	mk(&s.plain, &excelize.Style{})
	mk(&s.text, &excelize.Style{NumFmt: 49}) // "@": keys, AGS, postcodes stay text
	mk(&s.wrap, &excelize.Style{Alignment: wrapTop})
	mk(&s.note, &excelize.Style{Font: font(excelize.Font{Italic: true, Color: "595959"}), Alignment: wrapTop})
	mk(&s.integer, &excelize.Style{CustomNumFmt: code(fundingFmtInt)})
	mk(&s.utm, &excelize.Style{CustomNumFmt: code(fundingFmtUTM)})
	mk(&s.deg, &excelize.Style{CustomNumFmt: code(fundingFmtDeg)})
	mk(&s.mbitInt, &excelize.Style{CustomNumFmt: code(fundingFmtMbit)})
	mk(&s.mbitDec, &excelize.Style{CustomNumFmt: code(fundingFmtMbitDec)})
	mk(&s.date, &excelize.Style{CustomNumFmt: code(fundingFmtDate), Alignment: &excelize.Alignment{Horizontal: "left"}})
	mk(&s.euro, &excelize.Style{CustomNumFmt: code(fundingFmtEuro)})
	mk(&s.percent, &excelize.Style{CustomNumFmt: code(fundingFmtPercent)})
	mk(&s.input, &excelize.Style{CustomNumFmt: code(fundingFmtEuro), Fill: inputFill, Protection: &excelize.Protection{Locked: false}})
	mk(&s.inputText, &excelize.Style{NumFmt: 49, Fill: inputFill, Protection: &excelize.Protection{Locked: false}})
	mk(&s.inputPercent, &excelize.Style{CustomNumFmt: code(fundingFmtPercent), Fill: inputFill, Protection: &excelize.Protection{Locked: false}})
	mk(&s.totalLabel, &excelize.Style{Font: font(excelize.Font{Bold: true}), Border: top})
	mk(&s.totalInt, &excelize.Style{Font: font(excelize.Font{Bold: true}), Border: top, CustomNumFmt: code(fundingFmtInt)})
	mk(&s.totalEuro, &excelize.Style{Font: font(excelize.Font{Bold: true}), Border: top, CustomNumFmt: code(fundingFmtEuro)})
	mk(&s.totalPercent, &excelize.Style{Font: font(excelize.Font{Bold: true}), Border: top, CustomNumFmt: code(fundingFmtPercent)})
	mk(&s.warning, &excelize.Style{Font: font(excelize.Font{Bold: true, Size: 12, Color: "C00000"}), Alignment: wrapTop,
		Border: []excelize.Border{{Type: "left", Color: "C00000", Style: 5}}})
	mk(&s.check, &excelize.Style{Font: font(excelize.Font{Bold: true}), Alignment: wrapTop})
	mk(&s.warningText, &excelize.Style{Font: font(excelize.Font{Color: "C00000"}), Alignment: wrapTop})
	mk(&s.section, &excelize.Style{Font: font(excelize.Font{Bold: true, Size: 12}), Alignment: &excelize.Alignment{Vertical: "bottom"},
		Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	left := &excelize.Alignment{Horizontal: "left", Vertical: "top"}
	mk(&s.textLeft, &excelize.Style{NumFmt: 49, Alignment: left})
	mk(&s.integerLeft, &excelize.Style{CustomNumFmt: code(fundingFmtInt), Alignment: left})
	mk(&s.integerLeftRed, &excelize.Style{Font: font(excelize.Font{Bold: true, Color: "C00000"}), CustomNumFmt: code(fundingFmtInt), Alignment: left})
	mk(&s.euroLeft, &excelize.Style{CustomNumFmt: code(fundingFmtEuro), Alignment: left})
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
		sum.Cost = float64(sum.Connections()) * opt.CostPerConnection
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
	addressLast   []int // last row of each address sheet
	districts     map[string]*fundingAgg
	districtOrder []string
	types         map[geo.AddressType]*fundingAgg
	reasons       map[string]*fundingAgg
	reasonOrder   []string
	classes       map[string]*fundingAgg // by fundingClassLabel
	agsSeen       []string               // distinct AGS of the rows, in order (at most a few kept)
	special       []AddressRow

	surveyRows []surveyAddress // addresses an operator answered for (noteSurvey)

	summaryTotalRow int // row of the eligible total on the summary sheet
	costTotalCell   string
}

// fundingPrint applies the print setup: A4 landscape, fit to width,
// header with title and "Stand", footer with page numbers; A3 for the
// address lists (22 columns stay readable), portrait for the cover. Call it before the
// sheet's stream writer is created.
func (fw *fundingWriter) fundingPrint(sheet string, repeatHeaderRow int) error {
	f := fw.f
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	size, orient, one, zero := 9, "landscape", 1, 0 // 9 = A4
	switch {
	case strings.HasPrefix(sheet, FundingSheetAddresses):
		size = 8 // A3
	case sheet == FundingSheetCover:
		orient = "portrait"
	}
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
	fw.addressLast = append(fw.addressLast, lastRow)
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
	vals[15] = fundingPlaceholder(r)
	vals[16] = st.fundingMbit(r.HasSupply, r.Download)
	vals[17] = st.fundingMbit(r.HasSupply, r.Upload)
	vals[18] = fundingText(tech, 0)
	vals[19] = fundingText(op, 0)
	vals[20] = fundingText(fundingPlanned(r), 0)
	vals[21] = fundingClassLabel(r, fw.opt.WithoutSurvey)
	v, reason := fundingVerdictOf(r, fw.opt.WithoutSurvey)
	vals[22] = v.label()
	vals[23] = fundingText(reason, 0)
}

// addresses streams the address sheets and aggregates as it goes.
func (fw *fundingWriter) addresses(ctx context.Context, rows iter.Seq2[AddressRow, error]) error {
	fw.districts = map[string]*fundingAgg{}
	fw.types = map[geo.AddressType]*fundingAgg{}
	fw.reasons = map[string]*fundingAgg{}
	fw.classes = map[string]*fundingAgg{}
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
		withPlain(vals, fw.st.plain)
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
	v, reason := fundingVerdictOf(r, fw.opt.WithoutSurvey)
	switch v {
	case verdictYes:
		fw.sum.Eligible++
		fw.sum.Households += r.Households
		fw.sum.Businesses += r.Businesses
	case verdictOpen:
		fw.sum.Undecided++
	}
	if r.AGS != "" && !slices.Contains(fw.agsSeen, r.AGS) && len(fw.agsSeen) < 4 {
		fw.agsSeen = append(fw.agsSeen, r.AGS)
	}
	d := fw.districts[r.District]
	if d == nil {
		d = &fundingAgg{}
		fw.districts[r.District] = d
		fw.districtOrder = append(fw.districtOrder, r.District)
	}
	d.add(v, r)
	ra := fw.reasons[reason]
	if ra == nil {
		ra = &fundingAgg{}
		fw.reasons[reason] = ra
		fw.reasonOrder = append(fw.reasonOrder, reason)
	}
	ra.add(v, r)
	cl := fundingClassLabel(r, fw.opt.WithoutSurvey)
	ca := fw.classes[cl]
	if ca == nil {
		ca = &fundingAgg{}
		fw.classes[cl] = ca
	}
	ca.add(v, r)
	t := r.Type
	if t == "" {
		t = geo.TypePrivate
	}
	a := fw.types[t]
	if a == nil {
		a = &fundingAgg{}
		fw.types[t] = a
	}
	a.add(v, r)
	if _, site := fw.opt.Sites[r.ID]; fundingSpecial(r.Type) || site {
		s := *r
		s.Zones, s.BuildAreas = nil, nil // not shown; don't keep them
		fw.special = append(fw.special, s)
	}
}

// fundingSheet is a small helper around a stream writer for the short
// sheets: rows are appended one after the other.
type fundingSheet struct {
	sw    *excelize.StreamWriter
	row   int
	plain int // style of plain strings (the default style has another font size)
}

// withPlain gives plain strings among vals the style plain: the default
// style's font is 11 pt, every style of the workbook's 10 pt.
func withPlain(vals []any, plain int) []any {
	for i, v := range vals {
		if s, ok := v.(string); ok {
			vals[i] = excelize.Cell{StyleID: plain, Value: s}
		}
	}
	return vals
}

// newSheet adds a sheet with its print setup and column widths; prep,
// if given, runs before the stream writer is made (what must go into the
// worksheet before the rows, such as conditional formats).
func (fw *fundingWriter) newSheet(name string, widths []float64, repeatHeaderRow int, prep ...func() error) (*fundingSheet, error) {
	if _, err := fw.f.NewSheet(name); err != nil {
		return nil, err
	}
	if err := fw.fundingPrint(name, repeatHeaderRow); err != nil {
		return nil, err
	}
	for _, p := range prep {
		if err := p(); err != nil {
			return nil, err
		}
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
	return &fundingSheet{sw: sw, plain: fw.st.plain}, nil
}

// add appends a row and returns its number.
func (s *fundingSheet) add(vals ...any) (int, error) {
	return s.addHeight(0, vals...)
}

// addHeight appends a row of height points (0: the default) and returns
// its number. LibreOffice does not grow a row for wrapped text on its
// own, so wrapped rows get their height here.
func (s *fundingSheet) addHeight(height float64, vals ...any) (int, error) {
	s.row++
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	vals = withPlain(vals, s.plain)
	if height <= 0 {
		return s.row, s.sw.SetRow(cell, vals)
	}
	return s.row, s.sw.SetRow(cell, vals, excelize.RowOpts{Height: height})
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
	// The address data carry no institution names: the name from the
	// sites list (Liegenschaften), else an input column for the office
	// (yellow), kept when the workbook is edited.
	{"Name der Einrichtung", 30},
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
	// The subtitle wraps over the table's width (merged), so that it does
	// not run past the printed page.
	sub := "Schulen, Krankenhäuser und kommunale Einrichtungen im Projektgebiet · " + fw.ruleLine() +
		" · Namen aus der Liegenschaftsliste des Breitbandbüros; fehlende bitte in der gelben Spalte eintragen."
	total := 0.0
	for _, w := range widths {
		total += w
	}
	if _, err := s.addHeight(fundingRowHeight(fundingWrapLines(sub, total)), excelize.Cell{StyleID: st.subtitle, Value: sub}); err != nil {
		return err
	}
	if err := s.sw.MergeCell("A2", fundingCell(len(fundingSpecialCols), 2)); err != nil {
		return err
	}
	s.skip(1)
	hdr := make([]any, len(fundingSpecialCols))
	lines := 1
	for i, c := range fundingSpecialCols {
		hdr[i] = excelize.Cell{StyleID: st.header, Value: c.header}
		lines = max(lines, fundingWrapLines(c.header, widths[i]))
	}
	if _, err := s.addHeight(fundingRowHeight(lines), hdr...); err != nil {
		return err
	}
	reasonWidth := widths[len(widths)-1]
	order := map[geo.AddressType]int{geo.TypeSchool: 0, geo.TypeHospital: 1, geo.TypePublic: 2, geo.TypeBusiness: 3, geo.TypePrivate: 3, "": 3}
	slices.SortStableFunc(fw.special, func(a, b AddressRow) int { return cmp.Compare(order[a.Type], order[b.Type]) })
	for i := range fw.special {
		r := &fw.special[i]
		typ, name := fundingTypeLabel(r.Type), any(excelize.Cell{StyleID: st.inputText})
		if site, ok := fw.opt.Sites[r.ID]; ok {
			name = fundingText(site.Name, st.text)
			if !fundingSpecial(r.Type) && site.Kind != "" {
				typ = site.Kind // a Kita at an address typed private
			}
		}
		tech, op := "", ""
		if r.HasSupply {
			tech, op = r.Technology, r.Operator
		}
		v, reason := fundingVerdictOf(r, fw.opt.WithoutSurvey)
		height := 0.0
		if n := fundingWrapLines(reason, reasonWidth); n > 1 {
			height = fundingRowHeight(n)
		}
		if _, err := s.addHeight(height,
			typ,
			name,
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
			v.label(),
			excelize.Cell{StyleID: st.wrap, Value: reason},
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

// SiteName is a site's name and kind ("Grundschule Nord", "Schule").
type SiteName struct {
	Name, Kind string
}

// SitesByAddress indexes the municipality's sites list (campaigns
// SiteViews) by address for FundingOptions.Sites; sites without an
// address are left out, and of two sites at one address the first by name
// names it.
func SitesByAddress(views []campaigns.SiteView) map[int64]SiteName {
	out := map[int64]SiteName{}
	for _, v := range views {
		if _, ok := out[v.AddressID]; v.AddressID != 0 && !ok {
			out[v.AddressID] = SiteName{Name: v.Name, Kind: v.Kind}
		}
	}
	return out
}
