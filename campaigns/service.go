package campaigns

import (
	"cmp"
	"context"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
)

// Service runs the campaign use cases on top of the stores.
type Service struct {
	Geo   geo.Store
	Store Store
	// Funding, if set, adds funding projects to an address's coverage.
	Funding FundingStore
	// Now returns the current time; nil means time.Now. Tests pin it.
	Now func() time.Time
	// LiveShare is the share of the homes passed that must be activated
	// before an area in construction counts as live (AreaMoves); 0 means
	// DefaultLiveShare.
	LiveShare float64
}

// Today is the service's current day.
func (s *Service) Today() time.Time { return s.today() }

func (s *Service) today() time.Time {
	if s.Now != nil {
		return Today(s.Now())
	}
	return Today(time.Now())
}

// StaleDays is how long an active area may go without a new count before
// its figures are flagged stale.
const StaleDays = 14

// AreaFigures are the figures of one campaign area as of a date.
type AreaFigures struct {
	AreaID   int64
	AreaName string
	AreaKind geo.AreaKind
	Status   Status

	// Denominator is the one the quota uses: the provider's figure when
	// entered, else the overlay's.
	Denominator int
	// OverlayDenominator is the overlay's figure the campaign counts
	// with: the one recorded for the area (EventOverlay), else today's.
	OverlayDenominator int
	// LiveOverlay is today's overlay figure; OverlayChanged says it
	// differs from the recorded one (an import changed the overlay).
	LiveOverlay         int
	OverlayChanged      bool
	ProviderDenominator int // 0: none entered
	// DenominatorDiff is provider minus overlay (0 when the provider gave
	// none).
	DenominatorDiff int

	Signed     int // latest effective count, plus facilities when they count
	Facilities int // municipal facilities with a signed contract
	Quota      float64
	Threshold  float64
	Target     int
	Needed     int
	DaysLeft   int
	PaceNeeded float64 // contracts per day
	RecentPace float64 // contracts per day over the last 14 days
	Forecast   Forecast
	Rating     Rating // meaningful while the area is active
	LastEntry  time.Time
	// DecisionDue: the area is still running (or extended) after its
	// deadline: someone has to decide reached, missed or extended.
	DecisionDue bool
	// Override: the area's status was decided against the figures
	// (Event.Override).
	Override bool
	// Stale: the area is active and its last count (or its start, with
	// none) lies more than StaleDays before the figures' day.
	Stale   bool
	History []Sample
	// Build is the area's construction state as of the figures' day.
	Build AreaBuild
}

// Figures are a campaign's figures per area and pooled.
type Figures struct {
	Campaign *Campaign
	AsOf     time.Time
	Deadline time.Time // current deadline
	Status   Status    // overall, see Overall
	Mixed    bool      // the areas' statuses differ
	Areas    []AreaFigures
	// Total pools all areas: sums of denominators and sign-ups, the quota
	// of the sums.
	Total    AreaFigures
	Outreach []Outreach
}

