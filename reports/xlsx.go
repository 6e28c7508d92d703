package reports

// Shared helpers for the workbooks written with excelize (council and
// funding): German number formats, a cached set of cell styles, column
// widths fitted to the content, and the print setup every sheet gets.
//
// The helpers keep the first error and ignore every later call (a "sticky"
// error, as bufio.Writer does), so a sheet can be written cell by cell and
// checked once with book.err.

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Number formats. The [$-407] prefix tags a format as German (de-DE):
// LibreOffice then shows a decimal comma and a thousands point whatever
// its own locale is; Excel uses the separators of the reader's system,
// which for the council is German too. Values are always real numbers and
// dates, never preformatted text, so the council can compute with them.
const (
	numFmtInt     = "[$-407]#,##0"
	numFmtPercent = "[$-407]0.0 %" // 0.274 shows "27,4 %"
	// numFmtPoints shows a change of a quota in percentage points, the
	// value being the points (2.5 shows "+2,5 Pp.").
	numFmtPoints = `[$-407]+0.0" Pp.";-0.0" Pp.";0.0" Pp."`
	numFmtSigned = "[$-407]+#,##0;-#,##0;0" // a change of a count
	numFmtDate   = "[$-407]DD.MM.YYYY"
)

// defaultFont is the workbooks' font: on every office PC, and
// LibreOffice has a metric twin (Liberation Sans), so widths hold.
const defaultFont = "Arial"

// Fill colours: the traffic light and the header.
const (
	colorGreen  = "C6EFCE" // reached, on track
	colorAmber  = "FFEB9C" // close, at risk
	colorRed    = "FFC7CE" // far off, missed, unlikely
	colorGrey   = "E7E6E6" // cancelled, planned
	colorBlue   = "DDEBF7" // running
	colorHeader = "1F4E78"
)

// cellStyle describes a cell's look; book.style turns it into an excelize
// style ID, creating each distinct style once.
type cellStyle struct {
	numFmt string // one of the numFmt constants, "" for General
	bold   bool
	fill   string // RGB hex without '#', "" for none
	wrap   bool
	header bool // white bold text on the header colour, wrapped, centred
	total  bool // bold with a rule above: a totals row
	title  bool // large bold heading, not measured for column widths
	// caption is a bold line above a table, not measured for column
	// widths: it may run on over the next columns.
	caption bool
	italic  bool
	center  bool // centred horizontally
	// spill is a text not measured for column widths: it runs on over
	// the next (empty) columns.
	spill bool
}

// book is a workbook being written.
type book struct {
	f      *excelize.File
	styles map[cellStyle]int
	// widths holds the widest content seen per sheet and column (in
	// characters), for fitColumns.
	widths map[string]map[int]float64
	caps   map[string]map[int]float64 // per sheet and column: widest allowed
	// wrapped holds the wrapped texts per sheet, for fitRows.
	wrapped map[string][]wrappedText
	err     error
}

// wrappedText is a text in a cell that wraps.
type wrappedText struct {
	col, row int
	text     string
	bold     bool
}

func newBook() *book {
	return &book{f: excelize.NewFile(), styles: map[cellStyle]int{}, widths: map[string]map[int]float64{}, caps: map[string]map[int]float64{},
		wrapped: map[string][]wrappedText{}}
}

// fail records the first error.
func (b *book) fail(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

// style returns the style ID of s.
func (b *book) style(s cellStyle) int {
	if id, ok := b.styles[s]; ok || b.err != nil {
		return id
	}
	st := &excelize.Style{Font: &excelize.Font{Family: defaultFont, Size: 10, Bold: s.bold || s.total || s.caption, Italic: s.italic}}
	if s.numFmt != "" {
		nf := s.numFmt
		st.CustomNumFmt = &nf
	}
	if s.fill != "" {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.fill}}
	}
	st.Alignment = &excelize.Alignment{Vertical: "top", WrapText: s.wrap}
	if s.center {
		st.Alignment.Horizontal = "center"
	}
	if s.header {
		st.Font = &excelize.Font{Family: defaultFont, Size: 10, Bold: true, Color: "FFFFFF"}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorHeader}}
		st.Alignment = &excelize.Alignment{Vertical: "center", Horizontal: "center", WrapText: true}
	}
	if s.total {
		st.Border = []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	}
	if s.title {
		st.Font = &excelize.Font{Family: defaultFont, Bold: true, Size: 16}
		st.Alignment = nil
	}
	id, err := b.f.NewStyle(st)
	b.fail(err)
	b.styles[s] = id
	return id
}

