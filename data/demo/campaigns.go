package demo

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Demo campaign names, providers and what they show.
const (
	// CampaignFTTH is the household campaign over 8 Ortsteile: 12 weeks of
	// weekly counts that ended a week before today; 5 Ortsteile reached
	// the 33 % quota, 2 missed it (parked) and 1 was extended by 4 weeks.
	CampaignFTTH = "Glasfaser für Musterstadt 2026"
	ProviderFTTH = "Glasfaser Südbaden GmbH"
	// SignupFTTH is the household campaign's (fictitious) sign-up page.
	SignupFTTH = "https://glasfaser-suedbaden.example/musterstadt"
	// CampaignZones is the business-park campaign over the 8
	// Gewerbegebiete, counting companies; 3 zones reached it.
	CampaignZones = "Gewerbegebiete 2026"
	ProviderZones = "Versanet Business"
	// CampaignBuilt is last year's campaign in the northern Oststadt,
	// limited to the provider's build area, now under construction.
	CampaignBuilt = "Oststadt-Nord 2025"
)

// areaPlan is a demo area's course: the quota at the (original) deadline
// and the status it ended with.
type areaPlan struct {
	name   string
	quota  float64
	status campaigns.Status
}

// surge is the typical course of a campaign (share of the final count at
// normalised time t), with the rush before the deadline.
func surge(t float64) float64 { return 0.35*t + 0.65*math.Pow(t, 3.5) }

