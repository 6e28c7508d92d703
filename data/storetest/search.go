package storetest

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// testSearchWords covers the second part of a search, a later word of the
// search key (the word index of migration 0014), and how imports keep it.
func testSearchWords(t *testing.T, s geo.Store) {
	ctx := context.Background()
	mustImportAddresses(t, s,
		Addr("h12a", "Hauptstraße", "12 a", 1, 0),
		Addr("h12", "Hauptstraße", "12", 1, 0),
		Addr("g12a", "Gartenweg", "12 a", 1, 0),
		Addr("m5", "Am alten Markt", "5", 1, 0),
		Addr("mp1", "Marktplatz", "1", 1, 0),
		Addr("mm3", "Am Markt Markt", "3", 1, 0), // two words match "markt"
		Addr("mn9", "Am Markt Nord", "9", 1, 0),
		Addr("n12", "12er Straße", "12", 1, 0),
		Addr("r7", "Rosenweg", "7", 1, 0),
	)
	search := func(t *testing.T, muni int64, q string, limit int) []string {
		t.Helper()
		got, err := s.SearchAddressesIn(ctx, muni, q, limit)
		if err != nil {
			t.Fatalf("SearchAddressesIn(%d, %q): %v", muni, q, err)
		}
		return keys(got)
	}
	for _, tt := range []struct {
		name  string
		q     string
		limit int
		want  []string // keys in order; nil: none
	}{
		{"hit on the first word", "rosen", 10, []string{"r7"}},
		// Second part in order of the matching word, then search key:
		// "12a" < "12er str 12"; "12a" twice, by search key.
		{"hit on a later word", "12a", 10, []string{"g12a", "h12a"}},
		{"hit on a later word and a first word", "12", 10, []string{"n12", "h12", "g12a", "h12a"}},
		// "markt 3" (mm3) < "markt 5" (m5) < "markt markt 3" (mm3 again,
		// skipped) < "markt nord 9" (mn9).
		{"hit on a middle word", "markt", 10, []string{"mp1", "mm3", "m5", "mn9"}},
		{"several later words", "alten markt", 10, []string{"m5"}},
		{"address with two matching words once", "markt markt", 10, []string{"mm3"}},
		{"miss", "zzz", 10, nil},
		{"miss on a later word", "12b", 10, nil},
		{"limit within the first group", "12", 1, []string{"n12"}},
		{"limit spanning both groups", "12", 2, []string{"n12", "h12"}},
		{"limit within the second group", "markt", 3, []string{"mp1", "mm3", "m5"}},
		{"limit reached at a duplicate", "markt", 4, []string{"mp1", "mm3", "m5", "mn9"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := search(t, 0, tt.q, tt.limit); !slices.Equal(got, tt.want) {
				t.Errorf("SearchAddresses(%q, %d) = %v, want %v", tt.q, tt.limit, got, tt.want)
			}
		})
	}

	t.Run("reimport with another street", func(t *testing.T) {
		mustImportAddresses(t, s, Addr("m5", "Rathausgasse", "5", 1, 0), Addr("r7", "Rosenweg", "7", 2, 0))
		if got := search(t, 0, "alten markt", 10); len(got) != 0 {
			t.Errorf("old words still found: %v", got)
		}
		if got := search(t, 0, "markt", 10); !slices.Equal(got, []string{"mp1", "mm3", "mn9"}) {
			t.Errorf("markt after reimport = %v", got)
		}
		if got := search(t, 0, "5", 10); !slices.Equal(got, []string{"m5"}) {
			t.Errorf("new words of the reimported address: %v", got)
		}
		if got := search(t, 0, "7", 10); !slices.Equal(got, []string{"r7"}) {
			t.Errorf("address reimported with the same street: %v", got)
		}
	})

	t.Run("municipality filter", func(t *testing.T) {
		mustImportAreas(t, s,
			geo.Area{Kind: geo.KindMunicipality, Name: "Westheim", AGS: "08317001", Geometry: Square(0, 0, 1, 1)},
			geo.Area{Kind: geo.KindMunicipality, Name: "Osthausen", AGS: "08317002", Geometry: Square(1, 0, 2, 1)},
		)
		munis, err := s.Areas(ctx, geo.KindMunicipality)
		if err != nil {
			t.Fatal(err)
		}
		west, err := geo.FindMunicipality(munis, "08317001")
		if err != nil {
			t.Fatal(err)
		}
		east, err := geo.FindMunicipality(munis, "08317002")
		if err != nil {
			t.Fatal(err)
		}
		var as []geo.Assignment
		for _, k := range []string{"h12a", "n12", "mm3"} {
			as = append(as, geo.Assignment{AddressID: byKey(t, s, k).ID, AreaID: west.ID})
		}
		as = append(as, geo.Assignment{AddressID: byKey(t, s, "g12a").ID, AreaID: east.ID})
		if err := s.ReplaceAssignments(ctx, as); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			muni int64
			q    string
			want []string
		}{
			{west.ID, "12", []string{"n12", "h12a"}},
			{west.ID, "12a", []string{"h12a"}},
			{east.ID, "12a", []string{"g12a"}},
			{west.ID, "markt", []string{"mm3"}},
			{east.ID, "markt", nil},
			{0, "12a", []string{"g12a", "h12a"}},
		} {
			if got := search(t, tc.muni, tc.q, 10); !slices.Equal(got, tc.want) {
				t.Errorf("SearchAddressesIn(%d, %q) = %v, want %v", tc.muni, tc.q, got, tc.want)
			}
		}
	})
}

