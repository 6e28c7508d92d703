package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/web"
)

type part struct{ name, value string }

// upload posts a multipart form: the fields in order, then the file (if
// fileName is not empty). Unknown length: the body is sent without a
// Content-Length, as a chunked request.
func (b *browser) upload(fields []part, fileName, content string, unknownLength bool) *httptest.ResponseRecorder {
	b.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range fields {
		w.WriteField(f.name, f.value)
	}
	if fileName != "" {
		fw, _ := w.CreateFormFile("file", fileName)
		io.WriteString(fw, content)
	}
	w.Close()
	var body io.Reader = bytes.NewReader(buf.Bytes())
	if unknownLength {
		body = io.MultiReader(body) // hides the length from httptest
	}
	req := httptest.NewRequest(http.MethodPost, "/buero/import", body)
	if unknownLength {
		req.ContentLength = -1
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

const (
	addressesCSV = "strasse;hnr;zusatz;plz;ort;lon;lat;we;betriebe\n" +
		"Lindenstraße;1;;77654;Musterstadt;7,921;48,481;2;0\n" +
		"Lindenstraße;2;;77654;Musterstadt;7,922;48,482;2;0\n"
	addressesBadLast = addressesCSV + "Lindenstraße;3;;77654;Musterstadt;sieben;48,483;2;0\n"
	districtsGeoJSON = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"bez":"Oberdorf"},"geometry":{"type":"Polygon","coordinates":[[[7.90,48.50],[7.95,48.50],[7.95,48.52],[7.90,48.52],[7.90,48.50]]]}}]}`
	supplyCSV     = "strasse;hnr;plz;download;upload\nHauptstraße;14;77654;16;1\nMühlenweg;3;77654;50;10\n"
	supplyBadLast = supplyCSV + "Mühlenweg;3;77654;schnell;1\n"
	signupsCSV    = "campaign;area;date;count\nDG;Nord;01.02.2026;3\nDG;Süd;01.02.2026;1\n"
	signupsBad    = "campaign;area;date;count\nDG;Nord;01.02.2026;3\nDG;Süd;01.02.2026;5\n"
)

func (f *officeFixture) counts(t *testing.T) (geo.Counts, int, int) {
	t.Helper()
	ctx := context.Background()
	c, err := f.st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sup, err := f.st.SupplyAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	camp, err := f.st.CampaignByName(ctx, "DG")
	if err != nil {
		t.Fatal(err)
	}
	es, err := f.st.Entries(ctx, camp.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c, len(sup), len(es)
}

func emptyDir(t *testing.T, dir string) {
	t.Helper()
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("upload files left behind: %v", left)
	}
}

func TestImportAccess(t *testing.T) {
	dir := t.TempDir()
	f := newAdminFixture(t, func(c *web.Config) { c.UploadDir = dir })
	anon := f.browser(t, "192.0.2.1")
	if rec := anon.get("/buero/import"); rec.Code != http.StatusSeeOther {
		t.Errorf("GET not logged in: %d", rec.Code)
	}
	if rec := anon.upload([]part{{"kind", "addresses"}}, "a.csv", addressesCSV, false); rec.Code != http.StatusSeeOther {
		t.Errorf("POST not logged in: %d", rec.Code)
	}
	vera := f.browser(t, "192.0.2.2")
	vera.mustLogin("vera")
	wantBody(t, vera.get("/buero/import"), http.StatusForbidden, "Berechtigung")
	vcsrf := csrfOf(t, vera, "/buero")
	wantBody(t, vera.upload([]part{{"csrf", vcsrf}, {"kind", "signups"}}, "s.csv", signupsCSV, false), http.StatusForbidden, "Berechtigung")

	erik := f.browser(t, "192.0.2.3")
	erik.mustLogin("erik")
	rec := erik.get("/buero/import")
	wantBody(t, rec, http.StatusOK, "Anmeldezahlen", `href="/buero/import"`)
	if strings.Contains(rec.Body.String(), `value="addresses"`) {
		t.Error("an editor is offered the address import")
	}
	ecsrf := csrfOf(t, erik, "/buero/import")
	for _, kind := range []string{"addresses", "areas", "supply"} {
		wantBody(t, erik.upload([]part{{"csrf", ecsrf}, {"kind", kind}, {"area_kind", "district"}}, "a.csv", addressesCSV, false),
			http.StatusForbidden, "Für diesen Import fehlt Ihnen die Berechtigung")
	}
	before, sup, ent := f.counts(t)
	if before.Addresses != 3 || sup != 0 || ent != 2 {
		t.Fatalf("fixture: %+v %d %d", before, sup, ent)
	}
	emptyDir(t, dir)
}

func TestImportUpload(t *testing.T) {
	dir := t.TempDir()
	f := newAdminFixture(t, func(c *web.Config) { c.UploadDir = dir; c.MaxUpload = 2048 })
	b := f.browser(t, "192.0.2.3")
	b.mustLogin("alma")
	wantBody(t, b.get("/buero/import"), http.StatusOK, "Adressen (HK-DE, CSV, XLSX, GeoJSON, Shapefile als ZIP", "Gebiete (GeoJSON, Shapefile als ZIP", "Nur prüfen", "Markterkundung", "Anmeldezahlen", "höchstens 2 KiB",
		`<select id="survey" name="survey">`, `<option value="1" selected>MEV 2026</option>`, `<datalist id="operators"><option value="Telekom"><option value="Vodafone"></datalist>`)
	csrf := csrfOf(t, b, "/buero/import")

	tests := []struct {
		name          string
		fields        []part
		file, content string
		unknownLength bool
		status        int
		want          []string
		// expected changes: addresses, districts, supply rows, sign-up entries
		addresses, districts, supply, entries int
		audit                                 string
	}{
		{name: "missing CSRF", fields: []part{{"kind", "addresses"}}, file: "a.csv", content: addressesCSV,
			status: 403, want: []string{"Sicherheitsprüfung"}},
		{name: "wrong CSRF", fields: []part{{"csrf", "falsch"}, {"kind", "addresses"}}, file: "a.csv", content: addressesCSV,
			status: 403, want: []string{"Sicherheitsprüfung"}},
		{name: "not multipart", status: 400, want: []string{"multipart/form-data"}},
		{name: "no file", fields: []part{{"csrf", csrf}, {"kind", "addresses"}}, status: 422, want: []string{"Bitte wählen Sie eine Datei"}},
		{name: "unknown kind", fields: []part{{"csrf", csrf}, {"kind", "steuern"}}, file: "a.csv", content: addressesCSV,
			status: 422, want: []string{"was importiert werden soll"}},
		{name: "bad CRS", fields: []part{{"csrf", csrf}, {"kind", "addresses"}, {"crs", "EPSG:1234"}}, file: "a.csv", content: addressesCSV,
			status: 422, want: []string{"Import abgebrochen", "EPSG:1234", "Nichts wurde gespeichert"}, audit: "alma import_failed"},
		{name: "bad area kind", fields: []part{{"csrf", csrf}, {"kind", "areas"}, {"area_kind", "land"}}, file: "o.geojson", content: districtsGeoJSON,
			status: 422, want: []string{"Art der Gebiete"}, audit: "alma import_failed"},
		{name: "too large", fields: []part{{"csrf", csrf}, {"kind", "addresses"}}, file: "gross.csv", content: addressesCSV + strings.Repeat("x", 4096),
			status: 413, want: []string{"Die Datei ist zu groß: höchstens 2 KiB"}},
		{name: "too large, streamed", fields: []part{{"csrf", csrf}, {"kind", "addresses"}}, file: "gross.csv", content: addressesCSV + strings.Repeat("x", 2100),
			unknownLength: true, status: 413, want: []string{"Die Datei ist zu groß"}},
		{name: "addresses, bad last line", fields: []part{{"csrf", csrf}, {"kind", "addresses"}}, file: "adressen.csv", content: addressesBadLast,
			status: 422, want: []string{"Import abgebrochen", "adressen.csv", "Zeile 4", "lon", "Nichts wurde gespeichert"}, audit: "alma import_failed"},
		{name: "addresses, only checked", fields: []part{{"csrf", csrf}, {"kind", "addresses"}, {"action", "check"}}, file: "adressen.csv", content: addressesCSV,
			status: 200, want: []string{"Prüfung: Adressen", "nichts wurde gespeichert", "adressen.csv: Format CSV, Koordinatensystem EPSG:4326, Zeichensatz UTF-8",
				"Adressen: 2 gelesen, 2 neu, 0 aktualisiert, 0 unverändert, 0 übersprungen", "Was sich in der Verschneidung ändert", "<td>Nord</td>"}},
		{name: "addresses that change a running campaign", fields: []part{{"csrf", csrf}, {"kind", "addresses"}}, file: "adressen.csv", content: addressesCSV,
			status: 422, want: []string{"Der Import ändert die Nenner von 1 Gebiet laufender", "Nenner laufender oder zugesagter Kampagnen", "<td>DG</td>", "Nichts wurde gespeichert"},
			audit: "alma import_failed"},
		{name: "addresses", fields: []part{{"csrf", csrf}, {"kind", "addresses"}, {"accept_changes", "1"}}, file: "adressen.csv", content: addressesCSV, unknownLength: true,
			status: 200, want: []string{"Import abgeschlossen", "adressen.csv: CSV, 2 Datensätze gelesen", "Gelesen: 2, neu: 2, aktualisiert: 0, übersprungen: 0", "; neu verortet: "},
			addresses: 2, audit: "alma import"},
		{name: "addresses again", fields: []part{{"csrf", csrf}, {"kind", "addresses"}}, file: "adressen.csv", content: addressesCSV,
			status: 200, want: []string{"neu: 0, aktualisiert: 2"}, audit: "alma import"},
		{name: "areas", fields: []part{{"csrf", csrf}, {"kind", "areas"}, {"area_kind", "district"}, {"name_field", "bez"}}, file: "ortsteile.geojson", content: districtsGeoJSON,
			status: 200, want: []string{"Import abgeschlossen", "Gebiete", "neu: 1"}, districts: 1, audit: "alma import"},
		{name: "areas, missing name field", fields: []part{{"csrf", csrf}, {"kind", "areas"}, {"area_kind", "district"}, {"name_field", "gibtsnicht"}}, file: "o.geojson", content: districtsGeoJSON,
			status: 422, want: []string{"Import abgebrochen", "Nichts wurde gespeichert"}, audit: "alma import_failed"},
		{name: "supply, bad last line", fields: []part{{"csrf", csrf}, {"kind", "supply"}}, file: "mev.csv", content: supplyBadLast,
			status: 422, want: []string{"mev.csv", "Zeile 4", "download", "Nichts wurde gespeichert"}, audit: "alma import_failed"},
		{name: "supply, nothing matches", fields: []part{{"csrf", csrf}, {"kind", "supply"}}, file: "mev.csv", content: "strasse;hnr;plz;download;upload\nNirgendwo;1;00000;16;1\n",
			status: 422, want: []string{"Keine Zeile", "nicht zugeordnet: 1", "Nirgendwo"}, audit: "alma import_failed"},
		{name: "supply without operator", fields: []part{{"csrf", csrf}, {"kind", "supply"}}, file: "mev.csv", content: supplyCSV,
			status: 422, want: []string{"Bitte geben Sie den Betreiber an", "Nichts wurde gespeichert"}, audit: "alma import_failed"},
		{name: "supply, unknown survey", fields: []part{{"csrf", csrf}, {"kind", "supply"}, {"survey", "99"}, {"operator", "Telekom"}}, file: "mev.csv", content: supplyCSV,
			status: 422, want: []string{"Markterkundung 99 gibt es nicht", "MEV 2026"}, audit: "alma import_failed"},
		{name: "supply", fields: []part{{"csrf", csrf}, {"kind", "supply"}, {"operator", "Telekom"}}, file: "mev.csv", content: supplyCSV,
			status: 200, want: []string{"Gelesen: 2, zugeordnet: 2", "Antwort von Telekom zur Markterkundung „MEV 2026“, Versorgungsdaten für 2 Adressen"}, supply: 2, audit: "alma import"},
		{name: "supply of a second operator", fields: []part{{"csrf", csrf}, {"kind", "supply"}, {"survey", "1"}, {"operator", "Vodafone"}}, file: "vf.csv",
			content: "strasse;hnr;plz;download;upload\nHauptstraße;14;77654;1000;50\n",
			status:  200, want: []string{"Antwort von Vodafone", "andere Betreiber unverändert"}, audit: "alma import"},
		{name: "signups, bad last row", fields: []part{{"csrf", csrf}, {"kind", "signups"}}, file: "zahlen.csv", content: signupsBad,
			status: 422, want: []string{"zahlen.csv:3", "größer als die Zahl der Haushalte", "Nichts wurde gespeichert"}, audit: "alma import_failed"},
		{name: "signups", fields: []part{{"csrf", csrf}, {"kind", "signups"}}, file: "zahlen.csv", content: signupsCSV,
			status: 200, want: []string{"2 Einträge übernommen"}, entries: 2, audit: "alma import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c0, s0, e0 := f.counts(t)
			audit0 := len(f.auditActions(t))
			var rec *httptest.ResponseRecorder
			if tt.fields == nil && tt.file == "" {
				rec = b.post("/buero/import", nil)
			} else {
				rec = b.upload(tt.fields, tt.file, tt.content, tt.unknownLength)
			}
			wantBody(t, rec, tt.status, tt.want...)
			c1, s1, e1 := f.counts(t)
			if c1.Addresses-c0.Addresses != tt.addresses || c1.Areas[geo.KindDistrict]-c0.Areas[geo.KindDistrict] != tt.districts ||
				s1-s0 != tt.supply || e1-e0 != tt.entries {
				t.Errorf("changes: addresses %d, districts %d, supply %d, entries %d; want %d %d %d %d",
					c1.Addresses-c0.Addresses, c1.Areas[geo.KindDistrict]-c0.Areas[geo.KindDistrict], s1-s0, e1-e0,
					tt.addresses, tt.districts, tt.supply, tt.entries)
			}
			acts := f.auditActions(t)
			if tt.audit != "" && (len(acts) != audit0+1 || acts[0] != tt.audit) {
				t.Errorf("audit %v, want %q first", acts, tt.audit)
			} else if tt.audit == "" && len(acts) != audit0 {
				t.Errorf("audit written: %v", acts[0])
			}
			emptyDir(t, dir)
		})
	}
	// Vodafone's answer kept Telekom's: one address has both.
	per, err := f.st.OperatorSupplyIn(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]int{}
	for _, ss := range per {
		for _, s := range ss {
			ops[s.AnsweredBy]++
		}
	}
	if ops["Telekom"] != 2 || ops["Vodafone"] != 1 {
		t.Errorf("rows per operator after two uploads: %v, want Telekom 2, Vodafone 1", ops)
	}
	es, err := f.st.Entries(context.Background(), f.mustCampaign(t).ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if last := es[len(es)-1]; last.EnteredBy != "alma" || last.Source != campaigns.SourceProvider {
		t.Errorf("imported entry %+v", last)
	}
	// Each import that wrote something is recorded with file, records and
	// who; the failed and the checked ones are not.
	is, ok := any(f.st).(geo.ImportStore)
	if !ok {
		t.Fatalf("%T records no imports", f.st)
	}
	ims, err := is.Imports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, im := range ims {
		got = append(got, fmt.Sprintf("%s %s %s %d %s %d", im.Kind, im.AreaKind, im.File, im.Rows, im.By, len(im.SHA256)))
	}
	want := []string{"supply  vf.csv 1 alma 64", "supply  mev.csv 2 alma 64", "areas district ortsteile.geojson 1 alma 64",
		"addresses  adressen.csv 2 alma 64", "addresses  adressen.csv 2 alma 64"}
	if !slices.Equal(got, want) {
		t.Errorf("imports recorded:\n%q\nwant\n%q", got, want)
	}
}
