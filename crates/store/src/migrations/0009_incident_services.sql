-- The services an incident affects (ids from the service catalog), as a JSON array like tags:
-- rules match on them and people subscribe to them.
ALTER TABLE incidents ADD COLUMN services TEXT NOT NULL DEFAULT '[]';
