package ogr

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func mustSRS(t *testing.T, in string) *SRS {
	t.Helper()
	s, err := NewSRS(in)
	if err != nil {
		t.Fatalf("NewSRS(%.40q): %v", in, err)
	}
	t.Cleanup(s.Close)
	return s
}

func mustTransform(t *testing.T, s *SRS) *Transform {
	t.Helper()
	tr, err := NewToWGS84(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tr.Close)
	return tr
}

// apply1 transforms one point.
func apply1(t *testing.T, tr *Transform, x, y float64) (float64, float64) {
	t.Helper()
	xs, ys := []float64{x}, []float64{y}
	if err := tr.Apply(xs, ys); err != nil {
		t.Fatal(err)
	}
	return xs[0], ys[0]
}

func TestSRSFromUserInput(t *testing.T) {
	tests := []struct {
		in         string
		epsg       int
		name       string
		geographic bool
	}{
		{"EPSG:25832", 25832, "ETRS89 / UTM zone 32N", false},
		{"epsg:4326", 4326, "WGS 84", true},
		{"urn:ogc:def:crs:EPSG::31467", 31467, "DHDN / 3-degree Gauss-Kruger zone 3", false},
		{"http://www.opengis.net/def/crs/EPSG/0/25833", 25833, "ETRS89 / UTM zone 33N", false},
		{"EPSG:3035", 3035, "ETRS89-extended / LAEA Europe", false},
		// ESRI WKT as a .prj holds it: no EPSG code inside, found by match.
		{`PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`,
			25832, "ETRS89 / UTM zone 32N", false},
		{"+proj=longlat +datum=WGS84 +no_defs", 4326, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in[:min(len(tt.in), 30)], func(t *testing.T) {
			s := mustSRS(t, tt.in)
			if got := s.EPSG(); got != tt.epsg {
				t.Errorf("EPSG %d; want %d", got, tt.epsg)
			}
			if tt.name != "" && s.Name() != tt.name {
				t.Errorf("name %q; want %q", s.Name(), tt.name)
			}
			if s.IsGeographic() != tt.geographic {
				t.Errorf("geographic %v", s.IsGeographic())
			}
			// WKT round trip.
			w := s.WKT()
			if !strings.HasPrefix(w, "GEOGCRS[") && !strings.HasPrefix(w, "PROJCRS[") || strings.Contains(w, "\n") {
				t.Errorf("WKT %.60q", w)
			}
			// (A nameless PROJ-string CRS comes back as GEOGCRS["unknown"], which
			// PROJ no longer matches with EPSG:4326.)
			if back := mustSRS(t, w); tt.name != "" && back.EPSG() != tt.epsg {
				t.Errorf("WKT round trip gives EPSG %d", back.EPSG())
			}
		})
	}
}

func TestSRSErrors(t *testing.T) {
	for _, in := range []string{"", "   ", "EPSG:999999", "not a CRS", "PROJCS[broken"} {
		s, err := NewSRS(in)
		if err == nil {
			s.Close()
			t.Errorf("NewSRS(%q) succeeded", in)
			continue
		}
		var ge *Error
		if !errors.As(err, &ge) {
			t.Errorf("NewSRS(%q) = %v (%T)", in, err, err)
		}
		t.Logf("NewSRS(%q): %v", in, err)
	}
	// A URL that is not an OGC CRS name would be fetched: it is not.
	_, err := NewSRS("http://example.com/crs.prj")
	if err == nil || !strings.Contains(err.Error(), "network access is disabled") {
		t.Errorf("NewSRS(URL) = %v; want the network block", err)
	}
}

func TestTransformUTM(t *testing.T) {
	// ARCHITECTURE.md's check point: E 415000 N 5370000 in EPSG:25832.
	tr := mustTransform(t, mustSRS(t, "EPSG:25832"))
	lon, lat := apply1(t, tr, 415000, 5370000)
	if !near(lon, 7.84986109, 1e-7) || !near(lat, 48.47737983, 1e-7) {
		t.Errorf("(%.8f, %.8f); want (7.84986109, 48.47737983)", lon, lat)
	}
	// A PROJ string of the same projection gives the same point.
	tr2 := mustTransform(t, mustSRS(t, "+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs"))
	lon2, lat2 := apply1(t, tr2, 415000, 5370000)
	if !near(lon2, lon, 1e-7) || !near(lat2, lat, 1e-7) {
		t.Errorf("PROJ string: (%.8f, %.8f)", lon2, lat2)
	}
}

