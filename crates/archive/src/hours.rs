//! The monte ore through the archive: the contract in force, a contract year's ledger, time
//! entries saved with the weekly cap and the year's closing enforced, the monthly statement,
//! the yearly reconciliation, and the hours page.

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::records;
use chrono::{Datelike, Days, NaiveDate};
use sportello_core::calendar::{ClosedBecause, DeskCalendar};
use sportello_core::ipc::{
    DayHours, HoursRequest, HoursView, MonthHours, SaveTimeEntryRequest, YearRef,
};
use sportello_core::ledger::{self, ledger_window, month_bounds, Week, YearSummary};
use sportello_core::model::{Contract, ContractYear, NewTimeEntry};
use sportello_core::statement::{
    self, minutes_by_operator, DocumentInfo, IssuedStatement, MonthlyStatement, Reconciliation,
};
use sportello_core::{FormErrors, Minutes, Msg, TimeEntryId};
use uuid::Uuid;

/// The desk's calendar under a contract.
pub fn calendar_of(contract: &Contract) -> DeskCalendar {
    DeskCalendar {
        opening_slots: contract.terms.opening_slots.clone(),
        closures: contract.terms.closures.clone(),
        patron_saint: contract.terms.patron_saint,
    }
}

impl Archive {
    /// Every contract, oldest first.
    pub fn contracts(&self) -> Result<Vec<Contract>> {
        records::contracts(&self.conn)
    }

    /// The contract in force on `date` (or the nearest before it).
    pub fn contract_on(&self, date: NaiveDate) -> Result<Option<Contract>> {
        Ok(records::contract_on(&self.contracts()?, date).cloned())
    }

    /// The contract a month's statement is made under: the one in force on its first day, or
    /// else the one in force on its last (a contract that starts during the month).
    fn statement_contract(&self, year: i32, month: u32) -> Result<Option<Contract>> {
        let (first, next) = month_bounds(year, month).ok_or_else(bad_month)?;
        let list = self.contracts()?;
        let last = next.pred_opt().unwrap_or(next);
        Ok(records::contract_on(&list, first)
            .filter(|c| c.terms.in_force_on(first) || c.terms.in_force_on(last))
            .or_else(|| list.iter().rev().find(|c| c.terms.in_force_on(last)))
            .cloned())
    }

    /// The contract years that start in calendar year `year` (the way the comune names a
    /// contract year: "2026" for 1 March 2026 – 28 February 2027); two at a change of provider.
    pub fn contract_years_starting_in(&self, year: i32) -> Result<Vec<YearRef>> {
        let mut found = Vec::new();
        for contract in self.contracts()? {
            let mut day = contract.terms.start;
            while day <= contract.terms.end {
                let y = contract.terms.year_containing(day);
                if y.start.year() == year {
                    found.push(YearRef {
                        contract: contract.id,
                        year_start: y.start,
                    });
                }
                day = y.end;
            }
        }
        Ok(found)
    }

    /// The contract and the contract year `year` names.
    pub fn contract_year(&self, year: YearRef) -> Result<(Contract, ContractYear)> {
        let contract = self
            .contracts()?
            .into_iter()
            .find(|c| c.id == year.contract)
            .ok_or(ArchiveError::RecordNotFound)?;
        let y = contract.terms.year_containing(year.year_start);
        if y.start != year.year_start {
            return Err(ArchiveError::RecordNotFound);
        }
        Ok((contract, y))
    }

    /// The ledger of `year` of `contract` as it stands on `today`.
    pub fn ledger_of(
        &self,
        contract: &Contract,
        year: ContractYear,
        today: NaiveDate,
    ) -> Result<YearSummary> {
        let (from, to) = ledger_window(year);
        let entries = records::ledger_entries(&self.conn, from, to)?;
        let notes = records::week_notes(&self.conn, from, to)?;
        let budget = records::year_budget(&self.conn, contract, year)?;
        Ok(ledger::summarize(
            &contract.terms,
            &calendar_of(contract),
            year,
            budget,
            &entries,
            &notes,
            today,
        ))
    }

    /// The contract in force today and the ledger of its year containing today, or `None`
    /// without a contract.
    pub fn contract_and_year(&self, today: NaiveDate) -> Result<Option<(Contract, YearSummary)>> {
        let Some(contract) = self.contract_on(today)? else {
            return Ok(None);
        };
        let year = contract.terms.year_containing(today);
        let summary = self.ledger_of(&contract, year, today)?;
        Ok(Some((contract, summary)))
    }

    /// The ledger of the contract year containing `today`, or `None` without a contract.
    pub fn year_summary(&self, today: NaiveDate) -> Result<Option<YearSummary>> {
        Ok(self.contract_and_year(today)?.map(|(_, summary)| summary))
    }

    /// Stores a time entry as is, within the cap (for the demo and the tests).
    pub fn add_time_entry(&mut self, entry: &NewTimeEntry) -> Result<TimeEntryId> {
        self.write(|w| w.insert_time_entry(Uuid::now_v7(), entry, None, None))
    }

