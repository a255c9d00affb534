//! The papers the comune pays by: the monthly statement (rendiconto mensile) and the yearly
//! reconciliation (riconciliazione annuale), computed from the time entries. Money is rounded
//! once: a statement section's amount on its minutes, the year's delivered amount on the
//! year's minutes; what was invoiced is the sum of the statements as they were issued.

use crate::category::TimeKind;
use crate::ledger::{week_totals, LedgerEntry, Week, WeekUsage};
use crate::model::{ContractTerms, ContractYear, VatRegime};
use crate::units::{Cents, Minutes};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a statement needs of a time entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementEntry {
    pub date: NaiveDate,
    pub minutes: Minutes,
    pub kind: TimeKind,
    pub billable: bool,
    /// Who recorded it (the operator who delivered the time); empty when not known.
    #[serde(default)]
    pub operator: String,
}

impl StatementEntry {
    fn ledger(&self) -> LedgerEntry {
        LedgerEntry {
            date: self.date,
            minutes: self.minutes,
            billable: self.billable,
        }
    }
}

/// One day of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayLine {
    pub date: NaiveDate,
    /// Billable time with people (colloqui at the desk or at home).
    pub front_office: Minutes,
    /// Billable time behind the scenes (documentation, calls, network, meetings…).
    pub back_office: Minutes,
    pub not_billable: Minutes,
}

impl DayLine {
    pub fn billable(&self) -> Minutes {
        self.front_office + self.back_office
    }
}

/// The time one operator delivered in a statement section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorMinutes {
    pub operator: String,
    pub billable: Minutes,
    pub not_billable: Minutes,
}

/// Who delivered the time of `entries`: one line per operator, the most billable time first
/// (then by name), so the statement can name who delivered the hours.
pub fn minutes_by_operator<'a>(
    entries: impl IntoIterator<Item = &'a StatementEntry>,
) -> Vec<OperatorMinutes> {
    let mut by: BTreeMap<&str, (Minutes, Minutes)> = BTreeMap::new();
    for e in entries {
        let line = by
            .entry(e.operator.as_str())
            .or_insert((Minutes::ZERO, Minutes::ZERO));
        if e.billable {
            line.0 += e.minutes;
        } else {
            line.1 += e.minutes;
        }
    }
    let mut lines: Vec<OperatorMinutes> = by
        .into_iter()
        .map(|(operator, (billable, not_billable))| OperatorMinutes {
            operator: operator.to_owned(),
            billable,
            not_billable,
        })
        .collect();
    lines.sort_by(|a, b| {
        b.billable
            .cmp(&a.billable)
            .then(a.operator.cmp(&b.operator))
    });
    lines
}

/// The part of a month that belongs to one contract year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementSection {
    pub year: ContractYear,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub rate: Cents,
    pub vat: VatRegime,
    pub days: Vec<DayLine>,
    pub front_office: Minutes,
    pub back_office: Minutes,
    pub billable: Minutes,
    pub not_billable: Minutes,
    /// Billable minutes × rate, rounded once (half-up).
    pub amount: Cents,
    pub vat_amount: Cents,
    pub total: Cents,
    pub budget: Minutes,
    /// Billable minutes of the contract year up to the section's last day.
    pub year_to_date: Minutes,
    pub remaining: Minutes,
    /// The weeks of these days over the weekly cap (whole-week totals), with their notes.
    pub weeks_over_cap: Vec<WeekUsage>,
    /// Who delivered these days' time.
    #[serde(default)]
    pub by_operator: Vec<OperatorMinutes>,
}

/// The monthly statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyStatement {
    pub year: i32,
    pub month: u32,
    pub comune: String,
    pub provider: String,
    pub cig: String,
    pub award_ref: String,
    /// One section per contract year the month touches (two when a year starts in it).
    pub sections: Vec<StatementSection>,
    pub billable: Minutes,
    pub amount: Cents,
    pub vat_amount: Cents,
    pub total: Cents,
}

