//! The records of the archive, as typed values, and the forms that produce them, one module per
//! aggregate.
//!
//! A `…Form` holds what a person typed, as strings; its `parse` returns either the typed record
//! (`New…`) or every field error at once, with the message to show beside each field. The
//! archive stores only typed records, so nothing unparsed reaches the database.

mod access;
mod agenda;
mod attachment;
mod breach;
mod casework;
mod community;
mod consent;
mod contact;
mod contract;
mod hours;
mod operator;
mod person;
mod referral;
mod retention;
mod service;
mod social_report;

pub use access::*;
pub use agenda::*;
pub use attachment::*;
pub use breach::*;
pub use casework::*;
pub use community::*;
pub use consent::*;
pub use contact::*;
pub use contract::*;
pub use hours::*;
pub use operator::*;
pub use person::*;
pub use referral::*;
pub use retention::*;
pub use service::*;
pub use social_report::*;

use crate::format;
use crate::messages::Msg;
use chrono::NaiveDate;

/// Trimmed, non-empty text of at most `max` characters.
pub fn required_text(input: &str, max: usize) -> Result<String, Msg> {
    let s = input.trim();
    if s.is_empty() {
        Err(Msg::Required)
    } else {
        optional_text(s, max)
    }
}

/// Trimmed text of at most `max` characters (possibly empty).
pub fn optional_text(input: &str, max: usize) -> Result<String, Msg> {
    let s = input.trim();
    if s.chars().count() > max {
        Err(Msg::TooLong { max })
    } else {
        Ok(s.to_string())
    }
}

/// A date not after `today`.
pub fn parse_past_date(input: &str, today: NaiveDate) -> Result<NaiveDate, Msg> {
    let d = format::parse_date(input)?;
    if d > today {
        Err(Msg::DateInFuture)
    } else {
        Ok(d)
    }
}

/// An optional date: empty is `None`.
pub fn parse_optional_date(input: &str) -> Result<Option<NaiveDate>, Msg> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        format::parse_date(input).map(Some)
    }
}

/// A category chosen by its code; empty is `None`.
pub fn optional_code<T>(input: &str, from: fn(&str) -> Option<T>) -> Result<Option<T>, Msg> {
    let s = input.trim();
    if s.is_empty() {
        Ok(None)
    } else {
        from(s).map(Some).ok_or(Msg::UnknownChoice)
    }
}

/// A category chosen by its code; empty is an error.
pub fn required_code<T>(input: &str, from: fn(&str) -> Option<T>) -> Result<T, Msg> {
    optional_code(input, from)?.ok_or(Msg::Required)
}

/// Several categories chosen by their codes, at least one; duplicates removed, sorted.
pub fn codes_at_least_one<T: Ord>(
    inputs: &[String],
    from: fn(&str) -> Option<T>,
) -> Result<Vec<T>, Msg> {
    let mut out = Vec::new();
    for code in inputs.iter().filter(|c| !c.trim().is_empty()) {
        out.push(from(code.trim()).ok_or(Msg::UnknownChoice)?);
    }
    out.sort();
    out.dedup();
    if out.is_empty() {
        Err(Msg::AtLeastOne)
    } else {
        Ok(out)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    pub(crate) use super::contract::tests::good_contract;
}
