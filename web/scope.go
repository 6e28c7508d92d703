package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Scopes: an office user works for one municipality or county-wide
// (campaigns.User.Municipality), and the role applies there. A user of
// one town sees and changes only what belongs to it: campaigns whose
// areas all lie in it, imports placed in it, its audit entries, its users
// and its campaigns' API tokens. Every office handler asks the request's
// scope (scopeOf) before it reads or writes; roles_test checks every route.

// Context keys.
const (
	ctxScope     = "office.scope"     // *scope
	ctxAuditMuni = "office.auditMuni" // int64: the municipality audit entries record
)

// scope is what the signed-in user may see.
type scope struct {
	user campaigns.User
	// muni is the user's municipality (zero for a county-wide user).
	muni geo.Area
	// refs are every area (without geometry); byID indexes them.
	refs []geo.Area
	byID map[int64]geo.Area
}

// scopeOf returns the signed-in user's scope, read once per request.
// A user whose municipality no longer exists sees nothing (ENOTFOUND).
func (o *office) scopeOf(c *gin.Context) (*scope, error) {
	if v, ok := c.Get(ctxScope); ok {
		return v.(*scope), nil
	}
	u, _ := currentUser(c)
	refs, err := o.s.store.AreaRefs(c.Request.Context())
	if err != nil {
		return nil, err
	}
	sc := &scope{user: u, refs: refs, byID: make(map[int64]geo.Area, len(refs))}
	for _, a := range refs {
		sc.byID[a.ID] = a
	}
	if u.Municipality != 0 {
		m, ok := sc.byID[u.Municipality]
		if !ok || m.Kind != geo.KindMunicipality {
			return nil, geo.Errorf(geo.ENOTFOUND, "Die Gemeinde Ihres Benutzerkontos gibt es nicht mehr. Bitte wenden Sie sich an die Verwaltung.")
		}
		sc.muni = m
	}
	c.Set(ctxScope, sc)
	return sc, nil
}

// countyWide reports whether the user sees every municipality.
func (sc *scope) countyWide() bool { return sc.muni.ID == 0 }

// municipalityOf returns the municipality an area belongs to (itself for
// a municipality; 0 for none or an unknown area).
func (sc *scope) municipalityOf(id int64) int64 {
	a, ok := sc.byID[id]
	switch {
	case !ok:
		return 0
	case a.Kind == geo.KindMunicipality:
		return a.ID
	}
	return a.Municipality
}

// area reports whether the user may see the area.
func (sc *scope) area(id int64) bool {
	return sc.countyWide() || sc.municipalityOf(id) == sc.muni.ID
}

// campaign reports whether the user may see the campaign: every one of
// its areas (and build areas) lies in the user's municipality.
func (sc *scope) campaign(camp *campaigns.Campaign) bool {
	if sc.countyWide() {
		return true
	}
	if len(camp.Areas) == 0 {
		return false
	}
	for _, a := range camp.Areas {
		if !sc.area(a.AreaID) || (a.BuildAreaID != 0 && !sc.area(a.BuildAreaID)) {
			return false
		}
	}
	return true
}

// project reports whether the user may see the funding project: a
// county-wide user every one, a municipality's user those filed for it.
func (sc *scope) project(p *campaigns.FundingProject) bool {
	return sc.countyWide() || slices.Contains(p.Municipalities, sc.muni.AGS)
}

// campaignMunicipality is the municipality of the campaign's areas (of
// its first, which all share when it was made for one); 0 for none.
func (sc *scope) campaignMunicipality(camp *campaigns.Campaign) int64 {
	if len(camp.Areas) == 0 {
		return 0
	}
	return sc.municipalityOf(camp.Areas[0].AreaID)
}

// municipalities returns the stored municipalities the user may see.
func (sc *scope) municipalities() []geo.Area {
	var out []geo.Area
	for _, a := range sc.refs {
		if a.Kind == geo.KindMunicipality && sc.area(a.ID) {
			out = append(out, a)
		}
	}
	return out
}

