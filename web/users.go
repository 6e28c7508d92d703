package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The admin pages: imports by upload (office_imports.go), API tokens
// (tokens.go) and user management (here).

// adminPages are the templates of these pages.
var adminPages = []string{"imports.html", "tokens.html", "users.html"}

// adminRoutes parses the admin pages' templates and registers their
// routes: r for the upload (its own body limit), b for the rest (the
// office group: session, role viewer, CSRF).
func (o *office) adminRoutes(r *gin.Engine, b *gin.RouterGroup) {
	funcs := template.FuncMap{
		"date": func(t time.Time) string {
			if t.IsZero() {
				return "–"
			}
			return t.In(campaigns.Location).Format("02.01.2006")
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return "–"
			}
			return t.In(campaigns.Location).Format("02.01.2006 15:04")
		},
		"crsOptions": func() []string { return []string{"EPSG:25832", "EPSG:25833", "EPSG:4647", "EPSG:4326", "EPSG:3857"} },
	}
	for _, name := range adminPages {
		t, err := template.New(name).Funcs(funcs).ParseFS(officeFS, "templates/office/layout.html", "templates/office/"+name)
		if err != nil {
			panic(fmt.Errorf("web: parse template %s: %w", name, err)) // embedded: a broken build
		}
		o.pages[name] = t
	}

	b.GET("/import", o.requireRole(campaigns.RoleEditor), o.importForm)
	r.POST("/buero/import", o.refuseCrossOrigin, o.loadSession, o.requireRole(campaigns.RoleEditor), o.importUpload)

	if o.s.cfg.Tokens != nil {
		b.GET("/tokens", o.requireRole(campaigns.RoleAdmin), o.listTokens)
		b.POST("/tokens", o.requireRole(campaigns.RoleAdmin), o.createToken)
		b.POST("/tokens/:id/widerrufen", o.requireRole(campaigns.RoleAdmin), o.revokeToken)
	}

	b.GET("/benutzer", o.requireRole(campaigns.RoleAdmin), o.listUsers)
	b.POST("/benutzer", o.requireRole(campaigns.RoleAdmin), o.addUser)
	b.POST("/benutzer/:id/rolle", o.requireRole(campaigns.RoleAdmin), o.userAction)
	b.POST("/benutzer/:id/sperren", o.requireRole(campaigns.RoleAdmin), o.userAction)
	b.POST("/benutzer/:id/entsperren", o.requireRole(campaigns.RoleAdmin), o.userAction)
	b.POST("/benutzer/:id/passwort", o.requireRole(campaigns.RoleAdmin), o.userAction)
	b.POST("/benutzer/:id/freigeben", o.requireRole(campaigns.RoleAdmin), o.userAction)
}

type usersPage struct {
	officePage
	Users     []campaigns.User
	Roles     []campaigns.Role
	CanAdmin  bool // the store can change roles and disable users
	MinLength int
	// Scopes names each user's municipality ID ("kreisweit" for 0).
	Scopes map[int64]string
	// Municipalities are the add form's choices (county-wide admins only).
	Municipalities []selectOption
	// The add form, as entered.
	Name         string
	Role         string
	Municipality string
	Message      string // an error
	Notice       string // what was done
}

var allRoles = []campaigns.Role{campaigns.RoleViewer, campaigns.RoleEditor, campaigns.RoleAdmin}

func (o *office) renderUsers(c *gin.Context, status int, p *usersPage) {
	users, err := o.users.Users(c.Request.Context())
	if err != nil {
		o.fail(c, err)
		return
	}
	sc := o.requestScope(c)
	if sc == nil {
		return
	}
	users = slices.DeleteFunc(users, func(u campaigns.User) bool { return !sc.user.CountyWide() && u.Municipality != sc.user.Municipality })
	p.officePage = o.page(c, "Benutzer")
	p.Users, p.Roles, p.MinLength = users, allRoles, campaigns.MinPasswordLength
	p.Scopes = map[int64]string{0: "kreisweit"}
	for _, m := range sc.municipalities() {
		p.Scopes[m.ID] = m.Name
	}
	if ms := sc.municipalities(); sc.countyWide() && len(ms) > 0 {
		p.Municipalities = append(p.Municipalities, selectOption{Value: "", Label: "kreisweit (alle Gemeinden)", Selected: p.Municipality == ""})
		for _, m := range ms {
			v := strconv.FormatInt(m.ID, 10)
			p.Municipalities = append(p.Municipalities, selectOption{Value: v, Label: m.Name, Selected: p.Municipality == v})
		}
	}
	_, p.CanAdmin = o.users.(campaigns.UserAdmin)
	o.render(c, status, "users.html", p)
}

