package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// The long reads run their query with a context that cannot be cancelled
// and check their own context every ctxCheckEvery rows instead (see
// Addresses). These tests cancel while the rows are being read and want
// the context's error within ctxCheckEvery rows; the conformance suite
// covers a context cancelled before the read.

// cancelAtCheck is a context that is cancelled just before its Err
// reports for the nth time: a cancellation arriving at a known moment
// of a read that has no callback between its rows. The queries of the
// reads below do not ask it (they get context.WithoutCancel), so the
// store's own checks are what count.
type cancelAtCheck struct {
	context.Context
	cancel context.CancelFunc
	n      int64
	calls  atomic.Int64
}

func newCancelAtCheck(n int64) *cancelAtCheck {
	ctx, cancel := context.WithCancel(context.Background())
	return &cancelAtCheck{Context: ctx, cancel: cancel, n: n}
}

func (c *cancelAtCheck) Err() error {
	if c.calls.Add(1) == c.n {
		c.cancel()
	}
	return c.Context.Err()
}

// openWithRows opens a store with n addresses, each assigned to one
// district and with a supply row.
func openWithRows(t *testing.T, n int) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	addrs := make([]geo.Address, n)
	for i := range addrs {
		addrs[i] = storetest.Addr(fmt.Sprintf("k%d", i), "Weg", fmt.Sprint(i+1), 1, 0)
	}
	if _, err := s.ImportAddresses(ctx, geo.Values(addrs)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportAreas(ctx, geo.Values([]geo.Area{{Kind: geo.KindDistrict, Name: "D", Geometry: storetest.Square(0, 0, 1, 1)}})); err != nil {
		t.Fatal(err)
	}
	d, err := s.AreaByName(ctx, geo.KindDistrict, "D")
	if err != nil {
		t.Fatal(err)
	}
	ids, _, err := s.Points(ctx)
	if err != nil {
		t.Fatal(err)
	}
	as := make([]geo.Assignment, len(ids))
	sup := make([]geo.Supply, len(ids))
	for i, id := range ids {
		as[i] = geo.Assignment{AddressID: id, AreaID: d.ID}
		sup[i] = geo.Supply{AddressID: id, Download: 100, Upload: 10}
	}
	if err := s.ReplaceAssignments(ctx, as); err != nil {
		t.Fatal(err)
	}
	storetest.MustSupply(t, s, "Telekom", sup...)
	return s
}

// TestIteratorsNoticeCancellation cancels after the first row an
// iterator has yielded: it must end with the context's error within
// ctxCheckEvery more rows, not read on to the end.
func TestIteratorsNoticeCancellation(t *testing.T) {
	const rows = 2*ctxCheckEvery + 10
	s := openWithRows(t, rows)
	tests := []struct {
		name string
		// each ranges over the iterator with ctx, calling row for every
		// row and returning the first error.
		each func(ctx context.Context, row func()) error
	}{
		{"Addresses", func(ctx context.Context, row func()) error {
			for _, err := range s.Addresses(ctx, geo.AddressFilter{}) {
				if err != nil {
					return err
				}
				row()
			}
			return nil
		}},
		{"Addresses by street", func(ctx context.Context, row func()) error {
			for _, err := range s.Addresses(ctx, geo.AddressFilter{ByStreet: true}) {
				if err != nil {
					return err
				}
				row()
			}
			return nil
		}},
		{"Assignments", func(ctx context.Context, row func()) error {
			for _, err := range s.Assignments(ctx) {
				if err != nil {
					return err
				}
				row()
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			n := 0
			err := tt.each(ctx, func() {
				n++
				if n == 1 {
					cancel()
				}
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v after %d of %d rows, want context.Canceled", err, n, rows)
			}
			if n > ctxCheckEvery {
				t.Errorf("%d rows yielded after the cancellation, want at most %d", n-1, ctxCheckEvery-1)
			}
		})
	}
}

// TestReadsNoticeCancellation: Points and SupplyAll, cancelled while they
// read their rows, return the context's error rather than the data.
func TestReadsNoticeCancellation(t *testing.T) {
	reads := []struct {
		name string
		read func(s *Store, ctx context.Context) (int, error)
	}{
		{"Points", func(s *Store, ctx context.Context) (int, error) {
			ids, _, err := s.Points(ctx)
			return len(ids), err
		}},
		{"SupplyAll", func(s *Store, ctx context.Context) (int, error) {
			m, err := s.SupplyAll(ctx)
			return len(m), err
		}},
	}
	big, one := openWithRows(t, 2*ctxCheckEvery+10), openWithRows(t, 1)
	for _, r := range reads {
		for _, tt := range []struct {
			name string
			s    *Store
			// check is the store's check of its context that finds it
			// cancelled.
			check int64
		}{
			{"one row, cancelled at the first check", one, 1},
			{"many rows, cancelled at the second check", big, 2},
			{"many rows, cancelled at the third check", big, 3},
		} {
			t.Run(r.name+"/"+tt.name, func(t *testing.T) {
				ctx := newCancelAtCheck(tt.check)
				defer ctx.cancel()
				n, err := r.read(tt.s, ctx)
				if !errors.Is(err, context.Canceled) {
					t.Errorf("%s = %d rows, %v; want context.Canceled", r.name, n, err)
				}
			})
		}
	}
}
