package geo

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestReadCSVCoordinateColumns checks which columns are the coordinates
// when a file has both x/y and lon/lat: lon/lat when the system is WGS84
// or not given, x/y for a projected system (ParseOptions.CRS).
func TestReadCSVCoordinateColumns(t *testing.T) {
	const data = "strasse;hnr;x;y;lon;lat\nA;1;415000;5370000;7.9416;48.4722\n"
	tests := []struct {
		name     string
		opt      ParseOptions
		lon, lat float64
		crs      CRS
	}{
		{name: "no CRS: lon/lat", lon: 7.9416, lat: 48.4722, crs: WGS84},
		{name: "WGS84: lon/lat", opt: ParseOptions{CRS: WGS84}, lon: 7.9416, lat: 48.4722, crs: WGS84},
		{name: "UTM: x/y", opt: ParseOptions{CRS: UTM32}, lon: 7.84986, lat: 48.47738, crs: UTM32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as, rep, err := readAll(t, "c.csv", []byte(data), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(as) != 1 || !near(as[0].Lon, tt.lon, 1e-5) || !near(as[0].Lat, tt.lat, 1e-5) || rep.CRS != tt.crs {
				t.Fatalf("%+v, CRS %v; want %v, %v in %v", as, rep.CRS, tt.lon, tt.lat, tt.crs)
			}
			if rep.WarningCount != 0 {
				t.Errorf("warnings %v; lon/lat names say degrees, a given CRS is no assumption", rep.Warnings)
			}
		})
	}
	t.Run("only one column named for degrees", func(t *testing.T) {
		as, rep, err := readAll(t, "c.csv", []byte("strasse;hnr;lon;y\nA;1;7.9;48.4\n"), ParseOptions{})
		if err != nil || len(as) != 1 {
			t.Fatal(as, err)
		}
		if rep.WarningCount != 1 || !strings.Contains(rep.Warnings[0].String(), "c.csv:2: field lon: no coordinate system given; the values look like degrees, assumed EPSG:4326") {
			t.Errorf("warnings %v", rep.Warnings)
		}
	})
}

// TestReadCSVGuessCRS checks the coordinate system guessed from the first
// row at the limits of each range.
func TestReadCSVGuessCRS(t *testing.T) {
	tests := []struct {
		name, x, y string
		crs        CRS
		err        string
	}{
		{name: "longitude 180", x: "180", y: "45", crs: WGS84},
		{name: "latitude 90", x: "10", y: "90", crs: WGS84},
		{name: "south-west corner", x: "-180", y: "-90", crs: WGS84},
		{name: "easting 100000", x: "100000", y: "5300000", crs: UTM32},
		{name: "northing 5200000", x: "415000", y: "5200000", crs: UTM32},
		{name: "northing 6200000", x: "415000", y: "6200000", crs: UTM32},
		{name: "easting 1000000", x: "1000000", y: "5300000", err: "cannot tell the coordinate system of x=1000000"},
		{name: "easting 99999", x: "99999", y: "5300000", err: "cannot tell the coordinate system of x=99999"},
		{name: "northing 5199999", x: "415000", y: "5199999", err: "cannot tell"},
		{name: "northing 6200001", x: "415000", y: "6200001", err: "cannot tell"},
		{name: "degrees longitude, metres northing", x: "7.9", y: "5370000", err: "cannot tell the coordinate system of x=7.9, y=5370000"},
		{name: "metres easting, degrees latitude", x: "415000", y: "48.4", err: "cannot tell"},
		{name: "easting 32000000 is zone 32 prefixed", x: "32000000", y: "5370000", err: "out of range for EPSG:4647"},
		{name: "easting 33000000 is zone 33 prefixed", x: "33000000", y: "5370000", err: "out of range for EPSG:25833"},
		{name: "easting 34000000 has no known prefix", x: "34000000", y: "5370000", err: "cannot tell"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as, rep, err := readAll(t, "g.csv", []byte("strasse;hnr;x;y\nA;1;"+tt.x+";"+tt.y+"\n"), ParseOptions{})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "g.csv:2: field x: ") {
					t.Fatalf("err = %v, want g.csv:2: field x: …%s…", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(as) != 1 || rep.CRS != tt.crs || rep.WarningCount != 1 {
				t.Fatalf("%+v, CRS %v, warnings %v; want %v assumed", as, rep.CRS, rep.Warnings, tt.crs)
			}
			if tt.crs == WGS84 && (fmtCoord(as[0].Lon) != tt.x || fmtCoord(as[0].Lat) != tt.y) {
				t.Errorf("lon, lat = %v, %v; want %s, %s", as[0].Lon, as[0].Lat, tt.x, tt.y)
			}
		})
	}
}

