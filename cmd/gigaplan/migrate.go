package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/postgres"
	"gigaplan/geo"
)

// migrateStore is what gigaplan migrate reads from and writes to: any
// store, through the domain interfaces only.
type migrateStore interface {
	geo.Store
	geo.SupplyStore
	geo.ImportStore
	campaigns.Store
	campaigns.CitizenReportStore
	campaigns.UserStore
	campaigns.TokenStore
	campaigns.FundingStore
	// Clear empties the store in one transaction (all or none).
	Clear(ctx context.Context) error
}

// cmdMigrate copies a whole installation from one store to another:
//
//	gigaplan migrate --from gigaplan.db --to postgres://… [--force]
//
// Addresses and areas keep their keys (address key; kind and name), and
// every reference to them is mapped to the target's IDs; campaigns keep
// their names, areas, statuses, extensions, version and creation time, and their sign-up
// log is copied in its order, so the latest entry of a date stays the
// latest. Users keep their password hashes, API tokens their hashes, last
// use and revocation, so that providers' systems go on working. The
// import records (the funding workbook's sources) keep file, digest, rows,
// time and who. What is not copied, and why, is in migrateTables. Sessions
// and failed logins are
// not copied (people sign in again). Afterwards the counts of both stores
// are compared kind by kind; any difference fails the command.
func cmdMigrate(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("migrate")
	from := fs.String("from", "", "source: SQLite file or postgres:// URL")
	to := fs.String("to", "", "target: SQLite file or postgres:// URL")
	force := fs.Bool("force", false, "copy into a target that is not empty")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return usagef("migrate: --from und --to angeben, z. B. --from gigaplan.db --to postgres://…")
	}
	if *from == *to {
		return usagef("migrate: Quelle und Ziel sind dieselbe Datenbank")
	}
	if !postgres.IsURL(*from) {
		// Opening a missing SQLite file would create an empty one.
		if _, err := os.Stat(*from); err != nil {
			return geo.Errorf(geo.ENOTFOUND, "Quelle %s nicht gefunden", *from)
		}
	}
	open := func(db string) (store, error) {
		c := cfg
		c.DBPath = db
		return openStore(ctx, c)
	}
	src, err := open(*from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := open(*to)
	if err != nil {
		return err
	}
	defer dst.Close()

	before, err := inventory(ctx, dst)
	if err != nil {
		return fmt.Errorf("Ziel zählen: %w", err)
	}
	if n := before.total(); n > 0 {
		if !*force {
			return geo.Errorf(geo.ECONFLICT, "Ziel ist nicht leer (%s): nichts kopiert; mit --force trotzdem hineinkopieren", before.nonZero())
		}
		fmt.Fprintf(e.stderr, "Achtung: Ziel ist nicht leer (%s), --force: kopiere trotzdem\n", before.nonZero())
	}
	start := time.Now()
	progress := func(format string, args ...any) {
		fmt.Fprintf(e.stderr, "%6.1f s  "+format+"\n", append([]any{time.Since(start).Seconds()}, args...)...)
	}
	moved, err := copyAllOrNone(ctx, src, dst, before.total() == 0, progress)
	if err != nil {
		return err
	}
	want, err := inventory(ctx, src)
	if err != nil {
		return fmt.Errorf("Quelle zählen: %w", err)
	}
	got, err := inventory(ctx, dst)
	if err != nil {
		return fmt.Errorf("Ziel zählen: %w", err)
	}
	fmt.Fprintf(e.stdout, "Kopiert von %s nach %s in %s:\n\n", displayDB(*from), displayDB(*to), time.Since(start).Round(time.Millisecond))
	diffs, err := writeInventories(e.stdout, want, got)
	if err != nil {
		return err
	}
	if len(moved) == 0 {
		fmt.Fprintln(e.stdout, "\nIDs wie in der Quelle.")
	} else {
		fmt.Fprintf(e.stdout, "\nNeue IDs (Verweise umgeschrieben) für: %s.\n", strings.Join(moved, ", "))
	}
	fmt.Fprintln(e.stdout, "Nicht kopiert: Sitzungen und Fehlanmeldungen (Benutzer melden sich neu an).")
	if diffs > 0 {
		return geo.Errorf(geo.EINTERNAL, "migrate: %d Anzahl(en) weichen zwischen Quelle und Ziel ab", diffs)
	}
	return nil
}

