package geo

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
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
	// The source coordinates: UTM zone 32 without the zone prefix.
	if got.SrcCRS != UTM32 || math.Abs(got.SrcX-415012.345) > 1e-6 || got.SrcY != 5370123.456 {
		t.Errorf("source coordinates %s %v %v, want EPSG:25832 415012.345 5370123.456", got.SrcCRS, got.SrcX, got.SrcY)
	}
	got.SrcCRS, got.SrcX, got.SrcY = 0, 0, 0
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
		{name: "zone 33 prefix", data: rec(hkEast, "33415012,345"), check: func(a Address) bool { return near(a.Lon, refLon33, 1e-7) && near(a.Lat, refLat, 1e-7) }},
		// A plain six-digit easting in Land 08 (default zone 32) with ZON
		// naming zone 33: only ZON can move the point to 13.85° E.
		{name: "ZON as zone", data: hkdeSet(ok, map[int]string{hkEast: "415012,345", hkZON: "ETRS89_UTM33"}), check: func(a Address) bool {
			return near(a.Lon, refLon33, 1e-7) && near(a.Lat, refLat, 1e-7) && a.City == "Offenburg"
		}},
		{name: "ZON as postal addition", data: rec(hkZON, "am Main"), check: func(a Address) bool { return a.City == "Offenburg am Main" }},
		{name: "Land 12 defaults to zone 33", data: rec(hkEast, "415012,345")[:0] + strings.Replace(rec(hkEast, "415012,345"), ";08;", ";12;", 1), check: func(a Address) bool { return near(a.Lon, refLon33, 1e-7) && near(a.Lat, refLat, 1e-7) }},
		{name: "option CRS", data: rec(hkEast, "415012,345"), opt: ParseOptions{CRS: UTM33}, check: func(a Address) bool { return near(a.Lon, refLon33, 1e-7) && near(a.Lat, refLat, 1e-7) }},
		{name: "locality falls back to OTT", data: rec(hkPOT, ""), check: func(a Address) bool { return a.Locality == "0001" }},
		{name: "decimal point accepted", data: rec(hkNorth, "5370123.456"), check: func(a Address) bool { return near(a.Lat, refLat, 1e-7) && near(a.Lon, refLon32, 1e-7) }},
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

// Reference coordinates from PROJ (cs2cs 9.1.1), independent of crs.go:
//
//	echo "415012.345 5370123.456" | cs2cs -f %.10f EPSG:25832 EPSG:4326
//	48.4784919400	7.8500029966
//	echo "415012.345 5370123.456" | cs2cs -f %.10f EPSG:25833 EPSG:4326
//	48.4784919400	13.8500029966
//
// and for E 415000 N 5370000 (the ARCHITECTURE.md reference point):
// 48.4773798311 N with 7.8498610920 E (EPSG:25832) or 13.8498610920 E
// (EPSG:25833). Zone 33's central meridian is 6° east of zone 32's, so
// only the longitude differs.
const (
	refLat, refLon32, refLon33 = 48.4784919400, 7.8500029966, 13.8500029966
	arcLat, arcLon32, arcLon33 = 48.4773798311, 7.8498610920, 13.8498610920
)

// hkdeSet returns the HK-DE record rec with the fields in set replaced.
func hkdeSet(rec string, set map[int]string) string {
	f := strings.Split(rec, ";")
	for i, v := range set {
		f[i] = v
	}
	return strings.Join(f, ";")
}

