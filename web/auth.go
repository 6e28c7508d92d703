package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Sessions of the office pages.
//
// Signing in creates a random 32-byte token, sent to the browser in the
// cookie gigaplan_session (HttpOnly, SameSite=Lax, Secure over https) and
// stored only as its SHA-256 in the database. A session ends after
// sessionIdle without a request, sessionMax after it began, or on logout.
//
// Throttling: failed logins for one user name from one client address
// (and, more leniently, from one address for any names) delay further
// attempts, growing with each failure (campaigns.Login, 429 with
// Retry-After). The counters live in the database, so they survive a
// restart and hold across several processes.
const (
	sessionCookie = "gigaplan_session"
	sessionIdle   = 8 * time.Hour
	sessionMax    = 7 * 24 * time.Hour
)

// Context keys set by loadSession.
const (
	ctxUser  = "office.user"  // campaigns.User
	ctxToken = "office.token" // the raw session token
)

// newToken returns 32 random bytes, base64url-encoded.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("web: random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

func (o *office) setSessionCookie(c *gin.Context, tok string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isHTTPS(c.Request)})
}

// loadSession puts the signed-in user and the session token into the
// context when the request has a live session; it never refuses.
func (o *office) loadSession(c *gin.Context) {
	ck, err := c.Request.Cookie(sessionCookie)
	if err != nil || ck.Value == "" || len(ck.Value) > 100 {
		c.Next()
		return
	}
	u, err := o.users.SessionUser(c.Request.Context(), hashToken(ck.Value), o.s.now(), sessionIdle)
	switch {
	case err == nil:
		c.Set(ctxUser, u)
		c.Set(ctxToken, ck.Value)
	case geo.ErrorCode(err) == geo.ENOTFOUND:
		o.setSessionCookie(c, "", -1) // expired or unknown: drop it
	case geo.ErrorCode(err) == geo.EUNAVAILABLE:
		// The session is fine; the store cannot record its use now.
		o.fail(c, err)
		c.Abort()
		return
	case c.Request.Context().Err() != nil:
		o.s.log.Debug("read session: request cancelled", "err", err)
	default:
		o.s.log.Error("read session", "err", err)
	}
	c.Next()
}

// currentUser returns the signed-in user, if any.
func currentUser(c *gin.Context) (campaigns.User, bool) {
	v, ok := c.Get(ctxUser)
	if !ok {
		return campaigns.User{}, false
	}
	u, ok := v.(campaigns.User)
	return u, ok
}

// requireRole lets through users whose role includes min. Without a
// session, pages redirect to /login (API paths get 401 JSON); with a role
// too low, 403.
func (o *office) requireRole(min campaigns.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := currentUser(c)
		if !ok {
			if strings.HasPrefix(c.Request.URL.Path, "/api/") {
				c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "Anmeldung erforderlich", "code": "unauthorized"})
				return
			}
			next := ""
			if c.Request.Method == http.MethodGet {
				next = "?next=" + url.QueryEscape(c.Request.URL.RequestURI())
			}
			c.Redirect(http.StatusSeeOther, "/login"+next)
			c.Abort()
			return
		}
		if !u.Role.AtLeast(min) {
			if strings.HasPrefix(c.Request.URL.Path, "/api/") {
				c.AbortWithStatusJSON(http.StatusForbidden, gin.H{"error": "keine Berechtigung", "code": "forbidden"})
				return
			}
			o.errorPage(c, http.StatusForbidden, fmt.Sprintf("Für diese Seite fehlt Ihnen die Berechtigung (Ihre Rolle: %s, nötig: %s).",
				u.Role.German(), min.German()))
			c.Abort()
			return
		}
		c.Next()
	}
}

// clientIP is the address failed logins are counted for: the peer's, or,
// when the peer is a reverse proxy on this host (loopback), the last
// address it appended to X-Forwarded-For. Entries further left could be
// forged by the client and are ignored.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip != nil && ip.IsLoopback() {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if p := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); p != nil {
				return p.String()
			}
		}
	}
	return host
}

// safeNext returns next if it names a page of this app, else /buero.
// next is parsed, not pattern-matched: it must be an absolute path with a
// query at most (no scheme, host, user or fragment), with no control
// character, backslash, empty or dot segment, raw or percent-encoded
// (browsers drop a tab after the first slash, so "/\t/evil.example"
// would lead to another host). The result is the parsed path and query,
// encoded again.
func safeNext(next string) string {
	const home = "/buero"
	if next == "" || len(next) > 2048 {
		return home
	}
	bad := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return geo.Invisible(r) || r == '\\' || r == utf8.RuneError })
	}
	if bad(next) {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || u.Fragment != "" ||
		!strings.HasPrefix(u.Path, "/") || bad(u.Path) || strings.HasPrefix(next, "//") {
		return home
	}
	for _, seg := range strings.Split(u.Path, "/")[1:] {
		if seg == "" || seg == "." || seg == ".." {
			if seg == "" && strings.HasSuffix(u.Path, "/") && strings.Count(u.Path, "//") == 0 {
				continue // a trailing slash
			}
			return home
		}
	}
	return u.RequestURI()
}

