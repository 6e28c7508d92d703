package postgres_test

import (
	"testing"

	"gigaplan/data/storetest"
)

func TestTokenStore(t *testing.T) {
	storetest.RunTokens(t, func(t *testing.T) storetest.TokenStore { return openFresh(t) })
}
