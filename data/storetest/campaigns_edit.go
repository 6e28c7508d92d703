package storetest

import (
	"context"
	"testing"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// testCampaignUpdateFields: Service.Update changes the editable fields
// through the store, bumps the version, refuses a stale version, a name in
// use and an invalid change, and changes nothing then.
func testCampaignUpdateFields(t *testing.T, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "C", "West", "East")
	f.create(t, "Other", "West")
	f.add(t, "C", "West", "2026-01-19", 3, "")
	edit := campaigns.CampaignEdit{Provider: " Neu GmbH ", Name: "C neu", Counting: campaigns.CountBuildings, Threshold: 0.4,
		CountFacilities: true, SignupURL: " https://anbieter.example/musterstadt ", Start: day("2026-01-12"), Deadline: day("2026-04-13")}
	// The provider's sign-up page: stored with a new campaign, refused
	// when it is no http(s) URL.
	withURL, err := f.svc.Create(ctx, campaigns.NewCampaign{Provider: "P", Name: "Mit Vertragsseite", Areas: []string{"West"},
		Threshold: 0.33, Start: day("2026-01-05"), Deadline: day("2026-03-30"), SignupURL: "https://anbieter.example/vertrag?ort=West"})
	if err != nil {
		t.Fatal(err)
	}
	if again, err := f.s.Campaign(ctx, withURL.ID); err != nil || again.SignupURL != "https://anbieter.example/vertrag?ort=West" {
		t.Errorf("stored sign-up page: %v %q", err, again.SignupURL)
	}
	_, err = f.svc.Create(ctx, campaigns.NewCampaign{Provider: "P", Name: "Ohne", Areas: []string{"West"},
		Threshold: 0.33, Start: day("2026-01-05"), Deadline: day("2026-03-30"), SignupURL: "ftp://anbieter.example"})
	wantCode(t, err, geo.EINVALID)

	got, err := f.svc.Update(ctx, c, edit)
	if err != nil {
		t.Fatal(err)
	}
	if got.Provider != "Neu GmbH" || got.Name != "C neu" || got.Counting != campaigns.CountBuildings || got.Threshold != 0.4 ||
		!got.CountFacilities || got.SignupURL != "https://anbieter.example/musterstadt" || !got.Start.Equal(day("2026-01-12")) || !got.Deadline.Equal(day("2026-04-13")) || got.Version != c.Version+1 {
		t.Fatalf("after Update: %+v", got)
	}
	if len(got.Areas) != 2 || got.Areas[0].Status != campaigns.StatusRunning {
		t.Errorf("Update touched the areas: %+v", got.Areas)
	}

	// Provider denominators: set one, keep the other; then remove it.
	west, east := got.Areas[0].AreaID, got.Areas[1].AreaID
	e := edit
	e.ProviderDenominators = map[int64]int{west: 35}
	if got, err = f.svc.Update(ctx, got, e); err != nil || got.Areas[0].ProviderDenominator != 35 || got.Areas[1].ProviderDenominator != 0 {
		t.Fatalf("provider denominator: %v %+v", err, got)
	}
	fig, err := f.svc.Figures(ctx, got, f.today)
	if err != nil || fig.Areas[0].Denominator != 35 || fig.Areas[0].OverlayDenominator != 2 {
		t.Fatalf("figures with the provider's denominator: %v %+v", err, fig)
	}
	e.ProviderDenominators = map[int64]int{west: 0, east: 70}
	if got, err = f.svc.Update(ctx, got, e); err != nil || got.Areas[0].ProviderDenominator != 0 || got.Areas[1].ProviderDenominator != 70 {
		t.Fatalf("provider denominator changed: %v %+v", err, got)
	}
	e.ProviderDenominators = map[int64]int{east: -1}
	_, err = f.svc.Update(ctx, got, e)
	wantCode(t, err, geo.EINVALID)
	e.ProviderDenominators = map[int64]int{9999: 5}
	_, err = f.svc.Update(ctx, got, e)
	wantCode(t, err, geo.ENOTFOUND)
	if byName, err := f.s.CampaignByName(ctx, "c NEU"); err != nil || byName.ID != c.ID || byName.SignupURL != "https://anbieter.example/musterstadt" {
		t.Errorf("renamed campaign by name: %v (sign-up page %q)", err, byName.SignupURL)
	}

	// The old version is stale now.
	_, err = f.svc.Update(ctx, c, edit)
	wantCode(t, err, geo.ECONFLICT)

	for _, tt := range []struct {
		name   string
		change func(e *campaigns.CampaignEdit)
		code   string
	}{
		{"name in use", func(e *campaigns.CampaignEdit) { e.Name = "OTHER" }, geo.ECONFLICT},
		{"empty provider", func(e *campaigns.CampaignEdit) { e.Provider = " " }, geo.EINVALID},
		{"threshold above 1", func(e *campaigns.CampaignEdit) { e.Threshold = 33 }, geo.EINVALID},
		{"deadline before start", func(e *campaigns.CampaignEdit) { e.Deadline = day("2026-01-01") }, geo.EINVALID},
		{"sign-up page no URL", func(e *campaigns.CampaignEdit) { e.SignupURL = "www.anbieter.example" }, geo.EINVALID},
		{"sign-up page javascript", func(e *campaigns.CampaignEdit) { e.SignupURL = "javascript:alert(1)" }, geo.EINVALID},
		{"start after a count", func(e *campaigns.CampaignEdit) { e.Start = day("2026-01-20") }, geo.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := edit
			tt.change(&e)
			_, err := f.svc.Update(ctx, got, e)
			wantCode(t, err, tt.code)
			again, err := f.s.Campaign(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if again.Version != got.Version || again.Name != "C neu" || again.Threshold != 0.4 {
				t.Errorf("refused update changed the campaign: %+v", again)
			}
		})
	}

	// After an extension the original deadline is fixed; the decision
	// date of the extension is kept.
	ext, err := f.svc.Extend(ctx, got, day("2026-05-04"), campaigns.Decision{On: day("2026-02-27"), Reason: "Sommerferien"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ext.Extensions) != 1 || !ext.Extensions[0].Decided.Equal(day("2026-02-27")) || ext.Areas[0].Status != campaigns.StatusExtended {
		t.Fatalf("after ExtendOn: %+v", ext)
	}
	e = edit
	e.Deadline = day("2026-04-20")
	_, err = f.svc.Update(ctx, ext, e)
	wantCode(t, err, geo.EINVALID)
	e.Deadline = edit.Deadline
	e.Threshold = 0.35
	if got, err = f.svc.Update(ctx, ext, e); err != nil || got.Threshold != 0.35 || len(got.Extensions) != 1 {
		t.Fatalf("Update after the extension: %v %+v", err, got)
	}
}
