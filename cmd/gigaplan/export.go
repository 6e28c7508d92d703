package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/campaigns"
	"gigaplan/data/gpkg"
	"gigaplan/geo"
	"gigaplan/reports"
)

// cmdExport writes the GIS exports and the mail-merge file:
//
//	gigaplan export addresses [--format csv|geojson|gpkg] [--area NAME] --out FILE
//	gigaplan export areas [--format geojson|gpkg] [--kind K] --out FILE
//	gigaplan export mailmerge --area NAME --out FILE.csv
//
// Without --format, the format follows the extension of --out. Files are
// written to a temporary file next to FILE and renamed on success, so a
// failed export leaves no half-written file; --out - writes CSV and GeoJSON
// to standard output.
func cmdExport(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("export: addresses, areas oder mailmerge?")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "addresses":
		return exportAddresses(ctx, cfg, args, e)
	case "areas":
		return exportAreas(ctx, cfg, args, e)
	case "mailmerge":
		return exportMailMerge(ctx, cfg, args, e)
	}
	return usagef("export: unbekannter Unterbefehl %q (addresses, areas oder mailmerge)", sub)
}

// exportFormat returns --format, or the format the extension of out names.
func exportFormat(cmd, format, out string, allowed ...string) (string, error) {
	if out == "" {
		return "", usagef("%s: --out DATEI fehlt", cmd)
	}
	if format == "" {
		switch strings.ToLower(filepath.Ext(out)) {
		case ".csv":
			format = "csv"
		case ".geojson", ".json":
			format = "geojson"
		case ".gpkg":
			format = "gpkg"
		default:
			return "", usagef("%s: --format fehlt (%s)", cmd, strings.Join(allowed, ", "))
		}
	}
	if err := checkFormat(cmd, format, allowed...); err != nil {
		return "", err
	}
	if format == "gpkg" && out == "-" {
		return "", usagef("%s: eine GeoPackage-Datei kann nicht auf die Standardausgabe geschrieben werden", cmd)
	}
	return format, nil
}

func exportAddresses(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("export addresses")
	format := fs.String("format", "", "csv (GIS: comma, decimal point), csv-excel (German Excel: semicolon, decimal comma, BOM), geojson or gpkg (default: from the extension of --out)")
	areaName := fs.String("area", "", "only addresses in this area")
	muni := fs.String("municipality", "", "only addresses in this municipality (AGS or name); with --area: that municipality's area")
	out := fs.String("out", "", "output file (- for standard output)")
	rules := fs.String("rules", campaigns.DefaultRuleSet, "eligibility rule set, e.g. gigabit-2025, gigabit-2023, grau-2021, weiss-2015")
	rulesFile := fs.String("rules-file", "", "JSON file with the office's own rule sets")
	horizonFlag := fs.String("horizon", "", "market survey's time horizon for the eligibility, e.g. 5y (default: that of the area's survey, as the funding workbook, else the rule set's)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	f, err := exportFormat("export addresses", *format, *out, "csv", "csv-excel", "geojson", "gpkg")
	if err != nil {
		return err
	}
	rs, err := ruleSet(*rules, *rulesFile)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	filter, err := areaFilter(ctx, a, *muni, *areaName)
	if err != nil {
		return err
	}
	horizon, err := exportHorizon(ctx, a, filter, *horizonFlag, rs)
	if err != nil {
		return err
	}
	rows, err := a.source().AddressRows(ctx, filter, reports.RowOptions{Coverage: true, Rules: &rs, AsOf: campaigns.Today(time.Now()), HorizonYears: horizon})
	if err != nil {
		return err
	}
	var n int
	switch f {
	case "csv":
		err = writeAtomic(*out, e, func(w io.Writer) (err error) { n, err = reports.WriteAddressesCSV(w, rows); return })
	case "csv-excel":
		err = writeAtomic(*out, e, func(w io.Writer) (err error) { n, err = reports.WriteAddressesExcelCSV(w, rows); return })
	case "geojson":
		err = writeAtomic(*out, e, func(w io.Writer) (err error) { n, err = reports.WriteAddressesGeoJSON(w, rows); return })
	case "gpkg":
		err = writeGPKG(*out, func(w *gpkg.Writer) error {
			l := gpkg.Layer{Name: "addresses", GeometryType: "POINT", Fields: gpkgFields(reports.AddressColumns),
				Description: "Adressen mit Gebieten, Versorgung und Förderfähigkeit"}
			if err := w.AddLayer(l); err != nil {
				return err
			}
			for r, err := range rows {
				if err != nil {
					return err
				}
				if err := w.Add(l.Name, orb.Point{r.Lon, r.Lat}, reports.AddressValues(r)...); err != nil {
					return err
				}
				n++
			}
			return nil
		})
	}
	if err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(e.stdout, "%s Adressen exportiert nach %s\n", formatInt(int64(n)), *out)
	}
	return nil
}

// exportHorizon is the time horizon the export decides eligibility by:
// --horizon when given, else that of the area exported as its funding
// workbook reads it (reports.Source.AreaHorizon).
func exportHorizon(ctx context.Context, a *app, filter geo.AddressFilter, flag string, rs campaigns.RuleSet) (int, error) {
	if strings.TrimSpace(flag) != "" {
		return parseHorizon(flag, rs)
	}
	return a.source().AreaHorizon(ctx, filter.AreaID, rs, cliSurveyHints.Horizon)
}

