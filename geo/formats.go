package geo

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gigaplan/geo/internal/ogr"
)

// Readers, chosen by measurement and by who maintains them (see
// geo/README.md, "Readers"):
//   - GeoJSON, CSV, HK-DE: our own streaming readers (stdlib).
//   - KML/KMZ: our own (encoding/xml), because GDAL's drivers lose real
//     files' attributes (see kml.go).
//   - Shapefile, GeoPackage, GML, OSM XML/PBF: GDAL/OGR through cgo
//     (geo/internal/ogr; Debian's libgdal, GDAL 3.6), the field's standard:
//     .prj/.cpg/DBF code pages, GML application schemas and OSM
//     multipolygon assembly are where hand-written readers go wrong.
//   - XLSX: excelize (already used for the reports).

// The formats the readers report.
const (
	formatKML       = "KML"
	formatKMZ       = "KMZ"
	formatShapefile = "Shapefile"
	formatGPKG      = "GeoPackage"
	formatGML       = "GML"
	formatOSM       = "OSM"
	formatXLSX      = "XLSX"
)

// maxWholeFile bounds the formats that must be read whole (zip archives,
// GeoPackage, GML, OSM, XLSX) before GDAL or excelize can open them.
const maxWholeFile = 1 << 30

// sniffed is what the start of a file says it is.
type sniffed int

const (
	sniffText sniffed = iota // CSV or HK-DE
	sniffGeoJSON
	sniffKML
	sniffZip // Shapefile, KMZ, XLSX or a zipped GeoPackage/GML/OSM
	sniffGPKG
	sniffGML
	sniffOSMXML
	sniffPBF
	sniffSHP
	sniffXMLOther
	sniffXLS
)

// sniff tells the format of a file from its first bytes.
func sniff(head []byte) sniffed {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return sniffZip
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return sniffGPKG
	case len(head) >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x27 && head[3] == 0x0a:
		return sniffSHP
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return sniffXLS
	case len(head) > 8 && bytes.Contains(head[:min(len(head), 24)], []byte("OSMHeader")):
		return sniffPBF
	}
	switch firstNonSpace(head) {
	case '{':
		return sniffGeoJSON
	case '<':
		h := head[:min(len(head), 4096)]
		switch {
		case bytes.Contains(h, []byte("<kml")):
			return sniffKML
		case bytes.Contains(h, []byte("<osm")):
			return sniffOSMXML
		case bytes.Contains(h, []byte("gml")) || bytes.Contains(h, []byte("FeatureCollection")):
			return sniffGML
		}
		return sniffXMLOther
	}
	return sniffText
}

// openVector opens a file of one of the formats that are not streamed
// (everything but GeoJSON, CSV, HK-DE and KML) as a vecSource, or as rows
// of a table (XLSX). close releases what it holds.
func (p *parser) openVector(kind sniffed, br *bufio.Reader, areas bool) (src vecSource, table *tableSource, close func(), err error) {
	close = func() {}
	switch kind {
	case sniffXLS:
		return src, nil, close, p.fileErr("", nil, "this is an old Excel file (.xls); save it as .xlsx or CSV")
	case sniffXMLOther:
		return src, nil, close, p.fileErr("", nil, "an XML file that is neither KML, GML nor OSM")
	case sniffSHP:
		// A .shp alone cannot be read; on disk its siblings are next to it.
		if _, serr := os.Stat(p.name); p.opt.LocalFiles && serr == nil && strings.EqualFold(filepath.Ext(p.name), ".shp") {
			src, close, err := p.ogrOpen(func() (*ogr.Dataset, error) {
				return ogr.OpenWith(p.name, ogr.Options{Encoding: p.ogrEncoding()})
			}, areas)
			return src, nil, close, err
		}
		return src, nil, close, p.fileErr("", nil, "a Shapefile's .shp alone holds no attributes and no coordinate system: give the .shp, .shx, .dbf and .prj together as one .zip")
	}
	data, err := io.ReadAll(io.LimitReader(br, maxWholeFile+1))
	if err != nil {
		return src, nil, close, p.fileErr("", err, "cannot read: %v", err)
	}
	if len(data) > maxWholeFile {
		return src, nil, close, p.fileErr("", nil, "the file is larger than %d MB", maxWholeFile>>20)
	}
	ext := map[sniffed]string{sniffZip: ".zip", sniffGPKG: ".gpkg", sniffGML: ".gml", sniffOSMXML: ".osm", sniffPBF: ".osm.pbf"}[kind]
	if kind == sniffZip {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return src, nil, close, p.fileErr("", err, "cannot read the zip archive: %v", err)
		}
		switch zipKind(zr) {
		case "xlsx":
			t, err := p.xlsxTable(data)
			return src, t, close, err
		case "kmz":
			src, err := p.kmzSource(zr)
			return src, nil, close, err
		}
	}
	src, close, err = p.ogrOpen(func() (*ogr.Dataset, error) {
		return ogr.OpenBytesWith(fileStem(p.name)+ext, data, ogr.Options{Encoding: p.ogrEncoding()})
	}, areas)
	return src, nil, close, err
}

