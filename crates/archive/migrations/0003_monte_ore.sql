-- Migration 0003: the monte ore (version 3). A shipped migration is never edited.
-- The contract gains its CIG, the act that awarded it, the patron saint's day and which kinds
-- of time it bills; contract years gain an id (they are in the history now: closed and
-- reopened), a budget set by hand, and lose the unused invoiced minutes (statements as issued
-- replace them); weeks past the cap keep their note. The Rust step writes the billable kinds
-- and a new baseline image of the rebuilt records.

CREATE TABLE contract_new (
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
INSERT INTO contract_new SELECT id, comune, provider, start_date, end_date, year_start, yearly_minutes,
    hourly_rate_cents, vat_basis_points, weekly_cap_minutes, '', '', NULL, created_at, updated_at FROM contract;
DROP TABLE contract;
ALTER TABLE contract_new RENAME TO contract;

CREATE TABLE contract_kind (
    contract_id  TEXT NOT NULL REFERENCES contract(id),
    kind         TEXT NOT NULL CHECK (kind IN ('front_office', 'documentazione', 'telefonate', 'lavoro_di_rete', 'riunioni', 'accompagnamento', 'formazione')),
    billable     INTEGER NOT NULL CHECK (billable IN (0, 1)),
    PRIMARY KEY (contract_id, kind)
) STRICT, WITHOUT ROWID;
CREATE TABLE contract_year_new (
    id             TEXT PRIMARY KEY,              -- contract id ':' year start
    contract_id    TEXT NOT NULL REFERENCES contract(id),
    year_start     TEXT NOT NULL,
    budget_minutes INTEGER CHECK (budget_minutes IS NULL OR budget_minutes > 0),
    locked_at      TEXT,
    reopened_at    TEXT,
    reopen_reason  TEXT,
    UNIQUE (contract_id, year_start)
) STRICT;
INSERT INTO contract_year_new (id, contract_id, year_start, budget_minutes, locked_at, reopened_at, reopen_reason)
    SELECT contract_id || ':' || year_start, contract_id, year_start, NULL, locked_at, reopened_at, reopen_reason FROM contract_year;
DROP TABLE contract_year;
ALTER TABLE contract_year_new RENAME TO contract_year;

CREATE TABLE week_note (
    id          TEXT PRIMARY KEY,                 -- the ISO week, '2026-W09'
    note        TEXT NOT NULL CHECK (length(note) > 0),
    created_at  TEXT NOT NULL,
    created_by  TEXT REFERENCES operator(id)
) STRICT;
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
