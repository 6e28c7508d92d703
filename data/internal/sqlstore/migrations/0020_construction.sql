-- 0020_construction: construction after the build commitment, and the
-- municipality's own sites network.
--
-- construction_progress holds the providers' progress reports: homes
-- passed, connected and activated in a campaign area (street '' for the
-- whole area, else the street the provider reported for) as of a date.
-- Appended, never changed: a later report is a new row. source names
-- where it came from (file:line of an import, or 'Büro').
--
-- construction_dates holds the expected construction start and
-- completion of a campaign area as reported (or decided) on a day; a
-- revision is a new row and the one reported last counts.
--
-- sites are the municipality's own sites (schools, town hall, Kitas …),
-- linked to their address, to the campaign whose facility contracts serve
-- them, or to a funding project: project_id names it by ID without a
-- foreign key (the funding projects are another store's table).
-- site_changes is each site's connection state as a dated record.
CREATE TABLE construction_progress (
	id          {{id}},
	campaign_id {{bigint}}    NOT NULL REFERENCES campaigns (id),
	area_id     {{bigint}}    NOT NULL REFERENCES areas (id),
	street      {{text}}      NOT NULL DEFAULT '',
	as_of       {{date}}      NOT NULL,
	passed      {{bigint}}    NOT NULL CHECK (passed >= 0),
	connected   {{bigint}}    NOT NULL CHECK (connected >= 0 AND connected <= passed),
	activated   {{bigint}}    NOT NULL CHECK (activated >= 0 AND activated <= connected),
	source      {{text}}      NOT NULL DEFAULT '',
	entered_by  {{text}}      NOT NULL DEFAULT '',
	entered_at  {{timestamp}} NOT NULL,
	FOREIGN KEY (campaign_id, area_id) REFERENCES campaign_areas (campaign_id, area_id)
);

CREATE INDEX construction_progress_campaign ON construction_progress (campaign_id, id);

CREATE TABLE construction_dates (
	id          {{id}},
	campaign_id {{bigint}}    NOT NULL REFERENCES campaigns (id),
	area_id     {{bigint}}    NOT NULL REFERENCES areas (id),
	kind        {{text}}      NOT NULL CHECK (kind IN ('start', 'completion')),
	expected    {{date}}      NOT NULL,
	reported    {{date}}      NOT NULL,
	reason      {{text}}      NOT NULL DEFAULT '',
	entered_by  {{text}}      NOT NULL DEFAULT '',
	entered_at  {{timestamp}} NOT NULL,
	FOREIGN KEY (campaign_id, area_id) REFERENCES campaign_areas (campaign_id, area_id)
);

CREATE INDEX construction_dates_campaign ON construction_dates (campaign_id, id);

CREATE TABLE sites (
	id          {{id}},
	name        {{text}}      NOT NULL CHECK (name <> ''),
	name_fold   {{text}}      NOT NULL UNIQUE,
	kind        {{text}}      NOT NULL,
	address_id  {{bigint}}    REFERENCES addresses (id),
	campaign_id {{bigint}}    REFERENCES campaigns (id),
	project_id  {{bigint}},
	created_at  {{timestamp}} NOT NULL
);

CREATE TABLE site_changes (
	id          {{id}},
	site_id     {{bigint}}    NOT NULL REFERENCES sites (id),
	state       {{text}}      NOT NULL CHECK (state IN ('planned', 'ordered', 'construction', 'connected')),
	effective   {{date}}      NOT NULL,
	reason      {{text}}      NOT NULL DEFAULT '',
	entered_by  {{text}}      NOT NULL DEFAULT '',
	entered_at  {{timestamp}} NOT NULL
);

CREATE INDEX site_changes_site ON site_changes (site_id, id);
