package campaigns

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
)

// ProgressRow is one row of a provider's progress file, as read.
type ProgressRow struct {
	Line      int
	Area      string // Ortsteil, Gewerbegebiet … ("" when the file has no area column)
	Street    string // "" for a row of the whole area
	AsOf      time.Time
	Passed    int
	Connected int
	Activated int
	// Expected dates, when the file has them (zero: none in this row).
	ExpectedStart, ExpectedCompletion time.Time
}

// ProgressFields are the fields of a progress file, in the order --map
// names them: area, street, date, passed, connected, activated (the last
// four required, area or street optional), start and completion (the
// expected dates, optional).
var ProgressFields = []string{"area", "street", "date", "passed", "connected", "activated", "start", "completion"}

// progressAliases are the column names the providers' files use, as
// normProgressCol leaves them.
var progressAliases = map[string][]string{
	"area":       {"area", "gebiet", "ortsteil", "ausbaugebiet", "gewerbegebiet", "cluster", "projektgebiet", "bauabschnitt"},
	"street":     {"street", "straße", "strasse", "str", "straßenname", "strassenname"},
	"date":       {"date", "datum", "stand", "stichtag", "berichtsdatum", "meldedatum", "as of"},
	"passed":     {"passed", "homes passed", "hp", "homespassed", "anschlussfähig", "anschlussfaehig", "erschlossen"},
	"connected":  {"connected", "homes connected", "hc", "homesconnected", "angeschlossen", "hausanschlüsse", "hausanschluesse"},
	"activated":  {"activated", "homes activated", "ha", "homesactivated", "aktiviert", "aktive anschlüsse", "aktive anschluesse", "in betrieb"},
	"start":      {"start", "baubeginn", "baubeginn voraussichtlich", "voraussichtlicher baubeginn", "geplanter baubeginn", "expected start"},
	"completion": {"completion", "fertigstellung", "fertigstellung voraussichtlich", "voraussichtliche fertigstellung", "geplante fertigstellung", "expected completion"},
}

// progressGerman names the fields for people.
var progressGerman = map[string]string{
	"area": "Gebiet", "street": "Straße", "date": "Datum", "passed": "Homes Passed", "connected": "Homes Connected",
	"activated": "Homes Activated", "start": "Baubeginn", "completion": "Fertigstellung",
}

var progressSpaces = regexp.MustCompile(`[\s_\-]+`)

// normProgressCol folds a header for the alias lookup: lower case, "_"
// and "-" as spaces, runs of spaces as one, no trailing punctuation.
func normProgressCol(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimRight(s, ":.*")
	return strings.TrimSpace(progressSpaces.ReplaceAllString(s, " "))
}

// MaxProgressRows bounds a progress file.
const MaxProgressRows = 100_000

