package demo

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"gigaplan/geo"
)

// Street names. Every village and the Altstadt has its own Hauptstraße,
// Kirchstraße and so on (they differ in street key and postcode); all other
// names are drawn without replacement from one municipal pool.
var villageCommon = []string{"Hauptstraße", "Kirchstraße", "Schulstraße", "Mühlenweg", "Am Bach", "Friedhofstraße", "Im Gässle", "Rathausstraße", "Talstraße", "Bergstraße"}

var specialNames = []string{
	"Bahnhofstraße", "Straßburger Straße", "Rheinstraße", "Kinzigstraße", "Schwarzwaldstraße", "Vogesenstraße",
	"Freiburger Straße", "Kehler Straße", "Lahrer Straße", "Gengenbacher Straße", "Durbacher Straße", "Ortenberger Straße",
	"Am Marktplatz", "Marktgasse", "Klostergasse", "Lange Straße", "Steinstraße", "Spitalstraße", "Zwingerstraße",
	"Am Stadtgraben", "Hinter der Mauer", "Im Winkel", "Am Kirchberg", "Im Grün", "Am Mühlbach", "In der Au",
	"Im Rebberg", "Auf der Höhe", "Am Sportplatz", "Im Brühl", "Im Unterdorf", "Im Oberdorf", "Am Wasen",
	"Hinter den Gärten", "Auf der Bleiche", "Im Ried", "Am Sonnenhang", "Im Kirchfeld", "Am Hohlweg", "Zum Steinbruch",
	"Im Breitfeld", "Am Dorfbrunnen", "Untere Au", "Obere Au", "Am Schlossberg", "Im Wiesental", "Am Rain",
}

var nameRoots = []string{
	// trees, plants
	"Linden", "Eichen", "Birken", "Ahorn", "Kastanien", "Tannen", "Buchen", "Eschen", "Ulmen", "Weiden", "Erlen", "Pappel",
	"Rosen", "Tulpen", "Nelken", "Veilchen", "Flieder", "Holunder", "Schlehen", "Reben", "Kirschen", "Apfel", "Birnen", "Nuss",
	"Lilien", "Lavendel", "Mohn", "Efeu",
	// landscape
	"Acker", "Wiesen", "Feld", "Garten", "Hang", "Brunnen", "Sonnen", "Wald", "Hecken", "Auen", "Weiher", "Quellen",
	"Burg", "Schloss", "Kloster", "Brücken", "Graben", "Zehnt", "Hof", "Mühl", "Rebhof", "Kapellen", "Stein", "Kreuz",
	"Bühl", "Matten", "Gieß", "Kanal", "Damm", "Dorf", "Hohe", "Sand", "Kies", "Lehm", "Fischer", "Jäger",
	// crafts
	"Gerber", "Färber", "Schmiede", "Weber", "Küfer", "Metzger", "Bäcker", "Zimmer", "Wagner", "Kessler", "Seiler", "Hafner",
	// people
	"Goethe", "Schiller", "Lessing", "Uhland", "Hebel", "Mörike", "Hölderlin", "Heine", "Kepler", "Mozart", "Beethoven",
	"Schubert", "Brahms", "Haydn", "Händel", "Dürer", "Holbein", "Grimmelshausen", "Oken", "Scheffel", "Hansjakob",
	"Kolping", "Eichendorff", "Kleist", "Fontane", "Humboldt", "Gutenberg", "Röntgen", "Pestalozzi", "Fröbel", "Kneipp",
}

var nameSuffixes = []string{"straße", "weg", "gasse", "pfad"}

var zoneStreetNames = []string{
	"Industriestraße", "Carl-Benz-Straße", "Robert-Bosch-Straße", "Gottlieb-Daimler-Straße", "Otto-Hahn-Straße",
	"Max-Planck-Straße", "Werner-von-Siemens-Straße", "Rudolf-Diesel-Straße", "Hafenstraße", "Am Güterbahnhof",
	"Raiffeisenstraße", "Im Gewerbepark", "Gewerbestraße", "Zeppelinstraße", "Justus-von-Liebig-Straße",
	"Konrad-Zuse-Straße", "Wilhelm-Maybach-Straße", "Nikolaus-Otto-Straße", "Heinrich-Hertz-Straße", "Am Hafenbecken",
}

