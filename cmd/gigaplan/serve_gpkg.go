package main

import (
	"fmt"
	"iter"

	"gigaplan/data/gpkg"
	"gigaplan/web"
)

// writeGPKGFile writes the GeoPackage downloads of the office's reports
// page (web.Config.WriteGPKG): the web may not import data/gpkg, so the
// writer is passed in from here.
func writeGPKGFile(path string, layer web.GPKGLayer, features iter.Seq2[web.GPKGFeature, error]) error {
	w, err := gpkg.Create(path)
	if err != nil {
		return fmt.Errorf("geopackage %s: %w", layer.Name, err)
	}
	fill := func() error {
		l := gpkg.Layer{Name: layer.Name, GeometryType: layer.GeometryType, Fields: gpkgFields(layer.Columns), Description: layer.Description}
		if err := w.AddLayer(l); err != nil {
			return err
		}
		for f, err := range features {
			if err != nil {
				return err
			}
			if err := w.Add(l.Name, f.Geometry, f.Values...); err != nil {
				return err
			}
		}
		return nil
	}
	if err := fill(); err != nil {
		w.Abort()
		return fmt.Errorf("geopackage %s: %w", layer.Name, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("geopackage %s: %w", layer.Name, err)
	}
	return nil
}
