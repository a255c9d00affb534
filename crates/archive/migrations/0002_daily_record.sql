-- Migration 0002: the daily record (version 2). A shipped migration is never edited.
-- Adds operators, the person's residence code, language, representatives and household,
-- folded search keys, the contact's who-asked/sent-by/outcome/unmet need and evaluative note,
-- referral kinds with protocol and expected reply, outcomes with feedback, the operator on
-- every record, and a history that commits to salted hashes (so a person can be erased while
-- the chain still verifies). Tables are rebuilt (SQLite cannot add CHECKed columns in place);
-- the migration runs with foreign keys off and checks them before committing. Search keys and
-- the history baseline are written by the Rust step of this migration (store.rs).

CREATE TABLE operator (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    role        TEXT NOT NULL CHECK (role IN ('owner', 'operator', 'reader')),
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
) STRICT;
CREATE TABLE person_new (
    id                 TEXT PRIMARY KEY,
    anonymous          INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    surname            TEXT,
    name               TEXT,
    codice_fiscale     TEXT UNIQUE,
    birth_date         TEXT,
    birth_year         INTEGER,
    age_band           TEXT,              -- anonymous persons only
    gender             TEXT NOT NULL CHECK (gender IN ('F', 'M', 'X')),
    citizenship        TEXT NOT NULL CHECK (citizenship IN ('IT', 'UE', 'EXTRA_UE', 'ND')),
    residence          TEXT,              -- Belfiore code of the comune of residence (assets/comuni)
    address            TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL DEFAULT '',
    language           TEXT NOT NULL DEFAULT '',
    interpreter        INTEGER NOT NULL DEFAULT 0 CHECK (interpreter IN (0, 1)),
    household_notes    TEXT NOT NULL DEFAULT '',
    privacy_notice_on  TEXT,
    key_surname_name   TEXT,              -- folded search keys (sportello_core::search)
    key_name_surname   TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    created_by         TEXT REFERENCES operator(id),
    deleted_at         TEXT,
    deleted_reason     TEXT,
    merged_into        TEXT REFERENCES person(id),
    CHECK (anonymous = 1 OR (length(surname) > 0 AND length(name) > 0)),
    CHECK (anonymous = 0 OR (surname IS NULL AND name IS NULL AND codice_fiscale IS NULL))
) STRICT;
INSERT INTO person_new SELECT id, anonymous, surname, name, codice_fiscale, birth_date, birth_year, age_band, gender, citizenship, NULL, residence, phone, email, '', 0, household_notes, privacy_notice_on, NULL, NULL, created_at, updated_at, NULL, deleted_at, NULL, NULL FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
CREATE INDEX person_by_key_surname_name ON person (key_surname_name);
CREATE INDEX person_by_key_name_surname ON person (key_name_surname);

CREATE TABLE representative (
    person_id  TEXT NOT NULL REFERENCES person(id),
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('tutore', 'amministratore_sostegno', 'curatore', 'delegato')),
    name       TEXT NOT NULL CHECK (length(name) > 0),
    contact    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (person_id, position)
) STRICT, WITHOUT ROWID;
CREATE TABLE household_link (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES person(id),
    member_id   TEXT NOT NULL REFERENCES person(id),
    relation    TEXT NOT NULL CHECK (relation IN ('coniuge', 'figlio', 'genitore', 'fratello', 'nonno', 'nipote', 'parente', 'convivente')),
    created_at  TEXT NOT NULL,
    created_by  TEXT REFERENCES operator(id),
    deleted_at  TEXT,
    CHECK (member_id <> person_id)
) STRICT;
CREATE INDEX household_by_person ON household_link (person_id);
CREATE INDEX household_by_member ON household_link (member_id);
CREATE TABLE contact_new (
    id                TEXT PRIMARY KEY,
    person_id         TEXT NOT NULL REFERENCES person(id),
    date              TEXT NOT NULL,
    start_time        TEXT,
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 720),
    channel           TEXT NOT NULL CHECK (channel IN ('presenza', 'telefono', 'email', 'domicilio', 'altro')),
    request_type      TEXT,
    homeless          INTEGER NOT NULL DEFAULT 0 CHECK (homeless IN (0, 1)),
    requester         TEXT CHECK (requester IN ('persona', 'familiare', 'vicino', 'medico', 'scuola', 'servizio_pubblico', 'terzo_settore', 'forze_ordine', 'altro')),
    sent_by           TEXT CHECK (sent_by IN ('spontaneo', 'servizio_pubblico', 'sanitario', 'scuola', 'terzo_settore', 'conoscenti', 'altro')),
    outcome           TEXT CHECK (outcome IN ('informazione', 'invio', 'presa_in_carico', 'appuntamento', 'nessuna_risorsa')),
    unmet_need        TEXT,              -- outcome 'nessuna_risorsa' only: the need, the missing resource, its area
    missing_resource  TEXT,
    unmet_area        TEXT CHECK (unmet_area IN ('FAM', 'DIS', 'ADD', 'ELD', 'IMM', 'POV', 'MUL')),
    summary           TEXT NOT NULL DEFAULT '',
    next_steps        TEXT NOT NULL DEFAULT '',
    evaluation        TEXT NOT NULL DEFAULT '', -- the operator's assessment, kept apart from the summary
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    created_by        TEXT REFERENCES operator(id),
    deleted_at        TEXT,
    deleted_reason    TEXT
) STRICT;
INSERT INTO contact_new SELECT id, person_id, date, start_time, duration_minutes, channel, request_type, homeless, NULL, NULL, NULL, NULL, NULL, NULL, summary, next_steps, '', created_at, updated_at, NULL, deleted_at, NULL FROM contact;
DROP TABLE contact;
ALTER TABLE contact_new RENAME TO contact;
CREATE INDEX contact_by_date ON contact (date, start_time);
CREATE INDEX contact_by_person ON contact (person_id, date);

