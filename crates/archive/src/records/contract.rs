//! The contract (convenzione) with its opening slots, closures and billable kinds; its contract
//! years (budget set by hand, closing and reopening); the notes of weeks past the cap; and the
//! monthly statements as issued.

use super::{
    bad_column, collect, date_text, get_code, get_date, get_id, get_opt_time, time_text, Entity,
    Writer,
};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use crate::store::CachedStatements;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::ledger::Week;
use sportello_core::model::{
    Closure, Contract, ContractTerms, ContractYear, OpeningSlot, VatRegime,
};
use sportello_core::statement::IssuedStatement;
use sportello_core::{Cents, ContractId, FormErrors, Minutes, Msg, TimeKind};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The key of a contract year in `contract_year` and in the history.
pub(crate) fn year_id(contract: ContractId, year: ContractYear) -> String {
    format!("{contract}:{}", date_text(year.start))
}

impl Writer<'_> {
    pub fn insert_contract(&mut self, id: Uuid, terms: &ContractTerms) -> Result<ContractId> {
        let vat: Option<u32> = match terms.vat {
            VatRegime::Exempt => None,
            VatRegime::Rate { basis_points } => Some(basis_points),
        };
        let now = self.now.clone();
        self.tracked(Entity::Contract, &id.to_string(), Action::Create, None, |conn| {
            conn.execute_cached(
                "INSERT INTO contract (id, comune, provider, start_date, end_date, year_start, yearly_minutes,
                    hourly_rate_cents, vat_basis_points, weekly_cap_minutes, cig, award_ref, patron_saint,
                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
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
                    terms.cig,
                    terms.award_ref,
                    terms.patron_saint.map(|(m, d)| format!("{m:02}-{d:02}")),
                    now
                ],
            )?;
            for slot in &terms.opening_slots {
                conn.execute_cached(
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
                conn.execute_cached(
                    "INSERT INTO closure (id, contract_id, from_date, to_date, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![Uuid::now_v7().to_string(), id.to_string(), date_text(c.from), date_text(c.to), c.reason],
                )?;
            }
            for kind in TimeKind::ALL {
                conn.execute_cached(
                    "INSERT INTO contract_kind (contract_id, kind, billable) VALUES (?1, ?2, ?3)",
                    params![id.to_string(), kind.code(), terms.bills(*kind)],
                )?;
            }
            Ok(())
        })?;
        Ok(ContractId(id))
    }

    /// The contract year's row, made on first need.
    fn ensure_year_row(&mut self, contract: ContractId, year: ContractYear) -> Result<String> {
        let id = year_id(contract, year);
        let exists: bool = self.conn().query_row_cached(
            "SELECT EXISTS (SELECT 1 FROM contract_year WHERE id = ?1)",
            [&id],
            |r| r.get(0),
        )?;
        if !exists {
            self.tracked(Entity::ContractYear, &id, Action::Create, None, |c| {
                c.execute_cached(
                    "INSERT INTO contract_year (id, contract_id, year_start) VALUES (?1, ?2, ?3)",
                    params![id, contract.to_string(), date_text(year.start)],
                )?;
                Ok(())
            })?;
        }
        Ok(id)
    }

    /// Closes a contract year: its time can no longer change until it is reopened.
    pub fn lock_year(&mut self, contract: ContractId, year: ContractYear) -> Result<()> {
        let id = self.ensure_year_row(contract, year)?;
        if year_row(self.conn(), &id)?.is_some_and(|r| r.locked_at.is_some()) {
            return Err(invalid("year", Msg::AlreadyLocked));
        }
        let now = self.now.clone();
        self.tracked(Entity::ContractYear, &id, Action::Lock, None, |c| {
            c.execute_cached(
                "UPDATE contract_year SET locked_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            Ok(())
        })
    }

    /// Reopens a closed contract year, with the reason (kept, and in the history).
    pub fn reopen_year(
        &mut self,
        contract: ContractId,
        year: ContractYear,
        reason: &str,
    ) -> Result<()> {
        let id = year_id(contract, year);
        if year_row(self.conn(), &id)?.is_none_or(|r| r.locked_at.is_none()) {
            return Err(invalid("year", Msg::NotLocked));
        }
        let now = self.now.clone();
        self.tracked(Entity::ContractYear, &id, Action::Reopen, None, |c| {
            c.execute_cached(
                "UPDATE contract_year SET locked_at = NULL, reopened_at = ?2, reopen_reason = ?3 WHERE id = ?1",
                params![id, now, reason],
            )?;
            Ok(())
        })
    }

    /// Sets a contract year's monte ore by hand (`None`: back to the contract's, pro rata).
    pub fn set_year_budget(
        &mut self,
        contract: ContractId,
        year: ContractYear,
        budget: Option<Minutes>,
    ) -> Result<()> {
        let id = self.ensure_year_row(contract, year)?;
        self.tracked(Entity::ContractYear, &id, Action::Update, None, |c| {
            c.execute_cached(
                "UPDATE contract_year SET budget_minutes = ?2 WHERE id = ?1",
                params![id, budget.map(Minutes::get)],
            )?;
            Ok(())
        })
    }

    /// Records why a week passes the weekly cap (kept with the week, shown on every paper).
    pub fn set_week_note(&mut self, week: Week, note: &str) -> Result<()> {
        let id = week.key();
        let exists = week_note(self.conn(), week)?.is_some();
        let now = self.now.clone();
        let operator = self.operator_text();
        let action = if exists {
            Action::Update
        } else {
            Action::Create
        };
        self.tracked(Entity::WeekNote, &id, action, None, |c| {
            c.execute_cached(
                "INSERT INTO week_note (id, note, created_at, created_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET note = excluded.note",
                params![id, note, now, operator],
            )?;
            Ok(())
        })
    }

    /// Records a statement as issued: one row per contract year it covers.
    pub fn insert_statement(&mut self, contract: ContractId, s: &IssuedStatement) -> Result<()> {
        let id = Uuid::now_v7().to_string();
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::Statement, &id, Action::Create, None, |c| {
            c.execute_cached(
                "INSERT INTO statement (id, document_id, contract_id, year_start, month, billable_minutes,
                    amount_cents, vat_cents, issued_on, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    id,
                    s.document_id,
                    contract.to_string(),
                    date_text(s.year_start),
                    format!("{:04}-{:02}", s.year, s.month),
                    s.minutes.get(),
                    s.amount.get(),
                    s.vat_amount.get(),
                    date_text(s.issued_on),
                    now,
                    operator
                ],
            )?;
            Ok(())
        })
    }
}

