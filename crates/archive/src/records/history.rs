//! The history: every change appended with the record's images, chained by salted hashes, and
//! the checks that find a change made outside the app.
//!
//! Each entry stores `commit_hash = H("sportello/history/v2" ‖ salt ‖ before ‖ after)` and
//! `hash = H(prev ‖ at ‖ operator ‖ entity ‖ entity_id ‖ person ‖ action ‖ commit_hash)`. Erasing
//! a person's data sets the JSON and the salt of their entries to NULL: the chain still links,
//! and nothing of the erased content can be recovered from the hashes (the salt was random).
//! Entries written before version 2 of the schema (up to the seq in the setting
//! `history_v1_until_seq`) hash their JSON directly, by the first rule.

pub(crate) use super::history_view::record_history;
use super::{get_id, Writer};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use crate::store::CachedStatements;
use rand::RngCore;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use sportello_core::history::Action;
use sportello_core::{search, OperatorId, PersonId};

/// The kinds of record the history follows; each is a table keyed by `id` (`key` for settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Operator,
    Contract,
    Setting,
    Service,
    Person,
    HouseholdLink,
    Contact,
    TimeEntry,
    Referral,
    ReferralOutcome,
    Appointment,
    ContractYear,
    WeekNote,
    Statement,
    Report,
    ErasureRegister,
    Consent,
    Breach,
    CommunityActivity,
    ImportBatch,
    Attachment,
    Case,
    Goal,
    Review,
    Intervention,
    Meeting,
    SocialReport,
}

impl Entity {
    pub const ALL: &'static [Entity] = &[
        Entity::Operator,
        Entity::Contract,
        Entity::Setting,
        Entity::Service,
        Entity::Person,
        Entity::HouseholdLink,
        Entity::Contact,
        Entity::TimeEntry,
        Entity::Referral,
        Entity::ReferralOutcome,
        Entity::Appointment,
        Entity::ContractYear,
        Entity::WeekNote,
        Entity::Statement,
        Entity::Report,
        Entity::ErasureRegister,
        Entity::Consent,
        Entity::Breach,
        Entity::CommunityActivity,
        Entity::ImportBatch,
        Entity::Attachment,
        Entity::Case,
        Entity::Goal,
        Entity::Review,
        Entity::Intervention,
        Entity::Meeting,
        Entity::SocialReport,
    ];

    /// The table, which is also the name the history records.
    pub fn table(self) -> &'static str {
        match self {
            Entity::Operator => "operator",
            Entity::Contract => "contract",
            Entity::Setting => "setting",
            Entity::Service => "service",
            Entity::Person => "person",
            Entity::HouseholdLink => "household_link",
            Entity::Contact => "contact",
            Entity::TimeEntry => "time_entry",
            Entity::Referral => "referral",
            Entity::ReferralOutcome => "referral_outcome",
            Entity::Appointment => "appointment",
            Entity::ContractYear => "contract_year",
            Entity::WeekNote => "week_note",
            Entity::Statement => "statement",
            Entity::Report => "report_log",
            Entity::ErasureRegister => "erasure_register",
            Entity::Consent => "consent",
            Entity::Breach => "breach",
            Entity::CommunityActivity => "community_activity",
            Entity::ImportBatch => "import_batch",
            Entity::Attachment => "attachment",
            Entity::Case => "case_file",
            Entity::Goal => "case_goal",
            Entity::Review => "case_review",
            Entity::Intervention => "case_intervention",
            Entity::Meeting => "case_meeting",
            Entity::SocialReport => "social_report",
        }
    }

    pub fn from_table(table: &str) -> Option<Entity> {
        Entity::ALL.iter().copied().find(|e| e.table() == table)
    }

    fn key(self) -> &'static str {
        match self {
            Entity::Setting => "key",
            _ => "id",
        }
    }
}