// copyAllOrNone is copyStore, and when it fails on a target that was
// empty, the target is emptied again: a failed migrate leaves it as it
// was (a retry needs no --force). Into a target that was not empty
// (--force) a failure leaves the part copied, and says so.
func copyAllOrNone(ctx context.Context, src, dst migrateStore, wasEmpty bool, progress func(string, ...any)) ([]string, error) {
	moved, err := copyStore(ctx, src, dst, progress)
	if err == nil {
		return moved, nil
	}
	code, msg := geo.ErrorCode(err), geo.ErrorMessage(err)
	if code == geo.EINTERNAL {
		msg = err.Error() // the CLI shows internal errors whole
	}
	if !wasEmpty {
		return nil, geo.Errorf(code, "%s (--force: das Ziel enthält jetzt einen Teil der Quelle)", msg)
	}
	if cerr := dst.Clear(context.WithoutCancel(ctx)); cerr != nil {
		return nil, geo.Errorf(geo.EINTERNAL, "%s; das Ziel ließ sich nicht wieder leeren: %v", msg, cerr)
	}
	progress("Abgebrochen: das Ziel ist wieder leer, wie vorher")
	return nil, geo.Errorf(code, "%s (nichts kopiert: das Ziel ist leer wie vorher)", msg)
}

// count is one line of an inventory.
type count struct {
	kind string // German, for the table
	n    int
}

// counts is a store's inventory, in a fixed order.
type counts []count

func (cs counts) total() int {
	t := 0
	for _, c := range cs {
		t += c.n
	}
	return t
}

func (cs counts) nonZero() string {
	s := ""
	for _, c := range cs {
		if c.n > 0 && c.kind != "Haushalte" {
			if s != "" {
				s += ", "
			}
			s += c.kind + " " + strconv.Itoa(c.n)
		}
	}
	return s
}

// auditAll is the Audit limit that reads the whole log.
const auditAll = math.MaxInt32

