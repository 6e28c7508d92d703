package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"golang.org/x/crypto/bcrypt"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/web"
)

// Two towns in one county: Westheim (A) and Osthausen (B), each with a
// district "Nord" (the same name), a campaign, addresses, users, an API
// token and audit entries. alma is the county's admin (so that the role
// matrix's forms, read by alma, can be filled for either town).
const (
	westAGS = "08317001"
	ostAGS  = "08317002"
)

// ostMarkers are words that only B's data contain: a page or file of A's
// users that shows one of them leaks B's data.
var ostMarkers = []string{"Osthausen", ostAGS, "Ost-DG", "Osthain", "Ostring", "ostolf", "ostrud", "Ost-Token", "Ost-Geheimnis"}

// muniVars are the placeholders of roleMatrix rows (see matrixRow) for
// one town.
type muniVars map[string]string

type muniFixture struct {
	m          *matrix
	west, ost  muniVars
	westID     int64
	ostID      int64
	westSecret string
}

// sq is a square polygon in WGS84 degrees.
func sq(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

func newMuniFixture(t *testing.T) *muniFixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "towns.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC)
	svc := &campaigns.Service{Geo: st, Store: st, Now: func() time.Time { return now }}
	gs := &geo.Service{Store: st}
	if _, err := st.ImportAreas(ctx, geo.Values([]geo.Area{
		{Kind: geo.KindMunicipality, Name: "Westheim", AGS: westAGS, Geometry: sq(7.85, 48.40, 8.00, 48.55)},
		{Kind: geo.KindMunicipality, Name: "Osthausen", AGS: ostAGS, Geometry: sq(8.00, 48.40, 8.15, 48.55)},
	})); err != nil {
		t.Fatal(err)
	}
	munis, err := st.Areas(ctx, geo.KindMunicipality)
	if err != nil {
		t.Fatal(err)
	}
	mf := &muniFixture{}
	for _, m := range munis {
		if m.AGS == westAGS {
			mf.westID = m.ID
		} else {
			mf.ostID = m.ID
		}
	}
	if _, err := st.ImportAreas(ctx, geo.Values([]geo.Area{
		{Kind: geo.KindDistrict, Name: "Nord", Municipality: mf.westID, Geometry: sq(7.90, 48.47, 7.95, 48.50)},
		{Kind: geo.KindDistrict, Name: "Süd", Municipality: mf.westID, Geometry: sq(7.90, 48.44, 7.95, 48.47)},
		{Kind: geo.KindDistrict, Name: "Nord", Municipality: mf.ostID, Geometry: sq(8.05, 48.47, 8.10, 48.50)},
		{Kind: geo.KindDistrict, Name: "Osthain", Municipality: mf.ostID, Geometry: sq(8.05, 48.44, 8.10, 48.47)},
	})); err != nil {
		t.Fatal(err)
	}
	addrs := []geo.Address{
		{Street: "Hauptstraße", HouseNumber: "12", Postcode: "77654", City: "Westheim", Lon: 7.92, Lat: 48.48, Households: 3, Type: geo.TypePrivate},
		{Street: "Hauptstraße", HouseNumber: "14", Postcode: "77654", City: "Westheim", Lon: 7.921, Lat: 48.481, Households: 1, Type: geo.TypePrivate},
		{Street: "Mühlenweg", HouseNumber: "3", Postcode: "77654", City: "Westheim", Lon: 7.92, Lat: 48.45, Households: 2, Type: geo.TypePrivate},
		{Street: "Ostring", HouseNumber: "1", Postcode: "77656", City: "Osthausen", Lon: 8.07, Lat: 48.48, Households: 4, Type: geo.TypePrivate},
		{Street: "Ostring", HouseNumber: "2", Postcode: "77656", City: "Osthausen", Lon: 8.07, Lat: 48.45, Households: 2, Type: geo.TypePrivate},
	}
	for i := range addrs {
		addrs[i].Key = geo.AddressKey(addrs[i])
	}
	if _, err := st.ImportAddresses(ctx, geo.Values(addrs)); err != nil {
		t.Fatal(err)
	}
	if _, err := gs.Reassign(ctx); err != nil {
		t.Fatal(err)
	}
	start, deadline := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)
	west, err := svc.Create(ctx, campaigns.NewCampaign{Provider: "Glasfaser West", Name: "West-DG", Areas: []string{"Nord", "Süd"},
		Threshold: 0.33, Start: start, Deadline: deadline, Municipality: westAGS})
	if err != nil {
		t.Fatal(err)
	}
	ost, err := svc.Create(ctx, campaigns.NewCampaign{Provider: "Glasfaser Ost", Name: "Ost-DG", Areas: []string{"Nord", "Osthain"},
		Threshold: 0.33, Start: start, Deadline: deadline, Municipality: ostAGS})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []campaigns.NewEntry{
		{Campaign: "West-DG", Area: "Nord", AsOf: time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC), Count: 2, BasedOn: -1},
		{Campaign: "Ost-DG", Area: "Osthain", AsOf: time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC), Count: 1, BasedOn: -1},
	} {
		if _, err := svc.AddEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}

	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]int64{}
	for _, u := range []campaigns.User{
		{Name: "alma", Role: campaigns.RoleAdmin},
		{Name: "anna", Role: campaigns.RoleAdmin, Municipality: mf.westID},
		{Name: "edda", Role: campaigns.RoleEditor, Municipality: mf.westID},
		{Name: "vicky", Role: campaigns.RoleViewer, Municipality: mf.westID},
		{Name: "wilma", Role: campaigns.RoleViewer, Municipality: mf.westID, Disabled: true},
		{Name: "ostolf", Role: campaigns.RoleViewer, Municipality: mf.ostID},
		{Name: "ostrud", Role: campaigns.RoleViewer, Municipality: mf.ostID, Disabled: true},
	} {
		u.PasswordHash, u.CreatedAt = hash, now
		id, err := st.CreateUser(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		users[u.Name] = id
	}
	tokens := map[string]int64{}
	for name, camp := range map[string]int64{"West-Token": west.ID, "Ost-Token": ost.ID} {
		secret, h, err := campaigns.NewAPIToken()
		if err != nil {
			t.Fatal(err)
		}
		if tokens[name], err = st.CreateToken(ctx, campaigns.APIToken{Name: name, CampaignID: camp, Hash: h, CreatedAt: now, CreatedBy: "alma"}); err != nil {
			t.Fatal(err)
		}
		if name == "West-Token" {
			mf.westSecret = secret
		}
	}
	if err := st.AddAudit(ctx, campaigns.AuditEntry{At: now, User: "ostolf", Action: campaigns.AuditSignups,
		Detail: "Ost-DG: Ost-Geheimnis", Municipality: mf.ostID}); err != nil {
		t.Fatal(err)
	}

	if _, err := st.AddSites(ctx, []campaigns.Site{{Name: "Rathaus", Kind: "Rathaus",
		Changes: []campaigns.SiteChange{{State: campaigns.SitePlanned, Effective: now.AddDate(0, 0, -20)}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddSurvey(ctx, geo.Survey{Name: "MEV Kreis", HorizonYears: 5}); err != nil {
		t.Fatal(err)
	}
	projects := map[string]int64{}
	for name, ags := range map[string]string{"Förderung Westheim": westAGS, "Förderung Osthain": ostAGS} {
		p, err := st.AddFundingProject(ctx, campaigns.FundingProject{Name: name, Municipalities: []string{ags}, CreatedBy: "alma"})
		if err != nil {
			t.Fatal(err)
		}
		projects[ags] = p.ID
	}
	dir := t.TempDir()
	cfg := web.Config{Users: st, Tokens: st, Supply: st, UploadDir: dir, RateLimits: web.NoRateLimits}
	f := &officeFixture{st: st, now: now, srv: web.New(cfg, st, svc)}
	areaIDs := map[string]string{}
	all, err := st.Areas(ctx, geo.KindDistrict)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		areaIDs[a.Name+"@"+strconv.FormatInt(a.Municipality, 10)] = strconv.FormatInt(a.ID, 10)
	}
	itoa := func(n int64) string { return strconv.FormatInt(n, 10) }
	mf.west = muniVars{"campaign": itoa(west.ID), "nord": areaIDs["Nord@"+itoa(mf.westID)], "ziel": itoa(users["vicky"]),
		"gesperrt": itoa(users["wilma"]), "token": itoa(tokens["West-Token"]), "municipality": itoa(mf.westID),
		"project": itoa(projects[westAGS])}
	mf.ost = muniVars{"campaign": itoa(ost.ID), "nord": areaIDs["Nord@"+itoa(mf.ostID)], "ziel": itoa(users["ostolf"]),
		"gesperrt": itoa(users["ostrud"]), "token": itoa(tokens["Ost-Token"]), "municipality": itoa(mf.ostID),
		"project": itoa(projects[ostAGS])}
	mf.m = &matrix{f: f, dir: dir, browser: map[string]*browser{}, csrf: map[string]string{}, secret: mf.westSecret}
	return mf
}

// forTown returns the row's request aimed at one town: its placeholders,
// and uploads whose content names the town's campaign or lies in it.
func (mf *muniFixture) forTown(r matrixRow, vars muniVars, west bool) matrixRow {
	mf.m.vars = vars
	switch r.name() {
	case "POST /buero/import (signups)":
		camp := "Ost-DG"
		if west {
			camp = "West-DG"
		}
		r.content = "campaign;area;date;count\n" + camp + ";Nord;01.02.2026;3\n"
	case "POST /buero/import (areas)":
		x := 8.05 // Osthausen
		if west {
			x = 7.90
		}
		r.content = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"bez":"Oberdorf"},"geometry":{"type":"Polygon","coordinates":[[[` +
			ftoa(x) + `,48.50],[` + ftoa(x+0.05) + `,48.50],[` + ftoa(x+0.05) + `,48.52],[` + ftoa(x) + `,48.52],[` + ftoa(x) + `,48.50]]]}}]}`
	case "POST /buero/benutzer":
		r.form = cloneValues(r.form)
		r.form.Set("municipality", "{municipality}")
	}
	return r
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// townExempt are the office routes that touch no town's data, with why.
var townExempt = map[string]string{
	"POST /logout":        "ends the user's own session",
	"GET /api/v1/session": "the user's own name and role",
}

// countyOnly are the rows that only county-wide users may do, in any
// town: the control request is the county admin's.
var countyOnly = map[string]bool{
	"POST /buero/import (addresses)": true,
	"POST /buero/import (supply)":    true,
	// The sites carry no municipality: the county office keeps them.
	"POST /buero/import (sites)":       true,
	"POST /buero/liegenschaften/stand": true,
}

// TestRouteMunicipalityMatrix sends every office route of roleMatrix,
// aimed at town B's data (its campaign, area, users, token, a file that
// lies in it), as town A's admin and as A's user of the route's least
// role: writes answer 403 and change nothing; reads answer 403 or show
// nothing of B (pages, CSV, GeoJSON and the workbooks' text). The same
// write aimed at A's data, by A's admin on a fresh store, changes the
// store: the refusals are the town's, not a broken request's.
func TestRouteMunicipalityMatrix(t *testing.T) {
	mf := newMuniFixture(t)
	leastOfA := map[access]string{viewer: "vicky", editor: "edda", admin: "anna"}
	for _, r := range roleMatrix {
		if r.min == anyone || r.min == apiToken || r.route == "POST /login" {
			continue // public: every town's citizens read every town
		}
		if why, ok := townExempt[r.route]; ok {
			t.Logf("%s: exempt (%s)", r.name(), why)
			continue
		}
		t.Run(r.name(), func(t *testing.T) {
			for _, who := range []string{leastOfA[r.min], "anna"} {
				m := mf.m
				row := mf.forTown(r, mf.ost, false)
				b := m.as(t, who)
				req := m.request(t, row, m.csrf[who], viaField, false)
				before := dbState(t, m.f)
				rec := b.do(req)
				after := dbState(t, m.f)
				if row.unsafe() {
					if rec.Code != http.StatusForbidden {
						t.Errorf("%s as %s (Westheim) on Osthausen's data: %d, want 403\n%s", row.name(), who, rec.Code, rec.Body)
					}
					if d := stateDiff(before, after); d != "" {
						t.Errorf("%s as %s on Osthausen's data changed the store:%s", row.name(), who, d)
					}
					emptyDir(t, m.dir)
					continue
				}
				if rec.Code == http.StatusForbidden {
					continue
				}
				if rec.Code >= 500 {
					t.Fatalf("%s as %s: %d\n%s", row.name(), who, rec.Code, rec.Body)
				}
				text := visibleText(t, rec)
				for _, mk := range ostMarkers {
					if strings.Contains(text, mk) {
						t.Errorf("%s as %s (Westheim) shows Osthausen's %q (status %d)", row.name(), who, mk, rec.Code)
					}
				}
			}
			if !r.unsafe() {
				return
			}
			// The control: the same write aimed at Westheim, on a fresh store.
			x := newMuniFixture(t)
			row := x.forTown(r, x.west, true)
			who := "anna"
			if countyOnly[r.name()] {
				who = "alma"
			}
			before := dbState(t, x.m.f)
			rec := x.m.as(t, who).do(x.m.request(t, row, x.m.csrf[who], viaField, false))
			if rec.Code >= 400 {
				t.Fatalf("%s as %s on Westheim's data: %d\n%s", row.name(), who, rec.Code, rec.Body)
			}
			if stateDiff(before, dbState(t, x.m.f)) == "" {
				t.Errorf("%s as %s on Westheim's data (%d) changed nothing: the refusal above proves nothing", row.name(), who, rec.Code)
			}
		})
	}
}

// visibleText is what a reader sees of an answer: the page's text, or
// the text of every part of a workbook.
func visibleText(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	body := rec.Body.Bytes()
	if !bytes.HasPrefix(body, []byte("PK")) {
		return html.UnescapeString(string(body))
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(&b, rc)
		rc.Close()
	}
	return html.UnescapeString(b.String())
}

// TestMunicipalityViews checks what each side does see: A's users their
// town's campaigns and users only, the county admin both towns (and can
// narrow the lists to one), and A's audit log without B's entries.
func TestMunicipalityViews(t *testing.T) {
	mf := newMuniFixture(t)
	m := mf.m
	cases := []struct {
		who, path string
		want      []string
		not       []string
	}{
		{"vicky", "/buero/kampagnen", []string{"West-DG", "Westheim"}, []string{"Ost-DG"}},
		{"vicky", "/buero", []string{"West-DG"}, []string{"Ost-DG"}},
		{"alma", "/buero/kampagnen", []string{"West-DG", "Ost-DG", `<select id="gemeinde"`}, nil},
		{"alma", "/buero/kampagnen?gemeinde=" + ostAGS, []string{"Ost-DG"}, []string{"West-DG"}},
		{"alma", "/buero/kampagnen?gemeinde=Westheim", []string{"West-DG"}, []string{"Ost-DG"}},
		{"anna", "/buero/benutzer", []string{"edda", "vicky"}, []string{"ostolf", "alma"}},
		{"alma", "/buero/benutzer", []string{"edda", "ostolf", "kreisweit"}, nil},
		{"anna", "/buero/tokens", []string{"West-Token"}, []string{"Ost-Token"}},
		{"anna", "/buero/protokoll", nil, []string{"Ost-Geheimnis"}},
		{"alma", "/buero/protokoll", []string{"Ost-Geheimnis"}, nil},
		{"edda", "/buero/kampagnen/neu", []string{"Süd"}, []string{"Osthain"}},
		{"alma", "/buero/kampagnen/neu", []string{"Ortsteile – Westheim", "Ortsteile – Osthausen", "Osthain"}, nil},
		{"anna", "/buero/import", []string{"Anmeldezahlen"}, []string{`value="addresses"`, `value="municipality"`}},
	}
	for _, tc := range cases {
		rec := m.as(t, tc.who).get(tc.path)
		if rec.Code != http.StatusOK {
			t.Errorf("%s %s: %d", tc.who, tc.path, rec.Code)
			continue
		}
		body := html.UnescapeString(rec.Body.String())
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s %s lacks %q", tc.who, tc.path, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(body, n) {
				t.Errorf("%s %s shows %q", tc.who, tc.path, n)
			}
		}
	}

	// The council workbook of A's admin is Westheim's: its cover names the
	// town with its AGS, and only West-DG.
	rec := m.as(t, "anna").get("/buero/berichte/sachstand")
	if rec.Code != http.StatusOK {
		t.Fatalf("sachstand: %d %s", rec.Code, rec.Body)
	}
	text := visibleText(t, rec)
	for _, w := range []string{"Westheim (AGS " + westAGS + ")", "West-DG"} {
		if !strings.Contains(text, w) {
			t.Errorf("Westheim's council workbook lacks %q", w)
		}
	}
	if !strings.Contains(rec.Header().Get("Content-Disposition"), "Sachstand-Westheim-") {
		t.Errorf("file name %q", rec.Header().Get("Content-Disposition"))
	}

	// An area file that lies in A, imported by A's admin, is placed in A.
	b := m.as(t, "anna")
	rec = b.upload([]part{{"csrf", m.csrf["anna"]}, {"kind", "areas"}, {"area_kind", "zone"}, {"name_field", "bez"}}, "gewerbe.geojson",
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"bez":"Am Bahnhof"},"geometry":{"type":"Polygon","coordinates":[[[7.86,48.41],[7.88,48.41],[7.88,48.42],[7.86,48.42],[7.86,48.41]]]}}]}`, false)
	if rec.Code != http.StatusOK {
		t.Fatalf("zone import by anna: %d\n%s", rec.Code, rec.Body)
	}
	z, err := m.f.st.AreaIn(context.Background(), mf.westID, geo.KindZone, "Am Bahnhof")
	if err != nil || z.Municipality != mf.westID {
		t.Errorf("anna's zone: %+v %v", z, err)
	}
	es, err := m.f.st.AuditFiltered(context.Background(), campaigns.AuditFilter{Municipality: mf.westID, Text: "gewerbe.geojson"})
	if err != nil || len(es) != 1 {
		t.Errorf("the import's audit entry in Westheim: %v %v", es, err)
	}

	// The county's admin places a zone on the border in the town chosen.
	if body := m.as(t, "alma").get("/buero/import").Body.String(); !strings.Contains(body, `<select id="municipality" name="municipality">`) ||
		strings.Contains(m.as(t, "anna").get("/buero/import").Body.String(), `id="municipality"`) {
		t.Error("the municipality choice of the import page: for the county's users only")
	}
	rec = m.as(t, "alma").upload([]part{{"csrf", m.csrf["alma"]}, {"kind", "areas"}, {"area_kind", "zone"}, {"name_field", "bez"},
		{"municipality", ostAGS}}, "grenz.geojson",
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"bez":"Grenzpark"},"geometry":{"type":"Polygon","coordinates":[[[7.98,48.41],[8.02,48.41],[8.02,48.42],[7.98,48.42],[7.98,48.41]]]}}]}`, false)
	if rec.Code != http.StatusOK {
		t.Fatalf("border zone by alma: %d\n%s", rec.Code, rec.Body)
	}
	if z, err := m.f.st.AreaIn(context.Background(), mf.ostID, geo.KindZone, "Grenzpark"); err != nil {
		t.Errorf("the border zone is not Osthausen's: %v", err)
	} else if z.Municipality != mf.ostID {
		t.Errorf("border zone in %d", z.Municipality)
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// TestSurveysScoped: a market survey of another municipality's area is
// neither offered to a town's users nor taken from them by ID, on the
// reports page (funding workbook) and in the new funding project form;
// the county's users see it.
func TestSurveysScoped(t *testing.T) {
	mf := newMuniFixture(t)
	m := mf.m
	ctx := context.Background()
	osthain, err := m.f.st.AreaIn(ctx, mf.ostID, geo.KindDistrict, "Osthain")
	if err != nil {
		t.Fatal(err)
	}
	sv, err := m.f.st.AddSurvey(ctx, geo.Survey{Name: "MEV Osthain", AreaID: osthain.ID, HorizonYears: 5})
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(sv.ID, 10)
	if body := m.as(t, "edda").get("/buero/berichte").Body.String(); strings.Contains(body, "MEV Osthain") || !strings.Contains(body, "MEV Kreis") {
		t.Errorf("Westheim's reports page: offers MEV Osthain %v, MEV Kreis %v", strings.Contains(body, "MEV Osthain"), strings.Contains(body, "MEV Kreis"))
	}
	wantBody(t, m.as(t, "alma").get("/buero/berichte"), http.StatusOK, "MEV Osthain", "MEV Kreis")
	wantBody(t, m.as(t, "edda").get("/buero/berichte/foerderantrag?gebiet="+mf.west["nord"]+"&markterkundung="+id+"&ohne_markterkundung=1"),
		http.StatusUnprocessableEntity, "Bitte eine Markterkundung aus der Liste wählen.")

	edda := m.as(t, "edda")
	before, err := m.f.st.FundingProjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec := edda.post("/buero/foerderung", with(pageForm(t, edda, "/buero/foerderung"), "name", "Westheim Nord", "municipality", mf.west["municipality"],
		"areas", "Nord", "rules", "gigabit-2025", "survey", id))
	wantBody(t, rec, http.StatusUnprocessableEntity, "Bitte eine Markterkundung aus der Liste wählen.")
	if after, _ := m.f.st.FundingProjects(ctx); len(after) != len(before) {
		t.Errorf("a refused project was stored: %d projects, had %d", len(after), len(before))
	}
}
