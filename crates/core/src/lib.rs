//! Sportello's pure domain.
//!
//! Everything here is plain data and rules: no file system, no database, no clock, no network.
//! The same code runs in the `sportello` CLI, in the Tauri shell and, compiled to wasm32, in the
//! Leptos UI, so a rule (a validation message, a rounding, a date format) exists exactly once.

pub mod backup;
pub mod calendar;
pub mod category;
pub mod codice_fiscale;
pub mod comuni;
pub mod document;
pub mod form_errors;
pub mod format;
pub mod history;
pub mod ids;
pub mod ipc;
pub mod lang;
pub mod ledger;
pub mod messages;
pub mod model;
pub mod papers;
pub mod passphrase;
pub mod privacy;
pub mod register;
pub mod search;
pub mod statement;
pub mod stats;
pub mod units;

pub use category::{
    AgeBand, Area, Channel, Citizenship, CommunityKind, ConsentKind, ContactOutcome, DocumentKind,
    Gender, InterventionKind, MeetingKind, ReferralKind, ReferralOutcome, Relation,
    ReportAddressee, RepresentativeKind, RequestType, Requester, Sector, SentBy, ServiceGiven,
    TimeKind,
};
pub use codice_fiscale::CodiceFiscale;
pub use ids::{
    AppointmentId, AttachmentId, BreachId, CaseId, CommunityActivityId, ConsentId, ContactId,
    ContractId, GoalId, HouseholdLinkId, InterventionId, MeetingId, OperatorId, OutcomeId,
    PersonId, ReferralId, ReviewId, ServiceId, SocialReportId, TimeEntryId,
};
pub use messages::{FieldError, FormErrors, Lang, Msg};
pub use units::{Cents, Minutes};
