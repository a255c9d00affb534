//! The territory's services (catalogo servizi): her schede, the starter file's, archived ones.

use super::{collect, date_text, get_code, get_id, get_opt_code, get_opt_date, Entity, Writer};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use crate::store::CachedStatements;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use sportello_core::history::Action;
use sportello_core::ipc::ServiceOption;
use sportello_core::model::{Service, ServiceFields, StarterService};
use sportello_core::{Area, Sector, ServiceId};
use uuid::Uuid;

/// What reloading the starter file did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReloadOutcome {
    /// Services of the file not in the catalogue yet.
    pub added: u32,
    /// Services she never edited, brought to the file's text.
    pub updated: u32,
    /// Services she edited, left as she made them.
    pub kept: u32,
}

impl Writer<'_> {
    /// A new service; `starter_key` when it comes from the starter file.
    pub fn insert_service(
        &mut self,
        id: Uuid,
        f: &ServiceFields,
        starter_key: Option<&str>,
    ) -> Result<ServiceId> {
        let now = self.now.clone();
        self.tracked(Entity::Service, &id.to_string(), Action::Create, None, |c| {
            c.execute_cached(
                "INSERT INTO service (id, name, provider, area, description, target, access, documents,
                    costs, contacts, address, created_at, updated_at, sector, national_code, checked_on,
                    starter_key, edited)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15, ?16, ?17)",
                params![
                    id.to_string(),
                    f.name,
                    f.provider,
                    f.area.map(Area::code),
                    f.description,
                    f.target,
                    f.access,
                    f.documents,
                    f.costs,
                    f.contacts,
                    f.address,
                    now,
                    f.sector.code(),
                    f.national_code,
                    f.checked_on.map(date_text),
                    starter_key,
                    // Her own service is hers from the start: reloading never adopts it.
                    starter_key.is_none()
                ],
            )?;
            Ok(())
        })?;
        Ok(ServiceId(id))
    }

    /// Her edit of a service: from now on reloading the starter file leaves it alone.
    /// Only a change of the scheda's text counts as her edit: confirming it (the day it was
    /// checked) leaves it to follow the starter file.
    pub fn update_service(&mut self, id: ServiceId, f: &ServiceFields) -> Result<()> {
        let current = service(self.conn(), id)?;
        let text_changed = ServiceFields {
            checked_on: current.fields.checked_on,
            ..f.clone()
        } != current.fields;
        self.write_service_fields(id, f, text_changed)
    }

    fn write_service_fields(
        &mut self,
        id: ServiceId,
        f: &ServiceFields,
        by_her: bool,
    ) -> Result<()> {
        service(self.conn(), id)?;
        let now = self.now.clone();
        self.tracked(Entity::Service, &id.to_string(), Action::Update, None, |c| {
            c.execute_cached(
                "UPDATE service SET name = ?2, provider = ?3, area = ?4, description = ?5, target = ?6,
                    access = ?7, documents = ?8, costs = ?9, contacts = ?10, address = ?11,
                    sector = ?12, national_code = ?13, checked_on = ?14, updated_at = ?15,
                    edited = MAX(edited, ?16)
                 WHERE id = ?1",
                params![
                    id.to_string(),
                    f.name,
                    f.provider,
                    f.area.map(Area::code),
                    f.description,
                    f.target,
                    f.access,
                    f.documents,
                    f.costs,
                    f.contacts,
                    f.address,
                    f.sector.code(),
                    f.national_code,
                    f.checked_on.map(date_text),
                    now,
                    by_her
                ],
            )?;
            Ok(())
        })
    }

    /// Archives a service (no longer offered for new referrals; its referrals keep it) or
    /// brings it back.
    pub fn set_service_archived(&mut self, id: ServiceId, archived: bool) -> Result<()> {
        let current = service(self.conn(), id)?;
        if current.archived == archived {
            return Ok(());
        }
        let now = self.now.clone();
        let action = if archived {
            Action::Delete
        } else {
            Action::Restore
        };
        self.tracked(Entity::Service, &id.to_string(), action, None, |c| {
            c.execute_cached(
                "UPDATE service SET archived_at = CASE WHEN ?2 THEN ?3 END, updated_at = ?3 WHERE id = ?1",
                params![id.to_string(), archived, now],
            )?;
            Ok(())
        })
    }

    /// Brings the starter file into the catalogue: what is missing is added, what she never
    /// edited takes the file's text, what she edited (or archived) is left as it is. A service
    /// of an older archive without a key is recognised by its name.
    pub fn reload_starter(&mut self, starter: &[StarterService]) -> Result<ReloadOutcome> {
        let mut out = ReloadOutcome::default();
        for s in starter {
            let by_key = service_by_starter_key(self.conn(), &s.key)?;
            let found = match by_key {
                Some(found) => Some(found),
                None => self.adopt_by_name(s)?,
            };
            match found {
                None => {
                    self.insert_service(Uuid::now_v7(), &s.fields, Some(&s.key))?;
                    out.added += 1;
                }
                Some(existing) if existing.edited || existing.archived => out.kept += 1,
                Some(existing) => {
                    let mut fields = s.fields.clone();
                    fields.checked_on = existing.fields.checked_on;
                    if fields != existing.fields {
                        self.write_service_fields(existing.id, &fields, false)?;
                        out.updated += 1;
                    }
                }
            }
        }
        Ok(out)
    }

    /// A keyless, unedited service named as the starter entry takes its key.
    fn adopt_by_name(&mut self, s: &StarterService) -> Result<Option<Service>> {
        let id: Option<String> = self
            .conn()
            .query_row(
                "SELECT id FROM service WHERE starter_key IS NULL AND edited = 0 AND name = ?1
                    AND archived_at IS NULL AND deleted_at IS NULL
                 ORDER BY created_at LIMIT 1",
                [&s.fields.name],
                |r| r.get(0),
            )
            .optional()
            .map_err(map_damage)?;
        let Some(id) = id else { return Ok(None) };
        self.tracked(Entity::Service, &id, Action::Update, None, |c| {
            c.execute_cached(
                "UPDATE service SET starter_key = ?2 WHERE id = ?1",
                params![id, s.key],
            )?;
            Ok(())
        })?;
        service_by_starter_key(self.conn(), &s.key)
    }

    /// The catalogue's services, oldest first.
    pub fn service_ids(&self) -> Result<Vec<ServiceId>> {
        Ok(services(self.conn())?.into_iter().map(|s| s.id).collect())
    }
}

