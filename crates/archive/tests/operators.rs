//! Several operators on one archive, through the real encrypted files: each opens it with her
//! own passphrase and her changes carry her name; a reader's write is refused by the archive;
//! a revoked operator opens nothing, even with a copy of her old key files, and no backup
//! written afterwards; the access log records who opened which record.

mod common;

use chrono::NaiveDate;
use sportello_archive::export::ExportKind;
use sportello_archive::job::Job;
use sportello_archive::register_file::FileFormat;
use sportello_archive::{Archive, ArchiveError, ArchivePaths, Entity, SecretString};
use sportello_core::ipc::{HoursRequest, SaveContactRequest, TimelineItem};
use sportello_core::model::{ContactForm, NewOperator, ReferralForm, Role};
use sportello_core::statement::OperatorMinutes;
use sportello_core::{Lang, OperatorId};
use std::path::Path;
use std::sync::Arc;

const SUBSTITUTE: &str = "mare calmo di settembre";
const READER: &str = "ulivi lungo la collina";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_string())
}

fn add(archive: &mut Archive, name: &str, role: &str, passphrase: &str) -> OperatorId {
    let new = NewOperator::parse(name, role).expect("valid operator");
    archive
        .add_operator(&new, &secret(passphrase))
        .expect("operator added")
}

fn colloquio(archive: &mut Archive, person: sportello_core::PersonId) -> sportello_core::ContactId {
    let form = ContactForm {
        date: "20/11/2026".into(),
        duration: "30".into(),
        channel: "presenza".into(),
        services: vec!["ascolto".into()],
        areas: vec!["POV".into()],
        summary: "Colloquio di prova.".into(),
        ..Default::default()
    };
    archive
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(person),
                anonymous: None,
                form,
            },
            today(),
        )
        .expect("save colloquio")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn two_operators_open_the_archive_with_their_own_passphrases_and_sign_their_changes() {
    let (_dir, paths, mut owner, _recovery) = common::new_archive();
    assert_eq!(owner.role(), Role::Owner);
    let person = common::save_person(&mut owner, None, common::named("Rossi", "Anna"), today());
    let giulia = add(&mut owner, "Giulia Ferri", "operatore", SUBSTITUTE);
    // The files of the folder name no one.
    let manifest = std::fs::read_to_string(paths.manifest()).expect("manifest");
    assert!(!manifest.contains("Giulia"), "{manifest}");
    owner.lock().expect("lock");

    let mut substitute = Archive::unlock(&paths, &secret(SUBSTITUTE)).expect("her passphrase");
    assert_eq!(substitute.operator(), giulia);
    assert_eq!(substitute.role(), Role::Operator);
    let contact = colloquio(&mut substitute, person);
    let history = substitute
        .history(Entity::Contact, &contact.to_string(), Lang::It)
        .expect("history");
    assert!(!history.is_empty());
    assert!(
        history.iter().all(|e| e.operator == "Giulia Ferri"),
        "{:?}",
        history.iter().map(|e| &e.operator).collect::<Vec<_>>()
    );
    let signed = substitute
        .inspect_count(&format!(
            "SELECT count(*) FROM contact WHERE id = '{contact}' AND created_by = '{giulia}'"
        ))
        .expect("count");
    assert_eq!(signed, 1, "the colloquio carries her as its author");
    // Only the owner adds operators or reads the access log.
    let refused = substitute
        .add_operator(
            &NewOperator::parse("Marco", "operatore").expect("valid"),
            &secret("un'altra frase abbastanza lunga"),
        )
        .expect_err("not the owner");
    assert!(
        matches!(refused, ArchiveError::NotPermitted(_)),
        "{refused}"
    );
    assert_eq!(refused.exit_code(), 11);
    // Her passphrase is asked again before it changes: the owner's does not do.
    substitute
        .check_own_passphrase(&secret(SUBSTITUTE))
        .expect("hers");
    let other = substitute
        .check_own_passphrase(&common::passphrase())
        .expect_err("the owner's is not hers");
    assert!(matches!(other, ArchiveError::WrongPassphrase), "{other}");
    // The recovery kit, the archive's key, the retention and the erasures are the owner's.
    let kit = substitute
        .new_recovery_key()
        .map(|_| ())
        .expect_err("not hers");
    assert!(
        matches!(kit.error, ArchiveError::NotPermitted(_)),
        "{}",
        kit.error
    );
    let rekey = substitute
        .change_archive_key(&secret(SUBSTITUTE))
        .expect_err("not hers");
    assert!(matches!(rekey, ArchiveError::NotPermitted(_)), "{rekey}");
    let years = substitute.set_retention_years("5").expect_err("not hers");
    assert!(matches!(years, ArchiveError::NotPermitted(_)), "{years}");
    substitute.lock().expect("lock");

    let owner = Archive::unlock(&paths, &common::passphrase()).expect("the owner's passphrase");
    assert_eq!(owner.role(), Role::Owner);
    let names: Vec<(String, Role)> = owner
        .operators()
        .expect("operators")
        .into_iter()
        .map(|o| (o.name, o.role))
        .collect();
    assert_eq!(names[1], ("Giulia Ferri".to_string(), Role::Operator));
    let verify = owner.verify().expect("verify");
    assert!(verify.is_sound(), "{:?}", verify.first_problem());
}

