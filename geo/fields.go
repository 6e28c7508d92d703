package geo

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Real address tables write a house number in many ways; these helpers
// read them without losing what was written.

// splitNumber separates a house number as written into the number and a
// letter suffix: "23a" → ("23", "a"), "15 a" → ("15", "a"), "15a/b" →
// ("15", "a/b"). Ranges and lists ("40-41", "14/15", "163- 165",
// "12/12a/14") stay whole in the number, with the spaces around the dash
// or slash removed; they sort and search by their first number. A value
// that does not start with a digit is returned as the number unchanged.
func splitNumber(s string) (number, suffix string) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return s, ""
	}
	rest := strings.TrimSpace(s[i:])
	if rest == "" {
		return s[:i], ""
	}
	if isSuffix(rest) {
		return s[:i], strings.ToLower(rest)
	}
	// A range or a list: keep it as written, spaces around - and / gone.
	return compactRange(s), ""
}

// isSuffix reports whether s is a house-number suffix: one or two letters,
// possibly as a list ("a/b", "a-c").
func isSuffix(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letters++
		case r == '/' || r == '-' || r == ',':
			if letters == 0 {
				return false
			}
		default:
			return false
		}
	}
	return letters > 0 && (len(s) <= 2 || strings.ContainsAny(s, "/-,"))
}

var rangeSpaces = regexp.MustCompile(`\s*([-/–])\s*`)

func compactRange(s string) string { return rangeSpaces.ReplaceAllString(s, "$1") }

// FirstNumber returns the leading number of a house number as written
// ("40-41" → 40, "12a" → 12), or -1 when it starts with no digit. Ranges
// and lists sort by it.
func FirstNumber(s string) int {
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return -1
	}
	n, _ := strconv.Atoi(s[:i])
	return n
}

// addressLine matches "Norderstraße 163- 165", "Ohlenkamp 15 a",
// "Landwehr 11/13", "Straße des 17. Juni 12": the street is everything
// before the last group that starts with a digit and runs to the end.
var addressLine = regexp.MustCompile(`^(.+?)\s+(\d+\s*[a-zA-Z]?(?:\s*[-/–,]\s*\d*\s*[a-zA-Z]?)*\s*)$`)

// splitAddressLine separates a combined "street number" field. ok is
// false when no number can be found at the end.
func splitAddressLine(s string) (street, number string, ok bool) {
	s = strings.TrimSpace(s)
	m := addressLine.FindStringSubmatch(s)
	if m == nil {
		return s, "", false
	}
	return strings.TrimSpace(m[1]), strings.TrimSpace(m[2]), true
}

// splitPlaceLine separates "22337 Hamburg" into postcode and city.
func splitPlaceLine(s string) (postcode, city string, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) > 6 && isDigits(s[:5]) && s[5] == ' ' {
		return s[:5], strings.TrimSpace(s[6:]), true
	}
	return "", s, false
}

// normalizePostcode checks a German postcode: five digits. A spreadsheet
// that read it as a number ("4155", "4155.0", "4155,0") lost the leading
// zero; that is repaired with a remark. Anything else is returned as a
// problem, and the caller keeps the address without a postcode.
func normalizePostcode(s string) (pc, remark string, err error) {
	if s == "" || (len(s) == 5 && isDigits(s)) {
		return s, "", nil
	}
	t := s
	for _, z := range []string{".0", ",0"} {
		t = strings.TrimSuffix(t, z)
	}
	if len(t) >= 4 && len(t) <= 5 && isDigits(t) {
		pc = fmt.Sprintf("%05s", t)
		return pc, fmt.Sprintf("postcode %q read as %s (a spreadsheet had made a number of it)", s, pc), nil
	}
	return "", "", fmt.Errorf("postcode %q is not five digits; the address is imported without a postcode", s)
}

// noNumber reports whether a house number means "none": empty, or the "0"
// that tables use as a placeholder (no German address is number 0).
func noNumber(s string) bool { return s == "" || strings.Trim(s, "0") == "" }

