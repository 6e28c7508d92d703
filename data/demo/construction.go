package demo

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// ZoneInConstruction is the demo business park whose provider builds
// after the campaign: committed six weeks ago, with weekly progress
// reports since, and in construction from its first homes passed.
func ZoneInConstruction(t *Town) string {
	zones := make([]string, len(t.Zones))
	for i, z := range t.Zones {
		zones[i] = z.Name
	}
	slices.Sort(zones)
	return zones[0] // the first zone, which reached its quota (LoadCampaigns)
}

// LoadConstruction adds what follows the campaigns of LoadCampaigns: the
// build commitment of the business park ZoneInConstruction with weekly
// progress reports of its provider (homes passed, connected, activated,
// expected start and completion, revised once), which move it into
// construction; and the schools network, the town's schools and
// municipal facilities as sites with their connection state. A site in
// the project area of a funding project (LoadFunding, when it ran before)
// is linked to the project. It does nothing when the sites exist already.
func LoadConstruction(ctx context.Context, svc *campaigns.Service, t *Town, today time.Time) error {
	today = campaigns.Today(today)
	if ss, err := svc.Store.Sites(ctx); err != nil || len(ss) > 0 {
		return err
	}
	if err := loadZoneBuild(ctx, svc, t, today); err != nil {
		return fmt.Errorf("demo construction: %w", err)
	}
	if err := loadSites(ctx, svc, today); err != nil {
		return fmt.Errorf("demo sites: %w", err)
	}
	return nil
}

func loadZoneBuild(ctx context.Context, svc *campaigns.Service, t *Town, today time.Time) error {
	c, err := svc.Store.CampaignByName(ctx, CampaignZones)
	if err != nil {
		return err
	}
	zone := ZoneInConstruction(t)
	a, ok := c.AreaByName(zone)
	if !ok || a.Status != campaigns.StatusReached {
		return nil
	}
	d := campaigns.Decision{On: today.AddDate(0, 0, -42), By: "demo", Reason: "Ausbauzusage des Anbieters für " + zone}
	if c, err = svc.SetStatus(ctx, c, campaigns.StatusCommitted, d, zone); err != nil {
		return err
	}
	den, err := svc.Store.Denominators(ctx, c.ID, a.AreaID, a.BuildAreaID)
	if err != nil {
		return err
	}
	homes := max(den.Buildings, 12)
	// Weekly reports from five weeks ago: the share of the buildings
	// passed, connected and activated.
	course := []struct{ passed, connected, activated float64 }{
		{0, 0, 0}, {0.15, 0, 0}, {0.35, 0.1, 0.05}, {0.55, 0.2, 0.1}, {0.7, 0.3, 0.15}, {0.8, 0.4, 0.2},
	}
	var rows []campaigns.ProgressRow
	for i, k := range course {
		day := today.AddDate(0, 0, 7*(i-len(course)+1))
		n := func(f float64) int { return int(math.Round(f * float64(homes))) }
		r := campaigns.ProgressRow{Line: i + 2, Area: zone, AsOf: day, Passed: n(k.passed), Connected: n(k.connected), Activated: n(k.activated)}
		switch i {
		case 0:
			r.ExpectedStart, r.ExpectedCompletion = day.AddDate(0, 0, 7), time.Date(today.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
		case 3: // the provider revises the completion into next year
			r.ExpectedCompletion = time.Date(today.Year()+1, 6, 30, 0, 0, 0, 0, time.UTC)
		}
		rows = append(rows, r)
	}
	_, err = svc.AddProgress(ctx, c, "Baufortschritt "+zone+".xlsx", rows, "demo")
	return err
}

// loadSites makes the town's schools and municipal facilities a sites
// network: schools named after their Ortsteil, the first facility of
// the Altstadt the Rathaus, one per other Ortsteil its Ortsverwaltung.
// A site in an area of a campaign is linked to it (its facility contract
// is left to the office: signing one moves the campaign's quota), unless
// the campaign missed its quota there: a site in a funding project's
// frozen area is linked to the project instead, one the project left out
// to nothing. The states follow the campaign area: in construction or
// live the site is connected or in construction, with a commitment
// ordered, else planned.
func loadSites(ctx context.Context, svc *campaigns.Service, today time.Time) error {
	cs, err := svc.Store.Campaigns(ctx)
	if err != nil {
		return err
	}
	type served struct {
		c      *campaigns.Campaign
		status campaigns.Status
	}
	byArea := map[int64]served{}
	for _, c := range cs {
		for _, a := range c.Areas {
			if a.AreaKind == geo.KindDistrict {
				byArea[a.AreaID] = served{c, a.Status}
			}
		}
	}
	var projects []*campaigns.FundingProject
	if svc.Funding != nil {
		if projects, err = svc.Funding.FundingProjects(ctx); err != nil {
			return err
		}
	}
	var ss []campaigns.Site
	seenDistrict := map[string]bool{}
	for ad, err := range svc.Geo.Addresses(ctx, geo.AddressFilter{}) {
		if err != nil {
			return err
		}
		if ad.Type != geo.TypeSchool && ad.Type != geo.TypePublic {
			continue
		}
		areas, err := svc.Geo.AssignmentsOf(ctx, ad.ID)
		if err != nil {
			return err
		}
		var district geo.Area
		for _, a := range areas {
			if a.Kind == geo.KindDistrict {
				district = a
			}
		}
		if district.ID == 0 {
			continue
		}
		st := campaigns.Site{AddressID: ad.ID}
		switch {
		case ad.Type == geo.TypeSchool:
			st.Name, st.Kind = fmt.Sprintf("Schule %s (%s)", district.Name, strings.TrimSpace(ad.Street+" "+ad.HouseNumber+ad.Suffix)), "Schule"
		case seenDistrict[district.Name]:
			continue
		case district.Name == "Altstadt":
			st.Name, st.Kind = "Rathaus", "Rathaus"
		default:
			st.Name, st.Kind = "Ortsverwaltung "+district.Name, "Ortsverwaltung"
		}
		if ad.Type == geo.TypePublic {
			seenDistrict[district.Name] = true
		}
		ch := func(s campaigns.SiteState, days int) campaigns.SiteChange {
			return campaigns.SiteChange{State: s, Effective: today.AddDate(0, 0, days), Reason: "Demo", EnteredBy: "demo"}
		}
		st.Changes = []campaigns.SiteChange{ch(campaigns.SitePlanned, -120)}
		for _, p := range projects {
			if _, in := slices.BinarySearch(p.Addresses, ad.ID); in {
				st.ProjectID = p.ID
			}
		}
		if sv, ok := byArea[district.ID]; ok && sv.status != campaigns.StatusMissed {
			st.CampaignID = sv.c.ID
			switch sv.status {
			case campaigns.StatusConstruction, campaigns.StatusLive:
				st.Changes = append(st.Changes, ch(campaigns.SiteOrdered, -90), ch(campaigns.SiteConstruction, -60))
				if ad.Type == geo.TypeSchool {
					st.Changes = append(st.Changes, ch(campaigns.SiteConnected, -20))
				}
			case campaigns.StatusReached, campaigns.StatusCommitted:
				st.Changes = append(st.Changes, ch(campaigns.SiteOrdered, -30))
			}
		}
		ss = append(ss, st)
	}
	_, err = svc.Store.AddSites(ctx, ss)
	return err
}
