-- Sportello archive schema: the current version, the one readable source of truth.
-- The database is SQLCipher-encrypted; every table is STRICT. Identifiers are UUIDv7 text,
-- dates are ISO 'YYYY-MM-DD' in the comune's local calendar, times 'HH:MM', timestamps UTC
-- RFC 3339, durations whole minutes, money whole cents. Rows are never deleted by the app on
-- its own: `deleted_at` marks a soft deletion; a person past the retention period is
-- anonymised or erased only on the comune's instruction, recorded in `erasure_register`.
-- A fresh archive runs crates/archive/migrations/ in order; a test checks the result equals this file.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE contract (
    id                  TEXT PRIMARY KEY,
    comune              TEXT NOT NULL CHECK (length(comune) > 0),
    provider            TEXT NOT NULL CHECK (length(provider) > 0),
    start_date          TEXT NOT NULL,
    end_date            TEXT NOT NULL CHECK (end_date > start_date),
    year_start          TEXT NOT NULL,
    yearly_minutes      INTEGER NOT NULL CHECK (yearly_minutes > 0),
    hourly_rate_cents   INTEGER NOT NULL CHECK (hourly_rate_cents >= 0),
    vat_basis_points    INTEGER CHECK (vat_basis_points IS NULL OR vat_basis_points >= 0), -- NULL: esente
    weekly_cap_minutes  INTEGER NOT NULL CHECK (weekly_cap_minutes > 0),
    cig                 TEXT NOT NULL DEFAULT '',  -- the tender's codice identificativo gara
    award_ref           TEXT NOT NULL DEFAULT '',  -- the act that awarded the contract
    patron_saint        TEXT,                      -- 'MM-DD': the comune's patron saint, a holiday
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;

-- Which kinds of time a contract bills by default (the rate often includes training).
CREATE TABLE contract_kind (
    contract_id  TEXT NOT NULL REFERENCES contract(id),
    kind         TEXT NOT NULL CHECK (kind IN ('front_office', 'documentazione', 'telefonate', 'lavoro_di_rete', 'riunioni', 'accompagnamento', 'formazione')),
    billable     INTEGER NOT NULL CHECK (billable IN (0, 1)),
    PRIMARY KEY (contract_id, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE opening_slot (
    id           TEXT PRIMARY KEY,
    contract_id  TEXT NOT NULL REFERENCES contract(id),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- ISO: 1 = Monday
    start_time   TEXT NOT NULL,
    end_time     TEXT NOT NULL CHECK (end_time > start_time)
) STRICT;

CREATE TABLE closure (
    id           TEXT PRIMARY KEY,
    contract_id  TEXT NOT NULL REFERENCES contract(id),
    from_date    TEXT NOT NULL,
    to_date      TEXT NOT NULL CHECK (to_date >= from_date),
    reason       TEXT NOT NULL DEFAULT ''
) STRICT;

-- A contract year's own facts: a budget set by hand (NULL: the yearly one, pro rata when the
-- contract's end cuts the year short), and its closing: locking is explicit, reopening recorded.
CREATE TABLE contract_year (
    id             TEXT PRIMARY KEY,              -- contract id ':' year start
    contract_id    TEXT NOT NULL REFERENCES contract(id),
    year_start     TEXT NOT NULL,
    budget_minutes INTEGER CHECK (budget_minutes IS NULL OR budget_minutes > 0),
    locked_at      TEXT,
    reopened_at    TEXT,
    reopen_reason  TEXT,
    UNIQUE (contract_id, year_start)
) STRICT;

-- A week past the weekly cap, and why (the note asked when the time was saved).
CREATE TABLE week_note (
    id          TEXT PRIMARY KEY,                 -- the ISO week, '2026-W09'
    note        TEXT NOT NULL CHECK (length(note) > 0),
    created_at  TEXT NOT NULL,
    created_by  TEXT REFERENCES operator(id)
) STRICT;

-- A monthly statement as issued, one row per contract year it covers: the reconciliation's
-- "invoiced" is the sum of the latest issue of each month.
CREATE TABLE statement (
    id                TEXT PRIMARY KEY,
    document_id       TEXT NOT NULL,
    contract_id       TEXT NOT NULL REFERENCES contract(id),
    year_start        TEXT NOT NULL,
    month             TEXT NOT NULL,              -- 'YYYY-MM'
    billable_minutes  INTEGER NOT NULL CHECK (billable_minutes >= 0),
    amount_cents      INTEGER NOT NULL CHECK (amount_cents >= 0),
    vat_cents         INTEGER NOT NULL CHECK (vat_cents >= 0),
    issued_on         TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        TEXT REFERENCES operator(id)
) STRICT;
CREATE INDEX statement_by_year ON statement (contract_id, year_start, month);

-- Who uses the archive; every record and history entry names its operator.
CREATE TABLE operator (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    role        TEXT NOT NULL CHECK (role IN ('owner', 'operator', 'reader')),
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
) STRICT;

CREATE TABLE person (
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
    privacy_notice_version TEXT,
    CHECK (anonymous = 1 OR (length(surname) > 0 AND length(name) > 0)),
    CHECK (anonymous = 0 OR (surname IS NULL AND name IS NULL AND codice_fiscale IS NULL))
) STRICT;
CREATE INDEX person_by_key_surname_name ON person (key_surname_name);
CREATE INDEX person_by_key_name_surname ON person (key_name_surname);
CREATE INDEX person_live_by_residence ON person (residence) WHERE deleted_at IS NULL;
-- privacy_notice_version: the version of the notice's wording (sportello_core::privacy) she
-- gave the person on privacy_notice_on.

-- Who may act for a person; part of the person's record (and of its history images).
CREATE TABLE representative (
    person_id  TEXT NOT NULL REFERENCES person(id),
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('tutore', 'amministratore_sostegno', 'curatore', 'delegato')),
    name       TEXT NOT NULL CHECK (length(name) > 0),
    contact    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (person_id, position)
) STRICT, WITHOUT ROWID;

-- A member of a person's household: `relation` is what the member is to the person.
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

CREATE TABLE contact (
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
CREATE INDEX contact_by_date ON contact (date, start_time);
CREATE INDEX contact_by_person ON contact (person_id, date);
CREATE INDEX contact_live_by_date ON contact (date, person_id) WHERE deleted_at IS NULL;
CREATE INDEX contact_live_by_person ON contact (person_id, date) WHERE deleted_at IS NULL;

CREATE TABLE contact_service (
    contact_id  TEXT NOT NULL REFERENCES contact(id),
    service     TEXT NOT NULL,
    PRIMARY KEY (contact_id, service)
) STRICT, WITHOUT ROWID;

CREATE TABLE contact_area (
    contact_id  TEXT NOT NULL REFERENCES contact(id),
    area        TEXT NOT NULL CHECK (area IN ('FAM', 'DIS', 'ADD', 'ELD', 'IMM', 'POV', 'MUL')),
    PRIMARY KEY (contact_id, area)
) STRICT, WITHOUT ROWID;

-- The territory's services (schede servizio); seeded with a starter catalogue, edited by the operator.
CREATE TABLE service (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(name) > 0),
    provider      TEXT NOT NULL DEFAULT '',
    area          TEXT,
    description   TEXT NOT NULL DEFAULT '',
    target        TEXT NOT NULL DEFAULT '',
    access        TEXT NOT NULL DEFAULT '',
    documents     TEXT NOT NULL DEFAULT '',
    costs         TEXT NOT NULL DEFAULT '',
    contacts      TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    sector        TEXT NOT NULL DEFAULT 'pubblico' CHECK (sector IN ('pubblico', 'privato')),
    national_code TEXT NOT NULL DEFAULT '',
    checked_on    TEXT,
    archived_at   TEXT,
    starter_key   TEXT,
    edited        INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1))
) STRICT;
-- sector: a private body (third sector, CAF) receives a person's data only with their consent.
-- national_code: the national nomenclature of social services; checked_on: the day she last
-- checked the scheda (a year later it is flagged); archived_at: no longer offered for new
-- referrals; starter_key: the starter file's key (assets/servizi.txt), and edited whether she
-- changed it since, so reloading the file never touches her edits.
CREATE UNIQUE INDEX service_by_starter_key ON service (starter_key) WHERE starter_key IS NOT NULL;

