package web

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The office's campaign pages: the list /buero/kampagnen, a campaign's
// page with its figures, history and the forms to extend it, change
// statuses and add outreach events, and the forms to create and edit a
// campaign.
//
// Every form that changes a campaign carries the campaign's version and a
// snapshot of what the person saw (hidden fields version and base). A
// form whose version is no longer current is refused with 409: the page
// shows what changed meanwhile (the snapshot against the stored campaign),
// keeps the person's input and is based on the new version, so saving
// again is a decision made knowing the change. Nothing is ever silently
// overwritten.

// campaignPages are the templates of these pages and of the downloads
// page (office_reports.go).
var campaignPages = []string{"campaigns.html", "campaign.html", "campaign_form.html", "reports.html"}

// parseCampaignPages adds campaignPages to o.pages: each is a clone of a
// parsed page (layout and template functions) with its own content.
func (o *office) parseCampaignPages() error {
	for _, name := range campaignPages {
		t, err := o.pages["dashboard.html"].Clone()
		if err == nil {
			t, err = t.ParseFS(officeFS, "templates/office/"+name)
		}
		if err != nil {
			return fmt.Errorf("web: parse template %s: %w", name, err)
		}
		o.pages[name] = t
	}
	return nil
}

// campaignRoutes registers the campaign pages on the office group b.
func (o *office) campaignRoutes(b *gin.RouterGroup) {
	if err := o.parseCampaignPages(); err != nil {
		panic(err) // the embedded templates are broken: a programming error
	}
	edit := o.requireRole(campaigns.RoleEditor)
	b.GET("/kampagnen", o.campaignList)
	b.GET("/kampagnen/neu", edit, o.newCampaignForm)
	b.POST("/kampagnen", edit, o.createCampaign)
	b.GET("/kampagnen/:id", o.campaignDetail)
	b.GET("/kampagnen/:id/bearbeiten", edit, o.editCampaignForm)
	b.POST("/kampagnen/:id/bearbeiten", edit, o.updateCampaign)
	b.POST("/kampagnen/:id/verlaengerung", edit, o.extendCampaign)
	b.POST("/kampagnen/:id/status", edit, o.setCampaignStatus)
	b.POST("/kampagnen/:id/aktionen", edit, o.addOutreach)
}

// German number formatting for the pages.

func deDecimal(v float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', decimals, 64), ".", ",", 1)
}

func deInt(n int) string { return campaigns.Thousands(int64(n)) }

// dePercentInput shows a threshold as the form takes it: 33 or 33,5.
func dePercentInput(q float64) string {
	p := math.Round(q*1000) / 10
	if p == math.Trunc(p) {
		return strconv.FormatFloat(p, 'f', 0, 64)
	}
	return deDecimal(p, 1)
}

// parseThreshold reads a German percentage: "33", "33 %", "33,5%".
func parseThreshold(s string) (float64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	s = strings.Replace(s, ",", ".", 1)
	p, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(p) || p < 0 || p > 100 {
		return 0, errors.New("Bitte eine Prozentzahl zwischen 0 und 100 angeben, z. B. 33 oder 33 %.")
	}
	return math.Round(p*10) / 1000, nil
}

// parseFormDate reads a date field (TT.MM.JJJJ or JJJJ-MM-TT).
func parseFormDate(s string, required bool) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return time.Time{}, "Bitte ein Datum angeben (TT.MM.JJJJ)."
		}
		return time.Time{}, ""
	}
	t, err := campaigns.ParseDate(s)
	if err != nil {
		return time.Time{}, fmt.Sprintf("„%s“ ist kein Datum: bitte TT.MM.JJJJ angeben, z. B. 30.03.2026.", s)
	}
	return t, ""
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func forecastText(f campaigns.Forecast) string {
	switch {
	case f.Model == campaigns.ModelReached:
		return "Schwelle erreicht am " + f.Date.Format("02.01.2006")
	case f.Reachable:
		return "voraussichtlich erreicht am " + f.Date.Format("02.01.2006")
	}
	return "keine Prognose möglich"
}

// perWeek shows a pace in contracts per day as contracts per week (the
// table's header says the unit).
func perWeek(perDay float64) string {
	if math.IsInf(perDay, 0) || math.IsNaN(perDay) {
		return "–"
	}
	return deDecimal(perDay*7, 1)
}

// The snapshot in the hidden field base: what the person saw.

type campaignSnap struct {
	Name       string            `json:"n"`
	Provider   string            `json:"p"`
	Counting   string            `json:"c"`
	Threshold  float64           `json:"t"`
	Facilities bool              `json:"f"`
	SignupURL  string            `json:"u,omitempty"`
	Start      string            `json:"s"`
	Deadline   string            `json:"d"`
	Current    string            `json:"cd"`
	Extensions int               `json:"x"`
	Statuses   map[string]string `json:"st"` // area name → status
	Denoms     map[string]int    `json:"pd"` // area name → provider denominator
}

func snapOf(c *campaigns.Campaign) campaignSnap {
	s := campaignSnap{Name: c.Name, Provider: c.Provider, Counting: string(c.Counting), Threshold: c.Threshold,
		Facilities: c.CountFacilities, SignupURL: c.SignupURL, Start: isoDate(c.Start), Deadline: isoDate(c.Deadline),
		Current: isoDate(c.CurrentDeadline()), Extensions: len(c.Extensions), Statuses: map[string]string{}, Denoms: map[string]int{}}
	for _, a := range c.Areas {
		s.Statuses[a.AreaName] = string(a.Status)
		s.Denoms[a.AreaName] = a.ProviderDenominator
	}
	return s
}

