package web

// The office's queue of citizens' reports ("Meldungen"):
//
//	GET  /buero/meldungen?status=offen|erledigt|alle   the list (viewers)
//	POST /buero/meldungen/{id}/erledigt               close with an answer (editors; CSRF, audit)
//
// A user who works for one municipality sees its reports only; reports
// of a typed address without a municipality are the county's.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// reportStates are the queue's filters: the URL's word, the store's
// state and the label.
var reportStates = []struct{ key, state, label string }{
	{"offen", campaigns.ReportsOpen, "offen"},
	{"erledigt", campaigns.ReportsClosed, "erledigt"},
	{"alle", "", "alle"},
}

type reportsQueuePage struct {
	officePage
	Filter  municipalityFilter
	States  []selectOption
	State   string // the URL's word
	Counts  campaigns.ReportCounts
	Rows    []reportRow
	CanEdit bool
	Message string
	Closed  int64 // the report just closed
}

type reportRow struct {
	ID        int64
	Kind      string
	Address   string
	AddressID int64
	// MapURL shows the position on the citizens' map (the address's
	// permalink); GeoURI opens the position in a map app.
	MapURL, GeoURI, Position string
	Text, Email              string
	CreatedAt, ClosedAt      time.Time
	ClosedBy, Answer         string
	Open                     bool
}

func (o *office) citizenReportRoutes(b *gin.RouterGroup) {
	if o.s.cfg.Reports == nil {
		return
	}
	t, err := o.pages["dashboard.html"].Clone()
	if err == nil {
		t, err = t.ParseFS(officeFS, "templates/office/meldungen.html")
	}
	if err != nil {
		panic(fmt.Errorf("web: parse template meldungen.html: %w", err)) // embedded: a broken build
	}
	o.pages["meldungen.html"] = t
	b.GET("/meldungen", o.reportsQueue)
	b.POST("/meldungen/:id/erledigt", o.requireRole(campaigns.RoleEditor), o.closeReport)
}

func toReportRow(r campaigns.CitizenReport) reportRow {
	row := reportRow{ID: r.ID, Kind: r.Kind.German(), Address: r.Address, AddressID: r.AddressID, Text: r.Text, Email: r.Email,
		CreatedAt: r.CreatedAt, ClosedAt: r.ClosedAt, ClosedBy: r.ClosedBy, Answer: r.Answer, Open: r.Open()}
	if r.AddressID != 0 {
		row.MapURL = "/adresse/" + strconv.FormatInt(r.AddressID, 10)
	}
	if r.HasPosition {
		row.GeoURI = fmt.Sprintf("geo:%.6f,%.6f", r.Lat, r.Lon)
		row.Position = strings.ReplaceAll(fmt.Sprintf("%.5f° N, %.5f° O", r.Lat, r.Lon), ".", ",")
	}
	return row
}

func (o *office) reportsQueue(c *gin.Context) {
	o.showQueue(c, http.StatusOK, "")
}

func (o *office) showQueue(c *gin.Context, status int, msg string) {
	sc, filter := o.listScope(c)
	if sc == nil {
		return
	}
	p := reportsQueuePage{officePage: o.page(c, "Meldungen"), Filter: filter, State: c.Query("status"), Message: msg}
	p.CanEdit = p.User.Role.Can(campaigns.ActionEdit)
	p.Closed, _ = strconv.ParseInt(c.Query("erledigt"), 10, 64)
	if p.State == "" {
		p.State = "offen"
	}
	f := campaigns.ReportFilter{Municipality: sc.muni.ID}
	found := false
	for _, s := range reportStates {
		p.States = append(p.States, selectOption{Value: s.key, Label: s.label, Selected: s.key == p.State})
		if s.key == p.State {
			f.State, found = s.state, true
		}
	}
	if !found {
		o.errorPage(c, http.StatusBadRequest, fmt.Sprintf("Unbekannter Filter „%s“: offen, erledigt oder alle.", p.State))
		return
	}
	ctx := c.Request.Context()
	all, err := o.s.cfg.Reports.CitizenReports(ctx, campaigns.ReportFilter{Municipality: sc.muni.ID, Limit: 100_000})
	if err != nil {
		o.fail(c, err)
		return
	}
	p.Counts = campaigns.CountReports(all, time.Time{}, campaigns.Today(o.s.now()))
	rs, err := o.s.cfg.Reports.CitizenReports(ctx, f)
	if err != nil {
		o.fail(c, err)
		return
	}
	for _, r := range rs {
		p.Rows = append(p.Rows, toReportRow(r))
	}
	o.render(c, status, "meldungen.html", p)
}

// closeReport closes a report with the office's answer.
func (o *office) closeReport(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		o.errorPage(c, http.StatusBadRequest, fmt.Sprintf("ungültige Nummer einer Meldung: „%s“", c.Param("id")))
		return
	}
	sc := o.requestScope(c)
	if sc == nil {
		return
	}
	ctx := c.Request.Context()
	r, err := o.s.cfg.Reports.CitizenReport(ctx, id)
	if err != nil {
		o.fail(c, err)
		return
	}
	if !sc.countyWide() && r.Municipality != sc.muni.ID {
		o.forbidOther(c, "Diese Meldung")
		return
	}
	auditIn(c, r.Municipality)
	u, _ := currentUser(c)
	answer := c.Request.PostFormValue("antwort")
	closed, err := o.s.cfg.Reports.CloseCitizenReport(ctx, id, answer, u.Name, o.s.now())
	switch geo.ErrorCode(err) {
	case "":
	case geo.EINVALID, geo.ECONFLICT:
		o.showQueue(c, statusOf[geo.ErrorCode(err)], fmt.Sprintf("Meldung %d: %s", id, geo.ErrorMessage(err)))
		return
	default:
		o.fail(c, err)
		return
	}
	detail := fmt.Sprintf("Meldung %d (%s, %s) erledigt", closed.ID, closed.Kind.German(), closed.Address)
	if closed.Answer != "" {
		detail += ": " + closed.Answer
	}
	o.audit(c, u.Name, campaigns.AuditReportClose, detail)
	q := "?erledigt=" + strconv.FormatInt(id, 10)
	if s := c.Query("status"); s != "" {
		q += "&status=" + s
	}
	c.Redirect(http.StatusSeeOther, "/buero/meldungen"+q)
}
