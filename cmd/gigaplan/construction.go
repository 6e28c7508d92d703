package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
)

// Construction progress after the build commitment:
//
//	gigaplan progress import DATEI --campaign NAME|ID [--map field=column]... [--live-share 0.3] [--by WER]
//	gigaplan progress show --campaign NAME|ID [--as-of JJJJ-MM-TT]
//	gigaplan progress expect --campaign NAME|ID --area A (--start|--completion) JJJJ-MM-TT [--date JJJJ-MM-TT] --reason "…" [--by WER]
//
// and for a funding project (construction_project.go), --project
// NAME|ID in place of --campaign (expect without --area), with
// --version N as funding milestone takes it.
func cmdProgress(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("progress: import, show oder expect?")
	}
	switch args[0] {
	case "import":
		return progressImport(ctx, cfg, args[1:], e)
	case "show":
		return progressShow(ctx, cfg, args[1:], e)
	case "expect":
		return progressExpect(ctx, cfg, args[1:], e)
	}
	return usagef("progress: unbekannter Befehl %q (import, show, expect)", args[0])
}

// openCampaignRef is openCampaign for a name or a numeric ID.
func openCampaignRef(ctx context.Context, cfg Config, ref string) (*app, *campaigns.Campaign, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return openCampaign(ctx, cfg, ref)
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	c, err := a.camps.Store.Campaign(ctx, id)
	if err != nil {
		if c, err = a.camps.Store.CampaignByName(ctx, ref); err != nil {
			a.close()
			return nil, nil, err
		}
	}
	return a, c, nil
}

func progressImport(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("progress import")
	campaign := fs.String("campaign", "", "campaign name or ID")
	project := fs.String("project", "", "funding project name or ID (instead of --campaign)")
	version := fs.Int64("version", 0, "with --project: the project's version you saw (funding status shows it)")
	mapping := mapFlag{}
	fs.Var(mapping, "map", "field=column, for a column of another name (fields: "+strings.Join(campaigns.ProgressFields, ", ")+")")
	share := fs.Float64("live-share", 0, "share of the homes passed that must be activated for an area to go live (default 0.3)")
	by := fs.String("by", "", "who enters (default: $USER)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (*campaign == "") == (*project == "") {
		return usagef("progress import: eine Datei und --campaign oder --project erwartet")
	}
	if *project != "" && *share != 0 {
		return usagef("progress import: --live-share gilt nur für --campaign (ein Förderprojekt wechselt mit seinen Meilensteinen)")
	}
	if *project == "" && *version != 0 {
		return usagef("progress import: --version gilt nur für --project")
	}
	if *share < 0 || *share > 1 {
		return usagef("progress import: --live-share muss zwischen 0 und 1 liegen (z. B. 0.3)")
	}
	m, err := campaigns.ParseProgressMap(mapping)
	if err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return geo.OpenError(pos[0], err)
	}
	defer f.Close()
	name := geo.ImportFileName(pos[0])
	rows, err := campaigns.ReadProgress(name, f, m, campaigns.MaxProgressRows)
	if err != nil {
		return geo.Errorf(geo.ErrorCode(err), "%s\nImport abgebrochen: nichts wurde eingetragen.", geo.ErrorMessage(err))
	}
	if *project != "" {
		return projectProgressImport(ctx, cfg, *project, *version, name, rows, enteredBy(e, *by), e)
	}
	a, c, err := openCampaignRef(ctx, cfg, *campaign)
	if err != nil {
		return err
	}
	defer a.close()
	a.camps.LiveShare = *share
	who := enteredBy(e, *by)
	res, err := a.camps.AddProgress(ctx, c, name, rows, who)
	if err != nil {
		return geo.Errorf(geo.ErrorCode(err), "%s\nImport abgebrochen: nichts wurde eingetragen.", geo.ErrorMessage(err))
	}
	moves := res.MovesGerman()
	detail := fmt.Sprintf("%s: %d Meldungen, %d Termine aus %s", c.Name, res.Reports, res.Dates, name)
	if len(moves) > 0 {
		detail += "; " + strings.Join(moves, "; ")
	}
	a.audit(ctx, e, who, campaigns.AuditProgress, detail)
	fmt.Fprintf(e.stdout, "%d Fortschrittsmeldungen und %d neue Termine aus %s für %s übernommen\n", res.Reports, res.Dates, name, c.Name)
	for _, m := range moves {
		fmt.Fprintf(e.stdout, "Status: %s\n", m)
	}
	return nil
}

