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

// The market survey (Markterkundungsverfahren) as a record:
//
//	gigaplan survey add --area NAME --from JJJJ-MM-TT --to JJJJ-MM-TT --horizon 5y [--published JJJJ-MM-TT]
//	                    [--branchendialog JJJJ-MM-TT] [--operators "A,B,C"] [--name …] [--municipality AGS|NAME] [--as WER]
//	gigaplan survey list
//	gigaplan survey show ID
//	gigaplan survey ask ID --operators "A,B" [--as WER]
//
// Supply files are imported per operator into a survey with
// "gigaplan supply import FILE --survey ID --operator NAME" (importSupply).
func cmdSurvey(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("survey: add, list, show oder ask?")
	}
	switch args[0] {
	case "add":
		return surveyAdd(ctx, cfg, args[1:], e)
	case "list":
		return surveyList(ctx, cfg, args[1:], e)
	case "show":
		return surveyShow(ctx, cfg, args[1:], e)
	case "ask":
		return surveyAsk(ctx, cfg, args[1:], e)
	}
	return usagef("survey: unbekannter Befehl %q (add, list, show, ask)", args[0])
}

// cmdSupply is "gigaplan supply import …", the same as "gigaplan import
// supply …".
func cmdSupply(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 || args[0] != "import" {
		return usagef("supply: nur „supply import DATEI --survey ID --operator NAME“")
	}
	return importSupply(ctx, cfg, args[1:], e)
}

// optDate parses an optional date flag.
func optDate(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseDate(flagName, s)
}

func surveyAdd(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("survey add")
	area := fs.String("area", "", "project area the survey covers (area name)")
	muni := fs.String("municipality", "", "AGS or name of the municipality whose area is named (when several have one of that name)")
	from := fs.String("from", "", "first day of the survey YYYY-MM-DD")
	to := fs.String("to", "", "last day of the survey YYYY-MM-DD")
	horizon := fs.String("horizon", "", "time horizon: 3..7 years, e.g. 5y or \"5 Jahre\"")
	published := fs.String("published", "", "day of publication YYYY-MM-DD")
	dialog := fs.String("branchendialog", "", "day of the Branchendialog YYYY-MM-DD")
	operators := fs.String("operators", "", "comma-separated operators asked")
	name := fs.String("name", "", "name (default: \"MEV AREA FROM–TO\")")
	as := fs.String("as", "", "author (default: the OS user)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *area == "" || *horizon == "" {
		return usagef("survey add: --area, --from, --to und --horizon sind nötig")
	}
	f, err := parseDate("from", *from)
	if err != nil {
		return err
	}
	t, err := parseDate("to", *to)
	if err != nil {
		return err
	}
	h, err := geo.ParseHorizon(*horizon)
	if err != nil {
		return err
	}
	pub, err := optDate("published", *published)
	if err != nil {
		return err
	}
	bd, err := optDate("branchendialog", *dialog)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	var muniID int64
	if *muni != "" {
		m, _, err := geo.ScopeOf(ctx, st, *muni)
		if err != nil {
			return err
		}
		muniID = m.ID
	}
	a, err := geo.AreaNamed(ctx, st, muniID, *area)
	if err != nil {
		return err
	}
	sv := geo.Survey{Name: *name, AreaID: a.ID, From: f, To: t, Published: pub, HorizonYears: h, Branchendialog: bd,
		CreatedBy: enteredBy(e, *as)}
	if sv.Name == "" {
		sv.Name = fmt.Sprintf("MEV %s %s–%s", a.Name, f.Format("02.01.2006"), t.Format("02.01.2006"))
	}
	for _, op := range geo.SplitOperators(*operators) {
		sv.Operators = append(sv.Operators, geo.SurveyOperator{Name: op, Asked: true})
	}
	sv, err = st.AddSurvey(ctx, sv)
	if err != nil {
		return err
	}
	auditCLI(ctx, st, e, sv.CreatedBy, campaigns.AuditSurvey, fmt.Sprintf("Markterkundung %s angelegt: %s, %d Betreiber angefragt",
		sv.Label(), surveyPeriod(sv), len(sv.Asked())))
	fmt.Fprintf(e.stdout, "Markterkundung %q angelegt (ID %d): %s, Gebiet %s, Zeithorizont %d Jahre, %d Betreiber angefragt\n",
		sv.Name, sv.ID, surveyPeriod(sv), a.Name, sv.HorizonYears, len(sv.Asked()))
	return nil
}

