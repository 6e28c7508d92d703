package main

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/data/postgres"
	"gigaplan/data/postgres/pgtest"
	"gigaplan/geo"
)

// demoInstallation loads the demo town into a new SQLite file and adds
// what the demo lacks: supply data, a municipal facility's contract, a user
// and audit log entries.
func demoInstallation(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t)
	c.mustRun("demo")
	ctx := context.Background()
	st, err := openStore(ctx, Config{DBPath: c.db, Addr: DefaultConfig().Addr})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ftth, err := st.CampaignByName(ctx, demo.CampaignFTTH)
	if err != nil {
		t.Fatal(err)
	}
	var sup []geo.Supply
	facility := int64(0)
	for a, err := range st.Addresses(ctx, geo.AddressFilter{AreaID: ftth.Areas[0].AreaID}) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Type == geo.TypePublic && facility == 0 {
			facility = a.ID
		}
		if len(sup) < 25 {
			sup = append(sup, geo.Supply{AddressID: a.ID, Download: 50, Upload: 10, Technology: "VDSL2", Operator: "Telekom",
				PlannedDate: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), Source: "mev.csv:" + a.Key})
		}
	}
	if facility == 0 {
		t.Fatalf("no municipal facility in %s", ftth.Areas[0].AreaName)
	}
	sv, err := st.AddSurvey(ctx, geo.Survey{Name: "MEV 2026", AreaID: ftth.Areas[0].AreaID, HorizonYears: 5,
		From: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 2, 16, 0, 0, 0, 0, time.UTC),
		Operators: []geo.SurveyOperator{{Name: "Telekom", Asked: true}, {Name: "Vodafone", Asked: true}, {Name: "EnBW", Asked: true}}})
	if err != nil {
		t.Fatal(err)
	}
	vf := slices.Clone(sup[:5])
	for i := range vf {
		vf[i].Operator, vf[i].Download, vf[i].Upload = "Vodafone", 1000, 50
	}
	if _, err := st.ReplaceOperatorSupply(ctx, sv.ID, "Telekom", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), geo.Values(sup)); err != nil {
		t.Fatal(err)
	}
	// The demo's funding project: judged under this survey, with a
	// corrected milestone (the copy must name the copy it corrects).
	ps, err := st.FundingProjects(ctx)
	if err != nil || len(ps) != 1 {
		t.Fatalf("demo funding projects: %v %v", ps, err)
	}
	first := ps[0].Milestones[0]
	fp, err := st.UpdateFundingProject(ctx, ps[0].ID, ps[0].Version, func(p *campaigns.FundingProject) error {
		p.Milestones = append(p.Milestones, campaigns.MilestoneEvent{Kind: first.Kind, Day: first.Day.AddDate(0, 0, -1),
			Corrects: first.ID, Note: "Datum berichtigt", EnteredBy: "test"})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Its construction progress and an expected date (migration 0023),
	// dated on its application.
	app, _ := fp.Reached(campaigns.MilestoneApplication)
	if _, err := st.UpdateFundingProject(ctx, fp.ID, fp.Version, func(p *campaigns.FundingProject) error {
		at := time.Date(2026, 2, 5, 8, 0, 0, 0, time.UTC)
		p.Progress = append(p.Progress, campaigns.Progress{AsOf: app.Day, Passed: 3, Connected: 1, Source: "bericht.csv:2", EnteredBy: "test", EnteredAt: at},
			campaigns.Progress{Street: "Lindenweg", AsOf: app.Day, Passed: 2, Source: "bericht.csv:3", EnteredBy: "test", EnteredAt: at})
		p.BuildDates = append(p.BuildDates, campaigns.BuildDate{Kind: campaigns.BuildCompletion, Expected: time.Date(2028, 6, 30, 0, 0, 0, 0, time.UTC),
			Reported: app.Day, Reason: "Bauzeitenplan", EnteredBy: "test", EnteredAt: at})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReplaceOperatorSupply(ctx, sv.ID, "Vodafone", time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), geo.Values(vf)); err != nil {
		t.Fatal(err)
	}
	if err := st.SetFacilityContract(ctx, ftth.ID, facility, true, campaigns.Day(ftth.Start.AddDate(0, 0, 3))); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, campaigns.User{Name: "Anna Amt", Role: campaigns.RoleEditor, PasswordHash: []byte("$2a$12$notreallyahash")}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, campaigns.User{Name: "bernd", Role: campaigns.RoleViewer, PasswordHash: []byte("h"), Disabled: true}); err != nil {
		t.Fatal(err)
	}
	// A user of the neighbour town, and an audit entry of it.
	klein, err := st.AreaIn(ctx, 0, geo.KindMunicipality, demo.NeighbourName)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, campaigns.User{Name: "klara", Role: campaigns.RoleEditor, PasswordHash: []byte("k"), Municipality: klein.ID}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddAudit(ctx, campaigns.AuditEntry{At: time.Date(2026, 2, 2, 8, 0, 0, 0, time.UTC), User: "klara", Action: campaigns.AuditSignups,
		Detail: "Glasfaser Kleinbach", Municipality: klein.ID}); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"crm", "alt"} {
		id, err := st.CreateToken(ctx, campaigns.APIToken{Name: name, CampaignID: ftth.ID, Hash: []byte("hash-" + name),
			CreatedAt: time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC), CreatedBy: "Anna Amt"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.UseToken(ctx, []byte("hash-"+name), time.Date(2026, 2, 3, 8, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if err := st.RevokeToken(ctx, id, time.Date(2026, 2, 4, 8, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// An address import recorded as the funding workbook's source (the
	// demo load records none), for the neighbour town.
	imCtx := geo.WithImport(ctx, geo.Import{Kind: geo.ImportAddresses, File: "nachtrag.csv", SHA256: "ab12", By: "klara",
		ImportedAt: time.Date(2026, 2, 5, 10, 0, 0, 0, time.UTC), Municipality: klein.ID})
	if _, err := st.ImportAddresses(imCtx, geo.Values([]geo.Address{{Key: "nachtrag-1", Street: "Kirchweg", HouseNumber: "99",
		Postcode: "77999", City: demo.NeighbourName, Households: 1, Type: geo.TypePrivate, Lon: klein.Geometry.Bound().Center()[0], Lat: klein.Geometry.Bound().Center()[1]}})); err != nil {
		t.Fatal(err)
	}
	// Two citizens' reports, one closed with the office's answer.
	for i, text := range []string{"Glasfaser liegt schon im Haus", "Hausnummer 12a fehlt"} {
		r, err := st.AddCitizenReport(ctx, campaigns.CitizenReport{Kind: campaigns.ReportWrongStatus, AddressID: facility, Address: "Rathausplatz 1",
			Text: text, CreatedAt: time.Date(2026, 2, 6+i, 10, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := st.CloseCitizenReport(ctx, r.ID, "Danke, korrigiert", "Anna Amt", time.Date(2026, 2, 8, 9, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, a := range []string{campaigns.AuditLogin, campaigns.AuditSignups, campaigns.AuditLogout} {
		if err := st.AddAudit(ctx, campaigns.AuditEntry{At: time.Date(2026, 2, 2, 9, i, 0, 0, time.UTC), User: "Anna Amt", Action: a, Detail: "d" + a}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// sameOutputs runs read commands on both and compares their output.
func sameOutputs(t *testing.T, got, want *cli) {
	t.Helper()
	for _, args := range [][]string{
		{"areas", "--format", "csv"},
		{"campaign", "list", "--format", "csv"},
		{"campaign", "status", demo.CampaignFTTH, "--format", "csv"},
		{"campaign", "status", demo.CampaignZones, "--format", "csv"},
		{"campaign", "status", demo.CampaignBuilt, "--format", "csv"},
		{"signups", "history", "--campaign", demo.CampaignFTTH},
		{"coverage", "Hauptstr 1"},
		{"addresses", "--unassigned"},
		{"user", "list"},
	} {
		if g, w := got.mustRun(args...), want.mustRun(args...); g != w {
			t.Errorf("%s on %s:\n%s\non %s:\n%s", strings.Join(args, " "), got.db, g, want.db, w)
		}
	}
}

// checkMigrated compares everything the interfaces show of a copy.
func checkMigrated(t *testing.T, got, want *cli) {
	t.Helper()
	sameOutputs(t, got, want)
	ctx := context.Background()
	cfg := Config{Addr: DefaultConfig().Addr}
	cfg.DBPath = got.db
	g, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	cfg.DBPath = want.db
	w, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	munis := func(s store) map[int64]string {
		ms, err := s.Areas(ctx, geo.KindMunicipality)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]string{}
		for _, m := range ms {
			out[m.ID] = m.AGS
		}
		return out
	}
	gm, wm := munis(g), munis(w)
	for _, name := range []string{"Anna Amt", "bernd", "klara"} {
		gu, err1 := g.UserByName(ctx, name)
		wu, err2 := w.UserByName(ctx, name)
		if err1 != nil || err2 != nil || !bytes.Equal(gu.PasswordHash, wu.PasswordHash) || gu.Role != wu.Role || gm[gu.Municipality] != wm[wu.Municipality] ||
			gu.Disabled != wu.Disabled || !gu.CreatedAt.Truncate(time.Microsecond).Equal(wu.CreatedAt.Truncate(time.Microsecond)) {
			t.Errorf("user %s: %+v %v, want %+v %v", name, gu, err1, wu, err2)
		}
	}
	ga, _ := g.Audit(ctx, 10)
	wa, _ := w.Audit(ctx, 10)
	if len(ga) != len(wa) || len(ga) == 0 || ga[0].Action != wa[0].Action || !ga[0].At.Equal(wa[0].At) || ga[len(ga)-1].Detail != wa[len(wa)-1].Detail {
		t.Errorf("audit log %+v, want %+v", ga, wa)
	}
	for i := range min(len(ga), len(wa)) {
		if gm[ga[i].Municipality] != wm[wa[i].Municipality] {
			t.Errorf("audit entry %d in municipality %d (%s), want %s", i, ga[i].Municipality, gm[ga[i].Municipality], wm[wa[i].Municipality])
		}
	}
	gc, _ := g.CampaignByName(ctx, demo.CampaignFTTH)
	wc, _ := w.CampaignByName(ctx, demo.CampaignFTTH)
	if gc == nil || wc == nil || gc.Version != wc.Version || len(gc.Extensions) != len(wc.Extensions) ||
		!gc.CreatedAt.Truncate(time.Microsecond).Equal(wc.CreatedAt.Truncate(time.Microsecond)) {
		t.Fatalf("campaign %s: %+v, want %+v", demo.CampaignFTTH, gc, wc)
	}
	gf, _ := g.FacilityContracts(ctx, gc.ID)
	wf, _ := w.FacilityContracts(ctx, wc.ID)
	if len(gf) != 1 || len(wf) != 1 || !gf[0].SignedOn.Equal(wf[0].SignedOn) {
		t.Errorf("facility contracts %+v, want %+v", gf, wf)
	}
	ge, _ := g.Entries(ctx, gc.ID, 0)
	we, _ := w.Entries(ctx, wc.ID, 0)
	if len(ge) != len(we) {
		t.Fatalf("%d entries, want %d", len(ge), len(we))
	}
	for i := range ge {
		if ge[i].Count != we[i].Count || !ge[i].AsOf.Equal(we[i].AsOf) || ge[i].Comment != we[i].Comment ||
			!ge[i].EnteredAt.Truncate(time.Microsecond).Equal(we[i].EnteredAt.Truncate(time.Microsecond)) {
			t.Errorf("entry %d: %+v, want %+v", i, ge[i], we[i])
			break
		}
	}
	gt, _ := g.Tokens(ctx)
	wt, _ := w.Tokens(ctx)
	if len(gt) != 2 || len(wt) != 2 {
		t.Fatalf("tokens %+v, want %+v", gt, wt)
	}
	for i := range gt {
		if gt[i].Name != wt[i].Name || !bytes.Equal(gt[i].Hash, wt[i].Hash) || gt[i].CampaignID != gc.ID ||
			!gt[i].LastUsed.Equal(wt[i].LastUsed) || !gt[i].RevokedAt.Equal(wt[i].RevokedAt) || !gt[i].CreatedAt.Equal(wt[i].CreatedAt) {
			t.Errorf("token %d: %+v, want %+v", i, gt[i], wt[i])
		}
	}
	gs, _ := g.SupplyAll(ctx)
	ws, _ := w.SupplyAll(ctx)
	if len(gs) != len(ws) || len(gs) == 0 {
		t.Errorf("supply: %d rows, want %d", len(gs), len(ws))
	}
	gi, _ := g.Imports(ctx)
	wi, _ := w.Imports(ctx)
	if len(gi) != 1 || len(wi) != 1 {
		t.Fatalf("import records %+v, want %+v", gi, wi)
	}
	if gm[gi[0].Municipality] != wm[wi[0].Municipality] || wm[wi[0].Municipality] == "" {
		t.Errorf("import record of municipality %d, want the one of AGS %s", gi[0].Municipality, wm[wi[0].Municipality])
	}
	gi[0].ID, wi[0].ID, gi[0].Municipality, wi[0].Municipality = 0, 0, 0, 0
	if gi[0] != wi[0] {
		t.Errorf("import record %+v, want %+v", gi[0], wi[0])
	}
	gr, _ := g.CitizenReports(ctx, campaigns.ReportFilter{})
	wr, _ := w.CitizenReports(ctx, campaigns.ReportFilter{})
	if len(gr) != 2 || len(wr) != 2 {
		t.Fatalf("citizen reports %+v, want %+v", gr, wr)
	}
	for i := range gr {
		ga, _ := g.Address(ctx, gr[i].AddressID)
		wa, _ := w.Address(ctx, wr[i].AddressID)
		g1, w1 := gr[i], wr[i]
		g1.ID, w1.ID, g1.AddressID, w1.AddressID = 0, 0, 0, 0
		if g1 != w1 || ga.Key != wa.Key || ga.Key == "" {
			t.Errorf("citizen report %d: %+v (address %s), want %+v (address %s)", i, gr[i], ga.Key, wr[i], wa.Key)
		}
	}
	gsv, _ := g.Surveys(ctx)
	wsv, _ := w.Surveys(ctx)
	// The demo's survey of the town and the test's own ("MEV 2026").
	if len(gsv) != 2 || len(wsv) != 2 {
		t.Fatalf("surveys %+v, want %+v", gsv, wsv)
	}
	for i := range wsv {
		if !reflect.DeepEqual(gsv[i].Operators, wsv[i].Operators) || gsv[i].Name != wsv[i].Name ||
			gsv[i].HorizonYears != wsv[i].HorizonYears || !gsv[i].To.Equal(wsv[i].To) || !gsv[i].Published.Equal(wsv[i].Published) {
			t.Fatalf("survey %d: %+v, want %+v", i, gsv[i], wsv[i])
		}
	}
	count := func(st interface {
		OperatorSupplyIn(context.Context, int64, int64) (map[int64][]geo.Supply, error)
	}, id int64) map[string]int {
		per, err := st.OperatorSupplyIn(ctx, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, ss := range per {
			for _, s := range ss {
				n[s.AnsweredBy]++
			}
		}
		return n
	}
	for i := range wsv {
		gn, wn := count(g, gsv[i].ID), count(w, wsv[i].ID)
		if !reflect.DeepEqual(gn, wn) || len(wn) == 0 {
			t.Errorf("survey %s: rows per operator %v, want %v", wsv[i].Name, gn, wn)
		}
		if wsv[i].Name == "MEV 2026" && wn["Vodafone"] != 5 {
			t.Errorf("MEV 2026: %d rows of Vodafone, want 5", wn["Vodafone"])
		}
	}
}

func migrate(t *testing.T, from, to string, extra ...string) (int, string, string) {
	t.Helper()
	return (&cli{t: t, db: "unused.db"}).run(append([]string{"migrate", "--from", from, "--to", to}, extra...)...)
}

func mustMigrate(t *testing.T, from, to string) string {
	t.Helper()
	code, out, errs := migrate(t, from, to)
	if code != 0 || strings.Contains(out, "ABWEICHUNG") || !strings.Contains(out, "Anmeldestände") || !strings.Contains(out, "IDs wie in der Quelle.") {
		t.Fatalf("migrate %s → %s: exit %d\n%s\n%s", from, to, code, out, errs)
	}
	return out
}

func TestMigrateSQLite(t *testing.T) {
	src := demoInstallation(t)
	dst := &cli{t: t, db: filepath.Join(t.TempDir(), "copy.db")}
	out := mustMigrate(t, src.db, dst.db)
	t.Logf("migrate output:\n%s", out)
	checkMigrated(t, dst, src)
	// The funding project's record, state and budget are the source's.
	srcP, dstP := fundingStatusOf(t, src), fundingStatusOf(t, dst)
	if srcP != dstP {
		t.Errorf("funding project after migrate:\n%s\nbefore:\n%s", dstP, srcP)
	}

	// A non-empty target is refused, and left as it was.
	code, _, errs := migrate(t, src.db, dst.db)
	if code != 1 || !strings.Contains(errs, "Ziel ist nicht leer") {
		t.Errorf("second migrate: exit %d, stderr %s", code, errs)
	}
	sameOutputs(t, dst, src)

	// A target holding part of the source (e.g. the areas of an aborted
	// run) is refused, and filled with --force.
	part := &cli{t: t, db: filepath.Join(t.TempDir(), "part.db")}
	func() {
		ctx := context.Background()
		s, err := openStore(ctx, Config{DBPath: src.db, Addr: DefaultConfig().Addr})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		d, err := openStore(ctx, Config{DBPath: part.db, Addr: DefaultConfig().Addr})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		areas, err := s.Areas(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		// As an aborted run left them: in the source's ID order (the
		// municipalities came first), so the references hold.
		slices.SortFunc(areas, func(a, b geo.AreaSummary) int { return cmp.Compare(a.ID, b.ID) })
		var as []geo.Area
		for _, a := range areas {
			as = append(as, a.Area)
		}
		if _, err := d.ImportAreas(ctx, geo.Values(as)); err != nil {
			t.Fatal(err)
		}
	}()
	if code, _, errs := migrate(t, src.db, part.db); code != 1 || !strings.Contains(errs, "Ziel ist nicht leer (Gebiete: Gemeinde 2") {
		t.Errorf("migrate into a partial target: exit %d, stderr %s", code, errs)
	}
	if code, out, errs := migrate(t, src.db, part.db, "--force"); code != 0 || strings.Contains(out, "ABWEICHUNG") {
		t.Errorf("migrate --force: exit %d\n%s\n%s", code, out, errs)
	}
	sameOutputs(t, part, src)

	// Errors in the invocation.
	if code, _, errs := migrate(t, filepath.Join(t.TempDir(), "missing.db"), dst.db); code != 1 || !strings.Contains(errs, "nicht gefunden") {
		t.Errorf("missing source: exit %d, %s", code, errs)
	}
	if code, _, _ := migrate(t, src.db, src.db); code != 2 {
		t.Errorf("same source and target: exit %d", code)
	}
}

// TestMigratePostgres copies the SQLite demo installation to PostgreSQL
// and back.
func TestMigratePostgres(t *testing.T) {
	url := pgtest.URL(t)
	src := demoInstallation(t)
	pg := &cli{t: t, db: url}
	out := mustMigrate(t, src.db, url)
	t.Logf("migrate output:\n%s", out)
	checkMigrated(t, pg, src)
	if code, _, errs := migrate(t, src.db, url); code != 1 || !strings.Contains(errs, "Ziel ist nicht leer") {
		t.Errorf("second migrate into PostgreSQL: exit %d, stderr %s", code, errs)
	}

	back := &cli{t: t, db: filepath.Join(t.TempDir(), "back.db")}
	mustMigrate(t, url, back.db)
	checkMigrated(t, back, src)
}

func TestWriteInventories(t *testing.T) {
	var b strings.Builder
	n, err := writeInventories(&b, counts{{"Adressen", 1234}, {"Benutzer", 1}}, counts{{"Adressen", 1234}, {"Benutzer", 0}})
	if err != nil || n != 1 {
		t.Fatalf("writeInventories = %d, %v; want 1 difference", n, err)
	}
	want := "Art       Quelle   Ziel  Prüfung\nAdressen   1.234  1.234  ok\nBenutzer       1      0  ABWEICHUNG\n"
	if b.String() != want {
		t.Errorf("table:\n%q\nwant\n%q", b.String(), want)
	}
}

// failingAudit is a target store whose audit log cannot be written: the
// last step of a copy fails.
type failingAudit struct{ store }

func (failingAudit) AddAudit(context.Context, campaigns.AuditEntry) error {
	return errors.New("disk full")
}

// TestMigrateAllOrNone: a copy that fails at its last step leaves a target
// that was empty empty again (every table, the kept totals at zero), so a
// retry needs no --force and hands out the source's IDs.
func TestMigrateAllOrNone(t *testing.T) {
	src := demoInstallation(t)
	ctx := context.Background()
	cfg := Config{Addr: DefaultConfig().Addr}
	cfg.DBPath = src.db
	s, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	target := filepath.Join(t.TempDir(), "target.db")
	cfg.DBPath = target
	d, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = copyAllOrNone(ctx, s, failingAudit{d}, true, func(string, ...any) {})
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "das Ziel ist leer wie vorher") {
		t.Fatalf("copy into a failing target: %v", err)
	}
	inv, err := inventory(ctx, d)
	if err != nil || inv.total() != 0 {
		t.Errorf("target after the failed copy: %s %v", inv.nonZero(), err)
	}
	d.Close()
	db, err := sql.Open("sqlite3", target)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('migrations', 'store_totals')`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, tb := range tables {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM "` + tb + `"`).Scan(&n); err != nil || n != 0 {
			t.Errorf("table %s holds %d rows after the failed copy (%v): Clear misses it", tb, n, err)
		}
	}
	var totals int
	if err := db.QueryRow(`SELECT addresses + households + businesses + assignments + unassigned + overlay_stale FROM store_totals`).Scan(&totals); err != nil || totals != 0 {
		t.Errorf("kept totals after the failed copy: %d %v", totals, err)
	}
	db.Close()
	// The retry needs no --force and keeps the source's IDs.
	mustMigrate(t, src.db, target)

	// Into a target that was not empty (--force), the error says that a
	// part was copied.
	cfg.DBPath = filepath.Join(t.TempDir(), "forced.db")
	f, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := copyAllOrNone(ctx, s, failingAudit{f}, false, func(string, ...any) {}); err == nil || !strings.Contains(err.Error(), "Teil der Quelle") {
		t.Errorf("forced copy: %v", err)
	}
}

// TestMigrateAllOrNonePostgres: the same on a PostgreSQL target, whose
// sign-up log guard (a trigger refusing deletes) is lifted for the
// clearing transaction only and back afterwards.
func TestMigrateAllOrNonePostgres(t *testing.T) {
	url := pgtest.URL(t)
	src := demoInstallation(t)
	ctx := context.Background()
	cfg := Config{Addr: DefaultConfig().Addr, DBPath: src.db}
	s, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cfg.DBPath = url
	d, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := copyAllOrNone(ctx, s, failingAudit{d}, true, func(string, ...any) {}); err == nil || !strings.Contains(err.Error(), "das Ziel ist leer wie vorher") {
		t.Fatalf("copy into a failing target: %v", err)
	}
	if inv, err := inventory(ctx, d); err != nil || inv.total() != 0 {
		t.Fatalf("target after the failed copy: %s %v", inv.nonZero(), err)
	}
	mustMigrate(t, src.db, url)
	// The guard is back: the sign-up log refuses a delete again.
	pg, ok := d.(*postgres.Store)
	if !ok {
		t.Fatalf("%T is no PostgreSQL store", d)
	}
	if _, err := pg.Pool().Exec(ctx, `DELETE FROM signup_entries`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("delete from the sign-up log after Clear: %v", err)
	}
}

// TestMigrateCoversEveryTable: every table of the schema is either copied
// by migrate (and counted in its inventory) or named as not copied, with
// the reason, in migrateTables; a new table fails here until it is one
// of the two.
func TestMigrateCoversEveryTable(t *testing.T) {
	c := newCLI(t)
	c.mustRun("areas") // creates the schema
	db, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		seen[name] = true
		if _, ok := migrateTables[name]; !ok {
			t.Errorf("table %s: neither copied by migrate nor named as not copied (migrateTables)", name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for name := range migrateTables {
		if !seen[name] {
			t.Errorf("migrateTables names %s, which the schema does not have", name)
		}
	}
	// What is copied is counted: every copied table's inventory line.
	st, err := openStore(context.Background(), Config{DBPath: c.db, Addr: DefaultConfig().Addr})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	inv, err := inventory(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, k := range inv {
		kinds[k.kind] = true
	}
	for table, what := range migrateTables {
		if strings.HasPrefix(what, "not copied") {
			continue
		}
		base, _, _ := strings.Cut(what, " (")
		counted := kinds[what] || kinds[base]
		for k := range kinds {
			counted = counted || strings.HasPrefix(k, base+": ") // "Gebiete: Gemeinde", …
		}
		if !counted {
			t.Errorf("table %s is copied as %q, which the inventory does not count", table, what)
		}
	}
}

// fundingStatusOf is the funding status of the installation's one project
// without its version and entry IDs (a copy counts both anew).
func fundingStatusOf(t *testing.T, c *cli) string {
	t.Helper()
	out := c.mustRun("funding", "list", "--format", "json")
	var rows []fundingRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("funding list: %v\n%s", err, out)
	}
	status := c.mustRun("funding", "status", rows[0].Name)
	status = regexp.MustCompile(`\(Stand \d+\)`).ReplaceAllString(status, "")
	return regexp.MustCompile(`(?m)^ +\d+  |korrigiert Eintrag \d+`).ReplaceAllString(status, "#")
}
