package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Imports by upload: /buero/import. Admins import addresses (HK-DE, CSV,
// GeoJSON), areas (GeoJSON) and the market survey's supply data (CSV);
// editors import sign-up counts (CSV). Each runs the importer the CLI
// runs (geo.Service, geo.Matcher with SupplyStore.ReplaceOperatorSupply
// into the survey and for the operator the form names,
// campaigns.ReadEntriesCSV with Service.AddEntries), in one transaction:
// a failed import changes nothing.
//
// The upload is streamed into a temporary file (Config.UploadDir), never
// held in memory, and removed afterwards. The form must send the CSRF
// token before the file (the page's form does); a file larger than
// Config.MaxUpload is refused with 413.

// DefaultMaxUpload is the default of Config.MaxUpload: 64 MiB.
const DefaultMaxUpload = 64 << 20

// maxSignupRows bounds an uploaded sign-up CSV, as the CLI does.
const maxSignupRows = 100_000

// maxListedIssues is how many skipped records and warnings the page lists.
const maxListedIssues = 50

// importKind is what can be imported.
type importKind struct {
	Key   string
	Label string
	Role  campaigns.Role
}

var importKinds = []importKind{
	{"addresses", "Adressen (HK-DE, CSV, XLSX, GeoJSON, Shapefile als ZIP, GeoPackage, GML, KML/KMZ, OSM)", campaigns.RoleAdmin},
	{"areas", "Gebiete (GeoJSON, Shapefile als ZIP, GeoPackage, GML, KML/KMZ, OSM)", campaigns.RoleAdmin},
	{"supply", "Versorgung aus der Markterkundung (CSV oder XLSX)", campaigns.RoleAdmin},
	{"signups", "Anmeldezahlen (CSV oder XLSX: campaign,area,date,count[,source,comment])", campaigns.RoleEditor},
	{"progress", "Baufortschritt eines Anbieters (CSV oder XLSX: Gebiet oder Straße, Datum, Homes Passed, Connected, Activated[, Baubeginn, Fertigstellung])", campaigns.RoleEditor},
	{"sites", "Liegenschaften der Stadt (CSV oder XLSX: Liegenschaft, Art[, Adresse, Kampagne, Förderprojekt, Status, Datum])", campaigns.RoleEditor},
}

func kindByKey(k string) (importKind, bool) {
	for _, x := range importKinds {
		if x.Key == k {
			return x, true
		}
	}
	return importKind{}, false
}

type importIssue struct {
	File, Line, Field, Message string
}

// importResult is what the page shows after an import.
type importResult struct {
	OK       bool
	Kind     string
	File     string
	Lines    []string // the summary, one line each
	Skipped  []importIssue
	Warnings []importIssue
	More     string // "… und N weitere"
	// An error: the message, and where when the importer said so.
	Error    string
	Where    *importIssue
	Unchange bool // the store is unchanged
	// Changes are the campaign areas whose overlay denominator the
	// import would change (refused until confirmed) or changed.
	Changes []denominatorChange
	// Check is set when the upload was only checked ("Nur prüfen").
	Check *checkView
}

// checkView is a geo.Check as the page shows it.
type checkView struct {
	Files    []string // one line per file: format, system, encoding
	Mapping  []string // one line per file: the fields and their columns
	Counts   string
	Warnings []checkWarning
	Areas    []checkArea
	Stop     string
}

type checkWarning struct {
	Count, Message, Example string
}

type checkArea struct {
	Kind, Name, Buildings, Households, Businesses string
}

type denominatorChange struct {
	Campaign, Area                string
	Recorded, Before, After, Diff string
}

type importsPage struct {
	officePage
	Kinds     []importKind
	AreaKinds []geo.AreaKind
	Kind      string
	CRS       string
	AreaKind  string
	NameField string
	// Municipalities are the choices of the areas' municipality (county-wide
	// users, several municipalities); Municipality is the AGS or name
	// chosen ("": the one that contains each area).
	Municipalities []selectOption
	Municipality   string
	MaxUpload      string
	Message        string
	Result         *importResult
	SupplyOK       bool
	UserIsAdm      bool
	UploadPath     string
	// AcceptChanges confirms changes of running campaigns' denominators.
	AcceptChanges bool
	// AllowDuplicates imports even when many records repeat a key.
	AllowDuplicates bool
	// CheckOnly asks for the preview ("Nur prüfen") instead of the import.
	CheckOnly bool
	// Surveys are the market surveys a supply upload can go into (the
	// latest preselected); Survey is the ID chosen, Operator the operator
	// whose answer the file is, Operators the names already listed.
	SupplyKind bool // the user may import supply
	Surveys    []selectOption
	Survey     string
	Operator   string
	Operators  []string
	// Campaigns and Projects are the campaigns and funding projects a
	// progress file can go into; Campaign is the one chosen (a campaign's
	// ID, or "projekt:ID"), Map the column mapping (office_build.go).
	Campaigns []selectOption
	Projects  []selectOption
	Campaign  string
	Map       string
}

func (o *office) maxUpload() int64 {
	if n := o.s.cfg.MaxUpload; n > 0 {
		return n
	}
	return DefaultMaxUpload
}

func mib(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " Bytes"
}

func (o *office) importsPage(c *gin.Context) *importsPage {
	p := &importsPage{officePage: o.page(c, "Import"), MaxUpload: mib(o.maxUpload()), SupplyOK: o.s.cfg.Supply != nil,
		AreaKinds: []geo.AreaKind{geo.KindMunicipality, geo.KindDistrict, geo.KindZone, geo.KindBuildArea}}
	countyWide := true
	if sc, err := o.scopeOf(c); err == nil && !sc.countyWide() {
		countyWide = false
		p.AreaKinds = p.AreaKinds[1:]
	} else if err == nil {
		if ms := sc.municipalities(); len(ms) > 1 {
			p.Municipalities = append(p.Municipalities, selectOption{Value: "", Label: "die Gemeinde, in der das Gebiet liegt"})
			for _, m := range ms {
				p.Municipalities = append(p.Municipalities, selectOption{Value: municipalityKey(m), Label: m.Name})
			}
		}
	}
	for _, k := range importKinds {
		if k.Key == "supply" && o.s.cfg.Supply == nil {
			continue
		}
		if !countyWide && (k.Key == "addresses" || k.Key == "supply") {
			continue
		}
		if p.User != nil && p.User.Role.AtLeast(k.Role) {
			p.Kinds = append(p.Kinds, k)
			if k.Key == "supply" {
				p.SupplyKind = true
				o.surveyOptions(c, p)
			}
			if k.Key == "progress" {
				o.progressOptions(c, p)
			}
		}
	}
	return p
}

// surveyOptions lists the market surveys for the supply upload, the
// latest first and preselected; a failed read leaves the list empty (the
// upload then says what is missing).
func (o *office) surveyOptions(c *gin.Context, p *importsPage) {
	svs, err := o.s.cfg.Supply.Surveys(c.Request.Context())
	if err != nil {
		o.s.log.Error("read surveys", "err", err)
		return
	}
	seen := map[string]bool{}
	for i := len(svs) - 1; i >= 0; i-- {
		sv := svs[i]
		label := sv.Name
		if !sv.From.IsZero() {
			label += fmt.Sprintf(" (%s–%s)", sv.From.Format("02.01.2006"), sv.To.Format("02.01.2006"))
		}
		p.Surveys = append(p.Surveys, selectOption{Value: strconv.FormatInt(sv.ID, 10), Label: label, Selected: i == len(svs)-1})
		for _, op := range sv.Operators {
			if !seen[op.Name] && op.Name != "" {
				seen[op.Name] = true
				p.Operators = append(p.Operators, op.Name)
			}
		}
	}
}

func (o *office) importForm(c *gin.Context) {
	p := o.importsPage(c)
	if len(p.Kinds) > 0 {
		p.Kind = p.Kinds[0].Key
	}
	p.AreaKind = string(geo.KindDistrict)
	// A funding project's page links here for its progress file.
	if id := c.Query("projekt"); id != "" {
		for i := range p.Projects {
			if p.Projects[i].Value == projectOption+id {
				p.Projects[i].Selected, p.Kind, p.Campaign = true, "progress", p.Projects[i].Value
			}
		}
	}
	o.render(c, http.StatusOK, "imports.html", p)
}

// safeFileName keeps the base name of an uploaded file, for messages.
func safeFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if name == "" || name == "." || name == "/" {
		return "Upload"
	}
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	return name
}

