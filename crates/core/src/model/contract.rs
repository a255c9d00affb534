//! The contract (convenzione) between the comune and the provider: its terms, its contract
//! years, the desk's opening slots and closures.

use super::required_text;
use crate::category::TimeKind;
use crate::format;
use crate::ids::ContractId;
use crate::messages::{FormErrors, Msg};
use crate::units::{Cents, Minutes};
use chrono::{Datelike, Months, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// VAT treatment of the hourly rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VatRegime {
    /// Esente IVA (e.g. art. 10 DPR 633/72 for social services by a cooperativa sociale).
    Exempt,
    /// A rate in basis points (500 = 5%, 2200 = 22%).
    Rate { basis_points: u32 },
}

impl VatRegime {
    /// `esente` (or nothing), or a rate in percent: `22`, `22%`, `4,5`.
    pub fn parse(input: &str) -> Result<VatRegime, Msg> {
        let s = input.trim().trim_end_matches('%').trim().to_lowercase();
        if s.is_empty() || s == "esente" || s == "exempt" {
            return Ok(VatRegime::Exempt);
        }
        // A percentage with up to two decimals, read as hundredths of a percent.
        let cents = format::parse_euro(&s).map_err(|_| Msg::VatFormat)?;
        match u32::try_from(cents.get()) {
            Ok(0) => Ok(VatRegime::Exempt),
            Ok(bp) if bp <= 10_000 => Ok(VatRegime::Rate { basis_points: bp }),
            _ => Err(Msg::VatFormat),
        }
    }

    /// `esente` or `22%` / `4,5%`.
    pub fn to_text(self) -> String {
        match self {
            VatRegime::Exempt => "esente".into(),
            VatRegime::Rate { basis_points } if basis_points % 100 == 0 => {
                format!("{}%", basis_points / 100)
            }
            VatRegime::Rate { basis_points } => {
                let decimals = format!("{:02}", basis_points % 100);
                format!("{},{}%", basis_points / 100, decimals.trim_end_matches('0'))
            }
        }
    }

    /// The VAT on `amount`, rounded half-up to the cent.
    pub fn vat_on(self, amount: Cents) -> Cents {
        match self {
            VatRegime::Exempt => Cents(0),
            VatRegime::Rate { basis_points } => {
                Cents((amount.get() * i64::from(basis_points) * 2 + 10_000) / 20_000)
            }
        }
    }
}

/// A weekly opening slot of the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningSlot {
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl OpeningSlot {
    pub fn minutes(&self) -> Minutes {
        let secs = (self.end - self.start).num_seconds().max(0);
        Minutes(u32::try_from(secs / 60).unwrap_or(0))
    }

    /// Parses `mar 09:00-13:00` (Italian or English weekday, full or abbreviated).
    pub fn parse(input: &str) -> Result<OpeningSlot, Msg> {
        let s = input.trim();
        let (day, times) = s.split_once(char::is_whitespace).ok_or(Msg::SlotFormat)?;
        let weekday = parse_weekday(day).ok_or(Msg::SlotFormat)?;
        let (start, end) = times.trim().split_once('-').ok_or(Msg::SlotFormat)?;
        let start = format::parse_time(start).map_err(|_| Msg::SlotFormat)?;
        let end = format::parse_time(end).map_err(|_| Msg::SlotFormat)?;
        if end <= start {
            return Err(Msg::SlotEndBeforeStart);
        }
        Ok(OpeningSlot {
            weekday,
            start,
            end,
        })
    }

    /// `mar 09:00-13:00`
    pub fn to_text(&self) -> String {
        format!(
            "{} {}-{}",
            weekday_it(self.weekday),
            format::time(self.start),
            format::time(self.end)
        )
    }
}

/// Three-letter Italian weekday, as in `mar 09:00-13:00`.
pub fn weekday_it(day: Weekday) -> &'static str {
    ["lun", "mar", "mer", "gio", "ven", "sab", "dom"][day.num_days_from_monday() as usize]
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_lowercase();
    let prefix: String = s.chars().take(3).collect();
    let it = ["lun", "mar", "mer", "gio", "ven", "sab", "dom"];
    let en = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let index = it
        .iter()
        .position(|d| *d == prefix)
        .or_else(|| en.iter().position(|d| *d == prefix))?;
    Weekday::try_from(u8::try_from(index).ok()?).ok()
}

