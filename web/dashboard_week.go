package web

import (
	"time"

	"gigaplan/campaigns"
)

// areaWeek is one Ortsteil (area) of a dashboard card: its quota, status,
// last count and whether the count of this week is missing.
type areaWeek struct {
	Name      string
	Quota     string // "31,9 %"
	Threshold string
	Status    string
	LastEntry time.Time
	Missing   bool // "Zahlen dieser Woche fehlen"
}

// areaWeeks lists a campaign's areas for its dashboard card, and names
// those whose count of today's week is missing (campaigns.WeekFiguresMissing).
func areaWeeks(camp *campaigns.Campaign, areas []campaigns.AreaFigures, today time.Time) (rows []areaWeek, missing []string) {
	for _, a := range areas {
		w := areaWeek{Name: a.AreaName, Quota: campaigns.Percent(a.Quota), Threshold: campaigns.Percent(a.Threshold),
			Status: a.Status.German(), LastEntry: a.LastEntry, Missing: campaigns.WeekFiguresMissing(a, camp.Start, today)}
		if w.Missing {
			missing = append(missing, a.AreaName)
		}
		rows = append(rows, w)
	}
	return rows, missing
}
