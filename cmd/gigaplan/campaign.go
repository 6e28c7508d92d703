package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
)

// app bundles the stores and services a command needs.
type app struct {
	geo    geo.Store
	supply geo.SupplyStore
	users  campaigns.UserStore
	camps  *campaigns.Service
	close  func() error
}

// audit records a write of the command line in the audit log, as the
// office pages record theirs: the author is who (--as or --by, else the
// OS user). The write is done; a failure to record it is reported.
func (a *app) audit(ctx context.Context, e env, who, action, detail string) {
	auditCLI(ctx, a.users, e, who, action, detail)
}

// auditCLI records a write of the command line in users' audit log,
// marked "(Befehlszeile)"; a failure to record it is reported on stderr.
func auditCLI(ctx context.Context, users campaigns.UserStore, e env, who, action, detail string) {
	if err := users.AddAudit(ctx, campaigns.AuditEntry{At: time.Now(), User: who, Action: action, Detail: detail + " (Befehlszeile)"}); err != nil {
		fmt.Fprintf(e.stderr, "gigaplan: Protokolleintrag fehlgeschlagen: %v\n", err)
	}
}

func openApp(ctx context.Context, cfg Config) (*app, error) {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &app{geo: st, supply: st, users: st, camps: &campaigns.Service{Geo: st, Store: st, Funding: st}, close: st.Close}, nil
}

// openCampaign opens the stores and finds a campaign by name; the caller
// closes the app.
func openCampaign(ctx context.Context, cfg Config, name string) (*app, *campaigns.Campaign, error) {
	a, err := openApp(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	c, err := a.camps.Store.CampaignByName(ctx, name)
	if err != nil {
		a.close()
		return nil, nil, err
	}
	return a, c, nil
}

func parseDate(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, usagef("--%s fehlt (JJJJ-MM-TT)", flagName)
	}
	t, err := campaigns.ParseDate(s)
	if err != nil {
		return time.Time{}, geo.Errorf(geo.EINVALID, "--%s: %v", flagName, err)
	}
	return t, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func checkFormat(cmd, format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return usagef("%s: --format muss %s sein", cmd, strings.Join(allowed, ", "))
}

func cmdCampaign(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("campaign: add, list, status, history, extend, set-status, outreach oder outside?")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		return campaignAdd(ctx, cfg, args, e)
	case "list":
		return campaignList(ctx, cfg, args, e)
	case "status":
		return campaignStatus(ctx, cfg, args, e)
	case "extend":
		return campaignExtend(ctx, cfg, args, e)
	case "set-status":
		return campaignSetStatus(ctx, cfg, args, e)
	case "outreach":
		return campaignOutreach(ctx, cfg, args, e)
	case "outside":
		return campaignOutside(ctx, cfg, args, e)
	case "denominator":
		return campaignDenominator(ctx, cfg, args, e)
	case "history":
		return campaignHistory(ctx, cfg, args, e)
	case "correct":
		return campaignCorrect(ctx, cfg, args, e)
	case "facility":
		return campaignFacility(ctx, cfg, args, e)
	}
	return usagef("campaign: unbekannter Unterbefehl %q", sub)
}

func campaignAdd(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("campaign add")
	provider := fs.String("provider", "", "provider")
	name := fs.String("name", "", "campaign name")
	areas := fs.String("areas", "", "comma-separated area names")
	threshold := fs.Float64("threshold", campaigns.DefaultThreshold, "quota threshold, e.g. 0.33")
	start := fs.String("start", "", "start date YYYY-MM-DD")
	deadline := fs.String("deadline", "", "deadline YYYY-MM-DD")
	count := fs.String("count", "households", "households, businesses or buildings")
	build := fs.String("build-area", "", "limit the denominators to this build area")
	muni := fs.String("municipality", "", "AGS or name of the municipality whose areas are named (when several have an area of that name)")
	facilities := fs.Bool("facilities", false, "municipal facilities' contracts count toward the quota")
	signup := fs.String("signup-url", "", "the provider's sign-up page (http or https), linked from the citizens' answer")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *provider == "" || *name == "" || *areas == "" {
		return usagef("campaign add: --provider, --name und --areas sind nötig")
	}
	s, err := parseDate("start", *start)
	if err != nil {
		return err
	}
	d, err := parseDate("deadline", *deadline)
	if err != nil {
		return err
	}
	counting, err := campaigns.ParseCounting(*count)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	c, err := a.camps.Create(ctx, campaigns.NewCampaign{Provider: *provider, Name: *name, Areas: splitList(*areas),
		Threshold: *threshold, Counting: counting, Start: s, Deadline: d, BuildArea: *build, CountFacilities: *facilities, SignupURL: *signup, Municipality: *muni})
	if err != nil {
		return err
	}
	a.audit(ctx, e, enteredBy(e, ""), campaigns.AuditCampaignCreate, fmt.Sprintf("%s (%s): %d Gebiete, Schwelle %s, %s bis %s",
		c.Name, c.Provider, len(c.Areas), campaigns.Percent(c.Threshold), c.Start.Format("02.01.2006"), c.Deadline.Format("02.01.2006")))
	fmt.Fprintf(e.stdout, "Kampagne %q angelegt (ID %d): %d Gebiete, Schwelle %s, %s bis %s\n", c.Name, c.ID, len(c.Areas),
		campaigns.Percent(c.Threshold), c.Start.Format("02.01.2006"), c.Deadline.Format("02.01.2006"))
	return nil
}

