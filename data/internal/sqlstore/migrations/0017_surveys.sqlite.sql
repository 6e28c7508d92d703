-- 0017_surveys: the market survey (Markterkundungsverfahren) as a record.
-- surveys holds each survey: its project area (area_id, an area ID; NULL
-- for a survey that covers the whole store, as the one made of the data
-- of before this step), the period it ran (period_from..period_to), its
-- publication date, the time horizon in years (3..7, Gigabit-RL 2.0) and
-- the date of the Branchendialog (NULL if none). survey_operators lists
-- the operators a survey concerns: asked (the office sent them the
-- survey) and answered_on (the day their answer came, NULL: none yet).
-- supply is keyed by (survey, address, answered_by): each operator's
-- answer is kept on its own and replaced on its own (geo.SupplyStore
-- ReplaceOperatorSupply); readers merge them per address (geo.MergeSupply).
-- operator stays the operator the row reports (a consolidated file may
-- name another network than the one answering), answered_by is the
-- survey operator whose answer the row is.
--
-- The supply rows of before this step (one merged row per address) go
-- into one survey "Bestand (vor Migration 0017)" with horizon 3, whose
-- operators are the distinct operator names of those rows (asked, and
-- answered on the day of this step: the real days were not recorded).
-- The step makes no survey when there were no supply rows.
-- SQLite: dates are TEXT 'YYYY-MM-DD'.

CREATE TABLE surveys (
	id             INTEGER PRIMARY KEY,
	name           TEXT NOT NULL CHECK (name <> ''),
	area_id        INTEGER NULL REFERENCES areas (id),
	period_from    TEXT NULL,
	period_to      TEXT NULL,
	published      TEXT NULL,
	horizon_years  INTEGER NOT NULL CHECK (horizon_years BETWEEN 3 AND 7),
	branchendialog TEXT NULL,
	created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	created_by     TEXT NOT NULL DEFAULT '',
	CHECK (period_from IS NULL OR period_to IS NULL OR period_from <= period_to)
);

CREATE TABLE survey_operators (
	survey_id   INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
	operator    TEXT NOT NULL,
	asked       INTEGER NOT NULL DEFAULT 1,
	answered_on TEXT NULL,
	PRIMARY KEY (survey_id, operator)
);

INSERT INTO surveys (name, horizon_years, created_by)
	SELECT 'Bestand (vor Migration 0017)', 3, 'Migration 0017'
	WHERE EXISTS (SELECT 1 FROM supply);

INSERT INTO survey_operators (survey_id, operator, asked, answered_on)
	SELECT DISTINCT (SELECT max(id) FROM surveys), operator, 1, date('now')
	FROM supply;

CREATE TABLE supply_new (
	survey_id        INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
	address_id       INTEGER NOT NULL REFERENCES addresses (id) ON DELETE CASCADE,
	answered_by      TEXT NOT NULL,
	operator         TEXT NOT NULL DEFAULT '',
	download         REAL NOT NULL DEFAULT 0 CHECK (download >= 0),
	upload           REAL NOT NULL DEFAULT 0 CHECK (upload >= 0),
	technology       TEXT NOT NULL DEFAULT '',
	planned_operator TEXT NOT NULL DEFAULT '',
	planned_date     TEXT NULL,
	source           TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (survey_id, address_id, answered_by),
	FOREIGN KEY (survey_id, answered_by) REFERENCES survey_operators (survey_id, operator)
);

INSERT INTO supply_new (survey_id, address_id, answered_by, operator, download, upload, technology,
		planned_operator, planned_date, source)
	SELECT (SELECT max(id) FROM surveys), address_id, operator, operator, download, upload, technology,
		planned_operator, planned_date, source
	FROM supply;

DROP TABLE supply;
ALTER TABLE supply_new RENAME TO supply;
CREATE INDEX supply_address ON supply (address_id);
