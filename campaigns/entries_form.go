package campaigns

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gigaplan/geo"
)

// AreaLatest is what the sign-up form shows of an area's log.
type AreaLatest struct {
	// Current is the effective latest count: of the latest date, the entry
	// entered last. Its ID is 0 when the area has no entry.
	Current Entry
	// LatestID is the ID of the entry entered last, whatever its date (0:
	// none). The form sends it back as FormEntry.BasedOn.
	LatestID int64
	// Latest is that entry.
	Latest Entry
}

// Latest returns, per area ID, the latest entries of a campaign's areas;
// areas without entries are missing from the map.
func (s *Service) Latest(ctx context.Context, campaignID int64) (map[int64]AreaLatest, error) {
	es, err := s.Store.Entries(ctx, campaignID, 0)
	if err != nil {
		return nil, err
	}
	out := map[int64]AreaLatest{}
	for _, e := range es {
		l := out[e.AreaID]
		if e.ID > l.LatestID {
			l.LatestID, l.Latest = e.ID, e
		}
		if cur := l.Current; cur.ID == 0 || Day(e.AsOf).After(Day(cur.AsOf)) || (Day(e.AsOf).Equal(Day(cur.AsOf)) && e.ID > cur.ID) {
			l.Current = e
		}
		out[e.AreaID] = l
	}
	return out, nil
}

// FormEntry is one row of the sign-up form: a new count for one area.
type FormEntry struct {
	AreaID  int64
	Count   int
	Comment string
	// BasedOn is the ID of the area's latest entry when the person loaded
	// the form (AreaLatest.LatestID; 0: there was none).
	BasedOn int64
}

// EntryConflict is an area whose latest entry changed after the form was
// loaded.
type EntryConflict struct {
	AreaID   int64
	AreaName string
	Latest   Entry // the newer entry
}

// Message says who entered what meanwhile, in German.
func (c EntryConflict) Message() string {
	who := strings.TrimSpace(c.Latest.EnteredBy)
	if who == "" {
		who = "jemand"
	}
	return fmt.Sprintf("Inzwischen hat %s für %s %d (Stand %s) eingetragen.", who, c.AreaName, c.Latest.Count,
		c.Latest.AsOf.Format("02.01.2006"))
}

// ConflictError refuses a form because areas changed meanwhile; nothing
// was saved. Its code is ECONFLICT.
type ConflictError struct{ Conflicts []EntryConflict }

func (e *ConflictError) Error() string {
	msgs := make([]string, len(e.Conflicts))
	for i, c := range e.Conflicts {
		msgs[i] = c.Message()
	}
	return strings.Join(msgs, " ") + " Nichts wurde gespeichert: bitte prüfen und erneut speichern."
}

// Unwrap gives the error its code for geo.ErrorCode.
func (e *ConflictError) Unwrap() error { return &geo.Error{Code: geo.ECONFLICT, Message: e.Error()} }

// RowErrors refuses a form because rows are invalid; nothing was saved.
// Its code is EINVALID. Rows maps area IDs to the message for that row.
type RowErrors struct {
	Rows  map[int64]string
	names map[int64]string
}

