//! The activity report through the real encrypted database: the report log, and what a
//! recomputation says of a logged report after the records change.

mod common;

use chrono::NaiveDate;
use sportello_archive::SinceReport;
use sportello_core::model::{NewContact, NewPerson};
use sportello_core::stats::Period;
use sportello_core::{AgeBand, Area, Citizenship, Gender, Minutes, RequestType, ServiceGiven};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// An anonymous person, 26–35, Italian.
fn anonymous(gender: Gender) -> NewPerson {
    NewPerson::anonymous(gender, AgeBand::From26To35, Citizenship::Italian)
}

/// A named person with nothing else known.
fn named(surname: &str, name: &str) -> NewPerson {
    NewPerson {
        identity: sportello_core::model::Identity::Named {
            surname: surname.into(),
            name: name.into(),
            codice_fiscale: None,
            birth: None,
        },
        ..anonymous(Gender::Female)
    }
}

fn colloquio(person: sportello_core::PersonId, request: RequestType) -> NewContact {
    NewContact {
        request_type: Some(request),
        ..NewContact::basic(
            person,
            d(2026, 3, 3),
            Minutes(30),
            vec![ServiceGiven::Listening],
            vec![Area::Poverty],
        )
    }
}

#[test]
fn a_logged_report_tells_a_change_under_suppression_from_a_printed_change() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    // Eight anonymous persons: five ask for home care, one for a contribution, two for
    // residential care. The last two requests print "< 3".
    let mut contacts = Vec::new();
    for (i, request) in [RequestType::HomeCare; 5]
        .into_iter()
        .chain([RequestType::Financial])
        .chain([RequestType::Residential; 2])
        .enumerate()
    {
        let person = archive
            .add_person(&anonymous(Gender::Female))
            .expect("person");
        let id = archive
            .add_contact(&colloquio(person, request))
            .expect("colloquio");
        contacts.push((i, person, id));
    }
    let march = Period::month(2026, 3).expect("month");
    let today = d(2026, 4, 2);
    let report = archive
        .draft_activity_report(march, 3, today)
        .expect("draft");
    archive.log_activity_report(&report).expect("logged");
    let id = report.document.id.clone();
    assert_eq!(
        archive.activity_report_changed(&id).expect("recomputed"),
        SinceReport::Unchanged
    );

    // One residential request was in fact a contribution: 1 and 2 become 2 and 1, both
    // still "< 3", so the print is the same but the fingerprint is not.
    let (_, person, residential) = contacts[6];
    archive
        .delete_contact(residential, "richiesta registrata male")
        .expect("delete");
    archive
        .add_contact(&colloquio(person, RequestType::Financial))
        .expect("again");
    let now = archive
        .draft_activity_report(march, 3, today)
        .expect("draft again");
    assert_eq!(now.figures, report.figures, "the print is unchanged");
    assert_eq!(
        archive.activity_report_changed(&id).expect("recomputed"),
        SinceReport::ChangedUnderSuppression
    );

    // A new colloquio changes a printed total.
    let late = archive
        .add_person(&anonymous(Gender::Male))
        .expect("person");
    archive
        .add_contact(&colloquio(late, RequestType::HomeCare))
        .expect("late colloquio");
    assert_eq!(
        archive.activity_report_changed(&id).expect("recomputed"),
        SinceReport::Changed
    );
    // The log still regenerates the report as printed.
    let logged = archive.logged_activity_report(&id).expect("logged");
    assert_eq!(logged.figures, report.figures);
    assert_eq!(logged.narrative, report.narrative);
    assert!(archive.verify().expect("verify").is_sound());
}

#[test]
fn a_long_report_runs_on_its_own_read_only_connection_and_stops_when_cancelled() {
    use sportello_archive::job::{Job, Stage};
    use sportello_archive::ArchiveError;
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let reader = archive.reader().expect("reader");
    // The operator keeps writing while the reader is open; the reader sees what she saved.
    let person = archive
        .add_person(&anonymous(Gender::Male))
        .expect("person");
    archive
        .add_contact(&colloquio(person, RequestType::SocialDesk))
        .expect("colloquio");
    let march = Period::month(2026, 3).expect("month");
    let job = Job::new();
    let report = reader
        .draft_activity_report_in(march, 3, d(2026, 4, 2), &job)
        .expect("report");
    assert_eq!(job.progress(), (100, Stage::Done));
    assert_eq!(
        report,
        archive
            .draft_activity_report(march, 3, d(2026, 4, 2))
            .map(|mut r| {
                // Another draft: another id, so another fingerprint.
                r.document.id = report.document.id.clone();
                r.raw_fingerprint = report.raw_fingerprint.clone();
                r
            })
            .expect("same report")
    );
    // It cannot write.
    let mut reader = reader;
    assert!(reader.add_person(&anonymous(Gender::Male)).is_err());
    // Cancelled (as the lock does), it stops with its own error and no figures.
    let job = Job::new();
    job.attach(reader.interrupt_handle());
    job.cancel();
    assert!(matches!(
        reader.draft_activity_report_in(march, 3, d(2026, 4, 2), &job),
        Err(ArchiveError::Cancelled)
    ));
    assert_eq!(ArchiveError::Cancelled.to_string(), "Calcolo annullato.");
    drop(reader);
    assert!(archive.verify().expect("verify").is_sound());
}

