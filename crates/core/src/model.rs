//! The records of the archive, as typed values, and the forms that produce them.
//!
//! A `…Form` holds what a person typed, as strings; its `parse` returns either the typed record
//! (`New…`) or every field error at once, with the message to show beside each field. The
//! archive stores only typed records, so nothing unparsed reaches the database.

use crate::category::{
    AgeBand, Area, Channel, Citizenship, Gender, RequestType, ServiceGiven, TimeKind,
};
use crate::codice_fiscale::CodiceFiscale;
use crate::format;
use crate::ids::{AppointmentId, ContactId, ContractId, PersonId, TimeEntryId};
use crate::messages::{FormErrors, Msg};
use crate::units::{Cents, Minutes};
use chrono::{Datelike, Months, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// Contract (convenzione)

/// VAT treatment of the hourly rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VatRegime {
    /// Esente IVA (e.g. art. 10 DPR 633/72 for social services by a cooperativa sociale).
    Exempt,
    /// A rate in basis points (500 = 5%, 2200 = 22%).
    Rate { basis_points: u32 },
}

/// A weekly opening slot of the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningSlot {
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl OpeningSlot {
    pub fn minutes(&self) -> Minutes {
        let secs = (self.end - self.start).num_seconds().max(0);
        Minutes(u32::try_from(secs / 60).unwrap_or(0))
    }

    /// Parses `mar 09:00-13:00` (Italian or English weekday, full or abbreviated).
    pub fn parse(input: &str) -> Result<OpeningSlot, Msg> {
        let s = input.trim();
        let (day, times) = s.split_once(char::is_whitespace).ok_or(Msg::SlotFormat)?;
        let weekday = parse_weekday(day).ok_or(Msg::SlotFormat)?;
        let (start, end) = times.trim().split_once('-').ok_or(Msg::SlotFormat)?;
        let start = format::parse_time(start).map_err(|_| Msg::SlotFormat)?;
        let end = format::parse_time(end).map_err(|_| Msg::SlotFormat)?;
        if end <= start {
            return Err(Msg::SlotEndBeforeStart);
        }
        Ok(OpeningSlot {
            weekday,
            start,
            end,
        })
    }

    /// `mar 09:00-13:00`
    pub fn to_text(&self) -> String {
        format!(
            "{} {}-{}",
            weekday_it(self.weekday),
            format::time(self.start),
            format::time(self.end)
        )
    }
}

/// Three-letter Italian weekday, as in `mar 09:00-13:00`.
pub fn weekday_it(day: Weekday) -> &'static str {
    ["lun", "mar", "mer", "gio", "ven", "sab", "dom"][day.num_days_from_monday() as usize]
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_lowercase();
    let prefix: String = s.chars().take(3).collect();
    let it = ["lun", "mar", "mer", "gio", "ven", "sab", "dom"];
    let en = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let index = it
        .iter()
        .position(|d| *d == prefix)
        .or_else(|| en.iter().position(|d| *d == prefix))?;
    Weekday::try_from(u8::try_from(index).ok()?).ok()
}

/// A period when the desk is closed (e.g. August).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
}

/// The terms of the contract between the comune and the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractTerms {
    pub comune: String,
    pub provider: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The first day of the first contract year; later years start on its anniversaries.
    pub year_start: NaiveDate,
    pub yearly_budget: Minutes,
    pub hourly_rate: Cents,
    pub vat: VatRegime,
    pub weekly_cap: Minutes,
    pub opening_slots: Vec<OpeningSlot>,
    pub closures: Vec<Closure>,
}

/// A contract year: `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractYear {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl ContractYear {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d < self.end
    }

    /// The last day that belongs to the year.
    pub fn last_day(&self) -> NaiveDate {
        self.end.pred_opt().unwrap_or(self.end)
    }
}

