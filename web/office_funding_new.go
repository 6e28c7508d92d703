package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The form that adds a funding project (POST /buero/foerderung), on the
// projects' list: name, municipality, project areas, rule set and market
// survey, as `gigaplan funding add` takes them.

// newProjectForm is the form's input and its errors by field.
type newProjectForm struct {
	Name, Municipality, Areas, Rules, Survey string
	Errs                                     map[string]string
}

// newProjectOptions fills the selects of the form on p.
func (o *office) newProjectOptions(c *gin.Context, p *fundingListPage) error {
	sc, err := o.scopeOf(c)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	p.CanAdd = u.Role == campaigns.RoleEditor || u.Role == campaigns.RoleAdmin
	for _, m := range sc.municipalities() {
		p.Municipalities = append(p.Municipalities, selectOption{Value: strconv.FormatInt(m.ID, 10), Label: m.Name,
			Selected: p.Form.Municipality == strconv.FormatInt(m.ID, 10)})
	}
	rules := p.Form.Rules
	if rules == "" {
		rules = campaigns.DefaultRuleSet
	}
	for _, rs := range campaigns.DefaultRuleSets {
		p.Rules = append(p.Rules, selectOption{Value: rs.Name, Label: rs.Title, Selected: rs.Name == rules})
	}
	svs, err := o.scopedSurveys(c.Request.Context(), sc)
	if err != nil {
		return err
	}
	p.Surveys = surveyOptions(svs, p.Form.Survey)
	return nil
}

// scopedSurveys are the market surveys the scope sees: those of its areas
// and those covering all addresses (none without a supply store).
func (o *office) scopedSurveys(ctx context.Context, sc *scope) ([]geo.Survey, error) {
	sup := o.source().Supply
	if sup == nil {
		return nil, nil
	}
	svs, err := sup.Surveys(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(svs, func(sv geo.Survey) bool { return sv.AreaID != 0 && !sc.area(sv.AreaID) }), nil
}

// scopedSurvey is the ID of the survey chosen (a form value) among the
// scope's (scopedSurveys); 0 for a value that names none of them.
func (o *office) scopedSurvey(ctx context.Context, sc *scope, chosen string) (int64, error) {
	id, err := strconv.ParseInt(chosen, 10, 64)
	if err != nil || id <= 0 {
		return 0, nil
	}
	svs, err := o.scopedSurveys(ctx, sc)
	if err != nil || !slices.ContainsFunc(svs, func(sv geo.Survey) bool { return sv.ID == id }) {
		return 0, err
	}
	return id, nil
}

// surveyOptions are the options of a select of surveys, chosen selected.
func surveyOptions(svs []geo.Survey, chosen string) []selectOption {
	var out []selectOption
	for _, sv := range svs {
		v := strconv.FormatInt(sv.ID, 10)
		out = append(out, selectOption{Value: v, Label: sv.Label(), Selected: chosen == v})
	}
	return out
}

func (o *office) fundingAdd(c *gin.Context) {
	ctx := c.Request.Context()
	val := func(k string) string { return strings.TrimSpace(c.Request.PostFormValue(k)) }
	f := newProjectForm{Name: val("name"), Municipality: val("municipality"), Areas: val("areas"), Rules: val("rules"), Survey: val("survey"),
		Errs: map[string]string{}}
	sc, err := o.scopeOf(c)
	if err != nil {
		o.fail(c, err)
		return
	}
	u, _ := currentUser(c)
	p := campaigns.FundingProject{Name: f.Name, CreatedBy: u.Name}
	if f.Name == "" {
		f.Errs["name"] = "Bitte einen Namen für das Förderprojekt angeben."
	} else if err := geo.CheckName("Der Name des Förderprojekts", f.Name); err != nil {
		f.Errs["name"] = geo.ErrorMessage(err)
	}
	muniID, _ := strconv.ParseInt(f.Municipality, 10, 64)
	muni, ok := sc.byID[muniID]
	if ok && muni.Kind == geo.KindMunicipality && !sc.area(muniID) {
		o.fail(c, geo.Errorf(geo.EFORBIDDEN, "Sie können nur Förderprojekte Ihrer Gemeinde anlegen."))
		return
	}
	switch {
	case !ok || muni.Kind != geo.KindMunicipality:
		f.Errs["municipality"] = "Bitte eine Gemeinde aus der Liste wählen."
	case muni.AGS == "":
		f.Errs["municipality"] = fmt.Sprintf("Die Gemeinde %s hat keinen Gemeindeschlüssel (AGS); bitte zuerst die Gemeinden mit AGS importieren.", muni.Name)
	default:
		p.Municipalities = []string{muni.AGS}
	}
	var names []string
	if _, bad := f.Errs["municipality"]; !bad {
		for _, n := range strings.Split(f.Areas, ",") {
			if n = strings.TrimSpace(n); n == "" {
				continue
			}
			// In the municipality, else a name unique over all (areas
			// imported before their municipality), as funding add finds it.
			a, err := o.s.store.AreaIn(ctx, muniID, geo.KindDistrict, n)
			if err != nil {
				a, err = o.s.store.AreaIn(ctx, 0, geo.KindDistrict, n)
			}
			if err != nil || !sc.area(a.ID) {
				f.Errs["areas"] = fmt.Sprintf("Kein Ortsteil „%s“ in %s.", n, muni.Name)
				break
			}
			p.Areas, names = append(p.Areas, a.ID), append(names, a.Name)
		}
		if len(p.Areas) == 0 && f.Errs["areas"] == "" {
			f.Errs["areas"] = "Bitte mindestens einen Ortsteil angeben (durch Komma getrennt)."
		}
	}
	rs, err := campaigns.RuleSetByName(f.Rules, campaigns.DefaultRuleSets)
	if err != nil {
		f.Errs["rules"] = "Bitte ein Regelwerk aus der Liste wählen."
	}
	p.RuleSet = rs.Name
	if f.Survey != "" {
		if p.SurveyID, err = o.scopedSurvey(ctx, sc, f.Survey); err != nil {
			o.fail(c, err)
			return
		} else if p.SurveyID == 0 {
			f.Errs["survey"] = "Bitte eine Markterkundung aus der Liste wählen."
		}
	}
	if len(f.Errs) == 0 {
		saved, err := o.funding().AddFundingProject(ctx, p)
		if err == nil {
			auditIn(c, muniID)
			o.audit(c, u.Name, campaigns.AuditFundingAdd, fmt.Sprintf("Förderprojekt %s angelegt: Gemeinde %s, Gebiete %s, Regelwerk %s",
				saved.Name, muni.AGS, strings.Join(names, ", "), saved.RuleSet))
			c.Redirect(http.StatusSeeOther, fmt.Sprintf("/buero/foerderung/%d", saved.ID))
			return
		}
		switch geo.ErrorCode(err) {
		case geo.ECONFLICT:
			f.Errs["name"] = geo.ErrorMessage(err)
		case geo.EINVALID:
			f.Errs["survey"] = geo.ErrorMessage(err)
		default:
			o.fail(c, err)
			return
		}
	}
	o.fundingListWith(c, http.StatusUnprocessableEntity, f)
}
