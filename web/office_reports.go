package web

import (
	"fmt"
	"io"
	"iter"
	"math"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"gigaplan/campaigns"
	"gigaplan/geo"
	"gigaplan/reports"
)

// The downloads page /buero/berichte: the council workbook, the funding
// application workbook, the GIS exports and the mail-merge file, made by
// the reports package and streamed to the browser. Downloads are GET
// requests (they change nothing); each is recorded in the audit log.

// GPKGLayer describes the one layer of a GeoPackage download.
type GPKGLayer struct {
	Name         string // table name, e.g. "addresses"
	GeometryType string // POINT, MULTIPOLYGON …
	Description  string
	Columns      []reports.Column
}

// GPKGFeature is one row of a GeoPackage layer: a geometry (nil: none)
// and the values in the layer's column order.
type GPKGFeature struct {
	Geometry orb.Geometry
	Values   []any
}

// GPKGWriter writes a GeoPackage file at path with one layer and its
// features. The web cannot import the GeoPackage writer (it lives in
// data/gpkg), so cmd passes one in through Config.WriteGPKG.
type GPKGWriter func(path string, layer GPKGLayer, features iter.Seq2[GPKGFeature, error]) error

// Content types of the downloads.
const (
	contentXLSX    = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	contentCSV     = "text/csv; charset=utf-8"
	contentGeoJSON = "application/geo+json"
	contentGPKG    = "application/geopackage+sqlite3"
)

func (o *office) reportRoutes(b *gin.RouterGroup) {
	b.GET("/berichte", o.reportsPage)
	b.GET("/berichte/sachstand", o.councilDownload)
	b.GET("/berichte/kreis", o.countyDownload)
	b.GET("/berichte/foerderantrag", o.fundingDownload)
	b.GET("/berichte/adressen", o.addressesDownload)
	b.GET("/berichte/gebiete", o.areasDownload)
	b.GET("/berichte/serienbrief", o.mailMergeDownload)
}

func (o *office) source() reports.Source {
	src := reports.Source{Geo: o.s.store, Supply: o.s.cfg.Supply, Campaigns: o.s.camps}
	if src.Supply == nil {
		// Both stores keep the market survey too.
		src.Supply, _ = o.s.store.(geo.SupplyStore)
	}
	return src
}

// asciiName replaces umlauts and ß for the plain filename parameter.
var asciiName = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss")

// downloadNamePart keeps letters, digits, '-', '_' and '.' of a name part.
func downloadNamePart(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '-' || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '/' || r == '\\':
			b.WriteByte('_')
		}
	}
	return b.String()
}

// contentDisposition names the download: an ASCII filename for old
// clients and the German one as filename* (RFC 6266, RFC 5987).
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII {
			return '_'
		}
		return r
	}, asciiName.Replace(name))
	if ascii == name {
		return fmt.Sprintf(`attachment; filename="%s"`, name)
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name))
}

// download writes the headers with the first byte, so that an error
// before any output can still show the page.
type download struct {
	c       *gin.Context
	ctype   string
	name    string
	started bool
}

func (d *download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.c.Writer.Header()
		h.Set("Content-Type", d.ctype)
		h.Set("Content-Disposition", contentDisposition(d.name))
		h.Set("Cache-Control", "no-store")
		d.c.Status(http.StatusOK)
	}
	return d.c.Writer.Write(p)
}

// finish ends a download: records it, or shows err when nothing was sent
// (a field error when it is the person's input), or logs it when the
// file was already under way (the browser then gets a truncated file).
func (o *office) finish(c *gin.Context, d *download, err error, field string) {
	u, _ := currentUser(c)
	switch {
	case err == nil:
		if !d.started { // an empty file
			_, _ = d.Write(nil)
		}
		o.audit(c, u.Name, campaigns.AuditDownload, d.name)
	case d.started:
		o.s.log.Error("download failed midway", "file", d.name, "err", err)
	case geo.ErrorCode(err) == geo.EINVALID || geo.ErrorCode(err) == geo.ENOTFOUND:
		o.reportsForm(c, http.StatusUnprocessableEntity, map[string]string{field: geo.ErrorMessage(err)})
	default:
		o.fail(c, err)
	}
}

