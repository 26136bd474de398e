-- Alerts in (issue 16): integrations that monitoring tools send to, the inbox their requests
-- are stored in before they are answered, and the alerts and groups processing makes of them.

-- An integration: one sender's kind, its key (looked up by digest; sealed so admins can read
-- it again), an optional signing secret (sealed), who owns it, and its policy (routes, windows)
-- as JSON, read and written whole. The counters are per integration, for its page and /metrics.
CREATE TABLE alert_integrations (
    id {serial},
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    key_digest TEXT NOT NULL UNIQUE,
    sealed_key TEXT NOT NULL,
    sealed_secret TEXT,
    service_id BIGINT,
    team_id BIGINT,
    policy TEXT NOT NULL,
    mapping TEXT,
    received BIGINT NOT NULL DEFAULT 0,
    deduplicated BIGINT NOT NULL DEFAULT 0,
    grouped BIGINT NOT NULL DEFAULT 0,
    rejected BIGINT NOT NULL DEFAULT 0,
    last_received_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Every accepted request, raw, in arrival order. Processing takes the unprocessed ones in id
-- order and marks them in the transaction that applies them, so each is applied exactly once;
-- `outcome` is what became of each alert it carried and why (JSON), `error` why it could not be read.
-- The sender's delivery id (PagerDuty v3's event id), when it has one, drops a redelivery.
CREATE TABLE alert_inbox (
    id {serial},
    integration_id BIGINT NOT NULL,
    endpoint TEXT NOT NULL,
    subject TEXT,
    assigned_key TEXT,
    delivery_id TEXT,
    headers TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    processed_at BIGINT,
    outcome TEXT,
    error TEXT,
    UNIQUE (integration_id, delivery_id)
);
CREATE INDEX alert_inbox_waiting ON alert_inbox (id) WHERE processed_at IS NULL;
CREATE INDEX alert_inbox_by_integration ON alert_inbox (integration_id, id);
CREATE INDEX alert_inbox_received ON alert_inbox (received_at);

-- Groups of alerts: one route and rendered key while open. `reopened` and `recent` are JSON
-- lists of times (flapping and a route's threshold).
CREATE TABLE alert_groups (
    id {serial},
    integration_id BIGINT NOT NULL,
    route TEXT NOT NULL,
    group_key TEXT NOT NULL,
    status TEXT NOT NULL,
    storm BIGINT NOT NULL,
    first_opened_at BIGINT NOT NULL,
    opened_at BIGINT NOT NULL,
    resolved_at BIGINT,
    last_alert_at BIGINT NOT NULL,
    received BIGINT NOT NULL,
    alerts BIGINT NOT NULL,
    firing BIGINT NOT NULL,
    last_fired TEXT,
    reopened TEXT NOT NULL,
    flapping BIGINT NOT NULL,
    triggered BIGINT NOT NULL,
    recent TEXT NOT NULL,
    summary TEXT NOT NULL,
    severity TEXT NOT NULL,
    incident_id BIGINT,
    opened_incident BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX alert_groups_by_key ON alert_groups (integration_id, group_key, id);
CREATE INDEX alert_groups_by_status ON alert_groups (integration_id, status, id);
CREATE INDEX alert_groups_by_incident ON alert_groups (incident_id);

-- Alerts: one row per integration and dedup key, the latest word of its sender, with why the
-- last request about it did what it did.
CREATE TABLE alerts (
    id {serial},
    integration_id BIGINT NOT NULL,
    dedup_key TEXT NOT NULL,
    key_from TEXT NOT NULL,
    group_id BIGINT,
    status TEXT NOT NULL,
    summary TEXT NOT NULL,
    severity TEXT NOT NULL,
    source TEXT,
    labels TEXT NOT NULL,
    annotations TEXT NOT NULL,
    links TEXT NOT NULL,
    starts_at BIGINT,
    ends_at BIGINT,
    digest BIGINT NOT NULL,
    received BIGINT NOT NULL,
    fired_at BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    inbox_id BIGINT NOT NULL,
    route TEXT NOT NULL,
    group_key TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    UNIQUE (integration_id, dedup_key)
);
CREATE INDEX alerts_by_group ON alerts (group_id, id);
CREATE INDEX alerts_by_last ON alerts (last_at, id);
