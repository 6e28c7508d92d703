package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

var _ campaigns.UserStore = (*Store)(nil)

// usersNameKey is the unique constraint on users.name_fold.
const usersNameKey = "users_name_fold_key"

// touchEvery is how stale a session's last_seen may get before a request
// writes the new time: most requests then only read.
const touchEvery = time.Minute

// failureMemory is how long failed logins are kept.
const failureMemory = 24 * time.Hour

// ts is t in UTC to PostgreSQL's precision (microseconds), as stored.
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

const userCols = `id, name, role, password_hash, created_at, disabled`

func scanUser(r pgx.Row, extra ...any) (campaigns.User, error) {
	var u campaigns.User
	var role string
	dest := append([]any{&u.ID, &u.Name, &role, &u.PasswordHash, &u.CreatedAt, &u.Disabled}, extra...)
	if err := r.Scan(dest...); err != nil {
		return u, err
	}
	u.Role, u.CreatedAt = campaigns.Role(role), u.CreatedAt.UTC()
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
	err := s.pool.QueryRow(ctx, `INSERT INTO users (name, name_fold, role, password_hash, created_at, disabled)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		u.Name, nameFold(u.Name), string(u.Role), u.PasswordHash, ts(u.CreatedAt), u.Disabled).Scan(&id)
	if isUnique(err, usersNameKey) {
		return 0, geo.Errorf(geo.ECONFLICT, "es gibt schon einen Benutzer %q", u.Name)
	}
	if err != nil {
		return 0, stmtErr(ctx, err, "insert user %q", u.Name)
	}
	return id, nil
}

// UserByName implements campaigns.UserStore.
func (s *Store) UserByName(ctx context.Context, name string) (campaigns.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE name_fold = $1`, nameFold(name)))
	if errors.Is(err, pgx.ErrNoRows) {
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "Benutzer %q nicht gefunden", name)
	}
	if err != nil {
		return campaigns.User{}, stmtErr(ctx, err, "read user %q", name)
	}
	return u, nil
}

// Users implements campaigns.UserStore.
func (s *Store) Users(ctx context.Context) ([]campaigns.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userCols+` FROM users ORDER BY name_fold`)
	if err != nil {
		return nil, stmtErr(ctx, err, "list users")
	}
	defer rows.Close()
	var out []campaigns.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, stmtErr(ctx, err, "read user")
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, stmtErr(ctx, err, "list users")
	}
	return out, nil
}

// SetPassword implements campaigns.UserStore.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash []byte) error {
	if len(hash) == 0 {
		return geo.Errorf(geo.EINVALID, "kein Passwort")
	}
	return s.retryTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
		if err != nil {
			return stmtErr(ctx, err, "set password")
		}
		if tag.RowsAffected() == 0 {
			return geo.Errorf(geo.ENOTFOUND, "Benutzer %d nicht gefunden", userID)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return stmtErr(ctx, err, "end sessions")
		}
		return nil
	})
}

// CreateSession implements campaigns.UserStore.
func (s *Store) CreateSession(ctx context.Context, tokenHash []byte, userID int64, now, expires time.Time) error {
	return s.retryTx(ctx, func(tx pgx.Tx) error {
		// Sweep expired sessions now and then: on every login is often enough.
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, ts(now)); err != nil {
			return stmtErr(ctx, err, "sweep sessions")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at)
			VALUES ($1, $2, $3, $3, $4)`, tokenHash, userID, ts(now), ts(expires)); err != nil {
			return stmtErr(ctx, err, "insert session")
		}
		return nil
	})
}

// SessionUser implements campaigns.UserStore.
func (s *Store) SessionUser(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (campaigns.User, error) {
	var lastSeen, expires time.Time
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT u.id, u.name, u.role, u.password_hash, u.created_at, u.disabled,
		s.last_seen, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash),
		&lastSeen, &expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "keine gültige Sitzung")
	}
	if err != nil {
		return campaigns.User{}, stmtErr(ctx, err, "read session")
	}
	now = ts(now)
	if !now.Before(expires) || now.Sub(lastSeen) >= idle {
		if err := s.DeleteSession(ctx, tokenHash); err != nil {
			return campaigns.User{}, err
		}
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "die Sitzung ist abgelaufen")
	}
	if u.Disabled {
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "Benutzer %s ist gesperrt", u.Name)
	}
	if now.Sub(lastSeen) >= touchEvery {
		// Only forward: another instance may have touched it later.
		if _, err := s.pool.Exec(ctx, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2 AND last_seen < $1`,
			now, tokenHash); err != nil {
			return campaigns.User{}, stmtErr(ctx, err, "touch session")
		}
	}
	return u, nil
}

// DeleteSession implements campaigns.UserStore.
func (s *Store) DeleteSession(ctx context.Context, tokenHash []byte) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return stmtErr(ctx, err, "delete session")
	}
	return nil
}

// RecordLoginFailure implements campaigns.UserStore.
func (s *Store) RecordLoginFailure(ctx context.Context, key string, at time.Time) error {
	return s.retryTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE at < $1`, ts(at.Add(-failureMemory))); err != nil {
			return stmtErr(ctx, err, "sweep login failures")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, key, ts(at)); err != nil {
			return stmtErr(ctx, err, "record login failure")
		}
		return nil
	})
}

// LoginFailures implements campaigns.UserStore.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) ([]time.Time, error) {
	rows, err := s.pool.Query(ctx, `SELECT at FROM login_failures WHERE key = $1 AND at >= $2 ORDER BY at`, key, ts(since))
	if err != nil {
		return nil, stmtErr(ctx, err, "read login failures")
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return nil, stmtErr(ctx, err, "read login failure")
		}
		out = append(out, at.UTC())
	}
	if err := rows.Err(); err != nil {
		return nil, stmtErr(ctx, err, "read login failures")
	}
	return out, nil
}

// ResetLoginFailures implements campaigns.UserStore.
func (s *Store) ResetLoginFailures(ctx context.Context, key string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM login_failures WHERE key = $1`, key); err != nil {
		return stmtErr(ctx, err, "reset login failures")
	}
	return nil
}

// AddAudit implements campaigns.UserStore.
func (s *Store) AddAudit(ctx context.Context, e campaigns.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO audit_log (at, username, action, detail) VALUES ($1, $2, $3, $4)`,
		ts(e.At), e.User, e.Action, e.Detail); err != nil {
		return stmtErr(ctx, err, "write audit log")
	}
	return nil
}

// Audit implements campaigns.UserStore.
func (s *Store) Audit(ctx context.Context, limit int) ([]campaigns.AuditEntry, error) {
	if limit <= 0 {
		limit = 200
	}
	rows, err := s.pool.Query(ctx, `SELECT id, at, username, action, detail FROM audit_log ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, stmtErr(ctx, err, "read audit log")
	}
	defer rows.Close()
	var out []campaigns.AuditEntry
	for rows.Next() {
		var e campaigns.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.User, &e.Action, &e.Detail); err != nil {
			return nil, stmtErr(ctx, err, "read audit entry")
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, stmtErr(ctx, err, "read audit log")
	}
	return out, nil
}