// maxField is the largest form field of the upload besides the file.
const maxField = 4 << 10

func (o *office) importUpload(c *gin.Context) {
	limit := o.maxUpload()
	p := o.importsPage(c)
	tooLarge := func() {
		c.Header("Connection", "close")
		p.Message = fmt.Sprintf("Die Datei ist zu groß: höchstens %s sind erlaubt. Teilen Sie die Datei auf oder verwenden Sie den Befehl gigaplan import.", mib(limit))
		o.render(c, http.StatusRequestEntityTooLarge, "imports.html", p)
	}
	badForm := func(msg string) { p.Message = msg; o.render(c, http.StatusBadRequest, "imports.html", p) }
	if c.Request.ContentLength > limit+maxFormBody {
		tooLarge()
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit+maxFormBody)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		badForm("Bitte wählen Sie eine Datei und senden Sie das Formular ab (multipart/form-data).")
		return
	}
	fields := map[string]string{}
	var tmp *os.File
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	var fileName string
	csrfOK := func() bool {
		sent := c.GetHeader(csrfHeader)
		if sent == "" {
			sent = fields[csrfField]
		}
		tok := c.GetString(ctxToken)
		return tok != "" && tokenEqual(sent, csrfToken(tok))
	}
	refuseCSRF := func() {
		o.errorPage(c, http.StatusForbidden, "Die Sicherheitsprüfung des Formulars ist fehlgeschlagen (CSRF-Token fehlt oder ist falsch). Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			tooLarge()
			return
		}
		if err != nil {
			badForm("Das Formular konnte nicht gelesen werden. Bitte versuchen Sie es noch einmal.")
			return
		}
		name := part.FormName()
		if part.FileName() == "" && name != "file" {
			b, err := io.ReadAll(io.LimitReader(part, maxField+1))
			if errors.As(err, &mbe) {
				tooLarge()
				return
			}
			if err != nil || len(b) > maxField {
				badForm("Das Formular konnte nicht gelesen werden: ein Feld ist zu lang.")
				return
			}
			fields[name] = string(b)
			continue
		}
		if name != "file" || tmp != nil {
			continue // NextPart skips the rest
		}
		// The CSRF token comes first: no file of a forged request is
		// written anywhere.
		if !csrfOK() {
			refuseCSRF()
			return
		}
		if tmp, err = os.CreateTemp(o.s.cfg.UploadDir, "gigaplan-upload-*"); err != nil {
			o.internalError(c, fmt.Errorf("web: upload: %w", err))
			return
		}
		n, err := io.Copy(tmp, io.LimitReader(part, limit+1))
		if errors.As(err, &mbe) || n > limit {
			tooLarge()
			return
		}
		if err != nil {
			badForm("Die Datei konnte nicht vollständig empfangen werden. Bitte versuchen Sie es noch einmal.")
			return
		}
		fileName = safeFileName(part.FileName())
	}
	if !csrfOK() {
		refuseCSRF()
		return
	}
	p.Kind, p.CRS = fields["kind"], strings.TrimSpace(fields["crs"])
	p.AreaKind, p.NameField = fields["area_kind"], strings.TrimSpace(fields["name_field"])
	p.Municipality = strings.TrimSpace(fields["municipality"])
	for i := range p.Municipalities {
		p.Municipalities[i].Selected = p.Municipalities[i].Value == p.Municipality
	}
	p.AcceptChanges = fields["accept_changes"] != ""
	p.AllowDuplicates = fields["allow_duplicates"] != ""
	p.CheckOnly = fields["action"] == "check"
	p.Survey, p.Operator = strings.TrimSpace(fields["survey"]), strings.TrimSpace(fields["operator"])
	p.Campaign, p.Map = strings.TrimSpace(fields["campaign"]), strings.TrimSpace(fields["map"])
	for i := range p.Campaigns {
		p.Campaigns[i].Selected = p.Campaigns[i].Value == p.Campaign
	}
	for i := range p.Projects {
		p.Projects[i].Selected = p.Projects[i].Value == p.Campaign
	}
	for i := range p.Surveys {
		p.Surveys[i].Selected = p.Surveys[i].Value == p.Survey
	}
	kind, ok := kindByKey(p.Kind)
	if !ok || (kind.Key == "supply" && o.s.cfg.Supply == nil) {
		p.Message = "Bitte wählen Sie, was importiert werden soll."
		o.render(c, http.StatusUnprocessableEntity, "imports.html", p)
		return
	}
	u, _ := currentUser(c)
	if !u.Role.AtLeast(kind.Role) {
		o.errorPage(c, http.StatusForbidden, fmt.Sprintf("Für diesen Import fehlt Ihnen die Berechtigung (Ihre Rolle: %s, nötig: %s).",
			u.Role.German(), kind.Role.German()))
		return
	}
	if tmp == nil || fileName == "" {
		p.Message = "Bitte wählen Sie eine Datei."
		o.render(c, http.StatusUnprocessableEntity, "imports.html", p)
		return
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		o.internalError(c, fmt.Errorf("web: upload: %w", err))
		return
	}
	res, err := o.runImport(c, kind, fileName, tmp, p)
	res.Kind, res.File = kind.Label, fileName
	p.Result = res
	switch code := geo.ErrorCode(err); {
	case err == nil && res.Check != nil:
		res.OK = true
		o.render(c, http.StatusOK, "imports.html", p)
	case err == nil:
		res.OK = true
		o.audit(c, u.Name, campaigns.AuditImport, fmt.Sprintf("%s aus %s: %s", auditNoun[kind.Key], fileName, strings.Join(res.Lines, "; ")))
		o.render(c, http.StatusOK, "imports.html", p)
	case code == geo.EFORBIDDEN:
		// Another municipality's: refused as the routes refuse it, and
		// not an import that failed.
		res.Error, res.Unchange = geo.ErrorMessage(err), true
		o.render(c, http.StatusForbidden, "imports.html", p)
	case code == geo.EINVALID || code == geo.ENOTFOUND || code == geo.ECONFLICT:
		res.Error, res.Unchange = geo.ErrorMessage(err), true
		var pe *geo.ParseError
		if errors.As(err, &pe) {
			res.Where = issueOf(pe.Issue)
			res.Error = res.Where.Message
		}
		o.audit(c, u.Name, campaigns.AuditImportFail, fmt.Sprintf("%s aus %s: %s", auditNoun[kind.Key], fileName, geo.ErrorMessage(err)))
		o.render(c, http.StatusUnprocessableEntity, "imports.html", p)
	default:
		o.audit(c, u.Name, campaigns.AuditImportFail, fmt.Sprintf("%s aus %s: interner Fehler", auditNoun[kind.Key], fileName))
		o.internalError(c, err)
	}
}

