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
	var r io.Reader = br
	if !validUTF8Head(head) {
		// German spreadsheets exported as "CSV (Trennzeichen-getrennt)".
		r = charmap.Windows1252.NewDecoder().Reader(br)
	}
	cr := csv.NewReader(r)
	cr.Comma = detectDelimiter(firstLine(head))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			p.fail(p.fileErr("", nil, "the file is empty; a CSV file needs a header row"))
		} else {
			p.fail(p.fileErr("", err, "cannot read the header row: %v", err))
		}
		return
	}
	header = append([]string(nil), header...) // ReuseRecord reuses the slice
	for i := range header {
		header[i] = clean(header[i])
	}
	preferDeg := p.opt.CRS == 0 || p.opt.CRS == WGS84
	fm, err := resolveFields(header, p.opt.Map, preferDeg)
	if err != nil {
		p.fail(p.fileErr("", err, "%v", err))
		return
	}
	if miss := fm.missing("street", "number", "x", "y"); len(miss) > 0 {
		iss := Issue{File: p.name, Line: 1, Feature: -1, Field: strings.Join(miss, ", "),
			Message: fmt.Sprintf("required column missing (found: %s); name it with --map %s=COLUMN", strings.Join(header, ", "), miss[0])}
		p.fail(&ParseError{Issue: iss})
		return
	}
	crs := p.opt.CRS
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return
		}
		line, _ := cr.FieldPos(0)
		iss := Issue{File: p.name, Line: line, Feature: -1}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				iss.Line = pe.Line
				iss.Message = pe.Err.Error()
			} else {
				iss.Message = err.Error()
			}
			p.fail(&ParseError{Issue: iss, Err: err})
			return
		}
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		p.rep.Read++
		rec := csvRecord{fm: fm, row: row}
		bad := func(f string, err error) {
			i := iss
			i.Field = fm.name(f)
			p.fail(issueErr(i, err))
		}
		a := Address{Source: fmt.Sprintf("%s:%d", p.name, line)}
		if perr := fillAddress(&a, rec, rowSpec{fm: fm, iss: iss}); perr != nil {
			p.fail(perr)
			return
		}
		xs, _ := rec.get("x")
		ys, _ := rec.get("y")
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
