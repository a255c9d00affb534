//! The person (utente): a named record or an anonymous contact, the form that produces one, the
//! rules for a merge of two records of the same person, and the household links.

use super::{optional_code, optional_text, parse_past_date, required_code, required_text};
use crate::category::{AgeBand, Citizenship, Gender, Relation, RepresentativeKind};
use crate::codice_fiscale::CodiceFiscale;
use crate::ids::PersonId;
use crate::messages::{FormErrors, Msg};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

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

    pub fn year(&self) -> i32 {
        match *self {
            Birth::Date(d) => d.year(),
            Birth::Year(y) => y,
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

/// Someone who may act for the person: a guardian, a support administrator, a delegate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Representative {
    pub kind: RepresentativeKind,
    pub name: String,
    /// Phone, email or address: how to reach them.
    pub contact: String,
    pub note: String,
}

/// A person to be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    pub identity: Identity,
    pub gender: Gender,
    pub citizenship: Citizenship,
    /// The Belfiore code of the comune of residence, from the national list.
    pub residence: Option<String>,
    /// Street and number.
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The language the person speaks, when it is not Italian.
    pub language: String,
    pub interpreter: bool,
    pub household_notes: String,
    pub privacy_notice: Option<NaiveDate>,
    pub representatives: Vec<Representative>,
}

impl NewPerson {
    pub fn anonymous(gender: Gender, age_band: AgeBand, citizenship: Citizenship) -> NewPerson {
        NewPerson {
            identity: Identity::Anonymous { age_band },
            gender,
            citizenship,
            residence: None,
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            language: String::new(),
            interpreter: false,
            household_notes: String::new(),
            privacy_notice: None,
            representatives: Vec::new(),
        }
    }

    pub fn codice_fiscale(&self) -> Option<&CodiceFiscale> {
        match &self.identity {
            Identity::Named { codice_fiscale, .. } => codice_fiscale.as_ref(),
            Identity::Anonymous { .. } => None,
        }
    }

