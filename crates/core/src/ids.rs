//! Typed identifiers. Every record is keyed by a UUIDv7 (time-ordered, globally unique, so two
//! archives can later be merged). The core only wraps them: generating one needs a clock and
//! randomness, which belong to `sportello-archive`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.as_hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_type!(
    /// A person (utente), named or anonymous.
    PersonId,
    /// A contact (colloquio / accesso).
    ContactId,
    /// A time entry (voce ore).
    TimeEntryId,
    /// A contract (convenzione).
    ContractId,
    /// A service of the territory's catalogue (scheda servizio).
    ServiceId,
    /// A referral (invio).
    ReferralId,
    /// An appointment (appuntamento).
    AppointmentId,
    /// An outcome of a referral (esito).
    OutcomeId,
    /// A link between two persons of one household.
    HouseholdLinkId,
    /// An operator (operatrice / operatore).
    OperatorId,
    /// A specific consent a person gave (consenso).
    ConsentId,
    /// An entry of the register of personal data breaches.
    BreachId,
    /// A group activity, network meeting or coordination table.
    CommunityActivityId,
    /// A document attached to a record (documento).
    AttachmentId,
    /// A case of the social service (presa in carico).
    CaseId,
    /// A goal of a case's personalised plan (obiettivo).
    GoalId,
    /// A review of a goal (verifica).
    ReviewId,
    /// An intervention activated for a case (intervento).
    InterventionId,
    /// A meeting about a case (équipe, UVM, rete, nucleo).
    MeetingId,
    /// One version of a social report (relazione sociale).
    SocialReportId,
);
