//! Retention (conservazione): how long a person's records are kept after their last contact,
//! who is past it, and the comune's instruction without which nothing is anonymised or erased.
//!
//! The comune (the controller) sets the period; the app only lists who is past it. A person is
//! anonymised or erased on the comune's recorded instruction (who gave it, the act, its date),
//! never by the app on its own.

use super::{parse_past_date, required_text};
use crate::ids::PersonId;
use crate::messages::{FormErrors, Msg};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The starting value of the retention period, in years after the last contact.
pub const DEFAULT_RETENTION_YEARS: u32 = 10;

/// The periods a comune can set.
pub const RETENTION_YEARS: std::ops::RangeInclusive<u32> = 1..=99;

/// The setting that holds the period.
pub const RETENTION_SETTING: &str = "retention_years";

/// Parses the period as typed (`10`).
pub fn parse_retention_years(input: &str) -> Result<u32, Msg> {
    match input.trim().parse::<u32>() {
        Ok(years) if RETENTION_YEARS.contains(&years) => Ok(years),
        _ => Err(Msg::RetentionYearsRange {
            min: *RETENTION_YEARS.start(),
            max: *RETENTION_YEARS.end(),
        }),
    }
}

/// The period stored in the setting, or the starting value when none (or a bad one) is stored.
pub fn retention_years_of(setting: Option<&str>) -> u32 {
    setting
        .and_then(|s| parse_retention_years(s).ok())
        .unwrap_or(DEFAULT_RETENTION_YEARS)
}

/// The first day still inside the period on `today`: a person whose last contact is before
/// it is past retention. 29 February goes back to the 28th in a year without it.
pub fn retention_cutoff(today: NaiveDate, years: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MIN)
}

/// What the comune instructed for a person past retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureKind {
    /// The person's record kept for statistics only: gender, age band and citizenship group;
    /// names, codes, contacts' details and every free text gone.
    Anonymise,
    /// The person and everything about them removed (the hours billed stay, without them).
    Erase,
}

impl ErasureKind {
    pub fn code(self) -> &'static str {
        match self {
            ErasureKind::Anonymise => "anonymise",
            ErasureKind::Erase => "erase",
        }
    }

    pub fn from_code(code: &str) -> Option<ErasureKind> {
        match code {
            "anonymise" => Some(ErasureKind::Anonymise),
            "erase" => Some(ErasureKind::Erase),
            _ => None,
        }
    }

    pub fn label_it(self) -> &'static str {
        match self {
            ErasureKind::Anonymise => "anonimizzazione",
            ErasureKind::Erase => "cancellazione",
        }
    }
}

/// The comune's instruction: the act that orders it, its date and who gave it. It names no
/// person: the register of erasures keeps it with the persons' ids only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instruction {
    /// The act, as the comune numbers it (`Determinazione n. 12 del servizio sociale`).
    pub act: String,
    pub act_date: NaiveDate,
    /// The office or role that gave it (`Responsabile Area servizi sociali`).
    pub instructed_by: String,
}

/// The instruction as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstructionForm {
    pub act: String,
    pub act_date: String,
    pub instructed_by: String,
}

impl InstructionForm {
    pub fn parse(&self, today: NaiveDate) -> Result<Instruction, FormErrors> {
        let mut e = FormErrors::default();
        let act = e.check("act", required_text(&self.act, 200));
        let act_date = e.check("act_date", parse_past_date(&self.act_date, today));
        let instructed_by = e.check("instructed_by", required_text(&self.instructed_by, 200));
        match (act, act_date, instructed_by) {
            (Some(act), Some(act_date), Some(instructed_by)) if e.is_empty() => Ok(Instruction {
                act,
                act_date,
                instructed_by,
            }),
            _ => Err(e),
        }
    }
}

/// A person past the retention period, as the preview lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionCandidate {
    pub person: PersonId,
    pub name: String,
    /// The last colloquio; none when the record never had one (then its creation counts).
    pub last_contact: Option<NaiveDate>,
    /// The day the period ran from: the last colloquio, or the record's creation.
    pub since: NaiveDate,
    /// The record is in the bin (still kept, so still listed).
    pub in_bin: bool,
}

/// One line of the register of erasures: ids, dates and the act, no personal data. Every
/// restore and import applies it again, so an older copy never brings a person back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureRecord {
    pub id: String,
    pub person: PersonId,
    pub kind: ErasureKind,
    pub instruction: Instruction,
    /// When it was carried out (RFC 3339).
    pub done_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn the_cutoff_is_the_same_day_years_before() {
        assert_eq!(retention_cutoff(d(2026, 11, 26), 10), d(2016, 11, 26));
        assert_eq!(retention_cutoff(d(2028, 2, 29), 1), d(2027, 2, 28));
        assert_eq!(retention_cutoff(d(2026, 1, 1), 99), d(1927, 1, 1));
    }

    #[test]
    fn the_period_is_read_or_defaults_to_ten_years() {
        assert_eq!(retention_years_of(None), 10);
        assert_eq!(retention_years_of(Some("5")), 5);
        assert_eq!(retention_years_of(Some("0")), 10);
        assert_eq!(parse_retention_years(" 7 "), Ok(7));
        for bad in ["", "0", "100", "dieci", "-3", "2,5"] {
            assert_eq!(
                parse_retention_years(bad),
                Err(Msg::RetentionYearsRange { min: 1, max: 99 }),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_instruction_needs_the_act_its_date_and_who_gave_it() {
        let today = d(2026, 11, 26);
        let empty = InstructionForm::default()
            .parse(today)
            .expect_err("refused");
        for field in ["act", "act_date", "instructed_by"] {
            assert!(empty.for_field(field).is_some(), "{field}");
        }
        let future = InstructionForm {
            act: "Determinazione n. 12".into(),
            act_date: "27/11/2026".into(),
            instructed_by: "Responsabile servizi sociali".into(),
        }
        .parse(today)
        .expect_err("refused");
        assert_eq!(future.for_field("act_date"), Some(&Msg::DateInFuture));
        let ok = InstructionForm {
            act: " Determinazione n. 12 ".into(),
            act_date: "20/11/2026".into(),
            instructed_by: "Responsabile servizi sociali".into(),
        }
        .parse(today)
        .expect("parsed");
        assert_eq!(ok.act, "Determinazione n. 12");
        assert_eq!(ok.act_date, d(2026, 11, 20));
    }

    #[test]
    fn kinds_keep_their_codes() {
        for kind in [ErasureKind::Anonymise, ErasureKind::Erase] {
            assert_eq!(ErasureKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ErasureKind::from_code("delete"), None);
    }
}
