package sqlstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// UserStore implements campaigns.UserStore and campaigns.UserAdmin over a
// Dialect.
type UserStore struct {
	D Dialect
}

var (
	_ campaigns.UserStore = UserStore{}
	_ campaigns.UserAdmin = UserStore{}
)

// TouchEvery is how stale a session's last_seen may get before a request
// writes the new time: most requests then only read.
const TouchEvery = time.Minute

// FailureMemory is how long failed logins are kept.
const FailureMemory = 24 * time.Hour

// DefaultAuditLimit is the number of audit entries Audit returns for a
// limit ≤ 0.
const DefaultAuditLimit = 200

// NameFold is the case-folded form of a user or campaign name under
// which names are unique.
func NameFold(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

const userCols = `id, name, role, password_hash, created_at, disabled, municipality_id`

func scanUser(r interface{ Scan(...any) error }, extra ...any) (campaigns.User, error) {
	var u campaigns.User
	var role string
	dest := append([]any{&u.ID, &u.Name, &role, &u.PasswordHash, Time{&u.CreatedAt}, &u.Disabled, &u.Municipality}, extra...)
	if err := r.Scan(dest...); err != nil {
		return u, err
	}
	u.Role = campaigns.Role(role)
	return u, nil
}

// CreateUser implements campaigns.UserStore.
func (s UserStore) CreateUser(ctx context.Context, u campaigns.User) (int64, error) {
	if NameFold(u.Name) == "" {
		return 0, geo.Errorf(geo.EINVALID, "Benutzername fehlt")
	}
	if err := geo.CheckName("Der Benutzername", u.Name); err != nil {
		return 0, err
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
	err := s.D.WriteTx(ctx, func(q Querier) error {
		err := q.QueryRow(ctx, `INSERT INTO users (name, name_fold, role, password_hash, created_at, disabled, municipality_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			u.Name, NameFold(u.Name), string(u.Role), u.PasswordHash, s.D.Time(u.CreatedAt), u.Disabled, u.Municipality).Scan(&id)
		if s.D.IsUnique(err, "users.name_fold") {
			return geo.Errorf(geo.ECONFLICT, "es gibt schon einen Benutzer %q", u.Name)
		}
		if err != nil {
			return s.D.Err(ctx, err, "insert user %q", u.Name)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// UserByName implements campaigns.UserStore.
func (s UserStore) UserByName(ctx context.Context, name string) (campaigns.User, error) {
	u, err := scanUser(s.D.Pool().QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE name_fold = $1`, NameFold(name)))
	if errors.Is(err, ErrNoRows) {
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "Benutzer %q nicht gefunden", name)
	}
	if err != nil {
		return campaigns.User{}, s.D.Err(ctx, err, "read user %q", name)
	}
	return u, nil
}

// Users implements campaigns.UserStore.
func (s UserStore) Users(ctx context.Context) ([]campaigns.User, error) {
	return queryAll(ctx, s.D, s.D.Pool(), "list users", func(r Rows) (campaigns.User, error) { return scanUser(r) },
		`SELECT `+userCols+` FROM users ORDER BY name_fold`)
}

// SetPassword implements campaigns.UserStore.
func (s UserStore) SetPassword(ctx context.Context, userID int64, hash []byte) error {
	if len(hash) == 0 {
		return geo.Errorf(geo.EINVALID, "kein Passwort")
	}
	return s.D.WriteTx(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
		if err != nil {
			return s.D.Err(ctx, err, "set password")
		}
		if n == 0 {
			return geo.Errorf(geo.ENOTFOUND, "Benutzer %d nicht gefunden", userID)
		}
		if _, err := q.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return s.D.Err(ctx, err, "end sessions")
		}
		return nil
	})
}

// SetRole implements campaigns.UserStore.
func (s UserStore) SetRole(ctx context.Context, userID int64, role campaigns.Role) error {
	if !role.Valid() {
		return geo.Errorf(geo.EINVALID, "unbekannte Rolle %q", role)
	}
	return s.D.WriteTx(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `UPDATE users SET role = $1 WHERE id = $2`, string(role), userID)
		if err != nil {
			return s.D.Err(ctx, err, "set role")
		}
		if n == 0 {
			return geo.Errorf(geo.ENOTFOUND, "Benutzer %d nicht gefunden", userID)
		}
		return nil
	})
}

