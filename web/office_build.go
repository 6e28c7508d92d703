package web

import (
	"fmt"
	"html/template"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Construction on the office pages: the providers' progress files and
// the sites list as uploads on /buero/import (the importers the CLI runs:
// campaigns.ReadProgress with Service.AddProgress for a campaign or
// campaigns.AddProjectProgress for a funding project, campaigns.ReadSites
// with Service.ImportSites, all or none), and the sites network on
// /buero/liegenschaften, where editors change a site's connection state
// as a dated record. The sites carry no municipality: a user of one town
// reads them, the county office (or a single town's installation) keeps
// them.

// buildRoutes registers the sites page.
func (o *office) buildRoutes(b *gin.RouterGroup) {
	t, err := template.New("sites.html").Funcs(template.FuncMap{
		"date": func(t time.Time) string {
			if t.IsZero() {
				return "–"
			}
			return t.Format("02.01.2006")
		},
		"iso": func(t time.Time) string { return t.Format(time.DateOnly) },
	}).ParseFS(officeFS, "templates/office/layout.html", "templates/office/sites.html")
	if err != nil {
		panic(fmt.Errorf("web: parse template sites.html: %w", err)) // embedded: a broken build
	}
	o.pages["sites.html"] = t
	b.GET("/liegenschaften", o.sitesPage)
	b.POST("/liegenschaften/stand", o.requireRole(campaigns.RoleEditor), o.setSiteState)
}

// projectOption prefixes a funding project's ID among the progress
// upload's choices (the campaigns' are their plain IDs).
const projectOption = "projekt:"

// progressOptions lists the campaigns and the funding projects of the
// user's scope that a progress file can go into.
func (o *office) progressOptions(c *gin.Context, p *importsPage) {
	o.projectOptions(c, p)
	cs, err := o.s.camps.Store.Campaigns(c.Request.Context())
	if err != nil {
		o.s.log.Error("read campaigns", "err", err)
		return
	}
	sc, err := o.scopeOf(c)
	if err != nil {
		return
	}
	for _, camp := range cs {
		if !sc.campaign(camp) {
			continue
		}
		p.Campaigns = append(p.Campaigns, selectOption{Value: strconv.FormatInt(camp.ID, 10), Label: camp.Name + " (" + camp.Provider + ")"})
	}
}

// projectOptions lists the funding projects of the user's scope for the
// progress upload.
func (o *office) projectOptions(c *gin.Context, p *importsPage) {
	fs := o.funding()
	if fs == nil {
		return
	}
	ps, err := fs.FundingProjects(c.Request.Context())
	if err != nil {
		o.s.log.Error("read funding projects", "err", err)
		return
	}
	sc, err := o.scopeOf(c)
	if err != nil {
		return
	}
	for _, fp := range ps {
		if sc.project(fp) {
			p.Projects = append(p.Projects, selectOption{Value: projectOption + strconv.FormatInt(fp.ID, 10), Label: fp.Name})
		}
	}
}

// parseMapField reads the upload's "map" field: "date=Stand,
// passed=Anschlussbereit", as --map passes it.
func parseMapField(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		f, col, ok := strings.Cut(pair, "=")
		if !ok || strings.TrimSpace(f) == "" || strings.TrimSpace(col) == "" {
			return nil, geo.Errorf(geo.EINVALID, "Zuordnung %q hat nicht die Form feld=Spalte (z. B. date=Stand)", pair)
		}
		out[strings.TrimSpace(f)] = strings.TrimSpace(col)
	}
	return campaigns.ParseProgressMap(out)
}

