//! The messages exchanged between the UI (wasm32) and the desktop shell. Both sides compile
//! this one definition, so a renamed field breaks the build instead of the running app.

use crate::category::{Area, Channel, ContactOutcome, ServiceGiven};
use crate::ids::{AppointmentId, ContactId, PersonId, ServiceId};
use crate::messages::{FormErrors, Lang};
use crate::model::{
    AppointmentSummary, Contact, ContactForm, ContactSummary, ContractForm, DeletedPerson,
    HouseholdMember, Person, PersonForm, Referral, TimeEntry,
};
use crate::units::{Cents, Minutes};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

mod agenda;
pub use agenda::*;

/// Where the app stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveState {
    /// No archive in the data folder: the first-run wizard.
    NoArchive,
    /// The archive the settings point to is not there (an unplugged disk, a renamed folder),
    /// or the settings are damaged and none is in the default folder: she is told, and may
    /// look for it; a new archive only if she asks.
    Missing,
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub state: ArchiveState,
    pub data_dir: String,
    pub lang: Lang,
    pub idle_seconds: u32,
    /// A demo archive (invented data, thrown away at exit): the window says *DEMO* throughout.
    #[serde(default)]
    pub demo: bool,
    /// What was wrong with the settings file at start-up, until she has read it.
    #[serde(default)]
    pub settings_problem: Option<String>,
}

/// What the first-run wizard sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateArchiveRequest {
    pub data_dir: String,
    pub passphrase: String,
    pub confirmation: String,
    pub contract: ContractForm,
}

/// The shortest and longest auto-lock delays accepted: from 1 to 60 minutes.
pub const IDLE_SECONDS: std::ops::RangeInclusive<u32> = 60..=60 * 60;

/// Checks an auto-lock delay, in seconds.
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
    /// Something went wrong after the key took effect (shown with the key).
    #[serde(default)]
    pub warning: Option<String>,
}

/// One person's page: the record, the household, and one timeline of everything that
/// concerns them, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPage {
    pub person: Person,
    pub display_name: String,
    /// `Roma (RM)`, from the comune code.
    pub residence_label: Option<String>,
    pub household: Vec<HouseholdMember>,
    pub timeline: Vec<TimelineItem>,
    /// The version of the privacy notice she received, with `person.data.privacy_notice`.
    pub privacy_notice_version: Option<String>,
    /// The specific consents given (and revoked), the latest first.
    pub consents: Vec<crate::model::Consent>,
    /// Her cases (prese in carico), newest first.
    #[serde(default)]
    pub cases: Vec<crate::model::CaseLine>,
}

/// A colloquio as listed on a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactLine {
    pub id: ContactId,
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub duration: Minutes,
    pub channel: Channel,
    pub services: Vec<ServiceGiven>,
    pub areas: Vec<Area>,
    pub outcome: Option<ContactOutcome>,
    pub summary: String,
    pub operator: String,
}

/// One item of a person's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineItem {
    Contact(ContactLine),
    Referral(Referral),
    Appointment(AppointmentSummary),
    /// Time booked by one of the person's colloqui, with who booked it.
    Time(TimeEntryLine),
}

impl TimelineItem {
    pub fn date(&self) -> NaiveDate {
        match self {
            TimelineItem::Contact(c) => c.date,
            TimelineItem::Referral(r) => r.date,
            TimelineItem::Appointment(a) => a.date,
            TimelineItem::Time(t) => t.entry.data.date,
        }
    }

    /// Within a day: colloqui, then what they produced (referrals, time), then appointments.
    fn rank(&self) -> u8 {
        match self {
            TimelineItem::Contact(_) => 0,
            TimelineItem::Referral(_) => 1,
            TimelineItem::Time(_) => 2,
            TimelineItem::Appointment(_) => 3,
        }
    }

    /// Sorts a timeline newest first.
    pub fn sort(items: &mut [TimelineItem]) {
        items.sort_by(|a, b| b.date().cmp(&a.date()).then(a.rank().cmp(&b.rank())));
    }
}

/// The answer to saving a person: saved, or something to look at again first (the codice
/// fiscale against the other data, a possible duplicate). Saving again with `confirmed`
/// accepts the warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PersonSaved {
    Saved { id: PersonId },
    Check { warnings: FormErrors },
}

/// What the person form sends: a new person (`id` empty) or the changes to one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavePersonRequest {
    pub id: Option<PersonId>,
    pub form: PersonForm,
    /// The operator has seen the warnings and saves anyway.
    pub confirmed: bool,
}

