package campaigns

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gigaplan/geo"
)

// APIEntry is one sign-up count a provider's system posts: an area of
// the campaign by name, the date (YYYY-MM-DD) and the cumulative count.
type APIEntry struct {
	Area    string
	Date    string
	Count   *int // nil: missing
	Comment string
}

// Limits of a posted batch.
const (
	MaxAPIEntries  = 1000
	MaxCommentLen  = 500 // characters
	apiEntryPrefix = "Eintrag"
)

// APIResult tells what AddAPIEntries did.
type APIResult struct {
	// Added are the stored entries, in the order posted.
	Added []Entry
	// Unchanged counts posted entries that repeat the effective count of
	// their area and date exactly (a retried request); they are not
	// stored again.
	Unchanged int
}

// EntryErrors refuses a batch because entries are invalid; nothing was
// saved. Its code is EINVALID. Errors maps the index of each invalid
// entry in the batch to its message.
type EntryErrors struct{ Errors map[int]string }

func (e *EntryErrors) Error() string { return joinIndexed(e.Errors) }

// Unwrap gives the error its code for geo.ErrorCode.
func (e *EntryErrors) Unwrap() error { return &geo.Error{Code: geo.EINVALID, Message: e.Error()} }

// StaleError refuses a batch because entries are older than, or
// contradict, counts already stored; nothing was saved. Its code is
// ECONFLICT. Conflicts maps the index of each such entry to its message.
type StaleError struct{ Conflicts map[int]string }

func (e *StaleError) Error() string { return joinIndexed(e.Conflicts) }

// Unwrap gives the error its code for geo.ErrorCode.
func (e *StaleError) Unwrap() error { return &geo.Error{Code: geo.ECONFLICT, Message: e.Error()} }

func joinIndexed(m map[int]string) string {
	idx := make([]int, 0, len(m))
	for i := range m {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	msgs := make([]string, len(idx))
	for k, i := range idx {
		msgs[k] = fmt.Sprintf("%s %d: %s", apiEntryPrefix, i, m[i])
	}
	return strings.Join(msgs, "; ")
}

// AddAPIEntries saves counts a provider's system posted for campaign c,
// with source provider and entered by by, in one transaction: all or none.
//
// Every entry is checked first: a known area of c, a date YYYY-MM-DD, a
// count, a comment of at most MaxCommentLen characters, one entry per area
// and date; then as AddEntry checks it (not negative, not above the
// denominator, not before the start or in the future, a falling count
// needs a comment). Invalid entries fail the batch with an *EntryErrors
// naming each one.
//
// Against the stored log, per area: an entry dated before the area's
// latest count is stale, and one on the date of the latest count with a
// different count contradicts it; either fails the batch with a
// *StaleError. An entry repeating the latest count of its date exactly is
// counted as unchanged and not stored again, so that a retried request is
// harmless. No entries at all, or more than MaxAPIEntries, is EINVALID.
func (s *Service) AddAPIEntries(ctx context.Context, c *Campaign, in []APIEntry, by string) (APIResult, error) {
	if len(in) == 0 {
		return APIResult{}, geo.Errorf(geo.EINVALID, "keine Einträge: entries ist leer")
	}
	if len(in) > MaxAPIEntries {
		return APIResult{}, geo.Errorf(geo.EINVALID, "zu viele Einträge: höchstens %d je Anfrage", MaxAPIEntries)
	}
	invalid := &EntryErrors{Errors: map[int]string{}}
	es := make([]Entry, len(in))
	type areaDate struct {
		area int64
		date time.Time
	}
	seen := map[areaDate]int{}
	for i, n := range in {
		bad := func(format string, args ...any) { invalid.Errors[i] = fmt.Sprintf(format, args...) }
		a, err := areaOf(c, n.Area)
		if strings.TrimSpace(n.Area) == "" {
			bad("area fehlt")
			continue
		}
		if err != nil {
			bad("Kampagne %s hat kein Gebiet %q", c.Name, n.Area)
			continue
		}
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(n.Date))
		if err != nil {
			bad("date %q ist kein Datum im Format JJJJ-MM-TT", n.Date)
			continue
		}
		if n.Count == nil {
			bad("count fehlt")
			continue
		}
		if utf8.RuneCountInString(n.Comment) > MaxCommentLen {
			bad("comment ist zu lang: höchstens %d Zeichen", MaxCommentLen)
			continue
		}
		k := areaDate{a.AreaID, d}
		if j, dup := seen[k]; dup {
			bad("Gebiet %s und Datum %s stehen schon in Eintrag %d", a.AreaName, n.Date, j)
			continue
		}
		seen[k] = i
		es[i] = Entry{CampaignID: c.ID, AreaID: a.AreaID, AsOf: Day(d), Count: *n.Count, Source: SourceProvider,
			Comment: strings.TrimSpace(n.Comment), EnteredBy: by, EnteredAt: s.nowUTC()}
	}
	if len(invalid.Errors) > 0 {
		return APIResult{}, invalid
	}

	names := map[int64]string{}
	for _, a := range c.Areas {
		names[a.AreaID] = a.AreaName
	}
	// compare sorts the batch against the log: which entries repeat a
	// stored count, which are stale or contradict one.
	compare := func(latest map[int64]AreaLatest) (keep []int, unchanged int, stale *StaleError) {
		stale = &StaleError{Conflicts: map[int]string{}}
		for i, e := range es {
			cur := latest[e.AreaID].Current
			switch {
			case cur.ID == 0 || e.AsOf.After(Day(cur.AsOf)):
				keep = append(keep, i)
			case e.AsOf.Before(Day(cur.AsOf)):
				stale.Conflicts[i] = fmt.Sprintf("veraltet: für %s ist schon %d zum %s eingetragen (von %s)",
					names[e.AreaID], cur.Count, cur.AsOf.Format(time.DateOnly), cur.EnteredBy)
			case e.Count == cur.Count:
				unchanged++
			default:
				stale.Conflicts[i] = fmt.Sprintf("Widerspruch: für %s ist zum %s schon %d eingetragen (von %s), nicht %d",
					names[e.AreaID], cur.AsOf.Format(time.DateOnly), cur.Count, cur.EnteredBy, e.Count)
			}
		}
		return keep, unchanged, stale
	}
	// The comparison is made again when another request wrote to the
	// same areas between it and the write (errLogMoved): an identical
	// repeat sent at the same moment is then "unchanged", not a conflict.
	for attempt := 1; ; attempt++ {
		res, err := s.addAPIBatch(ctx, c, es, names, compare, invalid)
		if errors.Is(err, errLogMoved) && attempt < 3 {
			invalid.Errors = map[int]string{}
			continue
		}
		if errors.Is(err, errLogMoved) {
			return APIResult{}, &StaleError{Conflicts: map[int]string{0: "das Protokoll ändert sich gerade laufend: bitte erneut senden"}}
		}
		return res, err
	}
}

