package ogr

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// Cologne's Stadtteile: 86 polygons, cp1252 DBF without .cpg (language
// driver 0x57), ESRI .prj for UTM 32N with false easting 2,500,000.

// checkCologne checks the Stadtteile as read from d.
func checkCologne(t *testing.T, d *Dataset) {
	t.Helper()
	if d.Driver() != DriverShapefile {
		t.Fatalf("driver %q", d.Driver())
	}
	if d.LayerCount() != 1 {
		t.Fatalf("%d layers", d.LayerCount())
	}
	l := d.Layer(0)
	if l.Name() != "Stadtteil" {
		t.Errorf("layer name %q", l.Name())
	}
	if got, want := l.Fields(), []string{"STT_NR", "STT_NAME", "SHAPE_AREA", "SHAPE_LEN"}; !slices.Equal(got, want) {
		t.Errorf("fields %q; want %q", got, want)
	}
	if g := l.GeometryType(); g != "Polygon" {
		t.Errorf("geometry type %q", g)
	}
	if n := l.FeatureCount(); n != 86 {
		t.Errorf("FeatureCount %d", n)
	}
	fs := readLayer(t, l)
	if len(fs) != 86 {
		t.Fatalf("%d features; want 86", len(fs))
	}
	for i, f := range fs {
		if f.fid != int64(i) {
			t.Errorf("feature %d has FID %d", i, f.fid)
		}
		if !utf8.ValidString(f.values["STT_NAME"]) {
			t.Errorf("STT_NAME %q is not UTF-8", f.values["STT_NAME"])
		}
		if _, ok := f.geom.(orb.Polygon); !ok {
			t.Errorf("%s: geometry %T", f.values["STT_NAME"], f.geom)
		}
	}
	for _, name := range []string{"Neustadt/Süd", "Bocklemünd/Mengenich", "Weiß", "Rath/Heumar"} {
		if len(byName(fs, "STT_NAME", name)) != 1 {
			t.Errorf("no Stadtteil %q", name)
		}
	}

	srs := l.SRS()
	if srs == nil {
		t.Fatal("no SRS from the .prj")
	}
	defer srs.Close()
	if srs.EPSG() != 0 {
		t.Errorf("EPSG %d; the false easting 2,500,000 matches no EPSG code", srs.EPSG())
	}
	if srs.IsGeographic() {
		t.Error("SRS is geographic")
	}
	if !strings.Contains(srs.Name(), "UTM zone 32N") {
		t.Errorf("SRS name %q", srs.Name())
	}
	tr, err := NewToWGS84(srs)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()

	// The cathedral lies in Altstadt/Nord.
	alt := byName(fs, "STT_NAME", "Altstadt/Nord")
	if len(alt) != 1 {
		t.Fatal("no Altstadt/Nord")
	}
	if b := toWGS84(t, tr, alt[0].geom); !b.Contains(orb.Point{6.9581, 50.9413}) {
		t.Errorf("Altstadt/Nord %v does not contain the cathedral", b)
	}
	var all orb.Bound
	for i, f := range fs {
		b := toWGS84(t, tr, f.geom)
		if i == 0 {
			all = b
		} else {
			all = all.Union(b)
		}
	}
	want := orb.Bound{Min: orb.Point{6.7725, 50.8304}, Max: orb.Point{7.1620, 51.0850}}
	if !near(all.Min[0], want.Min[0], 1e-4) || !near(all.Min[1], want.Min[1], 1e-4) ||
		!near(all.Max[0], want.Max[0], 1e-4) || !near(all.Max[1], want.Max[1], 1e-4) {
		t.Errorf("extent %v; want about %v", all, want)
	}
}

func TestShapefile(t *testing.T) {
	d, err := Open("testdata/Stadtteil.shp")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	checkCologne(t, d)
	if w := d.Warnings(); len(w) > 0 {
		t.Errorf("warnings: %q", w)
	}
}

func cologneFiles(t testing.TB, dir string) map[string][]byte {
	files := map[string][]byte{}
	for _, ext := range []string{"shp", "shx", "dbf", "prj"} {
		files[dir+"Stadtteil."+ext] = readFile(t, "Stadtteil."+ext)
	}
	return files
}

func TestShapefileZip(t *testing.T) {
	for _, dir := range []string{"", "Stadtteil/", "2013-06-25_shape_stadtteil/Stadtteil/"} {
		t.Run("folder="+dir, func(t *testing.T) {
			files := cologneFiles(t, dir)
			// What zips from macOS and Windows carry beside the data.
			files["__MACOSX/"+dir+"._Stadtteil.shp"] = []byte("junk")
			files[dir+"Lizenz.txt"] = []byte("CC BY 3.0 DE")
			d, err := OpenBytes("stadtteile.zip", zipFiles(t, files))
			if err != nil {
				t.Fatal(err)
			}
			mem := ourMemFiles()
			if len(mem) == 0 {
				t.Error("no memory file while open")
			}
			checkCologne(t, d)
			d.Close()
			if left := ourMemFiles(); len(left) > 0 {
				t.Errorf("memory files left after Close: %v", left)
			}
		})
	}
}

