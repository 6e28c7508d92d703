package campaigns

import (
	"time"
	_ "time/tzdata" // Europe/Berlin also where the system has no zone files
)

// DefaultZone is the office's time zone: the calendar day of "today",
// deadlines and the future-date checks are Berlin's.
const DefaultZone = "Europe/Berlin"

// Location is the zone Today reads the calendar day in; cmd/gigaplan sets
// it from --tz or GIGAPLAN_TZ.
var Location = mustZone(DefaultZone)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Today is the calendar day of now in Location (as UTC midnight, like
// every day in this package): a count entered at 00:40 in Berlin is for
// that Berlin day, not for the UTC day before.
func Today(now time.Time) time.Time { return Day(now.In(Location)) }
