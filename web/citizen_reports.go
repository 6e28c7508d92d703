package web

// Citizens report a problem: "Angabe falsch? Adresse fehlt?"
//
//	GET  /meldung?adresse={id}[&lon=&lat=]   the form (the address, or a typed one)
//	POST /meldung                            stores the report, then 303 to …
//	GET  /meldung/danke?nr={id}              the receipt
//
// No login, no personal data required (the e-mail field is optional), no
// JavaScript and no third-party captcha. Instead of a captcha, three
// cheap checks: a signed double-submit token (cookie + form field, as the
// login form) that also carries when the form was served, so that a form
// sent sooner than ReportMinAge after it was served is shown again rather
// than stored; a honeypot field hidden by the stylesheet, which people do
// not see and bots fill in (such a report is answered as if stored, and
// dropped); and a rate limit per client address (RateLimits.ReportsPerHour).

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

const (
	reportCSRFCookie = "gigaplan_report_csrf"
	reportCSRFSecret = "report-csrf"
	reportFormMaxAge = 12 * time.Hour
	// DefaultReportMinAge is how long the report form must be open before
	// it is sent.
	DefaultReportMinAge = 3 * time.Second
	// reportHoneypot is the form field people never see.
	reportHoneypot = "website"
	// formAgain is the status of the form shown again with a message (a
	// field to correct, or sent too fast): 200, not 422, because Chromium
	// logs every 4xx document as a console error, and the citizens' pages
	// keep the console clean (browser_test.go).
	formAgain = http.StatusOK
)

// reportForm is the report form's page.
type reportForm struct {
	*pageData
	CSRF      string
	Kinds     []reportKindOption
	AddressID int64
	AddrText  string
	// Position offered with the report (the address's, or a map click's).
	HasPos   bool
	Lon, Lat string
	PosText  string
	SendPos  bool
	Text     string
	Email    string
	MaxText  int
	MaxLabel string // MaxText as the page's language writes it
	Message  string // what went wrong, German or English
	Field    string // the field it concerns: kind, address, text, email
	Number   int64  // the receipt's report number
	Received bool
}

type reportKindOption struct {
	Value, Label string
	Checked      bool
}

// citizenReports serves the report form.
type citizenReports struct {
	h      *citizen
	store  campaigns.CitizenReportStore
	page   *template.Template
	minAge time.Duration

	keyMu sync.Mutex
	key   []byte
}

func (h *citizen) reportRoutes(r *gin.Engine) {
	if h.s.cfg.Reports == nil {
		return
	}
	cr := &citizenReports{h: h, store: h.s.cfg.Reports, minAge: h.s.cfg.ReportMinAge}
	if cr.minAge == 0 {
		cr.minAge = DefaultReportMinAge
	}
	var err error
	if cr.page, err = parseTemplates(h.assets, "report.html"); err != nil {
		panic(err) // embedded: a broken build
	}
	g := r.Group("/meldung", limitBody(maxFormBody))
	g.GET("", cr.form)
	g.POST("", cr.submit)
	g.GET("/danke", cr.thanks)
}

// reportT translates the report pages' strings, then the citizens' page's.
func reportT(lang, key string) string {
	if s, ok := reportMessages[lang][key]; ok {
		return s
	}
	if s, ok := reportMessages[langDE][key]; ok {
		return s
	}
	return translate(lang, key)
}

// formKey returns the key that signs the form tokens: the installation's
// secret when there is a user store (shared by every instance), else one
// made for this process.
func (cr *citizenReports) formKey(ctx context.Context) ([]byte, error) {
	cr.keyMu.Lock()
	defer cr.keyMu.Unlock()
	if cr.key != nil {
		return cr.key, nil
	}
	if cr.h.s.users != nil {
		k, err := cr.h.s.users.Secret(ctx, reportCSRFSecret)
		if err != nil {
			return nil, err
		}
		cr.key = k
		return k, nil
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("web: report form key: %w", err)
	}
	cr.key = k
	return k, nil
}

// signReport and checkReportToken are reportSigner's (csrf.go).
func signReport(key []byte, at time.Time, nonce string) string {
	return reportSigner.sign(key, at, nonce)
}

func checkReportToken(key []byte, tok string, now time.Time) (time.Duration, bool) {
	return reportSigner.check(key, tok, now)
}

// token returns the form's token: the browser's when it is valid (so that
// a form shown again keeps its age), else a new one in a new cookie. The
// time check uses the wall clock: it is about seconds, not the office's
// day.
func (cr *citizenReports) token(c *gin.Context) (string, error) {
	key, err := cr.formKey(c.Request.Context())
	if err != nil {
		return "", err
	}
	if ck, err := c.Request.Cookie(reportCSRFCookie); err == nil {
		if age, ok := checkReportToken(key, ck.Value, time.Now()); ok && age < reportFormMaxAge/2 {
			return ck.Value, nil
		}
	}
	nonce, err := newToken()
	if err != nil {
		return "", err
	}
	tok := signReport(key, time.Now(), nonce)
	http.SetCookie(c.Writer, &http.Cookie{Name: reportCSRFCookie, Value: tok, Path: "/meldung", HttpOnly: true,
		MaxAge: int(reportFormMaxAge / time.Second), SameSite: http.SameSiteStrictMode, Secure: isHTTPS(c.Request)})
	return tok, nil
}

