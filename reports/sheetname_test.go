package reports

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShortSheetName(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		taken []string
		want  string
	}{
		{name: "short", in: "Kampagnen", want: "Kampagnen"},
		{name: "exactly 31", in: "Verlauf Glasfaser Kleinbach 27x", want: "Verlauf Glasfaser Kleinbach 27x"},
		{name: "cut at a word", in: "Verlauf Glasfaser für Musterstadt 2026", want: "Verlauf Glasfaser für"},
		{name: "umlauts count as one character", in: "Verlauf Ölbäume Übersee Größenäcker", want: "Verlauf Ölbäume Übersee"},
		{name: "umlauts fit by characters, not bytes", in: "Verlauf Müllhäuser Bühlweier Öl", want: "Verlauf Müllhäuser Bühlweier Öl"},
		{name: "dash at the cut dropped", in: "Verlauf Ortsteile Nord und – Süd-West", want: "Verlauf Ortsteile Nord und"},
		{name: "invalid characters", in: "Gebiete [Nord]: A/B", want: "Gebiete -Nord-- A-B"},
		{name: "apostrophes and spaces at the ends", in: "  'Nord'  ", want: "Nord"},
		{name: "inner spaces collapsed", in: "Verlauf   DG\tNord", want: "Verlauf DG Nord"},
		{name: "empty", in: " ", want: "Tabelle"},
		{name: "one long word cut", in: "Donaudampfschifffahrtsgesellschaftskapitän", want: "Donaudampfschifffahrtsgesellsch"},
		{name: "taken", in: "Kampagnen", taken: []string{"Kampagnen"}, want: "Kampagnen (2)"},
		{name: "taken, other case", in: "kampagnen", taken: []string{"KAMPAGNEN"}, want: "kampagnen (2)"},
		{name: "taken twice", in: "Kampagnen", taken: []string{"Kampagnen", "Kampagnen (2)"}, want: "Kampagnen (3)"},
		{name: "collision after the cut", in: "Verlauf Glasfaser für Musterstadt 2027", taken: []string{"Verlauf Glasfaser für"},
			want: "Verlauf Glasfaser für (2)"},
		{name: "suffix makes room by words", in: "Verlauf Glasfaser Kleinbach 27x", taken: []string{"Verlauf Glasfaser Kleinbach 27x"},
			want: "Verlauf Glasfaser Kleinbach (2)"},
		{name: "umlaut name taken", in: "Übersicht", taken: []string{"übersicht"}, want: "Übersicht (2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			taken := func(s string) bool {
				for _, x := range tt.taken {
					if strings.EqualFold(x, s) {
						return true
					}
				}
				return false
			}
			got := shortSheetName(tt.in, taken)
			if got != tt.want {
				t.Errorf("shortSheetName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > maxSheetName {
				t.Errorf("%q has %d characters", got, n)
			}
		})
	}
}
