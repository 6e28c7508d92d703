package campaigns

import (
	"context"
	"time"

	"gigaplan/geo"
)

// Store persists campaigns, their sign-up log and outreach events.
//
// Implementations: data/sqlite and data/postgres.
type Store interface {
	BuildStore
	SiteStore

	// CreateCampaign stores c with its areas (their status set to
	// c.Areas[i].Status, planned if empty) and returns its ID. ECONFLICT if
	// a campaign of that name exists; ENOTFOUND if an area does not.
	// c.CreatedAt is kept if set (a copied store), else it is now.
	CreateCampaign(ctx context.Context, c *Campaign) (int64, error)

	// Campaign returns a campaign with its areas and extensions. ENOTFOUND
	// if there is none.
	Campaign(ctx context.Context, id int64) (*Campaign, error)

	// CampaignByName returns the campaign of that name (case-insensitive).
	// ENOTFOUND if there is none.
	CampaignByName(ctx context.Context, name string) (*Campaign, error)

	// Campaigns returns every campaign, ordered by start date and name.
	Campaigns(ctx context.Context) ([]*Campaign, error)

	// UpdateCampaign applies change to the stored campaign inside one
	// transaction, if the stored Version equals version; the campaign's
	// Version is then bumped. ECONFLICT if someone changed it meanwhile.
	// change may return an error (e.g. an illegal transition) to abort.
	UpdateCampaign(ctx context.Context, id int64, version int, change func(*Campaign) error) (*Campaign, error)

	// AddEntry appends a sign-up entry. Inside the write transaction it
	// calls check with the campaign and the latest effective entry of the
	// area on or before the entry's date (nil if none), and refuses the
	// entry if check fails. If basedOn > 0 and the area's latest entry ID
	// is not basedOn, the entry is refused with ECONFLICT: someone else
	// entered a count meanwhile. basedOn < 0 skips that check.
	AddEntry(ctx context.Context, e Entry, basedOn int64, check func(c *Campaign, prev *Entry) error) (Entry, error)

	// AddEntries appends several entries in one transaction, all or none,
	// each checked in order as by AddEntry (without the basedOn check);
	// check gets the entry's index in es, and the earlier entries of es
	// count as previous entries. The first failing check's error is
	// returned unchanged.
	AddEntries(ctx context.Context, es []Entry, check func(i int, c *Campaign, e Entry, prev *Entry) error) error

	// Entries returns the whole log of a campaign (areaID 0: all areas),
	// ordered by ID.
	Entries(ctx context.Context, campaignID, areaID int64) ([]Entry, error)

	// AddOutreach stores an outreach event and returns its ID.
	AddOutreach(ctx context.Context, o Outreach) (int64, error)

	// Outreach returns a campaign's outreach events ordered by date.
	Outreach(ctx context.Context, campaignID int64) ([]Outreach, error)

	// SetFacilityContract records (signed=true) or removes a signed
	// contract of a municipal facility (an address of type public) for a
	// campaign. EINVALID if the address is not of type public.
	SetFacilityContract(ctx context.Context, campaignID, addressID int64, signed bool, on time.Time) error

	// FacilityContracts returns the signed contracts of municipal
	// facilities in a campaign, ordered by address ID (e.g. to copy a
	// store). ENOTFOUND if there is no such campaign.
	FacilityContracts(ctx context.Context, campaignID int64) ([]FacilityContract, error)

	// Denominators returns, for an area, the households, businesses and
	// addresses (buildings) assigned to it, limited to those also assigned
	// to buildAreaID when it is not 0, and the number of municipal
	// facilities with a signed contract in the campaign among them.
	Denominators(ctx context.Context, campaignID, areaID, buildAreaID int64) (Denominators, error)

	// AddressesOutside returns the addresses assigned to area a but not to
	// area b (for a district against a build area and back).
	AddressesOutside(ctx context.Context, a, b int64) ([]geo.Address, error)

	// CampaignsOfAddress returns the campaigns one of whose areas covers the
	// address (and, where a build area is set, whose build area covers it
	// too), each with the covering area's ID.
	CampaignsOfAddress(ctx context.Context, addressID int64) ([]AddressCampaign, error)
}

// FacilityContract is a municipal facility's signed contract in a
// campaign.
type FacilityContract struct {
	AddressID int64
	SignedOn  time.Time // a date (UTC midnight)
}

// Denominators are the totals of a campaign area.
type Denominators struct {
	Households int
	Businesses int
	Buildings  int
	// Facilities is the number of municipal facilities in the area with a
	// signed contract in the campaign.
	Facilities int
}

// Of returns the denominator for what a campaign counts.
func (d Denominators) Of(c Counting) int {
	switch c {
	case CountBusinesses:
		return d.Businesses
	case CountBuildings:
		return d.Buildings
	}
	return d.Households
}

// AddressCampaign is a campaign covering an address through one of its
// areas.
type AddressCampaign struct {
	Campaign *Campaign
	AreaID   int64
}
