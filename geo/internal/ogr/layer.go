package ogr

// #include "wrap.h"
import "C"

import (
	"iter"
	"runtime"
	"unsafe"
)

// Features reads through one C helper per feature (ogrw_next), which
// copies values, the FID and the 2D linear ISO WKB into C buffers that
// goFeature copies into Go memory.

// Layer is one layer of a Dataset. It is valid until the Dataset is closed.
type Layer struct {
	d    *Dataset
	h    C.OGRLayerH
	name string
}

// Feature is one feature of a Layer.
type Feature struct {
	// FID is the feature id the driver gives (0-based record number for
	// Shapefiles, the OSM id for OSM), -1 if it has none.
	FID int64
	// Values holds the attribute values as strings in Fields() order, ""
	// where Null is true (unset or null).
	Values []string
	Null   []bool
	// WKB is the geometry as ISO WKB (little-endian), forced to 2D and with
	// curves approximated by line segments, in the layer's SRS; nil when
	// the feature has no geometry.
	WKB []byte
}

// Name returns the layer name.
func (l *Layer) Name() string {
	return l.name
}

// Fields returns the attribute field names in order.
func (l *Layer) Fields() []string {
	if l.d.h == nil {
		return nil
	}
	csl := C.ogrw_layer_fields(l.h)
	defer C.ogrw_CSLDestroy(csl)
	runtime.KeepAlive(l)
	return goStrings(csl)
}

// geometryTypes names OGR's flat geometry types (ogr_core.h).
var geometryTypes = map[C.OGRwkbGeometryType]string{
	C.wkbUnknown:            "Unknown",
	C.wkbPoint:              "Point",
	C.wkbLineString:         "LineString",
	C.wkbPolygon:            "Polygon",
	C.wkbMultiPoint:         "MultiPoint",
	C.wkbMultiLineString:    "MultiLineString",
	C.wkbMultiPolygon:       "MultiPolygon",
	C.wkbGeometryCollection: "GeometryCollection",
	C.wkbCircularString:     "CircularString",
	C.wkbCompoundCurve:      "CompoundCurve",
	C.wkbCurvePolygon:       "CurvePolygon",
	C.wkbMultiCurve:         "MultiCurve",
	C.wkbMultiSurface:       "MultiSurface",
	C.wkbCurve:              "Curve",
	C.wkbSurface:            "Surface",
	C.wkbPolyhedralSurface:  "PolyhedralSurface",
	C.wkbTIN:                "TIN",
	C.wkbTriangle:           "Triangle",
	C.wkbNone:               "None",
	C.wkbLinearRing:         "LinearRing",
}

// GeometryType returns the geometry type the layer declares, without
// Z or M: "Point", "LineString", "Polygon", "MultiPoint",
// "MultiLineString", "MultiPolygon", "GeometryCollection", the curve types
// ("MultiSurface", ...), "None" for a table without geometry, or "Unknown"
// for mixed types.
func (l *Layer) GeometryType() string {
	if l.d.h == nil {
		return "Unknown"
	}
	t := C.ogrw_layer_geom_type(l.h)
	runtime.KeepAlive(l)
	if name, ok := geometryTypes[t]; ok {
		return name
	}
	return "Unknown"
}

// SRS returns the layer's coordinate reference system, nil when the layer
// declares none. The caller owns it and should Close it.
func (l *Layer) SRS() *SRS {
	if l.d.h == nil {
		return nil
	}
	h := C.ogrw_layer_srs(l.h)
	runtime.KeepAlive(l)
	if h == nil {
		return nil
	}
	return newSRS(h)
}

// FeatureCount returns the number of features if the driver knows it
// cheaply, else -1 (always -1 for OSM).
func (l *Layer) FeatureCount() int64 {
	if l.d.h == nil {
		return -1
	}
	n := int64(C.ogrw_OGR_L_GetFeatureCount(l.h, 0))
	runtime.KeepAlive(l)
	return n
}

// Features iterates the layer from the start. A read error is yielded
// once, and ends the iteration. For an OSM file, read one layer at a time:
// starting Features on a layer makes the driver skip all other layers, so
// any file size works (each layer is one pass over the file).
func (l *Layer) Features() iter.Seq2[Feature, error] {
	return func(yield func(Feature, error) bool) {
		d := l.d
		if d.h == nil {
			yield(Feature{}, ErrClosed)
			return
		}
		if d.driver == DriverOSM {
			cn := C.CString(l.name)
			ok := C.ogrw_set_interest(d.h, cn, d.log)
			C.free(unsafe.Pointer(cn))
			if ok == 0 {
				yield(Feature{}, lastError(d.log, "select OSM layer "+l.name))
				return
			}
		} else {
			C.ogrw_reset_reading(l.h, d.log)
		}
		f := (*C.ogrw_feature)(C.calloc(1, C.sizeof_ogrw_feature))
		defer func() {
			C.ogrw_feature_clear(f)
			C.free(unsafe.Pointer(f))
		}()
		for {
			if d.h == nil {
				yield(Feature{}, ErrClosed)
				return
			}
			switch C.ogrw_next(l.h, f, d.log) {
			case 0:
				return
			case -1:
				yield(Feature{}, lastError(d.log, "read layer "+l.name))
				return
			}
			if !yield(goFeature(f), nil) {
				return
			}
		}
	}
}

// goFeature copies f into Go memory.
func goFeature(f *C.ogrw_feature) Feature {
	n := int(f.nfields)
	out := Feature{FID: int64(f.fid), Values: make([]string, n), Null: make([]bool, n)}
	if n > 0 {
		for i, p := range unsafe.Slice(f.values, n) {
			if p == nil {
				out.Null[i] = true
			} else {
				out.Values[i] = C.GoString(p)
			}
		}
	}
	if f.wkb != nil {
		out.WKB = C.GoBytes(unsafe.Pointer(f.wkb), C.int(f.wkblen))
	}
	return out
}
