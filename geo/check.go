package geo

import (
	"cmp"
	"context"
	"hash/maphash"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Check is what an import would do, found without writing anything: the
// format, coordinate system and field mapping of every file, how many
// records would be new, updated, unchanged or skipped, the most frequent
// warnings with examples, and the totals of every area before and after.
type Check struct {
	Files []*Report
	// Read, New, Updated, Unchanged and Skipped count records.
	Read, New, Updated, Unchanged, Skipped int
	// Warnings are the most frequent kinds of warning (at most five), most
	// frequent first.
	Warnings []WarningKind
	// Areas lists the areas whose totals the import would change.
	Areas []AreaChange
	// Stop is the reason the import would be refused (e.g. too many
	// duplicates), or nil.
	Stop error
	// Missing lists the stored areas an area import would report as no
	// longer in the files (see ImportSummary.Missing).
	Missing []Area
}

// WarningKind is one kind of warning with its count and first examples.
type WarningKind struct {
	Message  string // the message with quoted values replaced by "…"
	Count    int
	Examples []Issue // at most three
}

// AreaChange is an area's totals before and after the import.
type AreaChange struct {
	Kind          AreaKind
	Name          string
	Before, After Totals
	New           bool // the import adds the area
}

// CheckAddresses reads srcs as ImportAddresses would and tells what it
// would change. A file that cannot be read is an error (as the import
// would fail); a rule the import would stop at goes to Check.Stop.
func (s *Service) CheckAddresses(ctx context.Context, srcs []Source, opt ParseOptions) (*Check, error) {
	c, _, err := s.planAddresses(ctx, srcs, opt, true)
	return c, err
}

// planAddresses reads srcs as ImportAddresses would and returns what the
// import would change (with the totals before only when full) and the
// overlay after it.
func (s *Service) planAddresses(ctx context.Context, srcs []Source, opt ParseOptions, full bool) (*Check, *Preview, error) {
	stored, err := s.storedAddresses(ctx, true)
	if err != nil {
		return nil, nil, err
	}
	c := &Check{}
	d := newDupCheck(opt)
	pts := slices.Clone(stored.pts)
	for _, src := range srcs {
		rep := &Report{File: src.Name}
		c.Files = append(c.Files, rep)
		for a, err := range ReadAddresses(src.Name, src.R, opt, rep) {
			if err != nil {
				return nil, nil, err
			}
			if ok, _ := d.keep(&a, rep); !ok {
				continue
			}
			p := pointOf(a)
			i, ok := stored.byKey[a.Key]
			switch {
			case !ok:
				c.New++
				stored.byKey[a.Key] = len(pts)
				pts = append(pts, p)
			case stored.print[i] == addressPrint(a):
				c.Unchanged++
			default:
				c.Updated++
				pts[i] = p
			}
		}
	}
	c.Stop = d.finish(c.Files)
	areas, err := s.storedAreas(ctx)
	if err != nil {
		return nil, nil, err
	}
	after, err := s.preview(pts, slices.Clone(areas))
	if err != nil || !full {
		return c, after, err
	}
	before, err := s.preview(stored.pts, areas)
	if err != nil {
		return nil, nil, err
	}
	c.collect(areas, nil, before, after)
	return c, after, nil
}

// CheckAreas reads srcs as ImportAreas would and tells what it would
// change: areas new, updated (other geometry) or unchanged, and the totals
// of every area before and after.
func (s *Service) CheckAreas(ctx context.Context, srcs []Source, opt ParseOptions) (*Check, error) {
	c, _, err := s.planAreas(ctx, srcs, opt, true)
	return c, err
}

// planAreas is planAddresses for areas.
func (s *Service) planAreas(ctx context.Context, srcs []Source, opt ParseOptions, full bool) (*Check, *Preview, error) {
	if _, err := ParseAreaKind(string(opt.Kind)); err != nil {
		return nil, nil, err
	}
	stored, err := s.storedAreas(ctx)
	if err != nil {
		return nil, nil, err
	}
	pl, err := s.newPlacer(ctx, opt)
	if err != nil {
		return nil, nil, err
	}
	areas := slices.Clone(stored)
	var next int64
	byKey := map[areaKey]int{}
	for i, a := range areas {
		byKey[keyOf(a)] = i
		next = max(next, a.ID)
	}
	c := &Check{}
	seen := map[areaKey]string{}
	added := map[int64]bool{}
	touched := map[int64]bool{}
	for _, src := range srcs {
		rep := &Report{File: src.Name}
		c.Files = append(c.Files, rep)
		for a, err := range ReadAreas(src.Name, src.R, opt, rep) {
			if err != nil {
				return nil, nil, err
			}
			if err := pl.place(&a); err != nil {
				return nil, nil, err
			}
			k := keyOf(a)
			if first, dup := seen[k]; dup {
				return nil, nil, Errorf(EINVALID, "%s: Feld Name: das Gebiet %q kommt zweimal vor (zuerst bei %s); Namen müssen je Gemeinde und Gebietsart eindeutig sein", a.Source, a.Name, first)
			}
			seen[k] = a.Source
			touched[a.Municipality] = true
			if i, ok := byKey[k]; ok {
				if sameGeometry(areas[i].Geometry, a.Geometry) {
					c.Unchanged++
				} else {
					c.Updated++
				}
				a.ID = areas[i].ID
				areas[i] = a
				continue
			}
			c.New++
			next++
			a.ID = next
			added[a.ID] = true
			byKey[k] = len(areas)
			areas = append(areas, a)
		}
	}
	for _, a := range stored {
		if _, ok := seen[keyOf(a)]; !ok && a.Kind == opt.Kind && touched[a.Municipality] {
			c.Missing = append(c.Missing, a)
		}
	}
	addrs, err := s.storedAddresses(ctx, false)
	if err != nil {
		return nil, nil, err
	}
	pts := addrs.pts
	after, err := s.preview(pts, slices.Clone(areas))
	if err != nil || !full {
		return c, after, err
	}
	before, err := s.preview(pts, stored)
	if err != nil {
		return nil, nil, err
	}
	c.collect(areas, added, before, after)
	return c, after, nil
}

// collect sums the files' reports, groups the warnings and lists the
// areas whose totals differ.
func (c *Check) collect(areas []Area, added map[int64]bool, before, after *Preview) {
	kinds := map[string]*WarningKind{}
	for _, r := range c.Files {
		c.Read += r.Read
		c.Skipped += r.SkippedCount
		for k, wk := range r.kinds {
			if have := kinds[k]; have != nil {
				have.Count += wk.Count
				continue
			}
			kinds[k] = wk
		}
	}
	for _, wk := range kinds {
		c.Warnings = append(c.Warnings, *wk)
	}
	slices.SortFunc(c.Warnings, func(a, b WarningKind) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Message, b.Message))
	})
	if len(c.Warnings) > 5 {
		c.Warnings = c.Warnings[:5]
	}
	for _, a := range areas {
		b, n := before.Of(a.ID, 0), after.Of(a.ID, 0)
		if b != n || added[a.ID] {
			c.Areas = append(c.Areas, AreaChange{Kind: a.Kind, Name: a.Name, Before: b, After: n, New: added[a.ID]})
		}
	}
	slices.SortFunc(c.Areas, func(a, b AreaChange) int {
		return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), cmp.Compare(a.Name, b.Name))
	})
}

