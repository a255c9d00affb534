-- Schema 12: documents in the record (ISEE, identity documents, forms, certificates), with their
-- bytes inside the encrypted database. The bytes are split in chunks of at most 256 KiB, so a
-- backup's SQL dump (one statement per row) and its restore keep memory bounded whatever the
-- file's size. The history keeps the document's row (kind, dates, name, size, SHA-256), never
-- its bytes; deleting a document removes its chunks (secure_delete overwrites the pages).
CREATE TABLE attachment (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES person(id),
    contact_id  TEXT REFERENCES contact(id),
    referral_id TEXT REFERENCES referral(id),
    kind        TEXT NOT NULL,
    date        TEXT NOT NULL,
    expiry      TEXT,
    note        TEXT NOT NULL DEFAULT '',
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size        INTEGER NOT NULL CHECK (size > 0),
    sha256      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    created_by  TEXT REFERENCES operator(id),
    deleted_at  TEXT
) STRICT;
CREATE INDEX attachment_by_person ON attachment (person_id) WHERE deleted_at IS NULL;
CREATE INDEX attachment_by_expiry ON attachment (expiry) WHERE deleted_at IS NULL AND expiry IS NOT NULL;

CREATE TABLE attachment_chunk (
    attachment_id TEXT NOT NULL REFERENCES attachment(id),
    seq           INTEGER NOT NULL,
    bytes         BLOB NOT NULL,
    UNIQUE (attachment_id, seq)
) STRICT;
