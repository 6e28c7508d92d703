package campaigns

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
)

// Audit log actions of the campaign pages.
const (
	AuditCampaignCreate = "campaign_create" // campaign created
	AuditCampaignEdit   = "campaign_edit"   // name, provider, threshold … changed
	AuditCampaignExtend = "campaign_extend" // deadline extended
	AuditCampaignStatus = "campaign_status" // area statuses changed
	AuditOutreach       = "outreach_add"    // outreach event added
	AuditDownload       = "download"        // report or export downloaded
	AuditDenominator    = "denominator"     // a provider's or the overlay's denominator recorded
	AuditFacility       = "facility"        // a municipal facility's contract recorded or removed
	AuditSurvey         = "survey"          // a market survey added, or its operators asked
)

// ErrNameTaken is the cause of NameTaken's errors: errors.Is tells a name
// clash from a stale version (both ECONFLICT).
var ErrNameTaken = errors.New("campaign name taken")

// NameTaken is the refusal of a campaign name that another campaign has
// (names compare without case): the service's check and the store's
// unique index, for a clash that passed the check, say it alike.
func NameTaken(name string) error {
	return &geo.Error{Code: geo.ECONFLICT, Message: fmt.Sprintf("Es gibt schon eine Kampagne „%s“.", name), Err: ErrNameTaken}
}

// NextStatuses returns the statuses an area in status from may change to,
// in lifecycle order (none for a final status).
func NextStatuses(from Status) []Status {
	return slices.Clone(transitions[from])
}

// CampaignEdit holds the fields of a campaign that can change after it was
// created. Areas, extensions and statuses change through their own
// methods (Extend, SetStatus).
type CampaignEdit struct {
	Provider, Name  string
	Counting        Counting
	Threshold       float64
	CountFacilities bool
	SignupURL       string // the provider's sign-up page ("" for none)
	Start           time.Time
	// Deadline is the original deadline; it can change only while the
	// campaign has no extension (afterwards the extensions say it).
	Deadline time.Time
	// ProviderDenominators sets the provider's own number of homes (or
	// companies) of areas, by area ID; 0 removes it. Areas not in the map
	// keep theirs; nil changes none.
	ProviderDenominators map[int64]int
	// Decision dates and signs a change of threshold or provider
	// denominators: they are recorded as events.
	Decision Decision
}

// Update changes the editable fields of campaign c, which must carry the
// version the person saw: ECONFLICT if the campaign changed meanwhile or
// another campaign has the new name; EINVALID (German message) if the
// fields are invalid, the original deadline changes after an extension,
// the start moves after a recorded sign-up count or a provider denominator
// is negative; ENOTFOUND for a provider denominator of an area outside c.
func (s *Service) Update(ctx context.Context, c *Campaign, e CampaignEdit) (*Campaign, error) {
	e.Provider, e.Name, e.SignupURL = strings.TrimSpace(e.Provider), strings.TrimSpace(e.Name), strings.TrimSpace(e.SignupURL)
	e.Start, e.Deadline = Day(e.Start), Day(e.Deadline)
	if e.Counting == "" {
		e.Counting = CountHouseholds
	}
	if err := geo.CheckName("Der Name der Kampagne", e.Name); err != nil {
		return nil, err
	}
	if err := geo.CheckName("Der Anbieter", e.Provider); err != nil {
		return nil, err
	}
	if e.Name != "" && !strings.EqualFold(e.Name, c.Name) {
		other, err := s.Store.CampaignByName(ctx, e.Name)
		switch {
		case err == nil && other.ID != c.ID:
			return nil, NameTaken(e.Name)
		case err != nil && geo.ErrorCode(err) != geo.ENOTFOUND:
			return nil, err
		}
	}
	entries, err := s.Store.Entries(ctx, c.ID, 0)
	if err != nil {
		return nil, err
	}
	d, err := s.decision(c, e.Decision)
	if err != nil {
		return nil, err
	}
	if d.Reason == "" {
		d.Reason = "Bearbeitung der Kampagne"
	}
	// Today's overlay figures, read before the write transaction (see
	// overlayDenominators): a change of what the campaign counts records
	// them anew for the areas that have one recorded.
	dens := map[int64]Denominators{}
	if e.Counting != c.Counting { // the version check below catches a change meanwhile
		for _, a := range c.Areas {
			if dens[a.AreaID], err = s.Store.Denominators(ctx, c.ID, a.AreaID, a.BuildAreaID); err != nil {
				return nil, err
			}
		}
	}
	return s.Store.UpdateCampaign(ctx, c.ID, c.Version, func(c *Campaign) error {
		if e.Counting != c.Counting {
			for _, a := range c.Areas {
				if a.OverlayRecorded {
					x := d
					x.Reason = fmt.Sprintf("Zählweise geändert: %s statt %s", e.Counting.German(), c.Counting.German())
					c.record(s.event(EventOverlay, a.AreaID, strconv.Itoa(a.RecordedOverlay), strconv.Itoa(dens[a.AreaID].Of(e.Counting)), x))
				}
			}
		}
		if len(c.Extensions) > 0 && !e.Deadline.Equal(Day(c.Deadline)) {
			return geo.Errorf(geo.EINVALID, "Die ursprüngliche Frist von %s kann nach einer Verlängerung nicht mehr geändert werden; bitte verlängern Sie die Kampagne.", c.Name)
		}
		for _, x := range entries {
			if Day(x.AsOf).Before(e.Start) {
				return geo.Errorf(geo.EINVALID, "Der Beginn kann nicht nach dem %s liegen: an diesem Tag ist schon eine Zahl erfasst.",
					Day(x.AsOf).Format("02.01.2006"))
			}
		}
		if e.Threshold != c.Threshold {
			if e.Threshold < 0 || e.Threshold > 1 {
				return geo.Errorf(geo.EINVALID, "Kampagne %s: die Schwelle %v muss zwischen 0 und 1 liegen (z. B. 0.33 für 33 %%)", c.Name, e.Threshold)
			}
			c.record(s.event(EventThreshold, 0, formatThreshold(c.Threshold), formatThreshold(e.Threshold), d))
		}
		c.Provider, c.Name, c.Counting, c.CountFacilities, c.SignupURL = e.Provider, e.Name, e.Counting, e.CountFacilities, e.SignupURL
		c.Start, c.Deadline = e.Start, e.Deadline
		found := 0
		for i := range c.Areas {
			a := &c.Areas[i]
			n, ok := e.ProviderDenominators[a.AreaID]
			if !ok {
				continue
			}
			found++
			if n < 0 {
				return geo.Errorf(geo.EINVALID, "Der Nenner des Anbieters für %s darf nicht negativ sein.", a.AreaName)
			}
			if a.ProviderDenominator != n {
				c.record(s.event(EventDenominator, a.AreaID, strconv.Itoa(a.ProviderDenominator), strconv.Itoa(n), d))
			}
		}
		if found < len(e.ProviderDenominators) {
			return geo.Errorf(geo.ENOTFOUND, "Kampagne %s: unbekanntes Gebiet beim Nenner des Anbieters", c.Name)
		}
		return nil
	})
}

