package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
)

// importSupply runs
//
//	gigaplan import supply|supply import FILE.csv... --operator NAME [--survey ID] [--answered JJJJ-MM-TT]
//	    [--rules NAME] [--rules-file FILE.json] [--as-of JJJJ-MM-TT] [--forgotten FILE.csv] [--as WER]
//
// It reads one operator's answer to a market survey (one or more files),
// matches every row to an official address (geo.Matcher), merges several
// reports for one address (geo.MergeSupply) and replaces that operator's
// answer in the survey (the only one when --survey is not given) in one
// transaction, marking it answered on --answered (default today); the
// other operators' answers stay. A bad row aborts the whole import with file, line and
// column, and the database stays as it was; so does an import in which no
// row matched. With --rules it also counts the addresses eligible for
// funding under that rule set (campaigns.EvaluateCoverage).
func importSupply(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("import supply")
	rules := fs.String("rules", "", "rule set for the eligibility count, e.g. gigabit-2025, gigabit-2023, grau-2021, weiss-2015")
	rulesFile := fs.String("rules-file", "", "JSON file with the office's own rule sets (with --rules)")
	asOfFlag := fs.String("as-of", "", "date of the eligibility count (JJJJ-MM-TT; default today)")
	horizonFlag := fs.String("horizon", "", "the market survey's time horizon for the count, e.g. 5y (with --rules; default: the survey's)")
	forgotten := fs.String("forgotten", "", "write the official addresses the files do not report to this CSV file")
	surveyFlag := fs.Int64("survey", 0, "market survey (ID, see gigaplan survey list; default: the only one)")
	operator := fs.String("operator", "", "operator whose answer the files are")
	answeredFlag := fs.String("answered", "", "day the answer came (JJJJ-MM-TT; default today)")
	as := fs.String("as", "", "author (default: the OS user)")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("import supply: keine Datei angegeben")
	}
	if *rulesFile != "" && *rules == "" {
		return usagef("import supply: --rules-file braucht --rules NAME")
	}
	if *horizonFlag != "" && *rules == "" {
		return usagef("import supply: --horizon braucht --rules NAME")
	}
	if strings.TrimSpace(*operator) == "" {
		return usagef("import supply: --operator NAME fehlt (wessen Antwort die Dateien sind)")
	}
	answered := campaigns.Today(time.Now())
	if *answeredFlag != "" {
		if answered, err = parseDate("answered", *answeredFlag); err != nil {
			return err
		}
	}
	var rs *campaigns.RuleSet
	horizon := 0
	if *rules != "" {
		r, err := ruleSet(*rules, *rulesFile)
		if err != nil {
			return err
		}
		if horizon, err = parseHorizon(*horizonFlag, r); err != nil {
			return err
		}
		rs = &r
	}
	asOf := campaigns.Today(time.Now())
	if *asOfFlag != "" {
		if asOf, err = parseDate("as-of", *asOfFlag); err != nil {
			return err
		}
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

	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := geo.NewMatcher(st.Addresses(ctx, geo.AddressFilter{}))
	if err != nil {
		return err
	}
	if m.Len() == 0 {
		return geo.Errorf(geo.EINVALID, "keine amtlichen Adressen in der Datenbank: zuerst gigaplan import addresses")
	}
	svs, err := st.Surveys(ctx)
	if err != nil {
		return err
	}
	sv, err := geo.PickSurvey(svs, *surveyFlag)
	if err != nil {
		return err
	}
	if rs != nil && *horizonFlag == "" && sv.HorizonYears > 0 {
		// The count uses the survey's own time horizon, checked against
		// the rule's range before anything is written.
		if horizon, err = reports.SurveyHorizon(sv, *rs, cliSurveyHints.Horizon); err != nil {
			return err
		}
	}

	perFile := make([]int, len(srcs))
	supply, rep, err := m.MatchAll(concatSupply(srcs, perFile))
	bar.finish()
	if err != nil {
		return aborted(err)
	}
	if rep.Matched == 0 {
		printSupplySummary(e.stdout, srcs, perFile, rep, m.Len())
		return geo.Errorf(geo.EINVALID, "keine Zeile einer amtlichen Adresse zugeordnet – falsche Datei?\nImport abgebrochen: die Datenbank ist unverändert.")
	}
	op := strings.TrimSpace(*operator)
	n, err := st.ReplaceOperatorSupply(withImportRecord(ctx, geo.ImportSupply, "", files, enteredBy(e, *as)), sv.ID, op, answered, seqOf(supply))
	if err != nil {
		return aborted(err)
	}
	printSupplySummary(e.stdout, srcs, perFile, rep, m.Len())
	if k, ex := geo.OtherOperators(supply, op); k > 0 {
		fmt.Fprintf(e.stdout, "Hinweis: %d Adressen nennen in der Spalte Betreiber einen anderen (z. B. %s); gespeichert als Antwort von %s\n", k, ex, op)
	}
	auditCLI(ctx, st, e, enteredBy(e, *as), campaigns.AuditImport, fmt.Sprintf("supply aus %s: Antwort von %s zur Markterkundung %s, %d Adressen",
		strings.Join(files, ", "), op, sv.Label(), n))
	fmt.Fprintf(e.stdout, "Gespeichert: Antwort von %s zur Markterkundung %s vom %s: Versorgungsdaten für %d Adressen (die bisherige Antwort von %s ersetzt, andere Betreiber unverändert)\n",
		op, sv.Label(), answered.Format("02.01.2006"), n, op)

	if sv.AreaID != 0 {
		sc, err := geo.ScopeAnswer(rep, supply, st.Addresses(ctx, geo.AddressFilter{AreaID: sv.AreaID}))
		if err != nil {
			return err
		}
		area := areaName(ctx, st, sv.AreaID)
		fmt.Fprintf(e.stdout, "Projektgebiet %s: %d von %d Adressen nicht gemeldet\n", area, len(sc.Forgotten), sc.Addresses)
		if sc.Outside > 0 {
			fmt.Fprintf(e.stdout, "Hinweis: %d gemeldete Adressen liegen außerhalb des Projektgebiets %s (gespeichert; Berichte des Projektgebiets zählen sie nicht)\n", sc.Outside, area)
		}
	}
	if *forgotten != "" {
		if err := writeForgotten(ctx, st, *forgotten, rep.Forgotten); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Nicht gemeldete Adressen geschrieben: %s\n", *forgotten)
	}
	if rs != nil {
		// Over the whole survey: every operator's answer, merged.
		merged, err := st.SurveySupply(ctx, sv.ID, 0)
		if err != nil {
			return err
		}
		all := make([]geo.Supply, 0, len(merged))
		for _, s := range merged {
			all = append(all, s)
		}
		return printEligibility(ctx, e.stdout, st, *rs, asOf, horizon, all, m.Len())
	}
	return nil
}

