package campaigns

import (
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
	tb, err := geo.OpenTable(name, r, "")
	if err != nil {
		return nil, nil, err
	}
	header, hl := tb.Header, tb.HeaderLine
	xlsx := strings.HasPrefix(tb.Format, "XLSX")
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup {
			return nil, nil, geo.Errorf(geo.EINVALID, "%s:%d: die Spalte „%s“ steht zweimal in der Kopfzeile", name, hl, h)
		}
		col[h] = i
	}
	for _, req := range EntryColumns[:4] {
		if _, ok := col[req]; !ok {
			return nil, nil, geo.Errorf(geo.EINVALID, "%s:%d: die Spalte „%s“ fehlt; erwartet wird die Kopfzeile %s (vorhanden: %s)",
				name, hl, req, strings.Join(EntryColumns, ","), strings.Join(header, ","))
		}
	}
	var out []NewEntry
	var lines []int
	for {
		rec, line, err := tb.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if len(out) == maxRows {
			return nil, nil, geo.Errorf(geo.EINVALID, "%s: mehr als %s Zeilen", name, Thousands(int64(maxRows)))
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		bad := func(field, format string, args ...any) error {
			return geo.Errorf(geo.EINVALID, "%s:%d: Spalte %s: %s", name, line, field, fmt.Sprintf(format, args...))
		}
		n := NewEntry{Campaign: get("campaign"), Area: get("area"), Comment: get("comment")}
		if n.Campaign == "" {
			return nil, nil, bad("campaign", "leer")
		}
		if n.Area == "" {
			return nil, nil, bad("area", "leer")
		}
		if n.AsOf, err = parseCellDate(get("date"), xlsx); err != nil {
			return nil, nil, bad("date", "%q ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)", get("date"))
		}
		c := get("count")
		if n.Count, err = strconv.Atoi(c); err != nil {
			return nil, nil, bad("count", "%q ist keine ganze Zahl", c)
		}
		if n.Source, err = ParseSource(get("source")); err != nil {
			return nil, nil, bad("source", "%s", geo.ErrorMessage(err))
		}
		out = append(out, n)
		lines = append(lines, line)
	}
	if len(out) == 0 {
		return nil, nil, geo.Errorf(geo.EINVALID, "%s: keine Zeilen unter der Kopfzeile", name)
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

// parseCellDate reads a date cell: as ParseDate, and in a workbook also
// the serial day number a date cell holds (days since 1899-12-30).
func parseCellDate(s string, xlsx bool) (time.Time, error) {
	if xlsx {
		if d, err := strconv.ParseFloat(s, 64); err == nil && d >= 1 && d < 2958466 && d == float64(int(d)) {
			return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(d)), nil
		}
	}
	return ParseDate(s)
}
