package geo_test

import (
	"fmt"
	"strings"

	"gigaplan/geo"
)

// A UTM zone 32 point near Offenburg, read from the spellings files use.
func ExampleCRS_ToWGS84() {
	crs, err := geo.ParseCRS("urn:ogc:def:crs:EPSG::25832")
	if err != nil {
		panic(err)
	}
	lon, lat, err := crs.ToWGS84(415000, 5370000)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %.8f N, %.8f E\n", crs, lat, lon)

	// EPSG:4647 prefixes the zone to the easting.
	x, y, _ := geo.UTM32Zoned.FromWGS84(lon, lat)
	fmt.Printf("%s: %.3f, %.3f\n", geo.UTM32Zoned, x, y)

	// Degrees given for a projected system are refused with a hint.
	_, _, err = geo.UTM32.ToWGS84(7.85, 48.48)
	fmt.Println(strings.Contains(err.Error(), "looks like WGS84 degrees"), geo.ErrorCode(err))
	// Output:
	// EPSG:25832: 48.47737983 N, 7.84986109 E
	// EPSG:4647: 32415000.000, 5370000.000
	// true invalid
}

// Reading an HK-DE record: the zone-prefixed easting with a decimal comma
// is converted to WGS84.
func ExampleReadAddresses() {
	const hkde = "N;DEBWL00100000001;A;08;3;17;096;0001;01234;12;a;32415000,000;5370000,000;Hauptstraße;77652;Offenburg;;Innenstadt\n"
	var rep geo.Report
	for a, err := range geo.ReadAddresses("hk.txt", strings.NewReader(hkde), geo.ParseOptions{}, &rep) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s | %s | %.6f, %.6f | %s\n", a.Key, a.Label(), a.Lat, a.Lon, a.Source)
	}
	fmt.Println(rep.Format, rep.CRS)
	// Output:
	// 08317096|01234|12|a | Hauptstraße 12a, 77652 Offenburg | 48.477380, 7.849861 | hk.txt:1
	// HK-DE 4.2 EPSG:25832
}
