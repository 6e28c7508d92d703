-- 0008_tokens_null: an API token's last use and revocation are NULL when
-- there is none (they were ''), as in PostgreSQL, so that both stores
-- share one query (data/internal/sqlstore). SQLite cannot drop NOT NULL in
-- place: the table is rebuilt.
CREATE TABLE api_tokens_new (
	id          INTEGER PRIMARY KEY,
	name        TEXT    NOT NULL,
	name_fold   TEXT    NOT NULL UNIQUE,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	token_hash  BLOB    NOT NULL UNIQUE,
	created_at  TEXT    NOT NULL,
	created_by  TEXT    NOT NULL DEFAULT '',
	last_used   TEXT,
	revoked_at  TEXT
);
INSERT INTO api_tokens_new (id, name, name_fold, campaign_id, token_hash, created_at, created_by, last_used, revoked_at)
	SELECT id, name, name_fold, campaign_id, token_hash, created_at, created_by, NULLIF(last_used, ''), NULLIF(revoked_at, '')
	FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
