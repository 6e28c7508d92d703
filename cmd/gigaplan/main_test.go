package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs the CLI in-process against the database db.
type cli struct {
	t  *testing.T
	db string
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	return &cli{t: t, db: filepath.Join(t.TempDir(), "test.db")}
}

// run executes gigaplan --db <db> args... and returns exit code, stdout, stderr.
func (c *cli) run(args ...string) (int, string, string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), append([]string{"--db", c.db}, args...), e)
	return code, out.String(), errb.String()
}

// mustRun runs and fails the test unless the exit code is 0.
func (c *cli) mustRun(args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(args...)
	if code != 0 {
		c.t.Fatalf("gigaplan %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

func TestCLIImportAndList(t *testing.T) {
	c := newCLI(t)
	out := c.mustRun("import", "areas", "--kind", "district", "testdata/ortsteile.geojson")
	if !strings.Contains(out, "neu: 2") {
		t.Errorf("area import summary lacks 'neu: 2':\n%s", out)
	}
	c.mustRun("import", "areas", "--kind", "zone", "testdata/gewerbe.geojson")
	out = c.mustRun("import", "addresses", "--allow-duplicates", "testdata/adressen.csv")
	for _, want := range []string{
		"Gelesen: 8, neu: 7, aktualisiert: 0, übersprungen: 1",
		"Feld key: doppelter Adressschlüssel „77654|hauptstr|1|“, zuerst in testdata/adressen.csv:2; übersprungen",
		"1 Adresse außerhalb aller Ortsteile",
		"neu verortet: 7 Adressen (alle)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("address import summary lacks %q:\n%s", want, out)
		}
	}

	got := c.mustRun("areas", "--format", "csv")
	want := "kind,name,addresses,households,businesses\n" +
		"district,Nord,3,5,4\n" + // Mühlenweg 5 lies on the shared edge: the district imported first wins
		"district,Süd,3,1,0\n" +
		"zone,Gewerbegebiet Nord,1,0,4\n"
	if got != want {
		t.Errorf("areas --format csv:\n got:\n%s\nwant:\n%s", got, want)
	}

	got = c.mustRun("addresses", "--unassigned")
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "Außenhof") {
		t.Errorf("addresses --unassigned: want header and Außenhof, got:\n%s", got)
	}
	got = c.mustRun("addresses", "--area", "Gewerbegebiet Nord", "--format", "json")
	if !strings.Contains(got, `"street":"Gewerbestraße"`) || strings.Count(got, `"id"`) != 1 {
		t.Errorf("addresses --area 'Gewerbegebiet Nord' --format json: want only Gewerbestraße, got:\n%s", got)
	}

	// Importing the same file again updates, and changes no totals.
	out = c.mustRun("import", "addresses", "--allow-duplicates", "testdata/adressen.csv")
	for _, want := range []string{
		"neu: 0, aktualisiert: 7",
		// Nothing moved: the overlay locates nobody, and still reports
		// the address outside every district.
		"1 Adresse außerhalb aller Ortsteile; neu verortet: 0 Adressen (nur neue, verschobene und die in geänderten Gebieten)", "Liste der Adressen außerhalb aller Ortsteile: gigaplan addresses --unassigned",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("re-import summary lacks %q:\n%s", want, out)
		}
	}
	if got := c.mustRun("areas", "--format", "csv"); got != want {
		t.Errorf("areas after re-import changed:\n%s", got)
	}
}

