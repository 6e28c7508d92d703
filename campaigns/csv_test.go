package campaigns

import (
	"os"
	"strings"
	"testing"

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
		{"missing column", "campaign,area,count\nDG,Nord,1\n", 0, "x.csv:1: column \"date\" missing"},
		{"semicolon header after empty lines", "\r\n\ncampaign;area;count\nDG;Nord;1\n", 0, "x.csv:3: column \"date\" missing; want a header campaign,area,date,count,source,comment (found campaign,area,count)"},
		{"semicolon rows after an empty line", "\ncampaign;area;date;count\nDG;Nord;16.11.2026;x\n", 0, "x.csv:3: field count"},
		{"a tie between semicolons and commas goes to the comma", "campaign,area;date,count;source\nDG,Nord;2026-11-16,1;x\n", 0, "x.csv:1: column \"area\" missing"},
		{"column twice after an empty line", "\ncampaign,area,date,count,Area\n", 0, "x.csv:2: column \"area\" appears twice"},
		{"bad count on line 3", "campaign,area,date,count\nDG,Nord,2026-11-16,120\nDG,Süd,2026-11-16,achtzig\n", 0, "x.csv:3: field count"},
		{"bad date", "campaign,area,date,count\nDG,Nord,16/11/2026,120\n", 0, "x.csv:2: field date"},
		{"bad source", "campaign,area,date,count,source\nDG,Nord,2026-11-16,120,hearsay\n", 0, "field source"},
		{"empty area", "campaign,area,date,count\nDG,,2026-11-16,120\n", 0, "field area: empty"},
		{"empty", "", 0, "empty file"},
		{"header only", "campaign,area,date,count\n", 0, "no rows"},
		{"bare quote in the first field", "campaign,area,date,count\nD\"G,Nord,2026-11-16,120\n", 0, "x.csv:2: bare \""},
		{"too many rows", "campaign,area,date,count\nA,B,2026-01-01,1\nA,B,2026-01-02,1\nA,B,2026-01-03,1\n", 0, "more than 2 rows"},
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
