-- 0013_user_municipality: a user works for one municipality (the ID of an
-- area of kind municipality) or, with 0, county-wide; the role applies
-- there. An audit entry records the municipality of what it is about (a
-- campaign's, an import's), or its author's: an office of one town reads
-- only its own entries.
ALTER TABLE users ADD COLUMN municipality_id {{bigint}} NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN municipality_id {{bigint}} NOT NULL DEFAULT 0;