/// The statement of `month` of `year` under `terms`, from the time entries of the contract
/// years the month touches (from the earliest of their starts to six days after the month, so
/// the weeks at its end are whole). `budget_of` gives each year's monte ore; `notes` the notes
/// of weeks over the cap. `None` for a month with no day in the contract.
pub fn monthly_statement(
    terms: &ContractTerms,
    year: i32,
    month: u32,
    entries: &[StatementEntry],
    budget_of: &dyn Fn(ContractYear) -> Minutes,
    notes: &BTreeMap<Week, String>,
) -> Option<MonthlyStatement> {
    let (first, next) = crate::ledger::month_bounds(year, month)?;
    let days: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|d| *d < next)
        .filter(|d| terms.in_force_on(*d))
        .collect();
    if days.is_empty() {
        return None;
    }
    let ledger: Vec<LedgerEntry> = entries.iter().map(StatementEntry::ledger).collect();
    let weeks = week_totals(&ledger);
    let mut by_year: BTreeMap<NaiveDate, Vec<NaiveDate>> = BTreeMap::new();
    for d in days {
        by_year
            .entry(terms.year_containing(d).start)
            .or_default()
            .push(d);
    }
    let mut sections = Vec::new();
    for days in by_year.values() {
        let (first_day, last_day) = (days[0], days[days.len() - 1]);
        let contract_year = terms.year_containing(first_day);
        let mut lines: BTreeMap<NaiveDate, DayLine> = BTreeMap::new();
        for e in entries
            .iter()
            .filter(|e| first_day <= e.date && e.date <= last_day)
        {
            let line = lines.entry(e.date).or_insert(DayLine {
                date: e.date,
                front_office: Minutes::ZERO,
                back_office: Minutes::ZERO,
                not_billable: Minutes::ZERO,
            });
            match (e.billable, e.kind) {
                (false, _) => line.not_billable += e.minutes,
                (true, TimeKind::FrontOffice) => line.front_office += e.minutes,
                (true, _) => line.back_office += e.minutes,
            }
        }
        let days: Vec<DayLine> = lines.into_values().collect();
        let by_operator = minutes_by_operator(
            entries
                .iter()
                .filter(|e| first_day <= e.date && e.date <= last_day),
        );
        let front_office: Minutes = days.iter().map(|d| d.front_office).sum();
        let back_office: Minutes = days.iter().map(|d| d.back_office).sum();
        let not_billable: Minutes = days.iter().map(|d| d.not_billable).sum();
        let billable = front_office + back_office;
        let amount = billable.times_rate(terms.hourly_rate);
        let vat_amount = terms.vat.vat_on(amount);
        let budget = budget_of(contract_year);
        let year_to_date: Minutes = entries
            .iter()
            .filter(|e| e.billable && contract_year.start <= e.date && e.date <= last_day)
            .map(|e| e.minutes)
            .sum();
        let weeks_over_cap = weeks
            .iter()
            .filter(|(w, _)| w.sunday() >= first_day && w.monday() <= last_day)
            .filter(|(_, m)| **m > terms.weekly_cap)
            .map(|(w, m)| WeekUsage {
                week: *w,
                monday: w.monday(),
                minutes: *m,
                in_year: ledger
                    .iter()
                    .filter(|e| {
                        e.billable && Week::of(e.date) == *w && contract_year.contains(e.date)
                    })
                    .map(|e| e.minutes)
                    .sum(),
                cap: terms.weekly_cap,
                note: notes.get(w).cloned(),
            })
            // A week past the cap is listed where it billed time.
            .filter(|w| w.in_year > Minutes::ZERO)
            .collect();
        sections.push(StatementSection {
            year: contract_year,
            first_day,
            last_day,
            rate: terms.hourly_rate,
            vat: terms.vat,
            days,
            front_office,
            back_office,
            billable,
            not_billable,
            amount,
            vat_amount,
            total: amount + vat_amount,
            budget,
            year_to_date,
            remaining: budget.saturating_sub(year_to_date),
            weeks_over_cap,
            by_operator,
        });
    }
    let billable = sections.iter().map(|s| s.billable).sum();
    let amount = Cents(sections.iter().map(|s| s.amount.get()).sum());
    let vat_amount = Cents(sections.iter().map(|s| s.vat_amount.get()).sum());
    Some(MonthlyStatement {
        year,
        month,
        comune: terms.comune.clone(),
        provider: terms.provider.clone(),
        cig: terms.cig.clone(),
        award_ref: terms.award_ref.clone(),
        sections,
        billable,
        amount,
        vat_amount,
        total: amount + vat_amount,
    })
}

/// A statement section as it was issued (recorded when the PDF was produced), for the
/// reconciliation's "invoiced".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedStatement {
    pub year: i32,
    pub month: u32,
    pub year_start: NaiveDate,
    pub minutes: Minutes,
    pub amount: Cents,
    pub vat_amount: Cents,
    pub issued_on: NaiveDate,
    pub document_id: String,
}

