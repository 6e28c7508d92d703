package campaigns

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gigaplan/geo"
)

// Role is what a user of the office pages may do. Roles are ordered:
// an admin can do everything an editor can, an editor everything a viewer
// can.
type Role string

// Roles.
const (
	RoleAdmin  Role = "admin"  // users, imports, the audit log
	RoleEditor Role = "editor" // campaigns and sign-up counts
	RoleViewer Role = "viewer" // read and download
)

// Action is something a role may or may not do.
type Action string

// Actions.
const (
	ActionRead      Action = "read"     // dashboards, figures
	ActionDownload  Action = "download" // reports, exports
	ActionEdit      Action = "edit"     // campaigns, sign-up counts
	ActionUsers     Action = "users"    // manage users
	ActionImport    Action = "import"   // address, area and supply imports
	ActionAuditRead Action = "audit"    // read the audit log
)

// Audit log actions.
const (
	AuditLogin       = "login"
	AuditLoginFailed = "login_failed"
	AuditLogout      = "logout"
	AuditSignups     = "signups" // sign-up counts saved
	AuditUserAdd     = "user_add"
	AuditPassword    = "password"
)

func (r Role) rank() int {
	switch r {
	case RoleAdmin:
		return 3
	case RoleEditor:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r includes every right of min.
func (r Role) AtLeast(min Role) bool { return r.Valid() && r.rank() >= min.rank() }

// Can reports whether the role may do a.
func (r Role) Can(a Action) bool {
	switch a {
	case ActionRead, ActionDownload:
		return r.AtLeast(RoleViewer)
	case ActionEdit:
		return r.AtLeast(RoleEditor)
	case ActionUsers, ActionImport, ActionAuditRead:
		return r.AtLeast(RoleAdmin)
	}
	return false
}

// German returns the role as the office pages show it.
func (r Role) German() string {
	switch r {
	case RoleAdmin:
		return "Verwaltung"
	case RoleEditor:
		return "Bearbeitung"
	case RoleViewer:
		return "Lesen"
	}
	return string(r)
}

// ParseRole parses admin, editor or viewer. EINVALID otherwise.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		return "", geo.Errorf(geo.EINVALID, "unbekannte Rolle %q (admin, editor oder viewer)", s)
	}
	return r, nil
}

// User is a person who may sign in to the office pages.
type User struct {
	ID           int64
	Name         string
	Role         Role
	PasswordHash []byte // bcrypt
	CreatedAt    time.Time
	Disabled     bool
	// Municipality is the ID of the municipality (an area of kind
	// municipality) the user works for; the role applies there and only
	// there. 0: county-wide, every municipality and what belongs to none.
	Municipality int64
}

// CountyWide reports whether the user's role applies to every
// municipality.
func (u User) CountyWide() bool { return u.Municipality == 0 }

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID     int64
	At     time.Time
	User   string
	Action string // Audit… constants
	Detail string
	// Municipality is the ID of the municipality the entry is about (a
	// campaign's, an import's) or, failing that, its author's; 0: none or
	// county-wide.
	Municipality int64
}

