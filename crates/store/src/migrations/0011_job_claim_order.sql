-- Claims rank only the head of the queue (docs/delivery.md): the oldest due queued jobs in
-- (run_at, id) order, read from an index in that order and cut by a LIMIT. The id is in the
-- index because jobs enqueued together share a run_at, and so do a busy destination's waiting
-- jobs once they are moved to when its slot opens. The index holds queued jobs only: it stays
-- small however many done jobs the table keeps, so PostgreSQL still picks it for the head when
-- its statistics say the queue is nearly empty (they lag a sudden storm: a table of done jobs is
-- analyzed again only after a tenth of it changed). The state leads so that SQLite, which plans
-- without statistics, sees it answer the state as well as the order.
DROP INDEX jobs_claim;
CREATE INDEX jobs_queue ON jobs (state, run_at, id) WHERE state = 'queued';
-- One destination's jobs, for bundling what waits for a rate-limited destination and for moving
-- it out of the head of the queue while its slot is busy, without reading the rest of the queue.
CREATE INDEX jobs_destination ON jobs (destination, state, run_at, id);
