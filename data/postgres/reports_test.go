package postgres_test

import (
	"testing"

	"gigaplan/data/storetest"
)

func TestCitizenReports(t *testing.T) {
	storetest.RunCitizenReports(t, func(t *testing.T) storetest.ReportStore { return openFresh(t) })
}
