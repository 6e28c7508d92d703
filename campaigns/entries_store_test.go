package campaigns_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// TestAddFormEntriesConflict checks the rule documented at
// AddFormEntries: every row's BasedOn is compared with its area's latest
// entry ID (the entry entered last, whatever its date); if any area got a
// newer entry after the form was loaded, nothing is saved (not even the
// rows of untouched areas) and the error is a *ConflictError (ECONFLICT)
// naming each such area and no other. Invalid rows likewise save nothing.
// formRowsOf fills in the form as loaded: BasedOn is each area's LatestID.
func formRowsOf(loaded map[int64]campaigns.AreaLatest, c *campaigns.Campaign, counts map[string]int) []campaigns.FormEntry {
	var rows []campaigns.FormEntry
	for _, a := range c.Areas { // Nord, then Süd
		if n, ok := counts[a.AreaName]; ok {
			rows = append(rows, campaigns.FormEntry{AreaID: a.AreaID, Count: n, BasedOn: loaded[a.AreaID].LatestID})
		}
	}
	return rows
}

func TestAddFormEntriesConflict(t *testing.T) {
	type fixture struct {
		*storeFixture
		c *campaigns.Campaign
	}
	rowsOf := formRowsOf
	tests := []struct {
		name string
		// before: the log when the form is loaded; meanwhile: entries
		// made after loading and before saving.
		before, meanwhile func(t *testing.T, f fixture)
		counts            map[string]int // the form's rows by area name
		wantConflicts     []string       // area names; nil: no conflict
		wantCode          string         // "" with wantConflicts nil: saved
		wantRowErr        string         // area name of the invalid row
	}{
		{
			name:   "based on the current state saves",
			before: func(t *testing.T, f fixture) { f.add(t, f.c, "Nord", "2026-02-02", 20, "amt") },
			counts: map[string]int{"Nord": 25, "Süd": 10},
		},
		{
			name:   "first counts of both areas save",
			counts: map[string]int{"Nord": 5, "Süd": 3},
		},
		{
			name: "another count for one area meanwhile: conflict naming it, nothing saved",
			before: func(t *testing.T, f fixture) {
				f.add(t, f.c, "Nord", "2026-02-02", 20, "amt")
				f.add(t, f.c, "Süd", "2026-02-02", 5, "amt")
			},
			meanwhile:     func(t *testing.T, f fixture) { f.add(t, f.c, "Süd", "2026-02-09", 8, "kollegin") },
			counts:        map[string]int{"Nord": 25, "Süd": 10},
			wantConflicts: []string{"Süd"}, wantCode: geo.ECONFLICT,
		},
		{
			name:          "back-dated correction meanwhile is a conflict too",
			before:        func(t *testing.T, f fixture) { f.add(t, f.c, "Nord", "2026-02-09", 20, "amt") },
			meanwhile:     func(t *testing.T, f fixture) { f.add(t, f.c, "Nord", "2026-02-02", 15, "kollegin") },
			counts:        map[string]int{"Nord": 25},
			wantConflicts: []string{"Nord"}, wantCode: geo.ECONFLICT,
		},
		{
			name:          "first count of an area by someone else meanwhile",
			before:        func(t *testing.T, f fixture) { f.add(t, f.c, "Nord", "2026-02-02", 20, "amt") },
			meanwhile:     func(t *testing.T, f fixture) { f.add(t, f.c, "Süd", "2026-02-09", 5, "kollegin") },
			counts:        map[string]int{"Nord": 25, "Süd": 10},
			wantConflicts: []string{"Süd"}, wantCode: geo.ECONFLICT,
		},
		{
			name: "every changed area is named",
			before: func(t *testing.T, f fixture) {
				f.add(t, f.c, "Nord", "2026-02-02", 20, "amt")
				f.add(t, f.c, "Süd", "2026-02-02", 5, "amt")
			},
			meanwhile: func(t *testing.T, f fixture) {
				f.add(t, f.c, "Nord", "2026-02-09", 22, "kollegin")
				f.add(t, f.c, "Süd", "2026-02-09", 6, "kollegin")
			},
			counts:        map[string]int{"Nord": 25, "Süd": 10},
			wantConflicts: []string{"Nord", "Süd"}, wantCode: geo.ECONFLICT,
		},
		{
			name:          "a change to an area not in the form is no conflict",
			before:        func(t *testing.T, f fixture) { f.add(t, f.c, "Nord", "2026-02-02", 20, "amt") },
			meanwhile:     func(t *testing.T, f fixture) { f.add(t, f.c, "Süd", "2026-02-09", 5, "kollegin") },
			counts:        map[string]int{"Nord": 25},
			wantConflicts: nil,
		},
		{
			name:     "an invalid row saves nothing, not even the valid one",
			before:   func(t *testing.T, f fixture) { f.add(t, f.c, "Nord", "2026-02-02", 20, "amt") },
			counts:   map[string]int{"Nord": 101, "Süd": 10}, // Nord has 100 households
			wantCode: geo.EINVALID, wantRowErr: "Nord",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			sf := newStoreFixture(t)
			f := fixture{sf, sf.create(t, "DG", 0.33, "Nord", "Süd")}
			if tt.before != nil {
				tt.before(t, f)
			}
			loaded, err := f.svc.Latest(ctx, f.c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if tt.meanwhile != nil {
				tt.meanwhile(t, f)
			}
			logBefore := f.log(t, f.c)
			rows := rowsOf(loaded, f.c, tt.counts)
			err = f.svc.AddFormEntries(ctx, f.c, storeToday, rows, "formular")
			logAfter := f.log(t, f.c)

			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("AddFormEntries: %v", err)
				}
				added := logAfter[len(logBefore):]
				if len(added) != len(rows) {
					t.Fatalf("%d entries saved, want %d", len(added), len(rows))
				}
				for i, e := range added {
					if e.AreaID != rows[i].AreaID || e.Count != rows[i].Count || e.EnteredBy != "formular" || !e.AsOf.Equal(campaigns.Day(storeToday)) {
						t.Errorf("saved %+v for row %+v", e, rows[i])
					}
				}
				return
			}
			if geo.ErrorCode(err) != tt.wantCode {
				t.Fatalf("error %v (code %q), want code %s", err, geo.ErrorCode(err), tt.wantCode)
			}
			if len(logAfter) != len(logBefore) {
				t.Errorf("refused form saved %d entries: %+v", len(logAfter)-len(logBefore), logAfter[len(logBefore):])
			}
			if tt.wantRowErr != "" {
				var re *campaigns.RowErrors
				if !errors.As(err, &re) || len(re.Rows) != 1 || re.Rows[areaID(t, f.c, tt.wantRowErr)] == "" {
					t.Errorf("error %v, want a *RowErrors for %s only", err, tt.wantRowErr)
				}
				// The form shows the message beside the row: without the
				// campaign and area the row already names, in German.
				for _, msg := range re.Rows {
					if strings.Contains(msg, "Kampagne") || !strings.HasPrefix(msg, "die Zahl") {
						t.Errorf("row message %q, want it to start with the German finding", msg)
					}
				}
				return
			}
			var ce *campaigns.ConflictError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T %v, want a *ConflictError", err, err)
			}
			var names []string
			for _, c := range ce.Conflicts {
				names = append(names, c.AreaName)
				// The conflict shows the entry made meanwhile: the area's
				// entry entered last before the form was saved.
				if want := logBefore[lastIndex(logBefore, c.AreaID)]; c.AreaID != want.AreaID || c.Latest.ID != want.ID ||
					c.Latest.Count != want.Count || c.Latest.EnteredBy != "kollegin" {
					t.Errorf("conflict %s shows entry %d (%d by %s), want entry %d (%d by kollegin)", c.AreaName,
						c.Latest.ID, c.Latest.Count, c.Latest.EnteredBy, want.ID, want.Count)
				}
				if !strings.Contains(c.Message(), c.AreaName) || !strings.Contains(c.Message(), "kollegin") {
					t.Errorf("conflict message %q", c.Message())
				}
			}
			if !slices.Equal(names, tt.wantConflicts) {
				t.Errorf("conflicts name %q, want %q", names, tt.wantConflicts)
			}
			if !strings.Contains(err.Error(), "Nichts wurde gespeichert") {
				t.Errorf("error %q does not say that nothing was saved", err)
			}
		})
	}
}

