//! The territory's services (catalogo servizi), as far as referrals need them today.

use super::{collect, get_code, get_id, get_opt_code, Entity, Writer};
use crate::error::Result;
use rusqlite::{params, Connection};
use sportello_core::history::Action;
use sportello_core::ipc::ServiceOption;
use sportello_core::{Area, Sector, ServiceId};
use uuid::Uuid;

impl Writer<'_> {
    pub fn insert_service(
        &mut self,
        id: Uuid,
        name: &str,
        provider: &str,
        area: Option<Area>,
        description: &str,
        sector: Sector,
    ) -> Result<ServiceId> {
        let now = self.now.clone();
        self.tracked(
            Entity::Service,
            &id.to_string(),
            Action::Create,
            None,
            |c| {
                c.execute(
                "INSERT INTO service (id, name, provider, area, description, created_at, updated_at, sector)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
                params![id.to_string(), name, provider, area.map(Area::code), description, now, sector.code()],
            )?;
                Ok(())
            },
        )?;
        Ok(ServiceId(id))
    }

    /// The catalogue's services, oldest first.
    pub fn service_ids(&self) -> Result<Vec<ServiceId>> {
        Ok(services(self.conn())?.into_iter().map(|s| s.id).collect())
    }
}

/// The live services of the catalogue, by creation.
pub(crate) fn services(conn: &Connection) -> Result<Vec<ServiceOption>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, area, sector FROM service WHERE deleted_at IS NULL ORDER BY created_at, id",
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
