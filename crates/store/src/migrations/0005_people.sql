-- People, teams and services (docs/people.md). Names are unique ignoring case through a
-- lowercased key column, the one way both databases enforce it with a plain UNIQUE.
CREATE TABLE teams (
    id {serial},
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    -- Plain ids: schedules and escalation policies live in tables of their own.
    schedule_id BIGINT,
    escalation_policy_id BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE team_members (
    team_id BIGINT NOT NULL REFERENCES teams (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    role TEXT,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE services (
    id {serial},
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    -- A JSON array of normalized tags, as on incidents.
    tags TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX services_team ON services (team_id);

-- code_hash is an argon2 hash of the outstanding verification code, never the code.
CREATE TABLE contact_methods (
    id {serial},
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    address TEXT NOT NULL,
    verified_at BIGINT,
    code_hash TEXT,
    code_issued_at BIGINT,
    code_tries BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (user_id, kind, address)
);

CREATE TABLE notification_rules (
    id {serial},
    user_id BIGINT NOT NULL REFERENCES users (id),
    contact_method_id BIGINT NOT NULL REFERENCES contact_methods (id),
    delay_minutes BIGINT NOT NULL,
    urgency TEXT,
    position BIGINT NOT NULL
);
CREATE INDEX notification_rules_user ON notification_rules (user_id, position);
CREATE INDEX notification_rules_method ON notification_rules (contact_method_id);

-- working_hours: a JSON array of {"day": 0-6 from Monday, "start": minute, "end": minute}.
CREATE TABLE user_profiles (
    user_id {int_pk} REFERENCES users (id),
    time_zone TEXT,
    working_hours TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