func progressShow(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("progress show")
	campaign := fs.String("campaign", "", "campaign name or ID")
	project := fs.String("project", "", "funding project name or ID (instead of --campaign)")
	asOf := fs.String("as-of", "", "as of that day YYYY-MM-DD (default: today)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if (*campaign == "") == (*project == "") {
		return usagef("progress show: --campaign oder --project nötig")
	}
	day, err := optDate("as-of", *asOf)
	if err != nil {
		return err
	}
	if *project != "" {
		return projectProgressShow(ctx, cfg, *project, day, e)
	}
	a, c, err := openCampaignRef(ctx, cfg, *campaign)
	if err != nil {
		return err
	}
	defer a.close()
	figs, err := a.camps.Figures(ctx, c, day)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Baufortschritt %s (%s), Stand %s\n\n", c.Name, c.Provider, campaigns.GermanDate(figs.AsOf))
	t := &table{head: []string{"Gebiet", "Status", "zugesagt", "Baubeginn", "Homes Passed", "Connected", "Activated", "Meldung vom", "Fertigstellung erw."},
		right: []bool{false, false, false, false, true, true, true, false, false}}
	for _, f := range figs.Areas {
		b := f.Build
		start := campaigns.GermanDate(b.StartedOn)
		if b.StartedOn.IsZero() && !b.ExpectedStart.IsZero() {
			start = "erw. " + campaigns.GermanDate(b.ExpectedStart)
		}
		t.add(f.AreaName, f.Status.German(), campaigns.GermanDate(b.CommittedOn), start, campaigns.Thousands(int64(b.Passed)),
			campaigns.Thousands(int64(b.Connected)), campaigns.Thousands(int64(b.Activated)), campaigns.GermanDate(b.ReportedOn),
			campaigns.GermanDate(b.ExpectedCompletion))
	}
	if err := t.write(e.stdout); err != nil {
		return err
	}
	ds, err := a.camps.Store.BuildDates(ctx, c.ID)
	if err != nil {
		return err
	}
	if len(ds) > 0 {
		fmt.Fprintln(e.stdout, "\nTermine (jede Meldung bleibt im Verlauf):")
		for _, d := range ds {
			ar := ""
			for _, x := range c.Areas {
				if x.AreaID == d.AreaID {
					ar = x.AreaName
				}
			}
			fmt.Fprintf(e.stdout, "  %s  %s: %s voraussichtlich %s (%s)\n", campaigns.GermanDate(d.Reported), ar, d.Kind.German(),
				campaigns.GermanDate(d.Expected), d.Reason)
		}
	}
	return nil
}

func progressExpect(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("progress expect")
	campaign := fs.String("campaign", "", "campaign name or ID")
	project := fs.String("project", "", "funding project name or ID (instead of --campaign and --area)")
	version := fs.Int64("version", 0, "with --project: the project's version you saw (funding status shows it)")
	area := fs.String("area", "", "area name")
	start := fs.String("start", "", "expected construction start YYYY-MM-DD")
	completion := fs.String("completion", "", "expected completion YYYY-MM-DD")
	on := fs.String("date", "", "day reported or decided (default: today)")
	reason := fs.String("reason", "", "why (e.g. the provider's letter)")
	by := fs.String("by", "", "who enters (default: $USER)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	switch {
	case *project != "" && (*campaign != "" || *area != ""):
		return usagef("progress expect: --project ohne --campaign und --area angeben")
	case *project == "" && *version != 0:
		return usagef("progress expect: --version gilt nur für --project")
	case *project == "" && (*campaign == "" || *area == ""), (*start == "") == (*completion == ""), strings.TrimSpace(*reason) == "":
		return usagef("progress expect: --campaign und --area (oder --project), --reason und genau eines von --start oder --completion nötig")
	}
	kind, v := campaigns.BuildStart, *start
	if *completion != "" {
		kind, v = campaigns.BuildCompletion, *completion
	}
	expected, err := parseDate(string(kind), v)
	if err != nil {
		return err
	}
	day, err := optDate("date", *on)
	if err != nil {
		return err
	}
	if *project != "" {
		return projectExpect(ctx, cfg, *project, *version, kind, expected, campaigns.Decision{On: day, By: enteredBy(e, *by), Reason: *reason}, e)
	}
	a, c, err := openCampaignRef(ctx, cfg, *campaign)
	if err != nil {
		return err
	}
	defer a.close()
	who := enteredBy(e, *by)
	d, err := a.camps.SetBuildDate(ctx, c, *area, kind, expected, campaigns.Decision{On: day, By: who, Reason: *reason})
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("%s, %s: %s voraussichtlich %s (gemeldet am %s)", c.Name, *area, kind.German(), campaigns.GermanDate(d.Expected),
		campaigns.GermanDate(d.Reported))
	a.audit(ctx, e, who, campaigns.AuditProgress, msg+", Grund: "+*reason)
	fmt.Fprintln(e.stdout, msg)
	return nil
}

