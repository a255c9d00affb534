//! Records through the real encrypted database: what is saved is read back, bad input is
//! refused with an Italian message and nothing already saved is lost.

mod common;

use chrono::{NaiveDate, NaiveTime};
use sportello_archive::{Archive, ArchiveError};
use sportello_core::ipc::TimelineItem;
use sportello_core::model::{Birth, ContractForm, Identity, NewContact, NewPerson, NewTimeEntry};
use sportello_core::{
    AgeBand, Area, Channel, Citizenship, CodiceFiscale, Gender, Minutes, RequestType, ServiceGiven,
    TimeKind,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn mario() -> NewPerson {
    NewPerson {
        identity: Identity::Named {
            surname: "Rossi".into(),
            name: "Mario".into(),
            codice_fiscale: Some(CodiceFiscale::parse("RSSMRA85T10A562S").expect("cf")),
            birth: Some(Birth::Date(d(1985, 12, 10))),
        },
        gender: Gender::Male,
        citizenship: Citizenship::Italian,
        residence: Some("A944".into()),
        address: "Via Roma 1".into(),
        phone: "333 1234567".into(),
        email: String::new(),
        language: String::new(),
        interpreter: false,
        household_notes: "Vive con la madre anziana.".into(),
        privacy_notice: Some(d(2026, 3, 3)),
        representatives: Vec::new(),
    }
}

fn contact_for(person: sportello_core::PersonId) -> NewContact {
    NewContact {
        start_time: NaiveTime::from_hms_opt(9, 30, 0),
        channel: Channel::Desk,
        request_type: Some(RequestType::HomeCare),
        summary: "Chiede informazioni sull'assistenza domiciliare per la madre.".into(),
        next_steps: "Invio al SAD.".into(),
        ..NewContact::basic(
            person,
            d(2026, 3, 3),
            Minutes(40),
            vec![ServiceGiven::Listening, ServiceGiven::Information],
            vec![Area::Elderly, Area::Poverty],
        )
    }
}

#[test]
fn records_round_trip_through_the_encrypted_database() {
    let (_dir, paths, mut archive, _recovery) = common::new_archive();
    let terms = ContractForm {
        comune: "Comune di Roccaverde".into(),
        provider: "Cooperativa Sociale Il Ponte".into(),
        start: "01/03/2025".into(),
        end: "28/02/2028".into(),
        year_start: "01/03/2025".into(),
        yearly_hours: "178".into(),
        hourly_rate: "23,00".into(),
        vat: "esente".into(),
        weekly_cap_hours: "4".into(),
        opening_slots: "mar 09:00-13:00\ngio 14:00-16:00".into(),
        ..Default::default()
    }
    .parse()
    .expect("valid contract");
    archive.set_contract(&terms).expect("contract");
    let person = archive.add_person(&mario()).expect("person");
    let anonymous = archive
        .add_person(&NewPerson::anonymous(
            Gender::Female,
            AgeBand::From26To35,
            Citizenship::NonEu,
        ))
        .expect("anon");
    let contact = archive.add_contact(&contact_for(person)).expect("contact");
    archive
        .add_contact(&NewContact {
            person: anonymous,
            ..contact_for(person)
        })
        .expect("anon contact");
    // Each colloquio booked its own 40 minutes; then two back-office entries.
    for (day, minutes, kind, billable) in [
        (d(2026, 3, 5), 30, TimeKind::Documentation, true),
        (d(2026, 3, 6), 20, TimeKind::Training, false),
    ] {
        archive
            .add_time_entry(&NewTimeEntry {
                date: day,
                minutes: Minutes(minutes),
                kind,
                contact: None,
                billable,
                note: String::new(),
            })
            .expect("time entry");
    }
    archive.lock().expect("lock");

    let archive = Archive::unlock(&paths, &common::passphrase()).expect("unlock");
    assert_eq!(
        archive.contract().expect("read").expect("some").terms,
        terms
    );
    assert_eq!(archive.person(person).expect("read").data, mario());
    let read = archive.contact(contact).expect("read contact");
    let mut expected = contact_for(person);
    expected.services.sort();
    expected.areas.sort();
    assert_eq!(read.data, expected);
    let found = archive.find_persons("ros", 10).expect("find");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].display_name, "Rossi Mario");
    assert_eq!(found[0].last_contact, Some(d(2026, 3, 3)));
    assert_eq!(
        archive.find_persons("", 10).expect("all").len(),
        1,
        "anonymous persons are not listed by name"
    );
    let latest = archive.latest_contacts(10).expect("latest");
    assert_eq!(latest.len(), 2);
    assert!(latest
        .iter()
        .any(|c| c.person_name.starts_with("Anonimo #")));
    assert_eq!(
        archive
            .time_entries(d(2026, 3, 1), d(2026, 3, 31))
            .expect("entries")
            .len(),
        4
    );
    let year = archive
        .year_summary(d(2026, 3, 6))
        .expect("summary")
        .expect("contract");
    assert_eq!(
        year.used,
        Minutes(40 + 40 + 30),
        "non-billable training is not counted"
    );
    assert_eq!(year.this_week.minutes, Minutes(110));
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{report:?}");
    assert_eq!(
        report.counts.history,
        2 + 19 + 1 + 2 + 2 + 4,
        "operator and first setting, catalogue, contract, persons, contacts, entries"
    );
}

