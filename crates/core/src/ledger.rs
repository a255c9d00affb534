//! Hours against the monte ore. Sums are exact (minutes); rounding happens only when shown.
//!
//! The weekly cap applies to the whole ISO week, also when the week straddles two months or two
//! contract years: a week's total counts every billable minute of its seven days, while each
//! contract year bills only its own days. Time above the cap is saved only with a note, and
//! the week stays marked.

use crate::calendar::DeskCalendar;
use crate::messages::Msg;
use crate::model::{ContractTerms, ContractYear};
use crate::units::{Cents, Minutes};
use chrono::{Datelike, Days, IsoWeek, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the ledger needs of a time entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerEntry {
    pub date: NaiveDate,
    pub minutes: Minutes,
    pub billable: bool,
}

/// An ISO week, as `2026-W09`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Week {
    pub iso_year: i32,
    pub iso_week: u32,
}

impl Week {
    pub fn of(date: NaiveDate) -> Week {
        let w: IsoWeek = date.iso_week();
        Week {
            iso_year: w.year(),
            iso_week: w.week(),
        }
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.iso_year, self.iso_week, Weekday::Mon)
            .unwrap_or(NaiveDate::MIN)
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday()
            .checked_add_days(Days::new(6))
            .unwrap_or(NaiveDate::MAX)
    }

    /// `2026-W09`: the key a week's note is kept under.
    pub fn key(self) -> String {
        format!("{}-W{:02}", self.iso_year, self.iso_week)
    }

    pub fn parse_key(key: &str) -> Option<Week> {
        let (y, w) = key.split_once("-W")?;
        let week = Week {
            iso_year: y.parse().ok()?,
            iso_week: w.parse().ok()?,
        };
        (week.monday() != NaiveDate::MIN).then_some(week)
    }
}

/// Billable time in one ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekUsage {
    pub week: Week,
    pub monday: NaiveDate,
    /// Every billable minute of the week's seven days, whichever contract year they bill.
    pub minutes: Minutes,
    /// The part of them that falls in the contract year being summarised.
    pub in_year: Minutes,
    pub cap: Minutes,
    /// Why the week passed the cap, as recorded when the time was saved.
    pub note: Option<String>,
}

impl WeekUsage {
    pub fn over_cap(&self) -> bool {
        self.minutes > self.cap
    }
}

/// The monte ore's alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetAlert {
    /// 80 % used.
    Used80,
    /// All used (or more).
    Used100,
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
    pub alert: Option<BudgetAlert>,
    pub this_week: WeekUsage,
    /// Weeks touching the year whose billable time exceeds the weekly cap.
    pub weeks_over_cap: Vec<WeekUsage>,
    /// Opening days from `today` to the year's last day (holidays and closures skipped).
    pub opening_days_left: u32,
    /// Minutes per opening day needed to use the remaining hours by the year's last day.
    pub pace_needed_per_opening_day: Minutes,
    /// Minutes a week needed to use the remaining hours by the year's last day.
    pub pace_needed_per_week: Minutes,
    /// Billable minutes a week over the last eight weeks.
    pub recent_pace_per_week: Minutes,
    /// The day the budget runs out at the recent pace, if it does within the year.
    pub exhaustion_forecast: Option<NaiveDate>,
    /// Billable minutes the year will have used by its last day at the recent pace (at most
    /// the budget): what the comune can expect to pay when the budget will not run out.
    pub projected_use: Minutes,
}

const RECENT_WEEKS: u64 = 8;

/// Totals of billable minutes per ISO week.
pub fn week_totals(entries: &[LedgerEntry]) -> BTreeMap<Week, Minutes> {
    let mut weeks: BTreeMap<Week, Minutes> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.billable) {
        *weeks.entry(Week::of(e.date)).or_default() += e.minutes;
    }
    weeks
}

/// Whether saving `this` billable time (in a week whose other billable time is `others`) takes
/// the week past the cap without a note for it: then the note is needed.
pub fn cap_check(others: Minutes, this: Minutes, cap: Minutes, has_note: bool) -> Result<(), Msg> {
    let total = others + this;
    if total > cap && !has_note {
        Err(Msg::CapNoteNeeded {
            total: total.get(),
            cap: cap.get(),
        })
    } else {
        Ok(())
    }
}

