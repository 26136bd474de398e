-- Claims rank only the head of the queue (docs/delivery.md): the oldest due jobs in (run_at, id)
-- order, read from an index in that order and cut by a LIMIT. Jobs enqueued together share a
-- run_at, and a rate-limited destination's waiting jobs are all moved to the same run_at, so the
-- id must be in the index: ordered by destination after run_at, a claim had to read and sort a
-- whole group of equal run_at to find its oldest ids.
DROP INDEX jobs_claim;
CREATE INDEX jobs_claim ON jobs (state, run_at, id);
-- One destination's jobs, for bundling what waits for a rate-limited destination and for moving
-- it out of the head of the queue while its slot is busy, without reading the rest of the queue.
CREATE INDEX jobs_destination ON jobs (destination, state, run_at, id);
