package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
	"gigaplan/web"
)

const contentXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// wantDownload checks a download's status, type and file name.
func wantDownload(t *testing.T, rec *httptest.ResponseRecorder, ctype, disposition string) []byte {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d\n%s", rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Content-Type"); got != ctype {
		t.Errorf("Content-Type %q, want %q", got, ctype)
	}
	if got := rec.Header().Get("Content-Disposition"); got != disposition {
		t.Errorf("Content-Disposition %q, want %q", got, disposition)
	}
	return rec.Body.Bytes()
}

// sheetHas reports whether some cell of the sheet equals want.
func sheetHas(t *testing.T, f *excelize.File, sheet, want string) bool {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	for _, r := range rows {
		for _, c := range r {
			if c == want {
				return true
			}
		}
	}
	return false
}

func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReportsPage(t *testing.T) {
	f := newOfficeFixture(t)
	vera := f.browser(t, "192.0.2.90")
	vera.mustLogin("vera")
	rec := vera.get("/buero/berichte")
	wantBody(t, rec, http.StatusOK, "Berichte und Exporte", "Sachstand für den Gemeinderat", "Förderantrag", "Gigabit-Richtlinie 2.0 des Bundes (Fassung 13.01.2025)", "VwV Gigabitmitfinanzierung Baden-Württemberg", `name="zeithorizont"`,
		"Adressen", "Gebiete", "Serienbrief", `value="`+f.areaID(t, "Nord")+`"`)
	if strings.Contains(rec.Body.String(), `value="gpkg"`) {
		t.Error("GeoPackage offered without a writer")
	}
}

func TestCouncilDownload(t *testing.T) {
	f := newOfficeFixture(t)
	vera := f.browser(t, "192.0.2.91")
	vera.mustLogin("vera")

	b := wantDownload(t, vera.get("/buero/berichte/sachstand"), contentXLSX, `attachment; filename="Sachstand-2026-02-02.xlsx"`)
	x := openXLSX(t, b)
	for _, want := range []string{"DG", "Nord", "Süd", "Glasfaser Süd"} {
		if !sheetHas(t, x, reports.SheetCampaigns, want) {
			t.Errorf("sheet %s lacks %q", reports.SheetCampaigns, want)
		}
	}
	if v, err := x.GetCellValue(reports.SheetCampaigns, "A1"); err != nil || v == "" {
		t.Errorf("A1 of %s: %q %v", reports.SheetCampaigns, v, err)
	}

	// A past Stand and the change columns since an earlier report.
	b = wantDownload(t, vera.get("/buero/berichte/sachstand?stand=20.01.2026&seit=2026-01-13"), contentXLSX, `attachment; filename="Sachstand-2026-01-20.xlsx"`)
	x = openXLSX(t, b)
	if !sheetHas(t, x, reports.SheetCampaigns, "DG") {
		t.Errorf("workbook as of 20.01.2026 lacks DG")
	}

	for _, tt := range []struct {
		name, query string
		want        []string
	}{
		{"bad date", "?stand=gestern", []string{"„gestern“ ist kein Datum", `value="gestern"`}},
		{"future", "?stand=2026-03-01", []string{"nicht in der Zukunft"}},
		{"since after stand", "?stand=2026-01-20&seit=2026-01-25", []string{"Der vorige Bericht (25.01.2026) muss vor dem Stand (20.01.2026) liegen."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := vera.get("/buero/berichte/sachstand" + tt.query)
			wantBody(t, rec, http.StatusUnprocessableEntity, append([]string{"Die Datei konnte nicht erstellt werden"}, tt.want...)...)
			if strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
				t.Error("error page sent as a download")
			}
		})
	}
	es := f.auditOf(t, campaigns.AuditDownload)
	if len(es) != 2 || es[0].User != "vera" || es[0].Detail != "Sachstand-2026-01-20.xlsx" {
		t.Errorf("audit: %+v", es)
	}
}