// visibleCampaigns keeps the campaigns the user may see.
func (sc *scope) visibleCampaigns(all []*campaigns.Campaign) []*campaigns.Campaign {
	if sc.countyWide() {
		return all
	}
	out := make([]*campaigns.Campaign, 0, len(all))
	for _, c := range all {
		if sc.campaign(c) {
			out = append(out, c)
		}
	}
	return out
}

// requestScope is scopeOf for a handler: on error it answers and returns
// nil.
func (o *office) requestScope(c *gin.Context) *scope {
	sc, err := o.scopeOf(c)
	if err != nil {
		if geo.ErrorCode(err) == geo.ENOTFOUND {
			o.errorPage(c, http.StatusForbidden, geo.ErrorMessage(err))
			return nil
		}
		o.fail(c, err)
		return nil
	}
	return sc
}

// forbidOther answers 403 for something of another municipality.
func (o *office) forbidOther(c *gin.Context, what string) {
	sc, _ := o.scopeOf(c)
	msg := fmt.Sprintf("%s gehört nicht zu Ihrer Gemeinde.", what)
	if sc != nil && !sc.countyWide() {
		msg = fmt.Sprintf("%s gehört nicht zu %s, für die Ihr Benutzerkonto gilt.", what, sc.muni.Name)
	}
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		c.AbortWithStatusJSON(http.StatusForbidden, gin.H{"error": msg, "code": "forbidden"})
		return
	}
	o.errorPage(c, http.StatusForbidden, msg)
	c.Abort()
}

// auditIn makes the audit entries of this request record municipality
// (the campaign's or import's) rather than the author's.
func auditIn(c *gin.Context, municipality int64) { c.Set(ctxAuditMuni, municipality) }

// municipalityFilter is the municipality choice above the office's lists
// (?gemeinde=AGS or name), offered to county-wide users when there are
// several municipalities.
type municipalityFilter struct {
	Options []selectOption
	Chosen  string // the municipality shown, "" for all
}

// listScope is the scope of a list page: the user's, narrowed to the
// municipality ?gemeinde= names (county-wide users only; others keep
// theirs). On error it answers and returns nil.
func (o *office) listScope(c *gin.Context) (*scope, municipalityFilter) {
	sc := o.requestScope(c)
	if sc == nil {
		return nil, municipalityFilter{}
	}
	var f municipalityFilter
	if !sc.countyWide() {
		return sc, f
	}
	munis := sc.municipalities()
	want := strings.TrimSpace(c.Query("gemeinde"))
	narrowed := sc
	if want != "" {
		sums := make([]geo.AreaSummary, len(munis))
		for i, m := range munis {
			sums[i] = geo.AreaSummary{Area: m}
		}
		m, err := geo.FindMunicipality(sums, want)
		if err != nil {
			o.errorPage(c, http.StatusNotFound, fmt.Sprintf("Die Gemeinde „%s“ gibt es hier nicht.", want))
			return nil, f
		}
		n := *sc
		n.muni = m
		narrowed = &n
		f.Chosen = m.Name
	}
	if len(munis) > 1 {
		f.Options = append(f.Options, selectOption{Value: "", Label: "Alle Gemeinden", Selected: want == ""})
		for _, m := range munis {
			f.Options = append(f.Options, selectOption{Value: municipalityKey(m), Label: m.Name, Selected: narrowed.muni.ID == m.ID})
		}
	}
	return narrowed, f
}

// municipalityKey is how a URL names a municipality: its AGS, else its
// name.
func municipalityKey(m geo.Area) string {
	if m.AGS != "" {
		return m.AGS
	}
	return m.Name
}

// campaignMunicipality is the municipality of the campaign's first area,
// for the audit entries of requests without an office session (API
// tokens); 0 when unknown.
func (s *Server) campaignMunicipality(ctx context.Context, camp *campaigns.Campaign) int64 {
	if len(camp.Areas) == 0 {
		return 0
	}
	refs, err := s.store.AreaRefs(ctx)
	if err != nil {
		s.log.Error("read areas for the audit log", "err", err)
		return 0
	}
	sc := scope{byID: map[int64]geo.Area{}}
	for _, a := range refs {
		sc.byID[a.ID] = a
	}
	return sc.campaignMunicipality(camp)
}
