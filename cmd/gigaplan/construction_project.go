package main

import (
	"context"
	"fmt"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Construction progress of a funding project (progress … --project):
// the same progress file and reader as for a campaign, appended to the
// project under its version (campaigns.AddProjectProgress), the figures
// by campaigns.ProjectBuildOf. The file's area column, where it has one,
// is empty or the project's name.

// openProjectRef opens the store and finds the funding project named by
// ref: a numeric ID, else a name; the caller closes the store.
func openProjectRef(ctx context.Context, cfg Config, ref string) (store, *campaigns.FundingProject, error) {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	p, err := findProject(ctx, st, ref)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, p, nil
}

func projectProgressImport(ctx context.Context, cfg Config, ref string, version int64, file string, rows []campaigns.ProgressRow,
	who string, e env) error {
	st, p, err := openProjectRef(ctx, cfg, ref)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := campaigns.AddProjectProgress(ctx, st, p.ID, versionOf(p, version), file, rows, who, campaigns.Today(time.Now()))
	if err != nil {
		return geo.Errorf(geo.ErrorCode(err), "%s\nImport abgebrochen: nichts wurde eingetragen.", geo.ErrorMessage(err))
	}
	b := campaigns.ProjectBuildOf(res.Project, time.Time{})
	auditCLI(ctx, st, e, who, campaigns.AuditProgress, res.Detail+"; "+b.Summary())
	fmt.Fprintf(e.stdout, "%d Fortschrittsmeldungen und %d neue Termine aus %s für das Förderprojekt %s übernommen\n",
		res.Reports, res.Dates, file, res.Project.Name)
	fmt.Fprintf(e.stdout, "Stand jetzt: %s\n", b.Summary())
	if h := res.Project.BuildHint(b); h != "" {
		fmt.Fprintf(e.stdout, "Hinweis: %s (gigaplan funding milestone --kind construction_start).\n", h)
	}
	return nil
}

func projectProgressShow(ctx context.Context, cfg Config, ref string, day time.Time, e env) error {
	st, p, err := openProjectRef(ctx, cfg, ref)
	if err != nil {
		return err
	}
	defer st.Close()
	if day.IsZero() {
		day = campaigns.Today(time.Now())
	}
	b := campaigns.ProjectBuildOf(p, day)
	w := e.stdout
	operator := ""
	if aw, ok := p.Awarded(); ok {
		operator = " (" + aw.Operator + ")"
	}
	fmt.Fprintf(w, "Baufortschritt Förderprojekt %s%s, Stand %s\n\n", p.Name, operator, campaigns.GermanDate(day))
	start := germanDay(b.StartedOn)
	if b.StartedOn.IsZero() && !b.ExpectedStart.IsZero() {
		start = "erw. " + campaigns.GermanDate(b.ExpectedStart)
	}
	fmt.Fprintf(w, "  Stand: %s\n  Zuschlag: %s\n  Baubeginn: %s\n  Fertigstellung: %s\n", p.BuildStatus(b), germanDay(b.CommittedOn), start,
		completionText(b))
	fmt.Fprintf(w, "  Baufortschritt: %s\n", b.Summary())
	if h := p.BuildHint(b); h != "" {
		fmt.Fprintf(w, "  Hinweis: %s\n", h)
	}
	if len(b.Streets) > 0 {
		fmt.Fprintln(w)
		t := &table{head: []string{"Straße", "Homes Passed", "Connected", "Activated", "Meldung vom"}, right: []bool{false, true, true, true, false}}
		for _, s := range b.Streets {
			t.add(s.Street, campaigns.Thousands(int64(s.Passed)), campaigns.Thousands(int64(s.Connected)), campaigns.Thousands(int64(s.Activated)),
				campaigns.GermanDate(s.AsOf))
		}
		if err := t.write(w); err != nil {
			return err
		}
	}
	if len(p.BuildDates) > 0 {
		fmt.Fprintln(w, "\nTermine (jede Meldung bleibt im Verlauf):")
		for _, d := range p.BuildDates {
			fmt.Fprintf(w, "  %s  %s voraussichtlich %s (%s)\n", campaigns.GermanDate(d.Reported), d.Kind.German(), campaigns.GermanDate(d.Expected), d.Reason)
		}
	}
	return nil
}

// completionText is the completion's day, else the expected one marked
// so ("erw. 30.06.2027"), else "–".
func completionText(b campaigns.AreaBuild) string {
	if b.LiveOn.IsZero() && !b.ExpectedCompletion.IsZero() {
		return "erw. " + campaigns.GermanDate(b.ExpectedCompletion)
	}
	return germanDay(b.LiveOn)
}

func projectExpect(ctx context.Context, cfg Config, ref string, version int64, kind campaigns.BuildDateKind, expected time.Time,
	d campaigns.Decision, e env) error {
	st, p, err := openProjectRef(ctx, cfg, ref)
	if err != nil {
		return err
	}
	defer st.Close()
	_, detail, err := campaigns.SetProjectBuildDate(ctx, st, p.ID, versionOf(p, version), kind, expected, d, campaigns.Today(time.Now()))
	if err != nil {
		return err
	}
	auditCLI(ctx, st, e, d.By, campaigns.AuditProgress, detail+", Grund: "+d.Reason)
	fmt.Fprintln(e.stdout, detail)
	return nil
}
