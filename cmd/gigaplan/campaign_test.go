package main

import (
	"strings"
	"testing"
)

// campaignFixture imports the test town and adds campaign "DG Test" over
// Nord (5 households) and Süd (1 household).
func campaignFixture(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t)
	c.mustRun("import", "areas", "--kind", "district", "testdata/ortsteile.geojson")
	c.mustRun("import", "addresses", "testdata/adressen.csv")
	c.mustRun("campaign", "add", "--provider", "Glasfaser Süd", "--name", "DG Test", "--areas", "Nord,Süd",
		"--start", "2026-01-05", "--deadline", "2026-03-30")
	return c
}

func TestCLICampaignFlow(t *testing.T) {
	c := campaignFixture(t)
	c.mustRun("signups", "add", "--campaign", "DG Test", "--area", "Nord", "--date", "2026-01-12", "--count", "1")

	refused := []struct {
		name string
		args []string
		want string
	}{
		{"lower without comment", []string{"--area", "Nord", "--date", "2026-01-19", "--count", "0"}, "comment"},
		{"above denominator", []string{"--area", "Nord", "--date", "2026-01-19", "--count", "9"}, "above the area's 5"},
		{"before start", []string{"--area", "Nord", "--date", "2025-12-01", "--count", "1"}, "before the campaign start"},
		{"future", []string{"--area", "Nord", "--date", "2099-01-01", "--count", "1"}, "future"},
		{"negative", []string{"--area", "Nord", "--date", "2026-01-19", "--count", "-3"}, "negative"},
		{"unknown area", []string{"--area", "Atlantis", "--date", "2026-01-19", "--count", "1"}, "Atlantis"},
	}
	for _, r := range refused {
		t.Run(r.name, func(t *testing.T) {
			code, _, errs := c.run(append([]string{"signups", "add", "--campaign", "DG Test"}, r.args...)...)
			if code != 1 || !strings.Contains(errs, r.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, errs, r.want)
			}
		})
	}
	if code, _, errs := c.run("signups", "add", "--campaign", "Nope", "--area", "Nord", "--date", "2026-01-19", "--count", "1"); code != 1 || !strings.Contains(errs, "Nope") {
		t.Errorf("unknown campaign: exit %d %q", code, errs)
	}

	c.mustRun("signups", "import", "testdata/signups.csv")
	before := c.mustRun("signups", "history", "--campaign", "DG Test")
	code, _, errs := c.run("signups", "import", "testdata/signups_bad_last.csv")
	if code != 1 || !strings.Contains(errs, "signups_bad_last.csv:3") || !strings.Contains(errs, "nichts wurde eingetragen") {
		t.Errorf("bad sign-up import: exit %d, stderr %q", code, errs)
	}
	if after := c.mustRun("signups", "history", "--campaign", "DG Test"); after != before {
		t.Errorf("failed import changed the history:\n%s\nwas:\n%s", after, before)
	}
	if n := strings.Count(before, "\n"); n != 4 {
		t.Errorf("history has %d lines, want header + 3 entries:\n%s", n, before)
	}

	got := c.mustRun("campaign", "status", "DG Test", "--format", "csv", "--as-of", "2026-02-02")
	want := "area,kind,status,denominator,overlay_denominator,provider_denominator,signups,quota,threshold,gap,days_left,pace_needed,recent_pace,forecast,forecast_model,rating\n" +
		"Nord,district,running,5,5,0,2,0.4000,0.33,0,56,0.00,0.07,2026-01-26,reached,on_track\n" +
		"Süd,district,running,1,1,0,1,1.0000,0.33,0,56,0.00,0.05,2026-01-26,reached,on_track\n" +
		"Gesamt,,running,6,6,0,3,0.5000,0.33,0,56,0.00,0.14,2026-01-26,reached,on_track\n"
	if got != want {
		t.Errorf("campaign status --format csv:\n got:\n%s\nwant:\n%s", got, want)
	}
	// As of a date before the import, the imported counts do not show.
	got = c.mustRun("campaign", "status", "DG Test", "--format", "csv", "--as-of", "2026-01-19")
	if !strings.Contains(got, "\nNord,district,running,5,5,0,1,0.2000,") {
		t.Errorf("status as of 2026-01-19:\n%s", got)
	}
	table := c.mustRun("campaign", "status", "DG Test")
	for _, w := range []string{"DG Test – Glasfaser Süd", "Nord", "40,0 %", "33 %", "Gesamt"} {
		if !strings.Contains(table, w) {
			t.Errorf("status table lacks %q:\n%s", w, table)
		}
	}

	// Extensions: later only, with a reason.
	if code, _, errs := c.run("campaign", "extend", "DG Test", "--deadline", "2026-03-01", "--reason", "x"); code != 1 || !strings.Contains(errs, "not after") {
		t.Errorf("earlier extension: exit %d %q", code, errs)
	}
	c.mustRun("campaign", "extend", "DG Test", "--deadline", "2026-04-30", "--reason", "Nachfrage in Süd")
	list := c.mustRun("campaign", "list", "--format", "csv")
	if !strings.Contains(list, ",DG Test,households,0.33,2026-01-05,2026-04-30,2,extended\n") {
		t.Errorf("campaign list after extension:\n%s", list)
	}
	// Transitions.
	if code, _, errs := c.run("campaign", "set-status", "DG Test", "--status", "live"); code != 1 || !strings.Contains(errs, "cannot change from extended to live") {
		t.Errorf("illegal transition: exit %d %q", code, errs)
	}
	c.mustRun("campaign", "set-status", "DG Test", "--status", "reached", "--areas", "Nord")
	c.mustRun("campaign", "set-status", "DG Test", "--status", "committed", "--areas", "Nord")
	out := c.mustRun("coverage", "hauptstrasse 1")
	if !strings.Contains(out, "Hauptstraße 1, 77654 Musterstadt: Ausbau zugesagt") {
		t.Errorf("coverage Nord:\n%s", out)
	}
	out = c.mustRun("coverage", "Außenhof")
	if !strings.Contains(out, "noch keine Planung") {
		t.Errorf("coverage outside every area:\n%s", out)
	}
	if code, _, _ := c.run("campaign", "add", "--provider", "X", "--name", "DG Test", "--areas", "Nord", "--start", "2026-01-05", "--deadline", "2026-03-30"); code != 1 {
		t.Errorf("duplicate campaign name: exit %d, want 1", code)
	}
}

func TestCLIDemoCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("demo load in -short mode")
	}
	c := newCLI(t)
	c.mustRun("demo")
	list := c.mustRun("campaign", "list", "--format", "csv")
	for _, w := range []string{"Glasfaser für Musterstadt 2026", "Gewerbegebiete 2026", "Oststadt-Nord 2025,households,0.33", ",construction\n"} {
		if !strings.Contains(list, w) {
			t.Errorf("campaign list lacks %q:\n%s", w, list)
		}
	}
	st := c.mustRun("campaign", "status", "Glasfaser für Musterstadt 2026", "--format", "csv")
	if n := strings.Count(st, ",reached,"); n < 5 {
		t.Errorf("demo campaign: want at least 5 areas reached:\n%s", st)
	}
	if n := strings.Count(st, ",missed,"); n != 2 {
		t.Errorf("demo campaign: want 2 areas parked:\n%s", st)
	}
	if n := strings.Count(st, ",extended,"); n < 1 {
		t.Errorf("demo campaign: want an extended area:\n%s", st)
	}
	zones := c.mustRun("campaign", "status", "Gewerbegebiete 2026", "--format", "csv")
	if n := strings.Count(zones, ",zone,reached,"); n != 3 {
		t.Errorf("zone campaign: want 3 zones reached:\n%s", zones)
	}
	out := c.mustRun("campaign", "outside", "Oststadt-Nord 2025", "--area", "Oststadt")
	if !strings.Contains(out, "area_outside_buildarea,") {
		t.Errorf("campaign outside: want Oststadt addresses outside the build area:\n%s", out[:min(len(out), 500)])
	}
}

func TestCLIProviderDenominatorAndFacilities(t *testing.T) {
	c := newCLI(t)
	c.mustRun("import", "areas", "--kind", "district", "testdata/ortsteile.geojson")
	c.mustRun("import", "addresses", "testdata/adressen.csv")
	c.mustRun("campaign", "add", "--provider", "P", "--name", "Mit Rathaus", "--areas", "Süd", "--facilities",
		"--start", "2026-01-05", "--deadline", "2026-03-30")
	c.mustRun("signups", "add", "--campaign", "Mit Rathaus", "--area", "Süd", "--date", "2026-01-12", "--count", "1")

	// The Rathaus (type public) signs: it counts toward the quota.
	addr := c.mustRun("addresses", "--area", "Süd", "--format", "json")
	id := ""
	for _, line := range strings.Split(addr, "\n") {
		if strings.Contains(line, "Rathausplatz") {
			id = strings.TrimSuffix(strings.SplitN(strings.SplitN(line, `"id":`, 2)[1], ",", 2)[0], "")
		}
	}
	if id == "" {
		t.Fatalf("no Rathausplatz in Süd:\n%s", addr)
	}
	c.mustRun("campaign", "facility", "Mit Rathaus", "--address", id, "--date", "2026-01-20")
	got := c.mustRun("campaign", "status", "Mit Rathaus", "--format", "csv", "--as-of", "2026-02-02")
	if !strings.Contains(got, "\nSüd,district,running,1,1,0,2,2.0000,") {
		t.Errorf("facility contract not counted:\n%s", got)
	}
	// A private house cannot sign as a facility.
	if code, _, errs := c.run("campaign", "facility", "Mit Rathaus", "--address", "2"); code != 1 || !strings.Contains(errs, "not a municipal facility") {
		t.Errorf("facility on a private address: exit %d %q", code, errs)
	}
	// The provider's own denominator replaces the overlay's, which stays beside it.
	c.mustRun("campaign", "denominator", "Mit Rathaus", "--area", "Süd", "--count", "10")
	got = c.mustRun("campaign", "status", "Mit Rathaus", "--format", "csv", "--as-of", "2026-02-02")
	if !strings.Contains(got, "\nSüd,district,running,10,1,10,2,0.2000,0.33,2,") {
		t.Errorf("provider denominator:\n%s", got)
	}
}
