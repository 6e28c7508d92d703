package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// contentSecurityPolicy allows only the server's own scripts and styles;
// images and map tiles may come from the base map's origin (baseOrigin,
// empty without a base map) besides the server, MapLibre's workers from
// the server or blob: URLs. No inline script or style: templates link their
// CSS and JS.
func contentSecurityPolicy(baseOrigin string) string {
	extra := ""
	if baseOrigin != "" {
		extra = " " + baseOrigin
	}
	return "default-src 'self'; img-src 'self' data: blob:" + extra + "; script-src 'self'; style-src 'self'; " +
		"connect-src 'self'" + extra + "; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
}

// securityHeaders sets the security headers on every response. web.New
// registers it before every route.
func securityHeaders(baseOrigin string) gin.HandlerFunc {
	csp := contentSecurityPolicy(baseOrigin)
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if isHTTPS(c.Request) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		c.Next()
	}
}

// isHTTPS reports whether the client talks to us over TLS, directly or
// through a reverse proxy that says so in X-Forwarded-Proto.
func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

// maxFormBody is the largest request body of the office's forms. Uploads
// get their own limit.
const maxFormBody = 1 << 20

// limitBody refuses request bodies larger than n bytes with 413: at once
// when Content-Length says so, else when reading passes the limit (see
// parseForm).
func limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > n {
			c.Header("Connection", "close")
			c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"error": "Anfrage zu groß"})
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		c.Next()
	}
}

// parseForm parses the request's form once. A body over the limit is 413,
// a malformed one 400; on failure the response is written and false
// returned.
func parseForm(c *gin.Context) bool {
	err := c.Request.ParseForm()
	if err == nil {
		return true
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"error": "Anfrage zu groß"})
		return false
	}
	c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": "ungültiges Formular"})
	return false
}