func TestCLIBadRowLeavesStoreUnchanged(t *testing.T) {
	c := newCLI(t)
	c.mustRun("import", "areas", "--kind", "district", "testdata/ortsteile.geojson")
	c.mustRun("import", "addresses", "--allow-duplicates", "testdata/adressen.csv")
	beforeAreas := c.mustRun("areas", "--format", "csv")
	beforeAddr := c.mustRun("addresses", "--format", "csv")

	code, _, errs := c.run("import", "addresses", "testdata/adressen_bad_last.csv")
	if code != 1 {
		t.Fatalf("bad import: exit %d, want 1; stderr:\n%s", code, errs)
	}
	for _, want := range []string{"adressen_bad_last.csv:4", "lon", "unverändert"} {
		if !strings.Contains(errs, want) {
			t.Errorf("bad import message lacks %q:\n%s", want, errs)
		}
	}
	if got := c.mustRun("areas", "--format", "csv"); got != beforeAreas {
		t.Errorf("areas changed by a failed import:\n%s\nwas:\n%s", got, beforeAreas)
	}
	if got := c.mustRun("addresses", "--format", "csv"); got != beforeAddr {
		t.Errorf("addresses changed by a failed import:\n%s\nwas:\n%s", got, beforeAddr)
	}
}

func TestCLIErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"no command", nil, 2, "kein Befehl"},
		{"unknown command", []string{"frobnicate"}, 2, "unbekannter Befehl"},
		{"import without kind", []string{"import", "areas", "testdata/ortsteile.geojson"}, 2, "--kind"},
		{"import without files", []string{"import", "addresses"}, 2, "keine Datei"},
		{"bad kind", []string{"import", "areas", "--kind", "county", "testdata/ortsteile.geojson"}, 1, "county"},
		{"bad format", []string{"areas", "--format", "xml"}, 2, "--format"},
		{"missing file", []string{"import", "addresses", "testdata/nope.csv"}, 1, "nope.csv"},
		{"swapped lat/lon", []string{"import", "addresses", "testdata/adressen_swapped.csv"}, 1, "swapped"},
		{"unknown area", []string{"addresses", "--area", "Atlantis"}, 1, "Atlantis"},
		{"bad crs", []string{"import", "addresses", "--crs", "EPSG:9999", "testdata/adressen.csv"}, 1, "9999"},
		{"bad map", []string{"import", "addresses", "--map", "street", "testdata/adressen.csv"}, 2, "ungültiger Wert „street“ für --map: erwartet feld=spalte, nicht „street“"},
		{"unknown flag", []string{"import", "addresses", "--bogus", "testdata/adressen.csv"}, 2, "import addresses: unbekannte Option --bogus"},
		{"flag without value", []string{"areas", "--format"}, 2, "areas: --format braucht einen Wert"},
		{"unknown global flag", []string{"--dbx", "x", "areas"}, 2, "unbekannte Option --dbx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			code, _, errs := c.run(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			if !strings.Contains(errs, tt.inStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.inStderr, errs)
			}
		})
	}
}

func TestCLIDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("demo load in -short mode")
	}
	c := newCLI(t)
	out := c.mustRun("demo")
	if !strings.Contains(out, "Demo-Gemeinden Musterstadt und Kleinbach geladen") {
		t.Fatalf("demo output: %s", out)
	}
	got := c.mustRun("areas", "--kind", "district", "--format", "csv")
	if n, k := strings.Count(got, ",Musterstadt,\n"), strings.Count(got, ",Kleinbach,\n"); n != 11 || k != 2 || !strings.Contains(got, "district,Bühlweier,") {
		t.Errorf("demo: %d districts in Musterstadt, want 11, and %d in Kleinbach, want 2:\n%s", n, k, got)
	}
	// Loading again is idempotent.
	c.mustRun("demo")
	if again := c.mustRun("areas", "--kind", "district", "--format", "csv"); again != got {
		t.Errorf("second demo load changed the districts:\n%s\nwas:\n%s", again, got)
	}
}

