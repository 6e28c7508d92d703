package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
)

// The office's pages: login (auth.go), the dashboard /buero, the
// Monday-morning form for sign-up counts and the audit log. Templates and
// the stylesheet are embedded here, separately from the citizens' page
// (assets.go), and the stylesheet is served at a content-hashed URL below
// /buero/static/.

//go:embed templates/office/*.html static/office.css
var officeFS embed.FS

// office holds the office pages' dependencies.
type office struct {
	s      *Server
	users  campaigns.UserStore
	pages  map[string]*template.Template
	css    []byte
	cssURL string

	keyMu sync.Mutex // guards key
	key   []byte     // signs login CSRF tokens (loginKey)
}

// now is the server's clock: the campaign service's, which tests pin.
func (s *Server) now() time.Time {
	if s.camps != nil && s.camps.Now != nil {
		return s.camps.Now()
	}
	return time.Now()
}

// officeRoutes registers login and the broadband office's pages. Without
// a user store (Config.Users) there are none.
func (s *Server) officeRoutes(r *gin.Engine) {
	if s.users == nil {
		return
	}
	o, err := newOffice(s)
	if err != nil {
		panic(err) // the embedded templates are broken: a programming error
	}
	// The login form's key, read (or made) now so that the login page
	// needs no write later; if the store is busy, the first form reads it.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	if _, err := o.loginKey(ctx); err != nil {
		s.log.Warn("login form key not read yet", "err", err)
	}
	cancel()
	r.GET(o.cssURL, o.serveCSS)
	forms := r.Group("", limitBody(maxFormBody), o.refuseCrossOrigin, o.loadSession)
	forms.GET("/login", o.loginForm)
	forms.POST("/login", o.limitLogin, o.login)
	forms.POST("/logout", o.requireRole(campaigns.RoleViewer), o.requireCSRF, o.logout)

	r.GET("/api/v1/session", o.loadSession, o.requireRole(campaigns.RoleViewer), o.session)

	b := forms.Group("/buero", o.requireRole(campaigns.RoleViewer), o.requireCSRF)
	b.GET("", o.dashboard)
	o.campaignRoutes(b)
	o.reportRoutes(b)
	o.buildRoutes(b)
	o.citizenReportRoutes(b)
	o.fundingRoutes(b)
	b.GET("/kampagnen/:id/zahlen", o.requireRole(campaigns.RoleEditor), o.countsForm)
	b.POST("/kampagnen/:id/zahlen", o.requireRole(campaigns.RoleEditor), o.saveCounts)
	b.GET("/protokoll", o.requireRole(campaigns.RoleAdmin), o.auditLog)
	o.adminRoutes(r, b)
}

func newOffice(s *Server) (*office, error) {
	o := &office{s: s, users: s.users, pages: map[string]*template.Template{}}
	var err error
	if o.css, err = officeFS.ReadFile("static/office.css"); err != nil {
		return nil, fmt.Errorf("web: office.css: %w", err)
	}
	sum := sha256.Sum256(o.css)
	o.cssURL = "/buero/static/office." + hex.EncodeToString(sum[:8]) + ".css"
	funcs := template.FuncMap{
		"date": func(t time.Time) string {
			if t.IsZero() {
				return "–"
			}
			return t.Format("02.01.2006")
		},
		"datetime":  func(t time.Time) string { return t.In(campaigns.Location).Format("02.01.2006 15:04") },
		"percent":   campaigns.Percent,
		"iso":       func(t time.Time) string { return t.Format(time.DateOnly) },
		"thousands": func(n int) string { return campaigns.Thousands(int64(n)) },
		"weekStart": campaigns.WeekStart,
		"euro":      campaigns.Euro,
	}
	for _, name := range []string{"login.html", "error.html", "dashboard.html", "counts.html", "audit.html"} {
		t, err := template.New(name).Funcs(funcs).ParseFS(officeFS, "templates/office/layout.html", "templates/office/"+name)
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", name, err)
		}
		o.pages[name] = t
	}
	return o, nil
}

