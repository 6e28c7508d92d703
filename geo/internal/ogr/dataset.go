package ogr

// #include "wrap.h"
import "C"

import (
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"unsafe"
)

// Opening goes: checkPath (local, /vsizip/, /vsimem/ only) → for a zip,
// zipTarget picks the one data set inside → identify (GDALIdentifyDriverEx
// over the allowed drivers) → openDriver with that driver's open options.
// A Shapefile that GDAL would decode as ISO-8859-1 for want of a .cpg is
// opened a second time as Windows-1252.

// Driver short names, as Dataset.Driver reports them.
const (
	DriverShapefile = "ESRI Shapefile"
	DriverGPKG      = "GPKG"
	DriverGML       = "GML"
	DriverOSM       = "OSM"
)

// allowedDrivers are the only GDAL drivers that may open a file.
var allowedDrivers = []string{DriverShapefile, DriverGPKG, DriverGML, DriverOSM}

// Options changes how a file is read; the zero value is the default.
type Options struct {
	// Encoding overrides the DBF encoding of a Shapefile ("CP1252",
	// "CP850", "UTF-8", any name iconv knows); other formats ignore it.
	// Without it GDAL takes the .cpg file, else the DBF language driver
	// byte, and recodes the text to UTF-8. A file that says ISO-8859-1 that
	// way (language driver 0x57 "ANSI", or none) is read as Windows-1252,
	// the superset Windows programs really write.
	Encoding string
}

// Dataset is an open vector file.
type Dataset struct {
	h        C.GDALDatasetH
	log      cLog
	driver   string
	vsidir   string // /vsimem/ directory OpenBytes made, removed by Close
	layers   []*Layer
	warnings []string // kept by Close
	cleanup  runtime.Cleanup
}

// datasetRes is what a Dataset must release; the cleanup gets a copy.
type datasetRes struct {
	h      C.GDALDatasetH
	log    cLog
	vsidir string
}

func (r datasetRes) free() {
	if r.h != nil {
		C.ogrw_close(r.h, r.log)
	}
	if r.vsidir != "" {
		removeVSIDir(r.vsidir)
	}
	freeLog(r.log)
}

// Open opens a vector file read-only. path is a local path, a /vsizip/
// path, or a /vsimem/ path; a path ending in ".zip" is opened as the one
// data set the archive holds (see OpenBytes). Only the drivers "ESRI
// Shapefile", "GPKG", "GML" and "OSM" may open it. A missing file is an
// error wrapping fs.ErrNotExist, a file none of the drivers reads one
// wrapping ErrUnsupported.
func Open(path string) (*Dataset, error) {
	return OpenWith(path, Options{})
}

// OpenWith is Open with options.
func OpenWith(path string, o Options) (*Dataset, error) {
	if err := setup(); err != nil {
		return nil, err
	}
	if err := checkPath(path); err != nil {
		return nil, err
	}
	var d *Dataset
	var err error
	if isZip(path) {
		file, root := path, path
		if strings.HasPrefix(path, "/vsizip/") {
			file = strings.TrimPrefix(path, "/vsizip/")
		} else {
			root = "/vsizip/" + path
		}
		if !exists(file) {
			return nil, fmt.Errorf("ogr: open %s: %w", path, fs.ErrNotExist)
		}
		d, err = openZip(root, path, o)
	} else {
		d, err = openPath(path, path, o)
	}
	if err != nil {
		return nil, err
	}
	d.arm()
	return d, nil
}

var memSeq atomic.Uint64

// OpenBytes copies data into a /vsimem/ file called name and opens it as
// Open does; Close removes the memory file. The extension of name picks
// the way in: ".zip" opens the one data set inside the archive (a
// Shapefile with its .shx, .dbf, .prj and .cpg, a .gpkg, .gml, .osm or
// .pbf file, in any folder); ".gpkg", ".gml", ".osm", ".pbf" open the file
// itself. The archive must hold exactly one data set (several .shp files
// in one folder count as one).
func OpenBytes(name string, data []byte) (*Dataset, error) {
	return OpenBytesWith(name, data, Options{})
}

