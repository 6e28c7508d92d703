package reports

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// excelize marks every formula cell t="str", so that a number cached with
// the formula (what the report computed, the same as the formula gives)
// reads as text in a program that does not recalculate on opening.
// numericFormulas drops the mark where the cached value is a number.
var strFormula = regexp.MustCompile(`<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")? t="str"><f>[^<]*</f><v>-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?</v>`)

func numericFormulas(sheet []byte) []byte {
	return strFormula.ReplaceAllFunc(sheet, func(c []byte) []byte { return bytes.Replace(c, []byte(` t="str"`), nil, 1) })
}

// cachedNumberZip is the zip writer of a workbook whose sheets go through
// numericFormulas on their way into the archive.
type cachedNumberZip struct {
	zw   *zip.Writer
	name string // the sheet being buffered ("" for none)
	buf  bytes.Buffer
}

// withNumericFormulas makes f write its sheets through numericFormulas.
func withNumericFormulas(f *excelize.File) {
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &cachedNumberZip{zw: zip.NewWriter(w)} })
}

func (z *cachedNumberZip) flush() error {
	if z.name == "" {
		return nil
	}
	w, err := z.zw.Create(z.name)
	if err == nil {
		_, err = w.Write(numericFormulas(z.buf.Bytes()))
	}
	z.name = ""
	z.buf.Reset()
	return err
}

func (z *cachedNumberZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	if strings.HasPrefix(name, "xl/worksheets/sheet") && strings.HasSuffix(name, ".xml") {
		z.name = name
		return &z.buf, nil
	}
	return z.zw.Create(name)
}

func (z *cachedNumberZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

func (z *cachedNumberZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.Close()
}
