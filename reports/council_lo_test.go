package reports_test

import (
	"context"
	"encoding/xml"
	"flag"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/reports"
)

// pdfPage is one page of `pdftotext -bbox`: its size and words, in
// points from the top left.
type pdfPage struct {
	Width  float64   `xml:"width,attr"`
	Height float64   `xml:"height,attr"`
	Words  []pdfWord `xml:"word"`
}

type pdfWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

// pdfWords reads every page's words with their boxes through poppler's
// pdftotext; it skips the test without pdftotext.
func pdfWords(t *testing.T, pdf string) []pdfPage {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not on PATH; CI installs it")
	}
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var doc struct {
		Pages []pdfPage `xml:"body>doc>page"`
	}
	d := xml.NewDecoder(strings.NewReader(string(out)))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("pdftotext output: %v", err)
	}
	if len(doc.Pages) == 0 {
		t.Fatalf("pdftotext found no pages in %s", pdf)
	}
	return doc.Pages
}

// onOneLine reports whether the words texts appear in this order from
// left to right on one printed line.
func onOneLine(words []pdfWord, texts ...string) bool {
	for _, first := range words {
		if first.Text != texts[0] {
			continue
		}
		x, ok := first.XMax, true
		for _, t := range texts[1:] {
			found := false
			for _, w := range words {
				if w.Text == t && math.Abs(w.YMin-first.YMin) < 3 && w.XMin > x {
					x, found = w.XMax, true
					break
				}
			}
			ok = ok && found
		}
		if ok {
			return true
		}
	}
	return false
}

// minTextHeight is the height of the smallest word box allowed: a word
// box is 1.2 times the font size as printed (measured: 10 pt text gives
// 12.0, 16 pt 19.1), so 8 pt gives 9.6; a little less for rounding.
const minTextHeight = 9.45

