package geo

import (
	"context"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strings"
	"time"
)

// Source is one input file of an import.
type Source struct {
	Name string    // file name, used in messages
	R    io.Reader // the content
}

// ImportSummary tells what an import did: read, imported, updated and
// skipped records with reasons, warnings, and the state of the overlay.
type ImportSummary struct {
	Files    []*Report
	Read     int
	Imported int // inserted
	Updated  int
	// Skipped and Warnings list at most 100 issues per file; the counts
	// count all.
	Skipped      []Issue
	SkippedCount int
	Warnings     []Issue
	WarningCount int
	Overlay      OverlaySummary
	// Missing lists the areas of the imported kind, in the municipalities
	// the import touched, that it did not hold; Removed tells that they
	// were removed (ParseOptions.RemoveMissing).
	Missing  []Area
	Removed  bool
	Duration time.Duration
}

// OverlaySummary tells the state of the overlay after it was brought up to
// date.
type OverlaySummary struct {
	Addresses   int
	Areas       int
	Assignments int
	// Unassigned counts addresses outside every district (when there are
	// districts).
	Unassigned int
	// Overlaps lists overlapping areas of exclusive kinds (municipality,
	// district). An address in an overlap is assigned to the area imported
	// first (lower ID); the overlap itself is reported, not resolved.
	Overlaps []Overlap
	// AGSMismatches counts the addresses whose AGS is not that of the
	// municipality they were assigned to; AGSExamples shows a few.
	AGSMismatches int
	AGSExamples   []AGSMismatch
	// Frame is the system the overlay ran in: the projected system every
	// area was read in, or 0 for WGS84 (see overlayFrame).
	Frame CRS
	// Located counts the addresses the overlay located; Incremental
	// tells that it located only those an import can have changed (new
	// or moved addresses, those in the bounding boxes of changed areas),
	// and checked overlaps only for the changed areas.
	Located     int
	Incremental bool
	Duration    time.Duration
}

// Service runs imports and keeps the overlay up to date.
type Service struct {
	Store Store
	// Workers for the overlay; 0 means GOMAXPROCS.
	Workers int
}

// ImportAddresses reads every source and writes all addresses in one
// transaction, then brings the overlay up to date.
//
// Duplicate rule: an address key identifies an address. A key seen again
// within the same import (the same file or another file of the same run) is
// skipped, naming the record that came first. A key already in the store is
// updated in place (counted as updated) and keeps its ID and sign-ups.
//
// A record that cannot be read aborts the import with an error naming file,
// line or feature and field; the store is then unchanged. Such errors have
// code EINVALID.
func (s *Service) ImportAddresses(ctx context.Context, srcs []Source, opt ParseOptions) (*ImportSummary, error) {
	d := newDupCheck(opt)
	return importAll(ctx, s, srcs,
		func(src Source, rep *Report) iter.Seq2[Address, error] {
			return ReadAddresses(src.Name, src.R, opt, rep)
		},
		d.keep, d.finish,
		s.Store.ImportAddresses)
}

// maxDuplicateShare is the share of records an import may skip as
// duplicates before it stops (unless AllowDuplicates): more means the key
// probably lacks a field, as when a suffix column went unrecognised and
// "23" and "23a" became one address.
const maxDuplicateShare = 0.01

// dupCheck applies the duplicate rule of ImportAddresses.
type dupCheck struct {
	opt   ParseOptions
	seen  map[string]firstSeen
	dups  int
	reps  []*Report
	noNum int // duplicates without a house number
	same  int // duplicates within a metre of the first record
}

// firstSeen is the first record of a key.
type firstSeen struct {
	source   string
	lon, lat float64
}

func newDupCheck(opt ParseOptions) *dupCheck {
	return &dupCheck{opt: opt, seen: make(map[string]firstSeen)}
}

func (d *dupCheck) keep(a *Address, rep *Report) (bool, error) {
	if f, dup := d.seen[a.Key]; dup {
		first := f.source
		d.dups++
		if a.HouseNumber == "" {
			d.noNum++
		}
		if math.Abs(a.Lon-f.lon) < 1.5e-5 && math.Abs(a.Lat-f.lat) < 1e-5 {
			d.same++
		}
		rep.DuplicateCount++
		if len(d.reps) == 0 || d.reps[len(d.reps)-1] != rep {
			d.reps = append(d.reps, rep)
		}
		rep.skip(Issue{File: a.Source, Feature: -1, Field: "key",
			Message: fmt.Sprintf("duplicate address key %q, first seen at %s; skipped", a.Key, first)})
		return false, nil
	}
	d.seen[a.Key] = firstSeen{a.Source, a.Lon, a.Lat}
	return true, nil
}

