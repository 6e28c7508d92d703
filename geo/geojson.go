package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geos"
)

// GeoJSON is read with a token-streaming json.Decoder: only one feature is
// in memory at a time. Geometry is decoded here rather than with orb's
// geojson package so that positions with a third and fourth value (height,
// measure), which real municipal exports contain, are accepted.
//
// The legacy crs member ({"type":"name","properties":{"name":
// "urn:ogc:def:crs:EPSG::25832"}}) overrides the RFC 7946 default WGS84;
// ParseOptions.CRS overrides both. A crs member after the features is
// refused unless ParseOptions.CRS is set, since the features have been
// read by then.

// areaNameFields are the properties tried for an area's name, in order,
// compared case-insensitively.
var areaNameFields = []string{"name", "bezeichnung", "bez", "ortsteil", "ortsteilname", "ot_name", "stadtteil", "stt_name", "stadtbezirk", "stb_name", "bezirk", "gebiet", "gebietsname", "gen", "gemeinde", "label", "titel", "title"}

type rawFeature struct {
	Type       string          `json:"type"`
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

type rawGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// propRecord is a feature's properties seen through the field map.
type propRecord struct {
	fm    fieldMap
	props map[string]any
}

func (r propRecord) get(f string) (string, bool) {
	i, ok := r.fm.index[f]
	if !ok {
		return "", false
	}
	v, ok := r.props[r.fm.names[i]]
	return propString(v), ok
}

// propString formats a property value.
func propString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}

