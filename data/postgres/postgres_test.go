package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gigaplan/campaigns"
	"gigaplan/data/internal/sqlstore"
	"gigaplan/data/postgres"
	"gigaplan/data/postgres/pgtest"
	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// These tests run when GIGAPLAN_TEST_POSTGRES names a database, e.g.
//
//	GIGAPLAN_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/gigaplan_test?sslmode=disable' go test ./data/postgres
//
// Each test gets a schema of its own (see pgtest.URL).

// MustOpen opens a store on url, closed with the test.
func MustOpen(tb testing.TB, url string) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), url)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return s
}

// storeAndConn opens a store on a new schema and a connection of its own
// to it (for EXPLAIN, ANALYZE and the catalogue), both closed with the
// test.
func storeAndConn(t *testing.T) (*postgres.Store, *pgx.Conn) {
	t.Helper()
	url := pgtest.URL(t)
	s := MustOpen(t, url)
	t.Cleanup(func() { s.Close() })
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return s, conn
}

// openFresh opens a store on a new schema; the suites close it.
func openFresh(t *testing.T) *postgres.Store { return MustOpen(t, pgtest.URL(t)) }

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) geo.Store { return openFresh(t) })
}

// TestImportBatches: the COPY of an import has no batches; 1000 rows
// stand for one.
func TestImportBatches(t *testing.T) {
	storetest.RunImportBatches(t, func(t *testing.T) geo.Store { return openFresh(t) }, 1000)
}

// TestStoreBulkPaths runs the suite with the bulk paths taken at every
// size: indexes of addresses rebuilt after an import into an empty table,
// foreign keys of assignments added again after the overlay's insert.
// Not parallel: it changes package settings.
func TestStoreBulkPaths(t *testing.T) {
	defer postgres.SetBulkFrom(1, 0)()
	storetest.Run(t, func(t *testing.T) geo.Store { return openFresh(t) })
	storetest.RunImportBatches(t, func(t *testing.T) geo.Store { return openFresh(t) }, 1000)
	t.Run("indexes and keys afterwards", func(t *testing.T) {
		ctx := context.Background()
		url := pgtest.URL(t)
		s := MustOpen(t, url)
		defer s.Close()
		var as []geo.Address
		for i := range 50 {
			as = append(as, storetest.Addr(fmt.Sprintf("k%d", i), "Weg", fmt.Sprint(i+1), 1, 0))
		}
		if _, err := s.ImportAreas(ctx, geo.Values([]geo.Area{{Kind: geo.KindDistrict, Name: "D", Geometry: storetest.Square(7, 48, 8, 49)}})); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportAddresses(ctx, geo.Values(as)); err != nil {
			t.Fatal(err)
		}
		if _, err := (&geo.Service{Store: s}).Reassign(ctx); err != nil {
			t.Fatal(err)
		}
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var idx, fks int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE tablename IN ('addresses', 'assignments')
			AND indexname IN ('addresses_search_key', 'addresses_geom', 'assignments_area')
			AND schemaname = current_schema()`).Scan(&idx); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_constraint WHERE conrelid = 'assignments'::regclass AND contype = 'f'`).Scan(&fks); err != nil {
			t.Fatal(err)
		}
		if idx != 3 || fks != 2 {
			t.Errorf("after the bulk paths: %d of the 3 indexes, %d of the 2 foreign keys", idx, fks)
		}
		// The planner has statistics of the bulk-loaded tables (autovacuum
		// may be off, as on the test machines): without them a town's
		// report rows were read by scanning every assignment (55 s at 3 M).
		var unanalyzed []string
		rows, err := conn.Query(ctx, `SELECT relname FROM pg_stat_user_tables
			WHERE schemaname = current_schema() AND relname IN ('addresses', 'address_words', 'assignments')
			AND last_analyze IS NULL AND last_autoanalyze IS NULL ORDER BY relname`)
		if err == nil {
			unanalyzed, err = pgx.CollectRows(rows, pgx.RowTo[string])
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(unanalyzed) > 0 {
			t.Errorf("after the bulk paths, no planner statistics for %v", unanalyzed)
		}
		if c, err := s.Counts(ctx); err != nil || c.Assignments != 50 {
			t.Errorf("Counts = %+v, %v; want 50 assignments", c, err)
		}
	})
}