// Figures computes a campaign's figures as of asOf (zero: today): entries
// dated after asOf and events effective after it are ignored, so a report
// drawn for a past date shows what was true then. Figures.Campaign is the
// campaign as of that day.
func (s *Service) Figures(ctx context.Context, c *Campaign, asOf time.Time) (*Figures, error) {
	if asOf.IsZero() {
		asOf = s.today()
	}
	asOf = Day(asOf)
	// The campaign as it stood that day: statuses, deadline, threshold
	// and provider denominators from the events effective by then.
	c = c.AsOf(asOf)
	shape, err := s.Shape(ctx, asOf)
	if err != nil {
		return nil, err
	}
	entries, err := s.Store.Entries(ctx, c.ID, 0)
	if err != nil {
		return nil, err
	}
	byArea := map[int64][]Entry{}
	for _, e := range entries {
		if !Day(e.AsOf).After(asOf) {
			byArea[e.AreaID] = append(byArea[e.AreaID], e)
		}
	}
	out := &Figures{Campaign: c, AsOf: asOf, Deadline: c.CurrentDeadline()}
	statuses := make([]Status, 0, len(c.Areas))
	tot := AreaFigures{AreaName: "Gesamt", Threshold: c.Threshold}
	var pooled []Sample
	for _, a := range c.Areas {
		den, err := s.Store.Denominators(ctx, c.ID, a.AreaID, a.BuildAreaID)
		if err != nil {
			return nil, err
		}
		f := AreaFigures{
			AreaID: a.AreaID, AreaName: a.AreaName, AreaKind: a.AreaKind, Status: a.Status,
			OverlayDenominator: den.Of(c.Counting), LiveOverlay: den.Of(c.Counting), ProviderDenominator: a.ProviderDenominator,
			Threshold: c.Threshold, History: Effective(byArea[a.AreaID]),
		}
		if a.OverlayRecorded {
			// The figure recorded when the area started (or since): a
			// later import does not move a running campaign's quota.
			f.OverlayDenominator = a.RecordedOverlay
			f.OverlayChanged = f.LiveOverlay != a.RecordedOverlay
		}
		if c.CountFacilities {
			f.Facilities = den.Facilities
		}
		f.Denominator = f.OverlayDenominator
		if a.ProviderDenominator > 0 {
			f.Denominator = a.ProviderDenominator
			f.DenominatorDiff = a.ProviderDenominator - f.OverlayDenominator
		}
		if n := len(f.History); n > 0 {
			f.Signed = f.History[n-1].Count
			f.LastEntry = f.History[n-1].Date
		}
		f.Signed += f.Facilities
		s.derive(&f, c, out.Deadline, asOf, shape)
		if e, ok := c.LastEvent(EventStatus, a.AreaID, asOf); ok {
			f.Override = e.Override
		}
		out.Areas = append(out.Areas, f)
		statuses = append(statuses, a.Status)

		tot.Denominator += f.Denominator
		tot.OverlayDenominator += f.OverlayDenominator
		tot.ProviderDenominator += f.ProviderDenominator
		tot.DenominatorDiff += f.DenominatorDiff
		tot.Signed += f.Signed
		tot.Facilities += f.Facilities
		if f.LastEntry.After(tot.LastEntry) {
			tot.LastEntry = f.LastEntry
		}
		pooled = addSamples(pooled, f.History, c.Start)
	}
	builds, err := s.Build(ctx, c, asOf)
	if err != nil {
		return nil, err
	}
	for i := range out.Areas {
		out.Areas[i].Build = builds[out.Areas[i].AreaID]
	}
	out.Status = Overall(statuses)
	for _, st := range statuses {
		out.Mixed = out.Mixed || st != statuses[0]
	}
	tot.Status = out.Status
	tot.History = pooled
	s.derive(&tot, c, out.Deadline, asOf, shape)
	// Each area is judged on its own: the pooled line is never better
	// than its worst area (a missed one counts as unlikely), and flags
	// what any area flags.
	// What is missing is what each area misses: a surplus in one area
	// does not fill another's gap (the pooled target less the pooled
	// count would hide failing areas).
	tot.Target, tot.Needed = 0, 0
	for _, a := range out.Areas {
		tot.Target += a.Target
		tot.Needed += a.Needed
	}
	tot.PaceNeeded = PaceNeeded(tot.Needed, asOf, out.Deadline)
	if tot.Needed > 0 {
		// Reached when the last area reaches its target: the latest of
		// their forecasts, none if one of them has none.
		tot.Forecast = Forecast{Model: ModelNone}
		for _, a := range out.Areas {
			if a.Needed == 0 {
				continue
			}
			if !a.Forecast.Reachable {
				tot.Forecast = Forecast{Model: a.Forecast.Model}
				break
			}
			if !tot.Forecast.Reachable || a.Forecast.Date.After(tot.Forecast.Date) {
				tot.Forecast = a.Forecast
			}
		}
		tot.Rating = Rate(tot.Forecast, c.Start, out.Deadline)
	}
	for _, a := range out.Areas {
		r := a.Rating
		if a.Status == StatusMissed {
			r = Unlikely
		}
		if rank(r) > rank(tot.Rating) {
			tot.Rating = r
		}
		tot.DecisionDue = tot.DecisionDue || a.DecisionDue
		tot.Stale = tot.Stale || a.Stale
	}
	out.Total = tot
	outreach, err := s.Store.Outreach(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range outreach {
		if !Day(o.Date).After(asOf) {
			out.Outreach = append(out.Outreach, o)
		}
	}
	return out, nil
}

// DecisionDue reports whether an area in status st still collects
// sign-ups on day asOf although its deadline has passed: reached, missed
// or an extension has to be decided.
func DecisionDue(st Status, asOf, deadline time.Time) bool {
	return st.Active() && Day(asOf).After(Day(deadline))
}

// rank orders ratings from none and on track to unlikely.
func rank(r Rating) int {
	switch r {
	case OnTrack:
		return 1
	case AtRisk:
		return 2
	case Unlikely:
		return 3
	}
	return 0
}

// derive fills the computed fields of f from its denominator, signed count
// and history.
func (s *Service) derive(f *AreaFigures, c *Campaign, deadline, asOf time.Time, shape Shape) {
	f.Quota = Quota(f.Signed, f.Denominator)
	f.Target = Target(c.Threshold, f.Denominator)
	f.Needed = Needed(c.Threshold, f.Denominator, f.Signed)
	f.DaysLeft = DaysLeft(asOf, deadline)
	f.PaceNeeded = PaceNeeded(f.Needed, asOf, deadline)
	f.RecentPace = RecentPace(f.History, c.Start, asOf)
	hist := f.History
	if f.Facilities > 0 {
		// Facilities' contracts count from the start: shift the history.
		hist = make([]Sample, len(f.History))
		for i, x := range f.History {
			hist[i] = Sample{x.Date, x.Count + f.Facilities}
		}
	}
	f.Forecast = Predict(ForecastInput{Start: Day(c.Start), Deadline: Day(deadline), AsOf: asOf, History: hist, Target: f.Target, Shape: shape})
	f.Rating = Rate(f.Forecast, c.Start, deadline)
	if f.Needed == 0 {
		f.Rating = OnTrack
	}
	f.DecisionDue = DecisionDue(f.Status, asOf, deadline)
	if f.Status.Active() {
		since := f.LastEntry
		if since.IsZero() {
			since = Day(c.Start)
		}
		f.Stale = DaysBetween(since, asOf) > StaleDays
	}
	if f.Status != StatusPlanned && !f.Status.Active() {
		// A finished area has no time left and no forecast: only the date
		// it reached the target, if it did.
		f.DaysLeft, f.PaceNeeded, f.Rating = 0, 0, ""
		if f.Forecast.Model != ModelReached {
			f.Forecast = Forecast{Model: ModelNone}
		}
	}
}

// addSamples adds history h to the pooled history p: the pooled count on
// each date of either is the sum of both interpolated counts.
func addSamples(p, h []Sample, start time.Time) []Sample {
	if len(p) == 0 {
		return append([]Sample(nil), h...)
	}
	dates := map[time.Time]bool{}
	for _, x := range p {
		dates[x.Date] = true
	}
	for _, x := range h {
		dates[x.Date] = true
	}
	out := make([]Sample, 0, len(dates))
	for d := range dates {
		out = append(out, Sample{Date: d, Count: int(CountAt(p, start, d) + CountAt(h, start, d) + 0.5)})
	}
	SortSamples(out)
	return out
}

// Shape fits the typical course from every campaign area in the store
// finished by asOf (status reached or beyond, or missed, with a history up
// to asOf), falling back to LinearShape.
func (s *Service) Shape(ctx context.Context, asOf time.Time) (Shape, error) {
	all, err := s.Store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	asOf = Day(asOf)
	var done []Finished
	for _, c := range all {
		// What was finished and counted by asOf: a report for a past day
		// does not learn from later decisions.
		c = c.AsOf(asOf)
		var finished []int64
		for _, a := range c.Areas {
			if !a.Status.Active() && a.Status != StatusPlanned && a.Status != StatusCancelled {
				finished = append(finished, a.AreaID)
			}
		}
		if len(finished) == 0 {
			continue
		}
		entries, err := s.Store.Entries(ctx, c.ID, 0)
		if err != nil {
			return nil, err
		}
		byArea := map[int64][]Entry{}
		for _, e := range entries {
			if !Day(e.AsOf).After(asOf) {
				byArea[e.AreaID] = append(byArea[e.AreaID], e)
			}
		}
		for _, id := range finished {
			if h := Effective(byArea[id]); len(h) > 0 {
				done = append(done, Finished{Start: Day(c.Start), End: Day(c.CurrentDeadline()), History: h})
			}
		}
	}
	shape, _ := FitShape(done)
	return shape, nil
}

// NewCampaign describes a campaign to create by area names.
type NewCampaign struct {
	Provider, Name string
	Areas          []string // area names (districts, zones or build areas)
	BuildArea      string   // optional: limits every area's denominator to this build area
	// BuildAreaFor names a build area for single areas (area name → build
	// area name), overriding BuildArea.
	BuildAreaFor    map[string]string
	Threshold       float64
	Counting        Counting
	CountFacilities bool
	SignupURL       string // the provider's sign-up page (optional)
	Start, Deadline time.Time
	Status          Status // initial status of every area; "" means running if started, else planned
	By              string // who creates it: the author of its first events
	// Municipality (AGS or name) is the municipality whose areas Areas
	// and the build areas name; empty: names must be unique over all.
	Municipality string
}

// areaFinder returns how Create finds an area by kind and name: over all
// areas, or among those of the municipality muni (AGS or name).
func (s *Service) areaFinder(ctx context.Context, muni string) (func(context.Context, geo.AreaKind, string) (geo.Area, error), error) {
	if strings.TrimSpace(muni) == "" {
		return s.Geo.AreaByName, nil
	}
	munis, err := s.Geo.Areas(ctx, geo.KindMunicipality)
	if err != nil {
		return nil, err
	}
	m, err := geo.FindMunicipality(munis, muni)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, kind geo.AreaKind, name string) (geo.Area, error) {
		a, err := s.Geo.AreaIn(ctx, m.ID, kind, name)
		if geo.ErrorCode(err) == geo.ENOTFOUND {
			return a, geo.Errorf(geo.ENOTFOUND, "%s hat kein Gebiet %q", m.Name, name)
		}
		return a, err
	}, nil
}

