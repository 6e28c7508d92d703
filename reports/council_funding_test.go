package reports_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/geo"
	"gigaplan/reports"
)

// fundingDemo is the demo town with its market survey and funding
// project (demo.LoadFunding), and the project.
func fundingDemo(t *testing.T) (*campaigns.Service, *campaigns.FundingProject) {
	t.Helper()
	ctx := context.Background()
	svc, err := loadDemo(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	fs := svc.Store.(campaigns.FundingStore)
	svc.Funding = fs
	src := reports.Source{Geo: svc.Geo, Supply: fs.(geo.SupplyStore), Campaigns: svc}
	p, err := demo.LoadFunding(ctx, fs, svc, demo.New(demo.DefaultSeed), today, src.EligibleByRule)
	if err != nil {
		t.Fatal(err)
	}
	return svc, p
}

// fundingCouncil is the council workbook of the demo town with its
// funding project, and the project.
func fundingCouncil(t *testing.T) ([]byte, *campaigns.FundingProject) {
	t.Helper()
	return fundingCouncilWith(t, nil)
}

// fundingCouncilWith is fundingCouncil with the project changed by change
// (when not nil) before the workbook is written.
func fundingCouncilWith(t *testing.T, change func(p *campaigns.FundingProject) error) ([]byte, *campaigns.FundingProject) {
	t.Helper()
	ctx := context.Background()
	svc, p := fundingDemo(t)
	if change != nil {
		var err error
		if p, err = svc.Funding.UpdateFundingProject(ctx, p.ID, p.Version, change); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := reports.Council(ctx, svc, reports.CouncilOptions{AsOf: today}, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), p
}

// TestCouncilFunding: the cover's agenda lists the funding project with
// its state, next step, cost and the municipality's share by year, and
// its Ortsteile are no longer funding candidates; the sheet Förderung
// has a row per project with the figures of FundingProject.Overview.
func TestCouncilFunding(t *testing.T) {
	xlsx, p := fundingCouncil(t)
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !slices.Contains(f.GetSheetList(), reports.SheetFunding) {
		t.Fatalf("sheets %v lack %s", f.GetSheetList(), reports.SheetFunding)
	}
	o := p.Overview()
	years := ""
	for i, y := range o.Budget.Years {
		if i > 0 {
			years += "; "
		}
		years += strconv.Itoa(y.Year) + ": " + campaigns.Euro(y.Cents)
	}
	want := "Förderprojekt »" + p.Name + "«: Förderantrag gestellt am 04.07.2026, Bescheid steht aus. Nächster Schritt: vorläufiger Bescheid. " +
		"Kosten " + campaigns.Euro(o.Budget.Approved) + " (beantragt am 04.07.2026, nicht bewilligt), Anteil der Gemeinde " + campaigns.Euro(o.Budget.Municipality) + " (" + years + ")."
	rows, err := f.GetRows(reports.SheetCover)
	if err != nil {
		t.Fatal(err)
	}
	var cover []string
	for _, r := range rows {
		cover = append(cover, strings.Join(r, " | "))
	}
	text := strings.Join(cover, "\n")
	if !strings.Contains(text, "04.07.2026 | "+want) {
		t.Errorf("cover lacks the project's agenda line %q:\n%s", want, text)
	}
	for _, l := range cover {
		if strings.Contains(l, "Förderkandidaten") && (strings.Contains(l, "Elgershofen") || strings.Contains(l, "Kinzigvorstadt")) {
			t.Errorf("the project's Ortsteile are still candidates: %s", l)
		}
	}
	if !strings.Contains(text, reports.SheetFunding+": Förderprojekte mit letztem und nächstem Meilenstein") {
		t.Errorf("the cover's contents lack the sheet %s", reports.SheetFunding)
	}
}

// TestCouncilFundingLibreOffice reads the Förderung sheet back through
// LibreOffice (de-DE): the dates, milestones and amounts as the council
// sees them, the amounts as campaigns.Euro writes them everywhere else.
func TestCouncilFundingLibreOffice(t *testing.T) {
	xlsx, p := fundingCouncil(t)
	path := filepath.Join(t.TempDir(), "sachstand.xlsx")
	if err := os.WriteFile(path, xlsx, 0o600); err != nil {
		t.Fatal(err)
	}
	sheet := reports.LibreOfficeShownCSV(t, path, "de-DE")[reports.SheetFunding]
	if len(sheet) < 3 {
		t.Fatalf("sheet %s: %v", reports.SheetFunding, sheet)
	}
	if got := sheet[0][0]; got != "Förderprojekte – Stand 07.07.2026" {
		t.Errorf("caption %q", got)
	}
	if got := strings.Join(sheet[1][:6], "|"); got != "Förderprojekt|Gemeinden (AGS)|Adressen im Projektgebiet|zuletzt|am|als Nächstes" {
		t.Errorf("header %q", got)
	}
	o := p.Overview()
	f := o.Budget
	row := sheet[2]
	want := []string{p.Name, demo.TownAGS, campaigns.Thousands(int64(len(p.Addresses))), "Förderantrag gestellt", "04.07.2026", "vorläufiger Bescheid",
		"beantragt am 04.07.2026, nicht bewilligt", campaigns.Euro(f.Approved), campaigns.Euro(0), campaigns.Euro(f.Rows[0].Approved), campaigns.Euro(0), campaigns.Euro(f.Rows[1].Approved),
		campaigns.Euro(0), campaigns.Euro(f.Municipality), campaigns.Euro(0), campaigns.Euro(0), campaigns.Euro(0), o.Phase}
	if len(row) < len(want) {
		t.Fatalf("project row %q", row)
	}
	for i, w := range want {
		if row[i] != w {
			t.Errorf("column %d: %q, want %q", i+1, row[i], w)
		}
	}
	// The municipality's share by year, below.
	var years []string
	for _, r := range sheet[3:] {
		if len(r) >= 3 && r[0] == p.Name {
			years = append(years, r[1]+"="+r[2])
		}
	}
	var wantYears []string
	for _, y := range f.Years {
		wantYears = append(wantYears, strconv.Itoa(y.Year)+"="+campaigns.Euro(y.Cents))
	}
	if !slices.Equal(years, wantYears) {
		t.Errorf("years %v, want %v", years, wantYears)
	}
}

// TestCouncilFundingAsOf: the workbook for a past day shows a project as
// it stood: the day before the application its last milestone is the
// closed survey, the money is planned (not "bewilligt"), the project area
// not yet frozen; before its first milestone and its entry it is absent.
func TestCouncilFundingAsOf(t *testing.T) {
	ctx := context.Background()
	svc, p := fundingDemo(t)
	app, ok := p.Reached(campaigns.MilestoneApplication)
	if !ok {
		t.Fatal("the demo project has no application")
	}
	book := func(asOf time.Time) *excelize.File {
		t.Helper()
		var b bytes.Buffer
		if err := reports.Council(ctx, svc, reports.CouncilOptions{AsOf: asOf}, &b); err != nil {
			t.Fatal(err)
		}
		return openBook(t, b.Bytes())
	}
	f := book(app.Day.AddDate(0, 0, -1))
	rows, err := f.GetRows(reports.SheetFunding)
	if err != nil {
		t.Fatalf("no sheet %s the day before the application: %v", reports.SheetFunding, err)
	}
	row := rows[2]
	col := func(h string) string {
		t.Helper()
		c := column(t, f, reports.SheetFunding, h) - 1
		if c >= len(row) {
			return ""
		}
		return row[c]
	}
	if col("Förderprojekt") != p.Name || col("zuletzt") != campaigns.MilestoneSurveyClosed.Label() ||
		col("als Nächstes") != campaigns.MilestoneApplication.Label() || col("Mittel") != "geplant, nicht beantragt" {
		t.Errorf("the day before the application: %q", row)
	}
	if a := col("Adressen im Projektgebiet"); a != "0" && a != "" {
		t.Errorf("the project area is frozen at the application, the day before it shows %q addresses", a)
	}
	if strings.Contains(strings.Join(sheetText(t, f, reports.SheetCover), "\n"), "Förderantrag gestellt am") {
		t.Error("the cover names the application the day before it")
	}
	// The day before the project was entered (95 days back, before its
	// first milestone).
	before := campaigns.Day(p.CreatedAt).AddDate(0, 0, -1)
	if !p.Effective()[0].Day.After(before) {
		t.Fatalf("the demo project's first milestone %v is not after %v", p.Effective()[0].Day, before)
	}
	f = book(before)
	if slices.Contains(f.GetSheetList(), reports.SheetFunding) {
		t.Errorf("a workbook of %s has the sheet %s: the project was not on record then", before.Format(time.DateOnly), reports.SheetFunding)
	}
	// Entered, no milestone yet: listed in preparation.
	f = book(p.Effective()[0].Day.AddDate(0, 0, -1))
	if rows, err := f.GetRows(reports.SheetFunding); err != nil || len(rows) < 3 || rows[2][3] != "–" {
		t.Errorf("entered, no milestone: %q, %v", rows, err)
	}
}

// TestCouncilFundingColumnsWide: every amount fits its column as shown
// (LibreOffice shows ### for an amount wider than its column, and its
// export "as shown" does not: the read-back tests cannot see it).
func TestCouncilFundingColumnsWide(t *testing.T) {
	xlsx, _ := fundingCouncil(t)
	f := openBook(t, xlsx)
	rows, err := f.GetRows(reports.SheetFunding)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for r := 3; r <= len(rows); r++ {
		for c := 1; c <= len(rows[r-1]); c++ {
			if !strings.Contains(numFmt(t, f, reports.SheetFunding, c, r), "€") {
				continue
			}
			v, err := strconv.ParseFloat(raw(t, f, reports.SheetFunding, c, r), 64)
			if err != nil {
				continue
			}
			shown := campaigns.Euro(int64(math.Round(v * 100)))
			name, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(reports.SheetFunding, name)
			if err != nil {
				t.Fatal(err)
			}
			// A column of width w shows about w digits of the default font.
			if float64(len([]rune(shown))) > w-1 {
				t.Errorf("%s%d: %q in a column %.1f wide", name, r, shown, w)
			}
			checked++
		}
	}
	if checked < 10 {
		t.Fatalf("only %d amounts checked", checked)
	}
}
