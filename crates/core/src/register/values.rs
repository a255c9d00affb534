//! Reading one register cell: dates as text or as Excel serial numbers, durations, yes/no, and
//! the free text registers use for the categories of DOMAIN.md.

use super::Column;
use crate::category::{
    AgeBand, Area, Channel, Citizenship, ContactOutcome, Gender, ReferralOutcome, RequestType,
    Requester, SentBy, ServiceGiven,
};
use crate::format;
use crate::messages::{Lang, Msg};
use crate::search::fold;
use crate::units::Minutes;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// A value as a mapping keys it: folded (lower case, no accents, letters and digits only).
pub fn fold_value(value: &str) -> String {
    fold(value)
}

/// The date (and time of day, when not midnight) of an Excel serial number, 1900 system: day 1
/// is 01/01/1900, and Excel's phantom 29/02/1900 (day 60) is skipped as Excel does.
pub fn excel_serial_date(serial: f64) -> Option<(NaiveDate, Option<NaiveTime>)> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.trunc() as i64;
    let base = if days < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    let date = base.checked_add_signed(Duration::days(days))?;
    let seconds = ((serial.fract() * 86_400.0).round() as u32).min(86_399);
    let minutes = (seconds + 30) / 60;
    let time = if minutes == 0 || minutes >= 1440 {
        None
    } else {
        NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
    };
    Some((date, time))
}

/// A number as Excel writes it in a cell read as text (`45351`, `45351.4375`, `45351,4375`).
fn as_number(text: &str) -> Option<f64> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    t.parse().ok()
}

/// A register date: `gg/mm/aaaa` (and the other forms [`format::parse_date`] reads), a
/// two-digit year (`01/03/24`: the most recent such year not after `today`), `aaaa-mm-gg`, an
/// Excel serial number, each optionally followed by a time (`01/03/2024 10:30`).
pub fn parse_register_date(
    text: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, Option<NaiveTime>), Msg> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Msg::Required);
    }
    if let Some(n) = as_number(text) {
        if !text.contains(['/', '-']) && text.len() >= 4 && n >= 1.0 {
            return excel_serial_date(n).ok_or(Msg::DateFormat);
        }
    }
    let (day, time) = match text.split_once([' ', 'T']) {
        Some((d, t)) => {
            let t = t.trim();
            // `10:30:00` and `10:30`; a bare midnight says nothing.
            let hm = t.splitn(3, ':').take(2).collect::<Vec<_>>().join(":");
            let time = format::parse_time(&hm).map_err(|_| Msg::DateFormat)?;
            (d, (time != NaiveTime::MIN).then_some(time))
        }
        None => (text, None),
    };
    let date = match format::parse_date(day) {
        Ok(d) => d,
        Err(Msg::DateFormat) => two_digit_year(day, today).ok_or(Msg::DateFormat)?,
        Err(e) => return Err(e),
    };
    Ok((date, time))
}

fn two_digit_year(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    let [d, m, y] = parts[..] else { return None };
    if y.len() != 2 || d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 {
        return None;
    }
    let (d, m, y): (u32, u32, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let century = today.year() / 100 * 100;
    let year = if century + y <= today.year() {
        century + y
    } else {
        century - 100 + y
    };
    NaiveDate::from_ymd_opt(year, m, d)
}

/// A start time: `hh:mm`, `hh.mm`, `hh:mm:ss`, or a fraction of a day as Excel stores it.
pub(crate) fn parse_register_time(text: &str) -> Result<NaiveTime, Msg> {
    let text = text.trim();
    if let Some(n) = as_number(text) {
        if n > 0.0 && n < 1.0 && text.contains(['.', ',']) {
            let minutes = (n * 1440.0).round() as u32;
            return NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).ok_or(Msg::TimeFormat);
        }
    }
    let hm = text.splitn(3, ':').take(2).collect::<Vec<_>>().join(":");
    format::parse_time(&hm)
}

/// A duration: minutes (`45`, `45 min`, `45'`), `hh:mm`, or a fraction of a day as Excel
/// stores a time-formatted cell (`0,03125` is 45 minutes).
pub(crate) fn parse_register_duration(text: &str) -> Result<Minutes, Msg> {
    let t = text.trim().to_lowercase();
    let t = t
        .trim_end_matches("minuti")
        .trim_end_matches("min")
        .trim_end_matches(['\'', '’'])
        .trim();
    if let Some(n) = as_number(t) {
        // A time-formatted Excel cell is a fraction of a day with many decimals (0,03125);
        // a typed "0,5" is not read as twelve hours.
        let decimals = t.split(['.', ',']).nth(1).map_or(0, str::len);
        if n > 0.0 && n < 1.0 && decimals >= 3 {
            let minutes = (n * 1440.0).round() as u32;
            return format::parse_duration(&minutes.to_string());
        }
        if t.contains(['.', ',']) && n.fract() == 0.0 {
            return format::parse_duration(&(n as u32).to_string());
        }
    }
    if t.contains(':') {
        let hm = t.splitn(3, ':').take(2).collect::<Vec<_>>().join(":");
        return format::parse_duration(&hm);
    }
    format::parse_duration(t)
}