func sortedKeys[V any](props map[string]V) []string {
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// geojsonWalker streams the members of a FeatureCollection.
type geojsonWalker struct {
	p       *parser
	dec     *json.Decoder
	crs     CRS // in force for the features
	sawCRS  bool
	feature int // index of the next feature
	// single is the type of a file that is one Feature or one bare
	// geometry ("" for a FeatureCollection).
	single string
}

// walk reads the collection and calls fn for every feature; fn returns
// false to stop. Errors go to fail.
func (w *geojsonWalker) walk(fn func(i int, f *rawFeature) bool, fail func(error)) {
	p := w.p
	w.dec.UseNumber()
	syntax := func(err error) {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		// Where: the syntax error's byte, else how far the decoder read.
		at := w.dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			at = se.Offset
		}
		iss := Issue{File: p.name, Feature: -1, Message: fmt.Sprintf("invalid JSON at byte %d: %v", at, err)}
		if w.feature > 0 {
			iss.Feature = w.feature
		}
		fail(&ParseError{Issue: iss, Err: err})
	}
	if tok, err := w.dec.Token(); err != nil {
		syntax(err)
		return
	} else if d, ok := tok.(json.Delim); !ok || d != '{' {
		fail(p.fileErr("", nil, "not a GeoJSON object"))
		return
	}
	sawFeatures := false
	// A file that is one Feature, or one bare geometry, is read as a
	// collection of that one feature: its members are kept until the end.
	var single struct {
		typ        string
		geometry   json.RawMessage // of a Feature
		properties json.RawMessage // of a Feature
		coords     json.RawMessage // of a bare geometry
		geometries json.RawMessage // of a bare GeometryCollection
	}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			syntax(err)
			return
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			var t any
			if err := w.dec.Decode(&t); err != nil {
				syntax(err)
				return
			}
			switch ty, _ := t.(string); ty {
			case "FeatureCollection":
			case "Feature", "Point", "MultiPoint", "Polygon", "MultiPolygon", "LineString", "MultiLineString", "GeometryCollection":
				single.typ = ty
			default:
				fail(p.fileErr("type", nil, "GeoJSON type is %v; want a FeatureCollection, a Feature or a geometry", t))
				return
			}
		case "geometry", "properties", "coordinates", "geometries":
			var raw json.RawMessage
			if err := w.dec.Decode(&raw); err != nil {
				syntax(err)
				return
			}
			switch key {
			case "geometry":
				single.geometry = raw
			case "properties":
				single.properties = raw
			case "coordinates":
				single.coords = raw
			default:
				single.geometries = raw
			}
		case "crs":
			var c struct {
				Type       string `json:"type"`
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			}
			if err := w.dec.Decode(&c); err != nil {
				fail(p.fileErr("crs", err, "cannot read the crs member: %v", err))
				return
			}
			if p.opt.CRS != 0 || c.Properties.Name == "" {
				continue
			}
			crs, err := ParseCRS(c.Properties.Name)
			if err != nil {
				fail(p.fileErr("crs", err, "%s", causeMessage(err)))
				return
			}
			if sawFeatures && crs != w.crs {
				fail(p.fileErr("crs", nil, "the crs member (%s) comes after the features; give the coordinate system with --crs", crs))
				return
			}
			w.crs, w.sawCRS = crs, true
			p.rep.CRS = crs
		case "features":
			sawFeatures = true
			tok, err := w.dec.Token()
			if err != nil {
				syntax(err)
				return
			}
			if d, ok := tok.(json.Delim); !ok || d != '[' {
				fail(p.fileErr("features", nil, "features is not an array"))
				return
			}
			for w.dec.More() {
				var f rawFeature
				if err := w.dec.Decode(&f); err != nil {
					var te *json.UnmarshalTypeError
					if errors.As(err, &te) {
						fail(&ParseError{Issue: Issue{File: p.name, Feature: w.feature, Field: te.Field, Message: "wrong JSON type: " + err.Error()}, Err: err})
						return
					}
					syntax(err)
					return
				}
				i := w.feature
				w.feature++
				p.rep.Read++
				if !fn(i, &f) {
					return
				}
			}
			if _, err := w.dec.Token(); err != nil {
				syntax(err)
				return
			}
		default:
			var skip json.RawMessage
			if err := w.dec.Decode(&skip); err != nil {
				syntax(err)
				return
			}
		}
	}
	if _, err := w.dec.Token(); err != nil {
		syntax(err)
		return
	}
	if sawFeatures {
		return
	}
	if single.typ == "" {
		fail(p.fileErr("features", nil, "no features member; want a GeoJSON FeatureCollection, a Feature or a geometry"))
		return
	}
	f := rawFeature{Type: "Feature", Geometry: single.geometry}
	if single.typ != "Feature" {
		g := map[string]json.RawMessage{"type": json.RawMessage(strconv.Quote(single.typ))}
		if single.coords != nil {
			g["coordinates"] = single.coords
		}
		if single.geometries != nil {
			g["geometries"] = single.geometries
		}
		b, err := json.Marshal(g)
		if err != nil {
			fail(p.fileErr("", err, "cannot read the geometry: %v", err))
			return
		}
		f.Geometry = b
	}
	if len(single.properties) > 0 && string(single.properties) != "null" {
		d := json.NewDecoder(bytes.NewReader(single.properties))
		d.UseNumber()
		if err := d.Decode(&f.Properties); err != nil {
			fail(p.fileErr("properties", err, "cannot read the properties: %v", err))
			return
		}
	}
	w.single = single.typ
	w.feature++
	p.rep.Read++
	fn(0, &f)
}

func (p *parser) newWalker(r io.Reader) *geojsonWalker {
	w := &geojsonWalker{p: p, dec: json.NewDecoder(r), crs: WGS84}
	if p.opt.CRS != 0 {
		w.crs = p.opt.CRS
	}
	p.rep.CRS = w.crs
	return w
}

// featureErr makes a *ParseError for feature i.
func (p *parser) featureErr(i int, field string, cause error, format string, args ...any) *ParseError {
	return &ParseError{Issue: Issue{File: p.name, Feature: i, Field: field, Message: fmt.Sprintf(format, args...)}, Err: cause}
}

