package sqlite

// ImportBatchSizes are the rows of one statement and of one batch of an
// address import, for storetest.RunImportBatches.
var ImportBatchSizes = []int{stmtRows, importBatch}