/// What the colloquio form sends: a new colloquio (`id` empty) or the changes to one. For an
/// anonymous contact, `anonymous` holds the gender, age band and citizenship, and `person` is
/// empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveContactRequest {
    pub id: Option<ContactId>,
    pub person: Option<PersonId>,
    /// A person registered with the colloquio: anonymous, or named for a guest's appointment.
    pub anonymous: Option<PersonForm>,
    pub form: ContactForm,
    /// The appointment this colloquio holds, marked as held in the same transaction.
    #[serde(default)]
    pub appointment: Option<AppointmentId>,
}

/// A colloquio opened for editing: the form as it was saved, and its referrals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEdit {
    pub contact: Contact,
    pub form: ContactForm,
    pub person_name: String,
    pub referrals: Vec<Referral>,
}

/// A service of the catalogue, as offered in the referral picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceOption {
    pub id: ServiceId,
    pub name: String,
    pub area: Option<Area>,
    /// A private body receives a person's data only with their consent.
    pub sector: crate::category::Sector,
}

/// A comune, as offered in the residence picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComuneOption {
    pub code: String,
    pub label: String,
}

/// A deleted colloquio, in the bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedContact {
    pub id: ContactId,
    pub person_name: String,
    pub date: NaiveDate,
    pub deleted_on: NaiveDate,
    pub reason: String,
}

/// The bin (Cestino): deleted persons and colloqui, restorable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BinView {
    pub persons: Vec<DeletedPerson>,
    pub contacts: Vec<DeletedContact>,
}

/// The keyboard shortcut that opens a new colloquio (shown in the interface).
pub const NEW_CONTACT_SHORTCUT: &str = "Alt+N";

/// How many persons a search lists at most.
pub const PERSON_SEARCH_LIMIT: u32 = 50;

/// The desk at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardView {
    pub today: NaiveDate,
    pub contract: Option<ContractView>,
    pub latest_contacts: Vec<ContactSummary>,
    pub upcoming_appointments: Vec<AppointmentSummary>,
    /// Appointments marked as no-shows in the last month, newest first.
    #[serde(default)]
    pub recent_no_shows: Vec<AppointmentSummary>,
    /// Days since the last backup; `None` when there has been none.
    pub last_backup_days: Option<u32>,
    /// Where backups go, and whether that folder is there now (a USB stick may be out).
    #[serde(default)]
    pub backup_dir: String,
    #[serde(default)]
    pub backup_dir_present: bool,
    /// Why the last automatic backup (on lock or close) failed, if it did.
    #[serde(default)]
    pub backup_problem: Option<String>,
    /// The recovery key shown at set-up (or by *Nuova chiave di recupero*) was never
    /// confirmed: the app was closed before. A new key must be made.
    #[serde(default)]
    pub recovery_pending: bool,
    /// Referrals waiting for an outcome, and how many of them are past their expected reply.
    pub waiting_referrals: u32,
    pub overdue_referrals: u32,
    /// Documents expired or expiring within a month (an ISEE at the end of the year).
    #[serde(default)]
    pub expiring_documents: Vec<crate::model::ExpiringDocument>,
    /// The deadlines of the open cases (plan reviews, the Assegno di Inclusione's meetings),
    /// soonest first: the overdue ones, and those due within a month.
    #[serde(default)]
    pub case_deadlines: Vec<crate::model::CaseDeadline>,
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
    pub pace_needed_per_opening_day: Minutes,
    pub opening_days_left: u32,
    pub exhaustion_forecast: Option<NaiveDate>,
    pub projected_use: Minutes,
    pub alert: Option<crate::ledger::BudgetAlert>,
}

/// Billable and other time of one month (the hours page's chart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthHours {
    pub year: i32,
    pub month: u32,
    pub billable: Minutes,
    pub not_billable: Minutes,
}

/// One day of the week view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub date: NaiveDate,
    pub billable: Minutes,
    pub not_billable: Minutes,
    /// A holiday or a closure, by name.
    pub closed: Option<String>,
}

/// A time entry as the hours page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeEntryLine {
    pub entry: TimeEntry,
    /// The person of the colloquio it belongs to.
    pub person_name: Option<String>,
    pub operator: String,
}

