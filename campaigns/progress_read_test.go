package campaigns

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/geo"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// gewerbeparkRows are the rows of testdata/progress/gewerbepark.csv.
var gewerbeparkRows = []ProgressRow{
	{Line: 2, Area: "Gewerbepark Nord", AsOf: date("2026-01-05"), ExpectedStart: date("2026-01-31"), ExpectedCompletion: date("2026-12-31")},
	{Line: 3, Area: "Gewerbepark Nord", Street: "Industriestraße", AsOf: date("2026-02-02"), Passed: 18, Connected: 4, Activated: 2},
	{Line: 4, Area: "Gewerbepark Nord", Street: "Robert-Bosch-Straße", AsOf: date("2026-02-02"), Passed: 11},
	{Line: 5, Area: "Gewerbepark Nord", Street: "Industriestraße", AsOf: date("2026-03-02"), Passed: 34, Connected: 15, Activated: 11},
	{Line: 6, Area: "Gewerbepark Nord", Street: "Robert-Bosch-Straße", AsOf: date("2026-03-02"), Passed: 27, Connected: 9, Activated: 6},
	{Line: 7, Area: "Gewerbepark Nord", Street: "Am Gleis", AsOf: date("2026-03-02"), Passed: 6, ExpectedCompletion: date("2027-12-31")},
}

func readFile(t *testing.T, path string, mapping map[string]string) ([]ProgressRow, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ReadProgress(filepath.Base(path), f, mapping, MaxProgressRows)
}

