package main

import (
	"bytes"
	"database/sql"
	"strings"
	"testing"
)

func TestTerminalSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Spalte „Straße“\n", "Spalte „Straße“\n"},
		{"\x1b[31mrot\x1b[0m", `\x1b[31mrot\x1b[0m`},
		{"a\x00b\x07c\td\r", `a\x00b\x07c` + "\t" + `d\x0d`},
		{"\u202egnp.exe", `\u202egnp.exe`},
		{"\u009b31m", `\u009b31m`},
		{"\xff\xfe", `\xff\xfe`},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		w := &terminalSafe{w: &b}
		// Byte by byte: runes split across writes come out whole.
		for i := range len(tt.in) {
			if _, err := w.Write([]byte{tt.in[i]}); err != nil {
				t.Fatal(err)
			}
		}
		if b.String() != tt.want {
			t.Errorf("%q → %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}

// TestCLIErrorsEscapeControls: a file name (or header, or value) with a
// terminal escape sequence reaches stderr shown, not acted on.
func TestCLIErrorsEscapeControls(t *testing.T) {
	c := newCLI(t)
	code, _, errs := c.run("import", "addresses", t.TempDir()+"/adressen\x1b]0;pwned\x07.csv")
	if code != 1 || strings.ContainsAny(errs, "\x1b\x07") || !strings.Contains(errs, `adressen\x1b]0;pwned\x07.csv`) {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// TestCLISaysItWaits: a command that must write while another process
// holds SQLite's write lock says that it waits, then, past the busy
// timeout, that the database is busy (exit 1), not an internal error.
func TestCLISaysItWaits(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the busy timeout")
	}
	c := newCLI(t)
	c.mustRun("areas") // creates the database
	db, err := sql.Open("sqlite3", "file:"+c.db+"?_txlock=immediate&_busy_timeout=100")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE store_totals SET overlay_stale = overlay_stale`); err != nil {
		t.Fatal(err)
	}
	code, _, errs := c.runStdin("Kirchturm Apfel Regen\n", "user", "add", "wartende", "--role", "viewer")
	if code != 1 || !strings.Contains(errs, "Warte auf die Datenbank") || !strings.Contains(errs, "Die Datenbank ist gerade belegt") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}
