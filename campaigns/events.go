package campaigns

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
)

// EventKind is what a campaign event decides.
type EventKind string

// Event kinds: each changes one field of a campaign or of one of its areas.
const (
	EventStatus      EventKind = "status"      // an area's status (AreaID set)
	EventDeadline    EventKind = "deadline"    // the campaign's deadline: an extension
	EventThreshold   EventKind = "threshold"   // the campaign's quota threshold
	EventDenominator EventKind = "denominator" // an area's provider denominator (0: none)
	// EventOverlay records an area's overlay denominator: when the area
	// starts, and when someone records it anew after an import changed it.
	// The campaign counts with the recorded figure, not today's overlay.
	EventOverlay EventKind = "overlay"
)

// EventKinds lists every kind.
var EventKinds = []EventKind{EventStatus, EventDeadline, EventThreshold, EventDenominator, EventOverlay}

// Event is a dated decision about a campaign: appended to its record,
// never changed. The campaign as it stood on a day is the result of the
// events effective on or before that day (Campaign.AsOf). A mistaken event
// is corrected by a later one that names it in Corrects: the corrected
// event then counts no more, the correction counts from its own effective
// date, and the record shows both.
type Event struct {
	ID         int64
	CampaignID int64
	AreaID     int64 // the area of a status or denominator event; 0 for the campaign's
	Kind       EventKind
	// Effective is the day the decision takes effect (UTC midnight).
	Effective time.Time
	// From and To are the values before and after, as text: a status
	// name, a date (2006-01-02), a threshold (0.33) or a count.
	From, To string
	// Override marks a status decision against the figures (reached below
	// the threshold, missed at or above it), taken on purpose; Reason says
	// why.
	Override  bool
	Corrects  int64 // the ID of the event this one corrects (0: none)
	Reason    string
	EnteredBy string
	EnteredAt time.Time
}

// Decision is who decides a change, when it takes effect and why.
type Decision struct {
	On       time.Time // effective date; zero: today
	By       string
	Reason   string
	Override bool // decide against the figures (needs a reason)
}