// TestReadCSVDelimiter checks the delimiter chosen from the header line:
// the most frequent of ';', tab and ','; on a tie the first of ';', tab,
// ','; ',' when none occurs.
func TestReadCSVDelimiter(t *testing.T) {
	tests := []struct {
		header string
		want   rune
	}{
		{"strasse;hnr;x;y", ';'},
		{"strasse,hnr,x,y", ','},
		{"strasse\thnr\tx\ty", '\t'},
		{"strasse;hnr,x", ';'},
		{"strasse\thnr,x", '\t'},
		{"strasse;hnr\tx", ';'},
		{"strasse,hnr,x;y;z;w", ';'},
		{"adresse", ','},
	}
	for _, tt := range tests {
		if got := detectDelimiter([]byte(tt.header)); got != tt.want {
			t.Errorf("detectDelimiter(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

// TestReadCSVBlankRows checks that a row of white space is skipped, while a
// row whose first cell is empty is a record (here with an empty street,
// imported and flagged).
func TestReadCSVBlankRows(t *testing.T) {
	as, rep, err := readAll(t, "b.csv", []byte("strasse;hnr;x;y\nA;1;7.9;48.4\n   \n;2;7.9;48.4\n"), ParseOptions{CRS: WGS84})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 || rep.Read != 2 {
		t.Fatalf("%d addresses, read %d; want 2", len(as), rep.Read)
	}
	if a := as[1]; a.HouseNumber != "2" || !a.Placeholder || a.Source != "b.csv:4" || rep.PlaceholderCount != 1 {
		t.Errorf("second address %+v", a)
	}
}

// TestReadCSVCounts checks households and businesses at the limits of
// 0..1000000.
func TestReadCSVCounts(t *testing.T) {
	as, _, err := readAll(t, "n.csv", []byte("strasse;hnr;we;betriebe;x;y\nA;1;1000000;0;7.9;48.4\nA;2;0;1000000;7.9;48.4\n"), ParseOptions{CRS: WGS84})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 || as[0].Households != 1000000 || as[0].Businesses != 0 || as[1].Households != 0 || as[1].Businesses != 1000000 {
		t.Errorf("%+v", as)
	}
	for _, v := range []string{"1000001", "-1", "1000001,0"} {
		_, _, err := readAll(t, "n.csv", []byte("strasse;hnr;we;x;y\nA;1;"+v+";7.9;48.4\n"), ParseOptions{CRS: WGS84})
		if err == nil || !strings.HasPrefix(err.Error(), "n.csv:2: field we: ") {
			t.Errorf("households %s: err = %v", v, err)
		}
	}
}

// TestReadCSVErrorField checks that a coordinate error names the column it
// is about: northing and latitude problems the y column.
func TestReadCSVErrorField(t *testing.T) {
	tests := []struct {
		name, data string
		opt        ParseOptions
		want       string
	}{
		{name: "northing", data: "strasse;hnr;Rechtswert;Hochwert\nA;1;415000;-5\n", opt: ParseOptions{CRS: UTM32}, want: "e.csv:2: field Hochwert: northing -5 is out of range"},
		{name: "latitude", data: "strasse;hnr;lon;lat\nA;1;7.9;91\n", opt: ParseOptions{CRS: WGS84}, want: "e.csv:2: field lat: latitude 91 is out of range"},
		{name: "easting", data: "strasse;hnr;Rechtswert;Hochwert\nA;1;5000;5370000\n", opt: ParseOptions{CRS: UTM32}, want: "e.csv:2: field Rechtswert: easting 5000 is out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, "e.csv", []byte(tt.data), tt.opt)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q…", err, tt.want)
			}
		})
	}
}

// TestParseNumberCount checks parseCount: whole numbers 0..1000000, also
// written "3,0" or "3.0" by spreadsheets.
func TestParseNumberCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
		err  bool
	}{
		{in: "0", want: 0},
		{in: "1000000", want: 1000000},
		{in: "3,0", want: 3},
		{in: "3.0", want: 3},
		{in: "1000000.0", want: 1000000},
		{in: "1000001", err: true},
		{in: "-1", err: true},
		{in: "1000001,0", err: true},
		{in: "2,5", err: true},
	}
	for _, tt := range tests {
		got, err := parseCount(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("parseCount(%q) = %d, %v", tt.in, got, err)
		}
	}
	// A comma with a point, or two commas, is no decimal comma: the value
	// is refused as written.
	for _, s := range []string{"1,000.5", "1,000,5"} {
		if v, err := parseNumber(s); err == nil || err.Error() != `"`+s+`" is not a number` {
			t.Errorf("parseNumber(%s) = %v, %v", s, v, err)
		}
	}
}

