package geo

import (
	"fmt"
	"iter"
	"strings"

	"github.com/twpayne/go-geos"
)

// Formats other than GeoJSON, CSV and HK-DE (KML/KMZ, and through GDAL
// Shapefile, GeoPackage, GML, OSM) are read into vecFeatures: properties
// and a geometry in the file's coordinate system. Addresses and areas are
// then made from them by the same code as from GeoJSON features.

// vecFeature is one feature of a vector file.
type vecFeature struct {
	props map[string]any
	// geomType is the geometry's type: Point, Polygon, MultiPolygon or
	// another, which an area skips; "" when the feature has none.
	geomType string
	point    [2]float64        // Point
	polys    [][][][]float64   // Polygon, MultiPolygon
	centroid func() [2]float64 // of polys, for addresses given as buildings
}

// vecSource is a vector file opened for reading.
type vecSource struct {
	format string
	// frame is the coordinate system of the features being yielded: it
	// may change between the layers of a file.
	frame    *vecFrame
	features iter.Seq2[vecFeature, error]
}

// vecFrame is a file's (or layer's) coordinate system.
type vecFrame struct {
	// tr transforms a position to WGS84.
	tr func(x, y float64) (lon, lat float64, err error)
	// crs is the system when it has an EPSG code, else 0.
	crs CRS
}

// addressFeatures makes addresses from features whose properties vary:
// the mapping is made over the properties seen in any feature so far.
type addressFeatures struct {
	p  *parser
	u  propUnion
	fm fieldMap
}

// address fills a from feature i's properties. It returns nil or the
// error that ends the file.
func (af *addressFeatures) address(i int, props map[string]any, a *Address) *ParseError {
	p := af.p
	if perr := p.checkProps(i, props); perr != nil {
		return perr
	}
	if af.u.add(props) {
		var err error
		if af.fm, err = af.u.resolve(p.opt.Map); err != nil {
			return p.featureErr(i, "properties", err, "%v", err)
		}
		p.rep.Mapping, p.rep.Unmapped = af.fm.describe()
	}
	if !af.fm.has("street") && !af.fm.has("address") {
		return p.featureErr(i, "street", nil, "required property missing (the features so far have: %s); name it with --map street=PROPERTY", strings.Join(af.u.names, ", "))
	}
	return p.fillAddress(a, propRecord{fm: af.fm, props: props}, rowSpec{fm: af.fm, iss: Issue{File: p.name, Feature: i}})
}

// finish reports a --map property that no feature had.
func (af *addressFeatures) finish() *ParseError {
	if miss := af.u.unseen(af.p.opt.Map); len(miss) > 0 {
		return af.p.fileErr(miss[0], nil, "property %q given with --map is in no feature (the features have: %s)", miss[0], strings.Join(af.u.names, ", "))
	}
	return nil
}

// readVectorAddresses reads addresses from a vector file: points, and
// buildings (polygons) at their centroid. Features of other geometry are
// skipped with a reason.
func (p *parser) readVectorAddresses(src vecSource) {
	p.rep.Format = src.format
	af := &addressFeatures{p: p}
	i := -1
	for f, err := range src.features {
		i++
		if err != nil {
			p.fail(err)
			return
		}
		p.rep.Read++
		iss := Issue{File: p.name, Feature: i}
		var x, y float64
		switch f.geomType {
		case "Point":
			x, y = f.point[0], f.point[1]
		case "Polygon", "MultiPolygon":
			c := f.centroid()
			x, y = c[0], c[1]
		default:
			s := iss
			s.Field = "geometry"
			s.Message = fmt.Sprintf("geometry type %q is not an address point: skipped", f.geomType)
			if f.geomType == "" {
				s.Message = "no geometry: skipped"
			}
			p.rep.skip(s)
			continue
		}
		a := Address{Source: fmt.Sprintf("%s#%d", p.name, i)}
		if perr := af.address(i, f.props, &a); perr != nil {
			p.fail(perr)
			return
		}
		var err error
		a.SrcCRS, a.SrcX, a.SrcY = sourceCoords(src.frame.crs, x, y)
		if a.Lon, a.Lat, err = src.frame.tr(x, y); err != nil {
			p.fail(p.featureErr(i, "geometry", err, "%s", causeMessage(err)))
			return
		}
		if !p.emit(a, iss) {
			return
		}
	}
	if perr := af.finish(); perr != nil && !p.stopped {
		p.fail(perr)
	}
}

// readVectorAreas reads areas from a vector file.
func (p *parser) readVectorAreas(src vecSource, yield func(Area, error) bool) {
	p.rep.Format = src.format
	gc := geos.NewContext()
	ay := p.areaYielder(yield)
	i := -1
	n := 0
	for f, err := range src.features {
		i++
		if err != nil {
			ay.fail(err)
			return
		}
		n++
		p.rep.Read++
		if perr := p.checkProps(i, f.props); perr != nil {
			ay.fail(perr)
			return
		}
		props := make(map[string]string, len(f.props))
		for k, v := range f.props {
			props[k] = propString(v)
		}
		ok := ay.feature(i, props, false, func() (areaGeom, *ParseError) {
			switch f.geomType {
			case "Polygon", "MultiPolygon":
			case "":
				return areaGeom{other: "none"}, nil
			default:
				return areaGeom{other: f.geomType}, nil
			}
			return p.buildArea(gc, i, f.polys, src.frame.tr, src.frame.crs)
		})
		if !ok {
			return
		}
	}
	ay.finish()
}

// polysCentroid returns the area-weighted centroid of the polygons'
// exterior rings less their holes, or the first vertex when they have no
// area.
func polysCentroid(polys [][][][]float64) [2]float64 {
	var cx, cy, a float64
	for _, poly := range polys {
		for ri, ring := range poly {
			if len(ring) < 3 {
				continue
			}
			x0, y0 := ring[0][0], ring[0][1]
			var ra, rx, ry float64
			for k := 1; k+1 < len(ring); k++ {
				x1, y1 := ring[k][0]-x0, ring[k][1]-y0
				x2, y2 := ring[k+1][0]-x0, ring[k+1][1]-y0
				c := x1*y2 - x2*y1
				ra += c
				rx += (x1 + x2) * c
				ry += (y1 + y2) * c
			}
			if ra == 0 {
				continue
			}
			// Exterior rings add, holes subtract, whatever their winding.
			sign := 1.0
			if ra < 0 {
				sign = -1
			}
			if ri > 0 {
				sign = -sign
			}
			ra *= sign
			rx, ry = rx*sign, ry*sign
			cx += rx/3 + x0*ra
			cy += ry/3 + y0*ra
			a += ra
		}
	}
	if a == 0 {
		for _, poly := range polys {
			for _, ring := range poly {
				if len(ring) > 0 {
					return [2]float64{ring[0][0], ring[0][1]}
				}
			}
		}
		return [2]float64{}
	}
	return [2]float64{cx / a, cy / a}
}
