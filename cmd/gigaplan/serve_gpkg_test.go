package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"gigaplan/reports"
	"gigaplan/web"
)

func TestWriteGPKGFile(t *testing.T) {
	layer := web.GPKGLayer{Name: "addresses", GeometryType: "POINT", Description: "Test",
		Columns: []reports.Column{{Name: "street", Type: "TEXT"}, {Name: "households", Type: "INTEGER"}}}
	feats := []web.GPKGFeature{
		{Geometry: orb.Point{7.92, 48.48}, Values: []any{"Hauptstraße", int64(3)}},
		{Geometry: orb.Point{7.93, 48.45}, Values: []any{"Mühlenweg", int64(2)}},
	}
	seq := func(fail error) func(yield func(web.GPKGFeature, error) bool) {
		return func(yield func(web.GPKGFeature, error) bool) {
			for _, f := range feats {
				if !yield(f, nil) {
					return
				}
			}
			if fail != nil {
				yield(web.GPKGFeature{}, fail)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "export.gpkg")
	if err := writeGPKGFile(path, layer, seq(nil)); err != nil {
		t.Fatal(err)
	}
	info := cliOgrinfo(t, "-al", path)
	for _, w := range []string{"Layer name: addresses", "Feature Count: 2", "street (String) = Mühlenweg", "households (Integer64) = 3", "POINT (7.92 48.48)"} {
		if !strings.Contains(info, w) {
			t.Errorf("ogrinfo lacks %q:\n%s", w, info)
		}
	}

	// An error from the rows leaves no file.
	boom := errors.New("boom")
	bad := filepath.Join(t.TempDir(), "bad.gpkg")
	if err := writeGPKGFile(bad, layer, seq(boom)); !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("failed export left %s: %v", bad, err)
	}
}
