package geo

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb"
)

// The overlay after an import is incremental. The imports note in their
// own transaction what they changed (Store.OverlayPending): new or moved
// addresses, and the old and new bounding boxes of areas inserted,
// changed or removed. Reassign then locates only those addresses and the
// addresses in those boxes, against an index of every area (an address's
// areas depend on every area covering it, and on their order), and
// replaces only their assignments; it checks overlaps only for pairs with
// a changed area and keeps the stored ones of the others. Everything is
// located again when the imports say so (an import into an empty store),
// when no overlay ran before or its frame differs (overlayFrame: an area
// import can switch the whole overlay between WGS84 and a projected
// system), or when the work is large (maxIncrementalShare): reading
// every point is then cheaper than the box queries.

// maxIncrementalShare is the share of all addresses above which Reassign
// locates every address instead of the pending ones.
const maxIncrementalShare = 0.25

// boxMargin (degrees, about 10 m) grows the boxes of changed areas: the
// overlay may run in a projected frame, where an edge and a point on it
// lie a rounding error apart from where they lie in WGS84.
const boxMargin = 1e-4

// Reassign brings the address-area assignments up to date with the stored
// areas and addresses. An address gets at most one municipality and one
// district (the lowest area ID wins where exclusive areas overlap; the
// overlaps are returned) and any number of zones and build areas. It
// locates the addresses the imports changed since the last overlay
// (see above), or every address.
func (s *Service) Reassign(ctx context.Context) (OverlaySummary, error) {
	start := time.Now()
	var out OverlaySummary
	pend, err := s.Store.OverlayPending(ctx)
	if err != nil {
		return out, err
	}
	sums, err := s.Store.Areas(ctx, "")
	if err != nil {
		return out, err
	}
	areas := make([]Area, len(sums))
	hasDistricts := false
	for i, a := range sums {
		areas[i] = a.Area
		hasDistricts = hasDistricts || a.Kind == KindDistrict
	}
	// Index order is ID order, so that "the lowest ID wins" below.
	slices.SortFunc(areas, func(a, b Area) int { return cmp.Compare(a.ID, b.ID) })
	out.Areas = len(areas)
	frame, framed := overlayFrame(areas)
	out.Frame = frame
	done, err := s.reassignPending(ctx, &out, pend, areas, framed, hasDistricts)
	if err != nil || !done {
		if err == nil {
			err = s.reassignAll(ctx, &out, pend, areas, framed, hasDistricts)
		}
		if err != nil {
			return out, err
		}
	}
	if out.AGSMismatches, out.AGSExamples, err = s.Store.AGSMismatches(ctx, 5); err != nil {
		return out, err
	}
	out.Duration = time.Since(start)
	return out, nil
}

// reassignAll locates every address.
func (s *Service) reassignAll(ctx context.Context, out *OverlaySummary, pend OverlayPending, areas, framed []Area, hasDistricts bool) error {
	var ids []int64
	var pts []orb.Point
	var err error
	if out.Frame != 0 {
		ids, pts, err = s.Store.SourcePoints(ctx, out.Frame)
	} else {
		ids, pts, err = s.Store.Points(ctx)
	}
	if err != nil {
		return err
	}
	out.Addresses, out.Located, out.Incremental = len(ids), len(ids), false
	var as []Assignment
	if len(areas) > 0 && len(pts) > 0 {
		if as, out.Unassigned, err = s.locate(ids, pts, areas, framed, hasDistricts); err != nil {
			return err
		}
	} else if hasDistricts {
		out.Unassigned = len(ids)
	}
	if out.Overlaps, err = Overlaps(areas); err != nil {
		return fmt.Errorf("check overlaps: %w", err)
	}
	if err := s.Store.UpdateOverlay(ctx, OverlayUpdate{Pending: pend, Frame: out.Frame, Full: true, Assignments: as, Overlaps: out.Overlaps}); err != nil {
		return err
	}
	out.Assignments = len(as)
	return nil
}