// Page.

type reportsPage struct {
	officePage
	Today    string
	Stand    string
	Seit     string
	Kosten   string
	Anteile  string
	Kontakt  string
	Horizont string // the market survey's time horizon in years, "" for the survey's or the rule's
	// Surveys are the market surveys the funding workbook can read (the
	// scope's); Markterkundung is the one chosen, "" for the latest of
	// the project areas.
	Surveys        []selectOption
	Markterkundung string
	// OhneMEV: the funding workbook is wanted without a market survey.
	OhneMEV    bool
	AreaGroups []areaGroup
	Areas      []selectOption
	Rules      []selectOption
	Kinds      []selectOption
	// County offers the county workbook (county-wide users, several
	// municipalities).
	County bool
	// Filter narrows the page to one municipality (county-wide users);
	// Gemeinde is its value, which every form sends along.
	Filter   municipalityFilter
	Gemeinde string
	GPKG     bool
	Errs     map[string]string
	Message  string
}

func (o *office) reportsPage(c *gin.Context) { o.reportsForm(c, http.StatusOK, nil) }

func (o *office) reportsForm(c *gin.Context, status int, errs map[string]string) {
	sc, filter := o.listScope(c)
	if sc == nil {
		return
	}
	p := reportsPage{Filter: filter, Gemeinde: c.Query("gemeinde"), County: len(filter.Options) > 0, officePage: o.page(c, "Berichte und Exporte"), Today: isoDate(campaigns.Today(o.s.now())),
		Stand: c.Query("stand"), Seit: c.Query("seit"), Kosten: c.Query("kosten"), Anteile: c.DefaultQuery("anteile", "50/40/10"), Horizont: c.Query("zeithorizont"),
		Kontakt: c.Query("kontakt"), OhneMEV: c.Query("ohne_markterkundung") != "", Markterkundung: c.Query("markterkundung"),
		GPKG: o.s.cfg.WriteGPKG != nil, Errs: errs}
	if p.Errs == nil {
		p.Errs = map[string]string{}
	} else {
		p.Message = "Die Datei konnte nicht erstellt werden: bitte die markierten Angaben prüfen."
	}
	chosen := map[int64]bool{}
	for _, v := range c.QueryArray("gebiet") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			chosen[id] = true
		}
	}
	var err error
	if p.AreaGroups, err = o.areaGroups(c, sc, chosen); err != nil {
		o.fail(c, err)
		return
	}
	for _, g := range p.AreaGroups {
		for _, a := range g.Areas {
			p.Areas = append(p.Areas, selectOption{Value: strconv.FormatInt(a.ID, 10), Label: a.Name + " (" + a.Kind + ")", Selected: a.Checked})
		}
	}
	rules := c.DefaultQuery("regeln", campaigns.DefaultRuleSet)
	for _, rs := range campaigns.DefaultRuleSets {
		p.Rules = append(p.Rules, selectOption{Value: rs.Name, Label: rs.Title, Selected: rs.Name == rules})
	}
	svs, err := o.scopedSurveys(c.Request.Context(), sc)
	if err != nil {
		o.fail(c, err)
		return
	}
	p.Surveys = surveyOptions(svs, p.Markterkundung)
	for _, k := range []geo.AreaKind{geo.KindDistrict, geo.KindZone, geo.KindBuildArea} {
		p.Kinds = append(p.Kinds, selectOption{Value: string(k), Label: kindPlural(k), Selected: c.Query("art") == string(k)})
	}
	o.render(c, status, "reports.html", p)
}

// queryDate reads an optional date parameter.
func queryDate(c *gin.Context, name string) (time.Time, string) {
	return parseFormDate(c.Query(name), false)
}

