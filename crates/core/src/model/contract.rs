//! The contract (convenzione) between the comune and the provider: its terms, its contract
//! years, the desk's opening slots and closures.

use super::required_text;
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

impl ContractTerms {
    /// The contract year that contains `date` (years before `year_start` count backwards).
    pub fn year_containing(&self, date: NaiveDate) -> ContractYear {
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
    pub vat_exempt: bool,
    pub weekly_cap_hours: String,
    /// One slot per line, `mar 09:00-13:00`.
    pub opening_slots: String,
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
            ) if e.is_empty() => Ok(ContractTerms {
                comune,
                provider,
                start,
                end,
                year_start,
                yearly_budget,
                hourly_rate,
                vat: if self.vat_exempt {
                    VatRegime::Exempt
                } else {
                    VatRegime::Rate { basis_points: 2200 }
                },
                weekly_cap,
                opening_slots,
                closures: Vec::new(),
            }),
            _ => Err(e),
        }
    }
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
            vat_exempt: true,
            weekly_cap_hours: "4".into(),
            opening_slots: "mar 09:00-13:00".into(),
        }
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
}
