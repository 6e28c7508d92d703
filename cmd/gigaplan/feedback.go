package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gigaplan/campaigns"
)

// The citizens' reports ("Meldungen", from the form /meldung):
//
//	gigaplan feedback list [--status open|closed|all] [--format table|json]
//	gigaplan feedback close ID [--answer "…"] [--as WER]
//
// "report" is taken by the workbooks, hence "feedback".
func cmdFeedback(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("feedback: list oder close?")
	}
	switch args[0] {
	case "list":
		return feedbackList(ctx, cfg, args[1:], e)
	case "close":
		return feedbackClose(ctx, cfg, args[1:], e)
	}
	return usagef("feedback: unbekannter Befehl %q (list, close)", args[0])
}

func feedbackList(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("feedback list")
	status := fs.String("status", "open", "open, closed or all")
	format := fs.String("format", "table", "table or json")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if err := checkFormat("feedback list", *format, "table", "json"); err != nil {
		return err
	}
	f := campaigns.ReportFilter{Limit: 100_000}
	switch *status {
	case "open":
		f.State = campaigns.ReportsOpen
	case "closed":
		f.State = campaigns.ReportsClosed
	case "all":
	default:
		return usagef("feedback list: --status open, closed oder all, nicht %q", *status)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	rs, err := st.CitizenReports(ctx, f)
	if err != nil {
		return err
	}
	if *format == "json" {
		type row struct {
			ID        int64    `json:"id"`
			Kind      string   `json:"kind"`
			AddressID int64    `json:"addressId,omitempty"`
			Address   string   `json:"address"`
			Lon       *float64 `json:"lon,omitempty"`
			Lat       *float64 `json:"lat,omitempty"`
			Text      string   `json:"text"`
			Email     string   `json:"email,omitempty"`
			Created   string   `json:"created"`
			Closed    string   `json:"closed,omitempty"`
			ClosedBy  string   `json:"closedBy,omitempty"`
			Answer    string   `json:"answer,omitempty"`
		}
		rows := make([]row, 0, len(rs))
		for _, r := range rs {
			x := row{ID: r.ID, Kind: string(r.Kind), AddressID: r.AddressID, Address: r.Address, Text: r.Text, Email: r.Email,
				Created: r.CreatedAt.UTC().Format(time.RFC3339), ClosedBy: r.ClosedBy, Answer: r.Answer}
			if r.HasPosition {
				lon, lat := r.Lon, r.Lat
				x.Lon, x.Lat = &lon, &lat
			}
			if !r.Open() {
				x.Closed = r.ClosedAt.UTC().Format(time.RFC3339)
			}
			rows = append(rows, x)
		}
		return writeJSON(e.stdout, rows)
	}
	if len(rs) == 0 {
		_, err := fmt.Fprintln(e.stdout, "Keine Meldungen.")
		return err
	}
	tb := &table{head: []string{"Nr.", "Eingang", "Art", "Adresse", "Status", "Beschreibung"}, right: []bool{true, false, false, false, false, false}}
	for _, r := range rs {
		state := "offen"
		if !r.Open() {
			state = "erledigt " + r.ClosedAt.In(campaigns.Location).Format("02.01.2006") + " (" + r.ClosedBy + ")"
		}
		tb.add(strconv.FormatInt(r.ID, 10), r.CreatedAt.In(campaigns.Location).Format("02.01.2006 15:04"), r.Kind.German(),
			r.Address, state, oneLine(r.Text, 60))
	}
	return tb.write(e.stdout)
}

// oneLine is s on one line, cut to n characters with "…".
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func feedbackClose(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("feedback close")
	answer := fs.String("answer", "", "the office's answer or note")
	as := fs.String("as", "", "author (default: the OS user)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("feedback close: genau eine Nummer angeben (gigaplan feedback list zeigt sie)")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("feedback close: %q ist keine Nummer einer Meldung", pos[0])
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	who := enteredBy(e, *as)
	r, err := st.CloseCitizenReport(ctx, id, *answer, who, time.Now())
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("Meldung %d (%s, %s) erledigt", r.ID, r.Kind.German(), r.Address)
	if r.Answer != "" {
		detail += ": " + r.Answer
	}
	auditCLI(ctx, st, e, who, campaigns.AuditReportClose, detail)
	_, err = fmt.Fprintf(e.stdout, "Meldung %d erledigt.\n", r.ID)
	return err
}
