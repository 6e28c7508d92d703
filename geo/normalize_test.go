package geo

import "testing"

func TestNormalizeSearch(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"straße", "Hauptstraße 12a", "hauptstr 12a"},
		{"strasse", "hauptstrasse 12a", "hauptstr 12a"},
		{"str.", "Hauptstr. 12 a", "hauptstr 12a"},
		{"umlaut", "Mühlenweg", "muhlenweg"},
		{"digraph", "Muehlenweg", "muhlenweg"},
		{"plain", "muhlen", "muhlen"},
		{"capital umlaut", "ÖSTRINGER STRASSE 3", "ostringer str 3"},
		{"spaces", "  Am   Markt  ", "am markt"},
		{"hyphen and ue fold", "Konrad-Adenauer-Str. 1", "konrad adenaur str 1"},
		{"empty", "", ""},
		{"suffix z", "Hauptstr. 12 z", "hauptstr 12z"},
		{"suffix after a number ending in 0", "Weg 10 a", "weg 10a"},
		{"suffix after a number ending in 9", "Weg 9 b", "weg 9b"},
		{"single letter after a word stays apart", "Weg A", "weg a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeSearch(tt.in); got != tt.want {
				t.Errorf("NormalizeSearch(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsPlaceholderStreet(t *testing.T) {
	for s, want := range map[string]bool{
		"### Straßenname unbekannt": true,
		"Straßenname unbekannt":     true,
		"":                          true,
		"Hauptstraße":               false,
		"Unterer Weg":               false,
	} {
		if got := IsPlaceholderStreet(s); got != want {
			t.Errorf("IsPlaceholderStreet(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestAddressKey(t *testing.T) {
	a := Address{AGS: "08317096", StreetKey: "00123", HouseNumber: "12", Suffix: "A"}
	if got, want := AddressKey(a), "08317096|00123|12|a"; got != want {
		t.Errorf("AddressKey = %q, want %q", got, want)
	}
	b := Address{Postcode: "77652", Street: "Hauptstraße", HouseNumber: "12"}
	if got, want := AddressKey(b), "77652|hauptstr|12|"; got != want {
		t.Errorf("AddressKey = %q, want %q", got, want)
	}
}