fn invalid(field: &str, msg: Msg) -> ArchiveError {
    let mut e = FormErrors::default();
    e.add(field, msg);
    ArchiveError::Invalid(e)
}

/// Every contract, oldest first (renewals follow each other).
pub(crate) fn contracts(conn: &Connection) -> Result<Vec<Contract>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, comune, provider, start_date, end_date, year_start, yearly_minutes, hourly_rate_cents,
                vat_basis_points, weekly_cap_minutes, cig, award_ref, patron_saint
         FROM contract ORDER BY start_date, created_at",
    )?;
    let rows = stmt.query_map([], |r| {
        let vat: Option<u32> = r.get(8)?;
        let patron: Option<String> = r.get(12)?;
        Ok(Contract {
            id: ContractId(get_id(r, 0)?),
            terms: ContractTerms {
                comune: r.get(1)?,
                provider: r.get(2)?,
                start: get_date(r, 3)?,
                end: get_date(r, 4)?,
                year_start: get_date(r, 5)?,
                yearly_budget: Minutes(r.get(6)?),
                hourly_rate: Cents(r.get(7)?),
                vat: vat.map_or(VatRegime::Exempt, |basis_points| VatRegime::Rate {
                    basis_points,
                }),
                weekly_cap: Minutes(r.get(9)?),
                cig: r.get(10)?,
                award_ref: r.get(11)?,
                patron_saint: patron.and_then(|p| {
                    let (m, d) = p.split_once('-')?;
                    Some((m.parse().ok()?, d.parse().ok()?))
                }),
                opening_slots: Vec::new(),
                closures: Vec::new(),
                billable_kinds: Vec::new(),
            },
        })
    })?;
    let mut list = collect(rows)?;
    for c in &mut list {
        let id = c.id.to_string();
        let mut stmt = conn.prepare_cached(
            "SELECT weekday, start_time, end_time FROM opening_slot WHERE contract_id = ?1 ORDER BY weekday, start_time",
        )?;
        c.terms.opening_slots = collect(stmt.query_map([&id], |r| {
            let weekday: u8 = r.get(0)?;
            Ok(OpeningSlot {
                weekday: chrono::Weekday::try_from(weekday.saturating_sub(1))
                    .map_err(|_| bad_column(0, "giorno"))?,
                start: get_opt_time(r, 1)?.ok_or_else(|| bad_column(1, "ora"))?,
                end: get_opt_time(r, 2)?.ok_or_else(|| bad_column(2, "ora"))?,
            })
        })?)?;
        let mut stmt = conn.prepare_cached(
            "SELECT from_date, to_date, reason FROM closure WHERE contract_id = ?1 ORDER BY from_date",
        )?;
        c.terms.closures = collect(stmt.query_map([&id], |r| {
            Ok(Closure {
                from: get_date(r, 0)?,
                to: get_date(r, 1)?,
                reason: r.get(2)?,
            })
        })?)?;
        let mut stmt = conn.prepare_cached(
            "SELECT kind FROM contract_kind WHERE contract_id = ?1 AND billable = 1 ORDER BY kind",
        )?;
        let mut kinds: Vec<TimeKind> =
            collect(stmt.query_map([&id], |r| get_code(r, 0, TimeKind::from_code))?)?;
        // In the order the app lists kinds, whatever the codes' alphabetical order.
        kinds.sort_by_key(|k| TimeKind::ALL.iter().position(|a| a == k));
        c.terms.billable_kinds = kinds;
    }
    Ok(list)
}