func issueOf(i geo.Issue) *importIssue {
	x := &importIssue{File: i.File, Field: i.Field, Message: geo.GermanMessage(i.Message)}
	switch {
	case i.Line > 0:
		x.Line = "Zeile " + strconv.Itoa(i.Line)
	case i.Feature >= 0:
		x.Line = "Objekt " + strconv.Itoa(i.Feature+1) // people count from 1
	}
	return x
}

func issuesOf(is []geo.Issue) []importIssue {
	out := make([]importIssue, 0, min(len(is), maxListedIssues))
	for i, x := range is {
		if i == maxListedIssues {
			break
		}
		out = append(out, *issueOf(x))
	}
	return out
}

// guardDenominators previews the overlay the import would leave when a
// running or committed campaign exists, and lists in res the campaign
// areas whose overlay denominator it would change: refused (EINVALID,
// nothing written) unless accept; with accept, the areas without a
// recorded figure get today's first, so that their campaigns keep it.
func (o *office) guardDenominators(c *gin.Context, svc *geo.Service, src []geo.Source, opt geo.ParseOptions, accept bool, res *importResult) error {
	ctx := c.Request.Context()
	changes, err := o.s.camps.ImportChanges(ctx, svc, src, opt)
	if err != nil || len(changes) == 0 {
		return err
	}
	for _, ch := range changes {
		rec := "–"
		if ch.HasRecorded {
			rec = th(ch.Recorded)
		}
		res.Changes = append(res.Changes, denominatorChange{Campaign: ch.Campaign.Name, Area: ch.Area.AreaName, Recorded: rec,
			Before: th(ch.Before), After: th(ch.After), Diff: fmt.Sprintf("%+d", ch.After-ch.Before)})
	}
	if !accept {
		return geo.Errorf(geo.EINVALID, "Der Import ändert die Nenner von %d %s laufender oder zugesagter Kampagnen (Liste unten). "+
			"Bitte prüfen Sie die Liste, setzen Sie das Häkchen „Änderungen … bestätigen“ und laden Sie die Datei noch einmal hoch.",
			len(changes), pluralDE(len(changes), "Gebiet", "Gebieten"))
	}
	u, _ := currentUser(c)
	return o.s.camps.KeepDenominators(ctx, changes, campaigns.Decision{By: u.Name})
}