// AddOutreach records an outreach event of campaign c (AreaID 0: the
// whole campaign; else one of its areas). EINVALID for an unknown kind, an
// empty title or a missing date.
func (s *Service) AddOutreach(ctx context.Context, c *Campaign, o Outreach) (Outreach, error) {
	o.CampaignID, o.Title, o.Date = c.ID, strings.TrimSpace(o.Title), Day(o.Date)
	if _, err := ParseOutreachKind(string(o.Kind)); err != nil {
		return o, err
	}
	switch {
	case o.Title == "":
		return o, geo.Errorf(geo.EINVALID, "Kampagne %s: die Veranstaltung braucht einen Titel", c.Name)
	case o.Date.IsZero():
		return o, geo.Errorf(geo.EINVALID, "Kampagne %s: die Veranstaltung braucht ein Datum", c.Name)
	}
	if o.AreaID != 0 && !slices.ContainsFunc(c.Areas, func(a CampaignArea) bool { return a.AreaID == o.AreaID }) {
		return o, geo.Errorf(geo.ENOTFOUND, "Kampagne %s hat kein Gebiet %d", c.Name, o.AreaID)
	}
	id, err := s.Store.AddOutreach(ctx, o)
	if err != nil {
		return o, err
	}
	o.ID = id
	return o, nil
}

// OutreachKinds lists the outreach kinds in the order forms offer them.
var OutreachKinds = []OutreachKind{OutreachLetter, OutreachInfoEvening, OutreachPublication, OutreachOther}

// ParseOutreachKind validates an outreach kind.
func ParseOutreachKind(s string) (OutreachKind, error) {
	if slices.Contains(OutreachKinds, OutreachKind(s)) {
		return OutreachKind(s), nil
	}
	return "", geo.Errorf(geo.EINVALID, "unbekannte Art der Veranstaltung %q (möglich: letter – Anschreiben, info – Infoabend, publication – Veröffentlichung, other – anderes)", s)
}

// German returns the outreach kind as the UI shows it.
func (k OutreachKind) German() string {
	switch k {
	case OutreachLetter:
		return "Anschreiben"
	case OutreachInfoEvening:
		return "Infoabend"
	case OutreachPublication:
		return "Veröffentlichung"
	case OutreachOther:
		return "Sonstiges"
	}
	return string(k)
}

// TransitionMessage says in German why area may not change from → to, or
// "" if it may.
func TransitionMessage(area string, from, to Status) string {
	if from == to || CanTransition(from, to) {
		return ""
	}
	next := transitions[from]
	if len(next) == 0 {
		return fmt.Sprintf("%s ist „%s“: dieser Status ist endgültig und kann nicht mehr zu „%s“ wechseln.", area, from.German(), to.German())
	}
	allowed := make([]string, len(next))
	for i, s := range next {
		allowed[i] = "„" + s.German() + "“"
	}
	return fmt.Sprintf("%s kann nicht von „%s“ zu „%s“ wechseln (möglich: %s).", area, from.German(), to.German(), strings.Join(allowed, ", "))
}

// StatusErrors refuses a status change because some areas may not change
// as asked; nothing was saved. Its code is EINVALID. Areas maps area IDs
// to the German message for that area.
type StatusErrors struct{ Areas map[int64]string }

func (e *StatusErrors) Error() string {
	ids := make([]int64, 0, len(e.Areas))
	for id := range e.Areas {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	msgs := make([]string, len(ids))
	for i, id := range ids {
		msgs[i] = e.Areas[id]
	}
	return strings.Join(msgs, " ")
}

// Unwrap gives the error its code for geo.ErrorCode.
func (e *StatusErrors) Unwrap() error { return &geo.Error{Code: geo.EINVALID, Message: e.Error()} }
