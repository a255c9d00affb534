//! Time entries (voci ore): the hours billed against the monte ore.

use super::{collect, date_text, get_code, get_date, get_id, Entity, Writer};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use crate::store::CachedStatements;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use sportello_core::history::Action;
use sportello_core::ipc::TimeEntryLine;
use sportello_core::ledger::{cap_check, LedgerEntry, Week};
use sportello_core::model::{NewTimeEntry, TimeEntry};
use sportello_core::statement::StatementEntry;
use sportello_core::{ContactId, FormErrors, Minutes, PersonId, TimeEntryId, TimeKind};
use uuid::Uuid;

/// The note a week gets when restored time takes it past the cap.
const RESTORED_NOTE: &str = "Ore ripristinate dal cestino oltre il tetto settimanale.";

const ENTRY_COLUMNS: &str = "id, date, minutes, kind, contact_id, billable, note";

fn entry_from_row(r: &Row) -> rusqlite::Result<TimeEntry> {
    let contact: Option<String> = r.get(4)?;
    Ok(TimeEntry {
        id: TimeEntryId(get_id(r, 0)?),
        data: NewTimeEntry {
            date: get_date(r, 1)?,
            minutes: Minutes(r.get(2)?),
            kind: get_code(r, 3, TimeKind::from_code)?,
            contact: contact.and_then(|c| c.parse().ok()),
            billable: r.get(5)?,
            note: r.get(6)?,
        },
    })
}

