package geo

import "testing"

func TestSummaryLines(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Thousands(0), "0"},
		{Thousands(999), "999"},
		{Thousands(1000), "1.000"},
		{Thousands(-1234567), "-1.234.567"},
		{(&Report{File: "a.csv", Format: "HK-DE 4.2", Read: 1}).ReadLine(), "a.csv: HK-DE 4.2, 1 Datensatz gelesen"},
		{(&Report{File: "a.csv", Format: "CSV", Read: 2500, FilteredCount: 3}).ReadLine(), "a.csv: CSV, 2.500 Datensätze gelesen, 3 ausgefiltert"},
		{(&Report{File: "a.csv", Format: "CSV"}).ReadLine(), "a.csv: CSV, 0 Datensätze gelesen"},
		{(&ImportSummary{Read: 2500, Imported: 2400, Updated: 90, SkippedCount: 10}).TotalsLine(), "Gelesen: 2.500, neu: 2.400, aktualisiert: 90, übersprungen: 10"},
		{OverlaySummary{Addresses: 1, Areas: 1, Assignments: 1, Located: 1}.Line(),
			"Verschneidung: 1 Adresse, 1 Gebiet, 1 Zuordnung; neu verortet: 1 Adresse (alle)"},
		{OverlaySummary{Addresses: 2500, Areas: 12, Assignments: 5000, Unassigned: 3, Located: 10, Incremental: true}.Line(),
			"Verschneidung: 2.500 Adressen, 12 Gebiete, 5.000 Zuordnungen, 3 Adressen außerhalb aller Ortsteile; neu verortet: 10 Adressen (nur neue, verschobene und die in geänderten Gebieten)"},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %q\nwant %q", tc.got, tc.want)
		}
	}
}
