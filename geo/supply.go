package geo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Supply is what operators reported for one official address in a market
// survey (Markterkundungsverfahren).
//
// Several reports for one address (two operators, or one operator twice)
// are merged by MergeSupply: the best current supply wins (highest
// download, then highest upload; on a tie the first report), and the
// earliest dated planned build wins.
type Supply struct {
	AddressID        int64
	Download, Upload float64 // Mbit/s currently available (best reported)
	Technology       string  // FTTH, FTTB, DOCSIS 3.1, VDSL2, ADSL, LTE, ...
	Operator         string
	// PlannedOperator plans a private build within the survey's horizon
	// (Survey.HorizonYears). PlannedDate is when it is to be finished, zero if the
	// operator gave no date.
	PlannedOperator string
	PlannedDate     time.Time
	// Source names the reports merged into this one: "file:line", several
	// separated by ", ".
	Source string
	// AnsweredBy is the survey operator whose answer the row is (it may
	// report another Operator's network); set by
	// SupplyStore.OperatorSupplyIn, empty in merged supply.
	AnsweredBy string
}

// HasPlan reports whether a private build is planned (with or without a
// date).
func (s Supply) HasPlan() bool { return s.PlannedOperator != "" || !s.PlannedDate.IsZero() }

// SupplyStore persists market surveys (Survey) and the supply data each
// operator reported in them.
//
// Each operator's answer to a survey is kept on its own: an import
// replaces one operator's answer in one survey and leaves the others.
// Readers that want one figure per address (SupplyAll, SupplyIn,
// SurveySupply) merge the operators' answers with MergeSupply, in
// operator-name order; OperatorSupplyIn returns them unmerged.
//
// Implementations: data/sqlite, data/postgres (data/internal/sqlstore).
type SupplyStore interface {
	// AddSurvey stores a new survey with its operators (s.ID and
	// CreatedAt are set by the store) and returns it as stored.
	// EINVALID when s.Validate fails or s.AreaID names no area.
	AddSurvey(ctx context.Context, s Survey) (Survey, error)

	// Surveys returns every survey with its operators, by ID.
	Surveys(ctx context.Context) ([]Survey, error)

	// Survey returns one survey with its operators; ENOTFOUND if there
	// is none of that ID.
	Survey(ctx context.Context, id int64) (Survey, error)

	// SetSurveyOperators records that the named operators were asked
	// (asked true) or not; operators not yet listed are added, the
	// answer dates stay. ENOTFOUND for an unknown survey, EINVALID for
	// an empty name.
	SetSurveyOperators(ctx context.Context, survey int64, names []string, asked bool) error

	// ReplaceOperatorSupply replaces, in one transaction, the answer of
	// operator in survey with the rows of s and records that the operator
	// answered on the day answered (an operator not listed yet is added,
	// as not asked). A row keeps the Operator it reports; one without
	// gets operator. It returns the number of rows written. EINVALID
	// (with a German message naming the row's Source, file:line) for an
	// unknown address, an address given twice, or a negative or
	// non-finite bandwidth; ENOTFOUND for an unknown survey. An error
	// from s, or the context's error, is returned unchanged after the
	// rollback; the store is then unchanged.
	ReplaceOperatorSupply(ctx context.Context, survey int64, operator string, answered time.Time, s iter.Seq2[Supply, error]) (int, error)

	// SurveySupply returns, per address ID, the merged supply of the
	// operators' answers to survey (0: the latest survey covering area),
	// of the addresses assigned to area (0: every address).
	SurveySupply(ctx context.Context, survey, area int64) (map[int64]Supply, error)

	// OperatorSupplyIn returns, per address ID, each operator's own
	// answer to survey (0: the latest survey covering area) for the
	// addresses assigned to area (0: every address), ordered by
	// AnsweredBy, which it sets.
	OperatorSupplyIn(ctx context.Context, survey, area int64) (map[int64][]Supply, error)

	// LatestSurvey returns the latest survey (highest ID) covering area
	// that an operator has answered: one whose project area is area,
	// shares an address with it, or is the whole store (AreaID 0); for
	// area 0 the latest answered survey of all. A survey nobody answered
	// yet does not hide an older one's data. ENOTFOUND when there is none.
	LatestSurvey(ctx context.Context, area int64) (Survey, error)

	// SupplyAll is SurveySupply(ctx, 0, 0): the merged supply of the
	// latest survey, by address ID.
	SupplyAll(ctx context.Context) (map[int64]Supply, error)

	// SupplyIn is SurveySupply(ctx, 0, area): the merged supply of the
	// addresses assigned to area in the latest survey covering it.
	// Empty for an area without addresses or an unknown ID.
	SupplyIn(ctx context.Context, area int64) (map[int64]Supply, error)
}

