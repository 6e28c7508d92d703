package campaigns

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
)

// The municipal sites network: the municipality's own sites (schools,
// town hall, Kitas …), each with its connection state as a dated record,
// linked to the campaign whose facility contracts serve it or to a funding
// project (by its ID; the funding projects live in their own store).

// SiteState is a site's connection state.
type SiteState string

// Connection states, in order.
const (
	SitePlanned      SiteState = "planned"      // geplant
	SiteOrdered      SiteState = "ordered"      // beauftragt
	SiteConstruction SiteState = "construction" // im Bau
	SiteConnected    SiteState = "connected"    // angeschlossen
)

// SiteStates lists the states in order.
var SiteStates = []SiteState{SitePlanned, SiteOrdered, SiteConstruction, SiteConnected}

// German names the state.
func (s SiteState) German() string {
	switch s {
	case SitePlanned:
		return "geplant"
	case SiteOrdered:
		return "beauftragt"
	case SiteConstruction:
		return "im Bau"
	case SiteConnected:
		return "angeschlossen"
	}
	return string(s)
}

// ParseSiteState reads a state by its name or its German word ("" is
// planned).
func ParseSiteState(s string) (SiteState, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if k == "" {
		return SitePlanned, nil
	}
	for _, st := range SiteStates {
		if k == string(st) || k == st.German() {
			return st, nil
		}
	}
	if k == "im bau" || k == "bau" {
		return SiteConstruction, nil
	}
	var opts []string
	for _, st := range SiteStates {
		opts = append(opts, st.German()+" ("+string(st)+")")
	}
	return "", geo.Errorf(geo.EINVALID, "unbekannter Anschlussstand %q (möglich: %s)", s, strings.Join(opts, ", "))
}

// Site is one of the municipality's own sites.
type Site struct {
	ID   int64
	Name string
	// Kind is what the office calls it: Schule, Kita, Rathaus …
	Kind string
	// AddressID is the site's address (0: none linked).
	AddressID int64
	// CampaignID is the campaign whose facility contracts serve the site
	// (0: none).
	CampaignID int64
	// ProjectID is the funding project that serves the site (0: none).
	ProjectID int64
	// Changes is the record of its connection state, in the order the
	// changes take effect.
	Changes   []SiteChange
	CreatedAt time.Time
}

// SiteChange is a dated change of a site's connection state.
type SiteChange struct {
	ID        int64
	SiteID    int64
	State     SiteState
	Effective time.Time // a date
	Reason    string
	EnteredBy string
	EnteredAt time.Time
}

// State is the site's current state and since when (planned and the zero
// time without any change).
func (s Site) State() (SiteState, time.Time) {
	if len(s.Changes) == 0 {
		return SitePlanned, time.Time{}
	}
	last := s.Changes[len(s.Changes)-1]
	return last.State, last.Effective
}

// SiteStore persists the sites network.
// Implementations: data/sqlite and data/postgres.
type SiteStore interface {
	// AddSites stores new sites, each with its Changes, in one
	// transaction, all or none, and returns their IDs. ECONFLICT if a
	// site of a name exists already (case-insensitive); ENOTFOUND if an
	// address or a campaign does not exist.
	AddSites(ctx context.Context, ss []Site) ([]int64, error)

	// Sites returns every site with its changes, ordered by name.
	Sites(ctx context.Context) ([]Site, error)

	// AddSiteChange appends a change to a site's record. ENOTFOUND if
	// there is no such site.
	AddSiteChange(ctx context.Context, ch SiteChange) error
}

// ValidateSite checks a new site and its changes.
func ValidateSite(s Site, today time.Time) error {
	if err := geo.CheckName("Der Name der Liegenschaft", s.Name); err != nil {
		return err
	}
	if strings.TrimSpace(s.Kind) == "" {
		return geo.Errorf(geo.EINVALID, "Liegenschaft %s: die Art fehlt (z. B. Schule, Kita, Rathaus)", s.Name)
	}
	if len(s.Kind) > 100 {
		return geo.Errorf(geo.EINVALID, "Liegenschaft %s: die Art ist länger als 100 Zeichen", s.Name)
	}
	if s.ProjectID < 0 {
		return geo.Errorf(geo.EINVALID, "Liegenschaft %s: die Nummer des Förderprojekts ist negativ", s.Name)
	}
	var last time.Time
	for _, ch := range s.Changes {
		if err := checkSiteChange(s.Name, ch, last, today); err != nil {
			return err
		}
		last = ch.Effective
	}
	return nil
}

func checkSiteChange(site string, ch SiteChange, last, today time.Time) error {
	if _, err := ParseSiteState(string(ch.State)); err != nil || ch.State == "" {
		return geo.Errorf(geo.EINVALID, "Liegenschaft %s: unbekannter Anschlussstand %q", site, ch.State)
	}
	switch {
	case ch.Effective.IsZero():
		return geo.Errorf(geo.EINVALID, "Liegenschaft %s: das Datum fehlt", site)
	case ch.Effective.After(Day(today)):
		return geo.Errorf(geo.EINVALID, "Liegenschaft %s: das Datum %s liegt in der Zukunft", site, GermanDate(ch.Effective))
	case ch.Effective.Before(last):
		return geo.Errorf(geo.EINVALID, "Liegenschaft %s: am %s ist schon ein späterer Stand erfasst; das Datum %s liegt davor",
			site, GermanDate(last), GermanDate(ch.Effective))
	}
	return nil
}

