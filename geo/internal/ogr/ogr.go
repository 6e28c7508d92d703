// Package ogr is a thin cgo wrapper over GDAL/OGR's C API (GDAL 3.6 as in
// Debian bookworm): it reads the vector files the address and area
// importers accept (ESRI Shapefile, also zipped; GeoPackage; GML; OSM XML
// and PBF) and transforms coordinates through GDAL's OSR (PROJ underneath).
// KML and GeoJSON are read elsewhere, in pure Go.
//
// Files: ogr.go (set-up, errors), dataset.go (Open, OpenBytes, zip
// archives), layer.go (layers and features), srs.go (SRS and Transform),
// othertags.go (the OSM driver's other_tags column), wrap.c and wrap.h
// (the C side: each helper is one cgo call, which keeps GDAL's
// thread-local error state and handler on one OS thread), gdal_fns.h,
// gdal_dl.h and gdal_dl.c (GDAL is not linked but opened with dlopen on
// the package's first use, so that a process reading no such file does
// not load GDAL and its hundred libraries; only its headers are needed
// to build).
//
// Rules the package enforces:
//   - Only the drivers "ESRI Shapefile", "GPKG", "GML" and "OSM" may open a
//     file, and only local, /vsizip/ and /vsimem/ paths are accepted.
//   - Nothing touches the network: every GDAL HTTP request is answered with
//     an error, PROJ's network grids are off, GML schemas are not
//     downloaded, and no .gfs file is written next to a GML input.
//   - GDAL never prints to stderr: warnings are kept per dataset
//     (Dataset.Warnings) and errors are returned with GDAL's message. An
//     error GDAL reports while opening fails the open, even where GDAL
//     itself would go on and read nothing (a broken GML file).
//   - Shapefile text is UTF-8: GDAL recodes it from the .cpg encoding or
//     the DBF language driver; "ANSI" (0x57) means Windows-1252 here, not
//     GDAL's ISO-8859-1. A .cpg that lies gives invalid UTF-8, which
//     callers should check for and then retry with Options.Encoding.
//
// Concurrency: a Dataset (with its Layers), an SRS or a Transform must be
// used by one goroutine at a time; distinct objects may be used from
// several goroutines at once. Close releases the C memory; it is safe to
// call twice, and a cleanup closes forgotten objects after garbage
// collection as a safety net only.
package ogr

// #cgo CFLAGS: -I/usr/include/gdal
// #cgo LDFLAGS: -ldl
// #include "wrap.h"
import "C"

import (
	"errors"
	"fmt"
	"sync"
	"unsafe"
)

// Sentinel errors; errors from GDAL are *Error.
var (
	// ErrClosed is returned when a closed Dataset, SRS or Transform is used.
	ErrClosed = errors.New("ogr: object is closed")
	// ErrUnsupported is returned for a path or file no allowed driver
	// reads.
	ErrUnsupported = errors.New("ogr: unsupported file")
)

// Error is a failed GDAL call: Op says what was attempted, Msg is GDAL's
// own message (CPLGetLastErrorMsg), empty when GDAL gave none.
type Error struct {
	Op  string
	Msg string
}

func (e *Error) Error() string {
	if e.Msg == "" {
		return "ogr: " + e.Op + " failed"
	}
	return "ogr: " + e.Op + ": " + e.Msg
}

var (
	initOnce sync.Once
	initErr  error
)

// setup loads GDAL, registers its drivers and installs the quiet error
// handler and the network block, once per process. Every entry point of
// the package calls it first; it fails when GDAL cannot be loaded.
func setup() error {
	initOnce.Do(func() {
		var msg [512]C.char
		if C.ogrw_load(&msg[0], C.size_t(len(msg))) != 0 {
			initErr = &Error{Op: "load GDAL", Msg: C.GoString(&msg[0])}
			return
		}
		C.ogrw_init()
	})
	return initErr
}

// cLog is the C-side ogrw_log of one object.
type cLog = *C.ogrw_log

func newLog() cLog {
	return (cLog)(C.calloc(1, C.sizeof_ogrw_log))
}

func freeLog(l cLog) {
	C.free(unsafe.Pointer(l))
}

// lastError returns the failure recorded by the last call on l as an
// *Error for op.
func lastError(l cLog, op string) error {
	return &Error{Op: op, Msg: C.GoString(&l.err[0])}
}

// failed reports whether the last call on l recorded a failure.
func failed(l cLog) bool {
	return l.err[0] != 0
}

// warnings returns the last warnings recorded in l, oldest first.
func warnings(l cLog) []string {
	n := int(l.nwarn)
	first := max(0, n-C.OGRW_NWARN)
	out := make([]string, 0, n-first)
	for i := first; i < n; i++ {
		out = append(out, C.GoString(&l.warn[i%C.OGRW_NWARN][0]))
	}
	return out
}

// cStrings converts a Go string list to a NULL-terminated C string list
// (a CSL); free it with C.CSLDestroy.
func cStrings(list []string) **C.char {
	var csl **C.char
	for _, s := range list {
		cs := C.CString(s)
		csl = C.ogrw_CSLAddString(csl, cs)
		C.free(unsafe.Pointer(cs))
	}
	return csl
}

// goStrings converts a CSL to Go strings without freeing it.
func goStrings(csl **C.char) []string {
	n := int(C.ogrw_CSLCount(csl))
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i, p := range unsafe.Slice(csl, n) {
		out[i] = C.GoString(p)
	}
	return out
}

// httpProbe fetches url through GDAL's HTTP layer and returns the error it
// got ("" if the request went through). Tests use it to show the network
// is off.
func httpProbe(url string) string {
	if err := setup(); err != nil {
		return err.Error()
	}
	cu := C.CString(url)
	defer C.free(unsafe.Pointer(cu))
	msg := C.ogrw_http_probe(cu)
	if msg == nil {
		return ""
	}
	defer C.ogrw_VSIFree(unsafe.Pointer(msg))
	return C.GoString(msg)
}

func opError(op, path string, l cLog) error {
	return lastError(l, fmt.Sprintf("%s %s", op, path))
}
