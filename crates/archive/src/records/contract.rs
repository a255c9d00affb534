//! The contract (convenzione) and its opening slots and closures.

use super::{bad_column, date_text, get_date, get_id, get_opt_time, time_text, Entity, Writer};
use crate::error::Result;
use crate::store::map_damage;
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::model::{Closure, Contract, ContractTerms, OpeningSlot, VatRegime};
use sportello_core::{ContractId, Minutes};
use uuid::Uuid;

impl Writer<'_> {
    pub fn insert_contract(&mut self, id: Uuid, terms: &ContractTerms) -> Result<ContractId> {
        let vat: Option<u32> = match terms.vat {
            VatRegime::Exempt => None,
            VatRegime::Rate { basis_points } => Some(basis_points),
        };
        let now = self.now.clone();
        self.tracked(Entity::Contract, &id.to_string(), Action::Create, None, |conn| {
        conn.execute(
            "INSERT INTO contract (id, comune, provider, start_date, end_date, year_start, yearly_minutes,
                hourly_rate_cents, vat_basis_points, weekly_cap_minutes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![
                id.to_string(),
                terms.comune,
                terms.provider,
                date_text(terms.start),
                date_text(terms.end),
                date_text(terms.year_start),
                terms.yearly_budget.get(),
                terms.hourly_rate.get(),
                vat,
                terms.weekly_cap.get(),
                now
            ],
        )?;
        for slot in &terms.opening_slots {
            conn.execute(
                "INSERT INTO opening_slot (id, contract_id, weekday, start_time, end_time) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    Uuid::now_v7().to_string(),
                    id.to_string(),
                    slot.weekday.number_from_monday(),
                    time_text(slot.start),
                    time_text(slot.end)
                ],
            )?;
        }
        for c in &terms.closures {
            conn.execute(
                "INSERT INTO closure (id, contract_id, from_date, to_date, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![Uuid::now_v7().to_string(), id.to_string(), date_text(c.from), date_text(c.to), c.reason],
            )?;
        }
        Ok(())
        })?;
        Ok(ContractId(id))
    }
}

/// The current contract (the one that started last).
pub(crate) fn contract(conn: &Connection) -> Result<Option<Contract>> {
    let row = conn
        .query_row(
            "SELECT id, comune, provider, start_date, end_date, year_start, yearly_minutes, hourly_rate_cents,
                    vat_basis_points, weekly_cap_minutes
             FROM contract ORDER BY start_date DESC, created_at DESC LIMIT 1",
            [],
            |r| {
                let vat: Option<u32> = r.get(8)?;
                Ok((
                    get_id(r, 0)?,
                    ContractTerms {
                        comune: r.get(1)?,
                        provider: r.get(2)?,
                        start: get_date(r, 3)?,
                        end: get_date(r, 4)?,
                        year_start: get_date(r, 5)?,
                        yearly_budget: Minutes(r.get(6)?),
                        hourly_rate: sportello_core::Cents(r.get(7)?),
                        vat: vat.map_or(VatRegime::Exempt, |basis_points| VatRegime::Rate { basis_points }),
                        weekly_cap: Minutes(r.get(9)?),
                        opening_slots: Vec::new(),
                        closures: Vec::new(),
                    },
                ))
            },
        )
        .optional()
        .map_err(map_damage)?;
    let Some((id, mut terms)) = row else {
        return Ok(None);
    };
    let mut stmt = conn.prepare("SELECT weekday, start_time, end_time FROM opening_slot WHERE contract_id = ?1 ORDER BY weekday, start_time")?;
    terms.opening_slots = stmt
        .query_map([id.to_string()], |r| {
            let weekday: u8 = r.get(0)?;
            Ok(OpeningSlot {
                weekday: chrono::Weekday::try_from(weekday.saturating_sub(1))
                    .map_err(|_| bad_column(0, "giorno"))?,
                start: get_opt_time(r, 1)?.ok_or_else(|| bad_column(1, "ora"))?,
                end: get_opt_time(r, 2)?.ok_or_else(|| bad_column(2, "ora"))?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT from_date, to_date, reason FROM closure WHERE contract_id = ?1 ORDER BY from_date",
    )?;
    terms.closures = stmt
        .query_map([id.to_string()], |r| {
            Ok(Closure {
                from: get_date(r, 0)?,
                to: get_date(r, 1)?,
                reason: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Contract {
        id: ContractId(id),
        terms,
    }))
}
