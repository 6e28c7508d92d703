package campaigns

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
)

// EntryColumns are the columns of a sign-up CSV: the first four are
// required, source and comment optional.
var EntryColumns = []string{"campaign", "area", "date", "count", "source", "comment"}

// ReadEntriesCSV reads a sign-up CSV (header campaign,area,date,count
// [,source,comment]; comma or semicolon separated; dates YYYY-MM-DD or
// DD.MM.YYYY). It returns the entries and the line of each. The first bad
// row fails the whole file with an EINVALID error naming file, line and
// column; so does a file with more than maxRows rows.
func ReadEntriesCSV(name string, r io.Reader, maxRows int) ([]NewEntry, []int, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	head, _ := br.Peek(4096)
	cr := csv.NewReader(br)
	// The header is the first line that is not empty (encoding/csv skips
	// empty lines too).
	line0 := bytes.TrimLeft(head, "\r\n")
	line0, _, _ = bytes.Cut(line0, []byte("\n"))
	if bytes.Count(line0, []byte(";")) > bytes.Count(line0, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, geo.Errorf(geo.EINVALID, "%s: empty file; want a header %s", name, strings.Join(EntryColumns, ","))
	}
	if err != nil {
		return nil, nil, geo.Errorf(geo.EINVALID, "%s: %v", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup {
			return nil, nil, geo.Errorf(geo.EINVALID, "%s:%d: column %q appears twice", name, headerLine(cr), h)
		}
		col[h] = i
	}
	for _, req := range EntryColumns[:4] {
		if _, ok := col[req]; !ok {
			return nil, nil, geo.Errorf(geo.EINVALID, "%s:%d: column %q missing; want a header %s (found %s)",
				name, headerLine(cr), req, strings.Join(EntryColumns, ","), strings.Join(header, ","))
		}
	}
	var out []NewEntry
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, geo.Errorf(geo.EINVALID, "%s:%d: %v", name, pe.Line, pe.Err)
			}
			return nil, nil, geo.Errorf(geo.EINVALID, "%s: %v", name, err)
		}
		// FieldPos panics without a record: only after a successful Read.
		line, _ := cr.FieldPos(0)
		if len(out) == maxRows {
			return nil, nil, geo.Errorf(geo.EINVALID, "%s: more than %d rows", name, maxRows)
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		bad := func(field, format string, args ...any) error {
			return geo.Errorf(geo.EINVALID, "%s:%d: field %s: %s", name, line, field, fmt.Sprintf(format, args...))
		}
		n := NewEntry{Campaign: get("campaign"), Area: get("area"), Comment: get("comment")}
		if n.Campaign == "" {
			return nil, nil, bad("campaign", "empty")
		}
		if n.Area == "" {
			return nil, nil, bad("area", "empty")
		}
		if n.AsOf, err = ParseDate(get("date")); err != nil {
			return nil, nil, bad("date", "%v", err)
		}
		c := get("count")
		if n.Count, err = strconv.Atoi(c); err != nil {
			return nil, nil, bad("count", "%q is not a whole number", c)
		}
		if n.Source, err = ParseSource(get("source")); err != nil {
			return nil, nil, bad("source", "%s", geo.ErrorMessage(err))
		}
		out = append(out, n)
		lines = append(lines, line)
	}
	if len(out) == 0 {
		return nil, nil, geo.Errorf(geo.EINVALID, "%s: no rows below the header", name)
	}
	return out, lines, nil
}

// ParseDate reads a calendar date as YYYY-MM-DD or DD.MM.YYYY.
func ParseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD or DD.MM.YYYY)", s)
}

// headerLine is the line of the record cr read last (the header).
func headerLine(cr *csv.Reader) int {
	line, _ := cr.FieldPos(0)
	return line
}
