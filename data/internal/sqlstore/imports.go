package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"gigaplan/geo"
)

// ImportStore implements geo.ImportStore over a Dialect.
type ImportStore struct {
	D Dialect
}

// importNow is the clock of the import records (tests fix it).
var importNow = time.Now

// RecordImport writes the import record ctx carries (geo.WithImport), if
// any, with rows records, in the import's transaction q. A record without
// a kind or file, or of an unknown kind, is EINVALID and so fails the
// import: an import the caller meant to record is never written
// unrecorded.
func RecordImport(ctx context.Context, d Dialect, q Querier, rows int) error {
	im, ok := geo.ImportFrom(ctx)
	if !ok {
		return nil
	}
	switch im.Kind {
	case geo.ImportAddresses, geo.ImportAreas, geo.ImportSupply:
	default:
		return geo.Errorf(geo.EINVALID, "Importeintrag: unbekannte Art „%s“", im.Kind)
	}
	if strings.TrimSpace(im.File) == "" {
		return geo.Errorf(geo.EINVALID, "Importeintrag: Dateiname fehlt")
	}
	at := im.ImportedAt
	if at.IsZero() {
		at = importNow()
	}
	return insertImport(ctx, d, q, im, rows, at)
}

// insertImport writes one import record.
func insertImport(ctx context.Context, d Dialect, q Querier, im geo.Import, rows int, at time.Time) error {
	if _, err := q.Exec(ctx, `INSERT INTO imports (kind, area_kind, file, sha256, row_count, imported_at, imported_by, municipality)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		string(im.Kind), string(im.AreaKind), im.File, im.SHA256, int64(rows), d.Time(at.UTC()), im.By, im.Municipality); err != nil {
		return d.Err(ctx, err, "record import of %s", im.File)
	}
	return nil
}

// CopyImports implements geo.ImportStore: it writes ims as they are (kind,
// file, digest, rows, time, who, municipality; new IDs), oldest first, in
// one transaction. gigaplan migrate uses it, with the municipality
// already mapped to the target's ID.
func (s ImportStore) CopyImports(ctx context.Context, ims []geo.Import) error {
	for _, im := range ims {
		if strings.TrimSpace(im.File) == "" || im.Kind == "" || im.ImportedAt.IsZero() {
			return geo.Errorf(geo.EINVALID, "Importeintrag %d: Art, Datei oder Zeitpunkt fehlt", im.ID)
		}
	}
	sorted := slices.Clone(ims)
	slices.SortStableFunc(sorted, func(a, b geo.Import) int {
		return cmp.Or(a.ImportedAt.Compare(b.ImportedAt), cmp.Compare(a.ID, b.ID))
	})
	return s.D.WriteTx(ctx, func(q Querier) error {
		for _, im := range sorted {
			if err := insertImport(ctx, s.D, q, im, im.Rows, im.ImportedAt); err != nil {
				return err
			}
		}
		return nil
	})
}

// Imports implements geo.ImportStore: every recorded import, newest first.
func (s ImportStore) Imports(ctx context.Context) ([]geo.Import, error) {
	return queryAll(ctx, s.D, s.D.Pool(), "read imports", func(r Rows) (geo.Import, error) {
		var im geo.Import
		var kind, areaKind string
		var rows int64
		err := r.Scan(&im.ID, &kind, &areaKind, &im.File, &im.SHA256, &rows, Time{&im.ImportedAt}, &im.By, &im.Municipality)
		im.Kind, im.AreaKind, im.Rows = geo.ImportKind(kind), geo.AreaKind(areaKind), int(rows)
		return im, err
	}, `SELECT id, kind, area_kind, file, sha256, row_count, imported_at, imported_by, municipality
		FROM imports ORDER BY imported_at DESC, id DESC`)
}