// errLogMoved says that the sign-up log of the batch's areas changed
// between the comparison and the write.
var errLogMoved = errors.New("campaigns: the sign-up log moved")

// addAPIBatch compares es with the log and writes the new entries, all or
// none.
func (s *Service) addAPIBatch(ctx context.Context, c *Campaign, es []Entry, names map[int64]string,
	compare func(map[int64]AreaLatest) ([]int, int, *StaleError), invalid *EntryErrors) (APIResult, error) {
	before, err := s.Latest(ctx, c.ID)
	if err != nil {
		return APIResult{}, err
	}
	keep, unchanged, stale := compare(before)
	if len(stale.Conflicts) > 0 {
		return APIResult{}, stale
	}
	res := APIResult{Unchanged: unchanged}
	if len(keep) == 0 {
		return res, nil
	}
	batch := make([]Entry, len(keep))
	for k, i := range keep {
		batch[k] = es[i]
	}
	// Denominators are read before the write transaction (see
	// overlayDenominators).
	dens, err := s.overlayDenominators(ctx, nil, c, batch)
	if err != nil {
		return APIResult{}, err
	}
	check := s.checkerWith(ctx, dens)
	err = s.Store.AddEntries(ctx, batch, func(k int, cc *Campaign, e Entry, prev *Entry) error {
		if k == 0 {
			// Inside the write transaction: has the log changed since it
			// was compared? (Exact on SQLite, as in AddFormEntries.)
			now, err := s.Latest(ctx, c.ID)
			if err != nil {
				return err
			}
			for _, i := range keep {
				if a := es[i].AreaID; now[a].LatestID != before[a].LatestID {
					return errLogMoved // rolled back; compared again
				}
			}
		}
		if err := check(cc, e, prev); err != nil {
			if geo.ErrorCode(err) != geo.EINVALID {
				return err
			}
			msg := geo.ErrorMessage(err)
			msg = strings.TrimPrefix(msg, entryWhere(cc.Name, names[e.AreaID])+": ")
			invalid.Errors[keep[k]] = msg
		}
		if k == len(batch)-1 && len(invalid.Errors) > 0 {
			return invalid // rolls back the entries written so far
		}
		return nil
	})
	if err != nil {
		return APIResult{}, err
	}
	// The store does not hand back IDs; read them from the log.
	log, err := s.Store.Entries(ctx, c.ID, 0)
	if err != nil {
		return APIResult{}, err
	}
	for _, e := range batch {
		for j := len(log) - 1; j >= 0; j-- {
			l := log[j]
			if l.AreaID == e.AreaID && Day(l.AsOf).Equal(e.AsOf) && l.Count == e.Count && l.EnteredBy == e.EnteredBy {
				e.ID = l.ID
				break
			}
		}
		res.Added = append(res.Added, e)
	}
	return res, nil
}
