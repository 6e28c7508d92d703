package campaigns

import (
	"strconv"
	"strings"
)

// German returns what a campaign counts as the UI and reports name it.
func (c Counting) German() string {
	switch c {
	case CountBusinesses:
		return "Unternehmen"
	case CountBuildings:
		return "Gebäude"
	}
	return "Haushalte"
}

// German returns the rating as the UI and reports show it; "–" for none.
func (r Rating) German() string {
	switch r {
	case OnTrack:
		return "im Plan"
	case AtRisk:
		return "gefährdet"
	case Unlikely:
		return "unwahrscheinlich"
	}
	return "–"
}

// Thousands formats n with German thousands separators: 1.234.567.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
