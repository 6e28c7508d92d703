package geo

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseCRS(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want CRS
		err  bool
	}{
		{name: "epsg upper", in: "EPSG:25832", want: UTM32},
		{name: "epsg lower", in: "epsg:25832", want: UTM32},
		{name: "bare code", in: "25833", want: UTM33},
		{name: "spaces", in: "  EPSG:4647 ", want: UTM32Zoned},
		{name: "ogc urn", in: "urn:ogc:def:crs:EPSG::25832", want: UTM32},
		{name: "ogc urn with version", in: "urn:ogc:def:crs:EPSG:6.6:4326", want: WGS84},
		{name: "crs84 urn", in: "urn:ogc:def:crs:OGC:1.3:CRS84", want: WGS84},
		{name: "crs84", in: "CRS84", want: WGS84},
		{name: "opengis uri", in: "http://www.opengis.net/def/crs/EPSG/0/25832", want: UTM32},
		{name: "opengis crs84 uri", in: "http://www.opengis.net/def/crs/OGC/1.3/CRS84", want: WGS84},
		{name: "web mercator", in: "EPSG:3857", want: WebMercator},
		{name: "old web mercator alias", in: "EPSG:900913", want: WebMercator},
		{name: "unknown code", in: "EPSG:99999", err: true},
		{name: "Gauss-Krüger through PROJ", in: "EPSG:31467", want: GK3},
		{name: "a 3-D system", in: "EPSG:4979", err: true},
		{name: "any EPSG code PROJ knows (ETRS89 / UTM 31N)", in: "EPSG:25831", want: CRS(25831)},
		{name: "garbage", in: "utm", err: true},
		{name: "empty", in: "", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCRS(tt.in)
			if tt.err {
				if err == nil {
					t.Fatalf("ParseCRS(%q) = %v, want error", tt.in, got)
				}
				if !errors.Is(err, ErrUnknownCRS) || ErrorCode(err) != EINVALID {
					t.Fatalf("error %v: want EINVALID wrapping ErrUnknownCRS", err)
				}
				if !strings.Contains(err.Error(), tt.in) {
					t.Errorf("error %q does not name the input", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseCRS(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
	if s := UTM32.String(); s != "EPSG:25832" {
		t.Errorf("String = %q", s)
	}
}

// snyderForward is an independent implementation of the ellipsoidal
// transverse Mercator projection: the Thomas series as given by
// J. P. Snyder, "Map Projections – A Working Manual", USGS Professional
// Paper 1395 (1987), eqs. 8-9 to 8-15 and 3-21. It is a different
// expansion (powers of the longitude difference) from the Krüger n-series
// in crs.go and is accurate to well below a centimetre within 3° of the
// central meridian, so agreement to 1e-7° checks the production code.
func snyderForward(lon, lat, lon0 float64) (x, y float64) {
	const a, k0 = grs80A, 0.9996
	f := 1 / grs80InvF
	e2 := f * (2 - f)
	e4, e6 := e2*e2, e2*e2*e2
	ep2 := e2 / (1 - e2)
	phi := lat * math.Pi / 180
	sin, cos := math.Sincos(phi)
	tan := sin / cos
	N := a / math.Sqrt(1-e2*sin*sin)
	T := tan * tan
	C := ep2 * cos * cos
	A := (lon - lon0) * math.Pi / 180 * cos
	M := a * ((1-e2/4-3*e4/64-5*e6/256)*phi -
		(3*e2/8+3*e4/32+45*e6/1024)*math.Sin(2*phi) +
		(15*e4/256+45*e6/1024)*math.Sin(4*phi) -
		(35*e6/3072)*math.Sin(6*phi))
	x = 500000 + k0*N*(A+(1-T+C)*A*A*A/6+(5-18*T+T*T+72*C-58*ep2)*math.Pow(A, 5)/120)
	y = k0 * (M + N*tan*(A*A/2+(5-T+9*C+4*C*C)*math.Pow(A, 4)/24+(61-58*T+T*T+600*C-330*ep2)*math.Pow(A, 6)/720))
	return x, y
}

// TestCRSReferencePoints checks ToWGS84 against points whose geographic
// coordinates are known from a source independent of crs.go, to 1e-7°,
// and the round trip back to 1 mm.
func TestCRSReferencePoints(t *testing.T) {
	tests := []struct {
		name     string
		crs      CRS
		x, y     float64
		lon, lat float64
		source   string
	}{
		{
			name: "Offenburg area, given in ARCHITECTURE.md", crs: UTM32,
			x: 415000, y: 5370000, lon: 7.84986109, lat: 48.47737983,
			source: "ARCHITECTURE.md reference point (rounded to 1e-8°)",
		},
		{
			name: "same point zone-prefixed", crs: UTM32Zoned,
			x: 32415000, y: 5370000, lon: 7.84986109, lat: 48.47737983,
			source: "as above, EPSG:4647 adds 32000000 to the easting",
		},
		{
			name: "same point zone-prefixed in 25832", crs: UTM32,
			x: 32415000, y: 5370000, lon: 7.84986109, lat: 48.47737983,
			source: "as above; a matching zone prefix is stripped",
		},
	}
	// Points computed with snyderForward (independent series, see above):
	// the geographic coordinates are exact by construction, the projected
	// ones come from the Thomas series.
	for _, p := range []struct {
		name     string
		crs      CRS
		lon, lat float64
	}{
		{"Karlsruhe, zone 32", UTM32, 8.4037, 49.0069},
		{"Offenburg town hall, zone 32", UTM32, 7.9406, 48.4708},
		{"Konstanz, zone 32", UTM32, 9.1753, 47.6603},
		{"Hamburg, zone 32", UTM32, 9.9937, 53.5511},
		{"central meridian zone 32", UTM32, 9, 51},
		{"Berlin, zone 33", UTM33, 13.4050, 52.5200},
		{"Görlitz, zone 33", UTM33, 14.9872, 51.1522},
		{"Rostock, zone 33", UTM33, 12.0991, 54.0924},
		{"zone 32 eastern edge", UTM32, 11.99, 50.0},
		{"zone 32 western edge", UTM32, 6.01, 50.0},
	} {
		x, y := snyderForward(p.lon, p.lat, float64(p.crs.utmZone()*6-183))
		tests = append(tests, struct {
			name     string
			crs      CRS
			x, y     float64
			lon, lat float64
			source   string
		}{p.name, p.crs, x, y, p.lon, p.lat, "Snyder (USGS PP 1395) Thomas series, computed in this test"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lon, lat, err := tt.crs.ToWGS84(tt.x, tt.y)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(lon-tt.lon) > 1e-7 || math.Abs(lat-tt.lat) > 1e-7 {
				t.Errorf("%s ToWGS84(%.3f, %.3f) = %.9f, %.9f; want %.9f, %.9f (source: %s)",
					tt.crs, tt.x, tt.y, lon, lat, tt.lon, tt.lat, tt.source)
			}
			x, y, err := tt.crs.FromWGS84(lon, lat)
			if err != nil {
				t.Fatal(err)
			}
			wantX := tt.x
			if tt.crs == UTM32 && wantX > 1e7 {
				wantX -= 32e6 // FromWGS84 writes plain 25832 eastings
			}
			if math.Abs(x-wantX) > 1e-3 || math.Abs(y-tt.y) > 1e-3 {
				t.Errorf("round trip: FromWGS84 = %.4f, %.4f; want %.4f, %.4f", x, y, wantX, tt.y)
			}
		})
	}
}

// TestTMercEPSGExample checks the generic projection against the worked
// example of IOGP/EPSG Guidance Note 7-2 ("Coordinate Conversions and
// Transformations including Formulas", section Transverse Mercator):
// OSGB 1936 / British National Grid, Airy 1830 ellipsoid,
// 50°30'N 0°30'E → E 577274.98, N 69740.49 (the note prints 2 decimals;
// older editions print 577274.99 / 69740.50, hence the 2 cm tolerance).
func TestTMercEPSGExample(t *testing.T) {
	bng := newTMerc(6377563.396, 299.3249646, 0.9996012717, -2, 49, 400000, -100000)
	x, y := bng.forward(0.5, 50.5)
	if math.Abs(x-577274.98) > 0.02 || math.Abs(y-69740.49) > 0.02 {
		t.Errorf("forward = %.3f, %.3f; want 577274.98, 69740.49", x, y)
	}
	lon, lat := bng.inverse(577274.98, 69740.49)
	if math.Abs(lon-0.5) > 2e-7 || math.Abs(lat-50.5) > 2e-7 {
		t.Errorf("inverse = %.9f, %.9f; want 0.5, 50.5", lon, lat)
	}
}

func TestCRSRoundTrip(t *testing.T) {
	for _, c := range CRSs {
		t.Run(c.String(), func(t *testing.T) {
			for lat := 47.2; lat <= 55.1; lat += 0.37 {
				for lon := 5.8; lon <= 15.1; lon += 0.41 {
					if z := c.utmZone(); z != 0 && math.Abs(lon-float64(z*6-183)) > 6 {
						continue // Germany minus the far side of the other zone
					}
					x, y, err := c.FromWGS84(lon, lat)
					if err != nil {
						t.Fatalf("FromWGS84(%v, %v): %v", lon, lat, err)
					}
					lon2, lat2, err := c.ToWGS84(x, y)
					if err != nil {
						t.Fatalf("ToWGS84(%v, %v): %v", x, y, err)
					}
					// 1e-8° is about 1 mm. DHDN (Gauss-Krüger) goes through
					// PROJ, which picks the operation per point and
					// direction: within the BeTA2007 grid (Germany) both
					// ways use it; outside, a Helmert fallback stated to
					// 1–3 m may pair with another one back (tested to 5e-5°,
					// about 4 m at the corners of this box in Austria and
					// France; TestGaussKruegerGrid pins Germany to 1 mm).
					tol := 1e-8
					if c >= GK2 && c <= GK5 {
						tol = 5e-5
					}
					if math.Abs(lon2-lon) > tol || math.Abs(lat2-lat) > tol {
						t.Fatalf("round trip %v, %v → %v, %v → %v, %v", lon, lat, x, y, lon2, lat2)
					}
				}
			}
		})
	}
}

// TestGaussKruegerGrid checks Gauss-Krüger inside Germany, where PROJ
// uses the BeTA2007 grid both ways: a round trip to 1 mm, and a known
// point (cs2cs -d 9 EPSG:31467 EPSG:4326, PROJ 9.1.1 with proj-data).
func TestGaussKruegerGrid(t *testing.T) {
	lon, lat, err := GK3.ToWGS84(3500000, 5400000)
	if err != nil || math.Abs(lon-8.998975485) > 1e-8 || math.Abs(lat-48.737534874) > 1e-8 {
		t.Fatalf("(%.9f, %.9f), %v; want (8.998975485, 48.737534874): is proj-data (BETA2007.gsb) installed?", lon, lat, err)
	}
	for _, p := range [][2]float64{{7.9406, 48.4708}, {13.405, 52.52}, {11.576, 48.137}, {6.958, 50.941}, {9.993, 53.551}} {
		for _, c := range []CRS{GK2, GK3, GK4, GK5} {
			x, y, err := c.FromWGS84(p[0], p[1])
			if err != nil {
				t.Fatal(err)
			}
			lon, lat, err := c.ToWGS84(x, y)
			if err != nil || math.Abs(lon-p[0]) > 1e-8 || math.Abs(lat-p[1]) > 1e-8 {
				t.Errorf("%s: %v → (%v, %v) → (%.9f, %.9f), %v", c, p, x, y, lon, lat, err)
			}
		}
	}
}

func TestWebMercatorKnownPoint(t *testing.T) {
	// EPSG Guidance Note 7-2, Popular Visualisation Pseudo Mercator
	// example: 24°22'54.433"N 100°20'00"W → E -11169055.58, N 2800000.00.
	lat := 24 + 22/60.0 + 54.433/3600
	x, y, err := WebMercator.FromWGS84(-100.333333333333, lat)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(x - -11169055.58) > 0.01 || math.Abs(y-2800000.00) > 0.01 {
		t.Errorf("FromWGS84 = %.2f, %.2f; want -11169055.58, 2800000.00", x, y)
	}
}

func TestCRSErrors(t *testing.T) {
	tests := []struct {
		name string
		crs  CRS
		x, y float64
		want string // part of the message
	}{
		{name: "latitude over 90", crs: WGS84, x: 7.8, y: 91, want: "latitude"},
		{name: "latitude and longitude swapped beyond range", crs: WGS84, x: 48, y: 120, want: "swapped"},
		{name: "metres given as degrees", crs: WGS84, x: 415000, y: 5370000, want: "projected metres"},
		{name: "NaN", crs: WGS84, x: math.NaN(), y: 1, want: "not a number"},
		{name: "degrees in UTM", crs: UTM32, x: 7.85, y: 48.48, want: "looks like WGS84 degrees"},
		{name: "degrees in 4647", crs: UTM32Zoned, x: 7.85, y: 48.48, want: "looks like WGS84 degrees"},
		{name: "wrong zone prefix", crs: UTM32, x: 33415000, y: 5370000, want: "zone prefix 33"},
		{name: "zone 32 prefix in 25833", crs: UTM33, x: 32415000, y: 5370000, want: "zone prefix 32"},
		{name: "northing negative", crs: UTM32, x: 415000, y: -5, want: "northing"},
		{name: "northing too large", crs: UTM33, x: 415000, y: 9500000, want: "northing"},
		{name: "easting 7 digits", crs: UTM32, x: 4150000, y: 5370000, want: "easting"},
		{name: "4647 wrong prefix", crs: UTM32Zoned, x: 33415000, y: 5370000, want: "zone prefix 33"},
		{name: "web mercator degrees", crs: WebMercator, x: 7.85, y: 48.48, want: "WGS84 degrees"},
		{name: "web mercator too large", crs: WebMercator, x: 3e7, y: 0, want: "outside"},
		{name: "unknown crs", crs: CRS(99999), x: 3415000, y: 5370000, want: "wird nicht unterstützt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.crs.ToWGS84(tt.x, tt.y)
			if err == nil {
				t.Fatal("no error")
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("code %q, want EINVALID", ErrorCode(err))
			}
			if tt.crs.valid() && !errors.Is(err, ErrOutOfRange) {
				t.Errorf("%v does not wrap ErrOutOfRange", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
	t.Run("FromWGS84 out of range", func(t *testing.T) {
		for _, c := range CRSs {
			if _, _, err := c.FromWGS84(200, 48); !errors.Is(err, ErrOutOfRange) {
				t.Errorf("%v: %v", c, err)
			}
		}
		if _, _, err := UTM32.FromWGS84(-120, 48); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("far from zone: %v", err)
		}
		if _, _, err := WebMercator.FromWGS84(7, 89); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("web mercator pole: %v", err)
		}
	})
	t.Run("swapped in Germany", func(t *testing.T) {
		if !swappedInGermany(48.47, 7.85) || swappedInGermany(7.85, 48.47) {
			t.Error("swappedInGermany wrong")
		}
		if err := errSwapped(48.47, 7.85); !strings.Contains(err.Error(), "latitude and longitude appear to be swapped") || !errors.Is(err, ErrOutOfRange) {
			t.Errorf("errSwapped: %v", err)
		}
	})
}

// crsSpellings are the spellings of c that ParseCRS documents.
func crsSpellings(c CRS) []string {
	n := strconv.Itoa(int(c))
	return []string{
		c.String(), "EPSG:" + n, "epsg:" + n, n, " " + n + "\t",
		"urn:ogc:def:crs:EPSG::" + n, "URN:OGC:DEF:CRS:EPSG:6.6:" + n,
		"http://www.opengis.net/def/crs/EPSG/0/" + n, "https://www.opengis.net/def/crs/EPSG/0/" + n,
	}
}

// swapASCIICase swaps the case of the ASCII letters in s.
func swapASCIICase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// FuzzParseCRS checks what ParseCRS promises for any input: no panic; an
// error is EINVALID wrapping ErrUnknownCRS and returns 0; a result is a
// supported system whose String and every other documented spelling
// parse back to it; ASCII case and surrounding white space do not matter.
func FuzzParseCRS(f *testing.F) {
	for _, c := range CRSs {
		for _, s := range crsSpellings(c) {
			f.Add(s)
		}
	}
	for _, s := range []string{"urn:ogc:def:crs:OGC:1.3:CRS84", "CRS84", "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "EPSG:900913", "EPSG:31467", "utm", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCRS(s)
		if err != nil {
			if c != 0 {
				t.Errorf("ParseCRS(%q) = %v with error %v; want 0", s, c, err)
			}
			if !errors.Is(err, ErrUnknownCRS) || ErrorCode(err) != EINVALID {
				t.Errorf("ParseCRS(%q): error %v is not EINVALID wrapping ErrUnknownCRS", s, err)
			}
		} else {
			if !slices.Contains(CRSs, c) || !c.valid() {
				t.Fatalf("ParseCRS(%q) = %d, not a supported system", s, int(c))
			}
			if got := c.String(); got != "EPSG:"+strconv.Itoa(int(c)) {
				t.Errorf("String() = %q", got)
			}
			for _, sp := range crsSpellings(c) {
				if got, err := ParseCRS(sp); got != c || err != nil {
					t.Errorf("ParseCRS(%q) = %v, %v; want %v (the input was %q)", sp, got, err, c, s)
				}
			}
		}
		// ASCII case and surrounding white space do not change the result.
		for _, v := range []string{swapASCIICase(s), " \t" + s + "\r\n"} {
			c2, err2 := ParseCRS(v)
			if c2 != c || (err2 == nil) != (err == nil) {
				t.Errorf("ParseCRS(%q) = %v, %v but ParseCRS(%q) = %v, %v", s, c, err, v, c2, err2)
			}
		}
	})
}
