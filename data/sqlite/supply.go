package sqlite

import "gigaplan/geo"

// The surveys and their supply are the shared code's (sqlstore.SupplyStore).
var _ geo.SupplyStore = (*Store)(nil)
