package reports_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/reports"
)

// The -update flag rewrites the golden files. Other tests of this package
// (in package reports, initialised first) may define it already: share it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// today is the pinned date of the demo: the demo campaigns are loaded
// relative to it, and the workbook is drawn as of it.
var today = time.Date(2026, 7, 7, 9, 30, 0, 0, time.UTC)

// since is the previous report's date in the workbook under test.
var since = campaigns.Day(today).AddDate(0, 0, -14)

// demoFixture is the demo town in a SQLite store with its campaigns, and
// the council workbook drawn from it.
type demoFixture struct {
	svc  *campaigns.Service
	xlsx []byte
	err  error
}

var (
	fixtureOnce sync.Once
	fixture     demoFixture
)

// loadDemo loads the demo town and its campaigns into a new store in dir,
// as cmd/gigaplan's loadDemo does, with the service's clock pinned to
// today.
func loadDemo(ctx context.Context, dir string) (*campaigns.Service, error) {
	st, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		return nil, err
	}
	t := demo.New(demo.DefaultSeed)
	areas := []geo.Area{t.Municipality}
	areas = append(areas, t.Districts...)
	areas = append(areas, t.Zones...)
	areas = append(areas, t.BuildAreas...)
	if _, err := st.ImportAreas(ctx, geo.Values(areas)); err != nil {
		return nil, err
	}
	if _, err := st.ImportAddresses(ctx, geo.Values(t.Addresses)); err != nil {
		return nil, err
	}
	if _, err := (&geo.Service{Store: st}).Reassign(ctx); err != nil {
		return nil, err
	}
	svc := &campaigns.Service{Geo: st, Store: st, Now: func() time.Time { return today }}
	return svc, demo.LoadCampaigns(ctx, svc, t, today)
}

// councilFixture returns the demo service and the council workbook (with
// change columns since the pinned previous report), built once per test
// binary.
func councilFixture(t *testing.T) (*campaigns.Service, []byte) {
	t.Helper()
	fixtureOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gigaplan-council-")
		if err != nil {
			fixture.err = err
			return
		}
		// The store stays open for the test binary's life; the OS removes
		// nothing here, so clean up what we can at once after reading.
		ctx := context.Background()
		svc, err := loadDemo(ctx, dir)
		if err != nil {
			fixture.err = err
			return
		}
		var buf bytes.Buffer
		fixture.err = reports.Council(ctx, svc, reports.CouncilOptions{Since: since}, &buf)
		fixture.svc, fixture.xlsx = svc, buf.Bytes()
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.svc, fixture.xlsx
}

func openBook(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// column finds a header in a sheet's header row (row 2) and returns its
// column number.
func column(t *testing.T, f *excelize.File, sheet, header string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range rows[1] {
		if h == header {
			return i + 1
		}
	}
	t.Fatalf("sheet %s has no column %q in %q", sheet, header, rows[1])
	return 0
}

func ref(col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err)
	}
	return c
}

// raw returns a cell's stored value.
func raw(t *testing.T, f *excelize.File, sheet string, col, row int) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref(col, row), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func number(t *testing.T, f *excelize.File, sheet string, col, row int) float64 {
	t.Helper()
	v := raw(t, f, sheet, col, row)
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q: not a number", sheet, ref(col, row), v)
	}
	return x
}

// numFmt returns a cell's custom number format.
func numFmt(t *testing.T, f *excelize.File, sheet string, col, row int) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref(col, row))
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	if st.NumFmt != 0 {
		return fmt.Sprintf("builtin %d", st.NumFmt)
	}
	return ""
}

// rowsOf maps "campaign|area" to its row in a sheet, given the columns of
// campaign and area names.
func rowsOf(t *testing.T, f *excelize.File, sheet string, campaignCol, areaCol int) map[string]int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for i, r := range rows[2:] {
		if len(r) >= max(campaignCol, areaCol) {
			out[r[campaignCol-1]+"|"+r[areaCol-1]] = i + 3
		}
	}
	return out
}

