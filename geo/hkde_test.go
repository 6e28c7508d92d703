package geo

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestReadHKDE42(t *testing.T) {
	as, rep, err := readAll(t, "hkde_42.txt", MustOpenFixture(t, "hkde_42.txt"), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != "HK-DE 4.2" || rep.Read != 7 || len(as) != 6 {
		t.Fatalf("format %q read %d addresses %d", rep.Format, rep.Read, len(as))
	}
	first := as[0]
	want := Address{
		Key: "08317096|01234|12|", OI: "DEBWL00100000001", AGS: "08317096", StreetKey: "01234",
		Street: "Hauptstraße", HouseNumber: "12", Postcode: "77652", City: "Offenburg", Locality: "Innenstadt",
		Households: 1, Type: TypePrivate, Quality: "A", Source: "hkde_42.txt:1",
	}
	got := first
	got.Lon, got.Lat = 0, 0
	if got != want {
		t.Errorf("first address\n got %+v\nwant %+v", got, want)
	}
	// 32415012,345 / 5370123,456 is 12.345 m east and 123.456 m north of
	// the ARCHITECTURE.md reference point 415000/5370000.
	lon, lat, _ := UTM32.ToWGS84(415012.345, 5370123.456)
	if !near(first.Lon, lon, 1e-9) || !near(first.Lat, lat, 1e-9) || !near(first.Lat, 48.47849, 1e-4) {
		t.Errorf("coordinates %v, %v", first.Lon, first.Lat)
	}
	tests := []struct {
		name  string
		i     int
		check func(a Address) bool
	}{
		{name: "suffix a", i: 1, check: func(a Address) bool { return a.Suffix == "a" && a.Key == "08317096|01234|12|a" }},
		{name: "umlaut street and locality", i: 2, check: func(a Address) bool {
			return a.Street == "Mühlenweg" && a.Locality == "Zell-Weierbach" && a.Quality == "B"
		}},
		{name: "empty NBA kept, ß", i: 3, check: func(a Address) bool { return a.Street == "Große Straße" && a.Suffix == "b" }},
		{name: "placeholder flagged", i: 4, check: func(a Address) bool { return a.Placeholder && a.Street == "### Straßenname unbekannt" }},
		{name: "six-digit easting", i: 5, check: func(a Address) bool { return a.Street == "Schwarzwaldstraße" && near(a.Lon, 7.94, 0.1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.check(as[tt.i]) {
				t.Errorf("%+v", as[tt.i])
			}
		})
	}
	t.Run("deleted record skipped with reason", func(t *testing.T) {
		if rep.SkippedCount != 1 || len(rep.Skipped) != 1 {
			t.Fatalf("skipped %v", rep.Skipped)
		}
		s := rep.Skipped[0].String()
		if !strings.Contains(s, "hkde_42.txt:5") || !strings.Contains(s, "deleted") || !strings.Contains(s, "DEBWL00100000005") {
			t.Errorf("skip reason %q", s)
		}
	})
	t.Run("warnings", func(t *testing.T) {
		var placeholder, zone bool
		for _, w := range rep.Warnings {
			s := w.String()
			placeholder = placeholder || strings.Contains(s, "hkde_42.txt:6: field street: placeholder")
			zone = zone || strings.Contains(s, "hkde_42.txt:7: field east: easting without zone prefix: assumed EPSG:25832")
		}
		if !placeholder || !zone || rep.PlaceholderCount != 1 {
			t.Errorf("warnings %v", rep.Warnings)
		}
	})
}

func TestReadHKDE31(t *testing.T) {
	data := MustOpenFixture(t, "hkde_31.txt")
	if bytes.Contains(data, []byte("ß")) || !bytes.Contains(data, []byte{0xDF}) {
		t.Fatal("fixture is not ISO-8859-1")
	}
	as, rep, err := readAll(t, "hkde_31.txt", data, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != "HK-DE 3.1" || len(as) != 3 {
		t.Fatalf("format %q, %d addresses", rep.Format, len(as))
	}
	if as[0].Street != "Fessenbacher Straße" || as[1].Street != "Weinstraße" || as[2].Street != "Am Höhenweg" || as[1].Suffix != "c" {
		t.Errorf("decoding: %q %q %q", as[0].Street, as[1].Street, as[2].Street)
	}
}

func TestReadHKDEBadLastLine(t *testing.T) {
	as, _, err := readAll(t, "hkde_bad_last.txt", MustOpenFixture(t, "hkde_bad_last.txt"), ParseOptions{})
	if len(as) != 3 {
		t.Errorf("%d addresses before the error, want 3", len(as))
	}
	var pe *ParseError
	if !errors.As(err, &pe) || ErrorCode(err) != EINVALID {
		t.Fatalf("err = %v, want *ParseError EINVALID", err)
	}
	if pe.File != "hkde_bad_last.txt" || pe.Line != 4 || pe.Field != "east" {
		t.Errorf("issue %+v", pe.Issue)
	}
	if want := "hkde_bad_last.txt:4: field east: "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want prefix %q", err, want)
	}
}

func TestReadHKDERecords(t *testing.T) {
	const ok = "N;OI1;A;08;3;17;096;0001;01234;12;;32415012,345;5370123,456;Hauptstraße;77652;Offenburg;;Innenstadt"
	rec := func(i int, v string) string {
		f := strings.Split(ok, ";")
		f[i] = v
		return strings.Join(f, ";")
	}
	tests := []struct {
		name    string
		data    string
		opt     ParseOptions
		wantErr string // part of the error; "" for success
		check   func(a Address) bool
	}{
		{name: "BOM and trailing semicolon", data: "\uFEFF" + ok + ";\n", check: func(a Address) bool { return a.OI == "OI1" }},
		{name: "no final newline", data: ok, check: func(a Address) bool { return a.HouseNumber == "12" }},
		{name: "zone 33 prefix", data: rec(hkEast, "33415012,345"), check: func(a Address) bool { return near(a.Lon, 13.85, 0.1) }},
		{name: "ZON as zone", data: rec(hkEast, "415012,345") + "\n" + rec(hkZON, "ETRS89_UTM33"), check: func(a Address) bool { return true }},
		{name: "ZON as postal addition", data: rec(hkZON, "am Main"), check: func(a Address) bool { return a.City == "Offenburg am Main" }},
		{name: "Land 12 defaults to zone 33", data: rec(hkEast, "415012,345")[:0] + strings.Replace(rec(hkEast, "415012,345"), ";08;", ";12;", 1), check: func(a Address) bool { return near(a.Lon, 13.85, 0.1) }},
		{name: "option CRS", data: rec(hkEast, "415012,345"), opt: ParseOptions{CRS: UTM33}, check: func(a Address) bool { return near(a.Lon, 13.85, 0.1) }},
		{name: "locality falls back to OTT", data: rec(hkPOT, ""), check: func(a Address) bool { return a.Locality == "0001" }},
		{name: "decimal point accepted", data: rec(hkNorth, "5370123.456"), check: func(a Address) bool { return near(a.Lat, 48.4785, 1e-3) }},
		{name: "wrong zone prefix with option", data: rec(hkEast, "33415012,345"), opt: ParseOptions{CRS: UTM32}, wantErr: "x:1: field east: easting 33415012.345 carries the zone prefix 33"},
		{name: "northing out of range", data: rec(hkNorth, "-5"), wantErr: "field north: northing -5"},
		{name: "bad northing", data: rec(hkNorth, "abc"), wantErr: `field north: northing "abc" is not a number`},
		{name: "bad AGS", data: rec(hkKRS, "1"), wantErr: "field KRS"},
		{name: "too few fields", data: ok + "\n" + strings.Join(strings.Split(ok, ";")[:17], ";"), wantErr: "x:2: has 17 fields"},
		{name: "degrees", data: strings.Replace(rec(hkEast, "7,94"), "5370123,456", "48,47", 1) + "\n", wantErr: "field east: coordinate (7.94, 48.47) looks like WGS84 degrees"},
		{name: "line too long", data: ok + "\n" + strings.Repeat("x;", 40000) + "\n", wantErr: "x:2: line is longer than 65536 bytes"},
		{name: "easting too small", data: rec(hkEast, "7,94"), wantErr: "field east: easting 7.94 is out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as, rep, err := readAll(t, "x", []byte(tt.data), tt.opt)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(rep.Format, "HK-DE") || len(as) == 0 || !tt.check(as[0]) {
				t.Errorf("format %q, addresses %+v", rep.Format, as)
			}
		})
	}
}

func FuzzReadAddressesHKDE(f *testing.F) {
	for _, name := range []string{"hkde_42.txt", "hkde_31.txt", "hkde_bad_last.txt"} {
		f.Add(MustOpenFixture(f, name))
	}
	f.Add([]byte("L;;;00;0;00;000;;;;;1;1;;;;;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzAddresses(t, data, ParseOptions{})
	})
}

// fuzzAddresses reads data and checks the invariants every reader keeps:
// no panic, valid WGS84 addresses, at most one error and nothing after it.
func fuzzAddresses(t *testing.T, data []byte, opt ParseOptions) {
	as, _, err := readAll(t, "fuzz", data, opt)
	for _, a := range as {
		checkAddress(t, a)
	}
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || ErrorCode(err) != EINVALID {
			t.Fatalf("error %v (%T) is not a *ParseError EINVALID", err, err)
		}
	}
}
