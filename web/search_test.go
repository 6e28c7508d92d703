package web_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"gigaplan/geo"
	"gigaplan/web"
)

// searchServer is a city with seven "Am Bach 1" of different postcodes
// and Ortsteile (as Cologne has), their neighbours 1a and 10, "Am Bacher
// Weg 1", and 60 houses in "Lange Straße".
func searchServer(t *testing.T) *web.Server {
	t.Helper()
	areas := []geo.Area{{Kind: geo.KindMunicipality, Name: "Köln", AGS: "05315000", Geometry: square(6.0, 50.0, 8.0, 52.0)}}
	var addrs []geo.Address
	for i := range 7 {
		x := 6.1 + float64(i)*0.2
		areas = append(areas, geo.Area{Kind: geo.KindDistrict, Name: fmt.Sprintf("Ortsteil %d", i+1), Geometry: square(x-0.05, 50.9, x+0.05, 51.0)})
		pc := fmt.Sprintf("5106%d", i)
		addrs = append(addrs, geo.Address{Street: "Am Bach", HouseNumber: "1", Postcode: pc, City: "Köln", Lon: x, Lat: 50.95, Households: 1, Type: geo.TypePrivate})
		if i == 5 {
			addrs = append(addrs,
				geo.Address{Street: "Am Bach", HouseNumber: "10", Postcode: pc, City: "Köln", Lon: x, Lat: 50.951, Households: 1, Type: geo.TypePrivate},
				geo.Address{Street: "Am Bach", HouseNumber: "1", Suffix: "a", Postcode: pc, City: "Köln", Lon: x, Lat: 50.952, Households: 1, Type: geo.TypePrivate},
				geo.Address{Street: "Am Bacher Weg", HouseNumber: "1", Postcode: pc, City: "Köln", Lon: x, Lat: 50.953, Households: 1, Type: geo.TypePrivate})
		}
	}
	for i := range 60 {
		addrs = append(addrs, geo.Address{Street: "Lange Straße", HouseNumber: fmt.Sprint(i + 1), Postcode: "51061", City: "Köln",
			Lon: 6.1, Lat: 50.96, Households: 1, Type: geo.TypePrivate})
	}
	return serverWith(t, areas, addrs)
}

type searchAnswer struct {
	Results []struct {
		Label    string `json:"label"`
		Postcode string `json:"postcode"`
		District string `json:"district"`
	} `json:"results"`
	More bool `json:"more"`
}

func apiSearch(t *testing.T, srv *web.Server, q string, limit int) searchAnswer {
	t.Helper()
	rec := get(t, srv, fmt.Sprintf("/api/v1/addresses/search?limit=%d&q=%s", limit, url.QueryEscape(q)))
	if rec.Code != 200 {
		t.Fatalf("search %q: %d %s", q, rec.Code, rec.Body)
	}
	var a searchAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSearchPlaceRankDistrict(t *testing.T) {
	srv := searchServer(t)

	// Seven "Am Bach 1" first, each with its Ortsteil, then 1a, then 10
	// (not "Am Bacher Weg 1": the query's words are matched as typed).
	a := apiSearch(t, srv, "am bach 1", 20)
	var got []string
	for _, r := range a.Results {
		got = append(got, r.Label+" | "+r.District)
	}
	want := []string{}
	for i := range 7 {
		want = append(want, fmt.Sprintf("Am Bach 1, 5106%d Köln | Ortsteil %d", i, i+1))
	}
	want = append(want, "Am Bach 1a, 51065 Köln | Ortsteil 6", "Am Bach 10, 51065 Köln | Ortsteil 6")
	if strings.Join(got, "\n") != strings.Join(want, "\n") || a.More {
		t.Errorf("am bach 1 (more %v):\n%s\nwant\n%s", a.More, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	for _, tc := range []struct {
		q     string
		first string
		n     int
	}{
		{"Am Bach 1, 51065 Köln", "Am Bach 1, 51065 Köln", 3},
		{"Am Bach 1 51065", "Am Bach 1, 51065 Köln", 3},
		{"am bach 1, 51063", "Am Bach 1, 51063 Köln", 1},
		{"Am Bach 1, koeln", "Am Bach 1, 51060 Köln", 9},
		{"Am Bach 1, Bonn", "", 0},
		{"Am Bach 1, 12345 Köln", "", 0},
	} {
		a := apiSearch(t, srv, tc.q, 20)
		if len(a.Results) != tc.n || (tc.n > 0 && a.Results[0].Label != tc.first) {
			t.Errorf("%q: %d results %+v, want %d starting %q", tc.q, len(a.Results), a.Results, tc.n, tc.first)
		}
		for _, r := range a.Results {
			if strings.Contains(tc.q, "5106") && !strings.Contains(tc.q, r.Postcode) {
				t.Errorf("%q found %s outside the postcode", tc.q, r.Label)
			}
		}
	}

	// More than the limit: the API says so.
	if a := apiSearch(t, srv, "lange str", 10); len(a.Results) != 10 || !a.More {
		t.Errorf("lange str: %d results, more %v; want 10 and more", len(a.Results), a.More)
	}
	if a := apiSearch(t, srv, "lange str 6", 10); a.More || len(a.Results) != 2 || a.Results[0].Label != "Lange Straße 6, 51061 Köln" {
		t.Errorf("lange str 6: %+v more %v", a.Results, a.More)
	}
}

func TestSearchPageHonest(t *testing.T) {
	srv := searchServer(t)
	for _, tc := range []struct {
		name, path string
		want, not  []string
	}{
		{"more than 50", "/suche?q=lange+stra%C3%9Fe", []string{"Mehr als 50 Treffer – bitte genauer suchen", "Die ersten 50:"}, []string{"50 Treffer für"}},
		{"district in every line", "/suche?q=am+bach+1", []string{"· Ortsteil Ortsteil 3</span>", "9 Treffer für"}, []string{"Mehr als"}},
		{"place", "/suche?q=Am+Bach+1%2C+51064+K%C3%B6ln", []string{"Am Bach 1, 51064 Köln", "1 Treffer für"}, []string{"51063"}},
		{"none with tips", "/suche?q=gibtsnichtweg", []string{"Keine Adresse gefunden.", "Lassen Sie die Hausnummer weg", "Breitbandbüro"}, nil},
		{"english", "/suche?q=lange+stra%C3%9Fe&lang=en", []string{"More than 50 results"}, []string{"Mehr als"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, srv, tc.path)
			body := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("%d", rec.Code)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(body, w) {
					t.Errorf("page has %q", w)
				}
			}
		})
	}
}
