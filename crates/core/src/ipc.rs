//! The messages exchanged between the UI (wasm32) and the desktop shell. Both sides compile
//! this one definition, so a renamed field breaks the build instead of the running app.

use crate::messages::{FormErrors, Lang};
use crate::model::{AppointmentSummary, ContactSummary, ContractForm, Person};
use crate::units::{Cents, Minutes};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where the app stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveState {
    /// No archive in the data folder: the first-run wizard.
    NoArchive,
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub state: ArchiveState,
    pub data_dir: String,
    pub lang: Lang,
    pub idle_seconds: u32,
}

/// What the first-run wizard sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateArchiveRequest {
    pub data_dir: String,
    pub passphrase: String,
    pub confirmation: String,
    pub contract: ContractForm,
}

/// The shortest and longest auto-lock delays accepted (1 second is for tests).
pub const IDLE_SECONDS: std::ops::RangeInclusive<u32> = 1..=24 * 3600;

/// Checks an auto-lock delay.
pub fn check_idle_seconds(seconds: u32) -> Result<u32, crate::messages::Msg> {
    if IDLE_SECONDS.contains(&seconds) {
        Ok(seconds)
    } else {
        Err(crate::messages::Msg::IdleOutOfRange)
    }
}

impl CreateArchiveRequest {
    /// Checks the whole request: the folder, the passphrase and its confirmation, the contract.
    /// Returns the contract's terms, or every field error at once.
    pub fn validate(&self) -> Result<crate::model::ContractTerms, FormErrors> {
        let mut errors = FormErrors::default();
        if self.data_dir.trim().is_empty() {
            errors.add("data_dir", crate::messages::Msg::Required);
        }
        if let Err(msg) = crate::passphrase::check_new(&self.passphrase, &self.confirmation) {
            let field = if msg == crate::messages::Msg::PassphraseMismatch {
                "confirmation"
            } else {
                "passphrase"
            };
            errors.add(field, msg);
        }
        match self.contract.parse() {
            Ok(terms) if errors.is_empty() => Ok(terms),
            Ok(_) => Err(errors),
            Err(contract_errors) => {
                errors.0.extend(contract_errors.0);
                Err(errors)
            }
        }
    }
}

/// The recovery key, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedView {
    pub recovery_key: String,
}

/// One person's page: the record and the contacts, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPage {
    pub person: Person,
    pub display_name: String,
    pub contacts: Vec<ContactSummary>,
}

/// How many persons a search lists at most.
pub const PERSON_SEARCH_LIMIT: u32 = 50;

/// The desk at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardView {
    pub today: NaiveDate,
    pub contract: Option<ContractView>,
    pub latest_contacts: Vec<ContactSummary>,
    pub upcoming_appointments: Vec<AppointmentSummary>,
    /// Days since the last backup; `None` when there has been none.
    pub last_backup_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractView {
    pub comune: String,
    pub provider: String,
    pub year_start: NaiveDate,
    pub year_last_day: NaiveDate,
    pub budget: Minutes,
    pub used: Minutes,
    pub remaining: Minutes,
    pub over_budget: Minutes,
    pub amount_used: Cents,
    pub week_monday: NaiveDate,
    pub week_used: Minutes,
    pub week_cap: Minutes,
    pub weeks_over_cap: u32,
    pub pace_needed_per_week: Minutes,
    pub exhaustion_forecast: Option<NaiveDate>,
}

/// Every command error: a stable code, a sentence to show, and the form fields at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub fields: FormErrors,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> CommandError {
        CommandError {
            code: code.to_string(),
            message: message.into(),
            fields: FormErrors::default(),
        }
    }

    pub fn invalid(fields: FormErrors, lang: Lang) -> CommandError {
        let message = match lang {
            Lang::It => "Alcuni campi non sono validi: correggere i dati indicati.",
            Lang::En => "Some fields are not valid: correct the data shown.",
        };
        CommandError {
            code: "invalid_input".into(),
            message: message.into(),
            fields,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Msg;

    #[test]
    fn create_request_reports_every_field_at_once() {
        let request = CreateArchiveRequest {
            data_dir: " ".into(),
            passphrase: "girasole verde mattina".into(),
            confirmation: "girasole verde".into(),
            contract: ContractForm {
                comune: "Roccaverde".into(),
                ..Default::default()
            },
        };
        let errors = request.validate().expect_err("invalid");
        assert_eq!(errors.for_field("data_dir"), Some(&Msg::Required));
        assert_eq!(
            errors.for_field("confirmation"),
            Some(&Msg::PassphraseMismatch)
        );
        assert_eq!(errors.for_field("start"), Some(&Msg::Required));
        assert_eq!(errors.for_field("comune"), None);
        assert_eq!(check_idle_seconds(0), Err(Msg::IdleOutOfRange));
        assert_eq!(check_idle_seconds(300), Ok(300));
    }
}
