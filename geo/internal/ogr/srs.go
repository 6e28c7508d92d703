package ogr

// #include "wrap.h"
import "C"

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"unsafe"
)

// SRS wraps an OGRSpatialReferenceH the caller owns; Transform wraps an
// OGRCoordinateTransformationH to EPSG:4326, both ends in traditional GIS
// axis order (x/easting/longitude first). PROJ chooses the operation: for
// DHDN Gauss-Krüger that is the BETA2007 grid when proj-data is installed.

// SRS is a coordinate reference system (OGRSpatialReference).
type SRS struct {
	h       C.OGRSpatialReferenceH
	cleanup runtime.Cleanup
}

func newSRS(h C.OGRSpatialReferenceH) *SRS {
	s := &SRS{h: h}
	s.cleanup = runtime.AddCleanup(s, releaseSRS, h)
	return s
}

func releaseSRS(h C.OGRSpatialReferenceH) {
	C.ogrw_OSRRelease(h)
}

// NewSRS reads a coordinate reference system from what OSRSetFromUserInput
// accepts: "EPSG:31467", "urn:ogc:def:crs:EPSG::25832", WKT1 or WKT2 text,
// the ESRI WKT of a .prj file (recognised as such), a PROJ string
// ("+proj=utm +zone=32 +ellps=GRS80"), or the path of a local file holding
// one of these. Nothing is fetched over the network.
func NewSRS(userInput string) (*SRS, error) {
	if err := setup(); err != nil {
		return nil, err
	}
	in := strings.TrimSpace(userInput)
	if in == "" {
		return nil, &Error{Op: "read SRS", Msg: "empty definition"}
	}
	log := newLog()
	defer freeLog(log)
	cin := C.CString(in)
	defer C.free(unsafe.Pointer(cin))
	h := C.ogrw_srs_from_input(cin, log)
	if h == nil {
		err := &Error{Op: "read SRS " + quoteShort(in), Msg: C.GoString(&log.err[0])}
		if err.Msg == "" {
			err.Msg = "not a coordinate reference system"
		}
		return nil, err
	}
	return newSRS(h), nil
}