CREATE TABLE referral (
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
CREATE INDEX referral_by_contact ON referral (contact_id);
CREATE INDEX referral_by_service ON referral (service_id);

-- The outcome of a referral over time: the latest row is the current outcome.
CREATE TABLE referral_outcome (
    id           TEXT PRIMARY KEY,
    referral_id  TEXT NOT NULL REFERENCES referral(id),
    date         TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('inviato', 'in_attesa', 'preso_in_carico', 'non_preso_in_carico', 'ritirato')),
    feedback     TEXT NOT NULL DEFAULT '', -- the receiving service's reply
    created_at   TEXT NOT NULL,
    created_by   TEXT REFERENCES operator(id),
    deleted_at   TEXT
) STRICT;
CREATE INDEX referral_outcome_by_referral ON referral_outcome (referral_id, date);

CREATE TABLE appointment (
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
    created_by        TEXT REFERENCES operator(id),
    guest_name        TEXT NOT NULL DEFAULT '',
    guest_phone       TEXT NOT NULL DEFAULT '',
    cancel_reason     TEXT NOT NULL DEFAULT '',
    no_show_at        TEXT
) STRICT;
-- guest_name, guest_phone: someone not yet registered (person_id NULL), turned into a person
-- when the appointment is held; no_show_at: marked as not come.
CREATE INDEX appointment_by_date ON appointment (date, start_time);
CREATE INDEX appointment_by_person ON appointment (person_id);