/// `sì` or `no` (also `si`, `s`, `x`, `1`, `vero`, `yes`, `true`; `n`, `0`, `falso`, `false`,
/// and an empty cell for no).
pub(crate) fn parse_yes_no(text: &str) -> Result<bool, Msg> {
    match fold(text).as_str() {
        "si" | "s" | "x" | "1" | "vero" | "yes" | "y" | "true" => Ok(true),
        "" | "no" | "n" | "0" | "falso" | "false" => Ok(false),
        _ => Err(Msg::YesNoFormat),
    }
}

/// The columns whose values come from a category list of DOMAIN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryColumn {
    Gender,
    Citizenship,
    AgeBand,
    Channel,
    Requester,
    SentBy,
    Services,
    Areas,
    RequestType,
    Outcome,
    ReferralOutcome,
    YesNo,
}

macro_rules! options_of {
    ($t:ty) => {
        <$t>::ALL
            .iter()
            .map(|v| (v.code(), v.label(Lang::It), v.label(Lang::En)))
            .collect()
    };
}

impl CategoryColumn {
    pub fn of(column: Column) -> Option<CategoryColumn> {
        Some(match column {
            Column::Gender => CategoryColumn::Gender,
            Column::Citizenship => CategoryColumn::Citizenship,
            Column::AgeBand => CategoryColumn::AgeBand,
            Column::Channel => CategoryColumn::Channel,
            Column::Requester => CategoryColumn::Requester,
            Column::SentBy => CategoryColumn::SentBy,
            Column::Services => CategoryColumn::Services,
            Column::Areas => CategoryColumn::Areas,
            Column::RequestType => CategoryColumn::RequestType,
            Column::Outcome => CategoryColumn::Outcome,
            Column::ReferralOutcome => CategoryColumn::ReferralOutcome,
            Column::Anonymous | Column::Homeless => CategoryColumn::YesNo,
            _ => return None,
        })
    }

    /// Code, Italian label and English label of each category.
    pub fn options(self) -> Vec<(&'static str, &'static str, &'static str)> {
        match self {
            CategoryColumn::Gender => options_of!(Gender),
            CategoryColumn::Citizenship => options_of!(Citizenship),
            CategoryColumn::AgeBand => options_of!(AgeBand),
            CategoryColumn::Channel => options_of!(Channel),
            CategoryColumn::Requester => options_of!(Requester),
            CategoryColumn::SentBy => options_of!(SentBy),
            CategoryColumn::Services => options_of!(ServiceGiven),
            CategoryColumn::Areas => options_of!(Area),
            CategoryColumn::RequestType => options_of!(RequestType),
            CategoryColumn::Outcome => options_of!(ContactOutcome),
            CategoryColumn::ReferralOutcome => options_of!(ReferralOutcome),
            CategoryColumn::YesNo => vec![("si", "Sì", "Yes"), ("no", "No", "No")],
        }
    }

