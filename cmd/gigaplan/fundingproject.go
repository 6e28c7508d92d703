package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
)

// Funding projects (issue 17); the funding workbook stays "gigaplan report
// funding" (funding.go):
//
//	gigaplan funding add --name N --municipalities "AGS|NAME,…" [--areas "A,B"] [--rules NAME] [--survey ID] [--as WER]
//	gigaplan funding milestone NAME --kind K --date JJJJ-MM-TT [--operator O --model gap|operator] [--corrects ID] [--note …]
//	                                [--rules-file F.json] [--version N] [--as WER]
//	gigaplan funding budget NAME [--total EUR] [--bund EUR] [--land EUR] [--kommune EUR] [--betreiber EUR] [--sonstige EUR]
//	                             [--spent-bund EUR …] [--year JJJJ=EUR]... [--version N] [--as WER]
//	gigaplan funding freeze NAME [--as-of JJJJ-MM-TT] [--rules-file F.json] [--version N] [--as WER]
//	gigaplan funding list [--format table|csv|json]
//	gigaplan funding status NAME [--format table|json]
func cmdFunding(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("funding: add, milestone, budget, freeze, list oder status?")
	}
	switch args[0] {
	case "add":
		return fundingAdd(ctx, cfg, args[1:], e)
	case "milestone":
		return fundingMilestone(ctx, cfg, args[1:], e)
	case "budget":
		return fundingBudget(ctx, cfg, args[1:], e)
	case "freeze":
		return fundingFreeze(ctx, cfg, args[1:], e)
	case "list":
		return fundingList(ctx, cfg, args[1:], e)
	case "status":
		return fundingStatus(ctx, cfg, args[1:], e)
	}
	return usagef("funding: unbekannter Befehl %q (add, milestone, budget, freeze, list, status; der Förderantrag ist „report funding“)", args[0])
}

