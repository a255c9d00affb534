//! The papers the desk hands out or files, as real PDFs: every scheda of the starter catalogue
//! on one A4 page with every filled field and the desk's hours; the referral letter with the
//! service, the person, the reason and the protocol; the first-access sheet with the person's
//! data and the places to sign. `qpdf --check` passes, `pdftotext` finds the texts with their
//! accents, and the same input gives the same bytes.

mod support;

use chrono::NaiveDate;
use sportello_core::document::Document;
use sportello_core::model::{
    parse_catalogue_file, scheda_document, Birth, DeskFoot, Identity, NewPerson, NewReferral,
    Person, Referral, Service,
};
use sportello_core::papers::{first_access_sheet, referral_letter};
use sportello_core::{
    Citizenship, CodiceFiscale, ContactId, Gender, PersonId, ReferralId, ReferralKind, ServiceId,
};
use sportello_report::document_pdf;
use support::{pages, text_of};
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn desk() -> DeskFoot {
    DeskFoot {
        comune: "Comune di Roccaverde".into(),
        opening_hours: vec!["martedì 09:00–13:00".into(), "giovedì 14:00–16:00".into()],
        contacts: "Municipio, piazza Libertà 1, piano terra; tel. 0144 000111".into(),
    }
}

/// The words of `text` as pdftotext lays them out: runs of spaces and line breaks folded.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether every word of `field` is in `text`, in order (a field wraps over lines).
fn has_field(text: &str, field: &str) -> bool {
    words(text).contains(&words(field))
}

#[test]
fn every_starter_scheda_is_one_page_with_every_field_and_the_desk_at_the_foot() {
    let starter = parse_catalogue_file(include_str!("../../../assets/servizi.txt"))
        .expect("the starter file reads");
    for (n, s) in starter.iter().enumerate() {
        let service = Service {
            id: ServiceId(Uuid::from_u128(n as u128 + 1)),
            fields: sportello_core::model::ServiceFields {
                checked_on: Some(d(2026, 11, 20)),
                ..s.fields.clone()
            },
            archived: false,
            starter_key: Some(s.key.clone()),
            edited: false,
        };
        let doc = scheda_document(&service, &desk(), d(2026, 11, 26));
        let pdf = document_pdf(&doc);
        assert_eq!(document_pdf(&doc), pdf, "{}: same input, same bytes", s.key);
        let name = format!("scheda-{}.pdf", s.key);
        assert_eq!(pages(&pdf, &name), 1, "{} fits one A4 page", s.key);
        let text = text_of(&pdf, &name);
        let f = &service.fields;
        for field in [
            &f.name,
            &f.description,
            &f.target,
            &f.access,
            &f.documents,
            &f.costs,
            &f.contacts,
            &f.address,
            &f.provider,
        ] {
            for line in field.lines() {
                assert!(
                    has_field(&text, line),
                    "{}: «{line}» is printed:\n{text}",
                    s.key
                );
            }
        }
        for foot in [
            "martedì 09:00–13:00",
            "giovedì 14:00–16:00",
            "piazza Libertà 1",
            "verificate il 20/11/2026",
        ] {
            assert!(has_field(&text, foot), "{}: «{foot}»:\n{text}", s.key);
        }
    }
}

fn person() -> Person {
    Person {
        id: PersonId(Uuid::from_u128(77)),
        data: NewPerson {
            identity: Identity::Named {
                surname: "Esposito".into(),
                name: "Nicolò".into(),
                codice_fiscale: Some(
                    CodiceFiscale::parse("SPSNCL80A01H501E").expect("a valid codice fiscale"),
                ),
                birth: Some(Birth::Date(d(1980, 1, 1))),
            },
            address: "Via dei Mille 12".into(),
            phone: "333 765 4321".into(),
            privacy_notice: Some(d(2026, 11, 10)),
            ..NewPerson::anonymous(
                Gender::Male,
                sportello_core::AgeBand::From51To64,
                Citizenship::Italian,
            )
        },
    }
}

fn check(doc: &Document, name: &str, expected: &[&str]) -> String {
    let pdf = document_pdf(doc);
    assert_eq!(document_pdf(doc), pdf, "{name}: same input, same bytes");
    let text = text_of(&pdf, name);
    for e in expected {
        assert!(has_field(&text, e), "{name}: «{e}» is printed:\n{text}");
    }
    text
}

#[test]
fn the_referral_letter_names_the_service_the_person_the_reason_and_the_protocol() {
    let starter = parse_catalogue_file(include_str!("../../../assets/servizi.txt")).expect("file");
    let mut service = starter
        .iter()
        .find(|s| s.key == "centro-per-l-impiego")
        .expect("centro per l'impiego")
        .fields
        .clone();
    service.address = "Corso Italia 5, Acqui Terme".into();
    service.contacts = "cpi.acqui@esempio.it".into();
    let referral = Referral {
        id: ReferralId(Uuid::from_u128(9)),
        contact: ContactId(Uuid::from_u128(8)),
        person: PersonId(Uuid::from_u128(77)),
        person_name: "Esposito Nicolò".into(),
        date: d(2026, 11, 24),
        service_name: service.name.clone(),
        data: NewReferral {
            service: ServiceId(Uuid::from_u128(3)),
            kind: ReferralKind::FormalReport,
            reason: "Perdita del lavoro a settembre: chiede un orientamento ai tirocini e alla Garanzia di occupabilità.".into(),
            protocol: "2026/0457".into(),
            expected_reply: Some(d(2026, 12, 15)),
        },
        outcomes: Vec::new(),
        operator: "Anna Rossi".into(),
    };
    let doc = referral_letter(
        &referral,
        &service,
        &person(),
        Some("Roccaverde (AT)"),
        &desk(),
        d(2026, 11, 26),
    );
    check(
        &doc,
        "lettera-invio.pdf",
        &[
            "Segnalazione al servizio",
            "Centro per l'impiego",
            "Corso Italia 5, Acqui Terme",
            "cpi.acqui@esempio.it",
            "2026/0457",
            "24/11/2026",
            "15/12/2026",
            "Esposito Nicolò",
            "SPSNCL80A01H501E",
            "01/01/1980",
            "Via dei Mille 12",
            "333 765 4321",
            "Roccaverde (AT)",
            "Perdita del lavoro a settembre: chiede un orientamento ai tirocini e alla Garanzia di occupabilità.",
            "martedì 09:00–13:00",
            "Luogo e data",
            "L'assistente sociale",
            "INV-",
        ],
    );
}

#[test]
fn the_first_access_sheet_has_the_person_the_notice_and_the_signatures() {
    let doc = first_access_sheet(
        &person(),
        Some("Roccaverde (AT)"),
        Some(d(2026, 11, 10)),
        Some("2026-1"),
        &desk(),
        d(2026, 11, 26),
    );
    check(
        &doc,
        "primo-accesso.pdf",
        &[
            "Scheda di primo accesso",
            "Comune di Roccaverde",
            "Esposito Nicolò",
            "SPSNCL80A01H501E",
            "01/01/1980",
            "Maschio",
            "Italiana",
            "Roccaverde (AT)",
            "Via dei Mille 12",
            "333 765 4321",
            "Primo accesso allo sportello 10/11/2026",
            "10/11/2026 (versione 2026-1)",
            "Firma della persona",
            "Firma dell'assistente sociale",
        ],
    );
}