func TestCouncilFigures(t *testing.T) {
	svc, b := councilFixture(t)
	f := openBook(t, b)
	ctx := context.Background()
	all, err := svc.Store.Campaigns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 {
		t.Fatalf("demo has %d campaigns, want 3", len(all))
	}
	s := reports.SheetCampaigns
	var (
		cCampaign  = column(t, f, s, "Kampagne")
		cArea      = column(t, f, s, "Gebiet")
		cDen       = column(t, f, s, "Haushalte / Unternehmen")
		cSigned    = column(t, f, s, "Verträge")
		cQuota     = column(t, f, s, "Quote")
		cNeeded    = column(t, f, s, "fehlende Verträge")
		cDeadline  = column(t, f, s, "Frist")
		cStatus    = column(t, f, s, "Status")
		cCounting  = column(t, f, reports.SheetDetails, "gezählt")
		cChange    = column(t, f, s, "Verträge seit "+since.Format("02.01."))
		cChangeQ   = column(t, f, s, "Quote seit "+since.Format("02.01."))
		cThreshold = column(t, f, s, "Schwelle")
	)
	rows := rowsOf(t, f, s, cCampaign, cArea)
	details := rowsOf(t, f, reports.SheetDetails, column(t, f, reports.SheetDetails, "Kampagne"), column(t, f, reports.SheetDetails, "Gebiet"))
	for _, c := range all {
		fig, err := svc.Figures(ctx, c, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		prev, err := svc.Figures(ctx, c, since)
		if err != nil {
			t.Fatal(err)
		}
		first, last := 0, 0
		for i, a := range fig.Areas {
			row, ok := rows[c.Name+"|"+a.AreaName]
			if !ok {
				t.Errorf("%s: no row for area %s", c.Name, a.AreaName)
				continue
			}
			if first == 0 {
				first = row
			}
			last = row
			if got := number(t, f, s, cSigned, row); got != float64(a.Signed) {
				t.Errorf("%s/%s: Verträge %v, want %d", c.Name, a.AreaName, got, a.Signed)
			}
			if got := number(t, f, s, cDen, row); got != float64(a.Denominator) {
				t.Errorf("%s/%s: Nenner %v, want %d", c.Name, a.AreaName, got, a.Denominator)
			}
			if got := number(t, f, s, cQuota, row); math.Abs(got-campaigns.ShownShare(a.Quota)) > 1e-9 {
				t.Errorf("%s/%s: Quote %v, want %v (the quota as shown, rounded down to 0,1 %%)", c.Name, a.AreaName, got, campaigns.ShownShare(a.Quota))
			}
			if got := number(t, f, s, cNeeded, row); got != float64(a.Needed) {
				t.Errorf("%s/%s: fehlende %v, want %d", c.Name, a.AreaName, got, a.Needed)
			}
			if got := raw(t, f, s, cStatus, row); got != a.Status.German() {
				t.Errorf("%s/%s: Status %q, want %q", c.Name, a.AreaName, got, a.Status.German())
			}
			if got := number(t, f, s, cChange, row); got != float64(a.Signed-prev.Areas[i].Signed) {
				t.Errorf("%s/%s: Verträge seit %v, want %d", c.Name, a.AreaName, got, a.Signed-prev.Areas[i].Signed)
			}
			if got, want := number(t, f, s, cChangeQ, row), (a.Quota-prev.Areas[i].Quota)*100; math.Abs(got-want) > 0.005 {
				t.Errorf("%s/%s: Quote seit %v Pp., want %v", c.Name, a.AreaName, got, want)
			}
			// Deadline as a real date: Excel's serial day number.
			wantSerial := fig.Deadline.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
			if got := number(t, f, s, cDeadline, row); got != wantSerial {
				t.Errorf("%s/%s: Frist serial %v, want %v (%s)", c.Name, a.AreaName, got, wantSerial, fig.Deadline.Format(time.DateOnly))
			}
			for col, want := range map[int]string{cSigned: "[$-407]#,##0", cDen: "[$-407]#,##0", cQuota: "[$-407]0.0 %",
				cThreshold: "[$-407]0.0 %", cDeadline: "[$-407]DD.MM.YYYY", cChangeQ: `[$-407]+0.0" Pp.";-0.0" Pp.";0.0" Pp."`} {
				if got := numFmt(t, f, s, col, row); got != want {
					t.Errorf("%s!%s: number format %q, want %q", s, ref(col, row), got, want)
				}
			}
			wantCounting := map[campaigns.Counting]string{campaigns.CountHouseholds: "Haushalte", campaigns.CountBusinesses: "Unternehmen"}[c.Counting]
			if got := raw(t, f, reports.SheetDetails, cCounting, details[c.Name+"|"+a.AreaName]); got != wantCounting {
				t.Errorf("%s/%s: gezählt %q, want %q", c.Name, a.AreaName, got, wantCounting)
			}
		}
		// The totals row follows the areas, with formulas.
		tot, ok := rows[c.Name+"|Gesamt"]
		if !ok || tot != last+1 {
			t.Fatalf("%s: totals row %d (found %v), want %d", c.Name, tot, ok, last+1)
		}
		sumNeeded := 0
		for _, a := range fig.Areas {
			sumNeeded += a.Needed
		}
		for _, x := range []struct {
			col     int
			formula string
			want    float64
		}{
			{cDen, fmt.Sprintf("SUM(%s:%s)", ref(cDen, first), ref(cDen, last)), float64(fig.Total.Denominator)},
			{cSigned, fmt.Sprintf("SUM(%s:%s)", ref(cSigned, first), ref(cSigned, last)), float64(fig.Total.Signed)},
			{cNeeded, fmt.Sprintf("SUM(%s:%s)", ref(cNeeded, first), ref(cNeeded, last)), float64(sumNeeded)},
			{cQuota, fmt.Sprintf("IF(%[1]s>0,ROUNDDOWN(%[2]s/%[1]s,3),0)", ref(cDen, tot), ref(cSigned, tot)), campaigns.ShownShare(fig.Total.Quota)},
			{cChange, fmt.Sprintf("SUM(%s:%s)", ref(cChange, first), ref(cChange, last)), float64(fig.Total.Signed - prev.Total.Signed)},
		} {
			got, err := f.GetCellFormula(s, ref(x.col, tot))
			if err != nil || got != x.formula {
				t.Errorf("%s totals %s: formula %q (%v), want %q", c.Name, ref(x.col, tot), got, err, x.formula)
				continue
			}
			v, err := f.CalcCellValue(s, ref(x.col, tot), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("calc %s: %v", ref(x.col, tot), err)
			}
			if n, err := strconv.ParseFloat(v, 64); err != nil || math.Abs(n-x.want) > 1e-9 {
				t.Errorf("%s totals %s = %s: computes %q, want %v", c.Name, ref(x.col, tot), x.formula, v, x.want)
			}
			// The value cached with the formula is what it computes (a
			// reader that does not recalculate shows the same).
			if cached := number(t, f, s, x.col, tot); math.Abs(cached-x.want) > 1e-9 {
				t.Errorf("%s totals %s: cached %v, the formula computes %v", c.Name, ref(x.col, tot), cached, x.want)
			}
		}
	}

	// Traffic light: three rules on the quota column.
	cf, err := f.GetConditionalFormats(s)
	if err != nil {
		t.Fatal(err)
	}
	var rules int
	for rng, opts := range cf {
		if strings.HasPrefix(rng, ref(cQuota, 3)+":") {
			rules = len(opts)
		}
	}
	if rules != 3 {
		t.Errorf("conditional formats on the quota column: %d rules, want 3 (all: %v)", rules, cf)
	}

	// Business parks and construction.
	zones := rowsOf(t, f, reports.SheetZones, 3, 1)
	zc, err := svc.Store.CampaignByName(ctx, demo.CampaignZones)
	if err != nil {
		t.Fatal(err)
	}
	zf, err := svc.Figures(ctx, zc, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range zf.Areas {
		row, ok := zones[zc.Name+"|"+a.AreaName]
		if !ok {
			t.Errorf("Gewerbegebiete: no row for %s", a.AreaName)
			continue
		}
		if got := number(t, f, reports.SheetZones, 5, row); got != float64(a.Signed) {
			t.Errorf("Gewerbegebiete %s: unterschrieben %v, want %d", a.AreaName, got, a.Signed)
		}
		if got := number(t, f, reports.SheetZones, 4, row); got != float64(a.Denominator) {
			t.Errorf("Gewerbegebiete %s: Unternehmen %v, want %d", a.AreaName, got, a.Denominator)
		}
	}
	build, err := f.GetRows(reports.SheetBuild)
	if err != nil {
		t.Fatal(err)
	}
	if len(build) != 3 || build[2][0] != "Oststadt (Ortsteil)" || build[2][2] != campaigns.StatusConstruction.German() {
		t.Errorf("Ausbau: want one row Oststadt im Bau, got %q", build)
	}

	// Cover: the summary in words.
	cover := strings.Join(sheetText(t, f, reports.SheetCover), "\n")
	fc, err := svc.Store.CampaignByName(ctx, demo.CampaignFTTH)
	if err != nil {
		t.Fatal(err)
	}
	ff, err := svc.Figures(ctx, fc, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	n := map[campaigns.Status]int{}
	for _, a := range ff.Areas {
		n[a.Status]++
	}
	names := map[campaigns.Status][]string{}
	for _, a := range ff.Areas {
		names[a.Status] = append(names[a.Status], a.AreaName)
	}
	for _, want := range []string{
		reports.CouncilTitle, demo.TownName, "Stand: " + today.Format("02.01.2006"), "Letzte Sitzung (vorheriger Bericht): " + since.Format("02.01.2006"),
		reports.CoverCampaignPrefix + fc.Name + "« – " + fc.Provider,
		fmt.Sprintf("Von %d Ortsteilen haben %d die Quote erreicht: %s; %d sind geparkt (Quote nicht erreicht): %s", len(ff.Areas),
			n[campaigns.StatusReached], strings.Join(names[campaigns.StatusReached], ", "), n[campaigns.StatusMissed],
			strings.Join(names[campaigns.StatusMissed], ", ")),
		fmt.Sprintf("%d läuft verlängert bis %s: %s", n[campaigns.StatusExtended], ff.Deadline.Format("02.01.2006"),
			strings.Join(names[campaigns.StatusExtended], ", ")),
		reports.CoverCampaignPrefix + demo.CampaignBuilt + "«",
	} {
		if !strings.Contains(cover, want) {
			t.Errorf("cover lacks %q:\n%s", want, cover)
		}
	}
}

func sheetText(t *testing.T, f *excelize.File, sheet string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, " "))
	}
	return out
}

