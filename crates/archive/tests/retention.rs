//! Retention through the real encrypted database: who is past the period, nothing done without
//! the comune's instruction, an erasure that leaves the person's names in no page of the file
//! (history included) while `verify` still passes, an anonymisation that keeps the figures,
//! and an older backup restored without bringing the person back.

mod common;

use common::named;

use chrono::{NaiveDate, NaiveTime};
use sportello_archive::{Archive, ArchiveError};
use sportello_core::ipc::SaveContactRequest;
use sportello_core::model::{
    ContactForm, ErasureKind, InstructionForm, NewTimeEntry, OutcomeForm, PersonForm, ReferralForm,
    RepresentativeForm,
};
use sportello_core::{ContactId, Minutes, Msg, PersonId, Relation, TimeKind};

/// Strings only the erased person's records hold.
const CANARIES: &[&str] = &[
    "Canarinoszefiro",
    "Quirinella",
    "CNRQNL80A41H501",
    "Tutorelloquercia",
    "ViaDelCanarino",
    "SintesiZefirina",
    "ValutazioneZefirina",
    "MotivoZefirino",
    "RiscontroZefirino",
    "AppuntamentoZefirino",
    "OreZefirine",
    "DuplicatoZefirino",
    "DocumentoZefirino",
    "LetteraZefirina",
    "CasoZefirino",
    "ChiusuraZefirina",
    "ValutazioneCasoZefirina",
    "ObiettivoZefirino",
    "VerificaZefirina",
    "AttoZefirino",
    "EquipeZefirina",
    "RelazioneZefirina",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

fn instruction() -> InstructionForm {
    InstructionForm {
        act: "Determinazione n. 41 del Responsabile".into(),
        act_date: "20/11/2026".into(),
        instructed_by: "Responsabile Area servizi sociali".into(),
    }
}

fn save_person(archive: &mut Archive, form: PersonForm) -> PersonId {
    common::save_person(archive, None, form, today())
}

fn colloquio(archive: &mut Archive, person: PersonId, date: &str, form: ContactForm) -> ContactId {
    archive
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(person),
                anonymous: None,
                form: ContactForm {
                    date: date.into(),
                    duration: "45".into(),
                    channel: "presenza".into(),
                    services: vec!["ascolto".into()],
                    areas: vec!["POV".into()],
                    ..form
                },
            },
            today(),
        )
        .expect("save colloquio")
}

struct Desk {
    erased: PersonId,
    merged: PersonId,
    recent: PersonId,
    household: PersonId,
    never_met: PersonId,
}

