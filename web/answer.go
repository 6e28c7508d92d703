package web

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The citizens' answer for one address (template "answer" in
// citizen.html): the state as a badge (green "Quote erreicht" once the
// quota is met), the key sentence (campaigns.Coverage.Message, or its
// English on the English page), the progress bar, "Stand" (the date of
// the latest sign-up figures, or of the status decision), the deadline
// with its year and the days left, the provider and its sign-up page, the
// upcoming info evenings (outreach events of kind info), the office's
// contact, and for an address outside every Ortsteil why nothing is
// planned. The page and the answer loaded in place (GET
// /adresse/{id}/auskunft, which app.js inserts) render the same template.

// answerView is what the answer shows.
type answerView struct {
	State       string
	Headline    string
	Reached     bool // the quota is met: the badge says so, in green
	Message     string
	MessageLang string // "de" when the message stays German on the English page
	Provider    string
	Campaign    string
	Project     string // the funding project that decides ("" for a campaign)
	Area        string
	// AsOf is "Stand": the figures' or the decision's date, 02.01.2006.
	AsOf string
	// Pre-marketing only:
	PreMarketing  bool
	Quota         string // "27 %"
	Threshold     string // "33 %"
	ProgressValue string // quota in percent points, for <progress value>
	ProgressMax   string // threshold in percent points, for <progress max>
	// While sign-ups are collected: "22.12.2026" and "noch 19 Tage".
	Deadline string
	DaysLeft string
	// SignupURL is the provider's sign-up page, when the campaign has one.
	SignupURL string
	// Events are the campaign's upcoming info evenings.
	Events []eventView
	// Outside: the address lies in no Ortsteil the office follows.
	Outside bool
}

// eventView is an upcoming info evening.
type eventView struct {
	Date  string // 02.01.2006
	Title string
}