/// Summarises `year` at `today` from the time entries of the year and of the ISO weeks that
/// straddle its ends (the caller passes the days `year.start - 6 .. year.end + 6`), with the
/// notes recorded for weeks over the cap.
pub fn summarize(
    terms: &ContractTerms,
    calendar: &DeskCalendar,
    year: ContractYear,
    budget: Minutes,
    entries: &[LedgerEntry],
    notes: &BTreeMap<Week, String>,
    today: NaiveDate,
) -> YearSummary {
    let weeks = week_totals(entries);
    let mut in_year: BTreeMap<Week, Minutes> = BTreeMap::new();
    let mut used = Minutes::ZERO;
    for e in entries
        .iter()
        .filter(|e| e.billable && year.contains(e.date))
    {
        used += e.minutes;
        *in_year.entry(Week::of(e.date)).or_default() += e.minutes;
    }
    let usage = |week: Week| WeekUsage {
        week,
        monday: week.monday(),
        minutes: weeks.get(&week).copied().unwrap_or_default(),
        in_year: in_year.get(&week).copied().unwrap_or_default(),
        cap: terms.weekly_cap,
        note: notes.get(&week).cloned(),
    };
    let touches_year = |w: &Week| w.sunday() >= year.start && w.monday() < year.end;
    let this_week = usage(Week::of(today));
    let weeks_over_cap = weeks
        .keys()
        .filter(|w| touches_year(w))
        .map(|w| usage(*w))
        .filter(|w| w.over_cap() && w.in_year > Minutes::ZERO)
        .collect();

    let remaining = budget.saturating_sub(used);
    let from = today.max(year.start);
    let opening_days_left = if from < year.end {
        u32::try_from(calendar.opening_days(from, year.last_day()).len()).unwrap_or(u32::MAX)
    } else {
        0
    };
    let per = |n: u64| {
        Minutes(u32::try_from(u64::from(remaining.get()).div_ceil(n.max(1))).unwrap_or(u32::MAX))
    };
    let days_left = (year.end - from).num_days().max(1) as u64;
    let pace_needed_per_week = per(days_left.div_ceil(7));
    let pace_needed_per_opening_day = if opening_days_left == 0 {
        remaining
    } else {
        per(u64::from(opening_days_left))
    };

    let recent_from = today
        .checked_sub_days(Days::new(RECENT_WEEKS * 7))
        .unwrap_or(year.start)
        .max(year.start);
    let recent_days = (today - recent_from).num_days().max(1) as u64;
    let recent: u64 = entries
        .iter()
        .filter(|e| e.billable && recent_from < e.date && e.date <= today && year.contains(e.date))
        .map(|e| u64::from(e.minutes.get()))
        .sum();
    let recent_pace_per_week = Minutes(u32::try_from(recent * 7 / recent_days).unwrap_or(u32::MAX));
    let exhaustion_forecast = if recent > 0 && remaining.get() > 0 {
        let days_to_exhaust = u64::from(remaining.get()) * recent_days / recent;
        today
            .checked_add_days(Days::new(days_to_exhaust))
            .filter(|d| *d < year.end)
    } else {
        None
    };
    let days_after_today =
        u64::try_from((year.end - today.max(year.start)).num_days() - 1).unwrap_or(0);
    let projected_use = Minutes(
        u32::try_from(
            (u64::from(used.get()) + recent * days_after_today / recent_days)
                .min(u64::from(budget.get().max(used.get()))),
        )
        .unwrap_or(u32::MAX),
    );
    let alert = if budget.get() > 0 && used >= budget {
        Some(BudgetAlert::Used100)
    } else if u64::from(used.get()) * 10 >= u64::from(budget.get()) * 8 && budget.get() > 0 {
        Some(BudgetAlert::Used80)
    } else {
        None
    };

    YearSummary {
        year,
        budget,
        used,
        remaining,
        over_budget: used.saturating_sub(budget),
        amount_used: used.times_rate(terms.hourly_rate),
        alert,
        this_week,
        weeks_over_cap,
        opening_days_left,
        pace_needed_per_opening_day,
        pace_needed_per_week,
        recent_pace_per_week,
        exhaustion_forecast,
        projected_use,
    }
}

/// The days of entries a year's summary needs: the year and the ISO weeks at its two ends.
pub fn ledger_window(year: ContractYear) -> (NaiveDate, NaiveDate) {
    (
        year.start
            .checked_sub_days(Days::new(6))
            .unwrap_or(year.start),
        year.end.checked_add_days(Days::new(6)).unwrap_or(year.end),
    )
}

