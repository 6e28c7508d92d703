-- 0003_supply: the market survey's supply data (Markterkundungsverfahren),
-- one row per official address that an operator reported, replaced whole
-- by each import (see geo.SupplyStore). Bandwidths in Mbit/s; planned_date
-- NULL when no date was given.

CREATE TABLE supply (
	address_id       bigint           PRIMARY KEY REFERENCES addresses (id) ON DELETE CASCADE,
	download         double precision NOT NULL DEFAULT 0 CHECK (download >= 0 AND download <> 'NaN'),
	upload           double precision NOT NULL DEFAULT 0 CHECK (upload >= 0 AND upload <> 'NaN'),
	technology       text             NOT NULL DEFAULT '',
	operator         text             NOT NULL DEFAULT '',
	planned_operator text             NOT NULL DEFAULT '',
	planned_date     date             NULL,
	source           text             NOT NULL DEFAULT ''
);
