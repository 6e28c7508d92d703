package campaigns

import (
	"fmt"
	"io"
	"strings"

	"gigaplan/geo"
)

// tableRow is one data row of a table whose columns were found by field
// (progress and sites files): its line, its cells by field, and the error
// for a bad cell, naming file, line and the file's column.
type tableRow struct {
	Line int
	// Get returns the field's cell, trimmed ("" without that column).
	Get func(field string) string
	// Bad is the EINVALID error for the field's cell.
	Bad func(field, format string, args ...any) error
}

// readTableRows reads every data row of tb (columns col: field → index)
// through parse, all or none: the first bad row, a read error, more than
// maxRows rows or no row at all fail the file with an EINVALID error in
// German.
func readTableRows[T any](name string, tb *geo.Table, col map[string]int, maxRows int, parse func(r tableRow) (T, error)) ([]T, error) {
	var out []T
	for {
		rec, line, err := tb.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, geo.Errorf(geo.EINVALID, "%s", geo.ErrorMessage(err))
		}
		if len(out) == maxRows {
			return nil, geo.Errorf(geo.EINVALID, "%s: mehr als %s Zeilen", name, Thousands(int64(maxRows)))
		}
		row := tableRow{Line: line,
			Get: func(f string) string {
				if i, ok := col[f]; ok && i < len(rec) {
					return strings.TrimSpace(rec[i])
				}
				return ""
			},
			Bad: func(f, format string, args ...any) error {
				return geo.Errorf(geo.EINVALID, "%s:%d: Spalte %s: %s", name, line, tb.Header[col[f]], fmt.Sprintf(format, args...))
			},
		}
		v, err := parse(row)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, geo.Errorf(geo.EINVALID, "%s: keine Zeilen unter der Kopfzeile", name)
	}
	return out, nil
}