func kindOrder(k AreaKind) int { return slices.Index(AreaKinds, k) }

// sameGeometry reports whether two geometries have the same vertices
// (within 1e-9 degrees, about 0.1 mm).
func sameGeometry(a, b orb.MultiPolygon) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if len(a[i][j]) != len(b[i][j]) {
				return false
			}
			for k := range a[i][j] {
				p, q := a[i][j][k], b[i][j][k]
				if math.Abs(p[0]-q[0]) > 1e-9 || math.Abs(p[1]-q[1]) > 1e-9 {
					return false
				}
			}
		}
	}
	return true
}

// storedSet is the stored addresses as the checks need them.
type storedSet struct {
	pts   []point
	byKey map[string]int // index of each key; only for an address import
	print []uint64       // addressPrint of each; only for an address import
}

// storedAddresses reads every stored address as a point; keyed, also the
// index of each key and its fingerprint (what an address import compares
// against).
func (s *Service) storedAddresses(ctx context.Context, keyed bool) (storedSet, error) {
	var st storedSet
	if keyed {
		st.byKey = map[string]int{}
	}
	for a, err := range s.Store.Addresses(ctx, AddressFilter{}) {
		if err != nil {
			return st, err
		}
		if keyed {
			st.byKey[a.Key] = len(st.pts)
			st.print = append(st.print, addressPrint(a))
		}
		st.pts = append(st.pts, pointOf(a))
	}
	return st, nil
}

var printSeed = maphash.MakeSeed()

// addressPrint is a fingerprint of what an import writes of an address,
// to tell updated from unchanged.
func addressPrint(a Address) uint64 {
	var h maphash.Hash
	h.SetSeed(printSeed)
	for _, s := range []string{a.Street, a.HouseNumber, a.Suffix, a.Postcode, a.City, a.Locality, a.AGS, a.StreetKey, string(a.Type)} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	// Coordinates to about 1 cm: a round trip through the store must not
	// look like a change.
	for _, v := range []float64{a.Lon, a.Lat} {
		var b [8]byte
		n := uint64(int64(math.Round(v * 1e7)))
		for i := range b {
			b[i] = byte(n >> (8 * i))
		}
		h.Write(b[:])
	}
	var b [8]byte
	n := uint64(a.Households)<<32 | uint64(a.Businesses)
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	h.Write(b[:])
	return h.Sum64()
}
