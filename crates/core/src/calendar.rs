//! The desk's calendar: national holidays (data with the year they start and end, since the
//! list changes: L. 151/2025 adds 4 October from 2026), Easter Monday computed, the patron
//! saint's day and the contract's closures; and from them the days the desk opens.

use crate::model::{Closure, OpeningSlot};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// A holiday on a fixed day of the year, in force from `from_year` (and until `until_year`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedHoliday {
    pub month: u32,
    pub day: u32,
    pub name: &'static str,
    pub from_year: i32,
    pub until_year: Option<i32>,
}

/// The national holidays of the Italian Republic (L. 260/1949 and later changes).
pub const NATIONAL_HOLIDAYS: &[FixedHoliday] = &[
    FixedHoliday {
        month: 1,
        day: 1,
        name: "Capodanno",
        from_year: 1949,
        until_year: None,
    },
    FixedHoliday {
        month: 1,
        day: 6,
        name: "Epifania",
        from_year: 1985,
        until_year: None,
    },
    FixedHoliday {
        month: 4,
        day: 25,
        name: "Festa della Liberazione",
        from_year: 1949,
        until_year: None,
    },
    FixedHoliday {
        month: 5,
        day: 1,
        name: "Festa del Lavoro",
        from_year: 1949,
        until_year: None,
    },
    FixedHoliday {
        month: 6,
        day: 2,
        name: "Festa della Repubblica",
        from_year: 2001,
        until_year: None,
    },
    FixedHoliday {
        month: 8,
        day: 15,
        name: "Ferragosto",
        from_year: 1949,
        until_year: None,
    },
    FixedHoliday {
        month: 10,
        day: 4,
        name: "San Francesco d'Assisi",
        from_year: 2026,
        until_year: None,
    },
    FixedHoliday {
        month: 11,
        day: 1,
        name: "Ognissanti",
        from_year: 1949,
        until_year: None,
    },
    FixedHoliday {
        month: 12,
        day: 8,
        name: "Immacolata Concezione",
        from_year: 1949,
        until_year: None,
    },
    FixedHoliday {
        month: 12,
        day: 25,
        name: "Natale",
        from_year: 1949,
        until_year: None,
    },
    FixedHoliday {
        month: 12,
        day: 26,
        name: "Santo Stefano",
        from_year: 1949,
        until_year: None,
    },
];

/// Easter Sunday of `year` (Gregorian calendar; the anonymous algorithm of Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The day after Easter Sunday (Lunedì dell'Angelo).
pub fn easter_monday(year: i32) -> Option<NaiveDate> {
    easter_sunday(year).and_then(|d| d.checked_add_days(Days::new(1)))
}

/// Why the desk is closed on a day, if it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClosedBecause {
    Holiday(String),
    PatronSaint,
    Closure(String),
}

/// The calendar the desk keeps: the openings of the week, the closures, the patron saint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskCalendar {
    pub opening_slots: Vec<OpeningSlot>,
    pub closures: Vec<Closure>,
    /// The comune's patron saint's day (month, day), a holiday there.
    pub patron_saint: Option<(u32, u32)>,
}

impl DeskCalendar {
    /// Whether `date` is a holiday or a closure, and which.
    pub fn closed_because(&self, date: NaiveDate) -> Option<ClosedBecause> {
        let (y, m, d) = (date.year(), date.month(), date.day());
        if let Some(h) = NATIONAL_HOLIDAYS.iter().find(|h| {
            h.month == m && h.day == d && h.from_year <= y && h.until_year.is_none_or(|u| y <= u)
        }) {
            return Some(ClosedBecause::Holiday(h.name.to_string()));
        }
        if easter_monday(y) == Some(date) {
            return Some(ClosedBecause::Holiday("Lunedì dell'Angelo".into()));
        }
        if self.patron_saint == Some((m, d)) {
            return Some(ClosedBecause::PatronSaint);
        }
        self.closures
            .iter()
            .find(|c| c.from <= date && date <= c.to)
            .map(|c| ClosedBecause::Closure(c.reason.clone()))
    }

    /// Does the desk open on `date` (an opening slot that weekday, and no holiday or closure)?
    pub fn opens_on(&self, date: NaiveDate) -> bool {
        self.opening_slots
            .iter()
            .any(|s| s.weekday == date.weekday())
            && self.closed_because(date).is_none()
    }

    /// The days the desk opens in `from..=to`.
    pub fn opening_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| self.opens_on(*d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, Weekday};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn easter() {
        for (year, sunday) in [
            (2024, d(2024, 3, 31)),
            (2025, d(2025, 4, 20)),
            (2026, d(2026, 4, 5)),
            (2027, d(2027, 3, 28)),
            (2038, d(2038, 4, 25)),
            (2000, d(2000, 4, 23)),
        ] {
            assert_eq!(easter_sunday(year), Some(sunday), "{year}");
        }
        assert_eq!(easter_monday(2026), Some(d(2026, 4, 6)));
    }

    #[test]
    fn holidays_are_data_with_their_years() {
        let cal = DeskCalendar::default();
        assert!(
            cal.closed_because(d(2025, 10, 4)).is_none(),
            "not yet in 2025"
        );
        assert_eq!(
            cal.closed_because(d(2026, 10, 4)),
            Some(ClosedBecause::Holiday("San Francesco d'Assisi".into()))
        );
        assert!(cal.closed_because(d(2026, 4, 6)).is_some(), "Easter Monday");
        assert!(cal.closed_because(d(2026, 4, 7)).is_none());
        let with_patron = DeskCalendar {
            patron_saint: Some((6, 24)),
            ..DeskCalendar::default()
        };
        assert_eq!(
            with_patron.closed_because(d(2026, 6, 24)),
            Some(ClosedBecause::PatronSaint)
        );
    }

    #[test]
    fn opening_days_skip_holidays_and_closures() {
        let cal = DeskCalendar {
            opening_slots: vec![OpeningSlot {
                weekday: Weekday::Tue,
                start: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
                end: NaiveTime::from_hms_opt(13, 0, 0).expect("time"),
            }],
            closures: vec![Closure {
                from: d(2026, 8, 1),
                to: d(2026, 8, 31),
                reason: "Chiusura estiva".into(),
            }],
            patron_saint: None,
        };
        // Tuesdays of August 2026 are closed; 1 September 2026 is a Tuesday.
        assert!(cal.opening_days(d(2026, 8, 1), d(2026, 8, 31)).is_empty());
        assert_eq!(
            cal.opening_days(d(2026, 8, 1), d(2026, 9, 1)),
            vec![d(2026, 9, 1)]
        );
        // 8 December 2026 is a Tuesday and a holiday.
        assert_eq!(
            cal.opening_days(d(2026, 12, 1), d(2026, 12, 15)),
            vec![d(2026, 12, 1), d(2026, 12, 15)]
        );
        assert!(cal.closed_because(d(2026, 12, 8)).is_some());
    }
}
