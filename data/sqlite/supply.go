package sqlite

import "gigaplan/geo"

// ReplaceSupply and SupplyAll are the shared code's (sqlstore.SupplyStore).
var _ geo.SupplyStore = (*Store)(nil)
