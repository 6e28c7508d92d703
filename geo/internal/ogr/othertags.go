package ogr

import "strings"

// ParseOtherTags reads the other_tags column of GDAL's OSM driver, which
// holds the OSM tags without a column of their own (addr:street,
// addr:housenumber, ...) in PostgreSQL hstore form:
//
//	"addr:street"=>"Badstraße","addr:housenumber"=>"30"
//
// Keys and values are double-quoted; a backslash escapes the next byte
// (GDAL escapes `"` and `\`). Parsing stops at the first malformed pair;
// the pairs before it are returned. The result is never nil.
func ParseOtherTags(s string) map[string]string {
	tags := map[string]string{}
	i := 0
	for {
		i = skipSpace(s, i)
		if i >= len(s) {
			return tags
		}
		k, j, ok := hstoreString(s, i)
		if !ok {
			return tags
		}
		j = skipSpace(s, j)
		if !strings.HasPrefix(s[j:], "=>") {
			return tags
		}
		v, j, ok := hstoreString(s, skipSpace(s, j+2))
		if !ok {
			return tags
		}
		tags[k] = v
		i = skipSpace(s, j)
		if i < len(s) {
			if s[i] != ',' {
				return tags
			}
			i++
		}
	}
}

// hstoreString reads the quoted string starting at s[i] and returns it
// unescaped with the index after the closing quote.
func hstoreString(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", i, false
	}
	var b strings.Builder
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; c {
		case '"':
			return b.String(), j + 1, true
		case '\\':
			j++
			if j == len(s) {
				return "", i, false
			}
			b.WriteByte(s[j])
		default:
			b.WriteByte(c)
		}
	}
	return "", i, false
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}