func TestCouncilSheetSetup(t *testing.T) {
	_, b := councilFixture(t)
	f := openBook(t, b)
	// The demo's running campaign's name fits 31 characters, "Verlauf"
	// and its name do not: the chart sheet has its name, uncut.
	chart := demo.CampaignFTTH
	wantSheets := []string{reports.SheetCover, reports.SheetCampaigns, reports.SheetDetails, chart, reports.SheetZones, reports.SheetBuild}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(wantSheets, "|") {
		t.Errorf("sheets %q, want %q", got, wantSheets)
	}
	names := f.GetDefinedName()
	hasName := func(name, scope string) bool {
		for _, d := range names {
			if d.Name == name && d.Scope == scope {
				return true
			}
		}
		return false
	}
	for _, s := range []string{reports.SheetCampaigns, reports.SheetDetails, reports.SheetZones, reports.SheetBuild, chart} {
		t.Run(s, func(t *testing.T) {
			p, err := f.GetPanes(s)
			if err != nil || !p.Freeze || p.YSplit != 2 || p.TopLeftCell != "A3" {
				t.Errorf("panes %+v (%v): want rows 1–2 frozen", p, err)
			}
			if s != chart && !hasName("_xlnm._FilterDatabase", s) {
				t.Errorf("no autofilter (defined names %+v)", names)
			}
			if !hasName("_xlnm.Print_Titles", s) {
				t.Errorf("no print titles (defined names %+v)", names)
			}
			pl, err := f.GetPageLayout(s)
			if err != nil || pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" ||
				pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("page layout %+v (%v): want A4 landscape, 1 page wide", pl, err)
			}
			sp, err := f.GetSheetProps(s)
			if err != nil || sp.FitToPage == nil || !*sp.FitToPage {
				t.Errorf("fit to page not set (%v)", err)
			}
			hf, err := f.GetHeaderFooter(s)
			if err != nil || !strings.Contains(hf.OddHeader, "Stand "+today.Format("02.01.2006")) || !strings.Contains(hf.OddFooter, "Seite &P von &N") {
				t.Errorf("header/footer %+v (%v)", hf, err)
			}
		})
	}
	dp, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if dp.Title != reports.CouncilTitle || dp.Creator != "Gigaplan" || !strings.Contains(dp.Subject, "Gemeinderat") ||
		dp.Created != today.Format("2006-01-02T15:04:05Z") || dp.Language != "de-DE" {
		t.Errorf("document properties %+v", dp)
	}
}