// queryAreas resolves the ?gebiet= area IDs among those the scope sees;
// another municipality's area reads as none.
func (o *office) queryAreas(c *gin.Context, sc *scope) ([]geo.AreaSummary, string, error) {
	ids := c.QueryArray("gebiet")
	if len(ids) == 0 || (len(ids) == 1 && ids[0] == "") {
		return nil, "", nil
	}
	all, err := o.s.store.Areas(c.Request.Context(), "")
	if err != nil {
		return nil, "", err
	}
	var out []geo.AreaSummary
	for _, v := range ids {
		id, err := strconv.ParseInt(v, 10, 64)
		i := slices.IndexFunc(all, func(a geo.AreaSummary) bool { return a.ID == id })
		if err != nil || i < 0 || !sc.area(id) {
			return nil, "Dieses Gebiet gibt es nicht. Bitte wählen Sie es aus der Liste.", nil
		}
		out = append(out, all[i])
	}
	return out, "", nil
}

func areaNames(as []geo.AreaSummary) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out
}

// Council workbook.

func (o *office) councilDownload(c *gin.Context) {
	sc, _ := o.listScope(c)
	if sc == nil {
		return
	}
	errs := map[string]string{}
	asOf, msg := queryDate(c, "stand")
	if msg != "" {
		errs["stand"] = msg
	}
	since, msg := queryDate(c, "seit")
	if msg != "" {
		errs["seit"] = msg
	}
	today := campaigns.Today(o.s.now())
	if asOf.After(today) {
		errs["stand"] = "Der Stand darf nicht in der Zukunft liegen."
	}
	day := today
	if !asOf.IsZero() {
		day = asOf
	}
	if err := reports.CheckSince(since, day); err != nil && errs["stand"] == "" {
		errs["seit"] = geo.ErrorMessage(err)
	}
	if len(errs) > 0 {
		o.reportsForm(c, http.StatusUnprocessableEntity, errs)
		return
	}
	opt := reports.CouncilOptions{AsOf: asOf, Since: since, Now: o.s.now}
	name := "Sachstand-"
	if !sc.countyWide() {
		opt.Municipality = municipalityKey(sc.muni)
		name += downloadNamePart(sc.muni.Name) + "-"
		auditIn(c, sc.muni.ID)
	}
	d := &download{c: c, ctype: contentXLSX, name: name + isoDate(day) + ".xlsx"}
	err := reports.Council(c.Request.Context(), o.s.camps, opt, d)
	o.finish(c, d, err, "seit")
}

// countyDownload sends the county workbook (county-wide users only): a
// line per municipality and a sheet of each one's campaign areas.
func (o *office) countyDownload(c *gin.Context) {
	sc := o.requestScope(c)
	if sc == nil {
		return
	}
	if !sc.countyWide() {
		o.errorPage(c, http.StatusForbidden, fmt.Sprintf("Der Bericht für den Kreis ist kreisweiten Benutzern vorbehalten; Ihr Benutzerkonto gilt für %s.", sc.muni.Name))
		return
	}
	asOf, msg := queryDate(c, "stand")
	if msg == "" && asOf.After(campaigns.Today(o.s.now())) {
		msg = "Der Stand darf nicht in der Zukunft liegen."
	}
	if msg != "" {
		o.reportsForm(c, http.StatusUnprocessableEntity, map[string]string{"county_stand": msg})
		return
	}
	day := campaigns.Today(o.s.now())
	if !asOf.IsZero() {
		day = asOf
	}
	d := &download{c: c, ctype: contentXLSX, name: "Kreis-Sachstand-" + isoDate(day) + ".xlsx"}
	err := reports.CouncilCounty(c.Request.Context(), o.s.camps, reports.CouncilOptions{AsOf: asOf, Now: o.s.now}, d)
	o.finish(c, d, err, "county_stand")
}

// Funding workbook.

