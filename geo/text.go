package geo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Limits bound what one record of an input file may hold. A value over a
// limit is refused with an error naming file, line or feature and field:
// a 5 MB street name or a line of seven million columns is a broken or
// hostile file, never an address.
type Limits struct {
	// Field is the most bytes one value may have (default 1 KiB).
	Field int
	// Record is the most bytes one CSV line or one feature's properties
	// may have (default 64 KiB).
	Record int
	// Columns is the most columns (CSV) or properties (GeoJSON) a record
	// may have (default 1000).
	Columns int
	// Vertices is the most vertices one area may have (default 1,000,000).
	Vertices int
}

// DefaultLimits are the limits used where ParseOptions.Limits leaves a
// value 0.
var DefaultLimits = Limits{Field: 1 << 10, Record: 64 << 10, Columns: 1000, Vertices: 1_000_000}

// withDefaults fills the zero values of l from DefaultLimits.
func (l Limits) withDefaults() Limits {
	if l.Field <= 0 {
		l.Field = DefaultLimits.Field
	}
	if l.Record <= 0 {
		l.Record = DefaultLimits.Record
	}
	if l.Columns <= 0 {
		l.Columns = DefaultLimits.Columns
	}
	if l.Vertices <= 0 {
		l.Vertices = DefaultLimits.Vertices
	}
	return l
}

// The encodings a text file may be read in.
const (
	encodingUTF8    = "UTF-8"
	encodingWin1252 = "Windows-1252"
)

// ParseEncoding reads an --encoding value: utf-8 or windows-1252 (also
// cp1252, latin1, iso-8859-1, which German spreadsheets mean when they say
// ANSI). The empty string means: detect.
func ParseEncoding(s string) (string, error) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-")) {
	case "":
		return "", nil
	case "utf-8", "utf8":
		return encodingUTF8, nil
	case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1", "iso-8859-15", "ansi":
		return encodingWin1252, nil
	}
	return "", Errorf(EINVALID, "unbekannte Zeichenkodierung %q (möglich: utf-8 oder windows-1252)", s)
}

// textCheck is the outcome of checking one value.
type textCheck struct {
	value    string
	repaired bool // double-encoded UTF-8 was repaired
}

// textError is a value checkText refuses: its message for people, its
// cause for errors.Is.
type textError struct {
	cause error
	msg   string
}

func (e *textError) Error() string { return e.msg }
func (e *textError) Unwrap() error { return e.cause }

func textErrorf(cause error, format string, args ...any) error {
	return &textError{cause: cause, msg: fmt.Sprintf(format, args...)}
}

// errControl and friends are the causes checkText reports.
var (
	errControl    = errors.New("control character")
	errTooLong    = errors.New("value too long")
	errNotUTF8    = errors.New("not valid UTF-8")
	errMixedCodec = errors.New("mixed encodings")
)

// checkText trims a value read from a file and checks it: at most max
// bytes, no NUL or other control characters (a tab counts as one), valid
// UTF-8. Text encoded to UTF-8 twice ("NeukÃ¶lln") is repaired when the
// file is UTF-8 and refused as a mixed encoding when the file was decoded
// from Windows-1252 (then the line was UTF-8 among Windows-1252 lines).
func checkText(s string, max int, decoded bool) (textCheck, error) {
	if len(s) > max {
		return textCheck{}, textErrorf(errTooLong, "the value has %d bytes; at most %d are allowed", len(s), max)
	}
	if !utf8.ValidString(s) {
		i := 0
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return textCheck{}, textErrorf(errNotUTF8, "byte 0x%02X at position %d is not UTF-8 although the file so far is: the line is probably Windows-1252 among UTF-8 lines (save the file as UTF-8, or give --encoding windows-1252 if all of it is)", s[i], i+1)
	}
	for i, r := range s {
		if r == '\t' {
			continue
		}
		if unicode.IsControl(r) {
			return textCheck{}, textErrorf(errControl, "the value holds the control character U+%04X at position %d; remove it from the file", r, i+1)
		}
	}
	s = strings.TrimSpace(s)
	if fixed, ok := undoDoubleUTF8(s); ok {
		if decoded {
			return textCheck{}, textErrorf(errMixedCodec, "%q is UTF-8 (%q) among Windows-1252 lines: mixed encodings; save the file in one encoding", s, fixed)
		}
		return textCheck{value: fixed, repaired: true}, nil
	}
	return textCheck{value: s}, nil
}

// undoDoubleUTF8 reports whether s is UTF-8 text that was decoded as
// Windows-1252 (or Latin-1) and encoded to UTF-8 again, and returns the
// text as it was meant. It is sure only when s has a non-ASCII character,
// every character maps back to one byte and those bytes are valid UTF-8
// with at least one multi-byte sequence: German words never look like
// that by chance ("Ã¶" would have to follow each other).
func undoDoubleUTF8(s string) (string, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return "", false
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 0x80 {
			b = append(b, byte(r))
			continue
		}
		c, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			if r > 0xFF || r < 0x80 {
				return "", false
			}
			c = byte(r) // Latin-1 C1 range, e.g. U+0081
		}
		b = append(b, c)
	}
	if !utf8.Valid(b) || len(b) == utf8.RuneCount(b) {
		return "", false
	}
	return string(b), true
}

// lineLimitReader fails a read once a line grows beyond max bytes, so a
// file of one endless line is refused before it fills the memory.
type lineLimitReader struct {
	r    io.Reader
	max  int
	cur  int // bytes since the last newline
	line int // 1-based number of the current line
}

// errLineTooLong is the error a lineLimitReader returns.
type errLineTooLong struct{ line, max int }

func (e *errLineTooLong) Error() string {
	return fmt.Sprintf("line %d is longer than %d bytes; a record may have at most %d KiB (is this a CSV file?)", e.line, e.max, e.max>>10)
}

func (l *lineLimitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			l.cur = 0
			l.line++
			continue
		}
		l.cur++
		if l.cur > l.max {
			return i, &errLineTooLong{line: l.line, max: l.max}
		}
	}
	return n, err
}

// mixedLines looks for a file start that has both lines with non-ASCII
// UTF-8 and lines that are not UTF-8, and returns the first line of each
// (1-based), or zeros.
func mixedLines(head []byte) (bad, good int) {
	if len(head) >= peekSize {
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i]
		}
	}
	for n := 1; len(head) > 0; n++ {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		switch {
		case !utf8.Valid(line):
			if bad == 0 {
				bad = n
			}
		case good == 0 && utf8.RuneCount(line) < len(line):
			good = n
		}
	}
	if bad == 0 || good == 0 {
		return 0, 0
	}
	return bad, good
}

// CheckName refuses, with EINVALID naming the field, a name someone gives
// (a user's, a campaign's, a provider's, an API token's) holding a control
// character or an invisible one: bidirectional overrides (U+202E turns
// text around), zero-width characters (two names that look alike), line
// and paragraph separators.
func CheckName(field, s string) error {
	for _, r := range s {
		if Invisible(r) {
			return Errorf(EINVALID, "%s enthält ein unsichtbares oder ein Steuerzeichen (U+%04X)", field, r)
		}
	}
	return nil
}

// Invisible reports whether r is a control character or one that does not
// show: a format character (bidi overrides, zero-width), a line or
// paragraph separator.
func Invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}
