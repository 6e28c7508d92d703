// Package gpkg writes OGC GeoPackage files (version 1.3, readable by QGIS,
// ArcGIS and GDAL/OGR) with feature layers in WGS84 (EPSG:4326).
//
// A file is written in one transaction: Create starts it, AddLayer and Add
// fill it, Close commits. If any step fails, or Close is never reached with
// success, the file is removed: a GeoPackage either is complete or does not
// exist.
//
// Every feature table has an INTEGER PRIMARY KEY "fid", a geometry column
// "geom" in GeoPackage binary encoding (the "GP" header with the envelope,
// then standard little-endian WKB) and the layer's attribute columns. Each
// layer gets an R-tree spatial index (the gpkg_rtree_index extension). The
// index is filled directly while features are added; its maintenance
// triggers, which call the ST_* functions plain SQLite lacks, are created
// only at Close, after the last insert – as GDAL does when it builds the
// index after a bulk load. Readers that modify the file (GDAL, QGIS)
// register those functions themselves.
package gpkg

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the driver "sqlite3"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// ErrInvalid is wrapped by every error about a bad layer, field or value.
var ErrInvalid = errors.New("gpkg: invalid input")

// The file header values a GeoPackage 1.3 carries.
const (
	ApplicationID = 0x47504B47 // "GPKG"
	UserVersion   = 10300      // GeoPackage 1.3.0
)

// SRSID is the spatial reference system of every layer: WGS84 (EPSG:4326).
const SRSID = 4326