// importCtx returns the request's context carrying the record of importing
// the upload f as name (geo.WithImport: base name, SHA-256, the user, the
// user's municipality), with f back at its start. An upload that cannot
// be read for its digest is recorded without one.
func importCtx(c *gin.Context, kind geo.ImportKind, areaKind geo.AreaKind, name string, f *os.File, municipality int64) context.Context {
	var digest string
	if _, err := f.Seek(0, io.SeekStart); err == nil {
		digest, _ = geo.FileDigest(f)
	}
	_, _ = f.Seek(0, io.SeekStart)
	u, _ := currentUser(c)
	return geo.WithImport(c.Request.Context(), geo.Import{Kind: kind, AreaKind: areaKind, File: geo.ImportFileName(name),
		SHA256: digest, By: u.Name, Municipality: municipality})
}

// runImport imports the uploaded file f as kind; the result never is nil.
func (o *office) runImport(c *gin.Context, kind importKind, name string, f *os.File, p *importsPage) (*importResult, error) {
	ctx := c.Request.Context()
	res := &importResult{}
	src := []geo.Source{{Name: name, R: f}}
	var opt geo.ParseOptions
	if p.CRS != "" && (kind.Key == "addresses" || kind.Key == "areas") {
		crs, err := geo.ParseCRS(p.CRS)
		if err != nil {
			return res, err
		}
		opt.CRS = crs
	}
	sc, err := o.scopeOf(c)
	if err != nil {
		return res, err
	}
	if !sc.countyWide() {
		// An office of one town imports its own areas and sign-ups; the
		// addresses and the market survey cover the county and are the
		// county office's.
		switch kind.Key {
		case "addresses", "supply", "sites":
			return res, geo.Errorf(geo.EFORBIDDEN, "%s importiert das Kreisbüro: Ihr Benutzerkonto gilt nur für %s.", kindNoun[kind.Key], sc.muni.Name)
		}
		auditIn(c, sc.muni.ID)
	}
	switch kind.Key {
	case "addresses", "areas":
		svc := &geo.Service{Store: o.s.store}
		var sum *geo.ImportSummary
		var err error
		if kind.Key == "areas" {
			k, kerr := geo.ParseAreaKind(p.AreaKind)
			if kerr != nil || k == "" {
				return res, geo.Errorf(geo.EINVALID, "Bitte wählen Sie die Art der Gebiete (Gemeinde, Ortsteil, Gewerbegebiet oder Ausbaugebiet).")
			}
			opt.Kind, opt.NameField = k, p.NameField
			if sc.countyWide() && p.Municipality != "" && k != geo.KindMunicipality {
				opt.Municipality = p.Municipality // as import areas --municipality
			}
			if !sc.countyWide() {
				if k == geo.KindMunicipality {
					return res, geo.Errorf(geo.EFORBIDDEN, "Gemeindegrenzen importiert das Kreisbüro: Ihr Benutzerkonto gilt nur für %s.", sc.muni.Name)
				}
				opt.Within = municipalityKey(sc.muni) // lying in it, never in another
			}
		}
		opt.AllowDuplicates = p.AllowDuplicates
		if p.CheckOnly {
			var chk *geo.Check
			var err error
			if kind.Key == "addresses" {
				chk, err = svc.CheckAddresses(ctx, src, opt)
			} else {
				chk, err = svc.CheckAreas(ctx, src, opt)
			}
			if err != nil {
				return res, err
			}
			res.Check = viewCheck(chk, kind.Key == "addresses")
			return res, nil
		}
		if err := o.guardDenominators(c, svc, src, opt, p.AcceptChanges, res); err != nil {
			return res, err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return res, fmt.Errorf("web: upload: %w", err)
		}
		muni := int64(0)
		if !sc.countyWide() {
			muni = sc.muni.ID
		}
		if kind.Key == "addresses" {
			sum, err = svc.ImportAddresses(importCtx(c, geo.ImportAddresses, "", name, f, muni), src, opt)
		} else {
			sum, err = svc.ImportAreas(importCtx(c, geo.ImportAreas, opt.Kind, name, f, muni), src, opt)
		}
		if sum != nil {
			summarize(res, sum)
		}
		if err != nil && sum != nil {
			// Written, but the overlay failed: not "unchanged".
			return res, fmt.Errorf("web: import %s: %w", name, err)
		}
		return res, err
	case "supply":
		m, err := geo.NewMatcher(o.s.store.Addresses(ctx, geo.AddressFilter{}))
		if err != nil {
			return res, err
		}
		if m.Len() == 0 {
			return res, geo.Errorf(geo.EINVALID, "Es gibt noch keine amtlichen Adressen: importieren Sie zuerst die Adressen.")
		}
		supply, rep, err := m.MatchAll(geo.ReadSupply(name, f))
		if err != nil {
			return res, err
		}
		res.Lines = append(res.Lines, fmt.Sprintf("Gelesen: %s, zugeordnet: %s, nicht zugeordnet: %s, zusammengeführt: %s",
			th(rep.Read), th(rep.Matched), th(rep.UnmatchedCount), th(rep.Merged)))
		for i, u := range rep.Unmatched {
			if i == maxListedIssues {
				break
			}
			res.Skipped = append(res.Skipped, importIssue{File: u.File, Line: "Zeile " + strconv.Itoa(u.Line), Message: u.Label() + ": " + u.Reason})
		}
		if rep.UnmatchedCount > len(res.Skipped) {
			res.More = fmt.Sprintf("… und %s weitere", th(rep.UnmatchedCount-len(res.Skipped)))
		}
		if rep.Matched == 0 {
			return res, geo.Errorf(geo.EINVALID, "Keine Zeile ließ sich einer amtlichen Adresse zuordnen – falsche Datei?")
		}
		svs, err := o.s.cfg.Supply.Surveys(ctx)
		if err != nil {
			return res, err
		}
		var id int64
		if p.Survey != "" {
			if id, err = strconv.ParseInt(p.Survey, 10, 64); err != nil {
				return res, geo.Errorf(geo.EINVALID, "Bitte wählen Sie die Markterkundung.")
			}
		}
		sv, err := geo.PickSurvey(svs, id)
		if err != nil {
			return res, err
		}
		if p.Operator == "" {
			return res, geo.Errorf(geo.EINVALID, "Bitte geben Sie den Betreiber an, dessen Antwort die Datei ist.")
		}
		if k, ex := geo.OtherOperators(supply, p.Operator); k > 0 {
			res.Lines = append(res.Lines, fmt.Sprintf("Hinweis: %s Adressen nennen in der Spalte Betreiber einen anderen (z. B. %s); gespeichert als Antwort von %s", th(k), ex, p.Operator))
		}
		n, err := o.s.cfg.Supply.ReplaceOperatorSupply(importCtx(c, geo.ImportSupply, "", name, f, 0), sv.ID, p.Operator, campaigns.Today(time.Now()), geo.Values(supply))
		if err != nil {
			return res, err
		}
		res.Lines = append(res.Lines, fmt.Sprintf("Gespeichert: Antwort von %s zur Markterkundung „%s“, Versorgungsdaten für %s Adressen (die bisherige Antwort von %s ersetzt, andere Betreiber unverändert)", p.Operator, sv.Name, th(n), p.Operator),
			fmt.Sprintf("Nicht gemeldet: %s von %s amtlichen Adressen", th(len(rep.Forgotten)), th(m.Len())))
		if sv.AreaID != 0 {
			sc, err := geo.ScopeAnswer(rep, supply, o.s.store.Addresses(ctx, geo.AddressFilter{AreaID: sv.AreaID}))
			if err != nil {
				return res, fmt.Errorf("web: import %s: %w", name, err) // written: not "unchanged"
			}
			res.Lines = append(res.Lines, fmt.Sprintf("Im Projektgebiet der Markterkundung nicht gemeldet: %s von %s Adressen", th(len(sc.Forgotten)), th(sc.Addresses)))
			if sc.Outside > 0 {
				res.Lines = append(res.Lines, fmt.Sprintf("Hinweis: %s gemeldete Adressen liegen außerhalb des Projektgebiets (gespeichert; Berichte des Projektgebiets zählen sie nicht)", th(sc.Outside)))
			}
		}
		return res, nil
	case "signups":
		entries, lines, err := campaigns.ReadEntriesCSV(name, f, maxSignupRows)
		if err != nil {
			return res, err
		}
		if !sc.countyWide() {
			seen := map[string]bool{}
			for i, e := range entries {
				if seen[e.Campaign] {
					continue
				}
				seen[e.Campaign] = true
				camp, err := o.s.camps.Store.CampaignByName(ctx, e.Campaign)
				if err == nil && !sc.campaign(camp) {
					return res, geo.Errorf(geo.EFORBIDDEN, "%s:%d: die Kampagne „%s“ gehört nicht zu %s; nichts wurde übernommen.", name, lines[i], e.Campaign, sc.muni.Name)
				}
			}
		}
		u, _ := currentUser(c)
		for i := range entries {
			entries[i].EnteredBy = u.Name
			entries[i].BasedOn = -1
		}
		if err := o.s.camps.AddEntries(ctx, entries, func(i int) string { return fmt.Sprintf("%s:%d", name, lines[i]) }); err != nil {
			return res, err
		}
		res.Lines = append(res.Lines, fmt.Sprintf("%s Einträge übernommen", th(len(entries))))
		return res, nil
	case "progress":
		return res, o.importProgress(c, sc, name, f, p, res)
	case "sites":
		return res, o.importSites(c, name, f, res)
	}
	return res, geo.Errorf(geo.EINVALID, "unbekannte Importart %q", kind.Key)
}

