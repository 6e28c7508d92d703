package sqlstore

import (
	"slices"
	"strings"
	"testing"

	"gigaplan/geo"
)

// joinWords is the reference form of SearchWords: the key split at its
// spaces, and the words from the second on joined again.
func joinWords(key string) []string {
	parts := strings.Split(key, " ")
	var out []string
	for i := 1; i < len(parts); i++ {
		out = append(out, strings.Join(parts[i:], " "))
	}
	return out
}

func TestSearchWords(t *testing.T) {
	for _, tt := range []struct {
		name string
		key  string
		want []string
	}{
		{"empty", "", nil},
		{"one word", "hauptstr", nil},
		{"street and number", "hauptstr 12a", []string{"12a"}},
		{"several words", "am alten markt 5", []string{"alten markt 5", "markt 5", "5"}},
		{"repeated word", "am markt markt 3", []string{"markt markt 3", "markt 3", "3"}},
		{"beyond ASCII", "øster allé 7", []string{"allé 7", "7"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := SearchWords(tt.key); !slices.Equal(got, tt.want) {
				t.Errorf("SearchWords(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func FuzzSearchWords(f *testing.F) {
	for _, s := range []string{"", "a", "Am alten Markt 5", "Hauptstraße 12 a", "a  b", " x ", "ß ẞ 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := SearchWords(s), joinWords(s); !slices.Equal(got, want) {
			t.Fatalf("SearchWords(%q) = %q, want %q", s, got, want)
		}
		// The keys stored are normalised: every word is a non-empty
		// suffix of the key that starts a word of it.
		key := geo.NormalizeSearch(s)
		for _, w := range SearchWords(key) {
			if w == "" || w[0] == ' ' || !strings.HasSuffix(key, " "+w) {
				t.Fatalf("SearchWords(%q): word %q", key, w)
			}
		}
	})
}