    /// Saves a time entry from its form: a new one, or the changes to one (a colloquio's entry
    /// stays linked to it). Time past the weekly cap needs the form's note; time in a closed
    /// year is refused.
    pub fn save_time_entry(
        &mut self,
        request: &SaveTimeEntryRequest,
        today: NaiveDate,
    ) -> Result<TimeEntryId> {
        let note = Some(request.form.cap_note.as_str());
        match request.id {
            Some(id) => {
                let entry = records::time_entry(&self.conn, id)?;
                let data = request.form.parse(entry.data.contact, today)?;
                self.write(|w| w.update_time_entry(id, &data, note))?;
                Ok(id)
            }
            None => {
                let data = request.form.parse(None, today)?;
                self.write(|w| w.insert_time_entry(Uuid::now_v7(), &data, None, note))
            }
        }
    }

    pub fn delete_time_entry(&mut self, id: TimeEntryId) -> Result<()> {
        self.write(|w| w.delete_time_entry(id))
    }

    /// Time entries dated `from..=to`.
    pub fn time_entries(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<sportello_core::model::TimeEntry>> {
        records::time_entries(&self.conn, from, to)
    }

    /// The monthly statement of `month` of `year` under the contract in force that month, or
    /// `None` when no contract covers it.
    pub fn monthly_statement(&self, year: i32, month: u32) -> Result<Option<MonthlyStatement>> {
        let (first, next) = month_bounds(year, month).ok_or_else(bad_month)?;
        let Some(contract) = self.statement_contract(year, month)? else {
            return Ok(None);
        };
        let contract = &contract;
        // From the Monday of the month's first week: a week over the cap may have begun in the
        // previous month, or in the previous contract year.
        let first_monday = Week::of(first).monday();
        let from = contract
            .terms
            .year_containing(first)
            .start
            .min(first_monday);
        let to = next.checked_add_days(Days::new(6)).unwrap_or(next);
        let entries = records::statement_entries(&self.conn, from, to)?;
        let notes = records::week_notes(&self.conn, first_monday, to)?;
        let budget_of = |y: ContractYear| {
            records::year_budget(&self.conn, contract, y)
                .unwrap_or_else(|_| contract.terms.year_budget(y))
        };
        Ok(statement::monthly_statement(
            &contract.terms,
            year,
            month,
            &entries,
            &budget_of,
            &notes,
        ))
    }

    /// The statement of `month` of `year` as a document produced on `today`, with a new id. It
    /// counts as issued once [`Archive::record_issue`] records it (after the PDF is saved).
    pub fn statement_document(
        &self,
        year: i32,
        month: u32,
        today: NaiveDate,
    ) -> Result<(MonthlyStatement, DocumentInfo)> {
        let statement = self
            .monthly_statement(year, month)?
            .ok_or(ArchiveError::RecordNotFound)?;
        let doc = DocumentInfo {
            id: format!("RM-{year:04}-{month:02}-{}", short_id()),
            date: today,
            issuer: statement.comune.clone(),
            title: "Rendiconto mensile delle ore".into(),
            period: statement::month_title(year, month),
            logo_sha256: None,
            logo_png: None,
        };
        Ok((statement, doc))
    }

    /// The reconciliation of a contract year, with its document identity.
    pub fn reconciliation_document(
        &self,
        year: YearRef,
        today: NaiveDate,
    ) -> Result<(Reconciliation, DocumentInfo)> {
        let r = self.reconciliation(year)?;
        let doc = DocumentInfo {
            id: format!("RA-{:04}-{}", year.year_start.year(), short_id()),
            date: today,
            issuer: r.comune.clone(),
            title: "Riconciliazione annuale del monte ore".into(),
            period: format!(
                "Anno contrattuale {} – {}",
                sportello_core::format::date(r.year.start),
                sportello_core::format::date(r.year.last_day())
            ),
            logo_sha256: None,
            logo_png: None,
        };
        Ok((r, doc))
    }

    /// Records a statement as issued (its sections, as they were), so the reconciliation counts
    /// it invoiced.
    pub fn record_issue(&mut self, s: &MonthlyStatement, doc: &DocumentInfo) -> Result<()> {
        let (document_id, issued_on) = (doc.id.as_str(), doc.date);
        let contract = self
            .statement_contract(s.year, s.month)?
            .ok_or(ArchiveError::RecordNotFound)?;
        self.write(|w| {
            for section in &s.sections {
                w.insert_statement(
                    contract.id,
                    &IssuedStatement {
                        year: s.year,
                        month: s.month,
                        year_start: section.year.start,
                        minutes: section.billable,
                        amount: section.amount,
                        vat_amount: section.vat_amount,
                        issued_on,
                        document_id: document_id.to_string(),
                    },
                )?;
            }
            Ok(())
        })
    }

    /// The reconciliation of a contract year.
    pub fn reconciliation(&self, year: YearRef) -> Result<Reconciliation> {
        let (contract, cy) = self.contract_year(year)?;
        let (from, to) = ledger_window(cy);
        let entries = records::statement_entries(&self.conn, from, to)?;
        let notes = records::week_notes(&self.conn, from, to)?;
        let issued = records::issued_statements(&self.conn, contract.id, cy)?;
        let budget = records::year_budget(&self.conn, &contract, cy)?;
        let locked_on = records::year_locked_on(&self.conn, &contract, cy)?;
        Ok(statement::reconciliation(
            &contract.terms,
            cy,
            budget,
            &entries,
            &issued,
            &notes,
            locked_on,
        ))
    }

    /// Closes a contract year: its time is frozen.
    pub fn lock_year(&mut self, year: YearRef) -> Result<()> {
        let (contract, cy) = self.contract_year(year)?;
        self.write(|w| w.lock_year(contract.id, cy))
    }

    /// Reopens it, with the reason.
    pub fn reopen_year(&mut self, year: YearRef, reason: &str) -> Result<()> {
        let reason = sportello_core::model::required_text(reason, 500).map_err(|msg| {
            let mut e = FormErrors::default();
            e.add("reason", msg);
            ArchiveError::Invalid(e)
        })?;
        let (contract, cy) = self.contract_year(year)?;
        self.write(|w| w.reopen_year(contract.id, cy, &reason))
    }

    /// The hours page: the contract year containing the requested week (today's by default),
    /// that week day by day, a month's entries, each month's totals, the statements issued.
    pub fn hours_view(
        &self,
        request: &HoursRequest,
        today: NaiveDate,
    ) -> Result<Option<HoursView>> {
        let week_of = request.week_of.unwrap_or(today);
        let Some(contract) = self.contract_on(week_of)? else {
            return Ok(None);
        };
        let year = contract.terms.year_containing(week_of);
        let summary = self.ledger_of(&contract, year, today)?;
        let calendar = calendar_of(&contract);
        let week = Week::of(week_of);
        let mut days = Vec::new();
        let mut week_total = Minutes::ZERO;
        for date in week.monday().iter_days().take(7) {
            let entries = records::time_entries(&self.conn, date, date)?;
            let billable: Minutes = entries
                .iter()
                .filter(|e| e.data.billable)
                .map(|e| e.data.minutes)
                .sum();
            let not_billable: Minutes = entries
                .iter()
                .filter(|e| !e.data.billable)
                .map(|e| e.data.minutes)
                .sum();
            week_total += billable;
            days.push(DayHours {
                date,
                billable,
                not_billable,
                closed: calendar.closed_because(date).map(|c| match c {
                    ClosedBecause::Holiday(name) | ClosedBecause::Closure(name) => name,
                    ClosedBecause::PatronSaint => "Santo patrono".to_string(),
                }),
            });
        }
        let (my, mm) = request.month.unwrap_or((week_of.year(), week_of.month()));
        let (first, next) = month_bounds(my, mm).ok_or_else(bad_month)?;
        let entries =
            records::time_entry_lines(&self.conn, first, next.pred_opt().unwrap_or(next))?;
        let month_by_operator =
            minutes_by_operator(&records::statement_entries(&self.conn, first, next)?);
        let year_by_operator = minutes_by_operator(&records::statement_entries(
            &self.conn, year.start, year.end,
        )?);
        let mut months = Vec::new();
        let mut month_start =
            NaiveDate::from_ymd_opt(year.start.year(), year.start.month(), 1).unwrap_or(year.start);
        while month_start < year.end {
            let next_month = month_start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(year.end);
            let from = month_start.max(year.start);
            let to = next_month.min(year.end).pred_opt().unwrap_or(from);
            let list = records::ledger_entries(&self.conn, from, to.succ_opt().unwrap_or(to))?;
            months.push(MonthHours {
                year: month_start.year(),
                month: month_start.month(),
                billable: list.iter().filter(|e| e.billable).map(|e| e.minutes).sum(),
                not_billable: list.iter().filter(|e| !e.billable).map(|e| e.minutes).sum(),
            });
            month_start = next_month;
        }
        Ok(Some(HoursView {
            year: YearRef {
                contract: contract.id,
                year_start: year.start,
            },
            today,
            comune: contract.terms.comune.clone(),
            locked_on: records::year_locked_on(&self.conn, &contract, year)?,
            billable_kinds: contract.terms.billable_kinds.clone(),
            month_by_operator,
            year_by_operator,
            months,
            week_monday: week.monday(),
            week: days,
            week_total,
            week_note: records::week_note(&self.conn, week)?,
            month: (my, mm),
            entries,
            issued: records::issued_statements(&self.conn, contract.id, year)?,
            summary,
        }))
    }
}

/// Eight hex digits of a fresh UUIDv7's random part: a document's id.
/// The short, unique tail of a document id (`RM-2026-03-4F2A9C1B`).
pub(crate) fn short_id() -> String {
    let id = Uuid::now_v7().simple().to_string().to_uppercase();
    id[id.len() - 8..].to_string()
}

fn bad_month() -> ArchiveError {
    let mut e = FormErrors::default();
    e.add("month", Msg::DateFormat);
    ArchiveError::Invalid(e)
}
