-- 0022_campaign_signup_url: the provider's sign-up page of a campaign
-- (an http or https URL, '' for none), which the citizens' answer links
-- as the next step.
ALTER TABLE campaigns ADD COLUMN signup_url {{text}} NOT NULL DEFAULT '';