// formatThreshold and the other value encoders give an event's From and
// To.
func formatThreshold(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func formatDate(t time.Time) string { return Day(t).Format(time.DateOnly) }

// ToDate reads a deadline event's To (the zero time if it is none).
func (e Event) ToDate() time.Time { return parseDay(e.To) }

// FromDate reads a deadline event's From.
func (e Event) FromDate() time.Time { return parseDay(e.From) }

func parseDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ToStatus reads a status event's To.
func (e Event) ToStatus() Status { return Status(e.To) }

// FromStatus reads a status event's From.
func (e Event) FromStatus() Status { return Status(e.From) }

// ToInt reads a denominator event's To.
func (e Event) ToInt() int { n, _ := strconv.Atoi(e.To); return n }

// FromInt reads a count event's From.
func (e Event) FromInt() int { n, _ := strconv.Atoi(e.From); return n }

// ToFloat reads a threshold event's To.
func (e Event) ToFloat() float64 { v, _ := strconv.ParseFloat(e.To, 64); return v }

// ValidateEvent checks an event's fields before it is stored.
func ValidateEvent(e Event) error {
	where := fmt.Sprintf("Entscheidung %s", e.Kind)
	if e.Effective.IsZero() {
		return geo.Errorf(geo.EINVALID, "%s: das Datum, ab dem sie gilt, fehlt", where)
	}
	switch e.Kind {
	case EventStatus:
		for _, v := range []string{e.From, e.To} {
			if _, err := ParseStatus(v); err != nil {
				return geo.Errorf(geo.EINVALID, "%s: %s", where, geo.ErrorMessage(err))
			}
		}
		if e.AreaID == 0 {
			return geo.Errorf(geo.EINVALID, "%s: das Gebiet fehlt", where)
		}
	case EventDeadline:
		if parseDay(e.To).IsZero() || parseDay(e.From).IsZero() {
			return geo.Errorf(geo.EINVALID, "%s: %q → %q sind keine zwei Daten", where, e.From, e.To)
		}
	case EventThreshold:
		for _, v := range []string{e.From, e.To} {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 {
				return geo.Errorf(geo.EINVALID, "%s: die Schwelle %q muss zwischen 0 und 1 liegen", where, v)
			}
		}
	case EventDenominator, EventOverlay:
		for _, v := range []string{e.From, e.To} {
			if n, err := strconv.Atoi(v); err != nil || n < 0 {
				return geo.Errorf(geo.EINVALID, "%s: der Nenner %q ist keine Anzahl", where, v)
			}
		}
		if e.AreaID == 0 {
			return geo.Errorf(geo.EINVALID, "%s: das Gebiet fehlt", where)
		}
	default:
		return geo.Errorf(geo.EINVALID, "unbekannte Art der Entscheidung %q", e.Kind)
	}
	if e.Override && strings.TrimSpace(e.Reason) == "" {
		return geo.Errorf(geo.EINVALID, "%s: eine Übersteuerung braucht eine Begründung", where)
	}
	return nil
}

// effectiveEvents returns the events that count (not corrected by
// another), in the order they take effect: by effective date, then as
// entered.
func effectiveEvents(events []Event) []Event {
	corrected := map[int64]bool{}
	for _, e := range events {
		if e.Corrects != 0 {
			corrected[e.Corrects] = true
		}
	}
	out := make([]Event, 0, len(events))
	for i, e := range events {
		if e.ID != 0 && corrected[e.ID] {
			continue
		}
		if e.ID == 0 { // not stored yet: after every stored event
			e.ID = int64(1<<62 + i)
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b Event) int {
		if c := a.Effective.Compare(b.Effective); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// AsOf returns a copy of c as it stood at the end of day d: its areas'
// statuses and provider denominators, its extensions and its threshold
// from the events effective on or before d. A field without an event by d
// has the value the first event of that field changed (From); a field
// without any event keeps c's. The zero d means every event.
func (c *Campaign) AsOf(d time.Time) *Campaign {
	out := *c
	out.Areas = slices.Clone(c.Areas)
	out.Extensions = nil
	limited := !d.IsZero()
	d = Day(d)
	area := map[int64]int{}
	for i, a := range out.Areas {
		area[a.AreaID] = i
	}
	// First the values before any event, then every event up to d.
	seen := map[string]bool{}
	evs := effectiveEvents(c.Events)
	for _, e := range evs {
		key := fmt.Sprintf("%s/%d", e.Kind, e.AreaID)
		if seen[key] {
			continue
		}
		seen[key] = true
		out.apply(e, e.From, area, true)
	}
	for _, e := range evs {
		if limited && e.Effective.After(d) {
			break
		}
		out.apply(e, e.To, area, false)
		if e.Kind == EventDeadline {
			out.Extensions = append(out.Extensions, Extension{Deadline: e.ToDate(), Decided: e.Effective, Reason: e.Reason})
		}
	}
	if len(c.Events) == 0 {
		out.Extensions = c.Extensions
	}
	return &out
}

// apply sets the field e changes to v; first says v is the value before
// the field's first event.
func (c *Campaign) apply(e Event, v string, area map[int64]int, first bool) {
	switch e.Kind {
	case EventThreshold:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			c.Threshold = f
		}
	case EventStatus:
		if i, ok := area[e.AreaID]; ok {
			c.Areas[i].Status = Status(v)
		}
	case EventDenominator:
		if i, ok := area[e.AreaID]; ok {
			c.Areas[i].ProviderDenominator, _ = strconv.Atoi(v)
		}
	case EventOverlay:
		if i, ok := area[e.AreaID]; ok {
			// Before the first recording (From of the first event) the
			// area had none.
			n, _ := strconv.Atoi(v)
			c.Areas[i].RecordedOverlay, c.Areas[i].OverlayRecorded = n, !first
		}
	}
}

// record appends e to c's events and brings c's current fields (every
// event applied) up to date.
func (c *Campaign) record(e Event) {
	e.CampaignID = c.ID
	c.Events = append(c.Events, e)
	cur := c.AsOf(time.Time{})
	c.Threshold, c.Areas, c.Extensions = cur.Threshold, cur.Areas, cur.Extensions
}

// LastEvent returns the latest event (by effective date, then as entered)
// of kind for the area (0: the campaign) effective on or before day d (the
// zero d: any), and whether there is one.
func (c *Campaign) LastEvent(kind EventKind, areaID int64, d time.Time) (Event, bool) {
	evs := effectiveEvents(c.Events)
	for i := len(evs) - 1; i >= 0; i-- {
		if !d.IsZero() && evs[i].Effective.After(Day(d)) {
			continue
		}
		if evs[i].Kind == kind && evs[i].AreaID == areaID {
			return evs[i], true
		}
	}
	return Event{}, false
}

// EventsSince returns the events that took effect on or after d, or that
// were entered on or after d (on Berlin's calendar, as Today), in the
// order they were entered.
func (c *Campaign) EventsSince(d time.Time) []Event {
	d = Day(d)
	var out []Event
	for _, e := range c.Events {
		if !e.Effective.Before(d) || !Today(e.EnteredAt).Before(d) {
			out = append(out, e)
		}
	}
	return out
}

// German describes the event's change as the office pages and the CLI
// show it: "Status: läuft → Quote erreicht (Übersteuerung)".
func (e Event) German() string {
	var s string
	switch e.Kind {
	case EventStatus:
		s = fmt.Sprintf("Status: %s → %s", e.FromStatus().German(), e.ToStatus().German())
	case EventDeadline:
		s = fmt.Sprintf("Frist: %s → %s", GermanDate(e.FromDate()), GermanDate(e.ToDate()))
	case EventThreshold:
		from, _ := strconv.ParseFloat(e.From, 64)
		s = fmt.Sprintf("Schwelle: %s → %s", Percent(from), Percent(e.ToFloat()))
	case EventDenominator:
		from, _ := strconv.Atoi(e.From)
		s = fmt.Sprintf("Nenner des Anbieters: %s → %s", Thousands(int64(from)), Thousands(int64(e.ToInt())))
	case EventOverlay:
		s = fmt.Sprintf("Nenner der Verschneidung festgehalten: %s", Thousands(int64(e.ToInt())))
		if e.From != "0" && e.From != e.To {
			s += fmt.Sprintf(" (bisher %s)", Thousands(int64(e.FromInt())))
		}
	default:
		s = fmt.Sprintf("%s: %s → %s", e.Kind, e.From, e.To)
	}
	if e.Override {
		s += " (Übersteuerung)"
	}
	if e.Corrects != 0 {
		s += fmt.Sprintf(" (korrigiert Eintrag %d)", e.Corrects)
	}
	return s
}
