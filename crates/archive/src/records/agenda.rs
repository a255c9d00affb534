//! Appointments (appuntamenti) in the desk's agenda.

use super::{
    collect, date_text, get_date, get_id, get_opt_time, listed_name, time_text, Entity, Writer,
};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use crate::store::CachedStatements;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use sportello_core::history::Action;
use sportello_core::model::{AppointmentStatus, AppointmentSummary, Attendee, NewAppointment};
use sportello_core::{AppointmentId, ContactId, FormErrors, Minutes, Msg, PersonId};
use uuid::Uuid;

impl Writer<'_> {
    pub fn insert_appointment(&mut self, id: Uuid, a: &NewAppointment) -> Result<AppointmentId> {
        let now = self.now.clone();
        let operator = self.operator_text();
        let (person, guest_name, guest_phone) = match &a.attendee {
            Attendee::Person(p) => (Some(*p), "", ""),
            Attendee::Guest { name, phone } => (None, name.as_str(), phone.as_str()),
        };
        self.tracked(Entity::Appointment, &id.to_string(), Action::Create, person, |c| {
            c.execute_cached(
                "INSERT INTO appointment (id, person_id, date, start_time, duration_minutes, note, created_at,
                    updated_at, created_by, guest_name, guest_phone)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10)",
                params![
                    id.to_string(),
                    person.map(|p| p.to_string()),
                    date_text(a.date),
                    time_text(a.start),
                    a.duration.get(),
                    a.note,
                    now,
                    operator,
                    guest_name,
                    guest_phone
                ],
            )?;
            Ok(())
        })?;
        Ok(AppointmentId(id))
    }

    /// Another day or time (the rules were checked by the caller).
    pub fn move_appointment(
        &mut self,
        id: AppointmentId,
        date: NaiveDate,
        start: NaiveTime,
        duration: Minutes,
    ) -> Result<()> {
        let current = self.booked(id)?;
        let now = self.now.clone();
        self.tracked(Entity::Appointment, &id.to_string(), Action::Update, current.person, |c| {
            c.execute_cached(
                "UPDATE appointment SET date = ?2, start_time = ?3, duration_minutes = ?4, updated_at = ?5
                 WHERE id = ?1",
                params![id.to_string(), date_text(date), time_text(start), duration.get(), now],
            )?;
            Ok(())
        })
    }

    pub fn cancel_appointment(&mut self, id: AppointmentId, reason: &str) -> Result<()> {
        let current = self.booked(id)?;
        let now = self.now.clone();
        self.tracked(Entity::Appointment, &id.to_string(), Action::Update, current.person, |c| {
            c.execute_cached(
                "UPDATE appointment SET cancelled_at = ?2, cancel_reason = ?3, updated_at = ?2 WHERE id = ?1",
                params![id.to_string(), now, reason],
            )?;
            Ok(())
        })
    }

    pub fn mark_no_show(&mut self, id: AppointmentId) -> Result<()> {
        let current = self.booked(id)?;
        let now = self.now.clone();
        self.tracked(
            Entity::Appointment,
            &id.to_string(),
            Action::Update,
            current.person,
            |c| {
                c.execute_cached(
                    "UPDATE appointment SET no_show_at = ?2, updated_at = ?2 WHERE id = ?1",
                    params![id.to_string(), now],
                )?;
                Ok(())
            },
        )
    }

    /// Held: the colloquio recorded from it, and the person it was for (a guest's name and
    /// telephone are dropped: the person's record holds them now).
    pub fn mark_held(
        &mut self,
        id: AppointmentId,
        contact: ContactId,
        person: PersonId,
    ) -> Result<()> {
        let current = self.booked(id)?;
        // A person's appointment is held only by a colloquio of that person; a guest's by
        // the person registered for it.
        if current.person.is_some_and(|p| p != person) {
            return Err(ArchiveError::Rejected(
                "L'appuntamento è di un'altra persona: il colloquio non è stato salvato.".into(),
            ));
        }
        let now = self.now.clone();
        self.tracked(Entity::Appointment, &id.to_string(), Action::Update, Some(person), |c| {
            c.execute_cached(
                "UPDATE appointment SET contact_id = ?2, person_id = ?3, guest_name = '', guest_phone = '',
                    updated_at = ?4 WHERE id = ?1",
                params![id.to_string(), contact.to_string(), person.to_string(), now],
            )?;
            Ok(())
        })
    }

    /// The appointment, if it is still booked; otherwise a refusal that changes nothing.
    fn booked(&self, id: AppointmentId) -> Result<AppointmentSummary> {
        let a = appointment(self.conn(), id)?;
        if a.status() == AppointmentStatus::Booked {
            Ok(a)
        } else {
            Err(ArchiveError::Invalid(FormErrors::single(
                "appointment",
                Msg::AppointmentNotBooked,
            )))
        }
    }
}

