package main

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
)

// Config is the whole configuration: defaults in code, overridden by
// GIGAPLAN_* environment variables, then by flags; checked by Validate.
type Config struct {
	DBPath string // --db, GIGAPLAN_DB
	Addr   string // serve --addr, GIGAPLAN_ADDR
	NoDemo bool   // serve --no-demo, GIGAPLAN_NO_DEMO=1
	Debug  bool   // --debug, GIGAPLAN_DEBUG=1: debug logging
	// TZ is the office's time zone (--tz, GIGAPLAN_TZ): the calendar day
	// of "today", deadlines and future-date checks. Default Europe/Berlin.
	TZ string
	// BaseMapURL is the citizens' map background: serve --basemap,
	// GIGAPLAN_BASEMAP_URL. Raster tiles with {z}, {x} and {y}
	// (web.Config.BaseMapURL), a PMTiles file of vector tiles the app
	// serves itself (FILE.pmtiles, web.Config.VectorBaseMap), or "none".
	// Empty means the demo town's own streets and buildings while the
	// demo is loaded, else the official basemap.de.
	BaseMapURL string
	// BaseMapAttribution credits the base map: serve --basemap-attribution,
	// GIGAPLAN_BASEMAP_ATTRIBUTION.
	BaseMapAttribution string
	// NoRateLimit turns off the web server's rate limits on logins and
	// address searches, e.g. for a load test from one address: serve
	// --no-rate-limit, GIGAPLAN_RATE_LIMIT=off.
	NoRateLimit bool
	// Municipalities is the JSON file of the municipalities' own pages
	// (web.TownInfo: name, host name, logo, contact, legal pages): serve
	// --municipalities, GIGAPLAN_MUNICIPALITIES.
	Municipalities string

	// waitNotice, when set, hears that a command waits for another
	// process's write lock (SQLite): the CLI's standard error.
	waitNotice io.Writer
}

// DefaultConfig returns the built-in defaults.
func DefaultConfig() Config {
	return Config{DBPath: "gigaplan.db", Addr: "127.0.0.1:8080"}
}

// ApplyEnv overrides c from GIGAPLAN_* variables read through getenv.
func (c *Config) ApplyEnv(getenv func(string) string) {
	if v := getenv("GIGAPLAN_DB"); v != "" {
		c.DBPath = v
	}
	if v := getenv("GIGAPLAN_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("GIGAPLAN_NO_DEMO"); isTrue(v) {
		c.NoDemo = true
	}
	if v := getenv("GIGAPLAN_TZ"); v != "" {
		c.TZ = v
	}
	if v := getenv("GIGAPLAN_DEBUG"); isTrue(v) {
		c.Debug = true
	}
	if v := getenv("GIGAPLAN_BASEMAP_URL"); v != "" {
		c.BaseMapURL = v
	}
	if v := getenv("GIGAPLAN_BASEMAP_ATTRIBUTION"); v != "" {
		c.BaseMapAttribution = v
	}
	if v := getenv("GIGAPLAN_MUNICIPALITIES"); v != "" {
		c.Municipalities = v
	}
	switch strings.ToLower(strings.TrimSpace(getenv("GIGAPLAN_RATE_LIMIT"))) {
	case "off", "0", "false", "no", "nein", "aus":
		c.NoRateLimit = true
	}
}

// isPMTiles reports whether a --basemap value names a PMTiles file.
func isPMTiles(v string) bool {
	return strings.HasSuffix(strings.ToLower(v), ".pmtiles") && !strings.Contains(v, "://")
}

func isTrue(v string) bool {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "ja", "on":
		return true
	}
	return false
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if strings.TrimSpace(c.DBPath) == "" {
		return fmt.Errorf("config: database path is empty (--db or GIGAPLAN_DB)")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("config: listen address %q: %v (want host:port, e.g. 127.0.0.1:8080)", c.Addr, err)
	}
	if u := strings.TrimSpace(c.BaseMapURL); isPMTiles(u) {
		if _, err := os.Stat(u); err != nil {
			return fmt.Errorf("config: base map %q: %v (--basemap or GIGAPLAN_BASEMAP_URL)", u, err)
		}
	} else if u != "" && !strings.EqualFold(u, "none") {
		pu, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(u))
		ok := err == nil && (pu.Scheme == "https" || pu.Scheme == "http") && pu.Host != ""
		for _, p := range []string{"{z}", "{x}", "{y}"} {
			ok = ok && strings.Contains(u, p)
		}
		if !ok {
			return fmt.Errorf("config: base map %q: want an http(s) tile URL with {z}, {x} and {y}, a .pmtiles file, or none (--basemap or GIGAPLAN_BASEMAP_URL)", u)
		}
	}
	return nil
}
