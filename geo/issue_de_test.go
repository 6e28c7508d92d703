package geo

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// englishWords are words of the readers' English messages that must not
// reach a person after translation.
var englishWords = regexp.MustCompile(`\b(feature|field|required|property missing|is not|looks like|cannot|skipped|assumed|taken from|the features|coordinate system|geometry type|empty|out of range|columns?|missing|want|line|record|row|workbook|allowed|needs)\b`)

// TestGermanMessage: the readers' messages, in German.
func TestGermanMessage(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"required property", "required property missing (the features so far have: name, type); name it with --map street=PROPERTY",
			"Pflichtangabe fehlt (die Objekte haben bisher die Eigenschaften: name, type); geben Sie die Eigenschaft an (Befehl: --map street=EIGENSCHAFT, Importseite: Spaltenzuordnung). Ist es die richtige Datei und die richtige Art des Imports?"},
		{"metres as degrees", "coordinate (567991, 5941534) is not in degrees (EPSG:4326): it looks like projected metres, e.g. UTM (EPSG:25832); set the coordinate system",
			"Koordinate (567991, 5941534) ist nicht in Grad (EPSG:4326), sondern sieht nach projizierten Metern aus, etwa UTM (EPSG:25832); bitte das Koordinatensystem angeben (Befehl: --crs, Importseite: Koordinatensystem)"},
		{"crs from columns", "coordinate system EPSG:25833 taken from the column names ETRS_UTM33N_X and ETRS_UTM33N_Y",
			"Koordinatensystem EPSG:25833 aus den Spaltennamen ETRS_UTM33N_X und ETRS_UTM33N_Y übernommen"},
		{"point as area", `geometry type "Point" is not an area: skipped`, "Geometrietyp „Point“ ist keine Fläche: übersprungen"},
		{"polygon as address", `geometry type "Polygon"; an address must be a Point`, "Geometrietyp „Polygon“: eine Adresse muss ein Punkt sein. Ist es die richtige Art des Imports?"},
		{"easting out of range", "easting 7.94 is out of range for EPSG:25832 (10000..1000000 m, or with the zone prefix 32000000..33000000)",
			"Rechtswert 7.94 liegt außerhalb des Bereichs von EPSG:25832 (10000..1000000 m, mit Zonenkennung 32000000..33000000)"},
		{"no area read quotes an issue", `no area read: 581 features skipped, the first: s.geojson: feature 0: field geometry: geometry type "Point" is not an area: skipped`,
			"kein Gebiet gelesen: 581 Objekte übersprungen, das erste: s.geojson: Objekt 1: Feld geometry: Geometrietyp „Point“ ist keine Fläche: übersprungen"},
		{"not a number", `"abc" is not a number`, "„abc“ ist keine Zahl"},
		{"unknown stays", "Koordinatensystem X wird nicht unterstützt", "Koordinatensystem X wird nicht unterstützt"},
		{"csv column missing", "required column missing (found: a, b); name it with --map street=COLUMN",
			"Pflichtspalte fehlt (vorhanden: a, b); bitte zuordnen (Befehl: --map street=SPALTE, Importseite: Spaltenzuordnung). Ist es die richtige Datei und die richtige Art des Imports?"},
		{"supply columns missing", "required column missing: download (or a planned build column) (found: key, betreiber)",
			"Pflichtspalte fehlt: Download (oder eine Spalte zum geplanten Ausbau) (vorhanden: key, betreiber)"},
		{"bandwidth", "-1 Mbit/s is out of range (0..100000)", "-1 Mbit/s liegt außerhalb von 0..100000"},
		{"planned date", `"13/2027" is not a date (YYYY-MM-DD, DD.MM.YYYY, MM/YYYY, YYYY-MM or YYYY)`,
			"„13/2027“ ist kein Datum (JJJJ-MM-TT, TT.MM.JJJJ, MM/JJJJ, JJJJ-MM oder JJJJ)"},
		{"deleted record", "record DEBW123 marked deleted (NBA=L): skipped", "Datensatz DEBW123 als gelöscht markiert (NBA=L): übersprungen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GermanMessage(tt.in); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
	if got := (Issue{File: "o.geojson", Feature: 3, Field: "geometry", Message: "the feature has no geometry"}).German(); got != "o.geojson: Objekt 4: Feld geometry: das Objekt hat keine Geometrie" {
		t.Errorf("Issue.German = %q", got)
	}
}