#[test]
fn bad_input_is_refused_in_italian_and_nothing_saved_is_lost() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let person = archive.add_person(&mario()).expect("person");
    archive.add_contact(&contact_for(person)).expect("contact");

    let duplicate = archive
        .add_person(&mario())
        .expect_err("duplicate codice fiscale");
    assert!(
        duplicate
            .to_string()
            .contains("Esiste già una persona con questo codice fiscale"),
        "{duplicate}"
    );
    // Told at the field, so a form can show it under the codice fiscale.
    assert!(
        matches!(&duplicate, ArchiveError::Invalid(f) if f.for_field("codice_fiscale").is_some()),
        "{duplicate:?}"
    );

    let no_services = archive
        .add_contact(&NewContact {
            services: vec![],
            ..contact_for(person)
        })
        .expect_err("no services");
    assert!(
        no_services.to_string().contains("almeno una prestazione"),
        "{no_services}"
    );

    let ghost = sportello_core::PersonId(uuid::Uuid::now_v7());
    let missing = archive
        .add_contact(&contact_for(ghost))
        .expect_err("unknown person");
    assert!(matches!(missing, ArchiveError::RecordNotFound));
    assert_eq!(missing.to_string(), "Record non trovato.");

    let counts = archive.counts().expect("counts");
    assert_eq!(
        (counts.persons, counts.contacts),
        (1, 1),
        "the refused writes left no trace"
    );
    assert_eq!(archive.person(person).expect("still there").data, mario());
    assert!(archive.verify().expect("verify").is_sound());
}

#[test]
fn a_new_archive_refuses_to_overwrite_an_existing_one() {
    let (_dir, paths, archive, _recovery) = common::new_archive();
    archive.lock().expect("lock");
    let before = common::snapshot(&paths.dir);
    let err = Archive::create(&paths, &common::passphrase(), None)
        .err()
        .expect("refused");
    assert_eq!(err.code(), "archive_exists");
    assert_eq!(common::snapshot(&paths.dir), before);
}

#[test]
fn changing_the_passphrase_rewrites_only_her_key_file() {
    let (_dir, paths, archive, _recovery) = common::new_archive();
    archive.lock().expect("lock");
    let before = common::snapshot(&paths.dir);
    let archive = Archive::unlock(&paths, &common::passphrase()).expect("unlock");
    let new = sportello_archive::SecretString::from("lampone treno collina azzurra".to_string());
    archive.change_passphrase(&new).expect("change");
    archive.lock().expect("lock");
    let after = common::snapshot(&paths.dir);
    for (path, bytes) in &before {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let changed = after.get(path) != Some(bytes);
        let her_key_file = path.parent().and_then(|p| p.file_name()) == Some("operatori".as_ref());
        assert_eq!(changed, her_key_file || name == "sportello.json", "{name}");
    }
    assert_eq!(before.len(), after.len(), "no file added or removed");
    assert!(matches!(
        Archive::unlock(&paths, &common::passphrase()),
        Err(ArchiveError::WrongPassphrase)
    ));
    Archive::unlock(&paths, &new)
        .expect("new passphrase opens")
        .lock()
        .expect("lock");
}

