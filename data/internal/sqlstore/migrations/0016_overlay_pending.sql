-- 0016_overlay_pending: the work the next overlay has to do, so that it
-- locates only the addresses an import can have changed (Service.Reassign).
--
-- overlay_pending lists, in the transaction of the write that causes it:
-- 'address' rows (ref_id) for addresses inserted, or whose position (lon,
-- lat or source coordinates) changed; 'area' rows for areas inserted,
-- whose geometry changed, or removed (ref_id, with the old or the new
-- bounding box in WGS84: an area changed in place gets one row for each);
-- 'all' for writes after which everything is to be located again (an
-- import into an empty address table). The overlay deletes the rows it
-- read (seq up to the last it read) in its own transaction.
--
-- overlay_frame is the system the last overlay ran in (geo.CRS, 0 for
-- WGS84; -1: unknown, the next overlay locates every address).
-- ags_mismatches is the number geo.Store.AGSMismatches counts (-1:
-- unknown, counted again at the next read), kept by the incremental
-- overlay; a write that changes an address's AGS or removes areas sets it
-- unknown.
-- area_overlaps are the overlapping areas the last overlay found (geo.Overlap,
-- area_a the lower ID, geom the intersection as WKB in WGS84), so that
-- an overlay checks only the pairs with a changed area.
-- addresses_lon_lat serves the range query of the addresses in a box.
CREATE TABLE overlay_pending (
	seq     {{id}},
	kind    {{text}}   NOT NULL CHECK (kind IN ('all', 'address', 'area')),
	ref_id  {{bigint}} NOT NULL DEFAULT 0,
	min_lon {{float}}  NOT NULL DEFAULT 0,
	min_lat {{float}}  NOT NULL DEFAULT 0,
	max_lon {{float}}  NOT NULL DEFAULT 0,
	max_lat {{float}}  NOT NULL DEFAULT 0
);

CREATE TABLE area_overlaps (
	area_a  {{bigint}} NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
	area_b  {{bigint}} NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
	kind    {{text}}   NOT NULL,
	area_m2 {{float}}  NOT NULL,
	geom    {{bytes}}  NOT NULL,
	PRIMARY KEY (area_a, area_b)
);

CREATE INDEX area_overlaps_b ON area_overlaps (area_b);

ALTER TABLE store_totals ADD COLUMN overlay_frame {{bigint}} NOT NULL DEFAULT -1;
ALTER TABLE store_totals ADD COLUMN ags_mismatches {{bigint}} NOT NULL DEFAULT -1;

CREATE INDEX addresses_lon_lat ON addresses (lon, lat);
