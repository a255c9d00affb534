//! Which backups to keep, and how they are named. A backup is
//! `sportello-AAAAMMGG-HHMMSS.age`; rotation keeps the newest of each of the last 7 days, the
//! last 4 ISO weeks and the last 12 months that have one (so at most 23 files, usually fewer
//! because they overlap), and always the newest.

use chrono::{Datelike, NaiveDateTime};
use std::collections::{BTreeMap, BTreeSet};

pub const DAILY: usize = 7;
pub const WEEKLY: usize = 4;
pub const MONTHLY: usize = 12;

/// `sportello-20261126-093000-3f9a1c2e.age`: the time, and a tag of the archive (so two
/// archives backed up to one stick never rotate each other's files away).
pub fn backup_file_name(taken: NaiveDateTime, archive_tag: &str) -> String {
    format!(
        "sportello-{}-{archive_tag}.age",
        taken.format("%Y%m%d-%H%M%S")
    )
}

/// The time and the archive tag in a backup's file name; `None` for any other file.
pub fn parse_backup_file_name(name: &str) -> Option<(NaiveDateTime, String)> {
    let stem = name.strip_prefix("sportello-")?.strip_suffix(".age")?;
    let (stamp, tag) = (stem.get(..15)?, stem.get(15..)?);
    let tag = tag.strip_prefix('-')?;
    if tag.len() != 8 || !tag.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let taken = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    Some((taken, tag.to_owned()))
}

/// The backups to keep among those taken: the newest of each of the last [`DAILY`] days,
/// [`WEEKLY`] ISO weeks and [`MONTHLY`] months that have a backup — and none taken more than
/// twelve months before the newest, so every copy (with whatever it holds of a person since
/// erased) leaves within a year, as the privacy notice promises, even across months without
/// a backup.
pub fn backups_to_keep(taken: &[NaiveDateTime]) -> BTreeSet<NaiveDateTime> {
    fn newest_per<K: Ord>(
        taken: &[NaiveDateTime],
        key: impl Fn(&NaiveDateTime) -> K,
        count: usize,
    ) -> Vec<NaiveDateTime> {
        let mut newest: BTreeMap<K, NaiveDateTime> = BTreeMap::new();
        for t in taken {
            let slot = newest.entry(key(t)).or_insert(*t);
            if *t > *slot {
                *slot = *t;
            }
        }
        newest.into_values().rev().take(count).collect()
    }
    let mut keep = BTreeSet::new();
    keep.extend(newest_per(taken, |t| t.date(), DAILY));
    keep.extend(newest_per(
        taken,
        |t| {
            let w = t.date().iso_week();
            (w.year(), w.week())
        },
        WEEKLY,
    ));
    keep.extend(newest_per(taken, |t| (t.year(), t.month()), MONTHLY));
    if let Some(newest) = taken.iter().max() {
        let oldest_kept = newest
            .checked_sub_months(chrono::Months::new(12))
            .unwrap_or(NaiveDateTime::MIN);
        keep.retain(|t| *t >= oldest_kept);
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    #[test]
    fn no_backup_older_than_twelve_months_is_kept_even_across_months_without_one() {
        // A desk closed for months: twelve months with a backup reach back two years.
        let taken: Vec<NaiveDateTime> = (0..24)
            .filter(|m| m % 2 == 0)
            .map(|m| {
                NaiveDate::from_ymd_opt(2024 + m / 12, (m % 12) as u32 + 1, 15)
                    .and_then(|d| d.and_hms_opt(9, 0, 0))
                    .expect("time")
            })
            .collect();
        let keep = backups_to_keep(&taken);
        let newest = taken.iter().max().copied().expect("newest");
        assert!(keep.contains(&newest));
        assert!(keep.iter().all(|t| *t
            >= newest
                .checked_sub_months(chrono::Months::new(12))
                .expect("year")));
        assert_eq!(keep.len(), 7, "{keep:?}");
    }

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .expect("time")
    }

    #[test]
    fn names_round_trip_and_other_files_are_ignored() {
        let t = at(2026, 11, 26, 9);
        assert_eq!(
            backup_file_name(t, "3f9a1c2e"),
            "sportello-20261126-090000-3f9a1c2e.age"
        );
        assert_eq!(
            parse_backup_file_name(&backup_file_name(t, "3f9a1c2e")),
            Some((t, "3f9a1c2e".to_owned()))
        );
        for other in [
            "sportello-20261126-090000-3f9a1c2e.age.tmp",
            ".sportello-20261126-090000-3f9a1c2e.age.tmp",
            "sportello-2026112-090000-3f9a1c2e.age",
            "sportello-20261126-090000.age",
            "sportello-20261126-090000-zzzzzzzz.age",
            "foto.age",
            "sportello-20261399-090000-3f9a1c2e.age",
        ] {
            assert_eq!(parse_backup_file_name(other), None, "{other}");
        }
    }

    /// A year of use: a backup at every lock (twice on desk days), rotation after each. What
    /// is left is exactly the promised set, recomputed here from the calendar.
    #[test]
    fn a_simulated_year_keeps_exactly_the_promised_set() {
        let mut kept: Vec<NaiveDateTime> = Vec::new();
        let start = at(2026, 1, 1, 9);
        let mut all = Vec::new();
        for day in 0..365 {
            let morning = start + Duration::days(day);
            let mut today = vec![morning];
            if day % 7 == 1 {
                today.push(morning + Duration::hours(4));
            }
            for t in today {
                all.push(t);
                kept.push(t);
                let keep = backups_to_keep(&kept);
                kept.retain(|k| keep.contains(k));
                assert!(kept.len() <= DAILY + WEEKLY + MONTHLY);
                assert_eq!(kept.iter().max(), Some(&t), "the newest is always kept");
            }
        }
        // Expected, from the calendar: the last backup of each of the last 7 days, of each of
        // the last 4 ISO weeks and of each of the last 12 months.
        let last_of =
            |pred: &dyn Fn(&NaiveDateTime) -> bool| all.iter().filter(|t| pred(t)).max().copied();
        let end = *all.last().expect("some");
        let mut expected = BTreeSet::new();
        for d in 0..7 {
            let day = end.date() - Duration::days(d);
            expected.extend(last_of(&|t| t.date() == day));
        }
        for w in 0..4 {
            let week = (end.date() - Duration::weeks(w)).iso_week();
            expected.extend(last_of(&|t| t.date().iso_week() == week));
        }
        for m in 0..12u32 {
            let (y, mo) = if end.month() > m {
                (end.year(), end.month() - m)
            } else {
                (end.year() - 1, end.month() + 12 - m)
            };
            expected.extend(last_of(&|t| t.year() == y && t.month() == mo));
        }
        assert_eq!(kept.iter().copied().collect::<BTreeSet<_>>(), expected);
        assert!(kept.len() >= 18, "{} kept", kept.len());
    }
}
