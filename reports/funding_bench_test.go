package reports

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fundingHeapSampler records the peak of the live heap (objects and
// unswept garbage: /memory/classes/heap/objects:bytes) while it runs.
type fundingHeapSampler struct {
	stop chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

func startFundingHeapSampler() *fundingHeapSampler {
	s := &fundingHeapSampler{stop: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value; v.Kind() == metrics.KindUint64 {
			s.peak = max(s.peak, v.Uint64())
		}
	}
	s.wg.Go(func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-s.stop:
				read()
				return
			case <-t.C:
			}
		}
	})
	return s
}

// Stop ends sampling and returns the peak in bytes.
func (s *fundingHeapSampler) Stop() uint64 {
	close(s.stop)
	s.wg.Wait()
	return s.peak
}

// writeFundingFile writes n synthetic rows to a workbook in dir and
// returns its path and size.
func writeFundingFile(tb testing.TB, dir string, n int) (string, int64, FundingSummary) {
	tb.Helper()
	path := filepath.Join(dir, "foerderantrag-"+strconv.Itoa(n)+".xlsx")
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	sum, err := Funding(context.Background(), fundingTestRows(n), fundingTestOptions(), bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatalf("Funding: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return path, fi.Size(), sum
}

// BenchmarkFunding1M writes 1,000,000 addresses to a temporary file and
// reports rows/s, the file size and the peak live heap.
//
//	go test ./reports -run '^$' -bench Funding1M -benchtime 1x
func BenchmarkFunding1M(b *testing.B) {
	const n = 1_000_000
	dir := b.TempDir()
	var size int64
	var peak uint64
	runtime.GC()
	s := startFundingHeapSampler()
	start := time.Now()
	iters := 0
	for b.Loop() {
		_, size, _ = writeFundingFile(b, dir, n)
		iters++
	}
	elapsed := time.Since(start)
	peak = s.Stop()
	b.ReportMetric(float64(n*iters)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(size)/(1<<20), "file-MiB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// TestFundingMemory writes 1,000,000 addresses (GIGAPLAN_FUNDING_ROWS
// overrides the count) and reports time, file size, peak heap and peak
// RSS; it fails above 1 GiB RSS. Run it in its own process:
//
//	GIGAPLAN_FUNDING_1M=1 go test ./reports -run TestFundingMemory -v -count=1
//
// or, for /usr/bin/time -v, build the test binary first:
//
//	go test -c -o /tmp/reports.test ./reports
//	GIGAPLAN_FUNDING_1M=1 /usr/bin/time -v /tmp/reports.test -test.run TestFundingMemory -test.v
func TestFundingMemory(t *testing.T) {
	if os.Getenv("GIGAPLAN_FUNDING_1M") != "1" {
		t.Skip("set GIGAPLAN_FUNDING_1M=1 to write 1,000,000 rows")
	}
	n := 1_000_000
	if s := os.Getenv("GIGAPLAN_FUNDING_ROWS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	fixFundingClock(t)
	s := startFundingHeapSampler()
	start := time.Now()
	path, size, sum := writeFundingFile(t, t.TempDir(), n)
	elapsed := time.Since(start)
	peak := s.Stop()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	rss := int64(ru.Maxrss) * 1024 // Linux: KiB
	t.Logf("%d rows (%d eligible) in %v = %.0f rows/s; file %.1f MiB; peak heap %.1f MiB; peak RSS %.1f MiB",
		sum.Rows, sum.Eligible, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(),
		float64(size)/(1<<20), float64(peak)/(1<<20), float64(rss)/(1<<20))
	if sum.Rows != n {
		t.Errorf("rows = %d, want %d", sum.Rows, n)
	}
	if rss > 1<<30 {
		t.Errorf("peak RSS %.1f MiB, want under 1 GiB", float64(rss)/(1<<20))
	}

	// The file is a complete zip and the address sheet holds every row
	// (streamed count; opening 1M rows with excelize would dominate).
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rows := 0
	for _, zf := range zr.File {
		if filepath.Dir(zf.Name) != "xl/worksheets" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 0, 1<<16)
		n, tail := fundingCountRows(t, rc, &head)
		rc.Close()
		if bytes.Contains(head, []byte("Ostwert (EPSG:25832)")) {
			rows += n - 1 // header row
		}
		if !bytes.HasSuffix(tail, []byte("</worksheet>")) {
			t.Errorf("%s is truncated", zf.Name)
		}
	}
	if rows != n {
		t.Errorf("address sheets hold %d rows, want %d", rows, n)
	}
}

// fundingCountRows counts "<row " in r, keeping the first 64 KiB in head
// and returning the last bytes.
func fundingCountRows(tb testing.TB, r io.Reader, head *[]byte) (int, []byte) {
	tb.Helper()
	pat := []byte("<row ")
	buf := make([]byte, 1<<20)
	var carry, last []byte
	n := 0
	for {
		k, err := r.Read(buf)
		if room := cap(*head) - len(*head); room > 0 {
			*head = append(*head, buf[:min(room, k)]...)
		}
		last = append(last, buf[:k]...)
		last = append([]byte(nil), last[max(0, len(last)-32):]...)
		chunk := append(carry, buf[:k]...)
		n += bytes.Count(chunk, pat)
		// Keep a tail shorter than the pattern so no match is counted twice.
		keep := min(len(pat)-1, len(chunk))
		carry = append([]byte(nil), chunk[len(chunk)-keep:]...)
		if err == io.EOF {
			return n, bytes.TrimSpace(last)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
}