/// A period when the desk is closed (e.g. August).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
}

impl Closure {
    /// Parses `01/08/2026-31/08/2026 ferie estive` (a single day: `08/12/2026 ponte`).
    pub fn parse(input: &str) -> Result<Closure, Msg> {
        // "01/08/2026 - 31/08/2026" is written with spaces too.
        let joined = input
            .trim()
            .replacen(" - ", "-", 1)
            .replacen(" -", "-", 1)
            .replacen("- ", "-", 1);
        let s = joined.as_str();
        let (dates, reason) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
        let (from, to) = dates.split_once('-').unwrap_or((dates, dates));
        let from = format::parse_date(from)?;
        let to = format::parse_date(to)?;
        if to < from {
            return Err(Msg::EndBeforeStart);
        }
        Ok(Closure {
            from,
            to,
            reason: super::optional_text(reason, 100)?,
        })
    }

    /// `01/08/2026-31/08/2026 ferie estive`
    pub fn to_text(&self) -> String {
        let dates = if self.from == self.to {
            format::date(self.from)
        } else {
            format!("{}-{}", format::date(self.from), format::date(self.to))
        };
        format!("{dates} {}", self.reason).trim().to_string()
    }
}

/// The terms of the contract between the comune and the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractTerms {
    pub comune: String,
    pub provider: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The first day of the first contract year; later years start on its anniversaries.
    pub year_start: NaiveDate,
    pub yearly_budget: Minutes,
    pub hourly_rate: Cents,
    pub vat: VatRegime,
    pub weekly_cap: Minutes,
    pub opening_slots: Vec<OpeningSlot>,
    pub closures: Vec<Closure>,
    /// The kinds of time billed by default (contracts often include training, say, in the
    /// rate); each entry can still be marked otherwise.
    pub billable_kinds: Vec<TimeKind>,
    /// The tender's CIG (codice identificativo gara), printed on the statements.
    pub cig: String,
    /// The act that awarded the contract (e.g. "Determina n. 123 del 15/02/2025").
    pub award_ref: String,
    /// The comune's patron saint's day (month, day): a holiday there.
    pub patron_saint: Option<(u32, u32)>,
}

/// The kinds billed unless the contract says otherwise: all but training.
pub fn default_billable_kinds() -> Vec<TimeKind> {
    TimeKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != TimeKind::Training)
        .collect()
}

/// A contract year: `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractYear {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl ContractYear {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d < self.end
    }

    /// The last day that belongs to the year.
    pub fn last_day(&self) -> NaiveDate {
        self.end.pred_opt().unwrap_or(self.end)
    }
}

impl ContractYear {
    /// Its days.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }
}

impl ContractTerms {
    /// Is the contract in force on `date`?
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Is `kind` billed by default under this contract?
    pub fn bills(&self, kind: TimeKind) -> bool {
        self.billable_kinds.contains(&kind)
    }

    /// The contract year that contains `date`: from an anniversary of `year_start` to the next,
    /// cut short by the contract's end (years before `year_start` count backwards).
    pub fn year_containing(&self, date: NaiveDate) -> ContractYear {
        let full = self.full_year_containing(date);
        let end_of_contract = self.end.succ_opt().unwrap_or(self.end);
        ContractYear {
            start: full.start,
            end: if full.start < end_of_contract {
                full.end.min(end_of_contract)
            } else {
                full.end
            },
        }
    }

    /// The monte ore of a year: the yearly budget, pro rata to its days when the contract's end
    /// cuts it short (rounded half-up to the minute).
    pub fn year_budget(&self, year: ContractYear) -> Minutes {
        let full = self.full_year_containing(year.start);
        let (days, full_days) = (year.days().max(0) as u64, full.days().max(1) as u64);
        if days >= full_days {
            return self.yearly_budget;
        }
        let minutes =
            (u64::from(self.yearly_budget.get()) * days * 2 + full_days) / (2 * full_days);
        Minutes(u32::try_from(minutes).unwrap_or(u32::MAX))
    }

