-- Follow-ups filed in an issue tracker (issue 14): which tracker, the issue's key there
-- ('acme/api#12', 'OPS-12') and its page. Written from the follow_up_filed event.
ALTER TABLE follow_ups ADD COLUMN tracker TEXT;
ALTER TABLE follow_ups ADD COLUMN tracker_key TEXT;
ALTER TABLE follow_ups ADD COLUMN tracker_url TEXT;
CREATE INDEX follow_ups_by_tracker_key ON follow_ups (tracker, tracker_key);

-- Inbound requests (tracker webhooks; later alerts and chat events), stored once verified and
-- before they are answered, then processed from the job queue. The sender's own id makes a
-- redelivery a no-op.
CREATE TABLE inbox (
    id {serial},
    source TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    UNIQUE (source, delivery_id)
);