#[test]
fn what_each_operator_recorded_carries_her_name_in_the_timeline_the_hours_and_the_statement() {
    let (_dir, paths, mut owner, _recovery) = common::new_archive();
    let terms = sportello_core::model::ContractForm {
        comune: "Comune di Roccaverde".into(),
        provider: "Cooperativa Sociale Il Ponte".into(),
        start: "01/03/2025".into(),
        end: "28/02/2028".into(),
        year_start: "01/03/2025".into(),
        yearly_hours: "178".into(),
        hourly_rate: "23,00".into(),
        vat: "esente".into(),
        weekly_cap_hours: "4".into(),
        opening_slots: "mar 09:00-13:00\nven 09:00-13:00".into(),
        ..Default::default()
    }
    .parse()
    .expect("valid contract");
    owner.set_contract(&terms).expect("contract");
    let me = owner.operator();
    owner
        .rename_operator(me, "  Anna Rossi ")
        .expect("her own name");
    let person = common::save_person(&mut owner, None, common::named("Bianchi", "Carla"), today());
    colloquio(&mut owner, person);
    let caf = owner
        .services()
        .expect("services")
        .into_iter()
        .find(|s| s.name.starts_with("CAF"))
        .expect("CAF")
        .id;
    let giulia = add(&mut owner, "Giulia Ferri", "operatore", SUBSTITUTE);
    // A name says who did what: a second "Giulia Ferri" is refused, case and spaces aside.
    let twin = owner
        .add_operator(
            &NewOperator::parse("giulia  FERRI", "sola lettura").expect("valid"),
            &secret("un'altra frase segreta abbastanza lunga"),
        )
        .expect_err("the same name");
    assert!(twin.to_string().contains("si chiama già"), "{twin}");
    let empty = owner.rename_operator(giulia, "   ").expect_err("no name");
    assert!(matches!(empty, ArchiveError::Invalid(_)), "{empty}");
    owner.lock().expect("lock");

    let mut substitute = Archive::unlock(&paths, &secret(SUBSTITUTE)).expect("hers");
    // She renames only herself.
    let other = substitute
        .rename_operator(me, "Qualcun altro")
        .expect_err("not hers");
    assert_eq!(other.exit_code(), 11, "{other}");
    let form = ContactForm {
        date: "24/11/2026".into(),
        duration: "45".into(),
        channel: "presenza".into(),
        services: vec!["ascolto".into()],
        areas: vec!["POV".into()],
        summary: "Colloquio della sostituta.".into(),
        referrals: vec![ReferralForm {
            service: caf.to_string(),
            ..Default::default()
        }],
        ..Default::default()
    };
    substitute
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(person),
                anonymous: None,
                form,
            },
            today(),
        )
        .expect("her colloquio");
    substitute.lock().expect("lock");

    let owner =
        Archive::unlock_as(&paths, &common::passphrase(), Some("anna rossi")).expect("named");
    assert_eq!(owner.operator(), me);
    let page = owner.person_page(person).expect("page");
    let mut contacts = Vec::new();
    let mut referrals = Vec::new();
    let mut times = Vec::new();
    for item in &page.timeline {
        match item {
            TimelineItem::Contact(c) => contacts.push(c.operator.as_str()),
            TimelineItem::Referral(r) => referrals.push(r.operator.as_str()),
            TimelineItem::Time(t) => times.push(t.operator.as_str()),
            TimelineItem::Appointment(_) => {}
        }
    }
    assert_eq!(contacts, ["Giulia Ferri", "Anna Rossi"], "newest first");
    assert_eq!(referrals, ["Giulia Ferri"]);
    assert_eq!(times, ["Giulia Ferri", "Anna Rossi"]);

    // The hours, per operator: the month and the contract year.
    let hours = owner
        .hours_view(
            &HoursRequest {
                month: Some((2026, 11)),
                week_of: Some(today()),
            },
            today(),
        )
        .expect("hours")
        .expect("a contract");
    let by = |lines: &[OperatorMinutes]| -> Vec<(String, u32)> {
        lines
            .iter()
            .map(|o| (o.operator.clone(), o.billable.get()))
            .collect()
    };
    let expected = vec![
        ("Giulia Ferri".to_string(), 45),
        ("Anna Rossi".to_string(), 30),
    ];
    assert_eq!(by(&hours.month_by_operator), expected);
    assert_eq!(by(&hours.year_by_operator), expected);
    assert!(hours.entries.iter().any(|e| e.operator == "Giulia Ferri"));
    // The monthly statement names who delivered the hours.
    let statement = owner
        .monthly_statement(2026, 11)
        .expect("statement")
        .expect("a month of the contract");
    let named: Vec<(String, u32)> = statement
        .sections
        .iter()
        .flat_map(|s| by(&s.by_operator))
        .collect();
    assert_eq!(named, expected);
    owner.lock().expect("lock");

    // A name that is not the passphrase's opens nothing.
    let wrong = Archive::unlock_as(&paths, &common::passphrase(), Some("Giulia Ferri"))
        .map(|_| ())
        .expect_err("not hers");
    assert!(
        matches!(&wrong, ArchiveError::NotHerPassphrase(n) if n == "Giulia Ferri"),
        "{wrong}"
    );
    assert!(wrong.to_string().contains("non è quella"), "{wrong}");
    // The name the archive gives its owner is nobody else's.
    let mut owner = Archive::unlock(&paths, &common::passphrase()).expect("owner");
    let reserved = owner
        .rename_operator(giulia, "titolare dell'archivio")
        .expect_err("reserved");
    assert!(
        reserved.to_string().contains("nome e cognome"),
        "{reserved}"
    );
    owner.lock().expect("lock");
}

