package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

func cmdImport(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("import: was importieren? addresses, areas oder supply")
	}
	what, args := args[0], args[1:]
	if what == "supply" {
		return importSupply(ctx, cfg, args, e)
	}
	fs := newFlagSet("import " + what)
	var opt geo.ParseOptions
	crs := fs.String("crs", "", "coordinate reference system of the files, e.g. EPSG:25832, EPSG:31467 (overrides what the file declares)")
	accept := fs.Bool("accept-changes", false, "import even if it changes denominators of running or committed campaigns (they keep their recorded figures)")
	check := fs.Bool("check", false, "only show what the import would do (format, coordinate system, mapping, counts, warnings, area totals); write nothing")
	encoding := fs.String("encoding", "", "text encoding of CSV files and Shapefile DBFs: utf-8 or windows-1252 (default: detected)")
	fs.StringVar(&opt.Layer, "layer", "", "layer (GeoPackage, GML, OSM) or sheet (XLSX) to read")
	typeValues := new(string)
	opt.LocalFiles = true
	switch what {
	case "addresses":
		m := mapFlag{}
		fs.Var(m, "map", "field=column: read field from column (repeatable)")
		opt.Map = m
		fs.StringVar(typeValues, "type-values", "", "VALUE=TYPE,…: what the values of the type column mean, e.g. \"Laden=business,Wohnhaus=private\"")
		fs.BoolVar(&opt.AllowDuplicates, "allow-duplicates", false, "import even when more than 1 % of the records repeat an address key (the repeats are skipped)")
	case "areas":
		fs.StringVar((*string)(&opt.Kind), "kind", "", "municipality, district, zone or buildarea")
		fs.StringVar(&opt.NameField, "name-field", "", "property holding the area name")
		w := mapFlag{}
		fs.Var(w, "where", "property=value: read only the features with this value (repeatable), e.g. admin_level=10")
		opt.Where = w
		fs.IntVar(&opt.Limits.Vertices, "max-vertices", geo.DefaultLimits.Vertices, "most vertices one area may have")
		fs.StringVar(&opt.Municipality, "municipality", "", "AGS or name of the municipality the areas belong to (default: the one that contains each)")
		fs.StringVar(&opt.AGS, "ags", "", "the AGS of the municipality imported (--kind municipality)")
		fs.StringVar(&opt.AGSField, "ags-field", "", "property holding the AGS (--kind municipality; default: AGS, RS, GKZ, …)")
		fs.BoolVar(&opt.RemoveMissing, "remove-missing", false, "remove the areas of this kind (in the municipalities imported) that the files no longer hold; refused for areas a campaign uses")
	default:
		return usagef("import: unbekannte Art %q (addresses, areas oder supply)", what)
	}
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("import %s: keine Datei angegeben", what)
	}
	if *crs != "" {
		if opt.CRS, err = geo.ParseCRS(*crs); err != nil {
			return err
		}
	}
	if opt.Encoding, err = geo.ParseEncoding(*encoding); err != nil {
		return err
	}
	if *typeValues != "" {
		if opt.TypeValues, err = geo.ParseTypeValues(*typeValues); err != nil {
			return err
		}
	}
	if what == "areas" {
		if opt.Kind == "" {
			return usagef("import areas: --kind fehlt (municipality, district, zone oder buildarea)")
		}
		if _, err := geo.ParseAreaKind(string(opt.Kind)); err != nil {
			return err
		}
	}

	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := &geo.Service{Store: st}
	if *check {
		return checkImport(ctx, svc, what, files, opt, e)
	}
	if err := guardDenominators(ctx, svc, &campaigns.Service{Geo: st, Store: st}, files, opt, *accept, e); err != nil {
		return err
	}

	srcs, total, closeAll, err := openSources(files)
	if err != nil {
		return err
	}
	defer closeAll()
	bar := newProgress(e.stderr, "Import", total)
	for i := range srcs {
		srcs[i].R = bar.reader(srcs[i].R)
	}
	var sum *geo.ImportSummary
	if what == "addresses" {
		sum, err = svc.ImportAddresses(withImportRecord(ctx, geo.ImportAddresses, "", files, enteredBy(e, "")), srcs, opt)
	} else {
		sum, err = svc.ImportAreas(withImportRecord(ctx, geo.ImportAreas, opt.Kind, files, enteredBy(e, "")), srcs, opt)
	}
	bar.finish()
	if sum != nil {
		printSummary(e.stdout, sum)
		auditCLI(ctx, st, e, enteredBy(e, ""), campaigns.AuditImport, fmt.Sprintf("%s aus %s: gelesen %d, neu %d, aktualisiert %d",
			what, strings.Join(files, ", "), sum.Read, sum.Imported, sum.Updated))
	}
	if err != nil && sum == nil {
		// The import transaction was rolled back.
		if code := geo.ErrorCode(err); code != geo.EINTERNAL {
			return geo.Errorf(code, "%s\nImport abgebrochen: die Datenbank ist unverändert.", geo.ErrorMessage(err))
		}
		return fmt.Errorf("%w\nImport abgebrochen: die Datenbank ist unverändert", err)
	}
	return err
}

