package campaigns

import "testing"

func TestCoverageMessage(t *testing.T) {
	today := d("2026-11-23")
	running := Coverage{State: CoveragePreMarketing, Status: StatusRunning, Quota: 0.274, Threshold: 0.33, Needed: 412,
		Start: d("2026-09-01"), Deadline: d("2026-11-26")}
	tests := []struct {
		name string
		c    Coverage
		want string
	}{
		{"live", Coverage{State: CoverageLive}, "Glasfaser verfügbar"},
		{"construction", Coverage{State: CoverageConstruction}, "Glasfaser im Bau"},
		{"committed", Coverage{State: CoverageCommitted}, "Ausbau zugesagt"},
		{"missed", Coverage{State: CoverageFundingCandidate}, "Vorvermarktung nicht erreicht: Förderung wird geprüft"},
		{"none", Coverage{State: CoverageNone}, "noch keine Planung"},
		{"running", running, "Vorvermarktung läuft: 27 % von 33 %, noch 412 Verträge bis 26.11."},
		{"one contract", func() Coverage { c := running; c.Needed = 1; return c }(), "Vorvermarktung läuft: 27 % von 33 %, noch 1 Vertrag bis 26.11."},
		{"32.9 % is not 33 %", func() Coverage { c := running; c.Quota = 0.3299; c.Needed = 1; return c }(), "Vorvermarktung läuft: 32 % von 33 %, noch 1 Vertrag bis 26.11."},
		{"deadline passed, outcome not recorded", func() Coverage { c := running; c.Deadline = d("2026-11-20"); return c }(),
			"Vorvermarktung bis 20.11. beendet: 27 % von 33 %, das Ergebnis wird ausgewertet"},
		{"reached", func() Coverage { c := running; c.Status = StatusReached; c.Quota = 0.35; return c }(),
			"Vorvermarktung erfolgreich: 35 % von 33 % erreicht, Ausbauentscheidung steht aus"},
		{"planned", Coverage{State: CoveragePreMarketing, Status: StatusPlanned, Start: d("2027-01-11")}, "Vorvermarktung geplant ab 11.01.2027"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.message(today); got != tt.want {
				t.Errorf("message = %q, want %q", got, tt.want)
			}
		})
	}
}