func encodeSnap(c *campaigns.Campaign) string {
	b, _ := json.Marshal(snapOf(c))
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeSnap(s string) (campaignSnap, bool) {
	var out campaignSnap
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 16<<10 {
		return out, false
	}
	return out, json.Unmarshal(b, &out) == nil
}

func deDate(iso string) string {
	if t, err := time.Parse(time.DateOnly, iso); err == nil {
		return t.Format("02.01.2006")
	}
	return iso
}

// changes lists in German what differs between the snapshot the person
// saw and the campaign now.
func campaignChanges(was campaignSnap, now *campaigns.Campaign) []string {
	cur := snapOf(now)
	var out []string
	add := func(label, a, b string) {
		if a != b {
			out = append(out, fmt.Sprintf("%s: „%s“ → „%s“", label, a, b))
		}
	}
	add("Name", was.Name, cur.Name)
	add("Anbieter", was.Provider, cur.Provider)
	add("Gezählt werden", campaigns.Counting(was.Counting).German(), campaigns.Counting(cur.Counting).German())
	add("Schwelle", campaigns.Percent(was.Threshold), campaigns.Percent(cur.Threshold))
	yesNo := func(b bool) string {
		if b {
			return "ja"
		}
		return "nein"
	}
	add("Städtische Einrichtungen zählen mit", yesNo(was.Facilities), yesNo(cur.Facilities))
	add("Vertragsseite", was.SignupURL, cur.SignupURL)
	add("Beginn", deDate(was.Start), deDate(cur.Start))
	add("Ursprüngliche Frist", deDate(was.Deadline), deDate(cur.Deadline))
	if cur.Extensions > was.Extensions {
		x := now.Extensions[len(now.Extensions)-1]
		out = append(out, fmt.Sprintf("Verlängert bis %s (Grund: %s)", x.Deadline.Format("02.01.2006"), x.Reason))
	} else {
		add("Frist", deDate(was.Current), deDate(cur.Current))
	}
	denom := func(n int) string {
		if n == 0 {
			return "–"
		}
		return deInt(n)
	}
	for _, a := range now.Areas {
		if w, ok := was.Statuses[a.AreaName]; ok {
			add("Status "+a.AreaName, campaigns.Status(w).German(), a.Status.German())
		}
		if w, ok := was.Denoms[a.AreaName]; ok {
			add("Nenner laut Anbieter "+a.AreaName, denom(w), denom(a.ProviderDenominator))
		}
	}
	return out
}

// staleChanges is campaignChanges for a refused stale form: never empty.
func staleChanges(was campaignSnap, now *campaigns.Campaign) []string {
	if out := campaignChanges(was, now); len(out) > 0 {
		return out
	}
	return []string{"Die Kampagne wurde zwischenzeitlich gespeichert (ohne sichtbare Änderung der Angaben)."}
}

// campaignLabel names a campaign in the audit log.
func campaignLabel(c *campaigns.Campaign) string {
	return fmt.Sprintf("Kampagne %s (Nr. %d)", c.Name, c.ID)
}

// lastChangedBy finds who last changed campaign id, from the audit log.
func (o *office) lastChangedBy(c *gin.Context, id int64) string {
	es, err := o.users.Audit(c.Request.Context(), 200)
	if err != nil {
		return ""
	}
	tag := fmt.Sprintf("(Nr. %d)", id)
	for _, e := range es {
		if strings.HasPrefix(e.Action, "campaign_") && strings.Contains(e.Detail, tag) {
			return fmt.Sprintf("%s am %s", e.User, e.At.In(campaigns.Location).Format("02.01.2006 um 15:04"))
		}
	}
	return ""
}

// conflictMessage is the headline of a refused stale form.
func (o *office) conflictMessage(c *gin.Context, id int64) string {
	msg := "Die Kampagne wurde inzwischen geändert"
	if by := o.lastChangedBy(c, id); by != "" {
		msg += " (zuletzt von " + by + ")"
	}
	return msg + ". Nichts wurde gespeichert. Die Änderungen stehen unten; Ihre Eingaben sind erhalten – bitte prüfen Sie sie und speichern Sie erneut."
}

// formVersion reads the hidden version field; ok is false when it is
// missing or broken (the form is then incomplete: 400).
func (o *office) formVersion(c *gin.Context) (int, campaignSnap, bool) {
	v, err := strconv.Atoi(c.Request.PostFormValue("version"))
	if err != nil || v < 1 {
		o.errorPage(c, http.StatusBadRequest, "Das Formular ist unvollständig. Bitte laden Sie die Seite neu.")
		return 0, campaignSnap{}, false
	}
	snap, _ := decodeSnap(c.Request.PostFormValue("base"))
	return v, snap, true
}

// List.

type campaignListRow struct {
	ID          int64
	Name        string
	Provider    string
	Status      string
	StatusKey   string
	Counting    string
	Areas       string
	Quota       float64
	Threshold   float64
	Signed      string
	Target      string
	Start       time.Time
	Deadline    time.Time
	Extended    bool
	DaysLeft    int
	Active      bool
	Rating      string
	RatingKey   string
	LastEntry   time.Time
	HasEntry    bool
	ForecastTxt string
}

type campaignListPage struct {
	officePage
	Filter  municipalityFilter
	AsOf    time.Time
	Rows    []campaignListRow
	CanEdit bool
}

func (o *office) campaignList(c *gin.Context) {
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
	p := campaignListPage{officePage: o.page(c, "Kampagnen"), AsOf: campaigns.Today(o.s.now()), Filter: filter}
	p.CanEdit = p.User.Role.Can(campaigns.ActionEdit)
	for _, camp := range all {
		f, err := o.s.camps.Figures(ctx, camp, p.AsOf)
		if err != nil {
			o.fail(c, err)
			return
		}
		names := make([]string, len(camp.Areas))
		for i, a := range camp.Areas {
			names[i] = a.AreaName
		}
		t := f.Total
		st := make([]campaigns.Status, len(f.Areas))
		for i, a := range f.Areas {
			st[i] = a.Status
		}
		status := campaigns.OverallText(st)
		if t.DecisionDue {
			status += " – Entscheidung fällig"
		}
		p.Rows = append(p.Rows, campaignListRow{ID: camp.ID, Name: camp.Name, Provider: camp.Provider,
			Status: status, StatusKey: string(f.Status), Counting: camp.Counting.German(), Areas: strings.Join(names, ", "),
			Quota: t.Quota, Threshold: t.Threshold, Signed: deInt(t.Signed), Target: deInt(t.Target),
			Start: camp.Start, Deadline: f.Deadline, Extended: len(camp.Extensions) > 0, DaysLeft: t.DaysLeft, Active: f.Status.Active(),
			Rating: t.Rating.German(), RatingKey: string(t.Rating), LastEntry: t.LastEntry, HasEntry: !t.LastEntry.IsZero(),
			ForecastTxt: forecastText(t.Forecast)})
	}
	// Running campaigns first, then by start, newest first.
	slices.SortStableFunc(p.Rows, func(a, b campaignListRow) int {
		if a.Active != b.Active {
			if a.Active {
				return -1
			}
			return 1
		}
		return b.Start.Compare(a.Start)
	})
	o.render(c, http.StatusOK, "campaigns.html", p)
}

// Detail.

type figureRow struct {
	AreaID      int64
	Name        string
	Kind        string
	Status      string
	StatusKey   string
	Denominator string
	DenomNote   string
	Signed      string
	Facilities  int
	Quota       float64
	Threshold   float64
	Target      string
	Gap         string
	DaysLeft    string
	Pace        string
	RecentPace  string
	Forecast    string
	Rating      string
	RatingKey   string
	LastEntry   time.Time
}

func toFigureRow(f campaigns.AreaFigures, counting campaigns.Counting) figureRow {
	r := figureRow{AreaID: f.AreaID, Name: f.AreaName, Kind: f.AreaKind.German(), Status: f.Status.German(), StatusKey: string(f.Status),
		Denominator: deInt(f.Denominator), Signed: deInt(f.Signed), Facilities: f.Facilities, Quota: f.Quota, Threshold: f.Threshold,
		Target: deInt(f.Target), Gap: deInt(f.Needed), DaysLeft: "–", Pace: "–", RecentPace: perWeek(f.RecentPace),
		Forecast: forecastText(f.Forecast), Rating: f.Rating.German(), RatingKey: string(f.Rating), LastEntry: f.LastEntry}
	if f.AreaID == 0 {
		r.Kind = ""
	}
	if f.ProviderDenominator > 0 {
		r.DenomNote = fmt.Sprintf("Angabe des Anbieters; laut Adressdaten %s %s", deInt(f.OverlayDenominator), counting.German())
	}
	if f.Status.Active() || f.Status == campaigns.StatusPlanned {
		r.DaysLeft = strconv.Itoa(f.DaysLeft)
		if f.Needed > 0 {
			r.Pace = perWeek(f.PaceNeeded)
		}
	}
	return r
}

type historyItem struct {
	Date    time.Time
	Kind    string // "Zahl" or "Aktion"
	Area    string
	Text    string
	Comment string
	By      string
	At      time.Time
	Old     bool // superseded by a later entry for the same date
	order   int64
}

type selectOption struct {
	Value, Label string
	Selected     bool
}

type statusRow struct {
	AreaID  int64
	Area    string
	Current string
	Options []selectOption
	Error   string
}

type statusForm struct {
	Rows       []statusRow
	AllOptions []selectOption
	// On, Reason and Override date and justify the decision.
	On, Reason string
	Override   bool
	Message    string
}

type extendForm struct {
	Deadline, Decided, Reason string
	Errs                      map[string]string
	Message                   string
}

type outreachForm struct {
	Kinds   []selectOption
	Areas   []selectOption
	Date    string
	Title   string
	Errs    map[string]string
	Message string
}

type campaignPage struct {
	officePage
	Campaign   *campaigns.Campaign
	Status     string
	StatusKey  string
	Counting   string
	Threshold  float64
	AsOf       time.Time
	Past       bool // AsOf is a past day (?stand=): read-only
	Deadline   time.Time
	Rows       []figureRow
	Total      figureRow
	Multi      bool
	Extensions []campaigns.Extension
	History    []historyItem
	CanEdit    bool
	Version    int
	Base       string
	Notice     string
	Conflict   []string
	Message    string
	StatusF    statusForm
	ExtendF    extendForm
	OutreachF  outreachForm
}

// notices are the confirmations after a redirect (?gespeichert=…).
var notices = map[string]string{
	"neu":          "Die Kampagne wurde angelegt.",
	"bearbeitet":   "Die Änderungen wurden gespeichert.",
	"verlaengert":  "Die Verlängerung wurde gespeichert.",
	"status":       "Der Status wurde geändert.",
	"aktion":       "Die Aktion wurde eingetragen.",
	"unveraendert": "Keine Änderung: nichts wurde gespeichert.",
}

// campaignPageData builds the campaign page for camp with empty forms.
func (o *office) campaignPageData(c *gin.Context, camp *campaigns.Campaign) (*campaignPage, error) {
	ctx := c.Request.Context()
	today := campaigns.Today(o.s.now())
	asOf := today
	// ?stand=YYYY-MM-DD: the campaign as it stood that day, read-only.
	past := false
	if v := c.Query("stand"); v != "" {
		if d, err := campaigns.ParseDate(v); err == nil && d.Before(today) {
			asOf, past = campaigns.Day(d), true
		}
	}
	f, err := o.s.camps.Figures(ctx, camp, asOf)
	if err != nil {
		return nil, err
	}
	entries, err := o.s.camps.Store.Entries(ctx, camp.ID, 0)
	if err != nil {
		return nil, err
	}
	then := f.Campaign
	areaStatus := make([]campaigns.Status, len(f.Areas))
	for i, a := range f.Areas {
		areaStatus[i] = a.Status
	}
	p := &campaignPage{officePage: o.page(c, camp.Name), Campaign: camp, Status: campaigns.OverallText(areaStatus), StatusKey: string(f.Status),
		Counting: camp.Counting.German(), Threshold: then.Threshold, AsOf: asOf, Past: past, Deadline: f.Deadline, Multi: len(f.Areas) > 1,
		Extensions: then.Extensions, Version: camp.Version, Base: encodeSnap(camp)}
	p.CanEdit = p.User.Role.Can(campaigns.ActionEdit) && !past
	for _, a := range f.Areas {
		p.Rows = append(p.Rows, toFigureRow(a, camp.Counting))
	}
	p.Total = toFigureRow(f.Total, camp.Counting)
	p.Total.Name = "Gesamt"
	p.Total.Status = p.Status // how many areas are in which status

	names := map[int64]string{0: "alle Gebiete"}
	for _, a := range camp.Areas {
		names[a.AreaID] = a.AreaName
	}
	// The effective entry of each area and date is the one entered last.
	latest := map[string]int64{}
	for _, e := range entries {
		k := fmt.Sprintf("%d/%s", e.AreaID, isoDate(e.AsOf))
		latest[k] = max(latest[k], e.ID)
	}
	for _, e := range entries {
		text := deInt(e.Count) + " " + pluralDE(e.Count, "Vertrag", "Verträge")
		if e.Source != campaigns.SourceProvider && e.Source != "" {
			text += " (" + sourceGerman(e.Source) + ")"
		}
		p.History = append(p.History, historyItem{Date: e.AsOf, Kind: "Zahl", Area: names[e.AreaID], Text: text, Comment: e.Comment,
			By: e.EnteredBy, At: e.EnteredAt, Old: latest[fmt.Sprintf("%d/%s", e.AreaID, isoDate(e.AsOf))] != e.ID, order: e.ID})
	}
	for _, x := range f.Outreach {
		p.History = append(p.History, historyItem{Date: x.Date, Kind: "Aktion", Area: names[x.AreaID], Text: x.Kind.German() + ": " + x.Title,
			order: -x.ID})
	}
	corrected := map[int64]bool{}
	for _, x := range camp.Events {
		corrected[x.Corrects] = true
	}
	for _, x := range camp.Events {
		p.History = append(p.History, historyItem{Date: x.Effective, Kind: "Entscheidung", Area: names[x.AreaID],
			Text: x.German(), Comment: x.Reason, By: x.EnteredBy, At: x.EnteredAt, Old: corrected[x.ID], order: x.ID})
	}
	slices.SortStableFunc(p.History, func(a, b historyItem) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		switch {
		case a.order > b.order:
			return -1
		case a.order < b.order:
			return 1
		}
		return 0
	})
	if p.CanEdit {
		p.StatusF = newStatusForm(camp, nil, "")
		p.StatusF.On = isoDate(asOf)
		p.ExtendF = extendForm{Decided: isoDate(asOf), Errs: map[string]string{}}
		p.OutreachF = newOutreachForm(camp, "", "", "", isoDate(asOf))
	}
	return p, nil
}