#[test]
fn two_operators_with_the_same_passphrase_are_told_apart_by_name() {
    let (_dir, paths, mut owner, _recovery) = common::new_archive();
    owner
        .rename_operator(owner.operator(), "Anna Rossi")
        .expect("named");
    let giulia = add(&mut owner, "Giulia Ferri", "operatore", SUBSTITUTE);
    owner.lock().expect("lock");
    // Her passphrase cannot become one that opens another operator's file...
    let substitute = Archive::unlock(&paths, &secret(SUBSTITUTE)).expect("hers");
    let taken = substitute
        .change_passphrase(&common::passphrase())
        .expect_err("the owner's");
    assert!(taken.to_string().contains("un altro operatore"), "{taken}");
    // ...but should two operators share one (as an older version allowed), the name says who.
    substitute
        .change_passphrase_unchecked(&common::passphrase())
        .expect("written");
    substitute.lock().expect("lock");
    // Without a name, who opens is not guessed.
    let shared = Archive::unlock(&paths, &common::passphrase())
        .map(|_| ())
        .expect_err("two operators");
    assert!(matches!(shared, ArchiveError::PassphraseShared), "{shared}");
    assert_eq!(shared.exit_code(), 3);
    assert!(shared.to_string().contains("--operatore"), "{shared}");
    let as_giulia =
        Archive::unlock_as(&paths, &common::passphrase(), Some("Giulia Ferri")).expect("named");
    assert_eq!(
        (as_giulia.operator(), as_giulia.role()),
        (giulia, Role::Operator)
    );
    assert_eq!(
        as_giulia.current_operator().expect("her").name,
        "Giulia Ferri"
    );
    // Her passphrase changes in her own key file: then each has hers again.
    as_giulia
        .change_passphrase(&secret(SUBSTITUTE))
        .expect("her own again");
    as_giulia.lock().expect("lock");
    let owner = Archive::unlock(&paths, &common::passphrase()).expect("only the owner's now");
    assert_eq!(owner.role(), Role::Owner);
    owner.lock().expect("lock");
    let her = Archive::unlock(&paths, &secret(SUBSTITUTE)).expect("hers");
    assert_eq!(her.operator(), giulia);
    her.lock().expect("lock");
    let as_anna =
        Archive::unlock_as(&paths, &common::passphrase(), Some("ANNA ROSSI.")).expect("named");
    assert_eq!(as_anna.role(), Role::Owner);
    as_anna.lock().expect("lock");
}