func (o *office) listUsers(c *gin.Context) {
	o.renderUsers(c, http.StatusOK, &usersPage{Role: string(campaigns.RoleViewer), Notice: userNotices[c.Query("ok")]})
}

// userNotices are the messages after a change (?ok=…), so that a reload
// does not post again.
var userNotices = map[string]string{
	"angelegt":    "Der Benutzer wurde angelegt.",
	"rolle":       "Die Rolle wurde geändert.",
	"gesperrt":    "Der Benutzer wurde gesperrt; seine Sitzungen sind beendet.",
	"entsperrt":   "Der Benutzer kann sich wieder anmelden.",
	"passwort":    "Das Passwort wurde neu gesetzt; die Sitzungen des Benutzers sind beendet.",
	"freigegeben": "Die Anmeldung ist wieder ohne Wartezeit möglich.",
	"unverändert": "Nichts geändert.",
}

func (o *office) addUser(c *gin.Context) {
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	p := &usersPage{Name: strings.TrimSpace(c.Request.PostFormValue("name")), Role: c.Request.PostFormValue("role"),
		Municipality: c.Request.PostFormValue("municipality")}
	pw, pw2 := c.Request.PostFormValue("password"), c.Request.PostFormValue("password2")
	sc := o.requestScope(c)
	if sc == nil {
		return
	}
	// An admin of one town adds users of that town; a county-wide admin
	// chooses.
	muni := sc.muni.ID
	if !sc.countyWide() && p.Municipality != "" && p.Municipality != strconv.FormatInt(muni, 10) {
		o.forbidOther(c, "Die gewählte Gemeinde")
		return
	}
	if sc.countyWide() && p.Municipality != "" {
		id, err := strconv.ParseInt(p.Municipality, 10, 64)
		if m, ok := sc.byID[id]; err != nil || !ok || m.Kind != geo.KindMunicipality {
			o.renderUsers(c, http.StatusUnprocessableEntity, &usersPage{Name: p.Name, Role: p.Role, Message: "Bitte wählen Sie eine Gemeinde aus der Liste."})
			return
		}
		muni = id
	}
	role, err := campaigns.ParseRole(p.Role)
	switch {
	case p.Name == "":
		err = geo.Errorf(geo.EINVALID, "Bitte geben Sie einen Benutzernamen an.")
	case len(p.Name) > 100 || strings.ContainsFunc(p.Name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		err = geo.Errorf(geo.EINVALID, "Der Benutzername ist zu lang oder enthält Steuerzeichen.")
	case err != nil:
		err = geo.Errorf(geo.EINVALID, "Bitte wählen Sie eine Rolle.")
	case pw != pw2:
		err = geo.Errorf(geo.EINVALID, "Die beiden Passwörter stimmen nicht überein.")
	}
	var hash []byte
	if err == nil {
		hash, err = campaigns.HashPassword(pw)
	}
	if err == nil {
		_, err = o.users.CreateUser(ctx, campaigns.User{Name: p.Name, Role: role, PasswordHash: hash, CreatedAt: o.s.now(), Municipality: muni})
	}
	switch code := geo.ErrorCode(err); {
	case err == nil:
		auditIn(c, muni)
		where := "kreisweit"
		if muni != 0 {
			where = sc.byID[muni].Name
		}
		o.audit(c, u.Name, campaigns.AuditUserAdd, fmt.Sprintf("%s (%s, %s)", p.Name, role, where))
		c.Redirect(http.StatusSeeOther, "/buero/benutzer?ok=angelegt")
	case code == geo.EINVALID:
		p.Message = upperFirst(geo.ErrorMessage(err))
		o.renderUsers(c, http.StatusUnprocessableEntity, p)
	case code == geo.ECONFLICT:
		p.Message = upperFirst(geo.ErrorMessage(err)) + "."
		o.renderUsers(c, http.StatusConflict, p)
	default:
		o.fail(c, err)
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// userAction changes one user: role, disable, enable or password, by the
// last element of the path.
func (o *office) userAction(c *gin.Context) {
	me, _ := currentUser(c)
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		o.errorPage(c, http.StatusBadRequest, fmt.Sprintf("ungültige Benutzer-ID %q", c.Param("id")))
		return
	}
	users, err := o.users.Users(ctx)
	if err != nil {
		o.fail(c, err)
		return
	}
	var target *campaigns.User
	for i := range users {
		if users[i].ID == id {
			target = &users[i]
		}
	}
	if target == nil {
		o.errorPage(c, http.StatusNotFound, "Diesen Benutzer gibt es nicht.")
		return
	}
	if !me.CountyWide() && target.Municipality != me.Municipality {
		o.forbidOther(c, "Dieser Benutzer")
		return
	}
	auditIn(c, target.Municipality)
	action := c.Request.URL.Path[strings.LastIndexByte(c.Request.URL.Path, '/')+1:]
	ua, canAdmin := o.users.(campaigns.UserAdmin)
	if !canAdmin && action != "passwort" {
		o.errorPage(c, http.StatusNotImplemented, "Dieser Datenspeicher kann Rollen nicht ändern und Benutzer nicht sperren.")
		return
	}
	fail := func(status int, msg string) {
		o.renderUsers(c, status, &usersPage{Role: string(campaigns.RoleViewer), Message: target.Name + ": " + msg})
	}
	var notice, auditAction, detail string
	switch action {
	case "rolle":
		role, err := campaigns.ParseRole(c.Request.PostFormValue("role"))
		if err != nil {
			fail(http.StatusUnprocessableEntity, "Bitte wählen Sie eine Rolle.")
			return
		}
		if role == target.Role {
			notice = "unverändert"
			break
		}
		if err := campaigns.CheckAdminChange(users, id, role, target.Disabled); err != nil {
			fail(http.StatusUnprocessableEntity, upperFirst(geo.ErrorMessage(err))+".")
			return
		}
		if err := ua.SetRole(ctx, id, role); err != nil {
			o.fail(c, err)
			return
		}
		notice, auditAction, detail = "rolle", campaigns.AuditUserRole, fmt.Sprintf("%s: %s → %s", target.Name, target.Role, role)
	case "sperren":
		if id == me.ID {
			fail(http.StatusUnprocessableEntity, "Sie können sich nicht selbst sperren.")
			return
		}
		if err := campaigns.CheckAdminChange(users, id, target.Role, true); err != nil {
			fail(http.StatusUnprocessableEntity, upperFirst(geo.ErrorMessage(err))+".")
			return
		}
		if err := ua.SetDisabled(ctx, id, true); err != nil {
			o.fail(c, err)
			return
		}
		notice, auditAction, detail = "gesperrt", campaigns.AuditUserDisable, target.Name
	case "entsperren":
		if err := ua.SetDisabled(ctx, id, false); err != nil {
			o.fail(c, err)
			return
		}
		notice, auditAction, detail = "entsperrt", campaigns.AuditUserEnable, target.Name
	case "freigeben":
		n, err := ua.UnlockLogin(ctx, target.Name)
		if err != nil {
			o.fail(c, err)
			return
		}
		notice, auditAction, detail = "freigegeben", campaigns.AuditUserUnlock, fmt.Sprintf("%s (%d Fehlversuche vergessen)", target.Name, n)
	case "passwort":
		pw, pw2 := c.Request.PostFormValue("password"), c.Request.PostFormValue("password2")
		if pw != pw2 {
			fail(http.StatusUnprocessableEntity, "Die beiden Passwörter stimmen nicht überein.")
			return
		}
		hash, err := campaigns.HashPassword(pw)
		if err != nil {
			fail(http.StatusUnprocessableEntity, upperFirst(geo.ErrorMessage(err))+".")
			return
		}
		if err := o.users.SetPassword(ctx, id, hash); err != nil {
			o.fail(c, err)
			return
		}
		notice, auditAction, detail = "passwort", campaigns.AuditPassword, target.Name
	}
	if auditAction != "" {
		o.audit(c, me.Name, auditAction, detail)
	}
	c.Redirect(http.StatusSeeOther, "/buero/benutzer?ok="+notice)
}
