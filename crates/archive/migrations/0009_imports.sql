-- Schema 9: imports of a register file. Each import is recorded with the file's hash (the same
-- file is not imported twice), its rows and its date, and lists the records it created, so that
-- undoing it purges exactly those. Undone imports stay listed, marked undone.
CREATE TABLE import_batch (
    id           TEXT PRIMARY KEY,
    file_sha256  TEXT NOT NULL,
    file_name    TEXT NOT NULL DEFAULT '',
    data_rows    INTEGER NOT NULL CHECK (data_rows >= 0),
    contacts     INTEGER NOT NULL CHECK (contacts >= 0),
    persons      INTEGER NOT NULL CHECK (persons >= 0),
    skipped_rows INTEGER NOT NULL DEFAULT 0 CHECK (skipped_rows >= 0),
    with_time    INTEGER NOT NULL DEFAULT 0 CHECK (with_time IN (0, 1)),
    created_at   TEXT NOT NULL,
    created_by   TEXT REFERENCES operator(id),
    undone_at    TEXT
) STRICT;
CREATE UNIQUE INDEX import_batch_by_file ON import_batch (file_sha256) WHERE undone_at IS NULL;
CREATE TABLE import_item (
    batch_id   TEXT NOT NULL REFERENCES import_batch(id),
    seq        INTEGER NOT NULL,
    entity     TEXT NOT NULL CHECK (entity IN ('person', 'contact', 'time_entry', 'referral', 'referral_outcome')),
    entity_id  TEXT NOT NULL,
    PRIMARY KEY (batch_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX import_item_by_entity ON import_item (entity, entity_id);