func TestCouncilOptions(t *testing.T) {
	svc, _ := councilFixture(t)
	ctx := context.Background()
	var buf bytes.Buffer
	err := reports.Council(ctx, svc, reports.CouncilOptions{Since: today, AsOf: today}, &buf)
	if geo.ErrorCode(err) != geo.EINVALID || buf.Len() != 0 {
		t.Errorf("since = as-of: err %v (code %s), %d bytes written; want EINVALID and nothing", err, geo.ErrorCode(err), buf.Len())
	}

	// Without Since: no change columns; an earlier AsOf shows fewer
	// contracts; the municipality given is used.
	asOf := campaigns.Day(today).AddDate(0, 0, -30)
	if err := reports.Council(ctx, svc, reports.CouncilOptions{AsOf: asOf, Municipality: "Stadt Beispiel & Co"}, &buf); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, buf.Bytes())
	rows, err := f.GetRows(reports.SheetCampaigns)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range rows[1] {
		if strings.Contains(h, " seit ") {
			t.Errorf("change column %q without Since", h)
		}
	}
	cover := strings.Join(sheetText(t, f, reports.SheetCover), "\n")
	if !strings.Contains(cover, "Ohne das Datum der letzten Sitzung") || strings.Contains(cover, "Änderung Quote seit") {
		t.Errorf("cover without Since: want the note instead of changes and no change columns:\n%s", cover)
	}
	if !strings.Contains(rows[0][0], asOf.Format("02.01.2006")) {
		t.Errorf("title %q lacks the date %s", rows[0][0], asOf.Format("02.01.2006"))
	}
	hf, err := f.GetHeaderFooter(reports.SheetCampaigns)
	if err != nil || !strings.Contains(hf.OddHeader, "Stadt Beispiel && Co") {
		t.Errorf("header %q (%v): want the municipality with & escaped", hf.OddHeader, err)
	}
	c, err := svc.Store.CampaignByName(ctx, demo.CampaignFTTH)
	if err != nil {
		t.Fatal(err)
	}
	fig, err := svc.Figures(ctx, c, asOf)
	if err != nil {
		t.Fatal(err)
	}
	s := reports.SheetCampaigns
	rowOf := rowsOf(t, f, s, column(t, f, s, "Kampagne"), column(t, f, s, "Gebiet"))
	a := fig.Areas[0]
	if got := number(t, f, s, column(t, f, s, "Verträge"), rowOf[c.Name+"|"+a.AreaName]); got != float64(a.Signed) {
		t.Errorf("as of %s: %s has %v contracts, want %d", asOf.Format(time.DateOnly), a.AreaName, got, a.Signed)
	}
}

