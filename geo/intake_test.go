package geo

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"golang.org/x/text/encoding/charmap"
)

// TestIntakeIssue12 holds one case per failure that real files met at the
// door (issue 12): each failed before the readers learnt it.
func TestIntakeIssue12(t *testing.T) {
	const pt = `{"type":"Point","coordinates":[13.43,52.48]}`
	feature := func(props string) string {
		return `{"type":"Feature","properties":` + props + `,"geometry":` + pt + `}`
	}
	collection := func(fs ...string) []byte {
		return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`)
	}
	t.Run("a house number absent from the first feature", func(t *testing.T) {
		data := collection(feature(`{"strasse":"Hermannplatz"}`), feature(`{"strasse":"Karl-Marx-Straße","hnr":"1"}`))
		as, rep, err := readAll(t, "hk.geojson", data, ParseOptions{})
		if err != nil || len(as) != 2 || as[0].HouseNumber != "" || as[1].HouseNumber != "1" {
			t.Fatalf("%+v, %v", as, err)
		}
		if rep.NoNumberCount != 1 || !strings.Contains(rep.Warnings[0].String(), "hk.geojson: feature 0: field number: no house number: imported and flagged") {
			t.Errorf("no-number count %d, warnings %v", rep.NoNumberCount, rep.Warnings)
		}
	})
	t.Run("--map names a property absent from the first feature", func(t *testing.T) {
		data := collection(feature(`{"strasse":"Hermannplatz"}`), feature(`{"strasse":"Karl-Marx-Straße","hausnummer_amtlich":"1"}`))
		as, _, err := readAll(t, "hk.geojson", data, ParseOptions{Map: map[string]string{"number": "hausnummer_amtlich"}})
		if err != nil || len(as) != 2 || as[1].HouseNumber != "1" {
			t.Fatalf("%+v, %v", as, err)
		}
	})
	t.Run("hsnrzu is the suffix", func(t *testing.T) {
		data := "strasse;hsnr;hsnrzu;x;y\nAdelkampstr.;23;;13.43;52.48\nAdelkampstr.;23;a;13.43;52.48\n"
		as, _, err := readAll(t, "a.csv", []byte(data), ParseOptions{})
		if err != nil || len(as) != 2 || as[0].Key == as[1].Key || as[1].Suffix != "a" {
			t.Fatalf("%+v, %v", as, err)
		}
	})
	t.Run("a GeoJSON declaring EPSG:25833 holding degrees", func(t *testing.T) {
		data := []byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:25833"}},"features":[` + feature(`{"strasse":"A","hnr":"1"}`) + `]}`)
		_, _, err := readAll(t, "d.geojson", data, ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), "d.geojson: feature 0: field geometry: coordinate (13.43, 52.48) looks like WGS84 degrees, not EPSG:25833 metres") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("Nutzung with German values", func(t *testing.T) {
		data := "strasse;hnr;nutzung;x;y\nA;1;Wohnen;13.43;52.48\nA;2;Gewerbe;13.43;52.48\nA;3;gemischt;13.43;52.48\nA;4;öffentlich;13.43;52.48\nA;5;Schule;13.43;52.48\nA;6;2010;13.43;52.48\n"
		as, _, err := readAll(t, "n.csv", []byte(data), ParseOptions{})
		if err != nil || len(as) != 6 {
			t.Fatalf("%+v, %v", as, err)
		}
		want := []struct {
			t      AddressType
			hh, bu int
		}{{TypePrivate, 1, 0}, {TypeBusiness, 0, 1}, {TypePrivate, 1, 1}, {TypePublic, 0, 0}, {TypeSchool, 0, 0}, {TypeBusiness, 0, 1}}
		for i, w := range want {
			if a := as[i]; a.Type != w.t || a.Households != w.hh || a.Businesses != w.bu {
				t.Errorf("row %d: %s %d/%d, want %s %d/%d", i+2, a.Type, a.Households, a.Businesses, w.t, w.hh, w.bu)
			}
		}
		_, _, err = readAll(t, "n.csv", []byte("strasse;hnr;nutzung;x;y\nA;1;Burg;13.43;52.48\n"), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), `n.csv:2: field nutzung: unknown address type "Burg"`) || !strings.Contains(err.Error(), "--type-values") {
			t.Errorf("err %v", err)
		}
		as, _, err = readAll(t, "n.csv", []byte("strasse;hnr;nutzung;x;y\nA;1;Burg;13.43;52.48\n"), ParseOptions{TypeValues: map[string]AddressType{"burg": TypePublic}})
		if err != nil || as[0].Type != TypePublic {
			t.Errorf("--type-values: %+v, %v", as, err)
		}
	})
	t.Run("one Latin-1 line among UTF-8 lines", func(t *testing.T) {
		latin, _ := charmap.ISO8859_1.NewEncoder().String("Görlitzer Straße")
		data := "strasse;hnr;x;y\nNeuköllner Straße;1;13.43;52.48\n" + latin + ";2;13.43;52.48\n"
		_, _, err := readAll(t, "m.csv", []byte(data), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), "m.csv:3: line 3 is not UTF-8 while line 2 is: mixed encodings") || !errors.Is(err, errMixedCodec) {
			t.Fatalf("err %v", err)
		}
		// Beyond the first 64 KiB, the value check finds it.
		long := "strasse;hnr;x;y\n" + strings.Repeat("Neuköllner Straße;1;13.43;52.48\n", 3000) + latin + ";2;13.43;52.48\n"
		_, _, err = readAll(t, "m.csv", []byte(long), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), "m.csv:3002: field strasse: byte 0xF6 at position 2 is not UTF-8") || !errors.Is(err, errNotUTF8) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("one UTF-8 line among Windows-1252 lines", func(t *testing.T) {
		cp, _ := charmap.Windows1252.NewEncoder().String("strasse;hnr;x;y\nNeuköllner Straße;1;13.43;52.48\n")
		data := cp + "Görlitzer Straße;2;13.43;52.48\n"
		_, _, err := readAll(t, "m.csv", []byte(data), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), "m.csv:2: line 2 is not UTF-8 while line 3 is: mixed encodings") || !errors.Is(err, errMixedCodec) {
			t.Fatalf("err %v", err)
		}
		// Beyond the first 64 KiB, the value check finds it.
		many, _ := charmap.Windows1252.NewEncoder().String(strings.Repeat("Neuköllner Straße;1;13.43;52.48\n", 3000))
		_, _, err = readAll(t, "m.csv", []byte(cp+many+"Görlitzer Straße;2;13.43;52.48\n"), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), `m.csv:3003: field strasse: "GÃ¶rlitzer StraÃŸe" is UTF-8 ("Görlitzer Straße") among Windows-1252 lines: mixed encodings`) || !errors.Is(err, errMixedCodec) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("text encoded twice is repaired", func(t *testing.T) {
		data := "strasse;hnr;ortsteil;x;y\nKarl-Marx-Straße;1;NeukÃ¶lln;13.43;52.48\n"
		as, rep, err := readAll(t, "d.csv", []byte(data), ParseOptions{})
		if err != nil || as[0].Locality != "Neukölln" || rep.RepairedCount != 1 {
			t.Fatalf("%+v, %d repaired, %v", as, rep.RepairedCount, err)
		}
		if w := rep.Warnings[0].String(); w != `d.csv:2: field ortsteil: "NeukÃ¶lln" was encoded as UTF-8 twice; read as "Neukölln"` {
			t.Errorf("warning %q", w)
		}
	})
	t.Run("NUL in a value", func(t *testing.T) {
		for _, tc := range []struct{ name, data, want string }{
			{"n.csv", "strasse;hnr;x;y\nA\x00B;1;13.43;52.48\n", "n.csv:2: field strasse: the value holds the control character U+0000 at position 2"},
			{"n.geojson", string(collection(feature(`{"strasse":"A\u0000B","hnr":"1"}`))), "n.geojson: feature 0: field strasse: the value holds the control character U+0000"},
			{"n.txt", strings.Replace(hkdeLine, "Hauptstraße", "Haupt\x1bstraße", 1) + "\n", "n.txt:1: field STN: the value holds the control character U+001B"},
		} {
			_, _, err := readAll(t, tc.name, []byte(tc.data), ParseOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, errControl) {
				t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
			}
		}
	})
	t.Run("a 5 MB street name", func(t *testing.T) {
		data := "strasse;hnr;x;y\n" + strings.Repeat("s", 5<<20) + ";1;13.43;52.48\n"
		_, _, err := readAll(t, "l.csv", []byte(data), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), "l.csv:2: line 2 is longer than 65536 bytes") {
			t.Fatalf("err %v", err)
		}
		data = "strasse;hnr;x;y\n" + strings.Repeat("s", 2000) + ";1;13.43;52.48\n"
		_, _, err = readAll(t, "l.csv", []byte(data), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), "l.csv:2: field strasse: the value has 2000 bytes; at most 1024 are allowed") {
			t.Fatalf("err %v", err)
		}
		g := collection(feature(`{"strasse":"` + strings.Repeat("s", 70<<10) + `","hnr":"1"}`))
		_, _, err = readAll(t, "l.geojson", g, ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), "l.geojson: feature 0: field properties: the feature's properties have") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("a CSV of seven million columns", func(t *testing.T) {
		var b bytes.Buffer
		b.WriteString("strasse;hnr;x;y")
		for range 7_000_000 {
			b.WriteString(";")
		}
		_, _, err := readAll(t, "c.csv", b.Bytes(), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), "c.csv:1: line 1 is longer than 65536 bytes") {
			t.Fatalf("err %v", err)
		}
		_, _, err = readAll(t, "c.csv", []byte("strasse;hnr;x;y"+strings.Repeat(";", 1500)+"\n"), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), "c.csv:1: the header has 1504 columns; at most 1000 are allowed") {
			t.Fatalf("err %v", err)
		}
	})
}

