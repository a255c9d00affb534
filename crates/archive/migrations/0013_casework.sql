-- Schema 13: casework (presa in carico). A case of a person (or her household), opened, closed
-- and maybe reopened (each earlier period kept in case_period, part of the case's image in the
-- history); the personalised plan's goals with their review dates and the reviews held; the
-- interventions activated with the comune's act; the meetings; the social reports, each saved
-- version a row of its own that never changes.
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