// guardDenominators previews the overlay the import would leave when a
// running or committed campaign exists, and lists the campaign areas
// whose overlay denominator it would change. Without accept that refuses
// the import (nothing is written); with accept the areas without a
// recorded denominator get today's recorded first, so that their
// campaigns keep counting with it.
func guardDenominators(ctx context.Context, svc *geo.Service, camps *campaigns.Service, files []string,
	opt geo.ParseOptions, accept bool, e env) error {
	srcs, _, closeAll, err := openSources(files)
	if err != nil {
		return err
	}
	defer closeAll()
	changes, err := camps.ImportChanges(ctx, svc, srcs, opt)
	if err != nil {
		if code := geo.ErrorCode(err); code != geo.EINTERNAL {
			return geo.Errorf(code, "%s\nImport abgebrochen: die Datenbank ist unverändert.", geo.ErrorMessage(err))
		}
		return err
	}
	if len(changes) == 0 {
		return nil
	}
	fmt.Fprintln(e.stdout, "Der Import ändert die Nenner laufender oder zugesagter Kampagnen:")
	t := &table{head: []string{"Kampagne", "Gebiet", "festgehalten", "Verschneidung jetzt", "nach dem Import", "Änderung"},
		right: []bool{false, false, true, true, true, true}}
	for _, ch := range changes {
		rec := "–"
		if ch.HasRecorded {
			rec = formatInt(int64(ch.Recorded))
		}
		t.add(ch.Campaign.Name, ch.Area.AreaName, rec, formatInt(int64(ch.Before)), formatInt(int64(ch.After)),
			fmt.Sprintf("%+d", ch.After-ch.Before))
	}
	if err := t.write(e.stdout); err != nil {
		return err
	}
	if !accept {
		areas := fmt.Sprintf("%d Kampagnengebieten", len(changes))
		if len(changes) == 1 {
			areas = "einem Kampagnengebiet"
		}
		return geo.Errorf(geo.EINVALID, "Import abgebrochen, die Datenbank ist unverändert: er ändert den Nenner von %s. "+
			"Mit --accept-changes importieren; die Kampagnen rechnen dann weiter mit ihren festgehaltenen Nennern "+
			"(neu festhalten: gigaplan campaign denominator KAMPAGNE --area GEBIET --overlay).", areas)
	}
	if err := camps.KeepDenominators(ctx, changes, campaigns.Decision{By: enteredBy(e, "")}); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Bestätigt (--accept-changes): die Kampagnen behalten ihre festgehaltenen Nenner.")
	return nil
}

// openSources opens every file; closeAll closes them.
func openSources(files []string) ([]geo.Source, int64, func(), error) {
	var srcs []geo.Source
	var fds []*os.File
	var total int64
	closeAll := func() {
		for _, f := range fds {
			f.Close()
		}
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			closeAll()
			return nil, 0, nil, geo.OpenError(name, err)
		}
		fds = append(fds, f)
		if fi, err := f.Stat(); err == nil {
			total += fi.Size()
		}
		srcs = append(srcs, geo.Source{Name: name, R: f})
	}
	return srcs, total, closeAll, nil
}

const maxListed = 20