// quoteShort quotes s for a message, shortened to 60 bytes.
func quoteShort(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// Close releases the SRS; it is safe to call twice.
func (s *SRS) Close() {
	if s == nil || s.h == nil {
		return
	}
	s.cleanup.Stop()
	C.ogrw_OSRRelease(s.h)
	s.h = nil
}

// WKT returns the SRS as one-line WKT2 (ISO 19162:2019), "" after Close.
func (s *SRS) WKT() string {
	if s.h == nil {
		return ""
	}
	w := C.ogrw_srs_wkt(s.h)
	runtime.KeepAlive(s)
	if w == nil {
		return ""
	}
	defer C.ogrw_VSIFree(unsafe.Pointer(w))
	return C.GoString(w)
}

// EPSG returns the EPSG code of the SRS: its own authority code, or the
// code of the EPSG system PROJ finds equivalent (OSRFindMatches confidence
// ≥ 90 %, or ≥ 70 % with only the axis order of a geographic CRS
// differing): an ESRI .prj for ETRS89 / UTM zone 32N gives 25832,
// "+proj=longlat +datum=WGS84" 4326. It is 0 if there is none, as for
// Cologne's UTM with false easting 2,500,000.
func (s *SRS) EPSG() int {
	if s.h == nil {
		return 0
	}
	code := int(C.ogrw_srs_epsg(s.h))
	runtime.KeepAlive(s)
	return code
}

// IsGeographic reports whether the SRS is geographic (degrees).
func (s *SRS) IsGeographic() bool {
	if s.h == nil {
		return false
	}
	g := C.ogrw_OSRIsGeographic(s.h) != 0
	runtime.KeepAlive(s)
	return g
}

// Axes returns the number of axes: 2, or 3 for a 3-D system (e.g. a
// projected system with an ellipsoidal height).
func (s *SRS) Axes() int {
	if s.h == nil {
		return 0
	}
	n := int(C.ogrw_OSRGetAxesCount(s.h))
	runtime.KeepAlive(s)
	return n
}

// Name returns the SRS name, e.g. "ETRS89 / UTM zone 32N".
func (s *SRS) Name() string {
	if s.h == nil {
		return ""
	}
	n := C.GoString(C.ogrw_OSRGetName(s.h))
	runtime.KeepAlive(s)
	return n
}

// Transform converts coordinates from one SRS to WGS 84 longitude and
// latitude in degrees.
type Transform struct {
	h       C.OGRCoordinateTransformationH
	log     cLog
	cleanup runtime.Cleanup
}

type transformRes struct {
	h   C.OGRCoordinateTransformationH
	log cLog
}

func (r transformRes) free() {
	C.ogrw_OCTDestroyCoordinateTransformation(r.h)
	freeLog(r.log)
}

// NewToWGS84 returns the transformation from src to WGS 84 (EPSG:4326)
// that PROJ picks as the best for the area of use, with x/easting and
// longitude first on both ends (OAMS_TRADITIONAL_GIS_ORDER). src may be
// closed afterwards.
func NewToWGS84(src *SRS) (*Transform, error) { return newWGS84(src, false) }

// NewFromWGS84 returns the inverse of NewToWGS84: from WGS 84 longitude
// and latitude to dst.
func NewFromWGS84(dst *SRS) (*Transform, error) { return newWGS84(dst, true) }

func newWGS84(src *SRS, inverse bool) (*Transform, error) {
	if src == nil || src.h == nil {
		return nil, fmt.Errorf("%w: no source SRS", ErrClosed)
	}
	inv, op := C.int(0), "transform "+quoteShort(src.Name())+" to WGS 84"
	if inverse {
		inv, op = 1, "transform WGS 84 to "+quoteShort(src.Name())
	}
	log := newLog()
	h := C.ogrw_new_wgs84(src.h, inv, log)
	runtime.KeepAlive(src)
	if h == nil {
		err := lastError(log, op)
		freeLog(log)
		return nil, err
	}
	t := &Transform{h: h, log: log}
	t.cleanup = runtime.AddCleanup(t, transformRes.free, transformRes{h: h, log: log})
	return t, nil
}

// applyChunk bounds the points per C call so that counts fit a C int.
const applyChunk = 1 << 20

// Apply transforms the points (xs[i], ys[i]) in place. If a point fails,
// the error names the first failing index; points that failed hold
// +Inf afterwards and the others are transformed.
func (t *Transform) Apply(xs, ys []float64) error {
	if t.h == nil {
		return ErrClosed
	}
	if len(xs) != len(ys) {
		return fmt.Errorf("ogr: transform: %d x but %d y values", len(xs), len(ys))
	}
	first := -1
	var msg string
	for start := 0; start < len(xs); start += applyChunk {
		end := min(start+applyChunk, len(xs))
		n := end - start
		ok := make([]C.int, n)
		// Go memory goes to C here: allowed, as the slices hold no Go
		// pointers and C keeps no reference after the call.
		C.ogrw_transform(t.h, C.int(n),
			(*C.double)(unsafe.Pointer(&xs[start])), (*C.double)(unsafe.Pointer(&ys[start])),
			&ok[0], t.log)
		if i := slices.Index(ok, 0); i >= 0 && first < 0 {
			first = start + i
			msg = C.GoString(&t.log.err[0])
		}
	}
	runtime.KeepAlive(t)
	if first >= 0 {
		return &Error{Op: fmt.Sprintf("transform point %d", first), Msg: msg}
	}
	return nil
}

// Close releases the transformation; it is safe to call twice.
func (t *Transform) Close() {
	if t == nil || t.h == nil {
		return
	}
	t.cleanup.Stop()
	transformRes{h: t.h, log: t.log}.free()
	t.h, t.log = nil, nil
}
