package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gigaplan/geo"
)

// RunImportBatches tests an address import around a store's batch sizes
// (sizes: the rows of one statement, of one batch, …; a store without
// batches passes any): imports of 0, 1, size and size+1 rows, a key given
// twice across a boundary, an invalid row in the middle of the third batch
// of the largest size, and a cancellation there. Each subtest gets its own
// store from open.
func RunImportBatches(t *testing.T, open func(t *testing.T) geo.Store, sizes ...int) {
	big := slices.Max(sizes)
	counts := []int{0, 1}
	for _, s := range sizes {
		counts = append(counts, s-1, s, s+1)
	}
	slices.Sort(counts)
	counts = slices.Compact(counts)
	run := func(name string, fn func(t *testing.T, s geo.Store)) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			fn(t, s)
		})
	}
	for _, n := range counts {
		run(fmt.Sprintf("rows=%d", n), func(t *testing.T, s geo.Store) { testImportRows(t, s, n) })
	}
	for _, n := range sizes {
		run(fmt.Sprintf("duplicate across %d", n), func(t *testing.T, s geo.Store) { testImportDuplicate(t, s, n) })
	}
	run("duplicate in one statement", func(t *testing.T, s geo.Store) { testImportDuplicate(t, s, 1) })
	run("invalid row in the third batch", func(t *testing.T, s geo.Store) { testImportInvalidThirdBatch(t, s, big) })
	run("cancelled in the third batch", func(t *testing.T, s geo.Store) { testImportCancelThirdBatch(t, s, big) })
}

// batchAddr is the ith address of a batch test: every column differs
// from row to row, so that a value written into the wrong row shows.
func batchAddr(prefix string, i int) geo.Address {
	a := Addr(fmt.Sprintf("%s%06d", prefix, i), fmt.Sprintf("Straße %d", i%97), fmt.Sprint(i%300+1), i%5, i%3)
	a.OI, a.AGS, a.StreetKey, a.Locality = fmt.Sprintf("DEBW%d", i), "08317096", fmt.Sprintf("%05d", i%97), fmt.Sprintf("Ort %d", i%7)
	a.Lon, a.Lat = 7.9+float64(i)*1e-7, 48.4+float64(i)*1e-7
	a.Placeholder = i%2 == 0
	a.Type = geo.AddressTypes[i%len(geo.AddressTypes)]
	a.SrcCRS, a.SrcX, a.SrcY = geo.UTM32, 415000+float64(i)/8, 5370000+float64(i)/4
	return a
}

func batchAddrs(prefix string, n int) []geo.Address {
	as := make([]geo.Address, n)
	for i := range as {
		as[i] = batchAddr(prefix, i)
	}
	return as
}

// checkStored wants exactly the addresses want in s, in ID order, and
// (every column) as given.
func checkStored(t *testing.T, s geo.Store, want []geo.Address) {
	t.Helper()
	got := all(t, s, geo.AddressFilter{})
	if len(got) != len(want) {
		t.Fatalf("%d addresses stored, want %d", len(got), len(want))
	}
	for i := range got {
		w := want[i]
		w.ID = got[i].ID
		if got[i] != w {
			t.Fatalf("address %d:\n got %+v\nwant %+v", i, got[i], w)
		}
	}
}

func testImportRows(t *testing.T, s geo.Store, n int) {
	as := batchAddrs("b", n)
	st, err := s.ImportAddresses(context.Background(), geo.Values(as))
	if err != nil {
		t.Fatal(err)
	}
	if want := (geo.WriteStats{Inserted: n}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	checkStored(t, s, as)
	if c := mustCounts(t, s); c.Addresses != n {
		t.Errorf("Counts.Addresses = %d, want %d", c.Addresses, n)
	}
	// Again: every row is now an update.
	st, err = s.ImportAddresses(context.Background(), geo.Values(as))
	if err != nil {
		t.Fatal(err)
	}
	if want := (geo.WriteStats{Updated: n}); st != want {
		t.Errorf("second import: stats = %+v, want %+v", st, want)
	}
	checkStored(t, s, as)
}

// testImportDuplicate imports at+2 rows in which row at repeats the key of
// row 0 with other values: once inserted, once updated, the later row wins
// and keeps the first row's place (ID order).
func testImportDuplicate(t *testing.T, s geo.Store, at int) {
	as := batchAddrs("d", at+2)
	later := batchAddr("x", 1)
	later.Key = as[0].Key
	as[at] = later
	st, err := s.ImportAddresses(context.Background(), geo.Values(as))
	if err != nil {
		t.Fatal(err)
	}
	if want := (geo.WriteStats{Inserted: at + 1, Updated: 1}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	want := slices.Concat([]geo.Address{later}, as[1:at], as[at+1:])
	checkStored(t, s, want)
}

// testImportInvalidThirdBatch fails an import of a store holding one
// address at a row in the middle of the third batch of size rows: the
// error names the row's key, and nothing changes.
func testImportInvalidThirdBatch(t *testing.T, s geo.Store, size int) {
	first := batchAddr("a", 0)
	mustImportAddresses(t, s, first)
	before := mustCounts(t, s)
	as := batchAddrs("b", 3*size)
	as[0] = batchAddr("a", 1)
	as[0].Key = first.Key // an update that must not stay
	bad := 2*size + size/2
	as[bad].Type = "castle"
	_, err := s.ImportAddresses(context.Background(), geo.Values(as))
	if code := geo.ErrorCode(err); code != geo.EINVALID {
		t.Fatalf("err = %v (code %q), want %q", err, code, geo.EINVALID)
	}
	if !strings.Contains(err.Error(), as[bad].Key) {
		t.Errorf("err = %v, want it to name %q", err, as[bad].Key)
	}
	if after := mustCounts(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("counts changed by a failed import:\nbefore %+v\n after %+v", before, after)
	}
	checkStored(t, s, []geo.Address{first})
}

// testImportCancelThirdBatch cancels an import in the middle of the
// third batch: context.Canceled, nothing changed, the store usable.
func testImportCancelThirdBatch(t *testing.T, s geo.Store, size int) {
	first := batchAddr("a", 0)
	mustImportAddresses(t, s, first)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	as := batchAddrs("b", 4*size)
	var it iter.Seq2[geo.Address, error] = func(yield func(geo.Address, error) bool) {
		for i, a := range as {
			if i == 2*size+size/2 {
				cancel()
			}
			if !yield(a, nil) {
				return
			}
		}
	}
	if _, err := s.ImportAddresses(ctx, it); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	checkStored(t, s, []geo.Address{first})
	if st := mustImportAddresses(t, s, as[:3]...); st.Inserted != 3 {
		t.Errorf("import after cancel: %+v", st)
	}
}