func campaignList(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("campaign list")
	format := fs.String("format", "table", "table, csv or json")
	muni := fs.String("municipality", "", "only the campaigns with an area in this municipality (AGS or name)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if err := checkFormat("campaign list", *format, "table", "csv", "json"); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	all, err := a.camps.Store.Campaigns(ctx)
	if err != nil {
		return err
	}
	if *muni != "" {
		_, scope, err := geo.ScopeOf(ctx, a.camps.Geo, *muni)
		if err != nil {
			return err
		}
		all = slices.DeleteFunc(all, func(c *campaigns.Campaign) bool {
			return !slices.ContainsFunc(c.Areas, func(ca campaigns.CampaignArea) bool { return scope[ca.AreaID] })
		})
	}
	type row struct {
		ID        int64   `json:"id"`
		Provider  string  `json:"provider"`
		Name      string  `json:"name"`
		Counting  string  `json:"counting"`
		Threshold float64 `json:"threshold"`
		Start     string  `json:"start"`
		Deadline  string  `json:"deadline"`
		Areas     int     `json:"areas"`
		Status    string  `json:"status"`
		// DecisionDue: an area still runs after the deadline.
		DecisionDue bool `json:"decisionDue"`
		// StatusText says how many areas are in which status when they
		// differ (campaigns.OverallText).
		StatusText string `json:"statusText"`
	}
	var rows []row
	today := a.camps.Today()
	for _, c := range all {
		c = c.AsOf(today)
		st := make([]campaigns.Status, len(c.Areas))
		due := false
		for i, ar := range c.Areas {
			st[i] = ar.Status
			due = due || campaigns.DecisionDue(ar.Status, today, c.CurrentDeadline())
		}
		rows = append(rows, row{c.ID, c.Provider, c.Name, string(c.Counting), c.Threshold, c.Start.Format(time.DateOnly),
			c.CurrentDeadline().Format(time.DateOnly), len(c.Areas), string(campaigns.Overall(st)), due, campaigns.OverallText(st)})
	}
	switch *format {
	case "json":
		return writeJSON(e.stdout, rows)
	case "csv":
		w := reports.NewCSVWriter(e.stdout)
		w.Write([]string{"id", "provider", "name", "counting", "threshold", "start", "deadline", "areas", "status", "decision_due"})
		for _, r := range rows {
			w.Write([]string{strconv.FormatInt(r.ID, 10), r.Provider, r.Name, r.Counting, strconv.FormatFloat(r.Threshold, 'f', -1, 64),
				r.Start, r.Deadline, strconv.Itoa(r.Areas), r.Status, strconv.FormatBool(r.DecisionDue)})
		}
		w.Flush()
		return w.Error()
	}
	t := &table{head: []string{"ID", "Anbieter", "Kampagne", "zählt", "Schwelle", "Start", "Frist", "Gebiete", "Status"},
		right: []bool{true, false, false, false, true, false, false, true, false}}
	for _, r := range rows {
		t.add(strconv.FormatInt(r.ID, 10), r.Provider, r.Name, campaigns.Counting(r.Counting).German(), campaigns.Percent(r.Threshold),
			germanDate(r.Start), germanDate(r.Deadline), strconv.Itoa(r.Areas), dueText(r.StatusText, r.DecisionDue))
	}
	return t.write(e.stdout)
}

// statusText is a status in German, with "Entscheidung fällig" when an
// area runs past its deadline.
func statusText(st campaigns.Status, due bool) string { return dueText(st.German(), due) }

// dueText adds "Entscheidung fällig" to a status text when due.
func dueText(s string, due bool) string {
	if due {
		return s + " – Entscheidung fällig"
	}
	return s
}

func germanDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("02.01.2006")
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// statusJSON is one area's figures as campaign status prints them.
type statusJSON struct {
	Area                string   `json:"area"`
	Kind                string   `json:"kind"`
	Status              string   `json:"status"`
	Denominator         int      `json:"denominator"`
	OverlayDenominator  int      `json:"overlayDenominator"`
	ProviderDenominator int      `json:"providerDenominator,omitempty"`
	Signups             int      `json:"signups"`
	Facilities          int      `json:"facilities,omitempty"`
	Quota               float64  `json:"quota"`
	Threshold           float64  `json:"threshold"`
	Gap                 int      `json:"gap"`
	DaysLeft            int      `json:"daysLeft"`
	PaceNeeded          *float64 `json:"paceNeeded"` // null when no longer reachable in time
	RecentPace          float64  `json:"recentPace"`
	Forecast            string   `json:"forecast,omitempty"`
	ForecastModel       string   `json:"forecastModel"`
	Rating              string   `json:"rating"`
	LastEntry           string   `json:"lastEntry,omitempty"`
	LiveOverlay         *int     `json:"liveOverlay,omitempty"` // today's overlay, when it differs from the recorded one
	DecisionDue         bool     `json:"decisionDue,omitempty"`
	Stale               bool     `json:"stale,omitempty"`
	Override            bool     `json:"override,omitempty"` // the status was decided against the figures
}

func toStatusJSON(f campaigns.AreaFigures) statusJSON {
	out := statusJSON{Area: f.AreaName, Kind: string(f.AreaKind), Status: string(f.Status), Denominator: f.Denominator,
		OverlayDenominator: f.OverlayDenominator, ProviderDenominator: f.ProviderDenominator, Signups: f.Signed, Facilities: f.Facilities,
		Quota: floor4(f.Quota), Threshold: f.Threshold, Gap: f.Needed, DaysLeft: f.DaysLeft, RecentPace: round4(f.RecentPace),
		ForecastModel: string(f.Forecast.Model), Rating: string(f.Rating), DecisionDue: f.DecisionDue, Stale: f.Stale, Override: f.Override}
	if !math.IsInf(f.PaceNeeded, 0) {
		p := round4(f.PaceNeeded)
		out.PaceNeeded = &p
	}
	if f.Forecast.Reachable {
		out.Forecast = f.Forecast.Date.Format(time.DateOnly)
	}
	if !f.LastEntry.IsZero() {
		out.LastEntry = f.LastEntry.Format(time.DateOnly)
	}
	if f.OverlayChanged {
		n := f.LiveOverlay
		out.LiveOverlay = &n
	}
	return out
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// floor4 is a share to four decimals, rounded down as campaigns.Percent
// rounds: 0.21999 is 0.2199 (21,9 %), not 0.22.
func floor4(x float64) float64 { return math.Floor(x*1e4+1e-9) / 1e4 }

// campaignView parses the arguments of a command that shows one campaign:
// its name, --format (table, csv or json) and the date flag dateFlag
// (the zero day when not given).
func campaignView(cmd string, args []string, dateFlag, dateHelp string) (name, format string, day time.Time, err error) {
	fs := newFlagSet(cmd)
	f := fs.String("format", "table", "table, csv or json")
	d := fs.String(dateFlag, "", dateHelp)
	pos, err := parse(fs, args)
	if err != nil {
		return "", "", day, err
	}
	if len(pos) != 1 {
		return "", "", day, usagef("%s: genau ein Kampagnenname erwartet", cmd)
	}
	if err := checkFormat(cmd, *f, "table", "csv", "json"); err != nil {
		return "", "", day, err
	}
	if *d != "" {
		if day, err = parseDate(dateFlag, *d); err != nil {
			return "", "", day, err
		}
	}
	return pos[0], *f, day, nil
}

func campaignStatus(ctx context.Context, cfg Config, args []string, e env) error {
	name, format, asOf, err := campaignView("campaign status", args, "as-of", "figures as of this date (default today)")
	if err != nil {
		return err
	}
	a, c, err := openCampaign(ctx, cfg, name)
	if err != nil {
		return err
	}
	defer a.close()
	f, err := a.camps.Figures(ctx, c, asOf)
	if err != nil {
		return err
	}
	c = f.Campaign // as it stood on that day
	rows := make([]statusJSON, 0, len(f.Areas)+1)
	for _, af := range f.Areas {
		rows = append(rows, toStatusJSON(af))
	}
	total := toStatusJSON(f.Total)
	switch format {
	case "json":
		type outreachJSON struct {
			Date  string `json:"date"`
			Kind  string `json:"kind"`
			Title string `json:"title"`
		}
		var ev []outreachJSON
		for _, o := range f.Outreach {
			ev = append(ev, outreachJSON{o.Date.Format(time.DateOnly), string(o.Kind), o.Title})
		}
		return writeJSON(e.stdout, map[string]any{
			"campaign": c.Name, "provider": c.Provider, "counting": c.Counting, "threshold": c.Threshold,
			"start": c.Start.Format(time.DateOnly), "deadline": f.Deadline.Format(time.DateOnly), "asOf": f.AsOf.Format(time.DateOnly),
			"status": f.Status, "areas": rows, "total": total, "outreach": ev,
		})
	case "csv":
		w := reports.NewCSVWriter(e.stdout)
		w.Write([]string{"area", "kind", "status", "denominator", "overlay_denominator", "provider_denominator", "signups", "quota",
			"threshold", "gap", "days_left", "pace_needed", "recent_pace", "forecast", "forecast_model", "rating"})
		for _, r := range append(rows, total) {
			pace := ""
			if r.PaceNeeded != nil {
				pace = strconv.FormatFloat(*r.PaceNeeded, 'f', 2, 64)
			}
			w.Write([]string{r.Area, r.Kind, r.Status, strconv.Itoa(r.Denominator), strconv.Itoa(r.OverlayDenominator),
				strconv.Itoa(r.ProviderDenominator), strconv.Itoa(r.Signups), strconv.FormatFloat(r.Quota, 'f', 4, 64),
				strconv.FormatFloat(r.Threshold, 'f', -1, 64), strconv.Itoa(r.Gap), strconv.Itoa(r.DaysLeft), pace,
				strconv.FormatFloat(r.RecentPace, 'f', 2, 64), r.Forecast, r.ForecastModel, r.Rating})
		}
		w.Flush()
		return w.Error()
	}
	fmt.Fprintf(e.stdout, "%s – %s (%s), Stand %s\n", c.Name, c.Provider, c.Counting.German(), f.AsOf.Format("02.01.2006"))
	fmt.Fprintf(e.stdout, "Start %s, Frist %s", c.Start.Format("02.01.2006"), f.Deadline.Format("02.01.2006"))
	for _, x := range c.Extensions {
		fmt.Fprintf(e.stdout, " (verlängert am %s: %s)", x.Decided.Format("02.01.2006"), x.Reason)
	}
	areaStatus := make([]campaigns.Status, len(f.Areas))
	for i, af := range f.Areas {
		areaStatus[i] = af.Status
	}
	fmt.Fprintf(e.stdout, ", Schwelle %s, Status: %s\n\n", campaigns.Percent(c.Threshold), campaigns.OverallText(areaStatus))
	t := &table{head: []string{"Gebiet", "Nenner", "Verträge", "Quote", "Schwelle", "fehlen", "Tage", "nötig/Tag", "zuletzt/Tag", "Prognose", "Bewertung", "Status"},
		right: []bool{false, true, true, true, true, true, true, true, true, false, false, false}}
	for i, af := range append(f.Areas, f.Total) {
		r := append(rows, total)[i]
		pace := "–"
		if r.PaceNeeded != nil && (af.Status.Active() || af.Status == campaigns.StatusPlanned) {
			pace = decimal(*r.PaceNeeded, 1)
		}
		forecast := "–"
		if af.Forecast.Reachable {
			forecast = af.Forecast.Date.Format("02.01.2006")
		}
		den := formatInt(int64(af.Denominator))
		if af.ProviderDenominator > 0 {
			den += fmt.Sprintf(" (Overlay %s)", formatInt(int64(af.OverlayDenominator)))
		}
		if af.OverlayChanged {
			den += fmt.Sprintf(" (Verschneidung heute %s)", formatInt(int64(af.LiveOverlay)))
		}
		rating := af.Rating.German()
		if !af.Status.Active() {
			rating = "–"
		}
		status := statusText(af.Status, af.DecisionDue)
		if af.Override {
			status += " (Übersteuerung)"
		}
		if af.Stale {
			status += " (keine neue Zahl seit über 14 Tagen)"
		}
		if i == len(f.Areas) && f.Mixed {
			status += " (gemischt)"
		}
		t.add(af.AreaName, den, formatInt(int64(af.Signed)), campaigns.Percent(af.Quota), campaigns.Percent(af.Threshold),
			formatInt(int64(af.Needed)), strconv.Itoa(af.DaysLeft), pace, decimal(af.RecentPace, 1), forecast, rating, status)
	}
	if err := t.write(e.stdout); err != nil {
		return err
	}
	if len(f.Outreach) > 0 {
		fmt.Fprintln(e.stdout, "\nÖffentlichkeitsarbeit:")
		for _, o := range f.Outreach {
			fmt.Fprintf(e.stdout, "  %s  %s\n", o.Date.Format("02.01.2006"), o.Title)
		}
	}
	return nil
}

// decimal formats x with n decimals and a decimal comma.
func decimal(x float64, n int) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', n, 64), ".", ",", 1)
}

func campaignExtend(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("campaign extend")
	deadline := fs.String("deadline", "", "new deadline YYYY-MM-DD")
	df := addDecisionFlags(fs, false)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("campaign extend: genau ein Kampagnenname erwartet")
	}
	d, err := parseDate("deadline", *deadline)
	if err != nil {
		return err
	}
	a, c, err := openCampaign(ctx, cfg, pos[0])
	if err != nil {
		return err
	}
	defer a.close()
	dec, err := df.decision(e)
	if err != nil {
		return err
	}
	if c, err = a.camps.Extend(ctx, c, d, dec); err != nil {
		return err
	}
	a.audit(ctx, e, dec.By, campaigns.AuditCampaignExtend, fmt.Sprintf("%s: Frist bis %s, Grund: %s", c.Name, c.CurrentDeadline().Format("02.01.2006"), dec.Reason))
	fmt.Fprintf(e.stdout, "Kampagne %q verlängert bis %s\n", c.Name, c.CurrentDeadline().Format("02.01.2006"))
	return nil
}

