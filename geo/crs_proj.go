package geo

import (
	"fmt"
	"math"
	"sync"

	"gigaplan/geo/internal/ogr"
)

// Systems other than WGS84, UTM 32/33 and Web Mercator are transformed by
// PROJ through GDAL's OSR (geo/internal/ogr): Gauss-Krüger (DHDN, EPSG:
// 31466–31469) goes to ETRS89 with the BeTA2007 grid where PROJ finds it
// (Debian's proj-data ships BETA2007.gsb; about 0.1–1 m), else with PROJ's
// 7-parameter Helmert fallback for Germany (about 1–3 m). The pure-Go
// UTM path stays: it is exact to the millimetre and needs no cgo call per
// point.

// projCRS transforms one EPSG system with PROJ. OSR transformations are
// not safe for concurrent use, so each direction has a mutex.
type projCRS struct {
	code      CRS
	projected bool
	name      string

	mu       sync.Mutex
	toWGS    *ogr.Transform
	fromWGS  *ogr.Transform
	xs1, ys1 [1]float64
}

var (
	projMu    sync.Mutex
	projCache = map[CRS]*projCRS{}
	projErrs  = map[CRS]error{}
)

// projFor returns the PROJ transformation of c, made once.
func projFor(c CRS) (*projCRS, error) {
	if c <= 0 || c > 1_000_000 {
		return nil, fmt.Errorf("%s is not an EPSG code", c)
	}
	projMu.Lock()
	defer projMu.Unlock()
	if t, ok := projCache[c]; ok {
		return t, nil
	}
	if err, ok := projErrs[c]; ok {
		return nil, err
	}
	t, err := newProjCRS(c)
	if err != nil {
		projErrs[c] = err
		return nil, err
	}
	projCache[c] = t
	return t, nil
}

func newProjCRS(c CRS) (*projCRS, error) {
	src, err := ogr.NewSRS(c.String())
	if err != nil {
		return nil, err
	}
	defer src.Close()
	if src.Axes() > 2 {
		return nil, fmt.Errorf("%s is not a two-dimensional system", c)
	}
	to, err := ogr.NewToWGS84(src)
	if err != nil {
		return nil, err
	}
	from, err := ogr.NewFromWGS84(src)
	if err != nil {
		to.Close()
		return nil, err
	}
	return &projCRS{code: c, projected: !src.IsGeographic(), name: src.Name(), toWGS: to, fromWGS: from}, nil
}

func (t *projCRS) toWGS84(x, y float64) (lon, lat float64, err error) {
	if t.projected && math.Abs(x) <= 180 && math.Abs(y) <= 90 {
		return 0, 0, outOfRange("coordinate (%s, %s) looks like WGS84 degrees, not %s (%s) metres; set the coordinate system to EPSG:4326", fmtCoord(x), fmtCoord(y), t.code, t.name)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.xs1[0], t.ys1[0] = x, y
	if err := t.toWGS.Apply(t.xs1[:], t.ys1[:]); err != nil {
		return 0, 0, outOfRange("coordinate (%s, %s) cannot be transformed from %s (%s): %v", fmtCoord(x), fmtCoord(y), t.code, t.name, err)
	}
	lon, lat = t.xs1[0], t.ys1[0]
	if !finite(lon, lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return 0, 0, outOfRange("coordinate (%s, %s) is outside the range of %s (%s)", fmtCoord(x), fmtCoord(y), t.code, t.name)
	}
	return lon, lat, nil
}

func (t *projCRS) fromWGS84(lon, lat float64) (x, y float64, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.xs1[0], t.ys1[0] = lon, lat
	if err := t.fromWGS.Apply(t.xs1[:], t.ys1[:]); err != nil {
		return 0, 0, outOfRange("coordinate (%s, %s) cannot be transformed to %s (%s): %v", fmtCoord(lon), fmtCoord(lat), t.code, t.name, err)
	}
	return t.xs1[0], t.ys1[0], nil
}
