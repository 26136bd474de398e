-- Goldseam's first schema. Written once for both databases: {serial} and {int_pk} are replaced
-- per dialect (see migrate.rs). Times are BIGINT microseconds since the epoch, UTC; booleans are
-- BIGINT 0/1 so both databases read them back the same way.

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('incident', 0), ('event', 0);

CREATE TABLE users (
    id {serial},
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id {serial},
    user_id BIGINT NOT NULL REFERENCES users (id),
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE severities (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    rank BIGINT NOT NULL
);

CREATE TABLE incident_types (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    default_private BIGINT NOT NULL,
    position BIGINT NOT NULL
);

CREATE TABLE role_kinds (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    single_holder BIGINT NOT NULL,
    position BIGINT NOT NULL
);

-- The projection of each incident's events, rewritten in the transaction that appends them.
CREATE TABLE incidents (
    id {int_pk},
    title TEXT NOT NULL,
    summary TEXT,
    severity TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    private BIGINT NOT NULL,
    tags TEXT NOT NULL,
    roles TEXT NOT NULL,
    pinned TEXT NOT NULL,
    declared_by BIGINT,
    declared_at BIGINT NOT NULL,
    acknowledged_at BIGINT,
    mitigated_at BIGINT,
    resolved_at BIGINT,
    closed_at BIGINT,
    canceled_at BIGINT,
    cancel_reason TEXT,
    reopened_count BIGINT NOT NULL,
    last_update TEXT,
    updated_at BIGINT NOT NULL,
    last_seq BIGINT NOT NULL
);
CREATE INDEX incidents_status ON incidents (status, id);
CREATE INDEX incidents_severity ON incidents (severity, id);

-- Indexes over the projection for list filters and the visibility rule.
CREATE TABLE incident_tags (
    incident_id BIGINT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (incident_id, tag)
);
CREATE INDEX incident_tags_tag ON incident_tags (tag, incident_id);

CREATE TABLE incident_participants (
    incident_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    PRIMARY KEY (incident_id, user_id)
);

-- The append-only log. `id` comes from the 'event' counter, taken last in each transaction,
-- so ids are in commit order and a stream that resumes after id N misses nothing.
CREATE TABLE events (
    id {int_pk},
    incident_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor_id BIGINT,
    at BIGINT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (incident_id, seq)
);

-- Current text of each comment, keyed by its comment_added event id.
CREATE TABLE comments (
    id {int_pk},
    incident_id BIGINT NOT NULL,
    author_id BIGINT,
    body TEXT NOT NULL,
    deleted BIGINT NOT NULL
);

CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL,
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    resource TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, scope, key)
);