func campaignSetStatus(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("campaign set-status")
	status := fs.String("status", "", "new status")
	areas := fs.String("areas", "", "comma-separated areas (default: all)")
	df := addDecisionFlags(fs, true)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("campaign set-status: genau ein Kampagnenname erwartet")
	}
	to, err := campaigns.ParseStatus(*status)
	if err != nil {
		return err
	}
	a, c, err := openCampaign(ctx, cfg, pos[0])
	if err != nil {
		return err
	}
	defer a.close()
	dec, err := df.decision(e)
	if err != nil {
		return err
	}
	if _, err = a.camps.SetStatus(ctx, c, to, dec, splitList(*areas)...); err != nil {
		var st *campaigns.StatusErrors
		if errors.As(err, &st) && strings.Contains(st.Error(), "Übersteuerung") {
			return geo.Errorf(geo.EINVALID, "%s Übersteuern mit --override --reason „…“.", geo.ErrorMessage(err))
		}
		return err
	}
	where := *areas
	if where == "" {
		where = "alle Gebiete"
	}
	detail := fmt.Sprintf("%s, %s: %s ab %s", c.Name, where, to.German(), campaigns.GermanDate(campaigns.Day(dec.On)))
	if dec.Override {
		detail += " (Übersteuerung)"
	}
	if dec.Reason != "" {
		detail += ", Grund: " + dec.Reason
	}
	a.audit(ctx, e, dec.By, campaigns.AuditCampaignStatus, detail)
	if dec.Override {
		fmt.Fprintf(e.stdout, "Status gesetzt: %s (Übersteuerung: %s)\n", to.German(), dec.Reason)
		return nil
	}
	fmt.Fprintf(e.stdout, "Status gesetzt: %s\n", to.German())
	return nil
}