// wgs84WKT is the definition of EPSG:4326 the standard gives (Table 22).
const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]`

// Field is an attribute column of a layer.
type Field struct {
	Name string
	// Type is one of the GeoPackage data types TEXT, INTEGER, REAL,
	// BOOLEAN (stored as 0/1) and DATE (stored as "YYYY-MM-DD").
	Type string
}

// Layer describes a feature table.
type Layer struct {
	// Name is the table name: a letter or underscore, then letters,
	// digits and underscores; not starting with "gpkg_" or "rtree_".
	Name string
	// GeometryType is POINT, LINESTRING, POLYGON, MULTIPOINT,
	// MULTILINESTRING, MULTIPOLYGON or GEOMETRY (any of them).
	GeometryType string
	Fields       []Field
	// Description is stored in gpkg_contents (optional).
	Description string
}

// Writer writes one GeoPackage file.
type Writer struct {
	path   string
	db     *sql.DB
	tx     *sql.Tx
	layers map[string]*layer
	order  []string
	err    error // first error; the file is removed at Close
	done   bool
}

type layer struct {
	Layer
	insert, rtree *sql.Stmt
	env           orb.Bound
	hasEnv        bool
	n             int
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Create creates a GeoPackage at path. The file must not exist, or be empty
// (e.g. made by os.CreateTemp).
func Create(path string) (*Writer, error) {
	if fi, err := os.Stat(path); err == nil {
		if fi.Size() > 0 || !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("gpkg: create %s: file exists", path)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("gpkg: create %s: %w", path, err)
	}
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	db, err := sql.Open("sqlite3", "file:"+esc+"?_journal_mode=DELETE&_txlock=exclusive")
	if err != nil {
		return nil, fmt.Errorf("gpkg: create %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	w := &Writer{path: path, db: db, layers: map[string]*layer{}}
	if err := w.init(); err != nil {
		w.abort()
		return nil, fmt.Errorf("gpkg: create %s: %w", path, err)
	}
	return w, nil
}

func (w *Writer) init() error {
	ctx := context.Background()
	// The header fields are set outside the transaction: they are written
	// to page 1 directly.
	for _, p := range []string{
		fmt.Sprintf("PRAGMA application_id = %d", ApplicationID),
		fmt.Sprintf("PRAGMA user_version = %d", UserVersion),
	} {
		if _, err := w.db.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	w.tx = tx
	stmts := []string{
		`CREATE TABLE gpkg_spatial_ref_sys (
			srs_name TEXT NOT NULL,
			srs_id INTEGER NOT NULL PRIMARY KEY,
			organization TEXT NOT NULL,
			organization_coordsys_id INTEGER NOT NULL,
			definition TEXT NOT NULL,
			description TEXT)`,
		`CREATE TABLE gpkg_contents (
			table_name TEXT NOT NULL PRIMARY KEY,
			data_type TEXT NOT NULL,
			identifier TEXT UNIQUE,
			description TEXT DEFAULT '',
			last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
			min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
			srs_id INTEGER,
			CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
		`CREATE TABLE gpkg_geometry_columns (
			table_name TEXT NOT NULL,
			column_name TEXT NOT NULL,
			geometry_type_name TEXT NOT NULL,
			srs_id INTEGER NOT NULL,
			z TINYINT NOT NULL,
			m TINYINT NOT NULL,
			CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
			CONSTRAINT uk_gc_table_name UNIQUE (table_name),
			CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
			CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
		`CREATE TABLE gpkg_extensions (
			table_name TEXT,
			column_name TEXT,
			extension_name TEXT NOT NULL,
			definition TEXT NOT NULL,
			scope TEXT NOT NULL,
			CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))`,
	}
	for _, s := range stmts {
		if _, err := tx.Exec(s); err != nil {
			return err
		}
	}
	_, err = tx.Exec(`INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES
		('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
		('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
		('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`, wgs84WKT)
	return err
}

var geometryTypes = map[string]bool{"POINT": true, "LINESTRING": true, "POLYGON": true, "MULTIPOINT": true,
	"MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRY": true}

var fieldTypes = map[string]bool{"TEXT": true, "INTEGER": true, "REAL": true, "BOOLEAN": true, "DATE": true}

func quote(id string) string { return `"` + strings.ReplaceAll(id, `"`, `""`) + `"` }

func checkName(what, name string) error {
	if !identRE.MatchString(name) {
		return fmt.Errorf("%w: %s name %q: use letters, digits and underscores, not starting with a digit", ErrInvalid, what, name)
	}
	return nil
}

// AddLayer creates a feature table with its spatial index.
func (w *Writer) AddLayer(l Layer) error {
	if err := w.check(); err != nil {
		return err
	}
	return w.fail(w.addLayer(l))
}

func (w *Writer) addLayer(l Layer) error {
	l.GeometryType = strings.ToUpper(l.GeometryType)
	if err := checkName("layer", l.Name); err != nil {
		return err
	}
	low := strings.ToLower(l.Name)
	if strings.HasPrefix(low, "gpkg_") || strings.HasPrefix(low, "rtree_") || strings.HasPrefix(low, "sqlite_") {
		return fmt.Errorf("%w: layer name %q uses a reserved prefix", ErrInvalid, l.Name)
	}
	for _, o := range w.order {
		if strings.EqualFold(o, l.Name) {
			return fmt.Errorf("%w: layer %q added twice", ErrInvalid, l.Name)
		}
	}
	if !geometryTypes[l.GeometryType] {
		return fmt.Errorf("%w: layer %s: geometry type %q is not supported", ErrInvalid, l.Name, l.GeometryType)
	}
	cols := []string{"fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "geom " + l.GeometryType}
	seen := map[string]bool{"fid": true, "geom": true}
	for i, f := range l.Fields {
		f.Type = strings.ToUpper(f.Type)
		l.Fields[i].Type = f.Type
		if err := checkName("field", f.Name); err != nil {
			return fmt.Errorf("layer %s: %w", l.Name, err)
		}
		if seen[strings.ToLower(f.Name)] {
			return fmt.Errorf("%w: layer %s: field %q given twice (fid and geom are taken)", ErrInvalid, l.Name, f.Name)
		}
		seen[strings.ToLower(f.Name)] = true
		if !fieldTypes[f.Type] {
			return fmt.Errorf("%w: layer %s, field %s: type %q is not TEXT, INTEGER, REAL, BOOLEAN or DATE", ErrInvalid, l.Name, f.Name, f.Type)
		}
		cols = append(cols, quote(f.Name)+" "+f.Type)
	}
	tx := w.tx
	t := quote(l.Name)
	rt := quote("rtree_" + l.Name + "_geom")
	for _, s := range []string{
		"CREATE TABLE " + t + " (" + strings.Join(cols, ", ") + ")",
		"CREATE VIRTUAL TABLE " + rt + " USING rtree(id, minx, maxx, miny, maxy)",
	} {
		if _, err := tx.Exec(s); err != nil {
			return fmt.Errorf("layer %s: %w", l.Name, err)
		}
	}
	if _, err := tx.Exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, ?)`,
		l.Name, l.Name, l.Description, SRSID); err != nil {
		return fmt.Errorf("layer %s: %w", l.Name, err)
	}
	if _, err := tx.Exec(`INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, 'geom', ?, ?, 0, 0)`,
		l.Name, l.GeometryType, SRSID); err != nil {
		return fmt.Errorf("layer %s: %w", l.Name, err)
	}
	if _, err := tx.Exec(`INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`,
		l.Name); err != nil {
		return fmt.Errorf("layer %s: %w", l.Name, err)
	}
	names := []string{"geom"}
	marks := []string{"?"}
	for _, f := range l.Fields {
		names = append(names, quote(f.Name))
		marks = append(marks, "?")
	}
	ins, err := tx.Prepare("INSERT INTO " + t + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")")
	if err != nil {
		return fmt.Errorf("layer %s: %w", l.Name, err)
	}
	rtree, err := tx.Prepare("INSERT INTO " + rt + " (id, minx, maxx, miny, maxy) VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		ins.Close()
		return fmt.Errorf("layer %s: %w", l.Name, err)
	}
	l.Fields = append([]Field(nil), l.Fields...)
	w.layers[l.Name] = &layer{Layer: l, insert: ins, rtree: rtree}
	w.order = append(w.order, l.Name)
	return nil
}

// Add writes one feature: its geometry (nil for none) and one value per
// field of the layer, in order. Values may be nil (NULL); TEXT takes
// strings, INTEGER integers, REAL floats or integers (NaN is stored as
// NULL), BOOLEAN bools, DATE a time.Time (zero: NULL) or a "YYYY-MM-DD"
// string. A Polygon is written as a MultiPolygon into a MULTIPOLYGON layer
// (and a Point as a MultiPoint into a MULTIPOINT layer).
func (w *Writer) Add(layerName string, g orb.Geometry, values ...any) error {
	if err := w.check(); err != nil {
		return err
	}
	return w.fail(w.add(layerName, g, values))
}

func (w *Writer) add(name string, g orb.Geometry, values []any) error {
	l := w.layers[name]
	if l == nil {
		return fmt.Errorf("%w: no layer %q", ErrInvalid, name)
	}
	if len(values) != len(l.Fields) {
		return fmt.Errorf("%w: layer %s: %d values for %d fields", ErrInvalid, name, len(values), len(l.Fields))
	}
	g, err := conform(l.GeometryType, g)
	if err != nil {
		return fmt.Errorf("layer %s, feature %d: %w", name, l.n+1, err)
	}
	args := make([]any, 0, len(values)+1)
	var blob []byte
	var env orb.Bound
	var nonEmpty bool
	if g != nil {
		blob, env, nonEmpty, err = Encode(g)
		if err != nil {
			return fmt.Errorf("layer %s, feature %d: %w", name, l.n+1, err)
		}
		args = append(args, blob)
	} else {
		args = append(args, nil)
	}
	for i, v := range values {
		c, err := convert(l.Fields[i], v)
		if err != nil {
			return fmt.Errorf("layer %s, feature %d: %w", name, l.n+1, err)
		}
		args = append(args, c)
	}
	res, err := l.insert.Exec(args...)
	if err != nil {
		return fmt.Errorf("layer %s, feature %d: %w", name, l.n+1, err)
	}
	l.n++
	if !nonEmpty {
		return nil
	}
	fid, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("layer %s, feature %d: %w", name, l.n, err)
	}
	if _, err := l.rtree.Exec(fid, env.Min[0], env.Max[0], env.Min[1], env.Max[1]); err != nil {
		return fmt.Errorf("layer %s, feature %d: spatial index: %w", name, l.n, err)
	}
	if l.hasEnv {
		l.env = l.env.Union(env)
	} else {
		l.env, l.hasEnv = env, true
	}
	return nil
}

// conform checks g against the layer's geometry type, promoting a single
// geometry to its multi type where the layer wants that.
func conform(layerType string, g orb.Geometry) (orb.Geometry, error) {
	if g == nil {
		return nil, nil
	}
	switch v := g.(type) {
	case orb.Polygon:
		if layerType == "MULTIPOLYGON" {
			g = orb.MultiPolygon{v}
		}
	case orb.Point:
		if layerType == "MULTIPOINT" {
			g = orb.MultiPoint{v}
		}
	case orb.LineString:
		if layerType == "MULTILINESTRING" {
			g = orb.MultiLineString{v}
		}
	case orb.Ring:
		g = orb.Polygon{v}
		if layerType == "MULTIPOLYGON" {
			g = orb.MultiPolygon{{v}}
		}
	case orb.Bound:
		g = v.ToPolygon()
		if layerType == "MULTIPOLYGON" {
			g = orb.MultiPolygon{v.ToPolygon()}
		}
	}
	if layerType == "GEOMETRY" {
		return g, nil
	}
	if got := strings.ToUpper(g.GeoJSONType()); got != layerType {
		return nil, fmt.Errorf("%w: geometry is a %s, the layer holds %s", ErrInvalid, g.GeoJSONType(), layerType)
	}
	return g, nil
}

func convert(f Field, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func() error {
		return fmt.Errorf("%w: field %s (%s): cannot store %T", ErrInvalid, f.Name, f.Type, v)
	}
	switch f.Type {
	case "TEXT":
		switch x := v.(type) {
		case string:
			return x, nil
		case fmt.Stringer:
			return x.String(), nil
		}
		if s, ok := stringKind(v); ok {
			return s, nil
		}
	case "INTEGER":
		switch x := v.(type) {
		case int:
			return int64(x), nil
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		}
	case "REAL":
		switch x := v.(type) {
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, nil
			}
			return x, nil
		case float32:
			return float64(x), nil
		case int:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
	case "BOOLEAN":
		if b, ok := v.(bool); ok {
			if b {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case "DATE":
		switch x := v.(type) {
		case time.Time:
			if x.IsZero() {
				return nil, nil
			}
			return x.Format(time.DateOnly), nil
		case string:
			if x == "" {
				return nil, nil
			}
			if _, err := time.Parse(time.DateOnly, x); err != nil {
				return nil, fmt.Errorf("%w: field %s (DATE): %q is not YYYY-MM-DD", ErrInvalid, f.Name, x)
			}
			return x, nil
		}
	}
	return nil, bad()
}

// stringKind accepts named string types (e.g. an enum type).
func stringKind(v any) (string, bool) {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return rv.String(), true
	}
	return "", false
}

// Encode returns g in GeoPackage binary encoding: the "GP" header (version
// 0, little-endian, SRS 4326, an [minx, maxx, miny, maxy] envelope except
// for points, where the standard makes it optional and GDAL omits it; the
// empty flag for empty geometries) followed by little-endian WKB. It also
// returns the envelope and whether g is non-empty.
func Encode(g orb.Geometry) (blob []byte, env orb.Bound, nonEmpty bool, err error) {
	empty := isEmpty(g)
	if !empty {
		env = g.Bound()
		if !finite(env.Min[0], env.Min[1], env.Max[0], env.Max[1]) {
			return nil, env, false, fmt.Errorf("%w: geometry has coordinates that are not numbers", ErrInvalid)
		}
	}
	var b bytes.Buffer
	b.WriteString("GP")
	b.WriteByte(0)   // version 1 of the binary format is written as 0
	flags := byte(1) // bit 0: little-endian header
	_, isPoint := g.(orb.Point)
	withEnv := !empty && !isPoint
	if withEnv {
		flags |= 1 << 1 // envelope indicator 1: minx, maxx, miny, maxy
	}
	if empty {
		flags |= 1 << 4
	}
	b.WriteByte(flags)
	le := binary.LittleEndian
	b.Write(le.AppendUint32(nil, uint32(int32(SRSID))))
	if withEnv {
		for _, v := range []float64{env.Min[0], env.Max[0], env.Min[1], env.Max[1]} {
			b.Write(le.AppendUint64(nil, math.Float64bits(v)))
		}
	}
	if empty {
		if _, ok := g.(orb.Point); ok {
			// WKB has no empty point: the standard's convention is NaN
			// coordinates.
			w := []byte{1, 1, 0, 0, 0}
			w = le.AppendUint64(w, math.Float64bits(math.NaN()))
			w = le.AppendUint64(w, math.Float64bits(math.NaN()))
			b.Write(w)
			return b.Bytes(), env, false, nil
		}
	}
	w, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, env, false, fmt.Errorf("gpkg: encode geometry: %w", err)
	}
	b.Write(w)
	return b.Bytes(), env, !empty, nil
}

func isEmpty(g orb.Geometry) bool {
	switch v := g.(type) {
	case orb.Point:
		return math.IsNaN(v[0]) || math.IsNaN(v[1])
	case orb.MultiPoint:
		return len(v) == 0
	case orb.LineString:
		return len(v) == 0
	case orb.MultiLineString:
		for _, l := range v {
			if len(l) > 0 {
				return false
			}
		}
		return true
	case orb.Polygon:
		return len(v) == 0 || len(v[0]) == 0
	case orb.MultiPolygon:
		for _, p := range v {
			if len(p) > 0 && len(p[0]) > 0 {
				return false
			}
		}
		return true
	case orb.Collection:
		for _, x := range v {
			if !isEmpty(x) {
				return false
			}
		}
		return true
	}
	return false
}

func finite(v ...float64) bool {
	for _, f := range v {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

// Count returns the number of features written to a layer so far.
func (w *Writer) Count(layer string) int {
	if l := w.layers[layer]; l != nil {
		return l.n
	}
	return 0
}

// Close finishes the file: it sets each layer's extent in gpkg_contents,
// creates the spatial index triggers and commits. If an earlier call
// failed, or finishing fails, the file is removed and the error returned.
// Close is idempotent.
func (w *Writer) Close() error {
	if w.done {
		return w.err
	}
	if w.err != nil {
		w.abort()
		return w.err
	}
	if err := w.finish(); err != nil {
		w.err = fmt.Errorf("gpkg: write %s: %w", w.path, err)
		w.abort()
		return w.err
	}
	w.done = true
	return nil
}

// Abort discards the file.
func (w *Writer) Abort() {
	if !w.done {
		if w.err == nil {
			w.err = errors.New("gpkg: aborted")
		}
		w.abort()
	}
}

func (w *Writer) finish() error {
	for _, name := range w.order {
		l := w.layers[name]
		l.insert.Close()
		l.rtree.Close()
		if l.hasEnv {
			if _, err := w.tx.Exec(`UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?,
				last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?`,
				l.env.Min[0], l.env.Min[1], l.env.Max[0], l.env.Max[1], name); err != nil {
				return err
			}
		}
		for _, s := range rtreeTriggers(name, "geom", "fid") {
			if _, err := w.tx.Exec(s); err != nil {
				return fmt.Errorf("layer %s: spatial index trigger: %w", name, err)
			}
		}
	}
	if err := w.tx.Commit(); err != nil {
		return err
	}
	w.tx = nil
	return w.db.Close()
}

// rtreeTriggers returns the triggers of the standard's R-tree extension
// (GeoPackage 1.3, F.3) for table t, geometry column c and key i.
func rtreeTriggers(t, c, i string) []string {
	rt := quote("rtree_" + t + "_" + c)
	trig := func(suffix string) string { return quote("rtree_" + t + "_" + c + "_" + suffix) }
	T, C, I := quote(t), quote(c), quote(i)
	vals := "NEW." + I + ", ST_MinX(NEW." + C + "), ST_MaxX(NEW." + C + "), ST_MinY(NEW." + C + "), ST_MaxY(NEW." + C + ")"
	return []string{
		"CREATE TRIGGER " + trig("insert") + " AFTER INSERT ON " + T +
			" WHEN (new." + C + " NOT NULL AND NOT ST_IsEmpty(NEW." + C + "))" +
			" BEGIN INSERT OR REPLACE INTO " + rt + " VALUES (" + vals + "); END",
		"CREATE TRIGGER " + trig("update1") + " AFTER UPDATE OF " + C + " ON " + T +
			" WHEN OLD." + I + " = NEW." + I + " AND (NEW." + C + " NOTNULL AND NOT ST_IsEmpty(NEW." + C + "))" +
			" BEGIN INSERT OR REPLACE INTO " + rt + " VALUES (" + vals + "); END",
		"CREATE TRIGGER " + trig("update2") + " AFTER UPDATE OF " + C + " ON " + T +
			" WHEN OLD." + I + " = NEW." + I + " AND (NEW." + C + " ISNULL OR ST_IsEmpty(NEW." + C + "))" +
			" BEGIN DELETE FROM " + rt + " WHERE id = OLD." + I + "; END",
		"CREATE TRIGGER " + trig("update3") + " AFTER UPDATE ON " + T +
			" WHEN OLD." + I + " != NEW." + I + " AND (NEW." + C + " NOTNULL AND NOT ST_IsEmpty(NEW." + C + "))" +
			" BEGIN DELETE FROM " + rt + " WHERE id = OLD." + I + "; INSERT OR REPLACE INTO " + rt + " VALUES (" + vals + "); END",
		"CREATE TRIGGER " + trig("update4") + " AFTER UPDATE ON " + T +
			" WHEN OLD." + I + " != NEW." + I + " AND (NEW." + C + " ISNULL OR ST_IsEmpty(NEW." + C + "))" +
			" BEGIN DELETE FROM " + rt + " WHERE id IN (OLD." + I + ", NEW." + I + "); END",
		"CREATE TRIGGER " + trig("delete") + " AFTER DELETE ON " + T +
			" WHEN old." + C + " NOT NULL" +
			" BEGIN DELETE FROM " + rt + " WHERE id = OLD." + I + "; END",
	}
}

func (w *Writer) check() error {
	if w.done {
		return errors.New("gpkg: writer is closed")
	}
	return w.err
}

func (w *Writer) fail(err error) error {
	if err != nil && w.err == nil {
		w.err = err
	}
	return err
}

// abort rolls back, closes and removes the file with its journal.
func (w *Writer) abort() {
	w.done = true
	if w.tx != nil {
		w.tx.Rollback()
		w.tx = nil
	}
	if w.db != nil {
		w.db.Close()
	}
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(w.path + suffix)
	}
}