// answer builds the answer for coverage cov of an address (inDistrict:
// the address lies in an Ortsteil) on a page in lang.
func (s *Server) answer(ctx context.Context, cov campaigns.Coverage, inDistrict bool, lang string) (*answerView, error) {
	today := s.camps.Today()
	v := answerOf(cov, lang, today)
	v.Outside = !inDistrict && cov.State == campaigns.CoverageNone
	v.AsOf = campaigns.GermanDate(today)
	if cov.Campaign == "" || cov.FundingProject != "" {
		// No campaign decides (a funding project is not a campaign).
		return v, nil
	}
	c, err := s.camps.Store.CampaignByName(ctx, cov.Campaign)
	if err != nil {
		return nil, err
	}
	ca, ok := c.AreaByName(cov.Area)
	if !ok {
		return nil, geo.Errorf(geo.ENOTFOUND, "campaign %s has no area %q", c.Name, cov.Area)
	}
	v.AsOf = campaigns.GermanDate(asOfDate(c, ca, today))
	if campaigns.CheckSignupURL(c.SignupURL) == nil {
		v.SignupURL = c.SignupURL
	}
	if cov.State == campaigns.CoveragePreMarketing {
		figs, err := s.camps.Figures(ctx, c, today)
		if err != nil {
			return nil, err
		}
		for _, f := range figs.Areas {
			if f.AreaID == ca.AreaID && !f.LastEntry.IsZero() {
				v.AsOf = campaigns.GermanDate(f.LastEntry)
			}
		}
	}
	outreach, err := s.camps.Store.Outreach(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	v.Events = upcomingEvenings(outreach, ca.AreaID, today)
	return v, nil
}

// asOfDate is the date of the latest decision about the campaign area
// (an event of the area or of the whole campaign) effective by today, or
// the campaign's start when there is none.
func asOfDate(c *campaigns.Campaign, ca campaigns.CampaignArea, today time.Time) time.Time {
	d := campaigns.Day(c.Start)
	for _, e := range c.Events {
		if (e.AreaID == 0 || e.AreaID == ca.AreaID) && !e.Effective.After(today) && e.Effective.After(d) {
			d = e.Effective
		}
	}
	if d.After(today) {
		return today
	}
	return d
}

// upcomingEvenings are the info evenings of the campaign (of its area
// areaID or of the whole campaign) from today on, by date.
func upcomingEvenings(outreach []campaigns.Outreach, areaID int64, today time.Time) []eventView {
	var out []eventView
	for _, o := range outreach {
		if o.Kind != campaigns.OutreachInfoEvening || campaigns.Day(o.Date).Before(today) || (o.AreaID != 0 && o.AreaID != areaID) {
			continue
		}
		out = append(out, eventView{Date: campaigns.GermanDate(o.Date), Title: o.Title})
	}
	return out
}

// answerOf turns a coverage into what the page shows. The German message
// is the same text the JSON API returns; the English page has its own
// (coverageEnglish).
func answerOf(cov campaigns.Coverage, lang string, today time.Time) *answerView {
	v := &answerView{State: string(cov.State), Headline: translate(lang, "state."+string(cov.State)), Message: cov.Message,
		Provider: cov.Provider, Campaign: cov.Campaign, Area: cov.Area}
	if cov.FundingProject != "" {
		v.Campaign, v.Project = "", cov.FundingProject
	}
	if lang != langDE {
		if en, ok := coverageEnglish(cov, today); ok {
			v.Message = en
		} else {
			v.MessageLang = langDE
		}
	}
	if cov.State != campaigns.CoveragePreMarketing {
		return v
	}
	if campaigns.AreaStateOf(cov.Status, cov.Needed, cov.Target) == campaigns.AreaReached {
		v.Reached = true
		v.Headline = translate(lang, "answer.quotaReached")
	}
	if cov.Threshold > 0 {
		v.PreMarketing = true
		v.Quota, v.Threshold = campaigns.Percent(cov.Quota), campaigns.Percent(cov.Threshold)
		v.ProgressMax = percentPoints(cov.Threshold)
		v.ProgressValue = percentPoints(math.Min(campaigns.ShownShare(cov.Quota), cov.Threshold))
	}
	if cov.Status.Active() && !today.Before(campaigns.Day(cov.Start)) {
		if left := daysLeftText(cov.Deadline, today, lang); left != "" {
			v.Deadline, v.DaysLeft = campaigns.GermanDate(cov.Deadline), left
		}
	}
	return v
}

// coverageEnglish is campaigns.Coverage.Message in English, phrased by the
// same cases; ok is false for a state it does not know (the page then
// shows the German, marked lang="de").
func coverageEnglish(c campaigns.Coverage, today time.Time) (string, bool) {
	if c.MessageEN != "" {
		return c.MessageEN, true
	}
	switch c.State {
	case campaigns.CoverageLive:
		if !c.LiveSince.IsZero() {
			return "Fibre available since " + c.LiveSince.Format("02.01.2006"), true
		}
		return "Fibre available", true
	case campaigns.CoverageConstruction:
		if !c.Completion.IsZero() {
			return fmt.Sprintf("Fibre under construction, completion expected in %d", c.Completion.Year()), true
		}
		return "Fibre under construction", true
	case campaigns.CoverageCommitted:
		return "Roll-out committed", true
	case campaigns.CoverageFundingCandidate:
		return "Pre-marketing did not reach its quota: public funding is being reviewed", true
	case campaigns.CoverageNone:
		return "no plans yet", true
	case campaigns.CoveragePreMarketing:
	default:
		return "", false
	}
	of := campaigns.Percent(c.Quota)
	if c.Threshold > 0 {
		of += " of " + campaigns.Percent(c.Threshold)
	}
	date := func(t time.Time) string { return t.Format("02.01.2006") }
	switch {
	case c.Status == campaigns.StatusPlanned || today.Before(campaigns.Day(c.Start)):
		return "Pre-marketing planned from " + date(c.Start), true
	case c.Status == campaigns.StatusReached || (c.Needed == 0 && c.Target > 0):
		return "Pre-marketing successful: " + of + " reached, the roll-out decision is pending", true
	case today.After(campaigns.Day(c.Deadline)):
		return "Pre-marketing ended on " + date(c.Deadline) + ": " + of + ", the result is being evaluated", true
	case c.Needed <= 0:
		return "Pre-marketing running: " + of + " until " + date(c.Deadline), true
	}
	contracts := "contracts"
	if c.Needed == 1 {
		contracts = "contract"
	}
	return fmt.Sprintf("Pre-marketing running: %s, %s more %s needed by %s", of, geo.Thousands(int64(c.Needed)), contracts, date(c.Deadline)), true
}

// addressID parses an address ID of a citizens' URL.
func addressID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, geo.Errorf(geo.EINVALID, "ungültige Adress-ID %q", s)
	}
	return id, nil
}
