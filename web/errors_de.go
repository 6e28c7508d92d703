package web

import (
	"net/http"

	"gigaplan/geo"
)

// German texts of the error codes: the one table the office's and the
// citizens' pages take a page title and, where the error's own message
// is not for people (internal, unavailable), the text from. statusOf maps
// the same codes to HTTP statuses.
var germanCodes = map[string]struct {
	Title string // the error page's heading
	Text  string // shown when the message is not for people
}{
	geo.EINVALID:     {"Ungültige Eingabe", "Die Eingabe ist ungültig. Bitte prüfen Sie sie."},
	geo.ENOTFOUND:    {"Nicht gefunden", "Das Gesuchte gibt es nicht (mehr)."},
	geo.ECONFLICT:    {"Konflikt", "Jemand anderes hat das gerade geändert. Bitte laden Sie die Seite neu."},
	geo.EFORBIDDEN:   {"Keine Berechtigung", "Das dürfen Sie hier nicht."},
	geo.EUNAVAILABLE: {"Vorübergehend nicht verfügbar", "Die Datenbank ist gerade beschäftigt. Bitte versuchen Sie es in einigen Sekunden noch einmal."},
	geo.EINTERNAL:    {"Interner Fehler", "Interner Fehler. Bitte versuchen Sie es später noch einmal."},
}

// germanStatus names an HTTP status of an error page in German (the
// statuses the pages answer with, by their code in germanCodes).
func germanStatus(status int) string {
	for code, st := range statusOf {
		if st == status {
			return germanCodes[code].Title
		}
	}
	switch status {
	case http.StatusUnauthorized:
		return "Anmeldung nötig"
	case http.StatusRequestEntityTooLarge:
		return "Datei zu groß"
	case http.StatusTooManyRequests:
		return "Zu viele Anfragen"
	case http.StatusUnprocessableEntity:
		return "Ungültige Eingabe"
	}
	return "Fehler"
}
