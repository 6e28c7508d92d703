package geo

import (
	"strings"
	"testing"
)

func TestParseAddressQuery(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want AddressQuery
	}{
		{"Marktweg 1", AddressQuery{Street: "Marktweg 1"}},
		{"  Marktweg 1 ", AddressQuery{Street: "Marktweg 1"}},
		{"Marktweg 1, 51065 Köln", AddressQuery{Street: "Marktweg 1", Postcode: "51065", Town: "Köln"}},
		{"Marktweg 1,51065", AddressQuery{Street: "Marktweg 1", Postcode: "51065"}},
		{"Marktweg 1, Köln", AddressQuery{Street: "Marktweg 1", Town: "Köln"}},
		{"Marktweg 1, Köln 51065", AddressQuery{Street: "Marktweg 1", Postcode: "51065", Town: "Köln"}},
		{"Marktweg 1 51065 Köln", AddressQuery{Street: "Marktweg 1", Postcode: "51065", Town: "Köln"}},
		{"Marktweg 1 51065", AddressQuery{Street: "Marktweg 1", Postcode: "51065"}},
		{"Am Bach 1, Bergisch Gladbach", AddressQuery{Street: "Am Bach 1", Town: "Bergisch Gladbach"}},
		{"Am Bach 1, 51465 Bergisch Gladbach, Deutschland", AddressQuery{Street: "Am Bach 1", Postcode: "51465", Town: "Bergisch Gladbach Deutschland"}},
		// Five digits after a street are read as its postcode (the search
		// falls back to the whole query when that finds nothing); a
		// postcode first is not a place.
		{"Hauptstraße 12345", AddressQuery{Street: "Hauptstraße", Postcode: "12345"}},
		{"Straße 12 1234", AddressQuery{Street: "Straße 12 1234"}},
		{"51065", AddressQuery{Street: "51065"}},
		{"51065 Köln", AddressQuery{Street: "51065 Köln"}},
		// Only a place: keep it all as the street.
		{", Köln", AddressQuery{Street: ", Köln"}},
		{"", AddressQuery{}},
	} {
		if got := ParseAddressQuery(tc.in); got != tc.want {
			t.Errorf("ParseAddressQuery(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestAddressQueryMatches(t *testing.T) {
	a := Address{Street: "Marktweg", HouseNumber: "1", Postcode: "51065", City: "Köln", Locality: "Mülheim"}
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"Marktweg 1", true},
		{"Marktweg 1, 51065", true},
		{"Marktweg 1, 51063", false},
		{"Marktweg 1, Köln", true},
		{"Marktweg 1, koeln", true},
		{"Marktweg 1, Kö", true},
		{"Marktweg 1, Bonn", false},
		{"Marktweg 1, Mülheim", true},
		{"Marktweg 1, 51065 Bonn", false},
	} {
		if got := ParseAddressQuery(tc.q).Matches(a); got != tc.want {
			t.Errorf("%q matches = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestSearchRank(t *testing.T) {
	key := NormalizeSearch("Am Bach 1")
	for _, tc := range []struct {
		number, suffix string
		street         string
		want           int
	}{
		{"1", "", "Am Bach", 0},
		{"1", "a", "Am Bach", 1},
		{"1", " B", "Am Bach", 1},
		{"10", "", "Am Bach", 2},
		{"1", "", "Am Bacher Weg", 2},
	} {
		a := Address{Street: tc.street, HouseNumber: tc.number, Suffix: tc.suffix}
		if got := SearchRank(a, key); got != tc.want {
			t.Errorf("SearchRank(%s %s%s) = %d, want %d", tc.street, tc.number, tc.suffix, got, tc.want)
		}
	}
}

func FuzzParseAddressQuery(f *testing.F) {
	for _, s := range []string{"Marktweg 1, 51065 Köln", "Am Bach 1 51465 Bergisch Gladbach", ",", "51065", " , ,12345 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseAddressQuery(s)
		if q.Postcode != "" && !isPostcode(q.Postcode) {
			t.Fatalf("postcode %q", q.Postcode)
		}
		if NormalizeSearch(q.Street) == "" && NormalizeSearch(s) != "" {
			t.Fatalf("%q: empty street %+v", s, q)
		}
		if !strings.Contains(strings.Join(strings.Fields(s), " "), strings.Join(strings.Fields(q.Street), " ")) {
			t.Fatalf("%q: street %q not from the query", s, q.Street)
		}
		if !strings.Contains(s, q.Town) && q.Town != "" && !strings.Contains(s, strings.Fields(q.Town)[0]) {
			t.Fatalf("%q: town %q not from the query", s, q.Town)
		}
	})
}
