-- Who looked at which private incident, and how (DESIGN.md: each access is audited).
CREATE TABLE access_log (
    id {serial},
    incident_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX access_log_incident ON access_log (incident_id, id);
