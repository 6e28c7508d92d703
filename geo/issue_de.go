package geo

// Import messages in German: the readers write their issues in English
// (Issue.String, err.Error(): logs, tests, the API's machine fields); what
// a person reads (the CLI's messages, the office's import page) goes
// through Issue.German and GermanMessage, one table of patterns. A message
// the table does not know stays as it is.

import (
	"regexp"
	"strconv"
	"strings"
)

// germanMessages turns the readers' English messages into German. Each
// pattern matches a whole message (or its start, for "…: cause"); $1… are
// its groups. Earlier entries win.
var germanMessages = []struct {
	re *regexp.Regexp
	de string
}{
	{regexp.MustCompile(`^required property missing \(the features so far have: (.*)\); name it with --map (\w+)=PROPERTY$`),
		"Pflichtangabe fehlt (die Objekte haben bisher die Eigenschaften: $1); geben Sie die Eigenschaft an (Befehl: --map $2=EIGENSCHAFT, Importseite: Spaltenzuordnung). Ist es die richtige Datei und die richtige Art des Imports?"},
	{regexp.MustCompile(`^coordinate \((.+), (.+)\) is not in degrees \(EPSG:4326\): it looks like projected metres, e\.g\. UTM \(EPSG:25832\); set the coordinate system$`),
		"Koordinate ($1, $2) ist nicht in Grad (EPSG:4326), sondern sieht nach projizierten Metern aus, etwa UTM (EPSG:25832); bitte das Koordinatensystem angeben (Befehl: --crs, Importseite: Koordinatensystem)"},
	{regexp.MustCompile(`^coordinate \((.+), (.+)\) looks like WGS84 degrees, not (.+) metres; set the coordinate system to EPSG:4326$`),
		"Koordinate ($1, $2) sieht nach WGS84-Grad aus, nicht nach Metern in $3; bitte das Koordinatensystem EPSG:4326 angeben"},
	{regexp.MustCompile(`^coordinate \((.+), (.+)\) looks like WGS84 degrees, not metres of (.+) \(the file's declared system\)$`),
		"Koordinate ($1, $2) sieht nach WGS84-Grad aus, nicht nach Metern in $3 (dem in der Datei angegebenen System)"},
	{regexp.MustCompile(`^coordinate \((.+), (.+)\): latitude and longitude appear to be swapped.*$`),
		"Koordinate ($1, $2): Breite und Länge scheinen vertauscht (die Länge kommt zuerst; eine Adresse in Deutschland hat Länge 5..15 und Breite 47..55)"},
	{regexp.MustCompile(`^coordinate \((.+), (.+)\) is out of range: longitude must be within -180\.\.180 and latitude within -90\.\.90$`),
		"Koordinate ($1, $2) liegt außerhalb des gültigen Bereichs: Länge -180..180, Breite -90..90"},
	{regexp.MustCompile(`^coordinate \((.+), (.+)\) is not a number$`), "Koordinate ($1, $2) ist keine Zahl"},
	{regexp.MustCompile(`^coordinate \((.+), (.+)\) in (.+) is outside the valid range$`), "Koordinate ($1, $2) liegt außerhalb des gültigen Bereichs von $3"},
	{regexp.MustCompile(`^coordinate \((.+), (.+)\) cannot be transformed from (\S+): (.*)$`), "Koordinate ($1, $2) lässt sich nicht aus $3 umrechnen: $4"},
	{regexp.MustCompile(`^cannot tell the coordinate system of x=(.+), y=(.+): give it with --crs \(e\.g\. EPSG:25832\)$`),
		"Das Koordinatensystem von x=$1, y=$2 ist nicht zu erkennen: bitte angeben (Befehl: --crs, z. B. EPSG:25832; Importseite: Koordinatensystem)"},
	{regexp.MustCompile(`^coordinate system (\S+) taken from the column names (\S+) and (\S+)$`), "Koordinatensystem $1 aus den Spaltennamen $2 und $3 übernommen"},
	{regexp.MustCompile(`^no coordinate system given; the values look like degrees, assumed EPSG:4326 \(WGS84\)$`),
		"kein Koordinatensystem angegeben; die Werte sehen nach Grad aus, angenommen: EPSG:4326 (WGS84)"},
	{regexp.MustCompile(`^no coordinate system given; assumed EPSG:25832 .*$`),
		"kein Koordinatensystem angegeben; angenommen: EPSG:25832 (UTM-Zone 32, etwa Baden-Württemberg); für UTM-Zone 33 EPSG:25833 angeben"},
	{regexp.MustCompile(`^no coordinate system given; eastings prefixed with (\d+) assumed (EPSG:\d+) .*$`),
		"kein Koordinatensystem angegeben; Rechtswerte mit vorangestellter $1: angenommen $2"},
	{regexp.MustCompile(`^easting without zone prefix: assumed (.+) from Land (.+); give --crs if this is wrong$`),
		"Rechtswert ohne Zonenkennung: $1 nach dem Land $2 angenommen; sonst das Koordinatensystem angeben"},
	{regexp.MustCompile(`^easting without zone prefix: assumed (.+)$`), "Rechtswert ohne Zonenkennung: $1 angenommen"},
	{regexp.MustCompile(`^easting (\S+) is out of range for (\S+) \(10000\.\.1000000 m, or with the zone prefix (\d+)\.\.(\d+)\)$`),
		"Rechtswert $1 liegt außerhalb des Bereichs von $2 (10000..1000000 m, mit Zonenkennung $3..$4)"},
	{regexp.MustCompile(`^(easting|northing) (\S+) is out of range for (\S+)(.*)$`), "${1}_de $2 liegt außerhalb des Bereichs von $3$4"},
	{regexp.MustCompile(`^easting (\S+) carries the zone prefix (\d+) but (\S+) is UTM zone (\d+)$`),
		"Rechtswert $1 trägt die Zonenkennung $2, aber $3 ist UTM-Zone $4"},
	{regexp.MustCompile(`^latitude (\S+) is out of range \(-90\.\.90\).*$`), "Breite $1 liegt außerhalb von -90..90; Breite und Länge scheinen vertauscht (die Länge kommt zuerst)"},
	{regexp.MustCompile(`^geometry type "(\w+)"; an address must be a Point$`), "Geometrietyp „$1“: eine Adresse muss ein Punkt sein. Ist es die richtige Art des Imports?"},
	{regexp.MustCompile(`^geometry type "(\w+)"; an area must be a Polygon or MultiPolygon$`), "Geometrietyp „$1“: ein Gebiet muss eine Fläche (Polygon oder MultiPolygon) sein. Ist es die richtige Art des Imports?"},
	{regexp.MustCompile(`^geometry type "(\w+)" is not an address point: skipped$`), "Geometrietyp „$1“ ist kein Adresspunkt: übersprungen"},
	{regexp.MustCompile(`^geometry type "(\w+)" is not an area: skipped$`), "Geometrietyp „$1“ ist keine Fläche: übersprungen"},
	{regexp.MustCompile(`^MultiPoint has (\d+) points; an address needs exactly one$`), "MultiPoint mit $1 Punkten; eine Adresse braucht genau einen"},
	{regexp.MustCompile(`^the feature has no geometry$`), "das Objekt hat keine Geometrie"},
	{regexp.MustCompile(`^no geometry: skipped$`), "keine Geometrie: übersprungen"},
	{regexp.MustCompile(`^no coordinates: skipped$`), "keine Koordinaten: übersprungen"},
	{regexp.MustCompile(`^no house number: imported and flagged$`), "keine Hausnummer: importiert und markiert"},
	{regexp.MustCompile(`^placeholder street(.*)$`), "Platzhalter statt Straßenname$1"},
	{regexp.MustCompile(`^(?:feature \d+: )?cannot read the geometry: (.*)$`), "Geometrie nicht lesbar: $1"},
	{regexp.MustCompile(`^cannot read geometry: (.*)$`), "Geometrie nicht lesbar: $1"},
	{regexp.MustCompile(`^cannot read the properties: (.*)$`), "Eigenschaften nicht lesbar: $1"},
	{regexp.MustCompile(`^cannot read the header row: (.*)$`), "Kopfzeile nicht lesbar: $1"},
	{regexp.MustCompile(`^cannot read the zip archive: (.*)$`), "ZIP-Archiv nicht lesbar: $1"},
	{regexp.MustCompile(`^invalid JSON at byte (\d+): (.*)$`), "ungültiges JSON bei Byte $1: $2"},
	{regexp.MustCompile(`^no features member; want a GeoJSON FeatureCollection, a Feature or a geometry$`),
		"kein „features“: erwartet wird eine GeoJSON-FeatureCollection, ein Feature oder eine Geometrie"},
	{regexp.MustCompile(`^features is not an array$`), "„features“ ist keine Liste"},
	{regexp.MustCompile(`^name property "(.*)" not found \(the feature has: (.*)\)$`), "Namens-Eigenschaft „$1“ fehlt (das Objekt hat: $2)"},
	{regexp.MustCompile(`^name property "(.*)" is empty$`), "Namens-Eigenschaft „$1“ ist leer"},
	{regexp.MustCompile(`^AGS property "(.*)" not found or empty \(the feature has: (.*)\)$`), "AGS-Eigenschaft „$1“ fehlt oder ist leer (das Objekt hat: $2)"},
	{regexp.MustCompile(`^AGS "(.*)" is not eight digits$`), "AGS „$1“ hat nicht acht Ziffern"},
	{regexp.MustCompile(`^column "(.*)" given for field (\w+) in --map is not there \(found: (.*)\)$`), "Spalte „$1“ für das Feld $2 (Zuordnung) gibt es nicht (vorhanden: $3)"},
	{regexp.MustCompile(`^property "(.*)" given with --map is in no feature \(the features have: (.*)\)$`), "Eigenschaft „$1“ (Zuordnung) hat kein Objekt (die Objekte haben: $2)"},
	{regexp.MustCompile(`^"(.*)" is not a number$`), "„$1“ ist keine Zahl"},
	{regexp.MustCompile(`^"(.*)" is not a whole number$`), "„$1“ ist keine ganze Zahl"},
	{regexp.MustCompile(`^"(.*)" is out of range \(0\.\.1000000\)$`), "„$1“ liegt außerhalb von 0..1.000.000"},
	{regexp.MustCompile(`^postcode "(.*)" is not five digits; the address is imported without a postcode$`), "Postleitzahl „$1“ hat nicht fünf Ziffern; die Adresse wird ohne Postleitzahl importiert"},
	{regexp.MustCompile(`^unknown address type "(.*)" \(known: .*\)$`), "unbekannte Adressart „$1“ (bekannt: Wohnen, Gewerbe, gemischt, öffentlich, Schule, Krankenhaus, ALKIS-Schlüssel; andere zuordnen mit --type-values)"},
	{regexp.MustCompile(`^invalid polygon repaired: (.*)$`), "ungültiges Polygon repariert: $1"},
	{regexp.MustCompile(`^invalid polygon \((.*)\) has no area left after repair$`), "ungültiges Polygon ($1) hat nach der Reparatur keine Fläche mehr"},
	{regexp.MustCompile(`^polygon (\d+) ring (\d+) has (\d+) positions; a ring needs at least 4$`), "Polygon $1, Ring $2 hat $3 Punkte; ein Ring braucht mindestens 4"},
	{regexp.MustCompile(`^cannot read: (.*)$`), "nicht lesbar: $1"},
	{regexp.MustCompile(`^has (\d+) fields, an HK-DE record has 18 .*$`), "hat $1 Felder, ein HK-DE-Datensatz hat 18 (NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;Rechtswert;Hochwert;STN;PLZ;ONM;ZON;POT)"},
	{regexp.MustCompile(`^areas must be GeoJSON, KML/KMZ, a zipped Shapefile, GeoPackage, GML or OSM; this looks like a text table$`),
		"Gebiete müssen GeoJSON, KML/KMZ, ein gezipptes Shapefile, GeoPackage, GML oder OSM sein; dies sieht nach einer Tabelle aus"},
	{regexp.MustCompile(`^a Shapefile's \.shp alone holds no attributes and no coordinate system.*$`),
		"eine .shp-Datei allein enthält weder Eigenschaften noch Koordinatensystem: bitte .shp, .shx, .dbf und .prj zusammen als .zip hochladen"},
	{regexp.MustCompile(`^layer (.+) declares no coordinate system .*$`), "Ebene $1 nennt kein Koordinatensystem (Shapefile ohne .prj?): bitte angeben, z. B. EPSG:25832"},
	// Tables (csv.go, hkde.go) and the supply files (supply.go).
	{regexp.MustCompile(`^line (\d+) is not UTF-8 while line (\d+) is: mixed encodings .*$`),
		"Zeile $1 ist kein UTF-8, Zeile $2 schon: gemischte Zeichenkodierungen (die Datei als UTF-8 speichern, oder die Kodierung windows-1252 angeben, wenn die UTF-8-Zeile die Ausnahme ist)"},
	{regexp.MustCompile(`^the file is empty; a CSV file needs a header row$`), "die Datei ist leer; eine CSV-Datei braucht eine Kopfzeile"},
	{regexp.MustCompile(`^cannot read the header row: (.*)$`), "Kopfzeile nicht lesbar: $1"},
	{regexp.MustCompile(`^a zip archive that is not an XLSX workbook; want CSV or XLSX$`), "ein ZIP-Archiv, aber keine XLSX-Arbeitsmappe; erwartet wird CSV oder XLSX"},
	{regexp.MustCompile(`^want a CSV file or an XLSX workbook$`), "erwartet wird eine CSV-Datei oder eine XLSX-Arbeitsmappe"},
	{regexp.MustCompile(`^the row has (\d+) columns; at most (\d+) are allowed$`), "die Zeile hat $1 Spalten; erlaubt sind höchstens $2"},
	{regexp.MustCompile(`^the header has (\d+) columns; at most (\d+) are allowed$`), "die Kopfzeile hat $1 Spalten; erlaubt sind höchstens $2"},
	{regexp.MustCompile(`^required column missing \(found: (.*)\); name it with --map (\w+)=COLUMN$`),
		"Pflichtspalte fehlt (vorhanden: $1); bitte zuordnen (Befehl: --map $2=SPALTE, Importseite: Spaltenzuordnung). Ist es die richtige Datei und die richtige Art des Imports?"},
	{regexp.MustCompile(`^required column missing: a key column or street, number and postcode \(found: (.*)\)$`),
		"Pflichtspalte fehlt: eine Schlüsselspalte oder Straße, Hausnummer und Postleitzahl (vorhanden: $1)"},
	{regexp.MustCompile(`^required column missing: download \(or a planned build column\) \(found: (.*)\)$`),
		"Pflichtspalte fehlt: Download (oder eine Spalte zum geplanten Ausbau) (vorhanden: $1)"},
	{regexp.MustCompile(`^coordinate missing: the row has (\d+) fields, the coordinates are in field (\d+)$`),
		"Koordinate fehlt: die Zeile hat $1 Felder, die Koordinaten stehen in Feld $2"},
	{regexp.MustCompile(`^line is longer than (\d+) bytes; not an HK-DE file\?$`), "Zeile länger als $1 Byte; ist es eine HK-DE-Datei?"},
	{regexp.MustCompile(`^line (\d+): cannot read: (.*)$`), "Zeile $1: nicht lesbar: $2"},
	{regexp.MustCompile(`^record (\S+) marked deleted \(NBA=L\): skipped$`), "Datensatz $1 als gelöscht markiert (NBA=L): übersprungen"},
	{regexp.MustCompile(`^unknown field "(.*)" in --map \(known fields: (.*)\)$`), "unbekanntes Feld „$1“ in der Zuordnung (bekannte Felder: $2)"},
	{regexp.MustCompile(`^a workbook holds no areas; .*$`),
		"eine Arbeitsmappe enthält keine Gebiete; Gebiete müssen GeoJSON, KML/KMZ, ein gezipptes Shapefile, GeoPackage, GML oder OSM sein"},
	{regexp.MustCompile(`^empty: a row needs a key or street, number and postcode$`), "leer: eine Zeile braucht einen Schlüssel oder Straße, Hausnummer und Postleitzahl"},
	{regexp.MustCompile(`^empty key: this file has no street, number and postcode columns$`), "Schlüssel leer: die Datei hat keine Spalten für Straße, Hausnummer und Postleitzahl"},
	{regexp.MustCompile(`^empty$`), "leer"},
	{regexp.MustCompile(`^(\S+) Mbit/s is out of range \(0\.\.(\d+)\)$`), "$1 Mbit/s liegt außerhalb von 0..$2"},
	{regexp.MustCompile(`^"(.*)" is not a date \(.*\)$`), "„$1“ ist kein Datum (JJJJ-MM-TT, TT.MM.JJJJ, MM/JJJJ, JJJJ-MM oder JJJJ)"},
	{regexp.MustCompile(`^"(.*)" is out of range \(years 1990\.\.2100\)$`), "„$1“ liegt außerhalb der Jahre 1990..2100"},
	// Vector files (geojson.go, kml.go, formats.go).
	{regexp.MustCompile(`^not a GeoJSON object$`), "kein GeoJSON-Objekt"},
	{regexp.MustCompile(`^GeoJSON type is (.*); want a FeatureCollection, a Feature or a geometry$`),
		"GeoJSON-Typ ist $1; erwartet wird eine FeatureCollection, ein Feature oder eine Geometrie"},
	{regexp.MustCompile(`^no features member; want a GeoJSON FeatureCollection, a Feature or a geometry$`),
		"kein Element »features«; erwartet wird eine GeoJSON-FeatureCollection, ein Feature oder eine Geometrie"},
	{regexp.MustCompile(`^cannot read the crs member: (.*)$`), "Element »crs« nicht lesbar: $1"},
	{regexp.MustCompile(`^the crs member \((.*)\) comes after the features; give the coordinate system with --crs$`),
		"das Element »crs« ($1) steht hinter den Objekten; bitte das Koordinatensystem angeben (Befehl: --crs, Importseite: Koordinatensystem)"},
	{regexp.MustCompile(`^wrong JSON type: (.*)$`), "falscher JSON-Typ: $1"},
	{regexp.MustCompile(`^position has (\d+) values, want at least 2$`), "Position mit $1 Werten; nötig sind mindestens 2"},
	{regexp.MustCompile(`^position has (\d+) values, want 2 to 4$`), "Position mit $1 Werten; erlaubt sind 2 bis 4"},
	{regexp.MustCompile(`^the file holds one area without a name; named "(.*)" after the file .*$`),
		"die Datei enthält ein Gebiet ohne Namen; es heißt nach der Datei „$1“ (umbenennen: als Feature mit einer Namens-Eigenschaft)"},
	{regexp.MustCompile(`^no area read: --where matched none of the (\d+) features$`), "kein Gebiet gelesen: die Auswahl (--where) trifft keines der $1 Objekte"},
	{regexp.MustCompile(`^the file holds no areas$`), "die Datei enthält keine Gebiete"},
	{regexp.MustCompile(`^the file holds no layers$`), "die Datei enthält keine Ebenen"},
	{regexp.MustCompile(`^polygon (\d+) has no rings$`), "Polygon $1 hat keine Ringe"},
	{regexp.MustCompile(`^invalid polygon: (.*)$`), "ungültiges Polygon: $1"},
	{regexp.MustCompile(`^the polygon has no area$`), "das Polygon hat keine Fläche"},
	{regexp.MustCompile(`^coordinate "(.*)" is not lon,lat\[,alt\]$`), "Koordinate „$1“ hat nicht die Form Länge,Breite[,Höhe]"},
	{regexp.MustCompile(`^invalid KML: (.*)$`), "ungültiges KML: $1"},
	{regexp.MustCompile(`^a Point has (\d+) coordinates$`), "ein Punkt mit $1 Koordinaten"},
	{regexp.MustCompile(`^the KMZ archive holds no \.kml file$`), "das KMZ-Archiv enthält keine .kml-Datei"},
	{regexp.MustCompile(`^cannot read (.+) in the KMZ archive: (.*)$`), "$1 im KMZ-Archiv nicht lesbar: $2"},
	{regexp.MustCompile(`^(.+) in the KMZ archive is larger than (\d+) MB$`), "$1 im KMZ-Archiv ist größer als $2 MB"},
	{regexp.MustCompile(`^this is an old Excel file \(\.xls\); save it as \.xlsx or CSV$`), "eine alte Excel-Datei (.xls); bitte als .xlsx oder CSV speichern"},
	{regexp.MustCompile(`^an XML file that is neither KML, GML nor OSM$`), "eine XML-Datei, aber weder KML noch GML noch OSM"},
	{regexp.MustCompile(`^the file is larger than (\d+) MB$`), "die Datei ist größer als $1 MB"},
	{regexp.MustCompile(`^no layer "(.*)" \(the file has: (.*)\)$`), "keine Ebene „$1“ (die Datei hat: $2)"},
	{regexp.MustCompile(`^cannot transform from (.+?): (.*)$`), "Umrechnung aus $1 nicht möglich: $2"},
	{regexp.MustCompile(`^layer (\S+): (.*)$`), "Ebene $1: $2"},
	{regexp.MustCompile(`^no name property \(tried (.*); the feature has: (.*)\); choose one with --name-field$`),
		"keine Namens-Eigenschaft (versucht: $1; das Objekt hat: $2); bitte angeben (Befehl: --name-field, Importseite: Eigenschaft mit dem Gebietsnamen)"},
	// The import's own checks (service.go, hkde.go).
	{regexp.MustCompile(`^duplicate address key "(.*)", first seen at (.*); skipped$`),
		"doppelter Adressschlüssel „$1“, zuerst in $2; übersprungen"},
	{regexp.MustCompile(`^"(.*)" was encoded as UTF-8 twice; read as "(.*)"$`), "„$1“ war doppelt als UTF-8 kodiert; gelesen als „$2“"},
}

