package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"gigaplan/geo"
)

// scaleSpec sizes the generated state: a lattice of nx × ny district cells
// over a bounding box, grouped into rectangular blocks of cells, the
// municipalities.
type scaleSpec struct {
	Addresses      int
	Municipalities int
	Districts      int
	Bound          orb.Bound // WGS84
	Seed           uint64
	// Campaigns is the number of generated pre-marketing campaigns, each
	// over the districts of one municipality.
	Campaigns int
}

// bwBound is Baden-Württemberg's bounding box, roughly.
var bwBound = orb.Bound{Min: orb.Point{7.55, 47.6}, Max: orb.Point{10.45, 49.75}}

// scaleData writes a generated state into dir: gemeinden.geojson
// (municipalities), ortsteile.geojson (districts), hausko.txt (HK-DE 4.2
// address points), kampagnen.csv (campaigns: name;provider;areas;start;
// deadline) and vertraege.csv (sign-ups, the header of `signups import`).
//
// Districts are the cells of a jittered lattice whose edges carry a
// deterministic wiggle, so that neighbours share their boundary exactly
// (no gaps, no overlaps) and polygons have some hundred vertices, as real
// Ortsteile do. Municipalities are blocks of 2 × 2 to 3 × 4 cells.
// Addresses cluster: each municipality gets a log-normal share.
func scaleData(dir string, sp scaleSpec) (scaleSummary, error) {
	var sum scaleSummary
	l, err := newLattice(sp)
	if err != nil {
		return sum, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum, err
	}
	// Areas.
	munis := geojson.NewFeatureCollection()
	dists := geojson.NewFeatureCollection()
	for m, b := range l.blocks {
		f := geojson.NewFeature(orb.Polygon{l.ring(b)})
		f.Properties["name"] = l.muniName(m)
		f.Properties["ags"] = l.ags(m)
		munis.Append(f)
		k := 0
		for j := b.r0; j < b.r1; j++ {
			for i := b.c0; i < b.c1; i++ {
				k++
				f := geojson.NewFeature(orb.Polygon{l.cellRing(i, j)})
				f.Properties["name"] = fmt.Sprintf("%s-%d", l.muniName(m), k)
				dists.Append(f)
			}
		}
	}
	for name, fc := range map[string]*geojson.FeatureCollection{"gemeinden.geojson": munis, "ortsteile.geojson": dists} {
		b, err := json.Marshal(fc)
		if err != nil {
			return sum, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return sum, err
		}
	}
	sum.Municipalities, sum.Districts = len(munis.Features), len(dists.Features)
	for _, f := range dists.Features {
		sum.Vertices += len(f.Geometry.(orb.Polygon)[0])
	}

	// Addresses.
	rng := rand.New(rand.NewPCG(sp.Seed, 7))
	cum := make([]float64, len(l.blocks))
	total := 0.0
	for m := range l.blocks {
		total += math.Exp(rng.NormFloat64())
		cum[m] = total
	}
	f, err := os.Create(filepath.Join(dir, "hausko.txt"))
	if err != nil {
		return sum, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	// Draw each address's municipality first, then write the file
	// municipality by municipality, street by street: the order of the
	// official files (sorted by AGS, street key, house number).
	perMuni := make([]int, len(l.blocks))
	for range sp.Addresses {
		perMuni[sort.SearchFloat64s(cum, rng.Float64()*total)]++
	}
	i := 0
	for m, count := range perMuni {
		b := l.blocks[m]
		krs, gmd := 10+m/100, m%100+1
		for n := range count {
			ci := b.c0 + rng.IntN(b.c1-b.c0)
			cj := b.r0 + rng.IntN(b.r1-b.r0)
			p := l.inCell(ci, cj, 0.03+0.94*rng.Float64(), 0.03+0.94*rng.Float64())
			x, y, err := geo.UTM32.FromWGS84(p[0], p[1])
			if err != nil {
				f.Close()
				return sum, err
			}
			street, num := n/60, n%60+1
			fmt.Fprintf(w, "N;DEBW%012d;A;08;1;%02d;%03d;%04d;%05d;%d;;32%s;%s;%s;7%04d;%s;;%s\n",
				i, krs, gmd, 0, street, num, comma(x), comma(y), scaleStreet(street),
				m%10000, l.muniName(m), l.muniName(m))
			i++
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return sum, err
	}
	if err := f.Close(); err != nil {
		return sum, err
	}
	sum.Addresses = sp.Addresses

	// Campaigns over the largest municipalities' districts, with twelve
	// weekly counts each.
	order := make([]int, len(l.blocks))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return perMuni[b] - perMuni[a] })
	cf, err := os.Create(filepath.Join(dir, "kampagnen.csv"))
	if err != nil {
		return sum, err
	}
	sf, err := os.Create(filepath.Join(dir, "vertraege.csv"))
	if err != nil {
		cf.Close()
		return sum, err
	}
	cw, sw := bufio.NewWriter(cf), bufio.NewWriter(sf)
	fmt.Fprintln(sw, "campaign,area,date,count,source,comment")
	start := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC) // the campaigns' start; counts weekly after it
	for c := 0; c < sp.Campaigns && c < len(order); c++ {
		m := order[c]
		b := l.blocks[m]
		name := "Glasfaser " + l.muniName(m)
		var areas []string
		for k := 1; k <= (b.c1-b.c0)*(b.r1-b.r0); k++ {
			areas = append(areas, fmt.Sprintf("%s-%d", l.muniName(m), k))
		}
		fmt.Fprintf(cw, "%s;Glasfaser BW %d;%s;%s;2026-12-31\n", name, c%3+1, strings.Join(areas, ","), start.Format(time.DateOnly))
		per := perMuni[m] / len(areas) // about the households of one district
		for _, a := range areas {
			goal := 0.15 + 0.3*rng.Float64()
			for wk := 1; wk <= 12; wk++ {
				t := float64(wk) / 12
				n := int(goal * float64(per) * (0.35*t + 0.65*math.Pow(t, 3.5)))
				fmt.Fprintf(sw, "%s,%s,%s,%d,provider,\n", name, a, start.AddDate(0, 0, 7*wk).Format(time.DateOnly), n)
			}
		}
		sum.Campaigns++
	}
	if err := cw.Flush(); err != nil {
		return sum, err
	}
	if err := sw.Flush(); err != nil {
		return sum, err
	}
	if err := cf.Close(); err != nil {
		return sum, err
	}
	return sum, sf.Close()
}