// reassignPending locates the addresses pend names and those in its
// boxes, if an incremental overlay can and should (see above); done
// reports whether it did.
func (s *Service) reassignPending(ctx context.Context, out *OverlaySummary, pend OverlayPending, areas, framed []Area, hasDistricts bool) (done bool, err error) {
	if pend.All || pend.Frame == UnknownFrame || pend.Frame != out.Frame {
		return false, nil
	}
	before, err := s.Store.Counts(ctx)
	if err != nil {
		return false, err
	}
	limit := int(maxIncrementalShare * float64(before.Addresses))
	if pend.Addresses > limit {
		return false, nil
	}
	var ids []int64
	var pts []orb.Point
	if pend.Addresses > 0 || len(pend.Boxes) > 0 {
		if ids, pts, err = s.Store.PendingPoints(ctx, pend, out.Frame, boxMargin); err != nil {
			return false, err
		}
	}
	if len(ids) > limit {
		return false, nil
	}
	var as []Assignment
	if len(areas) > 0 && len(pts) > 0 {
		// Only the areas whose box holds a point can cover one: the
		// index of a few is built faster than that of every area.
		near, nearFramed := nearAreas(pts, areas, framed)
		if as, _, err = s.locate(ids, pts, near, nearFramed, hasDistricts); err != nil {
			return false, err
		}
	}
	changed := make(map[int64]bool, len(pend.Areas))
	for _, id := range pend.Areas {
		changed[id] = true
	}
	var fresh []Overlap
	if len(changed) > 0 {
		if fresh, err = OverlapsOf(areas, changed); err != nil {
			return false, fmt.Errorf("check overlaps: %w", err)
		}
	}
	kept, err := s.Store.StoredOverlaps(ctx)
	if err != nil {
		return false, err
	}
	err = s.Store.UpdateOverlay(ctx, OverlayUpdate{Pending: pend, Frame: out.Frame, Addresses: ids, Assignments: as, Overlaps: fresh})
	if err != nil {
		return false, err
	}
	out.Overlaps = mergeOverlaps(kept, fresh, changed, areas)
	after, err := s.Store.Counts(ctx)
	if err != nil {
		return false, err
	}
	out.Addresses, out.Assignments, out.Located, out.Incremental = after.Addresses, after.Assignments, len(ids), true
	if hasDistricts {
		out.Unassigned = after.Unassigned
	}
	return true, nil
}

// locate assigns the points (ids[i] at pts[i], in the frame of framed)
// to the areas, and counts those outside every district.
func (s *Service) locate(ids []int64, pts []orb.Point, areas, framed []Area, hasDistricts bool) (as []Assignment, unassigned int, err error) {
	ix, err := NewIndex(framed)
	if err != nil {
		return nil, 0, fmt.Errorf("build overlay index: %w", err)
	}
	counts, hits := ix.locateParallel(pts, s.Workers)
	off := 0
	for i, c := range counts {
		end := off + int(c)
		as, unassigned = appendAssignments(as, ids[i], hits[off:end], areas, hasDistricts, unassigned)
		off = end
	}
	return as, unassigned, nil
}

// nearAreas returns the areas (and their framed twins) whose bounding box
// in the frame holds one of pts, in their order.
func nearAreas(pts []orb.Point, areas, framed []Area) (near, nearFramed []Area) {
	byX := slices.Clone(pts)
	slices.SortFunc(byX, func(a, b orb.Point) int { return cmp.Compare(a[0], b[0]) })
	for i, a := range framed {
		b := a.Geometry.Bound()
		j, _ := slices.BinarySearchFunc(byX, b.Min[0], func(p orb.Point, x float64) int { return cmp.Compare(p[0], x) })
		for ; j < len(byX) && byX[j][0] <= b.Max[0]; j++ {
			if y := byX[j][1]; y >= b.Min[1] && y <= b.Max[1] {
				near, nearFramed = append(near, areas[i]), append(nearFramed, a)
				break
			}
		}
	}
	return near, nearFramed
}

// mergeOverlaps returns the stored overlaps of areas not changed, with
// their names, and the fresh ones, in the order of Overlaps (kind, then
// the IDs of A and B). areas are ordered by ID.
func mergeOverlaps(kept, fresh []Overlap, changed map[int64]bool, areas []Area) []Overlap {
	name := func(id int64) (string, bool) {
		i, ok := slices.BinarySearchFunc(areas, id, func(a Area, id int64) int { return cmp.Compare(a.ID, id) })
		if !ok {
			return "", false
		}
		return areas[i].Name, true
	}
	var out []Overlap
	for _, o := range kept {
		if changed[o.AID] || changed[o.BID] {
			continue
		}
		a, okA := name(o.AID)
		b, okB := name(o.BID)
		if !okA || !okB {
			continue
		}
		o.A, o.B = a, b
		out = append(out, o)
	}
	out = append(out, fresh...)
	kind := func(k AreaKind) int { return slices.Index(AreaKinds, k) }
	slices.SortFunc(out, func(a, b Overlap) int {
		return cmp.Or(cmp.Compare(kind(a.Kind), kind(b.Kind)), cmp.Compare(a.AID, b.AID), cmp.Compare(a.BID, b.BID))
	})
	return out
}
