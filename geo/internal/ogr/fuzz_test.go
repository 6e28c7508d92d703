package ogr

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

var fuzzNames = []string{"upload.zip", "upload.gml", "upload.osm", "upload.osm.pbf"}

// FuzzOpenBytes feeds arbitrary bytes to the Shapefile-in-zip, GML and
// OSM (XML and PBF) readers: they must not crash, and Close must leave no memory file.
// GeoPackage is left out (SQLite makes it slow and it is fuzzed upstream).
func FuzzOpenBytes(f *testing.F) {
	dbf := readFile(f, "Stadtteil.dbf")
	prj := readFile(f, "Stadtteil.prj")
	osm := readFile(f, "erlangen_way_31361386.osm")
	gml := string(readFile(f, "schulen_40.gml"))
	// The first three schools, closed again: still valid GML.
	third := strings.Index(gml, "</gml:featureMember>")
	for range 2 {
		third += strings.Index(gml[third+1:], "</gml:featureMember>") + 1
	}
	gml3 := gml[:third] + "</gml:featureMember>\n</wfs:FeatureCollection>\n"

	// A DBF (with its .prj) is a Shapefile layer without geometry.
	f.Add(uint8(0), zipFiles(f, map[string][]byte{"Stadtteil.dbf": dbf, "Stadtteil.prj": prj}))
	f.Add(uint8(0), zipFiles(f, map[string][]byte{"a/map.osm": osm}))
	f.Add(uint8(1), []byte(gml3))
	f.Add(uint8(2), osm)
	f.Add(uint8(2), readFile(f, "kentucky_map.osm"))
	f.Add(uint8(3), readFile(f, "erlangen_way_31361386.osm.pbf"))

	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		name := fuzzNames[int(kind)%len(fuzzNames)]
		d, err := OpenBytes(name, data)
		dir := fmt.Sprintf("gigaplan-ogr-%d", memSeq.Load())
		if err == nil {
			for i := range d.LayerCount() {
				l := d.Layer(i)
				_ = l.Fields()
				_ = l.GeometryType()
				_ = l.FeatureCount()
				if s := l.SRS(); s != nil {
					_ = s.EPSG()
					s.Close()
				}
				n := 0
				for _, err := range l.Features() {
					if err != nil || n > 1000 {
						break
					}
					n++
				}
			}
			_ = d.Warnings()
			d.Close()
		}
		for _, m := range memFiles() {
			if strings.HasPrefix(m, dir) {
				t.Fatalf("memory file %s left (open error %v)", m, err)
			}
		}
	})
}

// formatOtherTags writes tags as GDAL's OSM driver does.
func formatOtherTags(tags map[string]string) string {
	esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	var b strings.Builder
	for i, k := range slices.Sorted(maps.Keys(tags)) {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%s"=>"%s"`, esc.Replace(k), esc.Replace(tags[k]))
	}
	return b.String()
}

func TestParseOtherTags(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]string
	}{
		{"", map[string]string{}},
		{`"addr:street"=>"Badstraße","addr:housenumber"=>"30"`, map[string]string{"addr:street": "Badstraße", "addr:housenumber": "30"}},
		{` "a" => "1" , "b"=>"2" `, map[string]string{"a": "1", "b": "2"}},
		{`"name"=>"Caf\"e \\ Bar","x"=>""`, map[string]string{"name": `Caf"e \ Bar`, "x": ""}},
		{`"a"=>"1,2","b"=>"=>"`, map[string]string{"a": "1,2", "b": "=>"}},
		// Malformed: the pairs before the fault are kept.
		{`"a"=>"1","b"=>`, map[string]string{"a": "1"}},
		{`"a"=>"1" "b"=>"2"`, map[string]string{"a": "1"}},
		{`"a"=>"1\`, map[string]string{}},
		{`a=>1`, map[string]string{}},
		{`"a"=>NULL`, map[string]string{}},
	}
	for _, tt := range tests {
		if got := ParseOtherTags(tt.in); !maps.Equal(got, tt.want) {
			t.Errorf("ParseOtherTags(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParseOtherTags(f *testing.F) {
	// other_tags values GDAL wrote for the OSM fixtures.
	f.Add(`"addr:city"=>"Erlangen","addr:country"=>"DE","addr:housenumber"=>"30","addr:postcode"=>"91052","addr:street"=>"Badstraße","building:levels"=>"1","roof:levels"=>"2","roof:shape"=>"gabled"`, "addr:street", "Badstraße")
	f.Add(`"building:levels"=>"1","building:part"=>"yes","colour"=>"#fffdd0","height"=>"4.5"`, "name", `Caf"e \ Bar`)
	f.Add(`"a"=>"1\`, `\`, `"`)
	f.Fuzz(func(t *testing.T, s, k, v string) {
		// Any input: no panic, and what it yields survives a round trip.
		got := ParseOtherTags(s)
		if got == nil {
			t.Fatal("nil map")
		}
		if again := ParseOtherTags(formatOtherTags(got)); !maps.Equal(again, got) {
			t.Fatalf("round trip of %q: %q, then %q", s, got, again)
		}
		// Any key and value GDAL could write come back unchanged.
		tags := map[string]string{k: v, "addr:street": v + k}
		if again := ParseOtherTags(formatOtherTags(tags)); !maps.Equal(again, tags) {
			t.Fatalf("%q parsed to %q", formatOtherTags(tags), again)
		}
	})
}
