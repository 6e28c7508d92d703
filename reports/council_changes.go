package reports

// The cover's two lists: what changed since the last meeting (from the
// campaigns' dated record and the counts entered) and what is to be
// decided next (deadlines, decisions due, funding candidates).

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"gigaplan/campaigns"
)

// dated is a line of the cover's lists: a day (zero: none) and a sentence.
type dated struct {
	date  time.Time
	text  string
	bold  bool
	order int // the campaign's place in the workbook, for equal days
}

// running reports whether any area of the campaign still collects
// sign-ups or is about to start.
func (cf campaignFigures) running() bool {
	for _, a := range cf.f.Areas {
		if a.Status.Active() || a.Status == campaigns.StatusPlanned {
			return true
		}
	}
	return false
}

// sortCouncil orders the campaigns for the workbook: running ones first,
// the nearest deadline first; then the finished ones, newest (latest
// start) first.
func sortCouncil(cfs []campaignFigures) {
	slices.SortStableFunc(cfs, func(a, b campaignFigures) int {
		ra, rb := a.running(), b.running()
		switch {
		case ra && !rb:
			return -1
		case rb && !ra:
			return 1
		case ra:
			return cmp.Or(a.f.Deadline.Compare(b.f.Deadline), cmp.Compare(a.c.Name, b.c.Name))
		}
		return cmp.Or(b.c.Start.Compare(a.c.Start), cmp.Compare(a.c.Name, b.c.Name))
	})
}

// changes lists what took effect after the last meeting (Since) up to the
// report's day: each decision of the record (status, extension,
// threshold, denominator; the same decision for several areas on one line)
// with its reason and author, and per campaign the counts entered, one
// line each, by date.
func (r *council) changes() []dated {
	var out []dated
	since := r.since.Format("02.01.2006")
	for i, cf := range r.cfs {
		c := cf.c
		names := map[int64]string{}
		for _, a := range c.Areas {
			names[a.AreaID] = a.AreaName
		}
		corrected := map[int64]bool{}
		for _, e := range c.Events {
			if e.Corrects != 0 {
				corrected[e.Corrects] = true
			}
		}
		type group struct {
			e     campaigns.Event
			areas []string
		}
		var groups []*group
		byKey := map[string]*group{}
		for _, e := range c.Events {
			if (e.ID != 0 && corrected[e.ID]) || !e.Effective.After(r.since) || e.Effective.After(r.asOf) {
				continue
			}
			if e.Kind == campaigns.EventOverlay && e.From == "0" {
				continue // recorded when the area started: its start is the status line
			}
			key := fmt.Sprintf("%s|%s|%s|%s|%s|%t|%d|%s", e.Effective.Format(time.DateOnly), e.Kind, e.From, e.To, e.Reason, e.Override,
				e.Corrects, e.EnteredBy)
			g := byKey[key]
			if g == nil {
				g = &group{e: e}
				byKey[key] = g
				groups = append(groups, g)
			}
			if e.AreaID != 0 {
				g.areas = append(g.areas, names[e.AreaID])
			}
		}
		for _, g := range groups {
			e := g.e
			var b strings.Builder
			fmt.Fprintf(&b, "»%s«", c.Name)
			if len(g.areas) > 0 {
				fmt.Fprintf(&b, ", %s", strings.Join(g.areas, ", "))
			}
			fmt.Fprintf(&b, ": %s", e.German())
			if e.Reason != "" {
				fmt.Fprintf(&b, ". Grund: %s", strings.TrimSuffix(e.Reason, "."))
			}
			b.WriteString(".")
			if e.EnteredBy != "" {
				fmt.Fprintf(&b, " Erfasst von %s.", e.EnteredBy)
			}
			out = append(out, dated{date: e.Effective, text: b.String(), bold: e.Kind == campaigns.EventStatus || e.Kind == campaigns.EventDeadline,
				order: i})
		}

		// The counts: one line per campaign with every area counted anew.
		if cf.prev == nil {
			continue
		}
		var parts []string
		var latest time.Time
		for _, a := range cf.f.Areas {
			if !a.LastEntry.After(r.since) {
				continue
			}
			d, _ := cf.change(a, false)
			parts = append(parts, fmt.Sprintf("%s %s (%s)", a.AreaName, thousands(a.Signed), signedText(d)))
			if a.LastEntry.After(latest) {
				latest = a.LastEntry
			}
		}
		if len(parts) > 0 {
			t := cf.f.Total.Signed
			d, _ := cf.change(cf.f.Total, true)
			out = append(out, dated{date: latest, order: i, text: fmt.Sprintf("»%s«: neue Zählungen, Verträge je Gebiet: %s; zusammen %s %s (%s seit %s).",
				c.Name, strings.Join(parts, ", "), thousands(t), contracts(t), signedText(d), since)})
		}
	}
	sortDated(out)
	return out
}