// TestImportErrorsGerman: files of the wrong kind, as the office meets
// them (a school list in metres imported as addresses without a
// coordinate system, district boundaries imported as addresses, points
// imported as areas), are refused with a German message naming file,
// object and field; err.Error() keeps the English for the log.
func TestImportErrorsGerman(t *testing.T) {
	schools := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"strasse":"Schulweg","hnr":"1"},"geometry":{"type":"Point","coordinates":[567991,5941534]}}]}`
	districts := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Nord","admin_level":"10"},"geometry":{"type":"Polygon","coordinates":[[[7.9,48.4],[8,48.4],[8,48.5],[7.9,48.4]]]}}]}`
	points := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Schule"},"geometry":{"type":"Point","coordinates":[7.9,48.4]}}]}`
	tests := []struct {
		name, file, data string
		areas            bool
		opt              ParseOptions
		want             string
	}{
		{"schools in metres as addresses", "schulen.geojson", schools, false, ParseOptions{CRS: WGS84},
			"schulen.geojson: Objekt 1: Feld geometry: Koordinate (567991, 5941534) ist nicht in Grad"},
		{"districts as addresses", "ortsteile.geojson", districts, false, ParseOptions{},
			"ortsteile.geojson: Objekt 1: Feld street: Pflichtangabe fehlt (die Objekte haben bisher die Eigenschaften: admin_level, name)"},
		{"points as areas", "schulen.geojson", points, true, ParseOptions{Kind: KindDistrict},
			"schulen.geojson: Objekt 1: Feld geometry: Geometrietyp „Point“ ist keine Fläche"},
		{"a supply table as addresses", "versorgung.csv", "key;download\nk1;50\n", false, ParseOptions{},
			"versorgung.csv:1: Feld street, number, x, y: Pflichtspalte fehlt (vorhanden: key, download)"},
		{"an empty table", "leer.csv", "", false, ParseOptions{}, "leer.csv: die Datei ist leer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.areas {
				_, _, err = readAreas(t, tt.file, []byte(tt.data), tt.opt)
			} else {
				_, _, err = readAll(t, tt.file, []byte(tt.data), tt.opt)
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("err %v (code %q), want EINVALID", err, ErrorCode(err))
			}
			msg := ErrorMessage(err)
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("message\n %q\nwant prefix\n %q", msg, tt.want)
			}
			if w := englishWords.FindString(msg); w != "" {
				t.Errorf("English %q left in %q", w, msg)
			}
		})
	}
}

// TestRealFilesGerman imports the real files of /work/shared/data that
// the office gets wrong most often; skipped where they are not.
func TestRealFilesGerman(t *testing.T) {
	dir := "/work/shared/data"
	tests := []struct {
		name, file string
		areas      bool
		opt        ParseOptions
		want       string
	}{
		{"Hamburg's schools as addresses", "hamburg/schulen.geojson", false, ParseOptions{}, "Koordinate (567991, 5941534) ist nicht in Grad"},
		{"Hamburg's boundary as addresses", "hamburg/hamburg.geojson", false, ParseOptions{}, "Feld street: Pflichtangabe fehlt"},
		{"Jena's Ortsteile as addresses", "jena/Jena_Ortsteile.geojson", false, ParseOptions{}, "Feld street: Pflichtangabe fehlt"},
		{"Hamburg's schools as areas", "hamburg/schulen.geojson", true, ParseOptions{Kind: KindDistrict}, "Geometrietyp „Point“ ist keine Fläche"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Skipf("no real file: %v", err)
			}
			if tt.areas {
				_, _, err = readAreas(t, filepath.Base(path), data, tt.opt)
			} else {
				_, _, err = readAll(t, filepath.Base(path), data, tt.opt)
			}
			msg := ErrorMessage(err)
			if ErrorCode(err) != EINVALID || !strings.Contains(msg, tt.want) {
				t.Fatalf("message %q (code %q), want %q", msg, ErrorCode(err), tt.want)
			}
			if w := englishWords.FindString(msg); w != "" {
				t.Errorf("English %q left in %q", w, msg)
			}
		})
	}
}

