package reports

import (
	"context"
	"slices"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// EligibleByRule is EligibleList under p's own rule set (one of
// campaigns.DefaultRuleSets): the list "gigaplan funding milestone --kind
// application" freezes, and the demo's project area.
func (src Source) EligibleByRule(ctx context.Context, p *campaigns.FundingProject, asOf time.Time) ([]int64, error) {
	rs, err := campaigns.RuleSetByName(p.RuleSet, campaigns.DefaultRuleSets)
	if err != nil {
		return nil, err
	}
	return src.EligibleList(ctx, p, rs, asOf)
}

// EligibleList is the address IDs that the funding workbook lists as
// eligible ("ja") for p's areas: under rule set rs as of asOf, with the
// answers of p's market survey and its time horizon. Without a survey an
// address nobody reported is "ungeklärt" in the workbook and so not on
// the list. The result is sorted and holds each address once.
func (src Source) EligibleList(ctx context.Context, p *campaigns.FundingProject, rs campaigns.RuleSet, asOf time.Time) ([]int64, error) {
	opt := RowOptions{Coverage: true, Rules: &rs, AsOf: asOf, Survey: p.SurveyID}
	if p.SurveyID != 0 {
		sv, err := src.Supply.Survey(ctx, p.SurveyID)
		if err != nil {
			return nil, err
		}
		if opt.HorizonYears, err = rs.Horizon(sv.HorizonYears); err != nil {
			return nil, geo.Errorf(geo.EINVALID, "Markterkundung %s: %s", sv.Label(), geo.ErrorMessage(err))
		}
	}
	var out []int64
	for _, area := range p.Areas {
		rows, err := src.AddressRows(ctx, geo.AddressFilter{AreaID: area}, opt)
		if err != nil {
			return nil, err
		}
		for r, err := range rows {
			if err != nil {
				return nil, err
			}
			if r.Eligible && (p.SurveyID != 0 || r.HasSupply) {
				out = append(out, r.ID)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
