//! Importing the register the desk already keeps: a CSV or XLSX file read through a mapping,
//! previewed with every problem by row and column and every person matched, then written in one
//! transaction — all of it, or nothing — and recorded so that it can be undone as a whole.
//!
//! What an import writes: persons, colloqui, referrals and their outcomes; time entries only
//! when she asks, never into a locked contract year. A person on record is matched, never
//! doubled; a colloquio on record is recognised, never written again; the same file (by its
//! hash) is refused while its import stands. A person the comune had erased cannot come back
//! under their old identity: the erasure took the identity with it, so a register row naming
//! them again is a new record, and rows older than the retention period are refused.

use crate::archive::{sha256_hex, Archive};
use crate::error::{ArchiveError, Result};
use crate::job::{Job, Stage};
use crate::records::{self, Entity, Writer};
use crate::register_file::{read_table, FileFormat};
use crate::store::{self, map_damage};
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::model::retention_cutoff;
use sportello_core::register::{
    parse_table, plan, CellProblem, Column, ImportOutcome, ImportPlan, ImportPreview, ImportRecord,
    Known, KnownPerson, Lookups, Mapping, ParsedTable, Table, Who,
};
use sportello_core::{AgeBand, Citizenship, Gender, Minutes, PersonId, ServiceId};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

/// The setting that remembers the mappings she chose, for the next file.
const MAPPING_SETTING: &str = "import_mapping";
/// Rows shown in the preview.
const SAMPLE_ROWS: usize = 5;
/// How often the import reports its progress (and may be cancelled), in rows.
const PROGRESS_EVERY: usize = 250;
/// The page cache while an import writes (KiB): about what 100,000 rows write.
const IMPORT_CACHE_KIB: u32 = 256 * 1024;
/// The note of the time an import books past a week's cap: the old register's hours are what
/// they were.
pub(crate) const IMPORTED_TIME_NOTE: &str = "Ore importate dal registro tenuto prima di Sportello";

/// What she chose for the import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Import the rows without problems and leave out the others.
    pub skip_errors: bool,
    /// Also book each colloquio's time (billable as the contract bills it).
    pub with_time: bool,
}

/// A file chosen for import, with what the archive read of it.
struct Prepared {
    preview: ImportPreview,
    plan: ImportPlan,
}