/// A person's page: the record, the display name, and every contact, newest first.
#[test]
fn a_person_page_holds_the_record_and_every_contact_newest_first() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let person = archive.add_person(&mario()).expect("person");
    for day in [3, 17, 10] {
        archive
            .add_contact(&NewContact {
                date: d(2026, 4, day),
                ..contact_for(person)
            })
            .expect("contact");
    }
    let page = archive.person_page(person).expect("page");
    assert_eq!(page.person.data, mario());
    assert_eq!(page.display_name, "Rossi Mario");
    let dates: Vec<NaiveDate> = page
        .timeline
        .iter()
        .filter_map(|item| match item {
            TimelineItem::Contact(c) => Some(c.date),
            _ => None,
        })
        .collect();
    assert_eq!(dates, [d(2026, 4, 17), d(2026, 4, 10), d(2026, 4, 3)]);
    // Each colloquio's time is on the timeline too, right after it.
    assert!(
        matches!(page.timeline[1], TimelineItem::Time(_)),
        "{:?}",
        page.timeline[1]
    );
    assert_eq!(page.timeline.len(), 6);
}

#[test]
fn the_march_statement_lists_a_week_over_the_cap_begun_in_the_previous_contract_year() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let terms = ContractForm {
        comune: "Comune di Roccaverde".into(),
        provider: "Cooperativa Sociale Il Ponte".into(),
        start: "01/03/2025".into(),
        end: "28/02/2028".into(),
        year_start: "01/03/2025".into(),
        yearly_hours: "178".into(),
        hourly_rate: "23,00".into(),
        vat: "esente".into(),
        weekly_cap_hours: "4".into(),
        opening_slots: "mar 09:00-13:00".into(),
        ..Default::default()
    }
    .parse()
    .expect("valid contract");
    archive.set_contract(&terms).expect("contract");
    // Tuesday 24 February 2026 (year 2025/26): 240 minutes, the whole cap of ISO week 9.
    archive
        .add_time_entry(&NewTimeEntry {
            date: d(2026, 2, 24),
            minutes: Minutes(240),
            kind: TimeKind::Documentation,
            contact: None,
            billable: true,
            note: String::new(),
        })
        .expect("february time");
    // Sunday 1 March 2026 (year 2026/27), same ISO week: 60 more, saved only with a note.
    let form = |cap_note: &str| sportello_core::ipc::SaveTimeEntryRequest {
        id: None,
        form: sportello_core::model::TimeEntryForm {
            date: "01/03/2026".into(),
            minutes: "60".into(),
            kind: TimeKind::Meetings.code().into(),
            billable: true,
            note: String::new(),
            cap_note: cap_note.into(),
        },
    };
    let refused = archive.save_time_entry(&form(""), d(2026, 3, 2));
    assert!(
        matches!(refused, Err(ArchiveError::Invalid(_))),
        "{refused:?}"
    );
    archive
        .save_time_entry(&form("Riunione d'équipe straordinaria"), d(2026, 3, 2))
        .expect("saved with its note");

    let march = archive
        .monthly_statement(2026, 3)
        .expect("statement")
        .expect("a contract covers March");
    let weeks: Vec<_> = march
        .sections
        .iter()
        .flat_map(|s| &s.weeks_over_cap)
        .collect();
    assert_eq!(weeks.len(), 1, "{weeks:?}");
    assert_eq!(weeks[0].minutes, Minutes(300));
    assert_eq!(weeks[0].in_year, Minutes(60));
    assert_eq!(
        weeks[0].note.as_deref(),
        Some("Riunione d'équipe straordinaria")
    );
    // February lists it too, with its own 240 minutes.
    let february = archive
        .monthly_statement(2026, 2)
        .expect("statement")
        .expect("february");
    let weeks: Vec<_> = february
        .sections
        .iter()
        .flat_map(|s| &s.weeks_over_cap)
        .collect();
    assert_eq!(weeks.len(), 1);
    assert_eq!(weeks[0].in_year, Minutes(240));
}
