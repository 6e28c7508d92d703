package geo

import (
	"context"
	"iter"

	"github.com/paulmach/orb"
)

// AddressFilter selects addresses.
type AddressFilter struct {
	// AreaID limits the result to addresses assigned to this area (0: all).
	AreaID int64
	// Unassigned limits the result to addresses outside every district.
	Unassigned bool
	// Limit caps the number of results (0: no limit).
	Limit int
	// ByStreet orders by postcode, street and number instead of by ID.
	ByStreet bool
	// Brief reads only ID, street, house number, suffix, lon and lat (the
	// other fields stay zero): a third of the columns, for readers of
	// every address such as the map's tile index.
	Brief bool
}

// WriteStats tells what a store write did.
type WriteStats struct {
	Inserted int
	Updated  int
}

// Counts are the store's totals, e.g. for /healthz.
type Counts struct {
	Addresses   int              `json:"addresses"`
	Households  int              `json:"households"`
	Businesses  int              `json:"businesses"`
	Areas       map[AreaKind]int `json:"areas"`
	Assignments int              `json:"assignments"`
	Unassigned  int              `json:"unassigned"` // addresses outside every district
}

// Store persists addresses, areas and their assignments.
//
// Implementations: data/sqlite (embedded default) and data/postgres.
type Store interface {
	// ImportAddresses writes every address of seq in one transaction,
	// inserting new keys and updating existing ones (matched by Key). If seq
	// yields an error, or writing fails, the transaction is rolled back, the
	// store is unchanged and the error is returned as is.
	ImportAddresses(ctx context.Context, seq iter.Seq2[Address, error]) (WriteStats, error)

	// ImportAreas writes every area of seq in one transaction, inserting new
	// (kind, name) pairs and replacing the geometry of existing ones. Errors
	// as ImportAddresses. Both mark the overlay stale (OverlayStale).
	ImportAreas(ctx context.Context, seq iter.Seq2[Area, error]) (WriteStats, error)

	// Addresses yields the addresses matching f, ordered by ID (or by
	// postcode, street and number with f.ByStreet).
	Addresses(ctx context.Context, f AddressFilter) iter.Seq2[Address, error]

	// Points returns the ID and position of every address, ordered by ID:
	// what the overlay needs, without the rest of each row.
	Points(ctx context.Context) ([]int64, []orb.Point, error)
	// SourcePoints is Points in the projected system frame: an address
	// keeps its source coordinates when they are in frame, the others are
	// transformed from WGS84.
	SourcePoints(ctx context.Context, frame CRS) ([]int64, []orb.Point, error)
	// AreaIn returns the area of kind (any if "": the first in kind
	// order) and name that belongs to municipality (an area ID; 0: to
	// none): ENOTFOUND when there is none.
	AreaIn(ctx context.Context, municipality int64, kind AreaKind, name string) (Area, error)
	// AGSMismatches counts the addresses whose own AGS (from the file)
	// differs from the AGS of the municipality the overlay assigned them,
	// with up to limit examples.
	AGSMismatches(ctx context.Context, limit int) (int, []AGSMismatch, error)
	// DeleteAreas removes areas with their assignments and marks the
	// overlay stale; an area a campaign uses is refused (EINVALID) and
	// nothing is removed.
	DeleteAreas(ctx context.Context, ids []int64) error

	// Address returns one address. ENOTFOUND if there is none.
	Address(ctx context.Context, id int64) (Address, error)

	// SearchAddresses finds addresses whose street and number start with q,
	// compared by SearchKey (case-, umlaut- and ß-insensitive). At most limit
	// results, best first.
	SearchAddresses(ctx context.Context, q string, limit int) ([]Address, error)

	// SearchAddressesIn is SearchAddresses among the addresses the overlay
	// assigned to the municipality (an area ID); 0 searches all.
	SearchAddressesIn(ctx context.Context, municipality int64, q string, limit int) ([]Address, error)

	// Areas returns the areas of kind (all kinds if kind is empty) with
	// their assigned totals, ordered by kind and name.
	Areas(ctx context.Context, kind AreaKind) ([]AreaSummary, error)

	// AreaRefs returns every area without its geometry (ID, Kind, Name,
	// Source, Municipality, AGS), ordered as Areas: what a scope check or a
	// list of names needs, cheap at any number of areas.
	AreaRefs(ctx context.Context) ([]Area, error)

	// AreaByName returns the area of kind with this name; if kind is empty,
	// the name must be unique across kinds. ENOTFOUND if there is none,
	// EINVALID if the name is ambiguous.
	AreaByName(ctx context.Context, kind AreaKind, name string) (Area, error)

	// ReplaceAssignments replaces all address-area assignments in one
	// transaction, which also marks the overlay up to date and clears
	// the pending work; the frame is then unknown (UnknownFrame), so that
	// the next Service.Reassign locates every address again.
	ReplaceAssignments(ctx context.Context, as []Assignment) error

	// OverlayStale reports whether addresses or areas were imported after
	// the last ReplaceAssignments: ImportAddresses and ImportAreas mark the
	// overlay stale in their transaction, so that a crash before the
	// overlay leaves a mark that Service.CatchUp finds.
	OverlayStale(ctx context.Context) (bool, error)

	// DataGeneration returns a number that grows with every committed
	// change of addresses, areas or assignments (an import, a deletion,
	// an overlay, Clear) and with nothing else: the map's tiles are
	// rendered again when it changes, even if no count did (a boundary
	// moved, an address corrected in place).
	DataGeneration(ctx context.Context) (int64, error)

	// OverlayPending returns the work the next overlay has to do: what
	// the imports and DeleteAreas noted since the last UpdateOverlay (or
	// ReplaceAssignments), and the frame that overlay ran in.
	OverlayPending(ctx context.Context) (OverlayPending, error)

	// PendingPoints returns the ID and position in frame (as
	// SourcePoints) of the addresses an incremental overlay locates: the
	// pending addresses of p, and those whose lon and lat lie in one of
	// p's boxes grown by margin degrees on every side. Ordered by ID.
	PendingPoints(ctx context.Context, p OverlayPending, frame CRS, margin float64) ([]int64, []orb.Point, error)

	// StoredOverlaps returns the overlaps the last overlay stored, with
	// the IDs of their areas (AID < BID) and without their names,
	// ordered by AID, then BID.
	StoredOverlaps(ctx context.Context) ([]Overlap, error)

	// UpdateOverlay writes an overlay's result in one transaction: the
	// assignments (every one with u.Full, else those of u.Addresses), the
	// totals, the overlaps, and the pending work done (up to u.Pending.Seq)
	// cleared, with the frame recorded. An unknown address or area ID is
	// EINVALID and changes nothing.
	UpdateOverlay(ctx context.Context, u OverlayUpdate) error

	// AssignmentsOf returns the areas an address is assigned to.
	AssignmentsOf(ctx context.Context, addressID int64) ([]Area, error)

	// AreaNamesOf returns, for each of the addresses ids that is assigned
	// to an area of kind, the name of that area (the first by name if
	// there are several): the Ortsteil of each search result, in one query
	// and without geometry.
	AreaNamesOf(ctx context.Context, ids []int64, kind AreaKind) (map[int64]string, error)

	// Assignments yields every address-area assignment in one pass,
	// ordered by address id, then area id: what reports over many
	// addresses read instead of asking per address or per area.
	Assignments(ctx context.Context) iter.Seq2[Assignment, error]

	// AssignmentsIn yields every assignment of the addresses assigned to
	// area (an area ID), ordered by address id, then area id: each such
	// address with all its areas, those of other kinds and other
	// municipalities included. What reports over one area (a
	// municipality, a project area) read instead of Assignments: the cost
	// is the area's, not the store's. Nothing for an area without
	// addresses or an unknown ID.
	AssignmentsIn(ctx context.Context, area int64) iter.Seq2[Assignment, error]

	// Counts returns the store's totals.
	Counts(ctx context.Context) (Counts, error)

	// Close releases the store.
	Close() error
}

