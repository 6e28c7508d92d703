package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/reports"
	"gigaplan/web"
)

// TestFundingAcrossSurfaces writes the funding workbook and the address
// export of one area with a market survey (Nord: the survey's horizon is
// 5 years, the rule set's default 3) on the command line and on the
// office's reports page, and checks that both surfaces write the same:
// every sheet of the workbook cell by cell (the survey's sheet and its
// horizon included), and the export's bytes.
func TestFundingAcrossSurfaces(t *testing.T) {
	c := exportFixture(t) // Nord with survey 1 (5 years) and the operators' supply
	dir := t.TempDir()
	// A build planned in four years at Königsträßle 4 b (Nord, no other
	// report): eligible by the rule set's 3 years, not by the survey's 5.
	planned := filepath.Join(dir, "kabel.csv")
	if err := os.WriteFile(planned, []byte("Strasse;HNr;Zusatz;PLZ;Download;Upload;Technologie;Betreiber;geplant_betreiber;geplant_bis\n"+
		"Königsträßle;4;b;77654;16;1;ADSL;Kabel Nord;Kabel Nord;"+time.Now().AddDate(4, 0, 0).Format("02.01.2006")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.mustRun("import", "supply", "--operator", "Kabel Nord", planned)
	cliBook := filepath.Join(dir, "cli.xlsx")
	c.mustRun("report", "funding", "--out", cliBook, "--area", "Nord")
	cliCSV := filepath.Join(dir, "cli.csv")
	c.mustRun("export", "addresses", "--format", "csv", "--area", "Nord", "--out", cliCSV)

	ctx := context.Background()
	st, err := sqlite.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := web.New(web.Config{Users: st, Tokens: st, Supply: st}, st, &campaigns.Service{Geo: st, Store: st, Funding: st})
	office := officeClient{srv, officeSession(t, st)}
	get := func(path string) []byte { return office.get(t, path, true) }
	nord, err := st.AreaByName(ctx, geo.KindDistrict, "Nord")
	if err != nil {
		t.Fatal(err)
	}

	// The reports page offers the survey.
	if page := string(get("/buero/berichte")); !strings.Contains(page, `name="markterkundung"`) || !strings.Contains(page, ">die neueste der Projektgebiete<") {
		t.Errorf("reports page lacks the choice of the market survey")
	}

	cliX, err := excelize.OpenFile(cliBook)
	if err != nil {
		t.Fatal(err)
	}
	defer cliX.Close()
	for _, q := range []string{"", "&markterkundung=1"} {
		webX, err := excelize.OpenReader(strings.NewReader(string(get(fmt.Sprintf("/buero/berichte/foerderantrag?gebiet=%d%s", nord.ID, q)))))
		if err != nil {
			t.Fatal(err)
		}
		sameSheets(t, q, webX, cliX)
		if !slices.Contains(webX.GetSheetList(), reports.FundingSheetSurvey) {
			t.Errorf("%q: no sheet %s", q, reports.FundingSheetSurvey)
		}
		cover, _ := webX.GetRows(reports.FundingSheetCover)
		if !strings.Contains(fmt.Sprint(cover), "5 Jahre") {
			t.Errorf("%q: the cover lacks the survey's horizon of 5 years", q)
		}
		webX.Close()
	}

	// Süd gets a survey of its own: a workbook of both areas reads one
	// survey, so both surfaces refuse them without a choice, each saying
	// how to choose there, and write the same with survey 1 chosen.
	c.mustRun("survey", "add", "--area", "Süd", "--from", "2026-01-05", "--to", "2026-02-16", "--horizon", "4y")
	c.mustRun("supply", "import", "--survey", "2", "--operator", "Telekom", "testdata/supply.csv")
	sued, err := st.AreaByName(ctx, geo.KindDistrict, "Süd")
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errs := c.run("report", "funding", "--out", filepath.Join(dir, "beide.xlsx"), "--area", "Nord", "--area", "Süd"); code != 1 ||
		!strings.Contains(errs, "verschiedene Markterkundungen") || !strings.Contains(errs, "--survey NR wählen") {
		t.Errorf("command line, Nord and Süd: exit %d, %s", code, errs)
	}
	rec := office.do(fmt.Sprintf("/buero/berichte/foerderantrag?gebiet=%d&gebiet=%d", nord.ID, sued.ID), true)
	if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "verschiedene Markterkundungen") ||
		!strings.Contains(body, "unter „Markterkundung“ eine wählen") {
		t.Errorf("office, Nord and Süd: %d\n%s", rec.Code, body)
	}
	both := filepath.Join(dir, "beide.xlsx")
	c.mustRun("report", "funding", "--out", both, "--area", "Nord", "--area", "Süd", "--survey", "1")
	bothX, err := excelize.OpenFile(both)
	if err != nil {
		t.Fatal(err)
	}
	defer bothX.Close()
	webBoth, err := excelize.OpenReader(strings.NewReader(string(get(fmt.Sprintf("/buero/berichte/foerderantrag?gebiet=%d&gebiet=%d&markterkundung=1", nord.ID, sued.ID)))))
	if err != nil {
		t.Fatal(err)
	}
	defer webBoth.Close()
	sameSheets(t, "Nord and Süd, survey 1", webBoth, bothX)

	want, err := os.ReadFile(cliCSV)
	if err != nil {
		t.Fatal(err)
	}
	if got := get(fmt.Sprintf("/buero/berichte/adressen?gebiet=%d&format=csv-gis", nord.ID)); string(got) != string(want) {
		t.Errorf("address export of Nord: web and command line differ\nweb:\n%s\ncommand line:\n%s", got, want)
	}
}

// sameSheets fails unless workbook web holds the sheets of cli, each with
// the same cells (as stored).
func sameSheets(t *testing.T, what string, web, cli *excelize.File) {
	t.Helper()
	if got, want := web.GetSheetList(), cli.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("%s: web sheets %v, command line %v", what, got, want)
	}
	for _, sh := range cli.GetSheetList() {
		want, err := cli.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := web.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i := range max(len(got), len(want)) {
			var g, w []string
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if !slices.Equal(g, w) {
				t.Errorf("%s: sheet %s row %d:\nweb:          %q\ncommand line: %q", what, sh, i+1, g, w)
			}
		}
	}
}
