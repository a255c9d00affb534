//! The desk's community work: group activities (information sessions, with how many came),
//! network meetings with the territory's services and coordination tables, with the partners
//! present. Their time goes to the hours; their counts to the activity report.

use super::{optional_text, required_code, required_text};
use crate::category::CommunityKind;
use crate::format;
use crate::ids::{CommunityActivityId, TimeEntryId};
use crate::messages::{FormErrors, Msg};
use crate::units::Minutes;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A community activity ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCommunityActivity {
    pub kind: CommunityKind,
    pub date: NaiveDate,
    pub minutes: Minutes,
    pub title: String,
    /// How many people took part (a group activity's count; optional for meetings).
    pub participants: Option<u32>,
    /// The services and bodies present (network meetings and tables).
    pub partners: String,
    pub note: String,
    pub billable: bool,
}

/// A stored community activity, with the time entry that carries its time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityActivity {
    pub id: CommunityActivityId,
    pub data: NewCommunityActivity,
    pub time_entry: Option<TimeEntryId>,
}

/// A community activity as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityForm {
    pub kind: String,
    pub date: String,
    /// Minutes (`90`) or `hh:mm`.
    pub minutes: String,
    pub title: String,
    pub participants: String,
    pub partners: String,
    pub note: String,
    pub billable: bool,
    /// Why the week passes the weekly cap, when this activity takes it there.
    pub cap_note: String,
}

impl CommunityForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NewCommunityActivity, FormErrors> {
        let mut e = FormErrors::default();
        let kind = e.check("kind", required_code(&self.kind, CommunityKind::from_code));
        let date = e.check("date", super::parse_past_date(&self.date, today));
        let minutes = e.check("minutes", format::parse_duration(&self.minutes));
        let title = e.check("title", required_text(&self.title, 200));
        let participants = e.check("participants", whole_number(&self.participants));
        let partners = e.check("partners", optional_text(&self.partners, 1000));
        let note = e.check("note", optional_text(&self.note, 2000));
        if kind == Some(CommunityKind::Group) && participants == Some(None) {
            e.add("participants", Msg::Required);
        }
        if matches!(kind, Some(CommunityKind::Network | CommunityKind::Table))
            && partners.as_deref().is_some_and(str::is_empty)
        {
            e.add("partners", Msg::Required);
        }
        match (kind, date, minutes, title, participants, partners, note) {
            (
                Some(kind),
                Some(date),
                Some(minutes),
                Some(title),
                Some(participants),
                Some(partners),
                Some(note),
            ) if e.is_empty() => Ok(NewCommunityActivity {
                kind,
                date,
                minutes,
                title,
                participants,
                partners,
                note,
                billable: self.billable,
            }),
            _ => Err(e),
        }
    }
}

fn whole_number(input: &str) -> Result<Option<u32>, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<u32>().map(Some).map_err(|_| Msg::WholeNumber)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_needs_its_count_a_meeting_its_partners() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let group = CommunityForm {
            kind: "gruppo".into(),
            date: "20/11/2026".into(),
            minutes: "1:30".into(),
            title: "Incontro sull'Assegno unico".into(),
            ..CommunityForm::default()
        };
        assert_eq!(
            group
                .parse(today)
                .expect_err("refused")
                .for_field("participants"),
            Some(&Msg::Required)
        );
        let ok = CommunityForm {
            participants: "14".into(),
            ..group.clone()
        }
        .parse(today)
        .expect("accepted");
        assert_eq!((ok.minutes, ok.participants), (Minutes(90), Some(14)));
        let meeting = CommunityForm {
            kind: "rete".into(),
            participants: "-2".into(),
            date: "27/11/2026".into(),
            ..group
        };
        let e = meeting.parse(today).expect_err("refused");
        assert_eq!(e.for_field("partners"), Some(&Msg::Required));
        assert_eq!(e.for_field("participants"), Some(&Msg::WholeNumber));
        assert_eq!(e.for_field("date"), Some(&Msg::DateInFuture));
        assert_eq!(
            CommunityKind::Network.time_kind(),
            crate::TimeKind::Networking
        );
    }
}
