package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCLIImportCheckLeipzig runs `import addresses --check` on the real
// Leipzig table: it prints format, coordinate system, the mapping, counts
// and the most frequent warnings counted over the whole file, and writes
// nothing.
func TestCLIImportCheckLeipzig(t *testing.T) {
	c := newCLI(t)
	file := "../../geo/testdata/real/leipzig_1912.csv"
	args := []string{"import", "addresses", "--check", "--map", "street=STR_NAME_2018", "--map", "number=HNR_2018", "--map", "postcode=PLZ_2018", file}
	code, out, errs := c.run(args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		"Prüfung – nichts wurde geschrieben.",
		"leipzig_1912.csv: Format CSV, Koordinatensystem EPSG:25833, Zeichensatz UTF-8",
		"Felder: Schlüssel ← Id, Straße ← STR_NAME_2018, Hausnummer ← HNR_2018, PLZ ← PLZ_2018, Ortsteil ← Stadtteil, Rechtswert/Länge ← ETRS_UTM33N_X, Hochwert/Breite ← ETRS_UTM33N_Y",
		"ohne Hausnummer (importiert und markiert): 807",
		"Häufigste Hinweise:\n  807 ×  no house number: imported and flagged\n      z. B. ../../geo/testdata/real/leipzig_1912.csv:3: field HNR_2018: no house number: imported and flagged",
		"Adressen: 2.181 gelesen, 2.169 neu, 0 aktualisiert, 0 unverändert, 12 übersprungen",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(errs, "Adressschlüssel") {
		t.Errorf("the Id column is the key, so no duplicates are expected: %s", errs)
	}
	if n := c.mustRun("addresses", "--format", "csv"); strings.Count(n, "\n") > 1 {
		t.Errorf("--check wrote addresses:\n%s", n)
	}
}

// TestCLIImportDuplicatesStop imports a table whose suffix column has a
// name the readers do not know: "23" and "23a" share a key, more than
// 1 % of the records would be skipped, and the import stops naming the
// column; with --map suffix=… it imports every address.
func TestCLIImportDuplicatesStop(t *testing.T) {
	c := newCLI(t)
	var b strings.Builder
	b.WriteString("strasse;hnr;buchstabe_hnr;x;y\n")
	for i := 1; i <= 50; i++ {
		b.WriteString("Adelkampstr.;" + itoa(i) + ";;7.9;48.4\n")
		b.WriteString("Adelkampstr.;" + itoa(i) + ";a;7.9001;48.4001\n")
	}
	file := filepath.Join(t.TempDir(), "adressen.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := c.run("import", "addresses", file)
	if code != 1 || !strings.Contains(errs, `50 von 100 Datensätzen (50,0 %) haben denselben Adressschlüssel`) ||
		!strings.Contains(errs, `die Spalte "buchstabe_hnr" von `+file+` sieht nach einem Hausnummernzusatz aus`) ||
		!strings.Contains(errs, "Nichts wurde importiert") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if n := c.mustRun("addresses", "--format", "csv"); strings.Count(n, "\n") > 1 {
		t.Errorf("the refused import wrote addresses:\n%s", n)
	}
	out := c.mustRun("import", "addresses", "--map", "suffix=buchstabe_hnr", file)
	if !strings.Contains(out, "neu: 100") {
		t.Errorf("with the suffix mapped: %s", out)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
