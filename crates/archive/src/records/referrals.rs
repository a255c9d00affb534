//! Referrals (invii) to the catalogue's services and their outcomes over time.

use super::{
    collect, date_text, get_code, get_date, get_id, get_opt_date, listed_name, must_exist, Entity,
    Writer,
};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use crate::store::CachedStatements;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use sportello_core::history::Action;
use sportello_core::model::{NewOutcome, NewReferral, Outcome, Referral, WaitingReferral};
use sportello_core::{
    ContactId, FormErrors, Msg, OutcomeId, PersonId, ReferralId, ReferralKind, ReferralOutcome,
    ServiceId,
};
use uuid::Uuid;

fn service_must_exist(conn: &Connection, service: ServiceId) -> Result<()> {
    let ok: bool = conn.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM service WHERE id = ?1 AND deleted_at IS NULL)",
        [service.to_string()],
        |r| r.get(0),
    )?;
    if ok {
        Ok(())
    } else {
        let mut e = FormErrors::default();
        e.add("service", Msg::UnknownChoice);
        Err(ArchiveError::Invalid(e))
    }
}

/// The person a referral concerns and the day of its colloquio.
fn referral_origin(conn: &Connection, id: ReferralId) -> Result<(PersonId, NaiveDate)> {
    conn.query_row_cached(
        "SELECT c.person_id, c.date FROM referral r JOIN contact c ON c.id = r.contact_id WHERE r.id = ?1",
        [id.to_string()],
        |r| Ok((PersonId(get_id(r, 0)?), get_date(r, 1)?)),
    )
    .optional()
    .map_err(map_damage)?
    .ok_or(ArchiveError::RecordNotFound)
}

impl Writer<'_> {
    pub fn insert_referral(
        &mut self,
        id: Uuid,
        contact: ContactId,
        r: &NewReferral,
    ) -> Result<ReferralId> {
        must_exist(self.conn(), Entity::Contact, &contact.to_string())?;
        service_must_exist(self.conn(), r.service)?;
        let person = super::contact_person(self.conn(), contact)?;
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::Referral, &id.to_string(), Action::Create, Some(person), |c| {
            c.prepare_cached(
                "INSERT INTO referral (id, contact_id, service_id, kind, reason, protocol, expected_reply, created_at,
                    updated_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            )?
            .execute(params![
                id.to_string(),
                contact.to_string(),
                r.service.to_string(),
                r.kind.code(),
                r.reason,
                r.protocol,
                r.expected_reply.map(date_text),
                now,
                operator
            ])?;
            Ok(())
        })?;
        Ok(ReferralId(id))
    }

    pub fn update_referral(&mut self, id: ReferralId, r: &NewReferral) -> Result<()> {
        // Live, with its colloquio and person: nothing in the bin changes.
        referral(self.conn(), id)?;
        service_must_exist(self.conn(), r.service)?;
        let (person, _) = referral_origin(self.conn(), id)?;
        let now = self.now.clone();
        self.tracked(Entity::Referral, &id.to_string(), Action::Update, Some(person), |c| {
            c.execute_cached(
                "UPDATE referral SET service_id = ?2, kind = ?3, reason = ?4, protocol = ?5, expected_reply = ?6,
                    updated_at = ?7 WHERE id = ?1",
                params![
                    id.to_string(),
                    r.service.to_string(),
                    r.kind.code(),
                    r.reason,
                    r.protocol,
                    r.expected_reply.map(date_text),
                    now
                ],
            )?;
            Ok(())
        })
    }

    pub fn delete_referral(&mut self, id: ReferralId) -> Result<()> {
        must_exist(self.conn(), Entity::Referral, &id.to_string())?;
        let (person, _) = referral_origin(self.conn(), id)?;
        let now = self.now.clone();
        self.tracked(
            Entity::Referral,
            &id.to_string(),
            Action::Delete,
            Some(person),
            |c| {
                c.execute_cached(
                    "UPDATE referral SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                    params![id.to_string(), now],
                )?;
                Ok(())
            },
        )
    }

    /// Records an outcome of a referral (the receiving service's reply).
    pub fn insert_outcome(
        &mut self,
        id: Uuid,
        referral: ReferralId,
        o: &NewOutcome,
    ) -> Result<OutcomeId> {
        self::referral(self.conn(), referral)?;
        let (person, _) = referral_origin(self.conn(), referral)?;
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::ReferralOutcome, &id.to_string(), Action::Create, Some(person), |c| {
            c.prepare_cached(
                "INSERT INTO referral_outcome (id, referral_id, date, outcome, feedback, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                id.to_string(),
                referral.to_string(),
                date_text(o.date),
                o.outcome.code(),
                o.feedback,
                now,
                operator
            ])?;
            Ok(())
        })?;
        Ok(OutcomeId(id))
    }

    pub fn delete_outcome(&mut self, id: OutcomeId) -> Result<()> {
        must_exist(self.conn(), Entity::ReferralOutcome, &id.to_string())?;
        let referral: ReferralId = self
            .conn()
            .query_row(
                "SELECT referral_id FROM referral_outcome WHERE id = ?1",
                [id.to_string()],
                |r| Ok(ReferralId(get_id(r, 0)?)),
            )
            .map_err(map_damage)?;
        let (person, _) = referral_origin(self.conn(), referral)?;
        let now = self.now.clone();
        self.tracked(
            Entity::ReferralOutcome,
            &id.to_string(),
            Action::Delete,
            Some(person),
            |c| {
                c.execute_cached(
                    "UPDATE referral_outcome SET deleted_at = ?2 WHERE id = ?1",
                    params![id.to_string(), now],
                )?;
                Ok(())
            },
        )
    }
}

