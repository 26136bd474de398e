-- Who follows what (one incident, a severity, a tag) and how they want to hear of it: a
-- comma-separated list of channels (email, sms, slack). Notifications read this one table.
CREATE TABLE subscriptions (
    id {serial},
    user_id BIGINT NOT NULL,
    target_kind TEXT NOT NULL,
    target_key TEXT NOT NULL,
    channels TEXT NOT NULL DEFAULT 'email',
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, target_kind, target_key)
);
CREATE INDEX subscriptions_target ON subscriptions (target_kind, target_key);