func pluralDE(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func sourceGerman(s campaigns.Source) string {
	switch s {
	case campaigns.SourceManual:
		return "andere Quelle"
	case campaigns.SourceEstimate:
		return "Schätzung"
	}
	return "Anbieter"
}

// newStatusForm offers each area its legal next statuses (chosen: what
// the person picked, by area ID) and, for all areas together, the
// statuses every area may change to.
func newStatusForm(camp *campaigns.Campaign, chosen map[int64]string, all string) statusForm {
	var f statusForm
	var common []campaigns.Status
	for i, a := range camp.Areas {
		next := campaigns.NextStatuses(a.Status)
		row := statusRow{AreaID: a.AreaID, Area: a.AreaName, Current: a.Status.German(),
			Options: []selectOption{{Value: "", Label: "unverändert"}}}
		for _, s := range next {
			if s == a.Status {
				continue // extended → extended: that is an extension
			}
			row.Options = append(row.Options, selectOption{Value: string(s), Label: s.German(), Selected: chosen[a.AreaID] == string(s)})
		}
		f.Rows = append(f.Rows, row)
		// A status an area has already counts as possible for "all".
		ok := append(next, a.Status)
		if i == 0 {
			common = ok
			continue
		}
		common = slices.DeleteFunc(common, func(s campaigns.Status) bool { return !slices.Contains(ok, s) })
	}
	f.AllOptions = []selectOption{{Value: "", Label: "–"}}
	for _, s := range campaigns.Statuses {
		if slices.Contains(common, s) && slices.ContainsFunc(camp.Areas, func(a campaigns.CampaignArea) bool { return a.Status != s }) {
			f.AllOptions = append(f.AllOptions, selectOption{Value: string(s), Label: s.German(), Selected: all == string(s)})
		}
	}
	return f
}

func newOutreachForm(camp *campaigns.Campaign, kind, area, title, date string) outreachForm {
	f := outreachForm{Date: date, Title: title, Errs: map[string]string{}}
	for _, k := range campaigns.OutreachKinds {
		f.Kinds = append(f.Kinds, selectOption{Value: string(k), Label: k.German(), Selected: kind == string(k)})
	}
	f.Areas = []selectOption{{Value: "0", Label: "ganze Kampagne", Selected: area == "" || area == "0"}}
	for _, a := range camp.Areas {
		id := strconv.FormatInt(a.AreaID, 10)
		f.Areas = append(f.Areas, selectOption{Value: id, Label: a.AreaName, Selected: area == id})
	}
	return f
}

func (o *office) campaignDetail(c *gin.Context) {
	camp, ok := o.campaignParam(c)
	if !ok {
		return
	}
	p, err := o.campaignPageData(c, camp)
	if err != nil {
		o.fail(c, err)
		return
	}
	p.Notice = notices[c.Query("gespeichert")]
	o.render(c, http.StatusOK, "campaign.html", p)
}

// reloadStale reads the campaign again after a conflict.
func (o *office) reloadStale(c *gin.Context, id int64) (*campaigns.Campaign, bool) {
	fresh, err := o.s.camps.Store.Campaign(c.Request.Context(), id)
	if err != nil {
		o.fail(c, err)
		return nil, false
	}
	return fresh, true
}

// Extension.

func (o *office) extendCampaign(c *gin.Context) {
	camp, ok := o.campaignParam(c)
	if !ok {
		return
	}
	version, snap, ok := o.formVersion(c)
	if !ok {
		return
	}
	u, _ := currentUser(c)
	form := extendForm{Deadline: strings.TrimSpace(c.Request.PostFormValue("deadline")), Decided: strings.TrimSpace(c.Request.PostFormValue("decided")),
		Reason: strings.TrimSpace(c.Request.PostFormValue("reason")), Errs: map[string]string{}}
	deadline, msg := parseFormDate(form.Deadline, true)
	if msg != "" {
		form.Errs["deadline"] = msg
	} else if form.Deadline = isoDate(deadline); !deadline.After(camp.CurrentDeadline()) {
		form.Errs["deadline"] = fmt.Sprintf("Die neue Frist muss nach der bisherigen (%s) liegen.", camp.CurrentDeadline().Format("02.01.2006"))
	}
	decided, msg := parseFormDate(form.Decided, true)
	if msg != "" {
		form.Errs["decided"] = msg
	} else if form.Decided = isoDate(decided); decided.After(campaigns.Today(o.s.now())) {
		form.Errs["decided"] = "Das Datum der Entscheidung darf nicht in der Zukunft liegen."
	}
	if form.Reason == "" {
		form.Errs["reason"] = "Bitte einen Grund angeben."
	} else if len([]rune(form.Reason)) > 500 {
		form.Errs["reason"] = "Der Grund ist zu lang (höchstens 500 Zeichen)."
	}
	show := func(status int, shown *campaigns.Campaign, conflict []string, message string) {
		p, err := o.campaignPageData(c, shown)
		if err != nil {
			o.fail(c, err)
			return
		}
		form.Message = message
		p.ExtendF, p.Conflict = form, conflict
		if conflict != nil {
			p.Message = o.conflictMessage(c, shown.ID)
		}
		o.render(c, status, "campaign.html", p)
	}
	if version != camp.Version {
		show(http.StatusConflict, camp, staleChanges(snap, camp), "")
		return
	}
	if len(form.Errs) > 0 {
		show(http.StatusUnprocessableEntity, camp, nil, "Nichts wurde gespeichert: bitte die markierten Felder korrigieren.")
		return
	}
	camp.Version = version
	saved, err := o.s.camps.Extend(c.Request.Context(), camp, deadline, campaigns.Decision{On: decided, By: u.Name, Reason: form.Reason})
	switch code := geo.ErrorCode(err); {
	case err == nil:
		o.audit(c, u.Name, campaigns.AuditCampaignExtend, fmt.Sprintf("%s: Frist %s → %s, entschieden am %s, Grund: %s", campaignLabel(saved),
			camp.CurrentDeadline().Format("02.01.2006"), deadline.Format("02.01.2006"), decided.Format("02.01.2006"), form.Reason))
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/buero/kampagnen/%d?gespeichert=verlaengert", camp.ID))
	case code == geo.ECONFLICT:
		if fresh, ok := o.reloadStale(c, camp.ID); ok {
			show(http.StatusConflict, fresh, staleChanges(snap, fresh), "")
		}
	case code == geo.EINVALID:
		show(http.StatusUnprocessableEntity, camp, nil, geo.ErrorMessage(err))
	default:
		o.fail(c, err)
	}
}

// Status.

func (o *office) setCampaignStatus(c *gin.Context) {
	camp, ok := o.campaignParam(c)
	if !ok {
		return
	}
	version, snap, ok := o.formVersion(c)
	if !ok {
		return
	}
	u, _ := currentUser(c)
	chosen := map[int64]string{}
	to := map[int64]campaigns.Status{}
	all := strings.TrimSpace(c.Request.PostFormValue("status_all"))
	var bad string
	onText := strings.TrimSpace(c.Request.PostFormValue("status_on"))
	dec := campaigns.Decision{By: u.Name, Reason: strings.TrimSpace(c.Request.PostFormValue("status_reason")),
		Override: c.Request.PostFormValue("status_override") != ""}
	if onText != "" {
		on, err := time.Parse(time.DateOnly, onText)
		if err != nil {
			bad = fmt.Sprintf("„%s“ ist kein Datum.", onText)
		}
		dec.On = on
	}
	for _, a := range camp.Areas {
		v := strings.TrimSpace(c.Request.PostFormValue("status_" + strconv.FormatInt(a.AreaID, 10)))
		if all != "" {
			v = all
		}
		if v == "" {
			continue
		}
		st, err := campaigns.ParseStatus(v)
		if err != nil {
			bad = fmt.Sprintf("Unbekannter Status „%s“.", v)
			continue
		}
		chosen[a.AreaID] = v
		if st != a.Status {
			to[a.AreaID] = st
		}
	}
	show := func(status int, shown *campaigns.Campaign, rowErrs map[int64]string, conflict []string, message string) {
		p, err := o.campaignPageData(c, shown)
		if err != nil {
			o.fail(c, err)
			return
		}
		p.StatusF = newStatusForm(shown, chosen, all)
		p.StatusF.On, p.StatusF.Reason, p.StatusF.Override = onText, dec.Reason, dec.Override
		for i := range p.StatusF.Rows {
			p.StatusF.Rows[i].Error = rowErrs[p.StatusF.Rows[i].AreaID]
		}
		p.StatusF.Message, p.Conflict = message, conflict
		if conflict != nil {
			p.Message = o.conflictMessage(c, shown.ID)
		}
		o.render(c, status, "campaign.html", p)
	}
	if version != camp.Version {
		show(http.StatusConflict, camp, nil, staleChanges(snap, camp), "")
		return
	}
	if bad != "" {
		show(http.StatusUnprocessableEntity, camp, nil, nil, bad+" Nichts wurde gespeichert.")
		return
	}
	if len(to) == 0 {
		show(http.StatusUnprocessableEntity, camp, nil, nil, "Nichts wurde gespeichert: kein neuer Status gewählt.")
		return
	}
	camp.Version = version
	saved, err := o.s.camps.SetStatuses(c.Request.Context(), camp, to, dec)
	var stErrs *campaigns.StatusErrors
	switch {
	case err == nil:
		var parts []string
		for _, a := range camp.Areas {
			if st, ok := to[a.AreaID]; ok {
				parts = append(parts, fmt.Sprintf("%s: %s → %s", a.AreaName, a.Status.German(), st.German()))
			}
		}
		o.audit(c, u.Name, campaigns.AuditCampaignStatus, campaignLabel(saved)+": "+strings.Join(parts, ", "))
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/buero/kampagnen/%d?gespeichert=status", camp.ID))
	case errors.As(err, &stErrs):
		show(http.StatusUnprocessableEntity, camp, stErrs.Areas, nil, "Nichts wurde gespeichert: "+stErrs.Error())
	case geo.ErrorCode(err) == geo.ECONFLICT:
		if fresh, ok := o.reloadStale(c, camp.ID); ok {
			show(http.StatusConflict, fresh, nil, staleChanges(snap, fresh), "")
		}
	case geo.ErrorCode(err) == geo.EINVALID:
		show(http.StatusUnprocessableEntity, camp, nil, nil, geo.ErrorMessage(err))
	default:
		o.fail(c, err)
	}
}

// Outreach events.

func (o *office) addOutreach(c *gin.Context) {
	camp, ok := o.campaignParam(c)
	if !ok {
		return
	}
	u, _ := currentUser(c)
	kind := strings.TrimSpace(c.Request.PostFormValue("kind"))
	area := strings.TrimSpace(c.Request.PostFormValue("area"))
	title := strings.TrimSpace(c.Request.PostFormValue("title"))
	date := strings.TrimSpace(c.Request.PostFormValue("date"))
	form := newOutreachForm(camp, kind, area, title, date)
	k, err := campaigns.ParseOutreachKind(kind)
	if err != nil {
		form.Errs["kind"] = "Bitte eine Art wählen."
	}
	d, msg := parseFormDate(date, true)
	if msg != "" {
		form.Errs["date"] = msg
	} else {
		form.Date = isoDate(d)
	}
	if title == "" {
		form.Errs["title"] = "Bitte einen Titel angeben, z. B. „Infoabend in der Festhalle“."
	} else if len([]rune(title)) > 200 {
		form.Errs["title"] = "Der Titel ist zu lang (höchstens 200 Zeichen)."
	}
	areaID, err := strconv.ParseInt(cmp.Or(area, "0"), 10, 64)
	if err != nil || (areaID != 0 && !slices.ContainsFunc(camp.Areas, func(a campaigns.CampaignArea) bool { return a.AreaID == areaID })) {
		form.Errs["area"] = "Bitte ein Gebiet der Kampagne wählen."
	}
	show := func(status int, message string) {
		p, err := o.campaignPageData(c, camp)
		if err != nil {
			o.fail(c, err)
			return
		}
		form.Message = message
		p.OutreachF = form
		o.render(c, status, "campaign.html", p)
	}
	if len(form.Errs) > 0 {
		show(http.StatusUnprocessableEntity, "Nichts wurde gespeichert: bitte die markierten Felder korrigieren.")
		return
	}
	ev, err := o.s.camps.AddOutreach(c.Request.Context(), camp, campaigns.Outreach{AreaID: areaID, Date: d, Kind: k, Title: title})
	switch geo.ErrorCode(err) {
	case "":
		where := "ganze Kampagne"
		for _, a := range camp.Areas {
			if a.AreaID == areaID {
				where = a.AreaName
			}
		}
		o.audit(c, u.Name, campaigns.AuditOutreach, fmt.Sprintf("%s: %s am %s (%s): %s", campaignLabel(camp), ev.Kind.German(),
			ev.Date.Format("02.01.2006"), where, ev.Title))
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/buero/kampagnen/%d?gespeichert=aktion", camp.ID))
	case geo.EINVALID:
		show(http.StatusUnprocessableEntity, geo.ErrorMessage(err))
	default:
		o.fail(c, err)
	}
}

// Create and edit.

type areaChoice struct {
	ID      int64
	Name    string
	Kind    string // singular, German
	Detail  string
	Checked bool
	// Municipality is the ID of the area's municipality (0: none).
	Municipality int64
}

type areaGroup struct {
	Kind  string
	Areas []areaChoice
}

type campaignFormPage struct {
	officePage
	Campaign       *campaigns.Campaign // nil: a new campaign
	Action         string
	Provider       string
	Name           string
	Counting       string
	Countings      []selectOption
	Threshold      string
	Facilities     bool
	SignupURL      string
	Start          string
	Deadline       string
	DeadlineLocked bool
	AreaGroups     []areaGroup
	Denoms         []denomRow
	Errs           map[string]string
	Message        string
	Conflict       []string
	Version        int
	Base           string
}

// denomRow is an area's provider denominator in the edit form.
type denomRow struct {
	AreaID  int64
	Area    string
	Value   string
	Overlay string // what the address data say
	Error   string
}

func countingOptions(chosen string) []selectOption {
	var out []selectOption
	for _, c := range []campaigns.Counting{campaigns.CountHouseholds, campaigns.CountBusinesses, campaigns.CountBuildings} {
		out = append(out, selectOption{Value: string(c), Label: c.German(), Selected: chosen == string(c)})
	}
	return out
}

// areaGroups lists the areas (not the municipalities) the scope sees, by
// kind and, when it sees several municipalities, by municipality too.
func (o *office) areaGroups(c *gin.Context, sc *scope, checked map[int64]bool) ([]areaGroup, error) {
	areas, err := o.s.store.Areas(c.Request.Context(), "")
	if err != nil {
		return nil, err
	}
	munis := []geo.Area{{}}
	if sc.countyWide() {
		munis = append(munis, sc.municipalities()...)
	} else {
		munis = []geo.Area{sc.muni}
	}
	var out []areaGroup
	for _, m := range munis {
		for _, kind := range []geo.AreaKind{geo.KindDistrict, geo.KindZone, geo.KindBuildArea} {
			g := areaGroup{Kind: kindPlural(kind)}
			if m.ID != 0 && len(munis) > 2 {
				g.Kind += " – " + m.Name
			}
			for _, a := range areas {
				if a.Kind == kind && a.Municipality == m.ID {
					g.Areas = append(g.Areas, areaChoice{ID: a.ID, Name: a.Name, Kind: a.Kind.German(), Checked: checked[a.ID], Municipality: a.Municipality,
						Detail: fmt.Sprintf("%s Haushalte, %s Unternehmen, %s Adressen", deInt(a.Households), deInt(a.Businesses), deInt(a.Addresses))})
				}
			}
			if len(g.Areas) > 0 {
				out = append(out, g)
			}
		}
	}
	return out, nil
}

func kindPlural(k geo.AreaKind) string {
	switch k {
	case geo.KindDistrict:
		return "Ortsteile"
	case geo.KindZone:
		return "Gewerbegebiete"
	case geo.KindBuildArea:
		return "Ausbaugebiete"
	}
	return k.German()
}

func (o *office) newCampaignForm(c *gin.Context) {
	sc := o.requestScope(c)
	if sc == nil {
		return
	}
	groups, err := o.areaGroups(c, sc, nil)
	if err != nil {
		o.fail(c, err)
		return
	}
	today := campaigns.Today(o.s.now())
	p := campaignFormPage{officePage: o.page(c, "Neue Kampagne"), Action: "/buero/kampagnen", Counting: string(campaigns.CountHouseholds),
		Countings: countingOptions(string(campaigns.CountHouseholds)), Threshold: "33", Start: isoDate(today),
		Deadline: isoDate(today.AddDate(0, 0, 7*12)), AreaGroups: groups, Errs: map[string]string{}}
	o.render(c, http.StatusOK, "campaign_form.html", p)
}

// readCampaignFields reads and checks the fields create and edit share.
func readCampaignFields(c *gin.Context, p *campaignFormPage) campaigns.CampaignEdit {
	form := c.Request.PostForm
	p.Provider, p.Name = strings.TrimSpace(form.Get("provider")), strings.TrimSpace(form.Get("name"))
	p.Counting, p.Threshold = form.Get("counting"), strings.TrimSpace(form.Get("threshold"))
	p.Facilities = form.Get("facilities") == "1"
	p.SignupURL = strings.TrimSpace(form.Get("signup_url"))
	p.Start, p.Deadline = strings.TrimSpace(form.Get("start")), strings.TrimSpace(form.Get("deadline"))
	p.Countings = countingOptions(p.Counting)
	e := campaigns.CampaignEdit{Provider: p.Provider, Name: p.Name, CountFacilities: p.Facilities, SignupURL: p.SignupURL}
	if err := campaigns.CheckSignupURL(p.SignupURL); err != nil {
		p.Errs["signup_url"] = geo.ErrorMessage(err)
	}
	switch {
	case p.Provider == "":
		p.Errs["provider"] = "Bitte den Anbieter angeben."
	case len([]rune(p.Provider)) > 100:
		p.Errs["provider"] = "Höchstens 100 Zeichen."
	}
	switch {
	case p.Name == "":
		p.Errs["name"] = "Bitte einen Namen angeben."
	case len([]rune(p.Name)) > 100:
		p.Errs["name"] = "Höchstens 100 Zeichen."
	}
	var err error
	if e.Counting, err = campaigns.ParseCounting(p.Counting); err != nil || p.Counting == "" {
		p.Errs["counting"] = "Bitte wählen, was gezählt wird."
	}
	if e.Threshold, err = parseThreshold(p.Threshold); err != nil {
		p.Errs["threshold"] = err.Error()
	}
	var msg string
	if e.Start, msg = parseFormDate(p.Start, true); msg != "" {
		p.Errs["start"] = msg
	} else {
		p.Start = isoDate(e.Start)
	}
	if e.Deadline, msg = parseFormDate(p.Deadline, true); msg != "" {
		p.Errs["deadline"] = msg
	} else if p.Deadline = isoDate(e.Deadline); p.Errs["start"] == "" && !e.Deadline.After(e.Start) {
		p.Errs["deadline"] = "Die Frist muss nach dem Beginn liegen."
	}
	return e
}

func (o *office) createCampaign(c *gin.Context) {
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	p := campaignFormPage{officePage: o.page(c, "Neue Kampagne"), Action: "/buero/kampagnen", Errs: map[string]string{}}
	e := readCampaignFields(c, &p)
	checked := map[int64]bool{}
	for _, v := range c.Request.PostForm["area"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			o.errorPage(c, http.StatusBadRequest, "Das Formular ist unvollständig. Bitte laden Sie die Seite neu.")
			return
		}
		checked[id] = true
	}
	sc := o.requestScope(c)
	if sc == nil {
		return
	}
	var err error
	if p.AreaGroups, err = o.areaGroups(c, sc, checked); err != nil {
		o.fail(c, err)
		return
	}
	var names []string
	munis := map[int64]bool{}
	for _, g := range p.AreaGroups {
		for _, a := range g.Areas {
			if a.Checked {
				names = append(names, a.Name)
				munis[a.Municipality] = true
			}
		}
	}
	var muni int64
	for m := range munis {
		muni = m
	}
	for id := range checked {
		if _, ok := sc.byID[id]; ok && !sc.area(id) {
			o.forbidOther(c, "Das gewählte Gebiet")
			return
		}
	}
	switch {
	case len(names) < len(checked):
		p.Errs["areas"] = "Ein gewähltes Gebiet gibt es nicht mehr. Bitte prüfen Sie die Auswahl."
	case len(names) == 0:
		p.Errs["areas"] = "Bitte mindestens ein Gebiet wählen."
	case len(munis) > 1:
		p.Errs["areas"] = "Die gewählten Gebiete liegen in verschiedenen Gemeinden: eine Kampagne gilt in einer Gemeinde."
	}
	if p.Errs["name"] == "" {
		if _, err := o.s.camps.Store.CampaignByName(ctx, p.Name); err == nil {
			p.Errs["name"] = fmt.Sprintf("Es gibt schon eine Kampagne „%s“. Bitte einen anderen Namen wählen.", p.Name)
		} else if geo.ErrorCode(err) != geo.ENOTFOUND {
			o.fail(c, err)
			return
		}
	}
	if len(p.Errs) > 0 {
		p.Message = "Nichts wurde gespeichert: bitte die markierten Felder korrigieren."
		o.render(c, http.StatusUnprocessableEntity, "campaign_form.html", p)
		return
	}
	n := campaigns.NewCampaign{Provider: e.Provider, Name: e.Name, Areas: names, Threshold: e.Threshold,
		Counting: e.Counting, CountFacilities: e.CountFacilities, SignupURL: e.SignupURL, Start: e.Start, Deadline: e.Deadline}
	if muni != 0 {
		n.Municipality = municipalityKey(sc.byID[muni])
		auditIn(c, muni)
	}
	camp, err := o.s.camps.Create(ctx, n)
	switch code := geo.ErrorCode(err); code {
	case "":
		o.audit(c, u.Name, campaigns.AuditCampaignCreate, fmt.Sprintf("%s: Anbieter %s, %s, Schwelle %s, %s bis %s, Gebiete: %s",
			campaignLabel(camp), camp.Provider, camp.Counting.German(), campaigns.Percent(camp.Threshold),
			camp.Start.Format("02.01.2006"), camp.Deadline.Format("02.01.2006"), strings.Join(names, ", ")))
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/buero/kampagnen/%d?gespeichert=neu", camp.ID))
	case geo.EINVALID, geo.ECONFLICT, geo.ENOTFOUND:
		p.Message = "Nichts wurde gespeichert: " + geo.ErrorMessage(err)
		o.render(c, http.StatusUnprocessableEntity, "campaign_form.html", p)
	default:
		o.fail(c, err)
	}
}

