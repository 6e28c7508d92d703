package sqlite_test

import (
	"testing"

	"gigaplan/data/storetest"
)

func TestFundingStore(t *testing.T) {
	storetest.RunFunding(t, func(t *testing.T) storetest.FundingStore { return MustOpen(t) })
}