// germanAxis names the axes for the "out of range" message, and puts
// GEOS's reasons for an invalid polygon (IsValidReason) into German.
var germanAxis = strings.NewReplacer("easting_de", "Rechtswert", "northing_de", "Hochwert",
	"Ring Self-intersection", "Ring schneidet sich selbst", "Self-intersection", "Selbstüberschneidung",
	"Too few points", "zu wenige Punkte", "Hole lies outside shell", "Loch liegt außerhalb der Außengrenze",
	"Nested holes", "verschachtelte Löcher", "Interior is disconnected", "Inneres ist nicht zusammenhängend",
	"Nested shells", "verschachtelte Außengrenzen", "Duplicate Rings", "doppelte Ringe",
	"Invalid Coordinate", "ungültige Koordinate", "Ring is not closed", "Ring ist nicht geschlossen")

// Messages that quote a whole issue (Issue.String) after their own text.
var (
	noAreaRead  = regexp.MustCompile(`^no area read: (\d+) features skipped, the first: (.*)$`)
	issueString = regexp.MustCompile(`^(.*?): feature (\d+): (?:field (\S+): )?(.*)$`)
)

// GermanMessage returns an importer's message in German; one the table
// does not know comes back unchanged.
func GermanMessage(msg string) string {
	if m := noAreaRead.FindStringSubmatch(msg); m != nil {
		return "kein Gebiet gelesen: " + m[1] + " Objekte übersprungen, das erste: " + germanIssueString(m[2])
	}
	for _, m := range germanMessages {
		if loc := m.re.FindStringSubmatchIndex(msg); loc != nil {
			out := m.re.ExpandString(nil, m.de, msg, loc)
			return germanAxis.Replace(string(out))
		}
	}
	return msg
}

// German formats the issue for people in German: "adressen.csv:12: Feld
// hnr: …", "ortsteile.geojson: Objekt 4: Feld geometry: …" (objects
// counted from 1).
func (i Issue) German() string {
	var b strings.Builder
	b.WriteString(i.File)
	if i.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(i.Line))
	}
	b.WriteString(": ")
	if i.Line <= 0 && i.Feature >= 0 {
		b.WriteString("Objekt " + strconv.Itoa(i.Feature+1) + ": ")
	}
	if i.Field != "" {
		b.WriteString("Feld " + i.Field + ": ")
	}
	b.WriteString(GermanMessage(i.Message))
	return b.String()
}

// germanIssueString translates an Issue.String of a feature ("f.geojson:
// feature 0: field geometry: …").
func germanIssueString(s string) string {
	m := issueString.FindStringSubmatch(s)
	if m == nil {
		return GermanMessage(s)
	}
	n, _ := strconv.Atoi(m[2])
	i := Issue{File: m[1], Feature: n, Field: m[3], Message: m[4]}
	return i.German()
}
