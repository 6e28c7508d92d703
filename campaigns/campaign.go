package campaigns

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
)

// Counting says what a campaign counts: the quota's denominator.
type Counting string

// What a campaign counts.
const (
	CountHouseholds Counting = "households" // Wohneinheiten (the usual)
	CountBusinesses Counting = "businesses" // companies, for commercial zones
	CountBuildings  Counting = "buildings"  // addresses
)

// ParseCounting validates a counting name.
func ParseCounting(s string) (Counting, error) {
	switch c := Counting(s); c {
	case CountHouseholds, CountBusinesses, CountBuildings:
		return c, nil
	case "":
		return CountHouseholds, nil
	}
	return "", geo.Errorf(geo.EINVALID, "unbekannte Zählart %q (möglich: households – Haushalte, businesses – Unternehmen, buildings – Gebäude)", s)
}

// Status is the state of a campaign area (and, derived, of a campaign).
type Status string

// Statuses, in the order a campaign area usually passes through them.
const (
	StatusPlanned      Status = "planned"
	StatusRunning      Status = "running"
	StatusExtended     Status = "extended"
	StatusReached      Status = "reached"
	StatusMissed       Status = "missed" // "geparkt": the quota was not reached
	StatusCommitted    Status = "committed"
	StatusConstruction Status = "construction"
	StatusLive         Status = "live"
	StatusCancelled    Status = "cancelled"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusPlanned, StatusRunning, StatusExtended, StatusReached, StatusMissed,
	StatusCommitted, StatusConstruction, StatusLive, StatusCancelled}

// transitions are the legal status changes of a campaign area:
//
//	planned      → running, cancelled
//	running      → extended, reached, missed, cancelled
//	extended     → extended (again), reached, missed, cancelled
//	reached      → committed, missed (no build commitment after all), cancelled
//	missed       → committed (the provider builds anyway), cancelled
//	committed    → construction, cancelled
//	construction → live
//	live, cancelled: final
//
// A second attempt after a missed campaign is a new campaign.
var transitions = map[Status][]Status{
	StatusPlanned:      {StatusRunning, StatusCancelled},
	StatusRunning:      {StatusExtended, StatusReached, StatusMissed, StatusCancelled},
	StatusExtended:     {StatusExtended, StatusReached, StatusMissed, StatusCancelled},
	StatusReached:      {StatusCommitted, StatusMissed, StatusCancelled},
	StatusMissed:       {StatusCommitted, StatusCancelled},
	StatusCommitted:    {StatusConstruction, StatusCancelled},
	StatusConstruction: {StatusLive},
}

// ParseStatus validates a status name.
func ParseStatus(s string) (Status, error) {
	if slices.Contains(Statuses, Status(s)) {
		return Status(s), nil
	}
	return "", geo.Errorf(geo.EINVALID, "unbekannter Status %q (möglich: %s)", s, joinStatuses(Statuses))
}

// CanTransition reports whether from → to is a legal change.
func CanTransition(from, to Status) bool {
	return slices.Contains(transitions[from], to)
}

// CheckTransition returns an EINVALID error explaining why from → to is
// not allowed, or nil.
func CheckTransition(from, to Status) error {
	if CanTransition(from, to) {
		return nil
	}
	next := transitions[from]
	if len(next) == 0 {
		return geo.Errorf(geo.EINVALID, "der Status „%s“ ist endgültig und kann nicht mehr zu „%s“ wechseln", from.German(), to.German())
	}
	return geo.Errorf(geo.EINVALID, "der Status kann nicht von „%s“ zu „%s“ wechseln (möglich: %s)", from.German(), to.German(), joinStatuses(next))
}

func joinStatuses(ss []Status) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.German() + " (" + string(s) + ")"
	}
	return strings.Join(parts, ", ")
}

// Active reports whether sign-ups are being collected.
func (s Status) Active() bool { return s == StatusRunning || s == StatusExtended }

