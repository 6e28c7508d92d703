package campaigns

import (
	"math"
	"strconv"
	"strings"
	"time"
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

// Percent1 formats a share (0.2694) as German text with one decimal,
// rounded down as Percent does (32,96 % is not yet 33,0 %): "26,9 %".
func Percent1(q float64) string {
	if math.IsNaN(q) || math.IsInf(q, 0) {
		return "–"
	}
	return strings.Replace(strconv.FormatFloat(math.Floor(q*1000+1e-9)/10, 'f', 1, 64), ".", ",", 1) + " %"
}

// GermanDate formats a day as 02.01.2006; "–" for the zero time.
func GermanDate(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format("02.01.2006")
}
