package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The funding projects' office pages (issue 17): the list /buero/foerderung
// and a project's page /buero/foerderung/:id with its milestones as a
// timeline, its construction progress (the figures of the latest reports,
// the expected dates; the progress file is uploaded on /buero/import), its
// budget, and (for editors, the role that edits campaigns)
// the forms to record a milestone, to change the budget and to record an
// expected construction start or completion. The forms carry the
// project's version: a form based on an older version is
// refused with 409 and the page shows the project as it is now, with the
// person's input kept. Every write is audited. A user of one
// municipality sees the projects filed for it.

var fundingPages = []string{"funding_list.html", "funding.html"}

// fundingRoutes registers the pages when the store keeps funding projects.
func (o *office) fundingRoutes(b *gin.RouterGroup) {
	if o.funding() == nil {
		return
	}
	for _, name := range fundingPages {
		t, err := o.pages["dashboard.html"].Clone()
		if err == nil {
			t, err = t.ParseFS(officeFS, "templates/office/"+name)
		}
		if err != nil {
			panic(fmt.Errorf("web: parse template %s: %w", name, err)) // a programming error
		}
		o.pages[name] = t
	}
	edit := o.requireRole(campaigns.RoleEditor)
	b.GET("/foerderung", o.fundingList)
	b.POST("/foerderung", edit, o.fundingAdd)
	b.GET("/foerderung/:id", o.fundingDetail)
	b.POST("/foerderung/:id/meilensteine", edit, o.fundingMilestone)
	b.POST("/foerderung/:id/budget", edit, o.fundingBudget)
	b.POST("/foerderung/:id/termin", edit, o.fundingBuildDate)
}

// funding is the store's FundingStore (nil: it keeps none).
func (o *office) funding() campaigns.FundingStore {
	fs, _ := o.s.store.(campaigns.FundingStore)
	return fs
}

// visible reports whether the signed-in user may see p: a county-wide
// user every project, a municipality's user those filed for it.
func (o *office) visible(c *gin.Context, p *campaigns.FundingProject) (bool, error) {
	sc, err := o.scopeOf(c)
	if err != nil {
		return false, err
	}
	return sc.countyWide() || slices.Contains(p.Municipalities, sc.muni.AGS), nil
}

type fundingListPage struct {
	officePage
	Rows []campaigns.FundingOverview
	// The form that adds a project (office_funding_new.go).
	CanAdd                         bool
	Form                           newProjectForm
	Municipalities, Rules, Surveys []selectOption
}

func (o *office) fundingList(c *gin.Context) {
	o.fundingListWith(c, http.StatusOK, newProjectForm{Errs: map[string]string{}})
}

// fundingListWith renders the projects' list with the add form's input f.
func (o *office) fundingListWith(c *gin.Context, status int, f newProjectForm) {
	ps, err := o.funding().FundingProjects(c.Request.Context())
	if err != nil {
		o.fail(c, err)
		return
	}
	p := fundingListPage{officePage: o.page(c, "Förderprojekte"), Form: f}
	if err := o.newProjectOptions(c, &p); err != nil {
		o.fail(c, err)
		return
	}
	for _, fp := range ps {
		ok, err := o.visible(c, fp)
		if err != nil {
			o.fail(c, err)
			return
		}
		if ok {
			p.Rows = append(p.Rows, fp.Overview())
		}
	}
	o.render(c, status, "funding_list.html", p)
}

// milestoneForm is the milestone form's input and its errors by field.
type milestoneForm struct {
	Kind, Date, Operator, Model, Corrects, Note string
	Errs                                        map[string]string
	Message                                     string
}

// budgetForm is the budget form's input: the total and per share the
// approved and the spent amount, the years as "JJJJ=Betrag" lines.
type budgetForm struct {
	Total   string
	Lines   []budgetFormLine
	Years   string
	Errs    map[string]string
	Message string
}

type budgetFormLine struct {
	Share            campaigns.Share
	Label            string
	Approved, Actual string
}

type fundingPage struct {
	officePage
	Project   *campaigns.FundingProject
	Overview  campaigns.FundingOverview
	Timeline  []timelineItem
	CanEdit   bool
	Saved     string
	Kinds     []selectOption
	Models    []selectOption
	Corrects  []selectOption
	MForm     milestoneForm
	BForm     budgetForm
	DForm     buildDateForm
	Conflict  string
	AreaNames string
	// Build is the construction progress (campaigns.ProjectBuildOf as of
	// today), BuildHint the hint at the construction start, Dates the
	// expected dates as recorded (latest first).
	Build     campaigns.AreaBuild
	BuildHint string
	Dates     []campaigns.BuildDate
}

// timelineItem is one milestone event on the page.
type timelineItem struct {
	ID        int64
	Label     string
	Day       string
	Detail    string
	Corrected bool
	EnteredBy string
}

// fundingParam reads the project of the path's :id: 404 if there is none,
// 403 if it is not filed for the user's municipality. The audit entries
// of the request count for the project's (first) municipality.
func (o *office) fundingParam(c *gin.Context) (*campaigns.FundingProject, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		o.errorPage(c, http.StatusNotFound, "Dieses Förderprojekt gibt es nicht.")
		return nil, false
	}
	p, err := o.funding().FundingProject(c.Request.Context(), id)
	if err != nil {
		o.fail(c, err)
		return nil, false
	}
	sc := o.requestScope(c)
	if sc == nil {
		return nil, false
	}
	if !sc.countyWide() && !slices.Contains(p.Municipalities, sc.muni.AGS) {
		o.forbidOther(c, "Dieses Förderprojekt")
		return nil, false
	}
	for _, a := range sc.refs {
		if a.Kind == geo.KindMunicipality && len(p.Municipalities) > 0 && a.AGS == p.Municipalities[0] {
			auditIn(c, a.ID)
			break
		}
	}
	return p, true
}