/// The person whose colloquio an entry belongs to, if any.
fn person_of_entry(conn: &Connection, id: TimeEntryId) -> Result<Option<PersonId>> {
    let person: Option<Option<String>> = conn
        .query_row_cached(
            "SELECT c.person_id FROM time_entry t LEFT JOIN contact c ON c.id = t.contact_id WHERE t.id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()
        .map_err(map_damage)?;
    match person {
        None => Err(ArchiveError::RecordNotFound),
        Some(p) => Ok(p.and_then(|p| p.parse().ok())),
    }
}

impl Writer<'_> {
    /// Refuses time in a closed contract year; and billable time that takes its ISO week past
    /// the weekly cap, unless the week has a note or `cap_note` gives one (then recorded).
    /// `replacing` is the entry being changed, left out of the week's total.
    fn check_time(
        &mut self,
        e: &NewTimeEntry,
        replacing: Option<TimeEntryId>,
        cap_note: Option<&str>,
    ) -> Result<()> {
        super::check_open(self.conn(), e.date)?;
        if !e.billable {
            return Ok(());
        }
        let list = super::contracts(self.conn())?;
        let Some(contract) = super::contract_on(&list, e.date) else {
            return Ok(());
        };
        let week = Week::of(e.date);
        let others: u32 = self.conn().query_row_cached(
            "SELECT coalesce(sum(minutes), 0) FROM time_entry
             WHERE deleted_at IS NULL AND billable = 1 AND date BETWEEN ?1 AND ?2 AND id IS NOT ?3",
            params![
                date_text(week.monday()),
                date_text(week.sunday()),
                replacing.map(|r| r.to_string())
            ],
            |r| r.get(0),
        )?;
        let has_note = super::week_note(self.conn(), week)?.is_some();
        let note = cap_note.map(str::trim).filter(|n| !n.is_empty());
        match cap_check(
            Minutes(others),
            e.minutes,
            contract.terms.weekly_cap,
            has_note || note.is_some(),
        ) {
            Ok(()) => {
                if let (false, Some(note), true) = (
                    has_note,
                    note,
                    Minutes(others) + e.minutes > contract.terms.weekly_cap,
                ) {
                    self.set_week_note(week, note)?;
                }
                Ok(())
            }
            Err(msg) => {
                let mut errors = FormErrors::default();
                errors.add("cap_note", msg);
                Err(ArchiveError::Invalid(errors))
            }
        }
    }

    pub fn insert_time_entry(
        &mut self,
        id: Uuid,
        e: &NewTimeEntry,
        person: Option<PersonId>,
        cap_note: Option<&str>,
    ) -> Result<TimeEntryId> {
        if e.minutes.get() == 0 || e.minutes.get() > 720 {
            return Err(ArchiveError::Rejected(
                "La durata deve essere tra 1 minuto e 12 ore.".into(),
            ));
        }
        self.check_time(e, None, cap_note)?;
        // The colloquio's person, so that an erasure finds the entry's history.
        let person = match (person, e.contact) {
            (Some(p), _) => Some(p),
            (None, Some(contact)) => Some(super::contact_person(self.conn(), contact)?),
            (None, None) => None,
        };
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::TimeEntry, &id.to_string(), Action::Create, person, |c| {
            c.prepare_cached(
                "INSERT INTO time_entry (id, date, minutes, kind, contact_id, billable, note, created_at, updated_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            )?
            .execute(params![
                id.to_string(),
                date_text(e.date),
                e.minutes.get(),
                e.kind.code(),
                e.contact.map(|c| c.to_string()),
                e.billable,
                e.note,
                now,
                operator
            ])?;
            Ok(())
        })?;
        Ok(TimeEntryId(id))
    }

    pub fn update_time_entry(
        &mut self,
        id: TimeEntryId,
        e: &NewTimeEntry,
        cap_note: Option<&str>,
    ) -> Result<()> {
        super::must_exist(self.conn(), Entity::TimeEntry, &id.to_string())?;
        super::check_open(self.conn(), time_entry(self.conn(), id)?.data.date)?;
        self.check_time(e, Some(id), cap_note)?;
        let person = person_of_entry(self.conn(), id)?;
        let now = self.now.clone();
        self.tracked(Entity::TimeEntry, &id.to_string(), Action::Update, person, |c| {
            c.execute_cached(
                "UPDATE time_entry SET date = ?2, minutes = ?3, kind = ?4, billable = ?5, note = ?6, updated_at = ?7
                 WHERE id = ?1",
                params![
                    id.to_string(),
                    date_text(e.date),
                    e.minutes.get(),
                    e.kind.code(),
                    e.billable,
                    e.note,
                    now
                ],
            )?;
            Ok(())
        })
    }

    pub fn delete_time_entry(&mut self, id: TimeEntryId) -> Result<()> {
        super::must_exist(self.conn(), Entity::TimeEntry, &id.to_string())?;
        super::check_open(self.conn(), time_entry(self.conn(), id)?.data.date)?;
        let person = person_of_entry(self.conn(), id)?;
        let now = self.now.clone();
        self.tracked(
            Entity::TimeEntry,
            &id.to_string(),
            Action::Delete,
            person,
            |c| {
                c.execute_cached(
                    "UPDATE time_entry SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                    params![id.to_string(), now],
                )?;
                Ok(())
            },
        )
    }

    /// Brings an entry back from the bin; if that takes its week past the cap, the week is
    /// marked with a note saying so.
    pub fn restore_time_entry(&mut self, id: TimeEntryId) -> Result<()> {
        let person = person_of_entry(self.conn(), id)?;
        let entry = self.conn().query_row_cached(
            &format!("SELECT {ENTRY_COLUMNS} FROM time_entry WHERE id = ?1"),
            [id.to_string()],
            entry_from_row,
        )?;
        self.check_time(&entry.data, Some(id), Some(RESTORED_NOTE))?;
        let now = self.now.clone();
        self.tracked(
            Entity::TimeEntry,
            &id.to_string(),
            Action::Restore,
            person,
            |c| {
                c.execute_cached(
                    "UPDATE time_entry SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
                    params![id.to_string(), now],
                )?;
                Ok(())
            },
        )
    }
}

pub(crate) fn time_entry(conn: &Connection, id: TimeEntryId) -> Result<TimeEntry> {
    conn.query_row_cached(
        &format!("SELECT {ENTRY_COLUMNS} FROM time_entry WHERE id = ?1 AND deleted_at IS NULL"),
        [id.to_string()],
        entry_from_row,
    )
    .optional()
    .map_err(map_damage)?
    .ok_or(ArchiveError::RecordNotFound)
}

