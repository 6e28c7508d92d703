package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress draws a progress bar for bytes read on a terminal. It draws
// nothing when w is not a terminal (a pipe or a file), so logs stay clean.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	total int64
	done  int64
	last  time.Time
	start time.Time
	label string
	on    bool
}

func newProgress(w io.Writer, label string, total int64) *progress {
	p := &progress{w: w, total: total, label: label, start: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) && total > 0 {
		p.on = true
	}
	return p
}

// reader wraps r so that reading advances the bar.
func (p *progress) reader(r io.Reader) io.Reader {
	if !p.on {
		return r
	}
	return &progressReader{r: r, p: p}
}

type progressReader struct {
	r io.Reader
	p *progress
}

func (pr *progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	pr.p.add(int64(n))
	return n, err
}

func (p *progress) add(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || p.done >= p.total {
		p.last = now
		p.draw()
	}
}

const barWidth = 30

func (p *progress) draw() {
	frac := float64(p.done) / float64(p.total)
	if frac > 1 {
		frac = 1
	}
	full := int(frac * barWidth)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f %% %s", p.label, strings.Repeat("=", full), strings.Repeat(" ", barWidth-full),
		frac*100, time.Since(p.start).Round(100*time.Millisecond))
}

// finish ends the bar's line.
func (p *progress) finish() {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw()
	fmt.Fprintln(p.w)
}
