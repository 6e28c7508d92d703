package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

var _ campaigns.UserStore = (*Store)(nil)

// tsLayout is the fixed-width UTC timestamp the user tables store, so that
// timestamps compare correctly as text.
const tsLayout = "2006-01-02T15:04:05.000000000Z"

func fmtTS(t time.Time) string { return t.UTC().Format(tsLayout) }

func parseTS(s string) time.Time {
	t, err := time.Parse(tsLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

// touchEvery is how stale a session's last_seen may get before a request
// writes the new time: most requests then only read.
const touchEvery = time.Minute

const userCols = `id, name, role, password_hash, created_at, disabled`

func scanUser(r scanner) (campaigns.User, error) {
	var u campaigns.User
	var role, created string
	if err := r.Scan(&u.ID, &u.Name, &role, &u.PasswordHash, &created, &u.Disabled); err != nil {
		return u, err
	}
	u.Role, u.CreatedAt = campaigns.Role(role), parseTS(created)
	return u, nil
}

// CreateUser implements campaigns.UserStore.
func (s *Store) CreateUser(ctx context.Context, u campaigns.User) (int64, error) {
	if nameFold(u.Name) == "" {
		return 0, geo.Errorf(geo.EINVALID, "Benutzername fehlt")
	}
	if !u.Role.Valid() {
		return 0, geo.Errorf(geo.EINVALID, "unbekannte Rolle %q", u.Role)
	}
	if len(u.PasswordHash) == 0 {
		return 0, geo.Errorf(geo.EINVALID, "Benutzer %s: kein Passwort", u.Name)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	var id int64
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name_fold = ?`, nameFold(u.Name)).Scan(&n); err != nil {
			return wrapErr(err, "check user name")
		}
		if n > 0 {
			return geo.Errorf(geo.ECONFLICT, "es gibt schon einen Benutzer %q", u.Name)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, name_fold, role, password_hash, created_at, disabled)
			VALUES (?, ?, ?, ?, ?, ?)`, u.Name, nameFold(u.Name), string(u.Role), u.PasswordHash, fmtTS(u.CreatedAt), u.Disabled)
		if err != nil {
			return wrapErr(err, "insert user %q", u.Name)
		}
		id, err = res.LastInsertId()
		return wrapErrNil(err, "insert user")
	})
	return id, err
}

// UserByName implements campaigns.UserStore.
func (s *Store) UserByName(ctx context.Context, name string) (campaigns.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE name_fold = ?`, nameFold(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, geo.Errorf(geo.ENOTFOUND, "Benutzer %q nicht gefunden", name)
	}
	if err != nil {
		return u, wrapErr(err, "read user %q", name)
	}
	return u, nil
}

// Users implements campaigns.UserStore.
func (s *Store) Users(ctx context.Context) ([]campaigns.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY name_fold`)
	if err != nil {
		return nil, wrapErr(err, "list users")
	}
	defer rows.Close()
	var out []campaigns.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, wrapErr(err, "read user")
		}
		out = append(out, u)
	}
	return out, wrapRowsErr(rows.Err())
}

// SetPassword implements campaigns.UserStore.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash []byte) error {
	if len(hash) == 0 {
		return geo.Errorf(geo.EINVALID, "kein Passwort")
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
		if err != nil {
			return wrapErr(err, "set password")
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return geo.Errorf(geo.ENOTFOUND, "Benutzer %d nicht gefunden", userID)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		return wrapErrNil(err, "end sessions")
	})
}

// CreateSession implements campaigns.UserStore.
func (s *Store) CreateSession(ctx context.Context, tokenHash []byte, userID int64, now, expires time.Time) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		// Sweep expired sessions now and then: on every login is often enough.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, fmtTS(now)); err != nil {
			return wrapErr(err, "sweep sessions")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?)`,
			tokenHash, userID, fmtTS(now), fmtTS(now), fmtTS(expires))
		return wrapErrNil(err, "insert session")
	})
}

// SessionUser implements campaigns.UserStore.
func (s *Store) SessionUser(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (campaigns.User, error) {
	var u campaigns.User
	var role, created, lastSeen, expires string
	err := s.db.QueryRowContext(ctx, `SELECT u.id, u.name, u.role, u.password_hash, u.created_at, u.disabled, s.last_seen, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash).
		Scan(&u.ID, &u.Name, &role, &u.PasswordHash, &created, &u.Disabled, &lastSeen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "keine gültige Sitzung")
	}
	if err != nil {
		return campaigns.User{}, wrapErr(err, "read session")
	}
	u.Role, u.CreatedAt = campaigns.Role(role), parseTS(created)
	seen := parseTS(lastSeen)
	if !now.Before(parseTS(expires)) || now.Sub(seen) >= idle {
		if err := s.DeleteSession(ctx, tokenHash); err != nil {
			return campaigns.User{}, err
		}
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "die Sitzung ist abgelaufen")
	}
	if u.Disabled {
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "Benutzer %s ist gesperrt", u.Name)
	}
	if now.Sub(seen) >= touchEvery {
		err := s.writeTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE token_hash = ? AND last_seen < ?`,
				fmtTS(now), tokenHash, fmtTS(now))
			return wrapErrNil(err, "touch session")
		})
		if err != nil {
			return campaigns.User{}, err
		}
	}
	return u, nil
}

// DeleteSession implements campaigns.UserStore.
func (s *Store) DeleteSession(ctx context.Context, tokenHash []byte) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return wrapErrNil(err, "delete session")
	})
}

// failureMemory is how long failed logins are kept.
const failureMemory = 24 * time.Hour

// RecordLoginFailure implements campaigns.UserStore.
func (s *Store) RecordLoginFailure(ctx context.Context, key string, at time.Time) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < ?`, fmtTS(at.Add(-failureMemory))); err != nil {
			return wrapErr(err, "sweep login failures")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES (?, ?)`, key, fmtTS(at))
		return wrapErrNil(err, "record login failure")
	})
}

// LoginFailures implements campaigns.UserStore.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) ([]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT at FROM login_failures WHERE key = ? AND at >= ? ORDER BY at`, key, fmtTS(since))
	if err != nil {
		return nil, wrapErr(err, "read login failures")
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at string
		if err := rows.Scan(&at); err != nil {
			return nil, wrapErr(err, "read login failure")
		}
		out = append(out, parseTS(at))
	}
	return out, wrapRowsErr(rows.Err())
}

// ResetLoginFailures implements campaigns.UserStore.
func (s *Store) ResetLoginFailures(ctx context.Context, key string) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, key)
		return wrapErrNil(err, "reset login failures")
	})
}

// AddAudit implements campaigns.UserStore.
func (s *Store) AddAudit(ctx context.Context, e campaigns.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, user, action, detail) VALUES (?, ?, ?, ?)`,
			fmtTS(e.At), e.User, e.Action, e.Detail)
		return wrapErrNil(err, "write audit log")
	})
}

// Audit implements campaigns.UserStore.
func (s *Store) Audit(ctx context.Context, limit int) ([]campaigns.AuditEntry, error) {
	if limit <= 0 {
		limit = 200
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, user, action, detail FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, wrapErr(err, "read audit log")
	}
	defer rows.Close()
	var out []campaigns.AuditEntry
	for rows.Next() {
		var e campaigns.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.User, &e.Action, &e.Detail); err != nil {
			return nil, wrapErr(err, "read audit entry")
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, wrapRowsErr(rows.Err())
}