func campaignOutreach(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("campaign outreach")
	date := fs.String("date", "", "date YYYY-MM-DD")
	kind := fs.String("kind", "other", "letter, info, publication or other")
	title := fs.String("title", "", "what happened")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *title == "" {
		return usagef("campaign outreach: Kampagnenname und --title nötig")
	}
	d, err := parseDate("date", *date)
	if err != nil {
		return err
	}
	k := campaigns.OutreachKind(*kind)
	switch k {
	case campaigns.OutreachLetter, campaigns.OutreachInfoEvening, campaigns.OutreachPublication, campaigns.OutreachOther:
	default:
		return geo.Errorf(geo.EINVALID, "--kind %q: letter, info, publication oder other", *kind)
	}
	a, c, err := openCampaign(ctx, cfg, pos[0])
	if err != nil {
		return err
	}
	defer a.close()
	if _, err := a.camps.Store.AddOutreach(ctx, campaigns.Outreach{CampaignID: c.ID, Date: campaigns.Day(d), Kind: k, Title: *title}); err != nil {
		return err
	}
	a.audit(ctx, e, enteredBy(e, ""), campaigns.AuditOutreach, fmt.Sprintf("%s: %s %s", c.Name, d.Format("02.01.2006"), *title))
	fmt.Fprintf(e.stdout, "Ereignis eingetragen: %s %s\n", d.Format("02.01.2006"), *title)
	return nil
}