// position reads a GeoJSON position, accepting 2 to 4 values.
func position(raw []float64) (x, y float64, err error) {
	if len(raw) < 2 {
		return 0, 0, fmt.Errorf("position has %d values, want at least 2", len(raw))
	}
	if len(raw) > 4 {
		return 0, 0, fmt.Errorf("position has %d values, want 2 to 4", len(raw))
	}
	return raw[0], raw[1], nil
}

func decodeGeometry(raw json.RawMessage) (rawGeometry, error) {
	var g rawGeometry
	if len(raw) == 0 || string(raw) == "null" {
		return g, errors.New("the feature has no geometry")
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return g, fmt.Errorf("cannot read geometry: %v", err)
	}
	return g, nil
}

func (p *parser) readGeoJSONAddresses(r io.Reader) {
	w := p.newWalker(r)
	// The field mapping is made from the properties seen in any feature so
	// far: GeoJSON writers leave out null properties per feature, so the
	// first feature does not tell which properties the file has.
	af := &addressFeatures{p: p}
	w.walk(func(i int, f *rawFeature) bool {
		iss := Issue{File: p.name, Feature: i}
		a := Address{Source: fmt.Sprintf("%s#%d", p.name, i)}
		if perr := af.address(i, f.Properties, &a); perr != nil {
			p.fail(perr)
			return false
		}
		g, err := decodeGeometry(f.Geometry)
		if err != nil {
			p.fail(p.featureErr(i, "geometry", err, "%v", err))
			return false
		}
		var pos []float64
		switch g.Type {
		case "Point":
			err = json.Unmarshal(g.Coordinates, &pos)
		case "MultiPoint":
			var mp [][]float64
			if err = json.Unmarshal(g.Coordinates, &mp); err == nil {
				if len(mp) != 1 {
					err = fmt.Errorf("MultiPoint has %d points; an address needs exactly one", len(mp))
				} else {
					pos = mp[0]
				}
			}
		default:
			err = fmt.Errorf("geometry type %q; an address must be a Point", g.Type)
		}
		if err != nil {
			p.fail(p.featureErr(i, "geometry", err, "%v", err))
			return false
		}
		x, y, err := position(pos)
		if err == nil {
			a.Lon, a.Lat, err = toWGS84(w.crs, x, y)
			a.SrcCRS, a.SrcX, a.SrcY = sourceCoords(w.crs, x, y)
		}
		if err != nil {
			p.fail(p.featureErr(i, "geometry", err, "%s", causeMessage(err)))
			return false
		}
		return p.emit(a, iss)
	}, p.fail)
	if perr := af.finish(); perr != nil && !p.stopped {
		p.fail(perr)
	}
}

// propUnion collects the property names of a file's features.
type propUnion struct {
	seen  map[string]bool
	names []string
}

// add records the names of props and reports whether one was new.
func (u *propUnion) add(props map[string]any) bool {
	if u.seen == nil {
		u.seen = map[string]bool{}
	}
	added := false
	for k := range props {
		if !u.seen[k] {
			u.seen[k] = true
			u.names = append(u.names, k)
			added = true
		}
	}
	if added {
		sort.Strings(u.names)
	}
	return added || len(u.names) == 0
}

// resolve maps the fields over the names seen so far; a property given
// with --map that no feature had yet is taken as named (it may come).
func (u *propUnion) resolve(override map[string]string) (fieldMap, error) {
	names := slices.Clone(u.names)
	for _, col := range override {
		if !slices.ContainsFunc(names, func(n string) bool { return normName(n) == normName(col) }) {
			names = append(names, col)
		}
	}
	return resolveFields(names, override, true)
}

// unseen returns the --map properties that were in no feature.
func (u *propUnion) unseen(override map[string]string) []string {
	var out []string
	for _, col := range override {
		if !slices.ContainsFunc(u.names, func(n string) bool { return normName(n) == normName(col) }) {
			out = append(out, col)
		}
	}
	sort.Strings(out)
	return out
}