// UserStore persists users, sessions, failed logins and the audit log.
//
// Implementations: data/sqlite and data/postgres.
type UserStore interface {
	// CreateUser stores a new user and returns its ID. ECONFLICT if a user
	// of that name (case-insensitive) exists; EINVALID for an empty name
	// or an unknown role.
	CreateUser(ctx context.Context, u User) (int64, error)

	// UserByName returns the user of that name (case-insensitive).
	// ENOTFOUND if there is none.
	UserByName(ctx context.Context, name string) (User, error)

	// Users returns every user ordered by name.
	Users(ctx context.Context) ([]User, error)

	// SetPassword replaces a user's password hash and ends all of the
	// user's sessions. ENOTFOUND if there is no such user.
	SetPassword(ctx context.Context, userID int64, hash []byte) error

	// CreateSession stores a session under the SHA-256 hash of its token,
	// started at now and ending at expires (the absolute limit).
	CreateSession(ctx context.Context, tokenHash []byte, userID int64, now, expires time.Time) error

	// SessionUser returns the user of a live session: one not past its
	// absolute expiry and used within idle before now, whose user is not
	// disabled; it records now as the session's last use. ENOTFOUND
	// otherwise (an expired session is deleted).
	SessionUser(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (User, error)

	// DeleteSession ends a session; ending a missing one is no error.
	DeleteSession(ctx context.Context, tokenHash []byte) error

	// RecordLoginFailure notes a failed login for key (a user name or a
	// client address, see LockKeyName and LockKeyIP) at time at.
	RecordLoginFailure(ctx context.Context, key string, at time.Time) error

	// LoginFailures returns the times of key's failed logins since since,
	// oldest first.
	LoginFailures(ctx context.Context, key string, since time.Time) ([]time.Time, error)

	// ResetLoginFailures forgets key's failed logins (after a successful
	// one).
	ResetLoginFailures(ctx context.Context, key string) error

	// Secret returns the installation's random secret of that name (at
	// least 32 bytes), made on first use and the same for every instance
	// on the store; e.g. the key that signs the login form's CSRF token.
	Secret(ctx context.Context, name string) ([]byte, error)

	// AddAudit appends an entry to the audit log.
	AddAudit(ctx context.Context, e AuditEntry) error

	// Audit returns the latest limit entries of the audit log, newest
	// first.
	Audit(ctx context.Context, limit int) ([]AuditEntry, error)

	// AuditFiltered returns the latest f.Limit entries (DefaultAuditLimit
	// when 0) that match f, newest first.
	AuditFiltered(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}

// Bounds of audit log text: longer user names and details are cut (with
// "…") rather than refused, so that an entry is never lost to its text.
const (
	MaxAuditUser   = 200
	MaxAuditDetail = 4000
)

// CleanAudit makes an entry's text storable in every store and readable
// in the log: invalid UTF-8 becomes U+FFFD, NUL and other control
// characters (a file's raw bytes in an error message) become spaces, and
// user and detail are cut to MaxAuditUser and MaxAuditDetail characters.
func CleanAudit(e AuditEntry) AuditEntry {
	clean := func(s string, max int) string {
		s = strings.ToValidUTF8(s, "\uFFFD")
		s = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s)
		if utf8.RuneCountInString(s) > max {
			s = string([]rune(s)[:max-1]) + "…"
		}
		return s
	}
	e.User, e.Action, e.Detail = clean(e.User, MaxAuditUser), clean(e.Action, MaxAuditUser), clean(e.Detail, MaxAuditDetail)
	return e
}

// AuditFilter selects audit log entries; empty fields select all.
type AuditFilter struct {
	User string    // the author, exactly
	Text string    // part of the detail (e.g. a campaign's name), case-insensitive
	From time.Time // on or after (a time; a day's start for a day)
	To   time.Time // before
	// Municipality, if not 0, keeps only the entries of that municipality.
	Municipality int64
	// Limit is the most entries returned: 0 means the default.
	Limit int
}

// DefaultAuditLimit is how many entries AuditFiltered returns at most
// when the filter says nothing.
const DefaultAuditLimit = 200

// AuditLabel is an audit action as the office pages show it.
func AuditLabel(action string) string {
	if l, ok := auditLabels[action]; ok {
		return l
	}
	return action
}

var auditLabels = map[string]string{
	AuditLogin:            "Anmeldung",
	AuditLoginFailed:      "Anmeldung fehlgeschlagen",
	AuditLogout:           "Abmeldung",
	AuditSignups:          "Zahlen eingetragen",
	AuditUserAdd:          "Benutzer angelegt",
	AuditPassword:         "Passwort geändert",
	AuditImport:           "Import",
	AuditImportFail:       "Import abgebrochen",
	AuditTokenAdd:         "API-Schlüssel angelegt",
	AuditTokenRevoke:      "API-Schlüssel widerrufen",
	AuditAPIEntries:       "Zahlen über die API",
	AuditUserRole:         "Rolle geändert",
	AuditUserDisable:      "Benutzer gesperrt",
	AuditUserEnable:       "Benutzer entsperrt",
	AuditUserUnlock:       "Anmeldung freigegeben",
	AuditCampaignCreate:   "Kampagne angelegt",
	AuditCampaignEdit:     "Kampagne bearbeitet",
	AuditCampaignExtend:   "Frist verlängert",
	AuditCampaignStatus:   "Status geändert",
	AuditOutreach:         "Aktion erfasst",
	AuditDownload:         "Bericht heruntergeladen",
	AuditDenominator:      "Nenner festgehalten",
	AuditFacility:         "Vertrag einer Einrichtung",
	AuditSurvey:           "Markterkundung",
	AuditProgress:         "Baufortschritt",
	AuditSites:            "Liegenschaften angelegt",
	AuditSiteSet:          "Anschlussstand geändert",
	AuditReportClose:      "Meldung erledigt",
	AuditFundingAdd:       "Förderprojekt angelegt",
	AuditFundingMilestone: "Meilenstein eines Förderprojekts",
	AuditFundingBudget:    "Finanzierung eines Förderprojekts",
}

// Throttling: failed logins slow down further attempts for the same user
// name from the same client address and, more leniently, for any name from
// that address. After ThrottleFree failures within ThrottleWindow, an
// attempt must wait 2^(n−ThrottleFree) seconds after the last failure (n
// failures), at most ThrottleMax. Nobody elsewhere can lock a user out
// with wrong passwords (a lock per name could be set off from anywhere);
// an admin lifts a user's delays with UserAdmin.UnlockLogin.
const (
	ThrottleFree   = 3  // failures per (name, address) before delays start
	ThrottleFreeIP = 20 // failures per address, any names
	ThrottleWindow = time.Hour
	ThrottleMax    = 15 * time.Minute
)

// LockKeyNameIP is the failure key of a user name from a client address;
// LockKeyNamePrefix(name) starts every key of the name.
func LockKeyNameIP(name, ip string) string { return LockKeyNamePrefix(name) + "ip:" + ip }

// LockKeyNamePrefix starts the failure keys of a user name.
func LockKeyNamePrefix(name string) string {
	return "name:" + strings.ToLower(strings.TrimSpace(name)) + "|"
}

// LockKeyIP is the failure key of a client address.
func LockKeyIP(ip string) string { return "ip:" + ip }

// ThrottledUntil returns until when a key with the given failure times
// (any order) must wait at now, allowing free failures within
// ThrottleWindow; the zero time if it need not.
func ThrottledUntil(failures []time.Time, free int, now time.Time) time.Time {
	n := 0
	var last time.Time
	for _, t := range failures {
		if t.After(now.Add(-ThrottleWindow)) && !t.After(now) {
			n++
			if t.After(last) {
				last = t
			}
		}
	}
	if n < free {
		return time.Time{}
	}
	delay := ThrottleMax
	if k := n - free; k < 20 {
		delay = min(time.Duration(1<<k)*time.Second, ThrottleMax)
	}
	if until := last.Add(delay); until.After(now) {
		return until
	}
	return time.Time{}
}

// ErrLocked is returned (wrapped) by Login while a name or address is
// locked.
var ErrLocked = errors.New("campaigns: login locked")

// ErrBadLogin is returned by Login for a wrong name or password.
var ErrBadLogin = errors.New("campaigns: wrong user name or password")

// Login checks a user name and password against the store, with the
// throttling rules on the (name, ip) pair and on ip. On success the pair's
// failures are forgotten; on failure one is recorded for the pair and the
// address. While throttled, the password is not checked and nothing is
// recorded; the error wraps ErrLocked and says until when.
func Login(ctx context.Context, st UserStore, name, pw, ip string, now time.Time) (User, error) {
	type check struct {
		key  string
		free int
	}
	checks := []check{{LockKeyNameIP(name, ip), ThrottleFree}}
	if ip != "" {
		checks = append(checks, check{LockKeyIP(ip), ThrottleFreeIP})
	}
	for _, c := range checks {
		ts, err := st.LoginFailures(ctx, c.key, now.Add(-ThrottleWindow))
		if err != nil {
			return User{}, err
		}
		if until := ThrottledUntil(ts, c.free, now); !until.IsZero() {
			return User{}, &LockedError{Until: until}
		}
	}
	u, err := st.UserByName(ctx, strings.TrimSpace(name))
	if err != nil && geo.ErrorCode(err) != geo.ENOTFOUND {
		return User{}, err
	}
	ok := CheckPassword(u.PasswordHash, pw) && err == nil && !u.Disabled
	if !ok {
		for _, c := range checks {
			if err := st.RecordLoginFailure(ctx, c.key, now); err != nil {
				return User{}, err
			}
		}
		return User{}, ErrBadLogin
	}
	if err := st.ResetLoginFailures(ctx, checks[0].key); err != nil {
		return User{}, err
	}
	return u, nil
}

// LockedError says until when logins are refused.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string {
	return "campaigns: login locked until " + e.Until.Format(time.RFC3339)
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }
