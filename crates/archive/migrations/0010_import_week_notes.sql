-- Schema 10: an import with hours lists the week notes it wrote (a week its hours brought over
-- the weekly cap gets the import's note), so that undoing it takes them back too. SQLite cannot
-- change a CHECK: the table is made again with the new list and its rows copied.
ALTER TABLE import_item RENAME TO import_item_9;
CREATE TABLE import_item (
    batch_id   TEXT NOT NULL REFERENCES import_batch(id),
    seq        INTEGER NOT NULL,
    entity     TEXT NOT NULL CHECK (entity IN ('person', 'contact', 'time_entry', 'referral', 'referral_outcome', 'week_note')),
    entity_id  TEXT NOT NULL,
    PRIMARY KEY (batch_id, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO import_item (batch_id, seq, entity, entity_id)
    SELECT batch_id, seq, entity, entity_id FROM import_item_9;
DROP TABLE import_item_9;
CREATE INDEX import_item_by_entity ON import_item (entity, entity_id);