/// One month of the reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthLine {
    pub year: i32,
    pub month: u32,
    /// The budget's share for the month's days in the contract year (the pace the contract
    /// implies), rounded to the minute.
    pub contracted: Minutes,
    pub delivered: Minutes,
    /// As issued; `None` when no statement was issued for it.
    pub invoiced: Option<Minutes>,
    pub invoiced_amount: Option<Cents>,
    /// Delivered minus invoiced minutes (delivered when nothing was invoiced).
    pub difference: i64,
}

/// The yearly reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    pub comune: String,
    pub provider: String,
    pub cig: String,
    pub award_ref: String,
    pub year: ContractYear,
    pub budget: Minutes,
    pub rate: Cents,
    pub vat: VatRegime,
    pub months: Vec<MonthLine>,
    pub delivered: Minutes,
    pub not_billable: Minutes,
    /// The budget × rate.
    pub contracted_amount: Cents,
    /// The year's billable minutes × rate, rounded once.
    pub delivered_amount: Cents,
    /// The sum of the statements as issued.
    pub invoiced_amount: Cents,
    /// Delivered minus invoiced.
    pub difference_amount: Cents,
    /// Weeks touching the year over the weekly cap, with their notes.
    pub weeks_over_cap: Vec<WeekUsage>,
    pub locked_on: Option<NaiveDate>,
}

/// The reconciliation of contract `year` from its entries (the year and the ISO weeks at its
/// ends), the statements issued for it in the order they were issued (the latest issue of each
/// month counts: by date, and on the same date the one issued last), the notes of weeks over
/// the cap, and when it was locked.
pub fn reconciliation(
    terms: &ContractTerms,
    year: ContractYear,
    budget: Minutes,
    entries: &[StatementEntry],
    issued: &[IssuedStatement],
    notes: &BTreeMap<Week, String>,
    locked_on: Option<NaiveDate>,
) -> Reconciliation {
    let in_year = |d: NaiveDate| year.contains(d);
    let mut delivered_by_month: BTreeMap<(i32, u32), Minutes> = BTreeMap::new();
    let mut days_by_month: BTreeMap<(i32, u32), i64> = BTreeMap::new();
    for d in year.start.iter_days().take_while(|d| *d < year.end) {
        *days_by_month.entry((d.year(), d.month())).or_default() += 1;
    }
    let mut not_billable = Minutes::ZERO;
    for e in entries.iter().filter(|e| in_year(e.date)) {
        if e.billable {
            *delivered_by_month
                .entry((e.date.year(), e.date.month()))
                .or_default() += e.minutes;
        } else {
            not_billable += e.minutes;
        }
    }
    // The latest issue of each month's section of this year.
    let mut latest: BTreeMap<(i32, u32), &IssuedStatement> = BTreeMap::new();
    for s in issued.iter().filter(|s| s.year_start == year.start) {
        let key = (s.year, s.month);
        if latest.get(&key).is_none_or(|l| l.issued_on <= s.issued_on) {
            latest.insert(key, s);
        }
    }
    let total_days = year.days().max(1);
    let months: Vec<MonthLine> = days_by_month
        .iter()
        .map(|(&(y, m), &days)| {
            let delivered = delivered_by_month.get(&(y, m)).copied().unwrap_or_default();
            let invoiced = latest.get(&(y, m));
            let share = (i64::from(budget.get()) * days * 2 + total_days) / (2 * total_days);
            MonthLine {
                year: y,
                month: m,
                contracted: Minutes(u32::try_from(share).unwrap_or(0)),
                delivered,
                invoiced: invoiced.map(|s| s.minutes),
                invoiced_amount: invoiced.map(|s| s.amount),
                difference: i64::from(delivered.get())
                    - invoiced.map_or(0, |s| i64::from(s.minutes.get())),
            }
        })
        .collect();
    let delivered: Minutes = months.iter().map(|m| m.delivered).sum();
    let delivered_amount = delivered.times_rate(terms.hourly_rate);
    let invoiced_amount = Cents(latest.values().map(|s| s.amount.get()).sum());
    let ledger: Vec<LedgerEntry> = entries.iter().map(StatementEntry::ledger).collect();
    let weeks_over_cap = week_totals(&ledger)
        .into_iter()
        .filter(|(w, m)| w.sunday() >= year.start && w.monday() < year.end && *m > terms.weekly_cap)
        .map(|(w, m)| WeekUsage {
            week: w,
            monday: w.monday(),
            minutes: m,
            in_year: ledger
                .iter()
                .filter(|e| e.billable && Week::of(e.date) == w && in_year(e.date))
                .map(|e| e.minutes)
                .sum(),
            cap: terms.weekly_cap,
            note: notes.get(&w).cloned(),
        })
        .filter(|w| w.in_year > Minutes::ZERO)
        .collect();
    Reconciliation {
        comune: terms.comune.clone(),
        provider: terms.provider.clone(),
        cig: terms.cig.clone(),
        award_ref: terms.award_ref.clone(),
        year,
        budget,
        rate: terms.hourly_rate,
        vat: terms.vat,
        months,
        delivered,
        not_billable,
        contracted_amount: budget.times_rate(terms.hourly_rate),
        delivered_amount,
        invoiced_amount,
        difference_amount: Cents(delivered_amount.get() - invoiced_amount.get()),
        weeks_over_cap,
        locked_on,
    }
}

