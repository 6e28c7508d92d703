// Package web serves Gigaplan over HTTP with gin: the health check and the
// public JSON API for now; the citizens' map and the office's pages follow.
//
// gin is used only inside this package. Handlers return errors carrying a
// geo error code; one table (statusOf) maps codes to HTTP statuses.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Config configures the web server.
type Config struct {
	// Logger receives request and error logs; nil means slog.Default().
	Logger *slog.Logger
	// BaseMapURL is the raster tile template ({z}/{x}/{y}) of the citizens'
	// map background; empty means DefaultBaseMapURL, "none" means no base
	// map (the areas and addresses still draw).
	BaseMapURL string
	// BaseMapAttribution is shown on the map; empty means the default
	// base map's attribution when BaseMapURL is empty too.
	BaseMapAttribution string
	// VectorBaseMap, when set, is the map background instead of
	// BaseMapURL: vector tiles the app serves itself (basemap.go), e.g. a
	// PMTiles extract or the demo's generated streets and buildings.
	VectorBaseMap VectorBaseMap
	// DemoAGS are the municipality keys of the demo data: while the store
	// holds one of them, every page says "Demodaten – fiktive Gemeinde".
	DemoAGS []string
	// Users keeps the office's users, sessions and audit log; nil leaves
	// out login and the office pages.
	Users campaigns.UserStore
	// WriteGPKG writes the GeoPackage downloads of the office's reports
	// page; nil leaves GeoPackage out of it.
	WriteGPKG GPKGWriter
	// Tokens keeps the API tokens of providers' systems; nil leaves out
	// the token page and POST /api/v1/campaigns/{id}/entries.
	Tokens campaigns.TokenStore
	// Supply keeps the market survey's supply data; nil leaves out the
	// supply import of the import page.
	Supply geo.SupplyStore
	// MaxUpload is the largest file the import page accepts, in bytes;
	// 0 means DefaultMaxUpload.
	MaxUpload int64
	// UploadDir holds uploads while they are imported; empty means the
	// system's temporary directory.
	UploadDir string
	// Towns are the municipalities' own pages' settings (name, host name,
	// logo, contact, legal pages), from serve --municipalities (LoadTowns).
	Towns []TownInfo
	// Reports keeps the citizens' reports ("Angabe falsch? Adresse
	// fehlt?"); nil leaves out the report form and the office's queue.
	Reports campaigns.CitizenReportStore
	// ReportMinAge is how long the report form must have been open before
	// it is sent (a bot fills it at once); 0 means DefaultReportMinAge,
	// negative turns the check off.
	ReportMinAge time.Duration
	// RateLimits limits logins and address searches per client; the zero
	// value means the defaults, NoRateLimits turns them off.
	RateLimits RateLimits
}

// Server holds the router and its dependencies.
type Server struct {
	cfg    Config
	store  geo.Store
	camps  *campaigns.Service
	users  campaigns.UserStore
	log    *slog.Logger
	router *gin.Engine
	limits limiters
	// overviews caches the table "Ortsteile im Überblick" per data
	// version (overview.go).
	overviews *overviewCache
	demo      demoFlag
}

// New returns a server for the geo store and the campaign service.
func New(cfg Config, store geo.Store, camps *campaigns.Service) *Server {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{cfg: cfg, store: store, camps: camps, users: cfg.Users, log: cfg.Logger}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.limits = newLimiters(cfg.RateLimits, nil)
	r := gin.New()
	r.Use(gin.Recovery(), s.logRequests)
	r.Use(securityHeaders(s.baseMapOrigin()))
	r.GET("/healthz", s.handle(s.healthz))
	api := r.Group("/api/v1")
	api.GET("/addresses/search", s.limitSearch, s.handle(s.searchAddresses))
	api.GET("/addresses/:id", s.handle(s.address))
	api.GET("/addresses/:id/coverage", s.handle(s.coverage))
	api.GET("/campaigns", s.handle(s.listCampaigns))
	api.GET("/campaigns/:id", s.handle(s.campaign))
	s.tokenAPIRoutes(api)
	ts := s.tileRoutes(r)
	s.overviews = &overviewCache{tiles: ts, rows: newLRU[[]overviewRow](overviewCacheSize)}
	as := &areasServer{s: s, tiles: ts, cache: newLRU[*areasPage](areasCacheSize)}
	api.GET("/areas", s.handle(as.areas))
	s.baseMapRoutes(r)
	s.citizenRoutes(r)
	s.officeRoutes(r)
	r.NoRoute(func(c *gin.Context) {
		c.JSON(http.StatusNotFound, gin.H{"error": "nicht gefunden"})
	})
	s.router = r
	return s
}

// Store returns the geo store the server reads.
func (s *Server) Store() geo.Store { return s.store }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// ListenAndServe serves on addr until ctx is cancelled, then shuts down
// gracefully.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shutdownCtx)
	}
}

// statusOf maps error codes to HTTP statuses: the one table.
var statusOf = map[string]int{
	geo.EINVALID:     http.StatusBadRequest,
	geo.ENOTFOUND:    http.StatusNotFound,
	geo.ECONFLICT:    http.StatusConflict,
	geo.EFORBIDDEN:   http.StatusForbidden,
	geo.EUNAVAILABLE: http.StatusServiceUnavailable,
	geo.EINTERNAL:    http.StatusInternalServerError,
}

// retryBusy is the Retry-After (seconds) of a 503 while the store is busy.
const retryBusy = "10"