// TestAddFormEntriesResubmitted: a form saved twice (a double click, the
// browser's back button) gets a conflict the second time instead of
// entering the count again: its BasedOn is older than its own first save.
func TestAddFormEntriesResubmitted(t *testing.T) {
	ctx := context.Background()
	f := newStoreFixture(t)
	c := f.create(t, "DG", 0.33, "Nord", "Süd")
	f.add(t, c, "Nord", "2026-02-02", 20, "amt")
	loaded, err := f.svc.Latest(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	nord := areaID(t, c, "Nord")
	rows := []campaigns.FormEntry{{AreaID: nord, Count: 25, BasedOn: loaded[nord].LatestID}}
	if err := f.svc.AddFormEntries(ctx, c, storeToday, rows, "formular"); err != nil {
		t.Fatal(err)
	}
	n := len(f.log(t, c))
	err = f.svc.AddFormEntries(ctx, c, storeToday, rows, "formular")
	var ce *campaigns.ConflictError
	if !errors.As(err, &ce) || geo.ErrorCode(err) != geo.ECONFLICT || len(ce.Conflicts) != 1 || ce.Conflicts[0].AreaID != nord {
		t.Fatalf("second save: %v, want a conflict for Nord", err)
	}
	if got := len(f.log(t, c)); got != n {
		t.Errorf("second save stored %d entries", got-n)
	}
}

// lastIndex returns the index in log of the area's entry entered last.
func lastIndex(log []campaigns.Entry, area int64) int {
	j := -1
	for i, e := range log {
		if e.AreaID == area && (j < 0 || e.ID > log[j].ID) {
			j = i
		}
	}
	return j
}

// TestAddAPIEntries checks the rule documented at AddAPIEntries against a
// log whose Nord entry entered last is a back-dated correction:
//
//	Nord 09.02. 50 (entered first), Nord 02.02. 40 (entered later), Süd 09.02. 20
//
// so Nord's current count is 50 of 09.02. Per area, an entry before the
// current count's date is stale; one on that date with another count
// contradicts it (*StaleError, ECONFLICT); one repeating it exactly is
// unchanged and not stored again. One entry per area and date in a post
// (*EntryErrors, EINVALID). Any refusal saves nothing.
func TestAddAPIEntries(t *testing.T) {
	e := func(area, date string, count int) campaigns.APIEntry {
		return campaigns.APIEntry{Area: area, Date: date, Count: &count}
	}
	tests := []struct {
		name          string
		in            []campaigns.APIEntry
		wantCode      string         // "": stored
		wantIdx       map[int]string // refused entries: index → part of the message
		wantAdded     []int          // indexes of in that are stored
		wantUnchanged int
	}{
		{
			name:      "a later date is stored",
			in:        []campaigns.APIEntry{e("Nord", "2026-02-16", 55)},
			wantAdded: []int{0},
		},
		{
			name:          "a retry of the current count is unchanged",
			in:            []campaigns.APIEntry{e("Nord", "2026-02-09", 50)},
			wantUnchanged: 1,
		},
		{
			name:          "a retry next to a new count",
			in:            []campaigns.APIEntry{e("Nord", "2026-02-09", 50), e("Süd", "2026-02-16", 25)},
			wantAdded:     []int{1},
			wantUnchanged: 1,
		},
		{
			name:     "another count on the current count's date contradicts it",
			in:       []campaigns.APIEntry{e("Nord", "2026-02-09", 51)},
			wantCode: geo.ECONFLICT, wantIdx: map[int]string{0: "Widerspruch"},
		},
		{
			name:     "a date before the current count is stale, even repeating that day's entry",
			in:       []campaigns.APIEntry{e("Nord", "2026-02-02", 40)},
			wantCode: geo.ECONFLICT, wantIdx: map[int]string{0: "veraltet"},
		},
		{
			name:     "one contradiction refuses the whole post",
			in:       []campaigns.APIEntry{e("Süd", "2026-02-16", 25), e("Nord", "2026-02-09", 49)},
			wantCode: geo.ECONFLICT, wantIdx: map[int]string{1: "Widerspruch"},
		},
		{
			name:     "two counts for the same area and date in one post",
			in:       []campaigns.APIEntry{e("Süd", "2026-02-16", 25), e("Süd", "2026-02-16", 26)},
			wantCode: geo.EINVALID, wantIdx: map[int]string{1: "stehen schon in Eintrag 0"},
		},
		{
			name:     "the same count twice for one area and date in one post",
			in:       []campaigns.APIEntry{e("Süd", "2026-02-16", 25), e("süd ", "2026-02-16", 25)},
			wantCode: geo.EINVALID, wantIdx: map[int]string{1: "stehen schon in Eintrag 0"},
		},
		{
			name:      "one area on two dates in one post",
			in:        []campaigns.APIEntry{e("Süd", "2026-02-12", 22), e("Süd", "2026-02-16", 25)},
			wantAdded: []int{0, 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			f := newStoreFixture(t)
			c := f.create(t, "DG", 0.33, "Nord", "Süd")
			f.add(t, c, "Nord", "2026-02-09", 50, "anbieter")
			f.add(t, c, "Nord", "2026-02-02", 40, "amt")
			f.add(t, c, "Süd", "2026-02-09", 20, "anbieter")
			logBefore := f.log(t, c)

			res, err := f.svc.AddAPIEntries(ctx, c, tt.in, "api")
			logAfter := f.log(t, c)
			if tt.wantCode != "" {
				if geo.ErrorCode(err) != tt.wantCode {
					t.Fatalf("error %v (code %q), want code %s", err, geo.ErrorCode(err), tt.wantCode)
				}
				var got map[int]string
				var se *campaigns.StaleError
				var ee *campaigns.EntryErrors
				switch {
				case errors.As(err, &se):
					got = se.Conflicts
				case errors.As(err, &ee):
					got = ee.Errors
				default:
					t.Fatalf("error %T %v, want a *StaleError or *EntryErrors", err, err)
				}
				if tt.wantCode == geo.ECONFLICT && se == nil || tt.wantCode == geo.EINVALID && ee == nil {
					t.Errorf("error %T for code %s", err, tt.wantCode)
				}
				if len(got) != len(tt.wantIdx) {
					t.Errorf("refused entries %v, want %v", got, tt.wantIdx)
				}
				for i, part := range tt.wantIdx {
					if !strings.Contains(got[i], part) {
						t.Errorf("entry %d: message %q lacks %q", i, got[i], part)
					}
				}
				if len(logAfter) != len(logBefore) {
					t.Errorf("refused post saved %d entries", len(logAfter)-len(logBefore))
				}
				return
			}
			if err != nil {
				t.Fatalf("AddAPIEntries: %v", err)
			}
			if res.Unchanged != tt.wantUnchanged || len(res.Added) != len(tt.wantAdded) {
				t.Fatalf("result: %d added, %d unchanged; want %d, %d", len(res.Added), res.Unchanged, len(tt.wantAdded), tt.wantUnchanged)
			}
			added := logAfter[len(logBefore):]
			if len(added) != len(tt.wantAdded) {
				t.Fatalf("%d entries stored, want %d: %+v", len(added), len(tt.wantAdded), added)
			}
			for k, i := range tt.wantAdded {
				in, got := tt.in[i], added[k]
				if got.AreaID != areaID(t, c, strings.TrimSpace(in.Area)) || got.AsOf.Format("2006-01-02") != in.Date || got.Count != *in.Count ||
					got.EnteredBy != "api" || res.Added[k].ID != got.ID {
					t.Errorf("stored %+v (result %+v) for %s %s %d", got, res.Added[k], in.Area, in.Date, *in.Count)
				}
			}
		})
	}
}

// TestCheckFormEntries: the dry run finds the rows AddFormEntries would
// refuse, every one of them, and saves nothing either way; it leaves the
// conflict check to the save.
func TestCheckFormEntries(t *testing.T) {
	ctx := context.Background()
	sf := newStoreFixture(t)
	f := struct {
		*storeFixture
		c *campaigns.Campaign
	}{sf, sf.create(t, "DG", 0.33, "Nord", "Süd")}
	f.add(t, f.c, "Nord", "2026-02-02", 20, "amt")
	loaded, err := f.svc.Latest(ctx, f.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.add(t, f.c, "Süd", "2026-02-02", 5, "amt") // a newer count: a conflict for the save, not for the check
	before := f.log(t, f.c)
	for _, tc := range []struct {
		name   string
		counts map[string]int
		bad    []string
	}{
		{"all pass", map[string]int{"Nord": 25, "Süd": 10}, nil},
		{"both bad", map[string]int{"Nord": 101, "Süd": 1000}, []string{"Nord", "Süd"}},
		{"one lower without comment", map[string]int{"Nord": 19, "Süd": 10}, []string{"Nord"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := f.svc.CheckFormEntries(ctx, f.c, storeToday, formRowsOf(loaded, f.c, tc.counts), "formular")
			var re *campaigns.RowErrors
			switch {
			case tc.bad == nil && err != nil:
				t.Fatalf("CheckFormEntries: %v, want nil", err)
			case tc.bad != nil && (!errors.As(err, &re) || len(re.Rows) != len(tc.bad)):
				t.Fatalf("CheckFormEntries: %v, want row errors for %v", err, tc.bad)
			}
			for _, name := range tc.bad {
				if re.Rows[areaID(t, f.c, name)] == "" {
					t.Errorf("no error for %s: %v", name, re.Rows)
				}
			}
			if after := f.log(t, f.c); len(after) != len(before) {
				t.Errorf("the check saved %d entries", len(after)-len(before))
			}
		})
	}
}
