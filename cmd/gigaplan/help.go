package main

import (
	"slices"
	"strings"
)

// Help for one command: "gigaplan import --help", "gigaplan funding
// milestone -h" and "gigaplan help import" print the lines of the usage
// text that describe that command (and subcommand), not the whole text.
// The usage text stays the one source; a command's lines are found by
// their first words.

// helpRequest is returned by dispatch when a command line asks for help.
type helpRequest struct {
	words []string // the command and, if given, its subcommand
}

func (h *helpRequest) Error() string { return "help requested for " + strings.Join(h.words, " ") }

// helpFlags are the arguments that ask for help.
var helpFlags = []string{"-h", "-help", "--help", "--hilfe"}

// wantsHelp reports whether args (a command's arguments, before any "--")
// ask for help. bench overlay has its own help with every option.
func wantsHelp(cmd string, args []string) bool {
	if cmd == "bench" && len(args) > 0 && args[0] == "overlay" {
		return false
	}
	for _, a := range args {
		if a == "--" {
			return false
		}
		if slices.Contains(helpFlags, a) {
			return true
		}
	}
	return false
}

// helpWords is the command and the subcommand named in args: the first
// argument that is not a flag, when the usage text knows it as one.
func helpWords(cmd string, args []string) []string {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") && len(commandUsage(usage, cmd, args[0])) > 0 {
		return []string{cmd, args[0]}
	}
	return []string{cmd}
}

// commandUsage returns the lines of text (the usage) that describe
// "gigaplan cmd" (and, with sub, "gigaplan cmd sub", including lines
// that list several subcommands as "list | show ID | ask ID"), each with
// its continuation lines. Nil when none does.
func commandUsage(text, cmd, sub string) []string {
	var out []string
	in := false
	for line := range strings.SplitSeq(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "gigaplan ") {
			in = describes(trimmed, cmd, sub)
			if in {
				out = append(out, line)
			}
			continue
		}
		// Continuation lines are indented deeper than a command line.
		if in && strings.HasPrefix(line, "      ") && trimmed != "" {
			out = append(out, line)
			continue
		}
		in = false
	}
	return out
}

// describes reports whether a usage line ("gigaplan [--db PFAD] import
// areas --kind …") is about cmd (and sub).
func describes(line, cmd, sub string) bool {
	fields := strings.Fields(strings.Replace(line, "[--db PFAD] ", "", 1))
	if len(fields) < 2 || fields[1] != cmd {
		return false
	}
	if sub == "" {
		return true
	}
	if len(fields) > 2 && fields[2] == sub {
		return true
	}
	// "gigaplan sites list [...] | import DATEI | set NAME ...": a
	// subcommand after a bar.
	for i := 3; i < len(fields); i++ {
		if fields[i-1] == "|" && fields[i] == sub {
			return true
		}
	}
	return false
}

// helpText is the help printed for h.
func helpText(h *helpRequest) string {
	sub := ""
	if len(h.words) > 1 {
		sub = h.words[1]
	}
	lines := commandUsage(usage, h.words[0], sub)
	if len(lines) == 0 {
		return usage
	}
	return "Aufruf:\n" + strings.Join(lines, "\n") +
		"\n\nDatenbank: --db PFAD oder GIGAPLAN_DB (Vorgabe gigaplan.db); alle Befehle: gigaplan help\n"
}
