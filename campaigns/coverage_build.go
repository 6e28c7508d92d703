package campaigns

import "strconv"

// buildMessage phrases the states after the commitment for citizens:
// "Glasfaser im Bau, Fertigstellung voraussichtlich 2027" (the year of
// the expected completion reported last; without one "Glasfaser im
// Bau"), "Glasfaser verfügbar seit 01.03.2026" (the day the area went
// live; without one "Glasfaser verfügbar").
func (c Coverage) buildMessage() string {
	switch c.State {
	case CoverageConstruction:
		if c.Completion.IsZero() {
			return "Glasfaser im Bau"
		}
		return "Glasfaser im Bau, Fertigstellung voraussichtlich " + strconv.Itoa(c.Completion.Year())
	case CoverageLive:
		if c.LiveSince.IsZero() {
			return "Glasfaser verfügbar"
		}
		return "Glasfaser verfügbar seit " + GermanDate(c.LiveSince)
	}
	return ""
}
