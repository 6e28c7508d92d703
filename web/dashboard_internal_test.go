package web

import (
	"reflect"
	"testing"

	"gigaplan/campaigns"
)

// TestAreaStandings: a pooled "im Plan" must not hide an Ortsteil that
// failed or will not make it; those are named.
func TestAreaStandings(t *testing.T) {
	a := func(name string, st campaigns.Status, needed int, r campaigns.Rating) campaigns.AreaFigures {
		return campaigns.AreaFigures{AreaName: name, Status: st, Needed: needed, Rating: r}
	}
	got := areaStandings([]campaigns.AreaFigures{
		a("Bohlsau", campaigns.StatusReached, 0, campaigns.OnTrack),
		a("Elgershofen", campaigns.StatusMissed, 120, campaigns.Unlikely),
		a("Fessental", campaigns.StatusRunning, 0, campaigns.OnTrack), // reached, not yet decided
		a("Windschlägen", campaigns.StatusExtended, 17, campaigns.AtRisk),
		a("Zell", campaigns.StatusRunning, 40, campaigns.OnTrack),
		a("Kinzigvorstadt", campaigns.StatusRunning, 900, campaigns.Unlikely),
		a("Alt", campaigns.StatusCancelled, 10, campaigns.Unlikely),
	})
	want := []areaStanding{
		{Label: "erreicht", Key: "reached", Count: 2},
		{Label: "im Plan", Key: "on_track", Count: 1},
		{Label: "gefährdet", Key: "at_risk", Count: 1, Names: []string{"Windschlägen"}},
		{Label: "unwahrscheinlich", Key: "unlikely", Count: 1, Names: []string{"Kinzigvorstadt"}},
		{Label: "nicht erreicht", Key: "missed", Count: 2, Names: []string{"Elgershofen", "Alt"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("areaStandings:\n got %+v\nwant %+v", got, want)
	}
	if got := areaStandings(nil); len(got) != 0 {
		t.Errorf("no areas: %+v", got)
	}
}
