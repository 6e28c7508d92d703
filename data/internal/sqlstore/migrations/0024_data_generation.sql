-- 0024_data_generation: a number that grows with every committed change
-- of addresses, areas or assignments. The statements that mark the
-- overlay stale (imports, area deletions), the overlay's update and Clear
-- add one to it in their transactions, so a rolled-back import leaves it
-- as it was. The map's data version includes it: a re-import that moves
-- a boundary or corrects an address without changing any count is seen.
ALTER TABLE store_totals ADD COLUMN generation {{bigint}} NOT NULL DEFAULT 0;