// finish refuses an import whose duplicates exceed maxDuplicateShare of
// the records read, saying which field the key probably lacks.
func (d *dupCheck) finish(files []*Report) error {
	read := 0
	for _, r := range files {
		read += r.Read
	}
	if d.opt.AllowDuplicates || d.dups == 0 || float64(d.dups) <= maxDuplicateShare*float64(read) {
		return nil
	}
	return Errorf(EINVALID, "%d von %d Datensätzen (%s %%) haben denselben Adressschlüssel wie ein früherer und würden übersprungen; %s. Nichts wurde importiert. Wenn mehrere Datensätze je Adresse richtig sind, Wiederholungen erlauben (Befehl: --allow-duplicates, Importseite: „Mehrere Datensätze je Adresse sind richtig“); sie werden dann übersprungen",
		d.dups, read, strings.Replace(fmt.Sprintf("%.1f", 100*float64(d.dups)/float64(read)), ".", ",", 1), d.hint())
}

// hint guesses which field is missing from the key, in German.
func (d *dupCheck) hint() string {
	if d.noNum*2 > d.dups {
		return "die meisten haben keine Hausnummer: ist die Spalte der Hausnummer zugeordnet (--map number=SPALTE)?"
	}
	for _, r := range d.reps {
		for _, col := range r.Unmapped {
			n := normName(col)
			for _, m := range []string{"zu", "zus", "zusatz", "adz", "suffix", "buchst"} {
				if strings.Contains(n, m) {
					return fmt.Sprintf("die Spalte %q von %s sieht nach einem Hausnummernzusatz aus, der nicht zum Schlüssel gehört: mit --map suffix=%s zuordnen", col, r.File, col)
				}
			}
		}
	}
	if d.same*2 > d.dups {
		return "die Wiederholungen liegen am selben Punkt wie der erste Datensatz: mehrere Einträge je Adresse (etwa mehrere Firmen oder Schulen in einem Gebäude)"
	}
	for _, r := range d.reps {
		if !slices.ContainsFunc(r.Mapping, func(m string) bool {
			return strings.HasPrefix(m, "suffix=") || strings.HasPrefix(m, "address=")
		}) {
			return "es wurde keine Spalte für den Hausnummernzusatz gefunden, so würden 23 und 23a eine Adresse: mit --map suffix=SPALTE zuordnen"
		}
	}
	return "der Schlüssel ist Postleitzahl, Straße, Hausnummer und Zusatz (oder die Schlüsselspalte der Datei): fehlt ein Feld?"
}

// ImportAreas reads every source as areas of kind opt.Kind, places each in
// its municipality (opt.Municipality, else the stored one that contains
// it; see placer) and writes them in one transaction: an area of the same
// municipality, kind and name (and AGS, for municipalities) is replaced,
// another municipality's never. Then it brings the overlay up to date.
// Errors as ImportAddresses; two areas of one identity within one import
// are refused, and so is an area straddling two municipalities.
func (s *Service) ImportAreas(ctx context.Context, srcs []Source, opt ParseOptions) (*ImportSummary, error) {
	if _, err := ParseAreaKind(string(opt.Kind)); err != nil {
		return nil, err
	}
	pl, err := s.newPlacer(ctx, opt)
	if err != nil {
		return nil, err
	}
	before, err := s.Store.Areas(ctx, opt.Kind)
	if err != nil {
		return nil, err
	}
	seen := make(map[areaKey]string)
	touched := map[int64]bool{}
	var missing []Area
	post := func(ctx context.Context, sum *ImportSummary) error {
		for _, a := range before {
			if _, ok := seen[keyOf(a.Area)]; !ok && touched[a.Municipality] {
				missing = append(missing, a.Area)
			}
		}
		sum.Missing = missing
		if !opt.RemoveMissing || len(missing) == 0 {
			return nil
		}
		ids := make([]int64, len(missing))
		for i, a := range missing {
			ids[i] = a.ID
		}
		if err := s.Store.DeleteAreas(ctx, ids); err != nil {
			return Errorf(ErrorCode(err), "Der Import ist gespeichert, die in der Datei fehlenden Gebiete bleiben aber: %s", ErrorMessage(err))
		}
		sum.Removed = true
		return nil
	}
	return importAllThen(ctx, s, srcs,
		func(src Source, rep *Report) iter.Seq2[Area, error] { return ReadAreas(src.Name, src.R, opt, rep) },
		func(a *Area, _ *Report) (bool, error) {
			if err := pl.place(a); err != nil {
				return false, err
			}
			k := keyOf(*a)
			if first, dup := seen[k]; dup {
				return false, Errorf(EINVALID, "%s: Feld Name: das Gebiet %q kommt zweimal vor (zuerst bei %s); Namen müssen je Gemeinde und Gebietsart eindeutig sein", a.Source, a.Name, first)
			}
			seen[k] = a.Source
			touched[a.Municipality] = true
			return true, nil
		},
		nil, s.Store.ImportAreas, post)
}

// areaKey is an area's identity: its municipality, kind and name, and a
// municipality's AGS.
type areaKey struct {
	municipality int64
	kind         AreaKind
	name, ags    string
}

