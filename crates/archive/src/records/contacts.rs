//! Contacts (colloqui): saved with their services, areas, time entry and referrals in one
//! transaction; edited, deleted to the bin and restored with the time they booked.

use super::{
    collect, date_text, get_code, get_date, get_id, get_opt_code, get_opt_day, get_opt_time,
    listed_name, must_exist, time_text, Entity, Writer,
};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use crate::store::CachedStatements;
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::ipc::{ContactLine, DeletedContact};
use sportello_core::model::{Contact, ContactSummary, NewContact, NewReferral, UnmetNeed};
use sportello_core::{
    Area, Channel, ContactId, ContactOutcome, Minutes, PersonId, RequestType, Requester, SentBy,
    ServiceGiven,
};
use uuid::Uuid;

fn write_lists(conn: &Connection, id: &str, c: &NewContact) -> Result<()> {
    conn.execute_cached("DELETE FROM contact_service WHERE contact_id = ?1", [id])?;
    conn.execute_cached("DELETE FROM contact_area WHERE contact_id = ?1", [id])?;
    let mut services = conn.prepare_cached(
        "INSERT OR IGNORE INTO contact_service (contact_id, service) VALUES (?1, ?2)",
    )?;
    for s in &c.services {
        services.execute(params![id, s.code()])?;
    }
    let mut areas = conn
        .prepare_cached("INSERT OR IGNORE INTO contact_area (contact_id, area) VALUES (?1, ?2)")?;
    for a in &c.areas {
        areas.execute(params![id, a.code()])?;
    }
    Ok(())
}

fn unmet_columns(c: &NewContact) -> (Option<&str>, Option<&str>, Option<&'static str>) {
    match &c.unmet {
        Some(u) => (
            Some(u.need.as_str()),
            Some(u.missing_resource.as_str()),
            Some(u.area.code()),
        ),
        None => (None, None, None),
    }
}