// LoadCampaigns adds the demo campaigns of town t to the stores, with
// dates relative to today so that the demo always shows a live state. It
// does nothing for a campaign that exists already, so loading twice is
// harmless. The areas and addresses of t must be loaded and overlaid.
func LoadCampaigns(ctx context.Context, svc *campaigns.Service, t *Town, today time.Time) error {
	today = campaigns.Today(today)
	muni, err := townScope(ctx, svc.Geo, t)
	if err != nil {
		return err
	}
	names := func(areas []geo.Area) []string {
		out := make([]string, len(areas))
		for i, a := range areas {
			out[i] = a.Name
		}
		return out
	}

	// The household campaign over the 8 Ortsteile outside the centre.
	var ftth []string
	for _, n := range names(t.Districts) {
		if n != "Altstadt" && n != "Nordweststadt" && n != "Oststadt" {
			ftth = append(ftth, n)
		}
	}
	slices.Sort(ftth)
	quotas := []float64{0.36, 0.41, 0.25, 0.38, 0.22, 0.35, 0.29, 0.44}
	statuses := []campaigns.Status{campaigns.StatusReached, campaigns.StatusReached, campaigns.StatusMissed, campaigns.StatusReached,
		campaigns.StatusMissed, campaigns.StatusReached, campaigns.StatusExtended, campaigns.StatusReached}
	var plans []areaPlan
	for i, n := range ftth {
		plans = append(plans, areaPlan{n, quotas[i%len(quotas)], statuses[i%len(statuses)]})
	}
	start := today.AddDate(0, 0, -91)
	err = load(ctx, svc, campaigns.NewCampaign{
		Provider: ProviderFTTH, Name: CampaignFTTH, Municipality: muni, Threshold: 0.33, Counting: campaigns.CountHouseholds, CountFacilities: true,
		Start: start, Deadline: start.AddDate(0, 0, 84), Areas: ftth, SignupURL: SignupFTTH,
	}, plans, 7, today, extension{weeks: 4, reason: "Quote in einem Ortsteil knapp verfehlt; Anbieter verlängert um vier Wochen"},
		[]campaigns.Outreach{
			{Date: start.AddDate(0, 0, 3), Kind: campaigns.OutreachLetter, Title: "Anschreiben an alle Haushalte"},
			{Date: start.AddDate(0, 0, 17), Kind: campaigns.OutreachInfoEvening, Title: "Infoabend in der Festhalle"},
			{Date: start.AddDate(0, 0, 38), Kind: campaigns.OutreachPublication, Title: "Amtsblatt: Halbzeit der Vorvermarktung"},
			{Date: start.AddDate(0, 0, 66), Kind: campaigns.OutreachInfoEvening, Title: "Infoabende in allen Ortsteilen"},
			{Date: start.AddDate(0, 0, 75), Kind: campaigns.OutreachPublication, Title: "Endspurt: Plakate und Presse"},
			// A week before the extended deadline: still ahead on the
			// demo's day, for the citizens' answer.
			{Date: start.AddDate(0, 0, 84+21), Kind: campaigns.OutreachInfoEvening, Title: "Letzter Infoabend vor Fristende, Festhalle"},
		})
	if err != nil {
		return err
	}

	// The business-park campaign: companies, 3 of 8 zones reached 40 %.
	zones := names(t.Zones)
	slices.Sort(zones)
	zq := []float64{0.45, 0.2, 0.52, 0.3, 0.15, 0.41, 0.25, 0.1}
	plans = plans[:0]
	for i, n := range zones {
		st := campaigns.StatusMissed
		if zq[i%len(zq)] >= 0.4 {
			st = campaigns.StatusReached
		}
		plans = append(plans, areaPlan{n, zq[i%len(zq)], st})
	}
	start = today.AddDate(0, 0, -182)
	err = load(ctx, svc, campaigns.NewCampaign{
		Provider: ProviderZones, Name: CampaignZones, Municipality: muni, Threshold: 0.4, Counting: campaigns.CountBusinesses,
		Start: start, Deadline: start.AddDate(0, 0, 126), Areas: zones,
	}, plans, 14, today, extension{}, []campaigns.Outreach{
		{Date: start.AddDate(0, 0, 10), Kind: campaigns.OutreachLetter, Title: "Schreiben an alle Betriebe"},
		{Date: start.AddDate(0, 0, 30), Kind: campaigns.OutreachInfoEvening, Title: "Unternehmerfrühstück der Wirtschaftsförderung"},
	})
	if err != nil {
		return err
	}

	// Last year's campaign in the northern Oststadt, now being built.
	var build string
	for _, b := range t.BuildAreas {
		if b.Name == "Ausbaugebiet Oststadt-Nord" {
			build = b.Name
		}
	}
	start = today.AddDate(0, 0, -420)
	return load(ctx, svc, campaigns.NewCampaign{
		Provider: ProviderFTTH, Name: CampaignBuilt, Municipality: muni, Threshold: 0.33, Counting: campaigns.CountHouseholds,
		Start: start, Deadline: start.AddDate(0, 0, 84), Areas: []string{"Oststadt"}, BuildArea: build,
	}, []areaPlan{{"Oststadt", 0.47, campaigns.StatusConstruction}}, 7, today, extension{}, []campaigns.Outreach{
		{Date: start.AddDate(0, 0, 5), Kind: campaigns.OutreachLetter, Title: "Anschreiben an die Haushalte im Ausbaugebiet"},
	})
}

// townScope is how the campaigns name the town's areas: within the town
// (its AGS) when its districts were placed in it, as the demo command
// does, else over all areas (a store holding the town alone).
func townScope(ctx context.Context, st geo.Store, t *Town) (string, error) {
	m, err := st.AreaIn(ctx, 0, geo.KindMunicipality, t.Name)
	switch {
	case geo.ErrorCode(err) == geo.ENOTFOUND:
		return "", nil
	case err != nil:
		return "", err
	}
	if _, err := st.AreaIn(ctx, m.ID, geo.KindDistrict, t.Districts[0].Name); err != nil {
		return "", nil
	}
	return t.AGS, nil
}

type extension struct {
	weeks  int
	reason string
}

