package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
)

const userUsage = `Benutzer des Breitbandbüros:
  gigaplan user add NAME --role admin|editor|viewer [--municipality AGS|NAME]
  gigaplan user passwd NAME
  gigaplan user unlock NAME      (vergisst die Fehlversuche: keine Wartezeit mehr)
  gigaplan user list [--format table|csv|json]
Das Passwort (mindestens 12 Zeichen) wird am Terminal zweimal verdeckt
abgefragt; sonst wird eine Zeile von der Standardeingabe gelesen.
Mit --municipality gilt die Rolle nur in dieser Gemeinde, ohne kreisweit.`

func cmdUser(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) == 0 {
		return usagef("user: add, passwd, unlock oder list?\n%s", userUsage)
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		return userAdd(ctx, cfg, args, e)
	case "passwd":
		return userPasswd(ctx, cfg, args, e)
	case "list":
		return userList(ctx, cfg, args, e)
	case "unlock":
		return userUnlock(ctx, cfg, args, e)
	}
	return usagef("user: unbekannter Unterbefehl %q\n%s", sub, userUsage)
}

func userAdd(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("user add")
	role := fs.String("role", "", "admin, editor or viewer")
	muni := fs.String("municipality", "", "the municipality (AGS or name) the role applies to; empty: county-wide")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		return usagef("user add: genau einen Benutzernamen angeben")
	}
	if *role == "" {
		return usagef("user add: --role admin|editor|viewer fehlt")
	}
	r, err := campaigns.ParseRole(*role)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(pos[0])
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	var m geo.Area
	if strings.TrimSpace(*muni) != "" {
		munis, err := st.Areas(ctx, geo.KindMunicipality)
		if err != nil {
			return err
		}
		if m, err = geo.FindMunicipality(munis, *muni); err != nil {
			return err
		}
	}
	// Refuse a taken name before asking for a password.
	if _, err := st.UserByName(ctx, name); err == nil {
		return geo.Errorf(geo.ECONFLICT, "es gibt schon einen Benutzer %q", name)
	} else if geo.ErrorCode(err) != geo.ENOTFOUND {
		return err
	}
	hash, err := readNewPassword(e, name)
	if err != nil {
		return err
	}
	if _, err := st.CreateUser(ctx, campaigns.User{Name: name, Role: r, PasswordHash: hash, CreatedAt: time.Now(), Municipality: m.ID}); err != nil {
		return err
	}
	where := "kreisweit"
	if m.ID != 0 {
		where = m.Name
	}
	if err := st.AddAudit(ctx, campaigns.AuditEntry{At: time.Now(), User: enteredBy(e, ""), Action: campaigns.AuditUserAdd,
		Detail: fmt.Sprintf("%s (%s, %s)", name, r, where), Municipality: m.ID}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Benutzer %s angelegt (Rolle %s, %s)\n", name, r, where)
	return nil
}

// forUser runs fn on the store and the one user that args name, for the
// commands "user passwd NAME" and "user unlock NAME" (cmd).
func forUser(ctx context.Context, cfg Config, cmd string, args []string, fn func(store, campaigns.User) error) error {
	fs := newFlagSet(cmd)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("%s: genau einen Benutzernamen angeben", cmd)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByName(ctx, pos[0])
	if err != nil {
		return err
	}
	return fn(st, u)
}

