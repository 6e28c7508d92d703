package postgres_test

import (
	"context"
	"testing"

	"gigaplan/data/postgres"
	"gigaplan/data/storetest"
)

// TestUpgradeSurveys opens a database in the schema before the surveys
// (migrations 0001–0016) holding supply rows, and checks that Open keeps
// them in one survey (0017).
func TestUpgradeSurveys(t *testing.T) {
	ctx := context.Background()
	url, conn := schemaBefore(t, "0017")
	for _, st := range storetest.UpgradeSupplyStatements {
		if _, err := conn.Exec(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	s, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckUpgradeSupply(t, s)
}
