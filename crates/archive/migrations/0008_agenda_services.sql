-- Schema 8: the catalogue she edits, the agenda she keeps, the community work she records.
-- A service gains its code in the national nomenclature, the day she last checked it, an
-- archived state, and the starter file's key (with whether she edited it since, so reloading
-- the file never touches her edits). An appointment may be for someone not yet registered (a
-- name and a telephone), and keeps why it was cancelled and whether the person did not come.
-- Group activities, network meetings and coordination tables are recorded with their time.
ALTER TABLE service ADD COLUMN national_code TEXT NOT NULL DEFAULT '';
ALTER TABLE service ADD COLUMN checked_on TEXT;
ALTER TABLE service ADD COLUMN archived_at TEXT;
ALTER TABLE service ADD COLUMN starter_key TEXT;
ALTER TABLE service ADD COLUMN edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1));
CREATE UNIQUE INDEX service_by_starter_key ON service (starter_key) WHERE starter_key IS NOT NULL;
ALTER TABLE appointment ADD COLUMN guest_name TEXT NOT NULL DEFAULT '';
ALTER TABLE appointment ADD COLUMN guest_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE appointment ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE appointment ADD COLUMN no_show_at TEXT;
CREATE TABLE community_activity (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('gruppo', 'rete', 'tavolo')),
    date           TEXT NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    title          TEXT NOT NULL CHECK (length(title) > 0),
    participants   INTEGER CHECK (participants IS NULL OR participants >= 0),
    partners       TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    time_entry_id  TEXT REFERENCES time_entry(id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    created_by     TEXT REFERENCES operator(id),
    deleted_at     TEXT
) STRICT;
CREATE INDEX community_activity_by_date ON community_activity (date);