    fn full_year_containing(&self, date: NaiveDate) -> ContractYear {
        let mut k: i32 = date.year() - self.year_start.year();
        let start_of = |k: i32| -> NaiveDate {
            let months = Months::new(12 * k.unsigned_abs());
            let shifted = if k >= 0 {
                self.year_start.checked_add_months(months)
            } else {
                self.year_start.checked_sub_months(months)
            };
            shifted.unwrap_or(self.year_start)
        };
        while start_of(k) > date {
            k -= 1;
        }
        while start_of(k + 1) <= date {
            k += 1;
        }
        ContractYear {
            start: start_of(k),
            end: start_of(k + 1),
        }
    }

    pub fn is_closed_on(&self, date: NaiveDate) -> bool {
        self.closures.iter().any(|c| c.from <= date && date <= c.to)
    }
}

/// A stored contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub id: ContractId,
    pub terms: ContractTerms,
}

/// The contract as typed in the first-run wizard or in the settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractForm {
    pub comune: String,
    pub provider: String,
    pub start: String,
    pub end: String,
    pub year_start: String,
    pub yearly_hours: String,
    pub hourly_rate: String,
    /// `esente`, or the VAT rate in percent (`22`, `5`, `4,5`).
    pub vat: String,
    pub weekly_cap_hours: String,
    /// One slot per line, `mar 09:00-13:00`.
    pub opening_slots: String,
    pub cig: String,
    pub award_ref: String,
    /// `gg/mm`, e.g. `24/06`.
    pub patron_saint: String,
    /// One closure per line: `01/08/2026-31/08/2026 ferie estive` (the reason optional).
    #[serde(default)]
    pub closures: String,
}

/// The largest yearly budget accepted: 52 weeks of 40 hours.
const MAX_YEARLY_HOURS: u32 = 2080;

impl ContractForm {
    pub fn parse(&self) -> Result<ContractTerms, FormErrors> {
        let mut e = FormErrors::default();
        let comune = e.check("comune", required_text(&self.comune, 200));
        let provider = e.check("provider", required_text(&self.provider, 200));
        let start = e.check("start", format::parse_date(&self.start));
        let end = e.check("end", format::parse_date(&self.end));
        let year_start = if self.year_start.trim().is_empty() {
            start
        } else {
            e.check("year_start", format::parse_date(&self.year_start))
        };
        let yearly_budget = e.check(
            "yearly_hours",
            format::parse_hours(&self.yearly_hours)
                .and_then(|m| positive_hours(m, MAX_YEARLY_HOURS)),
        );
        let hourly_rate = e.check("hourly_rate", format::parse_euro(&self.hourly_rate));
        let vat = e.check("vat", VatRegime::parse(&self.vat));
        let cig = e.check("cig", super::optional_text(&self.cig, 20));
        let award_ref = e.check("award_ref", super::optional_text(&self.award_ref, 200));
        let patron_saint = e.check("patron_saint", parse_day_of_year(&self.patron_saint));
        let weekly_cap = e.check(
            "weekly_cap_hours",
            format::parse_hours(&self.weekly_cap_hours).and_then(|m| positive_hours(m, 40)),
        );
        let mut opening_slots = Vec::new();
        for line in self.opening_slots.lines().filter(|l| !l.trim().is_empty()) {
            match OpeningSlot::parse(line) {
                Ok(slot) => opening_slots.push(slot),
                Err(msg) => {
                    e.add("opening_slots", msg);
                    break;
                }
            }
        }
        let mut closures = Vec::new();
        for line in self.closures.lines().filter(|l| !l.trim().is_empty()) {
            match Closure::parse(line) {
                Ok(c) => closures.push(c),
                Err(msg) => {
                    e.add("closures", msg);
                    break;
                }
            }
        }
        if let (Some(s), Some(en)) = (start, end) {
            if en <= s {
                e.add("end", Msg::EndBeforeStart);
            }
        }
        if let (Some(cap), Some(budget)) = (weekly_cap, yearly_budget) {
            if cap > budget {
                e.add("weekly_cap_hours", Msg::WeeklyCapAboveBudget);
            }
        }
        match (
            comune,
            provider,
            start,
            end,
            year_start,
            yearly_budget,
            hourly_rate,
            weekly_cap,
            vat,
            cig,
            award_ref,
            patron_saint,
        ) {
            (
                Some(comune),
                Some(provider),
                Some(start),
                Some(end),
                Some(year_start),
                Some(yearly_budget),
                Some(hourly_rate),
                Some(weekly_cap),
                Some(vat),
                Some(cig),
                Some(award_ref),
                Some(patron_saint),
            ) if e.is_empty() => Ok(ContractTerms {
                comune,
                provider,
                start,
                end,
                year_start,
                yearly_budget,
                hourly_rate,
                vat,
                weekly_cap,
                opening_slots,
                closures,
                billable_kinds: default_billable_kinds(),
                cig,
                award_ref,
                patron_saint,
            }),
            _ => Err(e),
        }
    }
}