// OpenBytesWith is OpenBytes with options.
func OpenBytesWith(name string, data []byte, o Options) (*Dataset, error) {
	if err := setup(); err != nil {
		return nil, err
	}
	base := memBase(name)
	dir := fmt.Sprintf("/vsimem/gigaplan-ogr-%d", memSeq.Add(1))
	file := dir + "/" + base
	cdir, cbase := C.CString(dir), C.CString(base)
	ok := C.ogrw_vsimem_file(cdir, cbase, unsafe.Pointer(unsafe.SliceData(data)), C.size_t(len(data)))
	C.free(unsafe.Pointer(cdir))
	C.free(unsafe.Pointer(cbase))
	if ok == 0 {
		removeVSIDir(dir)
		return nil, &Error{Op: "open " + name, Msg: "cannot create memory file"}
	}
	var d *Dataset
	var err error
	if isZip(base) {
		d, err = openZip("/vsizip/"+file, name, o)
	} else {
		d, err = openPath(file, name, o)
	}
	if err != nil {
		removeVSIDir(dir)
		return nil, err
	}
	d.vsidir = dir
	d.arm()
	return d, nil
}

// memBase makes the last element of name safe as a /vsimem/ file name.
func memBase(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return '_'
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." {
		return "data"
	}
	return name
}

// checkPath refuses everything but local paths, /vsizip/ and /vsimem/
// (no /vsicurl/, no URLs, no other virtual file systems).
func checkPath(p string) error {
	if p == "" {
		return fmt.Errorf("%w: empty path", ErrUnsupported)
	}
	if strings.Contains(p, "://") {
		return fmt.Errorf("%w: %s: not a local path", ErrUnsupported, p)
	}
	for rest := p; ; {
		i := strings.Index(rest, "/vsi")
		if i < 0 {
			return nil
		}
		rest = rest[i:]
		if !strings.HasPrefix(rest, "/vsizip/") && !strings.HasPrefix(rest, "/vsimem/") {
			return fmt.Errorf("%w: %s: only local, /vsizip/ and /vsimem/ paths are allowed", ErrUnsupported, p)
		}
		rest = rest[len("/vsi"):]
	}
}

// exists reports whether the file or folder p exists.
func exists(p string) bool {
	cp := C.CString(p)
	defer C.free(unsafe.Pointer(cp))
	return C.ogrw_stat(cp) >= 0
}

func isZip(p string) bool {
	return strings.HasSuffix(strings.ToLower(p), ".zip")
}

// openZip opens the one data set inside the archive root ("/vsizip/...");
// messages call the archive show.
func openZip(root, show string, o Options) (*Dataset, error) {
	croot := C.CString(root)
	csl := C.ogrw_VSIReadDirRecursive(croot)
	C.free(unsafe.Pointer(croot))
	names := goStrings(csl)
	C.ogrw_CSLDestroy(csl)
	if names == nil && !exists(root) {
		return nil, fmt.Errorf("%w: %s: not a readable zip archive", ErrUnsupported, show)
	}
	target, err := zipTarget(names)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrUnsupported, show, err.Error())
	}
	if target != "" {
		root += "/" + target
		show += "/" + target
	}
	return openPath(root, show, o)
}

