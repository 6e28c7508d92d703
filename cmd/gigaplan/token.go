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

const tokenUsage = `API-Tokens für das System eines Anbieters (POST /api/v1/campaigns/{id}/entries):
  gigaplan token add --campaign NAME --name N   (zeigt das Token einmal an)
  gigaplan token list [--format table|csv|json]
  gigaplan token revoke NAME`

func cmdToken(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("token: add, list oder revoke?\n%s", tokenUsage)
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		return tokenAdd(ctx, cfg, args, e)
	case "list":
		return tokenList(ctx, cfg, args, e)
	case "revoke":
		return tokenRevoke(ctx, cfg, args, e)
	}
	return usagef("token: unbekannter Unterbefehl %q\n%s", sub, tokenUsage)
}

func tokenAdd(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("token add")
	campaign := fs.String("campaign", "", "campaign name")
	name := fs.String("name", "", "token name, e.g. the provider and purpose")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *campaign == "" || *name == "" {
		return usagef("token add: --campaign und --name nötig")
	}
	if err := campaigns.CheckTokenName(*name); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := st.CampaignByName(ctx, *campaign)
	if err != nil {
		return err
	}
	secret, hash, err := campaigns.NewAPIToken()
	if err != nil {
		return err
	}
	who := enteredBy(e, "")
	n := strings.TrimSpace(*name)
	if _, err := st.CreateToken(ctx, campaigns.APIToken{Name: n, CampaignID: c.ID, Hash: hash, CreatedAt: time.Now(), CreatedBy: who}); err != nil {
		return err
	}
	if err := st.AddAudit(ctx, campaigns.AuditEntry{At: time.Now(), User: who, Action: campaigns.AuditTokenAdd,
		Detail: fmt.Sprintf("%s für %s", n, c.Name)}); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Token %s für Kampagne %s (ID %d) angelegt. Es wird nur jetzt angezeigt; gespeichert ist nur sein Hash:\n", n, c.Name, c.ID)
	fmt.Fprintln(e.stdout, secret)
	return nil
}

func tokenList(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("token list")
	format := fs.String("format", "table", "table, csv or json")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if err := checkFormat("token list", *format, "table", "csv", "json"); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	toks, err := st.Tokens(ctx)
	if err != nil {
		return err
	}
	camps, err := st.Campaigns(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, c := range camps {
		names[c.ID] = c.Name
	}
	rfc := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	type row struct {
		ID        int64  `json:"id"`
		Name      string `json:"name"`
		Campaign  string `json:"campaign"`
		Created   string `json:"created"`
		CreatedBy string `json:"createdBy"`
		LastUsed  string `json:"lastUsed,omitempty"`
		Revoked   string `json:"revoked,omitempty"`
	}
	rows := make([]row, 0, len(toks))
	for _, t := range toks {
		rows = append(rows, row{t.ID, t.Name, names[t.CampaignID], rfc(t.CreatedAt), t.CreatedBy, rfc(t.LastUsed), rfc(t.RevokedAt)})
	}
	switch *format {
	case "json":
		return writeJSON(e.stdout, rows)
	case "csv":
		w := reports.NewCSVWriter(e.stdout)
		w.Write([]string{"id", "name", "campaign", "created", "created_by", "last_used", "revoked"})
		for _, r := range rows {
			w.Write([]string{strconv.FormatInt(r.ID, 10), r.Name, r.Campaign, r.Created, r.CreatedBy, r.LastUsed, r.Revoked})
		}
		w.Flush()
		return w.Error()
	}
	local := func(t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		return t.Local().Format("02.01.2006 15:04")
	}
	tb := &table{head: []string{"ID", "Name", "Kampagne", "angelegt", "von", "zuletzt benutzt", "widerrufen"}, right: []bool{true}}
	tb.right = append(tb.right, make([]bool, 6)...)
	for _, t := range toks {
		rev := ""
		if t.Revoked() {
			rev = local(t.RevokedAt)
		}
		tb.add(strconv.FormatInt(t.ID, 10), t.Name, names[t.CampaignID], local(t.CreatedAt), t.CreatedBy, local(t.LastUsed), rev)
	}
	return tb.write(e.stdout)
}

func tokenRevoke(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("token revoke")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("token revoke: genau einen Token-Namen angeben")
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	toks, err := st.Tokens(ctx)
	if err != nil {
		return err
	}
	for _, t := range toks {
		if strings.EqualFold(t.Name, strings.TrimSpace(pos[0])) {
			if t.Revoked() {
				fmt.Fprintf(e.stdout, "Token %s war schon widerrufen\n", t.Name)
				return nil
			}
			if err := st.RevokeToken(ctx, t.ID, time.Now()); err != nil {
				return err
			}
			if err := st.AddAudit(ctx, campaigns.AuditEntry{At: time.Now(), User: enteredBy(e, ""), Action: campaigns.AuditTokenRevoke, Detail: t.Name}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Token %s widerrufen\n", t.Name)
			return nil
		}
	}
	return geo.Errorf(geo.ENOTFOUND, "es gibt kein Token %q", pos[0])
}
