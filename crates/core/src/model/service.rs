//! The territory's services (*catalogo servizi*): a service's scheda as typed and stored, the
//! starter catalogue's file format, the yearly check, and the scheda the citizen takes home.

use super::{optional_code, optional_text, parse_optional_date, required_text};
use crate::category::{Area, Sector};
use crate::document::{Document, Section};
use crate::format;
use crate::ids::ServiceId;
use crate::messages::{FormErrors, Msg};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A service not checked for this many days is flagged in the catalogue.
pub const CHECK_EVERY_DAYS: i64 = 365;

/// What a scheda says about a service: every field she can edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceFields {
    pub name: String,
    /// Who runs it: "Comune", "ASL", "Caritas parrocchiale"…
    pub provider: String,
    pub area: Option<Area>,
    pub sector: Sector,
    /// Its code in the national nomenclature of social services, when she knows it.
    pub national_code: String,
    /// What it is.
    pub description: String,
    /// Who may use it (*destinatari*).
    pub target: String,
    /// How to get to it (*come si accede*).
    pub access: String,
    /// What to bring.
    pub documents: String,
    pub costs: String,
    /// Telephone, email, opening hours of the service.
    pub contacts: String,
    pub address: String,
    /// The day she last checked the scheda was still true.
    pub checked_on: Option<NaiveDate>,
}

/// A service of the catalogue, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: ServiceId,
    pub fields: ServiceFields,
    /// Archived: kept for the referrals that name it, no longer offered for new ones.
    pub archived: bool,
    /// The starter file's key when it came from there (`None`: hers).
    pub starter_key: Option<String>,
    /// Whether she has edited it since it came from the starter file.
    pub edited: bool,
}

impl Service {
    /// Not checked for a year (or never): the catalogue flags it.
    pub fn needs_check(&self, today: NaiveDate) -> bool {
        needs_check(self.fields.checked_on, today)
    }
}

pub fn needs_check(checked_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    checked_on.is_none_or(|d| (today - d).num_days() > CHECK_EVERY_DAYS)
}

/// A service as typed in its form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceForm {
    pub name: String,
    pub provider: String,
    pub area: String,
    pub sector: String,
    pub national_code: String,
    pub description: String,
    pub target: String,
    pub access: String,
    pub documents: String,
    pub costs: String,
    pub contacts: String,
    pub address: String,
    pub checked_on: String,
}

const SHORT: usize = 200;
const LONG: usize = 2000;

/// Acronyms that mean two things at the desk: a service's name must say which.
const AMBIGUOUS: &[(&str, &str)] = &[(
    "ADI",
    "ADI è sia l'assistenza domiciliare integrata sia l'Assegno di Inclusione",
)];

impl ServiceForm {
    pub fn from_fields(f: &ServiceFields) -> ServiceForm {
        ServiceForm {
            name: f.name.clone(),
            provider: f.provider.clone(),
            area: f.area.map(|a| a.code().to_string()).unwrap_or_default(),
            sector: f.sector.code().to_string(),
            national_code: f.national_code.clone(),
            description: f.description.clone(),
            target: f.target.clone(),
            access: f.access.clone(),
            documents: f.documents.clone(),
            costs: f.costs.clone(),
            contacts: f.contacts.clone(),
            address: f.address.clone(),
            checked_on: f.checked_on.map(format::date).unwrap_or_default(),
        }
    }

    pub fn parse(&self, today: NaiveDate) -> Result<ServiceFields, FormErrors> {
        let mut e = FormErrors::default();
        let name = e.check(
            "name",
            required_text(&self.name, SHORT).and_then(unambiguous),
        );
        let provider = e.check("provider", optional_text(&self.provider, SHORT));
        let area = e.check("area", optional_code(&self.area, Area::from_code));
        let sector = e.check(
            "sector",
            optional_code(&self.sector, Sector::from_code).map(Option::unwrap_or_default),
        );
        let national_code = e.check("national_code", national_code(&self.national_code));
        let long =
            |e: &mut FormErrors, field: &str, text: &str| e.check(field, optional_text(text, LONG));
        let description = long(&mut e, "description", &self.description);
        let target = long(&mut e, "target", &self.target);
        let access = long(&mut e, "access", &self.access);
        let documents = long(&mut e, "documents", &self.documents);
        let costs = long(&mut e, "costs", &self.costs);
        let contacts = long(&mut e, "contacts", &self.contacts);
        let address = e.check("address", optional_text(&self.address, SHORT));
        let checked_on = e.check(
            "checked_on",
            parse_optional_date(&self.checked_on).and_then(|d| match d {
                Some(d) if d > today => Err(Msg::DateInFuture),
                d => Ok(d),
            }),
        );
        match (
            name,
            provider,
            area,
            sector,
            national_code,
            description,
            target,
            access,
            documents,
            costs,
            contacts,
            address,
            checked_on,
        ) {
            (
                Some(name),
                Some(provider),
                Some(area),
                Some(sector),
                Some(national_code),
                Some(description),
                Some(target),
                Some(access),
                Some(documents),
                Some(costs),
                Some(contacts),
                Some(address),
                Some(checked_on),
            ) if e.is_empty() => Ok(ServiceFields {
                name,
                provider,
                area,
                sector,
                national_code,
                description,
                target,
                access,
                documents,
                costs,
                contacts,
                address,
                checked_on,
            }),
            _ => Err(e),
        }
    }
}

