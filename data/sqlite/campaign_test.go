package sqlite_test

import (
	"testing"

	"gigaplan/data/storetest"
)

func TestCampaignStore(t *testing.T) {
	storetest.RunCampaigns(t, func(t *testing.T) storetest.Store { return MustOpen(t) })
}