// zipTarget picks the data set among the names in an archive: the one
// .gpkg, .gml, .osm or .pbf file, the one .shp file, or the folder ("" for
// the top) holding several .shp files.
func zipTarget(names []string) (string, error) {
	shp := map[string][]string{} // folder → .shp files
	var targets []string
	for _, n := range names {
		base := path.Base(n)
		if strings.HasPrefix(n, "__MACOSX/") || strings.HasPrefix(base, "._") {
			continue
		}
		switch strings.ToLower(path.Ext(n)) {
		case ".shp":
			dir := path.Dir(n)
			shp[dir] = append(shp[dir], n)
		case ".gpkg", ".gml", ".osm", ".pbf":
			targets = append(targets, n)
		}
	}
	for dir, files := range shp {
		switch {
		case len(files) == 1:
			targets = append(targets, files[0])
		case dir == ".":
			targets = append(targets, "")
		default:
			targets = append(targets, dir)
		}
	}
	slices.Sort(targets)
	switch len(targets) {
	case 0:
		return "", fmt.Errorf("no Shapefile, GeoPackage, GML or OSM file in the archive")
	case 1:
		return targets[0], nil
	}
	for i, t := range targets {
		if t == "" {
			targets[i] = "/"
		}
	}
	return "", fmt.Errorf("the archive holds %d data sets (%s); expected one", len(targets), strings.Join(targets, ", "))
}

// openPath opens p with the allowed driver that recognises it; messages
// call the file show (the name given to OpenBytes rather than the
// /vsimem/ path).
func openPath(p, show string, o Options) (*Dataset, error) {
	cp := C.CString(p)
	defer C.free(unsafe.Pointer(cp))
	if !exists(p) {
		return nil, fmt.Errorf("ogr: open %s: %w", show, fs.ErrNotExist)
	}
	log := newLog()
	driver, err := identify(cp, show, log)
	if err != nil {
		freeLog(log)
		return nil, err
	}
	opts := openOptions(driver, o)
	h, err := openDriver(cp, show, driver, opts, log)
	if err != nil {
		freeLog(log)
		return nil, err
	}
	d := &Dataset{h: h, log: log, driver: driver}
	if driver == DriverShapefile && o.Encoding == "" && d.latin1() {
		C.ogrw_close(d.h, log)
		d.h, err = openDriver(cp, show, driver, append(opts, "ENCODING=CP1252"), log)
		if err != nil {
			freeLog(log)
			return nil, err
		}
	}
	return d, nil
}

// identify returns the short name of the allowed driver that recognises
// the file cp (p in messages). A folder is read as a set of Shapefiles.
func identify(cp *C.char, p string, log cLog) (string, error) {
	allowed := cStrings(allowedDrivers)
	defer C.ogrw_CSLDestroy(allowed)
	name := C.ogrw_identify(cp, allowed, log)
	if name != nil {
		return C.GoString(name), nil
	}
	if failed(log) {
		return "", opError("open", p, log)
	}
	if C.ogrw_stat(cp) == 1 {
		return DriverShapefile, nil
	}
	return "", fmt.Errorf("%w: %s is not a Shapefile, GeoPackage, GML or OSM file", ErrUnsupported, p)
}

// openOptions returns the open options for driver: GML must neither write
// a .gfs file nor download a schema, and should find the SRS even when an
// .xsd describes the fields.
func openOptions(driver string, o Options) []string {
	switch driver {
	case DriverGML:
		return []string{"WRITE_GFS=NO", "DOWNLOAD_SCHEMA=NO", "FORCE_SRS_DETECTION=YES"}
	case DriverShapefile:
		if o.Encoding != "" {
			return []string{"ENCODING=" + o.Encoding}
		}
	}
	return nil
}

// openDriver opens cp (p in messages) with driver. An error GDAL reports
// while opening fails the open even if a handle came back: the GML driver,
// for one, reports a broken file that way and then reads no features.
func openDriver(cp *C.char, p, driver string, opts []string, log cLog) (C.GDALDatasetH, error) {
	cd := C.CString(driver)
	defer C.free(unsafe.Pointer(cd))
	co := cStrings(opts)
	defer C.ogrw_CSLDestroy(co)
	h := C.ogrw_open(cp, cd, co, log)
	if h != nil && !failed(log) {
		return h, nil
	}
	err := opError("open", p, log)
	if h != nil {
		C.ogrw_close(h, log)
	}
	return nil, err
}

