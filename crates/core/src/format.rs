//! Italian formats: `gg/mm/aaaa`, `hh:mm`, hours as `12:30` and `12,50`, money as `1.234,56 €`.
//! Parsers accept what a person types (spaces, `.` or `,` as decimal mark) and answer with a
//! [`Msg`] that says what was expected.

use crate::messages::Msg;
use crate::units::{Cents, Minutes};
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// `24/11/2026`
pub fn date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// `09:30`
pub fn time(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Hours and minutes, hours unbounded: `178:00`, `3:05`.
pub fn hours_hhmm(m: Minutes) -> String {
    format!("{}:{:02}", m.0 / 60, m.0 % 60)
}

/// Decimal hours with a comma, rounded half-up to the hundredth: 750 min → `12,50`.
pub fn hours_decimal(m: Minutes) -> String {
    let hundredths = (u64::from(m.0) * 100 + 30) / 60;
    format!(
        "{},{:02}",
        group_thousands(hundredths / 100),
        hundredths % 100
    )
}

/// `1.234,56 €`
pub fn euro(c: Cents) -> String {
    let sign = if c.0 < 0 { "-" } else { "" };
    let abs = c.0.unsigned_abs();
    format!("{sign}{},{:02} €", group_thousands(abs / 100), abs % 100)
}

/// `1 incontro`, `3 incontri`: the count with the noun that agrees with it.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// A count with the thousands grouped: `1.234`.
pub fn count(n: u64) -> String {
    group_thousands(n)
}

/// A share as an Italian percentage with one decimal: 1 of 3 → `33,3%`; none of 0 → `–`.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    let tenths = (part * 1000 * 2 + whole) / (whole * 2);
    format!("{},{}%", tenths / 10, tenths % 10)
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// Parses `gg/mm/aaaa` (also `g/m/aaaa`, `gg-mm-aaaa`, `gg.mm.aaaa`, and ISO `aaaa-mm-gg`).
pub fn parse_date(input: &str) -> Result<NaiveDate, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Msg::Required);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Msg::DateFormat);
    }
    let (d, m, y) = if parts[0].len() == 4 {
        (parts[2], parts[1], parts[0])
    } else {
        (parts[0], parts[1], parts[2])
    };
    if y.len() != 4 || d.len() > 2 || m.len() > 2 {
        return Err(Msg::DateFormat);
    }
    let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) else {
        return Err(Msg::DateFormat);
    };
    if !(1900..=2100).contains(&y) {
        return Err(Msg::DateOutOfRange);
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or(Msg::DateFormat)
}

/// Parses `hh:mm` (also `h.mm` and `hh`).
pub fn parse_time(input: &str) -> Result<NaiveTime, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Msg::Required);
    }
    let (h, m) = match s.split_once([':', '.']) {
        Some((h, m)) => (h, m),
        None => (s, "0"),
    };
    let (Ok(h), Ok(m)) = (h.trim().parse::<u32>(), m.trim().parse::<u32>()) else {
        return Err(Msg::TimeFormat);
    };
    NaiveTime::from_hms_opt(h, m, 0).ok_or(Msg::TimeFormat)
}

/// Parses an amount of hours: `178`, `3,5`, `3.5`, `3:30`. Returns whole minutes; a fraction
/// that is not a whole number of minutes is refused rather than silently rounded.
pub fn parse_hours(input: &str) -> Result<Minutes, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Msg::Required);
    }
    if let Some((h, m)) = s.split_once(':') {
        let (Ok(h), Ok(m)) = (h.trim().parse::<u32>(), m.trim().parse::<u32>()) else {
            return Err(Msg::HoursFormat);
        };
        if m >= 60 {
            return Err(Msg::HoursFormat);
        }
        return h
            .checked_mul(60)
            .and_then(|x| x.checked_add(m))
            .map(Minutes)
            .ok_or(Msg::HoursFormat);
    }
    let (whole, frac) = match s.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return Err(Msg::HoursFormat);
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Msg::HoursFormat);
    }
    if whole.len() > 6 || frac.len() > 4 {
        return Err(Msg::HoursFormat);
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| Msg::HoursFormat)?
    };
    let scale = 10u64.pow(frac.len() as u32);
    let frac_value: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| Msg::HoursFormat)?
    };
    // minutes = (whole + frac/scale) * 60, exact only when frac*60 is divisible by scale
    let frac_minutes_num = frac_value * 60;
    if !frac_minutes_num.is_multiple_of(scale) {
        return Err(Msg::HoursFormat);
    }
    let total = whole * 60 + frac_minutes_num / scale;
    u32::try_from(total)
        .map(Minutes)
        .map_err(|_| Msg::HoursFormat)
}

/// Parses a duration typed as minutes (`45`) or `hh:mm` (`1:15`).
pub fn parse_duration(input: &str) -> Result<Minutes, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Msg::Required);
    }
    let minutes = if s.contains(':') {
        parse_hours(s).map_err(|_| Msg::DurationFormat)?
    } else {
        Minutes(s.parse::<u32>().map_err(|_| Msg::DurationFormat)?)
    };
    if minutes.0 == 0 {
        return Err(Msg::HoursZero);
    }
    if minutes.0 > 12 * 60 {
        return Err(Msg::DurationTooLong);
    }
    Ok(minutes)
}