#[test]
fn a_passphrase_already_used_or_too_weak_is_refused_for_a_new_operator() {
    let (_dir, _paths, mut owner, _recovery) = common::new_archive();
    let new = NewOperator::parse("Giulia Ferri", "operatore").expect("valid");
    let same = owner
        .add_operator(&new, &common::passphrase())
        .expect_err("the owner's passphrase");
    assert!(same.to_string().contains("un altro operatore"), "{same}");
    let weak = owner
        .add_operator(&new, &secret("breve"))
        .expect_err("too short");
    assert!(matches!(weak, ArchiveError::Invalid(_)), "{weak}");
    assert_eq!(owner.operators().expect("operators").len(), 1);
}

#[test]
fn a_reader_reads_and_her_writes_are_refused_by_the_archive() {
    let (_dir, paths, mut owner, _recovery) = common::new_archive();
    let person = common::save_person(&mut owner, None, common::named("Rossi", "Anna"), today());
    add(&mut owner, "Dott.ssa Bianchi", "sola lettura", READER);
    owner.lock().expect("lock");

    let mut reader = Archive::unlock(&paths, &secret(READER)).expect("her passphrase");
    assert_eq!(reader.role(), Role::Reader);
    let page = reader.person_page(person).expect("she reads the record");
    assert_eq!(page.person.id, person);
    let before = reader.counts().expect("counts");
    let err = reader
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(person),
                anonymous: None,
                form: ContactForm {
                    date: "20/11/2026".into(),
                    duration: "30".into(),
                    channel: "presenza".into(),
                    services: vec!["ascolto".into()],
                    areas: vec!["POV".into()],
                    ..Default::default()
                },
            },
            today(),
        )
        .expect_err("a reader records nothing");
    assert!(matches!(err, ArchiveError::NotPermitted(_)), "{err}");
    assert_eq!(err.exit_code(), 11);
    assert!(err.to_string().contains("sola lettura"), "{err}");
    assert_eq!(reader.counts().expect("counts"), before);
    // The whole register, to take elsewhere, is the owner's to export; the hours are not.
    let export = reader
        .export(ExportKind::Register, FileFormat::Csv)
        .map(|_| ())
        .expect_err("not hers");
    assert!(matches!(export, ArchiveError::NotPermitted(_)), "{export}");
    reader
        .export(ExportKind::Hours, FileFormat::Csv)
        .expect("the hours");
    reader.lock().expect("lock");

    // The owner sees who opened the record, by name; opening a colloquio is noted too.
    let mut owner = Archive::unlock(&paths, &common::passphrase()).expect("owner");
    let log = owner.access_log(Some(person), 10).expect("access log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].operator, "Dott.ssa Bianchi");
    assert_eq!(log[0].person, person);
    assert_eq!(log[0].person_name, "Rossi Anna");
    let contact = colloquio(&mut owner, person);
    owner.contact_edit(contact).expect("the colloquio");
    let log = owner.access_log(Some(person), 10).expect("access log");
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0].operator, "Titolare dell'archivio");
    owner
        .export(ExportKind::Register, FileFormat::Csv)
        .expect("the owner's");
}

