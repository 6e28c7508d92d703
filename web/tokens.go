package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// API tokens: the office's admins create a token for one campaign on
// /buero/tokens (shown once, stored as its SHA-256), and a provider's
// system posts sign-up counts with it:
//
//	POST /api/v1/campaigns/{id}/entries
//	Authorization: Bearer gpt_…
//	{"entries":[{"area":"Nord","date":"2026-02-01","count":17,"comment":""}]}
//
// All entries or none are saved, with source provider and entered by
// "token:<name>". 401 for a missing, unknown or revoked token; 403 for a
// campaign other than the token's; 400 for a body that is not such JSON;
// 422 for invalid entries, 409 for stale or contradicting ones, each with
// the errors per entry (by index). No cookies are read, so no CSRF token
// is needed.

// maxAPIBody is the largest body of POST …/entries.
const maxAPIBody = 1 << 20

// tokenAPIRoutes registers the provider API; without a token store there
// is none.
func (s *Server) tokenAPIRoutes(api *gin.RouterGroup) {
	if s.cfg.Tokens == nil {
		return
	}
	api.POST("/campaigns/:id/entries", limitBody(maxAPIBody), s.postEntries)
}

type apiEntryJSON struct {
	Area    string `json:"area"`
	Date    string `json:"date"`
	Count   *int   `json:"count"`
	Comment string `json:"comment"`
}

// errTrailingData is decodeAPIEntries' error for a body with more than
// the one JSON value.
var errTrailingData = errors.New("Daten nach dem Objekt")

// decodeAPIEntries reads the body of POST …/entries: one JSON object
// {"entries":[…]} without unknown fields, with entries at most once, and
// nothing but white space after it (errTrailingData). Errors of r, such
// as *http.MaxBytesError, come back as they are, unless they happen
// after the object.
func decodeAPIEntries(r io.Reader) ([]apiEntryJSON, error) {
	var body struct {
		Entries []apiEntryJSON `json:"entries"`
	}
	var read bytes.Buffer
	dec := json.NewDecoder(io.TeeReader(r, &read))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errTrailingData
	}
	// encoding/json decodes a second entries array into the first one's
	// elements, so an entry would keep the fields it does not repeat.
	if objectMembers(read.Bytes()) > 1 {
		return nil, errors.New("entries mehrfach angegeben")
	}
	return body.Entries, nil
}

// objectMembers counts the members of the JSON object data; 0 if it is no
// object.
func objectMembers(data []byte) int {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0
	}
	n := 0
	for dec.More() {
		var value json.RawMessage
		if _, err := dec.Token(); err != nil {
			return n
		}
		if err := dec.Decode(&value); err != nil {
			return n
		}
		n++
	}
	return n
}

type apiEntryError struct {
	Index int    `json:"index"`
	Error string `json:"error"`
}

func apiError(c *gin.Context, status int, code, msg string, extra gin.H) {
	body := gin.H{"error": msg, "code": code}
	for k, v := range extra {
		body[k] = v
	}
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(status, body)
}