CREATE TABLE referral_new (
    id              TEXT PRIMARY KEY,
    contact_id      TEXT NOT NULL REFERENCES contact(id),
    service_id      TEXT NOT NULL REFERENCES service(id),
    kind            TEXT NOT NULL DEFAULT 'invio' CHECK (kind IN ('orientamento', 'invio', 'segnalazione')),
    reason          TEXT NOT NULL DEFAULT '',
    protocol        TEXT NOT NULL DEFAULT '', -- a formal report's protocol number
    expected_reply  TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    created_by      TEXT REFERENCES operator(id),
    deleted_at      TEXT
) STRICT;
INSERT INTO referral_new SELECT id, contact_id, service_id, 'invio', reason, '', NULL, created_at, created_at, NULL, deleted_at FROM referral;
DROP TABLE referral;
ALTER TABLE referral_new RENAME TO referral;
CREATE INDEX referral_by_contact ON referral (contact_id);
CREATE INDEX referral_by_service ON referral (service_id);

CREATE TABLE referral_outcome_new (
    id           TEXT PRIMARY KEY,
    referral_id  TEXT NOT NULL REFERENCES referral(id),
    date         TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('inviato', 'in_attesa', 'preso_in_carico', 'non_preso_in_carico', 'ritirato')),
    feedback     TEXT NOT NULL DEFAULT '', -- the receiving service's reply
    created_at   TEXT NOT NULL,
    created_by   TEXT REFERENCES operator(id),
    deleted_at   TEXT
) STRICT;
INSERT INTO referral_outcome_new SELECT id, referral_id, date, outcome, note, created_at, NULL, NULL FROM referral_outcome;
DROP TABLE referral_outcome;
ALTER TABLE referral_outcome_new RENAME TO referral_outcome;
CREATE INDEX referral_outcome_by_referral ON referral_outcome (referral_id, date);

CREATE TABLE appointment_new (
    id                TEXT PRIMARY KEY,
    person_id         TEXT REFERENCES person(id),
    date              TEXT NOT NULL,
    start_time        TEXT NOT NULL,
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 720),
    note              TEXT NOT NULL DEFAULT '',
    contact_id        TEXT REFERENCES contact(id),  -- set when the appointment was held
    cancelled_at      TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    created_by        TEXT REFERENCES operator(id)
) STRICT;
INSERT INTO appointment_new SELECT id, person_id, date, start_time, duration_minutes, note, contact_id, cancelled_at, created_at, updated_at, NULL FROM appointment;
DROP TABLE appointment;
ALTER TABLE appointment_new RENAME TO appointment;
CREATE INDEX appointment_by_date ON appointment (date, start_time);
CREATE INDEX appointment_by_person ON appointment (person_id);

CREATE TABLE time_entry_new (
    id          TEXT PRIMARY KEY,
    date        TEXT NOT NULL,
    minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    kind        TEXT NOT NULL CHECK (kind IN ('front_office', 'documentazione', 'telefonate', 'lavoro_di_rete', 'riunioni', 'accompagnamento', 'formazione')),
    contact_id  TEXT REFERENCES contact(id),
    billable    INTEGER NOT NULL CHECK (billable IN (0, 1)),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    created_by  TEXT REFERENCES operator(id),
    deleted_at  TEXT
) STRICT;
INSERT INTO time_entry_new SELECT id, date, minutes, kind, contact_id, billable, note, created_at, updated_at, NULL, deleted_at FROM time_entry;
DROP TABLE time_entry;
ALTER TABLE time_entry_new RENAME TO time_entry;
CREATE INDEX time_entry_by_date ON time_entry (date);
CREATE INDEX time_entry_by_contact ON time_entry (contact_id);

CREATE TABLE history_new (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    operator_id  TEXT REFERENCES operator(id),
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    person_id    TEXT,                  -- the person the change concerns, if any
    action       TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'purge', 'lock', 'reopen', 'merge', 'anonymise', 'erase', 'baseline')),
    before_json  TEXT,
    after_json   TEXT,
    salt         BLOB,
    commit_hash  BLOB,
    prev_hash    BLOB NOT NULL,
    hash         BLOB NOT NULL UNIQUE
) STRICT;
INSERT INTO history_new SELECT seq, at, NULL, entity, entity_id, NULL, action, before_json, after_json, NULL, NULL, prev_hash, hash FROM history;
DROP TABLE history;
ALTER TABLE history_new RENAME TO history;
CREATE INDEX history_by_entity ON history (entity, entity_id);
CREATE INDEX history_by_person ON history (person_id);

INSERT INTO setting (key, value) SELECT 'history_v1_until_seq', CAST(coalesce(max(seq), 0) AS TEXT) FROM history;