#[test]
fn the_contract_years_are_offered_as_report_periods() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let today = d(2027, 4, 10);
    assert!(archive
        .contract_year_periods(today)
        .expect("none")
        .is_empty());
    let terms = sportello_core::model::ContractForm {
        comune: "Comune di Roccaverde".into(),
        provider: "Cooperativa Sociale Il Ponte".into(),
        start: "15/01/2025".into(),
        end: "31/05/2027".into(),
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
    let years: Vec<(NaiveDate, NaiveDate)> = archive
        .contract_year_periods(today)
        .expect("years")
        .iter()
        .map(|p| (p.from, p.to))
        .collect();
    assert_eq!(
        years,
        vec![
            (d(2027, 3, 1), d(2027, 5, 31)),
            (d(2026, 3, 1), d(2027, 2, 28)),
            (d(2025, 3, 1), d(2026, 2, 28)),
            (d(2025, 1, 15), d(2025, 2, 28)),
        ]
    );
    let title = archive.contract_year_periods(today).expect("years")[1].title();
    assert_eq!(title, "anno contrattuale 01/03/2026 – 28/02/2027");
    // A year not yet begun is not offered.
    assert_eq!(
        archive
            .contract_year_periods(d(2027, 2, 28))
            .expect("years")
            .len(),
        3
    );
}