func (o *office) fundingDownload(c *gin.Context) {
	ctx := c.Request.Context()
	sc, _ := o.listScope(c)
	if sc == nil {
		return
	}
	errs := map[string]string{}
	areas, msg, err := o.queryAreas(c, sc)
	if err != nil {
		o.fail(c, err)
		return
	}
	muni := int64(-1)
	for _, a := range areas {
		if m := sc.municipalityOf(a.ID); muni == -1 {
			muni = m
		} else if m != muni {
			msg = "Die Projektgebiete liegen in verschiedenen Gemeinden: ein Förderantrag gilt für eine Gemeinde."
		}
	}
	switch {
	case msg != "":
		errs["funding_areas"] = msg
	case len(areas) == 0:
		errs["funding_areas"] = "Bitte mindestens ein Projektgebiet wählen."
	}
	rs, err := campaigns.RuleSetByName(c.DefaultQuery("regeln", campaigns.DefaultRuleSet), campaigns.DefaultRuleSets)
	if err != nil {
		errs["funding_rules"] = "Bitte ein Regelwerk aus der Liste wählen."
	}
	horizon := rs.HorizonDefaultYears
	if h := strings.TrimSpace(c.Query("zeithorizont")); h != "" && err == nil {
		n, convErr := strconv.Atoi(h)
		if convErr != nil {
			errs["funding_horizon"] = "Bitte den Zeithorizont in ganzen Jahren angeben, z. B. 5."
		} else if horizon, convErr = rs.Horizon(n); convErr != nil {
			errs["funding_horizon"] = geo.ErrorMessage(convErr) + "."
		}
	}
	asOf, msg := queryDate(c, "stand")
	if msg != "" {
		errs["funding_stand"] = msg
	}
	cost, shares, costErr, sharesErr := parseCost(c.Query("kosten"), c.DefaultQuery("anteile", "50/40/10"))
	if costErr != "" {
		errs["funding_cost"] = costErr
	}
	if sharesErr != "" {
		errs["funding_shares"] = sharesErr
	} else if cost > 0 && err == nil {
		if err := rs.CheckShareFractions(shares[0], shares[1], shares[2]); err != nil {
			errs["funding_shares"] = geo.ErrorMessage(err)
		}
	}
	var surveyID int64
	if v := c.Query("markterkundung"); v != "" {
		if surveyID, err = o.scopedSurvey(ctx, sc, v); err != nil {
			o.fail(c, err)
			return
		} else if surveyID == 0 {
			errs["funding_survey"] = "Bitte eine Markterkundung aus der Liste wählen."
		}
	}
	if len(errs) > 0 {
		o.reportsForm(c, http.StatusUnprocessableEntity, errs)
		return
	}
	if asOf.IsZero() {
		asOf = campaigns.Today(o.s.now())
	}
	names := areaNames(areas)
	opt := reports.FundingOptions{Areas: names, RuleSet: rs.Name, RuleTitle: rs.Title, RuleSource: rs.Source, HorizonYears: horizon, AsOf: asOf, CostPerConnection: cost,
		Contact: strings.TrimSpace(c.Query("kontakt"))}
	if cost > 0 {
		opt.ShareBund, opt.ShareLand, opt.ShareMunicipality = shares[0], shares[1], shares[2]
	}
	ro := reports.RowOptions{Coverage: true, Rules: &rs, AsOf: asOf, HorizonYears: horizon}
	if m, ok := sc.byID[muni]; ok && muni > 0 {
		opt.Municipality, opt.AGS = m.Name, m.AGS
		ro.Municipality = m.ID
		auditIn(c, m.ID)
	} else if munis := sc.municipalities(); len(munis) == 1 {
		opt.Municipality, opt.AGS = munis[0].Name, munis[0].AGS
	}
	if opt.Contact == "" {
		opt.Contact = TownContact(o.s.cfg.Towns, opt.AGS) // the office's contact from --municipalities
	}
	// The survey, its sheet and its time horizon, as gigaplan report
	// funding reads them.
	src := o.source()
	horizonGiven := strings.TrimSpace(c.Query("zeithorizont")) != ""
	if err := src.FundingSurvey(ctx, names, surveyID, horizonGiven, webSurveyHints, &ro, &opt); err != nil {
		o.finish(c, &download{}, err, "funding_survey")
		return
	}
	missing, err := src.SurveyMissing(ctx, names, ro.Municipality, surveyID)
	if err != nil {
		o.fail(c, err)
		return
	}
	if len(missing) > 0 && c.Query("ohne_markterkundung") == "" {
		o.reportsForm(c, http.StatusUnprocessableEntity, map[string]string{"funding_areas": geo.ErrorMessage(reports.NoSurveyError(missing,
			"Versorgungsdaten unter „Import“ einlesen – oder „ohne Markterkundung erstellen“ ankreuzen (auf dem Deckblatt rot vermerkt)."))})
		return
	}
	opt.WithoutSurvey = len(missing) > 0
	if opt.Imports, err = src.FundingImports(ctx, names, ro.Municipality); err != nil {
		o.fail(c, err)
		return
	}
	sites, err := o.s.camps.SiteViews(ctx)
	if err != nil {
		o.fail(c, err)
		return
	}
	opt.Sites = reports.SitesByAddress(sites)
	rows, err := src.ProjectRows(ctx, names, ro)
	if err != nil {
		o.finish(c, &download{}, err, "funding_areas")
		return
	}
	d := &download{c: c, ctype: contentXLSX, name: "Förderantrag-" + downloadNamePart(strings.Join(names, "-")) + "-" + isoDate(asOf) + ".xlsx"}
	_, err = reports.Funding(ctx, rows, opt, d)
	o.finish(c, d, err, "funding_areas")
}