// ruleSets returns the built-in rule sets, preceded by those of file (which
// override built-in ones of the same name).
// ruleSet picks the named rule set from the defaults and the office's own
// file (if any).
func ruleSet(name, file string) (campaigns.RuleSet, error) {
	sets, err := ruleSets(file)
	if err != nil {
		return campaigns.RuleSet{}, err
	}
	return campaigns.RuleSetByName(name, sets)
}

func ruleSets(file string) ([]campaigns.RuleSet, error) {
	if file == "" {
		return campaigns.DefaultRuleSets, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, geo.OpenError(file, err)
	}
	defer f.Close()
	own, err := campaigns.LoadRuleSets(f)
	if err != nil {
		return nil, geo.Errorf(geo.EINVALID, "%s: %s", file, geo.ErrorMessage(err))
	}
	out := slices.Clone(own)
	for _, d := range campaigns.DefaultRuleSets {
		if !slices.ContainsFunc(own, func(r campaigns.RuleSet) bool { return r.Name == d.Name }) {
			out = append(out, d)
		}
	}
	return out, nil
}

// aborted adds that the database is unchanged to an import error.
func aborted(err error) error {
	if code := geo.ErrorCode(err); code != geo.EINTERNAL {
		return geo.Errorf(code, "%s\nImport abgebrochen: die Datenbank ist unverändert.", geo.ErrorMessage(err))
	}
	return fmt.Errorf("%w\nImport abgebrochen: die Datenbank ist unverändert", err)
}

// concatSupply reads the files one after the other, counting each file's
// records into perFile.
func concatSupply(srcs []geo.Source, perFile []int) iter.Seq2[geo.SupplyRecord, error] {
	return func(yield func(geo.SupplyRecord, error) bool) {
		for i, src := range srcs {
			for r, err := range geo.ReadSupply(src.Name, src.R) {
				if err == nil {
					perFile[i]++
				}
				if !yield(r, err) || err != nil {
					return
				}
			}
		}
	}
}

func seqOf[T any](items []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}