impl Writer<'_> {
    /// Inserts a contact with its services and areas (not its time: see [`Writer::record_contact`]).
    pub fn insert_contact(&mut self, id: Uuid, c: &NewContact) -> Result<ContactId> {
        if c.services.is_empty() || c.areas.is_empty() {
            return Err(ArchiveError::Rejected(
                "Un colloquio richiede almeno una prestazione e almeno un'area di bisogno.".into(),
            ));
        }
        must_exist(self.conn(), Entity::Person, &c.person.to_string())?;
        let now = self.now.clone();
        let operator = self.operator_text();
        let (need, missing, area) = unmet_columns(c);
        self.tracked(Entity::Contact, &id.to_string(), Action::Create, Some(c.person), |conn| {
            conn.prepare_cached(
                "INSERT INTO contact (id, person_id, date, start_time, duration_minutes, channel, request_type, homeless,
                    requester, sent_by, outcome, unmet_need, missing_resource, unmet_area, summary, next_steps,
                    evaluation, created_at, updated_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19)",
            )?
            .execute(params![
                id.to_string(),
                c.person.to_string(),
                date_text(c.date),
                c.start_time.map(time_text),
                c.duration.get(),
                c.channel.code(),
                c.request_type.map(RequestType::code),
                c.homeless,
                c.requester.map(Requester::code),
                c.sent_by.map(SentBy::code),
                c.outcome.map(ContactOutcome::code),
                need,
                missing,
                area,
                c.summary,
                c.next_steps,
                c.evaluation,
                now,
                operator
            ])?;
            write_lists(conn, &id.to_string(), c)
        })?;
        Ok(ContactId(id))
    }

    /// A colloquio as the desk records it: the contact, the time it books (billable as the
    /// contract bills its kind), and the referrals made in it, all in this one transaction.
    /// `cap_note` explains a week taken past the weekly cap.
    pub fn record_contact(
        &mut self,
        c: &NewContact,
        referrals: &[NewReferral],
        cap_note: Option<&str>,
    ) -> Result<ContactId> {
        let id = self.insert_contact(Uuid::now_v7(), c)?;
        let mut entry = c.time_entry(id);
        let list = super::contracts(self.conn())?;
        if let Some(contract) = super::contract_on(&list, c.date) {
            entry.billable = contract.terms.bills(entry.kind);
        }
        self.insert_time_entry(Uuid::now_v7(), &entry, Some(c.person), cap_note)?;
        for r in referrals {
            self.insert_referral(Uuid::now_v7(), id, r)?;
        }
        Ok(id)
    }

    /// Replaces a colloquio's data; its time entry follows its date and duration; `referrals`
    /// are added to it.
    pub fn update_contact(
        &mut self,
        id: ContactId,
        c: &NewContact,
        referrals: &[NewReferral],
        cap_note: Option<&str>,
    ) -> Result<()> {
        must_exist(self.conn(), Entity::Contact, &id.to_string())?;
        must_exist(self.conn(), Entity::Person, &c.person.to_string())?;
        let now = self.now.clone();
        let (need, missing, area) = unmet_columns(c);
        self.tracked(Entity::Contact, &id.to_string(), Action::Update, Some(c.person), |conn| {
            conn.execute_cached(
                "UPDATE contact SET person_id = ?2, date = ?3, start_time = ?4, duration_minutes = ?5, channel = ?6,
                    request_type = ?7, homeless = ?8, requester = ?9, sent_by = ?10, outcome = ?11, unmet_need = ?12,
                    missing_resource = ?13, unmet_area = ?14, summary = ?15, next_steps = ?16, evaluation = ?17,
                    updated_at = ?18
                 WHERE id = ?1",
                params![
                    id.to_string(),
                    c.person.to_string(),
                    date_text(c.date),
                    c.start_time.map(time_text),
                    c.duration.get(),
                    c.channel.code(),
                    c.request_type.map(RequestType::code),
                    c.homeless,
                    c.requester.map(Requester::code),
                    c.sent_by.map(SentBy::code),
                    c.outcome.map(ContactOutcome::code),
                    need,
                    missing,
                    area,
                    c.summary,
                    c.next_steps,
                    c.evaluation,
                    now
                ],
            )?;
            write_lists(conn, &id.to_string(), c)
        })?;
        for entry in super::live_entries_of_contact(self.conn(), id)? {
            let mut data = entry.data.clone();
            data.date = c.date;
            data.minutes = c.duration;
            if data != entry.data {
                self.update_time_entry(entry.id, &data, cap_note)?;
            }
        }
        for r in referrals {
            self.insert_referral(Uuid::now_v7(), id, r)?;
        }
        Ok(())
    }

    /// Moves a colloquio to the bin with the time it booked.
    pub fn delete_contact(&mut self, id: ContactId, reason: &str) -> Result<()> {
        must_exist(self.conn(), Entity::Contact, &id.to_string())?;
        let person = contact_person(self.conn(), id)?;
        let now = self.now.clone();
        self.tracked(Entity::Contact, &id.to_string(), Action::Delete, Some(person), |c| {
            c.execute_cached(
                "UPDATE contact SET deleted_at = ?2, deleted_reason = ?3, updated_at = ?2 WHERE id = ?1",
                params![id.to_string(), now, reason],
            )?;
            Ok(())
        })?;
        for entry in super::live_entries_of_contact(self.conn(), id)? {
            self.delete_time_entry(entry.id)?;
        }
        Ok(())
    }

    /// Brings a colloquio back from the bin, with the time deleted together with it.
    pub fn restore_contact(&mut self, id: ContactId) -> Result<()> {
        let deleted_at: Option<Option<String>> = self
            .conn()
            .query_row(
                "SELECT deleted_at FROM contact WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(map_damage)?;
        let deleted_at = match deleted_at {
            None => return Err(ArchiveError::RecordNotFound),
            Some(None) => return Ok(()),
            Some(Some(at)) => at,
        };
        let person = contact_person(self.conn(), id)?;
        must_exist(self.conn(), Entity::Person, &person.to_string())?;
        let now = self.now.clone();
        self.tracked(Entity::Contact, &id.to_string(), Action::Restore, Some(person), |c| {
            c.execute_cached(
                "UPDATE contact SET deleted_at = NULL, deleted_reason = NULL, updated_at = ?2 WHERE id = ?1",
                params![id.to_string(), now],
            )?;
            Ok(())
        })?;
        let entries: Vec<String> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT id FROM time_entry WHERE contact_id = ?1 AND deleted_at = ?2")?;
            let rows = stmt.query_map(params![id.to_string(), deleted_at], |r| r.get(0))?;
            collect(rows)?
        };
        for entry in entries {
            self.restore_time_entry(entry.parse().map_err(|_| ArchiveError::RecordNotFound)?)?;
        }
        Ok(())
    }
}

