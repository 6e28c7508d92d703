package geo

import (
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"
)

// BenchCase is the data of one overlay benchmark case: areas and points
// in the system the overlay runs in (Frame), as the import would give them
// to the Index.
type BenchCase struct {
	Areas    []Area      // Geometry in Frame
	Points   []orb.Point // in Frame
	Frame    CRS         // the overlay's system (see overlayFrame); 0: WGS84
	Vertices int         // summed over all areas' rings
	// PointsFrom says where the points come from, for people (German).
	PointsFrom string
}

// LoadBenchCase reads the areas of areasFile (any format ReadAreas reads;
// opt.Kind defaults to district) and picks the system the overlay runs in
// as the service does: the areas' projected source system when all share
// one, else WGS84. The points are the addresses of pointsFile (ReadAddresses,
// in that system: source coordinates where the file had them in it, else
// transformed from WGS84) or, when pointsFile is "", n points uniform over
// the areas' bounding box (deterministic from seed).
//
// The edge rule (a point on an edge is covered) holds in that system: a
// point exactly on an edge in EPSG:25832 may lie off it after a transform
// to WGS84, and the other way round.
func LoadBenchCase(areasFile string, opt ParseOptions, pointsFile string, n int, seed int64) (BenchCase, error) {
	var bc BenchCase
	if opt.Kind == "" {
		opt.Kind = KindDistrict
	}
	areas, err := readBenchFile(areasFile, func(f *os.File) iter.Seq2[Area, error] {
		return ReadAreas(filepath.Base(areasFile), f, opt, &Report{})
	})
	if err != nil {
		return bc, err
	}
	if len(areas) == 0 {
		return bc, Errorf(EINVALID, "bench overlay: %s: no areas", areasFile)
	}
	for i := range areas {
		areas[i].ID = int64(i + 1)
	}
	bc.Frame, bc.Areas = overlayFrame(areas)
	bound := bc.Areas[0].Geometry.Bound()
	for _, a := range bc.Areas {
		bound = bound.Union(a.Geometry.Bound())
		for _, p := range a.Geometry {
			for _, r := range p {
				bc.Vertices += len(r)
			}
		}
	}
	if pointsFile == "" {
		if n < 1 {
			return bc, Errorf(EINVALID, "bench overlay: need points ≥ 1")
		}
		rng := rand.New(rand.NewPCG(uint64(seed), 0x7265616c))
		bc.Points = make([]orb.Point, n)
		for i := range bc.Points {
			bc.Points[i] = orb.Point{bound.Min[0] + (bound.Max[0]-bound.Min[0])*rng.Float64(), bound.Min[1] + (bound.Max[1]-bound.Min[1])*rng.Float64()}
		}
		bc.PointsFrom = "gleichverteilt im umschließenden Rechteck der Flächen"
		return bc, nil
	}
	addrs, err := readBenchFile(pointsFile, func(f *os.File) iter.Seq2[Address, error] {
		return ReadAddresses(filepath.Base(pointsFile), f, ParseOptions{}, &Report{})
	})
	if err != nil {
		return bc, err
	}
	if len(addrs) == 0 {
		return bc, Errorf(EINVALID, "bench overlay: %s: no addresses", pointsFile)
	}
	bc.Points = make([]orb.Point, len(addrs))
	for i, a := range addrs {
		switch {
		case bc.Frame == 0:
			bc.Points[i] = a.Point()
		case a.SrcCRS == bc.Frame:
			bc.Points[i] = orb.Point{a.SrcX, a.SrcY}
		default:
			x, y, err := bc.Frame.FromWGS84(a.Lon, a.Lat)
			if err != nil {
				return bc, Errorf(EINVALID, "bench overlay: %s: address %d: %v", pointsFile, i+1, err)
			}
			bc.Points[i] = orb.Point{x, y}
		}
	}
	bc.PointsFrom = "Adressen aus " + filepath.Base(pointsFile)
	return bc, nil
}

// readBenchFile opens name and collects what read yields, stopping at the
// first error.
func readBenchFile[T any](name string, read func(*os.File) iter.Seq2[T, error]) ([]T, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, Errorf(EINVALID, "bench overlay: %v", err)
	}
	defer f.Close()
	var out []T
	for v, err := range read(f) {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
