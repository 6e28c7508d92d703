package web

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
)

// Rate limits: token buckets kept in memory per process, keyed by client
// address (clientIP) and, for logins, by user name too. They complement
// the lockout after failed logins (campaigns.Login), which lives in the
// database: the buckets slow down anyone who hammers a route, the lockout
// stops password guessing across restarts.

// RateLimits configures the limits. A zero field means its default; a
// negative LoginPerMinute or SearchPerSecond turns that limit off (for
// load tests: gigaplan serve --no-rate-limit).
type RateLimits struct {
	// LoginPerMinute is how many login attempts (POST /login) one client
	// address, and one user name, may make per minute; default 10.
	LoginPerMinute int
	// SearchPerSecond is how many address searches (GET
	// /api/v1/addresses/search and /suche) one client address may make
	// per second on average; default 20.
	SearchPerSecond float64
	// SearchBurst is how many searches may come at once; default 40.
	SearchBurst int
	// ReportsPerHour is how many citizens' reports (POST /meldung) one
	// client address may send per hour, all at once at most; default 5.
	ReportsPerHour int
}

// Default rate limits.
//
// The search limit comes from the scale run (docs/scale.md): at 3 million
// addresses on the 2-core reference machine, one connection gets about
// 2,300 searches a second (p50 0.4 ms, p99 1.7 ms, hit or miss, SQLite),
// so a search costs about 0.45 ms. DefaultSearchPerSecond lets one client
// use at most 1 % of that capacity (2,300 / 100 ≈ 20/s, about 9 ms of
// CPU a second): a hundred clients searching flat out before the office
// notices, and still four times what a person typing ahead needs.
const (
	DefaultLoginPerMinute  = 10
	DefaultSearchPerSecond = 20
	DefaultSearchBurst     = 40
	DefaultReportsPerHour  = 5
)

// NoRateLimits turns every limit off.
var NoRateLimits = RateLimits{LoginPerMinute: -1, SearchPerSecond: -1, ReportsPerHour: -1}

// maxBuckets caps the keys a limiter remembers; past it, full buckets
// are swept at once, and if that is not enough the oldest half goes.
const maxBuckets = 100_000

// limiter is a set of token buckets, one per key.
type limiter struct {
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// newLimiter returns a limiter refilling rate tokens per second up to
// burst; nil (no limit) when rate is not positive.
func newLimiter(rate float64, burst int, now func() time.Time) *limiter {
	if rate <= 0 {
		return nil
	}
	if burst < 1 {
		burst = 1
	}
	if now == nil {
		now = time.Now
	}
	return &limiter{rate: rate, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// allow takes a token from key's bucket. When there is none it returns
// false and how long until there is one. A nil limiter allows everything.
func (l *limiter) allow(key string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > time.Minute || len(l.buckets) >= maxBuckets {
		l.sweep(now)
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(l.burst, b.tokens+el*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	return false, wait
}

// sweep forgets buckets that have refilled completely: they behave as new
// ones. The lock is held.
func (l *limiter) sweep(now time.Time) {
	l.lastSweep = now
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.last) >= full {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxBuckets {
		// Under a flood of distinct keys: forget half rather than grow.
		n := 0
		for k := range l.buckets {
			if n >= maxBuckets/2 {
				break
			}
			delete(l.buckets, k)
			n++
		}
	}
}

// retryAfter is the Retry-After value for a wait: whole seconds, at least 1.
func retryAfter(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}

// limiters are the server's rate limiters; nil fields mean no limit.
type limiters struct {
	login  *limiter // keys "ip:…" and "name:…"
	search *limiter
	report *limiter // citizens' reports
}

func newLimiters(cfg RateLimits, now func() time.Time) limiters {
	var ls limiters
	if cfg.LoginPerMinute >= 0 {
		n := cfg.LoginPerMinute
		if n == 0 {
			n = DefaultLoginPerMinute
		}
		ls.login = newLimiter(float64(n)/60, n, now)
	}
	if cfg.SearchPerSecond >= 0 {
		r, b := cfg.SearchPerSecond, cfg.SearchBurst
		if r == 0 {
			r = DefaultSearchPerSecond
		}
		if b <= 0 {
			b = DefaultSearchBurst
		}
		ls.search = newLimiter(r, b, now)
	}
	if cfg.ReportsPerHour >= 0 {
		n := cfg.ReportsPerHour
		if n == 0 {
			n = DefaultReportsPerHour
		}
		ls.report = newLimiter(float64(n)/3600, n, now)
	}
	return ls
}

// limitSearch refuses searches over the per-address limit with 429: JSON
// on the API, a short German text on the citizens' page.
func (s *Server) limitSearch(c *gin.Context) {
	ok, wait := s.limits.search.allow(clientIP(c.Request))
	if ok {
		c.Next()
		return
	}
	secs := retryAfter(wait)
	c.Header("Retry-After", fmt.Sprint(secs))
	msg := fmt.Sprintf("Zu viele Suchanfragen. Bitte warten Sie %d %s und versuchen Sie es dann erneut.", secs, seconds(secs))
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		c.AbortWithStatusJSON(http.StatusTooManyRequests, gin.H{"error": msg, "code": "rate_limited"})
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusTooManyRequests, "text/plain; charset=utf-8", []byte(msg+"\n"))
	c.Abort()
}

func seconds(n int) string {
	if n == 1 {
		return "Sekunde"
	}
	return "Sekunden"
}

// limitLogin refuses login attempts over the limit, per client address
// and per user name from that address, with 429 and the login page. Both
// buckets are charged, so that many names from one address get through no
// faster; a name is not limited as such, so that nobody elsewhere can keep
// its user out.
func (o *office) limitLogin(c *gin.Context) {
	l := o.s.limits.login
	if l == nil {
		c.Next()
		return
	}
	if !parseForm(c) {
		return
	}
	name := strings.TrimSpace(c.Request.PostFormValue("name"))
	okIP, waitIP := l.allow("ip:" + clientIP(c.Request))
	okName, waitName := l.allow(campaigns.LockKeyNameIP(name, clientIP(c.Request)))
	if okIP && okName {
		c.Next()
		return
	}
	secs := retryAfter(max(waitIP, waitName))
	c.Header("Retry-After", fmt.Sprint(secs))
	o.renderLogin(c, http.StatusTooManyRequests, name, c.Request.PostFormValue("next"), fmt.Sprintf(
		"Zu viele Anmeldeversuche in kurzer Zeit. Bitte warten Sie %d %s und versuchen Sie es dann erneut.", secs, seconds(secs)))
	c.Abort()
}
