package geo

import (
	"strings"
	"unicode"
)

var umlautFold = strings.NewReplacer(
	"ä", "a", "ö", "o", "ü", "u", "ß", "ss",
	"Ä", "a", "Ö", "o", "Ü", "u", "ẞ", "ss",
	"é", "e", "è", "e", "à", "a", "ç", "c",
)

var digraphFold = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")

// NormalizeSearch folds s for address matching: lower case, umlauts and ß
// folded (ä, ae → a; ß → ss), "straße", "strasse" and "str." written "str",
// punctuation dropped, a house-number suffix joined to its number ("12 a"
// → "12a"), runs of spaces collapsed. Both the stored key and the query go
// through it, so "hauptstrasse 12a" matches "Hauptstraße 12 a" and "muhlen"
// and "muehlen" both match "Mühlenweg".
func NormalizeSearch(s string) string {
	s = umlautFold.Replace(strings.ToLower(s))
	s = digraphFold.Replace(s)
	// Punctuation to spaces, keeping letters and digits.
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	fields := strings.Fields(b.String())
	out := fields[:0]
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		f = strings.Replace(f, "strasse", "str", 1)
		// "12 a" → "12a": a single letter after a number is its suffix.
		if len(out) > 0 && len(f) == 1 && f[0] >= 'a' && f[0] <= 'z' && endsWithDigit(out[len(out)-1]) {
			out[len(out)-1] += f
			continue
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

func endsWithDigit(s string) bool {
	return s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}

// SearchKey is the normalised "street number suffix" of an address, the
// column SearchAddresses matches against.
func SearchKey(a Address) string {
	return NormalizeSearch(a.Street + " " + a.HouseNumber + a.Suffix)
}

// AddressKey derives the key of an address that has no key of its own:
// AGS, street key, number and suffix when the street key is known, else
// postcode, normalised street, number and suffix.
func AddressKey(a Address) string {
	num := strings.ToLower(strings.TrimSpace(a.HouseNumber))
	suf := strings.ToLower(strings.TrimSpace(a.Suffix))
	if a.AGS != "" && a.StreetKey != "" {
		return a.AGS + "|" + a.StreetKey + "|" + num + "|" + suf
	}
	return a.Postcode + "|" + NormalizeSearch(a.Street) + "|" + num + "|" + suf
}

// placeholderPrefixes are the starts of placeholder street names in real
// address files.
var placeholderPrefixes = []string{"###", "straßenname unbekannt", "strassenname unbekannt", "unbekannt", "ohne straßenname", "ohne strassenname", "n.n."}

// IsPlaceholderStreet reports whether a street name is a placeholder such as
// "### Straßenname unbekannt".
func IsPlaceholderStreet(street string) bool {
	s := strings.ToLower(strings.TrimSpace(street))
	if s == "" || !strings.ContainsFunc(s, unicode.IsLetter) {
		return true // "", "--", "-", "?"
	}
	for _, p := range placeholderPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