/// Parses euro and cents: `23`, `23,00`, `23.5`, `1.234,56`, `€ 23,00`.
pub fn parse_euro(input: &str) -> Result<Cents, Msg> {
    let s: String = input
        .trim()
        .trim_start_matches('€')
        .trim_end_matches('€')
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return Err(Msg::Required);
    }
    // The last ',' is the decimal mark; '.' is a thousands separator unless it is the only
    // separator and is followed by one or two digits (as in "23.5").
    let (whole, frac) = if let Some((w, f)) = s.rsplit_once(',') {
        (w.replace('.', ""), f.to_string())
    } else if let Some((w, f)) = s.rsplit_once('.') {
        if f.len() <= 2 && !w.contains('.') {
            (w.to_string(), f.to_string())
        } else {
            (s.replace('.', ""), String::new())
        }
    } else {
        (s.clone(), String::new())
    };
    if whole.is_empty()
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(Msg::MoneyFormat);
    }
    if whole.len() > 9 {
        return Err(Msg::MoneyTooHigh);
    }
    let whole: i64 = whole.parse().map_err(|_| Msg::MoneyFormat)?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| Msg::MoneyFormat)? * 10,
        _ => frac.parse().map_err(|_| Msg::MoneyFormat)?,
    };
    Ok(Cents(whole * 100 + cents))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn formats() {
        assert_eq!(date(d(2026, 3, 1)), "01/03/2026");
        assert_eq!(hours_hhmm(Minutes(178 * 60)), "178:00");
        assert_eq!(hours_hhmm(Minutes(185)), "3:05");
        assert_eq!(hours_decimal(Minutes(750)), "12,50");
        assert_eq!(hours_decimal(Minutes(1)), "0,02");
        assert_eq!(hours_decimal(Minutes(60 * 1234)), "1.234,00");
        assert_eq!(euro(Cents(123_456)), "1.234,56 €");
        assert_eq!(euro(Cents(2300)), "23,00 €");
        assert_eq!(euro(Cents(5)), "0,05 €");
        assert_eq!(euro(Cents(-150)), "-1,50 €");
        assert_eq!(euro(Cents(100_000_000)), "1.000.000,00 €");
    }

    #[test]
    fn dates_parse_what_people_type() {
        for (input, expect) in [
            ("01/03/2026", Ok(d(2026, 3, 1))),
            (" 1/3/2026 ", Ok(d(2026, 3, 1))),
            ("01-03-2026", Ok(d(2026, 3, 1))),
            ("2026-03-01", Ok(d(2026, 3, 1))),
            ("29/02/2024", Ok(d(2024, 2, 29))),
            ("29/02/2026", Err(Msg::DateFormat)),
            ("31/04/2026", Err(Msg::DateFormat)),
            ("01/03/26", Err(Msg::DateFormat)),
            ("01/13/2026", Err(Msg::DateFormat)),
            ("01/03/1850", Err(Msg::DateOutOfRange)),
            ("ieri", Err(Msg::DateFormat)),
            ("", Err(Msg::Required)),
        ] {
            assert_eq!(parse_date(input), expect, "input {input:?}");
        }
    }

    #[test]
    fn hours_parse_exactly_or_not_at_all() {
        for (input, expect) in [
            ("178", Ok(Minutes(10_680))),
            ("3,5", Ok(Minutes(210))),
            ("3.5", Ok(Minutes(210))),
            ("3:30", Ok(Minutes(210))),
            ("0,25", Ok(Minutes(15))),
            ("4", Ok(Minutes(240))),
            ("3,333", Err(Msg::HoursFormat)),
            ("3:75", Err(Msg::HoursFormat)),
            ("-4", Err(Msg::HoursFormat)),
            ("quattro", Err(Msg::HoursFormat)),
            ("", Err(Msg::Required)),
        ] {
            assert_eq!(parse_hours(input), expect, "input {input:?}");
        }
    }

    #[test]
    fn money_parses_italian_and_plain() {
        for (input, expect) in [
            ("23,00", Ok(Cents(2300))),
            ("23", Ok(Cents(2300))),
            ("23.5", Ok(Cents(2350))),
            ("1.234,56", Ok(Cents(123_456))),
            ("1.234", Ok(Cents(123_400))),
            ("€ 23,00", Ok(Cents(2300))),
            ("23,00 €", Ok(Cents(2300))),
            ("23,001", Err(Msg::MoneyFormat)),
            ("-23", Err(Msg::MoneyFormat)),
            ("ventitre", Err(Msg::MoneyFormat)),
            ("", Err(Msg::Required)),
        ] {
            assert_eq!(parse_euro(input), expect, "input {input:?}");
        }
    }

    #[test]
    fn durations_and_times() {
        assert_eq!(parse_duration("45"), Ok(Minutes(45)));
        assert_eq!(parse_duration("1:15"), Ok(Minutes(75)));
        assert_eq!(parse_duration("0"), Err(Msg::HoursZero));
        assert_eq!(parse_duration("800"), Err(Msg::DurationTooLong));
        assert_eq!(parse_duration("tre"), Err(Msg::DurationFormat));
        assert_eq!(parse_time("9:30").map(time), Ok("09:30".to_string()));
        assert_eq!(parse_time("25:00"), Err(Msg::TimeFormat));
    }
}
