//! The plain rows the activity report is computed from: what the archive reads of a period's
//! persons, colloqui, referrals, appointments and desk time — categories and dates only, never
//! a name, a code or a note.

use super::period::Period;
use crate::category::{
    AgeBand, Area, Channel, Citizenship, ContactOutcome, Gender, InterventionKind, ReferralOutcome,
    RequestType, Requester, SentBy, ServiceGiven,
};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What is known of a person's age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Birth {
    Date(NaiveDate),
    Year(i32),
    /// Anonymous persons: only the band.
    Band(AgeBand),
    Unknown,
}

impl Birth {
    /// The age band on `day` (with a birth year only, that year's difference).
    pub fn band_on(self, day: NaiveDate) -> AgeBand {
        match self {
            Birth::Date(born) => {
                let mut years = day.year() - born.year();
                if (day.month(), day.day()) < (born.month(), born.day()) {
                    years -= 1;
                }
                AgeBand::of_age(years)
            }
            Birth::Year(year) => AgeBand::of_age(day.year() - year),
            Birth::Band(band) => band,
            Birth::Unknown => AgeBand::Unknown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: String,
    pub anonymous: bool,
    pub gender: Gender,
    pub birth: Birth,
    pub citizenship: Citizenship,
    /// The cadastral code of the comune of residence, with its name for the table.
    pub residence: Option<(String, String)>,
    /// Had a contact before the period started.
    pub known_before: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: String,
    pub person_id: String,
    pub date: NaiveDate,
    pub channel: Channel,
    pub services: Vec<ServiceGiven>,
    pub areas: Vec<Area>,
    pub request_type: Option<RequestType>,
    pub homeless: bool,
    pub requester: Option<Requester>,
    pub sent_by: Option<SentBy>,
    pub outcome: Option<ContactOutcome>,
    /// With outcome "nessuna risorsa": the area of the unmet need.
    pub unmet_area: Option<Area>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferralRow {
    pub id: String,
    pub date: NaiveDate,
    /// The receiving service of the catalogue: its id and name.
    pub service_id: String,
    pub service_name: String,
    pub outcome: Option<ReferralOutcome>,
    /// The receiving service replied (a feedback was recorded).
    pub feedback: bool,
    pub expected_reply: Option<NaiveDate>,
}

impl ReferralRow {
    /// Still waiting for a reply after the day it was expected.
    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        let open = matches!(
            self.outcome,
            None | Some(ReferralOutcome::Sent) | Some(ReferralOutcome::Waiting)
        );
        open && self.expected_reply.is_some_and(|d| d < day)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppointmentRow {
    pub id: String,
    pub date: NaiveDate,
    /// Held: a colloquio was recorded from it.
    pub held: bool,
    pub cancelled: bool,
}

/// A period of a case (presa in carico) that overlaps the report's: a reopened case has one
/// row per period, all with the case's id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRow {
    /// The case's id.
    pub id: String,
    pub area: Area,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

/// An intervention of a case running at some time in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterventionRow {
    pub id: String,
    pub kind: InterventionKind,
    pub from: NaiveDate,
}

/// The desk's time in the period (not a count of persons: never suppressed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskTime {
    /// Opening sessions the calendar planned (opening days, holidays and closures excluded).
    pub sessions_planned: u32,
    /// Planned opening days on which a colloquio was recorded.
    pub sessions_held: u32,
    /// Minutes of the planned opening slots.
    pub front_planned_minutes: u32,
    pub front_minutes: u32,
    pub back_minutes: u32,
    /// The monte ore used in the period: billable minutes.
    pub billable_minutes: u32,
    /// For a period still running when the report is made: the day up to which the sessions
    /// planned are counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_until: Option<NaiveDate>,
    /// The community work of the period: group activities and how many took part, network
    /// meetings, coordination tables, and their minutes (left out of the JSON when none, so a
    /// report made before they were recorded keeps its fingerprint).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub group_sessions: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub group_participants: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub network_meetings: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub coordination_tables: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub community_minutes: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl DeskTime {
    /// Whether any community work was recorded in the period.
    pub fn has_community_work(&self) -> bool {
        self.group_sessions + self.network_meetings + self.coordination_tables > 0
    }

    /// " fino al 12/05/2026" when the planned sessions stop short of the period's end.
    pub fn planned_until_text(&self) -> String {
        self.planned_until
            .map(|d| format!(" fino al {}", crate::format::date(d)))
            .unwrap_or_default()
    }
}

/// Everything the figures are computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityInput {
    pub period: Period,
    /// The day the report is made: referrals overdue and appointments still to come as of then.
    pub as_of: NaiveDate,
    /// The desk's comune (cadastral code): its residents are counted apart.
    pub desk_comune: Option<String>,
    pub persons: Vec<PersonRow>,
    pub contacts: Vec<ContactRow>,
    pub referrals: Vec<ReferralRow>,
    pub appointments: Vec<AppointmentRow>,
    pub desk: DeskTime,
    /// The casework of the period (none when the desk takes no one in charge: its tables are
    /// then left out of the report).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<CaseRow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interventions: Vec<InterventionRow>,
}

impl ActivityInput {
    /// Whether the period has casework to report.
    pub fn has_casework(&self) -> bool {
        !self.cases.is_empty() || !self.interventions.is_empty()
    }
}