var streetPrefixes = []string{"", "Neue ", "Obere ", "Untere ", "Alte ", "Lange ", "Kurze ", "Hintere ", "Vordere ", "Kleine ", "Große "}

// scaleStreet names the n-th street of a municipality.
func scaleStreet(n int) string {
	k, s := n/len(benchStreets), benchStreets[n%len(benchStreets)]
	if k < len(streetPrefixes) {
		return streetPrefixes[k] + s
	}
	return fmt.Sprintf("Flurweg %d", n)
}

type scaleSummary struct {
	Addresses, Municipalities, Districts, Vertices, Campaigns int
}

// lattice is the jittered grid of district cells.
type lattice struct {
	nx, ny int
	pts    []orb.Point // (nx+1)*(ny+1), WGS84
	seed   uint64
	wiggle int // inner points per edge
	blocks []block
}

type block struct{ c0, c1, r0, r1 int }

func newLattice(sp scaleSpec) (*lattice, error) {
	// Column groups of three cells (the last ones of two) and row groups
	// of three or four: choose nx, ny and the groups so that the counts
	// come out exactly.
	if sp.Municipalities < 1 || sp.Districts < 4*sp.Municipalities || sp.Districts > 12*sp.Municipalities {
		return nil, usagef("bench scale-data: --districts muss zwischen 4 und 12 je Gemeinde liegen")
	}
	// nx × ny = districts with nx/ny about the box's aspect ratio.
	aspect := (sp.Bound.Right() - sp.Bound.Left()) * math.Cos((sp.Bound.Top()+sp.Bound.Bottom())/2*math.Pi/180) /
		(sp.Bound.Top() - sp.Bound.Bottom())
	nx, ny := 0, 0
	best := math.Inf(1)
	for x := 1; x <= sp.Districts; x++ {
		if sp.Districts%x != 0 {
			continue
		}
		y := sp.Districts / x
		if d := math.Abs(math.Log(float64(x) / float64(y) / aspect)); d < best {
			best, nx, ny = d, x, y
		}
	}
	// Column groups: as many of width 3 as fit, the rest of width 2.
	var cols []int
	for c := nx; c > 0; {
		switch {
		case c == 4:
			cols = append(cols, 2, 2)
			c = 0
		case c >= 3:
			cols = append(cols, 3)
			c -= 3
		default:
			cols = append(cols, c)
			c = 0
		}
	}
	// Row groups per column group: spread the municipalities.
	g := len(cols)
	if sp.Municipalities < g {
		return nil, usagef("bench scale-data: zu wenige Gemeinden für %d Ortsteile", sp.Districts)
	}
	l := &lattice{nx: nx, ny: ny, seed: sp.Seed, wiggle: 15}
	c0 := 0
	for k, w := range cols {
		rows := sp.Municipalities / g
		if k < sp.Municipalities%g {
			rows++
		}
		if rows > ny {
			return nil, usagef("bench scale-data: zu viele Gemeinden für %d × %d Ortsteile", nx, ny)
		}
		r0 := 0
		for r := range rows {
			r1 := ny * (r + 1) / rows
			l.blocks = append(l.blocks, block{c0, c0 + w, r0, r1})
			r0 = r1
		}
		c0 += w
	}
	rng := rand.New(rand.NewPCG(sp.Seed, 1))
	dx := (sp.Bound.Right() - sp.Bound.Left()) / float64(nx)
	dy := (sp.Bound.Top() - sp.Bound.Bottom()) / float64(ny)
	l.pts = make([]orb.Point, (nx+1)*(ny+1))
	for j := 0; j <= ny; j++ {
		for i := 0; i <= nx; i++ {
			x := sp.Bound.Left() + float64(i)*dx
			y := sp.Bound.Bottom() + float64(j)*dy
			if i > 0 && i < nx {
				x += (rng.Float64() - 0.5) * 0.5 * dx
			}
			if j > 0 && j < ny {
				y += (rng.Float64() - 0.5) * 0.5 * dy
			}
			l.pts[j*(nx+1)+i] = orb.Point{round7(x), round7(y)}
		}
	}
	return l, nil
}