const SERVICE_SELECT: &str = "SELECT id, name, provider, area, sector, national_code, description,
    target, access, documents, costs, contacts, address, checked_on, archived_at IS NOT NULL,
    starter_key, edited FROM service";

fn service_from_row(r: &Row) -> rusqlite::Result<Service> {
    Ok(Service {
        id: ServiceId(get_id(r, 0)?),
        fields: ServiceFields {
            name: r.get(1)?,
            provider: r.get(2)?,
            area: get_opt_code(r, 3, Area::from_code)?,
            sector: get_code(r, 4, Sector::from_code)?,
            national_code: r.get(5)?,
            description: r.get(6)?,
            target: r.get(7)?,
            access: r.get(8)?,
            documents: r.get(9)?,
            costs: r.get(10)?,
            contacts: r.get(11)?,
            address: r.get(12)?,
            checked_on: get_opt_date(r, 13)?,
        },
        archived: r.get(14)?,
        starter_key: r.get(15)?,
        edited: r.get(16)?,
    })
}

/// One service, archived or not.
pub(crate) fn service(conn: &Connection, id: ServiceId) -> Result<Service> {
    conn.prepare_cached(&format!(
        "{SERVICE_SELECT} WHERE id = ?1 AND deleted_at IS NULL"
    ))?
    .query_row([id.to_string()], service_from_row)
    .optional()
    .map_err(map_damage)?
    .ok_or(ArchiveError::RecordNotFound)
}

fn service_by_starter_key(conn: &Connection, key: &str) -> Result<Option<Service>> {
    conn.prepare_cached(&format!("{SERVICE_SELECT} WHERE starter_key = ?1"))?
        .query_row([key], service_from_row)
        .optional()
        .map_err(map_damage)
}

/// The whole catalogue, archived services too, by name.
pub(crate) fn catalogue(conn: &Connection) -> Result<Vec<Service>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SERVICE_SELECT} WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([], service_from_row)?;
    collect(rows)
}

/// The services offered for a new referral (not archived), by creation.
pub(crate) fn services(conn: &Connection) -> Result<Vec<ServiceOption>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, area, sector FROM service
         WHERE deleted_at IS NULL AND archived_at IS NULL ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ServiceOption {
            id: ServiceId(get_id(r, 0)?),
            name: r.get(1)?,
            area: get_opt_code(r, 2, Area::from_code)?,
            sector: get_code(r, 3, Sector::from_code)?,
        })
    })?;
    collect(rows)
}
