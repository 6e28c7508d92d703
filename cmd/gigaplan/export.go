package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
	format := fs.String("format", "", "csv, geojson or gpkg (default: from the extension of --out)")
	areaName := fs.String("area", "", "only addresses in this area")
	out := fs.String("out", "", "output file (- for standard output)")
	rules := fs.String("rules", campaigns.DefaultRuleSet, "eligibility rule set, e.g. gigabit-2024, grau-2018, weiss-2015")
	rulesFile := fs.String("rules-file", "", "JSON file with the office's own rule sets")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	f, err := exportFormat("export addresses", *format, *out, "csv", "geojson", "gpkg")
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
	filter, err := areaFilter(ctx, a, *areaName)
	if err != nil {
		return err
	}
	rows, err := addressRows(ctx, a, filter, &rs)
	if err != nil {
		return err
	}
	var n int
	switch f {
	case "csv":
		err = writeAtomic(*out, e, func(w io.Writer) (err error) { n, err = reports.WriteAddressesCSV(w, rows); return })
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

func exportAreas(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("export areas")
	format := fs.String("format", "", "geojson or gpkg (default: from the extension of --out)")
	kindFlag := fs.String("kind", "", "only areas of this kind")
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
	rows, err := areaRows(ctx, a, kind)
	if err != nil {
		return err
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
	filter, err := areaFilter(ctx, a, *areaName)
	if err != nil {
		return err
	}
	// The letter needs only the address lines and the district: no
	// coverage, so the rows come straight from the store.
	rows, err := addressRowsWith(ctx, a, filter, rowOptions{})
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

func areaFilter(ctx context.Context, a *app, name string) (geo.AddressFilter, error) {
	if strings.TrimSpace(name) == "" {
		return geo.AddressFilter{}, nil
	}
	ar, err := a.geo.AreaByName(ctx, "", name)
	if err != nil {
		return geo.AddressFilter{}, err
	}
	return geo.AddressFilter{AreaID: ar.ID}, nil
}

// assigned are the areas an address is assigned to.
type assigned struct {
	districts, zones, builds []string
	ids                      []int64 // every assigned area: the key of the coverage cache
}

// assignments collects the areas of every address (of only those in
// filter.AreaID, if set) in one query per area instead of one query per
// address.
func assignments(ctx context.Context, st geo.Store, filter geo.AddressFilter) (map[int64]*assigned, error) {
	var keep map[int64]bool
	if filter.AreaID != 0 {
		keep = map[int64]bool{}
		for ad, err := range st.Addresses(ctx, geo.AddressFilter{AreaID: filter.AreaID}) {
			if err != nil {
				return nil, err
			}
			keep[ad.ID] = true
		}
	}
	areas, err := st.Areas(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[int64]*assigned{}
	for _, ar := range areas { // ordered by kind and name: the lists come out sorted
		if ar.Addresses == 0 || ar.Kind == geo.KindMunicipality {
			continue // no campaign covers a whole municipality, no column shows it
		}
		for ad, err := range st.Addresses(ctx, geo.AddressFilter{AreaID: ar.ID}) {
			if err != nil {
				return nil, err
			}
			if keep != nil && !keep[ad.ID] {
				continue
			}
			as := out[ad.ID]
			if as == nil {
				as = &assigned{}
				out[ad.ID] = as
			}
			as.ids = append(as.ids, ar.ID)
			switch ar.Kind {
			case geo.KindDistrict:
				as.districts = append(as.districts, ar.Name)
			case geo.KindZone:
				as.zones = append(as.zones, ar.Name)
			case geo.KindBuildArea:
				as.builds = append(as.builds, ar.Name)
			}
		}
	}
	return out, nil
}

// rowOptions says what an address row carries besides the address and
// its areas.
type rowOptions struct {
	Coverage bool
	// Rules, when set, fills supply and eligibility from the stored
	// market survey as of AsOf.
	Rules *campaigns.RuleSet
	AsOf  time.Time
}

// addressRows yields the export rows of the addresses matching filter,
// ordered by ID, with their areas, coverage, supply and eligibility.
func addressRows(ctx context.Context, a *app, filter geo.AddressFilter, rules *campaigns.RuleSet) (iter.Seq2[reports.AddressRow, error], error) {
	return addressRowsWith(ctx, a, filter, rowOptions{Coverage: true, Rules: rules, AsOf: campaigns.Day(time.Now())})
}

func addressRowsWith(ctx context.Context, a *app, filter geo.AddressFilter, opt rowOptions) (iter.Seq2[reports.AddressRow, error], error) {
	assign, err := assignments(ctx, a.geo, filter)
	if err != nil {
		return nil, err
	}
	var supply map[int64]geo.Supply
	if opt.Rules != nil {
		if supply, err = a.supply.SupplyAll(ctx); err != nil {
			return nil, err
		}
	}
	// Coverage depends on an address only through the areas it is
	// assigned to (campaigns.Store.CampaignsOfAddress), so it is computed
	// once per distinct set of areas, not once per address:
	// Service.Coverage computes the figures of every pre-marketing campaign
	// on each call.
	covCache := map[string]campaigns.Coverage{}
	return func(yield func(reports.AddressRow, error) bool) {
		for ad, err := range a.geo.Addresses(ctx, filter) {
			if err != nil {
				yield(reports.AddressRow{}, err)
				return
			}
			r := reports.AddressRow{
				ID: ad.ID, Key: ad.Key, AGS: ad.AGS, Street: ad.Street, HouseNumber: ad.HouseNumber, Suffix: ad.Suffix,
				Postcode: ad.Postcode, City: ad.City, Lon: ad.Lon, Lat: ad.Lat,
				Households: ad.Households, Businesses: ad.Businesses, Type: ad.Type, Placeholder: ad.Placeholder,
			}
			as := assign[ad.ID]
			if as == nil {
				as = &assigned{}
			}
			r.District = strings.Join(as.districts, reports.ListSeparator)
			r.Zones, r.BuildAreas = as.zones, as.builds
			if r.East, r.North, err = geo.UTM32.FromWGS84(ad.Lon, ad.Lat); err != nil {
				yield(reports.AddressRow{}, fmt.Errorf("address %d (%s): %w", ad.ID, ad.Label(), err))
				return
			}
			var cov campaigns.Coverage
			if opt.Coverage || opt.Rules != nil {
				key := coverageKey(as.ids)
				var ok bool
				if cov, ok = covCache[key]; !ok {
					if cov, err = a.camps.Coverage(ctx, ad.ID); err != nil {
						yield(reports.AddressRow{}, err)
						return
					}
					covCache[key] = cov
				}
				r.Coverage, r.CoverageText = cov.State, cov.Message
			}
			if opt.Rules != nil {
				var sp *geo.Supply
				if s, ok := supply[ad.ID]; ok {
					sp = &s
					r.HasSupply, r.Download, r.Upload, r.Technology, r.Operator = true, s.Download, s.Upload, s.Technology, s.Operator
					r.PlannedOperator, r.PlannedDate = s.PlannedOperator, s.PlannedDate
				}
				el := campaigns.EvaluateCoverage(*opt.Rules, opt.AsOf, sp, cov)
				r.Eligible, r.Reason, r.RuleSet = el.Eligible, el.Reason, opt.Rules.Name
			}
			if !yield(r, nil) {
				return
			}
		}
	}, nil
}

func coverageKey(ids []int64) string {
	s := slices.Clone(ids)
	slices.Sort(s)
	var b strings.Builder
	for _, id := range s {
		b.WriteString(strconv.FormatInt(id, 10))
		b.WriteByte(',')
	}
	return b.String()
}

// areaRows returns every area of kind (all if empty) with its counts, one
// row per campaign covering it (one row without campaign if none does),
// with the campaign's current figures.
func areaRows(ctx context.Context, a *app, kind geo.AreaKind) ([]reports.AreaRow, error) {
	areas, err := a.geo.Areas(ctx, kind)
	if err != nil {
		return nil, err
	}
	camps, err := a.camps.Store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	type campaignFigures struct {
		campaign, provider, status string
		signups                    int
		quota, threshold           float64
		deadline                   time.Time
	}
	byArea := map[int64][]campaignFigures{}
	for _, c := range camps {
		figs, err := a.camps.Figures(ctx, c, time.Time{})
		if err != nil {
			return nil, err
		}
		for _, f := range figs.Areas {
			byArea[f.AreaID] = append(byArea[f.AreaID], campaignFigures{c.Name, c.Provider, string(f.Status),
				f.Signed, f.Quota, f.Threshold, figs.Deadline})
		}
	}
	var rows []reports.AreaRow
	for _, ar := range areas {
		base := reports.AreaRow{ID: ar.ID, Kind: ar.Kind, Name: ar.Name, Geometry: ar.Geometry,
			Addresses: ar.Addresses, Households: ar.Households, Businesses: ar.Businesses}
		fs := byArea[ar.ID]
		if len(fs) == 0 {
			rows = append(rows, base)
			continue
		}
		for _, f := range fs {
			r := base
			r.Campaign, r.Provider, r.Status = f.campaign, f.provider, f.status
			r.Signups, r.Quota, r.Threshold, r.Deadline = f.signups, f.quota, f.threshold, f.deadline
			rows = append(rows, r)
		}
	}
	return rows, nil
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