// PlaceholderStreet is the placeholder street name real address files use.
const PlaceholderStreet = "### Straßenname unbekannt"

type street struct {
	name     string
	district int
	pts      []orb.Point
	key      string
}

type house struct {
	p          orb.Point
	tan        float64 // direction of the street at the house (radians)
	street     int
	number     int
	suffix     string
	district   int
	households int
	businesses int
	typ        geo.AddressType
}

type core struct {
	p        orb.Point
	district int
	quota    int
	kind     districtKind
	hamlet   bool
}

type params struct {
	spacing, offset, minLen, maxLen, falloff, gap float64
}

func paramsFor(kind districtKind, hamlet bool) params {
	switch {
	case hamlet:
		return params{26, 14, 120, 350, 350, 12}
	case kind == kindCentre:
		return params{13, 9, 150, 450, 2500, 8}
	case kind == kindUrban:
		return params{16, 11, 250, 700, 1700, 9}
	default:
		return params{21, 13, 200, 600, 700, 11}
	}
}

// spatial hash for minimum spacing between houses
type hash struct {
	cells map[int64][]int
	size  float64
}

func (h *hash) key(x, y float64) (int64, int64) {
	return int64(math.Floor(x / h.size)), int64(math.Floor(y / h.size))
}

func (h *hash) free(hs []house, p orb.Point, gap float64) bool {
	kx, ky := h.key(p[0], p[1])
	for dy := int64(-1); dy <= 1; dy++ {
		for dx := int64(-1); dx <= 1; dx++ {
			for _, k := range h.cells[(kx+dx)*1000003+ky+dy] {
				if dist(hs[k].p, p) < gap {
					return false
				}
			}
		}
	}
	return true
}

func (h *hash) add(p orb.Point, k int) {
	kx, ky := h.key(p[0], p[1])
	h.cells[kx*1000003+ky] = append(h.cells[kx*1000003+ky], k)
}

type namer struct {
	pool []string
	next int
	used map[string]bool // names taken by the municipal pool (lookup only)
}

func (n *namer) take() string {
	for n.next < len(n.pool) {
		s := n.pool[n.next]
		n.next++
		if !n.used[s] {
			n.used[s] = true
			return s
		}
	}
	// exhausted: "Neue …"-style variants, still unique
	s := fmt.Sprintf("Neuer Weg %d", n.next-len(n.pool)+1)
	n.next++
	return s
}