/// A name that uses an ambiguous acronym alone ("ADI") is refused; spelled out ("Assistenza
/// domiciliare integrata (ADI)") it is fine.
fn unambiguous(name: String) -> Result<String, Msg> {
    for (acronym, _) in AMBIGUOUS {
        let words: Vec<&str> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.iter().any(|w| w == acronym) && words.len() < 3 {
            return Err(Msg::AmbiguousAcronym {
                acronym: (*acronym).to_string(),
            });
        }
    }
    Ok(name)
}

/// The national nomenclature's code: letters, digits, dots and dashes, at most 20.
fn national_code(input: &str) -> Result<String, Msg> {
    let s = input.trim().to_uppercase();
    if s.chars().count() > 20
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        Err(Msg::NationalCodeFormat)
    } else {
        Ok(s)
    }
}

/// A service of the starter file: its stable key and its scheda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StarterService {
    pub key: String,
    pub fields: ServiceFields,
}

/// A line of the starter file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueFileError {
    pub line: usize,
    pub problem: String,
}

impl std::fmt::Display for CatalogueFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "riga {}: {}", self.line, self.problem)
    }
}

/// Reads the starter catalogue's file (`assets/servizi.txt`): blocks opened by `[key]`, then
/// `campo: testo` lines; a line starting with spaces continues the field above; `#` starts a
/// comment. Every scheda is checked as if typed in the form.
pub fn parse_catalogue_file(text: &str) -> Result<Vec<StarterService>, CatalogueFileError> {
    let mut out: Vec<(usize, String, ServiceForm)> = Vec::new();
    let mut last_field: Option<&'static str> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let err = |problem: &str| CatalogueFileError {
            line: line_no,
            problem: problem.to_string(),
        };
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        if let Some(key) = raw.strip_prefix('[') {
            let key = key
                .strip_suffix(']')
                .ok_or_else(|| err("manca la ] che chiude la chiave"))?;
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(err(
                    "chiave non valida: lettere minuscole, cifre e trattini",
                ));
            }
            if out.iter().any(|(_, k, _)| k == key) {
                return Err(err("chiave ripetuta"));
            }
            out.push((line_no, key.to_string(), ServiceForm::default()));
            last_field = None;
            continue;
        }
        let (_, _, form) = out
            .last_mut()
            .ok_or_else(|| err("un campo prima della prima [chiave]"))?;
        if raw.starts_with(' ') || raw.starts_with('\t') {
            let field = last_field.ok_or_else(|| err("riga di continuazione senza campo"))?;
            let slot = form_field(form, field).ok_or_else(|| err("campo sconosciuto"))?;
            slot.push('\n');
            slot.push_str(raw.trim());
            continue;
        }
        let (name, value) = raw
            .split_once(':')
            .ok_or_else(|| err("atteso «campo: testo»"))?;
        let field = FILE_FIELDS
            .iter()
            .find(|(it, _)| *it == name.trim())
            .map(|(_, f)| *f)
            .ok_or_else(|| err(&format!("campo sconosciuto «{}»", name.trim())))?;
        let slot = form_field(form, field).ok_or_else(|| err("campo sconosciuto"))?;
        *slot = value.trim().to_string();
        last_field = Some(field);
    }
    let far_future = NaiveDate::MAX;
    out.into_iter()
        .map(|(line, key, form)| {
            form.parse(far_future)
                .map(|fields| StarterService { key, fields })
                .map_err(|e| CatalogueFileError {
                    line,
                    problem: e.to_string(),
                })
        })
        .collect()
}