// flagNames are the command line's flags a German message may name.
var flagNames = regexp.MustCompile(`--[a-z][a-z-]*`)

// TestReaderMessagesGerman: every message of the readers that can reach a
// person has its German form, without English words left.
func TestReaderMessagesGerman(t *testing.T) {
	for _, msg := range []string{
		"no name property (tried name, bez; the feature has: @id, admin_level); choose one with --name-field",
		`name property "bez" not found (the feature has: @id, name)`,
		`name property "bez" is empty`,
		"invalid polygon repaired: Ring Self-intersection[6.97 50.90]",
		"invalid polygon (Self-intersection[1 2]) has no area left after repair",
		`duplicate address key "77654|hauptstr|1|", first seen at adressen.csv:2; skipped`,
		`"StraÃŸe" was encoded as UTF-8 twice; read as "Straße"`,
		"easting 7.94 is out of range for EPSG:25832 (10000..1000000 m, or with the zone prefix 32000000..33000000)",
		"northing 5 is out of range for EPSG:25832 (0..9400000 m)",
		"line 3 is not UTF-8 while line 2 is: mixed encodings (save the file as UTF-8, or give --encoding windows-1252 if the UTF-8 line is the odd one)",
		"the file is empty; a CSV file needs a header row",
		"cannot read the header row: bad quote",
		"a zip archive that is not an XLSX workbook; want CSV or XLSX",
		"want a CSV file or an XLSX workbook",
		"the row has 300 columns; at most 256 are allowed",
		"the header has 300 columns; at most 256 are allowed",
		"coordinate missing: the row has 3 fields, the coordinates are in field 5",
		"line is longer than 4096 bytes; not an HK-DE file?",
		"line 4: cannot read: x",
		"unknown field \"foo\" in --map (known fields: a, b)",
		"empty",
		"a workbook holds no areas; areas must be GeoJSON, KML/KMZ, a zipped Shapefile, GeoPackage, GML or OSM",
		"required column missing: a key column or street, number and postcode (found: plz, download)",
		"empty: a row needs a key or street, number and postcode",
		"empty key: this file has no street, number and postcode columns",
		"\"1899\" is out of range (years 1990..2100)",
		"invalid JSON at byte 12: unexpected EOF",
		"not a GeoJSON object",
		"GeoJSON type is Topology; want a FeatureCollection, a Feature or a geometry",
		"cannot read the crs member: x",
		"the crs member (EPSG:25832) comes after the features; give the coordinate system with --crs",
		"features is not an array",
		"wrong JSON type: x",
		"no features member; want a GeoJSON FeatureCollection, a Feature or a geometry",
		"cannot read the geometry: x",
		"cannot read the properties: x",
		"position has 1 values, want at least 2",
		"position has 5 values, want 2 to 4",
		"cannot read geometry: x",
		"the file holds one area without a name; named \"x\" after the file (rename it with a Feature and a name property)",
		"no area read: --where matched none of the 12 features",
		"the file holds no areas",
		"polygon 0 has no rings",
		"invalid polygon: x",
		"the polygon has no area",
		"coordinate \"1\" is not lon,lat[,alt]",
		"invalid KML: x",
		"a Point has 1 coordinates",
		"the KMZ archive holds no .kml file",
		"cannot read doc.kml in the KMZ archive: x",
		"doc.kml in the KMZ archive is larger than 64 MB",
		"this is an old Excel file (.xls); save it as .xlsx or CSV",
		"an XML file that is neither KML, GML nor OSM",
		"the file is larger than 512 MB",
		"cannot read the zip archive: x",
		"no layer \"a\" (the file has: b, c)",
		"the file holds no layers",
		"layer a: x",
		"feature 3: cannot read the geometry: x",
		"cannot transform from ETRS89: x",
		"placeholder street \"N.N.\": imported and flagged",
		"\"1.5\" is not a whole number",
		"no house number: imported and flagged",
	} {
		de := GermanMessage(msg)
		if de == msg {
			t.Errorf("no German for %q", msg)
		} else if w := englishWords.FindString(flagNames.ReplaceAllString(de, "--")); w != "" {
			t.Errorf("English %q left in %q (from %q)", w, de, msg)
		}
	}
}