// importProgress imports a provider's progress file into the campaign the
// form names.
func (o *office) importProgress(c *gin.Context, sc *scope, name string, f *os.File, p *importsPage, res *importResult) error {
	ctx := c.Request.Context()
	if ref, ok := strings.CutPrefix(p.Campaign, projectOption); ok {
		return o.importProjectProgress(c, sc, ref, name, f, p, res)
	}
	id, err := strconv.ParseInt(p.Campaign, 10, 64)
	if err != nil {
		return geo.Errorf(geo.EINVALID, "Bitte wählen Sie die Kampagne oder das Förderprojekt, zu dem die Fortschrittsmeldung gehört.")
	}
	camp, err := o.s.camps.Store.Campaign(ctx, id)
	if geo.ErrorCode(err) == geo.ENOTFOUND {
		return geo.Errorf(geo.EINVALID, "Die Kampagne %d gibt es nicht.", id)
	}
	if err == nil && !sc.campaign(camp) {
		return geo.Errorf(geo.EFORBIDDEN, "Die Kampagne „%s“ gehört nicht zu %s; nichts wurde übernommen.", camp.Name, sc.muni.Name)
	}
	if err != nil {
		return err
	}
	m, err := parseMapField(p.Map)
	if err != nil {
		return err
	}
	rows, err := campaigns.ReadProgress(name, f, m, campaigns.MaxProgressRows)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	r, err := o.s.camps.AddProgress(ctx, camp, name, rows, u.Name)
	if err != nil {
		return err
	}
	res.Lines = append(res.Lines, fmt.Sprintf("Kampagne %s: %s Fortschrittsmeldungen, %s neue Termine", camp.Name, th(r.Reports), th(r.Dates)))
	for _, m := range r.MovesGerman() {
		res.Lines = append(res.Lines, "Status: "+m)
	}
	return nil
}

// importProjectProgress imports a progress file into the funding project
// ref (its ID) under the project's current version, all or none
// (campaigns.AddProjectProgress): the file's area column, where it has
// one, is empty or the project's name.
func (o *office) importProjectProgress(c *gin.Context, sc *scope, ref, name string, f *os.File, p *importsPage, res *importResult) error {
	ctx := c.Request.Context()
	fs := o.funding()
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil || fs == nil {
		return geo.Errorf(geo.EINVALID, "Bitte wählen Sie die Kampagne oder das Förderprojekt, zu dem die Fortschrittsmeldung gehört.")
	}
	fp, err := fs.FundingProject(ctx, id)
	if geo.ErrorCode(err) == geo.ENOTFOUND {
		return geo.Errorf(geo.EINVALID, "Das Förderprojekt %d gibt es nicht.", id)
	}
	if err != nil {
		return err
	}
	if !sc.project(fp) {
		return geo.Errorf(geo.EFORBIDDEN, "Das Förderprojekt „%s“ gehört nicht zu %s; nichts wurde übernommen.", fp.Name, sc.muni.Name)
	}
	m, err := parseMapField(p.Map)
	if err != nil {
		return err
	}
	rows, err := campaigns.ReadProgress(name, f, m, campaigns.MaxProgressRows)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	r, err := campaigns.AddProjectProgress(ctx, fs, fp.ID, fp.Version, name, rows, u.Name, o.s.camps.Today())
	if geo.ErrorCode(err) == geo.ECONFLICT {
		return geo.Errorf(geo.ECONFLICT, "Das Förderprojekt „%s“ wurde während des Imports geändert; nichts wurde übernommen. Bitte noch einmal hochladen.", fp.Name)
	}
	if err != nil {
		return err
	}
	b := campaigns.ProjectBuildOf(r.Project, time.Time{})
	res.Lines = append(res.Lines, fmt.Sprintf("Förderprojekt %s: %s Fortschrittsmeldungen, %s neue Termine", fp.Name, th(r.Reports), th(r.Dates)),
		"Stand jetzt: "+b.Summary())
	if h := r.Project.BuildHint(b); h != "" {
		res.Lines = append(res.Lines, "Hinweis: "+h)
	}
	return nil
}

// importSites adds the sites of an uploaded list.
func (o *office) importSites(c *gin.Context, name string, f *os.File, res *importResult) error {
	rows, err := campaigns.ReadSites(name, f, campaigns.MaxSiteRows)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	ss, err := o.s.camps.ImportSites(c.Request.Context(), name, rows, u.Name)
	if err != nil {
		return err
	}
	res.Lines = append(res.Lines, fmt.Sprintf("%s Liegenschaften angelegt", th(len(ss))))
	return nil
}