// inventory counts everything migrate copies.
func inventory(ctx context.Context, st migrateStore) (counts, error) {
	gc, err := st.Counts(ctx)
	if err != nil {
		return nil, err
	}
	out := counts{{"Adressen", gc.Addresses}, {"Haushalte", gc.Households}}
	for _, k := range []geo.AreaKind{geo.KindMunicipality, geo.KindDistrict, geo.KindZone, geo.KindBuildArea} {
		out = append(out, count{"Gebiete: " + k.German(), gc.Areas[k]})
	}
	out = append(out, count{"Zuordnungen Adresse–Gebiet", gc.Assignments})
	svs, err := st.Surveys(ctx)
	if err != nil {
		return nil, err
	}
	out = append(out, count{"Markterkundungen", len(svs)})
	sup, err := st.SupplyAll(ctx)
	if err != nil {
		return nil, err
	}
	out = append(out, count{"Versorgungsdaten (Markterkundung)", len(sup)})
	ims, err := st.Imports(ctx)
	if err != nil {
		return nil, err
	}
	out = append(out, count{"Importe (Quellen der Berichte)", len(ims)})
	cs, err := st.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	var areas, exts, entries, events, contracts int
	for _, c := range cs {
		areas += len(c.Areas)
		exts += len(c.Extensions)
		es, err := st.Entries(ctx, c.ID, 0)
		if err != nil {
			return nil, err
		}
		entries += len(es)
		evs, err := st.Outreach(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		events += len(evs)
		fc, err := st.FacilityContracts(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		contracts += len(fc)
	}
	var reports, dates int
	for _, c := range cs {
		ps, err := st.Progress(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		ds, err := st.BuildDates(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		reports, dates = reports+len(ps), dates+len(ds)
	}
	sites, err := st.Sites(ctx)
	if err != nil {
		return nil, err
	}
	users, err := st.Users(ctx)
	if err != nil {
		return nil, err
	}
	audit, err := st.Audit(ctx, auditAll)
	if err != nil {
		return nil, err
	}
	tokens, err := st.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	revoked := 0
	for _, tk := range tokens {
		if tk.Revoked() {
			revoked++
		}
	}
	feedback, err := st.CitizenReports(ctx, campaigns.ReportFilter{Limit: math.MaxInt32})
	if err != nil {
		return nil, err
	}
	fc, err := fundingCounts(ctx, st)
	if err != nil {
		return nil, err
	}
	out = append(out, fc...)
	return append(out,
		count{"Kampagnen", len(cs)},
		count{"Kampagnengebiete", areas},
		count{"Fristverlängerungen", exts},
		count{"Anmeldestände", entries},
		count{"Aktionen (Briefe, Infoabende, …)", events},
		count{"Verträge städtischer Einrichtungen", contracts},
		count{"Baufortschrittsmeldungen", reports},
		count{"Bautermine (erwartet)", dates},
		count{"Liegenschaften", len(sites)},
		count{"Meldungen von Bürgern", len(feedback)},
		count{"Benutzer", len(users)},
		count{"Protokolleinträge", len(audit)},
		count{"API-Tokens", len(tokens)},
		count{"API-Tokens widerrufen", revoked},
	), nil
}

// writeInventories prints source and target counts side by side and
// returns the number of kinds that differ.
func writeInventories(w io.Writer, src, dst counts) (int, error) {
	t := &table{head: []string{"Art", "Quelle", "Ziel", "Prüfung"}, right: []bool{false, true, true, false}}
	diffs := 0
	for i, c := range src {
		mark := "ok"
		if dst[i].n != c.n {
			mark, diffs = "ABWEICHUNG", diffs+1
		}
		t.add(c.kind, campaigns.Thousands(int64(c.n)), campaigns.Thousands(int64(dst[i].n)), mark)
	}
	return diffs, t.write(w)
}

// areaKey names an area across stores: its municipality (as a target
// ID), kind, name and, for municipalities, AGS.
type areaKey struct {
	municipality int64
	kind         geo.AreaKind
	name, ags    string
}

// migrateTables says, for every table of the schema, what migrate does
// with it: the inventory line that counts what it copies, or why it is
// not copied. TestMigrateCoversEveryTable fails on a table missing here,
// so that a new table is copied, or left out on purpose.
var migrateTables = map[string]string{
	"addresses":                 "Adressen",
	"areas":                     "Gebiete",
	"assignments":               "Zuordnungen Adresse–Gebiet",
	"surveys":                   "Markterkundungen",
	"survey_operators":          "Markterkundungen (angefragte Betreiber, mit der Markterkundung)",
	"supply":                    "Versorgungsdaten (Markterkundung)",
	"imports":                   "Importe (Quellen der Berichte)",
	"campaigns":                 "Kampagnen",
	"campaign_areas":            "Kampagnengebiete",
	"campaign_events":           "Kampagnen (datierte Entscheidungen, mit der Kampagne)",
	"signup_entries":            "Anmeldestände",
	"outreach":                  "Aktionen (Briefe, Infoabende, …)",
	"facility_contracts":        "Verträge städtischer Einrichtungen",
	"construction_progress":     "Baufortschrittsmeldungen",
	"construction_dates":        "Bautermine (erwartet)",
	"sites":                     "Liegenschaften",
	"site_changes":              "Liegenschaften (Verlauf des Anschlussstands, mit der Liegenschaft)",
	"citizen_reports":           "Meldungen von Bürgern",
	"funding_projects":          "Förderprojekte",
	"funding_project_areas":     "Förderprojekte (ihre Gemeinden und Gebiete, mit dem Projekt)",
	"funding_project_addresses": "Adressen in Projektgebieten",
	"funding_milestones":        "Meilensteine der Förderprojekte",
	"funding_budget":            "Förderprojekte (Finanzierung nach Anteilen, mit dem Projekt)",
	"funding_budget_years":      "Förderprojekte (Anteil der Kommune je Jahr, mit dem Projekt)",
	"funding_progress":          "Baufortschrittsmeldungen der Förderprojekte",
	"funding_build_dates":       "Bautermine der Förderprojekte (erwartet)",
	"users":                     "Benutzer",
	"audit_log":                 "Protokolleinträge",
	"api_tokens":                "API-Tokens",

	"address_words":   "not copied: derived (the target's address import writes the search words)",
	"area_overlaps":   "not copied: derived (the target's overlay checks the overlaps)",
	"overlay_pending": "not copied: derived (the target's imports note their own pending work)",
	"store_totals":    "not copied: derived (the target's writes keep its totals)",
	"sessions":        "not copied: people sign in again",
	"login_failures":  "not copied: throttling state of the source",
	"secrets":         "not copied: the target keeps its own session and CSRF keys",
	"migrations":      "not copied: the target's own schema version",
}

// copyStore copies src into dst, mapping IDs by the stable keys. It
// returns the kinds whose IDs differ between source and target (German).
func copyStore(ctx context.Context, src, dst migrateStore, progress func(string, ...any)) (moved []string, err error) {
	same := map[string]bool{"Gebiete": true, "Adressen": true, "Kampagnen": true, "Benutzer": true}
	defer func() {
		for _, k := range []string{"Gebiete", "Adressen", "Kampagnen", "Benutzer"} {
			if !same[k] {
				moved = append(moved, k)
			}
		}
	}()
	// Areas: the municipalities first, then the areas that belong to them
	// with their municipality's target ID, each kind in the source's ID
	// order, so that an empty target hands out the same IDs where the
	// source's have no gaps (and its municipalities came first).
	areas, err := src.Areas(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("Gebiete lesen: %w", err)
	}
	slices.SortFunc(areas, func(a, b geo.AreaSummary) int { return cmp.Compare(a.ID, b.ID) })
	areaID := map[int64]int64{0: 0} // source → target
	var inserted, updated int
	for _, munis := range []bool{true, false} {
		var batch []geo.Area
		for _, a := range areas {
			if (a.Kind == geo.KindMunicipality) != munis {
				continue
			}
			m, ok := areaID[a.Municipality]
			if !ok {
				return nil, geo.Errorf(geo.EINTERNAL, "Gebiet %s %q: seine Gemeinde %d fehlt", a.Kind, a.Name, a.Municipality)
			}
			a.Area.Municipality = m
			batch = append(batch, a.Area)
		}
		st, err := dst.ImportAreas(ctx, geo.Values(batch))
		if err != nil {
			return nil, fmt.Errorf("Gebiete schreiben: %w", err)
		}
		inserted, updated = inserted+st.Inserted, updated+st.Updated
		dstAreas, err := dst.Areas(ctx, "")
		if err != nil {
			return nil, err
		}
		byKey := map[areaKey]int64{}
		for _, a := range dstAreas {
			byKey[areaKey{a.Municipality, a.Kind, a.Name, a.AGS}] = a.ID
		}
		for _, a := range batch {
			id, ok := byKey[areaKey{a.Municipality, a.Kind, a.Name, a.AGS}]
			if !ok {
				return nil, geo.Errorf(geo.EINTERNAL, "Gebiet %s %q fehlt im Ziel", a.Kind, a.Name)
			}
			areaID[a.ID] = id
			same["Gebiete"] = same["Gebiete"] && id == a.ID
		}
	}
	progress("Gebiete: %d neu, %d aktualisiert", inserted, updated)

	// Addresses, by key, streamed.
	srcKey := map[int64]string{}
	st, err := dst.ImportAddresses(ctx, func(yield func(geo.Address, error) bool) {
		for a, err := range src.Addresses(ctx, geo.AddressFilter{}) {
			if err == nil {
				srcKey[a.ID] = a.Key
				a.ID = 0
			}
			if !yield(a, err) || err != nil {
				return
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("Adressen kopieren: %w", err)
	}
	progress("Adressen: %d neu, %d aktualisiert", st.Inserted, st.Updated)
	byKey := make(map[string]int64, len(srcKey))
	for a, err := range dst.Addresses(ctx, geo.AddressFilter{}) {
		if err != nil {
			return nil, err
		}
		byKey[a.Key] = a.ID
	}
	for id, k := range srcKey {
		if byKey[k] != id {
			same["Adressen"] = false
			break
		}
	}
	addrID := func(id int64) (int64, error) {
		if t, ok := byKey[srcKey[id]]; ok {
			return t, nil
		}
		return 0, geo.Errorf(geo.EINTERNAL, "Adresse %d (Schlüssel %q) fehlt im Ziel", id, srcKey[id])
	}

	// Assignments: the addresses of each area.
	var as []geo.Assignment
	for _, a := range areas {
		for ad, err := range src.Addresses(ctx, geo.AddressFilter{AreaID: a.ID}) {
			if err != nil {
				return nil, err
			}
			id, err := addrID(ad.ID)
			if err != nil {
				return nil, err
			}
			as = append(as, geo.Assignment{AddressID: id, AreaID: areaID[a.ID]})
		}
	}
	if err := dst.ReplaceAssignments(ctx, as); err != nil {
		return nil, fmt.Errorf("Zuordnungen schreiben: %w", err)
	}
	progress("Zuordnungen: %d", len(as))

	// Surveys with their operators and each operator's answer.
	svs, err := src.Surveys(ctx)
	if err != nil {
		return nil, err
	}
	rowsCopied := 0
	surveyID := map[int64]int64{}
	for _, sv := range svs {
		if surveyID[sv.ID], err = copySurvey(ctx, src, dst, sv, areaID, addrID); err != nil {
			return nil, fmt.Errorf("Markterkundung %s kopieren: %w", sv.Label(), err)
		}
		per, err := src.OperatorSupplyIn(ctx, sv.ID, 0)
		if err != nil {
			return nil, err
		}
		for _, ss := range per {
			rowsCopied += len(ss)
		}
	}
	progress("Markterkundungen: %d, Versorgungszeilen: %d", len(svs), rowsCopied)

	// The import records, which the funding workbook names as its sources.
	ims, err := src.Imports(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ims {
		ims[i].Municipality = areaID[ims[i].Municipality]
	}
	if err := dst.CopyImports(ctx, ims); err != nil {
		return nil, fmt.Errorf("Importeinträge: %w", err)
	}
	progress("Importeinträge: %d", len(ims))

	// Campaigns with their areas and extensions, then the sign-up log of
	// all of them in one transaction in the source's order (the later
	// entry of a date stays the later one), events and contracts.
	cs, err := src.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(cs, func(a, b *campaigns.Campaign) int { return cmp.Compare(a.ID, b.ID) })
	campID := map[int64]int64{}
	var entries []campaigns.Entry
	var events []campaigns.Outreach
	for _, c := range cs {
		id, err := copyCampaign(ctx, dst, c, areaID)
		if err != nil {
			return nil, fmt.Errorf("Kampagne %s: %w", c.Name, err)
		}
		campID[c.ID] = id
		same["Kampagnen"] = same["Kampagnen"] && id == c.ID
		es, err := src.Entries(ctx, c.ID, 0)
		if err != nil {
			return nil, err
		}
		entries = append(entries, es...)
		evs, err := src.Outreach(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		events = append(events, evs...)
		fc, err := src.FacilityContracts(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, f := range fc {
			aid, err := addrID(f.AddressID)
			if err != nil {
				return nil, err
			}
			if err := dst.SetFacilityContract(ctx, id, aid, true, f.SignedOn); err != nil {
				return nil, fmt.Errorf("Kampagne %s: Vertrag: %w", c.Name, err)
			}
		}
		if err := copyBuild(ctx, src, dst, c.ID, id, areaID); err != nil {
			return nil, fmt.Errorf("Kampagne %s: Baufortschritt: %w", c.Name, err)
		}
	}
	slices.SortFunc(entries, func(a, b campaigns.Entry) int { return cmp.Compare(a.ID, b.ID) })
	for i := range entries {
		e := &entries[i]
		e.ID, e.CampaignID, e.AreaID = 0, campID[e.CampaignID], areaID[e.AreaID]
	}
	if len(entries) > 0 {
		if err := dst.AddEntries(ctx, entries, func(int, *campaigns.Campaign, campaigns.Entry, *campaigns.Entry) error { return nil }); err != nil {
			return nil, fmt.Errorf("Anmeldestände: %w", err)
		}
	}
	slices.SortFunc(events, func(a, b campaigns.Outreach) int { return cmp.Compare(a.ID, b.ID) })
	for _, o := range events {
		o.ID, o.CampaignID, o.AreaID = 0, campID[o.CampaignID], areaID[o.AreaID]
		if _, err := dst.AddOutreach(ctx, o); err != nil {
			return nil, fmt.Errorf("Aktion %s: %w", o.Title, err)
		}
	}
	progress("Kampagnen: %d, Anmeldestände: %d, Aktionen: %d", len(cs), len(entries), len(events))
	projID, err := copyFunding(ctx, src, dst, areaID, addrID, surveyID)
	if err != nil {
		return nil, err
	}
	progress("Förderprojekte: %d", len(projID))
	if err := copySites(ctx, src, dst, campID, projID, addrID); err != nil {
		return nil, fmt.Errorf("Liegenschaften: %w", err)
	}

	// API tokens: created, used and revoked again as in the source.
	tokens, err := src.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(tokens, func(a, b campaigns.APIToken) int { return cmp.Compare(a.ID, b.ID) })
	for _, tk := range tokens {
		old := tk
		tk.ID, tk.CampaignID = 0, campID[tk.CampaignID]
		id, err := dst.CreateToken(ctx, tk)
		if err != nil {
			return nil, fmt.Errorf("API-Token %s: %w", tk.Name, err)
		}
		if !old.LastUsed.IsZero() {
			if _, err := dst.UseToken(ctx, old.Hash, old.LastUsed); err != nil {
				return nil, fmt.Errorf("API-Token %s: %w", tk.Name, err)
			}
		}
		if old.Revoked() {
			if err := dst.RevokeToken(ctx, id, old.RevokedAt); err != nil {
				return nil, fmt.Errorf("API-Token %s: %w", tk.Name, err)
			}
		}
	}
	progress("API-Tokens: %d", len(tokens))

	// The citizens' reports, oldest first, closed again as they were.
	if err := copyCitizenReports(ctx, src, dst, areaID, addrID); err != nil {
		return nil, fmt.Errorf("Meldungen: %w", err)
	}

	// Users (with their password hashes) and the audit log, oldest first.
	users, err := src.Users(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(users, func(a, b campaigns.User) int { return cmp.Compare(a.ID, b.ID) })
	for _, u := range users {
		u.Municipality = areaID[u.Municipality]
		id, err := dst.CreateUser(ctx, u)
		same["Benutzer"] = same["Benutzer"] && id == u.ID
		if err != nil {
			return nil, fmt.Errorf("Benutzer %s: %w", u.Name, err)
		}
	}
	audit, err := src.Audit(ctx, auditAll)
	if err != nil {
		return nil, err
	}
	for i := len(audit) - 1; i >= 0; i-- {
		audit[i].Municipality = areaID[audit[i].Municipality]
		if err := dst.AddAudit(ctx, audit[i]); err != nil {
			return nil, fmt.Errorf("Protokoll: %w", err)
		}
	}
	progress("Benutzer: %d, Protokolleinträge: %d", len(users), len(audit))
	return nil, nil
}

// copyCampaign creates c in dst with its areas mapped and its version
// brought up to the source's, and returns its ID in dst.
func copyCampaign(ctx context.Context, dst migrateStore, c *campaigns.Campaign, areaID map[int64]int64) (int64, error) {
	n := *c
	n.ID = 0
	n.Areas = slices.Clone(c.Areas)
	for i := range n.Areas {
		n.Areas[i].AreaID = areaID[c.Areas[i].AreaID]
		n.Areas[i].BuildAreaID = areaID[c.Areas[i].BuildAreaID]
	}
	// The dated record goes along as it is (the store maps the IDs that
	// corrections name); only the areas are the destination's.
	n.Events = slices.Clone(c.Events)
	for i := range n.Events {
		if a := n.Events[i].AreaID; a != 0 {
			n.Events[i].AreaID = areaID[a]
		}
	}
	id, err := dst.CreateCampaign(ctx, &n)
	if err != nil {
		return 0, err
	}
	// The version is the optimistic lock's token: bring it to the source's
	// so that the copy says how often the campaign was changed.
	for v := 1; v < c.Version; v++ {
		if _, err := dst.UpdateCampaign(ctx, id, v, func(*campaigns.Campaign) error { return nil }); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// copySurvey adds sv to dst (with the area and address IDs mapped) and
// copies each operator's answer with its date; operators that were asked
// but have not answered are copied as such. It returns the copy's ID.
func copySurvey(ctx context.Context, src, dst migrateStore, sv geo.Survey, areaID map[int64]int64, addrID func(int64) (int64, error)) (int64, error) {
	per, err := src.OperatorSupplyIn(ctx, sv.ID, 0)
	if err != nil {
		return 0, err
	}
	byOp := map[string][]geo.Supply{}
	for id, ss := range per {
		to, err := addrID(id)
		if err != nil {
			return 0, err
		}
		for _, s := range ss {
			s.AddressID = to
			byOp[s.AnsweredBy] = append(byOp[s.AnsweredBy], s)
		}
	}
	n := sv
	n.ID, n.AreaID, n.Operators = 0, areaID[sv.AreaID], nil
	for _, o := range sv.Operators {
		n.Operators = append(n.Operators, geo.SurveyOperator{Name: o.Name, Asked: o.Asked})
	}
	added, err := dst.AddSurvey(ctx, n)
	if err != nil {
		return 0, err
	}
	for _, o := range sv.Operators {
		if !o.Answered() {
			continue
		}
		rows := byOp[o.Name]
		slices.SortFunc(rows, func(a, b geo.Supply) int { return cmp.Compare(a.AddressID, b.AddressID) })
		if _, err := dst.ReplaceOperatorSupply(ctx, added.ID, o.Name, o.AnsweredOn, geo.Values(rows)); err != nil {
			return 0, err
		}
	}
	return added.ID, nil
}

// copyCitizenReports copies the citizens' reports with their address and
// municipality mapped, oldest first; a closed one is closed again with its
// answer, who and when.
func copyCitizenReports(ctx context.Context, src, dst migrateStore, areaID map[int64]int64, addrID func(int64) (int64, error)) error {
	rs, err := src.CitizenReports(ctx, campaigns.ReportFilter{Limit: math.MaxInt32})
	if err != nil {
		return err
	}
	slices.SortFunc(rs, func(a, b campaigns.CitizenReport) int { return cmp.Compare(a.ID, b.ID) })
	for _, r := range rs {
		n := r
		n.ID, n.ClosedAt, n.ClosedBy, n.Answer = 0, time.Time{}, "", ""
		n.Municipality = areaID[r.Municipality]
		if r.AddressID != 0 {
			if n.AddressID, err = addrID(r.AddressID); err != nil {
				return err
			}
		}
		added, err := dst.AddCitizenReport(ctx, n)
		if err != nil {
			return err
		}
		if !r.Open() {
			if _, err := dst.CloseCitizenReport(ctx, added.ID, r.Answer, r.ClosedBy, r.ClosedAt); err != nil {
				return err
			}
		}
	}
	return nil
}
