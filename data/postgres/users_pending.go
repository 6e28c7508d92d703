package postgres

import (
	"context"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The user store (campaigns.UserStore) is not yet implemented on
// PostgreSQL. These methods let *Store stand where the CLI and the web
// server expect one, and refuse every call with errNoUsers, so that a
// PostgreSQL deployment runs everything but sign-in until the real
// implementation (a 0004_users.sql migration mirroring data/sqlite's and
// storetest.RunUsers passing) replaces this file.

// errNoUsers is what every user store method returns for now.
func errNoUsers() error {
	return geo.Errorf(geo.EINVALID, "user accounts are not yet supported on PostgreSQL; use a SQLite database for sign-in")
}

// CreateUser is not yet implemented: it returns an EINVALID error.
func (s *Store) CreateUser(context.Context, campaigns.User) (int64, error) { return 0, errNoUsers() }

// UserByName is not yet implemented: it returns an EINVALID error.
func (s *Store) UserByName(context.Context, string) (campaigns.User, error) {
	return campaigns.User{}, errNoUsers()
}

// Users is not yet implemented: it returns an EINVALID error.
func (s *Store) Users(context.Context) ([]campaigns.User, error) { return nil, errNoUsers() }

// SetPassword is not yet implemented: it returns an EINVALID error.
func (s *Store) SetPassword(context.Context, int64, []byte) error { return errNoUsers() }

// CreateSession is not yet implemented: it returns an EINVALID error.
func (s *Store) CreateSession(context.Context, []byte, int64, time.Time, time.Time) error {
	return errNoUsers()
}

// SessionUser is not yet implemented: it returns an EINVALID error.
func (s *Store) SessionUser(context.Context, []byte, time.Time, time.Duration) (campaigns.User, error) {
	return campaigns.User{}, errNoUsers()
}

// DeleteSession is not yet implemented: it returns an EINVALID error.
func (s *Store) DeleteSession(context.Context, []byte) error { return errNoUsers() }

// RecordLoginFailure is not yet implemented: it returns an EINVALID error.
func (s *Store) RecordLoginFailure(context.Context, string, time.Time) error { return errNoUsers() }

// LoginFailures is not yet implemented: it returns an EINVALID error.
func (s *Store) LoginFailures(context.Context, string, time.Time) ([]time.Time, error) {
	return nil, errNoUsers()
}

// ResetLoginFailures is not yet implemented: it returns an EINVALID error.
func (s *Store) ResetLoginFailures(context.Context, string) error { return errNoUsers() }

// AddAudit is not yet implemented: it returns an EINVALID error.
func (s *Store) AddAudit(context.Context, campaigns.AuditEntry) error { return errNoUsers() }

// Audit is not yet implemented: it returns an EINVALID error.
func (s *Store) Audit(context.Context, int) ([]campaigns.AuditEntry, error) {
	return nil, errNoUsers()
}
