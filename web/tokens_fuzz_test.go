package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// FuzzDecodeAPIEntries checks decodeAPIEntries, the reading of a
// provider's POST …/entries body, against what must hold for any input:
//
//   - it never panics;
//   - it accepts exactly the bodies that are one JSON object (or null)
//     whose only member is entries, once, an array (or null) of objects
//     (or null) whose members are area, date and comment (strings or
//     null) and count (an integer or null), followed by nothing but white
//     space; names match case-insensitively, as encoding/json's do;
//   - each decoded entry holds what its own object says, the last of
//     repeated names winning (a walk over the JSON tokens, below, says
//     what that is);
//   - anything after the object is refused as errTrailingData;
//   - encoding the result and decoding it again gives the same entries;
//   - an unknown member, at the top or in an entry, is refused.
//
// The seed corpus is testdata/fuzz/FuzzDecodeAPIEntries: bodies of
// tokens_test.go, the README's example and broken variants of them.
func FuzzDecodeAPIEntries(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeAPIEntries(bytes.NewReader(data))
		want, reason := walkAPIEntries(data)
		if reason != "" {
			if err == nil {
				t.Fatalf("accepted, but the body is not valid (%s): %q\ndecoded %s", reason, data, show(got))
			}
			if trailing := errors.Is(err, errTrailingData); trailing != (reason == "trailing") {
				t.Fatalf("error %q for a body with %s: %q", err, reason, data)
			}
			return
		}
		if err != nil {
			t.Fatalf("refused a valid body %q: %v", data, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("body %q\ndecoded  %s\nit says  %s", data, show(got), show(want))
		}

		// Round trip.
		enc, err := json.Marshal(map[string]any{"entries": got})
		if err != nil {
			t.Fatal(err)
		}
		again, err := decodeAPIEntries(bytes.NewReader(enc))
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("round trip of %q: %s, %v; want %s", enc, show(again), err, show(got))
		}

		// Anything after the value is refused.
		for _, tail := range []string{"x", "{}", " 0", "[]", `"s"`, " null", "}"} {
			if _, err := decodeAPIEntries(bytes.NewReader(append(bytes.Clone(data), tail...))); err == nil {
				t.Fatalf("accepted %q after %q", tail, data)
			}
		}

		// Unknown members are refused, at the top and in an entry.
		unknown := []map[string]any{{"entries": got, "unbekannt": 1}}
		if len(got) > 0 {
			es := make([]map[string]any, len(got))
			for i, e := range got {
				es[i] = map[string]any{"area": e.Area, "date": e.Date, "count": e.Count, "comment": e.Comment}
			}
			es[len(es)-1]["anzahl"] = 1
			unknown = append(unknown, map[string]any{"entries": es})
		}
		for _, u := range unknown {
			b, err := json.Marshal(u)
			if err != nil {
				t.Fatal(err)
			}
			if es, err := decodeAPIEntries(bytes.NewReader(b)); err == nil {
				t.Fatalf("accepted an unknown member: %s → %s", b, show(es))
			}
		}
	})
}

func show(es []apiEntryJSON) string {
	if es == nil {
		return "nil"
	}
	var b strings.Builder
	b.WriteString("[")
	for i, e := range es {
		if i > 0 {
			b.WriteString(" ")
		}
		n := "nil"
		if e.Count != nil {
			n = strconv.Itoa(*e.Count)
		}
		fmt.Fprintf(&b, "{%q %q %s %q}", e.Area, e.Date, n, e.Comment)
	}
	return b.String() + "]"
}

// walkAPIEntries says, from the JSON tokens alone, what a body means: the
// entries, or why it is not a valid body (syntax, type, unknown, trailing,
// repeated).
// Each entry starts empty and takes its own object's members in order.
func walkAPIEntries(data []byte) (entries []apiEntryJSON, reason string) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	w := &tokenWalk{dec: dec}
	entries = w.top()
	if w.reason != "" {
		return nil, w.reason
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, "trailing"
	}
	if w.entries > 1 {
		return nil, "repeated"
	}
	return entries, ""
}

type tokenWalk struct {
	dec     *json.Decoder
	reason  string // the first problem
	broken  bool   // a syntax error: no more tokens
	entries int    // how often the top-level object names entries
}

func (w *tokenWalk) fail(reason string) {
	if w.reason == "" {
		w.reason = reason
	}
}

// next returns the next token; on a syntax error it fails and returns nil.
func (w *tokenWalk) next() json.Token {
	if w.broken {
		return nil
	}
	tok, err := w.dec.Token()
	if err != nil {
		w.fail("syntax")
		w.broken = true
		return nil
	}
	return tok
}

// skip consumes the rest of a value whose first token was tok.
func (w *tokenWalk) skip(tok json.Token) {
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		for depth := 1; depth > 0 && !w.broken; {
			switch w.next() {
			case json.Delim('{'), json.Delim('['):
				depth++
			case json.Delim('}'), json.Delim(']'):
				depth--
			}
		}
	}
}

// members calls member for each name of the object whose '{' has been
// read, with the value's first token; member must consume the value.
func (w *tokenWalk) members(member func(name string, tok json.Token)) {
	for !w.broken {
		tok := w.next()
		if tok == json.Delim('}') {
			return
		}
		name, ok := tok.(string)
		if !ok {
			w.fail("syntax")
			return
		}
		if v := w.next(); !w.broken {
			member(name, v)
		}
	}
}

func (w *tokenWalk) top() []apiEntryJSON {
	var entries []apiEntryJSON
	switch tok := w.next(); tok {
	case nil:
		return nil // null (or a syntax error)
	case json.Delim('{'):
		w.members(func(name string, tok json.Token) {
			if !strings.EqualFold(name, "entries") {
				w.fail("unknown")
				w.skip(tok)
				return
			}
			w.entries++
			switch tok {
			case nil:
				entries = nil
			case json.Delim('['):
				entries = w.array()
			default:
				w.fail("type")
				w.skip(tok)
			}
		})
	default:
		w.fail("type")
		w.skip(tok)
	}
	return entries
}

// array reads the entries of an array whose '[' has been read.
func (w *tokenWalk) array() []apiEntryJSON {
	es := []apiEntryJSON{}
	for !w.broken {
		tok := w.next()
		switch tok {
		case json.Delim(']'):
			return es
		case nil:
			es = append(es, apiEntryJSON{})
		case json.Delim('{'):
			es = append(es, w.entry())
		default:
			w.fail("type")
			w.skip(tok)
		}
	}
	return es
}

// entry reads an entry whose '{' has been read.
func (w *tokenWalk) entry() apiEntryJSON {
	var e apiEntryJSON
	w.members(func(name string, tok json.Token) {
		var s *string
		switch {
		case strings.EqualFold(name, "area"):
			s = &e.Area
		case strings.EqualFold(name, "date"):
			s = &e.Date
		case strings.EqualFold(name, "comment"):
			s = &e.Comment
		case strings.EqualFold(name, "count"):
			switch v := tok.(type) {
			case nil:
				e.Count = nil
			case json.Number:
				n, err := strconv.ParseInt(string(v), 10, strconv.IntSize)
				if err != nil {
					w.fail("type")
					return
				}
				i := int(n)
				e.Count = &i
			default:
				w.fail("type")
				w.skip(tok)
			}
			return
		default:
			w.fail("unknown")
			w.skip(tok)
			return
		}
		switch v := tok.(type) {
		case nil: // null leaves a string as it is
		case string:
			*s = v
		default:
			w.fail("type")
			w.skip(tok)
		}
	})
	return e
}
