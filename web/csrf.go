package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

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
// The login form, which has no session yet, uses a signed double-submit
// cookie: the cookie gigaplan_login_csrf and the form carry the same
// token, "<unix time>.<random>.<HMAC-SHA-256>", signed with the
// installation's secret "login-csrf" (UserStore.Secret, shared by every
// instance). The login accepts only a token this installation signed in
// the last loginCSRFMaxAge, so a value planted in the cookie by another
// site (or a sibling host) does not pass because it matches the form.
//
// Every POST, PUT, PATCH and DELETE of the office pages must carry the
// token in the form field csrf or the header X-CSRF-Token; a missing or
// wrong token is 403. In front of both checks, net/http's
// CrossOriginProtection refuses unsafe requests that the browser marks as
// cross-site (Sec-Fetch-Site, or an Origin other than the host): 403.

const (
	csrfField       = "csrf"
	csrfHeader      = "X-CSRF-Token"
	loginCSRFCookie = "gigaplan_login_csrf"
	loginCSRFSecret = "login-csrf"
	// loginCSRFMaxAge is how long a login form stays valid.
	loginCSRFMaxAge = 12 * time.Hour
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

// loginKey returns the key that signs login CSRF tokens, read once.
func (o *office) loginKey(ctx context.Context) ([]byte, error) {
	o.keyMu.Lock()
	defer o.keyMu.Unlock()
	if o.key == nil {
		k, err := o.users.Secret(ctx, loginCSRFSecret)
		if err != nil {
			return nil, err
		}
		o.key = k
	}
	return o.key, nil
}

// formSigner signs the tokens of the forms that have no session (the
// login form, the citizens' report form) for one purpose:
// "<unix nanoseconds>.<nonce>.<mac>", the MAC over the purpose and the
// rest, valid for maxAge (and a minute of clock skew).
type formSigner struct {
	purpose string
	maxAge  time.Duration
}

var (
	loginSigner  = formSigner{"gigaplan login csrf", loginCSRFMaxAge}
	reportSigner = formSigner{"gigaplan report form", reportFormMaxAge}
)

// sign returns the token made at at with nonce.
func (f formSigner) sign(key []byte, at time.Time, nonce string) string {
	body := strconv.FormatInt(at.UnixNano(), 10) + "." + nonce
	m := hmac.New(sha256.New, key)
	m.Write([]byte(f.purpose + "\x00" + body))
	return body + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// check reports whether tok was signed with key for f's purpose at most
// f.maxAge before now (and not in the future), and how old it is.
func (f formSigner) check(key []byte, tok string, now time.Time) (age time.Duration, ok bool) {
	ts, rest, ok := strings.Cut(tok, ".")
	if !ok {
		return 0, false
	}
	nonce, _, ok := strings.Cut(rest, ".")
	if !ok || len(nonce) < 32 {
		return 0, false
	}
	ns, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return 0, false
	}
	at := time.Unix(0, ns)
	if now.Sub(at) > f.maxAge || at.Sub(now) > time.Minute {
		return 0, false
	}
	return now.Sub(at), hmac.Equal([]byte(f.sign(key, at, nonce)), []byte(tok))
}

// signLogin and validLogin are loginSigner's.
func signLogin(key []byte, at time.Time, nonce string) string {
	return loginSigner.sign(key, at, nonce)
}

func validLogin(key []byte, tok string, now time.Time) (time.Duration, bool) {
	return loginSigner.check(key, tok, now)
}

// loginCSRF returns the signed double-submit token of the login form,
// setting the cookie unless the browser has a valid one.
func (o *office) loginCSRF(c *gin.Context) (string, error) {
	key, err := o.loginKey(c.Request.Context())
	if err != nil {
		return "", err
	}
	now := o.s.now()
	if ck, err := c.Request.Cookie(loginCSRFCookie); err == nil {
		if age, ok := validLogin(key, ck.Value, now); ok && age < loginCSRFMaxAge/2 {
			return ck.Value, nil
		}
	}
	nonce, err := newToken()
	if err != nil {
		return "", err
	}
	tok := signLogin(key, now, nonce)
	http.SetCookie(c.Writer, &http.Cookie{Name: loginCSRFCookie, Value: tok, Path: "/login", HttpOnly: true,
		MaxAge: int(loginCSRFMaxAge / time.Second), SameSite: http.SameSiteStrictMode, Secure: isHTTPS(c.Request)})
	return tok, nil
}

// checkLoginCSRF reports whether the login form carries its cookie's
// token and this installation signed it recently; the form must be
// parsed.
func (o *office) checkLoginCSRF(c *gin.Context) (bool, error) {
	ck, err := c.Request.Cookie(loginCSRFCookie)
	if err != nil || !tokenEqual(sentCSRF(c), ck.Value) {
		return false, nil
	}
	key, err := o.loginKey(c.Request.Context())
	if err != nil {
		return false, err
	}
	_, ok := validLogin(key, ck.Value, o.s.now())
	return ok, nil
}

// crossOrigin refuses unsafe requests a browser sends from another site.
var crossOrigin = http.NewCrossOriginProtection()

// refuseCrossOrigin is the middleware of crossOrigin (403, German page).
func (o *office) refuseCrossOrigin(c *gin.Context) {
	if err := crossOrigin.Check(c.Request); err != nil {
		o.s.log.Info("cross-origin request refused", "method", c.Request.Method, "path", c.Request.URL.Path,
			"origin", c.GetHeader("Origin"), "sec_fetch_site", c.GetHeader("Sec-Fetch-Site"))
		o.errorPage(c, http.StatusForbidden, "Diese Anfrage kam von einer anderen Website und wurde abgewiesen. Bitte öffnen Sie die Seite direkt und versuchen Sie es noch einmal.")
		c.Abort()
		return
	}
	c.Next()
}