/// `gg/mm` (a day of every year), or nothing.
fn parse_day_of_year(input: &str) -> Result<Option<(u32, u32)>, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let (d, m) = s.split_once(['/', '-', '.']).ok_or(Msg::DateFormat)?;
    let (d, m): (u32, u32) = (
        d.trim().parse().map_err(|_| Msg::DateFormat)?,
        m.trim().parse().map_err(|_| Msg::DateFormat)?,
    );
    // Valid in a leap year: 29/02 is a day some years have.
    NaiveDate::from_ymd_opt(2028, m, d)
        .map(|_| Some((m, d)))
        .ok_or(Msg::DateFormat)
}

fn positive_hours(m: Minutes, max_hours: u32) -> Result<Minutes, Msg> {
    if m.0 == 0 {
        Err(Msg::HoursZero)
    } else if m.0 > max_hours * 60 {
        Err(Msg::HoursTooMany { max_hours })
    } else {
        Ok(m)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    /// The contract the tests use: 178 h at 23,00 €, 4 h a week, years from 1 March.
    pub(crate) fn good_contract() -> ContractForm {
        ContractForm {
            comune: "Comune di Roccaverde".into(),
            provider: "Cooperativa Sociale Il Ponte".into(),
            start: "01/03/2025".into(),
            end: "28/02/2028".into(),
            year_start: "01/03/2025".into(),
            yearly_hours: "178".into(),
            hourly_rate: "23,00".into(),
            vat: "esente".into(),
            weekly_cap_hours: "4".into(),
            opening_slots: "mar 09:00-13:00".into(),
            cig: "Z1A2B3C4D5".into(),
            award_ref: "Determina n. 45 del 15/02/2025".into(),
            patron_saint: "24/06".into(),
            closures: String::new(),
        }
    }

    #[test]
    fn closures_are_typed_one_per_line_and_refused_when_backwards() {
        let terms = ContractForm {
            closures: "01/08/2026-31/08/2026 ferie estive\n\n08/12/2026 ponte".into(),
            ..good_contract()
        }
        .parse()
        .expect("valid");
        assert_eq!(terms.closures.len(), 2);
        assert_eq!(
            terms.closures[0].to_text(),
            "01/08/2026-31/08/2026 ferie estive"
        );
        assert_eq!(terms.closures[1].from, terms.closures[1].to);
        assert_eq!(terms.closures[1].to_text(), "08/12/2026 ponte");
        let e = ContractForm {
            closures: "31/08/2026-01/08/2026".into(),
            ..good_contract()
        }
        .parse()
        .expect_err("refused");
        assert_eq!(e.for_field("closures"), Some(&Msg::EndBeforeStart));
        let spaced = Closure::parse("01/08/2026 - 31/08/2026 ferie").expect("spaced");
        assert_eq!(
            (spaced.to_text(), spaced.reason),
            ("01/08/2026-31/08/2026 ferie".into(), "ferie".into())
        );
        let e = ContractForm {
            closures: "agosto".into(),
            ..good_contract()
        }
        .parse()
        .expect_err("refused");
        assert_eq!(e.for_field("closures"), Some(&Msg::DateFormat));
    }

    #[test]
    fn contract_form_parses() {
        let terms = good_contract().parse().expect("valid");
        assert_eq!(terms.yearly_budget, Minutes(178 * 60));
        assert_eq!(terms.hourly_rate, Cents(2300));
        assert_eq!(terms.weekly_cap, Minutes(240));
        assert_eq!(terms.opening_slots[0].weekday, Weekday::Tue);
        assert_eq!(terms.opening_slots[0].minutes(), Minutes(240));
        assert_eq!(terms.opening_slots[0].to_text(), "mar 09:00-13:00");
    }

    #[test]
    fn contract_form_reports_every_bad_field() {
        let form = ContractForm {
            comune: " ".into(),
            end: "01/01/2025".into(),
            yearly_hours: "0".into(),
            hourly_rate: "ventitre".into(),
            weekly_cap_hours: "50".into(),
            opening_slots: "mar 13:00-09:00".into(),
            ..good_contract()
        };
        let errors = form.parse().expect_err("invalid");
        assert_eq!(errors.for_field("comune"), Some(&Msg::Required));
        assert_eq!(errors.for_field("end"), Some(&Msg::EndBeforeStart));
        assert_eq!(errors.for_field("yearly_hours"), Some(&Msg::HoursZero));
        assert_eq!(errors.for_field("hourly_rate"), Some(&Msg::MoneyFormat));
        assert_eq!(
            errors.for_field("weekly_cap_hours"),
            Some(&Msg::HoursTooMany { max_hours: 40 })
        );
        assert_eq!(
            errors.for_field("opening_slots"),
            Some(&Msg::SlotEndBeforeStart)
        );
        assert_eq!(errors.for_field("provider"), None);
        assert_eq!(Msg::Required.text(crate::Lang::It), "Campo obbligatorio.");
    }

    #[test]
    fn contract_years_follow_their_own_start() {
        let terms = good_contract().parse().expect("valid");
        let y = terms.year_containing(d(2026, 2, 28));
        assert_eq!((y.start, y.end), (d(2025, 3, 1), d(2026, 3, 1)));
        let y = terms.year_containing(d(2026, 3, 1));
        assert_eq!((y.start, y.end), (d(2026, 3, 1), d(2027, 3, 1)));
        let y = terms.year_containing(d(2024, 12, 31));
        assert_eq!((y.start, y.end), (d(2024, 3, 1), d(2025, 3, 1)));
        assert_eq!(y.last_day(), d(2025, 2, 28));
    }

    #[test]
    fn vat_is_exempt_or_a_rate() {
        for (typed, regime, text) in [
            ("esente", VatRegime::Exempt, "esente"),
            ("", VatRegime::Exempt, "esente"),
            ("22", VatRegime::Rate { basis_points: 2200 }, "22%"),
            ("22%", VatRegime::Rate { basis_points: 2200 }, "22%"),
            ("4,5", VatRegime::Rate { basis_points: 450 }, "4,5%"),
            ("5", VatRegime::Rate { basis_points: 500 }, "5%"),
        ] {
            assert_eq!(VatRegime::parse(typed), Ok(regime), "{typed}");
            assert_eq!(regime.to_text(), text);
        }
        assert_eq!(VatRegime::parse("ventidue"), Err(Msg::VatFormat));
        assert_eq!(VatRegime::parse("120"), Err(Msg::VatFormat));
        // Half-up on the cent: 5% of 40,94 € = 2,047 → 2,05 €.
        assert_eq!(
            VatRegime::Rate { basis_points: 500 }.vat_on(Cents(4094)),
            Cents(205)
        );
        assert_eq!(VatRegime::Exempt.vat_on(Cents(4094)), Cents(0));
    }

    #[test]
    fn a_year_cut_short_has_its_budget_pro_rata() {
        let terms = ContractForm {
            end: "31/08/2027".into(),
            ..good_contract()
        }
        .parse()
        .expect("valid");
        let full = terms.year_containing(d(2026, 3, 1));
        assert_eq!((full.start, full.end), (d(2026, 3, 1), d(2027, 3, 1)));
        assert_eq!(terms.year_budget(full), Minutes(178 * 60));
        // The last year runs 01/03/2027 – 31/08/2027: 184 days of 366 (2028 is leap).
        let last = terms.year_containing(d(2027, 5, 1));
        assert_eq!((last.start, last.end), (d(2027, 3, 1), d(2027, 9, 1)));
        assert_eq!(last.days(), 184);
        assert_eq!(
            terms.year_budget(last),
            Minutes((178 * 60 * 184 * 2 + 366) / (2 * 366))
        );
        assert!(terms.in_force_on(d(2027, 8, 31)) && !terms.in_force_on(d(2027, 9, 1)));
        assert!(!terms.bills(TimeKind::Training) && terms.bills(TimeKind::PhoneCalls));
        assert_eq!(terms.patron_saint, Some((6, 24)));
        let bad = ContractForm {
            patron_saint: "31/06".into(),
            ..good_contract()
        };
        assert_eq!(
            bad.parse().expect_err("bad").for_field("patron_saint"),
            Some(&Msg::DateFormat)
        );
    }
}