// SetDisabled implements campaigns.UserStore.
func (s UserStore) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	return s.D.WriteTx(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, userID)
		if err != nil {
			return s.D.Err(ctx, err, "set disabled")
		}
		if n == 0 {
			return geo.Errorf(geo.ENOTFOUND, "Benutzer %d nicht gefunden", userID)
		}
		if disabled {
			if _, err := q.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
				return s.D.Err(ctx, err, "end sessions")
			}
		}
		return nil
	})
}

// UnlockLogin implements campaigns.UserAdmin.
func (s UserStore) UnlockLogin(ctx context.Context, name string) (int, error) {
	var n int64
	err := s.D.WriteTx(ctx, func(q Querier) error {
		var err error
		n, err = q.Exec(ctx, `DELETE FROM login_failures WHERE key LIKE $1 ESCAPE '\'`, escapeLike(campaigns.LockKeyNamePrefix(name))+"%")
		if err != nil {
			return s.D.Err(ctx, err, "unlock %q", name)
		}
		return nil
	})
	return int(n), err
}

// SecretSize is the length of a secret made by Secret.
const SecretSize = 32

// Secret implements campaigns.UserStore: a read, and only for a secret
// not made yet a write, in which the first caller's random value wins
// (INSERT … ON CONFLICT DO NOTHING).
func (s UserStore) Secret(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := s.D.Pool().QueryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, ErrNoRows) {
		return nil, s.D.Err(ctx, err, "read secret %q", name)
	}
	fresh := make([]byte, SecretSize)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("sqlstore: random secret: %w", err)
	}
	err = s.D.WriteTx(ctx, func(q Querier) error {
		if _, err := q.Exec(ctx, `INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, fresh); err != nil {
			return s.D.Err(ctx, err, "create secret %q", name)
		}
		if err := q.QueryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&v); err != nil {
			return s.D.Err(ctx, err, "read secret %q", name)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// CreateSession implements campaigns.UserStore.
func (s UserStore) CreateSession(ctx context.Context, tokenHash []byte, userID int64, now, expires time.Time) error {
	return s.D.WriteTx(ctx, func(q Querier) error {
		// Sweep expired sessions now and then: on every login is often enough.
		if _, err := q.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, s.D.Time(now)); err != nil {
			return s.D.Err(ctx, err, "sweep sessions")
		}
		if _, err := q.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at)
			VALUES ($1, $2, $3, $3, $4)`, tokenHash, userID, s.D.Time(now), s.D.Time(expires)); err != nil {
			return s.D.Err(ctx, err, "insert session")
		}
		return nil
	})
}

// SessionUser implements campaigns.UserStore.
func (s UserStore) SessionUser(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (campaigns.User, error) {
	var lastSeen, expires time.Time
	u, err := scanUser(s.D.Pool().QueryRow(ctx, `SELECT u.id, u.name, u.role, u.password_hash, u.created_at, u.disabled, u.municipality_id,
		s.last_seen, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash),
		Time{&lastSeen}, Time{&expires})
	if errors.Is(err, ErrNoRows) {
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "keine gültige Sitzung")
	}
	if err != nil {
		return campaigns.User{}, s.D.Err(ctx, err, "read session")
	}
	if !now.Before(expires) || now.Sub(lastSeen) >= idle {
		if err := s.DeleteSession(ctx, tokenHash); err != nil {
			return campaigns.User{}, err
		}
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "die Sitzung ist abgelaufen")
	}
	if u.Disabled {
		return campaigns.User{}, geo.Errorf(geo.ENOTFOUND, "Benutzer %s ist gesperrt", u.Name)
	}
	if now.Sub(lastSeen) >= TouchEvery {
		// Only forward: another instance may have touched it later.
		err := s.D.WriteTx(ctx, func(q Querier) error {
			_, err := q.Exec(ctx, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2 AND last_seen < $1`,
				s.D.Time(now), tokenHash)
			if err != nil {
				return s.D.Err(ctx, err, "touch session")
			}
			return nil
		})
		if err != nil {
			return campaigns.User{}, err
		}
	}
	return u, nil
}

