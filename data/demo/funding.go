package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// FundingCostPerAddress is the demo's cost estimate per address of the
// funding project, in euro cents (4.500 €).
const FundingCostPerAddress = 4_500_00

// LoadFunding adds the demo funding project: the two Ortsteile whose
// household pre-marketing (CampaignFTTH) missed the quota, applied for
// three days before today and awaiting the provisional approval, with a
// budget of Bund 50 %, Land 40 % and Kommune 10 % of FundingCostPerAddress
// per address, the municipality's share spread over the next two years.
// Its project area is every address of the two Ortsteile (the demo has no
// market survey, so no eligible list to freeze). It does nothing when the
// project exists. LoadCampaigns must have run; it returns the project.
func LoadFunding(ctx context.Context, fs campaigns.FundingStore, svc *campaigns.Service, t *Town, today time.Time) (*campaigns.FundingProject, error) {
	today = campaigns.Day(today)
	camp, err := svc.Store.CampaignByName(ctx, CampaignFTTH)
	if err != nil {
		return nil, err
	}
	var missed []campaigns.CampaignArea
	for _, a := range camp.Areas {
		if a.Status == campaigns.StatusMissed {
			missed = append(missed, a)
		}
	}
	if len(missed) < 2 {
		return nil, fmt.Errorf("demo: %s has %d missed Ortsteile, want 2", CampaignFTTH, len(missed))
	}
	missed = missed[:2]
	name := fmt.Sprintf("Weiße Flecken %s und %s", missed[0].AreaName, missed[1].AreaName)
	if p, err := fs.FundingProjectByName(ctx, name); err == nil {
		return p, nil
	} else if geo.ErrorCode(err) != geo.ENOTFOUND {
		return nil, err
	}
	p, err := fs.AddFundingProject(ctx, campaigns.FundingProject{Name: name, Municipalities: []string{t.AGS},
		Areas: []int64{missed[0].AreaID, missed[1].AreaID}, RuleSet: campaigns.DefaultRuleSet, CreatedBy: "Demo",
		CreatedAt: today.AddDate(0, 0, -95)})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, a := range missed {
		for ad, err := range svc.Geo.Addresses(ctx, geo.AddressFilter{AreaID: a.AreaID}) {
			if err != nil {
				return nil, err
			}
			ids = append(ids, ad.ID)
		}
	}
	slices.Sort(ids)
	total := int64(len(ids)) * FundingCostPerAddress
	kommune := total / 10
	land := total * 4 / 10
	year := today.Year()
	return fs.UpdateFundingProject(ctx, p.ID, p.Version, func(p *campaigns.FundingProject) error {
		for i, m := range []struct {
			kind campaigns.Milestone
			days int
		}{
			{campaigns.MilestoneBranchendialog, -90}, {campaigns.MilestoneSurveyPublished, -80},
			{campaigns.MilestoneSurveyClosed, -24}, {campaigns.MilestoneApplication, -3},
		} {
			e := campaigns.MilestoneEvent{Kind: m.kind, Day: today.AddDate(0, 0, m.days), EnteredBy: "Demo"}
			if err := p.CheckMilestone(e, today); err != nil {
				return err
			}
			e.EnteredAt = today.AddDate(0, 0, m.days).Add(time.Duration(9+i) * time.Hour)
			p.Milestones = append(p.Milestones, e)
		}
		p.Addresses, p.FrozenOn = ids, today.AddDate(0, 0, -3)
		p.Budget = campaigns.Budget{Total: total, Lines: []campaigns.BudgetLine{
			{Share: campaigns.ShareBund, Approved: total - land - kommune},
			{Share: campaigns.ShareLand, Approved: land},
			{Share: campaigns.ShareKommune, Approved: kommune},
		}, Years: []campaigns.YearAmount{{Year: year + 1, Cents: kommune * 4 / 10}, {Year: year + 2, Cents: kommune - kommune*4/10}}}
		return nil
	})
}