// TestOpenBesideStoreOnSearchPath: a store opened in a new schema whose
// search path goes on to a schema holding another store gets tables of
// its own, instead of taking the other store's for its own.
func TestOpenBesideStoreOnSearchPath(t *testing.T) {
	ctx := context.Background()
	first := pgtest.URL(t)
	other := MustOpen(t, first)
	if _, err := other.ImportAddresses(ctx, geo.Values([]geo.Address{storetest.Addr("k1", "Weg", "1", 1, 0)})); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(first)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	oldPath := q.Get("search_path")
	schema := strings.Split(oldPath, ",")[0] + "_b"
	conn, err := pgx.Connect(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `DROP SCHEMA `+schema+` CASCADE`)
	q.Set("search_path", schema+","+oldPath)
	u.RawQuery = q.Encode()
	s := MustOpen(t, u.String())
	defer s.Close()
	if c, err := s.Counts(ctx); err != nil || c.Addresses != 0 {
		t.Errorf("new store: Counts = %+v, %v; want no addresses", c, err)
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename IN ('migrations', 'addresses')`, schema).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d of the tables migrations and addresses in %s (%v), want 2", n, schema, err)
	}
}

func TestCampaignStore(t *testing.T) {
	storetest.RunCampaigns(t, func(t *testing.T) storetest.Store { return openFresh(t) })
}

func TestSupplyStore(t *testing.T) {
	storetest.RunSupply(t, func(t *testing.T) interface {
		geo.Store
		geo.SupplyStore
	} {
		return openFresh(t)
	})
}

func TestUserStore(t *testing.T) {
	storetest.RunUsers(t, func(t *testing.T) storetest.UserStore { return openFresh(t) })
}

func migrations(t *testing.T, s *postgres.Store) []string {
	t.Helper()
	rows, err := s.Pool().Query(context.Background(), `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	s := MustOpen(t, url)
	first := migrations(t, s)
	if len(first) < 3 || first[0] != "0001_init.sql" {
		t.Fatalf("migrations = %v, want 0001_init.sql first", first)
	}
	if _, err := s.ImportAddresses(ctx, func(yield func(geo.Address, error) bool) {
		yield(storetest.Addr("k1", "Hauptstraße", "1", 1, 0), nil)
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Opening again applies nothing and keeps the data.
	s = MustOpen(t, url)
	defer s.Close()
	if again := migrations(t, s); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Errorf("migrations after second Open = %v, want %v", again, first)
	}
	if c, err := s.Counts(ctx); err != nil || c.Addresses != 1 {
		t.Errorf("Counts after reopen = %+v, %v", c, err)
	}
}

// Instances starting together on an empty schema: the advisory lock lets
// one migrate while the others wait, and each migration is applied once.
func TestConcurrentOpen(t *testing.T) {
	url := pgtest.URL(t)
	const n = 4
	stores := make([]*postgres.Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = postgres.Open(context.Background(), url) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d: %v", i, err)
		} else {
			defer stores[i].Close()
		}
	}
	if t.Failed() {
		return
	}
	var rows, distinct int
	if err := stores[0].Pool().QueryRow(context.Background(), `SELECT count(*), count(DISTINCT name) FROM migrations`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	steps, err := sqlstore.Steps(sqlstore.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if rows != distinct || rows != len(steps) {
		t.Errorf("migrations table: %d rows, %d distinct, want each of the %d steps once", rows, distinct, len(steps))
	}
	// Every instance works on the schema: one creates a user, all see it.
	if _, err := stores[1].CreateUser(context.Background(), campaigns.User{Name: "anna", Role: campaigns.RoleViewer, PasswordHash: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	for i, s := range stores {
		if _, err := s.UserByName(context.Background(), "Anna"); err != nil {
			t.Errorf("store %d: %v", i, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := postgres.Open(ctx, ""); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("empty URL: %v", err)
	}
	_, err := postgres.Open(ctx, "postgres://u:secret@127.0.0.1:1/x?sslmode=disable&connect_timeout=2")
	if err == nil {
		t.Fatal("Open on a closed port succeeded")
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error shows the password: %v", err)
	}
}

// The geometry columns carry SRID 4326 and the expected types, and the
// prefix search reads its index in order (no sort of every match).
func TestSchema(t *testing.T) {
	ctx := context.Background()
	s := openFresh(t)
	defer s.Close()
	a := storetest.Addr("k1", "Hauptstraße", "1", 1, 0)
	a.Lon, a.Lat = 7.9412345, 48.4712345
	if _, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{a})); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportAreas(ctx, geo.Values([]geo.Area{{Kind: geo.KindDistrict, Name: "D", Geometry: storetest.Square(7, 48, 8, 49)}})); err != nil {
		t.Fatal(err)
	}
	var srid int
	var typ string
	var x, y float64
	if err := s.Pool().QueryRow(ctx, `SELECT ST_SRID(geom), GeometryType(geom), ST_X(geom), ST_Y(geom) FROM addresses`).Scan(&srid, &typ, &x, &y); err != nil {
		t.Fatal(err)
	}
	if srid != 4326 || typ != "POINT" || x != a.Lon || y != a.Lat {
		t.Errorf("address geom: SRID %d, %s (%v %v)", srid, typ, x, y)
	}
	var covers bool
	if err := s.Pool().QueryRow(ctx, `SELECT ST_SRID(r.geom), GeometryType(r.geom), ST_Covers(r.geom, a.geom)
		FROM areas r, addresses a`).Scan(&srid, &typ, &covers); err != nil {
		t.Fatal(err)
	}
	if srid != 4326 || typ != "MULTIPOLYGON" || !covers {
		t.Errorf("area geom: SRID %d, %s, covers the address: %v", srid, typ, covers)
	}

	conn, err := s.Pool().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SET enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, `RESET enable_seqscan`)
	var plan strings.Builder
	rows, err := conn.Query(ctx, `EXPLAIN SELECT id FROM addresses a WHERE a.search_key >= 'haupt' AND a.search_key < 'haupu'
		ORDER BY a.search_key, a.id LIMIT 10`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		rows.Scan(&line)
		plan.WriteString(line + "\n")
	}
	rows.Close()
	if !strings.Contains(plan.String(), "addresses_search_key") || strings.Contains(plan.String(), "Sort") {
		t.Errorf("prefix search does not read the index in order:\n%s", plan.String())
	}
}

// twoInstances is a campaign with two areas on one schema, seen through
// two stores with pools of their own, as two app instances would.
type twoInstances struct {
	a, b     *postgres.Store
	campaign *campaigns.Campaign
}

func newTwoInstances(t *testing.T) *twoInstances {
	t.Helper()
	ctx := context.Background()
	url := pgtest.URL(t)
	f := &twoInstances{a: MustOpen(t, url), b: MustOpen(t, url)}
	t.Cleanup(func() { f.a.Close(); f.b.Close() })
	if _, err := f.a.ImportAreas(ctx, geo.Values([]geo.Area{
		{Kind: geo.KindDistrict, Name: "West", Geometry: storetest.Square(0, 0, 1, 1)},
		{Kind: geo.KindDistrict, Name: "East", Geometry: storetest.Square(1, 0, 2, 1)},
	})); err != nil {
		t.Fatal(err)
	}
	west, err := f.b.AreaByName(ctx, geo.KindDistrict, "West")
	if err != nil {
		t.Fatal(err)
	}
	east, err := f.b.AreaByName(ctx, geo.KindDistrict, "East")
	if err != nil {
		t.Fatal(err)
	}
	c := &campaigns.Campaign{Provider: "P", Name: "Zwei", Counting: campaigns.CountHouseholds, Threshold: 0.4,
		Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Deadline: time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC),
		Areas: []campaigns.CampaignArea{
			{AreaID: west.ID, AreaName: "West", Status: campaigns.StatusRunning},
			{AreaID: east.ID, AreaName: "East", Status: campaigns.StatusRunning},
		}}
	id, err := f.a.CreateCampaign(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if f.campaign, err = f.b.Campaign(ctx, id); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *twoInstances) store(i int) *postgres.Store {
	if i%2 == 0 {
		return f.a
	}
	return f.b
}

func noCheck(*campaigns.Campaign, *campaigns.Entry) error { return nil }

func TestTwoInstances(t *testing.T) {
	ctx := context.Background()
	f := newTwoInstances(t)
	west, east := f.campaign.Areas[0].AreaID, f.campaign.Areas[1].AreaID
	entry := func(area int64, day, count int) campaigns.Entry {
		return campaigns.Entry{CampaignID: f.campaign.ID, AreaID: area, AsOf: time.Date(2026, 1, 5+day, 0, 0, 0, 0, time.UTC),
			Count: count, Source: campaigns.SourceManual, EnteredBy: "test"}
	}

	// Written through one, visible through the other at once.
	e, err := f.a.AddEntry(ctx, entry(west, 0, 3), 0, noCheck)
	if err != nil {
		t.Fatal(err)
	}
	es, err := f.b.Entries(ctx, f.campaign.ID, west)
	if err != nil || len(es) != 1 || es[0].ID != e.ID || es[0].Count != 3 || !es[0].EnteredAt.Equal(e.EnteredAt) {
		t.Fatalf("entry written through A, read through B: %+v, %v (wrote %+v)", es, err, e)
	}

	// 40 entries through both at once: none is lost.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Go(func() {
			area := []int64{west, east}[i%4/2]
			_, err := f.store(i).AddEntry(ctx, entry(area, 1+i, i), -1, noCheck)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent AddEntry: %v", err)
		}
	}
	for i, s := range []*postgres.Store{f.a, f.b} {
		if es, err := s.Entries(ctx, f.campaign.ID, 0); err != nil || len(es) != 41 {
			t.Errorf("store %d: %d entries, %v; want 41", i, len(es), err)
		}
	}

	// Ten people on both instances, all based on the same latest entry:
	// exactly one wins, the others get a conflict.
	es, _ = f.a.Entries(ctx, f.campaign.ID, west)
	latest := es[len(es)-1].ID
	var ok, conflict int
	var mu sync.Mutex
	for i := range 10 {
		wg.Go(func() {
			_, err := f.store(i).AddEntry(ctx, entry(west, 50, 30), latest, noCheck)
			mu.Lock()
			defer mu.Unlock()
			switch geo.ErrorCode(err) {
			case "":
				ok++
			case geo.ECONFLICT:
				conflict++
			default:
				t.Errorf("AddEntry: %v", err)
			}
		})
	}
	wg.Wait()
	if ok != 1 || conflict != 9 {
		t.Errorf("%d succeeded, %d conflicts; want 1 and 9", ok, conflict)
	}

	// A batch through A and single entries through B at once: the batch
	// is all or none, nothing is lost.
	batch := []campaigns.Entry{entry(west, 60, 1), entry(east, 60, 2), entry(west, 61, 3)}
	wg.Go(func() {
		if err := f.a.AddEntries(ctx, batch, func(int, *campaigns.Campaign, campaigns.Entry, *campaigns.Entry) error { return nil }); err != nil {
			t.Errorf("AddEntries: %v", err)
		}
	})
	wg.Go(func() {
		if _, err := f.b.AddEntry(ctx, entry(east, 62, 4), -1, noCheck); err != nil {
			t.Errorf("AddEntry: %v", err)
		}
	})
	wg.Wait()
	if es, _ := f.b.Entries(ctx, f.campaign.ID, 0); len(es) != 41+1+4 {
		t.Errorf("%d entries, want %d", len(es), 41+1+4)
	}
}

func TestTwoInstancesUpdateCampaign(t *testing.T) {
	ctx := context.Background()
	f := newTwoInstances(t)
	version := f.campaign.Version
	var ok, conflict int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			_, err := f.store(i).UpdateCampaign(ctx, f.campaign.ID, version, func(c *campaigns.Campaign) error {
				c.Provider = fmt.Sprintf("P%d", i)
				return nil
			})
			mu.Lock()
			defer mu.Unlock()
			switch geo.ErrorCode(err) {
			case "":
				ok++
			case geo.ECONFLICT:
				conflict++
			default:
				t.Errorf("UpdateCampaign: %v", err)
			}
		})
	}
	wg.Wait()
	if ok != 1 || conflict != 5 {
		t.Errorf("%d succeeded, %d conflicts; want 1 and 5", ok, conflict)
	}
	c, err := f.a.Campaign(ctx, f.campaign.ID)
	if err != nil || c.Version != version+1 {
		t.Errorf("after the updates: version %d, %v; want %d", c.Version, err, version+1)
	}

	// Two instances creating the same campaign: one gets ECONFLICT.
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() {
			_, errs[i] = f.store(i).CreateCampaign(ctx, &campaigns.Campaign{Provider: "Q", Name: "Neu", Counting: campaigns.CountHouseholds,
				Threshold: 0.4, Start: f.campaign.Start, Deadline: f.campaign.Deadline,
				Areas: []campaigns.CampaignArea{{AreaID: f.campaign.Areas[0].AreaID, AreaName: "West"}}})
		})
	}
	wg.Wait()
	codes := []string{geo.ErrorCode(errs[0]), geo.ErrorCode(errs[1])}
	if !(codes[0] == "" && codes[1] == geo.ECONFLICT || codes[0] == geo.ECONFLICT && codes[1] == "") {
		t.Errorf("concurrent CreateCampaign: %v", errs)
	}
}