    /// Words registers commonly use, beyond the codes and the labels.
    fn synonyms(self) -> &'static [(&'static str, &'static str)] {
        match self {
            CategoryColumn::Gender => &[
                ("donna", "F"),
                ("femminile", "F"),
                ("uomo", "M"),
                ("maschile", "M"),
                ("altro", "X"),
                ("nd", "X"),
            ],
            CategoryColumn::Citizenship => &[
                ("italia", "IT"),
                ("italiano", "IT"),
                ("ita", "IT"),
                ("comunitaria", "UE"),
                ("comunitario", "UE"),
                ("extracomunitaria", "EXTRA_UE"),
                ("extracomunitario", "EXTRA_UE"),
                ("extraue", "EXTRA_UE"),
                ("apolide", "ND"),
                ("nonindicata", "ND"),
            ],
            CategoryColumn::Channel => &[
                ("sportello", "presenza"),
                ("diretto", "presenza"),
                ("telefonico", "telefono"),
                ("mail", "email"),
                ("visitadomiciliare", "domicilio"),
            ],
            CategoryColumn::Areas => &[
                ("famiglia", "FAM"),
                ("minori", "FAM"),
                ("famigliaeminori", "FAM"),
                ("disabilita", "DIS"),
                ("disabili", "DIS"),
                ("dipendenze", "ADD"),
                ("anziani", "ELD"),
                ("immigrati", "IMM"),
                ("immigrazione", "IMM"),
                ("poverta", "POV"),
                ("disagioadulti", "POV"),
                ("multiutenza", "MUL"),
            ],
            CategoryColumn::AgeBand => &[("75", "75+"), ("oltre75", "75+"), ("nonindicata", "nd")],
            _ => &[],
        }
    }

    /// The code a cell's value stands for, recognised without a mapping: the code itself, the
    /// label (Italian or English), or a common synonym; compared folded.
    pub fn recognise(self, value: &str) -> Option<&'static str> {
        let v = fold(value);
        if v.is_empty() {
            return None;
        }
        let options = self.options();
        options
            .iter()
            .find(|(code, it, en)| fold(code) == v || fold(it) == v || fold(en) == v)
            .map(|(code, _, _)| *code)
            .or_else(|| {
                self.synonyms()
                    .iter()
                    .find(|(word, _)| *word == v)
                    .map(|(_, code)| *code)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    const TODAY: fn() -> NaiveDate = || d(2026, 11, 26);

    #[test]
    fn excel_serials_read_as_excel_shows_them() {
        assert_eq!(excel_serial_date(1.0), Some((d(1900, 1, 1), None)));
        assert_eq!(excel_serial_date(59.0), Some((d(1900, 2, 28), None)));
        assert_eq!(excel_serial_date(61.0), Some((d(1900, 3, 1), None)));
        assert_eq!(excel_serial_date(45351.0), Some((d(2024, 2, 29), None)));
        assert_eq!(
            excel_serial_date(45351.4375),
            Some((d(2024, 2, 29), NaiveTime::from_hms_opt(10, 30, 0)))
        );
        assert_eq!(excel_serial_date(0.0), None);
        assert_eq!(excel_serial_date(f64::NAN), None);
    }

    #[test]
    fn dates_as_text_and_as_serial_numbers() {
        let t = TODAY();
        assert_eq!(
            parse_register_date("01/03/2024", t),
            Ok((d(2024, 3, 1), None))
        );
        assert_eq!(parse_register_date("1/3/24", t), Ok((d(2024, 3, 1), None)));
        assert_eq!(parse_register_date("1/3/50", t), Ok((d(1950, 3, 1), None)));
        assert_eq!(
            parse_register_date("2024-03-01", t),
            Ok((d(2024, 3, 1), None))
        );
        assert_eq!(parse_register_date("45352", t), Ok((d(2024, 3, 1), None)));
        assert_eq!(
            parse_register_date("2024-03-01 10:30:00", t),
            Ok((d(2024, 3, 1), NaiveTime::from_hms_opt(10, 30, 0)))
        );
        assert_eq!(
            parse_register_date("01/03/2024 00:00:00", t),
            Ok((d(2024, 3, 1), None))
        );
        assert_eq!(parse_register_date("31/02/2024", t), Err(Msg::DateFormat));
        assert_eq!(parse_register_date("ieri", t), Err(Msg::DateFormat));
        assert_eq!(parse_register_date(" ", t), Err(Msg::Required));
    }

    #[test]
    fn durations_and_times_in_the_forms_registers_use() {
        assert_eq!(parse_register_duration("45"), Ok(Minutes(45)));
        assert_eq!(parse_register_duration("45 min"), Ok(Minutes(45)));
        assert_eq!(parse_register_duration("45'"), Ok(Minutes(45)));
        assert_eq!(parse_register_duration("1:15"), Ok(Minutes(75)));
        assert_eq!(parse_register_duration("01:15:00"), Ok(Minutes(75)));
        assert_eq!(parse_register_duration("0,03125"), Ok(Minutes(45)));
        assert_eq!(parse_register_duration("30.0"), Ok(Minutes(30)));
        assert_eq!(
            parse_register_duration("mezz'ora"),
            Err(Msg::DurationFormat)
        );
        assert_eq!(parse_register_duration("0"), Err(Msg::HoursZero));
        assert_eq!(
            parse_register_time("0.4375"),
            Ok(NaiveTime::from_hms_opt(10, 30, 0).expect("t"))
        );
        assert_eq!(
            parse_register_time("9.05"),
            Ok(NaiveTime::from_hms_opt(9, 5, 0).expect("t"))
        );
        assert_eq!(parse_register_time("25:00"), Err(Msg::TimeFormat));
    }

    #[test]
    fn categories_by_code_label_or_common_word() {
        assert_eq!(CategoryColumn::Gender.recognise("Donna"), Some("F"));
        assert_eq!(CategoryColumn::Gender.recognise("f"), Some("F"));
        assert_eq!(CategoryColumn::Areas.recognise("Povertà"), Some("POV"));
        assert_eq!(
            CategoryColumn::Areas.recognise("Povertà, disagio adulti e senza dimora"),
            Some("POV")
        );
        assert_eq!(
            CategoryColumn::Services.recognise("Segnalazione e invio"),
            Some("invio")
        );
        assert_eq!(
            CategoryColumn::Channel.recognise("Telefono"),
            Some("telefono")
        );
        assert_eq!(CategoryColumn::AgeBand.recognise("36-50"), Some("36-50"));
        assert_eq!(CategoryColumn::Gender.recognise("boh"), None);
        assert_eq!(parse_yes_no("Sì"), Ok(true));
        assert_eq!(parse_yes_no(""), Ok(false));
        assert_eq!(parse_yes_no("forse"), Err(Msg::YesNoFormat));
    }
}