// checkProps applies the limits to a feature's properties: how many, and
// how many bytes of text in all.
func (p *parser) checkProps(i int, props map[string]any) *ParseError {
	if len(props) > p.limits.Columns {
		return p.featureErr(i, "properties", nil, "the feature has %d properties; at most %d are allowed", len(props), p.limits.Columns)
	}
	n := 0
	for k, v := range props {
		n += len(k) + len(propString(v))
	}
	if n > p.limits.Record {
		return p.featureErr(i, "properties", nil, "the feature's properties have %d bytes; at most %d KiB are allowed", n, p.limits.Record>>10)
	}
	return nil
}

func (p *parser) readGeoJSONAreas(r io.Reader, yield func(Area, error) bool) {
	w := p.newWalker(r)
	gc := geos.NewContext()
	ay := p.areaYielder(yield)
	w.walk(func(i int, f *rawFeature) bool {
		if perr := p.checkProps(i, f.Properties); perr != nil {
			ay.fail(perr)
			return false
		}
		props := make(map[string]string, len(f.Properties))
		for k, v := range f.Properties {
			props[k] = propString(v)
		}
		return ay.feature(i, props, w.single != "", func() (areaGeom, *ParseError) {
			return p.areaGeometry(gc, w.crs, i, f.Geometry)
		})
	}, ay.fail)
	ay.finish()
}

// areaYielder is the part of area reading all formats share: the filter
// (--where), the name, skipping what is not an area, the count of named
// areas.
type areaYielder struct {
	p       *parser
	yield   func(Area, error) bool
	stopped bool
	areas   int
}

func (p *parser) areaYielder(yield func(Area, error) bool) *areaYielder {
	return &areaYielder{p: p, yield: yield}
}

func (ay *areaYielder) fail(err error) {
	if !ay.stopped {
		ay.stopped = true
		ay.yield(Area{}, err)
	}
}

// feature handles one feature with properties props; geom reads its
// geometry and returns the geometry type when it is not polygonal. single
// is set when the file holds just this one feature. It returns false when
// reading must stop.
func (ay *areaYielder) feature(i int, props map[string]string, single bool, geom func() (areaGeom, *ParseError)) bool {
	p := ay.p
	for k, want := range p.opt.Where {
		if got, ok := lookupFold(props, k); !ok || got != want {
			p.rep.FilteredCount++
			return true
		}
	}
	g, perr := geom()
	other := g.other
	if perr != nil {
		ay.fail(perr)
		return false
	}
	if other != "" && single {
		ay.fail(p.featureErr(i, "geometry", nil, "geometry type %q; an area must be a Polygon or MultiPolygon", other))
		return false
	}
	if other != "" {
		p.rep.skip(Issue{File: p.name, Feature: i, Field: "geometry", Message: fmt.Sprintf("geometry type %q is not an area: skipped", other)})
		return true
	}
	name, perr := p.areaName(i, props)
	if perr != nil && p.opt.NameField == "" {
		if single {
			// One area without a name (a bare geometry): named after the
			// file, and the report says so.
			name, perr = fileStem(p.name), nil
			p.rep.warn(Issue{File: p.name, Feature: i, Field: "name",
				Message: fmt.Sprintf("the file holds one area without a name; named %q after the file (rename it with a Feature and a name property)", name)})
		} else {
			p.rep.skip(perr.Issue)
			return true
		}
	}
	if perr != nil {
		ay.fail(perr)
		return false
	}
	ay.areas++
	a := Area{Kind: p.opt.Kind, Name: name, Geometry: g.mp, Source: fmt.Sprintf("%s#%d", p.name, i), SrcCRS: g.crs, SrcGeometry: g.src}
	if a.Kind == KindMunicipality {
		ags, perr := p.areaAGS(i, props)
		if perr != nil {
			ay.fail(perr)
			return false
		}
		a.AGS = ags
	}
	if !ay.yield(a, nil) {
		ay.stopped = true
		return false
	}
	return true
}

