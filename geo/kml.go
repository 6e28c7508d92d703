package geo

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// KML is read here with encoding/xml rather than through GDAL: GDAL 3.6's
// KML drivers lose the attributes of real files (Cologne's Stadtteile keep
// their names in ExtendedData/SchemaData with the Schema in a Folder, where
// KML 2.2 does not allow it: LIBKML reports no attributes, the KML driver
// empty Name/Description). A Placemark's properties are its <name>, every
// SimpleData and every Data by name, whatever Schema says. Coordinates are
// WGS84 lon,lat[,alt] (KML allows nothing else). encoding/xml resolves no
// external entities, so a KML file cannot make the reader fetch anything.

type kmlPlacemark struct {
	Name     string `xml:"name"`
	Extended struct {
		SchemaData []struct {
			SimpleData []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:",chardata"`
			} `xml:"SimpleData"`
		} `xml:"SchemaData"`
		Data []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value"`
		} `xml:"Data"`
	} `xml:"ExtendedData"`
	kmlGeometry
}

type kmlGeometry struct {
	Points   []kmlPoint    `xml:"Point"`
	Polygons []kmlPolygon  `xml:"Polygon"`
	Lines    []struct{}    `xml:"LineString"`
	Multi    []kmlGeometry `xml:"MultiGeometry"`
}

type kmlPoint struct {
	Coordinates string `xml:"coordinates"`
}

type kmlPolygon struct {
	Outer string   `xml:"outerBoundaryIs>LinearRing>coordinates"`
	Inner []string `xml:"innerBoundaryIs>LinearRing>coordinates"`
}

// flatten collects the points and polygons of g and its MultiGeometries.
func (g *kmlGeometry) flatten(pts *[]kmlPoint, polys *[]kmlPolygon, lines *int) {
	*pts = append(*pts, g.Points...)
	*polys = append(*polys, g.Polygons...)
	*lines += len(g.Lines)
	for i := range g.Multi {
		g.Multi[i].flatten(pts, polys, lines)
	}
}

// kmlCoords parses "lon,lat[,alt] lon,lat[,alt] …".
func kmlCoords(s string) ([][]float64, error) {
	var out [][]float64
	for _, tuple := range strings.Fields(s) {
		parts := strings.Split(tuple, ",")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("coordinate %q is not lon,lat[,alt]", tuple)
		}
		pos := make([]float64, 2)
		for k := range pos {
			v, err := strconv.ParseFloat(parts[k], 64)
			if err != nil || !finite(v) {
				return nil, fmt.Errorf("coordinate %q is not lon,lat[,alt]", tuple)
			}
			pos[k] = v
		}
		out = append(out, pos)
	}
	return out, nil
}

// kmlSource streams the Placemarks of a KML document.
func (p *parser) kmlSource(r io.Reader, format string) vecSource {
	return vecSource{
		format: format,
		frame:  &vecFrame{tr: func(x, y float64) (float64, float64, error) { return toWGS84(WGS84, x, y) }},
		features: func(yield func(vecFeature, error) bool) {
			dec := xml.NewDecoder(r)
			dec.Strict = true
			i := 0
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					return
				}
				if err != nil {
					line, _ := dec.InputPos()
					yield(vecFeature{}, &ParseError{Issue: Issue{File: p.name, Line: line, Feature: -1, Message: "invalid KML: " + err.Error()}, Err: err})
					return
				}
				se, ok := tok.(xml.StartElement)
				if !ok || se.Name.Local != "Placemark" {
					continue
				}
				var pm kmlPlacemark
				if err := dec.DecodeElement(&pm, &se); err != nil {
					line, _ := dec.InputPos()
					yield(vecFeature{}, &ParseError{Issue: Issue{File: p.name, Line: line, Feature: i, Message: "invalid KML: " + err.Error()}, Err: err})
					return
				}
				f, err := pm.feature()
				if err != nil {
					yield(vecFeature{}, p.featureErr(i, "geometry", err, "%v", err))
					return
				}
				i++
				if !yield(f, nil) {
					return
				}
			}
		},
	}
}

// feature turns a Placemark into a vecFeature.
func (pm *kmlPlacemark) feature() (vecFeature, error) {
	f := vecFeature{props: map[string]any{}}
	if n := strings.TrimSpace(pm.Name); n != "" {
		f.props["name"] = n
	}
	for _, sd := range pm.Extended.SchemaData {
		for _, d := range sd.SimpleData {
			f.props[d.Name] = d.Value
		}
	}
	for _, d := range pm.Extended.Data {
		f.props[d.Name] = d.Value
	}
	var pts []kmlPoint
	var polys []kmlPolygon
	lines := 0
	pm.flatten(&pts, &polys, &lines)
	switch {
	case len(polys) > 0:
		// A label point next to the polygon (Jena's Kartenportal) is left out.
		f.geomType = "Polygon"
		if len(polys) > 1 {
			f.geomType = "MultiPolygon"
		}
		for _, pg := range polys {
			outer, err := kmlCoords(pg.Outer)
			if err != nil {
				return f, err
			}
			poly := [][][]float64{outer}
			for _, in := range pg.Inner {
				ring, err := kmlCoords(in)
				if err != nil {
					return f, err
				}
				poly = append(poly, ring)
			}
			f.polys = append(f.polys, poly)
		}
		f.centroid = func() [2]float64 { return polysCentroid(f.polys) }
	case len(pts) == 1:
		c, err := kmlCoords(pts[0].Coordinates)
		if err != nil {
			return f, err
		}
		if len(c) != 1 {
			return f, fmt.Errorf("a Point has %d coordinates", len(c))
		}
		f.geomType = "Point"
		f.point = [2]float64{c[0][0], c[0][1]}
	case len(pts) > 1:
		f.geomType = "MultiPoint"
	case lines > 0:
		f.geomType = "LineString"
	}
	return f, nil
}

// maxKMZ bounds the uncompressed KML inside a KMZ.
const maxKMZ = 512 << 20

// kmzSource opens the first .kml file of a KMZ archive (doc.kml by
// convention).
func (p *parser) kmzSource(zr *zip.Reader) (vecSource, error) {
	var kml *zip.File
	for _, f := range zr.File {
		if strings.EqualFold(path.Ext(f.Name), ".kml") && (kml == nil || strings.EqualFold(path.Base(f.Name), "doc.kml")) {
			kml = f
		}
	}
	if kml == nil {
		return vecSource{}, p.fileErr("", nil, "the KMZ archive holds no .kml file")
	}
	rc, err := kml.Open()
	if err != nil {
		return vecSource{}, p.fileErr("", err, "cannot read %s in the KMZ archive: %v", kml.Name, err)
	}
	data, err := io.ReadAll(io.LimitReader(rc, maxKMZ+1))
	rc.Close()
	if err != nil {
		return vecSource{}, p.fileErr("", err, "cannot read %s in the KMZ archive: %v", kml.Name, err)
	}
	if len(data) > maxKMZ {
		return vecSource{}, p.fileErr("", nil, "%s in the KMZ archive is larger than %d MB", kml.Name, maxKMZ>>20)
	}
	return p.kmlSource(bytes.NewReader(data), formatKMZ), nil
}
