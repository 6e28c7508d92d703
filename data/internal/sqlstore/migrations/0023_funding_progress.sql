-- 0023_funding_progress: construction progress of funding projects, as
-- construction_progress and construction_dates (0020) hold it for a
-- campaign area.
--
-- funding_progress holds the operator's progress reports: homes passed,
-- connected and activated in a funding project (street '' for the whole
-- project, else the street reported for) as of a date. Appended, never
-- changed: a later report is a new row. source names where it came from
-- (file:line of an import).
--
-- funding_build_dates holds the expected construction start and
-- completion of a funding project as reported (or decided) on a day; a
-- revision is a new row and the one reported last counts.
--
-- Both are written with the project (UpdateFundingProject, under its
-- version) and read with it.
CREATE TABLE funding_progress (
	id          {{id}},
	project_id  {{bigint}}    NOT NULL REFERENCES funding_projects (id),
	street      {{text}}      NOT NULL DEFAULT '',
	as_of       {{date}}      NOT NULL,
	passed      {{bigint}}    NOT NULL CHECK (passed >= 0),
	connected   {{bigint}}    NOT NULL CHECK (connected >= 0 AND connected <= passed),
	activated   {{bigint}}    NOT NULL CHECK (activated >= 0 AND activated <= connected),
	source      {{text}}      NOT NULL DEFAULT '',
	entered_by  {{text}}      NOT NULL DEFAULT '',
	entered_at  {{timestamp}} NOT NULL
);

CREATE INDEX funding_progress_project ON funding_progress (project_id, id);

CREATE TABLE funding_build_dates (
	id          {{id}},
	project_id  {{bigint}}    NOT NULL REFERENCES funding_projects (id),
	kind        {{text}}      NOT NULL CHECK (kind IN ('start', 'completion')),
	expected    {{date}}      NOT NULL,
	reported    {{date}}      NOT NULL,
	reason      {{text}}      NOT NULL DEFAULT '',
	entered_by  {{text}}      NOT NULL DEFAULT '',
	entered_at  {{timestamp}} NOT NULL
);

CREATE INDEX funding_build_dates_project ON funding_build_dates (project_id, id);