// addresses lays out streets and houses and returns the address list.
func (b *builder) addresses() []geo.Address {
	r := b.r
	// municipal name pool
	var pool []string
	pool = append(pool, specialNames...)
	for _, root := range nameRoots {
		for _, suf := range nameSuffixes {
			pool = append(pool, root+suf)
		}
	}
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	nm := &namer{pool: pool, used: map[string]bool{}}
	for _, s := range villageCommon {
		nm.used[s] = true
	}
	common := make([]int, len(districtSpecs)) // next village-common name per district

	var streets []street
	var houses []house
	h := &hash{cells: map[int64][]int{}, size: 20}

	// cores: main core per district, hamlets in some villages, the exclave
	var cores []core
	for k, d := range districtSpecs {
		q := d.target
		if k == b.owner {
			q -= 35
		}
		var hamlet *orb.Point
		if d.kind == kindVillage && k != b.owner && r.Float64() < 0.6 {
			hamlet = b.hamletSite(k)
		}
		if hamlet != nil {
			hq := q * (8 + r.IntN(8)) / 100
			cores = append(cores, core{p: b.cores[k], district: k, quota: q - hq, kind: d.kind})
			cores = append(cores, core{p: *hamlet, district: k, quota: hq, kind: d.kind, hamlet: true})
		} else {
			cores = append(cores, core{p: b.cores[k], district: k, quota: q, kind: d.kind})
		}
		if k == b.owner {
			cores = append(cores, core{p: b.exclave, district: k, quota: 35, kind: d.kind, hamlet: true})
		}
	}

	nameFor := func(k int, first bool) string {
		d := districtSpecs[k]
		if (d.kind == kindVillage || d.kind == kindCentre) && common[k] < len(villageCommon) && (first || r.Float64() < 0.5) {
			if d.kind == kindCentre && common[k] > 0 {
				return nm.take()
			}
			s := villageCommon[common[k]]
			common[k]++
			return s
		}
		return nm.take()
	}

	for _, c := range cores {
		pr := paramsFor(c.kind, c.hamlet)
		count := 0
		var own []int // this core's streets
		failures := 0
		limit := pr.falloff
		for count < c.quota && failures < 3000 {
			var start orb.Point
			var dir float64
			var length float64
			if len(own) == 0 {
				dir = r.Float64() * 2 * math.Pi
				length = 2 * pr.maxLen
				start = orb.Point{c.p[0] - math.Cos(dir)*length/2, c.p[1] - math.Sin(dir)*length/2}
			} else {
				// branch off an existing street of this core
				par := streets[own[r.IntN(len(own))]]
				pt, tan := along(par.pts, r.Float64()*polyLen(par.pts))
				if dist(pt, c.p) > limit {
					failures++
					limit *= 1.002
					continue
				}
				side := 1.0
				if r.IntN(2) == 0 {
					side = -1
				}
				dir = tan + side*(math.Pi/2+(r.Float64()*2-1)*0.3)
				start = orb.Point{pt[0] + math.Cos(dir)*10, pt[1] + math.Sin(dir)*10}
				length = pr.minLen + r.Float64()*(pr.maxLen-pr.minLen)
			}
			pts := []orb.Point{start}
			for l := 0.0; l < length; {
				seg := 50 + 40*r.Float64()
				dir += (r.Float64()*2 - 1) * 0.2
				p := pts[len(pts)-1]
				pts = append(pts, orb.Point{p[0] + math.Cos(dir)*seg, p[1] + math.Sin(dir)*seg})
				l += seg
			}
			si := len(streets)
			var placed []house
			total := polyLen(pts)
			for _, side := range []float64{1, -1} {
				for s := 6 + r.Float64()*pr.spacing; s < total && count+len(placed) < c.quota; s += pr.spacing * (0.8 + 0.45*r.Float64()) {
					pt, tan := along(pts, s)
					off := pr.offset * (0.85 + 0.35*r.Float64())
					p := orb.Point{pt[0] - math.Sin(tan)*off*side, pt[1] + math.Cos(tan)*off*side}
					if !b.safe(p, c.district) || b.inZone(p, 40) {
						continue
					}
					d := dist(p, c.p) / pr.falloff
					if r.Float64() > math.Exp(-d*d)*1.3 {
						continue
					}
					if !h.free(houses, p, pr.gap) || !freeAmong(placed, p, pr.gap) {
						continue
					}
					placed = append(placed, house{p: p, tan: tan, street: si, district: c.district, number: int(side)})
				}
			}
			if len(placed) == 0 {
				failures++
				if len(own) == 0 {
					// the first street must exist: keep it without houses
					streets = append(streets, street{district: c.district, pts: pts})
					own = append(own, si)
				}
				continue
			}
			streets = append(streets, street{name: nameFor(c.district, len(own) == 0), district: c.district, pts: pts})
			own = append(own, si)
			b.number(placed, c.kind)
			for _, hs := range placed {
				h.add(hs.p, len(houses))
				houses = append(houses, hs)
			}
			count += len(placed)
		}
	}
	// streets that got no houses are dropped below (no name, no key)

	// Gewerbegebiete: one or two streets along the long axis.
	zn := 0
	for _, z := range b.zones {
		n := 1
		if z.h > 320 {
			n = 2
		}
		for s := 0; s < n; s++ {
			v := -z.h/2 + (float64(s)+0.5)*z.h/float64(n)
			si := len(streets)
			pts := []orb.Point{z.world(-z.w/2, v), z.world(z.w/2, v)}
			var placed []house
			for _, side := range []float64{1, -1} {
				dv := side * math.Min(40, z.h/float64(4*n))
				for u := -z.w/2 + 20 + r.Float64()*30; u < z.w/2-25; u += 45 + 30*r.Float64() {
					p := z.world(u, v+dv)
					if !ringContains(z.ring, p) || !b.safeAny(p) || !freeAmong(placed, p, 20) {
						continue
					}
					hs := house{p: p, tan: z.theta, street: si, number: int(side), typ: geo.TypeBusiness}
					hs.district = b.labelAt(p)
					rb := r.Float64()
					switch {
					case rb < 0.05:
						// Betriebsleiterwohnung
						hs.typ, hs.households = geo.TypePrivate, 1
					case rb < 0.55:
						hs.businesses = 1
					case rb < 0.75:
						hs.businesses = 2
					case rb < 0.87:
						hs.businesses = 3
					case rb < 0.95:
						hs.businesses = 4
					default:
						hs.businesses = 5
					}
					placed = append(placed, hs)
				}
			}
			if len(placed) == 0 {
				continue
			}
			name := zoneStreetNames[zn%len(zoneStreetNames)]
			zn++
			streets = append(streets, street{name: name, district: placed[0].district, pts: pts})
			b.numberOnly(placed)
			houses = append(houses, placed...)
		}
	}

	b.facilities(houses)

	// Three deliberate outsiders: an Aussiedlerhof whose points lie beyond
	// the municipal boundary (the farm is addressed in Musterstadt, its
	// buildings stand on the neighbour's land).
	farm := b.outsideSite()
	si := len(streets)
	near := b.nearestDistrict(farm)
	streets = append(streets, street{name: "Sonnenhof", district: near, pts: []orb.Point{farm}})
	for k := 0; k < 3; k++ {
		p := orb.Point{farm[0] + float64(k)*35, farm[1] + float64(k%2)*25}
		hs := house{p: p, street: si, number: k + 1, district: near, households: 1 + k%2, typ: geo.TypePrivate}
		if k == 0 {
			hs.businesses = 1 // the farm itself
		}
		houses = append(houses, hs)
	}

	// Street keys: 5 digits, in alphabetical order with gaps.
	var named []int
	for k := range streets {
		if streets[k].name != "" {
			named = append(named, k)
		}
	}
	slices.SortStableFunc(named, func(a, c int) int {
		if x := cmp.Compare(geo.NormalizeSearch(streets[a].name), geo.NormalizeSearch(streets[c].name)); x != 0 {
			return x
		}
		return cmp.Compare(streets[a].district, streets[c].district)
	})
	key := 0
	for _, k := range named {
		key += 3 + r.IntN(15)
		streets[k].key = fmt.Sprintf("%05d", key)
	}

	var out []geo.Address
	for _, hs := range houses {
		st := streets[hs.street]
		d := districtSpecs[hs.district]
		ll := wgs84(hs.p)
		a := geo.Address{
			AGS: TownAGS, StreetKey: st.key, Street: st.name,
			HouseNumber: fmt.Sprint(hs.number), Suffix: hs.suffix,
			Postcode: d.postcode, City: TownName, Locality: d.name,
			Lon: ll[0], Lat: ll[1],
			Households: hs.households, Businesses: hs.businesses, Type: hs.typ,
			Quality: "A", Source: Source,
		}
		a.Key = geo.AddressKey(a)
		out = append(out, a)
	}

	// Two placeholder addresses (street unknown in the source file).
	for k, d := range b.placeholderSites() {
		ll := wgs84(d.p)
		spec := districtSpecs[d.district]
		a := geo.Address{
			AGS: TownAGS, Street: PlaceholderStreet, HouseNumber: fmt.Sprint(k + 1),
			Postcode: spec.postcode, City: TownName, Locality: spec.name,
			Lon: ll[0], Lat: ll[1], Households: 1, Type: geo.TypePrivate,
			Quality: "A", Placeholder: true, Source: Source,
		}
		a.Key = geo.AddressKey(a)
		out = append(out, a)
	}
	sortAddresses(out)
	b.streets, b.houses = streets, houses
	return out
}