CREATE TABLE time_entry (
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
CREATE INDEX time_entry_by_date ON time_entry (date);
CREATE INDEX time_entry_by_contact ON time_entry (contact_id);

-- Append-only history of every change, chained by SHA-256. Each entry commits to its content
-- with a salt: commit_hash = H(salt || before_json || after_json), and the chain links
-- hash = H(prev_hash || at || operator || entity || entity_id || person || action || commit_hash),
-- so erasing a person's data (JSON and salt set to NULL) leaves the chain verifiable. Entries up
-- to the seq in setting 'history_v1_until_seq' were written by the first rule, without a salt.
CREATE TABLE history (
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
CREATE INDEX history_by_entity ON history (entity, entity_id);
CREATE INDEX history_by_person ON history (person_id);

CREATE TABLE report_log (
    id             TEXT PRIMARY KEY,             -- the document id printed on the report
    kind           TEXT NOT NULL CHECK (kind IN ('attivita')),
    period_from    TEXT NOT NULL,
    period_to      TEXT NOT NULL CHECK (period_to >= period_from),
    issued_on      TEXT NOT NULL,
    options_json   TEXT NOT NULL,                -- period kind, threshold
    narrative      TEXT NOT NULL DEFAULT '',
    sections_json  TEXT NOT NULL DEFAULT '[]',   -- the yearly report's sections she writes
    figures_json   TEXT NOT NULL,                -- the figures as printed (suppressed)
    document_json  TEXT NOT NULL,                -- issuer, title, period as printed
    created_at     TEXT NOT NULL,
    created_by     TEXT REFERENCES operator(id),
    raw_figures_hash TEXT NOT NULL DEFAULT '',
    missing_resources TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX report_log_by_period ON report_log (kind, period_from, period_to);
-- raw_figures_hash: SHA-256 of the report id and the figures before suppression (schema 5);
-- missing_resources: the missing resources as she kept them, printed under the unmet needs.


-- Images kept once by their SHA-256 (the comune's coat of arms): settings and logged
-- reports name them by hash, so a report regenerates with the image it printed. Not
-- personal data, so not in the history; checked against the hash when read.
CREATE TABLE image (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    png         BLOB NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

-- The register of erasures: when the comune instructs that a person past the retention period
-- be anonymised or erased, the act is recorded here with the person's id only (no name, no
-- code). Every restore and import applies the register again, so an older backup never
-- brings the person back.
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

-- Specific consents, only where the service goes beyond its public task: data passed to a
-- private third-sector body, contact by SMS, messaging or email, a third person present at the
-- colloquio. Dated, revocable (revoked_on), part of the person's history.
CREATE TABLE consent (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES person(id),
    kind        TEXT NOT NULL CHECK (kind IN ('terzo_settore', 'sms', 'messaggistica', 'email', 'terzo_presente')),
    given_on    TEXT NOT NULL,
    revoked_on  TEXT CHECK (revoked_on IS NULL OR revoked_on >= given_on),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    created_by  TEXT REFERENCES operator(id)
) STRICT;
CREATE INDEX consent_by_person ON consent (person_id, kind);

-- The register of personal data breaches the processor keeps (art. 33.2: the comune is told
-- without undue delay). What happened, not who: no person's name belongs here.
CREATE TABLE breach (
    id                  TEXT PRIMARY KEY,
    discovered_on       TEXT NOT NULL,
    description         TEXT NOT NULL CHECK (length(description) > 0),
    data_involved       TEXT NOT NULL DEFAULT '',
    persons_estimate    INTEGER CHECK (persons_estimate IS NULL OR persons_estimate >= 0),
    measures            TEXT NOT NULL DEFAULT '',
    comune_informed_on  TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    created_by          TEXT REFERENCES operator(id)
) STRICT;

-- Group activities (information sessions), network meetings and coordination tables: their
-- time goes to the hours (time_entry_id), their counts to the activity report.
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

-- Imports of a register file (CSV or XLSX): the file's hash (the same file is not imported twice
-- while its import stands), its rows, and the records it created (import_item, with the week
-- notes its hours brought), so that undoing it purges exactly those. An undone import stays
-- listed with undone_at.
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
    entity     TEXT NOT NULL CHECK (entity IN ('person', 'contact', 'time_entry', 'referral', 'referral_outcome', 'week_note')),
    entity_id  TEXT NOT NULL,
    PRIMARY KEY (batch_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX import_item_by_entity ON import_item (entity, entity_id);

-- Who opened which person's record and when (the access log). Not part of the history chain:
-- it records reading, not changes. An erasure removes the person's lines with her; the owner
-- reads it, and it goes into the person's access-request export.
CREATE TABLE access_log (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    operator_id  TEXT NOT NULL REFERENCES operator(id),
    person_id    TEXT NOT NULL
) STRICT;
CREATE INDEX access_log_by_person ON access_log (person_id, seq);

-- Documents in the record, their bytes inside the database in chunks of at most 256 KiB (a
-- backup's dump and its restore keep memory bounded). The history keeps the row, never the bytes.
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

-- Casework (presa in carico): the case, its earlier periods, the plan's goals and their reviews,
-- the interventions with the comune's act, the meetings, and the social reports (one row per
-- saved version, never changed).
CREATE TABLE case_file (
    id                 TEXT PRIMARY KEY,
    person_id          TEXT NOT NULL REFERENCES person(id),
    contact_id         TEXT REFERENCES contact(id),  -- the colloquio that took her in charge
    opened_on          TEXT NOT NULL,
    reason             TEXT NOT NULL,
    requested_by       TEXT NOT NULL,
    area               TEXT NOT NULL,
    household          INTEGER NOT NULL DEFAULT 0 CHECK (household IN (0, 1)),
    assegno_inclusione INTEGER NOT NULL DEFAULT 0 CHECK (assegno_inclusione IN (0, 1)),
    closed_on          TEXT CHECK (closed_on IS NULL OR closed_on >= opened_on),
    close_reason       TEXT NOT NULL DEFAULT '',
    assessment         TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    created_by         TEXT REFERENCES operator(id),
    deleted_at         TEXT
) STRICT;
CREATE INDEX case_file_by_person ON case_file (person_id);
-- One open case per person.
CREATE UNIQUE INDEX case_file_open ON case_file (person_id) WHERE closed_on IS NULL AND deleted_at IS NULL;

CREATE TABLE case_period (
    case_id      TEXT NOT NULL REFERENCES case_file(id),
    opened_on    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    closed_on    TEXT NOT NULL CHECK (closed_on >= opened_on),
    close_reason TEXT NOT NULL,
    UNIQUE (case_id, opened_on)
) STRICT;

CREATE TABLE case_goal (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES case_file(id),
    goal        TEXT NOT NULL,
    actions     TEXT NOT NULL DEFAULT '',
    responsible TEXT NOT NULL DEFAULT '',
    review_on   TEXT,
    reached_on  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    created_by  TEXT REFERENCES operator(id),
    deleted_at  TEXT
) STRICT;
CREATE INDEX case_goal_by_case ON case_goal (case_id);
CREATE INDEX case_goal_by_review ON case_goal (review_on) WHERE deleted_at IS NULL AND reached_on IS NULL;

CREATE TABLE case_review (
    id             TEXT PRIMARY KEY,
    goal_id        TEXT NOT NULL REFERENCES case_goal(id),
    held_on        TEXT NOT NULL,
    changes        TEXT NOT NULL,
    reached        INTEGER NOT NULL CHECK (reached IN (0, 1)),
    next_review_on TEXT,
    created_at     TEXT NOT NULL,
    created_by     TEXT REFERENCES operator(id)
) STRICT;
CREATE INDEX case_review_by_goal ON case_review (goal_id);

CREATE TABLE case_intervention (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES case_file(id),
    kind         TEXT NOT NULL,
    provider     TEXT NOT NULL DEFAULT '',
    from_date    TEXT NOT NULL,
    to_date      TEXT CHECK (to_date IS NULL OR to_date >= from_date),
    amount_cents INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 0),
    act_number   TEXT NOT NULL DEFAULT '',
    act_date     TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    created_by   TEXT REFERENCES operator(id),
    deleted_at   TEXT
) STRICT;
CREATE INDEX case_intervention_by_case ON case_intervention (case_id);

CREATE TABLE case_meeting (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES case_file(id),
    kind       TEXT NOT NULL CHECK (kind IN ('equipe', 'uvm', 'rete', 'nucleo')),
    held_on    TEXT NOT NULL,
    present    TEXT NOT NULL DEFAULT '',
    decisions  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT REFERENCES operator(id),
    deleted_at TEXT
) STRICT;
CREATE INDEX case_meeting_by_case ON case_meeting (case_id);

CREATE TABLE social_report (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES case_file(id),
    series_id  TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0),
    addressee  TEXT NOT NULL,
    recipient  TEXT NOT NULL DEFAULT '',
    subject    TEXT NOT NULL,
    written_on TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT REFERENCES operator(id),
    UNIQUE (series_id, version)
) STRICT;
CREATE INDEX social_report_by_case ON social_report (case_id);