// German returns the status as the UI and reports show it.
func (s Status) German() string {
	switch s {
	case StatusPlanned:
		return "geplant"
	case StatusRunning:
		return "läuft"
	case StatusExtended:
		return "verlängert"
	case StatusReached:
		return "Quote erreicht"
	case StatusMissed:
		return "nicht erreicht (geparkt)"
	case StatusCommitted:
		return "Ausbau zugesagt"
	case StatusConstruction:
		return "im Bau"
	case StatusLive:
		return "in Betrieb"
	case StatusCancelled:
		return "abgebrochen"
	}
	return string(s)
}

// Overall derives a campaign's status from its areas': the status shared by
// all areas; else extended if any area is extended, running if any is
// running, planned if any is planned; else the furthest status along the
// lifecycle that any area reached (live, construction, committed, reached,
// missed, cancelled in that order).
func Overall(areas []Status) Status {
	if len(areas) == 0 {
		return StatusPlanned
	}
	same := true
	for _, s := range areas[1:] {
		same = same && s == areas[0]
	}
	if same {
		return areas[0]
	}
	for _, s := range []Status{StatusExtended, StatusRunning, StatusPlanned, StatusLive, StatusConstruction,
		StatusCommitted, StatusReached, StatusMissed, StatusCancelled} {
		if slices.Contains(areas, s) {
			return s
		}
	}
	return areas[0]
}

// OverallText is the status of a campaign of areas in these statuses as
// the lists show it: the one status they share, else how many areas are
// in which ("3 × Quote erreicht, 5 × nicht erreicht (geparkt)"), so that
// a campaign whose areas mostly missed never reads "Quote erreicht".
func OverallText(areas []Status) string {
	n := map[Status]int{}
	for _, s := range areas {
		n[s]++
	}
	if len(n) <= 1 {
		return Overall(areas).German()
	}
	var parts []string
	for _, s := range Statuses {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d × %s", n[s], s.German()))
		}
	}
	return strings.Join(parts, ", ")
}

// Campaign is a provider's pre-marketing campaign.
type Campaign struct {
	ID        int64
	Provider  string
	Name      string
	Counting  Counting
	Threshold float64 // e.g. 0.33; 0 means the provider builds with no quota
	// CountFacilities says whether municipal facilities' contracts count
	// toward the quota.
	CountFacilities bool
	// SignupURL is the provider's sign-up page for the campaign (http or
	// https, "" for none): the citizens' answer links it.
	SignupURL string
	Start     time.Time
	Deadline  time.Time // the original deadline
	// Extensions are the deadline events as extensions, in the order
	// they take effect.
	Extensions []Extension
	Areas      []CampaignArea
	// Events is the campaign's dated record of decisions (statuses,
	// deadlines, threshold, provider denominators), as entered. Threshold,
	// Extensions and the areas' Status and ProviderDenominator hold the
	// result of every event; AsOf gives them for a past day.
	Events    []Event
	Version   int // optimistic locking: bumped on every change
	CreatedAt time.Time
}

// AreaByName returns the campaign's area of that name (case-insensitive).
func (c *Campaign) AreaByName(name string) (CampaignArea, bool) {
	a, err := areaOf(c, name)
	if err != nil {
		return CampaignArea{}, false
	}
	return *a, true
}

// CurrentDeadline is the last extension's deadline, or the original one.
func (c *Campaign) CurrentDeadline() time.Time {
	d := c.Deadline
	for _, e := range c.Extensions {
		if e.Deadline.After(d) {
			d = e.Deadline
		}
	}
	return d
}

// Extension moves a campaign's deadline.
type Extension struct {
	Deadline time.Time // the new deadline
	Decided  time.Time // date decided
	Reason   string
}

// CampaignArea is one area of a campaign, judged on its own.
type CampaignArea struct {
	AreaID   int64
	AreaName string
	AreaKind geo.AreaKind
	// BuildAreaID limits the denominator to the part of the area inside a
	// provider build area (0: the whole area).
	BuildAreaID int64
	Status      Status
	// ProviderDenominator is the provider's own figure of homes in the
	// area, when entered (0: none).
	ProviderDenominator int
	// RecordedOverlay is the overlay denominator recorded for the area
	// (EventOverlay), when OverlayRecorded: the campaign counts with it
	// while later imports change the overlay.
	RecordedOverlay int
	OverlayRecorded bool
}

