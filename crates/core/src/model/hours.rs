//! Time entries (voci ore).

use super::{optional_text, parse_past_date, required_code};
use crate::category::TimeKind;
use crate::format;
use crate::ids::{ContactId, TimeEntryId};
use crate::messages::FormErrors;
#[cfg(test)]
use crate::messages::Msg;
use crate::units::Minutes;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A time entry to be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTimeEntry {
    pub date: NaiveDate,
    pub minutes: Minutes,
    pub kind: TimeKind,
    /// The contact a front-office entry belongs to.
    pub contact: Option<ContactId>,
    pub billable: bool,
    pub note: String,
}

impl NewTimeEntry {
    pub fn to_form(&self) -> TimeEntryForm {
        TimeEntryForm {
            date: format::date(self.date),
            minutes: self.minutes.get().to_string(),
            kind: self.kind.code().into(),
            billable: self.billable,
            note: self.note.clone(),
            cap_note: String::new(),
        }
    }
}

/// A stored time entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeEntry {
    pub id: TimeEntryId,
    #[serde(flatten)]
    pub data: NewTimeEntry,
}

/// A time entry as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeEntryForm {
    pub date: String,
    /// Minutes (`45`) or `hh:mm`.
    pub minutes: String,
    pub kind: String,
    pub billable: bool,
    pub note: String,
    /// Why the week passes the weekly cap, when this entry takes it there.
    pub cap_note: String,
}

impl TimeEntryForm {
    /// Parses an entry; `contact` is kept from the entry being edited (a colloquio's time stays
    /// linked to it, whatever its kind becomes).
    pub fn parse(
        &self,
        contact: Option<ContactId>,
        today: NaiveDate,
    ) -> Result<NewTimeEntry, FormErrors> {
        let mut e = FormErrors::default();
        let date = e.check("date", parse_past_date(&self.date, today));
        let minutes = e.check("minutes", format::parse_duration(&self.minutes));
        let kind = e.check("kind", required_code(&self.kind, TimeKind::from_code));
        let note = e.check("note", optional_text(&self.note, 1000));
        match (date, minutes, kind, note) {
            (Some(date), Some(minutes), Some(kind), Some(note)) if e.is_empty() => {
                Ok(NewTimeEntry {
                    date,
                    minutes,
                    kind,
                    contact,
                    billable: self.billable,
                    note,
                })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn time_entries() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let form = TimeEntryForm {
            date: "23/11/2026".into(),
            minutes: "1:30".into(),
            kind: "telefonate".into(),
            billable: true,
            note: "Richiamati i servizi.".into(),
            ..TimeEntryForm::default()
        };
        let entry = form.parse(None, today).expect("valid");
        assert_eq!(entry.minutes, Minutes(90));
        assert_eq!(entry.to_form().parse(None, today), Ok(entry));
        let contact = Some(ContactId(Uuid::nil()));
        let linked = form
            .parse(contact, today)
            .expect("a colloquio's kind may change");
        assert_eq!(linked.contact, contact);
        let f = TimeEntryForm {
            minutes: "0".into(),
            date: "25/11/2026".into(),
            kind: String::new(),
            ..form
        };
        let e = f.parse(None, today).expect_err("bad");
        assert_eq!(e.for_field("minutes"), Some(&Msg::HoursZero));
        assert_eq!(e.for_field("date"), Some(&Msg::DateInFuture));
        assert_eq!(e.for_field("kind"), Some(&Msg::Required));
    }
}
