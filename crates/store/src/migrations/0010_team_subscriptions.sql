-- Subscriptions an admin makes for a whole team: at notification time they reach whoever is in
-- the team then, by the channels chosen here.
CREATE TABLE team_subscriptions (
    id {serial},
    team_id BIGINT NOT NULL,
    target_kind TEXT NOT NULL,
    target_key TEXT NOT NULL,
    channels TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (team_id, target_kind, target_key)
);
CREATE INDEX team_subscriptions_target ON team_subscriptions (target_kind, target_key);
