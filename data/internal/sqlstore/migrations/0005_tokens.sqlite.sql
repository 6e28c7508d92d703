-- 0005_tokens: API tokens with which a provider's system posts sign-up
-- counts for one campaign. Tokens are never stored: token_hash is the
-- SHA-256 of the secret shown once at creation. Names stay unique after a
-- token is revoked, so that "token:<name>" in the sign-up log names one.
--
-- Timestamps are TEXT RFC 3339 in UTC, as in 0004_users; '' means none.

CREATE TABLE api_tokens (
	id          INTEGER PRIMARY KEY,
	name        TEXT    NOT NULL,
	name_fold   TEXT    NOT NULL UNIQUE,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	token_hash  BLOB    NOT NULL UNIQUE,
	created_at  TEXT    NOT NULL,
	created_by  TEXT    NOT NULL DEFAULT '',
	last_used   TEXT    NOT NULL DEFAULT '',
	revoked_at  TEXT    NOT NULL DEFAULT ''
);
