-- 0021_citizen_reports: citizens' reports ("Angabe falsch? Adresse
-- fehlt?"). kind is status / missing / other (checked by the store, as
-- campaigns.CleanReport); address_id is the reported address (NULL for a
-- typed one, which keeps no link: a later import may drop the address);
-- address is the text the citizen saw or typed; lon/lat a WGS84 position
-- when has_position. email is optional. municipality is the area ID of
-- the address's municipality (0: unknown). A report is open until
-- closed_at is set, with closed_by and the office's answer: the dated
-- decision.
CREATE TABLE citizen_reports (
	id           {{id}},
	kind         {{text}}      NOT NULL,
	address_id   {{bigint}}    NULL,
	address      {{text}}      NOT NULL,
	has_position {{bool}}      NOT NULL DEFAULT {{false}},
	lon          {{float}}     NOT NULL DEFAULT 0,
	lat          {{float}}     NOT NULL DEFAULT 0,
	body         {{text}}      NOT NULL DEFAULT '',
	email        {{text}}      NOT NULL DEFAULT '',
	municipality {{bigint}}    NOT NULL DEFAULT 0,
	created_at   {{timestamp}} NOT NULL,
	closed_at    {{timestamp}} NULL,
	closed_by    {{text}}      NOT NULL DEFAULT '',
	answer       {{text}}      NOT NULL DEFAULT ''
);

CREATE INDEX citizen_reports_created ON citizen_reports (created_at, id);