// SiteByName returns the site of that name (case-insensitive).
// ENOTFOUND if there is none.
func (s *Service) SiteByName(ctx context.Context, name string) (Site, error) {
	ss, err := s.Store.Sites(ctx)
	if err != nil {
		return Site{}, err
	}
	for _, st := range ss {
		if strings.EqualFold(st.Name, strings.TrimSpace(name)) {
			return st, nil
		}
	}
	return Site{}, geo.Errorf(geo.ENOTFOUND, "keine Liegenschaft %q", name)
}

// SetSiteState records a change of the named site's connection state,
// effective d.On (today if zero): not before its last change, not in the
// future. The same state again is refused.
func (s *Service) SetSiteState(ctx context.Context, name string, to SiteState, d Decision) (Site, error) {
	site, err := s.SiteByName(ctx, name)
	if err != nil {
		return Site{}, err
	}
	on := d.On
	if on.IsZero() {
		on = s.today()
	}
	cur, since := site.State()
	if cur == to && len(site.Changes) > 0 {
		return Site{}, geo.Errorf(geo.EINVALID, "Liegenschaft %s ist schon seit %s %s", site.Name, GermanDate(since), to.German())
	}
	ch := SiteChange{SiteID: site.ID, State: to, Effective: Day(on), Reason: d.Reason, EnteredBy: d.By}
	if err := checkSiteChange(site.Name, ch, since, s.today()); err != nil {
		return Site{}, err
	}
	if err := s.Store.AddSiteChange(ctx, ch); err != nil {
		return Site{}, err
	}
	site.Changes = append(site.Changes, ch)
	return site, nil
}

// StateOn is the site's state on day (the zero day: today's, as State)
// and since when. ok is false when the site was not yet on record that
// day: its first change takes effect later, or (without any change) it
// was entered later.
func (s Site) StateOn(day time.Time) (state SiteState, since time.Time, ok bool) {
	if day.IsZero() {
		state, since = s.State()
		return state, since, true
	}
	day = Day(day)
	if len(s.Changes) == 0 {
		if !s.CreatedAt.IsZero() && Day(s.CreatedAt.In(Location)).After(day) {
			return "", time.Time{}, false
		}
		return SitePlanned, time.Time{}, true
	}
	for i := len(s.Changes) - 1; i >= 0; i-- {
		if ch := s.Changes[i]; !ch.Effective.After(day) {
			return ch.State, ch.Effective, true
		}
	}
	return "", time.Time{}, false
}

// SiteView is a site as the lists show it.
type SiteView struct {
	Site
	State    SiteState
	Since    time.Time
	Address  string // "Schulstraße 4" ("" without an address)
	Campaign string // the serving campaign's name ("" for none)
	Project  string // the serving funding project's name ("" for none)
	// ContractOn is the day the site's facility contract in that campaign
	// was signed (zero: none).
	ContractOn time.Time
}

// SiteViews returns every site with its state, address and campaign, and
// whether its facility contract in the campaign is signed, ordered by
// name: the one list the CLI, the office page and the council workbook
// show.
func (s *Service) SiteViews(ctx context.Context) ([]SiteView, error) {
	return s.SiteViewsOn(ctx, time.Time{})
}

// SiteViewsOn is SiteViews as of day (the zero day: today): each site's
// state on that day (Site.StateOn), without the sites not yet on record
// then, and a facility contract only if it was signed by then. A council
// workbook for a past meeting shows the network as it stood.
func (s *Service) SiteViewsOn(ctx context.Context, day time.Time) ([]SiteView, error) {
	ss, err := s.Store.Sites(ctx)
	if err != nil {
		return nil, err
	}
	camps := map[int64]*Campaign{}
	contracts := map[int64]map[int64]time.Time{}
	out := make([]SiteView, 0, len(ss))
	for _, st := range ss {
		v := SiteView{Site: st}
		var known bool
		if v.State, v.Since, known = st.StateOn(day); !known {
			continue
		}
		if st.AddressID != 0 {
			a, err := s.Geo.Address(ctx, st.AddressID)
			if err != nil {
				return nil, err
			}
			v.Address = strings.TrimSpace(a.Street + " " + a.HouseNumber + a.Suffix)
		}
		if st.ProjectID != 0 && s.Funding != nil {
			p, err := s.Funding.FundingProject(ctx, st.ProjectID)
			switch {
			case err == nil:
				v.Project = p.Name
			case geo.ErrorCode(err) == geo.ENOTFOUND:
				v.Project = "#" + strconv.FormatInt(st.ProjectID, 10) + " (nicht gefunden)"
			default:
				return nil, err
			}
		}
		if st.CampaignID != 0 {
			c, ok := camps[st.CampaignID]
			if !ok {
				if c, err = s.Store.Campaign(ctx, st.CampaignID); err != nil {
					return nil, err
				}
				camps[st.CampaignID] = c
				fcs, err := s.Store.FacilityContracts(ctx, c.ID)
				if err != nil {
					return nil, err
				}
				m := map[int64]time.Time{}
				for _, f := range fcs {
					if day.IsZero() || !f.SignedOn.After(Day(day)) {
						m[f.AddressID] = f.SignedOn
					}
				}
				contracts[c.ID] = m
			}
			v.Campaign = c.Name
			if st.AddressID != 0 {
				v.ContractOn = contracts[c.ID][st.AddressID]
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// SiteCounts counts the sites per state, in the order of SiteStates.
func SiteCounts(vs []SiteView) map[SiteState]int {
	out := map[SiteState]int{}
	for _, v := range vs {
		out[v.State]++
	}
	return out
}
