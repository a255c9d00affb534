-- Schema 7: what data protection asks of the desk. The version of the privacy notice a person
-- received (with the date already kept); whether a service of the catalogue is public or
-- private (a referral to a private body needs the person's consent); the specific consents,
-- dated and revocable; the register of personal data breaches.
ALTER TABLE person ADD COLUMN privacy_notice_version TEXT;
ALTER TABLE service ADD COLUMN sector TEXT NOT NULL DEFAULT 'pubblico' CHECK (sector IN ('pubblico', 'privato'));
UPDATE service SET sector = 'privato' WHERE name IN ('CAF / patronato', 'Caritas e associazioni del terzo settore');
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
