-- 0006_totals: totals kept by the store, so that Areas and Counts read a
-- few rows instead of aggregating every assignment.
--
-- areas.total_* are the number of addresses assigned to the area and the
-- sums of their households and businesses. store_totals has one row: the
-- number of addresses, the sums of their households and businesses, the
-- number of assignments, and the number of addresses without a district.
-- The store refreshes both in the transaction of every write that can
-- change them (ImportAddresses, ImportAreas, ReplaceAssignments); this
-- migration fills them from the data as it is (CROSS JOIN: see
-- fillAreaTotalsSQL and refreshAssignmentTotalsSQL in totals.go).

ALTER TABLE areas ADD COLUMN total_addresses  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE areas ADD COLUMN total_households INTEGER NOT NULL DEFAULT 0;
ALTER TABLE areas ADD COLUMN total_businesses INTEGER NOT NULL DEFAULT 0;

UPDATE areas SET total_addresses = t.n, total_households = t.h, total_businesses = t.b
FROM (SELECT s.area_id, count(*) AS n, sum(a.households) AS h, sum(a.businesses) AS b
	FROM addresses a CROSS JOIN assignments s ON s.address_id = a.id
	GROUP BY s.area_id) AS t
WHERE areas.id = t.area_id;

CREATE TABLE store_totals (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	addresses   INTEGER NOT NULL,
	households  INTEGER NOT NULL,
	businesses  INTEGER NOT NULL,
	assignments INTEGER NOT NULL,
	unassigned  INTEGER NOT NULL
);

INSERT INTO store_totals (id, addresses, households, businesses, assignments, unassigned)
SELECT 1, t.n, t.h, t.b,
	(SELECT count(*) FROM assignments),
	t.n - (SELECT count(*) FROM (SELECT DISTINCT s.address_id
		FROM assignments s CROSS JOIN areas r ON r.id = s.area_id
		WHERE r.kind = 'district'))
FROM (SELECT count(*) AS n, coalesce(sum(households), 0) AS h, coalesce(sum(businesses), 0) AS b
	FROM addresses) AS t;
