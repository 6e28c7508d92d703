package campaigns

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// CoverageFunding is an address in the frozen area of a funding project
// that was applied for and has not reached its construction start: the
// application is filed, approved, tendered or awarded. It ranks below
// CoverageCommitted (a provider's own build commitment is surer than a
// pending approval and tender) and above CoveragePreMarketing and
// CoverageFundingCandidate: the project area was frozen from an eligible
// list after the market survey, so the public route is the one being
// taken, and a pre-marketing campaign that runs anyway does not change
// what the address can expect until it leads to a commitment. A funding
// project in construction or completed counts as CoverageConstruction or
// CoverageLive, like a campaign area; one not yet applied for (an area
// frozen by hand) as CoverageFundingCandidate.
const CoverageFunding CoverageState = "funding"

// FundingCoverage is the coverage state and citizens' message of an
// address in p's project area:
//
//	Förderprojekt beantragt am 12.03.2026, Bescheid steht aus
//	Förderprojekt bewilligt am 02.06.2026; Ausschreibung läuft
//	Glasfaser im Bau (Förderprojekt), Fertigstellung voraussichtlich 2027
func (p *FundingProject) FundingCoverage() (CoverageState, string) {
	st, de, _ := p.fundingCoverage()
	return st, de
}

// fundingCoverage is FundingCoverage with the message in English too,
// for the citizens' English page (Coverage.MessageEN).
func (p *FundingProject) fundingCoverage() (state CoverageState, de, en string) {
	last, ok := p.Last()
	if !ok || last.Kind.Index() < MilestoneApplication.Index() {
		return CoverageFundingCandidate, "Förderprojekt in Vorbereitung: Förderantrag noch nicht gestellt",
			"Publicly funded project in preparation: no application filed yet"
	}
	d := GermanDate(last.Day)
	switch last.Kind {
	case MilestoneApplication:
		return CoverageFunding, fmt.Sprintf("Förderprojekt beantragt am %s, Bescheid steht aus", d),
			fmt.Sprintf("Public funding applied for on %s, the decision is pending", d)
	case MilestoneProvisional:
		return CoverageFunding, fmt.Sprintf("Förderprojekt bewilligt am %s; Ausschreibung wird vorbereitet", d),
			fmt.Sprintf("Public funding granted on %s; the tender is being prepared", d)
	case MilestoneTender:
		return CoverageFunding, fmt.Sprintf("Förderprojekt bewilligt am %s; Ausschreibung läuft", p.approvedOn()),
			fmt.Sprintf("Public funding granted on %s; the tender is running", p.approvedOn())
	case MilestoneAward:
		return CoverageFunding, fmt.Sprintf("Förderprojekt bewilligt am %s; Zuschlag an %s am %s, Baubeginn steht aus", p.approvedOn(), last.Operator, d),
			fmt.Sprintf("Public funding granted on %s; contract awarded to %s on %s, construction has not started yet", p.approvedOn(), last.Operator, d)
	case MilestoneFinal:
		return CoverageFunding, fmt.Sprintf("Förderprojekt endgültig bewilligt am %s; Baubeginn steht aus", d),
			fmt.Sprintf("Public funding finally granted on %s; construction has not started yet", d)
	case MilestoneConstruction:
		// The expected completion reported last, as for a campaign area
		// (Coverage.buildMessage): its year.
		if done := ProjectBuildOf(p, time.Time{}).ExpectedCompletion; !done.IsZero() {
			return CoverageConstruction, fmt.Sprintf("Glasfaser im Bau (Förderprojekt), Fertigstellung voraussichtlich %d", done.Year()),
				fmt.Sprintf("Fibre under construction (publicly funded project), completion expected in %d", done.Year())
		}
		return CoverageConstruction, fmt.Sprintf("Glasfaser im Bau (Förderprojekt, Baubeginn %s)", d),
			fmt.Sprintf("Fibre under construction (publicly funded project, construction started on %s)", d)
	}
	done, _ := p.Reached(MilestoneCompletion)
	return CoverageLive, fmt.Sprintf("Glasfaser verfügbar (Förderprojekt, fertiggestellt am %s)", GermanDate(done.Day)),
		fmt.Sprintf("Fibre available (publicly funded project, completed on %s)", GermanDate(done.Day))
}