// campaignOutside lists, for a campaign area with a build area, the
// district's addresses outside the build area and the build area's
// addresses outside the district.
func campaignOutside(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("campaign outside")
	area := fs.String("area", "", "campaign area")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *area == "" {
		return usagef("campaign outside: Kampagnenname und --area nötig")
	}
	a, c, err := openCampaign(ctx, cfg, pos[0])
	if err != nil {
		return err
	}
	defer a.close()
	var ca *campaigns.CampaignArea
	for i := range c.Areas {
		if strings.EqualFold(c.Areas[i].AreaName, *area) {
			ca = &c.Areas[i]
		}
	}
	if ca == nil {
		return geo.Errorf(geo.ENOTFOUND, "Kampagne %s hat kein Gebiet %q", c.Name, *area)
	}
	if ca.BuildAreaID == 0 {
		return geo.Errorf(geo.EINVALID, "Gebiet %s der Kampagne %s hat kein Ausbaugebiet", ca.AreaName, c.Name)
	}
	w := reports.NewCSVWriter(e.stdout)
	w.Write([]string{"side", "id", "key", "street", "number", "suffix", "postcode", "households", "businesses"})
	for _, side := range []struct {
		label string
		a, b  int64
	}{{"area_outside_buildarea", ca.AreaID, ca.BuildAreaID}, {"buildarea_outside_area", ca.BuildAreaID, ca.AreaID}} {
		addrs, err := a.camps.Store.AddressesOutside(ctx, side.a, side.b)
		if err != nil {
			return err
		}
		for _, ad := range addrs {
			w.Write([]string{side.label, strconv.FormatInt(ad.ID, 10), ad.Key, ad.Street, ad.HouseNumber, ad.Suffix, ad.Postcode,
				strconv.Itoa(ad.Households), strconv.Itoa(ad.Businesses)})
		}
	}
	w.Flush()
	return w.Error()
}

