//! The demo desk's calendar: its weekly openings and the fixed national holidays.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use sportello_core::model::OpeningSlot;

/// The desk's openings at `scale`: mornings, then afternoons, Tuesday first; past ten a week
/// the same openings repeat (several desks at once).
pub(super) fn opening_slots(scale: u32) -> Vec<OpeningSlot> {
    const ORDER: [(Weekday, u32); 10] = [
        (Weekday::Tue, 9),
        (Weekday::Thu, 9),
        (Weekday::Mon, 9),
        (Weekday::Wed, 9),
        (Weekday::Fri, 9),
        (Weekday::Tue, 14),
        (Weekday::Thu, 14),
        (Weekday::Mon, 14),
        (Weekday::Wed, 14),
        (Weekday::Fri, 14),
    ];
    (0..scale.max(1) as usize)
        .map(|k| {
            let (weekday, hour) = ORDER[k % ORDER.len()];
            OpeningSlot {
                weekday,
                start: NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default(),
                end: NaiveTime::from_hms_opt(hour + 4, 0, 0).unwrap_or_default(),
            }
        })
        .collect()
}

/// National holidays that fall on a fixed date (Easter Monday is ignored: a demo).
pub(super) fn is_holiday(d: NaiveDate) -> bool {
    matches!(
        (d.month(), d.day()),
        (1, 1)
            | (1, 6)
            | (4, 25)
            | (5, 1)
            | (6, 2)
            | (8, 15)
            | (11, 1)
            | (12, 8)
            | (12, 25)
            | (12, 26)
    )
}
