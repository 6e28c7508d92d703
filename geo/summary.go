package geo

import (
	"fmt"
	"strconv"
	"strings"
)

// Thousands formats n with German thousands separators: 1.234.567.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Count is n and the noun in its German singular or plural form:
// "1 Datensatz", "2.500 Datensätze".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(int64(n)) + " " + many
}

// ReadLine is the line an import summary shows for one file, on the
// command line and the office's import page: "hk.csv: HK-DE 4.2, 2.500
// Datensätze gelesen, 3 ausgefiltert".
func (r *Report) ReadLine() string {
	line := fmt.Sprintf("%s: %s, %s gelesen", r.File, r.Format, Count(r.Read, "Datensatz", "Datensätze"))
	if r.FilteredCount > 0 {
		line += fmt.Sprintf(", %s ausgefiltert", Thousands(int64(r.FilteredCount)))
	}
	return line
}

// TotalsLine is the summary's line of counts: "Gelesen: 2.500, neu: 2.400,
// aktualisiert: 90, übersprungen: 10".
func (s *ImportSummary) TotalsLine() string {
	return fmt.Sprintf("Gelesen: %s, neu: %s, aktualisiert: %s, übersprungen: %s",
		Thousands(int64(s.Read)), Thousands(int64(s.Imported)), Thousands(int64(s.Updated)), Thousands(int64(s.SkippedCount)))
}

// Line is the overlay's line of an import summary: "Verschneidung: 2.500
// Adressen, 12 Gebiete, 5.000 Zuordnungen, 3 Adressen außerhalb aller
// Ortsteile; neu verortet: 2.500 Adressen (alle)". The command line adds
// its duration and hints.
func (o OverlaySummary) Line() string {
	line := fmt.Sprintf("Verschneidung: %s, %s, %s", Count(o.Addresses, "Adresse", "Adressen"),
		Count(o.Areas, "Gebiet", "Gebiete"), Count(o.Assignments, "Zuordnung", "Zuordnungen"))
	if o.Unassigned > 0 {
		line += fmt.Sprintf(", %s außerhalb aller Ortsteile", Count(o.Unassigned, "Adresse", "Adressen"))
	}
	scope := "alle"
	if o.Incremental {
		scope = "nur neue, verschobene und die in geänderten Gebieten"
	}
	return line + fmt.Sprintf("; neu verortet: %s (%s)", Count(o.Located, "Adresse", "Adressen"), scope)
}
