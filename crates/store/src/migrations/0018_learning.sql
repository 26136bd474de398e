-- Participants' feedback on how an incident's response went (issue 14): one answer per person
-- per incident (sending again replaces it). Shown only summed up per team, never with names.
CREATE TABLE incident_feedback (
    incident_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    score BIGINT NOT NULL,
    comment TEXT,
    submitted_at BIGINT NOT NULL,
    PRIMARY KEY (incident_id, user_id)
);