/// Time entries dated `from..=to`.
pub(crate) fn time_entries(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<TimeEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM time_entry
         WHERE deleted_at IS NULL AND date BETWEEN ?1 AND ?2 ORDER BY date, created_at"
    ))?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], entry_from_row)?;
    collect(rows)
}

/// The live entries of one colloquio.
pub(crate) fn live_entries_of_contact(
    conn: &Connection,
    contact: ContactId,
) -> Result<Vec<TimeEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM time_entry WHERE contact_id = ?1 AND deleted_at IS NULL"
    ))?;
    let rows = stmt.query_map([contact.to_string()], entry_from_row)?;
    collect(rows)
}

/// The time booked by a person's colloqui, newest first.
pub(crate) fn time_entries_of_person(
    conn: &Connection,
    person: PersonId,
) -> Result<Vec<TimeEntryLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.date, t.minutes, t.kind, t.contact_id, t.billable, t.note,
                coalesce(o.name, '')
         FROM time_entry t JOIN contact c ON c.id = t.contact_id
         LEFT JOIN operator o ON o.id = t.created_by
         WHERE c.person_id = ?1 AND t.deleted_at IS NULL AND c.deleted_at IS NULL
         ORDER BY t.date DESC",
    )?;
    let rows = stmt.query_map([person.to_string()], |r| {
        Ok(TimeEntryLine {
            entry: entry_from_row(r)?,
            person_name: None,
            operator: r.get(7)?,
        })
    })?;
    collect(rows)
}

/// Billable-or-not minutes per day, for the ledger (one row per day and billability).
pub(crate) fn ledger_entries(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<LedgerEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, billable, sum(minutes) FROM time_entry
         WHERE deleted_at IS NULL AND date >= ?1 AND date < ?2 GROUP BY date, billable ORDER BY date",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        Ok(LedgerEntry {
            date: get_date(r, 0)?,
            billable: r.get(1)?,
            minutes: Minutes(r.get(2)?),
        })
    })?;
    collect(rows)
}

/// Entries with their kind, for the statements (`from..to`, `to` excluded).
pub(crate) fn statement_entries(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<StatementEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.date, t.minutes, t.kind, t.billable, coalesce(o.name, '') FROM time_entry t
         LEFT JOIN operator o ON o.id = t.created_by
         WHERE t.deleted_at IS NULL AND t.date >= ?1 AND t.date < ?2 ORDER BY t.date",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        Ok(StatementEntry {
            date: get_date(r, 0)?,
            minutes: Minutes(r.get(1)?),
            kind: get_code(r, 2, TimeKind::from_code)?,
            billable: r.get(3)?,
            operator: r.get(4)?,
        })
    })?;
    collect(rows)
}

/// The entries dated `from..=to` as the hours page lists them: with the person of their
/// colloquio and their operator.
pub(crate) fn time_entry_lines(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<TimeEntryLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.date, t.minutes, t.kind, t.contact_id, t.billable, t.note,
                p.id, p.anonymous, p.surname, p.name, coalesce(o.name, '')
         FROM time_entry t
         LEFT JOIN contact c ON c.id = t.contact_id
         LEFT JOIN person p ON p.id = c.person_id
         LEFT JOIN operator o ON o.id = t.created_by
         WHERE t.deleted_at IS NULL AND t.date BETWEEN ?1 AND ?2
         ORDER BY t.date DESC, t.created_at DESC, t.id DESC",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        let person: Option<String> = r.get(7)?;
        let person_name = match person.and_then(|p| p.parse::<PersonId>().ok()) {
            Some(p) => Some(super::listed_name(r, p, 8, 9, 10)?),
            None => None,
        };
        Ok(TimeEntryLine {
            entry: entry_from_row(r)?,
            person_name,
            operator: r.get(11)?,
        })
    })?;
    collect(rows)
}
