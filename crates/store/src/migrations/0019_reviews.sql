-- The scheduling assistant (issue 15).

-- Each person's calendar: a CalDAV account or a secret ICS address. The password (CalDAV) or
-- the address itself (ICS, whose URL is the credential) is sealed with the installation's
-- secret key (ChaCha20-Poly1305); `discovered` keeps what checking found (calendars, the
-- scheduling outbox and inbox) so a busy lookup needs no discovery round trips.
CREATE TABLE calendar_connections (
    user_id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    username TEXT NOT NULL,
    sealed_secret TEXT NOT NULL,
    discovered TEXT NOT NULL,
    checked_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL
);

-- An incident's review meeting: a projection of its review_scheduled and review_cancelled
-- events. The UID stays the same across moves; the sequence grows. caldav_* say where the
-- organizer's own CalDAV calendar holds it (when their server does scheduling).
CREATE TABLE review_meetings (
    incident_id BIGINT PRIMARY KEY,
    uid TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    state TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    caldav_user BIGINT,
    caldav_href TEXT,
    caldav_etag TEXT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX review_meetings_by_time ON review_meetings (state, start_at);

-- Who is invited, and what they answered (projection of review_answered).
CREATE TABLE review_attendees (
    incident_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    required BIGINT NOT NULL,
    answer TEXT,
    answered_sequence BIGINT,
    answered_at BIGINT,
    PRIMARY KEY (incident_id, user_id)
);
CREATE INDEX review_attendees_by_user ON review_attendees (user_id);

-- The attendee list the owner chose before booking (replaced whole); without a row the
-- defaults apply (incident manager, postmortem author, responders required).
CREATE TABLE review_invitee_choices (
    incident_id BIGINT PRIMARY KEY,
    invitees TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The fairness ledger: minutes of review meetings each person sat through outside their core
-- hours, so the early or late slot rotates between zones.
CREATE TABLE review_ledger (
    user_id BIGINT PRIMARY KEY,
    minutes BIGINT NOT NULL
);