// TestSplitNumber checks house numbers as real tables write them.
func TestSplitNumber(t *testing.T) {
	for _, tc := range []struct{ in, num, suf string }{
		{"23", "23", ""}, {"23a", "23", "a"}, {"23 A", "23", "a"}, {"15a/b", "15", "a/b"},
		{"40-41", "40-41", ""}, {"14/15", "14/15", ""}, {"163- 165", "163-165", ""}, {"12/12a/14", "12/12a/14", ""},
		{"91/93", "91/93", ""}, {"1-5", "1-5", ""}, {"84a", "84", "a"}, {"0", "0", ""}, {"", "", ""}, {"o. Nr.", "o. Nr.", ""},
	} {
		n, s := splitNumber(tc.in)
		if n != tc.num || s != tc.suf {
			t.Errorf("splitNumber(%q) = %q, %q; want %q, %q", tc.in, n, s, tc.num, tc.suf)
		}
	}
	for _, tc := range []struct{ in, street, num string }{
		{"Norderstraße 163- 165", "Norderstraße", "163- 165"}, {"Ohlenkamp 15 a", "Ohlenkamp", "15 a"},
		{"Straße des 17. Juni 12", "Straße des 17. Juni", "12"}, {"Landwehr 11/13", "Landwehr", "11/13"},
		{"Am Markt", "Am Markt", ""}, {"B 3 12", "B 3", "12"},
	} {
		st, n, _ := splitAddressLine(tc.in)
		if st != tc.street || n != tc.num {
			t.Errorf("splitAddressLine(%q) = %q, %q; want %q, %q", tc.in, st, n, tc.street, tc.num)
		}
	}
}