// latin1 reports whether GDAL decodes the Shapefile's DBF as ISO-8859-1
// for want of a .cpg file (from language driver 0x57, or by default).
func (d *Dataset) latin1() bool {
	shapefile := C.CString("SHAPEFILE")
	defer C.free(unsafe.Pointer(shapefile))
	source := C.CString("SOURCE_ENCODING")
	defer C.free(unsafe.Pointer(source))
	fromCPG := C.CString("ENCODING_FROM_CPG")
	defer C.free(unsafe.Pointer(fromCPG))
	latin1 := false
	for i := range int(C.ogrw_GDALDatasetGetLayerCount(d.h)) {
		l := C.ogrw_GDALDatasetGetLayer(d.h, C.int(i))
		if C.ogrw_GDALGetMetadataItem(C.GDALMajorObjectH(l), fromCPG, shapefile) != nil {
			return false
		}
		if enc := C.ogrw_GDALGetMetadataItem(C.GDALMajorObjectH(l), source, shapefile); enc != nil && C.GoString(enc) == "ISO-8859-1" {
			latin1 = true
		}
	}
	return latin1
}

// arm registers the safety-net cleanup once the Dataset is complete.
func (d *Dataset) arm() {
	d.cleanup = runtime.AddCleanup(d, datasetRes.free, datasetRes{h: d.h, log: d.log, vsidir: d.vsidir})
}

// Close closes the file and removes the memory file OpenBytes made. Its
// Layers are unusable afterwards. Close is safe to call twice.
func (d *Dataset) Close() {
	if d == nil || d.log == nil {
		return
	}
	d.cleanup.Stop()
	res := datasetRes{h: d.h, log: d.log, vsidir: d.vsidir}
	C.ogrw_close(res.h, res.log) // first, to keep what GDAL says on closing
	res.h = nil
	d.warnings = warnings(res.log)
	res.free()
	d.h, d.log, d.layers = nil, nil, nil
}

// Driver returns the short name of the GDAL driver that opened the file:
// "ESRI Shapefile", "GPKG", "GML" or "OSM".
func (d *Dataset) Driver() string {
	return d.driver
}

// Warnings returns the last warnings GDAL reported while reading the
// file (at most 8, oldest first); they stay available after Close.
func (d *Dataset) Warnings() []string {
	if d.log == nil {
		return slices.Clone(d.warnings)
	}
	return warnings(d.log)
}

// LayerCount returns the number of layers, 0 after Close.
func (d *Dataset) LayerCount() int {
	if d.h == nil {
		return 0
	}
	n := int(C.ogrw_GDALDatasetGetLayerCount(d.h))
	runtime.KeepAlive(d)
	return n
}

// Layer returns layer i (0 ≤ i < LayerCount), or nil.
func (d *Dataset) Layer(i int) *Layer {
	n := d.LayerCount()
	if i < 0 || i >= n {
		return nil
	}
	if len(d.layers) != n {
		d.layers = make([]*Layer, n)
	}
	if d.layers[i] == nil {
		h := C.ogrw_GDALDatasetGetLayer(d.h, C.int(i))
		d.layers[i] = &Layer{d: d, h: h, name: C.GoString(C.ogrw_OGR_L_GetName(h))}
		runtime.KeepAlive(d)
	}
	return d.layers[i]
}

func removeVSIDir(dir string) {
	cd := C.CString(dir)
	C.ogrw_VSIRmdirRecursive(cd)
	C.free(unsafe.Pointer(cd))
}

// memFiles lists the files under /vsimem/ (tests check for leaks).
func memFiles() []string {
	if setup() != nil {
		return nil
	}
	cd := C.CString("/vsimem/")
	defer C.free(unsafe.Pointer(cd))
	csl := C.ogrw_VSIReadDirRecursive(cd)
	defer C.ogrw_CSLDestroy(csl)
	return goStrings(csl)
}