func printSummary(w io.Writer, s *geo.ImportSummary) {
	for _, r := range s.Files {
		fmt.Fprintln(w, r.ReadLine())
	}
	fmt.Fprintln(w, s.TotalsLine())
	printIssues(w, "Übersprungen", s.Skipped, s.SkippedCount)
	printIssues(w, "Hinweise", s.Warnings, s.WarningCount)
	o := s.Overlay
	fmt.Fprintf(w, "%s (%s)\n", o.Line(), o.Duration.Round(1e6))
	if o.Unassigned > 0 {
		fmt.Fprintln(w, "  Liste der Adressen außerhalb aller Ortsteile: gigaplan addresses --unassigned")
	}
	if o.AGSMismatches > 0 {
		fmt.Fprintf(w, "Adressen, deren AGS nicht zur Gemeinde der Verschneidung passt: %s\n", formatInt(int64(o.AGSMismatches)))
		for _, m := range o.AGSExamples {
			fmt.Fprintf(w, "  %s (%s): AGS %s, liegt in %s (AGS %s)\n", m.Address.Label(), m.Address.Source, m.Address.AGS, m.Municipality, m.AGS)
		}
	}
	if len(o.Overlaps) > 0 {
		fmt.Fprintf(w, "Überlappungen von Gemeinden oder Ortsteilen: %d – Adressen darin gehören zum zuerst importierten Gebiet\n", len(o.Overlaps))
		for i, ov := range o.Overlaps {
			if i == maxListed {
				fmt.Fprintf(w, "  … und %d weitere\n", len(o.Overlaps)-maxListed)
				break
			}
			fmt.Fprintf(w, "  %s %q und %q: %s m²\n", ov.Kind.German(), ov.A, ov.B, formatInt(int64(math.Round(ov.AreaM2))))
		}
	}
	printMissing(w, s.Missing, s.Removed)
	fmt.Fprintf(w, "Fertig in %s\n", s.Duration.Round(1e6))
}

// printIssues lists the first maxListed of is; count is the total.
func printIssues(w io.Writer, title string, is []geo.Issue, count int) {
	if count == 0 {
		return
	}
	fmt.Fprintf(w, "%s (%d):\n", title, count)
	for i, x := range is {
		if i == maxListed {
			break
		}
		fmt.Fprintf(w, "  %s\n", x.German())
	}
	if count > min(len(is), maxListed) {
		fmt.Fprintf(w, "  … und %d weitere\n", count-min(len(is), maxListed))
	}
}

// formatInt writes n with German thousands separators: 1.234.567.
func formatInt(n int64) string { return campaigns.Thousands(n) }

// checkImport prints what importing files would do, writing nothing. It
// fails when the import would be refused.
func checkImport(ctx context.Context, svc *geo.Service, what string, files []string, opt geo.ParseOptions, e env) error {
	srcs, _, closeAll, err := openSources(files)
	if err != nil {
		return err
	}
	defer closeAll()
	var c *geo.Check
	if what == "addresses" {
		c, err = svc.CheckAddresses(ctx, srcs, opt)
	} else {
		c, err = svc.CheckAreas(ctx, srcs, opt)
	}
	if err != nil {
		if code := geo.ErrorCode(err); code != geo.EINTERNAL {
			return geo.Errorf(code, "%s\nPrüfung: der Import würde abbrechen.", geo.ErrorMessage(err))
		}
		return err
	}
	printCheck(e.stdout, c, what == "addresses")
	if c.Stop != nil {
		return geo.Errorf(geo.EINVALID, "Prüfung: der Import würde abbrechen: %s", geo.ErrorMessage(c.Stop))
	}
	return nil
}

