package geo

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustSupplyFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "supply", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// readSupplyAll collects what ReadSupply yields: the records before the
// first error, and that error. It fails the test if the sequence yields
// after an error.
func readSupplyAll(tb testing.TB, name string, data []byte) ([]SupplyRecord, error) {
	tb.Helper()
	var out []SupplyRecord
	var firstErr error
	for r, err := range ReadSupply(name, bytes.NewReader(data)) {
		if firstErr != nil {
			tb.Fatalf("sequence yielded (%v, %v) after the error %v", r, err, firstErr)
		}
		if err != nil {
			firstErr = err
			continue
		}
		out = append(out, r)
	}
	return out, firstErr
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestReadSupplyFixtures(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []SupplyRecord
	}{
		{
			name: "semicolon, German headers with units, decimal comma, blank line",
			file: "telekom.csv",
			want: []SupplyRecord{
				{File: "telekom.csv", Line: 2, Street: "Hauptstr.", Number: "1", Postcode: "77654", Download: 100, Upload: 40, Technology: "VDSL2", Operator: "Telekom"},
				{File: "telekom.csv", Line: 3, Street: "HAUPTSTRASSE", Number: "2", Suffix: "A", Postcode: "77654", Download: 50.5, Upload: 10, Technology: "VDSL2", Operator: "Telekom",
					PlannedOperator: "Telekom", PlannedDate: date(2027, 6, 30)},
				{File: "telekom.csv", Line: 5, Street: "Mühlenweg", Number: "005", Postcode: "77654", Download: 16, Upload: 1, Technology: "ADSL", Operator: "Telekom",
					PlannedDate: date(2028, 12, 31)},
			},
		},
		{
			name: "comma, keys only, quoted decimal comma, YYYY-MM",
			file: "vodafone.csv",
			want: []SupplyRecord{
				{File: "vodafone.csv", Line: 2, Key: "77654|hauptstr|1|", Download: 1000, Upload: 50, Technology: "DOCSIS 3.1", Operator: "Vodafone"},
				{File: "vodafone.csv", Line: 3, Key: "oi-42", Download: 250.5, Upload: 25, Technology: "DOCSIS 3.1", Operator: "Vodafone",
					PlannedOperator: "Vodafone", PlannedDate: date(2026, 12, 31)},
			},
		},
		{
			name: "Windows-1252",
			file: "cp1252.csv",
			want: []SupplyRecord{
				{File: "cp1252.csv", Line: 2, Street: "Mühlenweg", Number: "5", Postcode: "77654", Download: 16, Upload: 1, Operator: "Telekom"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readSupplyAll(t, tt.file, mustSupplyFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadSupplyErrors(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		wantRead  int
		wantLine  int
		wantField string
		wantMsg   string
	}{
		{"bad download on last line", string(mustSupplyFixture(t, "bad_last.csv")), 1, 3, "download", "not a number"},
		{"empty file", "", 0, 0, "", "empty"},
		{"no key and no street columns", "plz;download\n77654;50\n", 0, 1, "street, number", "required column missing"},
		{"no bandwidth or plan column", "key;betreiber\nk1;Telekom\n", 0, 1, "download", "required column missing"},
		{"row without key or address", "key;strasse;hnr;plz;download\nk1;;;;50\n;Weg;1;;50\n", 1, 3, "plz", "a row needs a key or street"},
		{"empty key in key-only file", "key;download\n;50\n", 0, 2, "key", "empty key"},
		{"negative upload", "key;download;upload\nk1;50;-1\n", 0, 2, "upload", "out of range"},
		{"absurd download", "key;download\nk1;1000000\n", 0, 2, "download", "out of range"},
		{"NaN download", "key;download\nk1;NaN\n", 0, 2, "download", "not a number"},
		{"bad planned date", "key;download;geplant_bis\nk1;50;nächstes Jahr\n", 0, 2, "geplant_bis", "not a date"},
		{"planned year out of range", "key;download;geplant_bis\nk1;50;1899\n", 0, 2, "geplant_bis", "out of range"},
		{"bad month", "key;download;geplant_bis\nk1;50;13/2027\n", 0, 2, "geplant_bis", "not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readSupplyAll(t, "s.csv", []byte(tt.data))
			if len(got) != tt.wantRead {
				t.Errorf("read %d records before the error, want %d", len(got), tt.wantRead)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *ParseError", err, err)
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("code = %q, want EINVALID", ErrorCode(err))
			}
			if pe.File != "s.csv" || pe.Line != tt.wantLine || pe.Field != tt.wantField {
				t.Errorf("issue = %s:%d field %q, want s.csv:%d field %q", pe.File, pe.Line, pe.Field, tt.wantLine, tt.wantField)
			}
			if !strings.Contains(pe.Error(), tt.wantMsg) {
				t.Errorf("message %q lacks %q", pe.Error(), tt.wantMsg)
			}
			if msg := ErrorMessage(err); englishWords.MatchString(msg) {
				t.Errorf("English %q left in what people read: %q", englishWords.FindString(msg), msg)
			}
		})
	}
}

func TestReadSupplyStopsEarly(t *testing.T) {
	n := 0
	for range ReadSupply("s.csv", strings.NewReader("key;download\nk1;1\nk2;2\nk3;3\n")) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("yielded %d times after break", n)
	}
}

func TestParsePlannedDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Time
		ok   bool
	}{
		{"ISO", "2027-06-30", date(2027, 6, 30), true},
		{"German", "30.06.2027", date(2027, 6, 30), true},
		{"German short", "1.7.2027", date(2027, 7, 1), true},
		{"year", "2027", date(2027, 12, 31), true},
		{"month slash", "02/2028", date(2028, 2, 29), true},
		{"month dot", "6.2027", date(2027, 6, 30), true},
		{"ISO month", "2027-02", date(2027, 2, 28), true},
		{"words", "bald", time.Time{}, false},
		{"two-digit year", "06/27", time.Time{}, false},
		{"month 0", "00/2027", time.Time{}, false},
		{"year too far", "2200", time.Time{}, false},
		{"first month", "01/2026", date(2026, 1, 31), true},
		{"first year", "1990", date(1990, 12, 31), true},
		{"last year", "2100", date(2100, 12, 31), true},
		{"year before the range", "1989", time.Time{}, false},
		{"year after the range", "2101", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePlannedDate(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParsePlannedDate(%q) err = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParsePlannedDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeStreet(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want string
	}{
		{"Str., Straße, Strasse, case, trailing space, hyphen", []string{"Hauptstraße", "Hauptstr.", "Hauptstrasse", "HAUPTSTRASSE", "Haupt-Straße", "Hauptstraße ", "Haupt Str.", " hauptstr"}, "hauptstr"},
		{"umlauts and digraphs", []string{"Mühlenweg", "Muehlenweg", "MÜHLENWEG", "Mühlen-Weg"}, "muhlenweg"},
		{"ß", []string{"Große Gasse", "Grosse Gasse", "GROSSE GASSE"}, "grossegasse"},
		{"Sankt", []string{"St.-Georg-Str.", "Sankt-Georg-Straße", "St. Georg Strasse", "st georgstr"}, "stgeorgstr"},
		{"Platz unchanged", []string{"Rathausplatz"}, "rathausplatz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, in := range tt.in {
				if got := NormalizeStreet(in); got != tt.want {
					t.Errorf("NormalizeStreet(%q) = %q, want %q", in, got, tt.want)
				}
			}
		})
	}
	// Different streets stay different.
	for _, p := range [][2]string{{"Hauptstraße", "Hauptweg"}, {"Am Berg", "Bergstraße"}, {"Schulweg", "Schulstraße"}} {
		if NormalizeStreet(p[0]) == NormalizeStreet(p[1]) {
			t.Errorf("NormalizeStreet(%q) == NormalizeStreet(%q) = %q", p[0], p[1], NormalizeStreet(p[0]))
		}
	}
}

func TestNormalizeNumber(t *testing.T) {
	tests := []struct {
		name           string
		number, suffix string
		want           string
	}{
		{"space", "12 a", "", "12a"},
		{"upper", "12A", "", "12a"},
		{"lower", "12a", "", "12a"},
		{"hyphen", "12-a", "", "12a"},
		{"suffix column", "12", "a", "12a"},
		{"upper suffix column", "12", "A", "12a"},
		{"suffix repeated", "12a", "a", "12a"},
		{"suffix with space", " 12 ", " A ", "12a"},
		{"leading zeros", "012", "", "12"},
		{"leading zeros and suffix", "0012", "b", "12b"},
		{"zero", "0", "", "0"},
		{"range keeps hyphen", "12-14", "", "12-14"},
		{"range with spaces", "12 - 14", "", "12-14"},
		{"plain", "7", "", "7"},
		{"empty", "", "", ""},
		{"leading zero before 9", "09", "", "9"},
		{"number ending in 9, hyphen suffix", "19-a", "", "19a"},
		{"range ending in 9 keeps hyphen", "8-9", "", "8-9"},
		{"hyphen before 0 stays", "12-0", "", "12-0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeNumber(tt.number, tt.suffix); got != tt.want {
				t.Errorf("NormalizeNumber(%q, %q) = %q, want %q", tt.number, tt.suffix, got, tt.want)
			}
		})
	}
	if NormalizeNumber("12", "a") == NormalizeNumber("12", "b") || NormalizeNumber("1", "") == NormalizeNumber("11", "") {
		t.Error("different numbers normalise alike")
	}
}

