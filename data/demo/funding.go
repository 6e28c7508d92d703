package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Eligible is the funding workbook's eligible list of a project as of a
// day (reports.Source.EligibleByRule).
type Eligible func(ctx context.Context, p *campaigns.FundingProject, day time.Time) ([]int64, error)

// FundingCostPerAddress is the demo's cost estimate per address of the
// funding project, in euro cents (4.500 €).
const FundingCostPerAddress = 4_500_00

// LoadFunding adds the demo funding project: the two Ortsteile whose
// household pre-marketing (CampaignFTTH) missed the quota, applied for
// three days before today and awaiting the provisional approval, with a
// budget of Bund 50 %, Land 40 % and Kommune 10 % of FundingCostPerAddress
// per address, the municipality's share spread over the next two years.
// The town's market survey (LoadSurvey) is on record with the operators'
// answers, and the project area is what the funding workbook lists as
// eligible on the day of the application (reports.Source.EligibleList),
// as "gigaplan funding milestone --kind application" freezes it: the
// project, the workbook and the citizens' answers agree (eligible is
// that list: reports.Source.EligibleByRule, passed in because reports'
// tests load the demo). It does nothing when the project exists.
// LoadCampaigns must have run; fs must also be a geo.SupplyStore. It
// returns the project.
func LoadFunding(ctx context.Context, fs campaigns.FundingStore, svc *campaigns.Service, t *Town, today time.Time, eligible Eligible) (*campaigns.FundingProject, error) {
	today = campaigns.Today(today)
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
	ss, ok := fs.(geo.SupplyStore)
	if !ok {
		return nil, fmt.Errorf("demo: the funding store %T keeps no market surveys", fs)
	}
	sv, err := LoadSurvey(ctx, ss, svc, t, today)
	if err != nil {
		return nil, err
	}
	p, err := fs.AddFundingProject(ctx, campaigns.FundingProject{Name: name, Municipalities: []string{t.AGS},
		Areas: []int64{missed[0].AreaID, missed[1].AreaID}, RuleSet: campaigns.DefaultRuleSet, SurveyID: sv.ID, CreatedBy: "Demo",
		CreatedAt: today.AddDate(0, 0, -95)})
	if err != nil {
		return nil, err
	}
	ids, err := eligible(ctx, p, today.AddDate(0, 0, -3))
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("demo: no address of %s is eligible", name)
	}
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

// Operators of the demo's market survey.
const (
	SurveyCopper = "Telekom Deutschland" // answered: VDSL or ADSL at every address
	SurveyCable  = "Vodafone"            // answered: DOCSIS 3.1 in about a quarter of the streets
	SurveySilent = "Glasfaser Südbaden GmbH"
)

// LoadSurvey records the demo town's market survey (Markterkundung) over
// the whole municipality: published 80 days before today, closed 24 days
// before, a three-year horizon, three operators asked. SurveyCopper
// answered with VDSL (50 or 100 Mbit/s) or ADSL (16 Mbit/s) at every
// address, SurveyCable with DOCSIS 3.1 (1 Gbit/s) in about a quarter of
// the streets (chosen by the street name's hash), SurveySilent did not
// answer. An existing survey of that name is returned as it is.
func LoadSurvey(ctx context.Context, ss geo.SupplyStore, svc *campaigns.Service, t *Town, today time.Time) (geo.Survey, error) {
	name := "Markterkundung " + t.Municipality.Name
	all, err := ss.Surveys(ctx)
	if err != nil {
		return geo.Survey{}, err
	}
	for _, sv := range all {
		if sv.Name == name {
			return sv, nil
		}
	}
	muni, err := svc.Geo.AreaByName(ctx, geo.KindMunicipality, t.Municipality.Name)
	if err != nil {
		return geo.Survey{}, err
	}
	sv, err := ss.AddSurvey(ctx, geo.Survey{Name: name, AreaID: muni.ID, From: today.AddDate(0, 0, -80), To: today.AddDate(0, 0, -24),
		Published: today.AddDate(0, 0, -80), HorizonYears: 3, Branchendialog: today.AddDate(0, 0, -90), CreatedBy: "Demo",
		Operators: []geo.SurveyOperator{{Name: SurveyCopper, Asked: true}, {Name: SurveyCable, Asked: true}, {Name: SurveySilent, Asked: true}}})
	if err != nil {
		return geo.Survey{}, err
	}
	var copper, cable []geo.Supply
	for ad, err := range svc.Geo.Addresses(ctx, geo.AddressFilter{AreaID: muni.ID}) {
		if err != nil {
			return geo.Survey{}, err
		}
		src := "demo:" + ad.Key
		s := geo.Supply{AddressID: ad.ID, Download: 50, Upload: 10, Technology: "VDSL2", Operator: SurveyCopper, Source: src}
		switch {
		case ad.ID%7 == 0:
			s.Download, s.Upload, s.Technology = 16, 1, "ADSL2+"
		case ad.ID%3 == 0:
			s.Download, s.Upload, s.Technology = 100, 40, "VDSL2 Vectoring"
		}
		copper = append(copper, s)
		h := fnv.New32a()
		h.Write([]byte(ad.Street))
		if h.Sum32()%4 == 0 {
			cable = append(cable, geo.Supply{AddressID: ad.ID, Download: 1000, Upload: 50, Technology: "DOCSIS 3.1", Operator: SurveyCable, Source: src})
		}
	}
	if _, err := ss.ReplaceOperatorSupply(ctx, sv.ID, SurveyCopper, today.AddDate(0, 0, -30), geo.Values(copper)); err != nil {
		return geo.Survey{}, err
	}
	if _, err := ss.ReplaceOperatorSupply(ctx, sv.ID, SurveyCable, today.AddDate(0, 0, -27), geo.Values(cable)); err != nil {
		return geo.Survey{}, err
	}
	return ss.Survey(ctx, sv.ID)
}
