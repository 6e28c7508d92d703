package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"

	"gigaplan/geo"
)

// A municipality's own citizens' page: /{AGS} (or /, under a host name of
// its own) shows the address check with the town's name, its coat of arms
// or logo, its broadband office's contact and its legal pages, and
// searches its addresses only. "/" of a county's installation offers the
// municipalities. What the data do not hold comes from the file
// serve --municipalities reads (TownInfo, JSON).

// TownInfo is one municipality's entry of the --municipalities file.
type TownInfo struct {
	// AGS identifies the stored municipality (8 digits).
	AGS string `json:"ags"`
	// Name overrides the stored name on the page, e.g. "Stadt Offenburg".
	Name string `json:"name,omitempty"`
	// Host, when the request's host name is this, serves the town's page
	// at / (e.g. "breitband.offenburg.de").
	Host string `json:"host,omitempty"`
	// Logo is the file of the coat of arms or logo (SVG, PNG or JPEG, at
	// most 256 KiB), relative to the --municipalities file.
	Logo string `json:"logo,omitempty"`
	// Contact is the broadband office: a few lines of address, and its
	// e-mail and phone.
	Contact string `json:"contact,omitempty"`
	Email   string `json:"email,omitempty"`
	Phone   string `json:"phone,omitempty"`
	// The legal pages (http or https URLs): Impressum, Datenschutz,
	// Erklärung zur Barrierefreiheit.
	Imprint       string `json:"imprint,omitempty"`
	Privacy       string `json:"privacy,omitempty"`
	Accessibility string `json:"accessibility,omitempty"`

	logo     []byte
	logoType string
}

// maxLogo is the largest logo file.
const maxLogo = 256 << 10

var agsRe = regexp.MustCompile(`^[0-9]{8}$`)

// LoadTowns reads a --municipalities file: a JSON list of TownInfo.
// Errors name the file and the entry.
func LoadTowns(path string) ([]TownInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, geo.Errorf(geo.EINVALID, "--municipalities: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var towns []TownInfo
	if err := dec.Decode(&towns); err != nil {
		return nil, geo.Errorf(geo.EINVALID, "%s: %v (erwartet: eine Liste von {\"ags\": …, \"name\": …, \"logo\": …, \"contact\": …, \"imprint\": …})", path, err)
	}
	seen := map[string]bool{}
	for i := range towns {
		t := &towns[i]
		where := fmt.Sprintf("%s: Eintrag %d (%s)", path, i+1, t.AGS)
		if !agsRe.MatchString(t.AGS) {
			return nil, geo.Errorf(geo.EINVALID, "%s: ags muss der achtstellige Amtliche Gemeindeschlüssel sein", where)
		}
		if seen[t.AGS] {
			return nil, geo.Errorf(geo.EINVALID, "%s: ags steht zweimal in der Liste", where)
		}
		seen[t.AGS] = true
		t.Host = strings.ToLower(strings.TrimSpace(t.Host))
		for field, u := range map[string]string{"imprint": t.Imprint, "privacy": t.Privacy, "accessibility": t.Accessibility} {
			if u == "" {
				continue
			}
			p, err := url.Parse(u)
			if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
				return nil, geo.Errorf(geo.EINVALID, "%s: %s muss eine http(s)-Adresse sein, nicht %q", where, field, u)
			}
		}
		if t.Email != "" && !strings.Contains(t.Email, "@") {
			return nil, geo.Errorf(geo.EINVALID, "%s: email %q ist keine E-Mail-Adresse", where, t.Email)
		}
		if t.Logo != "" {
			lp := t.Logo
			if !filepath.IsAbs(lp) {
				lp = filepath.Join(filepath.Dir(path), lp)
			}
			st, err := os.Stat(lp)
			if err != nil {
				return nil, geo.Errorf(geo.EINVALID, "%s: logo: %v", where, err)
			}
			if st.Size() > maxLogo {
				return nil, geo.Errorf(geo.EINVALID, "%s: logo %s ist größer als 256 KiB", where, t.Logo)
			}
			if t.logo, err = os.ReadFile(lp); err != nil {
				return nil, geo.Errorf(geo.EINVALID, "%s: logo: %v", where, err)
			}
			if t.logoType = logoType(t.logo); t.logoType == "" {
				return nil, geo.Errorf(geo.EINVALID, "%s: logo %s ist weder SVG noch PNG noch JPEG", where, t.Logo)
			}
		}
	}
	return towns, nil
}

// logoType is the content type of an SVG, PNG or JPEG file, else "".
func logoType(b []byte) string {
	switch ct := http.DetectContentType(b); {
	case ct == "image/png" || ct == "image/jpeg":
		return ct
	case bytes.Contains(b[:min(len(b), 1024)], []byte("<svg")):
		return "image/svg+xml"
	}
	return ""
}

// townView is what the page shows of a municipality.
type townView struct {
	Name, AGS     string
	URL           string // its page
	LogoURL       string
	Contact       []string // lines
	Email, Phone  string
	PhoneURI      template.URL // tel:+49781123456
	Imprint       string
	Privacy       string
	Accessibility string
}

