package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The funding project's forms: a milestone (POST …/meilensteine), the
// budget (POST …/budget) and an expected construction date (POST
// …/termin).

// showFunding renders the project page again after a refused write: the
// project as stored now (its new version after a conflict), with the
// person's input in the form set by keep.
func (o *office) showFunding(c *gin.Context, id int64, keep func(fp *fundingPage)) func(status int, msg, conflict string) {
	return func(status int, msg, conflict string) {
		p, err := o.funding().FundingProject(c.Request.Context(), id)
		if err != nil {
			o.fail(c, err)
			return
		}
		fp := o.fundingPageData(c, p)
		keep(&fp)
		fp.Conflict = conflict
		if fp.MForm.Errs == nil {
			fp.MForm.Errs = map[string]string{}
		}
		if fp.BForm.Errs == nil {
			fp.BForm.Errs = map[string]string{}
		}
		if fp.DForm.Errs == nil {
			fp.DForm.Errs = map[string]string{}
		}
		if fp.MForm.Message == "" && fp.BForm.Message == "" && fp.DForm.Message == "" {
			fp.MForm.Message = msg
		}
		o.render(c, status, "funding.html", fp)
	}
}

func (o *office) fundingMilestone(c *gin.Context) {
	p, ok := o.fundingParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	u, _ := currentUser(c)
	val := func(k string) string { return strings.TrimSpace(c.Request.PostFormValue(k)) }
	f := milestoneForm{Kind: val("kind"), Date: val("date"), Operator: val("operator"), Model: val("model"), Corrects: val("corrects"),
		Note: val("note"), Errs: map[string]string{}}
	ev := campaigns.MilestoneEvent{Operator: f.Operator, Note: f.Note, EnteredBy: u.Name}
	var err error
	if ev.Kind, err = campaigns.ParseMilestone(f.Kind); err != nil {
		f.Errs["kind"] = "Bitte einen Meilenstein wählen."
	}
	d, msg := parseFormDate(f.Date, true)
	if msg != "" {
		f.Errs["date"] = msg
	} else {
		ev.Day, f.Date = d, isoDate(d)
	}
	if ev.Kind == campaigns.MilestoneAward {
		if ev.Model, err = campaigns.ParseFundingModel(f.Model); err != nil {
			f.Errs["model"] = "Bitte das Fördermodell des Zuschlags wählen."
		}
		if f.Operator == "" {
			f.Errs["operator"] = "Bitte den Betreiber angeben, der den Zuschlag erhielt."
		}
	} else {
		ev.Operator = ""
	}
	if f.Corrects != "" {
		if ev.Corrects, err = strconv.ParseInt(f.Corrects, 10, 64); err != nil || ev.Corrects <= 0 {
			f.Errs["corrects"] = "Bitte einen Eintrag aus der Liste wählen."
		}
	}
	if len([]rune(f.Note)) > 500 {
		f.Errs["note"] = "Die Notiz ist zu lang (höchstens 500 Zeichen)."
	}
	show := o.showFunding(c, p.ID, func(fp *fundingPage) {
		fp.MForm = f
		fp.MForm.Message = ""
		for i := range fp.Kinds {
			fp.Kinds[i].Selected = fp.Kinds[i].Value == string(ev.Kind)
		}
		for i := range fp.Models {
			fp.Models[i].Selected = fp.Models[i].Value == string(ev.Model)
		}
		for i := range fp.Corrects {
			fp.Corrects[i].Selected = fp.Corrects[i].Value == f.Corrects
		}
	})
	if len(f.Errs) > 0 {
		f.Message = "Nichts wurde gespeichert: bitte die markierten Felder korrigieren."
		show(http.StatusUnprocessableEntity, f.Message, "")
		return
	}
	var eligible []int64
	if ev.Kind == campaigns.MilestoneApplication && len(p.Addresses) == 0 {
		rs, err := campaigns.RuleSetByName(p.RuleSet, campaigns.DefaultRuleSets)
		if err != nil {
			show(http.StatusUnprocessableEntity, fmt.Sprintf("Das Regelwerk %q des Projekts ist hier nicht hinterlegt: "+
				"den Förderantrag bitte auf der Befehlszeile mit --rules-file erfassen.", p.RuleSet), "")
			return
		}
		if eligible, err = o.source().EligibleList(ctx, p, rs, ev.Day); err != nil {
			if geo.ErrorCode(err) == geo.EINVALID {
				show(http.StatusUnprocessableEntity, geo.ErrorMessage(err), "")
			} else {
				o.fail(c, err)
			}
			return
		}
	}
	saved, detail, err := campaigns.RecordMilestone(ctx, o.funding(), p.ID, formVersion(c), ev, campaigns.Today(o.s.now()), eligible)
	if saved == nil {
		saved = p
	}
	o.afterFundingWrite(c, saved, err, campaigns.AuditFundingMilestone, detail, "meilenstein", show)
}