func keyOf(a Area) areaKey { return areaKey{a.Municipality, a.Kind, a.Name, a.AGS} }

// importAll reads the records of every source through read, lets keep
// skip a record (false) or fail the import (error), writes the rest with
// write in one transaction, and brings the overlay up to date.
func importAll[T any](ctx context.Context, s *Service, srcs []Source,
	read func(Source, *Report) iter.Seq2[T, error],
	keep func(*T, *Report) (bool, error),
	finish func([]*Report) error,
	write func(context.Context, iter.Seq2[T, error]) (WriteStats, error)) (*ImportSummary, error) {
	return importAllThen(ctx, s, srcs, read, keep, finish, write, nil)
}

// importAllThen is importAll with post run after the write and before the
// overlay; its error is returned with the summary (the write is done).
func importAllThen[T any](ctx context.Context, s *Service, srcs []Source,
	read func(Source, *Report) iter.Seq2[T, error],
	keep func(*T, *Report) (bool, error),
	finish func([]*Report) error,
	write func(context.Context, iter.Seq2[T, error]) (WriteStats, error),
	post func(context.Context, *ImportSummary) error) (*ImportSummary, error) {
	start := time.Now()
	sum := &ImportSummary{}
	seq := func(yield func(T, error) bool) {
		var zero T
		for _, src := range srcs {
			rep := &Report{File: src.Name}
			sum.Files = append(sum.Files, rep)
			for v, err := range read(src, rep) {
				if err != nil {
					yield(zero, err)
					return
				}
				ok, err := keep(&v, rep)
				if err != nil {
					yield(zero, err)
					return
				}
				if ok && !yield(v, nil) {
					return
				}
			}
		}
		if finish != nil {
			if err := finish(sum.Files); err != nil {
				yield(zero, err)
			}
		}
	}
	st, err := write(ctx, seq)
	if err != nil {
		return nil, err
	}
	sum.Imported, sum.Updated = st.Inserted, st.Updated
	sum.collect()
	var postErr error
	if post != nil {
		postErr = post(ctx, sum)
	}
	if sum.Overlay, err = s.Reassign(ctx); err != nil {
		return sum, fmt.Errorf("overlay after import: %w", err)
	}
	sum.Duration = time.Since(start)
	return sum, postErr
}

func (sum *ImportSummary) collect() {
	for _, r := range sum.Files {
		sum.Read += r.Read
		sum.Skipped = append(sum.Skipped, r.Skipped...)
		sum.SkippedCount += r.SkippedCount
		sum.Warnings = append(sum.Warnings, r.Warnings...)
		sum.WarningCount += r.WarningCount
	}
}

// CatchUp runs the overlay if the store marks it stale (OverlayStale):
// an import's transaction committed but the process stopped before its
// overlay did. It reports whether it ran.
func (s *Service) CatchUp(ctx context.Context) (OverlaySummary, bool, error) {
	stale, err := s.Store.OverlayStale(ctx)
	if err != nil || !stale {
		return OverlaySummary{}, false, err
	}
	out, err := s.Reassign(ctx)
	return out, true, err
}

// overlayFrame returns the system the overlay runs in: the projected
// system all areas were read in (their source geometry), so that a point
// lying on an edge in the files stays on it; else 0, WGS84. framed is
// areas with their geometry in that system.
func overlayFrame(areas []Area) (frame CRS, framed []Area) {
	if len(areas) == 0 {
		return 0, areas
	}
	frame = areas[0].SrcCRS
	for _, a := range areas {
		if a.SrcCRS == 0 || a.SrcCRS != frame || len(a.SrcGeometry) == 0 {
			return 0, areas
		}
	}
	framed = make([]Area, len(areas))
	for i, a := range areas {
		framed[i] = a
		framed[i].Geometry = a.SrcGeometry
	}
	return frame, framed
}

// appendAssignments appends the assignments of one address given the
// indices (ascending) of the areas covering it, keeping only the first
// area of each exclusive kind.
func appendAssignments(as []Assignment, id int64, hits []int32, areas []Area, hasDistricts bool, unassigned int) ([]Assignment, int) {
	var haveMuni, haveDistrict bool
	for _, h := range hits {
		a := areas[h]
		switch a.Kind {
		case KindMunicipality:
			if haveMuni {
				continue
			}
			haveMuni = true
		case KindDistrict:
			if haveDistrict {
				continue
			}
			haveDistrict = true
		}
		as = append(as, Assignment{AddressID: id, AreaID: a.ID})
	}
	if hasDistricts && !haveDistrict {
		unassigned++
	}
	return as, unassigned
}

// Collect drains a sequence into a slice, stopping at the first error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Values yields the elements of s with no error: an adapter for writing
// in-memory slices through the Store's import methods.
func Values[T any](s []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, v := range s {
			if !yield(v, nil) {
				return
			}
		}
	}
}