/// The image of one record as the history keeps it: its row, column by column (blobs as hex),
/// with the rows that belong to it (a contact's services and areas, a person's
/// representatives, a contract's opening slots and closures). `None` when there is no row.
pub(crate) fn snapshot(conn: &Connection, entity: Entity, id: &str) -> Result<Option<Value>> {
    let sql = format!(
        "SELECT * FROM {} WHERE {} = ?1",
        entity.table(),
        entity.key()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let row = stmt
        .query_row([id], |r| Ok(row_object(r)))
        .optional()
        .map_err(map_damage)?;
    let Some(mut object) = row else {
        return Ok(None);
    };
    let children: &[(&str, &str)] = match entity {
        Entity::Contact => &[
            (
                "services",
                "SELECT service FROM contact_service WHERE contact_id = ?1 ORDER BY service",
            ),
            (
                "areas",
                "SELECT area FROM contact_area WHERE contact_id = ?1 ORDER BY area",
            ),
        ],
        Entity::Person => &[(
            "representatives",
            "SELECT kind, name, contact, note FROM representative WHERE person_id = ?1 ORDER BY position",
        )],
        Entity::Contract => &[
            (
                "opening_slots",
                "SELECT weekday, start_time, end_time FROM opening_slot WHERE contract_id = ?1 ORDER BY weekday, start_time",
            ),
            (
                "closures",
                "SELECT from_date, to_date, reason FROM closure WHERE contract_id = ?1 ORDER BY from_date, to_date",
            ),
            (
                "billable_kinds",
                "SELECT kind FROM contract_kind WHERE contract_id = ?1 AND billable = 1 ORDER BY kind",
            ),
        ],
        Entity::Case => &[(
            "earlier_periods",
            "SELECT opened_on, reason, closed_on, close_reason FROM case_period WHERE case_id = ?1 ORDER BY opened_on",
        )],
        _ => &[],
    };
    for (name, sql) in children {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(if r.as_ref().column_count() == 1 {
                    value_of(r.get_ref(0)?)
                } else {
                    Value::Object(row_object(r))
                })
            })?
            .collect::<rusqlite::Result<Vec<Value>>>()
            .map_err(map_damage)?;
        object.insert((*name).to_string(), Value::Array(rows));
    }
    Ok(Some(Value::Object(object)))
}

fn row_object(r: &rusqlite::Row) -> Map<String, Value> {
    let stmt = r.as_ref();
    let mut object = Map::new();
    for i in 0..stmt.column_count() {
        let name = stmt.column_name(i).unwrap_or("?").to_string();
        let value = r.get_ref(i).map(value_of).unwrap_or(Value::Null);
        object.insert(name, value);
    }
    object
}

fn value_of(v: ValueRef) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(hex::encode(b)),
    }
}

/// One entry to append.
pub(crate) struct Entry<'a> {
    pub at: &'a str,
    pub operator: Option<&'a str>,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub person: Option<&'a str>,
    pub action: Action,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// Length-prefixed fields, so no two different entries can hash the same bytes.
fn field(h: &mut Sha256, value: Option<&[u8]>) {
    match value {
        Some(bytes) => {
            h.update([1u8]);
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        None => h.update([0u8]),
    }
}

fn commitment(salt: &[u8], before: Option<&str>, after: Option<&str>) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"sportello/history/v2");
    field(&mut h, Some(salt));
    field(&mut h, before.map(str::as_bytes));
    field(&mut h, after.map(str::as_bytes));
    h.finalize().into()
}

#[allow(clippy::too_many_arguments)]
fn link(
    prev: &[u8],
    at: &str,
    operator: Option<&str>,
    entity: &str,
    entity_id: &str,
    person: Option<&str>,
    action: &str,
    commit: &[u8],
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    for v in [
        Some(at),
        operator,
        Some(entity),
        Some(entity_id),
        person,
        Some(action),
    ] {
        field(&mut h, v.map(str::as_bytes));
    }
    field(&mut h, Some(commit));
    h.finalize().into()
}

/// The first rule (schema version 1): the JSON itself in the chain.
fn legacy_link(
    prev: &[u8],
    at: &str,
    entity: &str,
    id: &str,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    for v in [
        Some(at),
        Some(entity),
        Some(id),
        Some(action),
        before,
        after,
    ] {
        field(&mut h, v.map(str::as_bytes));
    }
    h.finalize().into()
}

/// Appends `entry` after `prev`; returns its hash.
pub(crate) fn append(conn: &Connection, prev: &[u8; 32], entry: &Entry) -> Result<[u8; 32]> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let commit = commitment(&salt, entry.before, entry.after);
    let hash = link(
        prev,
        entry.at,
        entry.operator,
        entry.entity,
        entry.entity_id,
        entry.person,
        entry.action.code(),
        &commit,
    );
    conn.prepare_cached(
        "INSERT INTO history (at, operator_id, entity, entity_id, person_id, action, before_json, after_json,
            salt, commit_hash, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        entry.at,
        entry.operator,
        entry.entity,
        entry.entity_id,
        entry.person,
        entry.action.code(),
        entry.before,
        entry.after,
        salt.as_slice(),
        commit.as_slice(),
        prev.as_slice(),
        hash.as_slice()
    ])?;
    Ok(hash)
}

