package reports

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVWriter writes CSV records like encoding/csv, with every field that a
// spreadsheet would run as a formula made inert: a field starting with
// '=', '+', '-', '@', a tab or a carriage return gets a leading
// apostrophe (OWASP's advice for CSV injection), unless the whole field is
// a plain number ("-3.5", "+49", "-1,5"). A zone named
// "=HYPERLINK(…)" is then shown as text by Excel and LibreOffice instead
// of becoming a live link.
//
// Every CSV the application writes for people goes through it.
type CSVWriter struct {
	*csv.Writer
	rec []string
}

// NewCSVWriter returns a CSVWriter for RFC 4180 CSV: comma-separated,
// UTF-8 without BOM, LF line ends. This is the form GIS software and
// scripts read.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{Writer: csv.NewWriter(w)} }

// ExcelBOM is the byte order mark that makes Excel read a CSV file as
// UTF-8 instead of the Windows code page.
const ExcelBOM = "\uFEFF"

// NewExcelCSVWriter returns a CSVWriter for German Excel and LibreOffice:
// the BOM, ';' as separator and CRLF line ends, so that a double click
// opens the file in columns with its umlauts intact. Numbers written into
// it should use a decimal comma (ExcelNumber) and yes/no as "ja"/"nein".
func NewExcelCSVWriter(w io.Writer) (*CSVWriter, error) {
	if _, err := io.WriteString(w, ExcelBOM); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &CSVWriter{Writer: cw}, nil
}

// Write writes one record with its fields made inert (see CSVWriter).
func (w *CSVWriter) Write(record []string) error {
	w.rec = append(w.rec[:0], record...)
	for i, f := range w.rec {
		w.rec[i] = InertCSVField(f)
	}
	return w.Writer.Write(w.rec)
}

// WriteAll writes records through Write and flushes.
func (w *CSVWriter) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// InertCSVField returns f as a spreadsheet shows it as text: with a
// leading apostrophe when it starts with '=', '+', '-', '@', a tab or a
// carriage return and is not a plain number.
func InertCSVField(f string) string {
	if f == "" {
		return f
	}
	switch f[0] {
	case '=', '+', '-', '@', '\t', '\r':
	default:
		return f
	}
	if plainNumber(f) {
		return f
	}
	return "'" + f
}

// plainNumber reports whether s is a signed decimal number with '.' or
// ',' as decimal separator and no exponent, spaces or other characters.
func plainNumber(s string) bool {
	if len(s) < 2 || (s[0] != '-' && s[0] != '+') {
		return false
	}
	t := strings.Replace(s[1:], ",", ".", 1)
	if strings.ContainsAny(t, "eEiInNxX_") {
		return false
	}
	_, err := strconv.ParseFloat(t, 64)
	return err == nil
}

// bufferedExcel is NewExcelCSVWriter over a bufio.Writer the caller flushes.
func bufferedExcel(w io.Writer) (*bufio.Writer, *CSVWriter, error) {
	bw := bufio.NewWriter(w)
	cw, err := NewExcelCSVWriter(bw)
	return bw, cw, err
}
