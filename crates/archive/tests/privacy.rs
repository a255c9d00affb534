//! Data protection through the real encrypted database: the notice's version kept with its
//! date, consents given and revoked, the warning on a referral to a private body, the register
//! of breaches, and a person's access export — reviewed, written only outside the archive's
//! folders, with what concerns third parties and the withheld notes in neither file.

mod common;

use common::named;

use chrono::NaiveDate;
use sportello_archive::{Archive, ArchiveError};
use sportello_core::ipc::SaveContactRequest;
use sportello_core::model::{
    apply_review, AccessReview, BreachForm, ConsentForm, ContactForm, PersonForm, ReferralForm,
};
use sportello_core::privacy::{PrivacyParties, NOTICE_VERSION};
use sportello_core::{ConsentKind, Msg, PersonId, Relation, Sector};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

fn save(archive: &mut Archive, id: Option<PersonId>, form: PersonForm) -> PersonId {
    common::save_person(archive, id, form, today())
}

fn invalid(e: &ArchiveError, field: &str) -> Option<Msg> {
    match e {
        ArchiveError::Invalid(f) => f.for_field(field).cloned(),
        _ => None,
    }
}

#[test]
fn the_notice_version_and_the_consents_are_kept_and_a_private_referral_is_warned() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let person = save(&mut archive, None, named("Rossi", "Anna"));
    assert_eq!(
        archive.privacy_notice_version(person).expect("version"),
        None
    );
    let with_notice = PersonForm {
        privacy_notice: "10/11/2026".into(),
        ..named("Rossi", "Anna")
    };
    save(&mut archive, Some(person), with_notice.clone());
    assert_eq!(
        archive
            .privacy_notice_version(person)
            .expect("version")
            .as_deref(),
        Some(NOTICE_VERSION)
    );
    // Removing the date removes the version.
    save(&mut archive, Some(person), named("Rossi", "Anna"));
    assert_eq!(
        archive.privacy_notice_version(person).expect("version"),
        None
    );
    save(&mut archive, Some(person), with_notice);

    let services = archive.services().expect("services");
    let private: Vec<_> = services
        .iter()
        .filter(|s| s.sector == Sector::Private)
        .collect();
    let public = services
        .iter()
        .find(|s| s.sector == Sector::Public)
        .expect("a public service");
    // The starter file's private bodies: the CAF, the third sector, the anti-violence centre.
    for name in [
        "CAF / patronato",
        "Caritas e associazioni del terzo settore",
        "Centro antiviolenza",
    ] {
        assert!(
            private.iter().any(|s| s.name == name),
            "{name} starts as private"
        );
    }
    assert_eq!(private.len(), 3);
    let caritas = private
        .iter()
        .find(|s| s.name.starts_with("Caritas"))
        .expect("caritas");
    // No consent: a referral to a private body is warned about; to a public one, not.
    let warned = archive
        .private_referrals_without_consent(person, &[caritas.id, public.id], today())
        .expect("warnings");
    assert_eq!(warned, vec![caritas.name.clone()]);
    assert!(archive
        .private_referrals_without_consent(person, &[public.id], today())
        .expect("warnings")
        .is_empty());

    // Bad consents are refused at their field; nothing saved.
    let bad = archive
        .add_consent(person, &ConsentForm::default(), today())
        .expect_err("empty");
    assert_eq!(invalid(&bad, "kind"), Some(Msg::Required));
    let future = archive
        .add_consent(
            person,
            &ConsentForm {
                kind: "terzo_settore".into(),
                given_on: "25/11/2026".into(),
                note: String::new(),
            },
            today(),
        )
        .expect_err("future");
    assert_eq!(invalid(&future, "given_on"), Some(Msg::DateInFuture));
    assert!(archive.consents(person).expect("consents").is_empty());

    let consent = archive
        .add_consent(
            person,
            &ConsentForm {
                kind: "terzo_settore".into(),
                given_on: "12/11/2026".into(),
                note: "Modulo firmato, nel fascicolo cartaceo".into(),
            },
            today(),
        )
        .expect("consent");
    assert!(archive
        .private_referrals_without_consent(person, &[caritas.id], today())
        .expect("warnings")
        .is_empty());
    // Before the day it was given, the referral is still warned about.
    assert_eq!(
        archive
            .private_referrals_without_consent(
                person,
                &[caritas.id],
                NaiveDate::from_ymd_opt(2026, 11, 1).expect("date")
            )
            .expect("warnings")
            .len(),
        1
    );
    let early = archive
        .revoke_consent(consent, "01/11/2026", today())
        .expect_err("before given");
    assert_eq!(invalid(&early, "revoked_on"), Some(Msg::RevokedBeforeGiven));
    archive
        .revoke_consent(consent, "20/11/2026", today())
        .expect("revoke");
    let again = archive
        .revoke_consent(consent, "21/11/2026", today())
        .expect_err("twice");
    assert!(matches!(again, ArchiveError::Rejected(_)));
    let consents = archive.consents(person).expect("consents");
    assert_eq!(consents.len(), 1);
    assert_eq!(consents[0].kind, ConsentKind::ThirdSector);
    assert_eq!(
        consents[0].revoked_on,
        NaiveDate::from_ymd_opt(2026, 11, 20)
    );
    assert_eq!(
        archive
            .private_referrals_without_consent(person, &[caritas.id], today())
            .expect("warnings")
            .len(),
        1,
        "revoked: warned again"
    );

    // The register of breaches: refused without its day and description; kept and updated.
    let bad = archive
        .save_breach(None, &BreachForm::default(), today())
        .expect_err("empty");
    assert_eq!(invalid(&bad, "description"), Some(Msg::Required));
    let form = BreachForm {
        discovered_on: "21/11/2026".into(),
        description: "Chiavetta delle copie di sicurezza smarrita in ufficio".into(),
        data_involved: "Copie cifrate dell'archivio".into(),
        persons_estimate: "120".into(),
        measures: "Nuova chiave dell'archivio".into(),
        comune_informed_on: String::new(),
    };
    let breach = archive.save_breach(None, &form, today()).expect("breach");
    archive
        .save_breach(
            Some(breach),
            &BreachForm {
                comune_informed_on: "21/11/2026".into(),
                ..form
            },
            today(),
        )
        .expect("informed");
    let breaches = archive.breaches().expect("breaches");
    assert_eq!(breaches.len(), 1);
    assert_eq!(
        breaches[0].data.comune_informed_on,
        NaiveDate::from_ymd_opt(2026, 11, 21)
    );
    // A duplicate record with its own consent, merged: the consent moves to her record.
    let duplicate = save(
        &mut archive,
        None,
        PersonForm {
            privacy_notice: "01/06/2026".into(),
            ..named("Rossi", "Anna")
        },
    );
    archive
        .add_consent(
            duplicate,
            &ConsentForm {
                kind: "sms".into(),
                given_on: "01/06/2026".into(),
                note: String::new(),
            },
            today(),
        )
        .expect("consent of the duplicate");
    archive.merge_persons(person, duplicate).expect("merge");
    let kinds: Vec<ConsentKind> = archive
        .consents(person)
        .expect("consents")
        .iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(kinds, vec![ConsentKind::ThirdSector, ConsentKind::Sms]);
    // Her own (later) notice date stays, with its version.
    assert_eq!(
        archive
            .privacy_notice_version(person)
            .expect("version")
            .as_deref(),
        Some(NOTICE_VERSION)
    );
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
}

