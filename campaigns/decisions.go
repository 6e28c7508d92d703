package campaigns

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
)

// decision checks d against campaign c and fills in its defaults: the
// effective day is today when zero and may not lie in the future; the
// reason is trimmed.
func (s *Service) decision(c *Campaign, d Decision) (Decision, error) {
	if d.On.IsZero() {
		d.On = s.today()
	}
	d.On = Day(d.On)
	d.Reason = strings.TrimSpace(d.Reason)
	d.By = strings.TrimSpace(d.By)
	if d.On.After(s.today()) {
		return d, geo.Errorf(geo.EINVALID, "Kampagne %s: der Stichtag %s liegt in der Zukunft.", c.Name, GermanDate(d.On))
	}
	if d.Override && d.Reason == "" {
		return d, geo.Errorf(geo.EINVALID, "Kampagne %s: eine Übersteuerung braucht eine Begründung.", c.Name)
	}
	return d, nil
}

// event is a new event of kind decided by d.
func (s *Service) event(kind EventKind, areaID int64, from, to string, d Decision) Event {
	return Event{Kind: kind, AreaID: areaID, Effective: d.On, From: from, To: to, Reason: d.Reason,
		EnteredBy: d.By, EnteredAt: s.nowUTC()}
}

// GuardError refuses a status decision that contradicts the figures:
// "reached" below the threshold or "missed" at or above it. Decision.
// Override with a reason takes it all the same. Its code is EINVALID.
type GuardError struct {
	Campaign, Area string
	To             Status
	Quota          float64
	Threshold      float64
	On             time.Time
}

func (e *GuardError) Error() string {
	rel := "unter"
	if e.To == StatusMissed {
		rel = "nicht unter"
	}
	return fmt.Sprintf("Kampagne %s, %s: die Quote liegt am %s mit %s %s der Schwelle von %s – „%s“ nur als Übersteuerung mit Begründung.",
		e.Campaign, e.Area, GermanDate(e.On), Percent(e.Quota), rel, Percent(e.Threshold), e.To.German())
}

// Unwrap gives the error its code for geo.ErrorCode.
func (e *GuardError) Unwrap() error { return &geo.Error{Code: geo.EINVALID, Message: e.Error()} }

// contradicts reports whether deciding to for an area with figures f goes
// against them: reached while contracts are still needed, missed when
// none are. A campaign without a threshold never contradicts.
func contradicts(to Status, f AreaFigures) bool {
	if f.Threshold <= 0 {
		return false
	}
	switch to {
	case StatusReached:
		return f.Needed > 0
	case StatusMissed:
		return f.Needed == 0
	}
	return false
}

// SetStatus changes the status of the named areas (all areas if none is
// named) as decided by d; see SetStatuses.
func (s *Service) SetStatus(ctx context.Context, c *Campaign, to Status, d Decision, areas ...string) (*Campaign, error) {
	if _, err := ParseStatus(string(to)); err != nil {
		return nil, err
	}
	ids := map[int64]Status{}
	for _, name := range areas {
		a, err := areaOf(c, name)
		if err != nil {
			return nil, err
		}
		ids[a.AreaID] = to
	}
	if len(areas) == 0 {
		for _, a := range c.Areas {
			ids[a.AreaID] = to
		}
	}
	return s.SetStatuses(ctx, c, ids, d)
}