impl Archive {
    /// The mapping she saved from earlier imports (empty at first).
    pub fn remembered_mapping(&self) -> Result<Mapping> {
        Ok(self
            .setting(MAPPING_SETTING)?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// Adds `mapping` to the remembered one.
    pub fn remember_mapping(&mut self, mapping: &Mapping) -> Result<()> {
        let mut all = self.remembered_mapping()?;
        all.remember(mapping);
        let json =
            serde_json::to_string(&all).map_err(|e| ArchiveError::Rejected(e.to_string()))?;
        self.set_setting(MAPPING_SETTING, &json)
    }

    /// What importing `bytes` (a file called `name`) through `mapping` would do.
    pub fn preview_import(
        &self,
        name: &str,
        bytes: &[u8],
        mapping: &Mapping,
        options: ImportOptions,
        today: chrono::NaiveDate,
    ) -> Result<ImportPreview> {
        Ok(self.prepare(name, bytes, mapping, options, today)?.preview)
    }

    fn prepare(
        &self,
        name: &str,
        bytes: &[u8],
        mapping: &Mapping,
        options: ImportOptions,
        today: chrono::NaiveDate,
    ) -> Result<Prepared> {
        let table = read_table(bytes, FileFormat::of(name)?)?;
        let sha = sha256_hex(bytes);
        let services = catalogue_names(&self.conn)?;
        let years = self.retention_years()?;
        let lookups = Lookups {
            comuni: crate::comuni::list(),
            services: &services,
            today,
            oldest: Some((retention_cutoff(today, years), years)),
        };
        let parsed = parse_table(&table, mapping, &lookups);
        let known = known(&self.conn)?;
        let mut plan = plan(parsed.rows.clone(), &known);
        let mut problems = parsed.problems.clone();
        problems.append(&mut plan.problems);
        if options.with_time {
            for r in plan.rows.iter().filter(|r| !r.already_recorded) {
                if let Err(ArchiveError::Invalid(e)) = records::check_open(&self.conn, r.row.date) {
                    for fe in e.0 {
                        problems.push(CellProblem {
                            line: r.row.line,
                            column: header_of(&table, &parsed, Column::Date),
                            value: sportello_core::format::date(r.row.date),
                            msg: fe.msg,
                        });
                    }
                }
            }
        }
        problems.sort_by_key(|p| p.line);
        let error_lines: HashSet<usize> = problems
            .iter()
            .filter(|p| p.line > 0)
            .map(|p| p.line)
            .collect();
        // Rows in error are never written; the counts are of what would be.
        plan.rows.retain(|r| !error_lines.contains(&r.row.line));
        let used: HashSet<usize> = plan
            .rows
            .iter()
            .filter(|r| !r.already_recorded)
            .filter_map(|r| match r.who {
                Who::New(n) => Some(n),
                _ => None,
            })
            .collect();
        // The persons on record that rows still in the plan go to (one pass, not one per match).
        let kept: HashSet<PersonId> = plan
            .rows
            .iter()
            .filter_map(|r| match r.who {
                Who::Known(id) => Some(id),
                _ => None,
            })
            .collect();
        let new_anonymous = used
            .iter()
            .filter(|n| is_anonymous(&plan.new_persons[**n]))
            .count();
        let preview = ImportPreview {
            file_name: name.to_string(),
            already_imported_on: imported_on(&self.conn, &sha)?,
            file_sha256: sha,
            headers: table.headers.clone(),
            columns: parsed.columns.clone(),
            sample: table.rows.iter().take(SAMPLE_ROWS).cloned().collect(),
            data_rows: parsed.data_lines,
            error_rows: error_lines.len(),
            problems,
            unknown: parsed
                .unknown
                .iter()
                .map(|(c, v)| (*c, v.iter().cloned().collect()))
                .collect(),
            matches: plan
                .matches
                .iter()
                .filter(|m| kept.contains(&m.person))
                .cloned()
                .collect(),
            new_persons: used.len() - new_anonymous,
            new_anonymous,
            new_contacts: plan.new_contacts(),
            recorded_contacts: plan.recorded_contacts(),
            new_referrals: plan
                .rows
                .iter()
                .filter(|r| !r.already_recorded)
                .map(|r| r.row.referrals.len())
                .sum(),
            lacking_categories: plan
                .rows
                .iter()
                .filter(|r| !r.already_recorded && r.row.lacks_categories())
                .count(),
            with_time: options.with_time,
        };
        Ok(Prepared { preview, plan })
    }

    /// Imports the file: every row, in one transaction, or nothing. Refused while a row is in
    /// error (unless `skip_errors`), when the file's columns cannot be read, and when the same
    /// file was imported already. `progress(done, total)` is called as rows are written; when
    /// it returns false the import stops and nothing is written.
    pub fn import_register(
        &mut self,
        name: &str,
        bytes: &[u8],
        mapping: &Mapping,
        options: ImportOptions,
        today: chrono::NaiveDate,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<ImportOutcome> {
        let Prepared { preview, plan } = self.prepare(name, bytes, mapping, options, today)?;
        if let Some(on) = &preview.already_imported_on {
            return Err(ArchiveError::Rejected(format!(
                "Questo file è già stato importato il {on}: non viene importato di nuovo. Per importarne una versione corretta, annullare prima quell'importazione."
            )));
        }
        let file_problems: Vec<CellProblem> = preview
            .problems
            .iter()
            .filter(|p| p.line == 0)
            .cloned()
            .collect();
        if !file_problems.is_empty() || (preview.error_rows > 0 && !options.skip_errors) {
            return Err(ArchiveError::RowsInError(preview.problems));
        }
        let batch = Uuid::now_v7().to_string();
        let total = plan.rows.len();
        // A large import's pages stay in memory until the commit instead of being written to
        // the WAL as the cache fills (and written again as they change).
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{IMPORT_CACHE_KIB};"))?;
        // The CHECK constraints verified once over the archive before the commit, instead of
        // at every row, when that is clearly cheaper: for a file with at least as many new
        // colloqui as the archive holds already (a register from before Sportello, into a new
        // archive). On the ten-year archive (100,699 colloqui) the check of every row costs
        // 52 µs a row written, the verification 2.7 s: a few rows into it (or a file mostly
        // recorded already) keep the checks row by row.
        let recorded: i64 = self
            .conn
            .query_row("SELECT count(*) FROM contact", [], |r| r.get(0))?;
        let checks_deferred = i64::try_from(plan.new_contacts()).unwrap_or(i64::MAX) >= recorded;
        if checks_deferred {
            store::defer_checks(&self.conn)?;
        }
        let written = self.write(|w| {
            let mut items = Items::new(&batch);
            let mut person_ids: BTreeMap<usize, PersonId> = BTreeMap::new();
            let mut outcome = ImportOutcome {
                batch: batch.clone(),
                skipped_rows: preview.error_rows,
                recorded_contacts: plan.recorded_contacts(),
                ..ImportOutcome::default()
            };
            let contracts = records::contracts(w.conn())?;
            let noted_before = week_notes_reading(w.conn(), None)?;
            for (done, r) in plan.rows.iter().enumerate() {
                if done % PROGRESS_EVERY == 0 && !progress(done, total) {
                    return Err(ArchiveError::Cancelled);
                }
                if r.already_recorded {
                    continue;
                }
                let person = match r.who {
                    Who::Known(id) => id,
                    Who::RecordedAnonymous => continue,
                    Who::New(n) => match person_ids.get(&n) {
                        Some(id) => *id,
                        None => {
                            let id = w.insert_person(Uuid::now_v7(), &plan.new_persons[n])?;
                            items.add(Entity::Person, &id.to_string());
                            person_ids.insert(n, id);
                            if is_anonymous(&plan.new_persons[n]) {
                                outcome.anonymous += 1;
                            } else {
                                outcome.persons += 1;
                            }
                            id
                        }
                    },
                };
                let contact = r.row.new_contact(person);
                let contact_id = w.insert_contact(Uuid::now_v7(), &contact)?;
                items.add(Entity::Contact, &contact_id.to_string());
                outcome.contacts += 1;
                if options.with_time {
                    let mut entry = contact.time_entry(contact_id);
                    if let Some(c) = records::contract_on(&contracts, contact.date) {
                        entry.billable = c.terms.bills(entry.kind);
                    }
                    let id = w.insert_time_entry(
                        Uuid::now_v7(),
                        &entry,
                        Some(person),
                        Some(IMPORTED_TIME_NOTE),
                    )?;
                    items.add(Entity::TimeEntry, &id.to_string());
                    outcome.time_entries += 1;
                }
                for (referral, result) in r.row.new_referrals() {
                    let id = w.insert_referral(Uuid::now_v7(), contact_id, &referral)?;
                    items.add(Entity::Referral, &id.to_string());
                    outcome.referrals += 1;
                    if let Some(result) = result {
                        let o = w.insert_outcome(Uuid::now_v7(), id, &result)?;
                        items.add(Entity::ReferralOutcome, &o.to_string());
                    }
                }
            }
            // The weeks over the cap its hours brought got the import's note: they go with it.
            for week in week_notes_reading(w.conn(), Some(IMPORTED_TIME_NOTE))? {
                if !noted_before.contains(&week) {
                    items.add(Entity::WeekNote, &week);
                }
            }
            if !progress(total, total) {
                return Err(ArchiveError::Cancelled);
            }
            let created_by = w.operator_text();
            let now = w.now.clone();
            w.tracked(Entity::ImportBatch, &batch, Action::Create, None, |c| {
                c.execute(
                    "INSERT INTO import_batch (id, file_sha256, file_name, data_rows, contacts, persons,
                        skipped_rows, with_time, created_at, created_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        batch,
                        preview.file_sha256,
                        preview.file_name,
                        preview.data_rows as i64,
                        outcome.contacts as i64,
                        (outcome.persons + outcome.anonymous) as i64,
                        outcome.skipped_rows as i64,
                        options.with_time,
                        now,
                        created_by
                    ],
                )?;
                Ok(())
            })?;
            items.flush(w)?;
            if checks_deferred {
                store::verify_checks_deferred(w.conn())?;
            }
            Ok(outcome)
        });
        // Back to checking each row, whatever the import's end: refused if that fails (the
        // import itself, if saved, was verified).
        store::check_each_row(&self.conn)?;
        // Only memory: a failure here must not hide what the import did.
        let _ = self
            .conn
            .execute_batch(&format!("PRAGMA cache_size = -{};", store::CACHE_KIB));
        let outcome = written?;
        // The import is saved; a mapping not remembered only means choosing it again next time.
        let _ = self.remember_mapping(mapping);
        Ok(outcome)
    }

    /// [`Archive::import_register`] as a job: its stage and percentage as it goes, stopped
    /// (nothing written) when the job is cancelled.
    pub fn import_register_in(
        &mut self,
        job: &Job,
        name: &str,
        bytes: &[u8],
        mapping: &Mapping,
        options: ImportOptions,
        today: chrono::NaiveDate,
    ) -> Result<ImportOutcome> {
        job.step(0, Stage::ImportReading)?;
        self.import_register(name, bytes, mapping, options, today, &mut |done, total| {
            let percent = (done * 100 / total.max(1)) as u8;
            job.step(percent, Stage::ImportWriting).is_ok()
        })
    }

    /// The imports on record, newest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, file_name, file_sha256, data_rows, contacts, persons, skipped_rows, with_time,
                    created_at, undone_at
             FROM import_batch ORDER BY created_at DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ImportRecord {
                    id: r.get(0)?,
                    file_name: r.get(1)?,
                    file_sha256: r.get(2)?,
                    data_rows: r.get::<_, i64>(3)? as usize,
                    contacts: r.get::<_, i64>(4)? as usize,
                    persons: r.get::<_, i64>(5)? as usize,
                    skipped_rows: r.get::<_, i64>(6)? as usize,
                    with_time: r.get(7)?,
                    created_at: r.get(8)?,
                    undone_at: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(map_damage)?;
        Ok(rows)
    }
}

fn is_anonymous(p: &sportello_core::model::NewPerson) -> bool {
    matches!(
        p.identity,
        sportello_core::model::Identity::Anonymous { .. }
    )
}

/// The records an import created, written in bulk at the end.
struct Items {
    batch: String,
    list: Vec<(&'static str, String)>,
}

impl Items {
    fn new(batch: &str) -> Items {
        Items {
            batch: batch.to_string(),
            list: Vec::new(),
        }
    }

    fn add(&mut self, entity: Entity, id: &str) {
        self.list.push((entity.table(), id.to_string()));
    }

    fn flush(&self, w: &Writer) -> Result<()> {
        let mut stmt = w.conn().prepare_cached(
            "INSERT INTO import_item (batch_id, seq, entity, entity_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (seq, (entity, id)) in self.list.iter().enumerate() {
            stmt.execute(params![self.batch, seq as i64, entity, id])?;
        }
        Ok(())
    }
}

/// The weeks with a note (with this note, if given).
pub(crate) fn week_notes_reading(
    conn: &Connection,
    note: Option<&str>,
) -> Result<std::collections::HashSet<String>> {
    let mut stmt = conn.prepare("SELECT id FROM week_note WHERE ?1 IS NULL OR note = ?1")?;
    let weeks = stmt
        .query_map([note], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()
        .map_err(map_damage)?;
    Ok(weeks)
}

/// The day a file with this hash was imported, if its import stands.
fn imported_on(conn: &Connection, sha: &str) -> Result<Option<String>> {
    let at: Option<String> = conn
        .query_row(
            "SELECT created_at FROM import_batch WHERE file_sha256 = ?1 AND undone_at IS NULL",
            [sha],
            |r| r.get(0),
        )
        .optional()
        .map_err(map_damage)?;
    Ok(at.map(|at| {
        chrono::DateTime::parse_from_rfc3339(&at)
            .map(|d| sportello_core::format::date(d.date_naive()))
            .unwrap_or(at)
    }))
}

fn header_of(table: &Table, parsed: &ParsedTable, column: Column) -> String {
    parsed
        .columns
        .iter()
        .position(|c| *c == Some(column))
        .and_then(|i| table.headers.get(i))
        .cloned()
        .unwrap_or_else(|| column.header().to_string())
}

/// Every service of the catalogue, archived ones included (old referrals went to them).
pub(crate) fn catalogue_names(conn: &Connection) -> Result<Vec<(ServiceId, String)>> {
    let mut stmt = conn.prepare("SELECT id, name FROM service WHERE deleted_at IS NULL")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(map_damage)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name)| id.parse().ok().map(|id| (ServiceId(id), name)))
        .collect())
}

/// The persons and colloqui on record, as the matching reads them: live persons not merged
/// into another, live colloqui.
fn known(conn: &Connection) -> Result<Known> {
    let mut known = Known::default();
    let mut stmt = conn.prepare(
        "SELECT id, surname, name, codice_fiscale, key_surname_name,
                coalesce(birth_year, CAST(substr(birth_date, 1, 4) AS INTEGER)), birth_date
         FROM person WHERE anonymous = 0 AND deleted_at IS NULL AND merged_into IS NULL",
    )?;
    let mut rows = stmt.query([]).map_err(map_damage)?;
    while let Some(r) = rows.next().map_err(map_damage)? {
        let id: String = r.get(0)?;
        let Ok(id) = id.parse() else { continue };
        let (surname, name): (String, String) = (r.get(1)?, r.get(2)?);
        known.persons.push(KnownPerson {
            id: PersonId(id),
            display_name: format!("{surname} {name}"),
            codice_fiscale: r.get(3)?,
            key: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            birth_year: r.get(5)?,
            birth_date: r
                .get::<_, Option<String>>(6)?
                .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        });
    }
    let mut stmt = conn.prepare(
        "SELECT codice_fiscale, id FROM person
         WHERE codice_fiscale IS NOT NULL AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)",
    )?;
    let mut rows = stmt.query([]).map_err(map_damage)?;
    while let Some(r) = rows.next().map_err(map_damage)? {
        let (code, id): (String, String) = (r.get(0)?, r.get(1)?);
        if let Ok(id) = id.parse() {
            known.held_codes.insert(code, PersonId(id));
        }
    }
    let mut stmt = conn.prepare(
        "SELECT c.person_id, c.date, c.start_time, c.duration_minutes, p.anonymous, p.gender,
                p.age_band, p.citizenship
         FROM contact c JOIN person p ON p.id = c.person_id
         WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([]).map_err(map_damage)?;
    while let Some(r) = rows.next().map_err(map_damage)? {
        let person: String = r.get(0)?;
        let date: String = r.get(1)?;
        let time: Option<String> = r.get(2)?;
        let (Ok(person), Ok(date)) = (
            person.parse(),
            chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
        ) else {
            continue;
        };
        let time = time.and_then(|t| chrono::NaiveTime::parse_from_str(&t, "%H:%M").ok());
        if r.get::<_, bool>(4)? {
            let gender: String = r.get(5)?;
            let band: Option<String> = r.get(6)?;
            let citizenship: String = r.get(7)?;
            *known
                .anonymous_contacts
                .entry((
                    date,
                    time,
                    Minutes(r.get(3)?),
                    Gender::from_code(&gender).unwrap_or(Gender::Other),
                    band.as_deref()
                        .and_then(AgeBand::from_code)
                        .unwrap_or(AgeBand::Unknown),
                    Citizenship::from_code(&citizenship).unwrap_or(Citizenship::Unknown),
                ))
                .or_default() += 1;
        } else {
            *known
                .contacts
                .entry((PersonId(person), date, time))
                .or_default() += 1;
        }
    }
    Ok(known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ArchivePaths;

    const FILE: &str = "data;ora;durata_minuti;cognome;nome;codice_fiscale;nascita;genere;cittadinanza;comune_residenza;anonimo;fascia_eta;prestazioni;aree_bisogno;servizio_invio;esito_invio;sintesi\r\n\
        04/03/2025;09:30;40;Rossi;Anna;;12/05/1970;F;IT;;no;;ascolto;POV;;;\r\n";

    fn checks_row_by_row(archive: &Archive) -> bool {
        let ignored: i64 = archive
            .conn
            .query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))
            .expect("pragma");
        ignored == 0
    }

    /// The CHECK constraints are deferred only while an import writes: after it, saved or
    /// stopped, every row is checked again as it is written.
    #[test]
    fn after_an_import_saved_or_stopped_rows_are_checked_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = ArchivePaths::new(dir.path().join("dati"));
        let passphrase = crate::SecretString::from("girasole verde mattina".to_owned());
        let (mut archive, _) = Archive::create(&paths, &passphrase, None).expect("create");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        let import = |archive: &mut Archive, go_on: bool| {
            archive.import_register(
                "registro.csv",
                FILE.as_bytes(),
                &Mapping::default(),
                ImportOptions::default(),
                today,
                &mut |_, _| go_on,
            )
        };
        let stopped = import(&mut archive, false).expect_err("stopped");
        assert!(matches!(stopped, ArchiveError::Cancelled), "{stopped:?}");
        assert!(checks_row_by_row(&archive));
        let outcome = import(&mut archive, true).expect("imported");
        assert_eq!(outcome.contacts, 1);
        assert!(checks_row_by_row(&archive));
        let refused = archive
            .conn
            .execute("UPDATE contact SET channel = 'piccione'", [])
            .expect_err("a code outside the list");
        assert!(refused.to_string().contains("CHECK"), "{refused}");
    }
}
