package geo

import (
	"errors"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	t.Run("German UTM file with assumed CRS", func(t *testing.T) {
		as, rep, err := readAll(t, "addresses_utm.csv", MustOpenFixture(t, "addresses_utm.csv"), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 4 || rep.Read != 4 {
			t.Fatalf("%d addresses", len(as))
		}
		a := as[0]
		lon, lat, _ := UTM32.ToWGS84(415012.345, 5370123.456)
		if a.Street != "Hauptstraße" || a.HouseNumber != "12" || a.Households != 4 || a.Type != TypePrivate ||
			a.Locality != "Innenstadt" || a.Source != "addresses_utm.csv:2" || a.Lon != lon || a.Lat != lat {
			t.Errorf("first: %+v", a)
		}
		if a.Key != AddressKey(a) || a.Key != "77652|hauptstr|12|" {
			t.Errorf("key %q", a.Key)
		}
		if as[1].Suffix != "a" || as[1].Households != 1 {
			t.Errorf("second: %+v", as[1])
		}
		if as[2].Type != TypeBusiness || as[2].Businesses != 1 || as[2].Households != 0 {
			t.Errorf("business: %+v", as[2])
		}
		if !as[3].Placeholder || rep.PlaceholderCount != 1 {
			t.Errorf("placeholder: %+v", as[3])
		}
		if len(rep.Warnings) != 2 || !strings.Contains(rep.Warnings[0].String(), "addresses_utm.csv:2: field Rechtswert: no coordinate system given; assumed EPSG:25832") {
			t.Errorf("warnings %v", rep.Warnings)
		}
	})
	t.Run("OSM names, comma, quoted, key column", func(t *testing.T) {
		as, rep, err := readAll(t, "addresses_osm.csv", MustOpenFixture(t, "addresses_osm.csv"), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 2 || len(rep.Warnings) != 0 {
			t.Fatalf("%d addresses, warnings %v", len(as), rep.Warnings)
		}
		if as[0].Key != "node/101" || as[0].Street != "Lange Straße" || as[0].Lon != 7.9416 || as[0].Lat != 48.4722 || as[0].Locality != "Innenstadt" {
			t.Errorf("%+v", as[0])
		}
		if as[1].Type != TypeSchool || as[1].Households != 0 {
			t.Errorf("%+v", as[1])
		}
	})
	t.Run("tab, x/y in degrees, businesses", func(t *testing.T) {
		as, rep, err := readAll(t, "addresses_tab.tsv", MustOpenFixture(t, "addresses_tab.tsv"), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || as[0].Businesses != 3 || as[0].Households != 1 {
			t.Fatalf("%+v", as)
		}
		if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Message, "EPSG:4326") {
			t.Errorf("warnings %v", rep.Warnings)
		}
	})
	t.Run("Windows-1252", func(t *testing.T) {
		as, _, err := readAll(t, "addresses_cp1252.csv", MustOpenFixture(t, "addresses_cp1252.csv"), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if as[0].Street != "Kloster-Straße Ä" || as[1].Street != "Große Gasse" {
			t.Errorf("%q %q", as[0].Street, as[1].Street)
		}
	})
	t.Run("map override", func(t *testing.T) {
		opt := ParseOptions{Map: map[string]string{"key": "Objekt", "street": "strassenbezeichnung", "number": "HausNr", "x": "Ostwert", "y": "Nordwert"}}
		as, rep, err := readAll(t, "addresses_map.csv", MustOpenFixture(t, "addresses_map.csv"), opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 2 || as[0].Key != "A-1" || as[0].Street != "Okenstraße" || as[1].HouseNumber != "12" || rep.CRS != UTM32Zoned {
			t.Fatalf("%+v %v", as, rep.CRS)
		}
		lon, lat, _ := UTM32.ToWGS84(415500.5, 5370600.25)
		if as[0].Lon != lon || as[0].Lat != lat {
			t.Errorf("coordinates %v %v", as[0].Lon, as[0].Lat)
		}
	})
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		opt  ParseOptions
		want string
	}{
		{name: "missing number column", data: string(MustOpenFixture(t, "addresses_missing_number.csv")),
			want: "a.csv:1: field number: required column missing (found: strasse, plz, ort, x, y)"},
		{name: "map names absent column", data: "strasse;hnr;x;y\n", opt: ParseOptions{Map: map[string]string{"number": "hausnr"}},
			want: `a.csv: column "hausnr" given for field number in --map is not there (found: strasse, hnr, x, y)`},
		{name: "bad row at the end", data: string(MustOpenFixture(t, "addresses_bad_last.csv")),
			want: `a.csv:4: field y: coordinate "north" is not a number`},
		{name: "empty file", data: "", want: "a.csv: the file is empty"},
		{name: "swapped lat lon", data: "strasse;hnr;lon;lat\nA;1;48,47;7,94\n",
			want: "a.csv:2: field lon: coordinate (48.47, 7.94): latitude and longitude appear to be swapped"},
		{name: "degrees in UTM", data: "strasse;hnr;x;y\nA;1;7,94;48,47\n", opt: ParseOptions{CRS: UTM32},
			want: "looks like WGS84 degrees"},
		{name: "unguessable CRS", data: "strasse;hnr;x;y\nA;1;3415000;5370000\n",
			want: "a.csv:2: field x: cannot tell the coordinate system of x=3415000, y=5370000: give it with --crs"},
		{name: "bad households", data: "strasse;hnr;we;x;y\nA;1;drei;7.9;48.4\n", want: `a.csv:2: field we: "drei" is not a whole number`},
		{name: "bad type", data: "strasse;hnr;art;x;y\nA;1;Burg;7.9;48.4\n", want: "a.csv:2: field art: unknown address type"},
		{name: "later row in other system", data: "strasse;hnr;x;y\nA;1;415000;5370000\nB;2;7.9;48.4\n", want: "a.csv:3: field x:"},
		{name: "short row", data: "strasse;hnr;x;y\nA;1\n", want: "a.csv:2: field x: coordinate"},
		{name: "bare quote", data: "strasse;hnr;x;y\n\"A\"x\";1;7.9;48.4\nB;\"2;7.9;48.4\n", want: "a.csv:3:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, "a.csv", []byte(tt.data), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %q", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || ErrorCode(err) != EINVALID {
				t.Errorf("%T %q", err, ErrorCode(err))
			}
		})
	}
}

func TestReadCSVDecimalComma(t *testing.T) {
	tests := []struct {
		name, data string
		lon, lat   float64
	}{
		{name: "semicolon, decimal comma", data: "strasse;hnr;lon;lat\nA;1;7,9416;48,4722\n", lon: 7.9416, lat: 48.4722},
		{name: "comma, quoted decimal comma", data: "strasse,hnr,lon,lat\nA,1,\"7,9416\",\"48,4722\"\n", lon: 7.9416, lat: 48.4722},
		{name: "decimal point", data: "strasse;hnr;lon;lat\nA;1;7.9416;48.4722\n", lon: 7.9416, lat: 48.4722},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as, _, err := readAll(t, "d.csv", []byte(tt.data), ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(as) != 1 || as[0].Lon != tt.lon || as[0].Lat != tt.lat {
				t.Errorf("%+v", as)
			}
		})
	}
}

func TestReadCSVEveryCRS(t *testing.T) {
	for _, c := range CRSs {
		lon, lat := 7.9406, 48.4708
		if c == UTM33 {
			lon, lat = 13.405, 52.52
		}
		t.Run(c.String(), func(t *testing.T) {
			x, y, err := c.FromWGS84(lon, lat)
			if err != nil {
				t.Fatal(err)
			}
			data := "strasse;hnr;x;y\nA;1;" + fmtCoord(x) + ";" + fmtCoord(y) + "\n"
			as, _, err := readAll(t, "c.csv", []byte(data), ParseOptions{CRS: c})
			if err != nil {
				t.Fatal(err)
			}
			if !near(as[0].Lon, lon, crsTol(c)) || !near(as[0].Lat, lat, crsTol(c)) {
				t.Errorf("%v %v", as[0].Lon, as[0].Lat)
			}
		})
	}
}

func FuzzReadAddressesCSV(f *testing.F) {
	for _, name := range []string{"addresses_utm.csv", "addresses_osm.csv", "addresses_tab.tsv", "addresses_map.csv", "addresses_cp1252.csv", "addresses_bad_last.csv"} {
		f.Add(MustOpenFixture(f, name), false)
	}
	f.Add([]byte("strasse;hnr;x;y;we;betriebe;art\nA;1;7.9;48.4;2;1;schule\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, withOptions bool) {
		opt := ParseOptions{}
		if withOptions {
			opt = ParseOptions{CRS: UTM32, Map: map[string]string{"number": "hnr"}}
		}
		fuzzAddresses(t, data, opt)
	})
}

// crsTol is how close a round trip through c must come: 1e-9° for the
// systems computed in Go, 1e-8° (about 1 mm) through PROJ.
func crsTol(c CRS) float64 {
	switch c {
	case WGS84, UTM32, UTM33, UTM32Zoned, WebMercator:
		return 1e-9
	}
	return 1e-8
}
