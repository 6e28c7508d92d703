-- 0001_init: addresses, areas and the assignments between them.
--
-- Geometry is stored as WKB (ISO/OGC, little endian) in areas.geom: always a
-- MultiPolygon in WGS84 longitude/latitude, i.e. SRID 4326, which is implied
-- and not stored in the blob. min_lon … max_lat hold its bounding box for
-- quick prefiltering.

CREATE TABLE addresses (
	id           INTEGER PRIMARY KEY,
	key          TEXT    NOT NULL UNIQUE,
	oi           TEXT    NOT NULL DEFAULT '',
	ags          TEXT    NOT NULL DEFAULT '',
	street_key   TEXT    NOT NULL DEFAULT '',
	street       TEXT    NOT NULL DEFAULT '',
	house_number TEXT    NOT NULL DEFAULT '',
	suffix       TEXT    NOT NULL DEFAULT '',
	postcode     TEXT    NOT NULL DEFAULT '',
	city         TEXT    NOT NULL DEFAULT '',
	locality     TEXT    NOT NULL DEFAULT '',
	lon          REAL    NOT NULL,
	lat          REAL    NOT NULL,
	households   INTEGER NOT NULL DEFAULT 0,
	businesses   INTEGER NOT NULL DEFAULT 0,
	type         TEXT    NOT NULL DEFAULT 'private'
	             CHECK (type IN ('private', 'business', 'school', 'hospital', 'public')),
	quality      TEXT    NOT NULL DEFAULT '',
	placeholder  INTEGER NOT NULL DEFAULT 0,
	source       TEXT    NOT NULL DEFAULT '',
	-- geo.SearchKey of the address, written by the store on insert and update.
	search_key   TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX addresses_search_key ON addresses (search_key);

CREATE TABLE areas (
	id      INTEGER PRIMARY KEY,
	kind    TEXT NOT NULL CHECK (kind IN ('municipality', 'district', 'zone', 'buildarea')),
	name    TEXT NOT NULL,
	geom    BLOB NOT NULL, -- WKB MultiPolygon, WGS84 (SRID 4326 implied)
	source  TEXT NOT NULL DEFAULT '',
	min_lon REAL NOT NULL,
	min_lat REAL NOT NULL,
	max_lon REAL NOT NULL,
	max_lat REAL NOT NULL,
	UNIQUE (kind, name)
);

CREATE TABLE assignments (
	address_id INTEGER NOT NULL REFERENCES addresses (id) ON DELETE CASCADE,
	area_id    INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
	PRIMARY KEY (address_id, area_id)
) WITHOUT ROWID;

CREATE INDEX assignments_area ON assignments (area_id);