// TestTransformDHDN pins the transformation PROJ picks for Gauss-Krüger:
// "DHDN to WGS 84 (4)", the BETA2007 grid (proj-data's BETA2007.gsb), 1 m
// stated accuracy. The 7-parameter Helmert "DHDN to WGS 84 (2)" (3 m)
// lands 0.6 m away, no datum shift at all some 135 m away.
func TestTransformDHDN(t *testing.T) {
	tr := mustTransform(t, mustSRS(t, "EPSG:31467"))
	lon, lat := apply1(t, tr, 3500000, 5400000)
	// cs2cs -d 9 EPSG:31467 EPSG:4326 (PROJ 9.1.1) on "5400000 3500000".
	const wantLon, wantLat = 8.998975485, 48.737534874
	if !near(lon, wantLon, 1e-8) || !near(lat, wantLat, 1e-8) {
		t.Fatalf("(%.9f, %.9f); want (%.9f, %.9f): PROJ did not use the BETA2007 grid (is proj-data installed?)",
			lon, lat, wantLon, wantLat)
	}
}

// TestFromWGS84 checks the inverse transformation against the forward one
// (Gauss-Krüger with the grid, LAEA Europe) and the axis count.
func TestFromWGS84(t *testing.T) {
	for _, code := range []string{"EPSG:31467", "EPSG:3035", "EPSG:25832"} {
		srs := mustSRS(t, code)
		if n := srs.Axes(); n != 2 {
			t.Errorf("%s: %d axes, want 2", code, n)
		}
		inv, err := NewFromWGS84(srs)
		if err != nil {
			t.Fatal(err)
		}
		xs, ys := []float64{8.998975485}, []float64{48.737534874}
		if err := inv.Apply(xs, ys); err != nil {
			t.Fatal(err)
		}
		inv.Close()
		lon, lat := apply1(t, mustTransform(t, srs), xs[0], ys[0])
		if !near(lon, 8.998975485, 1e-8) || !near(lat, 48.737534874, 1e-8) {
			t.Errorf("%s: round trip gives (%.9f, %.9f)", code, lon, lat)
		}
	}
	if n := mustSRS(t, "EPSG:4979").Axes(); n != 3 {
		t.Errorf("EPSG:4979: %d axes, want 3", n)
	}
}

func TestTransformShapefilePRJ(t *testing.T) {
	// The .prj text gives the same SRS as the layer read from the file.
	d, err := Open("testdata/Stadtteil.shp")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	layerSRS := d.Layer(0).SRS()
	defer layerSRS.Close()
	prjSRS := mustSRS(t, string(readFile(t, "Stadtteil.prj")))
	if prjSRS.EPSG() != 0 {
		t.Errorf("EPSG %d", prjSRS.EPSG())
	}
	a := mustTransform(t, layerSRS)
	b := mustTransform(t, prjSRS)
	// The cathedral, in the file's UTM with false easting 2,500,000.
	x, y := 2356433.0, 5645261.0
	lon1, lat1 := apply1(t, a, x, y)
	lon2, lat2 := apply1(t, b, x, y)
	if lon1 != lon2 || lat1 != lat2 {
		t.Errorf("layer SRS (%.9f, %.9f), .prj (%.9f, %.9f)", lon1, lat1, lon2, lat2)
	}
	if !near(lon1, 6.9581, 2e-3) || !near(lat1, 50.9413, 2e-3) {
		t.Errorf("cathedral at (%.5f, %.5f)", lon1, lat1)
	}
}

func TestTransformApplyErrors(t *testing.T) {
	tr := mustTransform(t, mustSRS(t, "EPSG:25832"))
	if err := tr.Apply([]float64{1, 2}, []float64{1}); err == nil {
		t.Error("no error for different lengths")
	}
	if err := tr.Apply(nil, nil); err != nil {
		t.Errorf("empty: %v", err)
	}
	xs := []float64{415000, math.NaN(), 415000}
	ys := []float64{5370000, 5370000, 5370000}
	err := tr.Apply(xs, ys)
	var ge *Error
	if !errors.As(err, &ge) || ge.Op != "transform point 1" {
		t.Fatalf("Apply with NaN at 1 = %v", err)
	}
	t.Logf("error: %v; points now %v %v", err, xs, ys)
	if !near(xs[0], 7.84986109, 1e-7) || !near(xs[2], 7.84986109, 1e-7) {
		t.Errorf("the good points were not transformed: %v", xs)
	}
	if !math.IsInf(xs[1], 1) {
		t.Errorf("failed point holds %v", xs[1])
	}
}