func TestShapefileZipOnDisk(t *testing.T) {
	p := filepath.Join(t.TempDir(), "Stadtteile.ZIP")
	if err := os.WriteFile(p, zipFiles(t, cologneFiles(t, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{p, "/vsizip/" + p} {
		d, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if n := d.Layer(0).FeatureCount(); n != 86 {
			t.Errorf("%s: %d features", path, n)
		}
		d.Close()
	}
	// The inner path also works.
	d, err := Open("/vsizip/" + p + "/Stadtteil.shp")
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
}

func TestShapefileZipTargets(t *testing.T) {
	dbf := readFile(t, "Stadtteil.dbf")
	osm := readFile(t, "erlangen_way_31361386.osm")
	tests := []struct {
		name   string
		files  map[string][]byte
		layers int    // 0: must fail
		driver string // when it opens
	}{
		{"two shapefiles in one folder", map[string][]byte{
			"a/Nord.shp": readFile(t, "Stadtteil.shp"), "a/Nord.shx": readFile(t, "Stadtteil.shx"), "a/Nord.dbf": dbf,
			"a/Sued.shp": readFile(t, "Stadtteil.shp"), "a/Sued.shx": readFile(t, "Stadtteil.shx"), "a/Sued.dbf": dbf,
		}, 2, DriverShapefile},
		{"osm in a folder", map[string][]byte{"export/map.osm": osm, "export/readme.txt": []byte("ODbL")}, 5, DriverOSM},
		{"two data sets", map[string][]byte{"a.osm": osm, "b/Stadtteil.shp": readFile(t, "Stadtteil.shp"), "b/Stadtteil.dbf": dbf}, 0, ""},
		{"no data set", map[string][]byte{"readme.txt": []byte("nothing"), "Stadtteil.dbf": dbf}, 0, ""},
		{"not a zip", nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte("PK but not really a zip file")
			if tt.files != nil {
				data = zipFiles(t, tt.files)
			}
			d, err := OpenBytes("upload.zip", data)
			if tt.layers == 0 {
				if err == nil {
					d.Close()
					t.Fatal("opened")
				}
				t.Logf("error: %v", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if d.Driver() != tt.driver || d.LayerCount() != tt.layers {
				t.Fatalf("driver %s with %d layers; want %s with %d", d.Driver(), d.LayerCount(), tt.driver, tt.layers)
			}
		})
	}
	if left := ourMemFiles(); len(left) > 0 {
		t.Errorf("memory files left: %v", left)
	}
}

// patchedCologne writes the Cologne shapefile to a temporary folder with
// the first byte of the name "Weiß" in the DBF replaced by b, and the .cpg
// file cpg unless it is empty. It returns the .shp path.
func patchedCologne(t *testing.T, b byte, cpg string) string {
	t.Helper()
	dir := t.TempDir()
	for _, ext := range []string{"shp", "shx", "dbf", "prj"} {
		data := readFile(t, "Stadtteil."+ext)
		if ext == "dbf" {
			i := bytes.Index(data, []byte("Wei\xdf "))
			if i < 0 {
				t.Fatal("no Weiß in the DBF")
			}
			data[i] = b
		}
		if err := os.WriteFile(filepath.Join(dir, "Stadtteil."+ext), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if cpg != "" {
		if err := os.WriteFile(filepath.Join(dir, "Stadtteil.cpg"), []byte(cpg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "Stadtteil.shp")
}

// names returns the STT_NAME values of the shapefile at p.
func names(t *testing.T, p string, o Options) ([]string, []string) {
	t.Helper()
	d, err := OpenWith(p, o)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var out []string
	for _, f := range readLayer(t, d.Layer(0)) {
		out = append(out, f.values["STT_NAME"])
	}
	return out, d.Warnings()
}

func TestShapefileEncoding(t *testing.T) {
	tests := []struct {
		name    string
		b       byte
		cpg     string
		o       Options
		want    string
		warning bool
	}{
		// GDAL reads language driver 0x57 as ISO-8859-1; the package reads
		// it as Windows-1252, so 0x80 is the euro sign, not U+0080.
		{"LDID 0x57 means cp1252", 0x80, "", Options{}, "€eiß", false},
		{"a .cpg wins", 0x80, "ISO-8859-1", Options{}, "\u0080eiß", false},
		{"cpg 1252", 0x80, "1252", Options{}, "€eiß", false},
		{"cpg UTF-8 on cp1252 bytes", 'W', "UTF-8", Options{}, "Wei\xdf", false},
		{"Encoding option wins over .cpg", 'W', "UTF-8", Options{Encoding: "CP1252"}, "Weiß", false},
		{"Encoding CP850", 'W', "", Options{Encoding: "CP850"}, "Wei▀", false},
		// 0x81 is undefined in cp1252: GDAL warns and drops it.
		{"undefined byte", 0x81, "", Options{}, "eiß", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warnings := names(t, patchedCologne(t, tt.b, tt.cpg), tt.o)
			if !slices.Contains(got, tt.want) {
				i := slices.IndexFunc(got, func(s string) bool { return strings.HasSuffix(s, "ei\u00df") || strings.HasPrefix(s, "Wei") })
				found := ""
				if i >= 0 {
					found = got[i]
				}
				t.Fatalf("no name %q (found %q)", tt.want, found)
			}
			if tt.warning != (len(warnings) > 0) {
				t.Errorf("warnings %q", warnings)
			}
		})
	}
}
