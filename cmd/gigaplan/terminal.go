package main

import (
	"fmt"
	"io"
	"sync"
	"unicode"
	"unicode/utf8"
)

// terminalSafe writes text with its control characters shown, not acted
// on: ESC and the other C0 and C1 controls (but newline and tab), DEL,
// bidirectional overrides and other format characters become \xNN or
// \uNNNN, as do bytes that are not UTF-8. A rune split across writes is
// held back until it is complete. Writes are serialised: the notice that a
// command waits for the database comes from a timer's goroutine.
type terminalSafe struct {
	mu    sync.Mutex
	w     io.Writer
	carry []byte
}

func (t *terminalSafe) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	b := append(t.carry, p...)
	t.carry = nil
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(b) && len(b) < utf8.UTFMax {
				t.carry = append([]byte(nil), b...)
				break
			}
			out = fmt.Appendf(out, `\x%02x`, b[0])
			b = b[1:]
			continue
		}
		switch {
		case r == '\n' || r == '\t':
			out = append(out, byte(r))
		case r < 0x80 && unicode.IsControl(r):
			out = fmt.Appendf(out, `\x%02x`, r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return n, nil
}
