-- How often stakeholders expect a status update per severity (the dashboard flags incidents
-- past it), with the defaults new installations get for the default severities.
ALTER TABLE severities ADD COLUMN update_every_minutes BIGINT;
UPDATE severities SET update_every_minutes = 15 WHERE key = 'SEV0';
UPDATE severities SET update_every_minutes = 30 WHERE key = 'SEV1';
UPDATE severities SET update_every_minutes = 60 WHERE key = 'SEV2';
UPDATE severities SET update_every_minutes = 240 WHERE key = 'SEV3';

-- Why a job failed for good, when admins must act: 'configuration' (the channel is not set up
-- on this server, or its credentials were refused). Such failures become admin notices.
ALTER TABLE jobs ADD COLUMN cause TEXT;