/// The starter file's field names, in Italian, and the form's fields they fill.
const FILE_FIELDS: &[(&str, &str)] = &[
    ("nome", "name"),
    ("ente", "provider"),
    ("area", "area"),
    ("settore", "sector"),
    ("codice", "national_code"),
    ("descrizione", "description"),
    ("destinatari", "target"),
    ("accesso", "access"),
    ("documenti", "documents"),
    ("costi", "costs"),
    ("contatti", "contacts"),
    ("indirizzo", "address"),
];

fn form_field<'a>(form: &'a mut ServiceForm, field: &str) -> Option<&'a mut String> {
    Some(match field {
        "name" => &mut form.name,
        "provider" => &mut form.provider,
        "area" => &mut form.area,
        "sector" => &mut form.sector,
        "national_code" => &mut form.national_code,
        "description" => &mut form.description,
        "target" => &mut form.target,
        "access" => &mut form.access,
        "documents" => &mut form.documents,
        "costs" => &mut form.costs,
        "contacts" => &mut form.contacts,
        "address" => &mut form.address,
        _ => return None,
    })
}

/// What the desk prints at the foot of every scheda: where and when it opens, how to reach it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskFoot {
    /// "Comune di Borgo San Pietro".
    pub comune: String,
    /// The opening slots as `martedì 09:00–13:00`.
    pub opening_hours: Vec<String>,
    /// Where and how to reach the desk (the privacy papers' "Sportello" line).
    pub contacts: String,
}

/// The scheda for the citizen: one page in plain Italian, what the service is, who may use
/// it, how to get there and what to bring; the desk's hours and contacts at the foot.
pub fn scheda_document(service: &Service, foot: &DeskFoot, date: NaiveDate) -> Document {
    let f = &service.fields;
    let mut sections = Vec::new();
    let mut add = |title: &str, text: &str| {
        if !text.trim().is_empty() {
            sections.push(Section::new(title).paragraph(text.trim()));
        }
    };
    add("Che cos'è", &f.description);
    add("A chi si rivolge", &f.target);
    add("Come si accede", &f.access);
    add("Documenti da portare", &f.documents);
    add("Costi", &f.costs);
    let mut where_ = Vec::new();
    if !f.provider.trim().is_empty() {
        where_.push(("Chi lo gestisce".to_string(), f.provider.trim().to_string()));
    }
    if !f.address.trim().is_empty() {
        where_.push(("Indirizzo".to_string(), f.address.trim().to_string()));
    }
    if !f.contacts.trim().is_empty() {
        where_.push(("Contatti".to_string(), f.contacts.trim().to_string()));
    }
    if !where_.is_empty() {
        sections.push(Section::new("Dove e come contattarlo").facts(where_));
    }
    let mut desk = Section::new("Per informazioni: lo Sportello di Segretariato Sociale");
    let mut facts = Vec::new();
    if !foot.opening_hours.is_empty() {
        facts.push(("Orari".to_string(), foot.opening_hours.join("; ")));
    }
    if !foot.contacts.trim().is_empty() {
        facts.push(("Dove".to_string(), foot.contacts.trim().to_string()));
    }
    if facts.is_empty() {
        desk = desk.paragraph("Chiedere allo sportello del Comune.");
    } else {
        desk = desk.facts(facts);
    }
    sections.push(desk);
    let mut subtitle = String::new();
    if let Some(area) = f.area {
        subtitle = area.label(crate::Lang::It).to_string();
    }
    if let Some(d) = f.checked_on {
        if !subtitle.is_empty() {
            subtitle.push_str(" · ");
        }
        subtitle.push_str(&format!("informazioni verificate il {}", format::date(d)));
    }
    Document {
        id: format!("SCH-{}", short_id(service.id)),
        title: f.name.clone(),
        subtitle,
        issuer: foot.comune.clone(),
        date,
        sections,
        large_print: true,
    }
}