/// The identity of a produced document: printed on each page (with "Pagina n di m"), and the
/// PDF's own /ID, so that the same figures and the same identity give the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// A short identifier, e.g. `RM-2026-03-4F2A9C1B` (letters, digits, hyphens).
    pub id: String,
    /// The day the document is produced.
    pub date: NaiveDate,
    /// The heading's first line (the comune).
    pub issuer: String,
    pub title: String,
    /// The period it covers, as shown.
    pub period: String,
    /// The comune's coat of arms printed in the heading, when set: its SHA-256 (kept with the
    /// document; the image itself is kept once in the archive)…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_sha256: Option<String>,
    /// …and its PNG bytes, filled in by the archive to draw it (never serialized).
    #[serde(skip)]
    pub logo_png: Option<Vec<u8>>,
}

/// "Marzo 2026".
pub fn month_title(year: i32, month: u32) -> String {
    let name = month_name_it(month);
    let mut chars = name.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{first}{} {year}", chars.as_str())
}

/// The name of a month in Italian, for headings.
pub fn month_name_it(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn terms() -> ContractTerms {
        crate::model::tests::good_contract().parse().expect("valid")
    }

    fn e(date: NaiveDate, minutes: u32, kind: TimeKind, billable: bool) -> StatementEntry {
        StatementEntry {
            date,
            minutes: Minutes(minutes),
            kind,
            billable,
            operator: "Anna Rossi".into(),
        }
    }

    #[test]
    fn a_month_with_front_and_back_office_rounded_once() {
        let t = terms();
        let entries = [
            e(d(2026, 3, 3), 40, TimeKind::FrontOffice, true),
            e(d(2026, 3, 3), 25, TimeKind::FrontOffice, true),
            e(d(2026, 3, 5), 20, TimeKind::PhoneCalls, true),
            e(d(2026, 3, 5), 60, TimeKind::Training, false),
            e(d(2026, 4, 1), 30, TimeKind::FrontOffice, true), // next month
        ];
        let s = monthly_statement(
            &t,
            2026,
            3,
            &entries,
            &|y| t.year_budget(y),
            &BTreeMap::new(),
        )
        .expect("statement");
        assert_eq!(s.sections.len(), 1);
        let sec = &s.sections[0];
        assert_eq!(sec.days.len(), 2);
        assert_eq!(
            (sec.front_office, sec.back_office),
            (Minutes(65), Minutes(20))
        );
        assert_eq!((sec.billable, sec.not_billable), (Minutes(85), Minutes(60)));
        // 85 minutes × 23,00 € = 32,583… → 32,58 €, rounded once on the month.
        assert_eq!(sec.amount, Cents(3258));
        assert_eq!(sec.vat_amount, Cents(0));
        assert_eq!(sec.year_to_date, Minutes(85));
        assert_eq!(sec.remaining, Minutes(178 * 60 - 85));
        assert_eq!(s.total, Cents(3258));
    }

    #[test]
    fn a_statement_names_who_delivered_the_hours() {
        let t = terms();
        let by = |name: &str, mut x: StatementEntry| {
            x.operator = name.into();
            x
        };
        let entries = [
            by(
                "Anna Rossi",
                e(d(2026, 3, 3), 40, TimeKind::FrontOffice, true),
            ),
            by(
                "Laura Bianchi",
                e(d(2026, 3, 10), 90, TimeKind::FrontOffice, true),
            ),
            by(
                "Laura Bianchi",
                e(d(2026, 3, 10), 30, TimeKind::Training, false),
            ),
            by(
                "Anna Rossi",
                e(d(2026, 3, 12), 20, TimeKind::PhoneCalls, true),
            ),
            // Another month: not in March's lines.
            by(
                "Marta Verdi",
                e(d(2026, 4, 1), 30, TimeKind::FrontOffice, true),
            ),
        ];
        let s = monthly_statement(
            &t,
            2026,
            3,
            &entries,
            &|y| t.year_budget(y),
            &BTreeMap::new(),
        )
        .expect("statement");
        let lines: Vec<(&str, u32, u32)> = s.sections[0]
            .by_operator
            .iter()
            .map(|o| (o.operator.as_str(), o.billable.get(), o.not_billable.get()))
            .collect();
        assert_eq!(lines, [("Laura Bianchi", 90, 30), ("Anna Rossi", 60, 0)]);
        let billable: Minutes = s.sections[0].by_operator.iter().map(|o| o.billable).sum();
        assert_eq!(billable, s.sections[0].billable);
    }

    /// A contract whose years start on 15 March splits March in two sections.
    #[test]
    fn a_month_across_two_contract_years_has_two_sections() {
        let t = ContractTerms {
            year_start: d(2025, 3, 15),
            start: d(2025, 3, 15),
            ..terms()
        };
        let entries = [
            e(d(2026, 3, 10), 60, TimeKind::FrontOffice, true),
            e(d(2026, 3, 17), 90, TimeKind::FrontOffice, true),
        ];
        let s = monthly_statement(
            &t,
            2026,
            3,
            &entries,
            &|y| t.year_budget(y),
            &BTreeMap::new(),
        )
        .expect("statement");
        assert_eq!(s.sections.len(), 2);
        assert_eq!(s.sections[0].year.start, d(2025, 3, 15));
        assert_eq!(s.sections[0].last_day, d(2026, 3, 14));
        assert_eq!(s.sections[1].first_day, d(2026, 3, 15));
        assert_eq!(s.sections[0].billable, Minutes(60));
        assert_eq!(s.sections[1].billable, Minutes(90));
        assert_eq!(
            s.sections[1].year_to_date,
            Minutes(90),
            "a new year starts from zero"
        );
        assert_eq!(s.billable, Minutes(150));
    }

    #[test]
    fn the_reconciliation_compares_contracted_delivered_and_invoiced() {
        let t = ContractTerms {
            vat: VatRegime::Rate { basis_points: 500 },
            ..terms()
        };
        let year = t.year_containing(d(2026, 6, 1));
        let entries = [
            e(d(2026, 3, 3), 61, TimeKind::FrontOffice, true),
            e(d(2026, 4, 7), 59, TimeKind::Documentation, true),
            e(d(2026, 4, 8), 30, TimeKind::Training, false),
        ];
        let issued = [
            IssuedStatement {
                year: 2026,
                month: 3,
                year_start: year.start,
                minutes: Minutes(60),
                amount: Cents(2300),
                vat_amount: Cents(115),
                issued_on: d(2026, 4, 2),
                document_id: "z".into(),
            },
            // Re-issued the same day after a correction: the later one counts, whatever its id.
            IssuedStatement {
                year: 2026,
                month: 3,
                year_start: year.start,
                minutes: Minutes(61),
                amount: Cents(2338),
                vat_amount: Cents(117),
                issued_on: d(2026, 4, 2),
                document_id: "a".into(),
            },
            // Listed last but dated earlier: it does not replace a later issue.
            IssuedStatement {
                year: 2026,
                month: 3,
                year_start: year.start,
                minutes: Minutes(59),
                amount: Cents(2262),
                vat_amount: Cents(113),
                issued_on: d(2026, 4, 1),
                document_id: "m".into(),
            },
        ];
        let r = reconciliation(
            &t,
            year,
            t.year_budget(year),
            &entries,
            &issued,
            &BTreeMap::new(),
            None,
        );
        assert_eq!(r.months.len(), 12);
        assert_eq!(r.delivered, Minutes(120));
        assert_eq!(r.not_billable, Minutes(30));
        // 120 minutes × 23 € = 46,00 €, rounded once on the year.
        assert_eq!(r.delivered_amount, Cents(4600));
        assert_eq!(r.invoiced_amount, Cents(2338));
        assert_eq!(r.difference_amount, Cents(4600 - 2338));
        assert_eq!(r.months[0].invoiced, Some(Minutes(61)));
        assert_eq!(r.months[0].difference, 0);
        assert_eq!(r.months[1].invoiced, None);
        assert_eq!(r.months[1].difference, 59);
        let contracted: u32 = r.months.iter().map(|m| m.contracted.get()).sum();
        assert!(
            (i64::from(contracted) - 178 * 60).abs() <= 12,
            "{contracted}"
        );
        assert_eq!(month_name_it(3), "marzo");
        assert_eq!(month_title(2027, 12), "Dicembre 2027");
    }
}