/// What `verify` finds wrong, named precisely enough to go and look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VerifyProblem {
    /// The entry's hash does not follow from the previous one and its fields.
    BrokenLink { seq: i64 },
    /// The entry's content does not match the hash it committed to.
    AlteredEntry { seq: i64 },
    /// A record differs from the last image its history recorded.
    RowChanged { table: String, id: String, seq: i64 },
    /// A record exists that its history never recorded.
    RowWithoutHistory { table: String, id: String },
    /// A record its history says exists is gone.
    RowMissing { table: String, id: String, seq: i64 },
    /// An attached document's bytes no longer match the SHA-256 its row (and history) holds.
    AttachmentAltered { description: String },
}

impl VerifyProblem {
    /// One Italian sentence for the operator (or the comune's IT).
    pub fn describe(&self) -> String {
        match self {
            VerifyProblem::AttachmentAltered { description } => description.clone(),
            VerifyProblem::BrokenLink { seq } => format!(
                "lo storico è interrotto alla modifica n. {seq}: una voce è stata alterata o rimossa"
            ),
            VerifyProblem::AlteredEntry { seq } => format!(
                "la voce n. {seq} dello storico non corrisponde più al suo sigillo: è stata alterata"
            ),
            VerifyProblem::RowChanged { table, id, seq } => format!(
                "la riga {id} della tabella {table} non corrisponde all'ultima modifica registrata (n. {seq}): è stata cambiata fuori dall'applicazione"
            ),
            VerifyProblem::RowWithoutHistory { table, id } => format!(
                "la riga {id} della tabella {table} non compare nello storico: è stata inserita fuori dall'applicazione"
            ),
            VerifyProblem::RowMissing { table, id, seq } => format!(
                "la riga {id} della tabella {table}, registrata alla modifica n. {seq}, manca: è stata rimossa fuori dall'applicazione"
            ),
        }
    }
}

