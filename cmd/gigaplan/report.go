package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
)

// reportUsage is the help of the report command.
const reportUsage = `report council --out DATEI.xlsx [--as-of JJJJ-MM-TT] [--since JJJJ-MM-TT] [--municipality NAME | --county]
  report funding --out DATEI.xlsx --area NAME... [--rules NAME] [--cost EUR] [--shares 50/40/10] [--contact "…"] [--without-survey]`

// cmdReport writes the workbooks that leave Gigaplan.
//
//	gigaplan report council --out FILE.xlsx [--as-of YYYY-MM-DD] [--since YYYY-MM-DD] [--municipality NAME]
func cmdReport(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("report: council oder funding? (%s)", reportUsage)
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "council":
		return reportCouncil(ctx, cfg, args, e)
	case "funding":
		return reportFunding(ctx, cfg, args, e)
	}
	return usagef("report: unbekannter Unterbefehl %q (%s)", sub, reportUsage)
}

// reportCouncil writes the council workbook.
func reportCouncil(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("report council")
	out := fs.String("out", "", "workbook to write (.xlsx)")
	asOfFlag := fs.String("as-of", "", "figures as of this date (default today)")
	sinceFlag := fs.String("since", "", "date of the last council meeting (previous report): lists what changed since then and adds the change columns")
	municipality := fs.String("municipality", "", "AGS or name of a stored municipality: its workbook, with only its campaigns (any other text: the name on the cover)")
	county := fs.Bool("county", false, "the county workbook: a line per municipality and a sheet of each one's campaign areas")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*out) == "" {
		return usagef("report council: --out DATEI.xlsx fehlt")
	}
	if *county && *municipality != "" {
		return usagef("report council: --county oder --municipality, nicht beides")
	}
	var opt reports.CouncilOptions
	opt.Municipality = *municipality
	var err error
	if *asOfFlag != "" {
		if opt.AsOf, err = parseDate("as-of", *asOfFlag); err != nil {
			return err
		}
	}
	if *sinceFlag != "" {
		if opt.Since, err = parseDate("since", *sinceFlag); err != nil {
			return err
		}
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	write := reports.Council
	what := "Bericht für den Gemeinderat"
	if *county {
		write, what = reports.CouncilCounty, "Bericht für den Kreis"
	}
	if err := writeFileAtomic(*out, func(w io.Writer) error { return write(ctx, a.camps, opt, w) }); err != nil {
		return err
	}
	asOf := opt.AsOf
	if asOf.IsZero() {
		asOf = campaigns.Today(time.Now())
	}
	fmt.Fprintf(e.stdout, "%s geschrieben: %s (Stand %s)\n", what, *out, asOf.Format("02.01.2006"))
	return nil
}

// writeFileAtomic writes a file through write: into a temporary file in the
// same directory, renamed over path only when everything succeeded, so
// that a failed report leaves no half-written file (and an older report of
// that name untouched).
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return geo.Errorf(geo.EINVALID, "--out %s: %v", path, unwrapPathError(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return geo.Errorf(geo.EINVALID, "--out %s: %v", path, unwrapPathError(err))
	}
	return nil
}

// unwrapPathError drops the temporary file's name from an *os.PathError
// ("no such file or directory" rather than "open dir/.x.tmp-123: …").
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	if le, ok := err.(*os.LinkError); ok {
		return le.Err
	}
	return err
}