// hkdeWith returns the HK-DE record rec with the fields in set replaced.
func hkdeWith(rec string, set map[int]string) string {
	f := strings.Split(rec, ";")
	for i, v := range set {
		f[i] = v
	}
	return strings.Join(f, ";")
}

// hkdeLine is a valid HK-DE 4.2 record with a zone-prefixed easting.
const hkdeLine = "N;OI1;A;08;3;17;096;0001;01234;12;;32415012,345;5370123,456;Hauptstraße;77652;Offenburg;;Innenstadt"

// TestReadHKDEKeys checks the numeric keys LAN, RBZ, KRS and GMD: a first
// line with a non-digit key is not HK-DE, a later one is an error naming
// the field.
func TestReadHKDEKeys(t *testing.T) {
	bad := hkdeWith(hkdeLine, map[int]string{hkLAN: "0A"})
	_, rep, err := readAll(t, "k.txt", []byte(bad+"\n"+hkdeLine+"\n"), ParseOptions{})
	if rep.Format != "CSV" || err == nil {
		t.Errorf("first line with LAN 0A: format %q, err %v; want CSV (and an error)", rep.Format, err)
	}
	for _, k := range []struct {
		field int
		v     string
		want  string
	}{
		{hkLAN, "0A", `k.txt:2: field LAN: "0A" is not a 2-digit key`},
		{hkKRS, "1-", `k.txt:2: field KRS: "1-" is not a 2-digit key`},
		{hkGMD, "09/", `k.txt:2: field GMD: "09/" is not a 3-digit key`},
		{hkGMD, "0960", `k.txt:2: field GMD: "0960" is not a 3-digit key`},
	} {
		as, rep, err := readAll(t, "k.txt", []byte(hkdeLine+"\n"+hkdeWith(hkdeLine, map[int]string{k.field: k.v})+"\n"), ParseOptions{})
		if rep.Format != "HK-DE 4.2" || len(as) != 1 || err == nil || err.Error() != k.want {
			t.Errorf("%s: format %q, %d addresses, err %v; want %q", k.v, rep.Format, len(as), err, k.want)
		}
	}
}

// TestReadHKDEEmptyHouseNumber checks the warning for an empty HNR: the
// record is imported, the warning names line and field.
func TestReadHKDEEmptyHouseNumber(t *testing.T) {
	data := hkdeLine + "\n" + hkdeWith(hkdeLine, map[int]string{hkHNR: ""}) + "\n"
	as, rep, err := readAll(t, "h.txt", []byte(data), ParseOptions{})
	if err != nil || len(as) != 2 {
		t.Fatal(len(as), err)
	}
	if rep.WarningCount != 1 || rep.Warnings[0].String() != "h.txt:2: field HNR: no house number: imported and flagged" {
		t.Errorf("warnings %v", rep.Warnings)
	}
}

// TestReadHKDEZonePrefixLimits checks the eastings at the ends of the
// prefixed range 32000000..34000000: 32000000 carries zone 32 (easting 0,
// out of range); 34000000 carries no zone, so the Land decides (11: zone
// 33), whose prefix it does not match.
func TestReadHKDEZonePrefixLimits(t *testing.T) {
	tests := []struct{ east, want string }{
		{"32000000,000", "z.txt:1: field east: easting 0 is out of range for EPSG:25832"},
		{"34000000,000", "z.txt:1: field east: easting 34000000 carries the zone prefix 34 but EPSG:25833 is UTM zone 33"},
	}
	for _, tt := range tests {
		rec := hkdeWith(hkdeLine, map[int]string{hkLAN: "11", hkEast: tt.east})
		_, _, err := readAll(t, "z.txt", []byte(rec+"\n"), ParseOptions{})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("east %s: err = %v, want %q", tt.east, err, tt.want)
		}
	}
}

