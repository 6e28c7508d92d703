package geo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// CRS is a coordinate reference system, identified by its EPSG code.
//
// Only the systems German address and area files use are supported; the
// transformations are pure Go (no PROJ): transverse Mercator on the GRS80
// ellipsoid with Krüger's n-series to sixth order (Karney 2011, the series
// PROJ's "tmerc" uses), accurate to far below a millimetre within a UTM
// zone. ETRS89 and WGS84 are treated as identical, which is right to a few
// decimetres and the convention of every German address file.
type CRS int

// The supported coordinate reference systems.
const (
	WGS84       CRS = 4326  // longitude, latitude in degrees
	UTM32       CRS = 25832 // ETRS89 / UTM zone 32N (Baden-Württemberg and most of Germany)
	UTM33       CRS = 25833 // ETRS89 / UTM zone 33N (Berlin, Brandenburg, Mecklenburg-Vorpommern, Saxony)
	UTM32Zoned  CRS = 4647  // ETRS89 / UTM zone 32N with the zone prefixed to the easting (32415000)
	WebMercator CRS = 3857  // spherical Web Mercator, metres
	GK2         CRS = 31466 // DHDN / 3-degree Gauss-Krüger zone 2 (western NRW)
	GK3         CRS = 31467 // DHDN / 3-degree Gauss-Krüger zone 3 (Baden-Württemberg, most of the west)
	GK4         CRS = 31468 // DHDN / 3-degree Gauss-Krüger zone 4 (Bavaria, the east)
	GK5         CRS = 31469 // DHDN / 3-degree Gauss-Krüger zone 5
	LAEA        CRS = 3035  // ETRS89-extended / LAEA Europe (EU statistics grids)
)

// CRSs lists the systems known by name in a stable order. Any other EPSG
// code PROJ knows is accepted too (see Supported).
var CRSs = []CRS{WGS84, UTM32, UTM33, UTM32Zoned, WebMercator, GK2, GK3, GK4, GK5, LAEA}

// ParseCRS reads a CRS from the spellings found in files and on command
// lines: "EPSG:25832", "epsg:25832", "25832", "urn:ogc:def:crs:EPSG::25832",
// "urn:ogc:def:crs:OGC:1.3:CRS84", "CRS84" and
// "http://www.opengis.net/def/crs/EPSG/0/25832". An unsupported or
// unreadable system is an *Error with code EINVALID wrapping ErrUnknownCRS.
func ParseCRS(s string) (CRS, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	var code string
	switch {
	case t == "crs84" || t == "ogc:crs84" || strings.HasSuffix(t, ":crs84") || strings.HasSuffix(t, "/crs84") || t == "wgs84":
		return WGS84, nil
	case strings.HasPrefix(t, "urn:ogc:def:crs:epsg:"):
		// urn:ogc:def:crs:EPSG::25832 or urn:ogc:def:crs:EPSG:6.6:25832
		code = t[strings.LastIndexByte(t, ':')+1:]
	case strings.HasPrefix(t, "http://www.opengis.net/def/crs/epsg/") || strings.HasPrefix(t, "https://www.opengis.net/def/crs/epsg/"):
		code = t[strings.LastIndexByte(t, '/')+1:]
	case strings.HasPrefix(t, "epsg:"):
		code = t[len("epsg:"):]
	default:
		code = t
	}
	n, err := strconv.Atoi(code)
	if err == nil {
		c := CRS(n)
		if c == 900913 || c == 3785 || c == 102100 {
			c = WebMercator // old aliases of 3857
		}
		if c.valid() {
			return c, nil
		}
	}
	return 0, Errorf(EINVALID, "Koordinatensystem %q wird nicht unterstützt (erwartet: ein EPSG-Code eines zweidimensionalen Systems, das PROJ kennt, z. B. EPSG:4326, EPSG:25832, EPSG:25833, EPSG:4647, EPSG:31467 oder EPSG:3035): %w", s, ErrUnknownCRS)
}

// String returns "EPSG:<code>".
func (c CRS) String() string { return "EPSG:" + strconv.Itoa(int(c)) }

// valid reports whether c is a supported system: computed here (WGS84,
// UTM 32/33, Web Mercator) or through PROJ.
func (c CRS) valid() bool {
	switch c {
	case WGS84, UTM32, UTM33, UTM32Zoned, WebMercator:
		return true
	}
	_, err := projFor(c)
	return err == nil
}

// utmZone returns the UTM zone of c, or 0.
func (c CRS) utmZone() int {
	switch c {
	case UTM32, UTM32Zoned:
		return 32
	case UTM33:
		return 33
	}
	return 0
}

func (c CRS) unknown() error {
	return Errorf(EINVALID, "Koordinatensystem %s wird nicht unterstützt: %w", c, ErrUnknownCRS)
}

