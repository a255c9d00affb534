//! Sportello's pure domain.
//!
//! Everything here is plain data and rules: no file system, no database, no clock, no network.
//! The same code runs in the `sportello` CLI, in the Tauri shell and, compiled to wasm32, in the
//! Leptos UI, so a rule (a validation message, a rounding, a date format) exists exactly once.

pub mod category;
pub mod codice_fiscale;
pub mod format;
pub mod ids;
pub mod ipc;
pub mod ledger;
pub mod messages;
pub mod model;
pub mod passphrase;
pub mod units;

pub use category::{
    AgeBand, Area, Channel, Citizenship, Gender, ReferralOutcome, RequestType, ServiceGiven,
    TimeKind,
};
pub use codice_fiscale::CodiceFiscale;
pub use ids::{AppointmentId, ContactId, ContractId, PersonId, ReferralId, ServiceId, TimeEntryId};
pub use messages::{FieldError, FormErrors, Lang, Msg};
pub use units::{Cents, Minutes};