func TestCouncilEmptyStore(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var buf bytes.Buffer
	svc := &campaigns.Service{Geo: st, Store: st, Now: func() time.Time { return today }}
	if err := reports.Council(ctx, svc, reports.CouncilOptions{}, &buf); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, buf.Bytes())
	cover := strings.Join(sheetText(t, f, reports.SheetCover), "\n")
	for _, want := range []string{"Gemeinde", "keine Vorvermarktungskampagnen"} {
		if !strings.Contains(cover, want) {
			t.Errorf("cover of an empty store lacks %q:\n%s", want, cover)
		}
	}
	if got := f.GetSheetList(); strings.Join(got, "|") != reports.SheetCover+"|"+reports.SheetCampaigns+"|"+reports.SheetDetails {
		t.Errorf("sheets of an empty store: %q", got)
	}
}

// TestCouncilLayout compares a text dump of the workbook's layout with
// testdata/council/layout.golden; go test ./reports -run Council -update
// rewrites it.
func TestCouncilLayout(t *testing.T) {
	_, b := councilFixture(t)
	got := dumpLayout(t, openBook(t, b), 14)
	golden := filepath.Join("testdata", "council", "layout.golden")
	if updating() {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run Council -update)", err)
	}
	if got != string(want) {
		t.Errorf("layout differs from %s (go test ./reports -run Council -update to accept):\n%s", golden, lineDiff(string(want), got))
	}
}

