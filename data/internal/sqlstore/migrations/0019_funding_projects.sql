-- 0019_funding_projects: funding projects (Förderprojekte, issue 17).
-- funding_projects holds a project: its name (unique, case-insensitive by
-- the store's check), the AGS of the municipalities it is filed for
-- (comma-separated, a county agency files for several), the rule set's
-- name, the market survey it was judged under (NULL: none yet), the day
-- its project area was frozen (NULL: not yet) and the optimistic version
-- that every change bumps. funding_project_areas are its areas
-- (Ortsteile), funding_project_addresses the frozen project area: the
-- address IDs of the eligible list on the day of freezing.
-- funding_milestones are the dated milestones, appended and never
-- changed: a correction is a new row naming the one it corrects.
-- funding_budget holds the approved and actual amount per share (euro
-- cents), funding_budget_years the municipality's share per year; the
-- approved total is funding_projects.budget_total.
CREATE TABLE funding_projects (
	id             {{id}},
	name           {{text}}      NOT NULL CHECK (name <> ''),
	name_key       {{text}}      NOT NULL UNIQUE,
	municipalities {{text}}      NOT NULL,
	rule_set       {{text}}      NOT NULL DEFAULT '',
	survey_id      {{bigint}}    NULL REFERENCES surveys (id),
	frozen_on      {{date}}      NULL,
	budget_total   {{bigint}}    NOT NULL DEFAULT 0 CHECK (budget_total >= 0),
	version        {{bigint}}    NOT NULL DEFAULT 1,
	created_at     {{timestamp}} NOT NULL,
	created_by     {{text}}      NOT NULL DEFAULT ''
);

CREATE TABLE funding_project_areas (
	project_id {{bigint}} NOT NULL REFERENCES funding_projects (id) ON DELETE CASCADE,
	area_id    {{bigint}} NOT NULL REFERENCES areas (id),
	PRIMARY KEY (project_id, area_id)
);

CREATE TABLE funding_project_addresses (
	project_id {{bigint}} NOT NULL REFERENCES funding_projects (id) ON DELETE CASCADE,
	address_id {{bigint}} NOT NULL REFERENCES addresses (id) ON DELETE CASCADE,
	PRIMARY KEY (project_id, address_id)
);

CREATE INDEX funding_project_addresses_address ON funding_project_addresses (address_id);

CREATE TABLE funding_milestones (
	id         {{id}},
	project_id {{bigint}}    NOT NULL REFERENCES funding_projects (id) ON DELETE CASCADE,
	kind       {{text}}      NOT NULL,
	day        {{date}}      NOT NULL,
	operator   {{text}}      NOT NULL DEFAULT '',
	model      {{text}}      NOT NULL DEFAULT '',
	corrects   {{bigint}}    NULL REFERENCES funding_milestones (id),
	note       {{text}}      NOT NULL DEFAULT '',
	entered_by {{text}}      NOT NULL DEFAULT '',
	entered_at {{timestamp}} NOT NULL
);

CREATE INDEX funding_milestones_project ON funding_milestones (project_id, id);

CREATE TABLE funding_budget (
	project_id {{bigint}} NOT NULL REFERENCES funding_projects (id) ON DELETE CASCADE,
	share      {{text}}   NOT NULL,
	approved   {{bigint}} NOT NULL CHECK (approved >= 0),
	actual     {{bigint}} NOT NULL CHECK (actual >= 0),
	PRIMARY KEY (project_id, share)
);

CREATE TABLE funding_budget_years (
	project_id {{bigint}} NOT NULL REFERENCES funding_projects (id) ON DELETE CASCADE,
	year       {{bigint}} NOT NULL,
	amount     {{bigint}} NOT NULL CHECK (amount >= 0),
	PRIMARY KEY (project_id, year)
);
