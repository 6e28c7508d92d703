package campaigns

import (
	"bytes"
	"github.com/xuri/excelize/v2"
	"os"
	"strings"
	"testing"
	"time"

	"gigaplan/geo"
)

func TestReadEntriesCSV(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		n       int
		wantErr string
	}{
		{"comma", "campaign,area,date,count\nDG,Nord,2026-11-16,120\nDG,Süd,2026-11-16,80\n", 2, ""},
		{"semicolon German dates and BOM", "\ufeffcampaign;area;date;count;source;comment\nDG;Nord;16.11.2026;120;manual;Nachtrag\n", 1, ""},
		{"quoted comma", "campaign,area,date,count,source,comment\nDG,Nord,2026-11-16,110,provider,\"12 Widerrufe, 2 neu\"\n", 1, ""},
		{"missing column", "campaign,area,count\nDG,Nord,1\n", 0, "x.csv:1: die Spalte „date“ fehlt"},
		{"semicolon header after empty lines", "\r\n\ncampaign;area;count\nDG;Nord;1\n", 0, "x.csv:3: die Spalte „date“ fehlt; erwartet wird die Kopfzeile campaign,area,date,count,source,comment (vorhanden: campaign,area,count)"},
		{"semicolon rows after an empty line", "\ncampaign;area;date;count\nDG;Nord;16.11.2026;x\n", 0, "x.csv:3: Spalte count"},
		{"a tie between semicolons and commas goes to the semicolon (as for addresses)", "campaign,area;date,count;source\nDG,Nord;2026-11-16,1;x\n", 0, "x.csv:1: die Spalte „campaign“ fehlt"},
		{"column twice after an empty line", "\ncampaign,area,date,count,Area\n", 0, "x.csv:2: die Spalte „area“ steht zweimal in der Kopfzeile"},
		{"bad count on line 3", "campaign,area,date,count\nDG,Nord,2026-11-16,120\nDG,Süd,2026-11-16,achtzig\n", 0, "x.csv:3: Spalte count"},
		{"bad date", "campaign,area,date,count\nDG,Nord,16/11/2026,120\n", 0, "x.csv:2: Spalte date"},
		{"bad source", "campaign,area,date,count,source\nDG,Nord,2026-11-16,120,hearsay\n", 0, "Spalte source"},
		{"empty area", "campaign,area,date,count\nDG,,2026-11-16,120\n", 0, "Spalte area: leer"},
		{"empty", "", 0, "x.csv: the file is empty"},
		{"header only", "campaign,area,date,count\n", 0, "keine Zeilen"},
		{"NUL in the first field", "campaign,area,date,count\nD\x00G,Nord,2026-11-16,120\n", 0, "x.csv:2: field campaign: the value holds the control character U+0000"},
		{"too many rows", "campaign,area,date,count\nA,B,2026-01-01,1\nA,B,2026-01-02,1\nA,B,2026-01-03,1\n", 0, "mehr als 2 Zeilen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, lines, err := ReadEntriesCSV("x.csv", strings.NewReader(tt.in), 2)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				if geo.ErrorCode(err) != geo.EINVALID {
					t.Errorf("code %s", geo.ErrorCode(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != tt.n || len(lines) != tt.n {
				t.Fatalf("%d entries, %d lines, want %d", len(es), len(lines), tt.n)
			}
			if lines[0] != 2 || es[0].Campaign != "DG" || es[0].Area != "Nord" || es[0].Count <= 0 || es[0].AsOf.Format("2006-01-02") != "2026-11-16" {
				t.Errorf("first entry %+v line %d", es[0], lines[0])
			}
		})
	}
}

// TestReadEntriesXLSX reads sign-ups from a workbook as a provider sends
// them: a title row above the header, dates as date cells (serial days),
// counts as numbers.
func TestReadEntriesXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	f.SetCellValue(sh, "A1", "Vorvermarktung Deutsche Glasfaser, Stand KW 47")
	for i, v := range []any{"campaign", "area", "date", "count"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		f.SetCellValue(sh, cell, v)
	}
	f.SetCellValue(sh, "A4", "DG")
	f.SetCellValue(sh, "B4", "Nord")
	f.SetCellValue(sh, "C4", time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC))
	f.SetCellValue(sh, "D4", 120)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	es, lines, err := ReadEntriesCSV("dg.xlsx", &buf, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || lines[0] != 4 || es[0].Campaign != "DG" || es[0].Count != 120 || es[0].AsOf.Format(time.DateOnly) != "2026-11-16" {
		t.Fatalf("%+v lines %v", es, lines)
	}
}

func FuzzReadEntriesCSV(f *testing.F) {
	for _, name := range []string{"testdata/signups.csv", "testdata/signups_bad.csv"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("campaign;area;date;count\nA;B;01.02.2026;3\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, lines, err := ReadEntriesCSV("fuzz.csv", strings.NewReader(string(b)), 1000)
		if err != nil {
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("error without code invalid: %v", err)
			}
			return
		}
		if len(es) == 0 || len(es) != len(lines) {
			t.Fatalf("%d entries, %d lines", len(es), len(lines))
		}
		for _, e := range es {
			if e.Campaign == "" || e.Area == "" || e.AsOf.IsZero() {
				t.Fatalf("incomplete entry %+v", e)
			}
		}
	})
}