// load creates one campaign, enters its history every step days up to the
// deadline (and on to today for extended areas), sets the statuses, adds
// the extension and the outreach events.
func load(ctx context.Context, svc *campaigns.Service, n campaigns.NewCampaign, plans []areaPlan, step int,
	today time.Time, ext extension, outreach []campaigns.Outreach) error {
	if _, err := svc.Store.CampaignByName(ctx, n.Name); err == nil {
		return nil
	} else if geo.ErrorCode(err) != geo.ENOTFOUND {
		return err
	}
	n.By = "demo"
	c, err := svc.Create(ctx, n)
	if err != nil {
		return fmt.Errorf("demo campaign %s: %w", n.Name, err)
	}
	dur := float64(campaigns.DaysBetween(c.Start, c.Deadline))
	var entries []campaigns.NewEntry
	for _, p := range plans {
		var area campaigns.CampaignArea
		for _, a := range c.Areas {
			if a.AreaName == p.name {
				area = a
			}
		}
		den, err := svc.Store.Denominators(ctx, c.ID, area.AreaID, area.BuildAreaID)
		if err != nil {
			return err
		}
		final := p.quota * float64(den.Of(c.Counting))
		last := c.Deadline
		if p.status == campaigns.StatusExtended {
			last = today
		}
		for d := c.Start.AddDate(0, 0, step); !d.After(last) && !d.After(today); d = d.AddDate(0, 0, step) {
			x := float64(campaigns.DaysBetween(c.Start, d)) / dur
			share := surge(min(x, 1))
			if x > 1 { // extended: the rush goes on at the final week's pace
				share = 1 + (x-1)*1.2
			}
			entries = append(entries, campaigns.NewEntry{Campaign: c.Name, Area: p.name, AsOf: d,
				Count: int(math.Round(final * share)), Source: campaigns.SourceProvider, EnteredBy: "demo"})
		}
	}
	if err := svc.AddEntries(ctx, entries, func(i int) string { return fmt.Sprintf("demo entry %d", i+1) }); err != nil {
		return err
	}
	for _, o := range outreach {
		o.CampaignID = c.ID
		if _, err := svc.Store.AddOutreach(ctx, o); err != nil {
			return err
		}
	}
	// The extension, decided a week before the original deadline (or
	// today, if that is earlier); then the statuses, each area along the
	// lifecycle to its planned status: the quota decided on the original
	// deadline, the build commitment two weeks and the start of
	// construction two months later (none after today).
	on := func(days int) time.Time {
		d := c.Deadline.AddDate(0, 0, days)
		if d.After(today) {
			return today
		}
		return d
	}
	if ext.weeks > 0 {
		d := campaigns.Decision{On: on(-7), By: "demo", Reason: ext.reason}
		if c, err = svc.Extend(ctx, c, c.Deadline.AddDate(0, 0, 7*ext.weeks), d); err != nil {
			return err
		}
	}
	paths := map[campaigns.Status][]campaigns.Status{
		campaigns.StatusReached:      {campaigns.StatusReached},
		campaigns.StatusMissed:       {campaigns.StatusMissed},
		campaigns.StatusConstruction: {campaigns.StatusReached, campaigns.StatusCommitted, campaigns.StatusConstruction},
	}
	offset := map[campaigns.Status]int{campaigns.StatusCommitted: 14, campaigns.StatusConstruction: 60}
	reason := map[campaigns.Status]string{
		campaigns.StatusReached:      "Quote zum Fristende erreicht",
		campaigns.StatusMissed:       "Quote zum Fristende verfehlt",
		campaigns.StatusCommitted:    "Ausbauzusage des Anbieters",
		campaigns.StatusConstruction: "Baubeginn",
	}
	for _, p := range plans {
		for _, st := range paths[p.status] {
			d := campaigns.Decision{On: on(offset[st]), By: "demo", Reason: reason[st]}
			if c, err = svc.SetStatus(ctx, c, st, d, p.name); err != nil {
				return fmt.Errorf("demo campaign %s, %s: %w", c.Name, p.name, err)
			}
		}
	}
	return nil
}
