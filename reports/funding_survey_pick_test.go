package reports

import (
	"strings"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// TestSurveyHorizon: a survey's own horizon within the rule set's range
// counts, none means the rule set's default, one outside is refused
// naming the survey and ending with the caller's hint.
func TestSurveyHorizon(t *testing.T) {
	rs, err := campaigns.RuleSetByName("gigabit-2025", campaigns.DefaultRuleSets) // 3 to 7 years, default 3
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		years, want int
		err         string
	}{
		{0, 3, ""},
		{-1, 3, ""},
		{5, 5, ""},
		{7, 7, ""},
		{8, 0, "die Markterkundung MEV Nord (#4) hat einen Zeithorizont von 8 Jahren: Zeithorizont 8 Jahre liegt nicht zwischen 3 und 7 Jahren (Regelsatz gigabit-2025) – bitte HIER den Zeithorizont angeben"},
	} {
		got, err := SurveyHorizon(geo.Survey{ID: 4, Name: "MEV Nord", HorizonYears: tt.years}, rs, "HIER")
		if tt.err != "" {
			if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.err) {
				t.Errorf("%d years: %v, want EINVALID with %q", tt.years, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%d years: %d, %v; want %d", tt.years, got, err, tt.want)
		}
	}
}