func TestFundingDownload(t *testing.T) {
	f := newOfficeFixture(t)
	vera := f.browser(t, "192.0.2.92")
	vera.mustLogin("vera")
	nord := f.areaID(t, "Nord")
	// The fixture has no supply data: no market survey, refused unless
	// asked for without one.
	wantBody(t, vera.get("/buero/berichte/foerderantrag?gebiet="+nord+"&regeln=grau-2021"), http.StatusUnprocessableEntity,
		"Förderantrag: für Nord liegt keine Markterkundung vor")
	b := wantDownload(t, vera.get("/buero/berichte/foerderantrag?gebiet="+nord+"&regeln=grau-2021&ohne_markterkundung=1&kontakt=Frau+Muster"), contentXLSX,
		`attachment; filename="Foerderantrag-Nord-2026-02-02.xlsx"; filename*=UTF-8''F%C3%B6rderantrag-Nord-2026-02-02.xlsx`)
	x := openXLSX(t, b)
	for _, want := range []string{"Hauptstraße", "Nord"} {
		if !sheetHas(t, x, reports.FundingSheetAddresses, want) {
			t.Errorf("sheet %s lacks %q", reports.FundingSheetAddresses, want)
		}
	}
	if sheetHas(t, x, reports.FundingSheetAddresses, "Mühlenweg") {
		t.Error("an address of Süd is in Nord's list")
	}
	for _, want := range []string{"Ohne Markterkundung: Förderfähigkeit nicht belegt", "Frau Muster"} {
		if !sheetHas(t, x, reports.FundingSheetCover, want) {
			t.Errorf("cover lacks %q", want)
		}
	}
	if sheetHas(t, x, reports.FundingSheetAddresses, "förderfähig: keine Versorgung gemeldet") {
		t.Error("without a market survey, an address reads as eligible for lack of reports")
	}
	if idx, _ := x.GetSheetIndex(reports.FundingSheetCost); idx >= 0 {
		t.Error("a cost sheet without a cost")
	}

	// With a cost per connection and shares, the cost sheet.
	b = wantDownload(t, vera.get("/buero/berichte/foerderantrag?gebiet="+nord+"&kosten=2.500&anteile=50/40/10&zeithorizont=5&ohne_markterkundung=1"), contentXLSX,
		`attachment; filename="Foerderantrag-Nord-2026-02-02.xlsx"; filename*=UTF-8''F%C3%B6rderantrag-Nord-2026-02-02.xlsx`)
	x = openXLSX(t, b)
	if !sheetHas(t, x, reports.FundingSheetCover, "5 Jahre") {
		t.Errorf("cover of a survey with a 5-year horizon lacks it")
	}
	if idx, err := x.GetSheetIndex(reports.FundingSheetCost); err != nil || idx < 0 {
		t.Errorf("no cost sheet: %d %v", idx, err)
	}

	for _, tt := range []struct {
		name, query, want string
	}{
		{"bad cost", "?gebiet=" + nord + "&kosten=viel", "„viel“ ist kein Betrag in Euro"},
		{"shares not 100", "?gebiet=" + nord + "&kosten=2500&anteile=50/40/20", "Die Anteile ergeben 110 %, nicht 100 %."},
		{"two shares", "?gebiet=" + nord + "&kosten=2500&anteile=50/50", "Bitte drei Anteile"},
		{"horizon outside the rule's range", "?gebiet=" + nord + "&zeithorizont=8", "Zeithorizont 8 Jahre liegt nicht zwischen 3 und 7 Jahren (Regelsatz gigabit-2025)."},
		{"horizon not a number", "?gebiet=" + nord + "&zeithorizont=fünf", "Bitte den Zeithorizont in ganzen Jahren angeben"},
		{"shares not a split of the BW co-funding rule", "?gebiet=" + nord + "&regeln=bw-gigabitmitfinanzierung-2023&kosten=2500&anteile=50/30/20",
			"sieht der Regelsatz bw-gigabitmitfinanzierung-2023 nicht vor"},
		{"no area", "", "Bitte mindestens ein Projektgebiet wählen."},
		{"unknown area", "?gebiet=999", "Dieses Gebiet gibt es nicht."},
		{"unknown rules", "?gebiet=" + nord + "&regeln=frei", "Bitte ein Regelwerk aus der Liste wählen."},
		{"unknown survey", "?gebiet=" + nord + "&markterkundung=99", "Bitte eine Markterkundung aus der Liste wählen."},
		{"survey not a number", "?gebiet=" + nord + "&markterkundung=neueste", "Bitte eine Markterkundung aus der Liste wählen."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantBody(t, vera.get("/buero/berichte/foerderantrag"+tt.query), http.StatusUnprocessableEntity, tt.want)
		})
	}
}