/// The day of a referral's colloquio (outcomes cannot precede it).
pub(crate) fn referral_date(conn: &Connection, id: ReferralId) -> Result<NaiveDate> {
    referral_origin(conn, id).map(|(_, d)| d)
}

const REFERRAL_SELECT: &str =
    "SELECT r.id, r.contact_id, c.person_id, p.anonymous, p.surname, p.name, c.date,
        s.name, r.service_id, r.kind, r.reason, r.protocol, r.expected_reply, coalesce(o.name, '')
    FROM referral r JOIN contact c ON c.id = r.contact_id JOIN person p ON p.id = c.person_id
    JOIN service s ON s.id = r.service_id LEFT JOIN operator o ON o.id = r.created_by
    WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL AND p.deleted_at IS NULL";

fn referral_from_row(r: &Row) -> rusqlite::Result<Referral> {
    let person = PersonId(get_id(r, 2)?);
    Ok(Referral {
        id: ReferralId(get_id(r, 0)?),
        contact: ContactId(get_id(r, 1)?),
        person,
        person_name: listed_name(r, person, 3, 4, 5)?,
        date: get_date(r, 6)?,
        service_name: r.get(7)?,
        data: NewReferral {
            service: ServiceId(get_id(r, 8)?),
            kind: get_code(r, 9, ReferralKind::from_code)?,
            reason: r.get(10)?,
            protocol: r.get(11)?,
            expected_reply: get_opt_date(r, 12)?,
        },
        outcomes: Vec::new(),
        operator: r.get(13)?,
    })
}

fn with_outcomes(conn: &Connection, mut list: Vec<Referral>) -> Result<Vec<Referral>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, date, outcome, feedback FROM referral_outcome
         WHERE referral_id = ?1 AND deleted_at IS NULL ORDER BY date, created_at",
    )?;
    for r in &mut list {
        let rows = stmt.query_map([r.id.to_string()], |o| {
            Ok(Outcome {
                id: OutcomeId(get_id(o, 0)?),
                data: NewOutcome {
                    date: get_date(o, 1)?,
                    outcome: get_code(o, 2, ReferralOutcome::from_code)?,
                    feedback: o.get(3)?,
                },
            })
        })?;
        r.outcomes = collect(rows)?;
    }
    Ok(list)
}

pub(crate) fn referral(conn: &Connection, id: ReferralId) -> Result<Referral> {
    let r = conn
        .query_row_cached(
            &format!("{REFERRAL_SELECT} AND r.id = ?1"),
            [id.to_string()],
            referral_from_row,
        )
        .optional()
        .map_err(map_damage)?
        .ok_or(ArchiveError::RecordNotFound)?;
    Ok(with_outcomes(conn, vec![r])?.remove(0))
}

pub(crate) fn referrals_of_contact(conn: &Connection, contact: ContactId) -> Result<Vec<Referral>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{REFERRAL_SELECT} AND r.contact_id = ?1 ORDER BY r.created_at"
    ))?;
    let list = collect(stmt.query_map([contact.to_string()], referral_from_row)?)?;
    with_outcomes(conn, list)
}

pub(crate) fn referrals_of_person(conn: &Connection, person: PersonId) -> Result<Vec<Referral>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{REFERRAL_SELECT} AND c.person_id = ?1 ORDER BY c.date DESC, r.created_at"
    ))?;
    let list = collect(stmt.query_map([person.to_string()], referral_from_row)?)?;
    with_outcomes(conn, list)
}

/// The latest outcome's code of each live referral, as a SQL expression over `r`.
const LATEST_OUTCOME: &str = "(SELECT o.outcome FROM referral_outcome o WHERE o.referral_id = r.id
    AND o.deleted_at IS NULL ORDER BY o.date DESC, o.created_at DESC LIMIT 1)";

/// Referrals still waiting for the receiving service (no outcome yet, or sent / waiting),
/// oldest first.
pub(crate) fn waiting_referrals(
    conn: &Connection,
    today: NaiveDate,
) -> Result<Vec<WaitingReferral>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{REFERRAL_SELECT} AND coalesce({LATEST_OUTCOME}, 'inviato') IN ('inviato', 'in_attesa')
         ORDER BY c.date, r.created_at"
    ))?;
    let list = collect(stmt.query_map([], referral_from_row)?)?;
    Ok(with_outcomes(conn, list)?
        .iter()
        .map(|r| WaitingReferral::new(r, today))
        .collect())
}

/// How many referrals wait, and how many of them are past the expected reply.
pub(crate) fn waiting_counts(conn: &Connection, today: NaiveDate) -> Result<(u32, u32)> {
    conn.query_row_cached(
        &format!(
            "SELECT count(*), coalesce(sum(r.expected_reply < ?1), 0) FROM referral r
             JOIN contact c ON c.id = r.contact_id JOIN person p ON p.id = c.person_id
             WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL AND p.deleted_at IS NULL
               AND coalesce({LATEST_OUTCOME}, 'inviato') IN ('inviato', 'in_attesa')"
        ),
        [date_text(today)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .map_err(map_damage)
}
