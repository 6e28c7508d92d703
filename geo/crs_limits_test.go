package geo

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// meridianArc is the length of the GRS80 meridian from the equator to
// latitude phi (radians), M(φ) = a(1−e²)∫₀^φ (1−e² sin²t)^(−3/2) dt,
// integrated numerically (5-point Gauss–Legendre on 30 panels, which is
// exact to the last bit of a float64 here). It is independent of the
// Krüger series in crs.go: on the central meridian a UTM northing is
// k0·M(φ), and M(π/2) is the GRS80 meridian quadrant, 10 001 965.7293 m
// (H. Moritz, "Geodetic Reference System 1980", Bulletin Géodésique 54
// (1980), table of derived constants).
func meridianArc(phi float64) float64 {
	nodes := [5][2]float64{ // abscissa, weight
		{-0.9061798459386640, 0.2369268850561891},
		{-0.5384693101056831, 0.4786286704993665},
		{0, 0.5688888888888889},
		{0.5384693101056831, 0.4786286704993665},
		{0.9061798459386640, 0.2369268850561891},
	}
	f := 1 / grs80InvF
	e2 := f * (2 - f)
	const panels = 30
	h := phi / panels
	s := 0.0
	for i := 0; i < panels; i++ {
		mid := (float64(i) + 0.5) * h
		for _, n := range nodes {
			sin := math.Sin(mid + n[0]*h/2)
			s += n[1] * h / 2 * math.Pow(1-e2*sin*sin, -1.5)
		}
	}
	return grs80A * (1 - e2) * s
}

// TestTMercMeridianArc checks the projection to the resolution of a
// float64 against the meridian arc: the documented accuracy ("far below a
// millimetre") leaves the sixth-order series a few nanometres, so every
// term down to n⁵ (about 1e-7 m) must be right.
func TestTMercMeridianArc(t *testing.T) {
	if q := meridianArc(math.Pi / 2); math.Abs(q-10001965.7293) > 1e-4 {
		t.Fatalf("meridian quadrant %.4f m, want 10001965.7293 m (GRS80)", q)
	}
	for _, zone := range []int{32, 33} {
		tm := utm[zone]
		lon0 := float64(zone*6 - 183)
		for _, lat := range []float64{5, 10, 20, 30, 40, 45, 47.3, 50, 52.5, 55, 60, 70, 80, 84} {
			want := 0.9996 * meridianArc(lat*math.Pi/180)
			x, y := tm.forward(lon0, lat)
			if x != 500000 || math.Abs(y-want) > 1e-8 {
				t.Errorf("zone %d forward(%v, %v) = %.10f, %.10f; want 500000, %.10f (Δ %.2g m)", zone, lon0, lat, x, y, want, y-want)
			}
			lon, phi := tm.inverse(500000, want)
			if lon != lon0 || math.Abs(phi-lat) > 1e-13 {
				t.Errorf("zone %d inverse(500000, %.10f) = %.15f, %.15f; want %v, %v (Δ %.2g°)", zone, want, lon, phi, lon0, lat, phi-lat)
			}
		}
	}
}

// TestCRSRoundTripMicrometre checks that inverse undoes forward across
// Germany and the width of both zones to 1e-12° (0.1 µm): the series for
// both directions must agree to far below a millimetre.
func TestCRSRoundTripMicrometre(t *testing.T) {
	for _, zone := range []int{32, 33} {
		tm := utm[zone]
		lon0 := float64(zone*6 - 183)
		for lat := 0.5; lat <= 84; lat += 3.5 {
			for d := -8.0; d <= 8; d += 0.7 {
				x, y := tm.forward(lon0+d, lat)
				lon, phi := tm.inverse(x, y)
				if math.Abs(lon-(lon0+d)) > 1e-12 || math.Abs(phi-lat) > 1e-12 {
					t.Fatalf("zone %d: %v, %v → %.6f, %.6f → %.15f, %.15f", zone, lon0+d, lat, x, y, lon, phi)
				}
			}
		}
	}
}