/// The contract in force on `date`: the latest started on or before it that has not ended;
/// else the latest started before it; else the first (a date before any contract).
pub(crate) fn contract_on(list: &[Contract], date: NaiveDate) -> Option<&Contract> {
    list.iter()
        .rev()
        .find(|c| c.terms.in_force_on(date))
        .or_else(|| list.iter().rev().find(|c| c.terms.start <= date))
        .or_else(|| list.first())
}

/// The current contract (the one in force today, or the latest).
pub(crate) fn contract(conn: &Connection) -> Result<Option<Contract>> {
    Ok(contracts(conn)?.pop())
}

/// A contract year's own facts.
#[derive(Debug, Clone)]
pub(crate) struct YearRow {
    pub budget: Option<Minutes>,
    pub locked_at: Option<String>,
}

pub(crate) fn year_row(conn: &Connection, id: &str) -> Result<Option<YearRow>> {
    conn.query_row_cached(
        "SELECT budget_minutes, locked_at FROM contract_year WHERE id = ?1",
        [id],
        |r| {
            Ok(YearRow {
                budget: r.get::<_, Option<u32>>(0)?.map(Minutes),
                locked_at: r.get(1)?,
            })
        },
    )
    .optional()
    .map_err(map_damage)
}

/// The monte ore of a contract year: set by hand, or the contract's (pro rata).
pub(crate) fn year_budget(
    conn: &Connection,
    contract: &Contract,
    year: ContractYear,
) -> Result<Minutes> {
    Ok(year_row(conn, &year_id(contract.id, year))?
        .and_then(|r| r.budget)
        .unwrap_or_else(|| contract.terms.year_budget(year)))
}

/// When a contract year was closed, if it is.
pub(crate) fn year_locked_on(
    conn: &Connection,
    contract: &Contract,
    year: ContractYear,
) -> Result<Option<NaiveDate>> {
    Ok(year_row(conn, &year_id(contract.id, year))?
        .and_then(|r| r.locked_at)
        .and_then(|at| {
            at.get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        }))
}

/// Refuses a change of time dated `date` when its contract year is closed.
pub(crate) fn check_open(conn: &Connection, date: NaiveDate) -> Result<()> {
    let list = contracts(conn)?;
    let Some(contract) = contract_on(&list, date) else {
        return Ok(());
    };
    let year = contract.terms.year_containing(date);
    if year_locked_on(conn, contract, year)?.is_some() {
        return Err(invalid(
            "date",
            Msg::YearLocked {
                year_start: year.start,
            },
        ));
    }
    Ok(())
}

pub(crate) fn week_note(conn: &Connection, week: Week) -> Result<Option<String>> {
    conn.query_row_cached(
        "SELECT note FROM week_note WHERE id = ?1",
        [week.key()],
        |r| r.get(0),
    )
    .optional()
    .map_err(map_damage)
}

/// The notes of weeks past the cap from `from` to `to`.
pub(crate) fn week_notes(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BTreeMap<Week, String>> {
    let (a, b) = (Week::of(from).key(), Week::of(to).key());
    let mut stmt =
        conn.prepare_cached("SELECT id, note FROM week_note WHERE id BETWEEN ?1 AND ?2")?;
    let rows = stmt.query_map([a, b], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    Ok(collect(rows)?
        .into_iter()
        .filter_map(|(k, n)| Week::parse_key(&k).map(|w| (w, n)))
        .collect())
}

/// The statements issued for a contract's year.
pub(crate) fn issued_statements(
    conn: &Connection,
    contract: ContractId,
    year: ContractYear,
) -> Result<Vec<IssuedStatement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT month, billable_minutes, amount_cents, vat_cents, issued_on, document_id FROM statement
         WHERE contract_id = ?1 AND year_start = ?2 ORDER BY month, issued_on, created_at, id",
    )?;
    let rows = stmt.query_map(params![contract.to_string(), date_text(year.start)], |r| {
        let month: String = r.get(0)?;
        let (y, m) = month
            .split_once('-')
            .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
            .ok_or_else(|| bad_column(0, "mese"))?;
        Ok(IssuedStatement {
            year: y,
            month: m,
            year_start: year.start,
            minutes: Minutes(r.get(1)?),
            amount: Cents(r.get(2)?),
            vat_amount: Cents(r.get(3)?),
            issued_on: get_date(r, 4)?,
            document_id: r.get(5)?,
        })
    })?;
    collect(rows)
}
