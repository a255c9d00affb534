//! The period a report covers: a month, a quarter, a semester, a calendar year, a contract year
//! or any range of days, always as its first and last day (both included).

use crate::format;
use crate::messages::Msg;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

const MONTHS: [&str; 12] = [
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

/// The name of a month in Italian, 1 = gennaio.
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// How the period was chosen (kept with the report, and said in its title).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodKind {
    Month {
        year: i32,
        month: u32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    Semester {
        year: i32,
        semester: u32,
    },
    Year {
        year: i32,
    },
    /// The contract year that starts on `start`.
    ContractYear {
        start: NaiveDate,
    },
    Range,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(flatten)]
    pub kind: PeriodKind,
}

impl Period {
    /// Any range of days; the last not before the first.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, Msg> {
        if to < from {
            return Err(Msg::EndBeforeStart);
        }
        Ok(Period {
            from,
            to,
            kind: PeriodKind::Range,
        })
    }

    /// A range of days, named as a month, quarter, semester or year when it is exactly one.
    pub fn recognised(from: NaiveDate, to: NaiveDate) -> Result<Period, Msg> {
        let range = Period::range(from, to)?;
        let (y, m) = (from.year(), from.month());
        let candidates = [
            Period::year(y),
            Period::semester(y, m.div_ceil(6)),
            Period::quarter(y, m.div_ceil(3)),
            Period::month(y, m),
        ];
        Ok(candidates
            .into_iter()
            .flatten()
            .find(|p| p.from == from && p.to == to)
            .unwrap_or(range))
    }

    pub fn month(year: i32, month: u32) -> Result<Period, Msg> {
        let from = NaiveDate::from_ymd_opt(year, month, 1).ok_or(Msg::DateOutOfRange)?;
        let to = months_later(from, 1)?
            .pred_opt()
            .ok_or(Msg::DateOutOfRange)?;
        Ok(Period {
            from,
            to,
            kind: PeriodKind::Month { year, month },
        })
    }

    pub fn quarter(year: i32, quarter: u32) -> Result<Period, Msg> {
        if !(1..=4).contains(&quarter) {
            return Err(Msg::InvalidPeriod);
        }
        let from = NaiveDate::from_ymd_opt(year, 3 * quarter - 2, 1).ok_or(Msg::DateOutOfRange)?;
        let to = months_later(from, 3)?
            .pred_opt()
            .ok_or(Msg::DateOutOfRange)?;
        Ok(Period {
            from,
            to,
            kind: PeriodKind::Quarter { year, quarter },
        })
    }

    pub fn semester(year: i32, semester: u32) -> Result<Period, Msg> {
        if !(1..=2).contains(&semester) {
            return Err(Msg::InvalidPeriod);
        }
        let from = NaiveDate::from_ymd_opt(year, 6 * semester - 5, 1).ok_or(Msg::DateOutOfRange)?;
        let to = months_later(from, 6)?
            .pred_opt()
            .ok_or(Msg::DateOutOfRange)?;
        Ok(Period {
            from,
            to,
            kind: PeriodKind::Semester { year, semester },
        })
    }

    pub fn year(year: i32) -> Result<Period, Msg> {
        let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(Msg::DateOutOfRange)?;
        let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(Msg::DateOutOfRange)?;
        Ok(Period {
            from,
            to,
            kind: PeriodKind::Year { year },
        })
    }

    /// The contract year from `start` to the day before `end`.
    pub fn contract_year(start: NaiveDate, end: NaiveDate) -> Result<Period, Msg> {
        let to = end.pred_opt().ok_or(Msg::DateOutOfRange)?;
        if to < start {
            return Err(Msg::EndBeforeStart);
        }
        Ok(Period {
            from: start,
            to,
            kind: PeriodKind::ContractYear { start },
        })
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// The number of days, both ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The months the period touches, as (year, month), in order.
    pub fn months(&self) -> Vec<(i32, u32)> {
        let mut out = Vec::new();
        let (mut y, mut m) = (self.from.year(), self.from.month());
        while (y, m) <= (self.to.year(), self.to.month()) {
            out.push((y, m));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        out
    }

    /// Is this a yearly report (a calendar or contract year)? It gets the sections she writes.
    pub fn is_yearly(&self) -> bool {
        matches!(
            self.kind,
            PeriodKind::Year { .. } | PeriodKind::ContractYear { .. }
        )
    }

    /// In Italian, for titles: "1° trimestre 2026", "anno contrattuale 01/03/2026 – 28/02/2027".
    pub fn title(&self) -> String {
        match self.kind {
            PeriodKind::Month { year, month } => format!("{} {year}", month_name(month)),
            PeriodKind::Quarter { year, quarter } => format!("{quarter}° trimestre {year}"),
            PeriodKind::Semester { year, semester } => format!("{semester}° semestre {year}"),
            PeriodKind::Year { year } => format!("anno {year}"),
            PeriodKind::ContractYear { .. } => format!(
                "anno contrattuale {} – {}",
                format::date(self.from),
                format::date(self.to)
            ),
            PeriodKind::Range => format!(
                "dal {} al {}",
                format::date(self.from),
                format::date(self.to)
            ),
        }
    }

    /// "dal 01/01/2026 al 31/03/2026"
    pub fn span(&self) -> String {
        format!(
            "dal {} al {}",
            format::date(self.from),
            format::date(self.to)
        )
    }
}

fn months_later(date: NaiveDate, months: u32) -> Result<NaiveDate, Msg> {
    date.checked_add_months(chrono::Months::new(months))
        .ok_or(Msg::DateOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("ok")
    }

    #[test]
    fn each_kind_has_its_days() {
        let q = Period::quarter(2026, 1).expect("ok");
        assert_eq!((q.from, q.to), (d(2026, 1, 1), d(2026, 3, 31)));
        assert_eq!(q.title(), "1° trimestre 2026");
        let m = Period::month(2028, 2).expect("ok");
        assert_eq!(m.to, d(2028, 2, 29));
        assert_eq!(m.title(), "febbraio 2028");
        let s = Period::semester(2026, 2).expect("ok");
        assert_eq!((s.from, s.to), (d(2026, 7, 1), d(2026, 12, 31)));
        let y = Period::year(2026).expect("ok");
        assert_eq!(y.days(), 365);
        let c = Period::contract_year(d(2026, 3, 1), d(2027, 3, 1)).expect("ok");
        assert_eq!(c.to, d(2027, 2, 28));
        assert!(c.is_yearly());
        assert_eq!(c.months().len(), 12);
        assert_eq!(c.months()[11], (2027, 2));
    }

    #[test]
    fn a_range_that_is_a_quarter_or_a_year_is_named_so() {
        let q = Period::recognised(d(2026, 7, 1), d(2026, 9, 30)).expect("ok");
        assert_eq!(q.title(), "3° trimestre 2026");
        let y = Period::recognised(d(2025, 1, 1), d(2025, 12, 31)).expect("ok");
        assert!(y.is_yearly());
        let r = Period::recognised(d(2025, 1, 2), d(2025, 12, 31)).expect("ok");
        assert_eq!(r.kind, PeriodKind::Range);
    }

    #[test]
    fn bad_periods_are_refused() {
        assert_eq!(Period::quarter(2026, 5), Err(Msg::InvalidPeriod));
        assert_eq!(Period::month(2026, 13), Err(Msg::DateOutOfRange));
        assert_eq!(
            Period::range(d(2026, 3, 1), d(2026, 2, 1)),
            Err(Msg::EndBeforeStart)
        );
    }
}