/// A revocation cut short (marked, the keys not yet rotated) is shown as pending: she opens
/// nothing meanwhile, and revoking again finishes it.
#[test]
fn a_revocation_cut_short_is_pending_until_revoking_again_finishes_it() {
    let (_dir, paths, mut owner, _recovery) = common::new_archive();
    let giulia = add(&mut owner, "Giulia Ferri", "operatore", SUBSTITUTE);
    // The mark without the rotation (as after a crash between the two).
    owner
        .tamper(&format!(
            "UPDATE operator SET revoked_at = '2026-11-26T10:00:00.000Z' WHERE id = '{giulia}'"
        ))
        .expect("marked only");
    let pending = |a: &Archive| {
        a.operators()
            .expect("operators")
            .into_iter()
            .find(|o| o.id == giulia)
            .map(|o| o.revocation_pending)
    };
    assert_eq!(pending(&owner), Some(true));
    owner.lock().expect("lock");
    let err = Archive::unlock(&paths, &secret(SUBSTITUTE))
        .map(|_| ())
        .expect_err("marked revoked");
    assert!(matches!(err, ArchiveError::NotPermitted(_)), "{err}");
    let mut owner = Archive::unlock(&paths, &common::passphrase()).expect("owner");
    owner.check_revocable(giulia).expect("to be finished");
    owner
        .revoke_operator(giulia, &Arc::new(Job::new()))
        .expect("finished");
    assert_eq!(pending(&owner), Some(false));
    owner.lock().expect("lock");
    let err = Archive::unlock(&paths, &secret(SUBSTITUTE))
        .map(|_| ())
        .expect_err("revoked");
    assert!(matches!(err, ArchiveError::WrongPassphrase), "{err}");
}

#[test]
fn a_revoked_operator_opens_nothing_even_with_a_copy_of_her_old_key_files() {
    let (dir, paths, mut owner, _recovery) = common::new_archive();
    let person = common::save_person(&mut owner, None, common::named("Rossi", "Anna"), today());
    let giulia = add(&mut owner, "Giulia Ferri", "operatore", SUBSTITUTE);
    // What she could have kept: a copy of the whole folder as it was while she worked here.
    let kept = dir.path().join("copia-tenuta");
    copy_dir(&paths.dir, &kept);

    owner
        .revoke_operator(giulia, &Arc::new(Job::new()))
        .expect("revoked");
    let listed = owner.operators().expect("operators");
    assert!(listed
        .iter()
        .any(|o| o.id == giulia && o.revoked_at.is_some() && !o.revocation_pending));
    let again = owner
        .revoke_operator(giulia, &Arc::new(Job::new()))
        .expect_err("done already");
    assert!(again.to_string().contains("già stato revocato"), "{again}");
    let backups = dir.path().join("backup");
    std::fs::create_dir_all(&backups).expect("dir");
    let done = owner
        .backup_to(&backups, today().and_hms_opt(18, 0, 0).expect("time"))
        .expect("a backup after the revocation");
    colloquio(&mut owner, person);
    owner.lock().expect("lock");

    // Her passphrase opens nothing here any more.
    let err = Archive::unlock(&paths, &secret(SUBSTITUTE))
        .map(|_| ())
        .expect_err("revoked");
    assert!(matches!(err, ArchiveError::WrongPassphrase), "{err}");

    // Her old key files beside today's database: the keys they open are not today's.
    let mixed = dir.path().join("misto");
    copy_dir(&paths.dir, &mixed);
    std::fs::copy(kept.join("chiave.age"), mixed.join("chiave.age")).expect("old key file");
    copy_dir(&kept.join("operatori"), &mixed.join("operatori"));
    std::fs::copy(kept.join("sportello.json"), mixed.join("sportello.json")).expect("manifest");
    let mixed_paths = ArchivePaths::new(&mixed);
    let err = Archive::unlock(&mixed_paths, &secret(SUBSTITUTE))
        .map(|_| ())
        .expect_err("her old keys do not open today's database");
    assert!(
        matches!(
            err,
            ArchiveError::WrongPassphrase
                | ArchiveError::KeyFileDamaged
                | ArchiveError::DatabaseDamaged(_)
        ),
        "{err}"
    );
    // Nor the backup written after the revocation.
    let err =
        Archive::backup_readable_with(&ArchivePaths::new(&kept), &secret(SUBSTITUTE), &done.path)
            .expect_err("the backup after the revocation");
    assert!(matches!(err, ArchiveError::BackupOfAnotherArchive), "{err}");

    // Only the owner restores a copy (it replaces the whole archive).
    let err = sportello_archive::backup::restore_with_passphrase(
        &ArchivePaths::new(&kept),
        &secret(SUBSTITUTE),
        &done.path,
    )
    .expect_err("not the owner");
    assert!(matches!(err, ArchiveError::NotPermitted(_)), "{err}");

    // The owner and the chain are fine.
    let owner = Archive::unlock(&paths, &common::passphrase()).expect("owner");
    let verify = owner.verify().expect("verify");
    assert!(verify.is_sound(), "{:?}", verify.first_problem());
}
