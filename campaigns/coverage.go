package campaigns

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// CoverageState is the state of an address across all campaigns.
type CoverageState string

// Coverage states, best first.
const (
	CoverageLive         CoverageState = "live"         // Glasfaser verfügbar
	CoverageConstruction CoverageState = "construction" // im Bau
	CoverageCommitted    CoverageState = "committed"    // Ausbau zugesagt
	// CoverageFunding (funding_coverage.go) ranks here: a funding project applied for.
	CoveragePreMarketing     CoverageState = "premarketing"      // Vorvermarktung läuft (or reached, or planned)
	CoverageFundingCandidate CoverageState = "funding_candidate" // Vorvermarktung nicht erreicht: Förderung wird geprüft
	CoverageNone             CoverageState = "none"              // noch keine Planung
)

var coverageRank = map[CoverageState]int{
	CoverageLive: 7, CoverageConstruction: 6, CoverageCommitted: 5, CoverageFunding: 4,
	CoveragePreMarketing: 3, CoverageFundingCandidate: 2, CoverageNone: 1,
}

// StateOf maps a campaign area's status to a coverage state.
func StateOf(s Status) CoverageState {
	switch s {
	case StatusLive:
		return CoverageLive
	case StatusConstruction:
		return CoverageConstruction
	case StatusCommitted:
		return CoverageCommitted
	case StatusPlanned, StatusRunning, StatusExtended, StatusReached:
		return CoveragePreMarketing
	case StatusMissed, StatusCancelled:
		return CoverageFundingCandidate
	}
	return CoverageNone
}

// Coverage is what an address can expect.
type Coverage struct {
	State    CoverageState
	Status   Status // the deciding campaign area's status ("" for none)
	Provider string
	Campaign string
	Area     string
	// FundingProject names the funding project that decides (CoverageFunding,
	// or a project in construction or completed); "" for a campaign.
	FundingProject string
	// MessageEN is Message in English where the deciding record phrases
	// it (a funding project); "" otherwise, and the web page phrases it.
	MessageEN string
	// For pre-marketing: the area's figures.
	Quota     float64
	Threshold float64
	Signed    int
	Target    int
	Needed    int
	Start     time.Time
	Deadline  time.Time
	// Completion is the expected completion of an area in construction
	// (zero: none reported); LiveSince the day an area went live (zero:
	// not recorded).
	Completion time.Time
	LiveSince  time.Time
	// Message is the answer in plain German.
	Message string
	// Campaigns lists every campaign touching the address, best first.
	Campaigns []CoverageItem
}

// CoverageItem is one campaign touching an address.
type CoverageItem struct {
	Campaign string
	Provider string
	Area     string
	Status   Status
	State    CoverageState
	Quota    float64
}

// Rule for several campaigns: the best state wins (live, construction,
// committed, funding project, pre-marketing, funding candidate, none). Among pre-marketing
// campaigns the one closest to its threshold (quota ÷ threshold) wins;
// among others the one that started last. Ties: the lower campaign ID.
func better(a, b Coverage, aStart, bStart time.Time, aID, bID int64) bool {
	if ra, rb := coverageRank[a.State], coverageRank[b.State]; ra != rb {
		return ra > rb
	}
	if a.State == CoveragePreMarketing {
		pa, pb := progress(a), progress(b)
		if pa != pb {
			return pa > pb
		}
	} else if !aStart.Equal(bStart) {
		return aStart.After(bStart)
	}
	return aID < bID
}

func progress(c Coverage) float64 {
	if c.Threshold <= 0 {
		return math.Inf(1)
	}
	return c.Quota / c.Threshold
}

// Coverage decides what an address can expect from all campaigns covering
// it, by the rule documented at better.
func (s *Service) Coverage(ctx context.Context, addressID int64) (Coverage, error) {
	if _, err := s.Geo.Address(ctx, addressID); err != nil {
		return Coverage{}, err
	}
	acs, err := s.Store.CampaignsOfAddress(ctx, addressID)
	if err != nil {
		return Coverage{}, err
	}
	today := s.today()
	cov, err := s.coverageFrom(acs, today, func(c *Campaign) (*Figures, error) { return s.Figures(ctx, c, today) })
	if err != nil {
		return Coverage{}, err
	}
	return s.withFunding(ctx, addressID, cov)
}

