-- 0009_campaign_events: a campaign's decisions as a dated record. Every
-- change of an area's status, the campaign's deadline (an extension), its
-- threshold, an area's provider denominator or its recorded overlay
-- denominator is an event with the day it
-- takes effect, who entered it when and why; a campaign as of a past day is
-- derived from the events effective by then (campaigns.Campaign.AsOf). The
-- columns campaigns.threshold, campaign_areas.status and
-- provider_denominator keep the result of every event.
--
-- What an earlier version stored becomes events: each extension a deadline
-- event on the day it was decided; each area not planned a status event
-- "running" on the campaign's start and, if it went further, one to its
-- status on the day of this upgrade (the day of that decision was not
-- recorded, and the reason says so); each provider denominator an event
-- on the campaign's start.
CREATE TABLE campaign_events (
	id          {{id}},
	campaign_id {{bigint}}    NOT NULL REFERENCES campaigns (id),
	area_id     {{bigint}}    REFERENCES areas (id), -- NULL: the whole campaign
	kind        {{text}}      NOT NULL CHECK (kind IN ('status', 'deadline', 'threshold', 'denominator', 'overlay')),
	effective   {{date}}      NOT NULL,
	from_value  {{text}}      NOT NULL,
	to_value    {{text}}      NOT NULL,
	override    {{bool}}      NOT NULL DEFAULT {{false}},
	corrects    {{bigint}}    REFERENCES campaign_events (id),
	reason      {{text}}      NOT NULL DEFAULT '',
	entered_by  {{text}}      NOT NULL DEFAULT '',
	entered_at  {{timestamp}} NOT NULL,
	FOREIGN KEY (campaign_id, area_id) REFERENCES campaign_areas (campaign_id, area_id)
);

CREATE INDEX campaign_events_campaign ON campaign_events (campaign_id, id);

INSERT INTO campaign_events (campaign_id, area_id, kind, effective, from_value, to_value, reason, entered_by, entered_at)
SELECT x.campaign_id, NULL, 'deadline', x.decided,
	CAST(coalesce(lag(x.deadline) OVER (PARTITION BY x.campaign_id ORDER BY x.id), c.deadline) AS {{text}}),
	CAST(x.deadline AS {{text}}), x.reason, '', {{now}}
FROM campaign_extensions x JOIN campaigns c ON c.id = x.campaign_id
ORDER BY x.campaign_id, x.id;

INSERT INTO campaign_events (campaign_id, area_id, kind, effective, from_value, to_value, reason, entered_by, entered_at)
SELECT ca.campaign_id, ca.area_id, 'status', c.start, 'planned', 'running',
	'Übernommen aus der früheren Version: Beginn der Kampagne', '', {{now}}
FROM campaign_areas ca JOIN campaigns c ON c.id = ca.campaign_id
WHERE ca.status <> 'planned'
ORDER BY ca.campaign_id, ca.position;

INSERT INTO campaign_events (campaign_id, area_id, kind, effective, from_value, to_value, reason, entered_by, entered_at)
SELECT ca.campaign_id, ca.area_id, 'status', {{today}}, 'running', ca.status,
	'Übernommen aus der früheren Version: Tag der Entscheidung nicht erfasst', '', {{now}}
FROM campaign_areas ca
WHERE ca.status NOT IN ('planned', 'running')
ORDER BY ca.campaign_id, ca.position;

INSERT INTO campaign_events (campaign_id, area_id, kind, effective, from_value, to_value, reason, entered_by, entered_at)
SELECT ca.campaign_id, ca.area_id, 'denominator', c.start, '0', CAST(ca.provider_denominator AS {{text}}),
	'Übernommen aus der früheren Version', '', {{now}}
FROM campaign_areas ca JOIN campaigns c ON c.id = ca.campaign_id
WHERE ca.provider_denominator > 0
ORDER BY ca.campaign_id, ca.position;

DROP TABLE campaign_extensions;
