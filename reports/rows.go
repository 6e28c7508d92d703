package reports

import (
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// AddressRow is one address with everything the funding workbook and the
// address exports show: the official address, its areas, the market
// survey's supply data, its coverage state and its eligibility.
type AddressRow struct {
	ID  int64
	Key string // address key (HK-DE: AGS|street key|number|suffix)
	// AGS is that of the municipality the overlay placed the address in,
	// else the file's; Municipality is its name ("" outside all).
	AGS          string
	Municipality string
	Street       string
	HouseNumber  string
	Suffix       string
	Postcode     string
	City         string
	District     string   // Ortsteil ("" outside every district)
	Zones        []string // Gewerbegebiete
	BuildAreas   []string
	East, North  float64 // EPSG:25832
	Lon, Lat     float64 // WGS84
	Households   int
	Businesses   int
	Type         geo.AddressType
	Placeholder  bool

	// Supply from the market survey; HasSupply is false when no operator
	// reported the address.
	HasSupply       bool
	Download        float64 // Mbit/s
	Upload          float64 // Mbit/s
	Technology      string  // e.g. FTTH, FTTB, DOCSIS 3.1, VDSL2
	Operator        string
	PlannedOperator string
	PlannedDate     time.Time // zero: nothing planned

	Coverage     campaigns.CoverageState
	CoverageText string // plain German, as the citizen page shows it

	Eligible bool
	Reason   string // why (not) eligible, in German
	RuleSet  string // name of the rule set applied
	// SupplyClass is campaigns.SupplyClassOf under the rule set applied
	// (white, grey, dark grey, served, gigabit); 0 without a rule set.
	SupplyClass campaigns.SupplyClass
}
