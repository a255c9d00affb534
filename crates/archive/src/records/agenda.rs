//! Appointments (appuntamenti) in the desk's agenda.

use super::{
    collect, date_text, get_date, get_id, get_opt_time, listed_name, time_text, Entity, Writer,
};
use crate::error::Result;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, Row};
use sportello_core::history::Action;
use sportello_core::model::AppointmentSummary;
use sportello_core::{AppointmentId, Minutes, PersonId};
use uuid::Uuid;

impl Writer<'_> {
    pub fn insert_appointment(
        &mut self,
        id: Uuid,
        person: Option<PersonId>,
        date: NaiveDate,
        start: NaiveTime,
        duration: Minutes,
        note: &str,
    ) -> Result<AppointmentId> {
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::Appointment, &id.to_string(), Action::Create, person, |c| {
            c.execute(
                "INSERT INTO appointment (id, person_id, date, start_time, duration_minutes, note, created_at, updated_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                params![
                    id.to_string(),
                    person.map(|p| p.to_string()),
                    date_text(date),
                    time_text(start),
                    duration.get(),
                    note,
                    now,
                    operator
                ],
            )?;
            Ok(())
        })?;
        Ok(AppointmentId(id))
    }
}

const APPOINTMENT_SELECT: &str =
    "SELECT a.id, a.date, a.start_time, p.anonymous, p.surname, p.name, a.person_id,
        a.note, a.duration_minutes, a.cancelled_at IS NOT NULL, a.contact_id IS NOT NULL
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
        note: r.get(7)?,
        cancelled: r.get(9)?,
        held: r.get(10)?,
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
         WHERE a.date >= ?1 AND a.cancelled_at IS NULL AND a.contact_id IS NULL AND p.deleted_at IS NULL
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