func exportAreas(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("export areas")
	format := fs.String("format", "", "geojson or gpkg (default: from the extension of --out)")
	kindFlag := fs.String("kind", "", "only areas of this kind")
	muni := fs.String("municipality", "", "only this municipality (AGS or name) and its areas")
	out := fs.String("out", "", "output file (- for standard output)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	f, err := exportFormat("export areas", *format, *out, "geojson", "gpkg")
	if err != nil {
		return err
	}
	var kind geo.AreaKind
	if *kindFlag != "" {
		if kind, err = geo.ParseAreaKind(*kindFlag); err != nil {
			return err
		}
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	rows, err := a.source().AreaRows(ctx, kind)
	if err != nil {
		return err
	}
	if *muni != "" {
		_, scope, err := geo.ScopeOf(ctx, a.geo, *muni)
		if err != nil {
			return err
		}
		rows = slices.DeleteFunc(rows, func(r reports.AreaRow) bool { return !scope[r.ID] })
	}
	switch f {
	case "geojson":
		err = writeAtomic(*out, e, func(w io.Writer) error { return reports.WriteAreasGeoJSON(w, rows) })
	case "gpkg":
		err = writeGPKG(*out, func(w *gpkg.Writer) error {
			l := gpkg.Layer{Name: "areas", GeometryType: "MULTIPOLYGON", Fields: gpkgFields(reports.AreaColumns),
				Description: "Gebiete mit Adresszahlen und Kampagnenstand (eine Zeile je Gebiet und Kampagne)"}
			if err := w.AddLayer(l); err != nil {
				return err
			}
			for _, r := range rows {
				var g orb.Geometry = r.Geometry
				if len(r.Geometry) == 0 {
					g = nil
				}
				if err := w.Add(l.Name, g, reports.AreaValues(r)...); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(e.stdout, "%s Gebietszeilen exportiert nach %s\n", formatInt(int64(len(rows))), *out)
	}
	return nil
}

func exportMailMerge(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("export mailmerge")
	areaName := fs.String("area", "", "area whose residents get the letter")
	muni := fs.String("municipality", "", "the municipality (AGS or name) whose area --area names")
	out := fs.String("out", "", "output file (- for standard output)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*areaName) == "" {
		return usagef("export mailmerge: --area NAME fehlt")
	}
	if *out == "" {
		return usagef("export mailmerge: --out DATEI.csv fehlt")
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	filter, err := areaFilter(ctx, a, *muni, *areaName)
	if err != nil {
		return err
	}
	// The letter needs only the address lines and the district: no
	// coverage, so the rows come straight from the store.
	rows, err := a.source().AddressRows(ctx, filter, reports.RowOptions{})
	if err != nil {
		return err
	}
	var n int
	if err := writeAtomic(*out, e, func(w io.Writer) (err error) { n, err = reports.WriteMailMerge(w, rows); return }); err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(e.stdout, "%s Anschriften für Serienbriefe exportiert nach %s\n", formatInt(int64(n)), *out)
	}
	return nil
}

// areaFilter limits addresses to the area name (within the municipality
// muni, AGS or name, when given), or to the municipality muni alone.
func areaFilter(ctx context.Context, a *app, muni, name string) (geo.AddressFilter, error) {
	var m geo.Area
	if strings.TrimSpace(muni) != "" {
		munis, err := a.geo.Areas(ctx, geo.KindMunicipality)
		if err != nil {
			return geo.AddressFilter{}, err
		}
		if m, err = geo.FindMunicipality(munis, muni); err != nil {
			return geo.AddressFilter{}, err
		}
	}
	if strings.TrimSpace(name) == "" {
		return geo.AddressFilter{AreaID: m.ID}, nil
	}
	ar, err := geo.AreaNamed(ctx, a.geo, m.ID, name)
	if err != nil {
		return geo.AddressFilter{}, err
	}
	return geo.AddressFilter{AreaID: ar.ID}, nil
}

func gpkgFields(cols []reports.Column) []gpkg.Field {
	out := make([]gpkg.Field, len(cols))
	for i, c := range cols {
		out[i] = gpkg.Field{Name: c.Name, Type: c.Type}
	}
	return out
}

// writeAtomic writes through write to out: to a temporary file in the same
// directory, renamed to out on success and removed on failure; "-" is
// standard output.
func writeAtomic(out string, e env, write func(io.Writer) error) error {
	if out == "-" {
		return write(e.stdout)
	}
	return writeFileAtomic(out, write)
}

// writeGPKG writes a GeoPackage to out through a temporary file.
func writeGPKG(out string, fill func(*gpkg.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return geo.Errorf(geo.EINVALID, "%s kann nicht geschrieben werden: %v", out, err)
	}
	tmp := f.Name()
	f.Close()
	w, err := gpkg.Create(tmp)
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export %s: %w", out, err)
	}
	if err := fill(w); err != nil {
		w.Abort()
		os.Remove(tmp)
		return fmt.Errorf("export %s: %w", out, err)
	}
	if err := w.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export %s: %w", out, err)
	}
	if err := finishTemp(tmp, out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export %s: %w", out, err)
	}
	return nil
}

// finishTemp gives the temporary file the usual permissions (CreateTemp
// makes it private) and renames it to out.
func finishTemp(tmp, out string) error {
	if err := os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
