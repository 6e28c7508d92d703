package sqlite_test

import (
	"testing"

	"gigaplan/data/storetest"
)

func TestUserStore(t *testing.T) {
	storetest.RunUsers(t, func(t *testing.T) storetest.UserStore { return MustOpen(t) })
}
