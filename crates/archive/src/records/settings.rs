//! Settings kept inside the archive, and the counts shown by `stats` and `verify`.

use super::{Entity, Writer};
use crate::error::Result;
use crate::store::map_damage;
use crate::store::CachedStatements;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sportello_core::history::Action;

impl Writer<'_> {
    /// Sets a setting; the change is in the history like any other.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let exists = setting(self.conn(), key)?.is_some();
        let action = if exists {
            Action::Update
        } else {
            Action::Create
        };
        self.tracked(Entity::Setting, key, action, None, |c| {
            c.execute_cached(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }
}

pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.query_row_cached("SELECT value FROM setting WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .optional()
    .map_err(map_damage)
}

/// Row counts of the main tables (deleted rows and the records of deleted persons excluded).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub persons: u64,
    pub anonymous_persons: u64,
    pub contacts: u64,
    pub time_entries: u64,
    pub referrals: u64,
    pub services: u64,
    pub appointments: u64,
    pub history: u64,
}

pub(crate) fn counts(conn: &Connection) -> Result<Counts> {
    let count = |sql: &str| -> Result<u64> {
        Ok(conn
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .map_err(map_damage)?
            .max(0) as u64)
    };
    Ok(Counts {
        persons: count("SELECT count(*) FROM person WHERE deleted_at IS NULL AND anonymous = 0")?,
        anonymous_persons: count(
            "SELECT count(*) FROM person WHERE deleted_at IS NULL AND anonymous = 1",
        )?,
        contacts: count(
            "SELECT count(*) FROM contact c JOIN person p ON p.id = c.person_id
             WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL",
        )?,
        time_entries: count("SELECT count(*) FROM time_entry WHERE deleted_at IS NULL")?,
        referrals: count(
            "SELECT count(*) FROM referral r JOIN contact c ON c.id = r.contact_id JOIN person p ON p.id = c.person_id
             WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL AND p.deleted_at IS NULL",
        )?,
        services: count("SELECT count(*) FROM service WHERE deleted_at IS NULL")?,
        appointments: count("SELECT count(*) FROM appointment WHERE cancelled_at IS NULL")?,
        history: count("SELECT count(*) FROM history")?,
    })
}
