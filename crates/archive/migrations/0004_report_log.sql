-- Schema 4: the report log. Each activity report made is kept as printed (its id, period,
-- options, summary and figures after suppression), so it regenerates to the same bytes
-- after late edits, and a recomputation from the records says whether the figures changed.
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
    created_by     TEXT REFERENCES operator(id)
) STRICT;
CREATE INDEX report_log_by_period ON report_log (kind, period_from, period_to);