// SupplyRecord is one row of an operator's file before matching.
type SupplyRecord struct {
	File string // file name as given to ReadSupply
	Line int    // 1-based; the header is line 1
	// Key is the file's address key (our Key, or the HK-DE OI), if any.
	Key                    string
	Street, Number, Suffix string
	Postcode               string
	Download, Upload       float64 // Mbit/s; 0 when the cell is empty
	Technology, Operator   string
	PlannedOperator        string
	PlannedDate            time.Time // zero if none
}

// Source is "file:line".
func (r SupplyRecord) Source() string { return r.File + ":" + strconv.Itoa(r.Line) }

// Label formats the record's address for people: "Hauptstr. 2 A, 77654",
// or the key when the record has no street.
func (r SupplyRecord) Label() string {
	if r.Street == "" {
		return "Schlüssel " + r.Key
	}
	s := strings.TrimSpace(r.Street + " " + strings.TrimSpace(r.Number+" "+r.Suffix))
	if r.Postcode != "" {
		s += ", " + r.Postcode
	}
	return s
}

// supplyFields are the canonical columns of a supply file.
var supplyFields = []string{"key", "street", "number", "suffix", "postcode", "download", "upload",
	"technology", "operator", "planned_operator", "planned_date"}

// supplyAliases are the column names recognised for each field, compared
// after normName, with spaces and hyphens as underscores and a trailing
// parenthesised unit ("Download (Mbit/s)") dropped; best first.
var supplyAliases = map[string][]string{
	"key":              {"key", "id", "oi", "adress_id", "adressid", "address_id", "addressid", "adresse_id", "hk_id", "adressschluessel", "adressschlüssel"},
	"street":           {"strasse", "straße", "strassenname", "straßenname", "street", "str"},
	"number":           {"hnr", "hsnr", "hausnummer", "hausnr", "number", "nr"},
	"suffix":           {"zusatz", "adz", "hausnummerzusatz", "hnr_zusatz", "adressierungszusatz", "suffix"},
	"postcode":         {"plz", "postleitzahl", "postcode", "zip"},
	"download":         {"download", "down", "dl", "bandbreite_down", "mbit_down", "download_mbit", "downstream"},
	"upload":           {"upload", "up", "ul", "bandbreite_up", "mbit_up", "upload_mbit", "upstream"},
	"technology":       {"technologie", "technology", "tech", "technik", "anschlusstechnologie"},
	"operator":         {"betreiber", "operator", "anbieter", "netzbetreiber"},
	"planned_operator": {"geplant_betreiber", "planned_operator", "betreiber_geplant", "ausbau_betreiber"},
	"planned_date":     {"geplant_bis", "planned_date", "geplant_datum", "ausbau_bis", "geplant"},
}