#[test]
fn the_access_export_gives_what_she_decided_and_only_outside_the_archive() {
    let (dir, paths, mut archive, _recovery) = common::new_archive();
    archive
        .set_privacy_parties(&PrivacyParties {
            dpo: "Studio RPD Associati".into(),
            ..Default::default()
        })
        .expect("parties");
    let person = save(
        &mut archive,
        None,
        PersonForm {
            phone: "333 1112223".into(),
            household_notes: "La sorella Terzinalda la aiuta con la spesa".into(),
            privacy_notice: "10/11/2026".into(),
            ..named("Accessina", "Veronica")
        },
    );
    let sister = save(&mut archive, None, named("Terzinalda", "Ottavia"));
    archive
        .add_household_member(person, sister, Relation::Sibling)
        .expect("household");
    let caritas = archive
        .services()
        .expect("services")
        .into_iter()
        .find(|s| s.name.starts_with("Caritas"))
        .expect("caritas");
    let contact = archive
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(person),
                anonymous: None,
                form: ContactForm {
                    date: "12/11/2026".into(),
                    duration: "40".into(),
                    channel: "presenza".into(),
                    services: vec!["ascolto".into()],
                    areas: vec!["POV".into()],
                    summary: "SintesiVisibile sulla richiesta di aiuto".into(),
                    evaluation: "ValutazioneRiservata dell'operatrice".into(),
                    referrals: vec![ReferralForm {
                        service: caritas.id.to_string(),
                        reason: "Pacco alimentare".into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            },
            today(),
        )
        .expect("colloquio");

    // A document of hers goes with the export, as attached.
    let delega = b"%PDF-1.4\n(Delega firmata da Accessina)\n%%EOF\n".to_vec();
    archive
        .attach(
            sportello_core::model::AttachedTo::Person(person),
            "delega.pdf",
            &delega,
            &sportello_core::model::AttachmentForm {
                kind: "delega".into(),
                date: "10/11/2026".into(),
                ..Default::default()
            },
            today(),
        )
        .expect("attached");
    let dossier = archive.access_dossier(person).expect("dossier");
    assert_eq!(dossier.contacts.len(), 1);
    assert_eq!(dossier.documents.len(), 1);
    assert_eq!(dossier.household.len(), 1);
    assert_eq!(
        dossier.privacy_notice_version.as_deref(),
        Some(NOTICE_VERSION)
    );
    // The review must decide on the evaluative note.
    let mut review = AccessReview::new(&dossier);
    let undecided = apply_review(&dossier, &review, today()).expect_err("undecided");
    assert_eq!(
        undecided.for_field("evaluations"),
        Some(&Msg::EvaluationUndecided { count: 1 })
    );
    review.evaluations.insert(contact, false);
    let export = apply_review(&dossier, &review, today()).expect("export");
    let json = serde_json::to_string(&export).expect("json");
    let text = export.document(today()).plain_text();
    for given in [
        "Accessina",
        "SintesiVisibile",
        "333 1112223",
        "Caritas",
        "delega.pdf",
    ] {
        assert!(json.contains(given), "{given} in the JSON");
        assert!(text.contains(given), "{given} in the paper");
    }
    for withheld in ["ValutazioneRiservata", "Terzinalda", "Ottavia"] {
        assert!(!json.contains(withheld), "{withheld} left the JSON");
        assert!(!text.contains(withheld), "{withheld} left the paper");
    }
    assert!(text.contains("art. 15"), "the paper cites art. 15");

    // Never inside the archive's folder or its backups' folder; a missing folder is told.
    let backups = dir.path().join("copie");
    std::fs::create_dir_all(&backups).expect("backups");
    archive.set_backup_dir(&backups).expect("backup dir");
    for inside in [paths.dir.clone(), paths.dir.join("sotto"), backups.clone()] {
        std::fs::create_dir_all(&inside).expect("dir");
        let e = archive
            .write_access_export(&inside, &export, b"%PDF-")
            .expect_err("inside the archive");
        assert!(
            matches!(&e, ArchiveError::Rejected(m) if m.contains("cifrato")),
            "{e:?}"
        );
    }
    std::fs::remove_dir(paths.dir.join("sotto")).expect("cleanup");
    let missing = archive
        .write_access_export(&dir.path().join("non-esiste"), &export, b"%PDF-")
        .expect_err("missing");
    assert!(matches!(&missing, ArchiveError::Rejected(m) if m.contains("non esiste")));
    let out = dir.path().join("richiesta");
    std::fs::create_dir_all(&out).expect("out");
    let written = archive
        .write_access_export(&out, &export, b"%PDF-1.7 test")
        .expect("written");
    let [json_path, pdf_path] = [written[0].clone(), written[1].clone()];
    assert_eq!(written.len(), 3, "{written:?}");
    assert!(written[2]
        .to_string_lossy()
        .ends_with("-20261124-documento-1.pdf"));
    assert_eq!(std::fs::read(&written[2]).expect("document"), delega);
    let name = json_path
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name");
    assert!(
        name.starts_with("accesso-") && name.ends_with("-20261124.json"),
        "{name}"
    );
    assert!(!name.contains("Accessina"));
    assert_eq!(std::fs::read(&pdf_path).expect("pdf"), b"%PDF-1.7 test");
    let written = std::fs::read_to_string(&json_path).expect("json");
    assert!(written.contains("SintesiVisibile") && !written.contains("ValutazioneRiservata"));
    archive.lock().expect("lock");
    // The archive's folder still holds none of it in clear.
    assert!(
        common::canary_hits(&paths.dir, &["Accessina", "SintesiVisibile", "Terzinalda"]).is_empty()
    );
}