func freeAmong(hs []house, p orb.Point, gap float64) bool {
	for _, h := range hs {
		if dist(h.p, p) < gap {
			return false
		}
	}
	return true
}

// number assigns house numbers along the street (odd left, even right, a few
// suffixes) and household and business counts. On entry number holds the
// side (+1 left, -1 right).
func (b *builder) number(hs []house, kind districtKind) {
	b.numberOnly(hs)
	for k := range hs {
		hs[k].typ = geo.TypePrivate
		hs[k].households = b.households(kind)
		if b.r.Float64() < mixedUse[kind] {
			hs[k].businesses = 1
		}
	}
}

// mixedUse is the share of residential addresses with a shop or office.
var mixedUse = [...]float64{kindCentre: 0.12, kindUrban: 0.04, kindVillage: 0.03}

func (b *builder) numberOnly(hs []house) {
	next := map[int]int{1: 1, -1: 2}
	last := map[int]int{}
	suffix := map[int]byte{}
	for k := range hs {
		side := hs[k].number
		if last[side] > 0 && suffix[side] < 'b' && b.r.Float64() < 0.03 {
			if suffix[side] == 0 {
				suffix[side] = 'a'
			} else {
				suffix[side]++
			}
			hs[k].number, hs[k].suffix = last[side], string(suffix[side])
			continue
		}
		hs[k].number = next[side]
		last[side], suffix[side] = next[side], 0
		next[side] += 2
	}
}

