package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/gin-gonic/gin"
)

// CSRF protection of the office pages.
//
// A signed-in person's forms carry a token derived from the session token
// (SHA-256 over a fixed label and the token): the server recomputes it
// from the cookie on every request, so nothing extra is stored, and a
// site that cannot read the cookie cannot compute it. The database keeps
// only the session token's plain SHA-256, from which the CSRF token cannot
// be derived.
//
// The login form, which has no session yet, uses a double-submit cookie:
// a random value in the cookie gigaplan_login_csrf and in the form.
//
// Every POST, PUT, PATCH and DELETE of the office pages must carry the
// token in the form field csrf or the header X-CSRF-Token; a missing or
// wrong token is 403.

const (
	csrfField       = "csrf"
	csrfHeader      = "X-CSRF-Token"
	loginCSRFCookie = "gigaplan_login_csrf"
)

// csrfToken is the CSRF token of a session token.
func csrfToken(sessionToken string) string {
	h := sha256.Sum256([]byte("gigaplan csrf\x00" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

func unsafeMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// tokenEqual compares in constant time; empty tokens never match.
func tokenEqual(a, b string) bool {
	return a != "" && b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// sentCSRF returns the token the request carries; the form must be parsed.
func sentCSRF(c *gin.Context) string {
	if t := c.GetHeader(csrfHeader); t != "" {
		return t
	}
	return c.Request.PostFormValue(csrfField)
}

// requireCSRF refuses unsafe requests without the session's CSRF token.
// It runs after requireRole, so the session is known.
func (o *office) requireCSRF(c *gin.Context) {
	if !unsafeMethod(c.Request.Method) {
		c.Next()
		return
	}
	if !parseForm(c) {
		return
	}
	tok := c.GetString(ctxToken)
	if tok == "" || !tokenEqual(sentCSRF(c), csrfToken(tok)) {
		o.errorPage(c, http.StatusForbidden, "Die Sicherheitsprüfung des Formulars ist fehlgeschlagen (CSRF-Token fehlt oder ist falsch). Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.")
		c.Abort()
		return
	}
	c.Next()
}

// loginCSRF returns the double-submit token of the login form, setting
// the cookie if the browser has none.
func (o *office) loginCSRF(c *gin.Context) (string, error) {
	if ck, err := c.Request.Cookie(loginCSRFCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value, nil
	}
	tok, err := newToken()
	if err != nil {
		return "", err
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: loginCSRFCookie, Value: tok, Path: "/login", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: isHTTPS(c.Request)})
	return tok, nil
}

// checkLoginCSRF compares the login form's token with its cookie; the
// form must be parsed.
func checkLoginCSRF(c *gin.Context) bool {
	ck, err := c.Request.Cookie(loginCSRFCookie)
	return err == nil && tokenEqual(sentCSRF(c), ck.Value)
}