// TestUndoDoubleUTF8 checks the detector on German words: what was
// encoded twice is found, what is right is left alone.
func TestUndoDoubleUTF8(t *testing.T) {
	for in, want := range map[string]string{"NeukÃ¶lln": "Neukölln", "StraÃŸe": "Straße", "MÃ¼nchen": "München", "Ã„rztehaus": "Ärztehaus"} {
		if got, ok := undoDoubleUTF8(in); !ok || got != want {
			t.Errorf("%q: %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"Neukölln", "Straße", "Ã", "Ägidienplatz", "Crème brûlée", "plain", "€"} {
		if got, ok := undoDoubleUTF8(in); ok {
			t.Errorf("%q taken for double-encoded (%q)", in, got)
		}
	}
}

func FuzzReadKML(f *testing.F) {
	f.Add(realFixture(f, "koeln_stadtteile_auszug.kml")[:20000], true)
	f.Add([]byte(`<kml><Placemark><name>A</name><ExtendedData><Data name="strasse"><value>A</value></Data><Data name="hnr"><value>1</value></Data></ExtendedData><Point><coordinates>7.9,48.4</coordinates></Point></Placemark></kml>`), false)
	f.Add([]byte(`<kml><Document><Placemark><MultiGeometry><Point><coordinates>7,48</coordinates></Point><Polygon><outerBoundaryIs><LinearRing><coordinates>7,48 8,48 8,49 7,48</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry></Placemark></Document></kml>`), true)
	f.Fuzz(func(t *testing.T, data []byte, areas bool) {
		if !areas {
			fuzzAddresses(t, data, ParseOptions{})
			return
		}
		as, _, err := readAreas(t, "fuzz.kml", data, ParseOptions{Kind: KindZone})
		for _, a := range as {
			if len(a.Geometry) == 0 || a.Name == "" {
				t.Fatalf("empty area %+v", a)
			}
		}
		var pe *ParseError
		if err != nil && (!errors.As(err, &pe) || ErrorCode(err) != EINVALID) {
			t.Fatalf("error %v (%T) is not a *ParseError EINVALID", err, err)
		}
	})
}

// FuzzSplitAddress checks the house-number helpers on any text: nothing
// is lost or invented, and the first number is the number's.
func FuzzSplitAddress(f *testing.F) {
	for _, s := range []string{"Norderstraße 163- 165", "Ohlenkamp 15 a", "Frahmstraße 15a/b", "12/12a/14", "Straße des 17. Juni 12", "0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		street, num, ok := splitAddressLine(s)
		if ok && (street == "" || num == "" || !strings.Contains(s, street)) {
			t.Fatalf("splitAddressLine(%q) = %q, %q", s, street, num)
		}
		n, suf := splitNumber(s)
		if suf != "" && !strings.HasPrefix(strings.TrimSpace(s), n) {
			t.Fatalf("splitNumber(%q) = %q, %q", s, n, suf)
		}
		if fn := FirstNumber(n); fn >= 0 && FirstNumber(strings.TrimSpace(s)) != fn {
			t.Fatalf("FirstNumber changed: %q → %q", s, n)
		}
	})
}

// FuzzCheckText checks that whatever passes checkText is clean text and
// that a repair is a real one.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"NeukÃ¶lln", "Straße", "A\x00B", "\xf6", "Ã", ""} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, decoded bool) {
		c, err := checkText(s, 64, decoded)
		if err != nil {
			return
		}
		if !utf8.ValidString(c.value) || len(c.value) > 64 || strings.ContainsRune(c.value, 0) {
			t.Fatalf("checkText(%q) passed %q", s, c.value)
		}
		if c.repaired && c.value == strings.TrimSpace(s) {
			t.Fatalf("checkText(%q): a repair that changes nothing", s)
		}
	})
}