func (b *builder) households(kind districtKind) int {
	x := b.r.Float64()
	r := b.r
	switch kind {
	case kindCentre:
		switch {
		case x < 0.45:
			return 1
		case x < 0.68:
			return 2
		case x < 0.89:
			return 3 + r.IntN(4)
		case x < 0.975:
			return 7 + r.IntN(6)
		default:
			return 13 + r.IntN(28)
		}
	case kindUrban:
		switch {
		case x < 0.55:
			return 1
		case x < 0.78:
			return 2
		case x < 0.93:
			return 3 + r.IntN(4)
		case x < 0.985:
			return 7 + r.IntN(6)
		default:
			return 13 + r.IntN(18)
		}
	default:
		switch {
		case x < 0.68:
			return 1
		case x < 0.91:
			return 2
		case x < 0.98:
			return 3 + r.IntN(4)
		default:
			return 7 + r.IntN(6)
		}
	}
}

// facilities turns addresses near the district cores into schools, the
// hospital and municipal facilities (Rathaus, Ortsverwaltungen, Feuerwehr,
// Kindergärten, Bauhof, Sporthallen, Stadtbibliothek).
func (b *builder) facilities(hs []house) {
	type plan struct {
		district int
		typ      geo.AddressType
	}
	var plans []plan
	add := func(name string, typ geo.AddressType, n int) {
		for k := 0; k < n; k++ {
			plans = append(plans, plan{districtIndex(name), typ})
		}
	}
	add("Altstadt", geo.TypeHospital, 1)
	// schools (8)
	add("Altstadt", geo.TypeSchool, 2)
	add("Nordweststadt", geo.TypeSchool, 1)
	add("Oststadt", geo.TypeSchool, 1)
	add("Kinzigvorstadt", geo.TypeSchool, 1)
	add("Elgershofen", geo.TypeSchool, 1)
	add("Zell-Rebbach", geo.TypeSchool, 1)
	add("Windschlägen", geo.TypeSchool, 1)
	// municipal facilities (30): Rathaus, Stadtbibliothek and Bauhof in
	// the Altstadt; Ortsverwaltung and Kindergarten in every
	// other Ortsteil; Feuerwehr in six, a Sporthalle in the Nordweststadt.
	add("Altstadt", geo.TypePublic, 3)
	for k, d := range districtSpecs {
		if k > 0 {
			add(d.name, geo.TypePublic, 2)
		}
		if k >= 1 && k <= 6 {
			add(d.name, geo.TypePublic, 1)
		}
	}
	add("Nordweststadt", geo.TypePublic, 1)
	// candidates: the 60 private addresses nearest to each core
	cands := make([][]int, len(districtSpecs))
	for k, h := range hs {
		if h.typ == geo.TypePrivate && h.households > 0 {
			cands[h.district] = append(cands[h.district], k)
		}
	}
	for d := range cands {
		c := b.cores[d]
		slices.SortStableFunc(cands[d], func(x, y int) int { return cmp.Compare(dist(hs[x].p, c), dist(hs[y].p, c)) })
		cands[d] = cands[d][:min(60, len(cands[d]))]
	}
	for _, p := range plans {
		cand := cands[p.district]
		if len(cand) == 0 {
			continue
		}
		n := b.r.IntN(min(30, len(cand)))
		k := cand[n]
		cands[p.district] = slices.Delete(cand, n, n+1)
		hs[k].typ, hs[k].households, hs[k].businesses = p.typ, 0, 0
	}
}

