//! Undoing an import: every record it created purged in one transaction, its history entries
//! emptied as after an erasure, the week notes its hours brought taken back; refused when
//! later records depend on it or an imported record was changed since.

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::import::{week_notes_reading, IMPORTED_TIME_NOTE};
use crate::records::{self, Entity, Writer};
use crate::store::map_damage;
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::register::ImportRecord;
use sportello_core::PersonId;

impl Archive {
    /// Undoes an import: purges every record it created (history action purge), in one
    /// transaction. Refused when records made since depend on them (a colloquio added to an
    /// imported person, an outcome added to an imported referral…): those would be lost too.
    pub fn undo_import(&mut self, batch: &str) -> Result<ImportRecord> {
        let record = self
            .imports()?
            .into_iter()
            .find(|r| r.id == batch)
            .ok_or(ArchiveError::RecordNotFound)?;
        if record.undone_at.is_some() {
            return Err(ArchiveError::Rejected(
                "Questa importazione è già stata annullata.".into(),
            ));
        }
        // Hours the import booked in a year closed since stay: a closed year's hours do not change.
        let dates: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT DISTINCT t.date FROM time_entry t JOIN import_item i
                   ON i.entity = 'time_entry' AND i.entity_id = t.id WHERE i.batch_id = ?1",
            )?;
            let dates = stmt
                .query_map([batch], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()
                .map_err(map_damage)?;
            dates
        };
        for date in dates {
            let Ok(date) = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
                continue;
            };
            if records::check_open(&self.conn, date).is_err() {
                return Err(ArchiveError::Rejected(format!(
                    "L'importazione ha registrato ore nell'anno contrattuale che comprende il {}, chiuso dopo: le sue ore non cambiano. Riaprire l'anno prima di annullare l'importazione.",
                    sportello_core::format::date(date)
                )));
            }
        }
        let dependants = dependants(&self.conn, batch)?;
        if dependants > 0 {
            return Err(ArchiveError::Rejected(format!(
                "Dopo questa importazione sono stati aggiunti {} ai suoi dati (colloqui, invii, esiti, ore, appuntamenti, consensi o legami familiari delle persone importate): annullandola si perderebbero. Spostarli o eliminarli prima, oppure correggere i dati importati uno per uno.",
                sportello_core::format::plural(dependants as u64, "record", "record")
            )));
        }
        let edited = edited_since(&self.conn, batch)?;
        if edited > 0 {
            return Err(ArchiveError::Rejected(format!(
                "Dopo questa importazione sono stati modificati, spostati nel cestino o uniti {} tra quelli importati: annullandola si perderebbero queste modifiche. Correggere invece i dati importati uno per uno.",
                sportello_core::format::plural(edited as u64, "record", "record")
            )));
        }
        self.write(|w| {
            let items = items_of(w.conn(), batch)?;
            let mark: i64 = w
                .conn()
                .query_row("SELECT coalesce(max(seq), 0) FROM history", [], |r| {
                    r.get(0)
                })
                .map_err(map_damage)?;
            // A week's note she has rewritten since is hers, and a week still over the cap
            // without the import's hours (hers added since, or another import's) still needs
            // its note: those stay.
            let imported_notes = week_notes_reading(w.conn(), Some(IMPORTED_TIME_NOTE))?;
            let contracts = records::contracts(w.conn())?;
            let mut items_kept = Vec::with_capacity(items.len());
            for (entity, id) in items {
                if entity == Entity::WeekNote.table()
                    && (!imported_notes.contains(&id)
                        || week_over_cap_without(w.conn(), &contracts, &id, batch)?)
                {
                    continue;
                }
                items_kept.push((entity, id));
            }
            let items = items_kept;
            // Outcomes before referrals, referrals and time before colloqui, colloqui before
            // persons: nothing purged is still pointed at.
            for entity in [
                Entity::ReferralOutcome,
                Entity::Referral,
                Entity::TimeEntry,
                Entity::WeekNote,
                Entity::Contact,
                Entity::Person,
            ] {
                for id in items
                    .iter()
                    .filter(|(e, _)| *e == entity.table())
                    .map(|(_, id)| id)
                {
                    purge(w, entity, id)?;
                }
            }
            // What the file brought in goes from the history too (a wrong file may hold
            // persons who never came here): every entry of a purged record before its purge
            // keeps only its hash, as after an erasure, and the chain still verifies.
            let mut blank = w.conn().prepare(
                "UPDATE history SET before_json = NULL, after_json = NULL, salt = NULL
                 WHERE seq <= ?1 AND entity = ?2 AND entity_id = ?3",
            )?;
            for (entity, id) in &items {
                blank
                    .execute(params![mark, entity, id])
                    .map_err(map_damage)?;
            }
            drop(blank);
            w.conn()
                .execute("DELETE FROM import_item WHERE batch_id = ?1", [batch])?;
            let now = w.now.clone();
            w.tracked(Entity::ImportBatch, batch, Action::Update, None, |c| {
                c.execute(
                    "UPDATE import_batch SET undone_at = ?2 WHERE id = ?1",
                    params![batch, now],
                )?;
                Ok(())
            })
        })?;
        // As after an erasure: the copy a restore kept aside goes, and the file is rewritten
        // so no free page or WAL frame keeps what was purged. The undo stands even if the
        // rewrite must wait (another reader): the next one does it.
        crate::backup::remove_aside_copy(&self.paths.database())?;
        let _ = crate::retention::compact(&self.conn);
        self.imports()?
            .into_iter()
            .find(|r| r.id == batch)
            .ok_or(ArchiveError::RecordNotFound)
    }
}

