-- 0018_imports: one row per import of address, area or supply files,
-- written in the import's own transaction (geo.WithImport), so that a
-- failed import leaves no row: what the funding workbook names as its
-- sources (file, date, number of records).
--
-- file holds base names only (several joined by ", " when one import read
-- several files), sha256 their hex digests (joined by ","); area_kind is
-- set for area imports; municipality is the area ID of the municipality
-- the import was for (0: none or unknown). kind is checked by the store,
-- not here, so that new kinds (e.g. a market survey) need no migration.
CREATE TABLE imports (
	id           {{id}},
	kind         {{text}}      NOT NULL,
	area_kind    {{text}}      NOT NULL DEFAULT '',
	file         {{text}}      NOT NULL,
	sha256       {{text}}      NOT NULL DEFAULT '',
	row_count    {{bigint}}    NOT NULL,
	imported_at  {{timestamp}} NOT NULL,
	imported_by  {{text}}      NOT NULL DEFAULT '',
	municipality {{bigint}}    NOT NULL DEFAULT 0
);

CREATE INDEX imports_time ON imports (imported_at, id);
