//! Reading and writing records, one module per aggregate. Every write goes through a
//! [`Writer`], which runs inside one transaction and appends each change to the hash-chained
//! history in that same transaction, with the record's image before and after the change.

mod activity;
mod agenda;
mod attachments;
mod case_writes;
mod casework;
mod catalogue;
mod community;
mod contacts;
mod contract;
mod erasure;
pub mod history;
mod history_view;
mod hours;
mod persons;
mod privacy;
mod referrals;
mod reports;
mod settings;

pub(crate) use activity::*;
pub(crate) use agenda::*;
pub(crate) use attachments::*;
pub(crate) use casework::*;
pub use catalogue::ReloadOutcome;
pub(crate) use catalogue::*;
pub(crate) use community::*;
pub(crate) use contacts::*;
pub(crate) use contract::*;
pub(crate) use erasure::*;
pub use history::{Entity, VerifyProblem};
pub(crate) use hours::*;
pub(crate) use persons::*;
pub(crate) use privacy::*;
pub(crate) use referrals::*;
pub(crate) use reports::*;
pub use settings::Counts;
pub(crate) use settings::*;

use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use crate::store::CachedStatements;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::Value;
use sportello_core::history::Action;
use sportello_core::model::{display_name, Identity};
use sportello_core::{AgeBand, OperatorId, PersonId};
use uuid::Uuid;

const DATE: &str = "%Y-%m-%d";
const TIME: &str = "%H:%M";

pub(crate) fn date_text(d: NaiveDate) -> String {
    d.format(DATE).to_string()
}

pub(crate) fn time_text(t: NaiveTime) -> String {
    t.format(TIME).to_string()
}

fn bad_column(index: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("valore non riconosciuto: {what}").into(),
    )
}

fn get_date(row: &Row, index: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = row.get(index)?;
    NaiveDate::parse_from_str(&s, DATE).map_err(|_| bad_column(index, "data"))
}

fn get_opt_date(row: &Row, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = row.get(index)?;
    s.map(|s| NaiveDate::parse_from_str(&s, DATE).map_err(|_| bad_column(index, "data")))
        .transpose()
}

/// The day of an RFC 3339 timestamp column (`created_at`, `deleted_at`).
fn get_opt_day(row: &Row, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = row.get(index)?;
    s.map(|s| {
        s.get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, DATE).ok())
            .ok_or_else(|| bad_column(index, "data"))
    })
    .transpose()
}

fn get_opt_time(row: &Row, index: usize) -> rusqlite::Result<Option<NaiveTime>> {
    let s: Option<String> = row.get(index)?;
    s.map(|s| NaiveTime::parse_from_str(&s, TIME).map_err(|_| bad_column(index, "ora")))
        .transpose()
}

fn get_id(row: &Row, index: usize) -> rusqlite::Result<Uuid> {
    let s: String = row.get(index)?;
    Uuid::parse_str(&s).map_err(|_| bad_column(index, "identificativo"))
}

fn get_code<T>(row: &Row, index: usize, from: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let s: String = row.get(index)?;
    from(&s).ok_or_else(|| bad_column(index, "categoria"))
}

fn get_opt_code<T>(
    row: &Row,
    index: usize,
    from: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(index)?;
    s.map(|s| from(&s).ok_or_else(|| bad_column(index, "categoria")))
        .transpose()
}

/// The name shown in lists, from a row's `anonymous`, `surname` and `name` columns.
pub(crate) fn listed_name(
    r: &Row,
    person: PersonId,
    anonymous: usize,
    surname: usize,
    name: usize,
) -> rusqlite::Result<String> {
    let identity = if r.get::<_, bool>(anonymous)? {
        Identity::Anonymous {
            age_band: AgeBand::Unknown,
        }
    } else {
        Identity::Named {
            surname: r.get(surname)?,
            name: r.get(name)?,
            codice_fiscale: None,
            birth: None,
        }
    };
    Ok(display_name(&identity, person))
}

/// Collects a query's rows, reporting SQLCipher's authentication failures as damage.
fn collect<T>(rows: impl Iterator<Item = rusqlite::Result<T>>) -> Result<Vec<T>> {
    rows.collect::<rusqlite::Result<_>>().map_err(map_damage)
}

/// A record that must exist (and not be deleted) for a change to it.
fn must_exist(conn: &Connection, entity: Entity, id: &str) -> Result<()> {
    let live: Option<bool> = conn
        .query_row_cached(
            &format!(
                "SELECT deleted_at IS NULL FROM {} WHERE id = ?1",
                entity.table()
            ),
            [id],
            |r| r.get(0),
        )
        .optional()
        .map_err(map_damage)?;
    match live {
        Some(true) => Ok(()),
        Some(false) => Err(ArchiveError::Invalid({
            let mut e = sportello_core::FormErrors::default();
            e.add("record", sportello_core::Msg::RecordDeleted);
            e
        })),
        None => Err(ArchiveError::RecordNotFound),
    }
}

/// Writes records inside one transaction, chaining each change into the history with the
/// record's images before and after it.
pub struct Writer<'a> {
    conn: &'a Connection,
    last_hash: [u8; 32],
    /// Timestamp written as `created_at` / `updated_at` and in the history.
    pub(crate) now: String,
    /// Who makes the changes.
    operator: Option<OperatorId>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(
        conn: &'a Connection,
        now: String,
        operator: Option<OperatorId>,
    ) -> Result<Writer<'a>> {
        let last: Option<Vec<u8>> = conn
            .query_row_cached(
                "SELECT hash FROM history ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(map_damage)?;
        let mut last_hash = [0u8; 32];
        if let Some(h) = last {
            if h.len() == 32 {
                last_hash.copy_from_slice(&h);
            }
        }
        Ok(Writer {
            conn,
            last_hash,
            now,
            operator,
        })
    }

    pub(crate) fn conn(&self) -> &Connection {
        self.conn
    }

    pub(crate) fn operator_text(&self) -> Option<String> {
        self.operator.map(|o| o.to_string())
    }

    /// Runs `change`, then appends the history entry for it: the record's image before
    /// (none for a creation) and after (none once it is gone).
    pub(crate) fn tracked<T>(
        &mut self,
        entity: Entity,
        id: &str,
        action: Action,
        person: Option<PersonId>,
        change: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        let before = if action == Action::Create {
            None
        } else {
            history::snapshot(self.conn, entity, id)?
        };
        let value = change(self.conn)?;
        let after = history::snapshot(self.conn, entity, id)?;
        self.append(entity, id, action, person, before.as_ref(), after.as_ref())?;
        Ok(value)
    }

    /// Appends one entry to the history chain.
    pub(crate) fn append(
        &mut self,
        entity: Entity,
        id: &str,
        action: Action,
        person: Option<PersonId>,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<()> {
        self.last_hash = history::append(
            self.conn,
            &self.last_hash,
            &history::Entry {
                at: &self.now,
                operator: self.operator_text().as_deref(),
                entity: entity.table(),
                entity_id: id,
                person: person.map(|p| p.to_string()).as_deref(),
                action,
                before: before.map(Value::to_string).as_deref(),
                after: after.map(Value::to_string).as_deref(),
            },
        )?;
        Ok(())
    }
}