// finish fails a file in which no feature made an area.
func (ay *areaYielder) finish() {
	p := ay.p
	if ay.stopped || ay.areas > 0 {
		return
	}
	switch {
	case p.rep.SkippedCount == 1:
		ay.fail(&ParseError{Issue: p.rep.Skipped[0]})
	case p.rep.SkippedCount > 0:
		ay.fail(p.fileErr("", nil, "no area read: %d features skipped, the first: %s", p.rep.SkippedCount, p.rep.Skipped[0]))
	case p.rep.FilteredCount > 0:
		ay.fail(p.fileErr("", nil, "no area read: --where matched none of the %d features", p.rep.FilteredCount))
	default:
		ay.fail(p.fileErr("", nil, "the file holds no areas"))
	}
}

// lookupFold finds a property by name, ignoring case.
func lookupFold(props map[string]string, k string) (string, bool) {
	if v, ok := props[k]; ok {
		return strings.TrimSpace(v), true
	}
	for n, v := range props {
		if strings.EqualFold(n, k) {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// areaName finds a feature's name.
func (p *parser) areaName(i int, props map[string]string) (string, *ParseError) {
	lower := make(map[string]string, len(props))
	for k, v := range props {
		lk := normName(k)
		if _, dup := lower[lk]; !dup || k == lk {
			c, err := checkText(v, p.limits.Field, false)
			if err != nil {
				if lk == normName(p.opt.NameField) || slices.Contains(areaNameFields, lk) {
					return "", p.featureErr(i, k, err, "%v", err)
				}
				continue
			}
			lower[lk] = c.value
		}
	}
	if p.opt.NameField != "" {
		v, ok := lower[normName(p.opt.NameField)]
		if !ok {
			return "", p.featureErr(i, p.opt.NameField, nil, "name property %q not found (the feature has: %s)", p.opt.NameField, strings.Join(sortedKeys(props), ", "))
		}
		if v == "" {
			return "", p.featureErr(i, p.opt.NameField, nil, "name property %q is empty", p.opt.NameField)
		}
		return v, nil
	}
	for _, n := range areaNameFields {
		if v := lower[n]; v != "" {
			return v, nil
		}
	}
	return "", p.featureErr(i, "name", nil, "no name property (tried %s; the feature has: %s); choose one with --name-field", strings.Join(areaNameFields[:8], ", "), strings.Join(sortedKeys(props), ", "))
}

// areaGeometry reads, transforms and validates a polygonal geometry. A
// geometry of another type is returned by its type name, for the caller
// to skip.
func (p *parser) areaGeometry(gc *geos.Context, crs CRS, i int, raw json.RawMessage) (areaGeom, *ParseError) {
	bad := func(err error) *ParseError {
		return p.featureErr(i, "geometry", err, "%s", causeMessage(err))
	}
	g, err := decodeGeometry(raw)
	if err != nil {
		return areaGeom{}, bad(err)
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var poly [][][]float64
		err = json.Unmarshal(g.Coordinates, &poly)
		polys = [][][][]float64{poly}
	case "MultiPolygon":
		err = json.Unmarshal(g.Coordinates, &polys)
	case "Point", "MultiPoint", "LineString", "MultiLineString", "GeometryCollection":
		return areaGeom{other: g.Type}, nil
	default:
		err = fmt.Errorf("geometry type %q; an area must be a Polygon or MultiPolygon", g.Type)
	}
	if err != nil {
		return areaGeom{}, bad(err)
	}
	return p.buildArea(gc, i, polys, func(x, y float64) (float64, float64, error) { return toWGS84(crs, x, y) }, crs)
}

// areaGeom is an area's geometry as read: in WGS84, and as the file gave
// it (src in crs, when that is a projected system with an EPSG code and
// the geometry needed no repair), or the type of a geometry that is no
// area.
type areaGeom struct {
	mp, src orb.MultiPolygon
	crs     CRS
	other   string
}

// buildArea makes an area's geometry from rings of positions in the
// file's system: the vertex limit applied, every position transformed to
// WGS84 with tr, rings closed, the result checked with GEOS and repaired
// with a warning when invalid.
func (p *parser) buildArea(gc *geos.Context, i int, polys [][][][]float64, tr func(x, y float64) (float64, float64, error), crs CRS) (areaGeom, *ParseError) {
	mp, repaired, perr := p.buildWGS84(gc, i, polys, tr)
	if perr != nil {
		return areaGeom{}, perr
	}
	g := areaGeom{mp: mp}
	if g.crs, _, _ = sourceCoords(crs, 1e6, 0); g.crs == 0 || repaired {
		// Without a projected system, or repaired by GEOS (in WGS84):
		// the overlay of this area runs in WGS84.
		g.crs = 0
		return g, nil
	}
	g.src = make(orb.MultiPolygon, len(polys))
	for pi, poly := range polys {
		g.src[pi] = make(orb.Polygon, len(poly))
		for ri, ring := range poly {
			r := make(orb.Ring, 0, len(ring)+1)
			for _, pos := range ring {
				_, x, y := sourceCoords(crs, pos[0], pos[1])
				r = append(r, orb.Point{x, y})
			}
			if r[0] != r[len(r)-1] {
				r = append(r, r[0])
			}
			g.src[pi][ri] = r
		}
	}
	return g, nil
}

// buildWGS84 is buildArea's WGS84 part. repaired tells that GEOS had to
// repair the geometry.
func (p *parser) buildWGS84(gc *geos.Context, i int, polys [][][][]float64, tr func(x, y float64) (float64, float64, error)) (orb.MultiPolygon, bool, *ParseError) {
	bad := func(err error) *ParseError {
		return p.featureErr(i, "geometry", err, "%s", causeMessage(err))
	}
	n := 0
	for _, poly := range polys {
		for _, ring := range poly {
			n += len(ring)
		}
	}
	if n > p.limits.Vertices {
		return nil, false, p.featureErr(i, "geometry", nil, "the area has %d vertices; at most %d are allowed (simplify it, or raise the limit with --max-vertices)", n, p.limits.Vertices)
	}
	var mp orb.MultiPolygon
	for pi, poly := range polys {
		if len(poly) == 0 {
			return nil, false, bad(fmt.Errorf("polygon %d has no rings", pi))
		}
		op := make(orb.Polygon, 0, len(poly))
		for ri, ring := range poly {
			or := make(orb.Ring, 0, len(ring)+1)
			for _, pos := range ring {
				x, y, err := position(pos)
				if err == nil {
					var lon, lat float64
					lon, lat, err = tr(x, y)
					or = append(or, orb.Point{lon, lat})
				}
				if err != nil {
					return nil, false, p.featureErr(i, "geometry", err, "polygon %d ring %d: %s", pi, ri, causeMessage(err))
				}
			}
			if len(or) > 0 && or[0] != or[len(or)-1] {
				or = append(or, or[0])
			}
			if len(or) < 4 {
				return nil, false, bad(fmt.Errorf("polygon %d ring %d has %d positions; a ring needs at least 4", pi, ri, len(ring)))
			}
			op = append(op, or)
		}
		mp = append(mp, op)
	}
	fixed, reason, err := validatePolygons(gc, mp)
	if err != nil {
		return nil, false, bad(err)
	}
	if reason != "" {
		p.rep.warn(Issue{File: p.name, Feature: i, Field: "geometry", Message: "invalid polygon repaired: " + reason})
	}
	return fixed, reason != "", nil
}

// validatePolygons checks mp with GEOS and repairs it with MakeValid. It
// returns the reason when mp was invalid, and an error when nothing with
// an area is left.
func validatePolygons(gc *geos.Context, mp orb.MultiPolygon) (out orb.MultiPolygon, reason string, err error) {
	defer func() {
		// go-geos panics on GEOS exceptions; turn them into errors.
		if r := recover(); r != nil {
			out, reason, err = nil, "", fmt.Errorf("invalid polygon: %v", r)
		}
	}()
	geoms := make([]*geos.Geom, len(mp))
	for i, poly := range mp {
		geoms[i] = gc.NewPolygon(toCoords(poly))
	}
	g := gc.NewCollection(geos.TypeIDMultiPolygon, geoms)
	if g.IsValid() {
		if g.Area() == 0 {
			return nil, "", errors.New("the polygon has no area")
		}
		return mp, "", nil
	}
	reason = g.IsValidReason()
	fixed := g.MakeValid()
	out = fromGeos(fixed)
	if len(out) == 0 || planarArea(out) == 0 {
		return nil, reason, fmt.Errorf("invalid polygon (%s) has no area left after repair", reason)
	}
	return out, reason, nil
}

func toCoords(p orb.Polygon) [][][]float64 {
	out := make([][][]float64, len(p))
	for i, r := range p {
		out[i] = make([][]float64, len(r))
		for j, pt := range r {
			out[i][j] = []float64{pt[0], pt[1]}
		}
	}
	return out
}

// fromGeos collects the polygonal parts of g.
func fromGeos(g *geos.Geom) orb.MultiPolygon {
	var out orb.MultiPolygon
	switch g.TypeID() {
	case geos.TypeIDPolygon:
		if g.IsEmpty() {
			return nil
		}
		poly := orb.Polygon{ringFromGeos(g.ExteriorRing())}
		for i := 0; i < g.NumInteriorRings(); i++ {
			poly = append(poly, ringFromGeos(g.InteriorRing(i)))
		}
		out = append(out, poly)
	case geos.TypeIDMultiPolygon, geos.TypeIDGeometryCollection:
		for i := 0; i < g.NumGeometries(); i++ {
			out = append(out, fromGeos(g.Geometry(i))...)
		}
	}
	return out
}

func ringFromGeos(g *geos.Geom) orb.Ring {
	coords := g.CoordSeq().ToCoords()
	r := make(orb.Ring, len(coords))
	for i, c := range coords {
		r[i] = orb.Point{c[0], c[1]}
	}
	return r
}

// planarArea is the area of mp in squared degrees (only compared with 0).
func planarArea(mp orb.MultiPolygon) float64 {
	var sum float64
	for _, p := range mp {
		for i, r := range p {
			var a float64
			for j := 0; j+1 < len(r); j++ {
				a += r[j][0]*r[j+1][1] - r[j+1][0]*r[j][1]
			}
			a = math.Abs(a) / 2
			if i == 0 {
				sum += a
			} else {
				sum -= a
			}
		}
	}
	return sum
}

// Compile-time checks that the record adapters fit.
var (
	_ record = csvRecord{}
	_ record = propRecord{}
)

// fileStem is a file name without its directory and extension.
func fileStem(name string) string {
	base := filepath.Base(name)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// areaAGS reads a municipality's AGS: ParseOptions.AGS, else the property
// AGSField, else the first property named like an AGS (AGS, RS, GKZ, …;
// a 12-digit Regionalschlüssel is shortened to its AGS). No AGS is no
// error (the name identifies the municipality); a malformed one is.
func (p *parser) areaAGS(i int, props map[string]string) (string, *ParseError) {
	v, field := p.opt.AGS, "ags"
	if v == "" {
		names := []string{p.opt.AGSField}
		if p.opt.AGSField == "" {
			names = fieldAliases["ags"]
		}
		for _, n := range names {
			if got, ok := lookupFold(props, n); ok && got != "" {
				v, field = got, n
				break
			}
		}
		if v == "" && p.opt.AGSField != "" {
			return "", p.featureErr(i, p.opt.AGSField, nil, "AGS property %q not found or empty (the feature has: %s)", p.opt.AGSField, strings.Join(sortedKeys(props), ", "))
		}
	}
	if v == "" {
		return "", nil
	}
	ags, _, err := normalizeAGS(v)
	if err != nil {
		return "", p.featureErr(i, field, err, "%v", err)
	}
	return ags, nil
}
