-- 0004_users: people who sign in to the office pages, their sessions,
-- failed logins (for the lockout) and the audit log.
--
-- Timestamps are TEXT RFC 3339 in UTC. Session tokens are never stored:
-- token_hash is the SHA-256 of the token in the cookie.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT    NOT NULL,
	-- lower-case name: names are unique regardless of case.
	name_fold     TEXT    NOT NULL UNIQUE,
	role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
	password_hash BLOB    NOT NULL,
	created_at    TEXT    NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
	token_hash BLOB    PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TEXT    NOT NULL,
	last_seen  TEXT    NOT NULL,
	expires_at TEXT    NOT NULL -- absolute limit
) WITHOUT ROWID;

CREATE INDEX sessions_user ON sessions (user_id);

-- key: 'name:<lower-case user name>' or 'ip:<client address>'.
CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at  TEXT NOT NULL
);

CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE audit_log (
	id     INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	user   TEXT NOT NULL,
	action TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT ''
);