// TestReportCapsSkipped checks that at most 100 skipped records are kept
// while SkippedCount counts all.
func TestReportCapsSkipped(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 101; i++ {
		b.WriteString(hkdeWith(hkdeLine, map[int]string{hkNBA: "L"}) + "\n")
	}
	b.WriteString(hkdeLine + "\n")
	as, rep, err := readAll(t, "s.txt", []byte(b.String()), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || rep.Read != 102 || rep.SkippedCount != 101 || len(rep.Skipped) != 100 {
		t.Errorf("%d addresses, read %d, skipped %d, stored %d", len(as), rep.Read, rep.SkippedCount, len(rep.Skipped))
	}
}

// TestReadErrorMessage checks the message of a read error at the start of
// the file.
func TestReadErrorMessage(t *testing.T) {
	var got error
	for _, err := range ReadAddresses("x.txt", errReader{strings.NewReader("")}, ParseOptions{}, nil) {
		got = err
	}
	if got == nil || got.Error() != "x.txt: cannot read: disk on fire" {
		t.Errorf("err = %v", got)
	}
	for _, err := range ReadSupply("s.csv", errReader{strings.NewReader("")}) {
		got = err
	}
	if got == nil || got.Error() != "s.csv: cannot read: disk on fire" {
		t.Errorf("ReadSupply err = %v", got)
	}
}

// TestDetectFormatLargeFile checks the encoding check of files longer than
// the 64 KiB looked at: a UTF-8 character cut off at the end of that look
// does not make the file Windows-1252, and a first line longer than the
// look is fine.
func TestDetectFormatLargeFile(t *testing.T) {
	t.Run("UTF-8 character cut at 64 KiB", func(t *testing.T) {
		const header = "strasse;hnr;x;y\n"
		const row = "Müller;1;7.9;48.4\n" // 'ü' at offset 1
		// Pad so that the first byte of some row's 'ü' is the last byte looked at.
		pad := (peekSize - 1 - 1 - len(header) - len("A;1;7.9;48.4\n")) % len(row)
		data := header + strings.Repeat("A", 1+pad) + ";1;7.9;48.4\n" + strings.Repeat(row, peekSize/len(row)+10)
		if data[peekSize-1] != "ü"[0] {
			t.Fatalf("byte %d is %q, want the first byte of ü", peekSize-1, data[peekSize-1])
		}
		as, rep, err := readAll(t, "big.csv", []byte(data), ParseOptions{CRS: WGS84})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Format != "CSV" || len(as) != peekSize/len(row)+11 {
			t.Fatalf("format %q, %d addresses", rep.Format, len(as))
		}
		for _, a := range as[1:] {
			if a.Street != "Müller" {
				t.Fatalf("%s: street %q, want Müller (read as UTF-8)", a.Source, a.Street)
			}
		}
	})
	t.Run("header longer than 64 KiB", func(t *testing.T) {
		data := "strasse,hnr,x,y," + strings.Repeat("z", peekSize+100) + "\nMüller,1,7.9,48.4,\n"
		as, _, err := readAll(t, "long.csv", []byte(data), ParseOptions{CRS: WGS84, Limits: Limits{Record: 1 << 20, Field: 1 << 20}})
		if err != nil || len(as) != 1 || as[0].Street != "Müller" {
			t.Fatalf("%+v, %v", as, err)
		}
	})
	// Without a line end in the first 64 KiB, up to utf8.UTFMax bytes are
	// dropped from the end of the look before checking for UTF-8.
	t.Run("UTF-8 character cut at 64 KiB in a long header", func(t *testing.T) {
		const start = "strasse,hnr,x,y,"
		data := start + strings.Repeat("z", peekSize-1-len(start)) + "üz\nMüller,1,7.9,48.4,\n"
		if data[peekSize-1] != "ü"[0] {
			t.Fatalf("byte %d is %q, want the first byte of ü", peekSize-1, data[peekSize-1])
		}
		as, _, err := readAll(t, "cut.csv", []byte(data), ParseOptions{CRS: WGS84, Limits: Limits{Record: 1 << 20, Field: 1 << 20}})
		if err != nil || len(as) != 1 || as[0].Street != "Müller" {
			t.Fatalf("%+v, %v", as, err)
		}
	})
	t.Run("Windows-1252 character 5 bytes before the end of a long header", func(t *testing.T) {
		const start = "strasse,hnr,x,y,"
		utf := start + strings.Repeat("z", peekSize-5-len(start)) + "ß" + strings.Repeat("z", 100) + "\nMüller,1,7.9,48.4,\n"
		data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(utf))
		if err != nil {
			t.Fatal(err)
		}
		if data[peekSize-5] != 0xDF {
			t.Fatalf("byte %d is %q, want ß in Windows-1252", peekSize-5, data[peekSize-5])
		}
		as, _, err := readAll(t, "cp5.csv", data, ParseOptions{CRS: WGS84, Limits: Limits{Record: 1 << 20, Field: 1 << 20}})
		if err != nil || len(as) != 1 || as[0].Street != "Müller" {
			t.Fatalf("%+v, %v", as, err)
		}
	})
	t.Run("Windows-1252 after a blank first line and a long header", func(t *testing.T) {
		utf := "\nStraße,hnr,x,y," + strings.Repeat("z", peekSize+100) + "\nMüller,1,7.9,48.4,\n"
		data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(utf))
		if err != nil {
			t.Fatal(err)
		}
		as, _, err := readAll(t, "cp.csv", data, ParseOptions{CRS: WGS84, Limits: Limits{Record: 1 << 20, Field: 1 << 20}})
		if err != nil || len(as) != 1 || as[0].Street != "Müller" {
			t.Fatalf("%+v, %v", as, err)
		}
	})
}

// TestReadGeoJSONSyntaxErrors checks that invalid JSON is reported with
// the feature it occurred in, or for the file when no feature was read.
func TestReadGeoJSONSyntaxErrors(t *testing.T) {
	const feature = `{"type":"Feature","properties":{"strasse":"A","hnr":"1"},"geometry":{"type":"Point","coordinates":[7.9,48.4]}}`
	tests := []struct{ name, data, want string }{
		{name: "bad token before the features", data: `{"type": tru}`, want: "j.geojson: invalid JSON at byte 11: invalid character '}' in literal true (expecting 'e')"},
		{name: "cut off before the first feature", data: `{"type":"FeatureCollection","features":[`, want: "j.geojson: invalid JSON at byte 40: unexpected EOF"},
		{name: "cut off after a feature", data: `{"type":"FeatureCollection","features":[` + feature + `,`, want: "j.geojson: feature 1: invalid JSON at byte 151: "},
		{name: "features is an object", data: `{"type":"FeatureCollection","features":{}}`, want: "j.geojson: field features: features is not an array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, "j.geojson", []byte(tt.data), ParseOptions{})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestReadAreasRingErrors checks rings without positions.
func TestReadAreasRingErrors(t *testing.T) {
	for _, coords := range []string{`[[]]`, `[[[7.9,48.4],[7.95,48.4],[7.95,48.45],[7.9,48.4]],[]]`} {
		data := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X"},"geometry":{"type":"Polygon","coordinates":` + coords + `}}]}`
		_, _, err := readAreas(t, "r.geojson", []byte(data), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), "r.geojson: feature 0: field geometry: polygon 0 ring ") || !strings.Contains(err.Error(), " has 0 positions; a ring needs at least 4") {
			t.Errorf("%s: err = %v", coords, err)
		}
	}
}

// TestReadAreasRepairSymmetric checks the repair of a self-intersecting
// polygon (a bow tie) around the origin: it is repaired into two
// triangles with a warning, not refused as having no area.
func TestReadAreasRepairSymmetric(t *testing.T) {
	for _, ring := range []string{
		`[[-1,-1],[1,1],[1,-1],[-1,1],[-1,-1]]`,
		`[[-2,-1],[2,1],[2,-1],[-2,1],[-2,-1]]`,
		`[[1,1],[3,3],[3,1],[1,3],[1,1]]`,
	} {
		data := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X"},"geometry":{"type":"Polygon","coordinates":[` + ring + `]}}]}`
		as, rep, err := readAreas(t, "o.geojson", []byte(data), ParseOptions{})
		if err != nil {
			t.Fatalf("%s: %v", ring, err)
		}
		if len(as) != 1 || len(as[0].Geometry) != 2 || rep.WarningCount != 1 || !strings.Contains(rep.Warnings[0].Message, "invalid polygon repaired") {
			t.Errorf("%s: %+v, warnings %v", ring, as, rep.Warnings)
		}
	}
}