// agenda lists what is to be decided or due next: first the decisions due
// (areas still running past their deadline), then the deadlines and
// starts ahead by date, then the funding candidates (areas parked after
// a missed quota with no new campaign).
func (r *council) agenda() []dated {
	var due, ahead []dated
	// Areas that have another chance or got further in some campaign are
	// no funding candidates.
	later := map[int64]bool{}
	for _, cf := range r.cfs {
		for _, a := range cf.f.Areas {
			if a.Status != campaigns.StatusMissed && a.Status != campaigns.StatusCancelled {
				later[a.AreaID] = true
			}
		}
	}
	var candidates []string
	// Areas of a funding project are listed with their project.
	seen := r.fundingAreas()
	for i, cf := range r.cfs {
		c, f := cf.c, cf.f
		var dueAreas, running, planned []string
		for _, a := range f.Areas {
			switch {
			case a.DecisionDue:
				dueAreas = append(dueAreas, fmt.Sprintf("%s (%s von %s)", a.AreaName, campaigns.Percent(a.Quota), campaigns.Percent(a.Threshold)))
			case a.Status.Active():
				running = append(running, fmt.Sprintf("%s (%s von %s, %s)", a.AreaName, campaigns.Percent(a.Quota),
					campaigns.Percent(a.Threshold), a.Rating.German()))
			case a.Status == campaigns.StatusPlanned:
				planned = append(planned, a.AreaName)
			case a.Status == campaigns.StatusMissed && !later[a.AreaID] && !seen[a.AreaID]:
				seen[a.AreaID] = true
				candidates = append(candidates, fmt.Sprintf("%s (%s %s, Quote %s)", a.AreaName, thousands(a.Denominator),
					c.Counting.German(), campaigns.Percent(a.Quota)))
			}
		}
		if len(dueAreas) > 0 {
			days := campaigns.DaysBetween(f.Deadline, r.asOf)
			due = append(due, dated{date: f.Deadline, bold: true, order: i, text: fmt.Sprintf(
				"Entscheidung fällig: »%s« (%s) – die Frist ist seit %d %s abgelaufen. Zu entscheiden für %s: Quote erreicht, nicht erreicht (geparkt) oder Verlängerung.",
				c.Name, c.Provider, days, plural(days, "Tag", "Tagen"), strings.Join(dueAreas, ", "))})
		}
		if len(running) > 0 {
			ahead = append(ahead, dated{date: f.Deadline, order: i, text: fmt.Sprintf(
				"Frist der Kampagne »%s« (%s), %s: %s. Danach ist je Gebiet zu entscheiden: Quote erreicht, geparkt oder Verlängerung.",
				c.Name, c.Provider, daysText(f.Total.DaysLeft, false), strings.Join(running, "; "))})
		}
		if len(planned) > 0 {
			start := campaigns.Day(c.Start)
			text := fmt.Sprintf("Start der Kampagne »%s« (%s) in %s", c.Name, c.Provider, strings.Join(planned, ", "))
			if start.After(r.asOf) {
				n := campaigns.DaysBetween(r.asOf, start)
				text += fmt.Sprintf(", in %d %s", n, plural(n, "Tag", "Tagen"))
			}
			ahead = append(ahead, dated{date: start, order: i, text: text + "."})
		}
	}
	for i, p := range r.funding {
		ahead = append(ahead, fundingAgenda(p, len(r.cfs)+i))
	}
	sortDated(due)
	sortDated(ahead)
	out := append(due, ahead...)
	if len(candidates) > 0 {
		// A candidate has no cost yet: that comes with its funding project
		// (gigaplan funding add/budget), listed above with cost and share.
		out = append(out, dated{text: "Förderkandidaten (Quote verfehlt, keine neue Kampagne): " + strings.Join(candidates, ", ") +
			". Kosten und Anteil der Gemeinde ergibt der Förderbericht (Förderantrag je Projektgebiet)."})
	}
	return out
}

// sortDated orders lines by day, then by campaign.
func sortDated(ds []dated) {
	slices.SortStableFunc(ds, func(a, b dated) int {
		return cmp.Or(a.date.Compare(b.date), cmp.Compare(a.order, b.order))
	})
}

// signedText writes a change of a count with its sign: "+43", "−7", "±0".
func signedText(n int) string {
	switch {
	case n > 0:
		return "+" + thousands(n)
	case n < 0:
		return "−" + thousands(-n)
	}
	return "±0"
}
