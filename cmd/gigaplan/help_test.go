package main

import (
	"strings"
	"testing"
)

// TestCLICommandHelp: --help after a command prints that command's lines
// of the usage text (with continuation lines), on standard output, exit 0,
// and changes nothing.
func TestCLICommandHelp(t *testing.T) {
	c := newCLI(t)
	for _, tt := range []struct {
		args []string
		want []string // substrings of the help
		not  []string // not in it
	}{
		{[]string{"import", "--help"}, []string{"import addresses", "import areas"}, []string{"campaign add"}},
		{[]string{"import", "areas", "-h"}, []string{"import areas --kind"}, []string{"import addresses"}},
		{[]string{"funding", "milestone", "NAME", "--help"}, []string{"funding milestone", "proof_of_use"}, []string{"funding budget"}},
		{[]string{"sites", "set", "-h"}, []string{"set NAME --state"}, []string{"progress"}},
		{[]string{"help", "campaign"}, []string{"campaign add", "[--signup-url URL]", "campaign facility"}, []string{"signups add"}},
		{[]string{"survey", "show", "--help"}, []string{"show ID"}, []string{"survey add"}},
		{[]string{"campaign", "add", "--name", "X", "--hilfe"}, []string{"campaign add", "--deadline"}, []string{"campaign list"}},
		{[]string{"help", "gibtsnicht"}, []string{"Breitbandausbau planen", "campaign add"}, nil},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := c.run(tt.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("help lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("help shows %q:\n%s", w, out)
				}
			}
		})
	}
	// A --help after "--" is an argument, not a request for help.
	if code, _, _ := c.run("import", "addresses", "--", "--help"); code == 0 {
		t.Error(`import addresses -- --help: exit 0, want the missing file's error`)
	}
}

// TestCommandUsageCoversEveryCommand: every command dispatch knows has
// lines in the usage text, so its --help is never the whole text.
func TestCommandUsageCoversEveryCommand(t *testing.T) {
	for _, cmd := range []string{"serve", "import", "survey", "supply", "areas", "addresses", "demo", "campaign",
		"signups", "coverage", "progress", "sites", "report", "funding", "export", "user", "token", "feedback",
		"bench", "backup", "migrate"} {
		if len(commandUsage(usage, cmd, "")) == 0 {
			t.Errorf("the usage text has no line for %q", cmd)
		}
	}
}
