package postgres

// SetBulkFrom sets the sizes from which ImportAddresses rebuilds the
// indexes of addresses and ReplaceAssignments adds the foreign keys of
// assignments again, and returns how to set them back.
func SetBulkFrom(addresses int64, assignments int) (undo func()) {
	a, b := rebuildIndexesFrom, bulkAssignments
	rebuildIndexesFrom, bulkAssignments = addresses, assignments
	return func() { rebuildIndexesFrom, bulkAssignments = a, b }
}