func sameRows(t *testing.T, got, want []ProgressRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Line != w.Line || g.Area != w.Area || g.Street != w.Street || !g.AsOf.Equal(w.AsOf) || g.Passed != w.Passed ||
			g.Connected != w.Connected || g.Activated != w.Activated || !g.ExpectedStart.Equal(w.ExpectedStart) ||
			!g.ExpectedCompletion.Equal(w.ExpectedCompletion) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func TestReadProgressCSV(t *testing.T) {
	rows, err := readFile(t, "testdata/progress/gewerbepark.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, rows, gewerbeparkRows)
}

// TestReadProgressXLSX: the same rows from a workbook with date cells
// and number cells, as a provider's spreadsheet holds them.
func TestReadProgressXLSX(t *testing.T) {
	x := excelize.NewFile()
	defer x.Close()
	sh := x.GetSheetName(0)
	header := []any{"Ortsteil", "Straße", "Stand", "HP", "HC", "HA", "Baubeginn", "Fertigstellung"}
	if err := x.SetSheetRow(sh, "A1", &header); err != nil {
		t.Fatal(err)
	}
	for i, r := range gewerbeparkRows {
		row := []any{r.Area, r.Street, r.AsOf, r.Passed, r.Connected, r.Activated, "", ""}
		if !r.ExpectedStart.IsZero() {
			row[6] = r.ExpectedStart
		}
		if !r.ExpectedCompletion.IsZero() {
			row[7] = r.ExpectedCompletion.Format("02.01.2006")
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := x.SetSheetRow(sh, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadProgress("gewerbepark.xlsx", &buf, nil, MaxProgressRows)
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, rows, gewerbeparkRows)
}

// TestReadProgressMapping: columns are found by the providers' names, or
// named with --map; a missing column names what the file has.
func TestReadProgressMapping(t *testing.T) {
	tests := []struct {
		name    string
		csv     string
		mapping map[string]string
		want    []ProgressRow
		err     string
	}{
		{name: "english names, commas", csv: "area,date,passed,connected,activated\nWest,2026-02-01,\"1.234\",10,5\n",
			want: []ProgressRow{{Line: 2, Area: "West", AsOf: date("2026-02-01"), Passed: 1234, Connected: 10, Activated: 5}}},
		{name: "underscores and case", csv: "GEBIET;Homes_Passed;Homes-Connected;homes activated;Berichtsdatum\nOst;7;0;;3.2.2026\n",
			want: []ProgressRow{{Line: 2, Area: "Ost", AsOf: date("2026-02-03"), Passed: 7}}},
		{name: "mapped", csv: "Cluster-ID;Meldung vom;Anschlussbereit;Kunden angeschlossen;Kunden aktiv\nC1;01.02.2026;9;4;1\n",
			mapping: map[string]string{"area": "Cluster-ID", "date": "Meldung vom", "passed": "Anschlussbereit", "connected": "Kunden angeschlossen", "activated": "Kunden aktiv"},
			want:    []ProgressRow{{Line: 2, Area: "C1", AsOf: date("2026-02-01"), Passed: 9, Connected: 4, Activated: 1}}},
		{name: "missing column", csv: "Gebiet;Datum;Homes Passed;Activated\nWest;01.02.2026;1;0\n",
			err: "f.csv:1: die Spalte Homes Connected fehlt (vorhanden: Gebiet, Datum, Homes Passed, Activated); benennen mit --map connected=SPALTE"},
		{name: "mapped column missing", csv: "Gebiet;Datum;HP;HC;HA\nWest;01.02.2026;1;0;0\n", mapping: map[string]string{"date": "Stand"},
			err: "die Spalte \"Stand\" für Datum aus --map fehlt"},
		{name: "unknown field", csv: "Gebiet;Datum;HP;HC;HA\nWest;01.02.2026;1;0;0\n", mapping: map[string]string{"homes": "HP"},
			err: "--map: unbekanntes Feld \"homes\""},
		{name: "bad number", csv: "Gebiet;Datum;HP;HC;HA\nWest;01.02.2026;1;0;0\nWest;02.02.2026;zwölf;0;0\n",
			err: "f.csv:3: Spalte HP: \"zwölf\" ist keine ganze Zahl"},
		{name: "negative", csv: "Gebiet;Datum;HP;HC;HA\nWest;01.02.2026;1;-1;0\n", err: "f.csv:2: Spalte HC: -1 ist negativ"},
		{name: "bad date", csv: "Gebiet;Datum;HP;HC;HA\nWest;31.02.2026;1;0;0\n", err: "f.csv:2: Spalte Datum: \"31.02.2026\" ist kein Datum"},
		{name: "bad expected date", csv: "Gebiet;Datum;HP;HC;HA;Fertigstellung\nWest;01.02.2026;1;0;0;bald\n",
			err: "f.csv:2: Spalte Fertigstellung: \"bald\" ist kein Datum"},
		{name: "no rows", csv: "Gebiet;Datum;HP;HC;HA\n", err: "f.csv: keine Zeilen unter der Kopfzeile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ReadProgress("f.csv", strings.NewReader(tt.csv), tt.mapping, MaxProgressRows)
			if tt.err != "" {
				if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.err) {
					t.Fatalf("error %v, want EINVALID with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sameRows(t, rows, tt.want)
		})
	}
	if _, err := ReadProgress("f.csv", strings.NewReader("Gebiet;Datum;HP;HC;HA\nA;01.02.2026;1;0;0\nB;01.02.2026;1;0;0\n"), nil, 1); err == nil ||
		!strings.Contains(err.Error(), "mehr als 1 Zeilen") {
		t.Errorf("row limit: %v", err)
	}
}

// FuzzReadProgress: any input gives rows that hold or an EINVALID error
// naming the file; never a panic.
func FuzzReadProgress(f *testing.F) {
	for _, p := range []string{"testdata/progress/gewerbepark.csv", "testdata/progress/bad_last_row.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Gebiet;Datum;HP;HC;HA\nWest;01.02.2026;1.000;0;0\n"))
	f.Add([]byte("area,date,passed,connected,activated,completion\n,44000,1,1,1,2027\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadProgress("f.csv", bytes.NewReader(data), nil, 1000)
		if err != nil {
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if len(rows) == 0 || len(rows) > 1000 {
			t.Fatalf("%d rows without an error", len(rows))
		}
		for _, r := range rows {
			if r.Passed < 0 || r.Connected < 0 || r.Activated < 0 || r.AsOf.IsZero() || r.Line < 1 {
				t.Fatalf("row read without an error: %+v", r)
			}
		}
	})
}