type loginPage struct {
	officePage
	Name    string
	Next    string
	Message string
}

func (o *office) loginForm(c *gin.Context) {
	if _, ok := currentUser(c); ok {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
		return
	}
	o.renderLogin(c, http.StatusOK, "", c.Query("next"), "")
}

func (o *office) renderLogin(c *gin.Context, status int, name, next, msg string) {
	tok, err := o.loginCSRF(c)
	if err != nil {
		o.fail(c, err)
		return
	}
	p := loginPage{officePage: o.page(c, "Anmelden"), Name: name, Next: next, Message: msg}
	p.CSRF = tok
	o.render(c, status, "login.html", p)
}

func (o *office) login(c *gin.Context) {
	if !parseForm(c) {
		return
	}
	name := strings.TrimSpace(c.Request.PostFormValue("name"))
	pw := c.Request.PostFormValue("password")
	next := c.Request.PostFormValue("next")
	if ok, err := o.checkLoginCSRF(c); err != nil {
		o.fail(c, err)
		return
	} else if !ok {
		o.errorPage(c, http.StatusForbidden, "Die Sicherheitsprüfung des Formulars ist fehlgeschlagen. Bitte laden Sie die Anmeldeseite neu.")
		return
	}
	ctx := c.Request.Context()
	now := o.s.now()
	ip := clientIP(c.Request)
	u, err := campaigns.Login(ctx, o.users, name, pw, ip, now)
	var locked *campaigns.LockedError
	switch {
	case errors.As(err, &locked):
		secs := max(1, int(math.Ceil(locked.Until.Sub(now).Seconds())))
		c.Header("Retry-After", fmt.Sprint(secs))
		wait := fmt.Sprintf("%d %s", secs, seconds(secs))
		if secs >= 90 {
			wait = fmt.Sprintf("%d Minuten", (secs+59)/60)
		}
		o.renderLogin(c, http.StatusTooManyRequests, name, next, fmt.Sprintf(
			"Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %s und versuchen Sie es dann erneut; "+
				"die Verwaltung kann die Anmeldung auch sofort freigeben.", wait))
		return
	case errors.Is(err, campaigns.ErrBadLogin):
		o.audit(c, name, campaigns.AuditLoginFailed, "von "+ip)
		o.renderLogin(c, http.StatusUnauthorized, name, next, "Benutzername oder Passwort ist falsch.")
		return
	case err != nil:
		o.fail(c, err)
		return
	}
	tok, err := newToken()
	if err != nil {
		o.internalError(c, err)
		return
	}
	if err := o.users.CreateSession(ctx, hashToken(tok), u.ID, now, now.Add(sessionMax)); err != nil {
		o.fail(c, err)
		return
	}
	o.setSessionCookie(c, tok, int(sessionMax/time.Second))
	auditIn(c, u.Municipality)
	o.audit(c, u.Name, campaigns.AuditLogin, "von "+ip)
	c.Redirect(http.StatusSeeOther, safeNext(next))
}

func (o *office) logout(c *gin.Context) {
	u, _ := currentUser(c)
	if err := o.users.DeleteSession(c.Request.Context(), hashToken(c.GetString(ctxToken))); err != nil {
		o.internalError(c, err)
		return
	}
	o.setSessionCookie(c, "", -1)
	o.audit(c, u.Name, campaigns.AuditLogout, "")
	c.Redirect(http.StatusSeeOther, "/login")
}

// audit writes an audit log entry; a failure is logged, not shown. The
// entry records the municipality auditIn set for the request, else the
// signed-in user's.
func (o *office) audit(c *gin.Context, user, action, detail string) {
	var muni int64
	if v, ok := c.Get(ctxAuditMuni); ok {
		muni = v.(int64)
	} else if u, ok := currentUser(c); ok {
		muni = u.Municipality
	}
	if err := o.users.AddAudit(c.Request.Context(), campaigns.AuditEntry{At: o.s.now(), User: user, Action: action, Detail: detail, Municipality: muni}); err != nil {
		o.s.log.Error("write audit log", "action", action, "err", err)
	}
}
