-- Per-destination rate limits of the delivery engine (docs/delivery.md): when each rate-limited
-- destination (a Slack channel, a phone number) may next receive a message. Shared by every
-- instance, so two workers never send to one destination in the same slot.
CREATE TABLE delivery_slots (
    destination TEXT PRIMARY KEY,
    next_at BIGINT NOT NULL,
    -- The job that took the current slot: sent again after a crash, it may use its own slot.
    holder BIGINT
);
