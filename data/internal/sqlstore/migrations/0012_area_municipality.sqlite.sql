-- 0012_area_municipality: an area belongs to a municipality (the ID of an
-- area of kind municipality; 0 for municipalities themselves and for areas
-- placed in none), and a municipality carries its AGS. Names are unique
-- within (municipality, kind) and, for municipalities, with their AGS:
-- two towns may each have a district "Porz", two municipalities of one
-- name differ by AGS. SQLite cannot drop the old UNIQUE (kind, name): the
-- table is rebuilt (the migration runs with foreign keys off, so that the
-- assignments, campaign areas and events that reference areas stay).
CREATE TABLE areas_new (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL CHECK (kind IN ('municipality', 'district', 'zone', 'buildarea')),
	name            TEXT NOT NULL,
	geom            BLOB NOT NULL, -- WKB MultiPolygon, WGS84 (SRID 4326 implied)
	source          TEXT NOT NULL DEFAULT '',
	min_lon         REAL NOT NULL,
	min_lat         REAL NOT NULL,
	max_lon         REAL NOT NULL,
	max_lat         REAL NOT NULL,
	total_addresses  INTEGER NOT NULL DEFAULT 0,
	total_households INTEGER NOT NULL DEFAULT 0,
	total_businesses INTEGER NOT NULL DEFAULT 0,
	src_crs         INTEGER NOT NULL DEFAULT 0,
	src_geom        BLOB,
	municipality_id INTEGER NOT NULL DEFAULT 0,
	ags             TEXT NOT NULL DEFAULT '',
	UNIQUE (municipality_id, kind, name, ags)
);
INSERT INTO areas_new (id, kind, name, geom, source, min_lon, min_lat, max_lon, max_lat,
		total_addresses, total_households, total_businesses, src_crs, src_geom)
	SELECT id, kind, name, geom, source, min_lon, min_lat, max_lon, max_lat,
		total_addresses, total_households, total_businesses, src_crs, src_geom FROM areas;
DROP TABLE areas;
ALTER TABLE areas_new RENAME TO areas;
