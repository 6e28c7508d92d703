package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
)

// campaignFixture imports the test town and adds campaign "DG Test" over
// Nord (5 households) and Süd (1 household).
func campaignFixture(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t)
	c.mustRun("import", "areas", "--kind", "district", "testdata/ortsteile.geojson")
	c.mustRun("import", "addresses", "--allow-duplicates", "testdata/adressen.csv")
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
		{"lower without comment", []string{"--area", "Nord", "--date", "2026-01-19", "--count", "0"}, "bitte im Kommentar begründen"},
		{"above denominator", []string{"--area", "Nord", "--date", "2026-01-19", "--count", "9"}, "größer als die Zahl der Haushalte im Gebiet (5)"},
		{"before start", []string{"--area", "Nord", "--date", "2025-12-01", "--count", "1"}, "liegt vor dem Beginn der Kampagne"},
		{"future", []string{"--area", "Nord", "--date", "2099-01-01", "--count", "1"}, "liegt in der Zukunft"},
		{"negative", []string{"--area", "Nord", "--date", "2026-01-19", "--count", "-3"}, "ist negativ"},
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
	for _, w := range []string{"DG Test – Glasfaser Süd", "Nord", "40 %", "33 %", "Gesamt"} {
		if !strings.Contains(table, w) {
			t.Errorf("status table lacks %q:\n%s", w, table)
		}
	}

	// Extensions: later only, with a reason.
	if code, _, errs := c.run("campaign", "extend", "DG Test", "--deadline", "2026-03-01", "--reason", "x"); code != 1 || !strings.Contains(errs, "liegt nicht nach der bisherigen (30.03.2026)") {
		t.Errorf("earlier extension: exit %d %q", code, errs)
	}
	c.mustRun("campaign", "extend", "DG Test", "--deadline", "2026-04-30", "--reason", "Nachfrage in Süd")
	list := c.mustRun("campaign", "list", "--format", "csv")
	if !strings.Contains(list, ",DG Test,households,0.33,2026-01-05,2026-04-30,2,extended,true\n") {
		t.Errorf("campaign list after extension:\n%s", list)
	}
	// Transitions.
	if code, _, errs := c.run("campaign", "set-status", "DG Test", "--status", "live"); code != 1 || !strings.Contains(errs, "Nord kann nicht von „verlängert“ zu „in Betrieb“ wechseln") {
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
	for _, w := range []string{"Glasfaser für Musterstadt 2026", "Gewerbegebiete 2026", "Oststadt-Nord 2025,households,0.33", ",construction,false\n"} {
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
	// Three zones reached the quota; the first of them is being built
	// (demo.LoadConstruction).
	if n, b := strings.Count(zones, ",zone,reached,"), strings.Count(zones, ",zone,construction,"); n != 2 || b != 1 {
		t.Errorf("zone campaign: want 2 zones reached and 1 in construction:\n%s", zones)
	}
	checkDemoConstruction(t, c)
	out := c.mustRun("campaign", "outside", "Oststadt-Nord 2025", "--area", "Oststadt")
	if !strings.Contains(out, "area_outside_buildarea,") {
		t.Errorf("campaign outside: want Oststadt addresses outside the build area:\n%s", out[:min(len(out), 500)])
	}
}

func TestCLIProviderDenominatorAndFacilities(t *testing.T) {
	c := newCLI(t)
	c.mustRun("import", "areas", "--kind", "district", "testdata/ortsteile.geojson")
	c.mustRun("import", "addresses", "--allow-duplicates", "testdata/adressen.csv")
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
	if code, _, errs := c.run("campaign", "facility", "Mit Rathaus", "--address", "2"); code != 1 || !strings.Contains(errs, "keine kommunale Liegenschaft") {
		t.Errorf("facility on a private address: exit %d %q", code, errs)
	}
	// The provider's own denominator replaces the overlay's, which stays beside it.
	c.mustRun("campaign", "denominator", "Mit Rathaus", "--area", "Süd", "--count", "10", "--on", "2026-02-01", "--reason", "Zählung des Anbieters")
	got = c.mustRun("campaign", "status", "Mit Rathaus", "--format", "csv", "--as-of", "2026-02-02")
	if !strings.Contains(got, "\nSüd,district,running,10,1,10,2,0.2000,0.33,2,") {
		t.Errorf("provider denominator:\n%s", got)
	}
}

// TestCLIAsOfReproducible: the council workbook and campaign status as of
// a past day stay the same, value for value, after later counts, an
// extension, status decisions and an accepted re-import that changes the
// overlay.
func TestCLIAsOfReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("demo load in -short mode")
	}
	c := newCLI(t)
	c.mustRun("demo")
	today := campaigns.Today(time.Now())
	d := today.AddDate(0, 0, -14).Format(time.DateOnly)
	names := []string{"Glasfaser für Musterstadt 2026", "Gewerbegebiete 2026", "Oststadt-Nord 2025"}
	snapshot := func(tag string) (map[string]string, []string) {
		status := map[string]string{}
		for _, n := range names {
			status[n] = c.mustRun("campaign", "status", n, "--format", "csv", "--as-of", d)
		}
		out := filepath.Join(t.TempDir(), tag+".xlsx")
		c.mustRun("report", "council", "--out", out, "--as-of", d)
		return status, workbookValues(t, out)
	}
	status, book := snapshot("before")

	// A month's later events, all effective after d.
	var st struct {
		Areas []struct {
			Area   string `json:"area"`
			Status string `json:"status"`
		} `json:"areas"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("campaign", "status", names[0], "--format", "json")), &st); err != nil {
		t.Fatal(err)
	}
	var active []string
	for _, a := range st.Areas {
		if a.Status == "running" || a.Status == "extended" {
			active = append(active, a.Area)
		}
	}
	if len(active) == 0 {
		t.Fatalf("demo campaign has no active area: %+v", st.Areas)
	}
	// A re-import that adds households to the active area, accepted.
	addrs := strings.Split(c.mustRun("addresses", "--area", active[0], "--format", "csv"), "\n")
	if len(addrs) < 2 {
		t.Fatalf("no address in %s", active[0])
	}
	f := strings.Split(addrs[1], ",")
	extra := filepath.Join(t.TempDir(), "nachtrag.csv")
	if err := os.WriteFile(extra, []byte("strasse;hnr;plz;ort;lon;lat;we\nNeubauweg;1;"+f[5]+";Musterstadt;"+
		strings.Replace(f[8], ".", ",", 1)+";"+strings.Replace(f[9], ".", ",", 1)+";12\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := c.run("import", "addresses", extra); code != 1 {
		t.Errorf("a re-import changing %s's households ran without --accept-changes", active[0])
	}
	c.mustRun("import", "addresses", "--accept-changes", extra)
	c.mustRun("signups", "add", "--campaign", names[0], "--area", active[0], "--date", today.Format(time.DateOnly), "--count", "1000",
		"--comment", "Nachmeldung")
	c.mustRun("campaign", "extend", names[0], "--deadline", today.AddDate(0, 2, 0).Format(time.DateOnly), "--reason", "Weihnachten")
	c.mustRun("campaign", "set-status", names[0], "--status", "missed", "--areas", active[0], "--override", "--reason", "Test")
	c.mustRun("campaign", "set-status", names[2], "--status", "live", "--reason", "Inbetriebnahme")

	status2, book2 := snapshot("after")
	for _, n := range names {
		if status2[n] != status[n] {
			t.Errorf("campaign status %s as of %s changed:\nbefore:\n%s\nafter:\n%s", n, d, status[n], status2[n])
		}
	}
	if len(book) == 0 || !slices.Equal(book, book2) {
		for i := range min(len(book), len(book2)) {
			if book[i] != book2[i] {
				t.Errorf("council workbook as of %s changed: %s → %s", d, book[i], book2[i])
				break
			}
		}
		t.Errorf("council workbook as of %s: %d values before, %d after", d, len(book), len(book2))
	}
	// Today's figures do show the later events.
	if now := c.mustRun("campaign", "status", names[2], "--format", "csv"); !strings.Contains(now, ",live,") {
		t.Errorf("today's status lacks the later decision:\n%s", now)
	}
}

// workbookValues lists every cell of every sheet as "sheet!cell=value"
// (formulas with their cached values).
func workbookValues(t *testing.T, path string) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for col, v := range row {
				cell, _ := excelize.CoordinatesToCellName(col+1, r+1)
				formula, _ := f.GetCellFormula(sh, cell)
				out = append(out, sh+"!"+cell+"="+v+" "+formula)
			}
		}
	}
	return out
}

// TestCLIStatusGuardAndHistory: set-status against the figures exits 1
// with the quota named; --override --reason stores it as an override,
// which status and history show; history --since lists the changes.
func TestCLIStatusGuardAndHistory(t *testing.T) {
	c := campaignFixture(t)
	c.mustRun("signups", "add", "--campaign", "DG Test", "--area", "Nord", "--date", "2026-01-12", "--count", "1") // 1 of 5: 20 %
	code, _, errs := c.run("campaign", "set-status", "DG Test", "--status", "reached", "--areas", "Nord")
	today := campaigns.Today(time.Now()).Format("02.01.2006")
	if code != 1 || !strings.Contains(errs, "die Quote liegt am "+today+" mit 20 % unter der Schwelle von 33 %") ||
		!strings.Contains(errs, "--override --reason") {
		t.Errorf("reached below the threshold: exit %d %q", code, errs)
	}
	if code, _, errs := c.run("campaign", "set-status", "DG Test", "--status", "reached", "--areas", "Nord", "--override"); code != 1 ||
		!strings.Contains(errs, "Begründung") {
		t.Errorf("override without a reason: exit %d %q", code, errs)
	}
	if code, _, errs := c.run("campaign", "set-status", "DG Test", "--status", "reached", "--on", "2099-01-01", "--override", "--reason", "x"); code != 1 ||
		!strings.Contains(errs, "liegt in der Zukunft") {
		t.Errorf("future decision: exit %d %q", code, errs)
	}
	out := c.mustRun("campaign", "set-status", "DG Test", "--status", "reached", "--areas", "Nord", "--override", "--reason", "Anbieter baut",
		"--on", "2026-02-01", "--as", "Anna")
	if !strings.Contains(out, "Übersteuerung: Anbieter baut") {
		t.Errorf("set-status --override: %q", out)
	}
	st := c.mustRun("campaign", "status", "DG Test")
	if !strings.Contains(st, "Quote erreicht (Übersteuerung)") {
		t.Errorf("status lacks the override:\n%s", st)
	}
	if js := c.mustRun("campaign", "status", "DG Test", "--format", "json"); !strings.Contains(js, `"override": true`) {
		t.Errorf("status json lacks the override:\n%s", js)
	}
	// Before the decision's day Nord was running.
	if then := c.mustRun("campaign", "status", "DG Test", "--format", "csv", "--as-of", "2026-01-31"); !strings.Contains(then, "\nNord,district,running,") {
		t.Errorf("as of 31.01.:\n%s", then)
	}
	hist := c.mustRun("campaign", "history", "DG Test", "--since", "2026-01-10", "--format", "csv")
	for _, w := range []string{
		"2026-01-12,count,Nord,0,1,false,,",
		"2026-02-01,status,Nord,running,reached,true,Anbieter baut,Anna,",
	} {
		if !strings.Contains(hist, w) {
			t.Errorf("history lacks %q:\n%s", w, hist)
		}
	}
	if strings.Contains(hist, "2026-01-05,status") && !strings.Contains(hist, ",running,") {
		t.Errorf("history:\n%s", hist)
	}
	table := c.mustRun("campaign", "history", "DG Test")
	for _, w := range []string{"gilt ab", "05.01.2026", "Status: geplant → läuft", "Status: läuft → Quote erreicht (Übersteuerung)", "Anna"} {
		if !strings.Contains(table, w) {
			t.Errorf("history table lacks %q:\n%s", w, table)
		}
	}
	if code, _, _ := c.run("campaign", "history", "DG Test", "--since", "gestern"); code != 1 && code != 2 {
		t.Errorf("history --since gestern: exit %d", code)
	}
	// A correction of the override: the event's number from the history.
	var events []struct {
		Event int64  `json:"event"`
		Kind  string `json:"kind"`
		To    string `json:"to"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("campaign", "history", "DG Test", "--format", "json")), &events); err != nil {
		t.Fatal(err)
	}
	var override int64
	for _, ev := range events {
		if ev.Kind == "status" && ev.To == "reached" {
			override = ev.Event
		}
	}
	if override == 0 {
		t.Fatalf("no status event in the history: %+v", events)
	}
	out = c.mustRun("campaign", "correct", "DG Test", "--event", strconv.FormatInt(override, 10), "--to", "cancelled", "--reason", "falsch erfasst")
	if !strings.Contains(out, "Status: läuft → abgebrochen (korrigiert Eintrag") {
		t.Errorf("correct: %q", out)
	}
	if st := c.mustRun("campaign", "status", "DG Test", "--format", "csv"); !strings.Contains(st, "\nNord,district,cancelled,") {
		t.Errorf("status after the correction:\n%s", st)
	}
	// Every write of the command line is in the audit log, with its author.
	store, err := sqlite.Open(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	audit, err := store.AuditFiltered(context.Background(), campaigns.AuditFilter{User: "Anna"})
	store.Close()
	if err != nil || len(audit) != 1 || audit[0].Action != campaigns.AuditCampaignStatus ||
		audit[0].Detail != "DG Test, Nord: Quote erreicht ab 01.02.2026 (Übersteuerung), Grund: Anbieter baut (Befehlszeile)" {
		t.Errorf("audit of set-status: %+v %v", audit, err)
	}
	if code, _, errs := c.run("--tz", "Mars/Olympus", "campaign", "list"); code != 2 || !strings.Contains(errs, "unbekannte Zeitzone") {
		t.Errorf("--tz Mars/Olympus: exit %d %q", code, errs)
	}
}