// dumpLayout describes each sheet: header row, column widths, merged
// cells, the number format per column (of the first data row) and the
// first n rows' stored values (formulas as =…).
func dumpLayout(t *testing.T, f *excelize.File, n int) string {
	t.Helper()
	var b strings.Builder
	for _, s := range f.GetSheetList() {
		fmt.Fprintf(&b, "== sheet %s\n", s)
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
		}
		if len(rows) > 1 {
			fmt.Fprintf(&b, "header: %s\n", strings.Join(rows[1], " | "))
		}
		var widths, fmts []string
		for c := 1; c <= cols; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(s, name)
			if err != nil {
				t.Fatal(err)
			}
			widths = append(widths, fmt.Sprintf("%s=%g", name, w))
			if nf := numFmt(t, f, s, c, 3); nf != "" {
				fmts = append(fmts, name+"="+nf)
			}
		}
		fmt.Fprintf(&b, "widths: %s\n", strings.Join(widths, " "))
		fmt.Fprintf(&b, "formats row 3: %s\n", strings.Join(fmts, " "))
		merged, err := f.GetMergeCells(s)
		if err != nil {
			t.Fatal(err)
		}
		var ms []string
		for _, m := range merged {
			ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		fmt.Fprintf(&b, "merged: %s\n", strings.Join(ms, " "))
		for i, r := range rows[:min(n, len(rows))] {
			cells := make([]string, len(r))
			for j, v := range r {
				if fo, _ := f.GetCellFormula(s, ref(j+1, i+1)); fo != "" {
					v = "=" + fo
				}
				if x, err := strconv.ParseFloat(v, 64); err == nil && strings.Contains(v, ".") {
					v = strconv.FormatFloat(x, 'f', 4, 64) // stable across float printing
				}
				cells[j] = v
			}
			fmt.Fprintf(&b, "%d: %s\n", i+1, strings.Join(cells, " | "))
		}
	}
	return b.String()
}

// lineDiff lists the lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, x, y)
		}
	}
	return b.String()
}

// TestCouncilLibreOffice opens the workbook in LibreOffice (when
// installed), exports every sheet as CSV and checks that LibreOffice sees
// each area with its contracts, and computes the totals' formulas.
func TestCouncilLibreOffice(t *testing.T) {
	svc, b := councilFixture(t)
	in := filepath.Join(t.TempDir(), "gemeinderat.xlsx")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	records, ok := reports.LibreOfficeCSV(t, in)[reports.SheetCampaigns]
	if !ok {
		t.Fatalf("LibreOffice wrote no sheet %s", reports.SheetCampaigns)
	}
	col := map[string]int{}
	for i, h := range records[1] {
		col[h] = i
	}
	byArea := map[string][]string{}
	for _, r := range records[2:] {
		byArea[r[col["Kampagne"]]+"|"+r[col["Gebiet"]]] = r
	}
	ctxb := context.Background()
	all, err := svc.Store.Campaigns(ctxb)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		fig, err := svc.Figures(ctxb, c, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range append(fig.Areas, fig.Total) {
			r, ok := byArea[c.Name+"|"+a.AreaName]
			if !ok {
				t.Errorf("LibreOffice CSV: no row %s / %s", c.Name, a.AreaName)
				continue
			}
			if got := r[col["Verträge"]]; got != strconv.Itoa(a.Signed) {
				t.Errorf("LibreOffice CSV %s / %s: Verträge %q, want %d", c.Name, a.AreaName, got, a.Signed)
			}
			// LibreOffice writes a percentage as it stores it, "46,9891411648569%":
			// with the decimal comma of the cell's German number format.
			q, err := strconv.ParseFloat(strings.Replace(strings.TrimSuffix(r[col["Quote"]], "%"), ",", ".", 1), 64)
			if want := campaigns.ShownShare(a.Quota); err != nil || math.Abs(q/100-want) > 1e-9 {
				t.Errorf("LibreOffice CSV %s / %s: Quote %q, want %v (%s)", c.Name, a.AreaName, r[col["Quote"]], want, campaigns.Percent(a.Quota))
			}
		}
	}
}