func fundingAdd(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("funding add")
	name := fs.String("name", "", "project name")
	munis := fs.String("municipalities", "", "comma-separated AGS or names of the municipalities it is filed for")
	areas := fs.String("areas", "", "comma-separated project areas (Ortsteile) whose eligible addresses make the project area")
	rules := fs.String("rules", campaigns.DefaultRuleSet, "rule set it is judged under")
	rulesFile := fs.String("rules-file", "", "JSON file with the office's own rule sets")
	survey := fs.Int64("survey", 0, "market survey (ID) it is judged under")
	as := fs.String("as", "", "author (default: the OS user)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" || strings.TrimSpace(*munis) == "" {
		return usagef("funding add: --name und --municipalities sind nötig")
	}
	rs, err := ruleSet(*rules, *rulesFile)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	p := campaigns.FundingProject{Name: strings.TrimSpace(*name), RuleSet: rs.Name, SurveyID: *survey, CreatedBy: enteredBy(e, *as)}
	var muniIDs []int64
	for _, m := range splitList(*munis) {
		ar, _, err := geo.ScopeOf(ctx, st, m)
		if err != nil {
			return err
		}
		if ar.AGS == "" {
			return geo.Errorf(geo.EINVALID, "--municipalities: die Gemeinde %s hat keinen Gemeindeschlüssel (AGS)", ar.Name)
		}
		p.Municipalities = append(p.Municipalities, ar.AGS)
		muniIDs = append(muniIDs, ar.ID)
	}
	var areaNames []string
	for _, n := range splitList(*areas) {
		a, err := areaOfMunicipalities(ctx, st, muniIDs, n)
		if err != nil {
			return err
		}
		p.Areas = append(p.Areas, a.ID)
		areaNames = append(areaNames, a.Name)
	}
	saved, err := st.AddFundingProject(ctx, p)
	if err != nil {
		return err
	}
	auditCLI(ctx, st, e, saved.CreatedBy, campaigns.AuditFundingAdd, fmt.Sprintf("Förderprojekt %s angelegt: Gemeinden %s, Gebiete %s, Regelwerk %s",
		saved.Name, strings.Join(saved.Municipalities, ", "), strings.Join(areaNames, ", "), saved.RuleSet))
	fmt.Fprintf(e.stdout, "Förderprojekt %q angelegt (ID %d): %d Gemeinde(n), %d Gebiet(e), Regelwerk %s\n",
		saved.Name, saved.ID, len(saved.Municipalities), len(saved.Areas), saved.RuleSet)
	return nil
}

// areaOfMunicipalities finds an area by name in one of the municipalities,
// else among every area (a name that is unique over all).
func areaOfMunicipalities(ctx context.Context, st geo.Store, munis []int64, name string) (geo.Area, error) {
	for _, m := range munis {
		if a, err := geo.AreaNamed(ctx, st, m, name); err == nil {
			return a, nil
		}
	}
	return geo.AreaNamed(ctx, st, 0, name)
}

// fundingProjectArg opens the store and finds the project named by the
// one positional argument; the caller closes the store.
func fundingProjectArg(ctx context.Context, cfg Config, cmd string, pos []string) (store, *campaigns.FundingProject, error) {
	if len(pos) != 1 {
		return nil, nil, usagef("%s: genau einen Projektnamen angeben", cmd)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	p, err := findProject(ctx, st, pos[0])
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, p, nil
}

// findProject finds the funding project named ref, or with the ID ref
// when no project has that name (funding list shows both).
func findProject(ctx context.Context, st store, ref string) (*campaigns.FundingProject, error) {
	p, err := st.FundingProjectByName(ctx, ref)
	if geo.ErrorCode(err) != geo.ENOTFOUND {
		return p, err
	}
	if id, perr := strconv.ParseInt(strings.TrimSpace(ref), 10, 64); perr == nil && id > 0 {
		if byID, err := st.FundingProject(ctx, id); err == nil {
			return byID, nil
		}
	}
	return nil, err
}

// versionOf is --version (the "Stand" that funding status showed), else
// the project's current one.
func versionOf(p *campaigns.FundingProject, flag int64) int64 {
	if flag > 0 {
		return flag
	}
	return p.Version
}

func fundingMilestone(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("funding milestone")
	kind := fs.String("kind", "", "milestone: "+milestoneCodes())
	date := fs.String("date", "", "day it was reached YYYY-MM-DD")
	operator := fs.String("operator", "", "awarded operator (award only)")
	model := fs.String("model", "", "gap (Wirtschaftlichkeitslücke) or operator (Betreibermodell), award only")
	corrects := fs.Int64("corrects", 0, "ID of the entry this one corrects (see funding status)")
	note := fs.String("note", "", "note")
	rulesFile := fs.String("rules-file", "", "JSON file with the office's own rule sets (when the project's is one of them)")
	version := fs.Int64("version", 0, "the project's version you saw (funding status shows it): refused if it changed since")
	as := fs.String("as", "", "author (default: the OS user)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *kind == "" {
		return usagef("funding milestone: --kind fehlt (%s)", milestoneCodes())
	}
	m, err := campaigns.ParseMilestone(*kind)
	if err != nil {
		return err
	}
	day, err := parseDate("date", *date)
	if err != nil {
		return err
	}
	ev := campaigns.MilestoneEvent{Kind: m, Day: day, Operator: strings.TrimSpace(*operator), Corrects: *corrects,
		Note: strings.TrimSpace(*note), EnteredBy: enteredBy(e, *as)}
	if *model != "" {
		if ev.Model, err = campaigns.ParseFundingModel(*model); err != nil {
			return err
		}
	}
	st, p, err := fundingProjectArg(ctx, cfg, "funding milestone", pos)
	if err != nil {
		return err
	}
	defer st.Close()
	var eligible []int64
	if m == campaigns.MilestoneApplication && len(p.Addresses) == 0 {
		if eligible, err = eligibleList(ctx, *rulesFile, st, p, day); err != nil {
			return err
		}
	}
	saved, detail, err := campaigns.RecordMilestone(ctx, st, p.ID, versionOf(p, *version), ev, campaigns.Today(time.Now()), eligible)
	if err != nil {
		return err
	}
	auditCLI(ctx, st, e, ev.EnteredBy, campaigns.AuditFundingMilestone, detail)
	fmt.Fprintf(e.stdout, "%s\nStand jetzt: %s\n", detail, saved.Phase())
	return nil
}

// eligibleList is the funding workbook's eligible list of p as of day
// (reports.Source.EligibleList).
func eligibleList(ctx context.Context, rulesFile string, st store, p *campaigns.FundingProject, day time.Time) ([]int64, error) {
	rs, err := ruleSet(p.RuleSet, rulesFile)
	if err != nil {
		return nil, err
	}
	src := reports.Source{Geo: st, Supply: st, Campaigns: &campaigns.Service{Geo: st, Store: st, Funding: st}}
	return src.EligibleList(ctx, p, rs, day)
}

func fundingFreeze(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("funding freeze")
	asOf := fs.String("as-of", "", "day of the eligible list YYYY-MM-DD (default today)")
	rulesFile := fs.String("rules-file", "", "JSON file with the office's own rule sets (when the project's is one of them)")
	version := fs.Int64("version", 0, "the project's version you saw")
	as := fs.String("as", "", "author (default: the OS user)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	day := campaigns.Today(time.Now())
	if *asOf != "" {
		if day, err = parseDate("as-of", *asOf); err != nil {
			return err
		}
	}
	st, p, err := fundingProjectArg(ctx, cfg, "funding freeze", pos)
	if err != nil {
		return err
	}
	defer st.Close()
	eligible, err := eligibleList(ctx, *rulesFile, st, p, day)
	if err != nil {
		return err
	}
	_, detail, err := campaigns.FreezeArea(ctx, st, p.ID, versionOf(p, *version), eligible, day)
	if err != nil {
		return err
	}
	auditCLI(ctx, st, e, enteredBy(e, *as), campaigns.AuditFundingMilestone, detail)
	fmt.Fprintln(e.stdout, detail)
	return nil
}

func milestoneCodes() string {
	codes := make([]string, len(campaigns.Milestones))
	for i, m := range campaigns.Milestones {
		codes[i] = string(m)
	}
	return strings.Join(codes, ", ")
}

// yearList collects repeated --year JJJJ=EUR flags.
type yearList []string

func (l *yearList) String() string     { return strings.Join(*l, ",") }
func (l *yearList) Set(s string) error { *l = append(*l, s); return nil }

func fundingBudget(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("funding budget")
	total := fs.String("total", "", "approved total in EUR")
	approved, spent := map[campaigns.Share]*string{}, map[campaigns.Share]*string{}
	for _, s := range campaigns.Shares {
		approved[s] = fs.String(string(s), "", s.Label()+": approved EUR")
		spent[s] = fs.String("spent-"+string(s), "", s.Label()+": spent EUR")
	}
	var years yearList
	fs.Var(&years, "year", "the municipality's share in one year: JJJJ=EUR (repeatable; replaces every year)")
	version := fs.Int64("version", 0, "the project's version you saw")
	as := fs.String("as", "", "author (default: the OS user)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	euro := func(flag, v string) (int64, error) {
		c, err := campaigns.ParseEuro(v)
		if err != nil {
			return 0, geo.Errorf(geo.EINVALID, "--%s: %s", flag, geo.ErrorMessage(err))
		}
		return c, nil
	}
	var set campaigns.Budget
	change := false
	if *total != "" {
		if set.Total, err = euro("total", *total); err != nil {
			return err
		}
		change = true
	}
	type amount struct {
		share  campaigns.Share
		actual bool
		cents  int64
	}
	var amounts []amount
	for _, s := range campaigns.Shares {
		for _, x := range []struct {
			v      *string
			flag   string
			actual bool
		}{{approved[s], string(s), false}, {spent[s], "spent-" + string(s), true}} {
			if *x.v == "" {
				continue
			}
			c, err := euro(x.flag, *x.v)
			if err != nil {
				return err
			}
			amounts = append(amounts, amount{s, x.actual, c})
		}
	}
	for _, y := range years {
		ys, v, ok := strings.Cut(y, "=")
		yr, err := strconv.Atoi(strings.TrimSpace(ys))
		if !ok || err != nil {
			return geo.Errorf(geo.EINVALID, "--year %q: erwartet JJJJ=EUR, z. B. 2027=40.000,00", y)
		}
		c, err := euro("year "+ys, v)
		if err != nil {
			return err
		}
		set.Years = append(set.Years, campaigns.YearAmount{Year: yr, Cents: c})
	}
	if !change && len(amounts) == 0 && len(years) == 0 {
		return usagef("funding budget: nichts angegeben (--total, --bund, --land, --kommune, --spent-…, --year)")
	}
	st, p, err := fundingProjectArg(ctx, cfg, "funding budget", pos)
	if err != nil {
		return err
	}
	defer st.Close()
	saved, detail, err := campaigns.SetBudget(ctx, st, p.ID, versionOf(p, *version), func(b *campaigns.Budget) error {
		if change {
			b.Total = set.Total
		}
		for _, a := range amounts {
			i := -1
			for k, l := range b.Lines {
				if l.Share == a.share {
					i = k
				}
			}
			if i < 0 {
				b.Lines = append(b.Lines, campaigns.BudgetLine{Share: a.share})
				i = len(b.Lines) - 1
			}
			if a.actual {
				b.Lines[i].Actual = a.cents
			} else {
				b.Lines[i].Approved = a.cents
			}
		}
		if len(years) > 0 {
			b.Years = set.Years
		}
		return nil
	})
	if err != nil {
		return err
	}
	auditCLI(ctx, st, e, enteredBy(e, *as), campaigns.AuditFundingBudget, detail)
	f := saved.Budget.Figures()
	fmt.Fprintf(e.stdout, "Budget von %s gespeichert: Kosten %s (%s), ausgegeben %s (%s), Anteil der Kommune %s\n",
		saved.Name, campaigns.Euro(f.Approved), saved.Overview().MoneyText(), campaigns.Euro(f.Actual), campaigns.Percent(f.Spent), campaigns.Euro(f.Municipality))
	return nil
}
