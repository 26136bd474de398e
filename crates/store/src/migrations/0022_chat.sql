-- Chat (issue 17): what Slack and Mattermost told Goldseam (stored before it is acknowledged),
-- which channel and messages belong to which incident, who a chat user is, and where each
-- incident is announced.

-- Everything a platform sent, as core's `Inbound` JSON, stored before the platform is answered.
-- `dedup_id` is the platform's event id (a retry repeats it), so a redelivery stores nothing.
-- Processing takes the waiting rows in id order and marks each with what became of it.
CREATE TABLE chat_inbox (
    id {serial},
    platform TEXT NOT NULL,
    dedup_id TEXT NOT NULL,
    inbound TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    processed_at BIGINT,
    outcome TEXT,
    UNIQUE (platform, dedup_id)
);
CREATE INDEX chat_inbox_waiting ON chat_inbox (id) WHERE processed_at IS NULL;
CREATE INDEX chat_inbox_received ON chat_inbox (received_at);

-- The channel opened for an incident; archived some days after it closed. `private` is how
-- it was made: a public channel stops being mirrored to when its incident turns private.
CREATE TABLE chat_channels (
    platform TEXT NOT NULL,
    incident_id BIGINT NOT NULL,
    channel_id TEXT NOT NULL,
    name TEXT NOT NULL,
    private BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    archive_at BIGINT,
    archived_at BIGINT,
    reminded_at BIGINT,
    PRIMARY KEY (platform, incident_id),
    UNIQUE (platform, channel_id)
);
CREATE INDEX chat_channels_archive ON chat_channels (archive_at) WHERE archived_at IS NULL;

-- A chat message and the timeline event it is (written in the chat) or shows (sent there):
-- edits, deletions, pins and thread replies find each other through it.
CREATE TABLE chat_messages (
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    ts TEXT NOT NULL,
    incident_id BIGINT NOT NULL,
    event_id BIGINT NOT NULL,
    PRIMARY KEY (platform, channel_id, ts)
);
CREATE INDEX chat_messages_by_event ON chat_messages (platform, event_id);

-- Who a chat user is in Goldseam, matched by email and kept for a while (`user_id` is NULL for
-- someone with no account, so they are told once rather than looked up on every message).
CREATE TABLE chat_people (
    platform TEXT NOT NULL,
    chat_user TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    user_id BIGINT,
    fetched_at BIGINT NOT NULL,
    PRIMARY KEY (platform, chat_user)
);
CREATE INDEX chat_people_by_user ON chat_people (platform, user_id);

-- An incident's post in an announcement channel. `due_at` says an edit is wanted (no sooner
-- than then) and `wants` counts the changes that asked, so a change during a send is not lost;
-- `rendered` is a digest of what the post shows, so an edit that would change nothing is skipped.
CREATE TABLE chat_announcements (
    platform TEXT NOT NULL,
    incident_id BIGINT NOT NULL,
    channel_id TEXT NOT NULL,
    ts TEXT,
    rendered TEXT,
    edited_at BIGINT,
    edits BIGINT NOT NULL DEFAULT 0,
    wants BIGINT NOT NULL DEFAULT 0,
    due_at BIGINT,
    PRIMARY KEY (platform, incident_id, channel_id)
);
CREATE INDEX chat_announcements_due ON chat_announcements (due_at) WHERE due_at IS NOT NULL;

-- Per platform: the last timeline event the engine acted on, and which instance runs the
-- engine (a lease, renewed while it runs, so one instance of several does the work).
CREATE TABLE chat_engines (
    platform TEXT PRIMARY KEY,
    last_event_id BIGINT NOT NULL,
    lease_holder TEXT,
    lease_until BIGINT
);