// UpgradeSearchKeys are search keys for the upgrade tests of migration
// 0014, whose backfill splits them in SQL: one word, several, a repeated
// word, letters beyond ASCII, and spaces NormalizeSearch would not write.
var UpgradeSearchKeys = []string{
	"", "hauptstr", "hauptstr 12a", "am alten markt 5", "am markt markt 3",
	"strasse uber 3", "øster allé 7", "a  b", " x", "x ",
}

// WordRow is one row of address_words, as an upgrade test reads it.
type WordRow struct {
	AddressID       int
	Word, SearchKey string
}

// CheckUpgradeWords checks the word rows an upgrade wrote for the
// addresses 1…n holding UpgradeSearchKeys (rows ordered by address, then
// longest word first) against sqlstore.SearchWords, and that s, the
// upgraded store, finds a later word.
func CheckUpgradeWords(t *testing.T, s geo.Store, rows []WordRow) {
	t.Helper()
	got := make([][]string, len(UpgradeSearchKeys))
	for _, r := range rows {
		if r.SearchKey != UpgradeSearchKeys[r.AddressID-1] {
			t.Errorf("word %q of address %d has search key %q", r.Word, r.AddressID, r.SearchKey)
		}
		got[r.AddressID-1] = append(got[r.AddressID-1], r.Word)
	}
	for i, k := range UpgradeSearchKeys {
		if want := sqlstore.SearchWords(k); !slices.Equal(got[i], want) {
			t.Errorf("words of %q = %q, want %q", k, got[i], want)
		}
	}
	if got, err := s.SearchAddresses(context.Background(), "alten", 10); err != nil || len(got) != 1 || got[0].Key != "am alten markt 5" {
		t.Errorf("search after upgrade: %v %v", got, err)
	}
}

// BenchSearch imports n addresses into s (streets "Am <name> <k>" with
// numbers and suffixes) and measures SearchAddresses for a hit on the
// first word, a hit on a later word only (the word index) and a miss,
// which runs both parts.
func BenchSearch(b *testing.B, s geo.Store, n int) {
	ctx := context.Background()
	names := []string{"Feld", "Bach", "Markt", "Kirchberg", "Mühlweg", "Rain", "Hof"}
	as := make([]geo.Address, 0, n)
	for i := range n {
		street := "Am " + names[i%len(names)] + " " + strconv.Itoa(i/100)
		num := strconv.Itoa(i%100 + 1)
		if i%3 == 0 {
			num += " a"
		}
		as = append(as, Addr(strconv.Itoa(i), street, num, 1, 0))
	}
	if _, err := s.ImportAddresses(ctx, geo.Values(as)); err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct{ name, q string }{
		{"first", "am kirchberg 12"},
		{"later", "kirchberg 12"},
		{"miss", "zzz"},
	} {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				got, err := s.SearchAddresses(ctx, q.q, webSearchLimit)
				if err != nil || (len(got) == 0) != (q.name == "miss") {
					b.Fatalf("%q: %d results, %v", q.q, len(got), err)
				}
			}
		})
	}
}

// webSearchLimit is the number of results the web API asks for.
const webSearchLimit = 50