impl ContractTerms {
    /// The contract year that contains `date` (years before `year_start` count backwards).
    pub fn year_containing(&self, date: NaiveDate) -> ContractYear {
        let mut k: i32 = date.year() - self.year_start.year();
        let start_of = |k: i32| -> NaiveDate {
            let months = Months::new(12 * k.unsigned_abs());
            let shifted = if k >= 0 {
                self.year_start.checked_add_months(months)
            } else {
                self.year_start.checked_sub_months(months)
            };
            shifted.unwrap_or(self.year_start)
        };
        while start_of(k) > date {
            k -= 1;
        }
        while start_of(k + 1) <= date {
            k += 1;
        }
        ContractYear {
            start: start_of(k),
            end: start_of(k + 1),
        }
    }

    pub fn is_closed_on(&self, date: NaiveDate) -> bool {
        self.closures.iter().any(|c| c.from <= date && date <= c.to)
    }
}

/// A stored contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub id: ContractId,
    pub terms: ContractTerms,
}

/// The contract as typed in the first-run wizard or in the settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractForm {
    pub comune: String,
    pub provider: String,
    pub start: String,
    pub end: String,
    pub year_start: String,
    pub yearly_hours: String,
    pub hourly_rate: String,
    pub vat_exempt: bool,
    pub weekly_cap_hours: String,
    /// One slot per line, `mar 09:00-13:00`.
    pub opening_slots: String,
}

/// The largest yearly budget accepted: 52 weeks of 40 hours.
const MAX_YEARLY_HOURS: u32 = 2080;

impl ContractForm {
    pub fn parse(&self) -> Result<ContractTerms, FormErrors> {
        let mut e = FormErrors::default();
        let comune = e.check("comune", required_text(&self.comune, 200));
        let provider = e.check("provider", required_text(&self.provider, 200));
        let start = e.check("start", format::parse_date(&self.start));
        let end = e.check("end", format::parse_date(&self.end));
        let year_start = if self.year_start.trim().is_empty() {
            start
        } else {
            e.check("year_start", format::parse_date(&self.year_start))
        };
        let yearly_budget = e.check(
            "yearly_hours",
            format::parse_hours(&self.yearly_hours)
                .and_then(|m| positive_hours(m, MAX_YEARLY_HOURS)),
        );
        let hourly_rate = e.check("hourly_rate", format::parse_euro(&self.hourly_rate));
        let weekly_cap = e.check(
            "weekly_cap_hours",
            format::parse_hours(&self.weekly_cap_hours).and_then(|m| positive_hours(m, 40)),
        );
        let mut opening_slots = Vec::new();
        for line in self.opening_slots.lines().filter(|l| !l.trim().is_empty()) {
            match OpeningSlot::parse(line) {
                Ok(slot) => opening_slots.push(slot),
                Err(msg) => {
                    e.add("opening_slots", msg);
                    break;
                }
            }
        }
        if let (Some(s), Some(en)) = (start, end) {
            if en <= s {
                e.add("end", Msg::EndBeforeStart);
            }
        }
        if let (Some(cap), Some(budget)) = (weekly_cap, yearly_budget) {
            if cap > budget {
                e.add("weekly_cap_hours", Msg::WeeklyCapAboveBudget);
            }
        }
        match (
            comune,
            provider,
            start,
            end,
            year_start,
            yearly_budget,
            hourly_rate,
            weekly_cap,
        ) {
            (
                Some(comune),
                Some(provider),
                Some(start),
                Some(end),
                Some(year_start),
                Some(yearly_budget),
                Some(hourly_rate),
                Some(weekly_cap),
            ) if e.is_empty() => Ok(ContractTerms {
                comune,
                provider,
                start,
                end,
                year_start,
                yearly_budget,
                hourly_rate,
                vat: if self.vat_exempt {
                    VatRegime::Exempt
                } else {
                    VatRegime::Rate { basis_points: 2200 }
                },
                weekly_cap,
                opening_slots,
                closures: Vec::new(),
            }),
            _ => Err(e),
        }
    }
}

fn positive_hours(m: Minutes, max_hours: u32) -> Result<Minutes, Msg> {
    if m.0 == 0 {
        Err(Msg::HoursZero)
    } else if m.0 > max_hours * 60 {
        Err(Msg::HoursTooMany { max_hours })
    } else {
        Ok(m)
    }
}

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

