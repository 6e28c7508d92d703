-- 0011_source_coordinates: an address or area keeps the coordinates of its
-- file when the file was in a projected system with an EPSG code (src_crs;
-- 0 = none, the WGS84 columns are all there is). When every area shares
-- one such system, the overlay runs in it, so that a point lying exactly on
-- a district edge in the file stays on it (the transform to WGS84 bends
-- edges and points differently). src_geom is the area's geometry as WKB in
-- src_crs.
ALTER TABLE addresses ADD COLUMN src_crs {{bigint}} NOT NULL DEFAULT 0;
ALTER TABLE addresses ADD COLUMN src_x {{float}} NOT NULL DEFAULT 0;
ALTER TABLE addresses ADD COLUMN src_y {{float}} NOT NULL DEFAULT 0;
ALTER TABLE areas ADD COLUMN src_crs {{bigint}} NOT NULL DEFAULT 0;
ALTER TABLE areas ADD COLUMN src_geom {{bytes}};
