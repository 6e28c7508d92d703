package campaigns

import (
	"math"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
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

// Thousands formats n with German thousands separators: 1.234.567
// (geo.Thousands).
func Thousands(n int64) string { return geo.Thousands(n) }

// Percent formats a share (0.2694) as German text with one decimal,
// rounded down, so that 32,96 % never shows as the 33 % it has not
// reached: "26,9 %"; a whole percentage without the decimal: "33 %". Every surface (CLI, office and citizen pages, API
// messages, workbooks) shows quotas and thresholds with it; workbook
// cells hold ShownShare, which their "0.0 %" format shows alike.
func Percent(q float64) string {
	if math.IsNaN(q) || math.IsInf(q, 0) {
		return "–"
	}
	s := strconv.FormatFloat(ShownShare(q)*100, 'f', 1, 64)
	return strings.Replace(strings.TrimSuffix(s, ".0"), ".", ",", 1) + " %"
}

// GermanDate formats a day as 02.01.2006; "–" for the zero time.
func GermanDate(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format("02.01.2006")
}

// ShownShare is q rounded down to the 0,1 % that Percent shows: what a
// workbook cell holds, so that the spreadsheet's own rounding shows the
// same figure.
func ShownShare(q float64) float64 {
	if math.IsNaN(q) || math.IsInf(q, 0) {
		return q
	}
	return math.Floor(q*1000+1e-9) / 1000
}