func (b *builder) labelAt(p orb.Point) int {
	i, j := cellOf(p[0], p[1])
	return b.g.at(i, j)
}

// safe reports whether p lies in district d at least one raster cell away
// from any other label.
func (b *builder) safe(p orb.Point, d int) bool {
	i, j := cellOf(p[0], p[1])
	if i < 0 || j < 0 || i >= gridNX || j >= gridNY {
		return false
	}
	c := j*gridNX + i
	return b.g.lab[c] == d && b.dist[c] >= 1
}

func (b *builder) safeAny(p orb.Point) bool {
	l := b.labelAt(p)
	return l != outside && b.safe(p, l)
}

func (b *builder) inZone(p orb.Point, margin float64) bool {
	for _, z := range b.zones {
		if z.near(p[0], p[1], margin) {
			return true
		}
	}
	return false
}

// hamletSite finds a deep spot of a village at least 1.4 km from its core.
func (b *builder) hamletSite(k int) *orb.Point {
	var best *orb.Point
	bestD := 2
	for c, l := range b.g.lab {
		if l != k || b.dist[c] <= bestD {
			continue
		}
		x, y := cellCentre(c%gridNX, c/gridNX)
		p := orb.Point{x, y}
		if dist(p, b.cores[k]) < 1400 || b.inZone(p, 300) {
			continue
		}
		bestD, best = b.dist[c], &p
	}
	return best
}

// outsideSite finds a point 300–400 m beyond the boundary, nearest to the
// core of Bühlweier.
func (b *builder) outsideSite() orb.Point {
	target := b.cores[districtIndex("Bühlweier")]
	var best orb.Point
	bestD := math.Inf(1)
	for c, l := range b.g.lab {
		if l != outside || b.dist[c] != 3 {
			continue
		}
		x, y := cellCentre(c%gridNX, c/gridNX)
		p := orb.Point{x - 40, y - 20}
		if d := dist(p, target); d < bestD {
			best, bestD = p, d
		}
	}
	return best
}

func (b *builder) nearestDistrict(p orb.Point) int {
	best, bestD := 0, math.Inf(1)
	for c, l := range b.g.lab {
		if l == outside {
			continue
		}
		x, y := cellCentre(c%gridNX, c/gridNX)
		if d := math.Hypot(x-p[0], y-p[1]); d < bestD {
			best, bestD = l, d
		}
	}
	return best
}

type site struct {
	p        orb.Point
	district int
}

// placeholderSites puts two addresses without a known street at the edge
// of two villages.
func (b *builder) placeholderSites() []site {
	var out []site
	for _, name := range []string{"Fessental", "Bohlsau"} {
		k := districtIndex(name)
		c := b.cores[k]
		for a := 0.0; a < 2*math.Pi; a += 0.1 {
			p := orb.Point{c[0] + 450*math.Cos(a+1), c[1] + 450*math.Sin(a+1)}
			if b.safe(p, k) && !b.inZone(p, 40) {
				out = append(out, site{p, k})
				break
			}
		}
	}
	return out
}

func polyLen(p []orb.Point) float64 {
	l := 0.0
	for k := 0; k+1 < len(p); k++ {
		l += dist(p[k], p[k+1])
	}
	return l
}

// along returns the point at arc length s and the tangent angle there.
func along(p []orb.Point, s float64) (orb.Point, float64) {
	for k := 0; k+1 < len(p); k++ {
		l := dist(p[k], p[k+1])
		if s <= l || k+2 == len(p) {
			t := 0.0
			if l > 0 {
				t = math.Min(s/l, 1)
			}
			return lerp(p[k], p[k+1], t), math.Atan2(p[k+1][1]-p[k][1], p[k+1][0]-p[k][0])
		}
		s -= l
	}
	return p[0], 0
}