// Sign-up entries are append-only in the database too.
func TestEntriesAppendOnlyInDatabase(t *testing.T) {
	ctx := context.Background()
	f := newTwoInstances(t)
	if _, err := f.a.AddEntry(ctx, campaigns.Entry{CampaignID: f.campaign.ID, AreaID: f.campaign.Areas[0].AreaID,
		AsOf: f.campaign.Start, Count: 1, Source: campaigns.SourceManual, EnteredBy: "t"}, -1, noCheck); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE signup_entries SET count = 2`, `DELETE FROM signup_entries`} {
		if _, err := f.a.Pool().Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want append-only", q, err)
		}
	}
}

// addresses yields n synthetic addresses; gen changes their data.
func addresses(n, gen int) func(yield func(geo.Address, error) bool) {
	return func(yield func(geo.Address, error) bool) {
		for i := range n {
			a := storetest.Addr(fmt.Sprintf("08317096|%05d|%d", i%5000, i), fmt.Sprintf("Straße %d", i%5000), fmt.Sprint(i%300+1), i%4+gen, i%2)
			if !yield(a, nil) {
				return
			}
		}
	}
}

// BenchmarkImportAddresses imports 100k new addresses, then the same 100k
// again (all updates), each into a fresh schema.
func BenchmarkImportAddresses(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		prefill bool
	}{{"insert", false}, {"update", true}} {
		b.Run(tt.name, func(b *testing.B) {
			runs := 0
			for b.Loop() {
				b.StopTimer()
				s := MustOpen(b, pgtest.URL(b))
				if tt.prefill {
					if _, err := s.ImportAddresses(ctx, addresses(n, 0)); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				st, err := s.ImportAddresses(ctx, addresses(n, 1))
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if st.Inserted+st.Updated != n {
					b.Fatalf("stats %+v", st)
				}
				s.Close()
				runs++
				b.StartTimer()
			}
			b.ReportMetric(float64(n*runs)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkReplaceAssignments replaces 200k assignments (two per address),
// all of them or none.
func BenchmarkReplaceAssignments(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	s := MustOpen(b, pgtest.URL(b))
	defer s.Close()
	if _, err := s.ImportAddresses(ctx, addresses(n, 0)); err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportAreas(ctx, geo.Values([]geo.Area{
		{Kind: geo.KindDistrict, Name: "D", Geometry: storetest.Square(0, 0, 1, 1)},
		{Kind: geo.KindZone, Name: "Z", Geometry: storetest.Square(0, 0, 1, 1)},
	})); err != nil {
		b.Fatal(err)
	}
	d, _ := s.AreaByName(ctx, geo.KindDistrict, "D")
	z, _ := s.AreaByName(ctx, geo.KindZone, "Z")
	ids, _, err := s.Points(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var as []geo.Assignment
	for _, id := range ids {
		as = append(as, geo.Assignment{AddressID: id, AreaID: d.ID}, geo.Assignment{AddressID: id, AreaID: z.ID})
	}
	// ReplaceAssignments writes only the difference to what is stored:
	// "rewrite" alternates between all assignments and none, so that
	// every call inserts or deletes all of them; "unchanged" stores the
	// same set again (the overlay after an import that moved nothing).
	for _, tc := range []struct {
		name string
		sets [][]geo.Assignment
	}{
		{"rewrite", [][]geo.Assignment{as, nil}},
		{"unchanged", [][]geo.Assignment{as}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			if err := s.ReplaceAssignments(ctx, as); err != nil {
				b.Fatal(err)
			}
			runs := 0
			for b.Loop() {
				if err := s.ReplaceAssignments(ctx, tc.sets[(runs+1)%len(tc.sets)]); err != nil {
					b.Fatal(err)
				}
				runs++
			}
			b.ReportMetric(float64(len(as)*runs)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkPoints reads 100k points.
func BenchmarkPoints(b *testing.B) {
	ctx := context.Background()
	s := MustOpen(b, pgtest.URL(b))
	defer s.Close()
	if _, err := s.ImportAddresses(ctx, addresses(100_000, 0)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ids, _, err := s.Points(ctx); err != nil || len(ids) != 100_000 {
			b.Fatal(len(ids), err)
		}
	}
}

// Writers whose check reads through the store (on another connection of
// the pool), many more than the pool has connections, all on one campaign
// row: none may starve the others of connections (each would hold one
// while waiting for the row lock, and the lock holder's read would wait
// for a free one for ever).
func TestCallbackReadsDoNotStarvePool(t *testing.T) {
	url := pgtest.URL(t) + "&pool_max_conns=4"
	s := MustOpen(t, url)
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := s.ImportAreas(ctx, geo.Values([]geo.Area{{Kind: geo.KindDistrict, Name: "West", Geometry: storetest.Square(0, 0, 1, 1)}})); err != nil {
		t.Fatal(err)
	}
	a := storetest.Addr("k1", "Weg", "1", 1000, 0)
	a.Lon, a.Lat = 0.5, 0.5
	if _, err := s.ImportAddresses(ctx, geo.Values([]geo.Address{a})); err != nil {
		t.Fatal(err)
	}
	if _, err := (&geo.Service{Store: s}).Reassign(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	c, err := (&campaigns.Service{Geo: s, Store: s}).Create(ctx, campaigns.NewCampaign{Provider: "P", Name: "C", Areas: []string{"West"},
		Threshold: 0.33, Start: start, Deadline: start.AddDate(0, 3, 0)})
	if err != nil {
		t.Fatal(err)
	}
	const writers = 24
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			e := campaigns.Entry{CampaignID: c.ID, AreaID: c.Areas[0].AreaID, AsOf: start.AddDate(0, 0, i), Count: i,
				Source: campaigns.SourceManual, EnteredBy: "t", Comment: "x"}
			check := func(cc *campaigns.Campaign, prev *campaigns.Entry) error {
				_, err := s.Denominators(ctx, cc.ID, e.AreaID, 0) // a read on another connection
				return err
			}
			if i%2 == 0 {
				_, errs[i] = s.AddEntry(ctx, e, -1, check)
			} else {
				errAbort := errors.New("abort")
				_, errs[i] = s.UpdateCampaign(ctx, c.ID, c.Version, func(cc *campaigns.Campaign) error {
					if err := check(cc, nil); err != nil {
						return err
					}
					return errAbort // change nothing
				})
				if errors.Is(errs[i], errAbort) {
					errs[i] = nil
				}
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	if es, err := s.Entries(ctx, c.ID, 0); err != nil || len(es) != writers/2 {
		t.Errorf("%d entries, %v; want %d", len(es), err, writers/2)
	}
}

// BenchmarkSearch measures address search at 300,000 addresses:
//
//	GIGAPLAN_TEST_POSTGRES=… go test ./data/postgres -run '^$' -bench Search -benchmem
func BenchmarkSearch(b *testing.B) {
	storetest.BenchSearch(b, MustOpen(b, pgtest.URL(b)), 300_000)
}
