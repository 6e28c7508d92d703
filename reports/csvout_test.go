package reports

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestInertCSVField(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Gewerbegebiet Nord", "Gewerbegebiet Nord"},
		{`=HYPERLINK("http://evil.example","Klick")`, `'=HYPERLINK("http://evil.example","Klick")`},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-", "'-"},
		{"- Hinweis", "'- Hinweis"},
		// Plain numbers stay numbers.
		{"-3.5", "-3.5"},
		{"-3,5", "-3,5"},
		{"+49", "+49"},
		{"-0", "-0"},
		// Number-like but not plain.
		{"-1e9", "'-1e9"},
		{"-Inf", "'-Inf"},
		{"+NaN", "'+NaN"},
		{"-0x10", "'-0x10"},
		{"-1,5,5", "'-1,5,5"},
		{"-1 000", "'-1 000"},
		// Only the first character counts.
		{"A=B", "A=B"},
		{" =1", " =1"},
	} {
		if got := InertCSVField(tc.in); got != tc.want {
			t.Errorf("InertCSVField(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAddressCSVFormulaInert(t *testing.T) {
	rows := exportRows()
	rows[0].Zones = []string{`=HYPERLINK("http://evil.example";"Gewerbegebiet")`}
	rows[1].Operator = "@Betreiber"
	for name, write := range map[string]func(*bytes.Buffer) (int, error){
		"gis":   func(b *bytes.Buffer) (int, error) { return WriteAddressesCSV(b, seq(rows)) },
		"excel": func(b *bytes.Buffer) (int, error) { return WriteAddressesExcelCSV(b, seq(rows)) },
	} {
		var b bytes.Buffer
		if _, err := write(&b); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), ExcelBOM)))
		if name == "excel" {
			r.Comma = ';'
		}
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := recs[1][10]; got != `'=HYPERLINK("http://evil.example";"Gewerbegebiet")` {
			t.Errorf("%s: zones = %q, want the formula behind an apostrophe", name, got)
		}
		if got := recs[2][26]; got != "'@Betreiber" {
			t.Errorf("%s: operator = %q", name, got)
		}
		for i, rec := range recs {
			for j, f := range rec {
				if f != "" && strings.ContainsRune("=+@", rune(f[0])) {
					t.Errorf("%s: row %d column %d starts a formula: %q", name, i, j, f)
				}
			}
		}
	}
}

// TestWriteAddressesExcelCSV checks the form German Excel opens in
// columns: BOM, ';', CRLF, German headers, decimal commas and ja/nein,
// with the same rows as the GIS form.
func TestWriteAddressesExcelCSV(t *testing.T) {
	var b bytes.Buffer
	n, err := WriteAddressesExcelCSV(&b, seq(exportRows()))
	if err != nil || n != len(exportRows()) {
		t.Fatalf("WriteAddressesExcelCSV = %d, %v", n, err)
	}
	s := b.String()
	if !strings.HasPrefix(s, ExcelBOM) {
		t.Fatalf("no BOM: %q", s[:10])
	}
	if !strings.HasSuffix(s, "\r\n") || strings.Count(s, "\r\n") != n+1 {
		t.Errorf("want CRLF line ends on %d lines", n+1)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, ExcelBOM)))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs[0]) != len(AddressColumns) || len(AddressColumnsGerman) != len(AddressColumns) {
		t.Fatalf("header has %d fields, want %d", len(recs[0]), len(AddressColumns))
	}
	if recs[0][4] != "Straße" || recs[0][21] != "förderfähig" {
		t.Errorf("header = %q", recs[0])
	}
	first := recs[1]
	for col, want := range map[int]string{
		0: "1", 4: "Hauptstraße", 10: "Gewerbegebiet Nord; Mischgebiet, Ost",
		12: "420560,12", 13: "5370080,99", 14: "7,92", 21: "ja", 23: "16,0", 24: "2,4",
	} {
		if first[col] != want {
			t.Errorf("column %s = %q, want %q", AddressColumnsGerman[col], first[col], want)
		}
	}
	if got := recs[2][21]; got != "nein" {
		t.Errorf("eligible of row 2 = %q, want nein", got)
	}
	// The GIS form has the same values with '.' and true/false.
	var g bytes.Buffer
	if _, err := WriteAddressesCSV(&g, seq(exportRows())); err != nil {
		t.Fatal(err)
	}
	gis, err := csv.NewReader(&g).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(gis); i++ {
		for j := range gis[i] {
			want := gis[i][j]
			switch want {
			case "true":
				want = "ja"
			case "false":
				want = "nein"
			}
			if AddressColumns[j].Type == "REAL" {
				want = strings.Replace(want, ".", ",", 1)
			}
			if recs[i][j] != want {
				t.Errorf("row %d %s: excel %q, gis %q", i, AddressColumns[j].Name, recs[i][j], gis[i][j])
			}
		}
	}
}