// webSurveyHints say how to choose a market survey and a time horizon on
// the office's reports page (reports.FundingSurvey's refusals).
var webSurveyHints = reports.SurveyHints{Choose: "unter „Markterkundung“ eine wählen", Horizon: "im Feld „Zeithorizont“"}

// parseCost reads the optional cost per connection in euros ("2.500",
// "2500,50") and the funding shares Bund/Land/Kommune in percent
// ("50/40/10"), which matter only with a cost.
func parseCost(costText, sharesText string) (cost float64, shares [3]float64, costErr, sharesErr string) {
	costText = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(costText), "€"))
	if costText == "" {
		return 0, shares, "", ""
	}
	v, err := strconv.ParseFloat(strings.Replace(strings.ReplaceAll(costText, ".", ""), ",", ".", 1), 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, shares, fmt.Sprintf("„%s“ ist kein Betrag in Euro, z. B. 2.500 oder 2500,50.", costText), ""
	}
	parts := strings.Split(sharesText, "/")
	if len(parts) != 3 {
		return v, shares, "", "Bitte drei Anteile Bund/Land/Kommune in Prozent angeben, z. B. 50/40/10."
	}
	sum := 0.0
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(p), "%")), ",", ".", 1), 64)
		if err != nil || x < 0 || x > 100 {
			return v, shares, "", fmt.Sprintf("„%s“ ist kein Prozentwert zwischen 0 und 100.", strings.TrimSpace(p))
		}
		shares[i] = x / 100
		sum += x
	}
	if math.Abs(sum-100) > 0.001 {
		return v, shares, "", fmt.Sprintf("Die Anteile ergeben %s %%, nicht 100 %%.", deDecimal(sum, 0))
	}
	return v, shares, "", ""
}

// Exports.

