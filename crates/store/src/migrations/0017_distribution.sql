-- Postmortem distribution (issue 14). One row per reader of an incident's postmortem: a person
-- (address 'user:<id>') or a channel (a mailing-list address, a Slack channel id, a webhook URL).
-- Written when a version is distributed; opened_at, acknowledged_at and reminded_at record what
-- the reader did with their personal link.
CREATE TABLE postmortem_readers (
    id {serial},
    incident_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    user_id BIGINT,
    address TEXT NOT NULL,
    reasons TEXT NOT NULL,
    rendering TEXT NOT NULL,
    required BIGINT NOT NULL,
    version_sent BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    opened_at BIGINT,
    version_read BIGINT,
    acknowledged_at BIGINT,
    reminded_at BIGINT,
    UNIQUE (incident_id, kind, address)
);
CREATE INDEX postmortem_readers_by_user ON postmortem_readers (user_id);

-- Each distributed version: a projection of the postmortem_distributed event.
CREATE TABLE postmortem_distributions (
    incident_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    distributed_at BIGINT NOT NULL,
    people BIGINT NOT NULL,
    channels BIGINT NOT NULL,
    PRIMARY KEY (incident_id, version)
);

-- What a version's messages say, rendered once per rendering (full, summary) however many read
-- it: the messages' jobs name their reader, and the engine fills this in when it sends.
CREATE TABLE postmortem_renderings (
    incident_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    rendering TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    changes TEXT NOT NULL,
    PRIMARY KEY (incident_id, version, rendering)
);

-- People who unsubscribed (List-Unsubscribe) from postmortems they are not required to read.
CREATE TABLE postmortem_opt_outs (
    user_id BIGINT PRIMARY KEY,
    opted_out_at BIGINT NOT NULL
);
