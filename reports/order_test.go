package reports

import (
	"errors"
	"iter"
	"slices"
	"testing"

	"gigaplan/geo"
)

func addrSeq(as []geo.Address, err error) iter.Seq2[geo.Address, error] {
	return func(yield func(geo.Address, error) bool) {
		for _, a := range as {
			if !yield(a, nil) {
				return
			}
		}
		if err != nil {
			yield(geo.Address{}, err)
		}
	}
}

// TestNaturalByStreet: the stores' ByStreet order (search key: text) comes
// out with house numbers in natural order, street by street.
func TestNaturalByStreet(t *testing.T) {
	a := func(pc, street, num, suf string) geo.Address {
		return geo.Address{Postcode: pc, Street: street, HouseNumber: num, Suffix: suf}
	}
	label := func(as []geo.Address) []string {
		var out []string
		for _, x := range as {
			out = append(out, x.Postcode+" "+x.Street+" "+x.HouseNumber+x.Suffix)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		in   []geo.Address // in search-key order, as the store gives them
		want []string
	}{
		{"empty", nil, nil},
		{"one street", []geo.Address{a("1", "Hauptstraße", "1", ""), a("1", "Hauptstraße", "10", ""), a("1", "Hauptstraße", "10", "a"),
			a("1", "Hauptstraße", "11", ""), a("1", "Hauptstraße", "2", "")},
			[]string{"1 Hauptstraße 1", "1 Hauptstraße 2", "1 Hauptstraße 10", "1 Hauptstraße 10a", "1 Hauptstraße 11"}},
		{"streets and postcodes stay in place", []geo.Address{a("1", "Am Bach", "12", ""), a("1", "Am Bach", "3", ""),
			a("1", "Hauptstrasse", "10", ""), a("1", "Hauptstraße", "9", ""), a("2", "Am Bach", "10", ""), a("2", "Am Bach", "9", "")},
			[]string{"1 Am Bach 3", "1 Am Bach 12", "1 Hauptstraße 9", "1 Hauptstrasse 10", "2 Am Bach 9", "2 Am Bach 10"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []geo.Address
			for x, err := range naturalByStreet(addrSeq(tt.in, nil)) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, x)
			}
			if g := label(got); !slices.Equal(g, tt.want) {
				t.Errorf("got %q\nwant %q", g, tt.want)
			}
		})
	}
	t.Run("error", func(t *testing.T) {
		boom := errors.New("boom")
		var gotErr error
		for _, err := range naturalByStreet(addrSeq([]geo.Address{a("1", "X", "2", "")}, boom)) {
			gotErr = err
		}
		if !errors.Is(gotErr, boom) {
			t.Errorf("error %v, want boom", gotErr)
		}
	})
	t.Run("stop early", func(t *testing.T) {
		n := 0
		for range naturalByStreet(addrSeq([]geo.Address{a("1", "X", "2", ""), a("1", "X", "1", ""), a("1", "Y", "1", "")}, nil)) {
			n++
			break
		}
		if n != 1 {
			t.Errorf("%d yields after break", n)
		}
	})
}

func TestSourceFile(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"ortsteile.geojson#3", "ortsteile.geojson"},
		{"testdata/ortsteile.geojson#0", "ortsteile.geojson"},
		{`C:\Daten\adressen.csv:12`, "adressen.csv"},
		{"plain.shp", "plain.shp"},
		{"name#with#hash.geojson#2", "name#with#hash.geojson"},
		{"zeit:stempel.csv", "zeit:stempel.csv"},
	} {
		if got := sourceFile(tt.in); got != tt.want {
			t.Errorf("sourceFile(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
