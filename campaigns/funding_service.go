package campaigns

import (
	"context"
	"fmt"
	"time"

	"gigaplan/geo"
)

// The writes of a funding project that the command line and the office
// pages share: each runs under the version the person saw
// (FundingStore.UpdateFundingProject) and returns the project as stored
// with the audit entry's German detail.

// RecordMilestone checks e against project id's record and today
// (FundingProject.CheckMilestone) and appends it. When e is the
// application and the project area is not frozen yet, eligible (the
// funding workbook's eligible list, reports.Source.EligibleList) becomes
// the frozen area; an empty list refuses the application.
func RecordMilestone(ctx context.Context, st FundingStore, id, version int64, e MilestoneEvent, today time.Time,
	eligible []int64) (*FundingProject, string, error) {
	var detail string
	p, err := st.UpdateFundingProject(ctx, id, version, func(p *FundingProject) error {
		if err := p.CheckMilestone(e, today); err != nil {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: %s", p.Name, geo.ErrorMessage(err))
		}
		e.ProjectID, e.ID = p.ID, 0
		p.Milestones = append(p.Milestones, e)
		detail = fmt.Sprintf("Förderprojekt %s: %s am %s", p.Name, e.Kind.Label(), GermanDate(e.Day))
		if e.Kind == MilestoneAward {
			detail += fmt.Sprintf(" (%s, %s)", e.Operator, e.Model.Label())
		}
		if e.Corrects != 0 {
			detail += fmt.Sprintf(", korrigiert Eintrag %d", e.Corrects)
		}
		if e.Kind == MilestoneApplication && len(p.Addresses) == 0 {
			if len(eligible) == 0 {
				return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: das Projektgebiet ist leer – keine förderfähige Adresse in seinen Gebieten", p.Name)
			}
			p.Addresses, p.FrozenOn = eligible, e.Day
			detail += fmt.Sprintf("; Projektgebiet mit %s Adressen eingefroren", Thousands(int64(len(eligible))))
		}
		return nil
	})
	return p, detail, err
}

// FreezeArea stores eligible as project id's area, frozen on day; refused
// when the area is frozen already or the list is empty.
func FreezeArea(ctx context.Context, st FundingStore, id, version int64, eligible []int64, day time.Time) (*FundingProject, string, error) {
	var detail string
	p, err := st.UpdateFundingProject(ctx, id, version, func(p *FundingProject) error {
		if len(p.Addresses) > 0 {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: das Projektgebiet ist seit %s eingefroren (%s Adressen)",
				p.Name, GermanDate(p.FrozenOn), Thousands(int64(len(p.Addresses))))
		}
		if len(eligible) == 0 {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: keine förderfähige Adresse in seinen Gebieten", p.Name)
		}
		p.Addresses, p.FrozenOn = eligible, day
		detail = fmt.Sprintf("Förderprojekt %s: Projektgebiet mit %s Adressen eingefroren", p.Name, Thousands(int64(len(eligible))))
		return nil
	})
	return p, detail, err
}

// SetBudget replaces project id's budget with what change makes of it.
func SetBudget(ctx context.Context, st FundingStore, id, version int64, change func(b *Budget) error) (*FundingProject, string, error) {
	var detail string
	p, err := st.UpdateFundingProject(ctx, id, version, func(p *FundingProject) error {
		before := p.Budget.Figures()
		if err := change(&p.Budget); err != nil {
			return err
		}
		if err := p.Budget.Validate(); err != nil {
			return geo.Errorf(geo.EINVALID, "Förderprojekt „%s“: %s", p.Name, geo.ErrorMessage(err))
		}
		after := p.Budget.Figures()
		detail = fmt.Sprintf("Förderprojekt %s: Budget Kosten %s → %s, ausgegeben %s → %s, Kommune %s → %s",
			p.Name, Euro(before.Approved), Euro(after.Approved), Euro(before.Actual), Euro(after.Actual),
			Euro(before.Municipality), Euro(after.Municipality))
		return nil
	})
	return p, detail, err
}

// Audit actions of funding projects.
const (
	AuditFundingAdd       = "funding_add"       // a funding project added
	AuditFundingMilestone = "funding_milestone" // a milestone recorded (or the area frozen)
	AuditFundingBudget    = "funding_budget"    // the budget changed
)