const APPOINTMENT_SELECT: &str =
    "SELECT a.id, a.date, a.start_time, p.anonymous, p.surname, p.name, a.person_id,
        a.note, a.duration_minutes, a.cancelled_at IS NOT NULL, a.contact_id IS NOT NULL,
        a.guest_name, a.guest_phone, a.cancel_reason, a.no_show_at IS NOT NULL
    FROM appointment a LEFT JOIN person p ON p.id = a.person_id";

fn appointment_from_row(r: &Row) -> rusqlite::Result<AppointmentSummary> {
    let person: Option<String> = r.get(6)?;
    let person: Option<PersonId> = person.and_then(|p| p.parse().ok());
    let person_name = match person {
        Some(pid) => Some(listed_name(r, pid, 3, 4, 5)?),
        None => None,
    };
    Ok(AppointmentSummary {
        id: AppointmentId(get_id(r, 0)?),
        person,
        date: get_date(r, 1)?,
        start_time: get_opt_time(r, 2)?.ok_or_else(|| super::bad_column(2, "ora"))?,
        duration: Minutes(r.get(8)?),
        person_name,
        guest_name: r.get(11)?,
        guest_phone: r.get(12)?,
        note: r.get(7)?,
        cancelled: r.get(9)?,
        cancel_reason: r.get(13)?,
        held: r.get(10)?,
        no_show: r.get(14)?,
    })
}

/// Appointments from `from` on, not cancelled nor held, of persons not in the bin.
pub(crate) fn upcoming_appointments(
    conn: &Connection,
    from: NaiveDate,
    limit: u32,
) -> Result<Vec<AppointmentSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{APPOINTMENT_SELECT}
         WHERE a.date >= ?1 AND a.cancelled_at IS NULL AND a.contact_id IS NULL AND a.no_show_at IS NULL
            AND p.deleted_at IS NULL
         ORDER BY a.date, a.start_time LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![date_text(from), limit], appointment_from_row)?;
    collect(rows)
}

/// Every appointment of a person, newest first.
pub(crate) fn appointments_of_person(
    conn: &Connection,
    person: PersonId,
) -> Result<Vec<AppointmentSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{APPOINTMENT_SELECT} WHERE a.person_id = ?1 ORDER BY a.date DESC, a.start_time DESC"
    ))?;
    let rows = stmt.query_map([person.to_string()], appointment_from_row)?;
    collect(rows)
}

/// One appointment.
pub(crate) fn appointment(conn: &Connection, id: AppointmentId) -> Result<AppointmentSummary> {
    conn.prepare_cached(&format!("{APPOINTMENT_SELECT} WHERE a.id = ?1"))?
        .query_row([id.to_string()], appointment_from_row)
        .optional()
        .map_err(map_damage)?
        .ok_or(ArchiveError::RecordNotFound)
}

/// Every appointment from `from` to `to` (both included), cancelled ones too, by time. Those
/// of persons in the bin are left out of what she sees, but they still take their time
/// (`with_bin`: restored, they would overlap).
pub(crate) fn appointments_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    with_bin: bool,
) -> Result<Vec<AppointmentSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{APPOINTMENT_SELECT}
         WHERE a.date BETWEEN ?1 AND ?2 AND (?3 OR p.deleted_at IS NULL)
         ORDER BY a.date, a.start_time, a.id"
    ))?;
    let rows = stmt.query_map(
        params![date_text(from), date_text(to), with_bin],
        appointment_from_row,
    )?;
    collect(rows)
}