// typeValues maps the values found in type columns of German address
// tables (Nutzung, Gebäudeart, Gebäudefunktion) to address types, keys
// lower case. ALKIS Gebäudefunktion codes are read by their thousands:
// 1xxx Wohnen, 2xxx Wirtschaft/Gewerbe, 3xxx öffentliche Zwecke, with
// schools (3021–3023) and hospitals (3051–3052) by their own code.
var typeValues = map[string]AddressType{
	"private": TypePrivate, "privat": TypePrivate, "wohnen": TypePrivate, "wohngebäude": TypePrivate,
	"wohngebaeude": TypePrivate, "residential": TypePrivate, "house": TypePrivate, "wohnhaus": TypePrivate,
	"wohnung": TypePrivate, "haushalt": TypePrivate, "ph": TypePrivate, "einfamilienhaus": TypePrivate,
	"mehrfamilienhaus": TypePrivate, "wohn": TypePrivate,
	"business": TypeBusiness, "gewerbe": TypeBusiness, "betrieb": TypeBusiness, "unternehmen": TypeBusiness,
	"firma": TypeBusiness, "commercial": TypeBusiness, "industrial": TypeBusiness, "gewerbegebäude": TypeBusiness,
	"gewerbegebaeude": TypeBusiness, "industrie": TypeBusiness, "handel": TypeBusiness, "büro": TypeBusiness,
	"buero": TypeBusiness, "landwirtschaft": TypeBusiness, "gewerblich": TypeBusiness, "gk": TypeBusiness,
	"school": TypeSchool, "schule": TypeSchool, "bildung": TypeSchool, "grundschule": TypeSchool,
	"gymnasium": TypeSchool, "berufsschule": TypeSchool,
	"hospital": TypeHospital, "krankenhaus": TypeHospital, "klinik": TypeHospital, "klinikum": TypeHospital,
	"public": TypePublic, "öffentlich": TypePublic, "oeffentlich": TypePublic, "kommunal": TypePublic,
	"städtisch": TypePublic, "staedtisch": TypePublic, "rathaus": TypePublic, "verwaltung": TypePublic,
	"municipal": TypePublic, "kita": TypePublic, "kindergarten": TypePublic, "feuerwehr": TypePublic,
	"öffentliche einrichtung": TypePublic, "behörde": TypePublic,
}

// mixedValues are the type values of buildings with homes and businesses:
// read as private with one household and one business.
var mixedValues = map[string]bool{"gemischt": true, "mischnutzung": true, "mixed": true, "wohn- und geschäftshaus": true, "wohn- und gewerbe": true, "wohnen und gewerbe": true, "wohn-/geschäftshaus": true}

// readType maps a type column's value: the file's own value map first
// (ParseOptions.TypeValues), then the German spellings, then ALKIS codes.
// mixed is true for mixed use.
func readType(s string, own map[string]AddressType) (t AddressType, mixed bool, err error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if t, ok := own[k]; ok {
		return t, false, nil
	}
	if k == "" {
		return TypePrivate, false, nil
	}
	if t, ok := typeValues[k]; ok {
		return t, false, nil
	}
	if mixedValues[k] {
		return TypePrivate, true, nil
	}
	if len(k) == 4 && isDigits(k) {
		switch code, _ := strconv.Atoi(k); {
		case code >= 3021 && code <= 3023:
			return TypeSchool, false, nil
		case code >= 3051 && code <= 3052:
			return TypeHospital, false, nil
		case code >= 1000 && code < 2000:
			return TypePrivate, code >= 1100 && code < 1200, nil // 11xx: gemischt genutzt
		case code >= 2000 && code < 3000:
			return TypeBusiness, false, nil
		case code >= 3000 && code < 4000:
			return TypePublic, false, nil
		}
	}
	return "", false, fmt.Errorf("unknown address type %q (known: Wohnen, Gewerbe, gemischt, öffentlich, Schule, Krankenhaus, ALKIS codes; map others with --type-values %q=business)", s, s)
}

// ParseTypeValues reads --type-values "Wohnhaus=private,Laden=business":
// the values of a file's type column and the address types they mean.
func ParseTypeValues(s string) (map[string]AddressType, error) {
	out := map[string]AddressType{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		if !ok {
			return nil, Errorf(EINVALID, "--type-values: %q hat nicht die Form WERT=ART", pair)
		}
		t, err := ParseAddressType(v)
		if err != nil {
			return nil, Errorf(EINVALID, "--type-values: %v", err)
		}
		out[strings.ToLower(strings.TrimSpace(k))] = t
	}
	return out, nil
}

// fieldGerman names the canonical fields (Fields) for people.
var fieldGerman = map[string]string{
	"key": "Schlüssel", "street": "Straße", "number": "Hausnummer", "suffix": "Zusatz",
	"address": "Straße und Hausnummer", "postcode": "PLZ", "city": "Ort", "locality": "Ortsteil",
	"x": "Rechtswert/Länge", "y": "Hochwert/Breite", "households": "Haushalte", "businesses": "Betriebe",
	"type": "Nutzung", "ags": "AGS", "streetkey": "Straßenschlüssel",
}

// MappingGerman writes a Report's Mapping for people: "Straße ←
// STR_NAME_2018, Hausnummer ← HNR_2018".
func MappingGerman(mapping []string) string {
	out := make([]string, 0, len(mapping))
	for _, m := range mapping {
		f, col, _ := strings.Cut(m, "=")
		if g, ok := fieldGerman[f]; ok {
			f = g
		}
		out = append(out, f+" ← "+col)
	}
	return strings.Join(out, ", ")
}
