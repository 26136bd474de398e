-- How urgent a page is (high or low, from the response rules that caused it): people's
-- notification rules may apply to one urgency only, and low-urgency pages wait for the paged
-- person's working hours. Pages from before this were all high.
ALTER TABLE pages ADD COLUMN urgency TEXT NOT NULL DEFAULT 'high';
