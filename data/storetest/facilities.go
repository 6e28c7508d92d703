package storetest

import (
	"context"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

func testFacilityContracts(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "F", "West", "East")
	other := f.create(t, "G", "West")
	got, err := f.s.FacilityContracts(ctx, c.ID)
	if err != nil || len(got) != 0 {
		t.Fatalf("FacilityContracts before any: %v %v", got, err)
	}
	if err := f.s.SetFacilityContract(ctx, c.ID, f.addr["w2"].ID, true, day("2026-02-01")); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetFacilityContract(ctx, other.ID, f.addr["w2"].ID, true, day("2026-02-03")); err != nil {
		t.Fatal(err)
	}
	got, err = f.s.FacilityContracts(ctx, c.ID)
	want := campaigns.FacilityContract{AddressID: f.addr["w2"].ID, SignedOn: day("2026-02-01")}
	if err != nil || len(got) != 1 || got[0].AddressID != want.AddressID || !got[0].SignedOn.Equal(want.SignedOn) {
		t.Errorf("FacilityContracts = %+v, %v; want [%+v]", got, err, want)
	}
	if err := f.s.SetFacilityContract(ctx, c.ID, f.addr["w2"].ID, false, day("2026-02-01")); err != nil {
		t.Fatal(err)
	}
	if got, err := f.s.FacilityContracts(ctx, c.ID); err != nil || len(got) != 0 {
		t.Errorf("after removing the contract: %+v %v", got, err)
	}
	if got, _ := f.s.FacilityContracts(ctx, other.ID); len(got) != 1 {
		t.Errorf("the other campaign's contract: %+v", got)
	}
	_, err = f.s.FacilityContracts(ctx, 999)
	wantCode(t, err, geo.ENOTFOUND)
}

func testCampaignCreatedAtKept(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "Neu", "West")
	if c.CreatedAt.IsZero() || time.Since(c.CreatedAt) > time.Hour {
		t.Errorf("new campaign's CreatedAt = %v, want about now", c.CreatedAt)
	}
	copied := *c
	copied.ID, copied.Name = 0, "Kopie"
	copied.CreatedAt = time.Date(2025, 3, 4, 5, 6, 7, 8000, time.UTC)
	id, err := f.s.CreateCampaign(ctx, &copied)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.s.Campaign(ctx, id)
	if err != nil || !got.CreatedAt.Equal(copied.CreatedAt) {
		t.Errorf("CreatedAt = %v, %v; want %v", got.CreatedAt, err, copied.CreatedAt)
	}
}

// testEntryEnteredAtKept: an entry keeps the EnteredAt it is given (the
// service's clock, or a copied log's time), to the microsecond; a zero
// EnteredAt is the time of the insert.
func testEntryEnteredAtKept(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "C", "West")
	accept := func(*campaigns.Campaign, *campaigns.Entry) error { return nil }
	given := time.Date(2026, 1, 13, 8, 30, 15, 123456000, time.UTC)
	for _, tt := range []struct {
		name      string
		enteredAt time.Time
	}{
		{"given", given},
		{"given, not UTC", given.In(time.FixedZone("CET", 3600))},
		{"zero", time.Time{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := time.Now()
			e, err := f.s.AddEntry(ctx, campaigns.Entry{CampaignID: c.ID, AreaID: c.Areas[0].AreaID, AsOf: day("2026-01-12"),
				Count: 1, Source: campaigns.SourceManual, EnteredBy: "test", EnteredAt: tt.enteredAt}, -1, accept)
			if err != nil {
				t.Fatal(err)
			}
			var stored *campaigns.Entry
			es, err := f.s.Entries(ctx, c.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			for i := range es {
				if es[i].ID == e.ID {
					stored = &es[i]
				}
			}
			if stored == nil {
				t.Fatalf("entry %d not in the log %+v", e.ID, es)
			}
			if tt.enteredAt.IsZero() {
				if stored.EnteredAt.Before(before.Add(-time.Second)) || stored.EnteredAt.After(time.Now().Add(time.Second)) {
					t.Errorf("EnteredAt = %v, want about now", stored.EnteredAt)
				}
			} else if !stored.EnteredAt.Equal(tt.enteredAt) {
				t.Errorf("EnteredAt = %v, want %v", stored.EnteredAt, tt.enteredAt)
			}
		})
	}
}
