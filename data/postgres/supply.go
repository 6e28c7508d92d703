package postgres

import (
	"time"

	"gigaplan/geo"
)

// The surveys and their supply are the shared code's (sqlstore.SupplyStore).
var _ geo.SupplyStore = (*Store)(nil)

// utcDate returns midnight UTC of t's calendar day (in t's location): what
// a date column stores of t, and how data/sqlite reads a date back
// (time.Parse(time.DateOnly, …)).
func utcDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