// officialSeq yields the official addresses of the matcher tests.
func officialSeq(fail error) func(yield func(Address, error) bool) {
	as := []Address{
		{ID: 1, Key: "77654|hauptstr|1|", Street: "Hauptstraße", HouseNumber: "1", Postcode: "77654"},
		{ID: 2, Key: "77654|hauptstr|2|a", Street: "Hauptstraße", HouseNumber: "2", Suffix: "a", Postcode: "77654"},
		{ID: 3, Key: "k3", OI: "oi-42", Street: "Mühlenweg", HouseNumber: "5", Postcode: "77654"},
		{ID: 4, Key: "k4", Street: "Schulweg", HouseNumber: "3", Postcode: "77654"},
		// Two Ortsteile, one postcode, one street name: ambiguous by address.
		{ID: 5, Key: "k5", Street: "Dorfstraße", HouseNumber: "1", Postcode: "77655", City: "A-Dorf"},
		{ID: 6, Key: "k6", Street: "Dorfstr.", HouseNumber: "1", Postcode: "77655", City: "B-Dorf"},
	}
	return func(yield func(Address, error) bool) {
		for _, a := range as {
			if !yield(a, nil) {
				return
			}
		}
		if fail != nil {
			yield(Address{}, fail)
		}
	}
}

func mustMatcher(t *testing.T) *Matcher {
	t.Helper()
	m, err := NewMatcher(officialSeq(nil))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMatcherMatch(t *testing.T) {
	m := mustMatcher(t)
	if m.Len() != 6 {
		t.Errorf("Len = %d, want 6", m.Len())
	}
	tests := []struct {
		name       string
		rec        SupplyRecord
		wantID     int64
		wantReason string // substring; "" for a match
	}{
		{"by key", SupplyRecord{Key: "77654|hauptstr|2|a"}, 2, ""},
		{"by OI", SupplyRecord{Key: "oi-42"}, 3, ""},
		{"by address, abbreviated street", SupplyRecord{Street: "Hauptstr.", Number: "1", Postcode: "77654"}, 1, ""},
		{"by address, suffix in number", SupplyRecord{Street: "HAUPTSTRASSE", Number: "2 A", Postcode: "77654"}, 2, ""},
		{"by address, suffix column", SupplyRecord{Street: "Haupt-Straße", Number: "02", Suffix: "A", Postcode: "77654"}, 2, ""},
		{"by address, digraph", SupplyRecord{Street: "Muehlenweg", Number: "5", Postcode: "77654"}, 3, ""},
		{"unknown key falls back to address", SupplyRecord{Key: "x", Street: "Schulweg", Number: "3", Postcode: "77654"}, 4, ""},
		{"unknown key only", SupplyRecord{Key: "x"}, 0, `Schlüssel "x" unbekannt`},
		{"key and address disagree", SupplyRecord{Key: "k4", Street: "Hauptstraße", Number: "1", Postcode: "77654"}, 0, "verschiedene"},
		{"key and address agree", SupplyRecord{Key: "k4", Street: "Schulweg", Number: "3", Postcode: "77654"}, 4, ""},
		{"key and unknown address trusts key", SupplyRecord{Key: "k4", Street: "Schulweg", Number: "99", Postcode: "77654"}, 4, ""},
		{"unknown street", SupplyRecord{Street: "Musterweg", Number: "3", Postcode: "77654"}, 0, "Straße \"Musterweg\" in PLZ 77654 unbekannt"},
		{"wrong postcode", SupplyRecord{Street: "Schulweg", Number: "3", Postcode: "77777"}, 0, "in PLZ 77777 unbekannt"},
		{"unknown number", SupplyRecord{Street: "Hauptstraße", Number: "2", Postcode: "77654"}, 0, "Hausnummer 2 in Hauptstraße unbekannt"},
		{"ambiguous address", SupplyRecord{Street: "Dorfstraße", Number: "1", Postcode: "77655"}, 0, "mehrdeutig: 2"},
		{"ambiguous address, key decides", SupplyRecord{Key: "k6", Street: "Dorfstraße", Number: "1", Postcode: "77655"}, 0, "verschiedene"},
		{"nothing to match by", SupplyRecord{Street: "Hauptstraße", Number: "1"}, 0, "weder Schlüssel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, reason := m.MatchReason(tt.rec)
			if id != tt.wantID {
				t.Errorf("id = %d, want %d (reason %q)", id, tt.wantID, reason)
			}
			if (tt.wantReason == "") != (reason == "") || !strings.Contains(reason, tt.wantReason) {
				t.Errorf("reason = %q, want %q", reason, tt.wantReason)
			}
			gotID, ok := m.Match(tt.rec)
			if ok != (tt.wantReason == "") || gotID != tt.wantID {
				t.Errorf("Match = %d, %v", gotID, ok)
			}
		})
	}
}

