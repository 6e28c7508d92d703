package reports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/reports"
)

// coverTables reads the cover's campaign tables: per campaign (from its
// caption "Kampagne »…«"), the area rows below the header by area name,
// with their row numbers; and the campaigns in the order of their
// captions.
func coverTables(t *testing.T, f *excelize.File) (map[string]map[string]int, []string) {
	t.Helper()
	rows, err := f.GetRows(reports.SheetCover, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]map[string]int{}
	var order []string
	current, inTable := "", false
	for i, r := range rows {
		if len(r) == 0 || r[0] == "" {
			inTable = false
			continue
		}
		if name, ok := strings.CutPrefix(r[0], reports.CoverCampaignPrefix); ok {
			current, _, _ = strings.Cut(name, "«")
			tables[current] = map[string]int{}
			order = append(order, current)
			inTable = false
			continue
		}
		if current != "" && len(r) > 3 && r[1] == "Quote" && r[2] == "Ziel" && r[3] == "Status" {
			inTable = true
			continue
		}
		if inTable {
			tables[current][r[0]] = i + 1
		}
	}
	return tables, order
}

// TestCouncilCover checks the cover's table per campaign against the
// figures (quota as shown, threshold, status, the change since the last
// meeting in points and contracts) and the order: running campaigns
// first, then the finished ones, newest first.
func TestCouncilCover(t *testing.T) {
	svc, b := councilFixture(t)
	f := openBook(t, b)
	ctx := context.Background()
	tables, order := coverTables(t, f)
	if want := []string{demo.CampaignFTTH, demo.CampaignZones, demo.CampaignBuilt}; !slices.Equal(order, want) {
		t.Errorf("campaigns on the cover in the order %q, want %q (running first, then the newest finished)", order, want)
	}
	s := reports.SheetCover
	for _, name := range order {
		c, err := svc.Store.CampaignByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		fig, err := svc.Figures(ctx, c, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		prev, err := svc.Figures(ctx, c, since)
		if err != nil {
			t.Fatal(err)
		}
		lines := fig.Areas
		prevs := prev.Areas
		if len(fig.Areas) > 1 {
			lines, prevs = append(slices.Clone(lines), fig.Total), append(slices.Clone(prevs), prev.Total)
		}
		if got := len(tables[name]); got != len(lines) {
			t.Errorf("%s: %d rows on the cover, want %d", name, got, len(lines))
		}
		for i, a := range lines {
			row, ok := tables[name][a.AreaName]
			if !ok {
				t.Errorf("%s: no cover row for %s", name, a.AreaName)
				continue
			}
			if got := number(t, f, s, 2, row); math.Abs(got-campaigns.ShownShare(a.Quota)) > 1e-9 {
				t.Errorf("%s / %s: Quote %v, want %v", name, a.AreaName, got, campaigns.ShownShare(a.Quota))
			}
			if got := number(t, f, s, 3, row); got != fig.Campaign.Threshold {
				t.Errorf("%s / %s: Ziel %v, want %v", name, a.AreaName, got, fig.Campaign.Threshold)
			}
			if got := raw(t, f, s, 4, row); !strings.HasPrefix(got, a.Status.German()) {
				t.Errorf("%s / %s: Status %q, want %q…", name, a.AreaName, got, a.Status.German())
			}
			if got, want := number(t, f, s, 5, row), (a.Quota-prevs[i].Quota)*100; math.Abs(got-want) > 0.005 {
				t.Errorf("%s / %s: Änderung Quote %v Pp., want %v", name, a.AreaName, got, want)
			}
			if got, want := number(t, f, s, 6, row), float64(a.Signed-prevs[i].Signed); got != want {
				t.Errorf("%s / %s: Änderung Verträge %v, want %v", name, a.AreaName, got, want)
			}
			if a.Status.Active() && i < len(fig.Areas) {
				if got := raw(t, f, s, 4, row); !strings.HasSuffix(got, ", "+a.Rating.German()) {
					t.Errorf("%s / %s: Status %q lacks the rating %q", name, a.AreaName, got, a.Rating.German())
				}
			}
		}
	}
}

// coverLines returns the cover's lines of the section headed heading
// (up to the next empty row), each as "date | text".
func coverLines(t *testing.T, f *excelize.File, heading string) []string {
	t.Helper()
	var out []string
	in := false
	for _, l := range sheetText(t, f, reports.SheetCover) {
		switch {
		case strings.HasPrefix(l, heading):
			in = true
		case in && strings.TrimSpace(l) == "":
			return out
		case in:
			out = append(out, l)
		}
	}
	return out
}

// TestCouncilChangesAndAgenda records decisions in the demo town after
// the last meeting and checks that "Was hat sich geändert" lists each one
// with its day, areas, reason and author, and that a report drawn past
// the deadline lists the decision due.
func TestCouncilChangesAndAgenda(t *testing.T) {
	ctx := context.Background()
	svc, err := loadDemo(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Store.CampaignByName(ctx, demo.CampaignFTTH)
	if err != nil {
		t.Fatal(err)
	}
	day := campaigns.Day(today).AddDate(0, 0, -3)
	if c, err = svc.SetProviderDenominator(ctx, c, "Windschlägen", 1500, campaigns.Decision{On: day, By: "anna", Reason: "Zahl des Anbieters"}); err != nil {
		t.Fatal(err)
	}
	deadline := c.CurrentDeadline()
	if _, err = svc.Extend(ctx, c, deadline.AddDate(0, 0, 14), campaigns.Decision{On: day, By: "bernd", Reason: "Infoabend nachgeholt"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := reports.Council(ctx, svc, reports.CouncilOptions{Since: since}, &buf); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, buf.Bytes())
	changes := strings.Join(coverLines(t, f, reports.CoverChangesHeading), "\n")
	// Dates are stored as day numbers; the text says what and why.
	for _, want := range []string{
		"»" + demo.CampaignFTTH + "«, Windschlägen: Nenner des Anbieters: 0 → 1.500. Grund: Zahl des Anbieters. Erfasst von anna.",
		"»" + demo.CampaignFTTH + "«: Frist: " + campaigns.GermanDate(deadline) + " → " + campaigns.GermanDate(deadline.AddDate(0, 0, 14)) +
			". Grund: Infoabend nachgeholt. Erfasst von bernd.",
		"»" + demo.CampaignFTTH + "«: neue Zählungen, Verträge je Gebiet: ",
	} {
		if !strings.Contains(changes, want) {
			t.Errorf("Was hat sich geändert lacks %q:\n%s", want, changes)
		}
	}
	agenda := strings.Join(coverLines(t, f, reports.CoverAgendaHeading), "\n")
	if want := "Frist der Kampagne »" + demo.CampaignFTTH + "« (Glasfaser Südbaden GmbH), noch 35 Tage: Windschlägen ("; !strings.Contains(agenda, want) {
		t.Errorf("agenda lacks %q:\n%s", want, agenda)
	}
	if !strings.Contains(agenda, "Förderkandidaten (Quote verfehlt, keine neue Kampagne): Elgershofen (1.590 Haushalte") {
		t.Errorf("agenda lacks the funding candidates:\n%s", agenda)
	}

	// Past the new deadline, with no decision: due.
	late := campaigns.Day(deadline.AddDate(0, 0, 14+5))
	svc.Now = func() time.Time { return late.Add(10 * time.Hour) }
	buf.Reset()
	if err := reports.Council(ctx, svc, reports.CouncilOptions{Since: today}, &buf); err != nil {
		t.Fatal(err)
	}
	agenda = strings.Join(coverLines(t, openBook(t, buf.Bytes()), reports.CoverAgendaHeading), "\n")
	if want := "Entscheidung fällig: »" + demo.CampaignFTTH + "« (Glasfaser Südbaden GmbH) – die Frist ist seit 5 Tagen abgelaufen. Zu entscheiden für Windschlägen ("; !strings.Contains(agenda, want) {
		t.Errorf("agenda lacks %q:\n%s", want, agenda)
	}
}

// TestCouncilChartLegend checks the line chart's legend: one entry per
// line (areas, threshold, deadline), the label points at the lines' ends
// hidden from it.
func TestCouncilChartLegend(t *testing.T) {
	svc, b := councilFixture(t)
	c, err := svc.Store.CampaignByName(context.Background(), demo.CampaignFTTH)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/charts/chart") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		s := string(x)
		if !strings.Contains(s, "<scatterChart>") {
			continue
		}
		found++
		// Lines: every area, the threshold and the deadline; as many
		// label points, hidden.
		lines := len(c.Areas) + 2
		if got := strings.Count(s, "<ser>"); got != 2*lines {
			t.Errorf("%s: %d series, want %d lines and %d label points", f.Name, got, lines, lines)
		}
		if got := strings.Count(s, `<delete val="1"></delete></legendEntry>`); got != lines {
			t.Errorf("%s: %d legend entries hidden, want %d", f.Name, got, lines)
		}
	}
	if found != 1 {
		t.Errorf("%d line charts, want 1 (the running campaign's)", found)
	}
}
