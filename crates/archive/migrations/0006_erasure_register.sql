-- Schema 6: the register of erasures. When the comune instructs that a person past the
-- retention period be anonymised or erased, the act is recorded here with the person's id
-- only (no name, no code): every restore and import applies the register again, so an older
-- backup never brings the person back.
CREATE TABLE erasure_register (
    id             TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL,            -- no reference: the person may be gone
    kind           TEXT NOT NULL CHECK (kind IN ('anonymise', 'erase')),
    act            TEXT NOT NULL CHECK (length(act) > 0),
    act_date       TEXT NOT NULL,
    instructed_by  TEXT NOT NULL CHECK (length(instructed_by) > 0),
    done_at        TEXT NOT NULL,
    done_by        TEXT REFERENCES operator(id),
    UNIQUE (person_id, kind)
) STRICT;
