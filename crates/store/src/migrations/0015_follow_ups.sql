-- Follow-ups (issue 14): the actions an incident leaves behind. A projection of the incident's
-- follow_up_added and follow_up_changed events, written in the same transaction. `id` is the id
-- of the follow_up_added event. Dates are civil days as 'YYYY-MM-DD' (they sort as text).
CREATE TABLE follow_ups (
    id {int_pk},
    incident_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    owner_id BIGINT,
    team_id BIGINT,
    due_on TEXT,
    priority TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- First promised (committed or in progress); only these count toward on-time figures.
    committed_at BIGINT,
    -- Done or decided against; cleared when it is reopened.
    completed_at BIGINT
);
CREATE INDEX follow_ups_by_incident ON follow_ups (incident_id, id);
CREATE INDEX follow_ups_by_owner ON follow_ups (owner_id, status, due_on);
CREATE INDEX follow_ups_by_team ON follow_ups (team_id, status, due_on);
CREATE INDEX follow_ups_by_due ON follow_ups (status, due_on, id);