func indexed(m map[int]string) []apiEntryError {
	out := make([]apiEntryError, 0, len(m))
	for i := range m {
		out = append(out, apiEntryError{Index: i, Error: m[i]})
	}
	for i := 1; i < len(out); i++ { // few entries: insertion sort by index
		for j := i; j > 0 && out[j].Index < out[j-1].Index; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// bearer returns the token of an Authorization: Bearer header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != "" && len(tok) <= 200
}

func (s *Server) postEntries(c *gin.Context) {
	ctx := c.Request.Context()
	secret, ok := bearer(c.Request)
	if !ok {
		c.Header("WWW-Authenticate", `Bearer realm="gigaplan"`)
		apiError(c, http.StatusUnauthorized, "unauthorized", "Anmeldung erforderlich: Authorization: Bearer <Token>", nil)
		return
	}
	tok, err := s.cfg.Tokens.UseToken(ctx, campaigns.HashAPIToken(secret), s.now())
	if geo.ErrorCode(err) == geo.ENOTFOUND {
		c.Header("WWW-Authenticate", `Bearer realm="gigaplan", error="invalid_token"`)
		apiError(c, http.StatusUnauthorized, "unauthorized", "unbekanntes oder widerrufenes Token", nil)
		return
	}
	if err != nil {
		s.log.Error("check API token", "err", err)
		apiError(c, http.StatusInternalServerError, geo.EINTERNAL, "interner Fehler", nil)
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id != tok.CampaignID {
		apiError(c, http.StatusForbidden, "forbidden", "dieses Token gilt nicht für diese Kampagne", nil)
		return
	}
	entries, err := decodeAPIEntries(c.Request.Body)
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, errTrailingData):
		apiError(c, http.StatusBadRequest, geo.EINVALID, "ungültiges JSON: Daten nach dem Objekt", nil)
		return
	case errors.As(err, &mbe):
		c.Header("Connection", "close")
		apiError(c, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("Anfrage zu groß: höchstens %d Bytes", maxAPIBody), nil)
		return
	case err != nil:
		apiError(c, http.StatusBadRequest, geo.EINVALID, "ungültiges JSON: "+err.Error()+`; erwartet {"entries":[{"area":…,"date":"JJJJ-MM-TT","count":N,"comment":…}]}`, nil)
		return
	}
	camp, err := s.camps.Store.Campaign(ctx, id)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	in := make([]campaigns.APIEntry, len(entries))
	for i, e := range entries {
		in[i] = campaigns.APIEntry{Area: e.Area, Date: e.Date, Count: e.Count, Comment: e.Comment}
	}
	res, err := s.camps.AddAPIEntries(ctx, camp, in, tok.EnteredBy())
	var invalid *campaigns.EntryErrors
	var stale *campaigns.StaleError
	switch {
	case errors.As(err, &invalid):
		apiError(c, http.StatusUnprocessableEntity, geo.EINVALID, "ungültige Einträge: nichts wurde gespeichert", gin.H{"entries": indexed(invalid.Errors)})
		return
	case errors.As(err, &stale):
		apiError(c, http.StatusConflict, geo.ECONFLICT, "veraltete oder widersprüchliche Einträge: nichts wurde gespeichert", gin.H{"entries": indexed(stale.Conflicts)})
		return
	case geo.ErrorCode(err) == geo.EINVALID:
		apiError(c, http.StatusUnprocessableEntity, geo.EINVALID, geo.ErrorMessage(err), nil)
		return
	case err != nil:
		s.apiFail(c, err)
		return
	}
	type saved struct {
		ID    int64  `json:"id"`
		Area  string `json:"area"`
		Date  string `json:"date"`
		Count int    `json:"count"`
	}
	names := map[int64]string{}
	for _, a := range camp.Areas {
		names[a.AreaID] = a.AreaName
	}
	out := make([]saved, 0, len(res.Added))
	parts := make([]string, 0, len(res.Added))
	for _, e := range res.Added {
		out = append(out, saved{ID: e.ID, Area: names[e.AreaID], Date: e.AsOf.Format(time.DateOnly), Count: e.Count})
		parts = append(parts, fmt.Sprintf("%s %d (Stand %s)", names[e.AreaID], e.Count, e.AsOf.Format("02.01.2006")))
	}
	status := http.StatusOK
	if len(res.Added) > 0 {
		status = http.StatusCreated
		if s.users != nil {
			if err := s.users.AddAudit(ctx, campaigns.AuditEntry{At: s.now(), User: tok.EnteredBy(), Action: campaigns.AuditAPIEntries,
				Detail: camp.Name + ": " + strings.Join(parts, ", "), Municipality: s.campaignMunicipality(ctx, camp)}); err != nil {
				s.log.Error("write audit log", "action", campaigns.AuditAPIEntries, "err", err)
			}
		}
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(status, gin.H{"added": len(res.Added), "unchanged": res.Unchanged, "entries": out})
}

// apiFail answers as handle does: the message of invalid, not-found and
// conflict errors, "interner Fehler" (logged) for the rest.
func (s *Server) apiFail(c *gin.Context, err error) {
	code := geo.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok || status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		apiError(c, http.StatusInternalServerError, geo.EINTERNAL, "interner Fehler", nil)
		return
	}
	apiError(c, status, code, geo.ErrorMessage(err), nil)
}

// The token page.

type tokenRow struct {
	ID       int64
	Name     string
	Campaign string
	Created  time.Time
	By       string
	LastUsed time.Time
	Revoked  time.Time
}

type tokensPage struct {
	officePage
	Tokens    []tokenRow
	Campaigns []*campaigns.Campaign
	Name      string
	Campaign  int64
	Message   string
	Secret    string // the new token, shown once
	SecretFor string
	Notice    string
}

