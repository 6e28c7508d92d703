package campaigns

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gigaplan/geo"
)

// API tokens let a provider's system post sign-up counts for one campaign
// (POST /api/v1/campaigns/{id}/entries). A token is 32 random bytes,
// shown once when it is created; stores keep only its SHA-256.

// APIToken is a stored API token. Hash is the SHA-256 of the secret.
type APIToken struct {
	ID         int64
	Name       string // unique (case-insensitive), also among revoked tokens
	CampaignID int64
	Hash       []byte
	CreatedAt  time.Time
	CreatedBy  string
	LastUsed   time.Time // zero: never used
	RevokedAt  time.Time // zero: live
}

// Revoked reports whether the token was revoked.
func (t APIToken) Revoked() bool { return !t.RevokedAt.IsZero() }

// EnteredBy is what entries posted with the token record as their author.
func (t APIToken) EnteredBy() string { return "token:" + t.Name }

// TokenStore persists API tokens.
//
// Implementations: data/sqlite and data/postgres.
type TokenStore interface {
	// CreateToken stores a new token (Name, CampaignID, Hash, CreatedAt,
	// CreatedBy) and returns its ID. EINVALID for an empty name or hash;
	// ECONFLICT if a token of that name (case-insensitive) exists, revoked
	// or not; ENOTFOUND if the campaign does not exist.
	CreateToken(ctx context.Context, t APIToken) (int64, error)

	// Tokens returns every token, revoked ones too, ordered by name.
	Tokens(ctx context.Context) ([]APIToken, error)

	// UseToken returns the live token whose hash is hash and records at
	// as its last use. ENOTFOUND for an unknown or revoked token.
	UseToken(ctx context.Context, hash []byte, at time.Time) (APIToken, error)

	// RevokeToken revokes a token at at; revoking a revoked token keeps
	// the first time and is no error. ENOTFOUND if there is no such token.
	RevokeToken(ctx context.Context, id int64, at time.Time) error
}

// UserAdmin changes users beyond their password: stores that implement
// it let admins change roles and disable users on the office pages.
//
// Implementations: data/sqlite and data/postgres.
type UserAdmin interface {
	// SetRole changes a user's role. ENOTFOUND if there is no such user;
	// EINVALID for an unknown role.
	SetRole(ctx context.Context, userID int64, role Role) error

	// SetDisabled disables (true) or enables a user; disabling ends the
	// user's sessions. ENOTFOUND if there is no such user.
	SetDisabled(ctx context.Context, userID int64, disabled bool) error

	// UnlockLogin forgets the failed logins of a user name from every
	// address (LockKeyNamePrefix) and returns how many there were.
	UnlockLogin(ctx context.Context, name string) (int, error)
}

// Audit log actions of imports, tokens and user management.
const (
	AuditImport      = "import"        // an upload imported on the office pages
	AuditImportFail  = "import_failed" // an upload refused; nothing changed
	AuditTokenAdd    = "token_add"
	AuditTokenRevoke = "token_revoke"
	AuditAPIEntries  = "api_entries" // counts posted with an API token
	AuditUserRole    = "user_role"
	AuditUserDisable = "user_disable"
	AuditUserEnable  = "user_enable"
	AuditUserUnlock  = "user_unlock" // failed logins forgotten
)

// tokenPrefix marks Gigaplan API tokens, so that a leaked one is easy to
// recognise in logs and by secret scanners.
const tokenPrefix = "gpt_"

// MaxTokenName is the longest token name in characters.
const MaxTokenName = 80

// NewAPIToken returns a fresh secret (to show once) and its hash (to
// store).
func NewAPIToken() (secret string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("campaigns: random token: %w", err)
	}
	secret = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashAPIToken(secret), nil
}

// HashAPIToken is the SHA-256 of a token secret, as stores keep it.
func HashAPIToken(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// CheckTokenName refuses empty names, names longer than MaxTokenName
// characters and names with control characters, with EINVALID.
func CheckTokenName(name string) error {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return geo.Errorf(geo.EINVALID, "der Name des Tokens fehlt")
	case utf8.RuneCountInString(name) > MaxTokenName:
		return geo.Errorf(geo.EINVALID, "der Name des Tokens ist zu lang: höchstens %d Zeichen", MaxTokenName)
	}
	return geo.CheckName("Der Name des Tokens", name)
}

// CheckAdminChange refuses, with EINVALID, a change that would leave no
// enabled admin: demoting (role not admin) or disabling (disable) the
// user target among users.
func CheckAdminChange(users []User, target int64, role Role, disable bool) error {
	admins := 0
	isAdmin := false
	for _, u := range users {
		if u.Role == RoleAdmin && !u.Disabled {
			admins++
			if u.ID == target {
				isAdmin = true
			}
		}
	}
	if isAdmin && admins == 1 && (role != RoleAdmin || disable) {
		return geo.Errorf(geo.EINVALID, "das ist der letzte aktive Benutzer mit der Rolle Verwaltung: legen Sie zuerst einen weiteren an")
	}
	return nil
}
