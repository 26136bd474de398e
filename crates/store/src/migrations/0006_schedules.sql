-- On-call schedules (issue 5). A schedule's layers are one JSON document in `layers` (the
-- written form, goldseam_core::schedule::LayerSpec): they are always read, replaced and resolved
-- together, and their order is their meaning. What other queries need from them is kept
-- beside it: schedule_participants answers "which schedules is this person in". Overrides are
-- rows: people add and remove them one at a time, concurrently, and they are found by time.
CREATE TABLE schedules (
    id {serial},
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    layers TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE schedule_participants (
    schedule_id BIGINT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (schedule_id, user_id)
);
CREATE INDEX schedule_participants_user ON schedule_participants (user_id);

CREATE TABLE schedule_overrides (
    id {serial},
    schedule_id BIGINT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX schedule_overrides_schedule ON schedule_overrides (schedule_id, starts_at);
CREATE INDEX schedule_overrides_user ON schedule_overrides (user_id, ends_at);

-- Calendar apps cannot send headers, so feeds carry a per-user secret in the URL; only its
-- SHA-256 is kept, like API tokens. One per user: rotating replaces it.
CREATE TABLE calendar_feed_tokens (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