/// A person last seen in 2014 with every kind of record (a representative, a household
/// member, a colloquio with a referral and its reply, an appointment, billed time, and a
/// duplicate record merged into hers); a person seen in 2018; a household member seen this
/// year; a person recorded today with no colloquio.
fn desk(archive: &mut Archive) -> Desk {
    let service = archive.services().expect("services")[0].id.to_string();
    let erased = save_person(
        archive,
        PersonForm {
            codice_fiscale: "CNRQNL80A41H501N".into(),
            phone: "333 0000001".into(),
            address: "ViaDelCanarino 3".into(),
            household_notes: "Vive con la sorella, Quirinella ha due figli".into(),
            representatives: vec![RepresentativeForm {
                kind: "tutore".into(),
                name: "Tutorelloquercia Anselmo".into(),
                contact: "0577 000000".into(),
                note: String::new(),
            }],
            ..named("Canarinoszefiro", "Quirinella")
        },
    );
    let duplicate = save_person(
        archive,
        PersonForm {
            household_notes: "DuplicatoZefirino".into(),
            ..named("Canarinoszefiro", "Quirinella")
        },
    );
    colloquio(
        archive,
        duplicate,
        "03/02/2013",
        ContactForm {
            summary: "SintesiZefirina del duplicato".into(),
            ..Default::default()
        },
    );
    let contact = colloquio(
        archive,
        erased,
        "12/05/2014",
        ContactForm {
            summary: "SintesiZefirina: Quirinella chiede aiuto per l'affitto".into(),
            next_steps: "Richiamare Quirinella".into(),
            evaluation: "ValutazioneZefirina".into(),
            referrals: vec![ReferralForm {
                service,
                reason: "MotivoZefirino".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
    );
    // A document of the duplicate (it follows the merge) and one of the referral below.
    archive
        .attach(
            sportello_core::model::AttachedTo::Person(duplicate),
            "isee.pdf",
            b"%PDF-1.4\n(DocumentoZefirino ISEE 2014)\n%%EOF\n",
            &sportello_core::model::AttachmentForm {
                kind: "isee".into(),
                date: "10/01/2014".into(),
                ..Default::default()
            },
            today(),
        )
        .expect("attach");
    // A case of the duplicate (it follows the merge), with all its parts.
    let case = archive
        .open_case(
            duplicate,
            None,
            &sportello_core::model::CaseOpeningForm {
                opened_on: "02/01/2014".into(),
                reason: "CasoZefirino: sfratto".into(),
                requested_by: "persona".into(),
                area: "POV".into(),
                ..Default::default()
            },
            today(),
        )
        .expect("case");
    archive
        .set_case_assessment(case, "ValutazioneCasoZefirina")
        .expect("assessment");
    let goal = archive
        .add_goal(
            case,
            &sportello_core::model::GoalForm {
                goal: "ObiettivoZefirino".into(),
                review_on: "01/03/2014".into(),
                ..Default::default()
            },
        )
        .expect("goal");
    archive
        .record_review(
            goal,
            &sportello_core::model::ReviewForm {
                held_on: "01/03/2014".into(),
                changes: "VerificaZefirina".into(),
                reached: true,
                ..Default::default()
            },
            today(),
        )
        .expect("review");
    archive
        .add_intervention(
            case,
            &sportello_core::model::InterventionForm {
                kind: "contributo".into(),
                from: "01/02/2014".into(),
                amount: "300,00".into(),
                act_number: "AttoZefirino n. 3".into(),
                act_date: "20/01/2014".into(),
                ..Default::default()
            },
        )
        .expect("intervention");
    archive
        .add_meeting(
            case,
            &sportello_core::model::MeetingForm {
                kind: "equipe".into(),
                held_on: "15/01/2014".into(),
                decisions: "EquipeZefirina".into(),
                ..Default::default()
            },
            today(),
        )
        .expect("meeting");
    archive
        .save_social_report(
            case,
            None,
            &sportello_core::model::SocialReportForm {
                addressee: "comune".into(),
                subject: "Aggiornamento".into(),
                written_on: "20/03/2014".into(),
                body: "RelazioneZefirina".into(),
                ..Default::default()
            },
        )
        .expect("report");
    archive
        .close_case(case, "30/04/2014", "ChiusuraZefirina", today())
        .expect("closed");
    archive
        .merge_persons(erased, duplicate)
        .expect("merge the duplicate");
    assert_eq!(
        archive.person_page(erased).expect("page").cases.len(),
        1,
        "the merged record's case is hers now"
    );
    let page = archive.person_page(erased).expect("page");
    let referral = page
        .timeline
        .iter()
        .find_map(|i| match i {
            sportello_core::ipc::TimelineItem::Referral(r) => Some(r.id),
            _ => None,
        })
        .expect("the referral");
    archive
        .attach(
            sportello_core::model::AttachedTo::Referral(referral),
            "lettera.png",
            b"\x89PNG\r\n\x1a\n LetteraZefirina del servizio",
            &sportello_core::model::AttachmentForm {
                kind: "lettera".into(),
                date: "15/05/2014".into(),
                ..Default::default()
            },
            today(),
        )
        .expect("attach");
    assert_eq!(
        archive
            .attachments_of_person(erased)
            .expect("documents")
            .len(),
        2,
        "the merged record's document is hers now"
    );
    archive
        .add_outcome(
            referral,
            &OutcomeForm {
                date: "20/05/2014".into(),
                outcome: "preso_in_carico".into(),
                feedback: "RiscontroZefirino".into(),
            },
            today(),
        )
        .expect("outcome");
    archive
        .write(|w| {
            w.insert_appointment(
                uuid::Uuid::now_v7(),
                &sportello_core::model::NewAppointment {
                    attendee: sportello_core::model::Attendee::Person(erased),
                    date: NaiveDate::from_ymd_opt(2014, 6, 1).expect("date"),
                    start: NaiveTime::from_hms_opt(10, 0, 0).expect("date"),
                    duration: Minutes(30),
                    note: "AppuntamentoZefirino".into(),
                },
            )
        })
        .expect("appointment");
    archive
        .add_time_entry(&NewTimeEntry {
            date: NaiveDate::from_ymd_opt(2014, 5, 12).expect("date"),
            minutes: Minutes(45),
            kind: TimeKind::FrontOffice,
            contact: Some(contact),
            billable: true,
            note: "OreZefirine".into(),
        })
        .expect("time");
    let household = save_person(archive, named("Verdi", "Lucia"));
    archive
        .add_household_member(erased, household, Relation::Sibling)
        .expect("household");
    colloquio(archive, household, "10/01/2026", ContactForm::default());
    let recent = save_person(archive, named("Bianchi", "Anna"));
    colloquio(archive, recent, "15/03/2018", ContactForm::default());
    let never_met = save_person(archive, named("Neri", "Carla"));
    Desk {
        erased,
        merged: duplicate,
        recent,
        household,
        never_met,
    }
}

fn invalid_field(e: &ArchiveError, field: &str) -> Option<Msg> {
    match e {
        ArchiveError::Invalid(f) => f.for_field(field).cloned(),
        _ => None,
    }
}

/// Pages holding any canary in any encoding: (page number, canary).
fn canaries_in_pages(archive: &Archive) -> Vec<(usize, String)> {
    let mut hits = Vec::new();
    for (n, page) in archive.raw_pages().expect("pages").iter().enumerate() {
        for canary in CANARIES {
            for needle in common::encodings(canary) {
                if memchr::memmem::find(page, &needle).is_some() {
                    hits.push((n + 1, canary.to_string()));
                }
            }
        }
    }
    hits
}

fn billed_minutes(archive: &Archive) -> u32 {
    archive
        .time_entries(NaiveDate::from_ymd_opt(2010, 1, 1).expect("date"), today())
        .expect("time")
        .iter()
        .map(|t| t.data.minutes.get())
        .sum()
}

#[test]
fn the_preview_lists_who_is_past_the_period_and_nothing_happens_without_an_instruction() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let d = desk(&mut archive);
    assert_eq!(archive.retention_years().expect("years"), 10);
    let listed: Vec<PersonId> = archive
        .retention_candidates(today())
        .expect("candidates")
        .iter()
        .map(|c| c.person)
        .collect();
    // Not the record merged into hers, not the 2018 person, not those seen this year.
    assert_eq!(listed, vec![d.erased]);
    let first = &archive.retention_candidates(today()).expect("candidates")[0];
    assert_eq!(first.last_contact, NaiveDate::from_ymd_opt(2014, 5, 12));
    assert_eq!(first.name, "Canarinoszefiro Quirinella");

    // A shorter period (set by the comune) lists 2018 too; a bad one is refused in Italian.
    let bad = archive.set_retention_years("0").expect_err("zero years");
    assert_eq!(
        invalid_field(&bad, "retention_years"),
        Some(Msg::RetentionYearsRange { min: 1, max: 99 })
    );
    archive.set_retention_years("5").expect("five years");
    let listed: Vec<PersonId> = archive
        .retention_candidates(today())
        .expect("candidates")
        .iter()
        .map(|c| c.person)
        .collect();
    assert_eq!(listed, vec![d.erased, d.recent]);
    archive.set_retention_years("10").expect("back to ten");

    // Without the act, its date or who gave it: refused, nothing changed.
    let before = archive.counts().expect("counts");
    let empty = archive
        .carry_out_retention(
            &[d.erased],
            ErasureKind::Erase,
            &InstructionForm::default(),
            today(),
        )
        .expect_err("no instruction");
    assert_eq!(invalid_field(&empty, "act"), Some(Msg::Required));
    assert_eq!(invalid_field(&empty, "instructed_by"), Some(Msg::Required));
    // Someone not past the period (or never met, or recorded today): refused.
    for not_past in [d.recent, d.household, d.never_met, d.merged] {
        let e = archive
            .carry_out_retention(
                &[d.erased, not_past],
                ErasureKind::Erase,
                &instruction(),
                today(),
            )
            .expect_err("not past retention");
        assert_eq!(invalid_field(&e, "persons"), Some(Msg::NotPastRetention));
    }
    assert_eq!(archive.counts().expect("counts"), before);
    assert!(archive.person(d.erased).is_ok());
    assert!(archive.erasure_register().expect("register").is_empty());
    assert!(archive.verify().expect("verify").is_sound());
}

#[test]
fn an_erasure_leaves_no_trace_in_any_page_and_an_older_backup_does_not_bring_her_back() {
    let (dir, paths, mut archive, recovery) = common::new_archive();
    let d = desk(&mut archive);
    let minutes = billed_minutes(&archive);
    assert!(
        !canaries_in_pages(&archive).is_empty(),
        "the canaries are in the pages before"
    );

    // A backup taken before the erasure.
    let backups = dir.path().join("copie");
    std::fs::create_dir_all(&backups).expect("backup dir");
    archive.set_backup_dir(&backups).expect("backup folder");
    let old = archive
        .backup_to(&backups, common::at(20, 9))
        .expect("backup")
        .path;

    let done = archive
        .carry_out_retention(&[d.erased], ErasureKind::Erase, &instruction(), today())
        .expect("erase");
    assert_eq!(done, 1);
    assert!(matches!(
        archive.person(d.erased),
        Err(ArchiveError::RecordNotFound)
    ));
    assert!(matches!(
        archive.person(d.merged),
        Err(ArchiveError::RecordNotFound)
    ));
    // The billed hours stay, without her.
    assert_eq!(billed_minutes(&archive), minutes);
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    // No page of the file, in use or free, history included, holds any of her data; the WAL
    // is empty.
    assert_eq!(canaries_in_pages(&archive), Vec::<(usize, String)>::new());
    let wal = std::fs::metadata(paths.database().with_extension("db-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    assert_eq!(wal, 0, "the WAL keeps no frame");
    // The household member stays, without the link (opening her page writes its line in
    // the access log: checked after the WAL).
    assert!(archive.person(d.household).is_ok());
    assert!(archive
        .person_page(d.household)
        .expect("page")
        .household
        .is_empty());
    // Her record and the one merged into it, each under the comune's act.
    let register = archive.erasure_register().expect("register");
    assert_eq!(register.len(), 2);
    assert_eq!(register[0].person, d.erased);
    assert_eq!(register[1].person, d.merged);
    assert!(register.iter().all(|r| r.kind == ErasureKind::Erase));
    assert_eq!(
        register[0].instruction.act,
        "Determinazione n. 41 del Responsabile"
    );
    assert!(archive
        .retention_candidates(today())
        .expect("candidates")
        .is_empty());
    archive.lock().expect("lock");
    assert!(common::canary_hits(&paths.dir, CANARIES).is_empty());

    // The backup of before holds her; restored, the register removes her again.
    sportello_archive::backup::restore_with_passphrase(&paths, &common::passphrase(), &old)
        .expect("restore");
    let archive = Archive::unlock(&paths, &common::passphrase()).expect("unlock");
    assert!(matches!(
        archive.person(d.erased),
        Err(ArchiveError::RecordNotFound)
    ));
    assert!(archive.person(d.recent).is_ok());
    assert_eq!(archive.erasure_register().expect("register").len(), 2);
    assert_eq!(billed_minutes(&archive), minutes);
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    assert_eq!(canaries_in_pages(&archive), Vec::<(usize, String)>::new());
    // The database a restore keeps aside is the erased one, never the old copy's content.
    archive.lock().expect("lock");
    assert!(common::canary_hits(&paths.dir, CANARIES).is_empty());

    // On a new computer, with the recovery kit: the register kept beside the backups (ids
    // and acts only, encrypted like them) erases her again from the old copy.
    let registers: Vec<_> = std::fs::read_dir(&backups)
        .expect("backups")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("registro-cancellazioni-"))
        .collect();
    assert_eq!(registers.len(), 1, "{registers:?}");
    let elsewhere = sportello_archive::ArchivePaths::new(dir.path().join("nuovo-computer"));
    sportello_archive::handover::restore_as_new(
        &elsewhere,
        &old,
        recovery.identity(),
        &common::passphrase(),
        sportello_archive::handover::Recovery::Keep(&recovery),
    )
    .expect("restore on a new computer");
    let archive = Archive::unlock(&elsewhere, &common::passphrase()).expect("unlock");
    assert!(matches!(
        archive.person(d.erased),
        Err(ArchiveError::RecordNotFound)
    ));
    assert_eq!(archive.erasure_register().expect("register").len(), 2);
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    assert_eq!(canaries_in_pages(&archive), Vec::<(usize, String)>::new());
    archive.lock().expect("lock");
}

#[test]
fn an_anonymisation_keeps_the_figures_and_nothing_that_names_her() {
    let (_dir, paths, mut archive, _recovery) = common::new_archive();
    let d = desk(&mut archive);
    let minutes = billed_minutes(&archive);
    let contacts_before = archive.counts().expect("counts").contacts;
    archive
        .carry_out_retention(&[d.erased], ErasureKind::Anonymise, &instruction(), today())
        .expect("anonymise");
    let person = archive.person(d.erased).expect("kept");
    match &person.data.identity {
        sportello_core::model::Identity::Anonymous { age_band } => {
            // Born in 1980, last seen in 2014: 34 years old.
            assert_eq!(*age_band, sportello_core::AgeBand::From26To35);
        }
        other => panic!("still named: {other:?}"),
    }
    assert_eq!(person.data.gender, sportello_core::Gender::Female);
    assert_eq!(archive.counts().expect("counts").contacts, contacts_before);
    assert_eq!(billed_minutes(&archive), minutes);
    // Her case stays for the statistics, with its area and dates and the intervention's
    // kind, and nothing it said of her.
    let cases = archive.person_page(d.erased).expect("page").cases;
    assert_eq!(cases.len(), 1);
    let file = archive.case_file(cases[0].id, today()).expect("case");
    assert_eq!(file.state.opening.area, sportello_core::Area::Poverty);
    assert_eq!(file.state.opening.reason, "");
    assert_eq!(file.state.close_reason, "");
    assert!(file.goals.is_empty() && file.meetings.is_empty() && file.reports.is_empty());
    assert_eq!(file.interventions.len(), 1);
    assert_eq!(file.interventions[0].data.act_number, "");
    // Kept for the statistics only: nothing more is written in it.
    let refused = archive
        .add_meeting(
            cases[0].id,
            &sportello_core::model::MeetingForm {
                kind: "equipe".into(),
                held_on: "15/04/2014".into(),
                decisions: "Nuove notizie".into(),
                ..Default::default()
            },
            today(),
        )
        .expect_err("anonymised");
    match refused {
        ArchiveError::Invalid(e) => {
            assert_eq!(e.for_field("record"), Some(&Msg::CaseOfAnonymous))
        }
        other => panic!("{other:?}"),
    }
    let year = sportello_core::stats::Period::year(2014).expect("period");
    let figures = archive
        .activity_figures(year, today())
        .expect("figures")
        .unsuppressed(3);
    let opened = figures.table("cases_opened_by_area").expect("cases");
    assert_eq!(
        opened.total.cells[0],
        sportello_core::stats::Printed::Value(1)
    );
    assert!(matches!(
        archive.person(d.merged),
        Err(ArchiveError::RecordNotFound)
    ));
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    assert_eq!(canaries_in_pages(&archive), Vec::<(usize, String)>::new());
    // Anonymous now: no longer listed.
    assert!(archive
        .retention_candidates(today())
        .expect("candidates")
        .is_empty());
    archive.lock().expect("lock");
    assert!(common::canary_hits(&paths.dir, CANARIES).is_empty());
}

/// A copy taken before two records of the same person were merged holds them apart: restored
/// after the erasure of the merged record, neither comes back.
#[test]
fn a_copy_from_before_a_merge_brings_neither_record_back() {
    let (dir, paths, mut archive, _recovery) = common::new_archive();
    let first = save_person(&mut archive, named("Doppiona", "Ersilia"));
    let second = save_person(&mut archive, named("Doppiona", "Ersilia"));
    colloquio(&mut archive, first, "02/02/2013", ContactForm::default());
    colloquio(&mut archive, second, "03/03/2014", ContactForm::default());
    let backups = dir.path().join("copie");
    std::fs::create_dir_all(&backups).expect("backups");
    let old = archive
        .backup_to(&backups, common::at(20, 9))
        .expect("backup")
        .path;
    archive.merge_persons(first, second).expect("merge");
    archive
        .carry_out_retention(&[first], ErasureKind::Erase, &instruction(), today())
        .expect("erase");
    archive.lock().expect("lock");
    sportello_archive::backup::restore_with_passphrase(&paths, &common::passphrase(), &old)
        .expect("restore");
    let archive = Archive::unlock(&paths, &common::passphrase()).expect("unlock");
    for person in [first, second] {
        assert!(matches!(
            archive.person(person),
            Err(ArchiveError::RecordNotFound)
        ));
    }
    assert!(archive
        .find_persons("doppiona", 5)
        .expect("find")
        .is_empty());
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
}

/// After an anonymisation, what it kept (the billed time, the colloqui) is still vouched for:
/// an entry of the anonymisation emptied by hand and its record changed is caught.
#[test]
fn an_anonymised_record_kept_cannot_be_changed_behind_an_emptied_entry() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let d = desk(&mut archive);
    archive
        .carry_out_retention(&[d.erased], ErasureKind::Anonymise, &instruction(), today())
        .expect("anonymise");
    assert!(archive.verify().expect("verify").is_sound());
    archive
        .tamper(
            "UPDATE history SET before_json = NULL, after_json = NULL, salt = NULL
             WHERE seq = (SELECT max(seq) FROM history WHERE entity = 'time_entry');
             UPDATE time_entry SET minutes = minutes + 60;",
        )
        .expect("tamper");
    let report = archive.verify().expect("verify");
    assert!(
        !report.is_sound(),
        "an emptied entry of the anonymisation went unseen"
    );
}