func printSupplySummary(w io.Writer, srcs []geo.Source, perFile []int, rep *geo.MatchReport, official int) {
	for i, src := range srcs {
		fmt.Fprintf(w, "%s: %d Zeilen gelesen\n", src.Name, perFile[i])
	}
	fmt.Fprintf(w, "Gelesen: %d, zugeordnet: %d, nicht zugeordnet: %d, zusammengeführt: %d\n",
		rep.Read, rep.Matched, rep.UnmatchedCount, rep.Merged)
	if rep.Merged > 0 {
		fmt.Fprintln(w, "  (mehrere Meldungen für dieselbe Adresse: es zählen die beste Versorgung – Download, dann Upload – und der früheste geplante Ausbau)")
	}
	if rep.UnmatchedCount > 0 {
		fmt.Fprintf(w, "Nicht zugeordnet (%d):\n", rep.UnmatchedCount)
		for i, u := range rep.Unmatched {
			if i == maxListed {
				break
			}
			fmt.Fprintf(w, "  %s: %s: %s\n", u.Source(), u.Label(), u.Reason)
		}
		if shown := min(len(rep.Unmatched), maxListed); rep.UnmatchedCount > shown {
			fmt.Fprintf(w, "  … und %d weitere\n", rep.UnmatchedCount-shown)
		}
	}
	fmt.Fprintf(w, "Nicht gemeldet: %d von %d amtlichen Adressen", len(rep.Forgotten), official)
	if len(rep.Forgotten) > 0 {
		fmt.Fprint(w, " (Liste mit --forgotten DATEI.csv)")
	}
	fmt.Fprintln(w)
}

// writeForgotten writes the official addresses with the given IDs as CSV,
// in the columns of "gigaplan addresses --format csv".
func writeForgotten(ctx context.Context, st store, name string, ids []int64) error {
	f, err := os.Create(name)
	if err != nil {
		return geo.Errorf(geo.EINVALID, "--forgotten: %v", err)
	}
	w := reports.NewCSVWriter(f)
	w.Write(addressHeader)
	for _, id := range ids {
		a, err := st.Address(ctx, id)
		if err != nil {
			f.Close()
			return err
		}
		r := addressRecord(a)
		w.Write([]string{strconv.FormatInt(r.ID, 10), r.Key, r.Street, r.Number, r.Suffix, r.Postcode, r.City, r.Locality,
			strconv.FormatFloat(r.Lon, 'f', 7, 64), strconv.FormatFloat(r.Lat, 'f', 7, 64),
			strconv.Itoa(r.Households), strconv.Itoa(r.Businesses), string(r.Type), strconv.FormatBool(r.Placeholder), r.Source})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("--forgotten %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--forgotten %s: %w", name, err)
	}
	return nil
}

// printEligibility counts the official addresses eligible under rs. The
// campaigns are consulted only for addresses the supply data leaves
// eligible, and only when some campaign area has reached its quota or
// gone further.
func printEligibility(ctx context.Context, w io.Writer, st store, rs campaigns.RuleSet, asOf time.Time, horizon int, supply []geo.Supply, official int) error {
	byID := make(map[int64]*geo.Supply, len(supply))
	for i := range supply {
		byID[supply[i].AddressID] = &supply[i]
	}
	withCampaigns := false
	if rs.ExcludeCampaigns {
		cs, err := st.Campaigns(ctx)
		if err != nil {
			return err
		}
		for _, c := range cs {
			for _, a := range c.Areas {
				switch a.Status {
				case campaigns.StatusReached, campaigns.StatusCommitted, campaigns.StatusConstruction, campaigns.StatusLive:
					withCampaigns = true
				}
			}
		}
	}
	svc := &campaigns.Service{Geo: st, Store: st}
	eligible := 0
	ids, _, err := st.Points(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		s := byID[id]
		in := campaigns.EligibilityInput{AsOf: asOf, Supply: s, HorizonYears: horizon}
		el, err := campaigns.Decide(rs, in)
		if err != nil {
			return err
		}
		if el.Eligible && withCampaigns {
			if in.Coverage, err = svc.Coverage(ctx, id); err != nil {
				return err
			}
			if el, err = campaigns.Decide(rs, in); err != nil {
				return err
			}
		}
		if el.Eligible {
			eligible++
		}
	}
	fmt.Fprintf(w, "Förderfähig nach %s (%s), Stand %s, Zeithorizont %d Jahre: %d von %d Adressen\n",
		rs.Name, rs.Title, asOf.Format("02.01.2006"), horizon, eligible, official)
	return nil
}