fn items_of(conn: &Connection, batch: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT entity, entity_id FROM import_item WHERE batch_id = ?1 ORDER BY seq DESC",
    )?;
    let rows = stmt
        .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(map_damage)?;
    Ok(rows)
}

/// Records made outside the import that point at what it created.
fn dependants(conn: &Connection, batch: &str) -> Result<usize> {
    let of = |entity: &str| {
        format!("(SELECT entity_id FROM import_item WHERE batch_id = ?1 AND entity = '{entity}')")
    };
    let (persons, contacts, referrals) = (of("person"), of("contact"), of("referral"));
    let queries = [
        format!("SELECT count(*) FROM contact WHERE person_id IN {persons} AND id NOT IN {contacts}"),
        format!("SELECT count(*) FROM referral WHERE contact_id IN {contacts} AND id NOT IN {referrals}"),
        format!(
            "SELECT count(*) FROM referral_outcome WHERE referral_id IN {referrals} AND id NOT IN {}",
            of("referral_outcome")
        ),
        format!(
            "SELECT count(*) FROM time_entry WHERE contact_id IN {contacts} AND id NOT IN {}",
            of("time_entry")
        ),
        format!(
            "SELECT count(*) FROM appointment WHERE person_id IN {persons} OR contact_id IN {contacts}"
        ),
        format!("SELECT count(*) FROM consent WHERE person_id IN {persons}"),
        // Documents attached since (deleted ones too: their rows stay).
        format!(
            "SELECT count(*) FROM attachment WHERE person_id IN {persons} OR contact_id IN {contacts} OR referral_id IN {referrals}"
        ),
        format!(
            "SELECT count(*) FROM household_link WHERE person_id IN {persons} OR member_id IN {persons}"
        ),
        // Cases opened since for a person it brought (deleted ones too).
        format!(
            "SELECT count(*) FROM case_file WHERE person_id IN {persons} OR contact_id IN {contacts}"
        ),
        format!("SELECT count(*) FROM person WHERE merged_into IN {persons}"),
        format!("SELECT count(*) FROM person WHERE id IN {persons} AND merged_into IS NOT NULL"),
    ];
    let mut total = 0usize;
    for q in &queries {
        let n: i64 = conn.query_row(q, [batch], |r| r.get(0))?;
        total += n as usize;
    }
    Ok(total)
}

/// How many of the records the import created were changed since (edited, moved to the bin
/// or back, merged): an undo would lose her changes. The week notes' own changes are hers and
/// keep the note (see `undo_import`).
fn edited_since(conn: &Connection, batch: &str) -> Result<usize> {
    let n: i64 = conn
        .query_row(
            "SELECT count(DISTINCT h.entity || h.entity_id) FROM import_item i
             JOIN history h ON h.entity = i.entity AND h.entity_id = i.entity_id
             WHERE i.batch_id = ?1 AND i.entity <> 'week_note'
               AND h.action NOT IN ('create', 'baseline')",
            [batch],
            |r| r.get(0),
        )
        .map_err(map_damage)?;
    Ok(n as usize)
}

/// Deletes a record the import created, with its own rows, as a history purge whose entry
/// keeps no image of it.
fn purge(w: &mut Writer, entity: Entity, id: &str) -> Result<()> {
    let person: Option<PersonId> = match entity {
        Entity::Person => id.parse().ok().map(PersonId),
        Entity::Contact => w
            .conn()
            .query_row("SELECT person_id FROM contact WHERE id = ?1", [id], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .and_then(|p| p.parse().ok())
            .map(PersonId),
        _ => None,
    };
    let table = entity.table();
    w.blind(entity, id, Action::Purge, person, |c| {
        match entity {
            Entity::Contact => {
                c.execute("DELETE FROM contact_service WHERE contact_id = ?1", [id])?;
                c.execute("DELETE FROM contact_area WHERE contact_id = ?1", [id])?;
            }
            Entity::Person => {
                c.execute("DELETE FROM representative WHERE person_id = ?1", [id])?;
                c.execute("DELETE FROM access_log WHERE person_id = ?1", [id])?;
            }
            _ => {}
        }
        c.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])
    })
}

/// Whether the week `key` is over the weekly cap without the hours the import `batch` booked.
fn week_over_cap_without(
    conn: &Connection,
    contracts: &[sportello_core::model::Contract],
    key: &str,
    batch: &str,
) -> Result<bool> {
    let Some(week) = sportello_core::ledger::Week::parse_key(key) else {
        return Ok(false);
    };
    let Some(contract) = records::contract_on(contracts, week.monday()) else {
        return Ok(false);
    };
    let minutes: i64 = conn
        .query_row(
            "SELECT coalesce(sum(minutes), 0) FROM time_entry
             WHERE deleted_at IS NULL AND billable = 1 AND date BETWEEN ?1 AND ?2
               AND id NOT IN (SELECT entity_id FROM import_item WHERE batch_id = ?3 AND entity = 'time_entry')",
            params![
                week.monday().format("%Y-%m-%d").to_string(),
                week.sunday().format("%Y-%m-%d").to_string(),
                batch
            ],
            |r| r.get(0),
        )
        .map_err(map_damage)?;
    Ok(minutes > i64::from(contract.terms.weekly_cap.0))
}