// TestCLIImportGuard: an import that would change the overlay denominator
// of a running campaign's area lists the change and is refused, changing
// nothing; with --accept-changes it runs and the campaign keeps counting
// with its recorded figure until someone records the new one.
func TestCLIImportGuard(t *testing.T) {
	c := campaignFixture(t) // DG Test running over Nord (5 households) and Süd (1)
	extra := filepath.Join(t.TempDir(), "neu.csv")
	if err := os.WriteFile(extra, []byte("strasse;hnr;plz;ort;lon;lat;we\nNeubauweg;1;77654;Musterstadt;7,925;48,485;2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := c.mustRun("addresses", "--format", "csv")
	code, out, errs := c.run("import", "addresses", extra)
	if code != 1 || !strings.Contains(errs, "Import abgebrochen, die Datenbank ist unverändert") || !strings.Contains(errs, "--accept-changes") {
		t.Errorf("import under a running campaign: exit %d %q", code, errs)
	}
	if !regexp.MustCompile(`DG Test\s+Nord\s+5\s+5\s+7\s+\+2`).MatchString(out) || strings.Contains(out, "Süd") {
		t.Errorf("the refused import does not list Nord's change alone:\n%s", out)
	}
	if after := c.mustRun("addresses", "--format", "csv"); after != before {
		t.Errorf("a refused import changed the addresses")
	}
	c.mustRun("import", "addresses", "--accept-changes", extra)
	st := c.mustRun("campaign", "status", "DG Test", "--format", "json")
	if !strings.Contains(st, `"overlayDenominator": 5`) || !strings.Contains(st, `"liveOverlay": 7`) {
		t.Errorf("after the accepted import Nord counts with its recorded 5 (today 7):\n%s", st)
	}
	if table := c.mustRun("campaign", "status", "DG Test"); !strings.Contains(table, "(Verschneidung heute 7)") {
		t.Errorf("status table does not show the changed overlay:\n%s", table)
	}
	c.mustRun("campaign", "denominator", "DG Test", "--area", "Nord", "--overlay", "--reason", "Neubaugebiet")
	st = c.mustRun("campaign", "status", "DG Test", "--format", "csv")
	if !strings.Contains(st, "\nNord,district,running,7,7,") {
		t.Errorf("after recording the new figure:\n%s", st)
	}
	if hist := c.mustRun("campaign", "history", "DG Test"); !strings.Contains(hist, "Nenner der Verschneidung festgehalten: 7 (bisher 5)") {
		t.Errorf("history lacks the new figure:\n%s", hist)
	}
}
