package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"gigaplan/geo"
)

func ExampleNewIndex() {
	square := orb.Ring{{8, 48}, {8.01, 48}, {8.01, 48.01}, {8, 48.01}, {8, 48}}
	areas := []geo.Area{
		{ID: 1, Kind: geo.KindDistrict, Name: "Altstadt", Geometry: orb.MultiPolygon{{square}}},
		{ID: 2, Kind: geo.KindZone, Name: "Gewerbegebiet Nord", Geometry: orb.MultiPolygon{{
			{{8.005, 48.005}, {8.02, 48.005}, {8.02, 48.02}, {8.005, 48.02}, {8.005, 48.005}}}}},
	}
	ix, err := geo.NewIndex(areas)
	if err != nil {
		panic(err)
	}
	for _, p := range []orb.Point{
		{8.002, 48.002}, // inside Altstadt
		{8.01, 48.001},  // on Altstadt's east edge: covered
		{8.008, 48.008}, // in both
		{8.03, 48.03},   // outside both
	} {
		var names []string
		for _, i := range ix.Locate(p, nil) {
			names = append(names, areas[i].Name)
		}
		fmt.Println(p, names)
	}
	// Output:
	// [8.002 48.002] [Altstadt]
	// [8.01 48.001] [Altstadt]
	// [8.008 48.008] [Altstadt Gewerbegebiet Nord]
	// [8.03 48.03] []
}