// xlsxOf writes rows into the first sheet of a new workbook, from row
// first on.
func xlsxOf(tb testing.TB, first int, rows ...[]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, first+i)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestXLSXTables reads addresses and market-survey supply from workbooks
// as providers and offices send them: a title above the header, numbers
// as numbers (a postcode that lost its zero), lines as the sheet's rows.
func TestXLSXTables(t *testing.T) {
	data := xlsxOf(t, 1,
		[]any{"Adressen Musterstadt, Stand 01.12.2026"},
		[]any{},
		[]any{"Straße", "Hausnummer", "Zusatz", "PLZ", "Nutzung", "Rechtswert", "Hochwert"},
		[]any{"Hauptstraße", 12, "a", 4155, "Gewerbe", 317285.0339, 5693054.0215},
		[]any{"Hauptstraße", 14, "", "04155", "Wohnen", 317290.5, 5693060.25},
	)
	as, rep, err := readAll(t, "adressen.xlsx", data, ParseOptions{CRS: UTM33})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != "XLSX (Sheet1)" || len(as) != 2 {
		t.Fatalf("format %q, %d addresses", rep.Format, len(as))
	}
	a := as[0]
	if a.Street != "Hauptstraße" || a.HouseNumber != "12" || a.Suffix != "a" || a.Postcode != "04155" || a.Type != TypeBusiness ||
		!strings.HasPrefix(a.Source, "adressen.xlsx:4") {
		t.Errorf("%+v", a)
	}
	if !near(a.Lon, 12.375572, 1e-5) || !near(a.Lat, 51.359326, 1e-5) { // as the same point from the Leipzig CSV
		t.Errorf("(%v, %v) is not in Leipzig", a.Lon, a.Lat)
	}
	// XML cannot hold NUL; a C1 control character it can.
	bad := xlsxOf(t, 1, []any{"strasse", "hnr", "x", "y"}, []any{"A\u0085B", 1, 7.9, 48.4})
	if _, _, err := readAll(t, "ctl.xlsx", bad, ParseOptions{}); err == nil || !strings.Contains(err.Error(), "ctl.xlsx:2: field strasse: the value holds the control character U+0085") {
		t.Errorf("err %v", err)
	}

	supply := xlsxOf(t, 1, []any{"strasse", "hnr", "plz", "download", "upload"},
		[]any{"Hauptstraße", 14, 77654, 16, 1}, []any{"Mühlenweg", 3, 77654, 50, 10})
	var recs []SupplyRecord
	for r, err := range ReadSupply("telekom.xlsx", bytes.NewReader(supply)) {
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if len(recs) != 2 || recs[1].Street != "Mühlenweg" || recs[1].Line != 3 || recs[0].Postcode != "77654" {
		t.Errorf("supply %+v", recs)
	}
}

func FuzzOpenTable(f *testing.F) {
	f.Add([]byte("campaign;area;date;count\nDG;Nord;16.11.2026;120\n"))
	f.Add(xlsxOf(f, 1, []any{"campaign", "area", "date", "count"}, []any{"DG", "Nord", "2026-11-16", 120}))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := OpenTable("fuzz", bytes.NewReader(data), "")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			return
		}
		for range 10_000 {
			row, _, err := tb.Next()
			if err != nil {
				return
			}
			for _, c := range row {
				if !utf8.ValidString(c) || len(c) > DefaultLimits.Field || strings.ContainsRune(c, 0) {
					t.Fatalf("cell %q passed", c)
				}
			}
		}
	})
}