// campaignDenominator records the provider's own figure of homes in an
// area; the quota then uses it, and the overlay's figure stays beside it.
func campaignDenominator(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("campaign denominator")
	area := fs.String("area", "", "campaign area")
	count := fs.Int("count", -1, "provider's number of homes (0 removes it)")
	overlay := fs.Bool("overlay", false, "record today's overlay figure as the one the campaign counts with")
	df := addDecisionFlags(fs, false)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *area == "" || (*count < 0) == !*overlay {
		return usagef("campaign denominator: Kampagnenname, --area und --count oder --overlay nötig")
	}
	if *overlay {
		a, c, err := openCampaign(ctx, cfg, pos[0])
		if err != nil {
			return err
		}
		defer a.close()
		dec, err := df.decision(e)
		if err != nil {
			return err
		}
		if c, err = a.camps.RecordOverlay(ctx, c, *area, dec); err != nil {
			return err
		}
		ar, _ := c.AreaByName(*area)
		a.audit(ctx, e, dec.By, campaigns.AuditDenominator, fmt.Sprintf("%s, %s: Nenner der Verschneidung %s festgehalten", c.Name, ar.AreaName,
			formatInt(int64(ar.RecordedOverlay))))
		fmt.Fprintf(e.stdout, "Nenner der Verschneidung für %s festgehalten: %s\n", ar.AreaName, formatInt(int64(ar.RecordedOverlay)))
		return nil
	}
	a, c, err := openCampaign(ctx, cfg, pos[0])
	if err != nil {
		return err
	}
	defer a.close()
	dec, err := df.decision(e)
	if err != nil {
		return err
	}
	if _, err := a.camps.SetProviderDenominator(ctx, c, *area, *count, dec); err != nil {
		return err
	}
	a.audit(ctx, e, dec.By, campaigns.AuditDenominator, fmt.Sprintf("%s, %s: Nenner des Anbieters %s", c.Name, *area, formatInt(int64(*count))))
	fmt.Fprintf(e.stdout, "Nenner des Anbieters für %s: %s\n", *area, formatInt(int64(*count)))
	return nil
}

// campaignFacility records a municipal facility's signed contract.
func campaignFacility(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("campaign facility")
	address := fs.Int64("address", 0, "address ID of the facility (type public)")
	date := fs.String("date", "", "date signed YYYY-MM-DD (default today)")
	remove := fs.Bool("remove", false, "remove the contract")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *address <= 0 {
		return usagef("campaign facility: Kampagnenname und --address nötig")
	}
	on := campaigns.Today(time.Now())
	if *date != "" {
		if on, err = parseDate("date", *date); err != nil {
			return err
		}
	}
	a, c, err := openCampaign(ctx, cfg, pos[0])
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.camps.Store.SetFacilityContract(ctx, c.ID, *address, !*remove, campaigns.Day(on)); err != nil {
		return err
	}
	if *remove {
		a.audit(ctx, e, enteredBy(e, ""), campaigns.AuditFacility, fmt.Sprintf("%s: Vertrag der Einrichtung %d entfernt", c.Name, *address))
		fmt.Fprintf(e.stdout, "Vertrag der Einrichtung %d entfernt\n", *address)
	} else {
		a.audit(ctx, e, enteredBy(e, ""), campaigns.AuditFacility, fmt.Sprintf("%s: Vertrag der Einrichtung %d vom %s", c.Name, *address, on.Format("02.01.2006")))
		fmt.Fprintf(e.stdout, "Vertrag der Einrichtung %d eingetragen\n", *address)
	}
	if !c.CountFacilities {
		fmt.Fprintln(e.stdout, "Hinweis: in dieser Kampagne zählen Verträge städtischer Einrichtungen nicht zur Quote.")
	}
	return nil
}

func cmdSignups(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("signups: add, import oder history?")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		return signupsAdd(ctx, cfg, args, e)
	case "import":
		return signupsImport(ctx, cfg, args, e)
	case "history":
		return signupsHistory(ctx, cfg, args, e)
	}
	return usagef("signups: unbekannter Unterbefehl %q", sub)
}

// decisionFlags date, sign and justify a recorded decision.
type decisionFlags struct {
	on, reason, as *string
	override       *bool
}

func addDecisionFlags(fs *flag.FlagSet, override bool) decisionFlags {
	df := decisionFlags{
		on:     fs.String("on", "", "effective date YYYY-MM-DD (default today)"),
		reason: fs.String("reason", "", "why"),
		as:     fs.String("as", "", "author (default: the OS user)"),
	}
	if override {
		df.override = fs.Bool("override", false, "decide against the figures (needs --reason)")
	}
	return df
}

func (df decisionFlags) decision(e env) (campaigns.Decision, error) {
	d := campaigns.Decision{Reason: *df.reason, By: enteredBy(e, *df.as)}
	if df.override != nil {
		d.Override = *df.override
	}
	if *df.on != "" {
		on, err := parseDate("on", *df.on)
		if err != nil {
			return d, err
		}
		d.On = on
	}
	return d, nil
}

func enteredBy(e env, by string) string {
	if by != "" {
		return by
	}
	if u := e.getenv("USER"); u != "" {
		return u + " (CLI)"
	}
	return "CLI"
}

