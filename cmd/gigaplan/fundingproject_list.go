package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gigaplan/campaigns"
	"gigaplan/reports"
)

// fundingRow is one project of funding list, in every format.
type fundingRow struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	Municipalities string `json:"municipalities"`
	Last           string `json:"lastMilestone"`
	LastDay        string `json:"lastDate,omitempty"`
	Next           string `json:"nextMilestone"`
	Phase          string `json:"phase"`
	Addresses      int    `json:"addresses"`
	ApprovedCents  int64  `json:"approvedCents"`
	ActualCents    int64  `json:"actualCents"`
	KommuneCents   int64  `json:"municipalityCents"`
	Version        int64  `json:"version"`
}

func rowOf(o campaigns.FundingOverview) fundingRow {
	r := fundingRow{ID: o.ID, Name: o.Name, Municipalities: o.Municipalities, Last: o.LastText(), Next: o.NextText(), Phase: o.Phase,
		Addresses: o.Addresses, ApprovedCents: o.Budget.Approved, ActualCents: o.Budget.Actual, KommuneCents: o.Budget.Municipality,
		Version: o.Version}
	if o.HasLast {
		r.LastDay = o.Last.Day.Format("2006-01-02")
	}
	return r
}

func fundingList(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("funding list")
	format := fs.String("format", "table", "table, csv or json")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if err := checkFormat("funding list", *format, "table", "csv", "json"); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	ps, err := st.FundingProjects(ctx)
	if err != nil {
		return err
	}
	var ovs []campaigns.FundingOverview
	rows := make([]fundingRow, 0, len(ps))
	for _, p := range ps {
		o := p.Overview()
		ovs = append(ovs, o)
		rows = append(rows, rowOf(o))
	}
	switch *format {
	case "json":
		return writeJSON(e.stdout, rows)
	case "csv":
		w := reports.NewCSVWriter(e.stdout)
		w.Write([]string{"id", "name", "municipalities", "last_milestone", "last_date", "next_milestone", "addresses",
			"approved_eur", "actual_eur", "municipality_eur", "version"})
		eur := func(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }
		for _, r := range rows {
			w.Write([]string{strconv.FormatInt(r.ID, 10), r.Name, r.Municipalities, r.Last, r.LastDay, r.Next, strconv.Itoa(r.Addresses),
				eur(r.ApprovedCents), eur(r.ActualCents), eur(r.KommuneCents), strconv.FormatInt(r.Version, 10)})
		}
		w.Flush()
		return w.Error()
	}
	if len(ps) == 0 {
		fmt.Fprintln(e.stdout, "Noch kein Förderprojekt (anlegen mit gigaplan funding add).")
		return nil
	}
	t := &table{head: []string{"ID", "Förderprojekt", "Gemeinden", "zuletzt", "am", "als Nächstes", "Adressen", "Kosten", "Mittel", "ausgegeben", "Kommune"},
		right: []bool{true, false, false, false, false, false, true, true, false, true, true}}
	for _, o := range ovs {
		t.add(strconv.FormatInt(o.ID, 10), o.Name, o.Municipalities, o.LastText(), germanDay(o.LastDay()), o.NextText(),
			formatInt(int64(o.Addresses)), campaigns.Euro(o.Budget.Approved), o.MoneyText(), campaigns.Euro(o.Budget.Actual), campaigns.Euro(o.Budget.Municipality))
	}
	return t.write(e.stdout)
}