/// The hours page: the contract year's ledger, a week, a month's entries, the months' chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursView {
    pub today: NaiveDate,
    /// The contract year shown, as the commands that close, reopen or reconcile it name it.
    pub year: YearRef,
    pub comune: String,
    pub summary: crate::ledger::YearSummary,
    pub locked_on: Option<NaiveDate>,
    /// The kinds the contract bills by default (the form's starting point).
    pub billable_kinds: Vec<crate::category::TimeKind>,
    pub months: Vec<MonthHours>,
    pub week_monday: NaiveDate,
    pub week: Vec<DayHours>,
    pub week_total: Minutes,
    pub week_note: Option<String>,
    pub month: (i32, u32),
    pub entries: Vec<TimeEntryLine>,
    /// Who delivered the month's time, and the contract year's.
    pub month_by_operator: Vec<crate::statement::OperatorMinutes>,
    pub year_by_operator: Vec<crate::statement::OperatorMinutes>,
    pub issued: Vec<crate::statement::IssuedStatement>,
}

/// A contract year: the contract and the day the year starts (two contracts may each have a
/// year starting in the same calendar year, as at a change of provider).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRef {
    pub contract: crate::ids::ContractId,
    pub year_start: NaiveDate,
}

/// What the hours page asks for: a month's entries and a week (defaults: today's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursRequest {
    pub month: Option<(i32, u32)>,
    pub week_of: Option<NaiveDate>,
}

/// The activity report of a period, with the small-count threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRequest {
    pub period: crate::stats::Period,
    pub threshold: u64,
}

/// The comune of the desk, as the Settings page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComuneSettings {
    /// The cadastral code, set or guessed (empty when neither).
    pub code: String,
    /// "Roccaverano (AT)".
    pub label: String,
    /// True when the code is a guess (from the contract or the persons' residence).
    pub guessed: bool,
    /// The coat of arms' size in pixels, when one is set.
    pub logo: Option<(u32, u32)>,
}

/// A backup written from the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupView {
    pub path: String,
    pub kilobytes: u64,
    /// Older backups removed by the rotation.
    pub removed: u32,
}

/// A restore from the app: when the copy was made (dd/mm/yyyy hh:mm) and how many rows it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoredView {
    pub taken_at: String,
    pub rows: u64,
}

/// How *Backup adesso* is doing (the copy is written on its own thread).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum BackupJobView {
    Running {
        percent: u8,
        stage: JobStage,
    },
    Done {
        backup: BackupView,
    },
    Failed {
        error: CommandError,
    },
    /// Stopped by the lock, or unknown.
    Cancelled,
}

/// After this many days without a backup the dashboard warns.
pub const BACKUP_WARNING_DAYS: u32 = 7;

/// How *Cambia la chiave dell'archivio*, run as a job, is doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum KeyJobView {
    Running {
        percent: u8,
        stage: JobStage,
    },
    Done,
    Failed {
        error: CommandError,
    },
    /// Stopped before anything changed (she cancelled, or the desk locked), or unknown.
    Cancelled,
}

/// How an import, run as a job, is doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ImportJobView {
    Running {
        percent: u8,
        stage: JobStage,
    },
    Done {
        outcome: crate::register::ImportOutcome,
    },
    /// Refused or failed: nothing was imported.
    Failed {
        error: CommandError,
    },
    /// Stopped before anything was written: she cancelled.
    Cancelled,
    /// No such import running: its outcome was given already, or the desk locked (the page
    /// reads the list of imports to know).
    Unknown,
}

/// A long job's answer to the page that polls it: how far it got while it runs.
pub trait JobView {
    /// The percentage and the stage while it runs; `None` once it is over.
    fn running(&self) -> Option<(u8, JobStage)>;
}

macro_rules! job_view {
    ($($view:ident),*) => {$(
        impl JobView for $view {
            fn running(&self) -> Option<(u8, JobStage)> {
                match self {
                    $view::Running { percent, stage } => Some((*percent, *stage)),
                    _ => None,
                }
            }
        }
    )*};
}
job_view!(KeyJobView, ImportJobView, BackupJobView, ReportJobView);

/// What a long job (the activity report) is doing, as the page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStage {
    Starting,
    Persons,
    Contacts,
    Referrals,
    Appointments,
    DeskTime,
    Figures,
    Suppression,
    BackupWriting,
    BackupChecking,
    RekeyCopying,
    RekeyChecking,
    RekeyFinishing,
    ImportReading,
    ImportWriting,
    Done,
}