// ---------------------------------------------------------------------------------------------
// Person (utente)

/// When a person was born, as far as known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Birth {
    Date(NaiveDate),
    Year(i32),
}

impl Birth {
    /// Age in whole years on `on` (for a year only: the age reached during that year).
    pub fn age_on(&self, on: NaiveDate) -> i32 {
        match *self {
            Birth::Date(b) => {
                let mut age = on.year() - b.year();
                if (on.month(), on.day()) < (b.month(), b.day()) {
                    age -= 1;
                }
                age
            }
            Birth::Year(y) => on.year() - y,
        }
    }
}

/// Who the person is: a named record, or an anonymous contact kept only for statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Identity {
    Named {
        surname: String,
        name: String,
        codice_fiscale: Option<CodiceFiscale>,
        birth: Option<Birth>,
    },
    Anonymous {
        age_band: AgeBand,
    },
}

/// A person to be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    pub identity: Identity,
    pub gender: Gender,
    pub citizenship: Citizenship,
    pub residence: String,
    pub phone: String,
    pub email: String,
    pub household_notes: String,
    pub privacy_notice: Option<NaiveDate>,
}

impl NewPerson {
    pub fn anonymous(gender: Gender, age_band: AgeBand, citizenship: Citizenship) -> NewPerson {
        NewPerson {
            identity: Identity::Anonymous { age_band },
            gender,
            citizenship,
            residence: String::new(),
            phone: String::new(),
            email: String::new(),
            household_notes: String::new(),
            privacy_notice: None,
        }
    }
}

/// A stored person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    #[serde(flatten)]
    pub data: NewPerson,
}

impl Person {
    /// `Cognome Nome`, or `Anonimo` with the id's short form for anonymous contacts.
    pub fn display_name(&self) -> String {
        display_name(&self.data.identity, self.id)
    }
}

pub fn display_name(identity: &Identity, id: PersonId) -> String {
    match identity {
        Identity::Named { surname, name, .. } => format!("{surname} {name}"),
        Identity::Anonymous { .. } => {
            let short: String = id.to_string().chars().rev().take(4).collect();
            format!("Anonimo #{}", short.chars().rev().collect::<String>())
        }
    }
}

/// A person as typed in a form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonForm {
    pub anonymous: bool,
    pub surname: String,
    pub name: String,
    pub codice_fiscale: String,
    /// `gg/mm/aaaa` or a four-digit year.
    pub birth: String,
    pub age_band: String,
    pub gender: String,
    pub citizenship: String,
    pub residence: String,
    pub phone: String,
    pub email: String,
    pub household_notes: String,
    pub privacy_notice: String,
}

impl PersonForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NewPerson, FormErrors> {
        let mut e = FormErrors::default();
        let gender = e.check(
            "gender",
            Gender::from_code(self.gender.trim()).ok_or(Msg::Required),
        );
        let citizenship = e.check(
            "citizenship",
            Citizenship::from_code(self.citizenship.trim()).ok_or(Msg::Required),
        );
        let identity = if self.anonymous {
            let band = if self.age_band.trim().is_empty() {
                Some(AgeBand::Unknown)
            } else {
                e.check(
                    "age_band",
                    AgeBand::from_code(self.age_band.trim()).ok_or(Msg::Required),
                )
            };
            band.map(|age_band| Identity::Anonymous { age_band })
        } else {
            let surname = e.check("surname", required_text(&self.surname, 100));
            let name = e.check("name", required_text(&self.name, 100));
            let codice_fiscale = if self.codice_fiscale.trim().is_empty() {
                Some(None)
            } else {
                e.check(
                    "codice_fiscale",
                    CodiceFiscale::parse(&self.codice_fiscale).map(Some),
                )
            };
            let birth = e.check("birth", parse_birth(&self.birth, today));
            match (surname, name, codice_fiscale, birth) {
                (Some(surname), Some(name), Some(codice_fiscale), Some(birth)) => {
                    Some(Identity::Named {
                        surname,
                        name,
                        codice_fiscale,
                        birth,
                    })
                }
                _ => None,
            }
        };
        let residence = e.check("residence", optional_text(&self.residence, 300));
        let phone = e.check("phone", optional_text(&self.phone, 50));
        let email = e.check("email", parse_email(&self.email));
        let household_notes = e.check(
            "household_notes",
            optional_text(&self.household_notes, 5000),
        );
        let privacy_notice = if self.privacy_notice.trim().is_empty() {
            Some(None)
        } else {
            e.check(
                "privacy_notice",
                parse_past_date(&self.privacy_notice, today).map(Some),
            )
        };
        match (
            identity,
            gender,
            citizenship,
            residence,
            phone,
            email,
            household_notes,
            privacy_notice,
        ) {
            (
                Some(identity),
                Some(gender),
                Some(citizenship),
                Some(residence),
                Some(phone),
                Some(email),
                Some(household_notes),
                Some(privacy_notice),
            ) if e.is_empty() => Ok(NewPerson {
                identity,
                gender,
                citizenship,
                residence,
                phone,
                email,
                household_notes,
                privacy_notice,
            }),
            _ => Err(e),
        }
    }
}