// ogrOpen opens a data set with open and reads it as a vecSource; close
// closes the data set.
func (p *parser) ogrOpen(open func() (*ogr.Dataset, error), areas bool) (vecSource, func(), error) {
	ds, err := open()
	if err != nil {
		return vecSource{}, func() {}, p.fileErr("", err, "cannot read: %v", err)
	}
	src, err := p.ogrSource(ds, areas)
	if err != nil {
		ds.Close()
		return src, func() {}, err
	}
	return src, ds.Close, nil
}

// ogrEncoding passes --encoding on to a Shapefile's DBF.
func (p *parser) ogrEncoding() string {
	switch p.opt.Encoding {
	case encodingWin1252:
		return "CP1252"
	case encodingUTF8:
		return "UTF-8"
	}
	return ""
}

// zipKind tells what a zip archive is: "xlsx", "kmz" or "" (for GDAL).
func zipKind(zr *zip.Reader) string {
	kml := false
	for _, f := range zr.File {
		switch {
		case f.Name == "[Content_Types].xml":
			return "xlsx"
		case strings.EqualFold(filepath.Ext(f.Name), ".kml"):
			kml = true
		}
	}
	if kml {
		return "kmz"
	}
	return ""
}

// ogrFormats names GDAL's drivers as the report does.
var ogrFormats = map[string]string{"ESRI Shapefile": formatShapefile, "GPKG": formatGPKG, "GML": formatGML, "OSM": formatOSM}

// ogrSource reads the layers of a GDAL data set. Addresses come from
// point layers (and OSM buildings), areas from polygon layers; with
// ParseOptions.Layer only that layer is read. The coordinate system is
// ParseOptions.CRS, else the layer's (.prj, GML srsName, GeoPackage);
// a layer without one is refused.
func (p *parser) ogrSource(ds *ogr.Dataset, areas bool) (vecSource, error) {
	format := ogrFormats[ds.Driver()]
	if format == "" {
		format = ds.Driver()
	}
	src := vecSource{format: format}
	var layers []*ogr.Layer
	var names []string
	for i := range ds.LayerCount() {
		l := ds.Layer(i)
		names = append(names, l.Name())
		if p.opt.Layer != "" {
			if strings.EqualFold(l.Name(), p.opt.Layer) {
				layers = append(layers, l)
			}
			continue
		}
		if format == formatOSM {
			// GDAL's OSM layers: points, lines, multilinestrings,
			// multipolygons, other_relations.
			if l.Name() == "multipolygons" || (!areas && l.Name() == "points") {
				layers = append(layers, l)
			}
			continue
		}
		layers = append(layers, l)
	}
	if len(layers) == 0 {
		if p.opt.Layer != "" {
			return src, p.fileErr("layer", nil, "no layer %q (the file has: %s)", p.opt.Layer, strings.Join(names, ", "))
		}
		return src, p.fileErr("", nil, "the file holds no layers")
	}
	tr, err := p.ogrTransform(layers[0])
	if err != nil {
		return src, err
	}
	src.frame = &vecFrame{tr: tr, crs: p.rep.CRS}
	src.features = func(yield func(vecFeature, error) bool) {
		for li, l := range layers {
			if li > 0 {
				t, err := p.ogrTransform(l)
				if err != nil {
					yield(vecFeature{}, err)
					return
				}
				*src.frame = vecFrame{tr: t, crs: p.rep.CRS}
			}
			fields := l.Fields()
			for f, err := range l.Features() {
				if err != nil {
					yield(vecFeature{}, p.fileErr("", err, "layer %s: %v", l.Name(), err))
					return
				}
				vf, err := p.ogrFeature(format, fields, f)
				if err != nil {
					yield(vecFeature{}, err)
					return
				}
				if vf.props == nil {
					p.rep.FilteredCount++
					continue
				}
				if !yield(vf, nil) {
					return
				}
			}
		}
	}
	return src, nil
}