fn legacy_until(conn: &Connection) -> Result<i64> {
    let v: Option<String> = conn
        .query_row_cached(
            "SELECT value FROM setting WHERE key = 'history_v1_until_seq'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(map_damage)?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// What the comune had anonymised or erased, and what an undone import purged, with the seq of
/// the first such entry: the persons (by id) and the records (by table and id). Only entries
/// before it may have lost their content: an erasure's own entries, and whatever is written
/// after it (an anonymised record kept), keep theirs. A purge covers its record only (an
/// imported colloquio of a person already here leaves her other entries whole).
struct Erasures {
    persons: std::collections::HashMap<String, i64>,
    records: std::collections::HashMap<(String, String), i64>,
    /// The last purge of each record by an undone import (one without an image): a record
    /// made again and purged again (a week's note) has every entry before it emptied.
    purged: std::collections::HashMap<(String, String), i64>,
}

impl Erasures {
    fn read(conn: &Connection) -> Result<Erasures> {
        let mut persons = std::collections::HashMap::new();
        let mut records = std::collections::HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT seq, entity, entity_id, person_id, action = 'purge' FROM history
             WHERE action IN ('erase', 'anonymise')
                OR (action = 'purge' AND before_json IS NULL AND after_json IS NULL)
             ORDER BY seq",
        )?;
        let mut purged = std::collections::HashMap::new();
        let mut rows = stmt.query([]).map_err(map_damage)?;
        while let Some(r) = rows.next().map_err(map_damage)? {
            let seq: i64 = r.get(0)?;
            let record = (r.get(1)?, r.get(2)?);
            if r.get(4)? {
                purged.insert(record, seq);
                continue;
            }
            records.entry(record).or_insert(seq);
            if let Some(person) = r.get::<_, Option<String>>(3)? {
                persons.entry(person).or_insert(seq);
            }
        }
        Ok(Erasures {
            persons,
            records,
            purged,
        })
    }

    /// An entry at `seq` may have been blanked: an erasure of its record, or (for an entry of
    /// the current rule, which binds the person it names) of its person, comes after it.
    fn covers(&self, seq: i64, entity: &str, id: &str, person: Option<&str>, legacy: bool) -> bool {
        let record = (entity.to_string(), id.to_string());
        let by_record = self.records.get(&record).is_some_and(|&first| first > seq)
            || self.purged.get(&record).is_some_and(|&last| last > seq);
        let by_person = !legacy
            && person
                .and_then(|p| self.persons.get(p))
                .is_some_and(|&first| first > seq);
        by_record || by_person
    }
}

/// Walks the whole chain; returns its problems, in order.
pub(crate) fn chain_problems(conn: &Connection) -> Result<Vec<VerifyProblem>> {
    let until = legacy_until(conn)?;
    let erased = Erasures::read(conn)?;
    let mut stmt = conn.prepare(
        "SELECT seq, at, operator_id, entity, entity_id, person_id, action, before_json, after_json,
                salt, commit_hash, prev_hash, hash FROM history ORDER BY seq",
    )?;
    let mut rows = stmt.query([]).map_err(map_damage)?;
    let mut prev = vec![0u8; 32];
    let mut problems = Vec::new();
    while let Some(r) = rows.next().map_err(map_damage)? {
        let seq: i64 = r.get(0)?;
        let at: String = r.get(1)?;
        let operator: Option<String> = r.get(2)?;
        let (entity, id): (String, String) = (r.get(3)?, r.get(4)?);
        let person: Option<String> = r.get(5)?;
        let action: String = r.get(6)?;
        let (before, after): (Option<String>, Option<String>) = (r.get(7)?, r.get(8)?);
        let salt: Option<Vec<u8>> = r.get(9)?;
        let commit: Option<Vec<u8>> = r.get(10)?;
        let (prev_hash, hash): (Vec<u8>, Vec<u8>) = (r.get(11)?, r.get(12)?);
        let blanked_before_erasure = before.is_none()
            && after.is_none()
            && salt.is_none()
            && erased.covers(seq, &entity, &id, person.as_deref(), seq <= until);
        let expect = if seq <= until && blanked_before_erasure {
            // An entry of the first rule hashed its content itself: once its record is erased,
            // its hash is taken as it was, and the next entry's link still binds it. (That
            // rule's link never covered the person, so only the record's erasure counts.)
            hash.clone().try_into().unwrap_or([0u8; 32])
        } else if seq <= until {
            legacy_link(
                &prev,
                &at,
                &entity,
                &id,
                &action,
                before.as_deref(),
                after.as_deref(),
            )
        } else {
            let commit = commit.clone().unwrap_or_default();
            let intact = match &salt {
                Some(salt) => {
                    commitment(salt, before.as_deref(), after.as_deref()).as_slice()
                        == commit.as_slice()
                }
                // Erased: the content went with its salt, and only for a person whose
                // anonymisation or erasure is itself in the history, later.
                None => blanked_before_erasure,
            };
            if !intact {
                problems.push(VerifyProblem::AlteredEntry { seq });
            }
            link(
                &prev,
                &at,
                operator.as_deref(),
                &entity,
                &id,
                person.as_deref(),
                &action,
                &commit,
            )
        };
        if prev_hash != prev || hash != expect {
            problems.push(VerifyProblem::BrokenLink { seq });
        }
        prev = hash;
    }
    Ok(problems)
}

/// Compares every record with the last image its history recorded.
pub(crate) fn row_problems(conn: &Connection) -> Result<Vec<VerifyProblem>> {
    let mut problems = Vec::new();
    let mut last = conn.prepare(
        "SELECT seq, after_json, salt IS NULL AND before_json IS NULL AND after_json IS NULL
         FROM history WHERE entity = ?1 AND entity_id = ?2 ORDER BY seq DESC LIMIT 1",
    )?;
    for &entity in Entity::ALL {
        let table = entity.table();
        // Every id that is a row now or was one in the history.
        let mut ids = conn.prepare(&format!(
            "SELECT {key} FROM {table} UNION SELECT entity_id FROM history WHERE entity = ?1",
            key = entity.key()
        ))?;
        let ids: Vec<String> = ids
            .query_map([table], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()
            .map_err(map_damage)?;
        for id in ids {
            let recorded: Option<(i64, Option<String>, bool)> = last
                .query_row(params![table, id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()
                .map_err(map_damage)?;
            let now = snapshot(conn, entity, &id)?;
            match (recorded, now) {
                (None, Some(_)) => problems.push(VerifyProblem::RowWithoutHistory {
                    table: table.into(),
                    id,
                }),
                (None, None) => {}
                // An erased entry cannot be compared: the erasure removed the row too. A row
                // still there behind an entry without its content is one nobody can vouch
                // for (the chain says whether that entry may be blank).
                (Some((_, _, true)), None) => {}
                (Some((seq, _, true)), Some(_)) => problems.push(VerifyProblem::RowChanged {
                    table: table.into(),
                    id,
                    seq,
                }),
                (Some((seq, after, false)), now) => {
                    let after: Option<Value> =
                        after.as_deref().and_then(|a| serde_json::from_str(a).ok());
                    match (after, now) {
                        (Some(a), Some(n)) if a == n => {}
                        (None, None) => {}
                        (Some(_), None) => problems.push(VerifyProblem::RowMissing {
                            table: table.into(),
                            id,
                            seq,
                        }),
                        (_, Some(_)) => problems.push(VerifyProblem::RowChanged {
                            table: table.into(),
                            id,
                            seq,
                        }),
                    }
                }
            }
        }
    }
    Ok(problems)
}

/// The Rust step of migration 2: the operator every existing record was made by, the folded
/// search keys, residences matched to the list. (The baseline images are written once all
/// migrations have run: see [`rebaseline_changed`].)
pub(crate) fn after_migration_2(tx: &rusqlite::Transaction) -> Result<()> {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let operator = OperatorId(uuid::Uuid::now_v7());
    let mut w = Writer::new(tx, now.clone(), Some(operator))?;
    w.tracked(
        Entity::Operator,
        &operator.to_string(),
        Action::Create,
        None,
        |c| {
            c.execute_cached(
                "INSERT INTO operator (id, name, role, created_at) VALUES (?1, ?2, 'owner', ?3)",
                params![operator.to_string(), OWNER_NAME, now],
            )?;
            Ok(())
        },
    )?;
    for table in [
        "person",
        "contact",
        "referral",
        "referral_outcome",
        "time_entry",
        "appointment",
    ] {
        tx.execute_cached(
            &format!("UPDATE {table} SET created_by = ?1 WHERE created_by IS NULL"),
            [operator.to_string()],
        )?;
    }
    let named: Vec<(String, String, String)> = {
        let mut stmt = tx.prepare("SELECT id, surname, name FROM person WHERE anonymous = 0")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // The old free-text residence became the address; when its last part names exactly one
    // current comune ("Via Roma 3, Bra"), that comune becomes the residence.
    let addresses: Vec<(String, String)> = {
        let mut stmt =
            tx.prepare("SELECT id, address FROM person WHERE residence IS NULL AND address <> ''")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, address) in addresses {
        let place = address.rsplit(',').next().unwrap_or(&address);
        if let Some(code) = crate::comuni::unique_by_name(place) {
            tx.execute_cached(
                "UPDATE person SET residence = ?2 WHERE id = ?1",
                params![id, code],
            )?;
        }
    }
    for (id, surname, name) in named {
        let (a, b) = search::person_keys(&surname, &name);
        tx.execute_cached(
            "UPDATE person SET key_surname_name = ?2, key_name_surname = ?3 WHERE id = ?1",
            params![id, a, b],
        )?;
    }
    Ok(())
}

/// After migrations: appends a baseline image of every record whose image is not the last one
/// its history recorded (rows the migrations added or reshaped, rows from before the history
/// kept images), so that from now on `verify` compares each row with what it is. Runs with the
/// code's own idea of a record, which is why the migrations' own steps write none.
pub(crate) fn rebaseline_changed(tx: &rusqlite::Transaction) -> Result<()> {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let operator = owner(tx)?;
    let mut w = Writer::new(tx, now, operator)?;
    let mut last = tx.prepare(
        "SELECT after_json FROM history WHERE entity = ?1 AND entity_id = ?2 ORDER BY seq DESC LIMIT 1",
    )?;
    for &entity in Entity::ALL {
        let ids: Vec<String> = {
            let mut stmt =
                tx.prepare(&format!("SELECT {} FROM {}", entity.key(), entity.table()))?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for id in ids {
            let image = snapshot(tx, entity, &id)?;
            let recorded: Option<Option<String>> = last
                .query_row(params![entity.table(), id], |r| r.get(0))
                .optional()?;
            let recorded: Option<Value> = recorded
                .flatten()
                .and_then(|a| serde_json::from_str(&a).ok());
            if recorded != image {
                let person = person_of_record(tx, entity, &id)?;
                w.append(entity, &id, Action::Baseline, person, None, image.as_ref())?;
            }
        }
    }
    Ok(())
}

/// The person a record concerns, so that a later erasure finds its history.
fn person_of_record(tx: &Connection, entity: Entity, id: &str) -> Result<Option<PersonId>> {
    let sql = match entity {
        Entity::Person => "SELECT id FROM person WHERE id = ?1",
        Entity::Contact => "SELECT person_id FROM contact WHERE id = ?1",
        Entity::Appointment => "SELECT person_id FROM appointment WHERE id = ?1",
        Entity::Consent => "SELECT person_id FROM consent WHERE id = ?1",
        Entity::HouseholdLink => "SELECT person_id FROM household_link WHERE id = ?1",
        Entity::Referral => {
            "SELECT c.person_id FROM referral r JOIN contact c ON c.id = r.contact_id WHERE r.id = ?1"
        }
        Entity::TimeEntry => {
            "SELECT c.person_id FROM time_entry t JOIN contact c ON c.id = t.contact_id WHERE t.id = ?1"
        }
        Entity::ReferralOutcome => {
            "SELECT c.person_id FROM referral_outcome o JOIN referral r ON r.id = o.referral_id
             JOIN contact c ON c.id = r.contact_id WHERE o.id = ?1"
        }
        Entity::Attachment => "SELECT person_id FROM attachment WHERE id = ?1",
        Entity::Case => "SELECT person_id FROM case_file WHERE id = ?1",
        Entity::Goal => {
            "SELECT k.person_id FROM case_goal g JOIN case_file k ON k.id = g.case_id WHERE g.id = ?1"
        }
        Entity::Review => {
            "SELECT k.person_id FROM case_review v JOIN case_goal g ON g.id = v.goal_id
             JOIN case_file k ON k.id = g.case_id WHERE v.id = ?1"
        }
        Entity::Intervention => {
            "SELECT k.person_id FROM case_intervention i JOIN case_file k ON k.id = i.case_id WHERE i.id = ?1"
        }
        Entity::Meeting => {
            "SELECT k.person_id FROM case_meeting m JOIN case_file k ON k.id = m.case_id WHERE m.id = ?1"
        }
        Entity::SocialReport => {
            "SELECT k.person_id FROM social_report s JOIN case_file k ON k.id = s.case_id WHERE s.id = ?1"
        }
        _ => return Ok(None),
    };
    let person: Option<Option<String>> = tx.query_row(sql, [id], |r| r.get(0)).optional()?;
    Ok(person.flatten().and_then(|p| p.parse().ok()))
}

/// The Rust step of migration 3: each contract bills every kind of time but training (as the
/// code did until now).
pub(crate) fn after_migration_3(tx: &rusqlite::Transaction) -> Result<()> {
    let contracts: Vec<String> = {
        let mut stmt = tx.prepare("SELECT id FROM contract")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for contract in contracts {
        for kind in sportello_core::TimeKind::ALL {
            tx.execute_cached(
                "INSERT INTO contract_kind (contract_id, kind, billable) VALUES (?1, ?2, ?3)",
                params![
                    contract,
                    kind.code(),
                    *kind != sportello_core::TimeKind::Training
                ],
            )?;
        }
    }
    Ok(())
}

/// The name of the operator a new archive starts with (the owner; her name can be changed).
pub const OWNER_NAME: &str = "Titolare dell'archivio";

/// The operator who owns the archive.
pub(crate) fn owner(conn: &Connection) -> Result<Option<OperatorId>> {
    conn.query_row_cached(
        "SELECT id FROM operator WHERE role = 'owner' AND revoked_at IS NULL ORDER BY created_at LIMIT 1",
        [],
        |r| Ok(OperatorId(get_id(r, 0)?)),
    )
    .optional()
    .map_err(map_damage)
}

/// Fails when the archive has no operator (only a damaged archive).
pub(crate) fn require_owner(conn: &Connection) -> Result<OperatorId> {
    owner(conn)?.ok_or_else(|| ArchiveError::DatabaseDamaged("nessun operatore registrato".into()))
}