// TestReadHKDEZone checks which UTM zone a record is read in. The rule
// (hkde.go): a zone-prefixed easting carries its zone; a plain six-digit
// easting takes ParseOptions.CRS, else a ZON field that looks like a zone,
// else the Land (11–14 zone 33, others zone 32, with a warning). A ZON
// used as a zone is not appended to the city. Every case checks the WGS84
// result against PROJ to 1e-7°, and the Land is chosen so that the Land
// default would give the other zone wherever ZON or the prefix decides.
func TestReadHKDEZone(t *testing.T) {
	const base = "N;OI1;A;08;3;17;096;0001;01234;12;;415000,000;5370000,000;Hauptstraße;77652;Offenburg;;Innenstadt"
	tests := []struct {
		name     string
		land     string
		east     string
		zon      string
		opt      ParseOptions
		wantCRS  CRS
		wantLon  float64
		wantCity string
		// wantLandWarning: the zone was assumed from the Land and a warning
		// says so; otherwise no warning may claim that.
		wantLandWarning bool
	}{
		{name: "ZON ETRS89_UTM33 in Land 08", land: "08", east: "415000,000", zon: "ETRS89_UTM33", wantCRS: UTM33, wantLon: arcLon33, wantCity: "Offenburg"},
		{name: "ZON 33 in Land 08", land: "08", east: "415000,000", zon: "33", wantCRS: UTM33, wantLon: arcLon33, wantCity: "Offenburg"},
		{name: "ZON UTM33N in Land 08", land: "08", east: "415000,000", zon: "UTM33N", wantCRS: UTM33, wantLon: arcLon33, wantCity: "Offenburg"},
		{name: "ZON etrs89/utm33 lower case with spaces", land: "08", east: "415000,000", zon: " etrs89/utm33 ", wantCRS: UTM33, wantLon: arcLon33, wantCity: "Offenburg"},
		{name: "ZON UTM32N in Land 12", land: "12", east: "415000,000", zon: "UTM32N", wantCRS: UTM32, wantLon: arcLon32, wantCity: "Offenburg"},
		{name: "ZON ETRS89_UTM32 in Land 11", land: "11", east: "415000,000", zon: "ETRS89_UTM32", wantCRS: UTM32, wantLon: arcLon32, wantCity: "Offenburg"},
		{name: "ZON 32 in Land 14", land: "14", east: "415000,000", zon: "32", wantCRS: UTM32, wantLon: arcLon32, wantCity: "Offenburg"},
		{name: "no ZON, Land 08 defaults to zone 32", land: "08", east: "415000,000", wantCRS: UTM32, wantLon: arcLon32, wantCity: "Offenburg", wantLandWarning: true},
		{name: "no ZON, Land 12 defaults to zone 33", land: "12", east: "415000,000", wantCRS: UTM33, wantLon: arcLon33, wantCity: "Offenburg", wantLandWarning: true},
		{name: "ZON postal addition, Land default", land: "08", east: "415000,000", zon: "am Main", wantCRS: UTM32, wantLon: arcLon32, wantCity: "Offenburg am Main", wantLandWarning: true},
		{name: "zone prefix 32 wins over ZON 33", land: "12", east: "32415000,000", zon: "ETRS89_UTM33", wantCRS: UTM32, wantLon: arcLon32, wantCity: "Offenburg"},
		{name: "zone prefix 33 wins over ZON 32", land: "08", east: "33415000,000", zon: "UTM32", wantCRS: UTM33, wantLon: arcLon33, wantCity: "Offenburg"},
		{name: "option CRS wins over ZON", land: "08", east: "415000,000", zon: "ETRS89_UTM33", opt: ParseOptions{CRS: UTM32}, wantCRS: UTM32, wantLon: arcLon32, wantCity: "Offenburg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := hkdeSet(base, map[int]string{hkLAN: tt.land, hkEast: tt.east, hkZON: tt.zon}) + "\n"
			as, rep, err := readAll(t, "x", []byte(data), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(as) != 1 {
				t.Fatalf("%d addresses, want 1", len(as))
			}
			a := as[0]
			if !near(a.Lon, tt.wantLon, 1e-7) || !near(a.Lat, arcLat, 1e-7) {
				t.Errorf("lon, lat = %.10f, %.10f; want %.10f, %.10f (%s)", a.Lon, a.Lat, tt.wantLon, arcLat, tt.wantCRS)
			}
			if rep.CRS != tt.wantCRS {
				t.Errorf("report CRS %s, want %s", rep.CRS, tt.wantCRS)
			}
			if a.City != tt.wantCity {
				t.Errorf("city %q, want %q", a.City, tt.wantCity)
			}
			landWarning := false
			for _, w := range rep.Warnings {
				if strings.Contains(w.String(), "from Land") {
					landWarning = true
					if want := "x:1: field east: easting without zone prefix: assumed " + tt.wantCRS.String() + " from Land " + tt.land; tt.wantLandWarning && !strings.HasPrefix(w.String(), want) {
						t.Errorf("warning %q, want prefix %q", w, want)
					}
				}
			}
			if landWarning != tt.wantLandWarning {
				t.Errorf("warnings %v: zone-from-Land warning %v, want %v", rep.Warnings, landWarning, tt.wantLandWarning)
			}
		})
	}
}