// SetStatuses changes the status of several areas of c (area ID → new
// status) in one update, all or none, as dated events effective on d.On
// (today if zero). Each area changes from its status as of that day.
// Illegal transitions, a change dated before the area's last recorded
// one, and decisions against the figures without d.Override (GuardError)
// are refused with a *StatusErrors naming every such area in German; an
// area outside c is ENOTFOUND; a stale c.Version is ECONFLICT.
func (s *Service) SetStatuses(ctx context.Context, c *Campaign, to map[int64]Status, d Decision) (*Campaign, error) {
	if len(to) == 0 {
		return nil, geo.Errorf(geo.EINVALID, "Kein neuer Status gewählt.")
	}
	d, err := s.decision(c, d)
	if err != nil {
		return nil, err
	}
	// The figures as of the decision's day, read before the write
	// transaction (see overlayDenominators).
	figs, err := s.Figures(ctx, c, d.On)
	if err != nil {
		return nil, err
	}
	byArea := map[int64]AreaFigures{}
	for _, f := range figs.Areas {
		byArea[f.AreaID] = f
	}
	return s.Store.UpdateCampaign(ctx, c.ID, c.Version, func(c *Campaign) error {
		errs := &StatusErrors{Areas: map[int64]string{}}
		then := c.AsOf(d.On)
		found := 0
		for _, a := range then.Areas {
			st, ok := to[a.AreaID]
			if !ok {
				continue
			}
			found++
			if _, err := ParseStatus(string(st)); err != nil {
				return err
			}
			if last, ok := c.LastEvent(EventStatus, a.AreaID, time.Time{}); ok && last.Effective.After(d.On) {
				errs.Areas[a.AreaID] = fmt.Sprintf("%s: am %s ist schon eine spätere Statusänderung erfasst (%s); eine frühere kann nur als Korrektur erfasst werden.",
					a.AreaName, GermanDate(last.Effective), last.ToStatus().German())
				continue
			}
			if st == a.Status {
				continue
			}
			if msg := TransitionMessage(a.AreaName, a.Status, st); msg != "" {
				errs.Areas[a.AreaID] = msg
				continue
			}
			e := s.event(EventStatus, a.AreaID, string(a.Status), string(st), d)
			start := a.Status == StatusPlanned && st != StatusCancelled && !a.OverlayRecorded
			if f := byArea[a.AreaID]; contradicts(st, f) {
				if !d.Override {
					errs.Areas[a.AreaID] = (&GuardError{Campaign: c.Name, Area: a.AreaName, To: st, Quota: f.Quota,
						Threshold: f.Threshold, On: d.On}).Error()
					continue
				}
				e.Override = true
			}
			c.record(e)
			if start {
				// The area starts: its overlay denominator is recorded.
				f := byArea[a.AreaID]
				c.record(s.event(EventOverlay, a.AreaID, "0", strconv.Itoa(f.LiveOverlay), d))
			}
		}
		if found < len(to) {
			return geo.Errorf(geo.ENOTFOUND, "Kampagne %s: unbekanntes Gebiet", c.Name)
		}
		if len(errs.Areas) > 0 {
			return errs
		}
		return nil
	})
}

// Extend moves the deadline of a campaign, as decided by d (a reason is
// required), and marks the areas active on that day extended. The new
// deadline must lie after the current one.
func (s *Service) Extend(ctx context.Context, c *Campaign, deadline time.Time, d Decision) (*Campaign, error) {
	deadline = Day(deadline)
	d, err := s.decision(c, d)
	if err != nil {
		return nil, err
	}
	if d.Reason == "" {
		return nil, geo.Errorf(geo.EINVALID, "Kampagne %s: eine Verlängerung braucht eine Begründung.", c.Name)
	}
	return s.Store.UpdateCampaign(ctx, c.ID, c.Version, func(c *Campaign) error {
		cur := c.CurrentDeadline()
		if !deadline.After(cur) {
			return geo.Errorf(geo.EINVALID, "Kampagne %s: die neue Frist %s liegt nicht nach der bisherigen (%s).",
				c.Name, GermanDate(deadline), GermanDate(cur))
		}
		then := c.AsOf(d.On)
		c.record(s.event(EventDeadline, 0, formatDate(cur), formatDate(deadline), d))
		for _, a := range then.Areas {
			if a.Status.Active() && a.Status != StatusExtended {
				c.record(s.event(EventStatus, a.AreaID, string(a.Status), string(StatusExtended), d))
			}
		}
		return nil
	})
}