// UnknownFrame is OverlayPending.Frame when no overlay ran, or the last
// one's frame is not known: the next overlay locates every address.
const UnknownFrame CRS = -1

// OverlayPending is the work the imports left for the next overlay.
type OverlayPending struct {
	// Seq is the last pending record read; UpdateOverlay clears the
	// records up to it, not those a later import added meanwhile.
	Seq int64
	// All tells that every address is to be located again (an import
	// into an empty address table).
	All bool
	// Frame is the system the last overlay ran in (UnknownFrame: none).
	Frame CRS
	// Addresses counts the pending address records (inserted or moved
	// addresses; one may count more than once).
	Addresses int
	// Boxes are the old and new bounding boxes (WGS84) of the areas
	// inserted, changed or removed.
	Boxes []orb.Bound
	// Areas are the IDs of those areas, ascending, without repeats.
	Areas []int64
}

// OverlayUpdate is an overlay's result for Store.UpdateOverlay.
type OverlayUpdate struct {
	// Pending is what the overlay read and did.
	Pending OverlayPending
	// Frame is the system it ran in.
	Frame CRS
	// Full tells that Assignments are every assignment; else they are
	// those of the Addresses (ascending) and replace theirs only.
	Full        bool
	Addresses   []int64
	Assignments []Assignment
	// Overlaps are every overlap (Full), or those of the changed areas
	// (Pending.Areas), whose stored overlaps they replace.
	Overlaps []Overlap
}

// AreaNamed finds an area of any kind by name: among the areas of
// municipality (an area ID) when that is not 0, else among all areas
// (Store.AreaByName). The command line and the reports resolve the names
// people give with it.
func AreaNamed(ctx context.Context, st Store, municipality int64, name string) (Area, error) {
	if municipality == 0 {
		return st.AreaByName(ctx, "", name)
	}
	return st.AreaIn(ctx, municipality, "", name)
}