// DeleteSession implements campaigns.UserStore.
func (s UserStore) DeleteSession(ctx context.Context, tokenHash []byte) error {
	return s.exec(ctx, "delete session", `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
}

// exec runs one statement in a write transaction.
func (s UserStore) exec(ctx context.Context, what, query string, args ...any) error {
	return s.D.WriteTx(ctx, func(q Querier) error {
		if _, err := q.Exec(ctx, query, args...); err != nil {
			return s.D.Err(ctx, err, "%s", what)
		}
		return nil
	})
}

// RecordLoginFailure implements campaigns.UserStore.
func (s UserStore) RecordLoginFailure(ctx context.Context, key string, at time.Time) error {
	return s.D.WriteTx(ctx, func(q Querier) error {
		if _, err := q.Exec(ctx, `DELETE FROM login_failures WHERE at < $1`, s.D.Time(at.Add(-FailureMemory))); err != nil {
			return s.D.Err(ctx, err, "sweep login failures")
		}
		if _, err := q.Exec(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, key, s.D.Time(at)); err != nil {
			return s.D.Err(ctx, err, "record login failure")
		}
		return nil
	})
}

// LoginFailures implements campaigns.UserStore.
func (s UserStore) LoginFailures(ctx context.Context, key string, since time.Time) ([]time.Time, error) {
	return queryAll(ctx, s.D, s.D.Pool(), "read login failures", func(r Rows) (time.Time, error) {
		var at time.Time
		err := r.Scan(Time{&at})
		return at, err
	}, `SELECT at FROM login_failures WHERE key = $1 AND at >= $2 ORDER BY at`, key, s.D.Time(since))
}

// ResetLoginFailures implements campaigns.UserStore.
func (s UserStore) ResetLoginFailures(ctx context.Context, key string) error {
	return s.exec(ctx, "reset login failures", `DELETE FROM login_failures WHERE key = $1`, key)
}

// AddAudit implements campaigns.UserStore.
func (s UserStore) AddAudit(ctx context.Context, e campaigns.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e = campaigns.CleanAudit(e)
	return s.exec(ctx, "write audit log", `INSERT INTO audit_log (at, username, action, detail, municipality_id) VALUES ($1, $2, $3, $4, $5)`,
		s.D.Time(e.At), e.User, e.Action, e.Detail, e.Municipality)
}

// Audit implements campaigns.UserStore.
func (s UserStore) Audit(ctx context.Context, limit int) ([]campaigns.AuditEntry, error) {
	if limit <= 0 {
		limit = DefaultAuditLimit
	}
	return queryAll(ctx, s.D, s.D.Pool(), "read audit log", func(r Rows) (campaigns.AuditEntry, error) {
		var e campaigns.AuditEntry
		err := r.Scan(&e.ID, Time{&e.At}, &e.User, &e.Action, &e.Detail, &e.Municipality)
		return e, err
	}, `SELECT id, at, username, action, detail, municipality_id FROM audit_log ORDER BY id DESC LIMIT $1`, limit)
}

// AuditFiltered implements campaigns.UserStore.
func (s UserStore) AuditFiltered(ctx context.Context, f campaigns.AuditFilter) ([]campaigns.AuditEntry, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = campaigns.DefaultAuditLimit
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.User != "" {
		where = append(where, "username = "+arg(f.User))
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		where = append(where, "lower(detail) LIKE "+arg("%"+escapeLike(strings.ToLower(t))+"%")+` ESCAPE '\'`)
	}
	if !f.From.IsZero() {
		where = append(where, "at >= "+arg(s.D.Time(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, "at < "+arg(s.D.Time(f.To)))
	}
	if f.Municipality != 0 {
		where = append(where, "municipality_id = "+arg(f.Municipality))
	}
	q := `SELECT id, at, username, action, detail, municipality_id FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY id DESC LIMIT ` + arg(limit)
	return queryAll(ctx, s.D, s.D.Pool(), "read audit log", func(r Rows) (campaigns.AuditEntry, error) {
		var e campaigns.AuditEntry
		err := r.Scan(&e.ID, Time{&e.At}, &e.User, &e.Action, &e.Detail, &e.Municipality)
		return e, err
	}, q, args...)
}