// outOfRange returns an *Error EINVALID wrapping ErrOutOfRange.
func outOfRange(format string, args ...any) error {
	return &Error{Code: EINVALID, Message: fmt.Sprintf(format, args...), Err: ErrOutOfRange}
}

func finite(v ...float64) bool {
	for _, f := range v {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

// fmtCoord formats a coordinate for messages without exponent noise.
func fmtCoord(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// checkWGS84 validates longitude and latitude in degrees.
func checkWGS84(lon, lat float64) error {
	if !finite(lon, lat) {
		return outOfRange("coordinate (%s, %s) is not a number", fmtCoord(lon), fmtCoord(lat))
	}
	if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		if lat < -180 || lat > 180 || lon < -90 || lon > 90 {
			if (math.Abs(lon) > 1000 || math.Abs(lat) > 1000) && math.Abs(lon) < 1e8 && math.Abs(lat) < 1e8 {
				return outOfRange("coordinate (%s, %s) is not in degrees (EPSG:4326): it looks like projected metres, e.g. UTM (EPSG:25832); set the coordinate system", fmtCoord(lon), fmtCoord(lat))
			}
			return outOfRange("coordinate (%s, %s) is out of range: longitude must be within -180..180 and latitude within -90..90", fmtCoord(lon), fmtCoord(lat))
		}
		return outOfRange("latitude %s is out of range (-90..90); latitude and longitude appear to be swapped: longitude comes first", fmtCoord(lat))
	}
	return nil
}

// swappedInGermany reports whether (lon, lat) looks like a German point
// given as (lat, lon): longitude 47..55 and latitude 5..15.
func swappedInGermany(lon, lat float64) bool {
	return lon >= 47 && lon <= 55.5 && lat >= 5 && lat <= 15.5
}

// errSwapped is the error for swappedInGermany.
func errSwapped(lon, lat float64) error {
	return outOfRange("coordinate (%s, %s): latitude and longitude appear to be swapped (longitude must come first; a German address has longitude 5..15 and latitude 47..55)", fmtCoord(lon), fmtCoord(lat))
}

// ToWGS84 converts x, y in c to WGS84 longitude and latitude in degrees.
//
// For UTM an easting with the zone number prefixed (32415000 for 415000) is
// accepted when the prefix is c's zone; EPSG:4647 eastings carry the prefix
// 32 (an unprefixed easting is accepted too). Coordinates outside the
// system's range are an *Error EINVALID wrapping ErrOutOfRange whose
// message says what looks wrong (swapped latitude and longitude, degrees
// given for a projected system, a zone prefix of another zone).
func (c CRS) ToWGS84(x, y float64) (lon, lat float64, err error) {
	if !finite(x, y) {
		return 0, 0, outOfRange("coordinate (%s, %s) is not a number", fmtCoord(x), fmtCoord(y))
	}
	switch c {
	case WGS84:
		if err := checkWGS84(x, y); err != nil {
			return 0, 0, err
		}
		return x, y, nil
	case WebMercator:
		const lim = math.Pi * sphereR
		if math.Abs(x) <= 180 && math.Abs(y) <= 90 && (x != 0 || y != 0) {
			return 0, 0, outOfRange("coordinate (%s, %s) looks like WGS84 degrees, not %s metres; set the coordinate system to EPSG:4326", fmtCoord(x), fmtCoord(y), c)
		}
		if math.Abs(x) > lim*1.0000001 || math.Abs(y) > lim*1.0000001 {
			return 0, 0, outOfRange("coordinate (%s, %s) is outside the Web Mercator range (±%.0f m)", fmtCoord(x), fmtCoord(y), lim)
		}
		lon = x / sphereR * 180 / math.Pi
		lat = math.Atan(math.Sinh(y/sphereR)) * 180 / math.Pi
		return math.Max(-180, math.Min(180, lon)), lat, nil
	case UTM32, UTM33, UTM32Zoned:
		zone := c.utmZone()
		e, err := c.stripZone(x, y, zone)
		if err != nil {
			return 0, 0, err
		}
		if y < 0 || y > 9400000 {
			return 0, 0, outOfRange("northing %s is out of range for %s (0..9400000 m)", fmtCoord(y), c)
		}
		lon, lat = utm[zone].inverse(e, y)
		return lon, lat, nil
	}
	t, err := projFor(c)
	if err != nil {
		return 0, 0, c.unknown()
	}
	return t.toWGS84(x, y)
}

// stripZone validates a UTM easting and removes a zone prefix.
func (c CRS) stripZone(x, y float64, zone int) (float64, error) {
	if math.Abs(x) <= 180 && math.Abs(y) <= 90 {
		return 0, outOfRange("coordinate (%s, %s) looks like WGS84 degrees, not %s metres; set the coordinate system to EPSG:4326", fmtCoord(x), fmtCoord(y), c)
	}
	if x >= 1e7 && x < 1e8 {
		prefix := int(x / 1e6)
		if prefix != zone {
			return 0, outOfRange("easting %s carries the zone prefix %d but %s is UTM zone %d", fmtCoord(x), prefix, c, zone)
		}
		x -= float64(zone) * 1e6
	}
	// UTM eastings are 166000..834000 within a zone; files extend zones
	// across Germany (Görlitz is at about 920000 in zone 32), so accept
	// 10000..1000000.
	if x < 1e4 || x >= 1e6 {
		if c == UTM32Zoned {
			return 0, outOfRange("easting %s is out of range for %s (32000000..33000000, the zone 32 prefixed to a UTM easting)", fmtCoord(x), c)
		}
		return 0, outOfRange("easting %s is out of range for %s (10000..1000000 m, or with the zone prefix %d000000..%d000000)", fmtCoord(x), c, zone, zone+1)
	}
	return x, nil
}

// FromWGS84 converts WGS84 longitude and latitude in degrees to c. For
// EPSG:4647 the easting carries the zone prefix 32. Errors as ToWGS84.
func (c CRS) FromWGS84(lon, lat float64) (x, y float64, err error) {
	if err := checkWGS84(lon, lat); err != nil {
		return 0, 0, err
	}
	switch c {
	case WGS84:
		return lon, lat, nil
	case WebMercator:
		const maxLat = 85.0511287798066
		if math.Abs(lat) > maxLat {
			return 0, 0, outOfRange("latitude %s is outside the Web Mercator range (±%.4f)", fmtCoord(lat), maxLat)
		}
		x = sphereR * lon * math.Pi / 180
		y = sphereR * math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))
		return x, y, nil
	case UTM32, UTM33, UTM32Zoned:
		zone := c.utmZone()
		t := utm[zone]
		if math.Abs(lon-t.lon0) > 30 || lat < -1 {
			return 0, 0, outOfRange("coordinate (%s, %s) is too far from UTM zone %d to project into %s", fmtCoord(lon), fmtCoord(lat), zone, c)
		}
		x, y = t.forward(lon, lat)
		if x <= 0 || x >= 1e6 || y < 0 || y > 9400000 {
			return 0, 0, outOfRange("coordinate (%s, %s) is too far from UTM zone %d to project into %s", fmtCoord(lon), fmtCoord(lat), zone, c)
		}
		if c == UTM32Zoned {
			x += 32e6
		}
		return x, y, nil
	}
	t, err := projFor(c)
	if err != nil {
		return 0, 0, c.unknown()
	}
	return t.fromWGS84(lon, lat)
}

