package geo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// MustOpenFixture returns the content of testdata/import/name.
func MustOpenFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "import", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// readAll collects what ReadAddresses yields: the addresses before the
// first error, and that error. It fails the test if the sequence yields
// after an error.
func readAll(tb testing.TB, name string, data []byte, opt ParseOptions) ([]Address, *Report, error) {
	tb.Helper()
	rep := &Report{}
	var out []Address
	var firstErr error
	for a, err := range ReadAddresses(name, bytes.NewReader(data), opt, rep) {
		if firstErr != nil {
			tb.Fatalf("sequence yielded (%v, %v) after the error %v", a, err, firstErr)
		}
		if err != nil {
			firstErr = err
			continue
		}
		out = append(out, a)
	}
	return out, rep, firstErr
}

// checkAddress fails if a is not a valid WGS84 address.
func checkAddress(tb testing.TB, a Address) {
	tb.Helper()
	if !finite(a.Lon, a.Lat) || a.Lon < -180 || a.Lon > 180 || a.Lat < -90 || a.Lat > 90 {
		tb.Fatalf("address %+v has invalid coordinates", a)
	}
	if a.Key == "" || a.Source == "" {
		tb.Fatalf("address %+v has no key or source", a)
	}
	// What a reader lets through is clean text: valid UTF-8, no control
	// characters, within the field limit (issue 12's NUL and 5 MB names).
	for _, v := range []string{a.Street, a.HouseNumber, a.Suffix, a.Postcode, a.City, a.Locality, a.AGS, a.StreetKey, a.OI, a.Quality} {
		if len(v) > DefaultLimits.Field || !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool { return r != '\t' && unicode.IsControl(r) }) {
			tb.Fatalf("address %+v holds a value a reader must refuse: %q", a, v)
		}
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestIssueString(t *testing.T) {
	tests := []struct {
		name string
		iss  Issue
		want string
	}{
		{name: "line and field", iss: Issue{File: "adressen.csv", Line: 12, Feature: -1, Field: "hnr", Message: "not a number"}, want: "adressen.csv:12: field hnr: not a number"},
		{name: "feature", iss: Issue{File: "ortsteile.geojson", Feature: 3, Field: "geometry", Message: "bad"}, want: "ortsteile.geojson: feature 3: field geometry: bad"},
		{name: "file only", iss: Issue{File: "a.csv", Feature: -1, Message: "empty"}, want: "a.csv: empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.iss.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseErrorCodes(t *testing.T) {
	var err error = &ParseError{Issue: Issue{File: "a.csv", Line: 3, Feature: -1, Field: "x", Message: "out"}, Err: outOfRange("out")}
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID {
		t.Fatalf("errors.As *Error: %v", e)
	}
	if ErrorCode(err) != EINVALID || ErrorMessage(err) != "a.csv:3: Feld x: out" || err.Error() != "a.csv:3: field x: out" {
		t.Errorf("code %q message %q", ErrorCode(err), ErrorMessage(err))
	}
	if !errors.Is(err, ErrOutOfRange) {
		t.Error("cause lost")
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 3 {
		t.Error("errors.As *ParseError")
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, file, format string
		crs                CRS
	}{
		{name: "HK-DE 4.2 UTF-8", file: "hkde_42.txt", format: "HK-DE 4.2", crs: UTM32},
		{name: "HK-DE 3.1 ISO-8859-1", file: "hkde_31.txt", format: "HK-DE 3.1", crs: UTM32},
		{name: "CSV semicolon", file: "addresses_utm.csv", format: "CSV", crs: UTM32},
		{name: "CSV comma", file: "addresses_osm.csv", format: "CSV", crs: WGS84},
		{name: "CSV tab", file: "addresses_tab.tsv", format: "CSV", crs: WGS84},
		{name: "GeoJSON", file: "addresses_4326.geojson", format: "GeoJSON", crs: WGS84},
		{name: "GeoJSON 4647", file: "addresses_4647.geojson", format: "GeoJSON", crs: UTM32Zoned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as, rep, err := readAll(t, tt.file, MustOpenFixture(t, tt.file), ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Format != tt.format || rep.CRS != tt.crs || rep.File != tt.file {
				t.Errorf("report %q %v %q; want %q %v", rep.Format, rep.CRS, rep.File, tt.format, tt.crs)
			}
			if len(as) == 0 {
				t.Fatal("no addresses")
			}
			for _, a := range as {
				checkAddress(t, a)
				// Every fixture is in Offenburg.
				if !near(a.Lon, 7.9, 0.15) || !near(a.Lat, 48.47, 0.1) {
					t.Errorf("%s: %v, %v not in Offenburg", a.Source, a.Lon, a.Lat)
				}
			}
		})
	}
}

func TestReadOptionsErrors(t *testing.T) {
	tests := []struct {
		name string
		opt  ParseOptions
		want string
	}{
		{name: "unknown CRS", opt: ParseOptions{CRS: 99999}, want: "wird nicht unterstützt"},
		{name: "unknown map field", opt: ParseOptions{Map: map[string]string{"hausnummer": "nr"}}, want: `unknown field "hausnummer"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, "a.csv", []byte("strasse;hnr;x;y\n"), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) || ErrorCode(err) != EINVALID {
				t.Fatalf("err = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

// TestReadStopsEarly checks that breaking out of the loop stops reading.
func TestReadStopsEarly(t *testing.T) {
	for _, file := range []string{"hkde_42.txt", "addresses_utm.csv", "addresses_4647.geojson"} {
		t.Run(file, func(t *testing.T) {
			n := 0
			for _, err := range ReadAddresses(file, bytes.NewReader(MustOpenFixture(t, file)), ParseOptions{}, nil) {
				if err != nil {
					t.Fatal(err)
				}
				n++
				break
			}
			if n != 1 {
				t.Errorf("n = %d", n)
			}
		})
	}
	n := 0
	for range ReadAreas("a", bytes.NewReader(MustOpenFixture(t, "areas_25832.geojson")), ParseOptions{}, nil) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("areas n = %d", n)
	}
}

// errReader fails after its content.
type errReader struct{ r io.Reader }

func (e errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, errors.New("disk on fire")
	}
	return n, err
}

func TestReadError(t *testing.T) {
	var got error
	for _, err := range ReadAddresses("x.txt", errReader{strings.NewReader("")}, ParseOptions{}, nil) {
		got = err
	}
	if got == nil || !strings.Contains(got.Error(), "disk on fire") {
		t.Errorf("err = %v", got)
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want float64
		err  bool
	}{
		{name: "point", in: "415000.123", want: 415000.123},
		{name: "decimal comma", in: "415000,123", want: 415000.123},
		{name: "spaces", in: " 7,5 ", want: 7.5},
		{name: "integer", in: "5370000", want: 5370000},
		{name: "negative", in: "-1,5", want: -1.5},
		{name: "two commas", in: "1,000,5", err: true},
		{name: "empty", in: "", err: true},
		{name: "NaN", in: "NaN", err: true},
		{name: "Inf", in: "+Inf", err: true},
		{name: "text", in: "north", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseNumber(tt.in)
			if (err != nil) != tt.err || (!tt.err && got != tt.want) {
				t.Errorf("parseNumber(%q) = %v, %v", tt.in, got, err)
			}
		})
	}
}

func TestReportCaps(t *testing.T) {
	var b strings.Builder
	b.WriteString("strasse;hnr;plz;x;y\n")
	for i := 0; i < 250; i++ {
		b.WriteString("### Straßenname unbekannt;1;77652;7.94;48.47\n")
	}
	as, rep, err := readAll(t, "p.csv", []byte(b.String()), ParseOptions{CRS: WGS84})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 250 || rep.PlaceholderCount != 250 || rep.WarningCount != 250 || len(rep.Warnings) != 100 || rep.Read != 250 {
		t.Errorf("addresses %d, placeholders %d, warnings %d stored %d, read %d", len(as), rep.PlaceholderCount, rep.WarningCount, len(rep.Warnings), rep.Read)
	}
	for _, a := range as {
		if !a.Placeholder {
			t.Fatal("not flagged")
		}
	}
}

// TestDetectFormatLeadingBlankLines: empty lines before the first record
// or header change nothing but the line numbers; the format, delimiter and
// addresses are those of the file without them.
func TestDetectFormatLeadingBlankLines(t *testing.T) {
	for _, file := range []string{"hkde_42.txt", "hkde_31.txt", "addresses_utm.csv", "addresses_osm.csv", "addresses_tab.tsv"} {
		for _, blank := range []string{"\n", "\r\n", "\n\r\n\n"} {
			t.Run(fmt.Sprintf("%s after %q", file, blank), func(t *testing.T) {
				data := MustOpenFixture(t, file)
				want, wantRep, err := readAll(t, file, data, ParseOptions{})
				if err != nil {
					t.Fatal(err)
				}
				got, rep, err := readAll(t, file, append([]byte(blank), data...), ParseOptions{})
				if err != nil {
					t.Fatalf("with leading blank lines: %v", err)
				}
				if rep.Format != wantRep.Format || rep.CRS != wantRep.CRS || len(got) != len(want) {
					t.Fatalf("format %q, CRS %v, %d addresses; want %q, %v, %d", rep.Format, rep.CRS, len(got), wantRep.Format, wantRep.CRS, len(want))
				}
				shift := strings.Count(blank, "\n")
				for i := range got {
					w := want[i]
					var line int
					fmt.Sscanf(w.Source[strings.LastIndexByte(w.Source, ':')+1:], "%d", &line)
					w.Source = fmt.Sprintf("%s:%d", file, line+shift)
					if got[i] != w {
						t.Errorf("address %d = %+v\nwant %+v", i, got[i], w)
					}
				}
			})
		}
	}
}