/// The last eight hex digits of an id (the random part of a UUIDv7; its first digits are the
/// time, shared by everything made in the same minute): enough to tell papers apart.
pub fn short_id(id: impl std::fmt::Display) -> String {
    let hex = id.to_string().replace('-', "");
    hex[hex.len().saturating_sub(8)..].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn the_starter_file_of_assets_reads_and_names_no_bare_adi() {
        let services = parse_catalogue_file(include_str!("../../../../assets/servizi.txt"))
            .expect("the starter file reads");
        assert!(services.len() >= 14, "{}", services.len());
        for s in &services {
            assert!(s.fields.area.is_some(), "{} has an area of need", s.key);
            assert!(!s.fields.description.is_empty(), "{} is described", s.key);
            assert!(
                !s.fields.access.is_empty(),
                "{} says how to get to it",
                s.key
            );
        }
        let adi = services
            .iter()
            .find(|s| s.fields.name.contains("ADI"))
            .expect("home care is there");
        assert!(adi.fields.name.contains("integrata"));
    }

    #[test]
    fn the_file_format_refuses_what_it_cannot_read_with_the_line() {
        let bad = "[casa]\nnome: Ufficio casa\ncolore: blu\n";
        let e = parse_catalogue_file(bad).expect_err("refused");
        assert_eq!(e.line, 3);
        assert!(e.problem.contains("colore"), "{e}");
        let e = parse_catalogue_file("nome: x\n").expect_err("refused");
        assert_eq!(e.line, 1);
        let e = parse_catalogue_file("[a]\nnome: A\n[a]\nnome: B\n").expect_err("refused");
        assert_eq!(e.line, 3);
        let e = parse_catalogue_file("[a]\ndescrizione: senza nome\n").expect_err("refused");
        assert_eq!(e.line, 1);
        let ok = parse_catalogue_file("[a]\nnome: A\ndescrizione: prima riga\n  seconda riga\n")
            .expect("accepted");
        assert_eq!(ok[0].fields.description, "prima riga\nseconda riga");
    }

    #[test]
    fn a_bare_ambiguous_acronym_is_refused_spelled_out_it_is_fine() {
        let today = d(2026, 11, 26);
        let form = |name: &str| ServiceForm {
            name: name.into(),
            ..ServiceForm::default()
        };
        let e = form("ADI").parse(today).expect_err("refused");
        assert!(matches!(
            e.for_field("name"),
            Some(Msg::AmbiguousAcronym { .. })
        ));
        assert!(form("Servizio ADI").parse(today).is_err());
        assert!(form("Assistenza domiciliare integrata (ADI)")
            .parse(today)
            .is_ok());
        assert!(form("Assegno di Inclusione (ADI)").parse(today).is_ok());
    }

    #[test]
    fn the_form_checks_each_field_and_the_yearly_check_flags() {
        let today = d(2026, 11, 26);
        let form = ServiceForm {
            name: " ".into(),
            area: "XYZ".into(),
            national_code: "A B".into(),
            checked_on: "27/11/2026".into(),
            ..ServiceForm::default()
        };
        let e = form.parse(today).expect_err("refused");
        assert_eq!(e.for_field("name"), Some(&Msg::Required));
        assert_eq!(e.for_field("area"), Some(&Msg::UnknownChoice));
        assert_eq!(e.for_field("national_code"), Some(&Msg::NationalCodeFormat));
        assert_eq!(e.for_field("checked_on"), Some(&Msg::DateInFuture));
        assert!(needs_check(None, today));
        assert!(needs_check(Some(d(2025, 11, 25)), today));
        assert!(!needs_check(Some(d(2025, 11, 26)), today));
        let fields = ServiceForm {
            name: "Centro diurno".into(),
            national_code: "b2.1".into(),
            checked_on: "26/11/2026".into(),
            ..ServiceForm::default()
        }
        .parse(today)
        .expect("accepted");
        assert_eq!(fields.national_code, "B2.1");
        assert_eq!(ServiceForm::from_fields(&fields).parse(today), Ok(fields));
    }

    #[test]
    fn the_scheda_leaves_out_empty_fields_and_ends_with_the_desk() {
        let service = Service {
            id: ServiceId(uuid::Uuid::nil()),
            fields: ServiceFields {
                name: "Telesoccorso".into(),
                description: "Un apparecchio per chiamare aiuto.".into(),
                checked_on: Some(d(2026, 3, 2)),
                ..ServiceFields::default()
            },
            archived: false,
            starter_key: None,
            edited: false,
        };
        let foot = DeskFoot {
            comune: "Comune di Borgo".into(),
            opening_hours: vec!["martedì 09:00–13:00".into()],
            contacts: "Municipio, piano terra; tel. 0123 456".into(),
        };
        let doc = scheda_document(&service, &foot, d(2026, 11, 26));
        let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles.len(), 2, "{titles:?}");
        assert!(doc.large_print);
        let text = doc.plain_text();
        assert!(text.contains("martedì 09:00–13:00"), "{text}");
        assert!(text.contains("verificate il 02/03/2026"), "{text}");
    }
}