type sitesPage struct {
	officePage
	Sites   []campaigns.SiteView
	Counts  []siteCount
	States  []campaigns.SiteState
	CanEdit bool
	Today   time.Time
	Message string
	Error   string
	// The form as sent, after an error.
	Site, State, Date, Reason string
}

type siteCount struct {
	State string
	N     int
}

func (o *office) sitesView(c *gin.Context) (*sitesPage, error) {
	vs, err := o.s.camps.SiteViews(c.Request.Context())
	if err != nil {
		return nil, err
	}
	p := &sitesPage{officePage: o.page(c, "Liegenschaften"), Sites: vs, States: campaigns.SiteStates, Today: o.s.camps.Today()}
	n := campaigns.SiteCounts(vs)
	for _, st := range campaigns.SiteStates {
		p.Counts = append(p.Counts, siteCount{st.German(), n[st]})
	}
	u, _ := currentUser(c)
	p.CanEdit = u.Role.AtLeast(campaigns.RoleEditor)
	return p, nil
}

// sitesPage lists the sites network.
func (o *office) sitesPage(c *gin.Context) {
	p, err := o.sitesView(c)
	if err != nil {
		o.fail(c, err)
		return
	}
	if c.Query("gespeichert") != "" {
		p.Message = "Der Anschlussstand wurde gespeichert."
	}
	o.render(c, http.StatusOK, "sites.html", p)
}

// setSiteState records a site's new connection state (editors).
func (o *office) setSiteState(c *gin.Context) {
	u, _ := currentUser(c)
	// The sites carry no municipality: the county office keeps them.
	if sc, err := o.scopeOf(c); err != nil {
		o.fail(c, err)
		return
	} else if !sc.countyWide() {
		o.errorPage(c, http.StatusForbidden, "Die Liegenschaften pflegt das Kreisbüro: Ihr Benutzerkonto gilt nur für "+sc.muni.Name+".")
		return
	}
	site, state := strings.TrimSpace(c.PostForm("site")), c.PostForm("state")
	date, reason := strings.TrimSpace(c.PostForm("date")), strings.TrimSpace(c.PostForm("reason"))
	again := func(status int, msg string) {
		p, err := o.sitesView(c)
		if err != nil {
			o.fail(c, err)
			return
		}
		p.Error, p.Site, p.State, p.Date, p.Reason = msg, site, state, date, reason
		o.render(c, status, "sites.html", p)
	}
	st, err := campaigns.ParseSiteState(state)
	if err != nil || state == "" {
		again(http.StatusUnprocessableEntity, "Bitte wählen Sie den Anschlussstand.")
		return
	}
	var on time.Time
	if date != "" {
		if on, err = campaigns.ParseDate(date); err != nil {
			again(http.StatusUnprocessableEntity, "Datum: "+err.Error())
			return
		}
	}
	if len(reason) > 500 {
		again(http.StatusUnprocessableEntity, "Die Begründung ist länger als 500 Zeichen.")
		return
	}
	saved, err := o.s.camps.SetSiteState(c.Request.Context(), site, st, campaigns.Decision{On: on, By: u.Name, Reason: reason})
	switch code := geo.ErrorCode(err); {
	case err == nil:
	case code == geo.EINVALID || code == geo.ENOTFOUND:
		again(http.StatusUnprocessableEntity, geo.ErrorMessage(err))
		return
	default:
		o.fail(c, err)
		return
	}
	_, since := saved.State()
	detail := fmt.Sprintf("%s: %s seit %s", saved.Name, st.German(), campaigns.GermanDate(since))
	if reason != "" {
		detail += ", Grund: " + reason
	}
	o.audit(c, u.Name, campaigns.AuditSiteSet, detail)
	c.Redirect(http.StatusSeeOther, "/buero/liegenschaften?gespeichert=1")
}
