package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
	"gigaplan/web"
)

// areaList collects repeated --area flags (a comma also separates).
type areaList []string

func (l *areaList) String() string { return strings.Join(*l, ",") }

func (l *areaList) Set(s string) error {
	*l = append(*l, splitList(s)...)
	return nil
}

// reportFunding writes the funding-application workbook for the
// addresses of the named project areas:
//
//	gigaplan report funding --out FILE.xlsx --area NAME... [--rules NAME] [--rules-file F.json]
//	  [--as-of YYYY-MM-DD] [--horizon 5y] [--cost EUR] [--shares 50/40/10] [--title "…"] [--contact "…"] [--without-survey]
//
// It refuses areas that no market survey covers (reports.SurveyMissing)
// unless --without-survey, which marks the workbook as such.
func reportFunding(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("report funding")
	out := fs.String("out", "", "workbook to write (.xlsx)")
	var areas areaList
	fs.Var(&areas, "area", "project area (repeatable)")
	rules := fs.String("rules", campaigns.DefaultRuleSet, "eligibility rule set")
	rulesFile := fs.String("rules-file", "", "JSON file with the office's own rule sets")
	asOfFlag := fs.String("as-of", "", "date of the assessment (default today)")
	horizonFlag := fs.String("horizon", "", "the market survey's time horizon, e.g. 5y (default: the rule set's)")
	cost := fs.Float64("cost", 0, "cost per connection in EUR (adds the cost sheet)")
	shares := fs.String("shares", "50/40/10", "funding shares Bund/Land/Kommune in percent")
	title := fs.String("title", "", "title on the cover")
	muni := fs.String("municipality", "", "AGS or name of the applying municipality (default: the one holding the project areas)")
	contact := fs.String("contact", "", "applicant's contact on the cover (name, phone, e-mail; default: the municipality's contact from --municipalities / GIGAPLAN_MUNICIPALITIES)")
	withoutSurvey := fs.Bool("without-survey", false, "write the workbook although no market survey covers the project area (marked in red)")
	surveyFlag := fs.Int64("survey", 0, "market survey (ID, see gigaplan survey list) whose answers the workbook uses (default: the latest covering the first project area)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*out) == "" {
		return usagef("report funding: --out DATEI.xlsx fehlt")
	}
	if len(areas) == 0 {
		return usagef("report funding: mindestens ein --area NAME (Projektgebiet) angeben")
	}
	rs, err := ruleSet(*rules, *rulesFile)
	if err != nil {
		return err
	}
	asOf := campaigns.Today(time.Now())
	if *asOfFlag != "" {
		if asOf, err = parseDate("as-of", *asOfFlag); err != nil {
			return err
		}
	}
	horizon, err := parseHorizon(*horizonFlag, rs)
	if err != nil {
		return err
	}
	opt := reports.FundingOptions{Title: *title, Areas: areas, RuleSet: rs.Name, RuleTitle: rs.Title, AsOf: asOf, CostPerConnection: *cost,
		Contact: strings.TrimSpace(*contact), WithoutSurvey: *withoutSurvey, RuleSource: rs.Source, HorizonYears: horizon}
	if *cost > 0 {
		if opt.ShareBund, opt.ShareLand, opt.ShareMunicipality, err = parseShares(*shares); err != nil {
			return err
		}
		if err := checkShares(rs, *shares, opt.ShareBund, opt.ShareLand, opt.ShareMunicipality); err != nil {
			return err
		}
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	m, err := fundingMunicipality(ctx, a.geo, *muni, areas)
	if err != nil {
		return err
	}
	opt.Municipality, opt.AGS = m.Name, m.AGS
	sites, err := a.camps.SiteViews(ctx)
	if err != nil {
		return err
	}
	opt.Sites = reports.SitesByAddress(sites)
	if opt.Contact == "" && cfg.Municipalities != "" {
		// The office's contact from the municipalities' pages file.
		towns, err := web.LoadTowns(cfg.Municipalities)
		if err != nil {
			return err
		}
		opt.Contact = web.TownContact(towns, opt.AGS)
	}
	ro := reports.RowOptions{Coverage: true, Rules: &rs, AsOf: asOf, HorizonYears: horizon}
	if strings.TrimSpace(*muni) != "" {
		ro.Municipality = m.ID
	}
	if err := a.source().FundingSurvey(ctx, areas, *surveyFlag, *horizonFlag != "", cliSurveyHints, &ro, &opt); err != nil {
		return err
	}
	missing, err := a.source().SurveyMissing(ctx, areas, ro.Municipality, *surveyFlag)
	if err != nil {
		return err
	}
	if len(missing) > 0 && !*withoutSurvey {
		return reports.NoSurveyError(missing, "Markterkundung anlegen und die Antworten der Betreiber importieren: "+
			"gigaplan survey add --area NAME --from … --to … --horizon 3y, dann gigaplan supply import DATEI.csv --operator NAME – "+
			"oder den Antrag ausdrücklich ohne Markterkundung erstellen: --without-survey (auf dem Deckblatt rot vermerkt).")
	}
	opt.WithoutSurvey = len(missing) > 0
	if opt.Imports, err = a.source().FundingImports(ctx, areas, ro.Municipality); err != nil {
		return err
	}
	rows, err := a.source().ProjectRows(ctx, areas, ro)
	if err != nil {
		return err
	}
	var sum reports.FundingSummary
	if err := writeFileAtomic(*out, func(w io.Writer) (err error) {
		sum, err = reports.Funding(ctx, rows, opt, w)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Förderantrag geschrieben: %s – %s Adressen, davon %s förderfähig (%s)\n", *out,
		formatInt(int64(sum.Rows)), formatInt(int64(sum.Eligible)), rs.Title)
	if opt.WithoutSurvey {
		fmt.Fprintf(e.stdout, "Ohne Markterkundung: %s Adressen ungeklärt; die Förderfähigkeit ist nicht belegt.\n", formatInt(int64(sum.Undecided)))
	}
	return nil
}

// cliSurveyHints say how to choose a market survey and a time horizon on
// the command line (reports.FundingSurvey's refusals).
var cliSurveyHints = reports.SurveyHints{Choose: "--survey NR wählen", Horizon: "mit --horizon"}

// parseShares reads "50/40/10" (percent) as three shares summing to 1.
func parseShares(s string) (bund, land, muni float64, err error) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return 0, 0, 0, geo.Errorf(geo.EINVALID, "--shares %q: drei Anteile Bund/Land/Kommune in Prozent, z. B. 50/40/10", s)
	}
	var v [3]float64
	for i, p := range parts {
		if v[i], err = strconv.ParseFloat(strings.Replace(strings.TrimSpace(p), ",", ".", 1), 64); err != nil || v[i] < 0 {
			return 0, 0, 0, geo.Errorf(geo.EINVALID, "--shares %q: %q ist kein Prozentwert", s, p)
		}
	}
	if sum := v[0] + v[1] + v[2]; sum < 99.999 || sum > 100.001 {
		return 0, 0, 0, geo.Errorf(geo.EINVALID, "--shares %q: die Anteile ergeben %v %%, nicht 100 %%", s, sum)
	}
	return v[0] / 100, v[1] / 100, v[2] / 100, nil
}

