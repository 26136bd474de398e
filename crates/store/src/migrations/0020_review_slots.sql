-- Recurring team review slots (issue 15): a team's standing review meeting, whose agenda is the
-- postmortems it published since the last one.

-- The series: a weekly rule on the wall clock of `zone`, from the anchor date `starts_on`
-- (DTSTART's date, 'YYYY-MM-DD'). `sequence` is the iTIP SEQUENCE last used (raised by every
-- change and by each instance cancelled); `series_sequence` the one of the last message about
-- the whole series, so an email queued for an older one sends nothing. Deleting a slot keeps
-- the row (active = 0): its agendas stay readable.
CREATE TABLE review_slots (
    id {serial},
    team_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    zone TEXT NOT NULL,
    start_time TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    rrule TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    organizer_id BIGINT NOT NULL,
    uid TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    series_sequence BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    active BIGINT NOT NULL
);
CREATE INDEX review_slots_by_team ON review_slots (team_id, active);

-- Which instance (its start, UTC microseconds) each published postmortem is on: one per slot.
-- `added_at` is when the postmortem was published, which decides the instance.
CREATE TABLE review_slot_agenda (
    slot_id BIGINT NOT NULL,
    instance_at BIGINT NOT NULL,
    incident_id BIGINT NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (slot_id, incident_id)
);
CREATE INDEX review_slot_agenda_by_instance ON review_slot_agenda (slot_id, instance_at);

-- What the job 24 hours before an instance decided, written in the transaction that queues its
-- emails: the primary key makes it once-only, across restarts and instances.
CREATE TABLE review_slot_instances (
    slot_id BIGINT NOT NULL,
    instance_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (slot_id, instance_at)
);