func signupsAdd(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("signups add")
	campaign := fs.String("campaign", "", "campaign name")
	area := fs.String("area", "", "area name")
	date := fs.String("date", "", "as-of date YYYY-MM-DD")
	count := fs.Int("count", -1, "cumulative signed contracts")
	source := fs.String("source", "provider", "provider, manual or estimate")
	comment := fs.String("comment", "", "comment (needed when the count falls)")
	by := fs.String("by", "", "who enters (default: $USER)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *campaign == "" || *area == "" {
		return usagef("signups add: --campaign und --area nötig")
	}
	if *count == -1 {
		return usagef("signups add: --count fehlt")
	}
	d, err := parseDate("date", *date)
	if err != nil {
		return err
	}
	src, err := campaigns.ParseSource(*source)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	en, err := a.camps.AddEntry(ctx, campaigns.NewEntry{Campaign: *campaign, Area: *area, AsOf: d, Count: *count, Source: src,
		Comment: *comment, EnteredBy: enteredBy(e, *by), BasedOn: -1})
	if err != nil {
		return err
	}
	a.audit(ctx, e, en.EnteredBy, campaigns.AuditSignups, fmt.Sprintf("%s, %s: %d Verträge zum %s", *campaign, *area, en.Count, en.AsOf.Format("02.01.2006")))
	fmt.Fprintf(e.stdout, "Eingetragen: %s, %s: %d Verträge zum %s (Eintrag %d)\n", *campaign, *area, en.Count, en.AsOf.Format("02.01.2006"), en.ID)
	return nil
}

// maxSignupRows bounds a sign-up CSV.
const maxSignupRows = 100_000

func signupsImport(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("signups import")
	by := fs.String("by", "", "who enters (default: $USER)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("signups import: genau eine CSV-Datei erwartet")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return geo.OpenError(pos[0], err)
	}
	defer f.Close()
	entries, lines, err := campaigns.ReadEntriesCSV(pos[0], f, maxSignupRows)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	who := enteredBy(e, *by)
	for i := range entries {
		entries[i].EnteredBy = who
		entries[i].BasedOn = -1
	}
	if err := a.camps.AddEntries(ctx, entries, func(i int) string { return fmt.Sprintf("%s:%d", pos[0], lines[i]) }); err != nil {
		return geo.Errorf(geo.ErrorCode(err), "%s\nImport abgebrochen: nichts wurde eingetragen.", geo.ErrorMessage(err))
	}
	a.audit(ctx, e, who, campaigns.AuditSignups, fmt.Sprintf("%d Einträge aus %s", len(entries), pos[0]))
	fmt.Fprintf(e.stdout, "%d Einträge aus %s übernommen\n", len(entries), pos[0])
	return nil
}

func signupsHistory(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("signups history")
	campaign := fs.String("campaign", "", "campaign name")
	area := fs.String("area", "", "only this area")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *campaign == "" {
		return usagef("signups history: --campaign nötig")
	}
	a, c, err := openCampaign(ctx, cfg, *campaign)
	if err != nil {
		return err
	}
	defer a.close()
	names := map[int64]string{}
	var areaID int64
	for _, ar := range c.Areas {
		names[ar.AreaID] = ar.AreaName
		if strings.EqualFold(ar.AreaName, *area) {
			areaID = ar.AreaID
		}
	}
	if *area != "" && areaID == 0 {
		return geo.Errorf(geo.ENOTFOUND, "Kampagne %s hat kein Gebiet %q", c.Name, *area)
	}
	es, err := a.camps.Store.Entries(ctx, c.ID, areaID)
	if err != nil {
		return err
	}
	w := reports.NewCSVWriter(e.stdout)
	w.Write([]string{"id", "area", "date", "count", "source", "entered_by", "entered_at", "comment"})
	for _, en := range es {
		w.Write([]string{strconv.FormatInt(en.ID, 10), names[en.AreaID], en.AsOf.Format(time.DateOnly), strconv.Itoa(en.Count),
			string(en.Source), en.EnteredBy, en.EnteredAt.UTC().Format(time.RFC3339), en.Comment})
	}
	w.Flush()
	return w.Error()
}

func cmdCoverage(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("coverage")
	format := fs.String("format", "text", "text or json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("coverage: Adresse angeben, z. B. \"Hauptstraße 12a\"")
	}
	if err := checkFormat("coverage", *format, "text", "json"); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	q := strings.Join(pos, " ")
	found, err := a.geo.SearchAddresses(ctx, q, 5)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return geo.Errorf(geo.ENOTFOUND, "keine Adresse zu %q gefunden", q)
	}
	type covJSON struct {
		Address string `json:"address"`
		ID      int64  `json:"id"`
		State   string `json:"state"`
		Message string `json:"message"`
	}
	var out []covJSON
	for _, ad := range found {
		cov, err := a.camps.Coverage(ctx, ad.ID)
		if err != nil {
			return err
		}
		out = append(out, covJSON{ad.Label(), ad.ID, string(cov.State), cov.Message})
	}
	if *format == "json" {
		return writeJSON(e.stdout, out)
	}
	for _, c := range out {
		fmt.Fprintf(e.stdout, "%s: %s\n", c.Address, c.Message)
	}
	return nil
}

// source is where report rows come from.
func (a *app) source() reports.Source {
	return reports.Source{Geo: a.geo, Supply: a.supply, Campaigns: a.camps}
}

