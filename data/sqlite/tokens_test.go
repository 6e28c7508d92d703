package sqlite_test

import (
	"testing"

	"gigaplan/data/storetest"
)

func TestTokenConformance(t *testing.T) {
	storetest.RunTokens(t, func(t *testing.T) storetest.TokenStore { return MustOpen(t) })
}