// CoverageOfAreas is Coverage for an address assigned to exactly the areas
// areaIDs (sorted), decided among camps (every campaign, as
// Store.Campaigns returns them) with figs, each campaign's Figures as of
// today by ID: for callers that decide many addresses at once (the map's
// tiles) without a query per address. A campaign area covers the address
// as in Store.CampaignsOfAddress: the address lies in the area and, if the
// area has a build area, in that too.
func (s *Service) CoverageOfAreas(camps []*Campaign, figs map[int64]*Figures, areaIDs []int64) (Coverage, error) {
	in := func(id int64) bool { _, ok := slices.BinarySearch(areaIDs, id); return ok }
	var acs []AddressCampaign
	for _, c := range camps {
		for _, ca := range c.Areas {
			if in(ca.AreaID) && (ca.BuildAreaID == 0 || in(ca.BuildAreaID)) {
				acs = append(acs, AddressCampaign{Campaign: c, AreaID: ca.AreaID})
			}
		}
	}
	slices.SortStableFunc(acs, func(a, b AddressCampaign) int { return cmp.Compare(a.Campaign.ID, b.Campaign.ID) })
	return s.coverageFrom(acs, s.today(), func(c *Campaign) (*Figures, error) {
		if f := figs[c.ID]; f != nil {
			return f, nil
		}
		return nil, fmt.Errorf("campaigns: coverage: no figures of campaign %d", c.ID)
	})
}

// coverageFrom decides among the campaign areas covering an address.
func (s *Service) coverageFrom(acs []AddressCampaign, today time.Time, figures func(*Campaign) (*Figures, error)) (Coverage, error) {
	best := Coverage{State: CoverageNone}
	var bestStart time.Time
	var bestID int64
	var items []CoverageItem
	for _, ac := range acs {
		c := ac.Campaign
		var ca *CampaignArea
		for i := range c.Areas {
			if c.Areas[i].AreaID == ac.AreaID {
				ca = &c.Areas[i]
			}
		}
		if ca == nil {
			continue
		}
		cov := Coverage{State: StateOf(ca.Status), Status: ca.Status, Provider: c.Provider, Campaign: c.Name, Area: ca.AreaName,
			Threshold: c.Threshold, Start: c.Start, Deadline: c.CurrentDeadline()}
		if cov.State == CoveragePreMarketing || cov.State == CoverageConstruction {
			figs, err := figures(c)
			if err != nil {
				return Coverage{}, err
			}
			for _, f := range figs.Areas {
				if f.AreaID == ca.AreaID && cov.State == CoveragePreMarketing {
					cov.Quota, cov.Signed, cov.Target, cov.Needed = f.Quota, f.Signed, f.Target, f.Needed
				} else if f.AreaID == ca.AreaID {
					cov.Completion = f.Build.ExpectedCompletion
				}
			}
		}
		if e, ok := c.LastEvent(EventStatus, ca.AreaID, time.Time{}); ok && cov.State == CoverageLive && e.ToStatus() == StatusLive {
			cov.LiveSince = e.Effective
		}
		items = append(items, CoverageItem{Campaign: c.Name, Provider: c.Provider, Area: ca.AreaName, Status: ca.Status, State: cov.State, Quota: cov.Quota})
		if bestID == 0 || better(cov, best, c.Start, bestStart, c.ID, bestID) {
			best, bestStart, bestID = cov, c.Start, c.ID
		}
	}
	best.Campaigns = items
	best.Message = best.message(today)
	return best, nil
}

// message phrases the state for citizens.
func (c Coverage) message(today time.Time) string {
	switch c.State {
	case CoverageLive, CoverageConstruction:
		return c.buildMessage()
	case CoverageCommitted:
		return "Ausbau zugesagt"
	case CoverageFunding:
		return "Förderprojekt beantragt"
	case CoverageFundingCandidate:
		return "Vorvermarktung nicht erreicht: Förderung wird geprüft"
	case CoverageNone:
		return "noch keine Planung"
	}
	// A campaign without a quota (threshold 0) shows the quota alone, as
	// the map does.
	of := Percent(c.Quota)
	if c.Threshold > 0 {
		of += " von " + Percent(c.Threshold)
	}
	switch {
	case c.Status == StatusPlanned || today.Before(Day(c.Start)):
		return fmt.Sprintf("Vorvermarktung geplant ab %s", c.Start.Format("02.01.2006"))
	case c.Status == StatusReached || (c.Needed == 0 && c.Target > 0):
		return fmt.Sprintf("Vorvermarktung erfolgreich: %s erreicht, Ausbauentscheidung steht aus", of)
	case today.After(Day(c.Deadline)):
		// The office has not yet recorded the outcome.
		return fmt.Sprintf("Vorvermarktung bis %s beendet: %s, das Ergebnis wird ausgewertet", c.Deadline.Format("02.01.2006"), of)
	case c.Needed <= 0:
		// Target 0 (no quota, or no denominator): no contracts are missing.
		return fmt.Sprintf("Vorvermarktung läuft: %s bis %s", of, c.Deadline.Format("02.01.2006"))
	}
	contracts := "Verträge"
	if c.Needed == 1 {
		contracts = "Vertrag"
	}
	return fmt.Sprintf("Vorvermarktung läuft: %s, noch %d %s bis %s", of, c.Needed, contracts, c.Deadline.Format("02.01.2006"))
}