// ReadProgress reads a provider's progress file (CSV, comma or
// semicolon separated, or the first sheet of an XLSX workbook). Columns
// are found by their usual names (Ortsteil, Straße, Datum, Homes Passed,
// Connected, Activated, Baubeginn, Fertigstellung …); mapping names a
// column for a field where the file uses another name (field → column, as
// --map passes it). Dates are YYYY-MM-DD or DD.MM.YYYY (in a workbook also
// date cells); expected dates may also be MM/YYYY or YYYY. Counts are
// whole numbers, "1.234" with a thousands point; an empty cell is 0.
//
// The first bad row fails the whole file with an EINVALID error in German
// naming file, line and column; so does a missing column and a file with
// more than maxRows rows.
func ReadProgress(name string, r io.Reader, mapping map[string]string, maxRows int) ([]ProgressRow, error) {
	tb, err := geo.OpenTable(name, r, "")
	if err != nil {
		return nil, geo.Errorf(geo.EINVALID, "%s", geo.ErrorMessage(err))
	}
	header, hl := tb.Header, tb.HeaderLine
	xlsx := strings.HasPrefix(tb.Format, "XLSX")
	pos := map[string]int{}
	for i, h := range header {
		if k := normProgressCol(h); k != "" {
			if _, dup := pos[k]; !dup {
				pos[k] = i
			}
		}
	}
	col := map[string]int{}
	used := map[int]bool{}
	for f, c := range mapping {
		if progressGerman[f] == "" {
			return nil, geo.Errorf(geo.EINVALID, "--map: unbekanntes Feld %q (möglich: %s)", f, strings.Join(ProgressFields, ", "))
		}
		i, ok := pos[normProgressCol(c)]
		if !ok {
			return nil, geo.Errorf(geo.EINVALID, "%s:%d: die Spalte %q für %s aus --map fehlt (vorhanden: %s)", name, hl, c,
				progressGerman[f], strings.Join(header, ", "))
		}
		col[f], used[i] = i, true
	}
	for _, f := range ProgressFields {
		if _, ok := col[f]; ok {
			continue
		}
		for _, a := range progressAliases[f] {
			if i, ok := pos[a]; ok && !used[i] {
				col[f], used[i] = i, true
				break
			}
		}
	}
	for _, f := range []string{"date", "passed", "connected", "activated"} {
		if _, ok := col[f]; !ok {
			return nil, geo.Errorf(geo.EINVALID, "%s:%d: die Spalte %s fehlt (vorhanden: %s); benennen mit --map %s=SPALTE",
				name, hl, progressGerman[f], strings.Join(header, ", "), f)
		}
	}
	return readTableRows(name, tb, col, maxRows, func(r tableRow) (ProgressRow, error) {
		get, bad := r.Get, r.Bad
		row := ProgressRow{Line: r.Line, Area: get("area"), Street: get("street")}
		var err error
		if row.AsOf, err = parseCellDate(get("date"), xlsx); err != nil {
			return row, bad("date", "%q ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)", get("date"))
		}
		for _, f := range []struct {
			name string
			dst  *int
		}{{"passed", &row.Passed}, {"connected", &row.Connected}, {"activated", &row.Activated}} {
			n, err := parseCount(get(f.name))
			if err != nil {
				return row, bad(f.name, "%v", err)
			}
			*f.dst = n
		}
		for _, f := range []struct {
			name string
			dst  *time.Time
		}{{"start", &row.ExpectedStart}, {"completion", &row.ExpectedCompletion}} {
			v := get(f.name)
			if v == "" {
				continue
			}
			t, err := parseCellDate(v, xlsx)
			if err != nil {
				if t, err = geo.ParsePlannedDate(v); err != nil {
					return row, bad(f.name, "%q ist kein Datum (TT.MM.JJJJ, MM/JJJJ oder JJJJ)", v)
				}
			}
			*f.dst = t
		}
		return row, nil
	})
}

var thousandsDots = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$`)

// parseCount reads a whole number of homes: "1234", "1.234" (a German
// thousands point), "1234.0" (a workbook's number); empty is 0.
func parseCount(s string) (int, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" {
		return 0, nil
	}
	if thousandsDots.MatchString(s) {
		s = strings.ReplaceAll(s, ".", "")
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, ".0"), ",0")
	n, err := strconv.Atoi(s)
	if err != nil || len(s) > 9 {
		return 0, fmt.Errorf("%q ist keine ganze Zahl", s)
	}
	if n < 0 {
		return 0, fmt.Errorf("%d ist negativ", n)
	}
	return n, nil
}

// ParseProgressMap reads --map values for a progress file: "Datum=Stand"
// pairs are passed as field=column; fields are ProgressFields.
func ParseProgressMap(m map[string]string) (map[string]string, error) {
	out := map[string]string{}
	for f, c := range m {
		f = strings.ToLower(strings.TrimSpace(f))
		if progressGerman[f] == "" {
			return nil, geo.Errorf(geo.EINVALID, "--map: unbekanntes Feld %q (möglich: %s)", f, strings.Join(ProgressFields, ", "))
		}
		out[f] = c
	}
	return out, nil
}