func (o *office) addressesDownload(c *gin.Context) {
	ctx := c.Request.Context()
	errs := map[string]string{}
	format := c.DefaultQuery("format", "csv")
	if format != "csv" && format != "csv-gis" && format != "geojson" && (format != "gpkg" || o.s.cfg.WriteGPKG == nil) {
		errs["addr_format"] = "Bitte ein Format aus der Liste wählen."
	}
	sc, _ := o.listScope(c)
	if sc == nil {
		return
	}
	areas, msg, err := o.queryAreas(c, sc)
	if err != nil {
		o.fail(c, err)
		return
	}
	if msg != "" {
		errs["addr_area"] = msg
	} else if len(areas) > 1 {
		errs["addr_area"] = "Bitte höchstens ein Gebiet wählen."
	}
	if len(errs) > 0 {
		o.reportsForm(c, http.StatusUnprocessableEntity, errs)
		return
	}
	today := campaigns.Today(o.s.now())
	var filter geo.AddressFilter
	name := "Adressen-"
	switch {
	case len(areas) == 1:
		filter.AreaID = areas[0].ID
		name += downloadNamePart(areas[0].Name) + "-"
	case !sc.countyWide():
		filter.AreaID = sc.muni.ID // the overlay assigns every address to its municipality
		name += downloadNamePart(sc.muni.Name) + "-"
		auditIn(c, sc.muni.ID)
	}
	name += isoDate(today)
	src := o.source()
	opt := reports.RowOptions{Coverage: true, AsOf: today}
	if src.Supply != nil {
		rs, err := campaigns.RuleSetByName(campaigns.DefaultRuleSet, campaigns.DefaultRuleSets)
		if err != nil {
			o.fail(c, err)
			return
		}
		opt.Rules = &rs
		// The area's survey decides by its own time horizon, as the
		// area's funding workbook and gigaplan export addresses do.
		if opt.HorizonYears, err = src.AreaHorizon(ctx, filter.AreaID, rs, "in der Befehlszeile (gigaplan export addresses --horizon N)"); err != nil {
			o.finish(c, &download{}, err, "addr_area")
			return
		}
	}
	rows, err := src.AddressRows(ctx, filter, opt)
	if err != nil {
		o.finish(c, &download{}, err, "addr_area")
		return
	}
	switch format {
	case "csv":
		d := &download{c: c, ctype: contentCSV, name: name + ".csv"}
		_, err = reports.WriteAddressesExcelCSV(d, rows)
		o.finish(c, d, err, "addr_area")
	case "csv-gis":
		d := &download{c: c, ctype: contentCSV, name: name + "-GIS.csv"}
		_, err = reports.WriteAddressesCSV(d, rows)
		o.finish(c, d, err, "addr_area")
	case "geojson":
		d := &download{c: c, ctype: contentGeoJSON, name: name + ".geojson"}
		_, err = reports.WriteAddressesGeoJSON(d, rows)
		o.finish(c, d, err, "addr_area")
	case "gpkg":
		layer := GPKGLayer{Name: "addresses", GeometryType: "POINT", Columns: reports.AddressColumns,
			Description: "Adressen mit Gebieten, Versorgung und Förderfähigkeit"}
		features := func(yield func(GPKGFeature, error) bool) {
			for r, err := range rows {
				if err != nil {
					yield(GPKGFeature{}, err)
					return
				}
				if !yield(GPKGFeature{Geometry: orb.Point{r.Lon, r.Lat}, Values: reports.AddressValues(r)}, nil) {
					return
				}
			}
		}
		o.sendGPKG(c, name+".gpkg", layer, features, "addr_area")
	}
}