// cell returns the A1 name of column col, row row (both from 1).
func cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err) // only for coordinates out of Excel's range: a bug here
	}
	return name
}

// colName returns the letters of column col (from 1).
func colName(col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		panic(err)
	}
	return name
}

// set writes a value with a style. time.Time values become date cells;
// nil leaves the cell empty but styled.
func (b *book) set(sheet string, col, row int, v any, s cellStyle) {
	if b.err != nil {
		return
	}
	ref := cell(col, row)
	if t, ok := v.(time.Time); ok {
		if t.IsZero() {
			v = nil
		} else {
			// A calendar day: no time zone shift into the serial number.
			v = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
		if s.numFmt == "" {
			s.numFmt = numFmtDate
		}
	}
	if v != nil {
		b.fail(b.f.SetCellValue(sheet, ref, v))
	}
	b.fail(b.f.SetCellStyle(sheet, ref, ref, b.style(s)))
	if str, ok := v.(string); ok && (s.wrap || s.header) {
		b.wrapped[sheet] = append(b.wrapped[sheet], wrappedText{col, row, str, s.bold || s.total || s.header})
	}
	switch {
	case s.header:
		// Headers wrap: the longest word must fit.
		str, _ := v.(string)
		for _, w := range strings.Fields(str) {
			b.measure(sheet, col, float64(utf8.RuneCountInString(w))*1.2)
		}
	case !s.title && !s.caption && !s.spill:
		b.measure(sheet, col, displayWidth(v, s))
	}
}

// formula writes a formula with a style; width is the expected width of
// its result in characters (for fitColumns).
func (b *book) formula(sheet string, col, row int, formula string, s cellStyle, width float64) {
	if b.err != nil {
		return
	}
	ref := cell(col, row)
	b.fail(b.f.SetCellFormula(sheet, ref, formula))
	b.fail(b.f.SetCellStyle(sheet, ref, ref, b.style(s)))
	b.measure(sheet, col, width)
}

// header writes a header row from column 1.
func (b *book) header(sheet string, row int, titles ...string) {
	for i, t := range titles {
		b.set(sheet, i+1, row, t, cellStyle{header: true})
	}
}

// measure records content of width w in a column.
func (b *book) measure(sheet string, col int, w float64) {
	m := b.widths[sheet]
	if m == nil {
		m = map[int]float64{}
		b.widths[sheet] = m
	}
	m[col] = max(m[col], w)
}

// capWidth limits a column's width for fitColumns; its cells should wrap.
func (b *book) capWidth(sheet string, col int, w float64) {
	if b.caps[sheet] == nil {
		b.caps[sheet] = map[int]float64{}
	}
	b.caps[sheet][col] = w
}

// displayWidth estimates the characters a value takes as shown.
func displayWidth(v any, s cellStyle) float64 {
	var w float64
	switch x := v.(type) {
	case nil:
		return 0
	case string:
		w = float64(utf8.RuneCountInString(x))
	case time.Time:
		w = 10
	case int:
		w = float64(len(fmt.Sprint(x)))
		w += math.Floor((w - 1) / 3) // thousands points
		if s.numFmt == numFmtSigned {
			w++
		}
	case float64:
		switch s.numFmt {
		case numFmtPercent:
			w = 7
		case numFmtPoints:
			w = 10
		case numFmtEuro: // 13.464.000,00 €
			w = float64(len(fmt.Sprintf("%.0f", math.Abs(math.Trunc(x)))))
			w += math.Floor((w-1)/3) + 5
			if x < 0 {
				w++
			}
		default:
			w = float64(len(fmt.Sprintf("%.1f", x)))
		}
	default:
		w = float64(len(fmt.Sprint(x)))
	}
	if s.bold || s.total {
		w *= 1.1
	}
	return w
}

// fitColumns sets each measured column's width to its widest content plus
// a margin, between lo and hi characters (or the column's cap, see
// capWidth). Headers wrap, so only their longest word counts; captions and
// titles do not count.
func (b *book) fitColumns(sheet string, lo, hi float64) {
	for col, w := range b.widths[sheet] {
		if b.err != nil {
			return
		}
		hi := hi
		if c, ok := b.caps[sheet][col]; ok {
			hi = c
		}
		name := colName(col)
		b.fail(b.f.SetColWidth(sheet, name, name, math.Round(min(hi, max(lo, w+2))*10)/10))
	}
}

// printSetup prepares a sheet for printing: A4, landscape or portrait,
// fitted to one page wide, titleRows (e.g. "$2:$2", "" for none) repeated
// on every page, and a header with the municipality, title and date and a
// footer with the sheet name and "Seite x von y".
func (b *book) printSetup(sheet string, landscape bool, titleRows, municipality, title string, asOf time.Time) {
	if b.err != nil {
		return
	}
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	a4, wide, tall := 9, 1, 0 // tall 0: as many pages down as needed
	b.fail(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}))
	fit := true
	b.fail(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	margin, edge := 0.6, 0.3
	b.fail(b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: &margin, Bottom: &margin,
		Header: &edge, Footer: &edge}))
	b.fail(b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + hfEscape(municipality) + "&C&B" + hfEscape(title) + "&R" + "Stand " + asOf.Format("02.01.2006"),
		OddFooter: "&L&A&RSeite &P von &N",
	}))
	if titleRows != "" {
		b.fail(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(sheet) + "!" + titleRows, Scope: sheet}))
	}
}