// DefaultThreshold is the usual quota.
const DefaultThreshold = 0.33

// Validate checks a new campaign's fields.
func (c *Campaign) Validate() error {
	switch {
	case strings.TrimSpace(c.Provider) == "":
		return geo.Errorf(geo.EINVALID, "Kampagne: der Anbieter fehlt")
	case strings.TrimSpace(c.Name) == "":
		return geo.Errorf(geo.EINVALID, "Kampagne: der Name fehlt")
	case c.Threshold < 0 || c.Threshold > 1:
		return geo.Errorf(geo.EINVALID, "Kampagne %s: die Schwelle %v muss zwischen 0 und 1 liegen (z. B. 0.33 für 33 %%)", c.Name, c.Threshold)
	case c.Start.IsZero():
		return geo.Errorf(geo.EINVALID, "Kampagne %s: der Beginn fehlt", c.Name)
	case c.Deadline.IsZero():
		return geo.Errorf(geo.EINVALID, "Kampagne %s: die Frist fehlt", c.Name)
	case !c.Deadline.After(c.Start):
		return geo.Errorf(geo.EINVALID, "Kampagne %s: die Frist %s liegt nicht nach dem Beginn %s", c.Name,
			GermanDate(c.Deadline), GermanDate(c.Start))
	case len(c.Areas) == 0:
		return geo.Errorf(geo.EINVALID, "Kampagne %s: kein Gebiet angegeben", c.Name)
	}
	if err := geo.CheckName("Der Name der Kampagne", c.Name); err != nil {
		return err
	}
	if err := geo.CheckName("Der Anbieter", c.Provider); err != nil {
		return err
	}
	if _, err := ParseCounting(string(c.Counting)); err != nil {
		return err
	}
	if err := CheckSignupURL(c.SignupURL); err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, a := range c.Areas {
		if seen[a.AreaID] {
			return geo.Errorf(geo.EINVALID, "Kampagne %s: das Gebiet %s steht zweimal in der Liste", c.Name, a.AreaName)
		}
		seen[a.AreaID] = true
		if a.ProviderDenominator < 0 {
			return geo.Errorf(geo.EINVALID, "Kampagne %s, Gebiet %s: der Nenner des Anbieters ist negativ", c.Name, a.AreaName)
		}
	}
	return nil
}

// Source says where a sign-up count comes from.
type Source string

// Sources of sign-up counts.
const (
	SourceProvider Source = "provider" // provider report
	SourceManual   Source = "manual"   // entered from another source
	SourceEstimate Source = "estimate"
)

// ParseSource validates a source name ("" means provider).
func ParseSource(s string) (Source, error) {
	switch src := Source(s); src {
	case SourceProvider, SourceManual, SourceEstimate:
		return src, nil
	case "":
		return SourceProvider, nil
	}
	return "", geo.Errorf(geo.EINVALID, "unbekannte Quelle %q (möglich: provider – Meldung des Anbieters, manual – andere Quelle, estimate – Schätzung)", s)
}

// Entry is one sign-up count: cumulative signed contracts in one campaign
// area as of a date. Entries are appended, never changed: a correction is a
// new entry for the same date that supersedes the earlier one.
type Entry struct {
	ID         int64
	CampaignID int64
	AreaID     int64
	AsOf       time.Time
	Count      int
	Source     Source
	EnteredBy  string
	EnteredAt  time.Time
	Comment    string
}

// CheckEntryDate checks the date of a sign-up count: not before the
// campaign's start, not after today. The office form shows its message at
// the date field, CheckEntry at the row.
func CheckEntryDate(c *Campaign, asOf, today time.Time) error {
	switch {
	case asOf.Before(Day(c.Start)):
		return geo.Errorf(geo.EINVALID, "das Datum %s liegt vor dem Beginn der Kampagne (%s)", GermanDate(asOf), GermanDate(c.Start))
	case asOf.After(Day(today)):
		return geo.Errorf(geo.EINVALID, "das Datum %s liegt in der Zukunft", GermanDate(asOf))
	}
	return nil
}