fn parse_past_date(input: &str, today: NaiveDate) -> Result<NaiveDate, Msg> {
    let d = format::parse_date(input)?;
    if d > today {
        Err(Msg::DateInFuture)
    } else {
        Ok(d)
    }
}

fn parse_birth(input: &str, today: NaiveDate) -> Result<Option<Birth>, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        let year: i32 = s.parse().map_err(|_| Msg::BirthYearRange)?;
        if year < 1900 || year > today.year() {
            return Err(Msg::BirthYearRange);
        }
        return Ok(Some(Birth::Year(year)));
    }
    parse_past_date(s, today).map(|d| Some(Birth::Date(d)))
}

fn parse_email(input: &str) -> Result<String, Msg> {
    let s = optional_text(input, 200)?;
    if s.is_empty() {
        return Ok(s);
    }
    match s.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace) =>
        {
            Ok(s)
        }
        _ => Err(Msg::EmailFormat),
    }
}

// ---------------------------------------------------------------------------------------------
// Contact (colloquio / accesso)

/// A contact to be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewContact {
    pub person: PersonId,
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub duration: Minutes,
    pub channel: Channel,
    pub services: Vec<ServiceGiven>,
    pub areas: Vec<Area>,
    /// The "senza dimora" sub-flag of the poverty area.
    pub homeless: bool,
    pub request_type: Option<RequestType>,
    pub summary: String,
    pub next_steps: String,
}

/// A stored contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    #[serde(flatten)]
    pub data: NewContact,
}

/// One line of a contact list: enough to show, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactSummary {
    pub id: ContactId,
    pub person: PersonId,
    pub person_name: String,
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub duration: Minutes,
    pub channel: Channel,
}

/// One line of a person list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: PersonId,
    pub display_name: String,
    pub anonymous: bool,
    pub last_contact: Option<NaiveDate>,
}

// ---------------------------------------------------------------------------------------------
// Time entries (voci ore) and appointments

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

/// A stored time entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeEntry {
    pub id: TimeEntryId,
    #[serde(flatten)]
    pub data: NewTimeEntry,
}