// sphereR is the Web Mercator sphere radius.
const sphereR = 6378137.0

// GRS80 ellipsoid.
const (
	grs80A    = 6378137.0
	grs80InvF = 298.257222101
)

// utm holds the transverse Mercator projections of the supported zones.
var utm = map[int]*tmerc{
	32: newTMerc(grs80A, grs80InvF, 0.9996, 9, 0, 500000, 0),
	33: newTMerc(grs80A, grs80InvF, 0.9996, 15, 0, 500000, 0),
}

// tmerc is a transverse Mercator projection on an ellipsoid, computed with
// Krüger's series in the third flattening n to order n^6 (C. F. F. Karney,
// "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy
// 85 (2011), eqs. 9-11, 35-36; the coefficients are those of PROJ's tmerc
// and GeographicLib's TransverseMercator at order 6).
type tmerc struct {
	k0, lon0, fe, fn float64
	e, e2, aHat      float64 // eccentricity, its square, rectifying radius A
	m0               float64 // A·ξ of the latitude of origin (0 for UTM)
	alpha, beta      [7]float64
}

func newTMerc(a, invF, k0, lon0, lat0, fe, fn float64) *tmerc {
	f := 1 / invF
	n := f / (2 - f)
	n2 := n * n
	n3 := n2 * n
	n4, n5, n6 := n2*n2, n2*n3, n3*n3
	t := &tmerc{k0: k0, lon0: lon0, fe: fe, fn: fn}
	t.e2 = f * (2 - f)
	t.e = math.Sqrt(t.e2)
	t.aHat = a / (1 + n) * (1 + n2/4 + n4/64 + n6/256)
	t.alpha = [7]float64{0,
		n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180 - 127*n5/288 + 7891*n6/37800,
		13*n2/48 - 3*n3/5 + 557*n4/1440 + 281*n5/630 - 1983433*n6/1935360,
		61*n3/240 - 103*n4/140 + 15061*n5/26880 + 167603*n6/181440,
		49561*n4/161280 - 179*n5/168 + 6601661*n6/7257600,
		34729*n5/80640 - 3418889*n6/1995840,
		212378941 * n6 / 319334400,
	}
	t.beta = [7]float64{0,
		n/2 - 2*n2/3 + 37*n3/96 - n4/360 - 81*n5/512 + 96199*n6/604800,
		n2/48 + n3/15 - 437*n4/1440 + 46*n5/105 - 1118711*n6/3870720,
		17*n3/480 - 37*n4/840 - 209*n5/4480 + 5569*n6/90720,
		4397*n4/161280 - 11*n5/504 - 830251*n6/7257600,
		4583*n5/161280 - 108847*n6/3991680,
		20648693 * n6 / 638668800,
	}
	if lat0 != 0 {
		xi, _ := t.xiEta(lat0*math.Pi/180, 0)
		t.m0 = t.aHat * xi
	}
	return t
}