func (o *office) fundingPageData(c *gin.Context, p *campaigns.FundingProject) fundingPage {
	u, _ := currentUser(c)
	fp := fundingPage{officePage: o.page(c, p.Name), Project: p, Overview: p.Overview(),
		CanEdit: u.Role == campaigns.RoleAdmin || u.Role == campaigns.RoleEditor}
	corrected := map[int64]bool{}
	for _, m := range p.Milestones {
		if m.Corrects != 0 {
			corrected[m.Corrects] = true
		}
	}
	for _, m := range p.Milestones {
		var d []string
		if m.Kind == campaigns.MilestoneAward {
			d = append(d, m.Operator+", "+m.Model.Label())
		}
		if m.Corrects != 0 {
			d = append(d, fmt.Sprintf("korrigiert Eintrag %d", m.Corrects))
		}
		if m.Note != "" {
			d = append(d, m.Note)
		}
		fp.Timeline = append(fp.Timeline, timelineItem{ID: m.ID, Label: m.Kind.Label(), Day: campaigns.GermanDate(m.Day),
			Detail: strings.Join(d, "; "), Corrected: corrected[m.ID], EnteredBy: m.EnteredBy})
	}
	next := p.Next()
	for _, m := range campaigns.Milestones {
		fp.Kinds = append(fp.Kinds, selectOption{Value: string(m), Label: m.Label(), Selected: m == next})
	}
	for _, m := range []campaigns.FundingModel{campaigns.ModelGap, campaigns.ModelOperator} {
		fp.Models = append(fp.Models, selectOption{Value: string(m), Label: m.Label()})
	}
	fp.Corrects = []selectOption{{Value: "", Label: "– kein Eintrag –", Selected: true}}
	for _, m := range p.Effective() {
		fp.Corrects = append(fp.Corrects, selectOption{Value: strconv.FormatInt(m.ID, 10),
			Label: fmt.Sprintf("Eintrag %d: %s am %s", m.ID, m.Kind.Label(), campaigns.GermanDate(m.Day))})
	}
	fp.Build = campaigns.ProjectBuildOf(p, o.s.camps.Today())
	fp.BuildHint = p.BuildHint(fp.Build)
	for i := len(p.BuildDates) - 1; i >= 0; i-- {
		fp.Dates = append(fp.Dates, p.BuildDates[i])
	}
	fp.MForm = milestoneForm{Errs: map[string]string{}}
	fp.DForm = buildDateForm{Kind: string(campaigns.BuildCompletion), Errs: map[string]string{}}
	fp.BForm = budgetFormOf(p.Budget)
	if sc, err := o.scopeOf(c); err == nil {
		var names []string
		for _, id := range p.Areas {
			if a, ok := sc.byID[id]; ok {
				names = append(names, a.Name)
			}
		}
		fp.AreaNames = strings.Join(names, ", ")
	}
	return fp
}

// budgetFormOf fills the budget form with b.
func budgetFormOf(b campaigns.Budget) budgetForm {
	f := budgetForm{Errs: map[string]string{}}
	money := func(c int64) string {
		if c == 0 {
			return ""
		}
		return strings.TrimSuffix(campaigns.Euro(c), " €")
	}
	if b.Total != 0 {
		f.Total = money(b.Total)
	}
	for _, s := range campaigns.Shares {
		l := budgetFormLine{Share: s, Label: s.Label()}
		for _, x := range b.Lines {
			if x.Share == s {
				l.Approved, l.Actual = money(x.Approved), money(x.Actual)
			}
		}
		f.Lines = append(f.Lines, l)
	}
	var ys []string
	for _, y := range b.Years {
		ys = append(ys, fmt.Sprintf("%d=%s", y.Year, money(y.Cents)))
	}
	f.Years = strings.Join(ys, "\n")
	return f
}

func (o *office) fundingDetail(c *gin.Context) {
	p, ok := o.fundingParam(c)
	if !ok {
		return
	}
	fp := o.fundingPageData(c, p)
	switch c.Query("gespeichert") {
	case "meilenstein":
		fp.Saved = "Meilenstein gespeichert."
	case "budget":
		fp.Saved = "Budget gespeichert."
	case "termin":
		fp.Saved = "Termin gespeichert."
	}
	o.render(c, http.StatusOK, "funding.html", fp)
}

// formVersion reads the form's hidden version.
func formVersion(c *gin.Context) int64 {
	v, _ := strconv.ParseInt(c.Request.PostFormValue("version"), 10, 64)
	return v
}

// afterFundingWrite answers a write: on success the audit entry and a
// redirect; EINVALID (422) and ECONFLICT (409) show the page again with
// the input kept (show), anything else the error page.
func (o *office) afterFundingWrite(c *gin.Context, p *campaigns.FundingProject, err error, action, detail, saved string,
	show func(status int, msg, conflict string)) {
	switch geo.ErrorCode(err) {
	case "":
		u, _ := currentUser(c)
		o.audit(c, u.Name, action, detail)
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/buero/foerderung/%d?gespeichert=%s", p.ID, saved))
	case geo.EINVALID:
		show(http.StatusUnprocessableEntity, geo.ErrorMessage(err), "")
	case geo.ECONFLICT:
		show(http.StatusConflict, "Nichts wurde gespeichert.", "Jemand hat das Förderprojekt inzwischen geändert: "+
			"die Seite zeigt jetzt den neuen Stand. Bitte prüfen und noch einmal speichern.")
	default:
		o.fail(c, err)
	}
}
