//! Hours against the monte ore. Sums are exact (minutes); rounding happens only when shown.

use crate::model::{ContractTerms, ContractYear};
use crate::units::{Cents, Minutes};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the ledger needs of a time entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerEntry {
    pub date: NaiveDate,
    pub minutes: Minutes,
    pub billable: bool,
}

/// Billable time in one ISO week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekUsage {
    pub iso_year: i32,
    pub iso_week: u32,
    pub monday: NaiveDate,
    pub minutes: Minutes,
    pub cap: Minutes,
}

impl WeekUsage {
    pub fn over_cap(&self) -> bool {
        self.minutes > self.cap
    }
}

/// The state of one contract year at a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearSummary {
    pub year: ContractYear,
    pub budget: Minutes,
    /// Billable minutes in the year (up to any day, including future-dated entries).
    pub used: Minutes,
    pub remaining: Minutes,
    /// Billable minutes beyond the budget, if any.
    pub over_budget: Minutes,
    pub amount_used: Cents,
    pub this_week: WeekUsage,
    /// Weeks of the year whose billable time exceeds the weekly cap.
    pub weeks_over_cap: Vec<WeekUsage>,
    /// Minutes a week needed to use the remaining hours by the year's last day.
    pub pace_needed_per_week: Minutes,
    /// Billable minutes a week over the last eight weeks.
    pub recent_pace_per_week: Minutes,
    /// The day the budget runs out at the recent pace, if it does within the year.
    pub exhaustion_forecast: Option<NaiveDate>,
}

const RECENT_WEEKS: u64 = 8;

/// Summarises the contract year containing `today` from all time entries (any period).
pub fn summarize(terms: &ContractTerms, entries: &[LedgerEntry], today: NaiveDate) -> YearSummary {
    let year = terms.year_containing(today);
    let billable_in_year = entries
        .iter()
        .filter(|e| e.billable && year.contains(e.date));
    let mut weeks: BTreeMap<(i32, u32), Minutes> = BTreeMap::new();
    let mut used = Minutes::ZERO;
    for e in billable_in_year {
        used += e.minutes;
        let w = e.date.iso_week();
        *weeks.entry((w.year(), w.week())).or_default() += e.minutes;
    }
    let week_usage = |(iso_year, iso_week): (i32, u32), minutes: Minutes| WeekUsage {
        iso_year,
        iso_week,
        monday: NaiveDate::from_isoywd_opt(iso_year, iso_week, Weekday::Mon).unwrap_or(today),
        minutes,
        cap: terms.weekly_cap,
    };
    let this_key = (today.iso_week().year(), today.iso_week().week());
    let this_week = week_usage(this_key, weeks.get(&this_key).copied().unwrap_or_default());
    let weeks_over_cap = weeks
        .iter()
        .map(|(&k, &m)| week_usage(k, m))
        .filter(WeekUsage::over_cap)
        .collect();

    let remaining = terms.yearly_budget.saturating_sub(used);
    let days_left = (year.end - today).num_days().max(1) as u64;
    let weeks_left = days_left.div_ceil(7);
    let pace_needed_per_week =
        Minutes(u32::try_from(u64::from(remaining.0).div_ceil(weeks_left)).unwrap_or(u32::MAX));

    let recent_from = today
        .checked_sub_days(Days::new(RECENT_WEEKS * 7))
        .unwrap_or(year.start)
        .max(year.start);
    let recent_days = (today - recent_from).num_days().max(1) as u64;
    let recent: u64 = entries
        .iter()
        .filter(|e| e.billable && recent_from < e.date && e.date <= today)
        .map(|e| u64::from(e.minutes.0))
        .sum();
    let recent_pace_per_week = Minutes(u32::try_from(recent * 7 / recent_days).unwrap_or(u32::MAX));
    let exhaustion_forecast = if recent > 0 && remaining.0 > 0 {
        let days_to_exhaust = u64::from(remaining.0) * recent_days / recent;
        today
            .checked_add_days(Days::new(days_to_exhaust))
            .filter(|d| *d < year.end)
    } else {
        None
    };

    YearSummary {
        year,
        budget: terms.yearly_budget,
        used,
        remaining,
        over_budget: used.saturating_sub(terms.yearly_budget),
        amount_used: used.times_rate(terms.hourly_rate),
        this_week,
        weeks_over_cap,
        pace_needed_per_week,
        recent_pace_per_week,
        exhaustion_forecast,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContractTerms;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn terms() -> ContractTerms {
        crate::model::tests::good_contract().parse().expect("valid")
    }

    fn entry(date: NaiveDate, minutes: u32, billable: bool) -> LedgerEntry {
        LedgerEntry {
            date,
            minutes: Minutes(minutes),
            billable,
        }
    }

    #[test]
    fn sums_only_billable_time_of_the_current_contract_year() {
        let entries = [
            entry(d(2026, 2, 27), 240, true), // previous contract year
            entry(d(2026, 3, 3), 240, true),  // Tue, week 10
            entry(d(2026, 3, 4), 30, true),   // Wed, week 10: 270 > 240
            entry(d(2026, 3, 5), 60, false),  // not billable
            entry(d(2026, 3, 10), 200, true), // week 11
        ];
        let s = summarize(&terms(), &entries, d(2026, 3, 11));
        assert_eq!(s.year.start, d(2026, 3, 1));
        assert_eq!(s.used, Minutes(470));
        assert_eq!(s.remaining, Minutes(178 * 60 - 470));
        assert_eq!(s.amount_used, Cents(18_017)); // 7h50 × 23 € = 180,166… → 180,17 €
        assert_eq!(s.this_week.minutes, Minutes(200));
        assert_eq!(s.this_week.monday, d(2026, 3, 9));
        assert_eq!(s.weeks_over_cap.len(), 1);
        assert_eq!(s.weeks_over_cap[0].iso_week, 10);
        assert_eq!(s.weeks_over_cap[0].minutes, Minutes(270));
        assert_eq!(s.over_budget, Minutes::ZERO);
        assert!(s.exhaustion_forecast.is_none() || s.exhaustion_forecast < Some(d(2027, 3, 1)));
    }

    #[test]
    fn pace_and_forecast() {
        // 4 hours every Tuesday from March to the end of June 2026.
        let mut entries = Vec::new();
        let mut day = d(2026, 3, 3);
        while day <= d(2026, 6, 30) {
            entries.push(entry(day, 240, true));
            day = day + Days::new(7);
        }
        let today = d(2026, 6, 30);
        let s = summarize(&terms(), &entries, today);
        assert_eq!(s.used, Minutes(18 * 240));
        assert_eq!(s.recent_pace_per_week, Minutes(240));
        // 178 h − 72 h = 106 h at 4 h a week = 26,5 weeks = 185 whole days after 30/06/2026
        assert_eq!(s.exhaustion_forecast, Some(d(2027, 1, 1)));
        // 106 h over the 35 weeks left
        assert_eq!(s.pace_needed_per_week, Minutes((106 * 60u32).div_ceil(35)));
    }

    #[test]
    fn overrun_is_reported_not_hidden() {
        let entries = [entry(d(2026, 3, 3), 179 * 60, true)];
        let s = summarize(&terms(), &entries, d(2026, 3, 4));
        assert_eq!(s.remaining, Minutes::ZERO);
        assert_eq!(s.over_budget, Minutes(60));
    }
}
