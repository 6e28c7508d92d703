package geo

import (
	"strings"
	"unicode"
)

// AddressQuery is what a citizen typed into the address search, split
// into the part the search index matches (street, number, suffix) and the
// place that narrows it: "Marktweg 1, 51065 Köln" is Street "Marktweg 1",
// Postcode "51065", Town "Köln".
type AddressQuery struct {
	Street   string // as typed, trimmed
	Postcode string // five digits, or ""
	Town     string // as typed, trimmed, or ""
}

// ParseAddressQuery splits q into street and place. The place is what
// follows the first comma, or, without a comma, a five-digit postcode
// after at least one word and what follows it ("Marktweg 1 51065 Köln").
// In the place, a five-digit word is the postcode and the other words are
// the town. A query that is only a place ("51065", ", Köln") keeps it as
// the street, so that the search still has something to match.
func ParseAddressQuery(q string) AddressQuery {
	q = strings.TrimSpace(q)
	street, place := q, ""
	if i := strings.IndexByte(q, ','); i >= 0 {
		street, place = strings.TrimSpace(q[:i]), strings.TrimSpace(q[i+1:])
	} else if words := strings.Fields(q); len(words) > 1 {
		for i := 1; i < len(words); i++ {
			if isPostcode(words[i]) {
				street, place = strings.Join(words[:i], " "), strings.Join(words[i:], " ")
				break
			}
		}
	}
	if NormalizeSearch(street) == "" {
		return AddressQuery{Street: q}
	}
	out := AddressQuery{Street: street}
	var town []string
	for _, w := range strings.FieldsFunc(place, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		if out.Postcode == "" && isPostcode(w) {
			out.Postcode = w
			continue
		}
		town = append(town, w)
	}
	out.Town = strings.Join(town, " ")
	return out
}

// Matches reports whether a lies in the query's place: the same postcode,
// and a town (City or Locality, normalised as NormalizeSearch) that starts
// with the query's town. A query without a place matches every address.
func (q AddressQuery) Matches(a Address) bool {
	if q.Postcode != "" && strings.TrimSpace(a.Postcode) != q.Postcode {
		return false
	}
	if q.Town == "" {
		return true
	}
	t := NormalizeSearch(q.Town)
	return strings.HasPrefix(NormalizeSearch(a.City), t) || strings.HasPrefix(NormalizeSearch(a.Locality), t)
}

// HasPlace reports whether the query names a postcode or town.
func (q AddressQuery) HasPlace() bool { return q.Postcode != "" || q.Town != "" }

func isPostcode(w string) bool {
	if len(w) != 5 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// SearchRank orders the addresses a search found for the normalised query
// key: 0 for the exact address ("am bach 1" for "am bach 1"), 1 for the
// same number with a suffix ("am bach 1a"), 2 for every other match
// ("am bach 10", "am bacher weg 1").
func SearchRank(a Address, key string) int {
	k := SearchKey(a)
	switch {
	case k == key:
		return 0
	case strings.HasPrefix(k, key) && endsWithDigit(key) && len(k) > len(key) && k[len(key)] >= 'a' && k[len(key)] <= 'z':
		return 1
	}
	return 2
}
