//! Consents (dated, revocable, part of the person's history) and the register of personal
//! data breaches.

use super::{collect, date_text, get_date, get_id, get_opt_date, must_exist, Entity, Writer};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use rusqlite::{params, Connection, OptionalExtension, Row};
use sportello_core::history::Action;
use sportello_core::model::{Breach, Consent, NewBreach, NewConsent};
use sportello_core::{BreachId, ConsentId, ConsentKind, PersonId};
use uuid::Uuid;

const CONSENT_COLUMNS: &str = "id, kind, given_on, revoked_on, note";

fn consent_from_row(r: &Row) -> rusqlite::Result<Consent> {
    Ok(Consent {
        id: ConsentId(get_id(r, 0)?),
        kind: super::get_code(r, 1, ConsentKind::from_code)?,
        given_on: get_date(r, 2)?,
        revoked_on: get_opt_date(r, 3)?,
        note: r.get(4)?,
    })
}

/// A person's consents, the latest given first.
pub(crate) fn consents_of(conn: &Connection, person: PersonId) -> Result<Vec<Consent>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONSENT_COLUMNS} FROM consent WHERE person_id = ?1 ORDER BY given_on DESC, id DESC"
    ))?;
    let rows = stmt.query_map([person.to_string()], consent_from_row)?;
    collect(rows)
}

/// One consent and the person it belongs to.
pub(crate) fn consent(conn: &Connection, id: ConsentId) -> Result<(Consent, PersonId)> {
    conn.query_row(
        &format!("SELECT {CONSENT_COLUMNS}, person_id FROM consent WHERE id = ?1"),
        [id.to_string()],
        |r| Ok((consent_from_row(r)?, PersonId(get_id(r, 5)?))),
    )
    .optional()
    .map_err(map_damage)?
    .ok_or(ArchiveError::RecordNotFound)
}

const BREACH_COLUMNS: &str =
    "id, discovered_on, description, data_involved, persons_estimate, measures, comune_informed_on";

fn breach_from_row(r: &Row) -> rusqlite::Result<Breach> {
    Ok(Breach {
        id: BreachId(get_id(r, 0)?),
        data: NewBreach {
            discovered_on: get_date(r, 1)?,
            description: r.get(2)?,
            data_involved: r.get(3)?,
            persons_estimate: r.get(4)?,
            measures: r.get(5)?,
            comune_informed_on: get_opt_date(r, 6)?,
        },
    })
}

/// The register of breaches, the latest discovered first.
pub(crate) fn breaches(conn: &Connection) -> Result<Vec<Breach>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {BREACH_COLUMNS} FROM breach ORDER BY discovered_on DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], breach_from_row)?;
    collect(rows)
}

impl Writer<'_> {
    pub fn insert_consent(
        &mut self,
        id: Uuid,
        person: PersonId,
        c: &NewConsent,
    ) -> Result<ConsentId> {
        must_exist(self.conn(), Entity::Person, &person.to_string())?;
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::Consent, &id.to_string(), Action::Create, Some(person), |conn| {
            conn.execute(
                "INSERT INTO consent (id, person_id, kind, given_on, note, created_at, updated_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
                params![
                    id.to_string(),
                    person.to_string(),
                    c.kind.code(),
                    date_text(c.given_on),
                    c.note,
                    now,
                    operator
                ],
            )?;
            Ok(())
        })?;
        Ok(ConsentId(id))
    }

    /// Records that the person revoked a consent on `day` (already checked against its date).
    pub fn revoke_consent(&mut self, id: ConsentId, day: chrono::NaiveDate) -> Result<()> {
        let (_, person) = consent(self.conn(), id)?;
        let now = self.now.clone();
        self.tracked(
            Entity::Consent,
            &id.to_string(),
            Action::Update,
            Some(person),
            |conn| {
                conn.execute(
                    "UPDATE consent SET revoked_on = ?2, updated_at = ?3 WHERE id = ?1",
                    params![id.to_string(), date_text(day), now],
                )?;
                Ok(())
            },
        )
    }

    pub fn insert_breach(&mut self, id: Uuid, b: &NewBreach) -> Result<BreachId> {
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::Breach, &id.to_string(), Action::Create, None, |conn| {
            conn.execute(
                "INSERT INTO breach (id, discovered_on, description, data_involved, persons_estimate, measures,
                    comune_informed_on, created_at, updated_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                params![
                    id.to_string(),
                    date_text(b.discovered_on),
                    b.description,
                    b.data_involved,
                    b.persons_estimate,
                    b.measures,
                    b.comune_informed_on.map(date_text),
                    now,
                    operator
                ],
            )?;
            Ok(())
        })?;
        Ok(BreachId(id))
    }

    pub fn update_breach(&mut self, id: BreachId, b: &NewBreach) -> Result<()> {
        let exists: Option<i64> = self
            .conn()
            .query_row(
                "SELECT 1 FROM breach WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(map_damage)?;
        if exists.is_none() {
            return Err(ArchiveError::RecordNotFound);
        }
        let now = self.now.clone();
        self.tracked(Entity::Breach, &id.to_string(), Action::Update, None, |conn| {
            conn.execute(
                "UPDATE breach SET discovered_on = ?2, description = ?3, data_involved = ?4, persons_estimate = ?5,
                    measures = ?6, comune_informed_on = ?7, updated_at = ?8 WHERE id = ?1",
                params![
                    id.to_string(),
                    date_text(b.discovered_on),
                    b.description,
                    b.data_involved,
                    b.persons_estimate,
                    b.measures,
                    b.comune_informed_on.map(date_text),
                    now
                ],
            )?;
            Ok(())
        })
    }
}
