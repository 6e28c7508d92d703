package campaigns_test

import (
	"testing"

	"gigaplan/campaigns"
)

func TestAreaStateOf(t *testing.T) {
	tests := []struct {
		name           string
		status         campaigns.Status
		needed, target int
		want           campaigns.AreaState
	}{
		{name: "no campaign", status: "", want: campaigns.AreaNone},
		{name: "planned", status: campaigns.StatusPlanned, needed: 0, target: 100, want: campaigns.AreaRunning},
		{name: "running short", status: campaigns.StatusRunning, needed: 17, target: 100, want: campaigns.AreaRunning},
		{name: "running, target met", status: campaigns.StatusRunning, needed: 0, target: 100, want: campaigns.AreaReached},
		{name: "extended short", status: campaigns.StatusExtended, needed: 1, target: 100, want: campaigns.AreaRunning},
		{name: "running without a quota", status: campaigns.StatusRunning, needed: 0, target: 0, want: campaigns.AreaRunning},
		{name: "reached", status: campaigns.StatusReached, needed: 0, target: 100, want: campaigns.AreaReached},
		{name: "reached by decision below target", status: campaigns.StatusReached, needed: 5, target: 100, want: campaigns.AreaReached},
		{name: "missed (parked)", status: campaigns.StatusMissed, needed: 30, target: 100, want: campaigns.AreaMissed},
		{name: "missed although met", status: campaigns.StatusMissed, needed: 0, target: 100, want: campaigns.AreaMissed},
		{name: "cancelled", status: campaigns.StatusCancelled, want: campaigns.AreaMissed},
		{name: "committed", status: campaigns.StatusCommitted, want: campaigns.AreaBuilt},
		{name: "construction", status: campaigns.StatusConstruction, want: campaigns.AreaBuilt},
		{name: "live", status: campaigns.StatusLive, want: campaigns.AreaBuilt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := campaigns.AreaStateOf(tt.status, tt.needed, tt.target); got != tt.want {
				t.Errorf("AreaStateOf(%q, %d, %d) = %q, want %q", tt.status, tt.needed, tt.target, got, tt.want)
			}
		})
	}
	// Every status has a state other than none, and every state a German
	// and an English name of its own.
	for _, s := range campaigns.Statuses {
		if campaigns.AreaStateOf(s, 1, 1) == campaigns.AreaNone {
			t.Errorf("status %s maps to no state", s)
		}
	}
	de, en := map[string]bool{}, map[string]bool{}
	for _, s := range campaigns.AreaStates {
		if de[s.German()] || en[s.English()] {
			t.Errorf("state %s shares its name", s)
		}
		de[s.German()], en[s.English()] = true, true
	}
}