func (o *office) fundingBudget(c *gin.Context) {
	p, ok := o.fundingParam(c)
	if !ok {
		return
	}
	val := func(k string) string { return strings.TrimSpace(c.Request.PostFormValue(k)) }
	f := budgetForm{Total: val("total"), Years: strings.TrimSpace(c.Request.PostFormValue("years")), Errs: map[string]string{}}
	var b campaigns.Budget
	euro := func(field, s string) int64 {
		if s == "" {
			return 0
		}
		v, err := campaigns.ParseEuro(s)
		if err != nil {
			f.Errs[field] = fmt.Sprintf("„%s“ ist kein Betrag: bitte z. B. 1.234.567,89 angeben.", s)
		}
		return v
	}
	b.Total = euro("total", f.Total)
	for _, s := range campaigns.Shares {
		l := budgetFormLine{Share: s, Label: s.Label(), Approved: val("approved_" + string(s)), Actual: val("actual_" + string(s))}
		f.Lines = append(f.Lines, l)
		a, x := euro("approved_"+string(s), l.Approved), euro("actual_"+string(s), l.Actual)
		if l.Approved != "" || l.Actual != "" {
			b.Lines = append(b.Lines, campaigns.BudgetLine{Share: s, Approved: a, Actual: x})
		}
	}
	for n, line := range strings.Split(f.Years, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		ys, amount, ok := strings.Cut(strings.Replace(line, ":", "=", 1), "=")
		year, err := strconv.Atoi(strings.TrimSpace(ys))
		if !ok || err != nil {
			f.Errs["years"] = fmt.Sprintf("Zeile %d: „%s“ – bitte je Zeile Jahr=Betrag angeben, z. B. 2027=40.000,00.", n+1, line)
			break
		}
		cents, err := campaigns.ParseEuro(amount)
		if err != nil {
			f.Errs["years"] = fmt.Sprintf("Zeile %d: „%s“ ist kein Betrag.", n+1, strings.TrimSpace(amount))
			break
		}
		b.Years = append(b.Years, campaigns.YearAmount{Year: year, Cents: cents})
	}
	show := o.showFunding(c, p.ID, func(fp *fundingPage) { fp.BForm = f })
	if len(f.Errs) > 0 {
		f.Message = "Nichts wurde gespeichert: bitte die markierten Felder korrigieren."
		show(http.StatusUnprocessableEntity, "", "")
		return
	}
	saved, detail, err := campaigns.SetBudget(c.Request.Context(), o.funding(), p.ID, formVersion(c), func(cur *campaigns.Budget) error {
		*cur = b
		return nil
	})
	if saved == nil {
		saved = p
	}
	o.afterFundingWrite(c, saved, err, campaigns.AuditFundingBudget, detail, "budget", func(status int, msg, conflict string) {
		f.Message = msg
		o.showFunding(c, p.ID, func(fp *fundingPage) { fp.BForm = f })(status, "", conflict)
	})
}

// buildDateForm is the expected-date form's input: the kind (start or
// completion), the expected day, the day it was reported (empty: today)
// and the reason, with its errors by field.
type buildDateForm struct {
	Kind, Expected, Reported, Reason string
	Errs                             map[string]string
	Message                          string
}

// fundingBuildDate records an expected construction start or completion
// of the project (campaigns.SetProjectBuildDate), as gigaplan progress
// expect --project does.
func (o *office) fundingBuildDate(c *gin.Context) {
	p, ok := o.fundingParam(c)
	if !ok {
		return
	}
	u, _ := currentUser(c)
	val := func(k string) string { return strings.TrimSpace(c.Request.PostFormValue(k)) }
	f := buildDateForm{Kind: val("build_kind"), Expected: val("expected"), Reported: val("reported"), Reason: val("reason"),
		Errs: map[string]string{}}
	kind := campaigns.BuildDateKind(f.Kind)
	if kind != campaigns.BuildStart && kind != campaigns.BuildCompletion {
		f.Errs["build_kind"] = "Bitte wählen: Baubeginn oder Fertigstellung."
	}
	expected, msg := parseFormDate(f.Expected, true)
	if msg != "" {
		f.Errs["expected"] = msg
	} else {
		f.Expected = isoDate(expected)
	}
	reported, msg := parseFormDate(f.Reported, false)
	if msg != "" {
		f.Errs["reported"] = msg
	} else {
		f.Reported = isoDate(reported)
	}
	switch n := len([]rune(f.Reason)); {
	case n == 0:
		f.Errs["reason"] = "Bitte angeben, woher der Termin stammt (z. B. Bauzeitenplan des Betreibers)."
	case n > 500:
		f.Errs["reason"] = "Die Begründung ist zu lang (höchstens 500 Zeichen)."
	}
	show := func(status int, msg, conflict string) {
		f.Message = msg
		o.showFunding(c, p.ID, func(fp *fundingPage) { fp.DForm = f })(status, "", conflict)
	}
	if len(f.Errs) > 0 {
		show(http.StatusUnprocessableEntity, "Nichts wurde gespeichert: bitte die markierten Felder korrigieren.", "")
		return
	}
	saved, detail, err := campaigns.SetProjectBuildDate(c.Request.Context(), o.funding(), p.ID, formVersion(c), kind, expected,
		campaigns.Decision{On: reported, By: u.Name, Reason: f.Reason}, campaigns.Today(o.s.now()))
	if saved == nil {
		saved = p
	}
	o.afterFundingWrite(c, saved, err, campaigns.AuditProgress, detail+", Grund: "+f.Reason, "termin", show)
}
