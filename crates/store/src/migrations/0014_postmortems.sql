-- Postmortems (issue 13). Each incident has at most one. Its review state is a projection of the
-- incident's postmortem_* events, written in the same transaction; its document is a Yjs
-- document kept as an append-only log of updates plus a snapshot the log is compacted into.
CREATE TABLE postmortems (
    incident_id {int_pk},
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    opened_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT
);

-- Who was asked to review the current round, and what each said ('approved',
-- 'changes_requested', or NULL while waiting).
CREATE TABLE postmortem_reviewers (
    incident_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    verdict TEXT,
    PRIMARY KEY (incident_id, user_id)
);

-- The document's updates since its snapshot, in the order they became durable. `seq` is per
-- document; an update is acknowledged to its sender only after its row commits.
CREATE TABLE postmortem_updates (
    incident_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    bytes {blob} NOT NULL,
    user_id BIGINT,
    at BIGINT NOT NULL,
    PRIMARY KEY (incident_id, seq)
);

-- Every update up to `upto_seq`, merged. Compaction replaces it and deletes exactly the rows it
-- merged, under the document's lock.
CREATE TABLE postmortem_snapshots (
    incident_id {int_pk},
    upto_seq BIGINT NOT NULL,
    bytes {blob} NOT NULL
);

-- Each published version, frozen.
CREATE TABLE postmortem_versions (
    incident_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    bytes {blob} NOT NULL,
    published_at BIGINT NOT NULL,
    published_by BIGINT,
    PRIMARY KEY (incident_id, version)
);

-- Inline comment threads, anchored in the document by a `comment` mark holding the thread id.
CREATE TABLE postmortem_threads (
    id {serial},
    incident_id BIGINT NOT NULL,
    quote TEXT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    resolved_at BIGINT,
    resolved_by BIGINT
);
CREATE INDEX postmortem_threads_incident ON postmortem_threads (incident_id);

CREATE TABLE postmortem_replies (
    id {serial},
    thread_id BIGINT NOT NULL,
    author_id BIGINT,
    body TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX postmortem_replies_thread ON postmortem_replies (thread_id);

-- A template per incident type, as JSON sections; a type without a row uses the default.
CREATE TABLE postmortem_templates (
    type_key TEXT PRIMARY KEY,
    sections TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Admin-edited lists kept whole (the contributing-factor taxonomy), as JSON.
CREATE TABLE postmortem_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The incident's own record of its postmortem's stage (JSON {state, version}), so that moves are
-- decided by the incident's write path, one at a time.
ALTER TABLE incidents ADD COLUMN postmortem TEXT;

-- Which status opens a severity's postmortem by itself (NULL: only by hand).
ALTER TABLE severities ADD COLUMN postmortem_on TEXT;
UPDATE severities SET postmortem_on = 'resolved' WHERE key IN ('SEV0', 'SEV1', 'SEV2');
