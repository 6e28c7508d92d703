package main

import (
	"flag"
	"fmt"
	"regexp"
	"strings"
)

// parseInterleaved parses fs allowing flags after positional arguments
// ("import addresses a.csv --crs EPSG:25832") and returns the positionals.
// "--" ends flag parsing.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// mapFlag collects repeated --map field=column options.
type mapFlag map[string]string

func (m mapFlag) String() string {
	var parts []string
	for k, v := range m {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

func (m mapFlag) Set(s string) error {
	field, col, ok := strings.Cut(s, "=")
	field, col = strings.TrimSpace(field), strings.TrimSpace(col)
	if !ok || field == "" || col == "" {
		return fmt.Errorf("erwartet feld=spalte, nicht „%s“", s)
	}
	m[strings.ToLower(field)] = col
	return nil
}

// flagMessages puts the flag package's errors into German (its words are
// fixed in the standard library); the causes our flags give are German.
var flagMessages = []struct {
	re *regexp.Regexp
	de string
}{
	{regexp.MustCompile(`^flag provided but not defined: -+(.*)$`), "unbekannte Option --$1"},
	{regexp.MustCompile(`^flag needs an argument: -+(.*)$`), "--$1 braucht einen Wert"},
	{regexp.MustCompile(`^invalid boolean value "(.*)" for -+(\S+): .*$`), "ungültiger Wert „$1“ für --$2 (erwartet: true oder false)"},
	{regexp.MustCompile(`^invalid boolean flag (\S+): .*$`), "ungültiger Wert für --$1 (erwartet: true oder false)"},
	{regexp.MustCompile(`^invalid value "(.*)" for flag -+(\S+): parse error$`), "ungültiger Wert „$1“ für --$2: keine Zahl"},
	{regexp.MustCompile(`^invalid value "(.*)" for flag -+(\S+): value out of range$`), "ungültiger Wert „$1“ für --$2: außerhalb des Bereichs"},
	{regexp.MustCompile(`^invalid value "(.*)" for flag -+(\S+): (.*)$`), "ungültiger Wert „$1“ für --$2: $3"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "ungültige Option „$1“"},
}

// flagError returns a flag parsing error's message in German.
func flagError(err error) string {
	msg := err.Error()
	for _, m := range flagMessages {
		if loc := m.re.FindStringSubmatchIndex(msg); loc != nil {
			return string(m.re.ExpandString(nil, m.de, msg, loc))
		}
	}
	return msg
}
