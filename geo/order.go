package geo

import (
	"cmp"
	"strconv"
	"strings"
)

// CompareHouseNumbers orders house numbers naturally: by the number's
// leading digits as a number, then by what follows them, then by the
// suffix, both compared case-insensitively; "1", "2", "10", "10a",
// "10 b", "11", never "1", "10", "11", "2". A number without leading
// digits sorts after every numbered one.
func CompareHouseNumbers(numA, sufA, numB, sufB string) int {
	na, ra, oka := leadingNumber(numA)
	nb, rb, okb := leadingNumber(numB)
	switch {
	case oka && !okb:
		return -1
	case !oka && okb:
		return 1
	case oka && okb:
		if c := cmp.Compare(na, nb); c != 0 {
			return c
		}
	}
	return cmp.Or(
		cmp.Compare(strings.ToLower(strings.TrimSpace(ra)), strings.ToLower(strings.TrimSpace(rb))),
		cmp.Compare(strings.ToLower(strings.TrimSpace(sufA)), strings.ToLower(strings.TrimSpace(sufB))),
		cmp.Compare(numA+sufA, numB+sufB),
	)
}

// leadingNumber splits s (trimmed) into its leading digits as a number and
// the rest; ok is false when s does not start with a digit.
func leadingNumber(s string) (n uint64, rest string, ok bool) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, s, false
	}
	n, err := strconv.ParseUint(s[:i], 10, 64)
	if err != nil { // beyond uint64: compare as text
		return ^uint64(0), s, true
	}
	return n, s[i:], true
}

// CompareByStreet is the order of an address list: by postcode, then by
// street (compared as NormalizeSearch folds it, so "Hauptstraße" and
// "Hauptstrasse" are one street), then by house number and suffix
// (CompareHouseNumbers). It is the order the stores' ByStreet filter
// gives, with the house numbers in natural order.
func CompareByStreet(a, b Address) int {
	return cmp.Or(
		cmp.Compare(a.Postcode, b.Postcode),
		cmp.Compare(NormalizeSearch(a.Street), NormalizeSearch(b.Street)),
		CompareHouseNumbers(a.HouseNumber, a.Suffix, b.HouseNumber, b.Suffix),
	)
}
