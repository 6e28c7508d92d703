package sqlite

import (
	"context"
	"testing"

	"gigaplan/data/storetest"
)

// TestUpgradeSurveys opens a database in the schema before the surveys
// (migrations 0001–0016) holding supply rows, and checks that Open keeps
// them in one survey (0017).
func TestUpgradeSurveys(t *testing.T) {
	path, db := schemaBefore(t, "0017")
	for _, st := range storetest.UpgradeSupplyStatements {
		if _, err := db.Exec(st); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckUpgradeSupply(t, s)
}