// kindNoun names what an import kind brings in, for messages.
var kindNoun = map[string]string{"addresses": "Adressen", "areas": "Gebiete", "supply": "Die Versorgungsdaten der Markterkundung", "signups": "Anmeldezahlen",
	"progress": "Den Baufortschritt", "sites": "Die Liegenschaften"}

// auditNoun names an import kind in the audit log's details.
var auditNoun = map[string]string{"addresses": "Adressen", "areas": "Gebiete", "supply": "Versorgungsdaten", "signups": "Anmeldezahlen"}

func th(n int) string { return campaigns.Thousands(int64(n)) }

func summarize(res *importResult, s *geo.ImportSummary) {
	for _, r := range s.Files {
		res.Lines = append(res.Lines, r.ReadLine())
	}
	res.Lines = append(res.Lines, s.TotalsLine())
	if s.WarningCount > 0 {
		res.Lines = append(res.Lines, fmt.Sprintf("Hinweise: %s", th(s.WarningCount)))
	}
	if len(s.Missing) > 0 {
		names := make([]string, 0, len(s.Missing))
		for _, a := range s.Missing {
			names = append(names, a.Name)
		}
		res.Lines = append(res.Lines, fmt.Sprintf("Nicht mehr in der Datei, aber noch gespeichert (%s): %s – entfernen mit dem Befehl gigaplan import areas --remove-missing",
			th(len(s.Missing)), strings.Join(names, ", ")))
	}
	ov := s.Overlay
	res.Lines = append(res.Lines, ov.Line())
	if ov.AGSMismatches > 0 {
		res.Lines = append(res.Lines, fmt.Sprintf("Adressen, deren AGS nicht zur Gemeinde der Verschneidung passt: %s", th(ov.AGSMismatches)))
	}
	if len(ov.Overlaps) > 0 {
		res.Lines = append(res.Lines, fmt.Sprintf("Überlappungen von Gemeinden oder Ortsteilen: %d – Adressen darin gehören zum zuerst importierten Gebiet", len(ov.Overlaps)))
	}
	res.Skipped = issuesOf(s.Skipped)
	res.Warnings = issuesOf(s.Warnings)
	if s.SkippedCount > len(res.Skipped) {
		res.More = fmt.Sprintf("… und %s weitere übersprungene", th(s.SkippedCount-len(res.Skipped)))
	}
}