// checkShares checks --shares against the rule set's co-funding splits
// (campaigns.RuleSet.CheckShareFractions, as the office page does).
func checkShares(rs campaigns.RuleSet, flag string, bund, land, muni float64) error {
	if err := rs.CheckShareFractions(bund, land, muni); err != nil {
		return geo.Errorf(geo.EINVALID, "--shares %q: %s", flag, geo.ErrorMessage(err))
	}
	return nil
}

// parseHorizon reads the survey's time horizon ("5", "5y", "5J", "5 Jahre";
// empty: the rule set's default) and checks it against rs.
func parseHorizon(s string, rs campaigns.RuleSet) (int, error) {
	if strings.TrimSpace(s) == "" {
		return rs.Horizon(0)
	}
	n, err := geo.HorizonYears(s)
	if err == nil && n <= 0 {
		err = geo.Errorf(geo.EINVALID, "Zeithorizont %q: erwartet eine ganze Zahl von Jahren, z. B. 5y", s)
	}
	if err != nil {
		return 0, geo.Errorf(geo.EINVALID, "--horizon: %s", geo.ErrorMessage(err))
	}
	y, err := rs.Horizon(n)
	if err != nil {
		return 0, geo.Errorf(geo.EINVALID, "--horizon %q: %s", s, geo.ErrorMessage(err))
	}
	return y, nil
}

// fundingMunicipality is the applying municipality: the one named (AGS or
// name), else the one that holds every project area, else the only one
// stored; none (zero Area) when the store has no municipality.
func fundingMunicipality(ctx context.Context, st geo.Store, name string, areas []string) (geo.Area, error) {
	refs, err := st.AreaRefs(ctx) // names only: no municipality's geometry
	if err != nil {
		return geo.Area{}, err
	}
	var munis []geo.AreaSummary
	for _, a := range refs {
		if a.Kind == geo.KindMunicipality {
			munis = append(munis, geo.AreaSummary{Area: a})
		}
	}
	if len(munis) == 0 {
		return geo.Area{}, nil
	}
	if strings.TrimSpace(name) != "" {
		return geo.FindMunicipality(munis, name)
	}
	if len(munis) == 1 {
		return munis[0].Area, nil
	}
	var id int64
	for _, n := range areas {
		a, err := st.AreaByName(ctx, "", n)
		if err != nil {
			return geo.Area{}, err
		}
		m := a.Municipality
		if a.Kind == geo.KindMunicipality {
			m = a.ID // the municipality as the project area
		}
		if id != 0 && m != id {
			return geo.Area{}, geo.Errorf(geo.EINVALID, "die Projektgebiete liegen in verschiedenen Gemeinden: --municipality angeben")
		}
		id = m
	}
	for _, m := range munis {
		if m.ID == id {
			return m.Area, nil
		}
	}
	return geo.Area{}, nil
}