// TestCRSLimits checks coordinates exactly at the documented limits of
// each system: a limit value itself is valid, and the next message names
// what is wrong.
func TestCRSLimits(t *testing.T) {
	const wmLim = math.Pi * sphereR // the Web Mercator range ±π·R
	tests := []struct {
		name     string
		crs      CRS
		x, y     float64
		lon, lat float64 // want, when err is empty
		err      string  // part of the message
		anyPos   bool    // valid; the position is checked elsewhere
	}{
		{name: "WGS84 east and north limit", crs: WGS84, x: 180, y: 90, lon: 180, lat: 90},
		{name: "WGS84 west and south limit", crs: WGS84, x: -180, y: -90, lon: -180, lat: -90},
		{name: "WGS84 east and south limit", crs: WGS84, x: 180, y: -90, lon: 180, lat: -90},
		{name: "WGS84 west and north limit", crs: WGS84, x: -180, y: 90, lon: -180, lat: 90},
		// Out of range but valid when swapped: the message says swapped.
		{name: "WGS84 latitude 180 swaps to a valid point", crs: WGS84, x: 90, y: 180, err: "latitude 180 is out of range (-90..90); latitude and longitude appear to be swapped"},
		{name: "WGS84 latitude -180 swaps to a valid point", crs: WGS84, x: -90, y: -180, err: "latitude -180 is out of range (-90..90); latitude and longitude appear to be swapped"},
		// Not valid either way round.
		{name: "WGS84 latitude 200", crs: WGS84, x: 10, y: 200, err: "coordinate (10, 200) is out of range: longitude must be within -180..180"},
		{name: "WGS84 latitude -200", crs: WGS84, x: 10, y: -200, err: "coordinate (10, -200) is out of range: longitude must be within"},
		{name: "WGS84 longitude 500", crs: WGS84, x: 500, y: 0, err: "coordinate (500, 0) is out of range: longitude must be within"},
		{name: "WGS84 longitude 1000 is not yet metres", crs: WGS84, x: 1000, y: 0, err: "coordinate (1000, 0) is out of range"},
		{name: "WGS84 latitude 1000 is not yet metres", crs: WGS84, x: 0, y: 1000, err: "coordinate (0, 1000) is out of range"},
		{name: "WGS84 longitude over 1000 looks like metres", crs: WGS84, x: 1000.5, y: 0, err: "is not in degrees (EPSG:4326): it looks like projected metres"},
		{name: "WGS84 northing only looks like metres", crs: WGS84, x: 7.8, y: 5370000, err: "coordinate (7.8, 5370000) is not in degrees (EPSG:4326): it looks like projected metres"},
		{name: "WGS84 easting only looks like metres", crs: WGS84, x: 415000, y: 48.4, err: "it looks like projected metres"},
		{name: "WGS84 longitude 1e8 is too large for metres", crs: WGS84, x: 1e8, y: 0, err: "coordinate (100000000, 0) is out of range"},
		{name: "WGS84 latitude 1e8 is too large for metres", crs: WGS84, x: 0, y: 1e8, err: "coordinate (0, 100000000) is out of range"},
		{name: "WGS84 huge longitude with metre-like latitude", crs: WGS84, x: 2e8, y: 5370000, err: "coordinate (200000000, 5370000) is out of range"},
		{name: "WGS84 huge latitude with metre-like longitude", crs: WGS84, x: 415000, y: 2e8, err: "coordinate (415000, 200000000) is out of range"},

		{name: "Web Mercator origin", crs: WebMercator, x: 0, y: 0, lon: 0, lat: 0},
		{name: "Web Mercator x 180 looks like degrees", crs: WebMercator, x: 180, y: 0, err: "looks like WGS84 degrees"},
		{name: "Web Mercator y 90 looks like degrees", crs: WebMercator, x: 0, y: 90, err: "looks like WGS84 degrees"},
		{name: "Web Mercator x just over 180 m", crs: WebMercator, x: 180.5, y: 0, lon: 180.5 / sphereR * 180 / math.Pi, lat: 0},
		{name: "Web Mercator east limit", crs: WebMercator, x: wmLim, y: 0, lon: 180, lat: 0},
		// A value rounded up by at most 1e-7 (relative) is still taken as
		// the limit: lon is clamped to 180.
		{name: "Web Mercator east limit rounded up", crs: WebMercator, x: wmLim * 1.0000001, y: 0, lon: 180, lat: 0},
		{name: "Web Mercator north limit rounded up", crs: WebMercator, x: 0, y: wmLim * 1.0000001, lon: 0, lat: 85.05113033260764},
		{name: "Web Mercator beyond the east limit", crs: WebMercator, x: wmLim * 1.0000002, y: 0, err: "outside the Web Mercator range"},
		{name: "Web Mercator beyond the north limit", crs: WebMercator, x: 0, y: -wmLim * 1.0000002, err: "outside the Web Mercator range"},

		{name: "UTM equator", crs: UTM32, x: 500000, y: 0, lon: 9, lat: 0},
		{name: "UTM northing limit", crs: UTM33, x: 500000, y: 9400000, lon: 15, lat: 84.64409979557537},
		{name: "UTM easting lower limit", crs: UTM32, x: 10000, y: 5370000, anyPos: true},
		{name: "UTM easting below the lower limit", crs: UTM32, x: 9999.5, y: 5370000, err: "easting 9999.5 is out of range for EPSG:25832 (10000..1000000 m, or with the zone prefix 32000000..33000000)"},
		{name: "UTM easting upper limit is excluded", crs: UTM32, x: 1e6, y: 5370000, err: "easting 1000000 is out of range for EPSG:25832"},
		{name: "UTM zone 33 names its prefix range", crs: UTM33, x: 5000, y: 5370000, err: "easting 5000 is out of range for EPSG:25833 (10000..1000000 m, or with the zone prefix 33000000..34000000)"},
		{name: "EPSG:4647 names its prefixed range", crs: UTM32Zoned, x: 32005000, y: 5370000, err: "easting 5000 is out of range for EPSG:4647 (32000000..33000000, the zone 32 prefixed to a UTM easting)"},
		{name: "UTM x 180 looks like degrees", crs: UTM32, x: 180, y: 50, err: "looks like WGS84 degrees"},
		{name: "UTM y 90 looks like degrees", crs: UTM32, x: 9, y: 90, err: "looks like WGS84 degrees"},
		{name: "UTM 8-digit easting is a zone prefix", crs: UTM32, x: 1e7, y: 5370000, err: "easting 10000000 carries the zone prefix 10 but EPSG:25832 is UTM zone 32"},
		{name: "UTM 9-digit easting is no zone prefix", crs: UTM32, x: 1e8, y: 5370000, err: "easting 100000000 is out of range for EPSG:25832"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lon, lat, err := tt.crs.ToWGS84(tt.x, tt.y)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrOutOfRange) {
					t.Fatalf("%v.ToWGS84(%v, %v) = %v, %v, %v; want ErrOutOfRange containing %q", tt.crs, tt.x, tt.y, lon, lat, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v.ToWGS84(%v, %v): %v", tt.crs, tt.x, tt.y, err)
			}
			if tt.anyPos {
				return
			}
			if math.Abs(lon-tt.lon) > 1e-9 || math.Abs(lat-tt.lat) > 1e-9 {
				t.Errorf("%v.ToWGS84(%v, %v) = %.12f, %.12f; want %.12f, %.12f", tt.crs, tt.x, tt.y, lon, lat, tt.lon, tt.lat)
			}
		})
	}
}

