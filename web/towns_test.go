package web_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/web"
)

// mustTowns loads testdata/towns/gemeinden.json: Musterstadt (08317999)
// with a host name, a logo, a contact and its legal pages.
func mustTowns(t *testing.T) []web.TownInfo {
	t.Helper()
	towns, err := web.LoadTowns(filepath.Join("testdata", "towns", "gemeinden.json"))
	if err != nil {
		t.Fatal(err)
	}
	return towns
}

func TestLoadTownsErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("bild.gif", "GIF89a....")
	write("gross.svg", "<svg>"+strings.Repeat(" ", 300<<10)+"</svg>")
	tests := []struct{ json, want string }{
		{`{"ags":"08317999"}`, "erwartet: eine Liste"},
		{`[{"ags":"8317999"}]`, "Eintrag 1 (8317999): ags muss der achtstellige"},
		{`[{"ags":"08317999"},{"ags":"08317999"}]`, "Eintrag 2 (08317999): ags steht zweimal"},
		{`[{"ags":"08317999","imprint":"javascript:alert(1)"}]`, "imprint muss eine http(s)-Adresse sein"},
		{`[{"ags":"08317999","email":"rathaus"}]`, `email "rathaus" ist keine E-Mail-Adresse`},
		{`[{"ags":"08317999","logo":"fehlt.svg"}]`, "logo: stat"},
		{`[{"ags":"08317999","logo":"bild.gif"}]`, "weder SVG noch PNG noch JPEG"},
		{`[{"ags":"08317999","logo":"gross.svg"}]`, "größer als 256 KiB"},
		{`[{"ags":"08317999","wappen":"x.svg"}]`, `unknown field "wappen"`},
	}
	for _, tt := range tests {
		p := write("gemeinden.json", tt.json)
		_, err := web.LoadTowns(p)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "gemeinden.json") {
			t.Errorf("%s: %v, want an error naming the file and %q", tt.json, err, tt.want)
		}
	}
}

