package reports

import (
	"context"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
)

// TestRowsSupplyClass: address rows read with a rule set carry the
// supply class of campaigns.SupplyClassOf, and it agrees with the
// verdict: an eligible address is a white, grey or dark grey spot, never
// gigabit-capable or served above the threshold.
func TestRowsSupplyClass(t *testing.T) {
	ctx := context.Background()
	src, muni := byAreaSource(t)
	for _, name := range []string{"gigabit-2025", "gigabit-2023", "grau-2021", "weiss-2015"} {
		t.Run(name, func(t *testing.T) {
			rs, err := campaigns.RuleSetByName(name, campaigns.DefaultRuleSets)
			if err != nil {
				t.Fatal(err)
			}
			m := muni[demo.NeighbourName]
			rows, err := src.ProjectRows(ctx, []string{demo.NeighbourName}, RowOptions{Coverage: true, Rules: &rs, AsOf: campaigns.Day(byAreaToday), Municipality: m.ID})
			if err != nil {
				t.Fatal(err)
			}
			counts := map[campaigns.SupplyClass]int{}
			for r, err := range rows {
				if err != nil {
					t.Fatal(err)
				}
				counts[r.SupplyClass]++
				switch {
				case r.SupplyClass == 0:
					t.Errorf("%s %s: no supply class", r.Street, r.HouseNumber)
				case !r.HasSupply && r.SupplyClass != campaigns.SupplyWhite:
					t.Errorf("%s %s: nothing reported but %s", r.Street, r.HouseNumber, r.SupplyClass.Label())
				case r.HasSupply && r.Download >= campaigns.GigabitDownFrom && r.Upload >= campaigns.GigabitUpFrom && r.SupplyClass != campaigns.SupplyGigabit:
					t.Errorf("%s %s: %v Mbit/s but %s", r.Street, r.HouseNumber, r.Download, r.SupplyClass.Label())
				case r.Eligible && (r.SupplyClass == campaigns.SupplyGigabit || r.SupplyClass == campaigns.SupplyServed):
					t.Errorf("%s %s: eligible (%s) but %s", r.Street, r.HouseNumber, r.Reason, r.SupplyClass.Label())
				}
			}
			if len(counts) < 2 {
				t.Errorf("the fixture shows only the classes %v", counts)
			}
		})
	}
	// Without a rule set there is no class.
	rows, err := src.ProjectRows(ctx, []string{demo.NeighbourName}, RowOptions{Coverage: true, Municipality: muni[demo.NeighbourName].ID})
	if err != nil {
		t.Fatal(err)
	}
	for r, err := range rows {
		if err != nil {
			t.Fatal(err)
		}
		if r.SupplyClass != 0 {
			t.Fatalf("%s %s: class %v without a rule set", r.Street, r.HouseNumber, r.SupplyClass)
		}
	}
}

// TestRowsHorizonOutOfRange: a survey horizon outside the rule set's
// range is refused before any row is read.
func TestRowsHorizonOutOfRange(t *testing.T) {
	src, muni := byAreaSource(t)
	rs, err := campaigns.RuleSetByName("gigabit-2025", campaigns.DefaultRuleSets)
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.ProjectRows(context.Background(), []string{demo.NeighbourName},
		RowOptions{Rules: &rs, AsOf: campaigns.Day(byAreaToday), HorizonYears: 8, Municipality: muni[demo.NeighbourName].ID})
	if err == nil {
		t.Fatal("horizon 8 years accepted under gigabit-2025")
	}
}
