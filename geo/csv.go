package geo

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// detectDelimiter picks the delimiter of a CSV header line among ';', ','
// and tab: the most frequent, ',' if none occurs.
func detectDelimiter(header []byte) rune {
	best, n := ',', 0
	for _, d := range []rune{';', '\t', ','} {
		if c := bytes.Count(header, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

// csvRecord is one CSV row seen through the field map.
type csvRecord struct {
	fm  fieldMap
	row []string
}

func (r csvRecord) get(f string) (string, bool) {
	i, ok := r.fm.index[f]
	if !ok || i >= len(r.row) {
		return "", false
	}
	return r.row[i], true
}

func (p *parser) readCSV(br *bufio.Reader, head []byte) {
	t, err := p.csvTable(br, head)
	if err != nil {
		p.fail(err)
		return
	}
	p.readTable(*t)
}

// csvTable opens a CSV file as a table: the encoding detected (UTF-8,
// else Windows-1252; a start with both is refused as mixed), the
// delimiter from the header line, every line bounded by Limits.Record.
func (p *parser) csvTable(br *bufio.Reader, head []byte) (*tableSource, error) {
	var r io.Reader = br
	p.rep.Encoding = encodingUTF8
	if p.opt.Encoding == "" {
		if bad, good := mixedLines(head); bad > 0 {
			return nil, &ParseError{Issue: Issue{File: p.name, Line: bad, Feature: -1, Message: fmt.Sprintf("line %d is not UTF-8 while line %d is: mixed encodings (save the file as UTF-8, or give --encoding windows-1252 if the UTF-8 line is the odd one)", bad, good)}, Err: errMixedCodec}
		}
	}
	if p.opt.Encoding == encodingWin1252 || (p.opt.Encoding == "" && !validUTF8Head(head)) {
		// German spreadsheets exported as "CSV (Trennzeichen-getrennt)".
		p.rep.Encoding = encodingWin1252
		p.decoded = true
		r = charmap.Windows1252.NewDecoder().Reader(br)
	}
	cr := csv.NewReader(&lineLimitReader{r: r, max: p.limits.Record, line: 1})
	cr.Comma = detectDelimiter(firstLine(head))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		var long *errLineTooLong
		switch {
		case err == io.EOF:
			return nil, p.fileErr("", nil, "the file is empty; a CSV file needs a header row")
		case errors.As(err, &long):
			return nil, &ParseError{Issue: Issue{File: p.name, Line: long.line, Feature: -1, Message: long.Error()}, Err: err}
		default:
			return nil, p.fileErr("", err, "cannot read the header row: %v", err)
		}
	}
	hl, _ := cr.FieldPos(0)
	header = append([]string(nil), header...) // ReuseRecord reuses the slice
	return &tableSource{header: header, headerLine: hl, next: func() ([]string, int, error) {
		row, err := cr.Read()
		if err == io.EOF {
			return nil, 0, err
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			iss := Issue{File: p.name, Line: line, Feature: -1}
			var pe *csv.ParseError
			var long *errLineTooLong
			if errors.As(err, &long) {
				iss.Line = long.line
				iss.Message = long.Error()
			} else if errors.As(err, &pe) {
				iss.Line = pe.Line
				iss.Message = pe.Err.Error()
			} else {
				iss.Message = err.Error()
			}
			return nil, line, &ParseError{Issue: iss, Err: err}
		}
		return row, line, nil
	}}, nil
}

// Table is a table of text read from a CSV file or the first sheet of an
// XLSX workbook (detected from the content), for the readers of sign-up
// and supply tables. Every cell it returns is checked as address fields
// are (valid UTF-8, no control characters, at most Limits.Field bytes,
// text encoded twice repaired and counted in Repaired).
type Table struct {
	Format     string // "CSV" or "XLSX (Sheet)"
	Header     []string
	HeaderLine int
	Repaired   int
	p          *parser
	t          *tableSource
}

// OpenTable opens a CSV or XLSX table. encoding is as ParseEncoding
// returns ("" detects). An error is a *ParseError naming file and line.
func OpenTable(name string, r io.Reader, encoding string) (*Table, error) {
	p := &parser{name: name, opt: ParseOptions{Encoding: encoding}, limits: DefaultLimits, rep: &Report{File: name}}
	br := bufio.NewReaderSize(r, peekSize)
	head, err := peekHead(br)
	if err != nil {
		return nil, p.fileErr("", err, "cannot read: %v", err)
	}
	var t *tableSource
	switch kind := sniff(head); kind {
	case sniffText:
		p.rep.Format = formatCSV
		t, err = p.csvTable(br, head)
	case sniffZip:
		_, t, _, err = p.openVector(kind, br, false)
		if err == nil && t == nil {
			err = p.fileErr("", nil, "a zip archive that is not an XLSX workbook; want CSV or XLSX")
		}
	case sniffXLS:
		_, _, _, err = p.openVector(kind, br, false)
	default:
		err = p.fileErr("", nil, "want a CSV file or an XLSX workbook")
	}
	if err != nil {
		return nil, err
	}
	tb := &Table{Format: p.rep.Format, HeaderLine: max(t.headerLine, 1), p: p, t: t}
	tb.Header = make([]string, len(t.header))
	for i, h := range t.header {
		if tb.Header[i], err = tb.cell(h, tb.HeaderLine, i); err != nil {
			return nil, err
		}
	}
	return tb, nil
}

// Next returns the next row that is not blank and its line (the CSV
// line or the sheet's row number), io.EOF at the end, or a *ParseError.
func (tb *Table) Next() ([]string, int, error) {
	for {
		row, line, err := tb.t.next()
		if err != nil {
			return nil, line, err
		}
		if len(row) > tb.p.limits.Columns {
			return nil, line, &ParseError{Issue: Issue{File: tb.p.name, Line: line, Feature: -1, Message: fmt.Sprintf("the row has %d columns; at most %d are allowed", len(row), tb.p.limits.Columns)}}
		}
		blank := true
		out := make([]string, len(row))
		for i, c := range row {
			if out[i], err = tb.cell(c, line, i); err != nil {
				return nil, line, err
			}
			blank = blank && out[i] == ""
		}
		if !blank {
			return out, line, nil
		}
	}
}

func (tb *Table) cell(v string, line, col int) (string, error) {
	c, err := checkText(v, tb.p.limits.Field, tb.p.decoded)
	if err != nil {
		f := fmt.Sprintf("column %d", col+1)
		if col < len(tb.Header) && tb.Header[col] != "" {
			f = tb.Header[col]
		}
		return "", &ParseError{Issue: Issue{File: tb.p.name, Line: line, Feature: -1, Field: f, Message: err.Error()}, Err: err}
	}
	if c.repaired {
		tb.Repaired++
	}
	return c.value, nil
}

// tableSource is a table of text cells: a CSV file or an XLSX sheet.
type tableSource struct {
	header     []string
	headerLine int // 0 means 1
	// next returns the next row and its line, io.EOF at the end, or a
	// *ParseError.
	next func() (row []string, line int, err error)
}

// readTable reads addresses from the rows of a table.
func (p *parser) readTable(t tableSource) {
	header := t.header
	hl := max(t.headerLine, 1)
	if len(header) > p.limits.Columns {
		p.fail(&ParseError{Issue: Issue{File: p.name, Line: hl, Feature: -1, Message: fmt.Sprintf("the header has %d columns; at most %d are allowed", len(header), p.limits.Columns)}})
		return
	}
	for i := range header {
		c, err := checkText(header[i], p.limits.Field, p.decoded)
		if err != nil {
			p.fail(&ParseError{Issue: Issue{File: p.name, Line: hl, Feature: -1, Field: fmt.Sprintf("column %d", i+1), Message: err.Error()}, Err: err})
			return
		}
		header[i] = c.value
	}
	preferDeg := p.opt.CRS == 0 || p.opt.CRS == WGS84
	fm, err := resolveFields(header, p.opt.Map, preferDeg)
	if err != nil {
		p.fail(p.fileErr("", err, "%v", err))
		return
	}
	p.rep.Mapping, p.rep.Unmapped = fm.describe()
	required := []string{"street", "number", "x", "y"}
	if fm.has("address") {
		required = required[2:]
	}
	if miss := fm.missing(required...); len(miss) > 0 {
		iss := Issue{File: p.name, Line: hl, Feature: -1, Field: strings.Join(miss, ", "),
			Message: fmt.Sprintf("required column missing (found: %s); name it with --map %s=COLUMN", strings.Join(header, ", "), miss[0])}
		p.fail(&ParseError{Issue: iss})
		return
	}
	hint, hintWarning := crsFromNames(fm.name("x"), fm.name("y"))
	crs := p.opt.CRS
	for {
		row, line, err := t.next()
		if err == io.EOF {
			return
		}
		if err != nil {
			p.fail(err)
			return
		}
		iss := Issue{File: p.name, Line: line, Feature: -1}
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		p.rep.Read++
		if len(row) > p.limits.Columns {
			iss.Message = fmt.Sprintf("the row has %d columns; at most %d are allowed", len(row), p.limits.Columns)
			p.fail(&ParseError{Issue: iss})
			return
		}
		rec := csvRecord{fm: fm, row: row}
		bad := func(f string, err error) {
			i := iss
			i.Field = fm.name(f)
			p.fail(issueErr(i, err))
		}
		xs, _ := rec.get("x")
		ys, _ := rec.get("y")
		if need := max(fm.index["x"], fm.index["y"]) + 1; len(row) < need {
			bad("x", fmt.Errorf("coordinate missing: the row has %d fields, the coordinates are in field %d", len(row), need))
			return
		}
		if strings.TrimSpace(xs) == "" && strings.TrimSpace(ys) == "" {
			s := iss
			s.Field = fm.name("x") + ", " + fm.name("y")
			s.Message = "no coordinates: skipped"
			p.rep.skip(s)
			continue
		}
		a := Address{Source: fmt.Sprintf("%s:%d", p.name, line)}
		if perr := p.fillAddress(&a, rec, rowSpec{fm: fm, iss: iss}); perr != nil {
			p.fail(perr)
			return
		}
		x, err := parseNumber(xs)
		if err != nil {
			bad("x", fmt.Errorf("coordinate %v", err))
			return
		}
		y, err := parseNumber(ys)
		if err != nil {
			bad("y", fmt.Errorf("coordinate %v", err))
			return
		}
		if crs == 0 && hint != 0 {
			crs = hint
			w := iss
			w.Field = fm.name("x")
			w.Message = hintWarning
			p.rep.warn(w)
		}
		if crs == 0 {
			c, warning, err := guessCRS(x, y, fm.degrees())
			if err != nil {
				bad("x", err)
				return
			}
			crs = c
			if warning != "" {
				w := iss
				w.Field = fm.name("x")
				w.Message = warning
				p.rep.warn(w)
			}
		}
		p.rep.CRS = crs
		a.SrcCRS, a.SrcX, a.SrcY = sourceCoords(crs, x, y)
		if a.Lon, a.Lat, err = toWGS84(crs, x, y); err != nil {
			f := "x"
			if m := causeMessage(err); strings.HasPrefix(m, "northing") || strings.HasPrefix(m, "latitude") {
				f = "y"
			}
			bad(f, err)
			return
		}
		if !p.emit(a, iss) {
			return
		}
	}
}
