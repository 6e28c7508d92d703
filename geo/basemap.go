package geo

// A generated base map: small sets of WGS84 features (the demo town's
// streets and building footprints) rendered to Mapbox Vector Tiles on
// request. Unlike TileIndex, nothing is pre-projected or simplified per
// zoom: a tile clones the features whose bounds meet it and lets orb's
// encoding/mvt project, clip and simplify them. That is fine for the few
// tens of thousands of features of a demo and far too slow for a real
// extract, which comes as a PMTiles file (geo/pmtiles).

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"
)

// Feature is one feature of a FeatureLayer.
type Feature struct {
	// Geometry in WGS84: Point, LineString, MultiLineString, Polygon
	// (exterior ring counter-clockwise) or MultiPolygon.
	Geometry orb.Geometry
	// Properties: strings, numbers or booleans.
	Properties map[string]any
}

// FeatureLayer is a named layer of features, left out of tiles below
// MinZoom.
type FeatureLayer struct {
	Name     string
	MinZoom  int
	Features []Feature
}

// FeatureTiles renders vector tiles from feature layers. It is immutable
// and safe for concurrent use.
type FeatureTiles struct {
	layers []featureLayer
	bound  orb.Bound
}

type featureLayer struct {
	name    string
	minZoom int
	geoms   []orb.Geometry
	bounds  []orb.Bound
	props   []geojson.Properties
}

// NewFeatureTiles indexes layers (kept by reference: do not change them
// afterwards).
func NewFeatureTiles(layers []FeatureLayer) *FeatureTiles {
	ft := &FeatureTiles{}
	first := true
	for _, l := range layers {
		fl := featureLayer{name: l.Name, minZoom: l.MinZoom}
		for _, f := range l.Features {
			if f.Geometry == nil {
				continue
			}
			b := f.Geometry.Bound()
			fl.geoms = append(fl.geoms, f.Geometry)
			fl.bounds = append(fl.bounds, b)
			fl.props = append(fl.props, geojson.Properties(f.Properties))
			if first {
				ft.bound, first = b, false
			} else {
				ft.bound = ft.bound.Union(b)
			}
		}
		ft.layers = append(ft.layers, fl)
	}
	return ft
}

// Bound is the bounding box of all features (WGS84).
func (ft *FeatureTiles) Bound() orb.Bound { return ft.bound }

// Tile renders tile z/x/y as an uncompressed MVT; a tile without features
// is empty (zero bytes). Coordinates are checked by CheckTile.
func (ft *FeatureTiles) Tile(z, x, y uint32) ([]byte, error) {
	if err := CheckTile(z, x, y); err != nil {
		return nil, err
	}
	t := maptile.New(x, y, maptile.Zoom(z))
	tb := t.Bound()
	// The tile and its buffer, in degrees (a little generous in latitude).
	pad := (tb.Max[0] - tb.Min[0]) * TileBuffer / TileExtent
	wb := orb.Bound{Min: orb.Point{tb.Min[0] - pad, tb.Min[1] - pad}, Max: orb.Point{tb.Max[0] + pad, tb.Max[1] + pad}}
	var layers mvt.Layers
	for _, l := range ft.layers {
		if int(z) < l.minZoom {
			continue
		}
		fc := geojson.NewFeatureCollection()
		for i, g := range l.geoms {
			if l.bounds[i].Intersects(wb) {
				fc.Append(&geojson.Feature{Geometry: orb.Clone(g), Properties: l.props[i]})
			}
		}
		if len(fc.Features) > 0 {
			layers = append(layers, mvt.NewLayer(l.name, fc))
		}
	}
	if len(layers) == 0 {
		return nil, nil
	}
	layers.ProjectToTile(t)
	layers.Clip(orb.Bound{Min: orb.Point{-TileBuffer, -TileBuffer}, Max: orb.Point{TileExtent + TileBuffer, TileExtent + TileBuffer}})
	layers.Simplify(simplify.DouglasPeucker(1.0))
	layers.RemoveEmpty(1.0, 1.0)
	b, err := mvt.Marshal(layers)
	if err != nil {
		return nil, fmt.Errorf("geo: encode base map tile %d/%d/%d: %w", z, x, y, err)
	}
	return b, nil
}