/// The person a contact belongs to.
pub(crate) fn contact_person(conn: &Connection, id: ContactId) -> Result<PersonId> {
    conn.query_row_cached(
        "SELECT person_id FROM contact WHERE id = ?1",
        [id.to_string()],
        |r| Ok(PersonId(get_id(r, 0)?)),
    )
    .optional()
    .map_err(map_damage)?
    .ok_or(ArchiveError::RecordNotFound)
}

/// A live contact of a live person.
pub(crate) fn contact(conn: &Connection, id: ContactId) -> Result<Contact> {
    let mut contact = conn
        .query_row_cached(
            "SELECT c.id, c.person_id, c.date, c.start_time, c.duration_minutes, c.channel, c.request_type, c.homeless,
                    c.requester, c.sent_by, c.outcome, c.unmet_need, c.missing_resource, c.unmet_area, c.summary,
                    c.next_steps, c.evaluation
             FROM contact c JOIN person p ON p.id = c.person_id
             WHERE c.id = ?1 AND c.deleted_at IS NULL AND p.deleted_at IS NULL",
            [id.to_string()],
            |r| {
                let need: Option<String> = r.get(11)?;
                let missing: Option<String> = r.get(12)?;
                let area: Option<Area> = get_opt_code(r, 13, Area::from_code)?;
                Ok(Contact {
                    id: ContactId(get_id(r, 0)?),
                    data: NewContact {
                        person: PersonId(get_id(r, 1)?),
                        date: get_date(r, 2)?,
                        start_time: get_opt_time(r, 3)?,
                        duration: Minutes(r.get(4)?),
                        channel: get_code(r, 5, Channel::from_code)?,
                        request_type: get_opt_code(r, 6, RequestType::from_code)?,
                        homeless: r.get(7)?,
                        requester: get_opt_code(r, 8, Requester::from_code)?,
                        sent_by: get_opt_code(r, 9, SentBy::from_code)?,
                        outcome: get_opt_code(r, 10, ContactOutcome::from_code)?,
                        unmet: match (need, missing, area) {
                            (Some(need), Some(missing_resource), Some(area)) => Some(UnmetNeed {
                                need,
                                missing_resource,
                                area,
                            }),
                            _ => None,
                        },
                        summary: r.get(14)?,
                        next_steps: r.get(15)?,
                        evaluation: r.get(16)?,
                        services: Vec::new(),
                        areas: Vec::new(),
                    },
                })
            },
        )
        .optional()
        .map_err(map_damage)?
        .ok_or(ArchiveError::RecordNotFound)?;
    contact.data.services = services_of(conn, id)?;
    contact.data.areas = areas_of(conn, id)?;
    Ok(contact)
}

fn services_of(conn: &Connection, id: ContactId) -> Result<Vec<ServiceGiven>> {
    let mut stmt =
        conn.prepare_cached("SELECT service FROM contact_service WHERE contact_id = ?1")?;
    let mut v = collect(stmt.query_map([id.to_string()], |r| {
        get_code(r, 0, ServiceGiven::from_code)
    })?)?;
    v.sort();
    Ok(v)
}

fn areas_of(conn: &Connection, id: ContactId) -> Result<Vec<Area>> {
    let mut stmt = conn.prepare_cached("SELECT area FROM contact_area WHERE contact_id = ?1")?;
    let mut v = collect(stmt.query_map([id.to_string()], |r| get_code(r, 0, Area::from_code))?)?;
    v.sort();
    Ok(v)
}

