package geo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"time"
)

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

// ImportStore lists the recorded imports. Implementations: data/sqlite
// and data/postgres (the shared sqlstore.ImportStore).
type ImportStore interface {
	// Imports returns every recorded import, newest first (by time, then
	// ID).
	Imports(ctx context.Context) ([]Import, error)
	// CopyImports writes records as they are (new IDs), oldest first,
	// all or none: gigaplan migrate's copy of another store's records,
	// their Municipality already the target's ID. A record without
	// kind, file or time is EINVALID.
	CopyImports(ctx context.Context, ims []Import) error
}

type importKey struct{}

// WithImport returns ctx carrying the record of the import about to run:
// Store.ImportAddresses, Store.ImportAreas and SupplyStore.ReplaceSupply
// given such a context write im in their transaction, with Rows set to
// the records written and ImportedAt to the time of the write, so that
// a failed import leaves no record. The import paths (CLI, office page)
// set it; the demo load, migrate and the benchmarks do not, and their
// writes are not recorded.
func WithImport(ctx context.Context, im Import) context.Context {
	return context.WithValue(ctx, importKey{}, im)
}

// ImportFrom returns the import record WithImport put into ctx.
func ImportFrom(ctx context.Context) (Import, bool) {
	im, ok := ctx.Value(importKey{}).(Import)
	return im, ok
}

// FileDigest returns the hex SHA-256 of r's bytes.
func FileDigest(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ImportFileName is the base name of path as an import records it
// (either slash counts, so that a Windows upload name loses its folders
// too).
func ImportFileName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		path = path[i+1:]
	}
	return path
}
