-- 0015_secrets: the installation's own random keys (e.g. the key that
-- signs the login form's CSRF token), created on first use and shared by
-- every instance on the store. Never exported, copied or shown.
CREATE TABLE secrets (
	name  {{text}}  PRIMARY KEY,
	value {{bytes}} NOT NULL
);
