package campaigns

import "testing"

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 15918: "15.918", 1234567: "1.234.567", -4500: "-4.500", -999: "-999"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestGermanLabels(t *testing.T) {
	if CountBusinesses.German() != "Unternehmen" || CountHouseholds.German() != "Haushalte" || Counting("").German() != "Haushalte" {
		t.Error("Counting.German")
	}
	if AtRisk.German() != "gefährdet" || Rating("").German() != "–" {
		t.Error("Rating.German")
	}
}
