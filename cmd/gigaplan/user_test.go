package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
)

// runStdin is cli.run with stdin.
func (c *cli) runStdin(stdin string, args ...string) (int, string, string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), append([]string{"--db", c.db}, args...), e)
	return code, out.String(), errb.String()
}

func TestCLIUser(t *testing.T) {
	c := newCLI(t)
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"add", "ein-langes-Passwort\n", []string{"user", "add", "anna", "--role", "editor"}, 0, "Benutzer anna angelegt (Rolle editor, kreisweit)", ""},
		{"too short", "elf Zeichen\n", []string{"user", "add", "bernd", "--role", "viewer"}, 1, "", "mindestens 12 Zeichen"},
		{"no password", "", []string{"user", "add", "bernd", "--role", "viewer"}, 1, "", "kein Passwort"},
		{"taken", "ein-langes-Passwort\n", []string{"user", "add", "ANNA", "--role", "viewer"}, 1, "", "schon einen Benutzer"},
		{"bad role", "ein-langes-Passwort\n", []string{"user", "add", "bernd", "--role", "boss"}, 1, "", "unbekannte Rolle"},
		{"no role", "ein-langes-Passwort\n", []string{"user", "add", "bernd"}, 2, "", "--role"},
		{"admin, flags first, no newline", "zwölf Zeichen", []string{"user", "add", "--role", "admin", "carla"}, 0, "Benutzer carla angelegt (Rolle admin, kreisweit)", ""},
		{"unknown municipality", "ein-langes-Passwort\n", []string{"user", "add", "dora", "--role", "viewer", "--municipality", "08317001"}, 1, "", "es ist noch keine Gemeinde importiert"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := c.runStdin(tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errs, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, %q, %q", code, out, errs, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	got := c.mustRun("user", "list", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "1,anna,editor,") || !strings.HasPrefix(lines[2], "2,carla,admin,") {
		t.Errorf("user list:\n%s", got)
	}
	if table := c.mustRun("user", "list"); !strings.Contains(table, "editor (Bearbeitung)") {
		t.Errorf("user list table:\n%s", table)
	}

	// The stored hash is bcrypt of the password read; passwd replaces it.
	st, err := sqlite.Open(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.UserByName(context.Background(), "anna")
	st.Close()
	if err != nil || !campaigns.CheckPassword(u.PasswordHash, "ein-langes-Passwort") || campaigns.CheckPassword(u.PasswordHash, "ein-langes-Passwort\n") {
		t.Fatalf("anna's hash: %v", err)
	}
	if code, out, errs := c.runStdin("ein-anderes-Passwort\n", "user", "passwd", "anna"); code != 0 || !strings.Contains(out, "Passwort von anna geändert") {
		t.Fatalf("passwd: %d %q %q", code, out, errs)
	}
	st, _ = sqlite.Open(context.Background(), c.db)
	defer st.Close()
	u, _ = st.UserByName(context.Background(), "anna")
	if !campaigns.CheckPassword(u.PasswordHash, "ein-anderes-Passwort") {
		t.Error("passwd did not change the hash")
	}
	audit, _ := st.Audit(context.Background(), 10)
	if len(audit) != 3 || audit[0].Action != campaigns.AuditPassword || audit[2].Action != campaigns.AuditUserAdd || audit[2].Detail != "anna (editor, kreisweit)" {
		t.Errorf("audit: %+v", audit)
	}

	// An admin lifts anna's waits after failed logins.
	for _, ip := range []string{"192.0.2.1", "192.0.2.2"} {
		if err := st.RecordLoginFailure(context.Background(), campaigns.LockKeyNameIP("anna", ip), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if out := c.mustRun("user", "unlock", "ANNA"); !strings.Contains(out, "Anmeldung von anna freigegeben (2 Fehlversuche vergessen)") {
		t.Errorf("user unlock: %s", out)
	}
	if code, _, errs := c.run("user", "unlock", "niemand"); code != 1 || !strings.Contains(errs, "nicht gefunden") {
		t.Errorf("user unlock of an unknown user: %d %s", code, errs)
	}
}