func (o *office) areasDownload(c *gin.Context) {
	sc, _ := o.listScope(c)
	if sc == nil {
		return
	}
	errs := map[string]string{}
	format := c.DefaultQuery("format", "geojson")
	if format != "geojson" && (format != "gpkg" || o.s.cfg.WriteGPKG == nil) {
		errs["areas_format"] = "Bitte ein Format aus der Liste wählen."
	}
	var kind geo.AreaKind
	if k := c.Query("art"); k != "" {
		var err error
		if kind, err = geo.ParseAreaKind(k); err != nil {
			errs["areas_kind"] = "Bitte eine Gebietsart aus der Liste wählen."
		}
	}
	if len(errs) > 0 {
		o.reportsForm(c, http.StatusUnprocessableEntity, errs)
		return
	}
	rows, err := o.source().AreaRows(c.Request.Context(), kind)
	if err != nil {
		o.finish(c, &download{}, err, "areas_kind")
		return
	}
	name := "Gebiete-"
	if !sc.countyWide() {
		rows = slices.DeleteFunc(rows, func(r reports.AreaRow) bool { return !sc.area(r.ID) })
		name += downloadNamePart(sc.muni.Name) + "-"
		auditIn(c, sc.muni.ID)
	}
	if kind != "" {
		name += kindPlural(kind) + "-"
	}
	name += isoDate(campaigns.Today(o.s.now()))
	if format == "geojson" {
		d := &download{c: c, ctype: contentGeoJSON, name: name + ".geojson"}
		o.finish(c, d, reports.WriteAreasGeoJSON(d, rows), "areas_kind")
		return
	}
	layer := GPKGLayer{Name: "areas", GeometryType: "MULTIPOLYGON", Columns: reports.AreaColumns,
		Description: "Gebiete mit Adresszahlen und Kampagnenstand (eine Zeile je Gebiet und Kampagne)"}
	features := func(yield func(GPKGFeature, error) bool) {
		for _, r := range rows {
			var g orb.Geometry = r.Geometry
			if len(r.Geometry) == 0 {
				g = nil
			}
			if !yield(GPKGFeature{Geometry: g, Values: reports.AreaValues(r)}, nil) {
				return
			}
		}
	}
	o.sendGPKG(c, name+".gpkg", layer, features, "areas_kind")
}

// sendGPKG writes the GeoPackage into a temporary file (SQLite needs a
// file), then streams it with its length.
func (o *office) sendGPKG(c *gin.Context, name string, layer GPKGLayer, features iter.Seq2[GPKGFeature, error], field string) {
	dir, err := os.MkdirTemp("", "gigaplan-gpkg-*")
	if err != nil {
		o.fail(c, fmt.Errorf("web: temporary directory for %s: %w", name, err))
		return
	}
	defer os.RemoveAll(dir)
	path := dir + string(os.PathSeparator) + "export.gpkg"
	if err := o.s.cfg.WriteGPKG(path, layer, features); err != nil {
		o.finish(c, &download{}, err, field)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		o.fail(c, fmt.Errorf("web: open %s: %w", name, err))
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		o.fail(c, fmt.Errorf("web: stat %s: %w", name, err))
		return
	}
	d := &download{c: c, ctype: contentGPKG, name: name}
	c.Header("Content-Length", strconv.FormatInt(st.Size(), 10))
	_, err = io.Copy(d, f)
	o.finish(c, d, err, field)
}

func (o *office) mailMergeDownload(c *gin.Context) {
	sc, _ := o.listScope(c)
	if sc == nil {
		return
	}
	areas, msg, err := o.queryAreas(c, sc)
	if err != nil {
		o.fail(c, err)
		return
	}
	switch {
	case msg != "":
	case len(areas) != 1:
		msg = "Bitte genau ein Gebiet wählen."
	}
	if msg != "" {
		o.reportsForm(c, http.StatusUnprocessableEntity, map[string]string{"mail_area": msg})
		return
	}
	// The letter needs only the address lines and the district.
	rows, err := o.source().AddressRows(c.Request.Context(), geo.AddressFilter{AreaID: areas[0].ID}, reports.RowOptions{})
	if err != nil {
		o.finish(c, &download{}, err, "mail_area")
		return
	}
	d := &download{c: c, ctype: contentCSV, name: "Serienbrief-" + downloadNamePart(areas[0].Name) + "-" + isoDate(campaigns.Today(o.s.now())) + ".csv"}
	_, err = reports.WriteMailMerge(d, rows)
	o.finish(c, d, err, "mail_area")
}
