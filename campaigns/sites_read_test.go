package campaigns

import (
	"bytes"
	"strings"
	"testing"

	"gigaplan/geo"
)

func TestReadSites(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []SiteRow
		err  string
	}{
		{name: "all columns", csv: "Liegenschaft;Art;Adresse;Kampagne;Förderprojekt;Status;Datum\nGrundschule Nord;Schule;Schulweg 3;DG;#4;im Bau;01.02.2026\n",
			want: []SiteRow{{Line: 2, Name: "Grundschule Nord", Kind: "Schule", Address: "Schulweg 3", Campaign: "DG", Project: "#4", State: SiteConstruction, Date: date("2026-02-01")}}},
		{name: "names only, state planned", csv: "Einrichtung,Typ\nRathaus,Rathaus\n",
			want: []SiteRow{{Line: 2, Name: "Rathaus", Kind: "Rathaus", State: SitePlanned}}},
		{name: "english state", csv: "name;kind;state\nKita;Kita;connected\n", want: []SiteRow{{Line: 2, Name: "Kita", Kind: "Kita", State: SiteConnected}}},
		{name: "no kind column", csv: "Liegenschaft;Adresse\nRathaus;Markt 1\n", err: "f.csv:1: die Spalte Art fehlt"},
		{name: "empty name", csv: "Liegenschaft;Art\n;Schule\n", err: "f.csv:2: Spalte Liegenschaft: leer"},
		{name: "unknown state", csv: "Liegenschaft;Art;Status\nRathaus;Rathaus;fertig\n", err: "f.csv:2: Spalte Status: unbekannter Anschlussstand \"fertig\""},
		{name: "project by name", csv: "Liegenschaft;Art;Förderprojekt\nRathaus;Rathaus;Weiße Flecken Nord\n",
			want: []SiteRow{{Line: 2, Name: "Rathaus", Kind: "Rathaus", Project: "Weiße Flecken Nord", State: SitePlanned}}},
		{name: "bad date", csv: "Liegenschaft;Art;Datum\nRathaus;Rathaus;gestern\n", err: "f.csv:2: Spalte Datum: \"gestern\" ist kein Datum"},
		{name: "no rows", csv: "Liegenschaft;Art\n", err: "keine Zeilen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadSites("f.csv", strings.NewReader(tt.csv), MaxSiteRows)
			if tt.err != "" {
				if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.err) {
					t.Fatalf("error %v, want EINVALID with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("rows %+v, want %+v", got, tt.want)
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if g.Line != w.Line || g.Name != w.Name || g.Kind != w.Kind || g.Address != w.Address || g.Campaign != w.Campaign ||
					g.Project != w.Project || g.State != w.State || !g.Date.Equal(w.Date) {
					t.Errorf("row %d: %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

// FuzzReadSites: any input gives rows with a name, a kind and a known
// state, or an EINVALID error; never a panic.
func FuzzReadSites(f *testing.F) {
	f.Add([]byte("Liegenschaft;Art;Adresse;Kampagne;Förderprojekt;Status;Datum\nGrundschule Nord;Schule;Schulweg 3;DG;4;im Bau;01.02.2026\n"))
	f.Add([]byte("name,kind,state\nA,B,connected\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadSites("f.csv", bytes.NewReader(data), 100)
		if err != nil {
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		for _, r := range rows {
			if _, err := ParseSiteState(string(r.State)); err != nil || r.Name == "" || r.Kind == "" {
				t.Fatalf("row read without an error: %+v", r)
			}
		}
	})
}