// ogrFeature converts a GDAL feature. An OSM feature without any addr:*
// or name tag comes back with nil props, to be left out.
func (p *parser) ogrFeature(format string, fields []string, f ogr.Feature) (vecFeature, error) {
	vf := vecFeature{props: make(map[string]any, len(fields))}
	for i, name := range fields {
		if f.Null[i] {
			continue
		}
		if format == formatOSM && name == "other_tags" {
			for k, v := range ogr.ParseOtherTags(f.Values[i]) {
				vf.props[k] = v
			}
			continue
		}
		vf.props[name] = f.Values[i]
	}
	if format == formatOSM && !osmUseful(vf.props) {
		vf.props = nil
		return vf, nil
	}
	if f.WKB == nil {
		return vf, nil
	}
	g, err := wkb.Unmarshal(f.WKB)
	if err != nil {
		return vf, p.fileErr("geometry", err, "feature %d: cannot read the geometry: %v", f.FID, err)
	}
	switch g := g.(type) {
	case orb.Point:
		vf.geomType, vf.point = "Point", [2]float64{g[0], g[1]}
	case orb.MultiPoint:
		if len(g) == 1 {
			vf.geomType, vf.point = "Point", [2]float64{g[0][0], g[0][1]}
		} else {
			vf.geomType = "MultiPoint"
		}
	case orb.Polygon:
		vf.geomType, vf.polys = "Polygon", [][][][]float64{polyCoords(g)}
	case orb.MultiPolygon:
		vf.geomType = "MultiPolygon"
		for _, pg := range g {
			vf.polys = append(vf.polys, polyCoords(pg))
		}
	default:
		vf.geomType = g.GeoJSONType()
	}
	if vf.polys != nil {
		polys := vf.polys
		vf.centroid = func() [2]float64 { return polysCentroid(polys) }
	}
	return vf, nil
}

// osmUseful keeps OSM features that are addresses or named areas.
func osmUseful(props map[string]any) bool {
	for k := range props {
		if strings.HasPrefix(k, "addr:") || k == "name" || k == "admin_level" || k == "boundary" {
			return true
		}
	}
	return false
}

func polyCoords(pg orb.Polygon) [][][]float64 {
	out := make([][][]float64, len(pg))
	for i, r := range pg {
		ring := make([][]float64, len(r))
		for j, pt := range r {
			ring[j] = []float64{pt[0], pt[1]}
		}
		out[i] = ring
	}
	return out
}

// ogrTransform returns the transformation of a layer's coordinates to
// WGS84: by ParseOptions.CRS when given, else by the layer's system, the
// built-in one for WGS84 and UTM 32/33, PROJ for any other.
func (p *parser) ogrTransform(l *ogr.Layer) (func(x, y float64) (float64, float64, error), error) {
	if c := p.opt.CRS; c != 0 {
		p.rep.CRS = c
		return func(x, y float64) (float64, float64, error) { return toWGS84(c, x, y) }, nil
	}
	srs := l.SRS()
	if srs == nil {
		return nil, p.fileErr("crs", nil, "layer %s declares no coordinate system (a Shapefile without .prj?): give it with --crs, e.g. --crs EPSG:25832", l.Name())
	}
	defer srs.Close()
	p.rep.CRSName = srs.Name()
	switch c := CRS(srs.EPSG()); c {
	case WGS84, UTM32, UTM33:
		p.rep.CRS = c
		return func(x, y float64) (float64, float64, error) { return toWGS84(c, x, y) }, nil
	default:
		p.rep.CRS = c
	}
	t, err := ogr.NewToWGS84(srs)
	if err != nil {
		return nil, p.fileErr("crs", err, "cannot transform from %s: %v", srs.Name(), err)
	}
	p.closers = append(p.closers, t.Close)
	projected := !srs.IsGeographic()
	name := srs.Name()
	xs, ys := make([]float64, 1), make([]float64, 1)
	return func(x, y float64) (float64, float64, error) {
		if projected && x >= -180 && x <= 180 && y >= -90 && y <= 90 {
			return 0, 0, outOfRange("coordinate (%s, %s) looks like WGS84 degrees, not metres of %s (the file's declared system)", fmtCoord(x), fmtCoord(y), name)
		}
		xs[0], ys[0] = x, y
		if err := t.Apply(xs, ys); err != nil {
			return 0, 0, outOfRange("coordinate (%s, %s) cannot be transformed from %s: %v", fmtCoord(x), fmtCoord(y), name, err)
		}
		if err := checkWGS84(xs[0], ys[0]); err != nil {
			return 0, 0, err
		}
		return xs[0], ys[0], nil
	}, nil
}