// town returns the stored municipality with this AGS and its page's view;
// ok false when there is none.
func (h *citizen) town(c *gin.Context, ags string) (geo.Area, *townView, bool) {
	m, err := h.s.municipalityByAGS(c, ags)
	switch code := geo.ErrorCode(err); {
	case err == nil:
		return m, h.townView(m), true
	case code != geo.ENOTFOUND && code != geo.EINVALID:
		h.s.log.Error("read municipalities", "err", err)
	}
	return geo.Area{}, nil, false
}

// townView joins a stored municipality with its configuration.
func (h *citizen) townView(m geo.Area) *townView {
	v := &townView{Name: m.Name, AGS: m.AGS, URL: "/" + m.AGS}
	for _, t := range h.s.cfg.Towns {
		if t.AGS != m.AGS {
			continue
		}
		if t.Name != "" {
			v.Name = t.Name
		}
		if len(t.logo) > 0 {
			v.LogoURL = "/" + m.AGS + "/wappen"
		}
		for l := range strings.SplitSeq(strings.TrimSpace(t.Contact), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				v.Contact = append(v.Contact, l)
			}
		}
		v.Email, v.Phone = t.Email, t.Phone
		if digits := strings.Map(func(r rune) rune {
			if r == '+' || (r >= '0' && r <= '9') {
				return r
			}
			return -1
		}, t.Phone); digits != "" {
			v.PhoneURI = template.URL("tel:" + digits) // digits and + only: safe
		}
		v.Imprint, v.Privacy, v.Accessibility = t.Imprint, t.Privacy, t.Accessibility
	}
	return v
}

// hostTown returns the AGS whose configured host name the request came
// to, or "".
func (h *citizen) hostTown(c *gin.Context) string {
	host := strings.ToLower(c.Request.Host)
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	for _, t := range h.s.cfg.Towns {
		if t.Host != "" && t.Host == host {
			return t.AGS
		}
	}
	return ""
}

// townPage serves /{ags}: the municipality's own page.
func (h *citizen) townPage(c *gin.Context) {
	h.townIndex(c, c.Param("ags"))
}

// townIndex serves a municipality's page, or 404.
func (h *citizen) townIndex(c *gin.Context, ags string) {
	m, v, ok := h.town(c, ags)
	if !ok {
		h.fail(c, geo.Errorf(geo.ENOTFOUND, "no municipality %q", ags))
		return
	}
	d := h.data(c, "")
	h.inTown(d, m, v)
	h.render(c, h.page, http.StatusOK, d)
}

// inTown makes the page the municipality's: heading, search and map.
func (h *citizen) inTown(d *pageData, m geo.Area, v *townView) {
	d.Town = v
	d.muni = m.ID
	d.Title = siteTitle(d)
	d.HomeURL = v.URL + d.LangQuery
	d.Map.Areas = "/api/v1/areas?kind=municipality&gemeinde=" + m.AGS
}

// townLogo serves the configured logo of /{ags}/wappen.
func (h *citizen) townLogo(c *gin.Context) {
	for _, t := range h.s.cfg.Towns {
		if t.AGS == c.Param("ags") && len(t.logo) > 0 {
			c.Header("Cache-Control", "public, max-age=3600")
			// An SVG may hold scripts: they never run in an <img>, and
			// opened directly this policy stops them.
			c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
			c.Data(http.StatusOK, t.logoType, t.logo)
			return
		}
	}
	h.fail(c, geo.Errorf(geo.ENOTFOUND, "no logo"))
}

// towns lists the stored municipalities for /: their names and pages,
// when there are several.
func (h *citizen) towns(c *gin.Context) []*townView {
	refs, err := h.s.store.AreaRefs(c.Request.Context())
	if err != nil {
		h.s.log.Error("read municipalities", "err", err)
		return nil
	}
	var out []*townView
	for _, a := range refs {
		if a.Kind == geo.KindMunicipality && agsRe.MatchString(a.AGS) {
			out = append(out, h.townView(a))
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// onlyTown returns the stored municipality when there is exactly one.
func (h *citizen) onlyTown(c *gin.Context) (geo.Area, bool) {
	refs, err := h.s.store.AreaRefs(c.Request.Context())
	if err != nil {
		h.s.log.Error("read municipalities", "err", err)
		return geo.Area{}, false
	}
	var only []geo.Area
	for _, a := range refs {
		if a.Kind == geo.KindMunicipality {
			only = append(only, a)
		}
	}
	if len(only) != 1 {
		return geo.Area{}, false
	}
	return only[0], true
}

// ContactLine is the office's contact on one line, for the funding
// workbook's cover: the contact's lines, phone and e-mail joined by " · ".
func (t TownInfo) ContactLine() string {
	var parts []string
	for _, l := range strings.Split(t.Contact, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	for _, v := range []string{t.Phone, t.Email} {
		if v = strings.TrimSpace(v); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " · ")
}

// TownContact returns the contact line of the town with this AGS among
// towns, "" if there is none.
func TownContact(towns []TownInfo, ags string) string {
	for _, t := range towns {
		if ags != "" && t.AGS == ags {
			return t.ContactLine()
		}
	}
	return ""
}