// TestReadHKDEExtraField checks the 19th field: HK-DE has 18 fields, a
// trailing ';' (an empty 19th field) is tolerated, and a 19th field that
// holds something is refused with the file and line, without yielding that
// record or anything after it: it is not silently dropped.
func TestReadHKDEExtraField(t *testing.T) {
	const (
		ok1 = "N;OI1;A;08;3;17;096;0001;01234;12;;32415012,345;5370123,456;Hauptstraße;77652;Offenburg;;Innenstadt"
		ok2 = "N;OI2;A;08;3;17;096;0001;01234;14;;32415030,000;5370140,000;Hauptstraße;77652;Offenburg;;Innenstadt"
	)
	tests := []struct {
		name     string
		data     string
		wantOIs  []string // OIs of the addresses yielded, in order
		wantLine int      // line of the error; 0 for success
		wantMsg  string   // part of the error message
	}{
		{name: "trailing semicolon", data: ok1 + ";\n", wantOIs: []string{"OI1"}},
		{name: "trailing semicolon on every line, CRLF", data: ok1 + ";\r\n" + ok2 + ";\r\n", wantOIs: []string{"OI1", "OI2"}},
		{name: "trailing semicolon, no final newline", data: ok1 + "\n" + ok2 + ";", wantOIs: []string{"OI1", "OI2"}},
		{name: "blank 19th field", data: ok1 + "; \t\n", wantOIs: []string{"OI1"}},
		{name: "non-empty 19th field on line 2", data: ok1 + "\n" + ok2 + ";extra\n", wantOIs: []string{"OI1"}, wantLine: 2, wantMsg: "has 19 fields"},
		{name: "non-empty 19th field on the last line without newline", data: ok1 + "\n" + ok2 + ";0", wantOIs: []string{"OI1"}, wantLine: 2, wantMsg: "has 19 fields"},
		{name: "non-empty 19th field stops the import", data: ok1 + "\n" + ok2 + ";extra\n" + ok1 + "\n", wantOIs: []string{"OI1"}, wantLine: 2, wantMsg: "has 19 fields"},
		// On line 1 the record is not taken for HK-DE at all (format
		// detection needs 18 fields) and read as a CSV header; whatever
		// the reason given, it must name line 1 and yield nothing.
		{name: "non-empty 19th field on line 1", data: ok1 + ";extra\n" + ok2 + "\n", wantLine: 1},
		{name: "non-empty 19th field on every line", data: ok1 + ";x\n" + ok2 + ";x\n", wantLine: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as, _, err := readAll(t, "x", []byte(tt.data), ParseOptions{})
			var ois []string
			for _, a := range as {
				ois = append(ois, a.OI)
			}
			if !slices.Equal(ois, tt.wantOIs) {
				t.Errorf("yielded OIs %q, want %q", ois, tt.wantOIs)
			}
			if tt.wantLine == 0 {
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range as {
					if a.Locality != "Innenstadt" || a.HouseNumber == "" {
						t.Errorf("fields shifted: %+v", a)
					}
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) || ErrorCode(err) != EINVALID {
				t.Fatalf("err = %v, want *ParseError EINVALID", err)
			}
			if pe.File != "x" || pe.Line != tt.wantLine {
				t.Errorf("error at %s:%d, want x:%d", pe.File, pe.Line, tt.wantLine)
			}
			if want := fmt.Sprintf("x:%d: ", tt.wantLine); !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("message %q, want prefix %q containing %q", err, want, tt.wantMsg)
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