func (o *office) tokensPage(c *gin.Context, p *tokensPage) error {
	ctx := c.Request.Context()
	camps, err := o.s.camps.Store.Campaigns(ctx)
	if err != nil {
		return err
	}
	sc, err := o.scopeOf(c)
	if err != nil {
		return err
	}
	camps = sc.visibleCampaigns(camps)
	names := map[int64]string{}
	for _, cp := range camps {
		names[cp.ID] = cp.Name
	}
	all, err := o.s.cfg.Tokens.Tokens(ctx)
	if err != nil {
		return err
	}
	p.officePage = o.page(c, "API-Tokens")
	p.Campaigns = camps
	for _, t := range all {
		if _, ok := names[t.CampaignID]; !ok {
			continue // another municipality's campaign
		}
		p.Tokens = append(p.Tokens, tokenRow{ID: t.ID, Name: t.Name, Campaign: names[t.CampaignID], Created: t.CreatedAt,
			By: t.CreatedBy, LastUsed: t.LastUsed, Revoked: t.RevokedAt})
	}
	return nil
}

func (o *office) listTokens(c *gin.Context) {
	p := &tokensPage{}
	if c.Query("widerrufen") != "" {
		p.Notice = "Das Token wurde widerrufen."
	}
	if err := o.tokensPage(c, p); err != nil {
		o.fail(c, err)
		return
	}
	o.render(c, http.StatusOK, "tokens.html", p)
}

func (o *office) createToken(c *gin.Context) {
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	p := &tokensPage{Name: strings.TrimSpace(c.Request.PostFormValue("name"))}
	p.Campaign, _ = strconv.ParseInt(c.Request.PostFormValue("campaign"), 10, 64)
	status := http.StatusUnprocessableEntity
	var camp *campaigns.Campaign
	err := campaigns.CheckTokenName(p.Name)
	if err == nil {
		if camp, err = o.s.camps.Store.Campaign(ctx, p.Campaign); geo.ErrorCode(err) == geo.ENOTFOUND {
			err = geo.Errorf(geo.EINVALID, "Bitte wählen Sie eine Kampagne.")
		}
	}
	if err == nil {
		sc := o.requestScope(c)
		if sc == nil {
			return
		}
		if !sc.campaign(camp) {
			o.forbidOther(c, "Diese Kampagne")
			return
		}
		auditIn(c, sc.campaignMunicipality(camp))
	}
	var secret string
	if err == nil {
		var hash []byte
		if secret, hash, err = campaigns.NewAPIToken(); err == nil {
			_, err = o.s.cfg.Tokens.CreateToken(ctx, campaigns.APIToken{Name: p.Name, CampaignID: camp.ID, Hash: hash,
				CreatedAt: o.s.now(), CreatedBy: u.Name})
		}
	}
	switch code := geo.ErrorCode(err); {
	case err == nil:
		o.audit(c, u.Name, campaigns.AuditTokenAdd, fmt.Sprintf("%s für %s", p.Name, camp.Name))
		p.Secret, p.SecretFor, p.Name, p.Campaign = secret, p.Name, "", 0
		status = http.StatusCreated
	case code == geo.EINVALID || code == geo.ECONFLICT:
		p.Message = geo.ErrorMessage(err)
		if code == geo.ECONFLICT {
			status = http.StatusConflict
		}
	default:
		o.fail(c, err)
		return
	}
	if err := o.tokensPage(c, p); err != nil {
		o.fail(c, err)
		return
	}
	o.render(c, status, "tokens.html", p)
}

func (o *office) revokeToken(c *gin.Context) {
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		o.errorPage(c, http.StatusBadRequest, fmt.Sprintf("ungültige Token-ID %q", c.Param("id")))
		return
	}
	all, err := o.s.cfg.Tokens.Tokens(ctx)
	if err != nil {
		o.fail(c, err)
		return
	}
	var tok *campaigns.APIToken
	for i := range all {
		if all[i].ID == id {
			tok = &all[i]
		}
	}
	if tok == nil {
		o.errorPage(c, http.StatusNotFound, "Dieses Token gibt es nicht.")
		return
	}
	name := tok.Name
	if camp, err := o.s.camps.Store.Campaign(ctx, tok.CampaignID); err == nil {
		sc := o.requestScope(c)
		if sc == nil {
			return
		}
		if !sc.campaign(camp) {
			o.forbidOther(c, "Dieses Token")
			return
		}
		auditIn(c, sc.campaignMunicipality(camp))
	} else if sc, err := o.scopeOf(c); err != nil || !sc.countyWide() {
		o.forbidOther(c, "Dieses Token") // its campaign is gone: the county's to clean up
		return
	}
	if err := o.s.cfg.Tokens.RevokeToken(ctx, id, o.s.now()); err != nil {
		o.fail(c, err)
		return
	}
	o.audit(c, u.Name, campaigns.AuditTokenRevoke, name)
	c.Redirect(http.StatusSeeOther, "/buero/tokens?widerrufen=1")
}
