package sqlite

import "gigaplan/geo"

// ReplaceSupply, SupplyAll and SupplyIn are the shared code's (sqlstore.SupplyStore).
var _ geo.SupplyStore = (*Store)(nil)