    /// The form that shows this person for editing.
    pub fn to_form(&self) -> PersonForm {
        let (anonymous, surname, name, cf, birth, age_band) = match &self.identity {
            Identity::Named {
                surname,
                name,
                codice_fiscale,
                birth,
            } => (
                false,
                surname.clone(),
                name.clone(),
                codice_fiscale
                    .as_ref()
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                match birth {
                    Some(Birth::Date(d)) => crate::format::date(*d),
                    Some(Birth::Year(y)) => y.to_string(),
                    None => String::new(),
                },
                String::new(),
            ),
            Identity::Anonymous { age_band } => (
                true,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                age_band.code().to_string(),
            ),
        };
        PersonForm {
            anonymous,
            surname,
            name,
            codice_fiscale: cf,
            birth,
            age_band,
            gender: self.gender.code().into(),
            citizenship: self.citizenship.code().into(),
            residence: self.residence.clone().unwrap_or_default(),
            address: self.address.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            language: self.language.clone(),
            interpreter: self.interpreter,
            household_notes: self.household_notes.clone(),
            privacy_notice: self
                .privacy_notice
                .map(crate::format::date)
                .unwrap_or_default(),
            representatives: self
                .representatives
                .iter()
                .map(|r| RepresentativeForm {
                    kind: r.kind.code().into(),
                    name: r.name.clone(),
                    contact: r.contact.clone(),
                    note: r.note.clone(),
                })
                .collect(),
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

/// A representative as typed in the person form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepresentativeForm {
    pub kind: String,
    pub name: String,
    pub contact: String,
    pub note: String,
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
    /// The Belfiore code of the comune of residence, chosen from the list (empty: not known).
    pub residence: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub language: String,
    pub interpreter: bool,
    pub household_notes: String,
    pub privacy_notice: String,
    pub representatives: Vec<RepresentativeForm>,
}

impl PersonForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NewPerson, FormErrors> {
        let mut e = FormErrors::default();
        let gender = e.check("gender", required_code(&self.gender, Gender::from_code));
        let citizenship = e.check(
            "citizenship",
            required_code(&self.citizenship, Citizenship::from_code),
        );
        let identity = if self.anonymous {
            let band = e.check(
                "age_band",
                optional_code(&self.age_band, AgeBand::from_code)
                    .map(|b| b.unwrap_or(AgeBand::Unknown)),
            );
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
        let residence = e.check("residence", parse_belfiore(&self.residence));
        let address = e.check("address", optional_text(&self.address, 300));
        let phone = e.check("phone", optional_text(&self.phone, 50));
        let email = e.check("email", parse_email(&self.email));
        let language = e.check("language", optional_text(&self.language, 80));
        let household_notes = e.check(
            "household_notes",
            optional_text(&self.household_notes, HOUSEHOLD_NOTES_MAX),
        );
        let privacy_notice = if self.privacy_notice.trim().is_empty() {
            Some(None)
        } else {
            e.check(
                "privacy_notice",
                parse_past_date(&self.privacy_notice, today).map(Some),
            )
        };
        let mut representatives = Vec::new();
        for (i, r) in self.representatives.iter().enumerate() {
            let blank = r.kind.trim().is_empty()
                && r.name.trim().is_empty()
                && r.contact.trim().is_empty()
                && r.note.trim().is_empty();
            if blank {
                continue;
            }
            let kind = e.check(
                &format!("representative_{i}_kind"),
                required_code(&r.kind, RepresentativeKind::from_code),
            );
            let name = e.check(
                &format!("representative_{i}_name"),
                required_text(&r.name, 200),
            );
            let contact = e.check(
                &format!("representative_{i}_contact"),
                optional_text(&r.contact, 200),
            );
            let note = e.check(
                &format!("representative_{i}_note"),
                optional_text(&r.note, 500),
            );
            if let (Some(kind), Some(name), Some(contact), Some(note)) = (kind, name, contact, note)
            {
                representatives.push(Representative {
                    kind,
                    name,
                    contact,
                    note,
                });
            }
        }
        match (
            identity,
            gender,
            citizenship,
            residence,
            address,
            phone,
            email,
            language,
            household_notes,
            privacy_notice,
        ) {
            (
                Some(identity),
                Some(gender),
                Some(citizenship),
                Some(residence),
                Some(address),
                Some(phone),
                Some(email),
                Some(language),
                Some(household_notes),
                Some(privacy_notice),
            ) if e.is_empty() => Ok(NewPerson {
                identity,
                gender,
                citizenship,
                residence,
                address,
                phone,
                email,
                language,
                interpreter: self.interpreter,
                household_notes,
                privacy_notice,
                representatives,
            }),
            _ => Err(e),
        }
    }
}

/// What the archive should look at again before saving a person: the codice fiscale against
/// the other data, as field warnings (codes issued with wrong data stay valid, so these never
/// refuse). The archive adds the checks that need its records and the list of comuni.
pub fn person_warnings(person: &NewPerson) -> FormErrors {
    let mut w = FormErrors::default();
    if let Identity::Named {
        surname,
        name,
        codice_fiscale: Some(cf),
        birth,
    } = &person.identity
    {
        for msg in cf.mismatches(surname, name, *birth, Some(person.gender)) {
            w.add("codice_fiscale", msg);
        }
    }
    w
}

/// The longest household notes a person may have.
pub const HOUSEHOLD_NOTES_MAX: usize = 5000;

/// The record that stays when two records of the same person are merged: `keep`'s data, with
/// every field it lacks taken from `other`; representatives from both; notes joined (refused
/// when together they would be longer than a person's notes may be: shorten them first).
pub fn merge_persons(keep: &NewPerson, other: &NewPerson) -> Result<NewPerson, Msg> {
    let mut merged = keep.clone();
    if let (
        Identity::Named {
            codice_fiscale,
            birth,
            ..
        },
        Identity::Named {
            codice_fiscale: other_cf,
            birth: other_birth,
            ..
        },
    ) = (&mut merged.identity, &other.identity)
    {
        if codice_fiscale.is_none() {
            codice_fiscale.clone_from(other_cf);
        }
        match (&birth, other_birth) {
            (None, Some(b)) | (Some(Birth::Year(_)), Some(b @ Birth::Date(_))) => {
                *birth = Some(*b);
            }
            _ => {}
        }
    }
    let fill = |mine: &mut String, theirs: &String| {
        if mine.trim().is_empty() {
            mine.clone_from(theirs);
        }
    };
    fill(&mut merged.address, &other.address);
    fill(&mut merged.phone, &other.phone);
    fill(&mut merged.email, &other.email);
    fill(&mut merged.language, &other.language);
    if merged.residence.is_none() {
        merged.residence.clone_from(&other.residence);
    }
    merged.interpreter |= other.interpreter;
    if !other.household_notes.trim().is_empty() && other.household_notes != merged.household_notes {
        merged.household_notes = if merged.household_notes.trim().is_empty() {
            other.household_notes.clone()
        } else {
            format!("{}\n{}", merged.household_notes, other.household_notes)
        };
        if merged.household_notes.chars().count() > HOUSEHOLD_NOTES_MAX {
            return Err(Msg::MergeNotesTooLong);
        }
    }
    merged.privacy_notice = match (merged.privacy_notice, other.privacy_notice) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    for r in &other.representatives {
        if !merged.representatives.contains(r) {
            merged.representatives.push(r.clone());
        }
    }
    Ok(merged)
}

/// Parses a Belfiore code (one letter, three digits), or nothing.
fn parse_belfiore(input: &str) -> Result<Option<String>, Msg> {
    let s = input.trim().to_ascii_uppercase();
    if s.is_empty() {
        return Ok(None);
    }
    let b = s.as_bytes();
    if b.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit) {
        Ok(Some(s))
    } else {
        Err(Msg::ComuneUnknown)
    }
}

pub(crate) fn parse_birth(input: &str, today: NaiveDate) -> Result<Option<Birth>, Msg> {
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

/// One line of a person list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: PersonId,
    pub display_name: String,
    pub anonymous: bool,
    pub codice_fiscale: Option<String>,
    pub birth_year: Option<i32>,
    pub last_contact: Option<NaiveDate>,
}

/// A person in the bin (Cestino): deleted, restorable until the retention period purges it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedPerson {
    pub id: PersonId,
    pub display_name: String,
    pub deleted_on: NaiveDate,
    pub reason: String,
    /// Set when the record was merged into another one.
    pub merged_into: Option<PersonId>,
}

