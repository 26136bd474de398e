-- Who follows what: one incident now; severities, tags, services and teams share the table so
-- notifications read one place.
CREATE TABLE subscriptions (
    id {serial},
    user_id BIGINT NOT NULL,
    target_kind TEXT NOT NULL,
    target_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, target_kind, target_key)
);
CREATE INDEX subscriptions_target ON subscriptions (target_kind, target_key);