func round7(v float64) float64 { return math.Round(v*1e7) / 1e7 }

func (l *lattice) p(i, j int) orb.Point { return l.pts[j*(l.nx+1)+i] }

func (l *lattice) muniName(m int) string { return fmt.Sprintf("Gemeinde %04d", m+1) }

func (l *lattice) ags(m int) string { return fmt.Sprintf("081%02d%03d", 10+m/100, m%100+1) }

// edge returns the points of the lattice edge from a to b, both included,
// with a wiggle that depends only on the edge, so that both cells beside
// it get the same points (one of them reversed). Edges on the outline are
// straight.
func (l *lattice) edge(horizontal bool, i, j int) []orb.Point {
	a := l.p(i, j)
	var b orb.Point
	var outline bool
	if horizontal {
		b, outline = l.p(i+1, j), j == 0 || j == l.ny
	} else {
		b, outline = l.p(i, j+1), i == 0 || i == l.nx
	}
	key := uint64(j*(l.nx+1)+i)*2 + 1
	if horizontal {
		key--
	}
	rng := rand.New(rand.NewPCG(l.seed^0x5eed, key))
	amp := [3]float64{}
	if !outline {
		for k := range amp {
			amp[k] = (rng.Float64() - 0.5) * 0.06 / float64(k+1)
		}
	}
	nxv, nyv := -(b[1] - a[1]), b[0]-a[0] // normal, edge length
	out := make([]orb.Point, 0, l.wiggle+2)
	for s := 0; s <= l.wiggle+1; s++ {
		t := float64(s) / float64(l.wiggle+1)
		off := 0.0
		for k, a := range amp {
			off += a * math.Sin(float64(k+1)*math.Pi*t)
		}
		out = append(out, orb.Point{round7(a[0] + t*(b[0]-a[0]) + off*nxv), round7(a[1] + t*(b[1]-a[1]) + off*nyv)})
	}
	out[0], out[len(out)-1] = a, b
	return out
}