func userPasswd(ctx context.Context, cfg Config, args []string, e env) error {
	return forUser(ctx, cfg, "user passwd", args, func(st store, u campaigns.User) error {
		hash, err := readNewPassword(e, u.Name)
		if err != nil {
			return err
		}
		if err := st.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		if err := st.AddAudit(ctx, campaigns.AuditEntry{At: time.Now(), User: enteredBy(e, ""), Action: campaigns.AuditPassword, Detail: u.Name}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Passwort von %s geändert; seine Sitzungen sind beendet\n", u.Name)
		return nil
	})
}

// userUnlock forgets a user's failed logins from every address.
func userUnlock(ctx context.Context, cfg Config, args []string, e env) error {
	return forUser(ctx, cfg, "user unlock", args, func(st store, u campaigns.User) error {
		n, err := st.UnlockLogin(ctx, u.Name)
		if err != nil {
			return err
		}
		if err := st.AddAudit(ctx, campaigns.AuditEntry{At: time.Now(), User: enteredBy(e, ""), Action: campaigns.AuditUserUnlock,
			Detail: fmt.Sprintf("%s (%d Fehlversuche vergessen)", u.Name, n), Municipality: u.Municipality}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Anmeldung von %s freigegeben (%d Fehlversuche vergessen)\n", u.Name, n)
		return nil
	})
}

func userList(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("user list")
	format := fs.String("format", "table", "table, csv or json")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if err := checkFormat("user list", *format, "table", "csv", "json"); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	munis, err := st.Areas(ctx, geo.KindMunicipality)
	if err != nil {
		return err
	}
	agsOf, nameOf := map[int64]string{}, map[int64]string{0: "kreisweit"}
	for _, m := range munis {
		agsOf[m.ID], nameOf[m.ID] = m.AGS, m.Name
	}
	type row struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		Role     string `json:"role"`
		Created  string `json:"created"`
		Disabled bool   `json:"disabled"`
		// Municipality is the AGS (else the name) of the user's
		// municipality; empty: county-wide.
		Municipality string `json:"municipality,omitempty"`
	}
	rows := make([]row, 0, len(users))
	for _, u := range users {
		m := cmp.Or(agsOf[u.Municipality], nameOf[u.Municipality])
		if u.Municipality == 0 {
			m = ""
		}
		rows = append(rows, row{u.ID, u.Name, string(u.Role), u.CreatedAt.UTC().Format(time.RFC3339), u.Disabled, m})
	}
	switch *format {
	case "json":
		return writeJSON(e.stdout, rows)
	case "csv":
		w := reports.NewCSVWriter(e.stdout)
		w.Write([]string{"id", "name", "role", "created", "disabled", "municipality"})
		for _, r := range rows {
			w.Write([]string{strconv.FormatInt(r.ID, 10), r.Name, r.Role, r.Created, strconv.FormatBool(r.Disabled), r.Municipality})
		}
		w.Flush()
		return w.Error()
	}
	t := &table{head: []string{"ID", "Name", "Rolle", "gilt für", "angelegt", "gesperrt"}, right: []bool{true, false, false, false, false, false}}
	for _, u := range users {
		dis := ""
		if u.Disabled {
			dis = "ja"
		}
		t.add(strconv.FormatInt(u.ID, 10), u.Name, string(u.Role)+" ("+u.Role.German()+")", nameOf[u.Municipality],
			u.CreatedAt.Local().Format("02.01.2006 15:04"), dis)
	}
	return t.write(e.stdout)
}

// readNewPassword reads a new password – twice, hidden, when stdin is a
// terminal; else one line from stdin – checks the rules and hashes it.
func readNewPassword(e env, name string) ([]byte, error) {
	var pw string
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(e.stderr, "Passwort für %s (mindestens %d Zeichen): ", name, campaigns.MinPasswordLength)
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return nil, fmt.Errorf("read password: %w", err)
		}
		if err := campaigns.CheckPasswordRules(string(first)); err != nil {
			return nil, err
		}
		fmt.Fprint(e.stderr, "Passwort wiederholen: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return nil, fmt.Errorf("read password: %w", err)
		}
		if string(first) != string(second) {
			return nil, geo.Errorf(geo.EINVALID, "die beiden Passwörter stimmen nicht überein")
		}
		pw = string(first)
	} else {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read password from stdin: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
		if pw == "" {
			return nil, geo.Errorf(geo.EINVALID, "kein Passwort auf der Standardeingabe")
		}
	}
	return campaigns.HashPassword(pw)
}