// Create validates and stores a new campaign.
func (s *Service) Create(ctx context.Context, n NewCampaign) (*Campaign, error) {
	c := &Campaign{
		Provider: strings.TrimSpace(n.Provider), Name: strings.TrimSpace(n.Name), Counting: n.Counting,
		Threshold: n.Threshold, CountFacilities: n.CountFacilities, Start: Day(n.Start), Deadline: Day(n.Deadline),
		SignupURL: strings.TrimSpace(n.SignupURL),
	}
	if c.Counting == "" {
		c.Counting = CountHouseholds
	}
	status := n.Status
	if status == "" {
		status = StatusPlanned
		if !s.today().Before(c.Start) {
			status = StatusRunning
		}
	}
	find, err := s.areaFinder(ctx, n.Municipality)
	if err != nil {
		return nil, err
	}
	for _, name := range n.Areas {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		a, err := find(ctx, "", name)
		if err != nil {
			return nil, err
		}
		if a.Kind == geo.KindMunicipality {
			return nil, geo.Errorf(geo.EINVALID, "Kampagne %s: %s ist die Gemeinde selbst – bitte ihre Ortsteile, Gewerbegebiete oder Ausbaugebiete angeben", c.Name, name)
		}
		var buildID int64
		if b := cmp.Or(n.BuildAreaFor[name], n.BuildArea); b != "" && a.Kind != geo.KindBuildArea {
			build, err := find(ctx, geo.KindBuildArea, b)
			if err != nil {
				return nil, err
			}
			buildID = build.ID
		}
		c.Areas = append(c.Areas, CampaignArea{AreaID: a.ID, AreaName: a.Name, AreaKind: a.Kind, BuildAreaID: buildID, Status: status})
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	// The initial statuses are the first events: planned until the start,
	// then the status given, with the overlay denominator recorded.
	if status != StatusPlanned {
		d := Decision{On: c.Start, By: n.By, Reason: "Anlage der Kampagne"}
		for _, a := range c.Areas {
			c.Events = append(c.Events, s.event(EventStatus, a.AreaID, string(StatusPlanned), string(status), d))
			den, err := s.Store.Denominators(ctx, 0, a.AreaID, a.BuildAreaID)
			if err != nil {
				return nil, err
			}
			c.Events = append(c.Events, s.event(EventOverlay, a.AreaID, "0", strconv.Itoa(den.Of(c.Counting)), d))
		}
	}
	id, err := s.Store.CreateCampaign(ctx, c)
	if err != nil {
		return nil, err
	}
	return s.Store.Campaign(ctx, id)
}

// areaOf finds a campaign's area by name.
func areaOf(c *Campaign, name string) (*CampaignArea, error) {
	for i := range c.Areas {
		if strings.EqualFold(c.Areas[i].AreaName, strings.TrimSpace(name)) {
			return &c.Areas[i], nil
		}
	}
	return nil, geo.Errorf(geo.ENOTFOUND, "Kampagne %s hat kein Gebiet %q", c.Name, name)
}

// denKey names the overlay denominator of a campaign area: campaign,
// area, and the build area it is limited to (0: none).
type denKey struct{ campaign, area, build int64 }

// overlayDenominators reads, before the write transaction, the overlay
// denominators of the areas of es in campaign c (as read outside the
// transaction), adding them to dens (made if nil), which it returns.
//
// The check inside the transaction should not read through the store: on
// a pooled store (data/postgres) every writer holds a connection while it
// waits for the campaign row lock, and a read inside the check that needs
// one more connection can starve the pool (seen with 2×20 concurrent
// writers on a pool of 10: all stuck).
func (s *Service) overlayDenominators(ctx context.Context, dens map[denKey]Denominators, c *Campaign, es []Entry) (map[denKey]Denominators, error) {
	if dens == nil {
		dens = map[denKey]Denominators{}
	}
	for _, e := range es {
		for _, a := range c.Areas {
			if a.AreaID != e.AreaID || a.ProviderDenominator > 0 {
				continue
			}
			k := denKey{c.ID, a.AreaID, a.BuildAreaID}
			if _, ok := dens[k]; ok {
				continue
			}
			d, err := s.Store.Denominators(ctx, c.ID, a.AreaID, a.BuildAreaID)
			if err != nil {
				return nil, err
			}
			dens[k] = d
		}
	}
	return dens, nil
}

// checkerWith returns the validation AddEntry runs inside its
// transaction, with the overlay denominators read beforehand (see
// overlayDenominators); only one missing from dens (the campaign changed
// meanwhile) is read inside the transaction.
func (s *Service) checkerWith(ctx context.Context, dens map[denKey]Denominators) func(c *Campaign, e Entry, prev *Entry) error {
	today := s.today()
	return func(c *Campaign, e Entry, prev *Entry) error {
		var area *CampaignArea
		for i := range c.Areas {
			if c.Areas[i].AreaID == e.AreaID {
				area = &c.Areas[i]
			}
		}
		if area == nil {
			return geo.Errorf(geo.ENOTFOUND, "Kampagne %s hat kein Gebiet %d", c.Name, e.AreaID)
		}
		den := area.ProviderDenominator
		if den == 0 {
			d, ok := dens[denKey{c.ID, area.AreaID, area.BuildAreaID}]
			if !ok {
				var err error
				if d, err = s.Store.Denominators(ctx, c.ID, area.AreaID, area.BuildAreaID); err != nil {
					return err
				}
			}
			den = d.Of(c.Counting)
		}
		if err := CheckEntry(e, c, den, prev, today); err != nil {
			return geo.Errorf(geo.EINVALID, "%s", strings.Replace(geo.ErrorMessage(err), entryWhere(c.Name, strconv.FormatInt(e.AreaID, 10)), entryWhere(c.Name, area.AreaName), 1))
		}
		return nil
	}
}

// NewEntry is a sign-up count to record, naming campaign and area.
type NewEntry struct {
	Campaign, Area string
	AsOf           time.Time
	Count          int
	Source         Source
	Comment        string
	EnteredBy      string
	// BasedOn is the ID of the latest entry the person saw for this area
	// (0: none); another entry in between is a conflict. -1 skips the
	// check (CLI, imports).
	BasedOn int64
}

// AddEntry records one sign-up count.
func (s *Service) AddEntry(ctx context.Context, n NewEntry) (Entry, error) {
	c, e, err := s.resolve(ctx, n)
	if err != nil {
		return Entry{}, err
	}
	dens, err := s.overlayDenominators(ctx, nil, c, []Entry{e})
	if err != nil {
		return Entry{}, err
	}
	check := s.checkerWith(ctx, dens)
	return s.Store.AddEntry(ctx, e, n.BasedOn, func(c *Campaign, prev *Entry) error { return check(c, e, prev) })
}

// resolve finds n's campaign and area and returns the campaign with the
// entry to store.
func (s *Service) resolve(ctx context.Context, n NewEntry) (*Campaign, Entry, error) {
	c, err := s.Store.CampaignByName(ctx, n.Campaign)
	if err != nil {
		return nil, Entry{}, err
	}
	a, err := areaOf(c, n.Area)
	if err != nil {
		return nil, Entry{}, err
	}
	src := n.Source
	if src == "" {
		src = SourceProvider
	}
	return c, Entry{CampaignID: c.ID, AreaID: a.AreaID, AsOf: Day(n.AsOf), Count: n.Count, Source: src,
		Comment: strings.TrimSpace(n.Comment), EnteredBy: n.EnteredBy, EnteredAt: s.nowUTC()}, nil
}

func (s *Service) nowUTC() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// AddEntries records several counts in one transaction: all or none. An
// error names the failing entry by where(i), e.g. "signups.csv:12".
func (s *Service) AddEntries(ctx context.Context, ns []NewEntry, where func(i int) string) error {
	es := make([]Entry, 0, len(ns))
	dens := map[denKey]Denominators{}
	for i, n := range ns {
		c, e, err := s.resolve(ctx, n)
		if err == nil {
			_, err = s.overlayDenominators(ctx, dens, c, []Entry{e})
		}
		if err != nil {
			return geo.Errorf(geo.ErrorCode(err), "%s: %s", where(i), geo.ErrorMessage(err))
		}
		es = append(es, e)
	}
	check := s.checkerWith(ctx, dens)
	return s.Store.AddEntries(ctx, es, func(i int, c *Campaign, e Entry, prev *Entry) error {
		if err := check(c, e, prev); err != nil {
			return geo.Errorf(geo.ErrorCode(err), "%s: %s", where(i), geo.ErrorMessage(err))
		}
		return nil
	})
}
