package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// LibreOfficeCSV opens the workbook xlsx in LibreOffice (headless) and
// returns every sheet as CSV records, by sheet name, as LibreOffice
// computed them: formulas are recalculated. It skips the test when
// LibreOffice is not installed (CI installs libreoffice-calc) or in -short
// mode.
func LibreOfficeCSV(t *testing.T, xlsx string) map[string][][]string {
	t.Helper()
	lo := ""
	for _, name := range []string{"libreoffice", "soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			lo = p
			break
		}
	}
	if lo == "" {
		t.Skip("LibreOffice (libreoffice or soffice) is not on PATH; CI installs libreoffice-calc")
	}
	if testing.Short() {
		t.Skip("LibreOffice conversion in -short mode")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// A profile of our own, so that parallel runs do not clash. Filter
	// options: comma, double quote, UTF-8, from line 1, …; token 9 (false)
	// writes raw values rather than as shown; the last token -1 writes one
	// CSV per sheet (LibreOffice ≥ 7.2), named <file>-<sheet>.csv.
	cmd := exec.CommandContext(ctx, lo, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, xlsx)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("LibreOffice timed out:\n%s", out)
	}
	if err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	base := strings.TrimSuffix(filepath.Base(xlsx), filepath.Ext(xlsx)) + "-"
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sheets := map[string][][]string{}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || !strings.HasSuffix(name, ".csv") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sheets[strings.TrimSuffix(strings.TrimPrefix(name, base), ".csv")] = recs
	}
	if len(sheets) == 0 {
		t.Fatalf("LibreOffice wrote no CSV:\n%s", out)
	}
	return sheets
}
