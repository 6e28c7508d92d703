package geo

import "time"

// ImportKind is what an import brought in.
type ImportKind string

// Import kinds.
const (
	ImportAddresses ImportKind = "addresses"
	ImportAreas     ImportKind = "areas"
	ImportSupply    ImportKind = "supply"
)

// Import records one import of a file: what a report names as its source
// (file, date, rows). The store writes it in the import's own
// transaction, so that a failed import leaves no record.
type Import struct {
	ID   int64
	Kind ImportKind
	// AreaKind is the kind of the areas of an areas import ("" else).
	AreaKind AreaKind
	File     string // base name of the file, no directory
	SHA256   string // hex digest of the file's bytes ("" when unknown)
	Rows     int    // records written
	// ImportedAt is when the import committed (UTC).
	ImportedAt time.Time
	By         string // who imported (user name or OS user)
	// Municipality is the ID of the municipality area the import was
	// for, when known (0: none or several).
	Municipality int64
}
