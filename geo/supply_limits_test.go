package geo

import (
	"fmt"
	"strings"
	"testing"
)

// TestReadSupplyLimits checks bandwidths at the limits 0 and MaxBandwidth
// and a row shorter than the header (missing cells are empty).
func TestReadSupplyLimits(t *testing.T) {
	recs, err := readSupplyAll(t, "s.csv", []byte("key;download;upload\nk1;100000;0\nk2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Download != MaxBandwidth || recs[0].Upload != 0 || recs[1].Key != "k2" || recs[1].Download != 0 || recs[1].Upload != 0 {
		t.Errorf("%+v", recs)
	}
	if _, err := readSupplyAll(t, "s.csv", []byte("key;download\nk1;100000,5\n")); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("100000,5 Mbit/s: err = %v", err)
	}
}

// TestParsePlannedDateMessages checks that malformed dates are reported as
// not a date rather than as out of range.
func TestParsePlannedDateMessages(t *testing.T) {
	for _, s := range []string{"12.20x6", "01.202", "x1.2026", "13/2026", "2026-1x"} {
		if _, err := ParsePlannedDate(s); err == nil || !strings.Contains(err.Error(), "is not a date") {
			t.Errorf("ParsePlannedDate(%q): err = %v, want not a date", s, err)
		}
	}
	if _, err := ParsePlannedDate("12/1989"); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("12/1989: err = %v", err)
	}
}

// TestMatcherIncompleteAddress checks records whose address lacks street,
// number or postcode: a known key is trusted (there is no address to
// contradict it, even where an official address has an empty street or
// number), an unknown key is reported as such.
func TestMatcherIncompleteAddress(t *testing.T) {
	m, err := NewMatcher(func(yield func(Address, error) bool) {
		for _, a := range []Address{
			{ID: 1, Key: "K1", Street: "Hauptstraße", HouseNumber: "5", Postcode: "77652"},
			// Placeholder addresses: no street name, one without number.
			{ID: 2, Street: "", HouseNumber: "5", Postcode: "77652"},
			{ID: 3, Street: "", HouseNumber: "", Postcode: "77652"},
		} {
			if !yield(a, nil) {
				return
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		rec    SupplyRecord
		id     int64
		reason string
	}{
		{"key, no street", SupplyRecord{Key: "K1", Number: "5", Postcode: "77652"}, 1, ""},
		{"key, postcode only", SupplyRecord{Key: "K1", Postcode: "77652"}, 1, ""},
		{"key, no postcode", SupplyRecord{Key: "K1", Street: "Hauptstraße", Number: "5"}, 1, ""},
		{"unknown key, no postcode", SupplyRecord{Key: "X", Street: "Hauptstraße", Number: "5"}, 0, `Schlüssel "X" unbekannt`},
		{"unknown key, no street", SupplyRecord{Key: "X", Number: "5", Postcode: "77652"}, 0, `Schlüssel "X" unbekannt`},
		{"unknown key, no number", SupplyRecord{Key: "X", Street: "Hauptstraße", Postcode: "77652"}, 0, `Schlüssel "X" unbekannt`},
		{"no key, no number", SupplyRecord{Street: "Hauptstraße", Postcode: "77652"}, 0, "weder Schlüssel noch Straße, Hausnummer und PLZ"},
		{"no key, no street", SupplyRecord{Number: "5", Postcode: "77652"}, 0, "weder Schlüssel noch Straße, Hausnummer und PLZ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, reason := m.MatchReason(tt.rec)
			if id != tt.id || reason != tt.reason {
				t.Errorf("MatchReason = %d, %q; want %d, %q", id, reason, tt.id, tt.reason)
			}
		})
	}
}

// TestMatchAllUnmatchedCap checks that at most 1000 unmatched records are
// listed, in file order, while UnmatchedCount counts all.
func TestMatchAllUnmatchedCap(t *testing.T) {
	m := mustMatcher(t)
	var recs []SupplyRecord
	for i := 0; i < 1001; i++ {
		recs = append(recs, SupplyRecord{File: "u.csv", Line: i + 2, Key: fmt.Sprint("unknown-", i)})
	}
	_, rep, err := m.MatchAll(recSeq(recs, nil))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != 1001 || rep.UnmatchedCount != 1001 || len(rep.Unmatched) != 1000 || rep.Unmatched[999].Line != 1001 {
		t.Errorf("read %d, unmatched %d, listed %d", rep.Read, rep.UnmatchedCount, len(rep.Unmatched))
	}
}