func TestMatcherAmbiguousKey(t *testing.T) {
	// An OI equal to another address's key makes the key ambiguous.
	m, err := NewMatcher(func(yield func(Address, error) bool) {
		yield(Address{ID: 1, Key: "a", OI: "b", Street: "X", HouseNumber: "1", Postcode: "1"}, nil)
		yield(Address{ID: 2, Key: "b", Street: "X", HouseNumber: "2", Postcode: "1"}, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	if id, reason := m.MatchReason(SupplyRecord{Key: "b"}); id != 0 || !strings.Contains(reason, "mehrdeutig") {
		t.Errorf("MatchReason(b) = %d, %q; want ambiguous", id, reason)
	}
	if id, ok := m.Match(SupplyRecord{Key: "a"}); !ok || id != 1 {
		t.Errorf("Match(a) = %d, %v", id, ok)
	}
}

func TestNewMatcherError(t *testing.T) {
	boom := errors.New("boom")
	if _, err := NewMatcher(officialSeq(boom)); err != boom {
		t.Errorf("err = %v, want %v", err, boom)
	}
}

func recSeq(recs []SupplyRecord, fail error) func(yield func(SupplyRecord, error) bool) {
	return func(yield func(SupplyRecord, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
		if fail != nil {
			yield(SupplyRecord{}, fail)
		}
	}
}

func TestMatchAll(t *testing.T) {
	m := mustMatcher(t)
	recs := []SupplyRecord{
		{File: "t.csv", Line: 2, Street: "Hauptstr.", Number: "1", Postcode: "77654", Download: 100, Upload: 40, Technology: "VDSL2", Operator: "Telekom"},
		{File: "t.csv", Line: 3, Street: "Hauptstr.", Number: "2 a", Postcode: "77654", Download: 50, Upload: 10, Technology: "VDSL2", Operator: "Telekom",
			PlannedOperator: "Telekom", PlannedDate: date(2027, 6, 30)},
		{File: "t.csv", Line: 4, Street: "Musterweg", Number: "3", Postcode: "77654", Download: 16},
		{File: "v.csv", Line: 2, Key: "77654|hauptstr|1|", Download: 1000, Upload: 50, Technology: "DOCSIS 3.1", Operator: "Vodafone"},
		{File: "v.csv", Line: 3, Key: "77654|hauptstr|2|a", Download: 50, Upload: 5, Technology: "LTE", Operator: "O2",
			PlannedOperator: "Deutsche Glasfaser", PlannedDate: date(2026, 12, 31)},
		{File: "v.csv", Line: 4, Key: "oi-42", Download: 16, Upload: 1, Technology: "ADSL", Operator: "Telekom"},
	}
	got, rep, err := m.MatchAll(recSeq(recs, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []Supply{
		{AddressID: 1, Download: 1000, Upload: 50, Technology: "DOCSIS 3.1", Operator: "Vodafone", Source: "t.csv:2, v.csv:2"},
		{AddressID: 2, Download: 50, Upload: 10, Technology: "VDSL2", Operator: "Telekom",
			PlannedOperator: "Deutsche Glasfaser", PlannedDate: date(2026, 12, 31), Source: "t.csv:3, v.csv:3"},
		{AddressID: 3, Download: 16, Upload: 1, Technology: "ADSL", Operator: "Telekom", Source: "v.csv:4"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("supply:\n got %+v\nwant %+v", got, want)
	}
	if rep.Read != 6 || rep.Matched != 5 || rep.Merged != 2 || rep.UnmatchedCount != 1 || len(rep.Unmatched) != 1 {
		t.Errorf("report = %+v", rep)
	}
	if u := rep.Unmatched[0]; u.Line != 4 || u.File != "t.csv" || !strings.Contains(u.Reason, "Musterweg") {
		t.Errorf("unmatched = %+v", u)
	}
	if !slices.Equal(rep.Forgotten, []int64{4, 5, 6}) {
		t.Errorf("forgotten = %v, want [4 5 6]", rep.Forgotten)
	}

	boom := errors.New("boom")
	if _, _, err := m.MatchAll(recSeq(recs[:2], boom)); err != boom {
		t.Errorf("MatchAll with failing sequence: err = %v, want %v", err, boom)
	}
}

func TestMergeSupply(t *testing.T) {
	base := Supply{AddressID: 1, Download: 100, Upload: 40, Technology: "VDSL2", Operator: "Telekom", Source: "a:2"}
	tests := []struct {
		name string
		a, b Supply
		want Supply
	}{
		{"higher download wins",
			base, Supply{AddressID: 1, Download: 1000, Upload: 50, Technology: "DOCSIS 3.1", Operator: "Vodafone", Source: "b:2"},
			Supply{AddressID: 1, Download: 1000, Upload: 50, Technology: "DOCSIS 3.1", Operator: "Vodafone", Source: "a:2, b:2"}},
		{"lower download loses",
			base, Supply{AddressID: 1, Download: 50, Upload: 50, Technology: "LTE", Operator: "O2", Source: "b:2"},
			Supply{AddressID: 1, Download: 100, Upload: 40, Technology: "VDSL2", Operator: "Telekom", Source: "a:2, b:2"}},
		{"equal download, higher upload wins",
			base, Supply{AddressID: 1, Download: 100, Upload: 100, Technology: "FTTH", Operator: "Stadtwerke", Source: "b:2"},
			Supply{AddressID: 1, Download: 100, Upload: 100, Technology: "FTTH", Operator: "Stadtwerke", Source: "a:2, b:2"}},
		{"tie keeps the first",
			base, Supply{AddressID: 1, Download: 100, Upload: 40, Technology: "FTTB", Operator: "X", Source: "b:2"},
			Supply{AddressID: 1, Download: 100, Upload: 40, Technology: "VDSL2", Operator: "Telekom", Source: "a:2, b:2"}},
		{"earliest plan wins",
			Supply{PlannedOperator: "A", PlannedDate: date(2027, 6, 30), Source: "a:2"},
			Supply{PlannedOperator: "B", PlannedDate: date(2026, 1, 31), Source: "b:2"},
			Supply{PlannedOperator: "B", PlannedDate: date(2026, 1, 31), Source: "a:2, b:2"}},
		{"later plan loses",
			Supply{PlannedOperator: "A", PlannedDate: date(2026, 1, 31), Source: "a:2"},
			Supply{PlannedOperator: "B", PlannedDate: date(2027, 6, 30), Source: "b:2"},
			Supply{PlannedOperator: "A", PlannedDate: date(2026, 1, 31), Source: "a:2, b:2"}},
		{"dated plan beats undated",
			Supply{PlannedOperator: "A", Source: "a:2"},
			Supply{PlannedOperator: "B", PlannedDate: date(2027, 6, 30), Source: "b:2"},
			Supply{PlannedOperator: "B", PlannedDate: date(2027, 6, 30), Source: "a:2, b:2"}},
		{"undated plan fills no plan",
			Supply{Source: "a:2"},
			Supply{PlannedOperator: "B", Source: "b:2"},
			Supply{PlannedOperator: "B", Source: "a:2, b:2"}},
		{"no plan keeps plan",
			Supply{PlannedOperator: "A", PlannedDate: date(2027, 6, 30), Source: "a:2"},
			Supply{Source: "b:2"},
			Supply{PlannedOperator: "A", PlannedDate: date(2027, 6, 30), Source: "a:2, b:2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MergeSupply(tt.a, tt.b); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("MergeSupply:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestMergeSupplySourcesCapped(t *testing.T) {
	s := Supply{Source: "f:1"}
	for i := 2; i <= 9; i++ {
		s = MergeSupply(s, Supply{Source: "f:" + string(rune('0'+i))})
	}
	if s.Source != "f:1, f:2, f:3, f:4, f:5, …" {
		t.Errorf("Source = %q", s.Source)
	}
}

func FuzzReadSupply(f *testing.F) {
	for _, name := range []string{"telekom.csv", "vodafone.csv", "cp1252.csv", "bad_last.csv"} {
		f.Add(mustSupplyFixture(f, name))
	}
	f.Add([]byte("key\tdl\tgeplant_bis\nk1\t1,5\t06/2027\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := readSupplyAll(t, "fuzz", data)
		for _, r := range recs {
			if r.File != "fuzz" || r.Line < 2 {
				t.Errorf("record %+v: bad file or line", r)
			}
			if r.Key == "" && (r.Street == "" || r.Number == "" || r.Postcode == "") {
				t.Errorf("record %+v has neither key nor full address", r)
			}
			for _, v := range []float64{r.Download, r.Upload} {
				if math.IsNaN(v) || v < 0 || v > MaxBandwidth {
					t.Errorf("record %+v: bandwidth %v out of range", r, v)
				}
			}
			if !r.PlannedDate.IsZero() && (r.PlannedDate.Year() < 1990 || r.PlannedDate.Year() > 2100) {
				t.Errorf("record %+v: planned date out of range", r)
			}
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || ErrorCode(err) != EINVALID || pe.File != "fuzz" {
				t.Fatalf("error %v (%T) is not a *ParseError EINVALID naming the file", err, err)
			}
		}
	})
}