// SetProviderDenominator records the provider's own number of homes (or
// companies) in one area as of d.On; 0 removes it. The quota uses it where
// set.
func (s *Service) SetProviderDenominator(ctx context.Context, c *Campaign, area string, n int, d Decision) (*Campaign, error) {
	if n < 0 {
		return nil, geo.Errorf(geo.EINVALID, "Kampagne %s: der Nenner %d ist negativ.", c.Name, n)
	}
	d, err := s.decision(c, d)
	if err != nil {
		return nil, err
	}
	return s.Store.UpdateCampaign(ctx, c.ID, c.Version, func(c *Campaign) error {
		a, err := areaOf(c, area)
		if err != nil {
			return err
		}
		if a.ProviderDenominator != n {
			c.record(s.event(EventDenominator, a.AreaID, strconv.Itoa(a.ProviderDenominator), strconv.Itoa(n), d))
		}
		return nil
	})
}

// RecordOverlay records today's overlay denominator of the named area as
// the one campaign c counts with from d.On (after an import changed the
// overlay and the office accepts the new figure).
func (s *Service) RecordOverlay(ctx context.Context, c *Campaign, area string, d Decision) (*Campaign, error) {
	d, err := s.decision(c, d)
	if err != nil {
		return nil, err
	}
	a, err := areaOf(c, area)
	if err != nil {
		return nil, err
	}
	den, err := s.Store.Denominators(ctx, c.ID, a.AreaID, a.BuildAreaID)
	if err != nil {
		return nil, err
	}
	n := den.Of(c.Counting)
	return s.Store.UpdateCampaign(ctx, c.ID, c.Version, func(c *Campaign) error {
		a, err := areaOf(c, area)
		if err != nil {
			return err
		}
		if a.OverlayRecorded && a.RecordedOverlay == n {
			return nil
		}
		c.record(s.event(EventOverlay, a.AreaID, strconv.Itoa(a.RecordedOverlay), strconv.Itoa(n), d))
		return nil
	})
}

// guarded reports whether an area in status st belongs to a running or
// committed campaign: one whose denominator an import may not change
// unnoticed.
func guarded(st Status) bool {
	switch st {
	case StatusRunning, StatusExtended, StatusReached, StatusCommitted, StatusConstruction:
		return true
	}
	return false
}

// DenominatorChange is an area of a running or committed campaign whose
// overlay denominator an import would change.
type DenominatorChange struct {
	Campaign    *Campaign
	Area        CampaignArea
	Recorded    int  // the figure the campaign counts with
	HasRecorded bool // false: the area has no recorded figure (yet)
	Before      int  // today's overlay
	After       int  // the overlay after the import
}

// Guarded reports whether any area of a running or committed campaign
// exists today: only then can an import change a denominator that
// matters.
func (s *Service) Guarded(ctx context.Context) (bool, error) {
	all, err := s.Store.Campaigns(ctx)
	if err != nil {
		return false, err
	}
	today := s.today()
	for _, c := range all {
		for _, a := range c.AsOf(today).Areas {
			if guarded(a.Status) {
				return true, nil
			}
		}
	}
	return false, nil
}

// DenominatorChanges compares, for every area of a running or committed
// campaign, today's overlay denominator with after(area, build area): the
// totals an import would leave (geo.Preview). It returns the areas whose
// figure would change, by campaign and area order.
func (s *Service) DenominatorChanges(ctx context.Context, after func(areaID, buildAreaID int64) geo.Totals) ([]DenominatorChange, error) {
	all, err := s.Store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	today := s.today()
	var out []DenominatorChange
	for _, c := range all {
		now := c.AsOf(today)
		for _, a := range now.Areas {
			if !guarded(a.Status) {
				continue
			}
			den, err := s.Store.Denominators(ctx, c.ID, a.AreaID, a.BuildAreaID)
			if err != nil {
				return nil, err
			}
			t := after(a.AreaID, a.BuildAreaID)
			next := Denominators{Households: t.Households, Businesses: t.Businesses, Buildings: t.Buildings}.Of(c.Counting)
			if before := den.Of(c.Counting); next != before {
				out = append(out, DenominatorChange{Campaign: c, Area: a, Recorded: a.RecordedOverlay, HasRecorded: a.OverlayRecorded,
					Before: before, After: next})
			}
		}
	}
	return out, nil
}

