package geo

import (
	"bytes"

	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxTable opens the first sheet of an XLSX workbook (or the one named by
// ParseOptions.Layer) as a table: the header is the first row with at
// least two cells filled, lines are the sheet's row numbers. Cells are read
// raw (RawCellValue), so a postcode stored as the number 4155 reads "4155"
// and is repaired like a CSV's, and dates and decimals do not follow the
// locale of whoever saved the file.
func (p *parser) xlsxTable(data []byte) (*tableSource, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, p.fileErr("", err, "cannot read the workbook: %v", err)
	}
	sheets := f.GetSheetList()
	sheet := ""
	for _, s := range sheets {
		if p.opt.Layer == "" || strings.EqualFold(s, p.opt.Layer) {
			if v, _ := f.GetSheetVisible(s); v || p.opt.Layer != "" {
				sheet = s
				break
			}
		}
	}
	if sheet == "" {
		f.Close()
		if p.opt.Layer != "" {
			return nil, p.fileErr("layer", nil, "no sheet %q (the workbook has: %s)", p.opt.Layer, strings.Join(sheets, ", "))
		}
		return nil, p.fileErr("", nil, "the workbook has no visible sheet")
	}
	p.rep.Format = formatXLSX + " (" + sheet + ")"
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, p.fileErr("", err, "cannot read sheet %s: %v", sheet, err)
	}
	line := 0
	next := func() ([]string, int, error) {
		if !rows.Next() {
			rows.Close()
			f.Close()
			if err := rows.Error(); err != nil {
				return nil, line, p.fileErr("", err, "sheet %s, row %d: %v", sheet, line+1, err)
			}
			return nil, 0, io.EOF
		}
		line++
		row, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, line, p.fileErr("", err, "sheet %s, row %d: %v", sheet, line, err)
		}
		return row, line, nil
	}
	for {
		row, l, err := next()
		if err == io.EOF {
			return nil, p.fileErr("", nil, "sheet %s has no header row (a row with two or more cells filled)", sheet)
		}
		if err != nil {
			return nil, err
		}
		filled := 0
		for _, c := range row {
			if strings.TrimSpace(c) != "" {
				filled++
			}
		}
		if filled >= 2 {
			return &tableSource{header: row, headerLine: l, next: next}, nil
		}
		if l > 50 {
			return nil, p.fileErr("", nil, "sheet %s: no header row in the first 50 rows", sheet)
		}
	}
}
