-- Schema 11: the access log, who opened which person's record and when (several operators).
-- Not part of the history chain: it records reading, not changes. An erasure removes the
-- person's lines with her; the owner reads it, and it goes into the person's access-request
-- export.
CREATE TABLE access_log (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    operator_id  TEXT NOT NULL REFERENCES operator(id),
    person_id    TEXT NOT NULL
) STRICT;
CREATE INDEX access_log_by_person ON access_log (person_id, seq);