// supplyColName folds a header cell for matching against supplyAliases.
func supplyColName(s string) string {
	s = normName(s)
	if i := strings.IndexByte(s, '('); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// MaxBandwidth is the largest bandwidth a supply file may report, in
// Mbit/s (100 Gbit/s); larger values are taken for a unit error.
const MaxBandwidth = 100_000

// ReadSupply reads one operator's market-survey file: CSV with a header
// row, delimiter ';', ',' or tab, UTF-8 or Windows-1252, decimal comma
// allowed. Columns are found by their common names (see supplyAliases):
// key (key, id, adress_id, oi), street (strasse, street, str), number
// (hnr, hausnummer, number), suffix (zusatz, adz, suffix), postcode (plz,
// postcode), download (download, down, dl, bandbreite_down, mbit_down),
// upload (upload, up, ul, mbit_up), technology (technologie, technology,
// tech), operator (betreiber, operator, anbieter), planned_operator
// (geplant_betreiber, planned_operator) and planned_date (geplant_bis,
// planned_date, geplant_datum).
//
// Either a key column or street, number and postcode columns are
// required, and a download or planned column. Each row needs a key or a
// street, number and postcode. Bandwidths are Mbit/s between 0 and
// MaxBandwidth; an empty cell is 0. Planned dates are YYYY-MM-DD,
// DD.MM.YYYY, MM/YYYY, MM.YYYY or YYYY-MM (the month's last day) or YYYY
// (31 December of the year).
//
// Reading streams. A bad row yields (SupplyRecord{}, *ParseError) naming
// file, line and column once and ends the sequence. Blank rows are
// skipped.
func ReadSupply(name string, r io.Reader) iter.Seq2[SupplyRecord, error] {
	return func(yield func(SupplyRecord, error) bool) {
		fail := func(iss Issue, cause error) {
			iss.File = name
			iss.Feature = -1
			if iss.Message == "" && cause != nil {
				iss.Message = causeMessage(cause)
			}
			yield(SupplyRecord{}, &ParseError{Issue: iss, Err: cause})
		}
		tb, err := OpenTable(name, r, "")
		if err != nil {
			yield(SupplyRecord{}, err)
			return
		}
		header, hl := tb.Header, tb.HeaderLine
		pos := make(map[string]int, len(header))
		for i := range header {
			if k := supplyColName(header[i]); k != "" {
				if _, dup := pos[k]; !dup {
					pos[k] = i
				}
			}
		}
		col := make(map[string]int, len(supplyFields))
		used := make(map[int]bool)
		for _, f := range supplyFields {
			for _, a := range supplyAliases[f] {
				if i, ok := pos[a]; ok && !used[i] {
					col[f], used[i] = i, true
					break
				}
			}
		}
		has := func(f string) bool { _, ok := col[f]; return ok }
		colName := func(f string) string {
			if i, ok := col[f]; ok {
				return header[i]
			}
			return f
		}
		if !has("key") {
			var miss []string
			for _, f := range []string{"street", "number", "postcode"} {
				if !has(f) {
					miss = append(miss, f)
				}
			}
			if len(miss) > 0 {
				fail(Issue{Line: hl, Field: strings.Join(miss, ", "), Message: fmt.Sprintf(
					"required column missing: a key column or street, number and postcode (found: %s)", strings.Join(header, ", "))}, nil)
				return
			}
		}
		if !has("download") && !has("planned_operator") && !has("planned_date") {
			fail(Issue{Line: hl, Field: "download", Message: fmt.Sprintf(
				"required column missing: download (or a planned build column) (found: %s)", strings.Join(header, ", "))}, nil)
			return
		}
		for {
			row, line, err := tb.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(SupplyRecord{}, err)
				return
			}
			get := func(f string) string {
				if i, ok := col[f]; ok && i < len(row) {
					return row[i]
				}
				return ""
			}
			bad := func(f string, cause error) {
				fail(Issue{Line: line, Field: colName(f)}, cause)
			}
			rec := SupplyRecord{File: name, Line: line, Key: get("key"), Street: get("street"),
				Number: get("number"), Suffix: get("suffix"), Postcode: get("postcode"),
				Technology: get("technology"), Operator: get("operator"), PlannedOperator: get("planned_operator")}
			if rec.Key == "" {
				for _, f := range []string{"street", "number", "postcode"} {
					if get(f) == "" {
						msg := "empty: a row needs a key or street, number and postcode"
						if !has("street") {
							msg = "empty key: this file has no street, number and postcode columns"
							f = "key"
						}
						bad(f, errors.New(msg))
						return
					}
				}
			}
			for _, f := range []string{"download", "upload"} {
				v, err := parseBandwidth(get(f))
				if err != nil {
					bad(f, err)
					return
				}
				if f == "download" {
					rec.Download = v
				} else {
					rec.Upload = v
				}
			}
			if v := get("planned_date"); v != "" {
				if rec.PlannedDate, err = ParsePlannedDate(v); err != nil {
					bad("planned_date", err)
					return
				}
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}

// parseBandwidth reads Mbit/s; empty is 0.
func parseBandwidth(s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	v, err := parseNumber(s)
	if err != nil {
		return 0, err
	}
	if v < 0 || v > MaxBandwidth {
		return 0, fmt.Errorf("%s Mbit/s is out of range (0..%d)", s, MaxBandwidth)
	}
	return v, nil
}

// ParsePlannedDate reads the date a planned build is to be finished:
// YYYY-MM-DD, DD.MM.YYYY, MM/YYYY, MM.YYYY or YYYY-MM (the last day of
// the month) or YYYY (31 December). The result is a UTC date; years outside
// 1990..2100 are refused.
func ParsePlannedDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%q is not a date (YYYY-MM-DD, DD.MM.YYYY, MM/YYYY, YYYY-MM or YYYY)", s)
	var t time.Time
	switch {
	case len(s) == 4:
		y, err := strconv.Atoi(s)
		if err != nil {
			return time.Time{}, bad
		}
		t = time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	case len(s) <= 7 && strings.ContainsAny(s, "/.-"):
		m, y, ok := strings.Cut(strings.ReplaceAll(s, "/", "."), ".")
		if len(s) == 7 && s[4] == '-' { // YYYY-MM
			y, m, ok = strings.Cut(s, "-")
		}
		mm, err1 := strconv.Atoi(m)
		yy, err2 := strconv.Atoi(y)
		if !ok || err1 != nil || err2 != nil || len(y) != 4 || mm < 1 || mm > 12 {
			return time.Time{}, bad
		}
		t = time.Date(yy, time.Month(mm)+1, 0, 0, 0, 0, 0, time.UTC)
	default:
		ok := false
		for _, layout := range []string{time.DateOnly, "02.01.2006", "2.1.2006"} {
			if p, err := time.Parse(layout, s); err == nil {
				t, ok = p, true
				break
			}
		}
		if !ok {
			return time.Time{}, bad
		}
	}
	if t.Year() < 1990 || t.Year() > 2100 {
		return time.Time{}, fmt.Errorf("%q is out of range (years 1990..2100)", s)
	}
	return t, nil
}

// NormalizeStreet folds a street name for matching operators' spellings
// against the official one: NormalizeSearch (case, umlauts and ß, "Straße",
// "Strasse" and "Str." as "str", punctuation), then "sankt" as "st" and
// every space removed, so "Hauptstr.", "Hauptstrasse", "HAUPTSTRASSE",
// "Haupt-Straße" and "Hauptstraße " all give "hauptstr", and
// "St.-Georg-Str." and "Sankt-Georg-Straße" give "stgeorgstr".
func NormalizeStreet(s string) string {
	f := strings.Fields(NormalizeSearch(s))
	for i, w := range f {
		if w == "sankt" {
			f[i] = "st"
		}
	}
	return strings.Join(f, "")
}

// NormalizeNumber folds a house number and its suffix for matching: lower
// case, leading zeros dropped, and a letter suffix joined to the number
// without separator, so "12 a", "12A", "12a", "12-a", "012" + "a" and "12"
// + "A" all give "12a". A suffix the number already ends with is not
// repeated ("12a" + "a" gives "12a"). Other forms (ranges "12-14") only
// lose their spaces.
func NormalizeNumber(number, suffix string) string {
	n := strings.ToLower(strings.TrimSpace(number))
	suf := strings.ToLower(strings.TrimSpace(suffix))
	i := 0
	for i < len(n) && n[i] >= '0' && n[i] <= '9' {
		i++
	}
	digits, rest := strings.TrimLeft(n[:i], "0"), n[i:]
	if digits == "" && i > 0 {
		digits = "0"
	}
	rest = dropSeparators(rest)
	suf = dropSeparators(suf)
	if suf != "" && rest != suf {
		rest += suf
	}
	return digits + rest
}

// dropSeparators removes spaces, and when what is left is letters only,
// also hyphens, dots and slashes ("-a" → "a", " a" → "a"; "-14" stays).
func dropSeparators(s string) string {
	s = strings.Join(strings.Fields(s), "")
	t := strings.Map(func(r rune) rune {
		switch r {
		case '-', '.', '/':
			return -1
		}
		return r
	}, s)
	for _, r := range t {
		if r >= '0' && r <= '9' {
			return s
		}
	}
	return t
}

// addrMatchKey is the key the matcher compares addresses by.
func addrMatchKey(postcode, street, number, suffix string) string {
	return strings.TrimSpace(postcode) + "|" + NormalizeStreet(street) + "|" + NormalizeNumber(number, suffix)
}

// ambiguous marks a match key shared by several official addresses.
const ambiguous = -1

// Matcher matches operators' records to the official addresses. Build it
// once with NewMatcher; it is then read-only and safe for concurrent use.
type Matcher struct {
	byKey   map[string]int64 // Key and OI → ID (ambiguous if shared)
	byAddr  map[string]int64 // addrMatchKey → ID (ambiguous if shared)
	streets map[string]bool  // postcode|NormalizeStreet of every address
	count   map[string]int   // addrMatchKey → addresses sharing it
	ids     []int64          // every official ID, ascending
}

// NewMatcher indexes the official addresses. An error from addrs is
// returned unchanged.
func NewMatcher(addrs iter.Seq2[Address, error]) (*Matcher, error) {
	m := &Matcher{byKey: map[string]int64{}, byAddr: map[string]int64{}, streets: map[string]bool{}, count: map[string]int{}}
	put := func(idx map[string]int64, k string, id int64) {
		if old, ok := idx[k]; ok && old != id {
			idx[k] = ambiguous
			return
		}
		idx[k] = id
	}
	for a, err := range addrs {
		if err != nil {
			return nil, err
		}
		m.ids = append(m.ids, a.ID)
		if k := strings.TrimSpace(a.Key); k != "" {
			put(m.byKey, k, a.ID)
		}
		if k := strings.TrimSpace(a.OI); k != "" {
			put(m.byKey, k, a.ID)
		}
		k := addrMatchKey(a.Postcode, a.Street, a.HouseNumber, a.Suffix)
		put(m.byAddr, k, a.ID)
		m.count[k]++
		m.streets[strings.TrimSpace(a.Postcode)+"|"+NormalizeStreet(a.Street)] = true
	}
	slices.Sort(m.ids)
	m.ids = slices.Compact(m.ids)
	return m, nil
}

// Len returns the number of official addresses.
func (m *Matcher) Len() int { return len(m.ids) }

// Match finds the official address of a record: by key (the address Key
// or the HK-DE OI) when the record has one that is known, else by
// postcode, NormalizeStreet and NormalizeNumber. A record that fits
// several official addresses is not matched, nor one whose known key and
// address name two different official addresses.
func (m *Matcher) Match(r SupplyRecord) (addressID int64, ok bool) {
	id, reason := m.MatchReason(r)
	return id, reason == ""
}

// MatchReason is Match with the reason (German, for the office) why a
// record was not matched; the reason is empty for a match.
func (m *Matcher) MatchReason(r SupplyRecord) (int64, string) {
	key := strings.TrimSpace(r.Key)
	if key != "" {
		switch id, ok := m.byKey[key]; {
		case ok && id == ambiguous:
			return 0, fmt.Sprintf("Schlüssel %q ist mehrdeutig", key)
		case ok:
			// A key that points elsewhere than the address given (e.g. an
			// operator's own row number in an "id" column) is not trusted.
			if r.Street != "" && r.Number != "" && r.Postcode != "" {
				if other, found := m.byAddr[addrMatchKey(r.Postcode, r.Street, r.Number, r.Suffix)]; found && other != id {
					return 0, fmt.Sprintf("Schlüssel %q und Adresse bezeichnen verschiedene amtliche Adressen", key)
				}
			}
			return id, ""
		}
		if r.Street == "" || r.Number == "" || r.Postcode == "" {
			return 0, fmt.Sprintf("Schlüssel %q unbekannt", key)
		}
	}
	if r.Street == "" || r.Number == "" || r.Postcode == "" {
		return 0, "weder Schlüssel noch Straße, Hausnummer und PLZ"
	}
	k := addrMatchKey(r.Postcode, r.Street, r.Number, r.Suffix)
	id, ok := m.byAddr[k]
	switch {
	case ok && id == ambiguous:
		return 0, fmt.Sprintf("mehrdeutig: %d amtliche Adressen passen", m.count[k])
	case ok:
		return id, ""
	case !m.streets[strings.TrimSpace(r.Postcode)+"|"+NormalizeStreet(r.Street)]:
		return 0, fmt.Sprintf("Straße %q in PLZ %s unbekannt", r.Street, r.Postcode)
	}
	return 0, fmt.Sprintf("Hausnummer %s in %s unbekannt", strings.TrimSpace(r.Number+" "+r.Suffix), r.Street)
}

// Unmatched is a record no official address was found for.
type Unmatched struct {
	SupplyRecord
	Reason string // German, e.g. "Straße \"Musterweg\" in PLZ 77654 unbekannt"
}

// maxUnmatched caps MatchReport.Unmatched; UnmatchedCount stays accurate.
const maxUnmatched = 1000

// MatchReport tells what matching a market survey did.
type MatchReport struct {
	Read    int // records read
	Matched int // records matched to an official address
	// Merged counts matched records for an address that an earlier record
	// reported already (merged by MergeSupply).
	Merged int
	// Unmatched lists the first 1000 records not matched, in file order;
	// UnmatchedCount counts all.
	Unmatched      []Unmatched
	UnmatchedCount int
	// Forgotten lists, ascending, the official addresses no record
	// reported.
	Forgotten []int64
}

// MatchAll reads and matches every record of recs and merges the records
// of each address (MergeSupply). It returns the supply per address,
// ordered by address ID, ready for SupplyStore.ReplaceOperatorSupply. An error
// from recs is returned unchanged, with what was matched until then.
func (m *Matcher) MatchAll(recs iter.Seq2[SupplyRecord, error]) ([]Supply, *MatchReport, error) {
	rep := &MatchReport{}
	byID := map[int64]int{} // address ID → index into out
	var out []Supply
	for r, err := range recs {
		if err != nil {
			return nil, rep, err
		}
		rep.Read++
		id, reason := m.MatchReason(r)
		if reason != "" {
			rep.UnmatchedCount++
			if len(rep.Unmatched) < maxUnmatched {
				rep.Unmatched = append(rep.Unmatched, Unmatched{SupplyRecord: r, Reason: reason})
			}
			continue
		}
		rep.Matched++
		s := r.Supply(id)
		if i, ok := byID[id]; ok {
			rep.Merged++
			out[i] = MergeSupply(out[i], s)
			continue
		}
		byID[id] = len(out)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Supply) int { return cmp.Compare(a.AddressID, b.AddressID) })
	for _, id := range m.ids {
		if _, ok := byID[id]; !ok {
			rep.Forgotten = append(rep.Forgotten, id)
		}
	}
	return out, rep, nil
}

// Supply returns the record as the supply of address id.
func (r SupplyRecord) Supply(id int64) Supply {
	return Supply{AddressID: id, Download: r.Download, Upload: r.Upload, Technology: r.Technology,
		Operator: r.Operator, PlannedOperator: r.PlannedOperator, PlannedDate: r.PlannedDate, Source: r.Source()}
}

// maxSources caps the sources Supply.Source lists after merging.
const maxSources = 5

// MergeSupply merges two reports for the same address. The rule:
//   - current supply (download, upload, technology, operator): the report
//     with the higher download, on equal download the higher upload, on a
//     tie a (the earlier report);
//   - planned build: the earliest dated plan; a plan without a date only
//     when neither report has a dated one (operators report only plans
//     within the survey's three years, so an undated plan still counts);
//   - Source: both sources, at most five, then "…".
//
// Note that one best offer cannot always stand for two networks: 1000/50
// (cable) and 300/150 (fibre) merge to 1000/50, which fails a 300/150 test
// the other network passes. Operators' reports rarely differ that way;
// the address's Source names every report for checking.
func MergeSupply(a, b Supply) Supply {
	out := a
	if b.Download > a.Download || (b.Download == a.Download && b.Upload > a.Upload) {
		out.Download, out.Upload, out.Technology, out.Operator = b.Download, b.Upload, b.Technology, b.Operator
	}
	switch {
	case !b.PlannedDate.IsZero() && (a.PlannedDate.IsZero() || b.PlannedDate.Before(a.PlannedDate)):
		out.PlannedOperator, out.PlannedDate = b.PlannedOperator, b.PlannedDate
	case !a.HasPlan() && b.HasPlan():
		out.PlannedOperator, out.PlannedDate = b.PlannedOperator, b.PlannedDate
	}
	out.Source = joinSources(a.Source, b.Source)
	return out
}

func joinSources(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" || strings.HasSuffix(a, "…") {
		return a
	}
	if strings.Count(a, ", ")+1 >= maxSources {
		return a + ", …"
	}
	return a + ", " + b
}