// TestCRSFromWGS84Limits checks FromWGS84 at the edges of what each system
// can represent.
func TestCRSFromWGS84Limits(t *testing.T) {
	const maxLat = 85.0511287798066 // Web Mercator's documented latitude limit
	tests := []struct {
		name     string
		crs      CRS
		lon, lat float64
		ok       bool
	}{
		{name: "Web Mercator latitude limit", crs: WebMercator, lon: 7, lat: maxLat, ok: true},
		{name: "Web Mercator southern latitude limit", crs: WebMercator, lon: 7, lat: -maxLat, ok: true},
		{name: "Web Mercator beyond the latitude limit", crs: WebMercator, lon: 7, lat: 85.06},
		{name: "UTM equator on the central meridian", crs: UTM32, lon: 9, lat: 0, ok: true},
		{name: "UTM south of the equator", crs: UTM32, lon: 9, lat: -0.5},
		{name: "UTM 1° south of the equator", crs: UTM33, lon: 15, lat: -1},
		// 16° east of zone 32's meridian, near the pole, still projects
		// inside the easting range.
		{name: "UTM far east of the meridian near the pole", crs: UTM32, lon: 25, lat: 80, ok: true},
		{name: "UTM 30° from the meridian near the pole", crs: UTM32, lon: 39, lat: 82, ok: true},
		{name: "UTM more than 30° from the meridian", crs: UTM32, lon: 39.5, lat: 82},
		{name: "UTM 30° west of the meridian", crs: UTM33, lon: -15, lat: 82, ok: true},
		// Inside 30° but projecting beyond the easting range.
		{name: "UTM easting beyond 1000000 m", crs: UTM32, lon: 34, lat: 50},
		{name: "UTM easting below 0", crs: UTM32, lon: -16, lat: 50},
		{name: "UTM northing beyond 9400000 m", crs: UTM32, lon: 9, lat: 84.7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y, err := tt.crs.FromWGS84(tt.lon, tt.lat)
			if !tt.ok {
				if err == nil || !errors.Is(err, ErrOutOfRange) {
					t.Fatalf("%v.FromWGS84(%v, %v) = %v, %v, %v; want ErrOutOfRange", tt.crs, tt.lon, tt.lat, x, y, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v.FromWGS84(%v, %v): %v", tt.crs, tt.lon, tt.lat, err)
			}
			lon, lat, err := tt.crs.ToWGS84(x, y)
			if err != nil || math.Abs(lon-tt.lon) > 1e-9 || math.Abs(lat-tt.lat) > 1e-9 {
				t.Errorf("round trip %v, %v → %v, %v → %v, %v, %v", tt.lon, tt.lat, x, y, lon, lat, err)
			}
		})
	}
}

// TestCRSSwappedInGermany checks the limits of the swap check: a German
// point given as (lat, lon) has "longitude" 47..55.5 and "latitude"
// 5..15.5, limits included.
func TestCRSSwappedInGermany(t *testing.T) {
	tests := []struct {
		lon, lat float64
		want     bool
	}{
		{47, 5, true}, {55.5, 15.5, true}, {47, 15.5, true}, {55.5, 5, true}, {48.47, 7.85, true},
		{46.99, 10, false}, {55.51, 10, false}, {50, 4.99, false}, {50, 15.51, false},
		{60, 10, false}, // latitude in range, longitude not
		{10, 10, false}, // only the latitude fits
		{7.85, 48.47, false},
	}
	for _, tt := range tests {
		if got := swappedInGermany(tt.lon, tt.lat); got != tt.want {
			t.Errorf("swappedInGermany(%v, %v) = %v, want %v", tt.lon, tt.lat, got, tt.want)
		}
	}
}

// exactPreimage searches, by bisection over float64 values in [lo, hi],
// an argument for which the increasing function f gives exactly target.
func exactPreimage(f func(float64) float64, lo, hi, target float64) (float64, bool) {
	for lo < hi {
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			break
		}
		if f(mid) < target {
			lo = mid
		} else {
			hi = mid
		}
	}
	for _, v := range []float64{lo, hi, math.Nextafter(lo, math.Inf(-1)), math.Nextafter(hi, math.Inf(1))} {
		if f(v) == target {
			return v, true
		}
	}
	return 0, false
}

