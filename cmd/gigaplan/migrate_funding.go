package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"gigaplan/campaigns"
)

// copyFunding copies the funding projects of src to dst in ID order: each
// with its areas, survey and frozen area mapped to dst's IDs, its
// milestones one by one in the order entered (so that a correction names
// the copy of the entry it corrects), its budget, and its progress reports
// and expected dates as they are (dated, entered by whom and when). The copies' versions
// count anew. It returns the projects' IDs, source → target.
func copyFunding(ctx context.Context, src, dst migrateStore, areaID map[int64]int64, addrID func(int64) (int64, error),
	surveyID map[int64]int64) (map[int64]int64, error) {
	ps, err := src.FundingProjects(ctx)
	if err != nil {
		return nil, err
	}
	projID := map[int64]int64{0: 0}
	slices.SortFunc(ps, func(a, b *campaigns.FundingProject) int { return cmp.Compare(a.ID, b.ID) })
	for _, p := range ps {
		n := campaigns.FundingProject{Name: p.Name, Municipalities: p.Municipalities, RuleSet: p.RuleSet, SurveyID: surveyID[p.SurveyID],
			CreatedAt: p.CreatedAt, CreatedBy: p.CreatedBy}
		for _, a := range p.Areas {
			n.Areas = append(n.Areas, areaID[a])
		}
		cp, err := dst.AddFundingProject(ctx, n)
		if err != nil {
			return nil, fmt.Errorf("Förderprojekt %s: %w", p.Name, err)
		}
		projID[p.ID] = cp.ID
		eventID := map[int64]int64{}
		for _, e := range p.Milestones {
			old := e.ID
			e.ID, e.ProjectID, e.Corrects = 0, cp.ID, eventID[e.Corrects]
			if cp, err = dst.UpdateFundingProject(ctx, cp.ID, cp.Version, func(q *campaigns.FundingProject) error {
				q.Milestones = append(q.Milestones, e)
				return nil
			}); err != nil {
				return nil, fmt.Errorf("Förderprojekt %s: Meilenstein %d: %w", p.Name, old, err)
			}
			eventID[old] = cp.Milestones[len(cp.Milestones)-1].ID
		}
		var addrs []int64
		for _, a := range p.Addresses {
			id, err := addrID(a)
			if err != nil {
				return nil, err
			}
			addrs = append(addrs, id)
		}
		for i := range p.Progress {
			p.Progress[i].ID, p.Progress[i].ProjectID = 0, cp.ID
		}
		for i := range p.BuildDates {
			p.BuildDates[i].ID, p.BuildDates[i].ProjectID = 0, cp.ID
		}
		if _, err := dst.UpdateFundingProject(ctx, cp.ID, cp.Version, func(q *campaigns.FundingProject) error {
			q.Addresses, q.FrozenOn, q.Budget = addrs, p.FrozenOn, p.Budget
			q.Progress, q.BuildDates = p.Progress, p.BuildDates
			return nil
		}); err != nil {
			return nil, fmt.Errorf("Förderprojekt %s: %w", p.Name, err)
		}
	}
	return projID, nil
}

// fundingCounts are the funding side of a store's inventory.
func fundingCounts(ctx context.Context, st migrateStore) (counts, error) {
	ps, err := st.FundingProjects(ctx)
	if err != nil {
		return nil, err
	}
	var events, addrs, reports, dates int
	for _, p := range ps {
		events += len(p.Milestones)
		addrs += len(p.Addresses)
		reports += len(p.Progress)
		dates += len(p.BuildDates)
	}
	return counts{{"Förderprojekte", len(ps)}, {"Meilensteine der Förderprojekte", events}, {"Adressen in Projektgebieten", addrs},
		{"Baufortschrittsmeldungen der Förderprojekte", reports}, {"Bautermine der Förderprojekte (erwartet)", dates}}, nil
}
