-- 0002_campaigns: pre-marketing campaigns, their areas and extensions, the
-- append-only sign-up log, outreach events and municipal facilities'
-- contracts.
--
-- Dates are TEXT 'YYYY-MM-DD'; timestamps TEXT RFC 3339 in UTC.

CREATE TABLE campaigns (
	id               INTEGER PRIMARY KEY,
	provider         TEXT    NOT NULL,
	name             TEXT    NOT NULL,
	-- lower-case name (Unicode, folded by the store): names are unique
	-- regardless of case.
	name_fold        TEXT    NOT NULL UNIQUE,
	counting         TEXT    NOT NULL CHECK (counting IN ('households', 'businesses', 'buildings')),
	threshold        REAL    NOT NULL CHECK (threshold >= 0 AND threshold <= 1),
	count_facilities INTEGER NOT NULL DEFAULT 0,
	start            TEXT    NOT NULL,
	deadline         TEXT    NOT NULL, -- the original deadline; extensions below
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL
);

CREATE TABLE campaign_areas (
	campaign_id          INTEGER NOT NULL REFERENCES campaigns (id),
	area_id              INTEGER NOT NULL REFERENCES areas (id),
	build_area_id        INTEGER REFERENCES areas (id), -- NULL: the whole area
	position             INTEGER NOT NULL,
	status               TEXT    NOT NULL CHECK (status IN ('planned', 'running', 'extended', 'reached', 'missed',
	                                                        'committed', 'construction', 'live', 'cancelled')),
	provider_denominator INTEGER NOT NULL DEFAULT 0 CHECK (provider_denominator >= 0),
	PRIMARY KEY (campaign_id, area_id)
);

CREATE INDEX campaign_areas_area ON campaign_areas (area_id);

CREATE TABLE campaign_extensions (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
	deadline    TEXT    NOT NULL,
	decided     TEXT    NOT NULL,
	reason      TEXT    NOT NULL
);

CREATE TABLE signup_entries (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL,
	area_id     INTEGER NOT NULL,
	as_of       TEXT    NOT NULL,
	count       INTEGER NOT NULL CHECK (count >= 0),
	source      TEXT    NOT NULL CHECK (source IN ('provider', 'manual', 'estimate')),
	entered_by  TEXT    NOT NULL,
	entered_at  TEXT    NOT NULL,
	comment     TEXT    NOT NULL DEFAULT '',
	FOREIGN KEY (campaign_id, area_id) REFERENCES campaign_areas (campaign_id, area_id)
);

CREATE INDEX signup_entries_area ON signup_entries (campaign_id, area_id, as_of);

-- The sign-up log is append-only: a correction is a new entry.
CREATE TRIGGER signup_entries_no_update BEFORE UPDATE ON signup_entries
BEGIN
	SELECT RAISE(ABORT, 'signup entries are append-only');
END;

CREATE TRIGGER signup_entries_no_delete BEFORE DELETE ON signup_entries
BEGIN
	SELECT RAISE(ABORT, 'signup entries are append-only');
END;

CREATE TABLE outreach (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
	area_id     INTEGER REFERENCES areas (id), -- NULL: the whole campaign
	date        TEXT    NOT NULL,
	kind        TEXT    NOT NULL CHECK (kind IN ('letter', 'info', 'publication', 'other')),
	title       TEXT    NOT NULL
);

CREATE INDEX outreach_campaign ON outreach (campaign_id, date);

CREATE TABLE facility_contracts (
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
	address_id  INTEGER NOT NULL REFERENCES addresses (id) ON DELETE CASCADE,
	signed_on   TEXT    NOT NULL,
	PRIMARY KEY (campaign_id, address_id)
) WITHOUT ROWID;
