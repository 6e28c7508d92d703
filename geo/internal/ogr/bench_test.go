package ogr

import (
	"testing"

	"github.com/paulmach/orb/encoding/wkb"
)

// BenchmarkShapefile opens Cologne's 86 Stadtteile (38,863 vertices),
// reads every feature, decodes its WKB and transforms it to WGS 84.
func BenchmarkShapefile(b *testing.B) {
	for b.Loop() {
		d, err := Open("testdata/Stadtteil.shp")
		if err != nil {
			b.Fatal(err)
		}
		l := d.Layer(0)
		srs := l.SRS()
		tr, err := NewToWGS84(srs)
		if err != nil {
			b.Fatal(err)
		}
		n, points := 0, 0
		for f, err := range l.Features() {
			if err != nil {
				b.Fatal(err)
			}
			g, err := wkb.Unmarshal(f.WKB)
			if err != nil {
				b.Fatal(err)
			}
			xs, ys := coords(g)
			if err := tr.Apply(xs, ys); err != nil {
				b.Fatal(err)
			}
			n++
			points += len(xs)
		}
		if n != 86 || points != 38863 {
			b.Fatalf("%d features, %d points", n, points)
		}
		tr.Close()
		srs.Close()
		d.Close()
	}
}
