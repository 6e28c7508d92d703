-- 0007_audit_username: the audit log's user column is called username, as
-- in PostgreSQL (where "user" is reserved), so that both stores share one
-- query (data/internal/sqlstore).
ALTER TABLE audit_log RENAME COLUMN user TO username;