// The municipal sites network:
//
//	gigaplan sites list [--format table|csv]
//	gigaplan sites import DATEI [--by WER]
//	gigaplan sites set NAME --state geplant|beauftragt|im Bau|angeschlossen [--date JJJJ-MM-TT] [--reason "…"] [--by WER]
func cmdSites(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("sites: list, import oder set?")
	}
	switch args[0] {
	case "list":
		return sitesList(ctx, cfg, args[1:], e)
	case "import":
		return sitesImport(ctx, cfg, args[1:], e)
	case "set":
		return sitesSet(ctx, cfg, args[1:], e)
	}
	return usagef("sites: unbekannter Befehl %q (list, import, set)", args[0])
}

func sitesList(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("sites list")
	format := fs.String("format", "table", "table or csv")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "csv" {
		return usagef("sites list: --format table oder csv")
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	vs, err := a.camps.SiteViews(ctx)
	if err != nil {
		return err
	}
	head := []string{"Liegenschaft", "Art", "Adresse", "Anschlussstand", "seit", "Kampagne", "Vertrag vom", "Förderprojekt"}
	rows := make([][]string, 0, len(vs))
	for _, v := range vs {
		project := ""
		if v.Project != "" {
			project = v.Project
		}
		contract := ""
		if !v.ContractOn.IsZero() {
			contract = campaigns.GermanDate(v.ContractOn)
		}
		rows = append(rows, []string{v.Name, v.Kind, v.Address, v.State.German(), campaigns.GermanDate(v.Since), v.Campaign, contract, project})
	}
	if *format == "csv" {
		w := reports.NewCSVWriter(e.stdout)
		w.Write(head)
		for _, r := range rows {
			w.Write(r)
		}
		w.Flush()
		return w.Error()
	}
	t := &table{head: head, right: make([]bool, len(head))}
	for _, r := range rows {
		t.add(r...)
	}
	if err := t.write(e.stdout); err != nil {
		return err
	}
	n := campaigns.SiteCounts(vs)
	var parts []string
	for _, st := range campaigns.SiteStates {
		parts = append(parts, fmt.Sprintf("%d %s", n[st], st.German()))
	}
	fmt.Fprintf(e.stdout, "\n%d Liegenschaften: %s\n", len(vs), strings.Join(parts, ", "))
	return nil
}

func sitesImport(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("sites import")
	by := fs.String("by", "", "who enters (default: $USER)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("sites import: genau eine Datei erwartet")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return geo.OpenError(pos[0], err)
	}
	defer f.Close()
	name := geo.ImportFileName(pos[0])
	rows, err := campaigns.ReadSites(name, f, campaigns.MaxSiteRows)
	if err != nil {
		return geo.Errorf(geo.ErrorCode(err), "%s\nImport abgebrochen: nichts wurde eingetragen.", geo.ErrorMessage(err))
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	who := enteredBy(e, *by)
	ss, err := a.camps.ImportSites(ctx, name, rows, who)
	if err != nil {
		return geo.Errorf(geo.ErrorCode(err), "%s\nImport abgebrochen: nichts wurde eingetragen.", geo.ErrorMessage(err))
	}
	a.audit(ctx, e, who, campaigns.AuditSites, fmt.Sprintf("%d Liegenschaften aus %s", len(ss), name))
	fmt.Fprintf(e.stdout, "%d Liegenschaften aus %s angelegt\n", len(ss), name)
	return nil
}

func sitesSet(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("sites set")
	state := fs.String("state", "", "geplant, beauftragt, im Bau or angeschlossen")
	on := fs.String("date", "", "since when YYYY-MM-DD (default: today)")
	reason := fs.String("reason", "", "why")
	by := fs.String("by", "", "who enters (default: $USER)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *state == "" {
		return usagef("sites set: eine Liegenschaft und --state erwartet")
	}
	st, err := campaigns.ParseSiteState(*state)
	if err != nil {
		return err
	}
	day, err := optDate("date", *on)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	who := enteredBy(e, *by)
	site, err := a.camps.SetSiteState(ctx, pos[0], st, campaigns.Decision{On: day, By: who, Reason: *reason})
	if err != nil {
		return err
	}
	_, since := site.State()
	msg := fmt.Sprintf("%s: %s seit %s", site.Name, st.German(), campaigns.GermanDate(since))
	a.audit(ctx, e, who, campaigns.AuditSiteSet, msg)
	fmt.Fprintln(e.stdout, msg)
	return nil
}
