package reports

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxSheetName is the longest sheet name Excel accepts, in characters.
const maxSheetName = 31

// shortSheetName makes s a valid sheet name that taken does not report
// as used (Excel compares sheet names without regard to case; taken
// should too): the characters []:*?/\ become '-', apostrophes and spaces
// at either end go, and a name longer than 31 characters is cut after
// its last whole word that fits, never inside a word (only a first word
// longer than 31 characters is cut, as there is no other way). A name
// already taken gets " (2)", " (3)" …, the name before it cut to make
// room by the same rule. An empty name becomes "Tabelle".
func shortSheetName(s string, taken func(string) bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Trim(s, "' ")
	if s == "" {
		s = "Tabelle"
	}
	name := cutWords(s, maxSheetName)
	for i := 2; taken(name); i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		name = cutWords(s, maxSheetName-len(suffix)) + suffix
	}
	return name
}

// cutWords returns s if it has at most n characters, else its longest
// run of whole words from the start that has (without trailing
// punctuation such as "–" or ","), or, when the first word alone is
// longer, its first n characters.
func cutWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	out := ""
	for _, w := range strings.Fields(s) {
		next := w
		if out != "" {
			next = out + " " + w
		}
		if utf8.RuneCountInString(next) > n {
			break
		}
		out = next
	}
	out = strings.TrimRight(out, " -–—,;.'")
	if out == "" {
		out = strings.TrimRight(string([]rune(s)[:n]), " '")
	}
	return out
}
