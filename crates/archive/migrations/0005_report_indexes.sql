-- Schema 5: what the activity report reads often, readable from an index alone. Live
-- colloqui by date with their person (a period's persons and days held), live colloqui by
-- person (new or already known), persons by comune of residence (the desk's comune when
-- no setting names it). And the raw figures' fingerprint in the report log, so "changed
-- since" also sees a change the suppression hides in print; and the missing resources she
-- kept.
CREATE INDEX contact_live_by_date ON contact (date, person_id) WHERE deleted_at IS NULL;
CREATE INDEX contact_live_by_person ON contact (person_id, date) WHERE deleted_at IS NULL;
CREATE INDEX person_live_by_residence ON person (residence) WHERE deleted_at IS NULL;
ALTER TABLE report_log ADD COLUMN raw_figures_hash TEXT NOT NULL DEFAULT '';
-- The missing resources as she kept them from the draft (printed under the unmet needs).
ALTER TABLE report_log ADD COLUMN missing_resources TEXT NOT NULL DEFAULT '';
-- Images kept once by their SHA-256 (the comune's coat of arms): settings and logged
-- reports name them by hash, so a report regenerates with the image it printed.
CREATE TABLE image (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    png         BLOB NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