/// The month of a date, and the first day of the next one.
pub fn month_bounds(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some((first, next))
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

    fn calendar(t: &ContractTerms) -> DeskCalendar {
        DeskCalendar {
            opening_slots: t.opening_slots.clone(),
            closures: t.closures.clone(),
            patron_saint: None,
        }
    }

    fn entry(date: NaiveDate, minutes: u32, billable: bool) -> LedgerEntry {
        LedgerEntry {
            date,
            minutes: Minutes(minutes),
            billable,
        }
    }

    fn summary(entries: &[LedgerEntry], today: NaiveDate) -> YearSummary {
        let t = terms();
        let year = t.year_containing(today);
        summarize(
            &t,
            &calendar(&t),
            year,
            t.year_budget(year),
            entries,
            &BTreeMap::new(),
            today,
        )
    }

    #[test]
    fn sums_only_billable_time_of_the_current_contract_year() {
        let entries = [
            entry(d(2026, 2, 27), 240, true), // previous contract year, week 9
            entry(d(2026, 3, 3), 240, true),  // Tue, week 10
            entry(d(2026, 3, 4), 30, true),   // Wed, week 10: 270 > 240
            entry(d(2026, 3, 5), 60, false),  // not billable
            entry(d(2026, 3, 10), 200, true), // week 11
        ];
        let s = summary(&entries, d(2026, 3, 11));
        assert_eq!(s.year.start, d(2026, 3, 1));
        assert_eq!(s.used, Minutes(470));
        assert_eq!(s.remaining, Minutes(178 * 60 - 470));
        assert_eq!(s.amount_used, Cents(18_017)); // 7h50 × 23 € = 180,166… → 180,17 €
        assert_eq!(s.this_week.minutes, Minutes(200));
        assert_eq!(s.this_week.monday, d(2026, 3, 9));
        assert_eq!(s.weeks_over_cap.len(), 1);
        assert_eq!(s.weeks_over_cap[0].week.iso_week, 10);
        assert_eq!(s.weeks_over_cap[0].minutes, Minutes(270));
        assert_eq!(s.over_budget, Minutes::ZERO);
        assert_eq!(s.alert, None);
    }

    /// The example of the issue: 240 minutes on Tuesday 24 February plus 60 on Sunday 1 March
    /// are one ISO week (9 of 2026) of 300 minutes, over the cap, seen from both contract years;
    /// each year bills only its own days.
    #[test]
    fn the_cap_applies_to_the_whole_week_across_two_contract_years() {
        let entries = [
            entry(d(2026, 2, 24), 240, true),
            entry(d(2026, 3, 1), 60, true),
        ];
        let before = summary(&entries, d(2026, 2, 25));
        let after = summary(&entries, d(2026, 3, 2));
        assert_eq!(before.year.start, d(2025, 3, 1));
        assert_eq!(after.year.start, d(2026, 3, 1));
        assert_eq!((before.used, after.used), (Minutes(240), Minutes(60)));
        for s in [&before, &after] {
            assert_eq!(s.weeks_over_cap.len(), 1, "{s:?}");
            let w = &s.weeks_over_cap[0];
            assert_eq!((w.week.iso_year, w.week.iso_week), (2026, 9));
            assert_eq!(w.minutes, Minutes(300));
        }
        assert_eq!(before.weeks_over_cap[0].in_year, Minutes(240));
        assert_eq!(after.weeks_over_cap[0].in_year, Minutes(60));
        // And within one month's two weeks: 30 March–5 April 2026 straddles March and April.
        let entries = [
            entry(d(2026, 3, 31), 200, true),
            entry(d(2026, 4, 2), 41, true),
        ];
        let s = summary(&entries, d(2026, 4, 2));
        assert_eq!(s.weeks_over_cap.len(), 1);
        assert_eq!(s.weeks_over_cap[0].minutes, Minutes(241));
    }

    #[test]
    fn exactly_the_cap_is_within_one_minute_more_needs_a_note() {
        assert_eq!(
            cap_check(Minutes(200), Minutes(40), Minutes(240), false),
            Ok(())
        );
        assert_eq!(
            cap_check(Minutes(200), Minutes(41), Minutes(240), false),
            Err(Msg::CapNoteNeeded {
                total: 241,
                cap: 240
            })
        );
        assert_eq!(
            cap_check(Minutes(200), Minutes(41), Minutes(240), true),
            Ok(())
        );
        let s = summary(&[entry(d(2026, 3, 3), 240, true)], d(2026, 3, 4));
        assert!(s.weeks_over_cap.is_empty() && !s.this_week.over_cap());
        let s = summary(&[entry(d(2026, 3, 3), 241, true)], d(2026, 3, 4));
        assert!(s.this_week.over_cap());
    }

    #[test]
    fn a_slow_pace_projects_the_year_end_use_instead_of_a_date() {
        // One hour every Tuesday from March to June 2026: 18 hours, 1 h a week lately.
        let mut entries = Vec::new();
        let mut day = d(2026, 3, 3);
        while day <= d(2026, 6, 30) {
            entries.push(entry(day, 60, true));
            day = day + Days::new(7);
        }
        let s = summary(&entries, d(2026, 6, 30));
        assert_eq!(s.exhaustion_forecast, None);
        // 480 minutes in the last 56 days, over the 243 days after 30/06/2026 up to 28/02/2027.
        assert_eq!(s.projected_use, Minutes(18 * 60 + 480 * 243 / 56));
        // One more hour today moves the projection.
        entries.push(entry(d(2026, 6, 30), 60, true));
        let after = summary(&entries, d(2026, 6, 30));
        assert_eq!(after.projected_use, Minutes(19 * 60 + 540 * 243 / 56));
    }

    #[test]
    fn pace_counts_opening_days_skipping_closures_and_holidays() {
        // 4 hours every Tuesday from March to the end of June 2026.
        let mut entries = Vec::new();
        let mut day = d(2026, 3, 3);
        while day <= d(2026, 6, 30) {
            entries.push(entry(day, 240, true));
            day = day + Days::new(7);
        }
        let today = d(2026, 6, 30);
        let s = summary(&entries, today);
        assert_eq!(s.used, Minutes(18 * 240));
        assert_eq!(s.recent_pace_per_week, Minutes(240));
        // 178 h − 72 h = 106 h at 4 h a week = 26,5 weeks = 185 whole days after 30/06/2026
        assert_eq!(s.exhaustion_forecast, Some(d(2027, 1, 1)));
        assert_eq!(
            s.projected_use, s.budget,
            "the budget runs out before the year ends"
        );
        assert_eq!(s.pace_needed_per_week, Minutes((106 * 60u32).div_ceil(35)));
        // Tuesdays from 30/06/2026 to 28/02/2027: 35, less 8 December (a holiday).
        assert_eq!(s.opening_days_left, 34);
        assert_eq!(
            s.pace_needed_per_opening_day,
            Minutes((106 * 60u32).div_ceil(34))
        );
        // With August closed, four Tuesdays fewer.
        let mut t = terms();
        t.closures.push(crate::model::Closure {
            from: d(2026, 8, 1),
            to: d(2026, 8, 31),
            reason: "Chiusura estiva".into(),
        });
        let year = t.year_containing(today);
        let s = summarize(
            &t,
            &calendar(&t),
            year,
            t.year_budget(year),
            &entries,
            &BTreeMap::new(),
            today,
        );
        assert_eq!(s.opening_days_left, 30);
    }

    #[test]
    fn alerts_at_80_and_100_percent() {
        let budget = 178 * 60;
        let s = summary(
            &[entry(d(2026, 3, 3), budget * 8 / 10 - 1, true)],
            d(2026, 3, 4),
        );
        assert_eq!(s.alert, None);
        let s = summary(
            &[entry(d(2026, 3, 3), budget * 8 / 10, true)],
            d(2026, 3, 4),
        );
        assert_eq!(s.alert, Some(BudgetAlert::Used80));
        let s = summary(&[entry(d(2026, 3, 3), budget + 60, true)], d(2026, 3, 4));
        assert_eq!(s.alert, Some(BudgetAlert::Used100));
        assert_eq!((s.remaining, s.over_budget), (Minutes::ZERO, Minutes(60)));
    }

    #[test]
    fn weeks_are_keyed_as_iso_weeks() {
        let w = Week::of(d(2026, 3, 1));
        assert_eq!(w.key(), "2026-W09");
        assert_eq!(Week::parse_key("2026-W09"), Some(w));
        assert_eq!(Week::parse_key("2026-W54"), None);
        assert_eq!((w.monday(), w.sunday()), (d(2026, 2, 23), d(2026, 3, 1)));
        // 29 February 2028 is in week 9 of 2028.
        assert_eq!(Week::of(d(2028, 2, 29)).key(), "2028-W09");
        // 1 January 2027 is in the last ISO week of 2026.
        assert_eq!(Week::of(d(2027, 1, 1)).key(), "2026-W53");
    }
}