// conformal returns tan of the conformal latitude for tau = tan(φ).
func (t *tmerc) conformal(tau float64) float64 {
	sigma := math.Sinh(t.e * math.Atanh(t.e*tau/math.Hypot(1, tau)))
	return tau*math.Hypot(1, sigma) - sigma*math.Hypot(1, tau)
}

// xiEta returns the scaled Gauss-Krüger coordinates ξ, η of latitude phi
// and longitude difference lam (radians).
func (t *tmerc) xiEta(phi, lam float64) (xi, eta float64) {
	tauP := t.conformal(math.Tan(phi))
	xiP := math.Atan2(tauP, math.Cos(lam))
	etaP := math.Asinh(math.Sin(lam) / math.Hypot(tauP, math.Cos(lam)))
	xi, eta = xiP, etaP
	for j := 1; j <= 6; j++ {
		k := 2 * float64(j)
		xi += t.alpha[j] * math.Sin(k*xiP) * math.Cosh(k*etaP)
		eta += t.alpha[j] * math.Cos(k*xiP) * math.Sinh(k*etaP)
	}
	return xi, eta
}

// forward projects longitude and latitude in degrees.
func (t *tmerc) forward(lon, lat float64) (x, y float64) {
	xi, eta := t.xiEta(lat*math.Pi/180, (lon-t.lon0)*math.Pi/180)
	return t.fe + t.k0*t.aHat*eta, t.fn + t.k0*(t.aHat*xi-t.m0)
}

// inverse returns longitude and latitude in degrees of projected x, y.
func (t *tmerc) inverse(x, y float64) (lon, lat float64) {
	xi := (y - t.fn + t.k0*t.m0) / (t.k0 * t.aHat)
	eta := (x - t.fe) / (t.k0 * t.aHat)
	xiP, etaP := xi, eta
	for j := 1; j <= 6; j++ {
		k := 2 * float64(j)
		xiP -= t.beta[j] * math.Sin(k*xi) * math.Cosh(k*eta)
		etaP -= t.beta[j] * math.Cos(k*xi) * math.Sinh(k*eta)
	}
	sxi, cxi := math.Sincos(xiP)
	sheta := math.Sinh(etaP)
	tauP := sxi / math.Hypot(sheta, cxi)
	lam := math.Atan2(sheta, cxi)
	// Newton's method for tau = tan(φ) from tau' (Karney eqs. 19-21).
	tau := tauP
	for i := 0; i < 10; i++ {
		tp := t.conformal(tau)
		d := (tauP - tp) / math.Hypot(1, tp) * (1 + (1-t.e2)*tau*tau) / ((1 - t.e2) * math.Hypot(1, tau))
		tau += d
		if math.Abs(d) < 1e-14*math.Max(1, math.Abs(tau)) || math.IsNaN(d) {
			break
		}
	}
	lat = math.Atan(tau) * 180 / math.Pi
	lon = t.lon0 + lam*180/math.Pi
	return lon, lat
}

// sourceCoords returns the coordinates to keep as an address's source
// (Address.SrcCRS): those of a projected system with an EPSG code, with a
// UTM zone prefix taken off (EPSG:4647 becomes EPSG:25832); 0 for WGS84,
// a geographic system or no code.
func sourceCoords(c CRS, x, y float64) (CRS, float64, float64) {
	switch c {
	case 0, WGS84:
		return 0, 0, 0
	case UTM32Zoned:
		if x >= 1e7 {
			x -= 32e6
		}
		return UTM32, x, y
	case UTM32, UTM33:
		if x >= 1e7 {
			x -= float64(c.utmZone()) * 1e6
		}
		return c, x, y
	case WebMercator:
		return c, x, y
	}
	if t, err := projFor(c); err == nil && t.projected {
		return c, x, y
	}
	return 0, 0, 0
}
