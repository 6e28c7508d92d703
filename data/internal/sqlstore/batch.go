package sqlstore

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"gigaplan/geo"
)

// The bulk write path of an import: a goroutine reads the records and
// turns them into rows (parsing, validation, search keys) while the
// caller writes the previous batch, and the rows of a batch are written
// with a few multi-row statements instead of one statement per row.
//
// A batch may carry rows for more than one table: AddressBatch has one
// Values per table the import fills, each written by its own statement.
// A second table, such as search words from SearchWords(search key), is
// added so: a field Words Values (word, search key, address key) in
// AddressBatch, filled in add after the address's row; SQLite writes it
// after the batch's addresses with a second batchWriter whose statement
// finds the ID by key (INSERT … SELECT v.column1, v.column2, a.id FROM
// (VALUES …) v JOIN addresses a ON a.key = v.column3, after deleting the
// words of the batch's keys); PostgreSQL COPYs it into a second staging
// table and inserts it with one statement after the upsert.

// Values is a flat list of rows of Width values each, in the order of the
// columns of the Insert that writes them.
type Values struct {
	Width int
	Vals  []any
}

// Len is the number of rows.
func (r *Values) Len() int { return len(r.Vals) / r.Width }

// Row returns the values of row i.
func (r *Values) Row(i int) []any { return r.Vals[i*r.Width : (i+1)*r.Width] }

// Insert is a multi-row INSERT into Table's Cols, followed by Tail (an ON
// CONFLICT clause, or nothing), written with $n placeholders.
type Insert struct {
	Table string
	Cols  []string
	Tail  string
}

// SQL is the statement for n rows.
func (in Insert) SQL(n int) string {
	var b strings.Builder
	b.Grow(len(in.Table) + 40 + n*len(in.Cols)*8 + len(in.Tail))
	b.WriteString("INSERT INTO " + in.Table + " (" + strings.Join(in.Cols, ", ") + ") VALUES ")
	p := 1
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range in.Cols {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(p))
			p++
		}
		b.WriteByte(')')
	}
	if in.Tail != "" {
		b.WriteString(" " + in.Tail)
	}
	return b.String()
}

// MaxRows is the number of rows a statement of in takes when it may bind
// at most params values.
func (in Insert) MaxRows(params int) int { return max(1, params/len(in.Cols)) }

// AddressBatch is one batch of an address import: the address rows
// (AddressImportCols) and, per row, the address's key for error messages.
// A table the import fills besides addresses gets its Values here, filled
// in AddressBatches' goroutine.
type AddressBatch struct {
	Addresses Values
	Keys      []string
}

func (b *AddressBatch) reset() {
	clear(b.Addresses.Vals) // let the strings of the last batch go
	b.Addresses.Vals = b.Addresses.Vals[:0]
	b.Keys = b.Keys[:0]
}

// add appends a's rows to b.
func (b *AddressBatch) add(a geo.Address) error {
	var err error
	if b.Addresses.Vals, err = AppendAddress(b.Addresses.Vals, a); err != nil {
		return err
	}
	b.Keys = append(b.Keys, a.Key)
	return nil
}

// AddressBatches reads seq in a goroutine and returns its addresses in
// batches of up to size rows. next returns the next batch, or nil at the
// end; it returns the first error of seq or of a row (AppendAddress)
// unchanged, and ctx's error once ctx is cancelled. The caller hands every
// batch it got back with done when it has written it, so that its buffers
// are used again, and must call stop (which waits for the goroutine to end)
// before it returns: seq is never running after stop.
func AddressBatches(ctx context.Context, seq iter.Seq2[geo.Address, error], size int) (next func() (*AddressBatch, error), done func(*AddressBatch), stop func()) {
	return batches(ctx, seq, size,
		func() *AddressBatch {
			return &AddressBatch{Addresses: Values{Width: len(AddressImportCols), Vals: make([]any, 0, size*len(AddressImportCols))},
				Keys: make([]string, 0, size)}
		},
		(*AddressBatch).add, (*AddressBatch).reset, func(b *AddressBatch) int { return len(b.Keys) })
}

// batched is what the goroutine of batches sends: a full batch, or the
// end (nil batch) with seq's error or a recovered panic.
type batched[B any] struct {
	b     *B
	err   error
	panic any
}

// batches is AddressBatches for any record type T and batch type B.
func batches[T, B any](ctx context.Context, seq iter.Seq2[T, error], size int,
	newBatch func() *B, add func(*B, T) error, reset func(*B), length func(*B) int) (next func() (*B, error), done func(*B), stop func()) {
	// Two batches in flight (one being filled, one being written), one
	// spare.
	const depth = 3
	out := make(chan batched[B], depth)
	free := make(chan *B, depth)
	for range depth {
		free <- newBatch()
	}
	quit := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		defer func() {
			if p := recover(); p != nil {
				select {
				case out <- batched[B]{panic: p}:
				case <-quit:
				}
			}
		}()
		var b *B
		take := func() bool {
			select {
			case b = <-free:
				return true
			case <-quit:
				return false
			}
		}
		send := func(m batched[B]) bool {
			select {
			case out <- m:
				return true
			case <-quit:
				return false
			}
		}
		if !take() {
			return
		}
		for v, err := range seq {
			if err == nil {
				err = add(b, v)
			}
			if err != nil {
				send(batched[B]{err: err})
				return
			}
			if length(b) == size {
				if !send(batched[B]{b: b}) || !take() {
					return
				}
			}
		}
		if length(b) > 0 && !send(batched[B]{b: b}) {
			return
		}
		send(batched[B]{})
	}()
	finished := false
	next = func() (*B, error) {
		if finished {
			return nil, nil
		}
		select {
		case m := <-out:
			if m.panic != nil {
				panic(fmt.Sprintf("sqlstore: reading the records: %v", m.panic))
			}
			if m.b == nil {
				finished = true
			}
			return m.b, m.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	done = func(b *B) {
		reset(b)
		free <- b // never blocks: at most depth batches exist
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			close(quit)
			<-ended
		}
	}
	return next, done, stop
}