func TestConfig(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ApplyEnv(func(k string) string {
		return map[string]string{"GIGAPLAN_DB": "/tmp/x.db", "GIGAPLAN_ADDR": ":9090", "GIGAPLAN_NO_DEMO": "1"}[k]
	})
	if cfg.DBPath != "/tmp/x.db" || cfg.Addr != ":9090" || !cfg.NoDemo {
		t.Errorf("ApplyEnv: %+v", cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	cfg.Addr = "nohostport"
	if err := cfg.Validate(); err == nil {
		t.Error("Validate accepted a listen address without a port")
	}
}

// TestREADMETestCommand keeps .ci/run running exactly the README's test command.
func TestREADMETestCommand(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "go vet ./... && go test -race ./..."
	if !strings.Contains(string(readme), "```sh\n"+cmd+"\n```") {
		t.Errorf("README lacks the test command %q in its own code block", cmd)
	}
	lines := strings.Split(strings.TrimSpace(string(ci)), "\n")
	if last := lines[len(lines)-1]; last != cmd {
		t.Errorf(".ci/run ends with %q, want the README's test command %q", last, cmd)
	}
}

func TestCLIBench(t *testing.T) {
	c := newCLI(t)
	out := c.mustRun("bench", "overlay", "--points", "20000", "--polygons", "5", "--vertices", "200")
	for _, w := range []string{"engine     ", "go-geos prepared ", "Engine/Verfahren ", "Abweichungen 0",
		"Reihenfolge: gleichverteilt, zufällige Reihenfolge", "Reihenfolge: entlang einer Hilbert-Kurve sortiert"} {
		if !strings.Contains(out, w) {
			t.Errorf("bench overlay output lacks %q:\n%s", w, out)
		}
	}
	// Both orders time every method (one header per case).
	if n := strings.Count(out, "go-geos prepared "); n != 2 {
		t.Errorf("bench overlay --order both: %d go-geos lines, want 2:\n%s", n, out)
	}
	out = c.mustRun("bench", "overlay", "--points", "5000", "--polygons", "3", "--vertices", "100", "--order", "hilbert")
	if strings.Contains(out, "zufällige Reihenfolge") || !strings.Contains(out, "Hilbert-Kurve") {
		t.Errorf("bench overlay --order hilbert:\n%s", out)
	}
	if code, _, errs := c.run("bench", "overlay", "--order", "sortiert"); code == 0 || !strings.Contains(errs, "--order") {
		t.Errorf("bench overlay --order sortiert: exit %d, stderr %q: want a usage error naming --order", code, errs)
	}
	out = c.mustRun("bench", "import", "--rows", "3000")
	for _, w := range []string{"3.000 rows", "parse + write:", "overlay:", "peak memory"} {
		if !strings.Contains(out, w) {
			t.Errorf("bench import output lacks %q:\n%s", w, out)
		}
	}
}

// TestCLINoProgressBarInPipe: the progress bar is for terminals only.
func TestCLINoProgressBarInPipe(t *testing.T) {
	c := newCLI(t)
	code, _, errs := c.run("import", "areas", "--kind", "district", "testdata/ortsteile.geojson")
	if code != 0 || strings.Contains(errs, "\r") || strings.Contains(errs, "[=") {
		t.Errorf("exit %d, stderr %q: want no progress bar when stderr is not a terminal", code, errs)
	}
	var buf strings.Builder
	p := newProgress(&buf, "Import", 100)
	r := p.reader(strings.NewReader(strings.Repeat("x", 100)))
	if _, err := io.Copy(io.Discard, r); err != nil {
		t.Fatal(err)
	}
	p.finish()
	if buf.Len() != 0 {
		t.Errorf("progress wrote %q to a non-terminal", buf.String())
	}
}

// TestCLIMissingFile: a file named on the command line that is not there
// is refused in German, naming it, for every command that reads one.
func TestCLIMissingFile(t *testing.T) {
	c := newCLI(t)
	missing := filepath.Join(t.TempDir(), "fehlt.csv")
	for _, args := range [][]string{
		{"import", "addresses", missing},
		{"import", "areas", "--kind", "district", missing},
		{"signups", "import", missing},
		{"sites", "import", missing},
		{"supply", "import", missing, "--operator", "Kabel Nord"},
	} {
		code, _, errs := c.run(args...)
		if want := "Datei „" + missing + "“ nicht gefunden"; code != 1 || !strings.Contains(errs, want) {
			t.Errorf("gigaplan %s: exit %d %q, want 1 and %q", strings.Join(args, " "), code, errs, want)
		}
	}
}