// viewCheck formats a geo.Check for the page.
func viewCheck(c *geo.Check, addresses bool) *checkView {
	v := &checkView{}
	for _, r := range c.Files {
		line := fmt.Sprintf("%s: Format %s", r.File, r.Format)
		switch {
		case r.CRS != 0 && r.CRSName != "":
			line += fmt.Sprintf(", Koordinatensystem %s (%s)", r.CRS, r.CRSName)
		case r.CRS != 0:
			line += ", Koordinatensystem " + r.CRS.String()
		case r.CRSName != "":
			line += ", Koordinatensystem " + r.CRSName + " (wie in der Datei beschrieben, ohne EPSG-Code)"
		}
		if r.Encoding != "" {
			line += ", Zeichensatz " + r.Encoding
		}
		if r.NoNumberCount > 0 {
			line += fmt.Sprintf("; ohne Hausnummer (importiert und markiert): %s", th(r.NoNumberCount))
		}
		if r.FilteredCount > 0 {
			line += fmt.Sprintf("; ausgefiltert: %s", th(r.FilteredCount))
		}
		v.Files = append(v.Files, line)
		if len(r.Mapping) > 0 {
			m := r.File + ": " + geo.MappingGerman(r.Mapping)
			if len(r.Unmapped) > 0 {
				m += " – nicht verwendet: " + strings.Join(r.Unmapped, ", ")
			}
			v.Mapping = append(v.Mapping, m)
		}
	}
	unit := "Adressen"
	if !addresses {
		unit = "Gebiete"
	}
	v.Counts = fmt.Sprintf("%s: %s gelesen, %s neu, %s aktualisiert, %s unverändert, %s übersprungen",
		unit, th(c.Read), th(c.New), th(c.Updated), th(c.Unchanged), th(c.Skipped))
	for _, w := range c.Warnings {
		ex := ""
		if len(w.Examples) > 0 {
			ex = w.Examples[0].String()
		}
		v.Warnings = append(v.Warnings, checkWarning{Count: th(w.Count), Message: w.Message, Example: ex})
	}
	arrow := func(a, b int) string {
		if a == b {
			return th(a)
		}
		return th(a) + " → " + th(b)
	}
	for i, a := range c.Areas {
		if i == maxListedIssues {
			break
		}
		name := a.Name
		if a.New {
			name += " (neu)"
		}
		v.Areas = append(v.Areas, checkArea{Kind: a.Kind.German(), Name: name, Buildings: arrow(a.Before.Buildings, a.After.Buildings),
			Households: arrow(a.Before.Households, a.After.Households), Businesses: arrow(a.Before.Businesses, a.After.Businesses)})
	}
	if c.Stop != nil {
		v.Stop = geo.ErrorMessage(c.Stop)
	}
	return v
}