#[test]
fn a_missing_resource_is_proposed_only_when_three_persons_named_it_and_printed_as_kept() {
    use sportello_core::category::ContactOutcome;
    use sportello_core::ipc::SaveActivityRequest;
    use sportello_core::model::UnmetNeed;
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let unmet = |missing: &str| UnmetNeed {
        need: "Accompagnamento alle visite".into(),
        missing_resource: missing.into(),
        area: Area::Elderly,
    };
    for (i, missing) in [
        "Trasporto sociale",
        "trasporto  sociale",
        "TRASPORTO SOCIALE",
        "Badante per la signora Quaglieri",
    ]
    .into_iter()
    .enumerate()
    {
        // Four persons of four households (anonymous contacts would count as one voice).
        let person = archive
            .add_person(&named(
                ["Bertola", "Cravero", "Demichelis", "Garelli"][i],
                "Teresa",
            ))
            .expect("person");
        archive
            .add_contact(&NewContact {
                outcome: Some(ContactOutcome::NoResource),
                unmet: Some(unmet(missing)),
                ..colloquio(person, RequestType::HomeCare)
            })
            .expect("colloquio");
    }
    let march = Period::month(2026, 3).expect("month");
    let today = d(2026, 4, 2);
    let draft = archive
        .draft_activity_report(march, 3, today)
        .expect("draft");
    assert_eq!(
        draft.missing_resources,
        "Anziani (65 anni e più): Trasporto sociale."
    );
    // With a higher threshold, nothing is proposed.
    assert_eq!(
        archive
            .draft_activity_report(march, 4, today)
            .expect("draft")
            .missing_resources,
        ""
    );
    // What she keeps is what is printed and logged.
    let kept = "Anziani: manca un servizio di trasporto sociale per le visite.";
    let report = archive
        .checked_activity_report(
            &SaveActivityRequest {
                period: march,
                threshold: 3,
                narrative: draft.narrative.clone(),
                sections: Vec::new(),
                missing_resources: format!("  {kept}\n"),
                shown: Some(draft.figures.clone()),
            },
            today,
        )
        .expect("checked");
    assert_eq!(report.missing_resources, kept);
    let pdf = sportello_report::activity_pdf(&report);
    let file = _dir.path().join("marzo.pdf");
    std::fs::write(&file, &pdf).expect("pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    assert!(text.contains("Risorse mancanti segnalate"), "{text}");
    assert!(
        text.contains("manca un servizio di trasporto sociale"),
        "{text}"
    );
    assert!(!text.contains("Quaglieri"), "{text}");
    assert!(
        text.contains("almeno 3 persone di nuclei diversi"),
        "{text}"
    );
    archive.log_activity_report(&report).expect("logged");
    let logged = archive
        .logged_activity_report(&report.document.id)
        .expect("logged");
    assert_eq!(logged, report);
    assert_eq!(sportello_report::activity_pdf(&logged), pdf);
    // A record saved after the figures were shown: her texts may quote old numbers, so the
    // save is refused until she computes again.
    let late = archive
        .add_person(&anonymous(Gender::Female))
        .expect("person");
    archive
        .add_contact(&colloquio(late, RequestType::HomeCare))
        .expect("late colloquio");
    let stale = archive
        .checked_activity_report(
            &SaveActivityRequest {
                period: march,
                threshold: 3,
                narrative: draft.narrative.clone(),
                sections: Vec::new(),
                missing_resources: String::new(),
                shown: Some(draft.figures.clone()),
            },
            today,
        )
        .expect_err("stale");
    assert!(
        stale
            .to_string()
            .starts_with("Le cifre sono cambiate dopo il calcolo"),
        "{stale}"
    );
    // A text naming a person of the archive is refused, field by field.
    let named = archive
        .checked_activity_report(
            &SaveActivityRequest {
                period: march,
                threshold: 3,
                narrative: "Tra gli altri si è rivolta allo sportello Teresa Bertola.".into(),
                sections: Vec::new(),
                missing_resources: "Trasporto per la signora cravero teresa".into(),
                shown: None,
            },
            today,
        )
        .expect_err("named");
    match named {
        sportello_archive::ArchiveError::Invalid(fields) => {
            for field in ["narrative", "missing_resources"] {
                assert_eq!(
                    fields.for_field(field).map(|m| m.text(sportello_core::Lang::It)),
                    Some("Il testo nomina una persona dell'archivio (nome e cognome, o codice fiscale): il report non deve permettere di riconoscere nessuno.".to_owned()),
                    "{field}"
                );
            }
        }
        other => panic!("{other}"),
    }
    // Too long a text is refused with a message, nothing logged.
    let err = archive
        .checked_activity_report(
            &SaveActivityRequest {
                period: march,
                threshold: 3,
                narrative: String::new(),
                sections: Vec::new(),
                missing_resources: "x".repeat(20_000),
                shown: None,
            },
            today,
        )
        .expect_err("too long");
    match err {
        sportello_archive::ArchiveError::Invalid(fields) => {
            let msg = fields
                .for_field("missing_resources")
                .expect("the field at fault");
            assert_eq!(
                msg.text(sportello_core::Lang::It),
                "Testo troppo lungo: al massimo 8000 caratteri."
            );
        }
        other => panic!("{other}"),
    }
}

/// The threshold counts people who can be told apart: one household is one voice, and the
/// anonymous contacts (a new record at every visit) are one voice together.
#[test]
fn a_household_or_repeated_anonymous_visits_do_not_reach_the_threshold_alone() {
    use sportello_core::category::ContactOutcome;
    use sportello_core::model::UnmetNeed;
    use sportello_core::Relation;
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let no_resource = |archive: &mut sportello_archive::Archive, person, missing: &str| {
        archive
            .add_contact(&NewContact {
                outcome: Some(ContactOutcome::NoResource),
                unmet: Some(UnmetNeed {
                    need: "Aiuto".into(),
                    missing_resource: missing.into(),
                    area: Area::Family,
                }),
                ..colloquio(person, RequestType::PersonFamily)
            })
            .expect("colloquio");
    };
    // Three members of one household name the same resource.
    let mother = archive.add_person(&named("Quaglieri", "Anna")).expect("p");
    let son = archive.add_person(&named("Quaglieri", "Luca")).expect("p");
    let daughter = archive.add_person(&named("Quaglieri", "Sara")).expect("p");
    archive
        .add_household_member(mother, son, Relation::Child)
        .expect("link");
    archive
        .add_household_member(son, daughter, Relation::Sibling)
        .expect("link");
    for p in [mother, son, daughter] {
        no_resource(&mut archive, p, "Educativa domiciliare");
    }
    // Three anonymous visits name another.
    for _ in 0..3 {
        let anon = archive.add_person(&anonymous(Gender::Male)).expect("anon");
        no_resource(&mut archive, anon, "Mensa serale");
    }
    let march = Period::month(2026, 3).expect("month");
    let draft = archive
        .draft_activity_report(march, 3, d(2026, 4, 2))
        .expect("draft");
    assert_eq!(draft.missing_resources, "");
    // Two more persons of other households: now three voices each.
    for surname in ["Bertola", "Cravero"] {
        let p = archive.add_person(&named(surname, "Piera")).expect("p");
        no_resource(&mut archive, p, "Educativa domiciliare");
        no_resource(&mut archive, p, "Mensa serale");
    }
    let draft = archive
        .draft_activity_report(march, 3, d(2026, 4, 2))
        .expect("draft");
    assert_eq!(
        draft.missing_resources,
        "Famiglia e minori: Educativa domiciliare; Mensa serale."
    );
}
