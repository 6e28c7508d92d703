-- 0012_area_municipality: an area belongs to a municipality (the ID of an
-- area of kind municipality; 0 for municipalities themselves and for areas
-- placed in none), and a municipality carries its AGS. Names are unique
-- within (municipality, kind) and, for municipalities, with their AGS.
ALTER TABLE areas ADD COLUMN municipality_id bigint NOT NULL DEFAULT 0;
ALTER TABLE areas ADD COLUMN ags text NOT NULL DEFAULT '';
ALTER TABLE areas DROP CONSTRAINT areas_kind_name_key;
ALTER TABLE areas ADD CONSTRAINT areas_municipality_kind_name_ags_key UNIQUE (municipality_id, kind, name, ags);