func surveyAsk(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("survey ask")
	operators := fs.String("operators", "", "comma-separated operators asked")
	as := fs.String("as", "", "author (default: the OS user)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := surveyID("survey ask", pos)
	if err != nil {
		return err
	}
	ops := geo.SplitOperators(*operators)
	if len(ops) == 0 {
		return usagef("survey ask: --operators \"A,B\" fehlt")
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.SetSurveyOperators(ctx, id, ops, true); err != nil {
		return err
	}
	auditCLI(ctx, st, e, enteredBy(e, *as), campaigns.AuditSurvey, fmt.Sprintf("Markterkundung %d: angefragt %s", id, strings.Join(ops, ", ")))
	fmt.Fprintf(e.stdout, "Markterkundung %d: %d Betreiber als angefragt vermerkt\n", id, len(ops))
	return nil
}

// surveyID reads the one positional argument, a survey ID.
func surveyID(cmd string, pos []string) (int64, error) {
	if len(pos) != 1 {
		return 0, usagef("%s: genau eine ID angeben", cmd)
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%s: %q ist keine ID (gigaplan survey list zeigt sie)", cmd, pos[0])
	}
	return id, nil
}

// surveyPeriod formats a survey's period: "05.01.2026–16.02.2026", "–"
// when it was not recorded.
func surveyPeriod(sv geo.Survey) string {
	if sv.From.IsZero() && sv.To.IsZero() {
		return "–"
	}
	return germanDay(sv.From) + "–" + germanDay(sv.To)
}

// germanDay is DD.MM.YYYY, "–" for the zero day.
func germanDay(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format("02.01.2006")
}

func surveyList(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("survey list")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	svs, err := st.Surveys(ctx)
	if err != nil {
		return err
	}
	if len(svs) == 0 {
		fmt.Fprintln(e.stdout, "Noch keine Markterkundung (anlegen mit gigaplan survey add).")
		return nil
	}
	t := &table{head: []string{"ID", "Name", "Gebiet", "Zeitraum", "Horizont", "angefragt", "geantwortet", "ohne Antwort"},
		right: []bool{true, false, false, false, true, true, true, true}}
	for _, sv := range svs {
		t.add(strconv.FormatInt(sv.ID, 10), sv.Name, areaName(ctx, st, sv.AreaID), surveyPeriod(sv), fmt.Sprintf("%d J.", sv.HorizonYears),
			strconv.Itoa(len(sv.Asked())), strconv.Itoa(len(sv.Answered())), strconv.Itoa(len(sv.NotAnswered())))
	}
	return t.write(e.stdout)
}

// areaName names a survey's area: "alle Adressen" for 0
// (reports.Source.AreaLabel, as the funding workbook's survey sheet).
func areaName(ctx context.Context, st geo.Store, id int64) string {
	return reports.Source{Geo: st}.AreaLabel(ctx, id)
}

func surveyShow(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("survey show")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := surveyID("survey show", pos)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	sv, err := st.Survey(ctx, id)
	if err != nil {
		return err
	}
	per, err := st.OperatorSupplyIn(ctx, sv.ID, 0)
	if err != nil {
		return err
	}
	rows := map[string]int{}
	for _, ss := range per {
		for _, s := range ss {
			rows[s.AnsweredBy]++
		}
	}
	w := e.stdout
	fmt.Fprintf(w, "Markterkundung %d: %s\n", sv.ID, sv.Name)
	for _, r := range reports.SurveyBlock(sv, areaName(ctx, st, sv.AreaID)) {
		fmt.Fprintf(w, "  %s: %s\n", r.Label, r.Value)
	}
	fmt.Fprintf(w, "  angelegt: %s von %s\n", sv.CreatedAt.In(campaigns.Location).Format("02.01.2006 15:04"), sv.CreatedBy)
	t := &table{head: []string{"Betreiber", "angefragt", "Antwort vom", "Adressen"}, right: []bool{false, false, false, true}}
	for _, o := range sv.Operators {
		asked := "nein"
		if o.Asked {
			asked = "ja"
		}
		ans := "keine Antwort"
		if o.Answered() {
			ans = germanDay(o.AnsweredOn)
		}
		t.add(o.Name, asked, ans, campaigns.Thousands(int64(rows[o.Name])))
	}
	if len(sv.Operators) > 0 {
		fmt.Fprintln(w)
		if err := t.write(w); err != nil {
			return err
		}
	}
	if na := sv.NotAnswered(); len(na) > 0 {
		fmt.Fprintf(w, "\nOhne Antwort (%d): %s\n", len(na), strings.Join(na, ", "))
	} else {
		fmt.Fprintln(w, "\nOhne Antwort: keiner")
	}
	return nil
}