// newForm is the empty form, with the address of ?adresse= and the
// position of ?lon=&lat= when given.
func (cr *citizenReports) newForm(c *gin.Context) (*reportForm, error) {
	d := cr.h.data(c, "")
	f := &reportForm{pageData: d, MaxText: campaigns.MaxReportText, SendPos: true, MaxLabel: campaigns.Thousands(campaigns.MaxReportText)}
	if d.Lang == langEN {
		f.MaxLabel = strings.ReplaceAll(f.MaxLabel, ".", ",")
	}
	d.Title = reportT(d.Lang, "report.title") + " – " + siteTitle(d)
	tok, err := cr.token(c)
	if err != nil {
		return nil, err
	}
	f.CSRF = tok
	return f, nil
}

// withAddress fills the form's address from its ID; an unknown ID leaves
// the address to be typed.
func (cr *citizenReports) withAddress(c *gin.Context, f *reportForm, id int64) (geo.Address, int64, bool) {
	if id <= 0 {
		return geo.Address{}, 0, false
	}
	ctx := c.Request.Context()
	a, err := cr.h.s.store.Address(ctx, id)
	if err != nil {
		return geo.Address{}, 0, false
	}
	var muni int64
	if areas, err := cr.h.s.store.AssignmentsOf(ctx, id); err == nil {
		for _, ar := range areas {
			if ar.Kind == geo.KindMunicipality {
				muni = ar.ID
				cr.h.inTown(f.pageData, ar, cr.h.townView(ar))
			}
		}
	}
	f.AddressID, f.AddrText = a.ID, a.Label()
	f.setPos(a.Lon, a.Lat)
	return a, muni, true
}

func (f *reportForm) setPos(lon, lat float64) {
	f.HasPos = true
	f.Lon, f.Lat = strconv.FormatFloat(lon, 'f', 6, 64), strconv.FormatFloat(lat, 'f', 6, 64)
	ns, ew := "N", "O"
	if f.Lang == langEN {
		ew = "E"
	}
	f.PosText = strings.ReplaceAll(fmt.Sprintf("%.5f° %s, %.5f° %s", lat, ns, lon, ew), ".", decimalSep(f.Lang))
}

func decimalSep(lang string) string {
	if lang == langEN {
		return "."
	}
	return ","
}

// parsePos reads a position (lon, lat in WGS84 degrees).
func parsePos(lon, lat string) (float64, float64, bool) {
	x, err1 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	if err1 != nil || err2 != nil || x < -180 || x > 180 || y < -90 || y > 90 {
		return 0, 0, false
	}
	return x, y, true
}

func (f *reportForm) kinds(sel campaigns.ReportKind) {
	f.Kinds = f.Kinds[:0]
	for _, k := range campaigns.ReportKinds {
		f.Kinds = append(f.Kinds, reportKindOption{Value: string(k), Label: reportT(f.Lang, "report.kind."+string(k)), Checked: k == sel})
	}
}