// fitRows sets the height of each row holding wrapped text to fit its
// lines in the columns' widths: LibreOffice does not grow the rows of an
// imported workbook by itself. Call it after fitColumns. A row of a
// merged cell should get its height from the caller instead.
func (b *book) fitRows(sheet string) { b.fitRowsScaled(sheet, 1) }

// fitRowsScaled is fitRows for text that fits scale characters per unit
// of column width (a unit is a digit's width; 10 pt Arial text averages
// about 1.2 characters per unit in LibreOffice).
func (b *book) fitRowsScaled(sheet string, scale float64) {
	lines := map[int]int{}
	for _, w := range b.wrapped[sheet] {
		if b.err != nil {
			return
		}
		width, err := b.f.GetColWidth(sheet, colName(w.col))
		b.fail(err)
		lines[w.row] = max(lines[w.row], wrapLines(w.text, width*scale, w.bold))
	}
	for row, n := range lines {
		if n > 1 {
			b.fail(b.f.SetRowHeight(sheet, row, float64(n)*13+2))
		}
	}
}

// wrapLines estimates the lines text takes in a column width characters
// wide, breaking at spaces.
func wrapLines(text string, width float64, bold bool) int {
	room := width - 1.5 // the cell's padding
	if bold {
		room /= 1.15
	}
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n++
		used := 0.0
		for _, word := range strings.Fields(para) {
			w := float64(utf8.RuneCountInString(word))
			switch {
			case used == 0:
				used = w
			case used+1+w <= room:
				used += 1 + w
			default:
				n++
				used = w
			}
			for used > room { // a word longer than the line breaks anywhere
				n++
				used -= room
			}
		}
	}
	return n
}

// freeze freezes the rows above row (and no columns).
func (b *book) freeze(sheet string, row int) {
	if b.err != nil {
		return
	}
	b.fail(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row - 1, TopLeftCell: cell(1, row), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cell(1, row), ActiveCell: cell(1, row), Pane: "bottomLeft"}}}))
}

// hfEscape escapes '&' for a header or footer.
func hfEscape(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// quoteSheet quotes a sheet name for a reference: 'Name'.
func quoteSheet(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// sheetName makes s a valid sheet name not yet used in the workbook (see
// shortSheetName).
func (b *book) sheetName(s string) string {
	return shortSheetName(s, func(name string) bool {
		for _, x := range b.f.GetSheetList() {
			if strings.EqualFold(x, name) {
				return true
			}
		}
		return false
	})
}