// TestTownPages: / offers the municipalities; /{ags} and the town's host
// name serve its page with its name, logo, contact and legal pages, and
// search only its addresses; an address's answer carries its town.
func TestTownPages(t *testing.T) {
	m := newMuniFixture(t)
	towns := mustTowns(t)
	// The fixture's towns are Westheim and Osthausen: give Westheim the
	// configured page.
	towns[0].AGS = westAGS
	st := m.m.f.st
	srv := web.New(web.Config{Towns: towns}, st, &campaigns.Service{Geo: st, Store: st})
	get := func(host, path string) (int, string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if host != "" {
			req.Host = host
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code, html.UnescapeString(rec.Body.String())
	}
	tests := []struct {
		name, host, path string
		status           int
		want, not        []string
	}{
		{"county start page", "", "/", 200,
			[]string{`<a href="/` + westAGS + `">Stadt Musterstadt</a>`, `<a href="/` + ostAGS + `">Osthausen</a>`}, []string{`name="gemeinde"`}},
		{"town page", "", "/" + westAGS, 200, []string{
			"<title>Glasfaser an meiner Adresse? – Stadt Musterstadt</title>", `<img class="logo" src="/` + westAGS + `/wappen"`,
			`<input type="hidden" name="gemeinde" value="` + westAGS + `">`, "Rathaus, Marktplatz 1", `href="mailto:breitband@musterstadt.example"`,
			`<a href="tel:0781123456">0781 123-456</a>`, `<a href="https://www.musterstadt.example/impressum">Impressum</a>`,
			`<a href="https://www.musterstadt.example/datenschutz">Datenschutz</a>`, "Barrierefreiheit",
			`data-areas="/api/v1/areas?kind=municipality&gemeinde=` + westAGS + `"`}, []string{"Osthausen"}},
		{"town without settings", "", "/" + ostAGS, 200, []string{"Glasfaser an meiner Adresse? – Osthausen", `value="` + ostAGS + `"`},
			[]string{"Impressum", "wappen"}},
		{"host name", "breitband.musterstadt.example:443", "/", 200, []string{"Stadt Musterstadt", `value="` + westAGS + `"`}, nil},
		{"unknown AGS", "", "/08317000", 404, []string{"Nicht gefunden"}, nil},
		{"not an AGS", "", "/rathaus", 404, nil, nil},
		{"search in the town", "", "/suche?q=Hauptstra%C3%9Fe&gemeinde=" + westAGS, 200, []string{"Hauptstraße 12", "Hauptstraße 14"}, []string{"Ostring"}},
		{"same search elsewhere", "", "/suche?q=Ostring&gemeinde=" + westAGS, 200, []string{"Keine Adresse gefunden"}, []string{"Ostring 1,"}},
		{"search everywhere", "", "/suche?q=Ostring", 200, []string{"Ostring 1", "Ostring 2"}, nil},
		{"search on the town's host", "breitband.musterstadt.example", "/suche?q=Ostring", 200, []string{"Keine Adresse gefunden"}, nil},
		{"search in an unknown town", "", "/suche?q=Ostring&gemeinde=08317000", 404, nil, nil},
		{"logo", "", "/" + westAGS + "/wappen", 200, []string{"<svg"}, nil},
		{"no logo", "", "/" + ostAGS + "/wappen", 404, nil, nil},
		{"API search in the town", "", "/api/v1/addresses/search?q=ostring&gemeinde=" + ostAGS, 200, []string{"Ostring 1"}, []string{"Hauptstraße"}},
		{"API search, town without it", "", "/api/v1/addresses/search?q=ostring&gemeinde=" + westAGS, 200, []string{`"results":[]`}, nil},
		{"API search, unknown town", "", "/api/v1/addresses/search?q=ostring&gemeinde=08317000", 404, []string{"keine Gemeinde"}, nil},
	}
	for _, tt := range tests {
		code, body := get(tt.host, tt.path)
		if code != tt.status {
			t.Errorf("%s: GET %s: %d, want %d\n%.400s", tt.name, tt.path, code, tt.status, body)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: GET %s lacks %q", tt.name, tt.path, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(body, n) {
				t.Errorf("%s: GET %s shows %q", tt.name, tt.path, n)
			}
		}
	}
	// The logo is served so that an SVG's script could not run.
	req := httptest.NewRequest(http.MethodGet, "/"+westAGS+"/wappen", nil)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if ct, csp := rec.Header().Get("Content-Type"), rec.Header().Get("Content-Security-Policy"); ct != "image/svg+xml" || !strings.Contains(csp, "sandbox") {
		t.Errorf("logo: %s, CSP %q", ct, csp)
	}

	// An address's answer names its town and carries the town's page.
	addrs, _ := firstAddresses(t, m.m.f.st)
	for _, a := range addrs {
		code, body := get("", "/adresse/"+itoa(a.ID))
		town := "Osthausen"
		if a.City == "Westheim" {
			town = "Stadt Musterstadt"
		}
		if code != 200 || !strings.Contains(body, "– Glasfaser an meiner Adresse? – "+town+"</title>") {
			t.Errorf("address %s: %d, title lacks %s", a.Label(), code, town)
		}
	}
}

func TestTownContact(t *testing.T) {
	towns := []web.TownInfo{
		{AGS: "08317096", Contact: "Stabsstelle Breitband\n  Hauptstraße 90\n\n77652 Offenburg", Phone: "0781 82-0", Email: "breitband@offenburg.de"},
		{AGS: "08317001", Email: "info@westheim.de"},
	}
	for _, tt := range []struct{ ags, want string }{
		{"08317096", "Stabsstelle Breitband · Hauptstraße 90 · 77652 Offenburg · 0781 82-0 · breitband@offenburg.de"},
		{"08317001", "info@westheim.de"},
		{"08317999", ""},
		{"", ""},
	} {
		if got := web.TownContact(towns, tt.ags); got != tt.want {
			t.Errorf("TownContact(%q) = %q, want %q", tt.ags, got, tt.want)
		}
	}
}