func fundingStatus(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("funding status")
	format := fs.String("format", "table", "table or json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := checkFormat("funding status", *format, "table", "json"); err != nil {
		return err
	}
	st, p, err := fundingProjectArg(ctx, cfg, "funding status", pos)
	if err != nil {
		return err
	}
	defer st.Close()
	o := p.Overview()
	if *format == "json" {
		type event struct {
			ID        int64  `json:"id"`
			Kind      string `json:"kind"`
			Label     string `json:"label"`
			Date      string `json:"date"`
			Operator  string `json:"operator,omitempty"`
			Model     string `json:"model,omitempty"`
			Corrects  int64  `json:"corrects,omitempty"`
			Note      string `json:"note,omitempty"`
			EnteredBy string `json:"enteredBy"`
		}
		out := struct {
			fundingRow
			RuleSet    string                  `json:"ruleSet"`
			SurveyID   int64                   `json:"surveyId,omitempty"`
			FrozenOn   string                  `json:"frozenOn,omitempty"`
			Milestones []event                 `json:"milestones"`
			Budget     campaigns.BudgetFigures `json:"budget"`
			Build      *buildJSON              `json:"construction,omitempty"`
		}{fundingRow: rowOf(o), RuleSet: p.RuleSet, SurveyID: p.SurveyID, Milestones: []event{}, Budget: o.Budget}
		if len(p.Progress) > 0 || len(p.BuildDates) > 0 {
			b := campaigns.ProjectBuildOf(p, time.Time{})
			out.Build = &buildJSON{Passed: b.Passed, Connected: b.Connected, Activated: b.Activated, ReportedOn: isoDay(b.ReportedOn),
				ExpectedStart: isoDay(b.ExpectedStart), ExpectedCompletion: isoDay(b.ExpectedCompletion)}
		}
		if !p.FrozenOn.IsZero() {
			out.FrozenOn = p.FrozenOn.Format("2006-01-02")
		}
		for _, m := range p.Milestones {
			out.Milestones = append(out.Milestones, event{m.ID, string(m.Kind), m.Kind.Label(), m.Day.Format("2006-01-02"), m.Operator,
				string(m.Model), m.Corrects, m.Note, m.EnteredBy})
		}
		return writeJSON(e.stdout, out)
	}
	w := e.stdout
	fmt.Fprintf(w, "Förderprojekt %d: %s (Stand %d)\n", p.ID, p.Name, p.Version)
	fmt.Fprintf(w, "  Gemeinden: %s\n  Regelwerk: %s\n", o.Municipalities, p.RuleSet)
	if p.SurveyID != 0 {
		fmt.Fprintf(w, "  Markterkundung: %d\n", p.SurveyID)
	}
	if o.Addresses > 0 {
		fmt.Fprintf(w, "  Projektgebiet: %s Adressen, eingefroren am %s\n", formatInt(int64(o.Addresses)), germanDay(p.FrozenOn))
	} else {
		fmt.Fprintln(w, "  Projektgebiet: noch nicht eingefroren (mit dem Förderantrag oder gigaplan funding freeze)")
	}
	fmt.Fprintf(w, "  Stand: %s\n  Nächster Schritt: %s\n", o.Phase, o.NextText())
	if len(p.Progress) > 0 || len(p.BuildDates) > 0 {
		b := campaigns.ProjectBuildOf(p, time.Time{})
		fmt.Fprintf(w, "  Baufortschritt: %s\n  Fertigstellung: %s\n", b.Summary(), completionText(b))
		if h := p.BuildHint(b); h != "" {
			fmt.Fprintf(w, "  Hinweis: %s\n", h)
		}
	}
	if len(p.Milestones) > 0 {
		fmt.Fprintln(w)
		corrected := map[int64]bool{}
		for _, m := range p.Milestones {
			if m.Corrects != 0 {
				corrected[m.Corrects] = true
			}
		}
		t := &table{head: []string{"Eintrag", "Meilenstein", "am", "Details", "erfasst von"}, right: []bool{true, false, false, false, false}}
		for _, m := range p.Milestones {
			var d []string
			if m.Kind == campaigns.MilestoneAward {
				d = append(d, m.Operator+", "+m.Model.Label())
			}
			if m.Corrects != 0 {
				d = append(d, fmt.Sprintf("korrigiert Eintrag %d", m.Corrects))
			}
			if corrected[m.ID] {
				d = append(d, "korrigiert")
			}
			if m.Note != "" {
				d = append(d, m.Note)
			}
			t.add(strconv.FormatInt(m.ID, 10), m.Kind.Label(), germanDay(m.Day), joinNonEmpty(d), m.EnteredBy)
		}
		if err := t.write(w); err != nil {
			return err
		}
	}
	if len(o.Budget.Rows) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Mittel: %s\n", o.MoneyText())
		t := &table{head: []string{"Anteil", "Betrag", "Anteil in %", "ausgegeben", "davon ausgegeben"}, right: []bool{false, true, true, true, true}}
		for _, r := range o.Budget.Rows {
			t.add(r.Label, campaigns.Euro(r.Approved), campaigns.Percent(r.Part), campaigns.Euro(r.Actual), campaigns.Percent(r.Spent))
		}
		t.add("Summe", campaigns.Euro(o.Budget.Approved), "", campaigns.Euro(o.Budget.Actual), campaigns.Percent(o.Budget.Spent))
		if err := t.write(w); err != nil {
			return err
		}
		for _, y := range o.Budget.Years {
			fmt.Fprintf(w, "  Kommune %d: %s\n", y.Year, campaigns.Euro(y.Cents))
		}
	}
	return nil
}

func joinNonEmpty(parts []string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += "; "
		}
		out += p
	}
	return out
}

// buildJSON is a funding project's construction figures in funding status
// --format json (campaigns.ProjectBuildOf).
type buildJSON struct {
	Passed             int    `json:"passed"`
	Connected          int    `json:"connected"`
	Activated          int    `json:"activated"`
	ReportedOn         string `json:"reportedOn,omitempty"`
	ExpectedStart      string `json:"expectedStart,omitempty"`
	ExpectedCompletion string `json:"expectedCompletion,omitempty"`
}

// isoDay is t as YYYY-MM-DD, "" for the zero day.
func isoDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
