-- 0003_supply: the market survey's supply data (Markterkundungsverfahren),
-- one row per official address that an operator reported, replaced whole
-- by each import (see geo.SupplyStore). Bandwidths in Mbit/s; planned_date
-- TEXT 'YYYY-MM-DD' or NULL when no date was given.

CREATE TABLE supply (
	address_id       INTEGER PRIMARY KEY REFERENCES addresses (id) ON DELETE CASCADE,
	download         REAL    NOT NULL DEFAULT 0 CHECK (download >= 0),
	upload           REAL    NOT NULL DEFAULT 0 CHECK (upload >= 0),
	technology       TEXT    NOT NULL DEFAULT '',
	operator         TEXT    NOT NULL DEFAULT '',
	planned_operator TEXT    NOT NULL DEFAULT '',
	planned_date     TEXT    NULL,
	source           TEXT    NOT NULL DEFAULT ''
);