// campaignHistory lists a campaign's record: every decision (status,
// deadline, threshold, provider denominator) and every sign-up count that
// took effect or was entered on or after --since, oldest first.
func campaignHistory(ctx context.Context, cfg Config, args []string, e env) error {
	name, format, since, err := campaignView("campaign history", args, "since", "only changes effective or entered on or after this date YYYY-MM-DD")
	if err != nil {
		return err
	}
	a, c, err := openCampaign(ctx, cfg, name)
	if err != nil {
		return err
	}
	defer a.close()
	entries, err := a.camps.Store.Entries(ctx, c.ID, 0)
	if err != nil {
		return err
	}
	type row struct {
		Event     int64  `json:"event,omitempty"` // a decision's ID, for campaign correct
		Effective string `json:"effective"`
		Kind      string `json:"kind"`
		Area      string `json:"area"`
		From      string `json:"from"`
		To        string `json:"to"`
		Text      string `json:"text"`
		Override  bool   `json:"override,omitempty"`
		Reason    string `json:"reason"`
		EnteredBy string `json:"enteredBy"`
		EnteredAt string `json:"enteredAt"`
		at        time.Time
		id        int64
	}
	names := map[int64]string{0: "alle Gebiete"}
	for _, ar := range c.Areas {
		names[ar.AreaID] = ar.AreaName
	}
	var rows []row
	for _, x := range c.EventsSince(since) {
		rows = append(rows, row{x.ID, x.Effective.Format(time.DateOnly), string(x.Kind), names[x.AreaID], x.From, x.To, x.German(),
			x.Override, x.Reason, x.EnteredBy, x.EnteredAt.UTC().Format(time.RFC3339), x.EnteredAt, x.ID})
	}
	prev := map[int64]int{}
	for _, en := range entries {
		from := prev[en.AreaID]
		prev[en.AreaID] = en.Count
		if en.AsOf.Before(since) && campaigns.Today(en.EnteredAt).Before(since) {
			continue
		}
		rows = append(rows, row{0, en.AsOf.Format(time.DateOnly), "count", names[en.AreaID], strconv.Itoa(from), strconv.Itoa(en.Count),
			fmt.Sprintf("Verträge: %s", formatInt(int64(en.Count))), false, en.Comment, en.EnteredBy,
			en.EnteredAt.UTC().Format(time.RFC3339), en.EnteredAt, en.ID})
	}
	slices.SortStableFunc(rows, func(x, y row) int {
		if c := strings.Compare(x.Effective, y.Effective); c != 0 {
			return c
		}
		return x.at.Compare(y.at)
	})
	switch format {
	case "json":
		if rows == nil {
			rows = []row{}
		}
		return writeJSON(e.stdout, rows)
	case "csv":
		w := reports.NewCSVWriter(e.stdout)
		w.Write([]string{"effective", "kind", "area", "from", "to", "override", "reason", "entered_by", "entered_at", "event"})
		for _, r := range rows {
			ev := ""
			if r.Event != 0 {
				ev = strconv.FormatInt(r.Event, 10)
			}
			w.Write([]string{r.Effective, r.Kind, r.Area, r.From, r.To, strconv.FormatBool(r.Override), r.Reason, r.EnteredBy, r.EnteredAt, ev})
		}
		w.Flush()
		return w.Error()
	}
	if len(rows) == 0 {
		fmt.Fprintln(e.stdout, "Keine Änderungen.")
		return nil
	}
	t := &table{head: []string{"Nr.", "gilt ab", "Gebiet", "Änderung", "Begründung", "erfasst von", "erfasst am"},
		right: []bool{true, false, false, false, false, false, false}}
	for _, r := range rows {
		nr := ""
		if r.Event != 0 {
			nr = strconv.FormatInt(r.Event, 10)
		}
		t.add(nr, germanDate(r.Effective), r.Area, r.Text, r.Reason, r.EnteredBy, r.at.In(campaigns.Location).Format("02.01.2006 15:04"))
	}
	return t.write(e.stdout)
}

// campaignCorrect records a correction of one event of the record (its ID
// from campaign history --format json): the corrected event stays in the
// record and counts no more.
func campaignCorrect(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("campaign correct")
	event := fs.Int64("event", 0, "ID of the event to correct (campaign history --format json)")
	to := fs.String("to", "", "the right value: a status, a date YYYY-MM-DD, a threshold (0.33) or a count")
	df := addDecisionFlags(fs, true)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *event <= 0 || *to == "" {
		return usagef("campaign correct: Kampagnenname, --event und --to nötig")
	}
	a, c, err := openCampaign(ctx, cfg, pos[0])
	if err != nil {
		return err
	}
	defer a.close()
	dec, err := df.decision(e)
	if err != nil {
		return err
	}
	if c, err = a.camps.Correct(ctx, c, *event, *to, dec); err != nil {
		return err
	}
	last := c.Events[len(c.Events)-1]
	a.audit(ctx, e, dec.By, campaigns.AuditCampaignEdit, fmt.Sprintf("%s: Eintrag %d korrigiert: %s, Grund: %s", c.Name, *event, last.German(), dec.Reason))
	fmt.Fprintf(e.stdout, "Korrigiert (Eintrag %d): %s\n", last.ID, last.German())
	return nil
}
