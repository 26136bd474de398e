-- Escalation policies, response rules, pages (escalations under way) and instance settings such
-- as the incident-manager schedule. Levels, conditions and actions are JSON: they are read and
-- written whole, and matched in Rust (goldseam_core::response), never queried by parts.
CREATE TABLE escalation_policies (
    id {serial},
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    levels TEXT NOT NULL,
    repeat_count BIGINT NOT NULL,
    repeat_after_secs BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE response_rules (
    id {serial},
    name TEXT NOT NULL,
    position BIGINT NOT NULL,
    enabled BIGINT NOT NULL,
    conditions TEXT NOT NULL,
    actions TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE pages (
    id {serial},
    incident_id BIGINT NOT NULL,
    policy_id BIGINT,
    user_id BIGINT,
    reason TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    acknowledged_at BIGINT,
    acknowledged_by BIGINT
);
CREATE INDEX pages_incident ON pages (incident_id);