// TestCouncilChartSheetsSplit: a running campaign with more areas than
// distinct line styles gets one chart sheet per group of eight, each table
// at most nine columns wide, every line of a chart with a marker of its
// own (a black-and-white print tells them apart).
func TestCouncilChartSheetsSplit(t *testing.T) {
	ctx := context.Background()
	svc, err := loadDemo(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	districts, err := svc.Geo.Areas(ctx, geo.KindDistrict)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range districts {
		if d.Municipality == districts[0].Municipality {
			names = append(names, d.Name)
		}
	}
	if len(names) <= 8 {
		t.Fatalf("the demo town has %d districts; the test needs more than 8", len(names))
	}
	start := campaigns.Day(today).AddDate(0, 0, -20)
	if _, err := svc.Create(ctx, campaigns.NewCampaign{Provider: "Netz AG", Name: "Alle Ortsteile", Areas: names, Threshold: 0.4,
		Counting: campaigns.CountHouseholds, Start: start, Deadline: start.AddDate(0, 3, 0)}); err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		if _, err := svc.AddEntry(ctx, campaigns.NewEntry{Campaign: "Alle Ortsteile", Area: n, AsOf: start.AddDate(0, 0, 7), Count: 10 + i, BasedOn: -1}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := reports.Council(ctx, svc, reports.CouncilOptions{AsOf: today}, &buf); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, buf.Bytes())
	parts := (len(names) + 7) / 8
	seen := 0
	for i := range parts {
		s := fmt.Sprintf("%sAlle Ortsteile (%d)", reports.ChartSheetPrefix, i+1)
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatalf("sheet %q: %v (sheets %q)", s, err, f.GetSheetList())
		}
		if !strings.Contains(rows[0][0], fmt.Sprintf("Teil %d von %d", i+1, parts)) {
			t.Errorf("%s: title %q does not name the part", s, rows[0][0])
		}
		heads := rows[1]
		if len(heads) > 9 || heads[0] != "Datum" {
			t.Errorf("%s: header %q, want Datum and at most 8 areas", s, heads)
		}
		for _, h := range heads[1:] {
			if h != names[seen] {
				t.Errorf("%s: area %q, want %q (the campaign's order)", s, h, names[seen])
			}
			seen++
		}
	}
	if seen != len(names) {
		t.Errorf("the chart sheets show %d areas, want all %d", seen, len(names))
	}
	// Each chart's lines: distinct markers.
	checked := 0
	for k := 1; ; k++ {
		v, ok := f.Pkg.Load(fmt.Sprintf("xl/charts/chart%d.xml", k))
		if !ok {
			break
		}
		x := string(v.([]byte))
		if !strings.Contains(x, "bis zur Frist – Alle Ortsteile") { // not the cover's bar chart
			continue
		}
		checked++
		markers := map[string]int{}
		for _, m := range regexp.MustCompile(`<symbol val="(\w+)"`).FindAllStringSubmatch(x, -1) {
			if m[1] != "none" {
				markers[m[1]]++
			}
		}
		for m, n := range markers {
			if n > 1 {
				t.Errorf("chart %d: marker %s on %d lines", k, m, n)
			}
		}
		if len(markers) == 0 {
			t.Errorf("chart %d: no markers", k)
		}
	}
	if checked != parts {
		t.Errorf("%d charts of the campaign, want %d", checked, parts)
	}
}