func (cr *citizenReports) render(c *gin.Context, status int, f *reportForm) {
	var b bytes.Buffer
	if err := cr.page.ExecuteTemplate(&b, "layout", f); err != nil {
		cr.h.s.log.Error("render page", "path", c.Request.URL.Path, "err", err)
		c.String(http.StatusInternalServerError, "interner Fehler")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

func (cr *citizenReports) form(c *gin.Context) {
	f, err := cr.newForm(c)
	if err != nil {
		cr.h.fail(c, err)
		return
	}
	id, _ := strconv.ParseInt(c.Query("adresse"), 10, 64)
	sel := campaigns.ReportMissingAddress
	if _, _, ok := cr.withAddress(c, f, id); ok {
		sel = campaigns.ReportWrongStatus
	}
	if x, y, ok := parsePos(c.Query("lon"), c.Query("lat")); ok && c.Query("lon") != "" {
		f.setPos(x, y)
	}
	f.kinds(sel)
	cr.render(c, http.StatusOK, f)
}

// submit stores a report. Every refusal shows the form again with what
// was entered, and the message at the field it concerns.
func (cr *citizenReports) submit(c *gin.Context) {
	if err := crossOrigin.Check(c.Request); err != nil {
		cr.h.s.log.Info("cross-origin report refused", "origin", c.GetHeader("Origin"))
		c.Data(http.StatusForbidden, "text/plain; charset=utf-8", []byte("Diese Anfrage kam von einer anderen Website und wurde abgewiesen.\n"))
		return
	}
	if !parseForm(c) {
		return
	}
	f, err := cr.newForm(c)
	if err != nil {
		cr.h.fail(c, err)
		return
	}
	pf := c.Request.PostFormValue
	kind := campaigns.ReportKind(pf("art"))
	f.kinds(kind)
	f.AddrText, f.Text, f.Email = strings.TrimSpace(pf("adresse")), pf("text"), strings.TrimSpace(pf("email"))
	f.SendPos = pf("position") != ""
	id, _ := strconv.ParseInt(pf("adresse_id"), 10, 64)
	r := campaigns.CitizenReport{Kind: kind, Address: f.AddrText, Text: f.Text, Email: f.Email, CreatedAt: cr.h.s.now()}
	typed := f.AddrText
	if a, muni, ok := cr.withAddress(c, f, id); ok {
		if strings.EqualFold(strings.TrimSpace(typed), a.Label()) || typed == "" {
			r.AddressID, r.Address, r.Municipality = a.ID, a.Label(), muni
		} else {
			// The citizen changed the address: a typed one, not this one.
			f.AddressID, f.HasPos = 0, false
		}
		f.AddrText = typed
	}
	if x, y, ok := parsePos(pf("lon"), pf("lat")); ok && pf("lon") != "" && r.AddressID == 0 {
		f.setPos(x, y)
	}
	if f.HasPos && f.SendPos {
		r.HasPosition = true
		r.Lon, _ = strconv.ParseFloat(f.Lon, 64)
		r.Lat, _ = strconv.ParseFloat(f.Lat, 64)
	}

	// The checks, cheapest first.
	ok, wait := cr.h.s.limits.report.allow(clientIP(c.Request))
	if !ok {
		secs := retryAfter(wait)
		c.Header("Retry-After", strconv.Itoa(secs))
		f.Message = fmt.Sprintf(reportT(f.Lang, "report.limited"), (secs+59)/60)
		cr.render(c, http.StatusTooManyRequests, f)
		return
	}
	key, err := cr.formKey(c.Request.Context())
	if err != nil {
		cr.h.fail(c, err)
		return
	}
	ck, cerr := c.Request.Cookie(reportCSRFCookie)
	age, valid := checkReportToken(key, pf(csrfField), time.Now())
	if cerr != nil || !tokenEqual(pf(csrfField), ck.Value) || !valid {
		f.Message = reportT(f.Lang, "report.csrf")
		cr.render(c, http.StatusForbidden, f)
		return
	}
	if pf(reportHoneypot) != "" {
		// A bot: answer as if stored, keep nothing.
		cr.h.s.log.Info("citizen report dropped: honeypot filled", "client", clientIP(c.Request))
		c.Redirect(http.StatusSeeOther, "/meldung/danke"+f.LangQuery)
		return
	}
	if cr.minAge > 0 && age < cr.minAge {
		f.Message = reportT(f.Lang, "report.fast")
		cr.render(c, formAgain, f)
		return
	}
	saved, err := cr.store.AddCitizenReport(c.Request.Context(), r)
	if geo.ErrorCode(err) == geo.EINVALID {
		f.Message, f.Field = geo.ErrorMessage(err), reportField(geo.ErrorMessage(err))
		if f.Lang == langEN {
			f.Message = reportT(f.Lang, "report.invalid."+f.Field)
		}
		cr.render(c, formAgain, f)
		return
	}
	if err != nil {
		cr.h.fail(c, err)
		return
	}
	cr.h.s.log.Info("citizen report received", "id", saved.ID, "kind", saved.Kind)
	q := "?nr=" + strconv.FormatInt(saved.ID, 10)
	if f.Lang == langEN {
		q += "&lang=en"
	}
	c.Redirect(http.StatusSeeOther, "/meldung/danke"+q)
}

// reportField is the form field a CleanReport message names.
func reportField(msg string) string {
	for _, p := range []struct{ prefix, field string }{
		{"Art", "kind"}, {"Adresse", "address"}, {"Beschreibung", "text"}, {"E-Mail", "email"}, {"Kartenposition", "address"},
	} {
		if strings.HasPrefix(msg, p.prefix) {
			return p.field
		}
	}
	return "text"
}

func (cr *citizenReports) thanks(c *gin.Context) {
	d := cr.h.data(c, "")
	d.Title = reportT(d.Lang, "report.thanks") + " – " + siteTitle(d)
	f := &reportForm{pageData: d, Received: true}
	f.Number, _ = strconv.ParseInt(c.Query("nr"), 10, 64)
	cr.render(c, http.StatusOK, f)
}

// reportURL is the report form's URL for the page c shows: with the
// address of a permalink page; "" when there is no report store.
func (h *citizen) reportURL(c *gin.Context, lang string) string {
	if h.s.cfg.Reports == nil {
		return ""
	}
	q := url.Values{}
	if strings.HasPrefix(c.Request.URL.Path, "/adresse/") {
		if id, err := strconv.ParseInt(c.Param("id"), 10, 64); err == nil && id > 0 {
			q.Set("adresse", strconv.FormatInt(id, 10))
		}
	}
	if lang == langEN {
		q.Set("lang", langEN)
	}
	if len(q) == 0 {
		return "/meldung"
	}
	return "/meldung?" + q.Encode()
}
