package sqlite_test

import (
	"testing"

	"gigaplan/data/storetest"
	"gigaplan/geo"
)

func TestSupplyStore(t *testing.T) {
	storetest.RunSupply(t, func(t *testing.T) interface {
		geo.Store
		geo.SupplyStore
	} {
		return MustOpen(t)
	})
}