// CheckEntryDate is campaigns.CheckEntryDate as of the service's today.
func (s *Service) CheckEntryDate(c *Campaign, asOf time.Time) error {
	return CheckEntryDate(c, asOf, s.today())
}

// entryWhere is the start of an entry's error message: "Kampagne DG
// Nord, Gebiet Elgershofen". The form and the API strip it where the row
// already names campaign and area.
func entryWhere(campaign, area string) string { return "Kampagne " + campaign + ", Gebiet " + area }

// CheckEntry validates a new entry against its campaign area: the rules
// are that the count is not negative and not above the denominator; the
// date lies between the campaign's start and today; a count lower than the
// latest one before or at its date needs a comment (cancellations happen).
// prev is that latest effective count (nil if none).
func CheckEntry(e Entry, c *Campaign, denominator int, prev *Entry, today time.Time) error {
	where := entryWhere(c.Name, strconv.FormatInt(e.AreaID, 10))
	dateErr := CheckEntryDate(c, e.AsOf, today)
	switch {
	case e.Count < 0:
		return geo.Errorf(geo.EINVALID, "%s: die Zahl %d ist negativ", where, e.Count)
	case denominator > 0 && e.Count > denominator:
		return geo.Errorf(geo.EINVALID, "%s: die Zahl %s ist größer als die Zahl der %s im Gebiet (%s)", where, Thousands(int64(e.Count)), c.Counting.German(), Thousands(int64(denominator)))
	case dateErr != nil:
		return geo.Errorf(geo.EINVALID, "%s: %s", where, geo.ErrorMessage(dateErr))
	case prev != nil && e.Count < prev.Count && strings.TrimSpace(e.Comment) == "":
		return geo.Errorf(geo.EINVALID, "%s: die Zahl %s ist kleiner als %s am %s – bitte im Kommentar begründen (z. B. Stornierungen)",
			where, Thousands(int64(e.Count)), Thousands(int64(prev.Count)), GermanDate(prev.AsOf))
	}
	if _, err := ParseSource(string(e.Source)); err != nil {
		return err
	}
	return nil
}

// Effective reduces an append-only entry log to one sample per date: for
// each date the entry entered last (highest ID) wins. The result is sorted
// by date.
func Effective(entries []Entry) []Sample {
	byDate := map[time.Time]Entry{}
	for _, e := range entries {
		d := Day(e.AsOf)
		if cur, ok := byDate[d]; !ok || e.ID > cur.ID {
			byDate[d] = e
		}
	}
	out := make([]Sample, 0, len(byDate))
	for d, e := range byDate {
		out = append(out, Sample{Date: d, Count: e.Count})
	}
	SortSamples(out)
	return out
}

// OutreachKind is a kind of outreach event.
type OutreachKind string

// Outreach kinds.
const (
	OutreachLetter      OutreachKind = "letter"      // Anschreiben an Haushalte
	OutreachInfoEvening OutreachKind = "info"        // Infoabend
	OutreachPublication OutreachKind = "publication" // Amtsblatt, Presse, Web
	OutreachOther       OutreachKind = "other"
)

// Outreach is an event of a campaign's marketing, shown with the history.
type Outreach struct {
	ID         int64
	CampaignID int64
	AreaID     int64 // 0: the whole campaign
	Date       time.Time
	Kind       OutreachKind
	Title      string
}

// maxSignupURL is the longest sign-up URL a campaign takes.
const maxSignupURL = 500

// CheckSignupURL checks a campaign's sign-up page: empty, or an http or
// https URL with a host, at most 500 characters. EINVALID with a German
// message otherwise.
func CheckSignupURL(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > maxSignupURL {
		return geo.Errorf(geo.EINVALID, "Die Adresse der Vertragsseite ist länger als %d Zeichen.", maxSignupURL)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(s, " \t\n") {
		return geo.Errorf(geo.EINVALID, "Die Vertragsseite „%s“ ist keine Web-Adresse (http:// oder https://).", s)
	}
	return nil
}
