package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
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
	return libreOfficeCSV(t, xlsx, false, "")
}

// LibreOfficeShownCSV is LibreOfficeCSV with every cell as LibreOffice
// shows it in locale (e.g. "de-DE"): number formats applied, with the
// locale's separators, such as "1.234,50 €".
func LibreOfficeShownCSV(t *testing.T, xlsx, locale string) map[string][][]string {
	t.Helper()
	return libreOfficeCSV(t, xlsx, true, locale)
}

// LibreOfficePDF converts the workbook xlsx to PDF with LibreOffice
// (headless), as it would print it, and returns the PDF's path. It skips
// the test as LibreOfficeCSV does.
func LibreOfficePDF(t *testing.T, xlsx string) string {
	t.Helper()
	lo := libreOffice(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, lo, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")), "--headless",
		"--convert-to", "pdf", "--outdir", dir, xlsx)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("LibreOffice timed out:\n%s", out)
	}
	if err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, strings.TrimSuffix(filepath.Base(xlsx), filepath.Ext(xlsx))+".pdf")
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v\n%s", err, out)
	}
	return pdf
}

// libreOffice returns the path of LibreOffice, or skips the test when it
// is not installed or in -short mode.
func libreOffice(t *testing.T) string {
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
	return lo
}

func libreOfficeCSV(t *testing.T, xlsx string, shown bool, locale string) map[string][][]string {
	t.Helper()
	lo := libreOffice(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// A profile of our own, so that parallel runs do not clash; with a
	// locale, the profile is seeded with it as the locale setting. Filter
	// options: comma, double quote, UTF-8, from line 1, …; token 9 writes
	// cells as shown (true) or raw values (false); the last token -1
	// writes one CSV per sheet (LibreOffice ≥ 7.2), named
	// <file>-<sheet>.csv.
	profile := filepath.Join(dir, "profile")
	if locale != "" {
		if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
			t.Fatal(err)
		}
		xcu := `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>` + locale + `</value></prop></item>
</oor:items>
`
		if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(xcu), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	filter := fmt.Sprintf("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,%t,false,false,-1", shown)
	cmd := exec.CommandContext(ctx, lo, "-env:UserInstallation=file://"+filepath.ToSlash(profile), "--headless",
		"--convert-to", filter, "--outdir", dir, xlsx)
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
