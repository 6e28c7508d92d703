package web

import (
	"net/http"
	"testing"

	"gigaplan/geo"
)

// TestGermanCodes: every code has a status and a German title and text;
// the error pages' titles are German.
func TestGermanCodes(t *testing.T) {
	tests := []struct {
		code   string
		status int
		title  string
	}{
		{geo.EINVALID, http.StatusBadRequest, "Ungültige Eingabe"},
		{geo.ENOTFOUND, http.StatusNotFound, "Nicht gefunden"},
		{geo.ECONFLICT, http.StatusConflict, "Konflikt"},
		{geo.EFORBIDDEN, http.StatusForbidden, "Keine Berechtigung"},
		{geo.EUNAVAILABLE, http.StatusServiceUnavailable, "Vorübergehend nicht verfügbar"},
		{geo.EINTERNAL, http.StatusInternalServerError, "Interner Fehler"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if statusOf[tt.code] != tt.status {
				t.Errorf("status %d, want %d", statusOf[tt.code], tt.status)
			}
			g := germanCodes[tt.code]
			if g.Title != tt.title || g.Text == "" {
				t.Errorf("German %+v, want title %q and a text", g, tt.title)
			}
			if got := germanStatus(tt.status); got != tt.title {
				t.Errorf("germanStatus(%d) = %q, want %q", tt.status, got, tt.title)
			}
		})
	}
	if len(germanCodes) != len(statusOf) {
		t.Errorf("%d German texts for %d codes", len(germanCodes), len(statusOf))
	}
	for status, want := range map[int]string{http.StatusTooManyRequests: "Zu viele Anfragen", http.StatusTeapot: "Fehler"} {
		if got := germanStatus(status); got != want {
			t.Errorf("germanStatus(%d) = %q, want %q", status, got, want)
		}
	}
}