// editPage fills the edit form from camp.
func (o *office) editPage(c *gin.Context, camp *campaigns.Campaign) (campaignFormPage, error) {
	p := campaignFormPage{officePage: o.page(c, "Kampagne bearbeiten: "+camp.Name), Campaign: camp,
		Action: fmt.Sprintf("/buero/kampagnen/%d/bearbeiten", camp.ID), Provider: camp.Provider, Name: camp.Name,
		Counting: string(camp.Counting), Countings: countingOptions(string(camp.Counting)), Threshold: dePercentInput(camp.Threshold),
		Facilities: camp.CountFacilities, SignupURL: camp.SignupURL, Start: isoDate(camp.Start), Deadline: isoDate(camp.Deadline),
		DeadlineLocked: len(camp.Extensions) > 0, Errs: map[string]string{}, Version: camp.Version, Base: encodeSnap(camp)}
	for _, a := range camp.Areas {
		d, err := o.s.camps.Store.Denominators(c.Request.Context(), camp.ID, a.AreaID, a.BuildAreaID)
		if err != nil {
			return p, err
		}
		row := denomRow{AreaID: a.AreaID, Area: a.AreaName, Overlay: deInt(d.Of(camp.Counting)) + " " + camp.Counting.German()}
		if a.ProviderDenominator > 0 {
			row.Value = strconv.Itoa(a.ProviderDenominator)
		}
		p.Denoms = append(p.Denoms, row)
	}
	return p, nil
}

