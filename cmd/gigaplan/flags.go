package main

import (
	"flag"
	"fmt"
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
		return fmt.Errorf("want field=column, got %q", s)
	}
	m[strings.ToLower(field)] = col
	return nil
}
