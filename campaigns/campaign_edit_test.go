package campaigns

import "testing"

func TestTransitionMessage(t *testing.T) {
	tests := []struct {
		name     string
		from, to Status
		want     string
	}{
		{"legal", StatusRunning, StatusReached, ""},
		{"same", StatusLive, StatusLive, ""},
		{"illegal", StatusRunning, StatusLive, "Nord kann nicht von „läuft“ zu „in Betrieb“ wechseln (möglich: „verlängert“, „Quote erreicht“, „nicht erreicht (geparkt)“, „abgebrochen“)."},
		{"final", StatusLive, StatusCancelled, "Nord ist „in Betrieb“: dieser Status ist endgültig und kann nicht mehr zu „abgebrochen“ wechseln."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TransitionMessage("Nord", tt.from, tt.to); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := NextStatuses(StatusPlanned); len(got) != 2 || got[0] != StatusRunning {
		t.Errorf("NextStatuses(planned) = %v", got)
	}
}
