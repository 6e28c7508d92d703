package geo

import (
	"slices"
	"testing"
)

func TestCompareHouseNumbers(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   [][2]string // number, suffix
		want [][2]string
	}{
		{"numeric, not text", [][2]string{{"10", ""}, {"2", ""}, {"11", ""}, {"1", ""}}, [][2]string{{"1", ""}, {"2", ""}, {"10", ""}, {"11", ""}}},
		{"suffix after the plain number", [][2]string{{"10", "a"}, {"11", ""}, {"10", ""}, {"10", "B"}, {"9", "c"}},
			[][2]string{{"9", "c"}, {"10", ""}, {"10", "a"}, {"10", "B"}, {"11", ""}}},
		{"suffix inside the number", [][2]string{{"10b", ""}, {"10a", ""}, {"10", ""}, {"2a", ""}}, [][2]string{{"2a", ""}, {"10", ""}, {"10a", ""}, {"10b", ""}}},
		{"leading zeros and spaces", [][2]string{{"007", ""}, {" 5", ""}, {"10", ""}}, [][2]string{{" 5", ""}, {"007", ""}, {"10", ""}}},
		{"ranges by their first number", [][2]string{{"12-14", ""}, {"3", ""}, {"12", ""}}, [][2]string{{"3", ""}, {"12", ""}, {"12-14", ""}}},
		{"without digits last", [][2]string{{"ohne", ""}, {"", ""}, {"4", ""}}, [][2]string{{"4", ""}, {"", ""}, {"ohne", ""}}},
		{"beyond uint64", [][2]string{{"99999999999999999999999", ""}, {"5", ""}}, [][2]string{{"5", ""}, {"99999999999999999999999", ""}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Clone(tt.in)
			slices.SortStableFunc(got, func(a, b [2]string) int { return CompareHouseNumbers(a[0], a[1], b[0], b[1]) })
			if !slices.Equal(got, tt.want) {
				t.Errorf("sorted %q, want %q", got, tt.want)
			}
			for _, a := range tt.in {
				if c := CompareHouseNumbers(a[0], a[1], a[0], a[1]); c != 0 {
					t.Errorf("%q against itself: %d", a, c)
				}
			}
		})
	}
}

func TestCompareByStreet(t *testing.T) {
	in := []Address{
		{Postcode: "77652", Street: "Kirchweg", HouseNumber: "2"},
		{Postcode: "77652", Street: "Hauptstrasse", HouseNumber: "10"},
		{Postcode: "77652", Street: "Hauptstraße", HouseNumber: "2", Suffix: "a"},
		{Postcode: "77652", Street: "Hauptstraße", HouseNumber: "2"},
		{Postcode: "77652", Street: "Hauptstraße", HouseNumber: "1"},
		{Postcode: "77651", Street: "Zeller Weg", HouseNumber: "20"},
	}
	slices.SortStableFunc(in, CompareByStreet)
	var got []string
	for _, a := range in {
		got = append(got, a.Postcode+" "+a.Street+" "+a.HouseNumber+a.Suffix)
	}
	want := []string{"77651 Zeller Weg 20", "77652 Hauptstraße 1", "77652 Hauptstraße 2", "77652 Hauptstraße 2a",
		"77652 Hauptstrasse 10", "77652 Kirchweg 2"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// FuzzCompareHouseNumbers: the order is a total order on any input: a
// number equals itself, swapping the arguments flips the sign, and
// "a < b < c" implies "a < c".
func FuzzCompareHouseNumbers(f *testing.F) {
	for _, s := range [][3]string{{"1", "10", "2"}, {"10a", "10", "10 b"}, {"", "ohne", "007"}, {"12-14", "12", "99999999999999999999999"}} {
		f.Add(s[0], s[1], s[2], "a")
	}
	f.Fuzz(func(t *testing.T, a, b, c, suf string) {
		sign := func(x int) int { return max(-1, min(1, x)) }
		for _, x := range []string{a, b, c} {
			if CompareHouseNumbers(x, suf, x, suf) != 0 {
				t.Fatalf("%q not equal to itself", x)
			}
		}
		ab, ba := CompareHouseNumbers(a, suf, b, ""), CompareHouseNumbers(b, "", a, suf)
		if sign(ab) != -sign(ba) {
			t.Fatalf("compare(%q, %q) = %d but reversed %d", a, b, ab, ba)
		}
		bc, ac := CompareHouseNumbers(b, "", c, ""), CompareHouseNumbers(a, suf, c, "")
		if ab < 0 && bc < 0 && ac >= 0 {
			t.Fatalf("%q < %q < %q but compare(a, c) = %d", a, b, c, ac)
		}
	})
}