// ring walks the block [c0,c1) × [r0,r1) counter-clockwise.
func (l *lattice) ring(b block) orb.Ring {
	var r orb.Ring
	add := func(pts []orb.Point, reverse bool) {
		if reverse {
			pts = slices.Clone(pts)
			slices.Reverse(pts)
		}
		for _, p := range pts {
			if len(r) > 0 && r[len(r)-1] == p {
				continue
			}
			r = append(r, p)
		}
	}
	for i := b.c0; i < b.c1; i++ {
		add(l.edge(true, i, b.r0), false)
	}
	for j := b.r0; j < b.r1; j++ {
		add(l.edge(false, b.c1, j), false)
	}
	for i := b.c1 - 1; i >= b.c0; i-- {
		add(l.edge(true, i, b.r1), true)
	}
	for j := b.r1 - 1; j >= b.r0; j-- {
		add(l.edge(false, b.c0, j), true)
	}
	return r // closed: the last point is the first
}

func (l *lattice) cellRing(i, j int) orb.Ring { return l.ring(block{i, i + 1, j, j + 1}) }

// inCell maps (u, v) in [0,1]² into cell (i, j) bilinearly on its corners.
func (l *lattice) inCell(i, j int, u, v float64) orb.Point {
	p00, p10, p01, p11 := l.p(i, j), l.p(i+1, j), l.p(i, j+1), l.p(i+1, j+1)
	x := (1-u)*(1-v)*p00[0] + u*(1-v)*p10[0] + (1-u)*v*p01[0] + u*v*p11[0]
	y := (1-u)*(1-v)*p00[1] + u*(1-v)*p10[1] + (1-u)*v*p01[1] + u*v*p11[1]
	return orb.Point{x, y}
}

// benchScaleData is `gigaplan bench scale-data`: it writes the generated
// state for the scale run (docs/scale.md).
func benchScaleData(args []string, e env) error {
	fs := newFlagSet("bench scale-data")
	out := fs.String("out", "", "directory to write the files into")
	sp := scaleSpec{Bound: bwBound}
	fs.IntVar(&sp.Addresses, "addresses", 3_000_000, "number of address points")
	fs.IntVar(&sp.Municipalities, "municipalities", 1100, "number of municipalities")
	fs.IntVar(&sp.Districts, "districts", 10_000, "number of districts (4 to 12 per municipality)")
	fs.IntVar(&sp.Campaigns, "campaigns", 100, "number of campaigns (one per large municipality)")
	seed := fs.Int64("seed", 1, "random seed")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("bench scale-data: --out VERZEICHNIS fehlt")
	}
	if sp.Addresses < 1 {
		return usagef("bench scale-data: --addresses ≥ 1")
	}
	sp.Seed = uint64(*seed)
	sum, err := scaleData(*out, sp)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s Adressen, %s Gemeinden, %s Ortsteile (%s Stützpunkte), %d Kampagnen in %s\n",
		formatInt(int64(sum.Addresses)), formatInt(int64(sum.Municipalities)), formatInt(int64(sum.Districts)),
		formatInt(int64(sum.Vertices)), sum.Campaigns, *out)
	return nil
}