// TestCRSFromWGS84ExactLimits checks points that project exactly onto the
// limits of a UTM zone: easting 0 and 1000000 are outside (ToWGS84 refuses
// them, so FromWGS84 must not produce them), northing 9400000 is inside.
// The points are found by bisection; where floating point never hits the
// limit exactly the case is skipped.
func TestCRSFromWGS84ExactLimits(t *testing.T) {
	tm := utm[32]
	const lat = 50.0
	east := func(lon float64) float64 { x, _ := tm.forward(lon, lat); return x }
	for _, c := range []struct {
		name           string
		lo, hi, target float64
	}{
		{"easting exactly 0", -10, 9, 0},
		{"easting exactly 1000000", 9, 30, 1e6},
	} {
		t.Run(c.name, func(t *testing.T) {
			lon, ok := exactPreimage(east, c.lo, c.hi, c.target)
			if !ok {
				t.Skip("no float64 longitude projects exactly onto the limit")
			}
			if x, y, err := UTM32.FromWGS84(lon, lat); !errors.Is(err, ErrOutOfRange) {
				t.Errorf("FromWGS84(%v, %v) = %v, %v, %v; want ErrOutOfRange", lon, lat, x, y, err)
			}
		})
	}
	t.Run("northing exactly 9400000", func(t *testing.T) {
		north := func(lat float64) float64 { _, y := tm.forward(9, lat); return y }
		lat, ok := exactPreimage(north, 80, 86, 9400000)
		if !ok {
			t.Skip("no float64 latitude projects exactly onto the limit")
		}
		x, y, err := UTM32.FromWGS84(9, lat)
		if err != nil || x != 500000 || y != 9400000 {
			t.Errorf("FromWGS84(9, %v) = %v, %v, %v; want 500000, 9400000", lat, x, y, err)
		}
	})
}
