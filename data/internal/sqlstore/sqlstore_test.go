package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/campaigns"
	"gigaplan/data/internal/sqlstore"
	"gigaplan/data/sqlite"
	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// The shared code's own tests are the conformance suite's parts that it
// implements, on the embedded store (data/postgres runs them on
// PostgreSQL). They live here too so that scripts/mutation.sh can hold
// this package to them.

func open(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "gigaplan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestUsers(t *testing.T) {
	storetest.RunUsers(t, func(t *testing.T) storetest.UserStore { return open(t) })
}

func TestTokens(t *testing.T) {
	storetest.RunTokens(t, func(t *testing.T) storetest.TokenStore { return open(t) })
}

func TestTimeScan(t *testing.T) {
	want := time.Date(2026, 11, 30, 8, 15, 0, 123456789, time.UTC)
	berlin := time.FixedZone("CET", 3600)
	tests := []struct {
		name    string
		src     any
		want    time.Time
		wantErr bool
	}{
		{"store layout", "2026-11-30T08:15:00.123456789Z", want, false},
		{"store layout as bytes", []byte("2026-11-30T08:15:00.123456789Z"), want, false},
		{"RFC 3339 with offset", "2026-11-30T09:15:00.123456789+01:00", want, false},
		{"RFC 3339 without fraction", "2026-11-30T08:15:00Z", want.Truncate(time.Second), false},
		{"time.Time in another zone", want.In(berlin), want, false},
		{"NULL", nil, time.Time{}, false},
		{"not a time", "gestern", time.Time{}, true},
		{"a number", int64(7), time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)
			if tt.wantErr {
				got = time.Time{}
			}
			err := sqlstore.Time{T: &got}.Scan(tt.src)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Scan(%v) error %v, want error %v", tt.src, err, tt.wantErr)
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("Scan(%v) = %v, want %v in UTC", tt.src, got, tt.want)
			}
		})
	}
}

// TestAuditDefaultLimit: a limit ≤ 0 gives the latest DefaultAuditLimit
// entries, not none.
func TestAuditDefaultLimit(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	at := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	for i := range sqlstore.DefaultAuditLimit + 1 {
		if err := s.AddAudit(ctx, campaigns.AuditEntry{At: at.Add(time.Duration(i) * time.Second), User: "anna", Action: "login"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, limit := range []int{0, -1} {
		got, err := s.Audit(ctx, limit)
		if err != nil || len(got) != sqlstore.DefaultAuditLimit {
			t.Fatalf("Audit(%d): %d entries, %v; want %d", limit, len(got), err, sqlstore.DefaultAuditLimit)
		}
		if !got[0].At.Equal(at.Add(sqlstore.DefaultAuditLimit * time.Second)) {
			t.Errorf("Audit(%d) starts at %v, want the latest entry", limit, got[0].At)
		}
	}
	if got, err := s.Audit(ctx, 1); err != nil || len(got) != 1 {
		t.Errorf("Audit(1): %d entries, %v", len(got), err)
	}
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) geo.Store { return open(t) })
}

func TestCampaigns(t *testing.T) {
	storetest.RunCampaigns(t, func(t *testing.T) storetest.Store { return open(t) })
}

// TestEntrySourceKept: every field of a sign-up entry reads back as
// written, the source included.
func TestEntrySourceKept(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if _, err := s.ImportAreas(ctx, func(yield func(geo.Area, error) bool) {
		yield(geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: orb.MultiPolygon{{{{8, 48}, {8.1, 48}, {8.1, 48.1}, {8, 48.1}, {8, 48}}}}}, nil)
	}); err != nil {
		t.Fatal(err)
	}
	nord, err := s.AreaByName(ctx, geo.KindDistrict, "Nord")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	id, err := s.CreateCampaign(ctx, &campaigns.Campaign{Provider: "DG", Name: "DG Nord", Counting: campaigns.CountHouseholds,
		Threshold: 0.33, Start: day.AddDate(0, 0, -30), Deadline: day.AddDate(0, 0, 60), Areas: []campaigns.CampaignArea{{AreaID: nord.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 2, 2, 9, 30, 0, 0, time.UTC)
	want := campaigns.Entry{CampaignID: id, AreaID: nord.ID, AsOf: day, Count: 7, Source: campaigns.SourceProvider,
		EnteredBy: "erik", EnteredAt: at, Comment: "Bericht KW 6"}
	got, err := s.AddEntry(ctx, want, -1, func(*campaigns.Campaign, *campaigns.Entry) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	want.ID = got.ID
	es, err := s.Entries(ctx, id, 0)
	if err != nil || len(es) != 1 {
		t.Fatalf("Entries: %+v %v", es, err)
	}
	if es[0] != want || got != want {
		t.Errorf("stored %+v\nreturned %+v\nwant %+v", es[0], got, want)
	}
}

func TestSupply(t *testing.T) {
	storetest.RunSupply(t, func(t *testing.T) interface {
		geo.Store
		geo.SupplyStore
	} {
		return open(t)
	})
}
