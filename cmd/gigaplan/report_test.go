package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestCLIReportCouncil(t *testing.T) {
	if testing.Short() {
		t.Skip("demo load in -short mode")
	}
	c := newCLI(t)
	c.mustRun("demo")
	dir := t.TempDir()
	out := filepath.Join(dir, "gemeinderat.xlsx")
	msg := c.mustRun("report", "council", "--out", out, "--municipality", "Musterstadt")
	if !strings.Contains(msg, out) {
		t.Errorf("report council output lacks the file name:\n%s", msg)
	}

	// The workbook shows the same contracts as campaign status.
	var status struct {
		Areas []struct {
			Area    string `json:"area"`
			Signups int    `json:"signups"`
		} `json:"areas"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("campaign", "status", "Glasfaser für Musterstadt 2026", "--format", "json")), &status); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Kampagnen", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, a := range status.Areas {
		for _, r := range rows[2:] {
			// Anbieter | Kampagne | Gebiet | Haushalte / Unternehmen | Verträge | …
			if r[1] == "Glasfaser für Musterstadt 2026" && r[2] == a.Area {
				found++
				if r[4] != strconv.Itoa(a.Signups) {
					t.Errorf("%s: workbook has %s contracts, campaign status %d", a.Area, r[4], a.Signups)
				}
			}
		}
	}
	if found != len(status.Areas) || found == 0 {
		t.Errorf("found %d of %d areas in the workbook", found, len(status.Areas))
	}
	for _, r := range rows {
		if len(r) > 1 && r[1] == "Glasfaser Kleinbach" {
			t.Errorf("Musterstadt's workbook lists the neighbour's campaign: %v", r)
		}
	}
	if v, _ := f.GetCellValue("Übersicht", "A2"); v != "Musterstadt (AGS 08317999)" {
		t.Errorf("cover names %q, want the demo municipality Musterstadt with its AGS", v)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("output directory holds %d files, want only the workbook (no temp files)", len(entries))
	}
}

func TestCLIReportErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"no subcommand", []string{"report"}, 2, "council"},
		{"unknown subcommand", []string{"report", "budget"}, 2, "budget"},
		{"funding without out", []string{"report", "funding", "--area", "Nord"}, 2, "--out"},
		{"funding without area", []string{"report", "funding", "--out", filepath.Join(dir, "f.xlsx")}, 2, "--area"},
		{"funding unknown area", []string{"report", "funding", "--out", filepath.Join(dir, "f.xlsx"), "--area", "Atlantis"}, 1, "Atlantis"},
		{"funding bad shares", []string{"report", "funding", "--out", filepath.Join(dir, "f.xlsx"), "--area", "Nord", "--cost", "2000", "--shares", "50/40/20"}, 1, "100 %"},
		{"funding unknown rules", []string{"report", "funding", "--out", filepath.Join(dir, "f.xlsx"), "--area", "Nord", "--rules", "bayern-1999"}, 1, "bayern-1999"},
		{"no out", []string{"report", "council"}, 2, "--out"},
		{"bad as-of", []string{"report", "council", "--out", filepath.Join(dir, "a.xlsx"), "--as-of", "2026-13-45"}, 1, "--as-of"},
		{"bad since", []string{"report", "council", "--out", filepath.Join(dir, "b.xlsx"), "--since", "gestern"}, 1, "--since"},
		{"since after as-of", []string{"report", "council", "--out", filepath.Join(dir, "c.xlsx"), "--as-of", "2026-07-01", "--since", "2026-07-02"}, 1, "Der vorige Bericht (02.07.2026) muss vor dem Stand (01.07.2026) liegen."},
		{"missing directory", []string{"report", "council", "--out", filepath.Join(dir, "fehlt", "d.xlsx")}, 1, "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			code, _, errs := c.run(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			if !strings.Contains(errs, tt.inStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.inStderr, errs)
			}
		})
	}
	// Nothing was left behind: no workbook, no temporary file.
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("failed reports left files behind: %v", names)
	}
}

func TestCLIReportFunding(t *testing.T) {
	c := exportFixture(t) // districts Nord and Süd, a zone, campaign "DG Test", supply data
	out := filepath.Join(t.TempDir(), "foerderantrag.xlsx")
	// The fixture's survey covers Nord: Süd has none, so the two are refused.
	if code, _, errs := c.run("report", "funding", "--out", out, "--area", "Nord", "--area", "Süd"); code != 1 || !strings.Contains(errs, "für Süd liegt keine Markterkundung vor") {
		t.Errorf("Süd without a survey: exit %d, %s", code, errs)
	}
	c.mustRun("survey", "add", "--area", "Süd", "--from", "2026-01-05", "--to", "2026-02-16", "--horizon", "5y")
	c.mustRun("supply", "import", "--survey", "2", "--operator", "Telekom", "testdata/supply.csv")
	// Each area has its own survey now: the workbook reads one, so the
	// user names it (the rows would otherwise read Nord's for Süd).
	if code, _, errs := c.run("report", "funding", "--out", out, "--area", "Nord", "--area", "Süd"); code != 1 ||
		!strings.Contains(errs, "verschiedene Markterkundungen") || !strings.Contains(errs, "--survey NR") {
		t.Errorf("Nord and Süd with different surveys: exit %d, %s", code, errs)
	}
	msg := c.mustRun("report", "funding", "--out", out, "--area", "Nord", "--area", "Süd", "--survey", "1", "--cost", "2500", "--shares", "50/40/10")
	// Eligible under gigabit-2025: Mühlenweg 5 (16/1), the placeholder and Königsträßle (no report).
	// Not: Hauptstraße 1 (DOCSIS 3.1 at 1000/50) and Schulweg 3 (DOCSIS 3.1 at 250/25), cable being
	// gigabit-capable; Hauptstraße 2a (private build planned), Gewerbestraße 10 (FTTH), Rathausplatz 1
	// (FTTB).
	if !strings.Contains(msg, "8 Adressen, davon 3 förderfähig") {
		t.Errorf("summary: %s", msg)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Adressliste")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 9 {
		t.Fatalf("Adressliste has %d rows, want header + 8", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, name := range []string{"Straße", "Hausnummer", "förderfähig", "Begründung", "Download (Mbit/s)"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("no column %q in %q", name, rows[0])
		}
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[col["Straße"]]+" "+r[col["Hausnummer"]]] = r[col["förderfähig"]] + ": " + r[col["Begründung"]]
	}
	for addr, want := range map[string]string{
		"Gewerbestraße 10": "nein: nicht förderfähig: gigabitfähiges Netz (FTTH) von Stadtwerke gemeldet (1000/1000 Mbit/s)",
		"Hauptstraße 1":    "nein: nicht förderfähig: gigabitfähiges Netz (DOCSIS 3.1) von Vodafone gemeldet (1000/50 Mbit/s)",
		"Hauptstraße 2":    "nein: nicht förderfähig: Eigenausbau von Deutsche Glasfaser bis 06/2027 geplant",
		"Mühlenweg 5":      "ja: förderfähig: beste Versorgung 16/1 Mbit/s unter 300/150 Mbit/s",
	} {
		if got[addr] != want {
			t.Errorf("%s: %q, want %q", addr, got[addr], want)
		}
	}
	// The cover carries the survey's record (the latest covering Nord).
	cover, _ := f.GetRows("Deckblatt")
	var coverText []string
	for _, r := range cover {
		coverText = append(coverText, strings.Join(r, " | "))
	}
	for _, want := range []string{"Zeitraum | 05.01.2026 – 16.02.2026", "Zeithorizont (Jahre) | 5", "Betreiber geantwortet | 1: Telekom"} {
		if !strings.Contains(strings.Join(coverText, "\n"), want) {
			t.Errorf("cover lacks %q:\n%s", want, strings.Join(coverText, "\n"))
		}
	}
	if _, err := f.GetSheetIndex("Kosten"); err != nil {
		t.Error(err)
	}
	// The rule set's source and the survey's horizon are on the workbook.
	var cells []string
	for _, sh := range f.GetSheetList() {
		rs, _ := f.GetRows(sh)
		for _, r := range rs {
			cells = append(cells, strings.Join(r, " | "))
		}
	}
	all := strings.Join(cells, "\n")
	for _, want := range []string{"Quelle des Regelwerks | Richtlinie „Förderung zur Unterstützung des Gigabitausbaus", "13.01.2025",
		"Zeithorizont der Markterkundung | 5 Jahre"} { // 5: the survey's horizon
		if !strings.Contains(all, want) {
			t.Errorf("workbook lacks %q", want)
		}
	}

	// The source's row is tall enough for its wrapped text (LibreOffice
	// does not fit streamed rows).
	for _, sh := range f.GetSheetList() {
		rs, _ := f.GetRows(sh)
		for i, r := range rs {
			if len(r) > 1 && r[0] == "Quelle des Regelwerks" {
				if h, err := f.GetRowHeight(sh, i+1); err != nil || h < 60 {
					t.Errorf("%s row %d (source, %d characters): height %v, %v", sh, i+1, len([]rune(r[1])), h, err)
				}
			}
		}
	}

	// The survey's horizon and the BW co-funding splits.
	out7 := filepath.Join(t.TempDir(), "sieben.xlsx")
	c.mustRun("report", "funding", "--out", out7, "--area", "Nord", "--horizon", "7y",
		"--rules", "bw-gigabitmitfinanzierung-2023", "--cost", "2500", "--shares", "60/30/10")
	f7, err := excelize.OpenFile(out7)
	if err != nil {
		t.Fatal(err)
	}
	defer f7.Close()
	found := false
	for _, sh := range f7.GetSheetList() {
		rs, _ := f7.GetRows(sh)
		for _, r := range rs {
			found = found || strings.Join(r, " | ") == "Zeithorizont der Markterkundung | 7 Jahre"
		}
	}
	if !found {
		t.Error("workbook with --horizon 7y does not say 7 Jahre")
	}
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--horizon", "9y"}, `--horizon "9y": Zeithorizont 9 Jahre liegt nicht zwischen 3 und 7 Jahren (Regelsatz gigabit-2025)`},
		{[]string{"--rules", "bw-gigabitmitfinanzierung-2023", "--cost", "2500", "--shares", "50/30/20"},
			`--shares "50/30/20": Finanzierungsanteile (Bund 50 % / Land 30 % / Kommune 20 %) sieht der Regelsatz bw-gigabitmitfinanzierung-2023 nicht vor (zulässig: Bund 50 % / Land 40 % / Kommune 10 %; Bund 60 % / Land 30 % / Kommune 10 %; Bund 70 % / Land 20 % / Kommune 10 %)`},
		{[]string{"--rules", "bw-gigabitmitfinanzierung-2023", "--cost", "2500", "--shares", "50,5/39,5/10"}, "nur ganze Prozentanteile"},
		{[]string{"--rules", "grau-2018"}, `bitte "grau-2021" verwenden`},
	} {
		args := append([]string{"report", "funding", "--out", filepath.Join(dir, "x.xlsx"), "--area", "Nord"}, tt.args...)
		if code, _, errs := c.run(args...); code != 1 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr lacks %q:\n%s", tt.args, code, tt.want, errs)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused reports left files behind: %d", len(entries))
	}
}

// TestCLIReportFundingWithoutSurvey: without supply data for the project
// area the funding workbook is refused with what is missing and how to
// supply it; --without-survey writes it, marked, with the addresses
// nobody reported "ungeklärt"; after a supply import it is written as
// usual.
func TestCLIReportFundingWithoutSurvey(t *testing.T) {
	c := supplyFixture(t) // districts Nord and Süd, addresses, no supply yet
	dir := t.TempDir()
	out := filepath.Join(dir, "foerderantrag.xlsx")
	code, _, errs := c.run("report", "funding", "--out", out, "--area", "Nord")
	if code != 1 || !strings.Contains(errs, "für Nord liegt keine Markterkundung vor") ||
		!strings.Contains(errs, "gigaplan supply import") || !strings.Contains(errs, "--without-survey") {
		t.Errorf("without supply: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused workbook was written: %v", err)
	}

	msg := c.mustRun("report", "funding", "--out", out, "--area", "Nord", "--without-survey", "--contact", "Frau Muster, 0781 82-0")
	if !strings.Contains(msg, "Ohne Markterkundung:") || !strings.Contains(msg, "ungeklärt") {
		t.Errorf("stdout: %s", msg)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	cover, _ := f.GetRows("Deckblatt")
	list, _ := f.GetRows("Adressliste")
	f.Close()
	if s := fmt.Sprint(cover); !strings.Contains(s, "Ohne Markterkundung: Förderfähigkeit nicht belegt") || !strings.Contains(s, "Frau Muster, 0781 82-0") {
		t.Errorf("cover: %v", cover)
	}
	for _, r := range list[1:] {
		if s := strings.Join(r, "|"); strings.Contains(s, "förderfähig: keine Versorgung gemeldet") {
			t.Errorf("an address reads as eligible for lack of reports: %s", s)
		}
	}
	if s := fmt.Sprint(list); !strings.Contains(s, "ungeklärt (keine Markterkundung)") {
		t.Errorf("no undecided address: %v", list)
	}

	c.mustRun("import", "supply", "--operator", "Telekom", "--as-of", "2026-03-02", "testdata/supply.csv")
	if msg := c.mustRun("report", "funding", "--out", out, "--area", "Nord"); strings.Contains(msg, "Ohne Markterkundung") {
		t.Errorf("with supply: %s", msg)
	}
	// The sources block names what was imported: file, records, date.
	if f, err = excelize.OpenFile(out); err != nil {
		t.Fatal(err)
	}
	cover, _ = f.GetRows("Deckblatt")
	f.Close()
	vals := map[string]string{}
	for _, r := range cover {
		if len(r) > 1 {
			vals[r[0]] = r[1]
		}
	}
	for label, want := range map[string]string{
		"Adressen":                    "adressen.csv · 7 Datensätze · importiert am ",
		"Gebiete: Ortsteile":          "ortsteile.geojson · 2 Datensätze",
		"Versorgung (Markterkundung)": "supply.csv · 6 Datensätze",
		"Markterkundungsverfahren":    "Versorgungsdaten für das Projektgebiet liegen vor: supply.csv (",
	} {
		if !strings.Contains(vals[label], want) {
			t.Errorf("cover %s = %q, want %q", label, vals[label], want)
		}
	}
	if d := vals["Stand der Adressdaten"]; d == "" || d == "nicht erfasst" {
		t.Errorf("Stand der Adressdaten = %q", d)
	}
}
