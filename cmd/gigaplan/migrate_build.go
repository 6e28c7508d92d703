package main

import (
	"context"
	"slices"

	"gigaplan/campaigns"
)

// copyBuild copies campaign from's progress reports and expected dates to
// campaign to in dst, as they are (dated, entered by whom and when), with
// the areas mapped: the statuses they moved are in the campaign's copied
// events already.
func copyBuild(ctx context.Context, src, dst migrateStore, from, to int64, areaID map[int64]int64) error {
	ps, err := src.Progress(ctx, from)
	if err != nil {
		return err
	}
	ds, err := src.BuildDates(ctx, from)
	if err != nil {
		return err
	}
	if len(ps) == 0 && len(ds) == 0 {
		return nil
	}
	for i := range ps {
		ps[i].ID, ps[i].CampaignID, ps[i].AreaID = 0, to, areaID[ps[i].AreaID]
	}
	for i := range ds {
		ds[i].ID, ds[i].CampaignID, ds[i].AreaID = 0, to, areaID[ds[i].AreaID]
	}
	_, err = dst.AddProgress(ctx, to, ps, ds, func(*campaigns.Campaign, []campaigns.Progress) ([]campaigns.Event, error) { return nil, nil })
	return err
}

// copySites copies the sites network with its record, the addresses,
// campaigns and funding projects mapped.
func copySites(ctx context.Context, src, dst migrateStore, campID, projID map[int64]int64, addrID func(int64) (int64, error)) error {
	ss, err := src.Sites(ctx)
	if err != nil {
		return err
	}
	slices.SortFunc(ss, func(a, b campaigns.Site) int { return int(a.ID - b.ID) })
	for i := range ss {
		s := &ss[i]
		s.ID, s.CampaignID, s.ProjectID = 0, campID[s.CampaignID], projID[s.ProjectID]
		if s.AddressID != 0 {
			if s.AddressID, err = addrID(s.AddressID); err != nil {
				return err
			}
		}
		for j := range s.Changes {
			s.Changes[j].ID, s.Changes[j].SiteID = 0, 0
		}
	}
	if len(ss) == 0 {
		return nil
	}
	_, err = dst.AddSites(ctx, ss)
	return err
}