func TestExportDownloads(t *testing.T) {
	f := newOfficeFixture(t)
	vera := f.browser(t, "192.0.2.93")
	vera.mustLogin("vera")
	nord := f.areaID(t, "Nord")

	// The default CSV is for German Excel: BOM, ';', German headers.
	b := wantDownload(t, vera.get("/buero/berichte/adressen"), "text/csv; charset=utf-8", `attachment; filename="Adressen-2026-02-02.csv"`)
	if !bytes.HasPrefix(b, []byte(reports.ExcelBOM)) {
		t.Errorf("Excel CSV without BOM: %q", b[:min(len(b), 20)])
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(reports.ExcelBOM))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || strings.Join(recs[0][:5], ",") != "ID,Adressschlüssel,AGS,Gemeinde,Straße" {
		t.Errorf("addresses CSV: %d rows, header %v", len(recs), recs[0])
	}
	// The GIS CSV: comma, English column names.
	g := wantDownload(t, vera.get("/buero/berichte/adressen?format=csv-gis"), "text/csv; charset=utf-8", `attachment; filename="Adressen-2026-02-02-GIS.csv"`)
	gis, err := csv.NewReader(bytes.NewReader(g)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(gis) != 4 || strings.Join(gis[0][:5], ",") != "id,key,ags,municipality,street" {
		t.Errorf("GIS CSV: %d rows, header %v", len(gis), gis[0])
	}
	// Every address lies in the fixture's Musterstadt: its AGS and name.
	for _, r := range recs[1:] {
		if r[2] != "08317999" || r[3] != "Musterstadt" {
			t.Errorf("address row %v: want the municipality's AGS and name", r[:5])
		}
	}

	b = wantDownload(t, vera.get("/buero/berichte/adressen?format=geojson&gebiet="+nord), "application/geo+json",
		`attachment; filename="Adressen-Nord-2026-02-02.geojson"`)
	var fc struct {
		Type     string
		Features []struct {
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil || fc.Type != "FeatureCollection" || len(fc.Features) != 2 || fc.Features[0].Properties["district"] != "Nord" {
		t.Errorf("addresses GeoJSON: %v %+v", err, fc)
	}

	b = wantDownload(t, vera.get("/buero/berichte/gebiete?art=district"), "application/geo+json",
		`attachment; filename="Gebiete-Ortsteile-2026-02-02.geojson"`)
	if err := json.Unmarshal(b, &fc); err != nil || len(fc.Features) != 2 {
		t.Errorf("areas GeoJSON: %v %d features", err, len(fc.Features))
	}

	b = wantDownload(t, vera.get("/buero/berichte/serienbrief?gebiet="+nord), "text/csv; charset=utf-8",
		`attachment; filename="Serienbrief-Nord-2026-02-02.csv"`)
	lines := strings.Split(strings.TrimSpace(string(b)), "\r\n")
	if len(lines) != 3 || lines[0] != "\uFEFFAnrede;Straße und Hausnummer;PLZ und Ort;Ortsteil" || lines[1] != "An die Bewohner;Hauptstraße 12a;77654 Musterstadt;Nord" {
		t.Errorf("mail merge: %q", lines)
	}

	for _, tt := range []struct {
		name, path, want string
	}{
		{"gpkg without writer", "/buero/berichte/adressen?format=gpkg", "Bitte ein Format aus der Liste wählen."},
		{"unknown format", "/buero/berichte/adressen?format=xls", "Bitte ein Format aus der Liste wählen."},
		{"unknown area", "/buero/berichte/adressen?gebiet=abc", "Dieses Gebiet gibt es nicht."},
		{"unknown kind", "/buero/berichte/gebiete?art=planet", "Bitte eine Gebietsart aus der Liste wählen."},
		{"areas gpkg without writer", "/buero/berichte/gebiete?format=gpkg", "Bitte ein Format aus der Liste wählen."},
		{"mail merge without area", "/buero/berichte/serienbrief", "Bitte genau ein Gebiet wählen."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantBody(t, vera.get(tt.path), http.StatusUnprocessableEntity, tt.want, "field-error")
		})
	}
	if es := f.auditOf(t, campaigns.AuditDownload); len(es) != 5 {
		t.Errorf("%d downloads in the audit log, want 5", len(es))
	}
}

func TestGPKGDownload(t *testing.T) {
	f := newOfficeFixture(t)
	// A stand-in for data/gpkg: the web only hands over layer and rows and
	// streams the file back.
	var paths []string
	fake := func(path string, l web.GPKGLayer, features iter.Seq2[web.GPKGFeature, error]) error {
		paths = append(paths, path)
		n := 0
		for ft, err := range features {
			if err != nil {
				return err
			}
			if len(ft.Values) != len(l.Columns) {
				return fmt.Errorf("%d values for %d columns", len(ft.Values), len(l.Columns))
			}
			n++
		}
		return os.WriteFile(path, fmt.Appendf(nil, "%s %s %d", l.Name, l.GeometryType, n), 0o600)
	}
	svc := &campaigns.Service{Geo: f.st, Store: f.st, Now: func() time.Time { return f.now }}
	srv := web.New(web.Config{Users: f.st, WriteGPKG: fake}, f.st, svc)
	vera := &browser{t: t, h: srv, ip: "192.0.2.94", cookies: map[string]string{}, header: http.Header{}}
	vera.mustLogin("vera")
	if !strings.Contains(vera.get("/buero/berichte").Body.String(), `value="gpkg"`) {
		t.Error("GeoPackage not offered")
	}
	rec := vera.get("/buero/berichte/adressen?format=gpkg")
	if b := wantDownload(t, rec, "application/geopackage+sqlite3", `attachment; filename="Adressen-2026-02-02.gpkg"`); string(b) != "addresses POINT 3" {
		t.Errorf("GeoPackage: %q", b)
	}
	if rec.Header().Get("Content-Length") != "17" {
		t.Errorf("Content-Length %q", rec.Header().Get("Content-Length"))
	}
	b := wantDownload(t, vera.get("/buero/berichte/gebiete?format=gpkg"), "application/geopackage+sqlite3", `attachment; filename="Gebiete-2026-02-02.gpkg"`)
	if string(b) != "areas MULTIPOLYGON 3" { // the municipality and its two districts
		t.Errorf("GeoPackage: %q", b)
	}
	for _, p := range paths {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("temporary file %s left behind: %v", p, err)
		}
	}
}

func TestDownloadFileNames(t *testing.T) {
	f := newOfficeFixture(t)
	ctx := context.Background()
	if _, err := f.st.ImportAreas(ctx, geo.Values([]geo.Area{{Kind: geo.KindZone, Name: "Café-Viertel / Süd 2",
		Geometry: orb.MultiPolygon{{{{7.90, 48.44}, {7.95, 48.44}, {7.95, 48.47}, {7.90, 48.47}, {7.90, 48.44}}}}}})); err != nil {
		t.Fatal(err)
	}
	a, err := f.st.AreaByName(ctx, geo.KindZone, "Café-Viertel / Süd 2")
	if err != nil {
		t.Fatal(err)
	}
	vera := f.browser(t, "192.0.2.95")
	vera.mustLogin("vera")
	rec := vera.get(fmt.Sprintf("/buero/berichte/serienbrief?gebiet=%d", a.ID))
	wantDownload(t, rec, "text/csv; charset=utf-8",
		`attachment; filename="Serienbrief-Caf_-Viertel___Sued_2-2026-02-02.csv"; filename*=UTF-8''Serienbrief-Caf%C3%A9-Viertel___S%C3%BCd_2-2026-02-02.csv`)
}
