-- 0010_overlay_stale: whether the assignments lag behind the addresses or
-- areas. An address or area import sets it in its own transaction; the
-- overlay that replaces the assignments clears it in its own. A crash
-- between the two (kill -9, power loss) leaves it set, and the next start
-- runs the overlay again before it reports healthy.
ALTER TABLE store_totals ADD COLUMN overlay_stale {{bool}} NOT NULL DEFAULT {{false}};