// ImportChanges previews, without writing, an import of srcs through g
// (areas of opt.Kind, or addresses when opt.Kind is empty) and returns the
// areas of running or committed campaigns whose overlay denominator it
// would change. Without such a campaign it reads nothing and returns none.
func (s *Service) ImportChanges(ctx context.Context, g *geo.Service, srcs []geo.Source, opt geo.ParseOptions) ([]DenominatorChange, error) {
	guarded, err := s.Guarded(ctx)
	if err != nil || !guarded {
		return nil, err
	}
	var p *geo.Preview
	if opt.Kind == "" {
		p, err = g.PreviewAddresses(ctx, srcs, opt)
	} else {
		p, err = g.PreviewAreas(ctx, srcs, opt)
	}
	if err != nil {
		return nil, err
	}
	return s.DenominatorChanges(ctx, p.Of)
}

// KeepDenominators records, before an accepted import, today's overlay
// denominator for each changed area that has none recorded yet, so that
// its campaign keeps counting with it.
func (s *Service) KeepDenominators(ctx context.Context, changes []DenominatorChange, d Decision) error {
	for _, ch := range changes {
		if ch.HasRecorded {
			continue
		}
		c, err := s.Store.Campaign(ctx, ch.Campaign.ID)
		if err != nil {
			return err
		}
		if d.Reason == "" {
			d.Reason = "vor einem Import festgehalten, der die Verschneidung ändert"
		}
		if _, err := s.RecordOverlay(ctx, c, ch.Area.AreaName, d); err != nil {
			return err
		}
	}
	return nil
}

// Correct records a correction of the event with ID id of campaign c: a
// new event of the same kind and area that names it in Corrects, with the
// value to (a status name, a date YYYY-MM-DD, a threshold share or a
// count) effective on d.On (the corrected event's day when zero); a reason
// is required. The corrected event counts no more; the record keeps both.
func (s *Service) Correct(ctx context.Context, c *Campaign, id int64, to string, d Decision) (*Campaign, error) {
	on := d.On
	d, err := s.decision(c, d)
	if err != nil {
		return nil, err
	}
	if d.Reason == "" {
		return nil, geo.Errorf(geo.EINVALID, "Kampagne %s: eine Korrektur braucht eine Begründung.", c.Name)
	}
	return s.Store.UpdateCampaign(ctx, c.ID, c.Version, func(c *Campaign) error {
		var orig *Event
		for i := range c.Events {
			if c.Events[i].ID == id {
				orig = &c.Events[i]
			}
			if c.Events[i].Corrects == id {
				return geo.Errorf(geo.EINVALID, "Kampagne %s: Eintrag %d ist schon korrigiert (durch Eintrag %d); korrigieren Sie diesen.", c.Name, id, c.Events[i].ID)
			}
		}
		if orig == nil {
			return geo.Errorf(geo.ENOTFOUND, "Kampagne %s hat keinen Eintrag %d.", c.Name, id)
		}
		e := s.event(orig.Kind, orig.AreaID, orig.From, strings.TrimSpace(to), d)
		e.Corrects, e.Override = id, d.Override
		if on.IsZero() {
			e.Effective = orig.Effective
		}
		if e.Kind == EventStatus && e.ToStatus() != e.FromStatus() {
			if msg := TransitionMessage(areaName(c, e.AreaID), e.FromStatus(), e.ToStatus()); msg != "" {
				return geo.Errorf(geo.EINVALID, "%s", msg)
			}
		}
		if err := ValidateEvent(e); err != nil {
			return geo.Errorf(geo.EINVALID, "Kampagne %s: die Korrektur ist ungültig: %s", c.Name, geo.ErrorMessage(err))
		}
		c.record(e)
		return nil
	})
}

func areaName(c *Campaign, id int64) string {
	for _, a := range c.Areas {
		if a.AreaID == id {
			return a.AreaName
		}
	}
	return fmt.Sprintf("Gebiet %d", id)
}
