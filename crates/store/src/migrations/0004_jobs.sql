-- The delivery engine's durable queue (docs/delivery.md). A request writes its events and the
-- jobs they cause in one transaction; workers claim due jobs, lease them, and record the outcome.
-- States: queued -> running -> done | dead, and running -> queued again on a failed attempt.
CREATE TABLE jobs (
    id {serial},
    kind TEXT NOT NULL,
    destination TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    incident_id BIGINT,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    run_at BIGINT NOT NULL,
    lease_until BIGINT,
    leased_by TEXT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    finished_at BIGINT
);
-- Claiming reads due queued jobs and expired running ones by time; the destination lets the
-- per-destination cap be counted from the index alone.
CREATE INDEX jobs_claim ON jobs (state, run_at, destination);
CREATE INDEX jobs_lease ON jobs (state, lease_until);
-- The dead-letter list, newest first.
CREATE INDEX jobs_dead ON jobs (state, id);
CREATE INDEX jobs_incident ON jobs (incident_id);
