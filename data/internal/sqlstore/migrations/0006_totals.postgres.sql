-- 0006_totals: totals kept by the store, so that Areas and Counts read a
-- few rows instead of aggregating every assignment (as data/sqlite's
-- 0006_totals.sql).
--
-- areas.total_* are the number of addresses assigned to the area and the
-- sums of their households and businesses. store_totals has one row: the
-- number of addresses, the sums of their households and businesses, the
-- number of assignments, and the number of addresses without a district.
-- The store refreshes both in the transaction of every write that can
-- change them (ImportAddresses, ImportAreas, ReplaceAssignments), after
-- locking the store_totals row; this migration fills them from the data
-- as it is.

ALTER TABLE areas
	ADD COLUMN total_addresses  bigint NOT NULL DEFAULT 0,
	ADD COLUMN total_households bigint NOT NULL DEFAULT 0,
	ADD COLUMN total_businesses bigint NOT NULL DEFAULT 0;

UPDATE areas SET total_addresses = t.n, total_households = t.h, total_businesses = t.b
FROM (SELECT s.area_id, count(*) AS n, sum(a.households) AS h, sum(a.businesses) AS b
	FROM assignments s JOIN addresses a ON a.id = s.address_id
	GROUP BY s.area_id) AS t
WHERE areas.id = t.area_id;

CREATE TABLE store_totals (
	id          integer PRIMARY KEY CHECK (id = 1),
	addresses   bigint NOT NULL,
	households  bigint NOT NULL,
	businesses  bigint NOT NULL,
	assignments bigint NOT NULL,
	unassigned  bigint NOT NULL
);

INSERT INTO store_totals (id, addresses, households, businesses, assignments, unassigned)
SELECT 1, t.n, t.h, t.b,
	(SELECT count(*) FROM assignments),
	(SELECT count(*) FROM addresses a WHERE NOT EXISTS (
		SELECT 1 FROM assignments s JOIN areas r ON r.id = s.area_id
		WHERE s.address_id = a.id AND r.kind = 'district'))
FROM (SELECT count(*) AS n, coalesce(sum(households), 0) AS h, coalesce(sum(businesses), 0) AS b
	FROM addresses) AS t;