// TestCouncilPrintLibreOffice prints the demo's council workbook to PDF
// with LibreOffice and checks what a council member gets on paper: every
// sheet printed, with the sheet's name in the footer; the cover upright,
// every table sheet landscape; no text smaller than 8 pt after fitting to
// the page width; nothing beyond the page's edge; the cover's sections,
// areas and tables; and, read back by LibreOffice, the sheet names and a
// few cover cells as stored. With -artifacts the cover's pages are kept as
// PNG (when pdftoppm is installed).
func TestCouncilPrintLibreOffice(t *testing.T) {
	svc, b := councilFixture(t)
	in := filepath.Join(t.TempDir(), "gemeinderat.xlsx")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := reports.LibreOfficePDF(t, in)
	pages := pdfWords(t, pdf)
	book := openBook(t, b)
	sheets := book.GetSheetList()

	// The footer's left part names the sheet (&A): the page's last line,
	// left of the middle.
	printed := map[string][]int{}
	for i, p := range pages {
		// The footer lies in the bottom margin (0.6 inch, 43 pt).
		var footer []string
		for _, w := range p.Words {
			if w.YMin > p.Height-40 && w.YMax < p.Height && w.XMax < p.Width/2 {
				footer = append(footer, w.Text)
			}
		}
		name := strings.Join(footer, " ")
		printed[name] = append(printed[name], i)

		landscape := p.Width > p.Height
		if want := name != reports.SheetCover; landscape != want {
			t.Errorf("page %d (%s): %.0f × %.0f pt, want landscape %v", i+1, name, p.Width, p.Height, want)
		}
		for _, w := range p.Words {
			if h := w.YMax - w.YMin; h < minTextHeight {
				t.Errorf("page %d (%s): %q is %.1f pt high, about %.1f pt type; want at least 8 pt", i+1, name, w.Text, h, h/1.2)
			}
			// A word across the page's edge is cut; one wholly beyond it
			// is a clipped part of a chart shown on the next page.
			if (w.XMin < 0 && w.XMax > 0) || (w.YMin < 0 && w.YMax > 0) || (w.XMin < p.Width && w.XMax > p.Width) ||
				(w.YMin < p.Height && w.YMax > p.Height) {
				t.Errorf("page %d (%s): %q is cut by the page's edge", i+1, name, w.Text)
			}
		}
	}
	for _, s := range sheets {
		if len(printed[s]) == 0 {
			t.Errorf("sheet %s is not printed (footers: %v)", s, printed)
		}
	}

	// The cover, as printed: its sections, and each area of the running
	// campaign on one line with its quota as the cell shows it.
	var words []pdfWord
	for _, i := range printed[reports.SheetCover] {
		words = append(words, pages[i].Words...)
	}
	var text []string
	for _, w := range words {
		text = append(text, w.Text)
	}
	cover := strings.Join(text, " ")
	for _, want := range []string{"Nächste Termine und Entscheidungen", "Was hat sich geändert", "Quote je Gebiet und Schwelle"} {
		if !strings.Contains(cover, want) {
			t.Errorf("printed cover lacks %q:\n%s", want, cover)
		}
	}
	ctx := context.Background()
	c, err := svc.Store.CampaignByName(ctx, demo.CampaignFTTH)
	if err != nil {
		t.Fatal(err)
	}
	fig, err := svc.Figures(ctx, c, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !onOneLine(words, "Ortsteil", "Quote", "Ziel", "Status") {
		t.Errorf("printed cover has no table header Ortsteil | Quote | Ziel | Status")
	}
	for _, a := range fig.Areas {
		// The cell's format "0,0 %" of the quota as stored.
		shown := strings.Replace(strconv.FormatFloat(campaigns.ShownShare(a.Quota)*100, 'f', 1, 64), ".", ",", 1)
		if !onOneLine(words, a.AreaName, shown) {
			t.Errorf("printed cover has no line %s … %s %%", a.AreaName, shown)
		}
	}

	// Read back by LibreOffice: the sheet names as written, short and
	// whole; the cover's table cells as stored.
	csv := reports.LibreOfficeCSV(t, in)
	var got []string
	for s := range csv {
		got = append(got, s)
	}
	slices.Sort(got)
	want := slices.Clone(sheets)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("LibreOffice reads the sheets %q, want %q", got, want)
	}
	for _, s := range sheets {
		if n := utf8.RuneCountInString(s); n > 31 {
			t.Errorf("sheet name %q has %d characters", s, n)
		}
	}
	if !slices.Contains(sheets, demo.CampaignFTTH) {
		t.Errorf("no chart sheet named %q (whole) in %q", demo.CampaignFTTH, sheets)
	}
	rows := csv[reports.SheetCover]
	found := 0
	current := ""
	for _, r := range rows {
		if len(r) == 0 {
			continue
		}
		if name, ok := strings.CutPrefix(r[0], reports.CoverCampaignPrefix); ok {
			current, _, _ = strings.Cut(name, "«")
		}
		if current != demo.CampaignFTTH || len(r) < 3 {
			continue
		}
		for _, a := range fig.Areas {
			if r[0] != a.AreaName {
				continue
			}
			found++
			q, err := strconv.ParseFloat(strings.Replace(strings.TrimSuffix(r[1], "%"), ",", ".", 1), 64)
			if err != nil || math.Abs(q/100-campaigns.ShownShare(a.Quota)) > 1e-9 {
				t.Errorf("LibreOffice reads the cover's quota of %s as %q, want %v", a.AreaName, r[1], campaigns.ShownShare(a.Quota))
			}
		}
	}
	if found != len(fig.Areas) {
		t.Errorf("LibreOffice finds %d of %d areas of %s on the cover", found, len(fig.Areas), demo.CampaignFTTH)
	}

	// The cover's pages as PNG, for people to look at.
	if a := flag.Lookup("test.artifacts"); a != nil && a.Value.String() == "true" {
		dir := t.ArtifactDir()
		if _, err := exec.LookPath("pdftoppm"); err == nil {
			first := printed[reports.SheetCover][0] + 1
			last := printed[reports.SheetCover][len(printed[reports.SheetCover])-1] + 1
			if out, err := exec.Command("pdftoppm", "-png", "-r", "80", "-f", strconv.Itoa(first), "-l", strconv.Itoa(last), pdf,
				filepath.Join(dir, "council-cover")).CombinedOutput(); err != nil {
				t.Errorf("pdftoppm: %v\n%s", err, out)
			}
		}
	}
}
