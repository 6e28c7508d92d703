package geo

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestReadGeoJSONAddresses(t *testing.T) {
	t.Run("WGS84 with 3D and 4D positions, MultiPoint", func(t *testing.T) {
		as, rep, err := readAll(t, "addresses_4326.geojson", MustOpenFixture(t, "addresses_4326.geojson"), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 3 || rep.Read != 3 {
			t.Fatalf("%d addresses", len(as))
		}
		if as[0].Lon != 7.9406 || as[0].Lat != 48.4708 || as[0].Source != "addresses_4326.geojson#0" || as[0].Locality != "Innenstadt" {
			t.Errorf("%+v", as[0])
		}
		if as[1].HouseNumber != "41" || as[1].Suffix != "a" || as[1].Households != 6 || as[1].Lat != 48.4731 {
			t.Errorf("numeric properties: %+v", as[1])
		}
		if as[2].Street != "Kornstraße" || as[2].Lon != 7.9431 {
			t.Errorf("MultiPoint: %+v", as[2])
		}
	})
	t.Run("EPSG:4647 crs member, strname/hsnr/strschl, placeholder", func(t *testing.T) {
		as, rep, err := readAll(t, "addresses_4647.geojson", MustOpenFixture(t, "addresses_4647.geojson"), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.CRS != UTM32Zoned || len(as) != 3 {
			t.Fatalf("crs %v, %d addresses", rep.CRS, len(as))
		}
		lon, lat, _ := UTM32.ToWGS84(415012.345, 5370123.456)
		a := as[0]
		if !near(a.Lon, lon, 1e-9) || !near(a.Lat, lat, 1e-9) || a.Street != "Hauptstraße" || a.HouseNumber != "12" || a.StreetKey != "01234" || a.Suffix != "" || a.Key != "77652|hauptstr|12|" {
			t.Errorf("%+v", a)
		}
		if as[1].Suffix != "a" {
			t.Errorf("suffix: %+v", as[1])
		}
		if !as[2].Placeholder || rep.PlaceholderCount != 1 || !strings.Contains(rep.Warnings[0].String(), "addresses_4647.geojson: feature 2: field street: placeholder street") {
			t.Errorf("placeholder: %+v %v", as[2], rep.Warnings)
		}
	})
	t.Run("option CRS overrides crs member", func(t *testing.T) {
		_, _, err := readAll(t, "a.geojson", MustOpenFixture(t, "addresses_4647.geojson"), ParseOptions{CRS: UTM33})
		if err == nil || !strings.Contains(err.Error(), "zone prefix 32 but EPSG:25833") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("swapped latitude and longitude", func(t *testing.T) {
		_, _, err := readAll(t, "addresses_swapped.geojson", MustOpenFixture(t, "addresses_swapped.geojson"), ParseOptions{})
		want := "addresses_swapped.geojson: feature 0: field geometry: coordinate (48.4708, 7.9406): latitude and longitude appear to be swapped"
		if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, ErrOutOfRange) {
			t.Fatalf("err = %v\nwant %q", err, want)
		}
	})
}

// featureStream generates a FeatureCollection of n features on the fly, so
// the test shows that reading does not need the file as one []byte.
type featureStream struct {
	n, i int
	buf  []byte
}

func (s *featureStream) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		switch {
		case s.i == 0:
			s.buf = []byte(`{"type":"FeatureCollection","features":[`)
		case s.i <= s.n:
			sep := ","
			if s.i == 1 {
				sep = ""
			}
			s.buf = []byte(sep + `{"type":"Feature","properties":{"strasse":"A","hnr":` + strconv.Itoa(s.i) + `},"geometry":{"type":"Point","coordinates":[7.9,48.4,120.5]}}`)
		case s.i == s.n+1:
			s.buf = []byte("]}")
		default:
			return 0, io.EOF
		}
		s.i++
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

func TestReadGeoJSONStreams(t *testing.T) {
	const n = 50000
	count := 0
	for a, err := range ReadAddresses("big.geojson", &featureStream{n: n}, ParseOptions{}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		count++
		if a.HouseNumber != strconv.Itoa(count) {
			t.Fatalf("feature %d: %+v", count, a)
		}
	}
	if count != n {
		t.Errorf("%d features, want %d", count, n)
	}
}

func TestReadGeoJSONEveryCRS(t *testing.T) {
	for _, c := range CRSs {
		lon, lat := 7.9406, 48.4708
		if c == UTM33 {
			lon, lat = 13.405, 52.52
		}
		for _, spelling := range []string{c.String(), "urn:ogc:def:crs:EPSG::" + strings.TrimPrefix(c.String(), "EPSG:")} {
			t.Run(spelling, func(t *testing.T) {
				x, y, _ := c.FromWGS84(lon, lat)
				data := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"` + spelling + `"}},"features":[` +
					`{"type":"Feature","properties":{"strasse":"A","hnr":"1"},"geometry":{"type":"Point","coordinates":[` + fmtCoord(x) + `,` + fmtCoord(y) + `,12.5,0]}}]}`
				as, rep, err := readAll(t, "c.geojson", []byte(data), ParseOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if rep.CRS != c || !near(as[0].Lon, lon, crsTol(c)) || !near(as[0].Lat, lat, crsTol(c)) {
					t.Errorf("%v: %v %v", rep.CRS, as[0].Lon, as[0].Lat)
				}
			})
		}
	}
}

func TestReadGeoJSONErrors(t *testing.T) {
	feat := func(props, geom string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"strasse":"A","hnr":"1"},"geometry":{"type":"Point","coordinates":[7.9,48.4]}},` +
			`{"type":"Feature","properties":` + props + `,"geometry":` + geom + `}]}`
	}
	tests := []struct {
		name, data string
		opt        ParseOptions
		want       string
	}{
		{name: "null geometry", data: feat(`{"strasse":"A","hnr":"1"}`, `null`), want: "feature 1: field geometry: the feature has no geometry"},
		{name: "polygon", data: feat(`{"strasse":"A","hnr":"1"}`, `{"type":"Polygon","coordinates":[]}`), want: `feature 1: field geometry: geometry type "Polygon"`},
		{name: "one value", data: feat(`{"strasse":"A","hnr":"1"}`, `{"type":"Point","coordinates":[7.9]}`), want: "position has 1 values"},
		{name: "five values", data: feat(`{"strasse":"A","hnr":"1"}`, `{"type":"Point","coordinates":[7.9,48,1,2,3]}`), want: "position has 5 values"},
		{name: "two points", data: feat(`{"strasse":"A","hnr":"1"}`, `{"type":"MultiPoint","coordinates":[[7.9,48],[7.9,48]]}`), want: "MultiPoint has 2 points"},
		{name: "latitude out of range", data: feat(`{"strasse":"A","hnr":"1"}`, `{"type":"Point","coordinates":[7.9,98]}`), want: "latitude 98 is out of range"},
		{name: "truncated", data: feat(`{"strasse":"A","hnr":"1"}`, `{"type":"Point"`)[:150], want: "g.geojson: feature 1: invalid JSON"},
		{name: "a Feature without properties", data: `{"type":"Feature","geometry":null}`, want: `g.geojson: feature 0: field street: required property missing`},
		{name: "not GeoJSON", data: `{"type":"Topology","objects":{}}`, want: `g.geojson: field type: GeoJSON type is Topology; want a FeatureCollection, a Feature or a geometry`},
		{name: "unknown crs", data: `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:99999"}},"features":[]}`, want: "field crs: Koordinatensystem \"EPSG:99999\" wird nicht unterstützt"},
		{name: "crs after features", data: `{"type":"FeatureCollection","features":[],"crs":{"type":"name","properties":{"name":"EPSG:25832"}}}`, want: "comes after the features"},
		{name: "no features", data: `{"type":"FeatureCollection"}`, want: "no features member"},
		{name: "properties wrong type", data: feat(`[1]`, `null`), want: "feature 1: field properties: wrong JSON type"},
		{name: "map names absent property", data: feat(`{"strasse":"A","hnr":"1"}`, `{"type":"Point","coordinates":[7.9,48.4]}`), opt: ParseOptions{Map: map[string]string{"number": "hausnr"}}, want: `g.geojson: field hausnr: property "hausnr" given with --map is in no feature (the features have: hnr, strasse)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, "g.geojson", []byte(tt.data), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %q", err, tt.want)
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("code %q", ErrorCode(err))
			}
		})
	}
}

// readAreas collects what ReadAreas yields.
func readAreas(tb testing.TB, name string, data []byte, opt ParseOptions) ([]Area, *Report, error) {
	tb.Helper()
	rep := &Report{}
	var out []Area
	var firstErr error
	for a, err := range ReadAreas(name, bytes.NewReader(data), opt, rep) {
		if firstErr != nil {
			tb.Fatalf("sequence yielded after the error %v", firstErr)
		}
		if err != nil {
			firstErr = err
			continue
		}
		out = append(out, a)
	}
	return out, rep, firstErr
}

func TestReadAreas(t *testing.T) {
	as, rep, err := readAreas(t, "areas_25832.geojson", MustOpenFixture(t, "areas_25832.geojson"), ParseOptions{Kind: KindDistrict})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 4 || rep.CRS != UTM32 || rep.Format != "GeoJSON" {
		t.Fatalf("%d areas, %v", len(as), rep.CRS)
	}
	names := []string{"Fessenbach", "Zell-Weierbach", "Rammersweier", "Kernstadt"}
	for i, a := range as {
		if a.Name != names[i] || a.Kind != KindDistrict || a.Source != "areas_25832.geojson#"+string(rune('0'+i)) {
			t.Errorf("area %d: %q %q %q", i, a.Name, a.Kind, a.Source)
		}
		for _, p := range a.Geometry {
			for _, r := range p {
				for _, pt := range r {
					if !near(pt[0], 7.9, 0.2) || !near(pt[1], 48.47, 0.1) {
						t.Fatalf("%s: point %v not in Offenburg", a.Name, pt)
					}
				}
			}
		}
	}
	t.Run("square", func(t *testing.T) {
		lon, lat, _ := UTM32.ToWGS84(416000, 5366500)
		if len(as[0].Geometry) != 1 || as[0].Geometry[0][0][0] != [2]float64{lon, lat} {
			t.Errorf("%v", as[0].Geometry)
		}
	})
	t.Run("hole kept", func(t *testing.T) {
		g := as[1].Geometry
		if len(g) != 1 || len(g[0]) != 2 {
			t.Fatalf("%v", g)
		}
		lon, lat, _ := UTM32.ToWGS84(419250, 5369250)
		if planar.MultiPolygonContains(g, [2]float64{lon, lat}) {
			t.Error("point in the hole is contained")
		}
	})
	t.Run("bow-tie repaired with warning", func(t *testing.T) {
		g := as[2].Geometry
		if len(g) != 2 {
			t.Fatalf("repaired bow-tie has %d polygons, want 2", len(g))
		}
		if rep.WarningCount != 1 || !strings.Contains(rep.Warnings[0].String(), "areas_25832.geojson: feature 2: field geometry: invalid polygon repaired: Self-intersection") {
			t.Errorf("warnings %v", rep.Warnings)
		}
	})
	t.Run("multipolygon", func(t *testing.T) {
		if len(as[3].Geometry) != 2 {
			t.Errorf("%d parts", len(as[3].Geometry))
		}
	})
}

func TestReadAreasErrors(t *testing.T) {
	poly := func(props, coords string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":` + props + `,"geometry":{"type":"Polygon","coordinates":` + coords + `}}]}`
	}
	const sq = `[[[7.9,48.4],[8,48.4],[8,48.5],[7.9,48.5],[7.9,48.4]]]`
	tests := []struct {
		name, data string
		opt        ParseOptions
		want       string // "" for success
		wantName   string
	}{
		{name: "no name", data: poly(`{"id":1,"flaeche":2}`, sq), want: "o.geojson: feature 0: field name: no name property (tried name, bezeichnung, bez, ortsteil, ortsteilname, ot_name, stadtteil, stt_name; the feature has: flaeche, id)"},
		{name: "name field option", data: poly(`{"name":"X","OT":"Weier"}`, sq), opt: ParseOptions{NameField: "ot"}, wantName: "Weier"},
		{name: "name field option absent", data: poly(`{"name":"X"}`, sq), opt: ParseOptions{NameField: "ot"}, want: `feature 0: field ot: name property "ot" not found (the feature has: name)`},
		{name: "numeric name", data: poly(`{"Stadtteil":12}`, sq), wantName: "12"},
		{name: "unclosed ring is closed", data: poly(`{"name":"U"}`, `[[[7.9,48.4],[8,48.4],[8,48.5],[7.9,48.5]]]`), wantName: "U"},
		{name: "ring too short", data: poly(`{"name":"S"}`, `[[[7.9,48.4],[8,48.4]]]`), want: "field geometry: polygon 0 ring 0 has 2 positions"},
		{name: "zero area", data: poly(`{"name":"Z"}`, `[[[7.9,48.4],[8,48.4],[8.1,48.4],[7.9,48.4]]]`), want: "field geometry: invalid polygon"},
		{name: "point", data: `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"P"},"geometry":{"type":"Point","coordinates":[7,48]}}]}`, want: `geometry type "Point"`},
		{name: "not geojson", data: "name;wkt\n", want: "areas must be GeoJSON, KML/KMZ, a zipped Shapefile, GeoPackage, GML or OSM; this looks like a text table"},
		{name: "swapped", data: poly(`{"name":"W"}`, `[[[48.4,7.9],[48.4,8],[48.5,8],[48.4,7.9]]]`), want: "polygon 0 ring 0: coordinate (48.4, 7.9): latitude and longitude appear to be swapped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as, _, err := readAreas(t, "o.geojson", []byte(tt.data), tt.opt)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(as) != 1 || as[0].Name != tt.wantName {
					t.Fatalf("%+v", as)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %q", err, tt.want)
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("code %q", ErrorCode(err))
			}
		})
	}
}

func TestReadAreasKoeln(t *testing.T) {
	t.Run("one Bezirk fixture", func(t *testing.T) {
		as, rep, err := readAreas(t, "koeln_one_bezirk.geojson", MustOpenFixture(t, "koeln_one_bezirk.geojson"), ParseOptions{Kind: KindDistrict})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || as[0].Name != "Nippes" || rep.CRS != WGS84 {
			t.Fatalf("%d areas", len(as))
		}
	})
	t.Run("all 9 Stadtbezirke", func(t *testing.T) {
		// The city's file as published (pretty-printed, legacy crs member
		// CRS84, clockwise rings); see testdata/import/README.md.
		as, rep, err := readAreas(t, "koeln_stadtbezirke.geojson", MustOpenFixture(t, "koeln_stadtbezirke.geojson"), ParseOptions{Kind: KindDistrict})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, a := range as {
			names = append(names, a.Name)
		}
		// Cologne's nine Stadtbezirke, in file order.
		want := []string{"Porz", "Innenstadt", "Ehrenfeld", "Nippes", "Rodenkirchen", "Kalk", "Mülheim", "Lindenthal", "Chorweiler"}
		if !slices.Equal(names, want) {
			t.Fatalf("names %q, want %q", names, want)
		}
		if rep.Format != "GeoJSON" || rep.CRS != WGS84 || rep.Read != 9 {
			t.Errorf("report format %q CRS %s read %d", rep.Format, rep.CRS, rep.Read)
		}
		for _, a := range as {
			if a.Kind != KindDistrict || len(a.Geometry) == 0 || a.Source == "" {
				t.Errorf("area %q: kind %q, %d polygons, source %q", a.Name, a.Kind, len(a.Geometry), a.Source)
			}
			// The city lies within 6.77..7.17 °E, 50.83..51.09 °N.
			b := a.Geometry.Bound()
			if b.Min[0] < 6.77 || b.Max[0] > 7.17 || b.Min[1] < 50.83 || b.Max[1] > 51.09 {
				t.Errorf("area %q: bound %v outside Cologne", a.Name, b)
			}
		}
		// The one-Bezirk fixture is Nippes copied unchanged from this file.
		one, _, err := readAreas(t, "koeln_one_bezirk.geojson", MustOpenFixture(t, "koeln_one_bezirk.geojson"), ParseOptions{Kind: KindDistrict})
		if err != nil || len(one) != 1 {
			t.Fatalf("one Bezirk: %d areas, %v", len(one), err)
		}
		if !orb.Equal(one[0].Geometry, as[3].Geometry) {
			t.Errorf("Nippes differs between koeln_one_bezirk.geojson and koeln_stadtbezirke.geojson")
		}
		t.Logf("warnings %v", rep.Warnings)
	})
}

func FuzzReadGeoJSON(f *testing.F) {
	for _, name := range []string{"addresses_4326.geojson", "addresses_4647.geojson", "addresses_swapped.geojson"} {
		f.Add(MustOpenFixture(f, name))
	}
	f.Add([]byte(`{"type":"Feature","properties":{"strasse":"A","hnr":"1"},"geometry":{"type":"Point","coordinates":[7.9,48.4]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzAddresses(t, data, ParseOptions{})
	})
}

func FuzzReadAreas(f *testing.F) {
	for _, name := range []string{"areas_25832.geojson", "koeln_one_bezirk.geojson"} {
		f.Add(MustOpenFixture(f, name))
	}
	f.Add([]byte(`{"coordinates":[[[7,48],[8,48],[8,49],[7,48]]],"type":"Polygon"}`))
	f.Add([]byte(`{"type":"Feature","properties":{"name":"N"},"geometry":{"type":"MultiPolygon","coordinates":[[[[7,48],[8,48],[8,49],[7,48]]]]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		as, _, err := readAreas(t, "fuzz", data, ParseOptions{Kind: KindZone})
		for _, a := range as {
			if len(a.Geometry) == 0 || a.Name == "" {
				t.Fatalf("empty area %+v", a)
			}
			for _, p := range a.Geometry {
				for _, r := range p {
					for _, pt := range r {
						if !finite(pt[0], pt[1]) || pt[0] < -180 || pt[0] > 180 || pt[1] < -90 || pt[1] > 90 {
							t.Fatalf("invalid point %v", pt)
						}
					}
				}
			}
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || ErrorCode(err) != EINVALID {
				t.Fatalf("error %v (%T) is not a *ParseError EINVALID", err, err)
			}
		}
	})
}

// TestReadAreasSingle: a file that is one bare geometry or one Feature is
// one area — the city boundary of Cologne from OpenStreetMap is a bare
// Polygon (testdata/import/README.md).
func TestReadAreasSingle(t *testing.T) {
	t.Run("bare Polygon, real file", func(t *testing.T) {
		as, rep, err := readAreas(t, "koeln_cityboundary.geojson", MustOpenFixture(t, "koeln_cityboundary.geojson"), ParseOptions{Kind: KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || as[0].Name != "koeln_cityboundary" || rep.Read != 1 || len(rep.Warnings) != 1 ||
			!strings.Contains(rep.Warnings[0].Message, `named "koeln_cityboundary" after the file`) {
			t.Fatalf("areas %d, read %d, warnings %+v", len(as), rep.Read, rep.Warnings)
		}
		b := as[0].Geometry.Bound()
		if b.Min[0] < 6.77 || b.Max[0] > 7.17 || b.Min[1] < 50.83 || b.Max[1] > 51.09 || b.Max[0]-b.Min[0] < 0.3 {
			t.Errorf("bound %v is not Cologne", b)
		}
	})
	tests := []struct {
		name, doc, want, err string
		opt                  ParseOptions
	}{
		{name: "Feature with a name", doc: `{"type":"Feature","properties":{"name":"Nord"},"geometry":{"type":"Polygon","coordinates":[[[7,48],[8,48],[8,49],[7,48]]]}}`, want: "Nord"},
		{name: "members in any order", doc: `{"geometry":{"type":"Polygon","coordinates":[[[7,48],[8,48],[8,49],[7,48]]]},"properties":{"ortsteil":"Süd"},"type":"Feature"}`, want: "Süd"},
		{name: "bare MultiPolygon", doc: `{"coordinates":[[[[7,48],[8,48],[8,49],[7,48]]]],"type":"MultiPolygon"}`, want: "gebiet"},
		{name: "name field asked for but missing", doc: `{"type":"Polygon","coordinates":[[[7,48],[8,48],[8,49],[7,48]]]}`, opt: ParseOptions{NameField: "bez"}, err: `name property "bez" not found`},
		{name: "a Point is no area", doc: `{"type":"Point","coordinates":[7,48]}`, err: `geometry type "Point"`},
		{name: "unknown type", doc: `{"type":"Topology","objects":{}}`, err: "want a FeatureCollection, a Feature or a geometry"},
		{name: "no type", doc: `{"bbox":[1,2,3,4]}`, err: "no features member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.Kind = KindDistrict
			as, _, err := readAreas(t, "gebiet.geojson", []byte(tt.doc), tt.opt)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || ErrorCode(err) != EINVALID {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || len(as) != 1 || as[0].Name != tt.want {
				t.Fatalf("areas %+v, err %v; want one named %q", as, err, tt.want)
			}
		})
	}
}

// TestReadAddressesSingleFeature: one address as a Feature.
func TestReadAddressesSingleFeature(t *testing.T) {
	doc := `{"type":"Feature","properties":{"strasse":"Hauptstraße","hnr":"12","plz":"77654","ort":"Offenburg"},"geometry":{"type":"Point","coordinates":[7.94,48.47]}}`
	var got []Address
	rep := &Report{}
	for a, err := range ReadAddresses("eine.geojson", strings.NewReader(doc), ParseOptions{}, rep) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, a)
	}
	if len(got) != 1 || got[0].Street != "Hauptstraße" || got[0].HouseNumber != "12" || got[0].Lon != 7.94 || rep.Read != 1 {
		t.Fatalf("addresses %+v, read %d", got, rep.Read)
	}
}