func (e *RowErrors) Error() string {
	ids := make([]int64, 0, len(e.Rows))
	for id := range e.Rows {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	msgs := make([]string, len(ids))
	for i, id := range ids {
		msgs[i] = e.names[id] + ": " + e.Rows[id]
	}
	return strings.Join(msgs, "; ")
}

// Unwrap gives the error its code for geo.ErrorCode.
func (e *RowErrors) Unwrap() error { return &geo.Error{Code: geo.EINVALID, Message: e.Error()} }

// AddFormEntries saves the rows of the sign-up form for campaign c, all
// dated asOf and entered by by, in one transaction: all or none.
//
// Inside the transaction, before anything is written, every row's BasedOn
// is compared with its area's latest entry ID: if any area got a newer
// entry meanwhile, nothing is saved and the error is a *ConflictError
// naming each such area. Otherwise every row is checked as AddEntry checks
// it; if any fails, nothing is saved and the error is a *RowErrors with
// the message of every failing row (not only the first). Rows naming an
// area outside c are ENOTFOUND; no rows at all is EINVALID.
//
// The conflict check reads the log through the store's pool while the
// store's write transaction is open: exact on SQLite, whose writers are
// serialised; a store whose writers run in parallel would need the check
// inside its own transaction.
func (s *Service) AddFormEntries(ctx context.Context, c *Campaign, asOf time.Time, rows []FormEntry, by string) error {
	return s.formEntries(ctx, c, asOf, rows, by, false)
}

// CheckFormEntries checks rows as AddFormEntries does, row by row against
// the log, and saves nothing: the form uses it to mark every bad row when
// another row could not even be read. The conflict check is left to the
// save. Its errors are those of AddFormEntries; nil if every row passes.
func (s *Service) CheckFormEntries(ctx context.Context, c *Campaign, asOf time.Time, rows []FormEntry, by string) error {
	return s.formEntries(ctx, c, asOf, rows, by, true)
}

// errDryRun rolls back CheckFormEntries' transaction when every row passed.
var errDryRun = errors.New("dry run")

func (s *Service) formEntries(ctx context.Context, c *Campaign, asOf time.Time, rows []FormEntry, by string, dryRun bool) error {
	if len(rows) == 0 {
		return geo.Errorf(geo.EINVALID, "keine neue Zahl eingetragen")
	}
	names := map[int64]string{}
	for _, a := range c.Areas {
		names[a.AreaID] = a.AreaName
	}
	rowErrs := &RowErrors{Rows: map[int64]string{}, names: names}
	es := make([]Entry, 0, len(rows))
	seen := map[int64]bool{}
	for _, r := range rows {
		if _, ok := names[r.AreaID]; !ok {
			return geo.Errorf(geo.ENOTFOUND, "Kampagne %s hat kein Gebiet %d", c.Name, r.AreaID)
		}
		if seen[r.AreaID] {
			return geo.Errorf(geo.EINVALID, "Gebiet %s steht zweimal im Formular", names[r.AreaID])
		}
		seen[r.AreaID] = true
		if r.Count < 0 {
			rowErrs.Rows[r.AreaID] = fmt.Sprintf("die Zahl %d ist negativ", r.Count)
		}
		es = append(es, Entry{CampaignID: c.ID, AreaID: r.AreaID, AsOf: Day(asOf), Count: r.Count, Source: SourceProvider,
			Comment: strings.TrimSpace(r.Comment), EnteredBy: by, EnteredAt: s.nowUTC()})
	}
	if len(rowErrs.Rows) > 0 {
		return rowErrs
	}
	dens, err := s.overlayDenominators(ctx, nil, c, es)
	if err != nil {
		return err
	}
	check := s.checkerWith(ctx, dens)
	err = s.Store.AddEntries(ctx, es, func(i int, cc *Campaign, e Entry, prev *Entry) error {
		if i == 0 && !dryRun {
			latest, err := s.Latest(ctx, c.ID)
			if err != nil {
				return err
			}
			var conflicts []EntryConflict
			for _, r := range rows {
				if l := latest[r.AreaID]; l.LatestID != r.BasedOn {
					conflicts = append(conflicts, EntryConflict{AreaID: r.AreaID, AreaName: names[r.AreaID], Latest: l.Latest})
				}
			}
			if len(conflicts) > 0 {
				return &ConflictError{Conflicts: conflicts}
			}
		}
		if err := check(cc, e, prev); err != nil {
			if geo.ErrorCode(err) != geo.EINVALID {
				return err
			}
			msg := geo.ErrorMessage(err)
			msg = strings.TrimPrefix(msg, entryWhere(cc.Name, names[e.AreaID])+": ")
			rowErrs.Rows[e.AreaID] = msg
		}
		if i == len(es)-1 && len(rowErrs.Rows) > 0 {
			return rowErrs // rolls back the rows written so far
		}
		if i == len(es)-1 && dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}