func (o *office) serveCSS(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Data(http.StatusOK, "text/css; charset=utf-8", o.css)
}

// officePage is what every office page's layout needs.
type officePage struct {
	Title string
	CSS   string
	User  *campaigns.User
	CSRF  string
	// ScopeName is the municipality of a user who works for one.
	ScopeName string
	// Reports tells whether the citizens' reports' queue exists.
	Reports bool
	// Demo: the demo town is loaded; the header says so.
	Demo bool
}

func (o *office) page(c *gin.Context, title string) officePage {
	p := officePage{Title: title, CSS: o.cssURL, Reports: o.s.cfg.Reports != nil, Demo: o.s.demoLoaded(c.Request.Context())}
	if u, ok := currentUser(c); ok {
		p.User = &u
		p.CSRF = csrfToken(c.GetString(ctxToken))
		if sc, err := o.scopeOf(c); err == nil && !sc.countyWide() {
			p.ScopeName = sc.muni.Name
		}
	}
	return p
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500.
func (o *office) render(c *gin.Context, status int, name string, data any) {
	var b bytes.Buffer
	if err := o.pages[name].ExecuteTemplate(&b, "layout", data); err != nil {
		o.s.log.Error("render page", "page", name, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("interner Fehler"))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

type errorPage struct {
	officePage
	Status  int
	Message string
}

// errorPage shows a German message with the status.
func (o *office) errorPage(c *gin.Context, status int, msg string) {
	o.render(c, status, "error.html", errorPage{officePage: o.page(c, germanStatus(status)), Status: status, Message: msg})
}

// fail shows err as the web's one table maps it: the message of invalid,
// not-found and conflict errors, "interner Fehler" (logged) for the rest.
func (o *office) fail(c *gin.Context, err error) {
	status, ok := statusOf[geo.ErrorCode(err)]
	if !ok || status == http.StatusInternalServerError {
		o.internalError(c, err)
		return
	}
	if status == http.StatusServiceUnavailable {
		o.s.log.Warn("store busy", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		c.Header("Retry-After", retryBusy)
	}
	o.errorPage(c, status, geo.ErrorMessage(err))
}

func (o *office) internalError(c *gin.Context, err error) {
	if c.Request.Context().Err() != nil {
		// The browser went away: nothing failed here, and nobody reads
		// the answer.
		o.s.log.Debug("request cancelled", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		c.AbortWithStatus(499)
		return
	}
	o.s.log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	o.errorPage(c, http.StatusInternalServerError, germanCodes[geo.EINTERNAL].Text)
}

// session tells the signed-in user who they are (401 without a session).
func (o *office) session(c *gin.Context) {
	u, _ := currentUser(c)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"name": u.Name, "role": u.Role, "municipality": u.Municipality, "csrf": csrfToken(c.GetString(ctxToken))})
}

// Dashboard.

type campaignCard struct {
	ID        int64
	Name      string
	Provider  string
	Status    string
	Quota     float64
	Threshold float64
	Reached   bool
	Signed    int
	Target    int
	Needed    int
	DaysLeft  int
	Deadline  time.Time
	Forecast  string
	Rating    string
	RatingKey string
	LastEntry time.Time
	// Areas says how the campaign's areas stand, so that a pooled "im
	// Plan" does not hide an Ortsteil that failed or will not make it:
	// "3 erreicht · 2 im Plan · 1 gefährdet: Windschlägen · 2 nicht
	// erreicht: Elgershofen, Kinzigvorstadt".
	Areas []areaStanding
	// Weeks lists the areas (Ortsteile) one by one; Missing names those
	// whose count of this week is missing (dashboard_week.go).
	Weeks   []areaWeek
	Missing []string
}

// areaStanding is one line of a card's area breakdown.
type areaStanding struct {
	Label string // "nicht erreicht"
	Key   string // CSS: reached, on_track, at_risk, unlikely, missed
	Count int
	Names []string // named for the groups that need attention
}

// areaGroups sorts a campaign's areas into reached, on track, at risk,
// unlikely and missed, in that order, naming the areas of the last three.
func areaStandings(areas []campaigns.AreaFigures) []areaStanding {
	groups := []areaStanding{{Label: "erreicht", Key: "reached"}, {Label: "im Plan", Key: "on_track"},
		{Label: "gefährdet", Key: "at_risk"}, {Label: "unwahrscheinlich", Key: "unlikely"}, {Label: "nicht erreicht", Key: "missed"}}
	for _, a := range areas {
		var g int
		switch {
		case a.Status == campaigns.StatusMissed || a.Status == campaigns.StatusCancelled:
			g = 4
		case a.Needed == 0 || !a.Status.Active():
			g = 0
		case a.Rating == campaigns.AtRisk:
			g = 2
		case a.Rating == campaigns.Unlikely:
			g = 3
		default:
			g = 1
		}
		groups[g].Count++
		if g >= 2 {
			groups[g].Names = append(groups[g].Names, a.AreaName)
		}
	}
	out := groups[:0]
	for _, g := range groups {
		if g.Count > 0 {
			out = append(out, g)
		}
	}
	return out
}

type dashboardPage struct {
	officePage
	// Missing counts the areas whose count of this week is missing.
	Missing int
	Filter  municipalityFilter
	AsOf    time.Time
	Cards   []campaignCard
	CanEdit bool
}

func (o *office) dashboard(c *gin.Context) {
	ctx := c.Request.Context()
	all, err := o.s.camps.Store.Campaigns(ctx)
	if err != nil {
		o.fail(c, err)
		return
	}
	sc, filter := o.listScope(c)
	if sc == nil {
		return
	}
	all = sc.visibleCampaigns(all)
	p := dashboardPage{officePage: o.page(c, "Übersicht"), AsOf: campaigns.Today(o.s.now()), Filter: filter}
	p.CanEdit = p.User.Role.Can(campaigns.ActionEdit)
	for _, camp := range all {
		camp = camp.AsOf(p.AsOf)
		st := make([]campaigns.Status, len(camp.Areas))
		for i, a := range camp.Areas {
			st[i] = a.Status
		}
		overall := campaigns.Overall(st)
		if !overall.Active() {
			continue
		}
		f, err := o.s.camps.Figures(ctx, camp, p.AsOf)
		if err != nil {
			o.fail(c, err)
			return
		}
		t := f.Total
		card := campaignCard{ID: camp.ID, Name: camp.Name, Provider: camp.Provider, Status: overall.German(),
			Quota: t.Quota, Threshold: t.Threshold, Reached: t.Needed == 0, Signed: t.Signed, Target: t.Target, Needed: t.Needed,
			DaysLeft: t.DaysLeft, Deadline: f.Deadline, Rating: t.Rating.German(), RatingKey: string(t.Rating), LastEntry: t.LastEntry,
			Areas: areaStandings(f.Areas)}
		card.Weeks, card.Missing = areaWeeks(camp, f.Areas, p.AsOf)
		p.Missing += len(card.Missing)
		switch {
		case t.Forecast.Model == campaigns.ModelReached:
			card.Forecast = "Schwelle erreicht am " + t.Forecast.Date.Format("02.01.2006")
		case t.Forecast.Reachable:
			card.Forecast = "voraussichtlich erreicht am " + t.Forecast.Date.Format("02.01.2006")
		default:
			card.Forecast = "keine Prognose möglich"
		}
		if t.DecisionDue {
			card.Status += " – Entscheidung fällig"
		}
		if t.Stale {
			card.Status += " (seit über 14 Tagen keine neue Zahl)"
		}
		p.Cards = append(p.Cards, card)
	}
	o.render(c, http.StatusOK, "dashboard.html", p)
}

// The Monday-morning form.

type countsRow struct {
	AreaID    int64
	AreaName  string
	Status    string
	Denom     int
	LastCount int
	LastDate  time.Time
	HasLast   bool
	BasedOn   int64
	Count     string // as entered
	Comment   string
	Error     string
}

type countsPage struct {
	officePage
	Campaign *campaigns.Campaign
	AsOf     string
	DateErr  string
	Rows     []countsRow
	Message  string // general error
	Saved    int
}

// Invalid reports whether a field of the form is marked: the page then
// opens with a summary of every error, each linked to its field.
func (p countsPage) Invalid() bool {
	if p.DateErr != "" {
		return true
	}
	for _, r := range p.Rows {
		if r.Error != "" {
			return true
		}
	}
	return false
}

func (o *office) campaignParam(c *gin.Context) (*campaigns.Campaign, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		o.errorPage(c, http.StatusBadRequest, fmt.Sprintf("ungültige Kampagnen-ID %q", c.Param("id")))
		return nil, false
	}
	camp, err := o.s.camps.Store.Campaign(c.Request.Context(), id)
	if err != nil {
		o.fail(c, err)
		return nil, false
	}
	sc := o.requestScope(c)
	if sc == nil {
		return nil, false
	}
	if !sc.campaign(camp) {
		o.forbidOther(c, "Diese Kampagne")
		return nil, false
	}
	auditIn(c, sc.campaignMunicipality(camp))
	return camp, true
}

// countsRows builds the form's rows from the campaign and its log, with
// BasedOn set to each area's latest entry.
func (o *office) countsRows(c *gin.Context, camp *campaigns.Campaign) ([]countsRow, error) {
	ctx := c.Request.Context()
	latest, err := o.s.camps.Latest(ctx, camp.ID)
	if err != nil {
		return nil, err
	}
	f, err := o.s.camps.Figures(ctx, camp, o.s.now())
	if err != nil {
		return nil, err
	}
	den := map[int64]int{}
	for _, a := range f.Areas {
		den[a.AreaID] = a.Denominator
	}
	rows := make([]countsRow, 0, len(camp.Areas))
	for _, a := range camp.Areas {
		l := latest[a.AreaID]
		rows = append(rows, countsRow{AreaID: a.AreaID, AreaName: a.AreaName, Status: a.Status.German(), Denom: den[a.AreaID],
			LastCount: l.Current.Count, LastDate: l.Current.AsOf, HasLast: l.Current.ID != 0, BasedOn: l.LatestID})
	}
	return rows, nil
}

func (o *office) countsForm(c *gin.Context) {
	camp, ok := o.campaignParam(c)
	if !ok {
		return
	}
	rows, err := o.countsRows(c, camp)
	if err != nil {
		o.fail(c, err)
		return
	}
	p := countsPage{officePage: o.page(c, "Zahlen eintragen: "+camp.Name), Campaign: camp, Rows: rows,
		AsOf: campaigns.Today(o.s.now()).Format(time.DateOnly)}
	p.Saved, _ = strconv.Atoi(c.Query("gespeichert"))
	o.render(c, http.StatusOK, "counts.html", p)
}

// germanThousands matches counts written with thousands dots: 1.234.
var germanThousands = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$`)

func parseCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	if germanThousands.MatchString(s) {
		s = strings.ReplaceAll(s, ".", "")
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("keine ganze Zahl: %q", s)
	}
	if n < 0 {
		return 0, fmt.Errorf("die Zahl darf nicht negativ sein")
	}
	return n, nil
}

func (o *office) saveCounts(c *gin.Context) {
	camp, ok := o.campaignParam(c)
	if !ok {
		return
	}
	u, _ := currentUser(c)
	rows, err := o.countsRows(c, camp)
	if err != nil {
		o.fail(c, err)
		return
	}
	p := countsPage{officePage: o.page(c, "Zahlen eintragen: "+camp.Name), Campaign: camp,
		AsOf: strings.TrimSpace(c.Request.PostFormValue("as_of"))}
	asOf, err := campaigns.ParseDate(p.AsOf)
	if err != nil {
		p.DateErr = "Bitte ein Datum angeben (TT.MM.JJJJ oder JJJJ-MM-TT)."
	} else if err := o.s.camps.CheckEntryDate(camp, asOf); err != nil {
		// At the date field, not beside every count.
		p.DateErr = upperFirst(geo.ErrorMessage(err)) + "."
	}
	var entries []campaigns.FormEntry
	invalid := p.DateErr != ""
	for i := range rows {
		r := &rows[i]
		id := strconv.FormatInt(r.AreaID, 10)
		r.Count = strings.TrimSpace(c.Request.PostFormValue("count_" + id))
		r.Comment = strings.TrimSpace(c.Request.PostFormValue("comment_" + id))
		based, err := strconv.ParseInt(c.Request.PostFormValue("based_"+id), 10, 64)
		if err != nil || based < 0 {
			o.errorPage(c, http.StatusBadRequest, "Das Formular ist unvollständig. Bitte laden Sie die Seite neu.")
			return
		}
		// The form keeps what the person saw; the conflict check compares it.
		r.BasedOn = based
		if r.Count == "" {
			continue
		}
		n, err := parseCount(r.Count)
		if err != nil {
			r.Error, invalid = err.Error(), true
			continue
		}
		entries = append(entries, campaigns.FormEntry{AreaID: r.AreaID, Count: n, Comment: r.Comment, BasedOn: based})
	}
	p.Rows = rows
	if invalid {
		// Mark the rows that were read but break a rule too: one round of
		// corrections, not one per error.
		if p.DateErr == "" && len(entries) > 0 {
			var rowErrs *campaigns.RowErrors
			if err := o.s.camps.CheckFormEntries(c.Request.Context(), camp, asOf, entries, u.Name); errors.As(err, &rowErrs) {
				for i := range p.Rows {
					if p.Rows[i].Error == "" {
						p.Rows[i].Error = rowErrs.Rows[p.Rows[i].AreaID]
					}
				}
			}
		}
		o.render(c, http.StatusUnprocessableEntity, "counts.html", p)
		return
	}
	if len(entries) == 0 {
		p.Message = "Keine neue Zahl eingetragen: leere Felder werden übersprungen."
		o.render(c, http.StatusUnprocessableEntity, "counts.html", p)
		return
	}
	err = o.s.camps.AddFormEntries(c.Request.Context(), camp, asOf, entries, u.Name)
	var rowErrs *campaigns.RowErrors
	var conflict *campaigns.ConflictError
	switch {
	case err == nil:
		parts := make([]string, 0, len(entries))
		names := map[int64]string{}
		for _, r := range rows {
			names[r.AreaID] = r.AreaName
		}
		for _, e := range entries {
			parts = append(parts, fmt.Sprintf("%s %d", names[e.AreaID], e.Count))
		}
		o.audit(c, u.Name, campaigns.AuditSignups, fmt.Sprintf("%s, Stand %s: %s", camp.Name, asOf.Format("02.01.2006"), strings.Join(parts, ", ")))
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/buero/kampagnen/%d/zahlen?gespeichert=%d", camp.ID, len(entries)))
	case errors.As(err, &rowErrs):
		for i := range p.Rows {
			p.Rows[i].Error = rowErrs.Rows[p.Rows[i].AreaID]
		}
		o.render(c, http.StatusUnprocessableEntity, "counts.html", p)
	case errors.As(err, &conflict):
		// Show the newer counts and base a second attempt on them: saving
		// again is then a decision made knowing them.
		fresh, ferr := o.countsRows(c, camp)
		if ferr != nil {
			o.fail(c, ferr)
			return
		}
		for i := range p.Rows {
			f := fresh[i]
			p.Rows[i].LastCount, p.Rows[i].LastDate, p.Rows[i].HasLast, p.Rows[i].BasedOn = f.LastCount, f.LastDate, f.HasLast, f.BasedOn
			for _, x := range conflict.Conflicts {
				if x.AreaID == p.Rows[i].AreaID {
					p.Rows[i].Error = x.Message()
				}
			}
		}
		p.Message = conflict.Error()
		o.render(c, http.StatusConflict, "counts.html", p)
	case geo.ErrorCode(err) == geo.EINVALID:
		p.Message = geo.ErrorMessage(err)
		o.render(c, http.StatusUnprocessableEntity, "counts.html", p)
	default:
		o.fail(c, err)
	}
}

// Audit log.

type auditPage struct {
	officePage
	Entries []auditRow
	// The filter as entered: user, text (e.g. a campaign), from and to
	// (YYYY-MM-DD, to inclusive).
	ByUser, Text, From, To string
	Message                string
	CSVLink                string
}

type auditRow struct {
	At                   time.Time
	User, Action, Detail string
}

// auditLog serves the audit log, filtered by ?benutzer=, ?text=, ?von=
// and ?bis= (days in the office's zone, bis inclusive); ?format=csv
// downloads the entries shown.
func (o *office) auditLog(c *gin.Context) {
	p := auditPage{officePage: o.page(c, "Protokoll"), ByUser: strings.TrimSpace(c.Query("benutzer")),
		Text: strings.TrimSpace(c.Query("text")), From: strings.TrimSpace(c.Query("von")), To: strings.TrimSpace(c.Query("bis"))}
	f := campaigns.AuditFilter{User: p.ByUser, Text: p.Text}
	day := func(s string) (time.Time, bool) {
		d, err := time.ParseInLocation(time.DateOnly, s, campaigns.Location)
		return d, err == nil
	}
	if p.From != "" {
		d, ok := day(p.From)
		if !ok {
			p.Message = fmt.Sprintf("„%s“ ist kein Datum (JJJJ-MM-TT).", p.From)
		}
		f.From = d
	}
	if p.To != "" {
		d, ok := day(p.To)
		if !ok {
			p.Message = fmt.Sprintf("„%s“ ist kein Datum (JJJJ-MM-TT).", p.To)
		}
		f.To = d.AddDate(0, 0, 1)
	}
	if p.Message != "" {
		o.render(c, http.StatusUnprocessableEntity, "audit.html", p)
		return
	}
	if c.Query("format") == "csv" {
		f.Limit = 100_000
	}
	sc := o.requestScope(c)
	if sc == nil {
		return
	}
	f.Municipality = sc.muni.ID
	es, err := o.users.AuditFiltered(c.Request.Context(), f)
	if err != nil {
		o.fail(c, err)
		return
	}
	for _, e := range es {
		p.Entries = append(p.Entries, auditRow{At: e.At, User: e.User, Action: campaigns.AuditLabel(e.Action), Detail: e.Detail})
	}
	if c.Query("format") == "csv" {
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Header("Content-Disposition", `attachment; filename="Protokoll.csv"`)
		w, err := reports.NewExcelCSVWriter(c.Writer)
		if err != nil {
			return
		}
		w.Write([]string{"Zeit", "Benutzer", "Aktion", "Aktion (Schlüssel)", "Details"})
		for i, e := range es {
			w.Write([]string{e.At.In(campaigns.Location).Format("02.01.2006 15:04:05"), e.User, p.Entries[i].Action, e.Action, e.Detail})
		}
		w.Flush()
		return
	}
	q := c.Request.URL.Query()
	q.Set("format", "csv")
	p.CSVLink = "/buero/protokoll?" + q.Encode()
	o.render(c, http.StatusOK, "audit.html", p)
}