/// An appointment in the desk's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentSummary {
    pub id: AppointmentId,
    pub date: NaiveDate,
    pub start_time: NaiveTime,
    pub person_name: Option<String>,
    pub note: String,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    /// The contract the tests use: 178 h at 23,00 €, 4 h a week, years from 1 March.
    pub(crate) fn good_contract() -> ContractForm {
        ContractForm {
            comune: "Comune di Roccaverde".into(),
            provider: "Cooperativa Sociale Il Ponte".into(),
            start: "01/03/2025".into(),
            end: "28/02/2028".into(),
            year_start: "01/03/2025".into(),
            yearly_hours: "178".into(),
            hourly_rate: "23,00".into(),
            vat_exempt: true,
            weekly_cap_hours: "4".into(),
            opening_slots: "mar 09:00-13:00".into(),
        }
    }

    #[test]
    fn contract_form_parses() {
        let terms = good_contract().parse().expect("valid");
        assert_eq!(terms.yearly_budget, Minutes(178 * 60));
        assert_eq!(terms.hourly_rate, Cents(2300));
        assert_eq!(terms.weekly_cap, Minutes(240));
        assert_eq!(terms.opening_slots[0].weekday, Weekday::Tue);
        assert_eq!(terms.opening_slots[0].minutes(), Minutes(240));
        assert_eq!(terms.opening_slots[0].to_text(), "mar 09:00-13:00");
    }

    #[test]
    fn contract_form_reports_every_bad_field() {
        let form = ContractForm {
            comune: " ".into(),
            end: "01/01/2025".into(),
            yearly_hours: "0".into(),
            hourly_rate: "ventitre".into(),
            weekly_cap_hours: "50".into(),
            opening_slots: "mar 13:00-09:00".into(),
            ..good_contract()
        };
        let errors = form.parse().expect_err("invalid");
        assert_eq!(errors.for_field("comune"), Some(&Msg::Required));
        assert_eq!(errors.for_field("end"), Some(&Msg::EndBeforeStart));
        assert_eq!(errors.for_field("yearly_hours"), Some(&Msg::HoursZero));
        assert_eq!(errors.for_field("hourly_rate"), Some(&Msg::MoneyFormat));
        assert_eq!(
            errors.for_field("weekly_cap_hours"),
            Some(&Msg::HoursTooMany { max_hours: 40 })
        );
        assert_eq!(
            errors.for_field("opening_slots"),
            Some(&Msg::SlotEndBeforeStart)
        );
        assert_eq!(errors.for_field("provider"), None);
        assert_eq!(Msg::Required.text(crate::Lang::It), "Campo obbligatorio.");
    }

    #[test]
    fn contract_years_follow_their_own_start() {
        let terms = good_contract().parse().expect("valid");
        let y = terms.year_containing(d(2026, 2, 28));
        assert_eq!((y.start, y.end), (d(2025, 3, 1), d(2026, 3, 1)));
        let y = terms.year_containing(d(2026, 3, 1));
        assert_eq!((y.start, y.end), (d(2026, 3, 1), d(2027, 3, 1)));
        let y = terms.year_containing(d(2024, 12, 31));
        assert_eq!((y.start, y.end), (d(2024, 3, 1), d(2025, 3, 1)));
        assert_eq!(y.last_day(), d(2025, 2, 28));
    }

    #[test]
    fn person_form() {
        let today = d(2026, 11, 24);
        let form = PersonForm {
            surname: "Rossi".into(),
            name: "Mario".into(),
            codice_fiscale: "rssmra85t10a562s".into(),
            birth: "10/12/1985".into(),
            gender: "M".into(),
            citizenship: "IT".into(),
            ..Default::default()
        };
        let p = form.parse(today).expect("valid");
        match p.identity {
            Identity::Named {
                codice_fiscale,
                birth,
                ..
            } => {
                assert_eq!(
                    codice_fiscale.map(|c| c.to_string()).as_deref(),
                    Some("RSSMRA85T10A562S")
                );
                assert_eq!(birth.map(|b| b.age_on(today)), Some(40));
            }
            Identity::Anonymous { .. } => panic!("named expected"),
        }
        let bad = PersonForm {
            codice_fiscale: "RSSMRA85T10A562T".into(),
            birth: "2030".into(),
            email: "x@".into(),
            ..form
        };
        let e = bad.parse(today).expect_err("invalid");
        assert_eq!(e.for_field("codice_fiscale"), Some(&Msg::CfChecksum));
        assert_eq!(e.for_field("birth"), Some(&Msg::BirthYearRange));
        assert_eq!(e.for_field("email"), Some(&Msg::EmailFormat));
        let anon = PersonForm {
            anonymous: true,
            gender: "F".into(),
            citizenship: "UE".into(),
            age_band: "26-35".into(),
            ..Default::default()
        };
        assert!(matches!(
            anon.parse(today).expect("valid").identity,
            Identity::Anonymous {
                age_band: AgeBand::From26To35
            }
        ));
    }
}