// readDenoms reads the provider denominators of the edit form (empty: none).
func readDenoms(c *gin.Context, p *campaignFormPage) map[int64]int {
	out := map[int64]int{}
	for i := range p.Denoms {
		r := &p.Denoms[i]
		r.Value = strings.TrimSpace(c.Request.PostFormValue("denom_" + strconv.FormatInt(r.AreaID, 10)))
		if r.Value == "" {
			out[r.AreaID] = 0
			continue
		}
		n, err := parseCount(r.Value)
		if err != nil {
			r.Error = err.Error()
			p.Errs["denom"] = r.Error
			continue
		}
		out[r.AreaID] = n
	}
	return out
}

func (o *office) editCampaignForm(c *gin.Context) {
	camp, ok := o.campaignParam(c)
	if !ok {
		return
	}
	p, err := o.editPage(c, camp)
	if err != nil {
		o.fail(c, err)
		return
	}
	o.render(c, http.StatusOK, "campaign_form.html", p)
}

func (o *office) updateCampaign(c *gin.Context) {
	camp, ok := o.campaignParam(c)
	if !ok {
		return
	}
	version, snap, ok := o.formVersion(c)
	if !ok {
		return
	}
	u, _ := currentUser(c)
	p, err := o.editPage(c, camp)
	if err != nil {
		o.fail(c, err)
		return
	}
	e := readCampaignFields(c, &p)
	e.ProviderDenominators = readDenoms(c, &p)
	if p.DeadlineLocked {
		// The field is read-only after an extension: keep the stored date.
		e.Deadline, p.Deadline = camp.Deadline, isoDate(camp.Deadline)
		delete(p.Errs, "deadline")
	}
	if version != camp.Version {
		o.staleEdit(c, camp, snap)
		return
	}
	if len(p.Errs) > 0 {
		p.Message = "Nichts wurde gespeichert: bitte die markierten Felder korrigieren."
		o.render(c, http.StatusUnprocessableEntity, "campaign_form.html", p)
		return
	}
	before := snapOf(camp)
	// An unchanged form saves nothing (and keeps the version).
	next := *camp
	next.Areas = slices.Clone(camp.Areas)
	next.Provider, next.Name, next.Counting, next.Threshold, next.CountFacilities = e.Provider, e.Name, e.Counting, e.Threshold, e.CountFacilities
	next.SignupURL = e.SignupURL
	next.Start, next.Deadline = campaigns.Day(e.Start), campaigns.Day(e.Deadline)
	for i := range next.Areas {
		next.Areas[i].ProviderDenominator = e.ProviderDenominators[next.Areas[i].AreaID]
	}
	if len(campaignChanges(before, &next)) == 0 {
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/buero/kampagnen/%d?gespeichert=unveraendert", camp.ID))
		return
	}
	saved, err := o.s.camps.Update(c.Request.Context(), camp, e)
	switch code := geo.ErrorCode(err); {
	case err == nil:
		if diff := campaignChanges(before, saved); len(diff) > 0 {
			o.audit(c, u.Name, campaigns.AuditCampaignEdit, campaignLabel(saved)+": "+strings.Join(diff, "; "))
		}
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/buero/kampagnen/%d?gespeichert=bearbeitet", camp.ID))
	case errors.Is(err, campaigns.ErrNameTaken):
		p.Errs["name"] = geo.ErrorMessage(err)
		p.Message = "Nichts wurde gespeichert: bitte die markierten Felder korrigieren."
		o.render(c, http.StatusUnprocessableEntity, "campaign_form.html", p)
	case code == geo.ECONFLICT:
		if fresh, ok := o.reloadStale(c, camp.ID); ok {
			o.staleEdit(c, fresh, snap)
		}
	case code == geo.EINVALID:
		p.Message = "Nichts wurde gespeichert: " + geo.ErrorMessage(err)
		o.render(c, http.StatusUnprocessableEntity, "campaign_form.html", p)
	default:
		o.fail(c, err)
	}
}