impl JobStage {
    pub fn label(self, lang: Lang) -> &'static str {
        let (it, en) = match self {
            JobStage::Starting => ("Avvio", "Starting"),
            JobStage::Persons => ("Lettura delle persone", "Reading the persons"),
            JobStage::Contacts => ("Lettura dei colloqui", "Reading the colloqui"),
            JobStage::Referrals => ("Lettura degli invii", "Reading the referrals"),
            JobStage::Appointments => ("Lettura degli appuntamenti", "Reading the appointments"),
            JobStage::DeskTime => ("Aperture e ore", "Opening days and hours"),
            JobStage::Figures => ("Calcolo delle cifre", "Computing the figures"),
            JobStage::Suppression => ("Protezione dei piccoli numeri", "Protecting small counts"),
            JobStage::BackupWriting => (
                "Scrittura della copia cifrata",
                "Writing the encrypted copy",
            ),
            JobStage::BackupChecking => (
                "Rilettura e controllo della copia",
                "Reading the copy back and checking it",
            ),
            JobStage::RekeyCopying => (
                "Copia del database con la nuova chiave",
                "Copying the database under the new key",
            ),
            JobStage::RekeyChecking => (
                "Controllo della copia con la nuova chiave",
                "Checking the copy under the new key",
            ),
            JobStage::RekeyFinishing => ("Sostituzione dei file", "Putting the files in place"),
            JobStage::ImportReading => (
                "Lettura e controllo delle righe",
                "Reading and checking the rows",
            ),
            JobStage::ImportWriting => (
                "Scrittura delle righe nell'archivio",
                "Writing the rows into the archive",
            ),
            JobStage::Done => ("Fatto", "Done"),
        };
        match lang {
            Lang::It => it,
            Lang::En => en,
        }
    }
}

/// A running activity report, as the page polls it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReportJobView {
    Running {
        percent: u8,
        stage: JobStage,
    },
    Done {
        report: Box<crate::stats::ActivityReport>,
    },
    Failed {
        error: CommandError,
    },
    /// Cancelled by her, by a newer request or by the lock; or unknown.
    Cancelled,
}

/// The report to save: its period and threshold (the figures are computed again by the
/// archive, never taken from the page), and the texts she edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveActivityRequest {
    pub period: crate::stats::Period,
    pub threshold: u64,
    pub narrative: String,
    pub sections: Vec<(String, String)>,
    #[serde(default)]
    pub missing_resources: String,
    /// The figures the page showed when she wrote the texts: the save is refused if the
    /// records changed since.
    #[serde(default)]
    pub shown: Option<crate::stats::PrintedFigures>,
}

/// One figure of a report: a table's row (and column), or its total with row "totale".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceRequest {
    pub period: crate::stats::Period,
    pub table: String,
    pub row: String,
    pub column: Option<String>,
}

/// A record behind a figure, as the app lists it (the operator's own view: names shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracedRecord {
    pub person: Option<crate::ids::PersonId>,
    pub person_name: String,
    pub date: Option<NaiveDate>,
    /// What the record is: "Colloquio · Telefono", "Invio a Centro diurno", …
    pub detail: String,
}

/// The records behind a figure: how many, and the first of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceView {
    pub total: usize,
    pub records: Vec<TracedRecord>,
}

/// A time entry saved from the hours page: new (`id` empty) or changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveTimeEntryRequest {
    pub id: Option<crate::ids::TimeEntryId>,
    pub form: crate::model::TimeEntryForm,
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

    /// The sentence to show where the screen has no field to carry the error (a delete, a
    /// year's closing, a PDF): the first field's own message ("… è chiuso: riaprirlo …") when
    /// there is one, else the general message.
    pub fn sentence(&self, lang: Lang) -> String {
        self.fields
            .0
            .first()
            .map(|f| f.msg.text(lang))
            .unwrap_or_else(|| self.message.clone())
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
        assert_eq!(check_idle_seconds(59), Err(Msg::IdleOutOfRange));
        assert_eq!(check_idle_seconds(60), Ok(60));
        assert_eq!(check_idle_seconds(300), Ok(300));
        assert_eq!(check_idle_seconds(3600), Ok(3600));
        assert_eq!(check_idle_seconds(3601), Err(Msg::IdleOutOfRange));
    }
}

/// The retention page: the period the comune set, the day it reaches back to, who is past it,
/// and the register of what the comune instructed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionView {
    pub years: u32,
    /// A last colloquio before this day is past the period.
    pub cutoff: NaiveDate,
    pub candidates: Vec<crate::model::RetentionCandidate>,
    pub register: Vec<crate::model::ErasureRecord>,
}

/// The comune's instruction carried out for the persons she selected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRequest {
    pub persons: Vec<PersonId>,
    pub kind: crate::model::ErasureKind,
    pub instruction: crate::model::InstructionForm,
}

/// What she decided in the access review, and for whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessExportRequest {
    pub person: PersonId,
    pub review: crate::model::AccessReview,
}