/// A member of the person's household, as linked in the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdMember {
    pub link: crate::ids::HouseholdLinkId,
    pub member: PersonId,
    pub display_name: String,
    /// How the member is related to the person whose page this is.
    pub relation: Relation,
}

/// Why a person is deleted (the reason is required, and kept with the record in the bin).
pub fn parse_delete_reason(input: &str) -> Result<String, FormErrors> {
    let mut e = FormErrors::default();
    match e.check("reason", required_text(input, 500)) {
        Some(reason) if e.is_empty() => Ok(reason),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn rossi() -> PersonForm {
        PersonForm {
            surname: "Rossi".into(),
            name: "Mario".into(),
            codice_fiscale: "rssmra85t10a562s".into(),
            birth: "10/12/1985".into(),
            gender: "M".into(),
            citizenship: "IT".into(),
            ..Default::default()
        }
    }

    #[test]
    fn person_form() {
        let today = d(2026, 11, 24);
        let p = rossi().parse(today).expect("valid");
        match &p.identity {
            Identity::Named {
                codice_fiscale,
                birth,
                ..
            } => {
                assert_eq!(
                    codice_fiscale.as_ref().map(|c| c.to_string()).as_deref(),
                    Some("RSSMRA85T10A562S")
                );
                assert_eq!(birth.map(|b| b.age_on(today)), Some(40));
            }
            Identity::Anonymous { .. } => panic!("named expected"),
        }
        // The form shown for editing parses back to the same person.
        assert_eq!(p.to_form().parse(today), Ok(p.clone()));
        assert!(person_warnings(&p).is_empty());
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

    /// Each bad field gets its own message; the good ones none.
    #[test]
    fn person_form_errors_by_field() {
        let today = d(2026, 11, 24);
        for (form, field, msg) in [
            (
                PersonForm {
                    codice_fiscale: "RSSMRA85T10A562T".into(),
                    ..rossi()
                },
                "codice_fiscale",
                Msg::CfChecksum,
            ),
            (
                PersonForm {
                    birth: "2030".into(),
                    ..rossi()
                },
                "birth",
                Msg::BirthYearRange,
            ),
            (
                PersonForm {
                    birth: "01/01/2027".into(),
                    ..rossi()
                },
                "birth",
                Msg::DateInFuture,
            ),
            (
                PersonForm {
                    email: "x@".into(),
                    ..rossi()
                },
                "email",
                Msg::EmailFormat,
            ),
            (
                PersonForm {
                    surname: "  ".into(),
                    ..rossi()
                },
                "surname",
                Msg::Required,
            ),
            (
                PersonForm {
                    gender: String::new(),
                    ..rossi()
                },
                "gender",
                Msg::Required,
            ),
            (
                PersonForm {
                    gender: "Z".into(),
                    ..rossi()
                },
                "gender",
                Msg::UnknownChoice,
            ),
            (
                PersonForm {
                    residence: "Roma".into(),
                    ..rossi()
                },
                "residence",
                Msg::ComuneUnknown,
            ),
            (
                PersonForm {
                    language: "x".repeat(81),
                    ..rossi()
                },
                "language",
                Msg::TooLong { max: 80 },
            ),
            (
                PersonForm {
                    representatives: vec![RepresentativeForm {
                        kind: "tutore".into(),
                        ..Default::default()
                    }],
                    ..rossi()
                },
                "representative_0_name",
                Msg::Required,
            ),
            (
                PersonForm {
                    representatives: vec![RepresentativeForm {
                        name: "Avv. Neri".into(),
                        ..Default::default()
                    }],
                    ..rossi()
                },
                "representative_0_kind",
                Msg::Required,
            ),
        ] {
            let errors = form.parse(today).expect_err(field);
            assert_eq!(errors.for_field(field), Some(&msg), "{field}: {errors:?}");
            assert_eq!(errors.0.len(), 1, "only {field} is wrong: {errors:?}");
        }
    }

    #[test]
    fn warnings_name_each_mismatch_of_the_codice_fiscale() {
        let today = d(2026, 11, 24);
        let p = PersonForm {
            birth: "11/12/1985".into(),
            gender: "F".into(),
            ..rossi()
        }
        .parse(today)
        .expect("valid: a mismatch is not an error");
        let w = person_warnings(&p);
        let msgs: Vec<&Msg> = w.0.iter().map(|e| &e.msg).collect();
        assert_eq!(msgs, vec![&Msg::CfBirthMismatch, &Msg::CfGenderMismatch]);
    }

    #[test]
    fn a_merge_fills_gaps_and_keeps_the_kept_record() {
        let today = d(2026, 11, 24);
        let keep = PersonForm {
            codice_fiscale: String::new(),
            birth: "1985".into(),
            phone: "333 1234567".into(),
            ..rossi()
        }
        .parse(today)
        .expect("valid");
        let other = PersonForm {
            phone: "0123 45678".into(),
            email: "mario@example.org".into(),
            residence: "A562".into(),
            household_notes: "Vive solo.".into(),
            representatives: vec![RepresentativeForm {
                kind: "delegato".into(),
                name: "Lucia Rossi".into(),
                ..Default::default()
            }],
            ..rossi()
        }
        .parse(today)
        .expect("valid");
        let merged = merge_persons(&keep, &other).expect("mergeable");
        assert_eq!(merged.phone, "333 1234567", "the kept record's value stays");
        assert_eq!(merged.email, "mario@example.org", "a gap is filled");
        assert_eq!(merged.residence.as_deref(), Some("A562"));
        assert_eq!(merged.household_notes, "Vive solo.");
        assert_eq!(merged.representatives.len(), 1);
        assert_eq!(
            merged.codice_fiscale().map(CodiceFiscale::as_str),
            Some("RSSMRA85T10A562S")
        );
        match merged.identity {
            Identity::Named { birth, .. } => {
                assert_eq!(
                    birth,
                    Some(Birth::Date(d(1985, 12, 10))),
                    "a date beats a year"
                )
            }
            Identity::Anonymous { .. } => panic!("named"),
        }
        let long = NewPerson {
            household_notes: "x".repeat(HOUSEHOLD_NOTES_MAX - 10),
            ..keep.clone()
        };
        let long_too = NewPerson {
            household_notes: "y".repeat(20),
            ..other.clone()
        };
        assert_eq!(merge_persons(&long, &long_too), Err(Msg::MergeNotesTooLong));
        assert!(parse_delete_reason(" ").is_err());
        assert_eq!(parse_delete_reason(" doppione ").as_deref(), Ok("doppione"));
    }
}
