package geo

import (
	"os"
	"testing"
)

// BenchmarkReadAreasFormats reads the same 86 Stadtteile of Cologne
// (38,863 vertices) as a zipped Shapefile through GDAL and as KML through
// our encoding/xml reader, each with the transform to WGS84 and the GEOS
// validity check: the measurement behind the readers' choice
// (geo/formats.go). The KML is the full file from ../shared/data, which
// only the project's machines have.
func BenchmarkReadAreasFormats(b *testing.B) {
	shp := zipOf(b, "Stadtteil.shp", "Stadtteil.shx", "Stadtteil.dbf", "Stadtteil.prj")
	kml, err := os.ReadFile("../../shared/data/koeln/stadtteile.kml")
	if err != nil {
		b.Skip("no ../shared/data/koeln/stadtteile.kml:", err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{{"shapefile-gdal", shp}, {"kml-go", kml}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.data)))
			for b.Loop() {
				areas, _, err := readAreas(b, tc.name, tc.data, ParseOptions{Kind: KindDistrict})
				if err != nil || len(areas) != 86 {
					b.Fatal(len(areas), err)
				}
			}
		})
	}
}