// handle adapts a handler returning an error: users see the message of
// invalid/not-found/conflict errors and "internal error" for the rest,
// which is logged.
func (s *Server) handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		err := h(c)
		if err == nil {
			return
		}
		code := geo.ErrorCode(err)
		status, ok := statusOf[code]
		if !ok {
			status = http.StatusInternalServerError
		}
		if status == http.StatusInternalServerError {
			if c.Request.Context().Err() != nil {
				// The client went away (the map panned on, a tab closed):
				// nothing failed here, and nobody reads the answer.
				s.log.Debug("request cancelled", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
				c.AbortWithStatus(499) // nginx's "client closed request", for the request log
				return
			}
			s.log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		}
		if status == http.StatusServiceUnavailable {
			c.Header("Retry-After", retryBusy)
		}
		c.JSON(status, gin.H{"error": geo.ErrorMessage(err), "code": code})
	}
}

func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.log.Debug("request", "method", c.Request.Method, "path", c.Request.URL.Path,
		"status", c.Writer.Status(), "duration", time.Since(start))
}

// healthz reports "ok", or "stale" (503) while the overlay lags behind an
// import (the store marks it until the assignments are replaced).
func (s *Server) healthz(c *gin.Context) error {
	ctx := c.Request.Context()
	counts, err := s.store.Counts(ctx)
	if err != nil {
		return err
	}
	stale, err := s.store.OverlayStale(ctx)
	if err != nil {
		return err
	}
	if stale {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "stale", "counts": counts})
		return nil
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok", "counts": counts})
	return nil
}

// municipalityByAGS is the stored municipality of ?gemeinde=AGS:
// EINVALID for a malformed AGS, ENOTFOUND for an unknown one.
func (s *Server) municipalityByAGS(c *gin.Context, ags string) (geo.Area, error) {
	if !agsRe.MatchString(ags) {
		return geo.Area{}, geo.Errorf(geo.EINVALID, "gemeinde muss ein achtstelliger Gemeindeschlüssel (AGS) sein")
	}
	refs, err := s.store.AreaRefs(c.Request.Context())
	if err != nil {
		return geo.Area{}, err
	}
	for _, a := range refs {
		if a.Kind == geo.KindMunicipality && a.AGS == ags {
			return a, nil
		}
	}
	return geo.Area{}, geo.Errorf(geo.ENOTFOUND, "keine Gemeinde mit dem AGS %s", ags)
}

// addressJSON is an address as the public API shows it.
type addressJSON struct {
	ID          int64           `json:"id"`
	Label       string          `json:"label"`
	Street      string          `json:"street"`
	HouseNumber string          `json:"houseNumber"`
	Suffix      string          `json:"suffix,omitempty"`
	Postcode    string          `json:"postcode"`
	City        string          `json:"city"`
	Lon         float64         `json:"lon"`
	Lat         float64         `json:"lat"`
	Households  int             `json:"households"`
	Businesses  int             `json:"businesses"`
	Type        geo.AddressType `json:"type"`
	Placeholder bool            `json:"placeholder,omitempty"`
	// District is the Ortsteil (search results only; the address
	// endpoint lists it among Areas).
	District string    `json:"district,omitempty"`
	Areas    []areaRef `json:"areas,omitempty"`
}

type areaRef struct {
	ID   int64        `json:"id"`
	Kind geo.AreaKind `json:"kind"`
	Name string       `json:"name"`
}

func toAddressJSON(a geo.Address) addressJSON {
	return addressJSON{
		ID: a.ID, Label: a.Label(), Street: a.Street, HouseNumber: a.HouseNumber, Suffix: a.Suffix,
		Postcode: a.Postcode, City: a.City, Lon: a.Lon, Lat: a.Lat,
		Households: a.Households, Businesses: a.Businesses, Type: a.Type, Placeholder: a.Placeholder,
	}
}

const maxSearchResults = 50

// searchAddresses finds addresses by street and number, optionally with
// postcode and town: ?q=hauptstrasse 12a, 77654 offenburg&limit=10. The
// answer's "more" tells that there were more than limit matches.
func (s *Server) searchAddresses(c *gin.Context) error {
	q := strings.TrimSpace(c.Query("q"))
	if q == "" {
		return geo.Errorf(geo.EINVALID, "Parameter q fehlt: Straße und Hausnummer eingeben")
	}
	if len(q) > 200 {
		return geo.Errorf(geo.EINVALID, "Suchbegriff zu lang (höchstens 200 Zeichen)")
	}
	limit := 10
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > maxSearchResults {
			return geo.Errorf(geo.EINVALID, "limit muss eine Zahl von 1 bis %d sein", maxSearchResults)
		}
		limit = n
	}
	var muni int64
	if ags := c.Query("gemeinde"); ags != "" {
		m, err := s.municipalityByAGS(c, ags)
		if err != nil {
			return err
		}
		muni = m.ID
	}
	found, more, err := s.findAddresses(c.Request.Context(), muni, q, limit)
	if err != nil {
		return err
	}
	out := make([]addressJSON, 0, len(found))
	for _, a := range found {
		j := toAddressJSON(a.Address)
		j.District = a.District
		out = append(out, j)
	}
	c.JSON(http.StatusOK, gin.H{"query": q, "results": out, "more": more})
	return nil
}

// address serves one address with the areas it is assigned to.
func (s *Server) address(c *gin.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return geo.Errorf(geo.EINVALID, "ungültige Adress-ID %q", c.Param("id"))
	}
	ctx := c.Request.Context()
	a, err := s.store.Address(ctx, id)
	if err != nil {
		return err
	}
	areas, err := s.store.AssignmentsOf(ctx, id)
	if err != nil {
		return err
	}
	out := toAddressJSON(a)
	for _, ar := range areas {
		out.Areas = append(out.Areas, areaRef{ID: ar.ID, Kind: ar.Kind, Name: ar.Name})
	}
	c.JSON(http.StatusOK, out)
	return nil
}