/// Contacts of live persons, newest first; of one person when `person` is given.
pub(crate) fn contact_summaries(
    conn: &Connection,
    person: Option<PersonId>,
    limit: u32,
) -> Result<Vec<ContactSummary>> {
    // Two statements, not one with `?1 IS NULL OR c.person_id = ?1`: every statement keeps one
    // plan whatever its values (QPSG, `store::open`), and that plan, made for "any person",
    // scanned all the colloqui by date even for one person (84 ms a call on the large archive,
    // found by benches/daily.rs). Each statement here has its own index.
    // (?1 is bound but unused when no person is given.)
    let one_person = if person.is_some() {
        "c.person_id = ?1 AND "
    } else {
        ""
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.person_id, p.anonymous, p.surname, p.name, c.date, c.start_time, c.duration_minutes, c.channel
         FROM contact c JOIN person p ON p.id = c.person_id
         WHERE {one_person}c.deleted_at IS NULL AND p.deleted_at IS NULL
         ORDER BY c.date DESC, c.start_time DESC
         LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![person.map(|p| p.to_string()), limit], |r| {
        let person = PersonId(get_id(r, 1)?);
        Ok(ContactSummary {
            id: ContactId(get_id(r, 0)?),
            person,
            person_name: listed_name(r, person, 2, 3, 4)?,
            date: get_date(r, 5)?,
            start_time: get_opt_time(r, 6)?,
            duration: Minutes(r.get(7)?),
            channel: get_code(r, 8, Channel::from_code)?,
        })
    })?;
    collect(rows)
}

/// A person's colloqui for the timeline, newest first.
pub(crate) fn contact_lines(conn: &Connection, person: PersonId) -> Result<Vec<ContactLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.date, c.start_time, c.duration_minutes, c.channel, c.outcome, c.summary, coalesce(o.name, '')
         FROM contact c LEFT JOIN operator o ON o.id = c.created_by
         WHERE c.person_id = ?1 AND c.deleted_at IS NULL
         ORDER BY c.date DESC, c.start_time DESC",
    )?;
    let rows = stmt.query_map([person.to_string()], |r| {
        let summary: String = r.get(6)?;
        Ok(ContactLine {
            id: ContactId(get_id(r, 0)?),
            date: get_date(r, 1)?,
            start_time: get_opt_time(r, 2)?,
            duration: Minutes(r.get(3)?),
            channel: get_code(r, 4, Channel::from_code)?,
            outcome: get_opt_code(r, 5, ContactOutcome::from_code)?,
            summary,
            operator: r.get(7)?,
            services: Vec::new(),
            areas: Vec::new(),
        })
    })?;
    let mut lines = collect(rows)?;
    for line in &mut lines {
        line.services = services_of(conn, line.id)?;
        line.areas = areas_of(conn, line.id)?;
    }
    Ok(lines)
}

/// Colloqui in the bin (of persons not in the bin themselves), most recently deleted first.
pub(crate) fn deleted_contacts(conn: &Connection) -> Result<Vec<DeletedContact>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.person_id, p.anonymous, p.surname, p.name, c.date, c.deleted_at, coalesce(c.deleted_reason, '')
         FROM contact c JOIN person p ON p.id = c.person_id
         WHERE c.deleted_at IS NOT NULL AND p.deleted_at IS NULL ORDER BY c.deleted_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let person = PersonId(get_id(r, 1)?);
        Ok(DeletedContact {
            id: ContactId(get_id(r, 0)?),
            person_name: listed_name(r, person, 2, 3, 4)?,
            date: get_date(r, 5)?,
            deleted_on: get_opt_day(r, 6)?.unwrap_or_default(),
            reason: r.get(7)?,
        })
    })?;
    collect(rows)
}

/// The duration of the last colloquio recorded (by anyone; ids are UUIDv7, so the primary key
/// is in time order), for the next one's default.
pub(crate) fn last_duration(
    conn: &Connection,
    person: Option<PersonId>,
) -> Result<Option<Minutes>> {
    conn.query_row_cached(
        "SELECT duration_minutes FROM contact WHERE deleted_at IS NULL AND (?1 IS NULL OR person_id = ?1)
         ORDER BY id DESC LIMIT 1",
        [person.map(|p| p.to_string())],
        |r| Ok(Minutes(r.get(0)?)),
    )
    .optional()
    .map_err(map_damage)
}