// withFunding adds the funding projects whose area holds the address to
// cov (the campaigns' answer), or those that left it out (FundingLeftOut),
// by ApplyFunding. Without a FundingStore cov stays as it is.
func (s *Service) withFunding(ctx context.Context, addressID int64, cov Coverage) (Coverage, error) {
	if s.Funding == nil {
		return cov, nil
	}
	ps, err := s.Funding.FundingProjectsOfAddress(ctx, addressID)
	if err != nil || len(ps) > 0 {
		return ApplyFunding(cov, ps, nil), err
	}
	all, err := s.Funding.FundingProjects(ctx)
	if err != nil || len(all) == 0 {
		return cov, err
	}
	as, err := s.Geo.AssignmentsOf(ctx, addressID)
	if err != nil {
		return Coverage{}, err
	}
	areas := make([]int64, len(as))
	for i, a := range as {
		areas[i] = a.ID
	}
	return ApplyFunding(cov, nil, FundingLeftOut(all, addressID, areas)), nil
}

// FundingLeftOut returns the projects of ps whose project area was frozen
// over one of areas (the address's areas) without the address: the
// funding workbook's eligible list, which the project area is, did not
// list it.
func FundingLeftOut(ps []*FundingProject, addressID int64, areas []int64) []*FundingProject {
	var out []*FundingProject
	for _, p := range ps {
		if p.FrozenOn.IsZero() || !slices.ContainsFunc(p.Areas, func(a int64) bool { return slices.Contains(areas, a) }) {
			continue
		}
		if _, in := slices.BinarySearch(p.Addresses, addressID); !in {
			out = append(out, p)
		}
	}
	return out
}

// ApplyFunding is cov with the funding projects ps (those whose frozen area
// holds the address): a project decides when its state ranks above the
// campaigns' best, and is listed in cov.Campaigns either way. The one rule
// for the answer (Coverage) and the map's address states.
//
// leftOut are the projects that left the address out of their area
// (FundingLeftOut). When no project holds it and the campaigns' best is
// no more than a funding candidate, the address is no longer one: the
// market survey showed it served fast enough, or a private build planned,
// and the answer says so instead of "Förderung wird geprüft".
func ApplyFunding(cov Coverage, ps, leftOut []*FundingProject) Coverage {
	if len(ps) == 0 && len(leftOut) > 0 && coverageRank[cov.State] <= coverageRank[CoverageFundingCandidate] {
		p := leftOut[0]
		// The project's decision stands, not the missed campaign: no
		// provider, sign-up or figures of it (the address is not in the
		// project either, so FundingProject stays empty).
		cov.State, cov.Status, cov.Provider, cov.Campaign, cov.Area = CoverageNone, "", "", "", ""
		cov.Quota, cov.Threshold, cov.Signed, cov.Target, cov.Needed = 0, 0, 0, 0, 0
		cov.Message = fmt.Sprintf("Nicht im Förderprojekt »%s« (Projektgebiet festgelegt am %s): laut Markterkundung ist hier schon "+
			"ein ausreichend schneller Anschluss gemeldet oder ein eigenwirtschaftlicher Ausbau geplant", p.Name, GermanDate(p.FrozenOn))
		cov.MessageEN = fmt.Sprintf("Not in the publicly funded project »%s« (project area set on %s): according to the market survey, "+
			"a fast enough connection is already reported here or a private build is planned", p.Name, GermanDate(p.FrozenOn))
		return cov
	}
	if len(ps) > 0 {
		cov.Campaigns = slices.Clone(cov.Campaigns)
	}
	for _, p := range ps {
		state, msg, en := p.fundingCoverage()
		operator := ""
		if aw, ok := p.Awarded(); ok {
			operator = aw.Operator
		}
		cov.Campaigns = append(cov.Campaigns, CoverageItem{Campaign: p.Name, Provider: operator, State: state})
		if coverageRank[state] > coverageRank[cov.State] {
			cov.State, cov.Status, cov.Provider, cov.Campaign, cov.Area = state, "", operator, p.Name, ""
			cov.Quota, cov.Threshold, cov.Signed, cov.Target, cov.Needed = 0, 0, 0, 0, 0
			cov.FundingProject, cov.Message, cov.MessageEN = p.Name, msg, en
			cov.Completion = time.Time{}
			if state == CoverageConstruction {
				cov.Completion = ProjectBuildOf(p, time.Time{}).ExpectedCompletion
			}
		}
	}
	return cov
}
