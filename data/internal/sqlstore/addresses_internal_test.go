package sqlstore

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPrefixUpper checks the rule: every string with the prefix key sorts
// (bytewise) in [key, PrefixUpper(key)), and the bound is valid UTF-8.
func TestPrefixUpper(t *testing.T) {
	tests := []struct {
		name, key, want string
	}{
		{"ascii", "hauptstr", "hauptsts"},
		{"digit", "12", "13"},
		{"umlaut", "bö", "b÷"},
		{"two-byte boundary", "a\u007f", "a\u0080"},
		{"before the surrogates", "a\ud7ff", "a\ue000"},
		{"next to the last rune", "a\U0010FFFE", "a\U0010FFFF"},
		{"last rune", "a" + string(utf8.MaxRune), "b"},
		{"only the last rune", string(utf8.MaxRune), string(utf8.MaxRune)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PrefixUpper(tt.key)
			if got != tt.want {
				t.Errorf("PrefixUpper(%q) = %q, want %q", tt.key, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("PrefixUpper(%q) = %q is not valid UTF-8", tt.key, got)
			}
			if tt.key == tt.want {
				return
			}
			for _, tail := range []string{"", " 12a", "ÿ", string(utf8.MaxRune)} {
				if s := tt.key + tail; s < tt.key || s >= got {
					t.Errorf("%q outside [%q, %q)", s, tt.key, got)
				}
			}
			if strings.HasPrefix(got, tt.key) {
				t.Errorf("the bound %q itself has the prefix %q", got, tt.key)
			}
		})
	}
}

func TestEscapeLike(t *testing.T) {
	if got := escapeLike(`50%_a\b`); got != `50\%\_a\\b` {
		t.Errorf("escapeLike = %q", got)
	}
}