// printCheck writes a Check for people.
func printCheck(w io.Writer, c *geo.Check, addresses bool) {
	fmt.Fprintln(w, "Prüfung – nichts wurde geschrieben.")
	for _, r := range c.Files {
		crs := "–"
		switch {
		case r.CRS != 0 && r.CRSName != "":
			crs = fmt.Sprintf("%s (%s)", r.CRS, r.CRSName)
		case r.CRS != 0:
			crs = r.CRS.String()
		case r.CRSName != "":
			crs = r.CRSName + " (wie in der Datei beschrieben, ohne EPSG-Code)"
		}
		fmt.Fprintf(w, "%s: Format %s, Koordinatensystem %s", r.File, r.Format, crs)
		if r.Encoding != "" {
			fmt.Fprintf(w, ", Zeichensatz %s", r.Encoding)
		}
		fmt.Fprintln(w)
		if len(r.Mapping) > 0 {
			fmt.Fprintf(w, "  Felder: %s\n", geo.MappingGerman(r.Mapping))
		}
		if len(r.Unmapped) > 0 {
			fmt.Fprintf(w, "  nicht verwendet: %s\n", strings.Join(r.Unmapped, ", "))
		}
		if r.NoNumberCount > 0 {
			fmt.Fprintf(w, "  ohne Hausnummer (importiert und markiert): %s\n", formatInt(int64(r.NoNumberCount)))
		}
		if r.RepairedCount > 0 {
			fmt.Fprintf(w, "  doppelt kodierter Text repariert: %s\n", formatInt(int64(r.RepairedCount)))
		}
		if r.FilteredCount > 0 {
			fmt.Fprintf(w, "  ausgefiltert: %s\n", formatInt(int64(r.FilteredCount)))
		}
	}
	unit := "Adressen"
	if !addresses {
		unit = "Gebiete"
	}
	fmt.Fprintf(w, "%s: %s gelesen, %s neu, %s aktualisiert, %s unverändert, %s übersprungen\n", unit,
		formatInt(int64(c.Read)), formatInt(int64(c.New)), formatInt(int64(c.Updated)), formatInt(int64(c.Unchanged)), formatInt(int64(c.Skipped)))
	if len(c.Warnings) > 0 {
		fmt.Fprintln(w, "Häufigste Hinweise:")
		for _, k := range c.Warnings {
			var ex []string
			for _, i := range k.Examples {
				ex = append(ex, i.String())
			}
			fmt.Fprintf(w, "  %s ×  %s\n", formatInt(int64(k.Count)), k.Message)
			for _, x := range ex {
				fmt.Fprintf(w, "      z. B. %s\n", x)
			}
		}
	}
	printMissing(w, c.Missing, false)
	if len(c.Areas) == 0 {
		fmt.Fprintln(w, "Verschneidung: keine Summe eines Gebiets ändert sich.")
		return
	}
	fmt.Fprintln(w, "Verschneidung (vorher → nachher):")
	t := &table{head: []string{"Art", "Gebiet", "Adressen", "Haushalte", "Betriebe"}, right: []bool{false, false, true, true, true}}
	arrow := func(a, b int) string {
		if a == b {
			return formatInt(int64(a))
		}
		return fmt.Sprintf("%s → %s", formatInt(int64(a)), formatInt(int64(b)))
	}
	for i, a := range c.Areas {
		if i == 3*maxListed {
			t.add("", fmt.Sprintf("… und %d weitere", len(c.Areas)-i), "", "", "")
			break
		}
		name := a.Name
		if a.New {
			name += " (neu)"
		}
		t.add(a.Kind.German(), name, arrow(a.Before.Buildings, a.After.Buildings), arrow(a.Before.Households, a.After.Households), arrow(a.Before.Businesses, a.After.Businesses))
	}
	if err := t.write(w); err != nil {
		fmt.Fprintln(w, err)
	}
}

// printMissing lists the areas an area import no longer holds.
func printMissing(w io.Writer, missing []geo.Area, removed bool) {
	if len(missing) == 0 {
		return
	}
	names := make([]string, 0, min(len(missing), maxListed))
	for i, a := range missing {
		if i == maxListed {
			names = append(names, fmt.Sprintf("… und %d weitere", len(missing)-maxListed))
			break
		}
		names = append(names, a.Name)
	}
	if removed {
		fmt.Fprintf(w, "Entfernt, weil nicht mehr in der Datei (%d): %s\n", len(missing), strings.Join(names, ", "))
		return
	}
	fmt.Fprintf(w, "Nicht mehr in der Datei, aber noch gespeichert (%d): %s – entfernen mit --remove-missing\n", len(missing), strings.Join(names, ", "))
}

// withImportRecord returns ctx carrying the record of an import of files
// (geo.WithImport): base names and SHA-256 digests, who imported. The
// store writes it in the import's transaction. A file that cannot be read
// again for its digest is recorded without one (the import itself reads
// it and reports the error).
func withImportRecord(ctx context.Context, kind geo.ImportKind, areaKind geo.AreaKind, files []string, by string) context.Context {
	names, digests := make([]string, len(files)), make([]string, len(files))
	for i, name := range files {
		names[i] = geo.ImportFileName(name)
		if f, err := os.Open(name); err == nil {
			digests[i], _ = geo.FileDigest(f)
			f.Close()
		}
	}
	return geo.WithImport(ctx, geo.Import{Kind: kind, AreaKind: areaKind, File: strings.Join(names, ", "),
		SHA256: strings.Trim(strings.Join(digests, ","), ","), By: by})
}