// staleEdit refuses an edit form based on an old version with 409. The
// form shown again is the current campaign with the person's own changes
// on top: a field they changed against the snapshot of what they saw
// keeps their input, every other field shows the current value, and a
// field both changed is marked. Saving it again then changes only what
// the person meant to change.
func (o *office) staleEdit(c *gin.Context, cur *campaigns.Campaign, snap campaignSnap) {
	p, err := o.editPage(c, cur)
	if err != nil {
		o.fail(c, err)
		return
	}
	in := p
	in.Errs, in.Denoms = map[string]string{}, slices.Clone(p.Denoms)
	e := readCampaignFields(c, &in)
	den := readDenoms(c, &in)
	p.Conflict, p.Message = staleChanges(snap, cur), o.conflictMessage(c, cur.ID)
	if snap.Statuses == nil {
		// No snapshot of what the person saw: keep all of the input.
		in.Conflict, in.Message = p.Conflict, p.Message
		o.render(c, http.StatusConflict, "campaign_form.html", in)
		return
	}
	now := snapOf(cur)
	yesNo := func(b bool) string {
		if b {
			return "ja"
		}
		return "nein"
	}
	// merge takes the person's input for a field they changed (or got
	// wrong) and marks it when the field changed meanwhile too.
	merge := func(key, mine, was, current, shown string, take func()) {
		if msg := in.Errs[key]; msg != "" {
			take()
			p.Errs[key] = msg
			return
		}
		if mine == was {
			return
		}
		take()
		if current != was {
			p.Errs[key] = fmt.Sprintf("Auch inzwischen geändert: jetzt „%s“. Beim Speichern gilt Ihre Eingabe.", shown)
		}
	}
	merge("provider", e.Provider, snap.Provider, now.Provider, now.Provider, func() { p.Provider = in.Provider })
	merge("name", e.Name, snap.Name, now.Name, now.Name, func() { p.Name = in.Name })
	merge("counting", string(e.Counting), snap.Counting, now.Counting, cur.Counting.German(), func() {
		p.Counting, p.Countings = in.Counting, in.Countings
	})
	merge("threshold", dePercentInput(e.Threshold), dePercentInput(snap.Threshold), dePercentInput(now.Threshold),
		campaigns.Percent(cur.Threshold), func() { p.Threshold = in.Threshold })
	merge("facilities", yesNo(e.CountFacilities), yesNo(snap.Facilities), yesNo(now.Facilities), yesNo(now.Facilities),
		func() { p.Facilities = in.Facilities })
	merge("signup_url", e.SignupURL, snap.SignupURL, now.SignupURL, now.SignupURL, func() { p.SignupURL = in.SignupURL })
	merge("start", isoDate(e.Start), snap.Start, now.Start, deDate(now.Start), func() { p.Start = in.Start })
	if !p.DeadlineLocked {
		merge("deadline", isoDate(e.Deadline), snap.Deadline, now.Deadline, deDate(now.Deadline), func() { p.Deadline = in.Deadline })
	}
	for i := range p.Denoms {
		r, mine := &p.Denoms[i], in.Denoms[i]
		was, seen := snap.Denoms[r.Area]
		if mine.Error != "" {
			r.Value, r.Error = mine.Value, mine.Error
			continue
		}
		if !seen || den[r.AreaID] == was {
			continue
		}
		r.Value = mine.Value
		if now.Denoms[r.Area] != was {
			r.Error = fmt.Sprintf("Auch inzwischen geändert: jetzt „%s“. Beim Speichern gilt Ihre Eingabe.", deInt(now.Denoms[r.Area]))
		}
	}
	o.render(c, http.StatusConflict, "campaign_form.html", p)
}
