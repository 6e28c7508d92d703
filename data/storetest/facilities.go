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
